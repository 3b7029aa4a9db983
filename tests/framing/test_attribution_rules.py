"""Speaker and cue linking, one hand-worked news sentence per rule, with negative cases.

Every sentence here was written for the tests (none is taken from a corpus).
"""

from __future__ import annotations

import re

import pytest

from analysis.framing.attributions import find_attributions
from analysis.framing.lexicons import load_reporting_verbs
from analysis.framing.quotes import find_quotes
from analysis.text.tokenize import sentence_spans

ACTORS = {
    "Zelenskiy": ("Volodymyr Zelenskiy", "person"),
    "Shmyhal": ("Denys Shmyhal", "person"),
    "Trump": ("Donald Trump", "person"),
    "Obama": ("Barack Obama", "person"),
}


def _mentions(text: str) -> list[dict]:
    pattern = re.compile(r"\b(?:" + "|".join(ACTORS) + r")\b")
    return [
        {"start": m.start(), "end": m.end(), "actor": ACTORS[m.group()][0], "actor_type": ACTORS[m.group()][1]}
        for m in pattern.finditer(text)
    ]


def _run(text: str):
    sentences = sentence_spans(text)
    mentions = _mentions(text)
    quotes, problems = find_quotes(text, doc_id="d", mentions=mentions, sentences=sentences)
    rows = find_attributions(text, doc_id="d", sentences=sentences, mentions=mentions, quotes=quotes)
    for row in quotes + rows:  # every span is traceable: raw[start:end] is the span
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_text"]
        if row["cue_start"] is not None:
            assert text[row["cue_start"] : row["cue_end"]] == row["cue"]
    return quotes, problems, [r for r in rows if r["kind"] == "attribution"]


def _quote(text: str, index: int = 0):
    quotes, _, _ = _run(text)
    q = quotes[index]
    return q["speaker_text"], q["speaker"], q["cue"], q["attribution_rule"]


# --------------------------------------------------------------------------- #
# direct quotes
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "text, index, expected",
    [
        # post-posed, with a title that must not break the link
        ('"I don\'t see it happening," Mr. Rove said.', 0, ("Mr. Rove", "Rove", "said", "after")),
        ('"We are ready," Ms. Dong said on Monday.', 0, ("Ms. Dong", "Dong", "said", "after")),
        # post-posed, inverted, with an initial and a state
        ('"We will win," said Sen. Jane B. Doe of Ohio.', 0,
         ("Sen. Jane B. Doe of Ohio", "Jane Doe", "said", "after_inverted")),
        # a verb of urging that is not "said"
        ('"Go register," Trump implored.', 0, ("Trump", "Donald Trump", "implored", "after")),
        # a long appositive between speaker and verb
        ('"Go vote," Rep. Adam B. Schiff of California, the ranking Democrat on the committee, urged.', 0,
         ("Rep. Adam B. Schiff of California", "Adam Schiff", "urged", "after")),
        # pre-posed with a colon; a relative clause between speaker and verb
        ('Ms. Dong said: "We are ready."', 0, ("Ms. Dong", "Dong", "said", "before")),
        ('Trump, who spoke in Ohio on Monday, said: "We will win."', 0, ("Trump", "Donald Trump", "said", "before")),
        # interrupted: the second half takes the attribution between the halves
        ('"We are ready," Dr. Lee said. "The plan is set."', 1, ("Dr. Lee", "Lee", "said", "interrupted")),
        # speakers outside the actor lexicon: any noun phrase
        ('"No," a student group said.', 0, ("a student group", "a student group", "said", "after")),
        ('"It failed," said another source familiar with the talks.', 0,
         ("another source familiar", "another source familiar", "said", "after_inverted")),
        # "called X "…"": call with an object and quoted words
        ('Zelenskiy called the talks "good and productive."', 0,
         ("Zelenskiy", "Volodymyr Zelenskiy", "called", "fragment_clause")),
        # a participle after a comma takes the speaker of the verb before it
        ('"It is new," said Rep. Bobby Lane, adding that the plan is "a mistake."', 1,
         ("Rep. Bobby Lane", "Bobby Lane", "adding", "fragment_clause")),
        # the outermost of a chain of reporting clauses
        ('Trump told reporters he thought the vote was "rigged."', 0, ("Trump", "Donald Trump", "told", "fragment_clause")),
        # according to
        ('According to the ministry, "the talks failed."', 0,
         ("the ministry", "the ministry", "According to", "according_to")),
        # a label before a colon
        ('From the report: "Prices rose sharply."', 0, ("the report", "the report", ":", "label_colon")),
        # a thought verb
        ('Voters fear the economy will "slow down."', 0, ("Voters", "Voters", "fear", "fragment_clause")),
        # a signature line after the quote
        ('"We did it."\n\n- Maria Lopez\n\nMore text.', 0, ("Maria Lopez", "Maria Lopez", "-", "signature")),
        # a quote right after an attribution sentence
        ('Or maybe Bush, consultant Phil Musser says. "He could still win."', 0,
         ("Phil Musser", "Phil Musser", "says", "previous_sentence")),
        # a participle: the word before it is its object ("to Adelson"), the speaker is the subject before
        ('Hours later, Trump thanked Adelson, telling Reuters, "He is a great man."', 0,
         ("Trump", "Donald Trump", "telling", "before")),
    ],
)
def test_quote_rules(text, index, expected):
    assert _quote(text, index) == expected


