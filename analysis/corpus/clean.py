"""Separate publisher boilerplate from the article body, without rewriting text.

Cleaning never changes a character. It finds boilerplate spans with the
rules in a versioned YAML file (``resources/boilerplate_rules.yaml``) and
describes the body as the remaining spans of the raw text, so every offset
stays valid. What is removed is kept in a boilerplate table with the rule
that removed it; nothing is dropped silently.

Rules run on the ``regex`` package with a time limit per document and rule
(:func:`rule_timeout`): a rule that backtracks catastrophically, such as
``(a+)+$``, stops the run with a :class:`~analysis.exceptions.RulesError`
naming the rule, its file and the document, instead of hanging. The project's
own rules are written to run in linear time (see the rules file).

Examples:
    >>> text = "Kyiv said yes.\\nWith reporting by AP"
    >>> spans = find_boilerplate(text, rules=load_rules())
    >>> [(s.start, s.end, s.rule, text[s.start:s.end]) for s in spans]
    [(15, 35, 'credit_line', 'With reporting by AP')]
    >>> body_spans(text, spans)
    [(0, 15)]
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import regex
from analysis import config
from analysis.exceptions import RulesError
from analysis.yaml_files import read_yaml_mapping

#: Columns of the boilerplate table.
BOILERPLATE_COLUMNS: tuple[str, ...] = ("doc_id", "start", "end", "text", "rule")

#: Time limit of one rule on one document: this many seconds ...
RULE_TIMEOUT_BASE: float = 5.0
#: ... plus this many per million characters of the document. The project's
#: linear rules need well under 1 s per million characters.
RULE_TIMEOUT_PER_MILLION_CHARS: float = 10.0
#: Time limit of one rule on its ``example`` or ``counter_example`` at load time.
EXAMPLE_TIMEOUT: float = 1.0


def rule_timeout(n_chars: int) -> float:
    """The time limit, in seconds, of one rule on a text of ``n_chars`` characters.

    Examples:
        >>> rule_timeout(0), rule_timeout(2_000_000)
        (5.0, 25.0)
    """
    return RULE_TIMEOUT_BASE + RULE_TIMEOUT_PER_MILLION_CHARS * n_chars / 1_000_000


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule: a named regular expression (``regex`` package)."""

    name: str
    pattern: regex.Pattern
    description: str = ""
    entry: int = 0


@dataclass(frozen=True)
class RuleSet:
    """A versioned list of rules, as read from a YAML file."""

    rules: tuple[Rule, ...]
    version: str
    path: str


@dataclass(frozen=True)
class BoilerplateSpan:
    """A span of raw text removed as boilerplate."""

    start: int
    end: int
    rule: str


@functools.lru_cache(maxsize=8)
def load_rules(path: str | Path = config.BOILERPLATE_RULES_FILE) -> RuleSet:
    """Read and compile a boilerplate rules file.

    Args:
        path: A YAML file with ``version`` and a list of ``rules``, each with
            ``name`` and ``pattern`` (see the default file for the format).

    Returns:
        The compiled rules, in file order.

    Raises:
        RulesError: The file is missing, malformed, has a duplicate name or a
            pattern that does not compile.

    Examples:
        >>> rules = load_rules()
        >>> [r.name for r in rules.rules]
        ['cross_promotion', 'coverage_promo_block', 'credit_line']
    """
    file = Path(path)
    shown = config.display_path(file)
    data = read_yaml_mapping(file, list_key="rules", what="rules file")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["rules"], start=1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("pattern"):
            raise RulesError("each rule needs 'name' and 'pattern'", path=file, entry=index)
        name = str(entry["name"])
        if name in seen:
            raise RulesError(f"duplicate rule name {name!r}", path=file, entry=index)
        seen.add(name)
        if not isinstance(entry["pattern"], str):
            raise RulesError(f"the pattern of rule {name!r} must be a string", path=file, entry=index)
        try:
            pattern = regex.compile(entry["pattern"])
        except regex.error as err:
            raise RulesError(f"pattern of rule {name!r} does not compile: {err}", path=file, entry=index) from None
        _check_examples(name, pattern, entry, file=file, index=index)
        rules.append(Rule(name=name, pattern=pattern, description=str(entry.get("description", "")).strip(),
                          entry=index))
    return RuleSet(rules=tuple(rules), version=str(data.get("version", "")), path=shown)


def _check_examples(name: str, pattern: regex.Pattern, entry: dict, *, file: Path, index: int) -> None:
    """Check a rule on its own ``example`` and ``counter_example`` (when given), with a time limit."""
    for key, should_match in (("example", True), ("counter_example", False)):
        if key not in entry:
            continue
        sample = entry[key]
        if not isinstance(sample, str):
            raise RulesError(f"the {key} of rule {name!r} must be a string", path=file, entry=index)
        try:
            found = pattern.search(sample, timeout=EXAMPLE_TIMEOUT) is not None
        except TimeoutError:
            raise RulesError(
                f"rule {name!r} took more than {EXAMPLE_TIMEOUT:g} s on its own {key} (its pattern backtracks "
                "catastrophically). What to do: rewrite the pattern without nested repetition such as (a+)+",
                path=file, entry=index,
            ) from None
        if found != should_match:
            wrong = "does not match its example" if should_match else "matches its counter_example"
            raise RulesError(f"rule {name!r} {wrong} {sample!r}", path=file, entry=index)


