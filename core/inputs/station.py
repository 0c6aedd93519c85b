"""Reading eddy-covariance station files into hourly UTC series aligned with ERA5 instants.

Formats (``FORMATS``; "auto" recognises the first four by their header):

- AmeriFlux BASE: comment lines ``# Site: ..`` / ``# Version: ..``, then a header with
  TIMESTAMP_START, TIMESTAMP_END (YYYYMMDDHHMM, interval start/end), FC (umol CO2 m-2 s-1),
  TS_1_1_1 (degC), SWC_1_1_1 (%); QC: FC_SSITC_TEST when present;
- FLUXNET2015 / ONEFlux: TIMESTAMP_START/END, NEE_VUT_REF, TS_F_MDS_1, SWC_F_MDS_1 and their
  ``_QC`` flags (0 measured, 1 good gap-fill, 2 medium, 3 poor);
- European fluxdata (europe-fluxdata.eu): TIMESTAMP_END only, FC_1_1_1, TS_1_1_1, SWC_1_1_1;
- REddyProc: tab-separated Year, DoY, Hour (decimal hour of the interval END, 0.5..24) with a
  units row under the header; NEE, Tsoil, SWC/VWC;
- generic: any delimited text with the columns named by the caller (TIME_COLUMN holds date-times
  such as 2016-01-01 00:30 or YYYYMMDDHHMM, marking the interval end unless told otherwise).

Rules applied to every format:

- cells that are empty, NA/NaN or -9999 are missing; the other known missing-value codes
  (core.infra.ranges.MISSING_VALUE_CODES: -6999, -9999.9, 9999, ...) and the caller's
  ``missing_values`` are missing too, counted in a note (a warning of the calibration);
- every flux, soil temperature and soil moisture value must lie in its physical range
  (core.infra.ranges.RANGES): a value outside is an error naming the column, line and value;
  a column whose magnitudes betray a unit mix-up gets a note naming the likely cause;
- a QC flag above ``qc_max`` (default 1) removes the value of its variable (a missing flag
  keeps it: AmeriFlux files leave old years without tests);
- flux units: umol CO2 m-2 s-1 (x 4.401e-5), mg CO2 m-2 s-1 (x 1e-3) or g CO2 m-2 s-1;
- soil temperature: degC (+273.15), or kelvin when the column's median exceeds 150;
- soil moisture: % (/100) or m3 m-3; the known formats write %, a REddyProc units row says which,
  for generic files "auto" takes % when any value exceeds 1;
- local clock -> UTC: t_utc = t_local - UTC_OFFSET_HOURS;
- rows are sorted; of duplicated timestamps the last row wins (later rows are re-processings);
- HOUR ALIGNMENT: a record covering [start, end) is assigned to the ERA5 instant nearest its
  midpoint, H = floor((midpoint + 30 min) / 1 h) (a tie, as for hourly records, goes to the later
  instant, i.e. the record's end). For half-hourly data, the hour H therefore averages
  [H-30 min, H+30 min), the interval centred on ERA5's instantaneous value. An hour is kept for a
  variable only when ALL its records (2 for half-hourly data) hold a valid value; an incomplete
  hour is missing, because one half-hour alone would shift the hour's centre by 15 minutes
  (about 1 K of soil temperature around sunrise).
"""

import gzip
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

from ..formats.filetype import GZIP, ZIP, file_kind
from ..infra.constants import G_CO2_PER_MG_CO2, G_CO2_PER_UMOL_CO2, ZERO_CELSIUS_K
from ..infra.errors import InputFileError, UnitsError, VariableError
from ..infra.progress import as_progress
from ..infra.ranges import MISSING_VALUE_CODES, RANGES, STATION_FLUX_MAX_G
from ..model.models import temperature_tendency_k_h

FORMATS = ("auto", "ameriflux", "fluxnet2015", "europe", "reddyproc", "generic")
FORMAT_TITLES = {
    "auto": "auto-detect",
    "ameriflux": "AmeriFlux BASE",
    "fluxnet2015": "FLUXNET2015/ONEFlux",
    "europe": "European fluxdata",
    "reddyproc": "REddyProc",
    "generic": "generic CSV",
}

# Flux units accepted and their factor to g CO2 m-2 s-1.
FLUX_UNIT_FACTORS = {
    "umol": G_CO2_PER_UMOL_CO2,
    "mg": G_CO2_PER_MG_CO2,
    "g": 1.0,
}
FLUX_UNIT_TITLES = {"umol": "µmol CO2 m-2 s-1", "mg": "mg CO2 m-2 s-1", "g": "g CO2 m-2 s-1"}
MOISTURE_UNITS = ("auto", "percent", "m3_m3")

MISSING_VALUE = -9999.0
MISSING_TOKENS = {"", "na", "nan", "n/a", "null", "none", "-9999", "-9999.0", "-9999.00"}
KELVIN_MEDIAN_THRESHOLD = 150.0
# |flux| medians above this (g CO2 m-2 s-1, ~23 umol) mean the units were declared wrongly.
IMPLAUSIBLE_MEDIAN_FLUX_G = 1e-3

