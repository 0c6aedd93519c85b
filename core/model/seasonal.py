"""The seasonal and daily cycle of the flux: monthly sums per cell and the mean diurnal cycle of
the region per calendar month in local solar time.

For each cell c and calendar month m (UTC) of the inputs, from the hourly flux F_h (g CO2 m-2
s-1, negative = uptake) of the valid hours h, with the annual tool's gap rule:

    S_m        = sum_h F_h * 3600 s                                   [g CO2 m-2]
    monthly    = S_m * N_m / n_valid   if n_valid / N_m >= MIN_COVERAGE [g CO2 m-2 month-1]

(N_m: hours of the month; a complete year's 12 months add up to the annual tool's value).
Region totals as in core.model.annual: total_m = sum_c monthly_c * A_c (A_c: the ellipsoidal
cell area times the mask weight), in t CO2 month-1; mean_m = total_m / sum_c A_c.

Diurnal cycle: local mean solar time of cell c at UTC hour t is t + lon_c / 15 h (no equation of
time, at most 16 min off); hour bin k = floor(that) mod 24. For calendar month M (1..12, all
years together) and bin k, over the valid region cell-hours (c, t) with month(t) = M:

    diurnal(M, k) = sum F * A_c / sum A_c                             [g CO2 m-2 s-1]

A month is a source when its regional mean net flux (mean over the years of mean_m) is > 0 and
a sink when it is < 0.
"""

import csv
import math
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from ..formats.flux_raster import open_flux_raster
from ..formats.geotiff import write_geotiff
from ..infra.area import cell_areas_m2
from ..infra.constants import SECONDS_PER_HOUR
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour
from .annual import (
    DEFAULT_MIN_COVERAGE,
    G_PER_T,
    AnnualPlan,
    annual_net_flux,
    output_metadata,
    plan_annual,
)
from .flux import flux_blocks

MONTHLY_UNITS = "g CO2 m-2 month-1"
MONTHLY_COLUMNS = (
    "month",
    "hours_in_month",
    "cells_valid",
    "area_km2",
    "mean_net_flux_g_co2_m2_month",
    "total_net_flux_t_co2",
    "source_or_sink",
)
DIURNAL_COLUMNS = ("calendar_month", "solar_hour", "cell_hours", "mean_flux_g_co2_m2_s")


def month_index(times: np.ndarray) -> np.ndarray:
    """Months since 1970-01 (UTC) of each time."""
    return np.asarray(times).astype("datetime64[M]").astype("int64")


def hours_in_month(index: int) -> int:
    """Hours of the month ``index`` (months since 1970-01)."""
    start = np.datetime64("1970-01", "M") + np.timedelta64(int(index), "M")
    days = (start + np.timedelta64(1, "M")).astype("datetime64[D]") - start.astype("datetime64[D]")
    return int(days.astype("int64")) * 24


