"""Step 3 of the pipeline, framing: who is named and quoted, with which verb, judged how, in which frames.

Public API:

* :mod:`~analysis.framing.actors`: actor mentions from a versioned lexicon (:func:`mention_table`);
* :mod:`~analysis.framing.quotes`: direct quotations with speaker and cue (:func:`quote_table`);
* :mod:`~analysis.framing.speakers`: finding the speaker phrase of a quote or attribution;
* :mod:`~analysis.framing.entities`: who a speaker is: people, pronouns and descriptions resolved
  within an article (:class:`ArticleEntities`, :func:`resolve_speakers`), one name per entity across
  a corpus (:func:`corpus_names`);
* :mod:`~analysis.framing.attributions`: reporting verbs, stance and the journalist's own
  modifiers (:func:`attribution_table`, :func:`actor_voice_summary`), and the mentions of the people
  entity resolution discovers, counted as actors with ``source`` ``discovered`` (:func:`discovered_mentions`);
* :mod:`~analysis.framing.lexicons`: the reporting-verb and modifier lexicons;
* :mod:`~analysis.framing.frames`: dictionary frames (:func:`frame_matches`, :func:`frame_shares`);
* :mod:`~analysis.framing.tone`: sentence tone with VADER, by voice and by actor;
* :mod:`~analysis.framing.analyze`: :func:`analyze_framing`, all of the above in one call.
"""

from analysis.framing.actors import candidate_actors, load_actor_lexicon, mention_table
from analysis.framing.analyze import FramingResult, analyze_framing
from analysis.framing.attributions import (
    actor_voice_summary, attribution_table, discovered_mentions, entity_speakers, evaluative_rows, frame_profile,
    stance_matrix,
)
from analysis.framing.entities import ArticleEntities, corpus_names, load_first_names, resolve_speakers
from analysis.framing.frames import frame_actor_cooccurrence, frame_matches, frame_shares, load_frame_dictionary
from analysis.framing.quotes import quote_table

__all__ = [
    "load_actor_lexicon", "mention_table", "quote_table", "attribution_table", "actor_voice_summary",
    "load_frame_dictionary", "frame_matches", "frame_shares", "FramingResult", "analyze_framing",
    "candidate_actors", "evaluative_rows", "frame_profile", "stance_matrix", "frame_actor_cooccurrence",
    "ArticleEntities", "resolve_speakers", "corpus_names", "load_first_names", "entity_speakers",
    "discovered_mentions",
]
