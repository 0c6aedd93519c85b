"""ERA5 layouts without real samples: files written by helpers.cds (netCDF4-python), values planted.

Each test writes a small file the way the Climate Data Store lays it out, imports it, and
compares the forcing file with the planted numbers (read back with netCDF4-python).
"""

import re
import tempfile
import zipfile

import netCDF4
import numpy as np
import pytest

from helpers.cds import (
    LAT,
    LON,
    hours,
    planted_moisture,
    planted_temperature_k,
    write_legacy_cds,
    write_new_cds,
)
from sandflux.core.infra.errors import (
    Cancelled,
    GridError,
    InputFileError,
    UnitsError,
    VariableError,
)
from sandflux.core.infra.progress import Progress
from sandflux.core.inputs import era5
from sandflux.core.tools.import_era5 import import_era5


def as_datetime64(times):
    return np.array([np.datetime64(t, "s") for t in times])


def planted_temperature(nt, ny, nx, base=280.0):
    """The planted stl1 rising 1 K an hour (these tests were written with that slope)."""
    return planted_temperature_k(nt, ny, nx, base=base, k_per_hour=1.0)


def read_output(path):
    with netCDF4.Dataset(path) as ds:
        times = netCDF4.num2date(
            ds["time"][:],
            ds["time"].units,
            ds["time"].calendar,
            only_use_cftime_datetimes=False,
            only_use_python_datetimes=True,
        )
        return (
            as_datetime64(times),
            ds["latitude"][:].data,
            ds["longitude"][:].data,
            ds["stl1"][:].filled(np.nan),
            ds["swvl1"][:].filled(np.nan),
        )


def test_imports_new_cds_netcdf4_with_valid_time_number_and_string_expver(tmp_path):
    times = hours(5)
    stl1, swvl1 = planted_temperature(5, 3, 4), planted_moisture(5, 3, 4)
    write_new_cds(tmp_path / "new.nc", times, LAT, LON, stl1, swvl1)
    result = import_era5([tmp_path / "new.nc"], tmp_path / "out.nc")
    got_times, lat, lon, got_t, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_times, as_datetime64(times))
    np.testing.assert_array_equal(lat, LAT)
    np.testing.assert_array_equal(lon, LON)
    np.testing.assert_array_equal(got_t, stl1)
    np.testing.assert_array_equal(got_m, swvl1)
    assert result.hours == 5


def test_imports_legacy_netcdf_merging_expver_1_and_5(tmp_path):
    times = hours(4)
    stl1, swvl1 = planted_temperature(4, 3, 4), planted_moisture(4, 3, 4)
    # ERA5 (expver 1) holds the first two steps, ERA5T (expver 5) the last two.
    by_expver_t = np.full((4, 2, 3, 4), np.nan)
    by_expver_m = np.full((4, 2, 3, 4), np.nan)
    by_expver_t[:2, 0], by_expver_t[2:, 1] = stl1[:2], stl1[2:]
    by_expver_m[:2, 0], by_expver_m[2:, 1] = swvl1[:2], swvl1[2:]
    write_legacy_cds(
        tmp_path / "legacy.nc",
        times,
        LAT,
        LON,
        {
            "stl1": (by_expver_t, "K", (0.002, 285.0)),
            "swvl1": (by_expver_m, "m**3 m**-3", (1e-5, 0.3)),
        },
        expvers=[1, 5],
    )
    import_era5([tmp_path / "legacy.nc"], tmp_path / "out.nc")
    got_times, _, _, got_t, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_times, as_datetime64(times))
    # Independent decoding: netCDF4-python's own unpacking, merged by hand.
    with netCDF4.Dataset(tmp_path / "legacy.nc") as ds:
        ref_t = ds["stl1"][:].astype("float64")
        ref_m = ds["swvl1"][:].astype("float64")
    expected_t = np.concatenate([ref_t[:2, 0], ref_t[2:, 1]]).astype("float32")
    expected_m = np.concatenate([ref_m[:2, 0], ref_m[2:, 1]]).astype("float32")
    np.testing.assert_array_equal(got_t, expected_t)
    np.testing.assert_array_equal(got_m, expected_m)
    np.testing.assert_allclose(got_t, stl1, atol=0.001)


