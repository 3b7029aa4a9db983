"""Build the report: run every notebook with papermill, then publish atomically.

``python -m analysis report`` (and ``make report``) calls :func:`build_report`.
It

1. checks the parameters against each notebook's ``parameters`` cell (an
   unknown name is an error, not papermill's warning);
2. executes the notebooks in order into a staging folder beside the output,
   with a deterministic kernel environment (``PYTHONHASHSEED=0`` and friends);
3. strips volatile metadata (timings, random cell ids, absolute paths) from
   each executed notebook and exports it to HTML with the code hidden;
4. writes ``index.html`` and ``provenance.json``;
5. only when every step has succeeded, moves the staged outputs into place.

A failing cell raises :class:`~analysis.exceptions.NotebookExecutionError`
naming the notebook, the cell and the exception; the previous report is left
untouched.
"""

from __future__ import annotations

import errno
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping

from analysis import __version__, config
from analysis.corpus.load import corpus_files
from analysis.outputs import file_sha256
from analysis.exceptions import (
    CorpusError,
    KernelError,
    NotebookExecutionError,
    OutputFolderError,
    DiskFullError,
    ParameterError,
    disk_full_error,
)
from analysis.outputs import write_text_atomic
from analysis.runner.parameters import notebook_parameters
from analysis.runner.settings import setting_defaults
from analysis.report.index_page import render_index
from analysis.report.publish import (
    REPORT_ENTRIES,
    REPORT_FORMAT,
    backup_path,
    check_out_folder,
    discard_sibling,
    make_staging,
    publish,
    recover,
    report_lock,
    report_outputs,
    staging_path,
)

__all__ = ["REPORT_ENTRIES", "ReportPlan", "build_report", "plan_report", "render_index", "collect_provenance"]


@dataclass
class ReportPlan:
    """What a report run will do, resolved before anything executes."""

    corpus: Path
    out: Path
    parameters: dict[str, Any]
    notebooks: list[Path]
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    corpus_shown: str = ""
    out_shown: str = ""
    #: Absolute input-file paths handed to the kernels -> how outputs show them.
    input_files: dict[str, str] = field(default_factory=dict)
    #: Every setting's value, resolved once from the registry; every notebook gets its share.
    settings: Any = None
    #: The stage store (default ``data/interim/store``).
    store: Path | None = None
    #: Dask scheduler address; None starts a local cluster (or runs in-process for a small corpus).
    scheduler: str | None = None
    #: Worker processes of the local cluster; None: one per core.
    workers: int | None = None
    #: Seconds to wait for another run's lock on a store entry (``--lock-timeout``).
    lock_timeout: float = 60.0
    #: Seconds the Dask scheduler may have no live worker before the run stops (``--worker-timeout``).
    worker_timeout: float = 60.0
    #: The ``--params`` file the parameters came from (hashed into provenance and the report key), if any.
    params_file: Path | None = None
    #: What the settings check found that is not an error (an empty period, a term no document contains).
    warnings: list[str] = field(default_factory=list)

    @property
    def staging(self) -> Path:
        """The folder outputs are written to before they are moved into place."""
        return staging_path(self.out)


