"""The point series (core.model.points, sandflux:pointseries's core): the hourly flux and drivers
at points equal the flux raster's cell, the drivers and daily means by hand."""

import csv

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from helpers.synthetic import hourly, make_calibration, make_forcing
from sandflux.core.infra.errors import GridError
from sandflux.core.model.flux import FluxRecipe, compute_flux
from sandflux.core.tools.points import run_point_series

gdal.UseExceptions()
SOC, PH = 1.6, 9.3


def write_points(path, points, epsg=4326, field="name"):
    """A GeoPackage point layer: one feature a (name, x, y)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("points", srs, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for name, x, y in points:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField(field, name)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(x, y)
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    source = None
    return str(path)


@pytest.fixture()
def case(tmp_path):
    times = hourly("2019-03-01T00:00", 24 * 5 + 7)  # 5 days and 7 hours
    _, stl1, swvl1 = make_forcing(tmp_path / "forcing.nc", times, chunk=10)
    make_calibration(tmp_path / "cal.json")
    # GRID: cells centred at 77.5 .. 78.25 E, 41.25 .. 40.75 N (0.25 deg)
    points = write_points(
        tmp_path / "points.gpkg", [("station", 77.61, 41.2), ("sample", 78.3, 40.70)]
    )
    return tmp_path, times, stl1, swvl1, points


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_point_values_equal_the_flux_raster_cell_and_drivers_by_hand(case):
    folder, times, stl1, swvl1, points = case
    forcing, calibration = str(folder / "forcing.nc"), str(folder / "cal.json")
    compute_flux(forcing, calibration, folder / "flux.tif", soc=SOC, ph=PH)
    dataset = gdal.Open(str(folder / "flux.tif"))
    raster = dataset.ReadAsArray()  # (hours, rows, cols) float32
    dataset = None
    series = run_point_series(
        FluxRecipe(forcing, calibration, soc=SOC, ph=PH),
        points,
        folder / "points.csv",
        daily=folder / "daily.csv",
        plot=folder / "points.png",
        id_field="name",
    )
    assert series.points.ids == ["station", "sample"]
    assert list(series.rows) == [0, 2] and list(series.cols) == [0, 3]
    np.testing.assert_array_equal(series.values[:, 0, 0], raster[:, 0, 0].astype("float64"))
    np.testing.assert_array_equal(series.values[:, 0, 1], raster[:, 2, 3].astype("float64"))
    ts = stl1[:, 2, 3].astype("float64")  # no soil correction: Ts = stl1
    dts = np.empty_like(ts)
    dts[1:] = np.diff(ts)
    dts[0] = dts[1]  # first hour of the file: forward
    np.testing.assert_allclose(series.values[:, 1, 1], ts, rtol=0, atol=0)
    np.testing.assert_allclose(series.values[:, 2, 1], swvl1[:, 2, 3].astype("float64"))
    np.testing.assert_allclose(series.values[:, 3, 1], dts, rtol=1e-12)
    rows = read_csv(folder / "points.csv")
    assert len(rows) == 2 * times.size
    station = [r for r in rows if r["point_id"] == "station"]
    assert station[0]["time_utc"] == "2019-03-01T00:00:00Z"
    assert float(station[5]["flux_g_co2_m2_s"]) == float(raster[5, 0, 0])
    assert float(station[0]["cell_longitude"]) == 77.5
    assert float(station[0]["cell_latitude"]) == 41.25
    # Daily means by hand: day 2 of the sample point, and the 7-hour last day.
    daily = [r for r in read_csv(folder / "daily.csv") if r["point_id"] == "sample"]
    assert [r["date_utc"] for r in daily] == [f"2019-03-0{d}" for d in range(1, 7)]
    day2 = raster[24:48, 2, 3].astype("float64")
    assert float(daily[1]["mean_flux_g_co2_m2_s"]) == pytest.approx(day2.mean(), rel=1e-12)
    assert float(daily[1]["net_flux_g_co2_m2_day"]) == pytest.approx(day2.mean() * 86400, rel=1e-12)
    assert int(daily[5]["hours_valid"]) == 7
    assert float(daily[5]["mean_soil_temperature_k"]) == pytest.approx(ts[120:].mean(), rel=1e-12)
    assert (folder / "points.png").stat().st_size > 1000


def test_point_series_from_flux_rasters_is_the_same_flux(case):
    folder, times, _, _, points = case
    forcing, calibration = str(folder / "forcing.nc"), str(folder / "cal.json")
    compute_flux(forcing, calibration, folder / "part1.nc", end="2019-03-03T05:00:00")
    compute_flux(forcing, calibration, folder / "part2.nc", start="2019-03-03T06:00:00")
    from_forcing = run_point_series(FluxRecipe(forcing, calibration), points, folder / "a.csv")
    from_rasters = run_point_series(
        [str(folder / "part2.nc"), str(folder / "part1.nc")], points, folder / "b.csv"
    )
    np.testing.assert_array_equal(from_rasters.times, times)
    np.testing.assert_array_equal(from_rasters.values[:, 0], from_forcing.values[:, 0])
    assert np.isnan(from_rasters.values[:, 1:]).all()  # no drivers in a flux raster
    assert read_csv(folder / "b.csv")[0]["soil_temperature_k"] == ""


def test_a_point_outside_the_grid_is_refused_and_nothing_is_written(case):
    folder, _, _, _, _ = case
    outside = write_points(folder / "far.gpkg", [("far", 90.0, 41.0)])
    with pytest.raises(GridError, match="far"):
        run_point_series(
            FluxRecipe(str(folder / "forcing.nc"), str(folder / "cal.json")),
            outside,
            folder / "out.csv",
            daily=folder / "d.csv",
            id_field="name",
        )
    assert not list(folder.glob("out.csv*")) and not list(folder.glob("d.csv*"))
