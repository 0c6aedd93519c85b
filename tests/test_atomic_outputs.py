"""Atomic outputs: every writer writes a temporary sibling and renames it at the end; a failure,
a cancel, a full disk or an unwritable folder leaves nothing behind."""

import errno
import os
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pytest

from helpers.cds import PLAIN, hours, planted_moisture, planted_temperature_k, write_new_cds
from helpers.folders import leftovers
from helpers.geofiles import write_points
from helpers.station import write_station
from helpers.synthetic import GRID, hourly, make_calibration, make_forcing
from sandflux.core.infra import outputs
from sandflux.core.infra.errors import Cancelled, OutputError


@pytest.fixture
def renames(monkeypatch):
    """Every os.replace made by core.infra.outputs, as (source, destination) paths."""
    calls = []
    real_replace = os.replace

    def spy(source, destination):
        calls.append((Path(source), Path(destination)))
        return real_replace(source, destination)

    monkeypatch.setattr(outputs.os, "replace", spy)
    return calls


def _forcing_inputs(folder, n=48):
    return make_forcing(folder / "forcing.nc", hourly("2016-06-01", n))[0], make_calibration(
        folder / "calibration.json"
    )


def write_import(inputs, out):
    from sandflux.core.tools.import_era5 import import_era5

    era5 = write_new_cds(inputs / "era5.nc", hours(30), **PLAIN)
    import_era5([era5], out / "forcing.nc", time_chunk=6)
    return [out / "forcing.nc"]


def write_flux_netcdf(inputs, out):
    from sandflux.core.model.flux import compute_flux

    compute_flux(*_forcing_inputs(inputs), out / "flux.nc", chunk_hours=6)
    return [out / "flux.nc"]


def write_flux_geotiff(inputs, out):
    from sandflux.core.model.flux import compute_flux

    compute_flux(*_forcing_inputs(inputs), out / "flux.tif", chunk_hours=6)
    return [out / "flux.tif"]


def write_calibration_and_report(inputs, out):
    from sandflux.core.tools.calibrate import calibrate_station

    calibrate_station(
        write_station(inputs / "station.csv"),
        out / "cal.json",
        out / "report.html",
        model="linear",
        resamples=0,
        longitude=77.6,
        latitude=41.1,
    )
    return [out / "cal.json", out / "report.html"]


def write_soil_rasters(inputs, out):
    from sandflux.core.tools.soil import grid_soil_properties

    forcing, _ = _forcing_inputs(inputs, 6)
    points = write_points(
        inputs / "samples.gpkg",
        [(77.6, 41.1, {"SOC": 1.5, "pH": 8.5}), (78.1, 40.8, {"SOC": 2.5, "pH": 9.0})],
    )
    grid_soil_properties(points, forcing, out / "soc.tif", out / "ph.tif")
    return [out / "soc.tif", out / "ph.tif"]


def write_annual_outputs(inputs, out):
    from sandflux.core.model.flux import compute_flux
    from sandflux.core.tools.annual import run_annual_sequestration

    compute_flux(*_forcing_inputs(inputs), inputs / "flux.nc")
    run_annual_sequestration(
        [inputs / "flux.nc"],
        out / "annual.tif",
        table=out / "annual.csv",
        report=out / "report.html",
        min_coverage=0.001,
    )
    return [out / "annual.tif", out / "annual.csv", out / "annual.csvt", out / "report.html"]


def write_sample_station(inputs, out):
    from sandflux.samples.sample_station import write_sample_station

    write_sample_station(
        out / "station.csv", start_local="2016-01-01T00:00", end_local="2016-01-03T00:00"
    )
    return [out / "station.csv"]


WRITERS = [
    write_import,
    write_flux_netcdf,
    write_flux_geotiff,
    write_calibration_and_report,
    write_soil_rasters,
    write_annual_outputs,
    write_sample_station,
]


@pytest.mark.parametrize("writer", WRITERS, ids=[w.__name__ for w in WRITERS])
def test_every_writer_renames_a_temporary_sibling_onto_its_output(writer, tmp_path, renames):
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    renames.clear()
    expected = writer(inputs, out)
    into_out = {destination: source for source, destination in renames if destination.parent == out}
    assert sorted(into_out) == sorted(expected)
    for destination, source in into_out.items():
        assert source.parent == destination.parent  # same folder: an atomic rename
        assert source.name.startswith(f".{destination.stem}.partial-")
        assert source.suffix == destination.suffix  # drivers guess the format by it
    assert leftovers(out) == sorted(p.name for p in expected)  # no temporary file left


