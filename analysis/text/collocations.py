"""Collocations: word pairs and triples that occur together more than by chance.

Two tables:

* :func:`collocations` scores adjacent n-grams (n = 2 or 3) exactly as NLTK's
  ``BigramCollocationFinder`` / ``TrigramCollocationFinder`` built with
  ``from_documents`` on one "document" per sentence, then filtered with
  ``apply_word_filter`` and ``apply_freq_filter``, and scored with
  ``BigramAssocMeasures`` / ``TrigramAssocMeasures``. The counting is
  vectorised (NumPy), so a corpus of a million tokens takes seconds, and
  the tests check every score against NLTK itself.
* :func:`window_collocates` scores the collocates of one node word (or glob)
  within ±``window`` tokens of the same sentence, with the bigram measures on
  window counts.

Measures (NLTK's definitions; ``N`` is the number of tokens, see below):

============  ===============================================================
``pmi``       log2(n_ii N / (n_ix n_xi)); trigrams log2(n_iii N² / (n_ixx n_xix n_xxi))
``llr``       Dunning's log-likelihood 2 Σ O ln(O/E) over the 2x2 table (2x2x2 for
              trigrams); unsigned, as in NLTK (a pair rarer than expected also scores
              high: look at ``pmi`` or ``t_score``, negative then)
``t_score``   (n_ii - n_ix n_xi / N) / sqrt(n_ii) (Manning & Schütze 5.3.1)
``dice``      2 n_ii / (n_ix + n_xi); bigram-only in NLTK, so ``NaN`` for trigrams
``raw_freq``  n_ii / N
``chi_sq``    Pearson's chi-square of the table (optional; not in the default)
============  ===============================================================

What is counted (NLTK's semantics, kept so the values equal NLTK's): n-grams
are read from the full token sequence of each sentence, on ``norm``, and
never cross a sentence boundary. The word counts ``n_ix``, ``n_xi`` (and for
trigrams the pair counts ``n_iix``, ``n_xii`` and the skip-pair count
``n_ixi``) and ``N`` are counted over ALL tokens, punctuation and stopwords
included, before any filter, because NLTK's finder counts its ``word_fd``
before ``apply_word_filter`` removes candidate n-grams. The filters only
remove n-grams containing a punctuation token, a stopword or a numeral.

Examples:
    >>> import pandas as pd
    >>> from analysis.text.tokenize import tokenize_corpus
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [
    ...     "Security guarantees matter. Kyiv wants security guarantees. Security guarantees, Kyiv said."]})
    >>> _, toks = tokenize_corpus(docs)
    >>> table = collocations(toks)
    >>> table[["ngram", "n", "count"]].values.tolist(), round(float(table.loc[0, "pmi"]), 4)
    ([['security guarantees', 2, 3]], 2.3219)
"""

from __future__ import annotations

import math  # noqa: F401 - the doctests use it
from typing import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from analysis.text.association import SMALL as _SMALL
from analysis.text.association import bigram_pmi, chi2, dice, g2, t_score
from analysis.text.kwic import glob_regex, is_glob
from analysis.text.token_table import corpus_order, counted_mask, run_bounds, sentence_keys, token_parts

#: Measures available to :func:`collocations` and :func:`window_collocates`.
MEASURES: tuple[str, ...] = ("pmi", "llr", "t_score", "dice", "raw_freq", "chi_sq")
#: The default measures.
DEFAULT_MEASURES: tuple[str, ...] = ("pmi", "llr", "t_score", "dice", "raw_freq")
#: Extra count columns of :func:`window_collocates`, after the measures.
WINDOW_COUNT_COLUMNS: tuple[str, ...] = ("n_ix", "n_xi", "n_xx")


def _check_measures(measures: Sequence[str]) -> list[str]:
    if isinstance(measures, str):
        raise TypeError(f"measures must be a list of names, e.g. [{measures!r}]")
    chosen = list(dict.fromkeys(measures))
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown or not chosen:
        raise ValueError(f"unknown or no measures {unknown}; choose from {list(MEASURES)}")
    return chosen


