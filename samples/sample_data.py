"""SYNTHETIC sample data for SandFlux: CDS-layout ERA5 files, soil samples, the sand outline.

Everything here is made up, deterministic and seeded. It looks like the Taklimakan so that the
whole pipeline (import -> calibrate -> flux -> annual sums) can be run and tested without any
download, but it is NOT ERA5 and NOT observations. Every file written says so in its global
attributes. The soil climate itself (a pure function of time, place and seed) is in
samples/climate.py; the synthetic station in samples/sample_station.py.
"""

import hashlib
import json
import warnings
from pathlib import Path
from typing import Tuple

import netCDF4
import numpy as np
from osgeo import ogr, osr

from ..core.infra.constants import (
    ERA5_GRID_DEG,
    TAKLIMAKAN_EXTENT,
    TAZHONG_LATITUDE,
    TAZHONG_LONGITUDE,
    TAZHONG_UTC_OFFSET_HOURS,
)
from ..core.infra.grid import Grid
from ..core.infra.outputs import atomic_output
from ..core.infra.progress import as_progress
from . import sample_station
from .climate import DEFAULT_SEED, hashed_uniform, synthetic_soil_climate

SYNTHETIC_NOTICE = (
    "SYNTHETIC DATA made by SandFlux's sample-data generator for demonstrations "
    "and tests. NOT ERA5, NOT observations: do not use for science."
)
GENERATOR_VERSION = "5"
LAYOUTS = ("new", "legacy")

# Legacy CDS packing: int16 with a fixed physical range per variable (grib_to_netcdf derives it
# from the data's range; a fixed range lets each time chunk be packed without a first pass).
LEGACY_FILL = -32767
_LEGACY_RANGES = {"stl1": (200.0, 350.0), "swvl1": (-0.01, 0.79)}
_HOURS_1900_OFFSET = 613608  # hours from 1900-01-01 to 1970-01-01

_VARIABLE_ATTRIBUTES = {
    "stl1": {
        "units": "K",
        "long_name": "Soil temperature level 1",
        "GRIB_paramId": 139,
        "GRIB_units": "K",
    },
    "swvl1": {
        "units": "m**3 m**-3",
        "long_name": "Volumetric soil water layer 1",
        "GRIB_paramId": 39,
        "GRIB_units": "m**3 m**-3",
    },
}


def sample_grid(extent=None, step_deg: float = None):
    """The ERA5 points a CDS request for ``extent`` returns: the area expanded outward to the grid.

    For the seed's box (77.67..88.3 E, 36.83..41.13 N) at 0.25 deg: 45 x 19 points, first point
    77.5 E, 41.25 N (GDAL origin 77.375, 41.375).
    """

    west, south, east, north = extent if extent is not None else TAKLIMAKAN_EXTENT
    step = float(step_deg or ERA5_GRID_DEG)
    first_lon = np.floor(west / step + 1e-9) * step
    last_lon = np.ceil(east / step - 1e-9) * step
    first_lat = np.ceil(north / step - 1e-9) * step
    last_lat = np.floor(south / step + 1e-9) * step
    nx = int(round((last_lon - first_lon) / step)) + 1
    ny = int(round((first_lat - last_lat) / step)) + 1
    return Grid(float(first_lon), float(first_lat), step, step, nx, ny)


def hourly_times(year: int) -> np.ndarray:
    """Every UTC hour of a calendar year, datetime64[s]."""
    start = np.datetime64(f"{year:04d}-01-01T00:00:00", "s")
    stop = np.datetime64(f"{year + 1:04d}-01-01T00:00:00", "s")
    return np.arange(start, stop, np.timedelta64(3600, "s"))


def _pack_legacy(values: np.ndarray, name: str) -> Tuple[np.ndarray, float, float]:
    scale, offset = legacy_scale_offset(name)
    packed = np.round((np.asarray(values, dtype="float64") - offset) / scale)
    packed = np.clip(packed, -32766, 32767)
    packed = np.where(np.isfinite(values), packed, LEGACY_FILL).astype("int16")
    return packed, scale, offset


