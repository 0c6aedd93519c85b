"""Annual sums of the hourly flux: per-cell net flux, regional totals, intervals and trends.

For every cell and calendar year (UTC), from the hourly flux F_h (g CO2 m-2 s-1, negative =
uptake) of the valid hours h (not NoData):

    S          = sum_h F_h * 3600 s                                  [g CO2 m-2]
    n_valid    = number of valid hours of the cell in the year
    N_year     = hours of the calendar year: 8760, or 8784 in a leap year
    coverage   = n_valid / N_year
    annual     = S * N_year / n_valid   if coverage >= MIN_COVERAGE, else NoData  [g CO2 m-2 yr-1]

i.e. the mean of the valid hours scaled to the full year: missing hours (gaps, hours outside
the inputs' period) are filled with the cell's mean of that year, never counted as zero, so
years with a few gaps stay comparable. Below MIN_COVERAGE the cell-year is NoData.

Region (the MASK, or the whole grid), with A_c the true cell area on the WGS84 ellipsoid
(core.infra.area) times the mask weight of the cell (0/1 by the cell-centre rule, or the sand
fraction of core.model.sand_fraction), over the cells c with an annual value:

    total      = sum_c annual_c * A_c                                [g CO2 yr-1] -> t CO2 (1e-6)
    mean net   = total / sum_c A_c                                   [g CO2 m-2 yr-1]
    sequestration = -mean net * 12.011 / 44.01                       [g C m-2 yr-1], + = uptake
    sequestration total = -total * 12.011 / 44.01 * 1e-12            [Tg C yr-1],   + = uptake

95 % interval of a total (when the flux rasters carry SANDFLUX_TOTAL_RATIO_CI95 = "lo,hi",
the 2.5/97.5 % quantiles of the bootstrap ratio m_b / m_0 of the station-period mean flux):
[min(lo*total, hi*total), max(lo*total, hi*total)]. This treats the parameter uncertainty as
one common factor on the whole field (a documented approximation; the forcing is taken as exact).

The hourly flux comes from flux rasters (paths) or from a core.model.flux.FluxRecipe: the flux of a
forcing file computed on the fly by the flux tool's own loop, a calendar year per job, and
summed without being written (the same sums, to rounding of the float64 accumulation order).
"""

import csv
import math
import warnings
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..formats import metadata as keys
from ..formats.flux_raster import open_flux_raster, parse_ratio_ci95
from ..formats.geotiff import write_geotiff
from ..infra.area import cell_areas_m2
from ..infra.constants import FLUX_UNITS, G_C_PER_G_CO2, SECONDS_PER_HOUR, SIGN_CONVENTION
from ..infra.errors import GridError, InputFileError, OutputError, UnitsError, VariableError
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from ..infra.parallel import default_workers, run_parallel
from ..infra.progress import as_progress
from ..infra.ranges import RANGES
from ..infra.threads import prefetch
from ..infra.timeutil import iso_hour, year_of
from .flux import FluxPlan, FluxRecipe, flux_blocks, rasterize_mask
from .trend import MannKendall, TheilSen, cell_trends, mann_kendall, theil_sen

DEFAULT_MIN_COVERAGE = 0.9
MIN_TREND_YEARS = 5
ANNUAL_UNITS = "g CO2 m-2 yr-1"
TREND_UNITS = "g CO2 m-2 yr-2"
G_PER_T = 1e6
G_PER_TG = 1e12
M2_PER_KM2 = 1e6
# Hours read at once: at most this many float32 values (64 MB; a global 0.25° block of 16 hours:
# with the block read ahead on a thread, 4x larger blocks cost 0.9 GB more and ran slower) and a
# month of hours.
CHUNK_VALUES = 16 * 1024 * 1024
MAX_CHUNK_HOURS = 744

TABLE_COLUMNS = (
    "year",
    "hours_in_year",
    "hours_valid",
    "coverage",
    "cells_valid",
    "area_km2",
    "mean_net_flux_g_co2_m2_yr",
    "sequestration_g_c_m2_yr",
    "total_net_flux_t_co2",
    "total_net_flux_t_co2_ci95_low",
    "total_net_flux_t_co2_ci95_high",
    "sequestration_tg_c",
    "sequestration_tg_c_ci95_low",
    "sequestration_tg_c_ci95_high",
    "cell_area_km2",
)
# OGR's CSV side-car (.csvt) so the table loads with typed columns.
TABLE_COLUMN_TYPES = (
    "Integer",
    "Integer",
    "Integer",
    "Real",
    "Integer",
    "Real",
    "Real",
    "Real",
    "Real",
    "Real",
    "Real",
    "Real",
    "Real",
    "Real",
    "Real",
)
TREND_BANDS = (
    ("theil_sen_slope", f"Theil-Sen slope of the annual net flux ({TREND_UNITS})"),
    ("theil_sen_slope_ci95_low", f"lower 95 % bound of the slope ({TREND_UNITS})"),
    ("theil_sen_slope_ci95_high", f"upper 95 % bound of the slope ({TREND_UNITS})"),
    ("mann_kendall_p_value", "Mann-Kendall two-sided p-value (tie-corrected variance)"),
    ("years_valid", "number of years with an annual value"),
)


