"""Atomic, byte-stable writers."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.outputs import save_figure, write_csv, write_figure, write_table, write_text_atomic
from analysis.report.plots import bar_chart


def test_csv_is_byte_stable_with_fixed_conventions(tmp_path):
    frame = pd.DataFrame({"term": ["nato", "kyiv"], "per_10k": [2 / 3, 1.0], "n": [2, 1]})
    first = write_csv(frame, tmp_path / "a.csv").read_bytes()
    second = write_csv(frame.copy(), tmp_path / "b.csv").read_bytes()
    assert first == second == b"term,per_10k,n\nnato,0.666666666667,2\nkyiv,1,1\n"


def test_failed_write_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch):
    target = tmp_path / "t.txt"
    write_text_atomic(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_figures_are_byte_identical_and_come_with_their_data(tmp_path):
    data = pd.DataFrame({"term": ["nato", "kyiv"], "count": [3, 2]})
    a = write_figure(bar_chart(data, label="term", value="count", title="t"), data, tmp_path / "1", "top")
    b = write_figure(bar_chart(data, label="term", value="count", title="t"), data, tmp_path / "2", "top")
    assert a.read_bytes() == b.read_bytes()
    assert a.with_suffix(".csv").read_text() == "term,count\nnato,3\nkyiv,2\n"
    assert b"tIME" not in a.read_bytes()  # no PNG timestamp chunk


def test_relative_report_dirs_are_anchored_at_the_project_root(tmp_path, monkeypatch):
    from analysis import config

    monkeypatch.chdir(tmp_path)
    path = write_table(pd.DataFrame({"a": [1]}), tmp_path / "abs", "x")
    assert path == tmp_path / "abs" / "tables" / "x.csv"
    assert config.resolve_path("reports/x") == config.PROJECT_ROOT / "reports" / "x"


def test_save_figure_png_signature(tmp_path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2])
    assert save_figure(fig, tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plt.close(fig)


# --------------------------------------------------------------------------- #
# csv_safe: spreadsheet formula injection
# --------------------------------------------------------------------------- #
HOSTILE_CELLS = pd.DataFrame({
    "term": ["=1+1", "+49 30", "-", "@SUM(A1:A9)", "\tTAB", "\rCR", "a=b", "safe", None],
    "count": [-5, 2, 3, 4, 5, 6, 7, 8, 9],
    "share": [-0.5, 0.25, 0.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5],
})


def test_csv_safe_prefixes_formula_cells_only(tmp_path):
    text = write_csv(HOSTILE_CELLS, tmp_path / "s.csv", csv_safe=True).read_bytes().decode("utf-8")
    assert text == (
        "term,count,share\n"
        "'=1+1,-5,-0.5\n"
        "'+49 30,2,0.25\n"
        "'-,3,0\n"
        "'@SUM(A1:A9),4,1\n"
        "'\tTAB,5,0.5\n"
        "'\rCR,6,0.5\n"
        "a=b,7,0.5\n"
        "safe,8,0.5\n"
        ",9,0.5\n"
    )


def test_default_csv_keeps_the_data_exactly(tmp_path):
    text = write_csv(HOSTILE_CELLS, tmp_path / "d.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1:3] == ["=1+1,-5,-0.5", "+49 30,2,0.25"]
    assert "'" not in text
    assert write_csv(HOSTILE_CELLS, tmp_path / "e.csv", csv_safe=False).read_bytes() == (tmp_path / "d.csv").read_bytes()


def test_csv_safe_leaves_the_input_frame_and_numbers_alone(tmp_path):
    from analysis.outputs import spreadsheet_safe

    before = HOSTILE_CELLS.copy()
    safe = spreadsheet_safe(HOSTILE_CELLS)
    pd.testing.assert_frame_equal(HOSTILE_CELLS, before)
    assert safe["count"].tolist() == [-5, 2, 3, 4, 5, 6, 7, 8, 9]
    assert safe["count"].dtype == HOSTILE_CELLS["count"].dtype
    assert safe["term"].tolist()[:3] == ["'=1+1", "'+49 30", "'-"] and pd.isna(safe["term"].iloc[-1])
    # a header that came from the data (a pivot of group names) is a cell too
    assert list(spreadsheet_safe(pd.DataFrame({"=cmd": [1], "ok": ["x"]})).columns) == ["'=cmd", "ok"]


def test_write_table_and_write_figure_pass_csv_safe_through(tmp_path):
    import matplotlib

    matplotlib.use("agg")
    data = pd.DataFrame({"t": ["=HYPERLINK(\"x\")", "b"], "n": [1, -2]})
    table = write_table(data, tmp_path, "x", csv_safe=True).read_text(encoding="utf-8")
    assert table == "t,n\n\"'=HYPERLINK(\"\"x\"\")\",1\nb,-2\n"
    png = write_figure(bar_chart(data, label="t", value="n", title="x"), data, tmp_path, "f", csv_safe=True)
    assert png.with_suffix(".csv").read_text(encoding="utf-8") == table
    plain = write_table(data, tmp_path, "y").read_text(encoding="utf-8")
    assert plain == "t,n\n\"=HYPERLINK(\"\"x\"\")\",1\nb,-2\n"
