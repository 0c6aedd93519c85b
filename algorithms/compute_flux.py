"""PLACEHOLDER until its issue lands: replaced by the real algorithm."""
from .base import SandFluxAlgorithm


class ComputeFlux(SandFluxAlgorithm):
    NAME = "computeflux"
    DISPLAY_NAME = "ComputeFlux (in development)"

    def initAlgorithm(self, config=None):  # noqa: N802
        pass
