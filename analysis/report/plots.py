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
    note: str | None = None,
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
            a real 0 (an empty-looking bar) and no data read differently (tone figures). The axis widens
            until every value label lies inside the plotting area, clear of the bar labels on its left.
        note: A line under the title saying which rows are shown when the table has more
            (:func:`selection_note`).

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
        marks = []
        if mark_values:
            for y, v in zip(positions, values):
                missing = not math.isfinite(v)
                marks.append(ax.annotate("no data" if missing else f"{v:+.2f}" if v else "0", (0.0 if missing else v, y),
                            xytext=(4 if missing or v >= 0 else -4, 0), textcoords="offset points", va="center",
                            ha="left" if missing or v >= 0 else "right", fontsize=8,
                            color="#777777" if missing else "#222222", style="italic" if missing else "normal"))
        if all(float(v).is_integer() for v in values):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(shorten(xlabel or value, MAX_TITLE_CHARS))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        _note(ax, note)
        if not labels:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
        if marks:
            _widen_to_hold(fig, ax, marks)
    plt.close(fig)
    return fig


def _widen_to_hold(fig: Figure, ax, texts: list, *, rounds: int = 6) -> None:
    """Widen the x axis until every text in ``texts`` (value labels) lies inside the plotting area.

    A label beyond the left edge would run over the bar labels (an actor's name), one beyond the right
    edge out of the figure. Labels are offset in points, so each widening moves them in data units:
    repeat until they fit.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = (fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)).get_renderer()
    for _ in range(rounds):
        box = ax.get_window_extent(renderer)
        to_data = ax.transData.inverted()
        low, high = ax.get_xlim()
        new_low, new_high = low, high
        pad = 3.0  # pixels between a label and the edge
        for text in texts:
            extent = text.get_window_extent(renderer)
            if extent.x0 < box.x0 + pad:
                new_low = min(new_low, low - (to_data.transform((box.x0 + pad, 0))[0]
                                              - to_data.transform((extent.x0, 0))[0]))
            if extent.x1 > box.x1 - pad:
                new_high = max(new_high, high + (to_data.transform((extent.x1, 0))[0]
                                                 - to_data.transform((box.x1 - pad, 0))[0]))
        if (new_low, new_high) == (low, high):
            return
        ax.set_xlim(new_low, new_high)
        fig.tight_layout()


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
    note: str | None = None,
) -> Figure:
    """Heatmap of a numeric table (rows by columns), each cell labelled with its value.

    Args:
        matrix: Numeric table; its index labels the rows, its columns the columns.
        title: Figure title.
        xlabel: Column axis label.
        ylabel: Row axis label.
        value_format: Format of the cell labels.
        cmap: Matplotlib colour map.
        note: A line under the title saying which rows are shown when the table has more
            (:func:`selection_note`).

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
        _note(ax, note)
        fig.tight_layout()
    plt.close(fig)
    return fig


def _categorical_palette() -> tuple[str, ...]:
    """matplotlib's ``tab20`` (Tableau's 20 colours): its ten strong colours first, then their ten light ones."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    colors = list(colormaps["tab20"].colors)
    return tuple(to_hex(c) for c in colors[0::2] + colors[1::2])


#: Colours of the groups of a comparison or a time plot, in group order: 20 distinct colours, none repeated.
#: A figure with more groups says it cannot tell them apart (:func:`group_colors`).
GROUP_COLORS: tuple[str, ...] = _categorical_palette()


class TooManyGroups(ValueError):
    """More groups than :data:`GROUP_COLORS` can tell apart."""


def group_colors(groups: list[str]) -> dict[str, str]:
    """A distinct colour for each group, in order.

    Raises:
        TooManyGroups: More than ``len(GROUP_COLORS)`` (20) groups; a figure then says so instead of
            repeating colours.

    Examples:
        >>> colors = group_colors([f"g{i}" for i in range(20)])
        >>> len(set(colors.values()))
        20
        >>> group_colors([f"g{i}" for i in range(21)])
        Traceback (most recent call last):
        ...
        analysis.report.plots.TooManyGroups: 21 groups: more than 20 cannot be told apart by colour
    """
    if len(groups) > len(GROUP_COLORS):
        raise TooManyGroups(f"{len(groups)} groups: more than {len(GROUP_COLORS)} cannot be told apart by colour")
    return {g: GROUP_COLORS[i] for i, g in enumerate(groups)}


def _cannot_draw(message: str, title: str, table_name: str | None = None) -> Figure:
    """A small figure that says in words why nothing is drawn (and where the values are)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=_figsize(7.0, 2.0))
        where = f"; every value is in tables/{table_name}.csv" if table_name else ""
        ax.text(0.5, 0.5, shorten(message + where, 2 * MAX_TITLE_CHARS), ha="center", va="center",
                transform=ax.transAxes, wrap=True)
        ax.set_axis_off()
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
    plt.close(fig)
    return fig


