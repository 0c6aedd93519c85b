"""The flux and annual tools read the ERA5 downloads themselves (core.inputs.era5.Era5Source),
and the flux tool sums the annual values from its own blocks in the same pass."""

import numpy as np
import pytest
from osgeo import gdal

from helpers import cds
from helpers.synthetic import DESERT_PARAMETERS, make_calibration
from sandflux.core.formats.flux_raster import open_flux_raster
from sandflux.core.formats.forcing import Forcing, open_forcing
from sandflux.core.infra.errors import InputFileError, OutputError, VariableError
from sandflux.core.inputs.era5 import Era5Source
from sandflux.core.model.flux import FluxRecipe, compute_flux
from sandflux.core.tools.annual import run_annual_sequestration
from sandflux.core.tools.flux import AnnualOutputs, run_flux
from sandflux.core.tools.import_era5 import import_era5
from sandflux.core.tools.sources import open_forcing_source

gdal.UseExceptions()

# Longitudes as the CDS writes a box across 0 deg in 0..360: 359.5 .. 0.5 E.
LON = cds.DOWNLOAD_LON
LAT = cds.DOWNLOAD_LAT
HOURS = 24 + 48  # a day of 2015, two days of 2016


@pytest.fixture()
def downloads(tmp_path):
    """Day 1 as a legacy packed netCDF3 (int16, hours since 1900), days 2-3 (plus the last hour
    of day 1 again) as a new-layout netCDF4: joined, the repeated hour kept from the first."""
    files = cds.write_two_layout_downloads(tmp_path)
    make_calibration(tmp_path / "cal.json")
    return files, tmp_path / "cal.json"


def test_the_downloads_read_as_a_forcing_equal_the_imported_forcing_file(downloads, tmp_path):
    files, _ = downloads
    extent = (-0.3, 40.6, 0.3, 41.1)
    result = import_era5(files, tmp_path / "forcing.nc", extent=extent)
    with Era5Source(files, extent=extent) as source, open_forcing(result.path) as forcing:
        assert source.grid.same_as(forcing.grid)
        assert source.grid.nx == 3 and source.grid.ny == 2  # 359.75, 0, 0.25 E x 41, 40.75 N
        np.testing.assert_array_equal(source.times, forcing.times)
        assert source.times.size == HOURS
        assert any("repeated time step" in w for w in source.warnings)
        for start, stop in ((0, HOURS), (5, 30), (23, 25)):
            for ours, theirs in zip(source.read(start, stop), forcing.read(start, stop)):
                assert ours.dtype == np.float32
                np.testing.assert_array_equal(ours, theirs)
        window = (slice(1, 2), slice(0, 2))
        np.testing.assert_array_equal(source.read(3, 9, window)[0], forcing.read(3, 9, window)[0])
        for ours, theirs in zip(source.point_series(0.0, 40.75), forcing.point_series(0.0, 40.75)):
            np.testing.assert_array_equal(ours, theirs)
        assert source.attributes["sandflux_inputs"] == forcing.attributes["sandflux_inputs"]
    # The planted values, independently: the new file's hour 30 at 0.25 E, 41 N (row 0, x 1).
    stl1, _ = cds.diurnal_fields(1, LAT.size, LON.size, start=30)
    with Era5Source(files) as source:
        row, col = source.grid.index_of(0.25, 41.0)
        assert source.read(30, 31)[0][0, row, col] == stl1[0, 2, 1]


def test_open_forcing_source_tells_the_forcing_file_from_the_downloads_by_content(
    downloads, tmp_path
):
    files, _ = downloads
    forcing = import_era5(files, tmp_path / "imported.data").path  # no .nc: content decides
    with open_forcing_source(str(forcing)) as source:
        assert isinstance(source, Forcing)
    with open_forcing_source(files) as source:
        assert isinstance(source, Era5Source)
    with pytest.raises(InputFileError, match="forcing file and cannot be joined"):
        open_forcing_source([str(forcing), files[0]])
    with pytest.raises(InputFileError, match="EXTENT applies to the ERA5 downloads only"):
        open_forcing_source(str(forcing), extent=(0, 40, 1, 41))


