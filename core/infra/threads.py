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


def _offer(handoff: "queue.Queue", item, stop: threading.Event) -> bool:
    """Put ``item`` unless the consumer has stopped; False when it has."""
    while not stop.is_set():
        try:
            handoff.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False
