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