def selection_note(shown: int, total: int, what: str, rule: str, table_name: str | None = None) -> str | None:
    """The line a figure carries when it draws fewer rows than its table: how many, chosen how, and where the rest are.

    None when every row is drawn.

    Examples:
        >>> selection_note(40, 84, "comparisons", "the 40 with the smallest p-value", "rate_ratios")
        'Showing 40 of 84 comparisons: the 40 with the smallest p-value. All 84: tables/rate_ratios.csv'
        >>> selection_note(3, 3, "terms", "all") is None
        True
    """
    if shown >= total:
        return None
    where = f". All {total}: tables/{table_name}.csv" if table_name else ""
    return f"Showing {shown} of {total} {what}: {rule}{where}"


def _note(ax, note: str | None) -> None:
    """Write a figure's selection note just above its plotting area, under the title."""
    if not note:
        return
    ax.annotate(shorten(note, 2 * MAX_TITLE_CHARS), xy=(0.0, 1.0), xycoords="axes fraction", xytext=(0, 4),
                textcoords="offset points", ha="left", va="bottom", fontsize=8, color="#555555")
    ax.set_title(ax.get_title(loc="left"), loc="left", pad=18)


def _fit_axis(ax, values, *, include: tuple[float, ...] = (), bounds: tuple[float, float] | None = None,
              margin: float = 0.08, min_span: float = 0.02) -> None:
    """Set the x axis to the range of the finite ``values`` (and ``include``), with a margin, within ``bounds``.

    Examples:
        >>> fig, ax = plt.subplots()
        >>> _fit_axis(ax, [0.31, 0.42, float("nan")], bounds=(0.0, 1.0))
        >>> [round(float(x), 4) for x in ax.get_xlim()]
        [0.3012, 0.4288]
        >>> plt.close(fig)
    """
    finite = [float(v) for v in values if v is not None and np.isfinite(float(v))] + [float(v) for v in include]
    if not finite:
        return
    low, high = min(finite), max(finite)
    span = max(high - low, min_span)
    low, high = low - margin * span, high + margin * span
    if bounds is not None:  # a little beyond a bound, so that a dot on it is not cut by the spine
        low, high = max(low, bounds[0] - 0.025 * span), min(high, bounds[1] + 0.025 * span)
    ax.set_xlim(low, high)
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
    table_name: str | None = "group_comparison",
) -> Figure:
    """Dot-and-whisker plot of a comparison table: value and interval per group and measure.

    One panel per kind of measure (``term``, ``frame``, ``stance``: each on
    its own scale), one row per measure (first on top), one dot per group
    with a horizontal whisker from ``ci_low`` to ``ci_high``. Groups keep
    their order in the table and their colour (:data:`GROUP_COLORS`, 20
    distinct colours; with more groups the figure says it cannot draw them),
    and every group is in the legend, also one without any defined value. A
    NaN value draws nothing. Shares (frames, stances) are drawn on an axis
    that fits their values, not on a fixed 0-1 axis, so small differences
    can be read.

    Args:
        table: A table from :func:`analysis.compare.groups.group_comparison`.
        measures: The measures to show, in order; default all, in table order.
        title: Figure title.
        table_name: The table (in ``tables/``) the figure names when it cannot draw every group.

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
        try:
            colors = group_colors(groups)
        except TooManyGroups as too_many:
            return _cannot_draw(f"{too_many}: draw a subset of groups (target_group, or fewer group_by values)",
                                title, table_name)
        sizes = [sum(1 for m in chosen if m.split(":", 1)[0] == kind) for kind in kinds]
        height = sum(0.35 * max(1, n) * max(1.0, 0.5 * len(groups)) + 0.9 for n in sizes) + 0.6
        fig, axes = plt.subplots(nrows=len(kinds), figsize=_figsize(7.5, height), squeeze=False,
                                 gridspec_kw={"height_ratios": [max(1, n) for n in sizes]})
        spread = min(0.6, 0.2 * (len(groups) - 1))
        offsets = np.linspace(spread / 2, -spread / 2, len(groups))
        group_column = table["group"].astype(str)
        for ax, kind in zip(axes[:, 0], kinds):
            rows = [m for m in chosen if m.split(":", 1)[0] == kind]
            drawn = table[measure_column.isin(rows)]
            extent = [*drawn["value"], *drawn["ci_low"], *drawn["ci_high"]]
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
            if kind in ("frame", "stance", "share"):  # shares: the axis fits the values, within 0-1
                _fit_axis(ax, extent, bounds=(0.0, 1.0))
            elif kind == "compound":  # VADER's mean compound: fitted, with 0 always in view
                _fit_axis(ax, extent, include=(0.0,), bounds=(-1.0, 1.0))
                ax.axvline(0.0, color="#999999", linewidth=0.8, zorder=0)
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


def keyness_plot(table: pd.DataFrame, *, n: int = 20, measure: str = "g2", title: str | None = None,
                 table_name: str | None = "keyness") -> Figure:
    """Keyness bar chart in the manner of quanteda's ``textplot_keyness``.

    The ``n`` most key terms of the target (positive ``measure``) are drawn
    in one colour and the ``n`` most key terms of the reference (negative) in
    another, largest on top, so both sides of the comparison are visible.

    Args:
        table: A keyness table with ``term``, ``target``, ``reference`` and ``measure``.
        n: Terms per side.
        measure: The column to rank and draw (``g2``, ``log_ratio`` ...).
        title: Figure title; defaults to "target vs reference".
        table_name: The table in ``tables/`` that holds every term (named on the figure when terms are left out).

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
        scored = int(np.isfinite(table[measure].astype(float)).sum()) if len(table) else 0
        _note(ax, selection_note(len(rows), scored, "terms", f"at most {n} with the highest and {n} with the lowest {measure}",
                                 table_name))
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


