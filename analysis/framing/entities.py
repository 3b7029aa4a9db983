"""Who a speaker is: the entities of one article, and one name per entity across a corpus.

A quote's speaker phrase ("he", "Mr. Rove", "Clinton's communications
director") is a *mention*; the table counts *entities*. This module is the
small coreference pass that attribution needs, with rules that follow how news
names people:

* **People are discovered**, not only looked up in the actor lexicon. A run of
  capitalised words is a person when it opens with a known first name
  ("Karl Rove", "Adam B. Schiff", initials and particles allowed) or with a
  personal title ("Rep. Adam B. Schiff", "Mr. Rove", "Sen. Sanders"). The
  person's name is first name and surname ("Rep. Adam B. Schiff of
  California" is Adam Schiff; "Donald J. Trump" is Donald Trump); a suffix
  stays ("Donald Trump Jr." is another person).
* **A surname alone**, or a title and surname, is the article's person with
  that surname. When two people of the article share it ("Bill Clinton" and
  "Hillary Clinton"), a gendered title decides ("Mrs. Clinton"), then a
  person of the actor lexicon (the user's choice wins), and otherwise the
  mention is left ``unresolved``. A name with a suffix ("Jr.") is never what
  the bare surname means.
* **Pronouns** ("he", "she") go to the most recent compatible person mentioned
  outside quotation marks, reading back at most :data:`WINDOW_CHARS`
  characters of the article so far. Compatible means the same gender or an
  unknown one; gender comes from the actor lexicon, from a title (Mr., Mrs.,
  Ms.), from the first-name list (:data:`FIRST_NAMES_FILE`) and from the
  pronouns already resolved to the person. A resolved pronoun is itself a
  mention, so a run of quotes keeps its speaker. "They" goes to the nearest
  earlier group or organisation speaker, "it" to an organisation, and "I" or
  "we" inside a quotation to the quotation's speaker; other pronouns are
  ``unresolved`` and the speaker is empty, never the pronoun.
* **Descriptions** ("the campaign chairman", "Clinton's communications
  director") go to the person an appositive gave them earlier ("John Doe, the
  campaign chairman, …"; "campaign chairman John Doe"). Otherwise the phrase
  is kept, with kind ``document`` for documents ("the report"), ``group`` for
  plurals and quantified phrases ("critics", "some Republicans"),
  ``organisation`` for a named organisation ("the Clinton campaign", "CNN"),
  else ``unresolved``.
* **The head decides**: an organisation or place inside a description is not
  the speaker ("a Pentagon think tank" is a think tank; "Clinton's aide" is
  not Clinton), nor is a place after "of", "in", "at" or "from".

:func:`corpus_names` gives one name per entity across a corpus, as a reduction
over per-document results: a surname-only person name becomes the one fuller
name in the corpus with that surname; lexicon names stay as they are.

Examples:
    >>> text = 'Karl Rove spoke first. "We will win," he said.'
    >>> rows = [{"speaker_start": text.index("he said"), "speaker_end": text.index("he said") + 2,
    ...          "speaker": "he", "speaker_rule": "pronoun_unresolved", "start": 24, "end": 36}]
    >>> resolve_speakers(text, rows, mentions=[], quote_spans=[(24, 36)])
    >>> rows[0]["speaker"], rows[0]["speaker_kind"], text[rows[0]["speaker_source_start"]:rows[0]["speaker_source_end"]]
    ('Karl Rove', 'person', 'Karl Rove')
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from analysis import config
from analysis.exceptions import ResourceLineError

#: The first-name list: ``name<TAB>gender`` (male, female, either), with its source in the header.
FIRST_NAMES_FILE: Path = config.RESOURCES_DIR / "names" / "first_names.tsv"
#: Values of ``speaker_kind``.
SPEAKER_KINDS: tuple[str, ...] = ("person", "organisation", "group", "document", "unresolved")
#: How far back (in characters of the article so far) a pronoun or description looks for its entity.
WINDOW_CHARS = 6000
#: A pronoun's antecedent stands in its own paragraph or in one of this many paragraphs before it (a resolved
#: pronoun is itself a mention, so a run of quotes carries its speaker further).
PARAGRAPHS_BACK = 2
GENDERS: tuple[str, ...] = ("male", "female", "either")
#: Columns the resolution adds to quote and attribution rows.
ENTITY_COLUMNS: tuple[str, ...] = ("speaker_kind", "speaker_source_start", "speaker_source_end")


# --------------------------------------------------------------------------- #
# typed records
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class FirstNames:
    """A first-name list: name -> ``male``, ``female`` or ``either``."""

    genders: Mapping[str, str]
    path: str = ""

    def gender(self, name: str) -> str | None:
        """``male``, ``female``, ``either`` or ``None`` (not a listed first name).

        Examples:
            >>> FirstNames({"Karl": "male"}).gender("Karl"), FirstNames({}).gender("Zorp")
            ('male', None)
        """
        return self.genders.get(name[:1].upper() + name[1:].lower())


@dataclass
class Person:
    """A person of one article: the canonical name and what is known of them."""

    name: str
    surname: str
    first: str | None = None
    suffix: str | None = None
    gender: str | None = None  # "male", "female" or None (unknown)
    from_lexicon: bool = False
    first_seen: int = 0


@dataclass(frozen=True)
class EntityMention:
    """A span of the article that refers to an entity (``raw[start:end]`` is the mention)."""

    start: int
    end: int
    entity: str
    kind: str
    gender: str | None = None
    how: str = "name"  # lexicon, name, title, surname, pronoun, appositive, description
    in_quote: bool = False


@dataclass(frozen=True)
class SpeakerEntity:
    """The resolved speaker of a row: canonical name (``None`` when unresolved), kind and source mention."""

    speaker: str | None
    kind: str
    source_start: int | None = None
    source_end: int | None = None


@dataclass
class _Appositive:
    start: int
    words: frozenset[str]
    head: str
    mention: EntityMention


# --------------------------------------------------------------------------- #
# the first-name resource
# --------------------------------------------------------------------------- #
@functools.lru_cache(maxsize=4)
def load_first_names(path: str | Path | None = None) -> FirstNames:
    """Read a first-name list (default :data:`FIRST_NAMES_FILE`).

    Raises:
        ResourceLineError: a malformed line, naming the file and the line.

    Examples:
        >>> load_first_names().gender("Hillary"), load_first_names().gender("Karl")
        ('female', 'male')
    """
    source = Path(path) if path is not None else FIRST_NAMES_FILE
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ResourceLineError(f"cannot read the first-name list ({err})", path=source, line=None,
                                hint="restore the file from the repository") from None
    genders: dict[str, str] = {}
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields != ["name", "gender"]:
                raise ResourceLineError("the first line after the comments must be the header 'name<TAB>gender'",
                                        path=source, line=number, hint="add the header line")
            header_seen = True
            continue
        if len(fields) != 2:
            raise ResourceLineError(f"expected 2 tab-separated fields, found {len(fields)}", path=source,
                                    line=number, hint="write name<TAB>gender")
        name, gender = fields[0].strip(), fields[1].strip()
        if not name or not all(part.isalpha() for part in re.split(r"['’-]", name)):
            raise ResourceLineError(f"{name!r} is not a first name", path=source, line=number,
                                    hint="use letters, apostrophes and hyphens only")
        if gender not in GENDERS:
            raise ResourceLineError(f"unknown gender {gender!r}", path=source, line=number,
                                    hint="use " + ", ".join(GENDERS))
        key = name[:1].upper() + name[1:].lower()
        if key in genders:
            raise ResourceLineError(f"{name!r} is listed twice", path=source, line=number,
                                    hint="keep one line per name")
        genders[key] = gender
    if not header_seen:
        raise ResourceLineError("no header line 'name<TAB>gender'", path=source, line=None, hint="add the header line")
    return FirstNames(genders, str(source))


# --------------------------------------------------------------------------- #
# name discovery
# --------------------------------------------------------------------------- #
_UP = r"A-ZÀ-ÖØ-Þ"
_LOW = r"a-zß-öø-ÿ"
#: A capitalised name word: "Rove", "McConnell", "O'Rourke", "Ocasio-Cortez", "García".
_NAME_WORD = rf"[{_UP}](?:[{_LOW}]+(?:[{_UP}][{_LOW}]+)?|['’][{_UP}][{_LOW}]+)(?:-[{_UP}][{_LOW}]+)?"
_INITIAL = rf"[{_UP}]\.(?:\s?[{_UP}]\.)?"
_PARTICLE = r"(?:de|del|della|da|di|du|van|von|der|den|la|le|bin|ibn|al)"
_SUFFIX = r"(?:Jr\.|Sr\.|II|III|IV)"
#: Titles of address and office that may precede a name, with the gender they imply.
TITLE_GENDER: dict[str, str | None] = {
    "Mr": "male", "Mrs": "female", "Ms": "female", "Miss": "female", "Congressman": "male",
    "Congresswoman": "female", "Dr": None, "Rep": None, "Reps": None, "Sen": None, "Gov": None, "Gen": None,
    "Lt": None, "Col": None, "Sgt": None, "Capt": None, "Adm": None, "Maj": None, "Prof": None, "Rev": None,
    "President": None, "Senator": None, "Governor": None, "Judge": None, "Justice": None, "Mayor": None,
    "Secretary": None, "Speaker": None, "Chairman": None, "Chairwoman": "female", "Sheriff": None,
    "Attorney General": None, "Vice President": None, "Sir": "male", "Dame": "female",
}
_TITLE = r"(?:" + "|".join(sorted((re.escape(t) for t in TITLE_GENDER), key=len, reverse=True)) + r")"
_NAME_RUN = re.compile(
    rf"(?<![\w.])(?:(?P<title>{_TITLE})\.?\s+)?"
    rf"(?P<name>(?:(?:{_NAME_WORD}|{_INITIAL})\s+(?:{_PARTICLE}\s+)*){{0,4}}{_NAME_WORD})"
    rf"(?P<suffix>,?\s+{_SUFFIX}(?![\w]))?"
    rf"(?![\w'’-])"
)
#: After a pronoun: its reporting verb and a short adverbial, then a comma or the sentence end (", he said.").
_ASIDE_AFTER = re.compile(r"\s+[a-z]+(?:\s+(?!that\b)[\w'’]+){0,5}?\s*(?:[.;!?](?:\s|$)|,(?:\s|$)(?!\s*[\"“]))")
_THROUGH_DOCUMENT = re.compile(
    r"\b(?:in|through|with)\s+(?:a|an|his|her|its|their)\s+(?:\w+\s+)?(?P<head>statement|email|e-mail|letter|memo|"
    r"tweet|post|release|filing|op-ed|video|report|note|message)\b")
#: Before a word: it is the end of a longer name ("The American Legion", "Manohar Parrikar", "of North Carolina").
_IN_LONGER_NAME = re.compile(r"(?:[A-Z][\w.'’-]*|\b(?:of|the|from|for|and|at|in)|['’]s?)\s+$")
_WORD_BEFORE_REPORT = re.compile(
    rf"(?<![\w.'’-]){_NAME_WORD}(?=\s+(?:said|says|told|added|asked|wrote|explained|noted|argued|concluded|"
    rf"insisted|replied|responded|recalled|declared|tweeted|continued|acknowledged|warned|stated)\b)")
#: Two or three name words followed by an appositive ("Raynard Jackson, a consultant,") or after a role noun.
_APPOSED_NAME = re.compile(
    rf"(?:\b(?P<role>[a-z][a-z-]+)\s+)?(?<![\w.'’-])(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})(?![\w'’-])"
    rf"(?:,\s+(?P<tail>who\b|(?:a|an|the)\s+[^,.;:\n]{{0,80}}))?"
)
#: A named organisation: capitalised words ending in a word that says what it is, or an acronym of 2–5 capitals.
_ORG_END = (r"(?:Times|Post|Journal|Tribune|Herald|Gazette|Globe|Daily|Telegraph|Guardian|Chronicle|Inquirer|"
            r"Examiner|Register|News|Network|Radio|TV|Channel|Department|Committee|Campaign|Agency|Institute|"
            r"Foundation|Center|Centre|University|Council|Commission|Court|Bureau|Administration|Association|"
            r"Company|Corporation|Party|Group|Project|Fund|Coalition|Caucus|Office|Ministry|Service|PAC|Inc\.?|Corp\.?)")
_ORGANISATION_NAME = re.compile(
    rf"(?P<name>(?:[Tt]he\s+)?(?:{_NAME_WORD}\s+|[A-Z]{{2,5}}\s+|of\s+|for\s+|and\s+){{0,5}}{_ORG_END}(?![\w'’-])"
    rf"|(?<![\w.'’-])[A-Z]{{2,5}}(?![\w'’.-]))")
_ORG_LEAD_OUT = frozenset({"both", "and", "but", "when", "while", "as", "if", "after", "before", "since", "said",
                           "says", "told", "also", "even", "only", "then", "now", "so", "yet", "because", "like"})
#: What a definite description's head says the organisation is (other heads must stand in the name).
_ORGANISATION_TYPES: dict[str, str] = {
    "newspaper": "newspaper", "paper": "newspaper", "daily": "newspaper", "outlet": "media", "network": "broadcaster",
    "channel": "broadcaster", "station": "broadcaster", "broadcaster": "broadcaster", "magazine": "newspaper",
}


def _organisation_types(name: str) -> frozenset[str]:
    words = name.split()
    types = {w.lower().rstrip(".") for w in words}
    last = words[-1]
    if last in ("Times", "Post", "Journal", "Tribune", "Herald", "Gazette", "Globe", "Daily", "Telegraph", "Guardian",
                "Chronicle", "Inquirer", "Examiner", "Register"):
        types |= {"newspaper", "media"}
    if last in ("News", "Network", "Radio", "TV", "Channel") or re.fullmatch(r"[A-Z]{2,5}", last):
        types |= {"broadcaster", "media"}
    return frozenset(types)


#: Capitalised words that are never part of a person's name (sentence openers, days, months, places' heads).
NOT_NAME_WORDS: frozenset[str] = frozenset(
    {"The", "A", "An", "But", "And", "Or", "If", "When", "While", "As", "In", "On", "At", "For", "With", "From",
     "By", "After", "Before", "During", "Since", "This", "That", "These", "Those", "Then", "Now", "So", "Yet",
     "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
     "April", "May", "June", "July", "August", "September", "October", "November", "December", "He", "She",
     "They", "We", "It", "His", "Her", "Their", "Its", "Our", "I", "You", "Democrat", "Democrats", "Republican",
     "Republicans", "GOP", "Democratic", "American", "Americans", "Former", "State", "House", "Senate", "White",
     "North", "South", "East", "West", "New", "United", "National", "Mount", "Lake", "Saint", "Party",
     "Campaign", "Committee", "Department", "Times", "Post", "News", "Journal", "University", "Street",
     "Avenue", "County", "City", "Island", "Center", "Foundation", "Institute", "Council", "Court", "Tower",
     "Airport", "Hotel", "Hall", "Club", "Church", "Inc", "Corp", "Co", "Group", "Association", "Bank",
     "Trust", "Fund", "Act", "Day", "Week", "Mr", "Mrs", "Ms", "Dr"}
)
#: Lowercase words that may head a description of a person, in an appositive or a speaker phrase.
ROLE_NOUNS: frozenset[str] = frozenset(
    {"director", "chairman", "chairwoman", "chair", "manager", "spokesman", "spokeswoman", "spokesperson",
     "secretary", "senator", "governor", "nominee", "candidate", "adviser", "advisor", "aide", "strategist",
     "president", "leader", "official", "consultant", "pollster", "founder", "executive", "chief", "head",
     "attorney", "lawyer", "counsel", "minister", "ambassador", "mayor", "representative", "congressman",
     "congresswoman", "lawmaker", "commissioner", "economist", "analyst", "professor", "author", "writer",
     "reporter", "editor", "columnist", "host", "anchor", "correspondent", "deputy", "treasurer", "operative",
     "organizer", "activist", "supporter", "surrogate", "donor", "fundraiser", "delegate", "superdelegate",
     "businessman", "businesswoman", "billionaire", "mogul", "frontrunner", "front-runner", "rival", "opponent",
     "challenger", "incumbent", "speaker", "whip", "judge", "justice", "general", "officer", "agent", "ceo",
     "mate", "wife", "husband", "daughter", "son", "father", "mother", "brother", "sister", "friend", "partner",
     "veteran", "entrepreneur", "scientist", "researcher", "historian", "expert", "scholar", "student"}
)
#: Heads of a description that names a document, not a person.
DOCUMENT_HEADS: frozenset[str] = frozenset(
    {"report", "reports", "poll", "polls", "survey", "surveys", "study", "studies", "analysis", "paper", "review",
     "statement", "statements", "email", "emails", "e-mail", "letter", "letters", "memo", "memos", "ad", "ads",
     "video", "website", "tweet", "tweets", "post", "filing", "complaint", "lawsuit", "suit", "article",
     "editorial", "book", "documents", "document", "records", "record", "data", "findings", "release",
     "transcript", "audit", "investigation", "inquiry", "census", "note", "message", "speech", "platform",
     "op-ed", "indictment", "ruling", "order", "bill", "law", "decision", "opinion", "brief", "motion", "audio",
     "footage", "recording", "text", "texts", "page", "account", "feed", "commercial", "mailer", "research"}
)
#: Heads of a description that names an organisation ("the Clinton campaign", "the newspaper").
ORGANISATION_HEADS: frozenset[str] = frozenset(
    {"campaign", "committee", "department", "agency", "newspaper", "network", "administration", "company",
     "government", "ministry", "office", "party", "organization", "organisation", "group", "firm", "team",
     "council", "commission", "court", "union", "board", "bureau", "daily", "paper", "magazine", "outlet",
     "station", "channel", "institute", "foundation", "center", "centre", "tank", "association", "coalition",
     "corporation", "corp", "inc", "bank", "university", "college", "school", "police", "army", "military",
     "senate", "house", "congress", "white", "pac", "super", "service", "fund", "caucus", "delegation", "staff",
     "times", "post", "journal", "news", "press", "tribune", "herald", "telegraph", "guardian", "cnn", "fbi",
     "cia", "nbc", "abc", "cbs", "msnbc", "pentagon", "kremlin", "state"}
)
#: Singular nouns that name a group of people ("the crowd cried out").
COLLECTIVE_NOUNS: frozenset[str] = frozenset(
    {"crowd", "audience", "jury", "panel", "public", "electorate", "congregation", "chorus", "mob", "majority",
     "minority", "rest", "family", "couple", "class", "team", "staff", "delegation", "caucus", "base"})
#: Words that make a phrase a group of people ("critics", "some Republicans", "52 percent").
QUANTIFIERS: frozenset[str] = frozenset(
    {"many", "some", "several", "most", "few", "both", "all", "others", "other", "more", "half", "percent", "%",
     "majority", "minority", "number", "dozens", "hundreds", "thousands", "millions", "two", "three", "four",
     "five", "six", "seven", "eight", "nine", "ten", "various", "numerous", "fellow", "members"}
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
                          "my", "your", "another", "one"})
_ORG_WORDS = ORGANISATION_HEADS | {"party", "inc.", "corp.", "co.", "ltd"}
_WORD_RE = re.compile(r"[\w][\w.'’&-]*")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}|(?:[A-Z]\.){2,})$")
_POSSESSIVE = re.compile(r"['’]s?\b")
_NOT_SUBJECT = re.compile(
    r"(?i:\b(?:with|to|by|for|from|of|at|on|about|against|than|like|between|among|toward|towards|under|over|"
    r"the|a|an)\b)")
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!Mr)(?<!Ms)(?<!Dr)(?<!Mrs)(?<!Sen)(?<!Rep)(?<!Gov)(?<!Gen)(?<!Jr)(?<!Sr)(?<!St)[.!?][\"”’)]*\s+|\n")
_CUT = re.compile(r"\s(?:of|in|at|from|for|with|on)\s|,|\s\(")
_PRONOUN_GENDER = {"he": "male", "she": "female"}
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_PLURAL_PRONOUNS = frozenset({"they", "them"})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
#: Personal and possessive pronouns: never a speaker value.
PRONOUNS: frozenset[str] = frozenset({"he", "she", "it", "they", "i", "we", "you", "me", "him", "her", "us", "them",
                                      "his", "their", "its", "my", "our", "your"})
_POSSESSIVE_PRONOUNS = {"his": "he", "him": "he", "her": "she", "their": "they", "them": "they", "its": "it",
                        "my": "i", "me": "i", "our": "we", "us": "we", "your": "you"}


def _norm_words(phrase: str) -> list[str]:
    words = [w.lower() for w in _WORD_RE.findall(phrase)]
    return [re.sub(r"['’]s?$", "", w) for w in words]


def parse_person(phrase: str, names: FirstNames) -> tuple[str, str, str | None, str | None, str | None] | None:
    """Read a person's name from a phrase: ``(name, surname, first, suffix, gender)`` or ``None``.

    The phrase must be a whole name: an optional title, given names or
    initials, particles, a surname and an optional suffix. Without a title the
    first word must be a listed first name (or an initial).

    Examples:
        >>> names = load_first_names()
        >>> parse_person("Rep. Adam B. Schiff", names)
        ('Adam Schiff', 'Schiff', 'Adam', None, 'male')
        >>> parse_person("Mr. Rove", names)
        ('Rove', 'Rove', None, None, 'male')
        >>> parse_person("Donald Trump Jr.", names)[0]
        'Donald Trump Jr.'
        >>> parse_person("New Hampshire", names) is None
        True
    """
    match = _NAME_RUN.fullmatch(phrase.strip())
    if match is None:
        return None
    return _person_of(match, names)


def _person_of(match: re.Match[str], names: FirstNames, start_offset: int = 0):
    title = match.group("title")
    words = match.group("name").split()
    # drop capitalised words that open a sentence or name a month ("When Karl Rove", "On Monday")
    while words and words[0].rstrip(".") in NOT_NAME_WORDS and not (title and len(words) == 1):
        words = words[1:]
        title = None
    if not words or any(w in NOT_NAME_WORDS for w in words[1:]):
        return None
    suffix = match.group("suffix")
    suffix = suffix.strip(" ,") if suffix else None
    surname_parts = [words[-1]]
    i = len(words) - 2
    while i >= 0 and re.fullmatch(_PARTICLE, words[i]):
        surname_parts.insert(0, words[i])
        i -= 1
    given = words[: i + 1]
    surname = " ".join(surname_parts)
    title_gender = TITLE_GENDER.get(title) if title else None
    first = next((w for w in given if not re.fullmatch(_INITIAL, w)), None)
    first_gender = names.gender(first) if first else None
    if not title:
        if not given:
            return None
        if first is None or first_gender is None:
            return None  # "First Last" needs a listed first name (or a title)
    gender = title_gender or (first_gender if first_gender in ("male", "female") else None)
    if first is None:
        name = surname if not given else " ".join(given + [surname])
    else:
        name = f"{first} {surname}"
    if suffix:
        name = f"{name} {suffix}"
    return name, surname, first, suffix, gender


_RUN_TOKEN = rf"(?:{_TITLE}\.?|{_INITIAL}|{_NAME_WORD}|{_PARTICLE}(?=\s+[{_UP}]))"
_CAPITAL_RUN = re.compile(rf"(?<![\w.'’-]){_RUN_TOKEN}(?:[ \t]+{_RUN_TOKEN})*(?:,?[ \t]+{_SUFFIX}(?!\w))?")
_TOKEN = re.compile(rf"{_SUFFIX}(?!\w)|{_TITLE}\.?(?!\w)|{_INITIAL}|{_NAME_WORD}|{_PARTICLE}")


def people_in(text: str, names: FirstNames) -> Iterable[tuple[int, int, tuple]]:
    """Person names in a text: ``(start, end, parsed)`` as :func:`parse_person` gives, in text order.

    Inside a run of capitalised words a name starts at a listed first name or
    right after a title ("Senate Minority Leader Harry M. Reid" is Harry Reid;
    "Ohio Gov. John Kasich" is John Kasich; "Mr. Rove" is Rove).

    Examples:
        >>> [p[2][0] for p in people_in("Senate Minority Leader Harry M. Reid met Mr. Rove in New York.",
        ...                             load_first_names())]
        ['Harry Reid', 'Rove']
    """
    for run in _CAPITAL_RUN.finditer(text):
        tokens = [(m.group(0), run.start() + m.start(), run.start() + m.end())
                  for m in _TOKEN.finditer(run.group(0))]
        i = 0
        while i < len(tokens):
            word = tokens[i][0]
            bare = word.rstrip(".")
            is_title = bare in TITLE_GENDER and (word.endswith(".") or bare not in ("Dr", "Mr", "Mrs", "Ms"))
            starts = is_title or (names.gender(word) is not None and word not in NOT_NAME_WORDS
                                  and re.fullmatch(_NAME_WORD, word) is not None)
            if not starts:
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and tokens[j][0] not in NOT_NAME_WORDS and tokens[j][0].rstrip(".") not in TITLE_GENDER:
                j += 1
            if j < len(tokens) and re.fullmatch(_SUFFIX, tokens[j][0]):
                j += 1
            if j == i + 1:
                i += 1
                continue
            start, end = tokens[i][1], tokens[j - 1][2]
            parsed = parse_person(text[start:end], names)
            if parsed is not None:
                yield start, end, parsed
                i = j
            else:
                i += 1


def _trailing_name(text: str, start: int, end: int, names: FirstNames) -> tuple[int, int, tuple] | None:
    """A person's name ending a speaker phrase ("Former House speaker Newt Gingrich", "Meenakshi Ganguly"):
    two or three capitalised name words after the phrase start, a lowercase word or a title."""
    phrase = text[start:end]
    match = re.search(rf"(?:^|(?<=[\s]))(?P<name>{_NAME_WORD}(?:\s+(?:{_INITIAL}\s+)?{_NAME_WORD}){{1,2}})"
                      rf"(?P<suffix>,?\s+{_SUFFIX})?\s*$", phrase)
    if match is None:
        return None
    words = match.group("name").split()
    if any(w in NOT_NAME_WORDS or w.lower() in _ORG_WORDS for w in words):
        return None
    before = phrase[: match.start()].split()
    if before and before[-1][:1].isupper() and before[-1].rstrip(".") not in TITLE_GENDER and before[-1].lower() not in ROLE_NOUNS:
        return None  # part of a longer capitalised run: an organisation, not a person
    parsed = parse_person(match.group(0).strip(), names)
    if parsed is None:
        suffix = match.group("suffix").strip(" ,") if match.group("suffix") else None
        name = f"{words[0]} {words[-1]}" + (f" {suffix}" if suffix else "")
        parsed = (name, words[-1], words[0], suffix, None)
    return start + match.start("name"), start + match.end(), parsed


# --------------------------------------------------------------------------- #
# one article
# --------------------------------------------------------------------------- #
class ArticleEntities:
    """The people and other entities of one article, and the resolution of its speaker mentions.

    Args:
        text: The raw article text.
        mentions: Lexicon actor mentions (dicts with ``start``, ``end``,
            ``actor``, ``actor_type``, optionally ``pronoun``), any order.
        quote_spans: ``(start, end)`` of the article's quotations (mentions
            inside them are not antecedents of pronouns outside them).
        names: The first-name list.
        lexicon: The actor lexicon (for declared pronouns), or ``None``.
        speaker_spans: Speaker phrases of the rows to resolve, read as names
            when they are names ("Reince Priebus said").
    """

    def __init__(self, text: str, *, mentions: Sequence[Mapping[str, Any]] = (),
                 quote_spans: Sequence[tuple[int, int]] = (), names: FirstNames | None = None, lexicon: Any = None,
                 speaker_spans: Iterable[tuple[int, int]] = (),
                 regions: Sequence[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.regions = sorted(regions) if regions is not None else [(0, len(text))]
        in_body = _overlap_test(self.regions)
        self._paragraphs = [0] + [m.end() for m in re.finditer(r"\n\s*", text) if in_body(m.end(), m.end() + 1)]
        self.names = names or load_first_names()
        self.quote_spans = sorted(quote_spans)
        self._quote_starts = [s for s, _ in self.quote_spans]
        self._quote_ends_max = list(_running_max([e for _, e in self.quote_spans]))
        self.people: dict[str, Person] = {}
        self._full_names: dict[str, list[int]] = {}  # where each person is named in full, in text order
        self._by_surname: dict[str, list[str]] = {}
        found: list[EntityMention] = []
        lexicon_spans: list[tuple[int, int]] = []
        for m in sorted(mentions, key=lambda m: (int(m["start"]), int(m["end"]))):
            start, end, actor = int(m["start"]), int(m["end"]), str(m["actor"])
            kind = str(m.get("actor_type") or "")
            lexicon_spans.append((start, end))
            if kind == "place":
                continue
            gender = _PRONOUN_GENDER.get(str(m.get("pronoun") or ""))
            if gender is None and lexicon is not None and kind == "person":
                try:
                    gender = _PRONOUN_GENDER.get(str(lexicon.get(actor).pronoun))
                except (KeyError, AttributeError):
                    gender = None
            if kind == "person":
                person = self.people.get(actor)
                if person is None:
                    surname = actor.split()[-1] if actor.split() else actor
                    if re.fullmatch(_SUFFIX, surname) and len(actor.split()) > 2:
                        surname = actor.split()[-2]
                    person = self.people[actor] = Person(actor, surname, actor.split()[0], None, gender, True, start)
                    self._by_surname.setdefault(surname, []).append(actor)
                found.append(EntityMention(start, end, actor, "person", person.gender, "lexicon", self.in_quote(start)))
            else:
                entity_kind = "group" if kind == "group" else "organisation"
                found.append(EntityMention(start, end, actor, entity_kind, None, "lexicon", self.in_quote(start)))
        lexicon_spans.sort()
        overlaps = _overlap_test(lexicon_spans)
        spoken = sorted(set(speaker_spans))
        # 1. full names and titled names, in text order, register people
        pending: list[tuple[int, int, tuple]] = []
        for start, end, parsed in people_in(text, self.names):
            if in_body(start, end) and not overlaps(start, end):
                pending.append((start, end, parsed))
        # a name with an appositive or a role before it is a person, whatever its first name
        # ("Raynard Jackson, a Republican consultant,"; "consultant Raynard Jackson")
        for m in _APPOSED_NAME.finditer(text):
            start, end = m.start("name"), m.end("name")
            words = m.group("name").split()
            tail = m.group("tail") or ""
            if not in_body(start, end) or overlaps(start, end) or any(w in NOT_NAME_WORDS or w.lower() in _ORG_WORDS for w in words):
                continue
            role = m.group("role") or ""
            if role.lower() in ROLE_NOUNS or tail.startswith("who") or any(w in ROLE_NOUNS for w in _norm_words(tail)):
                parsed = parse_person(m.group("name"), self.names) or (f"{words[0]} {words[-1]}", words[-1], words[0], None, None)
                pending.append((start, end, parsed))
        lowercase = None
        # a capitalised word right before a common reporting verb is a speaker too ("Groberg concluded")
        reporting = [(m.start(), m.end()) for m in _WORD_BEFORE_REPORT.finditer(text)
                     if in_body(m.start(), m.end()) and not _IN_LONGER_NAME.search(text, max(0, m.start() - 40), m.start())
                     and not re.search(r"[^su]s$", m.group(0))]  # "Latinos said": a plural, not a surname
        if any(_sentence_initial(text, a) for a, _ in reporting):
            # at a sentence start the capital says nothing: the word must be capitalised mid-sentence too
            inner = {m.group(0) for m in re.finditer(rf"(?<=[\w,;] ){_NAME_WORD}", text)}
            reporting = [(a, b) for a, b in reporting if not _sentence_initial(text, a) or text[a:b] in inner]
        spoken = sorted(set(spoken) | set(reporting))
        for start, end in spoken:
            phrase = text[start:end]
            if re.fullmatch(_NAME_WORD, phrase) and phrase not in NOT_NAME_WORDS and phrase.lower() not in _ORG_WORDS \
                    and not overlaps(start, end):
                # a one-word speaker never written lowercase in the article is a person's surname ("Obama said")
                if lowercase is None:
                    lowercase = set(re.findall(r"\b[a-zß-öø-ÿ][\w'’-]*", text))
                if phrase.lower() not in lowercase and phrase.lower() not in PRONOUNS:
                    pending.append((start, end, (phrase, phrase, None, None, None)))
                continue
            cut = _CUT.search(text, start, end)
            found_name = _trailing_name(text, start, cut.start() if cut is not None else end, self.names)
            if found_name is not None and not overlaps(found_name[0], found_name[1]):
                pending.append(found_name)
        pending.sort(key=lambda p: (p[0], -p[1]))
        kept: list[tuple[int, int, tuple]] = []
        for item in pending:  # the longest of overlapping names ("Rep. Adam B. Schiff" over "Adam B. Schiff")
            if not kept or item[0] >= kept[-1][1]:
                kept.append(item)
        pending = kept
        for start, end, parsed in pending:
            name, surname, first, suffix, gender = parsed
            if first is None:
                continue  # a title and a surname: linked below, once every full name is known
            if any(start < e and s < end for s, e in lexicon_spans):
                continue
            person = self._register(name, surname, first, suffix, gender, start)
            self._full_names.setdefault(person.name, []).append(start)
            found.append(EntityMention(start, end, person.name, "person", person.gender, "name", self.in_quote(start)))
        # 2. titled surnames ("Mr. Rove") and bare surnames of known people
        named = sorted((m.start, m.end) for m in found)
        covered = _overlap_test(named)
        for start, end, parsed in pending:
            name, surname, first, suffix, gender = parsed
            if first is not None or covered(start, end):
                continue
            person = self.surname_person(surname, gender=gender, position=start)
            if person is not None:
                if gender and not person.gender:
                    person.gender = gender
                found.append(EntityMention(start, end, person.name, "person", gender or person.gender, "title",
                                           self.in_quote(start)))
            elif surname not in self._by_surname:
                person = self._register(name, surname, None, suffix, gender, start)
                found.append(EntityMention(start, end, person.name, "person", gender, "title", self.in_quote(start)))
        surnames = {s for s, owners in self._by_surname.items() if owners}
        if surnames:
            named = sorted((m.start, m.end) for m in found)
            covered = _overlap_test(named)
            word = re.compile(rf"(?<![\w.])(?:{_NAME_WORD})(?![\w'’-])")
            for m in word.finditer(text):
                if not in_body(m.start(), m.end()):
                    continue
                if m.group(0) not in surnames or covered(m.start(), m.end()) or overlaps(m.start(), m.end()):
                    continue
                person = self.surname_person(m.group(0), gender=None, position=m.start())
                if person is not None:
                    found.append(EntityMention(m.start(), m.end(), person.name, "person", person.gender, "surname",
                                               self.in_quote(m.start())))
        found.sort(key=lambda m: (m.start, m.end))
        self.mentions: list[EntityMention] = found
        self._starts = [m.start for m in found]
        self.documents: list[tuple[int, str, SpeakerEntity]] = []  # "X said in a statement": (where, head, X)
        self.resolved: list[EntityMention] = []  # pronouns and descriptions resolved so far, in text order
        self._resolved_starts: list[int] = []
        self.appositives = self._appositives()
        # named organisations ("The Washington Post", "the Justice Department", "the Clinton campaign", "CNN"),
        # for definite descriptions that refer back to them ("the newspaper", "the department", "the campaign")
        self.organisations: list[tuple[int, int, str, frozenset[str]]] = []
        for m in _ORGANISATION_NAME.finditer(text):
            if not in_body(m.start(), m.end()):
                continue  # (a place inside the name is no reason to drop it: "The Washington Post")
            name = m.group("name")
            words = name.split()
            while len(words) > 1 and words[0].lower() in _ORG_LEAD_OUT:
                words = words[1:]  # "Both The New York Times": the name starts later
            name = " ".join(words)
            self.organisations.append((m.start("name"), m.end("name"), name, _organisation_types(name)))
        self._organisation_starts = [o[0] for o in self.organisations]

    # ------------------------------------------------------------ people
    def _register(self, name, surname, first, suffix, gender, start) -> Person:
        person = self.people.get(name)
        if person is None and first and not suffix:
            # a short form of a first name already seen with this surname is the same person ("Sandy" / "Sandra")
            for other in self._by_surname.get(surname, ()):
                known = self.people[other]
                if known.first and not known.suffix and known.first[:3].lower() == first[:3].lower() \
                        and known.gender in (gender, None) and gender in (known.gender, None):
                    return known
        if person is None:
            person = self.people[name] = Person(name, surname, first, suffix, gender, False, start)
            if not suffix:
                self._by_surname.setdefault(surname, []).append(name)
        elif gender and not person.gender:
            person.gender = gender
        return person

    def surname_person(self, surname: str, *, gender: str | None, position: int) -> Person | None:
        """The article's person a bare surname (with an optional gendered title) refers to, or ``None``.

        Two people with the surname: a gendered title decides, then the actor
        lexicon, then the person the article introduced first (news names its
        principal first and calls the other by full or first name), unless the
        other was named in full within the pronoun window before ``position``:
        then the mention is ambiguous (``None``).
        """
        owners = [self.people[n] for n in self._by_surname.get(surname, ())]
        if gender:
            owners = [p for p in owners if p.gender in (gender, None)] or owners
            if len(owners) > 1:
                exact = [p for p in owners if p.gender == gender]
                owners = exact if len(exact) == 1 else owners
        if len(owners) > 1:
            from_lexicon = [p for p in owners if p.from_lexicon]
            if len(from_lexicon) == 1:
                return from_lexicon[0]
            principal = min(owners, key=lambda p: p.first_seen)
            if principal.first_seen >= position:
                return None
            low = self._window_start(position)
            if any(p is not principal and self._named_in_full(p, low, position) for p in owners):
                return None
            return principal
        return owners[0] if owners else None

    def _window_start(self, position: int) -> int:
        paragraph = bisect.bisect_right(self._paragraphs, position) - 1
        return max(0, position - WINDOW_CHARS, self._paragraphs[max(0, paragraph - PARAGRAPHS_BACK)])

    def _named_in_full(self, person: Person, low: int, high: int) -> bool:
        spans = self._full_names.get(person.name, ())
        at = bisect.bisect_left(spans, low)
        return at < len(spans) and spans[at] < high

    def ambiguous_surname(self, surname: str) -> bool:
        return len(self._by_surname.get(surname, ())) > 1

    def in_quote(self, position: int) -> bool:
        """True when ``position`` lies inside a quotation of the article."""
        index = bisect.bisect_right(self._quote_starts, position) - 1
        return index >= 0 and self._quote_ends_max[index] > position

    def quote_holding(self, position: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self._quote_starts, position) - 1
        while index >= 0:
            start, end = self.quote_spans[index]
            if start <= position < end:
                return start, end
            if self._quote_ends_max[index] <= position:
                return None
            index -= 1
        return None

    # ------------------------------------------------------------ appositives
    def _appositives(self) -> list[_Appositive]:
        """Descriptions attached to a person: "X, the campaign chairman," and "campaign chairman X"."""
        text = self.text
        found: list[_Appositive] = []
        after = re.compile(r",\s+((?:[\w'’.-]+\s+){0,8}?[a-z][\w-]*)\s*[,;.]")
        for m in self.mentions:
            if m.kind != "person" or m.in_quote:
                continue
            a = after.match(text, m.end, min(len(text), m.end + 160))
            if a is not None:
                words = _norm_words(a.group(1))
                if words and words[-1] in ROLE_NOUNS and not set(words) & {"said", "says", "who", "which", "and"}:
                    found.append(_Appositive(m.start, frozenset(words), words[-1], m))
            # "campaign chairman John Podesta", "Clinton's communications director Jennifer Palmieri"
            before = text[max(0, m.start - 80) : m.start]
            b = re.search(r"((?:[\w'’-]+\s+){0,4}?([a-z][\w-]*))\s+$", before)
            if b is not None and b.group(2).lower() in ROLE_NOUNS:
                words = _norm_words(b.group(1))
                found.append(_Appositive(m.start, frozenset(words), b.group(2).lower(), m))
        found.sort(key=lambda a: a.start)
        return found

    def description_entity(self, phrase: str, position: int) -> EntityMention | None:
        """The person an earlier appositive described with ``phrase``'s head and words, within the window."""
        all_words = _norm_words(phrase)
        if all_words and all_words[0] in ("a", "an", "one", "another", "some", "any"):
            return None  # an indefinite description introduces somebody new ("one Clinton spokesman")
        words = [w for w in all_words if w not in _DETERMINERS]
        if not words or words[-1] not in ROLE_NOUNS:
            return None
        head, rest = words[-1], set(words[:-1]) - {"former", "current", "top", "senior"}
        low = position - WINDOW_CHARS
        best = None
        for appositive in self.appositives:
            if appositive.start >= position:
                break
            if appositive.start < low or appositive.head != head:
                continue
            if rest and len(rest & appositive.words) * 2 < len(rest):
                continue
            best = appositive
        if best is None:
            return None
        return best.mention

    def note_documents(self, start: int, end: int, entity: SpeakerEntity) -> None:
        """Remember the documents a resolved speaker is said to speak through ("X said in a statement")."""
        if entity.speaker is None or entity.kind not in ("person", "organisation", "group"):
            return
        for m in _THROUGH_DOCUMENT.finditer(self.text, end, min(len(self.text), end + 120)):
            self.documents.append((m.start(), m.group("head").lower(), entity))

    def document_entity(self, phrase: str, position: int) -> SpeakerEntity | None:
        """Who a definite document description speaks for ("the statement" after "X said in a statement")."""
        words = _norm_words(phrase)
        if len(words) != 2 or words[0] not in ("the", "that", "this"):
            return None
        low = max(0, position - WINDOW_CHARS)
        for where, head, entity in reversed(self.documents):
            if where >= position:
                continue
            if where < low:
                break
            if head == words[-1]:
                return entity
        # "Fox News said in a statement …": the first person or organisation of that sentence issued it
        last = None
        for m in _THROUGH_DOCUMENT.finditer(self.text, low, position):
            if m.group("head").lower() == words[-1]:
                last = m
        if last is None:
            return None
        sentence_start = max(low, last.start() - 400)
        for boundary in _SENTENCE_END.finditer(self.text, sentence_start, last.start()):
            sentence_start = boundary.end()
        named = [(m.start, m.end, m.entity, m.kind) for m in self.mentions if sentence_start <= m.start < last.start()
                 and m.kind in ("person", "organisation") and not m.in_quote]
        at = bisect.bisect_left(self._organisation_starts, sentence_start)
        while at < len(self.organisations) and self.organisations[at][0] < last.start():
            start, end, name, _ = self.organisations[at]
            named.append((start, end, _strip_determiner(name), "organisation"))
            at += 1
        for start, end, name, kind in sorted(named):
            clause = self.text[sentence_start:start]
            if not _NOT_SUBJECT.search(clause[clause.rfind(",") + 1 :].replace("The ", "").replace("the ", "")):
                return SpeakerEntity(name, kind, start, end)
        return None

    def organisation_entity(self, phrase: str, position: int) -> SpeakerEntity | None:
        """The organisation a definite description names ("the newspaper" after "The Washington Post"), or ``None``.

        Examples:
            >>> e = ArticleEntities("The Washington Post reported it. The newspaper said more.")
            >>> e.organisation_entity("The newspaper", 34)
            SpeakerEntity(speaker='Washington Post', kind='organisation', source_start=0, source_end=19)
        """
        words = _norm_words(phrase)
        if len(words) < 2 or words[0] not in ("the", "this", "that"):
            return None
        last = phrase.split()[-1]
        if last[:1].isupper():  # "the Post" after "The Washington Post": a short form of a name given before
            low = max(0, position - WINDOW_CHARS)
            at = bisect.bisect_left(self._organisation_starts, position) - 1
            while at >= 0 and self.organisations[at][0] >= low:
                start, end, name, _ = self.organisations[at]
                if end <= position and name.split()[-1] == last and len(name.split()) > len(phrase.split()) - 1:
                    return SpeakerEntity(_strip_determiner(name), "organisation", start, end)
                at -= 1
            return None
        head = words[-1]
        wanted = _ORGANISATION_TYPES.get(head, head if head in ORGANISATION_HEADS else None)
        if wanted is None:
            return None
        low = max(0, position - WINDOW_CHARS)
        at = bisect.bisect_left(self._organisation_starts, position) - 1
        while at >= 0 and self.organisations[at][0] >= low:
            start, end, name, types = self.organisations[at]
            if end <= position and wanted in types:
                return SpeakerEntity(_strip_determiner(name), "organisation", start, end)
            at -= 1
        for m in self._candidates_before(position, low):  # "the Clinton campaign" said earlier: "the campaign"
            if m.kind == "organisation" and m.how == "description" and head in _norm_words(m.entity):
                return SpeakerEntity(m.entity, "organisation", m.start, m.end)
        return None

    # ------------------------------------------------------------ mentions
    def head_mention(self, start: int, end: int) -> EntityMention | None:
        """The mention heading the phrase ``[start, end)``: not a possessor, modifier or place after "of"/"in".

        Examples:
            >>> e = ArticleEntities("Karl Rove's aide and Karl Rove of Texas spoke.")
            >>> e.head_mention(0, 15) is None, e.head_mention(20, 38).entity
            (True, 'Karl Rove')
        """
        text = self.text
        whole = self._head_before(start, end)  # "Secretary of State John Kerry": the name ends the phrase
        if whole is not None:
            return whole
        cut = _CUT.search(text, start, end)
        return self._head_before(start, cut.start()) if cut is not None else None

    def _head_before(self, start: int, head_end: int) -> EntityMention | None:
        text = self.text
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, head_end)
        for m in reversed(self.mentions[lo:hi]):
            if m.end > head_end:
                continue
            rest = text[m.end : head_end]
            if _POSSESSIVE.match(rest):
                continue
            if re.search(r"\w", re.sub(rf"^\s*,?\s*{_SUFFIX}", "", rest)):
                continue  # a modifier: "a Pentagon think tank", "the Clinton campaign"
            return m
        return None

    def _candidates_before(self, position: int, low: int):
        """Mentions and resolved mentions ending before ``position`` and starting at or after ``low``, nearest first."""
        i = bisect.bisect_left(self._starts, position) - 1
        j = bisect.bisect_left(self._resolved_starts, position) - 1
        while i >= 0 or j >= 0:
            a = self.mentions[i] if i >= 0 else None
            b = self.resolved[j] if j >= 0 else None
            if b is None or (a is not None and a.start > b.start):
                assert a is not None  # b is None only when j < 0, and then i >= 0
                i -= 1
                if a.start < low:
                    i = -1
                    continue
                yield a
            else:
                j -= 1
                if b.start < low:
                    j = -1
                    continue
                yield b

    def pronoun_entity(self, pronoun: str, position: int, anchor: int | None = None) -> EntityMention | None:
        """The entity a third-person pronoun at ``position`` refers to, or ``None``.

        Examples:
            >>> e = ArticleEntities("Hillary Clinton met Karl Rove. She said no.")
            >>> e.pronoun_entity("She", 31).entity, e.pronoun_entity("he", 31).entity
            ('Hillary Clinton', 'Karl Rove')
        """
        lowered = pronoun.lower()
        aside_from = None
        if self.text[max(0, position - 3) : position].rstrip().endswith(",") \
                and _ASIDE_AFTER.match(self.text, position + len(pronoun)):
            # "Also, Trump isn't a conservative, he said.": a pronoun reporting the clause before it is not a
            # person named in that clause
            aside_from = max(0, position - 600)
            for boundary in _SENTENCE_END.finditer(self.text, aside_from, position):
                aside_from = boundary.end()
        paragraph = bisect.bisect_right(self._paragraphs, min(position, anchor if anchor is not None else position)) - 1
        low = max(0, position - WINDOW_CHARS, self._paragraphs[max(0, paragraph - PARAGRAPHS_BACK)])
        inside = self.quote_holding(position)
        gender = _PRONOUN_GENDER.get(lowered)
        for m in self._candidates_before(position, low):
            if m.end > position or (aside_from is not None and m.start >= aside_from and m.how != "pronoun"):
                continue
            if m.in_quote and (inside is None or not (inside[0] <= m.start < inside[1])):
                continue  # somebody named inside a quotation is not who "he said" means
            if lowered in _PRONOUN_GENDER:
                if m.kind == "person" and self._gender(m) in (gender, None):
                    return self._subject_of_sentence(m, gender, inside, low)
                if m.kind == "unresolved" and m.how == "description" and m.gender in (gender, None):
                    return m
            elif lowered in _PLURAL_PRONOUNS:
                if m.kind in ("group", "organisation") and m.how in ("description", "pronoun"):
                    return m
            elif lowered == "it":
                if m.kind in ("organisation", "document") and m.how in ("lexicon", "description", "pronoun"):
                    return m
        return None

    def _subject_of_sentence(self, nearest: EntityMention, gender: str | None, inside, low: int) -> EntityMention:
        """The first compatible person of the sentence holding ``nearest`` (its subject, as a rule), not a possessor.

        "Reid stressed the need to treat Sanders fairly. He …": Reid, not Sanders.
        """
        if nearest.how == "pronoun":
            return nearest  # a pronoun already resolved carries the run's speaker
        text = self.text
        sentence_start = max(low, nearest.start - 600)
        for boundary in _SENTENCE_END.finditer(text, sentence_start, nearest.start):
            sentence_start = boundary.end()
        lo = bisect.bisect_left(self._starts, sentence_start)
        for m in self.mentions[lo:]:
            if m.start >= nearest.start:
                break
            if m.kind != "person" or self._gender(m) not in (gender, None) or m.entity == nearest.entity:
                continue
            if m.in_quote and (inside is None or not (inside[0] <= m.start < inside[1])):
                continue
            if _POSSESSIVE.match(text, m.end) or text[m.end : m.end + 1] == "’":
                continue
            clause = text[sentence_start : m.start]
            clause = clause[clause.rfind(",") + 1 :]
            if _NOT_SUBJECT.search(clause):
                continue  # the object of a preposition ("with … Friedrich Merz,") or a modifier ("the Biden administration")
            return m
        return nearest

    def _gender(self, m: EntityMention) -> str | None:
        person = self.people.get(m.entity)
        if person is not None and person.gender:
            return person.gender
        return m.gender

    def note(self, mention: EntityMention) -> None:
        """Record a resolved pronoun or description (later pronouns can refer back to it)."""
        at = bisect.bisect_right(self._resolved_starts, mention.start)
        self._resolved_starts.insert(at, mention.start)
        self.resolved.insert(at, mention)
        if mention.how == "pronoun" and mention.kind == "person" and mention.gender:
            person = self.people.get(mention.entity)
            if person is not None and person.gender is None:
                person.gender = mention.gender

    # ------------------------------------------------------------ speakers
    def resolve(self, start: int | None, end: int | None, *, enclosing: SpeakerEntity | None = None,
                anchor: int | None = None) -> SpeakerEntity:
        """Resolve the speaker mention ``text[start:end]`` to an entity.

        ``enclosing`` is the speaker of the quotation the mention sits in
        ("I", "we" inside it refer to that speaker); ``anchor`` is where the
        row begins (a quotation's start), whose paragraph bounds the pronoun search.
        """
        if start is None or end is None:
            return SpeakerEntity(None, "unresolved")
        text = self.text
        phrase = text[start:end].strip()
        lowered = _POSSESSIVE_PRONOUNS.get(phrase.lower(), phrase.lower())  # "her remark that": she
        if lowered in _RELATIVES:
            from analysis.framing.speakers import subject_before

            head = subject_before(text, position=start, lower_bound=max(0, start - 200))
            if head is None or head[0].lower() in _RELATIVES:
                return SpeakerEntity(None, "unresolved")
            return self.resolve(head[1], head[2], enclosing=enclosing)
        if lowered in _PRONOUN_GENDER or lowered in _PLURAL_PRONOUNS or lowered == "it":
            found = self.pronoun_entity(lowered, start, anchor)
            if found is None:
                return SpeakerEntity(None, "unresolved")
            gender = _PRONOUN_GENDER.get(lowered) if found.kind in ("person", "unresolved") else None
            self.note(EntityMention(start, end, found.entity, found.kind, gender, "pronoun", self.in_quote(start)))
            kind = found.kind if found.kind in SPEAKER_KINDS else "unresolved"
            return SpeakerEntity(found.entity, kind, found.start, found.end)
        if lowered in _FIRST_PERSON or lowered == "you":
            if enclosing is not None and enclosing.speaker is not None and lowered != "you":
                return enclosing
            return SpeakerEntity(None, "unresolved")
        head = self.head_mention(start, end)
        if head is None or head.kind != "person" or (head.how == "title" and " " not in head.entity):
            owner = self.appositive_owner(start, end)
            if owner is not None:
                return SpeakerEntity(owner.entity, owner.kind, owner.start, owner.end)
        if head is not None:
            return SpeakerEntity(head.entity, head.kind, head.start, head.end)
        return self._description(phrase, start, end)

    def appositive_owner(self, start: int, end: int) -> EntityMention | None:
        """The person whose appositive ends with the place taken for the speaker.

        "Dean Johnson, a salesman from Sumter, South Carolina, says": the phrase
        before "says" is South Carolina, the end of Johnson's appositive.

        Examples:
            >>> t = "Dean Johnson, a salesman from Sumter, South Carolina, says"
            >>> ArticleEntities(t).appositive_owner(t.index("South"), t.index(", says")).entity
            'Dean Johnson'
        """
        text = self.text
        phrase = text[start:end]
        if not phrase[:1].isupper() or parse_person(phrase, self.names) is not None:
            return None
        before = text[max(0, start - 200) : start]
        if not re.search(r"(?:,|\b(?:of|from|in))\s*$", before):
            return None
        at = bisect.bisect_left(self._starts, start) - 1
        while at >= 0 and self.mentions[at].start >= start - 200:
            m = self.mentions[at]
            at -= 1
            if m.kind != "person" or m.end > start:
                continue
            between = text[m.end : start]
            if re.match(r"\s*(?:,\s*(?:\d+\s*,\s*)?(?:an?|the)\s|\s+(?:of|from)\s)", between) \
                    and not re.search(r"[.;:!?\"“”]|\b(?:said|says|told|and|who|which)\b", between):
                return m
        return None

    def _description(self, phrase: str, start: int, end: int) -> SpeakerEntity:
        text = self.text
        cut = _CUT.search(text, start, end)
        head_phrase = text[start : cut.start()] if cut is not None else phrase
        words = _norm_words(head_phrase)
        if not words:
            return SpeakerEntity(None, "unresolved")
        parsed = parse_person(head_phrase, self.names)
        if parsed is not None:  # a title and a surname shared by two people, or unknown
            name, surname, first, suffix, gender = parsed
            person = self.surname_person(surname, gender=gender, position=start) if first is None else None
            if first is None and person is None and self.ambiguous_surname(surname):
                return SpeakerEntity(None, "unresolved", start, end)
            return SpeakerEntity(person.name if person else name, "person", start, end)
        two = head_phrase.strip().split()
        if len(two) in (2, 3) and self.names.gender(two[0]) is not None and all(re.fullmatch(_NAME_WORD, w) for w in two):
            return SpeakerEntity(f"{two[0]} {two[-1]}", "person", start, end)  # "Kristen Day": a first name decides
        if re.fullmatch(_NAME_WORD, head_phrase.strip()) and self.ambiguous_surname(head_phrase.strip()):
            return SpeakerEntity(None, "unresolved", start, end)
        organisation = self.organisation_entity(head_phrase, start) or self.document_entity(head_phrase, start)
        if organisation is not None:
            return organisation
        described = self.description_entity(head_phrase, start)
        if described is not None:
            return SpeakerEntity(described.entity, described.kind, described.start, described.end)
        stripped = head_phrase.strip()
        raw_words = stripped.split()
        first = words[0]
        capitalised = [w for w in raw_words if w[:1].isupper()]
        if first in QUANTIFIERS or any(w in QUANTIFIERS for w in words[:2]) or re.match(r"\d", stripped) \
                or words[-1] in COLLECTIVE_NOUNS:
            kind = "group"
        elif words[-1] in DOCUMENT_HEADS:
            kind = "document"
        elif words[-1] in ORGANISATION_HEADS or _ACRONYM.match(raw_words[-1].rstrip("'’s")):
            kind = "organisation" if (capitalised and first not in ("a", "an")) or _ACRONYM.match(raw_words[-1]) \
                else "unresolved"
        elif len(raw_words) == 1 and _sentence_initial(text, start) and words[0].endswith("s") \
                and words[0][:-1] in ROLE_NOUNS | {"official", "expert", "analyst", "critic", "source", "voter", "resident"}:
            kind = "group"  # "Officials said", capitalised only because it opens the sentence
        elif raw_words and all(w[:1].isupper() for w in raw_words if w.lower() not in _DETERMINERS | {"of", "and"}) \
                and first not in _DETERMINERS:
            # capitalised, not a person's name: an organisation ("Goldman Sachs") or an unknown surname ("Read")
            names_only = all(re.fullmatch(_NAME_WORD, w) or re.fullmatch(_INITIAL, w) for w in raw_words)
            kind = "organisation" if any(w in _ORG_WORDS for w in words) or not names_only or len(raw_words) > 3 \
                else "person"
        elif words[-1].endswith("s") and not words[-1].endswith("ss") and words[-1] not in ROLE_NOUNS:
            kind = "group"
        else:
            kind = "unresolved"
        if kind == "person":
            return SpeakerEntity(stripped, "person", start, end)
        gender = None
        if kind == "unresolved":
            gender = "male" if words[-1] in ("spokesman", "congressman", "chairman", "businessman") else (
                "female" if words[-1] in ("spokeswoman", "congresswoman", "chairwoman", "businesswoman") else None)
        speaker = _strip_determiner(phrase) if kind == "organisation" else phrase
        self.note(EntityMention(start, end, speaker, kind, gender, "description", self.in_quote(start)))
        return SpeakerEntity(speaker, kind, start, end)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\"“”'")
    return not before or before[-1] in ".!?\n"


