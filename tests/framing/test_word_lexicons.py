"""Word-category lexicons: tiny hand-made files in each layout, and malformed ones named by file and line."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.framing.word_lexicons import LexiconError, lexicon_matches, read_word_lexicon


def _entries(table):
    return [(w, c, None if math.isnan(s) else s) for w, c, s in table[["word", "category", "score"]].values.tolist()]


def test_nrc_layout_keeps_the_associations_marked_1(tmp_path):
    path = tmp_path / "NRC-Emotion-Lexicon-Wordlevel-v0.92.txt"
    path.write_text("abandon\tfear\t1\nabandon\tjoy\t0\nabandon\tsadness\t1\n\nWar\tanger\t1\nwar\tfear\t1\n",
                    encoding="utf-8")
    table = read_word_lexicon(path)
    assert table.attrs["layout"] == "nrc" and table.attrs["multiword_entries"] == 0
    assert _entries(table) == [("war", "anger", None), ("abandon", "fear", None), ("war", "fear", None),
                               ("abandon", "sadness", None)]


def test_bing_file_reads_its_sibling_and_skips_comments(tmp_path):
    (tmp_path / "positive-words.txt").write_text(";;; opinion lexicon\n;\n\na+\nwin\n", encoding="utf-8")
    (tmp_path / "negative-words.txt").write_text("; comment\n2-faced\nlose\n", encoding="utf-8")
    from_file = read_word_lexicon(tmp_path / "negative-words.txt")
    from_folder = read_word_lexicon(tmp_path)
    assert from_file.attrs["layout"] == from_folder.attrs["layout"] == "bing"
    assert _entries(from_file) == _entries(from_folder) == [
        ("2-faced", "negative", None), ("lose", "negative", None), ("a+", "positive", None), ("win", "positive", None)]


def test_bing_file_alone(tmp_path):
    (tmp_path / "positive-words.txt").write_text("win\n", encoding="utf-8")
    assert _entries(read_word_lexicon(tmp_path / "positive-words.txt")) == [("win", "positive", None)]


def test_afinn_layout_scores_and_multiword_entries(tmp_path):
    path = tmp_path / "AFINN-111.txt"
    path.write_text("abandon\t-2\nbreathtaking\t5\ncool stuff\t3\nsome kind\t0\n", encoding="utf-8")
    table = read_word_lexicon(path)
    assert table.attrs["layout"] == "afinn"
    # "cool stuff" cannot equal one token; a zero score belongs to neither category
    assert _entries(table) == [("abandon", "negative", -2.0), ("breathtaking", "positive", 5.0)]
    assert table.attrs["multiword_entries"] == 1


def test_csv_layout_with_and_without_header(tmp_path):
    with_header = tmp_path / "mine.csv"
    with_header.write_text("word,category,score\nInvasion,conflict,2\npeace,harmony,1.5\n", encoding="utf-8")
    assert _entries(read_word_lexicon(with_header)) == [("invasion", "conflict", 2.0), ("peace", "harmony", 1.5)]
    bare = tmp_path / "bare.csv"
    bare.write_text("invasion,conflict\n", encoding="utf-8")
    assert _entries(read_word_lexicon(bare)) == [("invasion", "conflict", None)]


@pytest.mark.parametrize("name, text, message", [
    ("nrc.txt", "abandon\tfear\t1\nwar\tfear\t2\n", "nrc.txt, line 2: the association must be 0 or 1"),
    ("nrc.txt", "abandon\tfear\t1\nwar\tfear\n", "nrc.txt, line 2: expected word<TAB>category<TAB>0|1"),
    ("nrc.txt", "abandon\t\t1\n", "nrc.txt, line 1: empty category"),
    ("afinn.txt", "abandon\t-2\nwin\tgood\n", "afinn.txt, line 2: score 'good' is not a number"),
    ("afinn.txt", "abandon\t-2\n\t3\n", "afinn.txt, line 2: empty word"),
    ("one.txt", "justoneword\n", "one.txt, line 1: expected word<TAB>category<TAB>0|1 (NRC) or word<TAB>score"),
    ("mine.csv", "word,category\nwar\n", "mine.csv, line 2: expected word,category[,score], got 1 fields"),
    ("mine.csv", "war,conflict,high\n", "mine.csv, line 1: score 'high' is not a number"),
    ("empty.txt", "\n\n", "empty.txt: holds no entries"),
    ("negative-words.txt", "; c\nbad word\tx\n", "negative-words.txt, line 2: expected one word a line"),
])
def test_malformed_lexicon_names_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        read_word_lexicon(path)
    assert message in str(err.value) and str(tmp_path) in str(err.value)


def test_missing_file_undecodable_bytes_and_empty_folder(tmp_path):
    with pytest.raises(LexiconError, match="no such file"):
        read_word_lexicon(tmp_path / "absent.txt")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"word\tfear\t1\nna\xefve\tjoy\t1\n")
    with pytest.raises(LexiconError, match="latin.txt, line 2: is not UTF-8"):
        read_word_lexicon(latin)
    with pytest.raises(LexiconError, match="positive-words.txt"):
        read_word_lexicon(tmp_path)


def test_matching_is_exact_on_the_lowercased_token_without_stemming():
    tokens = pd.DataFrame({"doc_id": ["d"] * 5, "sent_id": [0] * 5, "tok_id": range(5),
                           "token": ["Like", "liking", "likes", "LIKE", "war"]})
    lexicon = pd.DataFrame({"word": ["like"], "category": ["joy"], "score": [float("nan")]})
    assert lexicon_matches(tokens, lexicon)["tok_id"].tolist() == [0, 3]
