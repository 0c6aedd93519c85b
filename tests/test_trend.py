"""Theil-Sen and Mann-Kendall agree with scipy.stats and hand numbers, vectorised over cells."""

import math

import numpy as np
import pytest
from scipy import stats

from sandflux.core.model.trend import cell_trends, mann_kendall, theil_sen

YEARS = np.arange(2004, 2018, dtype=float)


def series(seed, n=None, ties=False):
    n = len(YEARS) if n is None else n
    rng = np.random.default_rng(seed)
    y = -7.0 + 0.15 * np.arange(n) + rng.normal(0, 0.6, n)
    return np.round(y, 0) if ties else y


@pytest.mark.parametrize("seed, ties", [(1, False), (2, False), (3, True), (4, True)])
def test_theil_sen_matches_scipy_theilslopes_slope_intercept_and_interval(seed, ties):
    y = series(seed, ties=ties)
    ours = theil_sen(YEARS, y)
    theirs = stats.theilslopes(y, YEARS, alpha=0.95)
    assert float(ours.slope) == pytest.approx(theirs.slope, abs=1e-12)
    assert float(ours.intercept) == pytest.approx(theirs.intercept, rel=1e-10)
    assert float(ours.low_slope) == pytest.approx(theirs.low_slope, abs=1e-12)
    assert float(ours.high_slope) == pytest.approx(theirs.high_slope, abs=1e-12)


def test_theil_sen_interval_at_90_percent_matches_scipy():
    y = series(5)
    ours = theil_sen(YEARS, y, confidence=0.90)
    theirs = stats.theilslopes(y, YEARS, alpha=0.90)
    assert (float(ours.low_slope), float(ours.high_slope)) == pytest.approx(
        (theirs.low_slope, theirs.high_slope)
    )


@pytest.mark.parametrize("seed, ties", [(6, False), (7, True), (8, True)])
def test_mann_kendall_without_continuity_matches_scipy_kendalltau_asymptotic(seed, ties):
    y = series(seed, ties=ties)
    ours = mann_kendall(YEARS, y, continuity=False)
    tau, p = stats.kendalltau(YEARS, y, method="asymptotic")
    # tau-b = S / sqrt(n0 (n0 - n_y_tied_pairs)) with no ties in the years.
    n0 = len(y) * (len(y) - 1) / 2
    _, counts = np.unique(y, return_counts=True)
    tied_pairs = (counts * (counts - 1) / 2).sum()
    assert float(ours.s) == pytest.approx(tau * math.sqrt(n0 * (n0 - tied_pairs)), abs=1e-9)
    assert float(ours.p_value) == pytest.approx(p, rel=1e-9)


def test_mann_kendall_by_hand_on_a_short_series_with_a_tie():
    y = np.array([1.0, 3.0, 2.0, 3.0, 5.0])
    # Pairs (i<j) signs: from 1: + + + + (4); from 3: - 0 + (0); from 2: + + (2);
    # from 3: + (1) -> S = 7
    # Var(S) = [5*4*15 - 2*1*9] / 18 = (300 - 18)/18 = 15.6667; Z = (7 - 1)/sqrt(15.6667)
    ours = mann_kendall(np.arange(5.0), y)
    assert float(ours.s) == 7
    assert float(ours.variance) == pytest.approx(282 / 18)
    z = 6 / math.sqrt(282 / 18)
    assert float(ours.z) == pytest.approx(z)
    assert float(ours.p_value) == pytest.approx(2 * (1 - stats.norm.cdf(z)))


def test_a_decreasing_series_has_a_negative_z_and_the_continuity_correction_shrinks_it():
    y = np.array([5.0, 4.0, 3.5, 2.0, 1.0, 0.5])
    corrected = mann_kendall(np.arange(6.0), y)
    plain = mann_kendall(np.arange(6.0), y, continuity=False)
    assert float(corrected.s) == -15
    assert float(corrected.z) == pytest.approx(-14 / math.sqrt(6 * 5 * 17 / 18))
    assert float(plain.z) == pytest.approx(-15 / math.sqrt(6 * 5 * 17 / 18))


def test_vectorised_over_cells_with_gaps_equals_scipy_on_each_cell_alone():
    rng = np.random.default_rng(11)
    cube = np.stack([series(s) for s in range(12)], axis=1).reshape(len(YEARS), 3, 4)
    cube[rng.random(cube.shape) < 0.15] = np.nan
    cube[:, 2, 3] = np.nan
    cube[:-3, 2, 3] = np.round(rng.normal(size=len(YEARS) - 3))  # ties plus a gap at the end
    sen, mk = cell_trends(YEARS, cube, min_years=5)
    for row in range(3):
        for col in range(4):
            y = cube[:, row, col]
            ok = np.isfinite(y)
            theirs = stats.theilslopes(y[ok], YEARS[ok])
            assert sen.slope[row, col] == pytest.approx(theirs.slope, abs=1e-12)
            assert sen.low_slope[row, col] == pytest.approx(theirs.low_slope, abs=1e-12)
            assert sen.high_slope[row, col] == pytest.approx(theirs.high_slope, abs=1e-12)
            assert sen.intercept[row, col] == pytest.approx(theirs.intercept, rel=1e-10)
            p_plain = stats.kendalltau(YEARS[ok], y[ok], method="asymptotic").pvalue
            single = mann_kendall(YEARS[ok], y[ok], continuity=False)
            assert float(single.p_value) == pytest.approx(p_plain, rel=1e-9)
            assert mk.n[row, col] == ok.sum()


def test_cells_with_fewer_than_the_minimum_years_are_nan():
    cube = np.full((6, 1, 2), np.nan)
    cube[:, 0, 0] = [1, 2, 3, 4, 5, 6]
    cube[:4, 0, 1] = [1, 2, 3, 4]
    sen, mk = cell_trends(np.arange(2000, 2006), cube, min_years=5)
    assert sen.slope[0, 0] == pytest.approx(1.0)
    assert np.isnan(sen.slope[0, 1]) and np.isnan(mk.p_value[0, 1])


def test_cell_trends_in_small_blocks_equal_one_block(monkeypatch):
    from sandflux.core.model import trend

    cube = np.random.default_rng(3).normal(size=(7, 5, 6))
    whole_sen, whole_mk = cell_trends(np.arange(7), cube)
    monkeypatch.setattr(trend, "_BLOCK_ELEMENTS", 50)
    block_sen, block_mk = cell_trends(np.arange(7), cube)
    np.testing.assert_array_equal(whole_sen.slope, block_sen.slope)
    np.testing.assert_array_equal(whole_mk.p_value, block_mk.p_value)
