"""The flux tool: forcing + calibration -> hourly flux rasters, one run or a year a process."""
import contextlib
from pathlib import Path
from typing import List, Optional, Sequence

from ..backends.dask_cluster import compute_flux_dask, scheduler_address
from ..formats.flux_raster import output_format
from ..infra.errors import Cancelled
from ..infra.parallel import run_parallel
from ..model.flux import FluxResult, compute_flux


def run_flux(forcing_path, calibration, output_path, scheduler: Optional[str] = None,
             **options) -> FluxResult:
    """The flux tool in one call: here, or on the Dask cluster at ``scheduler``.

    ``scheduler``: a dask.distributed address; None or empty: $SANDFLUX_DASK_SCHEDULER, and
    when that is empty too the flux is computed here (core.model.flux.compute_flux). Both paths
    take the same ``options`` with the same defaults and write the same file. A .zarr
    ``output_path`` is always written by the Dask path (here on threads without a scheduler),
    each task storing its own chunk.
    """
    address = scheduler_address(scheduler)
    if address or output_format(output_path) == "zarr":
        return compute_flux_dask(forcing_path, calibration, output_path, scheduler=address,
                                 **options)
    return compute_flux(forcing_path, calibration, output_path, **options)


def _flux_year(forcing_path, calibration_path, output_path, start, end, options):
    result = compute_flux(forcing_path, calibration_path, output_path, start=start, end=end,
                          **options)
    return str(result.path)


def compute_flux_years(forcing_path, calibration_path, output_folder, years: Sequence[int],
                       name: str = "flux_{year}.tif", workers: Optional[int] = None,
                       progress=None, **options) -> List[Path]:
    """The hourly flux of each calendar year in ``years``, a file a year, years in parallel.

    Writes ``output_folder/name.format(year=...)`` for each year with core.model.flux.compute_flux
    (``options``: its soc, ph, mask_vector, mask_layer, mask_raster, all_touched,
    chunk_hours). The calibration is passed as a path (each worker loads it). All or nothing:
    if any year fails or the run is cancelled, the files this call wrote are removed.
    """
    folder = Path(output_folder)
    jobs = [dict(forcing_path=str(forcing_path), calibration_path=str(calibration_path),
                 output_path=str(folder / name.format(year=int(year))),
                 start=f"{int(year):04d}-01-01T00:00:00", end=f"{int(year):04d}-12-31T23:00:00",
                 options=dict(options))
            for year in years]
    try:
        written = run_parallel(_flux_year, jobs, workers, progress,
                               label=lambda job: Path(job["output_path"]).name)
    except (Exception, Cancelled, KeyboardInterrupt):
        for job in jobs:
            with contextlib.suppress(OSError):
                Path(job["output_path"]).unlink()
        raise
    return [Path(path) for path in written]


