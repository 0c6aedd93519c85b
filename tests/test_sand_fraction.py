"""Sand fraction weights of regional totals (core.model.sand_fraction): exact polygon overlap on
the ellipsoid and the land-cover share, checked with pyproj.Geod and by counting pixels."""

import numpy as np
import pytest
from pyproj import Geod

from helpers.geofiles import box, write_polygons, write_raster
from helpers.synthetic import GRID, hourly, make_calibration, make_forcing
from sandflux.core.infra.errors import InputFileError, VariableError
from sandflux.core.model.flux import FluxRecipe
from sandflux.core.model.sand_fraction import landcover_sand_fraction, polygon_sand_fraction
from sandflux.core.tools.annual import run_annual_sequestration

GEOD = Geod(ellps="WGS84")


def geod_box_area_m2(west, south, east, north, step=0.001):
    """Area of a lon/lat box with edges along meridians and parallels (densified), pyproj."""
    lons = np.concatenate(
        [
            np.arange(west, east, step),
            np.full(50, east),
            np.arange(east, west, -step),
            np.full(50, west),
        ]
    )
    lats = np.concatenate(
        [
            np.full(np.arange(west, east, step).size, south),
            np.linspace(south, north, 50),
            np.full(np.arange(east, west, -step).size, north),
            np.linspace(north, south, 50),
        ]
    )
    return abs(GEOD.polygon_area_perimeter(lons, lats)[0])


# Cell (row 1, col 1) of GRID: 77.625..77.875 E, 40.875..41.125 N.
W, S, E, N = 77.625, 40.875, 77.875, 41.125


def test_a_polygon_covering_half_a_cell_counts_half_its_ellipsoidal_area(tmp_path):
    west_half = write_polygons(tmp_path / "west.gpkg", [box(W, S, (W + E) / 2, N)])
    fraction = polygon_sand_fraction(west_half, GRID)
    expected = np.zeros(GRID.shape)
    expected[1, 1] = 0.5
    np.testing.assert_allclose(fraction, expected, atol=1e-9)
    # The northern half of the cell is a little smaller than the southern on the ellipsoid.
    north_half = write_polygons(tmp_path / "north.gpkg", [box(W, (S + N) / 2, E, N)])
    share = geod_box_area_m2(W, (S + N) / 2, E, N) / geod_box_area_m2(W, S, E, N)
    assert share < 0.5
    assert polygon_sand_fraction(north_half, GRID)[1, 1] == pytest.approx(share, rel=1e-7)


def test_regional_totals_weight_the_cell_by_its_sand_fraction(tmp_path):
    times = hourly("2018-01-01T00:00", 8760)
    make_forcing(tmp_path / "forcing.nc", times, chunk=1000)
    make_calibration(tmp_path / "cal.json")
    recipe = FluxRecipe(str(tmp_path / "forcing.nc"), str(tmp_path / "cal.json"))
    mask = write_polygons(tmp_path / "west.gpkg", [box(W, S, (W + E) / 2, N)])
    result = run_annual_sequestration(
        recipe,
        tmp_path / "a.tif",
        table=tmp_path / "a.csv",
        mask_path=mask,
        sand_fraction=True,
        workers=1,
    )
    cell_m2 = geod_box_area_m2(W, S, E, N)
    row = result.rows[0]
    assert row["cells_valid"] == 1
    assert row["area_km2"] == pytest.approx(0.5 * cell_m2 / 1e6, rel=1e-6)
    assert row["cell_area_km2"] == pytest.approx(cell_m2 / 1e6, rel=1e-6)
    annual = result.annual_g_co2_m2[0, 1, 1]
    assert row["total_net_flux_t_co2"] == pytest.approx(annual * 0.5 * cell_m2 / 1e6, rel=1e-6)
    with pytest.raises(VariableError, match="MASK"):
        run_annual_sequestration(recipe, tmp_path / "c.tif", sand_fraction=True, workers=1)


def test_land_cover_share_counts_the_sand_pixels_of_each_cell(tmp_path):
    # 0.05 deg pixels: 5 x 5 per cell over the whole GRID (77.375..78.375 E, 40.625..41.375 N).
    rng = np.random.default_rng(2)
    classes = rng.choice([10, 60, 61, 80], size=(15, 20)).astype("float32")
    classes[0, 0] = 255  # NoData: left out
    path = tmp_path / "landcover.tif"
    write_raster(path, classes, (77.375, 0.05, 0, 41.375, 0, -0.05), nodata=255)
    fraction = landcover_sand_fraction(path, GRID, (60, 61))
    for row in range(GRID.ny):
        for col in range(GRID.nx):
            pixels = classes[row * 5 : (row + 1) * 5, col * 5 : (col + 1) * 5]
            known = pixels[pixels != 255]
            assert fraction[row, col] == pytest.approx(np.isin(known, (60, 61)).mean(), rel=1e-9)
    with pytest.raises(InputFileError, match="LANDCOVER_CLASSES"):
        landcover_sand_fraction(path, GRID, (200,))
