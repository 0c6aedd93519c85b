"""The Dask path: flux and annual sums on dask chunks, locally and on a loopback cluster.

The reference is the plain streaming core (core.model.flux.compute_flux,
core.model.annual.compute_annual);
the Dask runs must give the same numbers, whichever the chunking and wherever they run. One
cell-hour is also checked against the desert equation evaluated by hand.
"""

import numpy as np
import pytest

from sandflux.core.backends import dask_cluster as dask_backend
from sandflux.core.formats.flux_raster import open_flux_raster
from sandflux.core.formats.forcing import write_forcing
from sandflux.core.infra.errors import SandFluxError
from sandflux.core.infra.grid import Grid
from sandflux.core.model.annual import compute_annual
from sandflux.core.model.calibration_file import Calibration
from sandflux.core.model.flux import compute_flux
from sandflux.samples.sample_data import synthetic_soil_climate

distributed = pytest.importorskip("distributed")

PARAMETERS = {
    "k_pump": 2.0e-6,
    "r_ref": 1.5e-6,
    "q10": 2.0,
    "k_pulse": 1.0e-4,
    "theta_c": 0.02,
    "u_ref": 2.5e-6,
    "gamma": 0.03,
}
GRID = Grid(80.0, 40.0, 0.25, 0.25, 7, 5)
# Across a year boundary, so the annual sums have two years and dTs/dt crosses the boundary.
TIMES = np.arange(
    np.datetime64("2015-12-27T00:00:00", "s"),
    np.datetime64("2016-01-04T00:00:00", "s"),
    np.timedelta64(3600, "s"),
)


