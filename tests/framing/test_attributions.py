"""Attributions, stance, modifiers and voice, on real news phrasing."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.framing.attributions import actor_voice_summary, find_attributions
from analysis.framing.quotes import find_quotes

ACTORS = {
    "Kyiv": ("Kyiv", "place"),
    "Zelenskiy": ("Volodymyr Zelenskiy", "person"),
    "Putin": ("Vladimir Putin", "person"),
    "Trump": ("Donald Trump", "person"),
    "Russia": ("Russia", "state"),
    "Kremlin": ("Russia", "state"),
    "Moscow": ("Russia", "state"),
    "Nykyforov": ("Serhiy Nykyforov", "person"),
}


def _rows(text: str):
    pattern = re.compile(r"\b(?:" + "|".join(ACTORS) + r")\b")
    mentions = [
        {"start": m.start(), "end": m.end(), "actor": ACTORS[m.group()][0], "actor_type": ACTORS[m.group()][1]}
        for m in pattern.finditer(text)
    ]
    sentences = [(0, len(text))]
    quotes, _ = find_quotes(text, doc_id="d", mentions=mentions, sentences=sentences)
    rows = find_attributions(text, doc_id="d", sentences=sentences, mentions=mentions, quotes=quotes)
    for row in rows:
        for part in ("speaker", "cue", "modifier"):
            if row[f"{part}_start"] is not None:
                expected = row[f"{part}_text"] if part == "speaker" else row[part]
                assert text[row[f"{part}_start"] : row[f"{part}_end"]] == expected
    return rows


def _summary(rows):
    return [(r["kind"], r["speaker"], r["cue"], r["cue_lemma"], r["stance"], r["modifier"], r["voice"]) for r in rows]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Putin has also said Kyiv must cede large swaths of land that Russia baselessly claims as its own.",
            [
                ("attribution", "Vladimir Putin", "said", "say", "neutral", None, "narration"),
                ("attribution", "Russia", "claims", "claim", "distancing", "baselessly", "narration"),
            ],
        ),
        (
            "The Kremlin has repeatedly and falsely claimed that Kyiv started the war.",
            [("attribution", "Russia", "claimed", "claim", "distancing", "falsely", "narration")],
        ),
        (
            "Moscow claimed, without evidence, that drones attacked the plant.",
            [("attribution", "Russia", "claimed", "claim", "distancing", "without evidence", "narration")],
        ),
        (
            "Nykyforov emphasized that the final list was still being finalized.",
            [("attribution", "Serhiy Nykyforov", "emphasized", "emphasize", "endorsing", None, "narration")],
        ),
        (
            "Zelenskiy admitted that the counteroffensive had stalled.",
            [("attribution", "Volodymyr Zelenskiy", "admitted", "admit", "concessive", None, "narration")],
        ),
        (
            "French President Emmanuel Macron called for the deployment of European forces.",
            [("attribution", "Emmanuel Macron", "called for", "call for", "directive", None, "narration")],
        ),
        (
            "Experts say it will be difficult to hammer out a peace deal quickly.",
            [("attribution", "Experts", "say", "say", "neutral", None, "narration")],
        ),
        (
            "Officials in Kyiv said the talks would resume.",
            [("attribution", "Officials in Kyiv", "said", "say", "neutral", None, "narration")],
        ),
        (
            "Trump, who will take office on January 20, has criticized the aid.",
            [("attribution", "Donald Trump", "criticized", "criticize", "oppositional", None, "narration")],
        ),
    ],
)
def test_attributions(text, expected):
    assert _summary([r for r in _rows(text) if r["kind"] == "attribution"]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia's territorial claims in the east were rejected by the court.",  # "rejected" is passive with no agent
        "Analysts doubt the claim that the front is stable.",
        "Kyiv dismissed Russian claims as propaganda.",
        "Moscow's resistance to NATO admitting Ukraine into the military alliance remains.",
        "Tens of billions of dollars the United States has poured into Ukraine.",
    ],
)
def test_nouns_and_other_senses_are_not_attributions(text):
    rows = [r for r in _rows(text) if r["kind"] == "attribution"]
    assert not any(r["cue_lemma"] in ("claim", "admit", "state") for r in rows), _summary(rows)


def test_pronoun_speaker_resolves_to_the_last_person():
    rows = _rows("Trump spoke at length. He has claimed he could end the war within 24 hours.")
    assert _summary(rows) == [("attribution", "Donald Trump", "claimed", "claim", "distancing", None, "narration")]
    assert rows[0]["speaker_text"] == "He" and rows[0]["speaker_rule"] == "pronoun"


def test_nominal_evaluation_is_reported_and_labelled():
    rows = _rows("Kyiv rejected Russia's baseless claims about the dam.")
    nominal = [r for r in rows if r["kind"] == "nominal_evaluation"]
    assert _summary(nominal) == [("nominal_evaluation", "Russia", "claims", "claim", "distancing", "baseless", "narration")]


def test_free_modifiers_and_voice():
    text = 'The so-called referendum was held. "They allegedly claimed victory," Zelenskiy said.'
    rows = _rows(text)
    assert [(r["kind"], r["modifier"], r["voice"]) for r in rows if r["kind"] == "free_modifier"] == [
        ("free_modifier", "so-called", "narration"),
    ]
    attributions = [r for r in rows if r["kind"] == "attribution"]
    assert [(r["cue"], r["modifier"], r["voice"], r["quote_id"]) for r in attributions] == [
        ("claimed", "allegedly", "quoted", None),
        ("said", None, "narration", 0),
    ]


def test_discrediting_adjective_alone_is_not_reported():
    assert _rows("He made a false start and a dubious joke.") == []


def test_actor_voice_summary_on_rows():
    text = 'Zelenskiy said talks matter. "We will win," Zelenskiy said. Moscow claimed victory.'
    rows = pd.DataFrame(_rows(text))
    quotes = pd.DataFrame([{"speaker": "Volodymyr Zelenskiy", "kind": "full"}])
    mentions = pd.DataFrame({"actor": ["Volodymyr Zelenskiy", "Volodymyr Zelenskiy", "Russia"]})
    summary = actor_voice_summary(rows, quotes, mentions).set_index("actor")
    z = summary.loc["Volodymyr Zelenskiy"]
    assert (z.attributions, z.neutral, z.direct_quotes, z.paraphrases, z.direct_voice_share) == (2, 2, 1, 1, 0.5)
    r = summary.loc["Russia"]
    assert (r.attributions, r.distancing, r.direct_quotes) == (1, 1, 0) and r.direct_voice_share == 0.0
