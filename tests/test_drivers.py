"""Driver attribution (core.model.drivers): a relation planted in the forcing is recovered; the
drivers of a cell by hand."""

import csv

import numpy as np
import pytest
from osgeo import gdal

from helpers.synthetic import GRID, hourly
from sandflux.core.formats.forcing import write_forcing
from sandflux.core.infra.errors import CalibrationError
from sandflux.core.model.calibration_file import Calibration, save_calibration
from sandflux.core.model.drivers import compute_drivers
from sandflux.core.model.flux import FluxRecipe
from sandflux.core.tools.drivers import run_driver_attribution

gdal.UseExceptions()
YEARS = (2017, 2018, 2019, 2021, 2022, 2023)  # no leap year: every year has 8760 hours


def planted_forcing(path, seed=5):
    """Each cell-year: a diurnal cycle of its own amplitude (so its own daily range) around a
    mean of its own; moisture steady at a value of its own (0.02-0.08). Years one after the
    other (gap over 2020)."""
    rng = np.random.default_rng(seed)
    times = np.concatenate([hourly(f"{y}-01-01T00:00", 8760) for y in YEARS])
    hour = (times - times.astype("datetime64[D]")).astype("int64") / 3600.0
    year_index = np.repeat(np.arange(len(YEARS)), 8760)
    amplitude = rng.uniform(3.0, 12.0, (len(YEARS),) + GRID.shape)
    mean = rng.uniform(280.0, 295.0, (len(YEARS),) + GRID.shape)
    stl1 = mean[year_index] + amplitude[year_index] * np.sin(2 * np.pi * hour / 24.0)[:, None, None]
    swvl1 = np.broadcast_to(
        rng.uniform(0.02, 0.08, (len(YEARS),) + GRID.shape)[year_index], stl1.shape
    )
    stl1, swvl1 = stl1.astype("float32"), swvl1.astype("float32")
    write_forcing(
        path,
        GRID,
        (
            (times[i : i + 2000], stl1[i : i + 2000], swvl1[i : i + 2000])
            for i in range(0, times.size, 2000)
        ),
        time_chunk=2000,
    )
    return stl1, swvl1, amplitude, mean


def linear_calibration(path, f0, a_t, a_theta):
    calibration = Calibration(
        model_name="linear",
        parameters={"f0": f0, "a_t": a_t, "a_theta": a_theta, "a_dt": 0.0},
        station={"soc": 2.0, "ph": 9.0},
    )
    save_calibration(calibration, path)
    return str(path)


def test_a_planted_relation_with_the_mean_temperature_is_recovered(tmp_path):
    """Linear model without dTs/dt: A = 3600*8760*(f0 + a_T*(mean Ts - 288.15) + a_theta*theta),
    so per cell the slope on mean Ts is 3600*8760*a_T exactly, and region-wide with all drivers
    the mean-Ts and moisture slopes are planted, the others ~0."""
    stl1, swvl1, amplitude, mean = planted_forcing(tmp_path / "forcing.nc")
    a_t, a_theta = 2e-7, 5e-5
    calibration = linear_calibration(tmp_path / "cal.json", -1e-6, a_t, a_theta)
    result = compute_drivers(FluxRecipe(str(tmp_path / "forcing.nc"), calibration), theta_c=0.05)
    assert list(result.years) == [2017, 2018, 2019, 2020, 2021, 2022, 2023]
    assert np.isnan(result.values["annual"][3]).all()  # 2020: no data
    # The drivers of a cell by hand (year 2018, cell (1, 2)).
    ts = stl1[8760 : 2 * 8760, 1, 2].astype("float64")
    assert result.values["mean_ts_k"][1, 1, 2] == pytest.approx(ts.mean(), rel=1e-12)
    daily = ts.reshape(365, 24)
    assert result.values["ts_daily_range_k"][1, 1, 2] == pytest.approx(
        (daily.max(axis=1) - daily.min(axis=1)).mean(), rel=1e-12
    )
    pulse = 8760.0 if swvl1[8760, 1, 2] > 0.05 else 0.0
    assert result.values["pulse_hours"][1, 1, 2] == pulse
    assert result.values["mean_theta_m3_m3"][1, 1, 2] == pytest.approx(
        float(swvl1[8760, 1, 2]), rel=1e-7
    )
    # The planted relation.
    scale = 3600.0 * 8760.0
    region = {r.driver: r for r in result.regressions if r.scope == "region, all drivers"}
    assert region["mean_ts_k"].slope == pytest.approx(scale * a_t, rel=1e-4)
    assert region["mean_theta_m3_m3"].slope == pytest.approx(scale * a_theta, rel=1e-4)
    assert abs(region["pulse_hours"].slope) * 8760 < 1e-3 * scale * a_theta * 0.06
    assert region["mean_ts_k"].p_value < 1e-3 and region["mean_ts_k"].n == 6


