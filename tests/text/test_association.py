"""Association measures: one module of pure functions of counts, shared by keyness and collocations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from nltk.metrics import BigramAssocMeasures

import importlib

from analysis.text import association

# the modules, not the functions of the same names that their packages export
collocations = importlib.import_module("analysis.text.collocations")
keyness = importlib.import_module("analysis.compare.keyness")

# Manning & Schütze (1999), 5.3.1: "new companies" in their 14,307,668-token corpus
NEW_COMPANIES = (8, 15828, 4675, 14307668)  # n_ii, n_ix (new), n_xi (companies), n_xx


def test_t_score_is_manning_and_schutzes_value():
    assert float(association.t_score(*NEW_COMPANIES)) == pytest.approx(0.999932, abs=1e-6)  # their t = 0.999932


@pytest.mark.parametrize("marginals", [NEW_COMPANIES, (20, 42, 20, 14307668), (1, 300, 900, 50_000), (5, 5, 5, 10)])
def test_bigram_measures_equal_nltk(marginals):
    n_ii, n_ix, n_xi, n_xx = marginals
    args = (n_ii, (n_ix, n_xi), n_xx)
    assert float(association.bigram_pmi(*marginals)) == pytest.approx(BigramAssocMeasures.pmi(*args), rel=1e-12)
    assert float(association.t_score(*marginals)) == pytest.approx(BigramAssocMeasures.student_t(*args), rel=1e-9)
    assert float(association.dice(n_ii, n_ix, n_xi)) == pytest.approx(BigramAssocMeasures.dice(*args), rel=1e-9)
    a, b, c, d = n_ii, n_xi - n_ii, n_ix, n_xx - n_ix  # the 2x2 table of the same bigram
    assert abs(association.g2(a, b, c, d)) == pytest.approx(BigramAssocMeasures.likelihood_ratio(*args), rel=1e-6)
    assert abs(association.chi2(a, b, c, d)) == pytest.approx(BigramAssocMeasures.chi_sq(*args), rel=1e-6)


def test_zero_counts_and_direction():
    assert association.pmi(0, 5, 10, 10) == -math.inf
    assert association.log_ratio(0, 4, 100, 100) == -3.0  # 0.5 for the zero frequency (Hardie 2014)
    assert association.g2(3, 7, 10, 9) < 0 < association.g2(7, 2, 10, 9)  # under-used is negative
    assert math.isnan(float(association.dice(0, 0, 0)))
    assert association.g2(0, 0, 10, 9) == 0.0


def test_arrays_broadcast_and_scalars_give_floats():
    values = association.g2(np.array([7, 3]), np.array([2, 7]), 10, 9)
    assert isinstance(values, np.ndarray) and values.round(4).tolist() == [4.5349, -4.5349]
    assert isinstance(association.chi2(7, 2, 10, 9), float)


def test_each_measure_exists_once():
    for name in ("g2", "g2_two_cell", "chi2", "pmi", "log_ratio"):
        assert getattr(keyness, name) is getattr(association, name), name
    assert collocations.g2 is association.g2 and collocations.chi2 is association.chi2
    assert collocations.t_score is association.t_score and collocations.dice is association.dice
