"""Attribution and evaluative framing: who is reported, with which verb, judged how.

For every sentence of the article body this module finds

* **attributions**: a reporting verb (from ``reporting_verbs.yaml``) used as
  a verb, its speaker, its stance class (neutral, endorsing, distancing,
  concessive, directive, oppositional) and any evaluative or epistemic
  modifier next to it ("Russia *baselessly claims*");
* **nominal evaluations**: a modifier before a reporting noun ("a *baseless*
  claim"), labelled as such;
* **free modifiers**: epistemic or discrediting adverbs and epistemic
  adjectives elsewhere ("the *so-called* referendum", "*allegedly* killed").

``voice`` is ``quoted`` when the cue sits inside a direct quotation (the
source's own words) and ``narration`` when it is in the journalist's words.
An attribution that introduces a direct quote carries that quote's
``quote_id``; the others are paraphrase (indirect speech).

Nouns are not verbs: "territorial claims" and "the claim that" are not
attributions (see :func:`analysis.framing.speakers.is_verb_use`). The method is
rule-based and transparent; it is an indicator to be checked by reading
(every row carries offsets into the raw text), not ground truth.

Examples:
    >>> text = "Putin has also said Kyiv must cede land that Russia baselessly claims as its own."
    >>> mentions = [{"start": 0, "end": 5, "actor": "Vladimir Putin", "actor_type": "person"},
    ...             {"start": 45, "end": 51, "actor": "Russia", "actor_type": "state"}]
    >>> rows = find_attributions(text, doc_id="d", sentences=[(0, len(text))], mentions=mentions, quotes=[])
    >>> [(r["speaker"], r["cue"], r["stance"], r["modifier"], r["voice"]) for r in rows]
    [('Vladimir Putin', 'said', 'neutral', None, 'narration'), ('Russia', 'claims', 'distancing', 'baselessly', 'narration')]
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any, Sequence

import pandas as pd

from analysis.framing.entities import ENTITY_COLUMNS, resolve_speakers
from analysis.framing.lexicons import QUOTE_REACH_WORDS, Modifiers, ReportingVerbs, load_modifiers, load_reporting_verbs
from analysis.tables import records_by_doc, spans_by_doc
from analysis.framing.speakers import (
    DOCUMENT_NOUNS, label_of, clause_subject, is_participle, is_verb_use, last_char, paragraph_window, passive, previous_word,
    resolve_speaker, speaker_candidate, subject_after, subject_before,
)

ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "doc_id", "sent_id", "start", "end", "kind",
    "speaker", "speaker_kind", "speaker_text", "speaker_start", "speaker_end", "speaker_source_start",
    "speaker_source_end", "speaker_rule",
    "cue", "cue_lemma", "cue_start", "cue_end", "stance", "attribution_kind",
    "modifier", "modifier_class", "modifier_start", "modifier_end",
    "voice", "quote_id", "embedded",
)
KINDS: tuple[str, ...] = ("attribution", "nominal_evaluation", "free_modifier")

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*[^\W\d_]|[^\W\d_]|[,;:.!?\"“”()]")
_POSSESSOR = re.compile(r"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)['’]s\s+$")
_FIRST_PERSON = frozenset({"i", "we"})
_FIRST_PERSON_ALL = frozenset({"i", "we", "you"})


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _modifier_at(words, index, modifiers: Modifiers, parts: tuple[str, ...]):
    """Longest modifier starting at ``words[index]``: (modifier, start, end, n_words)."""
    if words[index][0].lower() not in modifiers.first_words:
        return None
    for size in range(modifiers.max_words, 0, -1):
        chunk = words[index : index + size]
        if len(chunk) < size or any(not w[0][:1].isalpha() for w in chunk):
            continue
        modifier = modifiers.lookup(tuple(w[0] for w in chunk))
        if modifier is not None and modifier.part in parts:
            return modifier, chunk[0][1], chunk[-1][2], size
    return None


class _QuoteIndex:
    """Look-ups over a document's quotes that do not scan them all: the first quote (in list order) holding an
    offset, and the first quote introduced by a cue. Quotes sorted by start and disjoint (the output of
    :func:`analysis.framing.quotes.find_quotes`) are bisected; any other list is scanned, as before."""

    def __init__(self, quotes: Sequence[dict[str, Any]]) -> None:
        self.quotes = quotes
        try:
            self.starts = [q["start"] for q in quotes]
            self.ends = [q["end"] for q in quotes]
            self.ordered = all(s <= e for s, e in zip(self.starts, self.ends)) \
                and all(self.ends[i] <= self.starts[i + 1] for i in range(len(quotes) - 1))
        except (KeyError, TypeError):
            self.ordered = False
        self.by_cue: dict[Any, dict[str, Any]] = {}
        self.by_cue_with_speaker: dict[Any, dict[str, Any]] = {}
        for quote in quotes:
            cue_start = quote.get("cue_start")
            if cue_start is None:
                continue  # never equal to a cue offset
            self.by_cue.setdefault(cue_start, quote)
            if quote.get("speaker_start") is not None:
                self.by_cue_with_speaker.setdefault(cue_start, quote)

    def holding(self, position: int) -> dict[str, Any] | None:
        """``next((q for q in quotes if q["start"] <= position < q["end"]), None)``."""
        if not self.ordered:
            return next((q for q in self.quotes if q["start"] <= position < q["end"]), None)
        index = bisect.bisect_right(self.starts, position) - 1
        # sorted and disjoint: only the last quote starting at or before the position can hold it
        if index >= 0 and position < self.ends[index]:
            return self.quotes[index]
        return None

    def introduced_by(self, cue_start: int, *, with_speaker: bool = False) -> dict[str, Any] | None:
        """The first quote whose ``cue_start`` is ``cue_start`` (and, ``with_speaker``, that has a speaker)."""
        return (self.by_cue_with_speaker if with_speaker else self.by_cue).get(cue_start)


class _MentionIndex:
    """The first mention (in list order) inside ``[low, high)``, by bisection when the mentions are sorted by start
    (as :func:`find_attributions` requires) and none ends before it starts; else by a scan."""

    def __init__(self, mentions: Sequence[dict[str, Any]]) -> None:
        self.mentions = mentions
        try:
            self.starts = [m["start"] for m in mentions]
            self.ordered = all(m["start"] <= m["end"] for m in mentions) \
                and all(self.starts[i] <= self.starts[i + 1] for i in range(len(mentions) - 1))
        except (KeyError, TypeError):
            self.ordered = False

    def first_inside(self, low: int, high: int) -> dict[str, Any] | None:
        """``next((m for m in mentions if low <= m["start"] and m["end"] <= high), None)``."""
        if not self.ordered:
            return next((m for m in self.mentions if low <= m["start"] and m["end"] <= high), None)
        index = bisect.bisect_left(self.starts, low)
        # a mention that starts after ``high`` ends after it, and so do all later ones
        while index < len(self.mentions) and self.starts[index] <= high:
            if self.mentions[index]["end"] <= high:
                return self.mentions[index]
            index += 1
        return None


def _empty_row(doc_id: str, sent_id: int, sentence: tuple[int, int], kind: str) -> dict[str, Any]:
    row = {column: None for column in ATTRIBUTION_COLUMNS}
    row["embedded"] = False
    row.update(doc_id=doc_id, sent_id=sent_id, start=sentence[0], end=sentence[1], kind=kind)
    return row


def find_attributions(
    text: str,
    *,
    doc_id: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[dict[str, Any]],
    quotes: Sequence[dict[str, Any]],
    lexicon: Any = None,
    verbs: ReportingVerbs | None = None,
    modifiers: Modifiers | None = None,
) -> list[dict[str, Any]]:
    """Find attributions, nominal evaluations and free modifiers in one document.

    Args:
        text: The raw document text.
        doc_id: Written on every row.
        sentences: Sentence spans of the body, in order (index = ``sent_id``).
        mentions: The document's actor mentions, sorted by ``start``.
        quotes: The document's quotes (dicts with ``quote_id``, ``start``,
            ``end``, ``speaker`` and ``cue_start``).
        lexicon: The actor lexicon (for pronouns and speaker phrases).
        verbs: Reporting verbs; default the project's lexicon.
        modifiers: Evaluative modifiers; default the project's lexicon.

    Returns:
        Rows with :data:`ATTRIBUTION_COLUMNS`, in text order.

    Examples:
        >>> text = "Kyiv rejected Moscow's territorial claims and the claim that it lost."
        >>> find_attributions(text, doc_id="d", sentences=[(0, len(text))], mentions=[], quotes=[])[0]["cue"]
        'rejected'
        >>> len(find_attributions(text, doc_id="d", sentences=[(0, len(text))], mentions=[], quotes=[]))
        1
    """
    verbs = verbs or load_reporting_verbs()
    modifiers = modifiers or load_modifiers()
    rows: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []  # speaker phrases outside the lexicon, for later pronouns
    starts = [s for s, _ in sentences]
    quote_index, mention_index = _QuoteIndex(quotes), _MentionIndex(mentions)
    typewriter = typewriter_quote_spans(text) if "''" in text else []
    for sent_id, sentence in enumerate(sentences):
        used_modifiers: set[int] = set()
        sentence_row = None  # the last attribution of this sentence (participles take its speaker)
        sentence_reports: list[dict[str, Any]] = []  # its speech and writing cues, whose clauses may hold others
        s_start, s_end = sentence
        words = _words(text, s_start, s_end)
        for match in verbs.pattern.finditer(text, s_start, s_end):
            form = re.sub(r"\s+", " ", match.group(0).lower())
            verb = verbs.lookup(form)
            if verb is None or not is_verb_use(
                text, start=match.start(), form=form, ambiguous=verb.ambiguous, lower_bound=s_start
            ):
                continue
            if _declined(text, match.start(), s_start, verb.lemma):
                continue  # "declined to comment", "did not respond": the refusal is the cue, or nothing is reported
            following = [m.group(0).lower() for m in itertools.islice(_WORD.finditer(text, match.end(), s_end), 8)]
            # a verb that introduces a direct quote ('"…," Carson continued.') reports it whatever follows
            introduces = quote_index.introduced_by(match.start()) is not None
            if not introduces and any(word in verb.not_followed_by for word in following[:4]):
                continue
            if not introduces and verb.followed_by and (not following or following[0] not in verb.followed_by) \
                    and previous_word(text, position=match.start(), lower_bound=s_start) not in DOCUMENT_NOUNS:
                continue
            if not introduces and verb.needs_quote and not _quote_follows(text, match.end(), s_end) \
                    and not _naming_complement(text, match.end(), s_end):
                continue
            row = _empty_row(doc_id, sent_id, sentence, "attribution")
            row.update(cue=match.group(0), cue_lemma=verb.lemma, cue_start=match.start(), cue_end=match.end(),
                       stance=verb.stance, attribution_kind=verb.kind)
            _attach_speaker(text, row, sentence, verb.speaker_side, mentions=mentions, quotes=quotes, lexicon=lexicon,
                            found=found, starts=starts, previous_row=sentence_row, quote_index=quote_index,
                            mention_index=mention_index)
            if verb.kind == "thought" and str(row["speaker_text"]).lower() in _FIRST_PERSON_ALL \
                    and quote_index.holding(match.start()) is None:
                continue  # "I think" in narration: an unmarked quote or the author's opinion, not a source's
            if verb.kind == "thought" and not introduces and quote_index.holding(match.start()) is not None:
                continue  # '"Ukraine wants this war to end," he said': a stance inside the quoted claim, not a report
            if not introduces and verb.kind in ("thought", "writing") \
                    and (row["speaker_rule"] == "participle" or last_char(text, s_start, match.start()) == ",") \
                    and is_participle(text, match.start(), match.end(), s_start):
                continue  # "…, seeking to win", "…, showing strength": the subject's aim or manner, not a report
            # "Rubio said he supports …": the position is part of what "said" reports (a second-hand report)
            row["embedded"] = _inside_report(text, row, sentence_reports, s_start) or (
                # "criticized Trump for saying …", "accused of lying": the gerund is what the earlier cue judges
                bool(sentence_reports) and form.endswith("ing")
                and previous_word(text, position=match.start(), lower_bound=s_start) in _JUDGED_GERUND)
            _attach_modifier(text, row, words, match, modifiers, used_modifiers)
            _attach_voice(row, quotes, quote_index, typewriter)
            rows.append(row)
            sentence_row = row
            if verb.kind != "according_to" and row["voice"] == "narration":
                sentence_reports.append(row)
        rows += _in_source_cues(text, doc_id, sent_id, sentence, quote_index, typewriter)
        rows += _nominal_and_free(text, doc_id, sent_id, sentence, words, verbs, modifiers, used_modifiers, quotes,
                                  quote_index)
    rows += _punctuation_cues(doc_id, sentences, starts, quotes, verbs)
    rows += _label_colons(text, doc_id, sentences, quotes, mentions=mentions, lexicon=lexicon, found=found)
    rows.sort(key=lambda r: (r["start"], r["cue_start"] if r["cue_start"] is not None else r["modifier_start"]))
    _resolve_entities(text, rows, quotes, mentions=mentions, lexicon=lexicon, sentences=sentences)
    return rows


def _resolve_entities(text, rows, quotes, *, mentions, lexicon, sentences) -> None:
    """Speakers as entities (:mod:`analysis.framing.entities`): a row that introduces a quote takes the quote's."""
    by_id = {q["quote_id"]: q for q in quotes if q.get("speaker_kind") is not None}
    own = []
    for row in rows:
        quote = by_id.get(row.get("quote_id"))
        if quote is not None and quote.get("speaker_start") == row.get("speaker_start"):
            for column in ("speaker", *ENTITY_COLUMNS):
                row[column] = quote.get(column)
        elif row["kind"] == "attribution" or row.get("speaker_start") is not None:
            own.append(row)
    spans = [(int(q["start"]) - 1, int(q["end"]) + 1) for q in quotes]
    resolve_speakers(text, own, mentions=mentions, quote_spans=spans, lexicon=lexicon, quotes=quotes,
                     regions=list(sentences) if sentences else None)


