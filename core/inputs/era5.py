"""Reading ERA5 downloads (CDS netCDF old and new, GRIB, CDS zip) as a SandFlux forcing.

``Era5Source`` reads the downloads as they are and offers the forcing file's interface
(core.formats.forcing.ForcingSource): the flux and annual tools read it directly, and the
import tool (core.tools.import_era5) writes what it yields into a forcing file. Step by step:

1. Every input is recognised by its first bytes, not its name: netCDF3/netCDF4, GRIB (read by
   cfgrib/ecCodes, with its index files kept in a temporary folder, never beside the input), or
   a CDS .zip (extracted to a temporary folder that is removed afterwards).
2. Soil temperature layer 1 and volumetric soil water layer 1 are found by name
   (``stl1``/``soil_temperature_level_1``, ``swvl1``/``volumetric_soil_water_layer_1``), by
   GRIB parameter (paramId 139 / 39, from cfgrib or kept by the new CDS as ``GRIB_paramId``),
   or by an explicit variable name.
3. Each file's time steps (``time``, ``valid_time``, or ``time`` + ``step``) are decoded to UTC;
   the legacy CDS ``expver`` dimension (1 = ERA5, 5 = ERA5T) is merged to one value a step,
   preferring ERA5 where both have one; an ensemble ``number`` of size 1 is dropped.
4. All files are joined in time order. A time step found again (in another file, or twice in
   one) is kept once, from the file listed first, with a warning. Only the hours that carry
   both variables are written; the others are reported.
5. Longitudes 0..360 are moved to -180..180 (also for a box crossing 0 deg), latitudes are put
   north first; EXTENT keeps the points whose centres fall inside it (bounds inclusive).
6. Units are checked on every chunk: a temperature labelled K that looks like deg C (or the
   reverse) is an error; a correctly labelled deg C is converted to K; moisture labelled % is
   divided by 100; moisture above 1 m3 m-3 is an error; ERA5's tiny negative soil water over
   the sea (about -2.7e-06) between -0.01 and 0 is clipped to 0.
7. Reading is by chunks of hours (``Era5Source.read``): the whole period of a variable is never
   held in memory, and an input file is closed once its last hour has been read.
"""

import contextlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..formats import filetype
from ..formats.forcing import ForcingSource, time_chunk_hours
from ..infra.constants import FORCING_MOISTURE, FORCING_TEMPERATURE, ZERO_CELSIUS_K
from ..infra.errors import GridError, InputFileError, UnitsError, VariableError
from ..infra.grid import Grid, format_extent, wrap_longitudes
from ..infra.progress import as_progress
from ..infra.ranges import RANGES
from ..infra.threads import NETCDF_LOCK
from ..infra.timeutil import CF_TIME_UNITS, iso_hour, parse_utc

# How ERA5 names the two variables (netCDF names, long names, GRIB short names and paramIds).
VARIABLE_NAMES = {
    FORCING_TEMPERATURE: ("stl1", "soil_temperature_level_1"),
    FORCING_MOISTURE: ("swvl1", "volumetric_soil_water_layer_1"),
}
VARIABLE_LONG_NAMES = {
    FORCING_TEMPERATURE: "soil temperature level 1",
    FORCING_MOISTURE: "volumetric soil water layer 1",
}
GRIB_PARAM_IDS = {FORCING_TEMPERATURE: 139, FORCING_MOISTURE: 39}
ROLE_TEXT = {
    FORCING_TEMPERATURE: "soil temperature (stl1)",
    FORCING_MOISTURE: "volumetric soil moisture (swvl1)",
}
# ERA5's land-sea mask (fraction of land, 0..1): in the download, or a file of its own among the
# inputs. Cells with less land than SEA_BELOW_LAND_FRACTION are sea: NoData in the forcing.
LAND_SEA_MASK = "lsm"
VARIABLE_NAMES[LAND_SEA_MASK] = ("lsm", "land_sea_mask")
VARIABLE_LONG_NAMES[LAND_SEA_MASK] = "land-sea mask"
GRIB_PARAM_IDS[LAND_SEA_MASK] = 172
ROLE_TEXT[LAND_SEA_MASK] = "land-sea mask (lsm)"
SEA_BELOW_LAND_FRACTION = 0.5
OVERRIDE_PARAMETER = {
    FORCING_TEMPERATURE: "TEMPERATURE_VARIABLE",
    FORCING_MOISTURE: "MOISTURE_VARIABLE",
}

NETCDF_SUFFIXES = (".nc", ".nc4", ".netcdf", ".cdf")
GRIB_SUFFIXES = (".grib", ".grb", ".grib1", ".grib2", ".grb2")

# Plausible ranges (core.infra.ranges). Temperatures in K outside 150..380 cannot be soil.
TEMPERATURE_MIN_K = RANGES["era5_soil_temperature"].low
TEMPERATURE_MAX_K = RANGES["era5_soil_temperature"].high
# ERA5 writes soil water slightly below 0 over the sea; down to this it is clipped to 0.
MOISTURE_CLIP_BELOW_M3_M3 = RANGES["era5_soil_moisture"].low
MOISTURE_MAX_M3_M3 = RANGES["era5_soil_moisture"].high
# ERA5 begins on 1940-01-01 (the back extension); no time step of a download is earlier.
ERA5_FIRST_TIME = np.datetime64("1940-01-01T00:00:00", "s")
# How far a coordinate stored in float32 may be from its decimal value (deg, near 360).
FLOAT32_COORDINATE_ERROR = 4e-5

_KELVIN_UNITS = {
    "k",
    "kelvin",
    "degk",
    "deg_k",
    "degreek",
    "degrees_k",
    "degree_kelvin",
    "degrees_kelvin",
}
_CELSIUS_UNITS = {
    "c",
    "degc",
    "deg_c",
    "°c",
    "celsius",
    "degree_celsius",
    "degrees_celsius",
    "degreec",
    "degreesc",
    "degrees_c",
    "degree_c",
}
_FRACTION_UNITS = {
    "m3m-3",
    "m3/m3",
    "m**3m**-3",
    "m^3m^-3",
    "m3.m-3",
    "1",
    "",
    "fraction",
    "m3m**-3",
    "m**3/m**3",
}
_PERCENT_UNITS = {"%", "percent", "pct"}

_LATITUDE_NAMES = ("latitude", "lat")
_LONGITUDE_NAMES = ("longitude", "lon")
_TIME_NAMES = ("valid_time", "time")
# Where open_datasets keeps a netCDF variable's own handle, in its xarray encoding.
NETCDF_VARIABLE_KEY = "sandflux_netcdf_variable"
# Record and source numbers (per hour of the period): int32 holds any file's record count.
RECORD_DTYPE = np.int32

WarnCallback = Callable[[str], None]


@dataclass
class ImportResult:
    """What the import wrote: the file, its grid and period, and what was reported."""

    path: Path
    grid: Grid
    hours: int
    first_time: np.datetime64
    last_time: np.datetime64
    sources: Dict[str, List[str]]
    warnings: List[str] = field(default_factory=list)
    moisture_values_clipped: int = 0


# -- step 1: files -----------------------------------------------------------------------------


def file_kind(path: Path) -> str:
    """'netcdf', 'grib' or 'zip', from the first bytes of the file (not its name)."""
    try:
        kind = filetype.file_kind(path)
        head = filetype.first_bytes(path, 4)
    except OSError as error:
        raise InputFileError(
            f"Cannot read the input file {path}: {error.strerror}. "
            "Check the path and that you may read it."
        ) from error
    if kind in (filetype.NETCDF, filetype.GRIB, filetype.ZIP):
        return kind
    raise InputFileError(
        f"{path} is neither netCDF, GRIB nor a zip file (it starts with {head[:4]!r}). "
        "Give the files as the Copernicus Climate Data Store delivers them "
        "(.nc, .grib or .zip)."
    )


# -- step 1b: is the file complete? ------------------------------------------------------------
# A download cut off mid-transfer still opens: netCDF3 then reads zeros past the end (a fake
# hour at 1900-01-01), cfgrib skips the cut GRIB message with a traceback on stderr. Each
# format says how long it should be; a file shorter than that is refused before it is read.

