"""The group-label rule: which group a document belongs to under ``group_by``.

One rule, used by every grouped table (term frequencies, keyness, group
comparison, tone and frames by group): the label is the metadata value as a
string; a missing or blank value is the group :data:`MISSING_GROUP`. With a
list of columns, the label joins the values with :data:`LABEL_SEPARATOR`
(``"zelenskyy | after"``).

Examples:
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["B", None, " "], "period": ["x", "y", "x"]})
    >>> group_labels(docs, "outlet").tolist()
    ['B', '(missing)', '(missing)']
    >>> group_labels(docs, ["outlet", "period"]).tolist()
    ['B | x', '(missing) | y', '(missing) | x']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

#: The label of documents whose grouping value is missing or blank.
MISSING_GROUP = "(missing)"

#: Joins the values of several grouping columns into one label.
LABEL_SEPARATOR = " | "


def group_columns(by: str | Sequence[str] | None) -> list[str]:
    """The grouping columns named by ``by``: none, one or several.

    Examples:
        >>> group_columns(None), group_columns("outlet"), group_columns(["outlet", "period"])
        ([], ['outlet'], ['outlet', 'period'])
    """
    if by is None or by == "" or (not isinstance(by, str) and len(by) == 0):
        return []
    return [by] if isinstance(by, str) else [str(column) for column in by]


def group_column_name(by: str | Sequence[str] | None) -> str | None:
    """The name of the label column in a grouped table: the column, or the columns joined by " | ".

    Examples:
        >>> group_column_name("outlet"), group_column_name(["outlet", "period"]), group_column_name(None)
        ('outlet', 'outlet | period', None)
    """
    columns = group_columns(by)
    return LABEL_SEPARATOR.join(columns) if columns else None


def describe_grouping(by: str | Sequence[str] | None) -> str:
    """``by`` in words, for messages: ``'outlet'`` or ``'outlet' and 'period'``.

    Examples:
        >>> describe_grouping("outlet"), describe_grouping(["outlet", "period"])
        ("'outlet'", "'outlet' and 'period'")
    """
    columns = group_columns(by)
    if len(columns) <= 1:
        return repr(columns[0]) if columns else "None"
    return ", ".join(repr(c) for c in columns[:-1]) + f" and {columns[-1]!r}"


def normalise_labels(values: pd.Series) -> pd.Series:
    """Apply the missing-or-blank rule to one column of values (a ``string`` series, same index).

    Examples:
        >>> normalise_labels(pd.Series(["A", None, "", "  ", 3])).tolist()
        ['A', '(missing)', '(missing)', '(missing)', '3']
    """
    labels = values.astype("string").fillna(MISSING_GROUP)
    return labels.where(labels.str.strip() != "", MISSING_GROUP).astype("string")


def group_labels(documents: pd.DataFrame, by: str | Sequence[str]) -> pd.Series:
    """The group label of each document (a ``string`` series aligned with ``documents``).

    Raises:
        KeyError: ``by`` names a column the documents do not have (or ``text``), listing the columns they have.
    """
    columns = group_columns(by)
    if not columns:
        raise KeyError("no grouping column given")
    for column in columns:
        if column not in documents.columns or column == "text":
            have = ", ".join(str(c) for c in documents.columns if c != "text")
            hint = {"period": "; set periods to add it", "time_bucket": "; set time_unit to add it"}.get(column, "")
            raise KeyError(f"cannot group by {column!r}: not a column of the document table (columns: {have}){hint}")
    labels = normalise_labels(documents[columns[0]])
    for column in columns[1:]:
        labels = labels + LABEL_SEPARATOR + normalise_labels(documents[column])
    return labels


def labels_by_doc(documents: pd.DataFrame, by: str | Sequence[str]) -> dict[str, str]:
    """Map each ``doc_id`` to its group label.

    Examples:
        >>> labels_by_doc(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", None]}), "outlet")
        {'a': 'X', 'b': '(missing)'}
    """
    return dict(zip(documents["doc_id"].astype(str), group_labels(documents, by).astype(str)))


def group_values(documents: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    """The groups of ``by``, sorted; empty when ``by`` is ``None``.

    Examples:
        >>> group_values(pd.DataFrame({"outlet": ["B", "A", None, " "]}), "outlet")
        ['(missing)', 'A', 'B']
        >>> group_values(pd.DataFrame({"outlet": ["A"]}), None)
        []
    """
    if not group_columns(by):
        return []
    return sorted(set(group_labels(documents, by).astype(str)))


def documents_per_group(documents: pd.DataFrame, by: str | Sequence[str] | None, per_group: int) -> list[str]:
    """Up to ``per_group`` documents of every group (the first ones in corpus order), groups in sorted order.

    With ``by`` ``None`` (or a column the documents lack), the corpus is one group. Used where a figure can
    show only some documents, so that every group is seen (the frame profile).

    Examples:
        >>> docs = pd.DataFrame({"doc_id": list("abcde"), "outlet": ["Y", "Y", "Y", "X", None]})
        >>> documents_per_group(docs, "outlet", 2)
        ['e', 'd', 'a', 'b']
        >>> documents_per_group(docs, None, 2)
        ['a', 'b']
    """
    ids = documents["doc_id"].astype(str).tolist()
    columns = group_columns(by)
    if not columns or any(c not in documents.columns or c == "text" for c in columns):
        return ids[:per_group]
    labels = group_labels(documents, columns).astype(str).tolist()
    chosen: list[str] = []
    for group in sorted(set(labels)):
        chosen += [d for d, g in zip(ids, labels) if g == group][:per_group]
    return chosen


def documents_per_group_rule(by: str | Sequence[str] | None, per_group: int) -> str:
    """In words, which documents :func:`documents_per_group` chooses (for the note of a figure that shows them).

    Examples:
        >>> documents_per_group_rule("outlet", 10)
        "the first 10 of each 'outlet' group, in corpus order"
        >>> documents_per_group_rule(None, 10)
        'the first 10 in corpus order'
    """
    columns = group_columns(by)
    if not columns:
        return f"the first {per_group} in corpus order"
    return f"the first {per_group} of each {' | '.join(map(repr, columns))} group, in corpus order"


def rows_of_documents(table: pd.DataFrame, doc_ids: Sequence[str], *, keep: Sequence[str] = ("(corpus)",)) -> pd.DataFrame:
    """The rows of ``table`` whose ``doc_id`` is in ``doc_ids`` (or ``keep``), in the order of ``doc_ids`` then ``keep``.

    Examples:
        >>> t = pd.DataFrame({"doc_id": ["a", "b", "(corpus)", "c"], "share": [1, 2, 3, 4]})
        >>> rows_of_documents(t, ["c", "a"])["doc_id"].tolist()
        ['c', 'a', '(corpus)']
    """
    order = {d: i for i, d in enumerate(list(doc_ids) + [k for k in keep if k not in doc_ids])}
    ids = table["doc_id"].astype(str)
    chosen = table[ids.isin(order)]
    rank = chosen["doc_id"].astype(str).map(order)
    return chosen.iloc[rank.argsort(kind="mergesort").to_numpy()].reset_index(drop=True)


def with_label_column(documents: pd.DataFrame, by: str | Sequence[str] | None) -> tuple[pd.DataFrame, str | None]:
    """The documents with one column holding each document's group label, and that column's name.

    For a function that groups by one column only: with a list ``by``, the labels of
    :func:`group_labels` go into a new column named by :func:`group_column_name`
    (``"outlet | period"``); with one column (or ``None``) the documents are returned as they are.

    Raises:
        KeyError: ``by`` names a column the documents lack.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "period": ["after"]})
        >>> labelled, column = with_label_column(docs, ["outlet", "period"])
        >>> column, labelled[column].tolist()
        ('outlet | period', ['X | after'])
        >>> with_label_column(docs, "outlet")[1]
        'outlet'
    """
    columns = group_columns(by)
    if len(columns) <= 1:
        return documents, (columns[0] if columns else None)
    name = group_column_name(columns)
    return documents.assign(**{name: group_labels(documents, columns).to_numpy()}), name