def plan_report(
    *,
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    notebooks: Iterable[str] = config.REPORT_NOTEBOOKS,
    base: Path | None = None,
    store: str | Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    lock_timeout: float | None = None,
    worker_timeout: float | None = None,
    params_file: str | Path | None = None,
) -> ReportPlan:
    """Resolve paths and validate parameters without running anything.

    Args:
        corpus: The corpus; defaults to ``data/raw``.
        out: The report folder; defaults to ``reports/`` for the default
            corpus and ``reports/<corpus name>/`` for another.
        parameters: Notebook parameters (``corpus_path`` and ``out_dir`` are
            set by the runner).
        notebooks: Notebook file names under ``notebooks/``, in order.
        base: The folder relative ``corpus`` and ``out`` paths are taken
            from: the current folder on the command line; the project root
            when None.
        store: The stage store folder; default ``data/interim/store``.
        scheduler: A Dask scheduler address; None starts a local cluster.
        workers: Worker processes of the local cluster; None: one per core.
        lock_timeout: Seconds to wait for another run's store lock; default
            :data:`analysis.runner.store.DEFAULT_LOCK_TIMEOUT`.
        worker_timeout: Seconds without a live Dask worker before the run
            stops; default :data:`analysis.runner.engine.NO_WORKER_TIMEOUT`.
        params_file: The ``--params`` file ``parameters`` were read from (recorded with its SHA-256).

    Raises:
        ParameterError: Unknown parameter, wrong type, or a runner-owned name; a missing file; a setting that
            does not fit the corpus (:func:`analysis.runner.validate.check_against_corpus`: a ``group_by``
            column the documents lack, a ``target_group`` that is no group, a ``doc_id`` that is no document).
        CorpusError: The corpus cannot be read.
        OutputFolderError: ``out`` (or a sibling folder of it) cannot be written safely.
        StoreError: The store folder cannot be written.
        EngineError: ``scheduler`` is not a Dask scheduler address.

    Examples:
        >>> plan = plan_report(parameters={"top_n": 10})
        >>> plan.out == config.REPORTS_DIR, plan.parameters["top_n"]
        (True, 10)
        >>> plan_report(parameters={"topn": 10})
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: unknown parameter 'topn' (did you mean 'top_n'?); the known settings are: ...
    """
    from analysis.runner.settings import FILE_SETTINGS, resolve_settings

    given = dict(parameters or {})
    for owned, how in (("corpus_path", "with --corpus"), ("out_dir", "with --out"), ("store_dir", "with --store"),
                       ("report_mode", "by the runner")):
        if owned in given:
            raise ParameterError(f"{owned!r} is set {how}, not with -p")
    import warnings as warning_module

    with warning_module.catch_warnings(record=True) as caught:  # deprecations become plan warnings
        warning_module.simplefilter("always", FutureWarning)
        resolve_settings(given)  # unknown names and wrong types stop the run here, before anything else
    deprecated = [str(w.message) for w in caught if issubclass(w.category, FutureWarning)]
    def resolve(path: str | Path) -> Path:
        given_path = Path(path).expanduser()
        if given_path.is_absolute() or base is None:
            return config.resolve_path(given_path)
        return Path(os.path.normpath(base / given_path))

    corpus_path = resolve(corpus) if corpus is not None else config.DATA_RAW_DIR
    if out is not None:
        out_path = resolve(out)
    elif corpus_path.resolve() == config.DATA_RAW_DIR.resolve():
        out_path = config.REPORTS_DIR
    else:
        out_path = config.REPORTS_DIR / corpus_path.stem
    paths = [config.NOTEBOOKS_DIR / name for name in notebooks]
    corpus_shown = shown_path(corpus_path, corpus)
    out_shown = shown_path(out_path, out)
    if not corpus_path.exists():
        raise CorpusError(
            f"the corpus does not exist (resolved to {corpus_path})", path=corpus_shown,
            hint="check the path; a relative path is taken from the current folder on the command line",
        )
    if any(p.exists() or p.is_symlink() for p in (backup_path(out_path), staging_path(out_path))):
        with report_lock(out_path, shown=out_shown):  # lock, finish or undo an interrupted publish, then check
            recover(out_path)
    check_out_folder(out_path, corpus=corpus_path, shown=out_shown)
    input_files: dict[str, str] = {}
    for name in FILE_SETTINGS:
        if given.get(name) is None:
            continue
        file = resolve(str(given[name]))
        if not file.is_file():
            raise ParameterError(
                f"parameter {name!r}: the file {given[name]} does not exist (resolved to {file}); "
                "a relative path is taken from the current folder on the command line"
            )
        input_files[str(file)] = shown_path(file, given[name])
        given[name] = str(file)
    resolved = resolve_settings(given, warn=False)
    warnings = deprecated + _corpus_warnings(corpus_path, resolved)  # a setting that does not fit stops here
    from analysis.runner.engine import NO_WORKER_TIMEOUT, SYNCHRONOUS, check_scheduler_address
    from analysis.runner.store import DEFAULT_LOCK_TIMEOUT, check_store_folder

    store_path = resolve(store) if store is not None else config.STORE_DIR
    check_store_folder(store_path, shown=shown_path(store_path, store))
    if scheduler is not None and scheduler != SYNCHRONOUS:
        check_scheduler_address(scheduler)
    defaults = {p.name: notebook_parameters(p) for p in paths}  # after the checks: reading notebooks is slow
    return ReportPlan(
        corpus=corpus_path, out=out_path, parameters=given, notebooks=paths, defaults=defaults,
        corpus_shown=corpus_shown, out_shown=out_shown, input_files=input_files,
        settings=resolved, store=store_path,
        scheduler=scheduler, workers=workers,
        lock_timeout=DEFAULT_LOCK_TIMEOUT if lock_timeout is None else float(lock_timeout),
        worker_timeout=NO_WORKER_TIMEOUT if worker_timeout is None else float(worker_timeout),
        params_file=resolve(params_file) if params_file is not None else None,
        warnings=warnings,
    )


