"""The plugin object: registers the SandFlux Processing provider and removes it on unload."""

from qgis.core import QgsApplication

from .provider.i18n import install_translator
from .provider.provider import SandFluxProvider


class SandFluxPlugin:
    """QGIS plugin that only carries the Processing provider (id ``sandflux``)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = install_translator()

    def initProcessing(self):  # noqa: N802 (QGIS's name)
        """Register the provider; QGIS calls this for plugins with hasProcessingProvider=yes."""
        if self.provider is None:
            self.provider = SandFluxProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
