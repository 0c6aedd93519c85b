"""Threads inside one process: read the next block while numpy computes this one.

numpy, GDAL and netCDF4-python release the GIL in their heavy calls, so reading (decompressing)
one block on a background thread while the caller computes on the previous one uses a second
core without a second process (no extra interpreter, no copy of the data; this is how the tools
use both cores inside QGIS).

Debian's HDF5 is built without thread safety, and netCDF4-python releases the GIL around its
calls: two threads inside netCDF at once corrupt HDF5's state (seen here: "HDF5-DIAG: Error
detected" from two threads each reading its own file). Every netCDF call of SandFlux that can
run while another thread is busy goes through ``NETCDF_LOCK``.
"""

import ctypes
import ctypes.util
import queue
import threading
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")

NETCDF_LOCK = threading.RLock()

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


def prefetch(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """Yield the items of ``items``, producing up to ``depth`` of them ahead on a thread.

    The producer's exception is raised here, in the consumer; when the consumer stops early
    (an exception, a cancel, ``close()``), the producer stops after its current item.
    """
    handoff: "queue.Queue" = queue.Queue(maxsize=max(1, int(depth)))
    stop = threading.Event()

    def produce():
        try:
            quiet_hdf5_errors_on_this_thread()
            for item in items:
                if not _offer(handoff, item, stop):
                    return
            _offer(handoff, _DONE, stop)
        except BaseException as error:  # handed to the consumer
            _offer(handoff, _Failure(error), stop)

    producer = threading.Thread(target=produce, name="sandflux-prefetch", daemon=True)
    producer.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item
    finally:
        stop.set()
        producer.join()


# HDF5's "print the error stack" switch is kept per thread; netCDF turns it off on the thread that
# first uses netCDF, but not on later ones.
_HDF5_LIBRARY = ctypes.util.find_library("hdf5_serial") or ctypes.util.find_library("hdf5")
_H5E_DEFAULT = 0


def quiet_hdf5_errors_on_this_thread() -> None:
    """Turn off HDF5's error printing on the calling thread, as netCDF does on its first one.

    Without it, a netCDF file opened on a read-ahead thread prints an HDF5-DIAG stack for
    every optional attribute netCDF4-python probes (e.g. _QuantizeBitGroomNumberOfSignificant-
    Digits); the errors are expected and handled, only the printing is wrong. A no-op when no
    HDF5 library is found.
    """
    if not _HDF5_LIBRARY:
        return
    try:
        library = ctypes.CDLL(_HDF5_LIBRARY)  # the copy netCDF already loaded
        library.H5Eset_auto2(ctypes.c_int64(_H5E_DEFAULT), None, None)
    except (OSError, AttributeError):
        return


def _offer(handoff: "queue.Queue", item, stop: threading.Event) -> bool:
    """Put ``item`` unless the consumer has stopped; False when it has."""
    while not stop.is_set():
        try:
            handoff.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False
