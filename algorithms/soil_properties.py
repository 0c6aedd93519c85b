"""PLACEHOLDER until its issue lands: replaced by the real algorithm."""
from .base import SandFluxAlgorithm


class SoilProperties(SandFluxAlgorithm):
    NAME = "soilproperties"
    DISPLAY_NAME = "SoilProperties (in development)"

    def initAlgorithm(self, config=None):  # noqa: N802
        pass
