"""pipeline.prepare_corpus: the max_doc_chars limit (a clear error, never a silent cut)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.exceptions import CorpusError, ParameterError
from analysis.pipeline import MAX_DOC_CHARS, check_document_lengths, prepare_corpus


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