def _corpus_warnings(corpus_path: Path, resolved) -> list[str]:
    """Read the document table as the load stage does and check the settings against it (before any stage)."""
    from analysis.corpus.load import load_corpus
    from analysis.corpus.time import add_time_columns
    from analysis.runner.validate import check_against_corpus

    documents = load_corpus(corpus_path, encoding=resolved["encoding"], text_column=resolved["text_column"],
                            id_column=resolved["id_column"])
    documents = add_time_columns(documents, time_unit=resolved["time_unit"], periods=resolved["periods"])
    return check_against_corpus(documents, resolved)


def shown_path(resolved: Path, given: str | Path | None = None) -> str:
    """How a path appears in outputs: relative to the project root when inside it, else as given.

    Absolute paths outside the project that the user gave stay absolute;
    the machine's own prefixes never enter an output otherwise.

    Examples:
        >>> shown_path(config.PROJECT_ROOT / "data" / "raw")
        'data/raw'
        >>> shown_path(Path("/elsewhere/corpus"), "../corpus")
        '../corpus'
        >>> shown_path(Path("/elsewhere/corpus"), "/elsewhere/corpus")
        '/elsewhere/corpus'
    """
    try:
        return resolved.resolve().relative_to(config.PROJECT_ROOT.resolve()).as_posix() or "."
    except ValueError:
        pass
    if given is not None and not Path(given).is_absolute():
        return Path(given).as_posix()
    return resolved.as_posix()


