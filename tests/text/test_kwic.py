"""Tests for analysis.text.kwic on the default article and on tricky news strings.

Expected offsets and contexts were worked out by hand from the strings.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.text.kwic import KWIC_COLUMNS, GAP_MARKER, format_kwic, glob_regex, kwic, parse_pattern
from analysis.text.prepare import prepare_corpus
from analysis.text.tokenize import tokenize_corpus

SEED_ID = "000_f23b1accf70ada01"


def _docs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


def _kwic(text: str, patterns, **kwargs) -> pd.DataFrame:
    docs = _docs(text)
    _, toks = tokenize_corpus(docs)
    table = kwic(toks, docs, patterns=patterns, **kwargs)
    _assert_offsets(table, docs)
    return table


def _assert_offsets(table: pd.DataFrame, docs: pd.DataFrame) -> None:
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for row in table.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.match


@pytest.fixture(scope="module")
def seed():
    return prepare_corpus("data/raw")


# ---------------------------------------------------------------- the default article


def test_seed_article_counts_counted_by_hand(seed):
    # Counted by reading the article body: "baselessly" once (Putin paragraph); claim* twice
    # ("baselessly claims", "He has claimed"); NATO 8 times in the body (the 9th, in the
    # "SEE ALSO: ... NATO Braces ..." promo, is boilerplate); "security guarantees" twice
    # ("absolute security guarantees", "including security guarantees").
    patterns = ["baselessly", "claim*", "NATO", "security guarantees"]
    table = kwic(seed.tokens, seed.documents, patterns=patterns)
    _assert_offsets(table, seed.documents)
    assert table.groupby("pattern").size().to_dict() == {
        "baselessly": 1, "claim*": 2, "NATO": 8, "security guarantees": 2,
    }
    text = seed.text_of(SEED_ID)
    assert text.count("NATO") == 9
    assert table.loc[table["pattern"] == "claim*", "match"].tolist() == ["claims", "claimed"]
    assert table.loc[table["pattern"] == "NATO", "sent_id"].tolist() == [0, 1, 2, 8, 8, 10, 15, 16]
    assert table.loc[table["pattern"] == "security guarantees", "sent_id"].tolist() == [4, 20]
    first = table.iloc[0]
    assert (first["start"], first["end"], first["left"], first["right"]) == (
        142, 146, "on Ukrainian soil until full", "membership as a way of"
    )
    baselessly = table[table["pattern"] == "baselessly"].iloc[0]
    assert (baselessly["start"], baselessly["end"]) == (2207, 2217)
    assert (baselessly["left"], baselessly["right"]) == ("swaths of land that Russia", "claims as its own but")
    # rows in document order: by start, the pattern order only breaks ties
    assert table["start"].is_monotonic_increasing


def test_seed_context_skips_removed_boilerplate(seed):
    table = kwic(seed.tokens, seed.documents, patterns=["claimed"], window=5)
    row = table.iloc[0]
    # "...since Russia launched its invasion." / SEE ALSO: Trump Says ... (removed) / "He has claimed"
    assert row["left"] == "its invasion." + GAP_MARKER + "He has"  # 5 tokens: its invasion . He has
    assert "SEE ALSO" not in row["left"] and "Weakened" not in row["left"]


def test_fixture_corpus_crlf_and_documents(small_corpus):
    prepared = prepare_corpus(small_corpus)
    table = kwic(prepared.tokens, prepared.documents, patterns=["NATO"])
    _assert_offsets(table, prepared.documents)
    # b: "Moscow claimed the talks failed.\r\nNATO and Kyiv disagreed." -> NATO at 32 + 2
    assert table[["doc_id", "sent_id", "start", "end", "left", "right"]].values.tolist() == [
        ["a", 0, 8, 12, "KYIV --", "said Kyiv must wait."],
        ["b", 1, 34, 38, "claimed the talks failed.", "and Kyiv disagreed."],
    ]


# ---------------------------------------------------------------- tricky strings


@pytest.mark.parametrize(
    "text, pattern, expected",
    [
        # Treebank splits the possessive: the name is its own token
        ("Zelenskiy's appeal for NATO membership comes.", "Zelenskiy", [(0, 9, "Zelenskiy")]),
        ("Zelenskiy’s plan can’t wait.", "zelenskiy", [(0, 9, "Zelenskiy")]),
        ("Zelenskiy's appeal.", "Zelenskiy 's", [(0, 11, "Zelenskiy's")]),
        # a glob matches whole tokens: not "reclaimed"
        ("Moscow reclaimed the land; claimants disagreed.", "claim*", [(27, 36, "claimants")]),
        # ? is exactly one character
        ("Talks and talk shows; he talked.", "talk?", [(0, 5, "Talks")]),
        # a phrase never crosses a sentence boundary
        ("Kyiv wants security. Guarantees came later.", "security guarantees", []),
        # globs inside phrases
        (
            "Kyiv seeks security guarantees and a security guarantee.",
            "security guarantee*",
            [(11, 30, "security guarantees"), (37, 55, "security guarantee")],
        ),
        # a phrase inside one sentence keeps its raw line break
        ("He said NATO\nmembership matters.", "nato membership", [(8, 23, "NATO\nmembership")]),
        # brackets are literal, not a character class
        ("NATO and N said so.", "[NA]TO", []),
        ("Hyphenated full-scale invasion.", "full-scale", [(11, 21, "full-scale")]),
        ("Hyphenated full-scale invasion.", "full", []),
    ],
)
def test_patterns_on_tricky_strings(text, pattern, expected):
    table = _kwic(text, [pattern])
    assert list(zip(table["start"], table["end"], table["match"])) == expected


@pytest.mark.parametrize(
    "case_sensitive, pattern, expected",
    [
        (False, "NATO", ["NATO", "Nato", "nato"]),
        (False, "nato", ["NATO", "Nato", "nato"]),
        (True, "NATO", ["NATO"]),
        (True, "Nato", ["Nato"]),
        (True, "NAT?", ["NATO"]),
        (True, "nat*", ["nato"]),
    ],
)
def test_case_sensitivity(case_sensitive, pattern, expected):
    table = _kwic("NATO met. Nato staff and nato fans.", [pattern], case_sensitive=case_sensitive)
    assert table["match"].tolist() == expected


def test_window_counts_tokens_including_quotes_and_punctuation():
    table = _kwic('"A contingent of military forces could stay," he said.', ["military forces"], window=3)
    row = table.iloc[0]
    assert (row["start"], row["end"]) == (17, 32)
    assert (row["left"], row["right"]) == ("A contingent of", "could stay,")


def test_window_stops_at_sentence_boundary_when_asked():
    text = "Russia attacked. NATO responded quickly."
    inside = _kwic(text, ["NATO"], window=5, within_sentence=True).iloc[0]
    across = _kwic(text, ["NATO"], window=5).iloc[0]
    assert (inside["left"], inside["right"]) == ("", "responded quickly.")
    assert (across["left"], across["right"]) == ("Russia attacked.", "responded quickly.")
    left_only = _kwic("NATO responded. Russia attacked again.", ["responded"], window=2, within_sentence=True)
    assert (left_only.iloc[0]["left"], left_only.iloc[0]["right"]) == ("NATO", ".")


def test_window_zero_and_truncation():
    row = _kwic("One two three NATO four five six.", ["NATO"], window=2).iloc[0]
    assert (row["left"], row["right"]) == ("two three", "four five")
    row = _kwic("One two three NATO four five six.", ["NATO"], window=0).iloc[0]
    assert (row["left"], row["right"]) == ("", "")


def test_context_collapses_line_breaks_for_display_only():
    text = "The alliance\nwill meet NATO\n\ntoday."
    row = _kwic(text, ["NATO"], window=3).iloc[0]
    assert row["left"] == "alliance will meet"
    assert row["right"] == "today."  # paragraph break, then the next sentence
    assert row["match"] == "NATO"


def test_context_never_crosses_documents():
    docs = _docs("Kyiv asked.", "NATO answered.")
    _, toks = tokenize_corpus(docs)
    table = kwic(toks, docs, patterns=["NATO", "asked"], window=5)
    assert table[["doc_id", "left", "match", "right"]].values.tolist() == [
        ["d0", "Kyiv", "asked", "."],
        ["d1", "", "NATO", "answered."],
    ]


def test_overlapping_patterns_each_get_a_row_sorted_by_start_then_pattern_order():
    table = _kwic("Ukraine wants security guarantees now.", ["guarantee*", "security guarantees", "security"], window=1)
    assert table[["start", "end", "match", "pattern"]].values.tolist() == [
        [14, 33, "security guarantees", "security guarantees"],
        [14, 22, "security", "security"],
        [23, 33, "guarantees", "guarantee*"],
    ]


def test_documents_follow_the_document_table_order():
    docs = pd.DataFrame({"doc_id": ["z", "a"], "text": ["NATO one.", "NATO two."]})
    _, toks = tokenize_corpus(docs)
    shuffled = toks.sample(frac=1.0, random_state=3)
    assert kwic(shuffled, docs, patterns=["NATO"])["doc_id"].tolist() == ["z", "a"]


def test_empty_result_has_typed_columns():
    table = _kwic("Nothing here.", ["NATO"])
    assert tuple(table.columns) == KWIC_COLUMNS
    assert table.empty
    assert str(table["start"].dtype) == "int64" and str(table["match"].dtype) == "string"


def test_result_dtypes():
    table = _kwic("NATO met.", ["NATO"])
    assert {c: str(t) for c, t in table.dtypes.items()} == {
        "doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64",
        "left": "string", "match": "string", "right": "string", "pattern": "string",
    }


@pytest.mark.parametrize(
    "patterns, error",
    [("NATO", TypeError), ([""], ValueError), (["  "], ValueError), ([3], TypeError)],
)
def test_bad_patterns_are_errors(patterns, error):
    docs = _docs("NATO met.")
    _, toks = tokenize_corpus(docs)
    with pytest.raises(error):
        kwic(toks, docs, patterns=patterns)


def test_negative_window_and_unknown_document_are_errors():
    docs = _docs("NATO met.")
    _, toks = tokenize_corpus(docs)
    with pytest.raises(ValueError):
        kwic(toks, docs, patterns=["NATO"], window=-1)
    with pytest.raises(ValueError, match="not in the document table"):
        kwic(toks, docs.assign(doc_id=["other"]), patterns=["NATO"])


def test_glob_and_parse_helpers():
    assert parse_pattern(" peace   talks ") == ("peace", "talks")
    assert bool(glob_regex("negotiat*").fullmatch("negotiations"))
    assert not glob_regex("negotiat*").fullmatch("renegotiation")
    assert not glob_regex("a?c").fullmatch("ac")


# ---------------------------------------------------------------- format_kwic


def test_format_kwic_aligns_and_truncates():
    table = pd.DataFrame({
        "left": ["Putin has also said Kyiv must cede large swaths of land that Russia", "", "x"],
        "match": ["baselessly", "NATO", "security\nguarantees"],
        "right": ["claims as its own but that remain under Ukrainian control.", "met.", ""],
    })
    assert format_kwic(table, width=20).split("\n") == [
        " of land that Russia [baselessly] claims as its own bu",
        " " * 20 + " [NATO] met.",
        " " * 19 + "x [security guarantees]",
    ]
    assert format_kwic(table, width=20) == format_kwic(table, width=20)


def test_format_kwic_on_the_seed_article_has_aligned_matches(seed):
    table = kwic(seed.tokens, seed.documents, patterns=["NATO"], window=8)
    lines = format_kwic(table, width=30).split("\n")
    assert len(lines) == 8
    assert all(line[30:32] == " [" for line in lines)
    assert all(line[32:37] == "NATO]" for line in lines)


def test_format_kwic_empty_and_bad_width():
    assert format_kwic(_kwic("Nothing here.", ["NATO"])) == ""
    with pytest.raises(ValueError):
        format_kwic(_kwic("NATO.", ["NATO"]), width=0)


# --------------------------------------------------------------------------- #
# globs are linear: no backtracking, whatever the pattern and the token
# --------------------------------------------------------------------------- #
BACKTRACKING_GLOB = "*a*a*a*a*a*a*a*a*a*a*b"


def test_the_backtracking_glob_on_a_100000_character_token_gives_no_match_at_once():
    import time

    from analysis.text.kwic import glob_regex

    token = "a" * 100_000
    started = time.monotonic()
    assert glob_regex(BACKTRACKING_GLOB).fullmatch(token) is False
    assert glob_regex(BACKTRACKING_GLOB, case_sensitive=False).fullmatch(token.upper()) is False
    assert glob_regex(BACKTRACKING_GLOB).fullmatch(token + "b") is True  # and the positive case
    assert glob_regex("*a?a*").fullmatch(token) is True
    assert time.monotonic() - started < 5  # re with ".*" would take hours; this takes milliseconds


def test_kwic_with_the_backtracking_glob_on_a_long_token():
    import time

    docs = pd.DataFrame({"doc_id": ["d"], "text": ["Peace " + "a" * 100_000 + " talks " + "a" * 10 + "b aaab."]})
    _, toks = tokenize_corpus(docs)
    started = time.monotonic()
    table = kwic(toks, docs, patterns=[BACKTRACKING_GLOB], window=2)
    assert time.monotonic() - started < 10
    assert table["match"].tolist() == ["a" * 10 + "b"]  # ten a's needed: "aaab" is too short


def _reference_glob(word: str, text: str, case_sensitive: bool) -> bool:
    """The former translation (backtracking, fine on short strings): the reference for the linear matcher."""
    import re

    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in word)
    return re.fullmatch(body, text, re.DOTALL | (0 if case_sensitive else re.IGNORECASE)) is not None


def test_the_linear_glob_agrees_with_the_regular_expression_on_every_small_case():
    import itertools
    import random

    from analysis.text.kwic import glob_regex

    rng = random.Random(19)
    alphabet = "abA.["
    texts = ["".join(t) for n in range(6) for t in itertools.product("abA", repeat=n)] + ["a.[b", "\n", "a\nb"]
    globs = {"*", "?", "", "a", "*a", "a*", "*a*", "a*b", "?*?", "*?a", "[*", ".*b", "**", "a**b"}
    globs |= {"".join(rng.choice(alphabet + "*?") for _ in range(rng.randint(1, 6))) for _ in range(150)}
    for word in sorted(globs):
        for case_sensitive in (True, False):
            glob = glob_regex(word, case_sensitive=case_sensitive)
            for text in texts:
                assert glob.fullmatch(text) == _reference_glob(word, text, case_sensitive), (word, text)
