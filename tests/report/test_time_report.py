"""The report on a dated two-outlet corpus with periods and a list group_by (issue 9, items 1, 2 and 6)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config
from analysis.exceptions import CorpusError, ParameterError
from analysis.runner.report import build_report, plan_report

pytestmark = pytest.mark.notebooks

LEADERS = config.TESTS_DIR / "fixtures" / "two_leaders.jsonl"
PARAMETERS = {"periods": {"before": [None, "2022-02-24"], "after": ["2022-02-24", None]}, "time_unit": "month",
              "group_by": ["outlet", "period"], "moving_average_days": 30, "dispersion_terms": ["war", "Zelenskiy"]}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaders")
    out = root / "report"
    build_report(plan_report(corpus=LEADERS, out=out, store=root / "store", parameters=PARAMETERS), progress=False)
    return out


def _csv(report, name):
    return pd.read_csv(report / "tables" / f"{name}.csv", keep_default_na=False)


def _printed(report, notebook):
    nb = json.loads((report / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", [])
                   if o.get("output_type") == "stream")


def test_periods_and_volume_over_time(report):
    assert _csv(report, "periods").values.tolist() == [["before", "", "2022-02-24", 4], ["after", "2022-02-24", "", 5],
                                                       ["(none)", "", "", 1]]
    volume = _csv(report, "volume_over_time")
    kyiv_after = volume[volume["group"] == "kyiv | after"]
    assert kyiv_after[["time_bucket", "n_documents"]].values.tolist() == [["2022-01", 0], ["2022-02", 1],
                                                                          ["2022-03", 2]]
    # the 30 days 19 February - 20 March 2022 (ending on the last date): k3 (24 February), k4, k5
    assert kyiv_after["moving_average"].tolist()[-1] == pytest.approx(3 / 30)
    assert (report / "figures" / "volume_over_time.png").is_file()
    printed = _printed(report, "01_corpus")
    assert "1 of 10 documents is outside every period or undated: period (none)." in printed


def test_grouped_tables_use_the_joined_label(report):
    terms = _csv(report, "term_frequencies_by_group")
    assert terms.columns[0] == "outlet | period"
    war = terms[terms["term"] == "war"]
    assert war[["outlet | period", "count", "doc_freq", "rank"]].values.tolist() == [["kyiv | after", 5, 3, 1]]
    ngrams = _csv(report, "ngram_frequencies_by_group")
    smo = ngrams[ngrams["ngram"] == "special military operation"]
    assert smo[["outlet | period", "count"]].values.tolist() == [["moscow | after", 2]]
    comparison = _csv(report, "group_comparison")
    assert set(comparison["group_by"]) == {"outlet | period"}
    assert "kyiv | after" in set(comparison["group"])


def test_chosen_and_absent_terms(report):
    derived = _csv(report, "derived_settings").set_index("setting")
    assert derived.loc["dispersion_terms", "source"] == "given"
    assert derived.loc["compare_terms", "source"] == "chosen from the corpus"
    assert json.loads(derived.loc["compare_terms", "value"])[:3] == ["war", "ukraine", "operation"]
    assert derived.loc["collocation_node", "value"] == "war"
    assert "'Zelenskiy' does not occur in this corpus, so the dispersion plot has no row for it." in _printed(
        report, "04_compare")
    assert set(_csv(report, "dispersion")["term"]) == {"war"}


def test_a_published_value_that_is_not_a_date_stops_the_run(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"doc_id": "a", "text": "Peace.", "published": "2022-01-01"}\n'
                      '{"doc_id": "b", "text": "War.", "published": "last Tuesday"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="record 'b'.*'last Tuesday'"):
        build_report(plan_report(corpus=corpus, out=tmp_path / "out", store=tmp_path / "store",
                                 parameters={"time_unit": "week"}), progress=False)


def test_overlapping_periods_stop_the_run_before_anything_is_built(tmp_path):
    with pytest.raises(ParameterError, match="overlap"):
        plan_report(corpus=LEADERS, out=tmp_path / "out", store=tmp_path / "store",
                    parameters={"periods": {"a": [None, "2022-03-01"], "b": ["2022-02-01", None]}})