# Column candidates of each role, in order of preference, per format.
CANDIDATES = {
    "ameriflux": {
        "time": ["TIMESTAMP_START"],
        "flux": ["FC", "FC_1_1_1", "FC_1", "NEE"],
        "soil_temperature": ["TS_1_1_1", "TS_1", "TS", "TS_PI_1"],
        "soil_moisture": ["SWC_1_1_1", "SWC_1", "SWC", "SWC_PI_1"],
        "qc": ["FC_SSITC_TEST"],
    },
    "fluxnet2015": {
        "time": ["TIMESTAMP_START"],
        "flux": ["NEE_VUT_REF", "NEE_CUT_REF", "FC"],
        "soil_temperature": ["TS_F_MDS_1"],
        "soil_moisture": ["SWC_F_MDS_1"],
        "qc": [],
    },
    "europe": {
        "time": ["TIMESTAMP_END"],
        "flux": ["FC_1_1_1", "FC", "NEE_1_1_1"],
        "soil_temperature": ["TS_1_1_1", "TS_1_1_2", "TS"],
        "soil_moisture": ["SWC_1_1_1", "SWC_1_1_2", "SWC"],
        "qc": [],
    },
    "reddyproc": {
        "time": ["Year"],
        "flux": ["NEE", "FC"],
        "soil_temperature": ["Tsoil", "TS", "Ts"],
        "soil_moisture": ["SWC", "VWC", "Soilmoist", "SWC_1"],
        "qc": [],
    },
    "generic": {
        "time": ["TIMESTAMP", "TIMESTAMP_END", "datetime", "time", "date_time"],
        "flux": ["FC", "NEE", "co2_flux"],
        "soil_temperature": ["TS", "Ts", "Tsoil"],
        "soil_moisture": ["SWC", "VWC", "theta"],
        "qc": [],
    },
}
ROLE_TITLES = {
    "time": "time",
    "flux": "CO2 flux",
    "soil_temperature": "soil temperature",
    "soil_moisture": "soil moisture",
    "qc": "flux QC flag",
}
PERCENT_MOISTURE_FORMATS = ("ameriflux", "fluxnet2015", "europe")
_RECORD_MINUTES_ALLOWED = (10, 15, 20, 30, 60)
_NO_VALUES_HINT = (
    "Check that the column named (FLUX_COLUMN, SOIL_TEMPERATURE_COLUMN, "
    "SOIL_MOISTURE_COLUMN) is the right one, or choose a file with measurements."
)
# Date-times of generic files: year first (ISO 8601 style), optional seconds, no zone.
_ISO_LOCAL_TIME = r"\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d*)?)?)?"
_ZONE_SUFFIX = r".*(Z|[+-]\d{2}:?\d{2}|\s*[A-Za-z]{3,5})"


@dataclass
class StationSeries:
    """A station's hourly UTC series on a regular hourly axis (NaN = missing).

    ``times_utc[i]`` is the ERA5 instant the hour is centred on (see the module's alignment rule).
    """

    path: Path
    format: str
    columns: Dict[str, str]
    utc_offset_hours: float
    flux_units: str
    record_minutes: int
    times_utc: np.ndarray
    flux_g_co2_m2_s: np.ndarray
    soil_temperature_k: np.ndarray
    soil_moisture_m3_m3: np.ndarray
    temperature_tendency_k_h: np.ndarray
    notes: List[str] = field(default_factory=list)
    sha256: str = ""
    moisture_measured: bool = True  # False: the file has no soil-moisture column (all NaN)

    @property
    def complete(self) -> np.ndarray:
        """Hours where flux and all drivers (Ts, theta, dTs/dt) are valid."""
        return np.isfinite(self.flux_g_co2_m2_s) & self.drivers_complete

    @property
    def drivers_complete(self) -> np.ndarray:
        """Hours where the drivers Ts, theta and dTs/dt are valid."""
        moisture = (
            np.isfinite(self.soil_moisture_m3_m3)
            if self.moisture_measured
            else np.ones(self.soil_moisture_m3_m3.shape, dtype=bool)
        )
        return (
            np.isfinite(self.soil_temperature_k)
            & moisture
            & np.isfinite(self.temperature_tendency_k_h)
        )


# --------------------------------------------------------------------------------------------
# Text access and format detection.
# --------------------------------------------------------------------------------------------


def _open_text(path: Path):
    """The station file as text: plain, gzip, or the one CSV inside a zip (AmeriFlux's own
    download is a zip holding the BASE CSV and a BIF spreadsheet)."""
    kind = file_kind(path)
    if kind == GZIP:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="replace")
    if kind == ZIP:
        archive = zipfile.ZipFile(path)
        try:
            member = _zip_member(archive, path)
            return io.TextIOWrapper(archive.open(member), encoding="utf-8-sig", errors="replace")
        finally:
            archive.close()  # the member stays readable: ZipFile keeps the file until it closes
    return open(path, "r", encoding="utf-8-sig", errors="replace", newline="")


