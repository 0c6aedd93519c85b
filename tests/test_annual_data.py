"""Synthetic hourly flux rasters for the annual tests, written with GDAL directly (brief layout).

Written here independently of core.formats.flux_raster, so the annual tests do not lean on the
code they
read with; test_annual.py also uses flux_io's writer once. The helpers are imported by the
other test_annual*.py files.
"""
import numpy as np
import pytest
from osgeo import gdal, osr

gdal.UseExceptions()

NODATA = -9999.0
UNITS = "g CO2 m-2 s-1"
# A 4 x 3 grid of 0.25 deg cells in the Taklimakan: first point 83.5 E, 39.25 N.
WEST_CENTRE, NORTH_CENTRE, STEP, NX, NY = 83.5, 39.25, 0.25, 4, 3


def hours_of(start, stop):
    """UTC hours start <= t < stop as datetime64[s]."""
    return np.arange(np.datetime64(start, "h"), np.datetime64(stop, "h")).astype("datetime64[s]")


def write_flux_geotiff(path, times, flux, ratio_ci95=None, west_centre=WEST_CENTRE,
                       north_centre=NORTH_CENTRE, step=STEP, model="desert",
                       calibration_hash="cafe0123"):
    """GeoTIFF one band an hour as the brief fixes it; NaN in ``flux`` is written as NoData."""
    flux = np.asarray(flux, dtype="float32")
    n, ny, nx = flux.shape
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path), nx, ny, n, gdal.GDT_Float32,
        ["COMPRESS=DEFLATE", "PREDICTOR=3", "INTERLEAVE=BAND"])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.SetGeoTransform((west_centre - step / 2, step, 0.0, north_centre + step / 2, 0.0,
                             -step))
    label = [str(np.datetime64(t, "s")) + "Z" for t in times]
    metadata = {"SANDFLUX_UNITS": UNITS,
                "SANDFLUX_SIGN_CONVENTION": "negative = uptake by the surface",
                "SANDFLUX_MODEL": model, "SANDFLUX_CALIBRATION_HASH": calibration_hash,
                "SANDFLUX_VERSION": "SandFlux test", "SANDFLUX_TIME_START": label[0],
                "SANDFLUX_TIME_END": label[-1]}
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


def test_the_written_raster_reads_back_with_the_briefs_layout(tmp_path):
    times = hours_of("2016-12-31T22", "2017-01-01T00")
    flux = np.arange(2 * NY * NX, dtype="float32").reshape(2, NY, NX) * 1e-7
    flux[1, 2, 3] = np.nan
    path = write_flux_geotiff(tmp_path / "f.tif", times, flux, ratio_ci95=(0.8, 1.25))
    dataset = gdal.Open(str(path))
    assert dataset.GetGeoTransform() == pytest.approx((83.375, 0.25, 0, 39.375, 0, -0.25))
    assert dataset.GetRasterBand(2).GetDescription() == "2016-12-31T23:00:00Z"
    assert dataset.GetRasterBand(2).ReadAsArray()[2, 3] == NODATA
    assert dataset.GetMetadataItem("SANDFLUX_TOTAL_RATIO_CI95") == "0.8,1.25"
    assert dataset.GetMetadataItem("PREDICTOR", "IMAGE_STRUCTURE") == "3"


def test_flux_io_reads_the_independently_written_raster(tmp_path):
    from sandflux.core.formats.flux_raster import open_flux_raster
    times = hours_of("2016-03-01T00", "2016-03-01T05")
    flux = np.random.default_rng(0).normal(0, 1e-6, (5, NY, NX)).astype("float32")
    flux[2, 0, 0] = np.nan
    path = write_flux_geotiff(tmp_path / "f.tif", times, flux)
    with open_flux_raster(path) as raster:
        np.testing.assert_array_equal(raster.times, times)
        np.testing.assert_array_equal(raster.read(0, 5), flux)
        assert raster.grid.west_centre == pytest.approx(WEST_CENTRE)
