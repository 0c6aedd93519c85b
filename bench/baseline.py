"""The plain reference: netCDF4-python + numpy + GDAL, no SandFlux code at all.

It does the pipeline's arithmetic the most direct way a scientist would write it, so the
benchmark can say how close SandFlux gets to "just read, evaluate, write, sum":

    flux    read the yearly ERA5 files (new CDS netCDF4 layout) a time chunk at a time,
            dTs/dt by backward difference (the hour before a chunk or a year carried over; the
            very first hour takes the forward difference), the desert scheme, and an hourly
            GeoTIFF a year: Float32, BAND interleave, DEFLATE + PREDICTOR=3, NoData -9999,
            EPSG:4326 half-cell geotransform, band description = the UTC hour;
    annual  read each GeoTIFF back and sum flux x 3600 s over the valid hours of each cell
            (g CO2 m-2 yr-1), NaN where fewer than 90 % of the year's hours are valid.

The desert scheme is written out again here rather than imported from core.model.models: the
baseline is meant to be an independent check of the pipeline's numbers (the smoke test compares
them), so it must not share the code it checks. The equation is the one documented in
core/model/models.py:

    F = k_pump dTs/dt + R_ref Q10^((Ts-288.15)/10) + k_pulse max(theta-theta_c, 0)
        - U_ref s exp(-gamma (Ts-288.15))          [g CO2 m-2 s-1, negative = uptake]

with s = 1 (station soil). Usage:

    python bench/baseline.py flux --output DIR --parameters JSON FILE...
    python bench/baseline.py annual --output DIR
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
CHUNK_HOURS = 1464  # 61 days
MIN_COVERAGE = 0.9
EPOCH = np.datetime64("1970-01-01T00:00:00", "s")
TIME_UNITS_SECONDS = {"seconds": 1, "hours": 3600, "days": 86400, "minutes": 60}

gdal.UseExceptions()


def desert_flux(p, ts_k, theta, dts_dt_k_h):
    """The desert scheme (g CO2 m-2 s-1, negative = uptake), float64, uptake scale 1."""
    return (
        p["k_pump"] * dts_dt_k_h
        + p["r_ref"] * p["q10"] ** ((ts_k - T_REF_K) / 10.0)
        + p["k_pulse"] * np.maximum(theta - p["theta_c"], 0.0)
        - p["u_ref"] * np.exp(-p["gamma"] * (ts_k - T_REF_K))
    )


def read_times(dataset):
    """The file's time axis as datetime64[s] (``valid_time`` in the new layout, else ``time``)."""
    name = "valid_time" if "valid_time" in dataset.variables else "time"
    variable = dataset.variables[name]
    unit, _, origin = variable.units.partition(" since ")
    origin = np.datetime64(origin.strip().replace(" ", "T").rstrip("Z"), "s")
    seconds = np.round(
        np.asarray(variable[:], dtype="float64") * TIME_UNITS_SECONDS[unit.strip()]
    ).astype("int64")
    return origin + seconds.astype("timedelta64[s]"), name


