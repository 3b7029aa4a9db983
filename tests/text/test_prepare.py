"""pipeline.prepare_corpus: the max_doc_chars limit (a clear error, never a silent cut)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config
from analysis.exceptions import CorpusError, ParameterError
from analysis.text.prepare import MAX_DOC_CHARS, check_document_lengths, prepare_corpus
from analysis.report.messages import absence_message, say_absent, say_too_few_groups, too_few_groups_message


@pytest.fixture()
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "short.txt").write_text("Kyiv said yes.", encoding="utf-8")  # 14 characters
    (corpus / "long.txt").write_text("NATO said no today.", encoding="utf-8")  # 19 characters
    return corpus


def test_a_document_of_exactly_max_doc_chars_is_accepted(folder):
    prepared = prepare_corpus(folder, max_doc_chars=19)
    assert prepared.documents.set_index("doc_id")["n_chars"].to_dict() == {"long.txt": 19, "short.txt": 14}
    assert prepared.text_of("long.txt") == "NATO said no today."  # nothing cut


def test_one_character_more_is_an_error_naming_the_document(folder):
    with pytest.raises(CorpusError) as caught:
        prepare_corpus(folder, max_doc_chars=18)
    err = caught.value
    assert err.record == "long.txt" and err.path == "long.txt"
    assert str(err) == (
        "long.txt, record 'long.txt': the document is 19 characters long, more than max_doc_chars = 18. "
        "What to do: raise max_doc_chars (-p max_doc_chars N) or split the document into smaller ones"
    )


def test_jsonl_source_names_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [{"doc_id": "a", "text": "x" * 5}, {"doc_id": "b", "text": "y" * 7}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"^c\.jsonl:2, record 'b': the document is 7 characters long, "
                                          r"more than max_doc_chars = 6\."):
        prepare_corpus(path, max_doc_chars=6)
    assert prepare_corpus(path, max_doc_chars=7).documents["doc_id"].tolist() == ["a", "b"]


def test_default_limit_is_two_million_characters():
    assert MAX_DOC_CHARS == 2_000_000
    docs = pd.DataFrame({"doc_id": ["big"], "text": ["a" * 2_000_000], "source": ["big.txt"]})
    check_document_lengths(docs)  # exactly the default: fine
    docs.loc[0, "text"] = "a" * 2_000_001
    with pytest.raises(CorpusError, match=r"2,000,001 characters long, more than max_doc_chars = 2,000,000"):
        check_document_lengths(docs)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "100"])
def test_max_doc_chars_must_be_a_positive_whole_number(folder, bad):
    with pytest.raises(ParameterError, match="max_doc_chars must be a positive whole number"):
        prepare_corpus(folder, max_doc_chars=bad)


# --------------------------------------------------------------------------- #
# saying what is absent
# --------------------------------------------------------------------------- #

def test_absence_messages_by_hand():
    assert absence_message("actors", pd.DataFrame(columns=["actor"])) == (
        "No actor from the lexicon is mentioned in this corpus, so there is no salience to chart. "
        "If you expected some, add their names to the actor lexicon (actor_lexicon).")
    assert absence_message("frames", []) == (
        "No frame words matched: no sentence uses a term of the frame dictionary, so every frame share is 0.")
    assert absence_message("keyness", 0, min_count=2) == (
        "No term occurs at least 2 times, so no term can be key (lower keyness_min_count to include rarer terms).")
    assert absence_message("dispersion", None, terms=["NATO", "claim*"]) == (
        "None of the dispersion terms ('NATO', 'claim*') occurs in this corpus.")


def test_nothing_is_said_when_something_is_there(capsys):
    assert absence_message("quotes", pd.DataFrame({"text": ["peace"]})) is None
    assert absence_message("frames", [("doc", 0)]) is None
    assert absence_message("keyness", 3, min_count=2) is None
    assert say_absent("quotes", pd.DataFrame({"text": ["x"]})) is False
    assert capsys.readouterr().out == ""
    assert say_absent("quotes", pd.DataFrame({"text": []})) is True
    assert capsys.readouterr().out == "No quotations found: no text in this corpus stands inside quotation marks.\n"


def test_unknown_absence_is_an_error():
    with pytest.raises(KeyError, match="no absence message for 'qoutes'"):
        absence_message("qoutes", [])


def test_group_messages(capsys):
    assert too_few_groups_message("outlet", ["(missing)"]) == (
        "Only one group in 'outlet' ((missing)): nothing to compare between groups. "
        "Give the corpus an outlet (or another) column with two or more values to compare them.")
    assert too_few_groups_message("outlet", ["A", "B"]) is None
    assert too_few_groups_message(None, []).startswith("group_by is None")
    assert say_too_few_groups("outlet", ["A", "B"]) is False and capsys.readouterr().out == ""
    assert say_too_few_groups("outlet", ["RFE/RL"]) is True
    assert capsys.readouterr().out.startswith("Only one group in 'outlet' (RFE/RL)")


def test_new_parameters_are_declared_and_typed():
    """Every notebook's parameters cell parses (papermill) and declares max_doc_chars; 01-04 declare csv_safe."""
    from analysis.runner.report import plan_report

    plan = plan_report(parameters={"csv_safe": True, "max_doc_chars": 10})
    assert {name: d.get("max_doc_chars") for name, d in plan.defaults.items()} == {
        "01_corpus.ipynb": 2_000_000, "02_frequencies.ipynb": 2_000_000, "03_framing.ipynb": 2_000_000,
        "04_compare.ipynb": 2_000_000, "05_groups_and_time.ipynb": 2_000_000, "00_explore.ipynb": 2_000_000}
    assert [name for name, d in plan.defaults.items() if d.get("csv_safe") is False] == [
        "01_corpus.ipynb", "02_frequencies.ipynb", "03_framing.ipynb", "04_compare.ipynb", "05_groups_and_time.ipynb",
        "00_explore.ipynb"]
    with pytest.raises(ParameterError, match="'csv_safe' must be a bool"):
        plan_report(parameters={"csv_safe": "yes"})
    with pytest.raises(ParameterError, match="'max_doc_chars' must be a int"):
        plan_report(parameters={"max_doc_chars": 2.5})


def test_papermill_itself_parses_the_new_parameters():
    """papermill skips a parameters line holding two '=' (then warns 'unknown parameter'): none may."""
    import papermill

    for name in ["00_explore", "01_corpus", "02_frequencies", "03_framing", "04_compare", "05_groups_and_time"]:
        found = papermill.inspect_notebook(str(config.NOTEBOOKS_DIR / f"{name}.ipynb"))
        assert found["max_doc_chars"]["default"] == "2000000", name
        assert found["csv_safe"]["default"] == "False", name
        assert all(spec["inferred_type_name"] != "None" for spec in found.values()), name  # every line typed
