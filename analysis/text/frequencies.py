"""Term frequencies, n-grams and type/token statistics.

All functions take the token table of :func:`analysis.text.tokenize.tokenize_corpus`
and count its ``norm`` column. Which tokens count is decided here, by keyword
flags, so one token table serves every analysis:

* ``drop_punct``: leave out punctuation tokens (``is_punct``);
* ``drop_numbers``: leave out numerals (``is_num``);
* ``drop_stopwords``: leave out stopwords (``is_stop``).

Ties are always broken the same way: count descending, then term ascending
(by Unicode code point), so reruns give identical tables.

Examples:
    >>> import pandas as pd
    >>> from analysis.text.tokenize import tokenize_corpus
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["NATO, NATO and Kyiv.", "Kyiv and NATO."]})
    >>> _, toks = tokenize_corpus(docs)
    >>> term_frequencies(toks).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'term': 'nato', 'count': 3, 'per_10k': 4285.714285714285, 'doc_freq': 2, 'rank': 1},
     {'term': 'kyiv', 'count': 2, 'per_10k': 2857.1428571428573, 'doc_freq': 2, 'rank': 2}]
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.corpus.groups import group_column_name, group_columns, group_labels, normalise_labels
from analysis.text.token_table import counted_mask, rate_base_mask

#: Columns of the term table (a group column comes first when grouping).
TERM_COLUMNS: tuple[str, ...] = ("term", "count", "per_10k", "doc_freq", "rank")
#: Columns of the n-gram table.
NGRAM_COLUMNS: tuple[str, ...] = ("ngram", "n", "count", "per_10k", "doc_freq", "rank")


def counted_tokens(
    tokens: pd.DataFrame,
    *,
    drop_punct: bool = True,
    drop_numbers: bool = False,
    drop_stopwords: bool = True,
) -> pd.DataFrame:
    """Return the tokens that count, under the given flags.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"norm": ["the", "nato", ",", "24"], "is_stop": [True, False, False, False],
        ...                   "is_punct": [False, False, True, False], "is_num": [False, False, False, True]})
        >>> counted_tokens(t)["norm"].tolist()
        ['nato', '24']
        >>> counted_tokens(t, drop_numbers=True, drop_stopwords=False)["norm"].tolist()
        ['the', 'nato']
    """
    return tokens[counted_mask(tokens, drop_punct=drop_punct, drop_numbers=drop_numbers, drop_stopwords=drop_stopwords)]


def _attach_group(tokens: pd.DataFrame, by: str | Sequence[str] | None,
                  documents: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    """Tokens with their group label in a column named by :func:`~analysis.corpus.groups.group_column_name`."""
    columns = group_columns(by)
    if not columns:
        return tokens, []
    name = group_column_name(by)
    if len(columns) == 1 and name in tokens.columns:
        frame = tokens.copy()
        frame[name] = normalise_labels(frame[name])
        return frame, [name]
    if documents is None:
        raise KeyError(f"cannot group by {by!r}: pass documents= holding {'that column' if len(columns) == 1 else 'those columns'}")
    labels = pd.DataFrame({"doc_id": documents["doc_id"].astype(str).to_numpy(),
                           name: group_labels(documents, columns).to_numpy()})
    frame = tokens.drop(columns=[name], errors="ignore").assign(_doc=tokens["doc_id"].astype(str))
    frame = frame.merge(labels.rename(columns={"doc_id": "_doc"}), on="_doc", how="left", validate="many_to_one")
    frame = frame.drop(columns="_doc")
    frame[name] = normalise_labels(frame[name])
    return frame, [name]


def rate_base_totals(tokens: pd.DataFrame, *, by: str | Sequence[str] | None = None,
                     documents: pd.DataFrame | None = None) -> dict[str, int]:
    """Word tokens (:data:`~analysis.text.token_table.RATE_BASE`) of the corpus (key ``""``) or of each group.

    Group keys are ``"\\x1f" + label``, so they never collide with the corpus key; the
    counts stage sums them over partitions.

    Examples:
        >>> t = pd.DataFrame({"doc_id": ["a", "a", "b"], "norm": ["the", ".", "war"], "is_punct": [False, True, False],
        ...                   "is_num": [False] * 3, "is_stop": [True, False, False]})
        >>> rate_base_totals(t)
        {'': 2}
        >>> rate_base_totals(t, by="outlet", documents=pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", None]}))
        {'\\x1f(missing)': 1, '\\x1fX': 1}
    """
    words = tokens[rate_base_mask(tokens)]
    if not group_columns(by):
        return {"": int(len(words))}
    words, group = _attach_group(words, by, documents)
    sizes = words.groupby(group[0], sort=True).size()
    return {"\x1f" + str(k): int(v) for k, v in sizes.items()}


def _rank(table: pd.DataFrame, key: str, group: list[str]) -> pd.DataFrame:
    table = table.sort_values(group + ["count", key], ascending=[True] * len(group) + [False, True], kind="mergesort")
    table["rank"] = table.groupby(group).cumcount() + 1 if group else np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


def term_frequencies(
    tokens: pd.DataFrame,
    *,
    drop_punct: bool = True,
    drop_numbers: bool = False,
    drop_stopwords: bool = True,
    by: str | Sequence[str] | None = None,
    documents: pd.DataFrame | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Count terms (``norm`` values) over the corpus or per group.

    Args:
        tokens: A token table.
        drop_punct: Leave out punctuation.
        drop_numbers: Leave out numerals.
        drop_stopwords: Leave out stopwords.
        by: A metadata column (such as ``"outlet"``), or a list of columns, to
            count within; values come from ``documents`` unless the token table
            has the column. Several columns give one group per combination,
            labelled as :func:`analysis.corpus.groups.group_labels` says, in a
            column named ``"outlet | period"``.
        documents: The document table, needed when grouping by metadata.
        min_count: Leave out terms counted fewer times.

    Returns:
        Columns ``term, count, per_10k, doc_freq, rank`` (preceded by the
        group column when grouping). ``per_10k`` is per 10,000 word tokens
        of the corpus or group (:data:`~analysis.text.token_table.RATE_BASE`:
        punctuation left out, stopwords included, whatever the flags), the one
        base of every rate; ``doc_freq`` is the number of documents
        containing the term; ``rank`` is 1 for the most frequent term, ties
        broken by term.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["war war peace", "peace talks"],
        ...                      "outlet": ["X", "Y"]})
        >>> _, toks = tokenize_corpus(docs)
        >>> term_frequencies(toks, by="outlet", documents=docs)[["outlet", "term", "count", "rank"]].values.tolist()
        [['X', 'war', 2, 1], ['X', 'peace', 1, 2], ['Y', 'peace', 1, 1], ['Y', 'talks', 1, 2]]
    """
    kept = counted_tokens(tokens, drop_punct=drop_punct, drop_numbers=drop_numbers, drop_stopwords=drop_stopwords)
    kept, group = _attach_group(kept, by, documents)
    keys = group + ["norm"]
    table = kept.groupby(keys, sort=False).agg(count=("norm", "size"), doc_freq=("doc_id", "nunique")).reset_index()
    table = table.rename(columns={"norm": "term"})
    words, _ = _attach_group(tokens[rate_base_mask(tokens)], by, documents)
    if group:
        totals = words.groupby(group, sort=False).size()
        base = table[group[0]].map(totals).astype("float64")
    else:
        base = float(len(words))
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_10k"] = (table["count"] * 10_000 / base).where(base > 0) if group else (
            table["count"] * 10_000 / base if base else math.nan)
    table = table[table["count"] >= min_count]
    table = _rank(table, "term", group)
    table = table.astype({g: "string" for g in group} | {"term": "string", "count": "int64", "doc_freq": "int64",
                                                          "rank": "int64"})
    return table[group + list(TERM_COLUMNS)]


