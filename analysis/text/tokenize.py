"""Sentences and tokens with character offsets into the raw text.

Sentences are split by NLTK's Punkt algorithm with its pretrained English
parameters (see :mod:`analysis.text.nltk_resources`); words by NLTK's Treebank-style
:class:`~nltk.tokenize.NLTKWordTokenizer`, so the tokens of a sentence equal
``nltk.word_tokenize`` on that sentence's text. Every sentence and token keeps
``start``/``end`` offsets into the raw document text, such that
``text[start:end]`` is the span, including for tokens Treebank rewrites
(a straight ``"`` becomes `````` or ``''``).

Tokenizing a document is a pure function of its text, its body spans and a
:class:`TokenSettings`, so documents can be processed in any order, in other
processes, or on a cluster.

Speed (issue 17, item 6): :func:`treebank_tokens` runs NLTK's own Treebank
patterns but skips those that cannot match a sentence; offsets come from one
check that the tokens spell the sentence; what depends on a token string alone
is computed once per distinct string; tables are built column by column. The
whole costs less than the naive ``sent_tokenize`` + ``word_tokenize`` loop
(``benchmarks/tokenize_bench.py``), and the tables are those of the plain
token-by-token code it replaced.

Normalization (the ``norm`` column):

* curly apostrophes are folded to ``'`` and text is lowercased (optional);
* clitics are made consistent whatever the apostrophe: ``Zelenskiy's`` and
  ``Zelenskiy’s`` both give ``zelenskiy`` + ``'s``; ``can't`` and ``can’t``
  both give ``can`` + ``n't``; ``won't`` gives ``will`` + ``n't``;
* optional Snowball (Porter2) stemming of word tokens;
* invisible characters (:data:`INVISIBLE_CHARACTERS`: zero-width space,
  non-joiner and joiner, word joiner, a byte-order mark inside the text, and
  the soft hyphen) are not part of any token's ``norm`` and never make a token
  of their own: ``"to\u200b the"`` gives ``to`` and ``the``. Offsets still
  point into the raw text, and ``token`` is the raw span (so ``text[start:end]
  == token``); non-breaking spaces separate words like any space.

Examples:
    >>> text = 'KYIV -- "We do seek it," he said. Zelenskiy’s plan.'
    >>> sents, toks = tokenize_document(text, doc_id="d1")
    >>> [text[s["start"]:s["end"]] for s in sents]
    ['KYIV -- "We do seek it," he said.', 'Zelenskiy’s plan.']
    >>> [(t["token"], t["norm"], text[t["start"]:t["end"]]) for t in toks][2:4]
    [('``', '"', '"'), ('We', 'we', 'We')]
    >>> [t["norm"] for t in toks if t["sent_id"] == 1]
    ['zelenskiy', "'", "'s", 'plan', '.']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from nltk.tokenize import NLTKWordTokenizer

from analysis import config
from analysis.exceptions import AlignmentError
from analysis.text.nltk_resources import CLITICS, load_stopwords, sentence_tokenizer

#: Columns of the token table.
TOKEN_COLUMNS: tuple[str, ...] = (
    "doc_id", "sent_id", "tok_id", "token", "norm", "start", "end", "is_stop", "is_punct", "is_num",
)
#: Columns of the sentence table.
SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "n_tokens", "text")
#: The dtypes of the token and sentence tables.
TOKEN_DTYPES: dict[str, str] = {
    "doc_id": "string", "sent_id": "int64", "tok_id": "int64", "token": "string", "norm": "string",
    "start": "int64", "end": "int64", "is_stop": "bool", "is_punct": "bool", "is_num": "bool",
}
SENTENCE_DTYPES: dict[str, str] = {
    "doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64", "n_tokens": "int64", "text": "string",
}

_NUMBER = re.compile(r"^[+\-−]?(?:\d+(?:[.,]\d+)*|[.,]\d+)%?$")
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n\s*")
_QUOTE_TOKENS = frozenset({"``", "''"})
_APOSTROPHES = ("’", "'")
#: Characters that are invisible in print and never part of a word's ``norm``.
INVISIBLE_CHARACTERS: str = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
# Treebank splits "can't" into "ca" + "n't"; curly "can’t" into "can" + "’" + "t".
_STRAIGHT_NEG_BASE = {"ca": "can", "wo": "will", "sha": "shall"}
_CURLY_NEG_BASE = {"can": "can", "won": "will", "shan": "shall"}
_CURLY_CLITIC = {"s": "'s", "t": "n't", "re": "'re", "ve": "'ve", "ll": "'ll", "d": "'d", "m": "'m"}


@dataclass(frozen=True)
class TokenSettings:
    """How tokens are normalized. Dropping tokens happens when counting.

    Attributes:
        lowercase: Lowercase ``norm``.
        stem: Apply NLTK's Snowball English stemmer to word tokens in ``norm``.
        stopwords_path: A stopword list (one word per line); ``None`` uses
            NLTK's English list shipped in ``analysis/resources``.
    """

    lowercase: bool = True
    stem: bool = False
    stopwords_path: str | None = None


@functools.lru_cache(maxsize=1)
def _word_tokenizer() -> NLTKWordTokenizer:
    return NLTKWordTokenizer()


#: For NLTK's Treebank patterns (by their source): strings of which every match contains at least one.
#: A pattern is only run on a text that holds one of them; without any, its substitution changes
#: nothing, so skipping it gives the same tokens. A pattern not listed here is always run.
_TREEBANK_NEEDS: dict[str, tuple[str, ...]] = {
    # STARTING_QUOTES
    "([«“‘„]|[`]+)": tuple("«“‘„`"),
    r"^\"": ('"',),
    r"(``)": ("``",),
    r"([ \(\[{<])(\"|\'{2})": ('"', "''"),
    r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)": ("'",),
    # PUNCTUATION
    r'([^\.])(\.)([\]\)}>"\'' "»”’ " r"]*+)\s*$": (".",),
    r"([:,])([^\d])": (":", ","),
    r"([:,])$": (":", ","),
    r"\.{2,}": ("..",),
    r"[;@#$%&]": tuple(";@#$%&"),
    r"[\u2012-\u2015]": tuple("\u2012\u2013\u2014\u2015"),
    r'([^\.])(\.)([\]\)}>"\']*)\s*$': (".",),
    r"[?!]": ("?", "!"),
    r"([^'])' ": ("' ",),
    r"[*]": ("*",),
    # PARENS_BRACKETS and DOUBLE_DASHES
    r"[\]\[\(\)\{\}\<\>]": tuple("[](){}<>"),
    r"--": ("--",),
    # ENDING_QUOTES (``\s+`` always runs)
    "([»”’])": tuple("»”’"),
    r"''": ("''",),
    r'"': ('"',),
    r"([^' ])('[sS]|'[mM]|'[dD]|') ": ("' ", "'s ", "'S ", "'m ", "'M ", "'d ", "'D "),
    r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ": ("'ll ", "'LL ", "'re ", "'RE ", "'ve ", "'VE ", "n't ", "N'T "),
}


#: For NLTK's contraction patterns (by their source): the letters every match holds, in lowercase.
#: On ASCII text a pattern can only match where the lowercased text holds them.
_CONTRACTION_LETTERS: dict[str, str] = {
    r"(?i)\b(can)(?#X)(not)\b": "cannot",
    r"(?i)\b(d)(?#X)('ye)\b": "d'ye",
    r"(?i)\b(gim)(?#X)(me)\b": "gimme",
    r"(?i)\b(gon)(?#X)(na)\b": "gonna",
    r"(?i)\b(got)(?#X)(ta)\b": "gotta",
    r"(?i)\b(lem)(?#X)(me)\b": "lemme",
    r"(?i)\b(more)(?#X)('n)\b": "more'n",
    r"(?i)\b(wan)(?#X)(na)(?=\s)": "wanna",
    r"(?i) ('t)(?#X)(is)\b": "'tis",
    r"(?i) ('t)(?#X)(was)\b": "'twas",
}


@dataclass(frozen=True)
class _TreebankPlan:
    """NLTK's own Treebank patterns in NLTK's order, each as ``(sub, replacement, needed strings or None)``."""

    before: tuple[tuple, ...]
    after: tuple[tuple, ...]
    contractions: tuple[tuple, ...]
    #: Lowercase letters of which an ASCII text must hold one for any contraction to match (None: always try).
    contraction_letters: tuple[str, ...] | None
    #: One search for any contraction in other texts (None: always try).
    any_contraction: re.Pattern | None

    def may_contract(self, text: str) -> bool:
        if self.contraction_letters is not None and text.isascii():
            return any(map(text.lower().__contains__, self.contraction_letters))
        return self.any_contraction is None or self.any_contraction.search(text) is not None


@functools.lru_cache(maxsize=1)
def _treebank_plan() -> _TreebankPlan:
    tb = NLTKWordTokenizer

    def steps(pairs):
        return tuple((pattern.sub, repl, _TREEBANK_NEEDS.get(pattern.pattern)) for pattern, repl in pairs)

    patterns = [*tb.CONTRACTIONS2, *tb.CONTRACTIONS3]
    sources = [pattern.pattern for pattern in patterns]
    return _TreebankPlan(
        before=steps([*tb.STARTING_QUOTES, *tb.PUNCTUATION, tb.PARENS_BRACKETS, tb.DOUBLE_DASHES]),
        after=steps(tb.ENDING_QUOTES),
        contractions=tuple((pattern.sub, r" \1 \2 ", None) for pattern in patterns),
        contraction_letters=(tuple(_CONTRACTION_LETTERS[src] for src in sources)
                             if all(src in _CONTRACTION_LETTERS for src in sources) else None),
        # each pattern is case-insensitive throughout, so the alternation matches somewhere exactly when one does
        any_contraction=(re.compile("|".join(f"(?:{src[4:]})" for src in sources), re.IGNORECASE)
                         if all(src.startswith("(?i)") for src in sources) else None),
    )


def treebank_tokens(sentence: str) -> list[str]:
    """The tokens ``NLTKWordTokenizer().tokenize(sentence)`` gives, computed faster.

    NLTK's own compiled patterns are applied in NLTK's order with NLTK's
    substitutions (the steps of ``NLTKWordTokenizer.tokenize`` in nltk 3.10.4,
    without parentheses conversion). A pattern is skipped when the text holds
    none of the strings one of which every match of it contains
    (:data:`_TREEBANK_NEEDS`, :data:`_CONTRACTION_LETTERS`): its substitution
    would change nothing. Most patterns look for punctuation or words that
    most sentences lack, so this saves more than half of NLTK's time.

    Examples:
        >>> treebank_tokens('He said "no," and can' + "'t.")
        ['He', 'said', '``', 'no', ',', "''", 'and', 'ca', "n't", '.']
    """
    plan = _treebank_plan()
    text = sentence
    for sub, repl, needs in plan.before:
        if needs is None or any(map(text.__contains__, needs)):
            text = sub(repl, text)
    text = " " + text + " "
    for sub, repl, needs in plan.after:
        if needs is None or any(map(text.__contains__, needs)):
            text = sub(repl, text)
    if plan.may_contract(text):
        for sub, repl, _ in plan.contractions:
            text = sub(repl, text)
    return text.split()


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def sentence_spans(text: str, *, spans: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Split the body of a text into sentences.

    Each body span is cut further at blank lines (paragraph breaks, which no
    sentence crosses), and each piece is split with Punkt.

    Args:
        text: The raw document text.
        spans: Body spans from :mod:`analysis.corpus.clean`; ``None`` means the whole text.

    Returns:
        ``(start, end)`` of each sentence, in order, trimmed of whitespace.

    Examples:
        >>> sentence_spans("One. Two.\\n\\nThree")
        [(0, 4), (5, 9), (11, 16)]
        >>> sentence_spans("Skip this. Keep this.", spans=[(11, 21)])
        [(11, 21)]
    """
    result: list[tuple[int, int]] = []
    punkt = sentence_tokenizer()
    for body_start, body_end in spans if spans is not None else [(0, len(text))]:
        piece_start = body_start
        breaks = [m.span() for m in _PARAGRAPH_BREAK.finditer(text, body_start, body_end)]
        for gap_start, gap_end in breaks + [(body_end, body_end)]:
            piece = text[piece_start:gap_start]
            for s, e in punkt.span_tokenize(piece):
                segment = piece[s:e]
                stripped = segment.strip()
                if stripped and strip_invisible(stripped).strip():
                    lead = len(segment) - len(segment.lstrip())
                    start = piece_start + s + lead
                    result.append((start, start + len(stripped)))
            piece_start = gap_end
    return result


