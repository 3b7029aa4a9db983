"""The report's face: index.html from a Jinja2 template, and the figure fixes of issue 10 (item 8).

The pages here are rendered from hand-written report folders, so every
number on them can be checked by hand.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.report import index_page
from analysis.report.index_page import FIGURES, TABLES, caption_for, render_index
from analysis.runner.settings import setting_defaults

HOSTILE = "<script>window.__xss='t'</script>"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def report(tmp_path):
    """A two-document report with a hostile title, outlet, speaker and key term."""
    out = tmp_path / "report"
    _write(out / "tables" / "documents.csv",
           "doc_id,outlet,published,title,n_sentences,n_tokens\n"
           f"a,Outlet <b>X</b>,2024-12-09,\"{HOSTILE}\",3,40\n"
           "b,Outlet Y,2024-11-30,Plain,2,25\n")
    _write(out / "tables" / "keyness.csv",
           "target,reference,term,g2\n"
           "corpus,wordfreq:en,nato,9.5\n"
           f"corpus,wordfreq:en,\"{HOSTILE}\",12.0\n"
           "corpus,wordfreq:en,the,-4.0\n"
           "Outlet Y,Outlet <b>X</b>,kyiv,50.0\n")
    _write(out / "tables" / "quotes.csv",
           "doc_id,quote_id,speaker\na,0,Zelenskiy\na,1,Zelenskiy\nb,0,<i>Shmyhal</i>\nb,1,\n")
    _write(out / "tables" / "actor_summary.csv", "actor,mentions\nUkraine,7\nRussia,7\nNATO,0\n")
    _write(out / "figures" / "top_terms.png", "png")
    _write(out / "figures" / "top_terms.csv", "term,count\nnato,3\n")
    _write(out / "figures" / "rate_ratios.png", "png")  # drawn from an empty table: "nothing to show"
    _write(out / "figures" / "rate_ratios.csv", "term,group_a,group_b,rate_ratio\n")
    _write(out / "figures" / "keyness_general_english.png", "png")
    _write(out / "figures" / "my_new_plot.png", "png")
    _write(out / "notebooks" / "02_frequencies.html", "<html></html>")
    _write(out / "notebooks" / "02_frequencies.ipynb", json.dumps(
        {"cells": [{"cell_type": "markdown", "source": ["# 2. Words <em>and</em> phrases\n", "text"]}]}))
    return out


SETTINGS = {"group_by": "outlet", "top_n": 10, "stem": False, "kwic_terms": ["a", "b"]}


def _page(report, **kw):
    return render_index(report, title=f"Report: {HOSTILE}", corpus="../my <corpus>", settings=SETTINGS,
                        defaults=setting_defaults(), **kw)


def test_hostile_text_and_metadata_are_escaped(report):
    page = _page(report)
    lowered = page.lower()
    assert "<script" not in lowered and "<b>x</b>" not in lowered and "<i>shmyhal" not in lowered
    assert "<em>and</em>" not in page  # a notebook heading is text too
    escaped = "&lt;script&gt;window.__xss=&#39;t&#39;&lt;/script&gt;"
    assert page.count(escaped) == 4  # <title>, <h1>, the document's title, the key term
    assert "Outlet &lt;b&gt;X&lt;/b&gt; (1)" in page and "&lt;i&gt;Shmyhal&lt;/i&gt; (1)" in page
    assert "<code>../my &lt;corpus&gt;</code>" in page


def test_summary_numbers_are_those_of_the_tables(report):
    page = _page(report)
    assert "<dt>Documents</dt><dd>2</dd>" in page
    assert "<dt>Sentences</dt><dd>5</dd>" in page  # 3 + 2
    assert "<dt>Tokens</dt><dd>65</dd>" in page  # 40 + 25
    assert "2024-11-30 to 2024-12-09" in page and "publication dates, known for 2 of 2 documents" in page
    # groups by count, then name; both have one document
    assert "by <code>outlet</code>: Outlet &lt;b&gt;X&lt;/b&gt; (1), Outlet Y (1)" in page
    # key terms against general English only, by G2: the hostile term (12.0) before nato (9.5); not kyiv, not "the"
    findings = page[page.index("Key terms against general English"):page.index("Most named actors")]
    assert re.findall(r"<strong>(.*?)</strong>", findings) == [
        "&lt;script&gt;window.__xss=&#39;t&#39;&lt;/script&gt;", "nato"]
    # ties by name; NATO has no mention and is left out
    assert "Russia (7), Ukraine (7)<ul><li>Actors are the names of a lexicon" in page
    # an empty speaker is not a speaker: it is counted apart, in words
    assert "Zelenskiy (2), &lt;i&gt;Shmyhal&lt;/i&gt; (1); 1 of 4 quotations have a speaker the text does not name" in page


def test_only_settings_that_differ_from_the_defaults_are_listed(report):
    page = _page(report)
    changed = page[page.index("Settings that differ"):page.index("Top findings")]
    rows = re.findall(r"<tr><td><code>(.*?)</code></td><td><code>(.*?)</code></td><td><code>(.*?)</code>", changed)
    assert rows == [("top_n", "10", "20"), ("kwic_terms", "[a, b]", "None")]
    plain = render_index(report, title="t", settings={"group_by": "outlet", "top_n": 20}, defaults=setting_defaults())
    assert "None: every setting has its default value" in plain


def test_figures_are_grouped_by_notebook_with_captions_not_file_names(report):
    page = _page(report)
    figures = page[page.index('id="figures"'):page.index('id="tables"')]
    sections = re.findall(r"<h3>(.*?)</h3>", figures)
    assert sections == ["Words and phrases", "Comparing", "Other figures"]
    captions = re.findall(r"<figcaption>(.*?)(?: <span|</figcaption>)", figures)
    assert captions == [FIGURES["top_terms"].caption, FIGURES["keyness_general_english"].caption.replace("'", "&#39;"),
                        "My new plot."]
    assert not any(c.endswith(".png") for c in captions)
    assert 'href="figures/top_terms.csv">data</a>' in figures  # the figure's own data, when written
    assert "figure img{display:block;max-width:100%;height:auto" in page  # natural size (7 in at 120 dpi), never wider than the page


def test_a_figure_of_an_empty_table_is_not_on_the_page(report):
    figures = _page(report)[_page(report).index('id="figures"'):]
    assert "figures/rate_ratios.png" not in figures and "figures/top_terms.png" in figures


def test_dates_are_publication_dates_and_datelines_are_named_apart(tmp_path):
    """The default corpus has a dateline (event 2024-12-09) and no 'published': the page agrees with 05."""
    _write(tmp_path / "tables" / "documents.csv", "doc_id,published,event_date\nd1,,2024-12-09\nd2,,\n")
    page = render_index(tmp_path, title="t")
    dates = page[page.index("<dt>Dates</dt>"):page.index("<dt>Groups</dt>")]
    assert "no publication dates (<code>published</code>), so nothing is shown over time" in dates
    assert "Datelines name events of 2024-12-09 (1 of 2 documents); these are not publication dates" in dates
    _write(tmp_path / "tables" / "documents.csv", "doc_id,published,event_date\nd1,2024-12-10T08:00:00,2024-12-09\n"
                                                  "d2,not a date,\n")
    dates = render_index(tmp_path, title="t")
    assert "2024-12-10 <span class=\"muted\">(publication dates, known for 1 of 2 documents)" in dates


def test_tables_have_descriptions_rows_and_sizes(report):
    page = _page(report)
    row = re.search(r'<tr><td><a href="tables/documents.csv">documents.csv</a></td>(.*?)</tr>', page).group(1)
    size = (report / "tables" / "documents.csv").stat().st_size
    assert row == (f"<td>The corpus</td><td>{TABLES['documents'].caption}</td><td class=\"n\">2</td>"
                   f"<td class=\"n\">{size} B</td>")
    assert page.index("documents.csv") < page.index("quotes.csv") < page.index("keyness.csv")  # notebook order


def test_notebooks_show_their_heading_and_one_line(report):
    page = _page(report)
    assert ('<a href="notebooks/02_frequencies.html">2. Words &lt;em&gt;and&lt;/em&gt; phrases</a>' in page)
    assert index_page.NOTEBOOKS["02_frequencies"] in page
    assert "01_corpus.html" not in page  # only notebooks that were run and exported


def test_same_report_same_bytes_and_no_timestamp(report):
    first, second = _page(report), _page(report)
    assert first == second
    assert not re.search(r"20[2-9]\d-\d\d-\d\dT|\d\d:\d\d:\d\d", first)
    assert first.endswith("</html>\n")


def test_empty_report_folder_renders(tmp_path):
    page = render_index(tmp_path, title="empty")
    assert "<dt>Documents</dt><dd>0</dd>" in page and "No figures." in page
    assert "no publication dates (<code>published</code>), so nothing is shown over time" in page


def test_every_output_the_notebooks_write_has_a_caption():
    """A new figure or table must get a caption here, or the page shows it under 'Other'."""
    written = {"figures": set(), "tables": set()}
    for path in sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")):
        source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
        written["figures"] |= set(re.findall(r"write_figure\([^\n]*?,\s*f?\"([^\"]+)\"", source))
        written["tables"] |= set(re.findall(r"write_table\([^\n]*?,\s*f?\"([^\"]+)\"", source))
        written["tables"] |= set(re.findall(r"study\.export\(\"\w+\",\s*\"(\w+)\"", source))
    assert "top_terms" in written["figures"] and "documents" in written["tables"]  # the regexes see the calls
    for kind, names in written.items():
        missing = sorted(n for n in names if caption_for(kind, n.replace("{n}", "4")).notebook is None)
        assert missing == [], f"add captions for these {kind} to analysis/report/index_page.py"


def test_template_is_package_data_with_autoescape():
    assert (index_page.TEMPLATE_DIR / index_page.TEMPLATE_NAME).is_file()
    assert index_page._environment().autoescape is True


# --------------------------------------------------------------------------- figures
def test_keyness_legend_sits_beside_the_bars_not_over_them():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.report.plots import keyness_plot

    # the longest bars are the reference's, at the bottom right, where the legend used to be
    table = pd.DataFrame({"term": ["a", "b", "c", "d"], "g2": [2.0, 1.0, -30.0, -40.0],
                          "target": "Outlet A", "reference": "Outlet B"})
    fig = keyness_plot(table)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.x0 >= ax.get_window_extent(renderer).x1
    for bar in ax.patches:
        assert not legend.overlaps(bar.get_window_extent(renderer))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Outlet A", "Outlet B"]


def test_tone_with_no_sentences_is_no_data_not_zero(tmp_path):
    """A voice with no sentence has NaN tone (an empty CSV cell); a neutral voice has 0."""
    from analysis.framing.tone import tone_by_actor, tone_by_voice
    from analysis.outputs import write_csv

    tone = pd.DataFrame({"voice": ["narration", "narration"], "compound": [0.0, 0.0], "actors": ["A", ""]})
    by_voice = tone_by_voice(tone)
    assert by_voice["voice"].tolist() == ["narration", "mixed", "quoted"]
    assert by_voice["n_sentences"].tolist() == [2, 0, 0]
    assert by_voice.loc[0, "mean_compound"] == 0.0 and by_voice.loc[0, "share_neutral"] == 1.0
    assert np.isnan(by_voice.loc[1:, ["mean_compound", "share_negative", "share_neutral", "share_positive"]]
                    .to_numpy(dtype=float)).all()
    lines = write_csv(by_voice, tmp_path / "v.csv").read_text().splitlines()
    assert lines[1:] == ["narration,2,0,0,1,0", "mixed,0,,,,", "quoted,0,,,,"]
    # an actor named in no sentence has no row at all, rather than a row of zeros
    assert tone_by_actor(tone)["actor"].tolist() == ["A"]


def test_a_changed_template_makes_the_report_out_of_date(tmp_path, monkeypatch):
    """The report key covers the template, so `make report` rebuilds the page after an edit."""
    import dataclasses
    import shutil

    from analysis.runner.report import plan_report, report_key

    plan = plan_report()
    shutil.copytree(config.PACKAGE_DIR, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(config.NOTEBOOKS_DIR, tmp_path / "notebooks")
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(config, "PACKAGE_DIR", tmp_path / "analysis")
    monkeypatch.setattr(config, "RESOURCES_DIR", tmp_path / "analysis" / "resources")
    plan = dataclasses.replace(plan, notebooks=[tmp_path / "notebooks" / p.name for p in plan.notebooks])
    keys = {"documents": "k"}
    before = report_key(plan, keys)
    assert report_key(plan, keys) == before
    template = tmp_path / "analysis" / "report" / "templates" / index_page.TEMPLATE_NAME
    template.write_text(template.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    assert report_key(plan, keys) != before


def test_front_page_reports_only_differences_that_survive_adjustment(tmp_path):
    """84 comparisons: one clear difference survives Holm, one p = 0.041 does not; the page says how many were tested."""
    from analysis.compare.rates import group_pairs, rate_ratio_rows
    from analysis.outputs import write_csv

    groups = [f"Outlet {c}" for c in "ABCDEFG"]
    rows = []
    for term in ("war", "talks", "peace", "claim*"):
        for g in groups:
            rows.append({"term": term, "group": g, "count": 5, "tokens": 1000})
    counts = pd.DataFrame(rows)
    strong = (counts["term"] == "war") & (counts["group"] == "Outlet A")
    counts.loc[strong, "count"] = 200
    # 15 vs 5 in equal tokens: p = 2 * P(X >= 15), X ~ Bin(20, 1/2) = 2 * 21700 / 2 ** 20 = 0.0414
    counts.loc[(counts["term"] == "talks") & (counts["group"] == "Outlet G"), "count"] = 15
    table = rate_ratio_rows(counts, group_pairs(groups))  # 21 pairs x 4 terms = 84 comparisons
    assert len(table) == 84 and set(table["family_size"]) == {84}
    talks = table[(table["term"] == "talks") & (table["p_value"] < 0.05)]
    assert talks["p_value"].tolist() == pytest.approx([2 * 21700 / 2 ** 20] * 6)  # significant only unadjusted
    assert (talks["p_adjusted"] == 1.0).all()
    _write(tmp_path / "tables" / "documents.csv", "doc_id,n_sentences,n_tokens\n")
    hostile = table.assign(term=table["term"].replace("claim*", f"claim{HOSTILE}"))
    write_csv(hostile, tmp_path / "tables" / "rate_ratios.csv")
    page = render_index(tmp_path, title="t")
    survivors = int((table["p_adjusted"] < 0.05).sum())
    assert survivors == 6  # war: Outlet A against each of the 6 others
    assert (f"<li>{survivors} of 84 comparisons of the compare_terms remain significant after Holm&#39;s "
            "adjustment (adjusted p &lt; 0.05).</li>") in page
    listed = re.findall(r"<li>(&#39;.*?)</li>", page)
    assert len(listed) == 3 and all(line.startswith("&#39;war&#39; is 40.00 times as frequent in Outlet A")
                                    for line in listed)
    assert "talks" not in page[page.index("Differences between groups"):page.index("Most quoted speakers")]
    assert "Differences between groups" not in render_index(tmp_path / "none", title="t")


def test_front_page_names_the_actor_lexicon_and_the_frequent_names_it_misses(report):
    # the US-election case of the issue: Clinton is named more often than the lexicon's 5th actor
    _write(report / "tables" / "actor_summary.csv",
           "actor,mentions\nDonald Trump,900\nUnited States,300\nMarco Rubio,80\nGermany,40\nCNN,30\nNATO,0\n")
    _write(report / "tables" / "actor_candidates.csv",
           f"candidate,count,doc_freq\nClinton,624,150\nSanders,301,90\n\"{HOSTILE}\",31,2\nIowa,29,9\n")
    page = _page(report)
    named = page[page.index("Most named actors"):page.index("Most quoted speakers")]
    assert ("<li>Actors are the names of a lexicon: the project&#39;s default, the actor "
            "lexicon, written for coverage of Russia&#39;s war against Ukraine; set actor_lexicon to a "
            "lexicon of your own.</li>") in named
    # at least as often as CNN, the 5th actor (30): Clinton, Sanders and the hostile name, not Iowa (29)
    assert ("<li>Frequent names not counted as actors (see actor_candidates.csv): "
            "Clinton (624), Sanders (301), &lt;script&gt;window.__xss=&#39;t&#39;&lt;/script&gt; (31). Add them "
            "to your actor lexicon to count them.</li>") in named
    files = {"input_files": [{"setting": "actor_lexicon", "path": "us_actors.yaml", "source": "given",
                              "sha256": "0" * 64, "bytes": 10}]}
    own = render_index(report, title="t", files=files)
    assert "the names of a lexicon: us_actors.yaml.</li>" in own
    # the lexicon covers the corpus: no second sentence
    _write(report / "tables" / "actor_candidates.csv", "candidate,count,doc_freq\nIowa,29,9\n")
    assert "Frequent names not counted" not in _page(report)


def test_front_page_marks_discovered_actors_and_no_longer_calls_them_missing(report):
    # Clinton is not in the lexicon, but entity resolution found Hillary Clinton in the text: a discovered actor
    _write(report / "tables" / "actor_summary.csv",
           "actor,mentions,source\nDonald Trump,900,lexicon\nHillary Clinton,624,discovered\n"
           f"\"{HOSTILE}\",50,discovered\nGermany,40,lexicon\nCNN,30,lexicon\nNATO,0,lexicon\n")
    _write(report / "tables" / "actor_candidates.csv", "candidate,count,doc_freq\nClinton,624,150\nSanders,301,90\n")
    page = _page(report)
    named = page[page.index("Most named actors"):page.index("Most quoted speakers")]
    assert ("Donald Trump (900), Hillary Clinton (discovered) (624), "
            "&lt;script&gt;window.__xss=&#39;t&#39;&lt;/script&gt; (discovered) (50), Germany (40), CNN (30)") in named
    assert "Germany (discovered)" not in named and "Donald Trump (discovered)" not in named
    assert "2 of the 5 named actors; most named: Hillary Clinton (624)" in named
    # Clinton is counted (the surname of a discovered actor); Sanders is still missing
    assert "Frequent names not counted as actors (see actor_candidates.csv): Sanders (301)." in named
    assert HOSTILE not in page
