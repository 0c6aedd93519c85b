"""sandflux:annualsequestration in QGIS: processing.run, qgis_process, outputs load as layers."""

import json

import numpy as np
import pytest
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
from helpers.qgis_process import run_qgis_process

GEOD = Geod(ellps="WGS84")


def cell_area_m2(lon, lat):
    w, e, s, n = lon - STEP / 2, lon + STEP / 2, lat - STEP / 2, lat + STEP / 2
    return abs(GEOD.polygon_area_perimeter([w, e, e, w], [s, s, n, n])[0])


@pytest.fixture
def two_years(tmp_path):
    paths = []
    for year, value in ((2015, -1e-6), (2016, -2e-6)):
        times = hours_of(f"{year}-01-01", f"{year + 1}-01-01")
        paths.append(
            str(
                write_flux_geotiff(
                    tmp_path / f"flux_{year}.tif",
                    times,
                    constant_flux(times, value),
                    ratio_ci95=(0.5, 1.5),
                )
            )
        )
    return paths


def polygon_layer(west, south, east, north):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "sand", "memory")
    feature = QgsFeature()
    feature.setGeometry(
        QgsGeometry.fromWkt(
            f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"
        )
    )
    layer.dataProvider().addFeatures([feature])
    return layer


def test_processing_run_writes_raster_table_and_report_that_load_as_layers(
    sandflux_provider, two_years, tmp_path
):
    import processing
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    # The mask holds the centres of the two western cells of the middle row; it also grazes
    # the third cell (edge at +0.375), which must not count (cell-centre rule).
    mask = polygon_layer(
        WEST_CENTRE - 0.1, NORTH_CENTRE - 0.35, WEST_CENTRE + 0.45, NORTH_CENTRE - 0.15
    )
    out = tmp_path / "out"
    result = processing.run(
        "sandflux:annualsequestration",
        {
            "INPUT": two_years,
            "MASK": mask,
            "MIN_COVERAGE": 0.9,
            "OUTPUT": str(out / "annual.tif"),
            "TABLE": str(out / "annual.csv"),
            "REPORT": str(out / "report.html"),
        },
    )

    raster = QgsRasterLayer(result["OUTPUT"], "annual")
    assert raster.isValid() and raster.bandCount() == 2
    block = raster.dataProvider().block(2, raster.extent(), NX, NY)
    assert block.value(1, 0) == pytest.approx(-2e-6 * 3600 * 8784, rel=1e-6)
    assert block.isNoData(0, 0) and block.isNoData(1, 2)  # outside the mask
    assert not block.isNoData(1, 1)

    table = QgsVectorLayer(result["TABLE"], "table", "ogr")
    assert table.isValid() and table.featureCount() == 2
    features = sorted(table.getFeatures(), key=lambda f: f["year"])
    assert [f["year"] for f in features] == [2015, 2016]
    area_m2 = sum(cell_area_m2(WEST_CENTRE + col * STEP, NORTH_CENTRE - STEP) for col in (0, 1))
    assert features[0]["area_km2"] == pytest.approx(area_m2 / 1e6, rel=1e-6)
    total_2015_t = -1e-6 * 3600 * 8760 * area_m2 / 1e6
    assert features[0]["total_net_flux_t_co2"] == pytest.approx(total_2015_t, rel=1e-6)
    assert features[0]["total_net_flux_t_co2_ci95_low"] == pytest.approx(
        1.5 * total_2015_t, rel=1e-6
    )
    delimited = QgsVectorLayer(
        f"file://{result['TABLE']}?delimiter=,&detectTypes=yes", "table", "delimitedtext"
    )
    assert delimited.isValid() and delimited.featureCount() == 2

    seq = [-(v * 3600 * n) * 12.011 / 44.01 for v, n in ((-1e-6, 8760), (-2e-6, 8784))]
    assert result["MEAN_SEQUESTRATION"] == pytest.approx(np.mean(seq), rel=1e-6)
    totals = [v * 3600 * n * area_m2 / 1e6 for v, n in ((-1e-6, 8760), (-2e-6, 8784))]
    assert result["TOTAL"] == pytest.approx(np.mean(totals), rel=1e-6)
    assert "data:image/png;base64," in (out / "report.html").read_text()