def strip_invisible(text: str) -> str:
    """``text`` without :data:`INVISIBLE_CHARACTERS`.

    Examples:
        >>> strip_invisible("to\u200b"), strip_invisible("co\u00adoperate")
        ('to', 'cooperate')
    """
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def word_spans(sentence: str, *, offset: int = 0) -> list[tuple[str, int, int]]:
    """Tokenize one sentence like ``nltk.word_tokenize`` and locate each token.

    Invisible characters (:data:`INVISIBLE_CHARACTERS`) are taken out before
    tokenizing, so they never make or join a token; the offsets are those of
    the raw sentence, and a token that had one inside is returned as its raw span.

    Args:
        sentence: The sentence text.
        offset: Added to every offset (the sentence's start in the document).

    Returns:
        ``(token, start, end)`` triples.

    Raises:
        AlignmentError: A token cannot be found in the text (never silent).

    Examples:
        >>> word_spans('He said "no."')
        [('He', 0, 2), ('said', 3, 7), ('``', 8, 9), ('no', 9, 11), ('.', 11, 12), ("''", 12, 13)]
        >>> word_spans("to\u200b the \u200b co\u00adop")
        [('to', 0, 2), ('the', 4, 7), ('co\xadop', 10, 15)]
    """
    if not _INVISIBLE.search(sentence):
        return _visible_word_spans(sentence, offset=offset)
    kept = [i for i, ch in enumerate(sentence) if ch not in INVISIBLE_CHARACTERS]
    visible = "".join(sentence[i] for i in kept)
    result = []
    for token, start, end in _visible_word_spans(visible):
        raw_start, raw_end = kept[start], kept[end - 1] + 1
        raw = sentence[raw_start:raw_end]
        result.append((raw if raw != token and token not in _QUOTE_TOKENS else token,
                       offset + raw_start, offset + raw_end))
    return result


