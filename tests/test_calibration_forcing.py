"""Calibration with an ERA5 forcing file: the soil correction recovers the generator's known bias,
the ERA5-driven model is validated year by year, and a wrong station clock shows up (both ways)."""

import numpy as np
import pytest

from sandflux.core.formats.forcing import write_forcing
from sandflux.core.infra.grid import Grid
from sandflux.core.model.calibration_file import apply_soil_correction, load_calibration
from sandflux.core.tools.calibrate import calibrate_station
from sandflux.samples import sample_data, sample_station

START, END = "2004-01-01T00:00", "2006-01-01T00:00"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("forcing")


@pytest.fixture(scope="module")
def forcing(folder):
    """A 3 x 3 ERA5-like forcing around Tazhong from the same synthetic climate."""
    grid = Grid(83.5, 39.25, 0.25, 0.25, 3, 3)
    hour = np.timedelta64(3600, "s")
    times = np.arange(
        np.datetime64("2003-12-31T00:00", "s"), np.datetime64("2006-01-02T00:00", "s"), hour
    )

    def chunks():
        for begin in range(0, times.size, 4096):
            part = times[begin : begin + 4096]
            stl1, swvl1 = sample_data.synthetic_soil_climate(part, grid.longitudes, grid.latitudes)
            yield part, stl1, swvl1

    return write_forcing(folder / "forcing.nc", grid, chunks())


def station_file(folder, utc_offset_hours):
    path = folder / f"station_utc{utc_offset_hours:+g}.csv"
    if not path.exists():
        sample_station.write_sample_station(
            path, start_local=START, end_local=END, utc_offset_hours=utc_offset_hours
        )
    return path


def calibrate(folder, forcing, file_offset, read_offset, method="linear", report=False):
    name = f"cal_{file_offset:+g}_{read_offset:+g}_{method}"
    return calibrate_station(
        station_file(folder, file_offset),
        folder / f"{name}.json",
        folder / f"{name}.html" if report else None,
        utc_offset_hours=read_offset,
        model="desert",
        resamples=0,
        forcing_path=forcing,
        longitude=83.65,
        latitude=38.97,
        soc=1.2,
        ph=8.9,
        soil_correction=method,
    )


@pytest.fixture(scope="module")
def right(folder, forcing):
    return calibrate(folder, forcing, 8, 8, report=True)


def test_linear_soil_correction_recovers_the_generators_known_bias(right, folder):
    correction = load_calibration(folder / "cal_+8_+8_linear.json").soil_correction
    assert correction["method"] == "linear"
    temperature, moisture = correction["temperature"], correction["moisture"]
    assert temperature["slope"] == pytest.approx(sample_station.TEMPERATURE_SLOPE, abs=1e-4)
    assert temperature["intercept"] == pytest.approx(
        sample_station.temperature_intercept_k(), abs=0.03
    )
    assert moisture["slope"] == pytest.approx(sample_station.MOISTURE_SLOPE, abs=1e-4)
    assert moisture["intercept"] == pytest.approx(sample_station.MOISTURE_INTERCEPT_M3_M3, abs=1e-5)
    # Tazhong (83.65 E, 38.97 N) lies in the cell centred on 83.75 E, 39.0 N.
    assert right.calibration.station["forcing_cell"] == {"longitude": 83.75, "latitude": 39.0}


def test_era5_driven_model_matches_the_observations_year_by_year(right):
    noise = sample_station.generate_station(
        start_local="2004-01-01T00:00", end_local="2004-01-02T00:00"
    ).hourly_noise_g
    # UTC years: the Beijing-time file starts at 16Z on 31 December 2003 (8 hours of 2003).
    full_years = [entry for entry in right.era5["per_year"] if entry["n"] > 5000]
    assert [entry["year"] for entry in full_years] == [2004, 2005]
    for entry in full_years:
        assert entry["rmse"] == pytest.approx(noise, rel=0.1)
    assert right.calibration.metrics["era5_flux_lag_hours"] == 0
    assert right.calibration.metrics["soil_temperature_lag_hours"] == 0
    assert not [w for w in right.warnings if "UTC_OFFSET_HOURS" in w]


def test_report_shows_the_era5_validation_section(right, folder):
    text = (folder / "cal_+8_+8_linear.html").read_text(encoding="utf-8")
    assert "ERA5 at the station's cell (83.75 E, 39 N)" in text
    assert "ERA5-driven model vs observations, year by year" in text
    assert text.count("data:image/png;base64,") >= 6


def test_quantile_mapping_option_maps_era5_quantiles_onto_the_station(folder, forcing):
    result = calibrate(folder, forcing, 8, 8, method="quantile")
    correction = result.calibration.soil_correction
    assert correction["method"] == "quantile"
    era5_q = np.asarray(correction["temperature"]["era5"])
    station_q = np.asarray(correction["temperature"]["station"])
    assert np.all(np.diff(era5_q) > 0)
    # A monotone linear bias maps quantiles onto quantiles.
    np.testing.assert_allclose(
        station_q,
        sample_station.temperature_intercept_k() + sample_station.TEMPERATURE_SLOPE * era5_q,
        atol=2e-3,
    )
    mapped, _ = apply_soil_correction(
        correction, np.array([era5_q[10], era5_q[50]]), np.array([0.02, 0.02])
    )
    np.testing.assert_allclose(mapped, station_q[[10, 50]], atol=1e-9)


@pytest.mark.parametrize(
    "file_offset, wrong_offset, lag",
    [(8, 0, 8), (0, 8, -8)],
    ids=["beijing-file-read-as-utc", "utc-file-read-as-beijing"],
)
def test_an_uncorrected_eight_hour_clock_error_worsens_the_fit_and_shifts_the_phase(
    folder, forcing, file_offset, wrong_offset, lag
):
    good = calibrate(folder, forcing, file_offset, file_offset)
    bad = calibrate(folder, forcing, file_offset, wrong_offset)
    good_m, bad_m = good.calibration.metrics, bad.calibration.metrics
    # Against ERA5 the wrong clock is a much worse fit ...
    assert bad_m["era5_rmse"] > 3 * good_m["era5_rmse"]
    assert bad_m["era5_r2"] < good_m["era5_r2"] - 0.5
    assert (
        bad.calibration.soil_correction["temperature"]["r2"]
        < good.calibration.soil_correction["temperature"]["r2"] - 0.2
    )
    # ... with the diurnal cycle shifted by the clock error,
    assert good_m["soil_temperature_lag_hours"] == 0 and good_m["era5_flux_lag_hours"] == 0
    assert bad_m["soil_temperature_lag_hours"] == lag
    assert bad_m["era5_flux_lag_hours"] == lag
    shift = (
        bad_m["soil_temperature_peak_solar_hour"] - good_m["soil_temperature_peak_solar_hour"]
    ) % 24
    assert shift == pytest.approx(lag % 24)
    assert any("UTC_OFFSET_HOURS" in w for w in bad.warnings)
    # ... while the station-only fit cannot see it (flux and soil share the wrong clock).
    assert bad.fit.rmse == pytest.approx(good.fit.rmse, rel=0.02)
