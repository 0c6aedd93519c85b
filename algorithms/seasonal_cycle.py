"""Summarize flux by month and hour: hourly flux (rasters, or computed on the fly from the
forcing) -> monthly net flux raster, monthly table, diurnal cycle table, report."""

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ..provider import compat
from .base import SandFluxAlgorithm


class SeasonalCycle(SandFluxAlgorithm):
    NAME = "seasonalcycle"
    DISPLAY_NAME = "Summarize flux by month and hour"
    GROUP = "products"
    REQUIRES = ("numpy", "osgeo", "netCDF4", "matplotlib")

    MASK = "MASK"
    MIN_COVERAGE = "MIN_COVERAGE"
    MONTHLY = "MONTHLY"
    TABLE = "TABLE"
    DIURNAL = "DIURNAL"
    REPORT = "REPORT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_flux_input_parameters()
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
                self.tr("Minimum coverage (fraction of the month's hours valid)"),
                compat.NUMBER_DOUBLE,
                0.9,
                minValue=0.01,
                maxValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.MONTHLY, self.tr("Monthly net flux (g CO2 m-2 month-1, one band a month)")
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.TABLE,
                self.tr("Monthly table"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.DIURNAL,
                self.tr("Diurnal cycle (CSV, month x local solar hour)"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=False,
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
        from ..core.tools.seasonal import run_seasonal_cycle  # core needs numpy: loaded when run

        inputs = self.flux_inputs(parameters, context, feedback)
        mask_path, mask_layer = self.vector_path(parameters, self.MASK, context, feedback)
        monthly = self.parameterAsOutputLayer(parameters, self.MONTHLY, context)
        table = self.parameterAsFileOutput(parameters, self.TABLE, context) or None
        diurnal = self.parameterAsFileOutput(parameters, self.DIURNAL, context) or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context) or None
        result = run_seasonal_cycle(
            inputs,
            monthly,
            table=table,
            diurnal=diurnal,
            report=report,
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            mask_path=mask_path,
            mask_layer=mask_layer or None,
            progress=progress,
        )
        for warning in result.warnings:
            feedback.pushWarning(warning)
        outputs = {self.MONTHLY: monthly}
        if table:
            if context.project() is not None:
                context.addLayerToLoadOnCompletion(
                    table,
                    QgsProcessingContext.LayerDetails(
                        self.tr("Monthly table"), context.project(), self.TABLE
                    ),
                )
            outputs[self.TABLE] = table
        for name, value in ((self.DIURNAL, diurnal), (self.REPORT, report)):
            if value:
                outputs[name] = value
        return outputs
