"""Hand-checked speakers and cues on a handful of PolNeAR dev articles (skipped without ../shared/gold).

The items are named by article and the annotator's attribution id (``E<n>``)
only: no PolNeAR text is stored in the project. Each item was read by hand:
the quote's speaker phrase and reporting verb, as the text states them,
agree with the annotation. The test checks that the pipeline finds the
quote, that its speaker span overlaps the annotated Source and its cue span
the annotated Cue, and that the attributions table has the same cue with the
same speaker.
"""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from analysis import config

GOLD = config.PROJECT_ROOT.parent / "shared" / "gold" / "polnear" / "data" / "dev"

#: article stem -> attribution ids checked by hand
CHECKED: dict[str, tuple[str, ...]] = {
    "politico_2016-09-17_de-blasio-says-chelsea-explosion": ("E4", "E9", "E12", "E15", "E16", "E17", "E19"),
    "wash-post_2016-09-08_virginian-could-make-history-aga": ("E4", "E12", "E16", "E20", "E23", "E29"),
    "west-journal_2016-09-21_chris-christie-calls-hillary-cli": ("E6", "E8", "E11", "E12", "E23"),
    "breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-": ("E26", "E28", "E39", "E46"),
}


def _evaluator():
    spec = importlib.util.spec_from_file_location(
        "attribution_eval", config.PROJECT_ROOT / "benchmarks" / "attribution_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("attribution_eval", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checked():
    if not (GOLD / "text").is_dir():
        pytest.skip(f"PolNeAR not found at {GOLD}")
    ev = _evaluator()
    texts = [GOLD / "text" / f"{stem}.txt" for stem in CHECKED]
    raw, result = ev.run_pipeline(texts)
    gold = {}
    for stem in CHECKED:
        ann = sorted((GOLD / "attributions").glob(f"{stem}_*.ann"))[0]
        ids = [line.split("\t")[0] for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith("E")]
        gold[stem] = dict(zip(ids, ev.read_ann(ann)))
    return ev, raw, result, gold


@pytest.mark.corpora
@pytest.mark.parametrize("stem, eid", [(stem, eid) for stem, ids in CHECKED.items() for eid in ids])
def test_hand_checked_quote_speaker_and_cue(checked, stem, eid):
    ev, raw, result, gold = checked
    item = gold[stem][eid]
    assert re.search(r"[\"“”]", item.content_text), "a direct quote"
    quotes = result.quotes[result.quotes["doc_id"] == f"{stem}.txt"].to_dict("records")
    found = [q for q in quotes if ev.half_overlap([(q["start"], q["end"])], item.content)]
    assert found, "the quote is found"
    quote = found[0]
    assert ev.overlap(ev._span(quote, "speaker_start", "speaker_end"), item.source) > 0, quote["speaker_text"]
    assert ev.overlap(ev._span(quote, "cue_start", "cue_end"), item.cue) > 0, quote["cue"]
    rows = result.attributions[
        (result.attributions["doc_id"] == f"{stem}.txt") & (result.attributions["kind"] == "attribution")
    ].to_dict("records")
    same_cue = [r for r in rows if ev.overlap(ev._span(r, "cue_start", "cue_end"), item.cue) > 0]
    assert same_cue, "the attributions table has the cue"
    assert ev.overlap(ev._span(same_cue[0], "speaker_start", "speaker_end"), item.source) > 0
