"""The stages: each computed once per key, stored, and read by every notebook.

Per-document stages run per partition of documents on the engine; each worker
reads its partition's part files of the upstream entries and writes its own
part files into the new entry's temporary folder, so no process ever holds the
whole token table. The driver gets small summaries back (part sizes and hashes,
per-partition counts) and reduces the corpus-level aggregates from them.

========== ============================================ ===========================================
stage      tables                                       computed by
========== ============================================ ===========================================
documents  ``documents``                                :func:`analysis.corpus.load.load_corpus` (driver), then
                                                        :func:`analysis.corpus.time.add_time_columns`
text       ``sentences``, ``tokens``, ``boilerplate``,  :func:`analysis.corpus.clean.clean_corpus`,
           ``body``                                     :func:`analysis.text.tokenize.tokenize_corpus`
counts     ``term_frequencies``,                        :mod:`analysis.text.frequencies` per partition,
           ``term_frequencies_by_group``, ``ngrams``,   then sums (exact: partitions hold disjoint
           ``ngram_frequencies_by_group``,              documents)
           ``type_token``
framing    ``actors`` (mentions), ``quotes``,           :mod:`analysis.framing.actors`, :mod:`analysis.framing.quotes`,
           ``quote_problems``, ``attributions``,        :mod:`analysis.framing.attributions`; quotes and pronouns
           ``actor_summary``                            never cross documents, so per-partition is exact; discovered
                                                        people get one name per person in the reduce
frames     ``frame_matches``, ``frames`` (shares)       :mod:`analysis.framing.frames`
tone       ``tone``, ``tone_by_actor``,                 :func:`analysis.framing.tone.sentence_tone`, then sums
           ``tone_by_voice``
========== ============================================ ===========================================

The stage ``corpus_terms`` (table ``terms``) holds the key terms and actors
that settings left at ``None`` are chosen from
(:func:`analysis.compare.defaults.corpus_terms`, on the driver). Each stage is declared once, as a :class:`Stage` next to its functions;
:data:`STAGES` holds them in build order, and the runner derives the keys and
the engine's tasks from them.

A stage's key covers its name, the code version (computed from the import
graph by :mod:`analysis.runner.code_version`: the definitions its functions
use, every module they reach, the resource files those name and the versions
of the libraries they import), its inputs (the corpus files' SHA-256s, or the
upstream entries' keys, and the SHA-256 of any lexicon or rules file given as
a setting) and the settings it reads. The partition size is not part of the key: the tables
are the same for any partitioning, engine or number of workers.

Examples:
    >>> from analysis.runner.engine import Engine
    >>> from analysis.runner.store import Store
    >>> import tempfile
    >>> store = Store(tempfile.mkdtemp())
    >>> with Engine("synchronous") as engine:
    ...     entry = build("text", "data/raw", {}, store, engine, progress=False)
    >>> entry.read("tokens", columns=["token"], filters=[("norm", "==", "baselessly")])["token"].tolist()
    ['baselessly']
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from analysis import config
from analysis.exceptions import CorpusError, ParameterError
from analysis.runner.code_version import CodeVersion, code_version as _code_version, roots_of
from analysis.runner.engine import DEFAULT_TARGET_CHARS, Engine, Partition, plan_partitions
from analysis.runner.settings import PATH_TYPE, SETTINGS, ResolvedSettings, resolve_settings
from analysis.corpus.groups import group_column_name, group_columns
from analysis.text.token_table import run_starts
from analysis.runner.store import Entry, Store, TokenParts, canonical_json, file_sha256, make_key, part_name, write_parquet


@dataclass(frozen=True)
class StageRun:
    """What a stage's functions get on the driver: the corpus, settings, upstream entries and the engine."""

    corpus_path: str | Path
    resolved: ResolvedSettings
    inputs: Mapping[str, Entry]
    engine: Engine
    target_chars: int
    progress: bool
    n_partitions: int = 0


@dataclass(frozen=True)
class Stage:
    """One stage, declared once: the runner derives the order, the keys and the engine tasks from it.

    Attributes:
        name: The store's name of the stage.
        upstream: The stages whose entries it reads.
        settings: The settings it reads (names from :data:`analysis.runner.settings.SETTINGS`); they are part
            of its key, and a per-partition function gets them as keyword arguments.
        tables: The tables it publishes.
        partition: ``f(task, **settings) -> {"parts": {table: part}, ...}``, run per partition on the engine
            (tables whose names start with ``_`` are partial: used by ``reduce``, never published).
        reduce: ``f(tmp, results, run) -> ({table: [parts]}, summary)`` on the driver, over the partitions'
            results: its parts are added to the tables.
        driver: ``f(tmp, run) -> ({table: [parts]}, summary)``: the whole stage on the driver (no partitions).
        reads_corpus: The corpus files' SHA-256s are part of the key.
    """

    name: str
    upstream: tuple[str, ...]
    settings: tuple[str, ...]
    tables: tuple[str, ...]
    partition: Callable[..., dict[str, Any]] | None = None
    reduce: Callable[..., tuple[dict[str, list], dict[str, Any]]] | None = None
    driver: Callable[..., tuple[dict[str, list], dict[str, Any]]] | None = None
    reads_corpus: bool = False

    def __post_init__(self) -> None:
        unknown = [s for s in self.settings if s not in SETTINGS]
        if unknown:
            raise ValueError(f"stage {self.name!r} reads unknown settings {unknown}")
        if (self.driver is None) == (self.partition is None):
            raise ValueError(f"stage {self.name!r} needs a per-partition function or a driver function, not both")

    @property
    def functions(self) -> tuple[Callable, ...]:
        """The functions whose code (and all it reaches) is the stage's code version."""
        return tuple(f for f in (self.partition, self.reduce, self.driver) if f is not None)

    def settings_of(self, resolved: Mapping[str, Any]) -> dict[str, Any]:
        """The values of the settings the stage reads, as plain data."""
        return {name: (list(resolved[name]) if isinstance(resolved[name], list) else resolved[name])
                for name in self.settings}


def registry_settings(stage: str) -> tuple[str, ...]:
    """The names of the settings whose registry ``stage`` is ``stage`` (``documents``, ``text``, ...), in order."""
    return tuple(name for name, setting in SETTINGS.items() if setting.stage == stage)