_NC_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 4, 6: 8, 7: 1, 8: 2, 9: 4, 10: 8, 11: 8}
_NC_DIMENSION, _NC_VARIABLE, _NC_ATTRIBUTE = 10, 11, 12
_NC_STREAMING = 0xFFFFFFFF


def _truncated(label: str, actual: int, expected: int, what: str) -> InputFileError:
    return InputFileError(
        f"Cannot read {label}: it ends before its last {what} ({actual} of {expected} bytes): a "
        "truncated download? Download it again from the Climate Data Store."
    )


def netcdf3_expected_size(head: bytes) -> Optional[int]:
    """The size in bytes a classic/64-bit-offset/CDF5 netCDF file declares in its header
    (None when the header itself is cut or the record count is 'streaming').

    Layout (netCDF classic format spec): magic, numrecs, dim_list, gatt_list, var_list; each
    variable ends with its vsize and begin offset. Fixed variables end at begin + vsize; the
    record section ends at the first record variable's begin + numrecs * recsize.
    """
    version = head[3]
    size_t = 8 if version == 5 else 4
    offset_t = 8 if version in (2, 5) else 4
    position = [4]

    def take(count):
        start = position[0]
        if start + count > len(head):
            raise EOFError
        position[0] = start + count
        return head[start : start + count]

    def number(width=None):
        return int.from_bytes(take(width or size_t), "big")

    def name():
        length = number()
        take(length + (-length) % 4)

    def attributes():
        tag, count = number(4), number()
        if tag == 0:
            return
        for _ in range(count):
            name()
            kind, length = number(4), number()
            width = _NC_TYPE_SIZES.get(kind, 1) * length
            take(width + (-width) % 4)

    try:
        numrecs = number()
        tag, count = number(4), number()
        lengths = []
        for _ in range(count if tag == _NC_DIMENSION else 0):
            name()
            lengths.append(number())
        attributes()
        tag, count = number(4), number()
        ends, record_begin, record_size = [], None, 0
        for _ in range(count if tag == _NC_VARIABLE else 0):
            name()
            dims = [number() for _ in range(number())]
            attributes()
            _, vsize, begin = number(4), number(), number(offset_t)  # nc_type unused
            if dims and lengths[dims[0]] == 0:  # a record variable
                record_begin = begin if record_begin is None else min(record_begin, begin)
                record_size += vsize
            else:
                ends.append(begin + vsize)
    except (EOFError, IndexError):
        return None
    if record_begin is not None:
        if numrecs == _NC_STREAMING or (size_t == 8 and numrecs == 2**64 - 1):
            return max(ends, default=0) or None
        ends.append(record_begin + numrecs * record_size)
    return max(ends, default=None)


def hdf5_stored_eof(head: bytes) -> Optional[int]:
    """The end-of-file address an HDF5 (netCDF4) superblock at offset 0 declares, or None."""
    version = head[8] if len(head) > 8 else None
    if version in (0, 1):
        size_offsets = head[13]
        start = 24 + (4 if version == 1 else 0) + 2 * size_offsets
    elif version in (2, 3):
        size_offsets = head[9]
        start = 12 + 2 * size_offsets
    else:
        return None
    if size_offsets not in (2, 4, 8) or len(head) < start + size_offsets:
        return None
    value = int.from_bytes(head[start : start + size_offsets], "little")
    return None if value == 2 ** (8 * size_offsets) - 1 else value


