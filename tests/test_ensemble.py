"""The annual tool's ensemble (core.model.ensemble): the calibration's bootstrap parameter sets run
through the hourly flux of the forcing; intervals per cell and of the regional totals."""

import numpy as np
import pytest
from osgeo import gdal

from helpers.synthetic import DESERT_PARAMETERS, GRID, hourly, make_forcing
from sandflux.core.formats.forcing import write_forcing
from sandflux.core.infra.area import cell_areas_m2
from sandflux.core.infra.errors import CalibrationError, VariableError
from sandflux.core.model.annual import compute_annual
from sandflux.core.model.calibration_file import Calibration, save_calibration
from sandflux.core.model.ensemble import compute_annual_ensemble
from sandflux.core.model.flux import FluxRecipe
from sandflux.core.model.models import get_model
from sandflux.core.tools.annual import run_annual_sequestration

gdal.UseExceptions()


def desert_sets(count, seed=1):
    """``count`` desert parameter sets scattered around DESERT_PARAMETERS (a fake bootstrap)."""
    rng = np.random.default_rng(seed)
    central = np.array(list(DESERT_PARAMETERS.values()))
    return [list(central * rng.uniform(0.7, 1.3, central.size)) for _ in range(count)]


def save(path, model_name, parameters, sets, means=None, metrics=None, station=None):
    model = get_model(model_name)
    calibration = Calibration(
        model_name=model_name,
        parameters=dict(zip(model.parameter_names, parameters)),
        bootstrap_parameters=[list(map(float, s)) for s in sets],
        bootstrap_station_mean_flux=means,
        metrics=dict(metrics or {}),
        station=dict(station if station is not None else {"soc": 2.0, "ph": 9.0}),
    )
    save_calibration(calibration, path)
    return str(path)


@pytest.fixture()
def desert_case(tmp_path):
    """2015-12-31 .. 2017-01-01 (a day, a leap year, a day); desert scheme; 6 bootstrap sets."""
    times = hourly("2015-12-31T00:00", 24 + 8784 + 24)
    make_forcing(tmp_path / "forcing.nc", times, chunk=100)
    sets = desert_sets(6)
    calibration = save(tmp_path / "cal.json", "desert", list(DESERT_PARAMETERS.values()), sets)
    return tmp_path, str(tmp_path / "forcing.nc"), calibration, sets


def test_member_zero_is_the_point_run_and_members_are_their_own_runs(desert_case):
    folder, forcing, calibration, sets = desert_case
    recipe = FluxRecipe(forcing, calibration, soc=1.6, ph=9.3)
    ensemble = compute_annual_ensemble(recipe, 6, min_coverage=0.001, workers=1)
    point = compute_annual(recipe, min_coverage=0.001, workers=1)
    np.testing.assert_array_equal(ensemble.annual.annual_g_co2_m2, point.annual_g_co2_m2)
    for mine, theirs in zip(ensemble.annual.rows, point.rows):
        assert mine["total_net_flux_t_co2"] == theirs["total_net_flux_t_co2"]
        assert mine["hours_valid"] == theirs["hours_valid"]
    # Each bootstrap member equals an ordinary run whose central parameters are that set.
    members = []
    for b, parameters in enumerate(sets):
        path = save(folder / f"member{b}.json", "desert", parameters, sets)
        members.append(
            compute_annual(
                FluxRecipe(forcing, path, soc=1.6, ph=9.3), min_coverage=0.001, workers=1
            )
        )
    fields = np.stack([m.annual_g_co2_m2 for m in members])  # (members, years, y, x)
    np.testing.assert_allclose(
        ensemble.cell_quantiles,
        np.moveaxis(np.quantile(fields, [0.025, 0.5, 0.975], axis=0), 0, 1),
        rtol=1e-12,
    )
    totals = np.array([[row["total_net_flux_t_co2"] for row in m.rows] for m in members])
    low, high = np.quantile(totals, [0.025, 0.975], axis=0)
    for index, row in enumerate(ensemble.annual.rows):
        assert row["total_net_flux_t_co2_ci95_low"] == pytest.approx(low[index], rel=1e-12)
        assert row["total_net_flux_t_co2_ci95_high"] == pytest.approx(high[index], rel=1e-12)
        # sequestration (Tg C, + = uptake) = -total * 12.011/44.01 / 1e6: the bounds swap
        assert row["sequestration_tg_c_ci95_low"] == pytest.approx(
            -high[index] * 12.011 / 44.01 / 1e6, rel=1e-12
        )


