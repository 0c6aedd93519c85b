"""The one CF-1.8 coordinates writer: time, latitude, longitude and the WGS84 ``crs`` grid
mapping, as the forcing file (core.formats.forcing) and the netCDF flux raster
(core.formats.flux_raster) both carry them, so GDAL and QGIS open either as EPSG:4326.

time: float64 "hours since 1970-01-01 00:00:00", calendar "standard", UTC; latitude descending
(north first) and longitude ascending, at cell centres; ``crs``: CF latitude_longitude with
``crs_wkt``/``spatial_ref`` and GDAL's ``GeoTransform`` (half-cell origin, core.infra.grid).
"""

from typing import Optional, Sequence

from ..infra.grid import Grid, cf_grid_mapping_attributes, geotransform_attribute
from ..infra.timeutil import CF_TIME_UNITS, hours_since_epoch

TIME_ATTRIBUTES = {
    "standard_name": "time",
    "long_name": "time (UTC)",
    "units": CF_TIME_UNITS,
    "calendar": "standard",
    "axis": "T",
}
LATITUDE_ATTRIBUTES = {
    "standard_name": "latitude",
    "long_name": "latitude",
    "units": "degrees_north",
    "axis": "Y",
}
LONGITUDE_ATTRIBUTES = {
    "standard_name": "longitude",
    "long_name": "longitude",
    "units": "degrees_east",
    "axis": "X",
}
# Hours a stored chunk of an unlimited time axis (netCDF's default chunk would be 1).
UNLIMITED_TIME_CHUNK = 1024


def define_cf_coordinates(dataset, grid: Grid, times: Optional[Sequence] = None):
    """Create the dimensions and coordinate variables of ``grid`` in a netCDF4.Dataset open for
    writing, and the ``crs`` grid mapping variable; returns the time variable.

    ``times`` (datetime64): a fixed time axis written at once; None: an unlimited time axis
    that the caller fills as it appends.
    """
    dataset.createDimension("time", None if times is None else len(times))
    dataset.createDimension("latitude", grid.ny)
    dataset.createDimension("longitude", grid.nx)
    if times is None:
        time = dataset.createVariable("time", "f8", ("time",), chunksizes=(UNLIMITED_TIME_CHUNK,))
    else:
        time = dataset.createVariable("time", "f8", ("time",))
    time.setncatts(TIME_ATTRIBUTES)
    if times is not None:
        time[:] = hours_since_epoch(times)
    latitude = dataset.createVariable("latitude", "f8", ("latitude",))
    latitude.setncatts(LATITUDE_ATTRIBUTES)
    latitude[:] = grid.latitudes
    longitude = dataset.createVariable("longitude", "f8", ("longitude",))
    longitude.setncatts(LONGITUDE_ATTRIBUTES)
    longitude[:] = grid.longitudes
    crs = dataset.createVariable("crs", "i4", ())
    crs.setncatts(cf_grid_mapping_attributes())
    crs.setncattr("GeoTransform", geotransform_attribute(grid))
    return time
