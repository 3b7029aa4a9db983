"""Actor mentions: which people, states and organisations a news text names.

An actor lexicon (``resources/lexicons/actors.yaml``, versioned) lists each
actor with its canonical ``name``, ``type``, aliases, spelling variants and,
for persons, surname and titles. :func:`find_mentions` finds those names in
the sentences of one document and returns one row per mention, with
``start``/``end`` offsets into the raw text (``text[start:end]`` is always the
mention) and how it was matched.

Matching rules:

* **Surface forms.** An actor is matched by its name (``full_name``), its
  aliases (``alias``), its spelling variants (``variant``) and, for persons,
  its surname alone (``surname``) or after one of its titles
  (``title_surname``: "President Zelenskiy"). A title before a full name is
  part of the span but keeps ``full_name`` ("President Volodymyr Zelenskiy");
  a form that uses a variant spelling is always ``variant``.
* **Case.** Matching is case-sensitive: lower-case "trump" is not Donald Trump
  and the all-caps dateline "KYIV --" is not a mention. A form that starts with
  a lower-case letter ("von der Leyen", the title "spokesman") may also be
  capitalised, as at the start of a sentence.
* **Whole words.** A mention starts at the start of a word and is not followed
  by a letter or digit: "Kyivstar" holds no Kyiv and "Russian" no Russia. Apostrophes and hyphens end a word, so
  "Zelenskiy's", "Zelenskiy’s" and "Kremlin-backed" hold a mention whose span
  is the name only. Spaces in a form match any run of whitespace, and a
  straight apostrophe in a form also matches a curly one.
* **Sentences.** Mentions are searched inside each sentence span separately:
  a mention never crosses a sentence boundary, and text outside every span
  (boilerplate) is never searched.
* **Longest match wins**, and mentions never overlap: "Russian President
  Vladimir Putin" is one mention ("President Vladimir Putin"), "Zelenskiy
  spokesman Serhiy Nykyforov" two ("Zelenskiy", "spokesman Serhiy Nykyforov"),
  "EU Council" one (the European Union, see the lexicon's header).
* **Metonyms.** An actor with ``metonym_of`` (the Kremlin, the White House,
  capital cities) stands for another actor. ``metonyms="map"`` reports such a
  mention as the actor it stands for (``actor`` Russia, ``actor_type`` state,
  ``matched_by`` metonym); ``metonyms="separate"`` keeps the metonym's own
  name and type (``actor`` Kremlin), still with ``matched_by`` metonym.
* **Places** (a heuristic). A ``place`` actor (a capital city) right after a
  locative preposition (:data:`PLACE_PREPOSITIONS`, optionally followed by one
  word of :data:`PLACE_MODIFIERS`: "in Kyiv", "to Moscow", "in central Kyiv")
  names the location, not the government: it is reported as the city itself
  with ``matched_by`` place, in both modes. A possessive is never a place
  ("in Kyiv's view" is Ukraine). "from" is deliberately *not* locative: in news
  "aid from Washington" or "pressure from Moscow" names the government far
  more often than the town, so those stay metonyms. "the Kremlin" is always a
  metonym; only ``place`` actors get the place reading.

* **Adjectives** (``reference_kind`` adjective). An actor's ``adjectives``
  ("Russian" for Russia) are references to it only when ``references``
  includes ``"adjective"`` (``-p actor_references``); by default the mentions
  are names and metonyms, as if no adjective were listed. A name always wins
  over an adjective inside it ("Russian Federation"). Quotes and attributions
  never read adjective mentions (:func:`speech_mentions`): "Russian officials
  said" is not Russia speaking.

Not covered: pronouns and common-noun references ("he", "the alliance",
"the president") need coreference resolution. :func:`candidate_actors` lists recurring capitalised
names the lexicon does not cover yet.

Examples:
    >>> lexicon = load_actor_lexicon()
    >>> text = "Kremlin spokesman Dmitry Peskov said talks in Kyiv failed."
    >>> for m in find_mentions(text, doc_id="d", sentences=[(0, len(text))], lexicon=lexicon):
    ...     print(m["start"], m["end"], m["text"], "->", m["actor"], m["matched_by"])
    0 7 Kremlin -> Russia metonym
    8 31 spokesman Dmitry Peskov -> Dmitry Peskov full_name
    46 50 Kyiv -> Kyiv place
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from analysis import config
from analysis.exceptions import RulesError
from analysis.yaml_files import read_yaml_mapping
from analysis.text.nltk_resources import load_stopwords

#: The default, versioned actor lexicon.
ACTOR_LEXICON_FILE: Path = config.RESOURCES_DIR / "lexicons" / "actors.yaml"

#: Allowed values of an actor's ``type``.
ACTOR_TYPES: tuple[str, ...] = ("person", "state", "organisation", "place", "group")
#: Values of the ``matched_by`` column.
MATCHED_BY: tuple[str, ...] = ("full_name", "alias", "variant", "surname", "title_surname", "metonym", "place",
                               "adjective")
#: Values of the ``reference_kind`` column: a name (every ``matched_by`` but the two below), an
#: adjective or demonym form ("Russian" for Russia), or a metonym ("the Kremlin" for Russia).
REFERENCE_KINDS: tuple[str, ...] = ("name", "adjective", "metonym")
#: The reference kinds counted by default (``-p actor_references``): names and metonyms.
DEFAULT_REFERENCES: tuple[str, ...] = ("name", "metonym")
#: Allowed values of ``metonyms=``.
METONYM_MODES: tuple[str, ...] = ("map", "separate")
#: Allowed values of an actor's ``pronoun``.
PRONOUNS: tuple[str, ...] = ("he", "she", "they", "it")

#: Columns of the mention table.
MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id", "sent_id", "start", "end", "text", "actor", "actor_type", "matched_by", "reference_kind",
)
#: Columns of the candidate table.
CANDIDATE_COLUMNS: tuple[str, ...] = (
    "candidate", "count", "doc_freq", "example_doc_id", "example_start", "example_end",
)

#: Words after which a capital city is the place rather than the government
#: (compared case-insensitively). "from" is left out on purpose (see above).
PLACE_PREPOSITIONS: frozenset[str] = frozenset({
    "in", "at", "to", "into", "near", "outside", "inside", "around", "across",
    "throughout", "toward", "towards", "within", "via", "over",
})
#: One of these may stand between the preposition and the city ("in central Kyiv").
PLACE_MODIFIERS: frozenset[str] = frozenset({
    "central", "downtown", "northern", "southern", "eastern", "western",
    "northeastern", "northwestern", "southeastern", "southwestern", "greater",
})

#: Lower-case words that may join the capitalised words of one candidate name
#: ("Council of Europe", "Ursula von der Leyen").
NAME_CONNECTORS: frozenset[str] = frozenset({
    "of", "the", "de", "del", "della", "da", "di", "du", "des", "la", "le",
    "von", "van", "der", "den", "al", "bin", "ibn",
})
#: Titles of address trimmed from the start of a candidate ("Mr Blair" -> "Blair").
HONORIFICS: frozenset[str] = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame"})
#: Capitalised words that are never candidate names.
CALENDAR_WORDS: frozenset[str] = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})

# What may open a clause inside a sentence: an opening quote or bracket glued to
# the next word, or a colon, semicolon or dash before it ('said: "Many ...').
_CLAUSE_OPENER = re.compile(r"(?:[\"“‘'(\[]|[:;—–]\s+|\s--?\s+)\Z")
_CLITIC_ENDINGS = frozenset({"m", "s", "t", "re", "ve", "ll", "d"})
_ENTRY_FIELDS = frozenset({"name", "type", "aliases", "variants", "surname", "titles", "pronoun", "metonym_of", "note",
                           "adjectives"})
_WORD_RUN = re.compile(r"\w+")
_CAP_WORD = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*")
_LOCATIVE_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(PLACE_PREPOSITIONS)) + r")\s+"
    r"(?:(?:" + "|".join(sorted(PLACE_MODIFIERS)) + r")\s+)?\Z",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Actor:
    """One actor of the lexicon.

    Attributes:
        name: Canonical name, unique in the lexicon.
        type: One of :data:`ACTOR_TYPES`.
        aliases: Other complete names.
        surname: Persons: the surname, matched alone and after a title.
        titles: Persons: role words that may precede a name ("President").
        pronoun: ``he``, ``she``, ``they`` or ``it``, if given.
        metonym_of: The canonical name of the actor this one stands for.
        variants: Other spellings (for persons, of the surname).
        adjectives: Adjective or demonym forms ("Russian" for Russia); matched
            only when asked for (``references`` including ``"adjective"``).

    Examples:
        >>> Actor(name="Kremlin", type="organisation", metonym_of="Russia").metonym_of
        'Russia'
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    surname: str | None = None
    titles: tuple[str, ...] = ()
    pronoun: str | None = None
    metonym_of: str | None = None
    variants: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Form:
    """One surface form of one actor, compiled for matching."""

    text: str
    actor: int  # index into ActorLexicon.actors
    kind: str  # full_name | alias | variant | surname | title_surname | adjective
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ActorLexicon:
    """A versioned list of actors, as read from a YAML file.

    Attributes:
        actors: The actors, in file order.
        version: The file's ``version``.
        path: The file, relative to the project root when inside it.
        demonyms: Nationality words (``Russian``) that are not names; only
            :func:`candidate_actors` uses them, to leave them out.

    Examples:
        >>> lexicon = load_actor_lexicon()
        >>> lexicon.version, lexicon.path
        ('2', 'analysis/resources/lexicons/actors.yaml')
    """

    actors: tuple[Actor, ...]
    version: str
    path: str
    demonyms: tuple[str, ...] = ()

    @functools.cached_property
    def _by_name(self) -> dict[str, Actor]:
        return {actor.name: actor for actor in self.actors}

    @functools.cached_property
    def _index(self) -> dict[str, list[_Form]]:
        """Surface forms keyed by their first word; the first actor wins a clash."""
        index: dict[str, list[_Form]] = {}
        seen: set[str] = set()
        for number, actor in enumerate(self.actors):
            for text, kind in surface_forms(actor) + [(a, "adjective") for a in actor.adjectives]:
                key = _form_key(text)
                first_word = _WORD_RUN.match(text)
                if key in seen or first_word is None:
                    continue
                seen.add(key)
                form = _Form(text=text, actor=number, kind=kind, pattern=_form_pattern(text))
                index.setdefault(first_word.group(), []).append(form)
        return index

    def get(self, name: str) -> Actor:
        """Return the actor with this canonical name.

        Raises:
            KeyError: No actor has that name.

        Examples:
            >>> load_actor_lexicon().get("Kremlin").metonym_of
            'Russia'
            >>> load_actor_lexicon().get("Zelensky")
            Traceback (most recent call last):
            ...
            KeyError: 'Zelensky'
        """
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(name) from None

    def resolve(self, surface: str, *, metonyms: str = "map") -> Actor | None:
        """Map a phrase that names someone, such as a speaker, to an actor.

        The phrase is matched like a sentence by :func:`find_mentions`; the
        actor of the *last* mention is returned, which is the head of a
        phrase such as "Zelenskiy spokesman Serhiy Nykyforov".

        Args:
            surface: A phrase ("Zelensky's", "the Kremlin", "Ukrainian
                President Volodymyr Zelenskiy").
            metonyms: ``"map"`` resolves a metonym to the actor it stands for;
                ``"separate"`` returns the metonym's own entry.

        Returns:
            The actor, or ``None`` when the phrase names no actor.

        Examples:
            >>> lexicon = load_actor_lexicon()
            >>> lexicon.resolve("Zelenskiy spokesman Serhiy Nykyforov").name
            'Serhiy Nykyforov'
            >>> lexicon.resolve("the Kremlin").name, lexicon.resolve("the Kremlin", metonyms="separate").name
            ('Russia', 'Kremlin')
            >>> lexicon.resolve("a senior official") is None
            True
        """
        _check_mode(metonyms)
        found = _match_span(surface, 0, len(surface), lexicon=self, metonyms=metonyms)
        if not found:
            return None
        return max(found, key=lambda m: m[1])[2]  # the mention that ends last


