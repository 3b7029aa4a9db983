"""Adjusting p-values for multiple comparisons, as R's ``p.adjust`` does.

A table of rate ratios with 4 terms and 7 outlets holds 84 tests; at the 5 %
level about four of them would look "significant" by chance alone. The table
therefore carries, beside each ``p_value``, a ``p_adjusted`` computed over
one **family** of tests (every tested row of the table, or of one keyness
comparison), and states the method and the family size in the columns
``p_adjust_method`` and ``family_size``.

Methods (the setting ``p_adjust``), with ``m`` the number of p-values tested:

* ``holm`` (Holm 1979, the default, as R's default): sort the p-values
  ``p(1) <= ... <= p(m)``; the ``i``-th adjusted value is
  ``min(1, max over j <= i of (m - j + 1) * p(j))``. It controls the
  family-wise error rate like Bonferroni and is never less powerful.
* ``bh`` (Benjamini & Hochberg 1995): ``min over j >= i of m * p(j) / j``, at
  most 1; it controls the false discovery rate
  (:func:`scipy.stats.false_discovery_control`).
* ``bonferroni``: ``min(1, m * p)``.
* ``none``: the p-values as they are.

An undefined p-value (NaN: no test could be made, such as a rate ratio of a
term found in neither group) stays undefined and is not counted in ``m``,
as in R (``p.adjust`` drops ``NA``\\ s before counting).

Examples:
    >>> [round(float(v), 4) for v in adjust_p_values([0.01, 0.04, 0.03, 0.005], "holm")]  # R: p.adjust(p, "holm")
    [0.03, 0.06, 0.06, 0.02]
    >>> [round(float(v), 4) for v in adjust_p_values([0.01, 0.04, 0.03, 0.005], "BH")]  # R: p.adjust(p, "BH")
    [0.02, 0.04, 0.04, 0.02]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

#: The ``p_adjust`` methods, the default first (the setting's choices in :mod:`analysis.runner.settings`).
P_ADJUST_METHODS: tuple[str, ...] = ("holm", "bh", "bonferroni", "none")
#: The method's name in a sentence ("after Holm's adjustment").
METHOD_NAMES: dict[str, str] = {
    "holm": "Holm's adjustment",
    "bh": "the Benjamini-Hochberg (false discovery rate) adjustment",
    "bonferroni": "the Bonferroni adjustment",
    "none": "no adjustment for multiple comparisons",
}
#: Columns every adjusted table gains, in this order after ``p_value``.
ADJUSTED_COLUMNS: tuple[str, ...] = ("p_adjusted", "p_adjust_method", "family_size")


def check_method(method: str) -> str:
    """The method's canonical name (lowercase), or a ``ValueError`` naming the known ones.

    Examples:
        >>> check_method("BH")
        'bh'
        >>> check_method("fdr")
        Traceback (most recent call last):
        ...
        ValueError: unknown p_adjust method 'fdr'; use one of 'holm', 'bh', 'bonferroni', 'none'
    """
    name = str(method).lower()
    if name not in P_ADJUST_METHODS:
        raise ValueError(f"unknown p_adjust method {method!r}; use one of "
                         f"{', '.join(map(repr, P_ADJUST_METHODS))}")
    return name


def adjust_p_values(p_values: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjusted p-values of one family, in the order given (R's ``p.adjust``).

    Args:
        p_values: p-values between 0 and 1; NaN for a test that could not be made.
        method: One of :data:`P_ADJUST_METHODS` (case does not matter).

    Returns:
        A float array as long as ``p_values``; NaN where the input is NaN.

    Raises:
        ValueError: An unknown method, or a p-value outside [0, 1].

    Examples:
        >>> adjust_p_values([0.02, 0.02, 0.5], "holm").tolist()  # ties: both 3 * 0.02, then max(0.06, 0.5)
        [0.06, 0.06, 0.5]
        >>> adjust_p_values([0.01, float("nan"), 0.04], "bonferroni").tolist()  # m = 2: NaN is not a test
        [0.02, nan, 0.08]
        >>> adjust_p_values([0.03], "bh").tolist()  # a family of one is left as it is
        [0.03]
    """
    method = check_method(method)
    p = np.asarray(p_values, dtype=float).reshape(-1)
    tested = ~np.isnan(p)
    if ((p[tested] < 0) | (p[tested] > 1)).any():
        raise ValueError("p-values must lie between 0 and 1")
    out = np.full(p.shape, np.nan)
    values = p[tested]
    m = len(values)
    if m == 0:
        return out
    if method == "none":
        adjusted = values.copy()
    elif method == "bonferroni":
        adjusted = np.minimum(1.0, values * m)
    elif method == "holm":
        order = np.argsort(values, kind="mergesort")
        steps = (m - np.arange(m)) * values[order]
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(1.0, np.maximum.accumulate(steps))
    else:  # bh
        from scipy.stats import false_discovery_control

        adjusted = np.minimum(1.0, np.asarray(false_discovery_control(values, method="bh"), dtype=float))
    out[tested] = adjusted
    return out


