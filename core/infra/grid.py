"""The regular latitude/longitude grid of ERA5 point values, and its geo-referencing.

ERA5 values are point values at cell centres. SandFlux keeps latitude north-first (descending)
and longitude ascending in [-180, 180). The GDAL geotransform is the first point minus half a
cell: a first point at 77.5 E, 41.25 N at 0.25 deg gives origin (77.375, 41.375).
"""

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

from .constants import WGS84_INVERSE_FLATTENING, WGS84_SEMI_MAJOR_AXIS_M
from .errors import GridError

WGS84_WKT = (
    'GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,'
    '298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",'
    '0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],'
    'ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],'
    'ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]'
)

# Two coordinates closer than this fraction of a cell are the same point.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Grid:
    """A regular grid: centre of the first (north-west) point, spacing (degrees), size."""

    west_centre: float
    north_centre: float
    step_lon: float
    step_lat: float
    nx: int
    ny: int

    @classmethod
    def from_coordinates(
        cls, longitudes: Sequence[float], latitudes: Sequence[float], source: str = "the file"
    ) -> "Grid":
        """The grid of ascending longitudes and descending latitudes; error if not regular."""
        lon = np.asarray(longitudes, dtype="float64")
        lat = np.asarray(latitudes, dtype="float64")
        step_lon = _regular_step(lon, "longitude", source)
        step_lat = _regular_step(lat, "latitude", source)
        if step_lon < 0 or step_lat > 0:
            raise GridError(
                f"{source}: expected ascending longitude and descending latitude; "
                "reorder the coordinates first."
            )
        return cls(
            float(lon[0]),
            float(lat[0]),
            abs(step_lon) or abs(step_lat) or 0.25,
            abs(step_lat) or abs(step_lon) or 0.25,
            lon.size,
            lat.size,
        )

    @classmethod
    def from_geotransform(cls, geotransform: Sequence[float], nx: int, ny: int) -> "Grid":
        """The grid of a north-up GDAL raster."""
        x0, dx, rx, y0, ry, dy = geotransform
        if rx or ry or dx <= 0 or dy >= 0:
            raise GridError("Only north-up, unrotated rasters are supported.")
        return cls(x0 + dx / 2, y0 + dy / 2, dx, -dy, nx, ny)

    @property
    def longitudes(self) -> np.ndarray:
        """Longitudes of the point (cell-centre) columns, ascending."""
        return self.west_centre + self.step_lon * np.arange(self.nx)

    @property
    def latitudes(self) -> np.ndarray:
        """Latitudes of the point (cell-centre) rows, descending."""
        return self.north_centre - self.step_lat * np.arange(self.ny)

    @property
    def geotransform(self) -> Tuple[float, float, float, float, float, float]:
        """GDAL geotransform: the first point minus half a cell, north-up."""
        return (
            self.west_centre - self.step_lon / 2,
            self.step_lon,
            0.0,
            self.north_centre + self.step_lat / 2,
            0.0,
            -self.step_lat,
        )

    @property
    def bounds(self) -> Tuple[float, float, float, float]:
        """(west, south, east, north) of the cell edges."""
        west, _, _, north, _, _ = self.geotransform
        return (west, north - self.step_lat * self.ny, west + self.step_lon * self.nx, north)

    @property
    def shape(self) -> Tuple[int, int]:
        return (self.ny, self.nx)

    def same_as(self, other: "Grid") -> bool:
        """True when both grids have the same points (to a millionth of a cell)."""
        tol = _TOLERANCE * max(self.step_lon, self.step_lat)
        return (
            self.shape == other.shape
            and abs(self.west_centre - other.west_centre) < tol
            and abs(self.north_centre - other.north_centre) < tol
            and abs(self.step_lon - other.step_lon) < tol
            and abs(self.step_lat - other.step_lat) < tol
        )

    def window(self, extent: Sequence[float], source: str = "the grid") -> Tuple[slice, slice]:
        """(row slice, column slice) of the points whose centres fall inside extent.

        ``extent`` is (west, south, east, north) in degrees; the bounds are inclusive.
        """
        west, south, east, north = (float(v) for v in extent)
        tol = _TOLERANCE * max(self.step_lon, self.step_lat)
        cols = np.flatnonzero((self.longitudes >= west - tol) & (self.longitudes <= east + tol))
        rows = np.flatnonzero((self.latitudes >= south - tol) & (self.latitudes <= north + tol))
        if cols.size == 0 or rows.size == 0:
            w, s, e, n = self.bounds
            raise GridError(
                f"The extent ({west}, {south}, {east}, {north}) holds no grid point of {source} "
                f"(which covers {w:g}..{e:g} E, {s:g}..{n:g} N). Choose an extent that overlaps "
                "it."
            )
        return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)

    def subgrid(self, rows: slice, cols: slice) -> "Grid":
        """The grid of a window."""
        return Grid(
            float(self.longitudes[cols.start]),
            float(self.latitudes[rows.start]),
            self.step_lon,
            self.step_lat,
            cols.stop - cols.start,
            rows.stop - rows.start,
        )

    def index_of(
        self, longitude: float, latitude: float, source: str = "the grid"
    ) -> Tuple[int, int]:
        """(row, column) of the cell holding the point; error when it is outside."""
        col = int(np.floor((longitude - (self.west_centre - self.step_lon / 2)) / self.step_lon))
        row = int(np.floor(((self.north_centre + self.step_lat / 2) - latitude) / self.step_lat))
        if not (0 <= col < self.nx and 0 <= row < self.ny):
            w, s, e, n = self.bounds
            raise GridError(
                f"The point ({longitude} E, {latitude} N) is outside {source} "
                f"({w:g}..{e:g} E, {s:g}..{n:g} N)."
            )
        return row, col