def test_expver_merge_prefers_era5_where_both_have_a_value(tmp_path):
    times = hours(1)
    stl1, swvl1 = planted_temperature(1, 3, 4), planted_moisture(1, 3, 4)
    both_t = np.stack([stl1, stl1 + 5.0], axis=1)  # ERA5T differs by +5 K
    both_m = np.stack([swvl1, swvl1], axis=1)
    write_legacy_cds(
        tmp_path / "legacy.nc",
        times,
        LAT,
        LON,
        {"stl1": (both_t, "K", (0.002, 285.0)), "swvl1": (both_m, "m**3 m**-3", (1e-5, 0.3))},
        expvers=[5, 1],
    )
    import_era5([tmp_path / "legacy.nc"], tmp_path / "out.nc")
    _, _, _, got_t, _ = read_output(tmp_path / "out.nc")
    # expver index 1 holds expver 1 (ERA5) = stl1 + 5 here, and wins.
    np.testing.assert_allclose(got_t, stl1 + 5.0, atol=0.001)


def test_imports_era5_land_tenth_degree_keeping_sea_as_nan(tmp_path):
    lat = np.array([41.3, 41.2, 41.1, 41.0], dtype="float32")
    lon = np.array([77.6, 77.7, 77.8], dtype="float32")
    stl1, swvl1 = planted_temperature(2, 4, 3), planted_moisture(2, 4, 3)
    stl1[:, 0, 0] = np.nan  # ERA5-Land has no value over the sea
    swvl1[:, 0, 0] = np.nan
    write_new_cds(tmp_path / "land.nc", hours(2), lat, lon, stl1, swvl1)
    result = import_era5([tmp_path / "land.nc"], tmp_path / "out.nc")
    assert result.grid.step_lon == 0.1 and result.grid.step_lat == 0.1
    np.testing.assert_allclose(result.grid.geotransform, (77.55, 0.1, 0, 41.35, 0, -0.1), atol=1e-9)
    _, got_lat, got_lon, got_t, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_allclose(got_lat, [41.3, 41.2, 41.1, 41.0], atol=1e-9)
    np.testing.assert_allclose(got_lon, [77.6, 77.7, 77.8], atol=1e-9)
    assert np.isnan(got_t[:, 0, 0]).all() and np.isnan(got_m[:, 0, 0]).all()
    np.testing.assert_array_equal(got_t[:, 1:], stl1[:, 1:])


def test_longitudes_0_to_360_are_shifted_also_for_a_box_crossing_0(tmp_path):
    # A global 0..360 file cut around Greenwich: columns 0..1 E, then 359..359.75 E.
    lon = np.array([0.0, 0.25, 0.5, 0.75, 1.0, 359.0, 359.25, 359.5, 359.75])
    lat = np.array([51.0, 50.75])
    stl1 = np.broadcast_to((270.0 + lon / 10.0).astype("float32"), (1, 2, 9)).copy()
    swvl1 = np.broadcast_to((lon / 1000.0).astype("float32"), (1, 2, 9)).copy()
    write_new_cds(tmp_path / "global.nc", hours(1), lat, lon, stl1, swvl1)
    result = import_era5(
        [tmp_path / "global.nc"], tmp_path / "out.nc", extent=(-0.6, 50.0, 0.6, 52.0)
    )
    _, _, got_lon, got_t, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_lon, [-0.5, -0.25, 0.0, 0.25, 0.5])
    original = np.array([359.5, 359.75, 0.0, 0.25, 0.5])
    np.testing.assert_array_equal(got_t[0, 0], (270.0 + original / 10.0).astype("float32"))
    np.testing.assert_array_equal(got_m[0, 1], (original / 1000.0).astype("float32"))
    assert result.grid.geotransform == (-0.625, 0.25, 0.0, 51.125, 0.0, -0.25)


def test_ascending_latitude_is_turned_north_first(tmp_path):
    stl1, swvl1 = planted_temperature(2, 3, 4), planted_moisture(2, 3, 4)
    write_new_cds(tmp_path / "up.nc", hours(2), LAT[::-1], LON, stl1, swvl1)
    import_era5([tmp_path / "up.nc"], tmp_path / "out.nc")
    _, lat, _, got_t, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(lat, LAT)
    np.testing.assert_array_equal(got_t, stl1[:, ::-1])
    np.testing.assert_array_equal(got_m, swvl1[:, ::-1])


