"""Compare groups of documents (or narration and quoted speech) with bootstrap intervals.

Measures, each a ratio of two counts pooled over the group:

* ``term:<t>``: occurrences of the term ``t`` (a word, phrase or glob,
  matched as in :mod:`analysis.text.dispersion`) per 10,000 word tokens
  (:data:`analysis.text.token_table.RATE_BASE`: every token except punctuation,
  stopwords included; the base of every ``per_10k`` in the report);
* ``frame:<name>``: share of sentences with at least one match of the frame
  (:func:`analysis.framing.frames.frame_matches`), frames in dictionary order;
* ``stance:<class>``: share of attributions (``kind == "attribution"``)
  whose reporting verb has that stance, classes in the order of
  :data:`analysis.framing.lexicons.STANCES`; NaN for a group without attributions.

Groups (:func:`group_comparison`): the values of a document metadata column
(``by``, e.g. ``outlet``), sorted; an empty value is the group
``"(missing)"``. When the column has fewer than two distinct values (a
corpus from a single outlet, like the default one), there is nothing to
compare, and :func:`voice_comparison` compares **narration with quoted
speech** instead: ``group_by`` is then ``"voice"`` and the groups
``"narration"`` and ``"quoted"``.

Confidence intervals: percentile bootstrap (Efron & Tibshirani 1993,
*An Introduction to the Bootstrap*, ch. 13) over sampling units: the
documents of a group are drawn with replacement (``unit = "document"``); a
group holding a single document resamples its sentences instead
(``unit = "sentence"``), as does the voice comparison. The ratio is
recomputed on each resample (a cluster bootstrap of a ratio estimator);
resamples where it is undefined (no tokens, sentences or attributions
drawn) are left out. The random generator is
:func:`numpy.random.default_rng` seeded with ``seed``, so reruns give
identical intervals; every group and measure uses the same seed, and the
caller records the seed, ``n_resamples`` and ``level`` in the run's
provenance (they are also in ``table.attrs``).

Tests between groups (:func:`group_comparison`): each group's value is
tested against the pooled value of all other groups by a **permutation
test** over documents (Good 2005, *Permutation, Parametric and Bootstrap
Tests of Hypotheses*): the group labels are shuffled among the documents
``n_resamples`` times (group sizes kept; seeded like the bootstrap), and the
p-value is the share of shuffles whose difference ``group - rest`` is at
least as large in magnitude as the observed one, counted as ``(1 + k) /
(n + 1)`` so that it is never 0 (Phipson & Smyth 2010). A shuffle where a
ratio is undefined counts as at least as large (conservative). The p-values
of the table are adjusted as one family (``p_adjust``, Holm by default; see
:mod:`analysis.compare.multiple_testing`): ``p_adjusted``, ``p_adjust_method``,
``family_size``. The voice comparison has no such test (its two "groups"
split sentences, not documents): its p-values are NaN.

Examples:
    >>> lo, hi = bootstrap_ci([1.0, 2.0, 3.0, 4.0, 5.0], lambda s: s.mean(), n_resamples=500)
    >>> bool(lo < 3.0 < hi)
    True
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from analysis.text.dispersion import term_positions, unique_terms
from analysis.text.token_table import rate_base_mask, token_parts
from analysis.corpus.groups import group_column_name, group_columns, group_labels
from analysis.framing.lexicons import STANCES
from analysis.framing.tone import in_quotes, quoted_share, voice_of

#: Default seed of the bootstrap (record it in provenance).
DEFAULT_SEED = 20241209
#: Columns of the comparison table.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "group_by", "group", "measure", "value", "ci_low", "ci_high", "n_units", "unit", "numerator", "denominator",
    "p_value", "p_adjusted", "p_adjust_method", "family_size",
)
#: The two groups of the voice comparison, in table order.
VOICE_GROUPS: tuple[str, ...] = ("narration", "quoted")
#: Tokens of the rate measures are per this many counted tokens.
PER_TOKENS = 10_000

_COMPARISON_DTYPES = {
    "group_by": "string", "group": "string", "measure": "string", "value": "float64", "ci_low": "float64",
    "ci_high": "float64", "n_units": "int64", "unit": "string", "numerator": "int64", "denominator": "int64",
    "p_value": "float64", "p_adjusted": "float64", "p_adjust_method": "string", "family_size": "int64",
}
# Largest number of floats a vectorized bootstrap chunk may hold.
_CHUNK_ELEMENTS = 4_000_000


def bootstrap_ci(
    values_by_unit: Sequence | np.ndarray,
    statistic: Callable[[np.ndarray], float | np.ndarray],
    *,
    n_resamples: int = 1000,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
    vectorized: bool = False,
) -> tuple[float, float] | tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap confidence interval of a statistic over units.

    Each resample draws ``n`` units with replacement from the ``n`` rows of
    ``values_by_unit`` (``rng.integers(0, n, size=n)`` per resample, with
    ``rng = numpy.random.default_rng(seed)``), and the statistic is computed
    on the drawn rows. The interval is the ``(1 - level) / 2`` and
    ``(1 + level) / 2`` quantiles (numpy's default linear interpolation) of
    the finite replicates; non-finite replicates (an undefined ratio) are
    left out. The same seed gives the same interval; record it.

    Args:
        values_by_unit: One row per unit: a 1-D array of values or a 2-D
            array (units by variables, e.g. numerator and denominator).
        statistic: Maps the drawn rows to a number, or to a 1-D array of
            several statistics. With ``vectorized=True`` it receives a stack
            of resamples (shape ``(k, n, ...)``) and returns ``k`` values
            (or a ``(k, m)`` array).
        n_resamples: Number of bootstrap resamples.
        seed: Seed of :func:`numpy.random.default_rng`.
        level: Confidence level, between 0 and 1.
        vectorized: Whether ``statistic`` takes a stack of resamples (faster;
            same result).

    Returns:
        ``(low, high)``: floats, or arrays when the statistic returns
        several values; NaN when there are no units or no finite replicate.

    Raises:
        ValueError: ``level`` not between 0 and 1, or ``n_resamples`` < 1.

    Examples:
        >>> import numpy as np
        >>> units = np.array([[1, 10], [0, 10], [3, 10], [2, 10]])  # numerator, denominator
        >>> ratio = lambda s: s[:, 0].sum() / s[:, 1].sum()
        >>> a = bootstrap_ci(units, ratio, n_resamples=200, seed=7)
        >>> b = bootstrap_ci(units, lambda s: s[..., 0].sum(-1) / s[..., 1].sum(-1), n_resamples=200, seed=7,
        ...                  vectorized=True)
        >>> a == b, a != bootstrap_ci(units, ratio, n_resamples=200, seed=8)
        (True, True)
        >>> bootstrap_ci([4.0], np.mean)  # one unit: every resample is the same
        (4.0, 4.0)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, not {n_resamples}")
    data = np.asarray(values_by_unit, dtype=float)
    n = int(data.shape[0]) if data.ndim else 0
    if n == 0:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    replicates: list[np.ndarray] = []
    vector = False
    if vectorized:
        chunk = max(1, _CHUNK_ELEMENTS // max(1, data.size))
        done = 0
        while done < n_resamples:
            k = min(chunk, n_resamples - done)
            index = np.stack([rng.integers(0, n, size=n) for _ in range(k)])
            values = np.asarray(statistic(data[index]), dtype=float)
            vector = values.ndim == 2
            replicates.append(values.reshape(k, -1))
            done += k
    else:
        for _ in range(n_resamples):
            values = np.asarray(statistic(data[rng.integers(0, n, size=n)]), dtype=float)
            vector = values.ndim == 1
            replicates.append(values.reshape(1, -1))
    stats = np.concatenate(replicates, axis=0)
    alpha = 1.0 - level
    low = np.full(stats.shape[1], np.nan)
    high = np.full(stats.shape[1], np.nan)
    for j in range(stats.shape[1]):
        finite = stats[np.isfinite(stats[:, j]), j]
        if finite.size:
            low[j], high[j] = np.quantile(finite, [alpha / 2, 1 - alpha / 2])
    if vector:
        return low, high
    return float(low[0]), float(high[0])


def ratio_statistic(n_measures: int, *, scale: float | Sequence[float] = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    """A vectorized statistic: pooled ratios ``scale * sum(numerator) / sum(denominator)``.

    The unit rows hold ``n_measures`` numerators followed by as many
    denominators. Use with ``bootstrap_ci(..., vectorized=True)``.

    Args:
        n_measures: Number of ratios.
        scale: Multiplier of each ratio (``10_000`` for a rate per 10,000).

    Examples:
        >>> import numpy as np
        >>> stat = ratio_statistic(2, scale=[10.0, 1.0])
        >>> stat(np.array([[[1, 2, 4, 4], [3, 0, 4, 4]]])).tolist()  # one resample of two units
        [[5.0, 0.25]]
    """
    factor = np.broadcast_to(np.asarray(scale, dtype=float), (n_measures,))

    def statistic(sample: np.ndarray) -> np.ndarray:
        totals = sample.sum(axis=-2)
        with np.errstate(divide="ignore", invalid="ignore"):
            return factor * totals[..., :n_measures] / totals[..., n_measures:]

    return statistic


# ---------------------------------------------------------------- per-sentence counts


def _measure_names(terms: list[str], frames: Sequence[str]) -> list[tuple[str, float]]:
    return ([(f"term:{t}", float(PER_TOKENS)) for t in terms] + [(f"frame:{f}", 1.0) for f in frames]
            + [(f"stance:{s}", 1.0) for s in STANCES])


def _sentence_counts(
    prepared,
    framing_result,
    *,
    terms: list[str],
    frames: Sequence[str],
    matches: pd.DataFrame,
    voice: str | None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Numerators and denominators of every measure for every sentence.

    ``voice`` ``None`` counts everything; ``"narration"`` or ``"quoted"``
    counts only that voice (see :func:`voice_comparison`). Returns the
    sentence keys and two (sentences by measures) integer arrays.
    """
    sents = prepared.sentences
    keys = pd.DataFrame({"doc_id": sents["doc_id"].astype(str).to_numpy(),
                         "sent_id": sents["sent_id"].astype("int64").to_numpy()})
    index = pd.MultiIndex.from_frame(keys)
    quotes = framing_result.quotes

    def per_sentence(table: pd.DataFrame) -> np.ndarray:
        if table.empty:
            return np.zeros(len(keys), dtype=np.int64)
        grouped = table.assign(doc_id=table["doc_id"].astype(str)).groupby(["doc_id", "sent_id"]).size()
        return grouped.reindex(index, fill_value=0).to_numpy(dtype=np.int64)

    columns_num: list[np.ndarray] = []
    columns_den: list[np.ndarray] = []

    # Word tokens and term matches per sentence, summed part by part (``prepared.tokens`` may be the
    # store's parts: sentences never cross documents, so the sums equal those of the whole table).
    sentence_words, found = [], []
    for part in token_parts(prepared.tokens):
        if not len(part):
            continue
        counted = part[rate_base_mask(part)]
        positions = term_positions(part, terms=terms) if terms else None
        if voice is not None:
            quoted_tokens = in_quotes(counted, quotes)
            counted = counted[quoted_tokens if voice == "quoted" else ~quoted_tokens]
            if positions is not None:
                quoted_matches = in_quotes(positions, quotes)
                positions = positions[quoted_matches if voice == "quoted" else ~quoted_matches]
        sentence_words.append(counted[["doc_id", "sent_id"]])
        if positions is not None:
            found.append(positions[["term", "doc_id", "sent_id"]])
    words = pd.concat(sentence_words, ignore_index=True) if sentence_words else pd.DataFrame(
        {"doc_id": pd.Series([], dtype=str), "sent_id": pd.Series([], dtype="int64")})
    token_den = per_sentence(words)
    matched = pd.concat(found, ignore_index=True) if found else pd.DataFrame(
        {"term": pd.Series([], dtype=str), "doc_id": pd.Series([], dtype=str), "sent_id": pd.Series([], dtype="int64")})
    for term in terms:
        columns_num.append(per_sentence(matched[matched["term"] == term]))
        columns_den.append(token_den)

    if voice is None:
        frame_den = np.ones(len(keys), dtype=np.int64)
    else:
        binary = ["quoted" if voice_of(x) == "quoted" else "narration" for x in quoted_share(sents, quotes)]
        frame_den = (np.array(binary, dtype=object) == voice).astype(np.int64)
    hit = matches[["doc_id", "sent_id", "frame"]].astype({"doc_id": str, "sent_id": "int64", "frame": str})
    hit = hit.drop_duplicates()
    for frame in frames:
        has = per_sentence(hit[hit["frame"] == frame]) > 0
        columns_num.append(has.astype(np.int64) * frame_den)
        columns_den.append(frame_den)

    attributions = framing_result.attributions
    verbal = attributions[attributions["kind"].astype(str) == "attribution"]
    if voice is not None:
        verbal = verbal[verbal["voice"].astype(str) == voice]
    stance_den = per_sentence(verbal)
    stances = verbal["stance"].astype(str)
    for stance in STANCES:
        columns_num.append(per_sentence(verbal[stances == stance]))
        columns_den.append(stance_den)

    return keys, np.column_stack(columns_num), np.column_stack(columns_den)


