"""The report runner, end to end on the fixture corpus (executes every notebook)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis import config
from analysis.exceptions import NotebookExecutionError, ParameterError
from analysis.report.publish import REPORT_FORMAT
from analysis.runner.report import REPORT_ENTRIES, build_report, plan_report

pytestmark = pytest.mark.notebooks

TABLES = [
    "actor_candidates", "actor_summary", "attributions", "boilerplate", "collocations", "derived_kwic_terms",
    "derived_settings", "dispersion", "dispersion_summary", "documents", "frame_actor_cooccurrence", "frames",
    "group_comparison", "keyness", "kwic", "ngram_frequencies_by_group", "quote_problems", "quotes",
    "rate_ratios", "term_frequencies", "term_frequencies_by_group", "tone_by_actor", "tone_by_group",
    "tone_by_voice", "type_token", "window_collocates",
]
#: The large row-level tables, written as Parquet (one file each, streamed from the store).
PARQUET_TABLES = ["actors", "frame_matches", "ngrams", "sentences", "tokens", "tone"]
#: The report contract of the comparison issue: these columns must exist, in any position.
CONTRACT = {
    "keyness": ["target", "reference", "term", "count_target", "count_reference", "size_target", "size_reference",
                "g2", "g2_2cell", "p_value", "log_ratio", "pct_diff", "chi2", "pmi"],
    "collocations": ["ngram", "n", "count", "pmi", "llr", "t_score", "dice"],
    "dispersion": ["term", "doc_id", "sent_id", "start", "end"],
    "dispersion_summary": ["term", "juilland_d"],
    "tone": ["doc_id", "sent_id", "start", "end", "compound", "voice", "actors"],
    "group_comparison": ["group", "measure", "value", "ci_low", "ci_high"],
    # issue 9: rate ratios with exact intervals, tone by group
    "rate_ratios": ["term", "group_a", "group_b", "count_a", "tokens_a", "count_b", "tokens_b", "per_10k_a",
                    "per_10k_b", "rate_ratio", "ci_low", "ci_high", "p_value", "p_adjusted", "p_adjust_method",
                    "family_size", "method"],
    "tone_by_group": ["group", "measure", "value", "ci_low", "ci_high", "n_sentences"],
}


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "provenance.json"
    }


@pytest.fixture(scope="module")
def two_reports(small_corpus, tmp_path_factory):
    """The same report built twice into the same folder: (folder, first run's files)."""
    runs = tmp_path_factory.mktemp("runs")
    out = runs / "report"
    store = runs / "store"
    build_report(plan_report(corpus=small_corpus, out=out, store=store), progress=False)
    first = _files(out)
    # from scratch again: an emptied store, and the up-to-date check overridden
    shutil.rmtree(store)
    build_report(plan_report(corpus=small_corpus, out=out, store=store), progress=False, force=True)
    return out, first


def test_report_contents(two_reports):
    out = two_reports[0]
    assert sorted(p.name for p in out.iterdir()) == sorted(REPORT_ENTRIES)
    assert sorted(p.stem for p in (out / "tables").glob("*.csv")) == TABLES
    assert sorted(p.stem for p in (out / "tables").glob("*.parquet")) == PARQUET_TABLES
    for notebook in ("00_explore", "01_corpus", "02_frequencies", "03_framing", "04_compare", "05_groups_and_time"):
        assert (out / "notebooks" / f"{notebook}.ipynb").is_file()
        assert (out / "notebooks" / f"{notebook}.html").is_file()
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert "top_terms.png" in figures and "top_terms.csv" in figures
    assert all(Path(f).with_suffix(".csv").name in figures for f in figures if f.endswith(".png"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="notebooks/02_frequencies.html"' in index and 'src="figures/top_terms.png"' in index
    assert not (out.parent / ".report.partial").exists()


def test_report_contract_columns(two_reports):
    import csv

    import pyarrow.parquet as pq

    out = two_reports[0]
    for table, columns in CONTRACT.items():
        if (out / "tables" / f"{table}.parquet").exists():
            header = pq.ParquetFile(out / "tables" / f"{table}.parquet").schema_arrow.names
        else:
            with open(out / "tables" / f"{table}.csv", encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle))
        assert set(columns) <= set(header), (table, sorted(set(columns) - set(header)))


def test_parquet_tables_hold_what_the_analysis_functions_give(two_reports, small_corpus):
    import pandas as pd

    from analysis.framing.analyze import analyze_framing
    from analysis.text.prepare import prepare_corpus

    out = two_reports[0]
    prepared = prepare_corpus(small_corpus)
    tokens = pd.read_parquet(out / "tables" / "tokens.parquet")
    assert tokens.equals(prepared.tokens) and len(tokens) == 18 + 11 + 13  # a, b, c counted by hand
    assert pd.read_parquet(out / "tables" / "sentences.parquet").equals(prepared.sentences)
    assert pd.read_parquet(out / "tables" / "actors.parquet").equals(analyze_framing(prepared).mentions)


def test_two_outlets_appear_in_keyness_and_group_comparison(two_reports):
    import pandas as pd

    out = two_reports[0]
    keyness = pd.read_csv(out / "tables" / "keyness.csv", keep_default_na=False)
    assert {("Outlet A", "Outlet B"), ("corpus", "wordfreq:en")} <= set(zip(keyness["target"], keyness["reference"]))
    groups = pd.read_csv(out / "tables" / "group_comparison.csv", keep_default_na=False)
    assert set(groups["group"]) == {"Outlet A", "Outlet B"} and set(groups["group_by"]) == {"outlet"}
    assert (out / "figures" / "keyness_groups.png").exists()


def test_report_tables_hold_the_hand_counted_values(two_reports):
    terms = (two_reports[0] / "tables" / "term_frequencies.csv").read_text(encoding="utf-8").splitlines()
    assert terms[:2] == ["term,count,per_10k,doc_freq,rank", "kyiv,3,1000,2,1"]  # per 10,000 of the 30 word tokens
    boilerplate = (two_reports[0] / "tables" / "boilerplate.csv").read_text(encoding="utf-8")
    assert "SEE ALSO: Kremlin Rejects Talks,cross_promotion" in boilerplate


def test_two_runs_are_byte_identical(two_reports):
    out, first = two_reports
    second = _files(out)
    assert sorted(first) == sorted(second)
    assert any(name.startswith("figures/") for name in first) and any(name.endswith(".html") for name in first)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_provenance(two_reports, small_corpus):
    prov = json.loads((two_reports[0] / "provenance.json").read_text(encoding="utf-8"))
    assert set(prov["input_sha256"]) == {"a_kyiv.txt", "b_moscow.txt", "c_brussels.md", "metadata.csv"}
    assert prov["corpus"] == "tests/fixtures/small_corpus" and prov["settings"]["group_by"] == "outlet"
    assert set(prov["stage_keys"]) == {"documents", "text", "counts", "framing", "frames", "tone", "corpus_terms"}
    assert prov["packages"]["papermill"] == "2.7.0" and prov["python"].startswith("3.")
    assert {"commit", "dirty"} <= set(prov["git"]) and prov["started_utc"].endswith("Z")
    # the terms chosen from the corpus (settings left at None) are recorded with their reason
    derived = prov["derived_settings"]
    assert set(derived) == {"collocation_node", "compare_terms", "dispersion_terms", "kwic_terms"}
    table = (two_reports[0] / "tables" / "derived_settings.csv").read_text(encoding="utf-8")
    assert json.dumps(derived["compare_terms"]["value"]) in table.replace('""', '"')
    assert derived["compare_terms"]["source"] == "chosen from the corpus" and derived["compare_terms"]["basis"]
    assert derived["compare_terms"]["rule"].startswith("never chosen: honorifics")
    assert derived["compare_terms"]["reason"].startswith("kyiv: key term of ")
    # every input file (here the project's defaults) and every shipped resource, hashed with its size
    files = {row["setting"]: row for row in prov["input_files"]}
    assert set(files) == {"boilerplate_rules", "stopwords_path", "actor_lexicon", "reporting_verbs",
                          "evaluative_modifiers", "frame_dictionary"}
    assert files["actor_lexicon"] == {
        "setting": "actor_lexicon", "path": "analysis/resources/lexicons/actors.yaml", "source": "default",
        "sha256": prov["resources"]["analysis/resources/lexicons/actors.yaml"]["sha256"],
        "bytes": (config.RESOURCES_DIR / "lexicons" / "actors.yaml").stat().st_size}
    page = (two_reports[0] / "index.html").read_text(encoding="utf-8")
    assert files["frame_dictionary"]["sha256"] in page and "resource files shipped with the package" in page
    assert ("Actors are the names of a lexicon: the project&#39;s default, "
            "analysis/resources/lexicons/actors.yaml, written for coverage") in page


def test_executed_notebooks_carry_no_volatile_metadata(two_reports):
    text = (two_reports[0] / "notebooks" / "02_frequencies.ipynb").read_text(encoding="utf-8")
    for volatile in ('"start_time"', '"duration"', '"iopub.status', ".partial"):
        assert volatile not in text


def test_grouping_parameter_adds_the_grouped_table(small_corpus, tmp_path):
    out = tmp_path / "grouped"
    build_report(plan_report(corpus=small_corpus, out=out, parameters={"group_by": "outlet", "top_n": 5}), progress=False)
    grouped = (out / "tables" / "term_frequencies_by_group.csv").read_text(encoding="utf-8").splitlines()
    assert grouped[0] == "outlet,term,count,per_10k,doc_freq,rank"
    assert grouped[1].startswith("Outlet A,kyiv,2,")


def test_unknown_parameter_is_an_error_before_anything_runs(small_corpus, tmp_path):
    with pytest.raises(ParameterError, match="unknown parameter 'top'"):
        plan_report(corpus=small_corpus, out=tmp_path / "x", parameters={"top": 3})
    with pytest.raises(ParameterError, match="with --out"):
        plan_report(corpus=small_corpus, parameters={"out_dir": "x"})
    assert not (tmp_path / "x").exists()


def _previous_report(out):
    out.mkdir()
    (out / "index.html").write_text("previous report")
    (out / "provenance.json").write_text(json.dumps({"report_format": REPORT_FORMAT, "outputs": ["index.html"]}))


def test_a_bad_corpus_stops_before_any_notebook_and_keeps_the_old_report(tmp_path):
    from analysis.exceptions import CorpusError

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "a", "text": "ok"}\n{"doc_id": "a", "text": "dup"}\n', encoding="utf-8")
    out = tmp_path / "out"
    _previous_report(out)
    with pytest.raises(CorpusError, match=r"bad.jsonl, line 2, record 'a': duplicate doc_id, first seen at bad.jsonl:1"):
        build_report(plan_report(corpus=bad, out=out, store=tmp_path / "store"), progress=False)
    assert (out / "index.html").read_text() == "previous report"
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "provenance.json"]
    # the plan reads the corpus to check the settings against it: it stops before any lock, staging folder or
    # store entry exists
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out"]


