"""Layers read one way: no module imports a layer above its own, not even inside a function.

Low to high: corpus < text < framing < compare < report < runner. The shared
base modules (config, exceptions, outputs, yaml_files, tables) import none of
the layers. The command line (``analysis/__main__.py``) sits on top of all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import config

LAYERS = ("corpus", "text", "framing", "compare", "report", "runner")
BASE = ("config", "exceptions", "outputs", "yaml_files", "tables")


def layer_of(module: str) -> int | None:
    """The rank of a module of ``analysis``: -1 for a base module, 0.. for the layers, ``None`` for the top."""
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself
    if parts[1] in BASE:
        return -1
    if parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return None  # __main__: the command line, above every layer


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
    """``(line, imported module)`` of every import of ``analysis`` in a file, inside functions too."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module or ""
            names = {f"{base}.{alias.name}" if base == "analysis" and alias.name in LAYERS + BASE else base
                     for alias in node.names}  # "from analysis import config" names a module; __version__ does not
            found += [(node.lineno, name) for name in sorted(names)]
    return [(line, name) for line, name in found if name == "analysis" or name.startswith("analysis.")]


def upward_imports(package_dir: Path) -> list[str]:
    """Every import of a higher layer (or, from a base module, of any layer), as ``file:line imports module``."""
    problems = []
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(package_dir.parent).with_suffix("")
        parts = list(relative.parts[:-1] if relative.name == "__init__" else relative.parts)
        module = ".".join(parts)
        own = layer_of(module)
        if own is None:
            continue
        for line, imported in imports_of(path, module):
            other = layer_of(imported)
            if other is None and imported != "analysis":
                problems.append(f"{path.relative_to(package_dir.parent)}:{line} imports {imported}")
            elif other is not None and (other > own or (own == -1 and other != -1)):
                problems.append(f"{path.relative_to(package_dir.parent)}:{line} imports {imported}")
    return problems


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports(config.PACKAGE_DIR) == []


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("relative", "source", "expected"), [
    ("text/low.py", "def f():\n    from analysis.compare.keyness import g2\n",
     ["analysis/text/low.py:2 imports analysis.compare.keyness"]),
    ("framing/mid.py", "from ..report import plots\n", ["analysis/framing/mid.py:1 imports analysis.report"]),
    ("tables.py", "import analysis.corpus.load\n", ["analysis/tables.py:1 imports analysis.corpus.load"]),
    ("runner/top.py", "from analysis.report import plots\nfrom analysis import config\n", []),
    ("compare/ok.py", "from . import other\nfrom analysis.text.kwic import kwic\n", []),
])
def test_the_check_finds_upward_imports_and_passes_downward_ones(tmp_path, relative, source, expected):
    root = tmp_path / "analysis"
    _write(root, "__init__.py", "")
    _write(root, relative, source)
    assert upward_imports(root) == expected