def build_report(plan: ReportPlan, *, progress: bool = True, kernel_name: str | None = None, force: bool = False) -> Path:
    """Execute the notebooks and publish the report atomically.

    Args:
        plan: From :func:`plan_report`.
        progress: Show the step messages, and papermill's per-cell progress bar when stdout and stderr are
            a terminal (not in a CI log).
        kernel_name: Jupyter kernel; defaults to the project's kernel on the
            interpreter running the report (no installed kernelspec needed,
            see :mod:`analysis.report.kernel`).
        force: Rebuild the report even when it is up to date (the stages
            still come from the store when their keys are unchanged).

    Returns:
        The report folder.

    Raises:
        NotebookExecutionError: A cell failed; nothing is published.
    """
    started = time.time()
    with report_lock(plan.out, shown=plan.out_shown):
        recover(plan.out)  # a publish a crash interrupted is finished or undone first
        check_out_folder(plan.out, corpus=plan.corpus, shown=plan.out_shown)  # again, now that we hold the lock
        staging = plan.staging
        keys = _stage_keys(plan)
        key = report_key(plan, keys)
        if not force and _up_to_date(plan.out, key):
            _say(progress, f"{plan.out_shown} is up to date: the corpus, settings and code are unchanged")
            return plan.out
        env_backup = {k: os.environ.get(k) for k in list(config.DETERMINISTIC_ENV) + ["NLTK_DATA"]}
        os.environ.update(config.DETERMINISTIC_ENV)
        os.environ["NLTK_DATA"] = str(config.NLTK_DATA_DIR)
        try:
            _ensure_nltk_data()
            build_stages(plan, progress=progress)
            make_staging(plan.out)
            (staging / "notebooks").mkdir()
            executed = _run_notebooks(plan, staging, progress=progress, kernel=kernel_name or _default_kernel())
            files = {"input_files": input_file_records(plan), "resources": resource_records()}
            write_text_atomic(staging / "index.html", render_index(
                staging, title=f"Report: {plan.corpus_shown}", corpus=plan.corpus_shown,
                settings={name: _shown_setting(plan, name) for name in plan.settings},
                notebooks=[p.stem for p in plan.notebooks], files=files, defaults=setting_defaults(),
            ))
            provenance = collect_provenance(plan, executed, kernel=kernel_name or _default_kernel(), started=started)
            provenance.update(files)
            provenance["stage_keys"] = keys
            provenance["report_key"] = key
            provenance["derived_settings"] = derived_settings(staging)
            provenance["outputs"] = report_outputs(staging)
            write_text_atomic(staging / "provenance.json", json.dumps(provenance, indent=2, sort_keys=True) + "\n")
            publish(staging, plan.out)
        except BaseException as err:
            try:
                discard_sibling(staging)  # nothing half-written is left behind
            except (OSError, OutputFolderError):
                pass  # the next run's recover() names it
            full = disk_full_error(err, writing=shown_path(staging, None))
            if full is not None:
                raise full from None  # one line naming the path, not a traceback
            raise
        finally:
            for key, value in env_backup.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    _say(progress, f"report written to {plan.out_shown} in {time.time() - started:.1f} s")
    return plan.out


def _stage_keys(plan: ReportPlan) -> dict[str, str]:
    from analysis.runner.stages import stage_keys

    return {stage: k.key for stage, k in stage_keys(plan.corpus, plan.settings).items()}


def report_key(plan: ReportPlan, keys: Mapping[str, str]) -> str:
    """SHA-256 of everything a report depends on: the stage keys, every setting, every input file's content,
    the notebooks and the code.

    Two runs with the same key give the same tables, figures and notebooks,
    so the second has nothing to do. Input files count by content (:func:`input_file_records`), so a changed
    byte in a lexicon a notebook reads directly (``tone_lexicon``) rebuilds the report as one in a stage's
    lexicon does.
    """
    import hashlib

    digest = hashlib.sha256()
    files = {row["setting"]: row["sha256"] for row in input_file_records(plan)}
    digest.update(json.dumps({"stages": dict(keys), "settings": plan.settings.as_dict(), "input_files": files,
                              "notebooks": [p.name for p in plan.notebooks]}, sort_keys=True).encode())
    templates = sorted((config.PACKAGE_DIR / "report" / "templates").rglob("*"))  # the front page's template
    code = sorted(config.PACKAGE_DIR.rglob("*.py")) + sorted(config.RESOURCES_DIR.rglob("*")) + templates
    code += list(plan.notebooks)
    for path in code:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(config.PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "wordfreq", "nltk", "vaderSentiment"):
        digest.update(f"{name}=={metadata.version(name)}".encode())
    return digest.hexdigest()


def _up_to_date(out: Path, key: str) -> bool:
    from analysis.report.publish import read_marker

    marker = read_marker(out)
    if not marker or marker.get("report_key") != key:
        return False
    listed = marker.get("outputs") or []
    return bool(listed) and all((out / str(name)).is_file() for name in listed)


