"""Defaults that fit the corpus: the terms to compare, plot and read when the user names none.

``compare_terms``, ``dispersion_terms``, ``kwic_terms`` and
``collocation_node`` default to ``None``, meaning "choose from the corpus".
One function, :func:`corpus_terms`, makes the choice for every notebook:

* **key terms**: with two or more groups (``group_by``), the top
  :data:`KEY_TERMS_PER_GROUP` terms of each group against all the other
  groups (G², over-used terms only, seen at least :data:`MIN_COUNT` times),
  taken in turns, one per group; with one group or none, the top terms of the
  whole corpus against general English (``wordfreq``, nominal reference size
  :data:`REFERENCE_SIZE`);
* **salient actors**: the :data:`N_ACTORS` actors of the actor lexicon
  mentioned most often, each written in its most frequent name form
  (``Zelenskiy`` rather than ``President Volodymyr Zelenskiy``).

**What is never chosen** (:class:`TermRule`): a key term that is an honorific
or abbreviated title (``mr.``, ``sen.``, ``gov.``: the list in
``analysis/resources/lexicons/honorifics.yaml``), a form of a verb of the
reporting-verb lexicon in use (speech and writing verbs: ``said``, ``claimed``; not
the forms of an ``ambiguous`` verb that are also nouns, ``claims``, ``report``,
nor verbs of thought such as ``plan``), a token of one or two
characters (``'s``, ``ap``), or a term matching the user's ``exclude_terms``
(words or globs, case-insensitive); the next key term takes its place. Actors
are left out only by ``exclude_terms`` (``EU`` is a name, not noise). The
``derived_settings`` table gives the rule and, for every chosen term, the
reason it was chosen, and names the terms the rule left out.

The choice is fixed by the corpus, ``group_by`` and the actor lexicon only
(not by display settings), ties are broken alphabetically, so it is the same in
every notebook and on every run. :func:`choose_settings` applies it to the
settings a notebook has (a value the user gave is kept) and returns the table
``derived_settings`` that the notebooks write, so a reader sees what was
chosen and why.

A term the corpus never contains is reported in words (:func:`absent_terms`,
:func:`say_absent_terms`), not drawn as an empty row.

Examples:
    >>> from analysis.text.prepare import prepare_corpus
    >>> prepared = prepare_corpus("tests/fixtures/small_corpus")
    >>> chosen = corpus_terms(prepared.documents, prepared.tokens, by="outlet")
    >>> chosen.key_terms, chosen.left_out
    (('kyiv', 'wait'), (('said', 'reporting verb'),))
"""

from __future__ import annotations

import fnmatch
import functools
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pandas as pd

from analysis.corpus.groups import describe_grouping, group_columns, group_values
from analysis.text.token_table import token_parts

#: Key terms taken from each group.
KEY_TERMS_PER_GROUP = 3
#: Most-mentioned actors added to the key terms.
N_ACTORS = 2
#: Longest list of chosen terms.
MAX_TERMS = 8
#: Chosen KWIC terms (a concordance of many terms is long).
MAX_KWIC_TERMS = 4
#: A key term must occur at least this often (in its group, or in the corpus).
MIN_COUNT = 2
#: Nominal size of the general-English reference (as the ``reference_size`` default).
REFERENCE_SIZE = 1_000_000_000
#: The settings chosen from the corpus when left at ``None``.
DERIVED_SETTINGS: tuple[str, ...] = ("compare_terms", "dispersion_terms", "kwic_terms", "collocation_node")
#: Columns of the ``derived_settings`` table.
DERIVED_COLUMNS: tuple[str, ...] = ("setting", "value", "source", "basis", "rule", "reason")
#: The shipped list of honorifics and titles that are never chosen as terms.
HONORIFICS_FILE = "resources/lexicons/honorifics.yaml"
#: Kinds of reporting verb whose forms are never chosen (verbs of thought such as "plan" or "find" are ordinary words).
REPORTING_KINDS: tuple[str, ...] = ("speech", "writing", "according_to")
#: Key terms this short (in characters) or shorter are never chosen.
MAX_SHORT_TERM = 2
#: Mention kinds that name an actor (metonyms such as "Kremlin" are another word, not the actor's name).
_NAME_KINDS = ("full_name", "alias", "surname")


