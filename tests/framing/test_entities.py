"""Speakers as entities: one invented news example per rule, with negative cases.

Every sentence here was written for the tests (none is taken from a corpus).
"""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from analysis.exceptions import ResourceLineError
from analysis.framing.attributions import actor_voice_summary, find_attributions
from analysis.framing.entities import (
    FirstNames, corpus_names, load_first_names, parse_person, resolve_speakers,
)
from analysis.framing.quotes import find_quotes
from analysis.text.tokenize import sentence_spans

LEXICON_ACTORS = {"Trump": ("Donald Trump", "person"), "Pentagon": ("United States", "state")}


def _mentions(text: str) -> list[dict]:
    pattern = re.compile(r"\b(?:" + "|".join(LEXICON_ACTORS) + r")\b(?!\s+Jr\.)")
    return [{"start": m.start(), "end": m.end(), "actor": LEXICON_ACTORS[m.group()][0],
             "actor_type": LEXICON_ACTORS[m.group()][1]} for m in pattern.finditer(text)]


def _quotes(text: str, mentions: list[dict] | None = None) -> list[dict]:
    quotes, _ = find_quotes(text, doc_id="d", mentions=mentions or [], sentences=sentence_spans(text))
    for q in quotes:  # traceable: the mention a name came from is a span of the raw text
        if q["speaker_source_start"] is not None:
            assert 0 <= q["speaker_source_start"] < q["speaker_source_end"] <= len(text)
    return quotes


def _speakers(text: str, mentions: list[dict] | None = None) -> list[tuple]:
    return [(q["speaker"], q["speaker_kind"]) for q in _quotes(text, mentions)]


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("Rep. Adam B. Schiff", ("Adam Schiff", "Schiff", "Adam", None, "male")),
        ("Maria de la Cruz", ("Maria de la Cruz", "de la Cruz", "Maria", None, "female")),
        ("Mrs. Keller", ("Keller", "Keller", None, None, "female")),
        ("Robert Hale Jr.", ("Robert Hale Jr.", "Hale", "Robert", "Jr.", "male")),
        # negative: no first name and no title is no person; a month or a place is no first name
        ("Hale", None),
        ("New Hampshire", None),
        ("Monday Night", None),
    ],
)
def test_parse_person(phrase, expected):
    assert parse_person(phrase, load_first_names()) == expected


def test_titled_name_with_a_state_is_first_and_last_name():
    text = '"We will hold hearings," said Rep. Adam B. Schiff of California.'
    q = _quotes(text)[0]
    assert (q["speaker"], q["speaker_kind"]) == ("Adam Schiff", "person")
    assert text[q["speaker_source_start"] : q["speaker_source_end"]].startswith("Rep. Adam B. Schiff")


def test_title_and_surname_go_to_the_full_name_of_the_article():
    text = 'Karl Rove spoke in Austin.\n\n"It is over," Mr. Rove said.'
    q = _quotes(text)[0]
    assert (q["speaker"], q["speaker_kind"], q["speaker_text"]) == ("Karl Rove", "person", "Mr. Rove")


def test_surname_alone_goes_to_the_earlier_full_name():
    text = 'Lena Ortiz, a city councillor, spoke first.\n\n"We need buses," Ortiz said.'
    assert _speakers(text) == [("Lena Ortiz", "person")]


def test_junior_is_another_person():
    text = ('Donald Trump and Donald Trump Jr. spoke at the rally.\n\n"We won," Donald Trump Jr. said.\n\n'
            '"We will win again," Trump said.')
    assert _speakers(text, _mentions(text)) == [("Donald Trump Jr.", "person"), ("Donald Trump", "person")]


def test_a_surname_shared_by_two_people_is_told_apart_by_title_or_left_unresolved():
    text = ('Paul Grant and his wife, Helen Grant, run the farm.\n\n"It was a dry year," Mrs. Grant said.\n\n'
            '"We will manage," Grant said.')
    assert _speakers(text) == [("Helen Grant", "person"), (None, "unresolved")]


def test_a_surname_shared_by_two_people_told_apart_by_first_name():
    text = 'Paul Grant and Helen Grant run the farm.\n\n"It was a dry year," Helen Grant said.'
    assert _speakers(text) == [("Helen Grant", "person")]


def test_the_lexicon_wins_over_discovery_for_a_shared_surname():
    text = 'Donald Trump and Ivanka Trump spoke.\n\n"It was great," Trump said.'
    assert _speakers(text, _mentions(text)) == [("Donald Trump", "person")]


