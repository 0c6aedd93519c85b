"""Units and time zone by hand numbers, and the synthetic station generator read back."""

import numpy as np
import pytest

from sandflux.core.inputs import station
from sandflux.samples import sample_data, sample_station


def write_generic(path, rows, header="time,flux,ts,swc"):
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


COLUMNS = {"time": "time", "flux": "flux", "soil_temperature": "ts", "soil_moisture": "swc"}


@pytest.mark.parametrize(
    "units, value, expected_g",
    [
        ("umol", 1.0, 4.401e-5),
        ("umol", -0.25, -1.10025e-5),
        ("mg", 0.2, 2.0e-4),
        ("g", 3.0e-6, 3.0e-6),
    ],
)
def test_flux_units_convert_exactly_to_g_co2(tmp_path, units, value, expected_g):
    path = write_generic(
        tmp_path / "s.csv",
        [f"2016-01-01 00:30,{value},10,0.05", f"2016-01-01 01:00,{value},10,0.05"],
    )
    series = station.read_station(
        path,
        format="generic",
        columns=COLUMNS,
        flux_units=units,
        utc_offset_hours=0,
        timestamp_position="start",
    )
    values = series.flux_g_co2_m2_s[np.isfinite(series.flux_g_co2_m2_s)]
    assert values.size == 1
    assert values[0] == pytest.approx(expected_g, rel=1e-12)


def test_kelvin_soil_temperature_is_recognised_and_celsius_converted(tmp_path):
    rows_c = ["2016-01-01 00:30,1,-3.5,0.05", "2016-01-01 01:00,1,-2.5,0.05"]
    rows_k = ["2016-01-01 00:30,1,269.65,0.05", "2016-01-01 01:00,1,270.65,0.05"]

    def read(p):
        return station.read_station(
            p,
            format="generic",
            columns=COLUMNS,
            utc_offset_hours=0,
            timestamp_position="start",
        )

    celsius = read(write_generic(tmp_path / "c.csv", rows_c))
    kelvin = read(write_generic(tmp_path / "k.csv", rows_k))
    assert np.nanmax(celsius.soil_temperature_k) == pytest.approx(270.15)
    assert np.nanmax(kelvin.soil_temperature_k) == pytest.approx(270.15)


def test_beijing_clock_moves_every_hour_eight_hours_earlier_in_utc(tmp_path):
    rows = [
        f"2016-07-01 {h:02d}:{m:02d},{h + m / 60:.3f},{20 + h},5"
        for h in range(10, 14)
        for m in (0, 30)
    ]
    path = write_generic(tmp_path / "s.csv", rows)
    kwargs = dict(format="generic", columns=COLUMNS, timestamp_position="start")
    utc = station.read_station(path, utc_offset_hours=0, **kwargs)
    beijing = station.read_station(path, utc_offset_hours=8, **kwargs)
    assert beijing.times_utc[0] == utc.times_utc[0] - np.timedelta64(8, "h")
    np.testing.assert_array_equal(utc.flux_g_co2_m2_s, beijing.flux_g_co2_m2_s)
    # By hand: local 10:30 and 11:00 (starts) centre on 11:00 local = 03:00 UTC at UTC+8;
    # flux (10.5 + 11.0)/2 umol, Ts (30 + 31)/2 degC.
    h = int(np.flatnonzero(beijing.times_utc == np.datetime64("2016-07-01T03:00", "s"))[0])
    assert beijing.flux_g_co2_m2_s[h] == pytest.approx(10.75 * 4.401e-5, rel=1e-6)
    assert beijing.soil_temperature_k[h] == pytest.approx(273.15 + 30.5)


def test_half_hour_offsets_such_as_india_are_supported(tmp_path):
    rows = ["2016-01-01 05:30,1,10,5", "2016-01-01 06:00,3,10,5"]
    path = write_generic(tmp_path / "s.csv", rows)
    series = station.read_station(
        path, format="generic", columns=COLUMNS, utc_offset_hours=5.5, timestamp_position="start"
    )
    # Starts 05:30, 06:00 IST = 00:00, 00:30 UTC: records centred 00:15 and 00:45 -> 00Z, 01Z.
    assert series.times_utc[0] == np.datetime64("2016-01-01T00:00", "s")
    assert np.isnan(series.flux_g_co2_m2_s).all()  # each hour has one half only


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("station") / "tazhong.csv"
    return sample_station.write_sample_station(
        path, start_local="2016-01-01T00:00", end_local="2016-03-01T00:00"
    )


