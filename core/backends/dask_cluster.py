"""Run the flux and annual steps on dask-backed xarray chunks, locally or on a Dask cluster.

The science is not repeated here: the per-chunk pure kernels of core/model/flux.py
(``flux_kernel``) and core/model/annual.py (``accumulate_hours``, ``annual_net_flux``) are mapped
over the time chunks of dask arrays, so a run gives the same numbers whichever way it runs.

Where the work goes (the ``DASK_SCHEDULER`` parameter of the tools, or the environment
variable ``SANDFLUX_DASK_SCHEDULER`` when the parameter is empty):

- empty: dask's local threaded scheduler in this process;
- ``tcp://host:8786`` (any dask.distributed address): that cluster's workers. The workers
  open the input files themselves, so the inputs must be on storage every worker sees at the
  same path (NFS, a cluster file system, or one machine). Computed blocks come back to this
  process, which writes the output file in order (temporary name, renamed at the end), so the
  output folder only needs to be writable here.

The graph:

flux      forcing (xarray.open_dataset(chunks={"time": n})) -> for each time chunk
          ``flux_kernel(stl1, swvl1, hours, stl1 of the hour before the chunk, ...)`` -> blocks
          computed a few at a time and written by core.formats.flux_raster's writer.
annual    each hourly flux raster read a time chunk a task (chunks never straddle a calendar
          year) -> ``accumulate_hours`` per chunk -> summed per year -> ``annual_net_flux``.
"""
import contextlib
import os
from collections import deque
from typing import Iterator, Optional, Sequence

import numpy as np

from ..formats.flux_raster import create_flux_writer, open_flux_raster
from ..formats.forcing import open_forcing
from ..infra.errors import InputFileError, SandFluxError
from ..infra.outputs import atomic_output
from ..infra.progress import as_progress
from ..infra.timeutil import from_hours_since_epoch, hours_since_epoch, iso_hour, year_of
from ..model import annual as core_annual
from ..model import flux as core_flux
from ..model.annual import accumulate_hours
from ..model.flux import flux_kernel

ENVIRONMENT_VARIABLE = "SANDFLUX_DASK_SCHEDULER"
# Blocks in flight per worker thread while streaming an output (bounds the memory here).
BLOCKS_IN_FLIGHT_PER_WORKER = 2
# A dask flux chunk holds at most this many cell-hours (the kernel's float64 temporaries stay
# ~0.5 GB a chunk); the hours are chosen by core.model.flux.chunk_hours_for (at most a month, a
# multiple or divisor of the forcing's stored chunk).
MAX_CHUNK_CELL_HOURS = 8 * 1024 * 1024


# -- where the work runs ------------------------------------------------------------------------

def scheduler_address(value: Optional[str] = None) -> str:
    """The scheduler address to use: ``value`` if given, else $SANDFLUX_DASK_SCHEDULER, else ''."""
    text = (value or "").strip()
    if not text:
        text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return text


@contextlib.contextmanager
def dask_client(address: Optional[str] = None, timeout: float = 30.0) -> Iterator:
    """A dask.distributed Client connected to ``address`` (see scheduler_address), or None.

    None means: run locally with dask's threaded scheduler. A scheduler that cannot be reached
    is a clear SandFluxError.
    """
    address = scheduler_address(address)
    if not address:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise SandFluxError(
            f"A Dask scheduler is set ({address}) but dask.distributed is not installed. "
            "Install it (Debian: sudo apt-get install python3-distributed) or leave "
            f"DASK_SCHEDULER and ${ENVIRONMENT_VARIABLE} empty to run locally.") from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise SandFluxError(
            f"Cannot reach the Dask scheduler at {address} ({error}). Check the address "
            f"(e.g. tcp://host:8786) and that the scheduler runs, or leave DASK_SCHEDULER and "
            f"${ENVIRONMENT_VARIABLE} empty to run locally.") from None
    try:
        yield client
    finally:
        client.close()


def _workers(client) -> int:
    if client is None:
        return os.cpu_count() or 1
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a scheduler without workers yet
        return 1


