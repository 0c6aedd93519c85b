"""The annual sums of the flux computed on the fly (core.model.flux.FluxRecipe): the numbers of the
hourly flux rasters, and of the desert scheme summed by hand, without writing any hourly file."""

import sys

import numpy as np
import pytest

from helpers.geofiles import box, write_polygons
from helpers.synthetic import DESERT_PARAMETERS, hourly, make_calibration, make_forcing
from sandflux.core.infra import parallel
from sandflux.core.infra.errors import SandFluxError
from sandflux.core.model.annual import compute_annual
from sandflux.core.model.flux import FluxRecipe, compute_flux
from sandflux.core.tools.annual import run_annual_sequestration

SOC, PH = 1.6, 9.3  # the calibration's station soil is SOC 2.0, pH 9.0


@pytest.fixture()
def period(tmp_path):
    """2015-12-31T00Z .. 2017-01-01T23Z: a day of 2015, leap 2016 whole, a day of 2017."""
    times = hourly("2015-12-31T00:00", 24 + 8784 + 24)
    path, stl1, swvl1 = make_forcing(tmp_path / "forcing.nc", times, chunk=100)
    make_calibration(tmp_path / "cal.json")
    return tmp_path, times, stl1, swvl1


def desert_year_by_hand(stl1, swvl1, times, year, row, col):
    """sum over the hours of ``year`` of F * 3600 s for one cell (g CO2 m-2), float64."""
    p = DESERT_PARAMETERS
    ts = stl1[:, row, col].astype("float64")
    theta = swvl1[:, row, col].astype("float64")
    dts = np.empty_like(ts)
    dts[1:] = np.diff(ts)  # K per 1-hour step
    dts[0] = dts[1]  # first hour of the file: forward difference
    s = (2.0 / SOC) * (PH / 9.0)
    flux = (
        p["k_pump"] * dts
        + p["r_ref"] * p["q10"] ** ((ts - 288.15) / 10.0)
        + p["k_pulse"] * np.maximum(theta - p["theta_c"], 0.0)
        - p["u_ref"] * s * np.exp(-p["gamma"] * (ts - 288.15))
    )
    flux = flux.astype("float32").astype("float64")  # what a flux raster holds
    in_year = times.astype("datetime64[Y]").astype(int) + 1970 == year
    return float(np.sum(flux[in_year] * 3600.0))


def test_on_the_fly_sums_equal_the_desert_scheme_summed_by_hand(period):
    folder, times, stl1, swvl1 = period
    result = compute_annual(
        FluxRecipe(str(folder / "forcing.nc"), str(folder / "cal.json"), soc=SOC, ph=PH),
        min_coverage=0.001,
        workers=1,
    )
    assert list(result.years) == [2015, 2016, 2017]
    for index, year, hours in ((0, 2015, 24), (1, 2016, 8784), (2, 2017, 24)):
        year_hours = 8784 if year == 2016 else 8760
        for row, col in ((0, 0), (2, 3)):
            expected = desert_year_by_hand(stl1, swvl1, times, year, row, col) * year_hours / hours
            assert result.annual_g_co2_m2[index, row, col] == pytest.approx(expected, rel=1e-9)
        assert result.rows[index]["hours_valid"] == hours


def test_on_the_fly_sums_equal_those_of_the_flux_rasters_with_mask_and_soil(period):
    folder, times, _, _ = period
    forcing, calibration = str(folder / "forcing.nc"), str(folder / "cal.json")
    mask = write_polygons(folder / "sand.gpkg", [box(77.4, 40.9, 78.0, 41.4)])
    rasters = []
    for year in (2015, 2016, 2017):
        target = folder / f"flux_{year}.tif"
        compute_flux(
            forcing,
            calibration,
            target,
            soc=SOC,
            ph=PH,
            start=f"{year}-01-01T00:00:00",
            end=f"{year}-12-31T23:00:00",
        )
        rasters.append(str(target))
    from_rasters = compute_annual(rasters, min_coverage=0.001, mask_path=mask)
    on_the_fly = compute_annual(
        FluxRecipe(forcing, calibration, soc=SOC, ph=PH),
        min_coverage=0.001,
        mask_path=mask,
        workers=2,
    )
    np.testing.assert_allclose(
        on_the_fly.annual_g_co2_m2, from_rasters.annual_g_co2_m2, rtol=1e-12, atol=0
    )
    assert np.isnan(on_the_fly.annual_g_co2_m2[:, :, 3]).all()  # outside the mask
    for fly, raster in zip(on_the_fly.rows, from_rasters.rows):
        assert fly["hours_valid"] == raster["hours_valid"]
        assert fly["total_net_flux_t_co2"] == pytest.approx(
            raster["total_net_flux_t_co2"], rel=1e-12
        )
    assert (
        on_the_fly.metadata["SANDFLUX_CALIBRATION_HASH"]
        == from_rasters.metadata["SANDFLUX_CALIBRATION_HASH"]
    )
    assert not list(folder.glob("*.tmp*"))


def test_the_period_of_a_recipe_limits_the_years(period):
    folder, _, _, _ = period
    result = compute_annual(
        FluxRecipe(
            str(folder / "forcing.nc"),
            str(folder / "cal.json"),
            start="2016-01-01T00:00:00",
            end="2016-12-31T23:00:00",
        ),
        workers=1,
    )
    assert list(result.years) == [2016]
    assert result.rows[0]["hours_valid"] == 8784


def test_an_unreachable_dask_scheduler_with_a_recipe_is_a_clear_error_and_writes_nothing(
    period, monkeypatch
):
    from sandflux.core.backends import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT_S", 2.0)
    folder, _, _, _ = period
    with pytest.raises(
        SandFluxError,
        match=r"Cannot reach the Dask scheduler at "
        r"tcp://127\.0\.0\.1:1 .*DASK_SCHEDULER",
    ):
        run_annual_sequestration(
            FluxRecipe(str(folder / "forcing.nc"), str(folder / "cal.json")),
            folder / "out" / "annual.tif",
            scheduler="tcp://127.0.0.1:1",
        )
    assert not (folder / "out").exists()


def test_workers_use_a_python_of_this_build_even_when_sys_executable_is_another(
    tmp_path, monkeypatch
):
    """Inside QGIS sys.executable is the first python3 on PATH (here a pyenv build without
    QGIS's packages): the worker interpreter must be one reporting our exact sys.version."""
    impostor = tmp_path / "python3"
    impostor.write_text("#!/bin/sh\necho '3.0.0 (an impostor)'\n")
    impostor.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(impostor))
    monkeypatch.setattr(sys, "_base_executable", str(impostor), raising=False)
    parallel.python_executable.cache_clear()
    try:
        chosen = parallel.python_executable()
        assert chosen is not None and chosen != str(impostor)
        assert parallel._reports_version(chosen, sys.version)
        assert not parallel._reports_version(str(impostor), sys.version)
    finally:
        parallel.python_executable.cache_clear()