def surface_forms(actor: Actor) -> list[tuple[str, str]]:
    """List every form an actor is matched by, with its ``matched_by`` kind.

    Forms are generated in this order, and a form keeps the first kind it
    gets: name, aliases, surname, variants (for persons also substituted for
    the surname in the name and aliases), then each title before each of
    those, then a capitalised copy of any form that starts in lower case.

    Args:
        actor: One actor.

    Returns:
        ``(form, kind)`` pairs.

    Examples:
        >>> nyk = Actor(name="Serhiy Nykyforov", type="person", surname="Nykyforov",
        ...             titles=("spokesman",), variants=("Nikiforov",))
        >>> for form, kind in surface_forms(nyk):
        ...     print(f"{form} | {kind}")
        Serhiy Nykyforov | full_name
        Nykyforov | surname
        Nikiforov | variant
        Serhiy Nikiforov | variant
        spokesman Serhiy Nykyforov | full_name
        spokesman Nykyforov | title_surname
        spokesman Nikiforov | variant
        spokesman Serhiy Nikiforov | variant
        Spokesman Serhiy Nykyforov | full_name
        Spokesman Nykyforov | title_surname
        Spokesman Nikiforov | variant
        Spokesman Serhiy Nikiforov | variant
    """
    forms: dict[str, str] = {}

    def add(form: str, kind: str) -> None:
        forms.setdefault(form, kind)

    add(actor.name, "full_name")
    for alias in actor.aliases:
        add(alias, "alias")
    if actor.surname:
        add(actor.surname, "surname")
    for variant in actor.variants:
        add(variant, "variant")
        if actor.surname:
            surname = re.compile(rf"(?<!\w){re.escape(actor.surname)}(?!\w)")
            for base in (actor.name, *actor.aliases):
                replaced = surname.sub(lambda _, v=variant: v, base)
                if replaced != base:
                    add(replaced, "variant")
    named = list(forms.items())
    for title in actor.titles:
        for form, kind in named:
            add(f"{title} {form}", "title_surname" if kind == "surname" else kind)
    for form, kind in list(forms.items()):
        if form[:1].islower():
            add(form[0].upper() + form[1:], kind)
    return list(forms.items())


