"""Code versions from the import graph: editing a module changes exactly the stages that reach it."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from analysis import config
from analysis.runner import stages
from analysis.runner.code_version import ImportGraph, code_version
from analysis.runner.settings import resolve_settings
from analysis.runner.store import MARKER, Store


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture()
def toy(tmp_path) -> Path:
    """A small package named ``analysis`` with every kind of import, worked out by hand below."""
    root = tmp_path / "analysis"
    _write(root, "__init__.py", "")
    _write(root, "config.py", """\
        from pathlib import Path
        RESOURCES_DIR = Path(__file__).parent / "resources"
        RULES_FILE = RESOURCES_DIR / "rules.yaml"
        """)
    _write(root, "resources/rules.yaml", "a: 1\n")
    _write(root, "resources/words.txt", "word\n")
    _write(root, "resources/README.md", "about the files\n")
    _write(root, "low/__init__.py", "from analysis.low.base import shared\n")
    _write(root, "low/base.py", "import numpy\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:  # never runs\n"
                                "    import analysis.deep.inner.leaf\n\ndef shared():\n    return 1\n")
    _write(root, "low/sub.py", "from . import base\nfrom .base import shared\n")  # relative imports
    _write(root, "low/rules.py", "from analysis import config\n\ndef rules():\n    return config.RULES_FILE\n")
    _write(root, "deep/__init__.py", "")
    _write(root, "deep/inner/__init__.py", "")
    _write(root, "deep/inner/leaf.py", "WORDS = 'words.txt'\n")
    _write(root, "unused.py", "import analysis.low.base\n")
    _write(root, "stages.py", """\
        import json
        import yaml
        from analysis.low import sub
        from analysis import low

        LIMIT = 3


        def first():
            from analysis.low.rules import rules  # an import inside a function
            return helper() + LIMIT


        def helper():
            return sub.shared()


        def second():
            import analysis.deep.inner.leaf  # a dotted import
            return yaml, json


        def third():
            return low.shared()
        """)
    return root


def test_an_in_function_import_and_a_same_module_helper_are_followed(toy):
    reach = ImportGraph(toy).reach([("analysis.stages", "first")])
    # first -> rules (in-function) -> config; first -> helper -> sub (submodule) -> base (relative imports)
    assert reach.modules == {"analysis.low.rules", "analysis.config", "analysis.low.sub", "analysis.low.base"}
    assert reach.definitions == {("analysis.stages", d) for d in ("first", "helper", "LIMIT")}
    assert reach.resources == {"resources/rules.yaml"}  # through config.RULES_FILE, not wherever config is imported
    assert reach.libraries == {"numpy"}  # base's; json is the standard library
    assert "analysis.deep.inner.leaf" not in reach.modules and "analysis.unused" not in reach.modules


def test_a_dotted_import_reaches_the_leaf_not_its_packages(toy):
    reach = ImportGraph(toy).reach([("analysis.stages", "second")])
    assert reach.modules == {"analysis.deep.inner.leaf"}
    assert reach.resources == {"resources/words.txt"}  # a file-name literal
    assert reach.libraries == {"yaml"}


def test_a_name_taken_from_a_package_reaches_its_init(toy):
    reach = ImportGraph(toy).reach([("analysis.stages", "third")])
    assert reach.modules == {"analysis.low", "analysis.low.base"}
    assert "analysis.low.sub" not in reach.modules


def test_editing_a_reached_module_changes_the_version_and_an_unreached_one_does_not(toy):
    before = code_version([("analysis.stages", "first")], toy)
    (toy / "unused.py").write_text("import analysis.low.base\n# edited\n", encoding="utf-8")
    (toy / "deep" / "inner" / "leaf.py").write_text("WORDS = 'words.txt'\n# edited\n", encoding="utf-8")
    assert code_version([("analysis.stages", "first")], toy).digest == before.digest
    (toy / "low" / "base.py").write_text("import numpy\n\ndef shared():\n    return 2\n", encoding="utf-8")  # edited
    assert code_version([("analysis.stages", "first")], toy).digest != before.digest


def test_a_resource_file_and_an_unused_definition(toy):
    before = code_version([("analysis.stages", "first")], toy).digest
    source = (toy / "stages.py").read_text(encoding="utf-8")
    (toy / "stages.py").write_text(source.replace("return yaml, json", "return yaml, json, 1"), encoding="utf-8")
    assert code_version([("analysis.stages", "first")], toy).digest == before  # second is not first's code
    (toy / "resources" / "rules.yaml").write_text("a: 2\n", encoding="utf-8")
    assert code_version([("analysis.stages", "first")], toy).digest != before


# ------------------------------------------------------- the real package
def _copy_package(tmp_path: Path) -> Path:
    target = tmp_path / "analysis"
    shutil.copytree(config.PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _downstream(names: set[str]) -> set[str]:
    out = set(names)
    for name, stage in stages.STAGES.items():  # build order: upstream first
        if out & set(stage.upstream):
            out.add(name)
    return out


@pytest.fixture(scope="module")
def copy_and_keys(small_corpus, tmp_path_factory):
    copy = _copy_package(tmp_path_factory.mktemp("package"))
    resolved = resolve_settings({})
    fingerprint = stages.corpus_fingerprint(small_corpus)

    def keys() -> dict[str, str]:
        return {name: k.key for name, k in stages.stage_keys(small_corpus, resolved, fingerprint=fingerprint,
                                                               package_dir=copy).items()}

    return copy, keys


def _changed_by_edit(copy: Path, keys, relative: str, edit, before: dict[str, str] | None = None) -> set[str]:
    path = copy / relative
    original = path.read_text(encoding="utf-8")
    before = keys() if before is None else before
    path.write_text(edit(original), encoding="utf-8")
    try:
        after = keys()
    finally:
        path.write_text(original, encoding="utf-8")
    return {name for name in before if before[name] != after[name]}


def test_known_stale_cases_are_fixed(copy_and_keys):
    copy, keys = copy_and_keys
    append = lambda text: text + "# edited\n"  # noqa: E731
    # frequencies, kwic (frames) and keyness (the terms) import token_table; text, framing and tone do not
    assert _changed_by_edit(copy, keys, "text/token_table.py", append) == {"counts", "frames", "corpus_terms"}
    # compare/defaults imports kwic and dispersion (the latter inside a function)
    assert "corpus_terms" in _changed_by_edit(copy, keys, "text/kwic.py", append)
    assert _changed_by_edit(copy, keys, "text/dispersion.py", append) == {"corpus_terms"}
    assert _changed_by_edit(copy, keys, "framing/tone.py", append) == {"tone"}
    assert _changed_by_edit(copy, keys, "compare/keyness.py", append) == {"corpus_terms"}
    # the loader reaches everything downstream; a presentation module reaches no stage
    assert _changed_by_edit(copy, keys, "corpus/load.py", append) == set(stages.STAGES)
    assert _changed_by_edit(copy, keys, "report/html_export.py", append) == set()
    assert _changed_by_edit(copy, keys, "resources/lexicons/frames.yaml", append) == {"frames"}


def test_each_module_changes_exactly_the_stages_that_reach_it(copy_and_keys):
    copy, keys = copy_and_keys
    reach = {name: set(stages.stage_code(name, copy).modules) for name in stages.STAGES}
    modules = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.py"))
    assert len(modules) > 40
    before = keys()  # the keys hash file contents, so they are the same after each edit is undone
    for relative in modules:
        parts = relative[:-3].split("/")
        module = ".".join(["analysis", *(parts[:-1] if parts[-1] == "__init__" else parts)])
        expected = _downstream({name for name, reached in reach.items() if module in reached})
        changed = _changed_by_edit(copy, keys, relative, lambda text: text + "# edited\n", before)
        assert changed == expected, relative


def test_a_stage_function_edited_in_its_declaring_module_changes_that_stage_only(copy_and_keys):
    copy, keys = copy_and_keys
    marker = '    """Per-partition counts: terms and n-grams'

    def edit_counts(text: str) -> str:
        assert marker in text
        return text.replace(marker, "    # edited\n" + marker, 1)

    assert _changed_by_edit(copy, keys, "runner/stages.py", edit_counts) == {"counts"}
    # a comment after the last definition is no stage's code
    assert _changed_by_edit(copy, keys, "runner/stages.py", lambda text: text + "# edited\n") == set()


