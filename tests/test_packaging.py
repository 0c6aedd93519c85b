"""`make package` builds an installable zip; installed in a new profile it runs in qgis_process."""

import os
import zipfile

import numpy as np
import pytest

from helpers.geofiles import read_raster
from helpers.pipeline import build_package, extent_text, make_sample
from helpers.qgis_process import run_qgis_process

pytestmark = pytest.mark.qgis_process


@pytest.fixture(scope="module")
def package():
    return build_package()


def test_package_is_one_sandflux_folder_without_tests_bench_or_build(package):
    names = zipfile.ZipFile(package).namelist()
    assert names and all(name.startswith("sandflux/") for name in names)
    for required in (
        "sandflux/metadata.txt",
        "sandflux/__init__.py",
        "sandflux/plugin.py",
        "sandflux/provider/provider.py",
        "sandflux/algorithms/base.py",
        "sandflux/resources/i18n/sandflux_zh_CN.qm",
        "sandflux/resources/models/sandflux_pipeline.model3",
        "sandflux/resources/icons/sandflux.svg",
    ):
        assert required in names, required
    for name in names:
        parts = name.split("/")
        assert not {
            "tests",
            "bench",
            ".venv",
            "build",
            "demo-output",
            "sample-data",
            ".git",
            "__pycache__",
            "scripts",
        } & set(parts), name
        assert not name.endswith((".pyc", ".aux.xml"))


def test_installed_zip_lists_and_runs_an_algorithm_in_a_fresh_profile(package, tmp_path):
    profile = tmp_path / "config"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(package).extractall(plugins)
    env = {key: value for key, value in os.environ.items() if key != "QGIS_PLUGINPATH"}
    env.update(QGIS_CUSTOM_CONFIG_PATH=str(profile), QT_QPA_PLATFORM="offscreen")
    enabled = run_qgis_process(env, "plugins", "enable", "sandflux")
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    listing = run_qgis_process(env, "list")
    assert "sandflux:importera5" in listing.stdout
    assert "sandflux:sandflux_pipeline" in listing.stdout

    sample = make_sample(tmp_path / "sample")
    forcing = tmp_path / "forcing.nc"
    result = run_qgis_process(
        env,
        "run",
        "sandflux:importera5",
        "--",
        f"INPUT={sample['era5_paths'][0]}",
        f"EXTENT={extent_text()}",
        "START=2016-07-01T00:00:00",
        "END=2016-07-02T23:00:00",
        f"OUTPUT={forcing}",
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert forcing.is_file()
    # The installed copy ran: 48 hours of stl1 on the 13 x 11 points of the extent.
    stl1, transform, _ = read_raster(f'NETCDF:"{forcing}":stl1')
    assert stl1.shape == (48, 11, 13)
    assert transform[0] == pytest.approx(82.0 - 0.125)
    assert transform[3] == pytest.approx(40.0 + 0.125)
    assert np.all(np.isfinite(stl1)) and 230 < np.nanmean(stl1) < 340
