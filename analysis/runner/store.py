"""The stage store: each stage's tables as Parquet, under a key, written atomically.

Layout (``root`` defaults to ``data/interim/store``)::

    <root>/<stage>/<key>/_COMPLETE.json
    <root>/<stage>/<key>/<table>/part-00000.parquet
    <root>/<stage>/<key>/<table>/part-00001.parquet ...

A stage may hold several tables (``text`` holds ``sentences``, ``tokens``,
``boilerplate`` and ``body``); each table is a folder of part files, one per
partition of documents, in corpus order. The key is the SHA-256 of the
canonical JSON of the stage name, the code version, the input fingerprints and
the settings (:func:`make_key`).

An entry is built in ``<root>/<stage>/.<key>.tmp-<pid>-<random>`` and renamed
into place only after ``_COMPLETE.json`` (stage, key, inputs, and each part's
size, rows and SHA-256) has been written into it, all under a lock file
``<root>/<stage>/.<key>.lock``. A reader trusts an entry only when its marker
is valid and every part file has the recorded size and hash; anything else
(no marker, a truncated part, a leftover temporary folder) is removed and
rebuilt. Nothing is pickled: tables are Parquet, metadata JSON.

Parquet bytes are deterministic: pinned pyarrow, ``index=False``, a fixed row
group size and compression, and no time stamps (see :func:`write_parquet`).

Examples:
    >>> import tempfile, pandas as pd
    >>> store = Store(tempfile.mkdtemp())
    >>> key = make_key({"stage": "demo", "settings": {"x": 1}})
    >>> def build(tmp):
    ...     return {"t": [write_parquet(pd.DataFrame({"norm": ["a", "b"], "n": [1, 2]}), tmp / "t" / part_name(0))]}
    >>> entry = store.ensure("demo", key, build, inputs={"x": 1})
    >>> store.read("demo", key, "t", filters=[("norm", "in", ["b"])]).to_dict("records")
    [{'norm': 'b', 'n': 2}]
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from analysis import config
from analysis.exceptions import AnalysisError
from analysis.outputs import file_sha256

#: Intermediate data (cookiecutter-data-science's ``data/interim``).
DATA_INTERIM_DIR: Path = config.PROJECT_ROOT / "data" / "interim"
#: The default stage store: ``data/interim/store`` in a checkout, the user cache when installed (see config).
DEFAULT_STORE_DIR: Path = config.STORE_DIR
#: Name of the marker that makes an entry complete.
MARKER = "_COMPLETE.json"
#: Version of the entry layout; part of every marker.
STORE_FORMAT = 1
#: Rows per Parquet row group (fixed, so bytes do not depend on anything else).
ROW_GROUP_SIZE = 65_536
#: Parquet compression (fixed).
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3


class StoreError(AnalysisError, RuntimeError):
    """A store entry is missing, or a table is not in it."""


class StoreLockedError(StoreError):
    """Another run held a store entry's lock for longer than the run would wait (``--lock-timeout``)."""


#: Seconds a run waits for another run's lock on a store entry before it gives up (``--lock-timeout``).
DEFAULT_LOCK_TIMEOUT = 60.0


def check_store_folder(root: Path, *, shown: str | None = None) -> None:
    """Refuse, before any work starts, a store folder that cannot be written.

    Raises:
        StoreError: ``root`` is a file, or it (or the folder it would be created in) is not writable.
    """
    name = shown or str(root)
    hint = "give --store a folder you can write to"
    if root.exists() or root.is_symlink():
        if not root.is_dir():
            raise StoreError(f"{name}: the stage store exists and is not a folder. What to do: {hint}")
        if not os.access(root, os.W_OK | os.X_OK):
            raise StoreError(f"{name}: the stage store folder is not writable. What to do: {hint}")
        return
    ancestor = root.parent
    while not (ancestor.exists() or ancestor.is_symlink()):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise StoreError(f"{name}: cannot create the stage store: {ancestor} is not a folder. What to do: {hint}")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise StoreError(f"{name}: cannot create the stage store in {ancestor} (not writable). What to do: {hint}")


def lock_holder(lock_file: Path) -> str:
    """Who holds a store lock, from the note beside it: ``PID n on host h since T``, or ``an unknown run``."""
    try:
        note = json.loads(Path(str(lock_file) + ".holder").read_text(encoding="utf-8"))
        return f"PID {int(note['pid'])} on host {note['host']} since {note['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "an unknown run"


