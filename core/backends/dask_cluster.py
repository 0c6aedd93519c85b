"""Run the flux and annual steps on Dask, locally or on a dask.distributed cluster.

The science is not repeated here: the pure kernels of core/model/flux.py (``flux_kernel``,
``flux_blocks``) and core/model/annual.py (``accumulate_hours`` through its block summer) run
inside the tasks, so a run gives the same numbers whichever way it runs.

Where the work goes (the ``DASK_SCHEDULER`` parameter of the tools, or the environment
variable ``SANDFLUX_DASK_SCHEDULER`` when the parameter is empty):

- empty: dask's local threaded scheduler in this process;
- ``tcp://host:8786`` (any dask.distributed address): that cluster's workers. The workers
  open the input files themselves, so the inputs must be on storage every worker sees at the
  same path (NFS, a cluster file system, or one machine), and every worker must import the same
  SandFlux (checked when connecting: a clear error names the workers that cannot).

The work:

annual    a task for each time slice (at most ``slice_hours``, never across a calendar year) of
          each input: a flux raster's hours, or a recipe's hours (core.model.flux.FluxRecipe:
          the task opens the recipe, whose plan and source read only the window around the
          region's cells, computes the flux of those cells only and sums it). A task returns
          per-year sums and counts of the region's cells (a few MB at most), added here as they
          arrive; at most a few tasks a worker thread are in flight.
flux      the forcing as a chunked xarray Dataset -> ``flux_kernel`` a time chunk a task. To a
          .zarr OUTPUT each task writes its chunk into the store itself
          (core.formats.zarr_store); to .tif/.nc the blocks come back here, a few at a time,
          and are written in order.

A worker lost in the middle of a run is replaced by Dask rescheduling its tasks elsewhere; the
tasks are pure functions of their inputs, so the result does not change.
"""

import contextlib
import os
from collections import deque
from concurrent.futures import CancelledError
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Sequence

import numpy as np

from ..formats.flux_raster import create_flux_writer, open_flux_raster, output_format
from ..formats.forcing import open_forcing
from ..formats.zarr_store import create_flux_store, write_flux_block
from ..infra.errors import InputFileError, SandFluxError
from ..infra.outputs import atomic_output
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour, year_of
from ..infra.version import __version__
from ..model import annual as core_annual, flux as core_flux
from ..model.annual import _sum_blocks
from ..model.flux import FluxRecipe, cell_window, flux_blocks, flux_kernel

ENVIRONMENT_VARIABLE = "SANDFLUX_DASK_SCHEDULER"
# Tasks (or blocks) in flight per worker thread (bounds the memory here and on the workers).
BLOCKS_IN_FLIGHT_PER_WORKER = 2
# A dask flux chunk holds at most this many cell-hours (the kernel's float64 temporaries stay
# ~0.5 GB a chunk); the hours are chosen by core.model.flux.chunk_hours_for (at most a month, a
# multiple or divisor of the forcing's stored chunk).
MAX_CHUNK_CELL_HOURS = 8 * 1024 * 1024
# An annual task covers at most a month of one input (a global month of the sand seas' cells
# is ~1.5 s of a worker's time; the per-task overhead is a few ms).
SLICE_HOURS = 744
# A task whose result is lost with its worker is run again, at most this many times in all.
MAX_ATTEMPTS = 3
# Seconds to reach the scheduler (a refused connection is retried until then) and to wait
# for its first worker.
CONNECT_TIMEOUT_S = 10.0
# The importable name of this package on the workers ("sandflux" when installed as a plugin).
PACKAGE = __name__.split(".core.")[0]


# -- where the work runs ------------------------------------------------------------------------


def scheduler_address(value: Optional[str] = None) -> str:
    """The scheduler address to use: ``value`` if given, else $SANDFLUX_DASK_SCHEDULER, else ''."""
    text = (value or "").strip()
    if not text:
        text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return text


