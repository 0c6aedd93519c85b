"""core.inputs.soil: sample points -> SOC and pH rasters on the forcing grid (gdal.Grid)."""

import numpy as np
import pytest
from osgeo import gdal

from helpers.geofiles import write_points
from helpers.synthetic import GRID, hourly, make_forcing
from sandflux.core.infra.constants import NODATA
from sandflux.core.infra.errors import VariableError
from sandflux.core.tools.soil import grid_soil_properties


@pytest.fixture()
def forcing(tmp_path):
    return make_forcing(tmp_path / "forcing.nc", hourly("2016-06-01", 3))[0]


def _read(path):
    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    array = band.ReadAsArray().astype("float64")
    return ds, band, array


def test_nearest_gives_every_cell_the_value_of_its_closest_sample(tmp_path, forcing):
    # Samples at three cell centres: (row 0, col 0), (row 1, col 3), (row 2, col 1).
    samples = [
        (77.5, 41.25, {"SOC": 1.0, "pH": 8.0}),
        (78.25, 41.0, {"SOC": 3.0, "pH": 9.0}),
        (77.75, 40.75, {"SOC": 2.0, "pH": 10.0}),
    ]
    write_points(tmp_path / "s.gpkg", samples)
    result = grid_soil_properties(
        tmp_path / "s.gpkg", forcing, tmp_path / "soc.tif", tmp_path / "ph.tif", method="nearest"
    )
    assert result.soc_samples == 3
    points = np.array([(s[0], s[1]) for s in samples])
    for name, key in (("soc.tif", "SOC"), ("ph.tif", "pH")):
        ds, band, array = _read(tmp_path / name)
        assert ds.GetGeoTransform() == pytest.approx(GRID.geotransform)
        assert band.GetNoDataValue() == NODATA
        for row in range(GRID.ny):
            for col in range(GRID.nx):
                lon, lat = GRID.longitudes[col], GRID.latitudes[row]
                nearest = int(np.argmin(np.hypot(points[:, 0] - lon, points[:, 1] - lat)))
                assert array[row, col] == samples[nearest][2][key], (name, row, col)


def test_inverse_distance_matches_the_formula_by_hand(tmp_path, forcing):
    samples = [
        (77.6, 41.2, {"SOC": 1.0, "pH": 8.0}),
        (78.1, 40.9, {"SOC": 4.0, "pH": 9.5}),
        (77.9, 40.7, {"SOC": 2.5, "pH": 8.8}),
    ]
    write_points(tmp_path / "s.gpkg", samples)
    grid_soil_properties(
        tmp_path / "s.gpkg", forcing, tmp_path / "soc.tif", None, method="invdist", power=2.0
    )
    _, _, soc = _read(tmp_path / "soc.tif")
    points = np.array([(s[0], s[1]) for s in samples])
    values = np.array([s[2]["SOC"] for s in samples])
    for row in range(GRID.ny):
        for col in range(GRID.nx):
            d2 = (points[:, 0] - GRID.longitudes[col]) ** 2 + (
                points[:, 1] - GRID.latitudes[row]
            ) ** 2
            expected = np.sum(values / d2) / np.sum(1.0 / d2)
            assert soc[row, col] == pytest.approx(expected, rel=1e-5), (row, col)
    assert not (tmp_path / "ph.tif").exists()


def test_points_in_another_crs_are_reprojected(tmp_path, forcing):
    samples = [(77.5, 41.25, {"SOC": 1.0, "pH": 8.0}), (78.25, 40.75, {"SOC": 3.0, "pH": 9.0})]
    write_points(tmp_path / "s.gpkg", samples, epsg=3857)
    grid_soil_properties(tmp_path / "s.gpkg", forcing, tmp_path / "soc.tif", method="nearest")
    _, _, soc = _read(tmp_path / "soc.tif")
    assert soc[0, 0] == 1.0 and soc[2, 3] == 3.0


def test_empty_and_implausible_values_are_skipped_and_counted(tmp_path, forcing):
    samples = [
        (77.5, 41.25, {"SOC": 1.0, "pH": 8.0}),
        (78.25, 40.75, {"SOC": None, "pH": 99.0}),
        (78.0, 41.0, {"SOC": -2.0, "pH": 9.0}),
    ]
    write_points(tmp_path / "s.gpkg", samples)
    result = grid_soil_properties(
        tmp_path / "s.gpkg", forcing, tmp_path / "soc.tif", tmp_path / "ph.tif", method="nearest"
    )
    assert (result.soc_samples, result.ph_samples) == (1, 2)
    assert any("2 sample(s)" in w and "SOC" in w for w in result.warnings)
    _, _, soc = _read(tmp_path / "soc.tif")
    assert (soc == 1.0).all()


def test_missing_field_is_a_clear_error_naming_the_fields(tmp_path, forcing):
    write_points(tmp_path / "s.gpkg", [(77.5, 41.25, {"SOC": 1.0, "pH": 8.0})])
    with pytest.raises(VariableError, match=r"no field 'ORGC'.*SOC, pH"):
        grid_soil_properties(tmp_path / "s.gpkg", forcing, tmp_path / "soc.tif", soc_field="ORGC")
    assert not (tmp_path / "soc.tif").exists()


def test_soil_rasters_feed_the_flux_tool(tmp_path, forcing):
    from helpers.synthetic import DESERT_PARAMETERS, make_calibration
    from sandflux.core.formats.flux_raster import open_flux_raster
    from sandflux.core.model.flux import compute_flux

    write_points(tmp_path / "s.gpkg", [(77.5, 41.25, {"SOC": 4.0, "pH": 9.0})])
    grid_soil_properties(
        tmp_path / "s.gpkg", forcing, tmp_path / "soc.tif", tmp_path / "ph.tif", method="nearest"
    )
    parameters = dict(DESERT_PARAMETERS, k_pump=0.0, r_ref=0.0, k_pulse=0.0, gamma=0.0)
    make_calibration(tmp_path / "cal.json", parameters=parameters, station={"soc": 2.0, "ph": 8.0})
    compute_flux(
        forcing,
        tmp_path / "cal.json",
        tmp_path / "f.tif",
        soc=str(tmp_path / "soc.tif"),
        ph=str(tmp_path / "ph.tif"),
    )
    with open_flux_raster(tmp_path / "f.tif") as raster:
        # s = (2 / 4) * (9 / 8) = 0.5625 everywhere.
        np.testing.assert_allclose(raster.read(), -3e-6 * 0.5625, rtol=1e-6)
