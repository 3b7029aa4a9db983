"""The interactive explorer behind ``notebooks/00_explore.ipynb``.

Students choose a term, phrase or actor and see its keyword-in-context lines,
where it occurs (dispersion), its top collocates, the frames of the sentences
it occurs in and their tone; or choose a document and read it with actors,
quotes, reporting verbs and evaluative modifiers highlighted.

Everything is computed by the tested modules; this one only arranges it.
Article text is untrusted: :func:`document_html` escapes every character of
it, and the widgets show it only through that function or as plain text.

In JupyterLab the explorer is live (ipywidgets). Under papermill there is no
frontend to click, so the notebook calls :func:`static_view` instead, which
renders the same views for the default term and document into the report.

Examples:
    >>> html_text = document_html('<b>Hi</b> "x"', highlights=[(0, 3, "actor", "A <1>")])
    >>> "&lt;b&gt;" in html_text and "<b>" not in html_text and 'title="A &lt;1&gt;"' in html_text
    True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence, runtime_checkable

import numpy as np
import pandas as pd


#: CSS classes of highlighted spans, with their legend text.
HIGHLIGHT_CLASSES: dict[str, str] = {
    "actor": "actor mention",
    "quote": "direct quotation",
    "cue": "reporting verb",
    "modifier": "evaluative or epistemic modifier",
    "boilerplate": "boilerplate (not analysed)",
}
_STYLE = (
    "<style>.nf-doc{white-space:pre-wrap;font-family:Georgia,serif;line-height:1.5;max-width:50em}"
    ".nf-doc .actor{background:#dbe9f6}.nf-doc .quote{color:#7a3b00}"
    ".nf-doc .cue{font-weight:bold;text-decoration:underline}"
    ".nf-doc .modifier{background:#f6c3c3}.nf-doc .boilerplate{color:#999}"
    ".nf-legend span{margin-right:1em;padding:0 .3em}</style>"
)


@runtime_checkable
class ExploredCorpus(Protocol):
    """What the explorer reads from a corpus.

    :class:`MemoryCorpus` offers it in memory; :class:`analysis.runner.study.Study` over the stage store, one
    part of the corpus (or one document) at a time.
    """

    def documents(self, columns: list[str] | None = None, *, text: bool = True) -> pd.DataFrame:
        """The document table: all columns, ``columns``, or all but ``text``."""
        ...

    def token_parts(self) -> Iterable[pd.DataFrame]:
        """The token table, part by part (each part holds whole documents, in corpus order)."""
        ...

    def kwic(self, patterns: list[str], *, window: int = 6) -> pd.DataFrame:
        """Keyword in context (:func:`analysis.text.kwic.kwic`)."""
        ...

    def text_of(self, doc_id: str) -> str:
        """One document's raw text."""
        ...

    def boilerplate_of(self, doc_id: str) -> pd.DataFrame:
        """One document's boilerplate spans."""
        ...


class MemoryCorpus:
    """A prepared corpus held in memory, offering what the explorer reads (for small corpora and tests).

    :class:`analysis.runner.study.Study` offers the same methods over the
    stage store, reading one part of the corpus (or one document) at a time.
    """

    def __init__(self, prepared: Any) -> None:
        self.prepared = prepared

    def documents(self, columns: list[str] | None = None, *, text: bool = True) -> pd.DataFrame:
        docs = self.prepared.documents
        if columns is None and not text:
            columns = [c for c in docs.columns if c != "text"]
        return docs if columns is None else docs[columns]

    def token_parts(self) -> list[pd.DataFrame]:
        return [self.prepared.tokens]

    def kwic(self, patterns: list[str], *, window: int = 6) -> pd.DataFrame:
        from analysis.text.kwic import kwic

        return kwic(self.prepared.tokens, self.prepared.documents, patterns=patterns, window=window)

    def text_of(self, doc_id: str) -> str:
        return self.prepared.text_of(doc_id)

    def boilerplate_of(self, doc_id: str) -> pd.DataFrame:
        bp = self.prepared.boilerplate
        return bp[bp["doc_id"] == doc_id]


