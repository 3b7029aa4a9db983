"""Tests for analysis.text.tokenize: NLTK equality, offsets, normalization."""

from __future__ import annotations

import nltk
import pytest

from analysis.corpus.clean import clean_corpus
from analysis.corpus.load import load_corpus
from analysis.text.tokenize import TokenSettings, sentence_spans, tokenize_corpus, tokenize_document, word_spans


def _check_offsets(text, sentences, tokens):
    for s in sentences:
        assert text[s["start"] : s["end"]] == s["text"]
    for t in tokens:
        raw = text[t["start"] : t["end"]]
        if t["token"] in ("``", "''"):
            assert raw in ('"', "''", "``")
        else:
            assert raw == t["token"]


@pytest.mark.parametrize(
    "sentence",
    [
        '"A contingent of military forces could stay," he said.',
        "Zelenskiy's appeal for NATO membership comes at a time of debate about the alliance's \"open-door\" policy.",
        "He can't and won't; they're sure it's $4.4 billion (euros) -- or 16 billion.",
        "Zelenskiy called the talks \u201cgood and productive\u201d and said \u2018fine\u2019.",
        'He said ""hi"" and \'\'bye\'\' ok...',
        "Trump told NBC's Meet The Press that Ukraine should \"probably\" prepare.",
    ],
)
def test_tokens_equal_nltk_word_tokenize_and_offsets_point_at_the_text(sentence):
    triples = word_spans(sentence)
    assert [t for t, _, _ in triples] == nltk.tokenize.NLTKWordTokenizer().tokenize(sentence)
    for token, start, end in triples:
        raw = sentence[start:end]
        assert raw == token or (token in ("``", "''") and raw in ('"', "''", "``"))


def test_seed_article_tokens_equal_word_tokenize_per_sentence(seed_text):
    sentences, tokens = tokenize_document(seed_text, doc_id="seed")
    _check_offsets(seed_text, sentences, tokens)
    for s in sentences:
        mine = [t["token"] for t in tokens if t["sent_id"] == s["sent_id"]]
        assert mine == nltk.word_tokenize(s["text"], preserve_line=True)


def test_quote_tokens_point_at_straight_quotes(seed_text):
    _, tokens = tokenize_document(seed_text, doc_id="seed")
    quotes = [t for t in tokens if t["token"] in ("``", "''")]
    assert quotes and all(seed_text[t["start"] : t["end"]] == '"' for t in quotes)
    first = quotes[0]
    assert first["token"] == "``" and seed_text[first["end"] :].startswith("A contingent")


def test_sentences_respect_body_spans_and_paragraph_breaks():
    text = "Promo line\n\nFirst one. Second one.\n\nThird"
    assert sentence_spans(text, spans=[(12, len(text))]) == [(12, 22), (23, 34), (36, 41)]
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Promo line", "First one.", "Second one.", "Third"]


@pytest.mark.parametrize(
    "text, norms",
    [
        ("Zelenskiy's plan", ["zelenskiy", "'s", "plan"]),
        ("Zelenskiy\u2019s plan", ["zelenskiy", "'", "'s", "plan"]),
        ("can't go", ["can", "n't", "go"]),
        ("can\u2019t go", ["can", "'", "n't", "go"]),
        ("won't go", ["will", "n't", "go"]),
        ("won\u2019t go", ["will", "'", "n't", "go"]),
        ("don\u2019t go", ["do", "'", "n't", "go"]),
        ("they're here", ["they", "'re", "here"]),
        ("they\u2019re here", ["they", "'", "'re", "here"]),
        # negative: a closing curly quote followed by "s" is not a clitic
        ("the \u2018s\u2019 key", ["the", "\u2018", "s", "'", "key"]),
    ],
)
def test_possessives_and_contractions_normalize_consistently(text, norms):
    _, tokens = tokenize_document(text, doc_id="x")
    assert [t["norm"] for t in tokens] == norms


def test_clitics_count_as_stopwords_and_flags():
    _, tokens = tokenize_document("NATO's 24 troops can't stay, $4.4 billion.", doc_id="x")
    flags = {t["token"]: (t["is_stop"], t["is_punct"], t["is_num"]) for t in tokens}
    assert flags["'s"] == (True, False, False)
    assert flags["n't"] == (True, False, False)
    assert flags["24"] == (False, False, True)
    assert flags["4.4"] == (False, False, True)
    assert flags["$"] == (False, True, False)
    assert flags["troops"] == (False, False, False)


def test_stemming_and_case_options():
    _, tokens = tokenize_document("Claims claimed NATO", doc_id="x", settings=TokenSettings(stem=True))
    assert [t["norm"] for t in tokens] == ["claim", "claim", "nato"]
    _, tokens = tokenize_document("Claims NATO", doc_id="x", settings=TokenSettings(lowercase=False))
    assert [t["norm"] for t in tokens] == ["Claims", "NATO"]