def _visible_word_spans(sentence: str, *, offset: int = 0) -> list[tuple[str, int, int]]:
    tokens = _word_tokenizer().tokenize(sentence)
    result: list[tuple[str, int, int]] = []
    pos = 0
    n = len(sentence)
    for token in tokens:
        while pos < n and sentence[pos].isspace():
            pos += 1
        if sentence.startswith(token, pos):
            end = pos + len(token)
        elif token in _QUOTE_TOKENS and sentence[pos : pos + 2] in ("''", "``"):
            end = pos + 2
        elif token in _QUOTE_TOKENS and sentence[pos : pos + 1] == '"':
            end = pos + 1
        else:
            raise AlignmentError(
                f"token {token!r} not found at offset {offset + pos} (text there: {sentence[pos:pos + 20]!r}); "
                "please report this sentence as a bug"
            )
        result.append((token, offset + pos, offset + end))
        pos = end
    return result


def normalize_tokens(
    tokens: Sequence[str],
    glued: Sequence[bool],
    *,
    lowercase: bool = True,
    stem: bool = False,
) -> list[str]:
    """Compute the ``norm`` of each token of a sentence.

    Args:
        tokens: The sentence's tokens.
        glued: ``glued[i]`` is true when token ``i`` starts exactly where
            token ``i - 1`` ends (no space between them).
        lowercase: Lowercase the result.
        stem: Stem word tokens with NLTK's Snowball English stemmer.

    Returns:
        One norm per token.

    Examples:
        >>> normalize_tokens(["ca", "n't"], [False, True])
        ['can', "n't"]
        >>> normalize_tokens(["can", "’", "t"], [False, True, True])
        ['can', "'", "n't"]
        >>> normalize_tokens(["Don", "’", "t", "go"], [False, True, True, False])
        ['do', "'", "n't", 'go']
        >>> normalize_tokens(["talks", "claimed"], [False, False], stem=True)
        ['talk', 'claim']
    """
    lows = [token.replace("\u2019", "'").lower() for token in tokens]
    norms: list[str] = []
    for i, token in enumerate(tokens):
        norm, is_clitic = _contextual_norm(tokens, glued, lows, i) or (lows[i], False)
        norms.append(_finish_norm(norm, is_clitic, token, lows[i], lowercase=lowercase, stem=stem))
    return norms


