"""Direct quotations: pairing, kinds, attribution, and unbalanced marks."""

from __future__ import annotations

import pytest

from analysis.framing.quotes import find_quotes

ZELENSKIY = "Volodymyr Zelenskiy"


def _mentions(text: str, names: dict[str, tuple[str, str]]) -> list[dict]:
    import re

    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return [
        {"start": m.start(), "end": m.end(), "actor": names[m.group()][0], "actor_type": names[m.group()][1]}
        for m in pattern.finditer(text)
    ]


def _run(text, names=None, sentences=None):
    mentions = _mentions(text, names) if names else []
    quotes, problems = find_quotes(text, doc_id="d", mentions=mentions, sentences=sentences)
    for q in quotes:
        assert text[q["start"] : q["end"]] == q["text"]
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker_text"]
        if q["cue_start"] is not None:
            assert text[q["cue_start"] : q["cue_end"]] == q["cue"]
    return quotes, problems


@pytest.mark.parametrize(
    "text, expected",
    [
        # speaker and cue after the quote, pronoun resolved to the last person
        (
            'Zelenskiy spoke in Kyiv.\n"We do seek it," he said.',
            [("We do seek it,", "full", ZELENSKIY, "he", "said", "say")],
        ),
        # question mark inside, name after
        ('"Then who guarantees us any kind of security?" Zelenskiy added.',
         [("Then who guarantees us any kind of security?", "full", ZELENSKIY, "Zelenskiy", "added", "add")]),
        # inverted order
        ('"It is one of the important steps," said Zelenskiy.',
         [("It is one of the important steps,", "full", ZELENSKIY, "Zelenskiy", "said", "say")]),
        # attribution before, with a colon; curly quotes
        ("Zelenskiy told reporters: \u201cWe will not cede land.\u201d",
         [("We will not cede land.", "full", ZELENSKIY, "Zelenskiy", "told", "tell")]),
        # according to
        ('According to the statement, "the meeting will focus on aid."',
         [("the meeting will focus on aid.", "full", "the statement", "the statement", "According to", "according to")]),
        # a quote with no attribution: speaker and cue stay empty, never guessed
        ('"It is one of the important steps towards victory."',
         [("It is one of the important steps towards victory.", "full", None, None, None, None)]),
    ],
)
def test_full_quotes_and_attribution(text, expected):
    names = {"Zelenskiy": (ZELENSKIY, "person")}
    quotes, problems = _run(text, names)
    assert problems == []
    assert [(q["text"], q["kind"], q["speaker"], q["speaker_text"], q["cue"], q["cue_lemma"]) for q in quotes] == expected


def test_interrupted_quote_takes_the_attribution_between_its_halves():
    text = '"A contingent could stay," he said. "It is a way to peace."'
    names = {"Merz": ("Friedrich Merz", "person")}
    quotes, _ = _run("Merz spoke.\n" + text, names)
    assert [(q["text"], q["speaker"], q["attribution_rule"]) for q in quotes] == [
        ("A contingent could stay,", "Friedrich Merz", "after"),
        ("It is a way to peace.", "Friedrich Merz", "interrupted"),
    ]
    assert quotes[0]["cue_start"] == quotes[1]["cue_start"]


def test_quote_running_over_two_paragraphs():
    text = 'Shmyhal said:\n"The support is real.\n"It is one of the important steps," he said.'
    quotes, problems = _run(text, {"Shmyhal": ("Denys Shmyhal", "person")})
    assert problems == []
    assert len(quotes) == 1
    assert quotes[0]["text"].startswith("The support is real.") and quotes[0]["text"].endswith("steps,")
    assert quotes[0]["speaker"] == "Denys Shmyhal"


def test_a_closing_mark_after_a_space_still_closes():
    quotes, problems = _run('"It has changed a lot, " he said. "Growth appears stronger."')
    assert problems == []
    assert [q["text"] for q in quotes] == ["It has changed a lot,", "Growth appears stronger."]
    assert quotes[0]["cue"] == "said"


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "\u201cThey call it a \u2018special operation\u2019 but it is a war,\u201d the minister said."
    quotes, problems = _run(text)
    assert problems == []
    assert [(q["text"], q["speaker_text"], q["cue"]) for q in quotes] == [
        ("They call it a \u2018special operation\u2019 but it is a war,", "the minister", "said")
    ]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('Zelenskiy called the trilateral talks "good and productive" on Monday.', "good and productive"),
        ('The leaders discussed the potential for "a just peace."', "a just peace."),
        ("the alliance's \"open-door\" policy", "open-door"),
    ],
)
def test_scare_quotes_are_fragments(text, fragment):
    quotes, _ = _run(text)
    assert [(q["text"], q["kind"]) for q in quotes] == [(fragment, "fragment")]


def test_fragment_takes_the_speaker_of_its_clause():
    text = 'Trump told NBC that Ukraine should "probably" prepare to receive less aid.'
    quotes, _ = _run(text, {"Trump": ("Donald Trump", "person")}, sentences=[(0, len(text))])
    assert [(q["text"], q["kind"], q["speaker"], q["cue"]) for q in quotes] == [("probably", "fragment", "Donald Trump", "told")]


