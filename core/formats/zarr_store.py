"""The hourly flux as a Zarr store: a folder ending in .zarr that many processes write at once.

Chosen by giving the flux tool an OUTPUT ending in .zarr; written by the Dask path
(core.backends.dask_cluster), each task storing its own time chunk straight into the store, so
nothing hourly travels back to the machine that runs the tool.

Layout (Zarr v2 with consolidated metadata and xarray's ``_ARRAY_DIMENSIONS`` convention, which
is what xarray.open_zarr and GDAL's Zarr driver (GDAL >= 3.4; Debian 12 has 3.6) read):

    co2_flux    (time, latitude, longitude) float32, chunks (time chunk, full lat, full lon),
                zlib level 1, fill value -9999 (constants.NODATA; xarray decodes it to NaN),
                CF attributes (units g m-2 s-1, long_name, grid_mapping "crs") and GDAL's
                ``_CRS`` (EPSG:4326 as WKT) so QGIS places it without a side-car file
    time        float64 hours since 1970-01-01 (CF units, calendar "standard")
    latitude, longitude   float64 cell centres in degrees
    crs         the CF grid mapping (0-d), as in the netCDF flux file
    group attributes: Conventions CF-1.8 and the SANDFLUX_* keys of core.formats.flux_raster.

A chunk is written by exactly one task (chunks never straddle two tasks' hours), so writers
never touch the same object.
"""

from pathlib import Path
from typing import Dict, Sequence

import numpy as np

from ..infra.constants import FLUX_UNITS, NODATA, SIGN_CONVENTION
from ..infra.errors import OutputError
from ..infra.grid import Grid, cf_grid_mapping_attributes, geotransform_attribute
from ..infra.timeutil import CF_TIME_UNITS, hours_since_epoch
from ..infra.version import SOFTWARE_NAME, __version__
from .flux_raster import CF_FLUX_UNITS, FLUX_VARIABLE
from .geodata import wgs84

ZARR_SUFFIX = ".zarr"
ZARR_COMPRESSION_LEVEL = 1
DIMENSIONS = ("time", "latitude", "longitude")


def _zarr():
    # An optional dependency (Debian: python3-zarr): only the Zarr output needs it.
    try:
        import zarr  # optional (Debian: python3-zarr): only the Zarr output needs it
    except ImportError:
        raise OutputError(
            "Writing a .zarr flux store needs the zarr package (Debian: sudo "
            "apt-get install python3-zarr). Choose a .nc or .tif output "
            "instead."
        ) from None
    return zarr


def _major(zarr) -> int:
    return int(str(zarr.__version__).split(".")[0])


def _create_array(group, name, shape, chunks, dtype, fill_value, compressor=None):
    """An empty array of ``group`` through zarr 2's API or zarr 3's (Debian 12 / Debian 13)."""
    if hasattr(group, "create_array"):  # zarr >= 3
        return group.create_array(
            name,
            shape=shape,
            chunks=chunks,
            dtype=dtype,
            fill_value=fill_value,
            compressors=compressor,
        )
    return group.create(
        name,
        shape=shape,
        chunks=chunks or None,
        dtype=dtype,
        fill_value=fill_value,
        compressor=compressor,
    )


def create_flux_store(
    path, grid: Grid, times: Sequence, metadata: Dict[str, str], chunk_hours: int
) -> Path:
    """Create the empty store at ``path`` (a new folder): coordinates, CF metadata, chunks."""
    zarr = _zarr()
    from numcodecs import Zlib  # comes with zarr (Debian: python3-numcodecs)

    path = Path(path)
    hours = hours_since_epoch(times)
    # Zarr v2 layout whatever the library's version (Debian 12 has zarr 2, Debian 13 zarr 3):
    # what GDAL's Zarr driver and xarray read alike.
    group = (
        zarr.open_group(str(path), mode="w", zarr_format=2)
        if _major(zarr) >= 3
        else zarr.open_group(str(path), mode="w")
    )
    group.attrs.update(
        {
            "Conventions": "CF-1.8",
            "title": "Hourly net CO2 flux of shifting sand",
            "source": f"{SOFTWARE_NAME} {__version__}: calibrated flux model driven by ERA5 "
            "stl1/swvl1",
            "comment": f"co2_flux in {FLUX_UNITS}; {SIGN_CONVENTION}",
            **{str(k): str(v) for k, v in metadata.items()},
        }
    )
    coordinates = (
        (
            "time",
            hours,
            {
                "units": CF_TIME_UNITS,
                "calendar": "standard",
                "standard_name": "time",
                "long_name": "time (UTC)",
                "axis": "T",
            },
        ),
        (
            "latitude",
            grid.latitudes,
            {
                "units": "degrees_north",
                "standard_name": "latitude",
                "long_name": "latitude",
                "axis": "Y",
            },
        ),
        (
            "longitude",
            grid.longitudes,
            {
                "units": "degrees_east",
                "standard_name": "longitude",
                "long_name": "longitude",
                "axis": "X",
            },
        ),
    )
    for name, values, attributes in coordinates:
        # fill_value None: a coordinate has no missing value (0.0 would hide longitude 0).
        values = np.asarray(values, "float64")
        array = _create_array(group, name, values.shape, (max(1, values.size),), "float64", None)
        array[:] = values
        array.attrs.update({"_ARRAY_DIMENSIONS": [name], **attributes})
    crs = _create_array(group, "crs", (), (), "int32", None)
    crs[...] = np.int32(0)
    crs.attrs.update(
        {
            "_ARRAY_DIMENSIONS": [],
            **cf_grid_mapping_attributes(),
            "GeoTransform": geotransform_attribute(grid),
        }
    )
    chunk = (max(1, min(int(chunk_hours), hours.size)), grid.ny, grid.nx)
    flux = _create_array(
        group,
        FLUX_VARIABLE,
        (hours.size, grid.ny, grid.nx),
        chunk,
        "float32",
        np.float32(NODATA),
        Zlib(level=ZARR_COMPRESSION_LEVEL),
    )
    flux.attrs.update(
        {
            "_ARRAY_DIMENSIONS": list(DIMENSIONS),
            "units": CF_FLUX_UNITS,
            "long_name": f"net CO2 flux in {FLUX_UNITS} ({SIGN_CONVENTION})",
            "grid_mapping": "crs",
            "coordinates": "time latitude longitude",
            "_CRS": {"wkt": wgs84().ExportToWkt()},
        }
    )
    zarr.consolidate_metadata(str(path))
    return path


def write_flux_block(path, first_hour: int, block: np.ndarray) -> np.ndarray:
    """Store hours ``first_hour``.. of the flux (float32, NaN = NoData) in the store at ``path``.

    Runs on the Dask workers; ``first_hour`` must start a chunk. Returns the (lat, lon) cells
    that got a value at least once (what SAND_CELLS counts), the only thing sent back.
    """
    zarr = _zarr()
    data = np.asarray(block, dtype="float32")
    data = np.where(np.isfinite(data), data, np.float32(NODATA)).astype("float32", copy=False)
    array = zarr.open_array(str(Path(path) / FLUX_VARIABLE), mode="r+")
    if first_hour % array.chunks[0] != 0 or first_hour + data.shape[0] > array.shape[0]:
        raise OutputError(
            f"A block of hours {first_hour}..{first_hour + data.shape[0]} does "
            f"not start a chunk of {array.chunks[0]} hours of {path}."
        )
    array[first_hour : first_hour + data.shape[0]] = data
    return np.isfinite(np.asarray(block)).any(axis=0)