def _zip_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The CSV to read inside a zip: the only .csv, else the only AmeriFlux *_BASE_* .csv."""
    names = [i.filename for i in archive.infolist() if not i.is_dir()]
    csvs = [n for n in names if n.lower().endswith((".csv", ".csv.gz", ".txt"))]
    if len(csvs) > 1:
        base = [n for n in csvs if "_BASE_" in Path(n).name.upper()]
        csvs = base if len(base) == 1 else csvs
    if len(csvs) != 1:
        raise InputFileError(
            f"The station file {path} is a zip archive holding "
            f"{', '.join(names) or 'nothing'}; SandFlux cannot tell which file is the station's "
            "records. Unzip it and choose the half-hourly CSV."
        )
    return csvs[0]


def file_sha256(path) -> str:
    """sha256 of the file's bytes (as stored: a .gz is hashed compressed)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class _Layout:
    skip_rows: int  # lines before the header row
    delimiter: Optional[str]  # None = whitespace
    header: List[str]
    units_row: Optional[List[str]]


def _split(line: str, delimiter: Optional[str]) -> List[str]:
    cells = line.split() if delimiter is None else line.split(delimiter)
    return [cell.strip().strip('"').strip("'").strip() for cell in cells]


def _sniff_delimiter(line: str) -> Optional[str]:
    for delimiter in (",", "\t", ";"):
        if line.count(delimiter) >= 1:
            return delimiter
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _read_layout(path: Path) -> _Layout:
    """Comment lines, delimiter, header and (REddyProc-style) units row of a station file."""
    try:
        with _open_text(path) as handle:
            lines = []
            for line in handle:
                lines.append(line.rstrip("\r\n"))
                if len(lines) >= 60:
                    break
    except FileNotFoundError:
        raise InputFileError(f"The station file {path} does not exist.") from None
    except (OSError, EOFError, zipfile.BadZipFile) as error:
        raise InputFileError(f"Cannot read the station file {path}: {error}.") from None
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    if skip >= len(lines):
        raise InputFileError(
            f"The station file {path} has no header row (it is empty or only "
            "comments). Choose the station's half-hourly CSV."
        )
    delimiter = _sniff_delimiter(lines[skip])
    header = _split(lines[skip], delimiter)
    units_row = None
    if skip + 1 < len(lines):
        below = _split(lines[skip + 1], delimiter)
        # A units row: same width, and most cells not numbers (e.g. "--", "degC", "umolm-2s-1").
        if len(below) == len(header) and sum(not _is_number(c) for c in below) > len(below) / 2:
            units_row = below
    return _Layout(skip, delimiter, header, units_row)


def detect_format(header: List[str]) -> Optional[str]:
    """The known format a header belongs to, or None."""
    names = set(header)
    if {"Year", "DoY", "Hour"} <= names:
        return "reddyproc"
    if "TIMESTAMP_START" in names:
        if any(name.endswith("_F_MDS_1") or name.startswith("NEE_VUT") for name in names):
            return "fluxnet2015"
        return "ameriflux"
    if "TIMESTAMP_END" in names and any(re.fullmatch(r"FC_\d+_\d+_\d+", n) for n in names):
        return "europe"
    return None


def _pick(
    header: List[str],
    role: str,
    fmt: str,
    requested: Optional[str],
    path: Path,
    required: bool = True,
) -> Optional[str]:
    """The column used for ``role``: the caller's choice, else the format's first candidate."""
    if requested:
        if requested not in header:
            raise VariableError(
                f"The station file {path} has no column '{requested}' (asked for as the "
                f"{ROLE_TITLES[role]} column). Its columns are: {', '.join(header)}."
            )
        return requested
    for candidate in CANDIDATES[fmt][role]:
        if candidate in header:
            return candidate
    if not required:
        return None
    parameter = {
        "time": "TIME_COLUMN",
        "flux": "FLUX_COLUMN",
        "soil_temperature": "SOIL_TEMPERATURE_COLUMN",
        "soil_moisture": "SOIL_MOISTURE_COLUMN",
    }[role]
    raise VariableError(
        f"The station file {path} ({FORMAT_TITLES[fmt]}) has no {ROLE_TITLES[role]} column "
        f"(looked for {', '.join(CANDIDATES[fmt][role]) or 'none'}). Name it with {parameter}; "
        f"the columns are: {', '.join(header)}."
    )


# --------------------------------------------------------------------------------------------
# Cell parsing.
# --------------------------------------------------------------------------------------------


def parse_numeric(cells, column: str, path: Path, first_line: int) -> np.ndarray:
    """Cells -> float64 with NaN for missing (empty, NA, -9999); error naming a non-number."""
    # heavy (~0.4 s): pandas is imported when a station file is parsed, not at plugin start
    import pandas as pd

    text = pd.Series(cells, dtype="object").astype(str).str.strip()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    bad = np.isnan(values) & ~text.str.lower().isin(MISSING_TOKENS).to_numpy()
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise VariableError(
            f"The column '{column}' of the station file {path} is not numeric: line "
            f"{first_line + index} holds '{text.iloc[index]}'. Fix or blank that cell, or choose "
            "another column."
        )
    values[values == MISSING_VALUE] = np.nan
    return values


