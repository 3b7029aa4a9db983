"""Association measures: pure functions of counts, shared by keyness and collocations.

A 2x2 table of counts underlies every measure. For a term with frequency
``a`` in a target of ``c`` tokens and ``b`` in a reference of ``d`` tokens
(``N = c + d``)::

                  target    reference
    term        |   a     |    b      |  a + b
    other terms |  c - a  |  d - b    |  N - a - b
                     c         d          N

A bigram is the same table with ``a = n_ii``, ``b = n_xi - n_ii``,
``c = n_ix``, ``d = n_xx - n_ix`` (NLTK's marginals: the pair, the first
word, the second word, all bigrams).

* :func:`g2`: signed G², 2 Σ O ln(O/E) over the four cells (Dunning 1993);
  :func:`g2_two_cell`: the two-cell form (Rayson & Garside 2000);
* :func:`chi2`: signed Pearson X², optionally with R's Yates correction;
* :func:`pmi`: log2(a / E11) in bits; :func:`bigram_pmi`: NLTK's form over bigram marginals;
* :func:`log_ratio`: log2((a/c) / (b/d)), 0.5 for a zero frequency (Hardie 2014);
* :func:`t_score` and :func:`dice` over bigram marginals (Manning & Schütze 5.3.1; NLTK).

The 2x2 functions broadcast over NumPy arrays and give a ``float`` for
scalar inputs; :mod:`analysis.compare.keyness` builds keyness tables from
them and :mod:`analysis.text.collocations` collocation tables.

Examples:
    >>> round(g2(7, 2, 10, 9), 4), round(log_ratio(7, 2, 10, 9), 4)
    (4.5349, 1.6554)
"""

from __future__ import annotations

import math  # noqa: F401 - the doctests use it

import numpy as np
from numpy.typing import ArrayLike

#: NLTK's guard against division by zero and log(0) in the bigram measures.
SMALL = 1e-20


def as_float_arrays(*values):
    return tuple(np.asarray(v, dtype=np.float64) for v in values)


def scalar_if_scalars(value: np.ndarray, *inputs) -> float | np.ndarray:
    """A float when every input was a scalar, else the array."""
    if all(np.ndim(x) == 0 for x in inputs):
        return float(value)
    return value