def test_custom_stopwords(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# mine\nnato\n")
    _, tokens = tokenize_document("the NATO", doc_id="x", settings=TokenSettings(stopwords_path=str(path)))
    assert [t["is_stop"] for t in tokens] == [False, True]


def test_corpus_tokenization_is_the_same_in_parallel(small_corpus):
    docs = load_corpus(small_corpus)
    body = clean_corpus(docs).body
    serial = tokenize_corpus(docs, body=body)
    parallel = tokenize_corpus(docs, body=body, n_jobs=2)
    assert serial[0].equals(parallel[0]) and serial[1].equals(parallel[1])


def test_corpus_tables_have_raw_offsets(small_corpus):
    docs = load_corpus(small_corpus)
    sentences, tokens = tokenize_corpus(docs, body=clean_corpus(docs).body)
    texts = docs.set_index("doc_id")["text"]
    for row in tokens.itertuples():
        raw = texts[row.doc_id][row.start : row.end]
        assert raw == row.token or (row.token in ("``", "''") and raw == '"')
    # boilerplate is not tokenized
    assert not tokens["token"].isin(["ALSO", "reporting"]).any()
    assert sentences.groupby("doc_id").size().to_dict() == {"a": 2, "b": 2, "c": 1}


def test_real_corpus_sample_equals_word_tokenize(shared_corpora):
    """Tokens of 300 real Reuters stories equal nltk.word_tokenize per sentence."""
    import itertools
    import json

    with open(shared_corpora / "reuters21578.jsonl", encoding="utf-8") as handle:
        records = [json.loads(line) for line in itertools.islice(handle, 300)]
    for record in records:
        sentences, tokens = tokenize_document(record["text"], doc_id=record["doc_id"])
        _check_offsets(record["text"], sentences, tokens)
        by_sentence: dict[int, list[str]] = {}
        for t in tokens:
            by_sentence.setdefault(t["sent_id"], []).append(t["token"])
        for s in sentences:
            assert by_sentence.get(s["sent_id"], []) == nltk.word_tokenize(s["text"], preserve_line=True)


# --- invisible characters and non-breaking spaces (issue 9, item 8) -------------------------------------------
def test_zero_width_space_after_a_word_is_not_part_of_its_norm():
    """The real pattern from press releases: "to\u200b the" gives 'to' and 'the', and no term 'to\u200b'."""
    text = "We want to\u200b the end and\u200b more."
    sentences, tokens = tokenize_document(text, doc_id="z")
    _check_offsets(text, sentences, tokens)
    norms = [t["norm"] for t in tokens]
    assert norms == ["we", "want", "to", "the", "end", "and", "more", "."]
    assert not any("\u200b" in n for n in norms)
    to = tokens[2]
    assert (to["start"], to["end"], text[to["start"]:to["end"]]) == (8, 10, "to")
    assert to["is_stop"] and tokens[5]["is_stop"]  # 'to' and 'and' are stopwords again


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_each_invisible_character_inside_a_word_leaves_the_norm(char):
    text = f"co{char}operation and peace{char}."
    sentences, tokens = tokenize_document(text, doc_id="z")
    _check_offsets(text, sentences, tokens)
    assert [t["norm"] for t in tokens] == ["cooperation", "and", "peace", "."]
    assert tokens[0]["token"] == f"co{char}operation" and (tokens[0]["start"], tokens[0]["end"]) == (0, 12)
    assert tokens[3]["is_punct"] and (tokens[3]["start"], tokens[3]["end"]) == (len(text) - 1, len(text))


def test_invisible_characters_alone_never_make_a_token_or_a_sentence():
    text = "Peace \u200b\ufeff talks.\n\n\u200b\n\nEnd."
    sentences, tokens = tokenize_document(text, doc_id="z")
    assert [t["norm"] for t in tokens] == ["peace", "talks", ".", "end", "."]
    assert [s["text"] for s in sentences] == ["Peace \u200b\ufeff talks.", "End."]


def test_invisible_characters_do_not_break_clitics():
    sentences, tokens = tokenize_document("Zelenskiy\u200b's plan", doc_id="z")
    assert [t["norm"] for t in tokens] == ["zelenskiy", "'s", "plan"]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007"])
def test_non_breaking_spaces_separate_words(space):
    text = f"security{space}guarantees now"
    _, tokens = tokenize_document(text, doc_id="n")
    assert [(t["norm"], t["start"], t["end"]) for t in tokens] == [("security", 0, 8), ("guarantees", 9, 19),
                                                                    ("now", 20, 23)]


def test_zero_width_characters_never_make_a_term():
    import pandas as pd

    from analysis.text.frequencies import term_frequencies

    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Peace to\u200b the\u200b people \u200b and\u200b peace."]})
    _, tokens = tokenize_corpus(docs)
    terms = term_frequencies(tokens, drop_stopwords=False)
    assert dict(zip(terms["term"], terms["count"])) == {"peace": 2, "and": 1, "people": 1, "the": 1, "to": 1}


#: Pieces that exercise the Treebank rules: quotes of every kind, clitics, dashes, dots, brackets, numbers.
_PIECES = ("word", "Kyiv", "U.S.", "can't", "won’t", "it's", "'s", "n't", "don't", "I'm", "they're", "''", "``",
           '"', "'", "‘", "’", "“", "”", "«", "»", "„", "--", "—", "–", "...", ".", ",", ":", ";", "?", "!", "(", ")",
           "[", "]", "{", "}", "<", ">", "$3.88", "1,000", "50%", "#tag", "@user", "&", "*", "gonna", "'tis",
           "whaddya", "D'Artagnan", "e.g.", "x", "Mr.", "I'd", "we'll", "you've", "WON'T", "cannot", " ", "  ", "\t")


def test_generated_text_tokenizes_exactly_as_nltk_word_tokenize():
    """A property test on 3,000 generated sentences (seeded): the tokens equal NLTK's, whatever the pieces."""
    import random

    rng = random.Random(17)
    for _ in range(3000):
        sentence = "".join(rng.choice(_PIECES) + rng.choice(("", " ", " ", "")) for _ in range(rng.randint(1, 14)))
        if not sentence.strip():
            continue
        expected = nltk.word_tokenize(sentence, preserve_line=True)
        assert [token for token, _, _ in word_spans(sentence)] == expected, sentence