def test_linear_model_with_uniform_drivers_gives_the_ratio_interval(tmp_path):
    """F linear in the parameters and every cell driven like the station: each member's total is
    T_0 * m_b / m_0 exactly, so the ensemble's quantiles are the ratio method's interval."""
    times = hourly("2018-01-01T00:00", 8760)
    hour = np.arange(times.size)
    ts = 285.0 + 8.0 * np.sin(2 * np.pi * hour / 24.0) + 5.0 * np.sin(2 * np.pi * hour / 8760.0)
    theta = 0.05 + 0.02 * np.cos(2 * np.pi * hour / 200.0)
    stl1 = np.broadcast_to(ts[:, None, None], (times.size,) + GRID.shape).astype("float32")
    swvl1 = np.broadcast_to(theta[:, None, None], stl1.shape).astype("float32")
    write_forcing(
        tmp_path / "forcing.nc",
        GRID,
        (
            (times[i : i + 500], stl1[i : i + 500], swvl1[i : i + 500])
            for i in range(0, times.size, 500)
        ),
        time_chunk=500,
    )
    central = np.array([-2e-6, 1e-7, 5e-6, 3e-6])  # f0, a_T, a_theta, a_dT
    rng = np.random.default_rng(4)
    sets = [central * rng.uniform(0.5, 1.5, 4) for _ in range(40)]
    # The station-period mean flux of each set, by hand on the station's (= every cell's) drivers.
    x_ts, x_theta = stl1[:, 0, 0].astype("float64"), swvl1[:, 0, 0].astype("float64")
    dts = np.empty_like(x_ts)
    dts[1:] = np.diff(x_ts)
    dts[0] = dts[1]

    def mean_flux(p):
        return float(np.mean(p[0] + p[1] * (x_ts - 288.15) + p[2] * x_theta + p[3] * dts))

    calibration = save(
        tmp_path / "cal.json",
        "linear",
        central,
        sets,
        means=[mean_flux(p) for p in sets],
        metrics={"station_mean_flux_g_co2_m2_s": mean_flux(central)},
    )
    recipe = FluxRecipe(str(tmp_path / "forcing.nc"), calibration)
    ratio = compute_annual(recipe, workers=1)
    ensemble = compute_annual_ensemble(recipe, 40, workers=1)
    ratios = np.array([mean_flux(p) for p in sets]) / mean_flux(central)
    expected_total = mean_flux(central) * 8760 * 3600 * cell_areas_m2(GRID).sum() / 1e6
    row, ratio_row = ensemble.annual.rows[0], ratio.rows[0]
    assert row["total_net_flux_t_co2"] == pytest.approx(expected_total, rel=1e-5)
    for bound in ("low", "high"):
        column = f"total_net_flux_t_co2_ci95_{bound}"
        assert row[column] == pytest.approx(ratio_row[column], rel=1e-5)
    low, high = sorted(expected_total * np.quantile(ratios, [0.025, 0.975]))
    assert row["total_net_flux_t_co2_ci95_low"] == pytest.approx(low, rel=1e-5)
    assert row["total_net_flux_t_co2_ci95_high"] == pytest.approx(high, rel=1e-5)
    assert ensemble.ratio_intervals_t_co2[0] == pytest.approx(
        (ratio_row["total_net_flux_t_co2_ci95_low"], ratio_row["total_net_flux_t_co2_ci95_high"])
    )


def test_uncertainty_raster_has_three_quantile_bands_a_year(desert_case):
    folder, forcing, calibration, _ = desert_case
    result = run_annual_sequestration(
        FluxRecipe(forcing, calibration),
        folder / "annual.tif",
        table=folder / "t.csv",
        report=folder / "r.html",
        min_coverage=0.001,
        workers=2,
        ensemble=6,
        uncertainty=folder / "uncertainty.tif",
    )
    dataset = gdal.Open(str(folder / "uncertainty.tif"))
    assert dataset.RasterCount == 9
    descriptions = [dataset.GetRasterBand(i + 1).GetDescription() for i in range(9)]
    assert descriptions[:3] == ["2015 2.5 % quantile", "2015 50 % quantile", "2015 97.5 % quantile"]
    assert descriptions[-1] == "2017 97.5 % quantile"
    band = dataset.GetRasterBand(5).ReadAsArray()  # 2016, median
    annual_dataset = gdal.Open(str(folder / "annual.tif"))
    annual = annual_dataset.GetRasterBand(2).ReadAsArray()
    assert np.all(band != -9999) and np.all(annual != -9999)
    low = dataset.GetRasterBand(4).ReadAsArray()
    high = dataset.GetRasterBand(6).ReadAsArray()
    assert np.all(low <= band) and np.all(band <= high)
    assert dataset.GetMetadataItem("SANDFLUX_ENSEMBLE_MEMBERS") == "6"
    text = (folder / "r.html").read_text(encoding="utf-8")
    assert "ensemble against the ratio method" in text
    assert result.rows[1]["total_net_flux_t_co2_ci95_low"] < result.rows[1]["total_net_flux_t_co2"]


def test_ensemble_refuses_rasters_a_calibration_without_sets_and_uncertainty_without_ensemble(
    desert_case, tmp_path
):
    folder, forcing, _, _ = desert_case
    bare = save(folder / "bare.json", "desert", list(DESERT_PARAMETERS.values()), [])
    result = run_annual_sequestration(
        FluxRecipe(forcing, bare), folder / "plain.tif", ensemble=10, min_coverage=0.001
    )
    assert any("no bootstrap parameter sets" in w for w in result.warnings)
    assert np.isnan(result.rows[1]["total_net_flux_t_co2_ci95_low"])
    with pytest.raises(CalibrationError, match="bootstrap"):
        run_annual_sequestration(
            FluxRecipe(forcing, bare), folder / "a.tif", ensemble=10, uncertainty=folder / "u.tif"
        )
    with pytest.raises(VariableError, match="flux rasters hold the central flux"):
        run_annual_sequestration([str(folder / "x.tif")], folder / "a.tif", ensemble=10)
    with pytest.raises(VariableError, match="UNCERTAINTY"):
        run_annual_sequestration(
            FluxRecipe(forcing, bare), folder / "a.tif", uncertainty=folder / "u.tif"
        )
    assert not list(folder.glob("a.tif*")) and not list(folder.glob("u.tif*"))