def find_boilerplate(
    text: str, *, rules: RuleSet, doc_id: str | None = None, timeout: float | None = None
) -> list[BoilerplateSpan]:
    """Find boilerplate spans in one raw text.

    Where matches of different rules overlap, the one that starts first wins
    (ties: the longer, then the earlier rule in the file); empty matches are
    ignored.

    Args:
        text: The raw document text.
        rules: Rules from :func:`load_rules`.
        doc_id: The document's identifier, named in a timeout error.
        timeout: Seconds each rule may take on this text; default
            :func:`rule_timeout` of its length.

    Returns:
        Non-overlapping spans, sorted by start.

    Raises:
        RulesError: A rule took longer than ``timeout``.

    Examples:
        >>> t = "SEE ALSO: Big News 2025Zelenskiy said it."
        >>> [(t[s.start:s.end], s.rule) for s in find_boilerplate(t, rules=load_rules())]
        [('SEE ALSO: Big News 2025', 'cross_promotion')]
    """
    limit = rule_timeout(len(text)) if timeout is None else float(timeout)
    found: list[tuple[int, int, int, str]] = []
    for order, rule in enumerate(rules.rules):
        deadline = time.monotonic() + limit
        try:
            for match in rule.pattern.finditer(text, timeout=limit):
                start, end = match.span()
                while end > start and text[end - 1] in " \t\r":
                    end -= 1
                if end > start:
                    found.append((start, -end, order, rule.name))
                if time.monotonic() > deadline:
                    raise TimeoutError
        except TimeoutError:
            document = f"document {doc_id!r}" if doc_id is not None else "a document"
            raise RulesError(
                f"rule {rule.name!r} took more than {limit:g} s on {document} ({len(text):,} characters); "
                "its pattern backtracks too much (nested repetition such as (a+)+ or .*.* is the usual cause). "
                "What to do: rewrite the pattern so that each character can be matched in only one way, "
                "or remove the rule from the file",
                path=rules.path, entry=rule.entry or None,
            ) from None
    spans: list[BoilerplateSpan] = []
    for start, neg_end, _, name in sorted(found):
        if spans and start < spans[-1].end:
            continue
        spans.append(BoilerplateSpan(start=start, end=-neg_end, rule=name))
    return spans


def body_spans(text: str, boilerplate: list[BoilerplateSpan]) -> list[tuple[int, int]]:
    """Return the spans of ``text`` that are not boilerplate.

    Args:
        text: The raw document text.
        boilerplate: Sorted, non-overlapping spans from :func:`find_boilerplate`.

    Returns:
        ``(start, end)`` pairs covering the rest of the text, skipping pieces
        that are only whitespace.

    Examples:
        >>> body_spans("ab--cd", [BoilerplateSpan(2, 4, "x")])
        [(0, 2), (4, 6)]
        >>> body_spans("ab  ", [])
        [(0, 4)]
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for span in list(boilerplate) + [BoilerplateSpan(len(text), len(text), "")]:
        if span.start > cursor and text[cursor : span.start].strip():
            spans.append((cursor, span.start))
        cursor = max(cursor, span.end)
    return spans


@dataclass(frozen=True)
class CleanedCorpus:
    """The result of :func:`clean_corpus`.

    Attributes:
        boilerplate: One row per removed span (:data:`BOILERPLATE_COLUMNS`).
        body: ``doc_id`` -> list of body spans of the raw text.
        enabled: Whether cleaning ran; when off, each body is the whole text.
        rules_version: The ``version`` of the rules file, or ``""``.
    """

    boilerplate: pd.DataFrame
    body: dict[str, list[tuple[int, int]]]
    enabled: bool
    rules_version: str


def clean_corpus(
    documents: pd.DataFrame,
    *,
    enabled: bool = True,
    rules_path: str | Path | None = None,
    timeout: float | None = None,
) -> CleanedCorpus:
    """Split every document of a corpus into body spans and boilerplate.

    Args:
        documents: A table from :func:`analysis.corpus.load.load_corpus`.
        enabled: ``False`` keeps every text whole and removes nothing.
        rules_path: Another rules file; the default is the project's.
        timeout: Seconds each rule may take on one document (see
            :func:`find_boilerplate`).

    Returns:
        A :class:`CleanedCorpus`.

    Examples:
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Hi.\\nWith reporting by AP"]})
        >>> result = clean_corpus(docs)
        >>> result.body["d"], result.boilerplate["text"].tolist()
        ([(0, 4)], ['With reporting by AP'])
        >>> clean_corpus(docs, enabled=False).body["d"]
        [(0, 24)]
    """
    rows: list[dict[str, object]] = []
    body: dict[str, list[tuple[int, int]]] = {}
    rules = load_rules(rules_path or config.BOILERPLATE_RULES_FILE) if enabled else None
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if rules is None:
            body[doc_id] = [(0, len(text))]
            continue
        spans = find_boilerplate(text, rules=rules, doc_id=str(doc_id), timeout=timeout)
        body[doc_id] = body_spans(text, spans)
        rows.extend(
            {"doc_id": doc_id, "start": s.start, "end": s.end, "text": text[s.start : s.end], "rule": s.rule}
            for s in spans
        )
    table = pd.DataFrame(rows, columns=list(BOILERPLATE_COLUMNS))
    table = table.astype({"doc_id": "string", "start": "int64", "end": "int64", "text": "string", "rule": "string"})
    return CleanedCorpus(boilerplate=table, body=body, enabled=enabled, rules_version=rules.version if rules else "")
