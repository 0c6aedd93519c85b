"""The flux raster on disk: GeoTIFF and netCDF layouts as the brief fixes them, read back."""

import numpy as np
import pytest
from osgeo import gdal, osr

from sandflux.core.formats.flux_raster import (
    create_flux_writer,
    flux_metadata,
    open_flux_raster,
    parse_ratio_ci95,
)
from sandflux.core.infra.constants import NODATA
from sandflux.core.infra.errors import OutputError
from sandflux.core.infra.grid import Grid

GRID = Grid(west_centre=77.5, north_centre=41.25, step_lon=0.25, step_lat=0.25, nx=4, ny=3)


def _hours(start, n):
    return np.datetime64(start, "s") + np.arange(n).astype("timedelta64[h]")


def _block(n, seed=0):
    data = np.random.default_rng(seed).normal(0, 1e-6, (n, GRID.ny, GRID.nx)).astype("float32")
    data[:, 0, 0] = np.nan
    return data


def _write(path, times, data, ratio=None):
    metadata = flux_metadata("desert", "abc123", times, ratio)
    with create_flux_writer(path, GRID, times, metadata, chunk_hours=2) as writer:
        writer.write(0, data[:3])
        writer.write(3, data[3:])


def test_geotiff_has_the_layout_of_the_brief(tmp_path):
    times = _hours("2016-12-31T20:00", 4)
    data = _block(4)
    path = tmp_path / "flux.tif"
    _write(path, times, data, ratio=(0.8, 1.25))

    ds = gdal.Open(str(path))
    assert ds.RasterCount == 4
    assert ds.GetGeoTransform() == pytest.approx((77.375, 0.25, 0.0, 41.375, 0.0, -0.25))
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    srs.AutoIdentifyEPSG()
    assert srs.GetAuthorityCode(None) == "4326"
    assert ds.GetMetadataItem("INTERLEAVE", "IMAGE_STRUCTURE") == "BAND"
    assert ds.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE") == "DEFLATE"
    assert ds.GetMetadataItem("PREDICTOR", "IMAGE_STRUCTURE") == "3"
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(4)] == [
        "2016-12-31T20:00:00Z",
        "2016-12-31T21:00:00Z",
        "2016-12-31T22:00:00Z",
        "2016-12-31T23:00:00Z",
    ]
    band = ds.GetRasterBand(2)
    assert band.DataType == gdal.GDT_Float32
    assert band.GetNoDataValue() == NODATA
    raw = band.ReadAsArray()
    assert raw[0, 0] == NODATA
    np.testing.assert_array_equal(raw[1:], data[1, 1:])
    metadata = ds.GetMetadata()
    assert metadata["SANDFLUX_UNITS"] == "g CO2 m-2 s-1"
    assert metadata["SANDFLUX_MODEL"] == "desert"
    assert metadata["SANDFLUX_CALIBRATION_HASH"] == "abc123"
    assert metadata["SANDFLUX_TIME_START"] == "2016-12-31T20:00:00Z"
    assert metadata["SANDFLUX_TIME_END"] == "2016-12-31T23:00:00Z"
    assert metadata["SANDFLUX_TOTAL_RATIO_CI95"] == "0.8,1.25"
    assert "uptake" in metadata["SANDFLUX_SIGN_CONVENTION"]
    assert metadata["SANDFLUX_VERSION"].startswith("SandFlux ")
    assert not list(tmp_path.glob("*.aux.xml"))


@pytest.mark.parametrize("name", ["flux.tif", "flux.nc"])
def test_reader_returns_what_was_written_with_nan_for_nodata(tmp_path, name):
    # netCDF may cross the new year; a GeoTIFF may not.
    times = (
        _hours("2016-12-31T19:00", 5) if name.endswith(".tif") else _hours("2016-12-31T22:00", 5)
    )
    data = _block(5, seed=1)
    path = tmp_path / name
    _write(path, times, data, ratio=(0.5, 2.0))
    with open_flux_raster(path) as raster:
        assert raster.grid.same_as(GRID)
        np.testing.assert_array_equal(raster.times, times)
        np.testing.assert_array_equal(raster.read(), data)
        np.testing.assert_array_equal(raster.read(1, 3), data[1:3])
        np.testing.assert_array_equal(
            raster.read(2, 4, (slice(1, 3), slice(2, 4))), data[2:4, 1:3, 2:4]
        )
        assert raster.read().dtype == np.float32
        assert raster.metadata["SANDFLUX_MODEL"] == "desert"
        assert raster.total_ratio_ci95 == (0.5, 2.0)


def test_geotiff_of_five_hours_crossing_new_year_is_refused(tmp_path):
    times = _hours("2016-12-31T22:00", 5)
    with pytest.raises(OutputError, match=r"one calendar year.*\.nc"):
        create_flux_writer(tmp_path / "flux.tif", GRID, times, flux_metadata("q10", "h", times))


def test_netcdf_is_cf_with_grid_mapping_compression_and_time_chunks(tmp_path):
    import netCDF4

    times = _hours("2016-12-31T22:00", 5)
    path = tmp_path / "flux.nc"
    _write(path, times, _block(5))
    with netCDF4.Dataset(path) as ds:
        assert ds.Conventions == "CF-1.8"
        flux = ds["co2_flux"]
        assert flux.dimensions == ("time", "latitude", "longitude")
        assert flux.dtype == np.float32
        assert flux.grid_mapping == "crs"
        assert flux.filters()["zlib"]
        assert flux.chunking() == [2, GRID.ny, GRID.nx]
        assert ds["crs"].grid_mapping_name == "latitude_longitude"
        assert ds["time"].units == "hours since 1970-01-01 00:00:00"
        # 2016-12-31T22Z is 411070 h after the epoch (17166 days * 24 + 22).
        assert ds["time"][0] == 17166 * 24 + 22
        assert ds.SANDFLUX_UNITS == "g CO2 m-2 s-1"
    ds = gdal.Open(f'NETCDF:"{path}":co2_flux')
    assert ds.GetGeoTransform() == pytest.approx((77.375, 0.25, 0.0, 41.375, 0.0, -0.25))
    assert ds.RasterCount == 5


def test_ratio_ci95_absent_gives_none():
    assert parse_ratio_ci95({}) is None
