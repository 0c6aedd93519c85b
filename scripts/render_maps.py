#!/usr/bin/env python3
"""Render SandFlux's demo maps with QGIS itself (print layout: map, legend, title, scale bar).

    .venv/bin/python scripts/render_maps.py --output demo-output/images
        --sand shifting_sand.gpkg [--samples soil_samples.gpkg] [--station 83.65,38.97]
        [--forcing forcing.nc --date 2016-07-15] [--flux flux_2016.tif]
        [--annual annual_sequestration.tif]

Pictures (PNG), each with the shifting-sand outline, the soil samples and the station:
- soil_temperature.png: the imported ERA5 stl1 at <date>T07:00Z (from the forcing file);
- flux_night.png / flux_midday.png: one hourly flux band each, picked by its ISO 8601 band
  description (<date>T20:00:00Z = 01:30 local solar time at 83 E; <date>T07:00:00Z = 12:30);
- mean_annual_sequestration.png: the mean over the annual raster's bands of the sequestration,
  g C m-2 yr-1 = -(net flux g CO2 m-2 yr-1) * 12.011 / 44.01 (positive = uptake).
Prints one "WROTE<TAB>path" line per picture. Needs python3-qgis (the venv sees it).
"""

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "build" / "plugins") not in sys.path:  # sandflux/ -> this folder (scripts/setup.sh)
    sys.path.insert(0, str(ROOT / "build" / "plugins"))
G_C_PER_G_CO2 = 12.011 / 44.01
DPI = 110


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True, help="folder for the PNGs")
    parser.add_argument("--sand", required=True, help="shifting-sand polygon layer")
    parser.add_argument("--samples", help="soil sample point layer")
    parser.add_argument("--station", default="83.65,38.97", help="lon,lat of the station")
    parser.add_argument("--forcing", help="forcing netCDF from sandflux:importera5")
    parser.add_argument("--flux", help="hourly flux GeoTIFF from sandflux:computeflux")
    parser.add_argument("--annual", help="annual raster from sandflux:annualsequestration")
    parser.add_argument("--date", default=None, help="day of the snapshots (YYYY-MM-DD)")
    return parser.parse_args(argv)


def start_qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    application = QgsApplication([], False)
    application.initQgis()
    return application


# --- layers ----------------------------------------------------------------------------------


def vector_layers(arguments):
    """Station (star), shifting sand (outline), soil samples (dots): top to bottom."""
    from qgis.core import (
        QgsFeature,
        QgsFillSymbol,
        QgsGeometry,
        QgsMarkerSymbol,
        QgsPointXY,
        QgsVectorLayer,
    )

    layers = []
    lon, lat = (float(v) for v in arguments.station.split(","))
    station = QgsVectorLayer("Point?crs=EPSG:4326", "Station (Tazhong)", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
    station.dataProvider().addFeatures([feature])
    station.renderer().setSymbol(
        QgsMarkerSymbol.createSimple(
            {"name": "star", "color": "#d7191c", "outline_color": "black", "size": "4.5"}
        )
    )
    layers.append(station)
    sand = QgsVectorLayer(
        f"{arguments.sand}|layername=shifting_sand", "Shifting sand (synthetic outline)", "ogr"
    )
    _check(sand, arguments.sand)
    sand.renderer().setSymbol(
        QgsFillSymbol.createSimple(
            {"style": "no", "outline_color": "#222222", "outline_width": "0.7"}
        )
    )
    layers.append(sand)
    if arguments.samples:
        samples = QgsVectorLayer(
            f"{arguments.samples}|layername=soil_samples", "Soil samples (synthetic)", "ogr"
        )
        _check(samples, arguments.samples)
        samples.renderer().setSymbol(
            QgsMarkerSymbol.createSimple(
                {"name": "circle", "color": "#ffffff", "outline_color": "#333333", "size": "1.6"}
            )
        )
        layers.append(samples)
    return layers


def _check(layer, source):
    if not layer.isValid():
        raise SystemExit(f"QGIS cannot load {source} as a layer")


def styled_raster(path, band, name, minimum, maximum, colours, labels=None):
    """A raster layer showing ``band`` with an interpolated ramp through ``colours``.

    ``labels`` (one per colour) name the stops in the legend; default: the values.
    """
    from qgis.core import (
        QgsColorRampShader,
        QgsRasterLayer,
        QgsRasterShader,
        QgsSingleBandPseudoColorRenderer,
    )
    from qgis.PyQt.QtGui import QColor

    from sandflux.provider import compat

    layer = QgsRasterLayer(str(path), name, "gdal")
    _check(layer, path)
    shader_function = QgsColorRampShader(minimum, maximum)
    shader_function.setColorRampType(compat.SHADER_INTERPOLATED)
    items = []
    for index, colour in enumerate(colours):
        value = minimum + (maximum - minimum) * index / (len(colours) - 1)
        label = labels[index] if labels else f"{value:.3g}"
        items.append(QgsColorRampShader.ColorRampItem(value, QColor(colour), label))
    shader_function.setColorRampItemList(items)
    try:  # QGIS >= 3.18 draws a gradient legend by default; list the labelled stops instead
        from qgis.core import QgsColorRampLegendNodeSettings

        legend_settings = QgsColorRampLegendNodeSettings()
        legend_settings.setUseContinuousLegend(False)
        shader_function.setLegendSettings(legend_settings)
    except ImportError:  # pragma: no cover
        pass
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_function)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader)
    renderer.setClassificationMin(minimum)
    renderer.setClassificationMax(maximum)
    layer.setRenderer(renderer)
    return layer