def _direction(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """-1 where the target relative frequency is below the reference's (ad < bc), else +1."""
    return np.where(a * d < b * c, -1.0, 1.0)


def _o_ln_o_over_e(observed: np.ndarray, expected: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """O ln(O/E) with O - E given separately (for precision), and 0 ln 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = observed * np.log1p(diff / expected)
    return np.where(observed > 0, value, 0.0)


def g2(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> float | np.ndarray:
    """Signed log-likelihood G² over the four cells (Dunning 1993).

    ``G2 = 2 Σ O ln(O/E)`` over ``[a, b; c - a, d - b]`` with ``E`` the
    product of the margins over ``N``; a cell with ``O = 0`` adds 0. This is
    the value of quanteda ``textstat_keyness(measure="lr")`` without
    correction, of NLTK ``BigramAssocMeasures.likelihood_ratio`` (whose
    bigram table ``[n_ii, n_oi; n_io, n_oo]`` is this table with ``a = n_ii``,
    ``b = n_xi - n_ii``, ``c = n_ix``, ``d = n_xx - n_ix``) and of AntConc's
    "Log-Likelihood (4-term)". Every cell deviates from its expectation by the
    same ``|ad - bc| / N``, which is used to keep precision with corpora of
    billions of tokens. Negative when ``a/c < b/d`` (quanteda's sign).

    Args:
        a: Frequency of the term in the target.
        b: Frequency of the term in the reference.
        c: Size of the target (tokens).
        d: Size of the reference (tokens).

    Returns:
        The signed statistic (float, or an array for array inputs).

    Examples:
        >>> round(g2(7, 2, 10, 9), 4)  # quanteda's test corpus, feature "b"
        4.5349
        >>> round(g2(110, 221 - 110, 2552, 31777 - 2552), 2)  # NLTK likelihood_ratio(110, (2552, 221), 31777)
        270.72
        >>> round(g2(3, 7, 10, 9), 4), g2(0, 0, 10, 9)  # feature "a": under-used; an absent term
        (-4.5349, 0.0)
    """
    a, b, c, d = as_float_arrays(a, b, c, d)
    n = c + d
    row1, row2 = a + b, n - a - b
    delta = (a * d - b * c) / n
    total = (
        _o_ln_o_over_e(a, row1 * c / n, delta)
        + _o_ln_o_over_e(b, row1 * d / n, -delta)
        + _o_ln_o_over_e(c - a, row2 * c / n, -delta)
        + _o_ln_o_over_e(d - b, row2 * d / n, delta)
    )
    return scalar_if_scalars(2.0 * total * _direction(a, b, c, d), a, b, c, d)


def g2_two_cell(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> float | np.ndarray:
    """Signed log-likelihood over the two frequency cells (Rayson & Garside 2000).

    ``LL = 2 [a ln(a/E1) + b ln(b/E2)]`` with ``E1 = c (a + b) / N`` and
    ``E2 = d (a + b) / N``, and ``0 ln 0 = 0``: the UCREL log-likelihood
    wizard and AntConc's "Log-Likelihood (2-term)". Negative when
    ``a/c < b/d``.

    Args:
        a: Frequency in the target.
        b: Frequency in the reference.
        c: Size of the target.
        d: Size of the reference.

    Returns:
        The signed statistic.

    Examples:
        >>> round(g2_two_cell(23, 551, 263, 8870), 4)  # AntConc's demonstration figures
        2.3306
        >>> round(g2_two_cell(35, 263, 112_289_776, 1_559_716_979), 3)  # Sketch Engine's "shard"
        9.976
    """
    a, b, c, d = as_float_arrays(a, b, c, d)
    n = c + d
    delta = (a * d - b * c) / n
    total = _o_ln_o_over_e(a, c * (a + b) / n, delta) + _o_ln_o_over_e(b, d * (a + b) / n, -delta)
    return scalar_if_scalars(2.0 * total * _direction(a, b, c, d), a, b, c, d)


def log_ratio(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> float | np.ndarray:
    """Log Ratio (Hardie 2014): ``log2((a/c) / (b/d))``.

    A zero frequency is replaced by 0.5 (Hardie's convention), so a term
    absent from one corpus still gets a finite value. Each unit is a doubling:
    1 means twice as frequent in the target, -1 half as frequent.

    Args:
        a: Frequency in the target.
        b: Frequency in the reference.
        c: Size of the target.
        d: Size of the reference.

    Returns:
        The effect size.

    Examples:
        >>> round(log_ratio(7, 2, 10, 9), 4)
        1.6554
        >>> log_ratio(10, 0, 100, 100), log_ratio(0, 4, 100, 100)
        (4.321928094887363, -3.0)
    """
    a, b, c, d = as_float_arrays(a, b, c, d)
    a0 = np.where(a == 0, 0.5, a)
    b0 = np.where(b == 0, 0.5, b)
    return scalar_if_scalars(np.log2((a0 / c) / (b0 / d)), a, b, c, d)


def chi2(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, *, yates: bool = False) -> float | np.ndarray:
    """Signed Pearson chi-square of the 2x2 table.

    ``X2 = N (ad - bc)^2 / ((a + b)(N - a - b) c d)``, negative when
    ``a/c < b/d`` (quanteda's sign). Without correction this is NLTK's
    ``chi_sq`` (which never corrects) and R's ``chisq.test(correct=FALSE)``.

    ``yates=True`` applies Yates' correction exactly as R's
    ``chisq.test(correct=TRUE)`` does for every 2x2 table, unconditionally:
    ``Y = min(0.5, |O - E|)`` (the same ``|O - E| = |ad - bc| / N`` in all
    four cells) and ``X2 = Σ (|O - E| - Y)^2 / E``, so the statistic is 0,
    never negative, when ``|O - E| < 0.5``. quanteda's default corrects only
    when an expected count is below 5 and ``|ad - bc| >= N/2``; that rule
    is not implemented here (where it applies, it gives the same value).

    Args:
        a: Frequency in the target.
        b: Frequency in the reference.
        c: Size of the target.
        d: Size of the reference.
        yates: Apply R's continuity correction.

    Returns:
        The signed statistic (``nan`` for a degenerate table with a zero margin).

    Examples:
        >>> round(chi2(7, 2, 10, 9), 4), round(chi2(7, 2, 10, 9, yates=True), 4)
        (4.3372, 2.6324)
        >>> chi2(5, 5, 10, 10, yates=True), round(chi2(3, 7, 10, 9), 4)  # feature "a": under-used
        (0.0, -4.3372)
    """
    a, b, c, d = as_float_arrays(a, b, c, d)
    n = c + d
    diff = np.abs(a * d - b * c)
    if yates:
        diff = diff - n * np.minimum(0.5, diff / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n * diff**2 / ((a + b) * (n - a - b) * c * d)
    return scalar_if_scalars(value * _direction(a, b, c, d), a, b, c, d)


def pmi(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> float | np.ndarray:
    """Pointwise mutual information of term and target, in bits.

    ``PMI = log2(a / E11) = log2(a N / ((a + b) c))``: how many times more
    often the term occurs in the target than if it were spread evenly over
    both corpora. This is NLTK's PMI (``log2(n_ii n_xx / (n_ix n_xi))`` with
    the mapping of :func:`g2`). quanteda ``textstat_keyness(measure="pmi")``
    reports the natural logarithm of the same ratio, ``ln(a / E11 + 1e-9)``,
    i.e. this value times ``ln 2`` (up to its 1e-9). ``-inf`` when ``a = 0``.

    Args:
        a: Frequency in the target.
        b: Frequency in the reference.
        c: Size of the target.
        d: Size of the reference.

    Returns:
        PMI in bits.

    Examples:
        >>> round(pmi(7, 2, 10, 9), 4), round(pmi(7, 2, 10, 9) * math.log(2), 4)  # bits, quanteda's nats
        (0.5634, 0.3905)
        >>> pmi(5, 5, 10, 10), pmi(0, 5, 10, 10)
        (0.0, -inf)
    """
    a, b, c, d = as_float_arrays(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log2(a * (c + d) / ((a + b) * c))
    return scalar_if_scalars(value, a, b, c, d)


def bigram_pmi(n_ii, n_ix, n_xi, n_xx) -> np.ndarray:
    """NLTK's bigram PMI, ``log2(n_ii n_xx) - log2(n_ix n_xi)``, over arrays of marginals.

    Examples:
        >>> float(bigram_pmi(8, 15828, 4675, 14307668).round(4))  # "new companies" (Manning & Schütze 5.3.1)
        0.6293
    """
    n_ii, n_ix, n_xi, n_xx = (np.asarray(v, dtype=np.float64) for v in (n_ii, n_ix, n_xi, n_xx))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2(n_ii * n_xx) - np.log2(n_ix * n_xi)


def t_score(n_ii, n_ix, n_xi, n_xx) -> np.ndarray:
    """NLTK's bigram t-score, ``(n_ii - n_ix n_xi / n_xx) / sqrt(n_ii)`` (Manning & Schütze 5.3.1).

    Examples:
        >>> float(t_score(8, 15828, 4675, 14307668).round(4))
        0.9999
    """
    n_ii, n_ix, n_xi, n_xx = (np.asarray(v, dtype=np.float64) for v in (n_ii, n_ix, n_xi, n_xx))
    with np.errstate(divide="ignore", invalid="ignore"):
        return (n_ii - n_ix * n_xi / n_xx) / np.sqrt(n_ii + SMALL)


def dice(n_ii, n_ix, n_xi) -> np.ndarray:
    """Dice's coefficient of a bigram, ``2 n_ii / (n_ix + n_xi)``.

    Examples:
        >>> float(dice(8, 15828, 4675))
        0.0007803736038628494
    """
    n_ii, n_ix, n_xi = (np.asarray(v, dtype=np.float64) for v in (n_ii, n_ix, n_xi))
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2.0 * n_ii / (n_ix + n_xi)


__all__ = ["g2", "g2_two_cell", "chi2", "pmi", "log_ratio", "bigram_pmi", "t_score", "dice", "as_float_arrays",
           "scalar_if_scalars", "SMALL"]
