"""Tests for analysis.corpus.clean on real RFE/RL layout and on tricky near-misses."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.corpus.clean import body_spans, clean_corpus, find_boilerplate, load_rules
from analysis.corpus.load import load_corpus
from analysis.exceptions import RulesError

RULES = load_rules()


def _removed(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.rule) for s in find_boilerplate(text, rules=RULES)]


def test_seed_article_boilerplate(seed_text):
    assert _removed(seed_text) == [
        ("SEE ALSO: Wider Europe Briefing: NATO Braces For An Unpredictable 2025", "cross_promotion"),
        ("SEE ALSO: Trump Says Russia, Iran In 'Weakened State,' Calls On Putin To Make Ukraine Deal", "cross_promotion"),
        (
            "Ukraine Invasion: News & Analysis\nRFE/RL's Ukraine Live Briefing gives you the latest developments on "
            "Russia's invasion, Western military aid, the plight of civilians, and territorial control maps. "
            "For all of RFE/RL's coverage of the war, click here.",
            "coverage_promo_block",
        ),
        ("With reporting by Dilova Stolytsya and TrueUA", "credit_line"),
    ]


def test_glued_promo_headline_leaves_the_next_sentence_in_the_body(seed_text):
    spans = find_boilerplate(seed_text, rules=RULES)
    body = body_spans(seed_text, spans)
    glued = seed_text.index("2025Zelenskiy") + 4
    assert any(start == glued for start, _ in body)
    assert seed_text[glued:].startswith("Zelenskiy said in a post later on Telegram")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("READ MORE: Kremlin Says Talks Stalled", [("READ MORE: Kremlin Says Talks Stalled", "cross_promotion")]),
        ("Additional reporting by Reuters", [("Additional reporting by Reuters", "credit_line")]),
        ("Body.\r\nWith reporting by AP\r\n", [("With reporting by AP", "credit_line")]),
        # negative cases: ordinary sentences that merely contain the words
        ("He said he would see also whether talks resume.", []),
        ("The report, compiled by analysts with reporting by AP, was late.", []),
        ("The briefing was live on television.", []),
        ("Related: the talks failed.", []),  # not upper-case SEE ALSO/RELATED marker
    ],
)
def test_rules_on_tricky_strings(text, expected):
    assert _removed(text) == expected


def test_every_rule_matches_its_example_and_not_its_counter_example():
    import yaml

    data = yaml.safe_load(config.BOILERPLATE_RULES_FILE.read_text(encoding="utf-8"))
    for rule, entry in zip(RULES.rules, data["rules"]):
        assert rule.pattern.search(entry["example"]), rule.name
        assert not rule.pattern.search(entry["counter_example"]), rule.name


def test_cleaning_never_rewrites_characters(seed_text):
    spans = find_boilerplate(seed_text, rules=RULES)
    body = body_spans(seed_text, spans)
    pieces = sorted([(s.start, s.end) for s in spans] + body)
    # body and boilerplate together cover the text; only whitespace lies between them
    cursor = 0
    for start, end in pieces:
        assert seed_text[cursor:start].strip() == ""
        cursor = end
    assert seed_text[cursor:].strip() == ""


def test_clean_corpus_switch(small_corpus):
    docs = load_corpus(small_corpus)
    on = clean_corpus(docs)
    off = clean_corpus(docs, enabled=False)
    assert on.boilerplate["rule"].tolist() == ["cross_promotion", "credit_line"]
    assert off.boilerplate.empty and off.body["a"] == [(0, len(docs.loc[0, "text"]))]
    for row in on.boilerplate.itertuples():
        text = docs.set_index("doc_id").loc[row.doc_id, "text"]
        assert text[row.start : row.end] == row.text


def test_user_rules_file(tmp_path, small_corpus):
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 7\nrules:\n  - name: ap\n    pattern: '\\bAP\\b'\n")
    result = clean_corpus(load_corpus(small_corpus), rules_path=rules)
    assert result.rules_version == "7" and result.boilerplate["text"].tolist() == ["AP"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("rules: [{name: x}]", "each rule needs 'name' and 'pattern'"),
        ("rules: [{name: x, pattern: '('}]", "does not compile"),
        ("rules: [{name: x, pattern: a}, {name: x, pattern: b}]", "duplicate rule name"),
        ("- just a list", "expected a mapping"),
    ],
)
def test_bad_rules_files(tmp_path, content, message):
    path = tmp_path / f"r{abs(hash(content))}.yaml"
    path.write_text(content)
    with pytest.raises(RulesError, match=message):
        load_rules(path)


# --- linear time and time limits -------------------------------------------------------------------------------

N = 100_000


def _fill(prefix: str, unit: str) -> str:
    """``prefix`` followed by ``unit`` repeated, cut to exactly N characters."""
    return (prefix + unit * (N // len(unit) + 1))[:N]


#: Per default rule, the inputs that made the old patterns backtrack (or would, for a careless rewrite):
#: long runs the rule must read to the end of the line before it can decide.
WORST_CASES = {
    "cross_promotion": [
        _fill("SEE ALSO: ", "A"),  # the reported case: 250 s with the old pattern
        _fill("SEE ALSO: ", "aA"),  # a capital after a non-space at every other position
        _fill("SEE ALSO: ", "A "),
        _fill("SEE ALSO:", ":"),
        _fill("", "SEE ALSO: A\n"),
    ],
    "coverage_promo_block": [
        _fill("", "For all of "),  # every position starts a keyword that never completes
        _fill("", "x" * 59 + "\n"),  # every line is a possible heading
        _fill("", "For all of " + "x" * 38 + "\n"),
        _fill("", "a"),
    ],
    "credit_line": [
        _fill("With reporting by ", "a"),
        _fill("", " \t"),
        _fill("", "With reporting b\n"),
    ],
}


def test_every_default_rule_has_worst_cases():
    assert sorted(WORST_CASES) == sorted(r.name for r in RULES.rules)


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_default_rule_is_linear_on_worst_case_input(name):
    import time

    rule = next(r for r in RULES.rules if r.name == name)
    for text in WORST_CASES[name]:
        assert len(text) == N
        began = time.perf_counter()
        list(rule.pattern.finditer(text))
        elapsed = time.perf_counter() - began
        assert elapsed < 1.0, (name, text[:30], elapsed)  # the old cross_promotion took 250 s


@pytest.mark.parametrize(
    "text, expected",
    [
        # the whole line when nothing is glued to it
        ("SEE ALSO: " + "A" * 20, [("SEE ALSO: " + "A" * 20, "cross_promotion")]),
        # a glued capital after a non-space ends the headline; the glued word starts a sentence
        ("SEE ALSO:Big says", [("SEE ALSO:", "cross_promotion")]),
        ("SEE ALSO: NATO Summit EndsThe talks went on.", [("SEE ALSO: NATO Summit Ends", "cross_promotion")]),
        ("WATCH: Drone Footage 2024Kyiv was hit", [("WATCH: Drone Footage 2024", "cross_promotion")]),
        # negative cases: a title-case word after a space, or a glued word not followed by a lowercase word
        ("SEE ALSO: Talks End As Kyiv waits\n", [("SEE ALSO: Talks End As Kyiv waits", "cross_promotion")]),
        ("SEE ALSO: Talks 2025Kyiv Waits", [("SEE ALSO: Talks 2025Kyiv Waits", "cross_promotion")]),
        ("Live Briefing " * 3 + "\nNext line.", [("Live Briefing Live Briefing Live Briefing", "coverage_promo_block")]),
        ("x" * 61 + "\nFor all of our coverage, read on.", [("For all of our coverage, read on.", "coverage_promo_block")]),
        ("For all of " + "x" * 41 + " coverage", []),  # the outlet name is at most 40 characters
        ("  Written by A. Writer \t\r\nBody.", [("  Written by A. Writer", "credit_line")]),
    ],
)
def test_linear_rules_keep_their_matches(text, expected):
    assert _removed(text) == expected


def _rules_file(tmp_path, body: str):
    path = tmp_path / "my_rules.yaml"
    path.write_text("version: x\nrules:\n" + body, encoding="utf-8")
    return path


def test_user_rule_that_backtracks_catastrophically_stops_with_a_clear_error(tmp_path):
    import pandas as pd

    path = _rules_file(tmp_path, "  - name: runaway\n    pattern: '(a+)+$'\n")
    docs = pd.DataFrame({"doc_id": ["ok", "long"], "text": ["Short text.", "a" * 10_000 + "b"]})
    with pytest.raises(RulesError) as caught:
        clean_corpus(docs, rules_path=path, timeout=0.5)
    message = str(caught.value)
    assert "my_rules.yaml" in message and "'runaway'" in message and "document 'long'" in message
    assert "What to do" in message and "0.5 s" in message
    assert caught.value.entry == 1


def test_user_rule_within_its_time_limit_runs(tmp_path):
    import pandas as pd

    path = _rules_file(tmp_path, "  - name: runaway\n    pattern: '(a+)+$'\n")
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["xx aaa"]})
    result = clean_corpus(docs, rules_path=path, timeout=0.5)
    assert result.boilerplate["text"].tolist() == ["aaa"]


def test_time_limit_grows_with_the_document():
    from analysis.corpus.clean import rule_timeout

    assert rule_timeout(0) == 5.0
    assert rule_timeout(1_000_000) == 15.0
    assert rule_timeout(5_000_000) > rule_timeout(1_000_000)


@pytest.mark.parametrize(
    "body, message",
    [
        ("  - {name: a, pattern: 'AP', example: 'by Reuters'}\n", "'a' does not match its example 'by Reuters'"),
        ("  - {name: a, pattern: 'AP', counter_example: 'by AP'}\n", "'a' matches its counter_example 'by AP'"),
        ("  - {name: a, pattern: 'AP', example: 3}\n", "the example of rule 'a' must be a string"),
        ("  - {name: a, pattern: 7}\n", "the pattern of rule 'a' must be a string"),
    ],
)
def test_rules_are_validated_when_loaded(tmp_path, body, message):
    with pytest.raises(RulesError, match=message):
        load_rules(_rules_file(tmp_path, body))


def test_rules_with_good_examples_load(tmp_path):
    rules = load_rules(_rules_file(tmp_path, "  - {name: a, pattern: '\\bAP\\b', example: 'by AP', counter_example: 'APE'}\n"))
    assert [r.name for r in rules.rules] == ["a"] and rules.version == "x"


def test_catastrophic_rule_is_caught_on_its_own_example(tmp_path, monkeypatch):
    from analysis.corpus import clean

    monkeypatch.setattr(clean, "EXAMPLE_TIMEOUT", 0.2)
    path = _rules_file(tmp_path, "  - name: runaway\n    pattern: '(a+)+$'\n    counter_example: '" + "a" * 5000 + "b'\n")
    with pytest.raises(RulesError, match="'runaway' took more than 0.2 s on its own counter_example"):
        load_rules(path)
