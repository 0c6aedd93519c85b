"""The SandFlux Processing provider: lists the algorithms and the shipped models."""
from pathlib import Path

from qgis.core import QgsMessageLog, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..algorithms import ALGORITHM_CLASSES
from ..core.version import __version__
from .compat import MESSAGE_WARNING
from .dependencies import LOG_TAG, install_command, missing_modules
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
        algorithms = [algorithm_class() for algorithm_class in ALGORITHM_CLASSES]
        for algorithm in algorithms:
            self.addAlgorithm(algorithm)
        log_missing_dependencies(algorithms)
        for path in sorted(MODELS_FOLDER.glob("*.model3")):
            model = QgsProcessingModelAlgorithm()
            if model.fromFile(str(path)):
                self.addAlgorithm(model)
            else:
                QgsMessageLog.logMessage(tr("SandFlux could not read the model {}").format(path),
                                         LOG_TAG, MESSAGE_WARNING)


def log_missing_dependencies(algorithms):
    """Write one QGIS log message (tag SandFlux) naming missing modules and the tools they stop.

    Returns the message, or None when nothing is missing.
    """
    needed = [module for algorithm in algorithms for module in algorithm.REQUIRES]
    missing = missing_modules(needed)
    if not missing:
        return None
    disabled = [algorithm.displayName() for algorithm in algorithms
                if set(algorithm.REQUIRES) & set(missing)]
    message = tr("SandFlux: the Python module(s) {} are missing, so these tools are disabled: {}. "
                 "Install: {}").format(", ".join(missing), ", ".join(disabled),
                                       install_command(missing))
    QgsMessageLog.logMessage(message, LOG_TAG, MESSAGE_WARNING)
    return message
