"""SandFlux QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    """Return the plugin object QGIS loads; it only registers the Processing provider."""
    from .plugin import SandFluxPlugin

    return SandFluxPlugin(iface)
