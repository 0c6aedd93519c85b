"""The FORCING REFERENCE: a small JSON file that stands for the ERA5 downloads it records.

Written by the ERA5 import instead of the forcing copy (core.formats.forcing) when the output
ends in ``.sandflux.json``; read by every tool that takes FORCING (core.tools.sources), which
reopens the recorded downloads with the recorded options through core.inputs.era5.Era5Source.
It holds no values: it is cheap to write (no compression) but not portable on its own.

JSON, not netCDF: a few kilobytes of paths, options and check results that a person can read and
diff, written and read with the standard library. The layout (the contract, version 1):

- ``sandflux_file_type``: "forcing_reference" (how the file is recognised: by content, not name);
  ``format_version``: 1; ``software``; ``created`` (UTC);
- ``downloads``: one entry an input file, in the import's order: ``path`` (absolute),
  ``relative_path`` (from the reference's folder, "/" separated; null on another drive),
  ``size_bytes``, ``mtime_ns`` and ``head_tail_sha256`` (SHA-256 of the first and the last
  64 KiB): the fingerprint checked before every use;
- ``options``: ``extent`` [west, south, east, north] or null, ``start``/``end`` (ISO UTC or
  null), ``temperature_variable``/``moisture_variable`` (or null), ``time_chunk_hours``;
- ``grid``: ``west_centre``, ``north_centre``, ``step_lon``, ``step_lat``, ``nx``, ``ny``;
- ``hours``: ``count``, ``first``, ``last`` (ISO UTC) and ``sha256`` of the hours (int64 seconds
  since 1970, little-endian);
- ``checks``: ``values_checked`` (every value read and checked when written),
  ``moisture_values_clipped`` (null when the values were not read), ``land_sea_mask``,
  ``stl1_source``, ``swvl1_source``, ``warnings``.
"""

import datetime as _datetime
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np

from ..infra.errors import InputFileError
from ..infra.grid import Grid
from ..infra.outputs import atomic_output
from ..infra.timeutil import iso_hour
from ..infra.version import SOFTWARE_NAME, __version__
from . import filetype

FILE_TYPE = "forcing_reference"
FORMAT_VERSION = 1
# The reference's extension: what the import tool writes when OUTPUT ends with it.
SUFFIX = ".sandflux.json"
# Bytes hashed at each end of a download for its fingerprint.
FINGERPRINT_BYTES = 64 * 1024
# A reference is a few kilobytes; a larger JSON is not one (and is not read whole to find out).
MAX_REFERENCE_BYTES = 16 * 1024 * 1024
RERUN = "Re-run Import ERA5 on the downloads to write a new reference"


@dataclass
class DownloadRecord:
    """One recorded download: where it was, and its fingerprint."""

    path: str
    relative_path: Optional[str]
    size_bytes: int
    mtime_ns: int
    head_tail_sha256: str


@dataclass
class ForcingReference:
    """A forcing reference's content (see the module doc for the fields)."""

    downloads: List[DownloadRecord]
    grid: Grid
    hours_count: int
    first_hour: str
    last_hour: str
    hours_sha256: str
    extent: Optional[List[float]] = None
    start: Optional[str] = None
    end: Optional[str] = None
    temperature_variable: Optional[str] = None
    moisture_variable: Optional[str] = None
    time_chunk_hours: Optional[int] = None
    values_checked: bool = True
    moisture_values_clipped: Optional[int] = None
    land_sea_mask: str = ""
    stl1_source: str = ""
    swvl1_source: str = ""
    warnings: List[str] = field(default_factory=list)
    path: Optional[Path] = None  # where it was read from (not stored)


