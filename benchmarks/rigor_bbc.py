"""What the rigor rules of issue 18 change on real news: term choice, adjusted p-values, uncovered actors.

Usage:
    .venv/bin/python benchmarks/rigor_bbc.py [--corpora ../shared/corpora] [--per-topic 60]

On BBC News 2005 (``../shared/corpora/bbc-news-2005``, never committed), it prints

* the corpus-chosen key terms grouped by topic (the first ``--per-topic`` articles of each of the five
  topics), without and with the rule of :class:`analysis.compare.defaults.TermRule`, and what the rule
  left out;
* for the rate ratios of the chosen terms between the topics, how many comparisons have p < 0.05 with
  each ``p_adjust`` method (:mod:`analysis.compare.multiple_testing`);
* for the 417 politics articles, what the front page says about the actor lexicon
  (:func:`analysis.report.messages.actor_lexicon_sentences`).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main() -> int:
    from analysis.compare.defaults import TermRule, corpus_terms
    from analysis.compare.rates import findings, rate_ratios
    from analysis.corpus.load import load_corpus
    from analysis.framing.actors import candidate_actors
    from analysis.framing.analyze import analyze_framing
    from analysis.report.messages import actor_lexicon_sentences
    from analysis.text.prepare import prepare_corpus
    from analysis.text.tokenize import tokenize_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpora"))
    parser.add_argument("--per-topic", type=int, default=60)
    args = parser.parse_args()
    bbc = Path(args.corpora) / "bbc-news-2005"
    if not bbc.is_dir():
        print(f"skipped: {bbc} not found")
        return 0

    class NoRule(TermRule):
        def why_left_out(self, term: str, *, actor: bool = False) -> str | None:
            return None

    docs = load_corpus(bbc, encoding="latin-1")
    docs["topic"] = docs["path"].astype(str).str.split("/").str[0]
    docs = docs[docs["topic"] != "README.TXT"].groupby("topic", sort=True).head(args.per_topic)
    docs = docs.reset_index(drop=True)
    _, tokens = tokenize_corpus(docs)
    print(f"{len(docs)} articles, topics {', '.join(sorted(docs['topic'].unique()))}")
    before = corpus_terms(docs, tokens, by="topic", rule=NoRule())
    after = corpus_terms(docs, tokens, by="topic")
    print("key terms without the rule:", ", ".join(before.key_terms))
    print("key terms with the rule:   ", ", ".join(after.key_terms))
    print("left out:", ", ".join(f"{t} ({why})" for t, why in after.left_out) or "nothing")
    for method in ("none", "holm", "bh", "bonferroni"):
        table = rate_ratios(tokens, docs, by="topic", terms=after.terms, p_adjust=method)
        print(f"p_adjust {method:>10}: {findings(table, limit=0)[0]}")

    politics = prepare_corpus(bbc / "politics", encoding="latin-1")
    framing = analyze_framing(politics)
    candidates = candidate_actors(politics.documents, politics.sentences, framing.mentions)
    named = framing.summary[framing.summary["mentions"] > 0][["actor", "mentions"]].head(5)
    print(f"politics, {len(politics.documents)} articles; most named actors: "
          + ", ".join(f"{a} ({m})" for a, m in named.values.tolist()))
    for line in actor_lexicon_sentences(framing.summary, candidates, lexicon="analysis/resources/lexicons/actors.yaml",
                                        default=True):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