@functools.lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """The shipped honorifics and titles (lowercase, without a final period).

    Examples:
        >>> {"mr", "sen", "gov"} <= honorifics()
        True
    """
    from analysis import config
    from analysis.exceptions import RulesError
    from analysis.yaml_files import read_yaml_mapping

    path = config.PACKAGE_DIR / HONORIFICS_FILE
    data = read_yaml_mapping(path, list_key="titles", what="honorifics list")
    titles = data["titles"]
    if not all(isinstance(t, str) and t.strip() for t in titles):
        raise RulesError("every title must be a non-empty string", path=path)
    return frozenset(t.strip().lower().rstrip(".") for t in titles)


@dataclass(frozen=True)
class TermRule:
    """Which corpus-chosen terms are left out, and why (see the module docstring).

    Attributes:
        reporting_verbs: Lowercased one-word forms of the reporting-verb lexicon in use.
        exclude_terms: The user's ``exclude_terms`` (words or globs, case-insensitive).

    Examples:
        >>> rule = TermRule(reporting_verbs=frozenset({"said"}), exclude_terms=("bolton", "tax*"))
        >>> [rule.why_left_out(t) for t in ("Mr.", "said", "'s", "taxes", "Bolton", "kyiv")]
        ['honorific', 'reporting verb', 'one or two characters', 'in exclude_terms', 'in exclude_terms', None]
    """

    reporting_verbs: frozenset[str] = frozenset()
    exclude_terms: tuple[str, ...] = ()

    def why_left_out(self, term: str, *, actor: bool = False) -> str | None:
        """Why ``term`` may not be chosen, or ``None`` when it may (an actor is checked against ``exclude_terms`` only)."""
        lowered = term.lower()
        if any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in self.exclude_terms):
            return "in exclude_terms"
        if actor:
            return None
        if lowered.rstrip(".") in honorifics():
            return "honorific"
        if lowered in self.reporting_verbs:
            return "reporting verb"
        if len(lowered) <= MAX_SHORT_TERM:
            return "one or two characters"
        return None

    def describe(self) -> str:
        """The rule in words, for the ``rule`` column of ``derived_settings``."""
        text = ("never chosen: honorifics and titles (mr., sen., gov., ...), forms of the reporting verbs of speech "
                f"and writing ({len(self.reporting_verbs)} forms, such as said and claimed; not forms that are also "
                "nouns, such as claims or report), tokens of one or two characters")
        if self.exclude_terms:
            text += ", and exclude_terms: " + ", ".join(self.exclude_terms)
        return text


def term_rule(reporting_verbs_path: str | None = None, exclude_terms: Sequence[str] = ()) -> TermRule:
    """The :class:`TermRule` of a study: its reporting-verb lexicon (``None``: the project's) and ``exclude_terms``."""
    from analysis.framing.lexicons import load_reporting_verbs

    lexicon = load_reporting_verbs(reporting_verbs_path) if reporting_verbs_path else load_reporting_verbs()
    forms: set[str] = set()
    for verb in lexicon.verbs:
        if verb.kind not in REPORTING_KINDS:
            continue
        nouns = {n.lower() for n in verb.nouns}
        if verb.ambiguous:  # its forms double as nouns: "claims" and "report" are content, "claimed" is not
            nouns |= {verb.lemma.lower(), verb.lemma.lower() + "s", verb.lemma.lower() + "es"}
        forms |= {f.lower() for f in verb.forms if " " not in f and f.lower() not in nouns}
    return TermRule(reporting_verbs=frozenset(forms), exclude_terms=tuple(exclude_terms))


@dataclass(frozen=True)
class CorpusTerms:
    """Terms chosen from a corpus.

    Attributes:
        key_terms: Key terms, best first (group by group in turns).
        actors: The most-mentioned actors' name forms, most mentioned first.
        basis: How they were chosen, in words.
        reasons: ``(term, why it was chosen)`` for every key term and actor.
        left_out: ``(term, why)`` for the terms the :class:`TermRule` skipped.
        rule: The rule in words (:meth:`TermRule.describe`).
    """

    key_terms: tuple[str, ...]
    actors: tuple[str, ...]
    basis: str
    reasons: tuple[tuple[str, str], ...] = field(default=())
    left_out: tuple[tuple[str, str], ...] = field(default=())
    rule: str = ""

    def reason_for(self, terms: Sequence[str] | str | None) -> str:
        """Why each of ``terms`` was chosen, then what the rule left out, in one line.

        Examples:
            >>> chosen = CorpusTerms(("war",), ("Russia",), "b", reasons=(("war", "key term of A (G² 12.0)"),
            ...                      ("Russia", "actor, 9 mentions")), left_out=(("mr.", "honorific"),))
            >>> chosen.reason_for(["war", "Russia"])
            'war: key term of A (G² 12.0); Russia: actor, 9 mentions. Left out: mr. (honorific)'
        """
        if terms is None:
            terms = []
        elif isinstance(terms, str):
            terms = [terms]
        why = dict(self.reasons)
        text = "; ".join(f"{t}: {why.get(t, 'chosen')}" for t in terms) or "nothing could be chosen"
        if self.left_out:
            text += ". Left out: " + ", ".join(f"{t} ({w})" for t, w in self.left_out)
        return text

    @property
    def terms(self) -> list[str]:
        """Key terms, then actors, without repeats (case-insensitive), at most :data:`MAX_TERMS`."""
        seen: set[str] = set()
        out: list[str] = []
        for term in list(self.key_terms) + list(self.actors):
            if term.lower() not in seen:
                seen.add(term.lower())
                out.append(term)
        return out[:MAX_TERMS]


