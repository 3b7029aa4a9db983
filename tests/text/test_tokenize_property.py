"""Property tests for analysis.text.tokenize on generated text (issue 17, item 6).

The fast paths (patterns skipped when their characters are absent, offsets
from one spelling check, features cached per token string) must give exactly
what NLTK and the reference rules give. Hypothesis draws texts from the
characters and words Treebank treats specially, with glued and spaced
pieces, curly quotes, non-ASCII case variants and invisible characters.
``derandomize=True`` makes every run draw the same examples.
"""

from __future__ import annotations

import nltk
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nltk.tokenize import NLTKWordTokenizer

from analysis.exceptions import AlignmentError
from analysis.text import tokenize as tok
from analysis.text.tokenize import (
    TokenSettings,
    is_number,
    is_punctuation,
    normalize_tokens,
    strip_invisible,
    tokenize_document,
    treebank_tokens,
)

#: Words and marks Treebank and the norm rules treat specially.
PIECES = [
    "NATO", "Zelenskiy", "said", "the", "U.S.", "Mr.", "can't", "CAN'T", "won't", "cannot", "CANNOT", "gonna",
    "Gimme", "lemme", "gotta", "wanna", "more'n", "d'ye", "'tis", "'Twas", "Zelenskiy's", "Zelenskiy’s", "can’t",
    "don’t", "they're", "I'm", "we'll", "you've", "he'd", "’s", "'s", "n't", "O'Neil", "rock'n'roll", "$4.4",
    "1,000", "50%", "-3", "24th", "3:30", "e-mail", "--", "---", "...", "..", ".", ",", ":", ";", "!", "?", "'",
    "''", '"', "``", "`", "```", "‘", "’", "“", "”", "«", "»", "„", "(", ")", "[", "]", "{", "}", "<", ">", "*",
    "@", "#", "&", "\u2012", "\u2013", "\u2014", "\u2015", "İs", "'tİs", "ſ", "cannoſ", "\u212a", "ı", "café",
]
#: Between pieces: nothing (glued), spaces, line breaks, non-breaking and invisible characters.
SEPARATORS = ["", " ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2009", "\u200b", "\u00ad", "\ufeff"]
ALPHABET = "aAbBcCnNoOsStTdDeElLrRvVmMwW'’\".,:;?!-`()*$%0123456789 \u00a0"

texts = st.lists(
    st.tuples(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, min_size=1, max_size=6)),
              st.sampled_from(SEPARATORS)),
    min_size=3, max_size=40,
).map(lambda parts: "".join(piece + sep for piece, sep in parts))

