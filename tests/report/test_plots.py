"""Tests for analysis.report.plots: figures stay bounded whatever the labels (a 2 MB token crashed notebook 02)."""

from __future__ import annotations

import struct

import matplotlib
import pandas as pd
import pytest

matplotlib.use("agg")

from analysis.report import plots  # noqa: E402
from analysis.outputs import save_figure  # noqa: E402

HUGE = "x" * 2_000_000  # one 2 MB "word" without spaces
CUT = "x" * 59 + "…"  # what is drawn of it


def _png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


FIGURES = {
    "bar_chart": lambda: plots.bar_chart(pd.DataFrame({"term": [HUGE, "nato"], "count": [2, 1]}),
                                         label="term", value="count", title=HUGE, xlabel=HUGE),
    "stacked_bars": lambda: plots.stacked_bars(pd.DataFrame({"doc": [HUGE], HUGE: [10], "b": [2]}), label="doc",
                                               parts=[HUGE, "b"], title=HUGE, xlabel=HUGE),
    "heatmap": lambda: plots.heatmap(pd.DataFrame({HUGE: [1, 2]}, index=[HUGE, "b"]), title=HUGE, xlabel=HUGE,
                                     ylabel=HUGE),
    "dispersion_plot": lambda: plots.dispersion_plot(pd.DataFrame({"term": [HUGE], "position": [3]}),
                                                     terms=[HUGE, "b"], total_tokens=10, title=HUGE),
    "group_comparison_plot": lambda: plots.group_comparison_plot(
        pd.DataFrame({"group": [HUGE, "B"], "measure": ["term:" + HUGE] * 2, "value": [1.0, 2.0],
                      "ci_low": [0.5, 1.0], "ci_high": [1.5, 3.0]}), title=HUGE),
    "keyness_plot": lambda: plots.keyness_plot(
        pd.DataFrame({"term": [HUGE, "b"], "g2": [5.0, -3.0], "target": HUGE, "reference": HUGE})),
    "rank_frequency": lambda: plots.rank_frequency(pd.DataFrame({"rank": [1, 2], "count": [5, 1]}), title=HUGE),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_with_a_2mb_label_is_bounded(name, tmp_path):
    fig = FIGURES[name]()
    texts = _texts(fig)
    assert max(len(t) for t in texts) <= 2 * plots.MAX_TITLE_CHARS
    assert not any(HUGE in t for t in texts)
    width, height = fig.get_size_inches()
    assert width <= plots.MAX_FIGURE_INCHES[0] and height <= plots.MAX_FIGURE_INCHES[1]
    png_width, png_height = _png_size(save_figure(fig, tmp_path / f"{name}.png"))
    assert png_width <= 2500 and png_height <= 5000, (png_width, png_height)


def test_long_tick_labels_end_in_an_ellipsis():
    fig = FIGURES["bar_chart"]()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["nato", CUT]
    assert fig.axes[0].get_title(loc="left") == "x" * 119 + "…"


def test_legend_entries_are_cut():
    fig = FIGURES["group_comparison_plot"]()
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [CUT, "B"]


def test_short_labels_are_unchanged():
    fig = plots.bar_chart(pd.DataFrame({"term": ["x" * 60, "kyiv"], "count": [2, 1]}), label="term", value="count",
                          title="Top terms")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["kyiv", "x" * 60]


def test_many_rows_are_capped_in_height():
    table = pd.DataFrame({"term": [f"t{i}" for i in range(1000)], "count": range(1000)})
    fig = plots.bar_chart(table, label="term", value="count", title="many")
    assert tuple(fig.get_size_inches()) == (7.0, plots.MAX_FIGURE_INCHES[1])
    fig = plots.heatmap(pd.DataFrame(0, index=range(120), columns=range(20)), title="big")
    assert tuple(fig.get_size_inches()) == plots.MAX_FIGURE_INCHES


@pytest.mark.parametrize("text, limit, expected", [
    ("abc", 3, "abc"), ("abcd", 3, "ab…"), ("a\r\nb\tc", 10, "a b c"), (12, 60, "12"),
])
def test_shorten(text, limit, expected):
    assert plots.shorten(text, limit) == expected


def test_rate_ratio_forest_plot_log_scale_edges_and_empty_table():
    import math

    from analysis.report.plots import rate_ratio_plot, rate_ratio_rows_drawn

    table = pd.DataFrame({"term": ["war", "peace", "talks", "none"], "group_a": ["A"] * 4, "group_b": ["B"] * 4,
                          "rate_ratio": [2.0, 0.0, math.inf, math.nan], "ci_low": [1.0, 0.0, 3.0, 0.0],
                          "ci_high": [4.0, 0.5, math.inf, math.inf]})
    fig = rate_ratio_plot(table)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    low, high = ax.get_xlim()
    assert low == pytest.approx(0.25) and high == pytest.approx(8.0)  # half the smallest, twice the largest finite
    markers = [line.get_marker() for line in ax.get_lines()]
    assert markers.count("<") == 1 and markers.count(">") == 1  # the zero and the infinite bound, drawn at the edge
    assert [t.get_text() for t in ax.texts] == ["undefined"]
    assert rate_ratio_rows_drawn(table, n=2)["label"].tolist() == ["war: A vs B", "peace: A vs B"]
    empty = rate_ratio_plot(table.iloc[0:0])
    assert [t.get_text() for t in empty.axes[0].texts] == ["nothing to show"]
