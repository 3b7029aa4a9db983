"""The few sentences each notebook's page opens with: its results in words, from its own tables.

Pure functions of the tables a notebook has already computed; each returns a
list of sentences for :class:`analysis.report.pages.Findings`. A sentence
names the table it comes from when that helps a reader find the rows, and an
empty table gives a sentence that says so, never a blank.

Examples:
    >>> import pandas as pd
    >>> terms = pd.DataFrame({"term": ["ukraine", "said", "nato"], "count": [20, 11, 9]})
    >>> ttr = pd.DataFrame({"doc_id": ["(corpus)"], "n_tokens": [886], "n_types": [409], "ttr": [0.4616],
    ...                     "hapax": [289]})
    >>> for line in frequency_findings(terms, ttr, top=2):
    ...     print(line)
    Most frequent terms: ukraine (20), said (11).
    Vocabulary: 409 distinct terms in 886 counted tokens (type/token ratio 0.46); 289 occur only once.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analysis.report.messages import actor_labels

__all__ = ["corpus_findings", "frequency_findings", "framing_findings", "compare_findings"]

CORPUS_ROW = "(corpus)"


def _listing(pairs: Sequence[tuple[str, object]]) -> str:
    return ", ".join(f"{name} ({value})" for name, value in pairs)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def corpus_findings(documents: pd.DataFrame, *, group_by=None) -> list[str]:
    """What was read, what cleaning removed, and which dates the corpus has (01).

    Args:
        documents: The document summary (``n_sentences``, ``n_tokens``, ``n_chars``, ``boilerplate_chars``,
            ``n_boilerplate_spans``, ``published``).
        group_by: The grouping column(s), to count documents per group.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "published": ["2024-12-09", None],
        ...                      "n_chars": [900, 100], "boilerplate_chars": [90, 0], "n_boilerplate_spans": [2, 0],
        ...                      "n_sentences": [9, 1], "n_tokens": [180, 20]})
        >>> for line in corpus_findings(docs, group_by="outlet"):
        ...     print(line)
        2 documents: 10 sentences, 200 tokens.
        Cleaning removed 90 of 1,000 characters (9.0%) as publisher boilerplate, in 2 spans.
        Publication dates: 2024-12-09 to 2024-12-09, for 1 of 2 documents.
        Groups by 'outlet': X (1), Y (1).
        >>> corpus_findings(docs.assign(published=None))[2]
        "No document has a publication date ('published'), so nothing is shown over time."
    """
    from analysis.corpus.groups import group_columns, group_labels
    from analysis.corpus.time import document_dates

    n = len(documents)
    lines = [f"{_plural(n, 'document')}: {_plural(int(documents['n_sentences'].sum()), 'sentence')}, "
             f"{_plural(int(documents['n_tokens'].sum()), 'token')}."]
    chars, removed = int(documents["n_chars"].sum()), int(documents["boilerplate_chars"].sum())
    if removed:
        spans = int(documents["n_boilerplate_spans"].sum())
        lines.append(f"Cleaning removed {removed:,} of {chars:,} characters ({100 * removed / chars:.1f}%) as publisher "
                     f"boilerplate, in {_plural(spans, 'span')}.")
    else:
        lines.append("Cleaning removed nothing: no boilerplate rule matched.")
    dates = sorted(d for d in document_dates(documents, strict=False) if d is not None)
    if dates:
        lines.append(f"Publication dates: {dates[0].isoformat()} to {dates[-1].isoformat()}, for {len(dates)} of "
                     f"{n} documents.")
    else:
        lines.append("No document has a publication date ('published'), so nothing is shown over time.")
    columns = group_columns(group_by)
    if columns and all(c in documents.columns for c in columns):
        counts = group_labels(documents, columns).astype(str).value_counts()
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        lines.append(f"Groups by {' | '.join(map(repr, columns))}: {_listing(ordered)}.")
    return lines


def frequency_findings(terms: pd.DataFrame, type_token: pd.DataFrame, *, ngrams: pd.DataFrame | None = None,
                       top: int = 5) -> list[str]:
    """The most frequent terms and phrases, and the size of the vocabulary (02).

    Examples:
        >>> grams = pd.DataFrame({"n": [2, 2, 3], "ngram": ["security guarantees", "peace talks", "a b c"],
        ...                       "count": [4, 3, 2]})
        >>> frequency_findings(pd.DataFrame({"term": [], "count": []}), pd.DataFrame(), ngrams=grams)
        ['No term to count: the bodies are empty after cleaning.', 'Most frequent 2-word phrases: security guarantees (4), peace talks (3); 3-word: a b c (2).']
    """
    lines = []
    if len(terms):
        lines.append(f"Most frequent terms: {_listing(list(zip(terms['term'].head(top), terms['count'].head(top))))}.")
    else:
        lines.append("No term to count: the bodies are empty after cleaning.")
    if ngrams is not None and len(ngrams):
        parts: list[str] = []
        for n, part in ngrams.groupby("n", sort=True):
            pairs = list(zip(part["ngram"].head(min(top, 3)), part["count"].head(min(top, 3))))
            parts.append(f"{n}-word{' phrases' if not parts else ''}: {_listing(pairs)}")
        lines.append("Most frequent " + "; ".join(parts) + ".")
    corpus = type_token[type_token["doc_id"].astype(str) == CORPUS_ROW] if len(type_token) else type_token
    if len(corpus):
        row = corpus.iloc[0]
        lines.append(f"Vocabulary: {int(row['n_types']):,} distinct terms in {int(row['n_tokens']):,} counted tokens "
                     f"(type/token ratio {float(row['ttr']):.2f}); {int(row['hapax']):,} occur only once.")
    return lines


def framing_findings(summary: pd.DataFrame, quotes: pd.DataFrame, frames: pd.DataFrame, *, top: int = 5) -> list[str]:
    """Who is named, who is quoted, and which frame the most sentences evoke (03).

    Args:
        summary: The actor summary (``actor``, ``mentions``), most mentioned first.
        quotes: The quotations (``kind``, ``speaker``).
        frames: Frame shares by document (``doc_id``, ``label``, ``share``), with a ``(corpus)`` row when
            there is more than one document.

    Examples:
        >>> summary = pd.DataFrame({"actor": ["Ukraine", "Jane Roe", "NATO"], "mentions": [25, 12, 0],
        ...                         "source": ["lexicon", "discovered", "lexicon"]})
        >>> quotes = pd.DataFrame({"kind": ["full", "full", "fragment"], "speaker": ["Zelenskiy", "Zelenskiy", ""]})
        >>> frames = pd.DataFrame({"doc_id": ["d", "d"], "label": ["Military conflict", "Diplomacy"],
        ...                        "share": [0.34, 0.31]})
        >>> for line in framing_findings(summary, quotes, frames):
        ...     print(line)
        Most named actors: Ukraine (25), Jane Roe (discovered) (12).
        3 quotations (2 full, 1 fragment); most quoted: Zelenskiy (2).
        The frame evoked by the most sentences: Military conflict (34% of sentences), then Diplomacy (31%).
    """
    lines = []
    named = summary[summary["mentions"] > 0].head(top)
    if len(named):
        lines.append(f"Most named actors: {_listing(list(zip(actor_labels(named), named['mentions'])))}.")
    else:
        lines.append("No actor is named (see actor_candidates for names the actor lexicon lacks).")
    if len(quotes):
        full = int((quotes["kind"] == "full").sum())
        fragments = int((quotes["kind"] == "fragment").sum())
        speakers = quotes["speaker"].fillna("").astype(str)
        counts = speakers[speakers != ""].value_counts()
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
        who = f"; most quoted: {_listing(ordered)}" if ordered else "; no quotation is attributed to a speaker"
        lines.append(f"{_plural(len(quotes), 'quotation')} ({full} full, {_plural(fragments, 'fragment')}){who}.")
    else:
        lines.append("No quotation: no text stands inside quotation marks.")
    ids = frames["doc_id"].astype(str) if len(frames) else pd.Series([], dtype=str)
    corpus = frames[ids == CORPUS_ROW] if (ids == CORPUS_ROW).any() else frames
    corpus = corpus[corpus["share"] > 0].sort_values(["share", "label"], ascending=[False, True], kind="mergesort")
    if len(corpus):
        first = corpus.iloc[0]
        then = f", then {corpus.iloc[1]['label']} ({100 * float(corpus.iloc[1]['share']):.0f}%)" if len(corpus) > 1 else ""
        lines.append(f"The frame evoked by the most sentences: {first['label']} "
                     f"({100 * float(first['share']):.0f}% of sentences){then}.")
    else:
        lines.append("No sentence evokes a frame of the frame dictionary.")
    return lines


def compare_findings(keyness: pd.DataFrame, tone_by_voice: pd.DataFrame, *, top: int = 8) -> list[str]:
    """Key terms against general English and the tone of narration and quotes (04).

    Examples:
        >>> key = pd.DataFrame({"term": ["zelenskiy", "ukraine", "the"], "g2": [251.0, 240.0, -3.0],
        ...                     "reference": "wordfreq:en"})
        >>> voice = pd.DataFrame({"voice": ["narration", "mixed", "quoted"], "n_sentences": [25, 4, 0],
        ...                       "mean_compound": [0.149, 0.486, float("nan")]})
        >>> for line in compare_findings(key, voice):
        ...     print(line)
        Key terms against general English (G²): zelenskiy, ukraine.
        Mean VADER tone: narration +0.15 (25 sentences), mixed +0.49 (4 sentences); no quoted sentence.
    """
    lines = []
    general = keyness[keyness["reference"].astype(str) == "wordfreq:en"] if len(keyness) else keyness
    positive = general[general["g2"] > 0] if len(general) else general
    if len(positive):
        positive = positive.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort").head(top)
    if len(positive):
        lines.append(f"Key terms against general English (G²): {', '.join(positive['term'].astype(str))}.")
    else:
        lines.append("No term is key against general English (none occurs often enough).")
    voiced = tone_by_voice[tone_by_voice["n_sentences"] > 0]
    empty = tone_by_voice[tone_by_voice["n_sentences"] == 0]["voice"].astype(str).tolist()
    parts = [f"{row.voice} {row.mean_compound:+.2f} ({_plural(int(row.n_sentences), 'sentence')})"
             for row in voiced.itertuples(index=False)]
    if parts:
        lack = f"; no {' or '.join(empty)} sentence" if empty else ""
        lines.append(f"Mean VADER tone: {', '.join(parts)}{lack}.")
    return lines