def _regular_step(values: np.ndarray, name: str, source: str) -> float:
    if values.ndim != 1 or values.size == 0:
        raise GridError(f"{source}: the {name} coordinate must be one-dimensional and not empty.")
    if values.size == 1:
        return 0.0
    steps = np.diff(values)
    step = float(np.median(steps))
    if not np.allclose(steps, step, rtol=0, atol=1e-4 * abs(step)):
        raise GridError(
            f"{source}: the {name} coordinate is not regularly spaced "
            f"(steps from {steps.min():g} to {steps.max():g} degrees). SandFlux needs "
            "a regular latitude/longitude grid such as ERA5's."
        )
    return step


def cf_grid_mapping_attributes() -> dict:
    """CF-1.8 attributes of the WGS84 latitude_longitude grid mapping variable ('crs')."""
    return {
        "grid_mapping_name": "latitude_longitude",
        "semi_major_axis": WGS84_SEMI_MAJOR_AXIS_M,
        "inverse_flattening": WGS84_INVERSE_FLATTENING,
        "longitude_of_prime_meridian": 0.0,
        "crs_wkt": WGS84_WKT,
        "spatial_ref": WGS84_WKT,
        "epsg_code": "EPSG:4326",
    }


def geotransform_attribute(grid: Grid) -> str:
    """The GDAL 'GeoTransform' attribute string for a netCDF grid mapping variable."""
    return " ".join(repr(float(v)) for v in grid.geotransform)


def wrap_longitudes(longitudes: np.ndarray) -> np.ndarray:
    """Longitudes mapped from 0..360 to -180..180 (values already in range are unchanged)."""
    lon = np.asarray(longitudes, dtype="float64")
    return ((lon + 180.0) % 360.0) - 180.0


def format_extent(extent: Optional[Sequence[float]]) -> str:
    if extent is None:
        return "the whole grid"
    west, south, east, north = extent
    return f"{west:g}..{east:g} E, {south:g}..{north:g} N"
