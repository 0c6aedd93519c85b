"""The science products in QGIS: sandflux:pointseries and the annual tool's ENSEMBLE/UNCERTAINTY
through processing.run and qgis_process; the numbers equal the core's."""

import csv
import json

import numpy as np
import pytest

from helpers.qgis_process import run_qgis_process
from helpers.synthetic import DESERT_PARAMETERS, hourly, make_calibration, make_forcing
from sandflux.core.model.calibration_file import load_calibration, save_calibration


@pytest.fixture
def forcing_case(tmp_path):
    times = hourly("2016-01-01T00:00", 8784)
    make_forcing(tmp_path / "forcing.nc", times, chunk=744)
    rng = np.random.default_rng(3)
    central = np.array(list(DESERT_PARAMETERS.values()))
    calibration = load_calibration(make_calibration(tmp_path / "cal.json"))
    calibration.bootstrap_parameters = (central * rng.uniform(0.8, 1.2, (8, central.size))).tolist()
    save_calibration(calibration, tmp_path / "cal.json")
    return str(tmp_path / "forcing.nc"), str(tmp_path / "cal.json")


def point_layer(points):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "points", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    features = []
    for name, x, y in points:
        feature = QgsFeature(layer.fields())
        feature.setAttribute("name", name)
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_pointseries_in_processing_equals_the_core_series(
    sandflux_provider, forcing_case, tmp_path
):
    import processing

    from sandflux.core.model.flux import FluxRecipe
    from sandflux.core.model.points import Points, series_from_recipe

    forcing, calibration = forcing_case
    result = processing.run(
        "sandflux:pointseries",
        {
            "POINTS": point_layer([("station", 77.61, 41.2), ("dune", 78.2, 40.8)]),
            "ID_FIELD": "name",
            "FORCING": forcing,
            "CALIBRATION": calibration,
            "START": "2016-03-01T00:00:00",
            "END": "2016-03-02T23:00:00",
            "OUTPUT": str(tmp_path / "p.csv"),
            "DAILY": str(tmp_path / "d.csv"),
            "PLOT": str(tmp_path / "p.png"),
        },
    )
    assert result["POINTS_WRITTEN"] == 2
    with open(result["OUTPUT"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2 * 48
    expected = series_from_recipe(
        FluxRecipe(forcing, calibration, start="2016-03-01T00:00:00", end="2016-03-02T23:00:00"),
        Points(["station", "dune"], np.array([77.61, 78.2]), np.array([41.2, 40.8])),
    )
    dune = [float(r["flux_g_co2_m2_s"]) for r in rows if r["point_id"] == "dune"]
    np.testing.assert_array_equal(dune, expected.values[:, 0, 1])
    assert (tmp_path / "d.csv").exists() and (tmp_path / "p.png").exists()


def test_annual_ensemble_writes_the_uncertainty_raster_that_loads(
    sandflux_provider, forcing_case, tmp_path
):
    import processing
    from qgis.core import QgsRasterLayer

    from sandflux.core.model.ensemble import compute_annual_ensemble
    from sandflux.core.model.flux import FluxRecipe

    forcing, calibration = forcing_case
    result = processing.run(
        "sandflux:annualsequestration",
        {
            "FORCING": forcing,
            "CALIBRATION": calibration,
            "ENSEMBLE": 8,
            "OUTPUT": str(tmp_path / "a.tif"),
            "UNCERTAINTY": str(tmp_path / "u.tif"),
            "TABLE": str(tmp_path / "a.csv"),
            "REPORT": str(tmp_path / "r.html"),
        },
    )
    layer = QgsRasterLayer(result["UNCERTAINTY"], "u")
    assert layer.isValid() and layer.bandCount() == 3
    assert layer.dataProvider().generateBandName(1)
    expected = compute_annual_ensemble(FluxRecipe(forcing, calibration), 8, workers=1)
    block = layer.dataProvider().block(3, layer.extent(), 4, 3)
    assert block.value(1, 2) == pytest.approx(expected.cell_quantiles[0, 2, 1, 2], rel=1e-6)
    with open(result["TABLE"], newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert float(row["total_net_flux_t_co2_ci95_high"]) == pytest.approx(
        expected.annual.rows[0]["total_net_flux_t_co2_ci95_high"], rel=1e-9
    )


@pytest.mark.qgis_process
def test_qgis_process_runs_pointseries_from_a_point_file(qgis_process_env, forcing_case, tmp_path):
    from test_points import write_points

    forcing, calibration = forcing_case
    points = write_points(tmp_path / "points.gpkg", [("station", 77.61, 41.2)])
    out = tmp_path / "cli"
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:pointseries",
        "--json",
        "--",
        f"POINTS={points}",
        "ID_FIELD=name",
        f"FORCING={forcing}",
        f"CALIBRATION={calibration}",
        "END=2016-01-03T23:00:00",
        f"OUTPUT={out / 'p.csv'}",
        f"PLOT={out / 'p.png'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = json.loads(result.stdout[result.stdout.index("{") :])["results"]
    assert outputs["POINTS_WRITTEN"] == 1
    with open(out / "p.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 72


def test_seasonalcycle_in_processing_monthly_bands_add_up_to_the_annual_tool(
    sandflux_provider, forcing_case, tmp_path
):
    import processing
    from qgis.core import QgsRasterLayer

    forcing, calibration = forcing_case
    common = {"FORCING": forcing, "CALIBRATION": calibration, "PH_VALUE": 9.4}
    seasonal = processing.run(
        "sandflux:seasonalcycle",
        dict(
            common,
            MONTHLY=str(tmp_path / "m.tif"),
            TABLE=str(tmp_path / "m.csv"),
            DIURNAL=str(tmp_path / "d.csv"),
            REPORT=str(tmp_path / "r.html"),
        ),
    )
    annual = processing.run(
        "sandflux:annualsequestration",
        dict(common, ENSEMBLE=0, OUTPUT=str(tmp_path / "a.tif"), TABLE="", REPORT=""),
    )
    monthly = QgsRasterLayer(seasonal["MONTHLY"], "m")
    yearly = QgsRasterLayer(annual["OUTPUT"], "a")
    assert monthly.bandCount() == 12 and yearly.bandCount() == 1
    assert monthly.dataProvider().generateBandName(1)
    total = sum(
        monthly.dataProvider().block(b, monthly.extent(), 4, 3).value(1, 2) for b in range(1, 13)
    )
    assert total == pytest.approx(
        yearly.dataProvider().block(1, yearly.extent(), 4, 3).value(1, 2), rel=1e-5
    )
    assert (tmp_path / "d.csv").exists() and (tmp_path / "r.html").exists()


@pytest.mark.qgis_process
def test_qgis_process_runs_driverattribution_and_seasonalcycle(
    qgis_process_env, forcing_case, tmp_path
):
    forcing, calibration = forcing_case
    out = tmp_path / "cli"
    drivers = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:driverattribution",
        "--json",
        "--",
        f"FORCING={forcing}",
        f"CALIBRATION={calibration}",
        f"OUTPUT={out / 'slope.tif'}",
        f"TABLE={out / 'drivers.csv'}",
    )
    assert drivers.returncode == 0, drivers.stdout + drivers.stderr
    # One year only: no slope (NoData), and the run says why.
    assert "at least 3" in drivers.stdout + drivers.stderr
    seasonal = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:seasonalcycle",
        "--json",
        "--",
        f"FORCING={forcing}",
        f"CALIBRATION={calibration}",
        f"MONTHLY={out / 'm.tif'}",
        f"TABLE={out / 'm.csv'}",
    )
    assert seasonal.returncode == 0, seasonal.stdout + seasonal.stderr
    with open(out / "m.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 12
