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

from pathlib import Path


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
