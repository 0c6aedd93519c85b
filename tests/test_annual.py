"""Annual sums: hand numbers, leap and partial years, coverage, units, mass conservation."""

import csv
import math

import numpy as np
import pytest
from osgeo import gdal
from pyproj import Geod

from helpers.flux_rasters import (
    NORTH_CENTRE,
    NX,
    NY,
    STEP,
    WEST_CENTRE,
    constant_flux,
    hours_of,
    write_flux_geotiff,
)
from sandflux.core.infra.errors import Cancelled, GridError, UnitsError, VariableError
from sandflux.core.infra.progress import Progress
from sandflux.core.model import annual
from sandflux.core.model.annual import (
    accumulate_hours,
    annual_net_flux,
    compute_annual,
    hours_in_year,
)
from sandflux.core.tools.annual import run_annual_sequestration

GEOD = Geod(ellps="WGS84")


def pyproj_cell_areas_m2(
    west_centre=WEST_CENTRE, north_centre=NORTH_CENTRE, ny=NY, nx=NX, step=STEP
):
    """Independent cell areas: pyproj geodesic polygons of the cell corners."""
    areas = np.empty((ny, nx))
    for row in range(ny):
        for col in range(nx):
            lon = west_centre + col * step
            lat = north_centre - row * step
            w, e, s, n = lon - step / 2, lon + step / 2, lat - step / 2, lat + step / 2
            areas[row, col] = abs(GEOD.polygon_area_perimeter([w, e, e, w], [s, s, n, n])[0])
    return areas


def read_bands(path):
    dataset = gdal.Open(str(path))
    data = dataset.ReadAsArray().astype("float64")
    data = data.reshape((dataset.RasterCount,) + data.shape[-2:])
    data[data == -9999.0] = np.nan
    return data, dataset


# ------------------------------------------------------------------ hand numbers


def test_hours_in_year_knows_the_gregorian_leap_rule():
    assert [hours_in_year(y) for y in (2015, 2016, 1900, 2000)] == [8760, 8784, 8760, 8784]


def test_a_leap_year_of_constant_uptake_sums_8784_hours(tmp_path):
    times = hours_of("2016-01-01", "2017-01-01")
    assert times.size == 8784
    path = write_flux_geotiff(tmp_path / "f2016.tif", times, constant_flux(times, -1e-6))
    result = compute_annual([path])
    # -1e-6 g CO2 m-2 s-1 * 3600 s * 8784 h = -31.6224 g CO2 m-2 yr-1
    np.testing.assert_allclose(result.annual_g_co2_m2[0], -31.6224, rtol=1e-6)
    row = result.rows[0]
    assert row["hours_valid"] == 8784 and row["coverage"] == 1.0
    assert row["mean_net_flux_g_co2_m2_yr"] == pytest.approx(-31.6224, rel=1e-6)
    # 31.6224 g CO2 * 12.011 / 44.01 = 8.630235... g C, positive = uptake
    assert row["sequestration_g_c_m2_yr"] == pytest.approx(31.6224 * 12.011 / 44.01, rel=1e-6)


