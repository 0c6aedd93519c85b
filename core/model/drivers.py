"""Driver attribution: the annual net flux against annual drivers computed from the forcing,
per cell and for the region, by least-squares regression across years.

For each cell c and calendar year y, from the corrected forcing (the Ts and theta the flux model
sees, after the calibration's soil correction) and the hourly flux F (core.model.flux):

    annual net flux  A    = sum_h F * 3600 s * N_y / n_valid          [g CO2 m-2 yr-1]
                            (core.model.annual's rule; NoData below MIN_COVERAGE)
    mean_ts_k             = mean over the valid hours of Ts           [K]
    ts_daily_range_k      = mean over the complete UTC days (24 valid hours) of
                            max_day(Ts) - min_day(Ts)                 [K]
    pulse_hours           = (hours with theta > theta_c) * N_y / n_valid   [h yr-1]
    mean_theta_m3_m3      = mean over the valid hours of theta        [m3 m-3]

theta_c: the desert scheme's fitted pulse threshold, or the one given (PULSE_THRESHOLD).

Regressions (years with a value only), x one driver at a time:

    A = a + b x;   b = cov(x, A) / var(x);   SE(b) = sqrt(sum r^2 / (n - 2) / sum (x - x̄)^2)
    95 % interval b ± t_{0.975, n-2} SE(b);  p: two-sided t test of b = 0 (scipy.stats.t)

per cell (the slope rasters) and for the region (A, x: area-weighted regional means, n = years),
and for the region also all four drivers together (ordinary least squares, each coefficient with
its interval and p-value, n - 5 degrees of freedom). b's unit: g CO2 m-2 yr-1 per driver unit;
b > 0: more of the driver, more release (or less uptake).
"""

import csv
import math
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from ..formats import metadata as keys
from ..formats.geotiff import write_geotiff
from ..infra.area import cell_areas_m2
from ..infra.errors import CalibrationError, VariableError
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour, year_of
from .annual import (
    DEFAULT_MIN_COVERAGE,
    annual_net_flux,
    hours_in_year,
    output_metadata,
    plan_annual,
)
from .calibration_file import load_calibration
from .flux import FluxRecipe, corrected_drivers, flux_blocks, flux_of_drivers

DRIVERS = (
    ("mean_ts_k", "K", "mean soil temperature"),
    ("ts_daily_range_k", "K", "mean daily soil-temperature range"),
    ("pulse_hours", "h yr-1", "hours above the pulse threshold"),
    ("mean_theta_m3_m3", "m3 m-3", "mean soil moisture"),
)
SLOPE_DRIVER = "ts_daily_range_k"
MIN_YEARS = 3
TABLE_COLUMNS = (
    "scope",
    "driver",
    "units",
    "slope",
    "stderr",
    "ci95_low",
    "ci95_high",
    "p_value",
    "r2",
    "n",
)
SLOPE_BANDS = (
    (
        "slope",
        "slope of the annual net flux on the mean daily soil-temperature range "
        "(g CO2 m-2 yr-1 per K)",
    ),
    ("slope_ci95_low", "lower 95 % bound of the slope"),
    ("slope_ci95_high", "upper 95 % bound of the slope"),
    ("p_value", "two-sided p-value of slope = 0 (t test)"),
    ("r2", "coefficient of determination"),
    ("years", "years used"),
)


def kernel_with_drivers(
    stl1_k,
    swvl1_m3_m3,
    hours,
    previous_stl1_k,
    previous_hour,
    model_name,
    parameters,
    soil_correction,
    scale,
    sand_mask,
) -> np.ndarray:
    """(hours, 3, lat, lon): the flux (as core.model.flux.flux_kernel), Ts (K) and theta
    (m3 m-3); the drivers are computed once for both."""
    ts_k, theta, dts_dt = corrected_drivers(
        stl1_k, swvl1_m3_m3, hours, previous_stl1_k, previous_hour, soil_correction
    )
    flux = flux_of_drivers(model_name, parameters, ts_k, theta, dts_dt, scale, sand_mask)
    return np.stack([flux.astype("float64"), ts_k, theta], axis=1)