def compute_flux_year(path, output, parameters, previous=None):
    """One yearly file -> one hourly GeoTIFF. Returns the (last Ts, last hour) carried over."""
    with netCDF4.Dataset(path) as dataset:
        dataset.set_auto_mask(False)
        times, _ = read_times(dataset)
        latitudes = np.asarray(dataset.variables["latitude"][:], dtype="float64")
        longitudes = np.asarray(dataset.variables["longitude"][:], dtype="float64")
        flip = latitudes[0] < latitudes[-1]
        if flip:
            latitudes = latitudes[::-1]
        longitudes = np.where(longitudes >= 180.0, longitudes - 360.0, longitudes)
        order = np.argsort(longitudes, kind="stable")
        step_lon = float(longitudes[order][1] - longitudes[order][0])
        step_lat = float(latitudes[0] - latitudes[1])
        ny, nx = latitudes.size, longitudes.size
        hours = (times - EPOCH).astype("int64") / 3600.0

        driver = gdal.GetDriverByName("GTiff")
        raster = driver.Create(
            str(output),
            nx,
            ny,
            times.size,
            gdal.GDT_Float32,
            options=["INTERLEAVE=BAND", "COMPRESS=DEFLATE", "PREDICTOR=3", "BIGTIFF=IF_SAFER"],
        )
        raster.SetGeoTransform(
            (
                float(longitudes[order][0]) - step_lon / 2,
                step_lon,
                0.0,
                float(latitudes[0]) + step_lat / 2,
                0.0,
                -step_lat,
            )
        )
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        raster.SetProjection(srs.ExportToWkt())
        raster.GetRasterBand(1).SetNoDataValue(NODATA)  # one NoData for the whole GeoTIFF

        for first in range(0, times.size, CHUNK_HOURS):
            last = min(first + CHUNK_HOURS, times.size)
            ts = dataset.variables["stl1"][first:last].astype("float64")
            theta = dataset.variables["swvl1"][first:last].astype("float64")
            if flip:
                ts, theta = ts[:, ::-1], theta[:, ::-1]
            ts, theta = ts[:, :, order], theta[:, :, order]
            dts = np.empty_like(ts)
            dts[1:] = (ts[1:] - ts[:-1]) / np.diff(hours[first:last])[:, None, None]
            if previous is not None:
                dts[0] = (ts[0] - previous[0]) / (hours[first] - previous[1])
            elif ts.shape[0] > 1:
                dts[0] = dts[1]
            else:
                dts[0] = 0.0
            flux = desert_flux(parameters, ts, theta, dts).astype("float32")
            flux[~np.isfinite(flux)] = NODATA
            raster.WriteArray(flux, band_list=list(range(first + 1, last + 1)))
            previous = (ts[-1].copy(), hours[last - 1])
        for index, time in enumerate(times):
            raster.GetRasterBand(index + 1).SetDescription(str(time) + "Z")
        raster.SetMetadata(
            {
                "SANDFLUX_UNITS": "g CO2 m-2 s-1",
                "SANDFLUX_TIME_START": str(times[0]) + "Z",
                "SANDFLUX_TIME_END": str(times[-1]) + "Z",
            }
        )
        raster.FlushCache()
        raster = None
    return previous


def annual_sum(path):
    """Sum of flux x 3600 s over a GeoTIFF's valid hours (g CO2 m-2 yr-1; NaN below coverage)."""
    raster = gdal.Open(str(path))
    total = np.zeros((raster.RasterYSize, raster.RasterXSize), "float64")
    valid = np.zeros(total.shape, "int64")
    for first in range(0, raster.RasterCount, CHUNK_HOURS):
        count = min(CHUNK_HOURS, raster.RasterCount - first)
        block = raster.ReadAsArray(band_list=list(range(first + 1, first + count + 1)))
        block = block.reshape((count,) + total.shape)
        ok = block != NODATA
        total += np.where(ok, block, 0.0).sum(axis=0, dtype="float64") * 3600.0
        valid += ok.sum(axis=0)
    coverage = valid / raster.RasterCount
    raster = None
    return np.where(coverage >= MIN_COVERAGE, total, np.nan)


def run_flux(files, output, parameters):
    """Every yearly file (in time order) to ``output``/baseline_flux_<year>.tif."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    previous = None
    written = []
    for path in sorted(files, key=_first_time):
        year = str(_first_time(path).astype("datetime64[Y]"))
        target = output / f"baseline_flux_{year}.tif"
        previous = compute_flux_year(path, target, parameters, previous)
        written.append(target)
    return written


def run_annual(output):
    """Every baseline_flux_<year>.tif in ``output`` -> baseline_annual.npz (year -> sums)."""
    output = Path(output)
    sums = {
        path.stem.rsplit("_", 1)[1]: annual_sum(path)
        for path in sorted(output.glob("baseline_flux_*.tif"))
    }
    np.savez(output / "baseline_annual.npz", **sums)
    return sums


def _first_time(path):
    with netCDF4.Dataset(path) as dataset:
        times, _ = read_times(dataset)
    return times[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("flux", "annual"))
    parser.add_argument("--output", required=True)
    parser.add_argument("--parameters", help="desert-scheme parameters as JSON")
    parser.add_argument("files", nargs="*")
    args = parser.parse_intermixed_args(argv)
    if args.step == "flux":
        run_flux(args.files, args.output, json.loads(args.parameters))
    else:
        run_annual(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
