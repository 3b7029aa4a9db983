"""Is per-document work linear in the document's length? One long article against many normal ones.

Usage:
    .venv/bin/python benchmarks/long_document.py [--mb 1] [--corpus ../shared/corpora/bbc-news-2005]
                                                 [--profile STAGE]

The same real news texts are analysed twice: as many ordinary articles
(each a file of the corpus), and concatenated, separated by blank lines, into
one article of the same size. Every stage of the notebooks is timed on both,
and the script prints the ratio ``long / many`` per stage. A ratio near 1
means the stage is linear in document length; the target is at most 2. A
stage that is quadratic shows a ratio that grows with ``--mb``.

``--profile STAGE`` runs that stage on the long article under cProfile and
prints the 25 most expensive functions (cumulative time). ``--skip-others``
replaces the stages of modules this benchmark does not cover (quotes,
speakers, attributions) by empty tables, for quick runs on large sizes.

Timings vary on a shared machine; ratios measured in the same run do not
depend on it much. The corpus is read-only and never committed (see
../shared/corpora/README.md). Nothing here is a test: tests carry no timing
assertions beyond the boilerplate rules' worst cases.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from analysis import config  # noqa: E402

#: The report's default KWIC and dispersion terms (notebooks 03 and 04, explorer 00).
KWIC_TERMS = ["baselessly", "claim*", "NATO", "security guarantees"]
DISPERSION_TERMS = ["NATO", "Russia", "Ukraine", "claim*", "security guarantees"]


def read_texts(corpus: Path, n_chars: int) -> list[str]:
    """Real articles from a folder of .txt files, in sorted path order, until ``n_chars`` characters."""
    texts: list[str] = []
    total = 0
    for path in sorted(corpus.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if not text:
            continue
        texts.append(text)
        total += len(text)
        if total >= n_chars:
            break
    if total < n_chars:  # a small corpus: repeat it
        base = list(texts)
        while total < n_chars:
            for text in base:
                texts.append(text)
                total += len(text)
                if total >= n_chars:
                    break
    return texts


def write_corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def stages() -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Each stage takes the state dict (filled by earlier stages) and returns its result."""
    from analysis.framing import actors
    from analysis.corpus import clean
    from analysis.text import collocations
    from analysis.text import dispersion
    from analysis.report import explore
    from analysis.framing import frames
    from analysis.text import kwic
    from analysis.text import tokenize
    from analysis.framing import tone
    from analysis.framing.lexicons import MODIFIERS_FILE, REPORTING_VERBS_FILE, load_modifiers, load_reporting_verbs
    from analysis.text.prepare import PreparedCorpus

    def load(s):
        from analysis.corpus.load import load_corpus

        s["documents"] = load_corpus(s["path"])

    def cleaning(s):
        s["cleaned"] = clean.clean_corpus(s["documents"])

    def tokenizing(s):
        s["sentences"], s["tokens"] = tokenize.tokenize_corpus(s["documents"], body=s["cleaned"].body)
        s["prepared"] = PreparedCorpus(documents=s["documents"], cleaned=s["cleaned"], sentences=s["sentences"],
                                       tokens=s["tokens"], settings=tokenize.TokenSettings())

    def actor_stage(s):
        s["lexicon"] = actors.load_actor_lexicon(None)
        s["mentions"] = actors.mention_table(s["documents"], s["sentences"], lexicon=s["lexicon"])
        actors.candidate_actors(s["documents"], s["sentences"], s["mentions"], lexicon=s["lexicon"])

    def quote_stage(s):  # quotes.py and speakers.py: another engineer's modules, measured only
        from analysis.framing.quotes import quote_table

        s["verbs"] = load_reporting_verbs(REPORTING_VERBS_FILE)
        docs = s["documents"].iloc[:0] if s["skip_others"] else s["documents"]
        s["quotes"], _ = quote_table(docs, s["mentions"], body=s["cleaned"].body,
                                     sentences=s["sentences"], lexicon=s["lexicon"], verbs=s["verbs"])

    def attribution_stage(s):  # framing.py: another engineer's module, measured only
        from analysis.framing.attributions import actor_voice_summary, attribution_table

        mods = load_modifiers(MODIFIERS_FILE)
        docs = s["documents"].iloc[:0] if s["skip_others"] else s["documents"]
        s["attributions"] = attribution_table(docs, s["sentences"], s["mentions"], s["quotes"],
                                              lexicon=s["lexicon"], verbs=s["verbs"], modifiers=mods)
        actor_voice_summary(s["attributions"], s["quotes"], s["mentions"])

    def frame_stage(s):
        s["frame_matches"] = frames.frame_matches(s["tokens"], s["documents"])
        frames.frame_shares(s["frame_matches"], s["sentences"], documents=s["documents"])
        frames.frame_actor_cooccurrence(s["frame_matches"], s["mentions"])

    def kwic_stage(s):
        table = kwic.kwic(s["tokens"], s["documents"], patterns=KWIC_TERMS, window=6)
        kwic.format_kwic(table)

    def dispersion_stage(s):
        dispersion.term_positions(s["tokens"], terms=DISPERSION_TERMS)
        dispersion.juilland_d(s["tokens"], terms=DISPERSION_TERMS)
        dispersion.document_starts(s["tokens"])

    def collocation_stage(s):
        collocations.collocation_table(s["tokens"], n_values=(2, 3), min_count=2)
        collocations.window_collocates(s["tokens"], node="NATO", window=5)

    def tone_stage(s):
        s["tone"] = tone.sentence_tone(s["sentences"], s["quotes"], s["mentions"])
        tone.tone_by_actor(s["tone"])
        tone.tone_by_voice(s["tone"])

    def explore_stage(s):
        import IPython.display

        from analysis.framing.analyze import FramingResult

        framing = FramingResult(mentions=s["mentions"], quotes=s["quotes"], quote_problems=pd.DataFrame(),
                                attributions=s["attributions"], summary=pd.DataFrame(), lexicon=s["lexicon"])
        data = explore.ExploreData(corpus=explore.MemoryCorpus(s["prepared"]), framing=framing,
                                   frame_matches=s["frame_matches"], tone=s["tone"])
        shown = IPython.display.display
        IPython.display.display = lambda *objects, **kw: None
        try:
            with open("/dev/null", "w") as sink:
                stdout, sys.stdout = sys.stdout, sink
                try:
                    explore.static_view(data, term="claim*")
                    for doc_id in data.doc_ids()[1:]:
                        explore.reader_html(data, doc_id)  # every document, as the reader menu would
                finally:
                    sys.stdout = stdout
        finally:
            IPython.display.display = shown

    return {
        "load": load,
        "clean": cleaning,
        "tokenize": tokenizing,
        "actors": actor_stage,
        "quotes+speakers (not mine)": quote_stage,
        "framing attributions (not mine)": attribution_stage,
        "frames": frame_stage,
        "kwic": kwic_stage,
        "dispersion": dispersion_stage,
        "collocations": collocation_stage,
        "tone": tone_stage,
        "explore (static view + reader)": explore_stage,
    }


