"""Evaluate quote and attribution extraction against PolNeAR (brat standoff).

Usage:
    .venv/bin/python benchmarks/attribution_eval.py [--split dev|train] [--gold ../shared/gold/polnear/data]
                                                    [--limit N] [--errors 20]

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates attributions in US
political news: ``T`` lines are spans (Source, Cue, Content, several
fragments separated by ``;``), ``E`` lines tie one Source, Cue and Content
into an attribution. One annotator per article is used: the first ``.ann``
file in sorted order.

The project's own pipeline runs on the texts (one document per
``text/*.txt``: load, clean, tokenize, actors, quotes, attributions), and
the script prints:

* **direct quotes**: gold items are attributions whose Content holds a
  double quotation mark (straight or curly). A predicted quote matches a gold
  Content when the spans overlap by at least half of the shorter one.
  Precision is over predicted quotes (each matching some gold item), recall
  over gold items (each matched by some prediction). Speaker and cue accuracy
  are over matched predicted quotes (paired with the gold item they overlap
  most): the predicted speaker span must overlap the gold Source, the
  predicted cue span the gold Cue. A gold item without a Source (or Cue)
  counts as right only when nothing is predicted;
* **all attributions**: cue precision, recall and F1 by span overlap, against
  the ``attributions`` table (``kind == "attribution"``), and speaker accuracy
  over matched cues. Rows whose cue sits inside a direct quotation (``voice ==
  "quoted"``: "I think", "they told me") are the quoted speaker's own words;
  PolNeAR does not annotate attributions nested in quotations, so the headline
  scores the narration rows, and a second line gives the figures with them.
  The same holds for rows marked ``embedded``: a cue in the reported clause of
  another cue of its sentence ("Rubio said he supports …"), where PolNeAR
  annotates the outer report only (on train, 16 of the 2,289 narration cues that the
  pipeline finds inside an annotated Content are annotated themselves);
* the most frequent error patterns, each with a short context.

Figures are printed, never asserted; the last lines are the headline figures.
The gold data stay in ``../shared/gold`` and are never committed.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import config  # noqa: E402

GOLD_DIR = config.PROJECT_ROOT.parent / "shared" / "gold" / "polnear" / "data"
ENTITY_GOLD = Path(__file__).resolve().parent / "gold" / "polnear_dev_speaker_entities.tsv"
EDGE_PUNCTUATION = " \t\n\r\"“”‘’'.,;:!?()[]{}—–-"
PRONOUNS = frozenset({"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "us", "me", "his", "their",
                      "its", "my", "our", "your"})
QUOTE_MARKS = re.compile(r"[\"“”]")
Span = tuple[int, int]


@dataclass
class GoldAttribution:
    """One ``E`` line: fragments of each role (empty when the role is missing)."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)
    content_text: str = ""


