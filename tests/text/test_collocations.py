"""Collocation scores, checked against NLTK itself and against hand counts.

The tiny hand corpus ("Peace talks resumed. Peace talks stalled. Talks
peace.") has 11 tokens in 3 sentences: peace 3, talks 3, resumed 1,
stalled 1, "." 3. Its bigrams without punctuation: peace talks 2,
talks resumed 1, talks stalled 1, talks peace 1. So for "peace talks":
PMI = log2(2 * 11 / (3 * 3)), t = (2 - 3 * 3 / 11) / sqrt(2), Dice = 2 * 2 / (3 + 3),
raw frequency 2 / 11.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures

from analysis.text.collocations import (
    DEFAULT_MEASURES,
    MEASURES,
    WINDOW_COUNT_COLUMNS,
    bigram_scores,
    collocations,
    trigram_scores,
    window_collocates,
)
from analysis.text.prepare import prepare_corpus
from analysis.text.tokenize import tokenize_corpus

HAND_TEXT = "Peace talks resumed. Peace talks stalled. Talks peace."
NLTK_BIGRAM = {
    "pmi": BigramAssocMeasures.pmi, "llr": BigramAssocMeasures.likelihood_ratio,
    "t_score": BigramAssocMeasures.student_t, "dice": BigramAssocMeasures.dice,
    "raw_freq": BigramAssocMeasures.raw_freq, "chi_sq": BigramAssocMeasures.chi_sq,
}
NLTK_TRIGRAM = {
    "pmi": TrigramAssocMeasures.pmi, "llr": TrigramAssocMeasures.likelihood_ratio,
    "t_score": TrigramAssocMeasures.student_t, "raw_freq": TrigramAssocMeasures.raw_freq,
    "chi_sq": TrigramAssocMeasures.chi_sq,
}


def _tokens(*texts: str) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    return tokenize_corpus(docs)[1]


def _sentences(tokens: pd.DataFrame) -> list[list[str]]:
    return [group["norm"].astype(str).tolist() for _, group in tokens.groupby(["doc_id", "sent_id"], sort=False)]


def _nltk_finder(tokens, n, *, min_count, drop_punct=True, drop_stopwords=True, drop_numbers=False):
    finder_class = BigramCollocationFinder if n == 2 else TrigramCollocationFinder
    finder = finder_class.from_documents(_sentences(tokens))
    flagged = pd.Series(False, index=tokens.index)
    if drop_punct:
        flagged |= tokens["is_punct"]
    if drop_stopwords:
        flagged |= tokens["is_stop"]
    if drop_numbers:
        flagged |= tokens["is_num"]
    excluded = set(tokens.loc[flagged, "norm"].astype(str))
    finder.apply_word_filter(lambda w: w in excluded)
    finder.apply_freq_filter(min_count)
    return finder


@pytest.fixture(scope="module")
def seed():
    return prepare_corpus("data/raw")


# --- scalar scores ---------------------------------------------------------------------------------


def test_nltk_doctest_vectors_through_bigram_scores():
    scores = bigram_scores(20, 42, 20, 14307668)
    assert round(scores["pmi"], 2) == 18.38
    assert round(scores["t_score"], 4) == 4.4721
    assert round(bigram_scores(110, 2552, 221, 31777)["llr"], 2) == 270.72
    assert round(bigram_scores(8, 13, 32, 31777)["llr"], 2) == 95.29
    assert set(scores) == set(MEASURES)


@pytest.mark.parametrize(
    "n_ii, n_ix, n_xi, n_xx",
    [(20, 42, 20, 14307668), (110, 2552, 221, 31777), (8, 13, 32, 31777), (1, 1, 1, 3), (5, 50, 60, 1000), (3, 3, 900, 1000)],
)
def test_bigram_scores_equal_nltk(n_ii, n_ix, n_xi, n_xx):
    scores = bigram_scores(n_ii, n_ix, n_xi, n_xx)
    for name, fn in NLTK_BIGRAM.items():
        assert scores[name] == pytest.approx(fn(n_ii, (n_ix, n_xi), n_xx), rel=1e-9, abs=1e-12), name


def test_bigram_scores_reject_impossible_tables():
    with pytest.raises(ValueError, match="2x2"):
        bigram_scores(5, 4, 10, 100)
    with pytest.raises(ValueError, match="2x2"):
        bigram_scores(1, 60, 60, 100)


@pytest.mark.parametrize(
    "marginals",
    [(1, (1, 1, 1), (1, 73, 1), 2000), (4, (6, 5, 4), (20, 9, 7), 5000), (2, (2, 2, 3), (2, 90, 3), 1000)],
)
def test_trigram_scores_equal_nltk(marginals):
    n_iii, pairs, words, total = marginals
    scores = trigram_scores(n_iii, *pairs, *words, total)
    for name, fn in NLTK_TRIGRAM.items():
        assert scores[name] == pytest.approx(fn(n_iii, pairs, words, total), rel=1e-9, abs=1e-12), name
    assert math.isnan(scores["dice"])


# --- n-gram tables against NLTK's finders ----------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize(
    "flags",
    [{}, {"drop_stopwords": False}, {"drop_punct": False, "drop_stopwords": False}, {"drop_numbers": True}],
)
@pytest.mark.parametrize("min_count", [1, 2])
def test_every_score_equals_nltk_on_the_default_article(seed, n, flags, min_count):
    measures = ["pmi", "llr", "t_score", "raw_freq", "chi_sq"] + (["dice"] if n == 2 else [])
    table = collocations(seed.tokens, n=n, measures=measures, min_count=min_count, **flags)
    finder = _nltk_finder(seed.tokens, n, min_count=min_count, **flags)
    assert set(table["ngram"]) == {" ".join(g) for g in finder.ngram_fd}
    assert dict(zip(table["ngram"], table["count"])) == {" ".join(g): c for g, c in finder.ngram_fd.items()}
    nltk_measures = NLTK_BIGRAM if n == 2 else NLTK_TRIGRAM
    by_ngram = table.set_index("ngram")
    for name in measures:
        expected = {" ".join(g): s for g, s in finder.score_ngrams(nltk_measures[name])}
        mine = by_ngram[name].to_dict()
        assert mine == pytest.approx(expected, rel=1e-9, abs=1e-12), name
    if n == 3:
        dice = collocations(seed.tokens, n=3, min_count=min_count, **flags)["dice"]
        assert dice.isna().all()


def test_table_columns_types_and_order(seed):
    table = collocations(seed.tokens)
    assert list(table.columns) == ["ngram", "n", "count", "pmi", "llr", "t_score", "dice", "raw_freq"]
    assert list(DEFAULT_MEASURES) == ["pmi", "llr", "t_score", "dice", "raw_freq"]
    assert str(table["ngram"].dtype) == "string" and table["n"].dtype == "int64" and table["count"].dtype == "int64"
    assert all(table[c].dtype == "float64" for c in DEFAULT_MEASURES)
    assert (table["count"] >= 2).all() and set(table["n"]) == {2}
    keys = list(zip(-table["llr"], table["ngram"]))
    assert keys == sorted(keys)
    # "NATO membership" 4 times; "financial support" 3 times, always together
    assert table["ngram"].head(3).tolist() == ["nato membership", "financial support", "december 9"]
    only = collocations(seed.tokens, measures=["dice", "pmi"])
    assert list(only.columns) == ["ngram", "n", "count", "dice", "pmi"]
    keys = list(zip(-only["dice"], only["ngram"]))
    assert keys == sorted(keys)  # sorted by the first measure when llr is not chosen


def test_argument_errors(seed):
    with pytest.raises(ValueError, match="2 or 3"):
        collocations(seed.tokens, n=4)
    with pytest.raises(ValueError, match="unknown"):
        collocations(seed.tokens, measures=["pmi", "mi3"])
    with pytest.raises(TypeError):
        collocations(seed.tokens, measures="pmi")
    empty = collocations(seed.tokens.iloc[0:0])
    assert empty.empty and list(empty.columns) == ["ngram", "n", "count", "pmi", "llr", "t_score", "dice", "raw_freq"]


# --- hand-worked tiny corpus ----------------------------------------------------------------------


def test_hand_worked_bigrams():
    toks = _tokens(HAND_TEXT)
    table = collocations(toks, min_count=1)
    assert sorted(table[["ngram", "count"]].values.tolist()) == [
        ["peace talks", 2], ["talks peace", 1], ["talks resumed", 1], ["talks stalled", 1],
    ]
    row = table.set_index("ngram").loc["peace talks"]
    assert row["pmi"] == pytest.approx(math.log2(2 * 11 / (3 * 3)))
    assert row["t_score"] == pytest.approx((2 - 3 * 3 / 11) / math.sqrt(2))
    assert row["dice"] == pytest.approx(2 * 2 / (3 + 3))
    assert row["raw_freq"] == pytest.approx(2 / 11)
    # min_count (default 2) keeps only the repeated pair
    assert collocations(toks)["ngram"].tolist() == ["peace talks"]


def test_ngrams_never_cross_sentences():
    # a paragraph break ends a sentence without punctuation: "talks" and "resumed" are adjacent tokens
    toks = _tokens("Peace talks\n\nresumed today", "Peace talks\n\nresumed today")
    assert toks["sent_id"].tolist() == [0, 0, 1, 1] * 2
    table = collocations(toks, min_count=1)
    assert "talks resumed" not in set(table["ngram"])
    assert sorted(table["ngram"]) == ["peace talks", "resumed today"]
    assert collocations(toks, n=3, min_count=1).empty  # no sentence has three tokens
    # nor documents: d0 ends with "today", d1 starts with "peace"
    assert "today peace" not in set(table["ngram"])
    # with punctuation kept, ". peace" across sentences is still not a bigram
    punct = collocations(_tokens(HAND_TEXT), min_count=1, drop_punct=False)
    assert "resumed ." in set(punct["ngram"]) and ". peace" not in set(punct["ngram"])


def test_stopword_filter_and_marginals_include_filtered_words():
    toks = _tokens("The talks failed. The talks failed again. Talks failed.")
    default = collocations(toks, min_count=1)
    assert "the talks" not in set(default["ngram"]) and "failed again" not in set(default["ngram"])  # "again" is a stopword
    kept = collocations(toks, min_count=1, drop_stopwords=False)
    assert {"the talks", "failed again"} <= set(kept["ngram"])
    # NLTK's semantics: N and the word counts include stopwords and punctuation either way,
    # so the same pair scores the same whatever the filter
    a = default.set_index("ngram").loc["talks failed"]
    b = kept.set_index("ngram").loc["talks failed"]
    assert a.equals(b)
    n_tokens = len(toks)
    assert n_tokens == 12  # the 2, talks 3, failed 3, again 1, "." 3: stopwords and punctuation count in N
    assert a["raw_freq"] == pytest.approx(3 / n_tokens)
    assert a["pmi"] == pytest.approx(math.log2(3 * n_tokens / (3 * 3)))


def test_trigram_hand_counts():
    toks = _tokens("Security guarantees matter now. Security guarantees matter. Guarantees matter.")
    table = collocations(toks, n=3, min_count=1)
    assert table[["ngram", "count"]].values.tolist() == [["security guarantees matter", 2]]
    # N = 12 tokens (5 + 4 + 3); security 2, guarantees 3, matter 3; pairs (security, guarantees) 2,
    # (security, *, matter) 2, (guarantees, matter) 3
    row = table.iloc[0]
    assert row["pmi"] == pytest.approx(math.log2(2 * 12**2 / (2 * 3 * 3)))
    expected = trigram_scores(2, 2, 2, 3, 2, 3, 3, 12)
    assert row["llr"] == pytest.approx(expected["llr"]) and row["t_score"] == pytest.approx(expected["t_score"])
    assert math.isnan(row["dice"])


# --- window collocates ------------------------------------------------------------------------------


def _brute_force_window(tokens: pd.DataFrame, node_rx: re.Pattern, window: int, keep) -> tuple[dict, int, dict, int]:
    """Independent count: per sentence, loop over positions."""
    region_counts: dict[str, int] = {}
    region_size = 0
    candidates: dict[str, int] = {}
    for _, sent in tokens.groupby(["doc_id", "sent_id"], sort=False):
        norms = sent["norm"].astype(str).tolist()
        ok = [keep(row) and not node_rx.fullmatch(norm) for row, norm in zip(sent.itertuples(), norms)]
        nodes = [i for i, norm in enumerate(norms) if node_rx.fullmatch(norm)]
        covered = {j for i in nodes for j in range(max(0, i - window), min(len(norms), i + window + 1))}
        for j, norm in enumerate(norms):
            if ok[j]:
                candidates[norm] = candidates.get(norm, 0) + 1
                if j in covered:
                    region_counts[norm] = region_counts.get(norm, 0) + 1
                    region_size += 1
    return region_counts, region_size, candidates, sum(candidates.values())


@pytest.mark.parametrize("node, window", [("NATO", 5), ("claim*", 3), ("ukraine", 2), ("zelenskiy", 8)])
def test_window_counts_equal_a_brute_force_count(seed, node, window):
    toks = seed.tokens
    table = window_collocates(toks, node=node, window=window, measures=list(MEASURES))
    rx = re.compile(re.escape(node.lower()).replace(r"\*", ".*"))
    counts, n_ix, candidates, n_xx = _brute_force_window(toks, rx, window, lambda r: not (r.is_punct or r.is_stop))
    assert dict(zip(table["collocate"], table["count"])) == counts
    assert set(table["n_ix"]) == {n_ix} and set(table["n_xx"]) == {n_xx}
    assert dict(zip(table["collocate"], table["n_xi"])) == {w: candidates[w] for w in counts}
    # every score is NLTK's BigramAssocMeasures on (n_ii, (n_ix, n_xi), n_xx)
    for row in table.itertuples():
        for name, fn in NLTK_BIGRAM.items():
            assert getattr(row, name) == pytest.approx(fn(row.count, (row.n_ix, row.n_xi), row.n_xx), rel=1e-9, abs=1e-12)
    keys = list(zip(-table["llr"], table["collocate"]))
    assert keys == sorted(keys)
    assert set(table["node"]) == {node}


def test_window_hand_example():
    toks = _tokens("Kyiv wants NATO membership now. NATO membership is far. Kyiv waits.")
    table = window_collocates(toks, node="nato", window=2)
    assert list(table.columns) == ["node", "collocate", "count", *DEFAULT_MEASURES, *WINDOW_COUNT_COLUMNS]
    assert str(table["collocate"].dtype) == "string" and table["count"].dtype == "int64"
    rows = table.set_index("collocate")
    # candidates (no stopwords, no punctuation, no node): kyiv wants membership | membership far | kyiv waits = 7
    # windows: kyiv wants [NATO] membership now | [NATO] membership is  -> region: kyiv wants membership membership = 4
    assert rows["count"].to_dict() == {"membership": 2, "wants": 1, "kyiv": 1}
    assert rows.loc["membership", "pmi"] == pytest.approx(math.log2(2 * 7 / (4 * 2)))
    assert rows.loc["kyiv", "pmi"] == pytest.approx(math.log2(1 * 7 / (4 * 2)))
    assert rows.loc["membership", "dice"] == pytest.approx(2 * 2 / (4 + 2))
    assert "far" not in rows.index  # three tokens from the node
    assert "nato" not in rows.index  # a node is not its own collocate
    assert window_collocates(toks, node="nato", window=3).set_index("collocate").loc["far", "count"] == 1


def test_window_stops_at_sentence_and_merges_overlaps():
    toks = _tokens("Aid reached Kyiv. Kyiv welcomed aid aid.")
    table = window_collocates(toks, node="kyiv", window=5).set_index("collocate")
    # sentence 1: only "aid" and "reached" precede Kyiv; sentence 2's words are not in its window
    # sentence 2: welcomed, aid, aid follow Kyiv
    assert table["count"].to_dict() == {"aid": 3, "reached": 1, "welcomed": 1}
    assert set(table["n_ix"]) == {5} and set(table["n_xx"]) == {5}
    # two nodes with overlapping windows: "talks" counted once
    twice = window_collocates(_tokens("NATO talks NATO."), node="nato", window=2)
    assert twice[["collocate", "count", "n_ix", "n_xi", "n_xx"]].values.tolist() == [["talks", 1, 1, 1, 1]]


def test_window_glob_case_filters_and_min_count(seed):
    upper = window_collocates(seed.tokens, node="NATO")
    assert upper.equals(window_collocates(seed.tokens, node="nato").assign(node="NATO").astype({"node": "string"}))
    claims = window_collocates(seed.tokens, node="CLAIM*", window=3)
    assert not claims.empty and not {"claims", "claimed", "claim"} & set(claims["collocate"])
    assert window_collocates(seed.tokens, node="nato", min_count=3)["count"].min() >= 3
    with_stop = window_collocates(seed.tokens, node="nato", drop_stopwords=False)
    assert "the" in set(with_stop["collocate"]) and "the" not in set(upper["collocate"])
    assert window_collocates(seed.tokens, node="nonexistentword").empty
    with pytest.raises(ValueError, match="one word"):
        window_collocates(seed.tokens, node="security guarantees")
    with pytest.raises(ValueError, match="window"):
        window_collocates(seed.tokens, node="nato", window=0)


@pytest.mark.corpora
def test_real_corpus_sample_equals_nltk(shared_corpora):
    from analysis.corpus.load import load_corpus

    docs = load_corpus(shared_corpora / "bbc-news-2005" / "tech", encoding="latin-1").head(40)
    _, toks = tokenize_corpus(docs)
    table = collocations(toks, min_count=2)
    finder = _nltk_finder(toks, 2, min_count=2)
    expected = {" ".join(g): s for g, s in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)}
    assert table.set_index("ngram")["llr"].to_dict() == pytest.approx(expected, rel=1e-9)
    assert np.isfinite(table[["pmi", "llr", "t_score", "dice"]].to_numpy()).all()
