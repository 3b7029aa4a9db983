"""The framing extractors on the default article, against the hand annotation."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from analysis import config
from analysis.framing.analyze import analyze_framing
from analysis.text.prepare import prepare_corpus

ANNOTATION = yaml.safe_load((config.TESTS_DIR / "fixtures" / "seed_annotation.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed():
    prepared = prepare_corpus(config.DATA_RAW_DIR)
    return prepared, analyze_framing(prepared)


def _value(v):
    import pandas as pd

    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def test_quotes_match_the_annotation_except_known_misses(seed):
    _, result = seed
    missed = {m["quote_begins"] for m in ANNOTATION["known_misses"] if "quote_begins" in m}
    found = result.quotes.to_dict("records")
    assert len(found) == len(ANNOTATION["quotes"])
    for got, expected in zip(found, ANNOTATION["quotes"]):
        assert got["text"].startswith(expected["begins"])
        assert got["kind"] == expected["kind"], expected["begins"]
        if expected["begins"] in missed:
            assert _value(got["speaker"]) is None and _value(got["cue"]) is None
            continue
        assert (_value(got["speaker"]), _value(got["cue"])) == (expected["speaker"], expected["cue"]), expected["begins"]


#: Rows added by the cue classes of reporting_verbs.yaml version 4 (positions, intentions and expectations, and
#: verbs of discussing), which the seed annotation (verbs of speech) does not list. Each was read in the article:
#: the first three are embedded in the reported clause of "said" (column ``embedded``), as PolNeAR would leave them.
LEXICON_V4_ADDITIONS: tuple[tuple, ...] = (
    (("Volodymyr Zelenskiy", "plans", "neutral", None, "narration"), True),  # "said … that he plans to call Biden"
    (("Volodymyr Zelenskiy", "discuss", "neutral", None, "narration"), True),  # "… and discuss the issue"
    (("the leaders", "discussed", "neutral", None, "narration"), True),  # "said the leaders discussed …"
    ((None, "expected", "neutral", None, "narration"), False),  # "the meeting is expected to include …"
    ((None, "expected", "neutral", None, "narration"), False),  # "it is expected to focus on …"
    (("key European states", "supported", "endorsing", None, "narration"), False),  # "states that have supported"
)


def test_attributions_match_the_annotation_up_to_documented_differences(seed):
    _, result = seed
    rows = result.attributions[result.attributions["kind"] == "attribution"]
    got = Counter(
        tuple(_value(r[c]) for c in ("speaker", "cue", "stance", "modifier", "voice")) for r in rows.to_dict("records")
    )
    expected = Counter(tuple(item) for item in ANNOTATION["attributions"])
    for miss in ANNOTATION["known_misses"]:
        if "item" in miss:
            expected[tuple(miss["item"])] -= 1
    for extra in ANNOTATION["known_false_positives"]:
        expected[tuple(extra["item"])] += 1
    for item, _ in LEXICON_V4_ADDITIONS:
        expected[item] += 1
    assert got == +expected


def test_positions_inside_a_report_are_marked_embedded(seed):
    _, result = seed
    rows = result.attributions[result.attributions["kind"] == "attribution"].to_dict("records")
    for item, embedded in LEXICON_V4_ADDITIONS:
        found = [r for r in rows if tuple(_value(r[c]) for c in ("speaker", "cue", "stance", "modifier", "voice")) == item]
        assert found and all(bool(r["embedded"]) == embedded for r in found), item
    # the speech verbs of the annotation are never embedded
    assert not any(r["embedded"] for r in rows if r["cue_lemma"] in ("say", "tell", "add"))


def test_the_baselessly_claims_row(seed):
    prepared, result = seed
    text = prepared.text_of(ANNOTATION["document"])
    row = result.attributions.query("cue == 'claims'").iloc[0]
    assert (row.speaker, row.cue_lemma, row.stance, row.modifier, row.voice, row.kind) == (
        "Russia", "claim", "distancing", "baselessly", "narration", "attribution",
    )
    assert text[row.speaker_start : row.speaker_end] == "Russia"
    assert text[row.modifier_start : row.modifier_end] == "baselessly"
    assert text[row.cue_start : row.cue_end] == "claims"
    assert text[row.start : row.end].startswith("Putin has also said Kyiv must cede")


def test_no_noun_claims_in_the_article(seed):
    _, result = seed
    assert result.attributions.query("cue_lemma == 'claim'")["cue"].tolist() == ["claims", "claimed"]


def test_every_framing_table_points_at_its_source_characters(seed):
    prepared, result = seed
    texts = dict(zip(prepared.documents["doc_id"], prepared.documents["text"]))
    checks = [
        (result.mentions, "text", "start", "end"),
        (result.quotes, "text", "start", "end"),
        (result.quotes, "speaker_text", "speaker_start", "speaker_end"),
        (result.quotes, "cue", "cue_start", "cue_end"),
        (result.attributions, "speaker_text", "speaker_start", "speaker_end"),
        (result.attributions, "cue", "cue_start", "cue_end"),
        (result.attributions, "modifier", "modifier_start", "modifier_end"),
        (prepared.sentences, "text", "start", "end"),
    ]
    checked = 0
    for table, column, start, end in checks:
        for row in table.to_dict("records"):
            if _value(row[start]) is None:
                assert _value(row[column]) is None
                continue
            assert texts[row["doc_id"]][int(row[start]) : int(row[end])] == row[column]
            checked += 1
    assert checked > 150


def test_actor_summary_for_the_article(seed):
    _, result = seed
    summary = result.summary.set_index("actor")
    z = summary.loc["Volodymyr Zelenskiy"]
    # 12 attributions: the 10 speech acts of the annotation, and "plans" and "discuss" (embedded in "said", so
    # not paraphrases of their own; see LEXICON_V4_ADDITIONS). "We do seek it" is a stance inside his quote.
    assert (z.mentions, z.attributions, z.neutral, z.endorsing, z.direct_quotes, z.fragments, z.paraphrases) == (
        9, 12, 11, 1, 3, 2, 5,
    )
    assert z.direct_voice_share == pytest.approx(3 / 8)
    russia = summary.loc["Russia"]
    assert (russia.mentions, russia.distancing, russia.direct_quotes) == (12, 1, 0)