def test_generator_writes_ameriflux_base_in_beijing_time(sample):
    lines = sample.path.read_text().splitlines()
    assert lines[0].startswith("# Site: ") and lines[1].startswith("# Version: ")
    assert lines[2] == "TIMESTAMP_START,TIMESTAMP_END,FC,FC_SSITC_TEST,TS_1_1_1,SWC_1_1_1"
    assert lines[3].startswith("201601010000,201601010030,")
    assert any(",-9999," in line or line.endswith(",-9999") for line in lines[3:])


def test_generator_file_reads_back_to_the_planted_hourly_truth(sample):
    series = station.read_station(sample.path, utc_offset_hours=8)
    assert station.detect_format(["TIMESTAMP_START", "TIMESTAMP_END", "FC"]) == series.format
    index = np.searchsorted(sample.times_utc, series.times_utc)
    assert np.all(sample.times_utc[index] == series.times_utc)
    ok = series.complete
    assert ok.sum() > 0.4 * ok.size
    # Soil values are written to 0.001 degC and 1e-4 %: the hourly means match the truth.
    np.testing.assert_allclose(
        series.soil_temperature_k[ok], sample.soil_temperature_k[index][ok], atol=1e-3
    )
    np.testing.assert_allclose(
        series.soil_moisture_m3_m3[ok], sample.soil_moisture_m3_m3[index][ok], atol=1e-6
    )
    np.testing.assert_allclose(
        series.temperature_tendency_k_h[ok], sample.temperature_tendency_k_h[index][ok], atol=2e-3
    )
    # Flux = truth + noise of sd noise/sqrt(2) per hour (spikes flagged QC 2 are removed).
    residual = series.flux_g_co2_m2_s[ok] - sample.flux_g_co2_m2_s[index][ok]
    assert abs(np.std(residual) / sample.hourly_noise_g - 1.0) < 0.05
    assert abs(np.mean(residual)) < 4 * sample.hourly_noise_g / np.sqrt(ok.sum())


def test_generator_station_soil_is_a_known_linear_bias_of_the_gridded_climate(sample):
    stl1, swvl1 = sample_data.synthetic_soil_climate(
        sample.times_utc, sample.grid_longitude, sample.grid_latitude
    )
    assert (sample.grid_longitude, sample.grid_latitude) == (83.75, 39.0)
    expected_ts = 288.15 + 1.5 + 1.15 * (stl1 - 288.15)
    np.testing.assert_allclose(sample.soil_temperature_k, expected_ts, atol=1e-9)
    np.testing.assert_allclose(
        sample.soil_moisture_m3_m3, np.maximum(0.6 * swvl1 - 0.002, 0), atol=1e-12
    )


def _spring_rows(shift_after_gap):
    """28 days of half-hours (CET standard time) with the 02:00-03:00 hour of 27 March 2016
    missing; with ``shift_after_gap`` the clock reads one hour later from then on (CEST)."""
    standard = np.datetime64("2016-03-13T00:30") + np.arange(28 * 48) * np.timedelta64(30, "m")
    hour = (standard - standard.astype("datetime64[D]")).astype("int64") / 60.0
    ts = 15 + 10 * np.sin(2 * np.pi * (hour - 8) / 24)
    after = standard >= np.datetime64("2016-03-27T02:00")
    if shift_after_gap:
        clock = np.where(after, standard + np.timedelta64(60, "m"), standard)
    else:  # the same hour lost by the logger, the clock unchanged
        keep = (standard < np.datetime64("2016-03-27T02:00")) | (
            standard >= np.datetime64("2016-03-27T03:00")
        )
        clock, ts = standard[keep], ts[keep]
    return [f"{str(c).replace('T', ' ')},1.0,{t:.3f},0.05" for c, t in zip(clock, ts)]


def test_an_hour_skipped_with_the_daily_cycle_shifted_is_a_daylight_saving_clock(tmp_path):
    path = write_generic(tmp_path / "cest.csv", _spring_rows(True))
    with pytest.raises(station.VariableError, match="skips one hour at line 677"):
        station.read_station(path, format="generic", columns=COLUMNS, utc_offset_hours=1)


def test_an_hour_lost_without_a_shift_of_the_daily_cycle_is_only_a_gap(tmp_path):
    path = write_generic(tmp_path / "gap.csv", _spring_rows(False))
    series = station.read_station(path, format="generic", columns=COLUMNS, utc_offset_hours=1)
    # The peak of the daily cycle stays at 14:00 standard time = 13:00 UTC.
    hours = (series.times_utc - series.times_utc.astype("datetime64[D]")).astype("int64") // 3600
    day_mean = [np.nanmean(series.soil_temperature_k[hours == h]) for h in range(24)]
    assert int(np.argmax(day_mean)) == 13
