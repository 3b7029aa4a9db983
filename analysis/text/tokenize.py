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

_NUMBER = re.compile(r"^[+\-−]?(?:\d+(?:[.,]\d+)*|[.,]\d+)%?$")
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n\s*")
_QUOTE_TOKENS = frozenset({"``", "''"})
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


#: The pattern attributes of NLTK's Treebank word tokenizer (fixed patterns of NLTK's own).
_TREEBANK_PATTERNS: tuple[str, ...] = ("STARTING_QUOTES", "PUNCTUATION", "PARENS_BRACKETS", "CONVERT_PARENTHESES",
                                       "DOUBLE_DASHES", "ENDING_QUOTES", "CONTRACTIONS2", "CONTRACTIONS3")


def _stdlib_pattern(pattern):
    """``pattern`` compiled by the standard library's :mod:`re` (itself when it cannot be)."""
    inner = getattr(pattern, "_rx", pattern)  # nltk.redos.TimedPattern wraps a pattern of the regex module
    if isinstance(inner, re.Pattern):
        return inner
    import regex

    flags = 0
    for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"):
        if inner.flags & int(getattr(regex, name)):
            flags |= getattr(re, name)
    try:
        return re.compile(inner.pattern, flags)
    except re.error:  # a pattern only the regex engine reads: keep NLTK's
        return pattern


def _with_stdlib_patterns(value):
    """A Treebank pattern attribute (a pattern, a ``(pattern, replacement)`` pair, or a list) with stdlib patterns."""
    if isinstance(value, list):
        return [_with_stdlib_patterns(item) for item in value]
    if isinstance(value, tuple):
        return (_stdlib_pattern(value[0]), *value[1:])
    return _stdlib_pattern(value)


@functools.lru_cache(maxsize=1)
def _word_tokenizer() -> NLTKWordTokenizer:
    """NLTK's Treebank word tokenizer, its fixed patterns run by the standard library's :mod:`re`.

    NLTK 3.10 routes every pattern through ``nltk.redos`` (the ``regex`` engine under a timeout), a guard
    against catastrophic caller-supplied patterns. These patterns are NLTK's own constants, and the
    standard engine gives the same tokens in less than half the time (the equality tests compare with
    ``nltk.word_tokenize``, on real articles and on generated text). None of them can backtrack
    catastrophically on hostile text: no quantifier is nested, and where two follow each other
    (``[closers]*`` then ``\\s*$``) they match disjoint characters, so each runs in time linear in the sentence.
    """
    tokenizer = NLTKWordTokenizer()
    for name in _TREEBANK_PATTERNS:
        setattr(tokenizer, name, _with_stdlib_patterns(getattr(tokenizer, name)))
    return tokenizer


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
    norms: list[str] = []
    count = len(tokens)
    for i, token in enumerate(tokens):
        folded = token.replace("\u2019", "'")
        low = folded.lower()
        is_clitic = False
        if low in CLITICS and (i == 0 or glued[i]):
            norm, is_clitic = low, True
        elif token in _QUOTE_TOKENS:
            norm = '"'
        elif (
            i >= 2 and glued[i] and glued[i - 1] and tokens[i - 1] in ("’", "'")
            and low in _CURLY_CLITIC and tokens[i - 2][-1:].isalpha()
        ):
            norm, is_clitic = _CURLY_CLITIC[low], True
        elif (
            i + 1 < count and low in _STRAIGHT_NEG_BASE and glued[i + 1] and tokens[i + 1].lower() == "n't"
        ):
            norm = _STRAIGHT_NEG_BASE[low]
        elif (
            i + 2 < count and low.endswith("n") and glued[i + 1] and glued[i + 2]
            and tokens[i + 1] in ("’", "'") and tokens[i + 2].lower() == "t"
        ):
            norm = _CURLY_NEG_BASE.get(low, low[:-1])
        else:
            norm = low
        if not lowercase and not is_clitic and norm == low:
            norm = folded
        if stem and not is_clitic and norm.isalpha():
            norm = _stemmer().stem(norm)
        norms.append(norm)
    return norms


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


#: The flags of a token depend on its text only, and a corpus repeats its tokens: computed once per text.
_is_punctuation = functools.lru_cache(maxsize=1 << 16)(is_punctuation)
_is_number = functools.lru_cache(maxsize=1 << 16)(is_number)


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
    stopwords = load_stopwords(settings.stopwords_path or config.STOPWORDS_FILE)
    sentences: list[dict] = []
    rows: list[dict] = []
    tok_id = 0
    for sent_id, (start, end) in enumerate(sentence_spans(text, spans=spans)):
        triples = word_spans(text[start:end], offset=start)
        if _INVISIBLE.search(text, start, end):
            tokens = [strip_invisible(t) for t, _, _ in triples]
            glued = [i > 0 and not strip_invisible(text[triples[i - 1][2]:triples[i][1]])
                     for i in range(len(triples))]
        else:  # the common case: nothing to strip, and glued means no character between two tokens
            tokens = [t for t, _, _ in triples]
            glued = [i > 0 and triples[i - 1][2] == triples[i][1] for i in range(len(triples))]
        plain = normalize_tokens(tokens, glued, lowercase=True, stem=False)
        norms = plain if (settings.lowercase and not settings.stem) else normalize_tokens(
            tokens, glued, lowercase=settings.lowercase, stem=settings.stem
        )
        sentences.append(
            {"doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end,
             "n_tokens": len(triples), "text": text[start:end]}
        )
        for (token, t_start, t_end), visible, norm, base in zip(triples, tokens, norms, plain):
            rows.append(
                {
                    "doc_id": doc_id, "sent_id": sent_id, "tok_id": tok_id, "token": token, "norm": norm,
                    "start": t_start, "end": t_end,
                    "is_stop": base in stopwords or base in CLITICS,
                    "is_punct": _is_punctuation(visible), "is_num": _is_number(visible),
                }
            )
            tok_id += 1
    return sentences, rows


def _tokenize_many(args: tuple[list[tuple[str, str, list[tuple[int, int]] | None]], TokenSettings]):
    batch, settings = args
    return [tokenize_document(text, doc_id=doc_id, spans=spans, settings=settings) for doc_id, text, spans in batch]


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
        ``(sentences, tokens)`` tables in document order.

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
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            results = [r for batch in pool.map(_tokenize_many, batches) for r in batch]
    else:
        results = _tokenize_many((jobs, settings))
    sentences = pd.DataFrame([s for sents, _ in results for s in sents], columns=list(SENTENCE_COLUMNS))
    tokens = pd.DataFrame([t for _, toks in results for t in toks], columns=list(TOKEN_COLUMNS))
    sentences = sentences.astype(
        {"doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64", "n_tokens": "int64", "text": "string"}
    )
    tokens = tokens.astype(
        {"doc_id": "string", "sent_id": "int64", "tok_id": "int64", "token": "string", "norm": "string",
         "start": "int64", "end": "int64", "is_stop": "bool", "is_punct": "bool", "is_num": "bool"}
    )
    return sentences, tokens


def stopword_source(settings: TokenSettings) -> str:
    """Name the stopword list used by ``settings``, for provenance.

    Examples:
        >>> stopword_source(TokenSettings())
        'analysis/resources/stopwords/english.txt'
    """
    return config.display_path(Path(settings.stopwords_path or config.STOPWORDS_FILE))
