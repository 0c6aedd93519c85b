"""core.model.flux: every cell and hour = soil correction then the model.

Also dTs/dt, SOC/pH, mask, years."""

import math

import numpy as np
import pytest
from osgeo import gdal, osr

from helpers.geofiles import box, write_polygons, write_raster
from helpers.synthetic import DESERT_PARAMETERS, GRID, hourly, make_calibration, make_forcing
from sandflux.core.formats.flux_raster import open_flux_raster
from sandflux.core.infra.constants import NODATA
from sandflux.core.infra.errors import Cancelled, GridError, OutputError, VariableError
from sandflux.core.infra.progress import Progress
from sandflux.core.model.calibration_file import load_calibration
from sandflux.core.model.flux import compute_flux, total_ratio_ci95

LINEAR_CORRECTION = {
    "method": "linear",
    "temperature": {"slope": 0.9, "intercept": 30.0},
    "moisture": {"slope": 1.2, "intercept": -0.01},
}


def desert_by_hand(ts, theta, dts_dt, s, p=DESERT_PARAMETERS):
    """The desert scheme written out once more, term by term (g CO2 m-2 s-1)."""
    pumping = p["k_pump"] * dts_dt
    source = p["r_ref"] * p["q10"] ** ((ts - 288.15) / 10.0)
    pulse = p["k_pulse"] * max(theta - p["theta_c"], 0.0)
    uptake = p["u_ref"] * s * math.exp(-p["gamma"] * (ts - 288.15))
    return pumping + source + pulse - uptake


def corrected(stl1, swvl1):
    return 30.0 + 0.9 * float(stl1), max(-0.01 + 1.2 * float(swvl1), 0.0)


@pytest.fixture()
def forcing(tmp_path):
    """2016-12-31T18Z .. 2017-01-01T05Z (12 hours) crossing the new year."""
    times = hourly("2016-12-31T18:00", 12)
    return make_forcing(tmp_path / "forcing.nc", times) + (times,)


def test_a_cell_hour_equals_the_desert_scheme_evaluated_by_hand(tmp_path, forcing):
    path, stl1, swvl1, _ = forcing
    calibration = load_calibration(
        make_calibration(tmp_path / "cal.json", soil_correction=LINEAR_CORRECTION)
    )
    out = tmp_path / "flux.nc"
    compute_flux(path, tmp_path / "cal.json", out, chunk_hours=4)
    with open_flux_raster(out) as raster:
        flux = raster.read()
        assert raster.metadata["SANDFLUX_CALIBRATION_HASH"] == calibration.hash()
    for t, row, col in [(5, 1, 2), (4, 0, 0), (11, 2, 3)]:  # 4: first hour of the second chunk
        ts, theta = corrected(stl1[t, row, col], swvl1[t, row, col])
        ts_before, _ = corrected(stl1[t - 1, row, col], 0.0)
        expected = desert_by_hand(ts, theta, ts - ts_before, 1.0)
        assert flux[t, row, col] == pytest.approx(expected, rel=1e-5)


def test_very_first_hour_of_the_file_takes_the_forward_difference(tmp_path, forcing):
    path, stl1, swvl1, _ = forcing
    make_calibration(tmp_path / "cal.json", soil_correction=LINEAR_CORRECTION)
    out = tmp_path / "first.nc"
    # Only the first hour selected: the second hour still comes from the file.
    compute_flux(path, tmp_path / "cal.json", out, end="2016-12-31T18:00:00")
    with open_flux_raster(out) as raster:
        assert raster.times.size == 1
        flux = raster.read()
    ts0, theta0 = corrected(stl1[0, 2, 1], swvl1[0, 2, 1])
    ts1, _ = corrected(stl1[1, 2, 1], 0.0)
    assert flux[0, 2, 1] == pytest.approx(desert_by_hand(ts0, theta0, ts1 - ts0, 1.0), rel=1e-5)


