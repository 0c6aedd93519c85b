"""PLACEHOLDER until its issue lands: replaced by the real algorithm."""
from .base import SandFluxAlgorithm


class AnnualSequestration(SandFluxAlgorithm):
    NAME = "annualsequestration"
    DISPLAY_NAME = "AnnualSequestration (in development)"

    def initAlgorithm(self, config=None):  # noqa: N802
        pass
