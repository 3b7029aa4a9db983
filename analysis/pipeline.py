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
from analysis.clean import CleanedCorpus, clean_corpus
from analysis.corpus import load_corpus
from analysis.exceptions import CorpusError, ParameterError
from analysis.tokenize import TokenSettings, tokenize_corpus

#: The default longest document, in characters (about 300,000 words; a long news article has 10,000 characters).
MAX_DOC_CHARS = 2_000_000


@dataclass(frozen=True)
class PreparedCorpus:
    """Everything the analyses start from.

    Attributes:
        documents: The document table (see :data:`analysis.corpus.DOCUMENT_SCHEMA`).
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
        encoding: Text encoding (see :func:`analysis.corpus.load_corpus`).
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
    identifies the exact text analysed.

    Examples:
        >>> row = document_summary(prepare_corpus("data/raw")).iloc[0]
        >>> row["outlet"], int(row["n_chars"]), int(row["boilerplate_chars"]), int(row["n_boilerplate_spans"])
        ('RFE/RL', 5930, 455, 4)
    """
    import hashlib

    docs = prepared.documents.drop(columns=["text"]).copy()
    docs.insert(
        docs.columns.get_loc("n_chars") + 1,
        "text_sha256",
        [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in prepared.documents["text"]],
    )
    bp = prepared.boilerplate.assign(length=prepared.boilerplate["end"] - prepared.boilerplate["start"])
    removed = bp.groupby("doc_id")["length"].agg(["sum", "size"])
    docs["boilerplate_chars"] = docs["doc_id"].map(removed["sum"]).fillna(0).astype("int64")
    docs["n_boilerplate_spans"] = docs["doc_id"].map(removed["size"]).fillna(0).astype("int64")
    docs["n_sentences"] = docs["doc_id"].map(prepared.sentences.groupby("doc_id").size()).fillna(0).astype("int64")
    docs["n_tokens"] = docs["doc_id"].map(prepared.tokens.groupby("doc_id").size()).fillna(0).astype("int64")
    return docs.reset_index(drop=True)


def validation_summary(prepared: PreparedCorpus, *, corpus_path: str | Path, encoding: str = "utf-8") -> pd.DataFrame:
    """Summarise the checks passed while loading, and metadata coverage.

    Loading stops with an error on any failed check, so every check listed
    here has passed; the table records them for the reader of the report.

    Examples:
        >>> prepared = prepare_corpus("data/raw")
        >>> table = validation_summary(prepared, corpus_path="data/raw")
        >>> table.set_index("check").loc["manifest", "result"]
        'verified: 2 files match MANIFEST.sha256'
    """
    from analysis.corpus import MANIFEST_FILE, METADATA_COLUMNS

    path = config.resolve_path(corpus_path)
    docs = prepared.documents
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
        ("cleaning", "on" if prepared.cleaned.enabled else "off"),
    ]
    for column in METADATA_COLUMNS[1:]:
        if column in docs.columns:
            filled = int(docs[column].notna().sum())
            rows.append((f"metadata: {column}", f"{filled} of {len(docs)} documents"))
    return pd.DataFrame(rows, columns=["check", "result"]).astype("string")


def boilerplate_by_rule(prepared: PreparedCorpus) -> pd.DataFrame:
    """Count removed spans and characters per boilerplate rule.

    Examples:
        >>> boilerplate_by_rule(prepare_corpus("data/raw")).values.tolist()
        [['coverage_promo_block', 1, 1, 250], ['cross_promotion', 2, 1, 160], ['credit_line', 1, 1, 45]]
    """
    bp = prepared.boilerplate.assign(chars=prepared.boilerplate["end"] - prepared.boilerplate["start"])
    table = bp.groupby("rule").agg(spans=("rule", "size"), documents=("doc_id", "nunique"), chars=("chars", "sum"))
    table = table.reset_index().sort_values(["chars", "rule"], ascending=[False, True], kind="mergesort")
    return table.reset_index(drop=True).astype({"rule": "string", "spans": "int64", "documents": "int64", "chars": "int64"})


