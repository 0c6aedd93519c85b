"""Flux at points: hourly flux (rasters, or computed on the fly from the forcing) and its
drivers at each point of a layer -> CSV (+ daily CSV, plot)."""

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
)

from ..provider import compat
from .base import SandFluxAlgorithm


class PointSeries(SandFluxAlgorithm):
    NAME = "pointseries"
    DISPLAY_NAME = "Flux at points"
    GROUP = "products"
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
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.POINTS, self.tr("Points (station, soil samples)"), [compat.SOURCE_VECTOR_POINT]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.ID_FIELD,
                self.tr("Point name field (empty = feature id)"),
                parentLayerParameterName=self.POINTS,
                optional=True,
            )
        )
        self.add_flux_input_parameters()
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.START, self.tr("Start (UTC, included; empty = first hour)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.END, self.tr("End (UTC, included; empty = last hour)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("Point series (CSV, a row a point and hour)"),
                self.tr("CSV files (*.csv)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.DAILY,
                self.tr("Daily means (CSV)"),
                self.tr("CSV files (*.csv)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.PLOT,
                self.tr("Plot (PNG)"),
                self.tr("PNG files (*.png)"),
                optional=True,
                createByDefault=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.POINTS_WRITTEN, self.tr("Points written")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.points import run_point_series  # core needs numpy: loaded when run

        inputs = self.flux_inputs(
            parameters,
            context,
            feedback,
            self.parameter_as_utc(parameters, self.START, context),
            self.parameter_as_utc(parameters, self.END, context),
        )
        points_path, points_layer = self.vector_path(parameters, self.POINTS, context, feedback)
        id_field = self.parameterAsString(parameters, self.ID_FIELD, context) or None
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        daily = self.parameterAsFileOutput(parameters, self.DAILY, context) or None
        plot = self.parameterAsFileOutput(parameters, self.PLOT, context) or None
        series = run_point_series(
            inputs,
            points_path,
            output,
            daily=daily,
            plot=plot,
            points_layer=points_layer or None,
            id_field=id_field,
            progress=progress,
        )
        feedback.pushInfo(
            self.tr("{} points, {} hours written to {}").format(
                len(series.points.ids), series.times.size, output
            )
        )
        outputs = {self.OUTPUT: output, self.POINTS_WRITTEN: len(series.points.ids)}
        if daily:
            outputs[self.DAILY] = daily
        if plot:
            outputs[self.PLOT] = plot
        return outputs
