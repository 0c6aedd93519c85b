"""The hourly CO2 flux of every cell: soil correction, then the calibrated model, by time chunks.

For each hour t and cell (i, j) of the forcing grid:

1. soil correction (the calibration's ERA5 -> station mapping, identity when none was fitted):
   Ts = c_T(stl1), theta = c_theta(swvl1);
2. dTs/dt (K h-1) from the CORRECTED temperature by backward difference over the actual time
   step, (Ts(t) - Ts(t_prev)) / (t - t_prev). At the first hour of a chunk or of the selected
   period, t_prev is the hour before it in the forcing file whenever the file has one (so a
   year run alone gives the same numbers as a multi-year run). At the very first hour of the
   forcing file the forward difference (Ts(t_1) - Ts(t_0)) / (t_1 - t_0) is used
   (models.temperature_tendency_k_h's rule), and 0 when the file holds a single hour;
3. the uptake scale s = (SOC_st / SOC) * (pH / pH_st) (models.uptake_scale) from the SOC and pH
   given as numbers or rasters (resampled onto the forcing grid with GDAL 'average') and the
   calibration's station SOC/pH; a missing station value makes its factor 1;
4. F = model(parameters, Ts, theta, dTs/dt, s) in g CO2 m-2 s-1, negative = uptake;
5. cells outside the sand mask, and cells whose inputs are missing, are NoData.

Everything is streamed (``flux_blocks``): a chunk of hours is read, computed by the pure kernel
``flux_kernel`` and written, so memory does not grow with the number of hours. A GeoTIFF
compresses each block on its own thread while the next is computed (core.formats.flux_raster), so
one run
uses two cores in one process. ``FluxRecipe`` is
the same flux computed on the fly for the annual sums, with nothing hourly written.
"""

from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
from osgeo import gdal, ogr, osr

from ..formats import metadata as keys
from ..formats.flux_raster import (
    check_geotiff_period,
    create_flux_writer,
    flux_metadata,
    output_format,
)
from ..formats.forcing import Forcing, ForcingSource, open_forcing
from ..formats.geodata import (
    GdalFailure,
    gdal_call,
    gdal_object,
    open_raster,
    open_vector_layer,
    transform_to_wgs84,
    wgs84,
)
from ..infra.errors import GridError, InputFileError, OutputError, VariableError
from ..infra.grid import Grid
from ..infra.outputs import all_or_nothing, atomic_output
from ..infra.progress import as_progress
from ..infra.threads import prefetch
from ..infra.timeutil import hours_since_epoch, iso_hour, parse_utc, year_of
from .calibration_file import Calibration, apply_soil_correction, load_calibration
from .models import get_model, temperature_tendency_k_h, uptake_scale

# A chunk (what is read and written at once) holds at most this many cell-hours (4 MB a float32
# block), and at most a month of hours; at least 2 hours. The Taklimakan box then reads a whole
# stored month at once: a quarter of the calls into the netCDF library of 160 000-value chunks.
MAX_CHUNK_CELL_HOURS = 1_000_000
MAX_CHUNK_HOURS = 24 * 31
# The kernel works through a chunk in pieces of at most this many values, so its float64
# temporaries (256 KB each) are reused from the CPU caches and from memory malloc keeps: with
# whole 160 000-value chunks each temporary was mapped and faulted in afresh, which took more
# CPU than the arithmetic (W1: 12.3 s of kernel, 5.7 s of it in the system, against 4.9 s).
# The arithmetic is elementwise, so the numbers do not depend on the pieces.
KERNEL_PIECE_VALUES = 32768
# GDAL resampling of SOC/pH rasters onto the forcing grid: the mean of the source pixels
# overlapping each forcing cell, weighted by the overlapped fraction.
SOIL_RESAMPLING = "average"
# Plausible ranges (a value outside is a clear error, e.g. SOC given as a percentage of 0).
PH_RANGE = (0.0, 14.0)

SoilValue = Union[None, float, int, str, Path]


@dataclass
class FluxResult:
    """What a flux run wrote: the file(s), its hours and grid, and what the user should know.

    ``path`` is the first file; ``paths`` all of them (one a year with ``{year}`` in the output
    name); ``annual``: the core.model.annual.AnnualResult when the annual sums were made in the
    same pass (core.tools.flux.run_flux), else None."""

    path: Path
    grid: Grid
    times: np.ndarray
    metadata: dict
    sand_cells: int
    warnings: List[str] = field(default_factory=list)
    paths: List[Path] = field(default_factory=list)
    annual: Optional[object] = None


# -- the per-chunk science kernel ---------------------------------------------------------------


