"""Tests for analysis.report.explore on inputs where a view has nothing to show."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report import explore


@pytest.fixture(scope="module")
def weather(tmp_path_factory):
    """The held-out failure: a short, valid article with no frame words (and no actors or quotes)."""
    folder = tmp_path_factory.mktemp("weather")
    (folder / "weather.txt").write_text("The weather was mild on Tuesday.\n", encoding="utf-8")
    return explore.load_explore_data(folder)


def _run_static_view(data, term, monkeypatch, capsys):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    explore.static_view(data, term=term)
    html_parts = [getattr(o, "data", "") for o in shown if isinstance(getattr(o, "data", None), str)]
    return shown, "\n".join(html_parts), capsys.readouterr().out


def test_article_without_frame_words_has_no_frame_matches(weather):
    assert weather.frame_matches.empty
    assert "frame" in weather.frame_matches.columns
    assert weather.framing.mentions.empty and weather.framing.quotes.empty


def test_term_view_without_frame_words(weather):
    view = explore.term_view(weather, term="weather")
    assert view["kwic"]["match"].tolist() == ["weather"]
    assert view["frames"].empty and list(view["frames"].columns) == ["frame", "sentences"]
    assert view["tone"].values.tolist() == [["narration", 1, 0.0]]  # VADER: no sentiment words


def test_static_view_says_what_is_absent(weather, monkeypatch, capsys):
    shown, html_text, printed = _run_static_view(weather, "claim*", monkeypatch, capsys)
    assert printed.strip() == "No occurrences of 'claim*' in the analysed text."
    assert "None of the sentences containing &#x27;claim*&#x27; uses a frame&#x27;s vocabulary." in html_text
    assert "No sentences containing &#x27;claim*&#x27;, so no tone to show." in html_text
    assert "Nothing to highlight in this document" in html_text
    assert not any(isinstance(o, pd.DataFrame) for o in shown)  # no empty tables


def test_static_view_shows_the_tone_of_a_found_term(weather, monkeypatch, capsys):
    shown, html_text, printed = _run_static_view(weather, "weather", monkeypatch, capsys)
    assert "[weather]" in printed
    assert "uses a frame" in html_text  # still no frames
    tables = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert [t.columns.tolist() for t in tables][-1] == ["voice", "sentences", "mean_compound"]


def test_in_sentences_mask_on_empty_table_selects_rows_not_columns():
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype="string"), "sent_id": pd.Series([], dtype="int64"),
                          "frame": pd.Series([], dtype="string")})
    selected = empty.loc[explore._in_sentences(empty, {("a", 0)})]
    assert list(selected.columns) == ["doc_id", "sent_id", "frame"]
    table = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0]})
    assert explore._in_sentences(table, {("a", 1), ("b", 0)}).tolist() == [False, True, True]
    assert explore._in_sentences(table, set()).tolist() == [False, False, False]


def test_document_html_overlapping_and_clipped_spans():
    got = explore.document_html("abcdef", highlights=[(-2, 2, "quote", "q"), (1, 4, "actor", "a<1>"), (5, 5, "cue", "x"),
                                                      (4, 99, "cue", "c")])
    assert got == (
        '<div class="nf-doc"><span class="quote" title="q">a</span>'
        '<span class="quote actor" title="q; a&lt;1&gt;">b</span>'
        '<span class="actor" title="a&lt;1&gt;">cd</span><span class="cue" title="c">e</span>'
        '<span class="cue" title="c">f</span></div>'  # the empty span at 5 still cuts the text there
    )
    # negative cases: empty, reversed and outside spans highlight nothing
    assert explore.document_html("ab", highlights=[(1, 1, "cue", "x"), (2, 1, "cue", "y"), (7, 9, "cue", "z")]) == (
        '<div class="nf-doc">ab</div>')


def test_document_html_of_a_long_document_keeps_every_character():
    text = "Russia said no. " * 20_000
    spans = [(i * 16, i * 16 + 6, "actor", "Russia") for i in range(20_000)]
    got = explore.document_html(text, highlights=spans)
    assert got.count('<span class="actor" title="Russia">Russia</span>') == 20_000
    assert got.count(" said no. ") == 20_000


def test_the_study_and_the_memory_corpus_offer_what_the_explorer_reads(weather, small_corpus, tmp_path):
    from analysis.runner.study import open_study

    assert isinstance(weather.corpus, explore.MemoryCorpus)
    assert isinstance(weather.corpus, explore.ExploredCorpus)
    study = open_study(small_corpus, store_dir=str(tmp_path), progress=False)
    assert isinstance(study, explore.ExploredCorpus)
    assert not isinstance(pd.DataFrame(), explore.ExploredCorpus)  # a table is no corpus
