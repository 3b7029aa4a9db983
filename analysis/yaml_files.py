"""Read the project's YAML files with clear errors: one strict loader for every file.

Every rules or lexicon file is a YAML mapping holding one list of entries
(``rules:``, ``verbs:``, ``actors:`` ...) plus metadata such as ``version``.
Every YAML file the project reads (resources, frame dictionaries, parameter
files) goes through :class:`StrictLoader`: PyYAML's safe loader, which builds
only plain data, and which here also refuses a key given twice in one mapping
(PyYAML would silently keep the last), naming the key and its line, and
refuses YAML anchors (``&name``) outright: aliases (``*name``) of nested
anchors expand exponentially (a few hundred bytes can stand for 10⁹ values,
the "billion laughs"), and no file or value of this project needs them.

Examples:
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = f.write_text("version: 2\\nrules: [a]\\n")
    >>> read_yaml_mapping(f, list_key="rules", what="rules file")
    {'version': 2, 'rules': ['a']}
    >>> read_yaml_mapping(f, list_key="verbs", what="lexicon")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.exceptions.RulesError: .../x.yaml: expected a mapping with a 'verbs' list
"""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis.exceptions import RulesError


class DuplicateKeyError(yaml.YAMLError):
    """A mapping gives the same key twice."""

    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r} on line {line}")
        self.key = key
        self.line = line


class AnchorError(yaml.YAMLError):
    """The YAML defines an anchor (``&name``), which this project refuses (alias bombs)."""

    def __init__(self, anchor: str, line: int) -> None:
        super().__init__(f"YAML anchors and aliases are not accepted (&{anchor} on line {line}); "
                         "write the values out in full")
        self.anchor = anchor
        self.line = line


#: The deepest nesting of lists and mappings accepted (PyYAML's composer recurses once per level).
MAX_DEPTH = 50


class NestingError(yaml.YAMLError):
    """The YAML nests lists or mappings deeper than :data:`MAX_DEPTH`."""

    def __init__(self, line: int) -> None:
        super().__init__(f"lists or mappings nested more than {MAX_DEPTH} levels deep (line {line})")
        self.line = line


class StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys (PyYAML keeps the last), anchors and deep nesting."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML's composer, with anchors refused
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            raise AnchorError(anchor, event.start_mark.line + 1)
        if self._depth >= MAX_DEPTH:
            raise NestingError(event.start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)):
            continue
        if key in seen:
            raise DuplicateKeyError(key, key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def load_yaml(text: str):
    """Parse YAML text with :class:`StrictLoader`.

    Examples:
        >>> load_yaml("a: 1\\nb: [x, y]\\n")
        {'a': 1, 'b': ['x', 'y']}
        >>> load_yaml("a: 1\\na: 2\\n")
        Traceback (most recent call last):
        ...
        analysis.yaml_files.DuplicateKeyError: duplicate key 'a' on line 2
        >>> load_yaml("[&a [x, y], [*a, *a]]")
        Traceback (most recent call last):
        ...
        analysis.yaml_files.AnchorError: YAML anchors and aliases are not accepted (&a on line 1); write the values out in full
        >>> load_yaml("!!python/object/apply:os.system [echo]")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        yaml.constructor.ConstructorError: could not determine a constructor for the tag ...
    """
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader


def read_yaml_file(path: str | Path, *, what: str = "file", keys: str = "key"):
    """Read one YAML resource file with :class:`StrictLoader`, turning every problem into a :class:`RulesError`.

    Args:
        path: The file.
        what: How to call the file in the "not found" message.
        keys: How to call a mapping key in the "duplicate" message (``"category or field"`` ...).

    Raises:
        RulesError: The file is missing, is not valid YAML, gives a key twice (naming it and its line), or
            defines a YAML anchor.
    """
    file = Path(path)
    if not file.is_file():
        raise RulesError(f"{what} not found", path=file)
    try:
        return load_yaml(file.read_text(encoding="utf-8"))
    except DuplicateKeyError as err:
        raise RulesError(f"duplicate {keys} {err.key!r} (line {err.line})", path=file, entry=err.key) from None
    except (AnchorError, NestingError) as err:
        raise RulesError(str(err), path=file) from None
    except yaml.YAMLError as err:
        raise RulesError(f"not valid YAML ({err})", path=file) from None


def read_yaml_mapping(path: str | Path, *, list_key: str, what: str = "file") -> dict:
    """Read a YAML mapping that must hold a list under ``list_key``.

    Args:
        path: The file.
        list_key: The key of the list of entries.
        what: How to call the file in the "not found" message.

    Returns:
        The parsed mapping.

    Raises:
        RulesError: The file is missing, is not valid YAML, or lacks the list.
    """
    file = Path(path)
    data = read_yaml_file(file, what=what)
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        article = "an" if list_key[:1] in "aeiou" else "a"
        raise RulesError(f"expected a mapping with {article} {list_key!r} list", path=file)
    return data
