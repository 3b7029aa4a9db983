"""Shared fixtures: the hand-made fixture corpus, the default article, shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_CORPUS = FIXTURES / "small_corpus"
SHARED_CORPORA = config.PROJECT_ROOT.parent / "shared" / "corpora"
SEED_ID = "000_f23b1accf70ada01"


@pytest.fixture(scope="session")
def small_corpus() -> Path:
    return SMALL_CORPUS


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (config.DATA_RAW_DIR / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    if not (SHARED_CORPORA / "bbc-news-2005").is_dir():
        pytest.skip(f"shared corpora not found at {SHARED_CORPORA}")
    return SHARED_CORPORA


def pytest_collection_modifyitems(config, items):
    """Every test that runs notebooks or drives a browser is also ``slow``: ``make test`` leaves them out."""
    for item in items:
        if item.get_closest_marker("notebooks") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
