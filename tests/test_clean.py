"""Tests for analysis.clean on real RFE/RL layout and on tricky near-misses."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.clean import body_spans, clean_corpus, find_boilerplate, load_rules
from analysis.corpus import load_corpus
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
