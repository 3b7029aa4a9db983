"""Tone of sentences and quotes with VADER, split by voice and by actor.

Tone is scored with VADER (Hutto & Gilbert 2014, "VADER: A Parsimonious
Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM), the
reference implementation ``vaderSentiment`` 3.3.2 with the lexicon it ships
(nothing is downloaded; the analyzer is built once, on first use). Its
``compound`` score runs from -1 (most negative) to +1 (most positive); the
conventional thresholds of the VADER authors are used: negative when
``compound <= -0.05``, positive when ``compound >= 0.05``, neutral between.

VADER was built for short social-media texts; on news it measures the
valence of the words used (a report of a deadly attack scores negative
whoever is blamed), not the journalist's or a source's attitude. Read the
scores with the sentences.

Linear time: the reference implementation lower-cases the whole sentence
again for every sentiment word it checks, and its "but" rule looks every
score up with ``list.index``, so one very long sentence (a text without
sentence punctuation) takes time growing with the square of its length.
:class:`_LinearVader` overrides exactly those three helpers with versions
that give the same scores, bit for bit, in linear time
(``tests/test_tone.py`` compares them with the reference on real text).

Voice of a sentence, from the direct quotes of :func:`analysis.framing.quotes.quote_table`
(every row, ``full`` and ``fragment``; filter the quote table first to use
only some): ``quoted_share`` is the share of the sentence's characters
(``end - start``) that lie inside a quote span (the quoted words, without
the quotation marks), and

* ``"quoted"`` when ``quoted_share >= 0.5`` (at least half),
* ``"narration"`` when ``quoted_share == 0`` (no quoted character),
* ``"mixed"`` otherwise.

Examples:
    >>> polarity("VADER is smart, handsome, and funny.")["compound"]
    0.8316
"""

from __future__ import annotations

import functools
import heapq
import re
from typing import Sequence

import numpy as np
import pandas as pd

#: Compound score at or below which a text counts as negative (Hutto & Gilbert 2014).
NEGATIVE_THRESHOLD = -0.05
#: Compound score at or above which a text counts as positive.
POSITIVE_THRESHOLD = 0.05
#: Sentence voices, in table order.
VOICES: tuple[str, ...] = ("narration", "mixed", "quoted")
#: Separator of the ``actors`` column.
ACTOR_SEPARATOR = "; "
#: Columns of the sentence tone table.
TONE_COLUMNS: tuple[str, ...] = (
    "doc_id", "sent_id", "start", "end", "compound", "voice", "actors", "neg", "neu", "pos", "quoted_share",
)
#: Columns of the per-actor and per-voice summaries (after the key column).
SUMMARY_COLUMNS: tuple[str, ...] = ("n_sentences", "mean_compound", "share_negative", "share_neutral", "share_positive")

_TONE_DTYPES = {"doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64", "compound": "float64",
                "voice": "string", "actors": "string", "neg": "float64", "neu": "float64", "pos": "float64",
                "quoted_share": "float64"}
_QUOTE_MARKS = re.compile(r"[\"“”„«»]|''|``")
_WHITESPACE = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


