"""Import ERA5: ERA5 downloads (netCDF, GRIB, CDS zip) -> one SandFlux forcing file (netCDF)."""
from qgis.core import (QgsProcessingContext,
                       QgsProcessingOutputNumber, QgsProcessingParameterDateTime,
                       QgsProcessingParameterExtent, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterString,
                       QgsRasterLayer)

from ..provider import compat
from ..provider.i18n import QT_TRANSLATE_NOOP
from .base import SandFluxAlgorithm

HELP = """Reads ERA5 soil temperature, layer 1 (stl1) and volumetric soil water, layer 1 (swvl1) \
from files downloaded from the Copernicus Climate Data Store and writes one SandFlux forcing \
file: CF-1.8 netCDF4, hourly, stl1 in K and swvl1 in m3 m-3 (float32), latitude north first, \
longitude -180..180, EPSG:4326. The other SandFlux tools read this file. When the tool runs in \
QGIS, stl1 and swvl1 are added to the map (one band an hour).

<b>ERA5 files</b> (INPUT): one or more netCDF (.nc; the old CDS netCDF3 and the new netCDF4), \
GRIB (.grib/.grb/.grib2, read with ecCodes) or the .zip the CDS delivers. Several files (e.g. \
one a month) are joined in time order; a time step found twice is kept once (from the file \
listed first) with a warning. The legacy 'expver' dimension (1 = ERA5, 5 = ERA5T) is merged to \
one value a step, ERA5 first. Input files are never modified.
<b>Extent</b> (EXTENT, optional): keep the ERA5 points whose cell centres fall inside it. \
Empty: the whole file.
<b>Start / End</b> (START, END, optional): first and last hour to import, UTC, both included. \
Empty: from the first / to the last hour of the files.
<b>Temperature variable / Moisture variable</b> (TEMPERATURE_VARIABLE, MOISTURE_VARIABLE, \
optional): the name (or GRIB short name / paramId) of the variables to use. Empty: found by \
name (stl1, swvl1) and GRIB parameter (139, 39).
<b>Forcing file</b> (OUTPUT): the netCDF file to write.

Units are checked: a temperature labelled K that looks like degrees Celsius, or the reverse, \
is an error (correctly labelled degrees Celsius are converted to K); moisture labelled % is \
divided by 100; moisture above 1 m3 m-3 is an error. ERA5's tiny negative soil water over the \
sea (about -2.7e-06, down to -0.01) is set to 0. ERA5 values are point values at cell centres: \
the output's grid cells are centred on them. A failed or cancelled import leaves no output \
file. SandFlux' flux convention (used by the later tools): g CO2 m-2 s-1, negative = uptake."""


class ImportEra5(SandFluxAlgorithm):
    NAME = "importera5"
    DISPLAY_NAME = "Import ERA5"
    GROUP = "data"
    HELP = HELP
    # cfgrib is imported only for GRIB input (a missing one is reported with its install line).
    REQUIRES = ("numpy", "netCDF4", "xarray")

    INPUT = "INPUT"
    EXTENT = "EXTENT"
    START = "START"
    END = "END"
    TEMPERATURE_VARIABLE = "TEMPERATURE_VARIABLE"
    MOISTURE_VARIABLE = "MOISTURE_VARIABLE"
    OUTPUT = "OUTPUT"
    HOURS = "HOURS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("ERA5 files (netCDF, GRIB or CDS zip)"), compat.SOURCE_FILE))
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, self.tr("Extent (cells whose centres fall inside; empty = whole file)"),
            optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.START, self.tr("Start (UTC, included; empty = first hour)"), optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.END, self.tr("End (UTC, included; empty = last hour)"), optional=True))
        for name, label in ((self.TEMPERATURE_VARIABLE,
                             QT_TRANSLATE_NOOP("SandFlux", "Soil temperature variable (empty = stl1 / paramId 139)")),
                            (self.MOISTURE_VARIABLE,
                             QT_TRANSLATE_NOOP("SandFlux", "Soil moisture variable (empty = swvl1 / paramId 39)"))):
            self.addParameter(compat.add_flag(
                QgsProcessingParameterString(name, self.tr(label), optional=True),
                compat.FLAG_ADVANCED))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Forcing file"), self.tr("netCDF files (*.nc)")))
        self.addOutput(QgsProcessingOutputNumber(self.HOURS, self.tr("Hours imported")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.import_era5 import import_era5
        from ..core.formats.forcing import gdal_name

        inputs = self.parameterAsFileList(parameters, self.INPUT, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not output.lower().endswith(".nc"):
            output += ".nc"
        result = import_era5(
            inputs, output,
            extent=self.extent_wgs84(parameters, self.EXTENT, context),
            start=self.parameter_as_utc(parameters, self.START, context),
            end=self.parameter_as_utc(parameters, self.END, context),
            temperature_variable=self.parameterAsString(
                parameters, self.TEMPERATURE_VARIABLE, context).strip() or None,
            moisture_variable=self.parameterAsString(
                parameters, self.MOISTURE_VARIABLE, context).strip() or None,
            progress=progress, warn=lambda message: _warn(feedback, message))
        feedback.pushInfo(self.tr("Wrote {} hours ({} to {}) on {} x {} points to {}").format(
            result.hours, result.first_time, result.last_time, result.grid.nx, result.grid.ny,
            result.path))
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
            details = QgsProcessingContext.LayerDetails(f"ERA5 {variable}", context.project(),
                                                        self.OUTPUT)
            details.forceName = True  # two layers of one file: keep their variable names
            context.addLayerToLoadOnCompletion(layer.id(), details)
            if qml:
                self.style_on_load(context, layer.id(), qml)


def _warn(feedback, message):
    if hasattr(feedback, "pushWarning"):
        feedback.pushWarning(message)
    else:
        feedback.reportError(message, False)