def test_pronoun_points_at_the_pronoun_and_resolves_to_the_person_before():
    text = 'Gov. Maria Lopez spoke in Albany on Monday.\n\n"We are ready," she said.'
    quotes, _, _ = _run(text)
    q = quotes[0]
    assert (q["speaker_text"], q["speaker"], q["speaker_rule"]) == ("she", "Maria Lopez", "pronoun")
    assert text[q["speaker_start"] : q["speaker_end"]] == "she"


def test_pronoun_resolution_stops_at_the_previous_paragraph():
    text = 'Gov. Maria Lopez spoke on Monday.\n\nThe weather was cold.\n\nRain fell all day.\n\n"We are ready," she said.'
    q = _run(text)[0][0]
    assert (q["speaker_text"], q["speaker"], q["speaker_rule"]) == ("she", None, "pronoun_unresolved")
    assert q["speaker_kind"] == "unresolved"


def test_pronoun_resolution_never_crosses_documents():
    first = 'Gov. Maria Lopez spoke on Monday.'
    _run(first)
    q = _run('"We are ready," she said.')[0][0]
    assert q["speaker"] is None and q["speaker_rule"] == "pronoun_unresolved"


def test_he_skips_an_organisation_and_it_skips_a_person():
    text = 'Zelenskiy met the European Commission on Monday.\n\n"We are ready," he said.'
    assert _run(text)[0][0]["speaker"] == "Volodymyr Zelenskiy"


def test_continuation_paragraph_inherits_the_previous_speaker():
    text = '"This support is real," Shmyhal said.\n\n"It is one of the important steps."\n\nPrices rose.'
    quotes, _, _ = _run(text)
    second = quotes[1]
    assert (second["speaker"], second["cue"], second["attribution_rule"], second["speaker_rule"]) == (
        "Denys Shmyhal", "said", "continuation_inherited", "inherited",
    )
    # the span points at the mention in the attribution clause
    assert text[second["speaker_start"] : second["speaker_end"]] == "Shmyhal"


def test_no_continuation_after_a_narration_paragraph():
    text = '"This support is real," Shmyhal said.\n\nPrices rose on Monday.\n\n"It is one of the important steps."'
    assert _run(text)[0][1]["speaker"] is None


def test_a_quote_after_a_new_sentence_is_not_attributed_to_the_next_sentence():
    text = 'Ms. Dong told reporters: "We are ready." He added that the plan was final.'
    q = _run(text)[0][0]
    assert (q["speaker_text"], q["cue"]) == ("Ms. Dong", "told")


def test_attribution_kind_on_quotes():
    quotes, _, _ = _run('"We will win," Trump tweeted.')
    assert (quotes[0]["cue_lemma"], quotes[0]["attribution_kind"]) == ("tweet", "writing")


# --------------------------------------------------------------------------- #
# bad input
# --------------------------------------------------------------------------- #
def test_unbalanced_mark_is_a_problem_and_does_not_swallow_the_article():
    text = 'He said "yes and more text here.\n\nLater, "we are fine," she said.'
    quotes, problems, _ = _run(text)
    assert [q["text"] for q in quotes] == ["we are fine,"]
    assert problems and "never" in problems[0]["problem"] or "not closed" in problems[0]["problem"]


def test_very_long_quote_is_a_problem_not_a_quote():
    text = 'He said: "' + "word " * 1100 + '" and left. "Yes," she said.'
    quotes, problems, _ = _run(text)
    assert [q["text"] for q in quotes] == ["Yes,"]
    assert any("longer than 5000" in p["problem"] for p in problems)


