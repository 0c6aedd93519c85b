"""PLACEHOLDER until its issue lands: replaced by the real algorithm."""
from .base import SandFluxAlgorithm


class ImportEra5(SandFluxAlgorithm):
    NAME = "importera5"
    DISPLAY_NAME = "ImportEra5 (in development)"

    def initAlgorithm(self, config=None):  # noqa: N802
        pass