def add_adjusted_p_values(table: pd.DataFrame, method: str = "holm", *, tested: Sequence[bool] | None = None,
                          untested_value: float = 1.0) -> pd.DataFrame:
    """A copy of ``table`` with ``p_adjusted``, ``p_adjust_method`` and ``family_size`` after ``p_value``.

    The whole table is one family: every row whose ``p_value`` is defined and
    (when ``tested`` is given) marked as tested. Rows outside the family keep
    ``p_adjusted = untested_value`` (1 by default: nothing to report).

    Examples:
        >>> t = pd.DataFrame({"term": list("abcd"), "p_value": [0.01, 0.04, 0.03, 0.005]})
        >>> add_adjusted_p_values(t, "holm").round(4).values.tolist()[0]
        ['a', 0.01, 0.03, 'holm', 4]
        >>> add_adjusted_p_values(t, "bonferroni", tested=[True, True, True, False])["p_adjusted"].tolist()
        [0.03, 0.12, 0.09, 1.0]
    """
    method = check_method(method)
    p = table["p_value"].to_numpy(dtype=float)
    mask = ~np.isnan(p) if tested is None else (np.asarray(tested, dtype=bool) & ~np.isnan(p))
    adjusted = adjust_p_values(np.where(mask, p, np.nan), method)
    out = table.drop(columns=[c for c in ADJUSTED_COLUMNS if c in table.columns]).copy()
    position = list(out.columns).index("p_value") + 1
    out.insert(position, "p_adjusted", np.where(mask, adjusted, untested_value).astype("float64"))
    out.insert(position + 1, "p_adjust_method", pd.Series([method] * len(out), index=out.index, dtype="string"))
    out.insert(position + 2, "family_size", np.full(len(out), int(mask.sum()), dtype="int64"))
    out.attrs.update(table.attrs)
    return out


def significance_sentence(table: pd.DataFrame, *, alpha: float = 0.05, what: str = "comparisons") -> str | None:
    """How many tests of an adjusted table remain significant, in words; ``None`` for a table without tests.

    Examples:
        >>> t = add_adjusted_p_values(pd.DataFrame({"p_value": [0.01, 0.04, 0.03, 0.005]}), "holm")
        >>> significance_sentence(t)
        "2 of 4 comparisons remain significant after Holm's adjustment (adjusted p < 0.05)."
        >>> significance_sentence(add_adjusted_p_values(t, "none"))
        '4 of 4 comparisons have p < 0.05 (no adjustment for multiple comparisons).'
    """
    if table.empty or "p_adjusted" not in table.columns:
        return None
    size = int(table["family_size"].iloc[0])
    if size == 0:
        return None
    method = str(table["p_adjust_method"].iloc[0])
    kept = int((table["p_adjusted"] < alpha).sum())
    if method == "none":
        return f"{kept} of {size} {what} have p < {alpha:g} ({METHOD_NAMES[method]})."
    return f"{kept} of {size} {what} remain significant after {METHOD_NAMES[method]} (adjusted p < {alpha:g})."