def _rows_for_group(
    *,
    group_by: str,
    group: str,
    unit: str,
    numerators: np.ndarray,
    denominators: np.ndarray,
    measures: list[tuple[str, float]],
    n_resamples: int,
    seed: int,
    level: float,
) -> list[dict]:
    """Point estimates and bootstrap intervals of every measure for one group's units."""
    scales = [s for _, s in measures]
    num = numerators.sum(axis=0) if len(numerators) else np.zeros(len(measures), dtype=np.int64)
    den = denominators.sum(axis=0) if len(denominators) else np.zeros(len(measures), dtype=np.int64)
    units = np.column_stack([numerators, denominators]) if len(numerators) else np.zeros((0, 2 * len(measures)))
    low, high = bootstrap_ci(
        units, ratio_statistic(len(measures), scale=scales),
        n_resamples=n_resamples, seed=seed, level=level, vectorized=True,
    )
    if np.isscalar(low):
        low = np.full(len(measures), low)
        high = np.full(len(measures), high)
    rows = []
    for j, (measure, scale) in enumerate(measures):
        value = scale * num[j] / den[j] if den[j] else math.nan
        defined = den[j] > 0
        rows.append({
            "group_by": group_by, "group": group, "measure": measure, "value": value,
            "ci_low": float(low[j]) if defined else math.nan, "ci_high": float(high[j]) if defined else math.nan,
            "n_units": int(len(units)), "unit": unit, "numerator": int(num[j]), "denominator": int(den[j]),
        })
    return rows