def grib_truncation(path: Path) -> Optional[Tuple[int, int, int]]:
    """(message number, bytes present, bytes declared) of the first GRIB message cut by the
    end of the file, or None. Messages are walked by their declared lengths (GRIB1: 3 bytes at
    offset 4; GRIB2: 8 bytes at offset 8); a GRIB1 'large message' is left to ecCodes."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        position, number = 0, 0
        while position < size:
            stream.seek(position)
            head = stream.read(16)
            found = head.find(b"GRIB")
            if found < 0:
                # Padding or text between messages: look for the next one in the next block.
                block = stream.read(1 << 16)
                following = block.find(b"GRIB")
                if following < 0:
                    return None
                position += 16 + following
                continue
            if found > 0:
                position += found
                continue
            if len(head) < 16:
                return number + 1, size - position, 16
            edition = head[7]
            if edition == 1:
                length = int.from_bytes(head[4:7], "big")
                if length & 0x800000:
                    return None  # GRIB1 large-message coding: ecCodes checks it when reading
            elif edition == 2:
                length = int.from_bytes(head[8:16], "big")
            else:
                return None
            number += 1
            if position + length > size:
                return number, size - position, length
            position += length
    return None


def check_complete(path: Path, label: str, kind: str) -> None:
    """InputFileError when a netCDF or GRIB file is shorter than it declares (cut download)."""
    size = path.stat().st_size
    if kind == "grib":
        cut = grib_truncation(path)
        if cut is not None:
            number, present, declared = cut
            raise InputFileError(
                f"Cannot read {label}: GRIB message {number} ends early ({present} of its "
                f"{declared} bytes are there): a truncated download? Download it again from "
                "the Climate Data Store."
            )
        return
    if kind != "netcdf":
        return
    with open(path, "rb") as stream:
        head = stream.read(1 << 20)
    if head[:3] == b"CDF":
        expected = netcdf3_expected_size(head)
        if expected is None and len(head) < size:
            with open(path, "rb") as stream:  # a header longer than 1 MB: read it whole
                expected = netcdf3_expected_size(stream.read())
        if expected is None:
            raise InputFileError(
                f"Cannot read {label}: the file ends inside its netCDF header ({size} bytes): "
                "a truncated download? Download it again from the Climate Data Store."
            )
        if size < expected:
            raise _truncated(label, size, expected, "record")
    else:
        expected = hdf5_stored_eof(head)
        if expected is not None and size < expected:
            raise _truncated(label, size, expected, "record")


def is_forcing_file(path: Path) -> bool:
    """True when ``path`` is a SandFlux forcing file (netCDF marked sandflux_file_type =
    forcing, or with its layout: stl1/swvl1 on (time, latitude, longitude), time in hours since
    1970), False for anything else (e.g. an ERA5 download)."""
    if file_kind(path) != "netcdf":
        return False
    import netCDF4  # only the header is read

    try:
        with NETCDF_LOCK, netCDF4.Dataset(str(path), "r") as dataset:
            if str(getattr(dataset, "sandflux_file_type", "")) == "forcing":
                return True
            variables = dataset.variables
            time = variables.get("time")
            return (
                time is not None
                and getattr(time, "units", "") == CF_TIME_UNITS
                and all(
                    name in variables
                    and variables[name].dimensions == ("time", "latitude", "longitude")
                    for name in (FORCING_TEMPERATURE, FORCING_MOISTURE)
                )
            )
    except (OSError, RuntimeError) as error:
        raise InputFileError(
            f"Cannot read {path} as netCDF: {error}. Check that the download "
            "is complete, or download it again."
        ) from error


def expand_inputs(paths: Sequence, stack: contextlib.ExitStack) -> List[Tuple[Path, str]]:
    """(data file, label for messages) of every input; zips are extracted to a temporary folder.

    The temporary folder is removed when ``stack`` closes.
    """
    files: List[Tuple[Path, str]] = []
    if not paths:
        raise InputFileError(
            "No ERA5 input file was given. Choose one or more .nc, .grib or "
            ".zip files downloaded from the Climate Data Store."
        )
    for raw in paths:
        path = Path(str(raw))
        if not path.is_file():
            raise InputFileError(f"The input file {path} does not exist. Check the path.")
        kind = file_kind(path)
        if kind != "zip":
            check_complete(path, str(path), kind)
            files.append((path, str(path)))
            continue
        folder = Path(tempfile.mkdtemp(prefix="sandflux-era5-zip-"))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        found = 0
        try:
            with zipfile.ZipFile(path) as archive:
                for number, member in enumerate(archive.infolist()):
                    if member.is_dir():
                        continue
                    name = Path(member.filename).name
                    target = folder / f"{number:04d}-{name}"
                    with archive.open(member) as source, open(target, "wb") as sink:
                        shutil.copyfileobj(source, sink)
                    label = f"{path} (member {member.filename})"
                    try:
                        member_kind = file_kind(target)
                    except InputFileError:
                        continue  # e.g. a README or a licence text in the archive
                    if member_kind == "zip":
                        raise InputFileError(f"{label} is itself a zip file. Unpack it first.")
                    check_complete(target, label, member_kind)
                    files.append((target, label))
                    found += 1
        except zipfile.BadZipFile as error:
            raise InputFileError(
                f"{path} is a damaged zip file ({error}). "
                "Download it again from the Climate Data Store."
            ) from error
        if not found:
            raise InputFileError(
                f"The zip file {path} holds no netCDF or GRIB file. "
                "Download the ERA5 data again in netCDF or GRIB format."
            )
    return files


def open_datasets(path: Path, label: str, index_folder: Path, stack: contextlib.ExitStack):
    """The lazily opened xarray datasets of one netCDF or GRIB file (nothing is loaded yet)."""
    # heavy (~0.7 s): xarray is imported when a file is opened, not at plugin start
    import xarray as xr

    if file_kind(path) == "netcdf":
        # heavy (~0.2 s): netCDF4 is imported when a netCDF is opened, not at plugin start
        import netCDF4

        # The file handle is opened here, not by xarray: a dataset that fails to decode is then
        # really closed (xarray's file cache kept a failed file open, and a file of the same
        # name read later returned the stale one).
        try:
            handle = netCDF4.Dataset(str(path), "r")
        except (OSError, RuntimeError, ValueError) as error:
            raise InputFileError(
                f"Cannot read {label} as netCDF: {error}. Check that the "
                "download is complete, or download it again."
            ) from error
        try:
            # Packed values are unpacked by SourceVariable exactly as netCDF4-python does
            # (xarray may unpack int16 in float32, which differs in the last bit).
            dataset = xr.open_dataset(
                xr.backends.NetCDF4DataStore(handle),
                # the store's own entry point: naming it skips xarray's search of the installed
                # backends (~0.7 s of CPU at the first file)
                engine=xr.backends.store.StoreBackendEntrypoint,
                cache=False,
                mask_and_scale=False,
                decode_times=True,
            )
        except Exception as error:  # any decoding failure of a damaged file (e.g. OverflowError)
            handle.close()
            raise InputFileError(
                f"Cannot read {label} as netCDF: {error}. Check that the "
                "download is complete, or download it again."
            ) from error
        stack.callback(lambda: handle.isopen() and handle.close())
        stack.callback(dataset.close)
        for name in dataset.data_vars:  # read raw by SourceVariable._raw_window
            if name in handle.variables:
                handle.variables[name].set_auto_maskandscale(False)
                dataset.variables[name].encoding[NETCDF_VARIABLE_KEY] = handle.variables[name]
        return [dataset]
    try:
        import cfgrib  # only GRIB needs it (and the ecCodes library)
    except RuntimeError as error:  # cfgrib is there but the ecCodes library is not
        raise InputFileError(
            f"Cannot read the GRIB file {label}: {error}. Install ecCodes "
            "(Debian: sudo apt-get install python3-cfgrib libeccodes0), or "
            "download the data as netCDF."
        ) from error
    try:
        index_path = str(index_folder / (f"{abs(hash(str(path))):x}" + ".{short_hash}.idx"))
        datasets = cfgrib.xarray_store.open_variable_datasets(
            str(path), backend_kwargs={"indexpath": index_path, "squeeze": False}, cache=False
        )
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as error:
        raise InputFileError(
            f"Cannot read {label} as GRIB: {error}. Check that the download "
            "is complete, or download it again."
        ) from error
    for dataset in datasets:
        stack.callback(dataset.close)
    return datasets


class _InputFile:
    """One input file, opened on demand and closed as soon as it is not needed."""

    def __init__(self, path: Path, label: str, index_folder: Path):
        self.path, self.label, self.index_folder = path, label, index_folder
        self.variables: List["SourceVariable"] = []
        self._stack: Optional[contextlib.ExitStack] = None
        self._datasets = None  # the xarray datasets (open), or
        self._handle = None  # the netCDF4 Dataset alone (netcdf_variable)

    def open(self):
        """The file's xarray datasets (opened if needed)."""
        if self._datasets is None:
            self.close()  # opened by netcdf_variable, without xarray
            stack = contextlib.ExitStack()
            try:
                self._datasets = open_datasets(self.path, self.label, self.index_folder, stack)
            except BaseException:
                stack.close()
                raise
            self._stack = stack
        return self._datasets

    def add(self, variable: "SourceVariable", override: Optional[str]) -> "SourceVariable":
        variable.input_file, variable.override = self, override
        self.variables.append(variable)
        return variable

    def netcdf_variable(self, name: str):
        """The raw netCDF4 variable ``name`` of this netCDF file, opened if needed without
        xarray (a seventh of the CPU: reading needs no more once the header is known)."""
        if self._datasets is not None:  # open with xarray: the variable's own handle
            (dataset,) = self._datasets  # a netCDF opens as one dataset
            return dataset.variables[name].encoding[NETCDF_VARIABLE_KEY]
        if self._stack is None:
            # heavy (~0.2 s): netCDF4 is imported when a netCDF is opened, not at plugin start
            import netCDF4

            stack = contextlib.ExitStack()
            try:
                handle = netCDF4.Dataset(str(self.path), "r")
            except (OSError, RuntimeError, ValueError) as error:
                stack.close()
                raise InputFileError(
                    f"Cannot read {self.label} as netCDF again: {error}. Was it changed or "
                    "removed while the tool ran?"
                ) from error
            stack.callback(handle.close)
            self._stack, self._handle = stack, handle
        variable = self._handle.variables[name]
        variable.set_auto_maskandscale(False)
        return variable

    def close(self) -> None:
        """Close the file and drop its arrays (idempotent; the variables reopen it to read)."""
        for variable in self.variables:
            variable.array = variable.netcdf = None
        stack, self._stack, self._datasets, self._handle = self._stack, None, None, None
        if stack is not None:
            stack.close()


# -- step 2: variables -------------------------------------------------------------------------


def find_variable(datasets, role: str, label: str, override: Optional[str] = None):
    """The DataArray holding ``role`` (stl1 or swvl1) in one file's datasets, or None."""
    matches = []
    for dataset in datasets:
        for name, array in dataset.data_vars.items():
            if _matches(str(name), array.attrs, role, override):
                matches.append(array)
    if len(matches) > 1:
        names = ", ".join(sorted({str(a.name) for a in matches}))
        raise VariableError(
            f"{label} has several variables that could be the {ROLE_TEXT[role]}: {names}. "
            f"Name the one to use in {OVERRIDE_PARAMETER.get(role, 'INPUT (give one file)')}."
        )
    return matches[0] if matches else None


def _matches(name: str, attrs: dict, role: str, override: Optional[str]) -> bool:
    if override:
        wanted = override.strip().lower()
        return wanted in {
            name.lower(),
            str(attrs.get("GRIB_shortName", "")).lower(),
            str(attrs.get("GRIB_cfVarName", "")).lower(),
            str(attrs.get("GRIB_paramId", "")).lower(),
        }
    if name.lower() in VARIABLE_NAMES[role]:
        return True
    if str(attrs.get("GRIB_shortName", "")).lower() in VARIABLE_NAMES[role]:
        return True
    try:
        if int(attrs.get("GRIB_paramId", -1)) == GRIB_PARAM_IDS[role]:
            return True
    except (TypeError, ValueError):
        pass
    return str(attrs.get("long_name", "")).strip().lower() == VARIABLE_LONG_NAMES[role]


def describe_variables(datasets) -> str:
    names = sorted({str(name) for dataset in datasets for name in dataset.data_vars})
    return ", ".join(names) if names else "none"


# -- steps 3 and 5: one variable of one file -----------------------------------------------------