#: How a rate-ratio forest plot chooses its rows when the table has more than it draws (said on the figure).
RATE_RATIO_RULE = "the {n} with the smallest p-value (ties in table order), drawn in table order"


def rate_ratio_rows_drawn(table: pd.DataFrame, *, n: int = 40) -> pd.DataFrame:
    """The rows a rate-ratio forest plot draws, with their ``label``: every row, or the ``n`` with the smallest p-value.

    With more than ``n`` rows, the table order (terms, then pairs) would keep only the first terms and
    drop the rest, however strong; the smallest p-values keep the clearest differences of every term
    (:data:`RATE_RATIO_RULE`). A missing p-value counts as 1. The rows stay in table order.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"term": ["war", "peace", "talks"], "group_a": ["A"] * 3, "group_b": ["B"] * 3,
        ...                   "rate_ratio": [1.1, 2.0, 9.0], "ci_low": [0.5, 1.0, 3.0], "ci_high": [2.0, 4.0, 30.0],
        ...                   "p_value": [0.8, 0.04, 0.001]})
        >>> rate_ratio_rows_drawn(t)["label"].tolist()
        ['war: A vs B', 'peace: A vs B', 'talks: A vs B']
        >>> rate_ratio_rows_drawn(t, n=2)["label"].tolist()
        ['peace: A vs B', 'talks: A vs B']
    """
    rows = table
    if len(table) > n:
        p = table["p_value"].astype(float).fillna(1.0) if "p_value" in table.columns else pd.Series(
            np.ones(len(table)), index=table.index)
        order = np.argsort(p.to_numpy(), kind="stable")[:n]
        rows = table.iloc[np.sort(order)]
    rows = rows.copy()
    rows["label"] = [f"{t}: {a} vs {b}" for t, a, b in zip(rows["term"], rows["group_a"], rows["group_b"])]
    return rows.reset_index(drop=True)


