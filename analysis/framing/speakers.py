"""Who is speaking: find speaker phrases in news sentences and resolve them.

Shared by :mod:`analysis.framing.quotes` and :mod:`analysis.framing.attributions`.

**Finding the phrase.** :func:`subject_before` reads leftwards from a
reporting verb and :func:`subject_after` rightwards (``said X``). Both take
any noun phrase, not only actors of the lexicon:

* names with titles and initials ("Rep. Adam B. Schiff", "Mr. Rove",
  "Sen. Marco Rubio (R-Fla.)"): abbreviations never end the phrase;
* noun phrases with a determiner or quantifier ("a student group",
  "another source", "21 percent of voters") or a bare plural ("officials");
* a pronoun ("he", "they") or a relative pronoun ("experts who say": the
  phrase is ``who``, as news annotation marks it);
* appositives and relative clauses between speaker and verb ("X, the ranking
  Democrat on the committee, urged"; "X, 30, of Raleigh, N.C., who …,
  said"): the phrase is the head before the first comma;
* :func:`clause_subject` gives the subject of a clause for coordinated verbs
  and participles ("X left the room and said", "X revised the plan, saying").

**Resolving it.** :func:`resolve_speaker`, in order:

1. a pronoun (``he``, ``she``) goes to the nearest earlier compatible person
   (lexicon pronoun compatible; unknown counts as compatible), ``it`` to the
   nearest organisation or state, among the actor mentions and the speaker
   phrases already found, but only back to the start of the previous
   paragraph (the caller gives ``window_start``) and never across documents;
   ``they``, ``we``, ``I`` and unresolvable pronouns are kept as written;
2. a relative ``who``/``which`` goes to the phrase right before it;
3. otherwise, to the actor of the last actor mention inside the phrase
   (the head: "Zelenskiy spokesman Serhiy Nykyforov" is Nykyforov);
4. otherwise, to whatever the actor lexicon resolves the phrase to;
5. otherwise the speaker is the phrase itself, as written.

Examples:
    >>> mentions = [{"start": 0, "end": 9, "actor": "Volodymyr Zelenskiy", "actor_type": "person"}]
    >>> resolve_speaker("he", start=40, end=42, mentions=mentions, lexicon=None)
    ('Volodymyr Zelenskiy', 'pronoun')
    >>> resolve_speaker("Experts", start=40, end=47, mentions=mentions, lexicon=None)
    ('Experts', 'unmatched')
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any, Sequence

#: Pronouns resolved to earlier mentions, with the lexicon pronouns they accept.
RESOLVABLE_PRONOUNS: dict[str, frozenset[str | None]] = {
    "he": frozenset({"he", None}),
    "she": frozenset({"she", None}),
    "it": frozenset({"it", None}),
}
#: Pronouns recognised as speakers but left unresolved.
OTHER_PRONOUNS: frozenset[str] = frozenset({"they", "we", "i", "you"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that"})
#: The actor types a pronoun may refer to.
PRONOUN_TYPES: dict[str, frozenset[str]] = {
    "he": frozenset({"person"}),
    "she": frozenset({"person"}),
    "it": frozenset({"organisation", "state", "group"}),
}
#: Words that make a capitalised speaker phrase an organisation rather than a person.
ORGANISATION_WORDS: frozenset[str] = frozenset(
    {"party", "committee", "campaign", "department", "house", "times", "post", "news", "inc", "inc.", "company",
     "association", "council", "agency", "office", "ministry", "government", "university", "institute", "center",
     "centre", "foundation", "network", "commission", "bureau", "administration", "court", "senate", "congress",
     "group", "journal", "service", "corp", "corp.", "poll", "report", "survey", "study", "statement", "police", "army", "pentagon", "kremlin", "union", "bank", "fund", "board", "press", "tribune", "cnn", "fbi"}
)


def is_pronoun(word: str) -> bool:
    """True for a speaker pronoun.

    Examples:
        >>> is_pronoun("He"), is_pronoun("Zelenskiy")
        (True, False)
    """
    lowered = word.lower()
    return lowered in RESOLVABLE_PRONOUNS or lowered in OTHER_PRONOUNS


def phrase_type(phrase: str) -> str:
    """Guess the actor type of a speaker phrase outside the lexicon: person, organisation or unknown.

    Examples:
        >>> phrase_type("Rep. Adam B. Schiff"), phrase_type("the Justice Department"), phrase_type("a source")
        ('person', 'organisation', 'unknown')
    """
    words = phrase.split()
    if any(w.lower().strip(".,") in ORGANISATION_WORDS for w in words):
        return "organisation"
    if words and all(w[:1].isupper() for w in words) and not is_pronoun(phrase):
        return "person"
    return "unknown"


def resolve_pronoun(
    pronoun: str, *, position: int, mentions: Sequence[dict[str, Any]], lexicon: Any,
    window_start: int | None = None,
) -> dict[str, Any] | None:
    """Find the nearest compatible mention before ``position``.

    Args:
        pronoun: ``he``, ``she`` or ``it`` (any case).
        position: Offset the mention must end before.
        mentions: Mentions (dicts with ``start``, ``end``, ``actor``,
            ``actor_type``), sorted by ``start``; speaker phrases found earlier
            can be among them (``actor_type`` ``unknown`` fits any pronoun but it).
        lexicon: An actor lexicon with ``get(name).pronoun``, or ``None``.
        window_start: Mentions that start before it are not considered.

    Returns:
        The mention, or ``None``.

    Examples:
        >>> ms = [{"start": 0, "end": 5, "actor": "Merz", "actor_type": "person"},
        ...       {"start": 10, "end": 15, "actor": "Russia", "actor_type": "state"}]
        >>> resolve_pronoun("he", position=20, mentions=ms, lexicon=None)["actor"]
        'Merz'
        >>> resolve_pronoun("it", position=20, mentions=ms, lexicon=None)["actor"]
        'Russia'
        >>> resolve_pronoun("he", position=20, mentions=ms, lexicon=None, window_start=3) is None
        True
        >>> resolve_pronoun("they", position=20, mentions=ms, lexicon=None) is None
        True
    """
    lowered = pronoun.lower()
    accepted = RESOLVABLE_PRONOUNS.get(lowered)
    if accepted is None:
        return None
    types = PRONOUN_TYPES[lowered]
    index = bisect.bisect_left(mention_starts(mentions), position)
    for i in range(index - 1, -1, -1):  # backwards from the last mention before ``position``, without a copy
        mention = mentions[i]
        if window_start is not None and mention["start"] < window_start:
            break
        if mention["end"] > position:
            continue
        kind = mention.get("actor_type")
        if kind not in types and not (kind == "unknown" and lowered != "it"):
            continue
        declared = mention.get("pronoun")
        if declared is None and lexicon is not None and kind in ("person", "organisation", "state", "group"):
            try:
                declared = lexicon.get(mention["actor"]).pronoun
            except KeyError:
                declared = None
        if declared in accepted or (lowered == "it" and declared is None):
            return mention
    return None


def resolve_speaker(
    phrase: str, *, start: int, end: int, mentions: Sequence[dict[str, Any]], lexicon: Any,
    window_start: int | None = None, text: str | None = None, extra: Sequence[dict[str, Any]] = (),
) -> tuple[str, str]:
    """Resolve a speaker phrase found at ``[start, end)``.

    Returns:
        ``(speaker, rule)``: the canonical actor or the phrase as written,
        and which rule decided it (``pronoun``, ``relative``, ``mention``,
        ``lexicon``, ``unmatched``, or ``pronoun_unresolved``). ``extra``
        holds speaker phrases found earlier in the document (mention-like
        dicts), which pronouns may also refer to.

    Examples:
        >>> ms = [{"start": 0, "end": 9, "actor": "Volodymyr Zelenskiy", "actor_type": "person"},
        ...       {"start": 20, "end": 37, "actor": "Serhiy Nykyforov", "actor_type": "person"}]
        >>> resolve_speaker("Zelenskiy spokesman Serhiy Nykyforov", start=0, end=37, mentions=ms, lexicon=None)
        ('Serhiy Nykyforov', 'mention')
        >>> resolve_speaker("they", start=50, end=54, mentions=ms, lexicon=None)
        ('they', 'pronoun_unresolved')
        >>> place = [{"start": 13, "end": 17, "actor": "Kyiv", "actor_type": "place"}]
        >>> resolve_speaker("Officials in Kyiv", start=0, end=17, mentions=place, lexicon=None)
        ('Officials in Kyiv', 'unmatched')
        >>> t = "security experts who say"
        >>> resolve_speaker("who", start=17, end=20, mentions=[], lexicon=None, text=t)
        ('security experts', 'relative')
    """
    stripped = phrase.strip()
    if is_pronoun(stripped):
        found = resolve_pronoun(stripped, position=start, mentions=mentions, lexicon=lexicon, window_start=window_start)
        if text is not None and stripped.lower() in ("he", "she"):
            lower = window_start if window_start is not None else max(0, start - 2000)
            # in the sorted list resolve_pronoun can only choose a phrase in ``[window_start, start)`` (it takes
            # nothing at or after start and looks no further back than window_start): the rest are dropped first
            extra = sorted(_phrases_between(extra, window_start, start) + titled_names(text, lower, start),
                           key=lambda m: m["start"])
        else:
            extra = extra if isinstance(extra, list) else list(extra)  # only read: no copy needed
        other = resolve_pronoun(stripped, position=start, mentions=extra, lexicon=None, window_start=window_start) if extra else None
        if other is not None and (found is None or other["start"] > found["end"]):
            found = other
        return (found["actor"], "pronoun") if found else (phrase, "pronoun_unresolved")
    if stripped.lower() in RELATIVE_PRONOUNS and text is not None:
        head = subject_before(text, position=start, lower_bound=max(0, start - 200))
        if head is not None and head[0].lower() not in RELATIVE_PRONOUNS and not is_pronoun(head[0]):
            speaker, _ = resolve_speaker(head[0], start=head[1], end=head[2], mentions=mentions, lexicon=lexicon)
            return speaker, "relative"
        return phrase, "unmatched"
    head_end = end
    locative = re.search(r"\s(?:in|at|from)\s", phrase)
    if locative is not None:  # "officials in Kyiv": the speaker is the head, not the place
        head_end = start + locative.start()
    starts = mention_starts(mentions)
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, head_end)
    inside = [m for m in mentions[lo:hi] if m["end"] <= head_end and m.get("actor_type") not in ("place", "unknown")]
    if inside:
        return inside[-1]["actor"], "mention"
    if lexicon is not None and locative is None:
        actor = lexicon.resolve(phrase)
        if actor is not None:
            return actor.name, "lexicon"
    return phrase, "unmatched"


#: Recently used start lists, by ``id`` of the mention list: ``id -> (list, its length, starts)``.
_STARTS_CACHE: dict[int, tuple[Sequence[dict[str, Any]], int, list[int]]] = {}
_STARTS_CACHE_SIZE = 8


def mention_starts(mentions: Sequence[dict[str, Any]]) -> list[int]:
    """``[m["start"] for m in mentions]``, remembered for the few lists in use, so that resolving every speaker of
    a long document does not rebuild it each time (a list that grows is read again).

    Examples:
        >>> mention_starts([{"start": 3}, {"start": 8}])
        [3, 8]
    """
    key = id(mentions)
    cached = _STARTS_CACHE.pop(key, None)
    if cached is None or cached[0] is not mentions or cached[1] != len(mentions):
        if len(mentions) < 32:
            return [m["start"] for m in mentions]  # cheaper than caching
        cached = (mentions, len(mentions), [m["start"] for m in mentions])
    _STARTS_CACHE[key] = cached  # most recently used last
    while len(_STARTS_CACHE) > _STARTS_CACHE_SIZE:
        _STARTS_CACHE.pop(next(iter(_STARTS_CACHE)))
    return cached[2]


#: Start-sorted indexes of growing lists of speaker phrases: ``id -> [list, indexed length, starts, positions]``.
_PHRASE_INDEX: dict[int, list[Any]] = {}
_PHRASE_INDEX_MIN = 64  # shorter lists are filtered directly


def _phrases_between(phrases: Sequence[dict[str, Any]], low: int | None, high: int) -> list[dict[str, Any]]:
    """``[m for m in phrases if m["start"] < high and (low is None or m["start"] >= low)]``.

    A long list (the speaker phrases found so far in a document, which only
    grows) is indexed by start once, and extended as it grows, so that a query
    costs about the number of phrases it returns.

    Examples:
        >>> ps = [{"start": s} for s in (5, 1, 9, 3)]
        >>> [m["start"] for m in _phrases_between(ps, 2, 9)]
        [5, 3]
    """
    if not isinstance(phrases, list) or len(phrases) < _PHRASE_INDEX_MIN:
        return [m for m in phrases if m["start"] < high and (low is None or m["start"] >= low)]
    key = id(phrases)
    entry = _PHRASE_INDEX.pop(key, None)
    if entry is None or entry[0] is not phrases or entry[1] > len(phrases):
        entry = [phrases, 0, [], []]
    _PHRASE_INDEX[key] = entry  # most recently used last
    while len(_PHRASE_INDEX) > 4:
        _PHRASE_INDEX.pop(next(iter(_PHRASE_INDEX)))
    _, indexed, starts, positions = entry
    for position in range(indexed, len(phrases)):
        value = phrases[position]["start"]
        at = bisect.bisect_right(starts, value)
        starts.insert(at, value)
        positions.insert(at, position)
    entry[1] = len(phrases)
    lo = 0 if low is None else bisect.bisect_left(starts, low)
    hi = bisect.bisect_left(starts, high)
    return [phrases[position] for position in sorted(positions[lo:hi])]  # in list order, as the filter gives


_TITLED_NAME = re.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Miss|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Prof|Rev|President|Senator|Governor|"
    r"Congressman|Congresswoman|Judge|Justice|Mayor|Secretary)\.?\s+(?:[A-Z][a-z'’-]+\s+|[A-Z]\.\s+){0,3}[A-Z][a-z'’-]+"
)
_TITLE_PRONOUN = {"Mr": "he", "Mrs": "she", "Ms": "she", "Miss": "she", "Congressman": "he", "Congresswoman": "she"}


def titled_names(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """Names with a title ("Gov. Maria Lopez", "Mr. Rove") in ``[start, end)``: persons for pronouns.

    Examples:
        >>> [(m["actor"], m["pronoun"]) for m in titled_names("Then Ms. Dong and Gov. Al B. Ruiz met.", 0, 38)]
        [('Ms. Dong', 'she'), ('Gov. Al B. Ruiz', None)]
    """
    return [
        {"start": m.start(), "end": m.end(), "actor": m.group(0), "actor_type": "person",
         "pronoun": _TITLE_PRONOUN.get(m.group("title"))}
        for m in _TITLED_NAME.finditer(text, start, end)
    ]


def paragraph_window(text: str, position: int, sentence_starts: Sequence[int] | None = None) -> int:
    r"""The start of the paragraph before the one holding ``position`` (pronoun resolution reaches back to it).

    With ``sentence_starts`` (sorted starts of the body sentences), a line
    with no body sentence (boilerplate such as "SEE ALSO: …") is not counted
    as the previous paragraph.

    Examples:
        >>> t = "A spoke.\n\nB spoke.\n\nHe said."
        >>> paragraph_window(t, t.index("He"))
        10
        >>> t = "A spoke.\nSEE ALSO: x\nHe said."
        >>> paragraph_window(t, t.index("He"), sentence_starts=[0, t.index("He")])
        0
    """
    current = text.rfind("\n", 0, position)
    if current < 0:
        return 0
    for _ in range(3):
        previous = current
        while previous > 0 and text[previous - 1] in "\n\r \t":
            previous -= 1
        found = text.rfind("\n", 0, previous)
        start = found + 1 if found >= 0 else 0
        if sentence_starts is None or start == 0:
            return start
        index = bisect.bisect_left(sentence_starts, start)
        if index < len(sentence_starts) and sentence_starts[index] <= previous:
            return start
        current = found
    return start


# --------------------------------------------------------------------------- #
# finding the speaker phrase in raw text
# --------------------------------------------------------------------------- #
#: Abbreviations that never end a phrase: titles, initials, states ("Sen.", "B.", "U.S.", "Fla.").
_ABBREV = (
    r"(?<![^\W\d_])(?:Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Govs|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Messrs|"
    r"Jr|Sr|St|Ft|Mt|Pres|Supt|Atty|Sec|Gens|Calif|Fla|Ky|Tenn|Mass|Conn|Penn|Ill|Ind|Mich|Minn|Wis|Ariz|Colo|"
    r"Nev|Ore|Wash|Tex|Ala|Ark|Ga|La|Md|Mo|Neb|Okla|Va|Vt|Del|Kan|Miss|Mont|Wyo|Inc|Corp|Co|Ltd|Bros)\."
)
#: Words and the punctuation that ends a subject search.
WORD = re.compile(
    _ABBREV + r"|(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[^\W_](?:[^\W_]|[.'’-])*[^\W_]|[^\W_]|-{2,}"
    r"|[,;:()\"“”«»—–]|[.!?](?=\s|$)"
)
#: Words skipped between a subject and its verb ("Putin has also said").
SKIP_WORDS: frozenset[str] = frozenset(
    {"has", "have", "had", "will", "would", "could", "can", "may", "might", "must", "shall", "should",
     "did", "does", "do", "also", "not", "never", "again", "later", "then", "still", "just", "already",
     "previously", "repeatedly", "once", "often", "too", "been", "is", "was", "are", "were",
     "and", "or", "first", "long", "even", "now", "always", "since", "being", "n't", "further",
     "publicly", "privately", "reportedly", "initially", "quickly"}
)
#: Lowercase nouns that can head a source phrase without a determiner ("officials say").
SOURCE_NOUNS: frozenset[str] = frozenset(
    {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "minister", "ministry", "president",
     "leader", "leaders", "expert", "experts", "analyst", "analysts", "source", "sources", "diplomat",
     "diplomats", "observer", "observers", "critic", "critics", "lawmaker", "lawmakers", "statement",
     "report", "government", "administration", "commander", "commanders", "military", "army", "police",
     "witness", "witnesses", "resident", "residents", "authorities", "agency", "office", "spokespeople",
     "prosecutor", "prosecutors", "investigators", "aide", "aides", "adviser", "advisers", "advisor",
     "chancellor", "premier", "secretary", "envoy", "ambassador", "general", "governor", "mayor", "people",
     "voters", "polls", "data", "research", "supporters", "democrats", "republicans", "staff", "public",
     "poll", "survey", "surveys", "study", "studies", "analysis", "footage", "document", "documents", "records",
     "email", "emails", "letter", "memo", "ad", "video", "website", "results", "findings", "figures", "estimates",
     "scientists", "economists", "historians", "scholars", "researchers", "others", "many", "few", "most",
     "both", "some", "all", "campaign", "group", "groups", "organizers", "activists", "advocates"}
)
#: Documents that report findings: a verb that needs a complement ("found that") needs none after them
#: ("the poll found", "a 2009 paper found improvements").
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    {"poll", "polls", "survey", "surveys", "study", "studies", "report", "reports", "analysis", "paper", "review",
     "investigation", "audit", "research", "data", "census", "inquiry", "probe", "researchers", "investigators"}
)
#: Title words that may stand lowercase inside a name phrase ("Zelenskiy spokesman Serhiy Nykyforov").
TITLE_WORDS: frozenset[str] = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "minister", "president", "adviser", "advisor", "aide",
     "chief", "head", "leader", "envoy", "ambassador", "secretary", "general", "prime", "foreign", "defense",
     "defence", "deputy", "former", "opposition", "chancellor", "commander", "of", "the", "nominee",
     "candidate", "senator", "congressman", "congresswoman", "governor", "mayor", "strategist", "director",
     "chairman", "chairwoman", "founder", "executive", "manager", "professor", "analyst", "pollster",
     "presidential", "vice", "attorney", "speaker", "press", "campaign", "host", "anchor", "rep."}
)
DETERMINERS: frozenset[str] = frozenset({"the", "a", "an"})
#: Words that open a noun phrase ("another source", "21 percent", "many reporters").
NP_OPENERS: frozenset[str] = frozenset(
    {"the", "a", "an", "another", "many", "some", "several", "most", "few", "both", "all", "each", "one", "two", "my", "your",
     "three", "four", "five", "his", "her", "their", "its", "our", "these", "those", "this", "other", "more",
     "nearly", "about", "almost", "half", "no", "every", "any", "such", "whose"}
)
#: Lowercase words that never sit inside a speaker noun phrase.
NP_STOP: frozenset[str] = frozenset(
    {"to", "in", "on", "at", "with", "by", "from", "into", "over", "after", "before", "during", "than", "as",
     "and", "but", "or", "that", "which", "who", "if", "because", "while", "when", "where", "whether", "not",
     "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should",
     "may", "might", "must", "do", "does", "did", "so", "then", "there", "here", "it", "he", "she", "they",
     "we", "i", "you", "him", "them", "us", "me", "what", "how", "why", "said", "says", "say", "told",
     "against", "without", "about", "under", "between", "through", "until", "since", "like", "also", "just"}
)
#: Prepositions of place inside a speaker phrase ("officials in Kyiv").
LOCATIVES: frozenset[str] = frozenset({"in", "at", "from"})
#: Prepositions that make the phrase after them an adverbial, not a subject ("After the meeting, …").
PREPOSITIONS: frozenset[str] = frozenset(
    {"in", "on", "at", "for", "with", "from", "by", "after", "before", "during", "to", "into", "of", "about",
     "over", "under", "than", "like", "since", "despite", "amid", "through", "against", "without", "told"}
)
WEEKDAYS: frozenset[str] = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
     "tonight", "earlier", "later", "recently", "last", "this", "week", "morning", "afternoon", "evening", "night"}
)
#: Capitalised words that open a sentence or clause and are never part of a name.
CLAUSE_OPENERS: frozenset[str] = frozenset(
    {"while", "when", "as", "but", "and", "since", "meanwhile", "however", "if", "although", "though", "after",
     "before", "still", "in", "on", "at", "for", "with", "from", "by", "because", "yet", "so", "then", "now",
     "also", "even", "instead", "moreover", "separately", "earlier", "later", "last", "this", "that", "these",
     "those", "it", "there", "here", "what", "why", "how", "where", "who", "which", "a", "an", "not", "no",
     "during", "despite", "asked", "speaking", "according", "like", "unlike", "under", "over", "about",
     "without", "among", "through", "until", "to", "of", "he", "she", "they", "we", "i", "you", "his", "her",
     "their", "our", "my", "your", "its", "throughout", "indeed", "back", "perhaps", "finally",
     "already", "again", "overall", "furthermore", "nevertheless", "nonetheless", "thus", "hence", "therefore",
     "besides", "within", "across", "along", "around", "behind", "beyond", "toward", "towards", "upon", "via",
     "amid", "against", "once", "whether", "unless", "whereas", "rather", "otherwise", "plus", "ultimately"}
)
_QUOTE_MARKS = frozenset("\"“”«»")
_STOPPERS = frozenset(list(";:.!?()—–") + ["--", "\"", "“", "”", "«", "»"])


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text, start, end)]


#: How far back from a cue (in characters) the speaker rules read: longer than any subject, appositive or
#: adverb run of a news sentence, and a bound, so that one very long sentence stays linear in its cues.
LOOKBACK_CHARS = 1_000


def _words_back(text: str, lower: int, position: int) -> list[tuple[str, int, int]]:
    """The words between ``lower`` and ``position``, at most :data:`LOOKBACK_CHARS` back (never half a word).

    Examples:
        >>> t = "x" * 1_500 + " Officials said"
        >>> [w for w, _, _ in _words_back(t, 0, t.index(" said"))]
        ['Officials']
        >>> [w for w, _, _ in _words_back("Kyiv officials said", 0, 14)]
        ['Kyiv', 'officials']
    """
    start = max(lower, position - LOOKBACK_CHARS)
    if start > lower:  # inside the text: skip to the end of a word cut by the window
        while start < position and not text[start - 1].isspace():
            start += 1
    return _words(text, start, position)


def _first_words(text: str, start: int, end: int, n: int) -> list[tuple[str, int, int]]:
    """The first ``n`` words between ``start`` and ``end`` (reads no further)."""
    return [(m.group(0), m.start(), m.end()) for m in itertools.islice(WORD.finditer(text, start, end), n)]


_CALENDAR = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
     "april", "june", "july", "august", "september", "october", "november", "december"}
)


def _is_name_word(word: str) -> bool:
    """A capitalised word (or abbreviation, number-with-capital) that can be part of a name."""
    if word.lower() in CLAUSE_OPENERS or word.lower() in _CALENDAR:
        return False
    return word[:1].isupper()


def _is_subject_word(word: str) -> bool:
    return _is_name_word(word) or word.lower() in TITLE_WORDS


def _np_before(words: list[tuple[str, int, int]], i: int, strict: bool = False) -> int | None:
    """Index of the first word of a noun phrase that ends at ``words[i]``, or ``None``."""
    word = words[i][0]
    low = word.lower()
    if not word[:1].isalnum():
        return None
    if is_pronoun(word) or low in RELATIVE_PRONOUNS:
        return i
    if low in _BARE_QUANTIFIERS:  # "some say", "Others said", "another says"
        return i
    if not strict and (low[:1].isdigit() or low.endswith("%") or low in _AMOUNT_WORDS):  # "47% say", "three in 10 said"
        j = i
        while j - 1 >= 0 and i - j < 6 and (
            words[j - 1][0][:1].isdigit() or words[j - 1][0].lower() in _AMOUNT_WORDS | {"in", "of", "than", "about",
                                                                                        "nearly", "almost", "more", "fewer",
                                                                                        "roughly", "some", "over", "under"}
        ):
            j -= 1
        while j < i and words[j][0].lower() in ("in", "of", "than"):
            j += 1
        return j
    if _is_subject_word(word) and low not in DETERMINERS | {"of"}:
        j = i
        while j >= 0 and words[j][0][:1].isalnum() and (_is_subject_word(words[j][0]) or words[j][0][:1].isdigit()):
            j -= 1
        j += 1
        while j <= i and words[j][0].lower() in ("of", "the"):
            j += 1
        if j > i:
            return None
        # a determiner and lowercase modifiers before a name ("the Stanford medieval-history graduate")
        k = j - 1
        steps = 0
        while k >= 0 and steps < 4 and words[k][0][:1].isalpha() and words[k][0].lower() not in NP_STOP:
            if words[k][0].lower() in NP_OPENERS:
                return k
            if words[k][0][:1].isupper():
                break
            k -= 1
            steps += 1
        return j
    if strict and low in SOURCE_NOUNS and low in NP_OPENERS:  # "many think", "both say"
        return i
    if low in NP_STOP or low in NP_OPENERS or low.endswith("ly") or not word[:1].isalnum():
        return None
    if strict and low not in SOURCE_NOUNS:
        return None
    # a lowercase noun: look left for a determiner or quantifier
    k = i - 1
    while k >= 0 and i - k <= 7:
        w = words[k][0]
        wl = w.lower()
        if wl in NP_OPENERS or w[:1].isdigit():
            return k
        if not w[:1].isalnum() or wl in NP_STOP - {"of", "for"} or wl.endswith("ed"):
            break
        k -= 1
    if low in SOURCE_NOUNS or (low.endswith("s") and not low.endswith("ss") and len(low) > 3):
        j = i
        while j - 1 >= 0 and i - j < 3 and words[j - 1][0][:1].isalpha() and words[j - 1][0].lower() not in NP_STOP \
                and not words[j - 1][0].lower().endswith(("ly", "ed")):
            j -= 1
        return j
    return None


_AMOUNT_WORDS = frozenset({"half", "percent", "majority", "majorities", "third", "thirds", "quarter", "one", "two",
                           "three", "four", "five", "six", "seven", "eight", "nine", "ten"})
_BARE_QUANTIFIERS = frozenset({"some", "many", "others", "another", "most", "few", "both", "several", "all"})


def _preceded_by_preposition(words, j: int) -> bool:
    return j > 0 and words[j - 1][0].lower() in PREPOSITIONS


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
#: Adverbs that can open a clause but never head a subject ("… often in his campaign, and criticized").
_NEVER_SUBJECTS = frozenset({"often", "also", "again", "then", "now", "still", "never", "always", "sometimes",
                             "repeatedly", "once", "later", "earlier", "too", "even", "just", "already", "instead"})


def _skip_back(words, i: int) -> int:
    """Skip auxiliaries, adverbs, time words and a parenthesis ("(R-Fla.)") before a verb."""
    while i >= 0:
        low = words[i][0].lower()
        if low in ("and", "or"):  # "repeatedly and falsely claimed"
            if i > 0 and words[i - 1][0].endswith("ly") and words[i - 1][0][:1].islower():
                i -= 1
                continue
            return i
        if low in SKIP_WORDS or (low.endswith("ly") and words[i][0][:1].islower() and len(low) > 4):
            i -= 1
            continue
        if low in ("morning", "afternoon", "evening", "night") and i > 0 and words[i - 1][0].lower() in WEEKDAYS:
            i -= 1
            continue
        if low in WEEKDAYS and words[i][0][:1].isupper() and i > 0 and words[i - 1][0].lower() in ("on", "last"):
            i -= 2
            continue
        if _YEAR.fullmatch(low) and i > 0 and words[i - 1][0].lower() in ("in", "since", "by", "until"):
            i -= 2  # "McConnell, who in 2010 said": a date, not the subject
            continue
        if words[i][0] == ")":
            k = i - 1
            while k >= 0 and i - k < 8 and words[k][0] != "(":
                k -= 1
            if k >= 0 and words[k][0] == "(":
                i = k - 1
                continue
        return i
    return i


def _appositive_opener(segment) -> bool:
    first = segment[0][0]
    low = first.lower()
    if low in NP_OPENERS or low in RELATIVE_PRONOUNS or low in ("whose", "of", "from", "like", "now", "then",
                                                                 "however", "too", "though", "himself",
                                                                 "herself", "also", "in", "at", "for", "with"):
        return True
    if first[:1].isdigit() or (low.endswith("ing") and first[:1].islower()):
        return True
    if low.endswith(("'s", "’s")) or any(w[0].lower() in TITLE_WORDS - {"of", "the"} for w in segment):
        return True  # "Twitter's director of political advertising", "chief of staff"
    if len(segment) <= 2 and all(w[0][:1].isupper() for w in segment):  # "R-Ky.", "N.C.", "D-Calif."
        return any("-" in w[0] or w[0].endswith(".") for w in segment) or len(segment[0][0]) <= 3
    return False


def _appositive_head(words, i: int) -> int | None:
    """``words[i]`` is the comma before a verb: the head before an appositive chain, as (start, end) indexes."""
    commas = [i]
    k = i - 1
    while k >= 0 and i - k < 45:
        w = words[k][0]
        if w in _STOPPERS or w in _QUOTE_MARKS:
            break
        if w == ",":
            commas.append(k)
        k -= 1
    best = None
    for m in range(1, min(len(commas), 6)):
        # segments between commas[m] and commas[0] must all be appositive-like
        ok = True
        for a in range(m, 0, -1):
            segment = words[commas[a] + 1 : commas[a - 1]]
            if not segment or not _appositive_opener(segment):
                ok = False
                break
        if not ok:
            break
        end = commas[m] - 1
        if end >= 0 and words[end][0] == ")":  # "Sen. Richard J. Durbin (D-Ill.), noting …, said"
            k = end - 1
            while k >= 0 and end - k < 8 and words[k][0] != "(":
                k -= 1
            end = k - 1 if k >= 0 else -1
        if end < 0:
            break
        start = _np_before(words, end)
        if start is not None and not _preceded_by_preposition(words, start) and words[end][0].lower() not in RELATIVE_PRONOUNS:
            best = (start, end)
    return best


def _name_between_commas(text: str, words, i: int) -> tuple[str, int, int] | None:
    """'His campaign manager, Jeff Weaver, said': the name set off by commas right before the verb."""
    k = i - 1
    while k >= 0 and i - k <= 5 and words[k][0] != ",":
        if not (words[k][0][:1].isupper() and words[k][0][:1].isalpha()) or words[k][0].lower() in CLAUSE_OPENERS:
            return None
        k -= 1
    if k < 1 or words[k][0] != "," or k == i - 1 or i - k > 5:
        return None
    start, end = words[k + 1][1], words[i - 1][2]
    return text[start:end], start, end


def subject_before(text: str, *, position: int, lower_bound: int, strict: bool = False) -> tuple[str, int, int] | None:
    """Find the speaker phrase that ends right before a verb at ``position``.

    Skips auxiliaries, adverbs and a parenthesis ("has also", "(R-Fla.)"),
    then takes a pronoun, a name with its titles, a noun phrase, or the head
    of an appositive or relative clause. Stops at punctuation or ``lower_bound``.

    With ``strict``, a lowercase noun counts only when it is a typical
    source ("officials"): the test of whether a word is a verb at all.

    Returns:
        ``(phrase, start, end)`` with ``text[start:end] == phrase``, or ``None``.

    Examples:
        >>> t = "Meanwhile, Zelenskiy spokesman Serhiy Nykyforov said"
        >>> subject_before(t, position=t.index(" said"), lower_bound=0)
        ('Zelenskiy spokesman Serhiy Nykyforov', 11, 47)
        >>> t = "land that Russia baselessly claims"
        >>> subject_before(t, position=t.index("claims"), lower_bound=0)
        ('Russia', 10, 16)
        >>> subject_before("the talks and said", position=14, lower_bound=0) is None
        True
        >>> t = "While Trump, who takes office in January, has criticized aid"
        >>> subject_before(t, position=t.index("criticized"), lower_bound=0)
        ('Trump', 6, 11)
        >>> subject_before("Italy said", position=5, lower_bound=0)
        ('Italy', 0, 5)
        >>> subject_before("Officials in Kyiv said", position=17, lower_bound=0)
        ('Officials in Kyiv', 0, 17)
        >>> t = "KYIV -- President Volodymyr Zelenskiy said"
        >>> subject_before(t, position=t.index(" said"), lower_bound=0)[0]
        'President Volodymyr Zelenskiy'
        >>> t = '"No," Mr. Rove said.'
        >>> subject_before(t, position=t.index(" said"), lower_bound=5)[0]
        'Mr. Rove'
        >>> t = "Rep. Adam B. Schiff of California, the ranking Democrat on the committee, urged"
        >>> subject_before(t, position=t.index(" urged"), lower_bound=0)[0]
        'Rep. Adam B. Schiff of California'
        >>> t = "But another source said"
        >>> subject_before(t, position=t.index(" said"), lower_bound=0)[0]
        'another source'
        >>> t = "McConnell, now the majority leader, who in 2010 said"
        >>> subject_before(t, position=t.index(" said"), lower_bound=0)[0]
        'who'
    """
    words = _words_back(text, lower_bound, position)
    i = _skip_back(words, len(words) - 1)
    if i < 0:
        return None
    word, w_start, w_end = words[i]
    if word.lower().replace("’", "'") in _PRONOUN_CONTRACTIONS:  # "he's said": the pronoun is the subject
        cut = word.replace("’", "'").index("'")
        return word[:cut], w_start, w_start + cut
    if word == "," and not strict:
        head = _appositive_head(words, i)
        if head is None:
            return _name_between_commas(text, words, i)
        start, end = head
        return text[words[start][1] : words[end][2]], words[start][1], words[end][2]
    if word.lower() in RELATIVE_PRONOUNS:
        return word, w_start, w_end
    j = _np_before(words, i, strict)
    if j is None:
        return None
    run_start = words[j][1]
    # "Officials in Kyiv said": a locative phrase belongs to the subject before it
    if j >= 2 and words[j - 1][0].lower() in LOCATIVES and words[j][0][:1].isupper():
        head_start = _np_before(words, j - 2)
        if head_start is not None and not is_pronoun(words[head_start][0]):
            return text[words[head_start][1] : w_end], words[head_start][1], w_end
    return text[run_start:w_end], run_start, w_end


#: Nouns of people who speak for somebody ("a spokesman for the campaign").
_AGENT_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "officials", "adviser", "advisor",
                          "director", "counsel", "lawyer", "attorney", "aide", "strategist", "manager", "representative"})


def subject_after(text: str, *, position: int, upper_bound: int, loose: bool = False) -> tuple[str, int, int] | None:
    """Find an inverted speaker right after a cue ("…," said Zelenskiy; according to the poll).

    Takes a pronoun, or a noun phrase: an optional determiner or title, then
    names, titles and nouns up to punctuation or a preposition ("of" stays).

    Examples:
        >>> t = ' said Ukrainian Prime Minister Denys Shmyhal, adding'
        >>> subject_after(t, position=5, upper_bound=len(t))
        ('Ukrainian Prime Minister Denys Shmyhal', 6, 44)
        >>> subject_after(" to the statement, the", position=3, upper_bound=22)
        ('the statement', 4, 17)
        >>> t = " said former Massachusetts congressman Barney Frank."
        >>> subject_after(t, position=5, upper_bound=len(t))[0]
        'former Massachusetts congressman Barney Frank'
        >>> subject_after(" said in a statement", position=5, upper_bound=20) is None
        True
        >>> subject_after(" responded national finance director Paul Reed.", position=10, upper_bound=48)[0]
        'national finance director Paul Reed'
    """
    words = _first_words(text, position, upper_bound, 16)
    if not words:
        return None
    first, f_start, f_end = words[0]
    low = first.lower()
    if is_pronoun(first):
        return first, f_start, f_end
    if not first[:1].isalnum() or low in WEEKDAYS or low in NP_STOP or low in PREPOSITIONS:
        return None
    # "…," responded national finance director Paul Reed: lowercase modifiers, a title word, then a name
    role_ahead = any(w.lower() in TITLE_WORDS and i + 1 < len(words) and words[i + 1][0][:1].isupper()
                     and words[i + 1][0][:1].isalpha() for i, (w, _, _) in enumerate(words[:5]))
    if not (loose or first[:1].isupper() or first[:1].isdigit() or low in NP_OPENERS or low in TITLE_WORDS
            or low in SOURCE_NOUNS or role_ahead):
        return None  # ("according to" is ``loose``: "according to exit polls", "according to early results")
    k = 0
    while k < len(words) and k < 12:
        w = words[k][0]
        wl = w.lower()
        if not w[:1].isalnum():
            break
        if k > 0 and (wl in NP_STOP or wl in PREPOSITIONS - {"of", "for"} or (wl in WEEKDAYS and w[:1].isupper())):
            break
        if k > 0 and wl == "for" and words[k - 1][0].lower() not in _AGENT_NOUNS:
            break  # "a spokesman for the campaign", not "the senator for the remark"
        k += 1
    while k > 0 and words[k - 1][0].lower() in NP_OPENERS | {"of", "for"}:
        k -= 1
    if k == 0:
        return None
    end = words[k - 1][2]
    return text[f_start:end], f_start, end


_PASSIVE_AUX = frozenset({"is", "was", "were", "are", "be", "been", "being", "get", "gets", "got"})
_PARTICIPLES = frozenset({"told", "said", "written", "shown", "thought", "known", "seen", "asked", "called"})
_BY = re.compile(r"\s+by\s+")


def passive(text: str, *, cue_start: int, cue_end: int, lower: int, upper: int):
    """Is the cue a passive ("was endorsed by X", "is expected")? Returns ``(passive, agent phrase or None)``.

    Examples:
        >>> t = "Cruz was also endorsed by Carly Fiorina."
        >>> passive(t, cue_start=14, cue_end=22, lower=0, upper=len(t))
        (True, ('Carly Fiorina', 26, 39))
        >>> passive("Cruz endorsed Trump.", cue_start=5, cue_end=13, lower=0, upper=20)
        (False, None)
        >>> t = "The bill, opposed by House Republicans, failed."
        >>> passive(t, cue_start=10, cue_end=17, lower=0, upper=len(t))
        (True, ('House Republicans', 21, 38))
    """
    form = text[cue_start:cue_end].lower().split()[0]
    if not (form.endswith("ed") or form in _PARTICIPLES):
        return False, None
    words = _words_back(text, lower, cue_start)
    i = len(words) - 1
    while i >= 0 and (words[i][0].lower() in ("also", "not", "never", "widely", "repeatedly", "often", "publicly", "first",
                                              "later", "previously", "initially", "already", "since", "originally")
                      or (words[i][0].endswith("ly") and words[i][0][:1].islower())):
        i -= 1
    by = _BY.match(text, cue_end, upper)
    if i < 0 or words[i][0].lower() not in _PASSIVE_AUX:
        # a reduced passive with its agent ("the bill, opposed by House Republicans, …")
        if by is not None and i >= 0 and words[i][0] not in ("and", "or") and not is_pronoun(words[i][0]) \
                and (words[i][0] == "," or words[i][0][:1].islower()) and words[i][0].lower() not in SKIP_WORDS:
            agent = subject_after(text, position=by.end() - 1, upper_bound=upper)
            return (True, agent) if agent is not None else (False, None)
        return False, None
    agent = subject_after(text, position=by.end() - 1, upper_bound=upper) if by else None
    return True, agent


_PROGRESSIVE_AUX = frozenset({"is", "was", "were", "are", "am", "been", "be", "'s", "’s", "keeps", "kept", "began",
                              "begins", "started", "continued", "continues", "stop", "stopped"})


#: Words that open an introductory phrase before the subject ("Hours later, Trump …", "Early in his campaign, …").
_INTRO_WORDS = frozenset({"hours", "days", "weeks", "months", "years", "minutes", "moments", "early", "late", "shortly",
                          "soon", "once", "twice", "later", "earlier", "afterward", "afterwards", "tuesday", "monday",
                          "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight"})


def is_participle(text: str, cue_start: int, cue_end: int, lower: int) -> bool:
    """An -ing cue used as a participle ("…, adding that"), not a progressive ("Trump is telling").

    Examples:
        >>> t = "Trump thanked Adelson, telling Reuters"
        >>> is_participle(t, t.index("telling"), t.index("telling") + 7, 0)
        True
        >>> t = "Trump is telling voters"
        >>> is_participle(t, 9, 16, 0)
        False
    """
    if not text[cue_start:cue_end].lower().split()[0].endswith("ing"):
        return False
    words = _words_back(text, lower, cue_start)
    i = len(words) - 1
    while i >= 0 and words[i][0].lower().endswith("ly") and words[i][0][:1].islower():
        i -= 1
    if i < 0:
        return True
    previous = words[i][0].lower()
    return previous not in _PROGRESSIVE_AUX and not (is_pronoun(words[i][0]) and previous != "it")


def clause_subject(text: str, *, start: int, position: int) -> tuple[str, int, int] | None:
    """The subject at the start of the clause ``[start, position)`` (coordinated verbs and participles).

    An opening adverbial up to a comma ("In a statement Monday, …") and
    quotation marks are skipped.

    Examples:
        >>> t = "Mr. Obama revised his plans in October, saying"
        >>> clause_subject(t, start=0, position=t.index("saying"))
        ('Mr. Obama', 0, 9)
        >>> t = "On Monday, the senator left and said"
        >>> clause_subject(t, start=0, position=t.index(" said"))
        ('the senator', 11, 22)
        >>> clause_subject(" often in his campaign, and criticized", start=0, position=28) is None
        True
        >>> t = "Burdened by mistrust, the leaders met and said"
        >>> clause_subject(t, start=0, position=t.index(" said"))
        ('the leaders', 22, 33)
        >>> t = "This year, he rose to the defense of Blatter and said"
        >>> clause_subject(t, start=0, position=t.index(" said"))
        ('he', 11, 13)
    """
    words = _words_back(text, start, position)
    i = 0
    while i < len(words) and (words[i][0] in _QUOTE_MARKS or words[i][0] in ("—", "–", "--")):
        i += 1
    intro = i < len(words) and (
        words[i][0].lower() in _INTRO_WORDS or words[i][0].lower().endswith(("ly", "ing", "ed"))
        or words[i][0].lower() in ("this", "last", "next") and i + 1 < len(words)
        and words[i + 1][0].lower() in ("year", "week", "month", "spring", "summer", "fall", "winter", "time")
    )
    if i < len(words) and (intro or words[i][0].lower() in CLAUSE_OPENERS - {"he", "she", "they", "we", "i", "it", "the", "a", "an",
                                                                     "his", "her", "their", "our", "its", "this", "these", "those"}):
        k = i
        while k < len(words) and k - i < 20 and words[k][0] != ",":
            k += 1
        if k >= len(words) or words[k][0] != ",":
            return None
        i = k + 1
    if i >= len(words):
        return None
    first = words[i][0]
    if is_pronoun(first):
        return first, words[i][1], words[i][2]
    if first.lower() in _NEVER_SUBJECTS:
        return None
    k = i
    if _is_name_word(first) and first.lower() not in NP_OPENERS:
        while k < len(words) and k - i < 8 and words[k][0][:1].isalnum() and (
            _is_subject_word(words[k][0]) and words[k][0].lower() not in ("of", "the")
            or words[k][0].lower() == "of" and k + 1 < len(words) and _is_name_word(words[k + 1][0])
        ):
            k += 1
    elif first.lower() in NP_OPENERS or first[:1].isdigit() or (first[:1].isalpha() and first.lower() not in NP_STOP):
        k += 1
        verb_follows = DETERMINERS | NP_OPENERS | PREPOSITIONS | {"and", "but", "that", "he", "she", "they", "it", "we"}
        while k < len(words) and k - i < 6 and words[k][0][:1].isalnum() and words[k][0].lower() not in NP_STOP:
            following = words[k + 1][0].lower() if k + 1 < len(words) else ","
            if words[k][0][:1].islower() and k > i + 1 and (following in verb_follows - {"of"} or not following[:1].isalnum()):
                break  # "the senator left and said": "left" is the verb
            k += 1
    if k <= i or (k == i + 1 and first.lower() in NP_OPENERS):
        return None
    s, e = words[i][1], words[k - 1][2]
    if e > position:
        return None
    return text[s:e], s, e
#: A label before a colon at the start of a sentence: a headline's source ("Poll: Trump leads in Ohio",
#: "Former AG Mukasey at RNC: …") or a transcript's speaker ("MATTHEWS: Well, …"). Capitalised words, with
#: lowercase joining words inside; what follows the colon opens with a capital, a digit or a quotation mark.
LABEL_COLON = re.compile(
    r"[\"“]?(?P<label>[A-Z][\w'’.&-]*(?:[ \t]+(?:[A-Z][\w'’.&-]*|of|on|at|the|and|for|in|de|van|von)){0,6})"
    r"[ \t]*(?P<colon>:)[ \t]*(?=[\"“‘'A-Z0-9])"
)
#: Labels that introduce a section, not a source (the kickers and furniture of online news).
LABEL_STOP: frozenset[str] = frozenset(
    {"related", "update", "updated", "updates", "breaking", "breaking news", "exclusive", "watch", "video", "videos",
     "photo", "photos", "note", "editor's note", "editor’s note", "correction", "read more", "see also", "listen",
     "live", "analysis", "opinion", "commentary", "review", "warning", "tags", "posted", "published", "share",
     "advertisement", "by", "from", "subject", "title", "caption", "date", "location", "pictured", "more", "also",
     "and", "but", "so", "then", "now", "here", "there", "this", "that", "what", "why", "how", "when", "where",
     "who", "the bottom line", "bottom line", "background", "key points", "summary", "question", "answer",
     "transcript", "developing", "just in", "revealed", "confirmed", "latest", "the latest", "flashback",
     "must read", "must watch", "audio", "image", "images", "map", "chart", "graphic", "sponsored", "ad", "look",
     "busted", "bombshell", "shocking", "wow", "boom", "huge", "must see", "contributing", "contributors", "name",
     "age", "city", "job", "pay", "total", "the total", "results", "result", "q", "a"}
)


def label_of(text: str, start: int, end: int, *, max_words: int = 7) -> re.Match[str] | None:
    """A source label with its colon at ``start`` ("Poll: …", "PENCE: Well, …"), or ``None`` for kickers ("Related:").

    Examples:
        >>> label_of("PENCE: Well, look.", 0, 18).group("label")
        'PENCE'
        >>> label_of("Related: More news.", 0, 19) is None
        True
        >>> label_of("At 10:30 a.m. he spoke.", 0, 23) is None
        True
    """
    match = LABEL_COLON.match(text, start, end)
    if match is None:
        return None
    label = match.group("label")
    if label.lower() in LABEL_STOP or label.split()[0].lower() in LABEL_STOP or len(label.split()) > max_words:
        return None
    return match


# --------------------------------------------------------------------------- #
# is a reporting-verb form used as a verb here?
# --------------------------------------------------------------------------- #
#: Words after which a verb form is a noun ("the claim", "his claims", "of claims").
NOUN_CONTEXT: frozenset[str] = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your",
     "such", "any", "no", "some", "many", "several", "few", "all", "both", "each", "every", "whose",
     "of", "about", "over", "despite", "amid", "against", "for", "with", "without", "on", "by", "in", "to",
     "from", "after", "before", "under", "between", "among", "new", "recent", "similar", "other", "further",
     "earlier", "latest", "repeated"}
)
#: Words after which a base verb form is a verb ("will claim", "to say").
_NEXT_IS_COMPLEMENT = re.compile(r"\s+(?:to|that)\b")
VERB_CONTEXT: frozenset[str] = frozenset(
    {"to", "will", "would", "could", "can", "may", "might", "must", "shall", "should", "did", "does", "do",
     "not", "n't", "who", "which", "also", "has", "have", "had", "is", "was", "were", "are", "been", "being"}
)
_GERUND_PREPOSITIONS = frozenset({"by", "after", "before", "while", "without", "for", "of", "about", "in", "on", "from"})
#: Adjectives and adverbs in NOUN_CONTEXT that also stand before a past-tense verb ("further described").
_WEAK_NOUN_CONTEXT: frozenset[str] = frozenset(
    {"new", "recent", "similar", "other", "further", "earlier", "latest", "repeated", "such", "many", "few", "all",
     "both", "each", "several", "some", "no", "any"}
)
_ADJECTIVE_SUFFIXES: tuple[str, ...] = (
    "al", "ive", "ous", "ic", "can", "ful", "less", "ary", "ian", "ean", "ese", "ish", "able", "ible",
)
_DEMONYM_SUFFIXES: tuple[str, ...] = ("ian", "ean", "ese", "ish", "can", "ic")  # Russian, Republican, Democratic
_PREVIOUS_WORD = re.compile(r"([^\W\d_](?:[^\W\d_]|['’-])*)[\W\d_]*$")


def last_char(text: str, start: int, end: int, skip: str = "") -> str:
    """The last character of ``text[start:end]`` that is neither a space nor in ``skip`` (``""`` if none), without
    copying the slice.

    Examples:
        >>> last_char("Trump toured Ohio,  hoping", 0, 20)
        ','
        >>> t = 'a "root canal,” according'
        >>> last_char(t, 0, t.index(" according"), skip='"”'), last_char(t, 0, t.index(" according"))
        (',', '”')
    """
    while end > start and (text[end - 1].isspace() or text[end - 1] in skip):
        end -= 1
    return text[end - 1] if end > start else ""


def previous_word(text: str, *, position: int, lower_bound: int) -> str:
    """The word before ``position`` (lowercased), or ``""`` at a boundary or after punctuation.

    Examples:
        >>> previous_word("the claim", position=4, lower_bound=0)
        'the'
        >>> previous_word("talks, claim", position=7, lower_bound=0)
        ''
    """
    chunk = text[max(lower_bound, position - 200):position]  # a word is shorter: one long sentence stays linear
    stripped = chunk.rstrip()
    if not stripped or not stripped[-1].isalpha():
        return ""
    match = _PREVIOUS_WORD.search(stripped)
    return match.group(1).lower() if match else ""


def _title_case(text: str, start: int, lower_bound: int) -> bool:
    """True in a headline written in title case ("Bernie Sanders Says He Will Run"): most words capitalised."""
    window = _HEAD_WORD.findall(text, max(lower_bound, start - 60), start + 60)
    if len(window) < 4:
        return False
    capitalised = sum(1 for w in window if w[:1].isupper() or w.lower() in _SMALL_WORDS)
    return capitalised >= 0.85 * len(window) and sum(1 for w in window if w[:1].isupper()) >= 3


_HEAD_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with", "from"})


#: A pronoun with a contracted auxiliary ("he's said" = "he has said"), never a possessive.
_PRONOUN_CONTRACTIONS = frozenset({"he's", "she's", "it's", "who's", "that's", "they've", "we've", "i've", "you've",
                                   "they're", "we're", "you're", "i'm"})


def _opens_phrase(text: str, start: int, lower_bound: int) -> bool:
    """The word before ``start`` opens its clause: only punctuation, a conjunction or nothing lies before it.

    Examples:
        >>> t = "Some said no."
        >>> _opens_phrase(t, t.index("said"), 0)
        True
        >>> t = "He gave some said cash."
        >>> _opens_phrase(t, t.index("said"), 0)
        False
    """
    words = _words(text, max(lower_bound, start - 40), start)
    if not words:
        return False
    if len(words) == 1:
        return words[0][1] - lower_bound <= 1 or not text[lower_bound : words[0][1]].strip()
    before = words[-2][0]
    return not before[:1].isalnum() or before.lower() in ("and", "but", "or", "while", "yet", "so")


#: Verb forms that are the first half of a compound noun.
_COMPOUND_NOUN = re.compile(r"(?i:think\s+tanks?|tell-all|say-so|talk\s+shows?|write-in|call-in)\b")


def is_verb_use(text: str, *, start: int, form: str, ambiguous: bool, lower_bound: int) -> bool:
    """Decide whether a reporting-verb form at ``start`` is used as a verb.

    Nouns are recognised by what comes before them: a determiner, possessive,
    preposition or adjective ("the claim", "Russia's claims", "territorial
    claims"). A form that doubles as a noun (``ambiguous``) also needs a
    subject or an auxiliary before it.

    Examples:
        >>> t = "land that Russia baselessly claims as its own"
        >>> is_verb_use(t, start=t.index("claims"), form="claims", ambiguous=True, lower_bound=0)
        True
        >>> t = "Moscow's territorial claims in the east"
        >>> is_verb_use(t, start=t.index("claims"), form="claims", ambiguous=True, lower_bound=0)
        False
        >>> t = "He rejected the claim that talks failed"
        >>> is_verb_use(t, start=t.index("claim "), form="claim", ambiguous=True, lower_bound=0)
        False
        >>> t = "He rails against tariffs and pledges to stand firm"
        >>> is_verb_use(t, start=t.index("pledges"), form="pledges", ambiguous=True, lower_bound=0)
        True
        >>> t = "His threats and pledges were ignored"
        >>> is_verb_use(t, start=t.index("pledges"), form="pledges", ambiguous=True, lower_bound=0)
        False
    """
    if _COMPOUND_NOUN.match(text, start):
        return False  # "a think tank", "the tell-all book": the verb form heads a compound noun
    previous = previous_word(text, position=start, lower_bound=lower_bound)
    if text[start : start + 1].isupper() and text[lower_bound:start].strip() and not _title_case(text, start, lower_bound):
        return False  # capitalised mid-sentence: part of a name ("the United States")
    if previous.endswith(("n't", "n’t")):
        return True
    if previous.replace("’", "'") in _PRONOUN_CONTRACTIONS:
        return True  # "he's said", "she’s claimed": the auxiliary has or is, not a possessive
    if previous in _BARE_QUANTIFIERS and _opens_phrase(text, start, lower_bound) \
            and (not ambiguous or form.endswith("ed")):
        return True  # "Some said", "…, both oppose": a quantifier standing alone as the subject ("Many claims": a noun)
    if form.endswith("ing") and previous in _GERUND_PREPOSITIONS:
        return True  # "by saying", "after telling": a gerund
    if previous.endswith(("'s", "’s", "s'")) or previous in NOUN_CONTEXT - VERB_CONTEXT - _WEAK_NOUN_CONTEXT:
        return False
    if previous in _WEAK_NOUN_CONTEXT and (ambiguous or not form.endswith("ed")):
        return False  # "further claims", "new reports"; but "Trump further described"
    if previous == "to" and form.endswith("s"):
        return False  # "in response to claims": an infinitive takes the base form
    if ambiguous and previous and not previous.endswith("ly") and previous not in VERB_CONTEXT | SOURCE_NOUNS \
            and previous.endswith(_ADJECTIVE_SUFFIXES):
        # "territorial claims", "Russian claims"; but a capitalised actor name ("Russia") is a subject
        raw_previous = text[lower_bound:start].rstrip().split()[-1] if text[lower_bound:start].strip() else ""
        sentence_case = _opens_phrase(text, start, lower_bound)  # "Financial support …": capitalised as the first word
        if not (raw_previous[:1].isupper() and not previous.endswith(_DEMONYM_SUFFIXES)) or sentence_case:
            return False
    if not ambiguous or form.endswith(("ed", "ing")) and form not in ("need", "feed"):
        return True
    if previous in VERB_CONTEXT:
        return True
    if previous in ("and", "but") and form.endswith(("s", "ed")) and _NEXT_IS_COMPLEMENT.match(text, start + len(form)):
        return True  # "… and pledges to stand firm", "… but claims that": a second verb of the same subject
    return subject_before(text, position=start, lower_bound=lower_bound, strict=True) is not None


def speaker_candidate(phrase: str, start: int, end: int, speaker: str, rule: str) -> dict[str, Any] | None:
    """A mention-like record of a speaker phrase outside the lexicon, for later pronouns (or ``None``).

    Examples:
        >>> speaker_candidate("Mr. Rove", 0, 8, "Mr. Rove", "unmatched")["actor_type"]
        'person'
        >>> speaker_candidate("he", 0, 2, "Rove", "pronoun") is None
        True
    """
    if rule != "unmatched" or is_pronoun(phrase) or phrase.lower() in RELATIVE_PRONOUNS:
        return None
    return {"start": start, "end": end, "actor": speaker, "actor_type": phrase_type(phrase)}