def _contextual_norm(tokens: Sequence[str], glued: Sequence[bool], lows: Sequence[str], i: int) -> tuple[str, bool] | None:
    """``(norm, is_clitic)`` of token ``i`` when its context decides it (clitics, quotes, negations), else ``None``.

    Only tokens that are clitics, quote tokens, keys of the clitic and negation
    tables, or that stand just before an apostrophe token can get a value
    (see :meth:`_TokenFeatures.contextual`).
    """
    token, low = tokens[i], lows[i]
    if low in CLITICS and (i == 0 or glued[i]):
        return low, True
    if token in _QUOTE_TOKENS:
        return '"', False
    if (
        i >= 2 and glued[i] and glued[i - 1] and tokens[i - 1] in _APOSTROPHES
        and low in _CURLY_CLITIC and tokens[i - 2][-1:].isalpha()
    ):
        return _CURLY_CLITIC[low], True
    count = len(tokens)
    if i + 1 < count and low in _STRAIGHT_NEG_BASE and glued[i + 1] and tokens[i + 1].lower() == "n't":
        return _STRAIGHT_NEG_BASE[low], False
    if (
        i + 2 < count and low.endswith("n") and glued[i + 1] and glued[i + 2]
        and tokens[i + 1] in _APOSTROPHES and tokens[i + 2].lower() == "t"
    ):
        return _CURLY_NEG_BASE.get(low, low[:-1]), False
    return None