def test_processing_run_reads_a_netcdf_flux_layer(sandflux_provider, tmp_path):
    import processing
    from qgis.core import QgsRasterLayer

    from sandflux.core.formats.flux_raster import create_flux_writer, flux_metadata
    from sandflux.core.infra.grid import Grid

    times = hours_of("2016-01-01", "2017-01-01")
    grid = Grid(WEST_CENTRE, NORTH_CENTRE, STEP, STEP, NX, NY)
    path = tmp_path / "flux.nc"
    with create_flux_writer(path, grid, times, flux_metadata("desert", "h", times)) as writer:
        writer.write(0, constant_flux(times, 1e-6))
    layer = QgsRasterLayer(str(path), "flux")
    assert layer.isValid()
    result = processing.run(
        "sandflux:annualsequestration",
        {"INPUT": [layer], "OUTPUT": str(tmp_path / "annual.tif"), "TABLE": "", "REPORT": ""},
    )
    annual = QgsRasterLayer(result["OUTPUT"], "annual")
    value = annual.dataProvider().block(1, annual.extent(), NX, NY).value(0, 0)
    assert value == pytest.approx(1e-6 * 3600 * 8784, rel=1e-6)


def test_different_grids_stop_the_run_and_write_nothing(sandflux_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    times = hours_of("2015-01-01", "2015-01-02")
    a = write_flux_geotiff(tmp_path / "a.tif", times, constant_flux(times, 1e-6))
    b = write_flux_geotiff(
        tmp_path / "b.tif", times, constant_flux(times, 1e-6), north_centre=NORTH_CENTRE + 1.0
    )
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="different grids"):
        processing.run(
            "sandflux:annualsequestration",
            {
                "INPUT": [str(a), str(b)],
                "OUTPUT": str(out / "annual.tif"),
                "TABLE": str(out / "annual.csv"),
                "REPORT": str(out / "report.html"),
            },
        )
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.qgis_process
def test_qgis_process_runs_the_tool_and_prints_the_numeric_outputs(
    qgis_process_env, two_years, tmp_path
):
    out = tmp_path / "cli"
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:annualsequestration",
        "--json",
        "--",
        f"INPUT={two_years[0]}",
        f"INPUT={two_years[1]}",
        "MIN_COVERAGE=0.9",
        f"OUTPUT={out / 'annual.tif'}",
        f"TABLE={out / 'annual.csv'}",
        f"REPORT={out / 'report.html'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout[result.stdout.index("{") :])
    outputs = document["results"]
    area_m2 = sum(
        cell_area_m2(WEST_CENTRE + c * STEP, NORTH_CENTRE - r * STEP)
        for r in range(NY)
        for c in range(NX)
    )
    expected_total = np.mean(
        [-1e-6 * 3600 * 8760 * area_m2 / 1e6, -2e-6 * 3600 * 8784 * area_m2 / 1e6]
    )
    assert outputs["TOTAL"] == pytest.approx(expected_total, rel=1e-6)
    assert (out / "annual.tif").exists() and (out / "annual.csv").exists()
    assert (out / "report.html").exists()


def test_the_sequestration_style_loads_onto_the_annual_raster(
    sandflux_provider, two_years, tmp_path
):
    import processing
    from qgis.core import QgsRasterLayer

    from sandflux.algorithms.base import RESOURCES

    result = processing.run(
        "sandflux:annualsequestration",
        {"INPUT": two_years, "OUTPUT": str(tmp_path / "annual.tif"), "TABLE": "", "REPORT": ""},
    )
    layer = QgsRasterLayer(result["OUTPUT"], "annual")
    message, ok = layer.loadNamedStyle(str(RESOURCES / "styles" / "sequestration.qml"))
    assert ok, message
    assert layer.renderer().type() == "singlebandpseudocolor"
    items = layer.renderer().shader().rasterShaderFunction().colorRampItemList()
    uptake = min(items, key=lambda item: item.value)
    assert uptake.value < 0 and uptake.color.green() > uptake.color.red()  # uptake is green


def test_trend_with_two_years_is_not_written_and_the_run_warns(
    sandflux_provider, two_years, tmp_path
):
    import processing
    from qgis.core import QgsProcessingFeedback

    warnings = []

    class Feedback(QgsProcessingFeedback):
        def pushWarning(self, text):  # noqa: N802
            warnings.append(text)
            super().pushWarning(text)

    result = processing.run(
        "sandflux:annualsequestration",
        {
            "INPUT": two_years,
            "OUTPUT": str(tmp_path / "annual.tif"),
            "TREND": str(tmp_path / "trend.tif"),
            "TABLE": "",
            "REPORT": "",
        },
        feedback=Feedback(),
    )
    assert result["TREND"] is None and not (tmp_path / "trend.tif").exists()
    assert any("at least 5" in w for w in warnings)


# ------------------------------------------------------------------ the flux computed on the fly


@pytest.fixture
def forcing_and_calibration(tmp_path):
    from helpers.synthetic import hourly, make_calibration, make_forcing

    times = hourly("2015-01-01T00:00", 8760 + 8784)
    make_forcing(tmp_path / "forcing.nc", times, chunk=744)
    make_calibration(
        tmp_path / "cal.json",
        bootstrap_means=[0.9e-6, 1.0e-6, 1.1e-6],
        metrics={"station_mean_flux_g_co2_m2_s": 1.0e-6},
    )
    return str(tmp_path / "forcing.nc"), str(tmp_path / "cal.json")


def test_forcing_and_calibration_give_the_table_of_the_flux_rasters(
    sandflux_provider, tmp_path, forcing_and_calibration
):
    import processing

    forcing, calibration = forcing_and_calibration
    rasters = []
    for year in (2015, 2016):
        rasters.append(
            processing.run(
                "sandflux:computeflux",
                {
                    "FORCING": forcing,
                    "CALIBRATION": calibration,
                    "SOC_VALUE": 1.5,
                    "PH_VALUE": 9.4,
                    "START": f"{year}-01-01T00:00:00",
                    "END": f"{year}-12-31T23:00:00",
                    "OUTPUT": str(tmp_path / f"flux_{year}.tif"),
                },
            )["OUTPUT"]
        )
    by_rasters = processing.run(
        "sandflux:annualsequestration",
        {"INPUT": rasters, "OUTPUT": str(tmp_path / "a.tif"), "TABLE": str(tmp_path / "a.csv")},
    )
    on_the_fly = processing.run(
        "sandflux:annualsequestration",
        {
            "FORCING": forcing,
            "CALIBRATION": calibration,
            "SOC_VALUE": 1.5,
            "PH_VALUE": 9.4,
            "ENSEMBLE": 0,  # the rasters' intervals come from the ratio method
            "OUTPUT": str(tmp_path / "b.tif"),
            "TABLE": str(tmp_path / "b.csv"),
        },
    )
    from helpers.geofiles import read_raster
    from helpers.pipeline import assert_same_rows, read_csv_rows

    assert_same_rows(
        read_csv_rows(on_the_fly["TABLE"]), read_csv_rows(by_rasters["TABLE"]), rtol=1e-9
    )
    np.testing.assert_allclose(
        read_raster(on_the_fly["OUTPUT"])[0], read_raster(by_rasters["OUTPUT"])[0], rtol=1e-6
    )
    assert on_the_fly["TOTAL"] == pytest.approx(by_rasters["TOTAL"], rel=1e-9)
    assert sorted(p.name for p in tmp_path.glob("flux_*")) == ["flux_2015.tif", "flux_2016.tif"]


@pytest.mark.parametrize(
    "case, message",
    [
        ("both", "not both"),
        ("neither", "No flux given"),
        ("no calibration", "needs its calibration"),
    ],
)
def test_inputs_of_both_kinds_or_none_are_refused_and_nothing_is_written(
    sandflux_provider, tmp_path, forcing_and_calibration, two_years, case, message
):
    import processing
    from qgis.core import QgsProcessingException

    forcing, calibration = forcing_and_calibration
    parameters = {
        "both": {"INPUT": two_years, "FORCING": forcing, "CALIBRATION": calibration},
        "neither": {},
        "no calibration": {"FORCING": forcing},
    }[case]
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run(
            "sandflux:annualsequestration",
            dict(parameters, OUTPUT=str(out / "annual.tif"), TABLE=str(out / "annual.csv")),
        )
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.qgis_process
def test_qgis_process_sums_the_flux_of_the_forcing_like_the_core(
    qgis_process_env, tmp_path, forcing_and_calibration
):
    from sandflux.core.model.annual import compute_annual
    from sandflux.core.model.flux import FluxRecipe

    forcing, calibration = forcing_and_calibration
    out = tmp_path / "cli"
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:annualsequestration",
        "--json",
        "--",
        f"FORCING={forcing}",
        f"CALIBRATION={calibration}",
        "PH_VALUE=9.4",
        f"OUTPUT={out / 'annual.tif'}",
        f"TABLE={out / 'annual.csv'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = json.loads(result.stdout[result.stdout.index("{") :])["results"]
    expected = compute_annual(FluxRecipe(forcing, calibration, ph=9.4), workers=1)
    assert outputs["TOTAL"] == pytest.approx(expected.mean_total_net_flux_t_co2_yr, rel=1e-9)
    assert sorted(p.name for p in out.iterdir()) == ["annual.csv", "annual.csvt", "annual.tif"]
