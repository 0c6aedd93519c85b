"""sandflux:computeflux and sandflux:soilproperties through QGIS: processing.run, qgis_process."""

import numpy as np
import pytest

from helpers.geofiles import box, write_points, write_polygons
from helpers.qgis_process import run_qgis_process
from helpers.synthetic import DESERT_PARAMETERS, GRID, hourly, make_calibration, make_forcing
from sandflux.core.formats.flux_raster import open_flux_raster


@pytest.fixture()
def inputs(tmp_path):
    times = hourly("2016-12-31T20:00", 8)
    forcing, stl1, swvl1 = make_forcing(tmp_path / "forcing.nc", times)
    make_calibration(tmp_path / "cal.json", station={"soc": 2.0, "ph": 8.0})
    return forcing, tmp_path / "cal.json", stl1, swvl1


def _desert(ts, theta, dts_dt, s, p=DESERT_PARAMETERS):
    return (
        p["k_pump"] * dts_dt
        + p["r_ref"] * p["q10"] ** ((ts - 288.15) / 10.0)
        + p["k_pulse"] * max(theta - p["theta_c"], 0.0)
        - p["u_ref"] * s * np.exp(-p["gamma"] * (ts - 288.15))
    )


def test_processing_run_writes_the_flux_of_one_year_with_mask_and_soil_values(
    sandflux_provider, inputs, tmp_path
):
    import processing
    from qgis.core import QgsRasterLayer

    forcing, calibration, stl1, swvl1 = inputs
    write_polygons(tmp_path / "sand.gpkg", [box(77.4, 40.9, 78.1, 41.4)])
    out = tmp_path / "flux2017.tif"
    result = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "SOC_VALUE": 4.0,
            "PH_VALUE": 9.0,
            "MASK": str(tmp_path / "sand.gpkg"),
            "START": "2017-01-01T00:00:00",
            "END": "2017-12-31T23:00:00",
            "OUTPUT": str(out),
        },
    )
    assert result["OUTPUT"] == str(out)
    assert result["HOURS"] == 4
    assert result["SAND_CELLS"] == 6  # centres at 77.5/77.75/78.0 E x 41.25/41.0 N
    layer = QgsRasterLayer(str(out), "flux")
    assert layer.isValid()
    assert layer.bandCount() == 4
    assert layer.crs().authid() == "EPSG:4326"
    with open_flux_raster(out) as raster:
        flux = raster.read()
    # 2017-01-01T00Z is the 5th forcing hour (index 4); dTs/dt from 2016-12-31T23Z.
    s = (2.0 / 4.0) * (9.0 / 8.0)
    expected = _desert(
        float(stl1[4, 0, 1]), float(swvl1[4, 0, 1]), float(stl1[4, 0, 1]) - float(stl1[3, 0, 1]), s
    )
    assert flux[0, 0, 1] == pytest.approx(expected, rel=1e-5)
    assert np.isnan(flux[:, 2, :]).all() and np.isnan(flux[:, :, 3]).all()


