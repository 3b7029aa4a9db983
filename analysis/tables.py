"""Small helpers for moving between tables and per-document records, and long tables to matrices.

Per-document extractors work on plain Python records; these helpers split a
corpus-wide table into them in one pass (grouping a DataFrame per document is
far slower on thousands of documents).

Examples:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc_id": ["a", "b", "a"], "start": [0, 5, 9], "end": [3, 7, pd.NA]})
    >>> records_by_doc(t)["a"]
    [{'doc_id': 'a', 'start': 0, 'end': 3}, {'doc_id': 'a', 'start': 9, 'end': None}]
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def records_by_doc(table: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Split a table into lists of records per ``doc_id``; missing values become ``None``.

    Row order within each document is kept.
    """
    grouped: dict[str, list[dict[str, Any]]] = {}
    columns = list(table.columns)
    for values in table.itertuples(index=False, name=None):
        record = {c: (None if _missing(v) else v) for c, v in zip(columns, values)}
        grouped.setdefault(record["doc_id"], []).append(record)
    return grouped


def spans_by_doc(table: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """``(start, end)`` pairs per ``doc_id``, in row order.

    Examples:
        >>> import pandas as pd
        >>> spans_by_doc(pd.DataFrame({"doc_id": ["a", "a"], "start": [0, 4], "end": [3, 9]}))
        {'a': [(0, 3), (4, 9)]}
    """
    grouped: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(table["doc_id"], table["start"], table["end"]):
        grouped.setdefault(doc_id, []).append((int(start), int(end)))
    return grouped


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def pivot_for_heatmap(
    table: pd.DataFrame, *, index: str, columns: str, values: str, max_rows: int | None = None
) -> pd.DataFrame:
    """Pivot a long table to a matrix, keeping first-seen order of rows and columns.

    Examples:
        >>> import pandas as pd
        >>> long = pd.DataFrame({"doc": ["b", "b", "a"], "frame": ["x", "y", "x"], "share": [0.5, 0.1, 1.0]})
        >>> pivot_for_heatmap(long, index="doc", columns="frame", values="share").to_dict("index")
        {'b': {'x': 0.5, 'y': 0.1}, 'a': {'x': 1.0, 'y': 0.0}}
    """
    rows = list(dict.fromkeys(table[index].astype(str)))
    cols = list(dict.fromkeys(table[columns].astype(str)))
    if max_rows is not None:
        rows = rows[:max_rows]
    matrix = table.assign(**{index: table[index].astype(str), columns: table[columns].astype(str)}).pivot_table(
        index=index, columns=columns, values=values, aggfunc="sum", fill_value=0
    )
    matrix = matrix.reindex(index=rows, columns=cols, fill_value=0)
    matrix.index.name = index
    matrix.columns.name = None
    return matrix