def _bigram_arrays(n_ii, n_ix, n_xi, n_xx) -> dict[str, np.ndarray]:
    """Every measure for arrays of bigram marginals (NLTK's formulas)."""
    n_ii, n_ix, n_xi, n_xx = (np.asarray(v, dtype=np.float64) for v in (n_ii, n_ix, n_xi, n_xx))
    # NLTK's table [n_ii, n_oi; n_io, n_oo] is keyness's [a, b; c - a, d - b] with
    # a = n_ii, b = n_xi - n_ii, c = n_ix, d = n_xx - n_ix; NLTK's values are unsigned.
    a, b, c, d = n_ii, n_xi - n_ii, n_ix, n_xx - n_ix
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "pmi": bigram_pmi(n_ii, n_ix, n_xi, n_xx),
            "llr": np.abs(g2(a, b, c, d)),
            "t_score": t_score(n_ii, n_ix, n_xi, n_xx),
            "dice": dice(n_ii, n_ix, n_xi),
            "raw_freq": n_ii / n_xx,
            "chi_sq": np.abs(chi2(a, b, c, d)),
        }


def _trigram_arrays(n_iii, n_iix, n_ixi, n_xii, n_ixx, n_xix, n_xxi, n_xxx) -> dict[str, np.ndarray]:
    """Every measure for arrays of trigram marginals (NLTK's formulas)."""
    values = [np.asarray(v, dtype=np.float64) for v in (n_iii, n_iix, n_ixi, n_xii, n_ixx, n_xix, n_xxi, n_xxx)]
    n_iii, n_iix, n_ixi, n_xii, n_ixx, n_xix, n_xxi, n_xxx = values
    # NLTK's cube, cell index bits: 1 = first word absent, 2 = second, 4 = third.
    n_oii = n_xii - n_iii
    n_ioi = n_ixi - n_iii
    n_iio = n_iix - n_iii
    n_ooi = n_xxi - n_iii - n_oii - n_ioi
    n_oio = n_xix - n_iii - n_oii - n_iio
    n_ioo = n_ixx - n_iii - n_ioi - n_iio
    n_ooo = n_xxx - n_iii - n_oii - n_ioi - n_iio - n_ooi - n_oio - n_ioo
    cells = [n_iii, n_oii, n_ioi, n_ooi, n_iio, n_oio, n_ioo, n_ooo]
    margins = [n_ixx, n_xix, n_xxi]
    llr = np.zeros_like(n_iii)
    chi = np.zeros_like(n_iii)
    with np.errstate(divide="ignore", invalid="ignore"):
        for index, observed in enumerate(cells):
            expected = np.ones_like(n_iii)
            for bit, margin in enumerate(margins):
                expected = expected * (n_xxx - margin if index >> bit & 1 else margin)
            expected = expected / n_xxx**2
            llr = llr + np.where(observed > 0, observed * np.log(observed / (expected + _SMALL) + _SMALL), 0.0)
            chi = chi + (observed - expected) ** 2 / (expected + _SMALL)
        product = n_ixx * n_xix * n_xxi
        return {
            "pmi": np.log2(n_iii * n_xxx**2) - np.log2(product),
            "llr": 2.0 * llr,
            "t_score": (n_iii - product / n_xxx**2) / np.sqrt(n_iii + _SMALL),
            "dice": np.full_like(n_iii, np.nan),
            "raw_freq": n_iii / n_xxx,
            "chi_sq": chi,
        }


def bigram_scores(n_ii: float, n_ix: float, n_xi: float, n_xx: float) -> dict[str, float]:
    """Score one bigram from its marginals, with NLTK's ``BigramAssocMeasures``.

    The arguments are those of NLTK's ``score_fn(n_ii, (n_ix, n_xi), n_xx)``:

    * ``n_ii``: the pair (w1, w2);
    * ``n_ix``: w1 followed by anything (w1's count);
    * ``n_xi``: anything followed by w2 (w2's count);
    * ``n_xx``: all events (tokens).

    The table functions compute their columns with the same code.

    Args:
        n_ii: Joint count.
        n_ix: Count of the first word.
        n_xi: Count of the second word.
        n_xx: Total.

    Returns:
        ``{"pmi", "llr", "t_score", "dice", "raw_freq", "chi_sq"}`` as floats.

    Raises:
        ValueError: The counts do not make a 2x2 table (a negative cell).

    Examples:
        >>> s = bigram_scores(20, 42, 20, 14307668)  # NLTK's doctest vectors
        >>> round(s["pmi"], 2), round(s["t_score"], 4), s["dice"]
        (18.38, 4.4721, 0.6451612903...)
        >>> round(bigram_scores(110, 2552, 221, 31777)["llr"], 2)
        270.72
    """
    if min(n_ii, n_ix - n_ii, n_xi - n_ii, n_xx - n_ix - n_xi + n_ii) < 0:
        raise ValueError(f"not a 2x2 table: n_ii={n_ii}, n_ix={n_ix}, n_xi={n_xi}, n_xx={n_xx}")
    return {name: float(value) for name, value in _bigram_arrays(n_ii, n_ix, n_xi, n_xx).items()}