@dataclass(frozen=True)
class FramingResult:
    """The framing tables of a corpus.

    Attributes:
        mentions: Actor mentions (:func:`analysis.actors.mention_table`).
        quotes: Direct quotations (:func:`analysis.quotes.quote_table`).
        quote_problems: Unbalanced quotation marks.
        attributions: Attributions, nominal evaluations and free modifiers.
        summary: Per actor: mentions, stance counts, direct-voice share.
        lexicon: The actor lexicon used.
    """

    mentions: pd.DataFrame
    quotes: pd.DataFrame
    quote_problems: pd.DataFrame
    attributions: pd.DataFrame
    summary: pd.DataFrame
    lexicon: object


def analyze_framing(
    prepared: PreparedCorpus,
    *,
    actor_lexicon: str | Path | None = None,
    metonyms: str = "map",
    reporting_verbs: str | Path | None = None,
    modifiers: str | Path | None = None,
) -> FramingResult:
    """Find actors, quotes and attributions for a prepared corpus.

    Args:
        prepared: From :func:`prepare_corpus`.
        actor_lexicon: Another actor lexicon (YAML); default the project's.
        metonyms: ``"map"`` (Kremlin counts as Russia) or ``"separate"``.
        reporting_verbs: Another reporting-verb lexicon.
        modifiers: Another evaluative-modifier lexicon.

    Returns:
        A :class:`FramingResult`.

    Examples:
        >>> result = analyze_framing(prepare_corpus("data/raw"))
        >>> row = result.attributions.query("cue == 'claims'").iloc[0]
        >>> row["speaker"], row["stance"], row["modifier"], row["voice"]
        ('Russia', 'distancing', 'baselessly', 'narration')
    """
    from analysis.actors import load_actor_lexicon, mention_table
    from analysis.framing import actor_voice_summary, attribution_table
    from analysis.lexicons import MODIFIERS_FILE, REPORTING_VERBS_FILE, load_modifiers, load_reporting_verbs
    from analysis.quotes import quote_table

    lexicon = load_actor_lexicon(config.resolve_path(actor_lexicon) if actor_lexicon else None)
    verbs = load_reporting_verbs(config.resolve_path(reporting_verbs) if reporting_verbs else REPORTING_VERBS_FILE)
    mods = load_modifiers(config.resolve_path(modifiers) if modifiers else MODIFIERS_FILE)
    mentions = mention_table(prepared.documents, prepared.sentences, lexicon=lexicon, metonyms=metonyms)
    quotes, problems = quote_table(
        prepared.documents, mentions, body=prepared.cleaned.body, sentences=prepared.sentences,
        lexicon=lexicon, verbs=verbs,
    )
    attributions = attribution_table(
        prepared.documents, prepared.sentences, mentions, quotes, lexicon=lexicon, verbs=verbs, modifiers=mods
    )
    summary = actor_voice_summary(attributions, quotes, mentions)
    return FramingResult(
        mentions=mentions, quotes=quotes, quote_problems=problems, attributions=attributions, summary=summary,
        lexicon=lexicon,
    )


def group_values(documents: pd.DataFrame, by: str | None) -> list[str]:
    """The groups of a metadata column, sorted; empty values form the group ``(missing)``.

    The same rule as :func:`analysis.frequencies.term_frequencies` and
    :func:`analysis.compare.group_comparison` use.

    Examples:
        >>> import pandas as pd
        >>> group_values(pd.DataFrame({"outlet": ["B", "A", None, " "]}), "outlet")
        ['(missing)', 'A', 'B']
        >>> group_values(pd.DataFrame({"outlet": ["A"]}), None)
        []
    """
    from analysis.frequencies import MISSING_GROUP

    if not by:
        return []
    if by not in documents.columns:
        raise KeyError(f"no metadata column {by!r}; the documents have: {', '.join(map(str, documents.columns))}")
    labels = documents[by].astype("string").fillna(MISSING_GROUP)
    labels = labels.where(labels.str.strip() != "", MISSING_GROUP)
    return sorted(set(labels.astype(str)))


