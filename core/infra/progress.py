"""Progress reporting and cancellation for long core loops, without any GUI dependency.

Core functions take ``progress(fraction, message)`` and ``is_cancelled()`` plain callables;
the QGIS base algorithm adapts its feedback to them once.
"""

from typing import Callable, Optional

from .errors import Cancelled

ProgressCallback = Callable[[float, str], None]
CancelCheck = Callable[[], bool]


class Progress:
    """Reports the fraction done of one step, optionally as a sub-range of a larger run."""

    def __init__(
        self,
        callback: Optional[ProgressCallback] = None,
        is_cancelled: Optional[CancelCheck] = None,
        start: float = 0.0,
        end: float = 1.0,
    ):
        self._callback = callback
        self._is_cancelled = is_cancelled
        self._start = start
        self._end = end

    def report(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0..1) of this step done; raise Cancelled if the user cancelled."""
        self.check_cancelled()
        if self._callback is not None:
            fraction = min(max(fraction, 0.0), 1.0)
            self._callback(self._start + (self._end - self._start) * fraction, message)

    def check_cancelled(self) -> None:
        """Raise Cancelled when the user asked to stop."""
        if self._is_cancelled is not None and self._is_cancelled():
            raise Cancelled("Cancelled by the user; no output was written.")

    def sub(self, start: float, end: float) -> "Progress":
        """A Progress for a part of this step, covering ``start``..``end`` of it."""
        span = self._end - self._start
        return Progress(
            self._callback, self._is_cancelled, self._start + span * start, self._start + span * end
        )


def as_progress(progress=None, is_cancelled=None) -> Progress:
    """Accept a Progress, a callback, or nothing, and return a Progress."""
    if isinstance(progress, Progress):
        return progress
    return Progress(progress, is_cancelled)