class Boom(Exception):
    """Any unexpected failure in the middle of a run."""


def _fail_at_half():
    def progress(fraction, _text):
        if fraction >= 0.5:
            raise Boom("boom")

    return progress


@pytest.mark.parametrize("output_name", ["forcing.nc"])
def test_a_failure_mid_import_removes_the_temporary_file(tmp_path, output_name):
    from sandflux.core.tools.import_era5 import import_era5

    era5 = write_new_cds(tmp_path / "era5.nc", hours(48), **PLAIN)
    out = tmp_path / "out"
    out.mkdir()
    seen = []

    def progress(fraction, _text):
        seen.append(leftovers(out))
        if fraction >= 0.5:
            raise Boom("boom")

    with pytest.raises(Boom):
        import_era5([era5], out / output_name, time_chunk=6, progress=progress)
    assert any(any(".partial-" in name for name in names) for names in seen)  # it was writing
    assert leftovers(out) == []


@pytest.mark.parametrize("output_name", ["flux.nc", "flux.tif"])
def test_a_failure_mid_flux_removes_the_temporary_file(tmp_path, output_name):
    from sandflux.core.model.flux import compute_flux

    forcing, calibration = _forcing_inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Boom):
        compute_flux(
            forcing, calibration, out / output_name, chunk_hours=6, progress=_fail_at_half()
        )
    assert leftovers(out) == []


@pytest.mark.parametrize("output_name", ["flux.nc", "flux.tif"])
def test_a_core_cancel_mid_flux_removes_the_temporary_file(tmp_path, output_name):
    from sandflux.core.infra.progress import Progress
    from sandflux.core.model.flux import compute_flux

    forcing, calibration = _forcing_inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    state = {"cancel": False}

    def progress(fraction, _text):
        state["cancel"] = state["cancel"] or fraction >= 0.4

    with pytest.raises(Cancelled):
        compute_flux(
            forcing,
            calibration,
            out / output_name,
            chunk_hours=6,
            progress=Progress(progress, lambda: state["cancel"]),
        )
    assert leftovers(out) == []


def _cancelling_feedback(out):
    """A QgsProcessingFeedback that cancels itself once progress passes 30 %, noting what the
    output folder held at that moment."""
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.folder_at_cancel = None

    def on_progress(percent):
        if percent >= 30 and not feedback.isCanceled():
            feedback.folder_at_cancel = leftovers(out)
            feedback.cancel()

    feedback.progressChanged.connect(on_progress)
    return feedback