def build_stages(plan: ReportPlan, *, progress: bool = True) -> None:
    """Compute every stage once into the store, on the engine, before any notebook runs.

    A corpus smaller than one partition runs in this process (a cluster
    would only add start-up time); otherwise a local Dask cluster, or the
    scheduler at ``plan.scheduler``. The tables are the same either way.
    """
    from analysis.runner.engine import DEFAULT_TARGET_CHARS, Engine
    from analysis.runner.stages import build_all, stage_messages_on_stderr
    from analysis.runner.store import Store

    size = sum(p.stat().st_size for p in corpus_files(plan.corpus))
    scheduler = plan.scheduler
    if scheduler is None and (size <= DEFAULT_TARGET_CHARS or plan.workers == 1):
        scheduler = "synchronous"
    _say(progress, f"stages: computing on {scheduler or 'a local cluster'} into {shown_path(plan.store, None)}")
    with Engine(scheduler, plan.workers, no_worker_timeout=plan.worker_timeout) as engine, \
            stage_messages_on_stderr(progress):
        build_all(plan.corpus, plan.settings, Store(plan.store, lock_timeout=plan.lock_timeout), engine,
                  progress=progress)


def _run_notebooks(plan: ReportPlan, staging: Path, *, progress: bool, kernel: str) -> dict[str, list[str]]:
    """Execute every notebook into ``staging``; return the parameters each one used."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import DeadKernelError

    from analysis.report.kernel import LocalKernelManager

    executed: dict[str, list[str]] = {}
    from analysis.runner.study import notebook_settings

    replacements = {**plan.input_files, str(staging): plan.out_shown, str(plan.corpus): plan.corpus_shown,
                    str(plan.store): shown_path(plan.store, None)}
    for number, notebook in enumerate(plan.notebooks, start=1):
        declared = plan.defaults[notebook.name]
        wanted = notebook_settings(notebook.name)
        undeclared = sorted(set(wanted) - set(declared))
        if undeclared:
            raise ParameterError(
                f"{notebook.name}: its parameters cell lacks {', '.join(undeclared)}; "
                "regenerate it with: python -m analysis notebooks sync"
            )
        # every setting the notebook's tables depend on, resolved once for all notebooks
        params = {name: plan.settings[name] for name in wanted}
        runner_owned = {
            "corpus_path": str(plan.corpus),
            "out_dir": str(staging),
            "store_dir": str(plan.store),
            "report_mode": True,  # no live frontend: interactive notebooks render static views
        }
        params.update({k: v for k, v in runner_owned.items() if k in declared})
        executed[notebook.name] = sorted(params)  # which settings reached it; the values are recorded once
        target = staging / "notebooks" / notebook.name
        _say(progress, f"[{number}/{len(plan.notebooks)}] {notebook.name}")
        try:
            papermill.execute_notebook(
                str(notebook),
                str(target),
                parameters=params,
                kernel_name=kernel,
                kernel_manager_class=LocalKernelManager,
                progress_bar=progress and _on_a_terminal(),  # per-cell bars would flood a CI log
                cwd=str(config.NOTEBOOKS_DIR),
                record_timing=False,
                request_save_on_cell_execute=False,
            )
        except PapermillExecutionError as err:
            if err.ename in ("OSError", "DiskFullError") and "[Errno 28]" in str(err.evalue):
                # the kernel ran out of disk space writing a table or figure: one line naming the file
                named = re.search(r": '(.+)'$", str(err.evalue).strip())
                raise DiskFullError(named.group(1) if named else shown_path(staging, None), errno.ENOSPC) from None
            raise NotebookExecutionError(
                notebook=notebook.name,
                cell_index=_source_cell_index(target, err.cell_index),
                ename=err.ename,
                evalue=err.evalue,
                source=err.source,
            ) from None
        except (DeadKernelError, NoSuchKernel, RuntimeError, TimeoutError) as err:
            if not isinstance(err, (DeadKernelError, NoSuchKernel)) and "kernel" not in str(err).lower():
                raise
            raise KernelError(
                f"{notebook.name}: the Jupyter kernel {kernel!r} could not run the notebook "
                f"({type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else 'no detail'}). "
                "What to do: run 'make setup' to install the project's kernel, and check that the machine "
                "can start Python processes"
            ) from None
        _tidy_executed_notebook(target, replacements=replacements)
        _export_html(target)
    return executed


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #
def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


def _on_a_terminal() -> bool:
    """True when stdout and stderr are both a terminal (a person watching), not a log file or a pipe."""
    return sys.stdout.isatty() and sys.stderr.isatty()


def _ensure_nltk_data() -> None:
    """Write NLTK's punkt_tab files on first use (an installed package has no ``make setup``); offline."""
    from analysis.text.nltk_resources import PUNKT_LANGUAGE, install_punkt_tab

    if not (config.NLTK_DATA_DIR / "tokenizers" / "punkt_tab" / PUNKT_LANGUAGE / "abbrev_types.txt").is_file():
        install_punkt_tab(config.NLTK_DATA_DIR)


