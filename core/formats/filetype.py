"""What a file is, from its first bytes (never its name): the one place files are sniffed."""

from pathlib import Path

NETCDF = "netcdf"  # netCDF classic (CDF) or netCDF4 (HDF5)
GRIB = "grib"
ZIP = "zip"
GZIP = "gzip"
OTHER = "other"


def first_bytes(path, count: int = 8) -> bytes:
    """The first ``count`` bytes; an unreadable file raises OSError (the caller names it)."""
    with open(Path(path), "rb") as stream:
        return stream.read(count)


def file_kind(path) -> str:
    """NETCDF, GRIB, ZIP, GZIP or OTHER; an unreadable file raises OSError (the caller names it)."""
    head = first_bytes(path)
    if head[:3] == b"CDF" or head[:8] == b"\x89HDF\r\n\x1a\n":
        return NETCDF
    if head[:4] == b"GRIB":
        return GRIB
    if head[:4] == b"PK\x03\x04":
        return ZIP
    if head[:2] == b"\x1f\x8b":
        return GZIP
    return OTHER


def is_netcdf(path) -> bool:
    """True when the file starts like a netCDF (classic or netCDF4/HDF5) file."""
    return file_kind(path) == NETCDF


def is_gzip(path) -> bool:
    """True when the file is gzip-compressed."""
    return file_kind(path) == GZIP