@pytest.mark.parametrize("algorithm", ["importera5", "computeflux"])
def test_qgis_cancel_mid_run_removes_the_temporary_file(algorithm, sandflux_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    out = tmp_path / "out"
    out.mkdir()
    if algorithm == "importera5":
        # Three stored chunks of 744 hours (the tool's default), so the cancel falls mid-write;
        # the planted fields repeat every 6 days so they stay plausible.
        n = 24 * 70
        era5 = write_new_cds(
            tmp_path / "era5.nc",
            hours(n),
            stl1=np.resize(planted_temperature_k(24 * 6), (n, 3, 4)),
            swvl1=np.resize(planted_moisture(24 * 6), (n, 3, 4)),
            **PLAIN,
        )
        parameters = {"INPUT": [str(era5)], "OUTPUT": str(out / "forcing.nc")}
    else:
        forcing, calibration = _forcing_inputs(tmp_path, 24 * 4)
        parameters = {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "CHUNK_HOURS": 6,
            "OUTPUT": str(out / "flux.tif"),
        }
    feedback = _cancelling_feedback(out)
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run(f"sandflux:{algorithm}", parameters, feedback=feedback)
    assert feedback.isCanceled()
    assert any(".partial-" in name for name in feedback.folder_at_cancel)  # cancelled mid-write
    assert leftovers(out) == []


# -- a full disk -----------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs (needs root, as in CI); skipped where mounting is not allowed."""
    mount_point = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    yield mount_point
    # Lazy: HDF5 keeps a deleted temporary open after a failed close on a full disk.
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def _big_forcing(folder):
    rng = np.random.default_rng(3)
    grid = type(GRID)(
        west_centre=70.0, north_centre=45.0, step_lon=0.25, step_lat=0.25, nx=20, ny=20
    )
    times = hourly("2016-06-01", 200)
    return (
        grid,
        times,
        (280 + rng.random((200, 20, 20))).astype("float32"),
        (0.1 * rng.random((200, 20, 20))).astype("float32"),
    )


def test_really_full_disk_stops_the_import_with_the_disk_full_message(tmp_path, tiny_disk):
    from sandflux.core.tools.import_era5 import import_era5

    grid, times, stl1, swvl1 = _big_forcing(tmp_path)
    era5 = write_new_cds(
        tmp_path / "era5.nc",
        [t.astype(object) for t in times],
        lat=grid.latitudes,
        lon=grid.longitudes,
        stl1=stl1,
        swvl1=swvl1,
        **PLAIN,
    )
    with pytest.raises(OutputError, match="disk is full.*Free some space"):
        import_era5([era5], tiny_disk / "forcing.nc")
    assert leftovers(tiny_disk) == []


@pytest.mark.parametrize("output_name", ["flux.nc", "flux.tif"])
def test_really_full_disk_stops_the_flux_with_the_disk_full_message(
    tmp_path, tiny_disk, output_name
):
    from sandflux.core.formats.forcing import write_forcing
    from sandflux.core.model.flux import compute_flux

    grid, times, stl1, swvl1 = _big_forcing(tmp_path)
    write_forcing(tmp_path / "forcing.nc", grid, [(times, stl1, swvl1)])
    calibration = make_calibration(tmp_path / "calibration.json")
    with pytest.raises(OutputError, match="disk is full.*Free some space"):
        compute_flux(tmp_path / "forcing.nc", calibration, tiny_disk / output_name)
    assert leftovers(tiny_disk) == []


def test_simulated_enospc_in_a_json_write_is_the_disk_full_message(tmp_path, monkeypatch):
    from sandflux.core.model.calibration_file import Calibration, save_calibration

    real_write_text = Path.write_text

    def full(self, *arguments, **options):
        if ".partial-" in self.name:
            real_write_text(self, "{", encoding="utf-8")  # a partial file exists
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_text(self, *arguments, **options)

    monkeypatch.setattr(Path, "write_text", full)
    calibration = Calibration("linear", {"f0": 0.0, "a_t": 1e-7, "a_theta": 0.0, "a_dt": 0.0})
    with pytest.raises(OutputError, match="disk is full"):
        save_calibration(calibration, tmp_path / "cal.json")
    assert leftovers(tmp_path) == []


# -- an output folder that cannot be written -------------------------------------------------------


@pytest.mark.parametrize(
    "where", ["under_a_file", "deeper_under_a_file", "in_proc", "not_writable"]
)
def test_unwritable_output_paths_are_a_clear_output_error(where, tmp_path, monkeypatch):
    from sandflux.core.model.flux import compute_flux

    forcing, calibration = _forcing_inputs(tmp_path, 6)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file\n")
    target = {
        "under_a_file": blocker / "flux.nc",
        "deeper_under_a_file": blocker / "sub" / "flux.nc",
        "in_proc": Path("/proc/sandflux-test/flux.nc"),
        "not_writable": tmp_path / "readonly" / "flux.nc",
    }[where]
    if where == "not_writable":  # root ignores chmod: simulate what os.access says to a user
        target.parent.mkdir()
        real_access = os.access
        monkeypatch.setattr(
            outputs.os,
            "access",
            lambda path, mode: (
                False
                if Path(path) == target.parent and mode == os.W_OK
                else real_access(path, mode)
            ),
        )
    with pytest.raises(OutputError) as raised:
        compute_flux(forcing, calibration, target)
    message = str(raised.value)
    assert target.name in message and "folder" in message.lower()
    assert "choose" in message.lower()
    assert not target.exists()
    if target.parent.is_dir():
        assert leftovers(target.parent) == []