def _default_kernel() -> str:
    """The project's kernel name; :class:`~analysis.report.kernel.LocalKernelManager` runs it on this interpreter."""
    return config.KERNEL_NAME


def _source_cell_index(executed: Path, cell_index: int | None) -> int | None:
    """Map papermill's index (which counts the injected cell) to the source notebook's."""
    if cell_index is None or not executed.exists():
        return cell_index
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    injected = [i for i, c in enumerate(nb.cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    return cell_index - 1 if injected and cell_index > injected[0] else cell_index


def _tidy_executed_notebook(path: Path, *, replacements: Mapping[str, str]) -> None:
    """Strip volatile metadata so that reruns give the same bytes."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables"):
        pm.pop(key, None)
    pm["input_path"] = f"notebooks/{path.name}"
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        if "papermill" in meta:
            meta["papermill"] = {k: v for k, v in meta["papermill"].items() if k in ("exception", "status")}
    text = nbformat.writes(nb)
    for machine_path in sorted(replacements, key=len, reverse=True):  # longest first: nested paths
        text = text.replace(json.dumps(machine_path)[1:-1], json.dumps(replacements[machine_path])[1:-1])
    write_text_atomic(path, text if text.endswith("\n") else text + "\n")


def _export_html(path: Path) -> Path:
    from analysis.report.html_export import export_notebook_html

    return export_notebook_html(path)


def derived_settings(report: Path) -> dict[str, dict[str, Any]]:
    """The settings the notebooks chose from the corpus (left at None), as their tables record them.

    Read from ``tables/derived_settings.csv`` (04) and ``tables/derived_kwic_terms.csv`` (03): setting ->
    value, source, basis, the rule of what is never chosen and the reason for each chosen term, so that ``provenance.json`` says which terms a report used.
    """
    import csv

    chosen: dict[str, dict[str, Any]] = {}
    for name in ("derived_settings", "derived_kwic_terms"):
        path = report / "tables" / f"{name}.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                value = row.get("value", "")
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
                chosen[row["setting"]] = {"value": value, "source": row.get("source", ""),
                                          "basis": row.get("basis", ""), "rule": row.get("rule", ""),
                                          "reason": row.get("reason", "")}
    return dict(sorted(chosen.items()))


def collect_provenance(
    plan: ReportPlan, executed: Mapping[str, list[str]], *, kernel: str, started: float
) -> dict[str, Any]:
    """Gather what is needed to reproduce the report.

    The only place wall-clock time appears in a report.
    """
    root = plan.corpus if plan.corpus.is_dir() else plan.corpus.parent
    inputs = {p.relative_to(root).as_posix(): file_sha256(p) for p in corpus_files(plan.corpus)}
    wanted = ["analysis"]
    try:
        wanted = sorted({d.metadata["Name"].lower() for d in metadata.distributions() if d.metadata["Name"]})
    except Exception:  # pragma: no cover - metadata of a broken install
        pass
    versions = {}
    for name in wanted:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {
        "report_format": REPORT_FORMAT,
        "analysis_version": __version__,
        "corpus": plan.corpus_shown,
        "out_dir": plan.out_shown,
        # the only place absolute paths of this machine appear; byte-identity checks leave it out
        "machine_specific": {
            "command": ["python", "-m", "analysis", *sys.argv[1:]],
            "cwd": os.getcwd(),
            "corpus": str(plan.corpus),
            "out_dir": str(plan.out),
        },
        "input_sha256": inputs,
        "settings": {name: _shown_setting(plan, name) for name in plan.settings},
        "settings_given": sorted(plan.parameters),
        "notebook_settings": {name: list(names) for name, names in executed.items()},
        "notebooks": [p.name for p in plan.notebooks],
        "kernel": kernel,
        "kernel_environment": dict(config.DETERMINISTIC_ENV),
        "git": _git_state(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def default_files() -> dict[str, Path]:
    """The file the project uses for each file setting left at ``None`` (``tone_lexicon`` has none)."""
    from analysis.framing.actors import ACTOR_LEXICON_FILE
    from analysis.framing.frames import FRAMES_FILE
    from analysis.framing.lexicons import MODIFIERS_FILE, REPORTING_VERBS_FILE

    return {"boilerplate_rules": config.BOILERPLATE_RULES_FILE, "stopwords_path": config.STOPWORDS_FILE,
            "actor_lexicon": ACTOR_LEXICON_FILE, "reporting_verbs": REPORTING_VERBS_FILE,
            "evaluative_modifiers": MODIFIERS_FILE, "frame_dictionary": FRAMES_FILE}


def _package_path(path: Path) -> str:
    """A shipped file as ``analysis/resources/...``, wherever the package is installed."""
    for package in (config.PACKAGE_DIR, Path(__file__).resolve().parents[1]):
        try:
            return (Path(package.name) / path.resolve().relative_to(package.resolve())).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def input_file_records(plan: ReportPlan) -> list[dict[str, Any]]:
    """Every input file other than the corpus: each file setting's file (yours, or the project's default) and the
    ``--params`` file, with its SHA-256 and size in bytes, in registry order.

    Each row: ``setting`` (``--params`` for the parameters file), ``path`` (as the user gave it, or
    ``analysis/resources/...`` for a default), ``source`` (``given`` or ``default``), ``sha256`` and ``bytes``.
    """
    from analysis.runner.settings import FILE_SETTINGS

    defaults = default_files()
    rows = []
    for name in FILE_SETTINGS:
        value = plan.settings[name]
        if value:
            path, shown, source = Path(value), _shown_setting(plan, name), "given"
        elif name in defaults:
            path, source = defaults[name], "default"
            shown = _package_path(path)
        else:
            continue
        rows.append({"setting": name, "path": str(shown), "source": source, "sha256": file_sha256(path),
                     "bytes": path.stat().st_size})
    if plan.params_file is not None:
        rows.append({"setting": "--params", "path": shown_path(plan.params_file, plan.params_file), "source": "given",
                     "sha256": file_sha256(plan.params_file), "bytes": plan.params_file.stat().st_size})
    return rows


def resource_records() -> dict[str, dict[str, Any]]:
    """SHA-256 and size of every file the package ships under ``analysis/resources/``, by path.

    Examples:
        >>> records = resource_records()
        >>> sorted(records["analysis/resources/lexicons/actors.yaml"])
        ['bytes', 'sha256']
    """
    return {_package_path(path): {"sha256": file_sha256(path), "bytes": path.stat().st_size}
            for path in sorted(config.RESOURCES_DIR.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def _shown_setting(plan: ReportPlan, name: str) -> Any:
    """A setting's value as provenance records it (file settings as the user gave them)."""
    value = plan.settings[name]
    return plan.input_files.get(str(value), value) if isinstance(value, str) else value


def _git_state() -> dict[str, Any]:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(config.PROJECT_ROOT), *args], capture_output=True, text=True, timeout=20
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if not config.IN_CHECKOUT:  # an installed package: any repository around site-packages is not ours
        return {"commit": None, "dirty": None}
    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}
