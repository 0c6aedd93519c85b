"""The flux tool's Zarr output (.zarr), written locally by the Dask path on threads.

Reference: the plain core's netCDF flux file of the same inputs (core.model.flux.compute_flux).
"""

import numpy as np
import pytest

from helpers.synthetic import hourly, make_calibration, make_forcing
from sandflux.core.backends import dask_cluster
from sandflux.core.formats.flux_raster import open_flux_raster
from sandflux.core.infra.errors import Cancelled, OutputError
from sandflux.core.infra.grid import Grid
from sandflux.core.model.flux import compute_flux
from sandflux.core.tools.flux import run_flux

zarr = pytest.importorskip("zarr")
xr = pytest.importorskip("xarray")

# A grid across the prime meridian: longitude 0.0 must stay a coordinate, not a missing value.
GRID = Grid(west_centre=-0.5, north_centre=20.0, step_lon=0.25, step_lat=0.25, nx=5, ny=3)
TIMES = hourly("2016-02-27T00:00:00", 96)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zarr-inputs")
    forcing, _, _ = make_forcing(folder / "forcing.nc", TIMES, grid=GRID, chunk=24, nan_cell=(1, 3))
    calibration = folder / "calibration.json"
    make_calibration(calibration)
    reference = compute_flux(forcing, calibration, folder / "reference.nc")
    with open_flux_raster(reference.path) as raster:
        expected = raster.read(0, len(raster.times))
    return forcing, calibration, expected


def test_a_zarr_output_holds_the_flux_of_the_plain_core_with_cf_coordinates(
    inputs, tmp_path, monkeypatch
):
    monkeypatch.delenv(dask_cluster.ENVIRONMENT_VARIABLE, raising=False)
    forcing, calibration, expected = inputs
    result = run_flux(forcing, calibration, tmp_path / "flux.zarr", chunk_hours=24)
    assert result.path == tmp_path / "flux.zarr" and result.path.is_dir()
    with xr.open_zarr(result.path) as store:
        np.testing.assert_array_equal(store["co2_flux"].values, expected)
        assert np.isnan(store["co2_flux"].values[:, 1, 3]).all()  # NoData stays NoData
        np.testing.assert_array_equal(store["longitude"].values, [-0.5, -0.25, 0.0, 0.25, 0.5])
        np.testing.assert_array_equal(store["latitude"].values, [20.0, 19.75, 19.5])
        np.testing.assert_array_equal(store["time"].values, TIMES.astype("datetime64[ns]"))
        assert store["co2_flux"].attrs["units"] == "g m-2 s-1"
        assert store["co2_flux"].attrs["grid_mapping"] == "crs"
        assert store["time"].encoding["units"] == "hours since 1970-01-01 00:00:00"
        assert store.attrs["Conventions"] == "CF-1.8"
    raw = zarr.open_group(str(result.path), mode="r")
    assert raw["co2_flux"].chunks == (24, GRID.ny, GRID.nx)
    assert raw["co2_flux"].fill_value == -9999.0
    assert raw["co2_flux"][0, 1, 3] == -9999.0  # stored as the NoData value of the other formats


def test_a_cancelled_zarr_run_leaves_nothing_and_an_old_store_is_replaced(
    inputs, tmp_path, monkeypatch
):
    monkeypatch.delenv(dask_cluster.ENVIRONMENT_VARIABLE, raising=False)
    forcing, calibration, expected = inputs
    target = tmp_path / "flux.zarr"
    calls = []

    def cancel_after_the_first_chunk():
        calls.append(1)
        return len(calls) > 2

    from sandflux.core.infra.progress import Progress

    with pytest.raises(Cancelled):
        run_flux(
            forcing,
            calibration,
            target,
            chunk_hours=24,
            progress=Progress(None, cancel_after_the_first_chunk),
        )
    assert list(tmp_path.iterdir()) == []
    # A second run over an older store of the same name replaces it whole.
    run_flux(forcing, calibration, target, chunk_hours=48, start="2016-02-28T00:00:00")
    run_flux(forcing, calibration, target, chunk_hours=24)
    with xr.open_zarr(target) as store:
        np.testing.assert_array_equal(store["co2_flux"].values, expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flux.zarr"]


def test_the_plain_writer_refuses_a_zarr_path_with_a_clear_error(inputs, tmp_path):
    forcing, calibration, _ = inputs
    with pytest.raises(OutputError, match=r"Zarr store .*flux\.zarr.*Dask path"):
        compute_flux(forcing, calibration, tmp_path / "flux.zarr")
    assert list(tmp_path.iterdir()) == []
