"""Dictionary frames: which sentences use the vocabulary of each frame.

The frame dictionary is a versioned YAML file
(``resources/lexicons/frames.yaml``) whose header records its sources and
the decisions taken on ambiguous words. A dictionary finds vocabulary typical
of a frame; it is a proxy for framing, to be read alongside the matches (see
the file header).

Matching, sentence by sentence on the token sequence:

* Tokens are compared lowercased, with curly apostrophes folded to ``'``.
* A single-word term without wildcards matches every token with the same
  NLTK Snowball English stem: ``sanction`` matches ``sanctions`` and
  ``sanctioned``. Snowball also joins some derived words (``negotiation``
  and ``negotiate`` share the stem ``negoti``, so they match each other;
  ``organization`` and ``organ`` share ``organ``, so the dictionary avoids
  such words). One conflation is refused: Snowball drops a final ``e``, so
  ``aide`` and ``aid`` share the stem ``aid``; a token and a term whose
  singular forms differ only by a final ``e`` (``aid``/``aide``,
  ``aids``/``aides``, ``suit``/``suite``) never match.
* A multiword term matches consecutive tokens of one sentence, each word as
  above (a wildcard word as a glob).
* A word with ``*`` or ``?`` is a glob (see :func:`analysis.text.kwic.glob_regex`),
  matched against the lowercased token as written, never stemmed. Writing
  a word as a glob is how a dictionary switches stemming off where Snowball
  joins unrelated words (``accession*``: Snowball stems ``accession`` to
  ``access``).
* Longest match first: in each sentence, candidate matches are taken in
  order of length in tokens (longest first), then position (earliest
  first); a candidate overlapping a token already taken is dropped, whatever
  its category. So ``military aid`` (aid) hides ``military``
  (military_conflict) and ``aid`` inside it. When several categories have
  a term matching exactly the same tokens, the span is reported once for
  each of them; within one category the first matching term (in file order)
  is reported.

The loader also reads quanteda-style YAML dictionaries (``category: [terms]``,
or nested ``category: {subcategory: [terms]}``, which become
``category.subcategory``). Their terms follow the rules above, so a word
without a wildcard also matches its inflections.

Examples:
    >>> import pandas as pd
    >>> from analysis.text.tokenize import tokenize_corpus
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Kyiv wants security guarantees and military aid. "
    ...                                                "A presidential aide spoke."]})
    >>> sents, toks = tokenize_corpus(docs)
    >>> matches = frame_matches(toks, docs)
    >>> matches[["sent_id", "text", "frame", "term"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[0, 'security guarantees', 'security_guarantees_alliances', 'security guarantees'],
     [0, 'military aid', 'economic_aid_sanctions', 'military aid']]
    >>> shares = frame_shares(matches, sents)
    >>> shares[shares["doc_id"] == "d"].set_index("frame")["share"].to_dict()["economic_aid_sanctions"]
    0.5
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.exceptions import RulesError
from analysis.text.kwic import glob_regex, is_glob
from analysis.text.token_table import corpus_order
from analysis.yaml_files import read_yaml_file

#: The project's frame dictionary.
FRAMES_FILE: Path = config.RESOURCES_DIR / "lexicons" / "frames.yaml"
#: Columns of the match table.
MATCH_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "text", "frame", "term")
#: Columns of the share table.
SHARE_COLUMNS: tuple[str, ...] = ("doc_id", "frame", "label", "n_sentences", "sentences_with_frame", "share")
#: Columns of the frame/actor co-occurrence table.
COOCCURRENCE_COLUMNS: tuple[str, ...] = ("frame", "actor", "sentences")
#: ``doc_id`` of the corpus-level rows of :func:`frame_shares`.
CORPUS_ROW = "(corpus)"

_MATCH_DTYPES = {"doc_id": "string", "sent_id": "int64", "start": "int64", "end": "int64",
                 "text": "string", "frame": "string", "term": "string"}
_SHARE_DTYPES = {"doc_id": "string", "frame": "string", "label": "string", "n_sentences": "int64",
                 "sentences_with_frame": "int64", "share": "float64"}
_NATIVE_FIELDS = ("label", "description", "excludes", "terms")
_HAS_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class FrameCategory:
    """One frame: its vocabulary and what it does and does not capture."""

    name: str
    label: str
    description: str
    excludes: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class FrameDictionary:
    """A versioned frame dictionary, as read from a YAML file.

    Examples:
        >>> d = load_frame_dictionary()
        >>> d.names()[:2]
        ('military_conflict', 'diplomacy_negotiation')
        >>> d.category("economic_aid_sanctions").label
        'Economic, aid & sanctions'
    """

    categories: tuple[FrameCategory, ...]
    version: str
    path: str

    def names(self) -> tuple[str, ...]:
        """Category names in dictionary order.

        Examples:
            >>> len(load_frame_dictionary().names())
            7
        """
        return tuple(c.name for c in self.categories)

    def category(self, name: str) -> FrameCategory:
        """Return the category called ``name``.

        Raises:
            KeyError: No such category.

        Examples:
            >>> load_frame_dictionary().category("nato")
            Traceback (most recent call last):
            ...
            KeyError: "no frame category 'nato'"
        """
        for category in self.categories:
            if category.name == name:
                return category
        raise KeyError(f"no frame category {name!r}")


# ---------------------------------------------------------------- loading


@functools.lru_cache(maxsize=1)
def _treebank():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def _check_term(raw: object, *, file: Path, category: str) -> str:
    """Normalize one term (lowercase, single spaces) or raise :class:`RulesError`."""
    if not isinstance(raw, str):
        raise RulesError(
            f"term {raw!r} is a {type(raw).__name__}, not a string (quote it in the YAML file)",
            path=file, entry=category,
        )
    term = " ".join(raw.lower().replace("\u2019", "'").split())
    if not term:
        raise RulesError("empty term", path=file, entry=category)
    for word in term.split(" "):
        if not _HAS_WORD_CHAR.search(word):
            raise RulesError(f"term {raw!r}: the word {word!r} has no letter or digit", path=file, entry=category)
        probe = re.sub(r"[*?]", "a", word)
        split = _treebank().tokenize(f"x {probe} x")
        if split != ["x", probe, "x"]:
            hint = " ".join(split[1:-1])
            raise RulesError(
                f"term {raw!r}: {word!r} is more than one token ({hint!r}); write the tokens separated by spaces",
                path=file, entry=category,
            )
    return term


def _terms(value: object, *, file: Path, category: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RulesError("expected a list of terms", path=file, entry=category)
    if not value:
        raise RulesError("no terms", path=file, entry=category)
    terms: list[str] = []
    for raw in value:
        term = _check_term(raw, file=file, category=category)
        if term in terms:
            raise RulesError(f"duplicate term {term!r}", path=file, entry=category)
        terms.append(term)
    return tuple(terms)


def _native_categories(frames: object, *, file: Path) -> list[FrameCategory]:
    if not isinstance(frames, dict) or not frames:
        raise RulesError("'frames' must be a non-empty mapping of category name -> entry", path=file)
    categories = []
    for name, entry in frames.items():
        name = str(name)
        if not isinstance(entry, dict):
            raise RulesError("expected a mapping with " + ", ".join(_NATIVE_FIELDS), path=file, entry=name)
        missing = [f for f in _NATIVE_FIELDS if f not in entry]
        unknown = sorted(set(map(str, entry)) - set(_NATIVE_FIELDS))
        if missing or unknown:
            raise RulesError(f"missing fields {missing}, unknown fields {unknown}", path=file, entry=name)
        texts = {}
        for field in ("label", "description", "excludes"):
            if not isinstance(entry[field], str) or not entry[field].strip():
                raise RulesError(f"{field!r} must be a non-empty text", path=file, entry=name)
            texts[field] = " ".join(entry[field].split())
        categories.append(FrameCategory(name=name, terms=_terms(entry["terms"], file=file, category=name), **texts))
    return categories


def _quanteda_categories(data: dict, *, file: Path, prefix: str = "") -> list[FrameCategory]:
    categories = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if not value:
                raise RulesError("no terms and no subcategories", path=file, entry=name)
            categories.extend(_quanteda_categories(value, file=file, prefix=f"{name}."))
        else:
            terms = _terms(value, file=file, category=name)
            categories.append(FrameCategory(name=name, label=name, description="", excludes="", terms=terms))
    return categories


@functools.lru_cache(maxsize=8)
def load_frame_dictionary(path: str | Path | None = None) -> FrameDictionary:
    """Read a frame dictionary, in this project's format or quanteda's.

    The project's format is a mapping with ``version`` and ``frames``
    (category name -> ``label``, ``description``, ``excludes``, ``terms``);
    see ``resources/lexicons/frames.yaml``. Any other mapping is read as a
    quanteda-style dictionary: ``category: [term, ...]`` or nested
    ``category: {subcategory: [term, ...]}``, whose names become
    ``category.subcategory``; labels are the names and ``version`` is ``""``.

    Terms are lowercased and their whitespace collapsed.

    Args:
        path: A YAML file; ``None`` reads the project's dictionary. Relative
            paths are taken from the project root.

    Returns:
        The dictionary, categories in file order.

    Raises:
        RulesError: Naming the file and the category: missing file, invalid
            YAML, a duplicate category or term, a category without terms,
            a term that is not a string, has no letter or digit, or would be
            split into several tokens (``"zelenskiy's"``).

    Examples:
        >>> d = load_frame_dictionary()
        >>> d.version, d.path
        ('1', 'analysis/resources/lexicons/frames.yaml')
        >>> "security guarantees" in d.category("security_guarantees_alliances").terms
        True
    """
    file = FRAMES_FILE if path is None else config.resolve_path(path)
    data = read_yaml_file(file, what="frame dictionary", keys="category or field")
    if not isinstance(data, dict) or not data:
        raise RulesError("expected a mapping of categories (or 'version' and 'frames')", path=file)
    native = "frames" in data and "version" in data and not isinstance(data["version"], (list, dict))
    if native:
        categories = _native_categories(data["frames"], file=file)
        version = str(data["version"])
    else:
        categories = _quanteda_categories(data, file=file)
        version = ""
    seen: set[str] = set()
    for category in categories:
        if category.name in seen:
            raise RulesError("duplicate category name", path=file, entry=category.name)
        seen.add(category.name)
    return FrameDictionary(categories=tuple(categories), version=version, path=config.display_path(file))


# ---------------------------------------------------------------- matching


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@functools.lru_cache(maxsize=65536)
def _stem(form: str) -> str:
    return _stemmer().stem(form) if _HAS_WORD_CHAR.search(form) else form


def _singular(word: str) -> str:
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def final_e_conflation(a: str, b: str) -> bool:
    """True when two words differ only by a final ``e`` (after removing a plural ``s``).

    Snowball removes a final ``e`` after a long syllable, so distinct words
    such as ``aid`` and ``aide`` get the same stem; :func:`frame_matches`
    refuses such stem matches.

    Examples:
        >>> [final_e_conflation("aid", w) for w in ["aide", "aides", "aids", "aided"]]
        [True, True, False, False]
        >>> final_e_conflation("forces", "force"), final_e_conflation("suit", "suite")
        (False, True)
    """
    x, y = _singular(a), _singular(b)
    return x == y + "e" or y == x + "e"


def word_matches(term_word: str, form: str) -> bool:
    """Does one (lowercased) term word match one lowercased token form?

    A glob matches as written; a plain word matches an equal form or an
    equal Snowball stem, except across a final ``e`` (see
    :func:`final_e_conflation`).

    Examples:
        >>> [word_matches("sanction", w) for w in ["sanctions", "sanctioned", "sanctity"]]
        [True, True, False]
        >>> word_matches("aid", "aide"), word_matches("aid", "aided"), word_matches("negotiation", "negotiate")
        (False, True, True)
        >>> word_matches("negotiat*", "negotiating"), word_matches("claim*", "reclaim")
        (True, False)
    """
    if is_glob(term_word):
        return bool(glob_regex(term_word).fullmatch(form))
    if form == term_word:
        return True
    return _stem(form) == _stem(term_word) and not final_e_conflation(form, term_word)


@dataclass(frozen=True)
class _Term:
    category: int
    order: int
    text: str
    words: tuple[str, ...]


def _compiled_terms(dictionary: FrameDictionary) -> list[_Term]:
    terms = []
    for c, category in enumerate(dictionary.categories):
        for t, text in enumerate(category.terms):
            terms.append(_Term(category=c, order=t, text=text, words=tuple(text.split(" "))))
    return terms


def _select(candidates: list[tuple[int, int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Longest first, then earliest; same-span matches of other categories kept.

    ``candidates`` holds ``(position, length, category, term order, term id)``.
    Returns ``(position, length, category, term id)`` of the kept matches.
    """
    kept: list[tuple[int, int, int, int]] = []
    taken: set[int] = set()
    spans: dict[tuple[int, int], set[int]] = {}
    for pos, length, category, _, term_id in sorted(candidates, key=lambda c: (-c[1], c[0], c[2], c[3])):
        span = (pos, length)
        if span in spans:
            if category not in spans[span]:
                spans[span].add(category)
                kept.append((pos, length, category, term_id))
            continue
        if any(k in taken for k in range(pos, pos + length)):
            continue
        taken.update(range(pos, pos + length))
        spans[span] = {category}
        kept.append((pos, length, category, term_id))
    return kept


