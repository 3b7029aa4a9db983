"""Tests for analysis.text.dispersion: term positions, part frequencies, Juilland's D, the dispersion plot.

Every expected D was worked out by hand from D = 1 - V / sqrt(n - 1), V the
population standard deviation of the relative frequencies divided by their
mean (Gries 2008).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.text.dispersion import (
    DISPERSION_COLUMNS,
    PART_COLUMNS,
    POSITION_COLUMNS,

    document_starts,
    juilland_d,
    juilland_d_value,
    part_frequencies,
    term_positions,
)
from analysis.text.kwic import kwic
from analysis.text.token_table import corpus_order
from analysis.text.prepare import prepare_corpus
from analysis.report.plots import dispersion_plot
from analysis.text.tokenize import tokenize_corpus


def _tokens(*texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    _, toks = tokenize_corpus(docs)
    return docs, toks


@pytest.fixture(scope="module")
def seed():
    return prepare_corpus("data/raw")


# ---------------------------------------------------------------- positions


def test_positions_columns_offsets_and_order():
    docs, toks = _tokens("NATO met Kyiv. Russia claims NATO lies.", "Moscow CLAIMED that NATO expanded.")
    table = term_positions(toks, terms=["nato", "claim*", "Kyiv"])
    assert tuple(table.columns) == POSITION_COLUMNS
    assert table.dtypes.astype(str).tolist() == ["string", "string", "int64", "int64", "int64", "int64", "int64"]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    assert [texts[r.doc_id][r.start : r.end] for r in table.itertuples()] == [
        "NATO", "NATO", "NATO", "claims", "CLAIMED", "Kyiv",
    ]
    # term order first, then corpus order; positions count punctuation (the "." at 3)
    assert table[["term", "doc_id", "sent_id", "position", "doc_position"]].values.tolist() == [
        ["nato", "d0", 0, 0, 0], ["nato", "d0", 1, 6, 6], ["nato", "d1", 0, 12, 3],
        ["claim*", "d0", 1, 5, 5], ["claim*", "d1", 0, 10, 1],
        ["Kyiv", "d0", 0, 2, 2],
    ]


def test_phrases_stay_within_sentences_and_repeats_are_searched_once():
    docs, toks = _tokens("They want security. Guarantees matter; security guarantees.")
    table = term_positions(toks, terms=["security guarantees", "security guarantees"])
    assert table[["start", "end"]].values.tolist() == [[39, 58]]
    assert docs["text"][0][39:58] == "security guarantees"


def test_positions_follow_tok_id_within_documents_in_first_seen_order():
    _, toks = _tokens("Kyiv.", "Kyiv and Kyiv.")
    shuffled = toks.sort_values(["doc_id", "tok_id"], ascending=[True, False]).reset_index(drop=True)
    assert corpus_order(shuffled)[["doc_id", "tok_id"]].values.tolist() == toks[["doc_id", "tok_id"]].values.tolist()
    assert term_positions(shuffled, terms=["kyiv"])["position"].tolist() == [0, 2, 4]
    assert document_starts(shuffled) == [2]
    # documents come in the order they are first seen in the token table
    reordered = pd.concat([toks[toks["doc_id"] == "d1"], toks[toks["doc_id"] == "d0"]], ignore_index=True)
    assert term_positions(reordered, terms=["kyiv"])[["doc_id", "position"]].values.tolist() == [
        ["d1", 0], ["d1", 2], ["d0", 4],
    ]


def test_no_match_gives_an_empty_typed_table_and_bad_terms_raise():
    _, toks = _tokens("Nothing here.")
    empty = term_positions(toks, terms=["NATO"])
    assert empty.empty and tuple(empty.columns) == POSITION_COLUMNS
    assert str(empty["position"].dtype) == "int64"
    with pytest.raises(TypeError, match="list of strings"):
        term_positions(toks, terms="NATO")
    with pytest.raises(ValueError, match="empty pattern"):
        term_positions(toks, terms=["  "])


def test_positions_agree_with_kwic_on_the_default_article(seed):
    terms = ["NATO", "claim*", "Zelenskiy", "security guarantees"]
    ours = term_positions(seed.tokens, terms=terms)
    theirs = kwic(seed.tokens, seed.documents, patterns=terms)
    key = ["pattern", "start", "end"]
    assert sorted(map(tuple, ours.rename(columns={"term": "pattern"})[key].values.tolist())) == sorted(
        map(tuple, theirs[key].values.tolist())
    )
    text = seed.text_of(seed.documents["doc_id"][0])
    assert all(text[r.start : r.end].lower().startswith(r.term.lower()[:4]) for r in ours.itertuples())


# ---------------------------------------------------------------- Juilland's D, by hand


def test_juilland_d_value_hand_worked_cases():
    # counts 1..5 in equal parts: mean 3, population sd sqrt(2), V = sqrt(2)/3, D = 1 - V/2
    assert juilland_d_value([1, 2, 3, 4, 5]) == pytest.approx(1 - (math.sqrt(2) / 3) / 2)
    assert round(juilland_d_value([1, 2, 3, 4, 5]), 5) == 0.76430
    assert juilland_d_value([3, 3, 3, 3]) == 1.0
    assert juilland_d_value([5, 0, 0, 0, 0]) == 0.0
    assert math.isnan(juilland_d_value([0, 0, 0]))  # never occurs: undefined
    assert math.isnan(juilland_d_value([4]))  # one part: undefined
    # unequal sizes: relative frequencies 1/4 and 1/2 -> mean 3/8, sd 1/8, V = 1/3, D = 2/3
    assert juilland_d_value([1, 1], sizes=[4, 2]) == pytest.approx(2 / 3)
    # equal relative frequencies despite unequal counts: perfectly even
    assert juilland_d_value([2, 1], sizes=[4, 2]) == 1.0
    # empty parts are left out: as if two parts
    assert juilland_d_value([1, 0, 1], sizes=[4, 0, 2]) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="3 counts but 2 sizes"):
        juilland_d_value([1, 2, 3], sizes=[1, 2])


def test_juilland_d_over_documents_uses_relative_frequencies():
    # d0: 4 counted tokens (the "." is not counted), 1 "war"; d1: 2 counted tokens, 1 "war"
    _, toks = _tokens("war and some peace.", "war again")
    freqs = part_frequencies(toks, terms=["war"])
    assert tuple(freqs.columns) == PART_COLUMNS
    assert freqs.values.tolist() == [["war", "d0", 4, 1, 0.25], ["war", "d1", 2, 1, 0.5]]
    table = juilland_d(toks, terms=["war", "peace", "tanks"])
    assert tuple(table.columns) == DISPERSION_COLUMNS
    rows = table.set_index("term")
    assert rows.loc["war", "juilland_d"] == pytest.approx(2 / 3)
    assert rows.loc["peace", "juilland_d"] == 0.0  # all in one of two parts
    assert math.isnan(rows.loc["tanks", "juilland_d"])
    assert table[["n_parts", "count", "parts_with_term"]].values.tolist() == [[2, 2, 2], [2, 1, 1], [2, 0, 0]]
    assert set(table["parts"]) == {"documents"}


def test_juilland_d_over_equal_segments_of_one_document():
    # five segments of six words; segment k holds k times "x"
    words = []
    for k in range(1, 6):
        words += ["x"] * k + ["w"] * (6 - k)
    _, toks = _tokens(" ".join(words) + ".")
    freqs = part_frequencies(toks, terms=["x"], n_parts=5)
    assert freqs["part_size"].tolist() == [6] * 5
    assert freqs["count"].tolist() == [1, 2, 3, 4, 5]
    row = juilland_d(toks, terms=["x"]).iloc[0]
    assert row["parts"] == "segments" and row["n_parts"] == 5
    assert row["juilland_d"] == pytest.approx(0.764298, abs=1e-6)


def test_segments_split_unevenly_longer_first_and_forced_segments():
    _, toks = _tokens("a b c d e f g", "h")
    freqs = part_frequencies(toks, terms=["a"], parts="segments", n_parts=3)
    assert freqs["part"].tolist() == ["segment 1 of 3", "segment 2 of 3", "segment 3 of 3"]
    assert freqs["part_size"].tolist() == [3, 3, 2]
    assert juilland_d(toks, terms=["a"], parts="segments", n_parts=3)["parts"].tolist() == ["segments"]
    with pytest.raises(ValueError, match="parts must be one of"):
        juilland_d(toks, terms=["a"], parts="chapters")
    with pytest.raises(ValueError, match="n_parts must be at least 2"):
        juilland_d(toks, terms=["a"], parts="segments", n_parts=1)


def test_default_article_falls_back_to_segments(seed):
    table = juilland_d(seed.tokens, terms=["NATO", "claim*", "Zelenskiy"]).set_index("term")
    assert set(table["parts"]) == {"segments"}
    assert table["n_parts"].tolist() == [5, 5, 5]
    assert table["count"].tolist() == [8, 2, 9]
    freqs = part_frequencies(seed.tokens, terms=["NATO"])
    assert freqs["part_size"].sum() == int((~seed.tokens["is_punct"]).sum())
    assert table.loc["NATO", "juilland_d"] == pytest.approx(
        juilland_d_value(freqs["count"].to_numpy(), sizes=freqs["part_size"].to_numpy())
    )
    assert all(0.0 <= d <= 1.0 for d in table["juilland_d"])


def test_multi_document_fixture_uses_documents(small_corpus):
    prepared = prepare_corpus(small_corpus)
    table = juilland_d(prepared.tokens, terms=["NATO"])
    assert table[["parts", "n_parts", "count", "parts_with_term"]].values.tolist() == [["documents", 3, 2, 2]]
    # counted tokens: a 12, b 9, c 9; NATO 1, 1, 0 -> rel 1/12, 1/9, 0
    rel = [1 / 12, 1 / 9, 0.0]
    mean = sum(rel) / 3
    sd = math.sqrt(sum((r - mean) ** 2 for r in rel) / 3)
    assert table["juilland_d"][0] == pytest.approx(1 - (sd / mean) / math.sqrt(2))


# ---------------------------------------------------------------- plot


def test_dispersion_plot_rows_ticks_and_boundaries(small_corpus):
    prepared = prepare_corpus(small_corpus)
    terms = ["NATO", "ceasefire", "Zelenskiy"]
    positions = term_positions(prepared.tokens, terms=terms)
    starts = document_starts(prepared.tokens)
    fig = dispersion_plot(positions, terms=terms, total_tokens=len(prepared.tokens), doc_boundaries=starts)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == terms
    tick_rows = [line for line in ax.lines if line.get_marker() == "|"]
    assert [len(line.get_xdata()) for line in tick_rows] == [2, 0, 2]
    assert len(ax.lines) - len(tick_rows) == len(starts) == 2
    assert tuple(float(x) for x in ax.get_xlim()) == (0.0, float(len(prepared.tokens)))
