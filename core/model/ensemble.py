"""Per-cell uncertainty of the annual net flux: the calibration's bootstrap parameter sets run
through the hourly flux of the forcing and summed by year (nothing hourly is written).

Members: b = 0 is the central (fitted) parameter set p_0, b = 1..N the first N bootstrap sets
p_b of the calibration JSON (model.bootstrap.parameters; each refitted to a block-bootstrap
resample of the station record, so the first N are a random sample of them). For each member,
cell c and calendar year y, exactly as core.model.annual does for the central flux:

    F_b(c, h)  = model(p_b, Ts, theta, dTs/dt, s)          [g CO2 m-2 s-1, negative = uptake]
    annual_b   = sum_h F_b * 3600 s * N_year / n_valid      [g CO2 m-2 yr-1]
    total_b    = sum_c annual_b(c) * A_c                    [g CO2 yr-1]  (A_c: weighted area)

The quantiles Q_q (q = 2.5, 50, 97.5 %) are taken over the bootstrap members b = 1..N only:
per cell of annual_b (the UNCERTAINTY raster) and of the regional totals total_b summed member
by member (the table's 95 % interval: the total of member b is one consistent field, so the
interval is that of the sum, not a sum of per-cell quantiles). Member 0 is the annual tool's
ordinary (point) result.

The ratio method it replaces when ENSEMBLE > 0 scales each total by the 2.5/97.5 % quantiles of
m_b / m_0 (station-period mean flux); it is exact only for a model linear in its parameters
whose drivers in the region average like the station's. Both intervals are kept for the report.
"""

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..formats import metadata as keys
from ..formats.geotiff import write_geotiff
from ..infra.area import cell_areas_m2
from ..infra.constants import DEFAULT_ENSEMBLE, G_C_PER_G_CO2
from ..infra.errors import CalibrationError, VariableError
from ..infra.parallel import default_workers, run_parallel
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour, year_of
from .annual import (
    ANNUAL_UNITS,
    G_PER_T,
    G_PER_TG,
    AnnualPlan,
    AnnualResult,
    YearlySums,
    annual_net_flux,
    finish_annual,
    hours_in_year,
    output_metadata,
    plan_annual,
)
from .calibration_file import Calibration, load_calibration
from .flux import FluxRecipe, corrected_drivers, flux_blocks, flux_of_drivers
from .models import get_model

# The ensemble's chunks hold at most this many cell-hours, each with every member's flux: 160 000
# x 101 members of float32 is 64 MB (the plain flux's chunks, flux.MAX_CHUNK_CELL_HOURS, would
# make it 400 MB).
ENSEMBLE_CHUNK_CELL_HOURS = 160_000
QUANTILES = (0.025, 0.5, 0.975)
QUANTILE_NAMES = ("2.5 %", "50 %", "97.5 %")


def ensemble_parameter_sets(
    calibration: Calibration, members: int, source="the calibration"
) -> Tuple[np.ndarray, List[str]]:
    """((1 + n, k) parameter sets: row 0 the central one, rows 1..n the first n bootstrap sets
    of ``calibration``; warnings). Fewer stored sets than asked: all of them, with a warning."""
    members = int(members)
    if members < 1:
        raise VariableError(
            f"ENSEMBLE is {members}; give at least 1 bootstrap set (0 means the "
            "ratio method, which needs no ensemble)."
        )
    model = get_model(calibration.model_name)
    central = model.parameter_vector(calibration.parameters)
    stored = calibration.bootstrap_parameters or []
    if len(stored) < 2:
        raise CalibrationError(
            f"{source} holds {len(stored)} bootstrap parameter set(s) (model.bootstrap."
            "parameters), an ensemble needs at least 2. Re-run 'Calibrate from station CSV' with "
            "bootstrap resamples (e.g. 200), or set ENSEMBLE to 0 for the ratio method."
        )
    notes = []
    if len(stored) < members:
        notes.append(
            f"The calibration holds {len(stored)} bootstrap sets; the ensemble uses all "
            f"of them instead of the {members} asked for (ENSEMBLE)."
        )
    sets = np.array([model.parameter_vector(row) for row in stored[:members]], dtype="float64")
    if not np.all(np.isfinite(sets)):
        raise CalibrationError(
            f"{source}: a bootstrap parameter set (model.bootstrap.parameters)"
            " is not finite. Re-run 'Calibrate from station CSV'."
        )
    return np.vstack([central[None, :], sets]), notes