@dataclass(frozen=True)
class ExploreData:
    """Everything the explorer shows: the corpus (read on demand) and the framing tables."""

    corpus: ExploredCorpus
    framing: Any
    frame_matches: pd.DataFrame
    tone: pd.DataFrame

    def doc_ids(self) -> list[str]:
        """The documents, in corpus order."""
        return self.corpus.documents(columns=["doc_id"])["doc_id"].astype(str).tolist()


def load_explore_data(corpus_path: str | Path = "data/raw", **settings: Any) -> ExploreData:
    """Prepare a corpus in memory and its framing tables for exploring (small corpora; the notebook uses the store).

    Args:
        corpus_path: A corpus (relative paths start at the project root).
        **settings: Passed to :func:`analysis.text.prepare.prepare_corpus`.
    """
    from analysis.framing import analyze_framing, frames, tone
    from analysis.text import prepare_corpus

    prepared = prepare_corpus(corpus_path, **settings)
    framing = analyze_framing(prepared)
    matches = frames.frame_matches(prepared.tokens, prepared.documents)
    sentence_tone = tone.sentence_tone(prepared.sentences, framing.quotes, framing.mentions)
    return ExploreData(corpus=MemoryCorpus(prepared), framing=framing, frame_matches=matches, tone=sentence_tone)


def term_positions(data: ExploreData, patterns: list[str]) -> tuple[pd.DataFrame, list[int], int]:
    """Where the patterns occur, one part of the corpus at a time.

    Returns:
        ``(positions, document starts, total tokens)`` as
        :func:`analysis.text.dispersion.term_positions` and
        :func:`~analysis.text.dispersion.document_starts` give them for the
        whole token table: a part's positions are shifted by the tokens of
        the parts before it.
    """
    from analysis.text import dispersion

    pieces, starts, offset = [], [], 0
    for tokens in data.corpus.token_parts():
        if tokens.empty:
            continue
        if offset:
            starts.append(offset)
        found = dispersion.term_positions(tokens, terms=patterns)
        if len(found):
            pieces.append(found.assign(position=found["position"] + offset))
        starts += [offset + s for s in dispersion.document_starts(tokens)]
        offset += len(tokens)
    if not pieces:
        empty = pd.DataFrame(columns=["doc_id", "sent_id", "tok_id", "token", "norm", "start", "end", "is_punct"])
        return dispersion.term_positions(empty, terms=patterns), starts, offset
    rank = {term: i for i, term in enumerate(dispersion.unique_terms(patterns))}
    positions = pd.concat(pieces, ignore_index=True)
    positions = positions.assign(_rank=positions["term"].astype(str).map(rank))
    positions = positions.sort_values(["_rank", "position"], kind="mergesort").drop(columns="_rank")
    positions = positions.reset_index(drop=True)
    return positions, starts, offset


def actor_patterns(data: ExploreData, actor: str) -> list[str]:
    """KWIC patterns that find an actor: a person's surname and its variants;
    otherwise the name, aliases and variants, plus the names of its metonyms
    (Kremlin, Moscow for Russia). Unknown names are returned as they are.

    Examples:
        >>> data = load_explore_data()
        >>> actor_patterns(data, "Volodymyr Zelenskiy")
        ['Zelenskiy', 'Zelensky', 'Zelenskyy', 'Zelenskii']
        >>> [p for p in actor_patterns(data, "Russia") if p in ("Russia", "Moscow", "Kremlin")]
        ['Russia', 'Moscow', 'Kremlin']
        >>> actor_patterns(data, "the statement")
        ['the statement']
    """
    lexicon = data.framing.lexicon
    try:
        entry = lexicon.get(actor)
    except KeyError:
        return [actor]
    if entry.type == "person" and entry.surname:
        forms = [entry.surname, *entry.variants]
    else:
        forms = [entry.name, *entry.aliases, *entry.variants]
        for other in lexicon.actors:
            if other.metonym_of == entry.name:
                forms += [other.name, *other.aliases]
    return list(dict.fromkeys(f for f in forms if f))