def test_the_slope_raster_recovers_a_planted_daily_range_effect(tmp_path):
    """The slope raster is the regression on the daily soil-temperature range: with the flux
    tied to Ts alone and each cell's mean Ts planted as 285 + 0.5*range, the per-cell slope on
    the range is 3600*8760*a_T*0.5."""
    rng = np.random.default_rng(9)
    times = np.concatenate([hourly(f"{y}-01-01T00:00", 8760) for y in YEARS])
    hour = (times - times.astype("datetime64[D]")).astype("int64") / 3600.0
    year_index = np.repeat(np.arange(len(YEARS)), 8760)
    amplitude = rng.uniform(3.0, 12.0, (len(YEARS),) + GRID.shape)
    cycle = np.sin(2 * np.pi * hour / 24.0)[:, None, None]
    day_range = amplitude * (cycle.max() - cycle.min())  # the sampled daily range
    stl1 = (285.0 + 0.5 * day_range[year_index] + amplitude[year_index] * cycle).astype("float32")
    swvl1 = np.full(stl1.shape, 0.03, dtype="float32")
    path = tmp_path / "ranged.nc"
    write_forcing(
        path,
        GRID,
        (
            (times[i : i + 2000], stl1[i : i + 2000], swvl1[i : i + 2000])
            for i in range(0, times.size, 2000)
        ),
        time_chunk=2000,
    )
    a_t = 2e-7
    calibration = linear_calibration(tmp_path / "cal.json", -1e-6, a_t, 0.0)
    out = tmp_path / "out"
    result = run_driver_attribution(
        FluxRecipe(str(path), calibration),
        out / "slope.tif",
        table=out / "t.csv",
        report=out / "r.html",
        theta_c=0.05,
    )
    expected = 3600.0 * 8760.0 * a_t * 0.5
    np.testing.assert_allclose(result.slope_bands[0], expected, rtol=2e-3)
    assert np.all(result.slope_bands[5] == 6)
    dataset = gdal.Open(str(out / "slope.tif"))
    assert dataset.RasterCount == 6
    np.testing.assert_allclose(dataset.GetRasterBand(1).ReadAsArray(), expected, rtol=2e-3)
    dataset = None
    with open(out / "t.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ranged = next(r for r in rows if r["scope"] == "region" and r["driver"] == "ts_daily_range_k")
    assert float(ranged["slope"]) == pytest.approx(expected, rel=2e-3)
    assert "scatter" in (out / "r.html").read_text(encoding="utf-8").lower()


def test_a_model_without_a_pulse_threshold_needs_one(tmp_path):
    planted_forcing(tmp_path / "forcing.nc")
    calibration = linear_calibration(tmp_path / "cal.json", -1e-6, 2e-7, 0.0)
    with pytest.raises(CalibrationError, match="PULSE_THRESHOLD"):
        run_driver_attribution(
            FluxRecipe(str(tmp_path / "forcing.nc"), calibration), tmp_path / "slope.tif"
        )
    assert not (tmp_path / "slope.tif").exists()
