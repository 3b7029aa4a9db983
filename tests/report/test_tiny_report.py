"""The whole report on one tiny article with nothing to find: every notebook completes and says what is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis import config
from analysis.report.html_export import network_loads
from analysis.runner.report import build_report, plan_report

pytestmark = pytest.mark.notebooks

TINY = config.TESTS_DIR / "fixtures" / "tiny_corpus"
NOTEBOOKS = ["00_explore", "01_corpus", "02_frequencies", "03_framing", "04_compare", "05_groups_and_time"]
#: What each executed notebook must say, in words.
ABSENT = {
    "00_explore": ["No actor from the lexicon is mentioned", "No quotations found", "No frame words matched"],
    "01_corpus": ["No boilerplate found", "No document has a publication date"],
    "02_frequencies": ["Only one group in 'outlet' ((missing))"],
    "03_framing": [
        "No actor from the lexicon is mentioned", "No quotations found", "No reporting verb found",
        "No evaluative modifier found", "No frame words matched",
        "kwic_terms: no term could be chosen from the corpus",
    ],
    "04_compare": [
        "No term occurs at least 2 times", "Only one group in 'outlet' ((missing))",
        "No bigram or trigram occurs at least 2 times", "collocation_node: no term could be chosen from the corpus",
        "dispersion_terms: no term could be chosen from the corpus",
        "No actor from the lexicon is mentioned, so there is no tone by actor",
        "No quotations found, so there is no quoted speech",
    ],
    "05_groups_and_time": [
        "Only one group in 'outlet' ((missing))", "The documents carry no 'published' date",
        "No rate ratios: they need at least two groups.", "No tone_lexicon given",
    ],
}


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "report"
    build_report(plan_report(corpus=TINY, out=out), progress=False)
    return out


def _printed(notebook: Path) -> str:
    nb = nbformat.read(str(notebook), as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "stream")


def test_fixture_is_what_it_claims():
    text = (TINY / "weather.txt").read_text(encoding="utf-8")
    assert text == "The weather was mild on Tuesday. Farmers planted early.\n"
    assert sorted(p.name for p in TINY.iterdir()) == ["MANIFEST.sha256", "weather.txt"]


def test_every_notebook_completes(tiny_report):
    for name in NOTEBOOKS:
        nb = nbformat.read(str(tiny_report / "notebooks" / f"{name}.ipynb"), as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
        assert errors == [], name
        assert (tiny_report / "notebooks" / f"{name}.html").is_file()
    documents = (tiny_report / "tables" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 2 and documents[1].startswith("weather.txt,")
    assert json.loads((tiny_report / "provenance.json").read_text(encoding="utf-8"))
    # the explorer still shows the article itself
    page = (tiny_report / "notebooks" / "00_explore.html").read_text(encoding="utf-8")
    assert "Farmers planted early." in page
    # the term views say in words that the default term does not occur
    assert "No occurrences of &#x27;claim*&#x27; in the analysed text." in page or \
        "No occurrences of 'claim*' in the analysed text." in page


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_notebook_says_what_is_absent(tiny_report, name):
    printed = _printed(tiny_report / "notebooks" / f"{name}.ipynb")
    missing = [phrase for phrase in ABSENT[name] if phrase not in printed]
    assert missing == [], f"{name} does not say: {missing}\n--- it printed:\n{printed}"


def test_the_tables_are_there_and_empty_where_nothing_was_found(tiny_report):
    import pandas as pd

    def rows(table):
        parquet = tiny_report / "tables" / f"{table}.parquet"
        if parquet.exists():
            return pd.read_parquet(parquet).values.tolist()
        return (tiny_report / "tables" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[1:]

    assert rows("actors") == [] and rows("quotes") == [] and rows("frame_matches") == [] and rows("kwic") == []
    assert len(rows("sentences")) == 2 and len(rows("tokens")) == 11  # 9 words and 2 full stops
    # negative control: something *was* found, so the report is not empty for the wrong reason
    terms = [r.split(",")[0] for r in rows("term_frequencies")]
    assert terms == ["early", "farmers", "mild", "planted", "tuesday", "weather"]


def test_tiny_report_html_is_offline(tiny_report):
    for page in sorted((tiny_report / "notebooks").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert network_loads(text) == [], page.name
        assert re.findall(r"https?://", text) == [], page.name


def test_csv_safe_end_to_end(tmp_path):
    """-p csv_safe true prefixes formula-like cells in the report's tables; the default keeps them."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"doc_id": "=HYPERLINK(1)", "title": "@SUM(A1)", "text": "Rain fell."}) + "\n",
                      encoding="utf-8")

    def documents_csv(out, **parameters):
        build_report(plan_report(corpus=corpus, out=out, parameters=parameters, notebooks=["01_corpus.ipynb"]),
                     progress=False)
        return (out / "tables" / "documents.csv").read_text(encoding="utf-8")

    safe = documents_csv(tmp_path / "safe", csv_safe=True)
    plain = documents_csv(tmp_path / "plain")
    assert safe.splitlines()[1].startswith("'=HYPERLINK(1),,,'@SUM(A1),,,,c.jsonl:1,10,")
    assert plain.splitlines()[1].startswith("=HYPERLINK(1),") and "'" not in plain


def test_max_doc_chars_stops_the_report_naming_the_document(tmp_path):
    """The tiny article has 56 characters: 55 is too few (a named error, nothing published), 56 is enough."""
    from analysis.exceptions import CorpusError

    out = tmp_path / "report"
    with pytest.raises(CorpusError) as caught:  # before any notebook runs
        build_report(plan_report(corpus=TINY, out=out, parameters={"max_doc_chars": 55},
                                 notebooks=["01_corpus.ipynb"]), progress=False)
    assert str(caught.value) == (
        "weather.txt, record 'weather.txt': the document is 56 characters long, more than max_doc_chars = 55. "
        "What to do: raise max_doc_chars (-p max_doc_chars N) or split the document into smaller ones")
    assert not out.exists()
    build_report(plan_report(corpus=TINY, out=out, parameters={"max_doc_chars": 56}, notebooks=["01_corpus.ipynb"]),
                 progress=False)
    assert (out / "tables" / "documents.csv").is_file()
