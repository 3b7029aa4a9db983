"""The report's figures, drawn the same way every time.

Each function takes a table and returns a :class:`matplotlib.figure.Figure`.
Figures are drawn inside a fixed style (:data:`STYLE`), independent of the
user's matplotlibrc, so that reruns give identical PNG bytes. Their size is
bounded whatever the data: every label, legend entry and title drawn from the
data is cut to :data:`MAX_LABEL_CHARS` (titles :data:`MAX_TITLE_CHARS`) with
an ellipsis (:func:`shorten`), and figure dimensions are capped at
:data:`MAX_FIGURE_INCHES`, so a 2 MB "word" cannot ask for a 19-million-pixel
image. Save them with
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

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.tables import pivot_for_heatmap  # noqa: F401 - the notebooks draw heatmaps from plots

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
#: Longest label, tick label or legend entry drawn, in characters (longer ones end in "…").
MAX_LABEL_CHARS = 60
#: Longest title or axis label drawn, in characters.
MAX_TITLE_CHARS = 120
#: Largest figure, (width, height) in inches (at 120 dpi: 1920 x 4800 pixels before tight cropping).
MAX_FIGURE_INCHES: tuple[float, float] = (16.0, 40.0)


def shorten(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """A label cut to at most ``limit`` characters, ending in an ellipsis when cut.

    Line breaks and tabs become spaces, so one label takes one line.

    Examples:
        >>> shorten("nato")
        'nato'
        >>> shorten("x" * 100, limit=10)
        'xxxxxxxxx…'
        >>> len(shorten("y" * 2_000_000)), shorten("a\\nb")
        (60, 'a b')
    """
    value = str(text)
    if "\n" in value or "\r" in value or "\t" in value:
        value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _labels(values: object) -> list[str]:
    """Shortened string labels of an iterable."""
    return [shorten(v) for v in values]  # type: ignore[union-attr]


def _figsize(width: float, height: float) -> tuple[float, float]:
    """A figure size within :data:`MAX_FIGURE_INCHES`.

    Examples:
        >>> _figsize(7.0, 2.0), _figsize(100.0, 1000.0)
        ((7.0, 2.0), (16.0, 40.0))
    """
    return (min(float(width), MAX_FIGURE_INCHES[0]), min(float(height), MAX_FIGURE_INCHES[1]))


def bar_chart(
    table: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    xlabel: str | None = None,
    color: str = COLOR,
    mark_values: bool = False,
) -> Figure:
    """Horizontal bar chart, first row on top.

    Args:
        table: Rows in the order to show them.
        label: Column of bar labels.
        value: Column of bar lengths.
        title: Figure title.
        xlabel: Axis label; defaults to ``value``.
        color: Bar colour.
        mark_values: Write each bar's value beside it, and "no data" where the value is missing, so that
            a real 0 (an empty-looking bar) and no data read differently (tone figures).

    Returns:
        The figure.

    Examples:
        >>> import pandas as pd
        >>> fig = bar_chart(pd.DataFrame({"t": ["a"], "n": [1]}), label="t", value="n", title="x")
        >>> fig.axes[0].get_xlabel()
        'n'
        >>> tone = pd.DataFrame({"actor": ["a", "b", "c"], "mean": [0.0, float("nan"), -0.25]})
        >>> fig = bar_chart(tone, label="actor", value="mean", title="tone", mark_values=True)
        >>> [x.get_text() for x in fig.axes[0].texts]  # bottom row first: c, b, a
        ['-0.25', 'no data', '0']
    """
    with plt.rc_context(STYLE):
        height = max(2.0, 0.32 * len(table) + 1.0)
        fig, ax = plt.subplots(figsize=_figsize(7.0, height))
        labels = _labels(table[label].astype(str).tolist()[::-1])
        values = table[value].astype(float).tolist()[::-1]
        positions = np.arange(len(labels))
        ax.barh(positions, values, color=color)
        ax.set_yticks(positions, labels)
        if mark_values:
            for y, v in zip(positions, values):
                missing = not math.isfinite(v)
                ax.annotate("no data" if missing else f"{v:+.2f}" if v else "0", (0.0 if missing else v, y),
                            xytext=(4 if missing or v >= 0 else -4, 0), textcoords="offset points", va="center",
                            ha="left" if missing or v >= 0 else "right", fontsize=8,
                            color="#777777" if missing else "#222222", style="italic" if missing else "normal")
        if all(float(v).is_integer() for v in values):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(shorten(xlabel or value, MAX_TITLE_CHARS))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
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
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
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
        fig, ax = plt.subplots(figsize=_figsize(7.0, max(2.0, 0.32 * len(table) + 1.2)))
        labels = _labels(table[label].astype(str).tolist()[::-1])
        positions = np.arange(len(labels))
        left = np.zeros(len(labels))
        for part, color in zip(parts, colors):
            values = table[part].astype(float).to_numpy()[::-1]
            ax.barh(positions, values, left=left, color=color, label=shorten(part))
            left += values
        ax.set_yticks(positions, labels)
        ax.set_xlabel(shorten(xlabel, MAX_TITLE_CHARS))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
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
        fig, ax = plt.subplots(figsize=_figsize(max(4.0, 0.9 * cols + 2.5), max(2.8, 0.4 * rows + 2.2)))
        if rows == 0 or cols == 0:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        else:
            values = matrix.to_numpy(dtype=float)
            finite = values[np.isfinite(values)]
            top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
            ax.imshow(np.nan_to_num(values), cmap=cmap, vmin=0, vmax=top, aspect="auto")
            ax.set_xticks(np.arange(cols), _labels(matrix.columns), rotation=30, ha="right")
            ax.set_yticks(np.arange(rows), _labels(matrix.index))
            for r in range(rows):
                for c in range(cols):
                    value = values[r, c]
                    if np.isfinite(value) and value != 0:
                        ax.text(c, r, value_format.format(value), ha="center", va="center", fontsize=8,
                                color="white" if value > top * 0.6 else "black")
            ax.spines[:].set_visible(False)
        ax.set_xlabel(shorten(xlabel, MAX_TITLE_CHARS))
        ax.set_ylabel(shorten(ylabel, MAX_TITLE_CHARS))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        fig.tight_layout()
    plt.close(fig)
    return fig


#: Colours of the groups of a comparison, in group order (repeated beyond eight groups).
GROUP_COLORS: tuple[str, ...] = (
    COLOR, "#d08c3a", "#5a9e6f", "#a05195", "#8c8c8c", "#c44e52", "#4bacc6", "#8a6d3b",
)
#: Axis label of each kind of comparison measure.
MEASURE_AXIS_LABELS: dict[str, str] = {
    "term": "per 10,000 tokens",
    "frame": "share of sentences",
    "stance": "share of attributions",
    "compound": "mean VADER compound",
    "share": "share of sentences",
    "lexicon": "matches per 1,000 word tokens",
}


def dispersion_plot(
    positions: pd.DataFrame,
    *,
    terms: list[str],
    total_tokens: int | None = None,
    doc_boundaries: list[int] | None = None,
    title: str = "Lexical dispersion",
    group_boundaries: list[tuple[int, str]] | None = None,
    xlabel: str = "corpus position (tokens)",
) -> Figure:
    """Lexical dispersion plot: where each term occurs along the corpus.

    In the manner of NLTK's ``dispersion_plot`` and quanteda's
    ``textplot_xray``: the x axis is the corpus token position, each term has
    its own row (first term on top, also when it never occurs), and each
    occurrence is a vertical tick. Light vertical lines mark where a new
    document begins.

    Args:
        positions: A table from :func:`analysis.text.dispersion.term_positions`
            (``term`` and ``position``).
        terms: The terms to show, in order (rows of other terms are ignored).
        total_tokens: Length of the x axis (the number of tokens); default
            the last occurrence + 1.
        doc_boundaries: Positions where documents begin
            (:func:`analysis.text.dispersion.document_starts`).
        title: Figure title.
        group_boundaries: ``(position, label)`` where each group of documents begins
            (:func:`analysis.text.dispersion.group_boundaries`): a dark line, labelled above the plot.
        xlabel: The x-axis label; say in it how the documents are ordered.

    Examples:
        >>> import pandas as pd
        >>> pos = pd.DataFrame({"term": ["nato", "nato", "claim*"], "position": [3, 40, 12]})
        >>> fig = dispersion_plot(pos, terms=["nato", "claim*", "kyiv"], total_tokens=50, doc_boundaries=[25])
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][::-1]  # top to bottom
        ['nato', 'claim*', 'kyiv']
        >>> [float(x) for x in fig.axes[0].get_xlim()], len(fig.axes[0].lines)  # 3 rows of ticks + 1 boundary
        ([0.0, 50.0], 4)
    """
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=_figsize(8.0, max(2.0, 0.4 * len(terms) + 1.2)))
        term_column = positions["term"].astype(str) if len(positions) else pd.Series([], dtype=str)
        last = -1.0
        for boundary in doc_boundaries or []:
            ax.axvline(float(boundary), color="#cccccc", linewidth=0.8, zorder=0)
        for k, (boundary, label) in enumerate(group_boundaries or []):
            ax.axvline(float(boundary), color="#555555", linewidth=1.2, zorder=1)
            ax.text(float(boundary), 1.0 + 0.06 * (k % 2), " " + shorten(label, 30), transform=ax.get_xaxis_transform(),
                    ha="left", va="bottom", fontsize=8, color="#555555", clip_on=False)
        for row, term in enumerate(terms):
            y = len(terms) - 1 - row
            xs = positions.loc[term_column == term, "position"].astype(float).to_numpy() if len(positions) else []
            if len(xs):
                last = max(last, float(np.max(xs)))
            ax.plot(xs, np.full(len(xs), float(y)), linestyle="none", marker="|", markersize=14,
                    markeredgewidth=1.2, color=COLOR)
        ax.set_yticks(np.arange(len(terms)), _labels(terms)[::-1])
        ax.set_ylim(-0.6, len(terms) - 0.4)
        right = float(total_tokens) if total_tokens is not None else max(1.0, last + 1.0)
        ax.set_xlim(0.0, right)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(shorten(xlabel, MAX_TITLE_CHARS))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        if not terms:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
    plt.close(fig)
    return fig


def group_comparison_plot(
    table: pd.DataFrame,
    *,
    measures: list[str] | None = None,
    title: str = "Group comparison (bootstrap intervals)",
) -> Figure:
    """Dot-and-whisker plot of a comparison table: value and interval per group and measure.

    One panel per kind of measure (``term``, ``frame``, ``stance``: each on
    its own scale), one row per measure (first on top), one dot per group
    with a horizontal whisker from ``ci_low`` to ``ci_high``. Groups keep
    their order in the table and their colour (:data:`GROUP_COLORS`), and
    every group is in the legend, also one without any defined value. A NaN
    value draws nothing.

    Args:
        table: A table from :func:`analysis.compare.groups.group_comparison`.
        measures: The measures to show, in order; default all, in table order.
        title: Figure title.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"group": ["A", "A", "B", "B"], "measure": ["term:nato", "frame:x"] * 2,
        ...                   "value": [800.0, 0.5, 550.0, float("nan")], "ci_low": [0.0, 0.0, 300.0, float("nan")],
        ...                   "ci_high": [1600.0, 1.0, 900.0, float("nan")]})
        >>> fig = group_comparison_plot(t)
        >>> [ax.get_xlabel() for ax in fig.axes]
        ['per 10,000 tokens', 'share of sentences']
        >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        ['A', 'B']
        >>> [x.get_text() for x in fig.axes[1].texts]  # B has no frame value: "no data", not a point at 0
        ['no data']
    """
    from matplotlib.lines import Line2D

    with plt.rc_context(STYLE):
        measure_column = table["measure"].astype(str) if len(table) else pd.Series([], dtype=str)
        chosen = list(dict.fromkeys(measure_column)) if measures is None else [str(m) for m in measures]
        groups = list(dict.fromkeys(table["group"].astype(str))) if len(table) else []
        kinds = list(dict.fromkeys(m.split(":", 1)[0] for m in chosen))
        if not chosen or not groups:
            fig, ax = plt.subplots(figsize=_figsize(7.0, 2.0))
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
            plt.close(fig)
            return fig
        sizes = [sum(1 for m in chosen if m.split(":", 1)[0] == kind) for kind in kinds]
        height = sum(0.35 * max(1, n) * max(1.0, 0.5 * len(groups)) + 0.9 for n in sizes) + 0.6
        fig, axes = plt.subplots(nrows=len(kinds), figsize=_figsize(7.5, height), squeeze=False,
                                 gridspec_kw={"height_ratios": [max(1, n) for n in sizes]})
        spread = min(0.6, 0.2 * (len(groups) - 1))
        offsets = np.linspace(spread / 2, -spread / 2, len(groups))
        colors = {g: GROUP_COLORS[i % len(GROUP_COLORS)] for i, g in enumerate(groups)}
        group_column = table["group"].astype(str)
        for ax, kind in zip(axes[:, 0], kinds):
            rows = [m for m in chosen if m.split(":", 1)[0] == kind]
            for r, measure in enumerate(rows):
                base = len(rows) - 1 - r
                for g, group in enumerate(groups):
                    hit = table[(measure_column == measure) & (group_column == group)]
                    if hit.empty:
                        continue
                    value = float(hit["value"].iloc[0])
                    low, high = float(hit["ci_low"].iloc[0]), float(hit["ci_high"].iloc[0])
                    y = base + offsets[g]
                    if not np.isfinite(value):  # no data (nothing to divide by): say so, unlike a real 0
                        ax.annotate("no data", (0, y), xycoords=("axes fraction", "data"), xytext=(3, 0),
                                    textcoords="offset points", va="center", fontsize=7, style="italic",
                                    color=colors[group])
                        continue
                    if np.isfinite(low) and np.isfinite(high):
                        ax.plot([low, high], [y, y], color=colors[group], linewidth=1.6, solid_capstyle="butt")
                    ax.plot([value], [y], marker="o", markersize=5, linestyle="none", color=colors[group])
            for between in range(len(rows) - 1):
                ax.axhline(between + 0.5, color="#eeeeee", linewidth=0.8, zorder=0)
            ax.set_yticks(np.arange(len(rows)), _labels(m.split(":", 1)[-1] for m in rows)[::-1])
            ax.set_ylim(-0.5, len(rows) - 0.5)
            ax.set_xlabel(shorten(MEASURE_AXIS_LABELS.get(kind, kind), MAX_TITLE_CHARS))
            if kind in ("frame", "stance"):
                ax.set_xlim(-0.02, 1.02)
            else:
                right = max(1.0, float(ax.get_xlim()[1]))
                ax.set_xlim(-0.02 * right, right)
        handles = [Line2D([0], [0], marker="o", color=colors[g], linewidth=1.6, markersize=5) for g in groups]
        axes[0, 0].legend(handles, _labels(groups), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
        axes[0, 0].set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        fig.tight_layout()
    plt.close(fig)
    return fig


def keyness_rows(table: pd.DataFrame, *, n: int = 20, measure: str = "g2") -> pd.DataFrame:
    """The rows a keyness plot draws: the ``n`` most positive, then the ``n`` most negative.

    Written beside the figure as its data, so the CSV holds exactly what is drawn.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"term": ["a", "b", "c", "d"], "g2": [1.0, 5.0, -2.0, -0.5]})
        >>> keyness_rows(t, n=1)["term"].tolist()
        ['b', 'c']
    """
    values = table.dropna(subset=[measure])
    values = values[np.isfinite(values[measure].astype(float))]
    top = values[values[measure] > 0].sort_values([measure, "term"], ascending=[False, True], kind="mergesort").head(n)
    bottom = values[values[measure] < 0].sort_values([measure, "term"], ascending=[True, True], kind="mergesort").head(n)
    return pd.concat([top, bottom.iloc[::-1]], ignore_index=True)


def keyness_plot(table: pd.DataFrame, *, n: int = 20, measure: str = "g2", title: str | None = None) -> Figure:
    """Keyness bar chart in the manner of quanteda's ``textplot_keyness``.

    The ``n`` most key terms of the target (positive ``measure``) are drawn
    in one colour and the ``n`` most key terms of the reference (negative) in
    another, largest on top, so both sides of the comparison are visible.

    Args:
        table: A keyness table with ``term``, ``target``, ``reference`` and ``measure``.
        n: Terms per side.
        measure: The column to rank and draw (``g2``, ``log_ratio`` ...).
        title: Figure title; defaults to "target vs reference".

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"term": ["nato", "kyiv", "sport"], "g2": [9.0, 4.0, -6.0],
        ...                   "target": "A", "reference": "B"})
        >>> fig = keyness_plot(t, n=2)
        >>> [x.get_text() for x in fig.axes[0].get_yticklabels()][::-1]
        ['nato', 'kyiv', 'sport']
        >>> [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
        ['A', 'B']
    """
    target = shorten(table["target"].iloc[0]) if len(table) else "target"
    reference = shorten(table["reference"].iloc[0]) if len(table) else "reference"
    rows = keyness_rows(table, n=n, measure=measure)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=_figsize(7.0, max(2.5, 0.3 * len(rows) + 1.2)))
        labels = _labels(rows["term"].astype(str).tolist()[::-1])
        lengths = rows[measure].astype(float).tolist()[::-1]
        positions = np.arange(len(labels))
        colours = [COLOR if v > 0 else "#8c8c8c" for v in lengths]
        ax.barh(positions, lengths, color=colours)
        ax.set_yticks(positions, labels)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(shorten(f"{measure} (positive: key in {target}; negative: key in {reference})", 2 * MAX_TITLE_CHARS))
        ax.set_title(shorten(title or f"Keyness: {target} vs {reference}", MAX_TITLE_CHARS), loc="left")
        from matplotlib.patches import Patch

        # outside the axes, to the right of the plotting area, so it can never cover a bar
        # (inside, "lower right" hid the longest reference bars); savefig's tight bounding box keeps it
        ax.legend(handles=[Patch(color=COLOR, label=target), Patch(color="#8c8c8c", label=reference)],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
        if not labels:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
    plt.close(fig)
    return fig


def rate_ratio_rows_drawn(table: pd.DataFrame, *, n: int = 40) -> pd.DataFrame:
    """The rows a rate-ratio forest plot draws (at most ``n``, in table order), with their ``label``.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"term": ["war"], "group_a": ["A"], "group_b": ["B"], "rate_ratio": [2.0],
        ...                   "ci_low": [1.0], "ci_high": [4.0]})
        >>> rate_ratio_rows_drawn(t)["label"].tolist()
        ['war: A vs B']
    """
    rows = table.head(n).copy()
    rows["label"] = [f"{t}: {a} vs {b}" for t, a, b in zip(rows["term"], rows["group_a"], rows["group_b"])]
    return rows.reset_index(drop=True)


def rate_ratio_plot(table: pd.DataFrame, *, n: int = 40, title: str = "Rate ratios (exact 95% intervals)") -> Figure:
    """Forest plot of rate ratios on a log scale: a dot per row, its interval as a whisker, a line at 1.

    Rows keep the table order (first on top), labelled ``term: group_a vs group_b``.
    A zero ratio or lower limit, or an infinite one, is drawn at the edge of the
    axis with an arrow (``<`` or ``>``) pointing off the scale; an undefined
    ratio (the term in neither group) draws only its label and "undefined".

    Args:
        table: A table from :func:`analysis.compare.rates.rate_ratios` (or :func:`rate_ratio_rows_drawn`).
        n: Largest number of rows drawn.
        title: Figure title.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"term": ["war", "peace", "talks"], "group_a": ["A"] * 3, "group_b": ["B"] * 3,
        ...                   "rate_ratio": [2.0, 0.0, float("inf")], "ci_low": [1.0, 0.0, 3.0],
        ...                   "ci_high": [4.0, 0.5, float("inf")]})
        >>> fig = rate_ratio_plot(t)
        >>> fig.axes[0].get_xscale(), [x.get_text() for x in fig.axes[0].get_yticklabels()][::-1]
        ('log', ['war: A vs B', 'peace: A vs B', 'talks: A vs B'])
    """
    rows = rate_ratio_rows_drawn(table, n=n)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=_figsize(7.5, max(2.0, 0.35 * len(rows) + 1.2)))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        if rows.empty:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            plt.close(fig)
            return fig
        values = np.concatenate([rows[c].to_numpy(dtype=float) for c in ("rate_ratio", "ci_low", "ci_high")])
        finite = values[np.isfinite(values) & (values > 0)]
        low_edge = min(0.5, float(finite.min()) / 2) if finite.size else 0.1
        high_edge = max(2.0, float(finite.max()) * 2) if finite.size else 10.0
        ax.set_xscale("log")
        ax.set_xlim(low_edge, high_edge)
        ax.axvline(1.0, color="#999999", linewidth=0.8, zorder=0)

        def place(value: float) -> float:
            return low_edge if value <= 0 else high_edge if np.isinf(value) else value

        count = len(rows)
        for i, row in enumerate(rows.itertuples(index=False)):
            y = count - 1 - i
            ratio, low, high = float(row.rate_ratio), float(row.ci_low), float(row.ci_high)
            if np.isnan(ratio):
                ax.text(np.sqrt(low_edge * high_edge), y, "undefined", ha="center", va="center", fontsize=8,
                        color="#777777")
                continue
            ax.plot([place(low), place(high)], [y, y], color=COLOR, linewidth=1.6, solid_capstyle="butt")
            if low <= 0:
                ax.plot([low_edge], [y], marker="<", color=COLOR, markersize=6, linestyle="none", clip_on=False)
            if np.isinf(high):
                ax.plot([high_edge], [y], marker=">", color=COLOR, markersize=6, linestyle="none", clip_on=False)
            if 0 < ratio < np.inf:
                ax.plot([ratio], [y], marker="o", color=COLOR, markersize=5, linestyle="none")
        ax.set_yticks(np.arange(count), _labels(rows["label"].tolist()[::-1]))
        ax.set_ylim(-0.5, count - 0.5)
        ax.set_xlabel("rate ratio, group A / group B (log scale)")
        fig.tight_layout()
    plt.close(fig)
    return fig


def tone_by_group_plot(table: pd.DataFrame, *, title: str = "Tone by group (bootstrap intervals)") -> Figure:
    """:func:`group_comparison_plot` of :func:`analysis.compare.groups.tone_by_group`, on VADER's full scales.

    The mean compound is drawn from -1 to +1 (a negative mean stays visible), the shares from 0 to 1.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"group": ["A", "A"], "measure": ["compound:mean", "share:negative"],
        ...                   "value": [-0.3, 0.6], "ci_low": [-0.5, 0.4], "ci_high": [-0.1, 0.8]})
        >>> [tuple(round(float(x), 2) for x in ax.get_xlim()) for ax in tone_by_group_plot(t).axes]
        [(-1.02, 1.02), (-0.02, 1.02)]
    """
    fig = group_comparison_plot(table, title=title)
    for ax in fig.axes:
        if ax.get_xlabel() == MEASURE_AXIS_LABELS["compound"]:
            ax.set_xlim(-1.02, 1.02)
            ax.axvline(0.0, color="#999999", linewidth=0.8, zorder=0)
        elif ax.get_xlabel() == MEASURE_AXIS_LABELS["share"]:
            ax.set_xlim(-0.02, 1.02)
    return fig


#: Line colours of the groups in time plots (cycled; fixed so reruns draw the same figure).
GROUP_COLORS: tuple[str, ...] = ("#3b6ea5", "#c8553d", "#2a9d8f", "#8e6c8a", "#e9a03b", "#5c6b73")


def volume_over_time_plot(table: pd.DataFrame, *, time_unit: str, moving_average_days: int = 0,
                          title: str = "Documents over time") -> Figure:
    """Documents per time bucket, one line per group; the moving average below, when asked for.

    Args:
        table: A table from :func:`analysis.corpus.time.volume_over_time`
            (``group``, ``time_bucket``, ``bucket_start``, ``n_documents``, ``moving_average``).
        time_unit: The bucket (``day``, ``week``, ``month``, ``year``), for the axis label.
        moving_average_days: The window of ``moving_average``; 0 draws no second panel.
        title: Figure title.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"group": ["a", "a", "b", "b"], "time_bucket": ["2022-01", "2022-02"] * 2,
        ...                   "bucket_start": ["2022-01-01", "2022-02-01"] * 2, "n_documents": [1, 2, 0, 3],
        ...                   "moving_average": [0.1, 0.2, 0.0, 0.3]})
        >>> fig = volume_over_time_plot(t, time_unit="month", moving_average_days=30)
        >>> len(fig.axes), fig.axes[0].get_ylabel(), [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
        (2, 'documents per month', ['a', 'b'])
    """
    with plt.rc_context(STYLE):
        panels = 2 if moving_average_days > 0 else 1
        fig, axes = plt.subplots(panels, 1, figsize=_figsize(8.0, 3.2 * panels), sharex=True, squeeze=False)
        buckets = sorted(set(table["time_bucket"].astype(str))) if len(table) else []
        x = {b: i for i, b in enumerate(buckets)}
        groups = sorted(set(table["group"].astype(str))) if len(table) else []
        for i, group in enumerate(groups):
            part = table[table["group"].astype(str) == group]
            xs = [x[b] for b in part["time_bucket"].astype(str)]
            color = GROUP_COLORS[i % len(GROUP_COLORS)]
            axes[0][0].plot(xs, part["n_documents"].astype(float), marker="o", markersize=3, color=color,
                            label=shorten(group))
            if panels == 2:
                axes[1][0].plot(xs, part["moving_average"].astype(float), color=color, label=shorten(group))
        axes[0][0].set_ylabel(f"documents per {time_unit}")
        axes[0][0].yaxis.set_major_locator(MaxNLocator(integer=True))
        axes[0][0].set_ylim(bottom=0)
        axes[0][0].set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        if groups:
            axes[0][0].legend(loc="upper left", fontsize=8, frameon=False)
        else:
            axes[0][0].text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=axes[0][0].transAxes)
        if panels == 2:
            axes[1][0].set_ylabel(f"per day, {moving_average_days}-day mean")
        bottom = axes[-1][0]
        step = max(1, len(buckets) // 12)
        bottom.set_xticks(list(range(0, len(buckets), step)), _labels(buckets[::step]), rotation=45, ha="right")
        bottom.set_xlabel(f"{time_unit} (publication date)")
        fig.tight_layout()
    plt.close(fig)
    return fig
