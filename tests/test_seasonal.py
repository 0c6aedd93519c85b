"""The seasonal and daily cycle (core.model.seasonal): monthly bands add up to the annual value,
the regional diurnal cycle in local solar time by hand."""

import csv

import numpy as np
import pytest
from osgeo import gdal

from helpers.synthetic import hourly, make_calibration, make_forcing
from sandflux.core.infra.area import cell_areas_m2
from sandflux.core.infra.grid import Grid
from sandflux.core.model.annual import compute_annual
from sandflux.core.model.flux import FluxRecipe, compute_flux
from sandflux.core.tools.seasonal import run_seasonal_cycle

gdal.UseExceptions()
# Cells 5 degrees apart: local solar time differs by 20 minutes a cell (bins split at 75 E).
WIDE = Grid(west_centre=70.0, north_centre=41.0, step_lon=5.0, step_lat=1.0, nx=4, ny=2)


def test_the_twelve_monthly_bands_sum_to_the_annual_value_cell_by_cell(tmp_path):
    times = hourly("2016-01-01T00:00", 8784)
    make_forcing(tmp_path / "forcing.nc", times, chunk=500)
    make_calibration(tmp_path / "cal.json")
    recipe = FluxRecipe(str(tmp_path / "forcing.nc"), str(tmp_path / "cal.json"))
    result = run_seasonal_cycle(
        recipe,
        tmp_path / "monthly.tif",
        table=tmp_path / "m.csv",
        diurnal=tmp_path / "d.csv",
        report=tmp_path / "r.html",
    )
    annual = compute_annual(recipe, workers=1)
    np.testing.assert_allclose(
        result.monthly_g_co2_m2.sum(axis=0), annual.annual_g_co2_m2[0], rtol=1e-9
    )
    dataset = gdal.Open(str(tmp_path / "monthly.tif"))
    assert dataset.RasterCount == 12
    assert [dataset.GetRasterBand(i + 1).GetDescription() for i in (0, 11)] == [
        "2016-01",
        "2016-12",
    ]
    stored = dataset.ReadAsArray().astype("float64")
    np.testing.assert_allclose(stored.sum(axis=0), annual.annual_g_co2_m2[0], rtol=1e-5)
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = sum(float(r["total_net_flux_t_co2"]) for r in rows)
    assert total == pytest.approx(annual.rows[0]["total_net_flux_t_co2"], rel=1e-9)
    assert rows[1]["hours_in_month"] == "696"  # February 2016
    assert {r["source_or_sink"] for r in rows} <= {"source", "sink"}
    assert "Source months" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_regional_diurnal_cycle_by_hand_in_local_solar_time(tmp_path):
    times = hourly("2017-01-30T00:00", 24 * 5)  # January and February
    make_forcing(tmp_path / "forcing.nc", times, grid=WIDE, chunk=24)
    make_calibration(tmp_path / "cal.json")
    compute_flux(str(tmp_path / "forcing.nc"), str(tmp_path / "cal.json"), tmp_path / "f.tif")
    dataset = gdal.Open(str(tmp_path / "f.tif"))
    flux = dataset.ReadAsArray().astype("float64")  # (hours, ny, nx)
    dataset = None
    weight = np.array([[1.0, 1.0, 0.0, 1.0], [1.0, 0.5, 1.0, 1.0]])
    result = run_seasonal_cycle(
        [str(tmp_path / "f.tif")],
        tmp_path / "m.tif",
        diurnal=tmp_path / "d.csv",
        region_weight=weight,
        min_coverage=0.01,
    )
    area = cell_areas_m2(WIDE) * weight
    sums, areas = np.zeros((12, 24)), np.zeros((12, 24))
    for t, time in enumerate(times):
        month = int(str(time)[5:7]) - 1
        utc_hour = int(str(time)[11:13])
        for row in range(WIDE.ny):
            for col in range(WIDE.nx):
                if weight[row, col] == 0:
                    continue
                solar = int(np.floor(utc_hour + WIDE.longitudes[col] / 15.0)) % 24
                sums[month, solar] += flux[t, row, col] * area[row, col]
                areas[month, solar] += area[row, col]
    expected = np.where(areas > 0, sums / np.where(areas > 0, areas, 1), np.nan)
    np.testing.assert_allclose(result.diurnal_g_co2_m2_s, expected, rtol=1e-9)
    assert np.isfinite(result.diurnal_g_co2_m2_s[:2]).all()
    assert np.isnan(result.diurnal_g_co2_m2_s[2:]).all()
    with open(tmp_path / "d.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12 * 24
    first = rows[5]  # January, solar hour 5
    assert float(first["mean_flux_g_co2_m2_s"]) == pytest.approx(expected[0, 5], rel=1e-9)