def _form_key(form: str) -> str:
    """Forms that match the same text have the same key."""
    return " ".join(form.replace("’", "'").split())


def _form_pattern(form: str) -> re.Pattern[str]:
    """Compile a form: any whitespace between words, either apostrophe, whole word at the end."""
    words = [re.escape(w.replace("’", "'")).replace("'", "['’]") for w in form.split()]
    return re.compile(r"\s+".join(words) + r"(?!\w)")


def _check_mode(metonyms: str) -> None:
    if metonyms not in METONYM_MODES:
        raise ValueError(f"metonyms must be one of {METONYM_MODES}, not {metonyms!r}")


def _space_start(text: str, lo: int, pos: int) -> int:
    """The start of the run of whitespace that ends at ``pos`` (``pos`` when there is none), not before ``lo``."""
    while pos > lo and text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_start(text: str, lo: int, pos: int) -> int:
    """The start of the run of non-whitespace that ends at ``pos``, not before ``lo``."""
    while pos > lo and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _locative_window(text: str, lo: int, pos: int) -> int:
    """Where a search for :data:`_LOCATIVE_BEFORE` ending at ``pos`` may start: two words back.

    The pattern is a preposition, whitespace, an optional modifier and
    whitespace, so a match that ends at ``pos`` starts inside the second
    non-space run before it. Searching from there instead of from the
    sentence start gives the same answer in time independent of the
    sentence's length.
    """
    start = pos
    for _ in range(2):
        start = _word_start(text, lo, _space_start(text, lo, start))
    return start