def _vader_class():
    from vaderSentiment import vaderSentiment as vs

    class LinearVader(vs.SentimentIntensityAnalyzer):
        """VADER with the three quadratic helpers replaced by linear equivalents (same results)."""

        _lower_of: tuple[object, list[str]] | None = None

        def _lowered(self, words: list) -> list[str]:
            """``[str(w).lower() for w in words]``, computed once per word list."""
            cached = self._lower_of
            if cached is None or cached[0] is not words or len(cached[1]) != len(words):
                cached = (words, [str(w).lower() for w in words])
                self._lower_of = cached
            return cached[1]

        def polarity_scores(self, text):
            try:
                return super().polarity_scores(text)
            finally:
                self._lower_of = None

        def _negation_check(self, valence, words_and_emoticons, start_i, i):
            lower = self._lowered(words_and_emoticons)
            if start_i == 0:
                if vs.negated([lower[i - (start_i + 1)]]):
                    valence = valence * vs.N_SCALAR
            if start_i == 1:
                if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                    valence = valence * 1.25
                elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                    valence = valence
                elif vs.negated([lower[i - (start_i + 1)]]):
                    valence = valence * vs.N_SCALAR
            if start_i == 2:
                if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or (
                    lower[i - 1] == "so" or lower[i - 1] == "this"
                ):
                    valence = valence * 1.25
                elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                    valence = valence
                elif vs.negated([lower[i - (start_i + 1)]]):
                    valence = valence * vs.N_SCALAR
            return valence

        def _special_idioms_check(self, valence, words_and_emoticons, i):
            lower = self._lowered(words_and_emoticons)
            onezero = f"{lower[i - 1]} {lower[i]}"
            twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
            twoone = f"{lower[i - 2]} {lower[i - 1]}"
            threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
            threetwo = f"{lower[i - 3]} {lower[i - 2]}"
            for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
                if seq in vs.SPECIAL_CASES:
                    valence = vs.SPECIAL_CASES[seq]
                    break
            if len(lower) - 1 > i:
                zeroone = f"{lower[i]} {lower[i + 1]}"
                if zeroone in vs.SPECIAL_CASES:
                    valence = vs.SPECIAL_CASES[zeroone]
            if len(lower) - 1 > i + 1:
                zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
                if zeroonetwo in vs.SPECIAL_CASES:
                    valence = vs.SPECIAL_CASES[zeroonetwo]
            for n_gram in (threetwoone, threetwo, twoone):
                if n_gram in vs.BOOSTER_DICT:
                    valence = valence + vs.BOOSTER_DICT[n_gram]
            return valence

        def _but_check(self, words_and_emoticons, sentiments):
            return _but_check(self._lowered(words_and_emoticons), sentiments)

    return LinearVader


def _but_check(lower: list[str], sentiments: list[float]) -> list[float]:
    """VADER's "but" rule, as the reference computes it, in O(n log n).

    The reference walks the scores and, for each, rescales the *first*
    score equal to it (``sentiments.index``): by 0.5 before the first "but",
    by 1.5 after it. That first-equal lookup is kept exactly, with a heap of
    positions per value instead of a scan.

    Examples:
        >>> _but_check(["good", "but", "bad", "good"], [1.0, 0.0, -1.0, 1.0])
        [0.5, 0.0, -1.5, 1.5]
        >>> _but_check(["x", "but", "y", "z"], [2.0, 0.0, 1.0, 4.0])  # the halved 2.0 is found again as 1.0
        [0.5, 0.0, 1.0, 6.0]
        >>> _but_check(["no", "contrast"], [2.0, 0.0])
        [2.0, 0.0]
    """
    if "but" not in lower:
        return sentiments
    bi = lower.index("but")
    heaps: dict[float, list[int]] = {}
    for index, value in enumerate(sentiments):
        heaps.setdefault(value, []).append(index)  # ascending, so already a heap
    for k in range(len(sentiments)):
        value = sentiments[k]
        heap = heaps[value]
        while sentiments[heap[0]] != value:  # drop positions whose score has changed since
            heapq.heappop(heap)
        si = heap[0]
        if si < bi:
            new = value * 0.5
        elif si > bi:
            new = value * 1.5
        else:
            continue
        sentiments[si] = new
        heapq.heappush(heaps.setdefault(new, []), si)
    return sentiments


@functools.lru_cache(maxsize=1)
def _analyzer():
    return _vader_class()()