# ---------------------------------------------------------------- pure kernels (numpy only)


def hours_in_year(year: int) -> int:
    """Hours of a calendar year: 8784 in a leap year (Gregorian rule), else 8760."""
    year = int(year)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 8784 if leap else 8760


def accumulate_hours(
    flux_g_co2_m2_s: np.ndarray, region: np.ndarray
) -> Tuple[np.ndarray, np.ndarray, int]:
    """One time chunk (hours, ny, nx) -> (sum of F*3600 s over valid hours [g CO2 m-2],
    valid hours per cell, hours with a valid value in at least one ``region`` cell)."""
    flux = np.asarray(flux_g_co2_m2_s)
    valid = np.isfinite(flux)
    sum_g_co2_m2 = np.where(valid, flux, 0.0).sum(axis=0, dtype="float64") * SECONDS_PER_HOUR
    valid_hours = valid.sum(axis=0, dtype="int64")
    region_hours = int(valid[:, np.asarray(region, dtype=bool)].any(axis=1).sum())
    return sum_g_co2_m2, valid_hours, region_hours


def annual_net_flux(
    sum_g_co2_m2: np.ndarray, valid_hours: np.ndarray, year_hours: int, min_coverage: float
) -> np.ndarray:
    """Annual net flux (g CO2 m-2 yr-1): S * N_year / n_valid where n_valid/N_year >= the
    minimum coverage, else NaN."""
    valid_hours = np.asarray(valid_hours, dtype="float64")
    enough = (valid_hours > 0) & (valid_hours / year_hours >= min_coverage - 1e-12)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(enough, np.asarray(sum_g_co2_m2) * (year_hours / valid_hours), np.nan)


def regional_total(
    annual_g_co2_m2: np.ndarray, weighted_area_m2: np.ndarray
) -> Tuple[float, float, int]:
    """(total g CO2 yr-1, area m2 with a value, cells with a value) of one year's field."""
    ok = np.isfinite(annual_g_co2_m2) & (weighted_area_m2 > 0)
    total = float(np.sum(annual_g_co2_m2[ok] * weighted_area_m2[ok]))
    return total, float(np.sum(weighted_area_m2[ok])), int(ok.sum())


def g_co2_to_g_c(value):
    """g C = g CO2 * 12.011 / 44.01."""
    return np.asarray(value, dtype="float64") * G_C_PER_G_CO2


def net_flux_to_sequestration_g_c(net_flux_g_co2):
    """Sequestration in g C (positive = uptake) from a net CO2 flux (negative = uptake)."""
    return -g_co2_to_g_c(net_flux_g_co2)


def scaled_interval(total: float, ratio_ci95: Optional[Tuple[float, float]]) -> Tuple[float, float]:
    """95 % interval of a total as [lo*total, hi*total] ordered; NaN when no ratio is known."""
    if ratio_ci95 is None or not math.isfinite(total):
        return math.nan, math.nan
    a, b = total * ratio_ci95[0], total * ratio_ci95[1]
    return min(a, b), max(a, b)


# ---------------------------------------------------------------- the computation


@dataclass
class RegionalTrend:
    """Theil-Sen / Mann-Kendall of a regional annual series."""

    quantity: str
    units: str
    sen: TheilSen
    mk: MannKendall

    @property
    def text(self) -> str:
        return (
            f"{self.quantity}: Theil-Sen slope {float(self.sen.slope):.6g} {self.units} "
            f"(95 % CI {float(self.sen.low_slope):.6g} .. {float(self.sen.high_slope):.6g}), "
            f"Mann-Kendall S = {float(self.mk.s):.0f}, Z = {float(self.mk.z):.3f}, "
            f"p = {float(self.mk.p_value):.4f} (n = {int(self.sen.n)} years)"
        )


