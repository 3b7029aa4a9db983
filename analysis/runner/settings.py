"""One settings source: every setting, its type, default, help and the stage it affects.

The notebooks' ``parameters`` cells, the command line (``-p NAME VALUE``) and
the stage store all read the registry :data:`SETTINGS`. A setting names the
first stage whose output it changes; a stage's key depends on its own
settings and on those of every stage upstream of it (see
:func:`settings_for_stage`), so changing ``metonyms`` rebuilds framing and
tone but not the token table, and changing ``top_n`` rebuilds nothing.

Stages, in order (see :mod:`analysis.runner.stages`):

* ``load``: read and validate the corpus (``documents``);
* ``text``: boilerplate, sentences and tokens;
* ``counts``: corpus-level term, n-gram and type/token counts (they depend
  on the counting flags and ``group_by``, never on raw text again);
* ``framing``: actor mentions, quotes and attributions;
* ``frames``: frame matches and frame shares;
* ``tone``: sentence tone, tone by actor and by voice;
* ``view`` (every notebook) and ``view:<notebook>``: display settings that
  change no stored table (``top_n``, ``kwic_terms``, ...); ``view:groups``
  (:data:`SHARED_VIEWS`) reaches both group notebooks, 04 and 05.

The runner owns ``corpus_path``, ``out_dir`` and ``report_mode``; ``n_jobs`` is
gone (the runner's ``--workers`` sizes the local cluster).

Examples:
    >>> resolved = resolve_settings({"metonyms": "separate", "top_n": 12})
    >>> resolved["metonyms"], resolved["top_n"], resolved["clean"]
    ('separate', 12, True)
    >>> sorted(settings_for_stage(resolved, "text"))
    ['boilerplate_rules', 'clean', 'encoding', 'id_column', 'lowercase', 'max_doc_chars', 'periods', 'stem', 'stopwords_path', 'text_column', 'time_unit']
    >>> from_json(to_json(resolved)) == resolved
    True
    >>> resolve_settings({"n_jobs": 2})
    Traceback (most recent call last):
    ...
    analysis.exceptions.ParameterError: parameter 'n_jobs' is gone: the runner's --workers N sets the number of worker processes
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from analysis.exceptions import ParameterError, shown_value

#: Computing stages in build order, each with the stages it reads.
STAGE_UPSTREAM: dict[str, tuple[str, ...]] = {
    "load": (),
    "text": ("load",),
    "counts": ("load", "text"),
    "framing": ("load", "text"),
    "frames": ("load", "text"),
    "tone": ("load", "text", "framing"),
}
#: The computing stages each notebook reads (its view settings come on top).
NOTEBOOK_STAGES: dict[str, tuple[str, ...]] = {
    "00_explore": ("load", "text", "framing", "frames", "tone"),
    "01_corpus": ("load", "text", "counts"),  # counts: group_by, for the volume over time by group
    "02_frequencies": ("load", "text", "counts"),
    "03_framing": ("load", "text", "counts", "framing", "frames"),  # counts: group_by (frame profile, KWIC terms)
    "04_compare": ("load", "text", "counts", "framing", "frames", "tone"),
    "05_groups_and_time": ("load", "text", "counts", "framing", "tone"),
}
#: Display settings shared by several notebooks: ``view:<name>`` reaches each notebook listed.
SHARED_VIEWS: dict[str, tuple[str, ...]] = {
    "groups": ("04_compare", "05_groups_and_time"),
}
#: Set by the runner, not by users.
RUNNER_OWNED: tuple[str, ...] = ("corpus_path", "out_dir", "store_dir", "report_mode")
#: Settings that name a file: their content is part of the stage key.
PATH_TYPE = "path?"

_GONE = {"n_jobs": "the runner's --workers N sets the number of worker processes"}
_TYPES = ("bool", "int", "float", "str", "str?", PATH_TYPE, "list[str]", "list[int]", "list[str]?", "columns?",
          "periods?")


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind in ("str?", PATH_TYPE):
        return value is None or isinstance(value, str)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "list[str]?":
        return value is None or _type_ok("list[str]", value)
    if kind == "columns?":  # one column, a list of columns, or None
        return value is None or isinstance(value, str) or (_type_ok("list[str]", value) and len(value) > 0)
    if kind == "periods?":  # name -> [start, end], checked by analysis.corpus.time
        return value is None or (isinstance(value, dict) and all(isinstance(k, str) for k in value))
    if kind == "list[int]":
        return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    return False


#: Longest string any setting accepts (a path, a term, a column name ...), in characters.
MAX_STRING_CHARS = 1_000
#: Most items any list (or mapping) setting accepts, unless the setting sets a smaller ``max_items``.
MAX_LIST_ITEMS = 1_000


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)


def _check_bounds(setting: "Setting", value: Any) -> None:
    """Refuse a value outside the setting's documented range (:meth:`Setting.range_text`)."""
    name = setting.name
    if isinstance(value, (list, dict)) and len(value) > setting.max_items:
        raise ParameterError(f"parameter {name!r} accepts at most {setting.max_items:,} items, got {len(value):,}: "
                             f"{shown_value(value)}")
    for text in _strings_in(value):
        if len(text) > MAX_STRING_CHARS:
            raise ParameterError(f"parameter {name!r}: a text of at most {MAX_STRING_CHARS:,} characters is accepted, "
                                 f"got one of {len(text):,}: {shown_value(text)}")
    numbers = value if setting.type == "list[int]" else [value]
    for number in numbers:
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            if (setting.low is not None and number < setting.low) or (setting.high is not None and number > setting.high):
                span = f"from {setting.low:,} to {setting.high:,}"
                rule = f": each number must be {span}" if setting.type == "list[int]" else f" must be {span}"
                raise ParameterError(f"parameter {name!r}{rule}, got {shown_value(value)}")


