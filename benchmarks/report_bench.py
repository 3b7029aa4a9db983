"""Benchmark the whole report (``python -m analysis report``) against the naive NLTK loop (issue 7, item 6).

Usage:
    .venv/bin/python benchmarks/report_bench.py [--corpora ../shared/corpora] [--fraction F] [--skip-whole]

The BBC 2005 folder (UTF-8, or latin-1 for the few files that are not UTF-8)
and the Reuters-21578 JSONL are written as one JSONL corpus in a temporary
folder (never committed), each document with a unique ``doc_id``
(``bbc/<topic>/<file>``, ``reuters/<id>``) and an ``outlet`` field. ``--fraction F``
keeps an evenly spread share F of the documents (both outlets, in corpus
order); the "quarter" corpus is an evenly spread quarter of that.

Every measurement is one child process run with ``subprocess``, exactly as a
user runs it, while this process samples the child's whole process tree with
psutil (the runner, the Dask scheduler and workers, the Jupyter kernels):

* the naive loop: ``nltk.sent_tokenize`` + ``nltk.word_tokenize`` + ``FreqDist``
  over every text, in a child with ``NLTK_DATA=<project>/nltk_data``;
* a cold report: empty ``--store``, fresh ``--out``, ``--quiet``;
* an unchanged rerun (the same command: it should print nothing);
* a rerun after ``-p top_n 12`` (the notebooks rerun from the store);
* peak RSS of the largest process, on the corpus and on its quarter;
* cold reports with ``--workers 1`` and ``--workers 2``, each with its own empty
  store; these run without ``--quiet`` and the runner's progress lines are
  timestamped, which splits each into the stages and each notebook.

Each figure is printed as a ratio to the naive loop of the same run, next to
the issue's target. Wall time on a shared machine is noisy, so CPU seconds
summed over the process tree (user + system of every process, live ones
sampled, finished ones from ``RUSAGE_CHILDREN``) are printed too.

Measured 2026-11-29 on the shared 2-core machine (whole: 21,268 documents,
20.9 M characters; naive loop 37.6 s CPU), after the notebooks moved to
part-by-part reads and notebook 05 was added: cold report 9.9x naive CPU
(8.9x wall); unchanged rerun 5.9 s, 60x faster than cold; top_n rerun 0.49x
cold CPU; largest process 1,344 MiB whole vs 667 MiB quarter (2.0x); 2 workers
1.71x faster than 1 on the stages, 1.25x on the whole report. Stages are about
4.5x naive, the six notebooks about 4.8x (04_compare alone 2.0x).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
NLTK_DATA = ROOT / "nltk_data"
PYTHON = sys.executable

NAIVE = """
import sys, json, time, nltk
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
freq = nltk.FreqDist()
for text in texts:
    for sentence in nltk.sent_tokenize(text):
        freq.update(nltk.word_tokenize(sentence))