def read_ann(path: Path) -> list[GoldAttribution]:
    """Parse a brat ``.ann`` file into attributions."""
    spans: dict[str, tuple[str, list[Span], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            label, _, offsets = parts[1].partition(" ")
            fragments = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                fragments.append((int(start), int(end)))
            spans[parts[0]] = (label, fragments, parts[2] if len(parts) > 2 else "")
        elif line.startswith("E"):
            parts = line.split("\t")
            roles = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[re.sub(r"\d+$", "", role)] = ref
            events.append(roles)
    found = []
    for roles in events:
        item = GoldAttribution()
        for role, attr in (("Source", "source"), ("Cue", "cue"), ("Content", "content")):
            if role in roles and roles[role] in spans:
                setattr(item, attr, spans[roles[role]][1])
                if role == "Content":
                    item.content_text = spans[roles[role]][2]
        found.append(item)
    return found


def overlap(a: list[Span], b: list[Span]) -> int:
    """Characters shared by two fragment lists."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(a: list[Span]) -> int:
    return sum(e - s for s, e in a)


def half_overlap(a: list[Span], b: list[Span]) -> bool:
    shorter = min(length(a), length(b))
    return shorter > 0 and overlap(a, b) * 2 >= shorter


def _span(row, start: str, end: str) -> list[Span]:
    import pandas as pd

    s, e = row[start], row[end]
    if s is None or e is None or pd.isna(s) or pd.isna(e):
        return []
    return [(int(s), int(e))]


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = max(0, start - width)
    snippet = text[left:start] + "[" + text[start:end] + "]" + text[end : end + width]
    snippet = re.sub(r"\s+", " ", snippet)
    return snippet if len(snippet) < 170 else snippet[:167] + "..."


def load_split(gold: Path, split: str, limit: int | None, part: str = "all"):
    folder = gold / split
    texts = sorted((folder / "text").glob("*.txt"))
    if part != "all":  # a fifth of the articles (sorted index % 5 == 4) kept apart as an untouched check
        texts = [t for i, t in enumerate(texts) if (i % 5 == 4) == (part == "check")]
    if limit:
        texts = texts[:limit]
    annotations = {}
    for text_path in texts:
        anns = sorted((folder / "attributions").glob(text_path.stem + "_*.ann"))
        if anns:
            annotations[text_path.name] = read_ann(anns[0])
    return texts, annotations


def run_pipeline(texts: list[Path]):
    import pandas as pd

    from analysis.corpus.clean import clean_corpus
    from analysis.text.prepare import PreparedCorpus
    from analysis.framing.analyze import analyze_framing
    from analysis.text.tokenize import TokenSettings, tokenize_corpus

    raw = [p.read_text(encoding="utf-8") for p in texts]
    documents = pd.DataFrame({
        "doc_id": pd.array([p.name for p in texts], dtype="string"),
        "text": pd.array(raw, dtype="string"),
        "n_chars": [len(t) for t in raw],
    })
    cleaned = clean_corpus(documents)
    sentences, tokens = tokenize_corpus(documents, body=cleaned.body, settings=TokenSettings())
    prepared = PreparedCorpus(documents=documents, cleaned=cleaned, sentences=sentences, tokens=tokens,
                              settings=TokenSettings())
    return dict(zip(documents["doc_id"], raw)), analyze_framing(prepared)


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(texts: dict[str, str], annotations, result, errors: collections.Counter, examples: dict, dump=None):
    def error(pattern: str, doc: str, start: int, end: int) -> None:
        errors[pattern] += 1
        examples.setdefault(pattern, f"{doc[:40]}: {_context(texts[doc], start, end)}")
        if dump is not None:
            dump.append(f"{pattern}\t{doc}\t{_context(texts[doc], start, end, 90)}")

    quotes = result.quotes
    atts = result.attributions[result.attributions["kind"] == "attribution"]
    atts = atts[atts["cue_start"].notna()]
    # cues inside a direct quotation (voice "quoted") are the quoted speaker's own reports ("I think"):
    # PolNeAR does not annotate attributions nested in quotations, so they are scored apart
    # so are cues embedded in the reported clause of another cue ("Rubio said he supports …": PolNeAR annotates
    # the outer report only)
    nested = (atts["voice"] == "quoted") | atts["embedded"].astype(bool)
    quoted = atts[nested]
    atts = atts[~nested]
    q = collections.Counter()
    a = collections.Counter()
    q_by_doc = {d: g.to_dict("records") for d, g in quotes.groupby("doc_id")}
    a_by_doc = {d: g.to_dict("records") for d, g in atts.groupby("doc_id")}
    for doc, gold in annotations.items():
        text = texts[doc]
        gold_quotes = [g for g in gold if g.content and QUOTE_MARKS.search(g.content_text)]
        predicted = q_by_doc.get(doc, [])
        q["gold"] += len(gold_quotes)
        q["pred"] += len(predicted)
        matched_gold = set()
        for row in predicted:
            span = [(int(row["start"]), int(row["end"]))]
            candidates = [(overlap(span, g.content), i) for i, g in enumerate(gold_quotes) if half_overlap(span, g.content)]
            if not candidates:
                error(f"quote FP ({row['kind']})", doc, *span[0])
                continue
            _, index = max(candidates)
            matched_gold.add(index)
            g = gold_quotes[index]
            q["tp_pred"] += 1
            speaker = _span(row, "speaker_start", "speaker_end")
            cue = _span(row, "cue_start", "cue_end")
            ok_speaker = overlap(speaker, g.source) > 0 if g.source else not speaker
            ok_cue = overlap(cue, g.cue) > 0 if g.cue else not cue
            q["speaker_ok"] += ok_speaker
            q["cue_ok"] += ok_cue
            if not ok_speaker:
                if not speaker:
                    where = g.source[0] if g.source else span[0]
                    error(f"quote speaker missing (rule {row['attribution_rule']})", doc, *where)
                elif not g.source:
                    error("quote speaker where gold has none", doc, *speaker[0])
                else:
                    error(f"quote speaker wrong (rule {row['attribution_rule']})", doc, *speaker[0])
            if not ok_cue:
                if not cue:
                    error("quote cue missing: " + (text[g.cue[0][0]:g.cue[0][1]].lower() if g.cue else "-"),
                          doc, *(g.cue[0] if g.cue else span[0]))
                else:
                    error("quote cue wrong", doc, *cue[0])
        q["tp_gold"] += len(matched_gold)
        for i, g in enumerate(gold_quotes):
            if i not in matched_gold:
                error("quote FN", doc, *g.content[0])
        # all attributions, by cue
        gold_cues = [g for g in gold if g.cue]
        rows = a_by_doc.get(doc, [])
        a["gold"] += len(gold_cues)
        a["pred"] += len(rows)
        matched = set()
        for row in rows:
            cue = [(int(row["cue_start"]), int(row["cue_end"]))]
            candidates = [(overlap(cue, g.cue), i) for i, g in enumerate(gold_cues) if overlap(cue, g.cue) > 0]
            if not candidates:
                error(f"cue FP: {str(row['cue_lemma'])}", doc, *cue[0])
                continue
            _, index = max(candidates)
            matched.add(index)
            g = gold_cues[index]
            a["tp_pred"] += 1
            speaker = _span(row, "speaker_start", "speaker_end")
            ok = overlap(speaker, g.source) > 0 if g.source else not speaker
            a["speaker_ok"] += ok
            if not ok:
                if not speaker:
                    error(f"cue speaker missing ({row['cue_lemma']})", doc, *(g.source[0] if g.source else cue[0]))
                elif not g.source:
                    error("cue speaker where gold has none", doc, *speaker[0])
                else:
                    error(f"cue speaker wrong (rule {row['speaker_rule']})", doc, *speaker[0])
        a["tp_gold"] += len(matched)
        a["quoted_pred"] += int((quoted["doc_id"] == doc).sum()) if len(quoted) else 0
        for row in quoted[quoted["doc_id"] == doc].to_dict("records") if len(quoted) else []:
            cue = [(int(row["cue_start"]), int(row["cue_end"]))]
            if any(overlap(cue, g.cue) for g in gold_cues):
                a["quoted_tp"] += 1
        for i, g in enumerate(gold_cues):
            if i not in matched:
                error("cue FN: " + re.sub(r"\s+", " ", text[g.cue[0][0]:g.cue[0][1]].lower()), doc, *g.cue[0])
    return q, a


# ------------------------------------------------------------ CofeNet's span metrics
def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without edge whitespace and punctuation (CofeNet's exact match), or ``None`` if empty."""
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return (start, end) if start < end else None


def span_scores(texts: dict[str, str], annotations, result) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Exact-match and begin-match P/R/F1 of source and cue spans (sets of spans per article).

    Gold: every attribution's Source and Cue (fragments joined into one span from the first start to the last
    end). Predicted: the speaker and cue spans of the quote table and of the narration attribution rows.
    Exact: equal spans after trimming whitespace and edge punctuation; begin: the same first character.
    """
    atts = result.attributions
    atts = atts[(atts["kind"] == "attribution") & (atts["voice"] != "quoted") & ~atts["embedded"].astype(bool)]
    predicted: dict[str, dict[str, set]] = {"source": collections.defaultdict(set), "cue": collections.defaultdict(set)}
    for table in (result.quotes, atts):
        for doc, s1, e1, s2, e2 in zip(table["doc_id"], table["speaker_start"], table["speaker_end"],
                                       table["cue_start"], table["cue_end"]):
            for role, (a, b) in (("source", (s1, e1)), ("cue", (s2, e2))):
                if a is not None and b is not None and not (_isna(a) or _isna(b)):
                    span = trimmed(texts[doc], int(a), int(b))
                    if span:
                        predicted[role][doc].add(span)
    scores = {}
    for role in ("source", "cue"):
        counts = collections.Counter()
        for doc, gold in annotations.items():
            spans = {trimmed(texts[doc], min(s for s, _ in fr), max(e for _, e in fr))
                     for fr in ((g.source if role == "source" else g.cue) for g in gold) if fr}
            spans.discard(None)
            pred = predicted[role].get(doc, set())
            counts["gold"] += len(spans)
            counts["pred"] += len(pred)
            counts["exact"] += len(spans & pred)
            gold_begins = {s for s, _ in spans}
            pred_begins = {s for s, _ in pred}
            counts["begin_pred"] += sum(1 for s, _ in pred if s in gold_begins)
            counts["begin_gold"] += sum(1 for s, _ in spans if s in pred_begins)
        scores[role] = {"exact": prf(counts["exact"], counts["pred"], counts["exact"], counts["gold"]),
                        "begin": prf(counts["begin_pred"], counts["pred"], counts["begin_gold"], counts["gold"])}
    return scores


def _isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


# ------------------------------------------------------------ speaker entities
_TITLE_WORDS = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|rep|sen|gov|gen|lt|col|sgt|capt|adm|maj|prof|rev|president|senator|governor|"
    r"congressman|congresswoman|judge|justice|mayor|secretary|speaker)\.?\s+)+")


def normalise_name(name: str | None) -> str:
    """Lowercase, no title, no middle initials, no edge punctuation or leading "the": how names are compared.

    Examples:
        >>> normalise_name("Rep. Adam B. Schiff"), normalise_name("the Clinton campaign")
        ('adam schiff', 'clinton campaign')
        >>> normalise_name("Hillary Rodham Clinton"), normalise_name("Donald John Trump Jr.")
        ('hillary clinton', 'donald trump jr')
    """
    if name is None:
        return ""
    value = re.sub(r"\s+", " ", str(name)).strip().lower().strip(EDGE_PUNCTUATION)
    value = re.sub(r"^(?:the|a|an)\s+", "", value)
    value = _TITLE_WORDS.sub("", value)
    value = re.sub(r"(?<=\s)[a-z]\.\s+", "", value)  # middle initials
    value = value.replace("’", "'").strip()
    words = value.split()
    if len(words) >= 3 and words[0][:1].isalpha() and "of" not in words:  # "hillary rodham clinton": first and last name
        keep = 2 if words[-1] in ("jr.", "sr.", "jr", "sr", "ii", "iii", "iv") else 1
        value = " ".join([words[0], *words[-keep:]])
    return value


def read_entity_gold(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")]
    return [r for r in rows if (r.get("kind") or "").strip().lower() != "none"]


def entity_accuracy(texts: dict[str, str], result, gold_rows: list[dict[str, str]]):
    """Speaker entity accuracy over gold quoted passages, and the wrong items by error class."""
    from analysis.framing.entities import corpus_names

    quotes = result.quotes
    if "speaker_kind" not in quotes.columns:  # a table from before speaker entities: the phrase is the speaker
        quotes = quotes.assign(speaker_kind=["unresolved" if _isna(s) else "person" for s in quotes["speaker"]])
    canonical = corpus_names(zip(quotes["speaker"].astype(object), quotes["speaker_kind"].astype(object)),
                             keep=result.lexicon.names if hasattr(result.lexicon, "names") else ())
    by_doc = {d: g.to_dict("records") for d, g in quotes.groupby("doc_id")}
    right = 0
    classes: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for g in gold_rows:
        doc, start, end = g["doc_id"].strip(), int(g["start"]), int(g["end"])
        if doc not in by_doc and doc + ".txt" in texts:
            doc = doc + ".txt"  # doc ids written as the file stem
        gold_span = [(start, end)]
        candidates = [(overlap([(int(q["start"]), int(q["end"]))], gold_span), i) for i, q in enumerate(by_doc.get(doc, []))
                      if half_overlap([(int(q["start"]), int(q["end"]))], gold_span)]
        gold_kind = (g.get("kind") or "").strip().lower()
        if not candidates:
            classes["quote not found"] += 1
            examples["quote not found"].append(f"{doc}:{start}")
            continue
        q = by_doc[doc][max(candidates)[1]]
        speaker = q["speaker"] if not _isna(q["speaker"]) else None
        speaker = canonical.get(speaker, speaker)
        kind = str(q["speaker_kind"]) if not _isna(q["speaker_kind"]) else "unresolved"
        if gold_kind == "unresolved":
            ok = kind == "unresolved"
        else:
            # names are compared, as the gold's rules name unnamed people by their description ("senator's
            # physician") where the tool keeps the phrase with kind unresolved
            ok = speaker is not None and normalise_name(speaker) == normalise_name(g.get("speaker"))
        if ok:
            right += 1
            continue
        said = "" if _isna(q["speaker_text"]) else str(q["speaker_text"])
        if not said:
            label = "speaker missed"
        elif gold_kind == "unresolved":
            label = "resolved where gold is unresolved"
        elif said.lower() in PRONOUNS:
            label = "pronoun left unresolved" if kind == "unresolved" else "pronoun resolved wrong"
        elif kind == "unresolved":
            label = "description or name left unresolved"
        elif said[:1].islower() or said.split()[0].lower() in ("the", "a", "an"):
            label = "description resolved wrong"
        elif normalise_name(speaker).split()[-1:] == normalise_name(g.get("speaker")).split()[-1:]:
            label = "same surname, other name (labels)"
        else:
            label = "wrong entity (span or venue)"
        classes[label] += 1
        examples[label].append(f"{doc}:{start} tool={speaker!r} ({kind}) gold={g.get('speaker')!r} ({gold_kind})")
    return right, len(gold_rows), classes, examples


def speaker_proxy(texts: dict[str, str], annotations, result) -> dict[str, tuple[int, int]]:
    """Entity proxies on PolNeAR without entity gold, over gold direct quotes matched by a tool quote.

    * ``name``: the gold Source is a proper name: the tool's speaker contains its last capitalised word;
    * ``pronoun``: the gold Source is a pronoun: the tool's speaker is no pronoun and, when the article
      named a person as the Source of an earlier gold quote, contains that person's last capitalised word.
    """
    by_doc = {d: g.to_dict("records") for d, g in result.quotes.groupby("doc_id")}
    counts = {"name": [0, 0], "pronoun": [0, 0], "pronoun_resolved": [0, 0]}
    for doc, gold in annotations.items():
        text = texts[doc]
        gold_quotes = sorted((g for g in gold if g.content and g.source and QUOTE_MARKS.search(g.content_text)),
                             key=lambda g: g.content[0][0])
        last_name = None
        for g in gold_quotes:
            source = " ".join(text[s:e] for s, e in g.source).strip()
            head = re.split(r",|\s\(|\s(?:of|who|whose|from|at|in)\s", source)[0]  # the name, not its appositive
            words = re.findall(r"[A-Z][\w'’-]+", head)
            candidates = [(overlap([(int(q["start"]), int(q["end"]))], g.content), i)
                          for i, q in enumerate(by_doc.get(doc, [])) if half_overlap([(int(q["start"]), int(q["end"]))], g.content)]
            q = by_doc[doc][max(candidates)[1]] if candidates else None
            speaker = "" if q is None or _isna(q["speaker"]) else str(q["speaker"])
            if source.lower() in PRONOUNS:
                counts["pronoun"][1] += 1
                counts["pronoun"][0] += bool(speaker) and speaker.lower() not in PRONOUNS
                if last_name is not None and source.lower() in ("he", "she"):
                    counts["pronoun_resolved"][1] += 1
                    counts["pronoun_resolved"][0] += last_name in speaker
            elif words and source[:1].isupper() and source.split()[0].lower() not in ("the", "a", "an"):
                surname = words[-1].removesuffix("'s").removesuffix("’s")
                counts["name"][1] += 1
                counts["name"][0] += surname in speaker
                last_name = surname
    return {k: (v[0], v[1]) for k, v in counts.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--gold", default=str(GOLD_DIR))
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--examples", type=int, default=3, help="wrong entity items to print per class")
    parser.add_argument("--part", choices=("all", "tune", "check"), default="all",
                        help="tune: articles whose sorted index % 5 != 4; check: the other fifth")
    parser.add_argument("--entities", default=str(ENTITY_GOLD),
                        help="entity gold TSV (doc_id, start, end, speaker, kind, ...); skipped when missing")
    parser.add_argument("--errors", type=int, default=20, help="error patterns to print")
    parser.add_argument("--dump", default=None, help="write every error (pattern, article, context) to this TSV file")
    args = parser.parse_args(argv)
    gold = Path(args.gold)
    if not (gold / args.split / "text").is_dir():
        raise SystemExit(f"PolNeAR not found at {gold / args.split} (see ../shared/gold/README.md)")
    started = time.perf_counter()
    texts, annotations = load_split(gold, args.split, args.limit, args.part)
    raw, result = run_pipeline(texts)
    errors: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    dump: list[str] | None = [] if args.dump else None
    q, a = evaluate(raw, annotations, result, errors, examples, dump)
    if dump is not None:
        Path(args.dump).write_text("\n".join(sorted(dump)) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - started

    print(f"PolNeAR {args.split}: {len(annotations)} articles, {q['gold']} gold direct quotes, "
          f"{a['gold']} gold attributions with a cue")
    print(f"\n{args.errors} most frequent error patterns (count, pattern, first example):")
    for pattern, count in errors.most_common(args.errors):
        print(f"{count:5d}  {pattern}\n       {examples[pattern]}")
    qp, qr, qf = prf(q["tp_pred"], q["pred"], q["tp_gold"], q["gold"])
    ap, ar, af = prf(a["tp_pred"], a["pred"], a["tp_gold"], a["gold"])
    q_matched = max(q["tp_pred"], 1)
    a_matched = max(a["tp_pred"], 1)
    print(f"\nquote table: {q['pred']} predicted quotes, {len(result.quote_problems)} quote problems; "
          f"{elapsed:.1f} s")
    print(f"== PolNeAR {args.split} ({len(annotations)} articles) ==")
    print(f"direct quotes: P {qp:.3f}  R {qr:.3f}  F1 {qf:.3f}  (pred {q['pred']}, gold {q['gold']})")
    print(f"quote speaker accuracy {q['speaker_ok'] / q_matched:.3f}  cue accuracy {q['cue_ok'] / q_matched:.3f}"
          f"  (over {q['tp_pred']} matched quotes)")
    print(f"all attributions (narration), cue: P {ap:.3f}  R {ar:.3f}  F1 {af:.3f}  (pred {a['pred']}, gold {a['gold']})")
    wp, wr, wf = prf(a["tp_pred"] + a["quoted_tp"], a["pred"] + a["quoted_pred"], a["tp_gold"], a["gold"])
    print(f"(counting also the {a['quoted_pred']} cues inside quotations or embedded in another report, "
          f"{a['quoted_tp']} of them annotated: "
          f"P {wp:.3f}  R {wr:.3f}  F1 {wf:.3f})")
    print(f"attribution speaker accuracy {a['speaker_ok'] / a_matched:.3f}  (over {a['tp_pred']} matched cues)")
    spans = span_scores(raw, annotations, result)
    for role in ("source", "cue"):
        (ep, er, ef), (bp, br, bf) = spans[role]["exact"], spans[role]["begin"]
        print(f"{role} spans (CofeNet's metrics): exact P {ep:.3f}  R {er:.3f}  F1 {ef:.3f};  "
              f"begin P {bp:.3f}  R {br:.3f}  F1 {bf:.3f}")
    proxy = speaker_proxy(raw, annotations, result)
    for key, label in (("name", "gold Source a name, speaker shares its surname"),
                       ("pronoun", "gold Source a pronoun, speaker resolved"),
                       ("pronoun_resolved", "gold Source he/she, speaker the article's last named Source")):
        ok, n = proxy[key]
        print(f"speaker proxy, {label}: {ok / max(n, 1):.3f} ({ok} of {n})")
    quotes = result.quotes
    pronoun_values = int(quotes["speaker"].dropna().astype(str).str.lower().isin(PRONOUNS).sum())
    unresolved = int((quotes["speaker_kind"].astype(str) == "unresolved").sum()) if "speaker_kind" in quotes else 0
    print(f"quote speakers that are a bare pronoun: {pronoun_values}; quotes with speaker_kind unresolved: "
          f"{unresolved} of {len(quotes)}")
    entity_gold = Path(args.entities)
    if entity_gold.is_file() and (args.split == "dev" or entity_gold != ENTITY_GOLD):  # the shipped gold is of dev
        right, total, classes, wrong = entity_accuracy(raw, result, read_entity_gold(entity_gold))
        print(f"speaker ENTITY accuracy {right / max(total, 1):.3f} ({right} of {total} gold quoted passages, "
              f"{entity_gold.name}); wrong by class:")
        for label, count in classes.most_common():
            print(f"{count:5d}  {label}: " + "; ".join(wrong[label][: args.examples]))


if __name__ == "__main__":
    main()
