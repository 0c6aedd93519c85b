"""Paths of the repository the tests use.

The plugin is imported as ``sandflux`` from build/plugins/sandflux (a link to the repository
root, made by scripts/setup.sh, and by tests/conftest.py when it is missing).
"""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
PLUGINS = ROOT / "build" / "plugins"
PLUGIN_LINK = PLUGINS / "sandflux"
TEST_DATA = TESTS / "data"
ARTIFACTS = TESTS / "_artifacts"