def check_value(setting: "Setting", value: Any) -> Any:
    """Check one value against its setting and return it (tuples become lists).

    Raises:
        ParameterError: Wrong type, a value outside ``choices``, or a bad ``ngram_range``.

    Examples:
        >>> check_value(SETTINGS["clean"], "yes")
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: parameter 'clean' must be a bool (its default is True), got 'yes' (str)
    """
    if isinstance(value, tuple):
        value = list(value)
    if setting.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not _type_ok(setting.type, value):
        raise ParameterError(
            f"parameter {setting.name!r} must be a {setting.type} (its default is {setting.default!r}), "
            f"got {shown_value(value)} ({type(value).__name__})"
        )
    _check_bounds(setting, value)
    if setting.choices and value not in setting.choices:
        raise ParameterError(
            f"parameter {setting.name!r} must be one of {', '.join(map(repr, setting.choices))}, got {shown_value(value)}"
        )
    if setting.name == "ngram_range" and not (len(value) == 2 and 1 <= value[0] <= value[1]):
        raise ParameterError(f"parameter 'ngram_range' must be [smallest, largest] with 1 <= smallest <= largest, "
                             f"got {shown_value(value)}")
    if setting.name == "actor_references" and (not value or any(v not in ("name", "adjective", "metonym")
                                                                   for v in value)):
        raise ParameterError(f"parameter 'actor_references' must be a non-empty list of 'name', 'adjective', "
                             f"'metonym', got {shown_value(value)}")
    if setting.type == "columns?" and isinstance(value, list) and len(set(value)) != len(value):
        raise ParameterError(f"parameter {setting.name!r} names a column twice: {shown_value(value)}")
    if setting.type == "periods?" and value is not None:
        from analysis.corpus.time import periods_setting

        value = periods_setting(value)
    return value