class YearDrivers:
    """Running sums of one calendar year: flux, Ts, theta, pulse hours, daily Ts ranges."""

    def __init__(self, shape, theta_c: float):
        self.theta_c = float(theta_c)
        self.flux_sum, self.ts_sum, self.theta_sum, self.pulse = (np.zeros(shape) for _ in "1234")
        self.flux_n = np.zeros(shape, dtype="int64")
        self.driver_n = np.zeros(shape, dtype="int64")
        self.range_sum, self.range_days = np.zeros(shape), np.zeros(shape, dtype="int64")
        self.day = None
        self.day_max = self.day_min = self.day_n = None

    def add(self, days: np.ndarray, block: np.ndarray) -> None:
        """A block (hours, 3, ny, nx) of hours on the UTC ``days`` (time order)."""
        flux, ts, theta = block[:, 0], block[:, 1], block[:, 2]
        valid = np.isfinite(flux)
        self.flux_sum += np.where(valid, flux, 0.0).sum(axis=0) * 3600.0
        self.flux_n += valid.sum(axis=0)
        ok = np.isfinite(ts) & np.isfinite(theta)
        self.ts_sum += np.where(ok, ts, 0.0).sum(axis=0)
        self.theta_sum += np.where(ok, theta, 0.0).sum(axis=0)
        self.pulse += (ok & (np.where(ok, theta, 0.0) > self.theta_c)).sum(axis=0)
        self.driver_n += ok.sum(axis=0)
        for day in np.unique(days):
            hours = days == day
            day_ts = np.where(ok[hours], ts[hours], np.nan)
            with np.errstate(invalid="ignore"):
                high = np.fmax.reduce(day_ts, axis=0)
                low = np.fmin.reduce(day_ts, axis=0)
            if day != self.day:
                self._close_day()
                self.day, self.day_max, self.day_min = day, high, low
                self.day_n = ok[hours].sum(axis=0)
            else:
                self.day_max = np.fmax(self.day_max, high)
                self.day_min = np.fmin(self.day_min, low)
                self.day_n = self.day_n + ok[hours].sum(axis=0)

    def _close_day(self) -> None:
        if self.day is None:
            return
        complete = self.day_n == 24
        self.range_sum += np.where(complete, self.day_max - self.day_min, 0.0)
        self.range_days += complete

    def finish(self, year: int, min_coverage: float) -> Dict[str, np.ndarray]:
        """The annual net flux and the four drivers of the year (NaN where none)."""
        self._close_day()
        self.day = None
        n_year = hours_in_year(year)
        with np.errstate(invalid="ignore", divide="ignore"):
            n = np.where(self.driver_n > 0, self.driver_n, np.nan)
            values = {
                "annual": annual_net_flux(self.flux_sum, self.flux_n, n_year, min_coverage),
                "mean_ts_k": self.ts_sum / n,
                "ts_daily_range_k": np.where(
                    self.range_days > 0, self.range_sum / np.maximum(self.range_days, 1), np.nan
                ),
                "pulse_hours": self.pulse * n_year / n,
                "mean_theta_m3_m3": self.theta_sum / n,
            }
        return values


def pulse_threshold(calibration_path, given: Optional[float]) -> float:
    """theta_c (m3 m-3): ``given``, else the desert scheme's fitted theta_c."""
    if given is not None:
        if not 0.0 <= float(given) <= 1.0:
            raise VariableError(
                f"PULSE_THRESHOLD is {given}; give a volumetric soil moisture "
                "between 0 and 1 m3 m-3 (e.g. 0.05)."
            )
        return float(given)
    calibration = load_calibration(calibration_path)
    if "theta_c" not in calibration.parameters:
        raise CalibrationError(
            f"The calibration {calibration_path} uses the {calibration.model.title}, which has no "
            "pulse threshold (theta_c). Give PULSE_THRESHOLD (m3 m-3, e.g. 0.05)."
        )
    return float(calibration.parameters["theta_c"])


@dataclass
class Regression:
    """A least-squares slope with its 95 % interval, p-value, r² and n."""

    scope: str
    driver: str
    units: str
    slope: float
    stderr: float
    low: float
    high: float
    p_value: float
    r2: float
    n: int

    def row(self) -> Dict:
        return {
            "scope": self.scope,
            "driver": self.driver,
            "units": self.units,
            "slope": self.slope,
            "stderr": self.stderr,
            "ci95_low": self.low,
            "ci95_high": self.high,
            "p_value": self.p_value,
            "r2": self.r2,
            "n": self.n,
        }