class SourceVariable:
    """One variable of one file, with its time steps decoded and its grid normalised.

    Reading returns float32 (time, latitude north first, longitude ascending) blocks in K or
    m3 m-3, already merged over expver and checked for plausible units.
    """

    def __init__(self, array, role: str, label: str, order: int):
        self.array = array
        self.role = role
        self.label = label
        self.order = order
        self.input_file: Optional["_InputFile"] = None  # set by _InputFile.add
        self.override: Optional[str] = None
        self.name = str(array.name)
        self.dims = tuple(array.dims)
        # the raw netCDF4 variable when the file is a netCDF (read directly, see _raw_window)
        self.netcdf = array.encoding.get(NETCDF_VARIABLE_KEY)
        self.kind = "grib" if self.netcdf is None else "netcdf"
        self._find_dims()
        # the order the expver labels are taken in (_merge_expver), known from the header
        self._expver_preference = (
            np.argsort(
                [_expver_number(v) for v in np.asarray(array[self.expver_dim].values)],
                kind="stable",
            )
            if self.expver_dim
            else None
        )
        self._decode_times()
        self._normalise_grid()
        self.units = str(array.attrs.get("units", "")).strip()
        self._scale, self._offset = self._unit_conversion()
        attrs = array.attrs
        self._fill_values = [
            attrs[key]
            for key in ("_FillValue", "missing_value")
            if key in attrs and attrs[key] is not None
        ]
        self._packing = (attrs.get("scale_factor"), attrs.get("add_offset"))

    def _unpack(self, raw: np.ndarray) -> np.ndarray:
        """float64 values with NaN for missing: _FillValue/missing_value masked, then
        ``raw * scale_factor + add_offset`` in the attributes' precision (as netCDF4-python).

        Unpacked float32 (the new CDS layout) in the units SandFlux keeps (K, m3 m-3) stays
        float32: every later step is then exact in float32 too, and it reads ~2x faster.
        """
        scale, offset = self._packing
        fills = [
            value
            for fill in self._fill_values
            for value in np.atleast_1d(fill)
            if not (isinstance(value, (float, np.floating)) and np.isnan(value))
        ]
        if (
            raw.dtype == np.float32
            and scale is None
            and offset is None
            and (self._scale, self._offset) == (1.0, 0.0)
        ):
            values = np.asarray(raw, dtype="float32")
            if fills:
                values = values.copy()
                for value in fills:
                    values[raw == value] = np.nan
            return values
        missing = np.isnan(raw) if raw.dtype.kind == "f" else np.zeros(raw.shape, dtype=bool)
        for value in fills:
            missing |= raw == value
        values = raw
        if scale is not None:
            values = scale * values
        if offset is not None:
            values = values + offset
        values = np.asarray(values, dtype="float64")
        values[missing] = np.nan
        return values

    # -- dimensions
    def _find_dims(self) -> None:
        dims = list(self.array.dims)
        self.lat_dim = _pick(dims, _LATITUDE_NAMES, self.array, "degrees_north")
        self.lon_dim = _pick(dims, _LONGITUDE_NAMES, self.array, "degrees_east")
        if self.lat_dim is None or self.lon_dim is None:
            raise GridError(
                f"{self.label}: {self.name} has the dimensions {tuple(dims)}, without "
                "latitude and longitude. SandFlux needs ERA5 on a regular "
                "latitude/longitude grid (not the reduced Gaussian one): request it "
                "with a grid of 0.25/0.1 degrees from the Climate Data Store."
            )
        rest = [d for d in dims if d not in (self.lat_dim, self.lon_dim)]
        self.time_dim = next((d for d in _TIME_NAMES if d in rest), None)
        if self.time_dim is None:
            self.time_dim = (
                next((d for d in rest if np.issubdtype(self.array[d].dtype, np.datetime64)), None)
                if rest
                else None
            )
        self.step_dim = "step" if "step" in rest and self.array.sizes["step"] > 1 else None
        self.expver_dim = "expver" if "expver" in rest else None
        self.fixed: Dict[str, int] = {}
        for dim in rest:
            if dim in (self.time_dim, self.step_dim, self.expver_dim):
                continue
            if self.array.sizes[dim] != 1:
                what = "ensemble members" if dim == "number" else f"values of {dim}"
                raise VariableError(
                    f"{self.label}: {self.name} has {self.array.sizes[dim]} {what}. SandFlux "
                    "needs one value a cell and hour: download a single member/level "
                    "(ERA5 reanalysis, layer 1)."
                )
            self.fixed[dim] = 0

    def _decode_times(self) -> None:
        array = self.array
        if self.time_dim is None:
            coord = next((array.coords[n] for n in _TIME_NAMES if n in array.coords), None)
            if coord is None or coord.ndim != 0:
                raise VariableError(
                    f"{self.label}: {self.name} has no time coordinate. "
                    "Download ERA5 with its time steps."
                )
            times = np.atleast_1d(np.asarray(coord.values))
            self.records = np.zeros((1, 0), dtype=RECORD_DTYPE)
        elif self.step_dim is not None:
            valid = array.coords.get("valid_time")
            time = np.asarray(array[self.time_dim].values)
            step = np.asarray(array[self.step_dim].values)
            grid = (
                valid.transpose(self.time_dim, self.step_dim).values
                if valid is not None and valid.ndim == 2
                else time[:, None] + step[None, :]
            )
            # (time index, step index) of each record; numpy, not dicts: ~8 MB less per file.
            self.records = np.stack(
                np.meshgrid(
                    np.arange(time.size, dtype=RECORD_DTYPE),
                    np.arange(step.size, dtype=RECORD_DTYPE),
                    indexing="ij",
                ),
                axis=-1,
            ).reshape(-1, 2)
            times = np.asarray(grid).reshape(-1)
        else:
            coord = array[self.time_dim]
            valid = array.coords.get("valid_time")
            if self.time_dim != "valid_time" and valid is not None:
                valid = valid.isel({d: 0 for d in valid.dims if d in self.fixed})
                if valid.dims == (self.time_dim,):
                    coord = valid  # cfgrib: time + a single step
            times = np.asarray(coord.values)
            self.records = np.arange(times.size, dtype=RECORD_DTYPE).reshape(-1, 1)
        if not np.issubdtype(times.dtype, np.datetime64):
            raise VariableError(
                f"{self.label}: the time coordinate of {self.name} cannot be "
                "decoded (no CF 'units' such as 'hours since 1900-01-01'). "
                "Download the file again from the Climate Data Store."
            )
        times = times.astype("datetime64[s]")
        keep = ~np.isnat(times)
        _check_era5_period(times[keep], f"{self.label} ({self.name})")
        self.records = self.records[keep]
        # Needed only until the timeline is joined (import_era5 then drops it, see join_times).
        self.times: Optional[np.ndarray] = times[keep]

    def _normalise_grid(self) -> None:
        lon = np.asarray(self.array[self.lon_dim].values, dtype="float64")
        lat = np.asarray(self.array[self.lat_dim].values, dtype="float64")
        wrapped = wrap_longitudes(lon)
        lon_order = np.argsort(wrapped, kind="stable")
        sorted_lon = wrapped[lon_order]
        lon_order, sorted_lon = _across_antimeridian(lon_order, sorted_lon)
        # A grid holding both 0 and 360 repeats a column: keep it once.
        keep = np.concatenate(([True], np.diff(sorted_lon) > 1e-6))
        self.lon_order = lon_order[keep]
        lat_order = np.argsort(-lat, kind="stable")
        self.lat_order = lat_order
        # Coordinates are often float32 (or were once): near 360 deg they are off by ~2e-5.
        self.grid = regular_grid(
            sorted_lon[keep],
            lat[lat_order],
            FLOAT32_COORDINATE_ERROR,
            f"{self.label} ({self.name})",
        )

    # -- units
    def _unit_conversion(self) -> Tuple[float, float]:
        key = self.units.lower().replace(" ", "").replace("degrees", "deg").replace("degree", "deg")
        key_raw = self.units.lower().replace(" ", "")
        if self.role == LAND_SEA_MASK:
            return 1.0, 0.0  # a fraction of land: ERA5 writes '(0 - 1)' or '1'
        if self.role == FORCING_TEMPERATURE:
            if key_raw in _KELVIN_UNITS or key in _KELVIN_UNITS or key_raw == "":
                return 1.0, 0.0
            if key_raw in _CELSIUS_UNITS or key in _CELSIUS_UNITS:
                return 1.0, ZERO_CELSIUS_K
            raise UnitsError(
                f"{self.label}: {self.name} is in '{self.units}', which SandFlux "
                "cannot convert to K. Give the soil temperature in K (as ERA5 does)."
            )
        if key_raw in _FRACTION_UNITS or key_raw.replace("*", "") in _FRACTION_UNITS:
            return 1.0, 0.0
        if key_raw in _PERCENT_UNITS:
            return 0.01, 0.0
        raise UnitsError(
            f"{self.label}: {self.name} is in '{self.units}', which SandFlux cannot "
            "convert to m3 m-3. Give the soil moisture as a volume fraction "
            "(m3 m-3, as ERA5 does) or in %."
        )

    def _check_and_convert(self, values: np.ndarray) -> Tuple[np.ndarray, int]:
        """Converted values, and the count of tiny negative moisture values set to 0.

        Refused (InputFileError, UnitsError): +-inf anywhere (no ERA5 file holds one); missing
        values at a cell for some hours of the block but not others, outside hours missing
        everywhere (ERA5 leaves the same cells empty at every hour: sea for ERA5-Land); values
        outside the variable's physical range (core.infra.ranges) or in the wrong units.
        The extremes come from fmin/fmax reductions (NaN ignored, no copy of the block).
        """
        where = f"{self.label}: {self.name}"
        with np.errstate(invalid="ignore"):
            low, high = (
                float(np.fmin.reduce(values, axis=None)),
                float(np.fmax.reduce(values, axis=None)),
            )
        if np.isinf(low) or np.isinf(high):
            infinite = np.isinf(values)
            signs = [
                text for text, hit in (("-inf", low == -np.inf), ("+inf", high == np.inf)) if hit
            ]
            raise InputFileError(
                f"{where} holds {int(np.count_nonzero(infinite))} infinite value(s) "
                f"({', '.join(signs)}); no ERA5 file has one: the file is damaged or was changed "
                "after the download. Download it again from the Climate Data Store."
            )
        has_values = not np.isnan(low)
        if values.ndim == 3 and values.shape[0] > 1 and (not has_values or np.isnan(values).any()):
            missing = np.isnan(values)
            empty_hours = int(np.count_nonzero(missing.all(axis=(1, 2))))
            per_cell = np.count_nonzero(missing, axis=0) - empty_hours
            patchy = (per_cell > 0) & (per_cell < values.shape[0] - empty_hours)
            if patchy.any():
                raise InputFileError(
                    f"{where} has no value at {int(np.count_nonzero(patchy))} grid cell(s) for "
                    "some hours but values at other hours; ERA5 leaves the same cells (sea) "
                    "empty at every hour, so the file is damaged or was cut off. Download it "
                    "again from the Climate Data Store."
                )
        if self.role == LAND_SEA_MASK:
            if has_values and (low < 0.0 or high > 1.0):
                raise UnitsError(
                    f"{where} should be ERA5's land-sea mask (a land fraction 0..1) but holds "
                    f"{low:g} to {high:g}. Download 'land-sea mask' again."
                )
            return values.astype("float32"), 0
        if self.role == FORCING_TEMPERATURE:
            if has_values:
                if self._offset == 0.0 and high < TEMPERATURE_MIN_K:
                    raise UnitsError(
                        f"{where} is labelled '{self.units or 'K (no units given)'}' but its "
                        f"values ({low:.2f} to {high:.2f}) look like degrees Celsius. Fix the "
                        "units attribute of the file (or convert it to K) and import again."
                    )
                if self._offset != 0.0 and low + ZERO_CELSIUS_K > TEMPERATURE_MAX_K - 50:
                    raise UnitsError(
                        f"{where} is labelled '{self.units}' (degrees Celsius) but its values "
                        f"({low:.2f} to {high:.2f}) look like kelvin. Fix the units attribute of "
                        "the file and import again."
                    )
                low, high = low + self._offset, high + self._offset
                if low < TEMPERATURE_MIN_K or high > TEMPERATURE_MAX_K:
                    raise UnitsError(
                        f"{where} holds soil temperatures from {low:.2f} to {high:.2f} K, outside "
                        f"the plausible {TEMPERATURE_MIN_K:g}..{TEMPERATURE_MAX_K:g} K. Check that "
                        "this is ERA5 soil temperature and its units."
                    )
            if self._offset:
                values = values + self._offset
            return values.astype("float32", copy=False), 0
        if self._scale != 1.0:
            values = values * self._scale
        low, high = low * self._scale, high * self._scale
        clipped = 0
        if has_values:
            if high > MOISTURE_MAX_M3_M3:
                hint = (
                    "look like percent"
                    if self._scale == 1.0 and high <= 100.0
                    else "cannot be a volume fraction"
                )
                raise UnitsError(
                    f"{where} is labelled '{self.units or 'm3 m-3 (no units given)'}' but reaches "
                    f"{high:g} m3 m-3, which is above 1: the values {hint}. Give the soil "
                    "moisture in m3 m-3 (or set its units attribute to '%') and import again."
                )
            if low < MOISTURE_CLIP_BELOW_M3_M3:
                raise UnitsError(
                    f"{where} goes down to {low:g} m3 m-3; soil water cannot be negative (ERA5's "
                    f"own sea values stay above {MOISTURE_CLIP_BELOW_M3_M3:g}). Check the file."
                )
            if low < 0:
                negative = values < 0
                clipped = int(np.count_nonzero(negative))
                values = np.where(negative, 0.0, values)
        return values.astype("float32", copy=False), clipped

    # -- reading
    def read(self, records: np.ndarray, rows: slice, cols: slice) -> Tuple[np.ndarray, int]:
        """float32 (n, rows, cols) of the given record numbers on the normalised grid window."""
        if self.kind == "netcdf" and self.netcdf is None:  # closed since the header: reopen
            self.netcdf = self.input_file.netcdf_variable(self.name)
        elif self.kind == "grib" and self.array is None:
            self.array = find_variable(self.input_file.open(), self.role, self.label, self.override)
        lat_plan = _runs(self.lat_order[rows])
        lon_plan = _runs(self.lon_order[cols])
        blocks = []
        for record_group, time_reverse in _record_groups(
            self.records, records, self.time_dim, self.step_dim
        ):
            selection = dict(self.fixed)
            selection.update(record_group)
            has_time = self.time_dim is not None and not isinstance(
                selection.get(self.time_dim), (int, np.integer)
            )
            order = (
                ([self.time_dim] if has_time else [])
                + ([self.expver_dim] if self.expver_dim else [])
                + [self.lat_dim, self.lon_dim]
            )
            rows_read = []
            for lat_slice, lat_reverse in lat_plan:
                cols_read = []
                for lon_slice, lon_reverse in lon_plan:
                    values = self._unpack(self._raw_window(selection, lat_slice, lon_slice, order))
                    cols_read.append(values[..., ::-1] if lon_reverse else values)
                block = _joined(cols_read, axis=-1)
                rows_read.append(block[..., ::-1, :] if lat_reverse else block)
            block = _joined(rows_read, axis=-2)
            if not has_time:
                block = block[np.newaxis]
            elif time_reverse:
                block = block[::-1]
            if self.expver_dim:
                block = self._merge_expver(block)
            blocks.append(block)
        return self._check_and_convert(_joined(blocks, axis=0))

    def _raw_window(self, selection: dict, lat_slice: slice, lon_slice: slice, order) -> np.ndarray:
        """The raw (packed) values of one window, with the dimensions in ``order``: straight
        from the netCDF variable when there is one (on blocks of a few hundred hours xarray's
        indexing cost about as much CPU as HDF5's decompression), else through xarray (GRIB)."""
        where = dict(selection, **{self.lat_dim: lat_slice, self.lon_dim: lon_slice})
        if self.netcdf is None:  # a copy: the block is changed in place later (sea cells)
            return np.array(self.array.isel(where).transpose(*order).values)
        dims = list(self.dims)
        raw = np.asarray(self.netcdf[tuple(where.get(d, slice(None)) for d in dims)])
        kept = [d for d in dims if not isinstance(where.get(d), (int, np.integer))]
        return raw.transpose([kept.index(d) for d in order])

    def _merge_expver(self, block: np.ndarray) -> np.ndarray:
        """One value a step from (time, expver, lat, lon): ERA5 (1) first, then ERA5T (5)."""
        preference = self._expver_preference
        merged = block[:, preference[0]].copy()
        for index in preference[1:]:
            missing = np.isnan(merged)
            merged[missing] = block[:, index][missing]
        return merged