def test_cds_zip_is_read_and_its_temporary_folder_removed(tmp_path, monkeypatch):
    stl1, swvl1 = planted_temperature(3, 3, 4), planted_moisture(3, 3, 4)
    write_new_cds(
        tmp_path / "data_stream-oper_stepType-instant.nc", hours(3), LAT, LON, stl1, swvl1
    )
    with zipfile.ZipFile(tmp_path / "download.zip", "w") as archive:
        archive.write(
            tmp_path / "data_stream-oper_stepType-instant.nc",
            "data_stream-oper_stepType-instant.nc",
        )
        archive.writestr("README.txt", "not data")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    import_era5([tmp_path / "download.zip"], tmp_path / "out.nc")
    _, _, _, got_t, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_t, stl1)
    np.testing.assert_array_equal(got_m, swvl1)
    assert list(scratch.iterdir()) == []


def test_files_are_joined_in_time_order_and_repeated_steps_dropped_with_a_warning(tmp_path):
    first = planted_temperature(4, 3, 4)  # hours 0..3
    second = planted_temperature(4, 3, 4, base=300)  # hours 3..6; hour 3 repeats
    moisture = planted_moisture(4, 3, 4)
    write_new_cds(tmp_path / "b.nc", hours(4, start=3), LAT, LON, second, moisture)
    write_new_cds(tmp_path / "a.nc", hours(4), LAT, LON, first, moisture)
    warnings = []
    result = import_era5(
        [tmp_path / "b.nc", tmp_path / "a.nc"], tmp_path / "out.nc", warn=warnings.append
    )
    got_times, _, _, got_t, _ = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_times, as_datetime64(hours(7)))
    # Hour 3 comes from b.nc, the file listed first.
    np.testing.assert_array_equal(got_t[3], second[0])
    np.testing.assert_array_equal(got_t[:3], first[:3])
    np.testing.assert_array_equal(got_t[4:], second[1:])
    assert result.warnings == warnings
    warnings = [w for w in warnings if "land-sea mask" not in w]  # these files have no lsm
    assert len(warnings) == 2 and all("2016-01-01T03:00:00Z" in w for w in warnings)


def test_start_and_end_are_inclusive_utc(tmp_path):
    stl1, swvl1 = planted_temperature(10, 3, 4), planted_moisture(10, 3, 4)
    write_new_cds(tmp_path / "new.nc", hours(10), LAT, LON, stl1, swvl1)
    import_era5(
        [tmp_path / "new.nc"],
        tmp_path / "out.nc",
        start="2016-01-01T02:00:00Z",
        end="2016-01-01 05:00",
    )
    got_times, _, _, got_t, _ = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_times, as_datetime64(hours(4, start=2)))
    np.testing.assert_array_equal(got_t, stl1[2:6])


def test_extent_keeps_the_cells_whose_centres_fall_inside(tmp_path):
    stl1, swvl1 = planted_temperature(1, 3, 4), planted_moisture(1, 3, 4)
    write_new_cds(tmp_path / "new.nc", hours(1), LAT, LON, stl1, swvl1)
    result = import_era5(
        [tmp_path / "new.nc"], tmp_path / "out.nc", extent=(77.7, 40.8, 78.1, 41.1)
    )
    _, lat, lon, got_t, _ = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(lat, [41.0])
    np.testing.assert_array_equal(lon, [77.75, 78.0])
    np.testing.assert_array_equal(got_t, stl1[:, 1:2, 1:3])
    assert result.grid.geotransform == (77.625, 0.25, 0.0, 41.125, 0.0, -0.25)


