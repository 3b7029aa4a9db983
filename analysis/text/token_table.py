"""Helpers over the token table, each defined once: corpus order, sentence keys, runs, the word filter.

The token table (:func:`analysis.text.tokenize.tokenize_corpus`) has one row per
token with ``doc_id``, ``sent_id``, ``tok_id``, ``norm`` and the flags
``is_punct``, ``is_num`` and ``is_stop``. Frequencies, keyness, KWIC,
collocations, dispersion and frames all need the same few operations on it;
they live here so that every table orders, groups and filters tokens alike.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd


def token_parts(tokens) -> Iterator[pd.DataFrame]:
    """A token table, or a re-iterable of token tables that each hold whole documents, as parts.

    Analyses that are sums over documents (counts, matches, per-document
    rates) take either, so they run on the whole table in memory or on the
    stage store one part at a time (:meth:`analysis.runner.study.Study.token_parts`)
    with the same result.

    Examples:
        >>> t = pd.DataFrame({"doc_id": ["a"]})
        >>> [len(part) for part in token_parts(t)], [len(part) for part in token_parts([t, t])]
        ([1], [1, 1])
    """
    if isinstance(tokens, pd.DataFrame):
        yield tokens
    else:
        yield from tokens


def corpus_order(tokens: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sort tokens into corpus order: by document, then ``tok_id``; re-indexed from 0.

    Documents come in the row order of ``documents`` when it is given, else in
    order of first appearance in ``tokens``.

    Raises:
        ValueError: A token belongs to a document missing from ``documents``.

    Examples:
        >>> toks = pd.DataFrame({"doc_id": ["b", "a", "b"], "tok_id": [1, 0, 0]})
        >>> corpus_order(toks).values.tolist()
        [['b', 0], ['b', 1], ['a', 0]]
        >>> corpus_order(toks, pd.DataFrame({"doc_id": ["a", "b"]})).values.tolist()
        [['a', 0], ['b', 0], ['b', 1]]
        >>> corpus_order(toks, pd.DataFrame({"doc_id": ["a"]}))
        Traceback (most recent call last):
        ...
        ValueError: tokens of documents not in the document table: ['b']
    """
    doc_ids = tokens["doc_id"].astype(str)
    if documents is None:
        rank, _ = pd.factorize(doc_ids, sort=False)
    else:
        order = {str(d): i for i, d in enumerate(documents["doc_id"])}
        missing = sorted(set(doc_ids.unique()) - set(order))
        if missing:
            raise ValueError(f"tokens of documents not in the document table: {missing[:5]}")
        rank = doc_ids.map(order).to_numpy()
    index = np.lexsort((tokens["tok_id"].to_numpy(dtype=np.int64), rank))
    return tokens.iloc[index].reset_index(drop=True)


def document_codes(tokens: pd.DataFrame) -> np.ndarray:
    """A small integer per document, in order of first appearance.

    Examples:
        >>> document_codes(pd.DataFrame({"doc_id": ["b", "b", "a"]})).tolist()
        [0, 0, 1]
    """
    codes, _ = pd.factorize(tokens["doc_id"].astype(str), sort=False)
    return codes.astype(np.int64)


def sentence_keys(tokens: pd.DataFrame) -> np.ndarray:
    """One integer per sentence of the corpus: equal keys mean the same document and sentence.

    Examples:
        >>> toks = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 1, 0]})
        >>> sentence_keys(toks).tolist()
        [0, 0, 1, 2]
    """
    sent_ids = tokens["sent_id"].to_numpy(dtype=np.int64)
    return document_codes(tokens) * (int(sent_ids.max(initial=0)) + 1) + sent_ids