def term_view(data: ExploreData, *, term: str, window: int = 6, top_n: int = 10) -> dict[str, Any]:
    """Compute every view of a term, phrase, glob or actor.

    A ``term`` that is the canonical name of an actor in the lexicon is
    looked up with all of that actor's forms (:func:`actor_patterns`).

    Returns:
        A dict with ``patterns``, ``kwic`` (table), ``kwic_text`` (aligned
        lines), ``positions``, ``collocates`` (single-word patterns only;
        empty for phrases and actors), ``frames`` (sentences per frame among
        the sentences containing the term) and ``tone`` (mean VADER compound
        of those sentences, by voice).

    Examples:
        >>> data = load_explore_data()
        >>> view = term_view(data, term="baselessly")
        >>> len(view["kwic"]), view["kwic"]["match"].tolist()
        (1, ['baselessly'])
        >>> view = term_view(data, term="security guarantees")
        >>> len(view["kwic"]), view["collocates"].empty
        (2, True)
        >>> len(term_view(data, term="Russia")["kwic"])  # "Russia" and "Moscow"
        12
    """
    from analysis.text import collocations, kwic

    actors = {a.name for a in data.framing.lexicon.actors}
    patterns = actor_patterns(data, term) if term in actors else [term]
    concordance = data.corpus.kwic(patterns, window=window)
    positions, starts, total = term_positions(data, patterns)
    single_word = len(patterns) == 1 and len(kwic.parse_pattern(patterns[0])) == 1
    collocates = (
        collocations.window_collocates(data.corpus.token_parts(), node=patterns[0], window=5, min_count=1).head(top_n)
        if single_word else pd.DataFrame()
    )
    keys = set(zip(concordance["doc_id"], concordance["sent_id"]))
    in_sentences = data.frame_matches.loc[_in_sentences(data.frame_matches, keys)]
    frame_counts = (
        in_sentences.drop_duplicates(["doc_id", "sent_id", "frame"]).groupby("frame").size()
        .rename("sentences").reset_index().sort_values(["sentences", "frame"], ascending=[False, True])
        .reset_index(drop=True)
    )
    tone_rows = data.tone.loc[_in_sentences(data.tone, keys)]
    tone_summary = (
        tone_rows.groupby("voice").agg(sentences=("compound", "size"), mean_compound=("compound", "mean"))
        .reset_index()
    )
    return {
        "term": term,
        "patterns": patterns,
        "kwic": concordance,
        "kwic_text": kwic.format_kwic(concordance),
        "positions": positions,
        "document_starts": starts,
        "total_tokens": total,
        "collocates": collocates,
        "frames": frame_counts,
        "tone": tone_summary,
    }


def _in_sentences(table: pd.DataFrame, keys: set[tuple[Any, Any]]) -> np.ndarray:
    """A boolean row mask: rows whose ``(doc_id, sent_id)`` is in ``keys``.

    Always a mask, also for an empty table (``table[[]]`` would select no
    columns instead of no rows).

    Examples:
        >>> t = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "frame": ["x", "y"]})
        >>> _in_sentences(t, {("a", 1)}).tolist(), _in_sentences(t.iloc[:0], set()).tolist()
        ([False, True], [])
    """
    if table.empty or not keys:
        return np.zeros(len(table), dtype=bool)
    return np.fromiter(
        (k in keys for k in zip(table["doc_id"], table["sent_id"])), dtype=bool, count=len(table)
    )


#: What the explorer says when a view has nothing to show.
NOTHING = {
    "kwic": "No occurrences of {term!r} in the analysed text.",
    "frames": "None of the sentences containing {term!r} uses a frame's vocabulary.",
    "tone": "No sentences containing {term!r}, so no tone to show.",
    "document": "Nothing to highlight in this document: no actor mentions, quotations, reporting verbs, "
                "evaluative modifiers or boilerplate were found.",
}


def term_figure(data: ExploreData, view: dict[str, Any]):
    """The lexical dispersion plot of a term view."""
    from analysis.report import plots

    return plots.dispersion_plot(
        view["positions"], terms=view["patterns"], total_tokens=view["total_tokens"],
        doc_boundaries=view["document_starts"],
        title=f"Where {view['term']!r} occurs",
    )


