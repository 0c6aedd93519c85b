"""The plain script: the ERA5 downloads -> an hourly GeoTIFF a year + annual sums, in one pass.

What a scientist would write with netCDF4-python + numpy + GDAL, and no SandFlux code (the
desert scheme written out again, as in baseline.py): for each yearly download, in time order,

    read the whole year of stl1 and swvl1 (one read a variable), put latitudes north first and
    longitudes in -180..180 ascending, dTs/dt by backward difference (the last hour of the
    previous year carried over; the very first hour takes the forward difference), the desert
    scheme in float64 with uptake scale 1, and
    write one GeoTIFF: Float32, one band an hour, INTERLEAVE=BAND, DEFLATE + PREDICTOR=3 +
    ZLEVEL=1 (the creation options of SandFlux's flux rasters, so both write the same bytes of
    pixels), NoData -9999, EPSG:4326 half-cell geotransform, band description = the UTC hour;
    sum the year's flux x 3600 s over the valid hours of each cell, scaled to the whole year,
    NaN below 90 % coverage (g CO2 m-2 yr-1), from the values in memory (nothing read back).

It is the reference of the issue "read the downloads, don't copy them": SandFlux's one-pass flux
tool should stay within 1.5x of its wall time.

    python bench/plain_script.py --output DIR --parameters JSON FILE...

writes DIR/plain_flux_<year>.tif and DIR/plain_annual.npz (year -> field).
"""

import argparse
import json
import sys
from pathlib import Path

import netCDF4
import numpy as np
from osgeo import gdal, osr

NODATA = -9999.0
T_REF_K = 288.15
MIN_COVERAGE = 0.9
EPOCH = np.datetime64("1970-01-01T00:00:00", "s")
SECONDS = {"seconds": 1, "hours": 3600, "days": 86400, "minutes": 60}
OPTIONS = ["INTERLEAVE=BAND", "COMPRESS=DEFLATE", "PREDICTOR=3", "ZLEVEL=1", "BIGTIFF=IF_SAFER"]

gdal.UseExceptions()


def desert(p, ts_k, theta, dts_dt_k_h):
    """The desert scheme (g CO2 m-2 s-1, negative = uptake), float64, uptake scale 1."""
    return (
        p["k_pump"] * dts_dt_k_h
        + p["r_ref"] * p["q10"] ** ((ts_k - T_REF_K) / 10.0)
        + p["k_pulse"] * np.maximum(theta - p["theta_c"], 0.0)
        - p["u_ref"] * np.exp(-p["gamma"] * (ts_k - T_REF_K))
    )


def times_of(dataset):
    name = "valid_time" if "valid_time" in dataset.variables else "time"
    variable = dataset.variables[name]
    unit, _, origin = variable.units.partition(" since ")
    origin = np.datetime64(origin.strip().replace(" ", "T").rstrip("Z"), "s")
    seconds = np.round(np.asarray(variable[:], "float64") * SECONDS[unit.strip()]).astype("int64")
    return origin + seconds.astype("timedelta64[s]")


def one_year(path, output, parameters, previous):
    """One yearly download -> its GeoTIFF; returns (annual field, year, carried (Ts, hour))."""
    with netCDF4.Dataset(path) as dataset:
        dataset.set_auto_mask(False)
        times = times_of(dataset)
        lat = np.asarray(dataset.variables["latitude"][:], "float64")
        lon = np.asarray(dataset.variables["longitude"][:], "float64")
        lon = np.where(lon >= 180.0, lon - 360.0, lon)
        order = np.argsort(lon, kind="stable")
        ts = np.asarray(dataset.variables["stl1"][:], "float64")
        theta = np.asarray(dataset.variables["swvl1"][:], "float64")
    if lat[0] < lat[-1]:
        lat, ts, theta = lat[::-1], ts[:, ::-1], theta[:, ::-1]
    ts, theta, lon = ts[:, :, order], theta[:, :, order], lon[order]
    hours = (times - EPOCH).astype("int64") / 3600.0
    dts = np.empty_like(ts)
    dts[1:] = (ts[1:] - ts[:-1]) / np.diff(hours)[:, None, None]
    if previous is not None:
        dts[0] = (ts[0] - previous[0]) / (hours[0] - previous[1])
    else:
        dts[0] = dts[1] if ts.shape[0] > 1 else 0.0
    flux = desert(parameters, ts, theta, dts).astype("float32")

    step_lon, step_lat = float(lon[1] - lon[0]), float(lat[0] - lat[1])
    raster = gdal.GetDriverByName("GTiff").Create(
        str(output), lon.size, lat.size, times.size, gdal.GDT_Float32, options=OPTIONS
    )
    raster.SetGeoTransform(
        (lon[0] - step_lon / 2, step_lon, 0.0, lat[0] + step_lat / 2, 0.0, -step_lat)
    )
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    raster.SetProjection(srs.ExportToWkt())
    raster.WriteArray(
        np.where(np.isfinite(flux), flux, np.float32(NODATA)),
        band_list=list(range(1, times.size + 1)),
    )
    for index, time in enumerate(times):
        band = raster.GetRasterBand(index + 1)
        band.SetNoDataValue(NODATA)
        band.SetDescription(str(time) + "Z")
    raster = None

    year = int(str(times[0].astype("datetime64[Y]")))
    year_hours = 8784 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 8760
    valid = np.isfinite(flux)
    total = np.where(valid, flux, 0.0).sum(axis=0, dtype="float64") * 3600.0
    count = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        annual = np.where(count / year_hours >= MIN_COVERAGE, total * year_hours / count, np.nan)
    return annual, year, (ts[-1].copy(), hours[-1])


def run(files, output, parameters):
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    previous = None
    sums = {}
    for path in sorted(files, key=_first_time):
        year = str(_first_time(path).astype("datetime64[Y]"))
        annual, year, previous = one_year(
            path, output / f"plain_flux_{year}.tif", parameters, previous
        )
        sums[str(year)] = annual
    np.savez(output / "plain_annual.npz", **sums)
    return sums


def _first_time(path):
    with netCDF4.Dataset(path) as dataset:
        return times_of(dataset)[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True)
    parser.add_argument("--parameters", required=True, help="desert-scheme parameters as JSON")
    parser.add_argument("files", nargs="+")
    args = parser.parse_intermixed_args(argv)
    run(args.files, args.output, json.loads(args.parameters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