# ------------------------------------------------------------------ keys
def stage_code(stage: str | Stage, package_dir: Path | None = None) -> CodeVersion:
    """The code version of a stage: its functions and everything they reach (:mod:`analysis.runner.code_version`)."""
    declared = STAGES[stage] if isinstance(stage, str) else stage
    return _code_version(roots_of(declared.functions), package_dir)


def code_version(stage: str) -> str:
    """SHA-256 of the code a stage runs: its functions, the modules they reach, resource files, library versions."""
    return stage_code(stage).digest


def corpus_fingerprint(corpus_path: str | Path) -> list[list[str]]:
    """``[relative path, SHA-256]`` of every file a corpus is read from, sorted.

    For a folder: its text files, ``metadata.csv`` and ``MANIFEST.sha256``;
    for a JSONL or CSV corpus: the file itself.

    Raises:
        CorpusError: The corpus does not exist.
    """
    from analysis.corpus.load import MANIFEST_FILE, METADATA_FILE, corpus_files

    path = config.resolve_path(corpus_path)
    if not path.exists():
        raise CorpusError("corpus not found", path=path, hint="give a folder, a .jsonl or a .csv file")
    if path.is_file():
        return [[path.name, file_sha256(path)]]
    files = list(corpus_files(path)) + [p for p in (path / METADATA_FILE, path / MANIFEST_FILE) if p.is_file()]
    return sorted([p.relative_to(path).as_posix(), file_sha256(p)] for p in set(files))


def _setting_files(resolved: Mapping[str, Any], stage: Stage) -> dict[str, str | None]:
    """SHA-256 of every file named by a ``path?`` setting the stage reads."""
    files = {}
    for name in stage.settings:
        if SETTINGS[name].type == PATH_TYPE and resolved[name]:
            path = config.resolve_path(resolved[name])
            files[name] = file_sha256(path) if path.is_file() else None
    return files


@dataclass(frozen=True)
class StageKey:
    """A stage's key and what it was computed from (plain JSON, recorded in the marker)."""

    stage: str
    key: str
    inputs: dict


def stage_keys(corpus_path: str | Path, resolved: ResolvedSettings, stages: tuple[str, ...] | None = None,
               *, fingerprint: list | None = None, package_dir: Path | None = None) -> dict[str, StageKey]:
    """The keys of ``stages`` and of everything upstream, without building anything.

    ``package_dir`` reads the code versions from another copy of the package (tests).
    """
    wanted = list(STAGES) if stages is None else list(with_upstream(stages))
    if fingerprint is None and any(STAGES[s].reads_corpus for s in wanted):
        fingerprint = corpus_fingerprint(corpus_path)
    keys: dict[str, StageKey] = {}
    for name in wanted:
        stage = STAGES[name]
        inputs = {
            "stage": name,
            "code": stage_code(stage, package_dir).digest,
            "upstream": {up: keys[up].key for up in stage.upstream},
            "corpus": fingerprint if stage.reads_corpus else None,
            "files": _setting_files(resolved, stage),
            "settings": stage.settings_of(resolved),
        }
        keys[name] = StageKey(name, make_key(inputs), inputs)
    return keys


# ------------------------------------------------------- partition helpers
def _task(part: Partition, tmp: Path, inputs: Mapping[str, Entry]) -> dict[str, Any]:
    """What a worker needs for one partition: plain data only."""
    return {"index": part.index, "first_doc_id": part.first_doc_id, "tmp": str(tmp),
            "inputs": {name: str(entry.path) for name, entry in inputs.items()}}


def _read(task: Mapping[str, Any], stage: str, table: str, columns=None) -> pd.DataFrame:
    path = Path(task["inputs"][stage]) / table / part_name(task["index"])
    return pq.read_table(path, columns=columns).to_pandas()


def _write(task: Mapping[str, Any], table: str, frame: pd.DataFrame) -> dict[str, Any]:
    tmp = Path(task["tmp"])
    if not tmp.is_dir():  # the build was abandoned (another partition failed): never recreate its folder
        raise RuntimeError(f"the temporary folder {tmp} is gone: this build was abandoned")
    (tmp / table).mkdir(exist_ok=True)
    return write_parquet(frame, tmp / table / part_name(task["index"]))


def _resolve(path: str | None) -> str | None:
    return str(config.resolve_path(path)) if path else None


def _partitions(documents_entry: Entry) -> list[Partition]:
    return [Partition(**p) for p in documents_entry.summary["partitions"]]


# ------------------------------------------------------------ documents
def documents_driver(tmp: Path, run: StageRun):
    """Load and check the corpus, add its time columns, and plan the partitions (on the driver)."""
    from analysis.corpus.load import load_corpus
    from analysis.corpus.time import add_time_columns
    from analysis.text.prepare import check_document_lengths

    resolved = run.resolved
    _say(run.progress, f"{'documents':>9}: loading {config.display_path(config.resolve_path(run.corpus_path))}")
    documents = load_corpus(config.resolve_path(run.corpus_path), encoding=resolved["encoding"],
                            text_column=resolved["text_column"], id_column=resolved["id_column"])
    check_document_lengths(documents, max_doc_chars=resolved["max_doc_chars"])
    documents = add_time_columns(documents, time_unit=resolved["time_unit"], periods=resolved["periods"])
    partitions = plan_partitions(documents, target_chars=run.target_chars)
    parts = [write_parquet(documents.iloc[p.start:p.stop], tmp / "documents" / part_name(p.index))
             for p in partitions]
    summary = {"partitions": [p.__dict__ | {} for p in partitions], "n_documents": int(len(documents)),
               "columns": [str(c) for c in documents.columns], "n_chars": int(documents["n_chars"].sum())}
    return {"documents": parts}, summary


DOCUMENTS = Stage("documents", (), registry_settings("documents"), ("documents",), driver=documents_driver,
                  reads_corpus=True)


