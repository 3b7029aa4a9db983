"""Article text is untrusted: it must reach every HTML output escaped, never live."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis import config
from analysis.runner.report import build_report, plan_report

pytestmark = pytest.mark.notebooks

HOSTILE = config.TESTS_DIR / "fixtures" / "hostile_corpus"
#: Raw payload fragments that must never appear unescaped in HTML.
LIVE_PAYLOADS = [
    "<script>window.__xss",
    '<img src=x onerror="window.__xss',
    "<iframe src=\"javascript:window.__xss",
    "<a href=\"javascript:window.__xss",
    "<style>body{display:none}</style>",
    "<b>X</b>",
]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "report"
    build_report(plan_report(corpus=HOSTILE, out=out), progress=False)
    return out


def _html_files(out: Path) -> list[Path]:
    files = sorted(out.rglob("*.html"))
    assert files, "no HTML written"
    return files


class _LiveMarkup(HTMLParser):
    """Collects what a browser would execute or load: script bodies, handlers, URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag in ("script", "style")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "__xss" in value:
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "img") and any("__xss" in (v or "") for _, v in attrs):
            self.live.append(f"<{tag}>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and ("__xss" in data or "body{display:none}" in data):
            self.live.append(f"script/style body: {data[:60]!r}")


def test_no_payload_is_live_in_any_html_output(hostile_report):
    for page in _html_files(hostile_report):
        text = page.read_text(encoding="utf-8")
        for payload in LIVE_PAYLOADS:
            assert payload not in text, f"{payload!r} unescaped in {page.relative_to(hostile_report)}"
        parser = _LiveMarkup()
        parser.feed(text)
        assert parser.live == [], f"{page.relative_to(hostile_report)}: {parser.live}"


def test_the_live_markup_check_would_catch_a_payload():
    parser = _LiveMarkup()
    parser.feed('<p>ok</p><img src=x onerror="window.__xss=1"><a href="javascript:alert(1)">x</a><script>window.__xss=2</script>')
    assert len(parser.live) == 4


def test_the_payload_did_reach_the_report_escaped(hostile_report):
    """The check above is meaningful only if the hostile text was carried through."""
    pages = {p.relative_to(hostile_report).as_posix(): p.read_text(encoding="utf-8") for p in _html_files(hostile_report)}
    escaped = "&lt;script&gt;window.__xss"
    carried = [name for name, text in pages.items() if escaped in text]
    assert "notebooks/00_explore.html" in carried  # the highlighted reader shows the whole article
    assert any(name.startswith("notebooks/0") and name != "notebooks/00_explore.html" for name in carried)


def test_tables_keep_the_raw_text_exactly(hostile_report):
    """Tables are data, not HTML: the raw characters are kept for traceability."""
    import pandas as pd

    sentences = pd.read_parquet(hostile_report / "tables" / "sentences.parquet")
    assert sentences["text"].str.contains("<script>window.__xss", regex=False).any()


def test_index_escapes_file_names_and_title(hostile_report):
    index = (hostile_report / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index.lower()
