"""Import ERA5: ERA5 downloads (netCDF, GRIB, CDS zip) -> one SandFlux forcing file (netCDF), or
a forcing reference (.sandflux.json) that records the checked downloads."""

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsRasterLayer,
)

from ..provider import compat
from ..provider.i18n import QT_TRANSLATE_NOOP
from .base import SandFluxAlgorithm


class ImportEra5(SandFluxAlgorithm):
    NAME = "importera5"
    DISPLAY_NAME = "Import ERA5"
    GROUP = "data"
    # cfgrib is imported only for GRIB input (a missing one is reported with its install line).
    REQUIRES = ("numpy", "netCDF4", "xarray")

    INPUT = "INPUT"
    EXTENT = "EXTENT"
    START = "START"
    END = "END"
    TEMPERATURE_VARIABLE = "TEMPERATURE_VARIABLE"
    MOISTURE_VARIABLE = "MOISTURE_VARIABLE"
    CHECK_VALUES = "CHECK_VALUES"
    OUTPUT = "OUTPUT"
    HOURS = "HOURS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.INPUT, self.tr("ERA5 files (netCDF, GRIB or CDS zip)"), compat.SOURCE_FILE
            )
        )
        self.addParameter(
            QgsProcessingParameterExtent(
                self.EXTENT,
                self.tr("Extent (cells whose centres fall inside; empty = whole file)"),
                optional=True,
            )
        )
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
        variables = (
            (
                self.TEMPERATURE_VARIABLE,
                QT_TRANSLATE_NOOP(
                    "SandFlux", "Soil temperature variable (empty = stl1 / paramId 139)"
                ),
            ),
            (
                self.MOISTURE_VARIABLE,
                QT_TRANSLATE_NOOP(
                    "SandFlux", "Soil moisture variable (empty = swvl1 / paramId 39)"
                ),
            ),
        )
        for name, label in variables:
            self.addParameter(
                compat.add_flag(
                    QgsProcessingParameterString(name, self.tr(label), optional=True),
                    compat.FLAG_ADVANCED,
                )
            )
        self.addParameter(
            compat.add_flag(
                QgsProcessingParameterBoolean(
                    self.CHECK_VALUES,
                    self.tr("Forcing reference: check every value (not only the headers)"),
                    defaultValue=True,
                ),
                compat.FLAG_ADVANCED,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("Forcing file"),
                self.tr("netCDF files (*.nc);;SandFlux forcing reference (*.sandflux.json)"),
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.HOURS, self.tr("Hours imported")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.formats.forcing import gdal_name
        from ..core.tools.import_era5 import import_era5, is_reference_path

        inputs = self.parameterAsFileList(parameters, self.INPUT, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        reference = is_reference_path(output)
        if not reference and not output.lower().endswith(".nc"):
            output += ".nc"
        result = import_era5(
            inputs,
            output,
            extent=self.extent_wgs84(parameters, self.EXTENT, context),
            start=self.parameter_as_utc(parameters, self.START, context),
            end=self.parameter_as_utc(parameters, self.END, context),
            temperature_variable=self.parameterAsString(
                parameters, self.TEMPERATURE_VARIABLE, context
            ).strip()
            or None,
            moisture_variable=self.parameterAsString(
                parameters, self.MOISTURE_VARIABLE, context
            ).strip()
            or None,
            progress=progress,
            warn=lambda message: _warn(feedback, message),
            check_every_value=self.parameterAsBoolean(parameters, self.CHECK_VALUES, context),
        )
        feedback.pushInfo(
            self.tr("Wrote {} hours ({} to {}) on {} x {} points to {}").format(
                result.hours,
                result.first_time,
                result.last_time,
                result.grid.nx,
                result.grid.ny,
                result.path,
            )
        )
        if not reference:  # a reference holds no values to show
            self._load_on_completion(context, str(result.path), gdal_name)
        return {self.OUTPUT: str(result.path), self.HOURS: result.hours}

    def _load_on_completion(self, context, path, gdal_name):
        """Load stl1 and swvl1 as map layers when the tool runs in QGIS.

        The file holds two variables, so QGIS cannot open the .nc as one raster, and Processing
        only loads layers it can find by file name or in the context's layer store: the two
        sub-datasets (NETCDF:"file":stl1 and :swvl1) are opened here and handed over through
        the temporary layer store. The GUI dialog and processing.runAndLoadResults add them to
        the project; processing.run and qgis_process leave them unused.
        """
        if context.project() is None:
            return
        for variable, qml in (("stl1", "forcing.qml"), ("swvl1", None)):
            layer = QgsRasterLayer(gdal_name(path, variable), f"ERA5 {variable}", "gdal")
            if not layer.isValid():
                continue
            context.temporaryLayerStore().addMapLayer(layer)
            details = QgsProcessingContext.LayerDetails(
                f"ERA5 {variable}", context.project(), self.OUTPUT
            )
            details.forceName = True  # two layers of one file: keep their variable names
            context.addLayerToLoadOnCompletion(layer.id(), details)
            if qml:
                self.style_on_load(context, layer.id(), qml)


def _warn(feedback, message):
    if hasattr(feedback, "pushWarning"):
        feedback.pushWarning(message)
    else:
        feedback.reportError(message, False)
