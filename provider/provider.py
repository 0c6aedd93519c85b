"""The SandFlux Processing provider: lists the algorithms and the shipped models."""
from pathlib import Path

from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..algorithms import ALGORITHM_CLASSES
from ..core.version import __version__
from .i18n import tr

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
MODELS_FOLDER = RESOURCES / "models"


class SandFluxProvider(QgsProcessingProvider):
    """Provider id ``sandflux``: the four tools, their companions and the pipeline model."""

    def id(self):
        return "sandflux"

    def name(self):
        return tr("SandFlux")

    def longName(self):  # noqa: N802
        return tr("SandFlux {} — desert CO2 flux").format(__version__)

    def versionInfo(self):  # noqa: N802
        return __version__

    def icon(self):
        return QIcon(str(RESOURCES / "icons" / "sandflux.svg"))

    def svgIconPath(self):  # noqa: N802
        return str(RESOURCES / "icons" / "sandflux.svg")

    def loadAlgorithms(self):  # noqa: N802
        for algorithm_class in ALGORITHM_CLASSES:
            self.addAlgorithm(algorithm_class())
        for path in sorted(MODELS_FOLDER.glob("*.model3")):
            model = QgsProcessingModelAlgorithm()
            if model.fromFile(str(path)):
                self.addAlgorithm(model)
