"""The one GeoTIFF writer: every SandFlux raster (hourly flux, annual, trend, soil) is written here.

Float32, EPSG:4326 with the half-cell geotransform of core.infra.grid, NoData -9999
(constants.NODATA; NaN and infinities are written as NoData), one description and optional
metadata a band, the SANDFLUX_* dataset metadata (core.formats.metadata), and one option set:
DEFLATE with the floating-point predictor, ZLEVEL=1, band interleaved, BigTIFF when needed.
GDAL's exception mode is left as it is (core.formats.geodata.gdal_call).
"""

from pathlib import Path
from typing import Dict, Optional, Sequence

import numpy as np
from osgeo import gdal

from ..infra.constants import NODATA
from ..infra.errors import OutputError
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from .geodata import GdalFailure, gdal_call, gdal_object, quiet_gdal_close, wgs84

GEOTIFF_SUFFIXES = (".tif", ".tiff")

# ZLEVEL=1: with one small block a band, DEFLATE's time is mostly per block; level 1 writes a
# year of hourly flux ~40 % faster than the default 6 for files ~3 % larger (bench/README.md).
GEOTIFF_CREATION_OPTIONS = (
    "COMPRESS=DEFLATE",
    "PREDICTOR=3",
    "ZLEVEL=1",
    "INTERLEAVE=BAND",
    "BIGTIFF=IF_SAFER",
)


def is_geotiff_path(path) -> bool:
    """True when ``path`` ends in .tif or .tiff (any case)."""
    return Path(path).suffix.lower() in GEOTIFF_SUFFIXES


def as_written(block) -> np.ndarray:
    """Float32 with NaN and infinities replaced by the NoData value."""
    data = np.asarray(block, dtype="float32")
    return np.where(np.isfinite(data), data, np.float32(NODATA)).astype("float32", copy=False)


class GeoTiffWriter:
    """A Float32 GeoTIFF of ``len(descriptions)`` bands on ``grid``, written block by block.

    ``write(first_band, block)`` writes bands first_band .. first_band + len(block) - 1 (0-based);
    ``close()`` flushes and closes. Write to a temporary name (core.infra.outputs.atomic_output)
    and pass that name here.
    """

    def __init__(
        self,
        path,
        grid: Grid,
        descriptions: Sequence[str],
        metadata: Dict[str, str],
        band_metadata: Optional[Sequence[Dict[str, str]]] = None,
        what: str = "GeoTIFF",
    ):
        self.path = Path(path)
        self.grid = grid
        self.bands = len(descriptions)
        driver = gdal.GetDriverByName("GTiff")
        try:
            self._dataset = gdal_object(
                driver.Create,
                str(self.path),
                grid.nx,
                grid.ny,
                self.bands,
                gdal.GDT_Float32,
                list(GEOTIFF_CREATION_OPTIONS),
            )
        except GdalFailure as error:
            raise OutputError(
                f"GDAL cannot create the {what} {self.path}: {error}. "
                "Choose a folder you can write to."
            ) from None
        self._dataset.SetProjection(wgs84().ExportToWkt())
        self._dataset.SetGeoTransform(grid.geotransform)
        self._dataset.SetMetadata(dict(metadata))
        for index, description in enumerate(descriptions):
            band = self._dataset.GetRasterBand(index + 1)
            band.SetDescription(description)
            band.SetNoDataValue(NODATA)
            if band_metadata is not None:
                band.SetMetadata(dict(band_metadata[index]))

    def write(self, first_band: int, block) -> None:
        """Write ``block`` (bands, rows, cols), NaN = NoData, from band ``first_band`` (0-based)."""
        block = as_written(block)
        bands = list(range(first_band + 1, first_band + block.shape[0] + 1))
        # One call for the block's bands (one FlushCache a band was ~35 % slower).
        gdal_call(self._dataset.WriteArray, block, band_list=bands)
        gdal_call(self._dataset.FlushCache)

    def close(self) -> None:
        """Flush and close; a failure (e.g. a full disk) is raised as GdalFailure."""
        if self._dataset is None:
            return
        try:
            gdal_call(self._dataset.FlushCache)
        except BaseException:
            self.abandon()
            raise
        self._dataset = None

    def abandon(self) -> None:
        """Close after a failed write without a second report (the caller deletes the file).

        After a failed write GDAL's own close fails again; that report is silenced here, where
        it would otherwise be printed, or raised as an unraisable error from the destructor.
        """
        with quiet_gdal_close():
            self._dataset = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.close()
        else:
            self.abandon()
        return False


def write_geotiff(
    path,
    grid: Grid,
    bands,
    descriptions: Sequence[str],
    metadata: Dict[str, str],
    band_metadata: Optional[Sequence[Dict[str, str]]] = None,
    what: str = "raster",
) -> Path:
    """Write ``bands`` (bands, rows, cols), NaN = NoData, to the GeoTIFF ``path`` atomically."""
    path = Path(path)
    if not is_geotiff_path(path):
        raise OutputError(f"The {what} {path} must be a GeoTIFF (.tif).")
    bands = np.asarray(bands)
    with atomic_output(path, what) as temporary:
        with GeoTiffWriter(temporary, grid, descriptions, metadata, band_metadata, what) as writer:
            for index in range(bands.shape[0]):
                writer.write(index, bands[index : index + 1])
    return path