def _finish_norm(norm: str, is_clitic: bool, token: str, low: str, *, lowercase: bool, stem: bool) -> str:
    """Apply the case and stemming settings to a norm computed lowercase."""
    if not lowercase and not is_clitic and norm == low:
        norm = token.replace("\u2019", "'")
    if stem and not is_clitic and norm.isalpha():
        norm = _stem(norm)
    return norm


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def is_punctuation(token: str) -> bool:
    """True when every character is Unicode punctuation or a symbol.

    Examples:
        >>> [is_punctuation(t) for t in ["``", "--", "$", "U.S.", "’"]]
        [True, True, True, False, True]
    """
    return bool(token) and all(unicodedata.category(ch)[0] in "PS" for ch in token)


def is_number(token: str) -> bool:
    """True for plain numerals: ``24``, ``4.4``, ``1,000``, ``-3``, ``50%``.

    Examples:
        >>> [is_number(t) for t in ["2025", "4.4", "1,000", "24th", "one"]]
        [True, True, True, False, False]
    """
    return bool(_NUMBER.match(token))


def tokenize_document(
    text: str,
    *,
    doc_id: str,
    spans: Iterable[tuple[int, int]] | None = None,
    settings: TokenSettings = TokenSettings(),
) -> tuple[list[dict], list[dict]]:
    """Split one document into sentence rows and token rows.

    A pure function of its arguments: safe to run in another process.

    Args:
        text: The raw document text.
        doc_id: The document identifier written on every row.
        spans: Body spans; ``None`` means the whole text.
        settings: Normalization settings.

    Returns:
        ``(sentences, tokens)``: lists of dicts with the columns of
        :data:`SENTENCE_COLUMNS` and :data:`TOKEN_COLUMNS`.

    Examples:
        >>> sents, toks = tokenize_document("NATO met. It agreed.", doc_id="x")
        >>> [(s["sent_id"], s["text"], s["n_tokens"]) for s in sents]
        [(0, 'NATO met.', 3), (1, 'It agreed.', 3)]
        >>> [(t["tok_id"], t["norm"], t["is_stop"], t["is_punct"]) for t in toks[3:]]
        [(3, 'it', True, False), (4, 'agreed', False, False), (5, '.', False, True)]
    """
    sentences, tokens = _Columns(SENTENCE_COLUMNS), _Columns(TOKEN_COLUMNS)
    _tokenize_into(text, doc_id, spans, _TokenFeatures(settings), sentences, tokens)
    return sentences.rows(), tokens.rows()


class _Columns(dict):
    """A table being built as one list per column (no dict per row)."""

    def __init__(self, columns: Sequence[str]):
        super().__init__((name, []) for name in columns)

    def rows(self) -> list[dict]:
        return [dict(zip(self, row)) for row in zip(*self.values())]


