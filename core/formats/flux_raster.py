"""The hourly flux raster on disk: the GeoTIFF and netCDF writers and the one reader.

Written by the flux tool (core/model/flux.py), read by the annual tool. Two formats, one meaning:

GeoTIFF (.tif/.tiff)
    One band an hour, Float32, BAND interleave, DEFLATE with the floating-point predictor
    (PREDICTOR=3), NoData -9999 (constants.NODATA), EPSG:4326 with the half-cell geotransform of
    core.infra.grid, band description = the hour's UTC ISO 8601 label (timeutil.iso_hour, e.g.
    2016-01-01T00:00:00Z), dataset metadata SANDFLUX_UNITS, SANDFLUX_SIGN_CONVENTION,
    SANDFLUX_MODEL, SANDFLUX_CALIBRATION_HASH, SANDFLUX_VERSION, SANDFLUX_TIME_START,
    SANDFLUX_TIME_END and, when known, SANDFLUX_TOTAL_RATIO_CI95 = "lo,hi". GDAL exposes at most
    32768 bands, so a GeoTIFF holds at most one calendar year (8784 hours).

netCDF (.nc)
    CF-1.8 netCDF4, variable ``co2_flux`` (time, latitude, longitude) float32, zlib compressed,
    chunked (time chunk, full latitude, full longitude), _FillValue -9999; time, latitude and
    longitude coordinates and the ``crs`` grid mapping exactly as in the forcing file; the
    SANDFLUX_* keys as global attributes.

Reader: ``open_flux_raster(path) -> FluxRaster`` with ``.path, .grid, .times, .metadata,
.read(start, stop, window=None)`` (float32 (hours, lat, lon), NaN for NoData), ``.close()``.
``start``/``stop`` are hour indices into ``.times`` (stop exclusive), like Forcing.read.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterable, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal

from ..infra.constants import FLUX_UNITS, GEOTIFF_MAX_BANDS, NODATA, SIGN_CONVENTION
from ..infra.errors import InputFileError, OutputError
from ..infra.grid import Grid
from ..infra.threads import NETCDF_LOCK
from ..infra.timeutil import (
    CF_TIME_UNITS,
    from_hours_since_epoch,
    iso_hour,
    parse_utc,
    to_datetime64,
    year_of,
)
from ..infra.version import SOFTWARE_NAME, __version__
from . import metadata as keys
from .filetype import is_netcdf
from .geodata import gdal_call, open_raster
from .geotiff import GeoTiffWriter, as_written, is_geotiff_path
from .netcdf_cf import define_cf_coordinates

NETCDF_SUFFIXES = (".nc", ".nc4")
ZARR_SUFFIXES = (".zarr",)  # written by the Dask path (core.formats.zarr_store)

FLUX_VARIABLE = "co2_flux"
# CF/UDUNITS cannot say "g CO2": the variable's units are g m-2 s-1 and its long_name says CO2.
CF_FLUX_UNITS = "g m-2 s-1"

NETCDF_COMPRESSION_LEVEL = 4


def flux_metadata(
    model_name: str,
    calibration_hash: str,
    times: Sequence,
    total_ratio_ci95: Optional[Tuple[float, float]] = None,
) -> Dict[str, str]:
    """The SANDFLUX_* metadata of a flux raster covering ``times``."""
    times = to_datetime64(times)
    metadata = {
        keys.UNITS: FLUX_UNITS,
        keys.SIGN_CONVENTION: SIGN_CONVENTION,
        keys.MODEL: str(model_name),
        keys.CALIBRATION_HASH: str(calibration_hash),
        keys.VERSION: keys.software_version(),
        keys.TIME_START: iso_hour(times[0]),
        keys.TIME_END: iso_hour(times[-1]),
    }
    if total_ratio_ci95 is not None:
        low, high = total_ratio_ci95
        metadata[keys.TOTAL_RATIO_CI95] = f"{float(low)!r},{float(high)!r}"
    return metadata


def parse_ratio_ci95(metadata: Dict[str, str]) -> Optional[Tuple[float, float]]:
    """SANDFLUX_TOTAL_RATIO_CI95 as (lo, hi) floats, or None when the raster has none."""
    text = metadata.get(keys.TOTAL_RATIO_CI95)
    if not text:
        return None
    low, high = (float(v) for v in text.split(","))
    return low, high


def output_format(path) -> str:
    """'gtiff', 'netcdf' or 'zarr' from the file name; anything else is a clear OutputError."""
    suffix = Path(path).suffix.lower()
    if is_geotiff_path(path):
        return "gtiff"
    if suffix in NETCDF_SUFFIXES:
        return "netcdf"
    if suffix in ZARR_SUFFIXES:
        return "zarr"
    raise OutputError(
        f"The flux output {path} must end in .tif (GeoTIFF, at most one calendar "
        "year), .nc (netCDF, any period) or .zarr (a Zarr store written in "
        "parallel by Dask workers, any period)."
    )


def check_geotiff_period(path, times: Sequence) -> None:
    """A GeoTIFF holds at most one calendar year (and GDAL's 32768 bands): else OutputError."""
    times = to_datetime64(times)
    years = np.unique(year_of(times))
    if years.size > 1 or times.size > GEOTIFF_MAX_BANDS:
        raise OutputError(
            f"The period {iso_hour(times[0])} .. {iso_hour(times[-1])} spans the years "
            f"{years[0]}..{years[-1]}, but a GeoTIFF holds at most one calendar year (one band an "
            f"hour; GDAL reads at most {GEOTIFF_MAX_BANDS} bands). Write {Path(path).stem}.nc "
            "(netCDF) instead, or run the tool once a year (batch mode, one row a year, with "
            "START/END set to that year)."
        )


class _FluxWriter:
    """Common part: the hours to write, in order, block by block."""

    def __init__(self, path, grid: Grid, times: Sequence, metadata: Dict[str, str]):
        self.path = Path(path)
        self.grid = grid
        self.times = to_datetime64(times)
        self.metadata = dict(metadata)
        self.written = 0
        if self.times.size == 0:
            raise OutputError(f"No hour to write to {self.path}: the selected period is empty.")

    def write(self, first_hour: int, block: np.ndarray) -> None:
        """Write hours ``first_hour .. first_hour + len(block) - 1`` (float, NaN = NoData)."""
        block = np.asarray(block)
        if block.ndim != 3 or block.shape[1:] != self.grid.shape:
            raise OutputError(
                f"Internal error: a flux block of shape {block.shape} does not fit "
                f"the grid {self.grid.shape} of {self.path}."
            )
        if first_hour < 0 or first_hour + block.shape[0] > self.times.size:
            raise OutputError(
                f"Internal error: hours {first_hour}..{first_hour + block.shape[0]}"
                f" are outside the {self.times.size} hours of {self.path}."
            )
        self._write(first_hour, block)
        self.written = max(self.written, first_hour + block.shape[0])

    def _write(self, first_hour: int, block: np.ndarray) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class GeoTiffFluxWriter(_FluxWriter):
    """Streams an hourly flux GeoTIFF band by band (one calendar year at most)."""

    def __init__(self, path, grid: Grid, times: Sequence, metadata: Dict[str, str]):
        super().__init__(path, grid, times, metadata)
        check_geotiff_period(self.path, self.times)
        self._file = GeoTiffWriter(
            self.path, grid, [iso_hour(t) for t in self.times], self.metadata, what="flux GeoTIFF"
        )
        # The writer thread (started by the first write) and the write it is doing, if any.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandflux-geotiff")
        self._pending = None

    def _write(self, first_hour: int, block: np.ndarray) -> None:
        # GDAL compresses a block when it leaves its cache; flushing each block of hours on a
        # background thread (GDAL releases the GIL) lets the next block be read and computed
        # meanwhile. At most one block is in flight, so memory stays at two blocks.
        self._wait()
        self._pending = self._thread.submit(self._file.write, first_hour, block)

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()  # re-raises a failed write here, in the caller's thread

    def close(self) -> None:
        if self._file is None:
            return
        file, self._file = self._file, None
        try:
            self._wait()
        except BaseException:
            self._thread.shutdown(wait=True)
            file.abandon()
            raise
        self._thread.shutdown(wait=True)
        file.close()


class NetCdfFluxWriter(_FluxWriter):
    """Streams a CF-1.8 netCDF4 flux file by time chunks (any period)."""

    def __init__(
        self, path, grid: Grid, times: Sequence, metadata: Dict[str, str], chunk_hours: int = 24
    ):
        super().__init__(path, grid, times, metadata)
        import netCDF4  # heavy (~0.2 s): imported when a netCDF is written, not at plugin start

        try:
            self._dataset = netCDF4.Dataset(str(self.path), "w", format="NETCDF4")
        except OSError as error:
            raise OutputError(
                f"Cannot create the netCDF file {self.path}: {error}. "
                "Choose a folder you can write to."
            ) from None
        ds = self._dataset
        ds.set_auto_mask(False)
        ds.Conventions = "CF-1.8"
        ds.title = "Hourly net CO2 flux of shifting sand"
        ds.source = (
            f"{SOFTWARE_NAME} {__version__}: calibrated flux model driven by ERA5 stl1/swvl1"
        )
        ds.comment = f"co2_flux in {FLUX_UNITS}; {SIGN_CONVENTION}"
        for key, value in self.metadata.items():
            ds.setncattr(key, value)
        define_cf_coordinates(ds, grid, self.times)
        chunk = (max(1, min(int(chunk_hours), self.times.size)), grid.ny, grid.nx)
        flux = ds.createVariable(
            FLUX_VARIABLE,
            "f4",
            ("time", "latitude", "longitude"),
            zlib=True,
            complevel=NETCDF_COMPRESSION_LEVEL,
            shuffle=True,
            chunksizes=chunk,
            fill_value=np.float32(NODATA),
        )
        flux.units = CF_FLUX_UNITS
        flux.long_name = f"net CO2 flux in {FLUX_UNITS} ({SIGN_CONVENTION})"
        flux.missing_value = np.float32(NODATA)
        flux.grid_mapping = "crs"
        flux.coordinates = "time latitude longitude"
        self._flux = flux

    def _write(self, first_hour: int, block: np.ndarray) -> None:
        with NETCDF_LOCK:  # the forcing may be read on a prefetch thread meanwhile
            self._flux[first_hour : first_hour + block.shape[0], :, :] = as_written(block)

    def close(self) -> None:
        if getattr(self, "_dataset", None) is not None:
            with NETCDF_LOCK:
                self._dataset.close()
            self._dataset = None


def create_flux_writer(
    path, grid: Grid, times: Sequence, metadata: Dict[str, str], chunk_hours: int = 24
) -> _FluxWriter:
    """The writer for ``path``'s format (.tif GeoTIFF, .nc netCDF).

    Write to a temporary name (core.infra.outputs.atomic_output) and pass that name here; the format
    is taken from its suffix.
    """
    kind = output_format(path)
    if kind == "gtiff":
        return GeoTiffFluxWriter(path, grid, times, metadata)
    if kind == "zarr":
        raise OutputError(
            f"A Zarr store ({path}) is written by the Dask path, a chunk a task "
            "(core.tools.flux.run_flux chooses it for a .zarr OUTPUT)."
        )
    return NetCdfFluxWriter(path, grid, times, metadata, chunk_hours)


class FluxRaster:
    """An hourly flux raster opened for reading (GeoTIFF or netCDF, same interface)."""

    def __init__(self, path, grid: Grid, times: np.ndarray, metadata: Dict[str, str]):
        self.path = Path(path)
        self.grid = grid
        self.times = to_datetime64(times)
        self.metadata = dict(metadata)

    @property
    def total_ratio_ci95(self) -> Optional[Tuple[float, float]]:
        return parse_ratio_ci95(self.metadata)

    def read(
        self,
        start: int = 0,
        stop: Optional[int] = None,
        window: Optional[Tuple[slice, slice]] = None,
    ) -> np.ndarray:
        """Hours ``start .. stop-1`` as float32 (hours, lat, lon), NaN where NoData."""
        stop = self.times.size if stop is None else int(stop)
        start = int(start)
        if not 0 <= start <= stop <= self.times.size:
            raise InputFileError(
                f"{self.path}: hours {start}..{stop} are outside its {self.times.size} hours."
            )
        rows, cols = (
            window if window is not None else (slice(0, self.grid.ny), slice(0, self.grid.nx))
        )
        data = self._read(start, stop, rows, cols).astype("float32", copy=False)
        data[~np.isfinite(data) | (data == np.float32(NODATA))] = np.nan
        return data

    def _read(self, start, stop, rows, cols) -> np.ndarray:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _GeoTiffFluxRaster(FluxRaster):
    def __init__(self, path, dataset):
        self._dataset = dataset
        grid = Grid.from_geotransform(
            dataset.GetGeoTransform(), dataset.RasterXSize, dataset.RasterYSize
        )
        labels = [
            dataset.GetRasterBand(index + 1).GetDescription()
            for index in range(dataset.RasterCount)
        ]
        times = _band_times(path, labels)
        metadata = keys.sandflux_items(dataset.GetMetadata())
        super().__init__(path, grid, times, metadata)

    def _read(self, start, stop, rows, cols):
        bands = list(range(start + 1, stop + 1))
        out = gdal_call(
            self._dataset.ReadAsArray,
            cols.start,
            rows.start,
            cols.stop - cols.start,
            rows.stop - rows.start,
            buf_type=gdal.GDT_Float32,
            band_list=bands,
        )
        if out is None:
            raise InputFileError(f"GDAL could not read hours {start}..{stop} of {self.path}.")
        out = np.asarray(out, dtype="float32").reshape(
            len(bands), rows.stop - rows.start, cols.stop - cols.start
        )
        for offset, band_index in enumerate(bands):  # a band NoData other than -9999
            nodata = self._dataset.GetRasterBand(band_index).GetNoDataValue()
            if nodata is not None and np.isfinite(nodata) and nodata != NODATA:
                out[offset][out[offset] == np.float32(nodata)] = np.nan
        return out

    def close(self):
        self._dataset = None


def _band_times(path, labels) -> np.ndarray:
    """The UTC hours of the band descriptions (as written: 2016-01-01T00:00:00Z, converted
    at once; anything else label by label with timeutil.parse_utc)."""
    if all(len(label) == 20 and label.endswith("Z") for label in labels):
        try:
            return np.array([label[:-1] for label in labels], dtype="datetime64[s]")
        except ValueError:
            pass
    times = []
    for index, label in enumerate(labels):
        try:
            times.append(parse_utc(label, "band description"))
        except Exception:
            times.append(None)
        if times[-1] is None:
            raise InputFileError(
                f"{path} is not a SandFlux hourly flux raster: band {index + 1}'s description "
                f"'{label}' is not a UTC hour such as 2016-01-01T00:00:00Z. Use a raster "
                "written by 'Compute flux raster'."
            )
    return np.array(times, dtype="datetime64[s]")


class _NetCdfFluxRaster(FluxRaster):
    def __init__(self, path, dataset):
        self._dataset = dataset
        dataset.set_auto_mask(False)
        for name in (FLUX_VARIABLE, "time", "latitude", "longitude"):
            if name not in dataset.variables:
                raise InputFileError(
                    f"{path} is not a SandFlux hourly flux netCDF: it has no variable '{name}' "
                    f"(it has {', '.join(dataset.variables) or 'none'}). Use a file written by "
                    "'Compute flux raster'."
                )
        grid = Grid.from_coordinates(dataset["longitude"][:], dataset["latitude"][:], str(path))
        time = dataset["time"]
        times = _netcdf_times(
            time[:], getattr(time, "units", CF_TIME_UNITS), getattr(time, "calendar", "standard")
        )
        variable = dataset[FLUX_VARIABLE]
        self._fill_values = [
            float(getattr(variable, attribute))
            for attribute in ("_FillValue", "missing_value")
            if hasattr(variable, attribute)
        ]
        metadata = keys.sandflux_items({k: dataset.getncattr(k) for k in dataset.ncattrs()})
        super().__init__(path, grid, times, metadata)

    def _read(self, start, stop, rows, cols):
        with NETCDF_LOCK:  # may run on a prefetch thread (core.infra.threads)
            data = np.asarray(self._dataset[FLUX_VARIABLE][start:stop, rows, cols], dtype="float32")
        for fill in self._fill_values:
            data[data == np.float32(fill)] = np.nan
        return data

    def close(self):
        if self._dataset is not None:
            self._dataset.close()
            self._dataset = None


def _netcdf_times(values, units, calendar) -> np.ndarray:
    if units == CF_TIME_UNITS:
        return from_hours_since_epoch(values)
    import netCDF4  # heavy (~0.2 s): imported when a netCDF is read, not at plugin start

    dates = netCDF4.num2date(
        values, units, calendar, only_use_cftime_datetimes=False, only_use_python_datetimes=True
    )
    return np.array(
        [np.datetime64(d.replace(tzinfo=None), "s") for d in dates], dtype="datetime64[s]"
    )


def open_flux_raster(path) -> FluxRaster:
    """Open an hourly flux raster written by the flux tool (GeoTIFF or netCDF)."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(
            f"The flux raster {path} does not exist. Run 'Compute flux raster' "
            "first or choose another file."
        )
    if is_netcdf(path):
        import netCDF4  # heavy (~0.2 s): imported when a netCDF is opened, not at plugin start

        try:
            dataset = netCDF4.Dataset(str(path), "r")
        except OSError as error:
            raise InputFileError(f"Cannot read the netCDF file {path}: {error}.") from None
        try:
            return _NetCdfFluxRaster(path, dataset)
        except BaseException:
            dataset.close()
            raise
    dataset = open_raster(
        path, "flux raster", "Choose a GeoTIFF or netCDF written by 'Compute flux raster'."
    )
    return _GeoTiffFluxRaster(path, dataset)


def iter_chunks(total: int, size: int) -> Iterable[Tuple[int, int]]:
    """(start, stop) pairs covering 0..total in steps of ``size``."""
    size = max(1, int(size))
    for start in range(0, total, size):
        yield start, min(start + size, total)