@pytest.fixture(scope="module")
def forcing(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "forcing.nc"
    stl1, swvl1 = synthetic_soil_climate(TIMES, GRID.longitudes, GRID.latitudes, seed=7)
    swvl1 = np.array(swvl1, dtype="float32")
    swvl1[5:9, 1, 2] = 0.15  # a rain pulse above theta_c
    stl1 = np.array(stl1, dtype="float32")
    stl1[40, 3, 4] = np.nan  # ERA5 without a value: NoData in the flux
    write_forcing(
        path,
        GRID,
        [
            (TIMES[i : i + 50], stl1[i : i + 50], swvl1[i : i + 50])
            for i in range(0, TIMES.size, 50)
        ],
        time_chunk=24,
    )
    return path


@pytest.fixture(scope="module")
def calibration():
    return Calibration(
        model_name="desert",
        parameters=dict(PARAMETERS),
        station={"soc": 2.0, "ph": 8.0},
        soil_correction={
            "method": "linear",
            "temperature": {"slope": 1.02, "intercept": -5.0},
            "moisture": {"slope": 0.9, "intercept": 0.001},
        },
    )


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def _read_all(path):
    with open_flux_raster(path) as raster:
        return raster.times, raster.read(0, len(raster.times))


def test_dask_flux_equals_the_streaming_core_and_the_equation_by_hand(
    forcing, calibration, tmp_path
):
    reference = compute_flux(forcing, calibration, tmp_path / "core.nc", soc=1.0, ph=8.8)
    on_dask = dask_backend.compute_flux_dask(
        forcing, calibration, tmp_path / "dask.nc", soc=1.0, ph=8.8, chunk_hours=24
    )
    times, expected = _read_all(reference.path)
    dask_times, got = _read_all(on_dask.path)
    np.testing.assert_array_equal(dask_times, times)
    np.testing.assert_array_equal(got, expected)
    # The missing hour and the next one (its dTs/dt needs it) are NoData, nothing else.
    assert np.isnan(got[40:42, 3, 4]).all() and np.isfinite(got).sum() == got.size - 2

    # Hour 30 of cell (2, 1) by hand: corrected Ts, backward difference, the desert equation.
    from netCDF4 import Dataset

    with Dataset(forcing) as ds:
        raw_t = np.asarray(ds["stl1"][29:31, 2, 1], "float64")
        raw_m = float(ds["swvl1"][30, 2, 1])
    ts = -5.0 + 1.02 * raw_t
    theta = 0.001 + 0.9 * raw_m
    p = PARAMETERS
    s = (2.0 / 1.0) * (8.8 / 8.0)
    by_hand = (
        p["k_pump"] * (ts[1] - ts[0])
        + p["r_ref"] * p["q10"] ** ((ts[1] - 288.15) / 10)
        + p["k_pulse"] * max(theta - p["theta_c"], 0.0)
        - p["u_ref"] * s * np.exp(-p["gamma"] * (ts[1] - 288.15))
    )
    assert got[30, 2, 1] == pytest.approx(by_hand, rel=1e-5)


def test_dask_flux_does_not_depend_on_the_chunking_or_the_period_start(
    forcing, calibration, tmp_path
):
    whole = dask_backend.compute_flux_dask(forcing, calibration, tmp_path / "a.nc", chunk_hours=24)
    other = dask_backend.compute_flux_dask(forcing, calibration, tmp_path / "b.nc", chunk_hours=72)
    year = dask_backend.compute_flux_dask(
        forcing, calibration, tmp_path / "c.tif", start="2016-01-01T00:00:00", chunk_hours=48
    )
    _, a = _read_all(whole.path)
    _, b = _read_all(other.path)
    times, c = _read_all(year.path)
    np.testing.assert_array_equal(a, b)
    first = int(np.searchsorted(TIMES, np.datetime64("2016-01-01T00:00:00", "s")))
    np.testing.assert_array_equal(c, a[first:])  # the year's first hour used the hour before


def test_cluster_run_gives_the_same_flux_and_annual_sums_as_the_local_run(
    forcing, calibration, cluster, tmp_path, monkeypatch
):
    local_paths = []
    cluster_paths = []
    for year in (2015, 2016):
        period = dict(start=f"{year}-01-01T00:00:00", end=f"{year}-12-31T23:00:00")
        local_paths.append(
            compute_flux(forcing, calibration, tmp_path / f"local_{year}.tif", **period).path
        )
        cluster_paths.append(
            dask_backend.compute_flux_dask(
                forcing,
                calibration,
                tmp_path / f"cluster_{year}.tif",
                chunk_hours=24,
                scheduler=cluster.scheduler_address,
                **period,
            ).path
        )
    for local, remote in zip(local_paths, cluster_paths):
        np.testing.assert_array_equal(_read_all(remote)[1], _read_all(local)[1])

    local = compute_annual(local_paths, min_coverage=0.0001)
    # The address from the environment variable when the parameter is empty.
    monkeypatch.setenv(dask_backend.ENVIRONMENT_VARIABLE, cluster.scheduler_address)
    remote = dask_backend.compute_annual_dask(
        cluster_paths, min_coverage=0.0001, chunk_hours=30, scheduler=""
    )
    np.testing.assert_array_equal(remote.years, local.years)
    np.testing.assert_array_equal(remote.valid_hours, local.valid_hours)
    np.testing.assert_allclose(remote.annual_g_co2_m2, local.annual_g_co2_m2, rtol=1e-12)
    for mine, theirs in zip(remote.rows, local.rows):
        assert mine.keys() == theirs.keys()
        for key in mine:
            assert mine[key] == pytest.approx(theirs[key], rel=1e-12, nan_ok=True), key
    # Independent: 2016's sum of the hourly flux read back with numpy, scaled to the year.
    hourly = _read_all(cluster_paths[1])[1].astype("float64")
    valid = np.isfinite(hourly).sum(axis=0)
    by_numpy = np.nansum(hourly, axis=0) * 3600.0 * (8784 / valid)
    np.testing.assert_allclose(remote.annual_g_co2_m2[1], by_numpy, rtol=1e-9)


def test_scheduler_address_comes_from_the_parameter_then_the_environment(monkeypatch):
    monkeypatch.delenv(dask_backend.ENVIRONMENT_VARIABLE, raising=False)
    assert dask_backend.scheduler_address("") == ""
    assert dask_backend.scheduler_address(None) == ""
    monkeypatch.setenv(dask_backend.ENVIRONMENT_VARIABLE, " tcp://10.0.0.5:8786 ")
    assert dask_backend.scheduler_address("") == "tcp://10.0.0.5:8786"
    assert dask_backend.scheduler_address("tcp://127.0.0.1:9999") == "tcp://127.0.0.1:9999"


def test_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(dask_backend.ENVIRONMENT_VARIABLE, raising=False)
    with pytest.raises(
        SandFluxError,
        match=r"Cannot reach the Dask scheduler at "
        r"tcp://127\.0\.0\.1:1 .*DASK_SCHEDULER",
    ):
        with dask_backend.dask_client("tcp://127.0.0.1:1", timeout=2):
            pass


def test_tools_send_the_work_to_the_scheduler_in_their_dask_scheduler_parameter(
    forcing, calibration, cluster, tmp_path, sandflux_provider, monkeypatch
):
    import processing

    from sandflux.core.model.calibration_file import save_calibration

    monkeypatch.delenv(dask_backend.ENVIRONMENT_VARIABLE, raising=False)
    calibration_path = save_calibration(calibration, tmp_path / "calibration.json")
    # 2015: 120 hours, above the tool's smallest MIN_COVERAGE (1 % of the year).
    period = dict(start="2015-01-01T00:00:00", end="2015-12-31T23:00:00")
    local = compute_flux(forcing, calibration, tmp_path / "local.tif", **period)
    local_annual = compute_annual([local.path], min_coverage=0.01)
    routed = []
    before = cluster.scheduler.transition_counter
    flux = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration_path),
            "START": "2015-01-01T00:00:00Z",
            "END": "2015-12-31T23:00:00Z",
            "DASK_SCHEDULER": cluster.scheduler_address,
            "OUTPUT": str(tmp_path / "cluster.tif"),
        },
    )
    routed.append(cluster.scheduler.transition_counter > before)
    np.testing.assert_array_equal(_read_all(flux["OUTPUT"])[1], _read_all(local.path)[1])
    before = cluster.scheduler.transition_counter
    annual = processing.run(
        "sandflux:annualsequestration",
        {
            "INPUT": [flux["OUTPUT"]],
            "MIN_COVERAGE": 0.01,
            "DASK_SCHEDULER": cluster.scheduler_address,
            "OUTPUT": str(tmp_path / "annual.tif"),
            "TABLE": str(tmp_path / "annual.csv"),
            "REPORT": None,
        },
    )
    routed.append(cluster.scheduler.transition_counter > before)
    assert annual["TOTAL"] == pytest.approx(local_annual.mean_total_net_flux_t_co2_yr, rel=1e-12)
    # The cluster did the work (its scheduler moved tasks during each tool's run).
    assert routed == [True, True]