def document_highlights(data: ExploreData, doc_id: str) -> list[tuple[int, int, str, str]]:
    """The spans to highlight in one document: (start, end, css class, tooltip).

    Examples:
        >>> spans = document_highlights(load_explore_data(), "000_f23b1accf70ada01")
        >>> sorted({kind for _, _, kind, _ in spans})
        ['actor', 'boilerplate', 'cue', 'modifier', 'quote']
    """
    spans: list[tuple[int, int, str, str]] = []
    f = data.framing
    for row in f.mentions[f.mentions["doc_id"] == doc_id].itertuples():
        spans.append((int(row.start), int(row.end), "actor", f"{row.actor} ({row.actor_type})"))
    for row in f.quotes[f.quotes["doc_id"] == doc_id].itertuples():
        who = row.speaker if isinstance(row.speaker, str) else "speaker not stated"
        kind = getattr(row, "speaker_kind", None)
        if kind == "unresolved":
            who = "speaker unresolved" + (f" ({row.speaker_text!r})" if isinstance(row.speaker_text, str) else "")
        elif isinstance(kind, str):
            who = f"{who} ({kind})"
        source_start = getattr(row, "speaker_source_start", None)
        if kind != "unresolved" and source_start is not None and not pd.isna(source_start):
            source = data.corpus.text_of(doc_id)[int(source_start) : int(row.speaker_source_end)] \
                if hasattr(data.corpus, "text_of") else None
            if source:
                who += f", named as {source!r}"
        spans.append((int(row.start), int(row.end), "quote", f"{row.kind} quote: {who}"))
    rows = f.attributions[f.attributions["doc_id"] == doc_id]
    for row in rows[rows["cue_start"].notna()].itertuples():
        spans.append((int(row.cue_start), int(row.cue_end), "cue", f"{row.cue_lemma}: {row.stance} ({row.kind})"))
    for row in rows[rows["modifier_start"].notna()].itertuples():
        spans.append((int(row.modifier_start), int(row.modifier_end), "modifier", f"{row.modifier_class} modifier"))
    for row in data.corpus.boilerplate_of(doc_id).itertuples():
        spans.append((int(row.start), int(row.end), "boilerplate", f"boilerplate: {row.rule}"))
    return sorted(spans)


def document_html(text: str, *, highlights: Sequence[tuple[int, int, str, str]]) -> str:
    """Render a raw text as HTML with highlighted spans; every character is escaped.

    Overlapping spans are allowed: the text is cut at every span boundary and
    each piece carries the classes of all spans covering it (in the order of
    ``highlights``). Spans reaching outside the text are clipped to it.

    Examples:
        >>> document_html("Russia claims", highlights=[(0, 6, "actor", "Russia"), (7, 13, "cue", "claim")])
        '<div class="nf-doc"><span class="actor" title="Russia">Russia</span> <span class="cue" title="claim">claims</span></div>'
    """
    n = len(text)
    cuts = sorted({0, n} | {p for s, e, _, _ in highlights for p in (s, e) if 0 <= p <= n})
    # Sweep over the cuts, keeping the spans that cover the current piece, so that
    # the time grows with the text and the spans, not with their product.
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for index, (s, e, _, _) in enumerate(highlights):
        if s < e and s < n and e > 0:
            opening.setdefault(max(s, 0), []).append(index)
            closing.setdefault(min(e, n), []).append(index)
    active: set[int] = set()
    parts = ['<div class="nf-doc">']
    for left, right in zip(cuts, cuts[1:]):
        active.difference_update(closing.get(left, ()))
        active.update(opening.get(left, ()))
        piece = html.escape(text[left:right], quote=True)
        if active:
            covering = [highlights[i] for i in sorted(active)]
            classes = " ".join(dict.fromkeys(kind for _, _, kind, _ in covering))
            tips = "; ".join(dict.fromkeys(tip for _, _, _, tip in covering))
            parts.append(f'<span class="{html.escape(classes, quote=True)}" title="{html.escape(tips, quote=True)}">{piece}</span>')
        else:
            parts.append(piece)
    parts.append("</div>")
    return "".join(parts)


def legend_html() -> str:
    """The colour legend of :func:`document_html`.

    Examples:
        >>> "reporting verb" in legend_html()
        True
    """
    items = "".join(
        f'<span class="{kind}">{html.escape(label)}</span>' for kind, label in HIGHLIGHT_CLASSES.items()
    )
    return f'{_STYLE}<div class="nf-legend nf-doc">{items}</div>'


