"""Every YAML file the project reads refuses a key given twice (PyYAML alone keeps the last silently)."""

from __future__ import annotations

import pytest

from analysis.corpus.clean import load_rules
from analysis.exceptions import ParameterError, RulesError
from analysis.framing.actors import load_actor_lexicon
from analysis.framing.frames import load_frame_dictionary
from analysis.framing.lexicons import load_modifiers, load_reporting_verbs
from analysis.runner.parameters import parse_cli_value, read_params_file
from analysis.yaml_files import DuplicateKeyError, load_yaml

# One small valid file per loader, with the key ``version`` given twice on lines 1 and 2.
DUPLICATED = {
    "boilerplate rules": (load_rules, "version: 1\nversion: 2\nsource: x\nrules: []\n"),
    "actor lexicon": (load_actor_lexicon, "version: 1\nversion: 2\nsource: x\nactors: []\n"),
    "reporting verbs": (load_reporting_verbs, "version: 1\nversion: 2\nsource: x\nverbs: []\n"),
    "modifiers": (load_modifiers, "version: 1\nversion: 2\nsource: x\nmodifiers: []\n"),
    "frame dictionary": (load_frame_dictionary, "war: [war]\nwar: [invasion]\n"),
}


@pytest.mark.parametrize("kind", sorted(DUPLICATED))
def test_resource_file_with_a_duplicate_key_is_refused(tmp_path, kind):
    loader, text = DUPLICATED[kind]
    path = tmp_path / "resource.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        loader(path)
    message = str(err.value)
    assert "resource.yaml" in message and "duplicate" in message and "line 2" in message


def test_entry_keys_inside_a_list_are_checked_too(tmp_path):
    path = tmp_path / "verbs.yaml"
    path.write_text("version: 1\nsource: x\nverbs:\n  - lemma: say\n    lemma: claim\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"duplicate key 'lemma' \(line 5\)"):
        load_reporting_verbs(path)


def test_same_key_in_two_mappings_is_fine():
    assert load_yaml("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}


def test_strict_loader_names_key_and_line():
    with pytest.raises(DuplicateKeyError) as err:
        load_yaml("top_n: 5\nmetonyms: map\ntop_n: 7\n")
    assert (err.value.key, err.value.line) == ("top_n", 3)


def test_parameters_file_with_a_duplicate_key_is_refused(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("top_n: 5\ntop_n: 7\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"parameter 'top_n' is given twice \(line 2\)"):
        read_params_file(path)


def test_cli_value_with_a_duplicate_key_is_refused():
    with pytest.raises(ParameterError, match="gives the key 'before' twice"):
        parse_cli_value('{"before": 1, "before": 2}')
    assert parse_cli_value('{"before": 1, "after": 2}') == {"before": 1, "after": 2}


# --------------------------------------------------------------------------- #
# alias bombs: anchors are refused in every YAML the project reads
# --------------------------------------------------------------------------- #
def _list_bomb(levels: int = 9) -> str:
    """The 305-character kind of -p value that hung check_value: 9**levels strings once expanded."""
    parts = ["&a0 [peace, war]"] + [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def _mapping_bomb(levels: int = 9) -> str:
    """A quanteda frame dictionary of nested aliased mappings (about 10**levels categories expanded)."""
    lines = ["base: &m0 {a: [war], b: [peace]}"]
    for i in range(1, levels):
        inner = ", ".join(f"k{j}: *m{i - 1}" for j in range(10))
        lines.append(f"level{i}: &m{i} {{{inner}}}")
    return "\n".join(lines) + "\n"


BOMBS = {
    "boilerplate rules": (load_rules, "version: 1\nsource: x\nrules: &r [" + ", ".join(["x"] * 3) + "]\nmore: [*r, *r]\n"),
    "actor lexicon": (load_actor_lexicon, "version: 1\nsource: &s x\nactors: []\nnote: *s\n"),
    "reporting verbs": (load_reporting_verbs, "version: 1\nsource: x\nverbs: []\nz: &b [x]\ny: [*b, *b]\n"),
    "modifiers": (load_modifiers, "version: 1\nsource: x\nmodifiers: []\nz: &b [x]\n"),
    "frame dictionary": (load_frame_dictionary, _mapping_bomb()),
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_resource_file_with_an_anchor_is_refused_naming_the_file_and_line(tmp_path, kind):
    loader, text = BOMBS[kind]
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=r"bomb.yaml: YAML anchors and aliases are not accepted \(&\w+ on line \d+\)"):
        loader(path)


def test_the_912_byte_frame_dictionary_bomb_is_refused_at_once(tmp_path):
    import time

    path = tmp_path / "frames.yaml"
    path.write_text(_mapping_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 1000
    started = time.monotonic()
    with pytest.raises(RulesError, match=r"&m0 on line 1"):
        load_frame_dictionary(path)
    assert time.monotonic() - started < 5


def test_a_cli_alias_bomb_names_the_setting_and_shows_the_value_as_written_cut_short():
    text = _list_bomb(7)
    assert len(text) < 330  # 9**6 lists of 2 strings once expanded
    with pytest.raises(ParameterError) as err:
        parse_cli_value(text, "kwic_terms")
    message = str(err.value)
    assert message.startswith("parameter 'kwic_terms': YAML anchors and aliases are not accepted (&a0 on line 1)")
    assert repr(text[:300])[:-1] in message and len(message) < 600
    long_text = "[&a [x], " + "y, " * 500 + "*a]"
    message = str(pytest.raises(ParameterError, parse_cli_value, long_text, "kwic_terms").value)
    assert f"({len(long_text):,} characters)" in message and len(message) < 500


def test_a_parameters_file_with_an_anchor_names_the_file(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("kwic_terms: &t [peace, war]\ncompare_terms: *t\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"params.yaml: YAML anchors and aliases are not accepted \(&t on line 1\)"):
        read_params_file(path)


def test_globs_and_plain_values_are_still_read_as_text_or_yaml():
    assert parse_cli_value("*ing") == "*ing"  # an undefined alias is not YAML: the text as it is
    assert parse_cli_value("[peace, war]") == ["peace", "war"]
    assert parse_cli_value("a&b") == "a&b"  # not an anchor: & inside a plain scalar
    with pytest.raises(ParameterError):
        parse_cli_value("&x peace", "term")


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path):
    deep = "[" * 500 + "]" * 500  # 1,000 bytes: PyYAML alone raises RecursionError
    with pytest.raises(ParameterError, match=r"parameter 'kwic_terms': lists or mappings nested more than 50 levels"):
        parse_cli_value(deep, "kwic_terms")
    path = tmp_path / "frames.yaml"
    path.write_text("war: " + deep + "\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"frames.yaml: lists or mappings nested more than 50 levels deep \(line 1\)"):
        load_frame_dictionary(path)
    assert load_yaml("[" * 49 + "]" * 49) is not None  # 49 levels are fine
