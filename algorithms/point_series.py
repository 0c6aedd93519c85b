"""Flux at points: hourly flux (rasters, or computed on the fly from the forcing) and its
drivers at each point of a layer -> CSV (+ daily CSV, plot)."""
from qgis.core import (QgsProcessingOutputNumber, QgsProcessingParameterDateTime,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterMultipleLayers)

from ..provider import compat
from .base import SandFluxAlgorithm

HELP = """Writes the hourly net CO2 flux and its drivers at each point of a layer (the \
station, the soil samples): the values of the grid cell holding the point, exactly as a flux \
raster holds them (not interpolated). Flux in g CO2 m-2 s-1, <b>negative = uptake</b> by the \
sand, positive = release.

<b>Points</b> (POINTS): a point layer, any CRS (reprojected to EPSG:4326). A point outside the \
grid is an error and nothing is written.
<b>Point name field</b> (ID_FIELD, optional): the field naming each point; empty = the feature id.
<b>Flux rasters</b> (INPUT): hourly flux rasters written by 'Compute flux raster' (one grid); \
they hold the flux only, so the driver columns stay empty.
<b>Forcing file</b> (FORCING) and <b>Calibration</b> (CALIBRATION), instead of INPUT: the flux \
is computed on the point cells from the forcing as 'Compute flux raster' computes it, with the \
drivers: soil temperature Ts (K) and moisture theta (m3 m-3) after the calibration's soil \
correction, and dTs/dt (K h-1). Give either INPUT or FORCING with CALIBRATION, not both.
<b>SOC raster / SOC value / pH raster / pH value</b> (SOC, SOC_VALUE, PH, PH_VALUE, advanced, \
optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster'.
<b>Start / End</b> (START, END, optional, with FORCING): first and last hour, UTC, both \
included. Empty: the whole forcing file.
<b>Point series</b> (OUTPUT, CSV): one row a point and hour: point_id, longitude, latitude, \
cell_longitude, cell_latitude (the cell centre), time_utc, flux_g_co2_m2_s, \
soil_temperature_k, soil_moisture_m3_m3, temperature_tendency_k_h (empty = no value).
<b>Daily means</b> (DAILY, optional CSV): one row a point and UTC day: hours_valid, \
mean_flux_g_co2_m2_s (mean of the valid hours), net_flux_g_co2_m2_day (that mean x 86400 s), \
mean_soil_temperature_k, mean_soil_moisture_m3_m3.
<b>Plot</b> (PLOT, optional PNG): the hourly flux and its daily mean at each point (the first 12).

Output for models: POINTS_WRITTEN, the number of points. A failed or cancelled run leaves no \
output."""


class PointSeries(SandFluxAlgorithm):
    NAME = "pointseries"
    DISPLAY_NAME = "Flux at points"
    GROUP = "products"
    HELP = HELP
    REQUIRES = ("numpy", "osgeo", "netCDF4", "matplotlib")

    POINTS = "POINTS"
    ID_FIELD = "ID_FIELD"
    START = "START"
    END = "END"
    OUTPUT = "OUTPUT"
    DAILY = "DAILY"
    PLOT = "PLOT"
    POINTS_WRITTEN = "POINTS_WRITTEN"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.POINTS, self.tr("Points (station, soil samples)"),
            [compat.SOURCE_VECTOR_POINT]))
        self.addParameter(QgsProcessingParameterField(
            self.ID_FIELD, self.tr("Point name field (empty = feature id)"),
            parentLayerParameterName=self.POINTS, optional=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("Hourly flux rasters (GeoTIFF or netCDF, one grid)"),
            compat.SOURCE_FILE, optional=True))
        self.add_forcing_parameters(optional=True)
        self.add_soil_parameters(advanced=True)
        self.addParameter(QgsProcessingParameterDateTime(
            self.START, self.tr("Start (UTC, included; empty = first hour)"), optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.END, self.tr("End (UTC, included; empty = last hour)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Point series (CSV, a row a point and hour)"),
            self.tr("CSV files (*.csv)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.DAILY, self.tr("Daily means (CSV)"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.PLOT, self.tr("Plot (PNG)"), self.tr("PNG files (*.png)"), optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.POINTS_WRITTEN, self.tr("Points written")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.points import run_point_series  # core needs numpy: loaded when run

        inputs = self.flux_inputs(parameters, context, feedback,
                                  self.parameter_as_utc(parameters, self.START, context),
                                  self.parameter_as_utc(parameters, self.END, context))
        points_path, points_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, self.POINTS, context, ["gpkg", "shp"], "gpkg", feedback)
        id_field = self.parameterAsString(parameters, self.ID_FIELD, context) or None
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        daily = self.parameterAsFileOutput(parameters, self.DAILY, context) or None
        plot = self.parameterAsFileOutput(parameters, self.PLOT, context) or None
        series = run_point_series(inputs, points_path, output, daily=daily, plot=plot,
                                  points_layer=points_layer or None, id_field=id_field,
                                  progress=progress)
        feedback.pushInfo(self.tr("{} points, {} hours written to {}").format(
            len(series.points.ids), series.times.size, output))
        outputs = {self.OUTPUT: output, self.POINTS_WRITTEN: len(series.points.ids)}
        if daily:
            outputs[self.DAILY] = daily
        if plot:
            outputs[self.PLOT] = plot
        return outputs
