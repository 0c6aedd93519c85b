"""sandflux:soilproperties through the real qgis_process binary."""

import pytest
from osgeo import gdal

from helpers.geofiles import write_points
from helpers.qgis_process import run_qgis_process
from helpers.synthetic import GRID, hourly, make_forcing


@pytest.mark.qgis_process
def test_qgis_process_runs_soilproperties_with_inverse_distance(qgis_process_env, tmp_path):
    forcing = make_forcing(tmp_path / "forcing.nc", hourly("2016-06-01", 2))[0]
    # Two samples at cell centres (row 0, col 0) and (row 2, col 3).
    write_points(
        tmp_path / "samples.gpkg",
        [(77.5, 41.25, {"SOC": 1.0, "pH": 8.0}), (78.25, 40.75, {"SOC": 3.0, "pH": 9.0})],
    )
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:soilproperties",
        "--",
        f"INPUT={tmp_path / 'samples.gpkg'}",
        f"FORCING={forcing}",
        "METHOD=0",
        "POWER=2",
        f"SOC_OUTPUT={tmp_path / 'soc.tif'}",
        f"PH_OUTPUT={tmp_path / 'ph.tif'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ph = gdal.Open(str(tmp_path / "ph.tif")).ReadAsArray()
    assert ph.shape == GRID.shape
    assert ph[0, 0] == 8.0 and ph[2, 3] == 9.0
    # Cell (row 1, col 1) at (77.75, 41.0): squared distances 0.125 and 0.3125 degrees^2.
    expected = (8.0 / 0.125 + 9.0 / 0.3125) / (1 / 0.125 + 1 / 0.3125)
    assert ph[1, 1] == pytest.approx(expected, rel=1e-5)
