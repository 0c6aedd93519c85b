"""The importer on genuine ECMWF-written files (tests/data/real, see PROVENANCE.md there).

Reference numbers come from ecCodes (grib_get_data, quoted in PROVENANCE.md, or the eccodes
Python bindings) and from netCDF4-python's own unpacking, never from SandFlux code.
"""

import datetime
import shutil

import eccodes
import netCDF4
import numpy as np
import pytest
from osgeo import gdal

from helpers.paths import TEST_DATA
from sandflux.core.formats.forcing import gdal_name, open_forcing
from sandflux.core.tools.import_era5 import import_era5

REAL = TEST_DATA / "real"
SOIL_GRIB = REAL / "soil-surface-level-mix.grib"
T2M_GRIB = REAL / "era5-single-level-scalar-time.grib"
LEGACY_NC = REAL / "era5_2t_legacy_cds.nc"


@pytest.fixture
def inputs(tmp_path):
    """Copies of the real files in their own folder (to prove nothing is written beside them)."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    for path in (SOIL_GRIB, T2M_GRIB, LEGACY_NC):
        shutil.copy(path, folder / path.name)
    return folder


def grib_values(path, short_name):
    """(values as a (ny, nx) array, first lat, first lon) of a message, read with ecCodes."""
    with open(path, "rb") as stream:
        while True:
            handle = eccodes.codes_grib_new_from_file(stream)
            if handle is None:
                raise KeyError(short_name)
            try:
                if eccodes.codes_get(handle, "shortName") == short_name:
                    nx = eccodes.codes_get(handle, "Ni")
                    ny = eccodes.codes_get(handle, "Nj")
                    values = eccodes.codes_get_values(handle).reshape(ny, nx)
                    return (
                        values,
                        eccodes.codes_get(handle, "latitudeOfFirstGridPointInDegrees"),
                        eccodes.codes_get(handle, "longitudeOfFirstGridPointInDegrees"),
                    )
            finally:
                eccodes.codes_release(handle)


def test_real_grib_soil_values_equal_the_eccodes_reference(inputs, tmp_path):
    before = sorted(p.name for p in inputs.iterdir())
    result = import_era5([inputs / SOIL_GRIB.name], tmp_path / "out.nc")
    with open_forcing(result.path) as forcing:
        stl1, swvl1 = forcing.read()
        assert forcing.times.tolist() == [datetime.datetime(2022, 1, 1)]
    # grib_get_data reference values (PROVENANCE.md), to float32 precision.
    assert stl1[0, 0, 0] == np.float32(284.44848633)
    assert stl1[0, 0, 1] == np.float32(283.51293945)
    assert swvl1[0, 0, 1] == np.float32(0.38830295578)
    assert stl1.mean(dtype="float64") == pytest.approx(281.872, abs=5e-4)
    # The 36-point mean includes the sea point's -2.7e-06, which the import sets to 0.
    assert swvl1.mean(dtype="float64") == pytest.approx(0.253802, abs=1e-6)
    # Every point equals ecCodes' own decoding (the values are float32 in the file).
    reference, _, _ = grib_values(inputs / SOIL_GRIB.name, "stl1")
    np.testing.assert_array_equal(stl1[0], reference.astype("float32"))
    reference, _, _ = grib_values(inputs / SOIL_GRIB.name, "swvl1")
    negative = reference < 0
    assert negative.any() and reference[negative].min() > -1e-5
    assert (swvl1[0][negative] == 0).all()
    np.testing.assert_array_equal(swvl1[0][~negative], reference[~negative].astype("float32"))
    # cfgrib kept its index files elsewhere: the input folder is unchanged.
    assert sorted(p.name for p in inputs.iterdir()) == before


def test_real_grib_output_has_the_half_cell_geotransform_in_gdal(inputs, tmp_path):
    result = import_era5([inputs / SOIL_GRIB.name], tmp_path / "out.nc")
    dataset = gdal.Open(gdal_name(result.path, "stl1"))
    # First point 0 E, 50 N at 2 deg: origin (-1, 51).
    assert dataset.GetGeoTransform() == (-1.0, 2.0, 0.0, 51.0, 0.0, -2.0)
    assert dataset.GetSpatialRef().GetAuthorityCode(None) == "4326"
    assert dataset.RasterCount == 1


def moisture_companion(source, target, value=0.2):
    """A swvl1 (paramId 39) GRIB on the grid of the real 2t message, written with ecCodes."""
    with open(source, "rb") as stream, open(target, "wb") as sink:
        handle = eccodes.codes_grib_new_from_file(stream)
        clone = eccodes.codes_clone(handle)
        eccodes.codes_set(clone, "paramId", 39)
        eccodes.codes_set_values(clone, np.full(eccodes.codes_get_size(clone, "values"), value))
        eccodes.codes_write(clone, sink)
        eccodes.codes_release(clone)
        eccodes.codes_release(handle)


def test_real_quarter_degree_grib_gets_the_right_geotransform_and_values(inputs, tmp_path):
    moisture = tmp_path / "swvl1.grib"
    moisture_companion(inputs / T2M_GRIB.name, moisture)
    before = sorted(p.name for p in inputs.iterdir())
    result = import_era5(
        [inputs / T2M_GRIB.name, moisture], tmp_path / "out.nc", temperature_variable="2t"
    )
    dataset = gdal.Open(gdal_name(result.path, "stl1"))
    # First point 60 N, -10 E at 0.25 deg: origin (-10.125, 60.125).
    assert dataset.GetGeoTransform() == (-10.125, 0.25, 0.0, 60.125, 0.0, -0.25)
    assert dataset.GetSpatialRef().GetAuthorityCode(None) == "4326"
    assert (dataset.RasterXSize, dataset.RasterYSize) == (201, 121)
    reference, lat0, lon0 = grib_values(inputs / T2M_GRIB.name, "2t")
    assert (lat0, lon0) == (60.0, -10.0)
    np.testing.assert_array_equal(
        dataset.GetRasterBand(1).ReadAsArray(), reference.astype("float32")
    )
    with open_forcing(result.path) as forcing:
        assert forcing.times.tolist() == [datetime.datetime(2017, 1, 1, 12)]
    assert sorted(p.name for p in inputs.iterdir()) == before


def test_real_quarter_degree_grib_clipped_by_extent(inputs, tmp_path):
    moisture = tmp_path / "swvl1.grib"
    moisture_companion(inputs / T2M_GRIB.name, moisture)
    result = import_era5(
        [inputs / T2M_GRIB.name, moisture],
        tmp_path / "out.nc",
        temperature_variable="t2m",
        extent=(-1.0, 50.0, 1.0, 52.0),
    )
    dataset = gdal.Open(gdal_name(result.path, "stl1"))
    assert dataset.GetGeoTransform() == (-1.125, 0.25, 0.0, 52.125, 0.0, -0.25)
    reference, _, _ = grib_values(inputs / T2M_GRIB.name, "2t")
    # Rows 60-52 = 8 .. 60-50 = 10 (x4), columns (-1+10)x4 = 36 .. (1+10)x4 = 44.
    np.testing.assert_array_equal(
        dataset.GetRasterBand(1).ReadAsArray(), reference[32:41, 36:45].astype("float32")
    )


def legacy_copy_with_soil_variables(tmp_path, rename=True):
    """A copy of the real legacy file: t2m renamed to stl1 (packing kept) plus a packed swvl1."""
    path = tmp_path / "legacy.nc"
    shutil.copy(LEGACY_NC, path)
    with netCDF4.Dataset(path, "a") as ds:
        if rename:
            ds.renameVariable("t2m", "stl1")
        ds.createVariable(
            "swvl1", "i2", ("time", "latitude", "longitude"), fill_value=np.int16(-32767)
        )
        ds["swvl1"].scale_factor = 1e-5
        ds["swvl1"].add_offset = 0.3
        ds["swvl1"].units = "m**3 m**-3"
        ds["swvl1"].set_auto_maskandscale(False)
        ds["swvl1"][:] = np.arange(9 * 18, dtype="int16").reshape(1, 9, 18) * 10
    return path


def test_real_legacy_packed_netcdf_decodes_like_netcdf4_python(tmp_path):
    path = legacy_copy_with_soil_variables(tmp_path)
    result = import_era5([path], tmp_path / "out.nc")
    with netCDF4.Dataset(LEGACY_NC) as ds:  # netCDF4-python's own unpacking of the original
        reference = ds["t2m"][:].filled(np.nan)
        lon = ds["longitude"][:].data
        hours_since_1900 = int(ds["time"][0])
    with open_forcing(result.path) as forcing:
        stl1, swvl1 = forcing.read()
        out_lon = forcing.grid.longitudes
        times = forcing.times
    assert times.tolist() == [
        datetime.datetime(1900, 1, 1) + datetime.timedelta(hours=hours_since_1900)
    ]
    # 0..340 E became -180..160 E: each output column is the original column at lon % 360.
    np.testing.assert_array_equal(out_lon, np.arange(-180.0, 180.0, 20.0))
    columns = [int(np.flatnonzero(lon == value % 360)[0]) for value in out_lon]
    np.testing.assert_array_equal(stl1, reference[:, :, columns].astype("float32"))
    assert result.grid.geotransform == (-190.0, 20.0, 0.0, 90.0, 0.0, -20.0)
    with netCDF4.Dataset(path) as ds:
        np.testing.assert_array_equal(swvl1, ds["swvl1"][:][:, :, columns].astype("float32"))


def test_real_legacy_netcdf_with_temperature_variable_override(tmp_path):
    path = legacy_copy_with_soil_variables(tmp_path, rename=False)
    result = import_era5([path], tmp_path / "out.nc", temperature_variable="t2m")
    with netCDF4.Dataset(LEGACY_NC) as ds:
        reference = ds["t2m"][:].filled(np.nan)
    with open_forcing(result.path) as forcing:
        stl1, _ = forcing.read()
        # Column of 0 E is at index 9 of -180..160 in 20 deg steps.
        np.testing.assert_array_equal(stl1[0, :, 9], reference[0, :, 0].astype("float32"))


def test_grib_time_series_from_real_messages_is_read_in_time_order(tmp_path):
    """Messages of the real soil GRIB cloned with ecCodes to hours 2, 0, 1 (values + hour)."""
    series = tmp_path / "series.grib"
    with open(SOIL_GRIB, "rb") as stream, open(series, "wb") as sink:
        while True:
            handle = eccodes.codes_grib_new_from_file(stream)
            if handle is None:
                break
            if eccodes.codes_get(handle, "shortName") in ("stl1", "swvl1"):
                for hour in (2, 0, 1):
                    clone = eccodes.codes_clone(handle)
                    eccodes.codes_set(clone, "dataTime", hour * 100)
                    if eccodes.codes_get(clone, "shortName") == "stl1":
                        eccodes.codes_set_values(clone, eccodes.codes_get_values(clone) + hour)
                    eccodes.codes_write(clone, sink)
                    eccodes.codes_release(clone)
            eccodes.codes_release(handle)
    result = import_era5([series], tmp_path / "out.nc", time_chunk=2)
    reference, _, _ = grib_values(SOIL_GRIB, "stl1")
    with open_forcing(result.path) as forcing:
        assert forcing.times.tolist() == [datetime.datetime(2022, 1, 1, h) for h in range(3)]
        stl1, _ = forcing.read()
    for hour in range(3):
        np.testing.assert_allclose(stl1[hour], reference + hour, atol=2e-3)