def stream_blocks(blocks: Sequence, client=None, in_flight: Optional[int] = None
                  ) -> Iterator[np.ndarray]:
    """Compute dask ``blocks`` and yield their values IN ORDER, a few in flight at a time.

    At most ``in_flight`` blocks (default: 2 per worker thread) are computed or held at once,
    so the memory here stays bounded whatever the number of blocks.
    """
    import dask
    in_flight = max(1, int(in_flight or BLOCKS_IN_FLIGHT_PER_WORKER * _workers(client)))
    if client is None:
        in_flight = max(1, in_flight // BLOCKS_IN_FLIGHT_PER_WORKER)  # one a thread here
        for begin in range(0, len(blocks), in_flight):
            yield from dask.compute(*blocks[begin:begin + in_flight], scheduler="threads")
        return
    pending = deque()
    index = 0
    while index < len(blocks) or pending:
        while index < len(blocks) and len(pending) < in_flight:
            pending.append(client.compute(blocks[index]))
            index += 1
        future = pending.popleft()
        value = future.result()
        future.release()
        yield value


# -- flux ---------------------------------------------------------------------------------------

def open_forcing_dataset(path, chunk_hours: int):
    """The forcing file as a dask-backed xarray Dataset, chunked by ``chunk_hours`` in time.

    Time stays raw (float hours since 1970, the forcing file's CF units) so no calendar
    decoding happens on the way.
    """
    import xarray as xr
    try:
        return xr.open_dataset(str(path), engine="netcdf4", decode_times=False,
                               chunks={"time": int(chunk_hours), "latitude": -1,
                                       "longitude": -1})
    except (OSError, ValueError) as error:
        raise InputFileError(f"xarray cannot open the forcing file {path} ({error}). Give a "
                             "file written by SandFlux' Import ERA5 tool.") from None


def _flux_block(stl1, swvl1, hours, previous_stl1, previous_hour, scale, sand_mask,
                model_name=None, parameters=None, soil_correction=None, scalar_scale=True,
                masked=False):
    """One time chunk through core.model.flux.flux_kernel (a NaN previous hour means none)."""
    previous_hour = float(np.asarray(previous_hour).reshape(-1)[0])
    previous = None if np.isnan(previous_hour) else np.asarray(previous_stl1)[0]
    scale = float(scale.flat[0]) if scalar_scale else scale[0]
    return flux_kernel(stl1, swvl1, np.asarray(hours).reshape(-1), previous,
                       None if previous is None else previous_hour, model_name, parameters,
                       soil_correction, scale, sand_mask[0] if masked else None)


def flux_dataarray(dataset, first: int, stop: int, model_name: str, parameters,
                   soil_correction=None, scale=1.0, sand_mask=None):
    """Hourly flux of forcing hours ``first``..``stop`` (exclusive) as a lazy dask-backed DataArray.

    ``dataset``: from open_forcing_dataset. Each time chunk gets the temperature of the hour
    before it (from the previous chunk, or from the file before ``first``), so the result does
    not depend on the chunking. The very first hour of the file takes the forward difference;
    the chunk holding it therefore gets at least two hours.
    """
    import dask.array as da
    import xarray as xr

    hours_all = np.asarray(dataset["time"].values, dtype="float64")
    stl1 = dataset["stl1"].data
    swvl1 = dataset["swvl1"].data
    ny, nx = stl1.shape[1:]
    read_stop = max(stop, min(2, hours_all.size)) if first == 0 else stop
    stl1, swvl1 = stl1[first:read_stop], swvl1[first:read_stop]
    chunks = _at_least_two_first(stl1.chunks[0])
    stl1 = stl1.rechunk((chunks, ny, nx))
    swvl1 = swvl1.rechunk((chunks, ny, nx))
    starts = first + np.concatenate([[0], np.cumsum(chunks)[:-1]]).astype(int)

    previous_pieces, previous_hours = [], []
    for start in starts:
        if start > 0:
            previous_pieces.append(dataset["stl1"].data[start - 1:start].rechunk((1, ny, nx)))
            previous_hours.append(hours_all[start - 1])
        else:
            previous_pieces.append(da.full((1, ny, nx), np.nan, dtype="float32",
                                           chunks=(1, ny, nx)))
            previous_hours.append(np.nan)
    previous = da.concatenate(previous_pieces, axis=0)
    previous_hour = da.from_array(np.asarray(previous_hours).reshape(-1, 1, 1),
                                  chunks=((1,) * len(chunks), 1, 1))
    hours = da.from_array(hours_all[first:read_stop].reshape(-1, 1, 1), chunks=(chunks, 1, 1))
    # Per-cell fields go in as one-block dask arrays: one copy in the graph, not one a task.
    scale_field = np.broadcast_to(np.asarray(scale, "float64"), (ny, nx))[None]
    mask_field = (np.ones((1, ny, nx), bool) if sand_mask is None
                  else np.asarray(sand_mask, bool)[None])
    arguments = [stl1, swvl1, hours, previous, previous_hour,
                 da.from_array(scale_field, chunks=(1, ny, nx)),
                 da.from_array(mask_field, chunks=(1, ny, nx))]
    flux = da.map_blocks(_flux_block, *arguments, dtype="float32", chunks=stl1.chunks,
                         model_name=model_name, parameters=np.asarray(parameters, "float64"),
                         soil_correction=soil_correction, scalar_scale=np.ndim(scale) == 0,
                         masked=sand_mask is not None)
    flux = flux[:stop - first]
    return xr.DataArray(flux, dims=("time", "latitude", "longitude"),
                        coords={"time": hours_all[first:stop],
                                "latitude": dataset["latitude"].values,
                                "longitude": dataset["longitude"].values},
                        name="co2_flux", attrs={"units": "g CO2 m-2 s-1"})


def _at_least_two_first(chunks) -> tuple:
    chunks = list(chunks)
    if len(chunks) > 1 and chunks[0] < 2:
        chunks[1] += chunks[0]
        chunks.pop(0)
    return tuple(chunks)


def compute_flux_dask(forcing_path, calibration, output_path, soc=None, ph=None,
                      mask_vector=None, mask_layer=None, mask_raster=None,
                      all_touched: bool = False, start=None, end=None,
                      chunk_hours: Optional[int] = None, scheduler: Optional[str] = None,
                      progress=None):
    """core.model.flux.compute_flux on dask chunks (locally or on the cluster at ``scheduler``).

    Same parameters, same checks and preparation (core.model.flux.plan_flux), same output file and
    numbers as core.model.flux.compute_flux; the time chunks are computed in parallel and written
    here in order.
    """

    progress = as_progress(progress)
    with open_forcing(forcing_path) as forcing:
        plan = core_flux.plan_flux(forcing, calibration, output_path, soc, ph, mask_vector,
                                   mask_layer, mask_raster, all_touched, start, end, progress)
    step = core_flux.chunk_hours_for(plan.grid, chunk_hours, plan.stored_chunk,
                                     MAX_CHUNK_CELL_HOURS)
    first, stop, selected = plan.first, plan.stop, plan.selected
    dataset = open_forcing_dataset(forcing_path, step)
    try:
        flux = flux_dataarray(dataset, first, stop, plan.model_name, plan.parameters,
                              plan.soil_correction, plan.scale, plan.sand)
        blocks = list(flux.data.to_delayed().ravel())
        offsets = np.concatenate([[0], np.cumsum(flux.data.chunks[0])]).astype(int)
        with dask_client(scheduler) as client, \
                atomic_output(output_path, "flux raster") as temporary, \
                create_flux_writer(temporary, plan.grid, selected, plan.metadata,
                                   step) as writer:
            for index, block in enumerate(stream_blocks(blocks, client)):
                writer.write(int(offsets[index]), block)
                progress.report(offsets[index + 1] / max(1, stop - first),
                                f"Flux computed up to "
                                f"{iso_hour(selected[offsets[index + 1] - 1])}")
    finally:
        dataset.close()
    return plan.result([output_path])


# -- annual sums --------------------------------------------------------------------------------

def _read_flux_block(path, start, stop):
    with open_flux_raster(path) as raster:
        return raster.read(start, stop)


def flux_raster_dataarray(path, chunk_hours: int):
    """An hourly flux raster (GeoTIFF or netCDF) as a lazy dask-backed DataArray.

    Chunks hold at most ``chunk_hours`` hours and never straddle a calendar year; each chunk
    is one task that opens the file and reads its hours (core.formats.flux_raster's reader).
    """
    import dask
    import dask.array as da
    import xarray as xr

    with open_flux_raster(path) as raster:
        grid, times = raster.grid, raster.times
    bounds = _year_aligned_bounds(year_of(times), chunk_hours)
    pieces = [da.from_delayed(dask.delayed(_read_flux_block, pure=True)(str(path), a, b),
                              shape=(b - a,) + grid.shape, dtype="float32")
              for a, b in bounds]
    data = da.concatenate(pieces, axis=0) if pieces else da.zeros((0,) + grid.shape)
    return xr.DataArray(data, dims=("time", "latitude", "longitude"),
                        coords={"time": hours_since_epoch(times), "latitude": grid.latitudes,
                                "longitude": grid.longitudes},
                        name="co2_flux", attrs={"units": "g CO2 m-2 s-1"})


def _year_aligned_bounds(years: np.ndarray, chunk_hours: int):
    bounds = []
    edges = np.flatnonzero(np.diff(years)) + 1
    for a, b in zip(np.concatenate([[0], edges]), np.concatenate([edges, [years.size]])):
        for begin in range(int(a), int(b), max(1, int(chunk_hours))):
            bounds.append((begin, min(begin + int(chunk_hours), int(b))))
    return bounds


def _accumulate_block(flux, region):
    """core.model.annual.accumulate_hours of one chunk, packed as (1, 3, ny, nx) float64."""
    total, valid, region_hours = accumulate_hours(flux, region)
    packed = np.empty((1, 3) + total.shape)
    packed[0, 0] = total
    packed[0, 1] = valid
    packed[0, 2] = region_hours
    return packed


def yearly_accumulations(paths: Sequence, region: np.ndarray, chunk_hours: int):
    """(years, lazy dask array (years, 3, ny, nx): sum F*3600, valid hours, region hours)."""
    import dask
    import dask.array as da

    per_year = {}
    region_task = dask.delayed(np.asarray(region, bool), pure=True)
    for path in paths:
        dataarray = flux_raster_dataarray(path, chunk_hours)
        flux = dataarray.data
        years = year_of(from_hours_since_epoch(dataarray.time.values))
        offsets = np.concatenate([[0], np.cumsum(flux.chunks[0])]).astype(int)
        ny, nx = flux.shape[1:]
        for index, block in enumerate(flux.to_delayed().ravel()):
            year = int(years[offsets[index]])
            packed = da.from_delayed(dask.delayed(_accumulate_block, pure=True)(block, region_task),
                                     shape=(1, 3, ny, nx), dtype="float64")
            per_year.setdefault(year, []).append(packed)
    years = sorted(per_year)
    stacked = da.stack([da.concatenate(per_year[y], axis=0).sum(axis=0) for y in years])
    return np.asarray(years), stacked


def compute_annual_dask(paths: Sequence, region_weight=None, min_coverage: float = 0.9,
                        cell_trend: bool = False, chunk_hours: Optional[int] = None,
                        scheduler: Optional[str] = None, progress=None, mask_path=None,
                        mask_layer: Optional[str] = None):
    """core.model.annual.compute_annual with the reading and summing done on dask chunks.

    The same checks (core.model.annual.plan_annual) and the same finish (core.model.annual.finish_annual);
    only the per-chunk sums (core.model.annual.accumulate_hours) run on the workers, and the small
    per-year results come back here.
    """

    progress = as_progress(progress)
    plan = core_annual.plan_annual(paths, region_weight, min_coverage, mask_path, mask_layer)
    chunk = int(chunk_hours or plan.default_chunk_hours)
    progress.report(0.0, "Summing the hourly flux on dask chunks")
    years_present, stacked = yearly_accumulations([str(h.path) for h in plan.headers],
                                                  plan.region, chunk)
    with dask_client(scheduler) as client:
        values = (client.compute(stacked).result() if client is not None
                  else stacked.compute(scheduler="threads"))
    progress.report(0.8, "Annual totals")
    totals = core_annual.YearlySums.zeros(plan)
    first_year = int(plan.years[0])
    for value, year in zip(values, years_present):
        totals.sums[year - first_year] = value[0]
        totals.counts[year - first_year] = np.rint(value[1]).astype("int64")
        totals.region_hours[year - first_year] = int(round(float(value[2].flat[0])))
    return core_annual.finish_annual(plan, totals, cell_trend, progress.sub(0.8, 1.0))