def _top_key_terms(table: pd.DataFrame, n: int, rule: TermRule, *, against: str,
                   left_out: dict[str, str]) -> list[tuple[str, str]]:
    """The ``n`` best over-used terms the rule allows, each with its reason; skipped ones go to ``left_out``."""
    over = table[(table["g2"] > 0) & (table["log_ratio"] > 0)]
    over = over.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    out: list[tuple[str, str]] = []
    for term, g2 in zip(over["term"].astype(str), over["g2"].astype(float)):
        if len(out) == n:
            break
        why = rule.why_left_out(term)
        if why is not None:
            left_out.setdefault(term, why)
            continue
        out.append((term, f"key term {against} (G² {g2:.1f})"))
    return out


def _actor_names(mentions: pd.DataFrame | None, n: int, rule: TermRule | None = None,
                 left_out: dict[str, str] | None = None) -> list[tuple[str, str]]:
    from analysis.text.kwic import parse_pattern

    rule = rule or TermRule()
    if mentions is None or mentions.empty:
        return []
    named = mentions[mentions["matched_by"].astype(str).isin(_NAME_KINDS)]
    if named.empty:
        return []
    per_actor = mentions.groupby(mentions["actor"].astype(str), sort=True).size()
    ranked = sorted(per_actor.items(), key=lambda item: (-item[1], item[0]))
    names = []
    for actor, count in ranked:
        forms = named[named["actor"].astype(str) == actor]["text"].astype(str)
        if forms.empty:
            continue
        counts = forms.value_counts()
        best = sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0][0]
        try:
            parse_pattern(best)
        except (TypeError, ValueError):
            continue
        why = rule.why_left_out(best, actor=True) or rule.why_left_out(actor, actor=True)
        if why is not None:
            if left_out is not None:
                left_out.setdefault(best, why)
            continue
        names.append((best, f"actor {actor}, {count} mentions"))
        if len(names) == n:
            break
    return names


def corpus_terms(documents: pd.DataFrame, tokens, *, by: str | Sequence[str] | None,
                 mentions: pd.DataFrame | None = None, per_group: int = KEY_TERMS_PER_GROUP,
                 n_actors: int = N_ACTORS, rule: TermRule | None = None) -> CorpusTerms:
    """Choose key terms and salient actors from a corpus (see the module docstring).

    Args:
        documents: The document table (``text`` is not needed).
        tokens: The token table, or its parts (:func:`analysis.text.token_table.token_parts`).
        by: The ``group_by`` setting; a column the documents lack counts as no grouping.
        mentions: The actor mention table (the framing stage's ``actors``); ``None``: no actors.
        per_group: Key terms per group.
        n_actors: Actors added.
        rule: What may not be chosen; ``None``: :func:`term_rule` (the project's reporting verbs, no
            ``exclude_terms``).
    """
    from analysis.compare.keyness import against_general_english, compare_groups

    rule = term_rule() if rule is None else rule
    left_out: dict[str, str] = {}
    columns = group_columns(by)
    usable = columns and all(c in documents.columns and c != "text" for c in columns)
    groups = group_values(documents, columns) if usable else []
    reasons: dict[str, str] = {}
    if len(groups) >= 2:
        lists = [_top_key_terms(compare_groups(tokens, documents, by=columns, target=group, min_count=MIN_COUNT),
                                per_group, rule, against=f"of {group} against the other groups", left_out=left_out)
                 for group in groups]
        key_terms: list[str] = []
        for rank in range(per_group):
            for terms in lists:
                if rank < len(terms) and terms[rank][0] not in key_terms:
                    key_terms.append(terms[rank][0])
                    reasons[terms[rank][0]] = terms[rank][1]
        basis = (f"the top {per_group} key terms (G², seen at least {MIN_COUNT} times) of each group of "
                 f"{describe_grouping(columns)} against the other groups")
    else:
        table = against_general_english(tokens, reference_size=REFERENCE_SIZE, min_count=MIN_COUNT)
        chosen = _top_key_terms(table, per_group * 2, rule, against="against general English", left_out=left_out)
        key_terms = [term for term, _ in chosen]
        reasons.update(chosen)
        basis = (f"the top {per_group * 2} key terms (G², seen at least {MIN_COUNT} times) of the corpus against "
                 "general English (one group only)")
    actors = _actor_names(mentions, n_actors, rule, left_out)
    for name, why in actors:
        reasons.setdefault(name, why)
    basis += f", and the {n_actors} most-mentioned actors"
    return CorpusTerms(tuple(key_terms), tuple(name for name, _ in actors), basis, reasons=tuple(reasons.items()),
                       left_out=tuple(sorted(left_out.items())), rule=rule.describe())