def _finish(rows: list[dict], *, comparison: str, n_resamples: int, seed: int, level: float,
            p_values: np.ndarray | None = None, p_adjust: str = "holm") -> pd.DataFrame:
    from analysis.compare.multiple_testing import add_adjusted_p_values

    plain = [c for c in COMPARISON_COLUMNS if c not in ("p_value", "p_adjusted", "p_adjust_method", "family_size")]
    table = pd.DataFrame(rows, columns=plain)
    table["p_value"] = np.full(len(table), np.nan) if p_values is None else np.asarray(p_values, dtype=float)
    table = add_adjusted_p_values(table, p_adjust, untested_value=math.nan)
    table = table[list(COMPARISON_COLUMNS)].astype(_COMPARISON_DTYPES)
    table.attrs.update(comparison=comparison, seed=int(seed), n_resamples=int(n_resamples), level=float(level))
    return table


def permutation_p_values(numerators: np.ndarray, denominators: np.ndarray, group_of_unit: Sequence[int],
                         n_groups: int, *, scale: float | Sequence[float] = 1.0, n_permutations: int = 1000,
                         seed: int = DEFAULT_SEED) -> np.ndarray:
    """Permutation p-values of each group's pooled ratio against the pooled ratio of all other groups.

    The statistic of group ``g`` and measure ``j`` is ``scale * (sum num / sum den over g - the same over the
    other groups)``. The labels ``group_of_unit`` are shuffled among the units ``n_permutations`` times
    (``numpy.random.default_rng(seed).permutation``); the p-value is ``(1 + k) / (n_permutations + 1)``, with
    ``k`` the shuffles whose statistic is at least as large in magnitude as the observed one (or undefined).

    Args:
        numerators, denominators: One row per unit (document), one column per measure.
        group_of_unit: The group index (``0 .. n_groups - 1``) of each unit.
        n_groups: Number of groups.
        scale: Multiplier of each ratio (it does not change the p-values; kept for the statistic's units).
        n_permutations: Number of shuffles.
        seed: Seed of the shuffles.

    Returns:
        An array of shape ``(n_groups, measures)``; NaN where the observed statistic is undefined.

    Examples:
        >>> # two documents per group: A's both mention the term, B's never; of the 6 ways to split four
        >>> # documents two and two, 2 give a difference as large (A with both, or with neither): p = 1/3
        >>> num, den = np.array([[10], [10], [0], [0]]), np.array([[100], [100], [100], [100]])
        >>> p = permutation_p_values(num, den, [0, 0, 1, 1], 2, n_permutations=3000, seed=1)
        >>> [round(float(v), 2) for v in p[:, 0]]
        [0.33, 0.33]
    """
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    groups = np.asarray(group_of_unit, dtype=np.int64)
    factor = np.broadcast_to(np.asarray(scale, dtype=float), (num.shape[1],))
    onehot = np.eye(n_groups)[groups]
    total_num, total_den = num.sum(axis=0), den.sum(axis=0)

    def statistic(indicator: np.ndarray) -> np.ndarray:
        group_num, group_den = indicator.T @ num, indicator.T @ den
        with np.errstate(divide="ignore", invalid="ignore"):
            return factor * (group_num / group_den - (total_num - group_num) / (total_den - group_den))

    observed = np.abs(statistic(onehot))
    tolerance = 1e-9 * np.maximum(1.0, np.nan_to_num(observed))
    rng = np.random.default_rng(seed)
    at_least = np.zeros_like(observed)
    for _ in range(n_permutations):
        shuffled = np.abs(statistic(onehot[rng.permutation(len(groups))]))
        at_least += ~(shuffled < observed - tolerance)  # NaN (an undefined ratio) counts as at least as large
    p = (1.0 + at_least) / (n_permutations + 1.0)
    p[np.isnan(observed)] = np.nan
    return p


