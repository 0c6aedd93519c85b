"""sandflux:importera5 in QGIS: processing.run, loading the result as map layers, qgis_process."""

import json
import shutil

import numpy as np
import pytest
from osgeo import gdal

from helpers.paths import TEST_DATA
from helpers.qgis_process import run_qgis_process

SOIL_GRIB = TEST_DATA / "real" / "soil-surface-level-mix.grib"
# grib_get_data reference values (tests/data/real/PROVENANCE.md).
STL1_50N_2E = np.float32(283.51293945)
SWVL1_50N_2E = np.float32(0.38830295578)


@pytest.fixture
def grib_copy(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    return shutil.copy(SOIL_GRIB, folder / SOIL_GRIB.name)


def test_processing_run_imports_the_real_grib_clipped_to_the_extent(
    sandflux_provider, grib_copy, tmp_path
):
    import processing

    output = tmp_path / "forcing.nc"
    # QGIS extent strings are xmin,xmax,ymin,ymax: 2..6 E, 44..50 N.
    result = processing.run(
        "sandflux:importera5",
        {
            "INPUT": [str(grib_copy)],
            "EXTENT": "2,6,44,50 [EPSG:4326]",
            "START": "2022-01-01T00:00:00",
            "END": "",
            "OUTPUT": str(output),
        },
    )
    assert result["OUTPUT"] == str(output)
    assert result["HOURS"] == 1
    dataset = gdal.Open(f'NETCDF:"{output}":stl1')
    # Points 2, 4, 6 E and 50 .. 44 N at 2 deg: origin (1, 51).
    assert dataset.GetGeoTransform() == (1.0, 2.0, 0.0, 51.0, 0.0, -2.0)
    assert dataset.GetSpatialRef().GetAuthorityCode(None) == "4326"
    assert (dataset.RasterXSize, dataset.RasterYSize, dataset.RasterCount) == (3, 4, 1)
    assert dataset.GetRasterBand(1).ReadAsArray()[0, 0] == STL1_50N_2E
    moisture = gdal.Open(f'NETCDF:"{output}":swvl1')
    assert moisture.GetRasterBand(1).ReadAsArray()[0, 0] == SWVL1_50N_2E
    assert sorted(p.name for p in grib_copy.parent.iterdir()) == [SOIL_GRIB.name]


def test_result_loads_as_two_styled_map_layers_in_epsg4326(
    sandflux_provider, grib_copy, tmp_path, qgis_iface
):
    """What the Processing dialog does after a run: load context.layersToLoadOnCompletion."""
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    project = QgsProject.instance()
    project.removeAllMapLayers()
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("sandflux:importera5")
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    output = tmp_path / "forcing.nc"
    results, ok = algorithm.run(
        {"INPUT": [str(grib_copy)], "OUTPUT": str(output)}, context, feedback
    )
    assert ok, feedback.textLog()
    assert handleAlgorithmResults(algorithm, context, feedback)
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    assert set(layers) == {"ERA5 stl1", "ERA5 swvl1"}
    for layer in layers.values():
        assert layer.isValid()
        assert layer.crs().authid() == "EPSG:4326"
        extent = layer.extent()
        assert (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()) == (
            -1.0,
            39.0,
            11.0,
            51.0,
        )
    assert layers["ERA5 stl1"].renderer().type() == "singlebandpseudocolor"
    project.removeAllMapLayers()


def test_failed_import_raises_and_leaves_no_output(sandflux_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    bad = tmp_path / "notes.nc"
    bad.write_text("not a netCDF file")
    with pytest.raises(QgsProcessingException, match="notes.nc"):
        processing.run(
            "sandflux:importera5", {"INPUT": [str(bad)], "OUTPUT": str(tmp_path / "forcing.nc")}
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.nc"]


@pytest.mark.qgis_process
def test_qgis_process_run_writes_the_forcing_file(qgis_process_env, grib_copy, tmp_path):
    output = tmp_path / "cli" / "forcing.nc"
    # In Beijing time, too: END without a zone is UTC (a local reading would end 8 h earlier,
    # before the file's only hour, and fail).
    env = dict(qgis_process_env, TZ="Asia/Shanghai")
    result = run_qgis_process(
        env,
        "run",
        "sandflux:importera5",
        "--",
        f"INPUT={grib_copy}",
        f"INPUT={grib_copy}",
        "EXTENT=0,10,40,50 [EPSG:4326]",
        "END=2022-01-01T00:00:00",
        f"OUTPUT={output}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The same file twice: its one time step is kept once, with a warning.
    assert "repeated time step" in result.stdout + result.stderr
    dataset = gdal.Open(f'NETCDF:"{output}":stl1')
    assert dataset.GetGeoTransform() == (-1.0, 2.0, 0.0, 51.0, 0.0, -2.0)
    assert dataset.GetSpatialRef().GetAuthorityCode(None) == "4326"
    assert dataset.RasterCount == 1
    assert dataset.GetRasterBand(1).ReadAsArray()[0, 1] == STL1_50N_2E
    assert sorted(p.name for p in grib_copy.parent.iterdir()) == [SOIL_GRIB.name]


def test_processing_run_writes_a_forcing_reference_that_reads_as_the_imported_file(
    sandflux_provider, grib_copy, tmp_path
):
    import processing

    from sandflux.core.formats.forcing import open_forcing
    from sandflux.core.tools.sources import open_forcing_source

    parameters = {"INPUT": [str(grib_copy)], "EXTENT": "2,6,44,50 [EPSG:4326]"}
    reference = tmp_path / "forcing.sandflux.json"
    result = processing.run("sandflux:importera5", {**parameters, "OUTPUT": str(reference)})
    assert result["OUTPUT"] == str(reference)  # no ".nc" added: the extension chose the reference
    assert result["HOURS"] == 1
    content = json.loads(reference.read_text())
    assert content["sandflux_file_type"] == "forcing_reference"
    assert content["downloads"][0]["path"] == str(grib_copy)
    assert content["options"]["extent"] == [2.0, 44.0, 6.0, 50.0]
    copy = processing.run("sandflux:importera5", {**parameters, "OUTPUT": str(tmp_path / "f.nc")})
    with open_forcing_source(str(reference)) as source, open_forcing(copy["OUTPUT"]) as forcing:
        assert source.grid.same_as(forcing.grid)
        for ours, theirs in zip(source.read(), forcing.read()):
            np.testing.assert_array_equal(ours, theirs)
        assert source.read()[0][0, 0, 0] == STL1_50N_2E