@dataclass
class AnnualResult:
    """Everything the annual tool found: fields per year, the table rows and the trends."""

    grid: Grid
    years: np.ndarray
    annual_g_co2_m2: np.ndarray  # (years, ny, nx) float64, NaN = NoData
    valid_hours: np.ndarray  # (years, ny, nx) int64
    region_weight: np.ndarray  # (ny, nx) mask weight 0..1
    cell_area_m2: np.ndarray  # (ny, nx)
    rows: List[Dict[str, float]]
    min_coverage: float
    ratio_ci95: Optional[Tuple[float, float]]
    inputs: List[str]
    metadata: Dict[str, str]
    warnings: List[str] = field(default_factory=list)
    regional_trends: List[RegionalTrend] = field(default_factory=list)
    cell_trend: Optional[Tuple[TheilSen, MannKendall]] = None

    @property
    def mean_sequestration_g_c_m2_yr(self) -> float:
        """Mean over the years with a value of the regional sequestration (g C m-2 yr-1)."""
        return _mean_of(row["sequestration_g_c_m2_yr"] for row in self.rows)

    @property
    def mean_total_net_flux_t_co2_yr(self) -> float:
        """Mean over the years with a value of the regional total net flux (t CO2 yr-1)."""
        return _mean_of(row["total_net_flux_t_co2"] for row in self.rows)

    @property
    def mean_sequestration_map_g_c_m2_yr(self) -> np.ndarray:
        """Per-cell mean over the years with a value of the sequestration (g C m-2 yr-1)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells stay NaN
            return net_flux_to_sequestration_g_c(np.nanmean(self.annual_g_co2_m2, axis=0))


def _mean_of(values) -> float:
    values = [v for v in values if math.isfinite(v)]
    return float(np.mean(values)) if values else math.nan


@dataclass
class FluxHeader:
    """What the annual sums need to know of one flux raster before reading it."""

    path: Path
    grid: Grid
    times: np.ndarray
    metadata: Dict[str, str]
    total_ratio_ci95: Optional[Tuple[float, float]]


@dataclass
class AnnualPlan:
    """The checked inputs of an annual run: headers, common grid, region, years."""

    headers: List[FluxHeader]
    grid: Grid
    metadata: Dict[str, str]
    ratio_ci95: Optional[Tuple[float, float]]
    notes: List[str]
    weight: np.ndarray  # (ny, nx) mask weight 0..1
    years: np.ndarray  # every calendar year the inputs touch
    min_coverage: float
    recipe: Optional["FluxRecipe"] = None  # the flux computed on the fly (a header a year)

    @property
    def region(self) -> np.ndarray:
        return self.weight > 0

    @property
    def default_chunk_hours(self) -> int:
        cells = max(1, self.grid.nx * self.grid.ny)
        return int(max(1, min(MAX_CHUNK_HOURS, CHUNK_VALUES // cells)))


@dataclass
class YearlySums:
    """Per year: sum of F*3600 s over valid hours, valid hours per cell, region hours."""

    sums: np.ndarray  # (years, ny, nx) float64
    counts: np.ndarray  # (years, ny, nx) int64
    region_hours: np.ndarray  # (years,) int64

    @classmethod
    def zeros(cls, plan: "AnnualPlan") -> "YearlySums":
        shape = (plan.years.size,) + plan.grid.shape
        return cls(
            np.zeros(shape),
            np.zeros(shape, dtype="int64"),
            np.zeros(plan.years.size, dtype="int64"),
        )

    def add(self, index: int, flux_g_co2_m2_s: np.ndarray, region: np.ndarray) -> None:
        """Accumulate a block of hours that all belong to year number ``index``."""
        s, n, r = accumulate_hours(flux_g_co2_m2_s, region)
        self.sums[index] += s
        self.counts[index] += n
        self.region_hours[index] += r

    def add_part(self, indices: np.ndarray, part: "YearlySums") -> None:
        """Add the sums of some of the years (``indices``: their numbers here)."""
        self.sums[indices] += part.sums
        self.counts[indices] += part.counts
        self.region_hours[indices] += part.region_hours


def read_flux_headers(paths: Sequence) -> List[FluxHeader]:
    """Grid, times and metadata of each flux raster, opened one at a time (memory stays flat)."""
    headers = []
    for path in paths:
        with open_flux_raster(path) as raster:
            headers.append(
                FluxHeader(
                    raster.path,
                    raster.grid,
                    raster.times,
                    dict(raster.metadata),
                    raster.total_ratio_ci95,
                )
            )
    return headers


def flux_plan_headers(flux_plan: "FluxPlan", path: Path) -> List[FluxHeader]:
    """A FluxHeader for each calendar year of a flux plan's period (the hours a flux run
    computes), named ``path``."""
    times = flux_plan.selected
    years = year_of(times)
    ratio = parse_ratio_ci95(flux_plan.metadata)
    return [
        FluxHeader(
            Path(path), flux_plan.grid, times[years == year], dict(flux_plan.metadata), ratio
        )
        for year in np.unique(years)
    ]


def plan_annual_of_flux(
    flux_plan: "FluxPlan",
    path: Path,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    region_weight: Optional[np.ndarray] = None,
    mask_path=None,
    mask_layer: Optional[str] = None,
    recipe: Optional["FluxRecipe"] = None,
) -> "AnnualPlan":
    """The annual plan of the hours a flux plan computes, named ``path``: for summing a flux
    run's blocks in the same pass as they are written (FluxSums; the region: every cell with a
    flux), or for the sums of a FluxRecipe (``recipe``, opened as ``flux_plan``)."""
    return _plan_of_headers(
        flux_plan_headers(flux_plan, path),
        list(flux_plan.warnings),
        region_weight,
        min_coverage,
        mask_path,
        mask_layer,
        recipe,
    )


def plan_annual(
    inputs,
    region_weight: Optional[np.ndarray] = None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    mask_path=None,
    mask_layer: Optional[str] = None,
    progress=None,
) -> AnnualPlan:
    """Check the inputs of an annual run (one grid, units, no hour twice) and set the region.

    ``inputs``: the paths of hourly flux rasters, or a core.model.flux.FluxRecipe (the flux of a
    forcing file or of the ERA5 downloads computed on the fly; nothing hourly is written).
    """

    if isinstance(inputs, FluxRecipe):  # checked as compute_flux would
        with inputs.open(progress=progress) as (_, flux_plan):
            return plan_annual_of_flux(
                flux_plan, inputs.path, min_coverage, region_weight, mask_path, mask_layer, inputs
            )
    if not inputs:
        raise InputFileError(
            "No flux raster given. Choose one or more rasters written by 'Compute flux raster'."
        )
    return _plan_of_headers(
        read_flux_headers(inputs), [], region_weight, min_coverage, mask_path, mask_layer, None
    )


def _plan_of_headers(
    headers, flux_notes, region_weight, min_coverage, mask_path, mask_layer, recipe
) -> "AnnualPlan":
    if not 0.0 < float(min_coverage) <= 1.0:
        raise VariableError(
            f"MIN_COVERAGE is {min_coverage}; it must be a fraction in (0, 1], "
            f"e.g. {DEFAULT_MIN_COVERAGE} for 90 % of the year's hours."
        )
    grid = _common_grid(headers)
    metadata, ratio, notes = _common_metadata(headers)
    all_times = np.concatenate([h.times for h in headers])
    _check_times(headers, all_times)
    if mask_path is not None:
        region_weight = rasterize_mask(mask_path, grid, mask_layer, all_touched=False)
    weight = _region_weight(region_weight, grid)
    years = np.arange(int(year_of(all_times.min())), int(year_of(all_times.max())) + 1)
    return AnnualPlan(
        headers,
        grid,
        metadata,
        ratio,
        flux_notes + notes,
        weight,
        years,
        float(min_coverage),
        recipe,
    )


def accumulate_annual(plan: AnnualPlan, progress=None, workers: Optional[int] = None) -> YearlySums:
    """Stream the inputs of ``plan`` and sum them by calendar year.

    Each input (a flux raster, or a calendar year of a FluxRecipe) is summed on its own (open
    only while it is read); with several they are summed on up to ``workers`` processes
    (default: the CPU cores; core.infra.parallel), and the parts are added here in input order.
    """

    progress = as_progress(progress)
    totals = YearlySums.zeros(plan)
    common = dict(first_year=int(plan.years[0]), region=plan.region)
    if plan.recipe is None:
        function = sum_flux_raster
        jobs = [
            dict(common, path=str(h.path), years=year_of(h.times), chunk=plan.default_chunk_hours)
            for h in plan.headers
        ]
        sizes = [int(h.times.size) for h in plan.headers]
    else:
        # Contiguous runs of years, one a worker: each opens the forcing (or the downloads)
        # once, and the sums are those of one run over the period (the chunks are cut at the
        # same hours either way).
        function = sum_flux_recipe
        groups = np.array_split(
            np.arange(len(plan.headers)), min(int(workers or default_workers()), len(plan.headers))
        )
        jobs = [
            dict(
                common,
                recipe=plan.recipe,
                start=iso_hour(plan.headers[group[0]].times[0]),
                end=iso_hour(plan.headers[group[-1]].times[-1]),
            )
            for group in groups
        ]
        sizes = [sum(int(plan.headers[i].times.size) for i in group) for group in groups]
    workers = min(int(workers or default_workers()), len(jobs))
    if workers <= 1:
        results = []
        total_hours = sum(sizes)
        done = 0
        for job, size in zip(jobs, sizes):
            part = progress.sub(done / total_hours, (done + size) / total_hours)
            results.append(function(**job, progress=part))
            done += size
    else:
        results = run_parallel(
            function, jobs, workers, progress, label=lambda job: f"sum of {_job_label(job)}"
        )
    for indices, part in results:
        totals.add_part(indices, part)
    return totals


def _job_label(job) -> str:
    if "path" in job:
        return Path(job["path"]).name
    return f"{job['recipe'].label} {job['start'][:4]}..{job['end'][:4]}"


def sum_flux_raster(
    path, years: np.ndarray, first_year: int, region: np.ndarray, chunk: int, progress=None
) -> Tuple[np.ndarray, "YearlySums"]:
    """(year numbers counted from ``first_year``, YearlySums of those years) of one raster
    whose hours fall in the calendar ``years``; reads ``chunk`` hours at a time."""

    # The next block is read on a thread meanwhile; closing() stops that thread before the
    # raster is closed, also on an error or a cancel.
    with (
        open_flux_raster(path) as raster,
        closing(
            prefetch(
                (start, raster.read(start, min(start + chunk, years.size)))
                for start in range(0, years.size, chunk)
            )
        ) as blocks,
    ):
        return _sum_blocks(
            blocks, raster.times, years, first_year, region, f"Summing {raster.path.name}", progress
        )


def sum_flux_recipe(
    recipe: "FluxRecipe", start: str, end: str, first_year: int, region: np.ndarray, progress=None
) -> Tuple[np.ndarray, "YearlySums"]:
    """Like sum_flux_raster, for the hours ``start``..``end`` of a FluxRecipe: the flux is
    computed chunk by chunk (core.model.flux.flux_blocks, the numbers a flux raster would hold) and
    summed, never written."""

    with recipe.open(start, end) as (forcing, flux_plan):
        return sum_opened_recipe(forcing, flux_plan, recipe.label, first_year, region, progress)


def sum_opened_recipe(
    forcing, flux_plan: "FluxPlan", label: str, first_year: int, region: np.ndarray, progress=None
) -> Tuple[np.ndarray, "YearlySums"]:
    """sum_flux_recipe on an open forcing and its flux plan."""
    with closing(flux_blocks(forcing, flux_plan, read_ahead=True)) as blocks:
        times = flux_plan.selected
        return _sum_blocks(
            blocks, times, year_of(times), first_year, region, f"Flux of {label} summed", progress
        )


class FluxSums:
    """Sums (offset, flux block) pairs covering ``times`` by calendar year: the annual sums'
    one loop, fed by a flux raster, a FluxRecipe, or the flux tool's own blocks as it writes
    them (one pass)."""

    def __init__(
        self,
        times: np.ndarray,
        first_year: int,
        region: np.ndarray,
        years: Optional[np.ndarray] = None,
    ):
        years = year_of(times) if years is None else years
        self.region = region
        self.indices = np.unique(years) - first_year
        shape = (self.indices.size,) + np.shape(region)
        self.part = YearlySums(
            np.zeros(shape),
            np.zeros(shape, dtype="int64"),
            np.zeros(self.indices.size, dtype="int64"),
        )
        self._position = np.searchsorted(self.indices, years - first_year)

    def add(self, start: int, block: np.ndarray) -> None:
        """Accumulate the hours start..start+len(block) (their offsets into ``times``)."""
        block_positions = self._position[start : start + block.shape[0]]
        # runs of hours of one year (one run, or two at a new year): slices, not copies
        edges = [0, *(np.flatnonzero(np.diff(block_positions)) + 1), block.shape[0]]
        for begin, end in zip(edges[:-1], edges[1:]):
            self.part.add(int(block_positions[begin]), block[begin:end], self.region)

    def totals(self, plan: "AnnualPlan") -> "YearlySums":
        """The sums as the YearlySums of all of ``plan``'s years."""
        totals = YearlySums.zeros(plan)
        totals.add_part(self.indices, self.part)
        return totals


