"""Startup script for the real QGIS desktop (qgis --code), used by tests/test_desktop.py.

Reads the JSON config named by SANDFLUX_DESKTOP_CONFIG: {"algorithm": id, "parameters": {...},
"png": path, "result": path, "styles": {output name: .qml}, "draw": [output names, top first],
"overlays": [vector files drawn on top]}. Runs the algorithm with processing.run in the GUI,
loads every output file as a layer, zooms the map canvas to them, renders the canvas to the PNG,
writes what
it saw to the result JSON and quits QGIS. Any error is written to the result too, and QGIS
quits anyway, so the test never hangs on a dialog.
"""

import json
import os
import traceback
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QEventLoop, QTimer
from qgis.utils import active_plugins, iface, plugin_paths

CONFIG = json.loads(Path(os.environ["SANDFLUX_DESKTOP_CONFIG"]).read_text(encoding="utf-8"))
RASTER_SUFFIXES = {".tif", ".tiff"}
VECTOR_SUFFIXES = {".gpkg", ".geojson", ".shp"}


def output_files(value):
    """Existing layer files among an output value (a path, or a list of paths)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    for item in values:
        if isinstance(item, str) and Path(item.split("|")[0]).is_file():
            yield item


def load_layer(path):
    suffix = Path(path.split("|")[0]).suffix.lower()
    name = Path(path.split("|")[0]).stem
    if suffix in RASTER_SUFFIXES:
        return QgsRasterLayer(path, name, "gdal")
    if suffix in VECTOR_SUFFIXES:
        return QgsVectorLayer(path, name, "ogr")
    return None


def render_canvas(layers, png):
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    extent = QgsRectangle()
    for layer in layers:
        if extent.isEmpty():
            extent = QgsRectangle(layer.extent())
        else:
            extent.combineExtentWith(layer.extent())
    canvas.setLayers(layers)
    canvas.setExtent(extent)
    loop = QEventLoop()
    canvas.mapCanvasRefreshed.connect(loop.quit)
    QTimer.singleShot(60000, loop.quit)
    canvas.refresh()
    loop.exec()
    canvas.saveAsImage(png)


def main():
    import processing

    result = {
        "providers": [p.id() for p in QgsApplication.processingRegistry().providers()],
        "active_plugins": list(active_plugins),
        "plugin_paths": list(plugin_paths),
        "sandflux_module": None,
        "outputs": {},
        "layers": [],
        "error": None,
    }
    try:
        import sandflux

        result["sandflux_module"] = str(Path(sandflux.__file__).resolve().parent)
        outputs = processing.run(CONFIG["algorithm"], CONFIG["parameters"])
        result["outputs"] = {
            key: value
            for key, value in outputs.items()
            if isinstance(value, (str, int, float, list))
        }
        layers = []
        for key, value in outputs.items():
            for path in output_files(value):
                layer = load_layer(path)
                if layer is None:
                    continue
                style = CONFIG.get("styles", {}).get(key)
                if style and layer.isValid():
                    layer.loadNamedStyle(style)
                QgsProject.instance().addMapLayer(layer)
                layers.append(layer)
                layer.setCustomProperty("sandflux_output", key)
                result["layers"].append(
                    {
                        "output": key,
                        "path": path,
                        "valid": layer.isValid(),
                        "crs": layer.crs().authid(),
                        "type": type(layer).__name__,
                    }
                )
        order = CONFIG.get("draw") or [layer.customProperty("sandflux_output") for layer in layers]
        drawable = [
            layer
            for key in order
            for layer in layers
            if layer.isValid() and layer.customProperty("sandflux_output") == key
        ]
        for path in CONFIG.get("overlays", []):
            overlay = QgsVectorLayer(path, Path(path).stem, "ogr")
            overlay.renderer().symbol().symbolLayer(0).setBrushStyle(0)  # outline only
            QgsProject.instance().addMapLayer(overlay)
            drawable.insert(0, overlay)
        if drawable:
            render_canvas(drawable, CONFIG["png"])
    except Exception:  # everything goes to the test through the result file
        result["error"] = traceback.format_exc()
    finally:
        Path(CONFIG["result"]).write_text(json.dumps(result, indent=2), encoding="utf-8")
        QTimer.singleShot(0, quit_qgis)


def quit_qgis():
    QgsProject.instance().clear()  # nothing to save: no "save the project?" dialog on exit
    QgsProject.instance().setDirty(False)
    iface.actionExit().trigger()


QTimer.singleShot(0, main)