def test_the_next_build_recomputes_the_stages_that_reach_an_edited_module(small_corpus, tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    first = stages.build_all(small_corpus, {}, store, progress=False)
    markers = {name: (entry.path / MARKER).stat().st_mtime_ns for name, entry in first.items()}
    copy = _copy_package(tmp_path / "package")
    path = copy / "text" / "token_table.py"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    monkeypatch.setattr(config, "PACKAGE_DIR", copy)  # the code versions now come from the edited copy
    second = stages.build_all(small_corpus, {}, store, progress=False)
    recomputed = {name for name in first if second[name].path != first[name].path}
    assert recomputed == {"counts", "frames", "corpus_terms"}
    for name in set(first) - recomputed:
        assert (second[name].path / MARKER).stat().st_mtime_ns == markers[name], name
    for name in recomputed:  # a comment changes no table
        for table in stages.STAGES[name].tables:
            if table in first[name].tables:
                assert stages.table_bytes(second[name], table) == stages.table_bytes(first[name], table)


def test_a_path_literal_ending_in_a_resource_name_reaches_that_resource():
    # compare/defaults.py names its list as "resources/lexicons/honorifics.yaml", a path, not a bare file name
    from analysis.runner.code_version import ImportGraph, roots_of
    from analysis.runner.stages import STAGES

    graph = ImportGraph(config.PACKAGE_DIR)
    assert "resources/lexicons/honorifics.yaml" in graph.reach(roots_of(STAGES["corpus_terms"].functions)).resources
    assert "resources/lexicons/honorifics.yaml" not in graph.reach(roots_of(STAGES["tone"].functions)).resources