def frame_matches(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    dictionary: FrameDictionary | None = None,
) -> pd.DataFrame:
    """Find the frame terms in every sentence.

    Args:
        tokens: The full token table of :func:`analysis.text.tokenize.tokenize_corpus`.
        documents: The document table (``doc_id``, ``text``), for raw texts
            and document order.
        dictionary: A frame dictionary; ``None`` loads the project's.

    Returns:
        Columns ``doc_id, sent_id, start, end, text, frame, term``: one row
        per match and category, ``text == raw[start:end]``, ``term`` as
        written in the dictionary. Sorted by document order, ``start``,
        ``end``, then dictionary order of the frame.

    Raises:
        ValueError: Tokens of a document missing from ``documents``.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Russia wants sanctions relief; talks were negotiated."]})
        >>> _, toks = tokenize_corpus(docs)
        >>> frame_matches(toks, docs)[["text", "frame", "term"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [['sanctions relief', 'economic_aid_sanctions', 'sanctions relief'],
         ['talks', 'diplomacy_negotiation', 'talks*'],
         ['negotiated', 'diplomacy_negotiation', 'negotiat*']]
    """
    dictionary = load_frame_dictionary() if dictionary is None else dictionary
    empty = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _MATCH_DTYPES.items()})
    if tokens.empty:
        return empty
    toks = corpus_order(tokens, documents)
    texts = {str(d): str(t) for d, t in zip(documents["doc_id"], documents["text"])}
    doc_order = {str(d): i for i, d in enumerate(documents["doc_id"])}
    forms = toks["token"].astype(str).str.replace("\u2019", "'", regex=False).str.lower()
    codes, uniques = pd.factorize(forms, sort=False)
    uniques = list(uniques)
    terms = _compiled_terms(dictionary)

    @functools.lru_cache(maxsize=None)
    def matches(word: str, code: int) -> bool:
        return word_matches(word, uniques[code])

    # Index terms by what their first word can match, so each token tries few terms.
    by_stem: dict[str, list[int]] = {}
    glob_first: list[int] = []
    for term_id, term in enumerate(terms):
        if is_glob(term.words[0]):
            glob_first.append(term_id)
        else:
            by_stem.setdefault(_stem(term.words[0]), []).append(term_id)
    first: list[list[int]] = []
    for code, form in enumerate(uniques):
        ids = [t for t in by_stem.get(_stem(form), []) if matches(terms[t].words[0], code)]
        ids += [t for t in glob_first if matches(terms[t].words[0], code)]
        first.append(ids)

    doc_ids = toks["doc_id"].astype(str).to_numpy(dtype=object)
    sent_ids = toks["sent_id"].to_numpy(dtype=np.int64)
    starts = toks["start"].to_numpy(dtype=np.int64)
    ends = toks["end"].to_numpy(dtype=np.int64)
    rows: list[tuple] = []
    doc_codes, _ = pd.factorize(toks["doc_id"].astype(str))
    new_sentence = np.ones(len(toks), dtype=bool)
    new_sentence[1:] = (doc_codes[1:] != doc_codes[:-1]) | (sent_ids[1:] != sent_ids[:-1])
    firsts = np.flatnonzero(new_sentence).tolist()
    for lo, hi in zip(firsts, firsts[1:] + [len(toks)]):
        candidates = []
        for i in range(lo, hi):
            for term_id in first[codes[i]]:
                term = terms[term_id]
                n = len(term.words)
                if i + n > hi:
                    continue
                if all(matches(term.words[k], codes[i + k]) for k in range(1, n)):
                    candidates.append((i, n, term.category, term.order, term_id))
        for pos, length, category, term_id in _select(candidates):
            doc_id = doc_ids[pos]
            start, end = int(starts[pos]), int(ends[pos + length - 1])
            rows.append((doc_order[doc_id], start, end, category, doc_id, int(sent_ids[pos]), start, end,
                         texts[doc_id][start:end], dictionary.categories[category].name, terms[term_id].text))
    if not rows:
        return empty
    rows.sort(key=lambda r: r[:4])
    return pd.DataFrame([r[4:] for r in rows], columns=list(MATCH_COLUMNS)).astype(_MATCH_DTYPES)


