"""True area of latitude/longitude cells on the WGS84 ellipsoid (closed form, no flat boxes).

A "box" between latitudes phi1 < phi2 and spanning dlambda radians of longitude has the area

    A = (b^2 * dlambda / 2) * (q(phi2) - q(phi1))                                  [m2]
    q(phi) = sin(phi) / (1 - e^2 sin^2(phi)) + 1/(2e) * ln((1 + e sin(phi)) / (1 - e sin(phi)))

with a the semi-major axis, f the flattening, e^2 = f(2 - f) and b^2 = a^2 (1 - e^2). This is the
ellipsoidal zone formula; written with the authalic latitude beta and the authalic radius R_q
(R_q^2 sin(beta) = b^2 q(phi) / 2) it reads A = R_q^2 * dlambda * (sin(beta2) - sin(beta1)).
It is exact for the ellipsoid (no series truncation); with phi1 = -90, phi2 = 90 and
dlambda = 2 pi it gives the ellipsoid's whole surface, 510 065 621.7 km2 for WGS84.

ERA5 cells are boxes centred on the grid points (core.infra.grid's half-cell convention); boxes
reaching beyond a pole are clipped at +-90 degrees.
"""

import numpy as np

from .constants import WGS84_INVERSE_FLATTENING, WGS84_SEMI_MAJOR_AXIS_M
from .grid import Grid

WGS84_FLATTENING = 1.0 / WGS84_INVERSE_FLATTENING
WGS84_E2 = WGS84_FLATTENING * (2.0 - WGS84_FLATTENING)
WGS84_E = np.sqrt(WGS84_E2)
WGS84_SEMI_MINOR_AXIS_M = WGS84_SEMI_MAJOR_AXIS_M * (1.0 - WGS84_FLATTENING)


def _q(latitude_deg):
    """The authalic function q(phi) of the ellipsoid (dimensionless), vectorised."""
    sin_phi = np.sin(np.radians(np.clip(np.asarray(latitude_deg, dtype="float64"), -90.0, 90.0)))
    e_sin = WGS84_E * sin_phi
    return sin_phi / (1.0 - e_sin * e_sin) + np.log((1.0 + e_sin) / (1.0 - e_sin)) / (2.0 * WGS84_E)


def authalic_latitude_deg(latitude_deg):
    """Authalic latitude beta (degrees): sin(beta) = q(phi) / q(90 deg)."""
    return np.degrees(np.arcsin(np.clip(_q(latitude_deg) / _q(90.0), -1.0, 1.0)))


def zone_area_m2(south_deg, north_deg, width_deg):
    """Area (m2) of the ellipsoid between two latitudes over ``width_deg`` of longitude.

    A = b^2 * dlambda / 2 * (q(north) - q(south)); arguments broadcast together.
    """
    width_rad = np.radians(np.asarray(width_deg, dtype="float64"))
    return WGS84_SEMI_MINOR_AXIS_M**2 * width_rad / 2.0 * np.abs(_q(north_deg) - _q(south_deg))


def box_area_m2(west_deg, south_deg, east_deg, north_deg):
    """Area (m2) of the lat/lon box (west, south, east, north) on the WGS84 ellipsoid."""
    return zone_area_m2(south_deg, north_deg, np.asarray(east_deg) - np.asarray(west_deg))


def cell_areas_m2(grid: Grid) -> np.ndarray:
    """Area (m2) of every cell of ``grid`` as a (ny, nx) float64 array (equal along a row)."""
    north_edges = grid.latitudes + grid.step_lat / 2.0
    south_edges = grid.latitudes - grid.step_lat / 2.0
    row_area = zone_area_m2(south_edges, north_edges, grid.step_lon)
    return np.repeat(row_area[:, np.newaxis], grid.nx, axis=1)
