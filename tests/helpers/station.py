"""Station CSV files as a scientist might have them (AmeriFlux BASE half-hourly by default)."""

from pathlib import Path

import numpy as np

STATION_HEADER = "TIMESTAMP_START,TIMESTAMP_END,FC,TS_1_1_1,SWC_1_1_1"


def station_rows(
    n_records=96 * 3, start="2016-07-01T00:00", flux_umol=None, ts_degc=None, swc_percent=None
):
    """AmeriFlux BASE half-hourly rows (TIMESTAMP_START/END YYYYMMDDHHMM, FC, TS, SWC)."""
    first = np.datetime64(start, "m")
    starts = first + np.arange(n_records) * np.timedelta64(30, "m")
    hour = (starts - starts.astype("datetime64[D]")).astype("int64") / 60.0
    flux = (-0.3 + 0.8 * np.sin(2 * np.pi * (hour - 6) / 24)) if flux_umol is None else flux_umol
    ts = (25 + 10 * np.sin(2 * np.pi * (hour - 8) / 24)) if ts_degc is None else ts_degc
    swc = np.full(n_records, 4.0) if swc_percent is None else swc_percent
    rows = []
    for i, begin in enumerate(starts):
        end = begin + np.timedelta64(30, "m")
        rows.append(
            f"{_stamp(begin)},{_stamp(end)},{_cell(flux, i)},{_cell(ts, i)},{_cell(swc, i)}"
        )
    return rows


def _cell(values, i):
    value = values[i] if np.ndim(values) else values
    return value if isinstance(value, str) else f"{float(value):.4f}"


def _stamp(moment) -> str:
    return str(moment.astype("datetime64[m]")).replace("-", "").replace("T", "").replace(":", "")


def write_station(path, rows=None, header=STATION_HEADER, comments=("# Site: XX-Rel",)):
    """An AmeriFlux-style station CSV from ``rows`` (default: three clean days)."""
    rows = station_rows() if rows is None else rows
    lines = list(comments) + ([header] if header is not None else []) + list(rows)
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return Path(path)
