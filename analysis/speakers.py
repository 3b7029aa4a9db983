"""Who is speaking: resolve speaker phrases and pronouns to actors.

Shared by :mod:`analysis.quotes` and :mod:`analysis.framing`. A speaker
phrase is resolved, in order:

1. a pronoun (``he``, ``she``) goes to the most recent earlier mention of a
   person actor whose lexicon pronoun is compatible (unknown counts as
   compatible); ``they``, ``we`` and ``I`` are left as written;
2. otherwise, to the actor of the last actor mention inside the phrase
   (the head: "Zelenskiy spokesman Serhiy Nykyforov" is Nykyforov);
3. otherwise, to whatever the actor lexicon resolves the phrase to;
4. otherwise the speaker is the phrase itself, as written.

Nothing is guessed beyond these rules: no match leaves the speaker empty.

Examples:
    >>> mentions = [{"start": 0, "end": 9, "actor": "Volodymyr Zelenskiy", "actor_type": "person"}]
    >>> resolve_speaker("he", start=40, end=42, mentions=mentions, lexicon=None)
    ('Volodymyr Zelenskiy', 'pronoun')
    >>> resolve_speaker("Experts", start=40, end=47, mentions=mentions, lexicon=None)
    ('Experts', 'unmatched')
"""

from __future__ import annotations

from typing import Any, Sequence

#: Pronouns resolved to earlier person mentions, with the lexicon pronouns they accept.
RESOLVABLE_PRONOUNS: dict[str, frozenset[str | None]] = {
    "he": frozenset({"he", None}),
    "she": frozenset({"she", None}),
}
#: Pronouns recognised as speakers but left unresolved.
OTHER_PRONOUNS: frozenset[str] = frozenset({"they", "we", "i", "it", "you"})


def is_pronoun(word: str) -> bool:
    """True for a speaker pronoun.

    Examples:
        >>> is_pronoun("He"), is_pronoun("Zelenskiy")
        (True, False)
    """
    lowered = word.lower()
    return lowered in RESOLVABLE_PRONOUNS or lowered in OTHER_PRONOUNS


def resolve_pronoun(
    pronoun: str, *, position: int, mentions: Sequence[dict[str, Any]], lexicon: Any
) -> dict[str, Any] | None:
    """Find the most recent compatible person mention before ``position``.

    Args:
        pronoun: ``he`` or ``she`` (any case).
        position: Offset the mention must end before.
        mentions: The document's mentions (dicts with ``start``, ``end``,
            ``actor``, ``actor_type``), sorted by ``start``.
        lexicon: An actor lexicon with ``get(name).pronoun``, or ``None``
            (then every person is compatible).

    Returns:
        The mention, or ``None``.

    Examples:
        >>> ms = [{"start": 0, "end": 5, "actor": "Merz", "actor_type": "person"},
        ...       {"start": 10, "end": 15, "actor": "Russia", "actor_type": "state"}]
        >>> resolve_pronoun("he", position=20, mentions=ms, lexicon=None)["actor"]
        'Merz'
        >>> resolve_pronoun("they", position=20, mentions=ms, lexicon=None) is None
        True
    """
    accepted = RESOLVABLE_PRONOUNS.get(pronoun.lower())
    if accepted is None:
        return None
    for mention in reversed(mentions):
        if mention["end"] > position or mention["actor_type"] != "person":
            continue
        declared = None
        if lexicon is not None:
            try:
                declared = lexicon.get(mention["actor"]).pronoun
            except KeyError:
                declared = None
        if declared in accepted:
            return mention
    return None


def resolve_speaker(
    phrase: str, *, start: int, end: int, mentions: Sequence[dict[str, Any]], lexicon: Any
) -> tuple[str, str]:
    """Resolve a speaker phrase found at ``[start, end)``.

    Returns:
        ``(speaker, rule)``: the canonical actor or the phrase as written,
        and which rule decided it (``pronoun``, ``mention``, ``lexicon``,
        ``unmatched``, or ``pronoun_unresolved``).

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
    """
    if is_pronoun(phrase.strip()):
        found = resolve_pronoun(phrase.strip(), position=start, mentions=mentions, lexicon=lexicon)
        return (found["actor"], "pronoun") if found else (phrase, "pronoun_unresolved")
    head_end = end
    locative = re.search(r"\s(?:in|at|from)\s", phrase)
    if locative is not None:  # "officials in Kyiv": the speaker is the head, not the place
        head_end = start + locative.start()
    inside = [
        m for m in mentions
        if m["start"] >= start and m["end"] <= head_end and m.get("actor_type") != "place"
    ]
    if inside:
        return inside[-1]["actor"], "mention"
    if lexicon is not None and locative is None:
        actor = lexicon.resolve(phrase)
        if actor is not None:
            return actor.name, "lexicon"
    return phrase, "unmatched"


# --------------------------------------------------------------------------- #
# finding the speaker phrase in raw text
# --------------------------------------------------------------------------- #
import re  # noqa: E402

