"""The command line's first-hour answers: --version, where the notebooks live, where the store is."""

from __future__ import annotations

import pytest

from analysis import __main__ as cli
from analysis import __version__, config


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.split() == ["python", "-m", "analysis", __version__]


def test_notebooks_path_prints_the_folder_of_the_report_notebooks(capsys):
    assert cli.main(["notebooks", "path"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == str(config.NOTEBOOKS_DIR)
    assert all((config.NOTEBOOKS_DIR / name).is_file() for name in config.REPORT_NOTEBOOKS)


def test_an_unknown_notebooks_action_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["notebooks", "where"])
    assert stop.value.code == 2 and "invalid choice: 'where'" in capsys.readouterr().err


def _store_help(capsys, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "1000")  # no line breaks inside the path
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    return text[text.index("--store DIR the stage store"):][:200]


def test_report_help_names_the_checkout_store(capsys, monkeypatch):
    assert "(default: data/interim/store)" in _store_help(capsys, monkeypatch)


def test_report_help_names_the_user_cache_when_installed(capsys, monkeypatch, tmp_path):
    cache_store = tmp_path / "cache" / "news-framing" / "store"
    monkeypatch.setattr(config, "STORE_DIR", cache_store)
    shown = _store_help(capsys, monkeypatch)
    assert f"(default: {cache_store.as_posix()})" in shown and "data/interim/store" not in shown