def run_bounds(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position, the first and last index of its run of equal keys.

    Examples:
        >>> first, last = run_bounds(np.array([5, 5, 7, 5]))
        >>> first.tolist(), last.tolist()
        ([0, 0, 2, 3], [1, 1, 2, 3])
        >>> [a.tolist() for a in run_bounds(np.array([]))]
        [[], []]
    """
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = run_starts(keys)
    run = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, n)))
    ends = np.append(starts[1:], n) - 1
    return starts[run], ends[run]


def run_starts(keys) -> np.ndarray:
    """The index where each run of equal values begins (a NumPy array or a pyarrow column).

    Examples:
        >>> run_starts(np.array(["a", "a", "b", "a"])).tolist()
        [0, 2, 3]
        >>> import pyarrow as pa
        >>> run_starts(pa.chunked_array([["x", "x"], ["y"]])).tolist()
        [0, 2]
    """
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if not isinstance(keys, np.ndarray):
        import pyarrow.compute as pc

        column = keys.combine_chunks() if hasattr(keys, "combine_chunks") else keys
        changed = pc.not_equal(column.slice(1), column.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    else:
        changed = keys[1:] != keys[:-1]
    return np.concatenate([[0], np.flatnonzero(changed) + 1]).astype(np.int64)


def counted_mask(
    tokens: pd.DataFrame, *, drop_punct: bool = True, drop_numbers: bool = False, drop_stopwords: bool = False
) -> np.ndarray:
    """Which tokens a word count keeps: never empty ``norm``; punctuation, numbers and stopwords as asked.

    The one word filter behind frequencies, keyness, n-grams and collocations.

    Examples:
        >>> t = pd.DataFrame({"norm": ["the", "nato", ",", "2024", ""], "is_punct": [False, False, True, False, False],
        ...                   "is_num": [False, False, False, True, False], "is_stop": [True, False, False, False, False]})
        >>> counted_mask(t).tolist()
        [True, True, False, True, False]
        >>> counted_mask(t, drop_numbers=True, drop_stopwords=True).tolist()
        [False, True, False, False, False]
    """
    keep = np.array(tokens["norm"].astype(str).str.len() > 0, dtype=bool)
    if drop_punct:
        keep &= ~tokens["is_punct"].to_numpy(dtype=bool)
    if drop_numbers:
        keep &= ~tokens["is_num"].to_numpy(dtype=bool)
    if drop_stopwords:
        keep &= ~tokens["is_stop"].to_numpy(dtype=bool)
    return keep


#: What every ``per_10k`` (and ``per_1k``) is per: the one base for rates.
RATE_BASE = "word tokens: every token except punctuation, stopwords and numbers included"


def rate_base_mask(tokens: pd.DataFrame) -> np.ndarray:
    """The tokens every rate is per (:data:`RATE_BASE`), whatever the counting flags.

    Word tokens: punctuation is left out, stopwords and numbers stay in, and a
    token with an empty ``norm`` never counts. Term frequencies, the group
    comparison, rate ratios and lexicon rates all divide by these tokens, so a
    term's ``per_10k`` in one group is the same number in every table.

    Examples:
        >>> t = pd.DataFrame({"norm": ["the", "nato", ",", "2024", ""], "is_punct": [False, False, True, False, False],
        ...                   "is_num": [False, False, False, True, False], "is_stop": [True, False, False, False, False]})
        >>> rate_base_mask(t).tolist()
        [True, True, False, True, False]
    """
    return counted_mask(tokens, drop_punct=True, drop_numbers=False, drop_stopwords=False)


def rate_base_by_doc(tokens: pd.DataFrame) -> dict[str, int]:
    """The number of :data:`RATE_BASE` tokens of each document (documents without tokens are absent).

    Examples:
        >>> t = pd.DataFrame({"doc_id": ["a", "a", "b"], "norm": ["war", ".", "peace"],
        ...                   "is_punct": [False, True, False], "is_num": [False] * 3, "is_stop": [False] * 3})
        >>> rate_base_by_doc(t)
        {'a': 1, 'b': 1}
    """
    kept = tokens.loc[rate_base_mask(tokens), "doc_id"].astype(str)
    counts = kept.value_counts(sort=False)
    return {str(k): int(v) for k, v in sorted(counts.items())}
