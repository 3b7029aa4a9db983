"""Rate ratios between groups, with exact conditional intervals and p-values.

For a term (a word, phrase or glob, matched as in :mod:`analysis.text.dispersion`:
phrases are consecutive tokens of one sentence) counted ``count_a`` times in
``tokens_a`` word tokens of group A and ``count_b`` times in ``tokens_b`` of
group B, the **rate ratio** is ``(count_a / tokens_a) / (count_b / tokens_b)``.
Its interval and p-value are those of R's ``poisson.test(c(count_a, count_b),
c(tokens_a, tokens_b))`` ("Comparison of Poisson rates"): conditional on the
total ``n = count_a + count_b``, ``count_a`` is binomial with
``p = tokens_a * r / (tokens_a * r + tokens_b)`` under rate ratio ``r``, so

* the p-value is the two-sided exact binomial test of ``count_a`` out of ``n``
  at ``p0 = tokens_a / (tokens_a + tokens_b)``, as R's ``binom.test`` defines it
  (the sum of the probabilities of every outcome no more likely than the one
  observed, with R's relative tolerance of 1e-7; :func:`binomial_test`);
* the Clopper-Pearson interval ``(pL, pU)`` of ``p`` maps to the rate-ratio
  interval ``(pL / (1 - pL) * tokens_b / tokens_a, pU / (1 - pU) * tokens_b / tokens_a)``.

**Multiple comparisons.** A table holds one test per term and pair of groups
(4 terms and 7 groups make 84); its p-values are adjusted as one family
(:mod:`analysis.compare.multiple_testing`, the setting ``p_adjust``, Holm by
default): ``p_adjusted`` stands beside ``p_value``, and ``p_adjust_method`` and
``family_size`` say how. A row with no test (a term in neither group, or a
group without tokens) is not counted in the family and keeps ``p_adjusted = 1``.
The intervals are not adjusted. :func:`summary_sentences` reports only rows
whose adjusted p-value is below 0.05, and says how many were tested.

Zero counts are not errors: ``count_a = 0`` gives a ratio and a lower limit of
0; ``count_b = 0`` gives an infinite ratio and upper limit; no occurrence in
either group (or a group without tokens) gives an undefined ratio (NaN) with
the interval ``[0, inf]`` and p-value 1 (R stops with an error there).

The base of every rate is :data:`analysis.text.token_table.RATE_BASE` (word
tokens: punctuation left out, stopwords included), the same base as
``term_frequencies`` and ``group_comparison``.

Examples:
    >>> row = poisson_rate_test(11, 800, 21, 3011)  # R: example(poisson.test)
    >>> [round(row[k], 6) for k in ("rate_ratio", "ci_low", "ci_high")], round(row["p_value"], 5)
    ([1.971488, 0.858426, 4.277266], 0.07967)
"""

from __future__ import annotations

import itertools
import math
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.compare.multiple_testing import add_adjusted_p_values, significance_sentence
from analysis.corpus.groups import group_columns, group_labels
from analysis.text.dispersion import term_positions, unique_terms
from analysis.text.token_table import rate_base_by_doc, token_parts

#: Columns of the rate-ratio table.
RATE_RATIO_COLUMNS: tuple[str, ...] = (
    "term", "group_a", "group_b", "count_a", "tokens_a", "count_b", "tokens_b", "per_10k_a", "per_10k_b",
    "rate_ratio", "ci_low", "ci_high", "p_value", "p_adjusted", "p_adjust_method", "family_size", "method",
)
#: The ``method`` of every row.
METHOD = "exact conditional (binomial), as R poisson.test"
#: Rates are per this many word tokens.
PER_TOKENS = 10_000

_DTYPES = {"term": "string", "group_a": "string", "group_b": "string", "count_a": "int64", "tokens_a": "int64",
           "count_b": "int64", "tokens_b": "int64", "per_10k_a": "float64", "per_10k_b": "float64",
           "rate_ratio": "float64", "ci_low": "float64", "ci_high": "float64", "p_value": "float64",
           "p_adjusted": "float64", "p_adjust_method": "string", "family_size": "int64", "method": "string"}