def _across_antimeridian(order: np.ndarray, sorted_lon: np.ndarray):
    """A box crossing 180 deg (179.5 .. 180.25, stored as 179.5 .. -179.75 or 0..360): one
    gap in the sorted -180..180 longitudes that closes regularly across 180 deg. The points
    east of the gap are put first and the others continue beyond 180 (179.5, .., 180.25)."""
    if sorted_lon.size < 3:
        return order, sorted_lon
    steps = np.diff(sorted_lon)
    gap = int(np.argmax(steps))
    typical = float(np.median(steps))
    across = sorted_lon[0] + 360.0 - sorted_lon[-1]
    if typical <= 0 or steps[gap] <= 1.5 * typical or abs(across - typical) > 1e-3 * typical + 1e-4:
        return order, sorted_lon
    return (
        np.concatenate([order[gap + 1 :], order[: gap + 1]]),
        np.concatenate([sorted_lon[gap + 1 :], sorted_lon[: gap + 1] + 360.0]),
    )


def _expver_number(value) -> int:
    try:
        return int(str(value.decode() if isinstance(value, bytes) else value).strip())
    except ValueError:
        return 9999


def _pick(dims, names, array, units):
    for name in names:
        if name in dims:
            return name
    for dim in dims:
        if dim in array.coords and str(array[dim].attrs.get("units", "")) == units:
            return dim
    return None


