"""One settings source: the registry covers the notebooks, validates, and says which stage each setting affects."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.exceptions import ParameterError
from analysis.runner.parameters import notebook_parameters
from analysis.runner import settings as S

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
    assert S.SETTINGS["max_doc_chars"].default == 2_000_000 and S.SETTINGS["max_doc_chars"].stage == "load"
    assert S.SETTINGS["csv_safe"].default is False and S.SETTINGS["csv_safe"].stage == "view"
    assert not set(S.RUNNER_OWNED) & set(S.SETTINGS)
    assert "n_jobs" not in S.SETTINGS


def test_every_setting_names_a_known_stage_and_has_help():
    for setting in S.SETTINGS.values():
        assert setting.help
        S.stages_of(setting.stage if setting.stage != "view" else "view:02_frequencies")


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


def test_settings_for_stage_includes_upstream_stages_only():
    resolved = S.resolve_settings({})
    text = S.settings_for_stage(resolved, "text")
    assert {"encoding", "clean", "stem"} <= set(text)
    assert "metonyms" not in text and "top_n" not in text and "drop_punct" not in text
    tone = S.settings_for_stage(resolved, "tone")
    assert {"encoding", "clean", "metonyms", "actor_lexicon"} <= set(tone)
    assert "frame_dictionary" not in tone
    frames = S.settings_for_stage(resolved, "frames")
    assert "frame_dictionary" in frames and "metonyms" not in frames
    view = S.settings_for_stage(resolved, "view:03_framing")
    assert {"kwic_terms", "top_n", "metonyms", "frame_dictionary"} <= set(view)
    assert "seed" not in view
    with pytest.raises(ParameterError, match="unknown stage"):
        S.settings_for_stage(resolved, "view:99_nothing")


def test_notebook_only_settings_change_no_computing_stage():
    base, changed = S.resolve_settings({}), S.resolve_settings({"top_n": 12, "kwic_terms": ["war"]})
    for stage in S.STAGE_UPSTREAM:
        assert S.settings_for_stage(base, stage) == S.settings_for_stage(changed, stage)


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
    assert S.stages_of("view:05_groups_and_time")[-2:] == ("view:groups", "view:05_groups_and_time")
    assert "view:groups" in S.stages_of("view:04_compare") and "view:groups" not in S.stages_of("view:03_framing")
    assert S.SETTINGS["tone_lexicon"].stage == "view:05_groups_and_time"
    assert "tone_lexicon" in S.FILE_SETTINGS


# --------------------------------------------------------------------------- #
# every setting has a documented range, and the registry enforces it
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "name, inside, outside, says",
    [
        ("ngram_range", [1, 10], [2, 100_000_000], "from 1 to 10"),
        ("ngram_range", [2, 3], [0, 3], "from 1 to 10"),
        ("n_resamples", 100_000, 100_001, "from 1 to 100,000"),
        ("n_resamples", 1, 0, "from 1 to 100,000"),
        ("top_n", 10_000, 10_001, "from 1 to 10,000"),
        ("top_n", 1, 0, "from 1 to 10,000"),
        ("kwic_window", 100, 101, "from 1 to 100"),
        ("moving_average_days", 0, -1, "from 0 to 3,660"),
        ("max_doc_chars", 100_000_000, 100_000_001, "from 1 to 100,000,000"),
        ("seed", 2**32 - 1, 2**32, "from 0 to 4,294,967,295"),
        ("reference_size", 10**12, 10**13, "from 1 to 1,000,000,000,000"),
    ],
)
def test_numbers_outside_their_range_are_refused_naming_the_range(name, inside, outside, says):
    assert S.resolve_settings({name: inside})[name] == inside
    rule = ": each number must be" if name == "ngram_range" else " must be"
    with pytest.raises(ParameterError, match=rf"parameter '{name}'{rule} {says}, got "):
        S.resolve_settings({name: outside})


def test_strings_and_lists_are_bounded_and_the_message_is_short():
    assert S.resolve_settings({"term": "x" * 1_000})["term"] == "x" * 1_000
    with pytest.raises(ParameterError) as err:
        S.resolve_settings({"term": "x" * 10_000_000})  # the 10 MB term that made a 120 MB report
    message = str(err.value)
    assert "parameter 'term': a text of at most 1,000 characters is accepted, got one of 10,000,000" in message
    assert len(message) < 500
    for name in ("kwic_terms", "compare_terms", "dispersion_terms"):
        assert len(S.resolve_settings({name: ["w"] * 500})[name]) == 500
        with pytest.raises(ParameterError, match=rf"'{name}' accepts at most 500 items, got 501"):
            S.resolve_settings({name: ["w"] * 501})
    with pytest.raises(ParameterError, match="at most 1,000 characters"):
        S.resolve_settings({"kwic_terms": ["ok", "y" * 1_001]})
    with pytest.raises(ParameterError, match="at most 1,000 characters"):
        S.resolve_settings({"frame_dictionary": "d/" * 600})
    with pytest.raises(ParameterError, match="'group_by' accepts at most 10 items"):
        S.resolve_settings({"group_by": [f"c{i}" for i in range(11)]})


def test_a_shared_list_value_is_never_expanded_in_a_message():
    bomb = ["war"]
    for _ in range(60):
        bomb = [bomb, bomb]
    with pytest.raises(ParameterError) as err:
        S.resolve_settings({"kwic_terms": bomb})  # wrong type: 2**60 strings if the message expanded it
    assert len(str(err.value)) < 500


def test_every_number_setting_declares_its_range():
    """A new int or float setting must say its range (low and high), and the range must hold its default."""
    for setting in S.SETTINGS.values():
        if setting.type in ("int", "float", "list[int]"):
            assert setting.low is not None and setting.high is not None, setting.name
        assert setting.range_text() or setting.type == "bool", setting.name


def test_report_help_shows_each_range():
    from analysis.__main__ import build_parser

    report = build_parser()._subparsers._group_actions[0].choices["report"]
    text = report.format_help()
    for setting in S.SETTINGS.values():
        accepted = setting.range_text()
        if accepted:
            assert f"  {setting.name} ({setting.type}, {accepted}, default" in text, setting.name
    assert "top_n (int, from 1 to 10,000, default 20)" in text
    assert "time_unit (str?, one of None, day, week, month, year, default None)" in text


def test_an_out_of_range_value_on_the_command_line_is_one_line(tmp_path, capsys):
    from analysis.__main__ import main

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Peace talks.")
    assert main(["report", "--corpus", str(corpus), "--out", str(tmp_path / "o"),
                 "-p", "ngram_range", "[2, 100000000]"]) == 1
    err = capsys.readouterr().err
    assert err == "error: parameter 'ngram_range': each number must be from 1 to 10, got [2, 100000000]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]
