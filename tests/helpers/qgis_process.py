"""The real qgis_process binary."""

import shutil
import subprocess
from pathlib import Path

import pytest


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
    return subprocess.run(
        [qgis_process_binary(), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
