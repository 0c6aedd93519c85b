"""The annual tool: hourly flux (rasters, or computed on the fly) -> annual sums, table, trend,
report; here or on a Dask cluster."""

import functools
from pathlib import Path
from typing import Optional

import numpy as np

from ..backends.dask_cluster import compute_annual_dask, scheduler_address
from ..formats.flux_raster import open_flux_raster
from ..infra.errors import CalibrationError, InputFileError, VariableError
from ..infra.grid import Grid
from ..infra.outputs import all_or_nothing
from ..infra.progress import as_progress
from ..model.annual import (
    DEFAULT_MIN_COVERAGE,
    AnnualResult,
    compute_annual,
    write_annual_raster,
    write_table,
    write_trend_raster,
)
from ..model.ensemble import (
    compute_annual_ensemble,
    has_bootstrap_sets,
    write_uncertainty_raster,
)
from ..model.flux import FluxRecipe, rasterize_mask
from ..model.sand_fraction import (
    landcover_sand_fraction,
    parse_class_codes,
    polygon_sand_fraction,
)
from ..reports.annual import write_report


def run_annual_sequestration(
    inputs,
    output,
    table=None,
    trend=None,
    report=None,
    region_weight=None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    progress=None,
    mask_path=None,
    mask_layer: Optional[str] = None,
    scheduler: Optional[str] = None,
    workers: Optional[int] = None,
    ensemble: int = 0,
    uncertainty=None,
    sand_fraction: bool = False,
    landcover=None,
    landcover_classes=None,
) -> AnnualResult:
    """The annual tool in one call: compute, then write the requested outputs (all or none).

    ``inputs``: flux raster paths or a core.model.flux.FluxRecipe (see compute_annual).

    ``scheduler``: a dask.distributed address (None or empty: $SANDFLUX_DASK_SCHEDULER): the
    reading, the flux of a recipe and the sums run on that cluster's workers, a time slice a
    task (core.backends.dask_cluster.compute_annual_dask); empty or None: here, on ``workers``
    processes (default: the CPU cores; see compute_annual).

    ``ensemble``: with a FluxRecipe, how many of the calibration's bootstrap parameter sets run
    through the flux (core.model.ensemble): the table's intervals come from them and
    ``uncertainty`` (GeoTIFF, optional) gets their 2.5/50/97.5 % quantiles a year; 0: the
    ratio method (SANDFLUX_TOTAL_RATIO_CI95), and no ``uncertainty``.

    ``sand_fraction``: weight each cell by the share of it the ``mask_path`` polygons cover on
    the ellipsoid (core.model.sand_fraction) instead of the cell-centre rule; ``landcover`` (a
    raster) with ``landcover_classes`` (the codes meaning shifting sand): also weight each cell
    by the share of its land-cover pixels in those classes.
    """

    progress = as_progress(progress)
    compute = functools.partial(compute_annual, workers=workers)
    scheduler = scheduler_address(scheduler)
    if scheduler:
        compute = functools.partial(compute_annual_dask, scheduler=scheduler)
    notes = []
    if sand_fraction or landcover:
        region_weight = sand_weight(
            inputs,
            region_weight,
            mask_path,
            mask_layer,
            sand_fraction,
            landcover,
            landcover_classes,
        )
        mask_path = mask_layer = None  # in the weight now
    ensemble = _ensemble_size(inputs, int(ensemble), uncertainty, notes)
    if ensemble and scheduler:
        raise VariableError(
            f"ENSEMBLE ({ensemble} bootstrap sets) runs here, not on the Dask cluster at "
            f"{scheduler}. Leave DASK_SCHEDULER (and SANDFLUX_DASK_SCHEDULER) empty, or set "
            "ENSEMBLE to 0 for the ratio method on the cluster."
        )
    ensemble_result = None
    if ensemble:  # the bootstrap sets through the flux of the forcing (never on Dask: above)
        ensemble_result = compute_annual_ensemble(
            inputs,
            ensemble,
            region_weight,
            min_coverage,
            cell_trend=trend is not None,
            progress=progress.sub(0.0, 0.9),
            mask_path=mask_path,
            mask_layer=mask_layer,
            workers=workers,
        )
        result = ensemble_result.annual
    else:
        result = compute(
            inputs,
            region_weight,
            min_coverage,
            cell_trend=trend is not None,
            progress=progress.sub(0.0, 0.9),
            mask_path=mask_path,
            mask_layer=mask_layer,
        )
    result.warnings.extend(notes)
    progress.report(0.92, "Writing outputs")
    with all_or_nothing() as written:  # all or nothing: a failure removes what was written
        write_annual_outputs(result, output, table, trend, report, written, ensemble_result)
        if uncertainty is not None:
            write_uncertainty_raster(uncertainty, ensemble_result)
            written.append(Path(uncertainty))
        progress.report(1.0, "Done")
    return result