def run(path: Path, profile: str | None = None, skip_others: bool = False) -> dict[str, float]:
    state: dict[str, Any] = {"path": path, "skip_others": skip_others}
    times: dict[str, float] = {}
    for name, stage in stages().items():
        if profile and name.startswith(profile):
            profiler = cProfile.Profile()
            began = time.perf_counter()
            profiler.runcall(stage, state)
            times[name] = time.perf_counter() - began
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        else:
            began = time.perf_counter()
            stage(state)
            times[name] = time.perf_counter() - began
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(config.PROJECT_ROOT.parent / "shared" / "corpora" / "bbc-news-2005"))
    parser.add_argument("--mb", type=float, default=1.0, help="total size of the text, in millions of characters")
    parser.add_argument("--profile", default=None, help="profile this stage (a name prefix) on the long article")
    parser.add_argument("--skip-others", action="store_true",
                        help="skip quotes, speakers and attributions (other modules): empty tables instead")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise SystemExit(f"{corpus} not found: pass --corpus with a folder of .txt articles")
    from analysis.text.nltk_resources import install_punkt_tab

    install_punkt_tab()
    texts = read_texts(corpus, int(args.mb * 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        many = write_corpus(Path(tmp) / "many", texts)
        long = write_corpus(Path(tmp) / "long", ["\n\n".join(texts)])
        n_chars = sum(len(t) for t in texts)
        print(f"{len(texts)} articles, {n_chars:,} characters; the long article is all of them in one file")
        normal = run(many, skip_others=args.skip_others)
        single = run(long, profile=args.profile, skip_others=args.skip_others)
    print(f"{'stage':34} {'many (s)':>9} {'one long (s)':>13} {'ratio':>7}")
    for name in normal:
        ratio = single[name] / normal[name] if normal[name] > 0 else float("nan")
        print(f"{name:34} {normal[name]:9.2f} {single[name]:13.2f} {ratio:7.2f}")
    total_normal, total_single = sum(normal.values()), sum(single.values())
    print(f"{'total':34} {total_normal:9.2f} {total_single:13.2f} {total_single / total_normal:7.2f}")


if __name__ == "__main__":
    main()
