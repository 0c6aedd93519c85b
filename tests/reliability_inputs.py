"""Small, odd input files for the reliability tests (catalogue, atomic outputs, fuzz, concurrency).

Every writer here makes one file the way a scientist might have it: a half-hourly station CSV, a
forcing file, a calibration JSON, points and rasters (ERA5 downloads: cds_files.py). Values are
planted so that a test can say what a correct result is.
"""
import hashlib
import os
from pathlib import Path

import netCDF4
import numpy as np

from sandflux.core.model.calibration_file import Calibration, save_calibration
from sandflux.core.formats.forcing import write_forcing
from sandflux.core.infra.grid import Grid


GRID = Grid(west_centre=77.5, north_centre=41.25, step_lon=0.25, step_lat=0.25, nx=4, ny=3)
DESERT_PARAMETERS = {"k_pump": 2e-6, "r_ref": 1.5e-6, "q10": 2.2, "k_pulse": 4e-5,
                     "theta_c": 0.04, "u_ref": 3e-6, "gamma": 0.04}


def read_forcing_arrays(path):
    """(times datetime64[s], lat, lon, stl1, swvl1) of a forcing file, read with netCDF4."""
    with netCDF4.Dataset(path) as ds:
        hours_since = np.asarray(ds["time"][:], dtype="float64")
        times = (np.datetime64("1970-01-01T00:00:00", "s")
                 + np.round(hours_since * 3600).astype("int64").astype("timedelta64[s]"))
        return (times, np.asarray(ds["latitude"][:]), np.asarray(ds["longitude"][:]),
                ds["stl1"][:].filled(np.nan), ds["swvl1"][:].filled(np.nan))


# -- station files ------------------------------------------------------------------------------

STATION_HEADER = "TIMESTAMP_START,TIMESTAMP_END,FC,TS_1_1_1,SWC_1_1_1"


def station_rows(n_records=96 * 3, start="2016-07-01T00:00", flux_umol=None, ts_degc=None,
                 swc_percent=None):
    """AmeriFlux BASE half-hourly rows (TIMESTAMP_START/END YYYYMMDDHHMM, FC, TS, SWC)."""
    first = np.datetime64(start, "m")
    starts = first + np.arange(n_records) * np.timedelta64(30, "m")
    hour = (starts - starts.astype("datetime64[D]")).astype("int64") / 60.0
    flux = (-0.3 + 0.8 * np.sin(2 * np.pi * (hour - 6) / 24)) if flux_umol is None else flux_umol
    ts = (25 + 10 * np.sin(2 * np.pi * (hour - 8) / 24)) if ts_degc is None else ts_degc
    swc = np.full(n_records, 4.0) if swc_percent is None else swc_percent
    rows = []
    for i, begin in enumerate(starts):
        end = begin + np.timedelta64(30, "m")
        rows.append(f"{_stamp(begin)},{_stamp(end)},{_cell(flux, i)},{_cell(ts, i)},"
                    f"{_cell(swc, i)}")
    return rows


def _cell(values, i):
    value = values[i] if np.ndim(values) else values
    return value if isinstance(value, str) else f"{float(value):.4f}"


def _stamp(moment) -> str:
    return str(moment.astype("datetime64[m]")).replace("-", "").replace("T", "").replace(":", "")


def write_station(path, rows=None, header=STATION_HEADER, comments=("# Site: XX-Rel",)):
    """An AmeriFlux-style station CSV from ``rows`` (default: three clean days)."""
    rows = station_rows() if rows is None else rows
    lines = list(comments) + ([header] if header is not None else []) + list(rows)
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return Path(path)


# -- forcing, calibration, vectors, rasters -----------------------------------------------------

def make_forcing(path, times, grid=GRID, chunk=6, seed=0):
    """A forcing file (core.formats.forcing.write_forcing) with a diurnal stl1 and swvl1 ~0.05."""
    times = np.asarray(times, dtype="datetime64[s]")
    rng = np.random.default_rng(seed)
    hour = (times - times.astype("datetime64[D]")).astype("int64") / 3600.0
    stl1 = (285.0 + rng.uniform(-3, 3, grid.shape)
            + 8 * np.sin(2 * np.pi * hour[:, None, None] / 24.0)).astype("float32")
    swvl1 = (0.05 + rng.uniform(-0.02, 0.02, (times.size,) + grid.shape)).astype("float32")
    chunks = ((times[i:i + chunk], stl1[i:i + chunk], swvl1[i:i + chunk])
              for i in range(0, times.size, chunk))
    write_forcing(path, grid, chunks, time_chunk=chunk)
    return Path(path)


def hourly_times(start, n):
    return np.datetime64(start, "s") + np.arange(n).astype("timedelta64[h]")


def make_calibration(path, model_name="desert", parameters=None, station=None):
    calibration = Calibration(model_name=model_name,
                              parameters=dict(parameters or DESERT_PARAMETERS),
                              station=dict(station if station is not None
                                           else {"soc": 2.0, "ph": 9.0}))
    save_calibration(calibration, path)
    return Path(path)


def box(west, south, east, north):
    return [(west, south), (east, south), (east, north), (west, north)]


def write_raster(path, array, geotransform, nodata=None, epsg=4326, descriptions=None):
    """A Float32 GeoTIFF (one band, or one a leading index of a 3-D array)."""
    from osgeo import gdal, osr
    gdal.UseExceptions()
    array = np.asarray(array, dtype="float32")
    bands = array if array.ndim == 3 else array[np.newaxis]
    ds = gdal.GetDriverByName("GTiff").Create(str(path), bands.shape[2], bands.shape[1],
                                              bands.shape[0], gdal.GDT_Float32)
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    for index, values in enumerate(bands):
        band = ds.GetRasterBand(index + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        if descriptions:
            band.SetDescription(descriptions[index])
        band.WriteArray(values)
    ds = None
    return Path(path)


def write_points(path, points, fields=("SOC", "pH"), layer="samples"):
    """A GeoPackage point layer: points = [(lon, lat, {field: value}), ...]."""
    from osgeo import ogr, osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    out = source.CreateLayer(layer, srs, ogr.wkbPoint)
    for name in fields:
        out.CreateField(ogr.FieldDefn(name, ogr.OFTReal))
    for lon, lat, values in points:
        feature = ogr.Feature(out.GetLayerDefn())
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(lon, lat)
        feature.SetGeometry(point)
        for name, value in values.items():
            feature.SetField(name, value)
        out.CreateFeature(feature)
    source = None
    return Path(path)


# -- what a folder holds ------------------------------------------------------------------------

def folder_state(folder):
    """{relative name: (sha256, mtime_ns, size)} of every file under ``folder`` (hidden too)."""
    state = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            stat = path.stat()
            state[str(path.relative_to(folder))] = (digest, stat.st_mtime_ns, stat.st_size)
    return state


def leftovers(folder):
    """Every entry of ``folder`` (hidden temporary siblings included), sorted by name."""
    folder = Path(folder)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
