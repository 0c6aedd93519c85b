"""Which forcing a tool reads: a SandFlux forcing file, a forcing reference, or the ERA5
downloads themselves.

The flux and annual tools (and the calibration's soil correction) take either; the choice is
made here, by content (core.inputs.era5's sniffing), never by the file name.
"""

from pathlib import Path
from typing import Sequence, Union

from ..formats import forcing_reference
from ..formats.forcing import ForcingSource, open_forcing
from ..infra.errors import InputFileError
from ..inputs.era5 import Era5Source, is_forcing_file

PathsLike = Union[str, Path, Sequence[Union[str, Path]]]


def forcing_paths(paths: PathsLike) -> list:
    """``paths`` as a list of path strings (one path, or a list/tuple of them)."""
    if isinstance(paths, (str, Path)):
        return [str(paths)]
    return [str(p) for p in paths]


def open_forcing_source(paths: PathsLike, **era5_options) -> ForcingSource:
    """The forcing in ``paths``: one SandFlux forcing file, one forcing reference (the
    downloads it records, checked against their fingerprints, read with the recorded options),
    or ERA5 downloads (netCDF old and new, GRIB, zip; one or several) read as they are by
    core.inputs.era5.Era5Source with ``era5_options`` (extent, start, end,
    temperature_variable, moisture_variable, warn)."""
    files = forcing_paths(paths)
    if not files:
        raise InputFileError(
            "No forcing given. Choose the forcing file written by Import ERA5, "
            "or the ERA5 files downloaded from the Climate Data Store."
        )
    forcing_files = [
        f
        for f in files
        if Path(f).is_file()
        and (forcing_reference.is_forcing_reference(f) or is_forcing_file(Path(f)))
    ]
    if forcing_files and len(files) > 1:
        raise InputFileError(
            f"{forcing_files[0]} is a SandFlux forcing file and cannot be joined with other "
            "files. Give the forcing file alone, or the ERA5 downloads without it."
        )
    if forcing_files:
        if era5_options.get("extent") is not None:
            raise InputFileError(
                f"{files[0]} is a forcing file, already cut to its extent; "
                "EXTENT applies to the ERA5 downloads only. Leave it empty."
            )
        if forcing_reference.is_forcing_reference(files[0]):
            return open_reference(files[0], era5_options.get("warn"))
        return open_forcing(files[0])
    return Era5Source(files, **era5_options)


def open_reference(path, warn=None) -> Era5Source:
    """The downloads a forcing reference records, found (absolute path, else relative to the
    reference), checked against their fingerprints, and opened with the recorded options;
    InputFileError, naming the reference and the file, when one is missing or changed."""
    reference = forcing_reference.read_forcing_reference(path)
    files = forcing_reference.locate_downloads(reference)
    source = Era5Source(
        files,
        extent=reference.extent,
        start=reference.start,
        end=reference.end,
        temperature_variable=reference.temperature_variable,
        moisture_variable=reference.moisture_variable,
        warn=warn,
        time_chunk=reference.time_chunk_hours,
    )
    try:
        forcing_reference.check_matches(reference, source.grid, source.times)
    except BaseException:
        source.close()
        raise
    return source
