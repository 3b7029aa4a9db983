"""What tokenizing costs next to NLTK itself: tokenize_document against the naive NLTK loop, as a ratio.

Usage:
    .venv/bin/python benchmarks/tokenize_bench.py [--corpus ../shared/corpora/bbc-news-2005] [--docs 1000]
                                                  [--rounds 3] [--profile]

The naive loop is ``nltk.sent_tokenize`` then ``nltk.word_tokenize(sentence, preserve_line=True)`` per
sentence. :func:`analysis.text.tokenize.tokenize_document` does the same splitting plus offsets, norms and
flags per token. Both run in this process on the same texts, alternating, ``--rounds`` times; the script
prints the CPU seconds of the fastest round of each and their ratio (the issue's target: at most 1.0).
It also checks that the tokens are NLTK's. ``--profile`` prints the 20 most expensive functions of one
round of ``tokenize_document`` (internal time). Timings vary on a shared machine; the ratio, measured in
the same run, much less.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(PROJECT_ROOT.parent / "shared" / "corpora" / "bbc-news-2005"))
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    import nltk

    from analysis import config
    from analysis.text.tokenize import tokenize_document

    if str(config.NLTK_DATA_DIR) not in nltk.data.path:
        nltk.data.path.insert(0, str(config.NLTK_DATA_DIR))
    files = sorted(p for p in Path(args.corpus).rglob("*.txt"))[: args.docs]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]

    def naive() -> list[list[str]]:
        return [nltk.word_tokenize(s, preserve_line=True) for text in texts for s in nltk.sent_tokenize(text)]

    def ours() -> list[list[dict]]:
        return [tokenize_document(text, doc_id=str(i))[1] for i, text in enumerate(texts)]

    best = {"naive": float("inf"), "tokenize_document": float("inf")}
    for _ in range(args.rounds):
        for name, run in (("naive", naive), ("tokenize_document", ours)):
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    mine, theirs = [], []
    for i, text in enumerate(texts):  # per sentence of ours, as the tokenizer promises
        sentences, tokens = tokenize_document(text, doc_id=str(i))
        by_sentence: dict[int, list[str]] = {}
        for token in tokens:
            by_sentence.setdefault(token["sent_id"], []).append(token["token"])
        for sentence in sentences:
            mine += by_sentence.get(sentence["sent_id"], [])
            theirs += nltk.word_tokenize(sentence["text"], preserve_line=True)
    print(f"{len(texts)} documents, {sum(map(len, texts)):,} characters, best of {args.rounds} rounds (CPU s)")
    print(f"naive NLTK loop    {best['naive']:.3f}")
    print(f"tokenize_document  {best['tokenize_document']:.3f}")
    print(f"ratio              {best['tokenize_document'] / best['naive']:.2f}")
    print(f"tokens equal NLTK's: {mine == theirs} ({len(mine):,} tokens)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(ours)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