@functools.lru_cache(maxsize=1)
def _reference_analyzer():
    """The unmodified reference implementation (for tests)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def polarity(text: str) -> dict[str, float]:
    """VADER scores of one text: ``neg``, ``neu``, ``pos`` and ``compound``.

    Args:
        text: Any text; VADER is designed for a sentence or a short passage.

    Returns:
        The reference implementation's scores (rounded to 4 decimals by it).

    Examples:
        >>> polarity("VADER is smart, handsome, and funny.")
        {'neg': 0.0, 'neu': 0.254, 'pos': 0.746, 'compound': 0.8316}
        >>> polarity("")["compound"]
        0.0
    """
    return {k: float(v) for k, v in _analyzer().polarity_scores(str(text)).items()}


def _merged_spans(quotes: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per document, the union of quote spans as sorted, disjoint (starts, ends)."""
    merged: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if quotes is None or quotes.empty:
        return merged
    docs = quotes["doc_id"].astype(str).to_numpy(dtype=object)
    starts = quotes["start"].to_numpy(dtype=np.int64)
    ends = quotes["end"].to_numpy(dtype=np.int64)
    current: str | None = None
    out_starts: list[int] = []
    out_ends: list[int] = []
    for i in sorted(range(len(docs)), key=lambda i: (docs[i], starts[i], ends[i])):
        doc, s, e = docs[i], int(starts[i]), int(ends[i])
        if doc != current:
            if current is not None:
                merged[current] = (np.array(out_starts, dtype=np.int64), np.array(out_ends, dtype=np.int64))
            current, out_starts, out_ends = doc, [], []
        if out_starts and s <= out_ends[-1]:
            out_ends[-1] = max(out_ends[-1], e)
        else:
            out_starts.append(s)
            out_ends.append(e)
    if current is not None:
        merged[current] = (np.array(out_starts, dtype=np.int64), np.array(out_ends, dtype=np.int64))
    return merged


