"""The FORCING FILE: hourly ERA5 soil temperature and moisture on one regular grid.

Written by the ERA5 import, read by the calibration and flux tools. The layout (the contract):

- netCDF4 (HDF5), Conventions CF-1.8, dimensions (time, latitude, longitude);
- ``stl1`` soil temperature, layer 1 (K) and ``swvl1`` volumetric soil water, layer 1
  (m3 m-3): float32, zlib compressed, chunked (time chunk, full latitude, full longitude),
  ``_FillValue`` NaN where ERA5 has no value (nowhere else);
- latitude descending (north first), longitude ascending in [-180, 180), point values at cell
  centres (the GDAL geotransform is the first point minus half a cell);
- time float64 "hours since 1970-01-01 00:00:00", calendar "standard", UTC, sorted, unique;
- grid mapping variable ``crs`` (WGS84 latitude_longitude, with ``spatial_ref``/``crs_wkt`` and
  GDAL's ``GeoTransform``), so GDAL and QGIS open ``NETCDF:"file.nc":stl1`` as EPSG:4326 with
  one band an hour.

Writing streams: ``ForcingWriter.append`` adds one time chunk at a time, so no whole
multi-year variable is ever held in memory. Reading is lazy too: ``Forcing.read`` and
``Forcing.chunks`` load only the hours asked for.
"""

import abc
import datetime as _datetime
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Tuple, Union

import numpy as np

from ..infra.constants import (
    FORCING_MOISTURE,
    FORCING_MOISTURE_UNITS,
    FORCING_TEMPERATURE,
    FORCING_TEMPERATURE_UNITS,
)
from ..infra.errors import InputFileError, OutputError, VariableError
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from ..infra.parallel import spawn_context
from ..infra.progress import as_progress
from ..infra.threads import NETCDF_LOCK
from ..infra.timeutil import CF_TIME_UNITS, from_hours_since_epoch, hours_since_epoch, parse_utc
from ..infra.version import SOFTWARE_NAME, __version__
from .netcdf_cf import define_cf_coordinates

# Hours in one stored chunk of each variable, unless the caller chooses otherwise: a month,
# so a year is 12 read/compress round trips, not 365 (measured: the import 14 % less CPU, the
# flux step 40 % less time than with 24-hour chunks).
DEFAULT_TIME_CHUNK_HOURS = 744
# A chunk of one variable is kept below this many values (about 64 MB of float32).
MAX_CHUNK_VALUES = 16 * 1024 * 1024
# zlib level 1 + shuffle: measured 15 % less CPU than level 4 on ERA5-like fields, files 3 % larger.
ZLIB_LEVEL = 1

VARIABLE_ATTRIBUTES = {
    FORCING_TEMPERATURE: {
        "standard_name": "soil_temperature",
        "long_name": "ERA5 soil temperature, layer 1 (0-7 cm)",
        "units": FORCING_TEMPERATURE_UNITS,
    },
    FORCING_MOISTURE: {
        "standard_name": "volume_fraction_of_condensed_water_in_soil",
        "long_name": "ERA5 volumetric soil water, layer 1 (0-7 cm)",
        "units": FORCING_MOISTURE_UNITS,
    },
}

TimeLike = Union[int, np.integer, np.datetime64, str, _datetime.datetime, None]
Window = Tuple[slice, slice]