_REFUSALS = frozenset({"declined", "declines", "declining", "decline", "refused", "refuses", "refusing", "refuse"})
_NEGATIONS = frozenset({"not", "never", "n't", "didn't", "didn’t", "hasn't", "hasn’t", "haven't", "haven’t"})
#: Verbs that report nothing when negated: a non-answer has no content ("did not respond to requests").
_ANSWER_VERBS = frozenset({"respond", "comment", "reply", "answer", "return"})
_DIGITS = re.compile(r"\d[\d,.]*\s*$")


def _declined(text: str, start: int, lower: int, lemma: str) -> bool:
    """A cue that reports no act of its own: the infinitive after "declined to"/"refused to" (the refusal is the
    cue), a negated answer verb ("did not respond", "would not comment"), or a participle used as an adjective
    after a number ("300 pledged delegates").

    Examples:
        >>> t = "A spokesman declined to comment."
        >>> _declined(t, t.index("comment"), 0, "comment")
        True
        >>> t = "The campaign did not respond to requests."
        >>> _declined(t, t.index("respond"), 0, "respond")
        True
        >>> t = "The campaign responded to the report."
        >>> _declined(t, t.index("responded"), 0, "respond")
        False
        >>> t = "Clinton led by 300 pledged delegates."
        >>> _declined(t, t.index("pledged"), 0, "pledge")
        True
    """
    words = [w.lower() for w in _WORD.findall(text, max(lower, start - 30), start)]
    if len(words) >= 2 and words[-1] == "to" and words[-2] in _REFUSALS:
        return True
    if lemma in _ANSWER_VERBS and words and (words[-1] in _NEGATIONS or words[-1].endswith(("n't", "n’t"))):
        return True
    return _DIGITS.search(text, max(lower, start - 20), start) is not None and text[start:start + 12].split()[0].endswith("ed")


