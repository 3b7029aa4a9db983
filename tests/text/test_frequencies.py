"""Term, n-gram and type/token statistics, checked against hand counts.

The fixture corpus (tests/fixtures/small_corpus), after cleaning, has these
counted tokens (stopwords and punctuation dropped, numbers kept):

    a: kyiv nato said kyiv must wait | wait zelenskiy said          (9)
    b: moscow claimed talks failed | nato kyiv disagreed            (7)
    c: zelenskiy plan wait eu said                                  (5)

21 tokens in all; kyiv, said and wait occur 3 times each, in 2 documents.
"""

from __future__ import annotations

import math

import pytest

from analysis.text.frequencies import counted_tokens, ngram_frequencies, term_frequencies, type_token_stats
from analysis.text.prepare import prepare_corpus


@pytest.fixture(scope="module")
def prepared(small_corpus):
    return prepare_corpus(small_corpus)


def test_term_counts_per_10k_doc_freq_and_rank(prepared):
    terms = term_frequencies(prepared.tokens)
    assert terms[["term", "count", "doc_freq", "rank"]].values.tolist() == [
        ["kyiv", 3, 2, 1], ["said", 3, 2, 2], ["wait", 3, 2, 3], ["nato", 2, 2, 4], ["zelenskiy", 2, 2, 5],
        ["claimed", 1, 1, 6], ["disagreed", 1, 1, 7], ["eu", 1, 1, 8], ["failed", 1, 1, 9], ["moscow", 1, 1, 10],
        ["must", 1, 1, 11], ["plan", 1, 1, 12], ["talks", 1, 1, 13],
    ]
    # the base is word tokens: punctuation left out, stopwords included (30 of the 42 tokens; 21 without stopwords)
    words = int((~prepared.tokens["is_punct"]).sum())
    assert words == 30
    assert terms.loc[0, "per_10k"] == pytest.approx(3 * 10_000 / 30)
    assert terms["per_10k"].sum() == pytest.approx(21 * 10_000 / 30)


def test_keeping_stopwords_counts_them(prepared):
    terms = term_frequencies(prepared.tokens, drop_stopwords=False).set_index("term")
    # "the" twice (b, c); clitics 's and n't once each (c)
    assert terms.loc["the", "count"] == 2 and terms.loc["'s", "count"] == 1 and terms.loc["n't", "count"] == 1
    assert "," not in terms.index
    with_punct = term_frequencies(prepared.tokens, drop_punct=False).set_index("term")
    assert with_punct.loc[".", "count"] == 5


def test_grouped_counts(prepared):
    grouped = term_frequencies(prepared.tokens, by="outlet", documents=prepared.documents)
    a = grouped[grouped["outlet"] == "Outlet A"]
    assert a[["term", "count", "rank"]].head(3).values.tolist() == [["kyiv", 2, 1], ["said", 2, 2], ["wait", 2, 3]]
    a_words = prepared.tokens[(prepared.tokens["doc_id"] == "a") & ~prepared.tokens["is_punct"]]
    assert len(a_words) == 12  # 9 counted terms and 3 stopwords
    assert a["per_10k"].iloc[0] == pytest.approx(2 * 10_000 / len(a_words))
    b = grouped[grouped["outlet"] == "Outlet B"]
    assert b["count"].sum() == 12  # 7 + 5
    with pytest.raises(KeyError, match="documents="):
        term_frequencies(prepared.tokens, by="outlet")


def test_missing_group_values_are_labelled(prepared):
    grouped = term_frequencies(prepared.tokens, by="published", documents=prepared.documents)
    assert set(grouped["published"]) == {"2024-12-09", "2024-12-10", "(missing)"}


def test_bigrams_within_sentences_with_filters(prepared):
    bigrams = ngram_frequencies(prepared.tokens, n_values=[2])
    assert bigrams["ngram"].tolist() == [
        "eu said", "kyiv disagreed", "kyiv must", "moscow claimed", "must wait",
        "nato said", "said kyiv", "talks failed", "zelenskiy said",
    ]
    # per 10,000 word tokens (30), the base of every rate; not per bigram position
    assert bigrams["per_10k"].iloc[0] == pytest.approx(10_000 / 30)
    # never across a sentence boundary: "wait" ends sentence 1 of a, "we" starts sentence 2
    unfiltered = ngram_frequencies(prepared.tokens, n_values=[2], drop_punct=False, drop_stopword_edges=False)
    assert "wait ." in set(unfiltered["ngram"]) and ". ``" not in set(unfiltered["ngram"])
    assert unfiltered["count"].sum() == 37


def test_trigrams_and_rank_restart(prepared):
    table = ngram_frequencies(prepared.tokens, n_values=[2, 3])
    trigrams = table[table["n"] == 3]
    # stopwords may sit inside a trigram, not at its edges ("claimed the talks", "nato and kyiv")
    assert trigrams["ngram"].tolist() == [
        "claimed the talks", "kyiv must wait", "nato and kyiv", "nato said kyiv", "said kyiv must",
    ]
    assert trigrams["rank"].tolist() == [1, 2, 3, 4, 5]


def test_type_token_stats(prepared):
    stats = type_token_stats(prepared.tokens, sentences=prepared.sentences).set_index("doc_id")
    # c without punctuation: zelenskiy ' s plan can ' t wait the eu said -> "'" is punctuation
    # counted: zelenskiy 's plan can n't wait the eu said = 9 tokens, 9 types
    c = stats.loc["c"]
    assert (c.n_tokens, c.n_types, c.hapax, c.n_sentences) == (9, 9, 9, 1)
    assert c.ttr == 1.0 and c.root_ttr == pytest.approx(9 / 3)
    corpus = stats.loc["(corpus)"]
    assert corpus.n_sentences == 5 and corpus.mean_sentence_tokens == pytest.approx(42 / 5)


def test_counted_tokens_never_counts_empty_norms(prepared):
    assert (counted_tokens(prepared.tokens, drop_punct=False, drop_stopwords=False)["norm"].str.len() > 0).all()


def test_empty_inputs_do_not_crash(prepared):
    none = prepared.tokens.iloc[0:0]
    assert term_frequencies(none).empty
    assert ngram_frequencies(none).empty
    assert math.isnan(type_token_stats(none).iloc[-1]["ttr"])
