"""Small shims over enums that moved between QGIS 3.22 and 3.36+ (scoped enums, Qt6).

QGIS 3.36 moved many Processing enums into scoped ``Qgis.*`` enums and later releases (and the
Qt6 builds) drop the old unscoped names. Each shim takes the scoped member when this QGIS has
it and otherwise the old name, looked up lazily so that a removed old name never breaks import.
Use these names in the algorithms, never the version-specific enums directly.
"""

from qgis.core import (
    Qgis,
    QgsColorRampShader,
    QgsLegendStyle,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QVariant


def _scoped(owner_name: str, member: str, legacy_owner, legacy_name: str):
    """``Qgis.<owner_name>.<member>`` when it exists, else ``legacy_owner.<legacy_name>``."""
    owner = getattr(Qgis, owner_name, None)
    if owner is not None and hasattr(owner, member):
        return getattr(owner, member)
    return getattr(legacy_owner, legacy_name)


# Parameter flags (QgsProcessingParameterDefinition.Flag -> Qgis.ProcessingParameterFlag, 3.36).
FLAG_ADVANCED = _scoped(
    "ProcessingParameterFlag", "Advanced", QgsProcessingParameterDefinition, "FlagAdvanced"
)
FLAG_OPTIONAL = _scoped(
    "ProcessingParameterFlag", "Optional", QgsProcessingParameterDefinition, "FlagOptional"
)
FLAG_HIDDEN = _scoped(
    "ProcessingParameterFlag", "Hidden", QgsProcessingParameterDefinition, "FlagHidden"
)

# Number parameter types.
NUMBER_DOUBLE = _scoped(
    "ProcessingNumberParameterType", "Double", QgsProcessingParameterNumber, "Double"
)
NUMBER_INTEGER = _scoped(
    "ProcessingNumberParameterType", "Integer", QgsProcessingParameterNumber, "Integer"
)

# File parameter behaviour.
FILE_BEHAVIOR_FILE = _scoped(
    "ProcessingFileParameterBehavior", "File", QgsProcessingParameterFile, "File"
)
FILE_BEHAVIOR_FOLDER = _scoped(
    "ProcessingFileParameterBehavior", "Folder", QgsProcessingParameterFile, "Folder"
)

# Field parameter data types.
FIELD_ANY = _scoped("ProcessingFieldParameterDataType", "Any", QgsProcessingParameterField, "Any")
FIELD_NUMERIC = _scoped(
    "ProcessingFieldParameterDataType", "Numeric", QgsProcessingParameterField, "Numeric"
)
FIELD_STRING = _scoped(
    "ProcessingFieldParameterDataType", "String", QgsProcessingParameterField, "String"
)
FIELD_DATETIME = _scoped(
    "ProcessingFieldParameterDataType", "DateTime", QgsProcessingParameterField, "DateTime"
)

# Date/time parameter types.
DATETIME_DATETIME = _scoped(
    "ProcessingDateTimeParameterDataType", "DateTime", QgsProcessingParameterDateTime, "DateTime"
)
DATETIME_DATE = _scoped(
    "ProcessingDateTimeParameterDataType", "Date", QgsProcessingParameterDateTime, "Date"
)

# Layer/source types (QgsProcessing.SourceType -> Qgis.ProcessingSourceType, 3.36).
SOURCE_FILE = _scoped("ProcessingSourceType", "File", QgsProcessing, "TypeFile")
SOURCE_RASTER = _scoped("ProcessingSourceType", "Raster", QgsProcessing, "TypeRaster")
SOURCE_MAP_LAYER = _scoped("ProcessingSourceType", "MapLayer", QgsProcessing, "TypeMapLayer")
SOURCE_VECTOR_ANY = _scoped(
    "ProcessingSourceType", "VectorAnyGeometry", QgsProcessing, "TypeVectorAnyGeometry"
)
SOURCE_VECTOR_POLYGON = _scoped(
    "ProcessingSourceType", "VectorPolygon", QgsProcessing, "TypeVectorPolygon"
)
SOURCE_VECTOR_POINT = _scoped(
    "ProcessingSourceType", "VectorPoint", QgsProcessing, "TypeVectorPoint"
)

# Algorithm flags (QgsProcessingAlgorithm.Flag -> Qgis.ProcessingAlgorithmFlag, 3.36).
ALGORITHM_FLAG_NO_THREADING = _scoped(
    "ProcessingAlgorithmFlag", "NoThreading", QgsProcessingAlgorithm, "FlagNoThreading"
)
ALGORITHM_FLAG_CAN_CANCEL = _scoped(
    "ProcessingAlgorithmFlag", "CanCancel", QgsProcessingAlgorithm, "FlagCanCancel"
)
ALGORITHM_FLAG_SUPPORTS_BATCH = _scoped(
    "ProcessingAlgorithmFlag", "SupportsBatch", QgsProcessingAlgorithm, "FlagSupportsBatch"
)

# Message log levels (Qgis.MessageLevel: plain Qgis.Info in 3.22, scoped later).
MESSAGE_INFO = _scoped("MessageLevel", "Info", Qgis, "Info")
MESSAGE_WARNING = _scoped("MessageLevel", "Warning", Qgis, "Warning")
MESSAGE_CRITICAL = _scoped("MessageLevel", "Critical", Qgis, "Critical")

# Attribute field types for QgsField: QVariant.Type before 3.38 (Qt5), QMetaType.Type from 3.38
# (the QVariant.Type overloads are deprecated there, and Qt6 has no QVariant.Type at all).
if Qgis.QGIS_VERSION_INT >= 33800 or not hasattr(QVariant, "Type"):
    from qgis.PyQt.QtCore import QMetaType

    VARIANT_DOUBLE = QMetaType.Type.Double
    VARIANT_INT = QMetaType.Type.Int
    VARIANT_STRING = QMetaType.Type.QString
else:  # QGIS 3.22 .. 3.36
    VARIANT_DOUBLE = QVariant.Type.Double
    VARIANT_INT = QVariant.Type.Int
    VARIANT_STRING = QVariant.Type.String

# Map rendering and layouts (scripts/render_maps.py): enums moved to Qgis.* in 3.30 .. 3.32.
SHADER_INTERPOLATED = _scoped(
    "ShaderInterpolationMethod", "Linear", QgsColorRampShader, "Interpolated"
)
LAYOUT_MILLIMETERS = _scoped("LayoutUnit", "Millimeters", QgsUnitTypes, "LayoutMillimeters")
DISTANCE_KILOMETERS = _scoped("DistanceUnit", "Kilometers", QgsUnitTypes, "DistanceKilometers")
LEGEND_TITLE = _scoped("LegendComponent", "Title", QgsLegendStyle, "Title")
LEGEND_SUBGROUP = _scoped("LegendComponent", "Subgroup", QgsLegendStyle, "Subgroup")
LEGEND_SYMBOL_LABEL = _scoped("LegendComponent", "SymbolLabel", QgsLegendStyle, "SymbolLabel")


def add_flag(parameter, flag):
    """Set ``flag`` on a parameter definition (works with old ints and new scoped flags)."""
    parameter.setFlags(parameter.flags() | flag)
    return parameter


def has_flag(flags, flag) -> bool:
    """True when ``flags`` contains ``flag`` (int flags in 3.22, QFlags of scoped enums later)."""
    return bool(flags & flag)


# -- raster layers ------------------------------------------------------------------------------


def renderer_band(renderer) -> int:
    """The band a single-band renderer shows (``inputBand()`` from 3.38, ``band()`` before)."""
    if hasattr(renderer, "inputBand"):
        return renderer.inputBand()
    return renderer.band()


def band_min_max(provider, band: int):
    """(minimum, maximum) of a whole raster band, computed by its data provider.

    QGIS 3.40 deprecates ``bandStatistics(band, int stats)``, and its bindings pick that int
    overload even for ``Qgis.RasterBandStatistic`` flags (they are ints in Python). Called with
    the band alone, every version (3.22 .. 3.44) takes the current overload and computes all
    statistics of the band, min and max among them.
    """
    stats = provider.bandStatistics(band)
    return stats.minimumValue, stats.maximumValue


def supports_range_per_band() -> bool:
    """True from QGIS 3.38: a raster's bands can each have their own temporal range."""
    from qgis.core import QgsRasterLayerTemporalProperties

    return RASTER_TEMPORAL_RANGE_PER_BAND is not None and hasattr(
        QgsRasterLayerTemporalProperties, "setFixedRangePerBand"
    )


def _raster_temporal_modes():
    from qgis.core import QgsRasterLayerTemporalProperties

    fixed = _scoped(
        "RasterTemporalMode",
        "FixedTemporalRange",
        QgsRasterLayerTemporalProperties,
        "ModeFixedTemporalRange",
    )
    per_band = getattr(getattr(Qgis, "RasterTemporalMode", None), "FixedRangePerBand", None)
    return fixed, per_band


# Raster temporal modes: one fixed range for the layer; a range per band (3.38+, else None).
RASTER_TEMPORAL_FIXED_RANGE, RASTER_TEMPORAL_RANGE_PER_BAND = _raster_temporal_modes()
