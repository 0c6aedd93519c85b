"""The base of every SandFlux algorithm: naming, help, icons, progress, errors and styling.

An algorithm subclass declares NAME, DISPLAY_NAME, GROUP, HELP and REQUIRES, builds its
parameters in ``initAlgorithm`` and does its work in ``run`` (one core call). Core errors become
``QgsProcessingException`` here, once; QGIS feedback becomes a core Progress here, once.
"""
import importlib.util
from pathlib import Path

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingLayerPostProcessorInterface)
from qgis.PyQt.QtGui import QIcon

from ..core.errors import SandFluxError
from ..core.progress import Progress
from ..provider.i18n import tr

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
README_URL = "https://github.com/sandflux/sandflux/blob/main/README.md"

GROUPS = {
    "data": "1 Data",
    "model": "2 Model",
    "products": "3 Products",
}

INSTALL_HINT = ("On Debian/Ubuntu install it with: sudo apt-get install python3-netcdf4 "
                "python3-xarray python3-pandas python3-scipy python3-dask python3-matplotlib "
                "python3-cfgrib")


class SandFluxAlgorithm(QgsProcessingAlgorithm):
    """Common plumbing; subclasses set the class attributes and implement ``run``."""
    NAME = ""
    DISPLAY_NAME = ""
    GROUP = "data"
    HELP = ""
    HELP_ANCHOR = ""
    ICON = "sandflux.svg"
    REQUIRES = ("numpy",)

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY_NAME)

    def group(self):
        return tr(GROUPS[self.GROUP])

    def groupId(self):  # noqa: N802
        return self.GROUP

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def helpUrl(self):  # noqa: N802
        return f"{README_URL}#{self.HELP_ANCHOR or self.NAME}"

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):  # noqa: N802
        return str(RESOURCES / "icons" / self.ICON)

    def tr(self, text):
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def missing_dependencies(self):
        """The Python modules this algorithm needs that are not importable."""
        return [module for module in self.REQUIRES if importlib.util.find_spec(module) is None]

    def canExecute(self):  # noqa: N802
        missing = self.missing_dependencies()
        if missing:
            return False, tr("SandFlux needs the Python module(s) {}. {}").format(
                ", ".join(missing), INSTALL_HINT)
        return True, ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        progress = Progress(
            lambda fraction, message: _report(feedback, fraction, message),
            feedback.isCanceled)
        try:
            return self.run(parameters, context, feedback, progress)
        except SandFluxError as error:
            raise QgsProcessingException(str(error)) from error

    def run(self, parameters, context, feedback, progress):
        """Do the work: read parameters, make one core call, return the outputs dict."""
        raise NotImplementedError

    def style_on_load(self, context, output_path, qml_name, layer_name=None):
        """Apply resources/styles/<qml_name> to ``output_path`` when QGIS loads it as a layer."""
        if not context.willLoadLayerOnCompletion(output_path):
            return
        details = context.layerToLoadOnCompletionDetails(output_path)
        if layer_name:
            details.name = layer_name
        details.setPostProcessor(LayerStyler.create(str(RESOURCES / "styles" / qml_name)))


def _report(feedback, fraction, message):
    feedback.setProgress(100.0 * fraction)
    if message:
        feedback.setProgressText(message)


class LayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Loads a .qml style onto an output layer (and sets its temporal range, if asked)."""
    _alive = []  # QGIS keeps only a C++ pointer: hold the Python objects until used

    def __init__(self, qml_path):
        super().__init__()
        self.qml_path = qml_path

    @classmethod
    def create(cls, qml_path):
        styler = cls(qml_path)
        cls._alive.append(styler)
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and layer.isValid() and Path(self.qml_path).exists():
            layer.loadNamedStyle(self.qml_path)
            layer.triggerRepaint()
