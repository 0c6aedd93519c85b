"""The import tool: ERA5 downloads -> one SandFlux forcing file (sandflux:importera5).

The downloads are read by core.inputs.era5.Era5Source (recognise, find stl1/swvl1, decode times,
join, normalise the grid, clip to EXTENT, check and convert units: the same reader the flux and
annual tools use on downloads); this tool writes what it yields, chunk by chunk, with
core.formats.forcing.
"""

from pathlib import Path
from typing import Optional, Sequence

from ..formats.forcing import write_forcing
from ..infra.progress import as_progress
from ..infra.timeutil import iso_hour
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
) -> ImportResult:
    """Import ERA5 stl1 and swvl1 from ``inputs`` into the forcing file ``output``.

    ``extent`` is (west, south, east, north) in degrees (points whose centres fall inside are
    kept); ``start``/``end`` are inclusive UTC date-times (ISO text or datetime64). Warnings
    (dropped repeated steps, hours with one variable only) go to ``warn``. Nothing is left at
    ``output`` when the import fails or is cancelled. ``background_writer``: compress and
    write the forcing file in a second process while this one reads (two cores, for scripts
    and the benchmark; see core.formats.forcing.write_forcing).
    """
    progress = as_progress(progress)
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
        read_progress = progress.sub(0.05, 1.0)
        times, chunk = source.times, source.stored_time_chunk

        def chunks():
            for begin in range(0, times.size, chunk):
                read_progress.report(begin / times.size, f"Importing {iso_hour(times[begin])} ..")
                end = min(begin + chunk, times.size)
                stl1, swvl1 = source.read(begin, end)
                yield times[begin:end], stl1, swvl1
            source.check_values()  # raised before the rename: nothing is left at ``output``
            read_progress.report(1.0, "Import finished")

        path = write_forcing(
            output,
            source.grid,
            chunks(),
            attributes=source.attributes,
            time_chunk=chunk,
            progress=progress,
            background=background_writer,
        )
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