def head_tail_sha256(path) -> str:
    """SHA-256 of the first and the last FINGERPRINT_BYTES of ``path`` (all of a small file)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        digest.update(stream.read(FINGERPRINT_BYTES))
        if size > FINGERPRINT_BYTES:
            stream.seek(max(FINGERPRINT_BYTES, size - FINGERPRINT_BYTES))
            digest.update(stream.read(FINGERPRINT_BYTES))
    return digest.hexdigest()


def hours_sha256(times: np.ndarray) -> str:
    """SHA-256 of the hours as little-endian int64 seconds since 1970."""
    seconds = np.asarray(times).astype("datetime64[s]").astype("<i8")
    return hashlib.sha256(seconds.tobytes()).hexdigest()


def record_download(path, reference_folder: Path) -> DownloadRecord:
    """The record (absolute and relative path, size, mtime, fingerprint) of one download."""
    absolute = Path(path).resolve()
    stat = absolute.stat()
    try:
        relative = Path(os.path.relpath(absolute, reference_folder.resolve())).as_posix()
    except ValueError:  # another drive (Windows): only the absolute path is recorded
        relative = None
    return DownloadRecord(
        str(absolute), relative, stat.st_size, stat.st_mtime_ns, head_tail_sha256(absolute)
    )


def is_forcing_reference(path) -> bool:
    """True when ``path`` is a forcing reference (JSON marked sandflux_file_type =
    forcing_reference), by content, whatever its name."""
    try:
        if filetype.first_bytes(path, 1) != b"{":
            return False
        if Path(path).stat().st_size > MAX_REFERENCE_BYTES:
            return False
        with open(path, encoding="utf-8") as stream:
            content = json.load(stream)
    except (OSError, ValueError):
        return False
    return isinstance(content, dict) and content.get("sandflux_file_type") == FILE_TYPE


def write_forcing_reference(path, reference: ForcingReference) -> Path:
    """Write ``reference`` to ``path`` (temporary name, renamed at the end)."""
    final = Path(path)
    content = {
        "sandflux_file_type": FILE_TYPE,
        "format_version": FORMAT_VERSION,
        "software": f"{SOFTWARE_NAME} {__version__}",
        "created": _datetime.datetime.now(_datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "downloads": [vars(d) for d in reference.downloads],
        "options": {
            "extent": reference.extent,
            "start": reference.start,
            "end": reference.end,
            "temperature_variable": reference.temperature_variable,
            "moisture_variable": reference.moisture_variable,
            "time_chunk_hours": reference.time_chunk_hours,
        },
        "grid": {
            "west_centre": reference.grid.west_centre,
            "north_centre": reference.grid.north_centre,
            "step_lon": reference.grid.step_lon,
            "step_lat": reference.grid.step_lat,
            "nx": reference.grid.nx,
            "ny": reference.grid.ny,
        },
        "hours": {
            "count": reference.hours_count,
            "first": reference.first_hour,
            "last": reference.last_hour,
            "sha256": reference.hours_sha256,
        },
        "checks": {
            "values_checked": reference.values_checked,
            "moisture_values_clipped": reference.moisture_values_clipped,
            "land_sea_mask": reference.land_sea_mask,
            "stl1_source": reference.stl1_source,
            "swvl1_source": reference.swvl1_source,
            "warnings": list(reference.warnings),
        },
    }
    with atomic_output(final, "forcing reference") as temporary:
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(content, stream, indent=2)
            stream.write("\n")
    return final


def read_forcing_reference(path) -> ForcingReference:
    """The reference at ``path``; InputFileError when it is not a readable version-1 reference."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as stream:
            content = json.load(stream)
        if content.get("sandflux_file_type") != FILE_TYPE:
            raise ValueError("not a forcing reference")
        if content.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"format version {content.get('format_version')!r} unknown")
        options, grid, hours, checks = (
            content["options"],
            content["grid"],
            content["hours"],
            content["checks"],
        )
        return ForcingReference(
            downloads=[DownloadRecord(**d) for d in content["downloads"]],
            grid=Grid(
                float(grid["west_centre"]),
                float(grid["north_centre"]),
                float(grid["step_lon"]),
                float(grid["step_lat"]),
                int(grid["nx"]),
                int(grid["ny"]),
            ),
            hours_count=int(hours["count"]),
            first_hour=hours["first"],
            last_hour=hours["last"],
            hours_sha256=hours["sha256"],
            extent=options.get("extent"),
            start=options.get("start"),
            end=options.get("end"),
            temperature_variable=options.get("temperature_variable"),
            moisture_variable=options.get("moisture_variable"),
            time_chunk_hours=options.get("time_chunk_hours"),
            values_checked=bool(checks.get("values_checked")),
            moisture_values_clipped=checks.get("moisture_values_clipped"),
            land_sea_mask=checks.get("land_sea_mask", ""),
            stl1_source=checks.get("stl1_source", ""),
            swvl1_source=checks.get("swvl1_source", ""),
            warnings=list(checks.get("warnings", [])),
            path=path,
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputFileError(
            f"Cannot read the forcing reference {path}: {error}. {RERUN}, or give the forcing "
            "file or the downloads instead."
        ) from error


def locate_downloads(reference: ForcingReference) -> List[str]:
    """The recorded downloads as they are now, each checked against its fingerprint.

    A download is looked for at its absolute path, then at its path relative to the reference
    (the folder moved with the reference). A missing file, or one whose size, modification time
    or first/last 64 KiB differ from the record, is refused: the reference would give other
    numbers than when it was written.
    """
    folder = reference.path.parent if reference.path is not None else Path(".")
    found = []
    for record in reference.downloads:
        candidates = [Path(record.path)]
        if record.relative_path is not None:
            candidates.append(folder / record.relative_path)
        existing = [c for c in candidates if c.is_file()]
        if not existing:
            where = " or ".join(str(c) for c in candidates)
            raise InputFileError(
                f"The forcing reference {reference.path} records the download {record.path}, "
                f"which is not there any more (looked for {where}). Put the download back (or "
                "move it together with the reference), or re-run Import ERA5 on the downloads "
                "to write a new reference."
            )
        path = _matching(existing, record)
        if path is None:
            raise InputFileError(
                f"The forcing reference {reference.path} records the download {record.path}, "
                f"but {existing[0]} has changed since the reference was written "
                f"({_difference(existing[0], record)}). {RERUN} (or use the forcing file)."
            )
        found.append(str(path))
    return found


def check_matches(reference: ForcingReference, grid: Grid, times: np.ndarray) -> None:
    """InputFileError when the reopened downloads give another grid or other hours."""
    problems = []
    if not grid.same_as(reference.grid):
        problems.append("their grid differs")
    if times.size != reference.hours_count or hours_sha256(times) != reference.hours_sha256:
        problems.append(
            f"they give {times.size} hours "
            f"({iso_hour(times[0]) if times.size else '-'} to "
            f"{iso_hour(times[-1]) if times.size else '-'}), the reference recorded "
            f"{reference.hours_count} ({reference.first_hour} to {reference.last_hour})"
        )
    if problems:
        raise InputFileError(
            f"The downloads recorded in the forcing reference {reference.path} no longer read as "
            f"when it was written: {'; '.join(problems)}. {RERUN}."
        )


def _matching(paths: Sequence[Path], record: DownloadRecord) -> Optional[Path]:
    for path in paths:
        stat = path.stat()
        if (
            stat.st_size == record.size_bytes
            and stat.st_mtime_ns == record.mtime_ns
            and head_tail_sha256(path) == record.head_tail_sha256
        ):
            return path
    return None


def _difference(path: Path, record: DownloadRecord) -> str:
    stat = path.stat()
    if stat.st_size != record.size_bytes:
        return f"{stat.st_size} bytes, recorded {record.size_bytes}"
    if stat.st_mtime_ns != record.mtime_ns:
        return "its modification time differs; a copy that did not keep the times counts as changed"
    return "its content differs"