def flux_kernel(
    stl1_k: np.ndarray,
    swvl1_m3_m3: np.ndarray,
    hours: np.ndarray,
    previous_stl1_k: Optional[np.ndarray],
    previous_hour: Optional[float],
    model_name: str,
    parameters: Sequence[float],
    soil_correction: Optional[dict],
    scale,
    sand_mask: Optional[np.ndarray],
) -> np.ndarray:
    """Net CO2 flux (g CO2 m-2 s-1, negative = uptake) of one time chunk, NaN = NoData.

    ``stl1_k``/``swvl1_m3_m3``: (hours, lat, lon) ERA5 values; ``hours``: their times in hours
    since 1970; ``previous_stl1_k``/``previous_hour``: the ERA5 temperature (lat, lon) of the
    hour before the chunk and its time, or None (first hour of the file: forward difference);
    ``scale``: uptake scale, a number or a (lat, lon) array; ``sand_mask``: (lat, lon) bool, True
    where the flux is wanted, or None for everywhere. A pure function of its arguments.
    """
    stl1_k, swvl1_m3_m3 = np.asarray(stl1_k), np.asarray(swvl1_m3_m3)
    flux = np.empty(stl1_k.shape, dtype="float32")
    step = kernel_piece_hours(stl1_k.shape)
    for begin in range(0, stl1_k.shape[0], step):
        end = min(begin + step, stl1_k.shape[0])
        if begin > 0:  # the piece before ends with the hour before this one
            previous_stl1_k, previous_hour = stl1_k[begin - 1], hours[begin - 1]
        ts_k, theta, dts_dt = corrected_drivers(
            stl1_k[begin:end],
            swvl1_m3_m3[begin:end],
            hours[begin:end],
            previous_stl1_k,
            previous_hour,
            soil_correction,
        )
        flux[begin:end] = flux_of_drivers(
            model_name, parameters, ts_k, theta, dts_dt, scale, sand_mask
        )
    return flux


