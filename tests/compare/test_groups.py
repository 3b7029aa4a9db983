"""Tests for analysis.compare.groups: the bootstrap, group and voice comparisons, the comparison plot.

Expected values on the fixture corpus were counted by hand from its three
texts (see tests/fixtures/small_corpus):

* Outlet A (doc a, 2 sentences): counted tokens (punctuation excluded)
  KYIV NATO said Kyiv must wait | We will not wait Zelenskiy said = 6 + 6 = 12;
  frames: "NATO" (security_guarantees_alliances) in sentence 0;
  attributions: "NATO said", "Zelenskiy said" (both neutral).
* Outlet B (docs b, c, 3 sentences): counted tokens 5 + 4 (b) and
  Zelenskiy s plan can t wait the EU said = 9 (c), 18 in all; "claimed"
  and "NATO" once each; frames: "talks" (diplomacy_negotiation) in b:0,
  "NATO" in b:1; attributions: "Moscow claimed" (distancing), "the EU said"
  (neutral).
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis.compare.groups import (
    COMPARISON_COLUMNS,
    DEFAULT_SEED,
    VOICE_GROUPS,
    bootstrap_ci,
    group_comparison,
    ratio_statistic,
    voice_comparison,
)
from analysis.framing.frames import load_frame_dictionary
from analysis.framing.lexicons import STANCES
from analysis.framing.analyze import analyze_framing
from analysis.text.prepare import prepare_corpus
from analysis.report.plots import GROUP_COLORS, group_comparison_plot

TERMS = ["NATO", "claim*", "Zelenskiy"]


@pytest.fixture(scope="module")
def fixture(small_corpus):
    prepared = prepare_corpus(small_corpus)
    return prepared, analyze_framing(prepared)


@pytest.fixture(scope="module")
def seed():
    prepared = prepare_corpus("data/raw")
    return prepared, analyze_framing(prepared)


@pytest.fixture(scope="module")
def by_outlet(fixture):
    return group_comparison(*fixture, by="outlet", terms=TERMS, n_resamples=400)


def _row(table: pd.DataFrame, group: str, measure: str) -> pd.Series:
    hit = table[(table["group"] == group) & (table["measure"] == measure)]
    assert len(hit) == 1, (group, measure)
    return hit.iloc[0]


# ---------------------------------------------------------------- bootstrap


def test_bootstrap_is_deterministic_per_seed():
    values = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.55])
    a = bootstrap_ci(values, np.mean, n_resamples=300, seed=1)
    b = bootstrap_ci(values, np.mean, n_resamples=300, seed=1)
    c = bootstrap_ci(values, np.mean, n_resamples=300, seed=2)
    assert a == b
    assert a != c
    assert isinstance(a[0], float)


def test_bootstrap_ci_contains_the_estimate_and_narrows_with_level():
    values = np.arange(1.0, 21.0)
    low, high = bootstrap_ci(values, np.mean)
    assert low < values.mean() < high
    low80, high80 = bootstrap_ci(values, np.mean, level=0.8)
    assert low < low80 < high80 < high


def test_bootstrap_vectorized_equals_loop_and_vector_statistics():
    units = np.array([[1, 10, 0, 4], [0, 12, 1, 3], [3, 9, 1, 5], [2, 11, 0, 2]], dtype=float)
    stat = ratio_statistic(2, scale=[10_000.0, 1.0])
    looped = bootstrap_ci(units, lambda s: stat(s[np.newaxis])[0], n_resamples=250, seed=5)
    vectorized = bootstrap_ci(units, stat, n_resamples=250, seed=5, vectorized=True)
    assert np.array_equal(looped[0], vectorized[0]) and np.array_equal(looped[1], vectorized[1])
    assert looped[0].shape == (2,)


def test_bootstrap_edge_cases():
    assert bootstrap_ci([7.0], np.mean) == (7.0, 7.0)
    low, high = bootstrap_ci(np.zeros((0, 2)), np.mean)
    assert math.isnan(low) and math.isnan(high)
    # undefined replicates (0 / 0) are left out, not counted as zero
    units = np.array([[0, 0], [1, 2]], dtype=float)
    ratio = ratio_statistic(1)
    low, high = bootstrap_ci(units, ratio, n_resamples=200, vectorized=True)
    assert (low[0], high[0]) == (0.5, 0.5)
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci([1.0, 2.0], np.mean, level=95)
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_ci([1.0, 2.0], np.mean, n_resamples=0)


# ---------------------------------------------------------------- groups, by hand


def test_group_table_shape_order_and_types(by_outlet):
    table = by_outlet
    assert tuple(table.columns) == COMPARISON_COLUMNS
    assert table.dtypes.astype(str).tolist() == [
        "string", "string", "string", "float64", "float64", "float64", "int64", "string", "int64", "int64",
        "float64", "float64", "string", "int64",
    ]
    measures = ([f"term:{t}" for t in TERMS] + [f"frame:{f}" for f in load_frame_dictionary().names()]
                + [f"stance:{s}" for s in STANCES])
    assert table["group"].tolist() == ["Outlet A"] * len(measures) + ["Outlet B"] * len(measures)
    assert table["measure"].tolist() == measures * 2
    assert set(table["group_by"]) == {"outlet"}
    assert table.attrs == {"comparison": "groups", "seed": DEFAULT_SEED, "n_resamples": 400, "level": 0.95}


def test_group_units(by_outlet):
    a = by_outlet[by_outlet["group"] == "Outlet A"]
    b = by_outlet[by_outlet["group"] == "Outlet B"]
    assert set(a["unit"]) == {"sentence"} and set(a["n_units"]) == {2}  # one document: its 2 sentences
    assert set(b["unit"]) == {"document"} and set(b["n_units"]) == {2}  # two documents


def test_term_rates_by_hand(by_outlet):
    assert _row(by_outlet, "Outlet A", "term:NATO")[["numerator", "denominator"]].tolist() == [1, 12]
    assert _row(by_outlet, "Outlet A", "term:NATO")["value"] == pytest.approx(10_000 / 12)
    assert _row(by_outlet, "Outlet A", "term:claim*")["value"] == 0.0
    assert _row(by_outlet, "Outlet A", "term:Zelenskiy")["value"] == pytest.approx(10_000 / 12)
    for term in TERMS:
        row = _row(by_outlet, "Outlet B", f"term:{term}")
        assert [row["numerator"], row["denominator"]] == [1, 18]
        assert row["value"] == pytest.approx(10_000 / 18)


def test_frame_and_stance_shares_by_hand(by_outlet):
    expected = {
        ("Outlet A", "frame:security_guarantees_alliances"): (1, 2),
        ("Outlet A", "frame:diplomacy_negotiation"): (0, 2),
        ("Outlet B", "frame:security_guarantees_alliances"): (1, 3),
        ("Outlet B", "frame:diplomacy_negotiation"): (1, 3),
        ("Outlet B", "frame:military_conflict"): (0, 3),
        ("Outlet A", "stance:neutral"): (2, 2),
        ("Outlet A", "stance:distancing"): (0, 2),
        ("Outlet B", "stance:neutral"): (1, 2),
        ("Outlet B", "stance:distancing"): (1, 2),
        ("Outlet B", "stance:endorsing"): (0, 2),
    }
    for (group, measure), (num, den) in expected.items():
        row = _row(by_outlet, group, measure)
        assert (row["numerator"], row["denominator"]) == (num, den), (group, measure)
        assert row["value"] == pytest.approx(num / den)


def test_intervals_by_hand(by_outlet):
    # Outlet B resamples documents b (distancing 1/1) and c (0/1): the replicates are 0, 1/2 and 1
    # (bb, bc/cb, cc), so the 95% interval runs from 0 to 1.
    row = _row(by_outlet, "Outlet B", "stance:distancing")
    assert (row["ci_low"], row["ci_high"]) == (0.0, 1.0)
    # Outlet A resamples sentences 0 (NATO 1 of 6 tokens) and 1 (0 of 6): replicates 0, 833.3 and 1666.7
    row = _row(by_outlet, "Outlet A", "term:NATO")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.0, 10_000 * 2 / 12))
    # every defined interval holds its estimate
    defined = by_outlet.dropna(subset=["value"])
    assert ((defined["ci_low"] <= defined["value"] + 1e-9) & (defined["value"] <= defined["ci_high"] + 1e-9)).all()


def test_same_seed_same_table_other_seed_other_intervals(fixture, by_outlet, seed):
    again = group_comparison(*fixture, by="outlet", terms=TERMS, n_resamples=400)
    pd.testing.assert_frame_equal(by_outlet, again)
    # with two units per group every interval spans the extremes whatever the seed; 31 sentences do not
    first = voice_comparison(*seed, terms=TERMS, n_resamples=200)
    other = voice_comparison(*seed, terms=TERMS, n_resamples=200, seed=1)
    pd.testing.assert_series_equal(first["value"], other["value"])
    assert not first[["ci_low", "ci_high"]].equals(other[["ci_low", "ci_high"]])


def test_missing_values_form_their_own_group(fixture):
    table = group_comparison(*fixture, by="published", terms=["NATO"], n_resamples=50)
    assert list(dict.fromkeys(table["group"])) == ["(missing)", "2024-12-09", "2024-12-10"]
    assert set(table["unit"]) == {"sentence"}


def test_unknown_column_is_named_in_the_error(fixture):
    with pytest.raises(KeyError, match="'desk'.*not a column of the document table"):
        group_comparison(*fixture, by="desk", terms=TERMS)
    with pytest.raises(KeyError, match="'text'"):
        group_comparison(*fixture, by="text", terms=TERMS)
    with pytest.raises(TypeError, match="list of strings"):
        group_comparison(*fixture, by="outlet", terms="NATO")


# ---------------------------------------------------------------- single group: narration vs quoted


def test_single_outlet_falls_back_to_voice(seed):
    prepared, framing = seed
    table = group_comparison(prepared, framing, by="outlet", terms=TERMS, n_resamples=300)
    assert not table.empty
    assert table.attrs["comparison"] == "voice"
    assert set(table["group_by"]) == {"voice"}
    assert list(dict.fromkeys(table["group"])) == list(VOICE_GROUPS) == ["narration", "quoted"]
    assert set(table["unit"]) == {"sentence"}
    defined = table[table["denominator"] > 0]
    assert len(defined) == len(table)  # both voices have tokens, sentences and attributions here
    assert np.isfinite(defined[["value", "ci_low", "ci_high"]].to_numpy()).all()
    pd.testing.assert_frame_equal(table, voice_comparison(prepared, framing, terms=TERMS, n_resamples=300))


def test_voice_split_adds_up(seed):
    prepared, framing = seed
    table = voice_comparison(prepared, framing, terms=TERMS, n_resamples=100)
    narration = table[table["group"] == "narration"].set_index("measure")
    quoted = table[table["group"] == "quoted"].set_index("measure")
    counted = int((~prepared.tokens["is_punct"]).sum())
    assert narration.loc["term:NATO", "denominator"] + quoted.loc["term:NATO", "denominator"] == counted
    assert narration.loc["term:NATO", "numerator"] + quoted.loc["term:NATO", "numerator"] == 8
    # Zelenskiy is named only by the journalist; NATO three times in his quotes
    assert (quoted.loc["term:Zelenskiy", "numerator"], quoted.loc["term:NATO", "numerator"]) == (0, 3)
    frame = "frame:military_conflict"
    assert narration.loc[frame, "denominator"] + quoted.loc[frame, "denominator"] == len(prepared.sentences)
    assert quoted.loc[frame, "denominator"] == 6  # sentences 5, 6, 7, 8, 32, 33
    n_attr = int((framing.attributions["kind"] == "attribution").sum())
    assert narration.loc["stance:neutral", "denominator"] + quoted.loc["stance:neutral", "denominator"] == n_attr
    assert quoted.loc["stance:endorsing", ["numerator", "denominator"]].tolist() == [1, 1]  # "reveals"


def test_a_column_with_one_value_falls_back_on_the_fixture(fixture):
    table = group_comparison(*fixture, by="language", terms=["wait"], n_resamples=50)  # all empty
    assert table.attrs["comparison"] == "voice"
    wait = table[table["measure"] == "term:wait"]
    assert wait[["group", "numerator", "denominator"]].values.tolist() == [["narration", 2, 26], ["quoted", 1, 4]]


# ---------------------------------------------------------------- two outlets from real news


@pytest.mark.corpora
def test_two_bbc_folders_give_two_groups(shared_corpora, tmp_path):
    rows = ["doc_id,path,outlet"]
    for folder, outlet in (("business", "BBC business"), ("politics", "BBC politics")):
        for name in ("001.txt", "002.txt", "003.txt"):
            target = tmp_path / folder / name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(shared_corpora / "bbc-news-2005" / folder / name, target)
            rows.append(f"{folder}_{name[:3]},{folder}/{name},{outlet}")
    (tmp_path / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    prepared = prepare_corpus(tmp_path)
    framing = analyze_framing(prepared)
    table = group_comparison(prepared, framing, by="outlet", terms=["said", "minister*", "profit*"],
                             n_resamples=200)
    assert table.attrs["comparison"] == "groups"
    assert list(dict.fromkeys(table["group"])) == ["BBC business", "BBC politics"]
    assert set(table["unit"]) == {"document"} and set(table["n_units"]) == {3}
    terms = table[table["measure"].str.startswith("term:")]
    assert np.isfinite(terms[["value", "ci_low", "ci_high"]].to_numpy()).all()
    assert (terms["denominator"] > 0).all()
    fig = group_comparison_plot(table)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["BBC business", "BBC politics"]


# ---------------------------------------------------------------- plot


def test_plot_shows_every_group_in_a_stable_colour(by_outlet):
    fig = group_comparison_plot(by_outlet, measures=["term:NATO", "stance:neutral", "stance:distancing"])
    assert [ax.get_xlabel() for ax in fig.axes] == ["per 10,000 tokens", "share of attributions"]
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Outlet A", "Outlet B"]
    assert [h.get_color() for h in legend.legend_handles] == list(GROUP_COLORS[:2])
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()][::-1] == ["neutral", "distancing"]


def test_plot_one_and_many_groups():
    def table(groups):
        return pd.DataFrame({"group": groups, "measure": ["frame:x"] * len(groups),
                             "value": np.linspace(0.1, 0.9, len(groups)), "ci_low": 0.0, "ci_high": 1.0})

    one = group_comparison_plot(table(["only"]))
    assert [t.get_text() for t in one.axes[0].get_legend().get_texts()] == ["only"]
    many = [f"g{i}" for i in range(10)]
    fig = group_comparison_plot(table(many))
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == many
    points = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert len(points) == 10
    empty = group_comparison_plot(table([]))
    assert empty.axes[0].texts[0].get_text() == "nothing to show"


# ------------------------------------------------------------ tone and lexicons by group

from analysis.compare.groups import (  # noqa: E402
    LEXICON_GROUP_COLUMNS,
    TONE_GROUP_COLUMNS,
    TONE_MEASURES,
    lexicon_by_group,
    lexicon_rate_ratios,
    tone_by_group,
)


def _tone_fixture():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "X", "Y", None]})
    tone = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "c", "c"],
                         "compound": [0.5, -0.5, 0.04, -0.05, 0.05, 0.25]})
    return documents, tone


def test_tone_by_group_by_hand():
    documents, tone = _tone_fixture()
    table = tone_by_group(tone, documents, by="outlet", n_resamples=200, seed=3)
    assert list(table.columns) == list(TONE_GROUP_COLUMNS)
    assert table["group"].drop_duplicates().tolist() == ["(missing)", "X", "Y"]
    x = table[table["group"] == "X"].set_index("measure")
    # X: compounds 0.5, -0.5, 0.04, -0.05 -> mean -0.0025; negative (<= -0.05): 2 of 4; positive (>= 0.05): 1
    assert x.loc["compound:mean", "value"] == pytest.approx(-0.0025)
    assert x.loc[list(TONE_MEASURES[1:]), "value"].tolist() == [0.5, 0.25, 0.25]
    assert set(x["n_sentences"]) == {4} and set(x["unit"]) == {"document"} and set(x["n_units"]) == {2}
    # two documents resampled: the interval holds the point estimate
    assert x.loc["compound:mean", "ci_low"] <= x.loc["compound:mean", "value"] <= x.loc["compound:mean", "ci_high"]
    y = table[table["group"] == "Y"].set_index("measure")
    assert y.loc["compound:mean", "value"] == pytest.approx(0.15) and set(y["unit"]) == {"sentence"}
    assert y.loc["share:positive", "value"] == 1.0
    # a group whose document has no sentence: no value, no interval, no error
    missing = table[table["group"] == "(missing)"]
    assert missing["value"].isna().all() and missing["ci_low"].isna().all() and set(missing["n_sentences"]) == {0}
    # the same seed gives the same table; another one other intervals
    pd.testing.assert_frame_equal(table, tone_by_group(tone, documents, by="outlet", n_resamples=200, seed=3))


def test_tone_by_group_without_grouping_or_with_a_list():
    documents, tone = _tone_fixture()
    whole = tone_by_group(tone, documents, by=None, n_resamples=20)
    assert set(whole["group"]) == {"(all)"} and set(whole["group_by"]) == {"(none)"}
    assert whole.set_index("measure").loc["compound:mean", "value"] == pytest.approx(0.29 / 6)
    listed = tone_by_group(tone, documents.assign(period=["p", "q", "p", "p"]), by=["outlet", "period"],
                           n_resamples=20)
    assert listed["group"].drop_duplicates().tolist() == ["(missing) | p", "X | p", "X | q", "Y | p"]


def _lexicon_fixture():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
                         "text": ["War, fear and war. Joy.", "Fear of the war.", "Joy, joy and peace!"],
                         "outlet": ["X", "X", "Y"]})
    from analysis.text.tokenize import tokenize_corpus

    _, tokens = tokenize_corpus(docs)
    lexicon = pd.DataFrame({"word": ["war", "fear", "joy", "peace"], "category": ["fear", "fear", "joy", "joy"],
                            "score": [math.nan] * 4})
    return docs, tokens, lexicon


def test_lexicon_by_group_by_hand():
    docs, tokens, lexicon = _lexicon_fixture()
    table = lexicon_by_group(tokens, docs, lexicon, by="outlet", n_resamples=200)
    assert list(table.columns) == list(LEXICON_GROUP_COLUMNS)
    # X: word tokens War fear and war | Joy | Fear of the war = 4 + 1 + 4 = 9; fear matches 5, joy 1
    # Y: Joy joy and peace = 4 word tokens; joy 3
    assert table[["group", "category", "matches", "tokens", "unit"]].values.tolist() == [
        ["X", "fear", 5, 9, "document"], ["X", "joy", 1, 9, "document"],
        ["Y", "fear", 0, 4, "sentence"], ["Y", "joy", 3, 4, "sentence"]]
    assert table["per_1k"].tolist() == pytest.approx([5000 / 9, 1000 / 9, 0.0, 750.0])
    # Y: a single sentence resampled: every resample is the sentence itself
    y_joy = table[(table["group"] == "Y") & (table["category"] == "joy")].iloc[0]
    assert (y_joy.ci_low, y_joy.ci_high) == (750.0, 750.0)
    ratios = lexicon_rate_ratios(table)
    fear = ratios[ratios["term"] == "fear"].iloc[0]
    assert (fear.count_a, fear.tokens_a, fear.count_b, fear.tokens_b) == (5, 9, 0, 4)
    assert math.isinf(fear.rate_ratio) and fear.per_1k_a == pytest.approx(5000 / 9)
    assert lexicon_rate_ratios(table[table["group"] == "X"]).empty


def test_lexicon_rate_ratio_is_r_poisson_test():
    table = pd.DataFrame({"group": ["X", "Y"], "category": ["fear", "fear"], "matches": [11, 21],
                          "tokens": [800, 3011]})
    row = lexicon_rate_ratios(table).iloc[0]
    assert (round(row.rate_ratio, 6), round(row.ci_low, 7), round(row.ci_high, 7)) == (1.971488, 0.8584264, 4.2772659)
    with pytest.raises(ValueError, match="not a group"):
        lexicon_rate_ratios(table, target_group="Z")


def test_lexicon_group_without_word_tokens_gets_rows_not_a_division_by_zero():
    docs, tokens, lexicon = _lexicon_fixture()
    from analysis.text.tokenize import tokenize_corpus

    docs = pd.concat([docs, pd.DataFrame({"doc_id": ["z"], "text": ["!!"], "outlet": ["Z"]})], ignore_index=True)
    _, tokens = tokenize_corpus(docs)
    table = lexicon_by_group(tokens, docs, lexicon, by="outlet", n_resamples=20)
    z = table[table["group"] == "Z"]
    assert z["matches"].tolist() == [0, 0] and z["tokens"].tolist() == [0, 0] and z["per_1k"].isna().all()
    ratios = lexicon_rate_ratios(table, target_group="Z")
    assert ratios["rate_ratio"].isna().all() and set(ratios["ci_high"]) == {math.inf}
    assert set(ratios["family_size"]) == {0} and set(ratios["p_adjusted"]) == {1.0}  # no test could be made


def test_lexicon_rate_ratios_are_one_family():
    # R: poisson.test(c(11, 21), c(800, 3011)) p = 0.07967; with a second category of p = 1, Holm doubles it
    table = pd.DataFrame({"group": ["X", "Y", "X", "Y"], "category": ["fear", "fear", "joy", "joy"],
                          "matches": [11, 21, 8, 30], "tokens": [800, 3011, 800, 3011]})
    ratios = lexicon_rate_ratios(table).set_index("term")
    assert ratios.loc["fear", "p_value"] == pytest.approx(0.07967, abs=5e-6)
    assert ratios.loc["joy", "p_value"] == pytest.approx(1.0)
    assert ratios.loc["fear", "p_adjusted"] == pytest.approx(2 * ratios.loc["fear", "p_value"])
    assert set(ratios["family_size"]) == {2} and set(ratios["p_adjust_method"]) == {"holm"}
    unadjusted = lexicon_rate_ratios(table, p_adjust="none").set_index("term")
    assert (unadjusted["p_adjusted"] == unadjusted["p_value"]).all()


# ---------------------------------------------------------------- permutation tests and their adjustment


def test_permutation_p_values_by_hand():
    from analysis.compare.groups import permutation_p_values

    # A's two documents mention the term, B's two never: 2 of the 6 two-two splits are as extreme (p = 1/3)
    num, den = np.array([[10], [10], [0], [0]]), np.array([[100], [100], [100], [100]])
    p = permutation_p_values(num, den, [0, 0, 1, 1], 2, n_permutations=4000, seed=3)
    assert p[0, 0] == p[1, 0] and p[0, 0] == pytest.approx(1 / 3, abs=0.025)
    # identical documents: every shuffle is as extreme as the observed (zero) difference, p = 1 exactly
    same = permutation_p_values(np.array([[5], [5], [5]]), np.array([[50], [50], [50]]), [0, 1, 1], 2,
                                n_permutations=50)
    assert same.tolist() == [[1.0], [1.0]]
    # a measure no group can compute (no denominator anywhere) has no p-value
    undefined = permutation_p_values(np.zeros((3, 1)), np.zeros((3, 1)), [0, 1, 1], 2, n_permutations=10)
    assert np.isnan(undefined).all()
    # never 0, and seeded: the same seed gives the same p-values
    strong = permutation_p_values(np.array([[9], [9], [9], [0], [0], [0]]), np.full((6, 1), 10), [0, 0, 0, 1, 1, 1],
                                  2, n_permutations=200, seed=7)
    assert strong.min() > 0 and (strong == permutation_p_values(
        np.array([[9], [9], [9], [0], [0], [0]]), np.full((6, 1), 10), [0, 0, 0, 1, 1, 1], 2, n_permutations=200,
        seed=7)).all()
    # 2 of the 20 three-three splits are as extreme in magnitude: the observed one and its mirror
    assert strong[0, 0] == pytest.approx(2 / 20, abs=0.05)


def test_group_comparison_adjusts_its_p_values_as_one_family(fixture, by_outlet):
    defined = by_outlet["p_value"].notna()
    assert set(by_outlet["p_adjust_method"]) == {"holm"} and set(by_outlet["family_size"]) == {int(defined.sum())}
    assert (by_outlet.loc[defined, "p_adjusted"] >= by_outlet.loc[defined, "p_value"]).all()
    assert by_outlet.loc[~defined, "p_adjusted"].isna().all()
    # two groups: the group and "the rest" are the two sides of one test, so both rows have the same p-value
    pivot = by_outlet.pivot(index="measure", columns="group", values="p_value").dropna()
    assert len(pivot) and (pivot["Outlet A"] == pivot["Outlet B"]).all()
    plain = group_comparison(*fixture, by="outlet", terms=TERMS, n_resamples=400, p_adjust="none")
    pd.testing.assert_series_equal(plain["p_value"], by_outlet["p_value"])  # same seed, same shuffles
    assert plain["p_adjusted"].equals(plain["p_value"])


def test_voice_comparison_has_no_p_values(fixture):
    table = group_comparison(*fixture, by=None, terms=TERMS, n_resamples=20)
    assert table.attrs["comparison"] == "voice"
    assert table["p_value"].isna().all() and table["p_adjusted"].isna().all() and set(table["family_size"]) == {0}
