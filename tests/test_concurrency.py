"""Runs at once, untouched inputs, and a calibration loader that only ever reads data."""

import json
import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import netCDF4
import numpy as np
import pytest

from helpers.cds import PLAIN, hours, write_new_cds
from helpers.folders import folder_state
from helpers.paths import TEST_DATA
from helpers.synthetic import hourly, make_calibration, make_forcing
from sandflux.core.infra.errors import CalibrationError
from sandflux.core.model.calibration_file import load_calibration


def _flux_job(forcing, calibration, output, start, end):
    from sandflux.core.model.flux import compute_flux

    compute_flux(forcing, calibration, output, start=start, end=end, chunk_hours=5)
    return output


def _import_job(inputs, output):
    from sandflux.core.tools.import_era5 import import_era5

    import_era5(inputs, output, time_chunk=4)
    return output


def _flux_values(path):
    with netCDF4.Dataset(path) as dataset:
        return np.asarray(dataset["time"][:]), np.asarray(dataset["co2_flux"][:])


def test_two_flux_runs_at_once_with_different_outputs_do_not_interfere(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    forcing = make_forcing(inputs / "forcing.nc", hourly("2016-06-01", 72))[0]
    calibration = make_calibration(inputs / "calibration.json")
    before = folder_state(inputs)
    jobs = [
        (forcing, calibration, tmp_path / "a" / "flux.nc", "2016-06-01T00", "2016-06-02T23"),
        (forcing, calibration, tmp_path / "b" / "flux.nc", "2016-06-02T00", "2016-06-03T23"),
    ]
    # Batch mode runs rows side by side: two processes on the same inputs, at the same time.
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        done = list(pool.map(_flux_job, *zip(*jobs)))
    assert done == [job[2] for job in jobs]
    # Each equals the same run made alone.
    for job in jobs:
        alone = tmp_path / "alone" / job[2].parent.name / "flux.nc"
        _flux_job(job[0], job[1], alone, job[3], job[4])
        for together, by_itself in zip(_flux_values(job[2]), _flux_values(alone)):
            np.testing.assert_array_equal(together, by_itself)
    # The overlapping day (2016-06-02) is the same in both outputs.
    times_a, flux_a = _flux_values(jobs[0][2])
    times_b, flux_b = _flux_values(jobs[1][2])
    np.testing.assert_array_equal(flux_a[24:], flux_b[:24])
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["flux.nc"]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["flux.nc"]
    assert folder_state(inputs) == before


def test_two_imports_at_once_into_one_folder_do_not_interfere(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    first = write_new_cds(inputs / "january.nc", hours(24), **PLAIN)
    second = write_new_cds(inputs / "february.nc", hours(24, start=24 * 31), **PLAIN)
    before = folder_state(inputs)
    out = tmp_path / "out"
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_import_job, [[first], [second]], [out / "jan.nc", out / "feb.nc"]))
    assert sorted(p.name for p in out.iterdir()) == ["feb.nc", "jan.nc"]  # no temporary left
    with netCDF4.Dataset(out / "jan.nc") as jan, netCDF4.Dataset(out / "feb.nc") as feb:
        assert jan["time"][0] == (46 * 365 + 11) * 24  # 2016-01-01: 46 years, 11 leap days
        assert feb["time"][0] == jan["time"][0] + 31 * 24
    assert folder_state(inputs) == before


def test_inputs_are_unchanged_unlocked_and_without_side_files_after_every_tool(tmp_path):
    from sandflux.core.model.flux import compute_flux
    from sandflux.core.tools.annual import run_annual_sequestration
    from sandflux.core.tools.import_era5 import import_era5

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    grib = Path(
        shutil.copy(TEST_DATA / "real" / "soil-surface-level-mix.grib", inputs / "soil.grib")
    )
    era5 = write_new_cds(inputs / "era5.nc", hours(30), **PLAIN)
    calibration = make_calibration(inputs / "calibration.json")
    out = tmp_path / "out"
    before = folder_state(inputs)

    import_era5([grib], out / "from_grib.nc")  # cfgrib: no .idx beside the input
    import_era5([era5], out / "forcing.nc")
    compute_flux(out / "forcing.nc", calibration, out / "flux.nc")
    run_annual_sequestration([out / "flux.nc"], out / "annual.tif", min_coverage=0.001)
    assert folder_state(inputs) == before  # bytes, mtimes, no new files

    # Not locked: every input can be replaced and removed at once (as a user would on Windows).
    for path in (grib, era5, calibration):
        path.write_bytes(path.read_bytes())
        path.unlink()
    assert list(inputs.iterdir()) == []


def test_calibration_json_holding_python_looking_text_stays_data(tmp_path):
    calibration = make_calibration(tmp_path / "calibration.json")
    document = json.loads(calibration.read_text())
    canary = tmp_path / "executed"
    code = f"__import__('pathlib').Path({str(canary)!r}).touch()"
    document["station"]["file"] = code
    document["created"] = "exec(" + json.dumps(code) + ")"
    document["metrics"] = {"r2": "eval('1+1')"}
    tricky = tmp_path / "tricky.json"
    tricky.write_text(json.dumps(document))
    loaded = load_calibration(tricky)
    assert loaded.station["file"] == code  # kept as text
    assert loaded.created == document["created"]
    assert loaded.metrics == {"r2": "eval('1+1')"}
    assert not canary.exists()  # nothing was run


def test_calibration_with_code_as_a_parameter_value_is_refused_not_evaluated(tmp_path):
    calibration = make_calibration(tmp_path / "calibration.json")
    document = json.loads(calibration.read_text())
    canary = tmp_path / "executed"
    document["model"]["parameters"]["q10"]["value"] = (
        f"__import__('pathlib').Path({str(canary)!r}).touch() or 2.0"
    )
    tricky = tmp_path / "tricky.json"
    tricky.write_text(json.dumps(document))
    with pytest.raises(CalibrationError, match="tricky.json"):
        load_calibration(tricky)
    assert not canary.exists()


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_a_pickled_calibration_is_a_clear_calibration_error(tmp_path, protocol):
    canary = tmp_path / "executed"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (canary,))

    pickled = tmp_path / "calibration.json"
    pickled.write_bytes(
        pickle.dumps({"schema": "sandflux-calibration", "payload": Payload()}, protocol=protocol)
    )
    with pytest.raises(CalibrationError) as raised:
        load_calibration(pickled)
    message = str(raised.value)
    assert "calibration.json" in message and "not readable JSON" in message
    assert "Calibrate from station CSV" in message
    assert not canary.exists()
