"""Settings checked against the corpus before any stage or kernel starts (issue 18, early validation)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.exceptions import ParameterError
from analysis.runner.report import plan_report
from analysis.runner import settings as S
from analysis.runner.validate import check_against_corpus, did_you_mean

DOCS = pd.DataFrame({"doc_id": ["a1", "b1", "b2"], "outlet": ["Outlet A", "Outlet B", "Outlet B"],
                     "published": ["2024-12-09", "2024-12-10", ""],
                     "text": ["Mr. Bolton said the war would end.", "Peace talks began.", "Security guarantees."]})


def test_good_settings_pass_quietly():
    assert check_against_corpus(DOCS, {"group_by": "outlet", "target_group": "Outlet B", "doc_id": "b2",
                                       "compare_terms": ["war", "talk*", "security guarantees"]}) == []
    assert check_against_corpus(DOCS, {"group_by": None}) == []


def test_group_by_column_must_exist():
    with pytest.raises(ParameterError) as err:
        check_against_corpus(DOCS, {"group_by": "publisher"})
    assert str(err.value) == ("parameter 'group_by': 'publisher' is not a column of the document table (did you "
                              "mean 'published'?); the columns are: doc_id, outlet, published")
    with pytest.raises(ParameterError, match="'period' is not a column .*; set periods to add it"):
        check_against_corpus(DOCS, {"group_by": ["outlet", "period"]})
    with pytest.raises(ParameterError, match="'text' is not a column"):  # the text is never a group
        check_against_corpus(DOCS, {"group_by": "text"})


def test_target_group_must_be_a_group():
    with pytest.raises(ParameterError) as err:
        check_against_corpus(DOCS, {"group_by": "outlet", "target_group": "outlet a"})
    assert str(err.value) == ("parameter 'target_group': 'outlet a' is not a group of 'outlet' (did you mean "
                              "'Outlet A'?); the groups are: Outlet A, Outlet B")
    with pytest.raises(ParameterError, match="'target_group' is 'Outlet A' but group_by is None"):
        check_against_corpus(DOCS, {"group_by": None, "target_group": "Outlet A"})


def test_doc_id_must_be_a_document():
    with pytest.raises(ParameterError, match=r"parameter 'doc_id': 'B2' is not a document of the corpus "
                                             r"\(did you mean 'b2'\?\); the first documents are: a1, b1, b2"):
        check_against_corpus(DOCS, {"doc_id": "B2"})
    with pytest.raises(ParameterError, match=r"'zz' is not a document of the corpus; the first"):
        check_against_corpus(DOCS, {"doc_id": "zz"})


def test_an_empty_period_and_an_absent_term_are_warnings():
    from analysis.corpus.time import add_time_columns

    periods = {"before": [None, "2022-02-24"], "after": ["2022-02-24", None]}
    dated = add_time_columns(DOCS, periods=periods)
    warnings = check_against_corpus(dated, {"periods": periods, "term": "claim*",
                                            "kwic_terms": ["war", "peace deal", "sec*ty guarantees", "zeb*ra"]})
    assert warnings == [
        "periods: 'before' [open, 2022-02-24) holds no document; the documents are dated 2024-12-09 to 2024-12-10",
        "term 'claim*' cannot occur in this corpus: no document contains 'claim'",
        "kwic_terms 'peace deal' cannot occur in this corpus: no document contains 'peace deal'",
        "kwic_terms 'zeb*ra' cannot occur in this corpus: no document contains 'zeb'"]
    # a stemmed term may match words that do not contain it: no term warning then
    assert check_against_corpus(DOCS, {"stem": True, "term": "claim*"}) == []


def test_did_you_mean():
    assert did_you_mean("top_nn", S.SETTINGS) == " (did you mean 'top_n'?)"
    assert did_you_mean("xyzzy", S.SETTINGS) == ""
    assert S.unknown_message("top_nn").startswith("unknown parameter 'top_nn' (did you mean 'top_n'?); ")


# --- in the planning step, before anything runs -------------------------------------------------------------


@pytest.mark.parametrize("parameters, message", [
    ({"top_nn": 5}, "unknown parameter 'top_nn' (did you mean 'top_n'?)"),
    ({"group_by": "publisher"}, "parameter 'group_by': 'publisher' is not a column of the document table"),
    ({"target_group": "Outlet C"}, "parameter 'target_group': 'Outlet C' is not a group of 'outlet'"),
    ({"doc_id": "nope"}, "parameter 'doc_id': 'nope' is not a document of the corpus"),
    ({"p_adjust": "fdr"}, "parameter 'p_adjust' must be one of 'holm', 'bh', 'bonferroni', 'none', got 'fdr'"),
    ({"exclude_terms": "bolton"}, "parameter 'exclude_terms' must be a list[str]"),
    ({"actor_lexicon": "no/such/actors.yaml"}, "parameter 'actor_lexicon': the file no/such/actors.yaml does not "
                                               "exist"),
    ({"tone_lexicon": "missing.csv"}, "parameter 'tone_lexicon': the file missing.csv does not exist"),
])
def test_bad_settings_stop_the_plan_with_one_plain_line(small_corpus, tmp_path, parameters, message):
    with pytest.raises(ParameterError) as err:
        plan_report(corpus=small_corpus, out=tmp_path / "out", parameters=parameters, base=tmp_path)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
    assert not (tmp_path / "out").exists()  # nothing written


def test_plan_carries_the_warnings(small_corpus, tmp_path):
    plan = plan_report(corpus=small_corpus, out=tmp_path / "out", parameters={
        "periods": {"before": [None, "2000-01-01"], "after": ["2000-01-01", None]}, "collocation_node": "zebra"})
    assert plan.warnings[0].startswith("periods: 'before' [open, 2000-01-01) holds no document")
    assert plan.warnings[1] == "collocation_node 'zebra' cannot occur in this corpus: no document contains 'zebra'"


def test_cli_prints_one_line_and_runs_no_notebook(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["report", "--out", str(tmp_path / "out"), "-p", "group_by", "publisher"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: parameter 'group_by': 'publisher' is not a column of the document table")
    assert err.count("\n") == 1 and "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_deprecated_setting_is_a_plan_warning(small_corpus, tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # printed by the runner as a 'warning:' line, not a Python warning
        plan = plan_report(corpus=small_corpus, out=tmp_path / "out", parameters={"bonferroni": True})
    assert plan.warnings == ["parameter 'bonferroni' is deprecated: use -p p_adjust bonferroni (p_adjust reaches "
                             "keyness and rate ratios)"]


def test_only_terms_the_user_named_are_warned_about():
    from analysis.runner.settings import resolve_settings

    # the default term (claim*) is not in DOCS: no warning, since the user did not name it
    assert check_against_corpus(DOCS, resolve_settings({"group_by": "outlet"})) == []
    assert check_against_corpus(DOCS, resolve_settings({"term": "claim*"})) == [
        "term 'claim*' cannot occur in this corpus: no document contains 'claim'"]
