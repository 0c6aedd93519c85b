"""The SYNTHETIC sample-data generator: deterministic, chunk-invariant, physically plausible,
and written in the real CDS netCDF layouts that plain netCDF4-python decodes to the same values."""

import os

import netCDF4
import numpy as np
import pytest
from osgeo import ogr

from sandflux.core.infra.constants import (
    TAKLIMAKAN_EXTENT,
    TAZHONG_LATITUDE,
    TAZHONG_LONGITUDE,
    ZERO_CELSIUS_K,
)
from sandflux.samples import climate, sample_data as sd

GRID = sd.sample_grid()
LON, LAT = GRID.longitudes, GRID.latitudes


def hours(start, count, step_s=3600):
    return np.datetime64(start, "s") + np.arange(count) * np.timedelta64(step_s, "s")


@pytest.fixture(scope="module")
def year_2016():
    """One year over the whole sample grid (about 2 s)."""
    times = sd.hourly_times(2016)
    ts, theta = climate.synthetic_soil_climate(times, LON, LAT)
    return times, ts, theta


# --- the grid ---------------------------------------------------------------------------------


def test_sample_grid_is_the_45_by_19_era5_points_a_cds_request_for_the_box_returns():
    assert (GRID.nx, GRID.ny) == (45, 19)
    # First point 77.5 E, 41.25 N -> GDAL origin half a cell before it (issue 2's numbers).
    assert GRID.geotransform == (77.375, 0.25, 0.0, 41.375, 0.0, -0.25)
    west, south, east, north = TAKLIMAKAN_EXTENT
    # Every box corner lies inside the cells of the grid.
    gw, gs, ge, gn = GRID.bounds
    assert gw <= west and gs <= south and ge >= east and gn >= north


# --- the soil climate -------------------------------------------------------------------------


def test_same_seed_gives_identical_values_and_another_seed_other_weather():
    times = hours("2016-06-01T00:00:00", 24 * 20)
    a = climate.synthetic_soil_climate(times, LON, LAT, seed=7)
    b = climate.synthetic_soil_climate(times, LON, LAT, seed=7)
    c = climate.synthetic_soil_climate(times, LON, LAT, seed=8)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert np.abs(a[0] - c[0]).max() > 0.5
    assert np.abs(a[1] - c[1]).max() > 0.01