def test_a_common_year_sums_8760_hours(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    path = write_flux_geotiff(tmp_path / "f2015.tif", times, constant_flux(times, 2e-6))
    result = compute_annual([path])
    np.testing.assert_allclose(result.annual_g_co2_m2[0], 2e-6 * 3600 * 8760, rtol=1e-6)
    assert result.rows[0]["sequestration_g_c_m2_yr"] == pytest.approx(
        -63.072 * 12.011 / 44.01, rel=1e-6
    )


def test_totals_in_tonnes_and_teragrams_from_hand_areas(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    path = write_flux_geotiff(
        tmp_path / "f.tif", times, constant_flux(times, -1e-6), ratio_ci95=(0.8, 1.25)
    )
    row = compute_annual([path]).rows[0]
    area_m2 = pyproj_cell_areas_m2().sum()
    total_g = -1e-6 * 3600 * 8760 * area_m2
    assert row["area_km2"] == pytest.approx(area_m2 / 1e6, rel=1e-6)
    assert row["total_net_flux_t_co2"] == pytest.approx(total_g / 1e6, rel=1e-6)
    assert row["sequestration_tg_c"] == pytest.approx(-total_g * 12.011 / 44.01 / 1e12, rel=1e-6)
    # Interval: the total times the ratio quantiles, ordered (an uptake total is negative).
    assert row["total_net_flux_t_co2_ci95_low"] == pytest.approx(1.25 * total_g / 1e6, rel=1e-6)
    assert row["total_net_flux_t_co2_ci95_high"] == pytest.approx(0.8 * total_g / 1e6, rel=1e-6)
    assert row["sequestration_tg_c_ci95_low"] == pytest.approx(
        -0.8 * total_g * 12.011 / 44.01 / 1e12, rel=1e-6
    )
    assert row["sequestration_tg_c_ci95_high"] == pytest.approx(
        -1.25 * total_g * 12.011 / 44.01 / 1e12, rel=1e-6
    )


def test_missing_hours_are_filled_with_the_cells_mean_not_zero(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    flux = constant_flux(times, -1e-6)
    flux[:876, 0, 0] = np.nan  # 10 % missing: still >= 0.9 coverage
    flux[:876, 0, 1] = -5e-6  # the same hours, but valid and larger
    path = write_flux_geotiff(tmp_path / "f.tif", times, flux)
    result = compute_annual([path], min_coverage=0.9)
    assert result.valid_hours[0, 0, 0] == 7884
    # mean of the valid hours (-1e-6) times all 8760 hours
    assert result.annual_g_co2_m2[0, 0, 0] == pytest.approx(-1e-6 * 3600 * 8760, rel=1e-6)
    assert result.annual_g_co2_m2[0, 0, 1] == pytest.approx(
        (-5e-6 * 876 - 1e-6 * 7884) * 3600, rel=1e-6
    )


def test_coverage_threshold_keeps_exactly_the_minimum_and_drops_one_hour_less(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    flux = constant_flux(times, -1e-6)
    flux[:876, 0, 0] = np.nan  # 7884 / 8760 = 0.9 exactly
    flux[:877, 0, 1] = np.nan  # 7883 / 8760 < 0.9
    flux[:, 0, 2] = np.nan  # never valid
    path = write_flux_geotiff(tmp_path / "f.tif", times, flux)
    result = compute_annual([path], min_coverage=0.9)
    field = result.annual_g_co2_m2[0]
    assert np.isfinite(field[0, 0])
    assert np.isnan(field[0, 1]) and np.isnan(field[0, 2])
    assert result.rows[0]["cells_valid"] == NX * NY - 2
    # the region's hours valid: hours with a value in at least one cell -> all of them
    assert result.rows[0]["hours_valid"] == 8760
    relaxed = compute_annual([path], min_coverage=0.5)
    assert np.isfinite(relaxed.annual_g_co2_m2[0, 0, 1])


def test_a_partial_year_is_nodata_below_the_coverage_and_scaled_to_the_year_above(tmp_path):
    times = hours_of("2016-01-01", "2016-07-01")  # 182 days of a leap year
    assert times.size == 4368
    flux = np.random.default_rng(5).normal(-1e-6, 5e-7, (times.size, NY, NX)).astype("float32")
    path = write_flux_geotiff(tmp_path / "half.tif", times, flux)
    strict = compute_annual([path], min_coverage=0.9)
    row = strict.rows[0]
    assert row["hours_valid"] == 4368 and row["coverage"] == pytest.approx(4368 / 8784)
    assert np.all(np.isnan(strict.annual_g_co2_m2))
    assert math.isnan(row["total_net_flux_t_co2"]) and row["cells_valid"] == 0
    loose = compute_annual([path], min_coverage=0.45)
    expected = flux.astype("float64").mean(axis=0) * 3600 * 8784
    np.testing.assert_allclose(loose.annual_g_co2_m2[0], expected, rtol=1e-6)


def test_a_period_across_new_year_gives_two_years_with_their_own_hours(tmp_path):
    first = hours_of("2015-01-01", "2016-01-01")
    second = hours_of("2016-01-01", "2016-02-01")
    a = write_flux_geotiff(tmp_path / "a.tif", first, constant_flux(first, -1e-6))
    b = write_flux_geotiff(tmp_path / "b.tif", second, constant_flux(second, -1e-6))
    result = compute_annual([b, a], min_coverage=0.05)  # order of inputs does not matter
    assert list(result.years) == [2015, 2016]
    assert [r["hours_valid"] for r in result.rows] == [8760, 744]
    np.testing.assert_allclose(result.annual_g_co2_m2[1], -1e-6 * 3600 * 8784, rtol=1e-6)


def test_kernels_are_pure_functions_of_arrays():
    chunk = np.array([[[1.0, np.nan]], [[3.0, np.nan]], [[np.nan, np.nan]]])
    s, n, region_hours = accumulate_hours(chunk, np.array([[True, True]]))
    np.testing.assert_array_equal(s, [[4.0 * 3600, 0.0]])
    np.testing.assert_array_equal(n, [[2, 0]])
    assert region_hours == 2
    out = annual_net_flux(np.array([7200.0, 7200.0]), np.array([2, 1]), 2, 0.9)
    assert out[0] == 7200.0 and np.isnan(out[1])


# ------------------------------------------------------------------ mass conservation


def test_mass_conservation_against_numpy_on_the_read_back_geotiffs(tmp_path):
    rng = np.random.default_rng(42)
    times = hours_of("2016-01-01", "2017-01-01")
    flux = rng.normal(-8e-7, 2e-6, (times.size, NY, NX)).astype("float32")
    flux[rng.random(flux.shape) < 0.03] = np.nan  # scattered gaps everywhere
    flux[:2000, 2, 3] = np.nan  # one cell below 90 % coverage
    source = write_flux_geotiff(tmp_path / "flux.tif", times, flux)
    output, table = tmp_path / "annual.tif", tmp_path / "annual.csv"
    run_annual_sequestration([source], output, table=table)

    hourly, _ = read_bands(source)  # independent integration
    valid = np.isfinite(hourly)
    n_valid = valid.sum(axis=0)
    expected = np.nansum(hourly, axis=0) * 3600.0 * 8784 / n_valid
    expected[n_valid < 0.9 * 8784] = np.nan
    written, dataset = read_bands(output)
    assert dataset.RasterCount == 1 and dataset.GetRasterBand(1).GetDescription() == "2016"
    np.testing.assert_allclose(written[0], expected, rtol=2e-6)
    assert np.isnan(written[0, 2, 3])

    areas = pyproj_cell_areas_m2()
    total_t = np.nansum(expected * areas) / 1e6
    with open(table, newline="") as handle:
        row = next(csv.DictReader(handle))
    assert float(row["total_net_flux_t_co2"]) == pytest.approx(total_t, rel=1e-5)
    assert float(row["area_km2"]) == pytest.approx(
        areas[np.isfinite(expected)].sum() / 1e6, rel=1e-5
    )
    assert int(row["cells_valid"]) == NX * NY - 1


def test_with_full_coverage_the_total_is_the_sum_of_every_hourly_flux_times_area(tmp_path):
    rng = np.random.default_rng(7)
    times = hours_of("2015-01-01", "2016-01-01")
    flux = rng.normal(-1e-6, 3e-6, (times.size, NY, NX)).astype("float32")
    source = write_flux_geotiff(tmp_path / "flux.tif", times, flux)
    result = compute_annual([source])
    hourly, _ = read_bands(source)
    grams = (hourly * 3600.0 * pyproj_cell_areas_m2()).sum()
    assert result.rows[0]["total_net_flux_t_co2"] == pytest.approx(grams / 1e6, rel=1e-5)


def test_netcdf_written_by_flux_io_gives_the_same_sums_as_the_geotiff(tmp_path):
    from sandflux.core.formats.flux_raster import create_flux_writer, flux_metadata
    from sandflux.core.infra.grid import Grid

    times = hours_of("2015-01-01", "2017-01-01")
    rng = np.random.default_rng(3)
    flux = rng.normal(-1e-6, 1e-6, (times.size, NY, NX)).astype("float32")
    flux[rng.random(flux.shape) < 0.02] = np.nan
    grid = Grid(WEST_CENTRE, NORTH_CENTRE, STEP, STEP, NX, NY)
    path = tmp_path / "flux.nc"
    with create_flux_writer(
        path, grid, times, flux_metadata("desert", "h", times), chunk_hours=500
    ) as writer:
        for start in range(0, times.size, 1000):
            writer.write(start, flux[start : start + 1000])
    tifs = []
    for year in (2015, 2016):
        hours = (times >= np.datetime64(f"{year}-01-01")) & (
            times < np.datetime64(f"{year + 1}-01-01")
        )
        tifs.append(write_flux_geotiff(tmp_path / f"{year}.tif", times[hours], flux[hours]))
    from_netcdf = compute_annual([path])
    from_geotiffs = compute_annual(tifs)
    np.testing.assert_allclose(
        from_netcdf.annual_g_co2_m2, from_geotiffs.annual_g_co2_m2, rtol=1e-12
    )
    assert list(from_netcdf.years) == [2015, 2016]


# ------------------------------------------------------------------ mask, errors, outputs


def test_the_mask_restricts_totals_and_the_raster_to_its_cells(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    path = write_flux_geotiff(tmp_path / "f.tif", times, constant_flux(times, -1e-6))
    mask = np.zeros((NY, NX), dtype=bool)
    mask[1:, :2] = True
    result = compute_annual([path], region_weight=mask)
    areas = pyproj_cell_areas_m2()
    assert result.rows[0]["area_km2"] == pytest.approx(areas[mask].sum() / 1e6, rel=1e-6)
    assert result.rows[0]["cells_valid"] == 4
    assert np.all(np.isnan(result.annual_g_co2_m2[0][~mask]))
    with pytest.raises(GridError, match="covers no cell"):
        compute_annual([path], region_weight=np.zeros((NY, NX)))


def test_inputs_on_different_grids_are_a_grid_error_and_nothing_is_written(tmp_path):
    first = hours_of("2015-01-01", "2015-01-03")
    second = hours_of("2015-01-03", "2015-01-05")
    a = write_flux_geotiff(tmp_path / "a.tif", first, constant_flux(first, 1e-6))
    b = write_flux_geotiff(
        tmp_path / "b.tif", second, constant_flux(second, 1e-6), west_centre=WEST_CENTRE + 0.25
    )
    out = tmp_path / "out"
    with pytest.raises(GridError, match="different grids.*b.tif"):
        run_annual_sequestration(
            [a, b], out / "annual.tif", table=out / "t.csv", report=out / "r.html"
        )
    assert not out.exists() or not any(out.iterdir())


def test_an_hour_given_twice_is_an_error(tmp_path):
    times = hours_of("2015-01-01", "2015-01-03")
    a = write_flux_geotiff(tmp_path / "a.tif", times, constant_flux(times, 1e-6))
    b = write_flux_geotiff(tmp_path / "b.tif", times[5:], constant_flux(times[5:], 1e-6))
    with pytest.raises(VariableError, match="2015-01-01T05:00:00Z"):
        compute_annual([a, b])


def test_flux_in_other_units_is_refused(tmp_path):
    times = hours_of("2015-01-01", "2015-01-02")
    path = write_flux_geotiff(tmp_path / "a.tif", times, constant_flux(times, 1e-6))
    dataset = gdal.Open(str(path), gdal.GA_Update)
    dataset.SetMetadataItem("SANDFLUX_UNITS", "umol m-2 s-1")
    dataset = None
    with pytest.raises(UnitsError, match="umol"):
        compute_annual([path])


def test_cancel_stops_the_run_and_leaves_no_output(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    path = write_flux_geotiff(tmp_path / "a.tif", times, constant_flux(times, 1e-6))
    seen = []
    progress = Progress(lambda fraction, message: seen.append(fraction), lambda: len(seen) >= 2)
    with pytest.raises(Cancelled):
        run_annual_sequestration(
            [path], tmp_path / "out.tif", table=tmp_path / "out.csv", progress=progress
        )
    assert not (tmp_path / "out.tif").exists() and not (tmp_path / "out.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tif"]


def test_progress_goes_from_zero_to_one_through_small_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(annual, "MAX_CHUNK_HOURS", 100)
    times = hours_of("2015-01-01", "2015-02-01")
    path = write_flux_geotiff(tmp_path / "a.tif", times, constant_flux(times, 1e-6))
    seen = []
    result = compute_annual([path], min_coverage=0.05, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) > 8
    assert seen == sorted(seen)
    np.testing.assert_allclose(result.annual_g_co2_m2[0], 1e-6 * 3600 * 8760, rtol=1e-6)


def test_six_years_with_a_planted_trend_give_its_slope_per_cell_and_for_the_region(tmp_path):
    # Each year is constant in time: annual = f_y * 3600 * N_year,
    # f_y = -1e-6 + 1e-8 * k * (y - 2010), k = 1..12 the cell number.
    slope_per_cell = np.arange(1, NY * NX + 1, dtype=float).reshape(NY, NX)
    paths, expected = [], []
    for year in range(2010, 2016):
        times = hours_of(f"{year}-01-01", f"{year + 1}-01-01")
        value = -1e-6 + 1e-8 * slope_per_cell * (year - 2010)
        expected.append(value * 3600 * times.size)
        flux = np.broadcast_to(value, (times.size, NY, NX)).astype("float32")
        paths.append(write_flux_geotiff(tmp_path / f"{year}.tif", times, flux))
    out = tmp_path / "out"
    result = run_annual_sequestration(
        paths,
        out / "annual.tif",
        table=out / "t.csv",
        trend=out / "trend.tif",
        report=out / "report.html",
    )
    from scipy import stats

    expected = np.array(expected)
    trend, dataset = read_bands(out / "trend.tif")
    assert dataset.RasterCount == 5
    for row in range(NY):
        for col in range(NX):
            reference = stats.theilslopes(expected[:, row, col], np.arange(2010, 2016))
            assert trend[0, row, col] == pytest.approx(reference.slope, rel=1e-4)
            assert trend[1, row, col] == pytest.approx(reference.low_slope, rel=1e-4)
            assert trend[2, row, col] == pytest.approx(reference.high_slope, rel=1e-4)
            tau = stats.kendalltau(np.arange(6), expected[:, row, col])
            assert tau.correlation == pytest.approx(1.0)
    assert np.all(trend[3] < 0.05) and np.all(trend[4] == 6)
    names = [t.quantity for t in result.regional_trends]
    assert "Regional total net flux" in names
    written, _ = read_bands(out / "annual.tif")
    assert written.shape == (6, NY, NX)
    report = (out / "report.html").read_text()
    assert report.count("data:image/png;base64,") == 2 and "Theil" in report
    assert (out / "t.csvt").read_text().startswith('"Integer"')


def test_fewer_than_five_years_write_no_trend_raster_and_say_why(tmp_path):
    times = hours_of("2015-01-01", "2016-01-01")
    path = write_flux_geotiff(tmp_path / "a.tif", times, constant_flux(times, 1e-6))
    result = run_annual_sequestration(
        [path], tmp_path / "a_annual.tif", trend=tmp_path / "trend.tif"
    )
    assert not (tmp_path / "trend.tif").exists()
    assert any("needs at least 5" in w for w in result.warnings)
