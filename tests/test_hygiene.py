"""Code hygiene that make test enforces: ruff and mypy pass, with the project's configuration."""

from __future__ import annotations

import subprocess
import sys

from analysis import config


def test_ruff_finds_nothing():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "analysis", "tests", "benchmarks"],
        cwd=config.PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, f"ruff check failed; fix these or run 'ruff check --fix':\n{done.stdout}{done.stderr}"


def test_ruff_would_catch_an_unused_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(config.PROJECT_ROOT / "pyproject.toml"),
         str(bad)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1 and "F401" in done.stdout


def test_mypy_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=config.PROJECT_ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"mypy failed (configuration: [tool.mypy] in pyproject.toml):\n{done.stdout}{done.stderr}"


def test_mypy_would_catch_a_wrong_argument_type(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def half(x: int) -> int:\n    return x // 2\n\n\nhalf('four')\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config.PROJECT_ROOT / "pyproject.toml"), str(bad)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 1 and "arg-type" in done.stdout
