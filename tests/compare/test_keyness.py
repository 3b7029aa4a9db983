"""Keyness measures against published worked values, and the keyness tables.

Published values (all to 4 decimals unless stated):

* quanteda's test corpus, d1 = "b b b b b b b a a a" against
  d2 = "a a a a a a a b b", feature "b" (a=7, b=2, c=10, d=9): chi2 without
  correction 4.3372, with chisq.test's Yates correction 2.6324, G2 without
  correction 4.5349, Log Ratio 1.6554;
* Sketch Engine's "shard": 35 in 112,289,776 against 263 in 1,559,716,979:
  simple maths (n = 1) 1.1224 and LL 9.976 (both G2 forms give it);
* AntConc's demonstration: 23 of 263 against 551 of 8,870: 2-term LL 2.3306,
  4-term LL 2.5070;
* NLTK's doctests: likelihood_ratio(110, (2552, 221), 31777) = 270.72 and
  likelihood_ratio(8, (13, 32), 31777) = 95.29.

The fixture corpus (tests/fixtures/small_corpus), counted tokens by outlet
(stopwords and punctuation dropped, numbers kept; see test_frequencies.py):

    Outlet A (a):      kyiv nato said kyiv must wait wait zelenskiy said      (9)
    Outlet B (b + c):  moscow claimed talks failed nato kyiv disagreed
                       zelenskiy plan wait eu said                            (12)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from nltk.metrics import BigramAssocMeasures

from analysis.compare.keyness import (
    EXTRA_COLUMNS,
    KEYNESS_COLUMNS,
    REST_LABEL,
    against_general_english,
    chi2,
    compare_groups,
    g2,
    g2_two_cell,
    keyness,
    log_ratio,
    p_value,
    pct_diff,
    pmi,
    simple_maths,
    wordfreq_reference,
)
from analysis.text.nltk_resources import CLITICS
from analysis.text.prepare import prepare_corpus
from analysis.text.tokenize import tokenize_corpus


def _nltk_args(a, b, c, d):
    """The keyness table [a, b; c - a, d - b] as NLTK bigram marginals (n_ii, (n_ix, n_xi), n_xx)."""
    return a, (c, a + b), c + d


@pytest.fixture(scope="module")
def quanteda_corpus():
    docs = pd.DataFrame({"doc_id": ["d1", "d2"], "text": ["b b b b b b b a a a", "a a a a a a a b b"]})
    _, toks = tokenize_corpus(docs)
    return docs, toks


@pytest.fixture(scope="module")
def fixture_corpus(small_corpus):
    return prepare_corpus(small_corpus)


@pytest.fixture(scope="module")
def seed():
    return prepare_corpus("data/raw")


# --- published values ---------------------------------------------------------------------------


def test_quanteda_test_corpus_scalar():
    assert round(chi2(7, 2, 10, 9), 4) == 4.3372
    assert round(chi2(7, 2, 10, 9, yates=True), 4) == 2.6324
    assert round(g2(7, 2, 10, 9), 4) == 4.5349
    assert round(log_ratio(7, 2, 10, 9), 4) == 1.6554


def test_quanteda_test_corpus_through_compare_groups(quanteda_corpus):
    docs, toks = quanteda_corpus
    # "a" is an NLTK stopword, so keep stopwords as quanteda's dfm does
    table = compare_groups(toks, docs, by="doc_id", target="d1", drop_stopwords=False).set_index("term")
    b = table.loc["b"]
    assert (b["count_target"], b["count_reference"], b["size_target"], b["size_reference"]) == (7, 2, 10, 9)
    assert round(b["chi2"], 4) == 4.3372
    assert round(b["chi2_yates"], 4) == 2.6324
    assert round(b["g2"], 4) == 4.5349
    assert round(b["log_ratio"], 4) == 1.6554
    # quanteda's pmi is ln(a / E11 + 1e-9); ours is log2(a / E11): E11 = 9 * 10 / 19
    assert b["pmi"] * math.log(2) == pytest.approx(math.log(7 / (9 * 10 / 19) + 1e-9), abs=1e-8)
    assert round(b["pmi"], 4) == round(math.log2(7 * 19 / (9 * 10)), 4) == 0.5634
    # feature "a" is the mirror image: same |G2| and |chi2|, negative
    a = table.loc["a"]
    assert round(a["g2"], 4) == -4.5349 and round(a["chi2"], 4) == -4.3372 and round(a["chi2_yates"], 4) == -2.6324


def test_sketch_engine_shard():
    args = (35, 263, 112_289_776, 1_559_716_979)
    assert round(simple_maths(*args), 4) == 1.1224
    assert round(simple_maths(*args, n=1.0), 4) == 1.1224
    # Both forms give 9.976: with corpora this large the two "not the term" cells sit at their
    # expectation, so the 4-cell G2 and the 2-cell LL differ by about 2e-6.
    assert round(g2(*args), 3) == 9.976
    assert round(g2_two_cell(*args), 3) == 9.976
    assert abs(g2(*args) - g2_two_cell(*args)) < 1e-5


def test_antconc_demonstration():
    assert round(g2_two_cell(23, 551, 263, 8870), 4) == 2.3306
    assert round(g2(23, 551, 263, 8870), 4) == 2.5070


@pytest.mark.parametrize(
    "n_ii, n_ix, n_xi, n_xx, published",
    [(110, 2552, 221, 31777, 270.72), (8, 13, 32, 31777, 95.29)],
)
def test_nltk_likelihood_ratio_doctests(n_ii, n_ix, n_xi, n_xx, published):
    # NLTK's table [n_ii, n_oi; n_io, n_oo] is ours with a = n_ii, b = n_xi - n_ii, c = n_ix, d = n_xx - n_ix
    a, b, c, d = n_ii, n_xi - n_ii, n_ix, n_xx - n_ix
    assert round(g2(a, b, c, d), 2) == published
    assert g2(a, b, c, d) == pytest.approx(BigramAssocMeasures.likelihood_ratio(n_ii, (n_ix, n_xi), n_xx), rel=1e-12)
    # the transposed table (roles of w1 and w2 swapped) gives the same value
    assert g2(n_ii, n_ix - n_ii, n_xi, n_xx - n_xi) == pytest.approx(g2(a, b, c, d), rel=1e-12)


def test_g2_chi2_pmi_equal_nltk_on_random_tables():
    rng = np.random.default_rng(0)
    for _ in range(200):
        c, d = (int(x) for x in rng.integers(5, 100_000, size=2))
        a, b = int(rng.integers(1, c + 1)), int(rng.integers(0, d + 1))
        args = _nltk_args(a, b, c, d)
        assert abs(g2(a, b, c, d)) == pytest.approx(BigramAssocMeasures.likelihood_ratio(*args), rel=1e-9, abs=1e-9)
        assert abs(chi2(a, b, c, d)) == pytest.approx(BigramAssocMeasures.chi_sq(*args), rel=1e-9, abs=1e-9)
        assert pmi(a, b, c, d) == pytest.approx(BigramAssocMeasures.pmi(*args), rel=1e-12, abs=1e-12)


def test_formulas_by_hand():
    a, b, c, d = 20, 10, 1000, 2000
    n = c + d
    assert g2_two_cell(a, b, c, d) == pytest.approx(2 * (a * math.log(a / (c * (a + b) / n)) + b * math.log(b / (d * (a + b) / n))))
    assert pct_diff(a, b, c, d) == pytest.approx((a / c - b / d) * 100 / (b / d)) == pytest.approx(300.0)
    assert log_ratio(a, b, c, d) == pytest.approx(2.0)
    assert pmi(a, b, c, d) == pytest.approx(math.log2(a * n / ((a + b) * c)))
    assert simple_maths(a, b, c, d, n=1) == pytest.approx((20_000 + 1) / (5_000 + 1))
    assert simple_maths(a, b, c, d, n=100) == pytest.approx((20_000 + 100) / (5_000 + 100))
    e11 = (a + b) * c / n
    assert chi2(a, b, c, d) == pytest.approx(sum(
        (o - e) ** 2 / e for o, e in [(a, e11), (b, (a + b) * d / n), (c - a, (n - a - b) * c / n), (d - b, (n - a - b) * d / n)]
    ))


def test_yates_follows_chisq_test():
    # R: chisq.test(matrix(c(5, 5, 5, 5), 2), correct = TRUE)$statistic is 0 (|O - E| = 0 <= 0.5)
    assert chi2(5, 5, 10, 10, yates=True) == 0.0
    # |O - E| = 0.25 < 0.5: R subtracts min(0.5, |O - E|) = 0.25, so the statistic is 0, not positive
    assert chi2(10, 9, 20, 20, yates=True) == 0.0 and chi2(10, 9, 20, 20) > 0
    # |O - E| = 1: sum((1 - 0.5)^2 / E) with E = 6, 6, 14, 14 (table [7, 5; 13, 15])
    assert chi2(7, 5, 20, 20, yates=True) == pytest.approx(0.25 * (2 / 6 + 2 / 14))


def test_p_value_is_the_chi_square_tail():
    assert p_value(3.841458820694124) == pytest.approx(0.05)
    assert p_value(6.634896601021214) == pytest.approx(0.01)
    assert p_value(10.827566170662733) == pytest.approx(0.001)
    assert p_value(-10.827566170662733) == pytest.approx(0.001)
    assert p_value(0.0) == 1.0
    assert p_value(np.array([3.841458820694124, 0.0])) == pytest.approx([0.05, 1.0])


# --- signs, zeros, arrays -------------------------------------------------------------------------


def test_under_use_is_negative():
    args = (2, 20, 1000, 1000)
    for fn in (g2, g2_two_cell, chi2, log_ratio, pct_diff, pmi):
        assert fn(*args) < 0, fn.__name__
    assert chi2(*args, yates=True) < 0
    assert simple_maths(*args) < 1
    assert g2(*args) == pytest.approx(-g2(20, 2, 1000, 1000))


def test_zero_counts_do_not_crash():
    # absent from the target: log ratio uses 0.5 for a; PMI is -inf
    assert log_ratio(0, 8, 1000, 1000) == pytest.approx(math.log2(0.5 / 8))
    assert g2(0, 8, 1000, 1000) < 0 and math.isfinite(g2(0, 8, 1000, 1000))
    assert pct_diff(0, 8, 1000, 1000) == -100.0
    assert pmi(0, 8, 1000, 1000) == -math.inf
    # absent from the reference: log ratio uses 0.5 for b; %DIFF is +inf (documented convention)
    assert log_ratio(8, 0, 1000, 1000) == pytest.approx(4.0)
    assert pct_diff(8, 0, 1000, 1000) == math.inf
    assert g2(8, 0, 1000, 1000) == pytest.approx(2 * (8 * math.log(2) + 992 * math.log(992 / 996) + 1000 * math.log(1000 / 996)))
    assert g2(0, 0, 10, 10) == 0.0 and g2_two_cell(0, 0, 10, 10) == 0.0


def test_scalar_and_array_inputs_agree():
    a, b = np.array([7, 3, 0, 5]), np.array([2, 7, 4, 0])
    for fn in (g2, g2_two_cell, chi2, log_ratio, pct_diff, pmi, simple_maths):
        values = fn(a, b, 10, 9)
        assert isinstance(values, np.ndarray) and values.shape == (4,)
        assert values.tolist() == [fn(int(x), int(y), 10, 9) for x, y in zip(a, b)], fn.__name__
    assert isinstance(g2(7, 2, 10, 9), float)


# --- the keyness table ----------------------------------------------------------------------------


def test_keyness_table_columns_types_and_order():
    target = pd.Series({"war": 30, "talks": 10, "peace": 60, "truce": 5})
    reference = pd.Series({"war": 100, "talks": 200, "peace": 700, "aid": 50})
    table = keyness(target, reference)
    assert list(table.columns[: len(KEYNESS_COLUMNS)]) == list(KEYNESS_COLUMNS)
    assert list(table.columns) == list(KEYNESS_COLUMNS) + list(EXTRA_COLUMNS)
    assert {c: str(table[c].dtype) for c in ("target", "reference", "term")} == dict.fromkeys(("target", "reference", "term"), "string")
    assert all(str(table[c].dtype) == "int64" for c in ("count_target", "count_reference", "size_target", "size_reference"))
    assert all(str(table[c].dtype) == "float64" for c in ("g2", "g2_2cell", "p_value", "log_ratio", "pct_diff", "chi2", "pmi"))
    assert table["significant"].dtype == bool
    # sizes default to the sums; "aid" (reference only) is left out by min_count=1
    assert set(table["size_target"]) == {105} and set(table["size_reference"]) == {1050}
    assert table["term"].tolist() == ["war", "truce", "peace", "talks"]
    assert table["g2"].is_monotonic_decreasing
    assert table.loc[1, "g2"] == pytest.approx(g2(5, 0, 105, 1050))
    assert table["target"].unique().tolist() == ["target"] and table["reference"].unique().tolist() == ["reference"]


def test_keyness_ties_break_by_term_and_min_count():
    target = pd.Series({"b": 2, "a": 2, "c": 1})
    reference = pd.Series({"a": 1, "b": 1, "c": 1, "z": 3})
    table = keyness(target, reference)
    assert table["term"].tolist() == ["a", "b", "c"]  # a and b tie on g2
    assert keyness(target, reference, min_count=2)["term"].tolist() == ["a", "b"]
    everything = keyness(target, reference, min_count=0)
    assert everything["term"].tolist() == ["a", "b", "c", "z"]
    z = everything.set_index("term").loc["z"]
    assert z["count_target"] == 0 and z["g2"] < 0 and z["log_ratio"] == pytest.approx(math.log2((0.5 / 5) / (3 / 6)))


def test_keyness_explicit_sizes_labels_and_validation():
    target, reference = pd.Series({"nato": 5}), pd.Series({"nato": 5})
    table = keyness(target, reference, size_target=100, size_reference=1000, target_label="RFE/RL", reference_label="BBC")
    row = table.iloc[0]
    assert (row["target"], row["reference"], row["size_target"], row["size_reference"]) == ("RFE/RL", "BBC", 100, 1000)
    assert row["g2"] == pytest.approx(g2(5, 5, 100, 1000)) and row["log_ratio"] == pytest.approx(math.log2(10))
    with pytest.raises(ValueError, match="smaller than a count"):
        keyness(target, reference, size_target=4)
    with pytest.raises(ValueError, match="positive"):
        keyness(target, reference, size_reference=0)
    with pytest.raises(TypeError):
        keyness({"nato": 5}, reference)
    empty = keyness(target, reference, min_count=10)
    assert empty.empty and list(empty.columns) == list(KEYNESS_COLUMNS) + list(EXTRA_COLUMNS)


def test_p_adjust_holm_by_default_and_bonferroni_as_a_deprecated_alias():
    target = pd.Series({"a": 20, "b": 3, "c": 5})
    reference = pd.Series({"a": 5, "b": 3, "c": 40})
    holm = keyness(target, reference)
    assert set(holm["p_adjust_method"]) == {"holm"} and set(holm["family_size"]) == {3}
    # Holm by hand: the smallest p times 3, the next times 2 (never below the previous), the largest times 1
    p = holm.sort_values("p_value")["p_value"].tolist()
    expected = [min(1.0, 3 * p[0])]
    expected.append(min(1.0, max(expected[0], 2 * p[1])))
    expected.append(min(1.0, max(expected[1], p[2])))
    assert holm.sort_values("p_value")["p_adjusted"].tolist() == pytest.approx(expected)
    assert (holm["significant"] == (holm["p_adjusted"] < 0.05)).all()
    plain = keyness(target, reference, p_adjust="none")
    assert (plain["p_adjusted"] == plain["p_value"]).all()
    with pytest.warns(FutureWarning, match="use p_adjust='bonferroni'"):
        adjusted = keyness(target, reference, bonferroni=True)
    m = len(adjusted)
    assert set(adjusted["p_adjust_method"]) == {"bonferroni"}
    assert adjusted["p_adjusted"].tolist() == pytest.approx([min(1.0, p * m) for p in adjusted["p_value"]])
    assert (adjusted["significant"] == (adjusted["p_adjusted"] < 0.05)).all()
    assert adjusted.set_index("term").loc["b", "p_adjusted"] == 1.0
    with pytest.raises(ValueError, match="unknown p_adjust method 'fdr'"):
        keyness(target, reference, p_adjust="fdr")


# --- compare_groups on the fixture corpus ----------------------------------------------------------


def test_compare_outlets_hand_counts(fixture_corpus):
    table = compare_groups(fixture_corpus.tokens, fixture_corpus.documents, by="outlet", target="Outlet A")
    assert table[["term", "count_target", "count_reference"]].values.tolist() == [
        ["must", 1, 0], ["kyiv", 2, 1], ["said", 2, 1], ["wait", 2, 1], ["nato", 1, 1], ["zelenskiy", 1, 1],
    ]
    assert set(table["size_target"]) == {9} and set(table["size_reference"]) == {12}
    assert set(table["target"]) == {"Outlet A"} and set(table["reference"]) == {REST_LABEL}
    kyiv = table.set_index("term").loc["kyiv"]
    # table [2, 1; 7, 11], N = 21, E = 9/7, 12/7, 54/7, 72/7
    by_hand = 2 * (2 * math.log(14 / 9) + math.log(7 / 12) + 7 * math.log(49 / 54) + 11 * math.log(77 / 72))
    assert kyiv["g2"] == pytest.approx(by_hand) == pytest.approx(0.806110, abs=1e-6)
    assert kyiv["log_ratio"] == pytest.approx(math.log2((2 / 9) / (1 / 12)))
    assert kyiv["pct_diff"] == pytest.approx((2 / 9 - 1 / 12) * 100 / (1 / 12))
    assert table.set_index("term").loc["must", "log_ratio"] == pytest.approx(math.log2((1 / 9) / (0.5 / 12)))
    # only two outlets: naming the other one gives the same table
    named = compare_groups(fixture_corpus.tokens, fixture_corpus.documents, by="outlet", target="Outlet A", reference="Outlet B")
    assert named.drop(columns="reference").equals(table.drop(columns="reference"))
    assert set(named["reference"]) == {"Outlet B"}


def test_compare_with_terms_only_in_the_reference(fixture_corpus):
    table = compare_groups(fixture_corpus.tokens, fixture_corpus.documents, by="outlet", target="Outlet A", min_count=0)
    only_b = table[table["count_target"] == 0]
    assert sorted(only_b["term"]) == ["claimed", "disagreed", "eu", "failed", "moscow", "plan", "talks"]
    assert (only_b["g2"] < 0).all() and (only_b["log_ratio"] < 0).all() and np.allclose(only_b["pct_diff"], -100.0)
    assert table["term"].tolist()[-7:] == ["claimed", "disagreed", "eu", "failed", "moscow", "plan", "talks"]


def test_compare_one_document_with_another_and_missing_values(fixture_corpus):
    docs, toks = fixture_corpus.documents, fixture_corpus.tokens
    ab = compare_groups(toks, docs, by="doc_id", target="a", reference="b").set_index("term")
    # b: moscow claimed talks failed nato kyiv disagreed (7)
    assert ab.loc["said", ["count_target", "count_reference", "size_target", "size_reference"]].tolist() == [2, 0, 9, 7]
    assert ab.loc["nato", "g2"] < 0  # 1/9 < 1/7
    missing = compare_groups(toks, docs, by="published", target="(missing)")  # document c has no date
    assert set(missing["size_target"]) == {5} and set(missing["size_reference"]) == {16}


def test_compare_groups_errors(fixture_corpus):
    docs, toks = fixture_corpus.documents, fixture_corpus.tokens
    with pytest.raises(ValueError, match="not a value"):
        compare_groups(toks, docs, by="outlet", target="Outlet C")
    with pytest.raises(ValueError, match="not a value"):
        compare_groups(toks, docs, by="outlet", target="Outlet A", reference="Outlet C")
    with pytest.raises(ValueError, match="differ"):
        compare_groups(toks, docs, by="outlet", target="Outlet A", reference="Outlet A")
    with pytest.raises(KeyError, match="colour"):
        compare_groups(toks, docs, by="colour", target="red")


# --- against general English -----------------------------------------------------------------------


def test_wordfreq_reference_statuses():
    table = wordfreq_reference(["nato", "'s", "n't", "--", "open-door", "zelenskiy", "nato"], reference_size=1000)
    assert table[["term", "status"]].values.tolist() == [
        ["nato", "ok"], ["'s", "clitic"], ["n't", "clitic"], ["--", "no_token"], ["open-door", "multi_token"],
        ["zelenskiy", "ok"],
    ]
    big = wordfreq_reference(["nato", "zelenskiy"], reference_size=1_000_000_000).set_index("term")
    assert big.loc["nato", "proportion"] == 1.02e-05 and big.loc["nato", "count_reference"] == 10_200
    assert big.loc["zelenskiy", "count_reference"] == 0  # wordfreq spells him "zelensky"
    with pytest.raises(ValueError):
        wordfreq_reference(["nato"], reference_size=0)


def test_default_article_against_general_english(seed):
    table = against_general_english(seed.tokens)
    top = table.head(3)
    # Counts in the article (stopwords, punctuation and numerals dropped) and wordfreq proportions
    # x 1e9: zelenskiy 9 vs 0 (unknown to wordfreq), ukraine 20 vs 20,900 (2.09e-05),
    # kyiv 7 vs 1,200 (1.2e-06); the target has 874 word tokens.
    assert top[["term", "count_target", "count_reference"]].values.tolist() == [
        ["zelenskiy", 9, 0], ["ukraine", 20, 20_900], ["kyiv", 7, 1_200],
    ]
    size = int((~seed.tokens["is_punct"] & ~seed.tokens["norm"].isin(CLITICS)).sum())
    assert set(table["size_target"]) == {size} == {874}
    assert set(table["size_reference"]) == {1_000_000_000}
    assert set(table["target"]) == {"corpus"} and set(table["reference"]) == {"wordfreq:en"}
    c, d = 874, 1_000_000_000
    by_hand = 2 * (9 * math.log(9 / (9 * c / (c + d))) + (c - 9) * math.log((c - 9) / ((c + d - 9) * c / (c + d)))
                   + d * math.log(d / ((c + d - 9) * d / (c + d))))
    assert top.iloc[0]["g2"] == pytest.approx(by_hand, rel=1e-9)
    assert top.iloc[1]["g2"] == pytest.approx(g2(20, 20_900, c, d))
    assert top.iloc[0]["log_ratio"] == pytest.approx(math.log2((9 / c) / (0.5 / d)))
    assert "nato" in table["term"].head(5).tolist()
    # what wordfreq cannot count like us is left out: compounds it splits, clitics, punctuation, numerals
    assert not {"three-year-long", "full-scale", "one-fifth", "open-door", "'s", ",", "2025"} & set(table["term"])
    assert (table["pct_diff"].head(3) > 0).all()


def test_nominal_reference_size_changes_g2_not_log_ratio(seed):
    big = against_general_english(seed.tokens).set_index("term")
    small = against_general_english(seed.tokens, reference_size=100_000_000).set_index("term")
    assert small.loc["ukraine", "log_ratio"] == pytest.approx(big.loc["ukraine", "log_ratio"], abs=1e-3)
    assert small.loc["ukraine", "g2"] < big.loc["ukraine", "g2"]
    keep_numbers = against_general_english(seed.tokens, drop_numbers=False)
    assert "2022" in set(keep_numbers["term"])


@pytest.mark.corpora
def test_real_corpus_keyness_runs(shared_corpora):
    from analysis.corpus.load import load_corpus

    docs = load_corpus(shared_corpora / "bbc-news-2005" / "politics", encoding="latin-1").head(60)
    _, toks = tokenize_corpus(docs)
    docs = docs.assign(half=["first" if i < 30 else "second" for i in range(len(docs))])
    table = compare_groups(toks, docs, by="half", target="first", p_adjust="bonferroni")
    assert len(table) > 500 and table["g2"].is_monotonic_decreasing
    general = against_general_english(toks)
    assert {"labour", "blair", "mr"} & set(general["term"].head(20))