def _desert_by_hand(stl1, swvl1):
    """F (g CO2 m-2 s-1) of every hour of one cell, backward difference, forward at hour 0."""
    p = DESERT_PARAMETERS
    ts, theta = stl1.astype("float64"), swvl1.astype("float64")
    dts = np.empty_like(ts)
    dts[1:] = np.diff(ts)
    dts[0] = dts[1]
    return (
        p["k_pump"] * dts
        + p["r_ref"] * p["q10"] ** ((ts - 288.15) / 10.0)
        + p["k_pulse"] * np.maximum(theta - p["theta_c"], 0.0)
        - p["u_ref"] * np.exp(-p["gamma"] * (ts - 288.15))
    ).astype("float32")


def test_one_pass_writes_a_geotiff_a_year_and_the_annual_sums_of_the_same_numbers(
    downloads, tmp_path
):
    files, calibration = downloads
    result = run_flux(
        files,
        calibration,
        tmp_path / "flux_{year}.tif",
        annual=AnnualOutputs(
            str(tmp_path / "annual.tif"), str(tmp_path / "annual.csv"), min_coverage=0.001
        ),
    )
    assert [p.name for p in result.paths] == ["flux_2015.tif", "flux_2016.tif"]
    assert not (tmp_path / "flux_{year}.tif").exists()
    # The same rasters as the flux tool writes from the imported forcing, year by year.
    forcing = import_era5(files, tmp_path / "forcing.nc").path
    for year, hours in ((2015, 24), (2016, 48)):
        reference = compute_flux(
            forcing,
            calibration,
            tmp_path / f"ref_{year}.tif",
            start=f"{year}-01-01T00:00:00",
            end=f"{year}-12-31T23:00:00",
        )
        with (
            open_flux_raster(tmp_path / f"flux_{year}.tif") as ours,
            open_flux_raster(reference.path) as theirs,
        ):
            assert ours.times.size == hours
            assert ours.metadata["SANDFLUX_TIME_START"] == theirs.metadata["SANDFLUX_TIME_START"]
            np.testing.assert_array_equal(ours.read(), theirs.read())
    # The flux by hand at one cell (0 E, 41 N): day 1 from the unpacked legacy values.
    with Era5Source(files) as source:
        row, col = source.grid.index_of(0.0, 41.0)
        times, stl1, swvl1 = source.point_series(0.0, 41.0)
    by_hand = _desert_by_hand(stl1, swvl1)
    with open_flux_raster(tmp_path / "flux_2016.tif") as raster:
        np.testing.assert_allclose(raster.read()[:, row, col], by_hand[24:], rtol=2e-6)
    # The annual sums: what the annual tool makes of the written rasters, and by hand.
    reference = run_annual_sequestration(
        [str(p) for p in result.paths], tmp_path / "ref.tif", min_coverage=0.001, workers=1
    )
    np.testing.assert_allclose(result.annual.annual_g_co2_m2, reference.annual_g_co2_m2, rtol=1e-12)
    expected_2016 = float(np.sum(by_hand[24:].astype("float64")) * 3600.0 * 8784 / 48)
    assert result.annual.annual_g_co2_m2[1, row, col] == pytest.approx(expected_2016, rel=1e-6)
    ours = gdal.Open(str(tmp_path / "annual.tif")).ReadAsArray()
    theirs = gdal.Open(str(tmp_path / "ref.tif")).ReadAsArray()
    np.testing.assert_array_equal(ours, theirs)
    assert (tmp_path / "annual.csv").read_text().splitlines()[0].startswith("year,")


