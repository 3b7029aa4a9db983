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
    >>> chosen.key_terms
    ('kyiv', 'said', 'wait')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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
DERIVED_COLUMNS: tuple[str, ...] = ("setting", "value", "source", "basis")
#: Mention kinds that name an actor (metonyms such as "Kremlin" are another word, not the actor's name).
_NAME_KINDS = ("full_name", "alias", "surname")


@dataclass(frozen=True)
class CorpusTerms:
    """Terms chosen from a corpus.

    Attributes:
        key_terms: Key terms, best first (group by group in turns).
        actors: The most-mentioned actors' name forms, most mentioned first.
        basis: How they were chosen, in words.
    """

    key_terms: tuple[str, ...]
    actors: tuple[str, ...]
    basis: str

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


def _top_key_terms(table: pd.DataFrame, n: int) -> list[str]:
    over = table[(table["g2"] > 0) & (table["log_ratio"] > 0)]
    over = over.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    return over["term"].astype(str).head(n).tolist()


def _actor_names(mentions: pd.DataFrame | None, n: int) -> list[str]:
    from analysis.text.kwic import parse_pattern

    if mentions is None or mentions.empty:
        return []
    named = mentions[mentions["matched_by"].astype(str).isin(_NAME_KINDS)]
    if named.empty:
        return []
    per_actor = mentions.groupby(mentions["actor"].astype(str), sort=True).size()
    ranked = sorted(per_actor.items(), key=lambda item: (-item[1], item[0]))
    names = []
    for actor, _ in ranked:
        forms = named[named["actor"].astype(str) == actor]["text"].astype(str)
        if forms.empty:
            continue
        counts = forms.value_counts()
        best = sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0][0]
        try:
            parse_pattern(best)
        except (TypeError, ValueError):
            continue
        names.append(best)
        if len(names) == n:
            break
    return names


def corpus_terms(documents: pd.DataFrame, tokens, *, by: str | Sequence[str] | None,
                 mentions: pd.DataFrame | None = None, per_group: int = KEY_TERMS_PER_GROUP,
                 n_actors: int = N_ACTORS) -> CorpusTerms:
    """Choose key terms and salient actors from a corpus (see the module docstring).

    Args:
        documents: The document table (``text`` is not needed).
        tokens: The token table, or its parts (:func:`analysis.text.token_table.token_parts`).
        by: The ``group_by`` setting; a column the documents lack counts as no grouping.
        mentions: The actor mention table (the framing stage's ``actors``); ``None``: no actors.
        per_group: Key terms per group.
        n_actors: Actors added.
    """
    from analysis.compare.keyness import against_general_english, compare_groups

    columns = group_columns(by)
    usable = columns and all(c in documents.columns and c != "text" for c in columns)
    groups = group_values(documents, columns) if usable else []
    if len(groups) >= 2:
        lists = [_top_key_terms(compare_groups(tokens, documents, by=columns, target=group,
                                               min_count=MIN_COUNT), per_group) for group in groups]
        key_terms: list[str] = []
        for rank in range(per_group):
            for terms in lists:
                if rank < len(terms) and terms[rank] not in key_terms:
                    key_terms.append(terms[rank])
        basis = (f"the top {per_group} key terms (G², seen at least {MIN_COUNT} times) of each group of "
                 f"{describe_grouping(columns)} against the other groups")
    else:
        table = against_general_english(tokens, reference_size=REFERENCE_SIZE, min_count=MIN_COUNT)
        key_terms = _top_key_terms(table, per_group * 2)
        basis = (f"the top {per_group * 2} key terms (G², seen at least {MIN_COUNT} times) of the corpus against "
                 "general English (one group only)")
    actors = _actor_names(mentions, n_actors)
    basis += f", and the {n_actors} most-mentioned actors"
    return CorpusTerms(tuple(key_terms), tuple(actors), basis)


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
        >>> result.table[["setting", "source"]].values.tolist()
        [['kwic_terms', 'chosen from the corpus'], ['collocation_node', 'given']]
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
            rows.append((name, _show(given), "given", "set by the user"))
        else:
            values[name] = derived[name]
            rows.append((name, _show(derived[name]), "chosen from the corpus", chosen.basis))
    table = pd.DataFrame(rows, columns=list(DERIVED_COLUMNS)).astype({c: "string" for c in DERIVED_COLUMNS})
    return ChosenSettings(values, table)


#: Columns of the stored choice (:func:`terms_table`).
_TERMS_COLUMNS = ("kind", "rank", "term")


def terms_table(chosen: CorpusTerms) -> pd.DataFrame:
    """The chosen terms as a table (``kind``, ``rank``, ``term``): the runner's ``corpus_terms`` stage stores it.

    Examples:
        >>> terms_table(CorpusTerms(("war",), ("Russia",), "by hand")).values.tolist()
        [['key_term', 0, 'war'], ['actor', 0, 'Russia']]
    """
    rows = [("key_term", rank, term) for rank, term in enumerate(chosen.key_terms)]
    rows += [("actor", rank, term) for rank, term in enumerate(chosen.actors)]
    return pd.DataFrame(rows, columns=list(_TERMS_COLUMNS)).astype({"kind": "string", "rank": "int64",
                                                                    "term": "string"})


def study_terms(study) -> CorpusTerms:
    """:func:`corpus_terms` of a study, chosen once and kept in its store (the runner's ``corpus_terms`` stage).

    Every notebook that uses a corpus-chosen setting reads the same stored choice, so the keyness passes over
    the token table run once per corpus, ``group_by`` and code version, not once per notebook.
    """
    entry = study.entry("corpus_terms")
    frame = entry.read("terms").sort_values(["kind", "rank"], kind="mergesort")
    terms = {kind: tuple(group["term"].astype(str)) for kind, group in frame.groupby("kind", sort=False)}
    return CorpusTerms(terms.get("key_term", ()), terms.get("actor", ()), str(entry.summary["basis"]))


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


__all__ = ["CorpusTerms", "ChosenSettings", "corpus_terms", "choose_settings", "terms_table", "study_terms", "study_settings", "absent_terms",
           "absent_terms_message", "say_absent_terms", "no_terms_message", "DERIVED_SETTINGS", "DERIVED_COLUMNS"]