#: Words and the punctuation that ends a subject search.
WORD = re.compile(r"[A-Za-z][A-Za-z0-9.'’-]*[A-Za-z0-9]|[A-Za-z]|-{2,}|[,;:()\"“”«»—–]|[.!?](?=\s|$)")
#: Words skipped between a subject and its verb ("Putin has also said").
SKIP_WORDS: frozenset[str] = frozenset(
    {"has", "have", "had", "will", "would", "could", "can", "may", "might", "must", "shall", "should",
     "did", "does", "do", "also", "not", "never", "again", "later", "then", "still", "just", "already",
     "previously", "repeatedly", "once", "often", "again", "too", "been", "is", "was", "are", "were",
     "and", "or"}
)
#: Lowercase nouns that can head a source phrase ("the ministry said", "officials say").
SOURCE_NOUNS: frozenset[str] = frozenset(
    {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "minister", "ministry", "president",
     "leader", "leaders", "expert", "experts", "analyst", "analysts", "source", "sources", "diplomat",
     "diplomats", "observer", "observers", "critic", "critics", "lawmaker", "lawmakers", "statement",
     "report", "government", "administration", "commander", "commanders", "military", "army", "police",
     "witness", "witnesses", "resident", "residents", "authorities", "agency", "office", "spokespeople",
     "prosecutor", "prosecutors", "investigators", "aide", "aides", "adviser", "advisers", "advisor",
     "chancellor", "premier", "secretary", "envoy", "ambassador", "general", "governor", "mayor"}
)
#: Title words that may stand lowercase inside a name phrase ("Zelenskiy spokesman Serhiy Nykyforov").
TITLE_WORDS: frozenset[str] = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "minister", "president", "adviser", "advisor", "aide",
     "chief", "head", "leader", "envoy", "ambassador", "secretary", "general", "prime", "foreign", "defense",
     "defence", "deputy", "former", "opposition", "chancellor", "commander", "of", "the"}
)
DETERMINERS: frozenset[str] = frozenset({"the", "a", "an"})
#: Prepositions of place inside a speaker phrase ("officials in Kyiv").
LOCATIVES: frozenset[str] = frozenset({"in", "at", "from"})
#: Capitalised words that open a sentence or clause and are never part of a name.
CLAUSE_OPENERS: frozenset[str] = frozenset(
    {"while", "when", "as", "but", "and", "since", "meanwhile", "however", "if", "although", "though", "after",
     "before", "still", "in", "on", "at", "for", "with", "from", "by", "because", "yet", "so", "then", "now",
     "also", "even", "instead", "moreover", "separately", "earlier", "later", "last", "this", "that", "these",
     "those", "it", "there", "here", "what", "why", "how", "where", "who", "which", "a", "an", "not", "no"}
)


_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which)\b[^,;.]*,\s*$")


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text, start, end)]


def _is_subject_word(word: str) -> bool:
    if word.lower() in CLAUSE_OPENERS:
        return False
    return word[:1].isupper() or word.lower() in TITLE_WORDS


def subject_before(text: str, *, position: int, lower_bound: int) -> tuple[str, int, int] | None:
    """Find the speaker phrase that ends right before a verb at ``position``.

    Skips auxiliaries and adverbs ("has also", "baselessly"), then takes a
    pronoun, or a run of capitalised words and title words, or one source
    noun ("the ministry"). Stops at punctuation or ``lower_bound``.

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

    """
    words = _words(text, lower_bound, position)

    def skippable(k: int) -> bool:
        low = words[k][0].lower()
        if low in ("and", "or"):  # "repeatedly and falsely claimed"
            return k > 0 and words[k - 1][0].endswith("ly") and words[k - 1][0][:1].islower()
        return low in SKIP_WORDS or (low.endswith("ly") and words[k][0][:1].islower())  # not "Italy"

    i = len(words) - 1
    while i >= 0 and skippable(i):
        i -= 1
    if i < 0:
        return None
    word, w_start, w_end = words[i]
    if word == ",":
        # "Trump, who will take office in January, has criticized": skip the relative clause
        relative = _RELATIVE_CLAUSE.search(text, lower_bound, w_end)
        if relative is not None:
            return subject_before(text, position=relative.start(), lower_bound=lower_bound)
        return None
    if is_pronoun(word):
        return word, w_start, w_end
    run_start = None
    if _is_subject_word(word) and word[:1].isalpha() and word.lower() not in DETERMINERS | {"of"}:
        j = i
        while j >= 0 and words[j][0][:1].isalpha() and _is_subject_word(words[j][0]):
            j -= 1
        j += 1
        while j <= i and words[j][0].lower() == "of":
            j += 1
        if j <= i:
            run_start = words[j][1]
    elif word.lower() in SOURCE_NOUNS:
        j = i - 1
        while j >= 0 and words[j][0][:1].isalpha() and words[j][0][:1].isupper():
            j -= 1
        run_start = words[j + 1][1]
        if j >= 0 and words[j][0].lower() in DETERMINERS:
            run_start = words[j][1]
    if run_start is None:
        return None
    # "Officials in Kyiv said": a locative phrase belongs to the subject before it
    before = [w for w in words if w[2] <= run_start]
    if len(before) >= 2 and before[-1][0].lower() in LOCATIVES:
        head = subject_before(text, position=before[-1][1], lower_bound=lower_bound)
        if head is not None and not is_pronoun(head[0]):
            return text[head[1]:w_end], head[1], w_end
    return text[run_start:w_end], run_start, w_end


