"""Hourly flux GeoTIFFs for the annual tests, written with GDAL directly (the brief's layout).

Written independently of core.formats.flux_raster (and its one GeoTIFF writer), so the annual
tests do not lean on the code they read with.
"""

import numpy as np
from osgeo import gdal, osr

NODATA = -9999.0
UNITS = "g CO2 m-2 s-1"
# A 4 x 3 grid of 0.25 deg cells in the Taklimakan: first point 83.5 E, 39.25 N.
WEST_CENTRE, NORTH_CENTRE, STEP, NX, NY = 83.5, 39.25, 0.25, 4, 3


def hours_of(start, stop):
    """UTC hours start <= t < stop as datetime64[s]."""
    return np.arange(np.datetime64(start, "h"), np.datetime64(stop, "h")).astype("datetime64[s]")


def write_flux_geotiff(
    path,
    times,
    flux,
    ratio_ci95=None,
    west_centre=WEST_CENTRE,
    north_centre=NORTH_CENTRE,
    step=STEP,
    model="desert",
    calibration_hash="cafe0123",
):
    """GeoTIFF one band an hour as the brief fixes it; NaN in ``flux`` is written as NoData."""
    flux = np.asarray(flux, dtype="float32")
    n, ny, nx = flux.shape
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path),
        nx,
        ny,
        n,
        gdal.GDT_Float32,
        ["COMPRESS=DEFLATE", "PREDICTOR=3", "INTERLEAVE=BAND"],
    )
    assert dataset is not None, f"GDAL cannot create {path}"
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.SetGeoTransform(
        (west_centre - step / 2, step, 0.0, north_centre + step / 2, 0.0, -step)
    )
    label = [str(np.datetime64(t, "s")) + "Z" for t in times]
    metadata = {
        "SANDFLUX_UNITS": UNITS,
        "SANDFLUX_SIGN_CONVENTION": "negative = uptake by the surface",
        "SANDFLUX_MODEL": model,
        "SANDFLUX_CALIBRATION_HASH": calibration_hash,
        "SANDFLUX_VERSION": "SandFlux test",
        "SANDFLUX_TIME_START": label[0],
        "SANDFLUX_TIME_END": label[-1],
    }
    if ratio_ci95 is not None:
        metadata["SANDFLUX_TOTAL_RATIO_CI95"] = f"{ratio_ci95[0]!r},{ratio_ci95[1]!r}"
    dataset.SetMetadata(metadata)
    written = np.where(np.isfinite(flux), flux, np.float32(NODATA))
    for index in range(n):
        band = dataset.GetRasterBand(index + 1)
        band.SetNoDataValue(NODATA)
        band.SetDescription(label[index])
        band.WriteArray(written[index])
    dataset.FlushCache()
    dataset = None
    return path


def constant_flux(times, value, ny=NY, nx=NX):
    return np.full((len(times), ny, nx), value, dtype="float32")
