"""`make demo` (scripts/demo.py): runs the pipeline through the real qgis_process, fails loudly,
and renders non-blank pictures with QGIS."""

import base64
import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest
from osgeo import gdal

from helpers.paths import ROOT

DEMO = ROOT / "scripts" / "demo.py"


def load_demo():
    spec = importlib.util.spec_from_file_location("sandflux_demo_script", DEMO)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_is_not_blank(path) -> bool:
    dataset = gdal.Open(str(path))
    pixels = dataset.ReadAsArray().astype("float64")
    return dataset.RasterXSize > 300 and float(pixels.std()) > 5.0


def test_report_plots_are_extracted_and_named_after_their_heading(tmp_path):
    demo = load_demo()
    one_pixel = base64.b64encode(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2bc6f2e0000000049454e44ae426082"
        )
    ).decode()
    html = (
        f'<h2>Observed vs modelled</h2><img alt="plot" src="data:image/png;base64,'
        f'{one_pixel}"/><h2>Other</h2><figure><img alt="Annual totals" '
        f'src="data:image/png;base64,{one_pixel}"></figure>'
    )
    report = tmp_path / "report.html"
    report.write_text(html, encoding="utf-8")
    written = demo.extract_report_plots(report, tmp_path, "calibration")
    assert [p.name for p in written] == [
        "calibration_01_observed_vs_modelled.png",
        "calibration_02_annual_totals.png",
    ]
    assert written[0].read_bytes() == base64.b64decode(one_pixel)


@pytest.mark.qgis_process
def test_a_tool_that_fails_stops_the_demo_with_its_own_error(tmp_path):
    demo = load_demo()
    logs = tmp_path / "logs"
    logs.mkdir()
    qgis = demo.QgisProcess(tmp_path / "profile", logs)
    qgis.enable_plugin()
    missing = tmp_path / "no-such-file.nc"
    with pytest.raises(demo.DemoFailure) as failure:
        qgis.run(
            "importera5",
            {"INPUT": str(missing), "OUTPUT": str(tmp_path / "f.nc")},
            what="import ERA5",
        )
    message = str(failure.value)
    assert "import ERA5 FAILED" in message and "exit code" in message
    assert "no-such-file.nc" in message  # the tool's own message is shown
    assert not (tmp_path / "f.nc").exists()


@pytest.mark.qgis_process
@pytest.mark.slow
def test_demo_runs_every_available_step_for_one_year_and_renders_pictures(tmp_path):
    output = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, str(DEMO), "--output", str(output), "--years", "2016", "--no-docs-images"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    out = result.stdout
    assert "SandFlux demo finished" in out and str(output) in out
    forcing = output / "results" / "forcing.nc"
    assert forcing.exists()
    assert png_is_not_blank(output / "images" / "soil_temperature.png")
    manifest = json.loads((output / "sample-data" / "sample-data.json").read_text())
    if "sandflux:calibratemodel" not in out.split("INCOMPLETE")[-1]:
        calibration = json.loads((output / "results" / "calibration.json").read_text())
        planted = manifest["station"]["planted_parameters"]
        assert set(planted) <= set(calibration["model"]["parameters"])
        for name in planted:  # the printed table shows both numbers
            assert name in out
    if "INCOMPLETE" not in out:
        for name in ("flux_night.png", "flux_midday.png", "mean_annual_sequestration.png"):
            assert png_is_not_blank(output / "images" / name)
        flux = gdal.Open(str(output / "results" / "flux_2016.tif"))
        assert flux.RasterCount in (8783, 8784)
        table = (output / "results" / "annual_sequestration.csv").read_text()
        assert table.splitlines()[1].startswith("2016")
        # the mean-sequestration picture's data equal -mean net flux * 12.011/44.01
        annual = gdal.Open(str(output / "results" / "annual_sequestration.tif"))
        net = annual.GetRasterBand(1).ReadAsArray().astype("float64")
        net[net == annual.GetRasterBand(1).GetNoDataValue()] = np.nan
        mean = gdal.Open(str(output / "images" / "mean_annual_sequestration.tif"))
        shown = mean.GetRasterBand(1).ReadAsArray().astype("float64")
        shown[shown == -9999.0] = np.nan
        np.testing.assert_allclose(shown, -net * 12.011 / 44.01, rtol=1e-5, equal_nan=True)
