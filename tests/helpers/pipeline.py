"""Inputs of the QGIS-integration tests: the sample data, pipeline parameters, CSV rows, package."""

import subprocess
from pathlib import Path

import pytest

from helpers.paths import ROOT

# A box around the Tazhong station: 13 x 11 ERA5 points, small enough for quick runs.
SMALL_EXTENT = (82.0, 37.5, 85.0, 40.0)  # west, south, east, north
MODEL_ID = "sandflux:sandflux_pipeline"
MODEL_OUTPUTS = {  # model output parameter -> file name
    "import:FORCING": "forcing.nc",
    "calibrate:CALIBRATION": "calibration.json",
    "calibrate:CALIBRATION_REPORT": "calibration.html",
    "flux:FLUX": "flux.tif",
    "flux:ANNUAL": "annual.tif",
    "flux:ANNUAL_TABLE": "annual.csv",
}


def make_sample(folder, years=(2016,)):
    """The synthetic sample set (samples/sample_data.py) for ``years`` in ``folder``."""
    from sandflux.samples.sample_data import generate_sample_data

    return generate_sample_data(folder, years=years)


def extent_text(extent=SMALL_EXTENT):
    west, south, east, north = extent
    return f"{west},{east},{south},{north} [EPSG:4326]"


def model_parameters(sample, folder, bootstrap=10):
    """processing.run parameters of the pipeline model on the sample, outputs in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parameters = {
        "ERA5_FILES": [str(path) for path in sample["era5_paths"]],
        "EXTENT": extent_text(),
        "STATION": str(sample["station_path"]),
        "BOOTSTRAP_RESAMPLES": bootstrap,
        "SAND_MASK": str(sample["shifting_sand_path"]),
    }
    parameters.update({name: str(folder / file) for name, file in MODEL_OUTPUTS.items()})
    return parameters


def qgis_process_arguments(parameters):
    """``name=value`` arguments for qgis_process run (lists repeat the name)."""
    arguments = []
    for name, value in parameters.items():
        for item in value if isinstance(value, list) else [value]:
            arguments.append(f"{name}={item}")
    return arguments


def read_csv_rows(path):
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def assert_same_rows(rows, expected, rtol=1e-9):
    """CSV rows equal: same columns, text equal, numbers equal to ``rtol`` (bootstrap quantiles
    may differ in the last bits between processes)."""
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert row.keys() == want.keys()
        for key in want:
            try:
                assert float(row[key]) == pytest.approx(float(want[key]), rel=rtol, abs=0.0), key
            except ValueError:
                assert row[key] == want[key], key


def build_package():
    """Run `make package`; return the zip's path."""
    result = subprocess.run(
        ["make", "-s", "package"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from sandflux.core.infra.version import __version__

    path = ROOT / "build" / f"sandflux-{__version__}.zip"
    assert path.is_file(), result.stdout
    return path