# --------------------------------------------------------------------------- pronouns
def test_pronoun_with_two_candidates_of_different_gender():
    text = 'Mark Ellis met Susan Park on Monday.\n\n"The deal is done," she said.\n\n"Not yet," he said.'
    assert _speakers(text) == [("Susan Park", "person"), ("Mark Ellis", "person")]


def test_pronoun_skips_a_person_of_the_other_gender_that_is_nearer():
    text = 'Ms. Park said the talks had stalled after Mark Ellis left.\n\n"We tried," she said.'
    assert _speakers(text)[0] == ("Park", "person")


def test_pronoun_gender_learnt_from_an_earlier_pronoun():
    # "Taylor" is listed as either gender; after "she" refers to Jo Taylor... the unknown-gender person is
    # compatible with both, the nearer person of the wrong gender is not
    text = ('Robin Avery, the mayor, met Thomas Klein.\n\n"We agree," she said.\n\n"We will sign," she added.')
    assert _speakers(text) == [("Robin Avery", "person"), ("Robin Avery", "person")]


def test_pronoun_ignores_people_named_inside_a_quotation():
    text = 'Anna Weiss spoke on Monday.\n\n"I met Mark Ellis and he agreed," she said. "We will see," she added.'
    assert {s for s, _ in _speakers(text)} == {"Anna Weiss"}


def test_a_run_of_quotes_keeps_its_speaker():
    text = ('Anna Weiss, the chairwoman, opened the session.\n\n"We start now," she said.\n\n'
            '"The budget comes first," she said.\n\n"Then the roads," she said.\n\n"We are done," she added.')
    assert _speakers(text) == [("Anna Weiss", "person")] * 4
    # a narrative paragraph naming another woman breaks the run
    text = text.replace('"Then the roads," she said.', 'Susan Park objected.\n\n"Then the roads," she said.')
    assert _speakers(text)[-2:] == [("Susan Park", "person")] * 2


def test_an_unresolved_pronoun_is_never_the_speaker():
    text = 'The weather was cold.\n\n"We are ready," he said.'
    q = _quotes(text)[0]
    assert (q["speaker"], q["speaker_kind"], q["speaker_text"]) == (None, "unresolved", "he")


def test_first_person_inside_a_quotation_is_the_quoted_speaker():
    text = 'Anna Weiss spoke.\n\n"I told them I think we can win," Weiss said.'
    sentences = sentence_spans(text)
    quotes, _ = find_quotes(text, doc_id="d", mentions=[], sentences=sentences)
    rows = find_attributions(text, doc_id="d", sentences=sentences, mentions=[], quotes=quotes)
    told = [r for r in rows if r["cue"] == "told"]
    assert told and told[0]["speaker"] == "Anna Weiss" and told[0]["voice"] == "quoted"


# --------------------------------------------------------------------------- descriptions
def test_description_goes_to_the_appositive_it_was_attached_to():
    text = ('Jane Moss, the campaign manager, arrived early.\n\n'
            '"We are confident," the campaign manager said.')
    q = _quotes(text)[0]
    assert (q["speaker"], q["speaker_kind"]) == ("Jane Moss", "person")
    assert text[q["speaker_source_start"] : q["speaker_source_end"]] == "Jane Moss"


def test_a_role_before_the_name_is_an_appositive_too():
    text = 'Campaign chairman Paul Reed arrived.\n\n"It is close," the chairman said.'
    assert _speakers(text) == [("Paul Reed", "person")]


def test_description_without_antecedent_keeps_its_phrase():
    assert _speakers('"Prices rose," the report said.') == [("the report", "document")]
    assert _speakers('"It is a trap," critics said.') == [("critics", "group")]
    assert _speakers('"We won," a spokesman said.') == [("a spokesman", "unresolved")]


def test_an_organisation_inside_a_description_is_not_the_speaker():
    text = '"The plan is weak," a Pentagon think tank said.'
    speaker, kind = _speakers(text, _mentions(text))[0]
    assert speaker != "United States" and kind != "person"


def test_a_possessor_is_not_the_speaker():
    text = 'Anna Weiss spoke.\n\n"No comment," Weiss\'s spokesman said.'
    speaker, kind = _speakers(text)[0]
    assert speaker != "Anna Weiss"


# --------------------------------------------------------------------------- not speakers
def test_a_dateline_is_not_the_speaker():
    text = 'BOSTON (AP) — "We will appeal," the lawyer said.'
    q = _quotes(text)[0]
    assert q["speaker"] == "the lawyer" and "BOSTON" not in (q["speaker"] or "")


def test_told_a_network_gives_the_teller():
    text = 'Anna Weiss told NBC: "We will appeal."'
    assert _speakers(text) == [("Anna Weiss", "person")]


