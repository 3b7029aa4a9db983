"""Benchmark the engine's per-document stages against the naive NLTK loop, with peak memory.

Usage:
    .venv/bin/python benchmarks/engine_bench.py [--corpora ../shared/corpora] [--workers 1 2] [--quarter]

The BBC folder (read as latin-1: a few files are not UTF-8) and the Reuters
JSONL are combined into one JSONL corpus in a temporary folder (never
committed). Each measurement runs in a fresh child process while this process
samples the resident memory of the child's whole process tree with psutil
(the driver and, for the engine, every Dask worker), so figures are not
polluted by earlier runs:

* ``naive``: ``nltk.sent_tokenize`` + ``nltk.word_tokenize`` + ``FreqDist`` over
  the same texts (what a user writes first); every other figure is also
  printed as a ratio to it, measured in the same run;
* ``engine, N workers``: a cold build of every stage (documents, text, counts,
  framing, frames, tone) into an empty store on a local cluster of N worker
  processes (cluster start-up reported separately), then an unchanged rerun.

Timings on a shared machine vary; ratios measured in one run are what to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402

PER_DOCUMENT = ("documents", "text", "framing", "frames", "tone")


def combine(corpora: Path, out: Path, fraction: float = 1.0) -> tuple[Path, int, int]:
    """Write BBC + Reuters as one JSONL corpus; return its path, documents and characters."""
    from analysis.corpus.load import load_corpus

    bbc = load_corpus(corpora / "bbc-news-2005", encoding="latin-1")
    records = [{"doc_id": f"bbc/{d}", "text": t, "outlet": "BBC"} for d, t in zip(bbc["doc_id"], bbc["text"])]
    with open(corpora / "reuters21578.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            records.append({"doc_id": f"reuters/{row['doc_id']}", "text": row["text"], "outlet": "Reuters"})
    records = records[: int(len(records) * fraction)] if fraction < 1 else records
    with open(out, "w", encoding="utf-8") as handle:
        for row in records:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out, len(records), sum(len(r["text"]) for r in records)


# --------------------------------------------------------------- child side
def run_naive(corpus: str) -> dict:
    import nltk

    from analysis.corpus.load import load_corpus

    nltk.data.path.insert(0, str(config.NLTK_DATA_DIR))
    texts = load_corpus(corpus)["text"].tolist()
    start, cpu = time.perf_counter(), time.process_time()
    freq = nltk.FreqDist()
    for text in texts:
        for sentence in nltk.sent_tokenize(text):
            freq.update(nltk.word_tokenize(sentence))
    return {"naive": time.perf_counter() - start, "cpu": time.process_time() - cpu, "tokens": freq.N()}


def _cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the local cluster's workers, once closed)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_engine(corpus: str, workers: int, store_dir: str, target_chars: int, profile: str | None) -> dict:
    from analysis.runner import stages
    from analysis.runner.engine import Engine
    from analysis.runner.store import Store

    store = Store(store_dir)
    times: dict[str, float] = {}
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    mode = "synchronous" if workers == 0 else None
    with Engine(mode, workers=workers or None) as engine:
        times["cluster start"] = time.perf_counter() - start
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for stage in stages.STAGES:
            begin = time.perf_counter()
            stages.build(stage, corpus, {}, store, engine, progress=False, target_chars=target_chars)
            times[stage] = time.perf_counter() - begin
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        begin = time.perf_counter()
        stages.build_all(corpus, {}, store, engine, progress=False)
        times["unchanged rerun"] = time.perf_counter() - begin
    times["cpu"] = _cpu_seconds() - cpu_start  # driver + workers: robust to other load on the machine
    tokens = stages.build("text", corpus, {}, store, progress=False).rows("tokens")
    return times | {"tokens": tokens}


# -------------------------------------------------------------- parent side
def measure(args: list[str]) -> tuple[dict, float, float]:
    """Run a child; return its JSON result, the peak RSS of its largest process and of its whole tree (MiB)."""
    import psutil

    env = dict(os.environ, PYTHONHASHSEED="0", NLTK_DATA=str(config.NLTK_DATA_DIR))
    child = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env)
    peak_one, peak_tree, done = 0, 0, threading.Event()
    peaks: dict[str, int] = {}

    def sample():
        nonlocal peak_one, peak_tree
        root = psutil.Process(child.pid)
        while not done.is_set():
            try:
                procs = [root] + root.children(recursive=True)
                sizes = []
                for proc in procs:
                    try:
                        rss = proc.memory_info().rss
                    except psutil.Error:
                        continue
                    sizes.append(rss)
                    role = "driver" if proc.pid == child.pid else "worker"
                    peaks[role] = max(peaks.get(role, 0), rss)
                if sizes:
                    peak_one, peak_tree = max(peak_one, max(sizes)), max(peak_tree, sum(sizes))
            except psutil.Error:
                pass
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = child.communicate()
    done.set()
    thread.join()
    if child.returncode:
        raise SystemExit(f"benchmark child {args} failed with exit code {child.returncode}")
    if len(peaks) > 1:
        print(f"  peak RSS by role ({args[1]}): " + ", ".join(f"{k} {v / 2**20:.0f} MiB" for k, v in sorted(peaks.items())))
    return json.loads(out.strip().splitlines()[-1]), peak_one / 2**20, peak_tree / 2**20


def bench(corpus: Path, n_docs: int, n_chars: int, workers: list[int], target_chars: int, profile: bool) -> dict:
    rows: list[tuple[str, float, str, float, float]] = []
    naive, naive_one, naive_tree = measure(["--child", "naive", "--corpus", str(corpus)])
    base = naive["naive"]
    rows.append(("naive NLTK loop", base, "", naive_one, naive_tree))
    cpu_rows = [("naive NLTK loop", naive["cpu"])]
    results = {"naive": base, "naive_rss": naive_one, "docs": n_docs, "chars": n_chars}
    for n in workers:
        with tempfile.TemporaryDirectory(prefix="engine-bench-store-") as store:
            extra = ["--profile", str(corpus.with_suffix(f".w{n}.prof"))] if profile else []
            times, one, tree = measure(["--child", "engine", "--corpus", str(corpus), "--workers", str(n),
                                        "--store", store, "--target-chars", str(target_chars), *extra])
        label = "synchronous" if n == 0 else f"{n} worker{'s' if n > 1 else ''}"
        per_doc = sum(times[s] for s in PER_DOCUMENT)
        cold = sum(times[s] for s in ("documents", "text", "counts", "framing", "frames", "tone"))
        rows.append((f"{label}: cluster start", times["cluster start"], "", 0, 0))
        for stage in ("documents", "text", "counts", "framing", "frames", "tone"):
            rows.append((f"{label}: {stage}", times[stage], "", 0, 0))
        rows.append((f"{label}: per-document stages", per_doc, "", 0, 0))
        rows.append((f"{label}: all stages, cold store", cold, "", one, tree))
        rows.append((f"{label}: unchanged rerun", times["unchanged rerun"], "", 0, 0))
        cpu_rows.append((f"{label}: cold build + rerun, all processes", times["cpu"]))
        results[n] = {"per_doc": per_doc, "cold": cold, "rss": one, "tree_rss": tree, "rerun": times["unchanged rerun"],
                      "tokens": times["tokens"]}
    print(f"\n{corpus.name}: {n_docs} documents, {n_chars / 1e6:.1f} M characters, {naive['tokens']} NLTK tokens")
    print(f"{'measurement':42} {'seconds':>9} {'x naive':>8} {'peak RSS MiB (largest / tree)':>30}")
    for label, seconds, _, one, tree in rows:
        memory = f"{one:9.0f} / {tree:7.0f}" if one else ""
        print(f"{label:42} {seconds:9.2f} {seconds / base:8.2f} {memory:>30}")
    print(f"{'CPU seconds (user + system)':42} {'seconds':>9} {'x naive':>8}")
    for label, seconds in cpu_rows:
        print(f"{label:42} {seconds:9.2f} {seconds / naive['cpu']:8.2f}")
    if 1 in results and 2 in results:
        print(f"speed-up of 2 workers over 1 (per-document stages): {results[1]['per_doc'] / results[2]['per_doc']:.2f}x")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=str(config.PROJECT_ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="cluster sizes (0: synchronous)")
    parser.add_argument("--target-chars", type=int, default=250_000)
    parser.add_argument("--quarter", action="store_true", help="also run on the first quarter of the documents")
    parser.add_argument("--fraction", type=float, default=1.0, help="use only this share of the documents")
    parser.add_argument("--profile", action="store_true", help="write a cProfile of each driver (.prof beside the corpus)")
    parser.add_argument("--child", choices=["naive", "engine"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "naive":
        print(json.dumps(run_naive(args.corpus)))
        return
    if args.child == "engine":
        print(json.dumps(run_engine(args.corpus, args.workers[0], args.store, args.target_chars,
                                    getattr(args, "profile_path", None) or _profile_arg())))
        return
    corpora = Path(args.corpora)
    if not (corpora / "bbc-news-2005").is_dir():
        raise SystemExit(f"{corpora} has no bbc-news-2005/: pass --corpora")
    with tempfile.TemporaryDirectory(prefix="engine-bench-") as tmp:
        fractions = [args.fraction] + ([args.fraction / 4] if args.quarter else [])
        summary = {}
        for fraction in fractions:
            corpus, n_docs, n_chars = combine(corpora, Path(tmp) / f"bbc_reuters_{fraction:g}.jsonl", fraction)
            summary[fraction] = bench(corpus, n_docs, n_chars, args.workers, args.target_chars, args.profile)
        if args.quarter and 1 in args.workers or 2 in args.workers:
            if len(fractions) == 2:
                for n in args.workers:
                    ratio = summary[fractions[0]][n]["rss"] / summary[fractions[1]][n]["rss"]
                    print(f"peak RSS of the largest process, whole / quarter ({n} workers): {ratio:.2f}x")


def _profile_arg() -> str | None:
    if "--profile" in sys.argv:
        i = sys.argv.index("--profile")
        return sys.argv[i + 1] if i + 1 < len(sys.argv) and not sys.argv[i + 1].startswith("--") else None
    return None


if __name__ == "__main__":
    main()