def _joined(parts: List[np.ndarray], axis: int) -> np.ndarray:
    """The parts joined along ``axis`` (a single part as it is: no copy of the block)."""
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=axis)


def _runs(indices: np.ndarray) -> List[Tuple[slice, bool]]:
    """Split source indices into (slice, reversed) runs of consecutive indices."""
    indices = np.asarray(indices, dtype="int64")
    runs = []
    start = 0
    while start < indices.size:
        end = start + 1
        step = int(indices[end] - indices[start]) if end < indices.size else 1
        if step not in (1, -1):
            step = 1
        while end < indices.size and indices[end] - indices[end - 1] == step:
            end += 1
        first, last = int(indices[start]), int(indices[end - 1])
        if step == 1:
            runs.append((slice(first, last + 1), False))
        else:
            runs.append((slice(last, first + 1), True))
        start = end
    return runs


def _record_groups(all_records, wanted: np.ndarray, time_dim, step_dim):
    """(isel selection, reversed) covering the wanted records in order (runs become slices)."""
    if time_dim is None:
        yield {}, False
        return
    if step_dim is not None:
        for number in wanted:
            time_index, step_index = all_records[int(number)]
            yield {time_dim: int(time_index), step_dim: int(step_index)}, False
        return
    for run, reverse in _runs(all_records[np.asarray(wanted, dtype="int64"), 0]):
        yield {time_dim: run}, reverse


def regular_grid(lon: np.ndarray, lat: np.ndarray, coordinate_error: float, source: str) -> Grid:
    """The Grid of ascending longitudes and descending latitudes, with float noise removed.

    ``coordinate_error`` is how far a stored coordinate may be from its true value (float32
    coordinates near 360 deg are off by up to ~2e-5 deg): the step is the shortest decimal that
    reproduces the span within it (0.1000023 -> 0.1), and the first point is snapped to a
    multiple of half a step (77.5999985 -> 77.6).
    """
    tolerance = 2 * coordinate_error + 1e-9

    def step_of(values, name):
        if values.size < 2:
            return None
        raw = abs(float(values[-1] - values[0])) / (values.size - 1)
        step = next(
            (
                round(raw, digits)
                for digits in range(1, 10)
                if round(raw, digits) > 0
                and abs(round(raw, digits) - raw) * (values.size - 1) <= tolerance
            ),
            raw,
        )
        expected = values[0] + np.sign(values[-1] - values[0]) * step * np.arange(values.size)
        worst = float(np.max(np.abs(values - expected)))
        if worst > max(1e-4 * step, tolerance):
            raise GridError(
                f"{source}: the {name} coordinate is not regularly spaced (a point is "
                f"{worst:g} deg off a {step:g} deg grid). SandFlux needs a regular "
                "latitude/longitude grid such as ERA5's."
            )
        return step

    def snap(value, step):
        candidate = round(round(2 * value / step) * step / 2, 9)
        return candidate if abs(candidate - value) <= tolerance else float(value)

    step_lon = step_of(lon, "longitude")
    step_lat = step_of(lat, "latitude")
    step_lon = step_lon or step_lat or 0.25
    step_lat = step_lat or step_lon
    return Grid(
        snap(float(lon[0]), step_lon),
        snap(float(lat[0]), step_lat),
        step_lon,
        step_lat,
        int(lon.size),
        int(lat.size),
    )


def _check_era5_period(times: np.ndarray, where: str) -> None:
    """InputFileError for a time step before ERA5 begins (1940) or after today (UTC): a zero
    read past a cut file's end decodes to the reference date (1900-01-01), a damaged time to
    anything."""
    if not times.size:
        return
    today_end = np.datetime64("now", "D") + np.timedelta64(1, "D")
    low, high = times.min(), times.max()
    if low < ERA5_FIRST_TIME or high >= today_end:
        bad = low if low < ERA5_FIRST_TIME else high
        raise InputFileError(
            f"{where} holds the time step {iso_hour(bad)}, outside ERA5's period "
            f"({iso_hour(ERA5_FIRST_TIME)} to today): the file is damaged or was cut off "
            "during the download. Download it again from the Climate Data Store."
        )


# -- step 4: the joined timeline -----------------------------------------------------------------


@dataclass
class Timeline:
    """For each output hour, which source variable and which of its records to read.

    Source and record numbers are int32 (RECORD_DTYPE): these arrays have one entry an hour
    of the whole period, so they are most of what grows with the number of years.
    """

    times: np.ndarray
    source_numbers: np.ndarray
    record_numbers: np.ndarray


def join_times(sources: List[SourceVariable], role: str, warn: WarnCallback) -> Timeline:
    """All sources of one variable in time order; a repeated time step is kept once (first file).

    The sources' own ``times`` are not needed afterwards: the caller may drop them.
    """
    times = np.concatenate([s.times for s in sources])
    source_numbers = np.concatenate(
        [np.full(s.times.size, i, dtype=RECORD_DTYPE) for i, s in enumerate(sources)]
    )
    record_numbers = np.concatenate([np.arange(s.times.size, dtype=RECORD_DTYPE) for s in sources])
    order = np.lexsort((record_numbers, source_numbers, times.view("int64")))
    times, source_numbers, record_numbers = (
        times[order],
        source_numbers[order],
        record_numbers[order],
    )
    first = np.concatenate(([True], np.diff(times.view("int64")) != 0))
    duplicates = int(np.count_nonzero(~first))
    if duplicates:
        repeated = np.unique(times[~first])
        example = ", ".join(iso_hour(t) for t in repeated[:3]) + (
            " ..." if repeated.size > 3 else ""
        )
        warn(
            f"{duplicates} repeated time step(s) of {role} were dropped ({example}); the value "
            "from the file listed first was kept. Check that the input files do not overlap."
        )
    return Timeline(times[first], source_numbers[first], record_numbers[first])


def _select(timeline: Timeline, keep: np.ndarray, times: Optional[np.ndarray] = None) -> Timeline:
    """The hours ``keep`` of a timeline; ``times``: an array equal to ``timeline.times[keep]``
    to share instead of a copy."""
    return Timeline(
        timeline.times[keep] if times is None else times,
        timeline.source_numbers[keep],
        timeline.record_numbers[keep],
    )


