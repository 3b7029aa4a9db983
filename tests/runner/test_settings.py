"""One settings source: the registry covers the notebooks, validates, and says which stage each setting affects."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.exceptions import ParameterError
from analysis.runner.parameters import notebook_parameters
from analysis.runner import settings as S
from analysis.runner.stages import STAGES, settings_read
from analysis.runner.study import NOTEBOOKS, notebook_settings

DROPPED = {"n_jobs"}
#: top_n was 25 in 02_frequencies and 20 in 03/04; the registry keeps one default, 20.
KNOWN_DEFAULT_CHANGES = {("02_frequencies.ipynb", "top_n")}


def _notebook_defaults():
    return {name: notebook_parameters(config.NOTEBOOKS_DIR / name) for name in config.REPORT_NOTEBOOKS}


def test_registry_covers_every_notebook_parameter_with_the_same_default():
    for notebook, params in _notebook_defaults().items():
        for name, default in params.items():
            if name in S.RUNNER_OWNED or name in DROPPED:
                continue
            assert name in S.SETTINGS, f"{notebook}: {name} missing from SETTINGS"
            if (notebook, name) not in KNOWN_DEFAULT_CHANGES:
                assert S.SETTINGS[name].default == default, (notebook, name)


def test_new_settings_and_runner_owned_names():
    assert S.SETTINGS["max_doc_chars"].default == 2_000_000 and S.SETTINGS["max_doc_chars"].stage == "documents"
    assert S.SETTINGS["csv_safe"].default is False and S.SETTINGS["csv_safe"].stage == "view"
    assert not set(S.RUNNER_OWNED) & set(S.SETTINGS)
    assert "n_jobs" not in S.SETTINGS


def test_every_setting_names_a_known_stage_and_has_help():
    for setting in S.SETTINGS.values():
        assert setting.help
        view = setting.stage[5:] if setting.stage.startswith("view:") else None
        assert (setting.stage in STAGES or setting.stage == "view" or view in NOTEBOOKS or view in S.SHARED_VIEWS), \
            setting.name


def test_a_setting_of_no_declared_stage_is_refused_when_the_stages_are_declared(monkeypatch):
    from analysis.runner import stages

    monkeypatch.setitem(S.SETTINGS, "ghost", S.Setting("ghost", "int", 1, "a setting of no stage", "loading"))
    with pytest.raises(ValueError, match="'ghost': unknown stage 'loading'"):
        stages._check_registry()
    with pytest.raises(ValueError, match="not a stage or view name"):
        S.Setting("bad", "int", 1, "help", "view:no such")


def test_resolve_fills_defaults_and_keeps_given_values():
    resolved = S.resolve_settings({"metonyms": "separate", "ngram_range": (2, 4)})
    assert resolved["metonyms"] == "separate"
    assert resolved["ngram_range"] == [2, 4]
    assert resolved["clean"] is True
    assert resolved.given == ("metonyms", "ngram_range")
    assert set(resolved) == set(S.SETTINGS)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ParameterError) as err:
        S.resolve_settings({"top_m": 3})
    assert "'top_m'" in str(err.value) and "top_n" in str(err.value) and "metonyms" in str(err.value)


@pytest.mark.parametrize("name, value", [
    ("clean", "yes"), ("top_n", True), ("top_n", 2.5), ("kwic_terms", "NATO"), ("ngram_range", [3, 2]),
    ("metonyms", "both"), ("group_by", 3), ("max_doc_chars", 0), ("kwic_terms", [1, 2]),
])
def test_wrong_values_are_errors(name, value):
    with pytest.raises(ParameterError, match=name):
        S.resolve_settings({name: value})


def test_removed_and_runner_owned_names_say_what_to_do():
    with pytest.raises(ParameterError, match="--workers"):
        S.resolve_settings({"n_jobs": 2})
    with pytest.raises(ParameterError, match="set by the runner"):
        S.resolve_settings({"out_dir": "x"})


def test_none_is_accepted_where_the_default_may_be_none():
    resolved = S.resolve_settings({"group_by": None, "frame_dictionary": "my.yaml", "doc_id": None})
    assert resolved["group_by"] is None and resolved["frame_dictionary"] == "my.yaml"


def test_settings_read_include_upstream_stages_only():
    text = settings_read(["text"])
    assert {"encoding", "clean", "stem"} <= set(text)
    assert "metonyms" not in text and "top_n" not in text and "drop_punct" not in text
    tone = settings_read(["tone"])
    assert {"encoding", "clean", "metonyms", "actor_lexicon"} <= set(tone)
    assert "frame_dictionary" not in tone
    frames = settings_read(["frames"])
    assert "frame_dictionary" in frames and "metonyms" not in frames
    assert set(settings_read(["corpus_terms"])) == set(settings_read(["framing"])) | {"group_by"}
    view = notebook_settings("03_framing")
    assert {"kwic_terms", "top_n", "metonyms", "frame_dictionary"} <= set(view)
    assert "seed" not in view
    with pytest.raises(ParameterError, match="unknown stage"):
        settings_read(["view:99_nothing"])
    with pytest.raises(ParameterError, match="unknown notebook"):
        notebook_settings("99_nothing")


def test_notebook_only_settings_change_no_computing_stage():
    changed = {"top_n", "kwic_terms"}
    for stage in STAGES:
        assert not changed & set(settings_read([stage])), stage


def test_json_round_trip_and_validation():
    resolved = S.resolve_settings({"metonyms": "separate", "kwic_terms": ["war", "peace*"]})
    text = S.to_json(resolved)
    back = S.from_json(text)
    assert back == resolved and back.given == resolved.given
    assert S.to_json(back) == text
    with pytest.raises(ParameterError):
        S.from_json(text.replace('"separate"', '"sideways"'))
    with pytest.raises(ParameterError):
        S.from_json("not json")


def test_resolved_settings_are_read_only_copies():
    resolved = S.resolve_settings({})
    lengths = resolved["ngram_range"]
    lengths.append(9)
    assert 9 not in resolved["ngram_range"]
    with pytest.raises(TypeError):
        resolved["top_n"] = 3  # type: ignore[index]


def test_actor_references_and_shared_group_views():
    assert S.resolve_settings()["actor_references"] == ["name", "metonym"]
    assert S.resolve_settings({"actor_references": ["name", "adjective"]})["actor_references"] == ["name", "adjective"]
    for bad in ([], ["names"], "name"):
        with pytest.raises(ParameterError, match="actor_references"):
            S.resolve_settings({"actor_references": bad})
    # the group settings reach both group notebooks; tone_lexicon only 05
    group_settings = {name for name, s in S.SETTINGS.items() if s.stage == "view:groups"}
    assert group_settings
    assert group_settings <= set(notebook_settings("05_groups_and_time"))
    assert group_settings <= set(notebook_settings("04_compare"))
    assert not group_settings & set(notebook_settings("03_framing"))
    assert S.SETTINGS["tone_lexicon"].stage == "view:05_groups_and_time"
    assert "tone_lexicon" in S.FILE_SETTINGS
