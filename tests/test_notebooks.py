"""Notebook hygiene: committed clean, one literal parameters cell, thin code."""

from __future__ import annotations

import ast

import nbformat
import pytest

from analysis import config
from analysis.runner.parameters import PARAMETERS_TAG, literal_assignments

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_every_notebook_is_in_the_report_and_exists():
    assert sorted(config.REPORT_NOTEBOOKS) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exactly_one_literal_parameters_cell_before_any_other_code(path):
    nb = nbformat.read(str(path), as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert tagged[0] == first_code
    assert literal_assignments(nb.cells[tagged[0]].source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_stay_thin(path):
    """Logic lives in analysis/: notebooks define no functions or classes and import only the package."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)), path.name
            if isinstance(node, ast.ImportFrom):
                assert node.module.split(".")[0] == "analysis", node.module
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] == "analysis" for a in node.names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_project_kernel_and_markdown_narrative(path):
    nb = nbformat.read(str(path), as_version=4)
    assert nb.metadata["kernelspec"]["name"] == config.KERNEL_NAME
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) >= 4 and nb.cells[0].cell_type == "markdown"