class _TokenFeatures(dict):
    """What the token table needs from a token string alone, computed once per distinct string.

    ``features[token]`` is ``(low, norm, is_stop, is_punct, is_num, context)``, the
    values of a token whose context changes nothing; ``context`` says when its
    neighbours may change them. One instance serves one call (a document or a
    partition), so its memory is bounded by the vocabulary of what it tokenizes.
    """

    #: ``context`` values: the token's norm may depend on its neighbours, or its previous token's may.
    SELF, PREVIOUS = 1, 2

    def __init__(self, settings: TokenSettings):
        super().__init__()
        self.settings = settings
        self.stopwords = load_stopwords(settings.stopwords_path or config.STOPWORDS_FILE)

    def __missing__(self, token: str) -> tuple[str, str, bool, bool, bool, int]:
        low = token.replace("\u2019", "'").lower()
        if low in CLITICS or token in _QUOTE_TOKENS or low in _CURLY_CLITIC or low in _STRAIGHT_NEG_BASE:
            context = self.SELF
        elif token in _APOSTROPHES:
            context = self.PREVIOUS
        else:
            context = 0
        found = self[token] = (
            low, self.norm(low, False, token, low), self.is_stop(low), is_punctuation(token), is_number(token), context,
        )
        return found

    def norm(self, norm: str, is_clitic: bool, token: str, low: str) -> str:
        return _finish_norm(norm, is_clitic, token, low, lowercase=self.settings.lowercase, stem=self.settings.stem)

    def is_stop(self, plain_norm: str) -> bool:
        return plain_norm in self.stopwords or plain_norm in CLITICS


_QUOTE_MARKS = re.compile(r"``|''|\"")


def _aligned_tokens(sentence: str, offset: int) -> tuple[list[str], list[int], list[int]] | None:
    """Treebank tokens of a sentence without invisible characters, with their offsets.

    Every token is a run of the sentence's non-space characters, except that
    Treebank writes each quote mark (a straight double quote, two apostrophes
    or two backticks) as two backticks or two apostrophes; the marks are taken back in order, as NLTK's own ``span_tokenize``
    does. When the tokens then spell the sentence's non-space characters
    exactly, each token's place follows; otherwise ``None`` (the caller falls
    back to :func:`word_spans`, which aligns token by token or raises).
    """
    tokens = treebank_tokens(sentence)
    raw = tokens
    if '"' in sentence or "''" in sentence or "``" in sentence:
        marks = iter(_QUOTE_MARKS.findall(sentence))
        raw = [next(marks, token) if token in _QUOTE_TOKENS else token for token in tokens]
    if "".join(raw) != "".join(sentence.split()):
        return None
    starts: list[int] = []
    ends: list[int] = []
    find = sentence.find
    pos = 0
    for piece in raw:
        # only whitespace lies between pos and the piece, so the first occurrence is the piece
        pos = find(piece, pos)
        starts.append(offset + pos)
        pos += len(piece)
        ends.append(offset + pos)
    return tokens, starts, ends


def _tokenize_into(text: str, doc_id: str, spans: Iterable[tuple[int, int]] | None, features: _TokenFeatures,
                   sentences: _Columns, rows: _Columns) -> None:
    """Append one document's sentence rows and token rows to the column lists."""
    tok_id = 0
    for sent_id, (start, end) in enumerate(sentence_spans(text, spans=spans)):
        sentence = text[start:end]
        aligned = None if _INVISIBLE.search(sentence) else _aligned_tokens(sentence, start)
        if aligned is None:
            triples = word_spans(sentence, offset=start)
            raw = [t for t, _, _ in triples]
            starts = [s for _, s, _ in triples]
            ends = [e for _, _, e in triples]
            visible = [strip_invisible(t) for t in raw]
            glued = [i > 0 and not strip_invisible(text[ends[i - 1]:starts[i]]) for i in range(len(raw))]
        else:
            raw, starts, ends = aligned
            visible, glued = raw, None
        count = len(raw)
        if count:
            lows, norms, stops, puncts, nums, contexts = (list(column) for column in zip(*map(features.__getitem__, visible)))
            if any(contexts):
                if glued is None:
                    glued = [False] + [starts[i] == ends[i - 1] for i in range(1, count)]
                for i, context in enumerate(contexts):
                    candidates = ([i] if context == _TokenFeatures.SELF else
                                  [i - 1] if context == _TokenFeatures.PREVIOUS and i > 0 else [])
                    for j in candidates:
                        found = _contextual_norm(visible, glued, lows, j)
                        if found is not None:
                            plain, is_clitic = found
                            norms[j] = features.norm(plain, is_clitic, visible[j], lows[j])
                            stops[j] = features.is_stop(plain)
        else:
            norms = stops = puncts = nums = []
        sentences["doc_id"].append(doc_id)
        sentences["sent_id"].append(sent_id)
        sentences["start"].append(start)
        sentences["end"].append(end)
        sentences["n_tokens"].append(count)
        sentences["text"].append(sentence)
        rows["doc_id"].extend([doc_id] * count)
        rows["sent_id"].extend([sent_id] * count)
        rows["tok_id"].extend(range(tok_id, tok_id + count))
        rows["token"].extend(raw)
        rows["norm"].extend(norms)
        rows["start"].extend(starts)
        rows["end"].extend(ends)
        rows["is_stop"].extend(stops)
        rows["is_punct"].extend(puncts)
        rows["is_num"].extend(nums)
        tok_id += count


