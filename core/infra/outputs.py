"""Writing outputs safely: to a temporary name in the target folder, renamed at the end."""

import contextlib
import errno
import os
import shutil
import uuid
from pathlib import Path
from typing import Iterator

from .errors import OutputError


def temporary_sibling(path: Path) -> Path:
    """A unique temporary name beside ``path`` that keeps its extension (drivers guess by it)."""
    return path.with_name(f".{path.stem}.partial-{uuid.uuid4().hex[:8]}{path.suffix}")


@contextlib.contextmanager
def atomic_output(path, what: str = "output") -> Iterator[Path]:
    """Yield a temporary path to write ``path``; rename on success, delete on any failure.

    A failed or cancelled run therefore never leaves a partial file under the final name.
    The output may also be a folder (a .zarr store): an older one of that name is replaced.
    """
    final = Path(path)
    folder = final.parent if str(final.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"{folder} is a file, not a folder, so the {what} {final.name} cannot be written "
            "inside it. Choose an output path in a folder you can write to."
        )
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"Cannot create the folder {folder} for the {what} {final.name}: {error.strerror}. "
                "Choose a folder you can write to."
            ) from error
    if not os.access(folder, os.W_OK):
        raise OutputError(
            f"The folder {folder} is not writable, so the {what} {final.name} cannot be written. "
            "Choose a folder you can write to."
        )
    temporary = temporary_sibling(final)
    try:
        yield temporary
        if temporary.is_dir() and final.is_dir():
            shutil.rmtree(final)  # os.replace moves a folder only onto an empty one
        os.replace(temporary, final)
    except (OSError, RuntimeError, OutputError) as error:
        # netCDF4/HDF5 and GDAL report a full disk as RuntimeError ("NetCDF: HDF error",
        # "TIFFWrite...: IO error") or even EACCES: look at the free space before cleaning up.
        full = _disk_full(error, folder)
        _remove_quietly(temporary)
        if full:
            raise OutputError(
                f"The disk is full while writing the {what} {final}; nothing was written. "
                "Free some space or choose another folder."
            ) from error
        if isinstance(error, OutputError):
            raise
        raise OutputError(
            f"Cannot write the {what} {final}: {error}. Nothing was written. "
            "Check the folder and the free space."
        ) from error
    except BaseException:
        _remove_quietly(temporary)
        raise


# Below this many free bytes an I/O failure is taken to be a full disk.
DISK_FULL_BYTES = 1024 * 1024


def _disk_full(error: BaseException, folder: Path) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    try:
        usage = os.statvfs(folder)
    except OSError:
        return False
    return usage.f_bavail * usage.f_frsize < DISK_FULL_BYTES


def _remove_quietly(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    with contextlib.suppress(OSError):
        path.unlink()
    # GDAL may leave side-car files next to the temporary name.
    for sidecar in path.parent.glob(path.name + ".*"):
        with contextlib.suppress(OSError):
            sidecar.unlink()


@contextlib.contextmanager
def all_or_nothing() -> Iterator[list]:
    """Collect the final paths a run writes (``written.append(path)``); on any failure or
    cancel, remove them again, so a tool with several outputs leaves all of them or none."""
    written: list = []
    try:
        yield written
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                Path(path).unlink()
        raise
