"""A notebook's page: findings first, the settings folded at the end, wide tables scroll in their own box."""

from __future__ import annotations

import nbformat
import pandas as pd

from analysis.report import findings
from analysis.report.html_export import PAGE_CSS, export_notebook_html
from analysis.report.pages import Findings, page_order, settings_details


def _executed_notebook(path):
    """A small executed notebook: title, a settings cell, a figure-like output, a wide table, the findings."""
    nb = nbformat.v4.new_notebook()
    wide = pd.DataFrame({f"column {i}": ["x" * 80] for i in range(12)}).to_html()

    def code(cid, html, tags=()):
        cell = nbformat.v4.new_code_cell("display(...)", id=cid)
        cell.metadata["tags"] = list(tags)
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": "..."})]
        return cell

    settings = settings_details(pd.DataFrame({"setting": ["top_n"], "value": ["5"], "default": ["20"],
                                              "changed": ["yes"], "meaning": ["rows " * 40 + "END"]}))
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 9. A page\n\nWhat it is about.", id="title"),
        code("settings", settings._repr_html_(), tags=["settings"]),
        code("middle", "<p>MIDDLE-OUTPUT</p>"),
        code("wide", wide),
        nbformat.v4.new_markdown_cell("## Findings", id="findings-md", metadata={"tags": ["findings"]}),
        code("findings", Findings(["FIRST-FINDING <b>escaped</b>"])._repr_html_(), tags=["findings"]),
    ]
    nbformat.write(nb, str(path))
    return path


def test_the_page_opens_with_the_findings_and_ends_with_the_folded_settings(tmp_path):
    page = export_notebook_html(_executed_notebook(tmp_path / "page.ipynb")).read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    order = [body.index(marker) for marker in ("9. A page", 'id="Findings"', "FIRST-FINDING", "MIDDLE-OUTPUT",
                                               "column 11", '<details class="nf-settings">')]
    assert order == sorted(order)
    assert "FIRST-FINDING &lt;b&gt;escaped&lt;/b&gt;" in body
    settings = body[body.index('<details class="nf-settings">'):]
    assert "rows " * 40 + "END" in settings  # every word of the meaning, nothing cut
    assert "<th>setting</th>" in settings and "<th></th>" not in settings  # no index column
    assert "Settings behind this page's tables: 1 setting, 1 changed from the default" in settings
    assert PAGE_CSS in page and ".jp-OutputArea-output{min-width:0;max-width:100%;overflow-x:auto}" in PAGE_CSS


def test_page_order_keeps_every_cell_and_the_order_of_the_rest():
    cells = [{"cell_type": "markdown", "metadata": {}, "id": "t"},
             {"cell_type": "code", "metadata": {"tags": ["findings"]}, "id": "f1"},
             {"cell_type": "code", "metadata": {}, "id": "a"},
             {"cell_type": "code", "metadata": {"tags": ["settings"]}, "id": "s"},
             {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "id": "b"},
             {"cell_type": "code", "metadata": {"tags": ["findings"]}, "id": "f2"}]
    assert [c["id"] for c in page_order(cells)] == ["t", "f1", "f2", "a", "b", "s"]
    no_title = [{"cell_type": "code", "metadata": {}, "id": "a"}, {"cell_type": "code", "metadata": {"tags": ["findings"]}, "id": "f"}]
    assert [c["id"] for c in page_order(no_title)] == ["f", "a"]
    assert page_order([]) == []


def test_findings_of_the_default_article_by_hand():
    """Counts of the default article's tables (reports/tables of the default report)."""
    docs = pd.DataFrame({"doc_id": ["000"], "outlet": ["RFE/RL"], "published": [None], "n_chars": [5930],
                         "boilerplate_chars": [455], "n_boilerplate_spans": [4], "n_sentences": [35], "n_tokens": [975]})
    assert findings.corpus_findings(docs, group_by="outlet") == [
        "1 document: 35 sentences, 975 tokens.",
        "Cleaning removed 455 of 5,930 characters (7.7%) as publisher boilerplate, in 4 spans.",  # 455 / 5930
        "No document has a publication date ('published'), so nothing is shown over time.",
        "Groups by 'outlet': RFE/RL (1).",
    ]
    clean = docs.assign(boilerplate_chars=0, n_boilerplate_spans=0)
    assert findings.corpus_findings(clean)[1] == "Cleaning removed nothing: no boilerplate rule matched."


def test_framing_findings_say_what_is_missing():
    none = findings.framing_findings(pd.DataFrame({"actor": ["NATO"], "mentions": [0]}),
                                     pd.DataFrame({"kind": [], "speaker": []}),
                                     pd.DataFrame({"doc_id": ["d"], "label": ["War"], "share": [0.0]}))
    assert none == ["No actor is named (see actor_candidates for names the actor lexicon lacks).",
                    "No quotation: no text stands inside quotation marks.",
                    "No sentence evokes a frame of the frame dictionary."]
    corpus_row = pd.DataFrame({"doc_id": ["a", "(corpus)", "(corpus)"], "label": ["War", "War", "Peace"],
                               "share": [0.9, 0.2, 0.3]})
    line = findings.framing_findings(pd.DataFrame({"actor": ["A"], "mentions": [1]}),
                                     pd.DataFrame({"kind": ["full"], "speaker": [""]}), corpus_row)
    assert line[0] == "Most named actors: A (1)."  # no source column: every actor is the lexicon's, unmarked
    assert line[1] == "1 quotation (1 full, 0 fragments); no quotation is attributed to a speaker."
    assert line[2] == "The frame evoked by the most sentences: Peace (30% of sentences), then War (20%)."  # the corpus row
