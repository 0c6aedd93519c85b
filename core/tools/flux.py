"""The flux tool: forcing (a forcing file or the ERA5 downloads) + calibration -> hourly flux
rasters, optionally with the annual sums of the same blocks in the same pass; one run or a year
a process."""

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from ..backends.dask_cluster import compute_flux_dask, scheduler_address
from ..formats.flux_raster import output_format
from ..infra.errors import Cancelled, VariableError
from ..infra.outputs import all_or_nothing
from ..infra.parallel import run_parallel
from ..infra.progress import as_progress
from ..model.annual import (
    DEFAULT_MIN_COVERAGE,
    FluxSums,
    finish_annual,
    plan_annual_of_flux,
)
from ..model.flux import YEAR_FIELD, FluxResult, compute_flux, plan_flux, write_flux
from .annual import write_annual_outputs
from .sources import forcing_paths, open_forcing_source


@dataclass
class AnnualOutputs:
    """The annual outputs the flux tool writes from its own blocks (core.tools.annual's files):
    the annual net flux raster, and optionally the table and the HTML report."""

    raster: str
    table: Optional[str] = None
    report: Optional[str] = None
    min_coverage: float = DEFAULT_MIN_COVERAGE


def run_flux(
    forcing,
    calibration,
    output_path,
    scheduler: Optional[str] = None,
    annual: Optional[AnnualOutputs] = None,
    extent=None,
    **options,
) -> FluxResult:
    """The flux tool in one call: here, or on the Dask cluster at ``scheduler``.

    ``forcing``: a forcing file, or the ERA5 downloads (one path or several; netCDF, GRIB,
    zip) read as they are, clipped to ``extent`` (west, south, east, north; downloads only;
    core.tools.sources.open_forcing_source); what reading them found is in the warnings.
    ``output_path`` with ``{year}`` in its name: one file a calendar year. ``annual``: also sum
    the flux by
    calendar year from the same blocks as they are written (one pass, nothing read back) and
    write those outputs; the result's ``annual`` then holds the AnnualResult. All the files are
    written or none.

    ``scheduler``: a dask.distributed address; None or empty: $SANDFLUX_DASK_SCHEDULER, and
    when that is empty too the flux is computed here (core.model.flux.compute_flux). Both paths
    take the same ``options`` with the same defaults and write the same file. A .zarr
    ``output_path`` is always written by the Dask path (here on threads without a scheduler),
    each task storing its own chunk.
    """
    address = scheduler_address(scheduler)
    if address or output_format(output_path) == "zarr":
        files = forcing_paths(forcing)
        if annual is not None or YEAR_FIELD in Path(str(output_path)).name or len(files) > 1:
            where = (
                f"The Dask cluster at {address}" if address else "The Dask path (a .zarr output)"
            )
            raise VariableError(
                f"{where} computes one flux file from one forcing file. "
                "Import the ERA5 files first, write one output (no {year} in its name) and sum "
                "the annual values with the annual tool; or leave DASK_SCHEDULER (and "
                "SANDFLUX_DASK_SCHEDULER) empty and write .tif/.nc to do it all here in one pass."
            )
        return compute_flux_dask(files[0], calibration, output_path, scheduler=address, **options)
    with open_forcing_source(forcing, extent=extent) as source:
        if annual is None:
            return compute_flux(source, calibration, output_path, **options)
        return _flux_and_annual(source, calibration, output_path, annual, **options)


def _flux_and_annual(
    source,
    calibration,
    output_path,
    annual: AnnualOutputs,
    chunk_hours: Optional[int] = None,
    progress=None,
    **plan_options,
) -> FluxResult:
    """The flux files and the annual outputs from one pass over the forcing."""
    progress = as_progress(progress)
    plan = plan_flux(source, calibration, output_path, progress=progress, **plan_options)
    annual_plan = plan_annual_of_flux(plan, Path(str(output_path)), annual.min_coverage)
    sums = FluxSums(plan.selected, int(annual_plan.years[0]), annual_plan.region)
    with all_or_nothing() as written:
        paths, with_values = write_flux(
            source,
            plan,
            output_path,
            chunk_hours,
            progress.sub(0.0, 0.95),
            on_block=sums.add,
            written=written,
        )
        annual_result = finish_annual(annual_plan, sums.totals(annual_plan))
        annual_result.inputs = [str(path) for path in paths]
        write_annual_outputs(
            annual_result, annual.raster, annual.table, None, annual.report, written
        )
        progress.report(1.0, "Done")
    result = plan.result(paths, with_values)
    result.annual = annual_result
    return result


def _flux_year(forcing_path, calibration_path, output_path, start, end, options):
    result = compute_flux(
        forcing_path, calibration_path, output_path, start=start, end=end, **options
    )
    return str(result.path)


def compute_flux_years(
    forcing_path,
    calibration_path,
    output_folder,
    years: Sequence[int],
    name: str = "flux_{year}.tif",
    workers: Optional[int] = None,
    progress=None,
    **options,
) -> List[Path]:
    """The hourly flux of each calendar year in ``years``, a file a year, years in parallel.

    Writes ``output_folder/name.format(year=...)`` for each year with core.model.flux.compute_flux
    (``options``: its soc, ph, mask_vector, mask_layer, mask_raster, all_touched,
    chunk_hours). The calibration is passed as a path (each worker loads it). All or nothing:
    if any year fails or the run is cancelled, the files this call wrote are removed.
    """
    folder = Path(output_folder)
    jobs = [
        dict(
            forcing_path=str(forcing_path),
            calibration_path=str(calibration_path),
            output_path=str(folder / name.format(year=int(year))),
            start=f"{int(year):04d}-01-01T00:00:00",
            end=f"{int(year):04d}-12-31T23:00:00",
            options=dict(options),
        )
        for year in years
    ]
    try:
        written = run_parallel(
            _flux_year, jobs, workers, progress, label=lambda job: Path(job["output_path"]).name
        )
    except (Exception, Cancelled, KeyboardInterrupt):
        for job in jobs:
            with contextlib.suppress(OSError):
                Path(job["output_path"]).unlink()
        raise
    return [Path(path) for path in written]