def trigram_scores(
    n_iii: float, n_iix: float, n_ixi: float, n_xii: float, n_ixx: float, n_xix: float, n_xxi: float, n_xxx: float
) -> dict[str, float]:
    """Score one trigram from its marginals, with NLTK's ``TrigramAssocMeasures``.

    The arguments are those of NLTK's
    ``score_fn(n_iii, (n_iix, n_ixi, n_xii), (n_ixx, n_xix, n_xxi), n_xxx)``:
    the trigram (w1, w2, w3); the pairs (w1, w2, *), (w1, *, w3) and
    (*, w2, w3); the words w1, w2 and w3; and the total. ``dice`` is ``nan``
    (NLTK defines it for bigrams only).

    Args:
        n_iii: Trigram count.
        n_iix: Count of (w1, w2).
        n_ixi: Count of (w1, *, w3).
        n_xii: Count of (w2, w3).
        n_ixx: Count of w1.
        n_xix: Count of w2.
        n_xxi: Count of w3.
        n_xxx: Total.

    Returns:
        ``{"pmi", "llr", "t_score", "dice", "raw_freq", "chi_sq"}`` as floats.

    Examples:
        >>> s = trigram_scores(1, 1, 1, 1, 1, 73, 1, 2000)
        >>> round(s["pmi"], 4), round(s["t_score"], 4), math.isnan(s["dice"])
        (15.7417, 1.0, True)
    """
    values = _trigram_arrays(n_iii, n_iix, n_ixi, n_xii, n_ixx, n_xix, n_xxi, n_xxx)
    return {name: float(value) for name, value in values.items()}


