"""Property-based tests (hypothesis) of the two readers of users' files.

Random truncations, byte flips, shuffled rows and odd values give either a correct result or
one of SandFlux' typed errors (core.infra.errors.SandFluxError subclasses): never another exception,
never a hang (a per-example alarm), never a crash. The ERA5 reader runs netCDF-C/HDF5 code, so
its fuzzing runs in a child process: a segfault there fails this test, with the input that
caused it kept, instead of killing pytest (or QGIS).
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

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
from helpers.paths import PLUGINS, TESTS
from helpers.station import station_rows, write_station
from sandflux.core.infra.errors import SandFluxError

EXAMPLE_SECONDS = 20  # one example longer than this is a hang
STATION_EXAMPLES = 150
ERA5_EXAMPLES = 120
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextlib.contextmanager
def time_limit(seconds=EXAMPLE_SECONDS):
    def hang(*_):
        raise AssertionError(f"the reader hung for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def typed_or_result(call):
    """Run ``call``; return its result or the SandFluxError it raised (anything else fails)."""
    with time_limit():
        try:
            return call()
        except SandFluxError as error:
            assert str(error).strip(), "a typed error without a message"
            return error


# -- mutations -------------------------------------------------------------------------------------


def truncate(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


def flip(data: bytes, flips) -> bytes:
    mutable = bytearray(data)
    for position, value in flips:
        if mutable:
            mutable[int(position * (len(mutable) - 1))] = value
    return bytes(mutable)


MUTATION = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
    st.tuples(
        st.just("flip"),
        st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), min_size=1, max_size=8),
    ),
)


def mutate(data: bytes, mutation) -> bytes:
    kind, argument = mutation
    return truncate(data, argument) if kind == "truncate" else flip(data, argument)


# -- the station reader ---------------------------------------------------------------------------

ODD_CELLS = [
    "",
    "NA",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "-9999",
    "-9999.0",
    "0x1F",
    "１２",
    " ",
    "1,5",
    "\x00",
    "null",
    "TRUE",
    "9" * 400,
    "-0",
    "1e-320",
    "'3'",
    '"4"',
    "2016-01-01",
    "ABC;DEF",
    "\t",
]


def _clean_station(folder: Path) -> Path:
    return write_station(folder / "clean.csv", station_rows(96))


def _read(path, **options):
    from sandflux.core.inputs.station import read_station

    return read_station(path, utc_offset_hours=8, **options)


@settings(FUZZ, max_examples=STATION_EXAMPLES)
@given(mutation=MUTATION)
def test_station_reader_survives_truncations_and_byte_flips(mutation):
    with tempfile.TemporaryDirectory() as folder:
        clean = _clean_station(Path(folder))
        bad = Path(folder) / "station.csv"
        bad.write_bytes(mutate(clean.read_bytes(), mutation))
        result = typed_or_result(lambda: _read(bad))
        if not isinstance(result, SandFluxError):
            _assert_plausible_station(result)


@settings(FUZZ, max_examples=STATION_EXAMPLES)
@given(
    cells=st.lists(
        st.tuples(st.integers(0, 95), st.integers(0, 4), st.sampled_from(ODD_CELLS)),
        min_size=1,
        max_size=6,
    )
)
def test_station_reader_survives_odd_values(cells):
    rows = station_rows(96)
    for row, column, value in cells:
        parts = rows[row].split(",")
        parts[column] = value
        rows[row] = ",".join(parts)
    with tempfile.TemporaryDirectory() as folder:
        path = write_station(Path(folder) / "odd.csv", rows)
        result = typed_or_result(lambda: _read(path))
        if not isinstance(result, SandFluxError):
            _assert_plausible_station(result)


@settings(FUZZ, max_examples=20)
@given(order=st.permutations(list(range(96))))
def test_shuffled_station_rows_give_the_same_hourly_series(order):
    rows = station_rows(96)
    with tempfile.TemporaryDirectory() as folder:
        clean = _read(write_station(Path(folder) / "clean.csv", rows))
        shuffled = typed_or_result(
            lambda: _read(write_station(Path(folder) / "shuffled.csv", [rows[i] for i in order]))
        )
    assert not isinstance(shuffled, SandFluxError), shuffled
    np.testing.assert_array_equal(shuffled.times_utc, clean.times_utc)
    for name in (
        "flux_g_co2_m2_s",
        "soil_temperature_k",
        "soil_moisture_m3_m3",
        "temperature_tendency_k_h",
    ):
        np.testing.assert_array_equal(getattr(shuffled, name), getattr(clean, name))


def _assert_plausible_station(series):
    """What a successful read promises: regular UTC hours, values in physical ranges or NaN."""
    steps = np.diff(series.times_utc.astype("int64"))
    assert np.all(steps == 3600)
    for values, low, high in (
        (series.soil_temperature_k, 200.0, 360.0),
        (series.soil_moisture_m3_m3, 0.0, 1.0),
    ):
        finite = values[np.isfinite(values)]
        assert np.all((finite >= low) & (finite <= high))
    assert not np.any(np.isinf(series.flux_g_co2_m2_s))


# -- the ERA5 reader, in a child process ----------------------------------------------------------


def _era5_sources(folder: Path):
    new = write_new_cds(folder / "new.nc", hours(12), **PLAIN)
    t = planted_temperature_k(12)
    m = planted_moisture(12)
    legacy = write_legacy_cds(
        folder / "legacy.nc",
        hours(12),
        LAT,
        LON,
        {
            "stl1": (np.stack([t, np.full_like(t, np.nan)], axis=1), "K", None),
            "swvl1": (np.stack([m, np.full_like(m, np.nan)], axis=1), "m**3 m**-3", None),
        },
        expvers=(1, 5),
        expver_long_name=None,
    )
    return [new.read_bytes(), legacy.read_bytes()]


def _check_forcing(path: Path):
    """A successful import wrote a readable forcing file with plausible values only."""
    from sandflux.core.formats.forcing import open_forcing

    with open_forcing(path) as forcing:
        stl1, swvl1 = forcing.read()
        assert np.all(np.diff(forcing.times.astype("int64")) > 0)
    for values, low, high in ((stl1, 150.0, 380.0), (swvl1, 0.0, 1.0)):
        finite = values[np.isfinite(values)]
        assert not np.any(np.isinf(values))
        assert np.all((finite >= low) & (finite <= high))


def era5_child(workdir: str, examples: int) -> None:
    """The ERA5 fuzzing loop (run by the test in a child process)."""
    from sandflux.core.tools.import_era5 import import_era5

    folder = Path(workdir)
    sources = _era5_sources(folder)
    current = folder / "current-input.nc"

    def attempt(data: bytes, description: str):
        current.write_bytes(data)
        (folder / "current.json").write_text(json.dumps({"what": description}))
        output = folder / "out" / "forcing.nc"
        output.parent.mkdir(exist_ok=True)
        result = typed_or_result(lambda: import_era5([current], output))
        if isinstance(result, SandFluxError):
            assert not output.exists()
        else:
            _check_forcing(output)
            output.unlink()
        assert [p.name for p in output.parent.iterdir()] == []

    @settings(FUZZ, max_examples=examples)
    @given(source=st.integers(0, len(sources) - 1), mutation=MUTATION)
    def bytes_mutated(source, mutation):
        attempt(mutate(sources[source], mutation), f"source {source}, {mutation!r}")

    @settings(FUZZ, max_examples=max(5, examples // 3))
    @given(
        values=st.lists(
            st.one_of(
                st.floats(allow_nan=True, allow_infinity=True, width=32),
                st.sampled_from([0.0, -0.005, 273.15, 1e30]),
            ),
            min_size=1,
            max_size=12,
        ),
        units=st.sampled_from(["K", "C", "degC", "", "%", "kelvin", "furlongs"]),
    )
    def odd_values(values, units):
        stl1 = planted_temperature_k(3)
        flat = stl1.reshape(-1)
        flat[: len(values)] = np.asarray(values, dtype="float32")
        path = write_new_cds(folder / "odd.nc", hours(3), stl1=stl1, stl1_units=units, **PLAIN)
        attempt(path.read_bytes(), f"stl1 values {values!r} in {units!r}")

    bytes_mutated()
    odd_values()


def test_era5_reader_survives_truncations_byte_flips_and_odd_values_in_a_child(tmp_path):
    environment = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(TESTS), str(PLUGINS), os.environ.get("PYTHONPATH", "")]),
    )
    child = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "era5-child",
            str(tmp_path),
            str(ERA5_EXAMPLES),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=85,
    )
    last = tmp_path / "current.json"
    described = json.loads(last.read_text())["what"] if last.exists() else "none"
    assert child.returncode == 0, (
        f"the ERA5 fuzz child ended with {child.returncode} (negative = killed by a signal, "
        f"e.g. -11 = segfault) on the input {described}; kept at {tmp_path}/current-input.nc\n"
        + child.stdout[-3000:]
        + child.stderr[-3000:]
    )


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "era5-child":
    era5_child(sys.argv[2], int(sys.argv[3]))
