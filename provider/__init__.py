"""The SandFlux Processing provider, its icons and the QGIS version shims."""