def _tokenize_many(args: tuple[list[tuple[str, str, list[tuple[int, int]] | None]], TokenSettings]):
    batch, settings = args
    features = _TokenFeatures(settings)
    sentences, tokens = _Columns(SENTENCE_COLUMNS), _Columns(TOKEN_COLUMNS)
    for doc_id, text, spans in batch:
        _tokenize_into(text, doc_id, spans, features, sentences, tokens)
    return sentences, tokens


def tokenize_corpus(
    documents: pd.DataFrame,
    *,
    body: dict[str, list[tuple[int, int]]] | None = None,
    settings: TokenSettings = TokenSettings(),
    n_jobs: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tokenize every document of a corpus.

    Args:
        documents: A table from :func:`analysis.corpus.load.load_corpus`.
        body: Body spans per ``doc_id`` from :func:`analysis.corpus.clean.clean_corpus`;
            ``None`` tokenizes whole texts.
        settings: Normalization settings.
        n_jobs: Worker processes; results are identical for any value.

    Returns:
        ``(sentences, tokens)`` tables in document order, with the rows
        :func:`tokenize_document` gives for each document.

    Examples:
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Hi there.", "Bye."]})
        >>> sents, toks = tokenize_corpus(docs)
        >>> toks[["doc_id", "tok_id", "token"]].values.tolist()
        [['a', 0, 'Hi'], ['a', 1, 'there'], ['a', 2, '.'], ['b', 0, 'Bye'], ['b', 1, '.']]
    """
    jobs = [
        (doc_id, text, None if body is None else body.get(doc_id, []))
        for doc_id, text in zip(documents["doc_id"], documents["text"])
    ]
    if n_jobs > 1 and len(jobs) > 1:
        size = max(1, len(jobs) // (n_jobs * 4))
        batches = [(jobs[i : i + size], settings) for i in range(0, len(jobs), size)]
        sentence_columns, token_columns = _Columns(SENTENCE_COLUMNS), _Columns(TOKEN_COLUMNS)
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            for sents, toks in pool.map(_tokenize_many, batches):
                for name in SENTENCE_COLUMNS:
                    sentence_columns[name].extend(sents[name])
                for name in TOKEN_COLUMNS:
                    token_columns[name].extend(toks[name])
    else:
        sentence_columns, token_columns = _tokenize_many((jobs, settings))
    return _table(sentence_columns, SENTENCE_DTYPES), _table(token_columns, TOKEN_DTYPES)


def _table(columns: _Columns, dtypes: dict[str, str]) -> pd.DataFrame:
    """A table with the given dtypes, each column converted once from its list."""
    return pd.DataFrame({name: pd.array(values, dtype=dtypes[name]) if dtypes[name] == "string"
                         else np.array(values, dtype=dtypes[name]) for name, values in columns.items()})


def stopword_source(settings: TokenSettings) -> str:
    """Name the stopword list used by ``settings``, for provenance.

    Examples:
        >>> stopword_source(TokenSettings())
        'analysis/resources/stopwords/english.txt'
    """
    return config.display_path(Path(settings.stopwords_path or config.STOPWORDS_FILE))