@contextlib.contextmanager
def dask_client(address: Optional[str] = None, timeout: Optional[float] = None) -> Iterator:
    """A dask.distributed Client connected to ``address`` (see scheduler_address), or None.

    None means: run locally with dask's threaded scheduler. A scheduler that cannot be reached,
    a cluster without workers and workers that cannot import this SandFlux are clear
    SandFluxErrors.
    """
    address = scheduler_address(address)
    if not address:
        yield None
        return
    timeout = CONNECT_TIMEOUT_S if timeout is None else float(timeout)
    try:
        from distributed import Client  # optional: only a cluster run needs it
    except ImportError:
        raise SandFluxError(
            f"A Dask scheduler is set ({address}) but dask.distributed is not installed. "
            "Install it (Debian: sudo apt-get install python3-distributed) or leave "
            f"DASK_SCHEDULER and ${ENVIRONMENT_VARIABLE} empty to run locally."
        ) from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise SandFluxError(
            f"Cannot reach the Dask scheduler at {address} ({error}). Check the address "
            f"(e.g. tcp://host:8786) and that the scheduler runs, or leave DASK_SCHEDULER and "
            f"${ENVIRONMENT_VARIABLE} empty to run locally."
        ) from None
    try:
        check_workers(client, address, timeout)
        yield client
    finally:
        client.close()