# ------------------------------------------------------------------ text
def text_partition(task: Mapping[str, Any], *, clean: bool, boilerplate_rules: str | None, lowercase: bool,
                   stem: bool, stopwords_path: str | None, **_: Any) -> dict[str, Any]:
    """Clean, split sentences and tokenize one partition; write its part files."""
    from analysis.corpus.clean import clean_corpus
    from analysis.text.tokenize import TokenSettings, tokenize_corpus

    docs = _read(task, "documents", "documents", columns=["doc_id", "text"])
    cleaned = clean_corpus(docs, enabled=clean, rules_path=_resolve(boilerplate_rules))
    settings = TokenSettings(lowercase=lowercase, stem=stem, stopwords_path=_resolve(stopwords_path))
    sentences, tokens = tokenize_corpus(docs, body=cleaned.body, settings=settings)
    body = pd.DataFrame(
        [(d, i, s, e) for d in docs["doc_id"] for i, (s, e) in enumerate(cleaned.body.get(d, []))],
        columns=["doc_id", "span_id", "start", "end"],
    ).astype({"doc_id": "string", "span_id": "int64", "start": "int64", "end": "int64"})
    return {"parts": {"sentences": _write(task, "sentences", sentences), "tokens": _write(task, "tokens", tokens),
                      "boilerplate": _write(task, "boilerplate", cleaned.boilerplate),
                      "body": _write(task, "body", body)}}


TEXT = Stage("text", ("documents",), registry_settings("text"), ("sentences", "tokens", "boilerplate", "body"),
             partition=text_partition)


