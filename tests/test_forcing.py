"""The forcing file contract: layout, GDAL geo-referencing, streaming writer and lazy reader."""

import netCDF4
import numpy as np
import pytest
from osgeo import gdal

from sandflux.core.formats.forcing import ForcingWriter, gdal_name, open_forcing, write_forcing
from sandflux.core.infra.errors import Cancelled, InputFileError, OutputError, VariableError
from sandflux.core.infra.grid import Grid
from sandflux.core.infra.progress import Progress

GRID = Grid(west_centre=77.5, north_centre=41.25, step_lon=0.25, step_lat=0.25, nx=5, ny=4)
START = np.datetime64("2016-01-01T00:00:00", "s")


def planted(hours):
    """Hourly times and fields whose values encode (hour, row, column)."""
    times = START + np.arange(hours).astype("timedelta64[h]")
    h, r, c = np.meshgrid(np.arange(hours), np.arange(GRID.ny), np.arange(GRID.nx), indexing="ij")
    stl1 = (250.0 + h + 0.01 * r + 0.001 * c).astype("float32")
    swvl1 = (0.001 * h + 0.0001 * r + 0.00001 * c).astype("float32")
    return times, stl1, swvl1


def chunked(times, stl1, swvl1, size):
    for i in range(0, times.size, size):
        yield times[i : i + size], stl1[i : i + size], swvl1[i : i + size]


def test_written_in_chunks_reads_back_the_planted_values(tmp_path):
    times, stl1, swvl1 = planted(50)
    path = write_forcing(tmp_path / "f.nc", GRID, chunked(times, stl1, swvl1, 7))
    with open_forcing(path) as forcing:
        assert forcing.grid == GRID
        np.testing.assert_array_equal(forcing.times, times)
        got_t, got_m = forcing.read()
        np.testing.assert_array_equal(got_t, stl1)
        np.testing.assert_array_equal(got_m, swvl1)
        assert got_t.dtype == np.float32


def test_file_follows_the_cf_layout(tmp_path):
    times, stl1, swvl1 = planted(30)
    path = write_forcing(tmp_path / "f.nc", GRID, chunked(times, stl1, swvl1, 30), time_chunk=12)
    with netCDF4.Dataset(path) as ds:
        assert ds.Conventions == "CF-1.8"
        for name, units in (("stl1", "K"), ("swvl1", "m3 m-3")):
            var = ds[name]
            assert var.dimensions == ("time", "latitude", "longitude")
            assert var.dtype == np.float32
            assert var.units == units
            assert var.grid_mapping == "crs"
            assert var.filters()["zlib"] is True
            assert var.chunking() == [12, GRID.ny, GRID.nx]
            assert np.isnan(var._FillValue)
        assert ds["time"].units == "hours since 1970-01-01 00:00:00"
        assert ds["time"].calendar == "standard"
        # 2016-01-01T00Z is 16801 days after 1970-01-01.
        assert ds["time"][0] == 16801 * 24
        assert list(ds["latitude"][:]) == [41.25, 41.0, 40.75, 40.5]
        assert list(ds["longitude"][:]) == [77.5, 77.75, 78.0, 78.25, 78.5]
        assert ds["crs"].grid_mapping_name == "latitude_longitude"


def test_gdal_reads_epsg4326_half_cell_geotransform_and_one_band_an_hour(tmp_path):
    times, stl1, swvl1 = planted(6)
    path = write_forcing(tmp_path / "f.nc", GRID, chunked(times, stl1, swvl1, 6))
    dataset = gdal.Open(gdal_name(path, "stl1"))
    assert dataset.GetGeoTransform() == (77.375, 0.25, 0.0, 41.375, 0.0, -0.25)
    assert dataset.GetSpatialRef().GetAuthorityCode(None) == "4326"
    assert dataset.RasterCount == 6
    np.testing.assert_array_equal(dataset.GetRasterBand(4).ReadAsArray(), stl1[3])


def test_read_by_dates_window_and_point_series(tmp_path):
    times, stl1, swvl1 = planted(48)
    path = write_forcing(tmp_path / "f.nc", GRID, chunked(times, stl1, swvl1, 10))
    with open_forcing(path) as forcing:
        window = forcing.grid.window((77.7, 40.6, 78.1, 41.1))  # rows 1..2, columns 1..2
        got_t, got_m = forcing.read(
            "2016-01-01T05:00:00", np.datetime64("2016-01-01T08:00"), window
        )
        np.testing.assert_array_equal(got_t, stl1[5:8, 1:3, 1:3])
        np.testing.assert_array_equal(got_m, swvl1[5:8, 1:3, 1:3])
        series_times, series_t, series_m = forcing.point_series(78.3, 40.45)  # row 3, col 3
        np.testing.assert_array_equal(series_times, times)
        np.testing.assert_array_equal(series_t, stl1[:, 3, 3])
        np.testing.assert_array_equal(series_m, swvl1[:, 3, 3])
        blocks = list(forcing.chunks(hours=20))
        assert [b[0].size for b in blocks] == [20, 20, 8]
        np.testing.assert_array_equal(blocks[2][1], stl1[40:])