def test_imports_in_time_chunks_never_reading_the_whole_period(tmp_path, monkeypatch):
    stl1, swvl1 = planted_temperature(50, 3, 4), planted_moisture(50, 3, 4)
    write_new_cds(tmp_path / "new.nc", hours(50), LAT, LON, stl1, swvl1)
    sizes = []
    original = era5.SourceVariable.read

    def spy(self, records, rows, cols):
        sizes.append(len(records))
        return original(self, records, rows, cols)

    monkeypatch.setattr(era5.SourceVariable, "read", spy)
    import_era5([tmp_path / "new.nc"], tmp_path / "out.nc", time_chunk=8)
    assert max(sizes) == 8 and sum(sizes) == 2 * 50
    _, _, _, got_t, _ = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_t, stl1)
    with netCDF4.Dataset(tmp_path / "out.nc") as ds:
        assert ds["stl1"].chunking()[0] == 8


def test_celsius_labelled_kelvin_is_an_error_and_writes_nothing(tmp_path):
    stl1 = planted_temperature(2, 3, 4) - 273.15
    write_new_cds(tmp_path / "c.nc", hours(2), LAT, LON, stl1, planted_moisture(2, 3, 4))
    with pytest.raises(UnitsError, match=r"c\.nc.*stl1.*Celsius"):
        import_era5([tmp_path / "c.nc"], tmp_path / "out.nc")
    assert not any(p.name.endswith(".nc") and "out" in p.name for p in tmp_path.iterdir())


def test_kelvin_labelled_celsius_is_an_error(tmp_path):
    write_new_cds(
        tmp_path / "k.nc",
        hours(2),
        LAT,
        LON,
        planted_temperature(2, 3, 4),
        planted_moisture(2, 3, 4),
        stl1_units="degC",
    )
    with pytest.raises(UnitsError, match="look like kelvin"):
        import_era5([tmp_path / "k.nc"], tmp_path / "out.nc")
    assert not (tmp_path / "out.nc").exists()


def test_celsius_labelled_celsius_is_converted_to_kelvin(tmp_path):
    stl1 = planted_temperature(2, 3, 4)
    write_new_cds(
        tmp_path / "c.nc",
        hours(2),
        LAT,
        LON,
        stl1 - np.float32(273.15),
        planted_moisture(2, 3, 4),
        stl1_units="degC",
    )
    import_era5([tmp_path / "c.nc"], tmp_path / "out.nc")
    _, _, _, got_t, _ = read_output(tmp_path / "out.nc")
    np.testing.assert_allclose(got_t, stl1, atol=1e-4)


def test_percent_labelled_as_fraction_is_an_error(tmp_path):
    write_new_cds(
        tmp_path / "p.nc",
        hours(2),
        LAT,
        LON,
        planted_temperature(2, 3, 4),
        planted_moisture(2, 3, 4) * 100,
    )
    with pytest.raises(UnitsError, match="swvl1.*percent"):
        import_era5([tmp_path / "p.nc"], tmp_path / "out.nc")
    assert not (tmp_path / "out.nc").exists()


def test_percent_labelled_percent_is_divided_by_100(tmp_path):
    swvl1 = planted_moisture(2, 3, 4)
    write_new_cds(
        tmp_path / "p.nc",
        hours(2),
        LAT,
        LON,
        planted_temperature(2, 3, 4),
        swvl1 * np.float32(100),
        swvl1_units="%",
    )
    import_era5([tmp_path / "p.nc"], tmp_path / "out.nc")
    _, _, _, _, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_allclose(got_m, swvl1, rtol=1e-6)


def test_tiny_negative_soil_water_is_clipped_to_zero_larger_is_an_error(tmp_path):
    swvl1 = planted_moisture(2, 3, 4)
    swvl1[:, 2, 3] = -2.7e-06
    write_new_cds(tmp_path / "s.nc", hours(2), LAT, LON, planted_temperature(2, 3, 4), swvl1)
    result = import_era5([tmp_path / "s.nc"], tmp_path / "out.nc")
    _, _, _, _, got_m = read_output(tmp_path / "out.nc")
    assert (got_m[:, 2, 3] == 0).all()
    np.testing.assert_array_equal(got_m[:, :2], swvl1[:, :2])
    assert result.moisture_values_clipped == 2
    swvl1[:, 2, 3] = -0.2
    write_new_cds(tmp_path / "bad.nc", hours(2), LAT, LON, planted_temperature(2, 3, 4), swvl1)
    with pytest.raises(UnitsError, match="-0.2"):
        import_era5([tmp_path / "bad.nc"], tmp_path / "out2.nc")


