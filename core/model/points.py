"""The hourly flux and its drivers at points (a station, soil samples): the values of the grid
cell holding each point, as a flux raster holds them, never interpolated.

For each point P (longitude, latitude in EPSG:4326) with cell c(P) of the grid and hour h:

    flux_g_co2_m2_s(P, h)         = F(c(P), h)   g CO2 m-2 s-1, negative = uptake
    soil_temperature_k(P, h)      = Ts           K, ERA5 stl1 after the calibration's correction
    soil_moisture_m3_m3(P, h)     = theta        m3 m-3, ERA5 swvl1 after the correction
    temperature_tendency_k_h(P,h) = dTs/dt       K h-1 (core.model.flux's rule)

computed by core.model.flux.flux_kernel on the point cells only (the same float32 numbers as the
flux raster's cell), or read from flux rasters (then the drivers are not known: NaN).

Daily values (UTC calendar days), over the valid hours n of the day:

    mean_flux_g_co2_m2_s = sum_h F / n
    net_flux_g_co2_m2_day = mean_flux * 86400 s   (a day with gaps: its valid hours' mean)
"""

import csv
import functools
import math
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np

from ..formats.flux_raster import open_flux_raster
from ..formats.geodata import open_vector_layer, transform_to_wgs84
from ..infra.errors import GridError, InputFileError, VariableError
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour
from .flux import FluxRecipe, corrected_drivers, flux_blocks, flux_of_drivers

SECONDS_PER_DAY = 86400.0
VARIABLES = (
    "flux_g_co2_m2_s",
    "soil_temperature_k",
    "soil_moisture_m3_m3",
    "temperature_tendency_k_h",
)
HOURLY_COLUMNS = (
    "point_id",
    "longitude",
    "latitude",
    "cell_longitude",
    "cell_latitude",
    "time_utc",
) + VARIABLES
DAILY_COLUMNS = (
    "point_id",
    "longitude",
    "latitude",
    "date_utc",
    "hours_valid",
    "mean_flux_g_co2_m2_s",
    "net_flux_g_co2_m2_day",
    "mean_soil_temperature_k",
    "mean_soil_moisture_m3_m3",
)


@dataclass
class Points:
    """Named points in EPSG:4326."""

    ids: List[str]
    longitudes: np.ndarray
    latitudes: np.ndarray


@dataclass
class PointSeries:
    """The hourly values at each point: ``values`` is (hours, VARIABLES, points), NaN = none."""

    points: Points
    rows: np.ndarray
    cols: np.ndarray
    grid: Grid
    times: np.ndarray
    values: np.ndarray
    source: str


def read_points(path, layer_name: Optional[str] = None, id_field: Optional[str] = None) -> Points:
    """The points of a vector layer (any CRS -> EPSG:4326); ids from ``id_field`` or the FID.

    Multipoints give each of their points (id#1, id#2, ...); other geometries are an error.
    """
    from osgeo import ogr  # GDAL loaded on use, as in core.model.flux

    source, layer = open_vector_layer(path, layer_name, "points", "point")
    transform = transform_to_wgs84(layer.GetSpatialRef(), f"the points {path}")
    if id_field and layer.GetLayerDefn().GetFieldIndex(id_field) < 0:
        raise VariableError(
            f"The points {path} have no field '{id_field}'. Choose one of its "
            "fields as ID_FIELD, or leave it empty for the feature ids."
        )
    ids, lons, lats = [], [], []
    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        name = str(feature.GetField(id_field) if id_field else feature.GetFID())
        if geometry is None:
            continue
        kind = ogr.GT_Flatten(geometry.GetGeometryType())
        if kind not in (ogr.wkbPoint, ogr.wkbMultiPoint):
            raise InputFileError(
                f"The feature {name} of {path} is a "
                f"{geometry.GetGeometryName().lower()}, not a point. Give a "
                "point layer (the station, the soil samples)."
            )
        geometry = geometry.Clone()
        if transform is not None:
            geometry.Transform(transform)
        parts = (
            [geometry]
            if kind == ogr.wkbPoint
            else [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())]
        )
        for number, part in enumerate(parts):
            ids.append(name if len(parts) == 1 else f"{name}#{number + 1}")
            lons.append(part.GetX())
            lats.append(part.GetY())
    if not ids:
        raise InputFileError(f"The points {path} hold no point. Give a point layer.")
    return Points(ids, np.asarray(lons, "float64"), np.asarray(lats, "float64"))