def _strip_determiner(phrase: str) -> str:
    words = phrase.split()
    if len(words) > 1 and words[0].lower() == "the" and words[1][:1].isupper():
        return " ".join(words[1:])
    return phrase


def _running_max(values: Sequence[int]) -> Iterable[int]:
    best = -1
    for value in values:
        best = max(best, value)
        yield best


def _overlap_test(spans: Sequence[tuple[int, int]]):
    starts = [s for s, _ in spans]
    ends = list(_running_max([e for _, e in spans]))

    def overlaps(start: int, end: int) -> bool:
        index = bisect.bisect_left(starts, end) - 1
        return index >= 0 and ends[index] > start

    return overlaps


# --------------------------------------------------------------------------- #
# rows of the quote and attribution tables
# --------------------------------------------------------------------------- #
def resolve_speakers(text: str, rows: list[dict[str, Any]], *, mentions: Sequence[Mapping[str, Any]] = (),
                     quote_spans: Sequence[tuple[int, int]] = (), lexicon: Any = None,
                     names: FirstNames | None = None, quotes: Sequence[Mapping[str, Any]] = (),
                     regions: Sequence[tuple[int, int]] | None = None) -> None:
    """Give every row ``speaker`` (the entity's name), ``speaker_kind`` and ``speaker_source_start/end``, in place.

    Rows are quote or attribution rows of one article (dicts with
    ``speaker_start``, ``speaker_end``); ``speaker_text`` and its offsets are
    left as they are. A row whose speaker mention is a pronoun that cannot be
    resolved gets ``speaker`` ``None`` and kind ``unresolved``. ``quotes``
    (already resolved) give "I" and "we" inside a quotation its speaker.
    """
    if not rows:
        return
    spans = [(int(r["speaker_start"]), int(r["speaker_end"])) for r in rows if r.get("speaker_start") is not None]
    entities = ArticleEntities(text, mentions=mentions, quote_spans=quote_spans, names=names, lexicon=lexicon,
                               speaker_spans=spans, regions=regions)
    quote_starts = sorted((int(q["start"]), int(q["end"]), q) for q in quotes if q.get("speaker_kind") is not None)
    order = sorted(range(len(rows)), key=lambda i: (_position(rows[i]), i))
    for i in order:
        row = rows[i]
        start, end = row.get("speaker_start"), row.get("speaker_end")
        enclosing = None
        if start is not None and quote_starts:
            at = bisect.bisect_right(quote_starts, (int(start), float("inf"))) - 1
            while at >= 0:
                q_start, q_end, quote = quote_starts[at]
                if q_start <= int(start) < q_end:
                    enclosing = SpeakerEntity(quote.get("speaker"), str(quote.get("speaker_kind")),
                                              quote.get("speaker_source_start"), quote.get("speaker_source_end"))
                    break
                if int(start) - q_start > 5000:
                    break
                at -= 1
        resolved = entities.resolve(None if start is None else int(start), None if end is None else int(end),
                                    enclosing=enclosing, anchor=None if row.get("start") is None else int(row["start"]))
        row["speaker"] = resolved.speaker
        if start is not None and end is not None:
            entities.note_documents(int(start), int(end), resolved)
        if start is not None and end is not None and "speaker_rule" in row and row.get("speaker_rule") in (None, "pronoun", "pronoun_unresolved") \
                and text[int(start) : int(end)].strip().lower() in PRONOUNS:
            row["speaker_rule"] = "pronoun" if resolved.speaker is not None else "pronoun_unresolved"
        row["speaker_kind"] = resolved.kind
        row["speaker_source_start"] = resolved.source_start
        row["speaker_source_end"] = resolved.source_end