def time_chunk_hours(grid: Grid, requested: Optional[int] = None) -> int:
    """Hours in a stored chunk: ``requested`` or 744, reduced so a chunk stays below ~64 MB."""
    hours = int(requested or DEFAULT_TIME_CHUNK_HOURS)
    cells = max(grid.nx * grid.ny, 1)
    return max(1, min(hours, MAX_CHUNK_VALUES // cells))


class ForcingWriter:
    """Streams a forcing file to ``path``, one time chunk at a time.

    Use ``write_forcing`` for the usual safe write (temporary name, renamed at the end); use
    this class directly only when writing to a path that is already temporary.
    """

    def __init__(
        self, path, grid: Grid, time_chunk: Optional[int] = None, attributes: Optional[dict] = None
    ):
        # heavy (~0.2 s): netCDF4 is imported when a netCDF is opened, not at plugin start
        import netCDF4

        self.path = Path(path)
        self.grid = grid
        self.time_chunk = time_chunk_hours(grid, time_chunk)
        self._last_time: Optional[np.datetime64] = None
        self._count = 0
        try:
            self._dataset = netCDF4.Dataset(str(self.path), "w", format="NETCDF4")
        except OSError as error:
            raise OutputError(
                f"Cannot create the forcing file {self.path}: {error}. "
                "Choose a folder you can write to."
            ) from error
        try:
            self._define(attributes or {})
        except BaseException:
            self._dataset.close()
            raise

    def _define(self, attributes: dict) -> None:
        ds = self._dataset
        grid = self.grid
        ds.setncatts(
            {
                "Conventions": "CF-1.8",
                "title": "SandFlux forcing: ERA5 soil temperature and moisture, layer 1",
                "institution": "",
                "source": "ERA5 (Copernicus Climate Change Service), imported with "
                f"{SOFTWARE_NAME} {__version__}",
                "references": "Hersbach et al. (2020), The ERA5 global reanalysis, "
                "doi:10.1002/qj.3803",
                "history": f"{_now_iso()} written by {SOFTWARE_NAME} {__version__}",
                "sandflux_file_type": "forcing",
                "sandflux_version": __version__,
            }
        )
        if attributes:
            ds.setncatts({key: value for key, value in attributes.items() if value is not None})

        define_cf_coordinates(ds, grid)

        for name, attrs in VARIABLE_ATTRIBUTES.items():
            variable = ds.createVariable(
                name,
                "f4",
                ("time", "latitude", "longitude"),
                zlib=True,
                complevel=ZLIB_LEVEL,
                shuffle=True,
                chunksizes=(self.time_chunk, grid.ny, grid.nx),
                fill_value=np.float32(np.nan),
            )
            variable.setncatts(attrs)
            variable.setncattr("grid_mapping", "crs")
            variable.setncattr("coordinates", "time latitude longitude")

    @property
    def count(self) -> int:
        """Hours written so far."""
        return self._count

    def append(self, times, stl1_k, swvl1_m3_m3) -> None:
        """Append hours ``times`` with their (time, latitude, longitude) fields.

        Times must be later than every hour already written (sorted and unique).
        """
        times = np.asarray(times, dtype="datetime64[s]").reshape(-1)
        n = times.size
        if n == 0:
            return
        shape = (n,) + self.grid.shape
        fields = []
        for name, values in ((FORCING_TEMPERATURE, stl1_k), (FORCING_MOISTURE, swvl1_m3_m3)):
            array = np.asarray(values, dtype="float32")
            if array.shape != shape:
                raise OutputError(
                    f"{self.path.name}: {name} has the shape {array.shape}, "
                    f"expected {shape} (time, latitude, longitude)."
                )
            fields.append(array)
        if np.any(np.diff(times.astype("int64")) <= 0) or (
            self._last_time is not None and times[0] <= self._last_time
        ):
            raise OutputError(
                f"{self.path.name}: the forcing times must be appended sorted and "
                "unique; drop repeated hours first."
            )
        start = self._count
        ds = self._dataset
        ds["time"][start : start + n] = hours_since_epoch(times)
        ds[FORCING_TEMPERATURE][start : start + n] = fields[0]
        ds[FORCING_MOISTURE][start : start + n] = fields[1]
        self._count += n
        self._last_time = times[-1]

    def close(self) -> None:
        if self._dataset is not None and self._dataset.isopen():
            self._dataset.close()

    def __enter__(self) -> "ForcingWriter":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def write_forcing(
    path,
    grid: Grid,
    chunks: Iterable[Tuple[np.ndarray, np.ndarray, np.ndarray]],
    attributes: Optional[dict] = None,
    time_chunk: Optional[int] = None,
    progress=None,
    background: bool = False,
) -> Path:
    """Write a forcing file from an iterable of (times, stl1 K, swvl1 m3 m-3) chunks.

    The chunks are consumed one at a time (pass a generator to stream). The file is written to
    a temporary name beside ``path`` and renamed at the end; on any error or cancellation
    nothing is left under ``path``. Returns ``path``.

    ``background``: compress and write in a second process (core.infra.parallel's spawned plain
    Python) while this one produces the next chunk, so reading the inputs and compressing the
    output use two cores; at most one chunk waits between them. The file is the same.
    """
    progress = as_progress(progress)
    final = Path(path)
    with atomic_output(final, "forcing file") as temporary:
        if background:
            count = _write_in_background(temporary, grid, chunks, attributes, time_chunk, progress)
        else:
            with ForcingWriter(
                temporary, grid, time_chunk=time_chunk, attributes=attributes
            ) as writer:
                for times, stl1_k, swvl1 in chunks:
                    progress.check_cancelled()
                    writer.append(times, stl1_k, swvl1)
                count = writer.count
        if count == 0:
            raise VariableError(
                f"No hour to write to {final.name}: the selection is empty. "
                "Widen the period or check the input files."
            )
    return final


def _writer_process(connection, path: str, grid: Grid, time_chunk, attributes) -> None:
    """The background writer: say when the file exists, append the chunks received until
    None, then report."""
    try:
        with ForcingWriter(path, grid, time_chunk=time_chunk, attributes=attributes) as writer:
            connection.send(("ready", None))
            while True:
                item = connection.recv()
                if item is None:
                    break
                writer.append(*item)
            count = writer.count
        connection.send(("done", count))
    except BaseException as error:  # sent back and raised in the producing process
        connection.send(("error", error))
    finally:
        connection.close()


def _write_in_background(
    temporary: Path, grid: Grid, chunks, attributes, time_chunk, progress
) -> int:

    context = spawn_context()
    here, there = context.Pipe()
    process = context.Process(
        target=_writer_process,
        daemon=True,
        args=(there, str(temporary), grid, time_chunk, attributes),
    )
    process.start()
    there.close()
    try:
        status = None
        try:
            for times, stl1_k, swvl1 in chunks:
                progress.check_cancelled()
                if status is None:  # the first chunk was read meanwhile; wait for the file
                    status, value = here.recv()
                    if status != "ready":
                        break
                here.send((np.asarray(times, dtype="datetime64[s]"), stl1_k, swvl1))
            else:
                here.send(None)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the writer stopped: its message follows
        try:
            while status in (None, "ready"):
                status, value = here.recv()
        except EOFError:
            raise OutputError(
                f"The process writing {temporary.name} stopped unexpectedly "
                f"(exit code {process.exitcode}). Check free disk space and "
                "memory, then run again."
            ) from None
        process.join()
    except BaseException:
        process.terminate()  # cancelled or failed here: stop the writer before the cleanup
        process.join()
        raise
    finally:
        here.close()
    if status == "error":
        raise value
    return int(value)


class ForcingSource(abc.ABC):
    """What the flux, annual and calibration code reads: an hourly forcing on one grid.

    Two kinds give it: ``Forcing`` (a forcing file written by the import) and
    core.inputs.era5.Era5Source (the ERA5 downloads read as they are, with every check and fix
    of the import applied as the data stream). A subclass sets ``path``, ``grid`` and ``times``
    (datetime64[s], sorted, unique) and implements ``read``, ``point_series``,
    ``stored_time_chunk``, ``attributes`` and ``close``.
    """

    path: Path
    grid: Grid
    times: np.ndarray
    warnings: Sequence[str] = ()  # what reading found probably wrong (repeated hours, gaps)

    def __len__(self) -> int:
        return int(self.times.size)

    def time_index(self, when: TimeLike, default: int) -> int:
        """Index of a time: an int is used as is; a date-time gives the first hour >= it."""
        if when is None:
            return default
        if isinstance(when, (int, np.integer)):
            index = int(when)
            return index + len(self) if index < 0 else index
        if isinstance(when, str):
            when = parse_utc(when)
        value = np.datetime64(when, "s")
        return int(np.searchsorted(self.times, value, side="left"))

    def chunks(
        self,
        hours: Optional[int] = None,
        window: Optional[Window] = None,
        start: TimeLike = None,
        stop: TimeLike = None,
    ) -> Iterator[Tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Yield (times, stl1, swvl1) blocks of ``hours`` (default: the stored chunk length)."""
        first = self.time_index(start, 0)
        last = self.time_index(stop, len(self))
        step = int(hours or self.stored_time_chunk)
        for begin in range(first, last, step):
            end = min(begin + step, last)
            stl1, swvl1 = self.read(begin, end, window)
            yield self.times[begin:end], stl1, swvl1

    @abc.abstractmethod
    def read(
        self, start: TimeLike = None, stop: TimeLike = None, window: Optional[Window] = None
    ) -> Tuple[np.ndarray, np.ndarray]:
        """(stl1 K, swvl1 m3 m-3) float32 (time, latitude, longitude) of hours start..stop."""

    @property
    @abc.abstractmethod
    def stored_time_chunk(self) -> int:
        """Hours the source reads at once most cheaply (the flux chunks align to it)."""

    @property
    @abc.abstractmethod
    def attributes(self) -> dict:
        """Where the values come from (netCDF global attributes of the forcing)."""

    @abc.abstractmethod
    def point_series(
        self, longitude: float, latitude: float
    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(times, stl1 K, swvl1 m3 m-3) of the cell holding the point (lon, lat in degrees)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the files."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class Forcing(ForcingSource):
    """A forcing file opened for reading (lazily). Use as a context manager or call close()."""

    def __init__(self, path):
        # heavy (~0.2 s): netCDF4 is imported when a netCDF is opened, not at plugin start
        import netCDF4

        self.path = Path(path)
        try:
            self._dataset = netCDF4.Dataset(str(self.path), "r")
        except (OSError, RuntimeError) as error:
            raise InputFileError(
                f"Cannot open the forcing file {self.path}: {error}. "
                "Give a file written by SandFlux' Import ERA5 tool."
            ) from error
        try:
            self._check_layout()
            self.grid = Grid.from_coordinates(
                self._dataset["longitude"][:].filled(np.nan),
                self._dataset["latitude"][:].filled(np.nan),
                source=str(self.path),
            )
            hours = np.asarray(self._dataset["time"][:], dtype="float64")
            self.times = from_hours_since_epoch(hours)
        except BaseException:
            self._dataset.close()
            raise
        for name in (FORCING_TEMPERATURE, FORCING_MOISTURE):
            # NaN stays NaN; no masked arrays.
            self._dataset[name].set_auto_mask(False)

    def _check_layout(self) -> None:
        ds = self._dataset
        for name in ("time", "latitude", "longitude", FORCING_TEMPERATURE, FORCING_MOISTURE):
            if name not in ds.variables:
                raise InputFileError(
                    f"{self.path} is not a SandFlux forcing file: the variable '{name}' is "
                    "missing. Import the ERA5 files with SandFlux' Import ERA5 tool first."
                )
        for name in (FORCING_TEMPERATURE, FORCING_MOISTURE):
            dims = ds[name].dimensions
            if dims != ("time", "latitude", "longitude"):
                raise InputFileError(
                    f"{self.path}: {name} has the dimensions {dims}, expected "
                    "(time, latitude, longitude). Re-import the ERA5 files."
                )
        units = ds["time"].getncattr("units") if "units" in ds["time"].ncattrs() else ""
        if units != CF_TIME_UNITS:
            raise InputFileError(
                f"{self.path}: time is in '{units}', expected '{CF_TIME_UNITS}'. "
                "Re-import the ERA5 files with SandFlux' Import ERA5 tool."
            )

    # -- metadata ---------------------------------------------------------------------------
    @property
    def attributes(self) -> dict:
        """The file's global attributes."""
        return {key: self._dataset.getncattr(key) for key in self._dataset.ncattrs()}

    # -- reading ----------------------------------------------------------------------------
    def read(
        self, start: TimeLike = None, stop: TimeLike = None, window: Optional[Window] = None
    ) -> Tuple[np.ndarray, np.ndarray]:
        """(stl1 K, swvl1 m3 m-3) float32 arrays (time, latitude, longitude), NaN = no value.

        ``start``/``stop`` are time indices (stop exclusive, like a slice) or UTC date-times
        (start inclusive, stop exclusive); ``window`` is a (row slice, column slice) pair such
        as ``grid.window(extent)`` returns. Read a few chunks at a time, not years at once.
        """
        first = self.time_index(start, 0)
        last = self.time_index(stop, len(self))
        rows, cols = window if window is not None else (slice(None), slice(None))
        with NETCDF_LOCK:  # may run on a prefetch thread (core.infra.threads)
            stl1 = np.asarray(
                self._dataset[FORCING_TEMPERATURE][first:last, rows, cols], dtype="float32"
            )
            swvl1 = np.asarray(
                self._dataset[FORCING_MOISTURE][first:last, rows, cols], dtype="float32"
            )
        return stl1, swvl1

    @property
    def stored_time_chunk(self) -> int:
        chunking = self._dataset[FORCING_TEMPERATURE].chunking()
        return int(chunking[0]) if isinstance(chunking, (list, tuple)) else len(self) or 1

    def point_series(
        self, longitude: float, latitude: float
    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(times, stl1 K, swvl1 m3 m-3) of the cell holding the point (lon, lat in degrees)."""
        row, col = self.grid.index_of(longitude, latitude, source=str(self.path))
        stl1 = np.asarray(self._dataset[FORCING_TEMPERATURE][:, row, col], dtype="float32")
        swvl1 = np.asarray(self._dataset[FORCING_MOISTURE][:, row, col], dtype="float32")
        return self.times.copy(), stl1, swvl1

    def close(self) -> None:
        with NETCDF_LOCK:
            if self._dataset.isopen():
                self._dataset.close()


def open_forcing(path) -> Forcing:
    """Open a forcing file for reading; InputFileError if it is not one."""
    return Forcing(path)


def gdal_name(path, variable: str = FORCING_TEMPERATURE) -> str:
    """The GDAL/QGIS data source name of one forcing variable: NETCDF:"path":variable."""
    return f'NETCDF:"{Path(path)}":{variable}'


def _now_iso() -> str:
    return _datetime.datetime.now(_datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__: Sequence[str] = (
    "Forcing",
    "ForcingSource",
    "ForcingWriter",
    "open_forcing",
    "write_forcing",
    "gdal_name",
    "time_chunk_hours",
)
