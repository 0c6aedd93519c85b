"""ERA5 files written by hand the way the Climate Data Store lays them out (for the tests).

Deliberately independent of samples.sample_data's generator: one writer per CDS layout, written
with netCDF4-python, values planted by the caller (or the planted fields below).

- ``write_new_cds``: the new CDS netCDF4 layout (valid_time int64 seconds since 1970, scalar
  ``number``, string ``expver`` along valid_time, float32 fields, zlib compressed).
- ``write_legacy_cds``: the legacy CDS netCDF3 layout (time int32 hours since 1900, fields
  int16 packed with scale_factor/add_offset, optional expver dimension).
"""

import datetime
from pathlib import Path

import netCDF4
import numpy as np

T0 = datetime.datetime(2016, 1, 1)
LAT = np.array([41.25, 41.0, 40.75])
LON = np.array([77.5, 77.75, 78.0, 78.25])
PACKED_FILL = -32767

# The new layout as the reliability tests were written with it: without the ``number`` and
# ``expver`` coordinates and uncompressed (kept so that their input bytes, and so the derandomized
# fuzz inputs, stay the same).
PLAIN = {"number": None, "expver": None, "zlib": False}


def hours(n, start=0, t0=T0):
    """``n`` consecutive hourly datetimes from ``t0`` (2016-01-01 00:00) + ``start`` hours."""
    return [t0 + datetime.timedelta(hours=start + i) for i in range(n)]


def diurnal_fields(n, ny, nx, start=0):
    """Planted stl1 (K, a diurnal cycle varying by cell) and swvl1 (m3 m-3) on (time, lat, lon)
    for the hours ``start``..``start + n``, float32."""
    t, y, x = np.meshgrid(np.arange(start, start + n), np.arange(ny), np.arange(nx), indexing="ij")
    stl1 = 285.0 + 0.5 * y + 0.2 * x + (4.0 + x) * np.sin(2 * np.pi * t / 24.0)
    swvl1 = 0.03 + 0.01 * y + 0.002 * x + 0.005 * np.cos(2 * np.pi * t / 24.0)
    return stl1.astype("float32"), swvl1.astype("float32")


def planted_temperature_k(nt, ny=3, nx=4, base=280.0, k_per_hour=0.5):
    """stl1 = base + k_per_hour * t + 0.1 * row + 0.01 * column (K), float32."""
    t, y, x = np.meshgrid(np.arange(nt), np.arange(ny), np.arange(nx), indexing="ij")
    return (base + k_per_hour * t + 0.1 * y + 0.01 * x).astype("float32")


def planted_moisture(nt, ny=3, nx=4):
    """swvl1 = 0.05 + 0.001 * t + 0.01 * row + 0.001 * column (m3 m-3), float32."""
    t, y, x = np.meshgrid(np.arange(nt), np.arange(ny), np.arange(nx), indexing="ij")
    return (0.05 + 0.001 * t + 0.01 * y + 0.001 * x).astype("float32")


# Two days of downloads across the antimeridian of longitudes 0..360 (as the CDS writes a box
# around 0 deg), south first (the reader puts north first), from 2015-12-31.
DOWNLOAD_LON = np.array([0.0, 0.25, 0.5, 359.5, 359.75])
DOWNLOAD_LAT = np.array([40.5, 40.75, 41.0])
DOWNLOAD_START = datetime.datetime(2015, 12, 31, 0)


def write_two_layout_downloads(folder):
    """[day 1 as a legacy packed netCDF3 (int16, hours since 1900), days 2-3 plus the last hour
    of day 1 again as a new-layout netCDF4] of diurnal_fields on the DOWNLOAD_* grid, in
    ``folder``: joined, the repeated hour is kept from the first file."""
    folder = Path(folder)
    ny, nx = DOWNLOAD_LAT.size, DOWNLOAD_LON.size
    stl1, swvl1 = diurnal_fields(24, ny, nx)
    legacy = write_legacy_cds(
        folder / "day1.nc",
        hours(24, t0=DOWNLOAD_START),
        DOWNLOAD_LAT,
        DOWNLOAD_LON,
        {"stl1": (stl1, "K", (0.001, 285.0)), "swvl1": (swvl1, "m**3 m**-3", (1e-6, 0.03))},
    )
    stl1, swvl1 = diurnal_fields(49, ny, nx, start=23)
    new = write_new_cds(
        folder / "days23.nc",
        hours(49, start=23, t0=DOWNLOAD_START),
        DOWNLOAD_LAT,
        DOWNLOAD_LON,
        stl1,
        swvl1,
    )
    return [str(legacy), str(new)]


def _axis(ds, name, dtype, units, values):
    """A coordinate variable ``name(name)`` with its units."""
    axis = ds.createVariable(name, dtype, (name,))
    axis.units = units
    axis[:] = values


