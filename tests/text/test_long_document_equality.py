"""Issue 11: quotes, speakers and attributions use indexes (bisection) instead of scans on long documents.

The results must be exactly those of the scans they replace. Each test runs a
long synthetic article with many quotes once with the indexes and once with
the original scans patched back in, and compares every row.
"""

from __future__ import annotations

import random
import re

import pytest

from analysis.framing import attributions as framing
from analysis.framing import quotes
from analysis.framing import speakers
from analysis.framing.attributions import find_attributions
from analysis.framing.quotes import find_quotes

NAMES = {
    "Zelenskiy": ("Volodymyr Zelenskiy", "person"),
    "Putin": ("Vladimir Putin", "person"),
    "Merz": ("Friedrich Merz", "person"),
    "Kyiv": ("Kyiv", "place"),
    "NATO": ("NATO", "organisation"),
    "Russia": ("Russia", "state"),
}
#: Paragraphs with every kind of quote and attribution the rules know, and some unbalanced marks.
SNIPPETS = [
    "Zelenskiy spoke in Kyiv on day {i}.",
    '"We do seek it," he said. "But not at any price."',
    'Putin told reporters: "The talks are over." He left.',
    'The minister called the talks "good and productive" and said they would go on.',
    '"We will win," said Ms. Dong, the spokeswoman for NATO.',
    'Merz said:\n\n"The second paragraph opens the quote."',
    'According to officials in Kyiv, "the deal {i} is done."',
    '"Peace now."\n\n— Sonya Herridge',
    'Jeffrey M. Jones: "Support is falling."',
    'She said she had made progress. "It works," and more.',
    'An unbalanced "mark here.',
    'Trump told NBC that Ukraine should "probably" prepare, she said.',
    'I think "this is fine," Merz said, adding that he believes it.',
    '"First half," Zelenskiy said on ABC\'s "This Week." "Second half."',
    "Russia baselessly claims the land and NATO rejected the claim that it lost.",
    '“Curly quotes,” it said. «Guillemets» too, and a stray ” mark.',
    '"A quote continued\n\n"into a new paragraph," he added.',
    "Officials say the plan, which experts who study it call “a just peace”, is dead.",
]


def _document(n: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    return "\n\n".join(rng.choice(SNIPPETS).format(i=i) for i in range(n))


def _mentions(text: str) -> list[dict]:
    pattern = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
    return [{"start": m.start(), "end": m.end(), "actor": NAMES[m.group()][0], "actor_type": NAMES[m.group()][1]}
            for m in pattern.finditer(text)]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\n]+?(?:[.!?][\"”]?(?=\s)|$)", text, re.M) if m.group().strip()]


def _run(text: str, *, split_body: bool = False) -> tuple[list[dict], list[dict], list[dict]]:
    mentions, sentences = _mentions(text), _sentences(text)
    body = sentences if split_body else None  # many body spans, with gaps between them
    found, problems = find_quotes(text, doc_id="d", mentions=mentions, spans=body, sentences=sentences)
    rows = find_attributions(text, doc_id="d", sentences=sentences, mentions=mentions, quotes=found)
    return found, problems, rows


def _scan_paragraph_bounds(text, position, span, breaks=None):
    """The original: every paragraph break of the span, for every call."""
    start, end = span
    for b_start, b_end in quotes._paragraph_breaks(text, span[0], span[1]):
        if b_end <= position:
            start = b_end
        elif b_start >= position:
            end = b_start
            break
    return start, end


def _put_back_the_scans(monkeypatch) -> None:
    """The original scans in place of the indexes."""
    attribute = quotes._attribute
    monkeypatch.setattr(quotes, "_paragraph_bounds", _scan_paragraph_bounds)
    monkeypatch.setattr(quotes, "_span_finder",
                        lambda body: lambda p: next(((s, e) for s, e in body if s <= p < e), None))
    monkeypatch.setattr(quotes, "_attribute", lambda *a, index=None, **k: attribute(*a, index=None, **k))
    monkeypatch.setattr(speakers, "mention_starts", lambda mentions: [m["start"] for m in mentions])
    monkeypatch.setattr(speakers, "_phrases_between", lambda phrases, low, high: [
        m for m in phrases if m["start"] < high and (low is None or m["start"] >= low)])
    monkeypatch.setattr(framing._QuoteIndex, "holding",
                        lambda self, p: next((q for q in self.quotes if q["start"] <= p < q["end"]), None))
    monkeypatch.setattr(
        framing._QuoteIndex, "introduced_by",
        lambda self, c, with_speaker=False: next((q for q in self.quotes if q.get("cue_start") == c
                                                  and (not with_speaker or q.get("speaker_start") is not None)), None))
    monkeypatch.setattr(
        framing._MentionIndex, "first_inside",
        lambda self, low, high: next((m for m in self.mentions if low <= m["start"] and m["end"] <= high), None))


def test_long_document_has_many_quotes_of_every_rule():
    found, problems, rows = _run(_document(600))
    rules = {q["attribution_rule"] for q in found}
    assert len(found) > 400 and problems and len(rows) > 400
    assert {"after", "before", "signature", "label_colon", "interrupted", "before_colon"} <= rules
    assert {"pronoun", "mention"} <= {q["speaker_rule"] for q in found}
    assert {"quoted", "narration"} <= {r["voice"] for r in rows}


@pytest.mark.parametrize("split_body", [False, True])
def test_indexes_give_the_results_of_the_scans(monkeypatch, split_body):
    text = _document(600)
    monkeypatch.setattr(speakers, "_PHRASE_INDEX_MIN", 0)  # index even short lists of speaker phrases
    fast = _run(text, split_body=split_body)
    _put_back_the_scans(monkeypatch)
    slow = _run(text, split_body=split_body)
    assert len(fast[0]) > 100
    assert fast == slow


def test_phrases_between_is_the_filter(monkeypatch):
    monkeypatch.setattr(speakers, "_PHRASE_INDEX_MIN", 0)
    rng = random.Random(2)
    phrases: list[dict] = []
    for _ in range(300):
        phrases.append({"start": rng.randrange(1000)})  # grows between queries, not in order, with ties
        low, high = rng.choice([None, rng.randrange(1000)]), rng.randrange(1100)
        expected = [m for m in phrases if m["start"] < high and (low is None or m["start"] >= low)]
        result = speakers._phrases_between(phrases, low, high)
        assert len(result) == len(expected) and all(a is b for a, b in zip(result, expected))


def test_rstrip_end_and_paragraph_bounds_match_the_slices():
    text = _document(80, seed=5) + " \n\t:  .!? "
    span = (0, len(text))
    breaks = quotes._break_index(text, span)
    for position in range(0, len(text) + 1, 7):
        assert quotes._rstrip_end(text, position) == len(text[:position].rstrip())
        assert quotes._rstrip_end(text, position, ".!?") == len(text[:position].rstrip(".!?"))
        assert quotes._paragraph_bounds(text, position, span, breaks) == _scan_paragraph_bounds(text, position, span)
