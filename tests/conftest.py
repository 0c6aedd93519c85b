"""Shared fixtures: the provider once per session, and a throw-away profile for qgis_process.

The one place tests/ touches sys.path: tests/ itself (for the helpers package, tests/helpers)
and build/plugins (the plugin imported as ``sandflux``, as QGIS installs it).
"""

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from helpers.paths import PLUGIN_LINK, PLUGINS, ROOT  # noqa: E402 (needs tests/ on sys.path)
from helpers.qgis_process import run_qgis_process  # noqa: E402 (needs tests/ on sys.path)

if not PLUGIN_LINK.exists():
    PLUGINS.mkdir(parents=True, exist_ok=True)
    PLUGIN_LINK.symlink_to(ROOT, target_is_directory=True)
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))


@pytest.fixture(scope="session")
def sandflux_provider(qgis_processing):
    """The SandFlux provider registered once in the pytest-qgis QGIS session."""
    from qgis.core import QgsApplication

    from sandflux.provider.provider import SandFluxProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("sandflux")
    if provider is None:
        provider = SandFluxProvider()
        assert registry.addProvider(provider)
    yield provider


@pytest.fixture()
def qgis_iface(qgis_iface, monkeypatch):
    """pytest-qgis's interface, with a real layer tree view when it has none.

    From QGIS 3.40, Processing's result loading asks ``iface.layerTreeView()`` where to insert
    the layers. pytest-qgis 2.x's interface has no such method and 3.x returns a MagicMock,
    which QGIS 3.44 refuses; the QGIS desktop has a QgsLayerTreeView on the project's tree.
    """
    from qgis.core import QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView

    current = getattr(qgis_iface, "layerTreeView", None)
    if not (callable(current) and isinstance(current(), QgsLayerTreeView)):
        model = QgsLayerTreeModel(QgsProject.instance().layerTreeRoot())
        view = QgsLayerTreeView()
        view.setModel(model)
        monkeypatch.setattr(qgis_iface, "layerTreeView", lambda: view, raising=False)
    yield qgis_iface


@pytest.fixture(scope="session")
def qgis_process_env(tmp_path_factory):
    """Environment for the real qgis_process.bin with the plugin enabled in a throw-away profile.

    Debian's qgis_process wrapper adds --noversioncheck, which 3.22's binary rejects, so the
    tests call qgis_process.bin, which is what the wrapper runs.
    """
    profile = tmp_path_factory.mktemp("qgis-profile")
    env = dict(
        os.environ,
        QGIS_CUSTOM_CONFIG_PATH=str(profile),
        QGIS_PLUGINPATH=str(PLUGINS),
        QT_QPA_PLATFORM="offscreen",
    )
    result = run_qgis_process(env, "plugins", "enable", "sandflux", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return env


def pytest_sessionfinish(session, exitstatus):
    session.config._sandflux_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without the interpreter's final garbage collection, once pytest has reported.

    After pytest-qgis's exitQgis(), collecting the remaining Python wrappers of QGIS and GDAL
    objects can crash in their C++ destructors ("double free or corruption" or a segfault),
    which would turn a passing run into a failed one. All results are reported by now.
    """
    status = getattr(config, "_sandflux_exit_status", None)
    if status is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
