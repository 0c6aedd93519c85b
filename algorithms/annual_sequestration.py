"""Sum annual sequestration: hourly flux (rasters, or computed on the fly from the forcing) ->
annual net flux raster, table, trend, report."""

import math

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..core.infra.constants import DEFAULT_ENSEMBLE
from ..provider import compat
from .base import SandFluxAlgorithm


class AnnualSequestration(SandFluxAlgorithm):
    NAME = "annualsequestration"
    DISPLAY_NAME = "Sum annual sequestration"
    GROUP = "products"
    REQUIRES = ("numpy", "osgeo", "netCDF4", "matplotlib")

    INPUT = "INPUT"
    MASK = "MASK"
    MIN_COVERAGE = "MIN_COVERAGE"
    OUTPUT = "OUTPUT"
    TABLE = "TABLE"
    TREND = "TREND"
    SAND_FRACTION = "SAND_FRACTION"
    LANDCOVER = "LANDCOVER"
    LANDCOVER_CLASSES = "LANDCOVER_CLASSES"
    ENSEMBLE = "ENSEMBLE"
    UNCERTAINTY = "UNCERTAINTY"
    REPORT = "REPORT"
    MEAN_SEQUESTRATION = "MEAN_SEQUESTRATION"
    TOTAL = "TOTAL"

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
            QgsProcessingParameterBoolean(
                self.SAND_FRACTION,
                self.tr(
                    "Weight cells by their sand fraction (exact polygon overlap on the ellipsoid)"
                ),
                defaultValue=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.LANDCOVER,
                self.tr("Land-cover raster (sand share of each cell)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.LANDCOVER_CLASSES,
                self.tr("Land-cover classes that mean shifting sand (e.g. 60)"),
                optional=True,
            )
        )
        coverage = QgsProcessingParameterNumber(
            self.MIN_COVERAGE,
            self.tr("Minimum coverage (fraction of the year's hours valid)"),
            compat.NUMBER_DOUBLE,
            0.9,
            minValue=0.01,
            maxValue=1.0,
        )
        self.addParameter(coverage)
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT, self.tr("Annual net flux (g CO2 m-2 yr-1, one band a year)")
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.TABLE,
                self.tr("Annual table"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.TREND,
                self.tr("Trend per cell (Theil-Sen slope, Mann-Kendall p)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.ENSEMBLE,
                self.tr(
                    "Ensemble: bootstrap parameter sets run through the flux "
                    "(with FORCING; 0 = ratio method)"
                ),
                compat.NUMBER_INTEGER,
                DEFAULT_ENSEMBLE,
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.UNCERTAINTY,
                self.tr("Uncertainty per cell (2.5/50/97.5 % quantiles a year)"),
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
        self.add_dask_scheduler_parameter()
        self.addOutput(
            QgsProcessingOutputNumber(
                self.MEAN_SEQUESTRATION, self.tr("Mean sequestration (g C m-2 yr-1, + = uptake)")
            )
        )
        self.addOutput(
            QgsProcessingOutputNumber(
                self.TOTAL, self.tr("Mean total net flux (t CO2 yr-1, - = uptake)")
            )
        )

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.annual import run_annual_sequestration

        inputs = self.flux_inputs(parameters, context, feedback)
        mask_path, mask_layer = self.vector_path(parameters, self.MASK, context, feedback)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        table = self.parameterAsFileOutput(parameters, self.TABLE, context) or None
        trend = self.parameterAsOutputLayer(parameters, self.TREND, context) or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context) or None
        uncertainty = self.parameterAsOutputLayer(parameters, self.UNCERTAINTY, context) or None
        ensemble = self.parameterAsInt(parameters, self.ENSEMBLE, context)
        if ensemble and isinstance(inputs, list) and not uncertainty:
            feedback.pushInfo(
                self.tr(
                    "Flux rasters hold the central flux only: the intervals "
                    "come from the ratio method (ENSEMBLE is for FORCING)."
                )
            )
            ensemble = 0
        # workers=1: summed in this process, reading the next block on a second thread while
        # this one is summed (core.infra.threads). Worker processes would each load Python, numpy
        # and GDAL again: +250 MB on top of QGIS for a little more speed.
        result = run_annual_sequestration(
            inputs,
            output,
            table=table,
            trend=trend,
            report=report,
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            progress=progress,
            mask_path=mask_path,
            mask_layer=mask_layer or None,
            workers=1,
            scheduler=self.dask_scheduler(parameters, context),
            ensemble=ensemble,
            uncertainty=uncertainty,
            sand_fraction=self.parameterAsBool(parameters, self.SAND_FRACTION, context),
            landcover=self.raster_path(parameters, self.LANDCOVER, context),
            landcover_classes=self.parameterAsString(parameters, self.LANDCOVER_CLASSES, context),
        )
        for warning in result.warnings:
            feedback.pushWarning(warning)
        for regional in result.regional_trends:
            feedback.pushInfo(regional.text)

        self.style_on_load(
            context, output, "sequestration.qml", self.tr("Annual net flux (g CO2 m-2 yr-1)")
        )
        outputs = {
            self.OUTPUT: output,
            self.MEAN_SEQUESTRATION: _number(result.mean_sequestration_g_c_m2_yr),
            self.TOTAL: _number(result.mean_total_net_flux_t_co2_yr),
        }
        if table:
            if context.project() is not None:
                context.addLayerToLoadOnCompletion(
                    table,
                    QgsProcessingContext.LayerDetails(
                        self.tr("Annual sequestration table"), context.project(), self.TABLE
                    ),
                )
            outputs[self.TABLE] = table
        if trend and result.cell_trend is None and context.willLoadLayerOnCompletion(trend):
            layers = context.layersToLoadOnCompletion()
            del layers[trend]  # fewer than 5 years: nothing written, nothing to load
            context.setLayersToLoadOnCompletion(layers)
        if trend:
            outputs[self.TREND] = trend if result.cell_trend is not None else None
        if report:
            outputs[self.REPORT] = report
        if uncertainty:
            outputs[self.UNCERTAINTY] = uncertainty
        return outputs


def _number(value):
    return value if value is not None and math.isfinite(value) else None