def cell_regressions(x: np.ndarray, y: np.ndarray, min_years: int = MIN_YEARS) -> np.ndarray:
    """Per cell, y on x across the first axis (years): (6, ny, nx) slope, CI low, CI high,
    p-value, r², n (NaN with fewer than ``min_years`` years with both values or x constant)."""
    from scipy import stats  # the statistics dependency of this tool only

    ok = np.isfinite(x) & np.isfinite(y)
    n = ok.sum(axis=0).astype("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        xm = np.where(ok, x, 0.0).sum(axis=0) / n
        ym = np.where(ok, y, 0.0).sum(axis=0) / n
        dx = np.where(ok, x - xm, 0.0)
        dy = np.where(ok, y - ym, 0.0)
        sxx, sxy, syy = (dx * dx).sum(0), (dx * dy).sum(0), (dy * dy).sum(0)
        slope = sxy / sxx
        residual = np.maximum(syy - slope * sxy, 0.0)
        dof = n - 2
        stderr = np.sqrt(residual / dof / sxx)
        t_crit = stats.t.ppf(0.975, np.maximum(dof, 1))
        p_value = 2 * stats.t.sf(np.abs(slope / stderr), np.maximum(dof, 1))
        p_value = np.where(stderr == 0, 0.0, p_value)
        r2 = np.where(syy > 0, 1.0 - residual / syy, np.nan)
    good = (n >= min_years) & (sxx > 0)
    bands = np.stack([slope, slope - t_crit * stderr, slope + t_crit * stderr, p_value, r2, n])
    bands[:, ~good] = np.nan
    return bands


def simple_regression(x, y, scope: str, driver: str, units: str) -> Regression:
    """y on x (finite pairs), scipy.stats.linregress with the t interval."""
    from scipy import stats  # the statistics dependency of this tool only

    x, y = np.asarray(x, "float64"), np.asarray(y, "float64")
    ok = np.isfinite(x) & np.isfinite(y)
    n = int(ok.sum())
    if n < MIN_YEARS or np.ptp(x[ok]) == 0:
        return Regression(scope, driver, units, *([math.nan] * 6), n)
    fit = stats.linregress(x[ok], y[ok])
    t_crit = stats.t.ppf(0.975, n - 2)
    return Regression(
        scope,
        driver,
        units,
        float(fit.slope),
        float(fit.stderr),
        float(fit.slope - t_crit * fit.stderr),
        float(fit.slope + t_crit * fit.stderr),
        float(fit.pvalue),
        float(fit.rvalue**2),
        n,
    )


def multiple_regression(columns: Dict[str, np.ndarray], y, scope: str) -> List[Regression]:
    """y on all drivers at once (OLS with an intercept); empty when n <= drivers + 1."""
    from scipy import stats  # the statistics dependency of this tool only

    names = list(columns)
    x = np.column_stack([np.asarray(columns[name], "float64") for name in names])
    y = np.asarray(y, "float64")
    ok = np.isfinite(y) & np.all(np.isfinite(x), axis=1)
    n, k = int(ok.sum()), len(names) + 1
    if n <= k:
        return []
    design = np.column_stack([np.ones(n), x[ok]])
    coefficients, _, rank, _ = np.linalg.lstsq(design, y[ok], rcond=None)
    if rank < k:
        return []
    residual = y[ok] - design @ coefficients
    dof = n - k
    sigma2 = float(residual @ residual) / dof
    covariance = sigma2 * np.linalg.inv(design.T @ design)
    stderr = np.sqrt(np.diag(covariance))
    t_crit = stats.t.ppf(0.975, dof)
    r2 = 1.0 - float(residual @ residual) / float(((y[ok] - y[ok].mean()) ** 2).sum())
    units = {name: unit for name, unit, _ in DRIVERS}
    out = []
    for i, name in enumerate(names, start=1):
        p = float(2 * stats.t.sf(abs(coefficients[i] / stderr[i]), dof))
        out.append(
            Regression(
                scope,
                name,
                units[name],
                float(coefficients[i]),
                float(stderr[i]),
                float(coefficients[i] - t_crit * stderr[i]),
                float(coefficients[i] + t_crit * stderr[i]),
                p,
                r2,
                n,
            )
        )
    return out


@dataclass
class DriverResult:
    """Per cell-year values, the regional series and the regressions."""

    grid: Grid
    years: np.ndarray
    values: Dict[str, np.ndarray]  # name -> (years, ny, nx); "annual" + DRIVERS
    regional: Dict[str, np.ndarray]  # name -> (years,) area-weighted means
    slope_bands: np.ndarray  # (6, ny, nx) on SLOPE_DRIVER
    regressions: List[Regression]
    theta_c: float
    min_coverage: float
    inputs: List[str]
    metadata: Dict[str, str]
    warnings: List[str] = field(default_factory=list)


def compute_drivers(
    recipe: FluxRecipe,
    theta_c: Optional[float] = None,
    region_weight: Optional[np.ndarray] = None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    mask_path=None,
    mask_layer: Optional[str] = None,
    progress=None,
) -> DriverResult:
    """Annual net flux and drivers per cell-year from a FluxRecipe, and the regressions."""
    progress = as_progress(progress)
    if not isinstance(recipe, FluxRecipe):
        raise VariableError(
            "The drivers come from the forcing: give the forcing file and its "
            "calibration (FORCING + CALIBRATION)."
        )
    theta_c = pulse_threshold(recipe.calibration, theta_c)
    plan = plan_annual(recipe, region_weight, min_coverage, mask_path, mask_layer)
    names = ("annual",) + tuple(name for name, _, _ in DRIVERS)
    values = {name: np.full((plan.years.size,) + plan.grid.shape, np.nan) for name in names}
    for number, header in enumerate(plan.headers):
        part = progress.sub(number / len(plan.headers), (number + 1) / len(plan.headers))
        year = int(year_of(header.times[0]))
        sums = YearDrivers(plan.grid.shape, theta_c)
        with (
            recipe.open(iso_hour(header.times[0]), iso_hour(header.times[-1])) as (
                forcing,
                flux_plan,
            ),
            closing(
                flux_blocks(forcing, flux_plan, read_ahead=True, kernel=kernel_with_drivers)
            ) as blocks,
        ):
            times = flux_plan.selected
            days = times.astype("datetime64[D]")
            for offset, block in blocks:
                part.report(offset / times.size, f"Drivers of {year}: {iso_hour(times[offset])}")
                sums.add(days[offset : offset + block.shape[0]], block)
        for name, field_ in sums.finish(year, plan.min_coverage).items():
            field_[~plan.region] = np.nan
            values[name][year - int(plan.years[0])] = field_
    area = cell_areas_m2(plan.grid) * plan.weight
    regional = {name: _regional_mean(values[name], values["annual"], area) for name in names}
    driver_units = [(name, unit) for name, unit, _ in DRIVERS]
    regressions = [
        simple_regression(regional[name], regional["annual"], "region", name, unit)
        for name, unit in driver_units
    ]
    regressions += multiple_regression(
        {name: regional[name] for name, _ in driver_units},
        regional["annual"],
        "region, all drivers",
    )
    result = DriverResult(
        plan.grid,
        plan.years,
        values,
        regional,
        cell_regressions(values[SLOPE_DRIVER], values["annual"]),
        regressions,
        theta_c,
        plan.min_coverage,
        [str(recipe.path)],
        plan.metadata,
        list(plan.notes),
    )
    usable = int(np.isfinite(regional["annual"]).sum())
    if usable < MIN_YEARS:
        result.warnings.append(
            f"Only {usable} year(s) with an annual value: the regressions need "
            f"at least {MIN_YEARS} (no slope)."
        )
    progress.report(1.0, "Driver attribution done")
    return result


def _regional_mean(values: np.ndarray, annual: np.ndarray, area: np.ndarray) -> np.ndarray:
    """(years,) area-weighted mean over the cells with an annual value and a driver value."""
    out = np.full(values.shape[0], np.nan)
    for index in range(values.shape[0]):
        ok = np.isfinite(values[index]) & np.isfinite(annual[index]) & (area > 0)
        if ok.any():
            out[index] = float(np.sum(values[index][ok] * area[ok]) / np.sum(area[ok]))
    return out


def write_slope_raster(path, result: DriverResult) -> Path:
    """GeoTIFF of the per-cell regression on the mean daily soil-temperature range (SLOPE_BANDS)."""
    metadata = output_metadata(result, "g CO2 m-2 yr-1 per K")
    metadata[keys.DRIVER] = SLOPE_DRIVER
    metadata[keys.YEARS] = f"{int(result.years[0])}..{int(result.years[-1])}"
    return write_geotiff(
        path,
        result.grid,
        result.slope_bands,
        [d for _, d in SLOPE_BANDS],
        metadata,
        [{"NAME": name} for name, _ in SLOPE_BANDS],
        "driver slope raster",
    )


def write_driver_table(path, result: DriverResult) -> Path:
    """CSV: one row a regression (TABLE_COLUMNS), then nothing else; empty = no value."""
    with atomic_output(Path(path), "driver table") as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(TABLE_COLUMNS)
            for regression in result.regressions:
                row = regression.row()
                writer.writerow([_cell(row[c]) for c in TABLE_COLUMNS])
    return Path(path)


def _cell(value) -> str:
    if isinstance(value, (str, int, np.integer)):
        return str(value)
    return repr(float(value)) if math.isfinite(value) else ""