def has_bootstrap_sets(calibration_path) -> bool:
    """Whether the calibration JSON holds at least 2 bootstrap parameter sets."""
    return len(load_calibration(calibration_path).bootstrap_parameters or []) >= 2


def ensemble_kernel(
    stl1_k,
    swvl1_m3_m3,
    hours,
    previous_stl1_k,
    previous_hour,
    model_name,
    parameter_sets,
    soil_correction,
    scale,
    sand_mask,
) -> np.ndarray:
    """core.model.flux.flux_kernel for every row of ``parameter_sets`` (members, k): the flux
    (hours, members, lat, lon) float32, g CO2 m-2 s-1, NaN = NoData; the drivers are
    computed once, the model once a member (a member's values equal flux_kernel's)."""
    ts_k, theta, dts_dt = corrected_drivers(
        stl1_k, swvl1_m3_m3, hours, previous_stl1_k, previous_hour, soil_correction
    )
    sets = np.atleast_2d(np.asarray(parameter_sets, "float64"))
    out = np.empty((ts_k.shape[0], sets.shape[0]) + ts_k.shape[1:], dtype="float32")
    for member, parameters in enumerate(sets):
        out[:, member] = flux_of_drivers(
            model_name, parameters, ts_k, theta, dts_dt, scale, sand_mask
        )
    return out


@dataclass
class EnsembleYear:
    """One calendar year of the ensemble: the central member's sums, every member's regional
    total and the per-cell quantiles of the bootstrap members."""

    index: int  # year number counted from the plan's first year
    central: YearlySums  # member 0, shaped (1, ny, nx)
    member_totals_g_co2: np.ndarray  # (members,) incl. member 0; NaN = no value
    cell_quantiles: np.ndarray  # (3, ny, nx) g CO2 m-2 yr-1 over members 1..N


def member_annual_fields(
    sums: np.ndarray, counts: np.ndarray, year: int, min_coverage: float, region: np.ndarray
) -> np.ndarray:
    """(members, ny, nx) annual net flux of each member (core.model.annual.annual_net_flux)."""
    fields = annual_net_flux(sums, counts, hours_in_year(year), min_coverage)
    fields[:, ~region] = np.nan
    return fields


def member_totals(fields: np.ndarray, weighted_area_m2: np.ndarray) -> np.ndarray:
    """(members,) regional total g CO2 yr-1 of each member over the cells where the central
    member (row 0) has a value; NaN for a member lacking a value on one of them."""
    cells = np.isfinite(fields[0]) & (weighted_area_m2 > 0)
    if not cells.any():
        return np.full(fields.shape[0], np.nan)
    values = fields[:, cells]
    totals = np.sum(values * weighted_area_m2[cells], axis=1)
    totals[~np.all(np.isfinite(values), axis=1)] = np.nan
    return totals


def cell_quantiles(fields: np.ndarray) -> np.ndarray:
    """(3, ny, nx) QUANTILES over the bootstrap members (rows 1..) of each cell; NaN where the
    central member or any bootstrap member has no value."""
    bootstrap = fields[1:]
    quantiles = np.quantile(bootstrap, QUANTILES, axis=0)
    quantiles[:, ~np.isfinite(fields[0])] = np.nan
    return quantiles


def sum_ensemble_year(
    recipe: FluxRecipe,
    start: str,
    end: str,
    parameter_sets: np.ndarray,
    first_year: int,
    region: np.ndarray,
    weighted_area_m2: np.ndarray,
    min_coverage: float,
    progress=None,
) -> EnsembleYear:
    """The ensemble of the hours ``start``..``end`` (one calendar year) of a FluxRecipe: every
    member's flux computed chunk by chunk (flux_blocks with ensemble_kernel) and summed."""
    progress = as_progress(progress)
    members = parameter_sets.shape[0]
    shape = (members,) + np.shape(region)
    sums, counts = np.zeros(shape), np.zeros(shape, dtype="int64")
    region_hours = 0
    with recipe.open(start, end) as (forcing, flux_plan):
        times = flux_plan.selected
        year = int(year_of(times[0]))
        if int(year_of(times[-1])) != year:
            raise VariableError(
                f"The ensemble sums a calendar year at a time; {start}..{end} spans two."
            )
        members_plan = dataclasses.replace(flux_plan, parameters=parameter_sets)
        blocks = flux_blocks(
            forcing,
            members_plan,
            read_ahead=True,
            kernel=ensemble_kernel,
            max_cell_hours=ENSEMBLE_CHUNK_CELL_HOURS,
        )
        try:
            for offset, block in blocks:
                progress.report(
                    offset / times.size,
                    f"Ensemble of {members - 1} bootstrap sets"
                    f" of {recipe.label}: {iso_hour(times[offset])}",
                )
                valid = np.isfinite(block)
                sums += np.where(valid, block, 0.0).sum(axis=0, dtype="float64") * 3600.0
                counts += valid.sum(axis=0, dtype="int64")
                region_hours += int(valid[:, 0][:, region].any(axis=1).sum())
        finally:
            blocks.close()  # stop the reading thread before the forcing is closed
    fields = member_annual_fields(sums, counts, year, min_coverage, region)
    central = YearlySums(sums[:1], counts[:1], np.array([region_hours], dtype="int64"))
    return EnsembleYear(
        year - first_year, central, member_totals(fields, weighted_area_m2), cell_quantiles(fields)
    )


