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
# the sibling folders: staging and backup, marked as the project's own
# --------------------------------------------------------------------------- #
#: The file that marks a sibling folder (``.NAME.partial``, ``.NAME.previous``) as made by this project.
SIBLING_MARKER = ".news-framing-sibling"
#: Test-only: the name of a publishing step after which the process SIGKILLs itself (see :func:`fault_point`).
FAULT_ENV = "NEWS_FRAMING_FAULT_AFTER"


def fault_point(name: str) -> None:
    """Kill this process (SIGKILL) if the test-only environment variable names this step.

    The end-to-end test of publishing kills a subprocess after every rename and
    checks that the next run recovers; outside tests the variable is unset.
    """
    if os.environ.get(FAULT_ENV) == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _make_sibling(folder: Path, *, kind: str, out: Path) -> Path:
    """Create ``folder`` with the marker that makes it the project's own (a kill in between leaves it empty)."""
    folder.mkdir(parents=True)
    text = json.dumps({"owner": "news-framing", "kind": kind, "for": out.name}) + "\n"
    (folder / SIBLING_MARKER).write_text(text, encoding="utf-8")
    return folder


def _is_ours(folder: Path) -> bool:
    try:
        data = json.loads((folder / SIBLING_MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("owner") == "news-framing"


def check_sibling(folder: Path) -> None:
    """Refuse a reserved sibling folder that this project did not make.

    An absent or empty folder, or one carrying :data:`SIBLING_MARKER`, is the
    project's; anything else (a user's own ``.NAME.previous``) is never removed.

    Raises:
        OutputFolderError: ``folder`` is a file, a link, or a folder of someone else's files.
    """
    if not (folder.exists() or folder.is_symlink()):
        return
    hint = f"{folder.name} is reserved for publishing the report; move it elsewhere, then run again"
    if folder.is_symlink() or not folder.is_dir():
        raise OutputFolderError("this name is reserved for the report's own folder, but it is not one",
                                path=folder, hint=hint)
    entries = sorted(p.name for p in folder.iterdir())
    if entries and not _is_ours(folder):
        raise OutputFolderError(
            f"the folder was not made by this project and holds files ({_listing(entries)})", path=folder, hint=hint,
        )


def discard_sibling(folder: Path) -> None:
    """Remove a staging or backup folder that the project made; refuse any other (:func:`check_sibling`).

    The marker goes last, so a kill half-way leaves a folder that is still recognised as the project's.
    """
    check_sibling(folder)
    if not folder.exists():
        return
    for entry in folder.iterdir():
        if entry.name != SIBLING_MARKER:
            _remove(entry)
    (folder / SIBLING_MARKER).unlink(missing_ok=True)
    folder.rmdir()


def make_staging(out: Path) -> Path:
    """Create the (marked) staging folder of ``out``, replacing a stale one the project made."""
    staging = staging_path(out)
    discard_sibling(staging)
    return _make_sibling(staging, kind="staging", out=out)


# --------------------------------------------------------------------------- #
# swap in, roll back, recover
# --------------------------------------------------------------------------- #
def _order() -> list[str]:
    """Publishing order of the entries: the marker leaves first and arrives last."""
    return [MARKER] + [n for n in REPORT_ENTRIES if n != MARKER]


def _present(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def recover(out: Path) -> None:
    """Finish or undo a publish that a crash interrupted; remove stale staging. Call with the lock held.

    * ``out`` holds a complete report: the publish had finished; the backup goes.
    * The staging folder holds a complete report (its marker is still there): the
      publish is finished, moving the rest of the old report aside and the rest
      of the new one in.
    * Otherwise the old report is put back from the backup.

    Only sibling folders that the project marked as its own are touched.

    Raises:
        OutputFolderError: A sibling folder is not the project's, or the old
            report in the backup holds files it did not write.
    """
    backup, staging = backup_path(out), staging_path(out)
    check_sibling(backup)
    check_sibling(staging)
    if backup.exists():
        if _complete(out):
            pass
        elif _is_ours(staging) and read_marker(staging) is not None:
            _roll_forward(staging, out, backup)
        else:
            _roll_back(backup, out)
        _check_backup(backup)
        discard_sibling(backup)
    discard_sibling(staging)


def _roll_forward(staging: Path, out: Path, backup: Path) -> None:
    marker = read_marker(staging) or {}
    listed = marker.get("outputs")
    new_entries = {MARKER} | ({str(p).split("/")[0] for p in listed} if isinstance(listed, list) else set(REPORT_ENTRIES))
    out.mkdir(parents=True, exist_ok=True)
    for name in _order():
        if _present(out / name) and (name not in new_entries or _present(staging / name)):
            if _present(backup / name):  # never happens in a publish; refuse rather than guess
                raise OutputFolderError(f"both the report and its backup {backup.name} hold {name}", path=out,
                                        hint=f"compare them, keep one, and move {backup.name} elsewhere")
            os.replace(out / name, backup / name)
    for name in reversed(_order()):
        if _present(staging / name):
            os.replace(staging / name, out / name)


def _roll_back(backup: Path, out: Path) -> None:
    if read_marker(backup) is None:
        # the marker leaves first: a backup without one means `out` held no report, so report
        # entries in `out` are the new report's, placed before the crash, and the staging with the
        # rest is gone; `out` goes back to having none
        for name in REPORT_ENTRIES:
            if _present(out / name):
                _remove(out / name)
    out.mkdir(parents=True, exist_ok=True)
    for name in reversed(_order()):  # the marker comes back last: until then the backup still says what it is
        if _present(backup / name):
            _remove(out / name)
            os.replace(backup / name, out / name)


def _check_backup(backup: Path) -> None:
    """Refuse to delete a backup holding files its report did not write."""
    entries = [p.name for p in backup.iterdir() if p.name != SIBLING_MARKER]
    if not entries:
        return
    marker = read_marker(backup)
    strangers = [e for e in entries if e not in REPORT_ENTRIES]
    if marker is None:
        strangers = sorted(entries)
    else:
        strangers += _foreign_files(backup, marker)
    if strangers:
        raise OutputFolderError(
            f"the previous report kept here holds files it did not write ({_listing(sorted(strangers))})",
            path=backup, hint="move those files elsewhere, then run again",
        )


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


def publish_fault_points() -> list[str]:
    """The names of the steps of :func:`publish`, in order, for :data:`FAULT_ENV`."""
    return (["out-created", "backup-created"] + [f"moved-away:{n}" for n in _order()]
            + [f"placed:{n}" for n in reversed(_order())] + ["backup-removed", "staging-removed"])


def publish(staging: Path, out: Path) -> None:
    """Move the staged report into ``out``; on any failure, put the previous report back.

    The marker leaves first and arrives last, so ``out`` is a complete report
    at every moment it carries a marker. Entries that are not the runner's
    (the project's ``reports/README.md``) are never touched. A crash at any
    step is finished or undone by :func:`recover`.
    """
    backup = backup_path(out)
    discard_sibling(backup)
    out.mkdir(parents=True, exist_ok=True)
    fault_point("out-created")
    _make_sibling(backup, kind="backup", out=out)
    fault_point("backup-created")
    moved_away: list[str] = []
    placed: list[str] = []
    try:
        for name in _order():
            if _present(out / name):
                os.replace(out / name, backup / name)
                moved_away.append(name)
                fault_point(f"moved-away:{name}")
        for name in reversed(_order()):
            if _present(staging / name):
                os.replace(staging / name, out / name)
                placed.append(name)
                fault_point(f"placed:{name}")
    except BaseException:
        for name in reversed(placed):
            if _present(out / name):
                os.replace(out / name, staging / name)
        for name in reversed(moved_away):
            os.replace(backup / name, out / name)
        discard_sibling(backup)  # only its marker is left; if a step above failed, the backup stays for recover()
        raise
    discard_sibling(backup)
    fault_point("backup-removed")
    discard_sibling(staging)
    fault_point("staging-removed")


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