def test_first_hour_of_a_year_uses_the_last_hour_of_the_year_before(tmp_path, forcing):
    path, stl1, swvl1, times = forcing
    make_calibration(tmp_path / "cal.json")
    out = tmp_path / "2017.tif"
    compute_flux(path, tmp_path / "cal.json", out, start="2017-01-01", end="2017-12-31T23:00")
    with open_flux_raster(out) as raster:
        assert str(raster.times[0]) == "2017-01-01T00:00:00"
        flux = raster.read()
    t = int(np.flatnonzero(times == np.datetime64("2017-01-01T00:00"))[0])
    ts, theta = float(stl1[t, 1, 1]), float(swvl1[t, 1, 1])
    dts_dt = ts - float(stl1[t - 1, 1, 1])  # 2016-12-31T23Z, one hour before
    assert flux[0, 1, 1] == pytest.approx(desert_by_hand(ts, theta, dts_dt, 1.0), rel=1e-5)


def test_year_by_year_and_chunk_sizes_give_the_numbers_of_the_whole_period(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json", soil_correction=LINEAR_CORRECTION)
    compute_flux(path, tmp_path / "cal.json", tmp_path / "whole.nc", chunk_hours=100)
    compute_flux(path, tmp_path / "cal.json", tmp_path / "small-chunks.nc", chunk_hours=2)
    compute_flux(
        path,
        tmp_path / "cal.json",
        tmp_path / "2016.tif",
        start="2016-01-01",
        end="2016-12-31T23:00",
        chunk_hours=3,
    )
    compute_flux(
        path,
        tmp_path / "cal.json",
        tmp_path / "2017.tif",
        start="2017-01-01",
        end="2017-12-31T23:00",
        chunk_hours=5,
    )
    with (
        open_flux_raster(tmp_path / "whole.nc") as whole,
        open_flux_raster(tmp_path / "small-chunks.nc") as small,
        open_flux_raster(tmp_path / "2016.tif") as y2016,
        open_flux_raster(tmp_path / "2017.tif") as y2017,
    ):
        by_year = np.concatenate([y2016.read(), y2017.read()])
        np.testing.assert_array_equal(np.concatenate([y2016.times, y2017.times]), whole.times)
        np.testing.assert_array_equal(by_year, whole.read())
        np.testing.assert_array_equal(small.read(), whole.read())
        assert y2016.times.size == 6 and y2017.times.size == 6


def test_a_tif_over_two_calendar_years_is_refused_and_nothing_is_written(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    with pytest.raises(OutputError, match=r"one calendar year.*\.nc.*one row a year"):
        compute_flux(path, tmp_path / "cal.json", tmp_path / "both.tif")
    assert not list(tmp_path.glob("*.tif"))


def test_geotiff_read_back_with_gdal_has_grid_crs_nodata_bands_and_hour_labels(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(
        tmp_path / "cal.json",
        bootstrap_means=[1.0, 2.0, 3.0, 4.0, 5.0],
        metrics={"station_mean_flux_g_co2_m2_s": 2.5},
    )
    out = tmp_path / "2016.tif"
    compute_flux(path, tmp_path / "cal.json", out, end="2016-12-31T23:59:59")
    ds = gdal.Open(str(out))
    assert ds.RasterCount == 6
    # First point 77.5 E, 41.25 N at 0.25 deg: origin half a cell up and left.
    assert ds.GetGeoTransform() == pytest.approx((77.375, 0.25, 0.0, 41.375, 0.0, -0.25))
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    assert srs.GetAuthorityCode(None) == "4326"
    assert ds.GetRasterBand(1).GetNoDataValue() == NODATA
    assert ds.GetRasterBand(1).DataType == gdal.GDT_Float32
    assert [ds.GetRasterBand(b).GetDescription() for b in (1, 6)] == [
        "2016-12-31T18:00:00Z",
        "2016-12-31T23:00:00Z",
    ]
    assert ds.GetMetadataItem("SANDFLUX_MODEL") == "desert"
    assert ds.GetMetadataItem("SANDFLUX_TIME_END") == "2016-12-31T23:00:00Z"
    # Quantiles of m_b/m_0 = [0.4, 0.8, 1.2, 1.6, 2.0] (numpy's linear rule: 0.44 and 1.96).
    low, high = (float(v) for v in ds.GetMetadataItem("SANDFLUX_TOTAL_RATIO_CI95").split(","))
    assert low == pytest.approx(0.4 + 0.025 * 4 * 0.4)
    assert high == pytest.approx(2.0 - 0.025 * 4 * 0.4)


def test_ratio_ci95_absent_without_bootstrap(tmp_path):
    calibration = load_calibration(make_calibration(tmp_path / "cal.json"))
    assert total_ratio_ci95(calibration) is None


def test_soc_raster_and_ph_number_scale_the_uptake_cell_by_cell(tmp_path, forcing):
    path, *_ = forcing
    # Only the uptake term: F = -u_ref * s at Ts = any (gamma = 0).
    parameters = dict(DESERT_PARAMETERS, k_pump=0.0, r_ref=0.0, k_pulse=0.0, gamma=0.0)
    make_calibration(tmp_path / "cal.json", parameters=parameters, station={"soc": 2.0, "ph": 8.0})
    # SOC at 0.125 deg: 2 x 2 pixels in each forcing cell, one pixel NoData in cell (0, 0).
    rng = np.random.default_rng(3)
    soc = rng.uniform(0.5, 4.0, (6, 8))
    soc[0, 0] = -1
    write_raster(tmp_path / "soc.tif", soc, (77.375, 0.125, 0, 41.375, 0, -0.125), nodata=-1)
    out = tmp_path / "scaled.nc"
    compute_flux(path, tmp_path / "cal.json", out, soc=str(tmp_path / "soc.tif"), ph=9.0)
    with open_flux_raster(out) as raster:
        flux = raster.read(0, 1)[0]
    for row in range(3):
        for col in range(4):
            pixels = soc[2 * row : 2 * row + 2, 2 * col : 2 * col + 2]
            mean_soc = pixels[pixels > 0].mean()
            s = (2.0 / mean_soc) * (9.0 / 8.0)
            assert flux[row, col] == pytest.approx(-3e-6 * s, rel=1e-5), (row, col)


def test_soc_and_ph_absent_in_the_calibration_give_scale_one(tmp_path, forcing):
    path, *_ = forcing
    parameters = dict(DESERT_PARAMETERS, k_pump=0.0, r_ref=0.0, k_pulse=0.0, gamma=0.0)
    make_calibration(tmp_path / "cal.json", parameters=parameters, station={})
    result = compute_flux(path, tmp_path / "cal.json", tmp_path / "f.nc", soc=1.0, ph=10.0)
    with open_flux_raster(tmp_path / "f.nc") as raster:
        np.testing.assert_allclose(raster.read(), -3e-6, rtol=1e-6)
    assert any("no station SOC" in w for w in result.warnings)


def test_implausible_ph_number_is_a_clear_error(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    with pytest.raises(VariableError, match="pH value 15"):
        compute_flux(path, tmp_path / "cal.json", tmp_path / "f.nc", ph=15)


def _cells(extent_test):
    """Expected (lat, lon) bool mask from a test on each cell's (west, south, east, north)."""
    expected = np.zeros(GRID.shape, bool)
    for row in range(GRID.ny):
        for col in range(GRID.nx):
            west = 77.375 + 0.25 * col
            north = 41.375 - 0.25 * row
            expected[row, col] = extent_test(west, north - 0.25, west + 0.25, north)
    return expected


@pytest.mark.parametrize("all_touched", [True, False])
def test_polygon_mask_keeps_cells_inside_and_blanks_the_rest(tmp_path, forcing, all_touched):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    # A box from 77.55 to 78.05 E, 40.8 to 41.2 N.
    write_polygons(tmp_path / "sand.gpkg", [box(77.55, 40.8, 78.05, 41.2)])
    compute_flux(
        path,
        tmp_path / "cal.json",
        tmp_path / "masked.nc",
        chunk_hours=4,
        mask_vector=str(tmp_path / "sand.gpkg"),
        all_touched=all_touched,
    )
    compute_flux(path, tmp_path / "cal.json", tmp_path / "all.nc", chunk_hours=4)
    if all_touched:  # every cell the box overlaps
        expected = _cells(lambda w, s, e, n: w < 78.05 and e > 77.55 and s < 41.2 and n > 40.8)
    else:  # cells whose centre is inside the box
        expected = _cells(
            lambda w, s, e, n: 77.55 < (w + e) / 2 < 78.05 and 40.8 < (s + n) / 2 < 41.2
        )
    assert 0 < expected.sum() < expected.size
    with (
        open_flux_raster(tmp_path / "masked.nc") as masked,
        open_flux_raster(tmp_path / "all.nc") as everything,
    ):
        inside = masked.read()
        full = everything.read()
    assert np.isnan(inside[:, ~expected]).all()
    np.testing.assert_array_equal(inside[:, expected], full[:, expected])


def test_polygon_mask_in_web_mercator_is_reprojected(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    transform = osr.CoordinateTransformation(_srs(4326), _srs(3857))
    ring = [transform.TransformPoint(x, y)[:2] for x, y in box(77.55, 40.8, 77.9, 41.3)]
    write_polygons(tmp_path / "sand3857.gpkg", [ring], epsg=3857)
    compute_flux(
        path,
        tmp_path / "cal.json",
        tmp_path / "m.nc",
        all_touched=False,
        mask_vector=str(tmp_path / "sand3857.gpkg"),
    )
    with open_flux_raster(tmp_path / "m.nc") as raster:
        valid = np.isfinite(raster.read(0, 1)[0])
    expected = np.zeros(GRID.shape, bool)
    expected[0:2, 1] = True  # centres 77.75 E at 41.25 and 41.0 N
    np.testing.assert_array_equal(valid, expected)


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def test_mask_raster_nonzero_is_sand(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    planted = np.array([[0, 1, 0, 2], [0, 0, 5, 0], [-3, 0, 0, 0]], "float32")
    write_raster(tmp_path / "sand.tif", planted, GRID.geotransform)
    compute_flux(
        path, tmp_path / "cal.json", tmp_path / "m.nc", mask_raster=str(tmp_path / "sand.tif")
    )
    with open_flux_raster(tmp_path / "m.nc") as raster:
        valid = np.isfinite(raster.read())
    np.testing.assert_array_equal(valid, np.broadcast_to(planted != 0, valid.shape))


def test_mask_outside_the_forcing_extent_is_a_clear_error(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    write_polygons(tmp_path / "far.gpkg", [box(10.0, 10.0, 11.0, 11.0)])
    with pytest.raises(GridError, match=r"far\.gpkg.*does not overlap the forcing grid"):
        compute_flux(
            path, tmp_path / "cal.json", tmp_path / "m.nc", mask_vector=str(tmp_path / "far.gpkg")
        )
    assert not (tmp_path / "m.nc").exists()


def test_mask_without_polygons_is_a_clear_error(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    write_polygons(tmp_path / "empty.gpkg", [])
    with pytest.raises(GridError, match="holds no polygon"):
        compute_flux(
            path, tmp_path / "cal.json", tmp_path / "m.nc", mask_vector=str(tmp_path / "empty.gpkg")
        )


def test_cells_without_era5_values_are_nodata(tmp_path):
    times = hourly("2016-06-01T00:00", 6)
    path, *_ = make_forcing(tmp_path / "f.nc", times, nan_cell=(2, 0))
    make_calibration(tmp_path / "cal.json")
    compute_flux(path, tmp_path / "cal.json", tmp_path / "o.tif")
    with open_flux_raster(tmp_path / "o.tif") as raster:
        flux = raster.read()
    assert np.isnan(flux[:, 2, 0]).all()
    assert np.isfinite(np.delete(flux.reshape(6, -1), 8, axis=1)).all()


def test_cancelling_stops_and_leaves_no_output(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    calls = []
    progress = Progress(lambda f, m: calls.append(f), lambda: len(calls) >= 2)
    with pytest.raises(Cancelled):
        compute_flux(
            path, tmp_path / "cal.json", tmp_path / "c.nc", chunk_hours=2, progress=progress
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.json", "forcing.nc"]


def test_empty_period_is_a_clear_error(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    with pytest.raises(VariableError, match="No hour of the forcing file"):
        compute_flux(path, tmp_path / "cal.json", tmp_path / "e.nc", start="2020-01-01")


def test_fine_mask_raster_with_all_touched_keeps_the_cell_holding_a_sand_pixel(tmp_path, forcing):
    path, *_ = forcing
    make_calibration(tmp_path / "cal.json")
    fine = np.zeros((6, 8), "float32")  # 0.125 deg: 2 x 2 pixels a forcing cell
    fine[2, 3] = 1.0  # the north-east quarter of cell (row 1, col 1)
    write_raster(tmp_path / "fine.tif", fine, (77.375, 0.125, 0, 41.375, 0, -0.125))
    compute_flux(
        path,
        tmp_path / "cal.json",
        tmp_path / "m.nc",
        mask_raster=str(tmp_path / "fine.tif"),
        all_touched=True,
    )
    with open_flux_raster(tmp_path / "m.nc") as raster:
        valid = np.isfinite(raster.read(0, 1)[0])
    expected = np.zeros(GRID.shape, bool)
    expected[1, 1] = True
    np.testing.assert_array_equal(valid, expected)


@pytest.mark.parametrize("previous", [False, True])
def test_the_kernel_computes_a_chunk_in_pieces_with_the_numbers_of_the_whole_chunk(
    monkeypatch, previous
):
    """flux_kernel works through a chunk in cache-sized pieces of hours; the dTs/dt at each
    piece's first hour takes the last hour of the piece before, so every value equals the
    chunk computed at once (the drivers and the model applied to the whole block)."""
    from sandflux.core.model import flux as core_flux

    rng = np.random.default_rng(7)
    hours = 1.0e6 + np.arange(50.0)
    stl1 = (285.0 + 15.0 * rng.random((50, 3, 4))).astype("float32")
    swvl1 = (0.08 * rng.random((50, 3, 4))).astype("float32")
    stl1[:, 0, 0] = np.nan  # a cell without data stays NoData
    before = (stl1[0] - 0.4, hours[0] - 1.0) if previous else (None, None)
    correction = {
        "method": "quantile",
        "temperature": {"era5": [250.0, 290.0, 330.0], "station": [252.0, 293.0, 334.0]},
        "moisture": {"era5": [0.0, 0.1, 0.5], "station": [0.0, 0.13, 0.4]},
    }
    parameters = [DESERT_PARAMETERS[name] for name in core_flux.get_model("desert").parameter_names]
    scale = 0.5 + rng.random((3, 4))
    sand = rng.random((3, 4)) > 0.2
    arguments = (stl1, swvl1, hours, *before, "desert", parameters, correction, scale, sand)
    whole = core_flux.flux_of_drivers(
        "desert",
        parameters,
        *core_flux.corrected_drivers(stl1, swvl1, hours, *before, correction),
        scale,
        sand,
    )
    monkeypatch.setattr(core_flux, "KERNEL_PIECE_VALUES", 7 * 12)  # pieces of 7 hours
    assert core_flux.kernel_piece_hours(stl1.shape) == 7
    pieces = core_flux.flux_kernel(*arguments)
    assert pieces.dtype == np.float32
    np.testing.assert_array_equal(pieces, whole)
    assert np.isnan(pieces[:, 0, 0]).all() and np.isnan(pieces[:, ~sand]).all()
    monkeypatch.setattr(core_flux, "KERNEL_PIECE_VALUES", 1)  # at least 2 hours a piece
    assert core_flux.kernel_piece_hours(stl1.shape) == 2
    np.testing.assert_array_equal(core_flux.flux_kernel(*arguments), whole)
