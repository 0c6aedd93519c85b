"""The SandFlux Processing provider: lists the algorithms and the shipped models."""

from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsMessageLog,
    QgsProcessingModelAlgorithm,
    QgsProcessingProvider,
)
from qgis.PyQt.QtGui import QIcon

from ..algorithms import ALGORITHM_CLASSES
from ..core.infra.version import __version__
from .compat import MESSAGE_WARNING
from .dependencies import LOG_TAG, install_command, missing_modules
from .i18n import QT_TRANSLATE_NOOP, tr

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

    def load(self):
        # A model's steps are found in the registry, which lists this provider only after
        # load(): the models are read again once it does (see reload_models).
        QgsApplication.processingRegistry().providerAdded.connect(self.reload_models)
        return super().load()

    def unload(self):
        # At exit QGIS 3.44 unloads the providers still registered after it has dropped the
        # registry (processingRegistry() is None then): nothing is left to disconnect from.
        registry = QgsApplication.processingRegistry()
        if registry is not None:
            try:
                registry.providerAdded.disconnect(self.reload_models)
            except (TypeError, RuntimeError):  # never connected, or already gone
                pass
        super().unload()

    def reload_models(self, provider_id):
        """Re-read the shipped models once the tools are in the registry (full outputs)."""
        if provider_id != self.id():
            return
        for algorithm in self.algorithms():
            if isinstance(algorithm, SandFluxModel) and algorithm.sourceFilePath():
                algorithm.fromFile(algorithm.sourceFilePath())

    def loadAlgorithms(self):  # noqa: N802
        algorithms = [algorithm_class() for algorithm_class in ALGORITHM_CLASSES]
        for algorithm in algorithms:
            self.addAlgorithm(algorithm)
        log_missing_dependencies(algorithms)
        for path in sorted(MODELS_FOLDER.glob("*.model3")):
            model = SandFluxModel()
            if model.fromFile(str(path)):
                self.addAlgorithm(model)
            else:
                QgsMessageLog.logMessage(
                    tr("SandFlux could not read the model {}").format(path),
                    LOG_TAG,
                    MESSAGE_WARNING,
                )


MODEL_GROUPS = {"pipelines": QT_TRANSLATE_NOOP("SandFlux", "Pipelines")}
MODEL_NAMES = {"SandFlux pipeline": QT_TRANSLATE_NOOP("SandFlux", "SandFlux pipeline")}


class SandFluxModel(QgsProcessingModelAlgorithm):
    """A shipped model: id sandflux:<file stem>, translated name and group, the pipeline icon.

    Running it uses QGIS's own model copy (createInstance), so this class only dresses the
    listing in the toolbox, the modeler and qgis_process.
    """

    def fromFile(self, path):  # noqa: N802
        self._stem = Path(path).stem
        if not super().fromFile(path):
            return False
        self.setSourceFilePath(str(path))
        return True

    def name(self):
        return getattr(self, "_stem", "") or super().name()

    def displayName(self):  # noqa: N802
        return tr(super().displayName())

    def group(self):
        return tr(super().group())

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):  # noqa: N802
        return str(RESOURCES / "icons" / "pipeline.svg")


def log_missing_dependencies(algorithms):
    """Write one QGIS log message (tag SandFlux) naming missing modules and the tools they stop.

    Returns the message, or None when nothing is missing.
    """
    needed = [module for algorithm in algorithms for module in algorithm.REQUIRES]
    missing = missing_modules(needed)
    if not missing:
        return None
    disabled = [
        algorithm.displayName()
        for algorithm in algorithms
        if set(algorithm.REQUIRES) & set(missing)
    ]
    message = tr(
        "SandFlux: the Python module(s) {} are missing, so these tools are disabled: {}. "
        "Install: {}"
    ).format(", ".join(missing), ", ".join(disabled), install_command(missing))
    QgsMessageLog.logMessage(message, LOG_TAG, MESSAGE_WARNING)
    return message