def keyness_tables(
    prepared: PreparedCorpus,
    *,
    by: str | None = "outlet",
    target_group: str | None = None,
    reference_size: int = 1_000_000_000,
    min_count: int = 2,
    bonferroni: bool = False,
) -> pd.DataFrame:
    """Keyness of the corpus against general English, and of one group against the others.

    The group comparison is made only when ``by`` has at least two values;
    the target is ``target_group`` or the first value in sorted order, the
    reference the other group (with two groups) or all other documents. The ``target`` and ``reference`` columns
    say which comparison each row belongs to.

    Examples:
        >>> table = keyness_tables(prepare_corpus("tests/fixtures/small_corpus"), min_count=1)
        >>> sorted(set(zip(table["target"], table["reference"])))
        [('Outlet A', 'Outlet B'), ('corpus', 'wordfreq:en')]
    """
    from analysis import keyness

    parts = [
        keyness.against_general_english(
            prepared.tokens, reference_size=reference_size, min_count=min_count, bonferroni=bonferroni
        )
    ]
    groups = group_values(prepared.documents, by)
    if len(groups) >= 2:
        target = target_group if target_group is not None else groups[0]
        if target not in groups:
            raise KeyError(f"target_group {target!r} is not a value of {by!r}: {', '.join(groups)}")
        others = [g for g in groups if g != target]
        reference = others[0] if len(others) == 1 else None  # two groups: name the other one
        parts.append(
            keyness.compare_groups(
                prepared.tokens, prepared.documents, by=by, target=target, reference=reference,
                min_count=min_count, bonferroni=bonferroni,
            )
        )
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- #
# saying in words what is absent
# --------------------------------------------------------------------------- #
#: What a notebook says when a result is empty, so that a reader learns what is absent instead of
#: meeting an empty table or chart. ``{...}`` fields are filled from the keyword arguments of
#: :func:`absence_message`.
ABSENCE_MESSAGES: dict[str, str] = {
    "boilerplate": "No boilerplate found: cleaning removed nothing, so the whole text is the article body.",
    "tokens": "No tokens: the article bodies are empty after cleaning, so there is nothing to count.",
    "ngrams": "No n-gram of {lengths} words is left to count: every run of words crosses a sentence, "
              "holds punctuation or starts or ends with a stopword.",
    "actors": "No actor from the lexicon is mentioned in this corpus, so there is no salience to chart. "
              "If you expected some, add their names to the actor lexicon (actor_lexicon).",
    "actor_candidates": "No name outside the actor lexicon recurs, so there is nothing to add to it.",
    "quotes": "No quotations found: no text in this corpus stands inside quotation marks.",
    "attributions": "No reporting verb found: nobody is reported as saying anything, so there is no stance to show.",
    "direct_voice": "No actor is reported as speaking, so there is no direct-voice share.",
    "evaluative": "No evaluative modifier found: the journalist adds no judgment such as "
                  "'baselessly' or 'allegedly' in their own voice.",
    "frames": "No frame words matched: no sentence uses a term of the frame dictionary, so every frame share is 0.",
    "frame_actor_cooccurrence": "No actor and frame share a sentence, so the co-occurrence chart is empty.",
    "kwic": "None of the KWIC terms ({terms}) occurs in this corpus.",
    "keyness": "No term occurs at least {min_count} times, so no term can be key "
               "(lower keyness_min_count to include rarer terms).",
    "collocations": "No bigram or trigram occurs at least {min_count} times, so there are no collocations "
                    "(lower collocation_min_count to include rarer ones).",
    "window_collocates": "No window collocates of {node!r}: it does not occur in this corpus, "
                         "or no word keeps it company often enough.",
    "dispersion": "None of the dispersion terms ({terms}) occurs in this corpus.",
    "tone_by_actor": "No actor from the lexicon is mentioned, so there is no tone by actor.",
    "quoted_speech": "No quotations found, so there is no quoted speech: only the narration has sentences.",
}