def _sum_blocks(
    blocks,
    times: np.ndarray,
    years: np.ndarray,
    first_year: int,
    region: np.ndarray,
    label: str,
    progress=None,
) -> Tuple[np.ndarray, "YearlySums"]:
    """Sum (offset, flux block) pairs covering ``times`` (of calendar ``years``) by year."""
    progress = as_progress(progress)
    sums = FluxSums(times, first_year, region, years)
    for start, block in blocks:
        progress.report(start / years.size, f"{label}: {iso_hour(times[start])}")
        sums.add(start, block)
    return sums.indices, sums.part


def finish_annual(
    plan: AnnualPlan, totals: YearlySums, cell_trend: bool = False, progress=None
) -> AnnualResult:
    """Annual fields, table rows and trends from the yearly sums (see module doc)."""
    progress = as_progress(progress)
    grid, region = plan.grid, plan.region
    areas = cell_areas_m2(grid)
    weighted_area = areas * plan.weight
    annual = np.empty_like(totals.sums)
    rows = []
    for index, year in enumerate(plan.years):
        n_year = hours_in_year(year)
        field_ = annual_net_flux(
            totals.sums[index], totals.counts[index], n_year, plan.min_coverage
        )
        field_[~region] = np.nan
        annual[index] = field_
        rows.append(
            _table_row(
                int(year),
                n_year,
                int(totals.region_hours[index]),
                field_,
                weighted_area,
                plan.ratio_ci95,
                areas,
            )
        )
    result = AnnualResult(
        grid=grid,
        years=plan.years,
        annual_g_co2_m2=annual,
        valid_hours=totals.counts,
        region_weight=plan.weight,
        cell_area_m2=areas,
        rows=rows,
        min_coverage=plan.min_coverage,
        ratio_ci95=plan.ratio_ci95,
        inputs=[str(h.path) for h in plan.headers],
        metadata=plan.metadata,
        warnings=list(plan.notes),
    )
    result.regional_trends = _regional_trends(rows)
    envelope = envelope_warning(grid, plan.years, annual)
    if envelope:
        result.warnings.insert(0, envelope)
    if len(result.regional_trends) == 0:
        result.warnings.append(
            f"No regional trend: it needs at least {MIN_TREND_YEARS} years with a value "
            f"(have {sum(math.isfinite(r['total_net_flux_t_co2']) for r in rows)})."
        )
    if cell_trend:
        if plan.years.size >= MIN_TREND_YEARS:
            result.cell_trend = cell_trends(
                plan.years, annual, MIN_TREND_YEARS, progress=progress.sub(0.5, 0.95)
            )
        else:
            result.warnings.append(
                f"No trend raster: the inputs span {plan.years.size} year(s), the per-cell trend "
                f"needs at least {MIN_TREND_YEARS}."
            )
    progress.report(1.0, "Annual sums done")
    return result