def _ensemble_size(inputs, ensemble: int, uncertainty, notes) -> int:
    """The bootstrap sets to run (0: the ratio method), or a clear error for what cannot be."""
    if ensemble < 0:
        raise VariableError(
            f"ENSEMBLE is {ensemble}; give 0 (the ratio method) or a number of "
            "bootstrap parameter sets."
        )
    if ensemble and not isinstance(inputs, FluxRecipe):
        raise VariableError(
            f"ENSEMBLE is {ensemble}, but flux rasters hold the central flux only: the ensemble "
            "runs the bootstrap parameter sets through the flux of the forcing file (FORCING + "
            "CALIBRATION). Give those instead of the rasters, or set ENSEMBLE to 0 for the "
            "ratio method."
        )
    if uncertainty is not None and not ensemble:
        raise VariableError(
            "The uncertainty raster (UNCERTAINTY) comes from the ensemble: set "
            "ENSEMBLE to a number of bootstrap sets (e.g. 100), or leave "
            "UNCERTAINTY empty."
        )
    if ensemble and not has_bootstrap_sets(inputs.calibration):
        if uncertainty is not None:
            raise CalibrationError(
                f"The calibration {inputs.calibration} holds no bootstrap parameter sets "
                "(model.bootstrap.parameters), so there is no ensemble for UNCERTAINTY. Re-run "
                "'Calibrate from station CSV' with bootstrap resamples, or leave UNCERTAINTY "
                "empty."
            )
        notes.append(
            f"The calibration {inputs.calibration} holds no bootstrap parameter sets: "
            "no ensemble and no 95 % interval (re-run the calibration with bootstrap "
            "resamples for one)."
        )
        return 0
    return ensemble


def sand_weight(
    inputs, region_weight, mask_path, mask_layer, sand_fraction: bool, landcover, landcover_classes
):
    """The cell weights 0..1 on the inputs' grid: the mask (cell-centre rule, or its exact
    overlap when ``sand_fraction``) times the land-cover sand share."""
    grid = input_grid(inputs)
    if sand_fraction and mask_path is None:
        raise VariableError(
            "Weighting by the sand fraction of the polygons needs the polygons "
            "(MASK). Give them, or turn the sand fraction off."
        )
    weight = np.ones(grid.shape) if region_weight is None else np.asarray(region_weight, "float64")
    if mask_path is not None:
        weight = weight * (
            polygon_sand_fraction(mask_path, grid, mask_layer)
            if sand_fraction
            else rasterize_mask(mask_path, grid, mask_layer, all_touched=False)
        )
    if landcover:
        share = landcover_sand_fraction(landcover, grid, parse_class_codes(landcover_classes))
        weight = weight * np.nan_to_num(share)
    return weight


def input_grid(inputs) -> Grid:
    """The grid of the annual inputs: the forcing's of a FluxRecipe, else the first raster's."""
    if isinstance(inputs, FluxRecipe):
        with inputs.open_source(inputs.forcing) as forcing:
            return forcing.grid
    if not inputs:
        raise InputFileError(
            "No flux raster given. Choose one or more rasters written by 'Compute flux raster'."
        )
    with open_flux_raster(list(inputs)[0]) as raster:
        return raster.grid


def write_annual_outputs(
    result: AnnualResult,
    output,
    table=None,
    trend=None,
    report=None,
    written: Optional[list] = None,
    ensemble_result=None,
) -> None:
    """The annual net flux raster, and the table, trend raster and report that are asked for;
    each path written is appended to ``written`` (for core.infra.outputs.all_or_nothing).
    ``ensemble_result``: the core.model.ensemble result the report compares with the ratio
    method, when there is one."""
    written = [] if written is None else written
    write_annual_raster(output, result)
    written.append(Path(output))
    if table is not None:
        write_table(table, result)
        written += [Path(table), Path(table).with_suffix(".csvt")]
    if trend is not None and result.cell_trend is not None:
        write_trend_raster(trend, result)
        written.append(Path(trend))
    if report is not None:
        write_report(report, result, ensemble_result)
        written.append(Path(report))
