"""Where terms occur: positions in the corpus and Juilland's dispersion D.

A term is a word (``"NATO"``), a phrase (``"security guarantees"``, matched on
consecutive tokens of one sentence) or a glob (``"claim*"``), matched like
:func:`analysis.text.kwic.kwic` does: each pattern word is compared with a whole
Treebank token, case-insensitively (the lowercased ``token`` column against
the lowercased pattern), ``*`` and ``?`` being the only wildcards (see
:func:`analysis.text.kwic.glob_regex`).

Positions:

* ``position`` is the running index of the match's first token over the
  whole token table (punctuation included, 0-based), documents taken in the
  order they first appear in the token table and tokens by ``tok_id``; it
  is the x axis of a lexical dispersion plot
  (:func:`analysis.report.plots.dispersion_plot`);
* ``doc_position`` is the same index within the document.

Dispersion: Juilland's D (Juilland & Chang-Rodríguez 1964), as defined in
Gries (2008), "Dispersions and adjusted frequencies in corpora",
*International Journal of Corpus Linguistics* 13(4):

    D = 1 - V / sqrt(n - 1)

where ``n`` is the number of corpus parts and ``V`` the coefficient of
variation (population standard deviation divided by the mean) of the term's
*relative* frequencies in the parts (occurrences in the part divided by the
part's size), so parts of unequal size are compared fairly. D is 1 for a
term spread perfectly evenly and 0 for a term found in one part only; it is
NaN (undefined) for a term that never occurs (its mean is 0) and when fewer
than two parts hold any token. D depends on the number of parts: with many
parts (say 200 documents) even a term found in a few of them gets a fairly
high D, so compare D values computed over the same parts only.

Parts (see :func:`part_frequencies`): the documents when ``parts="documents"``
and the token table holds at least two documents; otherwise ``n_parts``
consecutive segments of (nearly) equal size, so that a single article (the
default corpus) can still be measured. Part sizes count every token except
punctuation (``is_punct``); a match belongs to the part of its first token.

Examples:
    >>> import pandas as pd
    >>> from analysis.text.tokenize import tokenize_corpus
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["NATO met. Kyiv claims NATO.", "Moscow claimed."]})
    >>> _, toks = tokenize_corpus(docs)
    >>> term_positions(toks, terms=["nato", "claim*"])[["term", "doc_id", "position", "doc_position"]].values.tolist()
    [['nato', 'a', 0, 0], ['nato', 'a', 5, 5], ['claim*', 'a', 4, 4], ['claim*', 'b', 8, 1]]
    >>> # relative frequencies 1/5 and 1/2: mean 0.35, sd 0.15, D = 1 - (0.15 / 0.35) / 1 = 4/7
    >>> juilland_d(toks, terms=["claim*"])[["term", "juilland_d", "n_parts", "count"]].values.tolist()
    [['claim*', 0.5714285714285714, 2, 2]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.text.kwic import parse_pattern, pattern_matches
from analysis.text.token_table import corpus_order

#: Columns of the position table.
POSITION_COLUMNS: tuple[str, ...] = ("term", "doc_id", "sent_id", "start", "end", "position", "doc_position")
#: Columns of the dispersion table.
DISPERSION_COLUMNS: tuple[str, ...] = ("term", "juilland_d", "n_parts", "count", "parts_with_term", "parts")
#: Columns of the part frequency table.
PART_COLUMNS: tuple[str, ...] = ("term", "part", "part_size", "count", "rel_freq")
#: The two kinds of corpus parts.
PART_KINDS: tuple[str, ...] = ("documents", "segments")

_POSITION_DTYPES = {"term": "string", "doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64",
                    "position": "int64", "doc_position": "int64"}
_PART_DTYPES = {"term": "string", "part": "string", "part_size": "int64", "count": "int64", "rel_freq": "float64"}
_DISPERSION_DTYPES = {"term": "string", "juilland_d": "float64", "n_parts": "int64", "count": "int64",
                      "parts_with_term": "int64", "parts": "string"}


def unique_terms(terms: Sequence[str]) -> list[str]:
    """Check a list of terms and drop repeats, keeping the first occurrence.

    Raises:
        TypeError: ``terms`` is a single string (a common slip) or holds a non-string.
        ValueError: An empty term.

    Examples:
        >>> unique_terms(["NATO", "claim*", "NATO"])
        ['NATO', 'claim*']
        >>> unique_terms("NATO")
        Traceback (most recent call last):
        ...
        TypeError: terms must be a list of strings, e.g. ['NATO']
    """
    if isinstance(terms, str):
        raise TypeError(f"terms must be a list of strings, e.g. [{terms!r}]")
    unique = list(dict.fromkeys(terms))
    for term in unique:
        parse_pattern(term)
    return unique


def document_starts(tokens: pd.DataFrame) -> list[int]:
    """Corpus positions where the second, third, ... document begins.

    Pass them as ``doc_boundaries`` to :func:`analysis.report.plots.dispersion_plot`.

    Examples:
        >>> import pandas as pd
        >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "tok_id": [0, 1, 0, 0]})
        >>> document_starts(toks)
        [2, 3]
    """
    toks = corpus_order(tokens)
    docs = toks["doc_id"].astype(str).to_numpy(dtype=object)
    return [int(i) for i in np.flatnonzero(docs[1:] != docs[:-1]) + 1]


@dataclass(frozen=True)
class DocumentOrder:
    """The order of documents along a dispersion plot's x axis.

    Attributes:
        doc_ids: The documents, in plot order.
        groups: Each document's group label (empty strings when not grouped).
        description: The order in words, for the axis label.
    """

    doc_ids: tuple[str, ...]
    groups: tuple[str, ...]
    description: str


def document_order(documents: pd.DataFrame, *, by: str | Sequence[str] | None = None) -> DocumentOrder:
    """Order documents by group (when ``by`` is given), then by publication date, then as in the corpus.

    Dates come from ``published`` (see :mod:`analysis.corpus.time`); a document without a readable date
    comes after the dated ones of its group. Without any date the corpus order is kept within each group.

    Raises:
        KeyError: ``by`` names a column the documents lack.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["Y", "X", "Y", "X"],
        ...                      "published": ["2022-03-01", "2022-02-01", "2022-01-01", None]})
        >>> order = document_order(docs, by="outlet")
        >>> order.doc_ids, order.groups
        (('b', 'd', 'c', 'a'), ('X', 'X', 'Y', 'Y'))
        >>> order.description
        "documents by group of 'outlet', then by publication date (undated last)"
        >>> document_order(docs.drop(columns="published")).description
        'documents in corpus order (no publication dates)'
    """
    from analysis.corpus.groups import describe_grouping, group_columns, group_labels
    from analysis.corpus.time import document_dates

    ids = documents["doc_id"].astype(str).tolist()
    columns = group_columns(by)
    labels = group_labels(documents, columns).astype(str).tolist() if columns else [""] * len(ids)
    dates = document_dates(documents, strict=False)
    dated = any(d is not None for d in dates)
    keys = sorted(range(len(ids)), key=lambda i: (labels[i], dates[i] is None,
                                                  dates[i].toordinal() if dates[i] else 0, i))
    when = "by publication date (undated last)" if dated else "in corpus order (no publication dates)"
    if columns:
        description = f"documents by group of {describe_grouping(columns)}, then {when}"
    else:
        description = f"documents {when}"
    return DocumentOrder(tuple(ids[i] for i in keys), tuple(labels[i] for i in keys), description)


def ordered_tokens(tokens: pd.DataFrame, order: DocumentOrder) -> pd.DataFrame:
    """The token table with documents in ``order`` (then tokens by ``tok_id``); positions follow this order."""
    return corpus_order(tokens, pd.DataFrame({"doc_id": list(order.doc_ids)}))


def group_boundaries(tokens: pd.DataFrame | Mapping[str, int], order: DocumentOrder) -> list[tuple[int, str]]:
    """``(position, label)`` where each group begins along ``ordered_tokens(tokens, order)`` (none when ungrouped).

    ``tokens`` may also be the number of tokens of each document (``doc_id`` -> count).

    Examples:
        >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "tok_id": [0, 1, 0, 0]})
        >>> group_boundaries(toks, DocumentOrder(("a", "b", "c"), ("X", "X", "Y"), ""))
        [(0, 'X'), (3, 'Y')]
    """
    if not any(order.groups):
        return []
    sizes = tokens if isinstance(tokens, Mapping) else tokens["doc_id"].astype(str).value_counts()
    out, position, previous = [], 0, None
    for doc_id, group in zip(order.doc_ids, order.groups):
        if group != previous:
            out.append((position, group))
            previous = group
        position += int(sizes.get(doc_id, 0))
    return out


def term_positions(tokens: pd.DataFrame, *, terms: Sequence[str]) -> pd.DataFrame:
    """Every occurrence of each term, with its place in the corpus.

    Args:
        tokens: The full token table of :func:`analysis.text.tokenize.tokenize_corpus`
            (positions count every token, punctuation included).
        terms: Words, phrases or globs (see the module docstring); a repeated
            term is searched once.

    Returns:
        Columns ``term, doc_id, sent_id, start, end, position, doc_position``:
        ``start``/``end`` are raw-text offsets of the whole match,
        ``position`` the corpus index of its first token and
        ``doc_position`` its index within the document. Sorted by the order
        of ``terms``, then corpus order.

    Raises:
        TypeError: ``terms`` is a single string.
        ValueError: An empty term.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> text = "Security guarantees matter. NATO offers security guarantees."
        >>> _, toks = tokenize_corpus(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
        >>> table = term_positions(toks, terms=["security guarantees", "Kyiv"])
        >>> table[["term", "start", "end", "position"]].values.tolist()
        [['security guarantees', 0, 19, 0], ['security guarantees', 40, 59, 6]]
        >>> text[40:59]
        'security guarantees'
    """
    unique = unique_terms(terms)
    toks = corpus_order(tokens)
    found = pattern_matches(toks, unique)
    if not found:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _POSITION_DTYPES.items()})
    order, first, last = (np.array(v, dtype=np.int64) for v in zip(*found))
    doc_codes, _ = pd.factorize(toks["doc_id"].astype(str), sort=False)
    doc_first = np.zeros(len(toks), dtype=np.int64)
    change = np.ones(len(toks), dtype=bool)
    change[1:] = doc_codes[1:] != doc_codes[:-1]
    starts_of_docs = np.flatnonzero(change)
    doc_first = starts_of_docs[np.cumsum(change) - 1]
    table = pd.DataFrame(
        {
            "term": [unique[i] for i in order],
            "doc_id": toks["doc_id"].to_numpy()[first],
            "sent_id": toks["sent_id"].to_numpy()[first],
            "start": toks["start"].to_numpy()[first],
            "end": toks["end"].to_numpy()[last],
            "position": first,
            "doc_position": first - doc_first[first],
        }
    )
    return table.astype(_POSITION_DTYPES)


def _parts(toks: pd.DataFrame, *, parts: str, n_parts: int) -> tuple[str, np.ndarray, list[str], np.ndarray]:
    """Assign every token (in corpus order) to a part.

    Returns ``(kind, part index per token, part labels, part sizes)``; sizes
    count non-punctuation tokens.
    """
    if parts not in PART_KINDS:
        raise ValueError(f"parts must be one of {list(PART_KINDS)}, not {parts!r}")
    counted = ~toks["is_punct"].to_numpy(dtype=bool)
    doc_codes, doc_names = pd.factorize(toks["doc_id"].astype(str), sort=False)
    if parts == "documents" and len(doc_names) >= 2:
        sizes = np.bincount(doc_codes[counted], minlength=len(doc_names)).astype(np.int64)
        return "documents", doc_codes.astype(np.int64), [str(d) for d in doc_names], sizes
    if n_parts < 2:
        raise ValueError(f"n_parts must be at least 2, not {n_parts}")
    total = int(counted.sum())
    # np.array_split sizes: the first (total % n_parts) segments are one token longer.
    sizes = np.array([len(a) for a in np.array_split(np.arange(total), n_parts)], dtype=np.int64)
    bounds = np.cumsum(sizes)
    # Index among counted tokens of each token (a punctuation token takes the next counted token's).
    counted_index = np.cumsum(counted) - counted
    part = np.searchsorted(bounds, counted_index, side="right")
    part = np.minimum(part, n_parts - 1).astype(np.int64)
    labels = [f"segment {k + 1} of {n_parts}" for k in range(n_parts)]
    return "segments", part, labels, sizes


def part_frequencies(
    tokens: pd.DataFrame,
    *,
    terms: Sequence[str],
    parts: str = "documents",
    n_parts: int = 5,
) -> pd.DataFrame:
    """Occurrences of each term in each corpus part, raw and relative.

    Parts are the documents when ``parts="documents"`` and the token table
    holds at least two documents; otherwise ``n_parts`` consecutive
    segments of the corpus whose sizes (in non-punctuation tokens) differ by
    at most one, the longer ones first (as :func:`numpy.array_split`).

    Args:
        tokens: The full token table.
        terms: Words, phrases or globs.
        parts: ``"documents"`` or ``"segments"``.
        n_parts: Number of segments (at least 2), when segments are used.

    Returns:
        Columns ``term, part, part_size, count, rel_freq``: one row per term
        and part (zeros included), terms in the given order, parts in corpus
        order. ``part`` is a ``doc_id`` or ``"segment k of n"``;
        ``part_size`` counts non-punctuation tokens; ``rel_freq`` is
        ``count / part_size`` (NaN for an empty part).

    Raises:
        ValueError: Unknown ``parts``, or fewer than 2 segments.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["war peace war peace talks"]})
        >>> _, toks = tokenize_corpus(docs)
        >>> part_frequencies(toks, terms=["war"], n_parts=2).values.tolist()
        [['war', 'segment 1 of 2', 3, 2, 0.6666666666666666], ['war', 'segment 2 of 2', 2, 0, 0.0]]
    """
    unique = unique_terms(terms)
    toks = corpus_order(tokens)
    if toks.empty:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _PART_DTYPES.items()})
    _, part_of, labels, sizes = _parts(toks, parts=parts, n_parts=n_parts)
    counts = np.zeros((len(unique), len(labels)), dtype=np.int64)
    for order, first, _ in pattern_matches(toks, unique):
        counts[order, part_of[first]] += 1
    rows = []
    for t, term in enumerate(unique):
        for p, label in enumerate(labels):
            size = int(sizes[p])
            rows.append((term, label, size, int(counts[t, p]), counts[t, p] / size if size else math.nan))
    return pd.DataFrame(rows, columns=list(PART_COLUMNS)).astype(_PART_DTYPES)


def juilland_d_value(counts: Sequence[float], *, sizes: Sequence[float] | None = None) -> float:
    """Juilland's D from a term's counts in the corpus parts.

    ``D = 1 - V / sqrt(n - 1)``, ``V`` = population standard deviation /
    mean of the relative frequencies ``counts / sizes`` (Gries 2008). Parts
    of size 0 are left out.

    Args:
        counts: Occurrences of the term in each part.
        sizes: Size of each part; ``None`` means equal sizes.

    Returns:
        D between 0 and 1; NaN when the term never occurs or fewer than two
        parts are non-empty.

    Raises:
        ValueError: ``counts`` and ``sizes`` differ in length.

    Examples:
        >>> round(juilland_d_value([1, 2, 3, 4, 5]), 5)  # 1 - (sqrt(2) / 3) / 2
        0.7643
        >>> juilland_d_value([2, 2, 2]), juilland_d_value([5, 0, 0, 0, 0]), juilland_d_value([0, 0])
        (1.0, 0.0, nan)
        >>> juilland_d_value([2, 1], sizes=[4, 2])  # relative frequencies 0.5 and 0.5
        1.0
    """
    values = np.asarray(counts, dtype=float)
    if sizes is None:
        size = np.ones_like(values)
    else:
        size = np.asarray(sizes, dtype=float)
        if size.shape != values.shape:
            raise ValueError(f"{len(values)} counts but {len(size)} sizes")
    keep = size > 0
    rel = values[keep] / size[keep]
    n = len(rel)
    if n < 2:
        return math.nan
    mean = float(rel.mean())
    if mean <= 0:
        return math.nan
    variation = float(rel.std(ddof=0)) / mean
    return float(min(1.0, max(0.0, 1.0 - variation / math.sqrt(n - 1))))


def juilland_d(
    tokens: pd.DataFrame,
    *,
    terms: Sequence[str],
    parts: str = "documents",
    n_parts: int = 5,
) -> pd.DataFrame:
    """Juilland's D of each term over the corpus parts.

    Args:
        tokens: The full token table.
        terms: Words, phrases or globs.
        parts: ``"documents"`` (falls back to segments when there is only
            one document) or ``"segments"``.
        n_parts: Number of equal segments when segments are used.

    Returns:
        Columns ``term, juilland_d, n_parts, count, parts_with_term, parts``:
        ``n_parts`` counts the non-empty parts D was computed over,
        ``count`` the term's occurrences, ``parts_with_term`` the parts where
        it occurs and ``parts`` says which parts were used (``"documents"``
        or ``"segments"``). ``juilland_d`` is NaN for a term that never
        occurs. Terms in the given order.

    Raises:
        ValueError: Unknown ``parts``, or fewer than 2 segments.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> _, toks = tokenize_corpus(pd.DataFrame({"doc_id": ["d"], "text": ["a b c d e f g h i NATO"]}))
        >>> juilland_d(toks, terms=["NATO", "Kyiv"]).values.tolist()
        [['NATO', 0.0, 5, 1, 1, 'segments'], ['Kyiv', nan, 5, 0, 0, 'segments']]
    """
    unique = unique_terms(terms)
    table = part_frequencies(tokens, terms=unique, parts=parts, n_parts=n_parts)
    toks = corpus_order(tokens)
    kind = _parts(toks, parts=parts, n_parts=n_parts)[0] if not toks.empty else parts
    rows = []
    for term in unique:
        own = table[table["term"] == term]
        non_empty = own[own["part_size"] > 0]
        rows.append(
            (term, juilland_d_value(non_empty["count"].to_numpy(), sizes=non_empty["part_size"].to_numpy()),
             len(non_empty), int(own["count"].sum()), int((own["count"] > 0).sum()), kind)
        )
    return pd.DataFrame(rows, columns=list(DISPERSION_COLUMNS)).astype(_DISPERSION_DTYPES)