def _show(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class ChosenSettings:
    """The values a notebook uses for the corpus-derived settings, and the table that records them."""

    values: dict[str, Any]
    table: pd.DataFrame

    def __getitem__(self, name: str) -> Any:
        value = self.values[name]
        return list(value) if isinstance(value, list) else value


def choose_settings(settings: Mapping[str, Any], names: Sequence[str], chosen: CorpusTerms) -> ChosenSettings:
    """The value of each of ``names``: the user's when given (not ``None``), else chosen from ``chosen``.

    Args:
        settings: The notebook's settings (``study.settings``).
        names: The corpus-derived settings the notebook uses (from :data:`DERIVED_SETTINGS`).
        chosen: :func:`corpus_terms`.

    Returns:
        A :class:`ChosenSettings`; its ``table`` has the columns :data:`DERIVED_COLUMNS`.

    Examples:
        >>> chosen = CorpusTerms(("war", "peace"), ("Russia",), "by hand")
        >>> result = choose_settings({"kwic_terms": None, "collocation_node": "NATO"},
        ...                          ["kwic_terms", "collocation_node"], chosen)
        >>> result["kwic_terms"], result["collocation_node"]
        (['war', 'peace', 'Russia'], 'NATO')
        >>> result.table[["setting", "source", "reason"]].values.tolist()
        [['kwic_terms', 'chosen from the corpus', 'war: chosen; peace: chosen; Russia: chosen'], ['collocation_node', 'given', 'set by the user']]
    """
    derived = {
        "compare_terms": chosen.terms,
        "dispersion_terms": chosen.terms,
        "kwic_terms": chosen.terms[:MAX_KWIC_TERMS],
        "collocation_node": (list(chosen.key_terms) + list(chosen.actors) or [None])[0],
    }
    values, rows = {}, []
    for name in names:
        if name not in derived:
            raise KeyError(f"{name!r} is not chosen from the corpus; those are: {', '.join(DERIVED_SETTINGS)}")
        given = settings[name]
        if given is not None:
            values[name] = given
            rows.append((name, _show(given), "given", "set by the user", "", "set by the user"))
        else:
            values[name] = derived[name]
            rows.append((name, _show(derived[name]), "chosen from the corpus", chosen.basis, chosen.rule,
                         chosen.reason_for(derived[name])))
    table = pd.DataFrame(rows, columns=list(DERIVED_COLUMNS)).astype({c: "string" for c in DERIVED_COLUMNS})
    return ChosenSettings(values, table)


#: Columns of the stored choice (:func:`terms_table`).
_TERMS_COLUMNS = ("kind", "rank", "term", "reason")


def terms_table(chosen: CorpusTerms) -> pd.DataFrame:
    """The chosen terms as a table (``kind``, ``rank``, ``term``, ``reason``): the runner's ``corpus_terms`` stage
    stores it. ``kind`` is ``key_term``, ``actor`` or ``left_out`` (a term the rule passed over, with its reason).

    Examples:
        >>> terms_table(CorpusTerms(("war",), ("Russia",), "by hand")).values.tolist()
        [['key_term', 0, 'war', ''], ['actor', 0, 'Russia', '']]
    """
    why = dict(chosen.reasons)
    rows = [("key_term", rank, term, why.get(term, "")) for rank, term in enumerate(chosen.key_terms)]
    rows += [("actor", rank, term, why.get(term, "")) for rank, term in enumerate(chosen.actors)]
    rows += [("left_out", rank, term, reason) for rank, (term, reason) in enumerate(chosen.left_out)]
    return pd.DataFrame(rows, columns=list(_TERMS_COLUMNS)).astype(
        {"kind": "string", "rank": "int64", "term": "string", "reason": "string"})


def study_terms(study) -> CorpusTerms:
    """:func:`corpus_terms` of a study, chosen once and kept in its store (the runner's ``corpus_terms`` stage).

    Every notebook that uses a corpus-chosen setting reads the same stored choice, so the keyness passes over
    the token table run once per corpus, ``group_by`` and code version, not once per notebook.
    """
    entry = study.entry("corpus_terms")
    frame = entry.read("terms").sort_values(["kind", "rank"], kind="mergesort")
    rows = {kind: list(zip(group["term"].astype(str), group["reason"].astype(str)))
            for kind, group in frame.groupby("kind", sort=False)}
    chosen_rows = rows.get("key_term", []) + rows.get("actor", [])
    return CorpusTerms(tuple(t for t, _ in rows.get("key_term", [])), tuple(t for t, _ in rows.get("actor", [])),
                       str(entry.summary["basis"]), reasons=tuple(chosen_rows),
                       left_out=tuple(rows.get("left_out", [])), rule=str(entry.summary.get("rule", "")))


def study_settings(study, names: Sequence[str]) -> ChosenSettings:
    """:func:`choose_settings` for a notebook's study: the corpus-chosen terms come from :func:`study_terms`."""
    return choose_settings(study.settings, names, study_terms(study))


def absent_terms(tokens: pd.DataFrame, terms: Sequence[str]) -> list[str]:
    """The terms (words, phrases or globs, matched as in KWIC) that never occur in ``tokens``.

    Examples:
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> _, toks = tokenize_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["Zelenskyy met NATO."]}))
        >>> absent_terms(toks, ["NATO", "Zelenskiy", "zelensk*", "security guarantees"])
        ['Zelenskiy', 'security guarantees']
    """
    from analysis.text.dispersion import term_positions, unique_terms

    terms = unique_terms(list(terms))
    if not terms:
        return []
    found: set[str] = set()
    for part in token_parts(tokens):  # a token table or the store's parts
        if len(part):
            found |= set(term_positions(part, terms=terms)["term"].astype(str))
    return [t for t in terms if t not in found]


def absent_terms_message(absent: Sequence[str], what: str) -> str | None:
    """A sentence naming the terms that never occur, or ``None`` when there are none.

    Examples:
        >>> absent_terms_message(["Zelenskiy"], "the dispersion plot")
        "'Zelenskiy' does not occur in this corpus, so the dispersion plot has no row for it."
        >>> absent_terms_message(["a", "b"], "the group comparison")
        "'a' and 'b' do not occur in this corpus, so the group comparison has no row for them."
        >>> absent_terms_message([], "x") is None
        True
    """
    if not absent:
        return None
    names = [repr(t) for t in absent]
    listing = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if len(names) == 1:
        return f"{listing} does not occur in this corpus, so {what} has no row for it."
    return f"{listing} do not occur in this corpus, so {what} has no row for them."


def say_absent_terms(tokens: pd.DataFrame, terms: Sequence[str], what: str) -> list[str]:
    """Print which ``terms`` never occur (see :func:`absent_terms_message`); return the terms that do occur."""
    absent = absent_terms(tokens, terms)
    message = absent_terms_message(absent, what)
    if message:
        print(message)
    return [t for t in dict.fromkeys(terms) if t not in absent]


def no_terms_message(chosen: ChosenSettings, name: str) -> str | None:
    """A sentence for a corpus-derived setting that came out empty, or ``None``.

    Examples:
        >>> empty = choose_settings({"kwic_terms": None}, ["kwic_terms"], CorpusTerms((), (), "by hand"))
        >>> no_terms_message(empty, "kwic_terms")
        'kwic_terms: no term could be chosen from the corpus (no word is frequent enough to be key, and no actor is named). Set kwic_terms to the words you want.'
    """
    value = chosen[name]
    if value:
        return None
    return (f"{name}: no term could be chosen from the corpus (no word is frequent enough to be key, and no actor "
            f"is named). Set {name} to the words you want.")


__all__ = ["CorpusTerms", "ChosenSettings", "TermRule", "term_rule", "honorifics", "corpus_terms", "choose_settings", "terms_table", "study_terms", "study_settings", "absent_terms",
           "absent_terms_message", "say_absent_terms", "no_terms_message", "DERIVED_SETTINGS", "DERIVED_COLUMNS"]