def _parse_compact_timestamps(cells, column: str, path: Path, first_line: int) -> np.ndarray:
    """YYYYMMDDHHMM text -> datetime64[s]; error naming the column and the bad cell."""
    text = np.asarray([str(c).strip() for c in cells])
    text = np.where(
        np.char.endswith(text, ".0"), np.char.rstrip(np.char.rstrip(text, "0"), "."), text
    )
    ok = (np.char.str_len(text) == 12) & np.char.isdigit(text)
    if ok.all():
        number = text.astype("int64")
        year, rest = np.divmod(number, 10**8)
        month, rest = np.divmod(rest, 10**6)
        day, rest = np.divmod(rest, 10**4)
        hour, minute = np.divmod(rest, 100)
        months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        days_in_month = (
            (months + 1).astype("datetime64[D]") - months.astype("datetime64[D]")
        ).astype("int64")
        ok = (
            (month >= 1)
            & (month <= 12)
            & (day >= 1)
            & (day <= days_in_month)
            & (hour <= 24)
            & (minute <= 59)
        )
    if not ok.all():
        index = int(np.flatnonzero(~ok)[0])
        raise VariableError(
            f"The time column '{column}' of {path} must hold YYYYMMDDHHMM stamps; line "
            f"{first_line + index} holds '{cells[index]}'."
        )
    seconds = (((day - 1) * 24 + hour) * 60 + minute) * 60
    return months.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _parse_generic_times(cells, column: str, path: Path, first_line: int) -> np.ndarray:
    # heavy (~0.4 s): pandas is imported when a station file is parsed, not at plugin start
    import pandas as pd

    text = pd.Series(cells, dtype="object").astype(str).str.strip()
    if text.str.fullmatch(r"\d{12}(\.0+)?").all():
        return _parse_compact_timestamps(list(text), column, path, first_line)
    # Only year-first stamps: dateutil would read 01.10.2016 as January 10 but 13.10.2016 as
    # October 13, silently mixing days and months.
    iso = text.str.fullmatch(_ISO_LOCAL_TIME).to_numpy()
    zoned = ~iso & text.str.fullmatch(_ISO_LOCAL_TIME + _ZONE_SUFFIX).to_numpy()
    if zoned.any():
        index = int(np.flatnonzero(zoned)[0])
        raise VariableError(
            f"The time column '{column}' of {path} carries a time zone (line "
            f"{first_line + index} holds '{text.iloc[index]}'), which may change with "
            "daylight-saving time; write local clock times without one, in standard time, and "
            "give the clock's offset in UTC_OFFSET_HOURS."
        )
    parsed = pd.to_datetime(text.where(iso), errors="coerce")
    bad = parsed.isna().to_numpy()
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise VariableError(
            f"The time column '{column}' of {path} is not a date-time in a known format: line "
            f"{first_line + index} holds '{text.iloc[index]}'. Use ISO 8601 "
            "(2016-01-01 00:30) or YYYYMMDDHHMM, or choose another TIME_COLUMN."
        )
    return parsed.to_numpy().astype("datetime64[s]")


def _reddyproc_times(year, doy, hour, path: Path) -> np.ndarray:
    """REddyProc Year/DoY/Hour (decimal hour of the interval END) -> datetime64[s] of the end."""
    if np.isnan(year).any() or np.isnan(doy).any() or np.isnan(hour).any():
        raise VariableError(f"The REddyProc time columns Year/DoY/Hour of {path} have empty cells.")
    years = (year.astype("int64") - 1970).astype("datetime64[Y]").astype("datetime64[s]")
    seconds = np.round(((doy - 1.0) * 24.0 + hour) * 3600.0).astype("int64")
    return years + seconds.astype("timedelta64[s]")


# --------------------------------------------------------------------------------------------
# The reader.
# --------------------------------------------------------------------------------------------


