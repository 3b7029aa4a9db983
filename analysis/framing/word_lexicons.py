"""Word-category lexicons (``-p tone_lexicon FILE``): NRC Emotion, Bing, AFINN or a plain CSV.

A lexicon is a table of ``word, category, score``; a token matches a word when
its lowercased form (the ``token`` column, lowercased; never the stemmed
``norm``) equals the word exactly: no stemming, no wildcards. The layout is
recognised from the file, never guessed from its content alone:

========================= ======================================================= =============================
layout                    lines                                                   categories
========================= ======================================================= =============================
NRC Emotion Lexicon       ``word<TAB>category<TAB>0|1`` (a ``.txt``)              the categories with 1
(Mohammad & Turney 2013)
Bing Liu's opinion        ``positive-words.txt`` / ``negative-words.txt``: one     ``positive``, ``negative``
lexicon (Hu & Liu 2004)   word a line, ``;`` comment lines; give either file
                          (its sibling is read too when present) or their folder
AFINN (Nielsen 2011)      ``word<TAB>score`` (an integer)                         ``positive`` (score > 0),
                                                                                  ``negative`` (score < 0)
CSV                       ``word,category[,score]``, an optional header           as written
                          ``word,category[,score]``
========================= ======================================================= =============================

A ``.csv`` file is read as CSV; a ``.txt``/``.tsv`` (or other) file is NRC when
its first entry has three tab-separated fields and AFINN when it has two. Every
line must then have that layout: a malformed line (wrong number of fields, an
association other than 0 or 1, a score that is not a number, an empty word or
category) is an error naming the file and the line. Blank lines are skipped.

Words are lowercased. An entry of several words (AFINN has a few, such as
"cool stuff") can never equal one token, so it is left out and counted in
``lexicon.attrs["multiword_entries"]``.

Licences: no lexicon is shipped with the project. The NRC Emotion Lexicon may
not be redistributed: download it from Saif Mohammad's site
(https://saifmohammad.com/WebPages/NRC-Emotion-Lexicon.htm) and pass
``NRC-Emotion-Lexicon-Wordlevel-v0.92.txt``. Bing Liu's lists are at
https://www.cs.uic.edu/~liub/FBS/sentiment-analysis.html; AFINN (ODbL 1.0) at
https://github.com/fnielsen/afinn.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "nrc.txt").write_text("abandon\\tfear\\t1\\nabandon\\tjoy\\t0\\nWar\\tfear\\t1\\n", encoding="utf-8")
    >>> read_word_lexicon(folder / "nrc.txt")[["word", "category"]].values.tolist()
    [['abandon', 'fear'], ['war', 'fear']]
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from analysis.exceptions import ParameterError

#: Columns of a lexicon table.
LEXICON_COLUMNS: tuple[str, ...] = ("word", "category", "score")
#: The file names of Bing Liu's opinion lexicon.
BING_FILES: dict[str, str] = {"positive-words.txt": "positive", "negative-words.txt": "negative"}
#: The layouts :func:`read_word_lexicon` recognises.
LAYOUTS: tuple[str, ...] = ("nrc", "bing", "afinn", "csv")


class LexiconError(ParameterError):
    """A lexicon file that cannot be read; the message names the file and the line."""


def _fail(path: Path, line: int | None, message: str) -> LexiconError:
    where = f"{path}, line {line}" if line is not None else str(path)
    return LexiconError(f"tone_lexicon {where}: {message}")


def _lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _fail(path, None, f"cannot be read ({err.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise _fail(path, line, "is not UTF-8 text (convert the file to UTF-8)") from None
    return text.splitlines()


def _number(path: Path, line: int, value: str, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _fail(path, line, f"{what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise _fail(path, line, f"{what} {value!r} is not a finite number")
    return number


def _word(path: Path, line: int, value: str) -> str:
    word = value.strip().lower()
    if not word:
        raise _fail(path, line, "empty word")
    return word


def _read_bing(paths: list[Path]) -> list[tuple[str, str, float, int]]:
    rows = []
    for path in paths:
        category = BING_FILES[path.name]
        for number, raw in enumerate(_lines(path), start=1):
            text = raw.strip()
            if not text or text.startswith(";"):
                continue
            if "\t" in text or "," in text:
                raise _fail(path, number, f"expected one word a line, got {raw!r}")
            rows.append((_word(path, number, text), category, math.nan, number))
    return rows


def _read_tab(path: Path) -> tuple[str, list[tuple[str, str, float, int]]]:
    lines = _lines(path)
    entries = [(n, raw) for n, raw in enumerate(lines, start=1) if raw.strip()]
    if not entries:
        raise _fail(path, None, "holds no entries")
    width = len(entries[0][1].rstrip("\r\n").split("\t"))
    if width not in (2, 3):
        raise _fail(path, entries[0][0], "expected word<TAB>category<TAB>0|1 (NRC) or word<TAB>score (AFINN), "
                                         f"got {entries[0][1]!r}")
    layout = "nrc" if width == 3 else "afinn"
    rows = []
    for number, raw in entries:
        fields = raw.rstrip("\r\n").split("\t")
        if len(fields) != width:
            expected = "word<TAB>category<TAB>0|1" if layout == "nrc" else "word<TAB>score"
            raise _fail(path, number, f"expected {expected} like the first entry, got {raw!r}")
        word = _word(path, number, fields[0])
        if layout == "nrc":
            category, flag = fields[1].strip(), fields[2].strip()
            if not category:
                raise _fail(path, number, "empty category")
            if flag not in ("0", "1"):
                raise _fail(path, number, f"the association must be 0 or 1, got {flag!r}")
            if flag == "1":
                rows.append((word, category, math.nan, number))
        else:
            score = _number(path, number, fields[1].strip(), "score")
            if score:
                rows.append((word, "positive" if score > 0 else "negative", score, number))
    return layout, rows


def _read_csv(path: Path) -> list[tuple[str, str, float, int]]:
    rows = []
    reader = csv.reader(io.StringIO("\n".join(_lines(path))))
    for number, fields in enumerate(reader, start=1):
        if not fields or not any(f.strip() for f in fields):
            continue
        if number == 1 and [f.strip().lower() for f in fields] in (["word", "category"], ["word", "category", "score"]):
            continue
        if len(fields) not in (2, 3):
            raise _fail(path, number, f"expected word,category[,score], got {len(fields)} fields")
        category = fields[1].strip()
        if not category:
            raise _fail(path, number, "empty category")
        score = _number(path, number, fields[2].strip(), "score") if len(fields) == 3 else math.nan
        rows.append((_word(path, number, fields[0]), category, score, number))
    return rows


def read_word_lexicon(path: str | Path) -> pd.DataFrame:
    """Read a word-category lexicon in any layout of the module docstring.

    Returns:
        Columns ``word, category, score`` (``score`` NaN when the layout has
        none), one row per word and category, sorted by category then word;
        ``attrs`` holds ``layout``, ``source`` (the file or folder as given)
        and ``multiword_entries``.

    Raises:
        LexiconError: The file is missing, unreadable, empty, or has a malformed
            line (the message names the file and the line).
    """
    from analysis import config

    shown = Path(path)
    path = config.resolve_path(path)
    if path.is_dir():
        files = [path / name for name in BING_FILES if (path / name).is_file()]
        if not files:
            raise _fail(path, None, "a folder must hold Bing's positive-words.txt and/or negative-words.txt")
        layout, rows = "bing", _read_bing(files)
    elif not path.is_file():
        raise _fail(path, None, "no such file")
    elif path.name in BING_FILES:
        files = [path.parent / name for name in BING_FILES if (path.parent / name).is_file()]
        layout, rows = "bing", _read_bing(files)
    elif path.suffix.lower() == ".csv":
        layout, rows = "csv", _read_csv(path)
    else:
        layout, rows = _read_tab(path)
    if not rows:
        raise _fail(path, None, "holds no entries")
    single = [r for r in rows if " " not in r[0]]
    table = pd.DataFrame([r[:3] for r in single], columns=list(LEXICON_COLUMNS))
    table = table.drop_duplicates(subset=["word", "category"], keep="first")
    table = table.sort_values(["category", "word"], kind="mergesort").reset_index(drop=True)
    table = table.astype({"word": "string", "category": "string", "score": "float64"})
    table.attrs.update(layout=layout, source=str(shown), multiword_entries=len(rows) - len(single))
    return table


def lexicon_matches(tokens: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Every token matching a lexicon word, once per category: ``doc_id, sent_id, tok_id, token, category``.

    A token matches when its lowercased ``token`` equals a ``word`` (exact; no stemming).

    Examples:
        >>> toks = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0] * 3, "tok_id": [0, 1, 2],
        ...                      "token": ["War", "wars", "war"]})
        >>> lex = pd.DataFrame({"word": ["war", "war"], "category": ["anger", "fear"], "score": [float("nan")] * 2})
        >>> lexicon_matches(toks, lex)[["tok_id", "category"]].values.tolist()
        [[0, 'anger'], [0, 'fear'], [2, 'anger'], [2, 'fear']]
    """
    frame = tokens[["doc_id", "sent_id", "tok_id", "token"]].copy()
    frame["_word"] = frame["token"].astype(str).str.lower()
    words = lexicon[["word", "category"]].astype(str).rename(columns={"word": "_word"})
    matched = frame.reset_index().merge(words, on="_word", how="inner")
    matched = matched.sort_values(["index", "category"], kind="mergesort")
    return matched[["doc_id", "sent_id", "tok_id", "token", "category"]].reset_index(drop=True)
