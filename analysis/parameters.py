"""Read, validate and merge notebook parameters.

Each notebook has exactly one code cell tagged ``parameters`` that holds only
assignments of plain literals. This module reads those defaults without
running code, and checks user-supplied parameters against them: an unknown
name or a value of the wrong type is an error (papermill itself only warns).

Examples:
    >>> defaults = notebook_parameters(config.NOTEBOOKS_DIR / "01_corpus.ipynb")
    >>> defaults["corpus_path"], defaults["clean"]
    ('data/raw', True)
    >>> check_parameters({"clean": "yes"}, {"01_corpus.ipynb": defaults})
    Traceback (most recent call last):
    ...
    analysis.exceptions.ParameterError: parameter 'clean' must be a bool (its default is True), got 'yes' (str)
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Mapping

import nbformat
import yaml

from analysis import config
from analysis.exceptions import ParameterError

PARAMETERS_TAG = "parameters"

#: Parameters that name an input file; the runner checks each exists before any kernel starts.
FILE_PARAMETERS: tuple[str, ...] = (
    "boilerplate_rules", "stopwords_path", "actor_lexicon", "reporting_verbs", "evaluative_modifiers",
    "frame_dictionary",
)


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
        >>> literal_assignments("top_n = 25  # how many\\nngram_range = [2, 3]")
        {'top_n': 25, 'ngram_range': [2, 3]}
        >>> literal_assignments("x = len('a')")
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: parameters cell, line 1: 'x' must be a plain literal
    """
    values: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise ParameterError(f"{name}, line {node.lineno}: only 'name = literal' assignments are allowed")
        key = node.targets[0].id
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


def check_parameters(given: Mapping[str, Any], defaults: Mapping[str, Mapping[str, Any]]) -> None:
    """Check names and types of ``given`` against every notebook's defaults.

    Args:
        given: User parameters.
        defaults: Notebook name -> its default parameters.

    Raises:
        ParameterError: A name no notebook declares, or a value whose type
            differs from the default's (``None`` defaults accept a string;
            a float default accepts an int).
    """
    known: dict[str, Any] = {}
    for params in defaults.values():
        for key, value in params.items():
            known.setdefault(key, value)
    for key, value in given.items():
        if key not in known:
            raise ParameterError(
                f"unknown parameter {key!r}; the notebooks accept: {', '.join(sorted(known))}"
            )
        default = known[key]
        if default is None:
            if value is not None and not isinstance(value, (str, int, float, list)):
                raise ParameterError(f"parameter {key!r} must be a plain value, got {type(value).__name__}")
            continue
        expected = type(default)
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if value is None and expected is str:
            ok = True
        if not ok:
            raise ParameterError(
                f"parameter {key!r} must be a {expected.__name__} (its default is {default!r}), "
                f"got {value!r} ({type(value).__name__})"
            )


def parse_cli_value(text: str) -> Any:
    """Parse a ``-p NAME VALUE`` value as YAML, so lists and booleans work.

    Examples:
        >>> parse_cli_value("[2, 3]"), parse_cli_value("false"), parse_cli_value("reports/x")
        ([2, 3], False, 'reports/x')
    """
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def read_params_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping of parameters.

    Raises:
        ParameterError: The file is missing or not a mapping.
    """
    file = Path(path)
    if not file.is_file():
        raise ParameterError(f"{file}: parameters file not found")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ParameterError(f"{file}: not valid YAML ({err})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{file}: expected a mapping of parameter names to values")
    return {str(k): v for k, v in data.items()}
