"""The corpus preparation steps in one call: load, clean, tokenize.

Notebooks call :func:`prepare_corpus` so that each of them starts from the
same, fully determined state without sharing files or kernel memory.

Examples:
    >>> prepared = prepare_corpus("data/raw")
    >>> prepared.documents["doc_id"].tolist()
    ['000_f23b1accf70ada01']
    >>> prepared.boilerplate["rule"].tolist()
    ['cross_promotion', 'cross_promotion', 'coverage_promo_block', 'credit_line']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.corpus.clean import CleanedCorpus, clean_corpus
from analysis.corpus.load import load_corpus
from analysis.exceptions import CorpusError, ParameterError
from analysis.text.tokenize import TokenSettings, tokenize_corpus

#: The default longest document, in characters (about 300,000 words; a long news article has 10,000 characters).
MAX_DOC_CHARS = 2_000_000


@dataclass(frozen=True)
class PreparedCorpus:
    """Everything the analyses start from.

    Attributes:
        documents: The document table (see :data:`analysis.corpus.load.DOCUMENT_SCHEMA`).
        cleaned: Boilerplate table and body spans.
        sentences: The sentence table.
        tokens: The token table.
        settings: The tokenization settings used.
    """

    documents: pd.DataFrame
    cleaned: CleanedCorpus
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    settings: TokenSettings

    @property
    def boilerplate(self) -> pd.DataFrame:
        """The boilerplate table."""
        return self.cleaned.boilerplate

    def text_of(self, doc_id: str) -> str:
        """Return the raw text of one document.

        Examples:
            >>> prepare_corpus("data/raw").text_of("000_f23b1accf70ada01")[:4]
            'KYIV'
        """
        match = self.documents.loc[self.documents["doc_id"] == doc_id, "text"]
        if match.empty:
            raise KeyError(doc_id)
        return str(match.iloc[0])


def prepare_corpus(
    corpus_path: str | Path = config.DATA_RAW_DIR,
    *,
    encoding: str = "utf-8",
    text_column: str = "text",
    id_column: str = "doc_id",
    clean: bool = True,
    boilerplate_rules: str | Path | None = None,
    lowercase: bool = True,
    stem: bool = False,
    stopwords_path: str | Path | None = None,
    n_jobs: int = 1,
    max_doc_chars: int = MAX_DOC_CHARS,
) -> PreparedCorpus:
    """Load, clean and tokenize a corpus.

    Relative paths are resolved against the project root (see
    :func:`analysis.config.resolve_path`).

    Args:
        corpus_path: A corpus folder, JSONL or CSV file.
        encoding: Text encoding (see :func:`analysis.corpus.load.load_corpus`).
        text_column: Text field of JSONL/CSV corpora.
        id_column: Identifier field.
        clean: Separate boilerplate from the body.
        boilerplate_rules: Another rules file.
        lowercase: Lowercase ``norm``.
        stem: Snowball-stem ``norm``.
        stopwords_path: Another stopword list.
        n_jobs: Worker processes for tokenization.
        max_doc_chars: The longest document accepted, in characters (see
            :func:`check_document_lengths`).

    Returns:
        A :class:`PreparedCorpus`.

    Raises:
        CorpusError: From loading, or a document longer than ``max_doc_chars``.
    """
    check_max_doc_chars(max_doc_chars)
    documents = load_corpus(
        config.resolve_path(corpus_path), encoding=encoding, text_column=text_column, id_column=id_column
    )
    check_document_lengths(documents, max_doc_chars=max_doc_chars)
    cleaned = clean_corpus(
        documents, enabled=clean, rules_path=config.resolve_path(boilerplate_rules) if boilerplate_rules else None
    )
    settings = TokenSettings(
        lowercase=lowercase,
        stem=stem,
        stopwords_path=str(config.resolve_path(stopwords_path)) if stopwords_path else None,
    )
    sentences, tokens = tokenize_corpus(documents, body=cleaned.body, settings=settings, n_jobs=n_jobs)
    return PreparedCorpus(documents=documents, cleaned=cleaned, sentences=sentences, tokens=tokens, settings=settings)


def check_max_doc_chars(max_doc_chars: int) -> None:
    """Refuse a ``max_doc_chars`` that is not a positive whole number.

    Examples:
        >>> check_max_doc_chars(1)
        >>> check_max_doc_chars(0)
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: max_doc_chars must be a positive whole number of characters, got 0
    """
    if isinstance(max_doc_chars, bool) or not isinstance(max_doc_chars, int) or max_doc_chars < 1:
        raise ParameterError(f"max_doc_chars must be a positive whole number of characters, got {max_doc_chars!r}")


def check_document_lengths(documents: pd.DataFrame, *, max_doc_chars: int = MAX_DOC_CHARS) -> None:
    """Stop at the first document longer than ``max_doc_chars`` characters; never cut it silently.

    A document of exactly ``max_doc_chars`` characters is accepted.

    Raises:
        CorpusError: Naming the document's id, where it was read and its length, and what to do.

    Examples:
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["12345", "123456"], "source": ["a.txt", "c.jsonl:2"]})
        >>> check_document_lengths(docs, max_doc_chars=6)
        >>> check_document_lengths(docs, max_doc_chars=5)
        Traceback (most recent call last):
        ...
        analysis.exceptions.CorpusError: c.jsonl:2, record 'b': the document is 6 characters long, more than max_doc_chars = 5. What to do: raise max_doc_chars (-p max_doc_chars N) or split the document into smaller ones
    """
    check_max_doc_chars(max_doc_chars)
    lengths = documents["text"].astype(str).str.len()
    too_long = documents[lengths > max_doc_chars]
    if too_long.empty:
        return
    first = too_long.index[0]
    row = too_long.loc[first]
    raise CorpusError(
        f"the document is {int(lengths[first]):,} characters long, more than max_doc_chars = {max_doc_chars:,}",
        path=str(row["source"]) if "source" in row and pd.notna(row["source"]) else None,
        record=str(row["doc_id"]),
        hint="raise max_doc_chars (-p max_doc_chars N) or split the document into smaller ones",
    )


def document_summary(prepared: PreparedCorpus) -> pd.DataFrame:
    """One row per document: metadata, sizes and what cleaning removed.

    The ``text`` column is left out (it stays in ``data/raw``); ``text_sha256``
    identifies the exact text analysed. :meth:`analysis.runner.study.Study.document_summary`
    gives the same table from the store, one part at a time.

    Examples:
        >>> row = document_summary(prepare_corpus("data/raw")).iloc[0]
        >>> row["outlet"], int(row["n_chars"]), int(row["boilerplate_chars"]), int(row["n_boilerplate_spans"])
        ('RFE/RL', 5930, 455, 4)
    """
    return summarize_documents(
        with_text_sha256(prepared.documents), prepared.boilerplate,
        n_sentences=prepared.sentences.groupby("doc_id").size(), n_tokens=prepared.tokens.groupby("doc_id").size(),
    )


def with_text_sha256(documents: pd.DataFrame) -> pd.DataFrame:
    """The document table with ``text`` replaced by its SHA-256 (``text_sha256``, after ``n_chars``).

    Examples:
        >>> with_text_sha256(pd.DataFrame({"doc_id": ["a"], "text": ["abc"], "n_chars": [3]})).columns.tolist()
        ['doc_id', 'n_chars', 'text_sha256']
    """
    import hashlib

    docs = documents.drop(columns=["text"]).copy()
    docs.insert(
        docs.columns.get_loc("n_chars") + 1,
        "text_sha256",
        [hashlib.sha256(str(t).encode("utf-8")).hexdigest() for t in documents["text"]],
    )
    return docs


def summarize_documents(
    documents: pd.DataFrame, boilerplate: pd.DataFrame, *, n_sentences: pd.Series, n_tokens: pd.Series
) -> pd.DataFrame:
    """The document summary from its inputs (see :func:`document_summary`).

    Args:
        documents: The document table with ``text_sha256`` instead of ``text`` (:func:`with_text_sha256`).
        boilerplate: The boilerplate spans.
        n_sentences: Sentences per ``doc_id``.
        n_tokens: Tokens per ``doc_id``.
    """
    docs = documents.copy()
    bp = boilerplate.assign(length=boilerplate["end"] - boilerplate["start"])
    removed = bp.groupby("doc_id")["length"].agg(["sum", "size"])
    docs["boilerplate_chars"] = docs["doc_id"].map(removed["sum"]).fillna(0).astype("int64")
    docs["n_boilerplate_spans"] = docs["doc_id"].map(removed["size"]).fillna(0).astype("int64")
    docs["n_sentences"] = docs["doc_id"].map(n_sentences).fillna(0).astype("int64")
    docs["n_tokens"] = docs["doc_id"].map(n_tokens).fillna(0).astype("int64")
    return docs.reset_index(drop=True)


def validation_summary(
    documents: pd.DataFrame, *, cleaning: bool, corpus_path: str | Path, encoding: str = "utf-8"
) -> pd.DataFrame:
    """Summarise the checks passed while loading, and metadata coverage.

    Loading stops with an error on any failed check, so every check listed
    here has passed; the table records them for the reader of the report.

    Args:
        documents: The document table (``text`` is not needed).
        cleaning: Whether boilerplate was separated.
        corpus_path: The corpus.
        encoding: Its text encoding.

    Examples:
        >>> prepared = prepare_corpus("data/raw")
        >>> table = validation_summary(prepared.documents, cleaning=True, corpus_path="data/raw")
        >>> table.set_index("check").loc["manifest", "result"]
        'verified: 2 files match MANIFEST.sha256'
    """
    from analysis.corpus.load import MANIFEST_FILE, METADATA_COLUMNS

    path = config.resolve_path(corpus_path)
    docs = documents
    manifest = path / MANIFEST_FILE if path.is_dir() else None
    if manifest is not None and manifest.exists():
        listed = sum(1 for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip())
        manifest_result = f"verified: {listed} files match {MANIFEST_FILE}"
    else:
        manifest_result = "no manifest (nothing to verify)"
    rows = [
        ("documents", f"{len(docs)} loaded from {config.display_path(path)}"),
        ("doc_id", "present and unique"),
        ("text", "no empty texts"),
        ("encoding", f"every text decoded as {encoding} without replacement"),
        ("manifest", manifest_result),
        ("cleaning", "on" if cleaning else "off"),
    ]
    for column in METADATA_COLUMNS[1:]:
        if column in docs.columns:
            filled = int(docs[column].notna().sum())
            rows.append((f"metadata: {column}", f"{filled} of {len(docs)} documents"))
    return pd.DataFrame(rows, columns=["check", "result"]).astype("string")


def boilerplate_by_rule(boilerplate: pd.DataFrame) -> pd.DataFrame:
    """Count removed spans and characters per boilerplate rule, from the boilerplate table.

    Examples:
        >>> boilerplate_by_rule(prepare_corpus("data/raw").boilerplate).values.tolist()
        [['coverage_promo_block', 1, 1, 250], ['cross_promotion', 2, 1, 160], ['credit_line', 1, 1, 45]]
    """
    bp = boilerplate.assign(chars=boilerplate["end"] - boilerplate["start"])
    table = bp.groupby("rule").agg(spans=("rule", "size"), documents=("doc_id", "nunique"), chars=("chars", "sum"))
    table = table.reset_index().sort_values(["chars", "rule"], ascending=[False, True], kind="mergesort")
    return table.reset_index(drop=True).astype({"rule": "string", "spans": "int64", "documents": "int64", "chars": "int64"})