def test_the_interviewer_named_in_an_opening_phrase_is_not_the_speaker():
    text = 'In an interview with CNN\'s Jake Tapper, Anna Weiss said: "We will appeal."'
    assert _speakers(text) == [("Anna Weiss", "person")]


def test_said_in_an_interview_with_a_network_gives_the_teller():
    text = 'Anna Weiss said in an interview with CNN that the ruling was "a disgrace."'
    assert _speakers(text)[0] == ("Anna Weiss", "person")


# --------------------------------------------------------------------------- corpus and tables
def test_corpus_names_take_the_one_fuller_name():
    pairs = [("Rove", "person"), ("Karl Rove", "person"), ("Grant", "person"), ("Paul Grant", "person"),
             ("Helen Grant", "person"), ("Trump", "person"), ("Donald Trump", "person"), ("Reuters", "organisation")]
    assert corpus_names(pairs) == {"Rove": "Karl Rove", "Trump": "Donald Trump"}
    # a lexicon name keeps its name; an organisation is never renamed
    assert corpus_names(pairs, keep={"Trump"}) == {"Rove": "Karl Rove"}
    assert corpus_names([("Reuters", "organisation"), ("Jim Reuters", "person")]) == {}


def test_actor_summary_counts_unresolved_speakers_apart():
    att = pd.DataFrame({"kind": ["attribution"] * 3, "speaker": ["Anna Weiss", None, "Weiss"],
                        "speaker_kind": ["person", "unresolved", "person"],
                        "stance": ["neutral"] * 3, "voice": ["narration"] * 3,
                        "quote_id": pd.array([0, 1, None], dtype="Int64"), "embedded": [False] * 3})
    quotes = pd.DataFrame({"speaker": ["Anna Weiss", None], "speaker_kind": ["person", "unresolved"],
                           "kind": ["full", "full"]})
    summary = actor_voice_summary(att, quotes, pd.DataFrame({"actor": []})).set_index("actor")
    assert "he" not in summary.index
    assert int(summary.loc["Anna Weiss", "direct_quotes"]) == 1
    assert int(summary.loc["Anna Weiss", "attributions"]) == 2  # "Weiss" is the corpus's one Anna Weiss
    assert int(summary.loc["(speaker unresolved)", "direct_quotes"]) == 1


# --------------------------------------------------------------------------- resource and limits
@pytest.mark.parametrize(
    "content, line, problem",
    [
        ("# c\nname\tgender\nAnna\tfemale\nBob\tmale\tx\n", 4, "expected 2"),
        ("name\tgender\nAnna\tqueen\n", 2, "unknown gender"),
        ("name\tgender\nAnna\tfemale\nanna\tfemale\n", 3, "twice"),
        ("first\tsex\n", 1, "header"),
    ],
)
def test_a_malformed_names_file_names_the_file_and_line(tmp_path, content, line, problem):
    path = tmp_path / "names.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceLineError) as err:
        load_first_names(path)
    assert err.value.line == line and problem in str(err.value) and str(path) in str(err.value)


def test_the_shipped_names_file_records_its_source():
    from analysis.framing.entities import FIRST_NAMES_FILE

    header = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()[:6]
    assert any("Census" in line for line in header) and any("public domain" in line for line in header)
    names = load_first_names()
    assert names.gender("Mary") == "female" and names.gender("James") == "male" and names.gender("Zzyzx") is None


def test_resolution_is_linear_on_a_long_document():
    paragraph = ('Anna Weiss met Mark Ellis in Ohio.\n\n"We agree on the budget," she said.\n\n'
                 '"Not on taxes," Ellis said. The report was late.\n\n')

    def run(n: int) -> float:
        text = paragraph * n
        quotes = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
        rows = [{"speaker_start": m.start(), "speaker_end": m.end(), "start": m.start()}
                for m in re.finditer(r"\b(?:she|Ellis)(?= said)", text)]
        started = time.perf_counter()
        resolve_speakers(text, rows, quote_spans=quotes, names=FirstNames({"Anna": "female", "Mark": "male"}))
        assert rows[-2]["speaker"] == "Anna Weiss" and rows[-1]["speaker"] == "Mark Ellis"
        return time.perf_counter() - started

    small, large = run(1000), run(16000)  # the large one is about 2 million characters
    assert large < small * 16 * 3, (small, large)