#: Words that open a subordinate clause: a cue after one does not govern the main clause
#: ("After Trump announced his run, Ferrera wrote …").
_SUBORDINATORS = frozenset({"after", "when", "while", "as", "if", "before", "since", "because", "although", "though",
                            "once", "until", "whether", "unless", "whereas", "where", "asked", "speaking", "responding"})
#: What starts a new clause between two cues: "X said A, and they say B" reports twice.
_NEW_CLAUSE = re.compile(r"[;\"“”«»]|''|(?-i:(?<![A-Z])(?<!Mr|Ms|Dr|St|Jr|Sr)(?<!Mrs|Rep|Sen|Gov|Gen|Sgt)\.\s+[A-Z]|[!?]\s+[A-Z])|,\s*(?:and|but|while|as|though|although|whereas|yet|so)\b|\s(?:and|but)\s+(?:then\s+)?"
                         r"(?:he|she|they|it|we|i)\b", re.IGNORECASE)
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_MAX_REPORTS = 4  # earlier cues of the sentence that may govern a later one
_MAX_REPORT_GAP = 400  # characters between an earlier cue and a later speaker in its reported clause
#: Prepositions whose gerund is the content of a judgment ("blamed for saying", "accused of lying").
_JUDGED_GERUND = frozenset({"for", "of", "about", "without"})


def _inside_report(text: str, row: dict[str, Any], reports: Sequence[dict[str, Any]], sentence_start: int) -> bool:
    """Does a cue sit in the reported clause of an earlier cue of its sentence (a report embedded in a report)?

    It does when its speaker follows that earlier cue, in the same clause ("Rubio said [he] supports …",
    "Judicial Watch said that [she] said …"). It does not when it shares the earlier cue's subject ("Rubio said and
    believes", "…, saying he hopes": the speaker comes first), when a new clause starts in between ("his
    advisers say A, and they say B"), when the earlier cue sits in a subordinate or participle clause ("Asked
    about it, Carson said …", "After Trump announced his run, Ferrera wrote …"), or when the speaker is a relative
    pronoun ("Trump, who has pledged …").

    Examples:
        >>> t = "Rubio said he supports the bill."
        >>> said = {"cue_start": 6, "cue_end": 10, "speaker_start": 0}
        >>> _inside_report(t, {"speaker_start": 11, "speaker_text": "he", "cue_start": 14}, [said], 0)
        True
        >>> t = "Rubio said no, and he supports the bill."
        >>> _inside_report(t, {"speaker_start": 19, "speaker_text": "he", "cue_start": 22}, [said], 0)
        False
        >>> t = "After Rubio spoke, Cruz said no."
        >>> spoke = {"cue_start": 12, "cue_end": 17, "speaker_start": 6}
        >>> _inside_report(t, {"speaker_start": 19, "speaker_text": "Cruz", "cue_start": 24}, [spoke], 0)
        False
    """
    if not reports or row["speaker_start"] is None or str(row.get("speaker_text") or "").lower() in _RELATIVE \
            or row.get("attribution_kind") == "according_to":
        return False
    position = row["speaker_start"]
    before = text[max(sentence_start, position - 12) : position].rstrip()
    last = before.split()[-1].lower() if before.split() else ""
    if before.endswith((",", "—", "(")) or last in ("which", "who", "whom") or last in _SUBORDINATORS \
            or last in ("and", "but", "then", "because", "so"):
        # a parenthetical or post-posed report ("…, he said, …"), a relative clause ("which X said"), or a clause
        # of its own ("… as he defended", "because he thought")
        return False
    for report in reports[-_MAX_REPORTS:]:  # the last few cues, within a clause's reach: constant work per cue
        if report["cue_end"] > position or position - report["cue_end"] > _MAX_REPORT_GAP \
                or report.get("speaker_start") is None or report["speaker_start"] > report["cue_start"]:
            continue  # not before the speaker, or an inverted or participle cue ("Asked …, X said")
        if _NEW_CLAUSE.search(text, report["cue_end"], position + 1):  # (a sentence break ends before a capital)
            continue
        opener = _WORD.search(text, _clause_start(text, sentence_start, report["speaker_start"]), report["cue_start"])
        if opener is not None and opener.group(0).lower() in _SUBORDINATORS:
            continue
        return True
    return False


def _clause_start(text: str, sentence_start: int, position: int) -> int:
    """The start of the clause holding ``position``: after the last comma or dash before it in the sentence
    (looked for within ``_MAX_REPORT_GAP`` characters, so that a cue costs the same in a very long sentence)."""
    low = max(sentence_start, position - _MAX_REPORT_GAP)
    cut = max(text.rfind(",", low, position), text.rfind("—", low, position), text.rfind(" -- ", low, position))
    return cut + 1 if cut >= 0 else low


#: "In a CNN poll, …", "a lead in the polls", "in Forbes' words": a poll or somebody's words as the source,
#: "in" as the cue (PolNeAR's guidelines count such prepositional sources as attribution, as "according to").
_IN_SOURCE = re.compile(
    r"(?P<cue>[Ii]n)\s+(?P<source>(?:(?!(?:to|at|for|of|and|or|by|with|from)\s)[\w.'’/&%-]+\s+){0,6}?"
    r"(?:polls?|surveys?|(?:\w+['’]s?|his|her|their|its)\s+words))\b"
)


