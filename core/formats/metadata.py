"""The SANDFLUX_* metadata keys every SandFlux raster carries (GeoTIFF metadata items, netCDF
global attributes), in one place: writers and readers use these names, never string literals.
"""

from ..infra.version import SOFTWARE_NAME, __version__

PREFIX = "SANDFLUX_"

# Every output
UNITS = "SANDFLUX_UNITS"
VERSION = "SANDFLUX_VERSION"

# Hourly flux rasters (core.formats.flux_raster), carried on into the annual and trend rasters
SIGN_CONVENTION = "SANDFLUX_SIGN_CONVENTION"
MODEL = "SANDFLUX_MODEL"
CALIBRATION_HASH = "SANDFLUX_CALIBRATION_HASH"
TIME_START = "SANDFLUX_TIME_START"
TIME_END = "SANDFLUX_TIME_END"
TOTAL_RATIO_CI95 = "SANDFLUX_TOTAL_RATIO_CI95"
# The loudest result warning (e.g. an implausible annual value), carried with the numbers.
WARNING = "SANDFLUX_WARNING"
# The ensemble uncertainty raster (core.model.ensemble).
ENSEMBLE_MEMBERS = "SANDFLUX_ENSEMBLE_MEMBERS"
INTERVAL_METHOD = "SANDFLUX_INTERVAL_METHOD"
# The driver slope raster (core.model.drivers).
DRIVER = "SANDFLUX_DRIVER"
YEARS = "SANDFLUX_YEARS"

# Annual and trend rasters (core.model.annual)
MIN_COVERAGE = "SANDFLUX_MIN_COVERAGE"
INPUTS = "SANDFLUX_INPUTS"
TREND_YEARS = "SANDFLUX_TREND_YEARS"
TREND_MIN_YEARS = "SANDFLUX_TREND_MIN_YEARS"

# Soil property rasters (core.inputs.soil)
QUANTITY = "SANDFLUX_QUANTITY"
GRIDDING = "SANDFLUX_GRIDDING"
SAMPLES = "SANDFLUX_SAMPLES"


def software_version() -> str:
    """The SANDFLUX_VERSION value: 'SandFlux <version>'."""
    return f"{SOFTWARE_NAME} {__version__}"


def sandflux_items(metadata) -> dict:
    """The SANDFLUX_* items of a file's metadata (GDAL metadata dict or netCDF attributes)."""
    return {str(k): str(v) for k, v in (metadata or {}).items() if str(k).startswith(PREFIX)}