@dataclass
class EnsembleResult:
    """The annual result of the central member plus the ensemble's quantiles."""

    annual: AnnualResult
    members: int  # bootstrap members used (N)
    cell_quantiles: np.ndarray  # (years, 3, ny, nx) g CO2 m-2 yr-1
    member_totals_t_co2: np.ndarray  # (years, 1 + N) t CO2 yr-1, column 0 = central
    ratio_intervals_t_co2: List[Tuple[float, float]]  # the ratio method's, a year
    notes: List[str] = field(default_factory=list)

    @property
    def total_quantiles_t_co2(self) -> np.ndarray:
        """(years, 3) QUANTILES of the regional total over the bootstrap members."""
        return _quantiles_of_rows(self.member_totals_t_co2[:, 1:])


def _quantiles_of_rows(values: np.ndarray) -> np.ndarray:
    out = np.full((values.shape[0], len(QUANTILES)), np.nan)
    for row, members in enumerate(values):
        members = members[np.isfinite(members)]
        if members.size >= 2:
            out[row] = np.quantile(members, QUANTILES)
    return out


def compute_annual_ensemble(
    recipe: FluxRecipe,
    members: int = DEFAULT_ENSEMBLE,
    region_weight: Optional[np.ndarray] = None,
    min_coverage: float = 0.9,
    cell_trend: bool = False,
    progress=None,
    mask_path=None,
    mask_layer: Optional[str] = None,
    workers: Optional[int] = None,
) -> EnsembleResult:
    """The annual sums of a FluxRecipe for the central and ``members`` bootstrap parameter sets
    (see module doc); the table's intervals come from the ensemble.

    A calendar year is one job (on up to ``workers`` processes, default the CPU cores).
    """
    progress = as_progress(progress)
    if not isinstance(recipe, FluxRecipe):
        raise VariableError(
            "The ensemble needs the forcing file and its calibration (FORCING + "
            "CALIBRATION): flux rasters hold the central flux only. Set "
            "ENSEMBLE to 0 for the ratio method on flux rasters."
        )
    sets, notes = ensemble_parameter_sets(
        load_calibration(recipe.calibration), members, recipe.calibration
    )
    plan = plan_annual(recipe, region_weight, min_coverage, mask_path, mask_layer)
    weighted_area = cell_areas_m2(plan.grid) * plan.weight
    first_year = int(plan.years[0])
    jobs = [
        dict(
            recipe=recipe,
            start=iso_hour(h.times[0]),
            end=iso_hour(h.times[-1]),
            parameter_sets=sets,
            first_year=first_year,
            region=plan.region,
            weighted_area_m2=weighted_area,
            min_coverage=plan.min_coverage,
        )
        for h in plan.headers
    ]
    workers = min(int(workers or default_workers()), len(jobs))
    sweep = progress.sub(0.0, 0.85)
    if workers <= 1:
        years = [
            sum_ensemble_year(**job, progress=sweep.sub(i / len(jobs), (i + 1) / len(jobs)))
            for i, job in enumerate(jobs)
        ]
    else:
        years = run_parallel(
            sum_ensemble_year,
            jobs,
            workers,
            sweep,
            label=lambda job: f"ensemble of {job['start'][:4]}",
        )
    return finish_ensemble(
        plan, years, sets.shape[0] - 1, notes, cell_trend, progress.sub(0.85, 1.0)
    )