def test_failing_cell_names_notebook_cell_and_exception_and_keeps_old_report(small_corpus, tmp_path):
    import nbformat

    out = tmp_path / "out"
    _previous_report(out)
    import dataclasses

    from analysis.runner.settings import resolve_settings

    # the plan's own check stops a bad group_by before anything runs (tests/runner/test_validate.py); past it,
    # a notebook cell fails on the same setting
    plan = plan_report(corpus=small_corpus, out=out, store=tmp_path / "store")
    plan = dataclasses.replace(plan, parameters={"group_by": "no_such_column"},
                               settings=resolve_settings({"group_by": "no_such_column"}))
    with pytest.raises(NotebookExecutionError) as info:
        build_report(plan, progress=False)
    err = info.value
    assert err.notebook == "02_frequencies.ipynb" and err.ename == "KeyError"
    assert "cannot group by 'no_such_column': not a column of the document table" in err.evalue
    source = nbformat.read(str(config.NOTEBOOKS_DIR / "02_frequencies.ipynb"), as_version=4)
    assert source.cells[err.cell_index].source == err.source and "group_values" in err.source
    assert (out / "index.html").read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out", "store"]


def test_cli_exit_status_and_message(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["report", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "o"), "-p", "nope", "1"]) == 1
    assert "unknown parameter 'nope'" in capsys.readouterr().err


def test_an_unchanged_report_is_up_to_date_and_a_view_setting_reuses_every_stage(two_reports, small_corpus, capsys):
    out = two_reports[0]
    store = out.parent / "store"
    entries = sorted(p.parent.name for p in store.rglob("_COMPLETE.json"))
    before = _files(out)
    build_report(plan_report(corpus=small_corpus, out=out, store=store), progress=True)
    assert "is up to date: the corpus, settings and code are unchanged" in capsys.readouterr().err
    assert _files(out) == before
    build_report(plan_report(corpus=small_corpus, out=out, store=store, parameters={"top_n": 3}), progress=True)
    said = capsys.readouterr().err
    for stage in ("documents", "text", "counts", "framing", "frames", "tone"):
        assert f"{stage:>9}: up to date" in said, stage
    assert sorted(p.parent.name for p in store.rglob("_COMPLETE.json")) == entries  # no stage was recomputed
    top = (out / "figures" / "top_terms.csv").read_text(encoding="utf-8").splitlines()
    assert len(top) == 1 + 3
    build_report(plan_report(corpus=small_corpus, out=out, store=store), progress=False)  # back to the default
    assert _files(out) == before
