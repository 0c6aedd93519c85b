"""Batch over years: the per-year chain (flux a year -> annual sums), one row a year as the batch
dialog runs it, with distinct outputs, also two rows at once in two processes, gives the same
numbers as one run over the whole period."""

import subprocess

import numpy as np
import pytest

from helpers.geofiles import read_raster
from helpers.pipeline import (
    assert_same_rows,
    extent_text,
    make_sample,
    qgis_process_arguments,
    read_csv_rows,
)
from helpers.qgis_process import qgis_process_binary

YEARS = (2016, 2017, 2018)


@pytest.fixture(scope="module")
def prepared(sandflux_provider, tmp_path_factory):
    """Forcing for all years and one calibration, as the batch rows share them."""
    import processing

    folder = tmp_path_factory.mktemp("batch")
    sample = make_sample(folder / "sample", years=YEARS)
    forcing = processing.run(
        "sandflux:importera5",
        {
            "INPUT": [str(p) for p in sample["era5_paths"]],
            "EXTENT": extent_text(),
            "OUTPUT": str(folder / "forcing.nc"),
        },
    )["OUTPUT"]
    calibration = processing.run(
        "sandflux:calibratemodel",
        {
            "STATION": str(sample["station_path"]),
            "FORCING": forcing,
            "BOOTSTRAP_RESAMPLES": 0,
            "OUTPUT": str(folder / "calibration.json"),
            "REPORT": str(folder / "calibration.html"),
        },
    )["OUTPUT"]
    return folder, sample, forcing, calibration


def flux_row(forcing, calibration, mask, year, output):
    """One batch row of Compute flux raster: a calendar year to its own GeoTIFF."""
    return {
        "FORCING": forcing,
        "CALIBRATION": calibration,
        "MASK": mask,
        "START": f"{year}-01-01T00:00:00",
        "END": f"{year}-12-31T23:00:00",
        "OUTPUT": str(output),
    }


@pytest.fixture(scope="module")
def single_run(prepared):
    """The whole period in one run: netCDF flux (any length), annual sums over all years."""
    import processing

    folder, sample, forcing, calibration = prepared
    mask = str(sample["shifting_sand_path"])
    flux = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": forcing,
            "CALIBRATION": calibration,
            "MASK": mask,
            "OUTPUT": str(folder / "flux_all.nc"),
        },
    )["OUTPUT"]
    annual = processing.run(
        "sandflux:annualsequestration",
        {
            "INPUT": [flux],
            "MASK": mask,
            "OUTPUT": str(folder / "annual_all.tif"),
            "TABLE": str(folder / "annual_all.csv"),
        },
    )
    return flux, annual


@pytest.fixture(scope="module")
def batch_rows(prepared, sandflux_provider):
    """Each year a row, run one after the other on fresh instances (as the batch dialog does)."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    folder, sample, forcing, calibration = prepared
    mask = str(sample["shifting_sand_path"])
    flux_algorithm = sandflux_provider.algorithm("computeflux")
    annual_algorithm = sandflux_provider.algorithm("annualsequestration")
    rows = {}
    for year in YEARS:
        context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
        instance = flux_algorithm.createInstance()
        instance.initAlgorithm({})
        flux, ok = instance.run(
            flux_row(forcing, calibration, mask, year, folder / f"flux_{year}.tif"),
            context,
            feedback,
        )
        assert ok, year
        instance = annual_algorithm.createInstance()
        instance.initAlgorithm({})
        annual, ok = instance.run(
            {
                "INPUT": [flux["OUTPUT"]],
                "MASK": mask,
                "OUTPUT": str(folder / f"annual_{year}.tif"),
                "TABLE": str(folder / f"annual_{year}.csv"),
            },
            context,
            feedback,
        )
        assert ok, year
        rows[year] = (flux["OUTPUT"], annual)
    return rows


def test_batch_rows_write_distinct_outputs_one_year_each(batch_rows):
    outputs = [flux for flux, _ in batch_rows.values()]
    assert len(set(outputs)) == len(YEARS)
    for year, (flux, annual) in batch_rows.items():
        values, _, _ = read_raster(flux)
        hours = 8784 if year % 4 == 0 else 8760
        assert values.shape[0] == hours
        assert [row["year"] for row in read_csv_rows(annual["TABLE"])] == [str(year)]


def test_batch_rows_equal_the_single_run_over_all_years(batch_rows, single_run):
    flux_all, annual_all = single_run
    from sandflux.core.formats.flux_raster import open_flux_raster

    with open_flux_raster(flux_all) as raster:  # north-first, NaN for NoData
        all_values = raster.read(0, raster.times.size).astype("float64")
    all_rows = {row["year"]: row for row in read_csv_rows(annual_all["TABLE"])}
    assert sorted(all_rows) == [str(year) for year in YEARS]
    start = 0
    for year, (flux, annual) in batch_rows.items():
        values, _, _ = read_raster(flux)
        hours = values.shape[0]
        np.testing.assert_allclose(values, all_values[start : start + hours], rtol=1e-6, atol=1e-12)
        assert_same_rows(read_csv_rows(annual["TABLE"]), [all_rows[str(year)]], rtol=1e-6)
        start += hours


@pytest.mark.qgis_process
def test_two_rows_at_once_in_two_processes_equal_the_sequential_rows(
    prepared, batch_rows, qgis_process_env, tmp_path
):
    folder, sample, forcing, calibration = prepared
    mask = str(sample["shifting_sand_path"])
    running = {}
    for year in YEARS[:2]:
        arguments = qgis_process_arguments(
            flux_row(forcing, calibration, mask, year, tmp_path / f"flux_{year}.tif")
        )
        running[year] = subprocess.Popen(
            [qgis_process_binary(), "run", "sandflux:computeflux", "--", *arguments],
            env=qgis_process_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for year, process in running.items():
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stdout[-2000:] + stderr[-2000:]
        together, _, _ = read_raster(tmp_path / f"flux_{year}.tif")
        alone, _, _ = read_raster(batch_rows[year][0])
        np.testing.assert_array_equal(together, alone)
