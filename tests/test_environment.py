"""pyproject.toml and environment.yml describe the same pinned environment."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import config


def _name(spec: str) -> str:
    return re.split(r"[=<>!~ ]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        specs += extra
    pins = {}
    for spec in specs:
        assert "==" in spec, f"not pinned exactly: {spec}"
        name, version = spec.split("==")
        pins[_name(name)] = version.strip()
    return pins


def _environment_pins() -> dict[str, str]:
    data = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            for spec in entry.get("pip", []):
                name, version = spec.split("==")
                pins[_name(name)] = version.strip()
        elif _name(entry) not in ("python", "pip"):
            name, _, version = entry.partition("=")
            pins[_name(name)] = version.strip()
    return pins


def test_every_dependency_is_pinned_the_same_in_both_files():
    assert _pyproject_pins() == _environment_pins()


def test_lock_file_agrees_with_the_direct_pins():
    lock = {}
    for line in (config.PROJECT_ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[_name(name)] = version
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, name


def test_comparison_would_catch_a_difference(monkeypatch):
    pins = _pyproject_pins()
    pins["pandas"] = "0.0.1"
    assert pins != _environment_pins()
