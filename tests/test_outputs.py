"""Atomic, byte-stable writers."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.outputs import save_figure, write_csv, write_figure, write_table, write_text_atomic
from analysis.plots import bar_chart


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