def point_cells(points: Points, grid: Grid, source: str):
    """(rows, cols) of the cells holding the points; a point outside the grid is an error."""
    cells = []
    for name, lon, lat in zip(points.ids, points.longitudes, points.latitudes):
        try:
            cells.append(grid.index_of(lon, lat, source))
        except GridError as error:
            raise GridError(
                f"Point {name}: {error} Remove the point, or use inputs that cover it."
            ) from None
    return (
        np.array([r for r, _ in cells], dtype="int64"),
        np.array([c for _, c in cells], dtype="int64"),
    )


def point_kernel(
    rows,
    cols,
    stl1_k,
    swvl1_m3_m3,
    hours,
    previous_stl1_k,
    previous_hour,
    model_name,
    parameters,
    soil_correction,
    scale,
    sand_mask,
) -> np.ndarray:
    """flux_kernel on the cells (rows, cols) only, with the drivers: (hours, VARIABLES, points)
    float64 (the flux as the float32 a flux raster holds)."""
    pick = functools.partial(_pick, rows=rows, cols=cols)
    previous = None if previous_stl1_k is None else pick(previous_stl1_k)
    cell_scale = scale if np.ndim(scale) == 0 else pick(scale)
    cell_sand = None if sand_mask is None else pick(sand_mask)
    ts_k, theta, dts_dt = corrected_drivers(
        pick(stl1_k), pick(swvl1_m3_m3), hours, previous, previous_hour, soil_correction
    )
    flux = flux_of_drivers(model_name, parameters, ts_k, theta, dts_dt, cell_scale, cell_sand)
    return np.stack([flux.astype("float64"), ts_k, theta, dts_dt], axis=1)


def _pick(array, rows, cols):
    return np.asarray(array)[..., rows, cols]


def series_from_recipe(recipe: FluxRecipe, points: Points, progress=None) -> PointSeries:
    """The hourly flux and drivers at the points, computed from the forcing (FluxRecipe)."""
    progress = as_progress(progress)
    with recipe.open() as (forcing, plan):
        rows, cols = point_cells(points, plan.grid, f"the forcing grid of {forcing.path}")
        times = plan.selected
        values = np.full((times.size, len(VARIABLES), len(points.ids)), np.nan)
        kernel = functools.partial(point_kernel, rows, cols)
        with closing(flux_blocks(forcing, plan, read_ahead=True, kernel=kernel)) as blocks:
            for offset, block in blocks:
                values[offset : offset + block.shape[0]] = block
                progress.report(
                    (offset + block.shape[0]) / times.size,
                    f"Points: flux up to {iso_hour(times[offset])}",
                )
        return PointSeries(points, rows, cols, plan.grid, times, values, recipe.label)


def series_from_rasters(
    paths: Sequence, points: Points, progress=None, chunk_hours: int = 744
) -> PointSeries:
    """The hourly flux at the points read from flux rasters (one grid; the drivers are NaN)."""
    progress = as_progress(progress)
    if not paths:
        raise InputFileError(
            "No flux raster given. Choose rasters written by 'Compute flux "
            "raster', or the forcing file with its calibration."
        )
    grid, rows, cols, times, parts = None, None, None, [], []
    for number, path in enumerate(paths):
        with open_flux_raster(path) as raster:
            if grid is None:
                grid = raster.grid
                rows, cols = point_cells(points, grid, f"the flux raster {raster.path.name}")
            elif not raster.grid.same_as(grid):
                raise GridError(
                    f"The flux rasters have different grids ({Path(paths[0]).name}, "
                    f"{raster.path.name}). Give rasters of one grid."
                )
            for start in range(0, raster.times.size, chunk_hours):
                block = raster.read(start, min(start + chunk_hours, raster.times.size))
                values = np.full((block.shape[0], len(VARIABLES), len(points.ids)), np.nan)
                values[:, 0] = block[:, rows, cols]
                parts.append(values)
                progress.report(
                    (number + start / raster.times.size) / len(paths),
                    f"Points: reading {raster.path.name}",
                )
            times.append(raster.times)
    times = np.concatenate(times)
    order = np.argsort(times, kind="stable")
    times = times[order]
    if np.any(times[1:] == times[:-1]):
        hour = times[1:][times[1:] == times[:-1]][0]
        raise VariableError(
            f"The hour {iso_hour(hour)} is in the flux rasters twice. Give each hour once."
        )
    return PointSeries(
        points,
        rows,
        cols,
        grid,
        times,
        np.concatenate(parts)[order],
        ", ".join(Path(p).name for p in paths),
    )


