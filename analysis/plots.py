"""The report's figures, drawn the same way every time.

Each function takes a table and returns a :class:`matplotlib.figure.Figure`.
Figures are drawn inside a fixed style (:data:`STYLE`), independent of the
user's matplotlibrc, so that reruns give identical PNG bytes. Save them with
:func:`analysis.outputs.write_figure`, which also writes the CSV each figure
was drawn from.

Examples:
    >>> import pandas as pd
    >>> fig = bar_chart(pd.DataFrame({"term": ["nato", "kyiv"], "count": [5, 3]}),
    ...                 label="term", value="count", title="Top terms")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][::-1]  # top to bottom
    ['nato', 'kyiv']
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: Fixed style for every figure (fonts ship with matplotlib).
STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "svg.hashsalt": "news-framing",
    "path.simplify": True,
}
#: Main colour of bars and points.
COLOR = "#3b6ea5"


def bar_chart(
    table: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    xlabel: str | None = None,
    color: str = COLOR,
) -> Figure:
    """Horizontal bar chart, first row on top.

    Args:
        table: Rows in the order to show them.
        label: Column of bar labels.
        value: Column of bar lengths.
        title: Figure title.
        xlabel: Axis label; defaults to ``value``.
        color: Bar colour.

    Returns:
        The figure.

    Examples:
        >>> import pandas as pd
        >>> fig = bar_chart(pd.DataFrame({"t": ["a"], "n": [1]}), label="t", value="n", title="x")
        >>> fig.axes[0].get_xlabel()
        'n'
    """
    with plt.rc_context(STYLE):
        height = max(2.0, 0.32 * len(table) + 1.0)
        fig, ax = plt.subplots(figsize=(7.0, height))
        labels = table[label].astype(str).tolist()[::-1]
        values = table[value].astype(float).tolist()[::-1]
        positions = np.arange(len(labels))
        ax.barh(positions, values, color=color)
        ax.set_yticks(positions, labels)
        if all(float(v).is_integer() for v in values):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(xlabel or value)
        ax.set_title(title, loc="left")
        if not labels:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
    plt.close(fig)
    return fig


def rank_frequency(terms: pd.DataFrame, *, title: str = "Rank and frequency (Zipf plot)") -> Figure:
    """Log-log plot of term frequency against rank (Zipf's law).

    Args:
        terms: A term table with ``rank`` and ``count``.
        title: Figure title.

    Examples:
        >>> import pandas as pd
        >>> fig = rank_frequency(pd.DataFrame({"rank": [1, 2, 3], "count": [6, 3, 2]}))
        >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
        ('log', 'log')
    """
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.0, 4.0))
        ax.plot(terms["rank"].astype(float), terms["count"].astype(float), marker=".", linestyle="none", color=COLOR)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("rank (1 = most frequent term)")
        ax.set_ylabel("count")
        ax.set_title(title, loc="left")
        fig.tight_layout()
    plt.close(fig)
    return fig


def stacked_bars(
    table: pd.DataFrame,
    *,
    label: str,
    parts: list[str],
    title: str,
    xlabel: str,
    colors: tuple[str, ...] = (COLOR, "#d08c3a", "#8c8c8c"),
) -> Figure:
    """Horizontal stacked bars, one bar per row, first row on top.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"doc": ["a"], "body": [10], "boilerplate": [2]})
        >>> fig = stacked_bars(t, label="doc", parts=["body", "boilerplate"], title="x", xlabel="chars")
        >>> len(fig.axes[0].patches)
        2
    """
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.0, max(2.0, 0.32 * len(table) + 1.2)))
        labels = table[label].astype(str).tolist()[::-1]
        positions = np.arange(len(labels))
        left = np.zeros(len(labels))
        for part, color in zip(parts, colors):
            values = table[part].astype(float).to_numpy()[::-1]
            ax.barh(positions, values, left=left, color=color, label=part)
            left += values
        ax.set_yticks(positions, labels)
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left")
        ax.legend(loc="lower right", frameon=False)
        fig.tight_layout()
    plt.close(fig)
    return fig


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    xlabel: str = "",
    ylabel: str = "",
    value_format: str = "{:g}",
    cmap: str = "Blues",
) -> Figure:
    """Heatmap of a numeric table (rows by columns), each cell labelled with its value.

    Args:
        matrix: Numeric table; its index labels the rows, its columns the columns.
        title: Figure title.
        xlabel: Column axis label.
        ylabel: Row axis label.
        value_format: Format of the cell labels.
        cmap: Matplotlib colour map.

    Examples:
        >>> import pandas as pd
        >>> m = pd.DataFrame({"neutral": [3, 0], "distancing": [0, 1]}, index=["Zelenskiy", "Russia"])
        >>> fig = heatmap(m, title="stance")
        >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
        ['neutral', 'distancing']
        >>> heatmap(pd.DataFrame(), title="empty").axes[0].texts[0].get_text()
        'nothing to show'
    """
    with plt.rc_context(STYLE):
        rows, cols = matrix.shape
        fig, ax = plt.subplots(figsize=(max(4.0, 0.9 * cols + 2.5), max(2.8, 0.4 * rows + 2.2)))
        if rows == 0 or cols == 0:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        else:
            values = matrix.to_numpy(dtype=float)
            finite = values[np.isfinite(values)]
            top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
            ax.imshow(np.nan_to_num(values), cmap=cmap, vmin=0, vmax=top, aspect="auto")
            ax.set_xticks(np.arange(cols), [str(c) for c in matrix.columns], rotation=30, ha="right")
            ax.set_yticks(np.arange(rows), [str(i) for i in matrix.index])
            for r in range(rows):
                for c in range(cols):
                    value = values[r, c]
                    if np.isfinite(value) and value != 0:
                        ax.text(c, r, value_format.format(value), ha="center", va="center", fontsize=8,
                                color="white" if value > top * 0.6 else "black")
            ax.spines[:].set_visible(False)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title, loc="left")
        fig.tight_layout()
    plt.close(fig)
    return fig


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