_IN_WORDS = re.compile(r".{0,200}?\b(?=[Ii]n\s+(?:\w+['’]s?|his|her|their|its)\s+words\b)")


def _in_source_cues(text, doc_id, sent_id, sentence, quote_index, typewriter) -> list[dict[str, Any]]:
    """Attributions to a poll, survey or somebody's words introduced by "in" ("In a CNN poll released Monday,
    52 percent …"; "Trump leads in the polls"; "in Forbes' words, …"). The source is the noun phrase after "in".

    Examples:
        >>> t = "In a CNN poll released Monday, Clinton led."
        >>> [(r["cue"], r["speaker_text"]) for r in _in_source_cues(t, "d", 0, (0, len(t)), _QuoteIndex([]), [])]
        [('In', 'a CNN poll')]
        >>> t = "Voters in Ohio head to the polls."
        >>> _in_source_cues(t, "d", 0, (0, len(t)), _QuoteIndex([]), [])
        []
        >>> t = "She worked in a polling station in Ohio."
        >>> _in_source_cues(t, "d", 0, (0, len(t)), _QuoteIndex([]), [])
        []
    """
    match = _IN_SOURCE.match(text, sentence[0], sentence[1])  # the adverbial opens its sentence
    if match is None:
        words_at = _IN_WORDS.match(text, sentence[0], sentence[1])  # "in Forbes' words" anywhere
        match = _IN_SOURCE.match(text, words_at.end(), sentence[1]) if words_at is not None else None
    if match is None:
        return []
    row = _empty_row(doc_id, sent_id, sentence, "attribution")
    row.update(cue=match.group("cue"), cue_lemma="in", cue_start=match.start("cue"), cue_end=match.end("cue"),
               stance="neutral", attribution_kind="according_to", speaker=match.group("source"),
               speaker_text=match.group("source"), speaker_start=match.start("source"),
               speaker_end=match.end("source"), speaker_rule="in_source")
    _attach_voice(row, [], quote_index, typewriter)
    return [row]


def _punctuation_cues(doc_id, sentences, starts, quotes, verbs: ReportingVerbs | None = None) -> list[dict[str, Any]]:
    """Attributions whose cue is not a verb, taken from the quotes they introduce: a label colon ('Jeffrey M.
    Jones: "…"'), a signature dash ('"…" — Sonya Herridge') or a speech-act noun with its possessor ('Trump's
    claim that there have been "…"', whose stance is the noun's)."""
    import bisect

    rows = []
    for quote in quotes:
        if quote.get("attribution_rule") not in ("label_colon", "signature", "transcript_label", "possessor_noun") \
                or quote.get("cue_start") is None:
            continue
        if not sentences:
            break
        index = max(0, bisect.bisect_right(starts, quote["cue_start"]) - 1)  # the sentence the cue is in or after
        row = _empty_row(doc_id, index, sentences[index], "attribution")
        row.update(cue=quote["cue"], cue_lemma=quote["cue_lemma"], cue_start=quote["cue_start"], cue_end=quote["cue_end"],
                   stance=_noun_stance(verbs, quote["cue"]), attribution_kind=quote.get("attribution_kind") or "speech",
                   speaker=quote["speaker"], speaker_text=quote["speaker_text"], speaker_start=quote["speaker_start"],
                   speaker_end=quote["speaker_end"], speaker_rule="quote_" + quote["attribution_rule"],
                   voice="narration", quote_id=quote["quote_id"])
        rows.append(row)
    return rows


def _noun_stance(verbs: ReportingVerbs | None, cue: str) -> str:
    """The stance of a speech-act noun ("claim": distancing); punctuation and unknown words are neutral."""
    verb = verbs.noun(str(cue).lower()) if verbs is not None else None
    return verb.stance if verb is not None else "neutral"


def _label_colons(text, doc_id, sentences, quotes, *, mentions, lexicon, found) -> list[dict[str, Any]]:
    """Attributions whose cue is the colon after a label that opens a sentence: a headline's source
    ("Poll: Trump leads in Ohio") or a speaker in a transcript ("MATTHEWS: Well, …"). The quotes that already
    took such a colon as their cue (rule ``label_colon``) are left to :func:`_punctuation_cues`.

    Examples:
        >>> t = "Poll: Trump leads in Ohio. Related: More news. At 10:30 a.m. he spoke."
        >>> rows = _label_colons(t, "d", [(0, 26), (27, 45), (46, 71)], [], mentions=[], lexicon=None, found=[])
        >>> [(r["speaker_text"], r["cue"], r["speaker_rule"]) for r in rows]
        [('Poll', ':', 'label_colon')]
    """
    used = {q.get("cue_start") for q in quotes if q.get("cue") == ":"}
    quote_index = _QuoteIndex(quotes)
    rows = []
    for sent_id, (s_start, s_end) in enumerate(sentences):
        match = label_of(text, s_start, s_end)
        if match is None or match.start("colon") in used or quote_index.holding(match.start("colon")) is not None:
            continue
        label = match.group("label")
        row = _empty_row(doc_id, sent_id, (s_start, s_end), "attribution")
        row.update(cue=":", cue_lemma=":", cue_start=match.start("colon"), cue_end=match.end("colon"),
                   stance="neutral", attribution_kind="speech", speaker_text=label, speaker_start=match.start("label"),
                   speaker_end=match.end("label"), speaker_rule="label_colon", voice="narration")
        row["speaker"], _ = resolve_speaker(label, start=match.start("label"), end=match.end("label"), mentions=mentions,
                                            lexicon=lexicon, text=text, extra=found or ())
        rows.append(row)
    return rows


_QUOTE_OPEN = re.compile(r"[\"“«]|''")
_ANY_MARK = re.compile(r"[\"“”«»]")


_OBJECT = re.compile(
    r"\s+(?:it|him|her|them|this|that|himself|herself|themselves|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}|"
    r"(?:the|his|her|their|its|this|that|these|those)\s+[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?)"
    r"\s+(?:(?:a|an)\s+[a-z]|(?:\w+ly\s+)?[a-z]+(?:ous|ful|ible|able|ive|ic|ent|ant|ated|less|ist|ism)\b)"
)


def _naming_complement(text: str, position: int, limit: int) -> bool:
    """A verb of naming with an object and a predicate ("called Trump a liar", "called the charges
    unsubstantiated", "called it dangerous"), the frame of Levin's characterize verbs (29.2) without
    quotation marks; "called Biden on the phone" has none.

    Examples:
        >>> t = " Trump a liar."
        >>> _naming_complement(t, 0, len(t)), _naming_complement(" Biden on the phone.", 0, 20)
        (True, False)
        >>> t = " the charges unsubstantiated and false."
        >>> _naming_complement(t, 0, len(t))
        True
    """
    return _OBJECT.match(text, position, limit) is not None


