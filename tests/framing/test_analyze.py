"""Framing is assembled in one place: the in-memory call and the framing stage give the same tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.framing.analyze import analyze_framing
from analysis.runner import stages
from analysis.runner.store import Store
from analysis.text.prepare import prepare_corpus

#: A quote whose speaker is a metonym, an attribution to a name, and an adjective form that is no speaker.
TEXT = ('"We will not retreat," the Kremlin said on Monday. Zelenskiy said the talks would continue. '
        'Russian officials claimed the strike was a mistake.')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text(json.dumps({"doc_id": "k", "text": TEXT}) + "\n", encoding="utf-8")
    return path


def test_the_default_tables_worked_out_by_hand(corpus):
    framing = analyze_framing(prepare_corpus(corpus))
    assert framing.mentions[["text", "actor", "reference_kind"]].values.tolist() == [
        ["Kremlin", "Russia", "metonym"], ["Zelenskiy", "Volodymyr Zelenskiy", "name"]]
    assert framing.quotes["speaker"].tolist() == ["Russia"]


@pytest.mark.parametrize("references", [["name"], ["metonym"], ["name", "metonym", "adjective"]])
def test_actor_references_change_the_mentions_but_never_who_is_quoted(corpus, tmp_path, references):
    prepared = prepare_corpus(corpus)
    default = analyze_framing(prepared)
    chosen = analyze_framing(prepared, references=references)
    pd.testing.assert_frame_equal(chosen.quotes, default.quotes)  # "the Kremlin" stays the speaker with ["name"]
    pd.testing.assert_frame_equal(chosen.attributions, default.attributions)
    assert set(chosen.mentions["reference_kind"].astype(str)) == set(references)
    entry = stages.build("framing", corpus, {"actor_references": references}, Store(tmp_path), progress=False)
    for table, want in (("actors", chosen.mentions), ("quotes", chosen.quotes),
                        ("attributions", chosen.attributions)):
        pd.testing.assert_frame_equal(entry.read(table), want.reset_index(drop=True), obj=table)
