"""Error types that carry the context a user needs to fix the problem.

Like papermill's ``PapermillExecutionError``, each error keeps the facts
(file, line, record, cell) as attributes as well as in its message, so that
callers and tests can inspect them.

Examples:
    >>> err = CorpusError("empty text", path="corpus.jsonl", line=3,
    ...                   hint="remove the record or give it a text")
    >>> str(err)
    'corpus.jsonl, line 3: empty text. What to do: remove the record or give it a text'
    >>> err.line
    3
"""

from __future__ import annotations

import errno
import reprlib
from pathlib import Path
from typing import Any

#: How many characters of a user's value an error message shows.
SHOWN_CHARS = 300


def shown_text(text: str, limit: int = SHOWN_CHARS) -> str:
    """A user's text as written, quoted and cut to ``limit`` characters, for an error message.

    Examples:
        >>> shown_text("[a, b]")
        "'[a, b]'"
        >>> shown_text("x" * 1000, limit=10)
        "'xxxxxxxxxx…' (1,000 characters)"
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}"[:-1] + f"…' ({len(text):,} characters)"


_BOUNDED_REPR = reprlib.Repr()
_BOUNDED_REPR.maxlevel = 3
_BOUNDED_REPR.maxlist = _BOUNDED_REPR.maxtuple = _BOUNDED_REPR.maxdict = _BOUNDED_REPR.maxset = 8
_BOUNDED_REPR.maxstring = _BOUNDED_REPR.maxother = 80
_BOUNDED_REPR.maxlong = 40


def shown_value(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``repr`` of a value for an error message, bounded however large or deeply shared the value is.

    Only the first items of each list and the first levels are formatted, so
    a value built from shared sublists is never expanded.

    Examples:
        >>> shown_value([2, 3])
        '[2, 3]'
        >>> bomb = ["war"]
        >>> for _ in range(60):  # 2**60 strings if expanded
        ...     bomb = [bomb, bomb]
        >>> shown_value(bomb)
        '[[[[...], [...]], [[...], [...]]], [[[...], [...]], [[...], [...]]]]'
        >>> len(shown_value(["x" * 1000] * 1000)) <= 301
        True
    """
    shown = _BOUNDED_REPR.repr(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


class AnalysisError(Exception):
    """Base class for every error raised by the ``analysis`` package."""


class CorpusError(AnalysisError, ValueError):
    """A corpus cannot be loaded as given.

    Args:
        problem: What is wrong, in one sentence.
        path: The file at fault.
        line: The 1-based line number in that file, when known.
        record: A record identifier (such as a ``doc_id``), when known.
        hint: What the user should do about it.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        record: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = None if path is None else str(path)
        self.line = line
        self.record = record
        self.hint = hint
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if record is not None:
            where.append(f"record {record!r}")
        message = (", ".join(where) + ": " if where else "") + problem
        if hint:
            message += f". What to do: {hint}"
        super().__init__(message)


class ManifestError(CorpusError):
    """The raw files do not match ``MANIFEST.sha256``."""


class RulesError(AnalysisError, ValueError):
    """A rules, lexicon or stopword file is malformed."""

    def __init__(self, problem: str, *, path: str | Path, entry: str | int | None = None) -> None:
        self.path = str(path)
        self.entry = entry
        where = self.path + (f", entry {entry}" if entry is not None else "")
        super().__init__(f"{where}: {problem}")


class ResourceLineError(RulesError):
    """A line of a versioned resource file (such as the first-name list) is malformed.

    Examples:
        >>> str(ResourceLineError("unknown gender 'x'", path="names.tsv", line=7, hint="use male, female or either"))
        "names.tsv, line 7: unknown gender 'x'. What to do: use male, female or either"
    """

    def __init__(self, problem: str, *, path: str | Path, line: int | None, hint: str | None = None) -> None:
        self.path = str(path)
        self.entry = line
        self.line = line
        where = self.path + (f", line {line}" if line is not None else "")
        AnalysisError.__init__(self, f"{where}: {problem}" + (f". What to do: {hint}" if hint else ""))


class AlignmentError(AnalysisError, RuntimeError):
    """A token could not be located in the raw text (a bug, never silent)."""


class ParameterError(AnalysisError, ValueError):
    """A report parameter is unknown or has the wrong form."""


class OutputFolderError(AnalysisError, ValueError):
    """The report folder (``--out``) cannot be written without risking data.

    Args:
        problem: What is wrong, in one sentence.
        path: The folder as the user named it.
        hint: What to do about it.
    """

    def __init__(self, problem: str, *, path: str | Path, hint: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        super().__init__(f"{self.path}: {problem}" + (f". What to do: {hint}" if hint else ""))


class DiskFullError(AnalysisError, OSError):
    """A write failed because the device is full (or the quota is used up); nothing was published.

    Args:
        path: The file or folder being written, as far as it is known.
        errno_: The error number (``ENOSPC`` or ``EDQUOT``).
    """

    def __init__(self, path: str | Path, errno_: int | None = None) -> None:
        self.path = str(path)
        self.errno_ = errno_
        what = "the disk quota is used up" if errno_ == getattr(errno, "EDQUOT", -1) else \
            "no space left on the device"
        AnalysisError.__init__(
            self, f"{self.path}: {what} while writing; nothing was published. What to do: free some space "
            "(or choose another --out or --store) and run again"
        )


#: Error numbers that mean "the device is full".
DISK_FULL_ERRNOS: frozenset[int] = frozenset(n for n in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if n)


def disk_full_error(err: BaseException, *, writing: str | Path) -> DiskFullError | None:
    """A :class:`DiskFullError` for an ``ENOSPC``/``EDQUOT`` :class:`OSError`, naming its file or ``writing``.

    Examples:
        >>> import errno
        >>> str(disk_full_error(OSError(errno.ENOSPC, "No space left on device"), writing="out/.r.partial"))[:59]
        'out/.r.partial: no space left on the device while writing; '
        >>> disk_full_error(OSError(errno.EACCES, "Permission denied"), writing="x") is None
        True
    """
    if isinstance(err, DiskFullError):
        return err
    if isinstance(err, OSError) and err.errno in DISK_FULL_ERRNOS:
        return DiskFullError(err.filename or writing, err.errno)
    return None


class KernelError(AnalysisError, RuntimeError):
    """The Jupyter kernel that runs a notebook could not start, or died."""


class ReportLockedError(AnalysisError, RuntimeError):
    """Another run is writing the same report folder."""


class NotebookExecutionError(AnalysisError, RuntimeError):
    """A notebook cell failed while the report was being built.

    Args:
        notebook: The notebook file name.
        cell_index: The 0-based index of the failing cell.
        ename: The exception class raised in the kernel.
        evalue: The exception message.
        source: The source of the failing cell.
    """

    def __init__(self, *, notebook: str, cell_index: int | None, ename: str, evalue: str, source: str = "") -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
        self.source = source
        first_line = source.strip().splitlines()[0] if source.strip() else ""
        super().__init__(
            f"{notebook}, cell {cell_index}: {ename}: {evalue}"
            + (f"\n  cell begins: {first_line}" if first_line else "")
        )
