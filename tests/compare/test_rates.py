"""Rate ratios: exact conditional intervals and p-values as R's poisson.test, zero counts, phrases, one base."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.compare.groups import group_comparison
from analysis.compare.rates import (
    METHOD,
    RATE_RATIO_COLUMNS,
    binomial_test,
    clopper_pearson,
    group_pairs,
    poisson_rate_test,
    rate_ratio_rows,
    rate_ratios,
    summary_sentences,
)
from analysis.framing import analyze_framing
from analysis.text.frequencies import term_frequencies
from analysis.text.prepare import prepare_corpus
from analysis.text.tokenize import tokenize_corpus


def test_r_documented_example():
    # R: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))
    #   p-value = 0.07967; 95 percent confidence interval: 0.8584264 4.2772659; rate ratio 1.971488
    row = poisson_rate_test(11, 800, 21, 3011)
    assert row["rate_ratio"] == pytest.approx(1.971488, abs=5e-7)
    assert row["ci_low"] == pytest.approx(0.8584264, abs=5e-8)
    assert row["ci_high"] == pytest.approx(4.2772659, abs=5e-8)
    assert row["p_value"] == pytest.approx(0.07967, abs=5e-6)


def test_worked_value_of_the_issue():
    # counts 2,054 in 210,082 tokens against 108 in 127,333 (REFERENCES.md): 11.5273 [9.4964, 14.1213]
    row = poisson_rate_test(2054, 210082, 108, 127333)
    assert row["rate_ratio"] == pytest.approx(2054 / 210082 / (108 / 127333))
    assert (round(row["rate_ratio"], 4), round(row["ci_low"], 4), round(row["ci_high"], 4)) == (11.5273, 9.4964, 14.1213)
    assert row["p_value"] < 1e-200


def test_binomial_pieces_by_hand():
    # n = 3, p0 = 1/2: P = 1/8, 3/8, 3/8, 1/8; x = 0 -> outcomes no likelier than 1/8 are 0 and 3: p = 1/4
    assert binomial_test(0, 3, 0.5) == pytest.approx(0.25)
    assert binomial_test(1, 3, 0.5) == pytest.approx(1.0)
    # x = 0 of n: the upper Clopper-Pearson limit is 1 - (alpha/2)^(1/n); x = n: the lower is (alpha/2)^(1/n)
    assert clopper_pearson(0, 3) == (0.0, pytest.approx(1 - 0.025 ** (1 / 3), abs=1e-12))
    assert clopper_pearson(3, 3) == (pytest.approx(0.025 ** (1 / 3), abs=1e-12), 1.0)
    # x = 1 of 1: lower limit 0.025 exactly
    assert clopper_pearson(1, 1)[0] == pytest.approx(0.025, abs=1e-12)
    # R: binom.test(682, 925, p = 3/4): p-value = 0.3825, CI 0.7076683 0.7654066
    assert binomial_test(682, 925, 0.75) == pytest.approx(0.3825, abs=5e-5)
    low, high = clopper_pearson(682, 925)
    assert low == pytest.approx(0.7076683, abs=5e-8) and high == pytest.approx(0.7654066, abs=5e-8)


def test_zero_counts_give_intervals_not_errors():
    # count_a = 0, count_b = 3 at equal bases: ratio 0, lower 0, upper pU/(1-pU) with pU = 1 - 0.025^(1/3)
    row = poisson_rate_test(0, 100, 3, 100)
    p_upper = 1 - 0.025 ** (1 / 3)
    assert row["rate_ratio"] == 0.0 and row["ci_low"] == 0.0
    assert row["ci_high"] == pytest.approx(p_upper / (1 - p_upper))
    assert row["p_value"] == pytest.approx(0.25)
    # count_b = 0: infinite ratio and upper limit, finite lower limit
    row = poisson_rate_test(3, 100, 0, 200)
    p_lower = 0.025 ** (1 / 3)
    assert math.isinf(row["rate_ratio"]) and math.isinf(row["ci_high"])
    assert row["ci_low"] == pytest.approx(p_lower / (1 - p_lower) * 2)
    # nothing anywhere, or a group without tokens: undefined ratio, the whole interval, p = 1
    for args in [(0, 100, 0, 100), (0, 0, 4, 100), (0, 0, 0, 0)]:
        row = poisson_rate_test(*args)
        assert math.isnan(row["rate_ratio"]) and (row["ci_low"], row["ci_high"], row["p_value"]) == (0.0, math.inf, 1.0)


def test_bad_input():
    with pytest.raises(ValueError, match="negative"):
        poisson_rate_test(-1, 10, 1, 10)
    with pytest.raises(ValueError, match="level"):
        poisson_rate_test(1, 10, 1, 10, level=1.5)
    with pytest.raises(ValueError, match="not a group"):
        group_pairs(["a", "b"], "c")


def _corpus():
    docs = pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "c1"],
        "text": ["War and war. Security guarantees matter.", "The war goes on.",
                 "Security. Guarantees are talked about. Peace talks.", "Nothing here, really."],
        "outlet": ["A", "A", "B", None],
    })
    _, tokens = tokenize_corpus(docs)
    return docs, tokens


def test_table_by_hand():
    docs, tokens = _corpus()
    table = rate_ratios(tokens, docs, by="outlet", terms=["war", "security guarantees", "talk*"])
    assert list(table.columns) == list(RATE_RATIO_COLUMNS)
    # groups sorted: "(missing)", "A", "B"; every pair
    assert table[["group_a", "group_b"]].drop_duplicates().values.tolist() == [
        ["(missing)", "A"], ["(missing)", "B"], ["A", "B"]]
    # word tokens: A = 3 + 3 + 4 = 10 (War and war / Security guarantees matter / The war goes on),
    # B = 1 + 4 + 2 = 7, (missing) = 3 (Nothing here really)
    ab = table[(table["group_a"] == "A") & (table["group_b"] == "B")].set_index("term")
    assert ab.loc["war", ["count_a", "tokens_a", "count_b", "tokens_b"]].tolist() == [3, 10, 0, 7]
    # the phrase only within a sentence: "Security. Guarantees" in B is not a match
    assert ab.loc["security guarantees", ["count_a", "count_b"]].tolist() == [1, 0]
    assert ab.loc["talk*", ["count_a", "count_b"]].tolist() == [0, 2]
    assert ab.loc["talk*", "per_10k_b"] == pytest.approx(2 * 10_000 / 7)
    assert ab.loc["talk*", "rate_ratio"] == 0.0 and ab.loc["talk*", "ci_low"] == 0.0
    assert math.isinf(ab.loc["war", "rate_ratio"])
    assert set(table["method"]) == {METHOD}
    missing = table[table["group_a"] == "(missing)"]
    assert set(missing["tokens_a"]) == {3} and set(missing["count_a"]) == {0}
    # target_group: that group against each other one
    target = rate_ratios(tokens, docs, by="outlet", terms=["war"], target_group="B")
    assert target[["group_a", "group_b"]].values.tolist() == [["B", "(missing)"], ["B", "A"]]


def test_a_group_without_word_tokens_gets_rows_and_intervals():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["War and war.", "... !"], "outlet": ["A", "B"]})
    _, tokens = tokenize_corpus(docs)
    table = rate_ratios(tokens, docs, by="outlet", terms=["war", "!"])
    war = table[table["term"] == "war"].iloc[0]
    assert (war.count_a, war.tokens_a, war.count_b, war.tokens_b) == (2, 3, 0, 0)
    assert math.isnan(war.per_10k_b) and math.isnan(war.rate_ratio) and (war.ci_low, war.ci_high) == (0.0, math.inf)
    bang = table[table["term"] == "!"].iloc[0]  # a punctuation match in a group of no word tokens
    assert bang.count_b == 1 and math.isnan(bang.rate_ratio) and bang.p_value == 1.0


def test_one_group_or_no_grouping_gives_an_empty_table():
    docs, tokens = _corpus()
    docs = docs.assign(outlet="A")
    assert rate_ratios(tokens, docs, by="outlet", terms=["war"]).empty
    assert list(rate_ratios(tokens, docs, by=None, terms=["war"]).columns) == list(RATE_RATIO_COLUMNS)
    with pytest.raises(KeyError, match="desk"):
        rate_ratios(tokens, docs, by="desk", terms=["war"])


def test_group_by_a_list_of_columns():
    docs, tokens = _corpus()
    docs = docs.assign(period=["before", "after", "before", "before"])
    table = rate_ratios(tokens, docs, by=["outlet", "period"], terms=["war"], target_group="A | before")
    assert table["group_b"].tolist() == ["(missing) | before", "A | after", "B | before"]
    assert table["count_a"].tolist() == [2, 2, 2] and table["tokens_a"].tolist() == [6, 6, 6]


def test_per_10k_is_the_same_number_in_every_table(small_corpus):
    prepared = prepare_corpus(small_corpus)
    by_group = term_frequencies(prepared.tokens, by="outlet", documents=prepared.documents)
    by_group = by_group.set_index(["outlet", "term"])["per_10k"]
    comparison = group_comparison(prepared, analyze_framing(prepared), by="outlet", terms=["said", "kyiv"],
                                  n_resamples=20)
    ratios = rate_ratios(prepared.tokens, prepared.documents, by="outlet", terms=["said", "kyiv"])
    for term in ["said", "kyiv"]:
        row = ratios[ratios["term"] == term].iloc[0]
        compared = comparison[comparison["measure"] == f"term:{term}"].set_index("group")["value"]
        for group, value in [(row.group_a, row.per_10k_a), (row.group_b, row.per_10k_b)]:
            assert value == pytest.approx(by_group[(group, term)], rel=1e-12)
            assert value == pytest.approx(compared[group], rel=1e-12)
    # hand count: "said" twice in Outlet A's 12 word tokens
    assert by_group[("Outlet A", "said")] == pytest.approx(2 * 10_000 / 12)


def test_summary_sentences_name_effect_interval_and_group():
    counts = pd.DataFrame({"term": ["war", "war", "peace", "peace"], "group": ["x", "y", "x", "y"],
                           "count": [108, 2054, 5, 8], "tokens": [127333, 210082, 127333, 210082]})
    table = rate_ratio_rows(counts, [("x", "y")])
    sentences = summary_sentences(table)
    # the ratio below 1 is said the readable way round, and the clear-less "peace" row is left out
    assert sentences == ["'war' is 11.53 times as frequent in y as in x (95% CI 9.50–14.12; "
                         "97.77 vs 8.48 per 10,000 words; Holm-adjusted p < 0.001)."]
    assert summary_sentences(table.iloc[0:0]) == []


def test_deterministic():
    docs, tokens = _corpus()
    first = rate_ratios(tokens, docs, by="outlet", terms=["war", "talk*"])
    second = rate_ratios(tokens, docs, by="outlet", terms=["war", "talk*"])
    pd.testing.assert_frame_equal(first, second)


def test_findings_say_when_nothing_differs():
    from analysis.compare.rates import findings

    same = rate_ratio_rows(pd.DataFrame({"term": ["war", "war"], "group": ["x", "y"], "count": [5, 8],
                                         "tokens": [1000, 1000]}), [("x", "y")])
    lexicon = same.rename(columns={"per_10k_a": "per_1k_a", "per_10k_b": "per_1k_b"})
    tone = pd.DataFrame({"group": ["x"], "measure": ["compound:mean"], "value": [0.1], "ci_low": [0.0],
                         "ci_high": [0.2], "n_sentences": [3]})
    assert findings(same, tone, lexicon) == [
        "0 of 1 comparisons of the compare_terms remain significant after Holm's adjustment (adjusted p < 0.05).",
        "Mean sentence tone (VADER compound, -1 to +1) in x, 0.100 (95% CI 0.000 to 0.200; 3 sentences).",
        "0 of 1 comparisons of lexicon categories remain significant after Holm's adjustment (adjusted p < 0.05)."]
    assert findings(same.iloc[0:0]) == []
    clear = rate_ratio_rows(pd.DataFrame({"term": ["fear", "fear"], "group": ["x", "y"], "count": [60, 10],
                                          "tokens": [1000, 1000]}), [("x", "y")])
    lexicon = clear.rename(columns={"per_10k_a": "per_1k_a", "per_10k_b": "per_1k_b"})
    # interval checked with exact binomial tails summed in plain Python (math.comb): 3.0475, 13.1462
    assert findings(same, None, lexicon)[2] == ("'fear' is 6.00 times as frequent in x as in y "
                                                "(95% CI 3.05–13.15; 600.00 vs 100.00 per 1,000 words; "
                                                "Holm-adjusted p < 0.001).")


def _family(p_adjust):
    # "war": 10 vs 2 in equal token counts: p = 2 * P(X >= 10), X ~ Bin(12, 1/2) = 2 * 79 / 4096 = 0.0385742;
    # "talks" and "peace": 5 vs 5, p = 1; "ghost": in neither group, no test
    counts = pd.DataFrame({"term": ["war", "war", "talks", "talks", "peace", "peace", "ghost", "ghost"],
                           "group": ["x", "y"] * 4, "count": [10, 2, 5, 5, 5, 5, 0, 0], "tokens": [1000] * 8})
    return rate_ratio_rows(counts, [("x", "y")], p_adjust=p_adjust)


def test_p_values_are_adjusted_as_one_family_per_table():
    holm = _family("holm").set_index("term")
    assert holm.loc["war", "p_value"] == pytest.approx(79 / 2048, rel=1e-9)
    assert holm.loc["war", "p_adjusted"] == pytest.approx(3 * 79 / 2048, rel=1e-9)  # m = 3: "ghost" is no test
    assert holm.loc["talks", "p_adjusted"] == 1.0 and holm.loc["ghost", "p_adjusted"] == 1.0
    assert set(holm["family_size"]) == {3} and set(holm["p_adjust_method"]) == {"holm"}
    bh = _family("bh").set_index("term")
    assert bh.loc["war", "p_adjusted"] == pytest.approx(3 * 79 / 2048, rel=1e-9)  # BH: m * p / 1
    none = _family("none").set_index("term")
    assert none.loc["war", "p_adjusted"] == none.loc["war", "p_value"]
    with pytest.raises(ValueError, match="unknown p_adjust method 'fdr'"):
        _family("fdr")


def test_summary_reports_only_comparisons_that_survive_adjustment():
    from analysis.compare.rates import findings

    # unadjusted, "war" (p = 0.039) would be a finding; after Holm (0.116) it is not
    assert findings(_family("none"))[0] == ("1 of 3 comparisons of the compare_terms have p < 0.05 "
                                            "(no adjustment for multiple comparisons).")
    assert findings(_family("none"))[1].startswith("'war' is 5.00 times as frequent in x as in y")
    assert findings(_family("holm")) == ["0 of 3 comparisons of the compare_terms remain significant after "
                                         "Holm's adjustment (adjusted p < 0.05)."]


@pytest.mark.parametrize("x, n, p0", [(1, 7, 0.3), (60, 70, 0.5), (11, 32, 800 / 3811), (0, 12, 0.25), (9, 9, 0.6)])
def test_against_plain_python_binomial_sums(x, n, p0):
    """Independent computation: exact binomial tails with math.comb, bisection, R's binom.test p-value rule."""
    from math import comb

    def pmf(i, p):
        return comb(n, i) * p ** i * (1 - p) ** (n - i)

    def solve(tail, increasing):
        lo, hi = 0.0, 1.0
        for _ in range(100):
            mid = (lo + hi) / 2
            if (tail(mid) < 0.025) == increasing:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    low = 0.0 if x == 0 else solve(lambda p: sum(pmf(i, p) for i in range(x, n + 1)), True)
    high = 1.0 if x == n else solve(lambda p: sum(pmf(i, p) for i in range(0, x + 1)), False)
    got = clopper_pearson(x, n)
    assert got[0] == pytest.approx(low, abs=1e-9) and got[1] == pytest.approx(high, abs=1e-9)
    observed = pmf(x, p0)
    expected_p = sum(pmf(i, p0) for i in range(n + 1) if pmf(i, p0) <= observed * (1 + 1e-7))
    assert binomial_test(x, n, p0) == pytest.approx(min(1.0, expected_p), rel=1e-9)