def legacy_scale_offset(name: str) -> Tuple[float, float]:
    """(scale_factor, add_offset) the legacy writer uses for ``name``: the physical range
    maps onto -32767..32767 (x = add_offset + scale_factor * packed)."""
    low, high = _LEGACY_RANGES[name]
    return (high - low) / (2**16 - 2), (high + low) / 2.0


def _fingerprint(**keys) -> str:
    text = json.dumps({"generator": GENERATOR_VERSION, **keys}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_fingerprint(path) -> str:
    """The generator fingerprint stored in a sample file ('' when absent or unreadable)."""
    try:
        with netCDF4.Dataset(str(path)) as dataset:
            return str(getattr(dataset, "sandflux_sample_fingerprint", ""))
    except (OSError, RuntimeError):
        return ""


def write_cds_netcdf(
    path,
    times_utc,
    layout: str = "new",
    grid=None,
    seed: int = DEFAULT_SEED,
    era5t_from=None,
    chunk_hours: int = 24 * 31,
    progress=None,
):
    """Write SYNTHETIC stl1/swvl1 at ``times_utc`` in a real CDS netCDF layout, chunk by chunk.

    layout "new": netCDF4 as the CDS delivers since 2024 (valid_time int64 seconds since 1970,
    scalar ``number``, string ``expver`` per step, float32 variables with GRIB_* attributes).
    layout "legacy": netCDF3 64-bit offset as grib_to_netcdf wrote it (time int32 hours since
    1900, int16 packed with scale_factor/add_offset and _FillValue/missing_value -32767). With
    ``era5t_from`` (a UTC time) the legacy file gets the ``expver`` dimension (1 = ERA5, 5 =
    ERA5T): steps before it hold values under expver 1, the others under expver 5, fill elsewhere;
    in the new layout those steps are labelled "0005".
    Latitude is descending in both. Writes atomically; returns the path.
    """

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    grid = grid or sample_grid()
    progress = as_progress(progress)
    times = np.asarray(times_utc, dtype="datetime64[s]")
    era5t = None if era5t_from is None else np.datetime64(era5t_from, "s")
    fingerprint = _fingerprint(
        layout=layout,
        grid=grid,
        seed=seed,
        era5t=era5t,
        start=times[0] if times.size else None,
        stop=times[-1] if times.size else None,
        n=times.size,
    )
    path = Path(path)
    with atomic_output(path, "sample ERA5 file") as temporary:
        if layout == "new":
            dataset = netCDF4.Dataset(str(temporary), "w", format="NETCDF4")
        else:
            dataset = netCDF4.Dataset(str(temporary), "w", format="NETCDF3_64BIT_OFFSET")
        try:
            writer = (
                _NewLayout(dataset, times, grid, era5t)
                if layout == "new"
                else _LegacyLayout(dataset, times, grid, era5t)
            )
            dataset.sandflux_sample_fingerprint = fingerprint
            dataset.sandflux_sample_seed = str(int(seed))
            for start in range(0, times.size, chunk_hours):
                stop = min(start + chunk_hours, times.size)
                stl1, swvl1 = synthetic_soil_climate(
                    times[start:stop], grid.longitudes, grid.latitudes, seed=seed
                )
                writer.write(start, stop, stl1, swvl1)
                progress.report(stop / times.size, f"{path.name}: {stop}/{times.size} hours")
        finally:
            dataset.close()
    return path


class _LegacyLayout:
    """grib_to_netcdf's netCDF3: longitude, latitude, [expver], time; int16 packed."""

    def __init__(self, dataset, times, grid, era5t):
        self.times = times
        self.era5t = era5t
        dataset.Conventions = "CF-1.6"
        dataset.history = (
            f"{SYNTHETIC_NOTICE} Written in the legacy CDS layout of "
            "grib_to_netcdf (netCDF3, int16 packed)."
        )
        dataset.title = "SYNTHETIC ERA5-like soil temperature and moisture (SandFlux sample data)"
        dataset.source = SYNTHETIC_NOTICE
        dataset.createDimension("longitude", grid.nx)
        dataset.createDimension("latitude", grid.ny)
        dims = ("time", "latitude", "longitude")
        if era5t is not None:
            dataset.createDimension("expver", 2)
            dims = ("time", "expver", "latitude", "longitude")
        dataset.createDimension("time", times.size)
        lon = dataset.createVariable("longitude", "f4", ("longitude",))
        lon.units, lon.long_name = "degrees_east", "longitude"
        lon[:] = grid.longitudes
        lat = dataset.createVariable("latitude", "f4", ("latitude",))
        lat.units, lat.long_name = "degrees_north", "latitude"
        lat[:] = grid.latitudes
        if era5t is not None:
            expver = dataset.createVariable("expver", "i4", ("expver",))
            expver.long_name = "expver"
            expver[:] = [1, 5]
        time = dataset.createVariable("time", "i4", ("time",))
        time.units = "hours since 1900-01-01 00:00:00.0"
        time.long_name = "time"
        time.calendar = "gregorian"
        time[:] = (times.astype("int64") // 3600 + _HOURS_1900_OFFSET).astype("int32")
        self.variables = {}
        for name in ("stl1", "swvl1"):
            scale, offset = legacy_scale_offset(name)
            variable = dataset.createVariable(name, "i2", dims, fill_value=LEGACY_FILL)
            variable.set_auto_maskandscale(False)
            variable.scale_factor = scale
            variable.add_offset = offset
            variable.missing_value = np.int16(LEGACY_FILL)
            variable.units = _VARIABLE_ATTRIBUTES[name]["units"]
            variable.long_name = _VARIABLE_ATTRIBUTES[name]["long_name"]
            self.variables[name] = variable

    def write(self, start, stop, stl1, swvl1):
        for name, values in (("stl1", stl1), ("swvl1", swvl1)):
            packed, _, _ = _pack_legacy(values, name)
            if self.era5t is None:
                self.variables[name][start:stop] = packed
            else:
                is_era5t = self.times[start:stop] >= self.era5t
                both = np.full((stop - start, 2) + packed.shape[1:], LEGACY_FILL, dtype="int16")
                both[~is_era5t, 0] = packed[~is_era5t]
                both[is_era5t, 1] = packed[is_era5t]
                self.variables[name][start:stop] = both


class _NewLayout:
    """The CDS netCDF4 of 2024 on (cfgrib-made): valid_time, number, expver coordinates."""

    def __init__(self, dataset, times, grid, era5t):
        dataset.GRIB_centre = "ecmf"
        dataset.GRIB_centreDescription = "European Centre for Medium-Range Weather Forecasts"
        dataset.GRIB_subCentre = np.int64(0)
        dataset.Conventions = "CF-1.7"
        dataset.institution = "SandFlux sample-data generator (SYNTHETIC, not ECMWF)"
        dataset.title = "SYNTHETIC ERA5-like soil temperature and moisture (SandFlux sample data)"
        dataset.source = SYNTHETIC_NOTICE
        dataset.history = (
            f"{SYNTHETIC_NOTICE} Written in the layout of the CDS netCDF4 "
            "(GRIB to CDM+CF via cfgrib)."
        )
        dataset.createDimension("valid_time", times.size)
        dataset.createDimension("latitude", grid.ny)
        dataset.createDimension("longitude", grid.nx)
        number = dataset.createVariable("number", "i8", ())
        number.long_name = "ensemble member numerical id"
        number.units = "1"
        number.standard_name = "realization"
        number.assignValue(0)
        time = dataset.createVariable("valid_time", "i8", ("valid_time",))
        time.long_name = "time"
        time.standard_name = "time"
        time.units = "seconds since 1970-01-01"
        time.calendar = "proleptic_gregorian"
        time[:] = times.astype("int64")
        lat = dataset.createVariable("latitude", "f8", ("latitude",), fill_value=np.nan)
        lat.units, lat.standard_name, lat.long_name = "degrees_north", "latitude", "latitude"
        lat.stored_direction = "decreasing"
        lat[:] = grid.latitudes
        lon = dataset.createVariable("longitude", "f8", ("longitude",), fill_value=np.nan)
        lon.units, lon.standard_name, lon.long_name = "degrees_east", "longitude", "longitude"
        lon[:] = grid.longitudes
        expver = dataset.createVariable("expver", str, ("valid_time",))
        expver.long_name = "Experiment version"
        expver.standard_name = "unknown"
        labels = np.full(times.size, "0001", dtype=object)
        if era5t is not None:
            labels[times >= era5t] = "0005"
        expver[:] = labels
        chunk = (min(max(times.size, 1), 24 * 31), grid.ny, grid.nx)
        self.variables = {}
        for name in ("stl1", "swvl1"):
            attributes = _VARIABLE_ATTRIBUTES[name]
            variable = dataset.createVariable(
                name,
                "f4",
                ("valid_time", "latitude", "longitude"),
                fill_value=np.float32(np.nan),
                zlib=True,
                complevel=1,
                chunksizes=chunk,
            )
            variable.GRIB_paramId = np.int64(attributes["GRIB_paramId"])
            variable.GRIB_dataType = "an"
            variable.GRIB_numberOfPoints = np.int64(grid.nx * grid.ny)
            variable.GRIB_typeOfLevel = "depthBelowLandLayer"
            variable.GRIB_stepUnits = np.int64(1)
            variable.GRIB_stepType = "instant"
            variable.GRIB_gridType = "regular_ll"
            variable.GRIB_Nx = np.int64(grid.nx)
            variable.GRIB_Ny = np.int64(grid.ny)
            variable.GRIB_cfName = "unknown"
            variable.GRIB_cfVarName = name
            variable.GRIB_gridDefinitionDescription = "Latitude/Longitude Grid"
            variable.GRIB_iDirectionIncrementInDegrees = grid.step_lon
            variable.GRIB_jDirectionIncrementInDegrees = grid.step_lat
            variable.GRIB_latitudeOfFirstGridPointInDegrees = float(grid.latitudes[0])
            variable.GRIB_latitudeOfLastGridPointInDegrees = float(grid.latitudes[-1])
            variable.GRIB_longitudeOfFirstGridPointInDegrees = float(grid.longitudes[0])
            variable.GRIB_longitudeOfLastGridPointInDegrees = float(grid.longitudes[-1])
            variable.GRIB_missingValue = 3.40282346638529e38
            variable.GRIB_name = attributes["long_name"]
            variable.GRIB_shortName = name
            variable.GRIB_units = attributes["GRIB_units"]
            variable.long_name = attributes["long_name"]
            variable.units = attributes["units"]
            variable.standard_name = "unknown"
            variable.coordinates = "number valid_time latitude longitude expver"
            self.variables[name] = variable

    def write(self, start, stop, stl1, swvl1):
        self.variables["stl1"][start:stop] = stl1.astype("float32")
        self.variables["swvl1"][start:stop] = swvl1.astype("float32")


def era5_file_name(year: int, layout: str) -> str:
    """The sample file name of one year: era5_soil_<year>_<layout>.nc."""
    return f"era5_soil_{year:04d}_{layout}.nc"


def write_era5_years(
    folder,
    years,
    layout: str = "new",
    grid=None,
    seed: int = DEFAULT_SEED,
    era5t_from=None,
    progress=None,
):
    """One SYNTHETIC CDS-layout file a year in ``folder``; files already up to date are kept.

    A file is up to date when its stored fingerprint (generator version, layout, grid, seed,
    times, ERA5T split) matches; otherwise it is (re)written. Returns the paths in year order.
    """

    folder = Path(folder)
    grid = grid or sample_grid()
    progress = as_progress(progress)
    years = sorted(int(y) for y in years)
    era5t = None if era5t_from is None else np.datetime64(era5t_from, "s")
    paths = []
    for index, year in enumerate(years):
        path = folder / era5_file_name(year, layout)
        times = hourly_times(year)
        expected = _fingerprint(
            layout=layout,
            grid=grid,
            seed=seed,
            era5t=era5t,
            start=times[0],
            stop=times[-1],
            n=times.size,
        )
        part = progress.sub(index / len(years), (index + 1) / len(years))
        if not (path.exists() and file_fingerprint(path) == expected):
            write_cds_netcdf(
                path, times, layout=layout, grid=grid, seed=seed, era5t_from=era5t, progress=part
            )
        part.report(1.0, f"{path.name} ready")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# Soil samples and the shifting-sand outline (GeoPackage, EPSG:4326, written with OGR).
# --------------------------------------------------------------------------------------------

_STREAM_SOIL = 3
_STREAM_OUTLINE = 4
SAND_CENTRE = (83.2, 38.95)  # lon, lat of the outline's centre (Tazhong lies inside)
SAND_SEMI_AXES_DEG = (4.6, 1.55)  # lon, lat half-widths before the wobble
STATION_SOIL_SOC_G_KG = 1.2  # the synthetic soil at Tazhong
STATION_SOIL_PH = 8.9


def shifting_sand_outline(seed: int = DEFAULT_SEED, vertices: int = 96) -> np.ndarray:
    """SYNTHETIC Taklimakan-like shifting-sand outline: closed ring of (lon, lat), shape (n+1, 2).

    A star-shaped lens r(a) = 1 + sum_k c_k cos(k a + phi_k) (k = 2..6, |c| <= 0.04) around
    SAND_CENTRE scaled by SAND_SEMI_AXES_DEG, slightly flattened in the south-east; always a
    simple (valid) polygon inside the seed's box.
    """
    u = hashed_uniform(seed, _STREAM_OUTLINE, np.arange(2, 7), 2)
    angles = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
    radius = np.ones_like(angles)
    for k, (amplitude_u, phase_u) in zip(range(2, 7), u):
        radius += 0.04 * (2.0 * amplitude_u - 1.0) * np.cos(k * angles + 2.0 * np.pi * phase_u)
    radius -= 0.06 * np.exp(-(((angles - 5.5) / 0.5) ** 2))  # a bite in the south-east
    lon = SAND_CENTRE[0] + SAND_SEMI_AXES_DEG[0] * radius * np.cos(angles)
    lat = SAND_CENTRE[1] + SAND_SEMI_AXES_DEG[1] * radius * np.sin(angles)
    ring = np.column_stack([lon, lat])
    return np.vstack([ring, ring[:1]])


def soil_samples(count: int = 60, seed: int = DEFAULT_SEED):
    """SYNTHETIC field samples: (lon, lat, soc g kg-1, ph) arrays spread over the seed's box.

    SOC = 0.96 g kg-1 in the shifting-sand centre (a little poorer than Tazhong), rising towards
    the vegetated margins (~1.7 g kg-1 at 1.5 semi-axes out), times lognormal noise (sigma 0.1);
    pH = 9.0 in the centre, lower (~8.7) at the margins, plus noise of 0.06. Sample 0 is at
    Tazhong itself (1.2 g kg-1, pH 8.9). Over the sand the uptake scale s is then near 1, so the
    synthetic desert is a weak sink, as published for the Taklimakan.
    """

    west, south, east, north = TAKLIMAKAN_EXTENT
    u = hashed_uniform(seed, _STREAM_SOIL, np.arange(count), 4)
    lon = west + 0.05 + (east - west - 0.1) * u[:, 0]
    lat = south + 0.05 + (north - south - 0.1) * u[:, 1]
    lon[0], lat[0] = TAZHONG_LONGITUDE, TAZHONG_LATITUDE
    # distance from the sand centre in units of the outline's semi-axes (1 = the sand edge)
    edge = np.hypot(
        (lon - SAND_CENTRE[0]) / SAND_SEMI_AXES_DEG[0],
        (lat - SAND_CENTRE[1]) / SAND_SEMI_AXES_DEG[1],
    )
    margin = np.clip(edge - 0.3, 0.0, 1.5)
    normal_1 = np.sqrt(-2.0 * np.log(1.0 - u[:, 2])) * np.cos(2.0 * np.pi * u[:, 3])
    normal_2 = np.sqrt(-2.0 * np.log(1.0 - u[:, 2])) * np.sin(2.0 * np.pi * u[:, 3])
    soc = STATION_SOIL_SOC_G_KG * (0.8 + 0.4 * margin) * np.exp(0.1 * normal_1)
    ph = STATION_SOIL_PH + 0.1 - 0.2 * margin + 0.06 * normal_2
    soc[0], ph[0] = STATION_SOIL_SOC_G_KG, STATION_SOIL_PH
    return lon, lat, np.round(soc, 3), np.round(ph, 2)


def _create_gpkg_layer(path, layer_name, geometry_type, fields):

    driver = ogr.GetDriverByName("GPKG")
    source = driver.CreateDataSource(str(path))
    if source is None:
        raise OSError(f"GDAL cannot create the GeoPackage {path}")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = source.CreateLayer(layer_name, srs, geometry_type)
    for name, kind in fields:
        layer.CreateField(ogr.FieldDefn(name, kind))
    source.SetMetadataItem("DESCRIPTION", SYNTHETIC_NOTICE)
    layer.SetMetadataItem("DESCRIPTION", SYNTHETIC_NOTICE)
    return source, layer


def write_soil_samples_gpkg(path, count: int = 60, seed: int = DEFAULT_SEED):
    """GeoPackage layer 'soil_samples' (points, EPSG:4326): sample_id, soc (g kg-1), ph, note."""

    path = Path(path)
    lon, lat, soc, ph = soil_samples(count, seed)
    with atomic_output(path, "sample soil points") as temporary:
        source, layer = _create_gpkg_layer(
            temporary,
            "soil_samples",
            ogr.wkbPoint,
            [
                ("sample_id", ogr.OFTInteger),
                ("soc", ogr.OFTReal),
                ("ph", ogr.OFTReal),
                ("note", ogr.OFTString),
            ],
        )
        layer.StartTransaction()
        for index in range(count):
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("sample_id", index + 1)
            feature.SetField("soc", float(soc[index]))
            feature.SetField("ph", float(ph[index]))
            feature.SetField("note", "SYNTHETIC sample (SOC in g kg-1)")
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(lon[index]), float(lat[index]))
            feature.SetGeometry(point)
            layer.CreateFeature(feature)
        layer.CommitTransaction()
        source = None  # noqa: F841  (closes the file)
    return path


def write_shifting_sand_gpkg(path, seed: int = DEFAULT_SEED):
    """GeoPackage layer 'shifting_sand' (one polygon, EPSG:4326) with name and area_km2."""

    path = Path(path)
    ring_xy = shifting_sand_outline(seed)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring_xy:
        ring.AddPoint_2D(float(x), float(y))
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    polygon = ogr.ForceToPolygon(polygon)
    geodesic_area_km2 = _geodesic_area_km2(ring_xy)
    with atomic_output(path, "sample shifting-sand outline") as temporary:
        source, layer = _create_gpkg_layer(
            temporary,
            "shifting_sand",
            ogr.wkbPolygon,
            [("name", ogr.OFTString), ("area_km2", ogr.OFTReal), ("note", ogr.OFTString)],
        )
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("name", "Shifting sand (SYNTHETIC Taklimakan-like outline)")
        feature.SetField("area_km2", round(geodesic_area_km2, 1))
        feature.SetField("note", SYNTHETIC_NOTICE)
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
        source = None  # noqa: F841
    return path


def _geodesic_area_km2(ring_xy: np.ndarray) -> float:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyproj warns about PROJ data; Geod needs none
            from pyproj import Geod
    except ImportError:  # pragma: no cover - pyproj is a Debian dependency of the project
        return float("nan")
    area, _ = Geod(ellps="WGS84").polygon_area_perimeter(ring_xy[:, 0], ring_xy[:, 1])
    return abs(area) / 1e6


# --------------------------------------------------------------------------------------------
# Everything at once: the sample-data folder.
# --------------------------------------------------------------------------------------------

SOIL_SAMPLES_FILE = "soil_samples.gpkg"
SHIFTING_SAND_FILE = "shifting_sand.gpkg"
STATION_FILE = "tazhong_station_ameriflux_base.csv"
MANIFEST_FILE = "sample-data.json"
README_FILE = "README.txt"


def generate_sample_data(
    folder,
    years=(2016, 2017),
    layout: str = "new",
    seed: int = DEFAULT_SEED,
    era5t_from=None,
    station: bool = True,
    progress=None,
) -> dict:
    """Write the whole SYNTHETIC sample set into ``folder``; files already up to date are kept.

    - one CDS-layout ERA5-like file a year (:func:`write_era5_years`);
    - the Tazhong station CSV (AmeriFlux BASE, half-hourly, Beijing time UTC+8, the years in
      local time), made by ``samples.sample_station.write_sample_station`` with its planted
      parameters from this module's soil climate (same seed, so it matches the ERA5-like files);
    - soil_samples.gpkg (points: soc g kg-1, ph) and shifting_sand.gpkg (one polygon);
    - sample-data.json (what was made, with which seed) and README.txt (SYNTHETIC notice).
    Returns the manifest as a dict with the paths.
    """

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    progress = as_progress(progress)
    years = sorted(int(y) for y in years)
    manifest_path = folder / MANIFEST_FILE
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    previous_keys = previous.get("fingerprints", {})

    era5 = write_era5_years(
        folder,
        years,
        layout=layout,
        seed=seed,
        era5t_from=era5t_from,
        progress=progress.sub(0.0, 0.7),
    )
    fingerprints = {}

    def up_to_date(name, key):
        fingerprints[name] = key
        return (folder / name).exists() and previous_keys.get(name) == key

    soil_key = _fingerprint(kind="soil", seed=seed, count=60)
    if not up_to_date(SOIL_SAMPLES_FILE, soil_key):
        write_soil_samples_gpkg(folder / SOIL_SAMPLES_FILE, seed=seed)
    sand_key = _fingerprint(kind="sand", seed=seed)
    if not up_to_date(SHIFTING_SAND_FILE, sand_key):
        write_shifting_sand_gpkg(folder / SHIFTING_SAND_FILE, seed=seed)
    progress.report(0.75, "soil samples and shifting-sand outline ready")

    station_info = None
    if station:
        station_info = _write_station(
            folder, years, seed, previous, up_to_date, progress.sub(0.75, 1.0)
        )
    manifest = {
        "notice": SYNTHETIC_NOTICE,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "years": years,
        "layout": layout,
        "era5t_from": None if era5t_from is None else str(np.datetime64(era5t_from, "s")),
        "grid": {
            "first_longitude": sample_grid().west_centre,
            "first_latitude": sample_grid().north_centre,
            "step_deg": sample_grid().step_lon,
            "nx": sample_grid().nx,
            "ny": sample_grid().ny,
        },
        "era5_files": [p.name for p in era5],
        "soil_samples": SOIL_SAMPLES_FILE,
        "shifting_sand": SHIFTING_SAND_FILE,
        "station": station_info,
        "fingerprints": fingerprints,
    }
    if manifest != previous:
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    readme = folder / README_FILE
    text = (
        f"{SYNTHETIC_NOTICE}\n\nMade by SandFlux (samples/sample_data.py, seed {seed}) for the "
        "demo and the tests. See sample-data.json for the files and their parameters.\n"
    )
    if not readme.exists() or readme.read_text(encoding="utf-8") != text:
        readme.write_text(text, encoding="utf-8")
    progress.report(1.0, "sample data ready")
    result = dict(manifest)
    result.update(
        folder=folder,
        era5_paths=era5,
        soil_samples_path=folder / SOIL_SAMPLES_FILE,
        shifting_sand_path=folder / SHIFTING_SAND_FILE,
        station_path=None if station_info is None else folder / station_info["file"],
    )
    return result


def _write_station(folder, years, seed, previous, up_to_date, progress):
    """The station CSV through samples.sample_station (owned by the calibration work)."""
    key = _fingerprint(
        kind="station", years=years, seed=seed, module=_module_digest(sample_station)
    )
    path = folder / STATION_FILE
    if not up_to_date(STATION_FILE, key):
        sample_station.write_sample_station(
            path,
            start_local=f"{years[0]:04d}-01-01T00:00",
            end_local=f"{years[-1] + 1:04d}-01-01T00:00",
            climate_seed=seed,
        )
    progress.report(1.0, "station CSV ready")
    return {
        "file": STATION_FILE,
        "site": sample_station.SITE_ID,
        "longitude": TAZHONG_LONGITUDE,
        "latitude": TAZHONG_LATITUDE,
        "utc_offset_hours": TAZHONG_UTC_OFFSET_HOURS,
        "soc_g_kg": STATION_SOIL_SOC_G_KG,
        "ph": STATION_SOIL_PH,
        "planted_parameters": {k: float(v) for k, v in sample_station.PLANTED_PARAMETERS.items()},
    }


def _module_digest(module) -> str:
    return hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()[:16]
