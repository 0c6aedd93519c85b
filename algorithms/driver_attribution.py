"""Driver attribution: forcing + calibration -> the annual net flux against the annual drivers
per cell and for the region: slope raster, regression table, report with scatter plots."""
from qgis.core import (QgsProcessingParameterFeatureSource, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination)

from ..provider import compat
from .base import SandFluxAlgorithm

HELP = """Relates the annual net CO2 flux of each cell and of the region to annual drivers \
computed from the forcing, by least-squares regression across the years: mean soil temperature \
Ts (K), mean daily soil-temperature range (K; max - min of Ts over each complete UTC day, \
averaged over the year), hours with soil moisture above the pulse threshold theta_c (h yr-1) \
and mean soil moisture theta (m3 m-3). Ts and theta are those the flux model sees (after the \
calibration's soil correction). Net flux in g CO2 m-2 yr-1, <b>negative = uptake</b> by the \
sand; a slope is in g CO2 m-2 yr-1 per driver unit, positive = more release (or less uptake) \
with more of the driver.

<b>Forcing file</b> (FORCING) and <b>Calibration</b> (CALIBRATION): the flux is computed on the \
fly from the forcing as 'Compute flux raster' computes it; nothing hourly is written.
<b>SOC raster / SOC value / pH raster / pH value</b> (SOC, SOC_VALUE, PH, PH_VALUE, advanced, \
optional): the soil that scales the uptake, as in 'Compute flux raster'.
<b>Mask</b> (MASK, optional polygon layer): the region; a cell counts when its centre is inside \
a polygon. Empty: every cell.
<b>Minimum coverage</b> (MIN_COVERAGE, default 0.9): as in 'Sum annual sequestration'.
<b>Pulse threshold</b> (PULSE_THRESHOLD, m3 m-3, optional): theta_c of the pulse hours; empty = \
the desert scheme's fitted theta_c (another model needs a value).
<b>Slope raster</b> (OUTPUT): GeoTIFF of the per-cell regression of the annual net flux on the \
mean daily soil-temperature range: band 1 slope (g CO2 m-2 yr-1 per K), bands 2-3 its 95 % \
interval (Student's t), band 4 the two-sided p-value, band 5 r2, band 6 the years used (at \
least 3).
<b>Table</b> (TABLE, CSV): one row a regression of the region (area-weighted regional means, a \
point a year): each driver alone, then all four together (ordinary least squares): slope, \
stderr, ci95_low, ci95_high, p_value, r2, n.
<b>Report</b> (REPORT, HTML): the scatter plots of the regional annual net flux against each \
driver with the fitted lines, and the table.

With few years the intervals are wide: read the p-values, not only the slopes. A failed or \
cancelled run leaves no output."""


class DriverAttribution(SandFluxAlgorithm):
    NAME = "driverattribution"
    DISPLAY_NAME = "Attribute flux to drivers"
    GROUP = "products"
    HELP = HELP
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
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask: region to total (polygons; empty = every cell)"),
            [compat.SOURCE_VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_COVERAGE, self.tr("Minimum coverage (fraction of the year's hours valid)"),
            compat.NUMBER_DOUBLE, 0.9, minValue=0.01, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.PULSE_THRESHOLD, self.tr("Pulse threshold theta_c (m3 m-3; empty = the "
                                          "calibration's)"),
            compat.NUMBER_DOUBLE, optional=True, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Slope on the daily soil-temperature range (per cell)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.TABLE, self.tr("Regression table"), self.tr("CSV files (*.csv)"), optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.drivers import run_driver_attribution  # core needs numpy: loaded when run

        recipe = self.flux_inputs(parameters, context, feedback)
        mask_path, mask_layer = None, None
        if parameters.get(self.MASK) not in (None, ""):
            mask_path, mask_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.MASK, context, ["gpkg", "shp"], "gpkg", feedback)
        theta_c = (self.parameterAsDouble(parameters, self.PULSE_THRESHOLD, context)
                   if parameters.get(self.PULSE_THRESHOLD) not in (None, "") else None)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        table = self.parameterAsFileOutput(parameters, self.TABLE, context) or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context) or None
        result = run_driver_attribution(
            recipe, output, table=table, report=report, theta_c=theta_c,
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            mask_path=mask_path, mask_layer=mask_layer or None, progress=progress)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        for regression in result.regressions:
            feedback.pushInfo(self.tr("{}: {} slope {:.4g} {} (95 % {:.4g} .. {:.4g}), "
                                      "p = {:.3g}").format(
                regression.scope, regression.driver, regression.slope, regression.units,
                regression.low, regression.high, regression.p_value))
        outputs = {self.OUTPUT: output}
        for name, value in ((self.TABLE, table), (self.REPORT, report)):
            if value:
                outputs[name] = value
        return outputs