def _quote_follows(text: str, position: int, limit: int) -> bool:
    """A quotation opens within :data:`QUOTE_REACH_WORDS` words after ``position`` ("called the talks "good"")."""
    match = _QUOTE_OPEN.search(text, position, limit)
    return match is not None and len(_WORD.findall(text, position, match.start())) <= QUOTE_REACH_WORDS


def _attach_speaker(text, row, sentence, side, *, mentions, quotes, lexicon, found=None, starts=None,
                    previous_row=None, quote_index=None, mention_index=None) -> None:
    """Find the speaker of a cue: the quote it introduces, the subject, the clause subject, or inverted."""
    s_start, s_end = sentence
    cue_start, cue_end = row["cue_start"], row["cue_end"]
    quote_index = quote_index or _QuoteIndex(quotes)
    introducing = quote_index.introduced_by(cue_start, with_speaker=True)
    if introducing is not None and not str(introducing.get("attribution_rule") or "").startswith(("continuation", "interrupted")):
        row.update(speaker=introducing["speaker"], speaker_text=introducing["speaker_text"],
                   speaker_start=introducing["speaker_start"], speaker_end=introducing["speaker_end"],
                   speaker_rule="quote_" + str(introducing.get("attribution_rule")))
        return
    result, rule = None, None
    head = text[s_start:cue_start].rstrip()
    if side == "none":
        return  # "reportedly": hearsay with no named source
    if side == "right":
        result, rule = subject_after(text, position=cue_end, upper_bound=s_end, loose=True), "according_to"
    elif passive(text, cue_start=cue_start, cue_end=cue_end, lower=s_start, upper=s_end)[0]:
        # "Trump was criticized by X": the speaker is the agent, if any; the subject is not
        result, rule = passive(text, cue_start=cue_start, cue_end=cue_end, lower=s_start, upper=s_end)[1], "passive_agent"
    else:
        participle = is_participle(text, cue_start, cue_end, s_start)
        # the word before a participle is its object, not its subject ("… to Adelson, telling Reuters")
        result, rule = (None if participle else subject_before(text, position=cue_start, lower_bound=s_start)), "subject"
        previous = previous_word(text, position=cue_start, lower_bound=s_start)
        if result is None and (participle or previous in ("and", "but", "then")) and previous_row is not None \
                and previous_row.get("speaker_start") is not None:
            row.update(speaker=previous_row["speaker"], speaker_text=previous_row["speaker_text"],
                       speaker_start=previous_row["speaker_start"], speaker_end=previous_row["speaker_end"],
                       speaker_rule="participle")
            return
        if result is None and (previous in ("and", "but", "then", "to") or participle):
            result, rule = clause_subject(text, start=s_start, position=cue_start), "coordinated"
            if result is None:
                first = (mention_index or _MentionIndex(mentions)).first_inside(s_start, cue_start)
                if first is not None:
                    result = (text[first["start"] : first["end"]], first["start"], first["end"])
        if result is None and head.endswith((",", '"', "”", "''")):
            result, rule = subject_after(text, position=cue_end, upper_bound=s_end), "inverted"
        elif result is None and head:
            last_mark = max((m.end() for m in _ANY_MARK.finditer(text, s_start, cue_start)), default=s_start)
            result, rule = clause_subject(text, start=last_mark, position=cue_start), "clause_subject"
    if result is None:
        return
    phrase, start, end = result
    row.update(speaker_text=phrase, speaker_start=start, speaker_end=end, speaker_rule=rule)
    inside = quote_index.holding(start)
    if phrase.lower() in _FIRST_PERSON and inside is not None and inside.get("speaker"):
        row["speaker"], row["speaker_rule"] = inside["speaker"], "first_person_in_quote"
        return
    row["speaker"], how = resolve_speaker(
        phrase, start=start, end=end, mentions=mentions, lexicon=lexicon, window_start=paragraph_window(text, start, starts),
        text=text, extra=found or (),
    )
    if how in ("pronoun", "relative"):
        row["speaker_rule"] = f"{rule}_{how}" if rule != "subject" else how
    candidate = speaker_candidate(phrase, start, end, row["speaker"], how)
    if candidate is not None and found is not None:
        found.append(candidate)


def _attach_modifier(text, row, words, match, modifiers: Modifiers, used: set[int]) -> None:
    """A modifier between speaker and cue, or within three words after the cue."""
    left_limit = row["speaker_end"] if row["speaker_end"] is not None else match.start() - 40
    # words are in text order: find the ranges by bisection, so one long sentence stays linear in its cues
    first = bisect.bisect_left(words, left_limit, key=lambda w: w[1])
    candidates = []
    for index in range(first, len(words)):
        _word, w_start, w_end = words[index]
        if w_start >= match.start():
            break
        if w_end <= match.start():
            candidates.append(index)
    skipped_commas = []
    for index in range(bisect.bisect_left(words, match.end(), key=lambda w: w[1]), len(words)):
        if words[index][0] != ",":
            skipped_commas.append(index)
            if len(skipped_commas) == 3:
                break
    for index in candidates + skipped_commas:
        hit = _modifier_at(words, index, modifiers, ("adverb", "phrase"))
        if hit is not None:
            modifier, m_start, m_end, _ = hit
            row.update(modifier=text[m_start:m_end], modifier_class=modifier.modifier_class,
                       modifier_start=m_start, modifier_end=m_end)
            used.add(m_start)
            return


_TYPEWRITER = re.compile(r"''")


def typewriter_quote_spans(text: str) -> list[tuple[int, int]]:
    r"""Spans between typewriter double quotes (``''…''``, the NYT archive's rendering of “…”), paired within a line.

    They are not in the quote table (their marks are apostrophes), but a reporting verb between them is the quoted
    speaker's, not the narrator's.

    Examples:
        >>> t = "''He said no,'' she said.\nThe students'' rooms."
        >>> typewriter_quote_spans(t)
        [(2, 13)]
    """
    spans = []
    line_start = 0
    open_at = None
    for match in _TYPEWRITER.finditer(text):
        position = match.start()
        newline = text.rfind("\n", line_start, position)
        if newline >= 0:
            line_start, open_at = newline + 1, None  # a quote never runs past its line
        before = text[position - 1] if position > 0 else "\n"
        if open_at is None:
            if before.isspace() or before in "([—–-":
                open_at = match.end()
        else:
            spans.append((open_at, position))
            open_at = None
    return spans


def _attach_voice(row, quotes, quote_index=None, typewriter=None) -> None:
    quote_index = quote_index or _QuoteIndex(quotes)
    inside = quote_index.holding(row["cue_start"])
    if inside is None and typewriter:
        index = bisect.bisect_right(typewriter, (row["cue_start"], float("inf"))) - 1
        if index >= 0 and typewriter[index][0] <= row["cue_start"] < typewriter[index][1]:
            inside = typewriter[index]
    row["voice"] = "quoted" if inside is not None else "narration"
    introducing = quote_index.introduced_by(row["cue_start"])
    if introducing is not None:
        row["quote_id"] = introducing["quote_id"]


