"""Keyword in context (KWIC): every occurrence of a pattern with its surroundings.

A pattern is matched against the tokens of :func:`analysis.text.tokenize.tokenize_corpus`:

* a word (``"NATO"``) matches one token;
* a phrase (``"security guarantees"``) matches consecutive tokens of one
  sentence; its words are separated by whitespace in the pattern;
* a glob (``"claim*"``, ``"negotiat?ng"``) matches tokens fnmatch-style: ``*``
  is any run of characters, ``?`` one character; every other character,
  brackets included, is literal. Globs may appear inside phrases.

Matching compares each pattern word with a whole token. It is
case-insensitive by default (the lowercased ``token`` column is compared with
the lowercased pattern); ``case_sensitive=True`` compares ``token`` as is.
Tokens are Treebank tokens, so ``"Zelenskiy"`` matches the name in
``Zelenskiy's`` (tokens ``Zelenskiy`` + ``'s``); to find the possessive,
write the tokens: ``"Zelenskiy 's"``.

Every match keeps raw-text offsets, so ``text[start:end]`` is the ``match``.
The ``left`` and ``right`` contexts are for reading only: they hold
``window`` tokens (punctuation counts) on each side, with whitespace runs
shown as single spaces, and ``" … "`` where text between two consecutive
tokens is not part of any sentence (boilerplate removed by
:mod:`analysis.corpus.clean`), so removed text never reappears in a concordance.

Examples:
    >>> import pandas as pd
    >>> from analysis.text.tokenize import tokenize_corpus
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Kyiv wants NATO membership. Moscow claims otherwise."]})
    >>> _, toks = tokenize_corpus(docs)
    >>> table = kwic(toks, docs, patterns=["NATO membership", "claim*"], window=3)
    >>> table[["sent_id", "left", "match", "right", "pattern"]].values.tolist()
    [[0, 'Kyiv wants', 'NATO membership', '. Moscow claims', 'NATO membership'], [1, 'membership. Moscow', 'claims', 'otherwise.', 'claim*']]
    >>> print(format_kwic(table, width=12))
      Kyiv wants [NATO membership] . Moscow cla
    ship. Moscow [claims] otherwise.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from analysis.text.token_table import corpus_order, document_codes, run_bounds, sentence_keys

#: Columns of the KWIC table.
KWIC_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "left", "match", "right", "pattern")
#: Shown in a context where text outside every sentence (boilerplate) was skipped.
GAP_MARKER = " … "

_KWIC_DTYPES = {
    "doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64",
    "left": "string", "match": "string", "right": "string", "pattern": "string",
}
_WHITESPACE = re.compile(r"\s+")
_GLOB_CHARS = frozenset("*?")


@functools.lru_cache(maxsize=4096)  # frame matching asks this of the same few dictionary words for every token form
def is_glob(word: str) -> bool:
    """True when a pattern word contains a wildcard (``*`` or ``?``).

    Examples:
        >>> is_glob("claim*"), is_glob("NATO"), is_glob("[NATO]")
        (True, False, False)
    """
    return any(ch in _GLOB_CHARS for ch in word)


class Glob:
    """A compiled glob whose :meth:`fullmatch` runs in linear time, without backtracking.

    A glob has no backreferences, so ``*`` can be matched greedily: the
    pattern is split at its stars into segments (literal characters and
    ``?``); the first segment must match at the start, the last at the end,
    and each one between at its leftmost place after the one before. Each
    segment is a fixed-length regular expression with no quantifier, so a
    pattern such as ``*a*a*a*a*a*a*a*a*a*a*b`` on 100,000 "a"s takes
    milliseconds where ``re`` with ``.*`` would take hours.
    """

    __slots__ = ("pattern", "_segments", "_lengths")

    def __init__(self, word: str, *, case_sensitive: bool = True) -> None:
        self.pattern = word
        flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
        parts = word.split("*")
        self._segments = [re.compile("".join("." if ch == "?" else re.escape(ch) for ch in part), flags)
                          for part in parts]
        self._lengths = [len(part) for part in parts]

    def fullmatch(self, text: str) -> bool:
        """True when the whole of ``text`` matches the glob."""
        segments, lengths = self._segments, self._lengths
        if len(segments) == 1:
            return len(text) == lengths[0] and segments[0].match(text) is not None
        if len(text) < sum(lengths):
            return False
        if segments[0].match(text) is None:
            return False
        position = lengths[0]
        last_start = len(text) - lengths[-1]
        for segment, length in zip(segments[1:-1], lengths[1:-1]):
            if length == 0:
                continue
            found = segment.search(text, position, last_start)
            if found is None:
                return False
            position = found.end()
        return segments[-1].match(text, last_start) is not None

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"


@functools.lru_cache(maxsize=4096)  # frame matching asks for the same few globs once per token form
def glob_regex(word: str, *, case_sensitive: bool = True) -> Glob:
    """Compile one pattern word into a :class:`Glob` for ``fullmatch`` (linear time, no backtracking).

    ``*`` matches any run of characters (also none), ``?`` exactly one; all
    other characters are literal (unlike :mod:`fnmatch`, brackets are not
    character classes, so ``[`` in a pattern means ``[``).

    Args:
        word: One word of a pattern, such as ``"negotiat*"``.
        case_sensitive: ``False`` compares case-insensitively (:data:`re.IGNORECASE`).

    Returns:
        A :class:`Glob`; its ``fullmatch`` method tests a whole token.

    Examples:
        >>> rx = glob_regex("negotiat*")
        >>> [rx.fullmatch(w) for w in ["negotiation", "negotiate", "renegotiate", "Negotiate"]]
        [True, True, False, False]
        >>> glob_regex("claim?", case_sensitive=False).fullmatch("CLAIMS")
        True
        >>> glob_regex("[x]").fullmatch("[x]"), glob_regex("*a*b").fullmatch("aab"), glob_regex("a*a").fullmatch("a")
        (True, True, False)
    """
    return Glob(word, case_sensitive=case_sensitive)


def parse_pattern(pattern: str) -> tuple[str, ...]:
    """Split a pattern into its words (one per token to match).

    Args:
        pattern: A word, a whitespace-separated phrase, or globs.

    Returns:
        The words, in order.

    Raises:
        ValueError: The pattern is empty or only whitespace.

    Examples:
        >>> parse_pattern("  security   guarantees ")
        ('security', 'guarantees')
        >>> parse_pattern("claim*")
        ('claim*',)
    """
    if not isinstance(pattern, str):
        raise TypeError(f"a pattern must be a string, not {type(pattern).__name__}: {pattern!r}")
    words = tuple(pattern.split())
    if not words:
        raise ValueError(f"empty pattern {pattern!r}")
    return words


def _word_predicate(word: str) -> Callable[[str], bool]:
    """A test for one token form: glob ``fullmatch`` or string equality."""
    return glob_regex(word).fullmatch if is_glob(word) else word.__eq__


def _display(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def pattern_matches(
    toks: pd.DataFrame, patterns: Sequence[str], *, case_sensitive: bool = False
) -> list[tuple[int, int, int]]:
    """Find word, phrase and glob patterns in a token table.

    Phrases never cross a sentence boundary. Shared by :func:`kwic` and
    :mod:`analysis.text.dispersion`, so both find exactly the same matches.

    Args:
        toks: Tokens in corpus order (see :func:`analysis.text.token_table.corpus_order`), with
            ``doc_id``, ``sent_id`` and ``token``.
        patterns: The patterns, in the order to report them.
        case_sensitive: Compare ``token`` as written instead of lowercased.

    Returns:
        ``(pattern index, first row, last row)`` of every match, in pattern
        order, then row order.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"doc_id": ["d"] * 4, "sent_id": [0, 0, 0, 1],
        ...                   "token": ["Russia", "claims", "land", "Claimed"]})
        >>> pattern_matches(t, ["claim*", "russia claims"])
        [(0, 1, 1), (0, 3, 3), (1, 0, 1)]
    """
    if toks.empty:
        return []
    forms = toks["token"].astype(str)
    if not case_sensitive:
        forms = forms.str.lower()
    codes, uniques = pd.factorize(forms, sort=False)
    uniques = list(uniques)
    doc_codes, _ = pd.factorize(toks["doc_id"].astype(str), sort=False)
    sent_ids = toks["sent_id"].to_numpy(dtype=np.int64)
    sent_key = doc_codes.astype(np.int64) * (int(sent_ids.max(initial=0)) + 1) + sent_ids
    masks: dict[str, np.ndarray] = {}

    def mask(word: str) -> np.ndarray:
        key = word if case_sensitive else word.lower()
        if key not in masks:
            test = _word_predicate(key)
            hits = np.fromiter((bool(test(u)) for u in uniques), dtype=bool, count=len(uniques))
            masks[key] = hits[codes]
        return masks[key]

    found: list[tuple[int, int, int]] = []
    n_tokens = len(toks)
    for order, pattern in enumerate(patterns):
        words = parse_pattern(pattern)
        n = len(words)
        if n > n_tokens:
            continue
        m = n_tokens - n + 1
        hit = sent_key[:m] == sent_key[n - 1 : n - 1 + m]
        for k, word in enumerate(words):
            hit &= mask(word)[k : k + m]
        found += [(order, int(i), int(i) + n - 1) for i in np.flatnonzero(hit)]
    return found


def kwic(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    patterns: Sequence[str],
    window: int = 5,
    within_sentence: bool = False,
    case_sensitive: bool = False,
) -> pd.DataFrame:
    """Find every occurrence of the patterns with ``window`` tokens of context.

    Args:
        tokens: The full token table of :func:`analysis.text.tokenize.tokenize_corpus`
            (dropping tokens changes what the window counts).
        documents: The document table (``doc_id``, ``text``); its row order is
            the document order and its texts are the raw texts.
        patterns: Words, phrases or globs (see the module docstring). A
            repeated pattern is searched once.
        window: Tokens of context on each side (punctuation tokens count).
        within_sentence: Stop the context at the sentence boundary. Otherwise
            it may run into the neighbouring sentences of the same document
            (never into another document).
        case_sensitive: Compare ``token`` with the pattern as written instead
            of both lowercased.

    Returns:
        Columns ``doc_id, sent_id, start, end, left, match, right, pattern``.
        ``start``/``end`` are raw-text offsets of the whole match and
        ``match == text[start:end]`` exactly (line breaks kept); ``left`` and
        ``right`` are display strings (whitespace collapsed, stripped). Rows
        are sorted by document order, then ``start``, then pattern order;
        overlapping matches of different patterns each get a row. ``sent_id``
        is the sentence of the match (phrases never cross sentences).

    Raises:
        TypeError: ``patterns`` is a single string rather than a list.
        ValueError: An empty pattern, a negative window, or tokens of a
            document missing from ``documents``.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["He met NATO. NATO met him."]})
        >>> _, toks = tokenize_corpus(docs)
        >>> kwic(toks, docs, patterns=["nato"], window=3)[["start", "left", "match", "right"]].values.tolist()
        [[7, 'He met', 'NATO', '. NATO met'], [13, 'met NATO.', 'NATO', 'met him.']]
        >>> kwic(toks, docs, patterns=["nato"], window=3, within_sentence=True)["left"].tolist()
        ['He met', '']
        >>> [len(kwic(toks, docs, patterns=[p], case_sensitive=True)) for p in ["NATO", "Nato"]]
        [2, 0]
    """
    if isinstance(patterns, str):
        raise TypeError(f"patterns must be a list of strings, e.g. [{patterns!r}]")
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    unique_patterns = list(dict.fromkeys(patterns))
    parsed = [parse_pattern(p) for p in unique_patterns]
    empty = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _KWIC_DTYPES.items()})
    if tokens.empty or not parsed:
        return empty

    toks = corpus_order(tokens, documents)
    texts = {str(d): str(t) for d, t in zip(documents["doc_id"], documents["text"])}
    doc_ids = toks["doc_id"].astype(str).to_numpy(dtype=object)
    sent_ids = toks["sent_id"].to_numpy(dtype=np.int64)
    starts = toks["start"].to_numpy(dtype=np.int64)
    ends = toks["end"].to_numpy(dtype=np.int64)
    forms = toks["token"].astype(str)
    if not case_sensitive:
        forms = forms.str.lower()
    codes, uniques = pd.factorize(forms, sort=False)
    uniques = list(uniques)

    doc_codes = document_codes(toks)
    sent_key = sentence_keys(toks)
    doc_first, doc_last = run_bounds(doc_codes)
    sent_first, sent_last = run_bounds(sent_key)
    lo_bound, hi_bound = (sent_first, sent_last) if within_sentence else (doc_first, doc_last)

    def gap(k: int) -> str:
        """Display text between token k and token k + 1 (same document)."""
        between = texts[doc_ids[k]][ends[k] : starts[k + 1]]
        if sent_key[k] != sent_key[k + 1] and between.strip():
            return GAP_MARKER
        return between

    def context(first: int, last: int) -> str:
        """Display text of tokens first..last (inclusive) with the gaps between them."""
        text = texts[doc_ids[first]]
        pieces = [text[starts[first] : ends[first]]]
        for k in range(first, last):
            pieces.append(gap(k))
            pieces.append(text[starts[k + 1] : ends[k + 1]])
        return "".join(pieces)

    rows: list[tuple] = []
    for order, i, j in pattern_matches(toks, unique_patterns, case_sensitive=case_sensitive):
        pattern = unique_patterns[order]
        text = texts[doc_ids[i]]
        left_first = max(int(lo_bound[i]), i - window)
        right_last = min(int(hi_bound[j]), j + window)
        left = context(left_first, i - 1) + gap(i - 1) if left_first < i else ""
        right = gap(j) + context(j + 1, right_last) if right_last > j else ""
        rows.append(
            (doc_codes[i], int(starts[i]), order, doc_ids[i], int(sent_ids[i]), int(starts[i]), int(ends[j]),
             _display(left).strip(), text[starts[i] : ends[j]], _display(right).strip(), pattern)
        )
    if not rows:
        return empty
    rows.sort(key=lambda r: r[:3])
    table = pd.DataFrame([r[3:] for r in rows], columns=list(KWIC_COLUMNS))
    return table.astype(_KWIC_DTYPES)


def format_kwic(table: pd.DataFrame, *, width: int = 40) -> str:
    """Lay out a KWIC table as an aligned plain-text concordance.

    One line per row: the left context right-aligned in ``width``
    characters (cut from the left when longer), the match in brackets, and
    the right context cut to ``width`` characters. Whitespace runs in the
    match are shown as single spaces (the table is not changed). Lines carry
    no trailing spaces.

    Args:
        table: A table from :func:`kwic`.
        width: Characters of context on each side (at least 1).

    Returns:
        The lines joined by ``\\n``; ``""`` for an empty table.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"left": ["the long road to", "a"], "match": ["NATO", "NATO\\nmembership"],
        ...                   "right": ["membership, he said", ""]})
        >>> print(format_kwic(t, width=10))
        ng road to [NATO] membership
                 a [NATO membership]
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    lines = []
    for left, match, right in zip(table["left"], table["match"], table["right"]):
        left_text = _display("" if pd.isna(left) else str(left))[-width:]
        right_text = _display("" if pd.isna(right) else str(right))[:width]
        lines.append(f"{left_text:>{width}} [{_display(str(match))}] {right_text}".rstrip())
    return "\n".join(lines)
