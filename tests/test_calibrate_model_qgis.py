"""sandflux:calibratemodel in QGIS: processing.run and qgis_process on the synthetic station."""

import json

import pytest

from helpers.qgis_process import run_qgis_process
from sandflux.core.model.calibration_file import load_calibration
from sandflux.samples import sample_station


@pytest.fixture(scope="module")
def station_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("station") / "tazhong.csv"
    return sample_station.write_sample_station(
        path, start_local="2016-01-01T00:00", end_local="2017-01-01T00:00"
    )


def test_processing_run_calibrates_the_desert_scheme_and_returns_r2_rmse_n(
    sandflux_provider, station_csv, tmp_path
):
    import processing

    output = tmp_path / "calibration.json"
    report = tmp_path / "calibration.html"
    result = processing.run(
        "sandflux:calibratemodel",
        {
            "STATION": str(station_csv.path),
            "MODEL": 1,
            "BOOTSTRAP_RESAMPLES": 20,
            "OUTPUT": str(output),
            "REPORT": str(report),
        },
    )
    assert result["OUTPUT"] == str(output)
    assert result["REPORT"] == str(report)
    assert result["MODEL_USED"] == "desert"
    # The fit's RMSE is the generator's hourly noise; most of the variance is explained.
    assert result["RMSE"] == pytest.approx(station_csv.hourly_noise_g, rel=0.05)
    assert result["R2"] > 0.9
    assert 5000 < result["N"] < 8784
    calibration = load_calibration(output)
    assert calibration.metrics["n"] == result["N"]
    assert calibration.station["utc_offset_hours"] == 8.0  # the default: Beijing time
    assert (calibration.station["longitude"], calibration.station["latitude"]) == (83.65, 38.97)
    assert len(calibration.bootstrap_parameters) == 20
    assert "<h2>Model comparison</h2>" in report.read_text(encoding="utf-8")


def test_processing_run_names_a_missing_column_and_writes_nothing(
    sandflux_provider, station_csv, tmp_path
):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="TS_9_9_9"):
        processing.run(
            "sandflux:calibratemodel",
            {
                "STATION": str(station_csv.path),
                "SOIL_TEMPERATURE_COLUMN": "TS_9_9_9",
                "MODEL": 2,
                "BOOTSTRAP_RESAMPLES": 0,
                "OUTPUT": str(tmp_path / "c.json"),
                "REPORT": str(tmp_path / "r.html"),
            },
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.qgis_process
def test_qgis_process_run_writes_the_calibration_and_report(
    qgis_process_env, station_csv, tmp_path
):
    output = tmp_path / "cli" / "calibration.json"
    report = tmp_path / "cli" / "report.html"
    result = run_qgis_process(
        qgis_process_env,
        "run",
        "sandflux:calibratemodel",
        "--json",
        "--",
        f"STATION={station_csv.path}",
        "MODEL=0",
        "BOOTSTRAP_RESAMPLES=10",
        "UTC_OFFSET_HOURS=8",
        f"OUTPUT={output}",
        f"REPORT={report}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = json.loads(result.stdout[result.stdout.index("{") :])["results"]
    assert outputs["MODEL_USED"] == "desert"  # auto: the lowest CV RMSE
    assert outputs["RMSE"] == pytest.approx(station_csv.hourly_noise_g, rel=0.05)
    assert load_calibration(output).model_name == "desert"
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