# --------------------------------------------------------------------------- missing patterns
@pytest.mark.parametrize(
    "text, expected",
    [
        # inverted cue with a long title, with and without a determiner
        ('"We will win the state," said the state\'s national finance director Paul Reed.', ("Paul Reed", "said")),
        ('"We will win the state," responded national finance director Paul Reed.', ("Paul Reed", "responded")),
        # a headline or transcript label
        ('Paul Reed spoke on Monday.\n\nReed: "We will win the state."', ("Paul Reed", ":")),
        # "according to X" after the quote
        ('"We will win the state," according to Paul Reed.', ("Paul Reed", "according to")),
        # a speaker in the sentence (here the paragraph) before a bare quotation
        ('Paul Reed, the finance director, said the campaign was strong.\n\n"We will win the state."',
         ("Paul Reed", "said")),
    ],
)
def test_missing_patterns(text, expected):
    q = _quotes(text)[0]
    assert (q["speaker"], q["cue"]) == expected


def test_a_quote_continuing_over_paragraphs_keeps_its_speaker():
    text = '"We will win the state," Paul Reed said.\n\n"And then the country."'
    assert _speakers(text) == [("Paul Reed", "person")] * 2


def test_a_bare_quotation_after_narration_or_a_denied_report_has_no_speaker():
    assert _speakers('The campaign was strong.\n\n"We will win the state."') == [(None, "unresolved")]
    assert _speakers('Paul Reed did not say the campaign was strong.\n\n"We will win the state."') == [(None, "unresolved")]


def test_a_definite_description_of_an_organisation_goes_to_the_named_one():
    text = 'The Springfield Herald obtained the memo.\n\n"The memo is authentic," the newspaper said.'
    assert _speakers(text) == [("Springfield Herald", "organisation")]
    text = '"We deny it," the Lopez campaign said.\n\n"We will sue," the campaign said.'
    assert _speakers(text) == [("Lopez campaign", "organisation")] * 2
    # negative: with no newspaper named before, the newspaper stays a description
    assert _speakers('"The memo is authentic," the newspaper said.') == [("the newspaper", "unresolved")]


def test_a_role_description_goes_to_the_person_the_article_gave_the_role():
    text = ('Democratic presidential nominee Jane Moss spoke in Ohio.\n\n'
            '"We will win," the Democratic nominee said.')
    assert _speakers(text) == [("Jane Moss", "person")]


def test_a_document_description_speaks_for_who_issued_it():
    text = ('Fox News said in a statement that it stood by the anchor.\n\n'
            '"We will not be intimidated," the statement said.')
    assert _speakers(text)[0][0] == "Fox News"
    # negative: a statement nobody was said to issue stays a document
    assert _speakers('"We will not be intimidated," the statement said.') == [("the statement", "document")]


def test_a_short_form_of_a_newspaper_name():
    text = 'The Springfield Herald obtained the memo.\n\n"The memo is authentic," the Herald reported.'
    assert _speakers(text) == [("Springfield Herald", "organisation")]


def test_a_collective_noun_is_a_group():
    assert _speakers('"No!" the crowd shouted.') == [("the crowd", "group")]


def test_a_pronoun_reporting_the_clause_before_it_skips_the_people_named_in_it():
    text = 'Joseph Hunter will not vote for him.\n\nAlso, Mark Ellis is no conservative, he said. "He is a liberal!"'
    sentences = sentence_spans(text)
    quotes, _ = find_quotes(text, doc_id="d", mentions=[], sentences=sentences)
    rows = find_attributions(text, doc_id="d", sentences=sentences, mentions=[], quotes=quotes)
    said = [r for r in rows if r["cue"] == "said"]
    assert said and said[0]["speaker"] == "Joseph Hunter"


def test_a_one_word_name_before_a_reporting_verb_is_a_person():
    text = 'Idealism is nice, Groberg concluded.\n\nGroberg spoke.\n\n"Look at history," he said.'
    assert _speakers(text) == [("Groberg", "person")]
    # negative: a capitalised word only ever at a sentence start is no name ("Critics said")
    text = 'Critics said the plan failed.\n\n"It is a mess," he said.'
    assert _speakers(text) == [(None, "unresolved")]


def test_a_place_ending_an_appositive_is_not_the_speaker():
    text = 'Dana Moss, a 55-year-old nurse from Dayton, Ohio, says the race is close.'
    sentences = sentence_spans(text)
    rows = find_attributions(text, doc_id="d", sentences=sentences, mentions=[], quotes=[])
    assert rows[0]["speaker"] == "Dana Moss" and rows[0]["speaker_kind"] == "person"
    # negative: a place that is the subject stays the place
    text = 'Ohio says the race is close.'
    rows = find_attributions(text, doc_id="d", sentences=sentence_spans(text), mentions=[], quotes=[])
    assert rows[0]["speaker"] != "Dana Moss"
