"""Benchmark the per-document steps on real news text, with ratios to a baseline.

Usage:
    .venv/bin/python benchmarks/bench_pipeline.py [--corpus ../shared/corpora/reuters21578.jsonl] [--docs 1000]

Timings on a shared machine vary, so every figure is also printed as a ratio
to a baseline measured in the same run on the same texts: plain
``nltk.sent_tokenize`` + ``nltk.word_tokenize`` (what any NLTK user pays). A
ratio is comparable across machines and runs; seconds are not.

The corpus is read-only and never committed (see ../shared/corpora/README.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import pandas as pd

from analysis import config


def _load(path: Path, docs: int) -> pd.DataFrame:
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in itertools.islice(handle, docs)]
        return pd.DataFrame({"doc_id": [r["doc_id"] for r in records], "text": [r["text"] for r in records]})
    from analysis.corpus.load import load_corpus

    return load_corpus(path, encoding="latin-1").head(docs).reset_index(drop=True)


def _time(label: str, fn, results: dict[str, float]):
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(config.PROJECT_ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl"))
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        raise SystemExit(f"{corpus} not found: pass --corpus with a JSONL file or a folder of .txt files")

    import nltk

    from analysis.framing import analyze_framing
    from analysis.corpus.clean import clean_corpus
    from analysis.text.nltk_resources import install_punkt_tab
    from analysis.text.prepare import PreparedCorpus
    from analysis.text.tokenize import TokenSettings, tokenize_corpus

    documents = _load(corpus, args.docs)
    n = len(documents)
    install_punkt_tab()
    nltk.data.path.insert(0, str(config.NLTK_DATA_DIR))
    times: dict[str, float] = {}
    _time("baseline: nltk.sent_tokenize + word_tokenize",
          lambda: [nltk.word_tokenize(s) for t in documents["text"] for s in nltk.sent_tokenize(t)], times)
    cleaned = _time("clean (boilerplate rules)", lambda: clean_corpus(documents), times)
    sentences, tokens = _time("tokenize with offsets (1 process)",
                              lambda: tokenize_corpus(documents, body=cleaned.body), times)
    _time("tokenize with offsets (2 processes)", lambda: tokenize_corpus(documents, body=cleaned.body, n_jobs=2), times)
    prepared = PreparedCorpus(documents=documents, cleaned=cleaned, sentences=sentences, tokens=tokens,
                              settings=TokenSettings())
    _time("framing: actors, quotes, attributions", lambda: analyze_framing(prepared), times)

    base = times["baseline: nltk.sent_tokenize + word_tokenize"]
    print(f"{n} documents, {len(tokens)} tokens from {corpus.name}")
    print(f"{'step':45} {'seconds':>9} {'s/1000 docs':>12} {'x baseline':>11}")
    for label, seconds in times.items():
        print(f"{label:45} {seconds:9.2f} {seconds / n * 1000:12.2f} {seconds / base:11.2f}")


if __name__ == "__main__":
    main()