def _clause_opener_window(text: str, lo: int, pos: int) -> int:
    """Where a search for :data:`_CLAUSE_OPENER` ending at ``pos`` may start.

    Every alternative of the pattern is at most three characters followed by
    whitespace that reaches ``pos`` ("(", ": ", " -- ").
    """
    return max(lo, _space_start(text, lo, pos) - 3)


def _is_possessive(text: str, end: int, limit: int) -> bool:
    """True when ``'s``/``’s`` (or a bare apostrophe after a final s) follows ``end``."""
    tail = text[end : min(limit, end + 3)]  # the patterns below read at most three characters
    if re.match(r"['’]s(?!\w)", tail):
        return True
    return text[end - 1 : end] == "s" and re.match(r"['’](?!\w)", tail) is not None


def _match_span(
    text: str, start: int, end: int, *, lexicon: ActorLexicon, metonyms: str, adjectives: bool = False
) -> list[tuple[int, int, Actor, str]]:
    """Find the mentions in ``text[start:end]`` (one sentence).

    Adjective forms are candidates only with ``adjectives=True``, so without
    them the mentions are exactly those of a lexicon without adjectives.

    Returns ``(start, end, actor reported, matched_by)`` sorted by start.
    """
    index = lexicon._index
    candidates: list[tuple[int, int, _Form]] = []
    # \w runs found from `start` on: the sentence start is a word start even
    # when the character before it is a letter ("2025Zelenskiy" after boilerplate).
    for word in _WORD_RUN.finditer(text, start, end):
        for form in index.get(word.group(), ()):
            if form.kind == "adjective" and not adjectives:
                continue
            match = form.pattern.match(text, word.start(), end)
            if match:
                candidates.append((match.start(), match.end(), form))
    # Longest match wins; among equally long ones, the earlier.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    # The chosen spans never overlap, so sorted by start they are also sorted
    # by end: a new span overlaps one of them only if it overlaps a neighbour.
    chosen_starts: list[int] = []
    chosen: list[tuple[int, int, _Form]] = []
    for c_start, c_end, form in candidates:
        at = bisect.bisect_left(chosen_starts, c_start)
        if at > 0 and chosen[at - 1][1] > c_start:
            continue
        if at < len(chosen) and chosen[at][0] < c_end:
            continue
        chosen_starts.insert(at, c_start)
        chosen.insert(at, (c_start, c_end, form))

    result: list[tuple[int, int, Actor, str]] = []
    for m_start, m_end, form in chosen:
        actor = lexicon.actors[form.actor]
        matched_by = form.kind
        if matched_by == "adjective":
            pass  # "Russian": the actor itself, never a place or a metonym
        elif (
            actor.type == "place"
            and _LOCATIVE_BEFORE.search(text, _locative_window(text, start, m_start), m_start)
            and not _is_possessive(text, m_end, end)
        ):
            matched_by = "place"
        elif actor.metonym_of:
            matched_by = "metonym"
            if metonyms == "map":
                actor = lexicon.get(actor.metonym_of)
        result.append((m_start, m_end, actor, matched_by))
    return result