def test_a_failing_annual_output_leaves_no_flux_file_either(downloads, tmp_path):
    files, calibration = downloads
    with pytest.raises(OutputError):
        run_flux(
            files,
            calibration,
            tmp_path / "flux_{year}.tif",
            annual=AnnualOutputs(str(tmp_path / "annual.txt"), min_coverage=0.001),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.json", "day1.nc", "days23.nc"]


def test_a_cancelled_one_pass_leaves_nothing_even_after_a_finished_year(downloads, tmp_path):
    from sandflux.core.infra.errors import Cancelled
    from sandflux.core.infra.progress import Progress

    files, calibration = downloads
    reported = []

    def cancelled():  # cancel once the 2016 file has been started (2015's is complete)
        return any("2016-01-01T1" in message for message in reported)

    with pytest.raises(Cancelled):
        run_flux(
            files,
            calibration,
            tmp_path / "flux_{year}.tif",
            chunk_hours=6,
            annual=AnnualOutputs(str(tmp_path / "annual.tif"), min_coverage=0.001),
            progress=Progress(lambda fraction, message: reported.append(message), cancelled),
        )
    assert any("2015-12-31T23" in message for message in reported)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.json", "day1.nc", "days23.nc"]


def test_annual_sums_from_the_downloads_equal_those_from_the_imported_forcing(downloads, tmp_path):
    files, calibration = downloads
    forcing = import_era5(files, tmp_path / "forcing.nc").path
    results = []
    for name, recipe in (
        ("file", FluxRecipe(str(forcing), str(calibration))),
        ("downloads", FluxRecipe(tuple(files), str(calibration), open_source=open_forcing_source)),
    ):
        for workers in (1, 2):
            results.append(
                run_annual_sequestration(
                    recipe,
                    tmp_path / f"{name}{workers}.tif",
                    table=tmp_path / f"{name}{workers}.csv",
                    min_coverage=0.001,
                    workers=workers,
                )
            )
    for other in results[1:]:
        np.testing.assert_array_equal(other.annual_g_co2_m2, results[0].annual_g_co2_m2)
    assert any("repeated time step" in w for w in results[2].warnings)


def test_a_dask_scheduler_refuses_the_downloads_and_the_one_pass(downloads, tmp_path):
    files, calibration = downloads
    with pytest.raises(VariableError, match="one flux file from one forcing file"):
        run_flux(files, calibration, tmp_path / "flux.nc", scheduler="tcp://127.0.0.1:1")
    assert not (tmp_path / "flux.nc").exists()


def test_processing_run_reads_the_downloads_and_writes_flux_and_annual_in_one_pass(
    sandflux_provider, downloads, tmp_path
):
    import processing

    files, calibration = downloads
    result = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": files,
            "CALIBRATION": str(calibration),
            "FORCING_EXTENT": "-0.3,0.3,40.6,41.1 [EPSG:4326]",
            "OUTPUT": str(tmp_path / "flux_{year}.tif"),
            "ANNUAL": str(tmp_path / "annual.tif"),
            "ANNUAL_TABLE": str(tmp_path / "annual.csv"),
        },
    )
    assert result["HOURS"] == HOURS
    assert result["SAND_CELLS"] == 6
    plain = run_flux(
        files,
        calibration,
        tmp_path / "plain_{year}.tif",
        extent=(-0.3, 40.6, 0.3, 41.1),
        annual=AnnualOutputs(str(tmp_path / "plain_annual.tif")),
    )
    for year in (2015, 2016):
        with (
            open_flux_raster(tmp_path / f"flux_{year}.tif") as ours,
            open_flux_raster(tmp_path / f"plain_{year}.tif") as theirs,
        ):
            np.testing.assert_array_equal(ours.read(), theirs.read())
    np.testing.assert_array_equal(
        gdal.Open(str(tmp_path / "annual.tif")).ReadAsArray(),
        gdal.Open(str(tmp_path / "plain_annual.tif")).ReadAsArray(),
    )
    assert plain.annual is not None
    # The annual tool on the same downloads, nothing hourly written.
    annual = processing.run(
        "sandflux:annualsequestration",
        {
            "FORCING": files,
            "CALIBRATION": str(calibration),
            "FORCING_EXTENT": "-0.3,0.3,40.6,41.1 [EPSG:4326]",
            "MIN_COVERAGE": 0.01,
            "OUTPUT": str(tmp_path / "annual_tool.tif"),
            "TABLE": str(tmp_path / "t.csv"),
            "REPORT": None,
        },
    )
    table = (tmp_path / "t.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in table[1:]] == ["2015", "2016"]
    assert annual["OUTPUT"] == str(tmp_path / "annual_tool.tif")


@pytest.mark.qgis_process
def test_qgis_process_takes_several_downloads_as_repeated_forcing_values(
    qgis_process_env, downloads, tmp_path
):
    from helpers.qgis_process import run_qgis_process

    files, calibration = downloads
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:computeflux",
        "--",
        *[f"FORCING={path}" for path in files],
        f"CALIBRATION={calibration}",
        f"OUTPUT={tmp_path / 'qp_{year}.tif'}",
        f"ANNUAL={tmp_path / 'qp_annual.tif'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    plain = run_flux(files, calibration, tmp_path / "plain_{year}.tif")
    for path in plain.paths:
        with (
            open_flux_raster(path) as theirs,
            open_flux_raster(tmp_path / path.name.replace("plain", "qp")) as ours,
        ):
            np.testing.assert_array_equal(ours.read(), theirs.read())
    assert (tmp_path / "qp_annual.tif").exists()