def _flat_spans(table: pd.DataFrame, quotes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows and merged quote spans on one number line: document k occupies [k * size, (k + 1) * size).

    Returns ``(row starts, row ends, span starts, span ends)``, spans sorted and disjoint.
    """
    spans = _merged_spans(quotes)
    row_docs = table["doc_id"].astype(str).to_numpy(dtype=object)
    names = {name: k for k, name in enumerate(sorted(set(row_docs.tolist()) | set(spans)))}
    size = 1 + max([int(table["end"].max()) if len(table) else 0]
                   + [int(e[-1]) for _, e in spans.values() if len(e)])
    base = np.array([names[d] for d in row_docs], dtype=np.int64) * size
    row_starts = base + table["start"].to_numpy(dtype=np.int64)
    row_ends = base + table["end"].to_numpy(dtype=np.int64)
    order = sorted(spans, key=names.get)
    span_starts = np.concatenate([spans[d][0] + names[d] * size for d in order] or [np.zeros(0, dtype=np.int64)])
    span_ends = np.concatenate([spans[d][1] + names[d] * size for d in order] or [np.zeros(0, dtype=np.int64)])
    return row_starts, row_ends, span_starts, span_ends


def in_quotes(table: pd.DataFrame, quotes: pd.DataFrame) -> np.ndarray:
    """Which rows of a span table lie entirely inside a direct quote.

    Args:
        table: Rows with ``doc_id``, ``start`` and ``end`` (tokens, matches...).
        quotes: The quote table (``doc_id``, ``start``, ``end``).

    Returns:
        A boolean array, one value per row: ``start``..``end`` lies within
        one quote span (the quoted words; quotation marks are outside;
        overlapping or touching quote spans count as one).

    Examples:
        >>> import pandas as pd
        >>> q = pd.DataFrame({"doc_id": ["d"], "start": [5], "end": [12]})
        >>> t = pd.DataFrame({"doc_id": ["d", "d", "d", "e"], "start": [4, 5, 10, 6], "end": [5, 9, 13, 8]})
        >>> in_quotes(t, q).tolist()
        [False, True, False, False]
    """
    if table.empty or quotes is None or quotes.empty:
        return np.zeros(len(table), dtype=bool)
    row_starts, row_ends, span_starts, span_ends = _flat_spans(table, quotes)
    k = np.searchsorted(span_starts, row_starts, side="right") - 1
    inside = k >= 0
    inside[inside] = row_ends[inside] <= span_ends[k[inside]]
    return inside


def quoted_share(sentences: pd.DataFrame, quotes: pd.DataFrame) -> np.ndarray:
    """Share of each sentence's characters that lie inside direct quotes.

    Examples:
        >>> import pandas as pd
        >>> s = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 20], "end": [10, 30]})
        >>> q = pd.DataFrame({"doc_id": ["d", "d"], "start": [1, 22], "end": [6, 24]})
        >>> quoted_share(s, q).tolist()
        [0.5, 0.2]
    """
    lengths = (sentences["end"].to_numpy(dtype=np.int64) - sentences["start"].to_numpy(dtype=np.int64)).astype(float)
    if sentences.empty or quotes is None or quotes.empty:
        return np.zeros(len(sentences), dtype=float)
    row_starts, row_ends, span_starts, span_ends = _flat_spans(sentences, quotes)
    before = np.concatenate([[0], np.cumsum(span_ends - span_starts)])  # quoted length of spans 0..k-1

    def covered(x: np.ndarray) -> np.ndarray:
        """Quoted characters before position x (on the shared number line)."""
        k = np.searchsorted(span_starts, x, side="right") - 1  # last span starting at or before x
        j = np.maximum(k, 0)
        return np.where(k >= 0, before[j] + np.minimum(x, span_ends[j]) - span_starts[j], 0)

    overlap = (covered(row_ends) - covered(row_starts)).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(lengths > 0, overlap / np.where(lengths > 0, lengths, 1.0), 0.0)


def voice_of(share: float) -> str:
    """The voice label for a quoted share (see the module docstring).

    Examples:
        >>> [voice_of(x) for x in (0.0, 0.01, 0.4999, 0.5, 1.0)]
        ['narration', 'mixed', 'mixed', 'quoted', 'quoted']
    """
    if share >= 0.5:
        return "quoted"
    if share <= 0:
        return "narration"
    return "mixed"


def sentence_actors(
    sentences: pd.DataFrame, mentions: pd.DataFrame, *, exclude_types: Sequence[str] = ("place",)
) -> list[str]:
    """The canonical actors mentioned in each sentence, sorted, joined by ``"; "``.

    Args:
        sentences: Rows with ``doc_id`` and ``sent_id``.
        mentions: Actor mentions (``doc_id, sent_id, actor``, and
            ``actor_type`` when ``exclude_types`` is used).
        exclude_types: Actor types left out. By default ``place``: a capital
            named as a location ("talks *in Kyiv*", ``matched_by`` place)
            is where something happens, not who acts.

    Returns:
        One string per sentence; ``""`` when it names no actor.

    Examples:
        >>> import pandas as pd
        >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1]})
        >>> m = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 0, 0],
        ...                   "actor": ["Russia", "NATO", "Russia"]})
        >>> sentence_actors(s, m)
        ['NATO; Russia', '']
    """
    names: dict[tuple[str, int], set[str]] = {}
    if mentions is not None and not mentions.empty:
        valid = mentions[mentions["actor"].notna()]
        if exclude_types and "actor_type" in valid.columns:
            valid = valid[~valid["actor_type"].astype(str).isin([str(t) for t in exclude_types])]
        for doc_id, sent_id, actor in zip(valid["doc_id"].astype(str), valid["sent_id"], valid["actor"].astype(str)):
            names.setdefault((doc_id, int(sent_id)), set()).add(actor)
    return [
        ACTOR_SEPARATOR.join(sorted(names.get((str(d), int(s)), ())))
        for d, s in zip(sentences["doc_id"], sentences["sent_id"])
    ]


def sentence_tone(
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    exclude_types: Sequence[str] = ("place",),
) -> pd.DataFrame:
    """VADER tone of every sentence, with its voice and the actors it names.

    Args:
        sentences: The sentence table (``doc_id, sent_id, start, end, text``).
        quotes: The quote table of :func:`analysis.framing.analyze.analyze_framing`.
        mentions: The actor mentions (``doc_id, sent_id, actor, actor_type``).
        exclude_types: Actor types not listed in ``actors`` (see
            :func:`sentence_actors`; default places).

    Returns:
        Columns ``doc_id, sent_id, start, end, compound, voice, actors, neg,
        neu, pos, quoted_share``, one row per sentence in the order of
        ``sentences``. ``voice`` is ``narration``, ``mixed`` or ``quoted``
        (see the module docstring); ``actors`` the sorted canonical actors
        joined by ``"; "`` (``""`` when none).

    Examples:
        >>> import pandas as pd
        >>> text = 'NATO said the talks failed. "We will win," Zelenskiy said.'
        >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 28], "end": [27, 58],
        ...                   "text": [text[0:27], text[28:58]]})
        >>> q = pd.DataFrame({"doc_id": ["d"], "start": [29], "end": [41]})
        >>> m = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "actor": ["NATO", "Volodymyr Zelenskiy"]})
        >>> sentence_tone(s, q, m)[["sent_id", "compound", "voice", "actors"]].values.tolist()
        [[0, -0.5106, 'narration', 'NATO'], [1, 0.5859, 'mixed', 'Volodymyr Zelenskiy']]
    """
    shares = quoted_share(sentences, quotes)
    scores = [polarity(t) for t in sentences["text"].astype(str)]
    table = pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].to_numpy(),
            "sent_id": sentences["sent_id"].to_numpy(),
            "start": sentences["start"].to_numpy(),
            "end": sentences["end"].to_numpy(),
            "compound": [s["compound"] for s in scores],
            "voice": [voice_of(x) for x in shares],
            "actors": sentence_actors(sentences, mentions, exclude_types=exclude_types),
            "neg": [s["neg"] for s in scores],
            "neu": [s["neu"] for s in scores],
            "pos": [s["pos"] for s in scores],
            "quoted_share": shares,
        },
        columns=list(TONE_COLUMNS),
    )
    return table.astype(_TONE_DTYPES)


def _summary_row(compound: pd.Series) -> dict[str, float | int]:
    values = compound.astype("float64")
    n = int(len(values))
    if n == 0:
        return {"n_sentences": 0, "mean_compound": np.nan, "share_negative": np.nan, "share_neutral": np.nan,
                "share_positive": np.nan}
    negative = float((values <= NEGATIVE_THRESHOLD).sum()) / n
    positive = float((values >= POSITIVE_THRESHOLD).sum()) / n
    return {"n_sentences": n, "mean_compound": float(values.mean()), "share_negative": negative,
            "share_neutral": 1.0 - negative - positive, "share_positive": positive}


def _summary_dtypes(key: str) -> dict[str, str]:
    return {key: "string", "n_sentences": "int64"} | {c: "float64" for c in SUMMARY_COLUMNS[1:]}


def tone_by_actor(tone: pd.DataFrame, *, min_sentences: int = 1) -> pd.DataFrame:
    """Tone of the sentences that mention each actor.

    A sentence naming several actors counts for each of them; sentences
    naming none are left out.

    Args:
        tone: A table from :func:`sentence_tone`.
        min_sentences: Leave out actors named in fewer sentences.

    Returns:
        Columns ``actor, n_sentences, mean_compound, share_negative,
        share_neutral, share_positive`` (shares use the thresholds -0.05 and
        0.05, inclusive), sorted by ``n_sentences`` descending, then actor.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"actors": ["A; B", "A", "", "B"], "compound": [0.5, -0.25, 0.9, 0.0]})
        >>> tone_by_actor(t).values.tolist()
        [['A', 2, 0.125, 0.5, 0.0, 0.5], ['B', 2, 0.25, 0.0, 0.5, 0.5]]
    """
    pairs = [
        (actor, compound)
        for actors, compound in zip(tone["actors"].fillna("").astype(str), tone["compound"].astype("float64"))
        for actor in actors.split(ACTOR_SEPARATOR)
        if actor
    ]
    frame = pd.DataFrame(pairs, columns=["actor", "compound"])
    rows = [{"actor": actor} | _summary_row(group["compound"]) for actor, group in frame.groupby("actor", sort=True)]
    table = pd.DataFrame(rows, columns=["actor", *SUMMARY_COLUMNS])
    table = table[table["n_sentences"] >= min_sentences]
    table = table.sort_values(["n_sentences", "actor"], ascending=[False, True], kind="mergesort")
    return table.reset_index(drop=True).astype(_summary_dtypes("actor"))


def tone_by_voice(tone: pd.DataFrame) -> pd.DataFrame:
    """Tone of narration, mixed and quoted sentences.

    Returns:
        Columns ``voice, n_sentences, mean_compound, share_negative,
        share_neutral, share_positive``: one row per voice in the order
        narration, mixed, quoted, also when a voice has no sentences
        (``n_sentences`` 0, the rest NaN).

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"voice": ["narration", "quoted", "narration"], "compound": [-0.5, 0.6, 0.1]})
        >>> tone_by_voice(t)[["voice", "n_sentences", "mean_compound"]].values.tolist()
        [['narration', 2, -0.2], ['mixed', 0, nan], ['quoted', 1, 0.6]]
    """
    voices = tone["voice"].astype(str)
    rows = [{"voice": voice} | _summary_row(tone.loc[voices == voice, "compound"]) for voice in VOICES]
    return pd.DataFrame(rows, columns=["voice", *SUMMARY_COLUMNS]).astype(_summary_dtypes("voice"))


def quote_tone(quotes: pd.DataFrame) -> pd.DataFrame:
    """VADER tone of each direct quote's own words.

    Args:
        quotes: The quote table (``doc_id, quote_id, kind, speaker, text``).

    Returns:
        Columns ``doc_id, quote_id, kind, speaker, compound``, in the order
        of ``quotes``. Short fragments (scare quotes) often score 0.

    Examples:
        >>> import pandas as pd
        >>> q = pd.DataFrame({"doc_id": ["d"], "quote_id": [0], "kind": ["full"], "speaker": ["Zelenskiy"],
        ...                   "text": ["a diplomatic resolution would save more lives."]})
        >>> quote_tone(q).values.tolist()
        [['d', 0, 'full', 'Zelenskiy', 0.4939]]
    """
    table = pd.DataFrame(
        {
            "doc_id": quotes["doc_id"].to_numpy(),
            "quote_id": quotes["quote_id"].to_numpy(),
            "kind": quotes["kind"].to_numpy(),
            "speaker": quotes["speaker"].to_numpy(),
            "compound": [polarity(t)["compound"] for t in quotes["text"].astype(str)],
        }
    )
    return table.astype({"doc_id": "string", "quote_id": "int64", "kind": "string", "speaker": "string",
                         "compound": "float64"})


def narration_text(sentence_text: str, *, start: int, spans: Sequence[tuple[int, int]]) -> str:
    """A sentence's words outside the given quote spans, quotation marks removed.

    Args:
        sentence_text: The sentence text.
        start: Its offset in the document.
        spans: Quote spans (document offsets).

    Returns:
        The remaining pieces joined by single spaces.

    Examples:
        >>> narration_text('"We will win," he said.', start=10, spans=[(11, 23)])
        'he said.'
    """
    keep = np.ones(len(sentence_text), dtype=bool)
    for s, e in spans:
        lo, hi = max(0, s - start), min(len(sentence_text), e - start)
        if lo < hi:
            keep[lo:hi] = False
    kept = "".join(ch if k else " " for ch, k in zip(sentence_text, keep))
    return _WHITESPACE.sub(" ", _QUOTE_MARKS.sub(" ", kept)).strip()


def narration_tone(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """VADER tone of the journalist's words: each sentence without its quoted words.

    Sentences whose narration part holds no letter (wholly quoted) are left
    out. Compare with :func:`quote_tone` for the sources' own words.

    Returns:
        Columns ``doc_id, sent_id, text, compound``.

    Examples:
        >>> import pandas as pd
        >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 10],
        ...                   "text": ['"Great."', '"We lost," he said sadly.']})
        >>> q = pd.DataFrame({"doc_id": ["d", "d"], "start": [1, 11], "end": [7, 19]})
        >>> narration_tone(s, q).values.tolist()
        [['d', 1, 'he said sadly.', -0.4215]]
    """
    spans = _merged_spans(quotes)
    rows = []
    for doc_id, sent_id, start, text in zip(sentences["doc_id"].astype(str), sentences["sent_id"],
                                            sentences["start"], sentences["text"].astype(str)):
        q_starts, q_ends = spans.get(doc_id, (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
        rest = narration_text(text, start=int(start), spans=list(zip(q_starts.tolist(), q_ends.tolist())))
        if _LETTER.search(rest):
            rows.append((doc_id, int(sent_id), rest, polarity(rest)["compound"]))
    table = pd.DataFrame(rows, columns=["doc_id", "sent_id", "text", "compound"])
    return table.astype({"doc_id": "string", "sent_id": "int64", "text": "string", "compound": "float64"})
