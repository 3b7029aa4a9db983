"""Stance lexicons: reporting verbs and evaluative modifiers.

Both are versioned YAML files in ``analysis/resources/lexicons/`` that a
researcher can read, cite and edit; see the header of each file for its
format and sources. This module reads them into lookup tables used by
:mod:`analysis.framing.quotes` and :mod:`analysis.framing.attributions`.

Examples:
    >>> verbs = load_reporting_verbs()
    >>> verbs.lookup("claims").lemma, verbs.lookup("claims").stance
    ('claim', 'distancing')
    >>> verbs.lookup("said").lemma, verbs.lookup("told").lemma
    ('say', 'tell')
    >>> load_modifiers().lookup(("without", "evidence")).modifier_class
    'discrediting'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis import config
from analysis.exceptions import RulesError
from analysis.yaml_files import read_yaml_mapping

LEXICON_DIR: Path = config.RESOURCES_DIR / "lexicons"
REPORTING_VERBS_FILE: Path = LEXICON_DIR / "reporting_verbs.yaml"
MODIFIERS_FILE: Path = LEXICON_DIR / "evaluative_modifiers.yaml"

#: What kind of attribution a cue makes (PolNeAR counts thought and belief as attribution).
ATTRIBUTION_KINDS: tuple[str, ...] = ("speech", "writing", "thought", "according_to")
STANCES: tuple[str, ...] = ("neutral", "endorsing", "distancing", "concessive", "directive", "oppositional")
MODIFIER_CLASSES: tuple[str, ...] = ("discrediting", "epistemic")
MODIFIER_PARTS: tuple[str, ...] = ("adverb", "adjective", "phrase")


def inflect(lemma: str) -> tuple[str, ...]:
    """Generate regular English verb forms; a multiword lemma inflects its first word.

    Examples:
        >>> inflect("claim")
        ('claim', 'claims', 'claimed', 'claiming')
        >>> inflect("emphasize")
        ('emphasize', 'emphasizes', 'emphasized', 'emphasizing')
        >>> inflect("point out")
        ('point out', 'points out', 'pointed out', 'pointing out')
        >>> inflect("deny")[1:3]
        ('denies', 'denied')
    """
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith(("s", "sh", "ch", "x", "z")):
        third = head + "es"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    if head.endswith("e"):
        past, ing = head + "d", (head[:-1] if not head.endswith("ee") else head) + "ing"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        past, ing = head[:-1] + "ied", head + "ing"
    else:
        past, ing = head + "ed", head + "ing"
    return tuple(form + tail for form in (head, third, past, ing))


#: How many words a verb that ``needs_quote`` may stand before the quotation it introduces ("compared Trump to
#: a coach at a basketball game who is "working the referees"").
QUOTE_REACH_WORDS = 12


@dataclass(frozen=True)
class ReportingVerb:
    """One reporting verb (or multiword cue) with its stance."""

    lemma: str
    stance: str
    forms: tuple[str, ...]
    nouns: tuple[str, ...] = ()
    ambiguous: bool = False
    speaker_side: str = "left"
    not_followed_by: tuple[str, ...] = ()
    kind: str = "speech"
    followed_by: tuple[str, ...] = ()
    needs_quote: bool = False  # a quotation must open within QUOTE_REACH_WORDS words after the verb
    source: str = ""


@dataclass(frozen=True, eq=False)
class ReportingVerbs:
    """The reporting-verb lexicon with lookups by form."""

    verbs: tuple[ReportingVerb, ...]
    version: str
    path: str
    by_form: dict[str, ReportingVerb] = field(default_factory=dict, compare=False, repr=False)
    by_noun: dict[str, ReportingVerb] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, form: str) -> ReportingVerb | None:
        """Find the verb of a lowercased form (one or more words).

        Examples:
            >>> load_reporting_verbs().lookup("called for").stance
            'directive'
            >>> load_reporting_verbs().lookup("walked") is None
            True
        """
        return self.by_form.get(form.lower())

    def noun(self, word: str) -> ReportingVerb | None:
        """Find the verb whose act a noun names ("claim", "allegations").

        Examples:
            >>> load_reporting_verbs().noun("allegations").lemma
            'allege'
        """
        return self.by_noun.get(word.lower())

    @property
    def max_words(self) -> int:
        """The longest cue, in words."""
        return max(len(form.split()) for form in self.by_form)

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """A case-insensitive regex matching any form as whole words, longest first.

        Examples:
            >>> m = load_reporting_verbs().pattern.search("Macron called for talks")
            >>> m.group(0), m.span()
            ('called for', (7, 17))
        """
        return re.compile(rf"(?<![\w'’-])(?:{_trie_regex(list(self.by_form))})(?![\w'’-])", re.IGNORECASE)


def _trie_regex(forms: list[str]) -> str:
    """One regex for many forms, factored by shared prefixes (fast), longest match first.

    Examples:
        >>> re.fullmatch(_trie_regex(["call", "called for", "calls"]), "called  for") is not None
        True
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for char in " ".join(form.split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            piece = r"\s+" if char == " " else re.escape(char)
            branches.append(piece + build(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


@functools.lru_cache(maxsize=8)
def load_reporting_verbs(path: str | Path = REPORTING_VERBS_FILE) -> ReportingVerbs:
    """Read a reporting-verb lexicon.

    Raises:
        RulesError: Missing file, unknown stance, duplicate form.

    Examples:
        >>> verbs = load_reporting_verbs()
        >>> sorted({v.stance for v in verbs.verbs}) == sorted(STANCES)
        True
    """
    data = read_yaml_mapping(path, list_key="verbs", what="lexicon file")
    verbs: list[ReportingVerb] = []
    by_form: dict[str, ReportingVerb] = {}
    by_noun: dict[str, ReportingVerb] = {}
    for index, entry in enumerate(data["verbs"], start=1):
        if not isinstance(entry, dict) or not entry.get("lemma") or entry.get("stance") not in STANCES:
            raise RulesError(f"each verb needs a 'lemma' and a 'stance' in {STANCES}", path=path, entry=index)
        lemma = str(entry["lemma"]).lower()
        kind = str(entry.get("kind", "according_to" if entry.get("speaker_side") == "right" else "speech"))
        if kind not in ATTRIBUTION_KINDS:
            raise RulesError(f"'kind' must be one of {ATTRIBUTION_KINDS}", path=path, entry=index)
        forms = tuple(str(f).lower() for f in entry["forms"]) if entry.get("forms") else inflect(lemma)
        verb = ReportingVerb(
            lemma=lemma,
            stance=str(entry["stance"]),
            forms=forms,
            nouns=tuple(str(n).lower() for n in entry.get("noun", []) or []),
            ambiguous=bool(entry.get("ambiguous", False)),
            speaker_side=str(entry.get("speaker_side", "left")),
            not_followed_by=tuple(str(w).lower() for w in entry.get("not_followed_by", []) or []),
            kind=kind,
            followed_by=tuple(str(w).lower() for w in entry.get("followed_by", []) or []),
            needs_quote=bool(entry.get("needs_quote", False)),
            source=str(entry.get("source", "")),
        )
        for form in forms:
            if form in by_form and by_form[form].lemma != lemma:
                raise RulesError(f"form {form!r} belongs to both {by_form[form].lemma!r} and {lemma!r}", path=path, entry=index)
            by_form[form] = verb
        for noun in verb.nouns:
            by_noun.setdefault(noun, verb)
        verbs.append(verb)
    return ReportingVerbs(
        verbs=tuple(verbs), version=str(data.get("version", "")), path=config.display_path(path),
        by_form=by_form, by_noun=by_noun,
    )


@dataclass(frozen=True)
class Modifier:
    """One evaluative or epistemic modifier."""

    text: str
    modifier_class: str
    part: str

    @property
    def words(self) -> tuple[str, ...]:
        """The lowercased words of the modifier."""
        return tuple(self.text.lower().split())


@dataclass(frozen=True, eq=False)
class Modifiers:
    """The modifier lexicon with lookup by word sequence."""

    modifiers: tuple[Modifier, ...]
    version: str
    path: str

    def lookup(self, words: tuple[str, ...]) -> Modifier | None:
        """Find a modifier by its lowercased words.

        Examples:
            >>> load_modifiers().lookup(("baselessly",)).part
            'adverb'
        """
        return self._by_words.get(tuple(w.lower() for w in words))

    @functools.cached_property
    def _by_words(self) -> dict[tuple[str, ...], Modifier]:
        return {m.words: m for m in self.modifiers}

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """The lowercased first word of every modifier (a fast pre-check)."""
        return frozenset(m.words[0] for m in self.modifiers)

    @functools.cached_property
    def max_words(self) -> int:
        """The longest modifier, in words."""
        return max(len(m.words) for m in self.modifiers)


@functools.lru_cache(maxsize=8)
def load_modifiers(path: str | Path = MODIFIERS_FILE) -> Modifiers:
    """Read an evaluative-modifier lexicon.

    Raises:
        RulesError: Missing file, unknown class or part, duplicate entry.

    Examples:
        >>> len(load_modifiers().modifiers) > 20
        True
    """
    data = read_yaml_mapping(path, list_key="modifiers", what="lexicon file")
    seen: set[str] = set()
    items = []
    for index, entry in enumerate(data["modifiers"], start=1):
        if (
            not isinstance(entry, dict) or not entry.get("text")
            or entry.get("class") not in MODIFIER_CLASSES or entry.get("part") not in MODIFIER_PARTS
        ):
            raise RulesError(
                f"each modifier needs 'text', 'class' in {MODIFIER_CLASSES} and 'part' in {MODIFIER_PARTS}",
                path=path, entry=index,
            )
        text = str(entry["text"]).lower()
        if text in seen:
            raise RulesError(f"duplicate modifier {text!r}", path=path, entry=index)
        seen.add(text)
        items.append(Modifier(text=text, modifier_class=str(entry["class"]), part=str(entry["part"])))
    return Modifiers(modifiers=tuple(items), version=str(data.get("version", "")), path=config.display_path(path))