print(json.dumps({"tokens": freq.N(), "types": len(freq)}))
"""


# ------------------------------------------------------------------ corpus
def _spread(items: list, fraction: float) -> list:
    """An evenly spread share of ``items``, in order (every 4th item for 0.25)."""
    if fraction >= 1:
        return list(items)
    return [item for i, item in enumerate(items) if int((i + 1) * fraction) > int(i * fraction)]


def read_corpora(corpora: Path) -> list[dict]:
    """BBC + Reuters as records with unique doc_ids and an outlet."""
    records = []
    bbc = corpora / "bbc-news-2005"
    for path in sorted(bbc.glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        rel = path.relative_to(bbc).with_suffix("").as_posix()
        records.append({"doc_id": f"bbc/{rel}", "outlet": "BBC", "text": text})
    with open(corpora / "reuters21578.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            records.append({"doc_id": f"reuters/{row['doc_id']}", "outlet": "Reuters", "text": row["text"]})
    ids = [r["doc_id"] for r in records]
    assert len(ids) == len(set(ids)), "doc_ids are not unique"
    return [r for r in records if r["text"].strip()]


def write_jsonl(records: list[dict], path: Path) -> tuple[int, int, int]:
    with open(path, "w", encoding="utf-8") as handle:
        for row in records:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(records), sum(len(r["text"]) for r in records), path.stat().st_size


# ------------------------------------------------------------- measurement
@dataclass
class Run:
    label: str
    wall: float
    cpu: float
    peak_largest: float  # MiB
    peak_tree: float  # MiB
    stdout: str
    stderr: str
    events: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, stderr line)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(label: str, argv: list[str], env: dict | None = None, timestamps: bool = False) -> Run:
    """Run ``argv``; sample RSS and CPU of its whole process tree every 0.1 s."""
    env = dict(os.environ, PYTHONHASHSEED="0", NLTK_DATA=str(NLTK_DATA), **(env or {}))
    cpu_before = _children_cpu()
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, errors="replace")
    done = threading.Event()
    peak = {"one": 0, "tree": 0}
    cpu_seen: dict[tuple[int, float], float] = {}  # (pid, create time) -> last CPU seconds seen
    events: list[tuple[float, str]] = []
    err_chunks: list[str] = []

    def sample() -> None:
        try:
            root = psutil.Process(child.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            sizes = []
            for proc in procs:
                try:
                    with proc.oneshot():
                        sizes.append(proc.memory_info().rss)
                        t = proc.cpu_times()
                        cpu_seen[(proc.pid, proc.create_time())] = t.user + t.system
                except psutil.Error:
                    continue
            if sizes:
                peak["one"] = max(peak["one"], max(sizes))
                peak["tree"] = max(peak["tree"], sum(sizes))
            done.wait(0.1)

    def read_err() -> None:
        buffer = ""
        while True:
            chunk = child.stderr.read(1)
            if not chunk:
                break
            err_chunks.append(chunk)
            if chunk in "\r\n":
                if timestamps and buffer.strip():
                    events.append((time.perf_counter() - start, buffer.strip()))
                buffer = ""
            else:
                buffer += chunk
        if timestamps and buffer.strip():
            events.append((time.perf_counter() - start, buffer.strip()))

    sampler = threading.Thread(target=sample, daemon=True)
    reader = threading.Thread(target=read_err, daemon=True)
    sampler.start()
    reader.start()
    out = child.stdout.read()
    child.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    # finished processes that were reaped (the child and what it waited for) are in RUSAGE_CHILDREN;
    # orphans that were never reaped by us are only in the samples: take the larger of the two views
    cpu = max(_children_cpu() - cpu_before, sum(cpu_seen.values()))
    err = "".join(err_chunks)
    if child.returncode:
        sys.stderr.write(err[-4000:])
        raise SystemExit(f"{label}: {' '.join(argv)} failed with exit code {child.returncode}")
    return Run(label, wall, cpu, peak["one"] / 2**20, peak["tree"] / 2**20, out, err, events)


def naive(corpus: Path) -> Run:
    return measure("naive NLTK loop", [PYTHON, "-c", NAIVE, str(corpus)])


def report(label: str, corpus: Path, out: Path, store: Path, *extra: str, quiet: bool = True) -> Run:
    argv = [PYTHON, "-m", "analysis", "report", "--corpus", str(corpus), "--out", str(out), "--store", str(store),
            *extra]
    return measure(label, argv + (["--quiet"] if quiet else []), timestamps=not quiet)


def phases(run: Run) -> list[tuple[str, float]]:
    """Split a non-quiet report run into stages and notebooks from the runner's timestamped progress lines."""
    marks: list[tuple[str, float]] = [("start-up and planning", 0.0)]
    for t, line in run.events:
        if line.startswith("stages: computing"):
            marks.append(("stages (per-document + counts)", t))
        elif re.match(r"^\[\d+/\d+\] \S+", line):
            marks.append(("notebook " + line.split("] ", 1)[1].split()[0], t))
        elif line.startswith("report written to"):
            marks.append(("publish", t))
    marks.append(("end", run.wall))
    return [(name, marks[i + 1][1] - t0) for i, (name, t0) in enumerate(marks[:-1])]