@dataclass(frozen=True)
class Setting:
    """One setting.

    Attributes:
        name: As written in ``-p NAME VALUE`` and in the notebooks.
        type: One of ``bool``, ``int``, ``float``, ``str``, ``str?`` (a
            string or ``None``), ``path?`` (a file, or ``None`` for the
            project's default), ``list[str]``, ``list[int]``, ``list[str]?``
            (a list, or ``None`` to choose from the corpus), ``columns?`` (a
            column, a list of columns, or ``None``) and ``periods?`` (a
            mapping of period names to ``[start, end]``, or ``None``).
        default: The default value (plain JSON data).
        help: One line for the user.
        stage: The first stage it affects (``load``, ``text``, ``counts``,
            ``framing``, ``frames``, ``tone``), ``view`` (display only, every
            notebook) or ``view:<notebook>`` (display only, one notebook).
        choices: Allowed values, when the set is closed.
        low: The smallest number accepted (each item's, for ``list[int]``); every number setting has one.
        high: The largest number accepted (each item's, for ``list[int]``); every number setting has one.
        max_items: The most items a list (or mapping) may hold.

    Every string in a value (a path, a term, a key) is at most
    :data:`MAX_STRING_CHARS` characters long.
    """

    name: str
    type: str
    default: Any
    help: str
    stage: str
    choices: tuple[Any, ...] = field(default=())
    low: int | float | None = None
    high: int | float | None = None
    max_items: int = MAX_LIST_ITEMS

    def range_text(self) -> str:
        """The accepted range in words, as ``report --help`` and errors show it.

        Examples:
            >>> SETTINGS["top_n"].range_text()
            'from 1 to 10,000'
            >>> SETTINGS["ngram_range"].range_text()
            'at most 2 items, each from 1 to 10'
            >>> SETTINGS["term"].range_text()
            'at most 1,000 characters'
        """
        parts = []
        if self.choices:
            return "one of " + ", ".join("None" if c is None else str(c) for c in self.choices)
        if self.type.startswith(("list", "columns", "periods")):
            parts.append(f"at most {self.max_items:,} items")
        if self.low is not None or self.high is not None:
            each = "each " if self.type == "list[int]" else ""
            if self.low is not None and self.high is not None:
                parts.append(f"{each}from {self.low:,} to {self.high:,}")
            elif self.low is not None:
                parts.append(f"{each}at least {self.low:,}")
            else:
                parts.append(f"{each}at most {self.high:,}")
        elif self.type != "bool" and not self.type.startswith(("int", "float")):
            parts.append(f"at most {MAX_STRING_CHARS:,} characters" + (" each" if parts else ""))
        return ", ".join(parts)

    def __post_init__(self) -> None:
        if self.type not in _TYPES:
            raise ValueError(f"setting {self.name!r}: unknown type {self.type!r}")
        if not (self.stage in STAGE_UPSTREAM or self.stage == "view"
                or (self.stage.startswith("view:") and (self.stage[5:] in NOTEBOOK_STAGES
                                                         or self.stage[5:] in SHARED_VIEWS))):
            raise ValueError(f"setting {self.name!r}: unknown stage {self.stage!r}")
        check_value(self, self.default)


