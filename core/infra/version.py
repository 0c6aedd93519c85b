"""The software version, read once from the plugin's metadata.txt (its one source)."""

import configparser
from pathlib import Path

SOFTWARE_NAME = "SandFlux"


def _read_version() -> str:
    metadata = Path(__file__).resolve().parents[2] / "metadata.txt"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(metadata, encoding="utf-8")
    return parser.get("general", "version", fallback="0+unknown")


__version__ = _read_version()
