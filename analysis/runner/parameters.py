"""Read notebook parameters cells and user parameter files.

Each notebook has exactly one code cell tagged ``parameters`` that holds only
``name: type = literal`` assignments, generated from the settings registry
(:mod:`analysis.runner.settings`, which also validates user values: an unknown
name or a value of the wrong type is an error, where papermill only warns).
This module reads those cells without running code.

Examples:
    >>> defaults = notebook_parameters(config.NOTEBOOKS_DIR / "01_corpus.ipynb")
    >>> defaults["corpus_path"], defaults["clean"]
    ('data/raw', True)
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import nbformat
import yaml

from analysis import config  # noqa: F401 - the doctests use it
from analysis.exceptions import ParameterError, shown_text
from analysis.yaml_files import AnchorError, DuplicateKeyError, NestingError, load_yaml

PARAMETERS_TAG = "parameters"


def parameters_cell(nb: nbformat.NotebookNode, *, name: str = "notebook") -> tuple[int, nbformat.NotebookNode]:
    """Return the index and cell of the single cell tagged ``parameters``.

    Raises:
        ParameterError: There is no such cell, or more than one.
    """
    found = [
        (i, c) for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])
    ]
    if len(found) != 1:
        raise ParameterError(f"{name}: expected exactly one cell tagged 'parameters', found {len(found)}")
    return found[0]


def literal_assignments(source: str, *, name: str = "parameters cell") -> dict[str, Any]:
    """Parse ``name = literal`` lines; anything else is an error.

    Examples:
        >>> literal_assignments("top_n = 25  # how many\\nngram_range: list[int] = [2, 3]")
        {'top_n': 25, 'ngram_range': [2, 3]}
        >>> literal_assignments("x = len('a')")
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: parameters cell, line 1: 'x' must be a plain literal
    """
    values: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            key = node.target.id  # name: type = literal (the type is for papermill --help-notebook)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            key = node.targets[0].id
        else:
            raise ParameterError(f"{name}, line {node.lineno}: only 'name = literal' assignments are allowed")
        try:
            values[key] = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(f"{name}, line {node.lineno}: {key!r} must be a plain literal") from None
    return values


def notebook_parameters(path: str | Path) -> dict[str, Any]:
    """Read the default parameters of a notebook.

    Examples:
        >>> sorted(notebook_parameters(config.NOTEBOOKS_DIR / "02_frequencies.ipynb"))[:3]
        ['boilerplate_rules', 'clean', 'corpus_path']
    """
    nb = nbformat.read(str(path), as_version=4)
    _, cell = parameters_cell(nb, name=Path(path).name)
    return literal_assignments(cell.source, name=f"{Path(path).name}, parameters cell")


def parse_cli_value(text: str, name: str | None = None) -> Any:
    """Parse a ``-p NAME VALUE`` value as YAML, so lists and booleans work.

    Text that is not YAML (a glob such as ``*ing``) is taken as the string it is.

    Examples:
        >>> parse_cli_value("[2, 3]"), parse_cli_value("false"), parse_cli_value("reports/x"), parse_cli_value("*ing")
        ([2, 3], False, 'reports/x', '*ing')
        >>> parse_cli_value("[&a [x], [*a, *a]]", "kwic_terms")
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: parameter 'kwic_terms': YAML anchors and aliases are not accepted (&a on line 1); write the values out in full: '[&a [x], [*a, *a]]'
    """
    where = f"parameter {name!r}" if name else "the value"
    try:
        return load_yaml(text)
    except DuplicateKeyError as err:
        raise ParameterError(f"{where} gives the key {err.key!r} twice; keep one: {shown_text(text)}") from None
    except (AnchorError, NestingError) as err:
        raise ParameterError(f"{where}: {err}: {shown_text(text)}") from None
    except yaml.YAMLError:
        return text


def read_params_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping of parameters.

    Raises:
        ParameterError: The file is missing, not valid YAML (anchors are refused) or not a mapping.
    """
    file = Path(path)
    if not file.is_file():
        raise ParameterError(f"{file}: parameters file not found")
    try:
        data = load_yaml(file.read_text(encoding="utf-8"))
    except DuplicateKeyError as err:
        raise ParameterError(f"{file}: parameter {err.key!r} is given twice (line {err.line}); keep one") from None
    except (AnchorError, NestingError) as err:
        raise ParameterError(f"{file}: {err}") from None
    except yaml.YAMLError as err:
        raise ParameterError(f"{file}: not valid YAML ({err})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{file}: expected a mapping of parameter names to values")
    return {str(k): v for k, v in data.items()}
