"""Analyses that read the store part by part give exactly the tables of the whole-table functions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.runner import stages
from analysis.runner.store import Store
from analysis.runner.study import open_study
from analysis.text.collocations import collocation_table, collocations, window_collocates
from analysis.text.kwic import kwic


@pytest.fixture(scope="module")
def study(small_corpus, tmp_path_factory):
    """A study of the small corpus whose store holds several small partitions."""
    root = tmp_path_factory.mktemp("store")
    stages.build("text", small_corpus, {}, Store(root), progress=False, target_chars=60)
    opened = open_study(small_corpus, store_dir=root, progress=False)
    assert len(opened.entry("text").parts("tokens")) >= 3  # the point of the test: more than one part
    return opened


@pytest.fixture(scope="module")
def whole(study):
    return study.prepared()


def test_parts_hold_whole_documents_in_corpus_order(study, whole):
    seen = []
    for documents, tokens in study.document_parts(document_columns=["doc_id"]):
        ids = documents["doc_id"].astype(str).tolist()
        assert set(tokens["doc_id"].astype(str)) <= set(ids)
        seen += ids
    assert seen == whole.documents["doc_id"].astype(str).tolist()


@pytest.mark.parametrize("patterns", [["nato"], ["security guarantees", "claim*"], ["no-such-word"]])
def test_kwic_by_parts_equals_kwic_of_the_whole(study, whole, patterns):
    expected = kwic(whole.tokens, whole.documents, patterns=patterns, window=4)
    got = study.kwic(patterns, window=4)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("n", [2, 3])
def test_collocations_by_parts_equal_the_whole(study, whole, n):
    expected = collocations(whole.tokens, n=n, min_count=1)
    assert len(expected) >= 3
    pd.testing.assert_frame_equal(collocations(study.token_parts(), n=n, min_count=1), expected)


def test_collocation_table_by_parts_equals_the_whole(study, whole):
    pd.testing.assert_frame_equal(collocation_table(study.token_parts(), min_count=2),
                                  collocation_table(whole.tokens, min_count=2))


@pytest.mark.parametrize("node", ["nato", "secur*", "absent"])
def test_window_collocates_by_parts_equal_the_whole(study, whole, node):
    expected = window_collocates(whole.tokens, node=node, window=3)
    pd.testing.assert_frame_equal(window_collocates(study.token_parts(), node=node, window=3), expected)


def test_a_pair_split_between_parts_is_never_counted():
    """Two one-sentence documents: 'a b' and 'c d'. Read as two parts, 'b c' is no bigram (it never was)."""
    from analysis.text.tokenize import tokenize_corpus

    docs = pd.DataFrame({"doc_id": ["x", "y"], "text": ["Alpha beta.", "Gamma delta."]})
    _, toks = tokenize_corpus(docs)
    parts = [toks[toks["doc_id"] == "x"], toks[toks["doc_id"] == "y"]]
    table = collocations(parts, n=2, min_count=1, measures=["raw_freq"])
    assert table["ngram"].tolist() == ["alpha beta", "gamma delta"]
    assert table["raw_freq"].tolist() == [1 / 6, 1 / 6]  # 6 tokens in all, punctuation included


@pytest.mark.parametrize("term", ["nato", "security guarantees", "claim*", "absent-term"])
def test_explorer_term_view_from_the_store_equals_the_in_memory_view(study, small_corpus, term):
    from analysis.report import explore

    from_store = explore.term_view(study.explore_data(), term=term)
    in_memory = explore.term_view(explore.load_explore_data(small_corpus), term=term)
    for name in ("kwic", "positions", "collocates", "frames", "tone"):
        pd.testing.assert_frame_equal(from_store[name], in_memory[name], check_dtype=False)
    assert from_store["kwic_text"] == in_memory["kwic_text"]
    assert (from_store["document_starts"], from_store["total_tokens"]) == (
        in_memory["document_starts"], in_memory["total_tokens"])
    assert from_store["total_tokens"] == study.rows("text", "tokens")


def test_explorer_reader_reads_one_document(study, small_corpus):
    from analysis.report import explore

    data = study.explore_data()
    doc_id = data.doc_ids()[1]
    assert explore.reader_html(data, doc_id) == explore.reader_html(explore.load_explore_data(small_corpus), doc_id)


def test_document_summary_from_the_store_equals_the_in_memory_one(study, whole):
    from analysis.text.prepare import document_summary

    got = study.document_summary()
    pd.testing.assert_frame_equal(got, document_summary(whole))
    assert got["n_tokens"].sum() == study.rows("text", "tokens") and got["n_sentences"].sum() == len(whole.sentences)


def test_keyness_by_parts_equals_the_whole(study, whole):
    from analysis.compare.keyness import keyness_tables

    expected = keyness_tables(whole.documents, whole.tokens, by="outlet", min_count=1)
    assert set(expected["reference"]) == {"wordfreq:en", "Outlet B"}
    pd.testing.assert_frame_equal(keyness_tables(whole.documents, study.token_parts(), by="outlet", min_count=1),
                                  expected)


def test_corpus_chosen_terms_and_absent_terms_by_parts_equal_the_whole(study, whole):
    from analysis.compare.defaults import absent_terms, corpus_terms

    assert corpus_terms(whole.documents, study.token_parts(), by="outlet") == corpus_terms(
        whole.documents, whole.tokens, by="outlet")
    terms = ["nato", "security guarantees", "zzz", "claim*"]
    absent = absent_terms(whole.tokens, terms)
    assert "zzz" in absent and "nato" not in absent
    assert absent_terms(study.token_parts(), terms) == absent


def test_rate_ratios_and_lexicon_rates_by_parts_equal_the_whole(study, whole):
    from analysis.compare.groups import lexicon_by_group
    from analysis.compare.rates import rate_ratios

    terms = ["nato", "security guarantees", "said"]
    expected = rate_ratios(whole.tokens, whole.documents, by="outlet", terms=terms)
    assert expected["count_a"].sum() + expected["count_b"].sum() > 0
    pd.testing.assert_frame_equal(rate_ratios(study.token_parts(), whole.documents, by="outlet", terms=terms), expected)
    lexicon = pd.DataFrame({"word": ["nato", "kyiv", "talks"], "category": ["a", "b", "b"], "score": [1.0, 1.0, 1.0]})
    pd.testing.assert_frame_equal(
        lexicon_by_group(study.token_parts(), whole.documents, lexicon, by="outlet", n_resamples=50),
        lexicon_by_group(whole.tokens, whole.documents, lexicon, by="outlet", n_resamples=50))


@pytest.mark.parametrize("by", [None, "outlet"])
def test_dispersion_by_parts_equals_the_whole(study, whole, by):
    from analysis.text import dispersion as disp

    terms = ["nato", "security guarantees", "claim*", "zzz"]
    got = study.dispersion(terms, by=by)
    order = disp.document_order(whole.documents, by=by)
    ordered = disp.ordered_tokens(whole.tokens, order)
    pd.testing.assert_frame_equal(got["positions"], disp.term_positions(ordered, terms=terms))
    pd.testing.assert_frame_equal(got["evenness"], disp.juilland_d(whole.tokens, terms=terms))
    assert got["total_tokens"] == len(ordered)
    assert got["document_starts"] == disp.document_starts(ordered)
    assert got["group_boundaries"] == disp.group_boundaries(ordered, order)
    assert len(got["positions"]) == 3 and got["evenness"]["parts"].tolist() == ["documents"] * 4


@pytest.mark.parametrize("by", ["outlet", None])
def test_group_comparison_by_parts_with_stored_frame_matches_equals_the_whole(study, whole, by):
    from analysis.compare.groups import group_comparison
    from analysis.framing import analyze_framing

    framing = analyze_framing(whole)
    terms = ["nato", "said", "security guarantees"]
    expected = group_comparison(whole, framing, by=by, terms=terms, n_resamples=50)
    got = group_comparison(study.corpus(), study.framing(), by=by, terms=terms, n_resamples=50,
                           matches=study.table("frames", "frame_matches"))
    pd.testing.assert_frame_equal(got, expected)
    assert expected.attrs["comparison"] == ("groups" if by else "voice")


def test_stored_term_choice_keeps_reasons_and_follows_exclude_terms(study, whole, small_corpus):
    from analysis.compare.defaults import corpus_terms, study_terms, term_rule

    stored = study_terms(study)
    direct = corpus_terms(whole.documents, whole.tokens, by="outlet", mentions=study.table("framing", "actors"))
    assert stored == direct  # terms, reasons, left-out terms and rule survive the store
    assert dict(stored.left_out)["said"] == "reporting verb"
    excluding = open_study(small_corpus, store_dir=study.store.root, settings={"exclude_terms": ["kyiv"]},
                           progress=False)
    chosen = study_terms(excluding)  # another exclude_terms: another stored choice, not the first one
    assert "kyiv" not in chosen.key_terms and dict(chosen.left_out)["kyiv"] == "in exclude_terms"
    assert chosen == corpus_terms(whole.documents, whole.tokens, by="outlet",
                                  mentions=study.table("framing", "actors"), rule=term_rule(exclude_terms=["kyiv"]))
    assert study_terms(study) == stored