def find_mentions(
    text: str,
    *,
    doc_id: str,
    sentences: Sequence[tuple[int, int]],
    lexicon: ActorLexicon,
    metonyms: str = "map",
    references: Sequence[str] = DEFAULT_REFERENCES,
) -> list[dict]:
    """Find the actor mentions in the sentences of one document.

    A pure function of its arguments (see the module docstring for the rules).

    Args:
        text: The raw document text.
        doc_id: Written on every row.
        sentences: Sentence spans, as from :func:`analysis.text.tokenize.sentence_spans`;
            ``sent_id`` is the index of the span in this sequence. Text outside
            every span is not searched.
        lexicon: From :func:`load_actor_lexicon`.
        metonyms: ``"map"`` or ``"separate"``.
        references: The reference kinds reported (:data:`REFERENCE_KINDS`);
            names are always searched (they win over shorter adjective forms),
            and a kind left out is dropped from the result.

    Returns:
        Dicts with the columns of :data:`MENTION_COLUMNS`, sorted by ``start``;
        ``text[start:end] == row["text"]``; ``reference_kind`` is ``adjective``
        for an adjective form, ``metonym`` for a metonym, else ``name``.

    Raises:
        ValueError: ``metonyms`` is not ``"map"`` or ``"separate"``.

    Examples:
        >>> lex = load_actor_lexicon()
        >>> text = "Zelenskiy’s team met in Kiev. Kiev said the Kremlin lied."
        >>> spans = [(0, 29), (30, 57)]
        >>> [(m["sent_id"], m["text"], m["actor"], m["matched_by"])
        ...  for m in find_mentions(text, doc_id="x", sentences=spans, lexicon=lex)]
        [(0, 'Zelenskiy', 'Volodymyr Zelenskiy', 'surname'), (0, 'Kiev', 'Kyiv', 'place'), (1, 'Kiev', 'Ukraine', 'metonym'), (1, 'Kremlin', 'Russia', 'metonym')]
        >>> [m["actor"] for m in find_mentions(text, doc_id="x", sentences=spans, lexicon=lex, metonyms="separate")]
        ['Volodymyr Zelenskiy', 'Kyiv', 'Kyiv', 'Kremlin']
    """
    _check_mode(metonyms)
    wanted = check_references(references)
    rows: list[dict] = []
    for sent_id, (s_start, s_end) in enumerate(sentences):
        for start, end, actor, matched_by in _match_span(text, s_start, s_end, lexicon=lexicon, metonyms=metonyms,
                                                         adjectives="adjective" in wanted):
            kind = matched_by if matched_by in ("adjective", "metonym") else "name"
            if kind not in wanted:
                continue
            rows.append(
                {"doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end, "text": text[start:end],
                 "actor": actor.name, "actor_type": actor.type, "matched_by": matched_by, "reference_kind": kind}
            )
    rows.sort(key=lambda r: r["start"])
    return rows


def _typed_mentions(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    return table.astype(
        {"doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64", "text": "string",
         "actor": "string", "actor_type": "string", "matched_by": "string", "reference_kind": "string"}
    )


def check_references(references: Sequence[str]) -> tuple[str, ...]:
    """Validate ``actor_references``: a non-empty list of :data:`REFERENCE_KINDS`.

    Examples:
        >>> check_references(["adjective", "name"])
        ('adjective', 'name')
        >>> check_references(["names"])
        Traceback (most recent call last):
        ...
        ValueError: actor_references must be a non-empty list of 'name', 'adjective', 'metonym'; got ['names']
    """
    if isinstance(references, str) or not references or any(r not in REFERENCE_KINDS for r in references):
        raise ValueError(f"actor_references must be a non-empty list of {', '.join(map(repr, REFERENCE_KINDS))}; "
                         f"got {references!r}")
    return tuple(references)


def speech_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions quotes and attributions read: every one but adjective forms ("Russian officials" is no speaker).

    So ``actor_references`` never changes who is quoted or attributed.
    """
    if "reference_kind" not in mentions.columns:
        return mentions
    return mentions[mentions["reference_kind"].astype(str) != "adjective"].reset_index(drop=True)


def _spans_by_doc(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, int]]]:
    """``doc_id`` -> ``(sent_id, start, end)`` in ``sent_id`` order."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    if len(sentences) == 0:
        return spans
    for doc_id, sent_id, start, end in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["end"]
    ):
        spans.setdefault(str(doc_id), []).append((int(sent_id), int(start), int(end)))
    for rows in spans.values():
        rows.sort()
    return spans


