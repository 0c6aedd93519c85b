"""The import tool: ERA5 downloads -> one SandFlux forcing file, or a forcing reference
(sandflux:importera5).

The downloads are read by core.inputs.era5.Era5Source (recognise, find stl1/swvl1, decode times,
join, normalise the grid, clip to EXTENT, check and convert units: the same reader the flux and
annual tools use on downloads); this tool writes what it yields, chunk by chunk, with
core.formats.forcing. An output ending in ``.sandflux.json`` is a forcing reference instead
(core.formats.forcing_reference): the same checks, every value read, nothing compressed, and a
small file that records the downloads, the options and what the checks found.
"""

from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..formats import forcing_reference
from ..formats.forcing import write_forcing
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour, parse_utc
from ..inputs.era5 import Era5Source, ImportResult, WarnCallback


def import_era5(
    inputs: Sequence,
    output,
    extent: Optional[Sequence[float]] = None,
    start=None,
    end=None,
    temperature_variable: Optional[str] = None,
    moisture_variable: Optional[str] = None,
    progress=None,
    warn: Optional[WarnCallback] = None,
    time_chunk: Optional[int] = None,
    background_writer: bool = False,
    check_every_value: bool = True,
) -> ImportResult:
    """Import ERA5 stl1 and swvl1 from ``inputs`` into the forcing file ``output``, or, when
    ``output`` ends in ``.sandflux.json``, into a forcing reference.

    ``extent`` is (west, south, east, north) in degrees (points whose centres fall inside are
    kept); ``start``/``end`` are inclusive UTC date-times (ISO text or datetime64). Warnings
    (dropped repeated steps, hours with one variable only) go to ``warn``. Nothing is left at
    ``output`` when the import fails or is cancelled. ``background_writer``: compress and
    write the forcing file in a second process while this one reads (two cores, for scripts
    and the benchmark; see core.formats.forcing.write_forcing).

    A forcing reference: the downloads are fingerprinted, opened with Era5Source (every header
    check) and, when ``check_every_value``, read chunk by chunk (every value check, nothing kept
    or compressed); the reference records them, the options and what the checks found.
    """
    progress = as_progress(progress)
    reference = is_reference_path(output)
    downloads = None
    if reference:
        folder = Path(output).resolve().parent
        downloads = [forcing_reference.record_download(p, folder) for p in inputs]
        inputs = [d.path for d in downloads]
    with Era5Source(
        inputs,
        extent,
        start,
        end,
        temperature_variable,
        moisture_variable,
        warn,
        progress.sub(0.0, 0.05),
        time_chunk,
    ) as source:
        times, chunk = source.times, source.stored_time_chunk
        if not reference:
            path = write_forcing(
                output,
                source.grid,
                _checked_chunks(source, progress.sub(0.05, 1.0), "Importing"),
                attributes=source.attributes,
                time_chunk=chunk,
                progress=progress,
                background=background_writer,
            )
        else:
            if check_every_value:
                for _ in _checked_chunks(source, progress.sub(0.05, 0.99), "Checking"):
                    pass  # read for the checks alone
            attributes = source.attributes
            path = forcing_reference.write_forcing_reference(
                output,
                forcing_reference.ForcingReference(
                    downloads=downloads,
                    grid=source.grid,
                    hours_count=int(times.size),
                    first_hour=iso_hour(times[0]),
                    last_hour=iso_hour(times[-1]),
                    hours_sha256=forcing_reference.hours_sha256(times),
                    extent=[float(v) for v in extent] if extent is not None else None,
                    start=_iso_or_none(start),
                    end=_iso_or_none(end),
                    temperature_variable=temperature_variable or None,
                    moisture_variable=moisture_variable or None,
                    time_chunk_hours=chunk,
                    values_checked=check_every_value,
                    moisture_values_clipped=(
                        source.moisture_values_clipped if check_every_value else None
                    ),
                    land_sea_mask=attributes["sandflux_land_sea_mask"],
                    stl1_source=attributes["sandflux_stl1_source"],
                    swvl1_source=attributes["sandflux_swvl1_source"],
                    warnings=list(source.warnings),
                ),
            )
            progress.report(1.0, "Forcing reference written")
    return ImportResult(
        Path(path),
        source.grid,
        int(times.size),
        times[0],
        times[-1],
        source.sources,
        list(source.warnings),
        source.moisture_values_clipped,
    )


def _checked_chunks(source: Era5Source, progress, verb: str):
    """(times, stl1, swvl1) of ``source``'s stored chunks, each checked as it is read; at the
    end, the check that each variable had values (raised before anything is renamed)."""
    times, chunk = source.times, source.stored_time_chunk
    for begin in range(0, times.size, chunk):
        progress.report(begin / times.size, f"{verb} {iso_hour(times[begin])} ..")
        end = min(begin + chunk, times.size)
        stl1, swvl1 = source.read(begin, end)
        yield times[begin:end], stl1, swvl1
    source.check_values()
    progress.report(1.0, "Import finished")


def is_reference_path(output) -> bool:
    """True when the import writes a forcing reference to ``output`` (by its extension)."""
    return str(output).lower().endswith(forcing_reference.SUFFIX)


def _iso_or_none(when) -> Optional[str]:
    """``when`` (ISO text or datetime64) as the ISO UTC text Era5Source reads back, or None."""
    value = when if isinstance(when, np.datetime64) else parse_utc(when)
    return None if value is None else str(value.astype("datetime64[s]"))
