"""Stages computed once, stored, identical on any engine and partitioning (the acceptance test of issue 7)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pandas as pd
import pytest

from analysis.framing import frames
from analysis.text import frequencies
from analysis.framing import analyze_framing
from analysis.text import prepare_corpus
from analysis.framing import tone
from analysis.exceptions import CorpusError
from analysis.runner import stages
from analysis.runner.engine import Engine, EngineError
from analysis.runner.settings import resolve_settings
from analysis.runner.store import MARKER, Store

PER_DOCUMENT_TABLES = {
    "text": ("sentences", "tokens", "boilerplate", "body"),
    "framing": ("actors", "quotes", "quote_problems", "attributions", "actor_summary"),
    "frames": ("frame_matches", "frames"),
    "tone": ("tone", "tone_by_actor", "tone_by_voice"),
    "counts": ("term_frequencies", "term_frequencies_by_group", "ngram_frequencies_by_group", "ngrams", "type_token"),
    "documents": ("documents",),
}


@pytest.fixture(scope="module")
def cluster():
    with Engine(workers=2) as engine:
        yield engine


@pytest.fixture(scope="module")
def built(cluster, small_corpus, tmp_path_factory):
    """Every stage of the small corpus: on 2 workers with small partitions, and synchronously with one."""
    on_cluster = stages.build_all(small_corpus, {}, Store(tmp_path_factory.mktemp("cluster")), cluster,
                                  progress=False, target_chars=60)
    synchronous = stages.build_all(small_corpus, {}, Store(tmp_path_factory.mktemp("sync")),
                                   Engine("synchronous"), progress=False, target_chars=10**9)
    return on_cluster, synchronous


@pytest.mark.slow
def test_partitioning_differs_between_the_two_builds(built):
    on_cluster, synchronous = built
    assert len(on_cluster["documents"].summary["partitions"]) == 3
    assert len(synchronous["documents"].summary["partitions"]) == 1


@pytest.mark.slow
def test_every_stored_table_is_byte_identical_across_engines_and_partitions(built):
    on_cluster, synchronous = built
    for stage, tables in PER_DOCUMENT_TABLES.items():
        assert on_cluster[stage].key == synchronous[stage].key, stage  # partitioning is not part of the key
        assert sorted(on_cluster[stage].tables) == sorted(tables), stage
        for table in tables:
            assert stages.table_bytes(on_cluster[stage], table) == stages.table_bytes(synchronous[stage], table), \
                (stage, table)


@pytest.mark.slow
def test_stored_tables_equal_todays_pipeline(built, small_corpus):
    entries = built[0]
    prepared = prepare_corpus(small_corpus)
    framing = analyze_framing(prepared)
    expected = {
        ("text", "tokens"): prepared.tokens, ("text", "sentences"): prepared.sentences,
        ("text", "boilerplate"): prepared.boilerplate,
        ("framing", "actors"): framing.mentions, ("framing", "quotes"): framing.quotes,
        ("framing", "quote_problems"): framing.quote_problems, ("framing", "attributions"): framing.attributions,
        ("framing", "actor_summary"): framing.summary,
        ("counts", "term_frequencies"): frequencies.term_frequencies(prepared.tokens),
        ("counts", "term_frequencies_by_group"): frequencies.term_frequencies(
            prepared.tokens, by="outlet", documents=prepared.documents),
        ("counts", "ngrams"): frequencies.ngram_frequencies(prepared.tokens, n_values=range(2, 4)),
        ("counts", "ngram_frequencies_by_group"): frequencies.ngram_frequencies(
            prepared.tokens, n_values=range(2, 4), by="outlet", documents=prepared.documents),
        ("counts", "type_token"): frequencies.type_token_stats(prepared.tokens, sentences=prepared.sentences),
    }
    matches = frames.frame_matches(prepared.tokens, prepared.documents)
    expected[("frames", "frame_matches")] = matches
    expected[("frames", "frames")] = frames.frame_shares(matches, prepared.sentences, documents=prepared.documents)
    sentence_tone = tone.sentence_tone(prepared.sentences, framing.quotes, framing.mentions)
    expected[("tone", "tone")] = sentence_tone
    for (stage, table), want in expected.items():
        pd.testing.assert_frame_equal(entries[stage].read(table), want.reset_index(drop=True), obj=f"{stage}.{table}")
    for table, want in (("tone_by_actor", tone.tone_by_actor(sentence_tone)),
                        ("tone_by_voice", tone.tone_by_voice(sentence_tone))):
        pd.testing.assert_frame_equal(entries["tone"].read(table), want, check_exact=False, rtol=1e-12)
    documents = entries["documents"].read("documents")
    pd.testing.assert_frame_equal(documents, prepared.documents)


TIME_SETTINGS = {"group_by": ["outlet", "period"], "time_unit": "month",
                 "periods": {"early": [None, "2024-12-10"], "late": ["2024-12-10", None]}}


@pytest.mark.slow
def test_grouping_by_a_list_with_periods_is_byte_identical_across_partitions(cluster, small_corpus, tmp_path):
    on_cluster = stages.build_all(small_corpus, TIME_SETTINGS, Store(tmp_path / "c"), cluster, progress=False,
                                  target_chars=60)
    synchronous = stages.build_all(small_corpus, TIME_SETTINGS, Store(tmp_path / "s"), Engine("synchronous"),
                                   progress=False, target_chars=10**9)
    for table in ("term_frequencies_by_group", "ngram_frequencies_by_group"):
        assert stages.table_bytes(on_cluster["counts"], table) == stages.table_bytes(synchronous["counts"], table)
    documents = synchronous["documents"].read("documents")
    assert documents[["doc_id", "time_bucket", "period"]].values.tolist() == [
        ["a", "2024-12", "early"], ["b", "2024-12", "late"], ["c", "(undated)", "(none)"]]
    grouped = synchronous["counts"].read("ngram_frequencies_by_group")
    assert set(grouped["outlet | period"]) == {"Outlet A | early", "Outlet B | late", "Outlet B | (none)"}
    # the per-10k base of a group is its word tokens (the one base of rates): document a has 12
    # (its 18 tokens less 6 punctuation marks), so one bigram is 10,000 / 12 per 10k
    a = grouped[(grouped["outlet | period"] == "Outlet A | early") & (grouped["n"] == 2)]
    assert a["per_10k"].tolist()[0] == 10_000 / 12


@pytest.mark.slow
def test_workers_wrote_one_part_per_partition(built):
    on_cluster = built[0]
    for stage in ("text", "framing", "frames", "tone"):
        entry = on_cluster[stage]
        per_doc = [t for t in entry.tables if len(entry.parts(t)) >= 3]
        assert per_doc, stage
        for table in per_doc:
            assert [p.name for p in entry.parts(table)][:3] == ["part-00000.parquet", "part-00001.parquet",
                                                                 "part-00002.parquet"]


def test_framing_settings_change_the_framing_key_but_not_the_text_key(small_corpus):
    base = stages.stage_keys(small_corpus, resolve_settings({}))
    separate = stages.stage_keys(small_corpus, resolve_settings({"metonyms": "separate"}))
    view_only = stages.stage_keys(small_corpus, resolve_settings({"top_n": 12, "kwic_terms": ["war"]}))
    for stage in ("documents", "text", "counts", "frames"):
        assert base[stage].key == separate[stage].key, stage
    for stage in ("framing", "tone"):
        assert base[stage].key != separate[stage].key, stage
    assert {s: k.key for s, k in base.items()} == {s: k.key for s, k in view_only.items()}
    stemmed = stages.stage_keys(small_corpus, resolve_settings({"stem": True}))
    assert stemmed["documents"].key == base["documents"].key
    assert all(stemmed[s].key != base[s].key for s in ("text", "counts", "framing", "frames", "tone"))


def test_a_custom_lexicon_file_is_part_of_the_key(small_corpus, tmp_path):
    from analysis.framing.frames import FRAMES_FILE

    custom = tmp_path / "frames.yaml"
    shutil.copy(FRAMES_FILE, custom)
    first = stages.stage_keys(small_corpus, resolve_settings({"frame_dictionary": str(custom)}))["frames"]
    custom.write_text(custom.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = stages.stage_keys(small_corpus, resolve_settings({"frame_dictionary": str(custom)}))["frames"]
    assert first.key != second.key


def test_metonyms_separate_reaches_mentions_summary_and_tone(small_corpus, tmp_path):
    store = Store(tmp_path)
    mapped = stages.build("tone", small_corpus, {}, store, progress=False)
    separate = stages.build("tone", small_corpus, {"metonyms": "separate"}, store, progress=False)
    mapped_actors = set(mapped.read("tone_by_actor")["actor"])
    separate_actors = set(separate.read("tone_by_actor")["actor"])
    assert mapped_actors != separate_actors
    framing = stages.build("framing", small_corpus, {"metonyms": "separate"}, store, progress=False)
    assert set(framing.read("actor_summary")["actor"]) >= separate_actors


def test_an_unchanged_stage_is_not_recomputed(small_corpus, tmp_path, monkeypatch):
    calls = []
    original = stages.text_partition

    def counting(task, **settings):
        calls.append(task["index"])
        return original(task, **settings)

    monkeypatch.setitem(stages.STAGES, "text", dataclasses.replace(stages.TEXT, partition=counting))
    store = Store(tmp_path)
    first = stages.build("text", small_corpus, {}, store, progress=False, target_chars=60)
    mtime = (first.path / MARKER).stat().st_mtime_ns
    assert calls == [0, 1, 2]
    second = stages.build("framing", small_corpus, {"top_n": 5}, store, progress=False)
    third = stages.build("text", small_corpus, {}, store, progress=False)
    assert calls == [0, 1, 2] and third.path == first.path
    assert (first.path / MARKER).stat().st_mtime_ns == mtime
    assert second.inputs["upstream"]["text"] == first.key


def test_a_corrupt_entry_is_rebuilt(small_corpus, tmp_path):
    store = Store(tmp_path)
    entry = stages.build("text", small_corpus, {}, store, progress=False)
    tokens = entry.parts("tokens")[0]
    tokens.write_bytes(tokens.read_bytes()[:100])
    rebuilt = stages.build("text", small_corpus, {}, store, progress=False)
    assert rebuilt.read("tokens").equals(prepare_corpus(small_corpus).tokens)


def test_a_bad_corpus_fails_before_any_worker_and_leaves_no_entry(tmp_path, monkeypatch):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"doc_id": "a", "text": "Hi."}\n{"doc_id": "a", "text": "Again."}\n', encoding="utf-8")
    monkeypatch.setitem(stages.STAGES, "text", dataclasses.replace(
        stages.TEXT, partition=lambda *a, **k: pytest.fail("a worker ran")))
    store = Store(tmp_path / "store")
    with pytest.raises(CorpusError, match="line 2"):
        stages.build("text", corpus, {}, store, progress=False)
    assert not any(p.name == "_COMPLETE.json" for p in (tmp_path / "store").rglob("*"))


def test_max_doc_chars_rejects_a_long_document_by_name(small_corpus, tmp_path):
    with pytest.raises(CorpusError) as err:
        stages.build("documents", small_corpus, {"max_doc_chars": 100}, Store(tmp_path), progress=False)
    assert "'a'" in str(err.value) and "max_doc_chars" in str(err.value)


def test_a_failing_partition_names_its_doc_and_publishes_nothing(small_corpus, tmp_path, monkeypatch):
    original = stages.framing_partition

    def fail_on_b(task, **settings):
        if task["first_doc_id"] == "b":
            raise RuntimeError("lexicon exploded")
        return original(task, **settings)

    monkeypatch.setitem(stages.STAGES, "framing", dataclasses.replace(stages.FRAMING, partition=fail_on_b))
    store = Store(tmp_path)
    with pytest.raises(EngineError, match="'b'"):
        stages.build("framing", small_corpus, {}, store, progress=False, target_chars=60)
    assert not (tmp_path / "framing").exists() or not [p for p in (tmp_path / "framing").iterdir()
                                                        if not p.name.endswith(".lock")]
    assert store.get("text", stages.stage_keys(small_corpus, resolve_settings({}))["text"].key) is not None


@pytest.mark.slow
def test_readers_filter_rows_on_norm(built):
    tokens = built[0]["text"]
    rows = tokens.read("tokens", columns=["doc_id", "token"], filters=[("norm", "in", ["nato", "kyiv"])])
    assert set(rows["token"].str.lower()) == {"nato", "kyiv"}
    assert sum(len(p) for p in tokens.iter_parts("tokens")) == tokens.rows("tokens")


@pytest.mark.slow
def test_markers_hold_inputs_as_plain_json(built):
    marker = json.loads((built[0]["framing"].path / MARKER).read_text())
    assert marker["inputs"]["settings"]["metonyms"] == "map"
    assert set(marker["inputs"]["upstream"]) == {"documents", "text"}
    assert marker["inputs"]["code"] == stages.code_version("framing")
    doc_marker = json.loads((built[0]["documents"].path / MARKER).read_text())
    assert [name for name, _ in doc_marker["inputs"]["corpus"]] == [
        "MANIFEST.sha256", "a_kyiv.txt", "b_moscow.txt", "c_brussels.md", "metadata.csv"]


def test_progress_messages_go_to_the_stage_log_not_to_stderr(small_corpus, tmp_path, capsys, caplog):
    """A notebook's first output is its own: the stages' lines are logged, and only the command line prints them."""
    caplog.set_level("INFO", logger="analysis.runner.stages")
    stages.build("text", small_corpus, {}, Store(tmp_path), progress=True)
    stages.build("text", small_corpus, {}, Store(tmp_path), progress=True)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "analysis.runner.stages")
    assert "documents: loading" in logged and "text: up to date" in logged
    assert "up to date" not in capsys.readouterr().err
    with stages.stage_messages_on_stderr():
        stages.build("text", small_corpus, {}, Store(tmp_path), progress=True)
    assert "text: up to date" in capsys.readouterr().err
    stages.build("text", small_corpus, {}, Store(tmp_path), progress=False)
    with stages.stage_messages_on_stderr():
        stages.build("text", small_corpus, {}, Store(tmp_path), progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.slow
def test_ngram_table_is_the_same_in_small_parts(built, small_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(stages, "NGRAM_ROWS_PER_PART", 4)
    monkeypatch.setattr(stages, "NGRAM_BUCKETS", 3)
    entry = stages.build("counts", small_corpus, {}, Store(tmp_path), progress=False, target_chars=60)
    assert len(entry.parts("ngrams")) == 4  # 14 n-grams in parts of 4
    assert entry.read("ngrams").equals(built[1]["counts"].read("ngrams"))
    assert not [p for p in entry.path.iterdir() if p.name.startswith("_") and p.is_dir()]
