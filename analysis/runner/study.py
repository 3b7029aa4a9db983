"""A study: one corpus, one set of resolved settings, and the stage store holding its results.

Every notebook opens one in a single call, :func:`open_notebook`, and reads
its tables from the store; it recomputes nothing a stage already holds. The
settings a notebook declares in its ``parameters`` cell are exactly those the
registry (:mod:`analysis.runner.settings`) says its tables depend on, and the
cell itself is generated from the registry (:func:`parameters_source`), so a
setting given to the runner reaches every table that depends on it.

Opened in JupyterLab without the runner, a study builds whatever stage is
missing in this process, with a progress bar, and stores it for next time.

Examples:
    >>> import tempfile
    >>> study = open_study("data/raw", store_dir=tempfile.mkdtemp(), progress=False)
    >>> study.table("framing", "attributions").query("cue == 'claims'")["speaker"].tolist()
    ['Russia']
    >>> "metonyms" in notebook_settings("04_compare"), "metonyms" in notebook_settings("02_frequencies")
    (True, False)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from analysis import config
from analysis.exceptions import ParameterError
from analysis.runner.settings import SETTINGS, SHARED_VIEWS, ResolvedSettings, resolve_settings
from analysis.runner.stages import build, settings_read
from analysis.runner.store import DEFAULT_STORE_DIR, Entry, Store, StoreError, TokenParts

__all__ = [
    "Study", "open_study", "open_notebook", "notebook_settings", "parameters_source", "sync_parameters_cells",
    "RUNNER_PARAMETERS", "NOTEBOOKS",
]

#: Parameters every notebook declares besides its settings; the runner sets them.
RUNNER_PARAMETERS: dict[str, tuple[str, Any, str]] = {
    "corpus_path": ("str", "data/raw", "a folder of .txt/.md files, a .jsonl or a .csv file"),
    "store_dir": ('"Optional[str]"', None, "where stage results are kept; None: data/interim/store"),
    "out_dir": ("str", "reports/interactive", "where tables and figures go (the report runner sets this)"),
}
#: The stages each notebook reads (their upstream stages come with them): a notebook depends on the
#: settings those stages read, on the ``view`` settings, and on its own ``view:<notebook>`` settings.
NOTEBOOKS: dict[str, tuple[str, ...]] = {
    "00_explore": ("framing", "frames", "tone"),
    "01_corpus": ("counts",),  # counts: group_by, for the volume over time by group
    "02_frequencies": ("counts",),
    "03_framing": ("counts", "framing", "frames", "corpus_terms"),  # counts: group_by (frame profile)
    "04_compare": ("counts", "framing", "frames", "tone", "corpus_terms"),
    "05_groups_and_time": ("counts", "framing", "tone", "corpus_terms"),
}


def _check_views() -> None:
    """Every ``view:<name>`` setting names a notebook or a shared view (checked when the notebooks are declared)."""
    for setting in SETTINGS.values():
        name = setting.stage[5:] if setting.stage.startswith("view:") else None
        if name is not None and name not in NOTEBOOKS and name not in SHARED_VIEWS:
            raise ValueError(f"setting {setting.name!r}: unknown view {setting.stage!r}; the notebooks are: "
                             f"{', '.join(NOTEBOOKS)}")
    for notebooks in SHARED_VIEWS.values():
        unknown = [n for n in notebooks if n not in NOTEBOOKS]
        if unknown:
            raise ValueError(f"shared views name unknown notebooks {unknown}")


_check_views()

#: Notebooks that also take ``report_mode`` (static views instead of widgets).
INTERACTIVE_NOTEBOOKS: tuple[str, ...] = ("00_explore",)

_ANNOTATIONS = {"bool": "bool", "int": "int", "float": "float", "str": "str", "str?": '"Optional[str]"',
                "path?": '"Optional[str]"', "list[str]": "list[str]", "list[int]": "list[int]",
                "list[str]?": '"Optional[list[str]]"', "columns?": '"Union[str, list[str], None]"',
                "periods?": '"Optional[dict]"'}


def notebook_settings(notebook: str) -> list[str]:
    """The settings a notebook's tables depend on, in registry order.

    Examples:
        >>> notebook_settings("01_corpus")[:3]
        ['encoding', 'text_column', 'id_column']
    """
    name = Path(notebook).stem
    if name not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {notebook!r}; the notebooks are: {', '.join(NOTEBOOKS)}")
    views = {"view", f"view:{name}"} | {f"view:{v}" for v, notebooks in SHARED_VIEWS.items() if name in notebooks}
    computed = set(settings_read(NOTEBOOKS[name]))
    return [s.name for s in SETTINGS.values() if s.name in computed or s.stage in views]


def parameters_source(notebook: str) -> str:
    """The ``parameters`` cell of a notebook, generated from the registry.

    One ``name: type = default  # help`` line per parameter: the runner's
    own parameters, then every setting the notebook depends on. The type
    annotations let ``papermill --help-notebook`` show types.

    Examples:
        >>> print(parameters_source("01_corpus").splitlines()[0])
        corpus_path: str = "data/raw"  # a folder of .txt/.md files, a .jsonl or a .csv file
    """
    name = Path(notebook).stem
    rows: list[tuple[str, str, Any, str]] = [(k, *v) for k, v in RUNNER_PARAMETERS.items()]
    if name in INTERACTIVE_NOTEBOOKS:
        rows.append(("report_mode", "bool", False, "True under the report runner: static views instead of widgets"))
    rows += [(s, _ANNOTATIONS[SETTINGS[s].type], SETTINGS[s].default, SETTINGS[s].help) for s in notebook_settings(name)]
    lines = []
    for key, annotation, default, help_text in rows:
        value = json.dumps(default, ensure_ascii=False) if default is not None else "None"
        value = {"true": "True", "false": "False"}.get(value, value)
        lines.append(f"{key}: {annotation} = {value}  # {help_text}")
    return "\n".join(lines)


@dataclass
class Study:
    """A corpus, its resolved settings and its stage store.

    Attributes:
        corpus_path: The corpus (absolute).
        settings: Every setting's value.
        store: The stage store.
        progress: Show a progress bar when a stage has to be built.
    """

    corpus_path: Path
    settings: ResolvedSettings
    store: Store
    progress: bool = True
    notebook: str | None = None
    _entries: dict[str, Entry] = field(default_factory=dict, repr=False)

    def settings_used(self) -> pd.DataFrame:
        """The settings behind this notebook's tables: value, default, whether changed, and meaning.

        Every notebook shows this table, so a reader of the report sees which settings produced it.

        Examples:
            >>> study = open_study("data/raw", settings={"top_n": 5}, progress=False)
            >>> study.notebook = "02_frequencies"
            >>> study.settings_used().set_index("setting").loc["top_n", ["value", "default", "changed"]].tolist()
            ['5', '20', 'yes']
        """
        names = notebook_settings(self.notebook) if self.notebook else list(SETTINGS)
        rows = []
        for name in names:
            value, default = self.settings[name], SETTINGS[name].default
            rows.append({"setting": name, "value": _show(value), "default": _show(default),
                         "changed": "yes" if value != default else "", "meaning": SETTINGS[name].help})
        return pd.DataFrame(rows, columns=["setting", "value", "default", "changed", "meaning"])

    # ------------------------------------------------------------- tables
    def entry(self, stage: str) -> Entry:
        """The store entry of a stage, built in this process if it is missing."""
        if stage not in self._entries:
            self._entries[stage] = build(stage, self.corpus_path, self.settings, self.store, progress=self.progress)
        return self._entries[stage]

    def table(self, stage: str, name: str, columns: list[str] | None = None, filters: Any = None) -> pd.DataFrame:
        """One table of a stage; ``columns`` and ``filters`` read only what is needed."""
        return self.entry(stage).read(name, columns=columns, filters=filters)

    def export(self, stage: str, table: str, out_dir: str | Path, name: str | None = None) -> Path:
        """Write a stored table into a report as ``tables/<name>.parquet``, part by part.

        The large row-level tables (tokens, sentences, mentions, frame
        matches, sentence tone, n-grams) go to the report this way: no process
        holds them whole, and the bytes do not depend on the partitioning.
        """
        from analysis.runner.store import write_parquet_stream

        target = config.resolve_path(out_dir) / "tables" / f"{name or table}.parquet"
        return write_parquet_stream(self.entry(stage).iter_arrow(table), target)

    def documents(self, columns: list[str] | None = None, *, text: bool = True) -> pd.DataFrame:
        """The document table (one row per document): all columns, ``columns``, or all but ``text``."""
        if columns is None and not text:
            import pyarrow.parquet as pq

            names = pq.read_schema(self.entry("documents").parts("documents")[0]).names
            columns = [name for name in names if name != "text"]
        return self.table("documents", "documents", columns=columns)

    def document_summary(self) -> pd.DataFrame:
        """One row per document (:func:`analysis.text.prepare.document_summary`), one part at a time.

        Texts are hashed part by part and never held together; sentences and
        tokens are counted from their ``doc_id`` column alone.
        """
        from analysis.text.prepare import summarize_documents, with_text_sha256

        pieces, n_tokens = [], []
        for documents, tokens in self.document_parts(token_columns=["doc_id"]):
            pieces.append(with_text_sha256(documents))
            n_tokens.append(tokens.groupby("doc_id").size())
        sentences = [part.groupby("doc_id").size()
                     for part in self.entry("text").iter_parts("sentences", columns=["doc_id"])]
        return summarize_documents(
            pd.concat(pieces, ignore_index=True), self.table("text", "boilerplate"),
            n_sentences=pd.concat(sentences) if sentences else pd.Series(dtype="int64"),
            n_tokens=pd.concat(n_tokens) if n_tokens else pd.Series(dtype="int64"),
        )

    def dispersion(self, terms: list[str], *, by: Any = None, n_parts: int = 5) -> dict[str, Any]:
        """Where terms occur along the corpus, with documents ordered by group and date; one part at a time.

        Returns the dispersion plot's inputs and Juilland's D, equal to
        :mod:`analysis.text.dispersion` over the whole token table:
        ``positions`` (:func:`~analysis.text.dispersion.term_positions` of the
        ordered tokens), ``evenness`` (:func:`~analysis.text.dispersion.juilland_d`
        over documents), ``total_tokens``, ``document_starts``,
        ``group_boundaries`` and ``order``. Only one part's tokens are in
        memory at once; a one-document corpus is read whole (it is bounded by
        ``max_doc_chars``), since its parts are segments of that document.
        """
        from analysis.text import dispersion as disp

        documents = self.documents(text=False)
        order = disp.document_order(documents, by=by)
        unique = disp.unique_terms(terms)
        if self.rows("documents", "documents") < 2 or self._documents_with_tokens() < 2:
            tokens = self.table("text", "tokens")
            ordered = disp.ordered_tokens(tokens, order)
            return {"positions": disp.term_positions(ordered, terms=unique),
                    "evenness": disp.juilland_d(tokens, terms=unique, n_parts=n_parts),
                    "total_tokens": len(ordered), "document_starts": disp.document_starts(ordered),
                    "group_boundaries": disp.group_boundaries(ordered, order), "order": order}
        sizes: dict[str, int] = {}      # tokens of each document
        counted: dict[str, int] = {}    # its tokens other than punctuation (Juilland's part sizes)
        found = []
        for part in self.token_parts(columns=None):
            ids = part["doc_id"].astype(str)
            sizes.update({str(k): int(v) for k, v in ids.value_counts(sort=False).items()})
            counted.update({str(k): int(v) for k, v in ids[~part["is_punct"].astype(bool)].value_counts(sort=False).items()})
            if unique and len(part):
                found.append(disp.term_positions(part, terms=unique))
        offsets, position = {}, 0
        for doc_id in order.doc_ids:
            offsets[doc_id] = position
            position += sizes.get(doc_id, 0)
        empty = disp.term_positions(pd.DataFrame(columns=["doc_id", "sent_id", "tok_id", "token", "norm", "start",
                                                          "end", "is_punct"]), terms=unique)
        positions = pd.concat(found, ignore_index=True) if found else empty
        positions["position"] = [offsets[str(d)] + int(p) for d, p in zip(positions["doc_id"], positions["doc_position"])]
        rank = {term: i for i, term in enumerate(unique)}
        positions = (positions.assign(_rank=positions["term"].astype(str).map(rank))
                     .sort_values(["_rank", "position"], kind="mergesort").drop(columns="_rank")
                     .reset_index(drop=True).astype(empty.dtypes.to_dict()))
        corpus_docs = [str(d) for d in documents["doc_id"] if sizes.get(str(d), 0)]  # parts: documents with tokens
        rows = []
        for term in unique:
            hits = positions.loc[positions["term"] == term, "doc_id"].astype(str).value_counts()
            parts = [(int(hits.get(d, 0)), counted.get(d, 0)) for d in corpus_docs]
            non_empty = [(c, s) for c, s in parts if s > 0]
            rows.append((term, disp.juilland_d_value(np.array([c for c, _ in non_empty], dtype=np.int64),
                                                     sizes=np.array([s for _, s in non_empty], dtype=np.int64)),
                         len(non_empty), sum(c for c, _ in parts), sum(1 for c, _ in parts if c > 0), "documents"))
        evenness = pd.DataFrame(rows, columns=list(disp.DISPERSION_COLUMNS)).astype(disp._DISPERSION_DTYPES)
        starts = [offsets[d] for d in order.doc_ids if sizes.get(d, 0)][1:]
        return {"positions": positions, "evenness": evenness, "total_tokens": sum(sizes.values()),
                "document_starts": starts, "group_boundaries": disp.group_boundaries(sizes, order), "order": order}

    def _documents_with_tokens(self) -> int:
        return sum(part["doc_id"].nunique() for part in self.token_parts(columns=["doc_id"]))

    def corpus(self) -> CorpusTables:
        """Documents (no text) and sentences in memory, tokens part by part: what the group comparison reads."""
        return CorpusTables(documents=self.documents(text=False), sentences=self.table("text", "sentences"),
                            tokens=self.token_parts())

    def rows(self, stage: str, table: str) -> int:
        """How many rows a stored table has, read from its marker (no data is loaded)."""
        return self.entry(stage).rows(table)

    def text_of(self, doc_id: str) -> str:
        """The raw text of one document (only that row is read)."""
        found = self.table("documents", "documents", columns=["text"], filters=[("doc_id", "==", str(doc_id))])
        if found.empty:
            raise KeyError(doc_id)
        return str(found["text"].iloc[0])

    def token_parts(self, columns: list[str] | None = None) -> TokenParts:
        """The token table part by part: iterate it (as often as needed) to hold one part in memory at a time.

        Each part holds whole documents, in corpus order, so per-document and
        per-sentence counting over the parts equals counting over the whole
        table (see :func:`analysis.text.collocations.collocations`).
        """
        return TokenParts(self.entry("text"), columns)

    def kwic(self, patterns: list[str], *, window: int = 6, within_sentence: bool = False,
             case_sensitive: bool = False) -> pd.DataFrame:
        """Keyword in context (:func:`analysis.text.kwic.kwic`), one part of the corpus at a time.

        Only the documents of one part (and their texts) are in memory at
        once; the rows equal those of ``kwic`` over the whole token table.
        """
        from analysis.text.kwic import kwic

        pieces = [kwic(tokens, documents, patterns=patterns, window=window, within_sentence=within_sentence,
                       case_sensitive=case_sensitive)
                  for documents, tokens in self.document_parts(document_columns=["doc_id", "text"])]
        if not pieces:  # no documents: the empty table, after the same checks of the arguments
            return kwic(pd.DataFrame(), pd.DataFrame(columns=["doc_id", "text"]), patterns=patterns, window=window)
        return pd.concat(pieces, ignore_index=True)

    def document_parts(self, document_columns: list[str] | None = None, token_columns: list[str] | None = None):
        """Yield ``(documents, tokens)`` of one partition of the corpus at a time, in corpus order.

        The documents and text stages are stored with the same partitions, so
        part *k* of one holds exactly the documents of part *k* of the other.
        """
        documents = self.entry("documents").parts("documents")
        tokens = self.entry("text").parts("tokens")
        if len(documents) != len(tokens):
            raise StoreError(f"the documents ({len(documents)} parts) and tokens ({len(tokens)} parts) of this study "
                             "are not partitioned alike; rebuild the store (--force)")
        doc_parts = self.entry("documents").iter_parts("documents", columns=document_columns)
        token_parts = self.entry("text").iter_parts("tokens", columns=token_columns)
        yield from zip(doc_parts, token_parts)

    def __getitem__(self, name: str) -> Any:
        return self.settings[name]

    # ------------------------------------------------ the analyses' inputs
    def prepared(self):
        """The loaded, cleaned and tokenized corpus (:class:`analysis.text.prepare.PreparedCorpus`), from the store."""
        from analysis.corpus.clean import CleanedCorpus
        from analysis.text.prepare import PreparedCorpus
        from analysis.text.tokenize import TokenSettings

        documents = self.table("documents", "documents")
        body: dict[str, list[tuple[int, int]]] = {str(d): [] for d in documents["doc_id"]}
        spans = self.table("text", "body")
        for doc_id, start, end in zip(spans["doc_id"].astype(str), spans["start"], spans["end"]):
            body[doc_id].append((int(start), int(end)))
        cleaned = CleanedCorpus(
            boilerplate=self.table("text", "boilerplate"), body=body, enabled=self.settings["clean"],
            rules_version="",
        )
        token_settings = TokenSettings(
            lowercase=self.settings["lowercase"], stem=self.settings["stem"],
            stopwords_path=_resolved(self.settings["stopwords_path"]),
        )
        return PreparedCorpus(
            documents=documents, cleaned=cleaned, sentences=self.table("text", "sentences"),
            tokens=self.table("text", "tokens"), settings=token_settings,
        )

    def actor_lexicon(self):
        """The actor lexicon the framing stage used."""
        from analysis.framing.actors import load_actor_lexicon

        return load_actor_lexicon(_resolved(self.settings["actor_lexicon"]))

    def framing(self):
        """Actor mentions, quotes and attributions (:class:`analysis.framing.analyze.FramingResult`), from the store."""
        from analysis.framing.analyze import FramingResult

        return FramingResult(
            mentions=self.table("framing", "actors"), quotes=self.table("framing", "quotes"),
            quote_problems=self.table("framing", "quote_problems"),
            attributions=self.table("framing", "attributions"), summary=self.table("framing", "actor_summary"),
            lexicon=self.actor_lexicon(),
        )

    def frame_dictionary(self):
        """The frame dictionary the frames stage used."""
        from analysis.framing.frames import load_frame_dictionary

        return load_frame_dictionary(_resolved(self.settings["frame_dictionary"]))

    def explore_data(self):
        """What the explorer shows (:class:`analysis.report.explore.ExploreData`): the study itself is its corpus.

        Term views read the token table one part at a time and the reader one
        document at a time; only the framing tables are held whole.
        """
        from analysis.report.explore import ExploreData

        return ExploreData(corpus=self, framing=self.framing(), frame_matches=self.table("frames", "frame_matches"),
                           tone=self.table("tone", "tone"))

    def boilerplate_of(self, doc_id: str) -> pd.DataFrame:
        """The boilerplate spans of one document."""
        return self.table("text", "boilerplate", filters=[("doc_id", "==", str(doc_id))])


def _show(value: Any) -> str:
    return "None" if value is None else json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)


def _resolved(path: str | None) -> str | None:
    return str(config.resolve_path(path)) if path else None


def open_study(
    corpus_path: str | Path = "data/raw",
    *,
    store_dir: str | Path | None = None,
    settings: Mapping[str, Any] | ResolvedSettings | None = None,
    progress: bool = True,
) -> Study:
    """Open a study of a corpus: validate the settings, locate the store.

    Args:
        corpus_path: The corpus (see :func:`analysis.config.resolve_path`).
        store_dir: The stage store; default ``data/interim/store``.
        settings: Setting name -> value; missing ones take their defaults.
        progress: Show a progress bar when a stage is built.

    Raises:
        ParameterError: An unknown setting or a value of the wrong type.
    """
    resolved = settings if isinstance(settings, ResolvedSettings) else resolve_settings(settings or {})
    store = Store(config.resolve_path(store_dir) if store_dir else DEFAULT_STORE_DIR)
    return Study(corpus_path=config.resolve_path(corpus_path), settings=resolved, store=store, progress=progress)


def open_notebook(notebook: str, namespace: Mapping[str, Any], *, progress: bool = True) -> Study:
    """Open the study of a notebook from its parameters (pass ``globals()``).

    Reads ``corpus_path``, ``store_dir`` and exactly the settings
    :func:`notebook_settings` names for the notebook; a missing one is an
    error (the parameters cell is generated from the registry).
    """
    names = notebook_settings(notebook)
    missing = [n for n in ["corpus_path", *names] if n not in namespace]
    if missing:
        raise ParameterError(
            f"{notebook}: the parameters cell lacks {', '.join(missing)}; "
            "regenerate it with: python -m analysis notebooks --sync"
        )
    given = {n: namespace[n] for n in names if namespace[n] != SETTINGS[n].default}
    from analysis.report.pages import show_whole_cells

    show_whole_cells()  # a notebook's tables show their text uncut; wide ones scroll on the page
    study = open_study(namespace["corpus_path"], store_dir=namespace.get("store_dir"), settings=given,
                       progress=progress)
    study.notebook = Path(notebook).stem
    return study


def sync_parameters_cells(*, write: bool = True) -> list[str]:
    """Make every notebook's ``parameters`` cell equal :func:`parameters_source`; return the notebooks that differed.

    With ``write=False`` nothing is written (a check).
    """
    import nbformat

    from analysis.outputs import write_text_atomic
    from analysis.runner.parameters import parameters_cell

    changed = []
    for name in config.REPORT_NOTEBOOKS:
        path = config.NOTEBOOKS_DIR / name
        notebook = json.loads(path.read_text(encoding="utf-8"))
        index, _ = parameters_cell(nbformat.from_dict(notebook), name=name)
        wanted = parameters_source(name)
        lines = wanted.split("\n")
        source = [line + "\n" for line in lines[:-1]] + [lines[-1]]
        if notebook["cells"][index]["source"] != source:
            changed.append(name)
            if write:
                notebook["cells"][index]["source"] = source
                write_text_atomic(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    return changed


@dataclass(frozen=True)
class CorpusTables:
    """A corpus as the comparisons read it: ``tokens`` is a token table or a re-iterable of its parts."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: Any
