"""UTC time handling: numpy datetime64 <-> CF 'hours since' and ISO 8601 labels."""

from typing import Optional

import numpy as np

from .errors import VariableError

CF_TIME_UNITS = "hours since 1970-01-01 00:00:00"
EPOCH = np.datetime64("1970-01-01T00:00:00", "s")


def to_datetime64(values) -> np.ndarray:
    """Times as numpy datetime64[s] (UTC, no time zone)."""
    return np.asarray(values, dtype="datetime64[s]")


def hours_since_epoch(times) -> np.ndarray:
    """Float hours since 1970-01-01T00Z (the CF time coordinate SandFlux writes)."""
    return (to_datetime64(times) - EPOCH).astype("int64") / 3600.0


def from_hours_since_epoch(hours) -> np.ndarray:
    return EPOCH + np.round(np.asarray(hours, dtype="float64") * 3600.0).astype("int64").astype(
        "timedelta64[s]"
    )


def iso_hour(time) -> str:
    """ISO 8601 UTC label, e.g. '2016-01-01T00:00:00Z'."""
    return str(np.datetime64(time, "s")) + "Z"


def parse_utc(text: Optional[str], what: str = "date-time") -> Optional[np.datetime64]:
    """Parse an ISO 8601 date or date-time as UTC; None or '' gives None."""
    if text is None or str(text).strip() == "":
        return None
    value = str(text).strip().replace(" ", "T")
    if value.endswith("Z"):
        value = value[:-1]
    for suffix in ("+00:00", "+0000"):
        if value.endswith(suffix):
            value = value[: -len(suffix)]
    try:
        return np.datetime64(value, "s")
    except ValueError:
        raise VariableError(
            f"Cannot read the {what} '{text}'. Write it as ISO 8601 UTC, e.g. 2016-01-01T00:00:00."
        ) from None


def year_of(times) -> np.ndarray:
    return to_datetime64(times).astype("datetime64[Y]").astype(int) + 1970
