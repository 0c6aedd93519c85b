"""Helpers shared by the tests: paths, the plugin link and the real qgis_process binary.

The plugin is imported as ``sandflux`` from build/plugins/sandflux (a link to the repository
root, made by scripts/setup.sh), whatever the checkout folder is called.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "build" / "plugins"
PLUGIN_LINK = PLUGINS / "sandflux"
TEST_DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"

if not PLUGIN_LINK.exists():
    PLUGINS.mkdir(parents=True, exist_ok=True)
    PLUGIN_LINK.symlink_to(ROOT, target_is_directory=True)
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))


def qgis_process_binary() -> str:
    """The real qgis_process binary (Debian: qgis_process.bin; elsewhere: qgis_process)."""
    for name in ("qgis_process.bin", "qgis_process"):
        fallback = Path(f"/usr/bin/{name}")
        found = shutil.which(name) or (str(fallback) if fallback.exists() else None)
        if found:
            return found
    pytest.fail("qgis_process is not installed; run `make test`, which installs QGIS")


def run_qgis_process(env, *arguments, timeout=600):
    """Run qgis_process.bin with ``arguments``; return the CompletedProcess (text)."""
    return subprocess.run([qgis_process_binary(), *arguments], env=env, capture_output=True,
                          text=True, timeout=timeout)