def test_missing_values_stay_nan(tmp_path):
    times, stl1, swvl1 = planted(3)
    stl1[1, 2, 3] = np.nan
    path = write_forcing(tmp_path / "f.nc", GRID, chunked(times, stl1, swvl1, 3))
    with open_forcing(path) as forcing:
        got_t, _ = forcing.read()
    assert np.isnan(got_t[1, 2, 3])
    assert np.isfinite(np.delete(got_t.ravel(), np.ravel_multi_index((1, 2, 3), got_t.shape))).all()


def test_cancelled_write_leaves_no_file(tmp_path):
    times, stl1, swvl1 = planted(20)
    calls = []

    def cancel_after_first_chunk():
        calls.append(1)
        return len(calls) > 1

    target = tmp_path / "f.nc"
    with pytest.raises(Cancelled):
        write_forcing(
            target,
            GRID,
            chunked(times, stl1, swvl1, 5),
            progress=Progress(None, cancel_after_first_chunk),
        )
    assert list(tmp_path.iterdir()) == []


def test_unsorted_chunks_are_refused_and_leave_no_file(tmp_path):
    times, stl1, swvl1 = planted(10)
    chunks = [(times[5:], stl1[5:], swvl1[5:]), (times[:5], stl1[:5], swvl1[:5])]
    with pytest.raises(OutputError, match="sorted and unique"):
        write_forcing(tmp_path / "f.nc", GRID, iter(chunks))
    assert list(tmp_path.iterdir()) == []


def test_empty_selection_is_an_error(tmp_path):
    with pytest.raises(VariableError, match="No hour"):
        write_forcing(tmp_path / "f.nc", GRID, iter([]))
    assert list(tmp_path.iterdir()) == []


def test_wrong_shape_is_refused(tmp_path):
    times, stl1, swvl1 = planted(2)
    with ForcingWriter(tmp_path / "f.nc", GRID) as writer:
        with pytest.raises(OutputError, match="shape"):
            writer.append(times, stl1[:, :2], swvl1)


def test_a_file_without_forcing_variables_is_refused(tmp_path):
    path = tmp_path / "other.nc"
    with netCDF4.Dataset(path, "w") as ds:
        ds.createDimension("x", 2)
        ds.createVariable("z", "f4", ("x",))
    with pytest.raises(InputFileError, match="stl1|time"):
        open_forcing(path)


def test_background_writer_writes_the_same_values_and_layout_as_the_in_process_one(tmp_path):
    times, stl1, swvl1 = planted(50)
    here = write_forcing(
        tmp_path / "here.nc",
        GRID,
        chunked(times, stl1, swvl1, 12),
        time_chunk=12,
        attributes={"comment": "x"},
    )
    there = write_forcing(
        tmp_path / "there.nc",
        GRID,
        chunked(times, stl1, swvl1, 12),
        time_chunk=12,
        attributes={"comment": "x"},
        background=True,
    )
    with netCDF4.Dataset(here) as a, netCDF4.Dataset(there) as b:
        for name in ("time", "latitude", "longitude", "stl1", "swvl1"):
            np.testing.assert_array_equal(b[name][:], a[name][:])
            assert b[name].chunking() == a[name].chunking()
            assert b[name].filters() == a[name].filters()
        assert b.comment == "x"
    with open_forcing(there) as forcing:  # and the planted values themselves
        np.testing.assert_array_equal(forcing.read()[0], stl1)
        np.testing.assert_array_equal(forcing.times, times)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here.nc", "there.nc"]


def test_background_writer_reports_the_writer_error_and_a_cancel_and_leaves_nothing(tmp_path):
    times, stl1, swvl1 = planted(30)

    def bad_second_chunk():
        yield times[:10], stl1[:10], swvl1[:10]
        yield times[10:20], stl1[10:20, :2], swvl1[10:20]  # wrong shape: the writer refuses

    with pytest.raises(OutputError, match=r"stl1 has the shape \(10, 2, 5\)"):
        write_forcing(tmp_path / "bad.nc", GRID, bad_second_chunk(), background=True)
    state = {"calls": 0}

    def cancel_after_two_chunks():
        state["calls"] += 1
        return state["calls"] > 2

    with pytest.raises(Cancelled):
        write_forcing(
            tmp_path / "cancelled.nc",
            GRID,
            chunked(times, stl1, swvl1, 5),
            background=True,
            progress=Progress(None, cancel_after_two_chunks),
        )
    assert list(tmp_path.iterdir()) == []