def _chunks(tokens: pd.DataFrame | Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The token table as chunks of whole documents, each in corpus order.

    ``tokens`` is one token table or a re-iterable of tables that each hold
    whole documents (such as :meth:`analysis.runner.study.Study.token_parts`):
    counts are sums over documents, so counting part by part gives the same
    numbers as counting the whole table, with one part in memory at a time.
    """
    for part in token_parts(tokens):
        if len(part):
            yield corpus_order(part)


class _Vocabulary:
    """Integer codes for ``norm`` values, stable across chunks (first appearance first)."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._words: list[str] = []

    def codes(self, norms: pd.Series) -> np.ndarray:
        local, uniques = pd.factorize(norms.astype(str), sort=False)
        index = self._index
        for word in uniques:
            if word not in index:
                index[word] = len(self._words)
                self._words.append(word)
        ids = np.fromiter((index[w] for w in uniques), dtype=np.int64, count=len(uniques))
        return ids[local] if len(local) else np.zeros(0, dtype=np.int64)

    def words(self) -> np.ndarray:
        return np.asarray(self._words, dtype=object)


class _Counts:
    """Counts of code tuples, summed chunk by chunk."""

    def __init__(self) -> None:
        self._parts: list[pd.Series] = []
        self._total: pd.Series | None = None

    def add(self, *columns: np.ndarray, keep: set | None = None) -> None:
        if len(columns[0]) == 0:
            return
        frame = pd.DataFrame({i: np.asarray(c, dtype=np.int64) for i, c in enumerate(columns)})
        counts = frame.groupby(list(frame.columns), sort=False).size()
        if keep is not None:
            counts = counts[[key in keep for key in counts.index]]
        self._parts.append(counts)
        if len(self._parts) >= 16:
            self._reduce()

    def _reduce(self) -> None:
        pieces = ([self._total] if self._total is not None else []) + self._parts
        if pieces:
            combined = pd.concat(pieces)
            self._total = combined.groupby(level=list(range(combined.index.nlevels)), sort=True).sum()
        self._parts = []

    def series(self) -> pd.Series | None:
        self._reduce()
        return self._total

    def result(self) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
        """The distinct tuples (one array per position) and their counts."""
        total = self.series()
        if total is None or total.empty:
            return (np.zeros(0, dtype=np.int64),) * 3, np.zeros(0, dtype=np.int64)
        index = total.index
        levels = [index] if index.nlevels == 1 else [index.get_level_values(i) for i in range(index.nlevels)]
        return tuple(np.asarray(level, dtype=np.int64) for level in levels), total.to_numpy(dtype=np.int64)

    def lookup(self, keys: tuple[np.ndarray, ...]) -> list[np.ndarray]:
        """The count of each code in each key array (single codes; 0 when unseen)."""
        total = self.series()
        if total is None:
            return [np.zeros(len(k), dtype=np.int64) for k in keys]
        return [total.reindex(np.asarray(k, dtype=np.int64)).fillna(0).to_numpy(dtype=np.int64) for k in keys]

    def lookup_pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The count of each ``(first[i], second[i])`` pair (0 when unseen)."""
        total = self.series()
        if total is None:
            return np.zeros(len(first), dtype=np.int64)
        wanted = pd.MultiIndex.from_arrays([np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)])
        return total.reindex(wanted).fillna(0).to_numpy(dtype=np.int64)


def _empty(columns: list[str], text_columns: Sequence[str], int_columns: Sequence[str]) -> pd.DataFrame:
    dtypes = {c: "string" for c in text_columns} | {c: "int64" for c in int_columns}
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, "float64")) for c in columns})


def _finish(table: pd.DataFrame, key: str, measures: list[str], columns: list[str]) -> pd.DataFrame:
    order = ["llr"] if "llr" in measures else [measures[0]]
    table = table.sort_values(order + [key], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    return table[columns]


def collocations(
    tokens: pd.DataFrame,
    *,
    n: int = 2,
    measures: Sequence[str] = DEFAULT_MEASURES,
    min_count: int = 2,
    drop_punct: bool = True,
    drop_stopwords: bool = True,
    drop_numbers: bool = False,
) -> pd.DataFrame:
    """Score adjacent bigrams or trigrams of ``norm`` values, as NLTK does.

    The result equals, score for score, NLTK's
    ``BigramCollocationFinder.from_documents(sentences)`` (or the trigram
    finder) on the ``norm`` values of each sentence (all tokens), after
    ``apply_word_filter`` with the chosen filters and
    ``apply_freq_filter(min_count)``, scored with ``BigramAssocMeasures``
    (``TrigramAssocMeasures``). See the module docstring for what the
    marginal counts include. The word filters test each token's own flags
    (``is_punct``, ``is_stop``, ``is_num``), which is NLTK's word filter
    whenever the flags are a function of ``norm`` (always, unless stemming
    merges a stopword and another word into one stem).

    Args:
        tokens: A token table (the full table: filtering happens here).
        n: 2 (bigrams) or 3 (trigrams).
        measures: Which measures to compute, in column order (see
            :data:`MEASURES`).
        min_count: Leave out n-grams counted fewer times.
        drop_punct: Leave out n-grams containing punctuation.
        drop_stopwords: Leave out n-grams containing a stopword.
        drop_numbers: Leave out n-grams containing a numeral.

    Returns:
        Columns ``ngram`` (norms joined by single spaces), ``n``, ``count``
        and then the measures. Sorted by ``llr`` descending (by the first
        measure when ``llr`` is not chosen), then ``ngram``.

    Raises:
        ValueError: ``n`` is not 2 or 3, or an unknown measure.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Peace talks. Peace talks failed. Talks peace."]})
        >>> _, toks = tokenize_corpus(docs)
        >>> collocations(toks, measures=["raw_freq"], min_count=1).values.tolist()
        [['peace talks', 2, 2, 0.2], ['talks failed', 2, 1, 0.1], ['talks peace', 2, 1, 0.1]]
    """
    if n not in (2, 3):
        raise ValueError(f"n must be 2 or 3, not {n}")
    chosen = _check_measures(measures)
    columns = ["ngram", "n", "count"] + chosen
    flags = {"drop_punct": drop_punct, "drop_numbers": drop_numbers, "drop_stopwords": drop_stopwords}
    vocabulary = _Vocabulary()
    unigrams, grams, total = _Counts(), _Counts(), 0
    for toks in _chunks(tokens):
        codes = vocabulary.codes(toks["norm"])
        sentence = sentence_keys(toks)
        excluded = ~counted_mask(toks, **flags)
        unigrams.add(codes)
        total += len(codes)
        pair_ok = sentence[:-1] == sentence[1:]
        if n == 2:
            keep = pair_ok & ~excluded[:-1] & ~excluded[1:]
            grams.add(codes[:-1][keep], codes[1:][keep])
        else:
            triple_ok = pair_ok[:-1] & pair_ok[1:]
            keep = triple_ok & ~excluded[:-2] & ~excluded[1:-1] & ~excluded[2:]
            grams.add(codes[:-2][keep], codes[1:-1][keep], codes[2:][keep])
    keys, counts = grams.result()
    mask = counts >= min_count
    keys, counts = [k[mask] for k in keys], counts[mask]
    if len(counts) == 0:
        return _empty(columns, ["ngram"], ["n", "count"])
    word_counts = unigrams.lookup(keys)
    if n == 2:
        first, second = keys
        scores = _bigram_arrays(counts, word_counts[0], word_counts[1], total)
    else:
        first, second, third = keys
        # The pair and skip marginals of the kept trigrams, counted over all tokens in a second pass.
        pairs, skips = _Counts(), _Counts()
        wanted_pairs = set(zip(first.tolist(), second.tolist())) | set(zip(second.tolist(), third.tolist()))
        wanted_skips = set(zip(first.tolist(), third.tolist()))
        for toks in _chunks(tokens):
            codes = vocabulary.codes(toks["norm"])
            sentence = sentence_keys(toks)
            pair_ok = sentence[:-1] == sentence[1:]
            triple_ok = pair_ok[:-1] & pair_ok[1:]
            pairs.add(codes[:-1][pair_ok], codes[1:][pair_ok], keep=wanted_pairs)
            skips.add(codes[:-2][triple_ok], codes[2:][triple_ok], keep=wanted_skips)
        scores = _trigram_arrays(
            counts, pairs.lookup_pairs(first, second), skips.lookup_pairs(first, third),
            pairs.lookup_pairs(second, third), word_counts[0], word_counts[1], word_counts[2], total,
        )
    words = vocabulary.words()
    text = pd.Series(words[keys[0]], dtype=object)
    for w in keys[1:]:
        text = text + " " + pd.Series(words[w], dtype=object)
    table = pd.DataFrame({"ngram": text, "n": n, "count": counts})
    for name in chosen:
        table[name] = scores[name]
    table = table.astype({"ngram": "string", "n": "int64", "count": "int64"} | {m: "float64" for m in chosen})
    return _finish(table, "ngram", chosen, columns)


def window_collocates(
    tokens: pd.DataFrame,
    *,
    node: str,
    window: int = 5,
    measures: Sequence[str] = DEFAULT_MEASURES,
    min_count: int = 1,
    drop_punct: bool = True,
    drop_stopwords: bool = True,
    drop_numbers: bool = False,
) -> pd.DataFrame:
    """Collocates of a node word within ±``window`` tokens in the same sentence.

    The node is a word or a glob (``"NATO"``, ``"claim*"``; see
    :func:`analysis.text.kwic.glob_regex`), matched case-insensitively against
    whole ``norm`` values. Windows are measured over the full token sequence
    of the sentence (punctuation and stopwords take up places, as in
    :func:`analysis.text.kwic.kwic`) and stop at the sentence boundary.
    Overlapping windows are merged, so no token is counted twice (Evert
    2008, "Corpora and collocations", surface co-occurrence).

    The 2x2 table of each collocate is over the *candidate* tokens: tokens
    that pass the filters and are not themselves node occurrences (a node is
    never its own collocate). Its cells feed NLTK's ``BigramAssocMeasures``
    as ``score_fn(n_ii, (n_ix, n_xi), n_xx)`` with:

    * ``n_ii`` (the ``count`` column): candidate tokens of the collocate
      inside the merged windows;
    * ``n_ix``: all candidate tokens inside the merged windows (the window
      region's size, the same for every collocate);
    * ``n_xi``: the collocate's frequency among the candidate tokens of the
      whole corpus;
    * ``n_xx``: all candidate tokens of the corpus.

    So ``pmi`` = log2(observed / expected in a window region of that size).

    Args:
        tokens: A token table (the full table).
        node: A word or glob; one token, no spaces.
        window: Tokens on each side (at least 1).
        measures: Measures to compute (see :data:`MEASURES`).
        min_count: Leave out collocates seen fewer times near the node.
        drop_punct: Punctuation is never a collocate.
        drop_stopwords: Stopwords are never collocates.
        drop_numbers: Numerals are never collocates.

    Returns:
        Columns ``node`` (the pattern as given), ``collocate``, ``count``,
        the measures, then ``n_ix``, ``n_xi``, ``n_xx``. Sorted by ``llr``
        descending (or the first measure), then ``collocate``. Empty when the
        node does not occur.

    Raises:
        ValueError: An empty or multi-word node, a window below 1, or an
            unknown measure.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [
        ...     "Kyiv wants NATO membership now. NATO membership is far. Kyiv waits."]})
        >>> _, toks = tokenize_corpus(docs)
        >>> table = window_collocates(toks, node="nato", window=2, measures=["pmi"]).round(4)
        >>> table.values.tolist()  # "now", "is" are stopwords; "far" is 3 tokens away
        [['nato', 'membership', 2, 0.8074, 4, 2, 7], ['nato', 'wants', 1, 0.8074, 4, 1, 7], ['nato', 'kyiv', 1, -0.1926, 4, 2, 7]]
    """
    chosen = _check_measures(measures)
    if not isinstance(node, str) or len(node.split()) != 1:
        raise ValueError(f"node must be one word or glob, not {node!r}")
    if window < 1:
        raise ValueError(f"window must be at least 1, not {window}")
    columns = ["node", "collocate", "count"] + chosen + list(WINDOW_COUNT_COLUMNS)
    empty = _empty(columns, ["node", "collocate"], ["count"] + list(WINDOW_COUNT_COLUMNS))
    pattern = node.strip().lower()
    if is_glob(pattern):
        test = glob_regex(pattern, case_sensitive=False).fullmatch
    else:
        def test(value: str) -> bool:
            return value == pattern
    vocabulary = _Vocabulary()
    hits: list[bool] = []  # whether each vocabulary word matches the node
    region_counts, candidate_counts = _Counts(), _Counts()
    n_ix = n_xx = 0
    found = False
    for toks in _chunks(tokens):
        codes = vocabulary.codes(toks["norm"])
        words = vocabulary.words()
        hits.extend(bool(test(str(v).lower())) for v in words[len(hits):])
        is_node = np.asarray(hits, dtype=bool)[codes]
        candidate = counted_mask(toks, drop_punct=drop_punct, drop_numbers=drop_numbers,
                                 drop_stopwords=drop_stopwords) & ~is_node
        candidate_counts.add(codes[candidate])
        n_xx += int(candidate.sum())
        if not is_node.any():
            continue
        found = True
        first, last = run_bounds(sentence_keys(toks))
        positions = np.flatnonzero(is_node)
        low = np.maximum(first[positions], positions - window)
        high = np.minimum(last[positions], positions + window)
        cover = np.zeros(len(toks) + 1, dtype=np.int64)
        np.add.at(cover, low, 1)
        np.add.at(cover, high + 1, -1)
        region = (np.cumsum(cover[:-1]) > 0) & candidate
        region_counts.add(codes[region])
        n_ix += int(region.sum())
    if not found:
        return empty
    (collocate_codes,), n_ii = region_counts.result()
    keep = n_ii >= max(min_count, 1)
    collocate_codes, n_ii = collocate_codes[keep], n_ii[keep]
    if len(n_ii) == 0:
        return empty
    n_xi = candidate_counts.lookup((collocate_codes,))[0]
    scores = _bigram_arrays(n_ii, n_ix, n_xi, n_xx)
    table = pd.DataFrame({"node": node, "collocate": vocabulary.words()[collocate_codes], "count": n_ii})
    for name in chosen:
        table[name] = scores[name]
    table["n_ix"], table["n_xi"], table["n_xx"] = n_ix, n_xi, n_xx
    dtypes = {"node": "string", "collocate": "string", "count": "int64"} | {m: "float64" for m in chosen}
    table = table.astype(dtypes | {c: "int64" for c in WINDOW_COUNT_COLUMNS})
    return _finish(table, "collocate", chosen, columns)


def collocation_table(tokens: pd.DataFrame, *, n_values: Sequence[int] = (2, 3), min_count: int = 2, **filters) -> pd.DataFrame:
    """Bigram and trigram collocations in one table (``n`` tells them apart).

    Examples:
        >>> from analysis.text import prepare_corpus
        >>> table = collocation_table(prepare_corpus("data/raw").tokens, min_count=2)
        >>> sorted(set(table["n"])), table.iloc[0]["ngram"]
        ([2, 3], 'nato membership')
    """
    parts = [collocations(tokens, n=n, min_count=min_count, **filters) for n in n_values]
    return pd.concat(parts, ignore_index=True) if parts else collocations(tokens, n=2, min_count=min_count)
