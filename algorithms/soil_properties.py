"""Soil properties from samples: SOC/pH sample points -> SOC and pH rasters on the forcing grid."""
from qgis.core import (QgsProcessingOutputNumber,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination)

from ..provider import compat
from ..provider.i18n import QT_TRANSLATE_NOOP
from .base import SandFluxAlgorithm

HELP = """Turns field samples of soil organic carbon (SOC) and pH (a point layer) into two \
rasters on the forcing grid, for the SOC and PH inputs of Compute flux raster. Values are \
interpolated to the centre of every forcing cell with GDAL's gridding (gdal.Grid).

<b>Sample points</b> (INPUT): a point layer, any CRS (reprojected to EPSG:4326).
<b>SOC field</b> (SOC_FIELD, optional, default SOC): soil organic carbon, in the unit of the \
calibration's station SOC (e.g. g kg-1). Empty and non-positive values are skipped.
<b>pH field</b> (PH_FIELD, optional, default pH): soil pH. Empty values and values outside \
0..14 are skipped.
<b>Forcing file</b> (FORCING): the netCDF written by Import ERA5; the rasters get its grid.
<b>Method</b> (METHOD, default inverse distance): inverse distance to a power, \
z = sum(z_i / d_i^p) / sum(1 / d_i^p) (GDAL invdist, smoothing 0; a sample at a cell centre \
gives that cell its value), or nearest sample (GDAL nearest).
<b>Power</b> (POWER, advanced, default 2): p of the inverse distance.
<b>Search radius</b> (RADIUS, advanced, degrees, default 0 = every sample): with a radius, \
cells with no sample within it are NoData. Distances are measured in degrees of longitude and \
latitude.
<b>Maximum samples</b> (MAX_POINTS, advanced, default 0 = all): inverse distance uses at most \
this many samples within the radius.
<b>SOC raster</b> (SOC_OUTPUT), <b>pH raster</b> (PH_OUTPUT): Float32 GeoTIFFs, EPSG:4326, \
NoData -9999.

In the flux model the alkaline uptake is scaled by s = (SOC_station / SOC) * (pH / pH_station); \
fluxes are in g CO2 m-2 s-1, negative = uptake."""

METHODS = ("invdist", "nearest")
METHOD_LABELS = (QT_TRANSLATE_NOOP("SandFlux", "Inverse distance to a power"),
                 QT_TRANSLATE_NOOP("SandFlux", "Nearest sample"))


class SoilProperties(SandFluxAlgorithm):
    NAME = "soilproperties"
    DISPLAY_NAME = "Soil properties from samples"
    GROUP = "data"
    HELP = HELP
    REQUIRES = ("numpy", "netCDF4", "osgeo")

    INPUT = "INPUT"
    SOC_FIELD = "SOC_FIELD"
    PH_FIELD = "PH_FIELD"
    FORCING = "FORCING"
    METHOD = "METHOD"
    POWER = "POWER"
    RADIUS = "RADIUS"
    MAX_POINTS = "MAX_POINTS"
    SOC_OUTPUT = "SOC_OUTPUT"
    PH_OUTPUT = "PH_OUTPUT"
    SOC_SAMPLES = "SOC_SAMPLES"
    PH_SAMPLES = "PH_SAMPLES"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Sample points (SOC, pH)"), [compat.SOURCE_VECTOR_POINT]))
        self.addParameter(QgsProcessingParameterField(
            self.SOC_FIELD, self.tr("SOC field (unit of the station SOC; empty = SOC)"), "SOC",
            self.INPUT, compat.FIELD_NUMERIC, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PH_FIELD, self.tr("pH field (empty = pH)"), "pH", self.INPUT,
            compat.FIELD_NUMERIC, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.FORCING, self.tr("Forcing file (its grid is used)"), compat.FILE_BEHAVIOR_FILE,
            fileFilter=self.tr("netCDF files (*.nc)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Interpolation method"), [self.tr(m) for m in METHOD_LABELS],
            defaultValue=0))
        for parameter in (
                QgsProcessingParameterNumber(self.POWER, self.tr("Inverse-distance power"),
                                             compat.NUMBER_DOUBLE, 2.0, minValue=0.1),
                QgsProcessingParameterNumber(self.RADIUS, self.tr(
                    "Search radius (degrees, 0 = every sample)"), compat.NUMBER_DOUBLE, 0.0,
                    minValue=0.0),
                QgsProcessingParameterNumber(self.MAX_POINTS, self.tr(
                    "Maximum samples per cell (0 = all)"), compat.NUMBER_INTEGER, 0,
                    minValue=0)):
            self.addParameter(compat.add_flag(parameter, compat.FLAG_ADVANCED))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.SOC_OUTPUT, self.tr("SOC raster")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.PH_OUTPUT, self.tr("pH raster")))
        self.addOutput(QgsProcessingOutputNumber(self.SOC_SAMPLES, self.tr("SOC samples used")))
        self.addOutput(QgsProcessingOutputNumber(self.PH_SAMPLES, self.tr("pH samples used")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.soil import grid_soil_properties

        points, layer_name = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, self.INPUT, context, ["gpkg", "shp"], "gpkg", feedback)
        soc_output = self.parameterAsOutputLayer(parameters, self.SOC_OUTPUT, context)
        ph_output = self.parameterAsOutputLayer(parameters, self.PH_OUTPUT, context)
        result = grid_soil_properties(
            points, self.parameterAsFile(parameters, self.FORCING, context),
            soc_output, ph_output,
            soc_field=self.parameterAsString(parameters, self.SOC_FIELD, context) or "SOC",
            ph_field=self.parameterAsString(parameters, self.PH_FIELD, context) or "pH",
            layer_name=layer_name or None,
            method=METHODS[self.parameterAsEnum(parameters, self.METHOD, context)],
            power=self.parameterAsDouble(parameters, self.POWER, context),
            radius_deg=self.parameterAsDouble(parameters, self.RADIUS, context),
            max_points=self.parameterAsInt(parameters, self.MAX_POINTS, context),
            progress=progress)
        for warning in result.warnings:
            feedback.reportError(warning, False)
        feedback.pushInfo(self.tr("Gridded with gdal.Grid {}").format(result.algorithm))
        return {self.SOC_OUTPUT: soc_output, self.PH_OUTPUT: ph_output,
                self.SOC_SAMPLES: result.soc_samples, self.PH_SAMPLES: result.ph_samples}