def kernel_piece_hours(shape: Tuple[int, ...]) -> int:
    """Hours the kernel computes at once in a chunk of ``shape`` (hours, cells...): at most
    KERNEL_PIECE_VALUES values, and at least 2 hours (the forward difference of a file's first
    hour needs the second)."""
    cells = int(np.prod(shape[1:], dtype="int64"))
    return max(2, KERNEL_PIECE_VALUES // max(cells, 1))


def flux_of_drivers(
    model_name: str, parameters, ts_k, theta, dts_dt, scale, sand_mask: Optional[np.ndarray]
) -> np.ndarray:
    """Steps 4-5 of the module doc: F = model(parameters, Ts, theta, dTs/dt, s), float32
    (hours, lat, lon), NaN outside ``sand_mask`` (the drivers from corrected_drivers)."""
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        flux = get_model(model_name).evaluate(parameters, ts_k, theta, dts_dt, scale)
    flux = np.array(np.broadcast_to(flux, ts_k.shape), dtype="float32")
    if sand_mask is not None:
        flux[:, ~sand_mask] = np.nan
    return flux


def corrected_drivers(
    stl1_k, swvl1_m3_m3, hours, previous_stl1_k, previous_hour, soil_correction
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Ts K, theta m3 m-3, dTs/dt K h-1) of one time chunk: steps 1-2 of the module doc."""
    ts_k, theta = apply_soil_correction(
        soil_correction, np.asarray(stl1_k, "float64"), np.asarray(swvl1_m3_m3, "float64")
    )
    previous_ts_k = None
    if previous_stl1_k is not None:
        previous_ts_k, _ = apply_soil_correction(
            soil_correction,
            np.asarray(previous_stl1_k, "float64"),
            np.zeros(np.shape(previous_stl1_k)),
        )
    return ts_k, theta, temperature_tendency_k_h(ts_k, hours, previous_ts_k, previous_hour)


# -- inputs on the forcing grid -----------------------------------------------------------------


def select_period(
    times: np.ndarray, start=None, end=None, source: str = "the forcing file"
) -> Tuple[int, int]:
    """(first, stop) indices of the hours with start <= t <= end (both inclusive, UTC)."""
    start = parse_utc(start, "START") if isinstance(start, str) or start is None else start
    end = parse_utc(end, "END") if isinstance(end, str) or end is None else end
    if (
        start is not None
        and end is not None
        and np.datetime64(end, "s") < np.datetime64(start, "s")
    ):
        raise VariableError(
            f"END ({iso_hour(end)}) is before START ({iso_hour(start)}). Swap them."
        )
    first = 0 if start is None else int(np.searchsorted(times, np.datetime64(start, "s"), "left"))
    stop = (
        times.size if end is None else int(np.searchsorted(times, np.datetime64(end, "s"), "right"))
    )
    if stop <= first:
        covered = (
            f"{iso_hour(times[0])} .. {iso_hour(times[-1])}" if times.size else "no hour at all"
        )
        raise VariableError(
            f"No hour of {source} lies between START "
            f"{iso_hour(start) if start is not None else '(file start)'} and END "
            f"{iso_hour(end) if end is not None else '(file end)'}; the file covers {covered}. "
            "Choose a period inside it."
        )
    return first, stop


def _memory_raster(grid: Grid, data_type):
    dataset = gdal_object(gdal.GetDriverByName("MEM").Create, "", grid.nx, grid.ny, 1, data_type)
    dataset.SetGeoTransform(grid.geotransform)
    dataset.SetProjection(wgs84().ExportToWkt())
    return dataset


def _raster_bounds_wgs84(dataset) -> Tuple[float, float, float, float]:
    """(west, south, east, north) of a raster in degrees (EPSG:4326 when it has no CRS)."""
    x0, dx, _, y0, _, dy = dataset.GetGeoTransform()
    xs = [x0, x0 + dx * dataset.RasterXSize]
    ys = [y0, y0 + dy * dataset.RasterYSize]
    wkt = dataset.GetProjection()
    transform = transform_to_wgs84(
        osr.SpatialReference(wkt=wkt) if wkt else None, dataset.GetDescription()
    )
    if transform is not None:
        corners = [transform.TransformPoint(x, y)[:2] for x in xs for y in ys]
        xs = [c[0] for c in corners]
        ys = [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _overlaps(bounds, grid: Grid) -> bool:
    west, south, east, north = bounds
    g_west, g_south, g_east, g_north = grid.bounds
    return west < g_east and east > g_west and south < g_north and north > g_south


def _outside_message(what: str, path, bounds, grid: Grid) -> str:
    west, south, east, north = bounds
    g_west, g_south, g_east, g_north = grid.bounds
    return (
        f"The {what} {path} covers {west:g}..{east:g} E, {south:g}..{north:g} N, which does "
        f"not overlap the forcing grid ({g_west:g}..{g_east:g} E, {g_south:g}..{g_north:g} N)."
        f" Choose a {what} over the forcing file's area."
    )


def resample_to_grid(
    path, grid: Grid, what: str = "SOC", resampling: str = SOIL_RESAMPLING
) -> np.ndarray:
    """Band 1 of a raster on the forcing grid (float64, NaN where it has no value).

    gdal.Warp onto the grid's bounds and size in EPSG:4326 (a raster without a CRS is taken as
    EPSG:4326) with ``resampling`` ('average': the overlap-weighted mean of the source pixels).
    """
    source = open_raster(path, f"{what} raster")
    bounds = _raster_bounds_wgs84(source)
    if not _overlaps(bounds, grid):
        raise GridError(_outside_message(f"{what} raster", path, bounds, grid))
    band = source.GetRasterBand(1)
    source_nodata = band.GetNoDataValue()
    target = _memory_raster(grid, gdal.GDT_Float64)
    target.GetRasterBand(1).SetNoDataValue(float("nan"))
    target.GetRasterBand(1).Fill(float("nan"))
    options = dict(resampleAlg=resampling, dstNodata=float("nan"), multithread=False)
    if not source.GetProjection():
        options["srcSRS"] = "EPSG:4326"
    if source_nodata is not None:
        options["srcNodata"] = source_nodata
    try:
        gdal_call(gdal.Warp, target, source, **options)
        return gdal_object(target.GetRasterBand(1).ReadAsArray).astype("float64")
    except GdalFailure as error:
        raise InputFileError(
            f"GDAL cannot resample the {what} raster {path} onto the forcing grid: {error}."
        ) from None


def soil_property_on_grid(
    value: SoilValue, grid: Grid, what: str, valid: Tuple[float, float]
) -> Union[None, float, np.ndarray]:
    """A SOC or pH given as a number or a raster path, as a number or a (lat, lon) array.

    Values outside ``valid`` (exclusive lower, inclusive upper bound) are a clear VariableError
    for a number and NoData (NaN) for raster cells.
    """
    low, high = valid
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float, np.floating, np.integer)):
        number = float(value)
        if not (low < number <= high):
            raise VariableError(
                f"The {what} value {number:g} is not plausible (expected more "
                f"than {low:g} and at most {high:g}). Give it in the same unit "
                "as the calibration's station value."
            )
        return number
    array = resample_to_grid(value, grid, what)
    with np.errstate(invalid="ignore"):
        array[~((array > low) & (array <= high))] = np.nan
    if not np.isfinite(array).any():
        raise VariableError(
            f"The {what} raster {value} has no valid value (more than {low:g} "
            f"and at most {high:g}) on the forcing grid. Check its values and "
            "NoData setting."
        )
    return array


def uptake_scale_on_grid(soc, ph, station_soc, station_ph):
    """s = (SOC_st/SOC) * (pH/pH_st); a factor whose station value or local value is absent is 1.

    ``soc``/``ph`` are numbers, (lat, lon) arrays or None; returns a number or an array.
    """
    soc_factor_given = soc is not None and station_soc is not None
    ph_factor_given = ph is not None and station_ph is not None
    return uptake_scale(
        soc if soc_factor_given else 1.0,
        ph if ph_factor_given else 1.0,
        float(station_soc) if soc_factor_given else 1.0,
        float(station_ph) if ph_factor_given else 1.0,
    )


def rasterize_mask(
    path, grid: Grid, layer_name: Optional[str] = None, all_touched: bool = False
) -> np.ndarray:
    """Polygons of a vector file burnt onto the forcing grid: (lat, lon) bool, True = sand.

    gdal.Rasterize with ALL_TOUCHED=TRUE (every cell the polygons touch) or FALSE (cells whose
    centre is inside). Polygons in another CRS are reprojected to EPSG:4326 first.
    """
    source, layer = open_vector_layer(path, layer_name, "mask", "polygon")
    # Copy the polygons, in EPSG:4326, into a memory layer (gdal.Rasterize does not reproject).
    memory = gdal_object(gdal.GetDriverByName("Memory").Create, "", 0, 0, 0, gdal.GDT_Unknown)
    target_layer = memory.CreateLayer("mask", wgs84(), ogr.wkbMultiPolygon)
    transform = transform_to_wgs84(layer.GetSpatialRef(), f"the mask {path}")
    polygons = 0
    west, south, east, north = np.inf, np.inf, -np.inf, -np.inf
    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or ogr.GT_Flatten(geometry.GetGeometryType()) not in (
            ogr.wkbPolygon,
            ogr.wkbMultiPolygon,
            ogr.wkbCurvePolygon,
            ogr.wkbMultiSurface,
        ):
            continue
        geometry = geometry.Clone()
        if transform is not None:
            geometry.Transform(transform)
        envelope = geometry.GetEnvelope()  # (minx, maxx, miny, maxy)
        west, east = min(west, envelope[0]), max(east, envelope[1])
        south, north = min(south, envelope[2]), max(north, envelope[3])
        out = ogr.Feature(target_layer.GetLayerDefn())
        out.SetGeometry(geometry)
        target_layer.CreateFeature(out)
        polygons += 1
    if polygons == 0:
        raise GridError(
            f"The mask {path} holds no polygon. Give a polygon layer outlining the "
            "shifting sand, or leave MASK empty to compute every cell."
        )
    bounds = (west, south, east, north)
    if not _overlaps(bounds, grid):
        raise GridError(_outside_message("mask", path, bounds, grid))
    target = _memory_raster(grid, gdal.GDT_Byte)
    try:
        gdal_call(
            gdal.Rasterize,
            target,
            memory,
            burnValues=[1],
            layers=["mask"],
            allTouched=bool(all_touched),
        )
        mask = gdal_object(target.GetRasterBand(1).ReadAsArray).astype(bool)
    except GdalFailure as error:
        raise InputFileError(
            f"GDAL cannot burn the mask {path} onto the forcing grid: {error}."
        ) from None
    if not mask.any():
        raise GridError(
            f"The polygons of the mask {path} contain no cell centre of the forcing "
            "grid. Turn on ALL_TOUCHED to keep every cell they touch."
        )
    return mask


def raster_mask(path, grid: Grid, all_touched: bool = False) -> np.ndarray:
    """A mask raster on the forcing grid: (lat, lon) bool, True where it is non-zero (sand).

    NoData is not sand. The 0/1 mask is resampled with GDAL 'max' when ``all_touched`` (a cell
    is sand if any mask pixel overlapping it is) and 'near' otherwise (the pixel at its centre).
    """
    source = open_raster(path, "mask raster")
    bounds = _raster_bounds_wgs84(source)
    if not _overlaps(bounds, grid):
        raise GridError(_outside_message("mask raster", path, bounds, grid))
    band = source.GetRasterBand(1)
    try:
        values = gdal_object(band.ReadAsArray)
    except GdalFailure as error:
        raise InputFileError(f"GDAL cannot read the mask raster {path}: {error}.") from None
    nodata = band.GetNoDataValue()
    sand = (values != 0) & np.isfinite(values.astype("float64"))
    if nodata is not None:
        sand &= values != nodata
    binary = gdal_object(
        gdal.GetDriverByName("MEM").Create,
        "",
        source.RasterXSize,
        source.RasterYSize,
        1,
        gdal.GDT_Byte,
    )
    binary.SetGeoTransform(source.GetGeoTransform())
    binary.SetProjection(source.GetProjection() or wgs84().ExportToWkt())
    binary.GetRasterBand(1).WriteArray(sand.astype("uint8"))
    target = _memory_raster(grid, gdal.GDT_Byte)
    gdal_call(gdal.Warp, target, binary, resampleAlg="max" if all_touched else "near")
    mask = gdal_object(target.GetRasterBand(1).ReadAsArray).astype(bool)
    if not mask.any():
        raise GridError(
            f"The mask raster {path} has no non-zero (sand) cell on the forcing grid. "
            "Check its values (non-zero = sand) and extent."
        )
    return mask


def total_ratio_ci95(calibration: Calibration) -> Optional[Tuple[float, float]]:
    """2.5 and 97.5 % quantiles of m_b / m_0 over the bootstrap sets, or None without them.

    m_b: the station-period mean modelled flux of bootstrap parameter set b; m_0: that of the
    central parameters, taken from metrics['station_mean_flux_g_co2_m2_s'] and, when the
    calibration does not store it, as the median of the m_b. None when fewer than two sets or
    m_0 is 0.
    """
    means = calibration.bootstrap_station_mean_flux
    if not means:
        return None
    m_b = np.asarray([v for v in means if v is not None], dtype="float64")
    m_b = m_b[np.isfinite(m_b)]
    if m_b.size < 2:
        return None
    m_0 = calibration.metrics.get("station_mean_flux_g_co2_m2_s")
    m_0 = float(np.median(m_b)) if m_0 is None else float(m_0)
    if m_0 == 0.0 or not np.isfinite(m_0):
        return None
    low, high = np.quantile(m_b / m_0, [0.025, 0.975])
    return float(low), float(high)


def chunk_hours_for(
    grid: Grid,
    requested: Optional[int] = None,
    stored_chunk: Optional[int] = None,
    max_cell_hours: int = MAX_CHUNK_CELL_HOURS,
    cell_count: Optional[int] = None,
) -> int:
    """Hours in one computation chunk (the plain and the Dask path use this one rule).

    ``requested`` if given; else at most a month and ``max_cell_hours`` cell-hours, made a
    multiple or a divisor of the forcing's ``stored_chunk`` (so a stored chunk is decompressed
    once, not once for every piece of it that is read); at least 2. ``cell_count``: the cells
    computed, when not the whole grid.
    """
    if requested:
        return max(2, int(requested))
    cells = max(grid.nx * grid.ny if cell_count is None else int(cell_count), 1)
    limit = max(2, min(MAX_CHUNK_HOURS, int(max_cell_hours) // cells))
    stored = int(stored_chunk or 0)
    if stored <= 1:
        return limit
    if stored <= limit:
        return limit // stored * stored
    divisors = [d for d in range(limit, 1, -1) if stored % d == 0]
    return divisors[0] if divisors else limit


def chunk_bounds(first: int, stop: int, step: int, align: int = 0):
    """(begin, end) pieces of at most ``step`` hours covering first..stop; with ``align`` > 1
    the cuts fall on multiples of ``step`` counted from hour 0 (so they stay on the stored
    chunk boundaries when ``step`` is a multiple or divisor of ``align``)."""
    cuts = (
        range((first // step + 1) * step, stop, step)
        if align > 1
        else range(first + step, stop, step)
    )
    edges = [first, *cuts, stop]
    return list(zip(edges[:-1], edges[1:]))


@dataclass
class FluxPlan:
    """Everything both flux paths (plain, Dask) prepare before the first chunk is computed."""

    grid: Grid
    times: np.ndarray  # all hours of the forcing file
    first: int  # selected hours: times[first:stop]
    stop: int
    model_name: str
    parameters: np.ndarray
    soil_correction: Optional[dict]
    scale: Union[float, np.ndarray]
    sand: Optional[np.ndarray]
    metadata: dict
    stored_chunk: int
    warnings: List[str] = field(default_factory=list)

    @property
    def selected(self) -> np.ndarray:
        return self.times[self.first : self.stop]

    @property
    def sand_cells(self) -> int:
        return int(self.grid.nx * self.grid.ny if self.sand is None else self.sand.sum())

    def result(self, paths: List[Path], with_values: Optional[np.ndarray] = None) -> "FluxResult":
        """The run's result for the files ``paths``; ``with_values``: (lat, lon) True where a
        flux was computed at least once. Then SAND_CELLS counts those cells only, and mask cells
        that never got a value (sea, missing forcing, a calibration that gives NaN) are
        reported."""
        paths = [Path(p) for p in paths]
        if with_values is None:
            return FluxResult(
                paths[0],
                self.grid,
                self.selected,
                self.metadata,
                self.sand_cells,
                self.warnings,
                paths,
            )
        cells = int(with_values.sum())
        warnings = list(self.warnings)
        if cells == 0:
            warnings.append(
                "No cell got a flux value: the whole raster is NoData. Check the forcing (every "
                "value missing?), the mask and the calibration."
            )
        elif cells < self.sand_cells:
            warnings.append(
                f"{self.sand_cells - cells} of the {self.sand_cells} cells inside the mask got "
                "no flux value at any hour (sea or missing forcing): they are NoData and not "
                "counted in SAND_CELLS."
            )
        return FluxResult(paths[0], self.grid, self.selected, self.metadata, cells, warnings, paths)


def plan_flux(
    forcing,
    calibration,
    output_path=None,
    soc: SoilValue = None,
    ph: SoilValue = None,
    mask_vector=None,
    mask_layer: Optional[str] = None,
    mask_raster=None,
    all_touched: bool = False,
    start=None,
    end=None,
    progress=None,
) -> FluxPlan:
    """Check the inputs of a flux run and prepare them on the forcing grid.

    ``forcing``: an open core.formats.forcing.Forcing. Loads the calibration (a Calibration or its
    JSON path), selects the period, checks the output's format against it (``output_path``
    None: nothing is written, e.g. FluxRecipe), puts SOC/pH and the uptake scale and the sand
    mask on the grid, and makes the output's metadata.
    """
    progress = as_progress(progress)
    if not isinstance(calibration, Calibration):
        calibration = load_calibration(calibration)
    model = calibration.model
    parameters = model.parameter_vector(calibration.parameters)
    if mask_vector and mask_raster:
        raise VariableError("Give either a mask polygon layer or a mask raster, not both.")
    warnings: List[str] = list(forcing.warnings)
    grid, times = forcing.grid, forcing.times
    first, stop = select_period(
        times,
        start,
        end,
        f"the forcing file {forcing.path}"
        if isinstance(forcing, Forcing)
        else f"the ERA5 files {forcing.path.name} ...",
    )
    if output_path is not None and output_format(output_path) == "gtiff":
        for part, part_first, part_stop in flux_output_parts(output_path, times[first:stop]):
            check_geotiff_period(part, times[first + part_first : first + part_stop])
    progress.report(0.0, "Preparing the soil properties and the mask on the forcing grid")
    soc_grid = soil_property_on_grid(soc, grid, "SOC", (0.0, np.inf))
    ph_grid = soil_property_on_grid(ph, grid, "pH", PH_RANGE)
    station_soc, station_ph = calibration.station_soc, calibration.station_ph
    for given, station, name in ((soc_grid, station_soc, "SOC"), (ph_grid, station_ph, "pH")):
        if given is not None and station is None:
            warnings.append(
                f"The calibration has no station {name}, so the {name} given "
                "cannot scale the uptake (its factor is 1)."
            )
    if not model.uses_uptake_scale and (soc_grid is not None or ph_grid is not None):
        warnings.append(f"The {model.title} has no uptake term: SOC and pH do not change it.")
    scale = uptake_scale_on_grid(soc_grid, ph_grid, station_soc, station_ph)
    if not model.uses_uptake_scale:
        scale = 1.0  # missing SOC/pH cells must not blank a model that ignores them
    if mask_vector:
        sand = rasterize_mask(mask_vector, grid, mask_layer, all_touched)
    elif mask_raster:
        sand = raster_mask(mask_raster, grid, all_touched)
    else:
        sand = None
    metadata = flux_metadata(
        model.name, calibration.hash(), times[first:stop], total_ratio_ci95(calibration)
    )
    return FluxPlan(
        grid,
        times,
        first,
        stop,
        model.name,
        np.asarray(parameters, "float64"),
        calibration.soil_correction,
        scale,
        sand,
        metadata,
        forcing.stored_time_chunk,
        warnings,
    )


# -- the run ------------------------------------------------------------------------------------


def compute_flux(
    forcing,
    calibration,
    output_path,
    soc: SoilValue = None,
    ph: SoilValue = None,
    mask_vector=None,
    mask_layer: Optional[str] = None,
    mask_raster=None,
    all_touched: bool = False,
    start=None,
    end=None,
    chunk_hours: Optional[int] = None,
    progress=None,
) -> FluxResult:
    """Write the hourly flux raster (.tif: one calendar year at most; .nc: any period; with
    ``{year}`` in the file name: one file a calendar year, see flux_output_parts).

    ``forcing``: an open core.formats.forcing.ForcingSource (a forcing file or the ERA5
    downloads, left open) or the path of a forcing file. ``calibration``: a Calibration or the
    path of its JSON. ``soc``/``ph``: None (station value, factor 1), a number, or a raster
    path. ``mask_vector`` (+ ``mask_layer``) polygons or ``mask_raster`` (non-zero = sand), not
    both; cells outside are NoData. ``start``/``end``: inclusive UTC bounds (ISO text or
    datetime64). Streams by ``chunk_hours`` (default: see chunk_hours_for); ``progress``:
    Progress or callback(fraction, message).
    """

    progress = as_progress(progress)
    if output_format(output_path) == "zarr":
        raise OutputError(
            f"The Zarr store {output_path} is written by the Dask path, a chunk a "
            "task: run the flux tool (core.tools.flux.run_flux), or write .nc."
        )
    with opened_forcing(forcing) as source:
        plan = plan_flux(
            source,
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
        with all_or_nothing() as written:
            paths, with_values = write_flux(
                source, plan, output_path, chunk_hours, progress, written=written
            )
    return plan.result(paths, with_values)


@contextmanager
def opened_forcing(forcing):
    """``forcing`` itself when it is an open ForcingSource (left open), else the forcing file
    at that path, opened and closed here."""
    if isinstance(forcing, ForcingSource):
        yield forcing
        return
    with open_forcing(forcing) as source:
        yield source


def write_flux(
    forcing,
    plan: "FluxPlan",
    output_path,
    chunk_hours: Optional[int] = None,
    progress=None,
    on_block=None,
    written: Optional[list] = None,
) -> Tuple[List[Path], np.ndarray]:
    """Compute the planned flux and write it to ``output_path`` (see compute_flux), calling
    ``on_block(offset, flux)`` with every block written (e.g. to sum it by year in the same
    pass). Each file is written under a temporary name and renamed when complete; the final
    paths are appended to ``written`` (core.infra.outputs.all_or_nothing removes them when a
    later step fails). Returns (the paths, the (lat, lon) cells that got a value at least once:
    what SAND_CELLS counts)."""
    progress = as_progress(progress)
    written = [] if written is None else written
    step = chunk_hours_for(plan.grid, chunk_hours, plan.stored_chunk)
    parts = flux_output_parts(output_path, plan.selected)
    with _FluxOutputs(parts, plan, step, written) as outputs:
        # closing(): the reading thread stops before the forcing is closed, also on an error
        # or a cancel.
        with closing(flux_blocks(forcing, plan, chunk_hours)) as blocks:
            with_values = np.zeros(plan.grid.shape, dtype=bool)
            for offset, flux in blocks:
                outputs.write(offset, flux)
                np.logical_or(with_values, np.isfinite(flux).any(axis=0), out=with_values)
                if on_block is not None:
                    on_block(offset, flux)
                done = offset + flux.shape[0]
                progress.report(
                    done / plan.selected.size,
                    f"Flux computed up to {iso_hour(plan.selected[done - 1])}",
                )
    return [path for path, _, _ in parts], with_values


YEAR_FIELD = "{year}"


def flux_output_parts(output_path, times: np.ndarray) -> List[Tuple[Path, int, int]]:
    """(file, first, stop) of each flux file a run writes for ``times``: ``output_path`` for all
    of them, or, when its name holds ``{year}``, one file a calendar year with the year put in
    (flux_{year}.tif -> flux_2000.tif, flux_2001.tif, ...)."""
    name = str(output_path)
    if YEAR_FIELD not in Path(name).name:
        return [(Path(name), 0, int(times.size))]
    years = year_of(times)
    starts = np.flatnonzero(np.concatenate(([True], years[1:] != years[:-1])))
    stops = np.append(starts[1:], years.size)
    folder, pattern = Path(name).parent, Path(name).name
    return [
        (folder / pattern.replace(YEAR_FIELD, f"{int(years[a]):04d}"), int(a), int(b))
        for a, b in zip(starts, stops)
    ]


class _FluxOutputs:
    """The flux files of a run, written in time order one after the other (each under a
    temporary name, renamed when its last hour is written)."""

    def __init__(self, parts, plan: "FluxPlan", step: int, written: list):
        self.parts, self.plan, self.step, self.written = parts, plan, step, written
        self.stops = np.array([stop for _, _, stop in parts])
        self.index = -1
        self.stack: Optional[ExitStack] = None
        self.writer = None

    def _open(self, index: int) -> None:
        self._finish()
        path, first, stop = self.parts[index]
        times = self.plan.selected[first:stop]
        metadata = dict(
            self.plan.metadata,
            **{keys.TIME_START: iso_hour(times[0]), keys.TIME_END: iso_hour(times[-1])},
        )
        stack = ExitStack()
        try:
            temporary = stack.enter_context(atomic_output(path, "flux raster"))
            self.writer = stack.enter_context(
                create_flux_writer(temporary, self.plan.grid, times, metadata, self.step)
            )
        except BaseException:
            stack.close()
            raise
        self.stack, self.index = stack, index

    def _finish(self) -> None:
        if self.stack is not None:
            stack, self.stack = self.stack, None
            stack.close()  # the writer finishes, then the file gets its final name
            self.written.append(self.parts[self.index][0])

    def write(self, offset: int, flux: np.ndarray) -> None:
        position, end = offset, offset + flux.shape[0]
        while position < end:
            index = int(np.searchsorted(self.stops, position, side="right"))
            if index != self.index:
                self._open(index)
            _, first, stop = self.parts[index]
            upto = min(end, stop)
            self.writer.write(position - first, flux[position - offset : upto - offset])
            position = upto

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if exc_info[0] is None:
            self._finish()
        elif self.stack is not None:
            stack, self.stack = self.stack, None
            stack.__exit__(*exc_info)  # the partial file is removed
        return False


def flux_blocks(
    forcing,
    plan: FluxPlan,
    chunk_hours: Optional[int] = None,
    read_ahead: bool = False,
    cells: Optional[np.ndarray] = None,
    kernel=flux_kernel,
    max_cell_hours: int = MAX_CHUNK_CELL_HOURS,
) -> Iterator[Tuple[int, np.ndarray]]:
    """(offset into plan.selected, float32 flux (hours, lat, lon), NaN = NoData) of the
    planned period, a chunk of hours at a time (``chunk_hours``: see chunk_hours_for).

    ``read_ahead``: read (decompress) the next chunk on a thread while this one is computed
    (core.infra.threads.prefetch): ~35 % faster when nothing else runs beside it, as in the annual
    sums, for ~25 MB more (the reading thread gets its own malloc arena). compute_flux leaves
    it off: its GeoTIFF writer thread already keeps the second core busy.

    ``cells``: a (lat, lon) bool array; when given, only the window around its True cells is
    read and the blocks are (hours, number of True cells) in row-major order: the same values
    as the full blocks at those cells, for a fraction of the work (the Dask annual sums).
    ``kernel``: a function of flux_kernel's arguments whose result has the hours first (e.g.
    core.model.ensemble.ensemble_kernel: every parameter set of plan.parameters at once);
    ``max_cell_hours``: the chunks' bound (see chunk_hours_for; the ensemble's is lower, as each
    of its cell-hours holds every member).
    """
    hours_all = hours_since_epoch(plan.times)
    window, pick = cell_window(cells)
    scale, sand = plan.scale, plan.sand
    if cells is not None:
        scale = scale if np.ndim(scale) == 0 else np.asarray(scale)[cells]
        sand = None if sand is None else np.asarray(sand)[cells]
    previous_stl1 = previous_hour = None
    if plan.first > 0:
        previous_stl1 = pick(forcing.read(plan.first - 1, plan.first, window)[0])[0]
        previous_hour = hours_all[plan.first - 1]
    chunks = _forcing_chunks(
        forcing,
        plan,
        chunk_hours,
        window,
        None if cells is None else int(np.count_nonzero(cells)),
        max_cell_hours,
    )
    with closing(prefetch(chunks) if read_ahead else chunks) as chunks:
        for begin, end, read_stop, (stl1, swvl1) in chunks:
            stl1, swvl1 = pick(stl1), pick(swvl1)
            flux = kernel(
                stl1,
                swvl1,
                hours_all[begin:read_stop],
                previous_stl1,
                previous_hour,
                plan.model_name,
                plan.parameters,
                plan.soil_correction,
                scale,
                sand,
            )
            yield begin - plan.first, flux[: end - begin]
            previous_stl1 = stl1[end - begin - 1]
            previous_hour = hours_all[end - 1]


def cell_window(cells: Optional[np.ndarray]):
    """(read window, function taking (hours, rows, cols) blocks of that window to the cells)."""
    if cells is None:
        return None, lambda block: block
    cells = np.asarray(cells, bool)
    rows, cols = np.flatnonzero(cells.any(axis=1)), np.flatnonzero(cells.any(axis=0))
    if rows.size == 0:
        raise GridError("The cells to compute hold no cell of the forcing grid.")
    window = (slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1))
    inside = cells[window]
    return window, lambda block: np.asarray(block)[:, inside]


def _forcing_chunks(
    forcing,
    plan: FluxPlan,
    chunk_hours: Optional[int],
    window=None,
    cell_count: Optional[int] = None,
    max_cell_hours: int = MAX_CHUNK_CELL_HOURS,
):
    """(begin, end, read stop, (stl1, swvl1)) of each chunk of the planned period."""
    step = chunk_hours_for(
        plan.grid, chunk_hours, plan.stored_chunk, max_cell_hours, cell_count=cell_count
    )
    for begin, end in chunk_bounds(
        plan.first, plan.stop, step, 0 if chunk_hours else plan.stored_chunk
    ):
        # The very first hour of the file needs the second one (forward difference).
        read_stop = max(end, min(2, plan.times.size)) if begin == 0 else end
        yield begin, end, read_stop, forcing.read(begin, read_stop, window)


@dataclass(frozen=True)
class FluxRecipe:
    """The hourly flux of a forcing, computed on the fly instead of read from a raster.

    What the annual sums take in place of flux rasters when only the annual numbers are
    wanted (core.model.annual): the same inputs as compute_flux, minus the mask (the annual region
    plays that part) and the output. ``forcing``: the path of a forcing file, or several paths
    that ``open_source`` opens as one core.formats.forcing.ForcingSource (core.tools.sources.
    open_forcing_source also reads the ERA5 downloads); ``calibration`` is the path of its JSON
    (so the recipe can be sent to worker processes); ``soc``/``ph`` as in compute_flux.
    """

    forcing: Union[str, Tuple[str, ...]]
    calibration: str
    soc: SoilValue = None
    ph: SoilValue = None
    start: Optional[str] = None
    end: Optional[str] = None
    open_source: Callable = open_forcing

    @property
    def label(self) -> str:
        """The forcing's name for messages (the first file, and how many more)."""
        paths = [self.forcing] if isinstance(self.forcing, (str, Path)) else list(self.forcing)
        more = f" (+{len(paths) - 1} files)" if len(paths) > 1 else ""
        return Path(str(paths[0])).name + more

    @property
    def path(self) -> Path:
        """The first forcing file (what the annual outputs name as their input)."""
        return Path(str(self.forcing if isinstance(self.forcing, (str, Path)) else self.forcing[0]))

    @contextmanager
    def open(self, start=None, end=None, progress=None):
        """(open ForcingSource, FluxPlan) of the recipe's period, or of ``start``..``end``."""
        with self.open_source(self.forcing) as forcing:
            yield (
                forcing,
                plan_flux(
                    forcing,
                    self.calibration,
                    None,
                    self.soc,
                    self.ph,
                    start=self.start if start is None else start,
                    end=self.end if end is None else end,
                    progress=progress,
                ),
            )
