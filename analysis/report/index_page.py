"""The report's front page, ``index.html``, rendered from a Jinja2 template.

The page opens with what was analysed (corpus, documents, tokens, dates,
groups, the settings that differ from the defaults) and the top findings,
then lists the notebooks, the figures grouped by notebook section with a
caption each, and the tables with a description and their size.

Everything on the page comes from the report folder itself (its tables,
figures and executed notebooks) plus the settings of the run, so the page
can be rebuilt from a finished report. The template
(``templates/index.html.j2``, package data) runs with autoescape on: article
text and metadata are always escaped. The page carries no timestamp, so the
same report gives the same bytes.

Examples:
    >>> caption_for("figures", "top_3grams").caption
    'The most frequent three-word phrases (trigrams).'
    >>> caption_for("figures", "my_new_plot").notebook is None
    True
"""

from __future__ import annotations

import csv
import fnmatch
import functools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

__all__ = ["FIGURES", "TABLES", "NOTEBOOKS", "Entry", "caption_for", "render_index", "index_context"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "index.html.j2"
#: A corpus of at most this many documents has them listed in the summary.
MAX_LISTED_DOCUMENTS = 12

#: One line per notebook, shown under its title.
NOTEBOOKS: dict[str, str] = {
    "01_corpus": "The documents read, the checks they passed, and the boilerplate cleaning removed.",
    "02_frequencies": "Tokens and sentences, the most frequent terms and phrases, vocabulary richness, counts by group.",
    "03_framing": "Who is named, who speaks in their own words and with which verbs, evaluative words, frames, "
                  "keywords in context.",
    "04_compare": "Keyness against general English and between groups, collocations, dispersion, tone, "
                  "and group comparisons with confidence intervals.",
    "05_groups_and_time": "Groups and periods compared: rate ratios with exact intervals, tone by group, and a "
                          "word-category lexicon by group.",
    "00_explore": "Pick a word, an actor or an article and read it in context (interactive in JupyterLab; "
                  "static views here).",
}

#: Section of the page for each notebook, in the order the runner executes them.
SECTIONS: dict[str, str] = {
    "01_corpus": "The corpus",
    "02_frequencies": "Words and phrases",
    "03_framing": "Framing",
    "04_compare": "Comparing",
    "05_groups_and_time": "Groups and time",
    "00_explore": "Explorer",
}


@dataclass(frozen=True)
class Entry:
    """What the page says about one output: the notebook that writes it and a caption."""

    notebook: str | None
    caption: str


#: Figure name (or glob) -> notebook and caption. A figure not listed here is shown under "Other figures".
FIGURES: dict[str, Entry] = {
    "boilerplate_by_rule": Entry("01_corpus", "Characters removed as publisher boilerplate, by cleaning rule."),
    "volume_over_time": Entry("01_corpus", "Documents per time bucket and group (with the moving average when "
                                           "asked for)."),
    "top_terms": Entry("02_frequencies", "The most frequent terms, stopwords and punctuation left out."),
    "rank_frequency": Entry("02_frequencies", "Rank against frequency on log-log axes (Zipf's law): a straight "
                                              "line is the usual long tail of rare words."),
    "top_2grams": Entry("02_frequencies", "The most frequent two-word phrases (bigrams)."),
    "top_3grams": Entry("02_frequencies", "The most frequent three-word phrases (trigrams)."),
    "top_*grams": Entry("02_frequencies", "The most frequent phrases of this length (n-grams)."),
    "actor_salience": Entry("03_framing", "How often each actor is named: the lexicon's, and the people found in the "
                                          "text, marked (discovered)."),
    "actor_stance": Entry("03_framing", "Which kind of reporting verb (neutral, endorsing, distancing ...) "
                                        "introduces each actor's words."),
    "direct_voice_share": Entry("03_framing", "Share of each actor's attributed words given as direct quotation."),
    "frame_profile": Entry("03_framing", "Share of sentences matching each frame's words, by document."),
    "frame_actor_cooccurrence": Entry("03_framing", "How often each frame and each actor occur in the same sentence."),
    "keyness_general_english": Entry("04_compare", "Key terms: words unusually frequent in this corpus compared "
                                                   "with general English, by log-likelihood (G2)."),
    "keyness_groups": Entry("04_compare", "Key terms of the target group against the other groups (G2)."),
    "collocations": Entry("04_compare", "Word pairs and triples that occur together more often than chance predicts."),
    "dispersion": Entry("04_compare", "Where the chosen terms occur along the corpus; each mark is one occurrence."),
    "tone_by_actor": Entry("04_compare", "Mean VADER tone (-1 negative to +1 positive) of the sentences naming "
                                         "each actor."),
    "group_comparison": Entry("04_compare", "Group values of the chosen measures with bootstrap 95% confidence "
                                            "intervals."),
    "rate_ratios": Entry("05_groups_and_time", "Rate ratios between groups on a log scale, with exact 95% "
                                               "intervals (R's poisson.test); 1 means no difference."),
    "tone_by_group": Entry("05_groups_and_time", "Mean VADER tone of each group's sentences, with bootstrap 95% "
                                                 "intervals."),
    "lexicon_by_group": Entry("05_groups_and_time", "Lexicon matches per 1,000 word tokens by group and category, "
                                                    "with bootstrap 95% intervals."),
}

#: Table name (or glob) -> notebook and description. A table not listed here is shown without a notebook.
TABLES: dict[str, Entry] = {
    "documents": Entry("01_corpus", "One row per document: metadata, size, sentences, tokens and boilerplate "
                                    "removed."),
    "boilerplate": Entry("01_corpus", "Every boilerplate span removed, with the rule that matched it."),
    "sentences": Entry("02_frequencies", "Every sentence with its document and character offsets."),
    "tokens": Entry("02_frequencies", "Every token with its normalized form and character offsets."),
    "term_frequencies": Entry("02_frequencies", "Count and rate per 10,000 tokens of every term."),
    "ngrams": Entry("02_frequencies", "Counts of every n-gram."),
    "type_token": Entry("02_frequencies", "Vocabulary richness per document and for the corpus: types, tokens, "
                                          "type/token ratios, hapaxes."),
    "term_frequencies_by_group": Entry("02_frequencies", "Term counts and rates within each group."),
    "actors": Entry("03_framing", "Every actor mention with its sentence and offsets."),
    "actor_candidates": Entry("03_framing", "Frequent capitalised names the actor lexicon does not cover yet."),
    "quotes": Entry("03_framing", "Every direct quotation with its speaker, cue verb and the rule that attributed "
                                  "it."),
    "quote_problems": Entry("03_framing", "Quotation marks that could not be paired or attributed."),
    "attributions": Entry("03_framing", "Every attribution (quote or paraphrase) with its actor, verb and stance."),
    "actor_summary": Entry("03_framing", "Per actor: mentions, attributions by stance, the direct-voice share, and "
                                         "the source (lexicon or discovered)."),
    "frame_matches": Entry("03_framing", "Every frame-word match with its sentence."),
    "frames": Entry("03_framing", "Share of sentences matching each frame, by document."),
    "frame_actor_cooccurrence": Entry("03_framing", "Sentences where each frame and each actor co-occur."),
    "kwic": Entry("03_framing", "Keyword-in-context lines for the chosen terms."),
    "keyness": Entry("04_compare", "Keyness of every term against general English and between groups (G2, "
                                   "log ratio, p-values)."),
    "collocations": Entry("04_compare", "Bigram and trigram collocations with their association measures."),
    "window_collocates": Entry("04_compare", "Words near the chosen node word, with association measures."),
    "dispersion": Entry("04_compare", "Every position of the chosen dispersion terms."),
    "dispersion_summary": Entry("04_compare", "How evenly each dispersion term is spread over the documents."),
    "tone": Entry("04_compare", "VADER scores of every sentence, with its voice and the actors it names."),
    "tone_by_actor": Entry("04_compare", "Tone of the sentences naming each actor; empty cells mean no sentence."),
    "tone_by_voice": Entry("04_compare", "Tone of narration, mixed and quoted sentences; empty cells mean no "
                                         "sentence of that voice."),
    "group_comparison": Entry("04_compare", "Group values of the chosen measures with confidence intervals and "
                                            "adjusted permutation p-values (each group against the rest)."),
    "derived_settings": Entry("04_compare", "The terms chosen from the corpus for settings left at None, and why."),
    "derived_kwic_terms": Entry("03_framing", "The KWIC terms chosen from the corpus when kwic_terms is None."),
    "periods": Entry("01_corpus", "Documents per period (and outside every period)."),
    "volume_over_time": Entry("01_corpus", "Documents per time bucket and group."),
    "ngram_frequencies_by_group": Entry("02_frequencies", "N-gram counts and rates within each group."),
    "rate_ratios": Entry("05_groups_and_time", "Rate ratios of the compare terms between groups, with exact "
                                               "intervals and p-values."),
    "tone_by_group": Entry("05_groups_and_time", "Tone of each group's sentences with bootstrap intervals."),
    "lexicon_by_group": Entry("05_groups_and_time", "Lexicon matches per 1,000 word tokens by group and category."),
    "lexicon_rate_ratios": Entry("05_groups_and_time", "Rate ratios of lexicon categories between groups."),
}


def _catalogue_position(kind: str, name: str) -> int:
    """Where an output's entry stands in its catalogue (notebook order); unlisted outputs last."""
    catalogue = list(FIGURES if kind == "figures" else TABLES)
    if name in catalogue:
        return catalogue.index(name)
    for i, pattern in enumerate(catalogue):
        if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(name, pattern):
            return i
    return len(catalogue)


def caption_for(kind: str, name: str) -> Entry:
    """The entry of a figure or table: an exact name first, then a glob; else an entry with no notebook.

    Examples:
        >>> caption_for("tables", "quotes").notebook
        '03_framing'
        >>> caption_for("tables", "unlisted").caption
        'Unlisted.'
    """
    catalogue = FIGURES if kind == "figures" else TABLES
    if name in catalogue:
        return catalogue[name]
    for pattern in sorted(catalogue):
        if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(name, pattern):
            return catalogue[pattern]
    return Entry(None, name.replace("_", " ").capitalize() + ".")


# --------------------------------------------------------------------------- reading the report
def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _count_csv_rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as handle:
        return max(0, sum(1 for _ in csv.reader(handle)) - 1)


def _count_parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def _size(n_bytes: int) -> str:
    """A file size for people.

    Examples:
        >>> _size(900), _size(2048), _size(3 * 1024 * 1024)
        ('900 B', '2.0 KB', '3.0 MB')
    """
    if n_bytes < 1024:
        return f"{n_bytes} B"
    if n_bytes < 1024 * 1024:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes / 1024 / 1024:.1f} MB"