def test_nested_quote_does_not_crash():
    quotes, problems, _ = _run('"He said \'no,\' " she said.')
    assert quotes[0]["speaker_text"] == "she" and quotes[0]["cue"] == "said"


# --------------------------------------------------------------------------- #
# attributions (narration)
# --------------------------------------------------------------------------- #
def _attributions(text):
    return [(r["speaker_text"], r["cue"], r["attribution_kind"]) for r in _run(text)[2]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ms. Dong said the plan would fail.", [("Ms. Dong", "said", "speech")]),
        ("In a statement, the ministry said the talks failed.", [("the ministry", "said", "speech")]),
        ("Trump's spokesman said the deal was final.", [("Trump's spokesman", "said", "speech")]),
        ("Trump's statement said the deal was final.", [("Trump's statement", "said", "speech")]),
        ("A statement from the ministry said the talks failed.", [("the ministry", "said", "speech")]),
        ("Clinton told reporters that she would run.", [("Clinton", "told", "speech")]),
        ("According to emails released by WikiLeaks, the campaign knew.",
         [("emails released", "According to", "according_to")]),
        ("Trump tweeted that he would win.", [("Trump", "tweeted", "writing")]),
        ("Voters fear the economy will slow.", [("Voters", "fear", "thought")]),
        ("Most economists believe the recession is over.", [("Most economists", "believe", "thought")]),
        ("Obama revised the plan in October, saying troops would stay.", [("Obama", "saying", "speech")]),
        ("Sanders left the stage and said he would return.", [("Sanders", "said", "speech")]),
        ("Experts, who met in Geneva, say the deal is weak.", [("Experts", "say", "speech")]),
        ("Security experts who say the risk is low were ignored.", [("who", "say", "speech")]),
        ("A Pentagon official said the troops would stay.", [("A Pentagon official", "said", "speech")]),
        # amounts of people, and "according to" any noun phrase
        ("About three in 10 said they would vote.", [("About three in 10", "said", "speech")]),
        ("According to exit polls, turnout rose.", [("exit polls", "According to", "according_to")]),
        # a passive: the speaker is the agent, never the subject
        ("Trump was criticized by the senator for the remark.", [("the senator", "criticized", "speech")]),
        ("Clinton was told that the vote was close.", [(None, "told", "speech")]),
        # negative cases: not attributions
        # an intention is attributed ("plans to"), but "call" on the phone is not speech
        ("Trump plans to call Biden on the phone.", [("Trump", "plans", "thought")]),
        ("Moscow rejected the territorial claims in the east.", [("Moscow", "rejected", "speech")]),
        ("Drones attacked the plant overnight.", []),
        ("He found the keys in the car.", []),
        ("Police officers called the suspect twice.", []),
    ],
)
def test_attribution_rules(text, expected):
    assert _attributions(text) == expected


def test_relative_who_resolves_to_the_phrase_before():
    rows = _run("Security experts who say the risk is low were ignored.")[2]
    assert (rows[0]["speaker"], rows[0]["speaker_rule"]) == ("Security experts", "relative")


def test_attribution_pronoun_resolves_within_the_paragraph():
    rows = _run("Ms. Dong arrived late. She said the plan was final.")[2]
    assert (rows[0]["speaker_text"], rows[0]["speaker"]) == ("She", "Dong")


def test_every_reporting_verb_has_a_kind_and_the_new_verbs_are_there():
    verbs = load_reporting_verbs()
    for form in ("implored", "urged", "declared", "tweeted", "wrote", "posted", "insisted", "conceded",
                 "predicted", "warned", "vowed", "acknowledged", "believes", "fears", "hopes"):
        assert verbs.lookup(form) is not None, form
    assert {v.kind for v in verbs.verbs} == {"speech", "writing", "thought", "according_to"}
    assert all(v.source for v in verbs.verbs if v.lemma in ("implore", "tweet", "believe", "fear"))


