"""Notebook parameter cells and parameter validation."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.exceptions import ParameterError
from analysis.runner.parameters import (
    literal_assignments,
    notebook_parameters,
    parse_cli_value,
    read_params_file,
)
from analysis.runner.settings import resolve_settings

DEFAULTS = {name: notebook_parameters(config.NOTEBOOKS_DIR / name) for name in config.REPORT_NOTEBOOKS}


def test_every_notebook_has_plain_literal_parameters_with_the_shared_names():
    for name, params in DEFAULTS.items():
        assert {"corpus_path", "clean"} <= set(params), name
        if name != "00_explore.ipynb":  # the explorer writes no tables
            assert {"lowercase", "stem", "out_dir"} <= set(params), name
    assert DEFAULTS["00_explore.ipynb"]["report_mode"] is False
    assert DEFAULTS["02_frequencies.ipynb"]["top_n"] == 20  # the registry's one default for every notebook
    assert DEFAULTS["02_frequencies.ipynb"]["ngram_range"] == [2, 3]


@pytest.mark.parametrize(
    "given",
    [{"top_n": 10}, {"clean": False}, {"ngram_range": [1, 4]}, {"stopwords_path": "my/stop.txt"}, {"group_by": "outlet"}],
)
def test_valid_parameters_pass(given):
    resolve_settings(given)


@pytest.mark.parametrize(
    "given, message",
    [
        ({"topn": 10}, "unknown parameter 'topn'"),
        ({"top_n": "10"}, "'top_n' must be a int"),
        ({"top_n": True}, "'top_n' must be a int"),
        ({"clean": "no"}, "'clean' must be a bool"),
        ({"ngram_range": "2,3"}, "'ngram_range' must be a list"),
    ],
)
def test_invalid_parameters_fail(given, message):
    with pytest.raises(ParameterError, match=message):
        resolve_settings(given)


def test_literal_assignments_reject_code():
    with pytest.raises(ParameterError, match="only 'name = literal'"):
        literal_assignments("import os")
    with pytest.raises(ParameterError, match="plain literal"):
        literal_assignments("x = os.getcwd()")


def test_cli_values_and_params_file(tmp_path):
    assert parse_cli_value("25") == 25 and parse_cli_value("[2, 4]") == [2, 4] and parse_cli_value("no") is False
    f = tmp_path / "p.yaml"
    f.write_text("top_n: 5\nngram_range: [2, 2]\n")
    assert read_params_file(f) == {"top_n": 5, "ngram_range": [2, 2]}
    f.write_text("- a list\n")
    with pytest.raises(ParameterError, match="mapping"):
        read_params_file(f)
    with pytest.raises(ParameterError, match="not found"):
        read_params_file(tmp_path / "none.yaml")
