"""Small shims over enums that moved between QGIS 3.22 and 3.36+ (scoped enums, Qt6)."""
from qgis.core import (Qgis, QgsProcessing, QgsProcessingAlgorithm, QgsProcessingParameterDefinition,
                       QgsProcessingParameterFile, QgsProcessingParameterNumber)


def _scoped(owner_name: str, member: str, legacy):
    owner = getattr(Qgis, owner_name, None)
    return getattr(owner, member) if owner is not None and hasattr(owner, member) else legacy


FLAG_ADVANCED = _scoped("ProcessingParameterFlag", "Advanced",
                        QgsProcessingParameterDefinition.FlagAdvanced)
FLAG_OPTIONAL = _scoped("ProcessingParameterFlag", "Optional",
                        QgsProcessingParameterDefinition.FlagOptional)
NUMBER_DOUBLE = _scoped("ProcessingNumberParameterType", "Double", QgsProcessingParameterNumber.Double)
NUMBER_INTEGER = _scoped("ProcessingNumberParameterType", "Integer",
                         QgsProcessingParameterNumber.Integer)
FILE_BEHAVIOR_FILE = _scoped("ProcessingFileParameterBehavior", "File", QgsProcessingParameterFile.File)
SOURCE_FILE = _scoped("ProcessingSourceType", "File", QgsProcessing.TypeFile)
SOURCE_RASTER = _scoped("ProcessingSourceType", "Raster", QgsProcessing.TypeRaster)
SOURCE_VECTOR_POLYGON = _scoped("ProcessingSourceType", "VectorPolygon",
                                QgsProcessing.TypeVectorPolygon)
SOURCE_VECTOR_POINT = _scoped("ProcessingSourceType", "VectorPoint", QgsProcessing.TypeVectorPoint)
ALGORITHM_FLAG_NO_THREADING = _scoped("ProcessingAlgorithmFlag", "NoThreading",
                                      QgsProcessingAlgorithm.FlagNoThreading)


def add_flag(parameter, flag):
    """Set ``flag`` on a parameter definition (works with old ints and new scoped flags)."""
    parameter.setFlags(parameter.flags() | flag)
    return parameter
