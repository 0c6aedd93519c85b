"""Sum annual sequestration: hourly flux (rasters, or computed on the fly from the forcing) ->
annual net flux raster, table, trend, report."""
import math
import re

from qgis.core import (QgsProcessingContext, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination)

from ..provider import compat
from .base import SandFluxAlgorithm


_NETCDF_SOURCE = re.compile(r'^NETCDF:"?(?P<path>.*?)"?:(?P<variable>[^:"]+)$', re.IGNORECASE)


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
    REPORT = "REPORT"
    MEAN_SEQUESTRATION = "MEAN_SEQUESTRATION"
    TOTAL = "TOTAL"

    def initAlgorithm(self, config=None):  # noqa: N802
        # Files, not raster layers: QGIS would open every input as a layer of 8760 bands for
        # the whole run (+140 MB for 23 years); loaded layers are still accepted (their source).
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("Hourly flux rasters (GeoTIFF or netCDF, one grid)"),
            compat.SOURCE_FILE, optional=True))
        # Or the flux computed on the fly (nothing hourly written): the flux tool's inputs.
        self.add_forcing_parameters(optional=True)
        self.add_soil_parameters(advanced=True)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask: region to total (polygons; empty = every cell)"),
            [compat.SOURCE_VECTOR_POLYGON], optional=True))
        coverage = QgsProcessingParameterNumber(
            self.MIN_COVERAGE, self.tr("Minimum coverage (fraction of the year's hours valid)"),
            compat.NUMBER_DOUBLE, 0.9, minValue=0.01, maxValue=1.0)
        self.addParameter(coverage)
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Annual net flux (g CO2 m-2 yr-1, one band a year)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.TABLE, self.tr("Annual table"), self.tr("CSV files (*.csv)"), optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.TREND, self.tr("Trend per cell (Theil-Sen slope, Mann-Kendall p)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))
        self.add_dask_scheduler_parameter()
        self.addOutput(QgsProcessingOutputNumber(
            self.MEAN_SEQUESTRATION, self.tr("Mean sequestration (g C m-2 yr-1, + = uptake)")))
        self.addOutput(QgsProcessingOutputNumber(
            self.TOTAL, self.tr("Mean total net flux (t CO2 yr-1, - = uptake)")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.annual import run_annual_sequestration

        inputs = self._inputs(parameters, context, feedback)
        mask_path, mask_layer = None, None
        if parameters.get(self.MASK) not in (None, ""):
            mask_path, mask_layer = self.vector_path(parameters, self.MASK, context, feedback)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        table = self.parameterAsFileOutput(parameters, self.TABLE, context) or None
        trend = self.parameterAsOutputLayer(parameters, self.TREND, context) or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context) or None
        # workers=1: summed in this process, reading the next block on a second thread while
        # this one is summed (core.infra.threads). Worker processes would each load Python, numpy
        # and GDAL again: +250 MB on top of QGIS for a little more speed.
        result = run_annual_sequestration(
            inputs, output, table=table, trend=trend, report=report,
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            progress=progress, mask_path=mask_path, mask_layer=mask_layer or None, workers=1,
            scheduler=self.dask_scheduler(parameters, context))
        for warning in result.warnings:
            feedback.pushWarning(warning)
        for regional in result.regional_trends:
            feedback.pushInfo(regional.text)

        self.style_on_load(context, output, "sequestration.qml",
                           self.tr("Annual net flux (g CO2 m-2 yr-1)"))
        outputs = {self.OUTPUT: output,
                   self.MEAN_SEQUESTRATION: _number(result.mean_sequestration_g_c_m2_yr),
                   self.TOTAL: _number(result.mean_total_net_flux_t_co2_yr)}
        if table:
            if context.project() is not None:
                context.addLayerToLoadOnCompletion(table, QgsProcessingContext.LayerDetails(
                    self.tr("Annual sequestration table"), context.project(), self.TABLE))
            outputs[self.TABLE] = table
        if trend and result.cell_trend is None and context.willLoadLayerOnCompletion(trend):
            layers = context.layersToLoadOnCompletion()
            del layers[trend]  # fewer than 5 years: nothing written, nothing to load
            context.setLayersToLoadOnCompletion(layers)
        if trend:
            outputs[self.TREND] = trend if result.cell_trend is not None else None
        if report:
            outputs[self.REPORT] = report
        return outputs


    def _inputs(self, parameters, context, feedback):
        """The flux raster paths of INPUT, or a FluxRecipe of FORCING + CALIBRATION."""
        from ..core.model.flux import FluxRecipe

        rasters = [flux_path(source)
                   for source in self.layer_sources(parameters, self.INPUT, context)]
        forcing = self.parameterAsFile(parameters, self.FORCING, context)
        calibration = self.parameterAsFile(parameters, self.CALIBRATION, context)
        if rasters and forcing:
            raise QgsProcessingException(self.tr(
                "Give either hourly flux rasters (INPUT) or a forcing file (FORCING, with "
                "CALIBRATION) to compute the flux on the fly, not both."))
        if not forcing:
            if not rasters:
                raise QgsProcessingException(self.tr(
                    "No flux given: choose the hourly flux rasters written by 'Compute flux "
                    "raster' (INPUT), or the forcing file from 'Import ERA5' (FORCING) with its "
                    "calibration (CALIBRATION)."))
            return rasters
        if not calibration:
            raise QgsProcessingException(self.tr(
                "The forcing file {} needs its calibration (CALIBRATION, the .json written by "
                "'Calibrate from station CSV') to compute the flux.").format(forcing))
        soc, ph = self.soil_values(parameters, context, feedback)
        feedback.pushInfo(self.tr("Computing the hourly flux of {} on the fly (nothing hourly "
                                  "is written)").format(forcing))
        return FluxRecipe(forcing, calibration, soc, ph)


def flux_path(source: str) -> str:
    """The file behind a GDAL raster layer source (plain path or NETCDF:"path":co2_flux)."""
    match = _NETCDF_SOURCE.match(source.strip())
    return match.group("path") if match else source.split("|")[0]


def _number(value):
    return value if value is not None and math.isfinite(value) else None