def rate_ratio_plot(table: pd.DataFrame, *, n: int = 40, title: str = "Rate ratios (exact 95% intervals)",
                    table_name: str | None = "rate_ratios") -> Figure:
    """Forest plot of rate ratios on a log scale: a dot per row, its interval as a whisker, a line at 1.

    Rows keep the table order (first on top), labelled ``term: group_a vs group_b``. A table of more
    than ``n`` rows draws the ``n`` that :func:`rate_ratio_rows_drawn` chooses, and the figure says so
    under its title: how many of how many, the rule, and the table that holds them all.
    A zero ratio or lower limit, or an infinite one, is drawn at the edge of the
    axis with an arrow (``<`` or ``>``) pointing off the scale; an undefined
    ratio (the term in neither group) draws only its label and "undefined".

    Args:
        table: A table from :func:`analysis.compare.rates.rate_ratios`.
        n: Largest number of rows drawn.
        title: Figure title.
        table_name: The table in ``tables/`` that holds every row (named on the figure when rows are left out).

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"term": ["war", "peace", "talks"], "group_a": ["A"] * 3, "group_b": ["B"] * 3,
        ...                   "rate_ratio": [2.0, 0.0, float("inf")], "ci_low": [1.0, 0.0, 3.0],
        ...                   "ci_high": [4.0, 0.5, float("inf")]})
        >>> fig = rate_ratio_plot(t)
        >>> fig.axes[0].get_xscale(), [x.get_text() for x in fig.axes[0].get_yticklabels()][::-1]
        ('log', ['war: A vs B', 'peace: A vs B', 'talks: A vs B'])
        >>> [x.get_text() for x in rate_ratio_plot(t, n=2).axes[0].texts]
        ['Showing 2 of 3 comparisons: the 2 with the smallest p-value (ties in table order), drawn in table order. All 3: tables/rate_ratios.csv']
    """
    rows = rate_ratio_rows_drawn(table, n=n)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=_figsize(7.5, max(2.0, 0.35 * len(rows) + 1.2)))
        ax.set_title(shorten(title, MAX_TITLE_CHARS), loc="left")
        _note(ax, selection_note(len(rows), len(table), "comparisons", RATE_RATIO_RULE.format(n=len(rows)),
                                 table_name))
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
    """:func:`group_comparison_plot` of :func:`analysis.compare.groups.tone_by_group`.

    Each axis fits the values: the mean compound within VADER's -1 to +1 with 0 always in view (so the
    sign reads at a glance), the shares within 0 to 1.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"group": ["A", "A"], "measure": ["compound:mean", "share:negative"],
        ...                   "value": [-0.3, 0.6], "ci_low": [-0.5, 0.4], "ci_high": [-0.1, 0.8]})
        >>> [tuple(round(float(x), 2) for x in ax.get_xlim()) for ax in tone_by_group_plot(t).axes]
        [(-0.54, 0.04), (0.37, 0.83)]
    """
    return group_comparison_plot(table, title=title, table_name="tone_by_group")



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
        try:
            colors = group_colors(groups)
        except TooManyGroups as too_many:
            plt.close(fig)
            return _cannot_draw(f"{too_many}: draw fewer groups (group_by)", title, "volume_over_time")
        for group in groups:
            part = table[table["group"].astype(str) == group]
            xs = [x[b] for b in part["time_bucket"].astype(str)]
            color = colors[group]
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