DIVERGING_UPTAKE_BLUE = ["#2166ac", "#67a9cf", "#f7f7f7", "#ef8a62", "#b2182b"]
SEQUESTRATION_GREEN = ["#8c510a", "#d8b365", "#f5f5f5", "#5ab4ac", "#01665e"]
TEMPERATURE = ["#313695", "#74add1", "#ffffbf", "#f46d43", "#a50026"]


# --- layout ----------------------------------------------------------------------------------


def export_layout(path, title, subtitle, raster, arguments, extent):
    """A print layout (map + legend + title + scale bar) exported as PNG.

    The layout's project owns (and deletes) its layers, so each picture gets fresh ones.
    """
    from qgis.core import (
        QgsLayoutExporter,
        QgsLayoutItemLabel,
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutItemScaleBar,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsRectangle,
        QgsTextFormat,
    )
    from qgis.PyQt.QtGui import QFont

    from sandflux.provider import compat

    vectors = vector_layers(arguments)
    project = QgsProject()
    for layer in vectors + [raster]:
        project.addMapLayer(layer)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    mm = compat.LAYOUT_MILLIMETERS
    map_width = 185.0
    map_height = map_width * (extent[3] - extent[1]) / (extent[2] - extent[0])
    page_height = 19 + map_height + 19
    page.setPageSize(QgsLayoutSize(275, page_height, mm))

    title_item = QgsLayoutItemLabel(layout)
    title_item.setText(title)
    title_item.setFont(QFont("DejaVu Sans", 13, QFont.Weight.Bold))
    title_item.attemptMove(QgsLayoutPoint(6, 4, mm))
    title_item.attemptResize(QgsLayoutSize(263, 8, mm))
    layout.addLayoutItem(title_item)
    subtitle_item = QgsLayoutItemLabel(layout)
    subtitle_item.setText(subtitle)
    subtitle_item.setFont(QFont("DejaVu Sans", 8))
    subtitle_item.attemptMove(QgsLayoutPoint(6, 12, mm))
    subtitle_item.attemptResize(QgsLayoutSize(263, 6, mm))
    layout.addLayoutItem(subtitle_item)

    map_item = QgsLayoutItemMap(layout)
    map_item.attemptMove(QgsLayoutPoint(6, 19, mm))
    map_item.attemptResize(QgsLayoutSize(map_width, map_height, mm))
    map_item.setLayers(vectors + [raster])
    map_item.setCrs(raster.crs())
    map_item.setExtent(QgsRectangle(*extent))
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)
    grid = map_item.grid()
    grid.setEnabled(True)
    grid.setIntervalX(2.0)
    grid.setIntervalY(1.0)
    grid.setAnnotationEnabled(True)
    grid.setAnnotationPrecision(0)
    grid.setAnnotationTextFormat(QgsTextFormat.fromQFont(QFont("DejaVu Sans", 6)))
    grid.setStyle(grid.FrameAnnotationsOnly if hasattr(grid, "FrameAnnotationsOnly") else 3)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(map_item)
    legend.setTitle("Legend")
    legend.setAutoUpdateModel(True)
    legend.rstyle(compat.LEGEND_TITLE).setFont(QFont("DejaVu Sans", 9, QFont.Weight.Bold))
    legend.rstyle(compat.LEGEND_SUBGROUP).setFont(QFont("DejaVu Sans", 8, QFont.Weight.Bold))
    legend.rstyle(compat.LEGEND_SYMBOL_LABEL).setFont(QFont("DejaVu Sans", 7))
    legend.setWrapString("|")
    legend.attemptMove(QgsLayoutPoint(map_width + 12, 19, mm))
    layout.addLayoutItem(legend)

    scale = QgsLayoutItemScaleBar(layout)
    scale.setStyle("Single Box")
    scale.setLinkedMap(map_item)
    scale.applyDefaultSize()
    scale.setUnits(compat.DISTANCE_KILOMETERS)
    scale.setUnitLabel("km")
    scale.setNumberOfSegments(2)
    scale.setNumberOfSegmentsLeft(0)
    scale.setUnitsPerSegment(100)
    scale.attemptMove(QgsLayoutPoint(8, 19 + map_height + 5, mm))
    layout.addLayoutItem(scale)

    notice = QgsLayoutItemLabel(layout)
    notice.setText(
        "SYNTHETIC sample data (SandFlux demo) - not ERA5, not observations. Rendered by QGIS."
    )
    notice.setFont(QFont("DejaVu Sans", 6))
    notice.attemptMove(QgsLayoutPoint(90, 19 + map_height + 12, mm))
    notice.attemptResize(QgsLayoutSize(180, 5, mm))
    layout.addLayoutItem(notice)

    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = DPI
    settings.exportMetadata = False
    settings.generateWorldFile = False
    result = exporter.exportToImage(str(path), settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise SystemExit(
            f"QGIS could not export {path} (error {result}: {exporter.errorMessage()})"
        )
    print(f"WROTE\t{path}", flush=True)


# --- the pictures ----------------------------------------------------------------------------


def symmetric_limit(values, floor=1e-12):
    finite = np.abs(values[np.isfinite(values)])
    return max(float(np.percentile(finite, 99)) if finite.size else 0.0, floor)


def band_by_description(dataset, label):
    for index in range(1, dataset.RasterCount + 1):
        if dataset.GetRasterBand(index).GetDescription() == label:
            return index
    return None


def read_band(dataset, band):
    data = dataset.GetRasterBand(band).ReadAsArray().astype("float64")
    nodata = dataset.GetRasterBand(band).GetNoDataValue()
    if nodata is not None:
        data[data == nodata] = np.nan
    return data


def picture_forcing(arguments, output, extent):
    import netCDF4

    date = arguments.date or "2016-04-15"
    with netCDF4.Dataset(arguments.forcing) as dataset:
        hours = np.asarray(dataset["time"][:], dtype="float64")
        wanted = (
            np.datetime64(f"{date}T07:00:00", "s") - np.datetime64("1970-01-01T00:00:00", "s")
        ).astype(int) / 3600.0
        index = int(np.argmin(np.abs(hours - wanted)))
        values = np.asarray(dataset["stl1"][index], dtype="float64")
        label = (
            str(
                np.datetime64("1970-01-01T00:00:00", "s")
                + np.timedelta64(int(round(hours[index] * 3600)), "s")
            )
            + "Z"
        )
    # One band copied by GDAL (so the map uses GDAL's reading of the forcing's geo-referencing)
    # into a small GeoTIFF whose band description is the ISO hour.
    from osgeo import gdal

    source = gdal.Open(f'NETCDF:"{arguments.forcing}":stl1')
    target = output / "soil_temperature.tif"
    copy = gdal.Translate(str(target), source, bandList=[index + 1], outputType=gdal.GDT_Float32)
    copy.SetMetadata({})
    copy.GetRasterBand(1).SetMetadata({})  # else QGIS names the band after netCDF's time
    copy.GetRasterBand(1).SetDescription(label)
    copy = None
    source = None
    low, high = np.floor(np.nanmin(values)), np.ceil(np.nanmax(values))
    stops = [
        f"{low + (high - low) * i / 4:.0f} K ({low + (high - low) * i / 4 - 273.15:.0f} °C)"
        for i in range(5)
    ]
    raster = styled_raster(target, 1, "Soil temperature stl1", low, high, TEMPERATURE, stops)
    export_layout(
        output / "soil_temperature.png",
        f"Imported soil temperature (stl1), {label}",
        "Output of sandflux:importera5 (the forcing file), 12:30 local solar time at 83 E",
        raster,
        arguments,
        extent,
    )


FLUX_SNAPSHOTS = (
    ("flux_night", "20:00:00", "night: 01:30 solar time at 83 E"),
    ("flux_midday", "07:00:00", "midday: 12:30 solar time at 83 E"),
)


def picture_flux(arguments, output, extent):
    """Night and midday bands, found by their ISO 8601 descriptions, on one colour scale."""
    from osgeo import gdal

    date = arguments.date or "2016-04-15"
    dataset = gdal.Open(arguments.flux)
    bands = {}
    for name, hour, _ in FLUX_SNAPSHOTS:
        label = f"{date}T{hour}Z"
        band = band_by_description(dataset, label)
        if band is None:
            raise SystemExit(f"{arguments.flux} has no band described {label}")
        bands[name] = (label, band)
    limit = max(symmetric_limit(read_band(dataset, band)) for _, band in bands.values())
    umol = 1.0 / (44.01e-6)
    stops = [f"{v:+.2g} ({v * umol:+.2g} umol m-2 s-1)" for v in np.linspace(-limit, limit, 5)]
    stops[0] += " uptake"
    stops[-1] += " release"
    for name, _, words in FLUX_SNAPSHOTS:
        label, band = bands[name]
        raster = styled_raster(
            arguments.flux,
            band,
            "Net CO2 flux (g CO2 m-2 s-1)",
            -limit,
            limit,
            DIVERGING_UPTAKE_BLUE,
            stops,
        )
        export_layout(
            output / f"{name}.png",
            f"Hourly CO2 flux of shifting sand, {label} ({words})",
            "g CO2 m-2 s-1; negative (blue) = uptake by the sand, positive (red) = "
            "release; band picked by its ISO 8601 description; output of "
            "sandflux:computeflux",
            raster,
            arguments,
            extent,
        )


def picture_annual(arguments, output, extent):
    """Mean over the years of the sequestration, g C m-2 yr-1 = -net * 12.011/44.01."""
    from osgeo import gdal

    dataset = gdal.Open(arguments.annual)
    stack = np.stack([read_band(dataset, b) for b in range(1, dataset.RasterCount + 1)])
    valid = np.isfinite(stack).any(axis=0)
    net = np.where(
        valid, np.nansum(stack, axis=0) / np.maximum(np.isfinite(stack).sum(axis=0), 1), np.nan
    )
    sequestration = -net * G_C_PER_G_CO2
    target = output / "mean_annual_sequestration.tif"
    out = gdal.GetDriverByName("GTiff").Create(
        str(target), dataset.RasterXSize, dataset.RasterYSize, 1, gdal.GDT_Float32
    )
    out.SetGeoTransform(dataset.GetGeoTransform())
    out.SetProjection(dataset.GetProjection())
    band = out.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    band.WriteArray(np.where(np.isfinite(sequestration), sequestration, -9999.0))
    band.SetDescription("mean annual sequestration g C m-2 yr-1 (positive = uptake)")
    out = None
    limit = symmetric_limit(sequestration)
    stops = [f"{v:+.3g}" for v in np.linspace(-limit, limit, 5)]
    stops[0] += " (net source)"
    stops[-1] += " (net uptake)"
    raster = styled_raster(
        target, 1, "Sequestration (g C m-2 yr-1)", -limit, limit, SEQUESTRATION_GREEN, stops
    )
    years = [dataset.GetRasterBand(b).GetDescription() for b in range(1, dataset.RasterCount + 1)]
    export_layout(
        output / "mean_annual_sequestration.png",
        "Mean annual carbon sequestration of shifting sand",
        f"g C m-2 yr-1, positive (green) = uptake; mean of {stack.shape[0]} year(s) "
        f"{', '.join(y for y in years if y)}; output of sandflux:annualsequestration",
        raster,
        arguments,
        extent,
    )


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    output = Path(arguments.output)
    output.mkdir(parents=True, exist_ok=True)
    application = start_qgis()
    try:
        extent = (77.2, 36.5, 88.8, 41.5)
        if arguments.forcing:
            picture_forcing(arguments, output, extent)
        if arguments.flux:
            picture_flux(arguments, output, extent)
        if arguments.annual:
            picture_annual(arguments, output, extent)
    finally:
        application.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
