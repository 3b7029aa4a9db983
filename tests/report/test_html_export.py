"""Exported notebook HTML is offline and inert: nothing loads from the network, article text stays text."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from analysis.exceptions import AnalysisError
from analysis.report.html_export import export_notebook_html, network_loads, strip_css_comments

HREF = r"$\href{https://evil.example/}{click}$"
STYLE = r"$\style{color:red;font-size:90px}{big}$"
ARTICLE = f"Kyiv said {HREF} and {STYLE} and <b>bold</b> cost $5 to $6."


def _notebook(tmp_path, *outputs, name="n.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Report", id="md-0"))
    cell = nbformat.v4.new_code_cell("print(article)", id="code-1")
    cell.outputs = list(outputs)
    nb.cells.append(cell)
    path = tmp_path / name
    nbformat.write(nb, str(path))
    return path


def _article_outputs():
    table = pd.DataFrame({"doc_id": ["a"], "text": [ARTICLE]})
    return (
        nbformat.v4.new_output("stream", name="stdout", text=ARTICLE + "\n"),
        nbformat.v4.new_output("display_data", data={"text/html": table.to_html(), "text/plain": repr(table)}),
    )


def _tags(page: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*>", page, flags=re.IGNORECASE)


def test_article_text_is_verbatim_and_nothing_loads(tmp_path):
    page = export_notebook_html(_notebook(tmp_path, *_article_outputs())).read_text(encoding="utf-8")
    # the raw TeX is there as text, twice (stream and table), and HTML in it is escaped
    assert page.count(HREF) == 2 and page.count(STYLE) == 2
    assert page.count("&lt;b&gt;bold&lt;/b&gt;") == 2 and "<b>bold</b>" not in page
    # nothing could typeset it or turn it into a link
    assert "mathjax" not in page.lower() and "require" not in page.lower() and "cdnjs" not in page
    assert _tags(page, "script") == [] and _tags(page, "link") == []
    assert not any("evil.example" in a for a in _tags(page, "a"))
    # the only network addresses in the page are the article's own words
    assert re.findall(r"https?://[^\s\"'<>{}]*", page) == ["https://evil.example/"] * 2
    assert network_loads(page) == []


def test_two_exports_are_byte_identical(tmp_path):
    path = _notebook(tmp_path, *_article_outputs())
    first = export_notebook_html(path).read_bytes()
    second = export_notebook_html(path).read_bytes()
    assert first == second and len(first) > 1000


def test_javascript_outputs_are_left_out(tmp_path):
    js = nbformat.v4.new_output("display_data", data={"application/javascript": "window.__ran = 1;",
                                                       "text/plain": "<IPython.core.display.Javascript object>"})
    page = export_notebook_html(_notebook(tmp_path, js)).read_text(encoding="utf-8")
    assert "window.__ran" not in page and _tags(page, "script") == []


def test_an_output_that_would_load_from_the_network_is_refused(tmp_path):
    remote = nbformat.v4.new_output("display_data", data={"text/html": '<img src="https://evil.example/x.png">'})
    with pytest.raises(AnalysisError, match=r"n.ipynb: the exported HTML would load from the network: <img src='https://evil.example/x.png'>"):
        export_notebook_html(_notebook(tmp_path, remote))
    assert not (tmp_path / "n.html").exists()


def test_network_loads_and_css_comments_by_hand():
    assert network_loads('<link rel="stylesheet" href="http://cdn.example/a.css">') == [
        "<link href='http://cdn.example/a.css'>"]
    assert network_loads('<script src="HTTPS://cdn.example/a.js"></script>') == ["<script src='HTTPS://cdn.example/a.js'>"]
    assert network_loads('<p style="background:url(https://x.example/a.png)">x</p>') == [
        "<p style='background:url(https://x.example/a.png)'>"]
    # negative cases: clickable links, data URIs, relative files and plain text are not loads
    assert network_loads('<a href="https://x.example">x</a><img src="data:image/png;base64,AA">'
                         '<img src="../figures/a.png"><pre>see https://x.example</pre>') == []
    assert strip_css_comments("/* https://a */a{b:c}/* x\n y */") == "a{b:c}"
    assert strip_css_comments("a{b:c}") == "a{b:c}"