PROPERTY = settings(derandomize=True, max_examples=400, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(texts)
def test_treebank_tokens_equal_nltk_on_generated_text(text):
    assert treebank_tokens(text) == NLTKWordTokenizer().tokenize(text)


#: Every piece in a few fixed surroundings, so that each is checked whatever Hypothesis draws.
CONTEXTS = ["{}", "Go {} now.", "x{}y", '"{}"', "({}) {}'s", "{}\u200b{}", "He {}: ’{}’ {}."]


@pytest.mark.parametrize("piece", PIECES)
def test_every_piece_in_fixed_contexts(piece):
    for context in CONTEXTS:
        text = context.format(piece, piece, piece)
        assert treebank_tokens(text) == NLTKWordTokenizer().tokenize(text), text
        test_document_tokens_equal_word_tokenize_and_offsets_point_at_the_text.hypothesis.inner_test(text)
        for lowercase in (True, False):
            test_cached_features_equal_the_reference_rules.hypothesis.inner_test(text, lowercase, not lowercase)


@PROPERTY
@given(texts)
def test_document_tokens_equal_word_tokenize_and_offsets_point_at_the_text(text):
    sentences, tokens = tokenize_document(text, doc_id="g")
    by_sentence: dict[int, list[dict]] = {}
    for t in tokens:
        by_sentence.setdefault(t["sent_id"], []).append(t)
    assert [t["tok_id"] for t in tokens] == list(range(len(tokens)))
    for s in sentences:
        assert text[s["start"]:s["end"]] == s["text"]
        rows = by_sentence.get(s["sent_id"], [])
        assert s["n_tokens"] == len(rows)
        # invisible characters are taken out before tokenizing; the token column keeps the raw span
        assert [strip_invisible(t["token"]) for t in rows] == nltk.word_tokenize(strip_invisible(s["text"]),
                                                                                  preserve_line=True)
        for t in rows:
            raw = text[t["start"]:t["end"]]
            assert raw == t["token"] or (t["token"] in ("``", "''") and strip_invisible(raw) in ('"', "''", "``"))
            assert s["start"] <= t["start"] < t["end"] <= s["end"]


@PROPERTY
@given(texts, st.booleans(), st.booleans())
def test_cached_features_equal_the_reference_rules(text, lowercase, stem):
    """Norms and flags equal normalize_tokens and the flag functions applied sentence by sentence."""
    options = TokenSettings(lowercase=lowercase, stem=stem)
    sentences, tokens = tokenize_document(text, doc_id="g", settings=options)
    stopwords = tok.load_stopwords(tok.config.STOPWORDS_FILE)
    for s in sentences:
        rows = [t for t in tokens if t["sent_id"] == s["sent_id"]]
        visible = [strip_invisible(t["token"]) for t in rows]
        glued = [i > 0 and not strip_invisible(text[rows[i - 1]["end"]:rows[i]["start"]]) for i in range(len(rows))]
        assert [t["norm"] for t in rows] == normalize_tokens(visible, glued, lowercase=lowercase, stem=stem)
        plain = normalize_tokens(visible, glued)
        assert [t["is_stop"] for t in rows] == [p in stopwords or p in tok.CLITICS for p in plain]
        assert [t["is_punct"] for t in rows] == [is_punctuation(v) for v in visible]
        assert [t["is_num"] for t in rows] == [is_number(v) for v in visible]


@PROPERTY
@given(st.text(ALPHABET + "«“‘„»”’[]{}<>@#&\u2013\u2014İıſ", max_size=40))
def test_every_skipped_pattern_needs_one_of_its_characters(text):
    """A pattern listed in _TREEBANK_NEEDS never matches a text that holds none of its strings."""
    tb = NLTKWordTokenizer
    for pattern, _ in [*tb.STARTING_QUOTES, *tb.PUNCTUATION, tb.PARENS_BRACKETS, tb.DOUBLE_DASHES,
                       *tb.ENDING_QUOTES]:
        needs = tok._TREEBANK_NEEDS.get(pattern.pattern)
        for candidate in (text, " " + text + " "):
            if needs is not None and pattern.search(candidate):
                assert any(need in candidate for need in needs), pattern.pattern


def test_every_treebank_pattern_but_whitespace_is_listed():
    """An NLTK upgrade that changes a pattern shows here (an unlisted pattern is always run, so only speed suffers)."""
    tb = NLTKWordTokenizer
    sources = {p.pattern for p, _ in [*tb.STARTING_QUOTES, *tb.PUNCTUATION, tb.PARENS_BRACKETS, tb.DOUBLE_DASHES,
                                      *tb.ENDING_QUOTES]}
    assert sources - set(tok._TREEBANK_NEEDS) == {r"\s+"}
    assert set(tok._TREEBANK_NEEDS) <= sources
    plan = tok._treebank_plan()
    assert plan.contraction_letters is not None and plan.any_contraction is not None


@pytest.mark.parametrize("text", ["'tİs fine", "'tis fine", "CANNOſ", "wanna go", "Is it?"])
def test_contractions_outside_ascii_still_split(text):
    """Non-ASCII case variants (İ, ſ) match NLTK's case-insensitive patterns; they take the regex path."""
    assert treebank_tokens(text) == NLTKWordTokenizer().tokenize(text)


def test_a_wrong_needs_entry_would_be_caught(monkeypatch):
    """The equality with NLTK depends on the table: claiming `[?!]` needs an "x" loses the split of "?"."""
    monkeypatch.setitem(tok._TREEBANK_NEEDS, r"[?!]", ("x",))
    tok._treebank_plan.cache_clear()
    try:
        assert treebank_tokens("Really?") == ["Really?"] != NLTKWordTokenizer().tokenize("Really?")
    finally:
        monkeypatch.undo()
        tok._treebank_plan.cache_clear()
    assert treebank_tokens("Really?") == ["Really", "?"]


def test_tokens_that_do_not_spell_the_sentence_fall_back_and_raise(monkeypatch):
    """The fast aligner refuses tokens it cannot place; the token-by-token aligner then raises AlignmentError."""
    assert tok._aligned_tokens('He said "no."', 10) == (
        ["He", "said", "``", "no", ".", "''"], [10, 13, 18, 19, 21, 22], [12, 17, 19, 21, 22, 23])
    monkeypatch.setattr(tok, "treebank_tokens", lambda sentence: ["He", "sad"])
    assert tok._aligned_tokens("He said", 0) is None
    monkeypatch.setattr(tok._word_tokenizer(), "tokenize", lambda sentence: ["He", "sad"])
    with pytest.raises(AlignmentError, match="'sad' not found at offset 3"):
        tokenize_document("He said", doc_id="x")