def test_fragment_after_a_noun_is_not_attributed_to_it():
    text = "Zelenskiy's appeal comes amid debate about the alliance's \"open-door\" policy."
    quotes, _ = _run(text, {"Zelenskiy": (ZELENSKIY, "person")}, sentences=[(0, len(text))])
    assert quotes[0]["speaker"] is None and quotes[0]["cue"] is None


@pytest.mark.parametrize(
    "text, n_quotes, problem",
    [
        ('He said "we will win.\nThe war goes on. Talks "resume" soon.', 1, "quotation mark not closed before the paragraph ended"),
        ('The talks failed." Then Kyiv spoke.', 0, "quotation mark that opens no quotation"),
        ('Kyiv said "no. And the rest of the article follows without any closing mark', 0, "quotation mark never closed"),
    ],
)
def test_unbalanced_marks_are_reported_and_swallow_nothing(text, n_quotes, problem):
    quotes, problems = _run(text)
    assert len(quotes) == n_quotes
    assert [p["problem"] for p in problems] == [problem]
    assert all(text[p["start"] : p["end"]] in '"\u201c\u201d' for p in problems)
    if n_quotes:
        assert quotes[0]["text"] == "resume"  # the later, balanced quote survives


def test_boilerplate_spans_are_not_searched():
    text = 'SEE ALSO: Trump Says Russia In "Weakened State"\n"We are ready," he said.'
    quotes, _ = find_quotes(text, doc_id="d", mentions=[], spans=[(48, len(text))])
    assert [q["text"] for q in quotes] == ["We are ready,"]


def test_a_closing_curly_mark_typed_as_an_opener():
    """Web text sometimes types ” where “ belongs; with no quotation open, ” before a word opens one."""
    from analysis.framing.quotes import find_quotes

    text = "Photo by AP. ”Fear. I am afraid,” said Ana Ruiz."
    quotes, problems = find_quotes(text, doc_id="d", mentions=[])
    assert [(q["text"], q["speaker_text"], q["cue"]) for q in quotes] == [("Fear. I am afraid,", "Ana Ruiz", "said")]
    assert problems == []
    # a ” that closes an open quotation still closes it, and one after a word never opens
    quotes, problems = find_quotes("He said “no” and left”.", doc_id="d", mentions=[])
    assert [q["text"] for q in quotes] == ["no"]
    assert [p["problem"] for p in problems] == ["quotation mark that opens no quotation"]


def test_a_fragment_characterising_somebody_takes_the_verb_of_the_frame():
    """'V X as "…"' (Levin's characterize frame, 29.2) attributes the fragment to the subject, with any verb."""
    from analysis.framing.quotes import find_quotes
    from analysis.text.tokenize import sentence_spans

    text = ('Reid has gone after Trump as a "con artist."\n\nThe site rated the claim as "false."\n\n'
            'He works as a "consultant."\n\nShe works at the bank as a "teller."')
    quotes, _ = find_quotes(text, doc_id="d", mentions=[], sentences=sentence_spans(text))
    assert [(q["text"], q["speaker_text"], q["cue"], q["attribution_rule"]) for q in quotes] == [
        ("con artist.", "Reid", "gone after", "characterized_as"),
        ("false.", "The site", "rated", "characterized_as"),
        ("consultant.", None, None, None),  # "works as" names no object: not a characterisation
        ("teller.", None, None, None),  # "at the bank" is a place, not an object
    ]


def test_a_speech_act_noun_with_its_possessor_is_the_cue():
    """'Trump's claim that there were "…"': with no verb, the possessed noun is the cue and its owner the
    speaker; a possessed noun followed straight by the quote is the subject of somebody else's report."""
    from analysis.text.tokenize import sentence_spans

    text = ('Critics checked Trump’s claim that there were "thousands of shootings."\n\n'
            'The row grew over her remark that "there is a special place in hell."\n\n'
            'The mayor said Trump’s comments "have no basis."\n\n'
            'It’s denouncing what it calls "the biggest attack."')
    quotes, _ = _run(text, sentences=sentence_spans(text))
    assert [(q["speaker_text"], q["cue"], q["cue_lemma"], q["attribution_rule"]) for q in quotes[:3]] == [
        ("Trump", "claim", "claim", "possessor_noun"),
        ("her", "remark", "remark", "possessor_noun"),
        ("The mayor", "said", "say", "fragment_clause"),  # the comments are the subject of what the mayor said
    ]
    assert quotes[3]["cue"] != "calls" and quotes[3]["attribution_rule"] != "possessor_noun"  # "It’s" is "it is"
    from analysis.framing.attributions import find_attributions

    rows = find_attributions(text, doc_id="d", sentences=sentence_spans(text), mentions=[], quotes=quotes)
    nominal = [(r["cue"], r["speaker_text"], r["stance"]) for r in rows if r["speaker_rule"] == "quote_possessor_noun"]
    assert nominal == [("claim", "Trump", "distancing"), ("remark", "her", "neutral")]