def test_two_year_tif_fails_with_the_one_year_message(sandflux_provider, inputs, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    forcing, calibration, *_ = inputs
    with pytest.raises(QgsProcessingException, match="one calendar year"):
        processing.run(
            "sandflux:computeflux",
            {
                "FORCING": str(forcing),
                "CALIBRATION": str(calibration),
                "OUTPUT": str(tmp_path / "both.tif"),
            },
        )
    assert not (tmp_path / "both.tif").exists()


def test_loaded_layer_gets_the_diverging_style_and_the_fixed_temporal_range(
    sandflux_provider, inputs, tmp_path
):
    from qgis.core import QgsDateTimeRange, QgsRasterLayer, QgsSingleBandPseudoColorRenderer
    from qgis.PyQt.QtCore import QDateTime, Qt

    from sandflux.algorithms.base import RESOURCES
    from sandflux.algorithms.compute_flux import STYLE, FluxLayerStyler
    from sandflux.core.model.flux import compute_flux

    forcing, calibration, *_ = inputs
    out = tmp_path / "f.nc"
    compute_flux(forcing, calibration, out)
    layer = QgsRasterLayer(str(out), "flux")
    assert layer.isValid()
    styler = FluxLayerStyler.create(
        str(RESOURCES / "styles" / STYLE), "2016-12-31T20:00:00Z", "2017-01-01T03:00:00Z"
    )
    styler.postProcessLayer(layer, None, None)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    values = [item.value for item in items]
    with open_flux_raster(out) as raster:
        band1 = raster.read(0, 1)
    half = float(np.nanmax(np.abs(band1)))
    assert values[0] == pytest.approx(-half, rel=1e-4)
    assert values[-1] == pytest.approx(half, rel=1e-4)
    assert 0.0 in values
    zero = values.index(0.0)
    assert items[0].color.blue() > items[0].color.red()  # uptake blue
    assert items[-1].color.red() > items[-1].color.blue()  # release brown
    assert items[zero].color.name() == "#f7f7f7"
    temporal = layer.temporalProperties()
    assert temporal.isActive()
    start = QDateTime.fromString("2016-12-31T20:00:00Z", Qt.DateFormat.ISODate)
    assert temporal.fixedTemporalRange() == QgsDateTimeRange(start, start.addSecs(8 * 3600))


def test_processing_run_soilproperties_grids_samples_for_computeflux(
    sandflux_provider, inputs, tmp_path
):
    import processing
    from qgis.core import QgsRasterLayer

    forcing, calibration, *_ = inputs
    write_points(
        tmp_path / "samples.gpkg",
        [(77.5, 41.25, {"SOC": 1.0, "pH": 8.0}), (78.25, 40.75, {"SOC": 3.0, "pH": 9.0})],
    )
    result = processing.run(
        "sandflux:soilproperties",
        {
            "INPUT": str(tmp_path / "samples.gpkg"),
            "FORCING": str(forcing),
            "METHOD": 1,
            "SOC_OUTPUT": str(tmp_path / "soc.tif"),
            "PH_OUTPUT": str(tmp_path / "ph.tif"),
        },
    )
    assert result["SOC_SAMPLES"] == 2
    soc = QgsRasterLayer(result["SOC_OUTPUT"], "soc")
    assert soc.isValid() and soc.width() == GRID.nx and soc.height() == GRID.ny
    block = soc.dataProvider().block(1, soc.extent(), GRID.nx, GRID.ny)
    assert block.value(0, 0) == 1.0 and block.value(2, 3) == 3.0
    # and the flux tool accepts them as the SOC and PH rasters
    flux = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "SOC": result["SOC_OUTPUT"],
            "PH": result["PH_OUTPUT"],
            "SOC_VALUE": 100.0,
            "OUTPUT": str(tmp_path / "f.nc"),
        },
    )
    assert flux["HOURS"] == 8


def test_run_and_load_results_loads_a_styled_temporal_layer(
    sandflux_provider, inputs, tmp_path, qgis_iface
):
    import processing
    from qgis.core import QgsProject

    forcing, calibration, *_ = inputs
    out = tmp_path / "loaded.nc"
    processing.runAndLoadResults(
        "sandflux:computeflux",
        {"FORCING": str(forcing), "CALIBRATION": str(calibration), "OUTPUT": str(out)},
    )
    layers = QgsProject.instance().mapLayersByName(
        "CO2 flux 2016-12-31T20:00:00Z to 2017-01-01T03:00:00Z"
    )
    assert len(layers) == 1
    layer = layers[0]
    assert layer.isValid() and layer.source().endswith("loaded.nc")
    assert layer.renderer().type() == "singlebandpseudocolor"
    assert layer.temporalProperties().isActive()
    QgsProject.instance().removeMapLayer(layer)