def _body_of(body: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(body["doc_id"].astype(str), body["start"], body["end"]):
        spans.setdefault(doc_id, []).append((int(start), int(end)))
    return spans


# ---------------------------------------------------------------- counts
#: The corpus-level n-gram counts are summed in this many hash buckets, one engine task each.
NGRAM_BUCKETS = 16
#: Rows per part file of the merged n-gram table.
NGRAM_ROWS_PER_PART = 100_000


def counts_partition(task: Mapping[str, Any], *, drop_punct: bool, drop_numbers: bool, drop_stopwords: bool,
                     drop_stopword_edges: bool, ngram_range: list[int], group_by: str | list[str] | None,
                     **_: Any) -> dict[str, Any]:
    """Per-partition counts: terms and n-grams (overall and by group), type/token rows.

    ``group_by`` is a column or a list of columns (one group per combination,
    see :mod:`analysis.corpus.groups`); a column the documents lack leaves the
    grouped tables out (the notebooks then name the missing column).

    The partial tables go to ``<tmp>/_partial_*`` (removed before the entry is
    published); the driver sums them.
    """
    from analysis.text import frequencies

    tokens = _read(task, "text", "tokens")
    sentences = _read(task, "text", "sentences", columns=["doc_id", "sent_id", "n_tokens"])
    flags: dict[str, Any] = dict(drop_punct=drop_punct, drop_numbers=drop_numbers, drop_stopwords=drop_stopwords)
    out: dict[str, Any] = {}
    terms = frequencies.term_frequencies(tokens, **flags)
    out["_partial_terms"] = _write(task, "_partial_terms", terms[["term", "count", "doc_freq"]])
    rate_base = frequencies.rate_base_totals(tokens)
    docs = None
    n_values = list(range(ngram_range[0], ngram_range[1] + 1))
    columns = group_columns(group_by)
    if columns:
        docs = _read(task, "documents", "documents")
        if all(c in docs.columns and c != "text" for c in columns):
            label = group_column_name(group_by)
            rate_base = rate_base | frequencies.rate_base_totals(tokens, by=columns, documents=docs)
            grouped = frequencies.term_frequencies(tokens, by=columns, documents=docs, **flags)
            out["_partial_groups"] = _write(task, "_partial_groups", grouped[[label, "term", "count", "doc_freq"]])
            grouped_ngrams = frequencies.ngram_frequencies(
                tokens, n_values=n_values, drop_punct=drop_punct, drop_numbers=drop_numbers,
                drop_stopword_edges=drop_stopword_edges, by=columns, documents=docs)
            if not len(grouped_ngrams):
                grouped_ngrams = pd.DataFrame({label: pd.Series([], dtype="string"),
                                               "ngram": pd.Series([], dtype="string"),
                                               "n": pd.Series([], dtype="int64"), "count": pd.Series([], dtype="int64"),
                                               "doc_freq": pd.Series([], dtype="int64")})
            out["_partial_group_ngrams"] = _write(task, "_partial_group_ngrams",
                                                  grouped_ngrams[[label, "ngram", "n", "count", "doc_freq"]]
                                                  .astype({label: "string", "ngram": "string"}))
    ngrams = frequencies.ngram_frequencies(tokens, n_values=n_values, drop_punct=drop_punct,
                                           drop_numbers=drop_numbers, drop_stopword_edges=drop_stopword_edges)
    if len(ngrams.columns) and len(ngrams):
        ngrams = ngrams[["ngram", "n", "count", "doc_freq"]]
    else:
        ngrams = pd.DataFrame({"ngram": pd.Series([], dtype="string"), "n": pd.Series([], dtype="int64"),
                               "count": pd.Series([], dtype="int64"), "doc_freq": pd.Series([], dtype="int64")})
    buckets = (pd.util.hash_array(ngrams["ngram"].astype(str).to_numpy(dtype=object)) % NGRAM_BUCKETS
               if len(ngrams) else np.zeros(0, dtype=np.uint64))
    for bucket in range(NGRAM_BUCKETS):  # hash buckets: each is summed on its own, so no process holds them all
        name = f"_partial_ngrams_{bucket:02d}"
        out[name] = _write(task, name, ngrams[buckets == bucket])
    lengths = sentences["n_tokens"].to_numpy(dtype=np.int64)
    positions = {str(n): int(np.maximum(lengths - n + 1, 0).sum()) for n in n_values}
    ttr = frequencies.type_token_stats(tokens, sentences=sentences, drop_numbers=drop_numbers)
    out["_partial_ttr_docs"] = _write(task, "_partial_ttr_docs", ttr[ttr["doc_id"] != "(corpus)"])
    kept = frequencies.counted_tokens(tokens, drop_punct=True, drop_numbers=drop_numbers, drop_stopwords=False)
    norms = kept["norm"].value_counts().rename_axis("norm").reset_index(name="count")
    out["_partial_ttr_norms"] = _write(task, "_partial_ttr_norms", norms.astype({"norm": "string", "count": "int64"}))
    return {"parts": out, "positions": positions, "rate_base": rate_base, "n_sentences": int(len(sentences)),
            "sentence_tokens": int(lengths.sum())}


def _sum_partials(tables, keys: list[str], values: list[str]):
    """Sum per-partition counts by ``keys`` with Arrow's hash aggregation; an Arrow table (order fixed later)."""
    import pyarrow as pa

    pieces = list(tables)
    combined = pa.concat_tables(pieces, promote_options="permissive")
    summed = combined.group_by(keys, use_threads=False).aggregate([(v, "sum") for v in values])
    summed = summed.rename_columns([c[:-4] if c.endswith("_sum") and c[:-4] in values else c
                                    for c in summed.column_names])
    return summed.select(keys + values)


def _count_table(summed, key: str, group: list[str], dtypes: dict[str, str], columns: list[str],
                 base: Callable[[Any, np.ndarray, np.ndarray], np.ndarray | float]):
    """Rank summed counts like :mod:`analysis.text.frequencies` does, without leaving Arrow (bounded driver memory).

    Rows are sorted by group, ``count`` descending, then ``key`` (a total order,
    so the result never depends on partitioning); ``rank`` restarts in each
    group; ``per_10k = count * 10000 / base``. The schema carries the pandas
    dtypes ``dtypes``, so reading the table back gives what pandas gave.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.runner.store import to_arrow

    sort_keys = [(g, "ascending") for g in group] + [("count", "descending"), (key, "ascending")]
    if summed.num_rows:
        summed = summed.take(pc.sort_indices(summed, sort_keys=sort_keys))
    counts = summed["count"].to_numpy().astype(np.int64)
    starts = run_starts(summed[group[0]]) if group else np.zeros(1 if len(counts) else 0, dtype=np.int64)
    lengths = np.diff(np.append(starts, len(counts)))
    rank = np.arange(len(counts), dtype=np.int64) - np.repeat(starts, lengths) + 1
    per_10k = (counts * 10_000) / base(summed, counts, starts)
    template = to_arrow(pd.DataFrame({c: pd.Series([], dtype=dtypes[c]) for c in columns})).schema
    arrays = {c: summed[c] for c in summed.column_names} | {"rank": pa.array(rank), "per_10k": pa.array(per_10k),
                                                             "count": pa.array(counts)}
    return pa.Table.from_arrays([arrays[f.name].cast(f.type) for f in template], schema=template)


def _rate_base_of(summed, by: str, rate_base: Mapping[str, int]) -> np.ndarray:
    """The word tokens (:data:`analysis.text.token_table.RATE_BASE`) of each row's group; NaN for none."""
    labels = summed[by].to_pylist()
    return np.array([float(rate_base.get("\x1f" + str(g), 0)) or math.nan for g in labels], dtype=np.float64)


NGRAM_DTYPES = {"ngram": "string", "n": "int64", "count": "int64", "per_10k": "float64", "doc_freq": "int64",
                "rank": "int64"}


def ngram_bucket_partition(task: Mapping[str, Any], **_: Any) -> dict[str, Any]:
    """Sum one hash bucket of the per-partition n-gram counts and sort it (``n``, count descending, n-gram)."""
    import pyarrow.compute as pc

    tmp, bucket = Path(task["tmp"]), int(task["index"])
    parts = sorted((tmp / f"_partial_ngrams_{bucket:02d}").glob("part-*.parquet"))
    summed = _sum_partials((pq.read_table(p) for p in parts), ["ngram", "n"], ["count", "doc_freq"])
    if summed.num_rows:
        summed = summed.take(pc.sort_indices(
            summed, sort_keys=[("n", "ascending"), ("count", "descending"), ("ngram", "ascending")]))
    summed = summed.cast(pa_schema_plain(summed))
    return {"parts": {"_bucket_ngrams": _write(task, "_bucket_ngrams", summed)}}


def pa_schema_plain(table):
    """``table``'s schema with plain ``string`` text and ``int64`` counts (buckets concatenate cleanly)."""
    import pyarrow as pa

    return pa.schema([pa.field(f.name, pa.string() if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
                               else pa.int64()) for f in table.schema])


def _merge_ngram_buckets(tmp: Path, positions: dict[int, int]) -> list[dict]:
    """Merge the sorted buckets into the ranked n-gram table, streaming, in parts of fixed size.

    ``positions`` holds the base of ``per_10k`` for each ``n``: the corpus's word tokens.

    The order (``n``, count descending, n-gram) is total, so the table is the
    same for any partitioning; only :data:`NGRAM_ROWS_PER_PART` rows are held.
    """
    import heapq

    import pyarrow as pa

    from analysis.text.frequencies import NGRAM_COLUMNS
    from analysis.runner.store import to_arrow

    template = to_arrow(pd.DataFrame({c: pd.Series([], dtype=NGRAM_DTYPES[c]) for c in NGRAM_COLUMNS})).schema

    def rows(path: Path):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=65_536):
            data = batch.to_pydict()
            yield from zip(data["n"], (-c for c in data["count"]), data["ngram"], data["doc_freq"])

    paths = sorted((tmp / "_bucket_ngrams").glob("part-*.parquet"))
    parts: list[dict] = []
    buffer: list[tuple] = []
    state: dict[str, Any] = {"n": None, "rank": 0}

    def flush() -> None:
        n = [r[0] for r in buffer]
        counts = [-r[1] for r in buffer]
        columns = {
            "ngram": pa.array([r[2] for r in buffer], pa.string()), "n": pa.array(n, pa.int64()),
            "count": pa.array(counts, pa.int64()),
            "per_10k": pa.array([c * 10_000 / (float(positions[k]) or math.nan) for c, k in zip(counts, n)], pa.float64()),
            "doc_freq": pa.array([r[3] for r in buffer], pa.int64()), "rank": pa.array([r[4] for r in buffer], pa.int64()),
        }
        table = pa.Table.from_arrays([columns[f.name].cast(f.type) for f in template], schema=template)
        parts.append(write_parquet(table, tmp / "ngrams" / part_name(len(parts))))
        buffer.clear()

    for n, neg_count, ngram, doc_freq in heapq.merge(*(rows(p) for p in paths)):
        state["rank"] = state["rank"] + 1 if n == state["n"] else 1
        state["n"] = n
        buffer.append((n, neg_count, ngram, doc_freq, state["rank"]))
        if len(buffer) == NGRAM_ROWS_PER_PART:
            flush()
    if buffer or not parts:
        flush()
    return parts


