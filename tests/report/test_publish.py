"""A report never destroys data: safe targets, rollback, recovery, one run per folder.

Each test reproduces a defect found by fault injection (issue "A report never
destroys data") through the public runner API or the command line, so that it
carries over when the runner is redesigned.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import config
from analysis.report import publish
from analysis.__main__ import main
from analysis.exceptions import CorpusError, OutputFolderError, ReportLockedError
from analysis.runner.report import plan_report

SMALL = config.TESTS_DIR / "fixtures" / "small_corpus"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _fake_report(folder: Path, label: str, *, key: str | None = None) -> Path:
    """A small report folder as the runner writes it, with a marker listing its outputs."""
    (folder / "tables").mkdir(parents=True)
    (folder / "figures").mkdir()
    (folder / "notebooks").mkdir(exist_ok=True)  # the runner made it in a staging folder
    (folder / "tables" / "terms.csv").write_text(f"term,count\n{label},1\n")
    (folder / "figures" / "top.png").write_bytes(b"\x89PNG" + label.encode())
    (folder / "notebooks" / "01_corpus.html").write_text(f"<p>{label}</p>")
    (folder / "index.html").write_text(f"<h1>{label}</h1>")
    marker = {"report_format": publish.REPORT_FORMAT, "outputs": publish.report_outputs(folder), "label": label}
    if key is not None:
        marker["report_key"] = key
    (folder / "provenance.json").write_text(json.dumps(marker))
    return folder


# --------------------------------------------------------------------------- #
# 1. a folder that is not a report is refused before any work starts
# --------------------------------------------------------------------------- #
def test_a_folder_of_user_files_is_refused_and_left_alone(tmp_path, capsys):
    out = tmp_path / "thesis"
    (out / "tables").mkdir(parents=True)
    (out / "notebooks").mkdir()
    (out / "tables" / "thesis_results.csv").write_text("mine\n")
    (out / "notebooks" / "my_analysis.ipynb").write_text("{}")
    before = _snapshot(out)
    assert main(["report", "--corpus", str(SMALL), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "not a report of this project" in err and "notebooks, tables" in err and str(out) in err
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]  # no lock, no staging


def test_a_previous_report_with_a_file_added_by_the_user_is_refused(tmp_path):
    out = _fake_report(tmp_path / "report", "old")
    (out / "tables" / "thesis_results.csv").write_text("mine\n")
    with pytest.raises(OutputFolderError, match=r"files it did not write \(tables/thesis_results.csv\)"):
        plan_report(corpus=SMALL, out=out)
    loose = _fake_report(tmp_path / "report2", "old")
    (loose / "notes.txt").write_text("mine")
    with pytest.raises(OutputFolderError, match=r"did not write \(notes.txt\)"):
        plan_report(corpus=SMALL, out=loose)


def test_an_empty_folder_a_new_folder_and_a_previous_report_are_accepted(tmp_path):
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "nested", _fake_report(tmp_path / "old", "old")):
        assert plan_report(corpus=SMALL, out=out).out == out


@pytest.mark.parametrize(
    "out, problem",
    [
        (config.PROJECT_ROOT, "would hold the project itself"),
        (config.PROJECT_ROOT.parent, "would hold the project itself"),
        (config.DATA_RAW_DIR, "would hold data/raw"),
        (config.DATA_RAW_DIR / "sub", "lies inside data/raw"),
        (SMALL, "would hold the corpus"),
        (SMALL / "report", "lies inside the corpus"),
        (SMALL.parent, "would hold the corpus"),
    ],
)
def test_the_report_may_never_touch_the_corpus_the_raw_data_or_the_project(out, problem):
    with pytest.raises(OutputFolderError, match=problem):
        plan_report(corpus=SMALL, out=out)


def test_the_out_dot_case_is_refused_from_the_command_line(capsys, monkeypatch):
    monkeypatch.chdir(config.PROJECT_ROOT)
    before = sorted(p.name for p in config.NOTEBOOKS_DIR.iterdir())
    assert main(["report", "--out", ".", "--quiet"]) == 1
    assert "would hold the project itself" in capsys.readouterr().err
    assert sorted(p.name for p in config.NOTEBOOKS_DIR.iterdir()) == before


def test_an_out_that_is_a_file_or_lies_below_a_file_is_one_clear_line(tmp_path, capsys):
    file = tmp_path / "report.txt"
    file.write_text("mine")
    assert main(["report", "--corpus", str(SMALL), "--out", str(file), "--quiet"]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err
    assert main(["report", "--corpus", str(SMALL), "--out", str(file / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "report.txt is not a folder" in err and "Traceback" not in err
    assert file.read_text() == "mine"


def test_a_missing_corpus_is_named_as_given_and_as_resolved_before_anything_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--corpus", "nowhere", "--out", "out", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"nowhere: the corpus does not exist (resolved to {tmp_path / 'nowhere'})" in err
    assert list(tmp_path.iterdir()) == []


def test_the_projects_reports_folder_keeps_its_readme(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "README.md").write_text("about reports")
    assert plan_report(corpus=SMALL, out=tmp_path / "reports").out == tmp_path / "reports"
    other = tmp_path / "other"
    other.mkdir()
    (other / "README.md").write_text("a user's readme")
    with pytest.raises(OutputFolderError, match=r"not a report of this project \(README.md\)"):
        plan_report(corpus=SMALL, out=other)


# --------------------------------------------------------------------------- #
# 2. a failed publish is rolled back; a crash is recovered; a retry keeps the last good report
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("fail_at", [1, 3, 5, 6, 8, 10])
def test_a_publish_that_fails_halfway_restores_the_previous_report(tmp_path, monkeypatch, fail_at):
    out = _fake_report(tmp_path / "report", "old")
    staging = _fake_report(publish.make_staging(out), "new")
    before = _snapshot(out)
    calls = {"n": 0}
    real_replace = os.replace

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise PermissionError(13, "Permission denied", str(src))
        return real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", flaky_replace)
    with pytest.raises(PermissionError):
        publish.publish(staging, out)
    monkeypatch.setattr(publish.os, "replace", real_replace)
    assert _snapshot(out) == before
    assert not publish.backup_path(out).exists()


def test_a_publish_that_succeeds_replaces_every_entry_and_cleans_up(tmp_path):
    out = _fake_report(tmp_path / "report", "old")
    staging = _fake_report(publish.make_staging(out), "new")
    expected = _snapshot(staging)
    del expected[publish.SIBLING_MARKER]  # the staging folder's own marker is not part of the report
    publish.publish(staging, out)
    assert _snapshot(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_recover_restores_the_previous_report_after_a_crash_mid_publish(tmp_path):
    out = _fake_report(tmp_path / "report", "old")
    before = _snapshot(out)
    backup = publish._make_sibling(publish.backup_path(out), kind="backup", out=out)
    # the crash happened after the marker, index and tables left, and the new tables arrived
    for name in ("provenance.json", "index.html", "tables"):
        os.replace(out / name, backup / name)
    (out / "tables").mkdir()
    (out / "tables" / "half.csv").write_text("new\n")
    publish.staging_path(out).mkdir()
    publish.recover(out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_recover_drops_an_old_backup_when_the_new_report_is_complete(tmp_path):
    out = _fake_report(tmp_path / "report", "new")
    _fake_report(publish._make_sibling(publish.backup_path(out), kind="backup", out=out), "old")
    publish.recover(out)
    assert json.loads((out / "provenance.json").read_text())["label"] == "new"
    assert not publish.backup_path(out).exists()


# --------------------------------------------------------------------------- #
# 2b. a kill at any step of publishing: the next run of the command line recovers, never refuses
# --------------------------------------------------------------------------- #
TINY = config.TESTS_DIR / "fixtures" / "tiny_corpus"
_KILLED_PUBLISH = (
    "import sys; from pathlib import Path; from analysis.report.publish import publish; "
    "publish(Path(sys.argv[1]), Path(sys.argv[2]))"
)


@pytest.fixture(scope="module")
def tiny_report_key(tmp_path_factory):
    """The report key of the tiny corpus with default settings: a report carrying it is up to date."""
    from analysis.runner.report import _stage_keys, report_key

    plan = plan_report(corpus=TINY, out=tmp_path_factory.mktemp("key") / "out")
    return report_key(plan, _stage_keys(plan))


def _kill_publish_after(point: str, staging: Path, out: Path) -> None:
    env = {**os.environ, publish.FAULT_ENV: point, "PYTHONPATH": str(config.PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-c", _KILLED_PUBLISH, str(staging), str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr  # SIGKILL: no cleanup ran


def _kill_points() -> list:
    """Every step of publish, replacing a report and publishing the first one (which moves nothing away)."""
    points = [pytest.param(p, False, id=f"replacing-{p}") for p in publish.publish_fault_points()]
    points += [pytest.param(p, True, id=f"first-{p}") for p in publish.publish_fault_points()
               if not p.startswith("moved-away:")]
    return points


@pytest.mark.parametrize("point, first_publish", _kill_points())
def test_a_kill_after_any_step_of_publishing_is_recovered_by_the_next_run(
    tmp_path, capsys, tiny_report_key, point, first_publish
):
    out = tmp_path / "report"
    if not first_publish:
        _fake_report(out, "old", key=tiny_report_key)
    old = _snapshot(out) if out.exists() else {}
    staging = _fake_report(publish.make_staging(out), "new", key=tiny_report_key)
    new = {k: v for k, v in _snapshot(staging).items() if k != publish.SIBLING_MARKER}
    _kill_publish_after(point, staging, out)
    if first_publish and point == "out-created":  # killed before anything moved: there is no report yet
        assert plan_report(corpus=TINY, out=out).out == out  # planning a run locks, recovers and accepts --out
        assert list(out.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]
        return
    # the next run of the command line: lock, recover, then check --out; the report is then up to date
    assert main(["report", "--corpus", str(TINY), "--out", str(out), "--store", str(tmp_path / "store")]) == 0
    err = capsys.readouterr().err
    assert f"{out} is up to date" in err and "error" not in err
    # before anything of the old report moved, it stays; from then on the publish is finished
    expected = old if point in ("out-created",) or (point == "backup-created" and not first_publish) else new
    assert _snapshot(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]


def test_a_killed_publish_is_recovered_by_a_separate_command_line_process(tmp_path, tiny_report_key):
    out = _fake_report(tmp_path / "report", "old", key=tiny_report_key)
    staging = _fake_report(publish.make_staging(out), "new", key=tiny_report_key)
    _kill_publish_after("moved-away:index.html", staging, out)
    assert read_label(out) is None  # the marker has left: before, every later run refused this folder
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--corpus", str(TINY), "--out", str(out),
         "--store", str(tmp_path / "store")],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=300, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"{out} is up to date: the corpus, settings and code are unchanged\n"
    assert read_label(out) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]


def read_label(out: Path) -> str | None:
    marker = publish.read_marker(out)
    return None if marker is None else marker["label"]


def test_recovery_undoes_a_publish_whose_staging_is_incomplete_even_on_a_first_publish(tmp_path):
    out = tmp_path / "report"
    staging = _fake_report(publish.make_staging(out), "new")
    backup = publish._make_sibling(publish.backup_path(out), kind="backup", out=out)
    out.mkdir()
    os.replace(staging / "figures", out / "figures")  # placed before a crash ...
    (staging / "provenance.json").unlink()  # ... and the staging folder no longer complete
    publish.recover(out)
    assert not out.exists() or list(out.iterdir()) == []
    assert not backup.exists() and not staging.exists()
    assert plan_report(corpus=SMALL, out=out).out == out


# --------------------------------------------------------------------------- #
# 2c. reserved sibling folders are removed only when the project marked them as its own
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("sibling", [publish.backup_path, publish.staging_path], ids=["previous", "partial"])
def test_a_users_folder_with_a_reserved_name_is_never_deleted(tmp_path, capsys, tiny_report_key, sibling):
    out = _fake_report(tmp_path / "out", "old", key=tiny_report_key)
    mine = sibling(out)
    mine.mkdir()
    (mine / "thesis.txt").write_text("x")
    # an up-to-date run, the case that deleted it before
    assert main(["report", "--corpus", str(TINY), "--out", str(out), "--store", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{mine}: the folder was not made by this project and holds files (thesis.txt)" in err
    assert (mine / "thesis.txt").read_text() == "x"
    with pytest.raises(OutputFolderError, match="not made by this project"):
        publish.recover(out)
    assert (mine / "thesis.txt").read_text() == "x"


def test_an_empty_or_marked_sibling_folder_is_removed(tmp_path):
    out = _fake_report(tmp_path / "out", "old")
    publish.backup_path(out).mkdir()  # a kill between mkdir and the marker leaves an empty folder
    _fake_report(publish.make_staging(out), "half")
    (publish.staging_path(out) / "provenance.json").unlink()
    publish.recover(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert read_label(out) == "old"


def test_a_file_with_a_reserved_name_is_refused(tmp_path):
    out = _fake_report(tmp_path / "out", "old")
    publish.staging_path(out).write_text("mine")
    with pytest.raises(OutputFolderError, match=r"\.out\.partial: this name is reserved"):
        plan_report(corpus=SMALL, out=out)
    assert publish.staging_path(out).read_text() == "mine"


def test_a_backup_holding_a_file_its_report_did_not_write_is_kept(tmp_path):
    out = _fake_report(tmp_path / "out", "new")
    backup = _fake_report(publish._make_sibling(publish.backup_path(out), kind="backup", out=out), "old")
    (backup / "tables" / "mine.csv").write_text("x")
    with pytest.raises(OutputFolderError, match=r"\.out\.previous: the previous report kept here holds files it "
                                                r"did not write \(tables/mine.csv\)"):
        publish.recover(out)
    assert (backup / "tables" / "mine.csv").read_text() == "x"


# --------------------------------------------------------------------------- #
# 2d. a full disk is one line naming the path, and nothing is published
# --------------------------------------------------------------------------- #
def test_enospc_while_a_notebook_is_written_is_one_line_and_the_old_report_stays(tmp_path, capsys, monkeypatch):
    import errno

    from analysis.runner import report as build

    out = _fake_report(tmp_path / "report", "old")
    before = _snapshot(out)

    def fill_the_disk(plan, staging, **kwargs):
        (staging / "notebooks" / "01_corpus.ipynb").write_text("{half")
        raise OSError(errno.ENOSPC, "No space left on device")  # a write() names no file

    monkeypatch.setattr(build, "build_stages", lambda plan, progress=True: None)
    monkeypatch.setattr(build, "_run_notebooks", fill_the_disk)
    assert main(["report", "--corpus", str(TINY), "--out", str(out), "--store", str(tmp_path / "store"),
                 "--force", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: {publish.staging_path(out)}: no space left on the device while writing; nothing was "
                   "published. What to do: free some space (or choose another --out or --store) and run again\n")
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]


def test_enospc_while_publishing_names_the_file_and_puts_the_old_report_back(tmp_path, capsys, monkeypatch):
    import errno

    from analysis.runner import report as build

    out = _fake_report(tmp_path / "report", "old")
    before = _snapshot(out)

    def staged(plan, staging, **kwargs):
        _fake_report(staging, "new")
        (staging / "provenance.json").unlink()  # build_report writes it
        return {}

    calls = {"n": 0}
    real_replace = os.replace

    def full_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 7:  # half-way through publishing (os.replace also writes index.html and provenance.json)
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(build, "build_stages", lambda plan, progress=True: None)
    monkeypatch.setattr(build, "_run_notebooks", staged)
    monkeypatch.setattr(build, "collect_provenance", lambda plan, executed, **kw: {"report_format": publish.REPORT_FORMAT})
    monkeypatch.setattr(publish.os, "replace", full_replace)
    assert main(["report", "--corpus", str(TINY), "--out", str(out), "--store", str(tmp_path / "store"),
                 "--force", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no space left on the device while writing; nothing was published" in err
    assert err.startswith(f"error: {tmp_path}/")  # the file the failed write named
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]


def test_enospc_while_writing_a_manifest_is_one_line(tmp_path, capsys, monkeypatch):
    import errno

    from analysis import outputs

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("peace")

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(outputs, "write_text_atomic", full)
    assert main(["manifest", str(folder)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {folder / 'MANIFEST.sha256'}: no space left on the device")
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_other_os_errors_are_not_mistaken_for_a_full_disk():
    import errno

    from analysis.exceptions import disk_full_error

    assert disk_full_error(PermissionError(errno.EACCES, "Permission denied", "x"), writing="y") is None
    assert disk_full_error(ValueError("no"), writing="y") is None
    assert disk_full_error(OSError(errno.ENOSPC, "No space", "f.csv"), writing="y").path == "f.csv"


# --------------------------------------------------------------------------- #
# 3. one run per folder
# --------------------------------------------------------------------------- #
@pytest.mark.slow
def test_a_second_run_into_the_same_folder_fails_at_once_naming_the_holder(tmp_path):
    out = tmp_path / "report"
    with publish.report_lock(out):
        with pytest.raises(ReportLockedError, match=rf"another report run \(PID {os.getpid()}\)"):
            with publish.report_lock(out):
                pass  # pragma: no cover
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "analysis", "report", "--corpus", str(SMALL), "--out", str(out), "--quiet"],
            capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120,
        )
        assert done.returncode == 1 and time.monotonic() - started < 60
        assert done.stderr.strip().count("\n") == 0
        assert f"another report run (PID {os.getpid()}) is writing this folder" in done.stderr
    with publish.report_lock(out):  # released: the next run may go
        pass
    assert not out.exists()


# --------------------------------------------------------------------------- #
# 4. contained inputs
# --------------------------------------------------------------------------- #
def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Kyiv said yes.", encoding="utf-8")
    return folder


def test_a_symlink_that_leaves_the_corpus_is_refused_by_name(tmp_path):
    from analysis.corpus.load import load_corpus

    folder = _corpus(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("outside text")
    (folder / "h.txt").symlink_to(secret)
    with pytest.raises(CorpusError, match=r"h.txt: the symbolic link points outside the corpus folder") as info:
        load_corpus(folder)
    assert "outside text" not in str(info.value)
    (folder / "h.txt").unlink()
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link that stays inside is fine
    assert sorted(load_corpus(folder)["doc_id"]) == ["a.txt", "inside.txt"]


@pytest.mark.parametrize("listed", ["/etc/hostname", "../secret.txt", "sub/../../secret.txt"])
def test_manifest_paths_must_stay_inside_the_corpus(tmp_path, listed):
    from analysis.corpus.load import load_corpus

    folder = _corpus(tmp_path)
    (tmp_path / "secret.txt").write_text("outside")
    digest = "0" * 64
    (folder / "MANIFEST.sha256").write_text(f"{digest}  {listed}\n")
    with pytest.raises(CorpusError, match=r"MANIFEST.sha256, line 1, record .*: the path leads outside the corpus") as info:
        load_corpus(folder)
    assert "SHA-256 is" not in str(info.value)  # the outside file is never read nor hashed


def test_metadata_paths_must_stay_inside_the_corpus(tmp_path):
    from analysis.corpus.load import load_corpus

    folder = _corpus(tmp_path)
    (folder / "metadata.csv").write_text("doc_id,path\na,a.txt\nb,../secret.txt\n")
    with pytest.raises(CorpusError, match=r"metadata.csv, line 3, record '../secret.txt': the path leads outside"):
        load_corpus(folder)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x00" * 4096, "it holds NUL bytes"),
        (bytes(range(1, 9)) * 100, "800 of 800 characters are control characters"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x01\x02\x1f" * 10, "it holds NUL bytes"),
    ],
)
def test_binary_files_are_rejected_with_their_name(tmp_path, data, reason):
    from analysis.corpus.load import load_corpus

    folder = _corpus(tmp_path)
    (folder / "blob.txt").write_bytes(data)
    with pytest.raises(CorpusError, match=rf"blob.txt, record 'blob.txt': the document is not text: {reason}"):
        load_corpus(folder)


def test_text_with_tabs_and_page_breaks_is_not_binary(tmp_path):
    from analysis.corpus.load import load_corpus

    folder = _corpus(tmp_path)
    (folder / "b.txt").write_text("Col\tumn\r\nPage one.\fPage two.\n", encoding="utf-8")
    assert len(load_corpus(folder)) == 2


def test_an_empty_jsonl_or_csv_names_the_file(tmp_path):
    from analysis.corpus.load import load_corpus

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with pytest.raises(CorpusError, match=r"empty.jsonl: the file holds no records"):
        load_corpus(empty)
    header_only = tmp_path / "only.csv"
    header_only.write_text("doc_id,text\n")
    with pytest.raises(CorpusError, match=r"only.csv: the file holds no rows below its header"):
        load_corpus(header_only)


# --------------------------------------------------------------------------- #
# runs that execute notebooks
# --------------------------------------------------------------------------- #
@pytest.mark.notebooks
@pytest.mark.parametrize("signum, status, word", [(15, 143, "terminated"), (2, 130, "interrupted")])
def test_a_signal_exits_with_its_status_one_line_and_keeps_the_previous_report(tmp_path, signum, status, word):
    out = _fake_report(tmp_path / "report", "old")
    before = _snapshot(out)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", "--corpus", str(SMALL), "--out", str(out)],
        cwd=config.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    staging = publish.staging_path(out)
    deadline = time.monotonic() + 120
    while not (staging / "notebooks").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)  # inside the first notebook
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == status
    assert "Traceback" not in err
    last = [line for line in err.splitlines() if line.strip()][-1]
    assert last == f"{word}: nothing was published; {out} is as it was"
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["report"]


@pytest.mark.notebooks
def test_outputs_carry_no_machine_paths(tmp_path):
    """A relative --out from another folder: provenance and notebooks name paths as given."""
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--corpus", str(SMALL), "--out", "rel/report", "--quiet"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert done.returncode == 0, done.stderr
    # a successful run looks successful: no kernel housekeeping on the terminal
    assert "running over TCP without encryption" not in done.stderr and "KeyboardInterrupt" not in done.stderr
    assert done.stderr == ""  # --quiet
    out = tmp_path / "rel" / "report"
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["out_dir"] == "rel/report" and provenance["corpus"] == "tests/fixtures/small_corpus"
    assert provenance["machine_specific"]["out_dir"] == str(out)
    del provenance["machine_specific"]
    machine = [str(tmp_path), str(config.PROJECT_ROOT)]
    assert not any(m in json.dumps(provenance) for m in machine)
    for page in sorted((out / "notebooks").iterdir()) + [out / "index.html"]:
        text = page.read_text(encoding="utf-8")
        assert not any(m in text for m in machine), page.name
        assert ".partial" not in text
    assert sorted(provenance["outputs"]) == publish.report_outputs(out)
    shutil.rmtree(out)


def test_a_missing_input_file_parameter_is_named_before_any_kernel_starts(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--corpus", str(SMALL), "--out", "out", "-p", "frame_dictionary", "my.yaml", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"parameter 'frame_dictionary': the file my.yaml does not exist (resolved to {tmp_path / 'my.yaml'})" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.notebooks
def test_a_kernel_that_cannot_start_is_one_line(tmp_path, capsys):
    from analysis.exceptions import KernelError
    from analysis.runner.report import build_report

    with pytest.raises(KernelError, match=r"01_corpus.ipynb: the Jupyter kernel 'no-such-kernel' could not run"):
        build_report(plan_report(corpus=SMALL, out=tmp_path / "out"), progress=False, kernel_name="no-such-kernel")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock"]


@pytest.mark.notebooks
def test_a_machine_without_any_network_interface_still_builds_the_report(tmp_path):
    """Kernels talk over Unix sockets: inside a network namespace with no interface up (not even
    loopback), the report is built; a TCP kernel would wait 60 s and fail with "Kernel didn't respond"."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to create a network namespace")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode(errors='replace').strip()}")
    tiny = config.TESTS_DIR / "fixtures" / "tiny_corpus"
    done = subprocess.run(
        [unshare, "-n", sys.executable, "-m", "analysis", "report", "--corpus", str(tiny), "--out", str(tmp_path / "out"),
         "--store", str(tmp_path / "store"), "--quiet"],
        cwd=config.PROJECT_ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "provenance.json").is_file()