def _is_empty(found) -> bool:
    if found is None:
        return True
    if isinstance(found, (pd.DataFrame, pd.Series)):
        return found.empty
    if isinstance(found, (int, float)):
        return found == 0
    return len(found) == 0


def _listing(values) -> str:
    if isinstance(values, str):
        return repr(values)
    return ", ".join(repr(v) for v in values)


def absence_message(what: str, found, **details) -> str | None:
    """The sentence that says ``what`` is absent when ``found`` is empty, else ``None``.

    Args:
        what: A key of :data:`ABSENCE_MESSAGES`.
        found: A table, a sequence or a count; empty, ``0`` or ``None`` means absent.
        **details: Fields of the message (lists are written as quoted, comma-separated values).

    Examples:
        >>> import pandas as pd
        >>> absence_message("quotes", pd.DataFrame(columns=["text"]))
        'No quotations found: no text in this corpus stands inside quotation marks.'
        >>> absence_message("quotes", pd.DataFrame({"text": ["peace"]})) is None
        True
        >>> absence_message("kwic", 0, terms=["NATO", "claim*"])
        "None of the KWIC terms ('NATO', 'claim*') occurs in this corpus."
        >>> absence_message("window_collocates", [], node="NATO")
        "No window collocates of 'NATO': it does not occur in this corpus, or no word keeps it company often enough."
    """
    if what not in ABSENCE_MESSAGES:
        raise KeyError(f"no absence message for {what!r}; known: {', '.join(sorted(ABSENCE_MESSAGES))}")
    if not _is_empty(found):
        return None
    fields = {k: _listing(v) if isinstance(v, (list, tuple)) else v for k, v in details.items()}
    return ABSENCE_MESSAGES[what].format(**fields)


def say_absent(what: str, found, **details) -> bool:
    """Print :func:`absence_message` when ``found`` is empty; return whether it was.

    Examples:
        >>> say_absent("frames", [])
        No frame words matched: no sentence uses a term of the frame dictionary, so every frame share is 0.
        True
        >>> say_absent("frames", [1])
        False
    """
    message = absence_message(what, found, **details)
    if message is not None:
        print(message)
    return message is not None


def too_few_groups_message(by: str | None, groups: list[str]) -> str | None:
    """The sentence that says why groups cannot be compared, or ``None`` when there are two or more.

    Examples:
        >>> too_few_groups_message("outlet", ["(missing)"])
        "Only one group in 'outlet' ((missing)): nothing to compare between groups. Give the corpus an outlet (or another) column with two or more values to compare them."
        >>> too_few_groups_message(None, [])
        "group_by is None: no metadata column divides the corpus into groups. Set it to a column such as 'outlet' to count and compare by group."
        >>> too_few_groups_message("outlet", ["A", "B"]) is None
        True
    """
    if not by:
        return ("group_by is None: no metadata column divides the corpus into groups. "
                "Set it to a column such as 'outlet' to count and compare by group.")
    if len(groups) >= 2:
        return None
    if not groups:
        return f"No group in {by!r}: the corpus has no documents to compare."
    return (f"Only one group in {by!r} ({groups[0]}): nothing to compare between groups. "
            "Give the corpus an outlet (or another) column with two or more values to compare them.")


def say_too_few_groups(by: str | None, groups: list[str]) -> bool:
    """Print :func:`too_few_groups_message` when there are fewer than two groups; return whether it did."""
    message = too_few_groups_message(by, groups)
    if message is not None:
        print(message)
    return message is not None


def html_block(markup: str):
    """Wrap markup built by the package (article text already escaped) for ``display`` in a notebook.

    Examples:
        >>> html_block("<p>a &lt;b&gt;</p>").data
        '<p>a &lt;b&gt;</p>'
    """
    from IPython.display import HTML

    return HTML(markup)
