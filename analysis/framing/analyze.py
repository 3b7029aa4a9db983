"""All framing tables of a prepared corpus in one call: actors, quotes, attributions.

Examples:
    >>> from analysis.text.prepare import prepare_corpus
    >>> result = analyze_framing(prepare_corpus("data/raw"))
    >>> len(result.quotes)
    9
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    from analysis.framing.actors import DEFAULT_REFERENCES, load_actor_lexicon, mention_table, speech_mentions
    from analysis.framing.attributions import actor_voice_summary, attribution_table
    from analysis.framing.lexicons import MODIFIERS_FILE, REPORTING_VERBS_FILE, load_modifiers, load_reporting_verbs
    from analysis.framing.quotes import quote_table

    lexicon = load_actor_lexicon(config.resolve_path(actor_lexicon) if actor_lexicon else None)
    verbs = load_reporting_verbs(config.resolve_path(reporting_verbs) if reporting_verbs else REPORTING_VERBS_FILE)
    mods = load_modifiers(config.resolve_path(modifiers) if modifiers else MODIFIERS_FILE)
    mentions = mention_table(prepared.documents, prepared.sentences, lexicon=lexicon, metonyms=metonyms,
                             references=references)
    speech = speech_mentions(mentions if set(DEFAULT_REFERENCES) <= set(references) else
                             mention_table(prepared.documents, prepared.sentences, lexicon=lexicon, metonyms=metonyms))
    quotes, problems = quote_table(
        prepared.documents, speech, body=prepared.cleaned.body, sentences=prepared.sentences,
        lexicon=lexicon, verbs=verbs,
    )
    attributions = attribution_table(
        prepared.documents, prepared.sentences, speech, quotes, lexicon=lexicon, verbs=verbs, modifiers=mods
    )
    summary = actor_voice_summary(attributions, quotes, mentions)
    return FramingResult(
        mentions=mentions, quotes=quotes, quote_problems=problems, attributions=attributions, summary=summary,
        lexicon=lexicon,
    )


