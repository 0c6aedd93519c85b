"""Sum annual sequestration: hourly flux (rasters, or computed on the fly from the forcing) ->
annual net flux raster, table, trend, report."""
import functools
import math
import re

from qgis.core import (QgsProcessingContext, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination)

from ..provider import compat
from .base import SandFluxAlgorithm

HELP = """Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux \
computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 \
ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, \
negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = \
uptake. g C = g CO2 x 12.011 / 44.01.

<b>Flux rasters</b> (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, \
any period), all on one grid; their hours are joined in time order. Different grids, or an hour \
given twice, are an error and nothing is written.
<b>Forcing</b> (FORCING: the forcing file, or the ERA5 downloads themselves, read as 'Compute \
flux raster' reads them; FORCING_EXTENT, advanced: the part of the downloads to read) and \
<b>Calibration</b> (CALIBRATION), instead of INPUT: the \
hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes \
it, in one pass over the period (the next block read on a second thread), and summed without \
writing any hourly raster \
(the fast way to the annual numbers; the same results as the flux rasters of the whole \
forcing period would give). The MASK below also plays the part of the flux tool's sand mask. \
Give either INPUT or FORCING with CALIBRATION, not both.
<b>SOC raster / SOC value / pH raster / pH value</b> (SOC, SOC_VALUE, PH, PH_VALUE, advanced, \
optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' \
(a raster is used before a value; neither: the station's soil, factor 1).
<b>Mask</b> (MASK, optional polygon layer): the region to total; a cell counts when its centre \
is inside a polygon. Cells outside are NoData. Empty: every cell.
<b>Minimum coverage</b> (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's \
hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year \
is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid \
hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the \
threshold) stays comparable.
<b>Annual net flux</b> (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, \
negative = uptake, NoData -9999.
<b>Table</b> (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value \
in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), \
mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c \
and, when the flux rasters carry the calibration's bootstrap ratio \
(SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's \
2.5 and 97.5 % quantiles). Loads as a table layer.
<b>Trend</b> (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen \
slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value \
(two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
<b>Report</b> (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least \
5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
<b>Dask scheduler</b> (DASK_SCHEDULER, advanced, optional): address of a dask.distributed \
scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at \
the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and \
when that is empty too the tool runs here. Same numbers either way. With FORCING leave it \
empty (the on-the-fly sums run here).

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional \
sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the \
regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no \
output."""

_NETCDF_SOURCE = re.compile(r'^NETCDF:"?(?P<path>.*?)"?:(?P<variable>[^:"]+)$', re.IGNORECASE)


class AnnualSequestration(SandFluxAlgorithm):
    NAME = "annualsequestration"
    DISPLAY_NAME = "Sum annual sequestration"
    GROUP = "products"
    HELP = HELP
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
            mask_path, mask_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.MASK, context, ["gpkg", "shp"], "gpkg", feedback)
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
        from ..core.tools.sources import open_forcing_source

        rasters = [flux_path(source)
                   for source in self.layer_sources(parameters, self.INPUT, context)]
        forcing, extent = self.forcing_inputs(parameters, context)
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
                "'Calibrate from station CSV') to compute the flux.").format(", ".join(forcing)))
        soc, ph = self.soil_values(parameters, context, feedback)
        feedback.pushInfo(self.tr("Computing the hourly flux of {} on the fly (nothing hourly "
                                  "is written)").format(", ".join(forcing)))
        return FluxRecipe(tuple(forcing), calibration, soc, ph,
                          open_source=functools.partial(open_forcing_source, extent=extent))


def flux_path(source: str) -> str:
    """The file behind a GDAL raster layer source (plain path or NETCDF:"path":co2_flux)."""
    match = _NETCDF_SOURCE.match(source.strip())
    return match.group("path") if match else source.split("|")[0]


def _number(value):
    return value if value is not None and math.isfinite(value) else None