def _position(row: Mapping[str, Any]) -> int:
    for key in ("speaker_start", "cue_start", "start"):
        value = row.get(key)
        if value is not None:
            return int(value)
    return 0


# --------------------------------------------------------------------------- #
# one name per entity across a corpus
# --------------------------------------------------------------------------- #
def corpus_names(speakers: Iterable[tuple[str, str]], *, keep: Iterable[str] = ()) -> dict[str, str]:
    """One name per person across a corpus: ``{name as written: canonical name}`` for the names that change.

    A reduction over per-document results: ``speakers`` are ``(speaker,
    speaker_kind)`` pairs from every partition. A person known only by a
    surname ("Rove", from "Mr. Rove") takes the one fuller person name of the
    corpus with that surname ("Karl Rove"); with two or more fuller names, or
    for a name in ``keep`` (the lexicon's), it stays.

    Examples:
        >>> corpus_names([("Rove", "person"), ("Karl Rove", "person"), ("Clinton", "person"),
        ...               ("Bill Clinton", "person"), ("Hillary Clinton", "person")])
        {'Rove': 'Karl Rove'}
    """
    keep = set(keep)
    people = sorted({s for s, k in speakers if isinstance(s, str) and s and isinstance(k, str) and k == "person"})
    fuller: dict[str, set[str]] = {}
    for name in people:
        words = name.split()
        if len(words) >= 2 and not re.fullmatch(_SUFFIX, words[-1]):
            fuller.setdefault(words[-1], set()).add(name)
    mapping = {}
    for name in people:
        if name in keep or len(name.split()) != 1:
            continue
        options = fuller.get(name, set())
        if len(options) == 1:
            mapping[name] = next(iter(options))
    return mapping
