"""Complete provenance (issue 18): every input file and every shipped resource, hashed with its size."""

from __future__ import annotations

import hashlib
import json

import pytest

from analysis import config
from analysis.runner.report import _stage_keys, input_file_records, plan_report, report_key, resource_records
from analysis.report.index_page import render_index
from analysis.runner.settings import FILE_SETTINGS


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def inputs(tmp_path):
    """A copy of the shipped actor lexicon, a word-category lexicon and a params file naming both."""
    actors = tmp_path / "my_actors.yaml"
    actors.write_bytes((config.RESOURCES_DIR / "lexicons" / "actors.yaml").read_bytes())
    tone = tmp_path / "tone.csv"
    tone.write_text("word,category\nwait,patience\n", encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text(f"actor_lexicon: {actors}\ntone_lexicon: {tone}\n", encoding="utf-8")
    return {"actor_lexicon": actors, "tone_lexicon": tone, "params": params}


def _plan(small_corpus, tmp_path, inputs):
    from analysis.runner.parameters import read_params_file

    return plan_report(corpus=small_corpus, out=tmp_path / "report", store=tmp_path / "store",
                       parameters=read_params_file(inputs["params"]), params_file=inputs["params"])


def test_every_file_setting_and_the_params_file_are_hashed_with_their_size(small_corpus, tmp_path, inputs):
    rows = {row["setting"]: row for row in input_file_records(_plan(small_corpus, tmp_path, inputs))}
    # every file setting has a file (yours or the project's), except tone_lexicon, which has no default
    assert set(rows) == set(FILE_SETTINGS) | {"--params"}
    for name in ("actor_lexicon", "tone_lexicon"):
        assert rows[name]["source"] == "given" and rows[name]["path"] == str(inputs[name])
        assert rows[name]["sha256"] == _sha(inputs[name]) and rows[name]["bytes"] == inputs[name].stat().st_size
    assert rows["--params"]["sha256"] == _sha(inputs["params"])
    frames = rows["frame_dictionary"]
    assert frames["source"] == "default" and frames["path"] == "analysis/resources/lexicons/frames.yaml"
    assert frames["sha256"] == _sha(config.RESOURCES_DIR / "lexicons" / "frames.yaml")
    assert rows["stopwords_path"]["path"] == "analysis/resources/stopwords/english.txt"
    # the actor lexicon is a byte-for-byte copy of the default: same hash, different source
    assert rows["actor_lexicon"]["sha256"] == _sha(config.RESOURCES_DIR / "lexicons" / "actors.yaml")


def test_one_changed_byte_changes_the_hash_the_stage_key_and_the_report_key(small_corpus, tmp_path, inputs):
    plan = _plan(small_corpus, tmp_path, inputs)
    hashes, keys = {r["setting"]: r["sha256"] for r in input_file_records(plan)}, _stage_keys(plan)
    key = report_key(plan, keys)
    assert report_key(plan, keys) == key and _stage_keys(plan) == keys  # nothing changed: same keys
    lexicon = inputs["actor_lexicon"]
    data = bytearray(lexicon.read_bytes())
    data[-2] = ord("#") if data[-2] != ord("#") else ord(" ")  # one byte, in a comment or a blank
    lexicon.write_bytes(bytes(data))
    after = {r["setting"]: r["sha256"] for r in input_file_records(plan)}
    assert after["actor_lexicon"] != hashes["actor_lexicon"]
    assert {k: v for k, v in after.items() if k != "actor_lexicon"} == {
        k: v for k, v in hashes.items() if k != "actor_lexicon"}
    changed = _stage_keys(plan)
    assert changed["framing"] != keys["framing"] and changed["tone"] != keys["tone"]
    assert changed["documents"] == keys["documents"] and changed["text"] == keys["text"]
    assert report_key(plan, changed) != key
    # a lexicon only a notebook reads (no stage): the stage keys stay, the report key changes
    before = report_key(plan, changed)
    inputs["tone_lexicon"].write_text("word,category\nwait,patiencf\n", encoding="utf-8")
    assert _stage_keys(plan) == changed and report_key(plan, changed) != before


def test_every_shipped_resource_is_hashed():
    records = resource_records()
    shipped = sorted(p for p in config.RESOURCES_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert len(records) == len(shipped) and "analysis/resources/lexicons/honorifics.yaml" in records
    for path in shipped:
        record = records["analysis/" + path.relative_to(config.PACKAGE_DIR).as_posix()]
        assert record == {"sha256": _sha(path), "bytes": path.stat().st_size}


def test_front_page_lists_input_files_and_resources_escaped(tmp_path):
    files = {"input_files": [{"setting": "frame_dictionary", "path": "<b>us_frames.yml</b>", "source": "given",
                              "sha256": "ab" * 32, "bytes": 1234}],
             "resources": {"analysis/resources/lexicons/actors.yaml": {"sha256": "cd" * 32, "bytes": 99}}}
    page = render_index(tmp_path, title="t", files=files)
    assert ("<tr><td><code>frame_dictionary</code></td><td><code>&lt;b&gt;us_frames.yml&lt;/b&gt;</code></td>"
            f"<td>given</td><td class=\"n\">1,234</td><td><code>{'ab' * 32}</code></td></tr>") in page
    assert "<summary>1 resource files shipped with the package</summary>" in page and "cd" * 32 in page
    assert "Input files" not in render_index(tmp_path, title="t")  # nothing recorded: no empty table
    json.dumps(files)  # plain JSON, as provenance.json holds it