def _nominal_and_free(text, doc_id, sent_id, sentence, words, verbs, modifiers, used, quotes,
                      quote_index=None) -> list[dict]:
    quote_index = quote_index or _QuoteIndex(quotes)
    rows = []
    index = 0
    while index < len(words):
        hit = _modifier_at(words, index, modifiers, ("adverb", "adjective", "phrase"))
        if hit is None:
            index += 1
            continue
        modifier, m_start, m_end, size = hit
        index += size
        if m_start in used:
            continue
        noun = None
        for word, w_start, w_end in words[index : index + 2]:
            if verbs.noun(word) is not None:
                noun = (word, w_start, w_end)
                break
            if not word[:1].isalpha():
                break
        if noun is None and (modifier.part == "adjective" and modifier.modifier_class == "discrediting"):
            continue  # "false", "dubious" alone are too common to report without a reporting noun
        row = _empty_row(doc_id, sent_id, sentence, "nominal_evaluation" if noun else "free_modifier")
        row.update(modifier=text[m_start:m_end], modifier_class=modifier.modifier_class,
                   modifier_start=m_start, modifier_end=m_end)
        if noun is not None:
            verb = verbs.noun(noun[0])
            row.update(cue=noun[0], cue_lemma=verb.lemma, cue_start=noun[1], cue_end=noun[2], stance=verb.stance)
            owner = _POSSESSOR.search(text, sentence[0], m_start)
            if owner is not None:
                row.update(speaker=owner.group(1), speaker_text=owner.group(1), speaker_start=owner.start(1),
                           speaker_end=owner.end(1), speaker_rule="possessor")
        position = row["cue_start"] if row["cue_start"] is not None else m_start
        row["voice"] = "quoted" if quote_index.holding(position) is not None else "narration"
        rows.append(row)
    return rows


def attribution_table(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    lexicon: Any = None,
    verbs: ReportingVerbs | None = None,
    modifiers: Modifiers | None = None,
) -> pd.DataFrame:
    """Run :func:`find_attributions` over a corpus.

    Returns:
        The attribution table (:data:`ATTRIBUTION_COLUMNS`).
    """
    by_doc_mentions = records_by_doc(mentions.sort_values(["doc_id", "start"], kind="mergesort"))
    by_doc_quotes = records_by_doc(quotes)
    by_doc_sents = spans_by_doc(sentences)
    rows: list[dict[str, Any]] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        rows += find_attributions(
            text, doc_id=doc_id, sentences=by_doc_sents.get(doc_id, []), mentions=by_doc_mentions.get(doc_id, []),
            quotes=by_doc_quotes.get(doc_id, []),
            lexicon=lexicon, verbs=verbs, modifiers=modifiers,
        )
    table = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    ints = {"sent_id": "int64", "start": "int64", "end": "int64"}
    optional = {c: "Int64" for c in ("speaker_start", "speaker_end", "speaker_source_start", "speaker_source_end", "cue_start", "cue_end", "modifier_start",
                                      "modifier_end", "quote_id")}
    table = table.astype(ints | optional)
    table["embedded"] = table["embedded"].fillna(False).astype(bool)
    for column in ATTRIBUTION_COLUMNS:
        if column not in ints and column not in optional and column != "embedded":
            table[column] = table[column].astype("string")
    return table


#: The ``actor`` row of the who-is-quoted tables that counts the speakers no entity could be given for.
UNRESOLVED_SPEAKER = "(speaker unresolved)"