#: Significance level of the summary sentences (on adjusted p-values).
ALPHA = 0.05


def binomial_test(x: int, n: int, p: float) -> float:
    """Two-sided exact binomial p-value, as R's ``binom.test(x, n, p)$p.value`` (:func:`scipy.stats.binomtest`).

    SciPy uses R's rule: the sum of ``P(X = i)`` over every ``i`` with
    ``P(X = i) <= P(X = x) * (1 + 1e-7)``.

    Examples:
        >>> round(binomial_test(682, 925, 0.75), 4)  # R: binom.test(c(682, 243), p = 3/4)
        0.3825
        >>> binomial_test(5, 10, 0.5)
        1.0
    """
    from scipy.stats import binomtest

    return float(binomtest(int(x), int(n), float(p)).pvalue)


def clopper_pearson(x: int, n: int, *, level: float = 0.95) -> tuple[float, float]:
    """The exact (Clopper-Pearson) interval of a binomial proportion, as R's ``binom.test``.

    :func:`scipy.stats.binomtest` ``.proportion_ci(method="exact")``: the lower limit solves
    ``P(X >= x; p) = (1 - level) / 2`` (0 when ``x = 0``), the upper one ``P(X <= x; p) = (1 - level) / 2``
    (1 when ``x = n``).

    Examples:
        >>> [round(v, 6) for v in clopper_pearson(682, 925)]  # R: 0.7076683 0.7654066
        [0.707668, 0.765407]
        >>> clopper_pearson(0, 10)[0], clopper_pearson(10, 10)[1]
        (0.0, 1.0)
    """
    from scipy.stats import binomtest

    interval = binomtest(int(x), int(n)).proportion_ci(confidence_level=level, method="exact")
    return float(interval.low), float(interval.high)


def _odds_to_ratio(p: float, scale: float) -> float:
    if p >= 1.0:
        return math.inf
    return p / (1.0 - p) * scale