IMPLAUSIBLE = "IMPLAUSIBLE RESULT"  # starts the envelope warning (report, output metadata)


def envelope_warning(grid: Grid, years: np.ndarray, annual_g_co2_m2: np.ndarray) -> Optional[str]:
    """The warning when a cell's annual net flux lies outside the envelope of abiotic desert
    flux (core.infra.ranges: |value| > 1000 g CO2 m-2 yr-1), with the cells affected."""
    limits = RANGES["annual_net_flux"]
    finite = np.isfinite(annual_g_co2_m2)
    outside = finite & (
        (annual_g_co2_m2 < limits.typical_low) | (annual_g_co2_m2 > limits.typical_high)
    )
    if not outside.any():
        return None
    cells = outside.any(axis=0)
    rows, cols = np.nonzero(cells)
    worst = np.unravel_index(
        np.argmax(np.where(outside, np.abs(annual_g_co2_m2), -1.0)), annual_g_co2_m2.shape
    )
    examples = ", ".join(
        f"({grid.longitudes[c]:g} E, {grid.latitudes[r]:g} N)" for r, c in list(zip(rows, cols))[:5]
    ) + (" ..." if rows.size > 5 else "")
    return (
        f"{IMPLAUSIBLE}: {int(cells.sum())} of {int(finite.any(axis=0).sum())} cells "
        f"have an annual net flux outside {limits.typical_low:g}..{limits.typical_high:g} "
        f"{limits.units} (abiotic desert flux is tens of g; the largest is "
        f"{annual_g_co2_m2[worst]:.4g} in {int(years[worst[0]])}); cells: {examples}. Check "
        "the calibration's warnings (parameters at a bound, low R\u00b2), the station file's "
        "units and missing-value codes, and the land-sea mask before using these numbers."
    )