def _frame_names(dictionary) -> tuple[str, ...]:
    from analysis.framing.frames import load_frame_dictionary

    return (load_frame_dictionary() if dictionary is None else dictionary).names()


def voice_comparison(
    prepared,
    framing_result,
    *,
    terms: Sequence[str],
    n_resamples: int = 1000,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
    dictionary=None,
    matches: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compare the journalist's narration with the sources' quoted words.

    The two groups split the corpus by voice, using the direct quotes of
    ``framing_result.quotes`` (every kind):

    * ``term:`` rates: a token (or a term match) is *quoted* when it lies
      inside a quote span, otherwise *narration*; rates are per 10,000
      counted tokens of that voice;
    * ``frame:`` shares: a sentence is *quoted* when at least half of its
      characters lie inside quotes (voice ``"quoted"`` of
      :mod:`analysis.framing.tone`) and *narration* otherwise (mixed sentences are
      mostly the journalist's words); share of such sentences evoking the
      frame;
    * ``stance:`` shares: by the attribution's own ``voice`` (its reporting
      verb inside or outside a quote).

    Sentences are the resampled units (``unit = "sentence"``): the units of
    a group are the sentences holding any of its material (a counted token,
    a sentence voice or an attribution of that voice).

    Args:
        prepared: From :func:`analysis.text.prepare.prepare_corpus`, or any object with ``documents``,
            ``sentences`` and ``tokens`` (a token table or its parts, as :meth:`analysis.runner.study.Study.corpus`
            gives).
        framing_result: From :func:`analysis.framing.analyze.analyze_framing`.
        terms: Words, phrases or globs for the ``term:`` measures.
        n_resamples: Bootstrap resamples.
        seed: Bootstrap seed (record it in provenance).
        level: Confidence level.
        dictionary: Frame dictionary; ``None`` is the project's.
        matches: The frame matches of that dictionary (the frames stage's ``frame_matches``);
            ``None`` finds them here.

    Returns:
        The comparison table (see :func:`group_comparison`) with
        ``group_by == "voice"`` and groups ``narration`` and ``quoted``, and
        ``table.attrs["comparison"] == "voice"``.

    Examples:
        >>> from analysis.framing import analyze_framing
        >>> from analysis.text import prepare_corpus
        >>> prepared = prepare_corpus("tests/fixtures/small_corpus")
        >>> table = voice_comparison(prepared, analyze_framing(prepared), terms=["wait"], n_resamples=50)
        >>> table[table["measure"] == "term:wait"][["group", "value", "numerator", "denominator"]].values.tolist()
        [['narration', 769.2307692307693, 2, 26], ['quoted', 2500.0, 1, 4]]
    """
    terms = unique_terms(terms)
    frames = _frame_names(dictionary)
    if matches is None:
        from analysis.framing.frames import frame_matches

        matches = frame_matches(prepared.tokens, prepared.documents, dictionary=dictionary)
    measures = _measure_names(terms, frames)
    rows: list[dict] = []
    for voice in VOICE_GROUPS:
        _, num, den = _sentence_counts(prepared, framing_result, terms=terms, frames=frames, matches=matches,
                                       voice=voice)
        has_material = den.sum(axis=1) > 0
        rows += _rows_for_group(
            group_by="voice", group=voice, unit="sentence", numerators=num[has_material],
            denominators=den[has_material], measures=measures, n_resamples=n_resamples, seed=seed, level=level,
        )
    return _finish(rows, comparison="voice", n_resamples=n_resamples, seed=seed, level=level)


def group_comparison(
    prepared,
    framing_result,
    *,
    by: str | Sequence[str] | None,
    terms: Sequence[str],
    n_resamples: int = 1000,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
    dictionary=None,
    matches: pd.DataFrame | None = None,
    p_adjust: str = "holm",
) -> pd.DataFrame:
    """Compare term rates, frame shares and stance shares between groups of documents.

    Args:
        prepared: From :func:`analysis.text.prepare.prepare_corpus`, or any object with ``documents``,
            ``sentences`` and ``tokens`` (a token table or its parts, as :meth:`analysis.runner.study.Study.corpus`
            gives).
        framing_result: From :func:`analysis.framing.analyze.analyze_framing`.
        by: A column of the document table, such as ``"outlet"``, or a list of
            columns (:func:`analysis.corpus.groups.group_labels`).
        terms: Words, phrases or globs for the ``term:`` measures.
        n_resamples: Bootstrap resamples.
        seed: Bootstrap seed (record it in provenance).
        level: Confidence level.
        dictionary: Frame dictionary; ``None`` is the project's.
        matches: The frame matches of that dictionary (the frames stage's ``frame_matches``);
            ``None`` finds them here.
        p_adjust: How the permutation p-values are adjusted, the table being one family.

    Returns:
        Columns ``group_by, group, measure, value, ci_low, ci_high, n_units,
        unit, numerator, denominator, p_value, p_adjusted, p_adjust_method, family_size``
        (:data:`COMPARISON_COLUMNS`): one row per group and measure,
        groups sorted, measures in the order ``term:`` (as given),
        ``frame:`` (dictionary order), ``stance:`` (lexicon order).
        ``value = scale * numerator / denominator`` pooled over the group
        (NaN when the denominator is 0, and then no interval); ``n_units``
        is the number of resampled units. ``p_value`` tests the group against all
        other groups (:func:`permutation_p_values`, ``n_resamples`` shuffles of the
        documents' labels, seeded with ``seed``). When ``by`` has fewer than two
        distinct values the result is :func:`voice_comparison`'s
        (``group_by == "voice"``). ``table.attrs`` holds ``comparison``
        (``"groups"`` or ``"voice"``), ``seed``, ``n_resamples``, ``level``.

    Raises:
        KeyError: ``by`` is not a column of the document table.
        TypeError: ``terms`` is a single string.

    Examples:
        >>> from analysis.framing import analyze_framing
        >>> from analysis.text import prepare_corpus
        >>> prepared = prepare_corpus("tests/fixtures/small_corpus")
        >>> table = group_comparison(prepared, analyze_framing(prepared), by="outlet", terms=["NATO"],
        ...                          n_resamples=50)
        >>> table[table["measure"] == "term:NATO"][["group", "value", "n_units", "unit"]].values.tolist()
        [['Outlet A', 833.3333333333334, 2, 'sentence'], ['Outlet B', 555.5555555555555, 2, 'document']]
        >>> group_comparison(prepared, analyze_framing(prepared), by="desk", terms=[])
        Traceback (most recent call last):
        ...
        KeyError: "cannot compare by 'desk': not a column of the document table (columns: doc_id, outlet, ...)"
    """
    documents = prepared.documents
    if not group_columns(by):  # no grouping asked for: compare narration with quoted speech
        return voice_comparison(prepared, framing_result, terms=unique_terms(terms), n_resamples=n_resamples,
                                seed=seed, level=level, dictionary=dictionary, matches=matches)
    for column in group_columns(by):  # one column or a list of them (labels joined with " | ")
        if column not in documents.columns or column == "text":
            columns = ", ".join(str(c) for c in documents.columns if c != "text")
            raise KeyError(f"cannot compare by {column!r}: not a column of the document table (columns: {columns})")
    terms = unique_terms(terms)
    labels = group_labels(documents, by)
    groups = sorted(set(labels.astype(str)))
    if len(groups) < 2:
        return voice_comparison(prepared, framing_result, terms=terms, n_resamples=n_resamples, seed=seed,
                                level=level, dictionary=dictionary, matches=matches)
    frames = _frame_names(dictionary)
    if matches is None:
        from analysis.framing.frames import frame_matches

        matches = frame_matches(prepared.tokens, documents, dictionary=dictionary)
    measures = _measure_names(terms, frames)
    keys, num, den = _sentence_counts(prepared, framing_result, terms=terms, frames=frames, matches=matches,
                                      voice=None)
    rows: list[dict] = []
    for group, unit, unit_num, unit_den in group_units(keys, num, den, documents, labels):
        rows += _rows_for_group(
            group_by=group_column_name(by), group=group, unit=unit, numerators=unit_num,
            denominators=unit_den, measures=measures, n_resamples=n_resamples, seed=seed, level=level,
        )
    doc_order = {str(d): i for i, d in enumerate(documents["doc_id"])}
    codes = keys["doc_id"].astype(str).map(doc_order).to_numpy(dtype=np.int64)
    doc_num = np.zeros((len(doc_order), num.shape[1]))
    doc_den = np.zeros((len(doc_order), den.shape[1]))
    np.add.at(doc_num, codes, num)
    np.add.at(doc_den, codes, den)
    group_index = {g: i for i, g in enumerate(groups)}
    p_values = permutation_p_values(doc_num, doc_den, [group_index[str(g)] for g in labels.astype(str)], len(groups),
                                    scale=[s for _, s in measures], n_permutations=n_resamples, seed=seed)
    return _finish(rows, comparison="groups", n_resamples=n_resamples, seed=seed, level=level,
                   p_values=p_values.reshape(-1), p_adjust=p_adjust)


def group_units(keys: pd.DataFrame, num: np.ndarray, den: np.ndarray, documents: pd.DataFrame,
                labels: pd.Series) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """Split per-sentence numerators and denominators into each group's resampling units.

    The units of a group are its documents (rows summed per document, in
    document-table order); a group holding a single document resamples its
    sentences instead. Groups are sorted.

    Args:
        keys: ``doc_id`` of each sentence row (other columns ignored).
        num, den: Arrays with one row per sentence row.
        documents: The document table.
        labels: The group label of each document (aligned with ``documents``).

    Returns:
        ``(group, unit, unit numerators, unit denominators)`` per group.
    """
    group_of = dict(zip(documents["doc_id"].astype(str), labels.astype(str)))
    doc_order = [str(d) for d in documents["doc_id"]]
    doc_column = keys["doc_id"].astype(str)
    out = []
    for group in sorted(set(group_of.values())):
        docs = [d for d in doc_order if group_of[d] == group]
        in_group = doc_column.isin(docs).to_numpy()
        if len(docs) == 1:
            out.append((group, "sentence", num[in_group], den[in_group]))
            continue
        codes = doc_column[in_group].map({d: i for i, d in enumerate(docs)}).to_numpy(dtype=np.int64)
        unit_num = np.zeros((len(docs), num.shape[1]), dtype=num.dtype)
        unit_den = np.zeros((len(docs), den.shape[1]), dtype=den.dtype)
        np.add.at(unit_num, codes, num[in_group])
        np.add.at(unit_den, codes, den[in_group])
        out.append((group, "document", unit_num, unit_den))
    return out


# ------------------------------------------------------------ tone and lexicons by group

#: Columns of :func:`tone_by_group`.
TONE_GROUP_COLUMNS: tuple[str, ...] = (
    "group_by", "group", "measure", "value", "ci_low", "ci_high", "n_sentences", "n_units", "unit",
)
#: The measures of :func:`tone_by_group`, in table order (``kind:name``, as the comparison plot reads them).
TONE_MEASURES: tuple[str, ...] = ("compound:mean", "share:negative", "share:neutral", "share:positive")
#: Columns of :func:`lexicon_by_group`.
LEXICON_GROUP_COLUMNS: tuple[str, ...] = (
    "group_by", "group", "category", "matches", "tokens", "per_1k", "ci_low", "ci_high", "n_units", "unit",
)
#: Lexicon rates are per this many word tokens.
LEXICON_PER = 1_000


def _labels_or_all(documents: pd.DataFrame, by) -> tuple[str, pd.Series]:
    if not group_columns(by):
        return "(none)", pd.Series(["(all)"] * len(documents), index=documents.index, dtype="string")
    return group_column_name(by), group_labels(documents, by)


def tone_by_group(
    tone: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by,
    n_resamples: int = 1000,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> pd.DataFrame:
    """Sentence tone per group: mean VADER compound and shares of negative, neutral and positive sentences.

    Each measure is a ratio over the group's sentences (``sum / n_sentences``),
    with the percentile bootstrap interval of :func:`bootstrap_ci` over the
    group's documents (its sentences when it holds one document), exactly
    like :func:`group_comparison`. Thresholds are VADER's
    (:data:`analysis.framing.tone.NEGATIVE_THRESHOLD`, ``POSITIVE_THRESHOLD``).

    Args:
        tone: The sentence tone table (``doc_id``, ``compound``; from the ``tone`` stage).
        documents: The document table.
        by: A column, a list of columns, or ``None`` (one group ``(all)``).

    Returns:
        Columns :data:`TONE_GROUP_COLUMNS`: one row per group (sorted) and
        measure (:data:`TONE_MEASURES`). A group without sentences gets NaN values.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
        >>> tone = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "compound": [0.5, -0.5, 0.0, 0.25]})
        >>> t = tone_by_group(tone, docs, by="outlet", n_resamples=50)
        >>> t[t["measure"] == "compound:mean"][["group", "value", "n_sentences", "unit"]].values.tolist()
        [['X', 0.0, 3, 'document'], ['Y', 0.25, 1, 'sentence']]
    """
    from analysis.framing.tone import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD

    group_by, labels = _labels_or_all(documents, by)
    compound = tone["compound"].to_numpy(dtype=np.float64)
    negative = (compound <= NEGATIVE_THRESHOLD).astype(np.float64)
    positive = (compound >= POSITIVE_THRESHOLD).astype(np.float64)
    num = np.column_stack([compound, negative, 1.0 - negative - positive, positive])
    den = np.ones_like(num)
    keys = pd.DataFrame({"doc_id": tone["doc_id"].astype(str).to_numpy()})
    rows = []
    for group, unit, unit_num, unit_den in group_units(keys, num, den, documents, labels):
        n_sentences = int(unit_den[:, 0].sum()) if len(unit_den) else 0
        units = np.column_stack([unit_num, unit_den]) if len(unit_num) else np.zeros((0, 8))
        low, high = bootstrap_ci(units, ratio_statistic(4), n_resamples=n_resamples, seed=seed, level=level,
                                 vectorized=True)
        low, high = np.broadcast_to(low, (4,)), np.broadcast_to(high, (4,))
        totals = unit_num.sum(axis=0) if len(unit_num) else np.zeros(4)
        for j, measure in enumerate(TONE_MEASURES):
            defined = n_sentences > 0
            rows.append({"group_by": group_by, "group": group, "measure": measure,
                         "value": float(totals[j] / n_sentences) if defined else math.nan,
                         "ci_low": float(low[j]) if defined else math.nan,
                         "ci_high": float(high[j]) if defined else math.nan,
                         "n_sentences": n_sentences, "n_units": int(len(unit_num)), "unit": unit})
    table = pd.DataFrame(rows, columns=list(TONE_GROUP_COLUMNS)).astype(
        {"group_by": "string", "group": "string", "measure": "string", "value": "float64", "ci_low": "float64",
         "ci_high": "float64", "n_sentences": "int64", "n_units": "int64", "unit": "string"})
    table.attrs.update(seed=int(seed), n_resamples=int(n_resamples), level=float(level))
    return table


def _lexicon_sentence_counts(tokens: pd.DataFrame, lexicon: pd.DataFrame,
                             categories: list[str]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    from analysis.framing.word_lexicons import lexicon_matches
    from analysis.text.token_table import rate_base_mask

    words = tokens[rate_base_mask(tokens)]
    keys = words[["doc_id", "sent_id"]].astype({"doc_id": str, "sent_id": "int64"}).drop_duplicates()
    keys = keys.reset_index(drop=True)
    index = pd.MultiIndex.from_frame(keys)
    base = words.assign(doc_id=words["doc_id"].astype(str)).groupby(["doc_id", "sent_id"]).size()
    base = base.reindex(index, fill_value=0).to_numpy(dtype=np.int64)
    matches = lexicon_matches(words, lexicon).astype({"doc_id": str, "sent_id": "int64"})
    num = np.zeros((len(keys), len(categories)), dtype=np.int64)
    for j, category in enumerate(categories):
        hits = matches[matches["category"].astype(str) == category]
        if len(hits):
            num[:, j] = hits.groupby(["doc_id", "sent_id"]).size().reindex(index, fill_value=0).to_numpy()
    den = np.repeat(base[:, None], len(categories), axis=1)
    return keys, num, den


def lexicon_by_group(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    lexicon: pd.DataFrame,
    *,
    by,
    n_resamples: int = 1000,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> pd.DataFrame:
    """Lexicon matches per 1,000 word tokens, per group and category, with bootstrap intervals.

    A match is a word token (:data:`analysis.text.token_table.RATE_BASE`) whose
    lowercased form equals a lexicon word of the category
    (:func:`analysis.framing.word_lexicons.lexicon_matches`); the base is the
    group's word tokens, so the measure does not follow sentence length.
    Intervals: the document bootstrap of :func:`group_comparison`.

    Returns:
        Columns :data:`LEXICON_GROUP_COLUMNS`, groups sorted, categories in
        lexicon order (sorted). A group without tokens has ``per_1k`` NaN.

    Examples:
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["War and fear.", "Peace, joy and joy."],
        ...                      "outlet": ["X", "Y"]})
        >>> _, toks = tokenize_corpus(docs)
        >>> lex = pd.DataFrame({"word": ["war", "fear", "joy"], "category": ["fear", "fear", "joy"]})
        >>> t = lexicon_by_group(toks, docs, lex, by="outlet", n_resamples=20)
        >>> t[["group", "category", "matches", "tokens", "per_1k"]].values.tolist()
        [['X', 'fear', 2, 3, 666.6666666666666], ['X', 'joy', 0, 3, 0.0], ['Y', 'fear', 0, 4, 0.0], ['Y', 'joy', 2, 4, 500.0]]
    """
    group_by, labels = _labels_or_all(documents, by)
    categories = sorted(dict.fromkeys(lexicon["category"].astype(str)))
    pieces = [_lexicon_sentence_counts(part, lexicon, categories) for part in token_parts(tokens) if len(part)]
    if pieces:  # sums over documents: the store's parts give the same rows as the whole table
        keys = pd.concat([k for k, _, _ in pieces], ignore_index=True)
        num, den = np.vstack([n for _, n, _ in pieces]), np.vstack([d for _, _, d in pieces])
    else:
        keys = pd.DataFrame({"doc_id": pd.Series([], dtype=str), "sent_id": pd.Series([], dtype="int64")})
        num = den = np.zeros((0, len(categories)), dtype=np.int64)
    rows = []
    for group, unit, unit_num, unit_den in group_units(keys, num, den, documents, labels):
        units = (np.column_stack([unit_num, unit_den]) if len(unit_num)
                 else np.zeros((0, 2 * len(categories))))
        low, high = bootstrap_ci(units, ratio_statistic(len(categories), scale=float(LEXICON_PER)),
                                 n_resamples=n_resamples, seed=seed, level=level, vectorized=True)
        low = np.broadcast_to(low, (len(categories),))
        high = np.broadcast_to(high, (len(categories),))
        matches = unit_num.sum(axis=0) if len(unit_num) else np.zeros(len(categories), dtype=np.int64)
        total = int(unit_den[:, 0].sum()) if len(unit_den) and len(categories) else 0
        for j, category in enumerate(categories):
            rows.append({"group_by": group_by, "group": group, "category": category, "matches": int(matches[j]),
                         "tokens": total, "per_1k": LEXICON_PER * int(matches[j]) / total if total else math.nan,
                         "ci_low": float(low[j]) if total else math.nan,
                         "ci_high": float(high[j]) if total else math.nan,
                         "n_units": int(len(unit_num)), "unit": unit})
    table = pd.DataFrame(rows, columns=list(LEXICON_GROUP_COLUMNS)).astype(
        {"group_by": "string", "group": "string", "category": "string", "matches": "int64", "tokens": "int64",
         "per_1k": "float64", "ci_low": "float64", "ci_high": "float64", "n_units": "int64", "unit": "string"})
    table.attrs.update(seed=int(seed), n_resamples=int(n_resamples), level=float(level))
    return table


def lexicon_rate_ratios(table: pd.DataFrame, *, target_group: str | None = None,
                        level: float = 0.95, p_adjust: str = "holm") -> pd.DataFrame:
    """Rate ratios of each lexicon category between groups, from :func:`lexicon_by_group`'s table.

    The columns of :func:`analysis.compare.rates.rate_ratios`, with ``term`` the
    category and the rates per 1,000 word tokens (``per_1k_a``, ``per_1k_b``);
    empty with fewer than two groups. The p-values are adjusted with ``p_adjust``,
    the whole table (every category and pair) being one family.

    Examples:
        >>> t = pd.DataFrame({"group": ["X", "Y"], "category": ["fear", "fear"], "matches": [11, 21],
        ...                   "tokens": [800, 3011]})
        >>> round(float(lexicon_rate_ratios(t)["ci_high"].iloc[0]), 6)  # R: poisson.test(c(11, 21), c(800, 3011))
        4.277266
    """
    from analysis.compare.rates import group_pairs, rate_ratio_rows

    counts = pd.DataFrame({"term": table["category"].astype(str), "group": table["group"].astype(str),
                           "count": table["matches"].astype("int64"), "tokens": table["tokens"].astype("int64")})
    groups = sorted(set(counts["group"]))
    pairs = group_pairs(groups, target_group) if len(groups) >= 2 else []
    out = rate_ratio_rows(counts, pairs, per=LEXICON_PER, level=level, p_adjust=p_adjust)
    return out.rename(columns={"per_10k_a": "per_1k_a", "per_10k_b": "per_1k_b"})
