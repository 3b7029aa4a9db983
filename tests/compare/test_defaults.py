"""Defaults that fit the corpus (issue 9, item 6): chosen terms, absent terms in words, group-aware layouts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.compare.defaults import (
    CorpusTerms,
    absent_terms,
    absent_terms_message,
    choose_settings,
    corpus_terms,
    no_terms_message,
    say_absent_terms,
)
from analysis.compare.keyness import compare_groups, keyness_tables
from analysis.corpus.groups import documents_per_group, rows_of_documents, with_label_column
from analysis.corpus.time import add_time_columns
from analysis.runner.settings import SETTINGS
from analysis.text import dispersion
from analysis.text.frequencies import ngram_frequencies, term_frequencies
from analysis.text.prepare import PreparedCorpus, prepare_corpus

LEADERS = Path(__file__).parents[1] / "fixtures" / "two_leaders.jsonl"
INVASION = {"before": [None, "2022-02-24"], "after": ["2022-02-24", None]}


@pytest.fixture(scope="module")
def leaders() -> PreparedCorpus:
    prepared = prepare_corpus(LEADERS)
    return PreparedCorpus(documents=add_time_columns(prepared.documents, periods=INVASION), cleaned=prepared.cleaned,
                          sentences=prepared.sentences, tokens=prepared.tokens, settings=prepared.settings)


def test_the_four_settings_default_to_none():
    for name in ("compare_terms", "dispersion_terms", "kwic_terms", "collocation_node"):
        assert SETTINGS[name].default is None, name


def test_key_terms_of_each_group_taken_in_turns(leaders):
    chosen = corpus_terms(leaders.documents, leaders.tokens, by="outlet")
    # by hand: kyiv's over-used terms (G² against moscow, seen twice or more) begin ukraine, war, must;
    # moscow's begin operation, kremlin, military
    kyiv = compare_groups(leaders.tokens, leaders.documents, by="outlet", target="kyiv", min_count=2)
    assert kyiv[kyiv["g2"] > 0]["term"].head(3).tolist() == ["ukraine", "war", "must"]
    assert chosen.key_terms == ("ukraine", "operation", "war", "kremlin", "must", "military")
    assert "each group of 'outlet'" in chosen.basis


def test_one_group_uses_general_english_and_actors(leaders):
    chosen = corpus_terms(leaders.documents, leaders.tokens, by=None, mentions=pd.DataFrame({
        "actor": ["Russia", "Russia", "Russia", "NATO", "NATO", "Volodymyr Zelenskiy"],
        "matched_by": ["full_name", "metonym", "metonym", "full_name", "alias", "surname"],
        "text": ["Russia", "Kremlin", "Kremlin", "NATO", "the alliance", "Zelenskyy"]}))
    assert "against general English" in chosen.basis
    # Russia has 3 mentions but its only name form is "Russia" (Kremlin is a metonym); NATO's two name
    # forms tie once each: the shorter wins
    assert chosen.actors == ("Russia", "NATO")
    assert "russia" in chosen.key_terms
    assert [t.lower() for t in chosen.terms].count("russia") == 1  # no repeats, case-insensitive


def test_choice_is_deterministic(leaders):
    assert corpus_terms(leaders.documents, leaders.tokens, by=["outlet", "period"]) == corpus_terms(leaders.documents, leaders.tokens, by=["outlet", "period"])


def test_a_given_value_is_kept_and_recorded():
    chosen = CorpusTerms(("war",), ("Russia",), "by hand")
    result = choose_settings({"compare_terms": ["NATO"], "dispersion_terms": None, "collocation_node": None},
                             ["compare_terms", "dispersion_terms", "collocation_node"], chosen)
    assert result["compare_terms"] == ["NATO"] and result["dispersion_terms"] == ["war", "Russia"]
    assert result["collocation_node"] == "war"
    assert result.table.values.tolist() == [
        ["compare_terms", '["NATO"]', "given", "set by the user", "", "set by the user"],
        ["dispersion_terms", '["war", "Russia"]', "chosen from the corpus", "by hand", "", "war: chosen; Russia: chosen"],
        ["collocation_node", "war", "chosen from the corpus", "by hand", "", "war: chosen"]]


def test_nothing_to_choose_is_said_in_words():
    empty = choose_settings({"collocation_node": None}, ["collocation_node"], CorpusTerms((), (), "by hand"))
    assert empty["collocation_node"] is None
    assert no_terms_message(empty, "collocation_node").startswith("collocation_node: no term could be chosen")


def test_absent_terms_are_named_and_left_out(leaders, capsys):
    terms = ["war", "Zelenskiy", "special military operation", "sanction*"]
    assert absent_terms(leaders.tokens, terms) == ["Zelenskiy"]
    assert say_absent_terms(leaders.tokens, terms, "the dispersion plot") == [
        "war", "special military operation", "sanction*"]
    assert capsys.readouterr().out == ("'Zelenskiy' does not occur in this corpus, so the dispersion plot has no row "
                                       "for it.\n")
    assert absent_terms_message([], "x") is None


def test_dispersion_orders_by_group_then_date_and_marks_groups(leaders):
    order = dispersion.document_order(leaders.documents, by="outlet")
    assert order.doc_ids == ("k1", "k2", "k3", "k4", "k5", "m1", "m2", "m3", "m4", "m5")  # m5 is undated: last
    shuffled = leaders.documents.iloc[::-1].reset_index(drop=True)
    assert dispersion.document_order(shuffled, by="outlet").doc_ids == order.doc_ids
    ordered = dispersion.ordered_tokens(leaders.tokens, order)
    kyiv_tokens = int((leaders.tokens["doc_id"].astype(str).str.startswith("k")).sum())
    assert dispersion.group_boundaries(ordered, order) == [(0, "kyiv"), (kyiv_tokens, "moscow")]
    assert order.description == "documents by group of 'outlet', then by publication date (undated last)"
    by_date = dispersion.document_order(leaders.documents)
    assert by_date.doc_ids[:4] == ("k1", "m1", "k2", "m2") and by_date.description.endswith("(undated last)")
    assert dispersion.group_boundaries(ordered, by_date) == []


def test_frame_profile_documents_come_from_every_group(leaders):
    shown = documents_per_group(leaders.documents, ["outlet", "period"], 1)
    assert shown == ["k3", "k1", "m5", "m3", "m1"]  # kyiv | after, kyiv | before, moscow | (none), ...
    shares = pd.DataFrame({"doc_id": ["k1", "k3", "m1", "(corpus)"], "share": [0.1, 0.2, 0.3, 0.4]})
    assert rows_of_documents(shares, shown)["doc_id"].tolist() == ["k3", "k1", "m1", "(corpus)"]


def test_group_by_a_list_in_counts_and_keyness(leaders):
    terms = term_frequencies(leaders.tokens, by=["outlet", "period"], documents=leaders.documents)
    assert list(terms.columns[:2]) == ["outlet | period", "term"]
    war = terms[terms["term"] == "war"].set_index("outlet | period")["count"].to_dict()
    assert war == {"kyiv | after": 5}  # k3: 2, k4: 2, k5: 1
    ngrams = ngram_frequencies(leaders.tokens, n_values=[3], by=["outlet", "period"], documents=leaders.documents)
    smo = ngrams[ngrams["ngram"] == "special military operation"]
    assert smo[["outlet | period", "count", "doc_freq"]].values.tolist() == [["moscow | after", 2, 2]]
    table = keyness_tables(leaders.documents, leaders.tokens, by=["outlet", "period"], target_group="kyiv | after", min_count=2)
    assert set(table["target"]) == {"corpus", "kyiv | after"}
    labelled, column = with_label_column(leaders.documents, ["outlet", "period"])
    assert column == "outlet | period" and labelled[column].iloc[0] == "kyiv | before"
    from analysis.compare.groups import group_comparison
    from analysis.framing.analyze import analyze_framing

    table = group_comparison(leaders, analyze_framing(leaders), by=["outlet", "period"], terms=["war"], n_resamples=20)
    assert set(table["group_by"]) == {"outlet | period"}
    war = table[(table["measure"] == "term:war")].set_index("group")
    assert war.loc["kyiv | after", "numerator"] == 5 and war.loc["moscow | after", "numerator"] == 0


def test_unknown_column_in_a_group_by_list_is_an_error(leaders):
    with pytest.raises(KeyError, match="cannot group by 'desk'"):
        term_frequencies(leaders.tokens, by=["outlet", "desk"], documents=leaders.documents)
    with pytest.raises(KeyError, match="cannot group by 'desk'"):
        dispersion.document_order(leaders.documents, by=["outlet", "desk"])


def test_a_study_chooses_its_terms_once_and_keeps_them_in_its_store(tmp_path, monkeypatch):
    """Notebooks 03, 04 and 05 read one stored choice: the same as corpus_terms on the corpus, built once per
    corpus and group_by, and chosen again for another group_by."""
    from analysis.compare import defaults
    from analysis.runner.study import open_study

    study = open_study(LEADERS, store_dir=tmp_path / "store", settings={"group_by": "outlet"}, progress=False)
    stored = defaults.study_terms(study)
    direct = corpus_terms(study.documents(text=False), study.token_parts(), by="outlet",
                          mentions=study.table("framing", "actors"))
    assert stored == direct and stored.key_terms

    def fails(*args, **kwargs):
        raise AssertionError("chosen again")

    monkeypatch.setattr(defaults, "corpus_terms", fails)
    again = open_study(LEADERS, store_dir=tmp_path / "store", settings={"group_by": "outlet"}, progress=False)
    assert defaults.study_terms(again) == stored  # read from the store: no second choice
    other = open_study(LEADERS, store_dir=tmp_path / "store", settings={"group_by": None}, progress=False)
    with pytest.raises(AssertionError, match="chosen again"):
        defaults.study_terms(other)  # another group_by is another choice


# --- what is never chosen (issue 18) ------------------------------------------------------------------------


def _news(texts_by_outlet):
    from analysis.text.tokenize import tokenize_corpus

    rows = [(f"{o}{i}", o, t) for o, texts in texts_by_outlet.items() for i, t in enumerate(texts)]
    docs = pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])
    _, tokens = tokenize_corpus(docs)
    return docs, tokens


def test_honorifics_reporting_verbs_and_short_tokens_are_never_chosen():
    from analysis.compare.defaults import term_rule

    docs, tokens = _news({
        "A": ["Mr. Bolton said the tax plan failed. Mr. Bolton said so again, AP said.",
              "Sen. Bolton claimed the tax plan failed. Mr. Bolton said the tariff plan failed."],
        "B": ["Peace talks resumed in Geneva. The ceasefire held in Geneva.",
              "Peace talks stalled. The ceasefire held."]})
    a = compare_groups(tokens, docs, by="outlet", target="A", min_count=2)
    top = a[(a["g2"] > 0)]["term"].head(6).tolist()
    assert {"mr.", "said"} <= set(top)  # without the rule they would be chosen first
    chosen = corpus_terms(docs, tokens, by="outlet", per_group=3)
    lowered = [t.lower() for t in chosen.key_terms]
    assert not {"mr.", "sen.", "said", "claimed", "ap"} & set(lowered)
    # by hand: A's G² order is bolton, said, failed, mr., plan, tax, ...; B's ceasefire, geneva, held, ...
    assert lowered == ["bolton", "ceasefire", "failed", "geneva", "plan", "held"]
    assert dict(chosen.left_out) == {"mr.": "honorific", "said": "reporting verb"}
    assert "honorifics and titles" in chosen.rule and "tokens of one or two characters" in chosen.rule
    # exclude_terms: words or globs, case-insensitive
    rule = term_rule(exclude_terms=["Bolton", "ta*"])
    excluded = corpus_terms(docs, tokens, by="outlet", per_group=3, rule=rule)
    assert not {"bolton", "tax", "tariff"} & {t.lower() for t in excluded.key_terms}
    assert dict(excluded.left_out)["bolton"] == "in exclude_terms"
    assert "exclude_terms: Bolton, ta*" in excluded.rule


def test_the_rule_reads_the_reporting_verb_lexicon_in_use(tmp_path):
    from analysis.compare.defaults import TermRule, term_rule

    project = term_rule()
    assert {"said", "says", "claimed", "told", "reported"} <= project.reporting_verbs
    # nouns too ("claims", "report") and verbs of thought ("plan", "think") stay choosable
    assert not {"claims", "report", "reports", "plan", "planned", "thought"} & project.reporting_verbs
    assert all(" " not in form for form in project.reporting_verbs)  # "called for" is no single term
    assert project.why_left_out("Kyiv") is None and project.why_left_out("U.S.") is None
    assert project.why_left_out("mr") == "honorific" and project.why_left_out("Gov.") == "honorific"
    assert project.why_left_out("eu") == "one or two characters"
    assert project.why_left_out("EU", actor=True) is None  # an actor is a name, not noise
    assert TermRule(exclude_terms=("eu",)).why_left_out("EU", actor=True) == "in exclude_terms"
    own = tmp_path / "verbs.yaml"
    own.write_text("version: 1\nverbs:\n  - {lemma: opine, stance: neutral}\n", encoding="utf-8")
    mine = term_rule(str(own))
    assert mine.why_left_out("opined") == "reporting verb" and mine.why_left_out("said") is None


def test_derived_settings_give_the_rule_and_a_reason_for_each_term(leaders):
    chosen = corpus_terms(leaders.documents, leaders.tokens, by="outlet")
    result = choose_settings({"kwic_terms": None}, ["kwic_terms"], chosen)
    row = result.table.iloc[0]
    assert list(result.table.columns) == ["setting", "value", "source", "basis", "rule", "reason"]
    assert row["rule"].startswith("never chosen: honorifics")
    g2 = compare_groups(leaders.tokens, leaders.documents, by="outlet", target="kyiv", min_count=2)
    g2 = float(g2.set_index("term").loc["ukraine", "g2"])
    assert row["reason"].startswith(f"ukraine: key term of kyiv against the other groups (G² {g2:.1f}); ")


def test_exclude_terms_setting_is_validated():
    from analysis.exceptions import ParameterError
    from analysis.runner.settings import resolve_settings

    assert resolve_settings({"exclude_terms": ["bolton", "tax*"]})["exclude_terms"] == ["bolton", "tax*"]
    with pytest.raises(ParameterError, match="parameter 'exclude_terms' must be a list\\[str\\].*write a YAML list"):
        resolve_settings({"exclude_terms": "bolton"})
    with pytest.raises(ParameterError, match="non-empty words or globs"):
        resolve_settings({"exclude_terms": ["bolton", " "]})
