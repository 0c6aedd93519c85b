"""The bad-input catalogue: every odd file a scientist may have, through every tool.

One parametrised test. Each case builds its bad input, runs one tool (a core call, or
processing.run through pytest-qgis so the QgsProcessingException path is proven too) and
checks either

- the error: its type, and that the message names the file, the variable or column and says
  what to do (``parts``, compared case-insensitively); then that the output folder is EMPTY
  (no output, no partial file, no hidden temporary sibling); or
- for inputs SandFlux is meant to handle (0..360 longitudes, expver, repeated, unsorted or
  missing time steps, rasters on another grid): the correct result, against planted numbers,
  and the warning that tells the user.

In every case the input folder is byte-for-byte unchanged afterwards and holds no new file.
"""

import errno
import json
import pickle
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional

import numpy as np
import pytest

from helpers.cds import (
    LAT,
    LON,
    PLAIN,
    hours,
    planted_moisture,
    planted_temperature_k,
    write_legacy_cds,
    write_new_cds,
)
from helpers.folders import folder_state, leftovers
from helpers.geofiles import box, write_points, write_polygons, write_raster
from helpers.paths import TEST_DATA
from helpers.station import station_rows, write_station
from helpers.synthetic import GRID, hourly, make_calibration, make_forcing, read_forcing_arrays
from sandflux.core.infra import errors
from sandflux.core.inputs.station import read_station
from sandflux.core.model.flux import compute_flux
from sandflux.core.tools.annual import run_annual_sequestration
from sandflux.core.tools.import_era5 import import_era5

T2M_GRIB = TEST_DATA / "real" / "era5-single-level-scalar-time.grib"
GENERIC = {"time": "time", "flux": "flux", "soil_temperature": "ts", "soil_moisture": "swc"}


@dataclass
class Run:
    """What a case runs and what it expects."""

    call: Callable[[], object]
    error: Optional[type] = None  # None: the tool must succeed
    parts: List[str] = field(default_factory=list)  # in the error message, or in a warning
    check: Optional[Callable[[object], None]] = None  # the correct result, for success cases
    warnings: Optional[list] = None  # filled by the call, for success cases


@dataclass
class Case:
    name: str
    tool: str
    via: str  # "core" or "qgis"
    make: Callable[[Path, Path, object], Run]


CASES: List[Case] = []


def case(tool, via="core"):
    def register(make):
        CASES.append(Case(make.__name__, tool, via, make))
        return make

    return register


def qgis_run(algorithm, parameters):
    """processing.run; errors arrive as QgsProcessingException carrying the core message."""
    import processing

    return lambda: processing.run(f"sandflux:{algorithm}", parameters)


def qgis_error():
    from qgis.core import QgsProcessingException

    return QgsProcessingException


def importing(inputs, output, **options):
    warnings = []
    run = Run(lambda: import_era5(inputs, output, warn=warnings.append, **options))
    run.warnings = warnings
    return run


# -- ERA5 files -> importera5 ---------------------------------------------------------------------