_S = Setting
#: Every setting, in the order the README lists them.
SETTINGS: dict[str, Setting] = {s.name: s for s in (
    _S("encoding", "str", "utf-8", "text encoding; give another codec only if you know the corpus uses it", "load"),
    _S("text_column", "str", "text", "the text field of a JSONL/CSV corpus", "load"),
    _S("id_column", "str", "doc_id", "the identifier field", "load"),
    _S("max_doc_chars", "int", 2_000_000, "longest document accepted, in characters (a longer one is an error)", "load",
       low=1, high=100_000_000),
    _S("time_unit", "str?", None, "day, week, month or year: add a time_bucket column from published; None: no buckets",
       "load", choices=(None, "day", "week", "month", "year")),
    _S("periods", "periods?", None, "named date ranges [start, end) (null is open) giving a period column; "
       "None: no periods", "load", max_items=100),
    _S("clean", "bool", True, "separate publisher boilerplate from the article body", "text"),
    _S("boilerplate_rules", PATH_TYPE, None, "a rules file of your own; None: analysis/resources/boilerplate_rules.yaml",
       "text"),
    _S("lowercase", "bool", True, "lowercase the normalized form of each token", "text"),
    _S("stem", "bool", False, "Snowball-stem the normalized form", "text"),
    _S("stopwords_path", PATH_TYPE, None, "a stopword list of your own; None: NLTK's English list", "text"),
    _S("drop_punct", "bool", True, "leave punctuation out of the counts", "counts"),
    _S("drop_numbers", "bool", False, "leave numerals out of the counts", "counts"),
    _S("drop_stopwords", "bool", True, "leave stopwords out of the term counts", "counts"),
    _S("drop_stopword_edges", "bool", True, "leave out n-grams that start or end with a stopword", "counts"),
    _S("ngram_range", "list[int]", [2, 3], "the n-gram lengths to count, smallest and largest", "counts",
       low=1, high=10, max_items=2),
    _S("group_by", "columns?", "outlet", "a metadata column (or a list of them, joined as 'a | b') to count within and "
       "compare; None: no grouping", "counts", max_items=10),
    _S("moving_average_days", "int", 0, "days in the moving average of documents per day over time; 0: none",
       "view:01_corpus", low=0, high=3_660),
    _S("actor_lexicon", PATH_TYPE, None, "an actor lexicon of your own; None: analysis/resources/lexicons/actors.yaml",
       "framing"),
    _S("metonyms", "str", "map", "map: Kremlin and Moscow count as Russia; separate: keep them apart", "framing",
       choices=("map", "separate")),
    _S("actor_references", "list[str]", ["name", "metonym"],
       "which references to an actor count (mentions and salience): name, metonym, adjective (Russian for Russia)",
       "framing", max_items=3),
    _S("reporting_verbs", PATH_TYPE, None, "a reporting-verb lexicon of your own; None: the project list", "framing"),
    _S("evaluative_modifiers", PATH_TYPE, None, "a modifier lexicon of your own; None: the project list", "framing"),
    _S("frame_dictionary", PATH_TYPE, None, "a frame dictionary of your own (project or quanteda YAML format)", "frames"),
    _S("top_n", "int", 20, "how many rows to show and plot in tables and figures", "view", low=1, high=10_000),
    _S("csv_safe", "bool", False, "True: CSV text cells that start like a formula (equals, plus, minus, at) get a leading quote", "view"),
    _S("term", "str", "claim*", "the term, phrase or glob the explorer shows first", "view:00_explore"),
    _S("doc_id", "str?", None, "the document the explorer shows first; None: the first one", "view:00_explore"),
    _S("kwic_terms", "list[str]?", None,
       "words, phrases or globs to read in context; None: chosen from the corpus (key terms and actors)",
       "view:03_framing", max_items=500),
    _S("kwic_window", "int", 6, "keyword-in-context size on each side, in tokens", "view:03_framing",
       low=1, high=100),
    _S("kwic_within_sentence", "bool", False, "True stops the context at the sentence boundary", "view:03_framing"),
    _S("target_group", "str?", None, "the group compared with all others; None: keyness takes the first in sorted order, rate ratios every pair",
       "view:groups"),
    _S("keyness_min_count", "int", 2, "leave out terms seen fewer times in the target", "view:04_compare",
       low=1, high=1_000_000),
    _S("reference_size", "int", 1_000_000_000, "nominal size of the general-English reference", "view:04_compare",
       low=1, high=1_000_000_000_000),
    _S("bonferroni", "bool", False, "Bonferroni-adjust p-values for the number of terms tested", "view:04_compare"),
    _S("collocation_min_count", "int", 2, "leave out n-grams seen fewer times", "view:04_compare",
       low=1, high=1_000_000),
    _S("collocation_node", "str?", None, "the node word (or glob) for window collocates; None: the top key term",
       "view:04_compare"),
    _S("dispersion_terms", "list[str]?", None, "terms for the dispersion plot; None: chosen from the corpus",
       "view:04_compare", max_items=500),
    _S("compare_terms", "list[str]?", None,
       "terms for the group comparison and the rate ratios; None: chosen from the corpus", "view:groups",
       max_items=500),
    _S("n_resamples", "int", 1000, "bootstrap resamples for confidence intervals", "view:groups",
       low=1, high=100_000),
    _S("seed", "int", 20241209, "bootstrap seed (recorded in provenance.json)", "view:groups",
       low=0, high=2**32 - 1),
    _S("tone_lexicon", PATH_TYPE, None, "a word-category lexicon (NRC Emotion, Bing, AFINN or word,category CSV) "
       "for rates per 1,000 words by group; None: none", "view:05_groups_and_time"),
)}
del _S


#: Settings that name an input file; the runner checks each exists before any kernel starts.
FILE_SETTINGS: tuple[str, ...] = tuple(name for name, s in SETTINGS.items() if s.type == PATH_TYPE)


class ResolvedSettings(Mapping[str, Any]):
    """Every setting with its value: the defaults, overridden by what the user gave.

    A read-only mapping of plain JSON data (it can be sent to workers as is).
    ``given`` lists the names the user set explicitly.
    """

    __slots__ = ("_values", "given")

    def __init__(self, values: Mapping[str, Any], given: tuple[str, ...] = ()) -> None:
        self._values = {name: values[name] for name in SETTINGS}
        self.given = tuple(sorted(given))

    def __getitem__(self, name: str) -> Any:
        value = self._values[name]
        return list(value) if isinstance(value, list) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ResolvedSettings):
            return self._values == other._values
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        changed = {k: self._values[k] for k in self.given}
        return f"ResolvedSettings({changed!r})"

    def as_dict(self) -> dict[str, Any]:
        """A plain copy of every value."""
        return json.loads(json.dumps(self._values))