def write_new_cds(
    path,
    times,
    lat=LAT,
    lon=LON,
    stl1=None,
    swvl1=None,
    stl1_units="K",
    swvl1_units="m**3 m**-3",
    variables=("stl1", "swvl1"),
    number=0,
    expver="0001",
    zlib=True,
):
    """New CDS netCDF4: valid_time int64 seconds since 1970, float32 (valid_time, lat, lon).

    stl1/swvl1 default to the planted fields; ``variables`` says which of them are written;
    ``number`` (scalar) and ``expver`` (string a step) are left out when None; ``zlib``
    compresses the fields. Returns the path.
    """
    nt = len(times)
    stl1 = planted_temperature_k(nt, len(lat), len(lon)) if stl1 is None else stl1
    swvl1 = planted_moisture(nt, len(lat), len(lon)) if swvl1 is None else swvl1
    with netCDF4.Dataset(path, "w", format="NETCDF4") as ds:
        ds.createDimension("valid_time", nt)
        ds.createDimension("latitude", len(lat))
        ds.createDimension("longitude", len(lon))
        vt = ds.createVariable("valid_time", "i8", ("valid_time",))
        vt.units = "seconds since 1970-01-01"
        vt.calendar = "proleptic_gregorian"
        vt[:] = netCDF4.date2num(list(times), vt.units, vt.calendar)
        if number is not None:
            ds.createVariable("number", "i8", ())[...] = number
        if expver is not None:
            ev = ds.createVariable("expver", str, ("valid_time",))
            for i in range(nt):
                ev[i] = expver
        _axis(ds, "latitude", "f8", "degrees_north", lat)
        _axis(ds, "longitude", "f8", "degrees_east", lon)
        coordinates = " ".join(
            (["number"] if number is not None else [])
            + ["valid_time", "latitude", "longitude"]
            + (["expver"] if expver is not None else [])
        )
        for name, values, units, pid in (
            ("stl1", stl1, stl1_units, 139),
            ("swvl1", swvl1, swvl1_units, 39),
        ):
            if name not in variables:
                continue
            var = ds.createVariable(
                name,
                "f4",
                ("valid_time", "latitude", "longitude"),
                zlib=zlib,
                fill_value=np.float32(np.nan),
            )
            var.units = units
            var.GRIB_paramId = pid
            if number is not None or expver is not None:
                var.coordinates = coordinates
            var[:] = values
    return Path(path)


def pack(values, scale, offset):
    """int16 CDS packing: round((values - offset) / scale), NaN -> -32767."""
    packed = np.round((values - offset) / scale)
    return np.where(np.isnan(values), PACKED_FILL, packed).astype("int16")


def write_legacy_cds(path, times, lat, lon, variables, expvers=None, expver_long_name="expver"):
    """Legacy CDS netCDF3: time int32 hours since 1900, optional expver dimension.

    ``variables``: {name: (values, units, packing)}; packing (scale, offset) writes int16 packed
    values (missing = -32767), None writes float32 with _FillValue -32767 (NaN -> -32767).
    With ``expvers`` the fields are (time, expver, lat, lon), else (time, lat, lon); the expver
    variable gets ``expver_long_name`` unless None. Returns the path.
    """
    with netCDF4.Dataset(path, "w", format="NETCDF3_64BIT_OFFSET") as ds:
        ds.createDimension("longitude", len(lon))
        ds.createDimension("latitude", len(lat))
        if expvers is not None:
            ds.createDimension("expver", len(expvers))
            ev = ds.createVariable("expver", "i4", ("expver",))
            if expver_long_name is not None:
                ev.long_name = expver_long_name
            ev[:] = list(expvers)
        ds.createDimension("time", len(times))
        _axis(ds, "longitude", "f4", "degrees_east", lon)
        _axis(ds, "latitude", "f4", "degrees_north", lat)
        ti = ds.createVariable("time", "i4", ("time",))
        ti.units = "hours since 1900-01-01 00:00:00.0"
        ti.calendar = "gregorian"
        ti[:] = netCDF4.date2num(list(times), ti.units, ti.calendar)
        dims = (
            ("time", "expver", "latitude", "longitude")
            if expvers is not None
            else ("time", "latitude", "longitude")
        )
        for name, (values, units, packing) in variables.items():
            if packing is None:
                var = ds.createVariable(name, "f4", dims, fill_value=np.float32(PACKED_FILL))
                var.units = units
                var[:] = np.where(np.isnan(values), PACKED_FILL, values)
                continue
            scale, offset = packing
            var = ds.createVariable(name, "i2", dims, fill_value=np.int16(PACKED_FILL))
            var.scale_factor = scale
            var.add_offset = offset
            var.missing_value = np.int16(PACKED_FILL)
            var.units = units
            var.set_auto_maskandscale(False)
            var[:] = pack(values, scale, offset)
    return Path(path)