def finish_ensemble(
    plan: AnnualPlan,
    years: List[EnsembleYear],
    members: int,
    notes: List[str],
    cell_trend: bool = False,
    progress=None,
) -> EnsembleResult:
    """Central annual result (core.model.annual.finish_annual) with the table's intervals
    replaced by the ensemble's, and the ratio method's kept for comparison."""
    totals = YearlySums.zeros(plan)
    quantiles = np.full((plan.years.size, len(QUANTILES)) + plan.grid.shape, np.nan)
    member_t = np.full((plan.years.size, members + 1), np.nan)
    for year in years:
        totals.sums[year.index] += year.central.sums[0]
        totals.counts[year.index] += year.central.counts[0]
        totals.region_hours[year.index] += year.central.region_hours[0]
        quantiles[year.index] = year.cell_quantiles
        member_t[year.index] = year.member_totals_g_co2 / G_PER_T
    annual = finish_annual(plan, totals, cell_trend, progress)
    result = EnsembleResult(annual, members, quantiles, member_t, [], list(notes))
    lost = np.isnan(member_t[:, 1:]) & np.isfinite(member_t[:, :1])
    if lost.any():
        result.notes.append(
            f"{int(lost.any(axis=0).sum())} bootstrap set(s) gave no value in a cell where the "
            "central set has one (e.g. an overflow); their totals are left out of the interval."
        )
    total_q = result.total_quantiles_t_co2
    for row, q in zip(annual.rows, total_q):
        result.ratio_intervals_t_co2.append(
            (row["total_net_flux_t_co2_ci95_low"], row["total_net_flux_t_co2_ci95_high"])
        )
        low_t, high_t = q[0], q[2]
        row["total_net_flux_t_co2_ci95_low"] = float(low_t)
        row["total_net_flux_t_co2_ci95_high"] = float(high_t)
        # sequestration = -total * 12.011/44.01: its 2.5 % quantile is the total's 97.5 %
        row["sequestration_tg_c_ci95_low"] = float(-high_t * G_PER_T * G_C_PER_G_CO2 / G_PER_TG)
        row["sequestration_tg_c_ci95_high"] = float(-low_t * G_PER_T * G_C_PER_G_CO2 / G_PER_TG)
    annual.metadata = dict(annual.metadata, SANDFLUX_INTERVAL_METHOD=interval_method(members))
    annual.warnings.extend(result.notes)
    return result


def interval_method(members: int) -> str:
    """What the table's and rasters' 95 % intervals are (recorded in the outputs' metadata)."""
    return (
        f"ensemble of {members} bootstrap parameter sets run through the hourly flux; "
        "2.5/97.5 % quantiles of the regional totals summed member by member"
    )


def write_uncertainty_raster(path, result: EnsembleResult) -> Path:
    """GeoTIFF, 3 Float32 bands a year: the 2.5, 50 and 97.5 % quantiles of the annual net flux
    (g CO2 m-2 yr-1, negative = uptake) over the bootstrap members; NoData -9999."""
    annual = result.annual
    bands, descriptions, band_metadata = [], [], []
    for index, year in enumerate(annual.years):
        for q, (quantile, name) in enumerate(zip(QUANTILES, QUANTILE_NAMES)):
            bands.append(result.cell_quantiles[index, q])
            descriptions.append(f"{int(year)} {name} quantile")
            band_metadata.append({"YEAR": str(int(year)), "QUANTILE": repr(quantile)})
    metadata = output_metadata(annual, ANNUAL_UNITS)
    metadata[keys.ENSEMBLE_MEMBERS] = str(result.members)
    metadata[keys.INTERVAL_METHOD] = interval_method(result.members)
    return write_geotiff(
        path,
        annual.grid,
        np.asarray(bands),
        descriptions,
        metadata,
        band_metadata,
        "uncertainty raster",
    )


def comparison_rows(result: EnsembleResult) -> List[Dict[str, float]]:
    """A row a year: central total, the ensemble's 2.5/50/97.5 % and the ratio method's
    interval (t CO2 yr-1), for the report."""
    rows = []
    for row, q, ratio in zip(
        result.annual.rows, result.total_quantiles_t_co2, result.ratio_intervals_t_co2
    ):
        rows.append(
            {
                "year": row["year"],
                "total": row["total_net_flux_t_co2"],
                "ensemble_low": q[0],
                "ensemble_median": q[1],
                "ensemble_high": q[2],
                "ratio_low": ratio[0],
                "ratio_high": ratio[1],
            }
        )
    return rows


def relative_width(low: float, high: float, centre: float) -> float:
    """(high - low) / |centre|, NaN when undefined."""
    if not all(math.isfinite(v) for v in (low, high, centre)) or centre == 0:
        return math.nan
    return (high - low) / abs(centre)