# --------------------------------------------------------------------------- #
# version 4 rules: each with a sentence where it must fire and one where it must not
# --------------------------------------------------------------------------- #
def _rows4(text):
    return [(r["speaker_text"], r["cue"], r["attribution_kind"], r["embedded"], r["voice"]) for r in _run(text)[2]]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a label and its colon open a headline or a transcript turn: the label is the source
        ("Poll: Trump leads in Ohio.", [("Poll", ":", "speech", False, "narration")]),
        ("MATTHEWS: Well, we will see.", [("MATTHEWS", ":", "speech", False, "narration")]),
        ("Related: Trump leads in Ohio.", []),  # a kicker, not a source
        ("At 10:30 a.m. the polls closed.", []),  # a time
        # hearsay: "reportedly" names no source, and the subject is not one
        ("The senator reportedly refused to resign.",
         [(None, "reportedly", "according_to", False, "narration"), ("The senator", "refused", "speech", False, "narration")]),
        # positions, intentions and expectations are attributed (PDTB eventualities, PARC)
        ("Clinton wants a recount.", [("Clinton", "wants", "thought", False, "narration")]),
        ("Trump is expected to win Ohio.", [(None, "expected", "thought", False, "narration")]),
        ("Most voters support the plan.", [("Most voters", "support", "thought", False, "narration")]),
        ("As expected, the vote was close.", []),
        ("Trump backed away from the plan.", []),
        ("The charity offered free meals.", []),
        ("Financial support for the plan grew.", []),
        # a report inside the reported clause of another is marked embedded; a clause of its own is not
        ("Rubio said he supports the bill.",
         [("Rubio", "said", "speech", False, "narration"), ("he", "supports", "thought", True, "narration")]),
        ("Rubio said no, and he supports the bill.",
         [("Rubio", "said", "speech", False, "narration"), ("he", "supports", "thought", False, "narration")]),
        ("Asked about the bill, Cruz said he wants a vote.",
         [(None, "Asked", "speech", False, "narration"), ("Cruz", "said", "speech", False, "narration"),
          ("he", "wants", "thought", True, "narration")]),
        ("Trump said the bill would pass. Cruz claimed it would fail.",
         [("Trump", "said", "speech", False, "narration"), ("Cruz", "claimed", "speech", False, "narration")]),
        # a refusal is the cue; a negated answer reports nothing
        ("A spokesman declined to comment.", [("A spokesman", "declined", "speech", False, "narration")]),
        ("The campaign did not respond to requests.", []),
        ("The campaign responded to the report.", [("The campaign", "responded", "speech", False, "narration")]),
        ("Clinton led by 300 pledged delegates.", []),
        # "he's said" is "he has said"; a quantifier can stand alone as the subject, a noun after it is no verb
        ("He's said the plan would fail.", [("He", "said", "speech", False, "narration")]),
        ("Some said the plan would fail.", [("Some", "said", "speech", False, "narration")]),
        ("Many claims were false.", []),
        # a party or national adjective before a noun-like form makes it a noun; a name is a subject
        ("The site rated 32 Republican claims as false.", []),
        ("Russia claims the land.", [("Russia", "claims", "speech", False, "narration")]),
        # a poll introduced by "in", and somebody's words
        ("In a CNN poll released Monday, Clinton led.", [("a CNN poll", "In", "according_to", False, "narration")]),
        ("Voters in Ohio head to the polls.", []),
        # a participle of aim is not a report; the finite verb is
        ("Trump toured Ohio, hoping to win votes.", []),
        ("Trump hopes to win votes.", [("Trump", "hopes", "thought", False, "narration")]),
        # verbs of speaking (Levin 37) after a quote, and "continued" when it introduces the quote
        ('"Enough," Trump fumed.', [("Trump", "fumed", "speech", False, "narration")]),
        ('"We will win," Carson continued.', [("Carson", "continued", "speech", False, "narration")]),
        ("The war continued.", []),
        # "call" with an object and a predicate names a view, quoted or not; a phone call does not
        ("The campaign called the charges unsubstantiated.", [("The campaign", "called", "speech", False, "narration")]),
        ("Trump called Biden on the phone.", []),
        # a reduced passive takes its by-agent ("the bill, opposed by …"); without an agent it is no passive
        ("The bill, opposed by House Republicans, failed.",
         [("House Republicans", "opposed", "speech", False, "narration")]),
        ("Democrats opposed the bill.", [("Democrats", "opposed", "speech", False, "narration")]),
    ],
)
def test_attribution_rules_v4(text, expected):
    assert _rows4(text) == expected


def test_a_stance_inside_a_quotation_is_part_of_the_quoted_claim():
    rows = _run('"Ukraine wants peace," he said.')[2]
    assert [(r["cue"], r["voice"]) for r in rows] == [("said", "narration")]
    rows = _run("He said Ukraine wants peace.")[2]  # in narration it is kept, embedded in "said"
    assert [(r["cue"], r["embedded"]) for r in rows] == [("said", False), ("wants", True)]


