"""Direct quotations: find quoted spans and attribute them to speakers.

Quotation marks are paired by a small state machine over the article body:

* curly marks are unambiguous (“ and „ and « open; ” and » close); a straight
  ``"`` opens after whitespace, a paragraph start or an opening bracket, and
  closes after a non-space character;
* a quotation may run over several sentences; it runs over a paragraph break
  only when the next paragraph opens with a quotation mark (the news
  convention for a quote continued into a new paragraph);
* an opening mark that is never closed in its paragraph, or a closing mark
  with no opening one, is reported as a problem and produces no quote, so an
  unbalanced mark never swallows the rest of the article.

Each quote is ``full`` when it starts a sentence or paragraph or follows a
colon or comma, and ``fragment`` when it is embedded in the narrator's own
sentence (scare quotes and partial quotes: "a just peace", "probably").

Attribution, in this order:

1. after the closing mark, in the same paragraph: a short speaker phrase and a
   reporting verb (``," he said``; ``?" Zelenskiy added``) or the inverted
   order (``," said Zelenskiy``);
2. before the opening mark: ``Zelenskiy said: "…"``, ``According to X, "…"``;
3. the second half of an interrupted quote (``"…," he said. "…"``) takes the
   attribution that sits between the two halves;
4. a fragment takes the speaker of the nearest reporting verb before it in
   the same sentence ("Trump told NBC that Ukraine should "probably" prepare").

Speakers are resolved by :mod:`analysis.framing.speakers`. A speaker or cue that is
not found is left empty, never guessed. All offsets refer to the raw text.

Examples:
    >>> text = '"We do seek it," he said.'
    >>> mentions = []
    >>> quotes, problems = find_quotes(text, doc_id="d", mentions=mentions)
    >>> [(q["text"], q["kind"], q["speaker_text"], q["cue"]) for q in quotes]
    [('We do seek it,', 'full', 'he', 'said')]
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable, Sequence

import pandas as pd

from analysis.framing.entities import resolve_speakers
from analysis.framing.lexicons import QUOTE_REACH_WORDS, ReportingVerbs, load_reporting_verbs
from analysis.tables import records_by_doc, spans_by_doc
from analysis.framing.speakers import (
    WORD, clause_subject, is_participle, is_pronoun, label_of, last_char, is_verb_use, paragraph_window, passive, resolve_speaker, speaker_candidate, subject_after,
    subject_before,
)

QUOTE_COLUMNS: tuple[str, ...] = (
    "doc_id", "quote_id", "start", "end", "text", "kind", "n_words",
    "speaker", "speaker_kind", "speaker_text", "speaker_start", "speaker_end", "speaker_source_start", "speaker_source_end",
    "cue", "cue_lemma", "cue_start", "cue_end", "attribution_rule", "speaker_rule", "attribution_kind",
)
PROBLEM_COLUMNS: tuple[str, ...] = ("doc_id", "start", "end", "problem", "context")

_MARKS = re.compile(r"[\"“”„«»]")
_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_OPEN_CONTEXT = frozenset("([{—–-/")
# a paragraph break: a blank line, or a line break after sentence-final punctuation
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*|(?<=[.!?\"”:)\]])[ \t]*\r?\n\s*")
_ACCORDING = re.compile(r"[Aa]ccording to\s+(?P<sp>[^,:\"“”.]{1,60}?)\s*[,:]\s*$")
_WORDS = re.compile(r"\w+(?:[’'-]\w+)*")
_MAX_PHRASE_WORDS = 30  # a speaker phrase with appositives can be long
_MAX_TAIL_WORDS = 12  # words between a pre-posed cue and the opening mark ("told reporters on Monday:")
_MAX_QUOTE_CHARS = 5000


def _paragraph_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _PARAGRAPH.finditer(text, start, end)]


def _nested_curly_close(text: str, position: int, end: int, outer: str = '"') -> int | None:
    """The closing mark of a curly quotation opened at ``position`` inside an open one (straight, or curly:
    ``outer``), when it closes before any other mark and the outer quotation's closing mark follows it in the
    paragraph before any other mark (the outer quotation goes on); else ``None``.

    Examples:
        >>> t = 'He said: "It is not about “Equal Justice” at all." Then he left.'
        >>> _nested_curly_close(t, t.index("“"), len(t)) == t.index("”")
        True
        >>> t = 'He said: "It is not about “Equal Justice at all." Then he left.'
        >>> _nested_curly_close(t, t.index("“"), len(t)) is None
        True
        >>> t = 'Jack noted that “many on the “list” are undecided.” Then he left.'
        >>> _nested_curly_close(t, t.index("“list"), len(t), outer="“") == t.index("” are")
        True
        >>> t = 'Jack noted: “Many are. “None are,” he said.'
        >>> _nested_curly_close(t, t.index("“None"), len(t), outer="“") is None
        True
    """
    end = min(end, position + _MAX_QUOTE_CHARS)  # a quotation is never longer: the look-ahead stays bounded
    brk = _PARAGRAPH.search(text, position, end)
    limit = brk.start() if brk is not None else end
    following = _MARKS.search(text, position + 1, limit)
    if following is None or following.group(0) != "”":
        return None
    if outer == "“":  # '“… from [Cruz’s] “list” are undecided”': the next mark closes the outer quotation
        after = _MARKS.search(text, following.end(), limit)
        return following.start() if after is not None and after.group(0) == "”" else None
    return following.start() if text.find('"', following.end(), limit) >= 0 else None


def _pair_marks(text: str, spans: Iterable[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Pair quotation marks; return (opening, closing) index pairs and problems."""
    pairs: list[tuple[int, int]] = []
    problems: list[tuple[int, int, str]] = []
    for span_start, span_end in spans:
        breaks = _paragraph_breaks(text, span_start, span_end)
        events: list[tuple[int, str]] = [(m.start(), "mark") for m in _MARKS.finditer(text, span_start, span_end)]
        events += [(b_end, "break") for _, b_end in breaks]
        events.sort()
        open_at: int | None = None
        nested_close: int | None = None  # the closing mark of a curly quotation nested in a straight one
        pending_break = False  # a paragraph break passed while a quote was open
        last_break = -1
        for position, kind in events:
            if kind == "break":
                last_break = position
                if open_at is not None:
                    pending_break = True
                continue
            mark = text[position]
            if nested_close is not None:
                if position == nested_close:
                    nested_close = None
                    continue
            elif open_at is not None and text[open_at] in '"“' and mark == "“" and not pending_break:
                nested_close = _nested_curly_close(text, position, span_end, outer=text[open_at])
                if nested_close is not None:
                    continue  # a quotation inside another ('"… about “Equal Justice Under Law” …"', '“… “list” …”')
            before = text[position - 1] if position > span_start else "\n"
            after = text[position + 1] if position + 1 < span_end else "\n"
            opens = mark in _OPENERS or (mark == '"' and (before.isspace() or before in _OPEN_CONTEXT) and not after.isspace())
            # a closing curly mark typed where an opening one belongs ('Instagram. ”Fear. I am …”'), when none is open
            opens = opens or (mark == "”" and open_at is None and (before.isspace() or before in _OPEN_CONTEXT)
                              and after.isalpha())
            # an opening curly mark typed where a closing one belongs ('“Apparently not,“ he said'): right after
            # the quote's last punctuation and before a space, while a quote is open
            if mark == "“" and open_at is not None and before in ",.!?" and (after.isspace() or after in ",.;:"):
                opens = False
            # a straight mark that does not clearly open closes ('months, " he said')
            closes = mark in _CLOSERS or (mark == '"' and not opens) or (mark == "“" and not opens)
            if open_at is None:
                if opens or (mark == '"' and before.isspace() and after.isspace()):
                    open_at, pending_break = position, False
                else:
                    problems.append((position, position + 1, "quotation mark that opens no quotation"))
                continue
            if pending_break:
                if opens and position == last_break:
                    pending_break = False  # quote continued into a new paragraph
                    continue
                problems.append((open_at, open_at + 1, "quotation mark not closed before the paragraph ended"))
                open_at, pending_break = (position, False) if opens else (None, False)
                if not opens:
                    problems.append((position, position + 1, "closing quotation mark without an opening one"))
                continue
            if closes:
                pairs.append((open_at, position))
                open_at = None
            else:
                problems.append((open_at, open_at + 1, "quotation mark not closed before the next one opened"))
                open_at = position
        if open_at is not None:
            problems.append((open_at, open_at + 1, "quotation mark never closed"))
    return pairs, problems