@pytest.mark.parametrize(
    "variable, infinity",
    [("stl1", np.inf), ("stl1", -np.inf), ("swvl1", np.inf), ("swvl1", -np.inf)],
)
def test_infinite_values_are_refused_naming_the_file_and_variable_nan_passes(
    tmp_path, variable, infinity
):
    stl1, swvl1 = planted_temperature(2, 3, 4), planted_moisture(2, 3, 4)
    planted = {"stl1": stl1, "swvl1": swvl1}[variable]
    planted[:, 0, 2] = np.nan  # a cell empty at every hour (as ERA5's sea): allowed
    planted[1, 2, 1] = infinity
    write_new_cds(tmp_path / "inf.nc", hours(2), LAT, LON, stl1, swvl1)
    sign = "+inf" if infinity > 0 else "-inf"
    with pytest.raises(
        InputFileError,
        match=rf"inf\.nc.*{variable} holds 1 infinite value\(s\) "
        rf"\({re.escape(sign)}\)",
    ):
        import_era5([tmp_path / "inf.nc"], tmp_path / "out.nc")
    assert not (tmp_path / "out.nc").exists()
    planted[1, 2, 1] = 0.25 if variable == "swvl1" else 281.0
    write_new_cds(tmp_path / "nan.nc", hours(2), LAT, LON, stl1, swvl1)
    import_era5([tmp_path / "nan.nc"], tmp_path / "out.nc")
    got = read_output(tmp_path / "out.nc")[3 if variable == "stl1" else 4]
    assert np.isnan(got[:, 0, 2]).all() and got[1, 2, 1] == np.float32(planted[1, 2, 1])


def test_missing_variable_names_the_files_and_the_override(tmp_path):
    write_new_cds(
        tmp_path / "n.nc",
        hours(1),
        LAT,
        LON,
        planted_temperature(1, 3, 4),
        planted_moisture(1, 3, 4),
    )
    with netCDF4.Dataset(tmp_path / "n.nc", "a") as ds:
        ds.renameVariable("swvl1", "soil_water")
        ds["soil_water"].delncattr("GRIB_paramId")
    with pytest.raises(VariableError, match=r"swvl1.*n\.nc.*soil_water.*MOISTURE_VARIABLE"):
        import_era5([tmp_path / "n.nc"], tmp_path / "out.nc")
    import_era5([tmp_path / "n.nc"], tmp_path / "out.nc", moisture_variable="soil_water")
    _, _, _, _, got_m = read_output(tmp_path / "out.nc")
    np.testing.assert_array_equal(got_m, planted_moisture(1, 3, 4))


def test_different_grids_are_refused(tmp_path):
    write_new_cds(
        tmp_path / "a.nc",
        hours(1),
        LAT,
        LON,
        planted_temperature(1, 3, 4),
        planted_moisture(1, 3, 4),
    )
    write_new_cds(
        tmp_path / "b.nc",
        hours(1, 1),
        LAT,
        LON + 1,
        planted_temperature(1, 3, 4),
        planted_moisture(1, 3, 4),
    )
    with pytest.raises(GridError, match="different grids"):
        import_era5([tmp_path / "a.nc", tmp_path / "b.nc"], tmp_path / "out.nc")


def test_not_an_era5_file_is_refused(tmp_path):
    (tmp_path / "notes.nc").write_text("hello")
    with pytest.raises(InputFileError, match="notes.nc"):
        import_era5([tmp_path / "notes.nc"], tmp_path / "out.nc")


def test_cancelled_import_leaves_no_output(tmp_path):
    write_new_cds(
        tmp_path / "new.nc",
        hours(30),
        LAT,
        LON,
        planted_temperature(30, 3, 4),
        planted_moisture(30, 3, 4),
    )
    calls = []

    def cancel_late():
        calls.append(1)
        return len(calls) > 6

    with pytest.raises(Cancelled):
        import_era5(
            [tmp_path / "new.nc"],
            tmp_path / "out.nc",
            time_chunk=5,
            progress=Progress(None, cancel_late),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.nc"]
