"""Publish a report without ever destroying data.

The report runner builds a report in a staging folder beside its target and
calls :func:`publish` only when every notebook has succeeded. This module
holds the rules that keep a user's files safe:

* :func:`check_out_folder` refuses, before any work starts, a target that is
  a file, is not writable, is (or holds, or lies inside) the corpus, ``data/raw``
  or the project itself, or is a folder that holds anything but a previous
  report. A report folder is recognised by its ``provenance.json``, which
  lists every file the report published (:func:`report_outputs`).
* :func:`report_lock` allows one run per target at a time; a second run fails
  at once with a one-line message naming the holder's PID.
* :func:`publish` swaps the new report in entry by entry, keeping the previous
  one in a sibling backup folder until the new one is complete, and restores
  it if any step fails. :func:`recover` finishes or undoes a publish that a
  crash interrupted, so a retry never deletes the last good report.

Examples:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "mine").mkdir(); _ = (root / "mine" / "thesis.csv").write_text("x")
    >>> check_out_folder(root / "mine", corpus=root / "corpus")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.exceptions.OutputFolderError: .../mine: the folder holds files that are not a report of this project (thesis.csv)...
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from analysis import config
from analysis.exceptions import OutputFolderError, ReportLockedError

#: Entries of a report folder that the runner owns and replaces.
REPORT_ENTRIES: tuple[str, ...] = ("index.html", "provenance.json", "notebooks", "tables", "figures")
#: The marker file of a report folder, written last when publishing.
MARKER = "provenance.json"
#: The value of ``report_format`` in the marker's JSON.
REPORT_FORMAT = "news-framing-report/1"
#: Entries the project keeps in its own ``reports/`` folder beside the report.
PROJECT_REPORTS_FURNITURE: tuple[str, ...] = ("README.md", ".gitignore", "expected.sha256", "browser-test")


# --------------------------------------------------------------------------- #
# sibling paths
# --------------------------------------------------------------------------- #
def staging_path(out: Path) -> Path:
    """The folder a report is built in before it is published."""
    return out.parent / f".{out.name}.partial"


def backup_path(out: Path) -> Path:
    """The folder the previous report waits in while the new one is published."""
    return out.parent / f".{out.name}.previous"


def lock_path(out: Path) -> Path:
    """The lock file of a report folder (beside it, never inside it)."""
    return out.parent / f".{out.name}.lock"


# --------------------------------------------------------------------------- #
# what a report folder is
# --------------------------------------------------------------------------- #
def read_marker(folder: Path) -> dict | None:
    """Return the marker of a report folder, or None if it is not one.

    A folder is a report when its ``provenance.json`` is JSON written by this
    project: ``report_format`` of this version, or (reports written before
    the format was named) ``analysis_version`` and ``input_sha256``.
    """
    marker = folder / MARKER
    if not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    if data.get("report_format") == REPORT_FORMAT or {"analysis_version", "input_sha256"} <= set(data):
        return data
    return None


def report_outputs(folder: Path) -> list[str]:
    """List every file below the runner's entries of ``folder``, relative and sorted.

    Written into ``provenance.json`` as ``outputs``, so that a later run can
    tell the report's own files from files a user put beside them.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> (d / "tables").mkdir(); _ = (d / "tables" / "a.csv").write_text("x")
        >>> _ = (d / "index.html").write_text("x"); _ = (d / "notes.txt").write_text("x")
        >>> report_outputs(d)
        ['index.html', 'tables/a.csv']
    """
    found: list[str] = []
    for name in REPORT_ENTRIES:
        entry = folder / name
        if entry.is_file() and name != MARKER:
            found.append(name)
        elif entry.is_dir():
            found.extend(p.relative_to(folder).as_posix() for p in entry.rglob("*") if not p.is_dir())
    return sorted(found)


def _foreign_files(folder: Path, marker: dict) -> list[str]:
    """Files below the runner's entries that the previous report did not publish."""
    listed = marker.get("outputs")
    present = report_outputs(folder)
    if isinstance(listed, list):
        known = set(map(str, listed))
        return [p for p in present if p not in known]
    # a report written before outputs were listed: its notebooks folder holds only the report's notebooks
    stems = {Path(name).stem for name in config.REPORT_NOTEBOOKS}
    return [
        p for p in present
        if p.startswith("notebooks/") and not (Path(p).stem in stems and Path(p).suffix in (".ipynb", ".html"))
    ]


