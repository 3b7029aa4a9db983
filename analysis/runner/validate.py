"""Check the settings against the corpus before any stage, notebook or worker starts.

:func:`analysis.runner.settings.resolve_settings` checks names, types and
choices on their own. What it cannot see is whether a setting fits *this*
corpus: a ``group_by`` column the documents lack, a ``target_group`` that is
no group, an explorer ``doc_id`` that is no document. Found late, each costs a
full run and ends in a notebook cell's ``KeyError``; here each is one plain
line naming the setting, what is wrong and (by :func:`did_you_mean`) the
nearest valid value, before anything runs.

Some findings are not errors, only warnings (:func:`check_against_corpus`
returns them): a period holding no document, and a term you named that
cannot occur in the corpus (its literal part appears in no text, so no token
can match it; the notebooks then say so in words too).

Examples:
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["War.", "Peace."]})
    >>> check_against_corpus(docs, {"group_by": "outlet", "target_group": "X", "doc_id": "a"})
    []
    >>> check_against_corpus(docs, {"group_by": "outlets"})
    Traceback (most recent call last):
    ...
    analysis.exceptions.ParameterError: parameter 'group_by': 'outlets' is not a column of the document table (did you mean 'outlet'?); the columns are: doc_id, outlet
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable, Mapping

import pandas as pd

from analysis.exceptions import ParameterError

#: Settings naming terms that a notebook looks up, and how the warning calls them.
TERM_SETTINGS: dict[str, str] = {
    "term": "the explorer's first term",
    "collocation_node": "the collocation node",
    "kwic_terms": "a KWIC term",
    "dispersion_terms": "a dispersion term",
    "compare_terms": "a compared term",
}
#: Longest name or value :func:`did_you_mean` looks for a near match of, in characters.
MAX_SUGGESTED_CHARS = 100
#: Longest list of valid values an error message shows.
MAX_LISTED = 12


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate (:func:`difflib.get_close_matches`), or ``""``.

    Examples:
        >>> did_you_mean("top_nn", ["top_n", "term", "seed"])
        " (did you mean 'top_n'?)"
        >>> did_you_mean("zzz", ["top_n"])
        ''
    """
    if len(str(name)) > MAX_SUGGESTED_CHARS:  # a pasted blob is no typo, and difflib is quadratic
        return ""
    folded: dict[str, str] = {}
    for candidate in (str(c) for c in candidates):
        folded.setdefault(candidate.casefold().strip(), candidate)
    key = str(name).casefold().strip()
    close = [key] if key in folded else difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    close = [folded[c] for c in close]  # case and spacing slips first ("outlet a" for "Outlet A")
    return f" (did you mean {close[0]!r}?)" if close else ""


def _listing(values: Iterable[str]) -> str:
    values = [str(v) for v in values]
    shown = ", ".join(values[:MAX_LISTED])
    return shown + (f", ... ({len(values)} in all)" if len(values) > MAX_LISTED else "")


def check_against_corpus(documents: pd.DataFrame, settings: Mapping[str, Any]) -> list[str]:
    """Check the settings that name columns, groups, documents, periods and terms against the document table.

    Args:
        documents: The document table as the load stage builds it (with ``period`` and ``time_bucket``
            when ``periods`` and ``time_unit`` are set); ``text`` is used only for the term warnings.
        settings: The resolved settings (a missing name counts as unset).

    Returns:
        Warnings, one plain sentence each (empty when all is well).

    Raises:
        ParameterError: ``group_by`` names a column the documents lack; ``target_group`` is not one of the
            groups (or is set without grouping); ``doc_id`` is not a document.
    """
    from analysis.corpus.groups import group_columns, group_values

    warnings: list[str] = []
    columns = [str(c) for c in documents.columns if c != "text"]
    by = settings.get("group_by")
    for column in group_columns(by):
        if column not in columns:
            hint = {"period": "; set periods to add it", "time_bucket": "; set time_unit to add it"}.get(column, "")
            raise ParameterError(f"parameter 'group_by': {column!r} is not a column of the document table"
                                 f"{did_you_mean(column, columns)}; the columns are: {_listing(columns)}{hint}")
    target = settings.get("target_group")
    if target is not None:
        if not group_columns(by):
            raise ParameterError(f"parameter 'target_group' is {target!r} but group_by is None: there are no "
                                 "groups to compare; set group_by, or leave target_group unset")
        groups = group_values(documents, by)
        if target not in groups:
            raise ParameterError(f"parameter 'target_group': {target!r} is not a group of {by!r}"
                                 f"{did_you_mean(target, groups)}; the groups are: {_listing(groups)}")
    doc_id = settings.get("doc_id")
    if doc_id is not None:
        ids = documents["doc_id"].astype(str).tolist()
        if str(doc_id) not in set(ids):
            raise ParameterError(f"parameter 'doc_id': {doc_id!r} is not a document of the corpus"
                                 f"{did_you_mean(doc_id, ids)}; the first documents are: {_listing(ids)}")
    if settings.get("periods"):
        warnings += _empty_periods(documents, settings["periods"])
    if "text" in documents.columns:
        warnings += _absent_terms(documents["text"], settings)
    return warnings


def _empty_periods(documents: pd.DataFrame, periods: Mapping[str, Any]) -> list[str]:
    from analysis.corpus.time import document_dates, period_counts

    counts = period_counts(documents, periods)
    dates = sorted(d for d in document_dates(documents, strict=False) if d is not None)
    span = (f"the documents are dated {dates[0].isoformat()} to {dates[-1].isoformat()}" if dates
            else "no document has a date")
    out = []
    for row in counts.itertuples(index=False):
        if row.period in periods and row.n_documents == 0:
            bounds = f"[{row.start or 'open'}, {row.end or 'open'})"
            out.append(f"periods: {row.period!r} {bounds} holds no document; {span}")
    return out


def _literals(term: str) -> tuple[str, ...]:
    """The lowercase pieces every match of ``term`` must contain: the phrase itself, or, when it holds a glob,
    the longest glob-free run of each of its words.

    Examples:
        >>> _literals("Security guarantees"), _literals("sec*ty guarantee?")
        (('security guarantees',), ('sec', 'guarantee'))
    """
    words = term.lower().replace("\u2019", "'").split()
    if not any(ch in term for ch in "*?["):
        return (" ".join(words),)
    return tuple(piece for piece in (max(re.split(r"[*?\[\]]", word), key=len) for word in words) if piece)


def _absent_terms(texts: pd.Series, settings: Mapping[str, Any]) -> list[str]:
    if settings.get("stem"):  # a stemmed term can match words that do not contain it
        return []
    wanted: dict[tuple[str, ...], list[str]] = {}
    given = getattr(settings, "given", None)  # resolved settings: warn only about the terms the user named
    for name in (n for n in TERM_SETTINGS if given is None or n in given):
        value = settings.get(name)
        for term in ([value] if isinstance(value, str) else list(value or [])):
            pieces = _literals(term)
            if pieces:
                wanted.setdefault(pieces, []).append(f"{name} {term!r}")
    if not wanted:
        return []
    pieces_seen: set[str] = set()
    every_piece = {piece for pieces in wanted for piece in pieces}
    for text in texts.astype(str):
        lowered = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'"))
        pieces_seen |= {piece for piece in every_piece - pieces_seen if piece in lowered}
        if pieces_seen == every_piece:
            return []
    out = []
    for pieces, places in wanted.items():
        missing = [piece for piece in pieces if piece not in pieces_seen]
        if missing:
            out += [f"{where} cannot occur in this corpus: no document contains {missing[0]!r}" for where in places]
    return out
