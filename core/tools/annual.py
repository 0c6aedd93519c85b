"""The annual tool: hourly flux (rasters, or computed on the fly) -> annual sums, table, trend,
report; here or on a Dask cluster."""
import functools
from pathlib import Path
from typing import Optional

from ..backends.dask_cluster import compute_annual_dask, scheduler_address
from ..infra.errors import VariableError
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
from ..model.flux import FluxRecipe
from ..reports.annual import write_report


def run_annual_sequestration(inputs, output, table=None, trend=None, report=None,
                             region_weight=None, min_coverage: float = DEFAULT_MIN_COVERAGE,
                             progress=None, mask_path=None, mask_layer: Optional[str] = None,
                             scheduler: Optional[str] = None, workers: Optional[int] = None
                             ) -> AnnualResult:
    """The annual tool in one call: compute, then write the requested outputs (all or none).

    ``inputs``: flux raster paths or a core.model.flux.FluxRecipe (see compute_annual).

    ``scheduler``: a dask.distributed address (None or empty: $SANDFLUX_DASK_SCHEDULER): the
    sums run on that cluster
    (core.backends.dask_cluster.compute_annual_dask); empty or None: here, on ``workers`` processes
    (default: the CPU cores; see compute_annual).
    """

    progress = as_progress(progress)
    compute = functools.partial(compute_annual, workers=workers)
    scheduler = scheduler_address(scheduler)
    if scheduler:
        if isinstance(inputs, FluxRecipe):
            raise VariableError(
                f"A Dask scheduler ({scheduler}) sums flux rasters; the flux of the forcing "
                f"{inputs.label} is summed here. Leave DASK_SCHEDULER (and "
                "SANDFLUX_DASK_SCHEDULER) empty, or compute the flux rasters on the cluster "
                "first and sum those.")
        compute = functools.partial(compute_annual_dask, scheduler=scheduler)
    result = compute(inputs, region_weight, min_coverage, cell_trend=trend is not None,
                     progress=progress.sub(0.0, 0.9), mask_path=mask_path,
                     mask_layer=mask_layer)
    progress.report(0.92, "Writing outputs")
    with all_or_nothing() as written:  # all or nothing: a failure removes what was written
        write_annual_outputs(result, output, table, trend, report, written)
        progress.report(1.0, "Done")
    return result


def write_annual_outputs(result: AnnualResult, output, table=None, trend=None, report=None,
                         written: Optional[list] = None) -> None:
    """The annual net flux raster, and the table, trend raster and report that are asked for;
    each path written is appended to ``written`` (for core.infra.outputs.all_or_nothing)."""
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
        write_report(report, result)
        written.append(Path(report))