def _paragraph_bounds(text: str, position: int, span: tuple[int, int],
                      breaks: tuple[list[int], list[int]] | None = None) -> tuple[int, int]:
    """The paragraph around ``position`` in ``span``: after the last break that ends at or before it, up to the
    first break that starts at or after it. ``breaks`` (from :func:`_break_index`) avoids rescanning the span."""
    b_starts, b_ends = breaks if breaks is not None else _break_index(text, span)
    # breaks are sorted and disjoint, so both lists are sorted
    index = bisect.bisect_right(b_ends, position)
    start = b_ends[index - 1] if index else span[0]
    index = bisect.bisect_left(b_starts, position)
    end = b_starts[index] if index < len(b_starts) else span[1]
    return start, end


def _break_index(text: str, span: tuple[int, int]) -> tuple[list[int], list[int]]:
    """Starts and ends of the paragraph breaks of a span, for :func:`_paragraph_bounds`."""
    breaks = _paragraph_breaks(text, span[0], span[1])
    return [b for b, _ in breaks], [e for _, e in breaks]


def _span_finder(body: list[tuple[int, int]]):
    """``position -> the first body span holding it`` (or ``(0, len(text))`` via ``None``), by bisection when the
    spans are sorted and disjoint (the output of cleaning), else by a scan in list order."""
    body = [(s, e) for s, e in body]
    ordered = all(s <= e for s, e in body) and all(body[i][1] <= body[i + 1][0] for i in range(len(body) - 1))
    if not ordered:
        return lambda position: next(((s, e) for s, e in body if s <= position < e), None)
    starts = [s for s, _ in body]

    def find(position: int):
        index = bisect.bisect_right(starts, position) - 1
        # empty spans share their start with the next span: step back over them
        while index >= 0 and body[index][0] <= position:
            if position < body[index][1]:
                return body[index]
            if body[index][0] < body[index][1]:
                return None  # a non-empty span ending at or before the position: earlier ones end earlier
            index -= 1
        return None

    return find


def _verb_matches(text: str, start: int, end: int, verbs: ReportingVerbs, *, lower: int):
    """Reporting-verb matches in ``[start, end)`` that are used as verbs."""
    for match in verbs.pattern.finditer(text, start, end):
        form = re.sub(r"\s+", " ", match.group(0).lower())
        verb = verbs.lookup(form)
        if verb is not None and is_verb_use(text, start=match.start(), form=form, ambiguous=verb.ambiguous, lower_bound=lower):
            yield match


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """True when ``[start, end)`` holds a sentence end (a period after an abbreviation does not count)."""
    return any(m.group(0) in ".!?;" for m in WORD.finditer(text, start, end))


def _cue_after(text: str, *, position: int, limit: int, verbs: ReportingVerbs):
    """The first reporting verb after ``position`` with only a speaker phrase in between."""
    for match in _verb_matches(text, position, limit, verbs, lower=position):
        if _ends_sentence(text, position, match.start()) or len(_WORDS.findall(text, position, match.start())) > _MAX_PHRASE_WORDS:
            return None
        if verbs.lookup(re.sub(r"\s+", " ", match.group(0).lower())).needs_quote:
            continue  # '"…," X called …' is not how "call" reports speech
        if match.group(0)[:1].isupper():
            following = _NEXT_TOKEN.match(text, match.end())
            if following is not None and verbs.lookup(following.group(1).lower()) is not None:
                continue  # '"…," Read said.': a capitalised word before the verb is a name
        return match
    return None


#: Participles that name the noun before them when a quotation follows ("a film called "…"", "a group dubbed "…"").
_NAMING_FORMS = frozenset({"called", "dubbed", "labeled", "labelled", "nicknamed", "branded", "titled", "entitled"})
_NAMING_NOT_AFTER = frozenset({"he", "she", "they", "we", "i", "you", "it", "who", "which", "that", "has", "have", "had",
                               "was", "were", "is", "are", "be", "been", "also", "once", "then", "repeatedly", "publicly",
                               "and", "but", "or", "never", "even", "just", "recently", "later", "earlier"})


def _naming_participle(text: str, match, lower: int) -> bool:
    """A naming participle right after a common noun, with the quotation straight after it: 'a film called
    "Tenemos Familias"', 'a formula called the "chained CPI"'; not 'Trump called it "…"' or 'he called "…"'.

    Examples:
        >>> import re
        >>> t = 'They aired a short film called "Tenemos Familias."'
        >>> _naming_participle(t, re.search("called", t), 0)
        True
        >>> t = 'Critics called "foul."'
        >>> _naming_participle(t, re.search("called", t), 0)
        False
        >>> t = 'It was what many lawmakers called "fraud."'
        >>> _naming_participle(t, re.search("called", t), 0)
        False
    """
    if match.group(0).lower() not in _NAMING_FORMS:
        return False
    if not re.match(r"\s*(?:(?:the|a|an)\s+)?[\"“]", text[match.end() : match.end() + 8]):
        return False
    before = _WORDS.findall(text, max(lower, match.start() - 40), match.start())
    if not before or text[max(lower, match.start() - 3) : match.start()].strip()[-1:] in ",;:—(":
        return False
    word = before[-1]
    if any(w.lower() in ("what", "whatever") for w in before[-5:]):
        return False  # 'what multiple lawmakers called "fraud"': the noun is the subject
    return word[:1].islower() and word.lower() not in _NAMING_NOT_AFTER and not word.lower().endswith("ly")