def poisson_rate_test(count_a: int, tokens_a: int, count_b: int, tokens_b: int, *,
                      level: float = 0.95) -> dict[str, float]:
    """The rate ratio of A to B, its exact conditional interval and two-sided p-value.

    Returns:
        ``{"rate_ratio", "ci_low", "ci_high", "p_value"}`` (see the module docstring).

    Raises:
        ValueError: A negative count or token number, or ``level`` not in (0, 1).

    Examples:
        >>> poisson_rate_test(0, 100, 5, 100)["ci_low"], poisson_rate_test(5, 100, 0, 100)["rate_ratio"]
        (0.0, inf)
        >>> poisson_rate_test(0, 100, 0, 100)
        {'rate_ratio': nan, 'ci_low': 0.0, 'ci_high': inf, 'p_value': 1.0}
        >>> poisson_rate_test(0, 0, 3, 100)  # a group without word tokens: no division by zero
        {'rate_ratio': nan, 'ci_low': 0.0, 'ci_high': inf, 'p_value': 1.0}
        >>> poisson_rate_test(2, 0, 3, 100)  # matches (of punctuation, say) but no word tokens: undefined too
        {'rate_ratio': nan, 'ci_low': 0.0, 'ci_high': inf, 'p_value': 1.0}
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if min(count_a, tokens_a, count_b, tokens_b) < 0:
        raise ValueError("counts and token numbers must not be negative")
    n = int(count_a) + int(count_b)
    if n == 0 or tokens_a == 0 or tokens_b == 0:
        return {"rate_ratio": math.nan, "ci_low": 0.0, "ci_high": math.inf, "p_value": 1.0}
    scale = tokens_b / tokens_a
    low, high = clopper_pearson(int(count_a), n, level=level)
    return {
        "rate_ratio": (count_a * tokens_b) / (count_b * tokens_a) if count_b else math.inf,
        "ci_low": _odds_to_ratio(low, scale),
        "ci_high": _odds_to_ratio(high, scale),
        "p_value": binomial_test(int(count_a), n, tokens_a / (tokens_a + tokens_b)),
    }


def group_pairs(groups: Sequence[str], target_group: str | None = None) -> list[tuple[str, str]]:
    """The ordered pairs compared: every pair in sorted order, or the target against each other group.

    Raises:
        ValueError: ``target_group`` is not one of the groups.

    Examples:
        >>> group_pairs(["b", "a", "c"])
        [('a', 'b'), ('a', 'c'), ('b', 'c')]
        >>> group_pairs(["a", "b", "c"], "c")
        [('c', 'a'), ('c', 'b')]
    """
    ordered = sorted(set(groups))
    if target_group is None:
        return list(itertools.combinations(ordered, 2))
    if target_group not in ordered:
        raise ValueError(f"target_group {target_group!r} is not a group; the groups are: {', '.join(ordered)}")
    return [(target_group, g) for g in ordered if g != target_group]


def rate_ratio_rows(counts: pd.DataFrame, pairs: Sequence[tuple[str, str]], *, per: int = PER_TOKENS,
                    level: float = 0.95, p_adjust: str = "holm") -> pd.DataFrame:
    """Rate ratios from counts: one row per term (in first-seen order) and pair, p-values adjusted as one family.

    Args:
        counts: Columns ``term, group, count, tokens`` (one row per term and
            group; a missing row counts 0 with the group's tokens from
            ``tokens`` of any row of that group, else 0).
        pairs: ``(group_a, group_b)`` pairs.
        per: Rates are per this many tokens (``per_10k_*`` columns; 1,000 for lexicon rates).
        level: Confidence level.
        p_adjust: How to adjust the p-values (:data:`analysis.compare.multiple_testing.P_ADJUST_METHODS`).

    Examples:
        >>> c = pd.DataFrame({"term": ["war", "war"], "group": ["a", "b"], "count": [2054, 108],
        ...                   "tokens": [210082, 127333]})
        >>> row = rate_ratio_rows(c, [("a", "b")]).iloc[0]
        >>> [round(float(row[k]), 4) for k in ("rate_ratio", "ci_low", "ci_high")]
        [11.5273, 9.4964, 14.1213]
    """
    tokens_of = {str(g): int(t) for g, t in zip(counts["group"], counts["tokens"])}
    count_of = {(str(t), str(g)): int(c) for t, g, c in zip(counts["term"], counts["group"], counts["count"])}
    rows = []
    for term in dict.fromkeys(counts["term"].astype(str)):
        for a, b in pairs:
            ca, cb = count_of.get((term, a), 0), count_of.get((term, b), 0)
            ta, tb = tokens_of.get(a, 0), tokens_of.get(b, 0)
            rows.append({
                "term": term, "group_a": a, "group_b": b, "count_a": ca, "tokens_a": ta, "count_b": cb,
                "tokens_b": tb, "per_10k_a": ca * per / ta if ta else math.nan,
                "per_10k_b": cb * per / tb if tb else math.nan,
                **poisson_rate_test(ca, ta, cb, tb, level=level), "method": METHOD,
            })
    plain = [c for c in RATE_RATIO_COLUMNS if c not in ("p_adjusted", "p_adjust_method", "family_size")]
    table = pd.DataFrame(rows, columns=plain)
    tested = ((table["count_a"] + table["count_b"] > 0) & (table["tokens_a"] > 0) & (table["tokens_b"] > 0))
    table = add_adjusted_p_values(table, p_adjust, tested=tested.to_numpy())
    return table[list(RATE_RATIO_COLUMNS)].astype(_DTYPES)


def term_counts_by_group(tokens: pd.DataFrame, documents: pd.DataFrame, *, by, terms: Sequence[str]) -> pd.DataFrame:
    """Occurrences of each term and the word tokens of each group: columns ``term, group, count, tokens``.

    ``tokens`` is a token table or its parts (see :func:`analysis.text.token_table.token_parts`).

    Every term has a row for every group (sorted), zero counts included.
    """
    terms = unique_terms(terms)
    labels = group_labels(documents, by).astype(str)
    group_of = dict(zip(documents["doc_id"].astype(str), labels))
    groups = sorted(set(labels))
    tokens_of = {g: 0 for g in groups}
    tally: dict[tuple[str, str], int] = {}
    for part in token_parts(tokens):  # one table, or the store's parts: sums over documents either way
        for doc_id, n in rate_base_by_doc(part).items():
            tokens_of[group_of[doc_id]] += n
        if not terms or part.empty:
            continue
        positions = term_positions(part, terms=terms)
        for key in zip(positions["term"].astype(str), (group_of[str(d)] for d in positions["doc_id"])):
            tally[key] = tally.get(key, 0) + 1
    rows = [{"term": t, "group": g, "count": int(tally.get((t, g), 0)), "tokens": tokens_of[g]}
            for t in terms for g in groups]
    return pd.DataFrame(rows, columns=["term", "group", "count", "tokens"]).astype(
        {"term": "string", "group": "string", "count": "int64", "tokens": "int64"})


def rate_ratios(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by,
    terms: Sequence[str],
    target_group: str | None = None,
    level: float = 0.95,
    p_adjust: str = "holm",
) -> pd.DataFrame:
    """Rate ratios of terms between groups of documents (the ``rate_ratios`` table).

    Args:
        tokens: The token table.
        documents: The document table, with the grouping column(s).
        by: A metadata column or a list of them (labels from
            :func:`analysis.corpus.groups.group_labels`); ``None`` gives an empty table.
        terms: Words, phrases or globs (``compare_terms``).
        target_group: Compare this group with each other one; ``None``: every pair of groups.
        level: Confidence level.
        p_adjust: The ``p_adjust`` setting: every row of the table is one family.

    Returns:
        Columns :data:`RATE_RATIO_COLUMNS`, terms in the given order, then pairs.
        Empty when there are fewer than two groups.

    Raises:
        KeyError: ``by`` names a column the documents lack.
        ValueError: ``target_group`` is not a group.

    Examples:
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["War, war and peace.", "Peace talks on war."],
        ...                      "outlet": ["X", "Y"]})
        >>> _, toks = tokenize_corpus(docs)
        >>> table = rate_ratios(toks, docs, by="outlet", terms=["war", "peace talks"])
        >>> table[["term", "count_a", "tokens_a", "count_b", "tokens_b", "rate_ratio"]].values.tolist()
        [['war', 2, 4, 1, 4, 2.0], ['peace talks', 0, 4, 1, 4, 0.0]]
    """
    if not group_columns(by):
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _DTYPES.items()})
    counts = term_counts_by_group(tokens, documents, by=by, terms=terms)
    groups = sorted(set(counts["group"].astype(str))) or sorted(set(group_labels(documents, by).astype(str)))
    if len(groups) < 2:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _DTYPES.items()})
    table = rate_ratio_rows(counts, group_pairs(groups, target_group), level=level, p_adjust=p_adjust)
    table.attrs.update(level=float(level))
    return table


def summary_sentences(table: pd.DataFrame, *, per_label: str = "per 10,000 words", limit: int = 10,
                      alpha: float = ALPHA) -> list[str]:
    """One plain sentence per rate ratio that remains significant after adjustment (strongest first).

    A row is reported when its ``p_adjusted`` is below ``alpha`` (see
    :mod:`analysis.compare.multiple_testing`); its interval is the unadjusted
    exact one. :func:`findings` adds how many comparisons were tested.

    Examples:
        >>> c = pd.DataFrame({"term": ["war", "war"], "group": ["a", "b"], "count": [2054, 108],
        ...                   "tokens": [210082, 127333]})
        >>> summary_sentences(rate_ratio_rows(c, [("a", "b")]))[0]
        "'war' is 11.53 times as frequent in a as in b (95% CI 9.50–14.12; 97.77 vs 8.48 per 10,000 words; Holm-adjusted p < 0.001)."
        >>> zero = pd.DataFrame({"term": ["war", "war"], "group": ["a", "b"], "count": [0, 40], "tokens": [1000, 1000]})
        >>> summary_sentences(rate_ratio_rows(zero, [("a", "b")]))[0]  # upper limit of a vs b: 1 - 0.025 ** (1 / 40) = 0.0881 as odds 0.0966; 1 / 0.0966 = 10.35
        "'war' is ∞ times as frequent in b as in a (95% CI 10.35–∞; 400.00 vs 0.00 per 10,000 words; Holm-adjusted p < 0.001)."
        >>> two = pd.DataFrame({"term": ["war"] * 3, "group": ["a", "b", "c"], "count": [12, 4, 4],
        ...                     "tokens": [1000] * 3})  # a vs b, a vs c: 2 * P(X >= 12), X ~ Bin(16, 1/2) = 0.0768
        >>> summary_sentences(rate_ratio_rows(two, [("a", "b"), ("a", "c")], p_adjust="none"), alpha=0.08)[0]
        "'war' is 3.00 times as frequent in a as in b (95% CI 0.91–12.76; 120.00 vs 40.00 per 10,000 words; p = 0.0768)."
        >>> summary_sentences(rate_ratio_rows(two, [("a", "b"), ("a", "c")]), alpha=0.08)  # Holm: 2 * 0.0768
        []
    """
    if table.empty:
        return []
    per_a, per_b = ("per_1k_a", "per_1k_b") if "per_1k_a" in table.columns else ("per_10k_a", "per_10k_b")
    table = table.rename(columns={per_a: "per_a", per_b: "per_b"})
    level = int(round(100 * float(table.attrs.get("level", 0.95))))
    clear = table[table["p_adjusted"] < alpha].copy()
    clear["_strength"] = np.abs(np.log(clear["rate_ratio"].replace(0, np.nan).astype(float))).fillna(np.inf)
    clear = clear.sort_values(["_strength", "term"], ascending=[False, True], kind="mergesort").head(limit)
    out = []
    for row in clear.itertuples(index=False):
        a, b, ratio = row.group_a, row.group_b, row.rate_ratio
        low, high = row.ci_low, row.ci_high
        if ratio < 1:  # say it the readable way round: more frequent in b
            a, b = b, a
            ratio, low, high = ((1 / ratio if ratio else math.inf), (1 / high if high else math.inf),
                                (1 / low if low else math.inf))
            first, second = row.per_b, row.per_a
        else:
            first, second = row.per_a, row.per_b
        out.append(f"{row.term!r} is {_num(ratio)} times as frequent in {a} as in {b} "
                   f"({level}% CI {_num(low)}–{_num(high)}; {first:.2f} vs {second:.2f} {per_label}; "
                   f"{_p_text(row.p_adjusted, str(row.p_adjust_method))}).")
    return out


def _p_text(p: float, method: str) -> str:
    """``Holm-adjusted p = 0.0123`` (``p = ...`` without adjustment; ``< 0.001`` below that)."""
    name = {"holm": "Holm-adjusted p", "bh": "BH-adjusted p", "bonferroni": "Bonferroni-adjusted p"}.get(method, "p")
    return f"{name} < 0.001" if p < 0.001 else f"{name} = {p:.4f}"


def _num(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.2f}"


def tone_sentences(tone: pd.DataFrame) -> list[str]:
    """Summary sentences of :func:`analysis.compare.groups.tone_by_group`: lowest and highest mean tone.

    Examples:
        >>> t = pd.DataFrame({"group": ["A", "B"], "measure": ["compound:mean"] * 2, "value": [-0.2, 0.1],
        ...                   "ci_low": [-0.3, 0.0], "ci_high": [-0.1, 0.2], "n_sentences": [10, 12]})
        >>> tone_sentences(t)[0]
        'Mean sentence tone (VADER compound, -1 to +1) is lowest in A, -0.200 (95% CI -0.300 to -0.100; 10 sentences), and highest in B, 0.100 (95% CI 0.000 to 0.200; 12 sentences).'
    """
    mean = tone[(tone["measure"] == "compound:mean") & tone["value"].notna()]
    if mean.empty:
        return []
    level = int(round(100 * float(tone.attrs.get("level", 0.95))))

    def part(row) -> str:
        return (f"{row.group}, {row.value:.3f} ({level}% CI {row.ci_low:.3f} to {row.ci_high:.3f}; "
                f"{row.n_sentences} sentences)")

    ordered = mean.sort_values(["value", "group"], kind="mergesort")
    low, high = next(ordered.itertuples(index=False)), list(ordered.itertuples(index=False))[-1]
    if len(ordered) == 1:
        return [f"Mean sentence tone (VADER compound, -1 to +1) in {part(low)}."]
    return [f"Mean sentence tone (VADER compound, -1 to +1) is lowest in {part(low)}, and highest in {part(high)}."]


def limitations(documents: pd.DataFrame, by, groups: Sequence[str]) -> list[str]:
    """What a group-and-time study of this corpus cannot show, in words (empty when nothing is missing).

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": [None]})
        >>> for line in limitations(docs, "outlet", ["(missing)"]):
        ...     print(line)
        Only one group in 'outlet' ((missing)): there is nothing to compare between groups, so there are no rate ratios and tone and lexicon rates are for the whole corpus.
        The documents carry no 'published' date: nothing can be shown over time. Add a published column (or a period column) to metadata.csv and group by it.
    """
    out = []
    columns = group_columns(by)
    if not columns:
        out.append("Grouping is off (group_by is None): there are no rate ratios, and tone and lexicon rates are "
                   "for the whole corpus.")
    elif len(groups) < 2:
        shown = ", ".join(groups) or "none"
        out.append(f"Only one group in {', '.join(map(repr, columns))} ({shown}): there is nothing to compare "
                   "between groups, so there are no rate ratios and tone and lexicon rates are for the whole corpus.")
    dated = "published" in documents.columns and documents["published"].astype("string").str.strip().fillna("").ne("").any()
    if not dated:
        out.append("The documents carry no 'published' date: nothing can be shown over time. Add a published "
                   "column (or a period column) to metadata.csv and group by it.")
    return out


def findings(ratios: pd.DataFrame, tone: pd.DataFrame | None = None, lexicon_ratios: pd.DataFrame | None = None,
             *, limit: int = 10) -> list[str]:
    """The summary a group notebook opens with: how many comparisons survive adjustment, then one sentence each.

    Examples:
        >>> c = pd.DataFrame({"term": ["war", "war"], "group": ["a", "b"], "count": [3, 2], "tokens": [100, 100]})
        >>> findings(rate_ratio_rows(c, [("a", "b")]))
        ["0 of 1 comparisons of the compare_terms remain significant after Holm's adjustment (adjusted p < 0.05)."]
        >>> findings(rate_ratio_rows(c.assign(count=0), [("a", "b")]))
        ['No rate ratio of the compare_terms could be tested: no term occurs in the groups compared.']
    """
    out = []
    if not ratios.empty:
        out.append(significance_sentence(ratios, alpha=ALPHA, what="comparisons of the compare_terms")
                   or "No rate ratio of the compare_terms could be tested: no term occurs in the groups compared.")
    out += summary_sentences(ratios, limit=limit)
    if tone is not None:
        out += tone_sentences(tone)
    if lexicon_ratios is not None and not lexicon_ratios.empty:
        out.append(significance_sentence(lexicon_ratios, alpha=ALPHA, what="comparisons of lexicon categories")
                   or "No lexicon category could be tested: no lexicon word occurs in the groups compared.")
        out += summary_sentences(lexicon_ratios, per_label="per 1,000 words", limit=limit)
    return out