def read_station(
    path,
    format: str = "auto",
    columns: Optional[Dict[str, str]] = None,
    flux_units: str = "umol",
    utc_offset_hours: float = 8.0,
    qc_max: float = 1.0,
    soil_moisture_units: str = "auto",
    timestamp_position: str = "end",
    progress=None,
    missing_values: Sequence[float] = (),
    needs_moisture: bool = True,
) -> StationSeries:
    """Read a station file into hourly UTC series (g CO2 m-2 s-1, K, m3 m-3, K h-1).

    ``columns`` maps roles (time, flux, soil_temperature, soil_moisture, qc) to column names;
    unnamed roles are found from the format's conventions. ``timestamp_position`` ("end" or
    "start") says what a generic file's time stamp marks. ``missing_values``: the logger's own
    missing-value codes besides the known ones. ``needs_moisture`` False (models without a
    moisture term): a file without soil-moisture values is read, its moisture all missing.
    """
    # heavy (~0.4 s): pandas is imported when a station file is parsed, not at plugin start
    import pandas as pd

    progress = as_progress(progress)
    path = Path(path)
    columns = {k: v for k, v in (columns or {}).items() if v}
    if format not in FORMATS:
        raise InputFileError(
            f"Unknown station format '{format}'; choose one of {', '.join(FORMATS)}."
        )
    if flux_units not in FLUX_UNIT_FACTORS:
        raise UnitsError(f"Unknown flux units '{flux_units}'; choose umol, mg or g (CO2 m-2 s-1).")
    layout = _read_layout(path)
    fmt = format
    if fmt == "auto":
        fmt = detect_format(layout.header) or ("generic" if columns.get("time") else None)
        if fmt is None:
            raise InputFileError(
                f"Cannot recognise the format of {path} from its header "
                f"({', '.join(layout.header[:12])}{', ...' if len(layout.header) > 12 else ''}). "
                "Choose FORMAT=generic and name TIME_COLUMN, FLUX_COLUMN, "
                "SOIL_TEMPERATURE_COLUMN and SOIL_MOISTURE_COLUMN."
            )
    header = layout.header
    if len(set(header)) != len(header):
        duplicated = sorted({h for h in header if header.count(h) > 1})
        raise InputFileError(
            f"The station file {path} has duplicated column names: {', '.join(duplicated)}."
        )
    progress.report(0.05, "Reading the station file")

    chosen = {
        "time": _pick(header, "time", fmt, columns.get("time"), path),
        "flux": _pick(header, "flux", fmt, columns.get("flux"), path),
        "soil_temperature": _pick(
            header, "soil_temperature", fmt, columns.get("soil_temperature"), path
        ),
        "soil_moisture": _pick(
            header,
            "soil_moisture",
            fmt,
            columns.get("soil_moisture"),
            path,
            required=needs_moisture,
        ),
    }
    qc_column = _pick(header, "qc", fmt, columns.get("qc"), path, required=False)
    if qc_column is None and f"{chosen['flux']}_QC" in header:
        qc_column = f"{chosen['flux']}_QC"
    if qc_column:
        chosen["qc"] = qc_column
    variable_qc = {
        role: f"{chosen[role]}_QC"
        for role in ("soil_temperature", "soil_moisture")
        if chosen[role] and f"{chosen[role]}_QC" in header
    }
    time_columns = [chosen["time"]]
    if fmt in ("ameriflux", "fluxnet2015") and "TIMESTAMP_END" in header:
        time_columns.append("TIMESTAMP_END")
    if fmt == "reddyproc":
        for name in ("DoY", "Hour"):
            if name not in header:
                raise VariableError(f"The REddyProc file {path} has no '{name}' column.")
        time_columns += ["DoY", "Hour"]
    wanted = list(
        dict.fromkeys(
            time_columns
            + [chosen[r] for r in ("flux", "soil_temperature", "soil_moisture") if chosen[r]]
            + ([qc_column] if qc_column else [])
            + list(variable_qc.values())
        )
    )
    skip = layout.skip_rows + 1 + (1 if layout.units_row is not None else 0)
    first_line = skip + 1  # 1-based line number of the first data row
    try:
        with _open_text(path) as handle:
            table = pd.read_csv(
                handle,
                skiprows=skip,
                header=None,
                names=header,
                usecols=wanted,
                dtype=str,
                keep_default_na=False,
                sep=r"\s+" if layout.delimiter is None else layout.delimiter,
                engine="python" if layout.delimiter is None else "c",
                comment=None,
                skip_blank_lines=True,
            )
    except (ValueError, pd.errors.ParserError) as error:
        raise InputFileError(
            f"Cannot parse the station file {path} as {FORMAT_TITLES[fmt]}: {error}."
        ) from None
    if len(table) == 0:
        raise InputFileError(
            f"The station file {path} has a header but no data rows. Choose "
            "the file holding the station's records (or export them again)."
        )
    progress.report(0.4, "Parsing times and values")

    # Times: interval start and end in the station's clock.
    if fmt in ("ameriflux", "fluxnet2015"):
        start = _parse_compact_timestamps(
            list(table[chosen["time"]]), chosen["time"], path, first_line
        )
        end = (
            _parse_compact_timestamps(
                list(table["TIMESTAMP_END"]), "TIMESTAMP_END", path, first_line
            )
            if "TIMESTAMP_END" in table
            else None
        )
    elif fmt == "europe":
        end = _parse_compact_timestamps(
            list(table[chosen["time"]]), chosen["time"], path, first_line
        )
        start = None
    elif fmt == "reddyproc":
        end = _reddyproc_times(
            parse_numeric(table[chosen["time"]], chosen["time"], path, first_line),
            parse_numeric(table["DoY"], "DoY", path, first_line),
            parse_numeric(table["Hour"], "Hour", path, first_line),
            path,
        )
        start = None
    else:
        stamps = _parse_generic_times(list(table[chosen["time"]]), chosen["time"], path, first_line)
        if timestamp_position == "start":
            start, end = stamps, None
        elif timestamp_position == "end":
            start, end = None, stamps
        else:
            raise InputFileError(
                f"timestamp_position must be 'start' or 'end', not '{timestamp_position}'."
            )
    record_minutes = _record_minutes(start, end, path)
    step = np.timedelta64(record_minutes * 60, "s")
    if start is None:
        start = end - step

    # Values (the logger's missing-value codes first: they are not measurements).
    notes: List[str] = []
    codes = tuple(MISSING_VALUE_CODES) + tuple(float(v) for v in missing_values)

    def values_of(role):
        if not chosen[role]:
            return np.full(len(table), np.nan)
        values = parse_numeric(table[chosen[role]], chosen[role], path, first_line)
        return _drop_missing_codes(values, chosen[role], path, codes, notes)

    flux, ts, theta = values_of("flux"), values_of("soil_temperature"), values_of("soil_moisture")
    if qc_column:
        flags = parse_numeric(table[qc_column], qc_column, path, first_line)
        rejected = np.isfinite(flags) & (flags > qc_max) & np.isfinite(flux)
        flux[rejected] = np.nan
        notes.append(f"QC '{qc_column}' > {qc_max:g} removed {int(rejected.sum())} flux records.")
    for role, qc_name in variable_qc.items():
        flags = parse_numeric(table[qc_name], qc_name, path, first_line)
        values = ts if role == "soil_temperature" else theta
        rejected = np.isfinite(flags) & (flags > qc_max) & np.isfinite(values)
        values[rejected] = np.nan
        notes.append(f"QC '{qc_name}' > {qc_max:g} removed {int(rejected.sum())} records.")

    flux = flux * FLUX_UNIT_FACTORS[flux_units]
    ts = _soil_temperature_k(ts, chosen["soil_temperature"], path, fmt, first_line, notes)
    if chosen["soil_moisture"]:
        theta = _soil_moisture_m3_m3(
            theta,
            chosen["soil_moisture"],
            path,
            fmt,
            soil_moisture_units,
            layout,
            chosen,
            first_line,
            notes,
        )
    else:
        notes.append(
            f"The station file {path.name} has no soil-moisture column: the model uses none."
        )
    _check_flux_plausible(flux, chosen["flux"], path, flux_units, first_line, notes)

    _check_fixed_offset_clock(start, record_minutes, time_columns[0], path, first_line)
    _check_spring_jump(start, ts, record_minutes, time_columns[0], path, first_line)
    # Local clock -> UTC, sort, drop duplicates (last row wins).
    offset = np.timedelta64(int(round(float(utc_offset_hours) * 3600.0)), "s")
    start_utc = start - offset
    order = np.argsort(start_utc, kind="stable")
    start_utc = start_utc[order]
    flux, ts, theta = flux[order], ts[order], theta[order]
    keep_last = np.ones(start_utc.size, dtype=bool)
    keep_last[:-1] = start_utc[1:] != start_utc[:-1]
    duplicates = int((~keep_last).sum())
    if duplicates:
        notes.append(f"{duplicates} duplicated timestamps: the last row of each was kept.")
        start_utc, flux, ts, theta = (
            start_utc[keep_last],
            flux[keep_last],
            ts[keep_last],
            theta[keep_last],
        )
    if not np.all(order == np.arange(order.size)):
        notes.append("The rows were not in time order; they were sorted.")
    progress.report(0.7, "Averaging to UTC hours")

    times, hourly = hourly_means(
        start_utc, record_minutes, {"flux": flux, "ts": ts, "theta": theta}
    )
    hours = (times - np.datetime64("1970-01-01T00:00:00", "s")).astype("int64") / 3600.0
    tendency = temperature_tendency_k_h(hourly["ts"], hours)
    progress.report(1.0, "Station file read")
    return StationSeries(
        path=path,
        format=fmt,
        columns=chosen,
        utc_offset_hours=float(utc_offset_hours),
        flux_units=flux_units,
        record_minutes=record_minutes,
        times_utc=times,
        flux_g_co2_m2_s=hourly["flux"],
        soil_temperature_k=hourly["ts"],
        soil_moisture_m3_m3=hourly["theta"],
        temperature_tendency_k_h=tendency,
        notes=notes,
        sha256=file_sha256(path),
        moisture_measured=bool(chosen["soil_moisture"]),
    )


