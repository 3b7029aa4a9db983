"""Export an executed notebook to a self-contained, inert HTML page.

nbconvert's ``lab`` template (nbconvert 7.17) writes a page that loads
require.js and MathJax 2 from cdnjs, and a Mermaid loader that imports its
module from cdnjs when a diagram is present; with widget state it also loads
the widget manager from a CDN. So a report could not be read offline, and
MathJax typeset ``$...$`` found in article text: ``$\\href{https://evil.example/}{click}$``
became a live link and ``\\style{...}`` was applied.

:func:`export_notebook_html` uses a template that extends ``lab`` and drops
those blocks: no require.js, no MathJax, no Mermaid, no widget manager, and
no ``application/javascript`` outputs. The page's CSS is inlined (as ``lab``
already does) with its comments removed, so the page holds no network
address of its own. Article text therefore stays verbatim text: dollars are
never typeset, and nothing in it can load or run. After rendering, the page
is checked: an element that would load a network resource is an error.

The page is laid out for reading (:mod:`analysis.report.pages`): the cells
tagged ``findings`` open it, right after the title; the cells tagged
``settings`` (the settings table, folded in ``<details>``) close it; and a
wide table or output scrolls inside its own box instead of running off the
page (:data:`PAGE_CSS`).

Examples:
    >>> import tempfile, pathlib, nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_markdown_cell("Price: $5 and $6", id="c0"))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "n.ipynb"
    >>> nbformat.write(nb, str(path))
    >>> page = export_notebook_html(path).read_text(encoding="utf-8")
    >>> "mathjax" in page.lower(), "require.js" in page, network_loads(page)
    (False, False, [])
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from analysis.exceptions import AnalysisError
from analysis.outputs import write_text_atomic

#: The template's name in the exporter's extra loader.
TEMPLATE_NAME = "news_framing_offline.html.j2"

#: The page's own rules: outputs scroll sideways inside their box (a flex item needs ``min-width: 0`` to
#: shrink below its content), the findings stand out, the folded settings table wraps its text.
PAGE_CSS = (
    ".jp-OutputArea-child{max-width:100%}"
    ".jp-OutputArea-output{min-width:0;max-width:100%;overflow-x:auto}"
    ".jp-OutputArea-output table{max-width:none}"
    ".nf-scroll{max-width:100%;overflow-x:auto}"
    ".nf-findings{border-left:4px solid #1f77b4;background:#f4f8fc;padding:.5em 1em;margin:.5em 0}"
    ".nf-findings ul{margin:.3em 0 0 0}"
    "details.nf-settings{margin:1em 0}details.nf-settings summary{cursor:pointer;font-weight:600}"
    "details.nf-settings td{white-space:normal;vertical-align:top}"
)

#: Extends nbconvert's ``lab/index.html.j2`` and empties every block that
#: loads or runs something from the network.
OFFLINE_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block notebook_css -%}{%- filter strip_css_comments -%}{{ super() }}{%- endfilter -%}{%- endblock notebook_css -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
""" + "{%- block extra_css -%}<style type=\"text/css\">{% raw %}" + PAGE_CSS + "{% endraw %}</style>{%- endblock extra_css -%}\n"

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)

#: Attributes through which an element loads something when the page opens.
_LOADING_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
}
_NETWORK = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.IGNORECASE)
_CSS_NETWORK = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:https?:|//)", re.IGNORECASE)


def strip_css_comments(css: str) -> str:
    """Remove ``/* ... */`` comments from CSS (they carry the only URLs in nbconvert's stylesheets).

    Examples:
        >>> strip_css_comments("a{color:red} /* see https://x.example */ b{}")
        'a{color:red}  b{}'
    """
    return _CSS_COMMENT.sub("", css)


class _LoadFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name in _LOADING_ATTRIBUTES.get(tag, ()) and any(
                _NETWORK.search(part.strip()) for part in value.split(",")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and _CSS_NETWORK.search(value):
                self.found.append(f"<{tag} style={value!r}>")

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style and _CSS_NETWORK.search(data):
            self.found.append(f"<style> loading {_CSS_NETWORK.search(data).group(0)!r}")


def network_loads(page: str) -> list[str]:
    """The elements of an HTML page that would fetch something from a network address.

    Links a reader may click (``<a href>``) are not loads; ``data:`` URIs and
    relative paths are local.

    Examples:
        >>> network_loads('<script src="https://cdn.example/x.js"></script><a href="https://a.example">a</a>')
        ["<script src='https://cdn.example/x.js'>"]
        >>> network_loads('<img src="data:image/png;base64,AA"><img src="figures/a.png"><p>https://x.example</p>')
        []
        >>> network_loads('<style>@import "https://x.example/a.css";</style><img src="//x.example/a.png">')
        ['<style> loading \\'@import "https:\\'', "<img src='//x.example/a.png'>"]
    """
    finder = _LoadFinder()
    finder.feed(page)
    finder.close()
    return finder.found


def render_notebook_html(path: str | Path) -> str:
    """Render an executed notebook as an offline HTML page with the code hidden.

    Raises:
        AnalysisError: The page would still load something from the network.
    """
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: OFFLINE_TEMPLATE})],
        filters={"strip_css_comments": strip_css_comments},
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # belt and braces: should a block ever come back, it has no address to load
        mathjax_url="",
        require_js_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jupyter_widgets_base_url="",
        widget_renderer_url="",
    )
    import nbformat

    from analysis.report.pages import page_order

    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells = page_order(notebook.cells)
    body, _ = exporter.from_notebook_node(notebook)
    loads = network_loads(body)
    if loads:
        raise AnalysisError(f"{Path(path).name}: the exported HTML would load from the network: {'; '.join(loads)}")
    return body


def export_notebook_html(path: str | Path) -> Path:
    """Write ``<path>.html`` beside an executed notebook: offline, inert, byte-stable.

    Args:
        path: An ``.ipynb`` file.

    Returns:
        The path of the HTML page.
    """
    source = Path(path)
    return write_text_atomic(source.with_suffix(".html"), render_notebook_html(source))
