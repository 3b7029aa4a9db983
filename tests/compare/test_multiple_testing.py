"""Adjusted p-values against R's ``p.adjust`` and values worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compare.multiple_testing import (P_ADJUST_METHODS, add_adjusted_p_values, adjust_p_values,
                                               check_method, significance_sentence)

# R: p <- c(0.01, 0.04, 0.03, 0.005); p.adjust(p, "holm"); p.adjust(p, "BH"); p.adjust(p, "bonferroni")
R_P = [0.01, 0.04, 0.03, 0.005]
R_ADJUSTED = {
    "holm": [0.03, 0.06, 0.06, 0.02],
    "bh": [0.02, 0.04, 0.04, 0.02],
    "bonferroni": [0.04, 0.16, 0.12, 0.02],
    "none": R_P,
}


@pytest.mark.parametrize("method", P_ADJUST_METHODS)
def test_r_p_adjust_worked_example(method):
    assert adjust_p_values(R_P, method).tolist() == pytest.approx(R_ADJUSTED[method], abs=1e-12)


def test_holm_by_hand_is_step_down_with_running_maximum():
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 -> running max 0.02, 0.03, 0.06, 0.06
    assert adjust_p_values([0.04, 0.03, 0.01, 0.005], "holm").tolist() == pytest.approx([0.06, 0.06, 0.03, 0.02])


def test_ties_get_equal_adjusted_values():
    # m = 3; Holm: 3 * 0.01 = 0.03 for both ties, then max(0.03, 1 * 0.04); BH: min(3 * 0.01 / 2, 0.04) = 0.015
    assert adjust_p_values([0.01, 0.01, 0.04], "holm").tolist() == pytest.approx([0.03, 0.03, 0.04])
    assert adjust_p_values([0.01, 0.01, 0.04], "bh").tolist() == pytest.approx([0.015, 0.015, 0.04])


def test_adjusted_values_are_capped_at_one():
    assert adjust_p_values([0.5, 0.6], "holm").tolist() == [1.0, 1.0]
    assert adjust_p_values([0.5, 0.6], "bonferroni").tolist() == [1.0, 1.0]
    assert adjust_p_values([1.0, 1.0], "bh").tolist() == [1.0, 1.0]


def test_undefined_p_values_stay_undefined_and_do_not_count():
    out = adjust_p_values([0.01, math.nan, 0.04, math.nan], "bonferroni")  # m = 2, not 4
    assert out[[0, 2]].tolist() == pytest.approx([0.02, 0.08])
    assert np.isnan(out[[1, 3]]).all()
    assert np.isnan(adjust_p_values([math.nan], "holm")).all()
    assert adjust_p_values([], "holm").tolist() == []


def test_a_family_of_one_is_unchanged():
    for method in P_ADJUST_METHODS:
        assert adjust_p_values([0.03], method).tolist() == [0.03]


def test_adjusting_never_lowers_a_p_value_and_holm_never_exceeds_bonferroni():
    p = np.random.default_rng(3).uniform(size=50) ** 3
    holm, bh, bonf = (adjust_p_values(p, m) for m in ("holm", "bh", "bonferroni"))
    assert (holm >= p).all() and (bh >= p).all() and (bonf >= holm - 1e-15).all() and (holm >= bh - 1e-15).all()


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown p_adjust method 'fdr'; use one of 'holm'"):
        adjust_p_values([0.1], "fdr")
    with pytest.raises(ValueError, match="between 0 and 1"):
        adjust_p_values([0.1, 1.5], "holm")
    with pytest.raises(ValueError, match="between 0 and 1"):
        adjust_p_values([-0.1], "none")
    assert check_method("Holm") == "holm"


def test_table_columns_state_method_and_family_size():
    table = pd.DataFrame({"term": list("abcde"), "p_value": R_P + [1.0], "method": ["x"] * 5})
    out = add_adjusted_p_values(table, "holm", tested=[True, True, True, True, False])
    assert list(out.columns) == ["term", "p_value", "p_adjusted", "p_adjust_method", "family_size", "method"]
    assert out["p_adjusted"].tolist() == pytest.approx(R_ADJUSTED["holm"] + [1.0])
    assert set(out["p_adjust_method"]) == {"holm"} and set(out["family_size"]) == {4}
    again = add_adjusted_p_values(out, "bh")  # adjusting again replaces the columns
    assert list(again.columns) == list(out.columns) and set(again["family_size"]) == {5}


def test_significance_sentence_counts_survivors_and_tests():
    table = add_adjusted_p_values(pd.DataFrame({"p_value": R_P}), "holm")
    assert significance_sentence(table) == ("2 of 4 comparisons remain significant after Holm's adjustment "
                                            "(adjusted p < 0.05).")
    assert significance_sentence(add_adjusted_p_values(table, "bh")).startswith("4 of 4 comparisons remain")
    assert significance_sentence(table.iloc[0:0]) is None
    assert significance_sentence(pd.DataFrame({"p_value": [0.01]})) is None  # not adjusted: nothing to say