def mention_table(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicon: ActorLexicon | None = None,
    metonyms: str = "map",
    references: Sequence[str] = DEFAULT_REFERENCES,
) -> pd.DataFrame:
    """Find the actor mentions of every document of a corpus.

    Args:
        documents: A table with ``doc_id`` and ``text`` (from
            :func:`analysis.corpus.load.load_corpus`).
        sentences: The sentence table (``doc_id``, ``sent_id``, ``start``,
            ``end``), e.g. ``prepare_corpus(...).sentences``, so that
            boilerplate is not searched.
        lexicon: Another lexicon; the default is the project's.
        metonyms: ``"map"`` or ``"separate"`` (see :func:`find_mentions`).
        references: The reference kinds reported (``-p actor_references``;
            see :func:`find_mentions`); default names and metonyms.

    Returns:
        One row per mention (:data:`MENTION_COLUMNS`), in document order,
        then by ``start``; ``sent_id`` is the sentence table's.

    Examples:
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Putin spoke.", "Moscow's move."]})
        >>> sents = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "start": [0, 0], "end": [12, 14]})
        >>> mention_table(docs, sents)[["doc_id", "text", "actor", "matched_by"]].values.tolist()
        [['a', 'Putin', 'Vladimir Putin', 'surname'], ['b', 'Moscow', 'Russia', 'metonym']]
        >>> mention_table(docs.iloc[:0], sents.iloc[:0]).dtypes["start"]
        dtype('int64')
    """
    _check_mode(metonyms)
    lexicon = lexicon if lexicon is not None else load_actor_lexicon()
    by_doc = _spans_by_doc(sentences)
    rows: list[dict] = []
    if len(documents):
        for doc_id, text in zip(documents["doc_id"], documents["text"]):
            spans = by_doc.get(str(doc_id), [])
            found = find_mentions(
                str(text), doc_id=str(doc_id), sentences=[(s, e) for _, s, e in spans], lexicon=lexicon,
                metonyms=metonyms, references=references,
            )
            for row in found:
                row["sent_id"] = spans[row["sent_id"]][0]
            rows.extend(found)
    return _typed_mentions(rows)


def candidate_actors(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    min_count: int = 2,
    lexicon: ActorLexicon | None = None,
) -> pd.DataFrame:
    """List recurring capitalised names that the lexicon does not cover yet.

    A candidate is a run of capitalised words inside one sentence, joined by
    single spaces (lower-case :data:`NAME_CONNECTORS` such as "of" may sit
    between them), with a final ``'s`` removed. Runs are cut at months and
    weekdays (:data:`CALENDAR_WORDS`) and at the lexicon's ``demonyms``.
    Stopwords (NLTK's English list, also in contractions such as "I'm") and
    connectors are trimmed from both ends, and :data:`HONORIFICS` ("Mr") from
    the start; one-character runs are dropped. A run whose every word lies in
    a mention is already covered and dropped; a run only partly covered is
    kept whole, since it is usually a longer name the lexicon cuts short
    ("BBC World Service", "UK Coal"). A run that starts its sentence, or a
    clause inside it (right after an opening quote or bracket, a colon,
    semicolon or dash), may be capitalised only for that reason: it counts
    only if the same candidate also occurs elsewhere mid-sentence in the
    corpus; then every occurrence counts.

    Args:
        documents: A table with ``doc_id`` and ``text``.
        sentences: The sentence table.
        mentions: The mention table of the same corpus (:func:`mention_table`).
        min_count: Drop candidates seen fewer times.
        lexicon: Supplies ``demonyms``; the default is the project's.

    Returns:
        Columns :data:`CANDIDATE_COLUMNS`: the candidate, its number of
        occurrences and of documents, and the offsets of its first occurrence
        (document order, then start). Sorted by count descending, then candidate.

    Examples:
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Aid came via Meet The Press. Istanbul and Istanbul."]})
        >>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "start": [0, 29], "end": [28, 51]})
        >>> candidate_actors(docs, sents, mention_table(docs, sents), min_count=1).values.tolist()
        [['Istanbul', 2, 1, 'a', 29, 37], ['Meet The Press', 1, 1, 'a', 13, 27]]
    """
    lexicon = lexicon if lexicon is not None else load_actor_lexicon()
    demonyms = frozenset(lexicon.demonyms)
    stopwords = load_stopwords(config.STOPWORDS_FILE)
    by_doc = _spans_by_doc(sentences)
    covered: dict[str, list[tuple[int, int]]] = {}
    if len(mentions):
        for doc_id, start, end in zip(mentions["doc_id"], mentions["start"], mentions["end"]):
            covered.setdefault(str(doc_id), []).append((int(start), int(end)))
    for spans in covered.values():
        spans.sort()

    def is_stop(word: str) -> bool:
        low = word.lower().replace("’", "'")
        head, _, clitic = low.partition("'")
        return low in stopwords or (clitic in _CLITIC_ENDINGS and head in stopwords)

    # (candidate, doc order, doc_id, start, end, starts its sentence)
    found: list[tuple[str, int, str, int, int, bool]] = []
    documents_iter = zip(documents["doc_id"], documents["text"]) if len(documents) else iter(())
    for order, (doc_id, text) in enumerate(documents_iter):
        doc_id, text = str(doc_id), str(text)
        in_mention = _overlap_test(covered.get(doc_id, []))
        for _, s_start, s_end in by_doc.get(doc_id, []):
            first_word = _CAP_WORD.search(text, s_start, s_end)
            for run in _capitalised_runs(text, s_start, s_end, demonyms):
                words = list(run)
                while words and (is_stop(words[0][2]) or words[0][2] in NAME_CONNECTORS or words[0][2] in HONORIFICS):
                    words.pop(0)
                while words and (is_stop(words[-1][2]) or words[-1][2] in NAME_CONNECTORS):
                    words.pop()
                if not words:
                    continue
                start, end = words[0][0], words[-1][1]
                if end - start < 2:
                    continue
                if all(in_mention(w_start, w_end) for w_start, w_end, _ in words):
                    continue  # every word is already a mention
                initial = (first_word is not None and start == first_word.start()) or bool(
                    _CLAUSE_OPENER.search(text, _clause_opener_window(text, s_start, start), start)
                )
                found.append((text[start:end], order, doc_id, start, end, initial))

    mid_sentence = {name for name, *_, initial in found if not initial}
    stats: dict[str, list] = {}
    for name, _order, doc_id, start, end, _ in sorted(found, key=lambda f: (f[1], f[3])):
        if name not in mid_sentence:
            continue
        entry = stats.setdefault(name, [0, set(), doc_id, start, end])
        entry[0] += 1
        entry[1].add(doc_id)
    rows = [
        (name, count, len(docs), doc_id, start, end)
        for name, (count, docs, doc_id, start, end) in stats.items()
        if count >= min_count
    ]
    rows.sort(key=lambda r: (-r[1], r[0]))
    table = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    return table.astype(
        {"candidate": "string", "count": "int64", "doc_freq": "int64", "example_doc_id": "string",
         "example_start": "int64", "example_end": "int64"}
    )