def _as_int(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def _notebook_title(path: Path) -> str | None:
    """The first ``#`` heading of a notebook, without the ``#``."""
    if not path.is_file():
        return None
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return None
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return None


def _settings_changed(settings: Mapping[str, Any] | None,
                      defaults: Mapping[str, tuple[Any, str]] | None) -> list[dict[str, str]]:
    """Settings whose value differs from its default, in the order of ``defaults`` (``{name: (default, help)}``)."""
    if not settings or not defaults:
        return []
    rows = []
    for name, (default, help_text) in defaults.items():
        if name in settings and settings[name] != default:
            rows.append({"name": name, "value": _shown(settings[name]), "default": _shown(default), "help": help_text})
    return rows


def _shown(value: Any) -> str:
    """A setting's value as the page shows it (as YAML would write it).

    Examples:
        >>> _shown(None), _shown(True), _shown([2, 3]), _shown("a")
        ('None', 'true', '[2, 3]', 'a')
    """
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)


def _summary(report_dir: Path, settings: Mapping[str, Any] | None,
             files: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What was analysed, and the top findings, from the report's own tables."""
    tables = report_dir / "tables"
    documents = _read_csv(tables / "documents.csv")
    summary: dict[str, Any] = {
        "documents": len(documents),
        "sentences": sum(_as_int(d.get("n_sentences")) for d in documents),
        "tokens": sum(_as_int(d.get("n_tokens")) for d in documents),
        "dates": None,
        "group_by": None,
        "groups": [],
        "key_terms": [],
        "quoted": [],
        "named": [],
        "few_documents": [],
        "group_differences": group_differences(tables / "rate_ratios.csv"),
        "actor_lexicon": actor_lexicon_lines(tables, files),
    }
    summary["dates"], summary["event_dates"] = _dates(documents)
    group_by = (settings or {}).get("group_by")
    if group_by:
        summary["group_by"] = str(group_by)
        counts = Counter(d.get(str(group_by)) or "(missing)" for d in documents)
        summary["groups"] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if len(documents) <= MAX_LISTED_DOCUMENTS:
        column = str(group_by) if group_by else None
        summary["few_documents"] = [
            {"doc_id": d.get("doc_id", ""), "title": d.get("title") or "(no title)",
             "group": (d.get(column) or "(missing)") if column else "", "tokens": _as_int(d.get("n_tokens"))}
            for d in documents
        ]
    keyness = [r for r in _read_csv(tables / "keyness.csv") if r.get("reference", "").startswith("wordfreq")]
    positive = [r for r in keyness if _float(r.get("g2")) > 0]
    positive.sort(key=lambda r: (-_float(r.get("g2")), r.get("term", "")))
    summary["key_terms"] = [r["term"] for r in positive[:8]]
    quotes = _read_csv(tables / "quotes.csv")
    # who is quoted counts entities: one name per person, unresolved speakers apart and said in words
    from analysis.framing.entities import corpus_names

    resolved = [q for q in quotes if q.get("speaker") and q.get("speaker_kind", "") != "unresolved"]
    actor_rows = _read_csv(tables / "actor_summary.csv")
    lexicon_names = {a["actor"] for a in actor_rows
                     if (a["source"] == "lexicon" if "source" in a else _as_int(a.get("mentions")) > 0)}
    names = corpus_names(((q["speaker"], q.get("speaker_kind") or "person") for q in resolved), keep=lexicon_names)
    speakers = Counter(names.get(q["speaker"], q["speaker"]) for q in resolved)
    summary["quoted"] = sorted(speakers.items(), key=lambda item: (-item[1], item[0]))[:5]
    summary["quotes_total"] = len(quotes)
    summary["quotes_unresolved"] = len(quotes) - len(resolved)
    from analysis.report.messages import actor_label

    actors = [(a["actor"], _as_int(a.get("mentions")), a.get("source", "lexicon")) for a in actor_rows]
    named = sorted([a for a in actors if a[1] > 0], key=lambda item: (-item[1], item[0]))[:5]
    summary["named"] = [(actor_label(actor, source), n) for actor, n, source in named]  # "Jane Roe (discovered)"
    return summary


def actor_lexicon_lines(tables: Path, files: Mapping[str, Any] | None = None) -> list[str]:
    """Which actor lexicon the actor counts come from, and the frequent names it misses
    (:func:`analysis.report.messages.actor_lexicon_sentences`); empty when 03 did not run."""
    if not (tables / "actor_summary.csv").is_file():
        return []
    import pandas as pd

    from analysis.report.messages import actor_lexicon_sentences

    record = next((r for r in (files or {}).get("input_files") or [] if r.get("setting") == "actor_lexicon"), None)
    lexicon = str(record["path"]) if record else "the actor lexicon"
    default = record is None or record.get("source") == "default"
    summary = pd.read_csv(tables / "actor_summary.csv", dtype={"actor": str}, keep_default_na=False)
    path = tables / "actor_candidates.csv"
    candidates = (pd.read_csv(path, dtype={"candidate": str}, keep_default_na=False) if path.is_file()
                  else pd.DataFrame({"candidate": [], "count": []}))
    return actor_lexicon_sentences(summary, candidates, lexicon=lexicon, default=default)


#: Rate-ratio sentences the front page shows at most (after the count of comparisons tested).
MAX_FRONT_PAGE_DIFFERENCES = 3


def group_differences(path: Path, *, limit: int = MAX_FRONT_PAGE_DIFFERENCES) -> list[str]:
    """The front page's rate-ratio findings: how many comparisons survive adjustment, then the strongest.

    The same sentences as notebook 05's summary (:func:`analysis.compare.rates.findings`), read back from
    ``rate_ratios.csv``; empty when the table is missing or empty.
    """
    if not path.is_file():
        return []
    import pandas as pd

    from analysis.compare.rates import findings

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if table.empty or "p_adjusted" not in table.columns:
        return []
    numeric = [c for c in table.columns if c.startswith(("count_", "tokens_", "per_", "ci_", "p_value", "p_adjusted",
                                                         "rate_ratio", "family_size"))]
    for column in numeric:
        table[column] = pd.to_numeric(table[column], errors="coerce")
    return findings(table, limit=limit)


def _dates(documents: list[dict[str, str]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The publication dates the analyses use, and the datelines' event dates the page mentions apart.

    One rule for the whole report: a document's date is its ``published`` value, read as
    :func:`analysis.corpus.time.document_dates` reads it (what 01's time buckets and 05's summary use).
    An ``event_date`` from a dateline says when the reported events happened; it is never taken for a
    publication date, so the page cannot claim dates the notebooks say the corpus lacks.

    Examples:
        >>> _dates([{"published": "2024-12-09T08:00:00", "event_date": ""}, {"published": "soon"}])[0]
        {'first': '2024-12-09', 'last': '2024-12-09', 'n': 1}
        >>> _dates([{"published": "", "event_date": "2024-12-09"}])
        (None, {'first': '2024-12-09', 'last': '2024-12-09', 'n': 1})
    """
    import pandas as pd

    from analysis.corpus.time import DATE_COLUMN, document_dates

    table = pd.DataFrame(documents)
    published = sorted(d.isoformat() for d in document_dates(table, strict=False) if d is not None) \
        if DATE_COLUMN in table.columns else []
    events = sorted(d["event_date"] for d in documents if d.get("event_date"))

    def span(values: list[str]) -> dict[str, Any] | None:
        return {"first": values[0], "last": values[-1], "n": len(values)} if values else None

    return span(published), span(events)


def _float(value: str | None) -> float:
    try:
        return float(value or "nan")
    except ValueError:
        return float("nan")


def _outputs(report_dir: Path, notebooks: Iterable[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Figures grouped by notebook section, and the tables, in notebook order then name."""
    order = {name: i for i, name in enumerate(notebooks)}
    figures = []
    for png in sorted((report_dir / "figures").glob("*.png")):
        entry = caption_for("figures", png.stem)
        data = png.with_suffix(".csv")
        figures.append({"path": png.relative_to(report_dir).as_posix(), "name": png.stem, "entry": entry,
                        "data": data.relative_to(report_dir).as_posix() if data.is_file() else None})
    figures.sort(key=lambda f: (_catalogue_position("figures", f["name"]), f["name"]))
    # a figure drawn from an empty table only says "nothing to show": the page leaves it out
    figures = [f for f in figures if f["data"] is None or _count_csv_rows(report_dir / f["data"]) > 0]
    sections = []
    for notebook in [*sorted(order, key=order.get), None]:
        members = [f for f in figures if f["entry"].notebook == notebook
                   or (notebook is None and f["entry"].notebook not in order)]
        if members:
            sections.append({"notebook": notebook, "title": SECTIONS.get(notebook or "", "Other figures"),
                             "figures": members})
    tables = []
    for path in sorted([*(report_dir / "tables").glob("*.csv"), *(report_dir / "tables").glob("*.parquet")]):
        entry = caption_for("tables", path.stem)
        rows = _count_csv_rows(path) if path.suffix == ".csv" else _count_parquet_rows(path)
        tables.append({"path": path.relative_to(report_dir).as_posix(), "name": path.name, "entry": entry,
                       "rows": rows, "size": _size(path.stat().st_size),
                       "section": SECTIONS.get(entry.notebook or "", "Other")})
    tables.sort(key=lambda t: (order.get(t["entry"].notebook, len(order)),
                               _catalogue_position("tables", Path(t["name"]).stem), t["name"]))
    return sections, tables


def index_context(
    report_dir: Path, *, title: str, corpus: str = "", settings: Mapping[str, Any] | None = None,
    notebooks: Iterable[str] | None = None, files: Mapping[str, Any] | None = None,
    defaults: Mapping[str, tuple[Any, str]] | None = None,
) -> dict[str, Any]:
    """Everything the template shows, read from the report folder (see :func:`render_index`)."""
    from analysis import config

    if notebooks is None:
        notebooks = [Path(n).stem for n in config.REPORT_NOTEBOOKS]
    notebooks = [Path(n).stem for n in notebooks]
    listed = []
    for name in notebooks:
        page = report_dir / "notebooks" / f"{name}.html"
        if not page.is_file():
            continue
        listed.append({
            "name": name,
            "html": page.relative_to(report_dir).as_posix(),
            "ipynb": f"notebooks/{name}.ipynb",
            "title": _notebook_title(report_dir / "notebooks" / f"{name}.ipynb") or name,
            "description": NOTEBOOKS.get(name, ""),
        })
    sections, tables = _outputs(report_dir, notebooks)
    key_settings = {name: _shown(settings[name]) for name in ("top_n",) if settings and name in settings}
    return {
        "title": title,
        "corpus": corpus,
        "summary": _summary(report_dir, settings, files),
        "key_settings": key_settings,
        "changed": _settings_changed(settings, defaults),
        "notebooks": listed,
        "sections": sections,
        "tables": tables,
        "input_files": list((files or {}).get("input_files") or []),
        "resources": sorted(((files or {}).get("resources") or {}).items()),
    }


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,  # every value is escaped; the template holds the only markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_index(
    report_dir: Path, *, title: str, corpus: str = "", settings: Mapping[str, Any] | None = None,
    notebooks: Iterable[str] | None = None, files: Mapping[str, Any] | None = None,
    defaults: Mapping[str, tuple[Any, str]] | None = None,
) -> str:
    """Render ``index.html`` for a report folder.

    Args:
        report_dir: The report (or its staging folder): ``tables/``,
            ``figures/`` and ``notebooks/`` are read from it.
        title: The page title.
        corpus: The corpus as the user gave it.
        settings: Every setting's value for the run; those that differ from
            ``defaults`` are listed.
        notebooks: Notebook names in run order (default: the report's).
        files: ``{"input_files": [...], "resources": {...}}`` as ``provenance.json`` records them
            (:func:`analysis.runner.report.input_file_records`, :func:`~analysis.runner.report.resource_records`):
            listed with their SHA-256 and size in the provenance section.
        defaults: ``{name: (default, help)}`` of every setting, in the order to list them
            (:func:`analysis.runner.settings.setting_defaults`); ``None`` lists none.

    Returns:
        The page; the same report and settings always give the same text.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> (d / "tables").mkdir(); _ = (d / "tables" / "a<b>.csv").write_text("x\\n1\\n")
        >>> page = render_index(d, title="<t>")
        >>> "a&lt;b&gt;.csv" in page, "<b>" in page, "<t>" in page, "&lt;t&gt;" in page
        (True, False, False, True)
    """
    return _environment().get_template(TEMPLATE_NAME).render(
        **index_context(report_dir, title=title, corpus=corpus, settings=settings, notebooks=notebooks, files=files,
                        defaults=defaults)
    )