def solar_hour_bins(times: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """(hours, lon) local mean solar hour bin floor(UTC hour + lon/15) mod 24."""
    utc = (np.asarray(times).astype("datetime64[m]").astype("int64") % 1440) / 60.0
    return (np.floor(utc[:, None] + np.asarray(longitudes)[None, :] / 15.0) % 24).astype("int64")


@dataclass
class SeasonalResult:
    """Monthly fields, table rows and the diurnal cycle of the region."""

    grid: Grid
    months: np.ndarray  # months since 1970-01
    monthly_g_co2_m2: np.ndarray  # (months, ny, nx), NaN = NoData
    rows: List[Dict]
    diurnal_g_co2_m2_s: np.ndarray  # (12, 24) regional mean by calendar month, solar hour
    diurnal_cell_hours: np.ndarray  # (12, 24) valid region cell-hours behind each mean
    climatology_g_co2_m2_month: np.ndarray  # (12,) mean over the years of the regional mean
    min_coverage: float
    inputs: List[str]
    metadata: Dict[str, str]
    warnings: List[str]

    @property
    def labels(self) -> List[str]:
        return [month_label(m) for m in self.months]


def month_label(index: int) -> str:
    """'YYYY-MM' of a month index."""
    return str(np.datetime64("1970-01", "M") + np.timedelta64(int(index), "M"))


class _Sums:
    """Running sums by month (per cell) and by calendar month x solar hour (region)."""

    def __init__(self, plan: AnnualPlan, first_month: int, months: int):
        self.first = first_month
        shape = (months,) + plan.grid.shape
        self.sums = np.zeros(shape)
        self.counts = np.zeros(shape, dtype="int64")
        self.area = cell_areas_m2(plan.grid) * plan.weight
        self.region = plan.region
        self.longitudes = plan.grid.longitudes
        self.diurnal_sum = np.zeros(12 * 24)
        self.diurnal_area = np.zeros(12 * 24)
        self.diurnal_count = np.zeros(12 * 24, dtype="int64")

    def add(self, times: np.ndarray, flux: np.ndarray) -> None:
        flux = np.asarray(flux)
        valid = np.isfinite(flux)
        values = np.where(valid, flux, 0.0).astype("float64")
        months = month_index(times) - self.first
        for month in np.unique(months):
            hours = months == month
            self.sums[month] += values[hours].sum(axis=0) * SECONDS_PER_HOUR
            self.counts[month] += valid[hours].sum(axis=0)
        calendar = (month_index(times) % 12)[:, None, None]
        bins = solar_hour_bins(times, self.longitudes)[:, None, :]
        key = np.broadcast_to(calendar * 24 + bins, flux.shape)
        use = valid & self.region[None]
        area = np.broadcast_to(self.area[None], flux.shape)
        self.diurnal_sum += np.bincount(key[use], (values * area)[use], 12 * 24)
        self.diurnal_area += np.bincount(key[use], area[use], 12 * 24)
        self.diurnal_count += np.bincount(key[use], minlength=12 * 24)


def stream_flux(plan: AnnualPlan, progress=None):
    """(times, flux block (hours, ny, nx)) of every input of an annual plan, in input order:
    flux rasters read, or a FluxRecipe's flux computed (core.model.flux.flux_blocks)."""
    progress = as_progress(progress)
    total = sum(h.times.size for h in plan.headers)
    done = 0
    for header in plan.headers:
        if plan.recipe is None:
            with open_flux_raster(header.path) as raster:
                for start in range(0, raster.times.size, plan.default_chunk_hours):
                    stop = min(start + plan.default_chunk_hours, raster.times.size)
                    progress.report(
                        (done + start) / total,
                        f"Reading {raster.path.name}: {iso_hour(raster.times[start])}",
                    )
                    yield raster.times[start:stop], raster.read(start, stop)
        else:
            with (
                plan.recipe.open(iso_hour(header.times[0]), iso_hour(header.times[-1])) as (
                    forcing,
                    flux_plan,
                ),
                closing(flux_blocks(forcing, flux_plan, read_ahead=True)) as blocks,
            ):
                times = flux_plan.selected
                for offset, block in blocks:
                    progress.report(
                        (done + offset) / total,
                        f"Flux of {forcing.path.name}: {iso_hour(times[offset])}",
                    )
                    yield times[offset : offset + block.shape[0]], block
        done += header.times.size


def compute_seasonal(
    inputs,
    region_weight: Optional[np.ndarray] = None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    mask_path=None,
    mask_layer: Optional[str] = None,
    progress=None,
) -> SeasonalResult:
    """Monthly sums per cell, regional monthly totals and the diurnal cycle (see module doc).

    ``inputs``, the region and ``min_coverage`` as in core.model.annual.compute_annual.
    """
    progress = as_progress(progress)
    plan = plan_annual(inputs, region_weight, min_coverage, mask_path, mask_layer)
    all_months = np.concatenate([month_index(h.times) for h in plan.headers])
    first, last = int(all_months.min()), int(all_months.max())
    sums = _Sums(plan, first, last - first + 1)
    for times, block in stream_flux(plan, progress.sub(0.0, 0.9)):
        sums.add(times, block)
    months = np.arange(first, last + 1)
    monthly = np.empty_like(sums.sums)
    rows = []
    for index, month in enumerate(months):
        n_month = hours_in_month(month)
        field = annual_net_flux(sums.sums[index], sums.counts[index], n_month, plan.min_coverage)
        field[~plan.region] = np.nan
        monthly[index] = field
        ok = np.isfinite(field) & (sums.area > 0)
        total = float(np.sum(field[ok] * sums.area[ok])) if ok.any() else math.nan
        area = float(np.sum(sums.area[ok]))
        mean = total / area if ok.any() else math.nan
        rows.append(
            {
                "month": month_label(month),
                "hours_in_month": n_month,
                "cells_valid": int(ok.sum()),
                "area_km2": area / 1e6,
                "mean_net_flux_g_co2_m2_month": mean,
                "total_net_flux_t_co2": total / G_PER_T,
                "source_or_sink": _kind(mean),
            }
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        diurnal = np.where(sums.diurnal_area > 0, sums.diurnal_sum / sums.diurnal_area, np.nan)
    means = np.array([r["mean_net_flux_g_co2_m2_month"] for r in rows])
    climatology = np.full(12, np.nan)
    for calendar in range(12):
        values = means[(months % 12 == calendar) & np.isfinite(means)]
        if values.size:
            climatology[calendar] = values.mean()
    progress.report(1.0, "Monthly sums done")
    return SeasonalResult(
        plan.grid,
        months,
        monthly,
        rows,
        diurnal.reshape(12, 24),
        sums.diurnal_count.reshape(12, 24),
        climatology,
        plan.min_coverage,
        [str(h.path) for h in plan.headers],
        plan.metadata,
        list(plan.notes),
    )


def _kind(mean: float) -> str:
    if not math.isfinite(mean):
        return ""
    return "source" if mean > 0 else "sink" if mean < 0 else "neutral"


def write_monthly_raster(path, result: SeasonalResult) -> Path:
    """GeoTIFF, one Float32 band a month (description YYYY-MM), g CO2 m-2 month-1."""
    band_metadata = [
        {"MONTH": row["month"], "HOURS_IN_MONTH": str(row["hours_in_month"])} for row in result.rows
    ]
    metadata = output_metadata(result, MONTHLY_UNITS)
    return write_geotiff(
        path,
        result.grid,
        result.monthly_g_co2_m2,
        result.labels,
        metadata,
        band_metadata,
        "monthly net flux raster",
    )


def write_monthly_table(path, result: SeasonalResult) -> Path:
    """CSV, one row a month (MONTHLY_COLUMNS; empty = no value)."""
    return _write_csv(path, MONTHLY_COLUMNS, result.rows, "monthly table")


def write_diurnal_table(path, result: SeasonalResult) -> Path:
    """CSV, one row a calendar month and local solar hour (DIURNAL_COLUMNS)."""
    rows = [
        {
            "calendar_month": m + 1,
            "solar_hour": k,
            "cell_hours": int(result.diurnal_cell_hours[m, k]),
            "mean_flux_g_co2_m2_s": float(result.diurnal_g_co2_m2_s[m, k]),
        }
        for m in range(12)
        for k in range(24)
    ]
    return _write_csv(path, DIURNAL_COLUMNS, rows, "diurnal cycle table")


def _write_csv(path, columns, rows, what: str) -> Path:
    with atomic_output(Path(path), what) as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row[c]) for c in columns])
    return Path(path)


def _cell(value) -> str:
    if isinstance(value, (str, int, np.integer)):
        return str(value)
    return repr(float(value)) if math.isfinite(value) else ""
