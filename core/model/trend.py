"""Trend of annual series: Theil-Sen slope with its confidence interval, Mann-Kendall test.

Both are vectorised over any number of series (axis 0 is time, e.g. years; the other axes are
cells) and ignore NaN values series by series. numpy and the standard library only.

Theil-Sen (Sen 1968): the slope is the median of the pairwise slopes (y_j - y_i)/(x_j - x_i)
over all pairs with x_i != x_j; the intercept is median(y) - slope * median(x) (scipy's
"separate" method). The confidence interval takes the order statistics R_l and R_u of the N
sorted pairwise slopes (Sen 1968, eq. 2.6):

    sigma^2 = [n(n-1)(2n+5) - sum_x t(t-1)(2t+5) - sum_y t(t-1)(2t+5)] / 18
    R_u = min(round((N + z sigma)/2), N - 1),   R_l = max(round((N - z sigma)/2) - 1, 0)

with z the normal quantile of (1 + confidence)/2 and t the sizes of tied groups in x and in y
(0-based ranks, as scipy.stats.theilslopes).

Mann-Kendall: S = sum_{i<j} sign(x_j - x_i) sign(y_j - y_i); with ties in y

    Var(S) = [n(n-1)(2n+5) - sum_y t(t-1)(2t+5)] / 18
    Z = (S - 1)/sqrt(Var(S)) if S > 0, 0 if S = 0, (S + 1)/sqrt(Var(S)) if S < 0

(the continuity correction can be switched off), two-sided p = erfc(|Z| / sqrt(2)).
The x values (years) must be distinct for Mann-Kendall.
"""

import math
import warnings
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ..infra.progress import as_progress

# Cap on pairs x series held at once by the per-cell functions (float64 elements).
_BLOCK_ELEMENTS = 4_000_000

_erfc = np.frompyfunc(math.erfc, 1, 1)


@dataclass
class TheilSen:
    """Theil-Sen fit of each series: slope, intercept, CI of the slope, number of values."""

    slope: np.ndarray
    intercept: np.ndarray
    low_slope: np.ndarray
    high_slope: np.ndarray
    n: np.ndarray


@dataclass
class MannKendall:
    """Mann-Kendall test of each series: S, Var(S), Z, two-sided p-value, number of values."""

    s: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p_value: np.ndarray
    n: np.ndarray


def _as_columns(x, y):
    """x as (n,) float64 and y as (n, m) float64, plus the shape of one result."""
    y = np.asarray(y, dtype="float64")
    x = np.asarray(x, dtype="float64")
    if y.ndim == 0 or x.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(
            f"x must be one-dimensional and match y along axis 0 (got x {x.shape}, y {y.shape})."
        )
    return x, y.reshape(y.shape[0], -1), y.shape[1:]


def _pairs(x):
    """Index pairs i < j of the time axis whose x differ."""
    i, j = np.triu_indices(x.size, 1)
    keep = x[i] != x[j]
    return i[keep], j[keep]


def _tie_term(values, valid):
    """sum over tied groups of t(t-1)(2t+5) among the valid values of each column.

    Each value in a group of size t meets t equal values (itself included), so the sum over
    the values of (c - 1)(2c + 5) equals the sum over groups of t(t - 1)(2t + 5).
    """
    equal = (values[:, np.newaxis, :] == values[np.newaxis, :, :]) & valid[np.newaxis, :, :]
    count = equal.sum(axis=1)
    return np.where(valid, (count - 1) * (2 * count + 5), 0).sum(axis=0).astype("float64")