_NEGATED = re.compile(r"(?:\bnot|n['’]t|\bnever)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _negated(text: str, position: int, lower: int) -> bool:
    """A negation right before ``position`` ("didn't suggest", "did not ever say", "never publicly said")."""
    return _NEGATED.search(text, max(lower, position - 30), position) is not None


def _cue_before(text: str, *, position: int, lower: int, verbs: ReportingVerbs, max_tail: int = _MAX_TAIL_WORDS,
                first: bool = False, coordinated: bool = False):
    """The last (or ``first``: the outermost) reporting verb before an opening mark, in the same sentence; with
    ``coordinated``, the outermost stops at a verb coordinated with the one before it ("X praised A and said, "…"").

    Examples:
        >>> from analysis.framing.lexicons import load_reporting_verbs
        >>> t = 'Lynch said she recalled thinking, "This is it."'
        >>> _cue_before(t, position=t.index('"'), lower=0, verbs=load_reporting_verbs(), first=True).group(0)
        'said'
        >>> t = 'He praised the staff but said, "We need a change."'
        >>> _cue_before(t, position=t.index('"'), lower=0, verbs=load_reporting_verbs(), first=True,
        ...             coordinated=True).group(0)
        'said'
    """
    found = None
    chain = []
    for match in _verb_matches(text, lower, position, verbs, lower=lower):
        verb = verbs.lookup(re.sub(r"\s+", " ", match.group(0).lower()))
        if verb.followed_by:
            nxt = _NEXT_TOKEN.match(text, match.end())
            # a quotation right after the verb is its complement ('Trump attacked "the hateful ideology …"')
            if nxt is None or nxt.group(1).lower() not in verb.followed_by and nxt.group(1) not in ('"', "“"):
                continue
        tail_words = len(_WORDS.findall(text, match.end(), position))
        if _naming_participle(text, match, lower):
            continue  # 'a short film called "Tenemos Familias"': a name, not a report
        if verb.needs_quote and tail_words > QUOTE_REACH_WORDS:
            continue  # "a band called Sophistafunk …": naming, not "called the talks "good""
        if tail_words <= max_tail and not _ends_sentence(text, match.end(), position) \
                and not _MARKS.search(text, match.end(), position):
            found = match
            chain.append(match)
    if first and chain:
        # the outermost of a chain of reporting clauses ("X says she thinks …"), but a participle
        # after a comma ("X said, adding that …") is its own cue
        # ("recalled thinking", "said he began calling" walk back; PolNeAR's annotators also take the first of
        # two coordinated verbs: "said that was not her view and dismissed those reports as "…"")
        index = len(chain) - 1
        while index > 0:
            between = text[chain[index - 1].end() : chain[index].start()]
            if "," in between and not _COMPLEMENT.match(between) or coordinated and _COORDINATED.search(between):
                break  # a full quotation belongs to the later of two coordinated verbs ('… and said, "…"'); a
                # complement clause goes back across an aside ("He said, however, that he hopes "…"")
            if chain[index].group(0).lower().endswith("ing") and between.strip() \
                    and _SUBJECT_WORD.search(between) is None:
                break
            index -= 1
        return chain[index]
    return found


_NEXT_TOKEN = re.compile(r"\s*([\w'’-]+|[:,.;!?\"“”])")
#: One or two capitalised words and nothing else (the span between a closing mark and its verb).
_LONE_NAME = re.compile(r"[ \t\xa0]+(?P<name>[A-Z][\w'’.-]*(?:[ \t\xa0]+[A-Z][\w'’.-]*)?)[ \t\xa0]+")
#: Words after a closing mark that carry on the narrator's clause: a verb after them is not the quote's cue
#: ('"…" against what the campaign sees as …', '"…," which Mozloom thinks …', '"…" - at which point the crowd chanted').
_CLAUSE_LEAD_INS = frozenset({"against", "which", "who", "whom", "whose", "what", "when", "where", "while", "after",
                              "before", "since", "because", "as", "and", "but", "or", "if", "though", "although",
                              "at", "for", "from", "between", "is", "was", "are", "were", "perhaps", "than"})
#: A complementiser right after a cue, past a short aside: a later cue is inside its reported clause ("said,
#: however, that he hopes").
_COMPLEMENT = re.compile(r"\s*(?:,[\w\s]{1,25},\s*)?that\b")
#: The end of the words between two cues when the later verb is coordinated with the earlier ("… and said").
_COORDINATED = re.compile(r"\b(?:and|but)(?:\s+\w+ly)?\s*$")
#: A subject pronoun between two cues: the later one heads a clause of its own ("Bob said he began calling …").
_SUBJECT_WORD = re.compile(r"\b(?:he|she|they|it|we|I|you)\b")
_SENTENCE_PRONOUNS = frozenset({"He", "She", "They", "It", "We", "I", "This", "That", "The"})


def _sentence_start(sentences, position: int, floor: int) -> int:
    """The start of the sentence holding ``position`` (not before ``floor``)."""
    if not sentences:
        return floor
    index = bisect.bisect_right(_starts(sentences), position) - 1
    if index < 0:
        return floor
    return max(floor, sentences[index][0])


def _sentence_end(sentences, position: int, ceiling: int) -> int:
    """The end of the sentence holding ``position`` (not after ``ceiling``)."""
    if not sentences:
        return ceiling
    index = bisect.bisect_right(_starts(sentences), position) - 1
    if index < 0 or sentences[index][1] <= position:
        return ceiling
    return min(ceiling, sentences[index][1])


def _starts(sentences) -> list[int]:
    key = id(sentences)
    cached = _STARTS_CACHE.get(key)
    if cached is None or cached[0] is not sentences:
        cached = (sentences, [s for s, _ in sentences])
        _STARTS_CACHE.clear()
        _STARTS_CACHE[key] = cached
    return cached[1]


_STARTS_CACHE: dict[int, tuple[Any, list[int]]] = {}


def find_quotes(
    text: str,
    *,
    doc_id: str,
    mentions: Sequence[dict[str, Any]],
    spans: Iterable[tuple[int, int]] | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    lexicon: Any = None,
    verbs: ReportingVerbs | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Find and attribute the direct quotations of one document.

    Args:
        text: The raw document text.
        doc_id: Written on every row.
        mentions: The document's actor mentions (dicts with ``start``, ``end``,
            ``actor``, ``actor_type``), sorted by ``start``.
        spans: Body spans (boilerplate excluded); ``None`` is the whole text.
        sentences: Sentence spans, used to attribute fragments.
        lexicon: The actor lexicon, for pronouns and speaker phrases.
        verbs: The reporting-verb lexicon; default the project's.

    Returns:
        ``(quotes, problems)`` as lists of dicts with :data:`QUOTE_COLUMNS`
        and :data:`PROBLEM_COLUMNS`.

    Examples:
        >>> t = 'Zelenskiy called the talks "good and productive." He left "alone.'
        >>> quotes, problems = find_quotes(t, doc_id="d", mentions=[])
        >>> [(q["text"], q["kind"]) for q in quotes], [p["problem"] for p in problems]
        ([('good and productive.', 'fragment')], ['quotation mark never closed'])
    """
    verbs = verbs or load_reporting_verbs()
    body = list(spans) if spans is not None else [(0, len(text))]
    pairs, problems = _pair_marks(text, body)
    quotes: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []  # speaker phrases outside the lexicon, for later pronouns
    find_span = _span_finder(body)
    break_cache: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    # indexes over the quotes found so far, so that each quote costs about the same in a long document
    index = {"closes": [], "attributed": None}
    for open_at, close_at in pairs:
        span = find_span(open_at) or (0, len(text))
        raw = text[open_at + 1 : close_at]
        stripped = raw.strip()
        if not stripped:
            continue
        if len(stripped) > _MAX_QUOTE_CHARS:
            problems.append((open_at, open_at + 1, f"quotation longer than {_MAX_QUOTE_CHARS} characters"))
            continue
        start = open_at + 1 + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        breaks = break_cache.get(span)
        if breaks is None:
            breaks = break_cache[span] = _break_index(text, span)
        para_start, _ = _paragraph_bounds(text, open_at, span, breaks)
        _, para_end = _paragraph_bounds(text, close_at, span, breaks)
        lead = text[para_start:open_at].rstrip()
        kind = "full" if (not lead or lead[-1] in ":,.!?;—–(") else "fragment"
        quote = {
            "doc_id": doc_id, "quote_id": len(quotes), "start": start, "end": end, "text": stripped, "kind": kind,
            "n_words": len(_WORDS.findall(stripped)),
            "speaker": None, "speaker_text": None, "speaker_start": None, "speaker_end": None,
            "cue": None, "cue_lemma": None, "cue_start": None, "cue_end": None, "attribution_rule": None,
            "speaker_rule": None, "attribution_kind": None,
            "_open": open_at, "_close": close_at, "_para": (para_start, para_end),
        }
        _attribute(text, quote, quotes, mentions=mentions, lexicon=lexicon, verbs=verbs, sentences=sentences,
                   found=found, index=index)
        quotes.append(quote)
        bisect.insort(index["closes"], close_at)
        if not (quote["kind"] == "fragment" and quote["cue_start"] is None):
            index["attributed"] = quote  # the last quote that is not an unattributed scare quote
    # who each speaker mention is: the article's entities (analysis.framing.entities)
    resolve_speakers(text, quotes, mentions=mentions, quote_spans=[(q["_open"], q["_close"] + 1) for q in quotes],
                     lexicon=lexicon, regions=body)
    for quote in quotes:
        for key in ("_open", "_close", "_para"):
            quote.pop(key)
    problem_rows = [
        {"doc_id": doc_id, "start": s, "end": e, "problem": p,
         "context": text[max(0, s - 30) : e + 30].replace("\n", " ")}
        for s, e, p in sorted(problems)
    ]
    return quotes, problem_rows


def _set_attribution(text, quote, *, cue, speaker, rule, mentions, lexicon, verbs, found, starts=None) -> None:
    quote["cue"] = cue.group(0)
    verb = verbs.lookup(re.sub(r"\s+", " ", cue.group(0).lower())) or verbs.noun(cue.group(0).lower())
    quote["cue_lemma"] = verb.lemma if verb is not None else cue.group(0)
    quote["attribution_kind"] = verb.kind if verb is not None else "speech"
    quote["cue_start"], quote["cue_end"] = cue.span()
    quote["attribution_rule"] = rule
    if speaker is not None:
        phrase, s, e = speaker
        quote["speaker_text"], quote["speaker_start"], quote["speaker_end"] = phrase, s, e
        quote["speaker"], quote["speaker_rule"] = resolve_speaker(
            phrase, start=s, end=e, mentions=mentions, lexicon=lexicon,
            window_start=min(paragraph_window(text, s, starts), paragraph_window(text, quote["_open"], starts)),
            text=text, extra=found,
        )
        candidate = speaker_candidate(phrase, s, e, quote["speaker"], quote["speaker_rule"])
        if candidate is not None:
            found.append(candidate)


_INHERITED = ("speaker", "speaker_text", "speaker_start", "speaker_end", "cue", "cue_lemma", "cue_start", "cue_end",
              "attribution_kind")


def _inherit(quote, previous, rule: str) -> None:
    for key in _INHERITED:
        quote[key] = previous[key]
    quote["attribution_rule"] = rule
    quote["speaker_rule"] = "inherited"


def _speaker_of(text, cue, *, lower, upper, verbs, depth=0):
    """The speaker phrase of a cue.

    "according to X" takes the phrase after it; otherwise the subject before
    the cue; a participle after a comma ("X said, adding that …") takes the
    speaker of the reporting verb before it, else the clause subject; a cue
    that opens its clause or follows a comma or quote takes the phrase after
    it ("Continued Stone:", '"…," said X').
    """
    verb = verbs.lookup(re.sub(r"\s+", " ", cue.group(0).lower()))
    if verb.speaker_side == "none":
        return None
    if verb.speaker_side == "right":
        return subject_after(text, position=cue.end(), upper_bound=upper, loose=True)
    is_passive, agent = passive(text, cue_start=cue.start(), cue_end=cue.end(), lower=lower, upper=upper)
    if is_passive:
        return agent
    head = text[lower : cue.start()].rstrip()
    participle = is_participle(text, cue.start(), cue.end(), lower)
    # the word before a participle is its object, not its subject ("… to Adelson, telling Reuters")
    found = None if participle else subject_before(text, position=cue.start(), lower_bound=lower)
    if found is None and depth == 0 and participle:
        earlier = None
        for match in _verb_matches(text, lower, cue.start(), verbs, lower=lower):
            earlier = match
        if earlier is not None:
            found = _speaker_of(text, earlier, lower=lower, upper=cue.start(), verbs=verbs, depth=1)
        if found is None:
            last_mark = max((m.end() for m in _MARKS.finditer(text, lower, cue.start())), default=lower)
            found = clause_subject(text, start=last_mark, position=cue.start())
    if found is None and head.endswith(("and", "but")):
        found = clause_subject(text, start=lower, position=cue.start())
    if found is None and (not head or head.endswith((",", '"', "”"))):
        found = subject_after(text, position=cue.end(), upper_bound=upper)
    if found is None and head and not head.endswith((",", '"', "”", "“")):
        # the subject of the clause: "Bob said he began calling …", "Sen. X (R-Wis.) kept asking …"
        last_mark = max((m.end() for m in _MARKS.finditer(text, lower, cue.start())), default=lower)
        found = clause_subject(text, start=last_mark, position=cue.start())
    return found


class _Colon:
    """Punctuation used as a cue: the colon of a label ("Jeffrey M. Jones: "…"") or the dash of a
    signature ('"…" — Sonya Herridge'), shaped like a regex match."""

    def __init__(self, position: int, mark: str = ":") -> None:
        self.position = position
        self.mark = mark

    def group(self, _=0) -> str:
        return self.mark

    def span(self) -> tuple[int, int]:
        return self.position, self.position + len(self.mark)

    def start(self) -> int:
        return self.position

    def end(self) -> int:
        return self.position + len(self.mark)


#: A signature after a quote: a dash at the start of the next line (or right after the mark) and a name.
_SIGNATURE = re.compile(
    r"[ \t]*(?:\r?\n\s*)?(?P<dash>[-—―–]{1,2})[ \t\xa0]*"
    r"(?P<name>[A-Z][\w'’-]*(?:\.(?=[ \t\xa0]+[A-Z]))?(?:[ \t\xa0]+(?:[A-Z][\w'’-]*(?:\.(?=[ \t\xa0]+[A-Z]))?|of|de|van|von)){0,5})"
    r"(?=[ \t\xa0]*(?:[.,(\n\"“]|$))"
)


#: "V X as (a) "…"": a verb form (-ed, -ing, -s, with a particle), a name or pronoun as its object, "as" right
#: before the quotation mark.
_AS_FRAME = re.compile(
    r"(?<![\w'’-])(?P<verb>[a-z]+\s+(?:after|out\s+at|in\s+on)|[a-z]+(?:ed|ing|es|s))\s+"
    r"(?P<object>him|her|them|it|(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*|"
    r"(?:the|his|her|their|its|this|these|those|[\d.,]+%?)(?:\s+[\w'’-]+){1,3})\s+as\s+(?:an?\s+)?[\"“«]?$"
)


def _attribute(text, quote, earlier, *, mentions, lexicon, verbs, sentences, found, index=None) -> None:
    """Attribute ``quote``; ``earlier`` are the document's quotes before it. ``index`` (kept by
    :func:`find_quotes`) holds the sorted closing offsets of ``earlier`` (``closes``) and the last of them that is
    not an unattributed fragment (``attributed``); without it both are computed from ``earlier``."""
    open_at, close_at = quote["_open"], quote["_close"]
    para_start, para_end = quote["_para"]
    common = dict(mentions=mentions, lexicon=lexicon, verbs=verbs, found=found,
                  starts=_starts(sentences) if sentences else None)
    next_mark = _MARKS.search(text, close_at + 1, para_end)
    limit = next_mark.start() if next_mark else para_end
    lead = text[para_start:open_at].strip()
    inner_end = text[open_at + 1 : close_at].rstrip()[-1:]
    # 1. post-posed: '"…," X said' / '"…," said X'; a fragment only when it ends a quoted clause
    after = _NEXT_TOKEN.match(text, close_at + 1)
    new_sentence = inner_end in ".!?" and after is not None and after.group(1) in _SENTENCE_PRONOUNS
    if inner_end == "." and not new_sentence and quote["kind"] == "full":
        # a quote that ends its own sentence with a period: an attribution before it wins ('X said: "…." Y …')
        before_start = _sentence_start(sentences, open_at, para_start)
        if earlier and earlier[-1]["_close"] >= before_start:
            before_start = earlier[-1]["_close"] + 1
        new_sentence = _cue_before(text, position=open_at, lower=before_start, verbs=verbs) is not None
    # 0. a transcript turn in quotes that opens with its speaker's label: '"PENCE: Well, look, …"'
    #    (also a quotation inside such a turn: the turn is the outermost attribution)
    label = label_of(text, quote["start"], min(close_at, quote["start"] + 80), max_words=3)
    if label is None or quote["kind"] != "full" or label.end() >= close_at:
        label = label_of(text, para_start, min(open_at, para_start + 80), max_words=3)
        label = label if label is not None and label.group("label").isupper() else None
    if label is not None:
        speaker = (label.group("label"), label.start("label"), label.end("label"))
        _set_attribution(text, quote, cue=_Colon(label.start("colon")), speaker=speaker, rule="transcript_label", **common)
        return
    # 0b. a signature line after the quote: '"…"\n\n— Sonya Herridge', '"…" - Sanders.'
    signature = _SIGNATURE.match(text, close_at + 1)
    if signature is not None and (quote["kind"] == "full" or inner_end in ".!?"):
        speaker = (signature.group("name"), signature.start("name"), signature.end("name"))
        _set_attribution(text, quote, cue=_Colon(signature.start("dash"), signature.group("dash")), speaker=speaker,
                         rule="signature", **common)
        return
    if quote["kind"] == "fragment":
        # a report set off by commas governs its whole sentence ('…, whom he called a "con artist," Rubio said.';
        # 'Nor, he said, did he say anything "…"'): it is the outermost attribution of a fragment in it
        sentence_start = max(_sentence_start(sentences, open_at, para_start), para_start)
        if earlier and earlier[-1]["_close"] >= sentence_start:
            sentence_start = earlier[-1]["_close"] + 1
        aside = _parenthetical_report(text, max(sentence_start, open_at - _ASIDE_REACH),
                                      _sentence_end(sentences, close_at, para_end), verbs=verbs,
                                      skip=(open_at, close_at + 1), reach=close_at + _ASIDE_REACH)
        if aside is not None and aside[0].start() > close_at and is_pronoun(aside[1][0]) \
                and _cue_before(text, position=open_at, lower=sentence_start, verbs=verbs, max_tail=25) is not None:
            aside = None  # 'DuVernay said she felt … because "…," she said.': the aside repeats the first report
        if aside is not None:
            cue, speaker = aside
            _set_attribution(text, quote, cue=cue, speaker=speaker, rule="parenthetical", **common)
            return
    if quote["kind"] == "fragment" and not new_sentence:
        # a fragment belongs to the clause around it: a cue before it in the sentence wins over a participle after it
        before_start = _sentence_start(sentences, open_at, para_start)
        if earlier and earlier[-1]["_close"] >= before_start:
            before_start = earlier[-1]["_close"] + 1
        new_sentence = _cue_before(text, position=open_at, lower=before_start, verbs=verbs, max_tail=25) is not None
    if not new_sentence and (quote["kind"] == "full" or inner_end in ",?!" or text[close_at + 1 : close_at + 2] == ","):
        cue = _cue_after(text, position=close_at + 1, limit=limit, verbs=verbs)
        if cue is not None and inner_end == "." and _NEXT_TOKEN.match(text, cue.end()) is not None \
                and _NEXT_TOKEN.match(text, cue.end()).group(1).lower() == "that":
            cue = None  # '"…." Sexton described that …': a new sentence, not an attribution of the quote
        if cue is not None and passive(text, cue_start=cue.start(), cue_end=cue.end(), lower=close_at + 1, upper=limit)[0]:
            cue = None  # '"…" Cruz was also endorsed …': a passive in the next sentence
        if cue is not None:
            speaker = subject_before(text, position=cue.start(), lower_bound=close_at + 1)
            rule = "after"
            if speaker is None:
                speaker = subject_after(text, position=cue.end(), upper_bound=limit)
                rule = "after_inverted"
            if speaker is None:
                # a name that is also a common word, alone between the quote and its verb ('"…," Read said.',
                # '"…," Will wrote.'): the position makes it the speaker
                name = _LONE_NAME.fullmatch(text, close_at + 1, cue.start())
                if name is not None:
                    speaker, rule = (name.group("name"), name.start("name"), name.end("name")), "after"
            gap = text[close_at + 1 : cue.start()].strip(" \t,\xa0")
            # the words between the quote and its speaker continue the narrator's clause ('"…" against what the
            # campaign sees as …'): the verb after them is not the quote's cue
            lead_in = text[close_at + 1 : speaker[1]].strip(" \t,\xa0—–-") if speaker is not None and rule == "after" else gap
            if lead_in[:1].islower() and lead_in.split()[0] in _CLAUSE_LEAD_INS:
                speaker, gap = None, "x"  # ('"…," and concluded his comments were …' too)
            if speaker is None and not gap and cue.group(0).lower().endswith("ing") \
                    and _cue_before(text, position=open_at, verbs=verbs, max_tail=0,
                                    lower=max(para_start, _sentence_start(sentences, open_at, para_start), open_at - 200)) is not None:
                gap = "x"  # 'Peabody said: "…," adding that …': the cue right before the quote wins over the participle
            if speaker is not None or not gap or gap[:1].isupper():
                _set_attribution(text, quote, cue=cue, speaker=speaker, rule=rule, **common)
                return
    # 2. pre-posed: 'X said: "…"', 'According to X, "…"', 'X called it "…"', in the same sentence
    previous = earlier[-1] if earlier else None
    floor = para_start
    if previous is not None and previous["_close"] >= para_start:
        floor = previous["_close"] + 1
    sentence_start = _sentence_start(sentences, open_at, para_start)
    tail = _MAX_TAIL_WORDS if quote["kind"] == "full" else 25
    # a fragment belongs to the outermost attribution ("X says she thinks Cruz can keep "…"")
    cue = _cue_before(text, position=open_at, lower=max(sentence_start, floor), verbs=verbs, max_tail=tail,
                      first=True, coordinated=quote["kind"] == "full")
    if cue is not None:
        speaker = _speaker_of(text, cue, lower=sentence_start, upper=open_at, verbs=verbs)
        verb = verbs.lookup(re.sub(r"\s+", " ", cue.group(0).lower()))
        rule = "according_to" if verb.speaker_side == "right" else ("before" if quote["kind"] == "full" else "fragment_clause")
        _set_attribution(text, quote, cue=cue, speaker=speaker, rule=rule, **common)
        return
    # 2a. no verb: a speech-act noun with its possessor and a linking word right before the quote: 'Trump's
    #     claim that there have been "…"', 'her remark that "…"', 'his call for "a total ban"'
    owned = _possessed_noun(text, max(sentence_start, floor), open_at, verbs)
    if owned is not None:
        cue, speaker = owned
        _set_attribution(text, quote, cue=cue, speaker=speaker, rule="possessor_noun", **common)
        return
    same_sentence = previous is not None and previous["_close"] >= sentence_start and previous["_close"] >= para_start
    # 2b. a later quote of the same sentence takes the attribution of the earlier one
    if same_sentence and previous["cue_start"] is not None and previous["cue_start"] < open_at:
        if previous["_close"] < previous["cue_start"]:
            _inherit(quote, previous, "interrupted")
            return
        _inherit(quote, previous, "same_sentence")
        quote["speaker_rule"] = previous["speaker_rule"]
        return
    # 2c. a cue later in the same sentence ('… had "…" yet, she said in a video')
    #     also past other quotes of the sentence ('Guns are "…" and "…," Howard Dean proclaimed')
    sentence_end = _sentence_end(sentences, close_at, para_end)
    cue = None
    for match in _verb_matches(text, close_at + 1, sentence_end, verbs, lower=close_at + 1):
        if len(_MARKS.findall(text, close_at + 1, match.start())) % 2 == 0:
            cue = match
            break
    if cue is not None:
        lower = max((m.end() for m in _MARKS.finditer(text, close_at + 1, cue.start())), default=close_at + 1)
        speaker = _speaker_of(text, cue, lower=lower, upper=sentence_end, verbs=verbs)
        if speaker is not None:
            _set_attribution(text, quote, cue=cue, speaker=speaker, rule="sentence_after", **common)
            return
    # 2d. a label before a colon: 'Jeffrey M. Jones: "…"', 'From the report: "…"'
    head = text[sentence_start:open_at].rstrip()
    if head.endswith(":") and len(_WORDS.findall(head)) <= 8:
        colon = sentence_start + len(head) - 1
        speaker = subject_before(text, position=colon, lower_bound=sentence_start)
        if speaker is not None and not speaker[0].isupper():
            _set_attribution(text, quote, cue=_Colon(colon), speaker=speaker, rule="label_colon", **common)
            return
    # 3. a quote that opens a paragraph after 'X said:' closing the previous one
    if not lead and para_start > 0:
        before_end = _rstrip_end(text, para_start)  # len(text[:para_start].rstrip()), without the copy
        if before_end > 0 and text[before_end - 1] == ":":
            prev_para = paragraph_window(text, para_start) if para_start else 0
            lower = max(_sentence_start(sentences, before_end - 1, prev_para), prev_para)
            cue = _cue_before(text, position=before_end, lower=lower, verbs=verbs)
            if cue is not None:
                speaker = _speaker_of(text, cue, lower=lower, upper=before_end, verbs=verbs)
                _set_attribution(text, quote, cue=cue, speaker=speaker, rule="before_colon", **common)
                return
    # 3b. a quote that opens a sentence right after an attribution sentence of the same paragraph
    #     ('Or maybe Bush, consultant Phil Musser says. "…"'; 'She said she had made progress. "…"')
    if quote["kind"] == "full" and not text[sentence_start:open_at].strip() and sentence_start > para_start:
        previous_start = _sentence_start(sentences, sentence_start - 1, para_start)
        if not _MARKS.search(text, previous_start, sentence_start):
            previous_end = _rstrip_end(text, _rstrip_end(text, sentence_start), ".!?")
            cue = _cue_before(text, position=previous_end, lower=previous_start, verbs=verbs, max_tail=60, first=True)
            opening = _opening_cue(text, previous_start, previous_end, verbs)
            if opening is not None:
                # '"…?" | said Bob Mulholland, a superdelegate who has accused … . "…"': the sentence that ends a
                # quote's attribution after a split at '?"' opens with its cue, and that report goes on
                _set_attribution(text, quote, cue=opening[0], speaker=opening[1], rule="previous_sentence", **common)
                return
            if cue is not None and _negated(text, cue.start(), previous_start):
                cue = None  # 'He didn't suggest retaliation. "…"': a report denied introduces nobody's words
            if cue is not None:
                speaker = _speaker_of(text, cue, lower=previous_start, upper=previous_end, verbs=verbs)
                if speaker is not None:
                    _set_attribution(text, quote, cue=cue, speaker=speaker, rule="previous_sentence", **common)
                    return
    # 3c. a fragment characterising somebody: 'Reid has gone after Trump as a "con artist"', 'admires Putin as a
    #     "strong leader"' (the frame "V X as Y" of Levin's characterize verbs, 29.2, with any verb)
    if quote["kind"] == "fragment":
        frame = _AS_FRAME.search(text, max(sentence_start, open_at - 120), open_at)
        if frame is not None:
            cue = _Colon(frame.start("verb"), frame.group("verb"))
            speaker = subject_before(text, position=frame.start("verb"), lower_bound=sentence_start) \
                or clause_subject(text, start=sentence_start, position=frame.start("verb"))
            _set_attribution(text, quote, cue=cue, speaker=speaker, rule="characterized_as", **common)
            return
    # 3d. a paragraph that is a bare quotation after a paragraph whose last sentence is somebody's report, with no
    #     quotation of its own ('Jane Moss, the campaign manager, said the race was close.' ¶ '"We will win."')
    if quote["kind"] == "full" and not lead and para_start > 0:
        previous_end = _rstrip_end(text, para_start)
        previous_para = paragraph_window(text, para_start)
        if previous_end > previous_para and text[previous_end - 1] in ".!?" \
                and not _MARKS.search(text, previous_para, previous_end):
            previous_start = max(_sentence_start(sentences, previous_end - 1, previous_para), previous_para)
            cue = _cue_before(text, position=_rstrip_end(text, previous_end, ".!?"), lower=previous_start, verbs=verbs,
                              max_tail=60, first=True)
            if cue is not None and not _negated(text, cue.start(), previous_start):
                speaker = _speaker_of(text, cue, lower=previous_start, upper=previous_end, verbs=verbs)
                if speaker is not None:
                    _set_attribution(text, quote, cue=cue, speaker=speaker, rule="previous_paragraph", **common)
                    return
    # scare quotes without an attribution in between do not break the chain
    if index is not None:
        previous = index["attributed"]
    else:
        previous = next((q for q in reversed(earlier) if not (q["kind"] == "fragment" and q["cue_start"] is None)), None)
    if previous is None or previous["cue_start"] is None or previous["attribution_rule"] == "signature":
        return  # a signature closes its quote: the next quote is somebody else's
    # 4. interrupted: '"…," he said. "…"' takes the attribution between the halves (also when a title
    #    in quotes sits between: '"…," Clinton said on ABC's "This Week." "…"')
    if previous["_close"] >= para_start and previous["cue_start"] < open_at \
            and _closes_between(earlier, index, para_start, previous["cue_start"]):
        _inherit(quote, previous, "interrupted")
        later = _last_report_between(text, previous, open_at, verbs)
        if later is not None:
            # '"…," Sanders said, according to CNN. "…"': the source that closes the interruption introduces the
            # second half
            cue, speaker = later
            _set_attribution(text, quote, cue=cue, speaker=speaker, rule="interrupted", **common)
        return
    # 5. continuation: a paragraph that opens with a quote and states no speaker continues the previous quote
    if quote["kind"] == "full" and not lead and previous["speaker"] is not None:
        gap_length = max(0, para_start - previous["_close"] - 1)  # len(text[close + 1 : para_start])
        # (the cheap length test first: the other two read the whole gap, which can be most of a long document)
        if previous["_para"][1] <= para_start and gap_length < 400 \
                and _paragraphs_between(text, previous["_para"][1], para_start) == 0 \
                and not _WORDS.search(text, previous["_para"][1], para_start):
            _inherit(quote, previous, "continuation_inherited")


#: Up to three words or phrases of time, place or channel between a parenthetical cue and the comma or period
#: after it ("…, Trump said Monday.", "…, he said in a statement,"); an object ends the aside ("endorsed Cruz,").
_ASIDE_TAIL = re.compile(
    r"(?:\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|earlier|later|"
    r"recently|again|also|then|too|(?:last|this)\s+\w+)\b|(?:on|in|at|during|via|to|after|over|with)\s+"
    r"(?:(?:the|a|an|his|her|their|its)\s+)?[\w'’.-]+)){0,3}\s*(?:[,;—]|[.!?]?[\"”’]?\s*$)"
)


#: How far from a quote (in characters) a parenthetical report is looked for.
_ASIDE_REACH = 400


def _parenthetical_report(text: str, start: int, end: int, *, verbs: ReportingVerbs, skip: tuple[int, int],
                          reach: int | None = None):
    """A reporting clause set off by commas in ``[start, end)`` (a sentence): ', Rubio said.', ', the Times
    reported.', ', he said, ', ', said X.'. Returns (cue, speaker) or None. Cues inside ``skip`` (the quote) or
    inside other quotation marks do not count; nor does a verb with a complement ("…, he said that …"). Only
    cues before ``reach`` are read (a bounded window around the quote: one long sentence stays linear).

    Examples:
        >>> from analysis.framing.lexicons import load_reporting_verbs
        >>> t = 'Clinton is "the most divisive figure," Cross said.'
        >>> cue, speaker = _parenthetical_report(t, 0, len(t), verbs=load_reporting_verbs(), skip=(11, 37))
        >>> cue.group(0), speaker
        ('said', ('Cross', 39, 44))
        >>> t = 'Nor, he said, did he say anything "interpreted as" an order.'
        >>> _parenthetical_report(t, 0, len(t), verbs=load_reporting_verbs(), skip=(34, 50))[1]
        ('he', 5, 7)
        >>> t = 'He said, however, that he hopes "somebody" acts.'
        >>> _parenthetical_report(t, 0, len(t), verbs=load_reporting_verbs(), skip=(32, 42)) is None
        True
    """
    for cue in _verb_matches(text, start, min(end, reach) if reach is not None else end, verbs, lower=start):
        if skip[0] <= cue.start() < skip[1] or len(_MARKS.findall(text, start, cue.start())) % 2:
            continue
        verb = verbs.lookup(re.sub(r"\s+", " ", cue.group(0).lower()))
        if verb is None or verb.speaker_side == "none" or verb.kind == "thought" or verb.needs_quote:
            continue
        if verb.speaker_side != "right" and cue.group(0).lower().endswith("ing"):
            continue  # an aside is finite ("…, he said."); "…, saying …" is a participle of the clause
        if verb.speaker_side == "right":  # ', according to the Times.'
            source = subject_after(text, position=cue.end(), upper_bound=end, loose=True)
            if source is not None and last_char(text, start, cue.start(), skip="\"”’") in ",—" \
                    and _ASIDE_TAIL.match(text, source[2], end):
                return cue, source
            continue
        tail = _ASIDE_TAIL.match(text, cue.end(), end)
        if not tail:
            continue  # a complement follows: the verb heads its own clause
        following = _NEXT_TOKEN.match(text, tail.end())
        if cue.end() < skip[0] and following is not None and following.group(1).lower().endswith("ing") \
                and verbs.lookup(following.group(1).lower()) is not None:
            return None  # ', she said, referencing the bank's drive to "cross-sell"': the participle is nearer
        comma = max(text.rfind(",", start, cue.start()), text.rfind("—", start, cue.start()))
        if comma < 0:
            continue  # "He said, however, …": a main clause, not an aside
        between = text[comma + 1 : cue.start()].strip(" \t\xa0\"”’")  # the comma may end the quote: ',"  Cross said'
        if not between:
            speaker = subject_after(text, position=cue.end(), upper_bound=end)  # ', said Cross.'
        else:
            speaker = subject_before(text, position=cue.start(), lower_bound=comma + 1)
            if speaker is not None and text[comma + 1 : speaker[1]].strip(" \t\xa0\"”’"):
                speaker = None  # more than the speaker between the comma and the verb: not an aside
        if speaker is not None:
            return cue, speaker
    return None


#: A possessor, up to two modifiers and a noun before an opening mark, with a linking word or a colon between
#: ("Trump's claim that", "her March comment that", "his call for", "Clinton's remarks:"); a noun followed
#: straight by the quote is its subject ("said Trump's remarks "have had …"": the quote is the outer speaker's).
_POSSESSED = re.compile(
    r"(?:(?<![\w'’.-])(?P<owner>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*?)['’]s?|\b(?P<pronoun>[Hh]is|[Hh]er|[Tt]heir|[Ii]ts))"
    r"\s+(?:(?!the\b|a\b|an\b)[a-z\d][\w-]*(?<!ed)\s+){0,2}?(?P<noun>[a-z]+)"
    r"(?:\s+(?:to|of|about|on|for)\s*|\s+that(?:\s+[\w'’-]+){0,6}[ \t,]*|[ \t]*:[ \t]*)[\"“«]$"
)


#: Words whose "’s" is "is" or "has", never a possessive.
_CONTRACTED_SUBJECTS = frozenset({"it", "he", "she", "that", "there", "here", "what", "who", "where", "let", "this"})


def _possessed_noun(text: str, lower: int, open_at: int, verbs: ReportingVerbs):
    """A reporting noun with its possessor right before the opening mark at ``open_at``: (cue, speaker) or None.

    Examples:
        >>> from analysis.framing.lexicons import load_reporting_verbs
        >>> t = 'Politifact checked Trump’s claim that there were "thousands of shootings."'
        >>> cue, speaker = _possessed_noun(t, 0, t.index('"'), load_reporting_verbs())
        >>> cue.group(0), speaker
        ('claim', ('Trump', 19, 24))
        >>> t = 'He used her words "basket of deplorables."'
        >>> _possessed_noun(t, 0, t.index('"'), load_reporting_verbs()) is None
        True
    """
    match = _POSSESSED.search(text, max(lower, open_at - 160), open_at + 1)
    if match is None or verbs.noun(match.group("noun")) is None \
            or (match.group("owner") or "").lower() in _CONTRACTED_SUBJECTS:
        return None  # "It’s denouncing what it calls …": "It’s" is "it is", not a possessor
    # only the words between the noun and the mark: "claim that", "call for" (not a longer clause)
    group = "owner" if match.group("owner") is not None else "pronoun"
    return _Colon(match.start("noun"), match.group("noun")), (match.group(group), match.start(group), match.end(group))


def _opening_cue(text: str, start: int, end: int, verbs: ReportingVerbs):
    """A lowercase reporting verb that opens ``[start, end)`` with its speaker after it ("said Bob Mulholland, …"):
    (cue, speaker) or None.

    Examples:
        >>> from analysis.framing.lexicons import load_reporting_verbs
        >>> t = 'said Bob Mulholland, a superdelegate who has accused rivals.'
        >>> cue, speaker = _opening_cue(t, 0, len(t), load_reporting_verbs())
        >>> cue.group(0), speaker
        ('said', ('Bob Mulholland', 5, 19))
        >>> _opening_cue('Said to be ready, he left.', 0, 26, load_reporting_verbs()) is None
        True
    """
    match = verbs.pattern.match(text, start, end)
    if match is None or not match.group(0)[:1].islower():
        return None
    verb = verbs.lookup(re.sub(r"\s+", " ", match.group(0).lower()))
    if verb is None or verb.speaker_side != "left":
        return None
    speaker = subject_after(text, position=match.end(), upper_bound=end)
    return (match, speaker) if speaker is not None else None


def _last_report_between(text: str, previous: dict[str, Any], open_at: int, verbs: ReportingVerbs):
    """After the cue of ``previous`` and before ``open_at``: a closing ", according to X" that carries the report
    on to the next quotation (the outer source). Returns (cue, speaker) or None.

    Examples:
        >>> from analysis.framing.lexicons import load_reporting_verbs
        >>> t = '"We will," Sanders said, according to CNN. "Soon."'
        >>> cue, speaker = _last_report_between(t, {"cue_end": 23, "speaker_text": "Sanders", "speaker_start": 11,
        ...                                         "speaker_end": 18}, t.index('"Soon'), load_reporting_verbs())
        >>> cue.group(0), speaker
        ('according to', ('CNN', 38, 41))
    """
    start = int(previous["cue_end"])
    if open_at - start > _ASIDE_REACH or _MARKS.search(text, start, open_at):
        return None
    last = None
    for match in _verb_matches(text, start, open_at, verbs, lower=start):
        last = match
    if last is None or last_char(text, start, last.start()) != ",":
        return None
    verb = verbs.lookup(re.sub(r"\s+", " ", last.group(0).lower()))
    if verb.speaker_side == "right":
        source = subject_after(text, position=last.end(), upper_bound=open_at, loose=True)
        return (last, source) if source is not None else None
    return None  # a participle ("…, adding that …") does not: annotators keep the first cue about as often


def _rstrip_end(text: str, end: int, chars: str | None = None) -> int:
    """``len(text[:end].rstrip(chars))`` without copying the prefix."""
    end = max(0, min(end, len(text)))
    if chars is None:
        while end > 0 and text[end - 1].isspace():
            end -= 1
    else:
        while end > 0 and text[end - 1] in chars:
            end -= 1
    return end


def _closes_between(earlier, index, low: int, high) -> bool:
    """Does a quote of ``earlier`` close at ``low`` or later and before ``high``?"""
    if index is None:
        return any(q["_close"] < high for q in earlier if q["_close"] >= low)
    closes = index["closes"]
    position = bisect.bisect_left(closes, low)
    return position < len(closes) and closes[position] < high


def _paragraphs_between(text: str, start: int, end: int) -> int:
    """How many non-empty paragraphs lie strictly between two offsets (0: adjacent paragraphs)."""
    return len([p for p in re.split(r"\n\s*\n|\n", text[start:end]) if p.strip()])


def quote_table(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    body: dict[str, list[tuple[int, int]]] | None = None,
    sentences: pd.DataFrame | None = None,
    lexicon: Any = None,
    verbs: ReportingVerbs | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find the quotes of every document.

    Args:
        documents: The document table.
        mentions: The actor mention table.
        body: Body spans per document (from cleaning).
        sentences: The sentence table.
        lexicon: The actor lexicon.
        verbs: The reporting-verb lexicon.

    Returns:
        ``(quotes, problems)`` tables.
    """
    rows: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    by_doc = records_by_doc(mentions.sort_values(["doc_id", "start"], kind="mergesort"))
    sents = spans_by_doc(sentences) if sentences is not None else {}
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        found, trouble = find_quotes(
            text, doc_id=doc_id, mentions=by_doc.get(doc_id, []), spans=None if body is None else body.get(doc_id, []),
            sentences=sents.get(doc_id), lexicon=lexicon, verbs=verbs,
        )
        rows += found
        problems += trouble
    quotes = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    ints = ["quote_id", "start", "end", "n_words"]
    optional_ints = ["speaker_start", "speaker_end", "speaker_source_start", "speaker_source_end", "cue_start", "cue_end"]
    quotes = quotes.astype({c: "int64" for c in ints} | {c: "Int64" for c in optional_ints})
    for column in QUOTE_COLUMNS:
        if column not in ints + optional_ints:
            quotes[column] = quotes[column].astype("string")
    problems_table = pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS)).astype(
        {"doc_id": "string", "start": "int64", "end": "int64", "problem": "string", "context": "string"}
    )
    return quotes, problems_table
