"""Summarize flux by month and hour: hourly flux (rasters, or computed on the fly from the
forcing) -> monthly net flux raster, monthly table, diurnal cycle table, report."""
from qgis.core import (QgsProcessingContext, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination)

from ..provider import compat
from .base import SandFluxAlgorithm

HELP = """Sums the hourly CO2 flux by calendar month (UTC) per cell and averages it by month \
and hour of the day: when the sand is a source (warm months) and when a sink (cool months), and \
how the flux turns over the day. Sign convention: net flux, <b>negative = uptake</b> by the \
sand, positive = release.

<b>Flux rasters</b> (INPUT): hourly flux rasters written by 'Compute flux raster', one grid.
<b>Forcing file</b> (FORCING) and <b>Calibration</b> (CALIBRATION), instead of INPUT: the \
hourly flux is computed on the fly from the forcing as 'Compute flux raster' computes it, \
nothing hourly is written. Give either INPUT or FORCING with CALIBRATION, not both.
<b>SOC raster / SOC value / pH raster / pH value</b> (SOC, SOC_VALUE, PH, PH_VALUE, advanced, \
optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster'.
<b>Mask</b> (MASK, optional polygon layer): the region to total and average; a cell counts \
when its centre is inside a polygon. Empty: every cell.
<b>Minimum coverage</b> (MIN_COVERAGE, fraction 0-1, default 0.9): the share of a month's \
hours that must be valid for a cell-month; below it the cell-month is NoData. A month's value is \
the mean of its valid hours x its hours x 3600 s, so the 12 months of a complete year add up to \
the annual tool's value.
<b>Monthly net flux</b> (MONTHLY): GeoTIFF, one band a month (band name YYYY-MM), \
g CO2 m-2 month-1, negative = uptake, NoData -9999.
<b>Monthly table</b> (TABLE, CSV): one row a month: month, hours_in_month, cells_valid, \
area_km2, mean_net_flux_g_co2_m2_month, total_net_flux_t_co2 (regional total on the true cell \
areas of the WGS84 ellipsoid), source_or_sink.
<b>Diurnal cycle</b> (DIURNAL, optional CSV): one row a calendar month (1-12, all years \
together) and local mean solar hour (0-23; UTC + longitude/15 h): the area-weighted regional \
mean flux (g CO2 m-2 s-1) and the cell-hours behind it.
<b>Report</b> (REPORT, HTML): the source and sink months, a bar chart of the monthly \
climatology, the diurnal cycle plot of each month, the monthly table.

A failed or cancelled run leaves no output."""


class SeasonalCycle(SandFluxAlgorithm):
    NAME = "seasonalcycle"
    DISPLAY_NAME = "Summarize flux by month and hour"
    GROUP = "products"
    HELP = HELP
    REQUIRES = ("numpy", "osgeo", "netCDF4", "matplotlib")

    MASK = "MASK"
    MIN_COVERAGE = "MIN_COVERAGE"
    MONTHLY = "MONTHLY"
    TABLE = "TABLE"
    DIURNAL = "DIURNAL"
    REPORT = "REPORT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("Hourly flux rasters (GeoTIFF or netCDF, one grid)"),
            compat.SOURCE_FILE, optional=True))
        self.add_forcing_parameters(optional=True)
        self.add_soil_parameters(advanced=True)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask: region to total (polygons; empty = every cell)"),
            [compat.SOURCE_VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_COVERAGE, self.tr("Minimum coverage (fraction of the month's hours valid)"),
            compat.NUMBER_DOUBLE, 0.9, minValue=0.01, maxValue=1.0))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.MONTHLY, self.tr("Monthly net flux (g CO2 m-2 month-1, one band a month)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.TABLE, self.tr("Monthly table"), self.tr("CSV files (*.csv)"), optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.DIURNAL, self.tr("Diurnal cycle (CSV, month x local solar hour)"),
            self.tr("CSV files (*.csv)"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.seasonal import run_seasonal_cycle  # core needs numpy: loaded when run

        inputs = self.flux_inputs(parameters, context, feedback)
        mask_path, mask_layer = None, None
        if parameters.get(self.MASK) not in (None, ""):
            mask_path, mask_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.MASK, context, ["gpkg", "shp"], "gpkg", feedback)
        monthly = self.parameterAsOutputLayer(parameters, self.MONTHLY, context)
        table = self.parameterAsFileOutput(parameters, self.TABLE, context) or None
        diurnal = self.parameterAsFileOutput(parameters, self.DIURNAL, context) or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context) or None
        result = run_seasonal_cycle(
            inputs, monthly, table=table, diurnal=diurnal, report=report,
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            mask_path=mask_path, mask_layer=mask_layer or None, progress=progress)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        outputs = {self.MONTHLY: monthly}
        if table:
            if context.project() is not None:
                context.addLayerToLoadOnCompletion(table, QgsProcessingContext.LayerDetails(
                    self.tr("Monthly table"), context.project(), self.TABLE))
            outputs[self.TABLE] = table
        for name, value in ((self.DIURNAL, diurnal), (self.REPORT, report)):
            if value:
                outputs[name] = value
        return outputs