def subject_after(text: str, *, position: int, upper_bound: int) -> tuple[str, int, int] | None:
    """Find an inverted speaker right after a cue ("…," said Zelenskiy).

    Takes a pronoun, or a run of capitalised words and title words (with a
    leading "the"), up to punctuation.

    Examples:
        >>> t = ' said Ukrainian Prime Minister Denys Shmyhal, adding'
        >>> subject_after(t, position=5, upper_bound=len(t))
        ('Ukrainian Prime Minister Denys Shmyhal', 6, 44)
        >>> subject_after(" to the statement, the", position=3, upper_bound=22)
        ('the statement', 4, 17)
    """
    words = _words(text, position, upper_bound)
    if not words:
        return None
    first, f_start, f_end = words[0]
    if is_pronoun(first):
        return first, f_start, f_end
    j = 0
    if first.lower() in DETERMINERS:
        j = 1
    k = j
    while k < len(words) and words[k][0][:1].isalpha() and (
        _is_subject_word(words[k][0]) or (k == j and words[k][0].lower() in SOURCE_NOUNS)
        or (j == 1 and words[k][0].lower() in SOURCE_NOUNS)
    ):
        k += 1
    if k == j:
        return None
    end = words[k - 1][2]
    return text[f_start:end], f_start, end


# --------------------------------------------------------------------------- #
# is a reporting-verb form used as a verb here?
# --------------------------------------------------------------------------- #
#: Words after which a verb form is a noun ("the claim", "his claims", "of claims").
NOUN_CONTEXT: frozenset[str] = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your",
     "such", "any", "no", "some", "many", "several", "few", "all", "both", "each", "every", "whose",
     "of", "about", "over", "despite", "amid", "against", "for", "with", "without", "on", "by", "in", "to",
     "from", "after", "before", "under", "between", "among", "new", "recent", "similar", "other", "further",
     "earlier", "latest", "repeated", "such"}
)
#: Words after which a base verb form is a verb ("will claim", "to say").
VERB_CONTEXT: frozenset[str] = frozenset(
    {"to", "will", "would", "could", "can", "may", "might", "must", "shall", "should", "did", "does", "do",
     "not", "n't", "who", "which", "also", "has", "have", "had", "is", "was", "were", "are", "been", "being"}
)
_ADJECTIVE_SUFFIXES: tuple[str, ...] = (
    "al", "ive", "ous", "ic", "ful", "less", "ary", "ian", "ean", "ese", "ish", "able", "ible",
)
_DEMONYM_SUFFIXES: tuple[str, ...] = ("ian", "ean", "ese", "ish")
_PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z'’-]*)[^A-Za-z]*$")


def previous_word(text: str, *, position: int, lower_bound: int) -> str:
    """The word before ``position`` (lowercased), or ``""`` at a boundary or after punctuation.

    Examples:
        >>> previous_word("the claim", position=4, lower_bound=0)
        'the'
        >>> previous_word("talks, claim", position=7, lower_bound=0)
        ''
    """
    chunk = text[lower_bound:position]
    stripped = chunk.rstrip()
    if not stripped or not stripped[-1].isalpha():
        return ""
    match = _PREVIOUS_WORD.search(stripped)
    return match.group(1).lower() if match else ""


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
    """
    previous = previous_word(text, position=start, lower_bound=lower_bound)
    if text[start : start + 1].isupper() and text[lower_bound:start].strip():
        return False  # capitalised mid-sentence: part of a name ("the United States")
    if previous.endswith(("n't", "n’t")):
        return True
    if previous.endswith(("'s", "’s", "s'")) or previous in NOUN_CONTEXT - VERB_CONTEXT:
        return False
    if previous == "to" and form.endswith("s"):
        return False  # "in response to claims": an infinitive takes the base form
    if previous and not previous.endswith("ly") and previous not in VERB_CONTEXT and previous.endswith(_ADJECTIVE_SUFFIXES):
        # "territorial claims", "Russian claims"; but a capitalised actor name ("Russia") is a subject
        raw_previous = text[lower_bound:start].rstrip().split()[-1] if text[lower_bound:start].strip() else ""
        if not (raw_previous[:1].isupper() and not previous.endswith(_DEMONYM_SUFFIXES)):
            return False
    if not ambiguous or form.endswith(("ed", "ing")) and form not in ("need", "feed"):
        return True
    if previous in VERB_CONTEXT:
        return True
    return subject_before(text, position=start, lower_bound=lower_bound) is not None