# --------------------------------------------------------------------------- #
# checks before any work starts
# --------------------------------------------------------------------------- #
def _within(path: Path, other: Path) -> bool:
    return path == other or path.is_relative_to(other)


def check_out_folder(out: Path, *, corpus: Path, shown: str | None = None) -> None:
    """Refuse a report folder that could lose data, before any work starts.

    Args:
        out: The report folder (need not exist).
        corpus: The corpus folder or file of the run.
        shown: How to name the folder in messages (default: the path).

    Raises:
        OutputFolderError: ``out`` is a file; is not writable; is, holds or
            lies inside the corpus, ``data/raw`` or the project; or is a
            folder holding anything other than a previous report.
    """
    name = shown or str(out)
    target = out.resolve()
    corpus_resolved = corpus.resolve()
    project = config.PROJECT_ROOT.resolve()
    raw = config.DATA_RAW_DIR.resolve()
    hint = "choose a new or empty folder, or the folder of a previous report"
    if _within(project, target):
        raise OutputFolderError("the report folder would hold the project itself", path=name, hint=hint)
    for what, protected in (("the corpus", corpus_resolved), ("data/raw", raw)):
        if _within(protected, target):
            raise OutputFolderError(f"the report folder would hold {what}", path=name, hint=hint)
        if protected.is_dir() and _within(target, protected):
            raise OutputFolderError(f"the report folder lies inside {what}, which is never written", path=name, hint=hint)
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise OutputFolderError("it exists and is not a folder", path=name, hint="give a folder path for --out")
        _check_contents(out, name=name, hint=hint)
        if not os.access(out, os.W_OK | os.X_OK):
            raise OutputFolderError("the folder is not writable", path=name, hint="fix its permissions or choose another")
    ancestor = out.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputFolderError(f"{ancestor} is not a folder", path=name, hint="give a folder path for --out")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputFolderError(
            f"cannot create files in {ancestor} (the report is built beside its folder, then moved in)",
            path=name, hint="choose a folder whose parent you can write to",
        )


def _check_contents(out: Path, *, name: str, hint: str) -> None:
    furniture = set(PROJECT_REPORTS_FURNITURE) if out.resolve() == config.REPORTS_DIR.resolve() else set()
    entries = sorted(p.name for p in out.iterdir())
    others = [e for e in entries if e not in furniture]
    if not others:
        return
    marker = read_marker(out)
    if marker is None:
        raise OutputFolderError(
            f"the folder holds files that are not a report of this project ({_listing(others)})",
            path=name, hint=hint,
        )
    strangers = [e for e in others if e not in REPORT_ENTRIES]
    strangers += _foreign_files(out, marker)
    if strangers:
        raise OutputFolderError(
            f"the folder holds a previous report and files it did not write ({_listing(strangers)}); "
            "they would be lost when the report is replaced",
            path=name, hint="move those files elsewhere, or choose another folder",
        )


