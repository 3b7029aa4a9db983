"""All framing tables of a prepared corpus in one call: actors, quotes, attributions.

The tables are assembled in one place, :func:`assemble_framing`: the in-memory
:func:`analyze_framing` and the stage store's framing stage (one partition of
documents at a time, :mod:`analysis.runner.stages`) both call it.

Examples:
    >>> from analysis.text.prepare import prepare_corpus
    >>> result = analyze_framing(prepare_corpus("data/raw"))
    >>> len(result.quotes)
    9
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import pandas as pd

from analysis import config

if TYPE_CHECKING:
    from analysis.text.prepare import PreparedCorpus


@dataclass(frozen=True)
class FramingResult:
    """The framing tables of a corpus.

    Attributes:
        mentions: Actor mentions (:func:`analysis.framing.actors.mention_table`).
        quotes: Direct quotations (:func:`analysis.framing.quotes.quote_table`).
        quote_problems: Unbalanced quotation marks.
        attributions: Attributions, nominal evaluations and free modifiers.
        summary: Per actor: mentions, stance counts, direct-voice share and ``source`` (``lexicon`` or
            ``discovered``: people that speaker-entity resolution found, counted by their name mentions).
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
    references: tuple[str, ...] | list[str] = ("name", "metonym"),
) -> FramingResult:
    """Find actors, quotes and attributions for a prepared corpus.

    Args:
        prepared: From :func:`prepare_corpus`.
        actor_lexicon: Another actor lexicon (YAML); default the project's.
        metonyms: ``"map"`` (Kremlin counts as Russia) or ``"separate"``.
        reporting_verbs: Another reporting-verb lexicon.
        modifiers: Another evaluative-modifier lexicon.
        references: Which references count as mentions (``-p actor_references``):
            ``name``, ``metonym``, ``adjective``. Quotes and attributions always
            read names and metonyms.

    Returns:
        A :class:`FramingResult`.

    Examples:
        >>> from analysis.text.prepare import prepare_corpus
        >>> result = analyze_framing(prepare_corpus("data/raw"))
        >>> row = result.attributions.query("cue == 'claims'").iloc[0]
        >>> row["speaker"], row["stance"], row["modifier"], row["voice"]
        ('Russia', 'distancing', 'baselessly', 'narration')
    """
    lexicon, verbs, mods = load_framing_lexicons(actor_lexicon, reporting_verbs, modifiers)
    return assemble_framing(prepared.documents, prepared.sentences, body=prepared.cleaned.body, lexicon=lexicon,
                            verbs=verbs, modifiers=mods, metonyms=metonyms, references=references)


def load_framing_lexicons(actor_lexicon: str | Path | None = None, reporting_verbs: str | Path | None = None,
                          modifiers: str | Path | None = None) -> tuple[Any, Any, Any]:
    """The actor lexicon, reporting verbs and evaluative modifiers (the project's for ``None``)."""
    from analysis.framing.actors import load_actor_lexicon
    from analysis.framing.lexicons import MODIFIERS_FILE, REPORTING_VERBS_FILE, load_modifiers, load_reporting_verbs

    lexicon = load_actor_lexicon(config.resolve_path(actor_lexicon) if actor_lexicon else None)
    verbs = load_reporting_verbs(config.resolve_path(reporting_verbs) if reporting_verbs else REPORTING_VERBS_FILE)
    mods = load_modifiers(config.resolve_path(modifiers) if modifiers else MODIFIERS_FILE)
    return lexicon, verbs, mods


def assemble_framing(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    body: dict[str, list[tuple[int, int]]],
    lexicon: Any,
    verbs: Any,
    modifiers: Any,
    metonyms: str = "map",
    references: Sequence[str] = ("name", "metonym"),
) -> FramingResult:
    """The framing tables of some documents, from loaded lexicons: the one place they are put together.

    Mentions hold the ``references`` kinds; quotes and attributions always read
    the name and metonym mentions (:func:`analysis.framing.actors.speech_mentions`),
    so ``actor_references`` never changes who is quoted.

    Args:
        documents: ``doc_id`` and ``text``.
        sentences: Their sentence table.
        body: ``doc_id`` -> article-body spans (:func:`analysis.corpus.clean.clean_corpus`).
        lexicon: The actor lexicon (:func:`analysis.framing.actors.load_actor_lexicon`).
        verbs: The reporting verbs (:func:`analysis.framing.lexicons.load_reporting_verbs`).
        modifiers: The evaluative modifiers (:func:`analysis.framing.lexicons.load_modifiers`).
        metonyms: ``"map"`` or ``"separate"``.
        references: Which references count as mentions.
    """
    from analysis.framing.actors import DEFAULT_REFERENCES, mention_table, speech_mentions
    from analysis.framing.attributions import actor_voice_summary, attribution_table, discovered_mentions
    from analysis.framing.quotes import quote_table

    mentions = mention_table(documents, sentences, lexicon=lexicon, metonyms=metonyms, references=references)
    speech = speech_mentions(mentions if set(DEFAULT_REFERENCES) <= set(references) else
                             mention_table(documents, sentences, lexicon=lexicon, metonyms=metonyms))
    quotes, problems = quote_table(documents, speech, body=body, sentences=sentences, lexicon=lexicon, verbs=verbs)
    attributions = attribution_table(documents, sentences, speech, quotes, lexicon=lexicon, verbs=verbs,
                                     modifiers=modifiers)
    people = discovered_mentions(documents, speech, quotes, attributions, body=body, lexicon=lexicon)
    summary = actor_voice_summary(attributions, quotes, mentions, people, lexicon=lexicon)
    return FramingResult(
        mentions=mentions, quotes=quotes, quote_problems=problems, attributions=attributions, summary=summary,
        lexicon=lexicon,
    )