def entity_speakers(table: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """``table`` with ``speaker`` as counted by the who-is-quoted tables: one name per entity, unresolved apart.

    Rows whose ``speaker_kind`` is ``unresolved`` count as :data:`UNRESOLVED_SPEAKER`
    (never as an actor called "he"); person names known only by a surname take the
    table's one fuller name (:func:`analysis.framing.entities.corpus_names`);
    lexicon actors (the ``actor`` values of ``mentions``) keep their names.

    Examples:
        >>> t = pd.DataFrame({"speaker": ["Rove", "Karl Rove", None], "speaker_kind": ["person", "person", "unresolved"]})
        >>> entity_speakers(t)["speaker"].tolist()
        ['Karl Rove', 'Karl Rove', '(speaker unresolved)']
    """
    from analysis.framing.entities import corpus_names

    if "speaker_kind" not in table.columns or table.empty:
        return table
    keep = set(mentions["actor"].dropna().astype(str)) if mentions is not None and "actor" in mentions.columns else set()
    kinds = [None if pd.isna(k) else str(k) for k in table["speaker_kind"]]
    speakers = [None if pd.isna(v) else str(v) for v in table["speaker"]]
    mapping = corpus_names(zip(speakers, kinds), keep=keep)
    out = table.copy()
    out["speaker"] = [UNRESOLVED_SPEAKER if k == "unresolved" else (mapping.get(s, s) if isinstance(s, str) else s)
                      for s, k in zip(speakers, kinds)]
    return out


#: Values of the ``source`` column of the actor summary: a lexicon actor, a person or other speaker that entity
#: resolution found in the text, or the row of unresolved speakers.
ACTOR_SOURCES: tuple[str, ...] = ("lexicon", "discovered", "unresolved")
#: Columns of the discovered-people mention table (:func:`discovered_mentions`).
DISCOVERED_COLUMNS: tuple[str, ...] = ("doc_id", "actor", "start", "end", "how")


def discovered_mentions(documents: pd.DataFrame, mentions: pd.DataFrame, quotes: pd.DataFrame,
                        attributions: pd.DataFrame, *, body: dict[str, list[tuple[int, int]]] | None = None,
                        lexicon: Any = None) -> pd.DataFrame:
    """Mentions of the people entity resolution discovers, per article: the same people as the speakers.

    For each article, :class:`analysis.framing.entities.ArticleEntities` is built as
    the speaker resolution builds it (the lexicon mentions, the quotations, the
    speaker phrases of the quote and attribution rows, the article body), and
    each of its person mentions that is not a lexicon mention is a row: a full
    name (``how`` ``name``), a title and surname (``title``) or a surname alone
    linked to the article's person (``surname``, or ``title`` for a speaker
    phrase). Only people the article names in full or with a title count: a
    capitalised word that only ever speaks ("Labour said", "Critics say") stays a
    speaker with no mentions. Pronouns are never mentions.
    A discovered name that the actor lexicon resolves (its name or an alias) is
    that lexicon actor: the row carries the lexicon name.

    Returns:
        :data:`DISCOVERED_COLUMNS`; ``raw[start:end]`` is the mention.

    Examples:
        >>> text = "Jane Moreau spoke. Later Moreau left. She said no."
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
        >>> none = pd.DataFrame({"doc_id": [], "start": [], "end": [], "actor": []})
        >>> found = discovered_mentions(docs, none, none, none)
        >>> found[["actor", "how"]].values.tolist()
        [['Jane Moreau', 'name'], ['Jane Moreau', 'surname']]
        >>> [text[s:e] for s, e in zip(found["start"], found["end"])]
        ['Jane Moreau', 'Moreau']
    """
    from analysis.framing.entities import ArticleEntities

    def by_doc(table: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
        return records_by_doc(table) if len(table) else {}

    lexicon_by_doc, quotes_by_doc, rows_by_doc = by_doc(mentions), by_doc(quotes), by_doc(attributions)
    to_lexicon: dict[str, str] = {}
    out: list[tuple[str, str, int, int, str]] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        doc_id, text = str(doc_id), str(text)
        doc_quotes = quotes_by_doc.get(doc_id, [])
        speakers = [(int(r["speaker_start"]), int(r["speaker_end"])) for r in doc_quotes + rows_by_doc.get(doc_id, [])
                    if r.get("speaker_start") is not None and r.get("speaker_end") is not None]
        entities = ArticleEntities(text, mentions=lexicon_by_doc.get(doc_id, []),
                                   quote_spans=[(int(q["start"]) - 1, int(q["end"]) + 1) for q in doc_quotes],
                                   lexicon=lexicon, speaker_spans=speakers,
                                   regions=body.get(doc_id) if body is not None else None)
        people = [m for m in entities.mentions if m.kind == "person" and m.how != "lexicon"]
        # a person the article names in full or with a title; a capitalised word that only ever speaks
        # ("Labour said", "Critics say") stays a speaker and is never counted as a person's mention
        named = {m.entity for m in people if m.how == "name" or _titled(text[m.start:m.end])}
        for m in people:
            if m.entity not in named:
                continue
            if m.entity not in to_lexicon:
                to_lexicon[m.entity] = _lexicon_actor(lexicon, m.entity) or m.entity
            out.append((doc_id, to_lexicon[m.entity], m.start, m.end, m.how))
    table = pd.DataFrame(out, columns=list(DISCOVERED_COLUMNS))
    return table.astype({"doc_id": "string", "actor": "string", "start": "int64", "end": "int64", "how": "string"})


def _titled(phrase: str) -> bool:
    """True when a name phrase opens with a personal title ("Ms. Lindqvist", "Mr Blair")."""
    from analysis.framing.entities import TITLE_GENDER

    words = phrase.split()
    return len(words) > 1 and words[0].rstrip(".") in TITLE_GENDER


def _lexicon_actor(lexicon: Any, name: str) -> str | None:
    """The lexicon actor whose name or alias is the whole of ``name``, or ``None`` (an alias "Rove" does not make
    "Jane Rove" that actor)."""
    if lexicon is None:
        return None
    from analysis.framing.actors import _match_span

    found = _match_span(name, 0, len(name), lexicon=lexicon, metonyms="map")
    whole = [m for m in found if m[0] == 0 and m[1] == len(name)]
    return whole[0][2].name if whole else None


def merge_actor_names(summary: pd.DataFrame) -> pd.DataFrame:
    """Sum the rows of an actor summary whose actor names one person ("Rove" into "Karl Rove").

    Used when per-partition summaries are reduced: a surname-only name takes the one
    fuller name of the whole corpus; lexicon actors (``source`` ``lexicon``, or without
    that column the actors with mentions) keep their names. A ``source`` column is
    kept: ``lexicon`` when any merged row was, else the first row's.

    Examples:
        >>> s = pd.DataFrame({"actor": ["Rove", "Karl Rove", "Russia"], "mentions": [0, 0, 3], "direct_quotes": [1, 2, 0]})
        >>> merge_actor_names(s).values.tolist()
        [['Karl Rove', 0, 3], ['Russia', 3, 0]]
        >>> s = pd.DataFrame({"actor": ["Rove", "Karl Rove", "Russia"], "mentions": [4, 2, 3],
        ...                   "source": ["discovered", "discovered", "lexicon"]})
        >>> merge_actor_names(s).values.tolist()
        [['Karl Rove', 6, 'discovered'], ['Russia', 3, 'lexicon']]
    """
    from analysis.framing.entities import corpus_names

    if summary.empty:
        return summary
    names = summary["actor"].astype(str)
    if "source" in summary.columns:
        keep = set(names[summary["source"].astype(str) != "discovered"])
    else:
        keep = set(names[summary["mentions"] > 0]) | {UNRESOLVED_SPEAKER} if "mentions" in summary.columns else set()
    mapping = corpus_names(((n, "person") for n in names), keep=keep)
    if not mapping and not names.duplicated().any():
        return summary
    merged = summary.assign(actor=[mapping.get(n, n) for n in names])
    values = [c for c in merged.columns if c not in ("actor", "source")]
    table = merged.groupby("actor", sort=True)[values].sum().reset_index()
    if "source" in summary.columns:
        sources: dict[str, str] = {}
        for actor, source in zip(merged["actor"], merged["source"].astype(str)):
            sources[actor] = "lexicon" if "lexicon" in (source, sources.get(actor)) else sources.get(actor, source)
        table["source"] = [sources[a] for a in table["actor"]]
        table = table[["actor", *values, "source"]]
    return table


def actor_voice_summary(attributions: pd.DataFrame, quotes: pd.DataFrame, mentions: pd.DataFrame,
                        discovered: pd.DataFrame | None = None, *, lexicon: Any = None) -> pd.DataFrame:
    """Per actor: mentions, attributions by stance, direct quotes, direct-voice share and where the actor comes from.

    Speakers are entities (:func:`entity_speakers`): the row
    :data:`UNRESOLVED_SPEAKER` counts the attributions and quotes whose speaker
    could not be resolved (a pronoun with no antecedent, an anonymous source).
    ``mentions`` counts the lexicon mentions and, for the people entity
    resolution discovers, their rows of ``discovered`` (:func:`discovered_mentions`).
    ``source`` (:data:`ACTOR_SOURCES`) is ``lexicon`` for an actor of the
    lexicon (of ``lexicon``, or without it one with a row in ``mentions``),
    ``unresolved`` for :data:`UNRESOLVED_SPEAKER` and ``discovered`` otherwise.
    Names of one person merge (:func:`merge_actor_names`).

    ``direct_voice_share`` = full direct quotes / (full direct quotes +
    paraphrases), where a paraphrase is a narration attribution that does not
    introduce a direct quote and is not embedded in another report. It answers: when this actor's words are
    reported, how often do they speak in their own words?

    Examples:
        >>> import pandas as pd
        >>> att = pd.DataFrame({"kind": ["attribution"] * 3, "speaker": ["A", "A", "B"],
        ...     "stance": ["neutral", "distancing", "neutral"], "voice": ["narration"] * 3,
        ...     "quote_id": pd.array([0, None, None], dtype="Int64")})
        >>> q = pd.DataFrame({"speaker": ["A", "B"], "kind": ["full", "fragment"]})
        >>> m = pd.DataFrame({"actor": ["A", "A", "B"]})
        >>> s = actor_voice_summary(att, q, m).set_index("actor")
        >>> int(s.loc["A", "direct_quotes"]), int(s.loc["A", "paraphrases"]), float(s.loc["A", "direct_voice_share"])
        (1, 1, 0.5)
        >>> s.loc["A", "source"]
        'lexicon'
    """
    from analysis.framing.lexicons import STANCES

    attributions, quotes = entity_speakers(attributions, mentions), entity_speakers(quotes, mentions)
    if lexicon is not None:
        lexicon_names = {a.name for a in lexicon.actors}
        for table in (attributions, quotes):  # a discovered speaker named as a lexicon actor is that actor
            if len(table) and "speaker_kind" in table.columns:
                table["speaker"] = [(_lexicon_actor(lexicon, s) or s) if isinstance(s, str) and k == "person" else s
                                    for s, k in zip(table["speaker"], table["speaker_kind"])]
    else:
        lexicon_names = set(mentions["actor"].dropna().astype(str))
    found = discovered["actor"].dropna().astype(str) if discovered is not None and len(discovered) else pd.Series([], dtype=str)
    actors = sorted(set(mentions["actor"].dropna()) | set(found) | set(attributions["speaker"].dropna())
                    | set(quotes["speaker"].dropna()))
    verbal = attributions[(attributions["kind"] == "attribution") & attributions["speaker"].notna()]
    by_stance = pd.crosstab(verbal["speaker"].astype(str), verbal["stance"].astype(str))
    paraphrase = verbal[(verbal["voice"] == "narration") & verbal["quote_id"].isna()]
    if "embedded" in paraphrase.columns:  # a report inside another report is part of that paraphrase
        paraphrase = paraphrase[~paraphrase["embedded"].fillna(False).astype(bool)]
    mention_counts = pd.concat([mentions["actor"].dropna().astype(str), found]).value_counts()
    attribution_counts = verbal["speaker"].astype(str).value_counts()
    paraphrase_counts = paraphrase["speaker"].astype(str).value_counts()
    said = quotes[quotes["speaker"].notna()]
    full_counts = said[said["kind"] == "full"]["speaker"].astype(str).value_counts()
    fragment_counts = said[said["kind"] == "fragment"]["speaker"].astype(str).value_counts()
    rows = []
    for actor in actors:
        row = {"actor": actor, "mentions": int(mention_counts.get(actor, 0)),
               "attributions": int(attribution_counts.get(actor, 0))}
        for stance in STANCES:
            row[stance] = int(by_stance.at[actor, stance]) if actor in by_stance.index and stance in by_stance.columns else 0
        row["direct_quotes"] = int(full_counts.get(actor, 0))
        row["fragments"] = int(fragment_counts.get(actor, 0))
        row["paraphrases"] = int(paraphrase_counts.get(actor, 0))
        row["source"] = ("lexicon" if actor in lexicon_names else "unresolved" if actor == UNRESOLVED_SPEAKER
                         else "discovered")
        rows.append(row)
    columns = ["actor", "mentions", "attributions", *STANCES, "direct_quotes", "fragments", "paraphrases",
               "direct_voice_share", "source"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return finish_actor_summary(merge_actor_names(pd.DataFrame(rows)))


def finish_actor_summary(table: pd.DataFrame) -> pd.DataFrame:
    """An actor summary's ``direct_voice_share`` (recomputed from the counts), order and types: the one rule the
    in-memory summary and the framing stage's reduce share."""
    values = [c for c in table.columns if c not in ("actor", "source", "direct_voice_share")]
    table = table.drop(columns=["direct_voice_share"], errors="ignore")
    reported = table["direct_quotes"] + table["paraphrases"]
    share = [q / r if r else float("nan") for q, r in zip(table["direct_quotes"], reported)]
    table.insert(len(values) + 1, "direct_voice_share", share)
    table = table.sort_values(["mentions", "attributions", "actor"], ascending=[False, False, True], kind="mergesort")
    table = table.reset_index(drop=True)
    return table.astype({c: "int64" for c in values} | {"actor": "string", "direct_voice_share": "float64",
                                                        "source": "string"})


def stance_matrix(attributions: pd.DataFrame, *, top_n: int | None = None) -> pd.DataFrame:
    """Count attributions per speaker and stance (rows: speakers, columns: stances).

    Speakers are ordered by total attributions (then name); every stance
    class is a column, even when empty. Only ``kind == "attribution"`` rows
    with a resolved speaker count, one name per entity (:func:`entity_speakers`;
    the unresolved ones are counted in the actor summary).

    Examples:
        >>> import pandas as pd
        >>> att = pd.DataFrame({"kind": ["attribution"] * 3, "speaker": ["Russia", "Zelenskiy", "Zelenskiy"],
        ...                     "stance": ["distancing", "neutral", "neutral"]})
        >>> stance_matrix(att)[["neutral", "distancing"]].to_dict("index")
        {'Zelenskiy': {'neutral': 2, 'distancing': 0}, 'Russia': {'neutral': 0, 'distancing': 1}}
    """
    from analysis.framing.lexicons import STANCES

    rows = entity_speakers(attributions[attributions["kind"] == "attribution"])
    rows = rows[rows["speaker"].notna() & (rows["speaker"].astype(str) != UNRESOLVED_SPEAKER)]
    matrix = pd.crosstab(rows["speaker"].astype(str), rows["stance"].astype(str))
    matrix = matrix.reindex(columns=list(STANCES), fill_value=0)
    order = sorted(matrix.index, key=lambda s: (-int(matrix.loc[s].sum()), s))
    matrix = matrix.loc[order].astype("int64")
    matrix.index.name = "speaker"
    matrix.columns.name = None
    return matrix.head(top_n) if top_n else matrix


def evaluative_rows(attributions: pd.DataFrame, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows that carry an evaluative or epistemic modifier, with their sentence.

    Examples:
        >>> import pandas as pd
        >>> att = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 0], "end": [5, 5], "modifier": [None, "baselessly"],
        ...                     "kind": ["attribution"] * 2, "speaker": ["A", "B"], "cue": ["said", "claims"]})
        >>> evaluative_rows(att)["modifier"].tolist()
        ['baselessly']
    """
    rows = attributions[attributions["modifier"].notna()].copy()
    if texts is not None:
        rows["sentence"] = [texts[d][s:e] for d, s, e in zip(rows["doc_id"], rows["start"], rows["end"])]
    return rows.reset_index(drop=True)


def frame_profile(shares: pd.DataFrame, *, max_docs: int = 30) -> pd.DataFrame:
    """Documents by frames matrix of sentence shares, for the frame-profile heatmap.

    Keeps the first ``max_docs`` documents in corpus order, and adds the
    ``(corpus)`` row only when there is more than one document.

    Examples:
        >>> import pandas as pd
        >>> shares = pd.DataFrame({"doc_id": ["a", "a", "(corpus)", "(corpus)"], "frame": ["x", "y"] * 2,
        ...                        "share": [0.5, 0.25, 0.5, 0.25]})
        >>> frame_profile(shares).to_dict("index")
        {'a': {'x': 0.5, 'y': 0.25}}
    """
    from analysis.tables import pivot_for_heatmap

    documents = [d for d in dict.fromkeys(shares["doc_id"].astype(str)) if d != "(corpus)"]
    keep = documents[:max_docs] + (["(corpus)"] if len(documents) > 1 else [])
    chosen = shares[shares["doc_id"].astype(str).isin(keep)]
    return pivot_for_heatmap(chosen, index="doc_id", columns="frame", values="share")
