"""The tools on a real Dask cluster started from the command line (`dask scheduler`, two
`dask worker` processes on 127.0.0.1), through processing.run and qgis_process.

References: the plain local runs (core.model.annual.compute_annual, core.model.flux.compute_flux)
and, independently, the annual sums redone with numpy from the hourly flux read back.
"""

import json
import time

import numpy as np
import pytest

from helpers.cluster import CliCluster, tasks_by_worker
from helpers.geofiles import box, write_polygons
from helpers.qgis_process import run_qgis_process
from helpers.synthetic import GRID, hourly, make_calibration, make_forcing
from sandflux.core.backends import dask_cluster
from sandflux.core.formats.flux_raster import open_flux_raster
from sandflux.core.model.annual import compute_annual
from sandflux.core.model.flux import FluxRecipe, compute_flux

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

# 50 days across a year boundary: two years in the sums, dTs/dt across the boundary.
TIMES = hourly("2015-12-01T00:00:00", 50 * 24)
MIN_COVERAGE = 0.01


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster-inputs")
    forcing, _, _ = make_forcing(folder / "forcing.nc", TIMES, chunk=24)
    calibration = folder / "calibration.json"
    make_calibration(calibration)
    # The region: the western half of the grid's cells (centres inside), so the tasks compute
    # a window of the grid, not all of it.
    west, north = GRID.longitudes[0], GRID.latitudes[0]
    mask = write_polygons(
        folder / "sand.gpkg",
        [box(west - 0.1, GRID.latitudes[-1] - 0.1, GRID.longitudes[1] + 0.1, north + 0.1)],
    )
    return folder, forcing, calibration, mask


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with CliCluster(tmp_path_factory.mktemp("cluster"), workers=2) as running:
        yield running
    assert all(p.poll() is not None for p in running.processes.values())


def _local(inputs):
    _, forcing, calibration, mask = inputs
    return compute_annual(
        FluxRecipe(str(forcing), str(calibration)),
        min_coverage=MIN_COVERAGE,
        mask_path=mask,
        workers=1,
    )


def _annual_by_numpy(hourly_flux, times, region, year):
    """S * N_year / n_valid of one year from the hourly flux, NaN outside the region."""
    in_year = times.astype("datetime64[Y]").astype(int) + 1970 == year
    values = hourly_flux[in_year].astype("float64")
    valid = np.isfinite(values).sum(axis=0)
    hours = 8784 if year % 4 == 0 else 8760
    annual = np.nansum(values, axis=0) * 3600.0 * hours / valid
    annual[~region] = np.nan
    return annual


def _read_annual_raster(path):
    from osgeo import gdal

    dataset = gdal.Open(str(path))
    bands = [dataset.GetRasterBand(i + 1) for i in range(dataset.RasterCount)]
    values = np.stack([b.ReadAsArray().astype("float64") for b in bands])
    values[values == bands[0].GetNoDataValue()] = np.nan
    return values


