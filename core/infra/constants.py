"""Physical constants, unit factors and the seed's defaults: the one place they live."""

# Molar masses (g mol-1), as used by the published Taklimakan work.
MOLAR_MASS_CO2_G_MOL = 44.01
MOLAR_MASS_C_G_MOL = 12.011

# 1 umol CO2 m-2 s-1 = 44.01e-6 g CO2 m-2 s-1 = 4.401e-5 g CO2 m-2 s-1.
G_CO2_PER_UMOL_CO2 = MOLAR_MASS_CO2_G_MOL * 1e-6
G_CO2_PER_MG_CO2 = 1e-3
# g C = g CO2 * 12.011 / 44.01
G_C_PER_G_CO2 = MOLAR_MASS_C_G_MOL / MOLAR_MASS_CO2_G_MOL

SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24

# Celsius <-> kelvin.
ZERO_CELSIUS_K = 273.15

# WGS84 ellipsoid (EPSG:4326 / EPSG:7030).
WGS84_SEMI_MAJOR_AXIS_M = 6378137.0
WGS84_INVERSE_FLATTENING = 298.257223563

# ERA5 grid spacing (degrees): the reanalysis and ERA5-Land.
ERA5_GRID_DEG = 0.25
ERA5_LAND_GRID_DEG = 0.1

# Tazhong station, central Taklimakan (the seed's calibration site).
TAZHONG_LONGITUDE = 83.65
TAZHONG_LATITUDE = 38.97
TAZHONG_UTC_OFFSET_HOURS = 8.0  # Beijing time

# The seed's Taklimakan box: (west, south, east, north) in degrees.
TAKLIMAKAN_EXTENT = (77.67, 36.83, 88.3, 41.13)

# Output rasters: Float32 with this NoData value.
NODATA = -9999.0

# GDAL exposes at most this many bands in a GeoTIFF.
GEOTIFF_MAX_BANDS = 32768

# Sign convention of every flux SandFlux writes.
SIGN_CONVENTION = "negative = uptake by the surface (atmospheric convention), positive = release"
FLUX_UNITS = "g CO2 m-2 s-1"

# The forcing file's variables (ERA5 short names) and their units.
FORCING_TEMPERATURE = "stl1"
FORCING_MOISTURE = "swvl1"
FORCING_TEMPERATURE_UNITS = "K"
FORCING_MOISTURE_UNITS = "m3 m-3"

# Bootstrap parameter sets the annual tool runs through the flux by default (core.model.ensemble):
# the 2.5/97.5 % quantiles of 100 members move by about a third of the interval's standard error
# between two draws; the cost grows linearly with the number (bench/README.md).
DEFAULT_ENSEMBLE = 100