def compute_annual(
    inputs,
    region_weight: Optional[np.ndarray] = None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    cell_trend: bool = False,
    progress=None,
    mask_path=None,
    mask_layer: Optional[str] = None,
    workers: Optional[int] = None,
) -> AnnualResult:
    """Stream the hourly flux and sum it by calendar year (see module doc).

    ``inputs``: the paths of hourly flux rasters, or a core.model.flux.FluxRecipe (the flux of a
    forcing file computed on the fly: the same annual numbers as its flux rasters would give,
    without writing them).

    The region is ``region_weight`` (the mask on the inputs' grid: (ny, nx) of 0..1, bool is
    fine), or the polygons of the vector file ``mask_path`` burnt onto the grid by
    core.model.flux.rasterize_mask with the cell-centre rule (a cell counts when its centre is
    inside, so totals are not inflated by cells the outline only grazes), or the whole grid.
    Cells outside it are NoData in the annual fields. An input is open only while it is summed
    (memory does not grow with the number of inputs or years); several are summed on up to
    ``workers`` processes (default: the CPU cores).
    """
    progress = as_progress(progress)
    if isinstance(inputs, FluxRecipe) and int(workers or default_workers()) <= 1:
        # In this process: the forcing (with the downloads, every file's header) is opened once,
        # to plan and to sum.
        with inputs.open() as (forcing, flux_plan):
            plan = plan_annual_of_flux(
                flux_plan, inputs.path, min_coverage, region_weight, mask_path, mask_layer, inputs
            )
            totals = YearlySums.zeros(plan)
            totals.add_part(
                *sum_opened_recipe(
                    forcing,
                    flux_plan,
                    inputs.label,
                    int(plan.years[0]),
                    plan.region,
                    progress.sub(0.0, 0.8),
                )
            )
    else:
        plan = plan_annual(inputs, region_weight, min_coverage, mask_path, mask_layer)
        totals = accumulate_annual(plan, progress.sub(0.0, 0.8), workers)
    progress.report(0.8, "Annual totals")
    return finish_annual(plan, totals, cell_trend, progress.sub(0.8, 1.0))


