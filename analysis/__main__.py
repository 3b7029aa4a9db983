"""Command line: news-framing (or python -m analysis) report, setup, notebooks, manifest, checksums; --version.

Examples:
    >>> build_parser().parse_args(["report", "-p", "top_n", "10"]).param
    [['top_n', '10']]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.exceptions import AnalysisError


def _prog() -> str:
    """How the user called us: ``news-framing`` (the console command) or ``python -m analysis``."""
    return "news-framing" if Path(sys.argv[0]).name == "news-framing" else "python -m analysis"


def _default_store() -> str:
    """The default stage store as ``--help`` shows it: data/interim/store in a checkout, the user cache installed."""
    from analysis import config

    return config.display_path(config.STORE_DIR)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(prog=_prog(), description=__doc__.splitlines()[0])
    from analysis import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    report = sub.add_parser(
        "report", help="run every notebook with papermill and write the report",
        description="Compute every stage once (on Dask) into the stage store, run every notebook with papermill "
                    "on the stored results, and publish the report.",
        epilog=_settings_help(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("--corpus", help="corpus folder, .jsonl or .csv (default: data/raw)")
    report.add_argument("--out", help="report folder (default: reports/, or reports/<corpus name>/)")
    report.add_argument(
        "-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
        help="set a notebook parameter; VALUE is read as YAML, so [2, 3] and false work",
    )
    report.add_argument("--params", metavar="FILE.yaml", help="YAML file of notebook parameters")
    report.add_argument("--quiet", action="store_true", help="no progress output")
    report.add_argument("--force", action="store_true",
                        help="rebuild the report even when the corpus, settings and code are unchanged")
    report.add_argument("--store", metavar="DIR", help=f"the stage store (default: {_default_store()})")
    report.add_argument("--scheduler", metavar="ADDRESS",
                        help="a running Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    report.add_argument("--workers", type=int, metavar="N", help="worker processes of the local cluster (default: one per core)")
    report.add_argument("--lock-timeout", type=_seconds, metavar="SECONDS", default=None,
                        help="how long to wait for another run that holds a stage-store lock, naming it (default: 60)")
    report.add_argument("--worker-timeout", type=_seconds, metavar="SECONDS", default=None,
                        help="stop when the Dask scheduler has had no live worker this long (default: 60)")

    notebooks = sub.add_parser(
        "notebooks", help="print where the notebooks live (path), or regenerate or check their parameters cells",
        description="path: print the folder holding the notebooks (the installed copies, for papermill or "
                    "JupyterLab); sync: rewrite their parameters cells from the settings registry; check: "
                    "fail when a parameters cell differs from the registry.",
    )
    notebooks.add_argument("action", choices=["path", "sync", "check"])

    setup = sub.add_parser("setup", help="write nltk_data/ and install the project's Jupyter kernel")
    setup.add_argument("--no-kernel", action="store_true", help="only write nltk_data/")

    manifest = sub.add_parser("manifest", help="write MANIFEST.sha256 for a corpus folder")
    manifest.add_argument("folder", nargs="?", default=None, help="corpus folder (default: data/raw)")
    checksums = sub.add_parser(
        "checksums", help="write or check reports/expected.sha256 (cross-machine identity of the default report)"
    )
    checksums.add_argument("action", choices=["write", "check"])
    checksums.add_argument("folder", nargs="?", default=None, help="report folder (default: reports/)")
    return parser


def _seconds(text: str) -> float:
    """A positive number of seconds, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < 1e9:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
        if args.command == "setup":
            return _setup(args)
        if args.command == "notebooks":
            return _notebooks(args)
        if args.command == "checksums":
            return _checksums(args)
        if args.command == "manifest":
            from analysis import config
            from analysis.corpus.load import write_manifest

            path = write_manifest(Path(args.folder) if args.folder else config.DATA_RAW_DIR)
            print(f"wrote {path}")
            return 0
    except AnalysisError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        from analysis.exceptions import disk_full_error

        full = disk_full_error(err, writing=Path(getattr(args, "folder", None) or getattr(args, "out", None) or "."))
        if full is None:
            raise
        print(f"error: {full}", file=sys.stderr)
        return 1
    return 2


