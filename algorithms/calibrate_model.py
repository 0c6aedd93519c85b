"""PLACEHOLDER until its issue lands: replaced by the real algorithm."""
from .base import SandFluxAlgorithm


class CalibrateModel(SandFluxAlgorithm):
    NAME = "calibratemodel"
    DISPLAY_NAME = "CalibrateModel (in development)"

    def initAlgorithm(self, config=None):  # noqa: N802
        pass