def test_a_gerund_judged_by_an_earlier_cue_is_embedded():
    rows = _run("Trump criticized Cruz for saying the plan would fail.")[2]
    assert [(r["cue"], r["embedded"]) for r in rows] == [("criticized", False), ("saying", True)]
    rows = _run("Cruz won the debate by saying no.")[2]  # no earlier cue, and "by" gives the means
    assert [(r["cue"], r["embedded"]) for r in rows] == [("saying", False)]


def test_typewriter_quotes_hold_the_quoted_speakers_verbs():
    rows = _run("''I think we will win,'' he said. The students'' union said no.")[2]
    by_cue = {(r["cue"], r["speaker_text"]): r["voice"] for r in rows}
    assert by_cue == {("said", "he"): "narration", ("said", "The students'' union"): "narration"} or \
        all(r["voice"] == "narration" for r in rows if r["cue"] == "said")
    assert not any(r["cue"] == "think" and r["voice"] == "narration" for r in rows)


def test_relative_that_resolves_to_the_phrase_before():
    rows = _run("European states that have supported Ukraine met on Monday.")[2]
    assert [(r["speaker_text"], r["speaker"], r["cue"]) for r in rows] == [("that", "European states", "supported")]
    assert [r["cue"] for r in _run("He said that claims were false.")[2]] == ["said"]


def test_transcript_label_inside_a_quote():
    quotes, _, rows = _run('"PENCE: Well, we will win this race."')
    assert (quotes[0]["speaker_text"], quotes[0]["cue"], quotes[0]["attribution_rule"]) == ("PENCE", ":", "transcript_label")
    assert [(r["speaker_text"], r["cue"]) for r in rows] == [("PENCE", ":")]
    quotes, _, _ = _run('"Note: we will win," he said.')
    assert (quotes[0]["speaker_text"], quotes[0]["cue"]) == ("he", "said")


def test_label_colons_stay_linear_on_long_input():
    import time

    text = ("Poll: " + "word " * 20000 + ". ") * 5
    started = time.perf_counter()
    _run(text)
    assert time.perf_counter() - started < 20


def test_embedded_reports_in_a_long_chain():
    # each "said" sits in the clause of the one before; only the last few cues are looked at
    rows = _run("Trump said that Cruz said that " * 100 + "nothing happened.")[2]
    assert len(rows) == 200 and [r["embedded"] for r in rows[:3]] == [False, True, True]
    assert all(r["embedded"] for r in rows[1:])


@pytest.mark.slow
def test_one_very_long_sentence_with_many_cues_stays_linear():
    """A 180,000-character sentence with 4,000 cues: every speaker look-up reads a bounded window back from its cue.

    Before, each cue re-read the sentence from its start (previous_word, subject_before, the modifier
    search), which took about 200 s here and would hang on a 2-million-character document.
    """
    import time

    text = "Officials said " + ", and officials said that ".join(["the talks went well"] * 4000) + "."
    started = time.perf_counter()
    rows = _run(text)[2]
    assert time.perf_counter() - started < 30
    assert len(rows) == 4000 and {r["cue"] for r in rows} == {"said"}
    assert rows[1]["speaker_text"] == "officials" and text[rows[1]["speaker_start"]:rows[1]["speaker_end"]] == "officials"


def test_a_subject_more_than_the_lookback_away_is_not_read():
    from analysis.framing.speakers import LOOKBACK_CHARS, subject_before

    near = "The ministry said"
    assert subject_before(near, position=near.index(" said"), lower_bound=0)[0] == "The ministry"
    far = "Officials " + "x" * LOOKBACK_CHARS + " said"
    assert (subject_before(far, position=far.index(" said"), lower_bound=0) or ("",))[0] != "Officials"


@pytest.mark.slow
def test_one_very_long_sentence_with_many_quoted_fragments_stays_linear():
    """2,000 quoted fragments in one sentence: the look-ups around each quote (parenthetical reports, nested
    marks, the cue before) read a bounded window, so the quote finder stays linear (about 2 s here; a scan of the
    whole sentence per quote took over a minute for 1,000)."""
    import time

    from analysis.framing.quotes import find_quotes

    text = "Officials said " + ', and officials said the talks were "good" '.join(["x"] * 2000) + "."
    started = time.perf_counter()
    quotes, _ = find_quotes(text, doc_id="d", mentions=[], sentences=[(0, len(text))])
    assert time.perf_counter() - started < 30
    assert len(quotes) == 1999 and {q["cue"] for q in quotes} == {"said"}
    assert {q["speaker_text"] for q in quotes} == {"officials"}