# -- the downloads read as a forcing ---------------------------------------------------------


class Era5Source(ForcingSource):
    """The ERA5 downloads read as a forcing, without copying them (steps 1-6 of the module doc).

    Offers what core.formats.forcing.Forcing offers (grid, times, read, chunks, point_series,
    stored_time_chunk, attributes, close, context manager), so the flux, the annual sums and
    the import read either the same way. Opening reads the headers only (variables, times,
    grids); ``read`` reads, joins, clips to EXTENT and checks the hours asked for. An input file
    is open only while it is read (its handle is reopened on demand).

    ``extent``: (west, south, east, north) in degrees (cell centres inside are kept);
    ``start``/``end``: inclusive UTC bounds (ISO text or datetime64); ``warn``: called with each
    warning (repeated steps, hours with one variable only, gaps), which are kept in ``warnings``.
    """

    def __init__(
        self,
        inputs: Sequence,
        extent: Optional[Sequence[float]] = None,
        start=None,
        end=None,
        temperature_variable: Optional[str] = None,
        moisture_variable: Optional[str] = None,
        warn: Optional[WarnCallback] = None,
        progress=None,
        time_chunk: Optional[int] = None,
    ):
        progress = as_progress(progress)
        self.inputs = [str(Path(str(p))) for p in inputs]
        self.path = Path(self.inputs[0]) if self.inputs else Path()
        self.extent = extent
        self.warnings: List[str] = []
        self._warn = warn
        self.moisture_values_clipped = 0
        self._has_values = {FORCING_TEMPERATURE: False, FORCING_MOISTURE: False}
        start_time = parse_utc(start, "START") if not isinstance(start, np.datetime64) else start
        end_time = parse_utc(end, "END") if not isinstance(end, np.datetime64) else end
        if start_time is not None and end_time is not None and end_time < start_time:
            raise VariableError(
                f"END ({iso_hour(end_time)}) is before START ({iso_hour(start_time)}). Swap them."
            )
        overrides = {
            FORCING_TEMPERATURE: temperature_variable or None,
            FORCING_MOISTURE: moisture_variable or None,
        }
        self._stack = contextlib.ExitStack()
        try:
            self._open(inputs, overrides, start_time, end_time, progress)
        except BaseException:
            self._stack.close()
            raise
        self._time_chunk = time_chunk_hours(self.grid, time_chunk)

    def _report(self, message: str) -> None:
        self.warnings.append(message)
        if self._warn is not None:
            self._warn(message)

    def _open(self, inputs, overrides, start_time, end_time, progress) -> None:
        stack = self._stack
        index_folder = Path(tempfile.mkdtemp(prefix="sandflux-grib-index-"))
        stack.callback(shutil.rmtree, index_folder, ignore_errors=True)
        progress.report(0.0, "Reading the ERA5 files")
        files = expand_inputs(inputs, stack)
        sources: Dict[str, List[SourceVariable]] = {FORCING_TEMPERATURE: [], FORCING_MOISTURE: []}
        land_sea: List[SourceVariable] = []
        contents = []
        # Each input is open only while it is looked at or read (an open netCDF variable keeps
        # a chunk cache of up to 16 MB and HDF5 metadata: memory would grow with the files).
        self._files: List[_InputFile] = []
        for number, (path, label) in enumerate(files):
            progress.report(number / len(files), f"Opening {Path(label).name}")
            input_file = _InputFile(path, label, index_folder)
            self._files.append(input_file)
            stack.callback(input_file.close)
            datasets = input_file.open()
            contents.append(f"{label}: {describe_variables(datasets)}")
            for role in sources:
                array = find_variable(datasets, role, label, overrides[role])
                if array is not None:
                    sources[role].append(
                        input_file.add(SourceVariable(array, role, label, number), overrides[role])
                    )
            array = find_variable(datasets, LAND_SEA_MASK, label)
            if array is not None:
                land_sea.append(
                    input_file.add(SourceVariable(array, LAND_SEA_MASK, label, number), None)
                )
            input_file.close()
        for role, found in sources.items():
            if not found:
                raise VariableError(
                    f"No {ROLE_TEXT[role]} found in the input files. They hold: "
                    + "; ".join(contents)
                    + ". Download ERA5 'soil temperature level 1' and "
                    "'volumetric soil water layer 1', or name the variable in "
                    f"{OVERRIDE_PARAMETER[role]}."
                )
        self._sources = sources

        grid = _common_grid(sources)
        self._rows, self._cols = (
            grid.window(self.extent, source="the ERA5 files")
            if self.extent is not None
            else (slice(0, grid.ny), slice(0, grid.nx))
        )
        self.grid = grid.subgrid(self._rows, self._cols)

        timelines = {role: join_times(found, role, self._report) for role, found in sources.items()}
        for found in sources.values():
            for source in found:
                source.times = None  # the timelines hold them now
        timelines = {
            role: _select(t, _in_period(t.times, start_time, end_time))
            for role, t in timelines.items()
        }
        temperature, moisture = timelines[FORCING_TEMPERATURE], timelines[FORCING_MOISTURE]
        common = np.intersect1d(temperature.times, moisture.times)
        for role, timeline in timelines.items():
            alone = timeline.times.size - common.size
            if alone:
                other = FORCING_MOISTURE if role == FORCING_TEMPERATURE else FORCING_TEMPERATURE
                self._report(
                    f"{alone} time step(s) have {role} but no {other} and were left "
                    f"out (first: {iso_hour(np.setdiff1d(timeline.times, common)[0])})."
                )
        if common.size == 0:
            period = (
                f"{iso_hour(start_time) if start_time is not None else 'the start'} to "
                f"{iso_hour(end_time) if end_time is not None else 'the end'}"
            )
            raise VariableError(
                f"No hour with both stl1 and swvl1 in {period} in the input files. Check "
                "START/END and that both variables cover the same period."
            )
        # Both timelines now cover exactly the hours ``common`` (held once, not three times).
        self._timelines = {
            FORCING_TEMPERATURE: _select(temperature, np.isin(temperature.times, common), common),
            FORCING_MOISTURE: _select(moisture, np.isin(moisture.times, common), common),
        }
        self.times = common
        _warn_about_gaps(common, self._report)
        # Sea is not sand: cells ERA5's land-sea mask calls sea are NoData (issue: ERA5 gives
        # soil values over the sea too).
        self._sea = _sea_cells(land_sea, grid, self._rows, self._cols, self._report)
        for source in land_sea:
            self._files[source.order].close()
        self._last_use = _last_use_of_files(
            len(files), [(sources[role], self._timelines[role]) for role in sources]
        )
        used = {
            role: sorted({s.label + f" ({s.name})" for s in found})
            for role, found in sources.items()
        }
        self.sources = used
        self._attributes = {
            "sandflux_inputs": "; ".join(self.inputs),
            "sandflux_stl1_source": "; ".join(used[FORCING_TEMPERATURE]),
            "sandflux_swvl1_source": "; ".join(used[FORCING_MOISTURE]),
            "sandflux_extent": format_extent(self.extent),
            "sandflux_land_sea_mask": (
                f"{land_sea[0].label} ({land_sea[0].name}): {int(self._sea.sum())} cells with less "
                f"than {SEA_BELOW_LAND_FRACTION:g} land set to NoData"
                if self._sea is not None
                else "none (sea cells carry ERA5's values)"
            ),
            "comment": (
                "ERA5 point values at cell centres. expver 1 (ERA5) and 5 (ERA5T) merged "
                "to one value a step, ERA5 first. swvl1 values between "
                f"{MOISTURE_CLIP_BELOW_M3_M3:g} and 0 (ERA5 writes about -2.7e-06 over "
                "the sea) were set to 0."
            ),
        }

    # -- the ForcingSource interface --------------------------------------------------------
    @property
    def attributes(self) -> dict:
        """What a forcing file imported from these downloads records of its sources."""
        return dict(self._attributes)

    @property
    def stored_time_chunk(self) -> int:
        """The forcing file's chunk (744 hours): the flux chunks, and so the sums, are cut
        where they would be on the imported file."""
        return self._time_chunk

    def read(self, start=None, stop=None, window=None) -> Tuple[np.ndarray, np.ndarray]:
        """(stl1 K, swvl1 m3 m-3) float32 (time, latitude, longitude) of hours start..stop
        (indices, stop exclusive, or UTC date-times), read from the downloads and checked."""
        first = self.time_index(start, 0)
        last = self.time_index(stop, len(self))
        rows, cols = self._rows, self._cols
        if window is not None:
            rows, cols = _subwindow(rows, window[0]), _subwindow(cols, window[1])
        with NETCDF_LOCK:  # may run on a prefetch thread (core.infra.threads)
            stl1, _ = _read_chunk(
                self._sources[FORCING_TEMPERATURE],
                self._timelines[FORCING_TEMPERATURE],
                first,
                last,
                rows,
                cols,
            )
            swvl1, clipped = _read_chunk(
                self._sources[FORCING_MOISTURE],
                self._timelines[FORCING_MOISTURE],
                first,
                last,
                rows,
                cols,
            )
            for number in np.flatnonzero(self._last_use < last):
                self._files[number].close()  # all its hours are read (closing is idempotent)
        self.moisture_values_clipped += clipped
        if self._sea is not None:  # sea is not sand: NoData, so no flux is made there
            sea = self._sea if window is None else self._sea[window[0], window[1]]
            stl1[:, sea] = np.nan
            swvl1[:, sea] = np.nan
        self._has_values[FORCING_TEMPERATURE] |= bool(np.isfinite(stl1).any())
        self._has_values[FORCING_MOISTURE] |= bool(np.isfinite(swvl1).any())
        return stl1, swvl1

    def check_values(self) -> None:
        """VariableError when a variable had no value at all in everything read so far."""
        for role, found in self._has_values.items():
            if not found:
                raise VariableError(
                    f"The {ROLE_TEXT[role]} has no value at all (only missing values) in "
                    + "; ".join(sorted({s.label for s in self._sources[role]}))
                    + f" for the extent and period asked for. Check the {role} variable "
                    "of the files (a sea-only area has no soil values) or choose another "
                    "EXTENT/START/END."
                )

    def point_series(
        self, longitude: float, latitude: float
    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(times, stl1 K, swvl1 m3 m-3) of the cell holding the point, read a chunk at a time."""
        row, col = self.grid.index_of(longitude, latitude, source="the ERA5 files")
        window = (slice(row, row + 1), slice(col, col + 1))
        parts = [(stl1[:, 0, 0], swvl1[:, 0, 0]) for _, stl1, swvl1 in self.chunks(window=window)]
        return (
            self.times.copy(),
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
        )

    def close(self) -> None:
        with NETCDF_LOCK:
            self._stack.close()


def _sea_cells(
    land_sea: List[SourceVariable], grid: Grid, rows: slice, cols: slice, warn: WarnCallback
) -> Optional[np.ndarray]:
    """(lat, lon) bool of the output window, True where ERA5's land-sea mask says sea (land
    fraction < SEA_BELOW_LAND_FRACTION); None, with a warning, when no input holds the mask.

    The mask may be on a larger grid of the same spacing (a global lsm file): the window is
    found by the coordinates.
    """
    if not land_sea:
        warn(
            "The ERA5 inputs hold no land-sea mask (lsm): sea cells keep ERA5's soil values "
            "and will get a flux as if they were sand. Add 'land-sea mask' to the download, "
            "or its file to the inputs, so that sea cells are NoData."
        )
        return None
    source = land_sea[0]
    mask_grid = source.grid
    tol = 1e-6 * grid.step_lon
    col0 = (grid.west_centre + grid.step_lon * cols.start - mask_grid.west_centre) / grid.step_lon
    row0 = (mask_grid.north_centre - grid.north_centre + grid.step_lat * rows.start) / grid.step_lat
    if (
        abs(mask_grid.step_lon - grid.step_lon) > tol
        or abs(mask_grid.step_lat - grid.step_lat) > tol
        or abs(col0 - round(col0)) > 1e-3
        or abs(row0 - round(row0)) > 1e-3
        or round(col0) < 0
        or round(row0) < 0
        or round(col0) + cols.stop - cols.start > mask_grid.nx
        or round(row0) + rows.stop - rows.start > mask_grid.ny
    ):
        raise GridError(
            f"The land-sea mask of {source.label} ({source.name}) covers {_grid_text(mask_grid)}, "
            f"which does not hold the ERA5 grid ({_grid_text(grid.subgrid(rows, cols))}). "
            "Download the land-sea mask with the same grid and an area covering the others."
        )
    window = (
        slice(int(round(row0)), int(round(row0)) + rows.stop - rows.start),
        slice(int(round(col0)), int(round(col0)) + cols.stop - cols.start),
    )
    land, _ = source.read(np.array([0], dtype="int64"), *window)
    return ~(land[0] >= SEA_BELOW_LAND_FRACTION)


def _subwindow(outer: slice, inner: slice) -> slice:
    """``inner`` (a slice of the clipped grid) as a slice of the source grid."""
    start, stop, _ = inner.indices(outer.stop - outer.start)
    return slice(outer.start + start, outer.start + stop)


def _last_use_of_files(count: int, roles) -> np.ndarray:
    """For each input file, the last output hour read from it (-1: none)."""
    last = np.full(count, -1, dtype="int64")
    for found, timeline in roles:
        files = np.array([s.order for s in found], dtype="int64")[timeline.source_numbers]
        np.maximum.at(last, files, np.arange(files.size))
    return last


def _warn_about_gaps(times: np.ndarray, warn: WarnCallback) -> None:
    """Warn when hours are missing inside the period (steps longer than the usual one)."""
    if times.size < 3:
        return
    steps = np.diff(times.astype("int64"))
    usual = int(np.median(steps))
    gaps = np.flatnonzero(steps > usual)
    if gaps.size:
        missing = int(np.sum(steps[gaps] // usual - 1))
        first = int(gaps[0])
        warn(
            f"{missing} time step(s) are missing inside the period, in {gaps.size} gap(s); the "
            f"first gap is after {iso_hour(times[first])} (next: {iso_hour(times[first + 1])}). "
            "Download the missing period to close it; otherwise those hours are NoData in the "
            "flux and the annual sums rely on the coverage rule."
        )


def _in_period(times: np.ndarray, start_time, end_time) -> np.ndarray:
    keep = np.ones(times.size, dtype=bool)
    if start_time is not None:
        keep &= times >= start_time
    if end_time is not None:
        keep &= times <= end_time
    return keep


def _common_grid(sources: Dict[str, List[SourceVariable]]) -> Grid:
    all_sources = [s for found in sources.values() for s in found]
    reference = all_sources[0]
    for other in all_sources[1:]:
        if not reference.grid.same_as(other.grid):
            raise GridError(
                f"The ERA5 inputs are on different grids: {reference.label} ({reference.name}) "
                f"covers {_grid_text(reference.grid)}, {other.label} ({other.name}) covers "
                f"{_grid_text(other.grid)}. Download all files with the same area and grid."
            )
    return reference.grid


def _grid_text(grid: Grid) -> str:
    west, south, east, north = grid.bounds
    return (
        f"{west:g}..{east:g} E, {south:g}..{north:g} N at {grid.step_lon:g} x {grid.step_lat:g} deg"
    )


def _read_chunk(
    sources: List[SourceVariable],
    timeline: Timeline,
    begin: int,
    end: int,
    rows: slice,
    cols: slice,
) -> Tuple[np.ndarray, int]:
    """The (time, lat, lon) block of output hours begin..end, read file by file."""
    numbers = timeline.source_numbers[begin:end]
    records = timeline.record_numbers[begin:end]
    blocks = []
    clipped = 0
    split = np.flatnonzero(np.diff(numbers)) + 1
    for part_numbers, part_records in zip(np.split(numbers, split), np.split(records, split)):
        block, count = sources[int(part_numbers[0])].read(part_records, rows, cols)
        blocks.append(block)
        clipped += count
    return np.concatenate(blocks, axis=0), clipped