def test_an_opening_curly_mark_typed_as_a_closer():
    """'“Apparently not,“ he said': right after the quote's comma and before a space, “ closes the open quote."""
    quotes, problems = _run("“Apparently not,“ he said. “A leopard never changes.”")
    assert [(q["text"], q["speaker_text"], q["cue"]) for q in quotes] == [
        ("Apparently not,", "he", "said"), ("A leopard never changes.", "he", "said")]
    assert problems == []
    # a “ after a space still opens a quotation (and reports the one left open)
    quotes, problems = _run("“One, “two” three.")
    assert [q["text"] for q in quotes] == ["two"]


def test_a_verb_after_a_clause_that_carries_on_is_not_the_quote_cue():
    """'"…" against what the campaign sees as …': the narrator's clause goes on after the quote."""
    text = 'Ditto said via email that, "Of course he will defend himself" against what the campaign sees as an attack.'
    quotes, _ = _run(text, sentences=[(0, len(text))])
    assert [(q["speaker_text"], q["cue"]) for q in quotes] == [("Ditto", "said")]
    text = '"We are ready," the 43-year-old senator said.'
    quotes, _ = _run(text, sentences=[(0, len(text))])
    assert [(q["speaker_text"], q["cue"], q["attribution_rule"]) for q in quotes] == [
        ("the 43-year-old senator", "said", "after")]


def test_names_with_letters_outside_ascii_speak():
    """'Lily Eskelsen García said': an accented letter does not end the name or hide the verb."""
    from analysis.framing.attributions import find_attributions

    text = "Teachers are worried, NEA President Lily Eskelsen García said."
    rows = find_attributions(text, doc_id="d", sentences=[(0, len(text))], mentions=[], quotes=[])
    assert [(r["cue"], r["speaker_text"]) for r in rows] == [("said", "NEA President Lily Eskelsen García")]


def test_a_report_set_off_by_commas_governs_the_fragments_of_its_sentence():
    """'…, whom he called a "con artist," Cross said.': the aside is the outermost attribution (PolNeAR's
    annotators take it); a verb with an object or a complement is no aside."""
    from analysis.text.tokenize import sentence_spans

    text = ('He can vote for Clinton, whom he called "the most divisive figure," or stay home, Cross said.\n\n'
            'Nor, he said, did he say anything "interpreted as" an order.\n\n'
            'The bags hold "burn" notes, according to the Times.\n\n'
            'Wilson endorsed Cruz last week, calling him "a true conservative."')
    quotes, _ = _run(text, sentences=sentence_spans(text))
    assert [(q["speaker_text"], q["cue"], q["attribution_rule"]) for q in quotes] == [
        ("Cross", "said", "parenthetical"),
        ("he", "said", "parenthetical"),
        ("the Times", "according to", "parenthetical"),
        ("Wilson", "calling", "fragment_clause"),  # "endorsed Cruz," has an object: not an aside
    ]


def test_a_repeated_pronoun_aside_yields_to_the_first_report_and_a_participle_to_the_cue_before():
    """'DuVernay said she felt … because "…," she said.' keeps DuVernay's report; 'Peabody said: "…," adding
    …' keeps "said"; '"…," and concluded his comments were …' is no inverted attribution."""
    from analysis.text.tokenize import sentence_spans

    text = ('DuVernay said she felt it was worth it because "most people do not know," she said.\n\n'
            'In a statement, Peabody said: "It was a success a decade ago," adding that its value rose.\n\n'
            'PolitiFact criticized "a misleading use of statistics," and concluded his comments were wrong.')
    quotes, _ = _run(text, sentences=sentence_spans(text))
    assert [(q["speaker_text"], q["cue"]) for q in quotes] == [
        ("DuVernay", "said"), ("Peabody", "said"), ("PolitiFact", "criticized")]


def test_a_name_that_is_also_a_common_word_speaks_after_a_quote():
    """'"…," Read said.': alone between the closing mark and the verb, a capitalised word is the speaker."""
    text = '"This deal is a great deal," Read said. "We agree," Will wrote. "No," it said.'
    quotes, _ = _run(text)
    assert [(q["speaker_text"], q["cue"]) for q in quotes] == [("Read", "said"), ("Will", "wrote"), ("it", "said")]


def test_a_complement_clause_and_a_closing_according_to_keep_the_outer_report():
    """'He said, however, that he hopes "…"' keeps "said"; 'She compared it to a "root canal," according to
    his memoir.' takes the source; 'Asked to describe the device that …, O'Neill said, "…"' keeps "said"."""
    from analysis.text.tokenize import sentence_spans

    text = ('He said, however, that he hopes "somebody else takes up the cause" against Cruz.\n\n'
            'She later compared the talks to a "root canal," according to his memoir.\n\n'
            'Asked to describe the device that caused it, O\'Neill said, "Not going to speculate."')
    quotes, _ = _run(text, sentences=sentence_spans(text))
    assert [(q["speaker_text"], q["cue"]) for q in quotes] == [
        ("He", "said"), ("his memoir", "according to"), ("O'Neill", "said")]