@pytest.mark.qgis_process
def test_qgis_process_runs_computeflux_with_utc_period_whatever_the_time_zone(
    qgis_process_env, inputs, tmp_path
):
    forcing, calibration, *_ = inputs
    out = tmp_path / "qp2016.tif"
    # In Beijing time the 2016 period would lose or gain 8 hours if read as local time.
    result = run_qgis_process(
        dict(qgis_process_env, TZ="Asia/Shanghai"),
        "run",
        "sandflux:computeflux",
        "--",
        f"FORCING={forcing}",
        f"CALIBRATION={calibration}",
        "PH_VALUE=8.5",
        "START=2016-01-01T00:00:00",
        "END=2016-12-31T23:00:00",
        f"OUTPUT={out}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with open_flux_raster(out) as raster:
        assert raster.times.size == 4  # 2016-12-31T20Z .. 23Z
        assert str(raster.times[0]) == "2016-12-31T20:00:00"
        assert raster.metadata["SANDFLUX_MODEL"] == "desert"
        assert np.isfinite(raster.read()).all()


def _qgis_version_int():
    from qgis.core import Qgis

    return Qgis.QGIS_VERSION_INT


def _render(layer, settings_range=None, size=(40, 32)):
    """The layer drawn alone on a white map (temporal at ``settings_range`` when given)."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(*size))
    settings.setBackgroundColor(QColor(255, 255, 255))
    if settings_range is not None:
        settings.setIsTemporal(True)
        settings.setTemporalRange(settings_range)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    return [[image.pixel(x, y) for x in range(size[0])] for y in range(size[1])]


@pytest.mark.skipif(
    _qgis_version_int() < 33800,
    reason="a temporal range per raster band "
    "(QgsRasterLayerTemporalProperties.FixedRangePerBand) came in QGIS 3.38; "
    "older QGIS gets the whole period as one fixed range",
)
def test_temporal_controller_steps_through_the_hours_of_the_flux_geotiff(
    sandflux_provider, inputs, tmp_path
):
    from osgeo import gdal
    from qgis.core import (
        Qgis,
        QgsDateTimeRange,
        QgsInterval,
        QgsRasterLayer,
        QgsTemporalNavigationObject,
    )
    from qgis.PyQt.QtCore import QDateTime, Qt

    from sandflux.algorithms.base import RESOURCES
    from sandflux.algorithms.compute_flux import STYLE, FluxLayerStyler

    forcing, calibration, *_ = inputs
    out = tmp_path / "flux2016.tif"
    import processing

    processing.run(
        "sandflux:computeflux",
        {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "START": "2016-12-31T20:00:00",
            "END": "2016-12-31T23:00:00",
            "OUTPUT": str(out),
        },
    )
    layer = QgsRasterLayer(str(out), "flux")
    assert layer.isValid() and layer.bandCount() == 4
    FluxLayerStyler.create(
        str(RESOURCES / "styles" / STYLE),
        "2016-12-31T20:00:00Z",
        "2016-12-31T23:00:00Z",
        flux_path=str(out),
    ).postProcessLayer(layer, None, None)
    temporal = layer.temporalProperties()
    assert temporal.isActive()
    assert temporal.mode() == Qgis.RasterTemporalMode.FixedRangePerBand
    dataset = gdal.Open(str(out))
    descriptions = [dataset.GetRasterBand(band).GetDescription() for band in range(1, 5)]
    dataset = None
    assert descriptions == [f"2016-12-31T{hour}:00:00Z" for hour in (20, 21, 22, 23)]
    ranges = temporal.fixedRangePerBand()
    for band, description in enumerate(descriptions, start=1):
        assert ranges[band].begin().toUTC().toString(Qt.DateFormat.ISODate) == description
        assert ranges[band].begin().secsTo(ranges[band].end()) == 3600

    # The Temporal Controller's navigation: the layer's extent, one-hour frames.
    navigation = QgsTemporalNavigationObject()
    start = QDateTime.fromString("2016-12-31T20:00:00Z", Qt.DateFormat.ISODate)
    navigation.setTemporalExtents(QgsDateTimeRange(start, start.addSecs(4 * 3600), True, False))
    navigation.setFrameDuration(QgsInterval(3600.0))
    assert navigation.totalFrameCount() == 4

    def reference(band):
        """The same layer, not temporal, its renderer set to ``band`` by hand."""
        plain = layer.clone()
        plain.temporalProperties().setIsActive(False)
        renderer = plain.renderer().clone()
        if hasattr(renderer, "setInputBand"):
            renderer.setInputBand(band)
        else:
            renderer.setBand(band)
        plain.setRenderer(renderer)
        return _render(plain)

    frames = []
    for frame in range(4):
        navigation.setCurrentFrameNumber(frame)
        frame_range = navigation.dateTimeRangeForFrameNumber(frame)
        assert frame_range.begin().toUTC().toString(Qt.DateFormat.ISODate) == descriptions[frame]
        frames.append(_render(layer, frame_range))
        assert frames[-1] == reference(frame + 1), f"frame {frame} does not show band {frame + 1}"
    assert frames[0] != frames[3]  # the rendered band changes with the map's hour
    assert len({str(image) for image in frames}) > 1


def test_band_statistics_and_shown_band_without_deprecated_calls(
    sandflux_provider, inputs, tmp_path
):
    import warnings

    from qgis.core import QgsRasterLayer, QgsSingleBandPseudoColorRenderer

    from sandflux.core.model.flux import compute_flux
    from sandflux.provider import compat

    forcing, calibration, *_ = inputs
    out = tmp_path / "stats.nc"
    compute_flux(forcing, calibration, out)
    with open_flux_raster(out) as raster:
        third_hour = raster.read(2, 3)
    layer = QgsRasterLayer(str(out), "flux")
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # restored on leaving the block
        assert compat.renderer_band(renderer) == 3
        minimum, maximum = compat.band_min_max(layer.dataProvider(), 3)
    assert minimum == pytest.approx(float(np.nanmin(third_hour)), rel=1e-6)
    assert maximum == pytest.approx(float(np.nanmax(third_hour)), rel=1e-6)
    assert minimum < maximum
