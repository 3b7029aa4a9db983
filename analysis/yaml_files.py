"""Read the project's versioned YAML resource files with clear errors.

Every rules or lexicon file is a YAML mapping holding one list of entries
(``rules:``, ``verbs:``, ``actors:`` ...) plus metadata such as ``version``.

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
    if not file.is_file():
        raise RulesError(f"{what} not found", path=file)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise RulesError(f"not valid YAML ({err})", path=file) from None
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        article = "an" if list_key[:1] in "aeiou" else "a"
        raise RulesError(f"expected a mapping with {article} {list_key!r} list", path=file)
    return data