def _overlap_test(spans: list[tuple[int, int]]):
    """A function telling whether ``[start, end)`` overlaps any of ``spans`` (sorted by start), in log time.

    Examples:
        >>> test = _overlap_test([(0, 5), (10, 12)])
        >>> [test(4, 6), test(5, 10), test(11, 30), test(12, 13)]
        [True, False, True, False]
        >>> _overlap_test([])(0, 1)
        False
    """
    starts = [s for s, _ in spans]
    reach: list[int] = []  # reach[i]: the largest end among spans[:i + 1]
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)

    def overlaps(start: int, end: int) -> bool:
        before = bisect.bisect_left(starts, end)  # spans[:before] start before `end`
        return before > 0 and reach[before - 1] > start

    return overlaps


def _capitalised_runs(text: str, start: int, end: int, demonyms: frozenset[str]) -> list[list[tuple[int, int, str]]]:
    """Split one sentence into runs of capitalised words, ``(start, end, word)`` each."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    previous_end = -1
    previous_possessive = False

    def close() -> None:
        if current:
            runs.append(list(current))
            current.clear()

    for match in _CAP_WORD.finditer(text, start, end):
        w_start, w_end = match.span()
        word = match.group()
        possessive = False
        if re.search(r"['’]s\Z", word):
            w_end -= 2
            word = word[:-2]
            possessive = True
        elif "." in word and text[w_end : w_end + 1] == ".":
            w_end += 1  # "D.C." keeps its final period
            word += "."
        # Joined to the run so far: one plain space, no possessive in between.
        adjacent = bool(current) and not previous_possessive and text[previous_end:w_start] == " "
        if word.lower() in CALENDAR_WORDS or word in demonyms:
            close()
        elif word[:1].isupper():
            if not adjacent:
                close()
            current.append((w_start, w_end, word))
        elif adjacent and word in NAME_CONNECTORS:
            current.append((w_start, w_end, word))  # trimmed later if nothing capitalised follows
        else:
            close()
        previous_end = w_end + (2 if possessive else 0)
        previous_possessive = possessive
    close()
    return runs


@functools.lru_cache(maxsize=8)
def load_actor_lexicon(path: str | Path | None = None) -> ActorLexicon:
    """Read and check an actor lexicon file.

    Args:
        path: A YAML file with ``version`` and a list of ``actors`` (see the
            header of the default file for the format); ``None`` reads the
            project's ``analysis/resources/lexicons/actors.yaml``.

    Returns:
        The lexicon, with actors in file order (cached per path).

    Raises:
        RulesError: The file is missing or not YAML; it has no ``version`` or
            ``actors`` list; an entry lacks ``name`` or ``type``, has an unknown
            type or field, a malformed list, a ``metonym_of`` naming no actor,
            or a surname or title on a non-person; two entries share a name;
            or one surface form (alias, variant, surname, ...) belongs to two
            actors. The message names the file and the entry.

    Examples:
        >>> lexicon = load_actor_lexicon()
        >>> zel = lexicon.get("Volodymyr Zelenskiy")
        >>> zel.type, zel.surname, zel.variants, zel.pronoun
        ('person', 'Zelenskiy', ('Zelensky', 'Zelenskyy', 'Zelenskii'), 'he')
        >>> import tempfile, pathlib
        >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
        >>> _ = bad.write_text("version: 1\\nactors:\\n  - name: Kremlin\\n    type: building\\n")
        >>> load_actor_lexicon(bad)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.exceptions.RulesError: .../bad.yaml, entry 1 ('Kremlin'): type 'building' is not one of person, ...
    """
    file = Path(path) if path is not None else ACTOR_LEXICON_FILE
    data = read_yaml_mapping(file, list_key="actors", what="actor lexicon")
    if data.get("version") in (None, ""):
        raise RulesError("the lexicon has no 'version'; add one and bump it on every change", path=file)
    demonyms = _string_list(data.get("demonyms"), field="demonyms", path=file, entry=None)

    actors: list[Actor] = []
    entries: dict[str, int] = {}
    for number, raw in enumerate(data["actors"], start=1):
        actor = _parse_entry(raw, path=file, number=number)
        label = f"{number} ({actor.name!r})"
        if actor.name in entries:
            raise RulesError(f"duplicate name {actor.name!r}, first given in entry {entries[actor.name]}",
                             path=file, entry=label)
        entries[actor.name] = number
        actors.append(actor)

    owners: dict[str, tuple[str, int]] = {}
    for number, actor in enumerate(actors, start=1):
        label = f"{number} ({actor.name!r})"
        if actor.metonym_of is not None and (actor.metonym_of not in entries or actor.metonym_of == actor.name):
            raise RulesError(f"metonym_of {actor.metonym_of!r} names no other actor of the lexicon",
                             path=file, entry=label)
        for form in [f for f, _ in surface_forms(actor)] + list(actor.adjectives):
            key = _form_key(form)
            owner = owners.setdefault(key, (actor.name, number))
            if owner[0] != actor.name:
                raise RulesError(
                    f"the form {form!r} also belongs to {owner[0]!r} (entry {owner[1]}); "
                    "a name, alias, variant, surname or adjective may point to one actor only",
                    path=file, entry=label,
                )
    return ActorLexicon(
        actors=tuple(actors), version=str(data["version"]), path=config.display_path(file), demonyms=demonyms
    )


def _string_list(value: object, *, field: str, path: Path, entry: str | None) -> tuple[str, ...]:
    """Read an optional list of non-empty strings."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{field!r} must be a list of non-empty strings", path=path, entry=entry)
    return tuple(v.strip() for v in value)