def ngram_frequencies(
    tokens: pd.DataFrame,
    *,
    n_values: Iterable[int] = (2, 3),
    drop_punct: bool = True,
    drop_numbers: bool = False,
    drop_stopword_edges: bool = True,
    by: str | Sequence[str] | None = None,
    documents: pd.DataFrame | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Count n-grams of ``norm`` values within sentences.

    N-grams are read from the full token sequence of each sentence (so that
    dropping a token never makes two distant words adjacent) and then
    filtered. They never cross a sentence boundary.

    Args:
        tokens: A token table.
        n_values: The n-gram lengths, for example ``(2, 3)``.
        drop_punct: Leave out n-grams containing punctuation.
        drop_numbers: Leave out n-grams containing a numeral.
        drop_stopword_edges: Leave out n-grams that start or end with a stopword.
        by: A metadata column, or a list of them, to count within (see :func:`term_frequencies`).
        documents: The document table, needed when grouping by metadata.
        min_count: Leave out n-grams counted fewer times.

    Returns:
        Columns ``ngram, n, count, per_10k, doc_freq, rank`` (group column
        first when grouping). ``ngram`` joins norms with single spaces;
        ``per_10k`` is per 10,000 word tokens of the corpus or group (the one
        base of rates, :data:`~analysis.text.token_table.RATE_BASE`), so a
        phrase's rate equals its rate in ``rate_ratios``; ``rank`` restarts for each ``n``.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Security guarantees matter. The security guarantees."]})
        >>> _, toks = tokenize_corpus(docs)
        >>> table = ngram_frequencies(toks, n_values=[2])  # 6 word tokens
        >>> table[["ngram", "count", "doc_freq"]].values.tolist(), table["per_10k"].round(1).tolist()
        ([['security guarantees', 2, 1], ['guarantees matter', 1, 1]], [3333.3, 1666.7])
    """
    frame, group = _attach_group(tokens, by, documents)
    frame = frame.reset_index(drop=True)
    words = frame[rate_base_mask(frame)]
    word_totals = words.groupby(group, sort=False).size() if group else float(len(words))
    norms = frame["norm"].astype(str).to_numpy(dtype=object)
    sentence_key = (frame["doc_id"].astype(str) + "\x1f" + frame["sent_id"].astype(str)).to_numpy(dtype=object)
    punct = frame["is_punct"].to_numpy(dtype=bool)
    numeral = frame["is_num"].to_numpy(dtype=bool)
    stop = frame["is_stop"].to_numpy(dtype=bool)
    pieces = []
    for n in sorted(set(int(v) for v in n_values)):
        if n < 1:
            raise ValueError("n-gram lengths must be positive")
        m = len(frame) - n + 1
        if m <= 0:
            continue
        same = sentence_key[: m] == sentence_key[n - 1 : n - 1 + m]
        keep = same.copy()
        if drop_punct:
            for k in range(n):
                keep &= ~punct[k : k + m]
        if drop_numbers:
            for k in range(n):
                keep &= ~numeral[k : k + m]
        if drop_stopword_edges:
            keep &= ~stop[:m] & ~stop[n - 1 : n - 1 + m]
        text = pd.Series(norms[:m], dtype=object)
        for k in range(1, n):
            text = text + " " + pd.Series(norms[k : k + m], dtype=object)
        positions = pd.DataFrame({"ngram": text, "doc_id": frame["doc_id"].iloc[:m].to_numpy(), "_all": same})
        for column in group:
            positions[column] = frame[column].iloc[:m].to_numpy()
        totals = word_totals
        chosen = positions[keep]
        table = chosen.groupby(group + ["ngram"], sort=False).agg(
            count=("ngram", "size"), doc_freq=("doc_id", "nunique")
        ).reset_index()
        base = table[group[0]].map(totals).astype("float64") if group else float(totals)
        with np.errstate(divide="ignore", invalid="ignore"):
            table["per_10k"] = table["count"] * 10_000 / base
        table["n"] = n
        table = table[table["count"] >= min_count]
        pieces.append(_rank(table, "ngram", group + ["n"]) if group else _rank(table, "ngram", ["n"]))
    if not pieces:
        return pd.DataFrame(columns=group + list(NGRAM_COLUMNS))
    table = pd.concat(pieces, ignore_index=True)
    table = table.sort_values(group + ["n", "rank"], kind="mergesort").reset_index(drop=True)
    table = table.astype({g: "string" for g in group} | {"ngram": "string", "n": "int64", "count": "int64",
                                                          "doc_freq": "int64", "rank": "int64"})
    return table[group + list(NGRAM_COLUMNS)]


def type_token_stats(
    tokens: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    drop_punct: bool = True,
    drop_numbers: bool = False,
    drop_stopwords: bool = False,
) -> pd.DataFrame:
    """Type/token statistics per document and for the whole corpus.

    Measures, over the counted tokens:

    * ``n_tokens`` (N) and ``n_types`` (V);
    * ``ttr`` = V / N, the type/token ratio; it falls as texts grow, so
      compare it only between texts of similar length;
    * ``root_ttr`` = V / sqrt(N), Guiraud's R, less sensitive to length;
    * ``hapax`` = types seen once; ``hapax_share`` = hapax / V;
    * ``n_sentences`` and ``mean_sentence_tokens`` (all tokens, punctuation
      included), when ``sentences`` is given.

    Args:
        tokens: A token table.
        sentences: The sentence table, for the sentence measures.
        drop_punct: Leave out punctuation (default).
        drop_numbers: Leave out numerals.
        drop_stopwords: Leave out stopwords (off by default: TTR is usually
            reported over all words).

    Returns:
        One row per document plus a last row with ``doc_id`` ``"(corpus)"``.

    Examples:
        >>> import pandas as pd
        >>> from analysis.text.tokenize import tokenize_corpus
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["the war and the peace"]})
        >>> _, toks = tokenize_corpus(docs)
        >>> row = type_token_stats(toks).iloc[0]
        >>> int(row.n_tokens), int(row.n_types), float(row.ttr), int(row.hapax)
        (5, 4, 0.8, 3)
    """
    kept = counted_tokens(tokens, drop_punct=drop_punct, drop_numbers=drop_numbers, drop_stopwords=drop_stopwords)
    order = list(dict.fromkeys(tokens["doc_id"].astype(str).tolist()))
    counts = kept.groupby([kept["doc_id"].astype(str), "norm"], sort=False).size()
    per_doc = pd.DataFrame({
        "n_tokens": counts.groupby(level=0, sort=False).sum(),
        "n_types": counts.groupby(level=0, sort=False).size(),
        "hapax": (counts == 1).groupby(level=0, sort=False).sum(),
    }).reindex(order).fillna(0).astype("int64")
    corpus_counts = kept["norm"].value_counts()
    per_doc.loc["(corpus)"] = [int(corpus_counts.sum()), int(len(corpus_counts)), int((corpus_counts == 1).sum())]
    table = per_doc.reset_index(names="doc_id")
    with np.errstate(divide="ignore", invalid="ignore"):
        n_tok = table["n_tokens"].to_numpy(dtype=float)
        n_typ = table["n_types"].to_numpy(dtype=float)
        table["ttr"] = np.where(n_tok > 0, n_typ / np.where(n_tok > 0, n_tok, 1), np.nan)
        table["root_ttr"] = np.where(n_tok > 0, n_typ / np.sqrt(np.where(n_tok > 0, n_tok, 1)), np.nan)
        table["hapax_share"] = np.where(n_typ > 0, table["hapax"] / np.where(n_typ > 0, n_typ, 1), np.nan)
    table = table[["doc_id", "n_tokens", "n_types", "ttr", "root_ttr", "hapax", "hapax_share"]]
    if sentences is not None:
        lengths = sentences.groupby(sentences["doc_id"].astype(str), sort=False)["n_tokens"].agg(["size", "mean"])
        lengths = lengths.reindex(order)
        lengths.loc["(corpus)"] = [len(sentences), sentences["n_tokens"].mean() if len(sentences) else math.nan]
        table["n_sentences"] = lengths["size"].fillna(0).astype("int64").to_numpy()
        table["mean_sentence_tokens"] = lengths["mean"].astype("float64").to_numpy()
    return table.astype({"doc_id": "string"})