@case("importera5", "qgis")
def truncated_netcdf(inputs, out, _):
    whole = write_new_cds(inputs / "whole.nc", hours(24), **PLAIN).read_bytes()
    (inputs / "whole.nc").unlink()
    truncated = inputs / "era5_2016_01.nc"
    truncated.write_bytes(whole[: len(whole) // 2])
    return Run(
        qgis_run("importera5", {"INPUT": [str(truncated)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["era5_2016_01.nc", "cannot read", "download it again"],
    )


@case("importera5")
def not_a_netcdf_file(inputs, out, _):
    text = inputs / "stl1.nc"
    text.write_text("<html>Your request is queued</html>\n")
    return Run(
        lambda: import_era5([text], out / "f.nc"),
        errors.InputFileError,
        ["stl1.nc", "neither netcdf, grib nor a zip", "climate data store"],
    )


@case("importera5", "qgis")
def grib_without_soil_fields(inputs, out, _):
    grib = Path(shutil.copy(T2M_GRIB, inputs / "surface.grib"))
    return Run(
        qgis_run("importera5", {"INPUT": [str(grib)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["surface.grib", "t2m", "soil temperature (stl1)", "TEMPERATURE_VARIABLE"],
    )


@case("importera5")
def missing_moisture_variable(inputs, out, _):
    path = write_new_cds(inputs / "only_stl1.nc", hours(6), variables=("stl1",), **PLAIN)
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.VariableError,
        ["only_stl1.nc", "swvl1", "MOISTURE_VARIABLE", "download"],
    )


@case("importera5")
def celsius_labelled_kelvin(inputs, out, _):
    path = write_new_cds(
        inputs / "celsius.nc",
        hours(6),
        stl1=planted_temperature_k(6) - 273.15,
        stl1_units="K",
        **PLAIN,
    )
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.UnitsError,
        ["celsius.nc", "stl1", "degrees celsius", "fix the units attribute"],
    )


@case("importera5")
def moisture_in_percent_labelled_fraction(inputs, out, _):
    path = write_new_cds(inputs / "percent.nc", hours(6), swvl1=100 * planted_moisture(6), **PLAIN)
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.UnitsError,
        ["percent.nc", "swvl1", "look like percent", "'%'"],
    )


@case("importera5", "qgis")
def all_nan_variable(inputs, out, _):
    path = write_new_cds(
        inputs / "nan_stl1.nc", hours(6), stl1=np.full((6, 3, 4), np.nan, dtype="float32"), **PLAIN
    )
    return Run(
        qgis_run("importera5", {"INPUT": [str(path)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["nan_stl1.nc", "stl1", "no value at all", "choose another extent"],
    )


@case("importera5")
def longitudes_0_to_360_crossing_0(inputs, out, _):
    lon = np.array([358.5, 359.25, 0.0, 0.75, 1.5])
    stl1 = planted_temperature_k(3, 3, 5)
    path = write_new_cds(
        inputs / "greenwich.nc",
        hours(3),
        lon=lon,
        stl1=stl1,
        swvl1=planted_moisture(3, 3, 5),
        **PLAIN,
    )
    run = importing([path], out / "f.nc")

    def check(_):
        _, _, lon_out, stl1_out, _ = read_forcing_arrays(out / "f.nc")
        np.testing.assert_array_equal(lon_out, [-1.5, -0.75, 0.0, 0.75, 1.5])
        np.testing.assert_array_equal(stl1_out, stl1)  # already west to east across 0 deg

    run.check = check
    return run


@case("importera5")
def expver_with_both_values_at_one_step(inputs, out, _):
    times = hours(2)
    era5 = planted_temperature_k(2)
    era5t = era5 + 5.0
    by_expver_t = np.stack([era5, era5t], axis=1)  # (time, expver, lat, lon)
    moisture = planted_moisture(2)
    by_expver_m = np.stack([moisture, moisture + 0.01], axis=1)
    path = write_legacy_cds(
        inputs / "expver.nc",
        times,
        LAT,
        LON,
        {"stl1": (by_expver_t, "K", None), "swvl1": (by_expver_m, "m**3 m**-3", None)},
        expvers=(5, 1),
        expver_long_name=None,
    )  # ERA5T first on purpose
    run = importing([path], out / "f.nc")

    def check(_):
        _, _, _, stl1_out, swvl1_out = read_forcing_arrays(out / "f.nc")
        np.testing.assert_array_equal(stl1_out, era5t)  # expver index 1 holds expver 1 = ERA5
        np.testing.assert_allclose(swvl1_out, moisture + 0.01, rtol=0, atol=1e-7)

    run.check = check
    return run


@case("importera5")
def duplicated_time_steps(inputs, out, _):
    times = hours(4)
    stl1 = planted_temperature_k(5)
    path = write_new_cds(
        inputs / "dup.nc", times + [times[1]], stl1=stl1, swvl1=planted_moisture(5), **PLAIN
    )
    run = importing([path], out / "f.nc")
    run.parts = ["1 repeated time step", "2016-01-01T01:00:00Z", "check that the input files"]

    def check(_):
        got_times, _, _, stl1_out, _ = read_forcing_arrays(out / "f.nc")
        assert got_times.size == 4
        np.testing.assert_array_equal(stl1_out, stl1[:4])  # the first occurrence is kept

    run.check = check
    return run


@case("importera5")
def unsorted_time_steps(inputs, out, _):
    times = hours(5)
    order = [2, 0, 4, 1, 3]
    stl1 = planted_temperature_k(5)
    path = write_new_cds(
        inputs / "unsorted.nc",
        [times[i] for i in order],
        stl1=stl1[order],
        swvl1=planted_moisture(5)[order],
        **PLAIN,
    )
    run = importing([path], out / "f.nc")

    def check(_):
        got_times, _, _, stl1_out, _ = read_forcing_arrays(out / "f.nc")
        np.testing.assert_array_equal(got_times, hourly("2016-01-01T00", 5))
        np.testing.assert_array_equal(stl1_out, stl1)

    run.check = check
    return run


@case("importera5")
def gap_of_missing_hours(inputs, out, _):
    times = hours(3) + hours(3, start=10)
    path = write_new_cds(inputs / "gap.nc", times, **PLAIN)
    run = importing([path], out / "f.nc")
    run.parts = [
        "7 time step(s) are missing",
        "2016-01-01T02:00:00Z",
        "2016-01-01T10:00:00Z",
        "download the missing period",
    ]

    def check(_):
        got_times, *_ = read_forcing_arrays(out / "f.nc")
        assert got_times.size == 6  # the gap is not filled with made-up hours

    run.check = check
    return run


@case("importera5", "qgis")
def cds_zip_without_netcdf(inputs, out, _):
    archive = inputs / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("README.txt", "Copernicus licence\n")
        zipped.writestr("request.json", json.dumps({"variable": ["stl1"]}))
    return Run(
        qgis_run("importera5", {"INPUT": [str(archive)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["download.zip", "holds no netcdf or grib", "download the era5"],
    )


@case("importera5", "qgis")
def output_under_a_regular_file(inputs, out, _):
    era5 = write_new_cds(inputs / "era5.nc", hours(3), **PLAIN)
    blocker = out / "results"
    blocker.write_text("a file where a folder was expected\n")
    return Run(
        qgis_run("importera5", {"INPUT": [str(era5)], "OUTPUT": str(blocker / "forcing.nc")}),
        qgis_error(),
        ["results", "is a file, not a folder", "choose an output path"],
    )


@case("importera5")
def disk_full_while_writing_the_forcing(inputs, out, monkeypatch):
    from sandflux.core.formats import forcing

    era5 = write_new_cds(inputs / "era5.nc", hours(30), **PLAIN)
    real_append = forcing.ForcingWriter.append

    def append_until_full(self, *arguments):
        if self.count >= 6:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_append(self, *arguments)

    monkeypatch.setattr(forcing.ForcingWriter, "append", append_until_full)
    return Run(
        lambda: import_era5([era5], out / "forcing.nc", time_chunk=6),
        errors.OutputError,
        ["forcing.nc", "disk is full", "free some space"],
    )


# -- station CSV -> calibratemodel ----------------------------------------------------------------


def calibrate_qgis(station, out, **extra):
    parameters = {
        "STATION": str(station),
        "OUTPUT": str(out / "cal.json"),
        "REPORT": str(out / "report.html"),
        "BOOTSTRAP_RESAMPLES": 0,
        "MODEL": 1,
    }
    parameters.update(extra)
    return qgis_run("calibratemodel", parameters)


def reading(path, **options):
    return lambda: read_station(path, **options)


@case("calibratemodel", "qgis")
def empty_csv(inputs, out, _):
    station = inputs / "station.csv"
    station.write_text("")
    return Run(
        calibrate_qgis(station, out),
        qgis_error(),
        ["station.csv", "no header row", "choose the station"],
    )


@case("calibratemodel")
def csv_with_only_a_header(inputs, out, _):
    station = write_station(inputs / "header_only.csv", rows=[])
    return Run(
        reading(station),
        errors.InputFileError,
        ["header_only.csv", "no data rows", "choose the file"],
    )


@case("calibratemodel", "qgis")
def text_in_a_numeric_column(inputs, out, _):
    rows = station_rows()
    cells = rows[7].split(",")
    cells[2] = "n.d."
    rows[7] = ",".join(cells)
    station = write_station(inputs / "text.csv", rows)
    return Run(
        calibrate_qgis(station, out),
        qgis_error(),
        ["text.csv", "'FC'", "line 10", "'n.d.'", "fix or blank that cell"],
    )


@case("calibratemodel")
def minus_9999_everywhere(inputs, out, _):
    station = write_station(
        inputs / "empty_flux.csv", station_rows(flux_umol=np.full(288, -9999.0))
    )
    return Run(
        reading(station), errors.VariableError, ["empty_flux.csv", "'FC'", "-9999", "FLUX_COLUMN"]
    )


def generic_rows(stamps, flux="1.0", ts="20", swc="0.05"):
    return [f"{stamp},{flux},{ts},{swc}" for stamp in stamps]


@case("calibratemodel")
def unknown_timestamp_format(inputs, out, _):
    stamps = [
        f"{day:02d}.10.2016 {hour:02d}h{minute:02d}"
        for day in (1, 2)
        for hour in range(24)
        for minute in (0, 30)
    ]
    station = write_station(
        inputs / "dotted.csv", generic_rows(stamps), header="time,flux,ts,swc", comments=()
    )
    return Run(
        reading(station, format="generic", columns=GENERIC),
        errors.VariableError,
        ["dotted.csv", "'time'", "01.10.2016 00h00", "ISO 8601"],
    )


@case("calibratemodel")
def daylight_saving_clock_put_back(inputs, out, _):
    # A Central European clock on 30 October 2016: 02:00-03:00 happens twice (CEST, then CET).
    stamps = [f"2016-10-30 {h:02d}:{m:02d}" for h in (0, 1, 2) for m in (0, 30)]
    stamps += ["2016-10-30 02:00", "2016-10-30 02:30"]
    stamps += [f"2016-10-30 {h:02d}:{m:02d}" for h in range(3, 24) for m in (0, 30)]
    station = write_station(
        inputs / "cet.csv", generic_rows(stamps), header="time,flux,ts,swc", comments=()
    )
    return Run(
        reading(station, format="generic", columns=GENERIC, utc_offset_hours=1),
        errors.VariableError,
        ["cet.csv", "'time'", "line 8", "daylight-saving", "UTC_OFFSET_HOURS"],
    )


@case("calibratemodel")
def daylight_saving_zone_suffixes(inputs, out, _):
    stamps = [
        "2016-03-27T01:00+01:00",
        "2016-03-27T01:30+01:00",
        "2016-03-27T03:00+02:00",
        "2016-03-27T03:30+02:00",
    ]
    station = write_station(
        inputs / "zoned.csv", generic_rows(stamps), header="time,flux,ts,swc", comments=()
    )
    return Run(
        reading(station, format="generic", columns=GENERIC),
        errors.VariableError,
        ["zoned.csv", "'time'", "time zone", "UTC_OFFSET_HOURS"],
    )


@case("calibratemodel", "qgis")
def flux_column_1000_times_off(inputs, out, _):
    # nmol m-2 s-1 written where umol is declared: every value 1000 x too large.
    flux = 1000 * (-0.3 + 0.8 * np.sin(np.linspace(0, 6 * np.pi, 288)))
    station = write_station(inputs / "nmol.csv", station_rows(flux_umol=flux))
    return Run(
        calibrate_qgis(station, out),
        qgis_error(),
        ["nmol.csv", "'FC'", "far beyond any surface flux", "FLUX_UNITS"],
    )


@case("calibratemodel", "qgis")
def disk_full_while_writing_the_calibration(inputs, out, monkeypatch):
    from sandflux.core.model import calibration_file
    from sandflux.core.tools import calibrate

    def full_disk_save(calibration_object, path):
        with calibration_file.atomic_output(Path(path), "calibration file") as temporary:
            temporary.write_text("{", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(calibrate, "save_calibration", full_disk_save)
    station = write_station(inputs / "station.csv")
    # The report is written first; all or nothing: it must go again.
    return Run(
        calibrate_qgis(station, out), qgis_error(), ["cal.json", "disk is full", "free some space"]
    )


# -- forcing + calibration (+ SOC/pH/mask) -> computeflux ----------------------------------------


def flux_inputs(inputs, years=1):
    """A 48-hour forcing (in June 2016, or across New Year 2016/2017) and a calibration."""
    start = "2016-06-01T00:00" if years == 1 else "2016-12-31T00:00"
    forcing = make_forcing(inputs / "forcing.nc", hourly(start, 48))[0]
    calibration = make_calibration(inputs / "calibration.json")
    return forcing, calibration


def flux_qgis(forcing, calibration, output, **extra):
    parameters = {"FORCING": str(forcing), "CALIBRATION": str(calibration), "OUTPUT": str(output)}
    parameters.update(extra)
    return qgis_run("computeflux", parameters)


@case("computeflux", "qgis")
def calibration_json_of_another_schema(inputs, out, _):
    forcing, _ = flux_inputs(inputs)
    other = inputs / "params.json"
    other.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    return Run(
        flux_qgis(forcing, other, out / "flux.nc"),
        qgis_error(),
        ["params.json", "not a sandflux calibration file", "calibrate from station csv"],
    )


@case("computeflux")
def calibration_json_of_another_model(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    document = json.loads(calibration.read_text())
    document["model"]["name"] = "random_forest"
    other = inputs / "forest.json"
    other.write_text(json.dumps(document))
    return Run(
        lambda: compute_flux(forcing, other, out / "flux.nc"),
        errors.CalibrationError,
        ["forest.json", "random_forest", "sandflux knows: desert"],
    )


@case("computeflux")
def calibration_as_a_pickle(inputs, out, _):
    forcing, _ = flux_inputs(inputs)
    pickled = inputs / "calibration.pkl"
    pickled.write_bytes(pickle.dumps({"schema": "sandflux-calibration", "schema_version": 1}))
    return Run(
        lambda: compute_flux(forcing, pickled, out / "flux.nc"),
        errors.CalibrationError,
        ["calibration.pkl", "not readable json", "choose a file written by"],
    )


@case("computeflux", "qgis")
def soc_raster_on_another_grid(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    soc = write_raster(inputs / "soc_tibet.tif", np.ones((4, 4)), (90.0, 0.25, 0, 35.0, 0, -0.25))
    return Run(
        flux_qgis(forcing, calibration, out / "flux.nc", SOC=str(soc)),
        qgis_error(),
        [
            "soc_tibet.tif",
            "SOC raster",
            "does not overlap the forcing grid",
            "choose a soc raster over the forcing file's area",
        ],
    )


@case("computeflux")
def ph_raster_on_a_finer_grid_is_resampled(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    # 0.125 deg pixels, 2 x 2 per forcing cell; values differ inside one cell: 8.0 and 9.0.
    values = np.tile(np.array([[8.0, 9.0], [9.0, 8.0]]), (3, 4))
    ph = write_raster(inputs / "ph_fine.tif", values, (77.375, 0.125, 0, 41.375, 0, -0.125))
    run = Run(lambda: compute_flux(forcing, calibration, out / "flux.nc", ph=str(ph)))

    def check(result):
        from sandflux.core.model.flux import soil_property_on_grid

        on_grid = soil_property_on_grid(str(ph), GRID, "pH", (0.0, 14.0))
        np.testing.assert_allclose(on_grid, 8.5)  # 'average' of the four pixels
        assert (out / "flux.nc").exists() and result.sand_cells == 12

    run.check = check
    return run


@case("computeflux", "qgis")
def mask_outside_the_extent(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    mask = write_polygons(inputs / "sahara.gpkg", [box(0, 20, 5, 25)])
    return Run(
        flux_qgis(forcing, calibration, out / "flux.nc", MASK=str(mask)),
        qgis_error(),
        ["sahara.gpkg", "does not overlap the forcing grid", "choose a mask"],
    )


@case("computeflux")
def mask_with_no_polygons(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    mask = write_polygons(inputs / "empty_mask.gpkg", [])
    return Run(
        lambda: compute_flux(forcing, calibration, out / "flux.nc", mask_vector=mask),
        errors.GridError,
        ["empty_mask.gpkg", "holds no polygon", "leave mask empty"],
    )


@case("computeflux", "qgis")
def geotiff_asked_to_hold_more_than_one_year(inputs, out, _):
    forcing, calibration = flux_inputs(inputs, years=2)
    return Run(
        flux_qgis(forcing, calibration, out / "flux.tif"),
        qgis_error(),
        ["2016..2017", "at most one calendar year", "write flux.nc"],
    )


@case("computeflux")
def era5_download_given_as_forcing(inputs, out, _):
    _, calibration = flux_inputs(inputs)
    raw = write_new_cds(inputs / "era5_raw.nc", hours(6), **PLAIN)
    return Run(
        lambda: compute_flux(raw, calibration, out / "flux.nc"),
        errors.InputFileError,
        ["era5_raw.nc", "not a sandflux forcing file", "'time'", "import era5"],
    )


@case("computeflux")
def end_before_start(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    return Run(
        lambda: compute_flux(
            forcing,
            calibration,
            out / "flux.nc",
            start="2016-06-02T00:00:00",
            end="2016-06-01T00:00:00",
        ),
        errors.VariableError,
        ["END (2016-06-01T00:00:00Z)", "START", "swap them"],
    )


@case("computeflux")
def output_folder_is_a_file(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    blocker = out / "flux"
    blocker.write_text("not a folder\n")
    return Run(
        lambda: compute_flux(forcing, calibration, blocker / "flux.nc"),
        errors.OutputError,
        ["flux", "is a file, not a folder", "choose an output path"],
    )


# -- soilproperties and annualsequestration -------------------------------------------------------


@case("soilproperties", "qgis")
def sample_points_without_the_ph_field(inputs, out, _):
    forcing = make_forcing(inputs / "forcing.nc", hourly("2016-06-01", 6))[0]
    points = write_points(
        inputs / "samples.gpkg",
        [(77.6, 41.1, {"SOC": 1.5}), (78.1, 40.8, {"SOC": 2.5})],
        fields=("SOC",),
    )
    # SOC is gridded first and written; the missing pH field must take it away again.
    return Run(
        qgis_run(
            "soilproperties",
            {
                "INPUT": str(points),
                "FORCING": str(forcing),
                "SOC_OUTPUT": str(out / "soc.tif"),
                "PH_OUTPUT": str(out / "ph.tif"),
            },
        ),
        qgis_error(),
        ["samples.gpkg", "no field 'ph'", "choose the ph field"],
    )


def two_flux_rasters(inputs, second_grid=None):
    _, calibration = flux_inputs(inputs)
    a = make_forcing(inputs / "forcing_a.nc", hourly("2016-06-01", 24))[0]
    compute_flux(a, calibration, inputs / "flux_a.nc")
    grid = second_grid or GRID
    b = make_forcing(inputs / "forcing_b.nc", hourly("2016-07-01", 24), grid=grid)[0]
    compute_flux(b, calibration, inputs / "flux_b.nc")
    return inputs / "flux_a.nc", inputs / "flux_b.nc"


@case("annualsequestration", "qgis")
def flux_rasters_on_different_grids(inputs, out, _):
    from sandflux.core.infra.grid import Grid

    a, b = two_flux_rasters(
        inputs, Grid(west_centre=77.5, north_centre=41.25, step_lon=0.5, step_lat=0.5, nx=2, ny=2)
    )
    return Run(
        qgis_run(
            "annualsequestration",
            {
                "INPUT": [str(a), str(b)],
                "OUTPUT": str(out / "annual.tif"),
                "TABLE": str(out / "annual.csv"),
                "REPORT": str(out / "report.html"),
            },
        ),
        qgis_error(),
        ["flux_a.nc", "flux_b.nc", "different grids", "run the tool once per grid"],
    )


@case("annualsequestration")
def annual_mask_with_no_polygons(inputs, out, _):
    a, _ = two_flux_rasters(inputs)
    mask = write_polygons(inputs / "no_sand.gpkg", [])
    return Run(
        lambda: run_annual_sequestration(
            [a], out / "annual.tif", table=out / "t.csv", mask_path=mask
        ),
        errors.GridError,
        ["no_sand.gpkg", "holds no polygon", "give a polygon layer"],
    )


@case("annualsequestration")
def annual_mask_outside_the_extent(inputs, out, _):
    a, _ = two_flux_rasters(inputs)
    mask = write_polygons(inputs / "far.gpkg", [box(-70, -30, -65, -25)])
    return Run(
        lambda: run_annual_sequestration([a], out / "annual.tif", mask_path=mask),
        errors.GridError,
        ["far.gpkg", "does not overlap", "choose a mask"],
    )


@case("annualsequestration")
def plain_geotiff_given_as_flux(inputs, out, _):
    plain = write_raster(
        inputs / "ndvi.tif", np.ones((3, 3, 4)), (77.375, 0.25, 0, 41.375, 0, -0.25)
    )
    return Run(
        lambda: run_annual_sequestration([plain], out / "annual.tif"),
        errors.InputFileError,
        ["ndvi.tif", "band 1", "not a sandflux hourly flux raster", "use a raster written by"],
    )


@case("annualsequestration")
def annual_disk_full_on_the_last_output(inputs, out, monkeypatch):
    from sandflux.core.model import annual
    from sandflux.core.tools import annual as annual_tool

    a, _ = two_flux_rasters(inputs)

    def full_table(path, result):
        with annual.atomic_output(Path(path), "annual table") as temporary:
            temporary.write_text("year,", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(annual_tool, "write_table", full_table)
    # The annual raster is written first; all or nothing: it must go again.
    return Run(
        lambda: run_annual_sequestration([a], out / "annual.tif", table=out / "t.csv"),
        errors.OutputError,
        ["t.csv", "disk is full", "free some space"],
    )


# -- trust the numbers: damaged downloads ----------------------------------------------------------

REAL = TEST_DATA / "real"


def cut_copy(source, target, keep):
    """``target`` holding the first ``keep`` bytes of ``source`` (a download cut off)."""
    data = Path(source).read_bytes()
    target.write_bytes(data[: keep if keep > 0 else len(data) + keep])
    return target


@case("importera5", "qgis")
def real_legacy_netcdf3_cut_off(inputs, out, _):
    cut = cut_copy(REAL / "era5_2t_legacy_cds.nc", inputs / "era5_2016.nc", -300)
    return Run(
        qgis_run("importera5", {"INPUT": [str(cut)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["era5_2016.nc", "ends before its last record", "1208 of 1508 bytes", "download it again"],
    )


@case("importera5")
def legacy_netcdf3_cut_in_its_records(inputs, out, _):
    whole = write_legacy_cds(
        inputs / "whole.nc",
        hours(48),
        LAT,
        LON,
        {
            "stl1": (planted_temperature_k(48), "K", (0.002, 290.0)),
            "swvl1": (planted_moisture(48), "m**3 m**-3", None),
        },
    )
    cut = cut_copy(whole, inputs / "era5_2016_01.nc", int(whole.stat().st_size * 0.6))
    whole.unlink()
    return Run(
        lambda: import_era5([cut], out / "f.nc"),
        errors.InputFileError,
        ["era5_2016_01.nc", "ends before its last record", "download it again"],
    )


@case("importera5", "qgis")
def real_grib_cut_off(inputs, out, _):
    cut = cut_copy(REAL / "soil-surface-level-mix.grib", inputs / "soil.grib", 918)
    return Run(
        qgis_run("importera5", {"INPUT": [str(cut)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["soil.grib", "grib message 6 ends early", "18 of its 216 bytes", "download it again"],
    )


@case("importera5")
def real_grib_cut_inside_a_zip(inputs, out, _):
    cut = cut_copy(REAL / "soil-surface-level-mix.grib", inputs / "soil.grib", -1)
    archive = inputs / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(cut, "data.grib")
    cut.unlink()
    return Run(
        lambda: import_era5([archive], out / "f.nc"),
        errors.InputFileError,
        ["download.zip (member data.grib)", "grib message 10 ends early", "download it again"],
    )


@case("importera5")
def time_steps_before_era5_begins(inputs, out, _):
    import datetime

    early = [datetime.datetime(1900, 1, 1) + datetime.timedelta(hours=h) for h in range(3)]
    path = write_new_cds(inputs / "era5_1900.nc", early, **PLAIN)
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.InputFileError,
        [
            "era5_1900.nc",
            "stl1",
            "1900-01-01T00:00:00Z",
            "outside era5's period",
            "download it again",
        ],
    )


@case("importera5")
def time_steps_in_the_future(inputs, out, _):
    import datetime

    late = [datetime.datetime.now() + datetime.timedelta(days=3, hours=h) for h in range(3)]
    path = write_new_cds(inputs / "era5_future.nc", late, **PLAIN)
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.InputFileError,
        ["era5_future.nc", "outside era5's period", "download it again"],
    )


@case("importera5", "qgis")
def plus_infinity_in_stl1(inputs, out, _):
    stl1 = planted_temperature_k(6)
    stl1[2, 1, 1] = np.inf
    path = write_new_cds(inputs / "inf.nc", hours(6), stl1=stl1, **PLAIN)
    return Run(
        qgis_run("importera5", {"INPUT": [str(path)], "OUTPUT": str(out / "f.nc")}),
        qgis_error(),
        ["inf.nc", "stl1", "1 infinite value(s) (+inf)", "download it again"],
    )


@case("importera5")
def minus_infinity_in_swvl1(inputs, out, _):
    swvl1 = planted_moisture(6)
    swvl1[4, 0, 3] = -np.inf  # used to become 0 without a word
    path = write_new_cds(inputs / "neginf.nc", hours(6), swvl1=swvl1, **PLAIN)
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.InputFileError,
        ["neginf.nc", "swvl1", "infinite value(s) (-inf)", "download it again"],
    )


@case("importera5")
def missing_values_at_some_hours_of_a_cell(inputs, out, _):
    stl1 = planted_temperature_k(6)
    stl1[3:, 2, 0] = np.nan  # a land cell that loses its values half-way: no ERA5 pattern
    path = write_new_cds(inputs / "patchy.nc", hours(6), stl1=stl1, **PLAIN)
    return Run(
        lambda: import_era5([path], out / "f.nc"),
        errors.InputFileError,
        ["patchy.nc", "stl1", "1 grid cell(s) for some hours", "download it again"],
    )


# -- trust the numbers: sea, antimeridian ----------------------------------------------------------


def write_land_sea_mask(path, lat, lon, land):
    """A CDS-style netCDF4 file holding only ERA5's lsm (one time step)."""
    import netCDF4

    with netCDF4.Dataset(path, "w") as ds:
        ds.createDimension("valid_time", 1)
        ds.createDimension("latitude", len(lat))
        ds.createDimension("longitude", len(lon))
        for name, dtype, units, values in (
            ("valid_time", "i8", "seconds since 1970-01-01", [1451606400]),
            ("latitude", "f8", "degrees_north", lat),
            ("longitude", "f8", "degrees_east", lon),
        ):
            variable = ds.createVariable(name, dtype, (name,))
            variable.units = units
            variable[:] = values
        variable = ds.createVariable("lsm", "f4", ("valid_time", "latitude", "longitude"))
        variable.units = "(0 - 1)"
        variable[:] = np.asarray(land, "float32")[np.newaxis]
    return Path(path)


@case("importera5")
def land_sea_mask_file_makes_sea_nodata(inputs, out, _):
    era5 = write_new_cds(inputs / "era5.nc", hours(3), **PLAIN)
    # A larger lsm grid (one more row north, one more column west), as a global file would be.
    land = np.ones((4, 5))
    land[1, 1] = 0.2  # (41.25 N, 77.5 E): sea
    land[3, 4] = 0.49  # (40.75 N, 78.25 E): mostly sea
    land[2, 2] = 0.5  # (41.0 N, 77.75 E): half land stays
    lsm = write_land_sea_mask(
        inputs / "lsm.nc", [41.5, 41.25, 41.0, 40.75], [77.25, 77.5, 77.75, 78.0, 78.25], land
    )
    run = importing([era5, lsm], out / "f.nc")

    def check(_):
        _, _, _, stl1_out, swvl1_out = read_forcing_arrays(out / "f.nc")
        sea = np.zeros((3, 4), bool)
        sea[0, 0] = sea[2, 3] = True
        for values, planted in (
            (stl1_out, planted_temperature_k(3)),
            (swvl1_out, planted_moisture(3)),
        ):
            assert np.isnan(values[:, sea]).all()
            np.testing.assert_allclose(values[:, ~sea], planted[:, ~sea], rtol=0, atol=1e-6)

    run.check = check
    return run


@case("importera5")
def no_land_sea_mask_is_a_warning(inputs, out, _):
    run = importing([write_new_cds(inputs / "era5.nc", hours(3), **PLAIN)], out / "f.nc")
    run.parts = ["no land-sea mask (lsm)", "sea cells", "add 'land-sea mask' to the download"]
    run.check = lambda _: (out / "f.nc").exists()
    return run


@case("importera5")
def grid_crossing_the_antimeridian(inputs, out, _):
    lon = np.array([179.5, 179.75, 180.0, -179.75])  # -180..180 storage across 180 deg
    stl1 = planted_temperature_k(3)
    path = write_new_cds(inputs / "fiji.nc", hours(3), lon=lon, stl1=stl1, **PLAIN)
    run = importing([path], out / "f.nc")

    def check(result):
        _, _, lon_out, stl1_out, _ = read_forcing_arrays(out / "f.nc")
        np.testing.assert_array_equal(lon_out, [179.5, 179.75, 180.0, 180.25])
        np.testing.assert_array_equal(stl1_out, stl1)  # columns already west to east
        assert result.grid.west_centre == 179.5 and result.grid.step_lon == 0.25

    run.check = check
    return run


# -- trust the numbers: station values -------------------------------------------------------------


def reading_notes(path, **options):
    """read_station, its notes as the run's warnings."""
    notes = []

    def call():
        series = read_station(path, **options)
        notes.extend(series.notes)
        return series

    run = Run(call)
    run.warnings = notes
    return run


def every_50th(values, code):
    values = np.array(values, dtype="float64")
    values[::50] = code
    return values


PLANTED_FLUX = -0.3 + 0.8 * np.sin(2 * np.pi * (np.arange(288) / 2.0 - 6) / 24)


@case("calibratemodel")
def logger_code_minus_6999_in_two_percent_of_rows(inputs, out, _):
    station = write_station(
        inputs / "logger.csv", station_rows(flux_umol=every_50th(PLANTED_FLUX, -6999.0))
    )
    run = reading_notes(station)
    run.parts = ["'FC'", "6 x -6999", "treated as missing"]

    def check(series):
        flux_umol = series.flux_g_co2_m2_s / 4.401e-5
        assert np.nanmin(flux_umol) >= -1.1 - 1e-6 and np.nanmax(flux_umol) <= 0.5 + 1e-6

    run.check = check
    return run


@case("calibratemodel", "qgis")
def far_out_flux_value_is_named(inputs, out, _):
    flux = PLANTED_FLUX.copy()
    flux[7] = 5000.0
    station = write_station(inputs / "spike.csv", station_rows(flux_umol=flux))
    return Run(
        calibrate_qgis(station, out),
        qgis_error(),
        ["spike.csv", "'FC'", "5000", "line 10", "MISSING_VALUES"],
    )


@case("calibratemodel", "qgis")
def own_missing_code_given_in_missing_values(inputs, out, _):
    station = write_station(
        inputs / "own_code.csv", station_rows(flux_umol=every_50th(PLANTED_FLUX, -7777.0))
    )
    run = Run(calibrate_qgis(station, out, MISSING_VALUES="-7777"))

    def check(result):
        document = json.loads((out / "cal.json").read_text())
        assert any("6 x -7777" in w for w in document["metrics"]["warnings"])

    run.check = check
    return run


@case("calibratemodel")
def kelvin_in_a_degc_column(inputs, out, _):
    ts = 298.15 + 10 * np.sin(2 * np.pi * (np.arange(288) / 2.0 - 8) / 24)
    run = reading_notes(write_station(inputs / "kelvin.csv", station_rows(ts_degc=ts)))
    run.parts = ["'TS_1_1_1'", "which is kelvin", "declares degc"]
    run.check = lambda series: np.testing.assert_allclose(
        np.nanmax(series.soil_temperature_k), 308.15, atol=0.1
    )
    return run


@case("calibratemodel")
def fraction_in_a_percent_column(inputs, out, _):
    run = reading_notes(
        write_station(inputs / "fraction.csv", station_rows(swc_percent=np.full(288, 0.04)))
    )
    run.parts = ["'SWC_1_1_1'", "volume fraction (m3 m-3) in a % column", "SOIL_MOISTURE_UNITS"]
    run.check = lambda series: np.testing.assert_allclose(
        np.nanmax(series.soil_moisture_m3_m3), 0.0004
    )
    return run


@case("calibratemodel")
def flux_in_mg_declared_umol(inputs, out, _):
    mg = PLANTED_FLUX * 4.401e-5 / 1e-3  # the same flux written in mg CO2 m-2 s-1
    run = reading_notes(write_station(inputs / "mg.csv", station_rows(flux_umol=mg)))
    run.parts = [
        "'FC'",
        "outside the typical",
        "x too small, e.g. mg declared as umol",
        "FLUX_UNITS",
    ]
    run.check = lambda series: None
    return run


@case("calibratemodel")
def flux_in_umol_declared_mg(inputs, out, _):
    run = reading_notes(
        write_station(inputs / "umol.csv", station_rows(flux_umol=PLANTED_FLUX)), flux_units="mg"
    )
    run.parts = ["'FC'", "x too large, e.g. umol declared as mg", "FLUX_UNITS"]
    run.check = lambda series: None
    return run


@case("calibratemodel")
def daylight_saving_clock_put_forward_only(inputs, out, _):
    # A Central European clock from 13 March to 10 April 2016: on 27 March it skips
    # 02:00-03:00 (CET -> CEST) and the file ends before autumn, so no hour repeats.
    standard = np.datetime64("2016-03-13T00:30") + np.arange(28 * 48) * np.timedelta64(30, "m")
    hour = (standard - standard.astype("datetime64[D]")).astype("int64") / 60.0
    ts = 15 + 10 * np.sin(2 * np.pi * (hour - 8) / 24)  # peak at 14:00 standard time
    clock = np.where(
        standard >= np.datetime64("2016-03-27T02:00"), standard + np.timedelta64(60, "m"), standard
    )
    rows = [f"{str(c).replace('T', ' ')},1.0,{t:.3f},0.05" for c, t in zip(clock, ts)]
    station = write_station(inputs / "spring.csv", rows, header="time,flux,ts,swc", comments=())
    # 14 days x 48 records + 00:30, 01:00, 01:30 before the jump; header = line 1.
    return Run(
        reading(station, format="generic", columns=GENERIC, utc_offset_hours=1),
        errors.VariableError,
        [
            "spring.csv",
            "'time'",
            "skips one hour",
            "line 677",
            "daylight-saving",
            "UTC_OFFSET_HOURS",
        ],
    )


@case("calibratemodel")
def ameriflux_download_as_a_zip(inputs, out, _):
    csv = write_station(inputs / "AMF_XX-Rel_BASE_HH_1-5.csv")
    archive = inputs / "AMF_XX-Rel_BASE-BADM_1-5.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(csv, csv.name)
        zipped.writestr("AMF_XX-Rel_BIF_20230101.xlsx", b"PK\x03\x04 not read")
    run = reading_notes(archive)

    def check(series):
        plain = read_station(csv)
        np.testing.assert_array_equal(series.times_utc, plain.times_utc)
        np.testing.assert_array_equal(series.flux_g_co2_m2_s, plain.flux_g_co2_m2_s)

    run.check = check
    return run


@case("calibratemodel", "qgis")
def zip_holding_several_tables(inputs, out, _):
    archive = inputs / "station_export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("fluxes_2016.csv", "a,b\n1,2\n")
        zipped.writestr("fluxes_2017.csv", "a,b\n1,2\n")
    return Run(
        calibrate_qgis(archive, out),
        qgis_error(),
        ["station_export.zip", "fluxes_2016.csv", "unzip it", "choose the half-hourly csv"],
    )


def station_without_moisture(path):
    rows = [",".join(row.split(",")[:4]) for row in station_rows()]
    return write_station(path, rows, header="TIMESTAMP_START,TIMESTAMP_END,FC,TS_1_1_1")


@case("calibratemodel", "qgis")
def q10_model_on_a_file_without_soil_moisture(inputs, out, _):
    station = station_without_moisture(inputs / "no_swc.csv")
    run = Run(calibrate_qgis(station, out, MODEL=3))  # Q10

    def check(result):
        assert result["MODEL_USED"] == "q10"
        document = json.loads((out / "cal.json").read_text())
        assert document["model"]["name"] == "q10" and document["metrics"]["n"] > 100

    run.check = check
    return run


@case("calibratemodel")
def desert_model_on_a_file_without_soil_moisture(inputs, out, _):
    from sandflux.core.tools.calibrate import calibrate_station

    station = station_without_moisture(inputs / "no_swc.csv")
    return Run(
        lambda: calibrate_station(station, out / "cal.json", model="desert", resamples=0),
        errors.VariableError,
        ["no_swc.csv", "no soil moisture column", "SOIL_MOISTURE_COLUMN"],
    )


@case("calibratemodel")
def calibration_quality_is_stated(inputs, out, _):
    from sandflux.core.tools.calibrate import calibrate_station

    noise = np.random.default_rng(3).normal(0.0, 0.5, 288)  # a flux unrelated to the soil
    station = write_station(inputs / "noise.csv", station_rows(flux_umol=noise))
    warnings = []

    def call():
        result = calibrate_station(
            station, out / "cal.json", out / "report.html", model="linear", resamples=0
        )
        warnings.extend(result.warnings)
        return result

    run = Run(
        call,
        parts=[
            "R\u00b2 of the fit",
            "almost none of the observed flux",
            "few complete hours in some seasons",
            "DJF 0 h",
        ],
    )
    run.warnings = warnings

    def check(result):
        document = json.loads((out / "cal.json").read_text())
        assert document["metrics"]["warnings"] == result.warnings
        assert result.fit.r2 < 0.1
        report = (out / "report.html").read_text(encoding="utf-8")
        assert report.index("almost none of the observed flux") < report.index("Station file <b>")

    run.check = check
    return run


# -- trust the numbers: calibration files and results ----------------------------------------------


def edited_calibration(inputs, name, parameter, value):
    forcing, calibration = flux_inputs(inputs)
    document = json.loads(calibration.read_text())
    document["model"]["parameters"][parameter]["value"] = value
    edited = inputs / name
    edited.write_text(json.dumps(document))
    return forcing, edited


@case("computeflux", "qgis")
def calibration_edited_to_q10_minus_2(inputs, out, _):
    forcing, edited = edited_calibration(inputs, "edited.json", "q10", -2.0)
    return Run(
        flux_qgis(forcing, edited, out / "flux.nc"),
        qgis_error(),
        ["edited.json", "'q10'", "-2.0", "bounds 1..5", "re-run"],
    )


@case("computeflux")
def calibration_with_u_ref_500_times_its_bound(inputs, out, _):
    forcing, edited = edited_calibration(inputs, "u_ref.json", "u_ref", 0.5)
    return Run(
        lambda: compute_flux(forcing, edited, out / "flux.nc"),
        errors.CalibrationError,
        ["u_ref.json", "'u_ref'", "0.5", "bounds 0..0.001", "re-run"],
    )


@case("computeflux")
def calibration_with_a_nan_parameter(inputs, out, _):
    forcing, edited = edited_calibration(inputs, "nan.json", "gamma", float("nan"))
    return Run(
        lambda: compute_flux(forcing, edited, out / "flux.nc"),
        errors.CalibrationError,
        ["nan.json", "'gamma'", "nan", "bounds 0..0.3"],
    )


@case("computeflux", "qgis")
def ph_value_outside_its_range(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    return Run(
        flux_qgis(forcing, calibration, out / "flux.nc", PH_VALUE=15),
        qgis_error(),
        ["PH_VALUE = 15", "outside its range 0 .. 14", "choose a value inside it"],
    )


@case("computeflux", "qgis")
def soc_value_negative(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    return Run(
        flux_qgis(forcing, calibration, out / "flux.nc", SOC_VALUE=-1),
        qgis_error(),
        ["SOC_VALUE = -1", "outside its range 1e-06 .. \u221e"],
    )


@case("computeflux", "qgis")
def geojson_mask_outside_names_the_users_file(inputs, out, _):
    forcing, calibration = flux_inputs(inputs)
    mask = inputs / "far_dunes.geojson"
    mask.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [box(0, 20, 5, 25) + [(0, 20)]],
                        },
                    }
                ],
            }
        )
    )
    return Run(
        flux_qgis(forcing, calibration, out / "flux.nc", MASK=str(mask)),
        qgis_error(),
        [str(mask), "does not overlap the forcing grid", "choose a mask"],
    )


@case("computeflux")
def sand_cells_count_only_cells_with_values(inputs, out, _):
    _, calibration = flux_inputs(inputs)
    times = hourly("2016-06-01T00:00", 24)
    forcing, _, _ = make_forcing(inputs / "forcing.nc", times)
    # A cell without any value (sea after the land-sea mask): the forcing made by hand.
    import netCDF4

    with netCDF4.Dataset(forcing, "a") as ds:
        ds["stl1"][:, 1, 2] = np.nan
    warnings = []

    def call():
        result = compute_flux(forcing, calibration, out / "flux.nc")
        warnings.extend(result.warnings)
        return result

    run = Run(call, parts=["1 of the 12 cells", "got no flux value", "not counted in sand_cells"])
    run.warnings = warnings
    run.check = lambda result: result.sand_cells == 11 or pytest.fail(result.sand_cells)
    return run


@case("annualsequestration")
def annual_flux_outside_the_desert_envelope(inputs, out, _):
    from helpers.synthetic import DESERT_PARAMETERS

    strong = dict(DESERT_PARAMETERS, u_ref=1e-3, gamma=0.0)  # inside the bounds, yet huge
    calibration = make_calibration(inputs / "strong.json", parameters=strong)
    forcing, _, _ = make_forcing(inputs / "forcing.nc", hourly("2016-06-01T00:00", 48))
    compute_flux(forcing, calibration, inputs / "flux.nc")
    warnings = []

    def call():
        result = run_annual_sequestration(
            [inputs / "flux.nc"],
            out / "annual.tif",
            report=out / "report.html",
            min_coverage=0.001,
            workers=1,
        )
        warnings.extend(result.warnings)
        return result

    run = Run(
        call,
        parts=[
            "implausible result",
            "12 of 12 cells",
            "-1000..1000 g co2 m-2 yr-1",
            "(77.5 e, 41.25 n)",
        ],
    )
    run.warnings = warnings

    def check(result):
        # About -U_ref * 3600 * 8784 = -31,600 g CO2 m-2 yr-1 in every cell (plus the small rest).
        assert np.nanmax(result.annual_g_co2_m2) < -25000
        assert result.warnings[0].startswith("IMPLAUSIBLE RESULT")
        report = (out / "report.html").read_text(encoding="utf-8")
        assert report.index("IMPLAUSIBLE RESULT") < report.index("<h2>Annual totals")
        from osgeo import gdal

        annual = gdal.OpenEx(str(out / "annual.tif"))
        assert annual.GetMetadataItem("SANDFLUX_WARNING").startswith("IMPLAUSIBLE RESULT")
        annual = None

    run.check = check
    return run


# -- the test -------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", CASES, ids=[f"{c.tool}-{c.name}-{c.via}" for c in CASES])
def test_bad_input_gets_a_clear_message_and_leaves_no_output(bad, tmp_path, monkeypatch, request):
    if bad.via == "qgis":
        request.getfixturevalue("sandflux_provider")
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    run = bad.make(inputs, out, monkeypatch)
    inputs_before = folder_state(inputs)
    outputs_before = set(leftovers(out))

    if run.error is None:
        result = run.call()
        run.check(result)
        if run.parts:
            text = " ".join(run.warnings or []).lower()
            missing = [part for part in run.parts if part.lower() not in text]
            assert not missing, (missing, run.warnings)
        else:
            # The hand-written ERA5 files carry no land-sea mask: that warning is expected.
            others = [w for w in run.warnings or [] if "no land-sea mask" not in w]
            assert not others, others
    else:
        with pytest.raises(run.error) as raised:
            run.call()
        message = str(raised.value)
        missing = [part for part in run.parts if part.lower() not in message.lower()]
        assert not missing, (missing, message)
        assert "Traceback" not in message
        # Nothing new in the output folder: no output, no partial file, no temporary sibling.
        assert set(leftovers(out)) == outputs_before, leftovers(out)

    # Inputs unchanged (content, and no side files such as cfgrib's .idx). Core calls leave
    # even the modification times alone; through QGIS, the layer-parameter check lets OGR probe
    # a netCDF path as a vector source, which bumps its mtime (content unchanged; QGIS 3.22).
    after = folder_state(inputs)
    if bad.via == "qgis":
        after = {name: (digest, size) for name, (digest, _, size) in after.items()}
        inputs_before = {name: (digest, size) for name, (digest, _, size) in inputs_before.items()}
    assert after == inputs_before


def test_catalogue_covers_every_tool_and_both_paths():
    tools = {c.tool for c in CASES}
    assert tools == {
        "importera5",
        "calibratemodel",
        "soilproperties",
        "computeflux",
        "annualsequestration",
    }
    assert len(CASES) >= 60
    assert sum(c.via == "qgis" for c in CASES) >= 5