def _listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# --------------------------------------------------------------------------- #
# one run per folder
# --------------------------------------------------------------------------- #
@contextmanager
def report_lock(out: Path, *, shown: str | None = None) -> Iterator[None]:
    """Hold the lock of a report folder for the duration of a run.

    The lock is ``fcntl.flock`` on a file beside the folder, released by the
    kernel when the process ends, however it ends. A second run fails at once.

    Raises:
        ReportLockedError: Another process holds the lock.
    """
    import fcntl

    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise ReportLockedError(
                f"{shown or out}: another report run (PID {holder}) is writing this folder; "
                "wait for it to finish, or choose another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- #
# swap in, roll back, recover
# --------------------------------------------------------------------------- #
def recover(out: Path) -> None:
    """Finish or undo a publish that a crash interrupted; remove stale staging.

    Call with the folder's lock held. If the backup of a previous report
    exists and ``out`` holds no complete report, the previous report is put
    back; if ``out`` is complete, the backup is an older report and goes.
    """
    backup = backup_path(out)
    if backup.exists():
        if _complete(out):
            shutil.rmtree(backup)
        else:
            out.mkdir(parents=True, exist_ok=True)
            for name in REPORT_ENTRIES:
                if (backup / name).exists():
                    _remove(out / name)
                    os.replace(backup / name, out / name)
            shutil.rmtree(backup)
    staging = staging_path(out)
    if staging.exists():
        shutil.rmtree(staging)


def _complete(out: Path) -> bool:
    marker = read_marker(out)
    if marker is None:
        return False
    listed = marker.get("outputs")
    return not isinstance(listed, list) or all((out / str(p)).exists() for p in listed)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def publish(staging: Path, out: Path) -> None:
    """Move the staged report into ``out``; on any failure, put the previous report back.

    The marker leaves first and arrives last, so ``out`` is a complete report
    at every moment it carries a marker. Entries that are not the runner's
    (the project's ``reports/README.md``) are never touched.
    """
    backup = backup_path(out)
    out.mkdir(parents=True, exist_ok=True)
    backup.mkdir()
    order = [MARKER] + [n for n in REPORT_ENTRIES if n != MARKER]
    moved_away: list[str] = []
    placed: list[str] = []
    try:
        for name in order:
            if (out / name).exists() or (out / name).is_symlink():
                os.replace(out / name, backup / name)
                moved_away.append(name)
        for name in reversed(order):
            if (staging / name).exists():
                os.replace(staging / name, out / name)
                placed.append(name)
    except BaseException:
        for name in reversed(placed):
            if (out / name).exists():
                os.replace(out / name, staging / name)
        for name in reversed(moved_away):
            os.replace(backup / name, out / name)
        backup.rmdir()  # empty now; if a step above failed, the backup stays for recover()
        raise
    shutil.rmtree(backup)
    shutil.rmtree(staging, ignore_errors=True)


# --------------------------------------------------------------------------- #
# cross-machine identity
# --------------------------------------------------------------------------- #
#: The report folders whose every file is covered by ``reports/expected.sha256``.
CHECKSUMMED_ENTRIES: tuple[str, ...] = ("tables", "figures")
#: The committed checksums of the default report.
EXPECTED_FILE = "expected.sha256"


def report_checksums(folder: Path) -> str:
    """``sha256sum``-format lines for every file under ``tables/`` and ``figures/``, sorted.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> (d / "tables").mkdir(); _ = (d / "tables" / "t.csv").write_bytes(b"abc")
        >>> print(report_checksums(d), end="")
        ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  tables/t.csv
    """
    from analysis.outputs import file_sha256

    files = sorted(
        p.relative_to(folder).as_posix()
        for name in CHECKSUMMED_ENTRIES if (folder / name).is_dir()
        for p in (folder / name).rglob("*") if p.is_file()
    )
    return "".join(f"{file_sha256(folder / rel)}  {rel}\n" for rel in files)


def checksum_differences(folder: Path, expected: Path) -> list[str]:
    """Compare a report with committed checksums; return one line per difference (empty: identical).

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> (d / "tables").mkdir(); _ = (d / "tables" / "t.csv").write_bytes(b"abc")
        >>> _ = (d / "expected.sha256").write_text(report_checksums(d))
        >>> checksum_differences(d, d / "expected.sha256")
        []
        >>> _ = (d / "tables" / "t.csv").write_bytes(b"abd"); _ = (d / "tables" / "new.csv").write_bytes(b"")
        >>> checksum_differences(d, d / "expected.sha256")
        ['tables/new.csv: not in expected.sha256', 'tables/t.csv: differs']
    """
    def parse(text: str) -> dict[str, str]:
        pairs = (line.split(None, 1) for line in text.splitlines() if line.strip())
        return {name.strip(): digest for digest, name in pairs}

    want = parse(expected.read_text(encoding="utf-8")) if expected.is_file() else {}
    have = parse(report_checksums(folder))
    lines = []
    for name in sorted(set(want) | set(have)):
        if name not in have:
            lines.append(f"{name}: missing from the report")
        elif name not in want:
            lines.append(f"{name}: not in {expected.name}")
        elif want[name] != have[name]:
            lines.append(f"{name}: differs")
    return lines