def _reduce_counts(tmp: Path, results: list[dict], resolved: ResolvedSettings) -> dict[str, list]:
    from analysis.text.frequencies import TERM_COLUMNS

    def partials(name):
        for path in sorted((tmp / name).glob("part-*.parquet")):
            yield pq.read_table(path)

    term_dtypes = {"term": "string", "count": "int64", "doc_freq": "int64", "rank": "int64",
                   # Float64: what analysis.text.frequencies.term_frequencies gives (nullable counts before its final cast)
                   "per_10k": "Float64"}
    tables: dict[str, list] = {}
    terms = _sum_partials(partials("_partial_terms"), ["term"], ["count", "doc_freq"])
    rate_base: dict[str, int] = {}  # word tokens (the one base of rates), "" for the corpus
    for result in results:
        for label, n in result["rate_base"].items():
            rate_base[label] = rate_base.get(label, 0) + int(n)
    total = float(rate_base.get("", 0)) or math.nan
    terms = _count_table(terms, "term", [], term_dtypes, list(TERM_COLUMNS), lambda t, c, s: total)
    tables["term_frequencies"] = [write_parquet(terms, tmp / "term_frequencies" / part_name(0))]
    by = group_column_name(resolved["group_by"])
    if by and (tmp / "_partial_groups").is_dir():
        grouped = _sum_partials(partials("_partial_groups"), [by, "term"], ["count", "doc_freq"])
        grouped = _count_table(grouped, "term", [by], term_dtypes | {by: "string"}, [by, *TERM_COLUMNS],
                               lambda t, c, s: _rate_base_of(t, by, rate_base))
        tables["term_frequencies_by_group"] = [write_parquet(grouped, tmp / "term_frequencies_by_group" / part_name(0))]
        words_by_group = {label[1:]: n for label, n in rate_base.items() if label.startswith("\x1f")}
        table = _group_ngram_table(_sum_partials(partials("_partial_group_ngrams"), [by, "ngram", "n"],
                                                 ["count", "doc_freq"]), by, words_by_group)
        tables["ngram_frequencies_by_group"] = [write_parquet(table, tmp / "ngram_frequencies_by_group" / part_name(0))]
    docs = pd.concat([t.to_pandas() for t in partials("_partial_ttr_docs")], ignore_index=True)
    norm_counts = np.asarray(_sum_partials(partials("_partial_ttr_norms"), ["norm"], ["count"])["count"])
    n_tok, n_typ = int(norm_counts.sum()), int(len(norm_counts))
    hapax = int((norm_counts == 1).sum())
    n_sent = sum(r["n_sentences"] for r in results)
    sent_tokens = sum(r["sentence_tokens"] for r in results)
    corpus = {"doc_id": "(corpus)", "n_tokens": n_tok, "n_types": n_typ,
              "ttr": n_typ / n_tok if n_tok else math.nan,
              "root_ttr": n_typ / math.sqrt(n_tok) if n_tok else math.nan,
              "hapax": hapax, "hapax_share": hapax / n_typ if n_typ else math.nan,
              "n_sentences": n_sent, "mean_sentence_tokens": sent_tokens / n_sent if n_sent else math.nan}
    ttr = pd.concat([docs, pd.DataFrame([corpus])], ignore_index=True).astype(docs.dtypes.to_dict())
    tables["type_token"] = [write_parquet(ttr, tmp / "type_token" / part_name(0))]
    return tables


def counts_reduce(tmp: Path, results: list[dict], run: StageRun) -> tuple[dict[str, list], dict[str, Any]]:
    """Sum the partitions' counts: n-grams in hash buckets on the engine, the rest on the driver."""
    buckets = [{"index": b, "first_doc_id": None, "tmp": str(tmp)} for b in range(NGRAM_BUCKETS)]
    run.engine.map_partitions(ngram_bucket_partition, buckets)
    positions: dict[int, int] = {}
    for result in results:
        for n, count in result["positions"].items():
            positions[int(n)] = positions.get(int(n), 0) + count
    reduced = _reduce_counts(tmp, results, run.resolved)
    words = sum(int(r["rate_base"].get("", 0)) for r in results)  # the one base of rates
    reduced["ngrams"] = _merge_ngram_buckets(tmp, {n: words for n in positions})
    return reduced, {"grouped_by": run.resolved["group_by"] if "term_frequencies_by_group" in reduced else None}


def _group_ngram_table(summed, by: str, words_by_group: Mapping[str, int]) -> pd.DataFrame:
    """Rank summed n-gram counts within each group and ``n`` (as :func:`analysis.text.frequencies.ngram_frequencies`)."""
    from analysis.text.frequencies import NGRAM_COLUMNS

    table = summed.to_pandas()
    table = table.sort_values([by, "n", "count", "ngram"], ascending=[True, True, False, True], kind="mergesort")
    table = table.reset_index(drop=True)
    table["rank"] = table.groupby([by, "n"], sort=False).cumcount() + 1
    base = [words_by_group.get(str(g), 0) for g in table[by]]  # the one base of rates: word tokens of the group
    table["per_10k"] = table["count"].to_numpy(dtype=np.float64) * 10_000 / np.asarray(base, dtype=np.float64)
    return table[[by, *NGRAM_COLUMNS]].astype({by: "string", "ngram": "string", "n": "int64", "count": "int64",
                                                "per_10k": "float64", "doc_freq": "int64", "rank": "int64"})


COUNTS = Stage("counts", ("documents", "text"), registry_settings("counts"),
               ("term_frequencies", "term_frequencies_by_group", "ngrams", "ngram_frequencies_by_group", "type_token"),
               partition=counts_partition, reduce=counts_reduce)


# --------------------------------------------------------------- framing
@functools.lru_cache(maxsize=8)
def _framing_lexicons(actor_lexicon: str | None, reporting_verbs: str | None, modifiers: str | None):
    from analysis.framing.analyze import load_framing_lexicons

    return load_framing_lexicons(actor_lexicon, reporting_verbs, modifiers)


def framing_partition(task: Mapping[str, Any], *, actor_lexicon: str | None, metonyms: str,
                      reporting_verbs: str | None, evaluative_modifiers: str | None,
                      actor_references: Sequence[str] = ("name", "metonym"), **_: Any) -> dict[str, Any]:
    """Actor mentions, quotes, quote problems and attributions of one partition.

    The mentions table holds the ``actor_references`` kinds; quotes and
    attributions read the name and metonym mentions whatever that setting
    (:func:`analysis.framing.actors.speech_mentions`).
    """
    from analysis.framing.analyze import assemble_framing

    lexicon, verbs, mods = _framing_lexicons(_resolve(actor_lexicon), _resolve(reporting_verbs),
                                             _resolve(evaluative_modifiers))
    docs = _read(task, "documents", "documents", columns=["doc_id", "text"])
    sentences = _read(task, "text", "sentences")
    body = _body_of(_read(task, "text", "body"))
    body = {str(d): body.get(str(d), []) for d in docs["doc_id"]}
    framing = assemble_framing(docs, sentences, body=body, lexicon=lexicon, verbs=verbs, modifiers=mods,
                               metonyms=metonyms, references=actor_references)
    summary = framing.summary.drop(columns=["direct_voice_share"]).astype({"actor": str})
    return {"parts": {"actors": _write(task, "actors", framing.mentions),
                      "quotes": _write(task, "quotes", framing.quotes),
                      "quote_problems": _write(task, "quote_problems", framing.quote_problems),
                      "attributions": _write(task, "attributions", framing.attributions)},
            "actor_summary": summary.to_dict(orient="list")}