def test_computing_in_uneven_time_chunks_gives_exactly_the_single_pass_values(year_2016):
    times, ts, theta = year_2016
    # uneven cuts, one a day into a rain pulse (so the pulse started in the previous chunk)
    wet = np.flatnonzero(theta.max(axis=(1, 2)) > 0.06)
    inside_pulse = int(wet[wet.size // 2])
    cuts = sorted({0, 1, 500, 3001, 3002, inside_pulse, 7777, times.size})
    parts = [climate.synthetic_soil_climate(times[a:b], LON, LAT) for a, b in zip(cuts, cuts[1:])]
    np.testing.assert_array_equal(np.concatenate([p[0] for p in parts]), ts)
    np.testing.assert_array_equal(np.concatenate([p[1] for p in parts]), theta)
    # the test is meaningful only if that chunk starts wet from a pulse of the chunk before
    assert theta[inside_pulse].max() > 0.06 and theta[inside_pulse - 1].max() > 0.06


def test_a_single_point_gives_the_series_of_its_grid_cell():
    times = hours("2017-07-01T00:00:00", 24 * 10, step_s=1800)  # half-hourly works too
    row, col = 9, 24
    ts_point, theta_point = climate.synthetic_soil_climate(times, LON[col], LAT[row])
    ts_grid, theta_grid = climate.synthetic_soil_climate(times, LON, LAT)
    assert ts_point.shape == (times.size,)
    np.testing.assert_allclose(ts_point, ts_grid[:, row, col], rtol=0, atol=1e-9)
    np.testing.assert_allclose(theta_point, theta_grid[:, row, col], rtol=0, atol=1e-12)


def test_temperatures_and_moisture_stay_in_planted_physical_ranges(year_2016):
    _, ts, theta = year_2016
    assert ZERO_CELSIUS_K - 35 < ts.min() and ts.max() < ZERO_CELSIUS_K + 60
    assert theta.min() >= 0.0 and theta.max() <= climate.MOISTURE_MAX_M3_M3
    # dry sand most of the time
    median = np.median(theta)
    assert 0.01 <= median <= 0.04
    assert np.mean(theta < 0.04) > 0.9
    assert np.isfinite(ts).all() and np.isfinite(theta).all()


def test_seasonal_cycle_july_is_over_25_k_warmer_than_january_at_tazhong(year_2016):
    times, ts, _ = year_2016
    row, col = GRID.index_of(TAZHONG_LONGITUDE, TAZHONG_LATITUDE)
    month = times.astype("datetime64[M]").astype(int) % 12
    january = ts[month == 0, row, col].mean()
    july = ts[month == 6, row, col].mean()
    assert july - january > 25.0
    # annual mean near the planted 14.5 degC (within the latitude/elevation adjustments)
    assert abs(ts[:, row, col].mean() - climate.MEAN_SOIL_TEMPERATURE_K) < 2.0


def test_diurnal_peak_follows_local_solar_time_so_the_east_peaks_earlier_in_utc(year_2016):
    times, ts, _ = year_2016
    utc_hour = (times.astype("int64") // 3600) % 24
    june = (times.astype("datetime64[M]").astype(int) % 12) == 5
    row = 9
    warmest = {}
    for col in (0, GRID.nx - 1):
        mean_by_hour = [ts[june & (utc_hour == h), row, col].mean() for h in range(24)]
        warmest[col] = int(np.argmax(mean_by_hour))
    west_local = (warmest[0] + LON[0] / 15.0) % 24
    east_local = (warmest[GRID.nx - 1] + LON[-1] / 15.0) % 24
    # warmest near 14 h local solar time at both ends; 11 degrees apart -> ~44 min earlier UTC
    assert abs(west_local - climate.WARMEST_LOCAL_HOUR) <= 1.0
    assert abs(east_local - climate.WARMEST_LOCAL_HOUR) <= 1.0
    assert warmest[GRID.nx - 1] <= warmest[0]


def test_high_southern_margin_is_colder_than_the_basin_floor(year_2016):
    _, ts, _ = year_2016
    annual = ts.mean(axis=0)
    elevation = climate.synthetic_elevation_m(LON[None, :], LAT[:, None])
    south_row, basin_row = GRID.ny - 1, 9
    col = 20
    assert elevation[south_row, col] > elevation[basin_row, col] + 1000
    # lapse rate 6 K km-1 plus the latitude gradient: at least 5 K colder
    assert annual[south_row, col] < annual[basin_row, col] - 5.0


def test_rain_pulses_are_rare_spatially_coherent_and_dry_out_within_days(year_2016):
    times, _, theta = year_2016
    row, col = GRID.index_of(TAZHONG_LONGITUDE, TAZHONG_LATITUDE)
    series = theta[:, row, col]
    peak = int(np.argmax(series))
    assert series[peak] > 0.05
    # wet fraction small: rare pulses
    assert np.mean(series > 0.05) < 0.1
    # five days after the peak less than half of the excess remains
    baseline = np.median(series)
    later = min(peak + 5 * 24, series.size - 1)
    assert series[later] - baseline < 0.5 * (series[peak] - baseline)
    # the neighbouring cell is wet at the same time (a rain field, not a single pixel)
    assert theta[peak, row, col + 1] > baseline + 0.5 * (series[peak] - baseline)


def test_hashed_uniform_numbers_are_uniform_and_keyed():
    u = climate.hashed_uniform(1, 2, np.arange(20000), 3)
    assert u.shape == (20000, 3)
    assert 0.0 <= u.min() and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.01
    np.testing.assert_array_equal(climate.hashed_uniform(1, 2, np.arange(100, 200), 3), u[100:200])


# --- CDS layouts ------------------------------------------------------------------------------


def test_new_layout_decodes_with_netcdf4_python_to_the_generated_values(tmp_path):
    times = hours("2016-12-31T20:00:00", 10)
    path = sd.write_cds_netcdf(
        tmp_path / "new.nc", times, layout="new", era5t_from="2017-01-01T00:00:00"
    )
    ts, theta = climate.synthetic_soil_climate(times, LON, LAT)
    with netCDF4.Dataset(path) as ds:
        assert ds.data_model == "NETCDF4"
        assert "SYNTHETIC" in ds.source and "SYNTHETIC" in ds.history
        assert ds["valid_time"].dtype == np.int64
        assert ds["valid_time"].units == "seconds since 1970-01-01"
        decoded = netCDF4.num2date(
            ds["valid_time"][:],
            ds["valid_time"].units,
            only_use_cftime_datetimes=False,
            only_use_python_datetimes=True,
        )
        assert [d.isoformat() for d in decoded] == [str(t) for t in times]
        assert ds["number"].shape == () and int(ds["number"][...]) == 0
        assert list(ds["expver"][:]) == ["0001"] * 4 + ["0005"] * 6
        assert ds["stl1"].dimensions == ("valid_time", "latitude", "longitude")
        assert ds["stl1"].dtype == np.float32 and ds["stl1"].units == "K"
        assert int(ds["stl1"].GRIB_paramId) == 139 and int(ds["swvl1"].GRIB_paramId) == 39
        np.testing.assert_array_equal(ds["latitude"][:], LAT)
        assert ds["latitude"][0] > ds["latitude"][-1]
        np.testing.assert_array_equal(ds["longitude"][:], LON)
        np.testing.assert_array_equal(ds["stl1"][:].filled(np.nan), ts.astype("float32"))
        np.testing.assert_array_equal(ds["swvl1"][:].filled(np.nan), theta.astype("float32"))


def test_legacy_layout_is_packed_int16_in_hours_since_1900_and_unpacks_to_the_values(tmp_path):
    times = hours("2016-03-01T00:00:00", 30)
    path = sd.write_cds_netcdf(tmp_path / "legacy.nc", times, layout="legacy")
    ts, theta = climate.synthetic_soil_climate(times, LON, LAT)
    with netCDF4.Dataset(path) as ds:
        assert ds.file_format == "NETCDF3_64BIT_OFFSET"
        assert "SYNTHETIC" in ds.source
        time = ds["time"]
        assert time.dtype == np.int32 and time.units == "hours since 1900-01-01 00:00:00.0"
        # hand arithmetic: 1900-01-01 -> 2016-03-01 is 42428 days
        assert int(time[0]) == 42428 * 24
        assert ds["latitude"][0] > ds["latitude"][-1]
        for name, values in (("stl1", ts), ("swvl1", theta)):
            variable = ds[name]
            assert variable.dtype == np.int16
            assert variable._FillValue == -32767 and variable.missing_value == -32767
            unpacked = variable[:]  # netCDF4-python's own unpacking
            assert not np.ma.is_masked(unpacked)
            np.testing.assert_allclose(
                unpacked, values, rtol=0, atol=variable.scale_factor / 2 + 1e-9
            )
            variable.set_auto_maskandscale(False)
            raw = variable[:]
            np.testing.assert_allclose(
                raw * variable.scale_factor + variable.add_offset,
                values,
                rtol=0,
                atol=variable.scale_factor / 2 + 1e-9,
            )


def test_legacy_expver_dimension_holds_each_step_under_exactly_one_of_era5_and_era5t(tmp_path):
    times = hours("2017-11-30T22:00:00", 5)
    path = sd.write_cds_netcdf(
        tmp_path / "expver.nc", times, layout="legacy", era5t_from="2017-12-01T00:00:00"
    )
    ts, _ = climate.synthetic_soil_climate(times, LON, LAT)
    with netCDF4.Dataset(path) as ds:
        assert ds["stl1"].dimensions == ("time", "expver", "latitude", "longitude")
        assert list(ds["expver"][:]) == [1, 5]
        data = ds["stl1"][:]
        era5, era5t = data[:, 0], data[:, 1]
        assert era5.mask[:2].sum() == 0 and era5.mask[2:].all()
        assert era5t.mask[:2].all() and era5t.mask[2:].sum() == 0
        merged = np.where(era5.mask, era5t.filled(np.nan), era5.filled(np.nan))
        np.testing.assert_allclose(merged, ts, rtol=0, atol=ds["stl1"].scale_factor / 2 + 1e-9)


def test_yearly_files_are_not_rewritten_when_up_to_date_but_are_when_the_seed_changes(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(sd, "hourly_times", lambda year: hours(f"{year}-01-01T00:00:00", 6))
    first = sd.write_era5_years(tmp_path, [2017, 2016])
    assert [p.name for p in first] == ["era5_soil_2016_new.nc", "era5_soil_2017_new.nc"]
    stamps = [os.stat(p).st_ino for p in first]
    again = sd.write_era5_years(tmp_path, [2016, 2017])
    assert [os.stat(p).st_ino for p in again] == stamps
    sd.write_era5_years(tmp_path, [2016], seed=99)
    assert os.stat(first[0]).st_ino != stamps[0]


# --- vector layers ----------------------------------------------------------------------------


def test_shifting_sand_polygon_is_valid_inside_the_box_and_holds_tazhong(tmp_path):
    path = sd.write_shifting_sand_gpkg(tmp_path / "sand.gpkg")
    source = ogr.Open(str(path))
    layer = source.GetLayer("shifting_sand")
    assert layer.GetFeatureCount() == 1
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "4326"
    feature = layer.GetNextFeature()
    geometry = feature.GetGeometryRef()
    assert geometry.IsValid() and geometry.GetGeometryType() == ogr.wkbPolygon
    west, east, south, north = geometry.GetEnvelope()
    box = TAKLIMAKAN_EXTENT
    assert box[0] < west and east < box[2] and box[1] < south and north < box[3]
    tazhong = ogr.CreateGeometryFromWkt(f"POINT ({TAZHONG_LONGITUDE} {TAZHONG_LATITUDE})")
    assert geometry.Contains(tazhong)
    # plausible size: the Taklimakan's shifting sand is of the order of 2e5 km2
    assert 1.2e5 < feature.GetField("area_km2") < 3.0e5
    assert "SYNTHETIC" in feature.GetField("name")


def test_soil_sample_points_have_soc_and_ph_in_desert_ranges(tmp_path):
    path = sd.write_soil_samples_gpkg(tmp_path / "soil.gpkg", count=40)
    source = ogr.Open(str(path))
    layer = source.GetLayer("soil_samples")
    assert layer.GetFeatureCount() == 40
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "4326"
    west, south, east, north = TAKLIMAKAN_EXTENT
    for feature in layer:
        geometry = feature.GetGeometryRef()
        assert geometry.IsValid()
        assert west <= geometry.GetX() <= east and south <= geometry.GetY() <= north
        assert 0.3 < feature.GetField("soc") < 8.0
        assert 7.5 < feature.GetField("ph") < 9.5
    first = layer.GetFeature(1)
    assert (first.GetGeometryRef().GetX(), first.GetGeometryRef().GetY()) == (
        TAZHONG_LONGITUDE,
        TAZHONG_LATITUDE,
    )


# --- the whole folder -------------------------------------------------------------------------


def test_generate_sample_data_writes_every_file_says_synthetic_and_reruns_without_rewriting(
    tmp_path, monkeypatch
):
    from sandflux.samples import sample_station

    monkeypatch.setattr(sd, "hourly_times", lambda year: hours(f"{year}-06-01T00:00:00", 48))
    first = sd.generate_sample_data(tmp_path, years=[2016])
    manifest = json_load(tmp_path / sd.MANIFEST_FILE)
    assert manifest["station"]["planted_parameters"] == sample_station.PLANTED_PARAMETERS
    assert manifest["grid"]["nx"] == 45 and manifest["grid"]["ny"] == 19
    assert "SYNTHETIC" in (tmp_path / sd.README_FILE).read_text()
    station = first["station_path"]
    header = station.read_text().splitlines()[:3]
    assert "SYNTHETIC" in header[0] and header[2].startswith("TIMESTAMP_START,TIMESTAMP_END")
    # the station file covers the year in Beijing time
    assert station.read_text().splitlines()[3].startswith("201601010000,")
    files = [
        first["era5_paths"][0],
        first["soil_samples_path"],
        first["shifting_sand_path"],
        station,
        tmp_path / sd.MANIFEST_FILE,
    ]
    before = [(os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in files]
    sd.generate_sample_data(tmp_path, years=[2016])
    assert [(os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in files] == before


def json_load(path):
    import json

    return json.loads(path.read_text(encoding="utf-8"))
