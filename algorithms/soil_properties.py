"""Soil properties from samples: SOC/pH sample points -> SOC and pH rasters on the forcing grid."""

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ..provider import compat
from ..provider.i18n import QT_TRANSLATE_NOOP
from .base import SandFluxAlgorithm

METHODS = ("invdist", "nearest")
METHOD_LABELS = (
    QT_TRANSLATE_NOOP("SandFlux", "Inverse distance to a power"),
    QT_TRANSLATE_NOOP("SandFlux", "Nearest sample"),
)


class SoilProperties(SandFluxAlgorithm):
    NAME = "soilproperties"
    DISPLAY_NAME = "Soil properties from samples"
    GROUP = "data"
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
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Sample points (SOC, pH)"), [compat.SOURCE_VECTOR_POINT]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.SOC_FIELD,
                self.tr("SOC field (unit of the station SOC; empty = SOC)"),
                "SOC",
                self.INPUT,
                compat.FIELD_NUMERIC,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.PH_FIELD,
                self.tr("pH field (empty = pH)"),
                "pH",
                self.INPUT,
                compat.FIELD_NUMERIC,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.FORCING,
                self.tr("Forcing file (its grid is used)"),
                compat.FILE_BEHAVIOR_FILE,
                fileFilter=self.tr("netCDF files (*.nc)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.METHOD,
                self.tr("Interpolation method"),
                [self.tr(m) for m in METHOD_LABELS],
                defaultValue=0,
            )
        )
        for parameter in (
            QgsProcessingParameterNumber(
                self.POWER,
                self.tr("Inverse-distance power"),
                compat.NUMBER_DOUBLE,
                2.0,
                minValue=0.1,
            ),
            QgsProcessingParameterNumber(
                self.RADIUS,
                self.tr("Search radius (degrees, 0 = every sample)"),
                compat.NUMBER_DOUBLE,
                0.0,
                minValue=0.0,
            ),
            QgsProcessingParameterNumber(
                self.MAX_POINTS,
                self.tr("Maximum samples per cell (0 = all)"),
                compat.NUMBER_INTEGER,
                0,
                minValue=0,
            ),
        ):
            self.addParameter(compat.add_flag(parameter, compat.FLAG_ADVANCED))
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.SOC_OUTPUT, self.tr("SOC raster"))
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.PH_OUTPUT, self.tr("pH raster"))
        )
        self.addOutput(QgsProcessingOutputNumber(self.SOC_SAMPLES, self.tr("SOC samples used")))
        self.addOutput(QgsProcessingOutputNumber(self.PH_SAMPLES, self.tr("pH samples used")))

    def execute(self, parameters, context, feedback, progress):
        from ..core.tools.soil import grid_soil_properties

        points, layer_name = self.vector_path(parameters, self.INPUT, context, feedback)
        soc_output = self.parameterAsOutputLayer(parameters, self.SOC_OUTPUT, context)
        ph_output = self.parameterAsOutputLayer(parameters, self.PH_OUTPUT, context)
        result = grid_soil_properties(
            points,
            self.parameterAsFile(parameters, self.FORCING, context),
            soc_output,
            ph_output,
            soc_field=self.parameterAsString(parameters, self.SOC_FIELD, context) or "SOC",
            ph_field=self.parameterAsString(parameters, self.PH_FIELD, context) or "pH",
            layer_name=layer_name or None,
            method=METHODS[self.parameterAsEnum(parameters, self.METHOD, context)],
            power=self.parameterAsDouble(parameters, self.POWER, context),
            radius_deg=self.parameterAsDouble(parameters, self.RADIUS, context),
            max_points=self.parameterAsInt(parameters, self.MAX_POINTS, context),
            progress=progress,
        )
        for warning in result.warnings:
            feedback.reportError(warning, False)
        feedback.pushInfo(self.tr("Gridded with gdal.Grid {}").format(result.algorithm))
        return {
            self.SOC_OUTPUT: soc_output,
            self.PH_OUTPUT: ph_output,
            self.SOC_SAMPLES: result.soc_samples,
            self.PH_SAMPLES: result.ph_samples,
        }
