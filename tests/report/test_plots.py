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


# --------------------------------------------------------------------------- honest figures (issue 18)
def _renderer(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _comparison(groups, values=None, measure="frame:conflict"):
    values = values or [0.30 + 0.01 * i for i in range(len(groups))]
    return pd.DataFrame({"group": groups, "measure": measure, "value": values,
                         "ci_low": [v - 0.02 for v in values], "ci_high": [v + 0.02 for v in values]})


def test_seven_and_twenty_groups_get_distinct_colours_and_twenty_one_are_refused_in_words():
    import matplotlib.colors as mcolors

    for n in (7, 20):
        fig = plots.group_comparison_plot(_comparison([f"outlet {i}" for i in range(n)]))
        drawn = [mcolors.to_hex(line.get_color()) for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
        assert len(drawn) == n and len(set(drawn)) == n  # one dot per group, no colour twice
    fig = plots.group_comparison_plot(_comparison([f"outlet {i}" for i in range(21)]))
    assert fig.axes[0].get_lines() == []
    assert _texts(fig)[0] == ("21 groups: more than 20 cannot be told apart by colour: draw a subset of groups "
                              "(target_group, or fewer group_by values); every value is in tables/group_comparison.csv")
    assert len(set(plots.GROUP_COLORS)) == 20


def test_frame_shares_are_drawn_on_an_axis_that_fits_them_not_on_0_to_1():
    fig = plots.group_comparison_plot(_comparison(["A", "B"], values=[0.31, 0.40]))
    low, high = fig.axes[0].get_xlim()
    assert 0.27 < low < 0.29 and 0.42 < high < 0.44  # 0.29-0.42 with an 8 % margin; a 0.09 gap is a third of it
    wide = plots.group_comparison_plot(_comparison(["A", "B"], values=[0.01, 0.99]))
    low, high = wide.axes[0].get_xlim()
    assert low >= -0.03 and high <= 1.03  # never beyond the 0-1 range a share can take


def test_tone_value_labels_never_run_over_the_actor_names():
    """Long actor names and strongly negative means: each label stays inside the plot, clear of every name."""
    table = pd.DataFrame({"actor": ["Volodymyr Zelenskiy", "Ministry of Foreign Affairs of Russia", "NATO", "EU"],
                          "mean": [-0.93, -0.61, 0.0, float("nan")]})
    fig = plots.bar_chart(table, label="actor", value="mean", title="tone", mark_values=True)
    renderer = _renderer(fig)
    ax = fig.axes[0]
    area = ax.get_window_extent(renderer)
    names = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    labels = [t.get_window_extent(renderer) for t in ax.texts]
    assert [t.get_text() for t in ax.texts] == ["no data", "0", "-0.61", "-0.93"]
    for label in labels:
        assert area.x0 <= label.x0 and label.x1 <= area.x1, (label, area)
        assert not any(label.overlaps(name) for name in names)


def test_the_check_would_catch_a_label_over_the_names():
    """Without the widening, the label of the most negative bar runs left of the axis, over the names."""
    table = pd.DataFrame({"actor": ["Volodymyr Zelenskiy", "NATO"], "mean": [-0.93, 0.2]})
    fig = plots.bar_chart(table, label="actor", value="mean", title="tone", mark_values=True)
    ax = fig.axes[0]
    ax.set_xlim(-0.93, 0.2)  # the axis matplotlib chose before the widening: the bar reaches the left edge
    renderer = _renderer(fig)
    label = next(t for t in ax.texts if t.get_text() == "-0.93").get_window_extent(renderer)
    assert label.x0 < ax.get_window_extent(renderer).x0


def _rate_table(n_terms: int, n_pairs: int) -> pd.DataFrame:
    rows = []
    for t in range(n_terms):
        for p in range(n_pairs):
            rows.append({"term": f"term{t}", "group_a": f"A{p}", "group_b": "B", "rate_ratio": 2.0,
                         "ci_low": 1.0, "ci_high": 4.0, "p_value": 0.5 if t < 2 else 0.001 * (p + 1)})
    return pd.DataFrame(rows)


def test_the_forest_plot_says_how_many_rows_it_draws_which_and_where_the_rest_are():
    table = _rate_table(4, 21)  # 84 comparisons, as in the issue; terms 2 and 3 hold the small p-values
    drawn = plots.rate_ratio_rows_drawn(table, n=40)
    assert len(drawn) == 40 and set(drawn["term"]) == {"term2", "term3"}  # table order would keep term0, term1
    assert drawn["label"].tolist()[:2] == ["term2: A0 vs B", "term2: A1 vs B"]  # still in table order
    fig = plots.rate_ratio_plot(table, n=40)
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "Showing 40 of 84 comparisons: the 40 with the smallest p-value (ties in table order), drawn in table "
        "order. All 84: tables/rate_ratios.csv"]
    assert len(fig.axes[0].get_yticklabels()) == 40
    every = plots.rate_ratio_plot(table.head(10), n=40)
    assert list(every.axes[0].texts) == []  # nothing left out, nothing said


def test_the_keyness_plot_names_its_selection_and_its_table():
    table = pd.DataFrame({"term": [f"t{i}" for i in range(10)], "g2": [9, 8, 7, 6, 5, -1, -2, -3, -4, float("nan")],
                          "target": "A", "reference": "B"})
    fig = plots.keyness_plot(table, n=2)
    assert "Showing 4 of 9 terms: at most 2 with the highest and 2 with the lowest g2. All 9: tables/keyness.csv" in _texts(fig)
    assert not any(t.startswith("Showing") for t in _texts(plots.keyness_plot(table, n=20)))


def test_a_selection_note_sits_between_the_title_and_the_plot():
    fig = plots.heatmap(pd.DataFrame({"x": [1, 2]}, index=["a", "b"]), title="Frames",
                        note=plots.selection_note(2, 200, "documents", "the first 10 of each outlet", "frames"))
    renderer = _renderer(fig)
    ax = fig.axes[0]
    note = ax.texts[-1]
    assert note.get_text() == "Showing 2 of 200 documents: the first 10 of each outlet. All 200: tables/frames.csv"
    box, title, area = note.get_window_extent(renderer), ax.title.get_window_extent(renderer), ax.get_window_extent(renderer)
    assert area.y1 <= box.y0 and box.y1 <= title.y0 + 1