# ------------------------------------------------------------------ report
def fmt_ratio(x: float) -> str:
    return f"{x:.2f}x"


def bench(corpus: Path, tmp: Path, workers: bool) -> dict:
    """All measurements on one corpus; returns the runs."""
    runs: dict[str, Run] = {}
    runs["naive"] = naive(corpus)
    print(f"  naive loop: {runs['naive'].wall:.1f} s wall, {runs['naive'].cpu:.1f} s CPU", flush=True)
    out, store = tmp / f"{corpus.stem}-report", tmp / f"{corpus.stem}-store"
    runs["cold"] = report("cold report", corpus, out, store)
    print(f"  cold report: {runs['cold'].wall:.1f} s wall, {runs['cold'].cpu:.1f} s CPU", flush=True)
    runs["rerun"] = report("unchanged rerun", corpus, out, store)
    if runs["rerun"].stdout.strip() or runs["rerun"].stderr.strip():
        print(f"  note: the unchanged rerun printed: {(runs['rerun'].stdout + runs['rerun'].stderr).strip()[:300]!r}")
    runs["top_n"] = report("rerun after -p top_n 12", corpus, out, store, "-p", "top_n", "12")
    print(f"  reruns: unchanged {runs['rerun'].wall:.1f} s, top_n {runs['top_n'].wall:.1f} s", flush=True)
    if workers:
        for n in (1, 2):
            runs[f"w{n}"] = report(f"cold report, --workers {n}", corpus, tmp / f"{corpus.stem}-w{n}-report",
                                   tmp / f"{corpus.stem}-w{n}-store", "--workers", str(n), quiet=False)
            print(f"  --workers {n}: {runs[f'w{n}'].wall:.1f} s wall, {runs[f'w{n}'].cpu:.1f} s CPU", flush=True)
            shutil.rmtree(tmp / f"{corpus.stem}-w{n}-store", ignore_errors=True)
    return runs


