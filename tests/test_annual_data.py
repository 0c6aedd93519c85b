"""The independent flux GeoTIFF writer of the annual tests (helpers/flux_rasters.py) writes the
brief's layout, and core.formats.flux_raster reads it."""

import numpy as np
import pytest
from osgeo import gdal

from helpers.flux_rasters import NODATA, NX, NY, WEST_CENTRE, hours_of, write_flux_geotiff


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
