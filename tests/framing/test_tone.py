"""Tests for analysis.framing.tone: VADER scores, sentence voice, actors, summaries.

VADER values are those of the reference implementation (vaderSentiment
3.3.2); voice labels and summary values were worked out by hand from the
character offsets and compound scores written in each test.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.framing import tone
from analysis.framing.analyze import analyze_framing
from analysis.text.prepare import prepare_corpus
from analysis.framing.tone import (
    NEGATIVE_THRESHOLD,
    POSITIVE_THRESHOLD,
    TONE_COLUMNS,
    VOICES,
    _analyzer,
    in_quotes,
    narration_tone,
    polarity,
    quote_tone,
    quoted_share,
    sentence_actors,
    sentence_tone,
    tone_by_actor,
    tone_by_voice,
)


@pytest.fixture(scope="module")
def seed():
    prepared = prepare_corpus("data/raw")
    return prepared, analyze_framing(prepared)


def _sentences(spans, doc_id="d", texts=None):
    return pd.DataFrame({
        "doc_id": [doc_id] * len(spans), "sent_id": list(range(len(spans))),
        "start": [s for s, _ in spans], "end": [e for _, e in spans],
        "text": texts if texts is not None else ["x" * (e - s) for s, e in spans],
    })


def _quotes(spans, doc_id="d"):
    return pd.DataFrame({"doc_id": [doc_id] * len(spans), "start": [s for s, _ in spans],
                         "end": [e for _, e in spans]})


NO_MENTIONS = pd.DataFrame({"doc_id": pd.Series([], dtype="string"), "sent_id": pd.Series([], dtype="int64"),
                            "actor": pd.Series([], dtype="string")})


# ---------------------------------------------------------------- VADER


def test_vader_reference_value():
    assert polarity("VADER is smart, handsome, and funny.") == {
        "neg": 0.0, "neu": 0.254, "pos": 0.746, "compound": 0.8316,
    }


def test_negative_news_sentence():
    # "killed" (-3.5 in the VADER lexicon), "brutal" (-3.1), "attack" (-2.1), no other lexicon word:
    # sum -8.7, compound = -8.7 / sqrt(8.7 ** 2 + 15) = -0.9136 (VADER's normalization, alpha 15)
    scores = polarity("Russian missiles killed at least 10 civilians in a brutal attack on Kyiv.")
    assert scores["compound"] < NEGATIVE_THRESHOLD
    assert scores["pos"] == 0.0 and scores["neg"] > 0
    assert scores["compound"] == round(-8.7 / math.sqrt(8.7**2 + 15), 4) == -0.9136


def test_analyzer_is_built_once():
    assert _analyzer() is _analyzer()


def test_no_network_and_no_import_time_work():
    code = (
        "import sys\n"
        "def hook(event, args):\n"
        "    if event.startswith(('socket.connect', 'socket.getaddrinfo', 'urllib.Request')):\n"
        "        raise RuntimeError('network access: ' + event)\n"
        "sys.addaudithook(hook)\n"
        "import analysis.framing.tone as tone\n"
        "assert 'vaderSentiment.vaderSentiment' not in sys.modules, 'VADER loaded at import'\n"
        "print(tone.polarity('VADER is smart, handsome, and funny.')['compound'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=config.PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0.8316"


# ---------------------------------------------------------------- voice


def test_voice_labels_by_hand_including_the_half_boundary():
    # five sentences of 10 characters each
    sents = _sentences([(0, 10), (10, 20), (20, 30), (30, 40), (40, 50)])
    quotes = _quotes([(12, 17), (21, 25), (30, 40)])  # 5/10, 4/10, 10/10 of sentences 1, 2, 3
    assert quoted_share(sents, quotes).tolist() == [0.0, 0.5, 0.4, 1.0, 0.0]
    tone = sentence_tone(sents, quotes, NO_MENTIONS)
    assert tone["voice"].tolist() == ["narration", "quoted", "mixed", "quoted", "narration"]


def test_voice_with_a_quote_across_sentences_overlaps_and_other_documents():
    sents = _sentences([(0, 10), (10, 20)])
    # one quote over both sentences (6 + 1 chars), a duplicate that must not count twice,
    # and a quote of another document
    quotes = pd.concat([_quotes([(4, 11), (4, 11), (12, 13)]), _quotes([(0, 20)], doc_id="other")])
    assert quoted_share(sents, quotes).tolist() == [0.6, 0.2]
    assert sentence_tone(sents, quotes, NO_MENTIONS)["voice"].tolist() == ["quoted", "mixed"]


def test_in_quotes_needs_the_whole_span_inside():
    quotes = _quotes([(10, 20)])
    spans = pd.DataFrame({"doc_id": ["d"] * 4, "start": [10, 9, 15, 19], "end": [20, 12, 21, 20]})
    assert in_quotes(spans, quotes).tolist() == [True, False, False, True]
    assert in_quotes(spans, quotes.iloc[0:0]).tolist() == [False] * 4


# ---------------------------------------------------------------- actors and table


def test_actors_are_canonical_sorted_unique_and_places_left_out():
    sents = _sentences([(0, 10), (10, 20), (20, 30)])
    mentions = pd.DataFrame({
        "doc_id": ["d"] * 5, "sent_id": [0, 0, 0, 1, 2],
        "actor": ["Volodymyr Zelenskiy", "NATO", "Volodymyr Zelenskiy", "Kyiv", None],
        "actor_type": ["person", "organisation", "person", "place", "person"],
    })
    assert sentence_actors(sents, mentions) == ["NATO; Volodymyr Zelenskiy", "", ""]
    assert sentence_actors(sents, mentions, exclude_types=()) == ["NATO; Volodymyr Zelenskiy", "Kyiv", ""]


def test_sentence_tone_table():
    text = 'NATO said the talks failed. "We will win," Zelenskiy said.'
    sents = _sentences([(0, 27), (28, 58)], texts=[text[0:27], text[28:58]])
    quotes = _quotes([(29, 41)])
    mentions = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "actor": ["NATO", "Volodymyr Zelenskiy"]})
    tone = sentence_tone(sents, quotes, mentions)
    assert tuple(tone.columns) == TONE_COLUMNS
    assert tone["compound"].tolist() == [polarity(text[0:27])["compound"], polarity(text[28:58])["compound"]]
    assert tone["compound"][0] < 0 < tone["compound"][1]  # "failed" / "win"
    assert tone["quoted_share"].tolist() == [0.0, 12 / 30]
    assert str(tone["compound"].dtype) == "float64" and str(tone["actors"].dtype) == "string"


def test_default_article_voices(seed):
    prepared, framing = seed
    tone = sentence_tone(prepared.sentences, framing.quotes, framing.mentions)
    assert len(tone) == len(prepared.sentences)
    voices = dict(zip(tone["sent_id"], tone["voice"]))
    # sentences 5 and 6 lie wholly inside Zelenskiy's quote; sentence 7 ('We do seek it," he said.') is
    # 14 of 24 characters quoted; sentence 2 is 113 quoted of 237 (just under half); sentence 0 has no quote
    assert [voices[i] for i in (0, 2, 5, 6, 7)] == ["narration", "mixed", "quoted", "quoted", "quoted"]
    assert tone.loc[tone["sent_id"] == 7, "quoted_share"].iloc[0] == pytest.approx(14 / 24)
    assert tone.loc[tone["sent_id"] == 2, "quoted_share"].iloc[0] == pytest.approx(113 / 237)
    assert tone["compound"].between(-1, 1).all()
    assert not tone["actors"].str.contains("Kyiv").any()  # "in Kyiv" is a place


# ---------------------------------------------------------------- summaries


def test_tone_by_actor_by_hand():
    tone = pd.DataFrame({
        "actors": ["A; B", "A", "", "B", "C", "A"],
        "compound": [0.5, -0.05, 0.9, 0.0, 0.05, 0.3],
    })
    table = tone_by_actor(tone)
    # A: 0.5, -0.05, 0.3 -> mean 0.25, negative 1/3 (-0.05 counts), positive 2/3
    # B: 0.5, 0.0 -> mean 0.25, neutral 1/2, positive 1/2;  C: 0.05 -> positive (threshold inclusive)
    assert table["actor"].tolist() == ["A", "B", "C"]
    assert table["n_sentences"].tolist() == [3, 2, 1]
    assert table["mean_compound"].tolist() == pytest.approx([0.25, 0.25, 0.05])
    assert table["share_negative"].tolist() == pytest.approx([1 / 3, 0.0, 0.0])
    assert table["share_neutral"].tolist() == pytest.approx([0.0, 0.5, 0.0])
    assert table["share_positive"].tolist() == pytest.approx([2 / 3, 0.5, 1.0])
    assert tone_by_actor(tone, min_sentences=2)["actor"].tolist() == ["A", "B"]
    assert (NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD) == (-0.05, 0.05)


def test_tone_by_actor_ties_sorted_by_name_and_empty_input():
    tone = pd.DataFrame({"actors": ["Zed", "Abe"], "compound": [0.1, 0.2]})
    assert tone_by_actor(tone)["actor"].tolist() == ["Abe", "Zed"]
    empty = tone_by_actor(tone.iloc[0:0])
    assert empty.empty and empty.columns[0] == "actor"


def test_tone_by_voice_has_every_voice():
    tone = pd.DataFrame({"voice": ["quoted", "narration", "narration"], "compound": [-0.6, 0.2, 0.4]})
    table = tone_by_voice(tone)
    assert table["voice"].tolist() == list(VOICES)
    assert table["n_sentences"].tolist() == [2, 0, 1]
    assert table["mean_compound"][0] == pytest.approx(0.3)
    assert math.isnan(table["mean_compound"][1])
    assert table["share_negative"][2] == 1.0


def test_default_article_top_actors(seed):
    prepared, framing = seed
    table = tone_by_actor(sentence_tone(prepared.sentences, framing.quotes, framing.mentions))
    assert table["actor"].head(5).tolist() == ["Ukraine", "Russia", "Volodymyr Zelenskiy", "NATO", "European Union"]
    assert table["n_sentences"].head(5).tolist() == [22, 11, 9, 7, 5]


def test_quote_and_narration_tone(seed):
    prepared, framing = seed
    quotes = quote_tone(framing.quotes)
    assert len(quotes) == len(framing.quotes)
    assert quotes["compound"].tolist() == [polarity(t)["compound"] for t in framing.quotes["text"]]
    narration = narration_tone(prepared.sentences, framing.quotes)
    # four sentences are wholly quoted (no narration word left)
    assert len(narration) == len(prepared.sentences) - 4
    assert not narration["text"].str.contains('"').any()
    row = narration[narration["sent_id"] == 7].iloc[0]
    assert row["text"] == "he said."


def test_quoted_share_and_in_quotes_match_a_character_count():
    rng = np.random.default_rng(3)
    quotes = pd.DataFrame({"doc_id": rng.choice(["a", "b"], 12), "start": rng.integers(0, 90, 12)})
    quotes["end"] = quotes["start"] + rng.integers(1, 15, 12)
    spans = pd.DataFrame({"doc_id": rng.choice(["a", "b", "c"], 60), "start": rng.integers(0, 100, 60)})
    spans["end"] = spans["start"] + rng.integers(0, 20, 60)
    chars = {d: set() for d in "abc"}
    for q in quotes.itertuples():
        chars[q.doc_id].update(range(q.start, q.end))
    expected_share = [
        (sum(1 for c in range(r.start, r.end) if c in chars[r.doc_id]) / (r.end - r.start)) if r.end > r.start else 0.0
        for r in spans.itertuples()
    ]
    assert quoted_share(spans, quotes).tolist() == pytest.approx(expected_share)
    expected_inside = [_one_merged_span(quotes, r) for r in spans.itertuples()]
    assert in_quotes(spans, quotes).tolist() == expected_inside


def _one_merged_span(quotes: pd.DataFrame, row) -> bool:
    """Whether a span lies in the union of touching or overlapping quotes (merged spans)."""
    own = sorted((q.start, q.end) for q in quotes.itertuples() if q.doc_id == row.doc_id)
    merged: list[list[int]] = []
    for s, e in own:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return any(s <= row.start and row.end <= e for s, e in merged)


# --- linear-time VADER gives the reference's scores ----------------------------------------------------------------


def _crafted_sentences() -> list[str]:
    import random

    rng = random.Random(7)
    words = ("but BUT good bad not never so this without doubt least at very kind of sort the :) no nor or great "
             "GREAT awful ! ? isn't hardly extremely").split()
    return [" ".join(rng.choices(words, k=rng.randint(0, 25))) for _ in range(3000)]


def test_linear_vader_equals_the_reference_sentence_by_sentence(seed_text):
    from analysis.text.tokenize import sentence_spans

    linear, reference = tone._analyzer(), tone._reference_analyzer()
    assert type(linear) is not type(reference)
    sentences = [seed_text[s:e] for s, e in sentence_spans(seed_text)] + _crafted_sentences()
    assert [linear.polarity_scores(s) for s in sentences] == [reference.polarity_scores(s) for s in sentences]


def test_linear_vader_equals_the_reference_on_one_long_sentence(seed_text):
    long_sentence = " ".join(seed_text.replace(".", " ").split()) + " but it was good, not bad"
    assert tone._analyzer().polarity_scores(long_sentence) == tone._reference_analyzer().polarity_scores(long_sentence)


@pytest.mark.parametrize(
    "words, scores, expected",
    [
        (["good", "but", "bad", "good"], [1.0, 0.0, -1.0, 1.0], [0.5, 0.0, -1.5, 1.5]),
        (["x", "but", "y", "z"], [2.0, 0.0, 1.0, 4.0], [0.5, 0.0, 1.0, 6.0]),  # the reference's first-equal lookup
        (["but", "a"], [0.0, 2.0], [0.0, 3.0]),
        (["no", "contrast"], [2.0, 0.0], [2.0, 0.0]),  # negative case: no "but", nothing changes
    ],
)
def test_but_rule_as_the_reference(words, scores, expected):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    assert tone._but_check(words, list(scores)) == expected
    assert SentimentIntensityAnalyzer._but_check(words, list(scores)) == expected
