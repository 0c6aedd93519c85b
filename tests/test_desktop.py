"""The real QGIS desktop (qgis.bin under xvfb-run) with the PACKAGED plugin installed in a fresh
profile runs the whole pipeline from a startup script, loads the outputs, renders the canvas."""

import json
import os
import shutil
import subprocess
import zipfile

import numpy as np
import pytest

from helpers.paths import ARTIFACTS, ROOT
from helpers.pipeline import MODEL_ID, build_package, make_sample, model_parameters

pytestmark = [pytest.mark.desktop, pytest.mark.slow]
STARTUP = ROOT / "tests" / "helpers" / "desktop_startup.py"


def qgis_desktop_command(profiles, script):
    """Debian's /usr/bin/qgis is a wrapper adding /etc/default/qgis flags: call qgis.bin."""
    binary = shutil.which("qgis.bin") or shutil.which("qgis")
    if binary is None or shutil.which("xvfb-run") is None:
        pytest.fail("qgis and xvfb-run are needed: run `make test`, which installs them")
    return [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1280x1024x24",
        binary,
        "--noversioncheck",
        "--nologo",
        "--profiles-path",
        str(profiles),
        "--code",
        str(script),
    ]


@pytest.fixture(scope="module")
def desktop_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desktop")
    profiles = folder / "profiles-root"
    plugins = profiles / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(build_package()).extractall(plugins)
    settings = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        "[PythonPlugins]\nsandflux=true\n\n[qgis]\nshowTips=false\ncheckVersion=false\n",
        encoding="utf-8",
    )

    sample = make_sample(folder / "sample")
    parameters = model_parameters(sample, folder / "outputs")
    png = folder / "canvas.png"
    config = folder / "config.json"
    result_path = folder / "result.json"
    styles = plugins / "sandflux" / "resources" / "styles"
    config.write_text(
        json.dumps(
            {
                "algorithm": MODEL_ID,
                "parameters": parameters,
                "png": str(png),
                "result": str(result_path),
                "styles": {
                    "flux:ANNUAL": str(styles / "sequestration.qml"),
                    "flux:FLUX": str(styles / "flux.qml"),
                },
                "draw": ["flux:ANNUAL", "flux:FLUX"],
                "overlays": [parameters["SAND_MASK"]],
            }
        ),
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("QGIS_PLUGINPATH", "QGIS_CUSTOM_CONFIG_PATH", "QT_QPA_PLATFORM")
    }
    env["SANDFLUX_DESKTOP_CONFIG"] = str(config)
    completed = subprocess.run(
        qgis_desktop_command(profiles, STARTUP),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result_path.exists(), (
        completed.returncode,
        completed.stdout[-3000:],
        completed.stderr[-3000:],
    )
    result = json.loads(result_path.read_text(encoding="utf-8"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if png.exists():
        shutil.copy(png, ARTIFACTS / "desktop_pipeline_canvas.png")
    return completed, result, png, plugins


def test_qgis_exits_cleanly_after_the_startup_script(desktop_run):
    completed, result, _, _ = desktop_run
    assert result["error"] is None, result["error"]
    assert completed.returncode == 0, completed.stderr[-3000:]


def test_the_packaged_plugin_is_loaded_and_its_provider_registered(desktop_run):
    _, result, _, plugins = desktop_run
    assert "sandflux" in result["active_plugins"]
    assert "sandflux" in result["providers"]
    assert result["sandflux_module"] == str((plugins / "sandflux").resolve())


def test_pipeline_outputs_load_as_valid_epsg4326_layers(desktop_run):
    _, result, _, _ = desktop_run
    loaded = {layer["output"]: layer for layer in result["layers"]}
    assert {"flux:FLUX", "flux:ANNUAL"} <= set(loaded)
    for layer in result["layers"]:
        assert layer["valid"], layer
        assert layer["crs"] == "EPSG:4326", layer


def test_rendered_canvas_png_is_not_blank(desktop_run):
    from osgeo import gdal

    _, _, png, _ = desktop_run
    dataset = gdal.Open(str(png))
    assert dataset is not None and dataset.RasterXSize > 100 and dataset.RasterYSize > 100
    pixels = np.stack(
        [dataset.GetRasterBand(i + 1).ReadAsArray() for i in range(min(3, dataset.RasterCount))],
        axis=-1,
    ).reshape(-1, 3)
    colours = np.unique(pixels, axis=0)
    assert len(colours) >= 5, colours  # a ramp, not one fill colour
    background = np.all(pixels == pixels[0], axis=1).mean()
    assert background < 0.95  # something covers more than 5 % of the canvas