class EntryLock:
    """The lock of one store entry: wait for another run at most ``timeout`` seconds, saying who it is.

    The lock itself is :class:`filelock.FileLock` (released by the system when
    a run dies, however it dies). Its holder writes a note beside it (PID,
    host, since when) so that a waiting run can name it; the note goes before
    the lock is released.
    """

    def __init__(self, path: Path, *, timeout: float, stage: str, say: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.timeout = timeout
        self.stage = stage
        self.say = say or (lambda message: print(message, file=sys.stderr, flush=True))
        self._lock = FileLock(str(path))

    def __enter__(self) -> "EntryLock":
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            wait = "as long as it takes" if self.timeout < 0 else f"up to {self.timeout:g} s"
            self.say(f"stage {self.stage}: waiting {wait} for another run ({lock_holder(self.path)}) "
                     f"that is building the same entry of the store (lock {self.path})")
            try:
                self._lock.acquire(timeout=self.timeout)
            except Timeout:
                raise StoreLockedError(
                    f"stage {self.stage}: another run ({lock_holder(self.path)}) still holds the store lock "
                    f"{self.path} after {self.timeout:g} s. What to do: wait for it to finish, or stop it "
                    "(a stopped run keeps its lock), or give a longer --lock-timeout"
                ) from None
        note = {"pid": os.getpid(), "host": socket.gethostname(),
                "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        try:
            Path(str(self.path) + ".holder").write_text(json.dumps(note) + "\n", encoding="utf-8")
        except OSError:
            pass  # the note only helps a waiting run name the holder
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            Path(str(self.path) + ".holder").unlink(missing_ok=True)
        finally:
            self._lock.release()


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys and no spaces: equal values give equal bytes.

    Examples:
        >>> canonical_json({"b": [1, 2], "a": None})
        b'{"a":null,"b":[1,2]}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def make_key(parts: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a stage's key parts.

    Examples:
        >>> make_key({"stage": "text", "settings": {"clean": True}}) == make_key({"settings": {"clean": True}, "stage": "text"})
        True
    """
    return hashlib.sha256(canonical_json(dict(parts))).hexdigest()


def part_name(index: int) -> str:
    """File name of part ``index``.

    Examples:
        >>> part_name(3)
        'part-00003.parquet'
    """
    return f"part-{index:05d}.parquet"


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """Convert a pandas table without its index (pandas dtypes are kept in the schema)."""
    return pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)


def parquet_bytes(table: pa.Table | pd.DataFrame) -> bytes:
    """The deterministic Parquet serialization of a table (see :func:`write_parquet`)."""
    if isinstance(table, pd.DataFrame):
        table = to_arrow(table)
    sink = pa.BufferOutputStream()
    pq.write_table(
        table, sink, row_group_size=ROW_GROUP_SIZE, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL,
        use_dictionary=True, write_statistics=True, version="2.6", data_page_version="1.0", store_schema=True,
    )
    return sink.getvalue().to_pybytes()


def _writer_options() -> dict[str, Any]:
    return dict(compression=COMPRESSION, compression_level=COMPRESSION_LEVEL, use_dictionary=True,
                write_statistics=True, version="2.6", data_page_version="1.0", store_schema=True)


def write_parquet_stream(tables: Iterable[pa.Table], path: str | Path) -> Path:
    """Write a sequence of Arrow tables (the parts of one table) as one Parquet file, atomically.

    Rows are regrouped into row groups of exactly :data:`ROW_GROUP_SIZE`, so the
    bytes equal :func:`parquet_bytes` of the concatenated table whatever the
    parts' sizes (the partitioning), while only one row group is held at a time.

    Examples:
        >>> import tempfile, pathlib, pyarrow as pa
        >>> parts = [pa.table({"n": [1, 2]}), pa.table({"n": [3]})]
        >>> path = write_parquet_stream(iter(parts), pathlib.Path(tempfile.mkdtemp()) / "t.parquet")
        >>> path.read_bytes() == parquet_bytes(pa.concat_tables(parts))
        True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    writer = None
    pending: list[pa.Table] = []
    rows = 0
    try:
        for table in tables:
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, **_writer_options())
            pending.append(table)
            rows += table.num_rows
            while rows >= ROW_GROUP_SIZE:
                combined = pa.concat_tables(pending)
                writer.write_table(combined.slice(0, ROW_GROUP_SIZE), row_group_size=ROW_GROUP_SIZE)
                rest = combined.slice(ROW_GROUP_SIZE)
                pending, rows = [rest], rest.num_rows
        if writer is None:
            raise StoreError(f"{target.name}: no parts to write")
        if rows:
            writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_SIZE)
        writer.close()
        writer = None
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if writer is not None:
            writer.close()
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_parquet(frame: pd.DataFrame | pa.Table, path: str | Path) -> dict[str, Any]:
    """Write one part file deterministically and describe it.

    Same frame, same bytes: pyarrow is pinned, the index is dropped, the row
    group size and compression are fixed and Parquet records no time.

    Returns:
        ``{"file": name relative to the entry, "bytes", "rows", "sha256"}``; the
        file name is ``<table folder>/<part file>``.
    """
    path = Path(path)
    data = parquet_bytes(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    rows = frame.num_rows if isinstance(frame, pa.Table) else len(frame)
    return {"file": f"{path.parent.name}/{path.name}", "bytes": len(data), "rows": int(rows),
            "sha256": hashlib.sha256(data).hexdigest()}


def _filter_expression(filters: Any):
    if filters is None:
        return None
    if isinstance(filters, (list, tuple)) and filters and isinstance(filters[0], tuple) and isinstance(filters[0][0], str):
        filters = [list(filters)]
    if isinstance(filters, list):
        return pq.filters_to_expression(filters)
    return filters  # already a pyarrow.compute.Expression


@dataclass(frozen=True)
class Entry:
    """A complete store entry.

    Attributes:
        stage: The stage name.
        key: The entry key.
        path: Its folder.
        marker: The parsed ``_COMPLETE.json``.
    """

    stage: str
    key: str
    path: Path
    marker: dict

    @property
    def tables(self) -> list[str]:
        """Table names, in the order they were written."""
        return list(self.marker["tables"])

    @property
    def inputs(self) -> dict:
        """The key's inputs as recorded."""
        return self.marker["inputs"]

    @property
    def summary(self) -> dict:
        """Small results the stage recorded besides its tables."""
        return self.marker.get("summary", {})

    def parts(self, table: str) -> list[Path]:
        """The part files of a table, in order."""
        if table not in self.marker["tables"]:
            raise StoreError(f"stage {self.stage!r} has no table {table!r}; it has: {', '.join(self.tables)}")
        return [self.path / p["file"] for p in self.marker["tables"][table]["parts"]]

    def rows(self, table: str) -> int:
        """Number of rows of a table."""
        return sum(p["rows"] for p in self.marker["tables"][table]["parts"])

    def read(self, table: str, columns: Sequence[str] | None = None, filters: Any = None) -> pd.DataFrame:
        """Read a table (or the rows and columns asked for) into pandas, in stored order."""
        pieces = [t for t in self.iter_arrow(table, columns=columns, filters=filters)]
        if not pieces:
            raise StoreError(f"table {table!r} of stage {self.stage!r} has no parts")
        return pa.concat_tables(pieces).to_pandas()

    def iter_arrow(self, table: str, columns: Sequence[str] | None = None, filters: Any = None) -> Iterator[pa.Table]:
        """Stream a table part by part as Arrow tables."""
        import pyarrow.dataset as ds

        expression = _filter_expression(filters)
        for part in self.parts(table):
            dataset = ds.dataset(part, format="parquet")
            yield dataset.to_table(columns=list(columns) if columns is not None else None, filter=expression)

    def iter_parts(self, table: str, columns: Sequence[str] | None = None, filters: Any = None) -> Iterator[pd.DataFrame]:
        """Stream a table part by part as pandas frames."""
        for piece in self.iter_arrow(table, columns=columns, filters=filters):
            yield piece.to_pandas()


class Store:
    """A stage store rooted at a folder.

    Args:
        root: The store folder; default ``data/interim/store``.
        lock_timeout: Seconds to wait for another run building the same entry
            (``-1``: wait as long as it takes); while it waits, the run says who
            holds the lock (PID, host, since when).
    """

    def __init__(self, root: str | Path = DEFAULT_STORE_DIR, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # ------------------------------------------------------------ locations
    def entry_dir(self, stage: str, key: str) -> Path:
        """Where an entry lives (whether or not it exists)."""
        return self.root / stage / key

    def lock(self, stage: str, key: str) -> EntryLock:
        """The lock of one entry (held while it is built)."""
        folder = self.root / stage
        folder.mkdir(parents=True, exist_ok=True)
        return EntryLock(folder / f".{key}.lock", timeout=self.lock_timeout, stage=stage)

    def temp_dir(self, stage: str, key: str) -> Path:
        """A new temporary folder for building an entry (renamed into place when complete)."""
        folder = self.root / stage / f".{key}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir(parents=True)
        return folder

    # ---------------------------------------------------------- validation
    def _marker(self, folder: Path, stage: str, key: str) -> dict | None:
        try:
            marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(marker, dict) or marker.get("format") != STORE_FORMAT:
            return None
        if marker.get("stage") != stage or marker.get("key") != key or not isinstance(marker.get("tables"), dict):
            return None
        return marker

    def _verify(self, folder: Path, marker: dict) -> bool:
        for table in marker["tables"].values():
            for part in table.get("parts", []):
                path = folder / part["file"]
                try:
                    if path.stat().st_size != part["bytes"] or file_sha256(path) != part["sha256"]:
                        return False
                except (OSError, KeyError, TypeError):
                    return False
        return True

    def get(self, stage: str, key: str) -> Entry | None:
        """The entry if it is complete and intact, else ``None`` (nothing is trusted unchecked)."""
        folder = self.entry_dir(stage, key)
        if not folder.is_dir():
            return None
        marker = self._marker(folder, stage, key)
        if marker is None or not self._verify(folder, marker):
            return None
        return Entry(stage=stage, key=key, path=folder, marker=marker)

    def entry(self, stage: str, key: str) -> Entry:
        """The entry, or :class:`StoreError` when it is missing or corrupt."""
        found = self.get(stage, key)
        if found is None:
            raise StoreError(f"no complete store entry {stage}/{key} in {self.root}")
        return found

    def _clear(self, stage: str, key: str) -> list[Path]:
        """Remove a corrupt entry and stale temporary folders of ``key`` (call under the lock)."""
        removed = []
        folder = self.entry_dir(stage, key)
        if folder.exists():
            shutil.rmtree(folder)
            removed.append(folder)
        for tmp in (self.root / stage).glob(f".{key}.tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True)
            removed.append(tmp)
        return removed

    # ------------------------------------------------------------- writing
    def ensure(
        self,
        stage: str,
        key: str,
        build: Callable[[Path], Mapping[str, Sequence[Mapping[str, Any]]] | tuple],
        *,
        inputs: Mapping[str, Any],
    ) -> Entry:
        """Return the entry for ``key``, building it first if it is missing or corrupt.

        ``build(tmp)`` writes the part files into the temporary folder ``tmp``
        (``tmp/<table>/part-NNNNN.parquet``, e.g. with :func:`write_parquet`)
        and returns ``{table: [part descriptions]}``, or a pair of that and a
        small JSON-able summary. The entry is published by renaming ``tmp``
        only when the build returned; on any error ``tmp`` is removed and no
        entry appears. Another run that holds the lock is waited for; when it
        has finished, its entry is used.
        """
        found = self.get(stage, key)
        if found is not None:
            return found
        with self.lock(stage, key):
            found = self.get(stage, key)
            if found is not None:
                return found
            self._clear(stage, key)
            tmp = self.temp_dir(stage, key)
            try:
                result = build(tmp)
                tables, summary = result if isinstance(result, tuple) else (result, {})
                marker = {
                    "format": STORE_FORMAT, "stage": stage, "key": key, "inputs": dict(inputs),
                    "tables": {name: {"rows": sum(p["rows"] for p in parts), "parts": [dict(p) for p in parts]}
                               for name, parts in tables.items()},
                    "summary": summary,
                }
                if not self._verify(tmp, marker):
                    raise StoreError(f"stage {stage!r}: a part file does not match what its writer reported")
                data = json.dumps(marker, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")
                with open(tmp / MARKER, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.rename(tmp, self.entry_dir(stage, key))
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        return self.entry(stage, key)

    # ------------------------------------------------------------- reading
    def read(
        self, stage: str, key: str, table: str | None = None, columns: Sequence[str] | None = None,
        filters: Any = None,
    ) -> pd.DataFrame:
        """Read a stored table, or only some columns and rows of it.

        ``filters`` are pyarrow/pandas DNF tuples such as ``[("norm", "in", terms)]``
        (or a ``pyarrow.compute`` expression); only matching rows are materialised.
        ``table`` may be left out when the stage holds one table.
        """
        entry = self.entry(stage, key)
        return entry.read(self._table(entry, table), columns=columns, filters=filters)

    def iter_parts(
        self, stage: str, key: str, table: str | None = None, columns: Sequence[str] | None = None,
        filters: Any = None,
    ) -> Iterator[pd.DataFrame]:
        """Stream a stored table part by part (bounded memory)."""
        entry = self.entry(stage, key)
        yield from entry.iter_parts(self._table(entry, table), columns=columns, filters=filters)

    @staticmethod
    def _table(entry: Entry, table: str | None) -> str:
        if table is not None:
            return table
        if len(entry.tables) != 1:
            raise StoreError(f"stage {entry.stage!r} holds several tables; name one of: {', '.join(entry.tables)}")
        return entry.tables[0]