def reader_html(data: ExploreData, doc_id: str) -> str:
    """A whole document, highlighted, with the legend, as HTML (or a sentence saying nothing is highlighted)."""
    highlights = document_highlights(data, doc_id)
    note = "" if highlights else f"<p><i>{html.escape(NOTHING['document'])}</i></p>"
    return legend_html() + note + document_html(data.corpus.text_of(doc_id), highlights=highlights)


def static_view(data: ExploreData, *, term: str, doc_id: str | None = None) -> None:
    """Display every view once, without widgets (for papermill and the report)."""
    from IPython.display import HTML, display

    view = term_view(data, term=term)
    display(HTML(f"<h3>KWIC: {html.escape(term)}</h3>"))
    print(view["kwic_text"] or NOTHING["kwic"].format(term=term))
    display(term_figure(data, view))
    if not view["collocates"].empty:
        display(HTML("<h3>Top collocates</h3>"), view["collocates"])
    display(HTML("<h3>Frames of the sentences it occurs in</h3>"))
    _show_table(view["frames"], NOTHING["frames"].format(term=term), display, HTML)
    display(HTML("<h3>Tone of those sentences (VADER compound)</h3>"))
    _show_table(view["tone"], NOTHING["tone"].format(term=term), display, HTML)
    doc = doc_id or data.doc_ids()[0]
    display(HTML(f"<h3>Reading {html.escape(doc)}</h3>" + reader_html(data, doc)))


def _show_table(table: pd.DataFrame, nothing: str, display: Any, html_class: Any) -> None:
    """Display a table, or a sentence saying that there is nothing to show."""
    if table.empty:
        display(html_class(f"<p><i>{html.escape(nothing)}</i></p>"))
    else:
        display(table)


def explorer(data: ExploreData, *, term: str, doc_id: str | None = None):
    """Build the live explorer: a term box, an actor menu, a document menu and their views.

    Returns:
        An ``ipywidgets.VBox``.
    """
    import ipywidgets as widgets
    from IPython.display import display

    actors = sorted(data.framing.mentions["actor"].dropna().astype(str).unique())
    doc_ids = data.doc_ids()
    term_box = widgets.Text(value=term, description="term", continuous_update=False,
                            placeholder="word, phrase or glob such as claim*")
    actor_menu = widgets.Dropdown(options=["(choose an actor)"] + actors, description="actor")
    doc_menu = widgets.Dropdown(options=doc_ids, value=doc_id or doc_ids[0], description="document")
    heading = widgets.HTML()
    kwic_out, plot_out, details_out, doc_out = (widgets.Output() for _ in range(4))

    def show_term(change: Any = None) -> None:
        current = term_box.value.strip()
        view = term_view(data, term=current) if current else None
        heading.value = f"<h3>KWIC: {html.escape(current)}</h3>"
        kwic_out.clear_output()
        plot_out.clear_output()
        details_out.clear_output()
        if view is None:
            return
        with kwic_out:
            print(view["kwic_text"] or NOTHING["kwic"].format(term=current))
        with plot_out:
            display(term_figure(data, view))
        with details_out:
            if not view["collocates"].empty:
                display(widgets.HTML("<b>Top collocates</b>"), view["collocates"])
            display(widgets.HTML("<b>Frames</b>"))
            _show_table(view["frames"], NOTHING["frames"].format(term=current), display, widgets.HTML)
            display(widgets.HTML("<b>Tone (VADER compound)</b>"))
            _show_table(view["tone"], NOTHING["tone"].format(term=current), display, widgets.HTML)

    def choose_actor(change: Any) -> None:
        if change["new"] in actors:
            term_box.value = change["new"]  # term_view looks an actor up by all its forms

    def show_document(change: Any = None) -> None:
        doc_out.clear_output()
        with doc_out:
            display(widgets.HTML(reader_html(data, doc_menu.value)))

    term_box.observe(show_term, names="value")
    actor_menu.observe(choose_actor, names="value")
    doc_menu.observe(show_document, names="value")
    show_term()
    show_document()
    term_tab = widgets.VBox([widgets.HBox([term_box, actor_menu]), heading, kwic_out, plot_out, details_out])
    doc_tab = widgets.VBox([doc_menu, doc_out])
    tabs = widgets.Tab(children=[term_tab, doc_tab])
    tabs.set_title(0, "term")
    tabs.set_title(1, "read a document")
    return tabs
