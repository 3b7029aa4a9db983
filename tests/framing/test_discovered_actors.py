"""Discovered actors: the people speaker-entity resolution finds are counted in the actor summary (issue 18, item 3).

The articles are invented. Mentions of a discovered person are the forms of their name in the article (full name,
title and surname, surname alone linked to the full name), never pronouns; a lexicon actor always wins.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.framing.actors import load_actor_lexicon
from analysis.framing.analyze import analyze_framing
from analysis.framing.attributions import discovered_mentions, merge_actor_names
from analysis.runner import stages
from analysis.runner.store import Store
from analysis.text.prepare import prepare_corpus

#: Maria Lindqvist is not in the actor lexicon; Donald Trump is. "She" refers to Lindqvist but is a pronoun.
FIRST = ("Maria Lindqvist opened the new bridge on Monday. "
         '"It joins the two halves of the city," Lindqvist said. '
         "She thanked the engineers. Donald Trump sent a letter.")
#: Another article names her only by title and surname: one person across the corpus.
SECOND = "Ms. Lindqvist spoke again on Tuesday. Lindqvist said the bridge cost less than planned."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    rows = [{"doc_id": "a", "text": FIRST}, {"doc_id": "b", "text": SECOND}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def framing(corpus):
    return analyze_framing(prepare_corpus(corpus))


def _mentions_of(framing, corpus, doc_id):
    prepared = prepare_corpus(corpus)
    docs = prepared.documents[prepared.documents["doc_id"] == doc_id]
    found = discovered_mentions(docs, framing.mentions, framing.quotes, framing.attributions,
                                lexicon=load_actor_lexicon())
    return [(docs["text"].iloc[0][s:e], actor, how) for s, e, actor, how in
            zip(found["start"], found["end"], found["actor"], found["how"])]


def test_a_surname_counts_to_the_full_name_and_a_pronoun_never_counts(framing, corpus):
    # worked out by hand: "Maria Lindqvist" (full name) and "Lindqvist" (the speaker phrase of the quote, which the
    # resolution reads like a titled surname: how "title"); not "She"
    assert _mentions_of(framing, corpus, "a") == [("Maria Lindqvist", "Maria Lindqvist", "name"),
                                                  ("Lindqvist", "Maria Lindqvist", "title")]
    # in the second article she is known by title and surname only: "Lindqvist" there, merged in the summary
    assert _mentions_of(framing, corpus, "b") == [("Ms. Lindqvist", "Lindqvist", "title"),
                                                  ("Lindqvist", "Lindqvist", "title")]


def test_the_most_mentioned_person_outside_the_lexicon_is_a_discovered_actor(framing):
    summary = framing.summary.set_index("actor")
    assert summary.index[0] == "Maria Lindqvist"  # 2 + 2 mentions, more than Donald Trump's 1
    assert summary.loc["Maria Lindqvist", "source"] == "discovered"
    assert int(summary.loc["Maria Lindqvist", "mentions"]) == 4
    # "Lindqvist said" twice and "She thanked": a resolved pronoun is her attribution, never her mention
    assert int(summary.loc["Maria Lindqvist", "attributions"]) == 3
    assert int(summary.loc["Maria Lindqvist", "direct_quotes"]) == 1
    assert "Lindqvist" not in summary.index  # one name per person across the corpus
    assert summary.loc["Donald Trump", "source"] == "lexicon"
    assert int(summary.loc["Donald Trump", "mentions"]) == 1
    assert "She" not in summary.index and "she" not in summary.index


def test_the_framing_stage_gives_the_same_summary_on_any_partitioning(corpus, framing, tmp_path):
    store = Store(tmp_path)
    stored = stages.build("framing", corpus, {}, store, progress=False, target_chars=10).read("actor_summary")
    documents = stages.build("documents", corpus, {}, store, progress=False, target_chars=10)
    assert len(documents.summary["partitions"]) == 2  # one article per partition: the merge happens in the reduce
    pd.testing.assert_frame_equal(stored, framing.summary.reset_index(drop=True), check_dtype=False)


def test_a_discovered_name_that_is_a_lexicon_name_is_that_lexicon_actor():
    lexicon = load_actor_lexicon()
    none = pd.DataFrame({"doc_id": [], "start": [], "end": [], "actor": []})
    text = "Emmanuel Macron said the plan would work."  # a lexicon actor, found by the lexicon
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    mentions = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [15], "actor": ["Emmanuel Macron"],
                             "actor_type": ["person"]})
    assert discovered_mentions(docs, mentions, none, none, lexicon=lexicon).empty  # never counted twice
    # a discovered name that is a lexicon alias ("Joseph R. Biden" is read as Joseph Biden) is the lexicon actor
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["Joseph R. Biden said the plan would work."]})
    assert discovered_mentions(docs, none, none, none, lexicon=lexicon)["actor"].tolist() == ["Joe Biden"]
    assert discovered_mentions(docs, none, none, none)["actor"].tolist() == ["Joseph Biden"]  # no lexicon: as found
    # a person who only shares a surname with a lexicon actor is not that actor
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["Jill Biden said the plan would work."]})
    assert discovered_mentions(docs, none, none, none, lexicon=lexicon)["actor"].tolist() == ["Jill Biden"]


def test_merging_never_renames_a_lexicon_actor_and_keeps_its_source():
    pieces = pd.DataFrame({"actor": ["Merz", "Friedrich Merz", "Rove", "Karl Rove"], "mentions": [1, 2, 3, 1],
                           "source": ["lexicon", "lexicon", "discovered", "discovered"]})
    merged = merge_actor_names(pieces).set_index("actor")
    assert merged.loc["Karl Rove"].tolist() == [4, "discovered"]
    assert merged.loc["Merz"].tolist() == [1, "lexicon"]  # a lexicon name is never folded into another
    assert merged.loc["Friedrich Merz"].tolist() == [2, "lexicon"]


def test_a_word_that_only_speaks_is_no_person_mention():
    # "Labour" speaks but is never named in full or with a title: no person, no mention (an organisation, here)
    text = "Labour said the plan would work. Mr. Hartley disagreed. Hartley said it would fail."
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    none = pd.DataFrame({"doc_id": [], "start": [], "end": [], "actor": []})
    found = discovered_mentions(docs, none, none, none)
    assert [text[s:e] for s, e in zip(found["start"], found["end"])] == ["Mr. Hartley", "Hartley"]
    assert set(found["actor"]) == {"Hartley"}