def theil_sen(x, y, confidence: float = 0.95, min_count: int = 3) -> TheilSen:
    """Theil-Sen slope, intercept and slope CI of each series y[:, ...] against x (NaN skipped).

    Series with fewer than ``min_count`` finite values give NaN.
    """
    x, y, shape = _as_columns(x, y)
    valid = np.isfinite(y)
    n = valid.sum(axis=0)
    i, j = _pairs(x)
    slopes = (y[j] - y[i]) / (x[j] - x[i])[:, np.newaxis]  # NaN where either is missing
    slopes.sort(axis=0)  # NaN last
    count = np.isfinite(slopes).sum(axis=0)
    usable = (n >= max(min_count, 2)) & (count > 0)
    last = np.maximum(count - 1, 0)

    def order_statistic(index):
        index = np.clip(index, 0, last).astype("int64")
        return (
            np.take_along_axis(slopes, index[np.newaxis, :], axis=0)[0]
            if slopes.size
            else np.full(index.shape, np.nan)
        )

    median = 0.5 * (order_statistic((count - 1) // 2) + order_statistic(count // 2))
    x_valid = np.where(valid, x[:, np.newaxis], np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN, as wanted
        intercept = np.nanmedian(y, axis=0) - median * np.nanmedian(x_valid, axis=0)
    x_columns = np.broadcast_to(x[:, np.newaxis], y.shape)
    variance = (
        n * (n - 1.0) * (2.0 * n + 5.0) - _tie_term(x_columns, valid) - _tie_term(y, valid)
    ) / 18.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    sigma = np.sqrt(np.maximum(variance, 0.0))
    upper = np.minimum(np.round((count + z * sigma) / 2.0), last)
    lower = np.maximum(np.round((count - z * sigma) / 2.0) - 1.0, 0.0)
    nan = np.full(median.shape, np.nan)
    return TheilSen(
        slope=np.where(usable, median, nan).reshape(shape),
        intercept=np.where(usable, intercept, nan).reshape(shape),
        low_slope=np.where(usable, order_statistic(lower), nan).reshape(shape),
        high_slope=np.where(usable, order_statistic(upper), nan).reshape(shape),
        n=n.reshape(shape),
    )


def mann_kendall(x, y, continuity: bool = True, min_count: int = 3) -> MannKendall:
    """Mann-Kendall S, tie-corrected Var(S), Z and two-sided p of each series (NaN skipped)."""
    x, y, shape = _as_columns(x, y)
    if np.unique(x).size != x.size:
        raise ValueError("Mann-Kendall needs distinct x values (one value a year).")
    valid = np.isfinite(y)
    n = valid.sum(axis=0)
    i, j = _pairs(x)
    with np.errstate(invalid="ignore"):
        signs = np.sign(y[j] - y[i]) * np.sign(x[j] - x[i])[:, np.newaxis]
    s = np.nansum(signs, axis=0)
    variance = (n * (n - 1.0) * (2.0 * n + 5.0) - _tie_term(y, valid)) / 18.0
    correction = np.sign(s) if continuity else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s != 0, (s - correction) / np.sqrt(variance), 0.0)
    usable = (n >= max(min_count, 2)) & (variance > 0)
    z = np.where(usable, z, np.nan)
    p_value = np.where(
        usable, _erfc(np.abs(np.nan_to_num(z)) / math.sqrt(2.0)).astype("float64"), np.nan
    )
    nan = np.full(s.shape, np.nan)
    return MannKendall(
        s=np.where(usable, s, nan).reshape(shape),
        variance=np.where(usable, variance, nan).reshape(shape),
        z=z.reshape(shape),
        p_value=p_value.reshape(shape),
        n=n.reshape(shape),
    )


def cell_trends(years, annual, min_years: int = 5, confidence: float = 0.95, progress=None):
    """Theil-Sen and Mann-Kendall of every cell of ``annual`` (n_years, ny, nx), in blocks.

    Returns (TheilSen, MannKendall) with (ny, nx) arrays; cells with fewer than ``min_years``
    valid years are NaN. Reports progress and honours cancel between blocks.
    """
    progress = as_progress(progress)
    years = np.asarray(years, dtype="float64")
    annual = np.asarray(annual, dtype="float64")
    n_years = annual.shape[0]
    flat = annual.reshape(n_years, -1)
    n_cells = flat.shape[1]
    # The tie counts hold n_years x n_years values a series, more than the pairwise slopes.
    block = max(1, _BLOCK_ELEMENTS // max(n_years * n_years, 1))
    fields = {
        name: np.full(n_cells, np.nan)
        for name in (
            "slope",
            "intercept",
            "low_slope",
            "high_slope",
            "s",
            "variance",
            "z",
            "p_value",
        )
    }
    count = np.zeros(n_cells, dtype="int64")
    for start in range(0, n_cells, block):
        progress.report(start / max(n_cells, 1), "Trend per cell")
        stop = min(start + block, n_cells)
        sen = theil_sen(years, flat[:, start:stop], confidence, min_years)
        mk = mann_kendall(years, flat[:, start:stop], True, min_years)
        for name in ("slope", "intercept", "low_slope", "high_slope"):
            fields[name][start:stop] = getattr(sen, name)
        for name in ("s", "variance", "z", "p_value"):
            fields[name][start:stop] = getattr(mk, name)
        count[start:stop] = sen.n
    progress.report(1.0, "Trend per cell")
    shape = annual.shape[1:]
    count = count.reshape(shape)
    return (
        TheilSen(
            *(fields[k].reshape(shape) for k in ("slope", "intercept", "low_slope", "high_slope")),
            count,
        ),
        MannKendall(*(fields[k].reshape(shape) for k in ("s", "variance", "z", "p_value")), count),
    )