def print_table(title: str, runs: dict, quarter_runs: dict | None) -> list[tuple[str, str, str, bool | None]]:
    base = runs["naive"]
    print(f"\n=== {title} ===")
    print(f"{'figure':44} {'wall s':>8} {'x naive':>8} {'CPU s':>8} {'x naive':>8} {'largest MiB':>12} {'tree MiB':>9}")
    for run in runs.values():
        print(f"{run.label:44} {run.wall:8.2f} {run.wall / base.wall:8.2f} {run.cpu:8.2f} {run.cpu / base.cpu:8.2f} "
              f"{run.peak_largest:12.0f} {run.peak_tree:9.0f}")
    targets: list[tuple[str, str, str, bool | None]] = []
    cold = runs["cold"]
    targets.append(("cold report / naive loop (wall)", fmt_ratio(cold.wall / base.wall), "<= 3x",
                    cold.wall / base.wall <= 3))
    targets.append(("cold report / naive loop (CPU)", fmt_ratio(cold.cpu / base.cpu), "<= 3x", cold.cpu / base.cpu <= 3))
    targets.append(("cold / unchanged rerun (speed-up, wall)", fmt_ratio(cold.wall / runs["rerun"].wall), ">= 20x",
                    cold.wall / runs["rerun"].wall >= 20))
    targets.append(("top_n rerun / cold (wall)", fmt_ratio(runs["top_n"].wall / cold.wall), "<= 0.35x",
                    runs["top_n"].wall / cold.wall <= 0.35))
    targets.append(("top_n rerun / cold (CPU)", fmt_ratio(runs["top_n"].cpu / cold.cpu), "<= 0.35x",
                    runs["top_n"].cpu / cold.cpu <= 0.35))
    targets.append(("peak RSS largest process / naive loop's", fmt_ratio(cold.peak_largest / base.peak_largest), "-",
                    None))
    if quarter_runs:
        q = quarter_runs["cold"]
        targets.append(("peak RSS largest process, whole / quarter", fmt_ratio(cold.peak_largest / q.peak_largest),
                        "<= 1.5x", cold.peak_largest / q.peak_largest <= 1.5))
    if "w1" in runs and "w2" in runs:
        w1, w2 = runs["w1"], runs["w2"]
        targets.append(("--workers 2 speed-up over 1, whole report", fmt_ratio(w1.wall / w2.wall), ">= 1.6x",
                        w1.wall / w2.wall >= 1.6))
        p1, p2 = dict(phases(w1)), dict(phases(w2))
        key = "stages (per-document + counts)"
        if key in p1 and key in p2:
            targets.append(("--workers 2 speed-up over 1, stages only", fmt_ratio(p1[key] / p2[key]), ">= 1.6x",
                            p1[key] / p2[key] >= 1.6))
        print(f"\n{'phase (runner progress lines)':44} {'1 worker s':>11} {'2 workers s':>12} {'w1 x naive':>11}")
        for name, seconds in phases(w1):
            print(f"{name:44} {seconds:11.2f} {p2.get(name, float('nan')):12.2f} {seconds / base.wall:11.2f}")
    print(f"\n{'target':44} {'measured':>10} {'target':>9}  met")
    for name, value, target, met in targets:
        print(f"{name:44} {value:>10} {target:>9}  {'-' if met is None else ('yes' if met else 'NO')}")
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--fraction", type=float, default=1.0,
                        help="use an evenly spread share of the documents (quick runs); the quarter is a quarter of it")
    parser.add_argument("--skip-whole", action="store_true",
                        help="measure only the quarter (every figure except the whole/quarter memory ratio)")
    parser.add_argument("--no-workers", action="store_true", help="skip the --workers 1 / 2 comparison")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (corpora, reports)")
    args = parser.parse_args()
    if not (NLTK_DATA / "tokenizers").is_dir():
        raise SystemExit(f"{NLTK_DATA} is missing: run `make setup` first")
    corpora = Path(args.corpora)
    if not (corpora / "bbc-news-2005").is_dir():
        raise SystemExit(f"{corpora} has no bbc-news-2005/: pass --corpora")
    tmp = Path(tempfile.mkdtemp(prefix="report-bench-"))
    try:
        records = _spread(read_corpora(corpora), args.fraction)
        quarter = _spread(records, 0.25)
        corpora_used = {}
        for name, recs in (("whole", records), ("quarter", quarter)):
            if name == "whole" and args.skip_whole:
                continue
            path = tmp / f"bbc_reuters_{name}.jsonl"
            n_docs, n_chars, n_bytes = write_jsonl(recs, path)
            corpora_used[name] = path
            print(f"{name}: {path.name}: {n_docs} documents, {n_chars / 1e6:.2f} M characters, {n_bytes / 2**20:.1f} MiB"
                  f" (fraction {args.fraction:g}{' x 0.25' if name == 'quarter' else ''})", flush=True)
        results: dict[str, dict] = {}
        # the quarter first: it is needed for the memory ratio and is the fallback if the whole corpus runs long
        print("\nquarter:", flush=True)
        results["quarter"] = bench(corpora_used["quarter"], tmp, workers=args.skip_whole and not args.no_workers)
        print_table(f"quarter (fraction {args.fraction:g} x 0.25)", results["quarter"], None)
        if not args.skip_whole:
            print("\nwhole:", flush=True)
            results["whole"] = bench(corpora_used["whole"], tmp, workers=not args.no_workers)
        print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
        if "whole" in results:
            print_table(f"whole (fraction {args.fraction:g})", results["whole"], results["quarter"])
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
