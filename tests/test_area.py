"""Cell areas on the WGS84 ellipsoid agree with an independent geodesic computation (pyproj)."""

import numpy as np
import pytest
from pyproj import Geod

from sandflux.core.infra.area import authalic_latitude_deg, box_area_m2, cell_areas_m2, zone_area_m2
from sandflux.core.infra.constants import TAKLIMAKAN_EXTENT
from sandflux.core.infra.grid import Grid

GEOD = Geod(ellps="WGS84")


def geodesic_box_area_m2(west, south, east, north, points_per_edge=2):
    """pyproj's area of the box, its parallels densified so geodesic edges follow them."""
    lons_along = np.linspace(west, east, points_per_edge)
    lons = np.concatenate([lons_along, lons_along[::-1]])
    lats = np.concatenate([np.full(points_per_edge, south), np.full(points_per_edge, north)])
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area)


def test_whole_ellipsoid_surface_is_the_wgs84_value():
    # Published WGS84 surface area: 510 065 621.724 km2 (NIMA TR8350.2).
    assert zone_area_m2(-90.0, 90.0, 360.0) / 1e6 == pytest.approx(510_065_621.724, rel=1e-9)


def test_authalic_latitude_is_zero_and_ninety_at_the_ends_and_smaller_between():
    beta = authalic_latitude_deg(np.array([0.0, 45.0, 90.0]))
    assert beta[0] == pytest.approx(0.0, abs=1e-12)
    assert beta[2] == pytest.approx(90.0, abs=1e-9)
    # Authalic minus geodetic latitude at 45 deg is about -0.128 deg for WGS84.
    assert beta[1] - 45.0 == pytest.approx(-0.1283, abs=2e-4)


@pytest.mark.parametrize("latitude", [0.125, 38.875, 41.125, 60.0, 89.875])
def test_a_quarter_degree_cell_matches_pyproj_geodesic_polygon_within_0_1_percent(latitude):
    south, north = latitude - 0.125, latitude + 0.125
    ours = box_area_m2(83.5, south, 83.75, north)
    theirs = geodesic_box_area_m2(83.5, south, 83.75, north)
    assert ours == pytest.approx(theirs, rel=1e-3)


def test_every_cell_of_a_taklimakan_grid_matches_pyproj_within_0_1_percent():
    grid = Grid(77.75, 41.0, 0.25, 0.25, 4, 17)
    areas = cell_areas_m2(grid)
    assert areas.shape == (17, 4)
    for row, latitude in enumerate(grid.latitudes):
        for col, longitude in enumerate(grid.longitudes):
            theirs = geodesic_box_area_m2(
                longitude - 0.125, latitude - 0.125, longitude + 0.125, latitude + 0.125
            )
            assert areas[row, col] == pytest.approx(theirs, rel=1e-3)


def test_cells_of_the_taklimakan_box_sum_to_the_ellipsoidal_area_of_the_box():
    west, south, east, north = 77.625, 36.875, 88.375, 41.125  # whole 0.25 deg cells
    grid = Grid(west + 0.125, north - 0.125, 0.25, 0.25, 43, 17)
    assert grid.bounds == pytest.approx((west, south, east, north))
    total = cell_areas_m2(grid).sum()
    assert total == pytest.approx(box_area_m2(west, south, east, north), rel=1e-12)
    # Independent: pyproj on the box with its parallels densified (geodesic edges ~ parallels).
    assert total == pytest.approx(geodesic_box_area_m2(west, south, east, north, 2001), rel=1e-5)


def test_the_ellipsoid_is_not_a_flat_degree_box_nor_a_sphere():
    west, south, east, north = TAKLIMAKAN_EXTENT
    ellipsoid = box_area_m2(west, south, east, north)
    flat_degree_box = (east - west) * (north - south) * 111_320.0**2
    assert abs(ellipsoid / flat_degree_box - 1) > 0.1  # cos(39 deg) shrinks it by ~22 %
    radius = 6_371_008.8
    sphere = (
        radius**2
        * np.radians(east - west)
        * (np.sin(np.radians(north)) - np.sin(np.radians(south)))
    )
    assert abs(ellipsoid / sphere - 1) > 1e-4


def test_a_cell_reaching_beyond_the_pole_is_clipped_at_ninety_degrees():
    grid = Grid(0.125, 90.0, 0.25, 0.25, 1, 1)  # centred on the pole: edges at 89.875..90.125
    assert cell_areas_m2(grid)[0, 0] == pytest.approx(box_area_m2(0.0, 89.875, 0.25, 90.0))
