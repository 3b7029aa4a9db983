"""Benchmark the text stage's tokenizer against the naive NLTK loop, in one process (issue 17, item 6).

Usage:
    .venv/bin/python benchmarks/tokenize_bench.py [--corpora ../shared/corpora] [--fraction F] [--rounds N]
                                                  [--skip-whole] [--profile]

The corpus is BBC 2005 + Reuters-21578, read exactly as ``report_bench.py``
reads it; the "quarter" is an evenly spread quarter of it. On each, in the
same process and in alternating order, this times:

* the naive loop: ``for text: for sentence in nltk.sent_tokenize(text): nltk.word_tokenize(sentence)``,
  with ``NLTK_DATA=<project>/nltk_data`` (the ``punkt_tab`` files ``python -m analysis setup`` writes);
* the project's tokenizer: :func:`analysis.text.tokenize.tokenize_corpus` on the same texts
  (whole texts, no body spans), which runs :func:`~analysis.text.tokenize.tokenize_document`'s
  work on every document and builds the sentence and token tables the text stage writes.

It prints CPU seconds (``time.process_time``) and wall seconds of each, and
the ratio tokenize / naive; with ``--rounds N`` each is run N times and the
fastest run of each is compared. The target is at most 1.0. ``--profile``
runs the tokenizer once more under cProfile and prints the 30 most expensive
functions by their own time.

Timings vary on a shared machine; ratios measured in the same run are what
to compare. Nothing here is a test.

Measured 2026-12-07 on the shared 2-core machine (whole: 21,268 documents,
20.9 M characters, 3.83 M tokens; naive loop 33.0 s CPU): tokenize / naive
0.71x on the whole corpus, 0.67x on the quarter (0.78x and 0.71x in a run on a
busier machine). Before issue 17's item 6 (token-by-token alignment, a dict
per token, every Treebank pattern through NLTK's timeout wrapper): 1.44x and
1.66x (1.72x and 1.40x in another run).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("NLTK_DATA", str(ROOT / "nltk_data"))

import nltk  # noqa: E402
import pandas as pd  # noqa: E402
from report_bench import _spread, read_corpora  # noqa: E402

from analysis.text.tokenize import tokenize_corpus  # noqa: E402


def naive_loop(texts: list[str]) -> int:
    """What a user writes first; returns the number of tokens."""
    n = 0
    for text in texts:
        for sentence in nltk.sent_tokenize(text):
            n += len(nltk.word_tokenize(sentence))
    return n


def project_tokenizer(documents: pd.DataFrame) -> int:
    """The text stage's tokenizing and table building; returns the number of tokens."""
    _, tokens = tokenize_corpus(documents)
    return len(tokens)


def timed(func, arg) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = func(arg)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def bench(label: str, records: list[dict], rounds: int) -> float:
    texts = [r["text"] for r in records]
    documents = pd.DataFrame({"doc_id": [r["doc_id"] for r in records], "text": texts})
    print(f"\n{label}: {len(texts):,} documents, {sum(map(len, texts)):,} characters", flush=True)
    naive_runs, ours_runs = [], []
    for i in range(rounds):
        order = [("naive", naive_loop, texts, naive_runs), ("tokenize", project_tokenizer, documents, ours_runs)]
        for name, func, arg, runs in order if i % 2 == 0 else order[::-1]:
            cpu, wall, n_tokens = timed(func, arg)
            runs.append((cpu, wall))
            print(f"  round {i + 1} {name:9} {cpu:8.2f} s CPU {wall:8.2f} s wall  {n_tokens:,} tokens", flush=True)
    naive_cpu, naive_wall = min(c for c, _ in naive_runs), min(w for _, w in naive_runs)
    ours_cpu, ours_wall = min(c for c, _ in ours_runs), min(w for _, w in ours_runs)
    print(f"  tokenize / naive: {ours_cpu / naive_cpu:.2f}x CPU ({ours_cpu:.2f} / {naive_cpu:.2f} s), "
          f"{ours_wall / naive_wall:.2f}x wall ({ours_wall:.2f} / {naive_wall:.2f} s)  target <= 1.0x", flush=True)
    return ours_cpu / naive_cpu


def profile(records: list[dict]) -> None:
    documents = pd.DataFrame({"doc_id": [r["doc_id"] for r in records], "text": [r["text"] for r in records]})
    profiler = cProfile.Profile()
    profiler.runcall(project_tokenizer, documents)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--fraction", type=float, default=1.0, help="use an evenly spread share of the documents")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each; the fastest of each is compared")
    parser.add_argument("--skip-whole", action="store_true", help="measure only the quarter")
    parser.add_argument("--profile", action="store_true", help="profile the tokenizer on the quarter")
    args = parser.parse_args()
    corpora = Path(args.corpora)
    if not (corpora / "bbc-news-2005").is_dir():
        raise SystemExit(f"{corpora} has no bbc-news-2005/: pass --corpora")
    records = _spread(read_corpora(corpora), args.fraction)
    quarter = _spread(records, 0.25)
    # warm up: load the Punkt parameters, compile NLTK's and the project's regexes
    naive_loop([quarter[0]["text"]])
    project_tokenizer(pd.DataFrame({"doc_id": ["w"], "text": [quarter[0]["text"]]}))
    if args.profile:
        profile(quarter)
        return
    ratios = {"quarter": bench(f"quarter (fraction {args.fraction:g} x 0.25)", quarter, args.rounds)}
    if not args.skip_whole:
        ratios["whole"] = bench(f"whole (fraction {args.fraction:g})", records, args.rounds)
    print("\n" + "  ".join(f"{name}: {ratio:.2f}x" for name, ratio in ratios.items()))


if __name__ == "__main__":
    main()