def framing_reduce(tmp: Path, results: list[dict], run: StageRun) -> tuple[dict[str, list], dict[str, Any]]:
    """The actor summary: the partitions' counts per actor, summed."""
    pieces = [pd.DataFrame(r["actor_summary"]) for r in results if r["actor_summary"].get("actor")]
    if pieces:
        from analysis.framing.attributions import finish_actor_summary, merge_actor_names

        # one name per person across the corpus; a lexicon actor stays ``lexicon`` whatever the partition
        table = finish_actor_summary(merge_actor_names(pd.concat(pieces, ignore_index=True)))
    else:
        from analysis.framing.attributions import actor_voice_summary

        empty = pd.DataFrame({"kind": [], "speaker": [], "stance": [], "voice": [], "quote_id": []})
        table = actor_voice_summary(empty, pd.DataFrame({"speaker": [], "kind": []}), pd.DataFrame({"actor": []}))
    return {"actor_summary": [write_parquet(table, tmp / "actor_summary" / part_name(0))]}, {}


FRAMING = Stage("framing", ("documents", "text"), registry_settings("framing"),
                ("actors", "quotes", "quote_problems", "attributions", "actor_summary"),
                partition=framing_partition, reduce=framing_reduce)


# ---------------------------------------------------------------- frames
@functools.lru_cache(maxsize=8)
def _frame_dictionary(path: str | None):
    from analysis.framing.frames import load_frame_dictionary

    return load_frame_dictionary(path)


def frames_partition(task: Mapping[str, Any], *, frame_dictionary: str | None, **_: Any) -> dict[str, Any]:
    """Frame matches and per-document frame shares of one partition."""
    from analysis.framing.frames import CORPUS_ROW, frame_matches, frame_shares

    dictionary = _frame_dictionary(_resolve(frame_dictionary))
    docs = _read(task, "documents", "documents", columns=["doc_id", "text"])
    tokens = _read(task, "text", "tokens")
    sentences = _read(task, "text", "sentences", columns=["doc_id", "sent_id"])
    matches = frame_matches(tokens, docs, dictionary=dictionary)
    shares = frame_shares(matches, sentences, dictionary=dictionary, documents=docs)
    shares = shares[shares["doc_id"] != CORPUS_ROW]
    per_frame = shares.groupby("frame", sort=False)["sentences_with_frame"].sum()
    return {"parts": {"frame_matches": _write(task, "frame_matches", matches), "frames": _write(task, "frames", shares)},
            "n_sentences": int(len(sentences)), "with_frame": {str(k): int(v) for k, v in per_frame.items()}}


def frames_reduce(tmp: Path, results: list[dict], run: StageRun) -> tuple[dict[str, list], dict[str, Any]]:
    """The corpus row of each frame's share, written as the frame table's last part."""
    from analysis.framing.frames import CORPUS_ROW, SHARE_COLUMNS

    resolved = run.resolved
    dictionary = _frame_dictionary(_resolve(resolved["frame_dictionary"]))
    total = sum(r["n_sentences"] for r in results)
    rows = []
    for category in dictionary.categories:
        count = sum(r["with_frame"].get(category.name, 0) for r in results)
        rows.append((CORPUS_ROW, category.name, category.label, total, count, count / total if total else math.nan))
    corpus_rows = pd.DataFrame(rows, columns=list(SHARE_COLUMNS)).astype(
        {"doc_id": "string", "frame": "string", "label": "string", "n_sentences": "int64",
         "sentences_with_frame": "int64", "share": "float64"})
    return {"frames": [write_parquet(corpus_rows, tmp / "frames" / part_name(len(results)))]}, {}


FRAMES = Stage("frames", ("documents", "text"), registry_settings("frames"), ("frame_matches", "frames"),
               partition=frames_partition, reduce=frames_reduce)


# ------------------------------------------------------------------ tone
_TONE_SCALE = 10_000  # VADER rounds compound to 4 decimals, so sums of compound * 10^4 are exact integers


def _tone_counts(keys, compound: np.ndarray) -> dict[str, list[int]]:
    from analysis.framing.tone import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD

    units = np.rint(compound * _TONE_SCALE).astype(np.int64)
    if not np.array_equal(units / _TONE_SCALE, compound):
        raise ValueError("tone: a compound score has more than 4 decimals; the exact reduction needs VADER's rounding")
    counts: dict[str, list[int]] = {}
    for key, value, unit in zip(keys, compound, units):
        row = counts.setdefault(key, [0, 0, 0, 0])
        row[0] += 1
        row[1] += int(unit)
        row[2] += int(value <= NEGATIVE_THRESHOLD)
        row[3] += int(value >= POSITIVE_THRESHOLD)
    return counts


def tone_partition(task: Mapping[str, Any], **_: Any) -> dict[str, Any]:
    """Sentence tone of one partition, and its counts by actor and by voice."""
    from analysis.framing.tone import ACTOR_SEPARATOR, sentence_tone

    sentences = _read(task, "text", "sentences")
    quotes = _read(task, "framing", "quotes")
    mentions = _read(task, "framing", "actors")
    tone = sentence_tone(sentences, quotes, mentions)
    compound = tone["compound"].to_numpy(dtype=np.float64)
    pairs = [(actor, c) for actors, c in zip(tone["actors"].fillna("").astype(str), compound)
             for actor in actors.split(ACTOR_SEPARATOR) if actor]
    by_actor = _tone_counts([a for a, _ in pairs], np.array([c for _, c in pairs], dtype=np.float64))
    by_voice = _tone_counts(tone["voice"].astype(str).tolist(), compound)
    return {"parts": {"tone": _write(task, "tone", tone)}, "by_actor": by_actor, "by_voice": by_voice}


