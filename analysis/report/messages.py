"""Saying in words what is absent: the sentences a notebook prints instead of an empty table or chart."""

from __future__ import annotations

import pandas as pd

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


# --------------------------------------------------------------------------- #
#: How many of the corpus's frequent names outside the actor lexicon a summary lists at most.
MAX_UNCOVERED_NAMES = 5


def actor_label(actor: str, source: object = "lexicon") -> str:
    """An actor's name as pages show it: a discovered actor (``source`` ``discovered``) is marked so.

    Examples:
        >>> actor_label("Hillary Clinton", "discovered"), actor_label("Russia", "lexicon"), actor_label("Russia", None)
        ('Hillary Clinton (discovered)', 'Russia', 'Russia')
    """
    return f"{actor} (discovered)" if source == "discovered" else str(actor)


def actor_labels(summary: pd.DataFrame) -> list[str]:
    """:func:`actor_label` for each row of an ``actor_summary`` table (without ``source``, every actor is a lexicon's).

    Examples:
        >>> actor_labels(pd.DataFrame({"actor": ["Russia", "Jane Roe"], "source": ["lexicon", "discovered"]}))
        ['Russia', 'Jane Roe (discovered)']
    """
    sources = summary["source"] if "source" in summary.columns else ["lexicon"] * len(summary)
    return [actor_label(str(a), s) for a, s in zip(summary["actor"], sources)]


def _counted(summary: pd.DataFrame, name: str, count: int) -> bool:
    """Whether the actor summary counts a candidate name: a named actor has that name, or has it as surname and
    at least half as many mentions (so "Blair" is Tony Blair's, and a stray "Blair Labour" does not take "Labour").

    Examples:
        >>> s = pd.DataFrame({"actor": ["Tony Blair", "Blair Labour"], "mentions": [344, 7]})
        >>> _counted(s, "Blair", 268), _counted(s, "Labour", 301), _counted(s, "Tony Blair", 95)
        (True, False, True)
    """
    for actor, mentions in zip(summary["actor"].astype(str), summary["mentions"]):
        if int(mentions) > 0 and (actor == name or (actor.split()[-1] == name and len(actor.split()) > 1
                                                     and 2 * int(mentions) >= count)):
            return True
    return False


def uncovered_names(summary: pd.DataFrame, candidates: pd.DataFrame, *, n: int = MAX_UNCOVERED_NAMES
                    ) -> list[tuple[str, int]]:
    """The corpus's frequent names that the actor counts miss and that rival the most named actors.

    A candidate (:func:`analysis.framing.actors.candidate_actors`, the ``actor_candidates`` table) is listed
    when no named actor of the summary (a lexicon actor, or a person discovered in the text) has that name,
    or has it as surname with at least half as many mentions, and it is named at least as often as the ``n``-th most mentioned actor (any candidate
    when fewer than ``n`` actors are named), at most ``n`` of them, most frequent first.

    Args:
        summary: The ``actor_summary`` table (``actor``, ``mentions``).
        candidates: The ``actor_candidates`` table (``candidate``, ``count``).
        n: How many actors the summary shows, and how many names to list at most.

    Examples:
        >>> summary = pd.DataFrame({"actor": ["Donald Trump", "CNN", "Germany"], "mentions": [700, 40, 12]})
        >>> candidates = pd.DataFrame({"candidate": ["Clinton", "Sanders", "Iowa", "Trump"], "count": [624, 30, 8, 900]})
        >>> uncovered_names(summary, candidates, n=2)  # the 2nd actor has 40 mentions; Trump is counted
        [('Clinton', 624)]
        >>> uncovered_names(summary, candidates)  # only 3 actors are named: every candidate rivals them
        [('Clinton', 624), ('Sanders', 30), ('Iowa', 8)]
        >>> discovered = pd.concat([summary, pd.DataFrame({"actor": ["Hillary Clinton"], "mentions": [600]})])
        >>> uncovered_names(discovered, candidates, n=2)  # Clinton is counted as a discovered actor
        []
    """
    if candidates is None or candidates.empty:
        return []
    mentions = sorted((int(m) for m in summary["mentions"] if int(m) > 0), reverse=True) if len(summary) else []
    threshold = mentions[n - 1] if len(mentions) >= n else 0
    ranked = sorted(((str(c), int(k)) for c, k in zip(candidates["candidate"], candidates["count"])
                     if not _counted(summary, str(c), int(k))), key=lambda item: (-item[1], item[0]))
    return [(name, count) for name, count in ranked if count >= threshold][:n]


def actor_lexicon_sentences(summary: pd.DataFrame, candidates: pd.DataFrame, *, lexicon: str,
                            default: bool, n: int = MAX_UNCOVERED_NAMES) -> list[str]:
    """What a reader must know about the actor counts: the lexicon in use, the discovered actors, what is missed.

    Used by the front page and notebook 03.

    Args:
        summary: The ``actor_summary`` table (``actor``, ``mentions``, ``source``).
        candidates: The ``actor_candidates`` table.
        lexicon: The lexicon file as the report shows it.
        default: Whether it is the project's default lexicon (``actor_lexicon`` left at ``None``).

    Examples:
        >>> summary = pd.DataFrame({"actor": ["Donald Trump", "CNN", "Hillary Clinton"], "mentions": [700, 40, 600],
        ...                         "source": ["lexicon", "lexicon", "discovered"]})
        >>> candidates = pd.DataFrame({"candidate": ["Clinton", "Iowa"], "count": [624, 8]})
        >>> for line in actor_lexicon_sentences(summary, candidates, lexicon="actors.yaml", default=True, n=2):
        ...     print(line)
        Actors are the names of a lexicon: the project's default, actors.yaml, written for coverage of Russia's war against Ukraine; set actor_lexicon to a lexicon of your own.
        People the lexicon lacks count as discovered actors when speaker-entity resolution finds them in the text (mentions are their full names, titled names and surnames, never pronouns): 1 of the 3 named actors; most named: Hillary Clinton (600).
    """
    if default:
        first = (f"Actors are the names of a lexicon: the project's default, {lexicon}, "
                 "written for coverage of Russia's war against Ukraine; set actor_lexicon to a lexicon of your own.")
    else:
        first = f"Actors are the names of a lexicon: {lexicon}."
    lines = [first]
    sources = summary["source"].astype(str) if "source" in summary.columns else pd.Series([], dtype=str)
    found = summary[(sources == "discovered").to_numpy() & (summary["mentions"] > 0).to_numpy()] if len(sources) \
        else summary.iloc[0:0]
    if len(found):
        top = sorted(zip(found["actor"].astype(str), found["mentions"].astype(int)), key=lambda i: (-i[1], i[0]))[:n]
        listed = ", ".join(f"{name} ({count:,})" for name, count in top)
        named = int((summary["mentions"] > 0).sum())
        lines.append("People the lexicon lacks count as discovered actors when speaker-entity resolution finds "
                     "them in the text (mentions are their full names, titled names and surnames, never pronouns): "
                     f"{len(found):,} of the {named:,} named actors; most named: {listed}.")
    missing = uncovered_names(summary, candidates, n=n)
    if missing:
        listed = ", ".join(f"{name} ({count:,})" for name, count in missing)
        lines.append(f"Frequent names not counted as actors (see actor_candidates.csv): {listed}. "
                     "Add them to your actor lexicon to count them.")
    return lines