def _report(args: argparse.Namespace) -> int:
    import signal

    from analysis.runner.parameters import parse_cli_value, read_params_file
    from analysis.runner.report import build_report, plan_report

    params = read_params_file(args.params) if args.params else {}
    params.update({name: parse_cli_value(value, name) for name, value in args.param})
    plan = plan_report(corpus=args.corpus, out=args.out, parameters=params, base=Path.cwd(), store=args.store,
                       scheduler=args.scheduler, workers=args.workers, lock_timeout=args.lock_timeout,
                       worker_timeout=args.worker_timeout, params_file=args.params)
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)

    def terminated(signum, frame):  # SIGTERM unwinds like Ctrl-C: staging removed, old report kept
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        build_report(plan, progress=not args.quiet, force=args.force)
    except KeyboardInterrupt:
        _quiet_after_interrupt()
        print(f"interrupted: nothing was published; {plan.out_shown} is as it was", file=sys.stderr)
        return 130
    except _Terminated:
        _quiet_after_interrupt()
        print(f"terminated: nothing was published; {plan.out_shown} is as it was", file=sys.stderr)
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _quiet_after_interrupt() -> None:
    """Silence what the interrupted libraries would still log while the process exits.

    An interrupted notebook run leaves asyncio tasks behind (nbclient's, whose
    kernel was shut down); asyncio logs their "Kernel died" exceptions with a
    traceback when they are collected. The run has been cleaned up and says so
    in one line; nothing else should reach the terminal.
    """
    import logging

    logging.disable(logging.CRITICAL)


class _Terminated(BaseException):
    """Raised by the SIGTERM handler so that cleanup runs as for Ctrl-C."""



def _settings_help() -> str:
    """Every setting with its type, default and help, from the registry (for report --help)."""
    from analysis.runner.settings import SETTINGS

    lines = ["settings (-p NAME VALUE; VALUE is read as YAML):"]
    for setting in SETTINGS.values():
        default = "None" if setting.default is None else repr(setting.default)
        accepted = setting.range_text()
        lines.append(f"  {setting.name} ({setting.type}{', ' + accepted if accepted else ''}, default {default}): "
                     f"{setting.help}")
    return "\n".join(lines)


def _notebooks(args: argparse.Namespace) -> int:
    if args.action == "path":
        from analysis import config

        print(config.NOTEBOOKS_DIR)
        return 0
    from analysis.runner.study import sync_parameters_cells

    changed = sync_parameters_cells(write=args.action == "sync")
    if args.action == "check" and changed:
        print(f"error: the parameters cells of {', '.join(changed)} differ from the settings registry; "
              "run: python -m analysis notebooks sync", file=sys.stderr)
        return 1
    print(f"{'updated' if changed else 'unchanged'}: {', '.join(changed) or 'every notebook matches the registry'}")
    return 0


def _checksums(args: argparse.Namespace) -> int:
    from analysis import config
    from analysis.outputs import write_text_atomic
    from analysis.report.publish import EXPECTED_FILE, checksum_differences, report_checksums

    folder = Path(args.folder) if args.folder else config.REPORTS_DIR
    expected = config.REPORTS_DIR / EXPECTED_FILE
    if args.action == "write":
        write_text_atomic(expected, report_checksums(folder))
        print(f"wrote {expected}")
        return 0
    differences = checksum_differences(folder, expected)
    if differences:
        print(
            f"error: the report in {folder} differs from {expected.name} in {len(differences)} file(s):",
            file=sys.stderr,
        )
        for line in differences[:20]:
            print(f"  {line}", file=sys.stderr)
        print(
            "If the change is intended (new code, lexicon or data), update the file deliberately with "
            "'make expected' and commit it.",
            file=sys.stderr,
        )
        return 1
    print(f"{folder}: every table and figure matches {expected.name}")
    return 0


def _setup(args: argparse.Namespace) -> int:
    from analysis.report.kernel import install_kernel
    from analysis.text.nltk_resources import install_punkt_tab

    print(f"wrote {install_punkt_tab()}")
    if not args.no_kernel:
        print(f"installed kernel {install_kernel()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