def _tone_rows(counts: dict[str, list[int]], keys) -> list[dict]:
    rows = []
    for key in keys:
        n, units, negative, positive = counts.get(key, [0, 0, 0, 0])
        if n == 0:
            rows.append({"n_sentences": 0, "mean_compound": math.nan, "share_negative": math.nan,
                         "share_neutral": math.nan, "share_positive": math.nan})
            continue
        neg, pos = float(negative) / n, float(positive) / n
        rows.append({"n_sentences": n, "mean_compound": float(Fraction(units, _TONE_SCALE * n)),
                     "share_negative": neg, "share_neutral": 1.0 - neg - pos, "share_positive": pos})
    return rows


def tone_reduce(tmp: Path, results: list[dict], run: StageRun) -> tuple[dict[str, list], dict[str, Any]]:
    """Tone by actor and by voice: the partitions' exact integer sums."""
    from analysis.framing.tone import SUMMARY_COLUMNS, VOICES

    def merged(name):
        total: dict[str, list[int]] = {}
        for result in results:
            for key, row in result[name].items():
                acc = total.setdefault(key, [0, 0, 0, 0])
                for i, value in enumerate(row):
                    acc[i] += value
        return total

    dtypes = {"n_sentences": "int64"} | {c: "float64" for c in SUMMARY_COLUMNS[1:]}
    actors = merged("by_actor")
    names = sorted(actors)
    by_actor = pd.DataFrame([{"actor": a} | r for a, r in zip(names, _tone_rows(actors, names))],
                            columns=["actor", *SUMMARY_COLUMNS])
    by_actor = by_actor.sort_values(["n_sentences", "actor"], ascending=[False, True], kind="mergesort")
    by_actor = by_actor.reset_index(drop=True).astype({"actor": "string"} | dtypes)
    voices = merged("by_voice")
    by_voice = pd.DataFrame([{"voice": v} | r for v, r in zip(VOICES, _tone_rows(voices, VOICES))],
                            columns=["voice", *SUMMARY_COLUMNS]).astype({"voice": "string"} | dtypes)
    return {"tone_by_actor": [write_parquet(by_actor, tmp / "tone_by_actor" / part_name(0))],
            "tone_by_voice": [write_parquet(by_voice, tmp / "tone_by_voice" / part_name(0))]}, {}


TONE = Stage("tone", ("documents", "text", "framing"), registry_settings("tone"),
             ("tone", "tone_by_actor", "tone_by_voice"), partition=tone_partition, reduce=tone_reduce)


# ----------------------------------------------------------- corpus terms
def corpus_terms_driver(tmp: Path, run: StageRun) -> tuple[dict[str, list], dict[str, Any]]:
    """The corpus-chosen terms (:func:`analysis.compare.defaults.corpus_terms`), chosen once per study.

    The choice rule (:func:`analysis.compare.defaults.term_rule`) leaves out honorifics, the reporting verbs of
    the lexicon in use, one- and two-character tokens and ``exclude_terms``; the table keeps why each term was
    chosen and which were left out.
    """
    from analysis.compare.defaults import corpus_terms, term_rule, terms_table

    documents = run.inputs["documents"]
    columns = [name for name in pq.read_schema(documents.parts("documents")[0]).names if name != "text"]
    rule = term_rule(_resolve(run.resolved["reporting_verbs"]), list(run.resolved["exclude_terms"] or []))
    chosen = corpus_terms(documents.read("documents", columns=columns), TokenParts(run.inputs["text"]),
                          by=run.resolved["group_by"], mentions=run.inputs["framing"].read("actors"), rule=rule)
    return ({"terms": [write_parquet(terms_table(chosen), tmp / "terms" / part_name(0))]},
            {"basis": chosen.basis, "rule": chosen.rule})


CORPUS_TERMS = Stage("corpus_terms", ("documents", "text", "framing"), ("group_by", "exclude_terms", "reporting_verbs"),
                     ("terms",), driver=corpus_terms_driver)


def _in_order(declared: tuple[Stage, ...]) -> dict[str, Stage]:
    """The stages in an order where each comes after its upstream stages (declaration order otherwise)."""
    ordered: dict[str, Stage] = {}
    pending = list(declared)
    while pending:
        ready = [s for s in pending if all(u in ordered for u in s.upstream)]
        if not ready:
            raise ValueError(f"the stages {[s.name for s in pending]} have a cycle or an unknown upstream stage")
        for stage in ready:
            ordered[stage.name] = stage
            pending.remove(stage)
    return ordered


#: Every stage, in build order (each after its upstream stages).
STAGES: dict[str, Stage] = _in_order((DOCUMENTS, TEXT, COUNTS, FRAMING, FRAMES, TONE, CORPUS_TERMS))


def _check_registry() -> None:
    """Every setting that is not a view names a declared stage (checked once, when the stages are declared)."""
    for setting in SETTINGS.values():
        if not setting.stage.startswith("view") and setting.stage not in STAGES:
            raise ValueError(f"setting {setting.name!r}: unknown stage {setting.stage!r}; "
                             f"the stages are: {', '.join(STAGES)}")


_check_registry()


def with_upstream(stages: Iterable[str]) -> tuple[str, ...]:
    """The stages and every stage upstream of them, in build order.

    Raises:
        ParameterError: A name is not a declared stage.

    Examples:
        >>> with_upstream(["tone"])
        ('documents', 'text', 'framing', 'tone')
    """
    out: set[str] = set()
    todo = list(stages)
    while todo:
        name = todo.pop()
        if name not in STAGES:
            raise ParameterError(f"unknown stage {name!r}; the stages are: {', '.join(STAGES)}")
        if name not in out:
            out.add(name)
            todo.extend(STAGES[name].upstream)
    return tuple(s for s in STAGES if s in out)


def settings_read(stages: Iterable[str]) -> tuple[str, ...]:
    """The settings that the stages and everything upstream of them read, in registry order.

    Examples:
        >>> "metonyms" in settings_read(["tone"]), "frame_dictionary" in settings_read(["tone"])
        (True, False)
    """
    names = {name for stage in with_upstream(stages) for name in STAGES[stage].settings}
    return tuple(name for name in SETTINGS if name in names)