def _table_row(
    year, n_year, hours_valid, field_, weighted_area, ratio, cell_area
) -> Dict[str, float]:
    total_g, area_m2, cells = regional_total(field_, weighted_area)
    # area_km2: the (sand) area counted, cell area x mask weight; cell_area_km2: whole cells
    counted = np.isfinite(field_) & (weighted_area > 0)
    if cells == 0:
        total_g = math.nan
    total_t = total_g / G_PER_T
    mean_net = total_g / area_m2 if cells else math.nan
    seq_tg_c = float(net_flux_to_sequestration_g_c(total_g)) / G_PER_TG
    low_t, high_t = scaled_interval(total_t, ratio)
    low_c, high_c = scaled_interval(seq_tg_c, ratio)
    return {
        "year": year,
        "hours_in_year": n_year,
        "hours_valid": hours_valid,
        "coverage": hours_valid / n_year,
        "cells_valid": cells,
        "area_km2": area_m2 / M2_PER_KM2,
        "mean_net_flux_g_co2_m2_yr": mean_net,
        "sequestration_g_c_m2_yr": float(net_flux_to_sequestration_g_c(mean_net)),
        "total_net_flux_t_co2": total_t,
        "total_net_flux_t_co2_ci95_low": low_t,
        "total_net_flux_t_co2_ci95_high": high_t,
        "sequestration_tg_c": seq_tg_c,
        "sequestration_tg_c_ci95_low": low_c,
        "sequestration_tg_c_ci95_high": high_c,
        "cell_area_km2": float(np.sum(cell_area[counted])) / M2_PER_KM2,
    }


def _regional_trends(rows) -> List[RegionalTrend]:
    years = np.array([row["year"] for row in rows], dtype="float64")
    trends = []
    for column, quantity, units in (
        ("total_net_flux_t_co2", "Regional total net flux", "t CO2 yr-2"),
        ("mean_net_flux_g_co2_m2_yr", "Regional mean net flux", TREND_UNITS),
        ("sequestration_g_c_m2_yr", "Regional sequestration", "g C m-2 yr-2"),
    ):
        values = np.array([row[column] for row in rows], dtype="float64")
        if np.isfinite(values).sum() < MIN_TREND_YEARS:
            continue
        trends.append(
            RegionalTrend(
                quantity,
                units,
                theil_sen(years, values, min_count=MIN_TREND_YEARS),
                mann_kendall(years, values, min_count=MIN_TREND_YEARS),
            )
        )
    return trends


def _common_grid(rasters) -> Grid:
    grid = rasters[0].grid
    for raster in rasters[1:]:
        if not raster.grid.same_as(grid):
            raise GridError(
                f"The flux rasters have different grids: {rasters[0].path.name} is "
                f"{_describe(grid)} but {raster.path.name} is {_describe(raster.grid)}. "
                "Sum rasters of one grid together (compute the flux on the same forcing "
                "extent), or run the tool once per grid. Nothing was written."
            )
    return grid


def _describe(grid: Grid) -> str:
    w, s, e, n = grid.bounds
    return (
        f"{grid.nx} x {grid.ny} cells of {grid.step_lon:g} x {grid.step_lat:g} deg "
        f"({w:g}..{e:g} E, {s:g}..{n:g} N)"
    )


def _common_metadata(rasters):
    """Metadata of the first raster, the common CI ratio (or None), and warnings."""
    notes = []
    for raster in rasters:
        units = raster.metadata.get(keys.UNITS)
        if units is None:
            notes.append(f"{raster.path.name} does not state its units; assumed {FLUX_UNITS}.")
        elif units.strip() != FLUX_UNITS:
            raise UnitsError(
                f"{raster.path}: the flux is in '{units}' ({keys.UNITS}), the "
                f"annual tool sums {FLUX_UNITS}. Use rasters written by "
                "'Compute flux raster'."
            )
    hashes = {r.metadata.get(keys.CALIBRATION_HASH) for r in rasters}
    if len(hashes) > 1:
        notes.append(
            "The inputs come from different calibrations "
            f"({', '.join(sorted(str(h) for h in hashes))})."
        )
    ratios = [r.total_ratio_ci95 for r in rasters]
    ratio = ratios[0]
    if any(r is None for r in ratios):
        ratio = None
        if any(r is not None for r in ratios):
            notes.append(f"Only some inputs carry {keys.TOTAL_RATIO_CI95}; no interval given.")
    elif any(not np.allclose(r, ratios[0], rtol=1e-9, atol=0) for r in ratios[1:]):
        ratio = None
        notes.append(f"The inputs carry different {keys.TOTAL_RATIO_CI95}; no interval given.")
    return dict(rasters[0].metadata), ratio, notes