def _parse_entry(raw: object, *, path: Path, number: int) -> Actor:
    """Check one entry of the ``actors`` list and build its :class:`Actor`."""
    if not isinstance(raw, dict):
        raise RulesError("each actor must be a mapping with 'name' and 'type'", path=path, entry=number)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesError("the actor has no 'name'", path=path, entry=number)
    name = name.strip()
    label = f"{number} ({name!r})"
    unknown = sorted(set(raw) - _ENTRY_FIELDS)
    if unknown:
        raise RulesError(f"unknown field(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(_ENTRY_FIELDS))}",
                         path=path, entry=label)
    kind = raw.get("type")
    if kind is None:
        raise RulesError("the actor has no 'type'", path=path, entry=label)
    if kind not in ACTOR_TYPES:
        raise RulesError(f"type {kind!r} is not one of {', '.join(ACTOR_TYPES)}", path=path, entry=label)
    scalars: dict[str, str | None] = {}
    for field in ("surname", "pronoun", "metonym_of"):
        value = raw.get(field)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise RulesError(f"{field!r} must be a non-empty string", path=path, entry=label)
        scalars[field] = value.strip() if isinstance(value, str) else None
    lists = {field: _string_list(raw.get(field), field=field, path=path, entry=label)
             for field in ("aliases", "variants", "titles", "adjectives")}
    if kind != "person" and (scalars["surname"] or lists["titles"]):
        raise RulesError("only a person may have a 'surname' or 'titles'", path=path, entry=label)
    if kind == "person" and lists["adjectives"]:
        raise RulesError("a person has no 'adjectives' (they are country and group forms)", path=path, entry=label)
    if kind == "person" and scalars["metonym_of"]:
        raise RulesError("a person cannot be a metonym ('metonym_of')", path=path, entry=label)
    if scalars["pronoun"] is not None and scalars["pronoun"] not in PRONOUNS:
        raise RulesError(f"pronoun {scalars['pronoun']!r} is not one of {', '.join(PRONOUNS)}", path=path, entry=label)
    surname = [scalars["surname"]] if scalars["surname"] else []
    for form in (name, *lists["aliases"], *lists["variants"], *lists["titles"], *surname, *lists["adjectives"]):
        if not _WORD_RUN.match(form):
            raise RulesError(f"the form {form!r} must start with a letter or digit", path=path, entry=label)
    return Actor(
        name=name, type=kind, aliases=lists["aliases"], surname=scalars["surname"], titles=lists["titles"],
        pronoun=scalars["pronoun"], metonym_of=scalars["metonym_of"], variants=lists["variants"],
        adjectives=lists["adjectives"],
    )
