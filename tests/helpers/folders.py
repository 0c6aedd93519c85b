"""What a folder holds: for the tests that a failed run leaves nothing behind."""

import hashlib
import os
from pathlib import Path


def folder_state(folder):
    """{relative name: (sha256, mtime_ns, size)} of every file under ``folder`` (hidden too)."""
    state = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            stat = path.stat()
            state[str(path.relative_to(folder))] = (digest, stat.st_mtime_ns, stat.st_size)
    return state


def leftovers(folder):
    """Every entry of ``folder`` (hidden temporary siblings included), sorted by name."""
    folder = Path(folder)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