def _check_times(rasters, all_times) -> None:
    if all_times.size == 0:
        raise InputFileError(f"{rasters[0].path} holds no hour of flux.")
    unique, counts = np.unique(all_times, return_counts=True)
    if np.any(counts > 1):
        hour = unique[np.argmax(counts > 1)]
        holders = [r.path.name for r in rasters if np.any(r.times == hour)]
        where = f"in {holders[0]} twice" if len(holders) == 1 else f"in {', '.join(holders)}"
        raise VariableError(
            f"The hour {iso_hour(hour)} appears {where}; it would be counted "
            "more than once. Give each hour once (remove the overlapping raster)."
        )


def _region_weight(region_weight, grid: Grid) -> np.ndarray:
    if region_weight is None:
        return np.ones(grid.shape)
    weight = np.asarray(region_weight, dtype="float64")
    if weight.shape != grid.shape:
        raise GridError(
            f"The mask has {weight.shape[1]} x {weight.shape[0]} cells but the flux "
            f"grid has {grid.nx} x {grid.ny}; rasterize it onto the flux grid."
        )
    weight = np.clip(np.nan_to_num(weight), 0.0, 1.0)
    if not np.any(weight > 0):
        w, s, e, n = grid.bounds
        raise GridError(
            f"The mask covers no cell of the flux grid ({w:g}..{e:g} E, "
            f"{s:g}..{n:g} N). Choose a polygon that overlaps the flux rasters."
        )
    return weight


# ---------------------------------------------------------------- writers


def write_annual_raster(path, result: AnnualResult) -> Path:
    """GeoTIFF, one Float32 band a year (g CO2 m-2 yr-1, negative = uptake), NoData -9999."""
    descriptions = [str(int(y)) for y in result.years]
    band_metadata = [
        {
            "YEAR": str(int(row["year"])),
            "HOURS_IN_YEAR": str(row["hours_in_year"]),
            "HOURS_VALID": str(row["hours_valid"]),
            "COVERAGE": f"{row['coverage']:.6f}",
        }
        for row in result.rows
    ]
    metadata = output_metadata(result, ANNUAL_UNITS)
    return write_geotiff(
        path,
        result.grid,
        result.annual_g_co2_m2,
        descriptions,
        metadata,
        band_metadata,
        "annual net flux raster",
    )


def write_trend_raster(path, result: AnnualResult) -> Path:
    """GeoTIFF of the per-cell trend: slope, its 95 % CI, Mann-Kendall p and years used."""
    if result.cell_trend is None:
        raise OutputError(
            f"No per-cell trend to write to {path}: it needs at least {MIN_TREND_YEARS} years."
        )
    sen, mk = result.cell_trend
    n = np.where(np.isfinite(sen.slope), sen.n, np.nan)
    bands = np.stack([sen.slope, sen.low_slope, sen.high_slope, mk.p_value, n])
    metadata = output_metadata(result, TREND_UNITS)
    metadata[keys.TREND_YEARS] = f"{int(result.years[0])}..{int(result.years[-1])}"
    metadata[keys.TREND_MIN_YEARS] = str(MIN_TREND_YEARS)
    return write_geotiff(
        path,
        result.grid,
        bands,
        [d for _, d in TREND_BANDS],
        metadata,
        [{"NAME": name} for name, _ in TREND_BANDS],
        "trend raster",
    )


def output_metadata(result: AnnualResult, units: str) -> Dict[str, str]:
    metadata = {
        keys.UNITS: units,
        keys.SIGN_CONVENTION: SIGN_CONVENTION,
        keys.MIN_COVERAGE: repr(result.min_coverage),
        keys.VERSION: keys.software_version(),
        keys.INPUTS: ";".join(Path(p).name for p in result.inputs),
    }
    alarm = [w for w in result.warnings if w.startswith(IMPLAUSIBLE)]
    if alarm:  # the numbers travel without the log: the warning goes with them
        metadata[keys.WARNING] = alarm[0]
    for key in (keys.MODEL, keys.CALIBRATION_HASH, keys.TOTAL_RATIO_CI95):
        if key in result.metadata:
            metadata[key] = result.metadata[key]
    return metadata


def write_table(path, result: AnnualResult) -> Path:
    """CSV, one row a year (columns TABLE_COLUMNS, empty = no value), plus OGR's .csvt types."""
    path = Path(path)
    with atomic_output(path, "annual table") as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(TABLE_COLUMNS)
            for row in result.rows:
                writer.writerow([_csv_value(row[column]) for column in TABLE_COLUMNS])
    with atomic_output(path.with_suffix(".csvt"), "annual table column types") as temporary:
        temporary.write_text(
            ",".join(f'"{t}"' for t in TABLE_COLUMN_TYPES) + "\n", encoding="utf-8"
        )
    return path


def _csv_value(value) -> str:
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return "" if not math.isfinite(value) else repr(float(value))
