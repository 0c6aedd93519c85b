"""Each SandFlux tool, run inside QGIS, leaves GDAL's process-wide exception mode as it found it.

GDAL's ``UseExceptions`` is one switch for the whole QGIS process (and in GDAL 3.6 it is seen by
every thread): a plugin that switches it changes how every other plugin's GDAL calls fail. The
tools run here with the mode off (QGIS's default) and on (as another plugin may have set it);
the mode of gdal, ogr and osr must be the same after each tool, and the tool must still work.
"""

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from helpers.geofiles import read_raster
from helpers.pipeline import extent_text, make_sample

YEAR = 2016


def _modes():
    return gdal.GetUseExceptions(), ogr.GetUseExceptions(), osr.GetUseExceptions()


def _set_gdal_mode(on: bool) -> None:
    if on:
        gdal.UseExceptions()
    else:
        gdal.DontUseExceptions()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_sample(tmp_path_factory.mktemp("gdal-mode") / "sample", years=(YEAR,))


@pytest.fixture
def gdal_mode(request):
    """GDAL's exception mode set to ``request.param`` for the test, and restored after it."""
    saved = gdal.GetUseExceptions()
    _set_gdal_mode(request.param)
    yield request.param
    _set_gdal_mode(saved)


def _run_checked(algorithm, parameters, expected_modes):
    import processing

    result = processing.run(algorithm, parameters)
    assert _modes() == expected_modes, f"{algorithm} changed GDAL's exception mode"
    return result


@pytest.mark.parametrize("gdal_mode", [False, True], indirect=True, ids=["off", "on"])
def test_every_tool_leaves_gdal_exception_mode_unchanged(
    sandflux_provider, sample, tmp_path, gdal_mode
):
    modes = _modes()
    assert modes[0] == gdal_mode
    forcing = _run_checked(
        "sandflux:importera5",
        {
            "INPUT": [str(p) for p in sample["era5_paths"]],
            "EXTENT": extent_text(),
            "OUTPUT": str(tmp_path / "forcing.nc"),
        },
        modes,
    )["OUTPUT"]
    calibration = _run_checked(
        "sandflux:calibratemodel",
        {
            "STATION": str(sample["station_path"]),
            "FORCING": forcing,
            "BOOTSTRAP_RESAMPLES": 0,
            "OUTPUT": str(tmp_path / "calibration.json"),
            "REPORT": str(tmp_path / "calibration.html"),
        },
        modes,
    )["OUTPUT"]
    soil = _run_checked(
        "sandflux:soilproperties",
        {
            "INPUT": str(sample["soil_samples_path"]),
            "SOC_FIELD": "soc",
            "PH_FIELD": "ph",
            "FORCING": forcing,
            "SOC_OUTPUT": str(tmp_path / "soc.tif"),
            "PH_OUTPUT": str(tmp_path / "ph.tif"),
        },
        modes,
    )
    flux = _run_checked(
        "sandflux:computeflux",
        {
            "FORCING": forcing,
            "CALIBRATION": calibration,
            "MASK": str(sample["shifting_sand_path"]),
            "SOC": soil["SOC_OUTPUT"],
            "PH": soil["PH_OUTPUT"],
            "START": f"{YEAR}-06-01T00:00:00",
            "END": f"{YEAR}-06-04T23:00:00",
            "OUTPUT": str(tmp_path / "flux.tif"),
        },
        modes,
    )["OUTPUT"]
    annual = _run_checked(
        "sandflux:annualsequestration",
        {
            "INPUT": [flux],
            "MASK": str(sample["shifting_sand_path"]),
            "MIN_COVERAGE": 0.01,
            "OUTPUT": str(tmp_path / "annual.tif"),
            "TABLE": str(tmp_path / "annual.csv"),
        },
        modes,
    )
    # The tools worked in this mode: 96 hourly bands, and the year's value of a cell is the
    # mean of its hours scaled to the year (the annual tool's own rule, recomputed here).
    hourly, _, _ = read_raster(flux)
    assert hourly.shape[0] == 96
    yearly, _, _ = read_raster(annual["OUTPUT"])
    valid = np.isfinite(hourly).sum(axis=0)
    total = np.nansum(hourly, axis=0)
    expected = np.where(valid > 0, total / np.maximum(valid, 1), np.nan) * 3600.0 * 8784
    assert np.allclose(yearly[0], expected, rtol=1e-5, equal_nan=True)


@pytest.mark.parametrize("gdal_mode", [False, True], indirect=True, ids=["off", "on"])
def test_a_failing_tool_leaves_gdal_exception_mode_unchanged(
    sandflux_provider, tmp_path, gdal_mode
):
    """A raster GDAL cannot read: the tool fails with GDAL's reason, the mode is unchanged."""
    import processing
    from qgis.core import QgsProcessingException

    modes = _modes()
    broken = tmp_path / "broken.tif"
    broken.write_bytes(b"II*\x00 not really a TIFF")
    with pytest.raises(QgsProcessingException):
        processing.run(
            "sandflux:annualsequestration",
            {"INPUT": [str(broken)], "OUTPUT": str(tmp_path / "annual.tif")},
        )
    assert _modes() == modes
    assert not (tmp_path / "annual.tif").exists()