def test_the_annual_tool_from_forcing_on_a_command_line_cluster_gives_the_local_numbers(
    inputs, cluster, tmp_path, sandflux_provider, monkeypatch
):
    import processing

    folder, forcing, calibration, mask = inputs
    monkeypatch.delenv(dask_cluster.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(dask_cluster, "SLICE_HOURS", 96)  # 13 slices for the two workers
    local = _local(inputs)
    since = time.time()
    outputs = processing.run(
        "sandflux:annualsequestration",
        {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "MASK": str(mask),
            "MIN_COVERAGE": MIN_COVERAGE,
            "DASK_SCHEDULER": cluster.address,
            "OUTPUT": str(tmp_path / "annual.tif"),
            "TABLE": str(tmp_path / "annual.csv"),
            "REPORT": None,
        },
    )
    assert outputs["TOTAL"] == pytest.approx(local.mean_total_net_flux_t_co2_yr, rel=1e-12)
    got = _read_annual_raster(outputs["OUTPUT"])
    np.testing.assert_allclose(got, local.annual_g_co2_m2, rtol=1e-6, equal_nan=True)
    # Independent: the hourly flux written by the plain core, summed with numpy.
    hourly_flux = compute_flux(forcing, calibration, tmp_path / "hourly.nc")
    with open_flux_raster(hourly_flux.path) as raster:
        values = raster.read(0, len(raster.times))
    region = local.region_weight > 0
    assert 0 < region.sum() < region.size
    for index, year in enumerate((2015, 2016)):
        np.testing.assert_allclose(
            got[index], _annual_by_numpy(values, TIMES, region, year), rtol=1e-6, equal_nan=True
        )
    # Both workers computed slices of the forcing.
    done = tasks_by_worker(cluster, since, "sum_recipe_slice")
    assert set(done) == {"worker-0", "worker-1"}, done


def test_flux_to_a_zarr_store_is_written_by_the_workers_and_read_by_xarray_and_gdal(
    inputs, cluster, tmp_path, sandflux_provider, monkeypatch
):
    import processing
    import xarray as xr
    from osgeo import gdal

    _, forcing, calibration, _ = inputs
    monkeypatch.delenv(dask_cluster.ENVIRONMENT_VARIABLE, raising=False)
    local = compute_flux(forcing, calibration, tmp_path / "local.nc")
    since = time.time()
    outputs = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "DASK_SCHEDULER": cluster.address,
            "OUTPUT": str(tmp_path / "flux.zarr"),
        },
    )
    assert outputs["OUTPUT"].endswith("flux.zarr")
    with open_flux_raster(local.path) as raster:
        expected = raster.read(0, len(raster.times))
    with xr.open_zarr(outputs["OUTPUT"]) as store:
        np.testing.assert_array_equal(store["co2_flux"].values, expected)
        np.testing.assert_array_equal(store["time"].values, TIMES.astype("datetime64[ns]"))
        np.testing.assert_array_equal(store["longitude"].values, GRID.longitudes)
        assert store["co2_flux"].encoding["chunks"][1:] == (GRID.ny, GRID.nx)
        assert store.attrs["SANDFLUX_UNITS"] == "g CO2 m-2 s-1"
    hour = 30
    dataset = gdal.Open(f'ZARR:"{outputs["OUTPUT"]}":/co2_flux:{hour}')
    assert dataset.GetGeoTransform() == pytest.approx(GRID.geotransform)
    np.testing.assert_array_equal(dataset.GetRasterBand(1).ReadAsArray(), expected[hour])
    written = tasks_by_worker(cluster, since, "write_flux_block")
    chunks = xr.open_zarr(outputs["OUTPUT"])["co2_flux"].encoding["chunks"][0]
    assert sum(written.values()) == -(-TIMES.size // chunks), written
    assert not list(tmp_path.glob(".flux.partial-*"))


def test_a_worker_killed_in_the_middle_of_a_run_does_not_change_the_result(inputs, tmp_path):
    _, forcing, calibration, mask = inputs
    local = _local(inputs)
    with CliCluster(tmp_path / "cluster", workers=2) as cluster:
        killed = []

        def progress(fraction, message):
            # Once a few slices are summed and the second worker has done some of them, its
            # machine is lost (on a busy machine the first slices may all go to worker-0).
            if killed or "tasks done" not in message or int(message.split()[0]) < 4:
                return
            if tasks_by_worker(cluster, since, "sum_recipe_slice").get("worker-1", 0) >= 1:
                cluster.kill("worker-1")
                killed.append(time.time())

        since = time.time()
        result = dask_cluster.compute_annual_dask(
            FluxRecipe(str(forcing), str(calibration)),
            min_coverage=MIN_COVERAGE,
            chunk_hours=24,
            scheduler=cluster.address,
            progress=progress,
            mask_path=mask,
        )
        assert killed and cluster.processes["worker-1"].poll() is not None
        before = tasks_by_worker(cluster, since, "sum_recipe_slice")
        after = tasks_by_worker(cluster, killed[0], "sum_recipe_slice")
    # The lost worker had done part of the work; the survivor did the rest after the loss
    # (the scheduler may log a few of worker-1's last results just after the kill).
    assert before.get("worker-1", 0) >= 1 and after.get("worker-0", 0) >= 1, (before, after)
    assert sum(before.values()) >= 50  # 50 day-slices, each done at least once
    np.testing.assert_allclose(
        result.annual_g_co2_m2, local.annual_g_co2_m2, rtol=1e-12, equal_nan=True
    )
    region = local.region_weight > 0
    np.testing.assert_array_equal(result.valid_hours[:, region], local.valid_hours[:, region])
    assert [r["total_net_flux_t_co2"] for r in result.rows] == pytest.approx(
        [r["total_net_flux_t_co2"] for r in local.rows], rel=1e-12
    )


def test_a_worker_that_cannot_import_sandflux_is_a_clear_error_and_nothing_is_written(
    inputs, tmp_path, sandflux_provider
):
    import processing
    from qgis.core import QgsProcessingException

    _, forcing, calibration, _ = inputs
    with CliCluster(tmp_path / "cluster", workers=1, sandflux_importable=False) as cluster:
        with pytest.raises(
            QgsProcessingException,
            match=r"1 of the 1 Dask workers at tcp://127\.0\.0\.1:\d+ cannot "
            r"import SandFlux \('sandflux'\).*PYTHONPATH",
        ):
            processing.run(
                "sandflux:annualsequestration",
                {
                    "FORCING": str(forcing),
                    "CALIBRATION": str(calibration),
                    "MIN_COVERAGE": MIN_COVERAGE,
                    "DASK_SCHEDULER": cluster.address,
                    "OUTPUT": str(tmp_path / "out" / "annual.tif"),
                    "TABLE": None,
                    "REPORT": None,
                },
            )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_an_unreachable_scheduler_is_a_clear_error_in_the_flux_tool(
    inputs, tmp_path, sandflux_provider, monkeypatch
):
    import processing
    from qgis.core import QgsProcessingException

    from helpers.cluster import free_port

    _, forcing, calibration, _ = inputs
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT_S", 2.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(
        QgsProcessingException, match=f"Cannot reach the Dask scheduler at {address}"
    ):
        processing.run(
            "sandflux:computeflux",
            {
                "FORCING": str(forcing),
                "CALIBRATION": str(calibration),
                "DASK_SCHEDULER": address,
                "OUTPUT": str(tmp_path / "flux.zarr"),
            },
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.qgis_process
def test_qgis_process_runs_the_annual_tool_on_the_command_line_cluster(
    inputs, cluster, tmp_path, qgis_process_env
):
    _, forcing, calibration, mask = inputs
    local = _local(inputs)
    since = time.time()
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:annualsequestration",
        "--json",
        "--",
        f"FORCING={forcing}",
        f"CALIBRATION={calibration}",
        f"MASK={mask}",
        f"MIN_COVERAGE={MIN_COVERAGE}",
        f"DASK_SCHEDULER={cluster.address}",
        f"OUTPUT={tmp_path / 'annual.tif'}",
        f"TABLE={tmp_path / 'annual.csv'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = json.loads(result.stdout[result.stdout.index("{") :])["results"]
    assert outputs["TOTAL"] == pytest.approx(local.mean_total_net_flux_t_co2_yr, rel=1e-12)
    assert sum(tasks_by_worker(cluster, since, "sum_recipe_slice").values()) >= 1
