"""The plugin loads as QGIS loads it: classFactory, one provider 'sandflux', unload removes it."""

import configparser
import os
import subprocess
import sys
import textwrap

from helpers.paths import PLUGINS, ROOT


def test_metadata_has_every_field_the_plugin_repository_needs():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    general = parser["general"]
    for key in (
        "name",
        "qgisMinimumVersion",
        "description",
        "about",
        "version",
        "author",
        "email",
        "repository",
        "tracker",
        "homepage",
        "tags",
        "category",
        "icon",
        "experimental",
        "changelog",
        "hasProcessingProvider",
    ):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    for dependency in ("numpy", "netCDF4", "xarray", "scipy", "cfgrib"):
        assert dependency in general["about"]
    assert (ROOT / general["icon"]).exists()


def test_class_factory_registers_one_provider_and_unload_removes_it(tmp_path):
    # In a fresh QGIS process, as QGIS loads a plugin (the test session's own provider stays).
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(PLUGINS)!r})
        from qgis.core import QgsApplication
        app = QgsApplication([], False)
        app.initQgis()
        import sandflux
        registry = QgsApplication.processingRegistry()
        assert registry.providerById("sandflux") is None
        plugin = sandflux.classFactory(None)
        plugin.initProcessing()
        provider = registry.providerById("sandflux")
        names = sorted(a.name() for a in provider.algorithms())
        plugin.unload()
        print(" ".join(names), registry.providerById("sandflux") is None)
        app.exitQgis()
    """)
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    names, removed = result.stdout.split("\n")[-2].rsplit(" ", 1)
    assert set(names.split()) >= {
        "importera5",
        "calibratemodel",
        "computeflux",
        "soilproperties",
        "annualsequestration",
    }
    assert removed == "True"


def test_core_imports_and_works_with_qgis_unimportable():
    script = textwrap.dedent(f"""
        import sys
        class BlockQgis:
            def find_spec(self, name, path=None, target=None):
                if name == "qgis" or name.startswith("qgis."):
                    raise ImportError("qgis is blocked for this test")
        sys.meta_path.insert(0, BlockQgis())
        sys.path.insert(0, {str(PLUGINS)!r})
        from sandflux.core.model import models, calibration_file
        from sandflux.core.inputs import era5
        from sandflux.core.infra import constants
        import numpy as np
        value = models.DESERT.evaluate([0, 1e-6, 2.0, 0, 0.05, 0, 0.03], 298.15, 0.01, 0.0)
        assert abs(value - 2e-6) < 1e-18, value
        assert "qgis" not in sys.modules
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