@dataclass
class DailySeries:
    """Daily means of a PointSeries: (days, points) arrays."""

    days: np.ndarray
    hours_valid: np.ndarray
    mean_flux_g_co2_m2_s: np.ndarray
    mean_soil_temperature_k: np.ndarray
    mean_soil_moisture_m3_m3: np.ndarray

    @property
    def net_flux_g_co2_m2_day(self) -> np.ndarray:
        return self.mean_flux_g_co2_m2_s * SECONDS_PER_DAY


def daily_means(series: PointSeries) -> DailySeries:
    """The UTC calendar-day means of the valid hours at each point (see module doc)."""
    day_of_hour = series.times.astype("datetime64[D]")
    days, index = np.unique(day_of_hour, return_inverse=True)
    means = []
    for variable in (0, 1, 2):
        values = series.values[:, variable]
        valid = np.isfinite(values)
        sums = np.zeros((days.size, values.shape[1]))
        counts = np.zeros((days.size, values.shape[1]), dtype="int64")
        np.add.at(sums, index, np.where(valid, values, 0.0))
        np.add.at(counts, index, valid)
        with np.errstate(invalid="ignore", divide="ignore"):
            means.append(np.where(counts > 0, sums / np.maximum(counts, 1), np.nan))
        if variable == 0:
            flux_counts = counts
    return DailySeries(days, flux_counts, *means)


def write_hourly_csv(path, series: PointSeries) -> Path:
    """CSV, one row a point and hour (HOURLY_COLUMNS; empty = no value), UTC times."""
    longitudes, latitudes = series.grid.longitudes, series.grid.latitudes
    labels = [iso_hour(t) for t in series.times]
    with atomic_output(path, "point series") as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HOURLY_COLUMNS)
            for p, name in enumerate(series.points.ids):
                head = [
                    name,
                    repr(float(series.points.longitudes[p])),
                    repr(float(series.points.latitudes[p])),
                    repr(float(longitudes[series.cols[p]])),
                    repr(float(latitudes[series.rows[p]])),
                ]
                for h, label in enumerate(labels):
                    writer.writerow(head + [label] + [_value(v) for v in series.values[h, :, p]])
    return Path(path)


def write_daily_csv(path, series: PointSeries, daily: DailySeries) -> Path:
    """CSV, one row a point and UTC day (DAILY_COLUMNS; empty = no value)."""
    with atomic_output(path, "daily point series") as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(DAILY_COLUMNS)
            for p, name in enumerate(series.points.ids):
                for d, day in enumerate(daily.days):
                    writer.writerow(
                        [
                            name,
                            repr(float(series.points.longitudes[p])),
                            repr(float(series.points.latitudes[p])),
                            str(day),
                            int(daily.hours_valid[d, p]),
                            _value(daily.mean_flux_g_co2_m2_s[d, p]),
                            _value(daily.net_flux_g_co2_m2_day[d, p]),
                            _value(daily.mean_soil_temperature_k[d, p]),
                            _value(daily.mean_soil_moisture_m3_m3[d, p]),
                        ]
                    )
    return Path(path)


def _value(value) -> str:
    value = float(value)
    return repr(value) if math.isfinite(value) else ""