def check_workers(client, address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """The cluster has workers and each imports this SandFlux version, else SandFluxError."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError):
        raise SandFluxError(
            f"The Dask scheduler at {address} has no worker (waited {timeout:g} s). Start "
            f"workers with `dask worker {address}` (see docs/cluster.md)."
        ) from None
    # eval is a builtin, so it reaches a worker even where SandFlux does not import.
    answers = client.run(
        eval,
        f"__import__('{PACKAGE}.core.infra.version', fromlist=['__version__']).__version__",
        on_error="return",
    )
    failed = {
        worker: answer for worker, answer in answers.items() if isinstance(answer, BaseException)
    }
    if failed:
        worker, error = next(iter(failed.items()))
        raise SandFluxError(
            f"{len(failed)} of the {len(answers)} Dask workers at {address} cannot import "
            f"SandFlux ('{PACKAGE}'), e.g. {worker}: {type(error).__name__}: {error}. Install "
            f"the same SandFlux ({__version__}) and Python stack on every worker and start the "
            f"workers with the folder holding '{PACKAGE}' on their PYTHONPATH (docs/cluster.md)."
        )
    other = {worker: version for worker, version in answers.items() if version != __version__}
    if other:
        worker, version = next(iter(other.items()))
        raise SandFluxError(
            f"The Dask worker {worker} at {address} runs SandFlux {version}, this run "
            f"{__version__}. Install the same version on every worker."
        )


def _threads(client) -> int:
    if client is None:
        return os.cpu_count() or 1
    return max(1, sum(client.nthreads().values()))


def _explain(error: BaseException) -> BaseException:
    """A worker's failure to import SandFlux as a clear SandFluxError; others unchanged."""
    if isinstance(error, ImportError) and PACKAGE in str(error):
        return SandFluxError(
            f"A Dask worker cannot import SandFlux ({error}). Install the same SandFlux and "
            f"Python stack on every worker, with the folder holding '{PACKAGE}' on their "
            "PYTHONPATH (docs/cluster.md)."
        )
    return error


def run_tasks(
    function: Callable,
    jobs: Sequence[dict],
    client=None,
    progress=None,
    label: Callable[[dict], str] = str,
    shared: Optional[dict] = None,
    in_flight: Optional[int] = None,
) -> Iterator:
    """``function(**job, **shared)`` for each job, results yielded AS THEY COMPLETE.

    On the cluster each job is a task (``shared`` values are sent to the workers once); at
    most ``in_flight`` (default: 2 a worker thread) are submitted at a time, so neither this
    process nor the workers hold more than that many results. A result lost with its worker
    before it came here is computed again (_lost). Without a client the jobs run here in
    order. A cancel or an error cancels what is still pending.
    """
    progress = as_progress(progress)
    shared = dict(shared or {})
    total = max(1, len(jobs))
    if client is None:
        for done, job in enumerate(jobs):
            progress.report(done / total, label(job))
            yield function(**job, **shared)
        return
    from distributed import as_completed  # optional: only a cluster run needs it

    in_flight = max(1, int(in_flight or BLOCKS_IN_FLIGHT_PER_WORKER * _threads(client)))
    shared = {
        key: client.scatter(value, broadcast=True, hash=False) for key, value in shared.items()
    }
    remaining = deque((job, 0) for job in jobs)
    pending = as_completed(loop=client.loop)
    submitted = {}

    def submit():
        job, attempt = remaining.popleft()
        future = client.submit(function, **job, **shared, pure=False)
        submitted[future.key] = (future, job, attempt)
        pending.add(future)

    try:
        while remaining and pending.count() < in_flight:
            submit()
        done = 0
        for future in pending:
            _, job, attempt = submitted.pop(future.key)
            try:
                result = future.result()
            except CancelledError:
                remaining.appendleft((job, _lost(attempt, label(job))))
                submit()
                continue
            except BaseException as error:
                raise _explain(error) from None
            future.release()
            done += 1
            progress.report(done / total, f"{done} of {len(jobs)} tasks done")
            if remaining:
                submit()
            yield result
    finally:
        _quietly(client.cancel, [f for f, _, _ in submitted.values() if not f.done()])
        for value in shared.values():
            _quietly(value.release)


def _lost(attempt: int, what: str) -> int:
    """The next attempt at a task whose result was lost with its worker, or SandFluxError.

    Dask recomputes a lost task while its result is wanted, but a result that finished and
    was lost before this process fetched it is dropped (the future is cancelled): compute it
    again, a few times at most.
    """
    if attempt >= MAX_ATTEMPTS - 1:
        raise SandFluxError(
            f"{what}: its result was lost with a Dask worker {MAX_ATTEMPTS} "
            "times. Check the workers' logs (out of memory, killed) and run "
            "the tool again."
        )
    return attempt + 1


def _quietly(function, *args) -> None:
    """Clean-up on the way out must not hide why we are leaving (e.g. a lost scheduler)."""
    with contextlib.suppress(Exception):
        function(*args)


def stream_blocks(blocks: Sequence, client=None, in_flight: Optional[int] = None) -> Iterator:
    """Compute dask ``blocks`` and yield their values IN ORDER, a few in flight at a time.

    At most ``in_flight`` blocks (default: 2 per worker thread) are computed or held at once,
    so the memory here stays bounded whatever the number of blocks. A block lost with its
    worker before it came here is computed again (_lost).
    """
    import dask  # dask itself is only needed by this backend

    in_flight = max(1, int(in_flight or BLOCKS_IN_FLIGHT_PER_WORKER * _threads(client)))
    if client is None:
        in_flight = max(1, in_flight // BLOCKS_IN_FLIGHT_PER_WORKER)  # one a thread here
        for begin in range(0, len(blocks), in_flight):
            yield from dask.compute(*blocks[begin : begin + in_flight], scheduler="threads")
        return
    pending = deque()
    index = 0
    try:
        while index < len(blocks) or pending:
            while index < len(blocks) and len(pending) < in_flight:
                pending.append((index, client.compute(blocks[index]), 0))
                index += 1
            number, future, attempt = pending.popleft()
            try:
                value = future.result()
            except CancelledError:
                attempt = _lost(attempt, f"Block {number + 1} of {len(blocks)}")
                pending.appendleft((number, client.compute(blocks[number]), attempt))
                continue
            except BaseException as error:
                raise _explain(error) from None
            future.release()
            yield value
    finally:
        _quietly(client.cancel, [f for _, f, _ in pending if not f.done()])


# -- flux ---------------------------------------------------------------------------------------


def open_forcing_dataset(path, chunk_hours: int):
    """The forcing file as a dask-backed xarray Dataset, chunked by ``chunk_hours`` in time.

    Time stays raw (float hours since 1970, the forcing file's CF units) so no calendar
    decoding happens on the way.
    """
    # heavy (~0.7 s): xarray is imported when a file is opened, not at plugin start
    import xarray as xr

    try:
        return xr.open_dataset(
            str(path),
            engine="netcdf4",
            decode_times=False,
            chunks={"time": int(chunk_hours), "latitude": -1, "longitude": -1},
        )
    except (OSError, ValueError) as error:
        raise InputFileError(
            f"xarray cannot open the forcing file {path} ({error}). Give a "
            "file written by SandFlux' Import ERA5 tool."
        ) from None


def _flux_block(
    stl1,
    swvl1,
    hours,
    previous_stl1,
    previous_hour,
    scale,
    sand_mask,
    model_name=None,
    parameters=None,
    soil_correction=None,
    scalar_scale=True,
    masked=False,
):
    """One time chunk through core.model.flux.flux_kernel (a NaN previous hour means none)."""
    previous_hour = float(np.asarray(previous_hour).reshape(-1)[0])
    previous = None if np.isnan(previous_hour) else np.asarray(previous_stl1)[0]
    scale = float(scale.flat[0]) if scalar_scale else scale[0]
    return flux_kernel(
        stl1,
        swvl1,
        np.asarray(hours).reshape(-1),
        previous,
        None if previous is None else previous_hour,
        model_name,
        parameters,
        soil_correction,
        scale,
        sand_mask[0] if masked else None,
    )


def flux_dataarray(
    dataset,
    first: int,
    stop: int,
    model_name: str,
    parameters,
    soil_correction=None,
    scale=1.0,
    sand_mask=None,
):
    """Hourly flux of forcing hours ``first``..``stop`` (exclusive) as a lazy dask-backed DataArray.

    ``dataset``: from open_forcing_dataset. Each time chunk gets the temperature of the hour
    before it (from the previous chunk, or from the file before ``first``), so the result does
    not depend on the chunking. The very first hour of the file takes the forward difference;
    the chunk holding it therefore gets at least two hours.
    """
    # optional: dask/distributed are needed only when a cluster or dask backend is used
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
            previous_pieces.append(dataset["stl1"].data[start - 1 : start].rechunk((1, ny, nx)))
            previous_hours.append(hours_all[start - 1])
        else:
            previous_pieces.append(
                da.full((1, ny, nx), np.nan, dtype="float32", chunks=(1, ny, nx))
            )
            previous_hours.append(np.nan)
    previous = da.concatenate(previous_pieces, axis=0)
    previous_hour = da.from_array(
        np.asarray(previous_hours).reshape(-1, 1, 1), chunks=((1,) * len(chunks), 1, 1)
    )
    hours = da.from_array(hours_all[first:read_stop].reshape(-1, 1, 1), chunks=(chunks, 1, 1))
    # Per-cell fields go in as one-block dask arrays: one copy in the graph, not one a task.
    scale_field = np.broadcast_to(np.asarray(scale, "float64"), (ny, nx))[None]
    mask_field = (
        np.ones((1, ny, nx), bool) if sand_mask is None else np.asarray(sand_mask, bool)[None]
    )
    arguments = [
        stl1,
        swvl1,
        hours,
        previous,
        previous_hour,
        da.from_array(scale_field, chunks=(1, ny, nx)),
        da.from_array(mask_field, chunks=(1, ny, nx)),
    ]
    flux = da.map_blocks(
        _flux_block,
        *arguments,
        dtype="float32",
        chunks=stl1.chunks,
        model_name=model_name,
        parameters=np.asarray(parameters, "float64"),
        soil_correction=soil_correction,
        scalar_scale=np.ndim(scale) == 0,
        masked=sand_mask is not None,
    )
    flux = flux[: stop - first]
    return xr.DataArray(
        flux,
        dims=("time", "latitude", "longitude"),
        coords={
            "time": hours_all[first:stop],
            "latitude": dataset["latitude"].values,
            "longitude": dataset["longitude"].values,
        },
        name="co2_flux",
        attrs={"units": "g CO2 m-2 s-1"},
    )


def _at_least_two_first(chunks) -> tuple:
    chunks = list(chunks)
    if len(chunks) > 1 and chunks[0] < 2:
        chunks[1] += chunks[0]
        chunks.pop(0)
    return tuple(chunks)


def compute_flux_dask(
    forcing_path,
    calibration,
    output_path,
    soc=None,
    ph=None,
    mask_vector=None,
    mask_layer=None,
    mask_raster=None,
    all_touched: bool = False,
    start=None,
    end=None,
    chunk_hours: Optional[int] = None,
    scheduler: Optional[str] = None,
    progress=None,
):
    """core.model.flux.compute_flux on dask chunks (locally or on the cluster at ``scheduler``).

    Same parameters, same checks and preparation (core.model.flux.plan_flux), same numbers as
    core.model.flux.compute_flux. A .tif/.nc output: the time chunks are computed in parallel
    and written here in order. A .zarr output: each task writes its chunk into the store
    (core.formats.zarr_store), which must therefore be on storage the workers share.
    """
    import dask  # dask itself is only needed by this backend

    progress = as_progress(progress)
    with open_forcing(forcing_path) as forcing:
        plan = core_flux.plan_flux(
            forcing,
            calibration,
            output_path,
            soc,
            ph,
            mask_vector,
            mask_layer,
            mask_raster,
            all_touched,
            start,
            end,
            progress,
        )
    step = core_flux.chunk_hours_for(
        plan.grid, chunk_hours, plan.stored_chunk, MAX_CHUNK_CELL_HOURS
    )
    first, stop, selected = plan.first, plan.stop, plan.selected
    to_zarr = output_format(output_path) == "zarr"
    dataset = open_forcing_dataset(forcing_path, step)
    try:
        flux = flux_dataarray(
            dataset,
            first,
            stop,
            plan.model_name,
            plan.parameters,
            plan.soil_correction,
            plan.scale,
            plan.sand,
        ).data
        if to_zarr:
            flux = flux.rechunk({0: step})  # a store chunk a task: no two writers share one
        offsets = np.concatenate([[0], np.cumsum(flux.chunks[0])]).astype(int)
        blocks = list(flux.to_delayed().ravel())
        with (
            dask_client(scheduler) as client,
            atomic_output(output_path, "flux output") as temporary,
        ):
            if to_zarr:
                create_flux_store(temporary, plan.grid, selected, plan.metadata, step)
                write = dask.delayed(write_flux_block, pure=True)
                blocks = [
                    write(str(temporary), int(offsets[index]), block)
                    for index, block in enumerate(blocks)
                ]
                writer = contextlib.nullcontext()
            else:
                writer = create_flux_writer(temporary, plan.grid, selected, plan.metadata, step)
            with_values = np.zeros(plan.grid.shape, dtype=bool)  # SAND_CELLS: cells with a value
            with writer:
                for index, block in enumerate(stream_blocks(blocks, client)):
                    if to_zarr:  # a worker wrote the block; it sent back where it had values
                        with_values |= block
                    else:
                        with_values |= np.isfinite(block).any(axis=0)
                        writer.write(int(offsets[index]), block)
                    progress.report(
                        offsets[index + 1] / max(1, stop - first),
                        f"Flux computed up to {iso_hour(selected[offsets[index + 1] - 1])}",
                    )
    finally:
        dataset.close()
    return plan.result([output_path], with_values)


# -- annual sums --------------------------------------------------------------------------------


def sum_raster_slice(path, start: int, stop: int, first_year: int, cells: np.ndarray, chunk: int):
    """A task: hours ``start``..``stop`` of a flux raster summed by year at ``cells``.

    Returns core.model.annual's (year numbers from ``first_year``, YearlySums) with arrays of
    (years, number of cells): only the window around the cells is read.
    """
    window, pick = cell_window(cells)
    with open_flux_raster(path) as raster:
        times = raster.times[start:stop]
        blocks = (
            (begin - start, pick(raster.read(begin, min(begin + chunk, stop), window)))
            for begin in range(start, stop, max(1, int(chunk)))
        )
        return _sum_blocks(
            blocks,
            times,
            year_of(times),
            first_year,
            np.ones(int(np.count_nonzero(cells)), bool),
            "",
        )


def sum_recipe_slice(recipe: FluxRecipe, start: str, end: str, first_year: int, cells: np.ndarray):
    """A task: the flux of a recipe's hours ``start``..``end`` (inclusive UTC) computed at
    ``cells`` only and summed by year, as sum_raster_slice.

    Works with anything shaped like core.model.flux.FluxRecipe: ``open(start, end)`` giving
    (a source with ``read(start, stop, window)``, a core.model.flux.FluxPlan).
    """
    with (
        recipe.open(start, end) as (source, plan),
        closing(flux_blocks(source, plan, cells=cells)) as blocks,
    ):
        times = plan.selected
        return _sum_blocks(
            blocks,
            times,
            year_of(times),
            first_year,
            np.ones(int(np.count_nonzero(cells)), bool),
            "",
        )


def annual_tasks(plan, slice_hours: int = SLICE_HOURS):
    """(task function, jobs) of an annual plan: a job per time slice of each input."""
    slice_hours = max(1, int(slice_hours))
    common = dict(first_year=int(plan.years[0]))
    jobs: List[dict] = []
    if plan.recipe is None:
        chunk = plan.default_chunk_hours
        for header in plan.headers:
            bounds = _year_aligned_bounds(year_of(header.times), slice_hours)
            jobs += [
                dict(common, path=str(header.path), start=a, stop=b, chunk=chunk) for a, b in bounds
            ]
        return sum_raster_slice, jobs
    for header in plan.headers:  # one header a calendar year
        times = header.times
        jobs += [
            dict(
                common,
                recipe=plan.recipe,
                start=iso_hour(times[a]),
                end=iso_hour(times[min(a + slice_hours, times.size) - 1]),
            )
            for a in range(0, times.size, slice_hours)
        ]
    return sum_recipe_slice, jobs


def _year_aligned_bounds(years: np.ndarray, chunk_hours: int):
    bounds = []
    edges = np.flatnonzero(np.diff(years)) + 1
    for a, b in zip(np.concatenate([[0], edges]), np.concatenate([edges, [years.size]])):
        for begin in range(int(a), int(b), max(1, int(chunk_hours))):
            bounds.append((begin, min(begin + int(chunk_hours), int(b))))
    return bounds


def _task_label(job: dict) -> str:
    if "path" in job:
        return f"Summing {Path(job['path']).name} hours {job['start']}..{job['stop']}"
    return f"Flux of {job['recipe'].label} {job['start']}..{job['end']} summed"


def compute_annual_dask(
    inputs,
    region_weight=None,
    min_coverage: float = 0.9,
    cell_trend: bool = False,
    chunk_hours: Optional[int] = None,
    scheduler: Optional[str] = None,
    progress=None,
    mask_path=None,
    mask_layer: Optional[str] = None,
):
    """core.model.annual.compute_annual with the reading, the flux and the sums on Dask tasks.

    ``inputs``: flux raster paths or a core.model.flux.FluxRecipe, as compute_annual. The same
    checks (core.model.annual.plan_annual) and the same finish (finish_annual); each task
    (annual_tasks: at most ``chunk_hours`` hours, default SLICE_HOURS) sums its slice at the
    region's cells and only those per-cell sums come back. Cells outside the region have no
    annual value either way; here their valid-hour counts stay 0 (nothing is read there).
    """
    progress = as_progress(progress)
    plan = core_annual.plan_annual(inputs, region_weight, min_coverage, mask_path, mask_layer)
    function, jobs = annual_tasks(plan, chunk_hours or SLICE_HOURS)
    region = plan.region
    totals = core_annual.YearlySums.zeros(plan)
    progress.report(0.0, f"Summing the hourly flux in {len(jobs)} Dask tasks")
    with dask_client(scheduler) as client:
        for indices, part in run_tasks(
            function, jobs, client, progress.sub(0.0, 0.8), _task_label, shared=dict(cells=region)
        ):
            for position, index in enumerate(indices):
                totals.sums[index][region] += part.sums[position]
                totals.counts[index][region] += part.counts[position]
                totals.region_hours[index] += part.region_hours[position]
    progress.report(0.8, "Annual totals")
    return core_annual.finish_annual(plan, totals, cell_trend, progress.sub(0.8, 1.0))