# ---------------------------------------------------------------- summaries


def frame_shares(
    matches: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    dictionary: FrameDictionary | None = None,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of sentences using each frame's vocabulary, per document and overall.

    Args:
        matches: A table from :func:`frame_matches`.
        sentences: The sentence table (one row per sentence).
        dictionary: The dictionary the matches came from (``None``: the
            project's); it fixes the frames listed and their order.
        documents: Optional document table: sets the document order and adds
            documents without sentences (``n_sentences`` 0, ``share`` NaN).
            Without it, documents appear in the order of ``sentences``.

    Returns:
        Columns ``doc_id, frame, label, n_sentences, sentences_with_frame,
        share``: one row per document and frame (every frame, zeros
        included), documents in order and frames in dictionary order, then
        the same rows for the whole corpus with ``doc_id`` ``"(corpus)"``.
        ``share = sentences_with_frame / n_sentences`` (NaN when there are no
        sentences). A sentence counts once per frame however many terms
        it matches.

    Raises:
        ValueError: A match names a frame that is not in the dictionary.

    Examples:
        >>> import pandas as pd
        >>> sents = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0]})
        >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 0, 0],
        ...                   "frame": ["military_conflict", "military_conflict", "domestic_politics"]})
        >>> t = frame_shares(m, sents)
        >>> t[t["frame"] == "military_conflict"][["doc_id", "n_sentences", "sentences_with_frame", "share"]].values.tolist()
        [['a', 2, 1, 0.5], ['b', 1, 0, 0.0], ['(corpus)', 3, 1, 0.3333333333333333]]
    """
    dictionary = load_frame_dictionary() if dictionary is None else dictionary
    names = dictionary.names()
    unknown = sorted(set(matches["frame"].astype(str)) - set(names)) if len(matches) else []
    if unknown:
        raise ValueError(f"frames not in the dictionary {dictionary.path!r}: {unknown}")
    if documents is not None:
        doc_order = [str(d) for d in documents["doc_id"]]
    else:
        doc_order = list(dict.fromkeys(sentences["doc_id"].astype(str)))
    n_sentences = sentences.assign(doc_id=sentences["doc_id"].astype(str)).groupby("doc_id").size()
    hit = matches[["doc_id", "sent_id", "frame"]].astype({"doc_id": str, "frame": str}).drop_duplicates()
    with_frame = hit.groupby(["doc_id", "frame"]).size()
    rows = []
    for doc_id in doc_order + [CORPUS_ROW]:
        total = int(len(sentences)) if doc_id == CORPUS_ROW else int(n_sentences.get(doc_id, 0))
        for category in dictionary.categories:
            if doc_id == CORPUS_ROW:
                count = int(hit[hit["frame"] == category.name].shape[0])
            else:
                count = int(with_frame.get((doc_id, category.name), 0))
            rows.append((doc_id, category.name, category.label, total, count, count / total if total else math.nan))
    return pd.DataFrame(rows, columns=list(SHARE_COLUMNS)).astype(_SHARE_DTYPES)


def frame_actor_cooccurrence(
    matches: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    dictionary: FrameDictionary | None = None,
) -> pd.DataFrame:
    """Count the sentences in which a frame and an actor occur together.

    Args:
        matches: A table from :func:`frame_matches`.
        mentions: Actor mentions with at least ``doc_id``, ``sent_id`` and
            ``actor`` (rows without an actor are ignored).
        dictionary: Orders the frames. ``None``: the project's dictionary
            when it holds every frame of ``matches``, else frame names sorted.

    Returns:
        Columns ``frame, actor, sentences``: only pairs that co-occur, sorted
        by frame (dictionary order), then ``sentences`` descending, then
        actor. A sentence counts once per pair.

    Raises:
        KeyError: ``mentions`` lacks one of the required columns.

    Examples:
        >>> import pandas as pd
        >>> m = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 1, 1],
        ...                   "frame": ["diplomacy_negotiation", "diplomacy_negotiation", "military_conflict"]})
        >>> who = pd.DataFrame({"doc_id": ["a", "a", "a", "a"], "sent_id": [0, 0, 1, 2],
        ...                     "actor": ["Zelenskiy", "Zelenskiy", "Putin", "Trump"]})
        >>> frame_actor_cooccurrence(m, who).values.tolist()
        [['military_conflict', 'Putin', 1], ['diplomacy_negotiation', 'Putin', 1], ['diplomacy_negotiation', 'Zelenskiy', 1]]
    """
    missing = [c for c in ("doc_id", "sent_id", "actor") if c not in mentions.columns]
    if missing:
        raise KeyError(f"mentions needs the columns {missing}")
    frames = matches[["doc_id", "sent_id", "frame"]].astype({"doc_id": str, "sent_id": "int64", "frame": str})
    actors = mentions.loc[mentions["actor"].notna(), ["doc_id", "sent_id", "actor"]]
    actors = actors.astype({"doc_id": str, "sent_id": "int64", "actor": str})
    pairs = frames.drop_duplicates().merge(actors.drop_duplicates(), on=["doc_id", "sent_id"])
    table = pairs.groupby(["frame", "actor"]).size().rename("sentences").reset_index()
    if dictionary is None:
        default = load_frame_dictionary()
        order = default.names() if set(table["frame"]) <= set(default.names()) else tuple(sorted(set(table["frame"])))
    else:
        order = dictionary.names()
    rank = {name: i for i, name in enumerate(order)}
    table["_rank"] = table["frame"].map(lambda f: rank.get(f, len(rank)))
    table = table.sort_values(["_rank", "frame", "sentences", "actor"], ascending=[True, True, False, True],
                              kind="mergesort")
    table = table.drop(columns="_rank").reset_index(drop=True)
    return table[list(COOCCURRENCE_COLUMNS)].astype({"frame": "string", "actor": "string", "sentences": "int64"})
