"""Keyness: which terms a target uses more (or less) than a reference.

Every measure reads the same 2x2 table. For a term with frequency ``a`` in a
target of ``c`` tokens and ``b`` in a reference of ``d`` tokens (``N = c + d``)::

                  target    reference
    term        |   a     |    b      |  a + b
    other terms |  c - a  |  d - b    |  N - a - b
                     c         d          N

The association measures (G², X², PMI, Log Ratio) live in
:mod:`analysis.text.association`, with collocations' t-score and Dice, and
are re-exported here; the scalar functions take ``a, b, c, d`` in this order, as numbers or
NumPy arrays (they broadcast; scalar inputs give a ``float``). Their formulas
and the tools each one matches:

* :func:`g2`: 2 Σ O ln(O/E) over all four cells (Dunning 1993). quanteda
  ``textstat_keyness(measure="lr", correction="none")``, NLTK
  ``BigramAssocMeasures.likelihood_ratio``, AntConc "Log-Likelihood (4-term)".
* :func:`g2_two_cell`: 2 [a ln(a/E1) + b ln(b/E2)] (Rayson & Garside 2000).
  The UCREL log-likelihood wizard, AntConc "Log-Likelihood (2-term)".
* :func:`p_value`: upper tail of chi-square with 1 df at ``|G2|``, as R's
  ``1 - pchisq(abs(G2), 1)``.
* :func:`log_ratio`: log2((a/c) / (b/d)), 0.5 for a zero frequency (Hardie 2014).
* :func:`pct_diff`: (a/c - b/d) * 100 / (b/d) (Gabrielatos & Marchi 2012, %DIFF).
* :func:`chi2`: Pearson's X² of the table. NLTK ``chi_sq`` and R
  ``chisq.test(correct=FALSE)``; with ``yates=True``, R ``chisq.test(correct=TRUE)``.
* :func:`pmi`: log2(a / E11) with E11 = (a + b) c / N. NLTK's PMI (bits);
  quanteda's ``measure="pmi"`` is the natural logarithm of the same ratio.
* :func:`simple_maths`: (fpm(a) + n) / (fpm(b) + n), frequencies per million
  (Kilgarriff 2009). Sketch Engine's keyword score.

Signs follow quanteda: ``g2``, ``g2_two_cell`` and ``chi2`` are negative
when the term is rarer in the target than expected (a/c < b/d, which is the
same as a < E11 and as ad < bc); ``log_ratio``, ``pct_diff`` and ``pmi`` are
negative then by construction. ``p_value`` uses the magnitude.

The two log-likelihood forms agree closely when both corpora are large
(Sketch Engine's "shard" example: 9.9761 by both) and differ on small ones
(AntConc's demonstration: 2.5070 in four cells, 2.3306 in two). Report which
one you use; the tables below carry both (``g2`` and ``g2_2cell``).

Every table is adjusted for multiple comparisons (the setting ``p_adjust``,
Holm by default; :mod:`analysis.compare.multiple_testing`): the terms of one
comparison (one target against one reference) form one family, so
``p_adjusted`` is Holm's adjustment of ``p_value`` over ``family_size`` terms,
and ``significant`` means ``p_adjusted < alpha``. The old ``bonferroni=True``
still works, with a ``FutureWarning``: it means ``p_adjust="bonferroni"``.

On top of these, :func:`keyness` builds a table from two count series,
:func:`compare_groups` compares groups of documents (an outlet against
another, or against all others), and :func:`against_general_english`
compares a corpus with the general-English word frequencies of ``wordfreq``
at a stated, nominal reference size.

Examples:
    >>> round(g2(7, 2, 10, 9), 4), round(log_ratio(7, 2, 10, 9), 4)
    (4.5349, 1.6554)
    >>> import pandas as pd
    >>> t = pd.Series({"war": 30, "talks": 10, "peace": 60})
    >>> r = pd.Series({"war": 100, "talks": 200, "peace": 700})
    >>> keyness(t, r)[["term", "count_target", "count_reference", "g2"]].round(2).values.tolist()
    [['war', 30, 100, 26.89], ['peace', 60, 700, -4.09], ['talks', 10, 200, -6.76]]
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

from numpy.typing import ArrayLike
import warnings

import numpy as np
import pandas as pd

from analysis.corpus.groups import group_labels, group_values, labels_by_doc
from analysis.text.association import as_float_arrays as _floats
from analysis.text.association import chi2, g2, g2_two_cell, log_ratio, pmi  # noqa: F401 - keyness's API too
from analysis.text.association import scalar_if_scalars as _result
from analysis.text.frequencies import counted_tokens
from analysis.text.nltk_resources import CLITICS
from analysis.text.token_table import token_parts

#: The columns every keyness table starts with, in this order.
KEYNESS_COLUMNS: tuple[str, ...] = (
    "target", "reference", "term", "count_target", "count_reference", "size_target", "size_reference",
    "g2", "g2_2cell", "p_value", "log_ratio", "pct_diff", "chi2", "pmi",
)
#: Further columns, after :data:`KEYNESS_COLUMNS`.
EXTRA_COLUMNS: tuple[str, ...] = ("chi2_yates", "simple_maths", "p_adjusted", "p_adjust_method", "family_size",
                                  "significant")
#: Reference label of :func:`compare_groups` when the reference is every other document.
REST_LABEL = "(all others)"
#: Nominal size of the general-English reference (see :func:`against_general_english`).
DEFAULT_REFERENCE_SIZE = 1_000_000_000

_STRING = ("target", "reference", "term")
_COUNTS = ("count_target", "count_reference", "size_target", "size_reference")


def p_value(g2: ArrayLike) -> float | np.ndarray:
    """Upper tail of the chi-square distribution with 1 degree of freedom at ``|g2|``.

    ``P(X > x) = erfc(sqrt(x / 2))`` for 1 df, so no SciPy is needed. The sign
    of a signed statistic is ignored (as quanteda does).

    Args:
        g2: A G², LL or X² value (or an array of them).

    Returns:
        The p-value(s).

    Examples:
        >>> round(p_value(3.841458820694124), 6), round(p_value(-6.634896601021214), 6)
        (0.05, 0.01)
        >>> p_value(0.0)
        1.0
    """
    x = np.abs(np.asarray(g2, dtype=np.float64))
    erfc = np.frompyfunc(math.erfc, 1, 1)
    value = np.asarray(erfc(np.sqrt(x / 2.0)), dtype=np.float64)
    return _result(value, g2)


def pct_diff(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> float | np.ndarray:
    """%DIFF (Gabrielatos & Marchi 2012): ``(nf_target - nf_ref) * 100 / nf_ref``.

    ``nf`` are normalised frequencies ``a/c`` and ``b/d`` (the base of the
    normalisation, per million or per token, cancels out). 0 means equal
    relative frequencies, 100 twice as frequent in the target, -100 absent
    from it. Convention for a zero reference frequency: ``+inf`` (``nan`` when
    the term is absent from both), rather than the paper's substitution of
    1e-18, which gives a large finite number that depends on the arbitrary
    constant.

    Args:
        a: Frequency in the target.
        b: Frequency in the reference.
        c: Size of the target.
        d: Size of the reference.

    Returns:
        The percentage difference.

    Examples:
        >>> pct_diff(20, 10, 100, 100), pct_diff(0, 10, 100, 100), pct_diff(3, 0, 100, 100)
        (100.0, -100.0, inf)
    """
    a, b, c, d = _floats(a, b, c, d)
    target, reference = a / c, b / d
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (target - reference) * 100.0 / reference
    return _result(value, a, b, c, d)


def simple_maths(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, n: float = 1.0) -> float | np.ndarray:
    """Kilgarriff's "simple maths" keyness score, as in Sketch Engine.

    ``(fpm_target + n) / (fpm_reference + n)`` with frequencies per million
    tokens (``a / c * 1e6``) and the smoothing parameter ``n`` (Sketch
    Engine's default 1; larger values favour more frequent terms).

    Args:
        a: Frequency in the target.
        b: Frequency in the reference.
        c: Size of the target.
        d: Size of the reference.
        n: The add-n smoothing constant.

    Returns:
        The score (1 = no difference).

    Examples:
        >>> round(simple_maths(35, 263, 112_289_776, 1_559_716_979), 4)  # Sketch Engine's "shard"
        1.1224
        >>> simple_maths(1, 2, 1_000_000, 1_000_000, n=100)
        0.9901960784313726
    """
    a, b, c, d = _floats(a, b, c, d)
    value = (a / c * 1e6 + n) / (b / d * 1e6 + n)
    return _result(value, a, b, c, d)


def _as_counts(series: pd.Series, name: str) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise TypeError(f"{name} must be a pandas Series of counts indexed by term")
    counts = series.groupby(series.index.astype(str), sort=False).sum()
    if (counts < 0).any():
        raise ValueError(f"{name} has negative counts")
    return counts


def _p_adjust_method(p_adjust: str, bonferroni: bool | None) -> str:
    """The method to use: ``bonferroni=True`` (deprecated) means ``"bonferroni"``."""
    from analysis.compare.multiple_testing import check_method

    if bonferroni:
        warnings.warn("bonferroni=True is deprecated: use p_adjust='bonferroni' (-p p_adjust bonferroni)",
                      FutureWarning, stacklevel=3)
        return "bonferroni"
    return check_method(p_adjust)


def _empty_table() -> pd.DataFrame:
    dtypes = {c: "string" for c in _STRING + ("p_adjust_method",)} | {c: "int64" for c in _COUNTS + ("family_size",)}
    columns = list(KEYNESS_COLUMNS) + list(EXTRA_COLUMNS)
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, "bool" if c == "significant" else "float64"))
                         for c in columns})


def keyness(
    counts_target: pd.Series,
    counts_reference: pd.Series,
    *,
    size_target: int | None = None,
    size_reference: int | None = None,
    min_count: int = 1,
    p_adjust: str = "holm",
    bonferroni: bool | None = None,
    alpha: float = 0.05,
    target_label: str = "target",
    reference_label: str = "reference",
) -> pd.DataFrame:
    """Score every term of a target against a reference.

    Args:
        counts_target: Term frequencies of the target (index: term).
        counts_reference: Term frequencies of the reference (index: term).
        size_target: Tokens in the target; defaults to the sum of its counts.
        size_reference: Tokens in the reference; defaults to the sum of its counts.
        min_count: Leave out terms counted fewer times in the target. Terms
            come from the union of both series, so ``min_count=0`` also
            scores terms found only in the reference (negative keywords).
        p_adjust: Adjust the p-values of the table's terms as one family:
            ``holm``, ``bh``, ``bonferroni`` or ``none``
            (:func:`analysis.compare.multiple_testing.adjust_p_values`).
        bonferroni: Deprecated: ``True`` means ``p_adjust="bonferroni"`` (with a ``FutureWarning``).
        alpha: Significance level of the ``significant`` column.
        target_label: Written in the ``target`` column.
        reference_label: Written in the ``reference`` column.

    Returns:
        One row per term with the columns of :data:`KEYNESS_COLUMNS` and
        then ``chi2_yates``, ``simple_maths`` (n = 1), ``p_adjusted``,
        ``p_adjust_method``, ``family_size`` (the number of terms in the
        table) and ``significant`` (``p_adjusted < alpha``). Sorted by ``g2``
        descending, then term.

    Raises:
        ValueError: A size is not positive or smaller than a count in it.

    Examples:
        >>> import pandas as pd
        >>> d1, d2 = pd.Series({"b": 7, "a": 3}), pd.Series({"a": 7, "b": 2})
        >>> table = keyness(d1, d2, target_label="d1", reference_label="d2")
        >>> table[["target", "term", "g2", "chi2", "chi2_yates", "log_ratio"]].round(4).values.tolist()
        [['d1', 'b', 4.5349, 4.3372, 2.6324, 1.6554], ['d1', 'a', -4.5349, -4.3372, -2.6324, -1.3744]]
    """
    if min_count < 0:
        raise ValueError(f"min_count must be 0 or more, not {min_count}")
    method = _p_adjust_method(p_adjust, bonferroni)
    target = _as_counts(counts_target, "counts_target")
    reference = _as_counts(counts_reference, "counts_reference")
    c = int(target.sum()) if size_target is None else int(size_target)
    d = int(reference.sum()) if size_reference is None else int(size_reference)
    for label, size, counts in (("size_target", c, target), ("size_reference", d, reference)):
        if size <= 0:
            raise ValueError(f"{label} must be positive, not {size}")
        if len(counts) and counts.max() > size:
            raise ValueError(f"{label} ({size}) is smaller than a count in it ({counts.max()})")
    terms = target.index.union(reference.index, sort=False)
    a = target.reindex(terms, fill_value=0).to_numpy(dtype=np.int64)
    b = reference.reindex(terms, fill_value=0).to_numpy(dtype=np.int64)
    keep = (a >= min_count) & ((a + b) > 0)
    terms, a, b = terms[keep], a[keep], b[keep]
    if len(terms) == 0:
        return _empty_table()
    table = pd.DataFrame({
        "target": target_label, "reference": reference_label, "term": np.asarray(terms, dtype=object),
        "count_target": a, "count_reference": b, "size_target": c, "size_reference": d,
    })
    table["g2"] = g2(a, b, c, d)
    table["g2_2cell"] = g2_two_cell(a, b, c, d)
    table["p_value"] = p_value(table["g2"].to_numpy())
    table["log_ratio"] = log_ratio(a, b, c, d)
    table["pct_diff"] = pct_diff(a, b, c, d)
    table["chi2"] = chi2(a, b, c, d)
    table["pmi"] = pmi(a, b, c, d)
    table["chi2_yates"] = chi2(a, b, c, d, yates=True)
    table["simple_maths"] = simple_maths(a, b, c, d)
    from analysis.compare.multiple_testing import adjust_p_values

    table["p_adjusted"] = adjust_p_values(table["p_value"].to_numpy(), method)
    table["p_adjust_method"] = method
    table["family_size"] = len(table)
    table["significant"] = table["p_adjusted"] < alpha
    table = table.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    dtypes = {c: "string" for c in _STRING + ("p_adjust_method",)} | {c: "int64" for c in _COUNTS + ("family_size",)}
    dtypes |= {c: "float64" for c in KEYNESS_COLUMNS + EXTRA_COLUMNS if c not in dtypes and c != "significant"}
    dtypes["significant"] = "bool"
    return table.astype(dtypes)[list(KEYNESS_COLUMNS) + list(EXTRA_COLUMNS)]


def _summed(counts: list[pd.Series]) -> pd.Series:
    """Term counts of several parts added up (a term missing from a part counts 0 there)."""
    counts = [c for c in counts if len(c)]
    if not counts:
        return pd.Series([], dtype="int64")
    if len(counts) == 1:
        return counts[0]
    return pd.concat(counts).groupby(level=0, sort=False).sum().astype("int64")


def _group_labels(tokens: pd.DataFrame, documents: pd.DataFrame, by: str | Sequence[str]) -> pd.Series:
    mapping = labels_by_doc(documents, by)
    doc_ids = tokens["doc_id"].astype(str)
    missing = sorted(set(doc_ids.unique()) - set(mapping))
    if missing:
        raise ValueError(f"tokens of documents not in the document table: {missing[:5]}")
    return doc_ids.map(mapping)


def compare_groups(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: str | Sequence[str],
    target: str,
    reference: str | None = None,
    drop_punct: bool = True,
    drop_numbers: bool = False,
    drop_stopwords: bool = True,
    min_count: int = 1,
    p_adjust: str = "holm",
    bonferroni: bool | None = None,
) -> pd.DataFrame:
    """Keyness of one group of documents against another group or all others.

    Groups are the values of a metadata column (an empty value is the group
    ``"(missing)"``, as in :func:`analysis.text.frequencies.term_frequencies`).
    Both sides are counted with the same token filters, and each side's size
    is its number of counted tokens.

    Args:
        tokens: A token table.
        documents: The document table holding the column ``by``.
        by: The metadata column, such as ``"outlet"``, or a list of columns (one group per combination,
            labelled ``"kyiv | after"``, see :mod:`analysis.corpus.groups`).
        target: The value of ``by`` whose documents form the target.
        reference: Another value of ``by``; ``None`` means every document
            not in the target (labelled ``"(all others)"``).
        drop_punct: Leave out punctuation.
        drop_numbers: Leave out numerals.
        drop_stopwords: Leave out stopwords.
        min_count: Minimum frequency in the target.
        p_adjust: Adjust the p-values (see :func:`keyness`).
        bonferroni: Deprecated: ``True`` means ``p_adjust="bonferroni"``.

    Returns:
        A table as from :func:`keyness`, labelled with the group values.

    Raises:
        KeyError: ``documents`` has no column ``by``.
        ValueError: ``target`` or ``reference`` is not a value of ``by``,
            they are equal, or a side has no counted tokens.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"],
        ...                      "text": ["war war talks", "talks peace", "peace talks war"]})
        >>> _, toks = tokenize_corpus(docs)
        >>> table = compare_groups(toks, docs, by="outlet", target="X")
        >>> table[["target", "reference", "term", "count_target", "count_reference", "size_reference"]].values.tolist()
        [['X', '(all others)', 'war', 2, 1, 5], ['X', '(all others)', 'talks', 1, 2, 5]]
    """
    values = set(group_labels(documents, by).astype(str))
    target = str(target)
    if target not in values:
        raise ValueError(f"{target!r} is not a value of {by!r}; values: {sorted(values)[:10]}")
    if reference is not None:
        reference = str(reference)
        if reference not in values:
            raise ValueError(f"{reference!r} is not a value of {by!r}; values: {sorted(values)[:10]}")
        if reference == target:
            raise ValueError("target and reference must differ")
    target_parts, reference_parts = [], []
    for part in token_parts(tokens):  # a token table or the store's parts: counts are sums over documents
        labels = _group_labels(part, documents, by)
        kept = counted_tokens(part, drop_punct=drop_punct, drop_numbers=drop_numbers, drop_stopwords=drop_stopwords)
        group = labels.loc[kept.index]
        norms = kept["norm"].astype(str)
        in_target = (group == target).to_numpy()
        in_reference = (group == reference).to_numpy() if reference is not None else ~in_target
        target_parts.append(norms[in_target].value_counts())
        reference_parts.append(norms[in_reference].value_counts())
    counts_target, counts_reference = _summed(target_parts), _summed(reference_parts)
    for side, counts in (("target", counts_target), ("reference", counts_reference)):
        if counts.sum() == 0:
            raise ValueError(f"the {side} has no counted tokens")
    return keyness(
        counts_target, counts_reference, min_count=min_count, p_adjust=_p_adjust_method(p_adjust, bonferroni),
        target_label=target, reference_label=reference if reference is not None else REST_LABEL,
    )


def wordfreq_reference(
    terms: Iterable[str],
    *,
    reference_size: int = DEFAULT_REFERENCE_SIZE,
    language: str = "en",
) -> pd.DataFrame:
    """Look terms up in ``wordfreq`` and turn proportions into nominal counts.

    ``wordfreq`` (3.1.1, data shipped in the package, no network) gives each
    word's proportion of all word tokens in a blend of general-language
    sources. A count is ``round(proportion * reference_size)``: the reference
    size is NOMINAL, chosen by you, not a real corpus size; the G² and
    p-values of :func:`against_general_english` grow with it, while the
    effect sizes (Log Ratio, %DIFF) do not depend on it (except for
    rounding and zero counts).

    ``wordfreq`` tokenizes differently from this project, so a term is looked
    up only when ``wordfreq.tokenize`` makes exactly one token of it. Status:

    * ``"ok"``: one token; the lookup is used (a proportion of 0 means
      ``wordfreq`` does not know the word);
    * ``"clitic"``: ``'s``, ``n't`` and the other Treebank clitics, which
      ``wordfreq`` keeps attached to their word (``don't``) and so has no
      comparable count for;
    * ``"no_token"``: punctuation and symbols, which ``wordfreq`` drops;
    * ``"multi_token"``: ``wordfreq`` splits the term (``open-door``); its
      combined estimate for several tokens is not a phrase frequency.

    Args:
        terms: The terms (``norm`` values).
        reference_size: The nominal number of tokens of the reference.
        language: A ``wordfreq`` language code.

    Returns:
        Columns ``term`` (string), ``status`` (string), ``proportion``
        (float64, 0 unless ``ok``) and ``count_reference`` (int64), in the
        order given, duplicates removed.

    Examples:
        >>> table = wordfreq_reference(["nato", "'s", "--", "open-door"], reference_size=1_000_000_000)
        >>> table.values.tolist()
        [['nato', 'ok', 1.02e-05, 10200], ["'s", 'clitic', 0.0, 0], ['--', 'no_token', 0.0, 0], ['open-door', 'multi_token', 0.0, 0]]
    """
    import wordfreq

    if reference_size <= 0:
        raise ValueError(f"reference_size must be positive, not {reference_size}")
    rows = []
    for term in dict.fromkeys(str(t) for t in terms):
        if term in CLITICS:
            status = "clitic"
        else:
            pieces = wordfreq.tokenize(term, language)
            status = "ok" if len(pieces) == 1 else "no_token" if not pieces else "multi_token"
        proportion = float(wordfreq.word_frequency(term, language)) if status == "ok" else 0.0
        rows.append((term, status, proportion, int(round(proportion * reference_size))))
    table = pd.DataFrame(rows, columns=["term", "status", "proportion", "count_reference"])
    return table.astype({"term": "string", "status": "string", "proportion": "float64", "count_reference": "int64"})


def against_general_english(
    tokens: pd.DataFrame,
    *,
    reference_size: int = DEFAULT_REFERENCE_SIZE,
    language: str = "en",
    drop_punct: bool = True,
    drop_numbers: bool = True,
    drop_stopwords: bool = True,
    min_count: int = 1,
    p_adjust: str = "holm",
    bonferroni: bool | None = None,
) -> pd.DataFrame:
    """Keyness of a corpus against general English (``wordfreq``).

    The reference is NOMINAL: ``wordfreq`` gives proportions, not counts, so
    each reference count is ``round(proportion * reference_size)`` for a size
    you state (default 1,000,000,000; see :func:`wordfreq_reference`). Use
    the effect sizes (``log_ratio``, ``pct_diff``) to compare terms, and read
    ``g2`` and p-values as relative to that nominal size, not as evidence
    from a real sample.

    Only the target's terms are scored (the reference vocabulary is all of
    English), and only terms ``wordfreq`` can count like this project: the
    Treebank clitics (``'s``, ``n't``), punctuation and terms ``wordfreq``
    splits into several tokens (``open-door``) are left out.

    The target size is the number of the corpus's word tokens as
    ``wordfreq`` counts words: every token that is neither punctuation nor a
    clitic, stopwords and numerals included whatever the flags, because the
    ``wordfreq`` proportions are shares of all words. The flags only decide
    which terms are scored.

    Args:
        tokens: A token table (the corpus is the target).
        reference_size: The nominal size of the general-English reference.
        language: A ``wordfreq`` language code; the reference label is
            ``"wordfreq:<language>"``.
        drop_punct: Leave out punctuation terms (always unscorable anyway).
        drop_numbers: Leave out numerals (default: ``wordfreq`` aggregates digits).
        drop_stopwords: Leave out stopwords.
        min_count: Minimum frequency in the target.
        p_adjust: Adjust the p-values (see :func:`keyness`).
        bonferroni: Deprecated: ``True`` means ``p_adjust="bonferroni"``.

    Returns:
        A table as from :func:`keyness`, with target label ``"corpus"``.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["NATO and NATO's allies met. The allies agreed."]})
        >>> _, toks = tokenize_corpus(docs)
        >>> table = against_general_english(toks)
        >>> table[["term", "count_target", "size_target", "count_reference"]].values.tolist()
        [['nato', 2, 8, 10200], ['allies', 2, 8, 18600], ['agreed', 1, 8, 69200], ['met', 1, 8, 123000]]
    """
    pieces, n_words = [], 0
    for part in token_parts(tokens):  # a token table or the store's parts: counts are sums over documents
        kept = counted_tokens(part, drop_punct=drop_punct, drop_numbers=drop_numbers, drop_stopwords=drop_stopwords)
        pieces.append(kept["norm"].astype(str).value_counts())
        n_words += int((~part["is_punct"].astype(bool) & ~part["norm"].astype(str).isin(CLITICS)).sum())
    counts = _summed(pieces)
    reference = wordfreq_reference(counts.index, reference_size=reference_size, language=language)
    usable = reference[reference["status"] == "ok"]
    counts_target = counts.reindex(usable["term"].astype(str).to_numpy())
    counts_reference = pd.Series(usable["count_reference"].to_numpy(), index=usable["term"].astype(str).to_numpy())
    if counts_target.empty:
        return _empty_table()
    return keyness(
        counts_target, counts_reference, size_target=n_words, size_reference=reference_size,
        min_count=min_count, p_adjust=_p_adjust_method(p_adjust, bonferroni), target_label="corpus",
        reference_label=f"wordfreq:{language}",
    )


def keyness_tables(
    documents: pd.DataFrame,
    tokens,
    *,
    by: str | Sequence[str] | None = "outlet",
    target_group: str | None = None,
    reference_size: int = 1_000_000_000,
    min_count: int = 2,
    p_adjust: str = "holm",
    bonferroni: bool | None = None,
) -> pd.DataFrame:
    """Keyness of the corpus against general English, and of one group against the others.

    The group comparison is made only when ``by`` has at least two values;
    the target is ``target_group`` or the first value in sorted order, the
    reference the other group (with two groups) or all other documents. The ``target`` and ``reference`` columns
    say which comparison each row belongs to; each comparison is one family of ``p_adjust``
    (``bonferroni=True``, deprecated, means ``p_adjust="bonferroni"``).

    Examples:
        >>> from analysis.text.prepare import prepare_corpus
        >>> prepared = prepare_corpus("tests/fixtures/small_corpus")
        >>> table = keyness_tables(prepared.documents, prepared.tokens, min_count=1)
        >>> sorted(set(zip(table["target"], table["reference"])))
        [('Outlet A', 'Outlet B'), ('corpus', 'wordfreq:en')]
    """
    method = _p_adjust_method(p_adjust, bonferroni)
    parts = [against_general_english(tokens, reference_size=reference_size, min_count=min_count, p_adjust=method)]
    groups = group_values(documents, by)
    if len(groups) >= 2:
        target = target_group if target_group is not None else groups[0]
        if target not in groups:
            raise KeyError(f"target_group {target!r} is not a value of {by!r}: {', '.join(groups)}")
        others = [g for g in groups if g != target]
        reference = others[0] if len(others) == 1 else None  # two groups: name the other one
        parts.append(
            compare_groups(
                tokens, documents, by=by, target=target, reference=reference,
                min_count=min_count, p_adjust=method,
            )
        )
    return pd.concat(parts, ignore_index=True)
