"""Driver attribution: forcing + calibration -> the annual net flux against the annual drivers
per cell and for the region: slope raster, regression table, report with scatter plots."""

from qgis.core import (
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ..provider import compat
from .base import SandFluxAlgorithm


class DriverAttribution(SandFluxAlgorithm):
    NAME = "driverattribution"
    DISPLAY_NAME = "Attribute flux to drivers"
    GROUP = "products"
    REQUIRES = ("numpy", "osgeo", "netCDF4", "scipy", "matplotlib")

    MASK = "MASK"
    MIN_COVERAGE = "MIN_COVERAGE"
    PULSE_THRESHOLD = "PULSE_THRESHOLD"
    OUTPUT = "OUTPUT"
    TABLE = "TABLE"
    REPORT = "REPORT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_forcing_parameters()
        self.add_soil_parameters(advanced=True)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.MASK,
                self.tr("Mask: region to total (polygons; empty = every cell)"),
                [compat.SOURCE_VECTOR_POLYGON],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_COVERAGE,
                self.tr("Minimum coverage (fraction of the year's hours valid)"),
                compat.NUMBER_DOUBLE,
                0.9,
                minValue=0.01,
                maxValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PULSE_THRESHOLD,
                self.tr("Pulse threshold theta_c (m3 m-3; empty = the calibration's)"),
                compat.NUMBER_DOUBLE,
                optional=True,
                minValue=0.0,
                maxValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT, self.tr("Slope on the daily soil-temperature range (per cell)")
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.TABLE,
                self.tr("Regression table"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT,
                self.tr("Report"),
                self.tr("HTML files (*.html)"),
                optional=True,
                createByDefault=True,
            )
        )

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.drivers import run_driver_attribution  # core needs numpy: loaded when run

        recipe = self.flux_inputs(parameters, context, feedback)
        mask_path, mask_layer = self.vector_path(parameters, self.MASK, context, feedback)
        theta_c = (
            self.parameterAsDouble(parameters, self.PULSE_THRESHOLD, context)
            if parameters.get(self.PULSE_THRESHOLD) not in (None, "")
            else None
        )
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        table = self.parameterAsFileOutput(parameters, self.TABLE, context) or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context) or None
        result = run_driver_attribution(
            recipe,
            output,
            table=table,
            report=report,
            theta_c=theta_c,
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            mask_path=mask_path,
            mask_layer=mask_layer or None,
            progress=progress,
        )
        for warning in result.warnings:
            feedback.pushWarning(warning)
        for regression in result.regressions:
            feedback.pushInfo(
                self.tr("{}: {} slope {:.4g} {} (95 % {:.4g} .. {:.4g}), p = {:.3g}").format(
                    regression.scope,
                    regression.driver,
                    regression.slope,
                    regression.units,
                    regression.low,
                    regression.high,
                    regression.p_value,
                )
            )
        outputs = {self.OUTPUT: output}
        for name, value in ((self.TABLE, table), (self.REPORT, report)):
            if value:
                outputs[name] = value
        return outputs