def _check_fixed_offset_clock(
    start, record_minutes: int, column: str, path: Path, first_line: int
) -> None:
    """VariableError when the rows, in file order, step back by one hour less one record (the
    clock put back from summer to standard time repeats an hour): UTC_OFFSET_HOURS would then
    be wrong by one hour for half of the year."""
    if record_minutes >= 60 or start.size < 2:
        return
    stamps = start.astype("int64")
    per_hour = 60 // record_minutes
    back = np.flatnonzero(np.diff(stamps) == -(3600 - 60 * record_minutes)) + 1
    repeated = [
        int(i)
        for i in back
        if per_hour <= i <= stamps.size - per_hour
        and np.array_equal(stamps[i : i + per_hour], stamps[i - per_hour : i])
    ]
    if repeated:
        index = repeated[0]
        raise VariableError(
            f"The time column '{column}' of {path} goes back by one hour at line "
            f"{first_line + index} (the hour before it is repeated), as a clock switched from "
            "daylight-saving (summer) time to standard time does. SandFlux needs a clock with one "
            "fixed UTC offset: "
            "export the records in standard time (or UTC) and set UTC_OFFSET_HOURS."
        )


def _mean_day(stamps: np.ndarray, values: np.ndarray, record_minutes: int) -> np.ndarray:
    """Mean value per clock time of day (one bin a record length); NaN where no value."""
    bins = (stamps % 86400) // (60 * record_minutes)
    ok = np.isfinite(values)
    count = np.bincount(bins[ok], minlength=1440 // record_minutes)
    total = np.bincount(bins[ok], weights=values[ok], minlength=1440 // record_minutes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count


def _check_spring_jump(
    start, ts, record_minutes: int, column: str, path: Path, first_line: int, window_days: int = 14
) -> None:
    """VariableError when the clock skips one hour once (in file order) and the mean daily
    soil-temperature cycle of the two weeks after it lags that of the two weeks before by that
    hour: the clock went to daylight-saving (summer) time (a file ending before autumn)."""
    if start.size < 2:
        return
    stamps = start.astype("int64")
    record = 60 * record_minutes
    jumps = np.flatnonzero(np.diff(stamps) == 3600 + record) + 1
    if jumps.size != 1:
        return
    at = stamps[jumps[0]]
    before = (stamps < at) & (stamps >= at - window_days * 86400)
    after = (stamps >= at) & (stamps < at + window_days * 86400)
    if min(before.sum(), after.sum()) < 3 * 86400 // record:
        return
    cycle_before = _mean_day(stamps[before], ts[before], record_minutes)
    cycle_after = _mean_day(stamps[after], ts[after], record_minutes)
    if not (np.isfinite(cycle_before).all() and np.isfinite(cycle_after).all()):
        return
    per_hour = 3600 // record
    lags = np.arange(-3 * per_hour, 3 * per_hour + 1)
    scores = [np.corrcoef(np.roll(cycle_before, lag), cycle_after)[0, 1] for lag in lags]
    if int(lags[int(np.nanargmax(scores))]) == per_hour:
        index = int(jumps[0])
        raise VariableError(
            f"The time column '{column}' of {path} skips one hour at line {first_line + index} "
            f"('{str(start[index].astype('datetime64[m]')).replace('T', ' ')}'), and the daily "
            "soil-temperature peak comes one clock hour later from that day on, as a clock "
            "switched to daylight-saving (summer) time does. SandFlux needs a clock with one "
            "fixed UTC offset: export the records in standard time (or UTC) and set "
            "UTC_OFFSET_HOURS."
        )


def _record_minutes(start, end, path: Path) -> int:
    """The records' length in minutes: end - start when both are given, else the usual step."""
    if start is not None and end is not None:
        lengths = (end - start).astype("int64")
    else:
        stamps = np.unique(start if start is not None else end).astype("int64")
        if stamps.size < 2:
            raise InputFileError(
                f"The station file {path} has fewer than two time stamps; "
                "cannot tell its time step."
            )
        lengths = np.diff(stamps)
    seconds = float(np.median(lengths))
    minutes = int(round(seconds / 60.0))
    if minutes not in _RECORD_MINUTES_ALLOWED or abs(seconds - 60 * minutes) > 1:
        raise InputFileError(
            f"The station file {path} has records of {seconds / 60:g} minutes; SandFlux reads "
            "10-, 15-, 20-, 30- or 60-minute records (half-hourly eddy-covariance data)."
        )
    return minutes


def hourly_means(start_utc: np.ndarray, record_minutes: int, variables: Dict[str, np.ndarray]):
    """Average records to ERA5 hour instants: hour H takes the records whose midpoint is nearest
    H (ties to the later hour); a variable's hour is kept only when all its records are valid.

    Returns (regular hourly times datetime64[s], {name: hourly float64 with NaN}).
    """
    start_s = np.asarray(start_utc, dtype="datetime64[s]").astype("int64")
    midpoint = start_s + record_minutes * 30
    hour_index = np.floor_divide(midpoint + 1800, 3600)
    first, last = int(hour_index.min()), int(hour_index.max())
    n_hours = last - first + 1
    slot = hour_index - first
    expected = 60 // record_minutes
    times = (np.arange(first, last + 1, dtype="int64") * 3600).astype("datetime64[s]")
    out = {}
    for name, values in variables.items():
        valid = np.isfinite(values)
        count = np.bincount(slot[valid], minlength=n_hours)
        total = np.bincount(slot[valid], weights=values[valid], minlength=n_hours)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = total / count
        mean[count < expected] = np.nan
        out[name] = mean
    return times, out


def _drop_missing_codes(values: np.ndarray, column: str, path: Path, codes, notes) -> np.ndarray:
    """Values with the missing-value ``codes`` set to NaN; a note counts them per code."""
    found = []
    for code in dict.fromkeys(codes):
        hit = np.isclose(values, code, rtol=0.0, atol=1e-6 * max(1.0, abs(code)))
        count = int(np.count_nonzero(hit))
        if count:
            values[hit] = np.nan
            found.append(f"{count} x {code:g}")
    if found:
        notes.append(
            f"The column '{column}' of {path.name} held missing-value codes "
            f"({', '.join(found)}): treated as missing."
        )
    return values


def _check_range(
    values: np.ndarray,
    low: float,
    high: float,
    column: str,
    path: Path,
    first_line: int,
    shown,
    units: str,
) -> None:
    """VariableError naming the first value (line and value) outside ``low``..``high``; the
    value shown is ``shown(value)`` in ``units`` (the column's own)."""
    outside = np.isfinite(values) & ((values < low) | (values > high))
    if outside.any():
        index = int(np.flatnonzero(outside)[0])
        raise VariableError(
            f"The column '{column}' of the station file {path} holds {shown(values[index]):g} "
            f"{units} at line {first_line + index} ({int(outside.sum())} value(s) outside the "
            f"physical range {shown(low):g}..{shown(high):g} {units}). If it is the logger's "
            "missing-value code, give it in MISSING_VALUES; otherwise fix or blank that cell."
        )


def _soil_temperature_k(
    values: np.ndarray, column: str, path: Path, fmt: str, first_line: int, notes: List[str]
) -> np.ndarray:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise VariableError(
            f"The soil temperature column '{column}' of {path} has no values "
            f"(every cell is empty, NA or {MISSING_VALUE:g}). {_NO_VALUES_HINT}"
        )
    median = float(np.median(finite))
    in_kelvin = median > KELVIN_MEDIAN_THRESHOLD
    if in_kelvin and fmt != "generic":
        notes.append(
            f"The soil temperature column '{column}' of {path.name} has a median of "
            f"{median:.1f}, which is kelvin, though the {FORMAT_TITLES[fmt]} format "
            "declares degC: it was read as kelvin. Check the column."
        )
    kelvin = values if in_kelvin else values + ZERO_CELSIUS_K
    limits = RANGES["station_soil_temperature"]
    _check_range(
        kelvin,
        limits.low + ZERO_CELSIUS_K,
        limits.high + ZERO_CELSIUS_K,
        column,
        path,
        first_line,
        (lambda k: k) if in_kelvin else (lambda k: k - ZERO_CELSIUS_K),
        "K" if in_kelvin else "degC",
    )
    return kelvin


def _moisture_is_percent(values, fmt, units, layout: _Layout, chosen) -> bool:
    if units == "percent":
        return True
    if units == "m3_m3":
        return False
    if units != "auto":
        raise UnitsError(f"Unknown soil moisture units '{units}'; choose auto, percent or m3_m3.")
    if fmt in PERCENT_MOISTURE_FORMATS:
        return True
    if layout.units_row is not None:
        unit = layout.units_row[layout.header.index(chosen["soil_moisture"])].lower()
        if "%" in unit or "perc" in unit:
            return True
        if "m3" in unit or "m-3" in unit or "frac" in unit:
            return False
    return bool(np.nanmax(values) > 1.0) if np.isfinite(values).any() else False


def _soil_moisture_m3_m3(
    values, column, path, fmt, units, layout, chosen, first_line, notes
) -> np.ndarray:
    if not np.isfinite(values).any():
        raise VariableError(
            f"The soil moisture column '{column}' of {path} has no values "
            f"(every cell is empty, NA or {MISSING_VALUE:g}). {_NO_VALUES_HINT}"
        )
    percent = _moisture_is_percent(values, fmt, units, layout, chosen)
    converted = values / 100.0 if percent else values.copy()
    high = np.nanmax(converted)
    if high > 1.0:
        raise UnitsError(
            f"The soil moisture column '{column}' of {path} reaches {high:g} m3 m-3 after "
            f"reading it as {'%' if percent else 'm3 m-3'}; volumetric water content lies in "
            "0..1 m3 m-3 (0..100 %). Set SOIL_MOISTURE_UNITS to the column's real units."
        )
    limits = RANGES["station_soil_moisture"]
    # Sensors read slightly below 0 when dry: down to -0.05 m3 m-3 is set to 0, not refused.
    _check_range(
        converted,
        -0.05,
        limits.high,
        column,
        path,
        first_line,
        (lambda v: 100.0 * v) if percent else (lambda v: v),
        "%" if percent else "m3 m-3",
    )
    if percent and high < limits.typical_low:
        notes.append(
            f"The soil moisture column '{column}' of {path.name} is read as % but never passes "
            f"{100 * high:.2g} %: it probably holds a volume fraction (m3 m-3) in a % column. "
            "If so, set SOIL_MOISTURE_UNITS to m3 m-3."
        )
    return np.maximum(converted, 0.0)


def _check_flux_plausible(flux_g, column, path, flux_units, first_line, notes):
    finite = np.abs(flux_g[np.isfinite(flux_g)])
    if finite.size == 0:
        raise VariableError(
            f"The CO2 flux column '{column}' of {path} has no values (every "
            f"cell is empty, NA, {MISSING_VALUE:g} or removed by its QC flag). "
            f"{_NO_VALUES_HINT}"
        )
    median = float(np.median(finite))
    if median > IMPLAUSIBLE_MEDIAN_FLUX_G:
        raise UnitsError(
            f"The CO2 flux column '{column}' of {path}, read as {FLUX_UNIT_TITLES[flux_units]}, "
            f"has a median magnitude of {median:.3g} g CO2 m-2 s-1 "
            f"(~{median / G_CO2_PER_UMOL_CO2:.0f}"
            " umol m-2 s-1), far beyond any surface flux. Set FLUX_UNITS to the column's units."
        )
    factor = FLUX_UNIT_FACTORS[flux_units]
    _check_range(
        flux_g,
        -STATION_FLUX_MAX_G,
        STATION_FLUX_MAX_G,
        column,
        path,
        first_line,
        lambda g: g / factor,
        FLUX_UNIT_TITLES[flux_units],
    )
    limits = RANGES["station_flux"]
    median_umol = median / G_CO2_PER_UMOL_CO2
    if not limits.typical_low <= median_umol <= limits.typical_high:
        ratio = G_CO2_PER_MG_CO2 / G_CO2_PER_UMOL_CO2
        cause = (
            f"values {ratio:.1f} x too large, e.g. umol declared as mg"
            if median_umol > limits.typical_high
            else f"values {ratio:.1f} x too small, e.g. mg declared as umol"
        )
        notes.append(
            f"The CO2 flux column '{column}' of {path.name}, read as "
            f"{FLUX_UNIT_TITLES[flux_units]}, has a median magnitude of {median_umol:.3g} umol "
            f"m-2 s-1, outside the typical {limits.typical_low:g}..{limits.typical_high:g} of "
            f"desert sand. Likely cause: {cause}. Check FLUX_UNITS."
        )
