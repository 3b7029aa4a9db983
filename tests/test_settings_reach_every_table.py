"""One settings source: a setting given to the runner reaches every table that depends on it.

Before the settings registry, each notebook received only the parameters its
own cell declared: ``-p metonyms separate`` changed ``actors`` (03) but
``tone_by_actor`` (04) still folded Moscow into Russia, and a custom frame
dictionary changed ``frames`` but ``group_comparison`` still reported the
seven default frames. This test runs the report with both and checks every
table that involves actors or frames against ``actors`` and ``frames``.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config
from analysis.runner.report import build_report, plan_report
from analysis.runner.study import notebook_settings, parameters_source

pytestmark = pytest.mark.notebooks

SMALL = config.TESTS_DIR / "fixtures" / "small_corpus"
#: A frame dictionary in quanteda's YAML layout, with two categories no default frame has.
CUSTOM_FRAMES = "waiting:\n  - wait*\ntalking:\n  - talk*\n"
#: A word-category lexicon in the CSV layout.
CUSTOM_LEXICON = "word,category\nwait,patience\nsaid,speech\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("settings")
    frames = root / "my_frames.yaml"
    frames.write_text(CUSTOM_FRAMES, encoding="utf-8")
    lexicon = root / "my_lexicon.csv"
    lexicon.write_text(CUSTOM_LEXICON, encoding="utf-8")
    out = root / "report"
    plan = plan_report(corpus=SMALL, out=out, store=root / "store",
                       parameters={"metonyms": "separate", "frame_dictionary": str(frames),
                                   "tone_lexicon": str(lexicon)})
    build_report(plan, progress=False)
    return out


def _table(report, name: str) -> pd.DataFrame:
    parquet = report / "tables" / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet)
    return pd.read_csv(report / "tables" / f"{name}.csv", keep_default_na=False)


def test_metonyms_separate_reaches_actors_tone_and_summary(report):
    mentions = _table(report, "actors")
    actors = set(mentions["actor"])
    assert "Moscow" in actors and "Russia" not in actors  # the setting took effect in 03
    # ... and in 04: tone by actor names the same actors (places are never tone subjects)
    toned = set(mentions.loc[mentions["actor_type"] != "place", "actor"])
    tone_actors = set(_table(report, "tone_by_actor")["actor"])
    assert "Russia" not in tone_actors and tone_actors == toned  # with metonyms mapped, Moscow would be Russia here
    summary = _table(report, "actor_summary")
    assert set(summary.loc[(summary["mentions"] > 0) & (summary["source"] == "lexicon"), "actor"]) == actors


def test_a_custom_frame_dictionary_reaches_frames_matches_and_group_comparison(report):
    assert set(_table(report, "frames")["frame"]) == {"waiting", "talking"}
    assert set(_table(report, "frame_matches")["frame"]) <= {"waiting", "talking"}
    assert len(_table(report, "frame_matches")) > 0
    measures = {m for m in _table(report, "group_comparison")["measure"] if m.startswith("frame:")}
    assert measures == {"frame:waiting", "frame:talking"}
    cooccurrence = _table(report, "frame_actor_cooccurrence")
    assert set(cooccurrence["frame"]) <= {"waiting", "talking"}
    assert set(cooccurrence["actor"]) <= set(_table(report, "actors")["actor"])


def test_the_explorer_uses_the_same_settings(report):
    import nbformat

    notebook = nbformat.read(str(report / "notebooks" / "00_explore.ipynb"), as_version=4)
    injected = [c.source for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'metonyms = "separate"' in injected[0] and "my_frames.yaml" in injected[0]


def test_provenance_records_the_resolved_settings_once(report):
    provenance = json.loads((report / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["settings"]["metonyms"] == "separate"
    assert provenance["settings"]["frame_dictionary"].endswith("my_frames.yaml")
    assert provenance["settings_given"] == ["frame_dictionary", "metonyms", "tone_lexicon"]
    assert "parameters" not in provenance
    assert "metonyms" in provenance["notebook_settings"]["04_compare.ipynb"]
    assert "metonyms" not in provenance["notebook_settings"]["02_frequencies.ipynb"]


def test_every_notebook_declares_exactly_the_registry_settings():
    from analysis.runner.parameters import notebook_parameters

    for name in config.REPORT_NOTEBOOKS:
        declared = notebook_parameters(config.NOTEBOOKS_DIR / name)
        runner = {"corpus_path", "store_dir", "out_dir", "report_mode"}
        assert set(declared) - runner == set(notebook_settings(name)), name
        assert parameters_source(name).count("\n") + 1 == len(declared)


def test_every_notebook_page_shows_the_settings_it_used(report):
    for name in ("00_explore", "01_corpus", "02_frequencies", "03_framing", "04_compare"):
        page = (report / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert "<th>setting</th>" in page and "<td>clean</td>" in page, name
        assert ("<td>metonyms</td>" in page) == ("metonyms" in notebook_settings(name)), name
    compare = (report / "notebooks" / "04_compare.html").read_text(encoding="utf-8")
    row = compare[compare.index("<td>metonyms</td>"):].split("</tr>")[0]
    assert "<td>separate</td>" in row and "<td>map</td>" in row and "<td>yes</td>" in row


def test_a_tone_lexicon_reaches_the_groups_notebook(report):
    # Outlet A (12 word tokens): "wait" twice, "said" twice; Outlet B (18): "wait" once ("can't wait"), "said" once
    table = _table(report, "lexicon_by_group")
    assert table[["group", "category", "matches", "tokens"]].values.tolist() == [
        ["Outlet A", "patience", 2, 12], ["Outlet A", "speech", 2, 12],
        ["Outlet B", "patience", 1, 18], ["Outlet B", "speech", 1, 18]]
    assert table["per_1k"].tolist() == pytest.approx([2000 / 12, 2000 / 12, 1000 / 18, 1000 / 18])
    ratios = _table(report, "lexicon_rate_ratios")
    assert ratios["rate_ratio"].tolist() == pytest.approx([3.0, 3.0])
    page = (report / "notebooks" / "05_groups_and_time.html").read_text(encoding="utf-8")
    assert "my_lexicon.csv" in page and "<td>tone_lexicon</td>" in page
