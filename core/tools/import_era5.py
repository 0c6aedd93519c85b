"""The import tool: ERA5 downloads -> one SandFlux forcing file (sandflux:importera5).

Reads every input with core.inputs.era5 (recognise, find stl1/swvl1, decode times, normalise the
grid, check and convert units), joins their hours, keeps EXTENT and the period, and writes the
forcing chunk by chunk with core.formats.forcing.
"""
import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..formats.forcing import time_chunk_hours, write_forcing
from ..infra.constants import FORCING_MOISTURE, FORCING_TEMPERATURE
from ..infra.errors import GridError, VariableError
from ..infra.grid import Grid, format_extent
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour, parse_utc
from ..inputs.era5 import (
    LAND_SEA_MASK,
    MOISTURE_CLIP_BELOW_M3_M3,
    OVERRIDE_PARAMETER,
    ROLE_TEXT,
    SEA_BELOW_LAND_FRACTION,
    ImportResult,
    SourceVariable,
    Timeline,
    WarnCallback,
    _InputFile,
    _select,
    describe_variables,
    expand_inputs,
    find_variable,
    join_times,
)


def import_era5(inputs: Sequence, output, extent: Optional[Sequence[float]] = None,
                start=None, end=None, temperature_variable: Optional[str] = None,
                moisture_variable: Optional[str] = None, progress=None,
                warn: Optional[WarnCallback] = None, time_chunk: Optional[int] = None,
                background_writer: bool = False) -> ImportResult:
    """Import ERA5 stl1 and swvl1 from ``inputs`` into the forcing file ``output``.

    ``extent`` is (west, south, east, north) in degrees (points whose centres fall inside are
    kept); ``start``/``end`` are inclusive UTC date-times (ISO text or datetime64). Warnings
    (dropped repeated steps, hours with one variable only) go to ``warn``. Nothing is left at
    ``output`` when the import fails or is cancelled. ``background_writer``: compress and
    write the forcing file in a second process while this one reads (two cores, for scripts
    and the benchmark; see core.formats.forcing.write_forcing).
    """
    progress = as_progress(progress)
    warnings: List[str] = []

    def report_warning(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    start_time = parse_utc(start, "START") if not isinstance(start, np.datetime64) else start
    end_time = parse_utc(end, "END") if not isinstance(end, np.datetime64) else end
    if start_time is not None and end_time is not None and end_time < start_time:
        raise VariableError(f"END ({iso_hour(end_time)}) is before START ({iso_hour(start_time)}). "
                            "Swap them.")
    overrides = {FORCING_TEMPERATURE: temperature_variable or None,
                 FORCING_MOISTURE: moisture_variable or None}

    with contextlib.ExitStack() as stack:
        index_folder = Path(tempfile.mkdtemp(prefix="sandflux-grib-index-"))
        stack.callback(shutil.rmtree, index_folder, ignore_errors=True)
        progress.report(0.0, "Reading the ERA5 files")
        files = expand_inputs(inputs, stack)
        sources: Dict[str, List[SourceVariable]] = {FORCING_TEMPERATURE: [], FORCING_MOISTURE: []}
        land_sea: List[SourceVariable] = []
        contents = []
        # Each input is open only while it is looked at or read (an open netCDF variable keeps
        # a chunk cache of up to 16 MB and HDF5 metadata: memory would grow with the files).
        input_files = []
        for number, (path, label) in enumerate(files):
            progress.report(0.05 * number / len(files), f"Opening {Path(label).name}")
            input_files.append(_InputFile(path, label, index_folder))
            stack.callback(input_files[-1].close)
            datasets = input_files[-1].open()
            contents.append(f"{label}: {describe_variables(datasets)}")
            for role in sources:
                array = find_variable(datasets, role, label, overrides[role])
                if array is not None:
                    sources[role].append(input_files[-1].add(
                        SourceVariable(array, role, label, number), overrides[role]))
            array = find_variable(datasets, LAND_SEA_MASK, label)
            if array is not None:
                land_sea.append(input_files[-1].add(
                    SourceVariable(array, LAND_SEA_MASK, label, number), None))
            input_files[-1].close()
        for role, found in sources.items():
            if not found:
                raise VariableError(
                    f"No {ROLE_TEXT[role]} found in the input files. They hold: "
                    + "; ".join(contents) + ". Download ERA5 'soil temperature level 1' and "
                    "'volumetric soil water layer 1', or name the variable in "
                    f"{OVERRIDE_PARAMETER[role]}.")

        grid = _common_grid(sources)
        rows, cols = (grid.window(extent, source="the ERA5 files") if extent is not None
                      else (slice(0, grid.ny), slice(0, grid.nx)))
        out_grid = grid.subgrid(rows, cols)

        timelines = {role: join_times(found, role, report_warning)
                     for role, found in sources.items()}
        for found in sources.values():
            for source in found:
                source.times = None  # the timelines hold them now
        timelines = {role: _select(t, _in_period(t.times, start_time, end_time))
                     for role, t in timelines.items()}
        temperature, moisture = timelines[FORCING_TEMPERATURE], timelines[FORCING_MOISTURE]
        common = np.intersect1d(temperature.times, moisture.times)
        for role, timeline in timelines.items():
            alone = timeline.times.size - common.size
            if alone:
                other = FORCING_MOISTURE if role == FORCING_TEMPERATURE else FORCING_TEMPERATURE
                report_warning(f"{alone} time step(s) have {role} but no {other} and were left "
                               f"out (first: {iso_hour(np.setdiff1d(timeline.times, common)[0])}).")
        if common.size == 0:
            period = (f"{iso_hour(start_time) if start_time is not None else 'the start'} to "
                      f"{iso_hour(end_time) if end_time is not None else 'the end'}")
            raise VariableError(
                f"No hour with both stl1 and swvl1 in {period} in the input files. Check "
                "START/END and that both variables cover the same period.")
        # Both timelines now cover exactly the hours ``common`` (held once, not three times).
        temperature = _select(temperature, np.isin(temperature.times, common), common)
        moisture = _select(moisture, np.isin(moisture.times, common), common)
        del timelines, timeline

        _warn_about_gaps(common, report_warning)
        sea = _sea_cells(land_sea, grid, rows, cols, report_warning)
        for source in land_sea:
            input_files[source.order].close()
        chunk = time_chunk_hours(out_grid, time_chunk)
        last_use = _last_use_of_files(len(files), [(sources[FORCING_TEMPERATURE], temperature),
                                                   (sources[FORCING_MOISTURE], moisture)])
        clipped = [0]
        has_values = {FORCING_TEMPERATURE: False, FORCING_MOISTURE: False}
        read_progress = progress.sub(0.05, 1.0)

        def chunks():
            for begin in range(0, common.size, chunk):
                end_index = min(begin + chunk, common.size)
                read_progress.report(begin / common.size,
                                     f"Importing {iso_hour(common[begin])} ..")
                stl1, _ = _read_chunk(sources[FORCING_TEMPERATURE], temperature, begin,
                                      end_index, rows, cols)
                swvl1, count = _read_chunk(sources[FORCING_MOISTURE], moisture, begin,
                                           end_index, rows, cols)
                clipped[0] += count
                if sea is not None:  # sea is not sand: NoData, so no flux is made there
                    stl1[:, sea] = np.nan
                    swvl1[:, sea] = np.nan
                for number in np.flatnonzero(last_use < end_index):
                    input_files[number].close()  # all its hours are read (closing is idempotent)
                has_values[FORCING_TEMPERATURE] |= bool(np.isfinite(stl1).any())
                has_values[FORCING_MOISTURE] |= bool(np.isfinite(swvl1).any())
                yield common[begin:end_index], stl1, swvl1
            for role, found in has_values.items():
                if not found:  # raised before the rename: nothing is left at ``output``
                    raise VariableError(
                        f"The {ROLE_TEXT[role]} has no value at all (only missing values) in "
                        + "; ".join(sorted({s.label for s in sources[role]}))
                        + f" for the extent and period asked for. Check the {role} variable "
                        "of the files (a sea-only area has no soil values) or choose another "
                        "EXTENT/START/END.")
            read_progress.report(1.0, "Import finished")

        used = {role: sorted({s.label + f" ({s.name})" for s in found})
                for role, found in sources.items()}
        attributes = {
            "sandflux_inputs": "; ".join(str(Path(str(p))) for p in inputs),
            "sandflux_stl1_source": "; ".join(used[FORCING_TEMPERATURE]),
            "sandflux_swvl1_source": "; ".join(used[FORCING_MOISTURE]),
            "sandflux_extent": format_extent(extent),
            "sandflux_land_sea_mask": (
                f"{land_sea[0].label} ({land_sea[0].name}): {int(sea.sum())} cells with less "
                f"than {SEA_BELOW_LAND_FRACTION:g} land set to NoData" if sea is not None
                else "none (sea cells carry ERA5's values)"),
            "comment": ("ERA5 point values at cell centres. expver 1 (ERA5) and 5 (ERA5T) merged "
                        "to one value a step, ERA5 first. swvl1 values between "
                        f"{MOISTURE_CLIP_BELOW_M3_M3:g} and 0 (ERA5 writes about -2.7e-06 over "
                        "the sea) were set to 0."),
        }
        path = write_forcing(output, out_grid, chunks(), attributes=attributes, time_chunk=chunk,
                             progress=progress, background=background_writer)
    return ImportResult(Path(path), out_grid, int(common.size), common[0], common[-1], used,
                        warnings, clipped[0])


def _sea_cells(land_sea: List[SourceVariable], grid: Grid, rows: slice, cols: slice,
               warn: WarnCallback) -> Optional[np.ndarray]:
    """(lat, lon) bool of the output window, True where ERA5's land-sea mask says sea (land
    fraction < SEA_BELOW_LAND_FRACTION); None, with a warning, when no input holds the mask.

    The mask may be on a larger grid of the same spacing (a global lsm file): the window is
    found by the coordinates.
    """
    if not land_sea:
        warn("The ERA5 inputs hold no land-sea mask (lsm): sea cells keep ERA5's soil values "
             "and will get a flux as if they were sand. Add 'land-sea mask' to the download, "
             "or its file to the inputs, so that sea cells are NoData.")
        return None
    source = land_sea[0]
    mask_grid = source.grid
    tol = 1e-6 * grid.step_lon
    col0 = (grid.west_centre + grid.step_lon * cols.start - mask_grid.west_centre) / grid.step_lon
    row0 = (mask_grid.north_centre - grid.north_centre + grid.step_lat * rows.start) / grid.step_lat
    if (abs(mask_grid.step_lon - grid.step_lon) > tol or abs(mask_grid.step_lat - grid.step_lat)
            > tol or abs(col0 - round(col0)) > 1e-3 or abs(row0 - round(row0)) > 1e-3
            or round(col0) < 0 or round(row0) < 0
            or round(col0) + cols.stop - cols.start > mask_grid.nx
            or round(row0) + rows.stop - rows.start > mask_grid.ny):
        raise GridError(
            f"The land-sea mask of {source.label} ({source.name}) covers {_grid_text(mask_grid)}, "
            f"which does not hold the ERA5 grid ({_grid_text(grid.subgrid(rows, cols))}). "
            "Download the land-sea mask with the same grid and an area covering the others.")
    window = (slice(int(round(row0)), int(round(row0)) + rows.stop - rows.start),
              slice(int(round(col0)), int(round(col0)) + cols.stop - cols.start))
    land, _ = source.read(np.array([0], dtype="int64"), *window)
    return ~(land[0] >= SEA_BELOW_LAND_FRACTION)


def _last_use_of_files(count: int, roles) -> np.ndarray:
    """For each input file, the last output hour read from it (-1: none)."""
    last = np.full(count, -1, dtype="int64")
    for found, timeline in roles:
        files = np.array([s.order for s in found], dtype="int64")[timeline.source_numbers]
        np.maximum.at(last, files, np.arange(files.size))
    return last


def _warn_about_gaps(times: np.ndarray, warn: WarnCallback) -> None:
    """Warn when hours are missing inside the period (steps longer than the usual one)."""
    if times.size < 3:
        return
    steps = np.diff(times.astype("int64"))
    usual = int(np.median(steps))
    gaps = np.flatnonzero(steps > usual)
    if gaps.size:
        missing = int(np.sum(steps[gaps] // usual - 1))
        first = int(gaps[0])
        warn(f"{missing} time step(s) are missing inside the period, in {gaps.size} gap(s); the "
             f"first gap is after {iso_hour(times[first])} (next: {iso_hour(times[first + 1])}). "
             "Download the missing period to close it; otherwise those hours are NoData in the "
             "flux and the annual sums rely on the coverage rule.")


def _in_period(times: np.ndarray, start_time, end_time) -> np.ndarray:
    keep = np.ones(times.size, dtype=bool)
    if start_time is not None:
        keep &= times >= start_time
    if end_time is not None:
        keep &= times <= end_time
    return keep


def _common_grid(sources: Dict[str, List[SourceVariable]]) -> Grid:
    all_sources = [s for found in sources.values() for s in found]
    reference = all_sources[0]
    for other in all_sources[1:]:
        if not reference.grid.same_as(other.grid):
            raise GridError(
                f"The ERA5 inputs are on different grids: {reference.label} ({reference.name}) "
                f"covers {_grid_text(reference.grid)}, {other.label} ({other.name}) covers "
                f"{_grid_text(other.grid)}. Download all files with the same area and grid.")
    return reference.grid


def _grid_text(grid: Grid) -> str:
    west, south, east, north = grid.bounds
    return (f"{west:g}..{east:g} E, {south:g}..{north:g} N at {grid.step_lon:g} x "
            f"{grid.step_lat:g} deg")


def _read_chunk(sources: List[SourceVariable], timeline: Timeline, begin: int, end: int,
                rows: slice, cols: slice) -> Tuple[np.ndarray, int]:
    """The (time, lat, lon) block of output hours begin..end, read file by file."""
    numbers = timeline.source_numbers[begin:end]
    records = timeline.record_numbers[begin:end]
    blocks = []
    clipped = 0
    split = np.flatnonzero(np.diff(numbers)) + 1
    for part_numbers, part_records in zip(np.split(numbers, split), np.split(records, split)):
        block, count = sources[int(part_numbers[0])].read(part_records, rows, cols)
        blocks.append(block)
        clipped += count
    return np.concatenate(blocks, axis=0), clipped