def unknown_message(name: str) -> str:
    """The error text for a name that is not a setting."""
    if name in _GONE:
        return f"parameter {name!r} is gone: {_GONE[name]}"
    if name in RUNNER_OWNED:
        return f"parameter {name!r} is set by the runner (use --corpus/--out), not with -p"
    return f"unknown parameter {shown_value(name)}; the known settings are: {', '.join(sorted(SETTINGS))}"


def resolve_settings(given: Mapping[str, Any] | None = None) -> ResolvedSettings:
    """Validate user settings and fill in the defaults.

    Args:
        given: Name -> value, as parsed from ``-p`` (YAML) or a ``--params`` file.

    Returns:
        A :class:`ResolvedSettings`.

    Raises:
        ParameterError: An unknown name (the message lists the known ones), a
            runner-owned or removed name, or a value of the wrong type.
    """
    given = dict(given or {})
    values = {name: s.default for name, s in SETTINGS.items()}
    for name, value in given.items():
        if name not in SETTINGS:
            raise ParameterError(unknown_message(name))
        values[name] = check_value(SETTINGS[name], value)
    return ResolvedSettings(values, tuple(given))


def stages_of(stage: str) -> tuple[str, ...]:
    """The computing stages whose settings ``stage`` depends on, itself included.

    Examples:
        >>> stages_of("tone")
        ('load', 'text', 'framing', 'tone')
        >>> stages_of("view:02_frequencies")
        ('load', 'text', 'counts', 'view', 'view:02_frequencies')
    """
    if stage in STAGE_UPSTREAM:
        return STAGE_UPSTREAM[stage] + (stage,)
    if stage.startswith("view:") and stage[5:] in NOTEBOOK_STAGES:
        shared = tuple(f"view:{v}" for v, notebooks in SHARED_VIEWS.items() if stage[5:] in notebooks)
        return NOTEBOOK_STAGES[stage[5:]] + ("view",) + shared + (stage,)
    if stage.startswith("view:") and stage[5:] in SHARED_VIEWS:
        return ("view", stage)
    raise ParameterError(f"unknown stage {stage!r}; the stages are: "
                         f"{', '.join(list(STAGE_UPSTREAM) + ['view:' + n for n in NOTEBOOK_STAGES])}")


def settings_for_stage(resolved: Mapping[str, Any], stage: str) -> dict[str, Any]:
    """The settings a stage depends on (its own and its upstream stages'), as plain data.

    Examples:
        >>> sorted(settings_for_stage(resolve_settings(), "frames"))[-3:]
        ['stopwords_path', 'text_column', 'time_unit']
        >>> "metonyms" in settings_for_stage(resolve_settings(), "text")
        False
    """
    wanted = set(stages_of(stage))
    return {name: (list(resolved[name]) if isinstance(resolved[name], list) else resolved[name])
            for name, s in SETTINGS.items() if s.stage in wanted}


def to_json(resolved: ResolvedSettings) -> str:
    """Serialize resolved settings (sorted keys, so equal settings give equal text).

    The runner writes this once; every notebook reads it with :func:`from_json`.
    """
    return json.dumps({"settings": resolved.as_dict(), "given": list(resolved.given)},
                      sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def from_json(text: str) -> ResolvedSettings:
    """Read settings written by :func:`to_json`, validating them again.

    Raises:
        ParameterError: Not such a document, or an unknown name or bad value in it.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParameterError(f"settings file is not valid JSON ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("settings"), dict):
        raise ParameterError("settings file must hold {'settings': {...}, 'given': [...]}")
    values = data["settings"]
    given = tuple(data.get("given", ()))
    resolved = resolve_settings(values)
    return ResolvedSettings(resolved, given)


def defaults_table() -> list[dict[str, Any]]:
    """One row per setting (name, type, default, stage, help), for docs and ``--help``."""
    return [{"name": s.name, "type": s.type, "default": s.default, "stage": s.stage, "help": s.help}
            for s in SETTINGS.values()]