# ----------------------------------------------------------------- build
class _Progress:
    def __init__(self, enabled: bool, stage: str, total: int) -> None:
        self.bar = None
        self.enabled = enabled
        if not enabled:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:  # pragma: no cover - tqdm comes with the pinned environment
            tqdm = None
        if tqdm is not None:
            self.bar = tqdm(total=total, desc=f"{stage:>9}", unit="part", file=sys.stderr, leave=True)
        else:
            print(f"{stage}: {total} partitions", file=sys.stderr, flush=True)
        self.stage, self.total, self.done = stage, total, 0

    def __call__(self, index: int) -> None:
        if not self.enabled:
            return
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        else:
            print(f"{self.stage}: {self.done}/{self.total}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


#: Where a stage's one-line messages ("text: up to date …", "documents: loading …") go. Nothing shows them
#: by default, so a notebook's first output is its own; the report runner shows them on stderr
#: (:func:`stage_messages_on_stderr`).
STAGE_LOG = logging.getLogger("analysis.runner.stages")


def _say(progress: bool, message: str) -> None:
    if progress:
        STAGE_LOG.info(message)


@contextlib.contextmanager
def stage_messages_on_stderr(enabled: bool = True) -> Iterator[None]:
    """Print the stages' messages on stderr while the block runs (the command line's progress lines)."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    level = STAGE_LOG.level
    STAGE_LOG.addHandler(handler)
    STAGE_LOG.setLevel(logging.INFO)
    try:
        yield
    finally:
        STAGE_LOG.removeHandler(handler)
        STAGE_LOG.setLevel(level)


def build(
    stage_name: str,
    corpus_path: str | Path,
    settings: Mapping[str, Any] | None,
    store: Store | str | Path | None = None,
    engine: Engine | None = None,
    progress: bool = True,
    *,
    target_chars: int = DEFAULT_TARGET_CHARS,
) -> Entry:
    """Return the store entry of a stage, building it and any missing upstream entry first.

    Args:
        stage_name: One of :data:`STAGES`.
        corpus_path: The corpus (relative paths from the project root).
        settings: User settings (validated with :func:`resolve_settings`) or a
            :class:`ResolvedSettings`.
        store: A :class:`Store` or its folder; default ``data/interim/store``.
        engine: A running :class:`Engine`; ``None`` runs in this process
            (synchronous mode), which suits small corpora and notebooks.
        progress: Show a progress bar per stage built, and log a line per stage reused (see :data:`STAGE_LOG`).
        target_chars: Partition size in characters, used when the
            ``documents`` entry is built (not part of any key).

    Returns:
        The :class:`~analysis.runner.store.Entry` of ``stage_name``.

    Raises:
        CorpusError: The corpus is rejected (before any worker starts).
        ParameterError: A setting is unknown or has the wrong type.
        EngineError: A partition failed or its worker died; nothing is published.
    """
    resolved = settings if isinstance(settings, ResolvedSettings) else resolve_settings(settings or {})
    return _build_stages((stage_name,), corpus_path, resolved, store, engine, progress, target_chars)[stage_name]


def build_all(corpus_path, settings, store=None, engine=None, progress=True, *,
              target_chars: int = DEFAULT_TARGET_CHARS) -> dict[str, Entry]:
    """Build (or find) every stage; return ``{stage: entry}`` (arguments as for :func:`build`)."""
    resolved = settings if isinstance(settings, ResolvedSettings) else resolve_settings(settings or {})
    return _build_stages(tuple(STAGES), corpus_path, resolved, store, engine, progress, target_chars)


def _build_stages(wanted, corpus_path, resolved, store, engine, progress, target_chars) -> dict[str, Entry]:
    store = store if isinstance(store, Store) else Store(store if store is not None else Store().root)
    keys = stage_keys(corpus_path, resolved, wanted)
    if engine is None:
        with Engine("synchronous") as local:
            return _build_keys(keys, corpus_path, resolved, store, local, progress, target_chars)
    return _build_keys(keys, corpus_path, resolved, store, engine, progress, target_chars)


def _build_keys(keys, corpus_path, resolved, store, engine, progress, target_chars) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for name, key in keys.items():
        found = store.get(name, key.key)
        if found is not None:
            _say(progress, f"{name:>9}: up to date ({key.key[:12]})")
            entries[name] = found
            continue
        stage = STAGES[name]
        run = StageRun(corpus_path, resolved, {up: entries[up] for up in stage.upstream}, engine, target_chars,
                       progress)
        entries[name] = store.ensure(name, key.key, functools.partial(_run_stage, stage, run), inputs=key.inputs)
    return entries


def _run_stage(stage: Stage, run: StageRun, tmp: Path) -> tuple[dict[str, list], dict[str, Any]]:
    """Compute one stage into ``tmp``: on the driver, or per partition on the engine and then reduced."""
    if stage.driver is not None:
        return stage.driver(tmp, run)
    partitions = _partitions(run.inputs["documents"])
    tasks = [_task(p, tmp, run.inputs) for p in partitions]
    bar = _Progress(run.progress, stage.name, len(tasks))
    assert stage.partition is not None  # a Stage has a driver or a per-partition function
    try:
        results = run.engine.map_partitions(stage.partition, tasks, progress=bar, **stage.settings_of(run.resolved))
    finally:
        bar.close()
    tables: dict[str, list] = {}
    for result in results:
        for table, part in result["parts"].items():
            tables.setdefault(table, []).append(part)
    summary: dict[str, Any] = {"n_partitions": len(tasks)}
    if stage.reduce is not None:
        reduced, more = stage.reduce(tmp, results, run)
        for table, parts in reduced.items():
            tables.setdefault(table, []).extend(parts)
        summary.update(more)
    for folder in sorted(p for p in tmp.iterdir() if p.is_dir() and p.name.startswith("_")):  # partial tables
        for path in folder.glob("*"):
            path.unlink()
        folder.rmdir()
        tables.pop(folder.name, None)
    return tables, summary


def table_bytes(entry: Entry, table: str) -> bytes:
    """The whole table as one deterministic Parquet file (to compare entries built with other partitions)."""
    from analysis.runner.store import parquet_bytes

    import pyarrow as pa

    return parquet_bytes(pa.concat_tables(list(entry.iter_arrow(table))))


__all__ = ["STAGES", "Stage", "StageRun", "stage_code", "registry_settings", "with_upstream", "settings_read", "build", "build_all", "stage_keys", "code_version", "corpus_fingerprint", "table_bytes",
           "StageKey", "text_partition", "counts_partition", "framing_partition", "frames_partition",
           "tone_partition", "canonical_json"]
