"""SYNTHETIC sample data for SandFlux: ERA5-like soil climate, CDS-layout files, soil samples.

Everything here is made up, deterministic and seeded. It looks like the Taklimakan so that the
whole pipeline (import -> calibrate -> flux -> annual sums) can be run and tested without any
download, but it is NOT ERA5 and NOT observations. Every file written says so in its global
attributes.

The soil climate is a pure function of (time, longitude, latitude, seed):

- soil temperature Ts (K): a mean that falls with latitude (-0.5 K per degree) and with the
  synthetic elevation (-6 K km-1), a seasonal cycle (coldest mid-January), a diurnal cycle in
  local solar time (UTC + longitude/15 h, warmest near 14 h) whose amplitude is larger in
  summer, day-to-day "weather" anomalies that are coherent in space, and evaporative cooling
  after rain;
- soil moisture theta (m3 m-3): dry sand (0.012..0.035) plus rare rain pulses that jump up and
  dry out exponentially over days. Rain events are drawn per day from a counter-based hash of
  (seed, day), so any time chunk is computed on its own with exactly the same values as in a
  single pass; an event is felt for at most RAIN_MEMORY_DAYS days after it starts.

The elevation is a smooth SYNTHETIC field (not a DEM): a basin floor near 1100 m (1300 m in the
west falling to ~850 m in the east) rising to the Kunlun front in the south and the Tian Shan
foothills in the north.
"""
from typing import Tuple

import numpy as np

from .constants import ZERO_CELSIUS_K

DEFAULT_SEED = 20160101

# Soil-temperature climate (K and K per unit).
MEAN_SOIL_TEMPERATURE_K = ZERO_CELSIUS_K + 14.5   # at the reference point below
REFERENCE_LATITUDE = 39.0
REFERENCE_ELEVATION_M = 1100.0
LATITUDE_GRADIENT_K_PER_DEG = -0.5
LAPSE_RATE_K_PER_M = -0.006
SEASONAL_AMPLITUDE_K = 17.0
COLDEST_DAY_OF_YEAR = 15.0
DIURNAL_AMPLITUDE_WINTER_K = 6.0
DIURNAL_AMPLITUDE_SUMMER_K = 12.0
WARMEST_LOCAL_HOUR = 14.0
WEATHER_ANOMALY_K = 2.5
WET_COOLING_K_PER_M3_M3 = 40.0     # cooling of the soil per unit moisture above dry
WET_DIURNAL_DAMPING_PER_M3_M3 = 4.0

# Soil-moisture climate (m3 m-3).
DRY_MOISTURE_M3_M3 = 0.018
RAIN_MEMORY_DAYS = 30           # an event is felt for at most this long (exp(-30/3.5) ~ 2e-4)
RAIN_PROBABILITY_WINTER = 0.01  # chance a day starts a rain event somewhere near the box
RAIN_PROBABILITY_SUMMER = 0.08
RAIN_AMPLITUDE_MIN_M3_M3 = 0.03
RAIN_AMPLITUDE_RANGE_M3_M3 = 0.12
RAIN_RADIUS_MIN_DEG = 1.0
RAIN_RADIUS_RANGE_DEG = 2.5
RAIN_DRYING_MIN_H = 24.0
RAIN_DRYING_RANGE_H = 60.0
MOISTURE_MAX_M3_M3 = 0.35

# Where the synthetic events are placed (a margin around the seed's box).
_EVENT_BOX = (76.0, 35.5, 90.0, 42.5)

_SECONDS_PER_DAY = 86400
_DAYS_PER_YEAR = 365.2425

# Streams of the counter-based generator (one per kind of random draw).
_STREAM_WEATHER = 1
_STREAM_RAIN = 2

_UINT64 = np.uint64
_GOLDEN = _UINT64(0x9E3779B97F4A7C15)
_MIX1 = _UINT64(0xBF58476D1CE4E5B9)
_MIX2 = _UINT64(0x94D049BB133111EB)


# --------------------------------------------------------------------------------------------
# Counter-based random numbers: a value depends only on (seed, stream, counter, slot).
# --------------------------------------------------------------------------------------------

def _splitmix64(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser (wrapping uint64 arithmetic), element by element."""
    with np.errstate(over="ignore"):
        z = values + _GOLDEN
        z = (z ^ (z >> _UINT64(30))) * _MIX1
        z = (z ^ (z >> _UINT64(27))) * _MIX2
        return z ^ (z >> _UINT64(31))


def hashed_uniform(seed: int, stream: int, counters, slots: int) -> np.ndarray:
    """Uniform numbers in [0, 1) of shape counters.shape + (slots,), a pure function of the keys.

    The same (seed, stream, counter, slot) always gives the same number, so a chunk of days can
    be drawn without drawing the days before it.
    """
    counters = np.asarray(counters, dtype="int64").astype(_UINT64)  # wraps negatives
    key = _splitmix64(np.full(1, seed, dtype="int64").astype(_UINT64))
    key = _splitmix64(key ^ _UINT64(stream))
    z = _splitmix64(key ^ _splitmix64(counters))[..., None]
    z = _splitmix64(z ^ np.arange(1, slots + 1, dtype=_UINT64))
    return (z >> _UINT64(11)).astype("float64") / float(2 ** 53)


# --------------------------------------------------------------------------------------------
# The synthetic landscape.
# --------------------------------------------------------------------------------------------

def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def synthetic_elevation_m(longitudes, latitudes) -> np.ndarray:
    """SYNTHETIC terrain height (m) broadcast over (lat, lon): Taklimakan-like basin and margins.

    floor = 1300 - 45*(lon - 78) m (west to east), + 2600 m*sigmoid((37.2 - lat)/0.25) for the
    Kunlun front, + 700 m*sigmoid((lat - 41.3)/0.2) for the Tian Shan foothills,
    + 900 m*sigmoid((77.6 - lon)/0.3) for the Pamir side. Not a DEM.
    """
    lon = np.asarray(longitudes, dtype="float64")
    lat = np.asarray(latitudes, dtype="float64")
    floor = 1300.0 - 45.0 * (lon - 78.0)
    kunlun = 2600.0 * _sigmoid((37.2 - lat) / 0.25)
    tianshan = 700.0 * _sigmoid((lat - 41.3) / 0.2)
    pamir = 900.0 * _sigmoid((77.6 - lon) / 0.3)
    return floor + kunlun + tianshan + pamir


def _as_grid(longitudes, latitudes):
    """(lon, lat) broadcastable as (1, lat, lon), and whether the input was a single point."""
    lon = np.asarray(longitudes, dtype="float64")
    lat = np.asarray(latitudes, dtype="float64")
    single = lon.ndim == 0 and lat.ndim == 0
    lon1 = np.atleast_1d(lon)
    lat1 = np.atleast_1d(lat)
    if lon1.ndim != 1 or lat1.ndim != 1:
        raise ValueError("longitudes and latitudes must be scalars or one-dimensional")
    return lon1[None, None, :], lat1[None, :, None], single


def _days_since_epoch(times_utc) -> np.ndarray:
    seconds = np.asarray(times_utc, dtype="datetime64[s]").astype("int64")
    return np.atleast_1d(seconds).astype("float64") / _SECONDS_PER_DAY


def _day_of_year_phase(days: np.ndarray) -> np.ndarray:
    """Fraction of the (mean) year elapsed since 1 January (continuous, 0..1)."""
    return np.mod(days, _DAYS_PER_YEAR) / _DAYS_PER_YEAR


def _summer_weight(days: np.ndarray) -> np.ndarray:
    """0 in mid-January, 1 in mid-July (smooth)."""
    phase = _day_of_year_phase(days) - COLDEST_DAY_OF_YEAR / _DAYS_PER_YEAR
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * phase)


# --------------------------------------------------------------------------------------------
# Rain events and weather anomalies (per day, counter-based).
# --------------------------------------------------------------------------------------------

def _rain_events(seed: int, first_day: int, last_day: int):
    """The rain events starting on days first_day..last_day (days since 1970, UTC).

    Returns arrays (start_day_float, lon_c, lat_c, radius_deg, amplitude, drying_h), in day order.
    """
    days = np.arange(first_day, last_day + 1, dtype="int64")
    u = hashed_uniform(seed, _STREAM_RAIN, days, 7)
    summer = _summer_weight(days.astype("float64") + 0.5)
    probability = RAIN_PROBABILITY_WINTER + (RAIN_PROBABILITY_SUMMER - RAIN_PROBABILITY_WINTER) * summer
    happens = u[:, 0] < probability
    u = u[happens]
    start = days[happens].astype("float64") + u[:, 1]
    west, south, east, north = _EVENT_BOX
    lon_c = west + (east - west) * u[:, 2]
    lat_c = south + (north - south) * u[:, 3]
    radius = RAIN_RADIUS_MIN_DEG + RAIN_RADIUS_RANGE_DEG * u[:, 4]
    amplitude = RAIN_AMPLITUDE_MIN_M3_M3 + RAIN_AMPLITUDE_RANGE_M3_M3 * u[:, 5] ** 2
    drying_h = RAIN_DRYING_MIN_H + RAIN_DRYING_RANGE_H * u[:, 6]
    return start, lon_c, lat_c, radius, amplitude, drying_h


def rain_moisture_m3_m3(days: np.ndarray, lon: np.ndarray, lat: np.ndarray, seed: int
                        ) -> np.ndarray:
    """Moisture added by rain pulses (m3 m-3), shape (time, lat, lon).

    Each event adds A * exp(-d^2 / (2 r^2)) * exp(-(t - t0)/tau) for 0 <= t - t0 < 30 days,
    d the distance (deg) to the event centre. Only the keys decide the value: chunk-invariant.
    """
    shape = (days.size, lat.shape[1], lon.shape[2])
    added = np.zeros(shape)
    if days.size == 0:
        return added
    first = int(np.floor(days.min())) - RAIN_MEMORY_DAYS
    last = int(np.floor(days.max()))
    events = _rain_events(seed, first, last)
    coslat = np.cos(np.deg2rad(lat))
    for start, lon_c, lat_c, radius, amplitude, drying_h in zip(*events):
        age_h = (days - start) * 24.0
        felt = (age_h >= 0.0) & (age_h < RAIN_MEMORY_DAYS * 24.0)
        if not felt.any():
            continue
        decay = np.where(felt, np.exp(-np.where(felt, age_h, 0.0) / drying_h), 0.0)
        distance2 = ((lon - lon_c) * coslat) ** 2 + (lat - lat_c) ** 2
        footprint = amplitude * np.exp(-distance2 / (2.0 * radius ** 2))
        added = added + decay[:, None, None] * footprint
    return added


def _weather_anomaly_k(days: np.ndarray, lon: np.ndarray, lat: np.ndarray, seed: int
                       ) -> np.ndarray:
    """Day-to-day soil-temperature anomaly (K): per-day large-scale patterns, linearly
    interpolated between noons, so neighbouring hours and places move together."""
    x = days - 0.5
    day0 = np.floor(x)
    weight = (x - day0)[:, None, None]
    lon_mid = 0.5 * (_EVENT_BOX[0] + _EVENT_BOX[2])
    lat_mid = 0.5 * (_EVENT_BOX[1] + _EVENT_BOX[3])

    def pattern(day):
        u = hashed_uniform(seed, _STREAM_WEATHER, day.astype("int64"), 3) * 2.0 - 1.0
        return WEATHER_ANOMALY_K * (
            u[:, 0, None, None]
            + 0.4 * u[:, 1, None, None] * (lon - lon_mid) / 7.0
            + 0.4 * u[:, 2, None, None] * (lat - lat_mid) / 3.5)

    return (1.0 - weight) * pattern(day0) + weight * pattern(day0 + 1.0)


# --------------------------------------------------------------------------------------------
# The public generator.
# --------------------------------------------------------------------------------------------

def synthetic_soil_climate(times_utc, longitudes, latitudes, seed: int = DEFAULT_SEED
                           ) -> Tuple[np.ndarray, np.ndarray]:
    """SYNTHETIC ERA5-like (stl1 K, swvl1 m3 m-3) at the given UTC times and grid points.

    ``times_utc``: datetime64 values (any spacing); ``longitudes``, ``latitudes``: 1-D arrays
    (degrees E/N, any order) giving float64 arrays shaped (time, lat, lon), or two scalars
    (one point) giving arrays shaped (time,). A pure function: the same inputs give the same
    values, and computing a time range in pieces gives exactly the values of one pass.

    Ts = Tmean(lat, z) - A_s(z)*cos(2 pi (doy - 15)/365.24) + A_d*D(local hour) + W(t, x)
         - c_wet*(theta - theta_dry), with D a two-harmonic diurnal shape peaking near 14 h.
    theta = theta_dry(x, season) + sum of rain pulses (clipped to 0.35).
    """
    lon, lat, single = _as_grid(longitudes, latitudes)
    days = _days_since_epoch(times_utc)
    t = days[:, None, None]
    elevation = synthetic_elevation_m(lon, lat)

    # Moisture: dry sand, a little moister in late winter (snow melt) and on the margins.
    season_phase = 2.0 * np.pi * (_day_of_year_phase(t) - 60.0 / _DAYS_PER_YEAR)
    margin = np.clip((elevation - 1100.0) / 2000.0, 0.0, 1.0)
    dry = DRY_MOISTURE_M3_M3 + 0.004 * np.cos(season_phase) + 0.012 * margin \
        + 0.002 * np.sin(1.3 * lon + 0.7 * lat)
    wet = rain_moisture_m3_m3(days, lon, lat, seed)
    theta = np.clip(dry + wet, 0.0, MOISTURE_MAX_M3_M3)

    # Temperature.
    mean = (MEAN_SOIL_TEMPERATURE_K
            + LATITUDE_GRADIENT_K_PER_DEG * (lat - REFERENCE_LATITUDE)
            + LAPSE_RATE_K_PER_M * (elevation - REFERENCE_ELEVATION_M))
    seasonal_amplitude = SEASONAL_AMPLITUDE_K * (1.0 - 0.1 * np.clip(
        (elevation - REFERENCE_ELEVATION_M) / 2000.0, 0.0, 1.0))
    summer = _summer_weight(t)
    seasonal = -seasonal_amplitude * np.cos(
        2.0 * np.pi * (_day_of_year_phase(t) - COLDEST_DAY_OF_YEAR / _DAYS_PER_YEAR))
    local_hour = np.mod((t - np.floor(t)) * 24.0 + lon / 15.0, 24.0)
    angle = 2.0 * np.pi * (local_hour - WARMEST_LOCAL_HOUR) / 24.0
    shape = (np.cos(angle) + 0.25 * np.cos(2.0 * angle)) / 1.25
    diurnal_amplitude = (DIURNAL_AMPLITUDE_WINTER_K
                         + (DIURNAL_AMPLITUDE_SUMMER_K - DIURNAL_AMPLITUDE_WINTER_K) * summer)
    diurnal_amplitude = diurnal_amplitude / (1.0 + WET_DIURNAL_DAMPING_PER_M3_M3 * wet)
    ts = (mean + seasonal + diurnal_amplitude * shape
          + _weather_anomaly_k(days, lon, lat, seed)
          - WET_COOLING_K_PER_M3_M3 * wet)
    ts = np.broadcast_to(ts, theta.shape)
    if single:
        return np.array(ts[:, 0, 0]), np.array(theta[:, 0, 0])
    return np.ascontiguousarray(ts), np.ascontiguousarray(theta)


# --------------------------------------------------------------------------------------------
# The sample grid and the CDS file layouts.
# --------------------------------------------------------------------------------------------

SYNTHETIC_NOTICE = ("SYNTHETIC DATA made by SandFlux's sample-data generator for demonstrations "
                    "and tests. NOT ERA5, NOT observations: do not use for science.")
GENERATOR_VERSION = "5"
LAYOUTS = ("new", "legacy")

# Legacy CDS packing: int16 with a fixed physical range per variable (grib_to_netcdf derives it
# from the data's range; a fixed range lets each time chunk be packed without a first pass).
LEGACY_FILL = -32767
_LEGACY_RANGES = {"stl1": (200.0, 350.0), "swvl1": (-0.01, 0.79)}
_HOURS_1900_OFFSET = 613608  # hours from 1900-01-01 to 1970-01-01

_VARIABLE_ATTRIBUTES = {
    "stl1": {"units": "K", "long_name": "Soil temperature level 1", "GRIB_paramId": 139,
             "GRIB_units": "K"},
    "swvl1": {"units": "m**3 m**-3", "long_name": "Volumetric soil water layer 1",
              "GRIB_paramId": 39, "GRIB_units": "m**3 m**-3"},
}


def sample_grid(extent=None, step_deg: float = None):
    """The ERA5 points a CDS request for ``extent`` returns: the area expanded outward to the grid.

    For the seed's box (77.67..88.3 E, 36.83..41.13 N) at 0.25 deg: 45 x 19 points, first point
    77.5 E, 41.25 N (GDAL origin 77.375, 41.375).
    """
    from .constants import ERA5_GRID_DEG, TAKLIMAKAN_EXTENT
    from .grid import Grid

    west, south, east, north = extent if extent is not None else TAKLIMAKAN_EXTENT
    step = float(step_deg or ERA5_GRID_DEG)
    first_lon = np.floor(west / step + 1e-9) * step
    last_lon = np.ceil(east / step - 1e-9) * step
    first_lat = np.ceil(north / step - 1e-9) * step
    last_lat = np.floor(south / step + 1e-9) * step
    nx = int(round((last_lon - first_lon) / step)) + 1
    ny = int(round((first_lat - last_lat) / step)) + 1
    return Grid(float(first_lon), float(first_lat), step, step, nx, ny)


def hourly_times(year: int) -> np.ndarray:
    """Every UTC hour of a calendar year, datetime64[s]."""
    start = np.datetime64(f"{year:04d}-01-01T00:00:00", "s")
    stop = np.datetime64(f"{year + 1:04d}-01-01T00:00:00", "s")
    return np.arange(start, stop, np.timedelta64(3600, "s"))


def _pack_legacy(values: np.ndarray, name: str) -> Tuple[np.ndarray, float, float]:
    scale, offset = legacy_scale_offset(name)
    packed = np.round((np.asarray(values, dtype="float64") - offset) / scale)
    packed = np.clip(packed, -32766, 32767)
    packed = np.where(np.isfinite(values), packed, LEGACY_FILL).astype("int16")
    return packed, scale, offset


def legacy_scale_offset(name: str) -> Tuple[float, float]:
    """(scale_factor, add_offset) the legacy writer uses for ``name``: the physical range
    maps onto -32767..32767 (x = add_offset + scale_factor * packed)."""
    low, high = _LEGACY_RANGES[name]
    return (high - low) / (2 ** 16 - 2), (high + low) / 2.0


def _fingerprint(**keys) -> str:
    import hashlib
    import json
    text = json.dumps({"generator": GENERATOR_VERSION, **keys}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_fingerprint(path) -> str:
    """The generator fingerprint stored in a sample file ('' when absent or unreadable)."""
    import netCDF4
    try:
        with netCDF4.Dataset(str(path)) as dataset:
            return str(getattr(dataset, "sandflux_sample_fingerprint", ""))
    except (OSError, RuntimeError):
        return ""


def write_cds_netcdf(path, times_utc, layout: str = "new", grid=None, seed: int = DEFAULT_SEED,
                     era5t_from=None, chunk_hours: int = 24 * 31, progress=None):
    """Write SYNTHETIC stl1/swvl1 at ``times_utc`` in a real CDS netCDF layout, chunk by chunk.

    layout "new": netCDF4 as the CDS delivers since 2024 (valid_time int64 seconds since 1970,
    scalar ``number``, string ``expver`` per step, float32 variables with GRIB_* attributes).
    layout "legacy": netCDF3 64-bit offset as grib_to_netcdf wrote it (time int32 hours since
    1900, int16 packed with scale_factor/add_offset and _FillValue/missing_value -32767). With
    ``era5t_from`` (a UTC time) the legacy file gets the ``expver`` dimension (1 = ERA5, 5 =
    ERA5T): steps before it hold values under expver 1, the others under expver 5, fill elsewhere;
    in the new layout those steps are labelled "0005".
    Latitude is descending in both. Writes atomically; returns the path.
    """
    import netCDF4
    from pathlib import Path

    from .outputs import atomic_output
    from .progress import as_progress

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    grid = grid or sample_grid()
    progress = as_progress(progress)
    times = np.asarray(times_utc, dtype="datetime64[s]")
    era5t = None if era5t_from is None else np.datetime64(era5t_from, "s")
    fingerprint = _fingerprint(layout=layout, grid=grid, seed=seed, era5t=era5t,
                               start=times[0] if times.size else None,
                               stop=times[-1] if times.size else None, n=times.size)
    path = Path(path)
    with atomic_output(path, "sample ERA5 file") as temporary:
        if layout == "new":
            dataset = netCDF4.Dataset(str(temporary), "w", format="NETCDF4")
        else:
            dataset = netCDF4.Dataset(str(temporary), "w", format="NETCDF3_64BIT_OFFSET")
        try:
            writer = _NewLayout(dataset, times, grid, era5t) if layout == "new" \
                else _LegacyLayout(dataset, times, grid, era5t)
            dataset.sandflux_sample_fingerprint = fingerprint
            dataset.sandflux_sample_seed = str(int(seed))
            for start in range(0, times.size, chunk_hours):
                stop = min(start + chunk_hours, times.size)
                stl1, swvl1 = synthetic_soil_climate(times[start:stop], grid.longitudes,
                                                     grid.latitudes, seed=seed)
                writer.write(start, stop, stl1, swvl1)
                progress.report(stop / times.size, f"{path.name}: {stop}/{times.size} hours")
        finally:
            dataset.close()
    return path


class _LegacyLayout:
    """grib_to_netcdf's netCDF3: longitude, latitude, [expver], time; int16 packed."""

    def __init__(self, dataset, times, grid, era5t):
        self.times = times
        self.era5t = era5t
        dataset.Conventions = "CF-1.6"
        dataset.history = (f"{SYNTHETIC_NOTICE} Written in the legacy CDS layout of "
                           "grib_to_netcdf (netCDF3, int16 packed).")
        dataset.title = "SYNTHETIC ERA5-like soil temperature and moisture (SandFlux sample data)"
        dataset.source = SYNTHETIC_NOTICE
        dataset.createDimension("longitude", grid.nx)
        dataset.createDimension("latitude", grid.ny)
        dims = ("time", "latitude", "longitude")
        if era5t is not None:
            dataset.createDimension("expver", 2)
            dims = ("time", "expver", "latitude", "longitude")
        dataset.createDimension("time", times.size)
        lon = dataset.createVariable("longitude", "f4", ("longitude",))
        lon.units, lon.long_name = "degrees_east", "longitude"
        lon[:] = grid.longitudes
        lat = dataset.createVariable("latitude", "f4", ("latitude",))
        lat.units, lat.long_name = "degrees_north", "latitude"
        lat[:] = grid.latitudes
        if era5t is not None:
            expver = dataset.createVariable("expver", "i4", ("expver",))
            expver.long_name = "expver"
            expver[:] = [1, 5]
        time = dataset.createVariable("time", "i4", ("time",))
        time.units = "hours since 1900-01-01 00:00:00.0"
        time.long_name = "time"
        time.calendar = "gregorian"
        time[:] = (times.astype("int64") // 3600 + _HOURS_1900_OFFSET).astype("int32")
        self.variables = {}
        for name in ("stl1", "swvl1"):
            scale, offset = legacy_scale_offset(name)
            variable = dataset.createVariable(name, "i2", dims, fill_value=LEGACY_FILL)
            variable.set_auto_maskandscale(False)
            variable.scale_factor = scale
            variable.add_offset = offset
            variable.missing_value = np.int16(LEGACY_FILL)
            variable.units = _VARIABLE_ATTRIBUTES[name]["units"]
            variable.long_name = _VARIABLE_ATTRIBUTES[name]["long_name"]
            self.variables[name] = variable

    def write(self, start, stop, stl1, swvl1):
        for name, values in (("stl1", stl1), ("swvl1", swvl1)):
            packed, _, _ = _pack_legacy(values, name)
            if self.era5t is None:
                self.variables[name][start:stop] = packed
            else:
                is_era5t = self.times[start:stop] >= self.era5t
                both = np.full((stop - start, 2) + packed.shape[1:], LEGACY_FILL, dtype="int16")
                both[~is_era5t, 0] = packed[~is_era5t]
                both[is_era5t, 1] = packed[is_era5t]
                self.variables[name][start:stop] = both


class _NewLayout:
    """The CDS netCDF4 of 2024 on (cfgrib-made): valid_time, number, expver coordinates."""

    def __init__(self, dataset, times, grid, era5t):
        dataset.GRIB_centre = "ecmf"
        dataset.GRIB_centreDescription = "European Centre for Medium-Range Weather Forecasts"
        dataset.GRIB_subCentre = np.int64(0)
        dataset.Conventions = "CF-1.7"
        dataset.institution = "SandFlux sample-data generator (SYNTHETIC, not ECMWF)"
        dataset.title = "SYNTHETIC ERA5-like soil temperature and moisture (SandFlux sample data)"
        dataset.source = SYNTHETIC_NOTICE
        dataset.history = (f"{SYNTHETIC_NOTICE} Written in the layout of the CDS netCDF4 "
                           "(GRIB to CDM+CF via cfgrib).")
        dataset.createDimension("valid_time", times.size)
        dataset.createDimension("latitude", grid.ny)
        dataset.createDimension("longitude", grid.nx)
        number = dataset.createVariable("number", "i8", ())
        number.long_name = "ensemble member numerical id"
        number.units = "1"
        number.standard_name = "realization"
        number.assignValue(0)
        time = dataset.createVariable("valid_time", "i8", ("valid_time",))
        time.long_name = "time"
        time.standard_name = "time"
        time.units = "seconds since 1970-01-01"
        time.calendar = "proleptic_gregorian"
        time[:] = times.astype("int64")
        lat = dataset.createVariable("latitude", "f8", ("latitude",), fill_value=np.nan)
        lat.units, lat.standard_name, lat.long_name = "degrees_north", "latitude", "latitude"
        lat.stored_direction = "decreasing"
        lat[:] = grid.latitudes
        lon = dataset.createVariable("longitude", "f8", ("longitude",), fill_value=np.nan)
        lon.units, lon.standard_name, lon.long_name = "degrees_east", "longitude", "longitude"
        lon[:] = grid.longitudes
        expver = dataset.createVariable("expver", str, ("valid_time",))
        expver.long_name = "Experiment version"
        expver.standard_name = "unknown"
        labels = np.full(times.size, "0001", dtype=object)
        if era5t is not None:
            labels[times >= era5t] = "0005"
        expver[:] = labels
        chunk = (min(max(times.size, 1), 24 * 31), grid.ny, grid.nx)
        self.variables = {}
        for name in ("stl1", "swvl1"):
            attributes = _VARIABLE_ATTRIBUTES[name]
            variable = dataset.createVariable(name, "f4", ("valid_time", "latitude", "longitude"),
                                              fill_value=np.float32(np.nan), zlib=True,
                                              complevel=1, chunksizes=chunk)
            variable.GRIB_paramId = np.int64(attributes["GRIB_paramId"])
            variable.GRIB_dataType = "an"
            variable.GRIB_numberOfPoints = np.int64(grid.nx * grid.ny)
            variable.GRIB_typeOfLevel = "depthBelowLandLayer"
            variable.GRIB_stepUnits = np.int64(1)
            variable.GRIB_stepType = "instant"
            variable.GRIB_gridType = "regular_ll"
            variable.GRIB_Nx = np.int64(grid.nx)
            variable.GRIB_Ny = np.int64(grid.ny)
            variable.GRIB_cfName = "unknown"
            variable.GRIB_cfVarName = name
            variable.GRIB_gridDefinitionDescription = "Latitude/Longitude Grid"
            variable.GRIB_iDirectionIncrementInDegrees = grid.step_lon
            variable.GRIB_jDirectionIncrementInDegrees = grid.step_lat
            variable.GRIB_latitudeOfFirstGridPointInDegrees = float(grid.latitudes[0])
            variable.GRIB_latitudeOfLastGridPointInDegrees = float(grid.latitudes[-1])
            variable.GRIB_longitudeOfFirstGridPointInDegrees = float(grid.longitudes[0])
            variable.GRIB_longitudeOfLastGridPointInDegrees = float(grid.longitudes[-1])
            variable.GRIB_missingValue = 3.40282346638529e38
            variable.GRIB_name = attributes["long_name"]
            variable.GRIB_shortName = name
            variable.GRIB_units = attributes["GRIB_units"]
            variable.long_name = attributes["long_name"]
            variable.units = attributes["units"]
            variable.standard_name = "unknown"
            variable.coordinates = "number valid_time latitude longitude expver"
            self.variables[name] = variable

    def write(self, start, stop, stl1, swvl1):
        self.variables["stl1"][start:stop] = stl1.astype("float32")
        self.variables["swvl1"][start:stop] = swvl1.astype("float32")


def era5_file_name(year: int, layout: str) -> str:
    """The sample file name of one year: era5_soil_<year>_<layout>.nc."""
    return f"era5_soil_{year:04d}_{layout}.nc"


def write_era5_years(folder, years, layout: str = "new", grid=None, seed: int = DEFAULT_SEED,
                     era5t_from=None, progress=None):
    """One SYNTHETIC CDS-layout file a year in ``folder``; files already up to date are kept.

    A file is up to date when its stored fingerprint (generator version, layout, grid, seed,
    times, ERA5T split) matches; otherwise it is (re)written. Returns the paths in year order.
    """
    from pathlib import Path

    from .progress import as_progress

    folder = Path(folder)
    grid = grid or sample_grid()
    progress = as_progress(progress)
    years = sorted(int(y) for y in years)
    era5t = None if era5t_from is None else np.datetime64(era5t_from, "s")
    paths = []
    for index, year in enumerate(years):
        path = folder / era5_file_name(year, layout)
        times = hourly_times(year)
        expected = _fingerprint(layout=layout, grid=grid, seed=seed, era5t=era5t,
                                start=times[0], stop=times[-1], n=times.size)
        part = progress.sub(index / len(years), (index + 1) / len(years))
        if not (path.exists() and file_fingerprint(path) == expected):
            write_cds_netcdf(path, times, layout=layout, grid=grid, seed=seed,
                             era5t_from=era5t, progress=part)
        part.report(1.0, f"{path.name} ready")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# Soil samples and the shifting-sand outline (GeoPackage, EPSG:4326, written with OGR).
# --------------------------------------------------------------------------------------------

_STREAM_SOIL = 3
_STREAM_OUTLINE = 4
SAND_CENTRE = (83.2, 38.95)           # lon, lat of the outline's centre (Tazhong lies inside)
SAND_SEMI_AXES_DEG = (4.6, 1.55)      # lon, lat half-widths before the wobble
STATION_SOIL_SOC_G_KG = 1.2           # the synthetic soil at Tazhong
STATION_SOIL_PH = 8.9


def shifting_sand_outline(seed: int = DEFAULT_SEED, vertices: int = 96) -> np.ndarray:
    """SYNTHETIC Taklimakan-like shifting-sand outline: closed ring of (lon, lat), shape (n+1, 2).

    A star-shaped lens r(a) = 1 + sum_k c_k cos(k a + phi_k) (k = 2..6, |c| <= 0.04) around
    SAND_CENTRE scaled by SAND_SEMI_AXES_DEG, slightly flattened in the south-east; always a
    simple (valid) polygon inside the seed's box.
    """
    u = hashed_uniform(seed, _STREAM_OUTLINE, np.arange(2, 7), 2)
    angles = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
    radius = np.ones_like(angles)
    for k, (amplitude_u, phase_u) in zip(range(2, 7), u):
        radius += 0.04 * (2.0 * amplitude_u - 1.0) * np.cos(k * angles + 2.0 * np.pi * phase_u)
    radius -= 0.06 * np.exp(-((angles - 5.5) / 0.5) ** 2)   # a bite in the south-east
    lon = SAND_CENTRE[0] + SAND_SEMI_AXES_DEG[0] * radius * np.cos(angles)
    lat = SAND_CENTRE[1] + SAND_SEMI_AXES_DEG[1] * radius * np.sin(angles)
    ring = np.column_stack([lon, lat])
    return np.vstack([ring, ring[:1]])


def soil_samples(count: int = 60, seed: int = DEFAULT_SEED):
    """SYNTHETIC field samples: (lon, lat, soc g kg-1, ph) arrays spread over the seed's box.

    SOC = 0.96 g kg-1 in the shifting-sand centre (a little poorer than Tazhong), rising towards
    the vegetated margins (~1.7 g kg-1 at 1.5 semi-axes out), times lognormal noise (sigma 0.1);
    pH = 9.0 in the centre, lower (~8.7) at the margins, plus noise of 0.06. Sample 0 is at
    Tazhong itself (1.2 g kg-1, pH 8.9). Over the sand the uptake scale s is then near 1, so the
    synthetic desert is a weak sink, as published for the Taklimakan.
    """
    from .constants import TAKLIMAKAN_EXTENT, TAZHONG_LATITUDE, TAZHONG_LONGITUDE

    west, south, east, north = TAKLIMAKAN_EXTENT
    u = hashed_uniform(seed, _STREAM_SOIL, np.arange(count), 4)
    lon = west + 0.05 + (east - west - 0.1) * u[:, 0]
    lat = south + 0.05 + (north - south - 0.1) * u[:, 1]
    lon[0], lat[0] = TAZHONG_LONGITUDE, TAZHONG_LATITUDE
    # distance from the sand centre in units of the outline's semi-axes (1 = the sand edge)
    edge = np.hypot((lon - SAND_CENTRE[0]) / SAND_SEMI_AXES_DEG[0],
                    (lat - SAND_CENTRE[1]) / SAND_SEMI_AXES_DEG[1])
    margin = np.clip(edge - 0.3, 0.0, 1.5)
    normal_1 = np.sqrt(-2.0 * np.log(1.0 - u[:, 2])) * np.cos(2.0 * np.pi * u[:, 3])
    normal_2 = np.sqrt(-2.0 * np.log(1.0 - u[:, 2])) * np.sin(2.0 * np.pi * u[:, 3])
    soc = STATION_SOIL_SOC_G_KG * (0.8 + 0.4 * margin) * np.exp(0.1 * normal_1)
    ph = STATION_SOIL_PH + 0.1 - 0.2 * margin + 0.06 * normal_2
    soc[0], ph[0] = STATION_SOIL_SOC_G_KG, STATION_SOIL_PH
    return lon, lat, np.round(soc, 3), np.round(ph, 2)


def _create_gpkg_layer(path, layer_name, geometry_type, fields):
    from osgeo import ogr, osr

    driver = ogr.GetDriverByName("GPKG")
    source = driver.CreateDataSource(str(path))
    if source is None:
        raise OSError(f"GDAL cannot create the GeoPackage {path}")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = source.CreateLayer(layer_name, srs, geometry_type)
    for name, kind in fields:
        layer.CreateField(ogr.FieldDefn(name, kind))
    source.SetMetadataItem("DESCRIPTION", SYNTHETIC_NOTICE)
    layer.SetMetadataItem("DESCRIPTION", SYNTHETIC_NOTICE)
    return source, layer


def write_soil_samples_gpkg(path, count: int = 60, seed: int = DEFAULT_SEED):
    """GeoPackage layer 'soil_samples' (points, EPSG:4326): sample_id, soc (g kg-1), ph, note."""
    from pathlib import Path

    from osgeo import ogr

    from .outputs import atomic_output

    path = Path(path)
    lon, lat, soc, ph = soil_samples(count, seed)
    with atomic_output(path, "sample soil points") as temporary:
        source, layer = _create_gpkg_layer(
            temporary, "soil_samples", ogr.wkbPoint,
            [("sample_id", ogr.OFTInteger), ("soc", ogr.OFTReal), ("ph", ogr.OFTReal),
             ("note", ogr.OFTString)])
        layer.StartTransaction()
        for index in range(count):
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("sample_id", index + 1)
            feature.SetField("soc", float(soc[index]))
            feature.SetField("ph", float(ph[index]))
            feature.SetField("note", "SYNTHETIC sample (SOC in g kg-1)")
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(lon[index]), float(lat[index]))
            feature.SetGeometry(point)
            layer.CreateFeature(feature)
        layer.CommitTransaction()
        source = None  # noqa: F841  (closes the file)
    return path


def write_shifting_sand_gpkg(path, seed: int = DEFAULT_SEED):
    """GeoPackage layer 'shifting_sand' (one polygon, EPSG:4326) with name and area_km2."""
    from pathlib import Path

    from osgeo import ogr

    from .outputs import atomic_output

    path = Path(path)
    ring_xy = shifting_sand_outline(seed)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring_xy:
        ring.AddPoint_2D(float(x), float(y))
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    polygon = ogr.ForceToPolygon(polygon)
    geodesic_area_km2 = _geodesic_area_km2(ring_xy)
    with atomic_output(path, "sample shifting-sand outline") as temporary:
        source, layer = _create_gpkg_layer(
            temporary, "shifting_sand", ogr.wkbPolygon,
            [("name", ogr.OFTString), ("area_km2", ogr.OFTReal), ("note", ogr.OFTString)])
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("name", "Shifting sand (SYNTHETIC Taklimakan-like outline)")
        feature.SetField("area_km2", round(geodesic_area_km2, 1))
        feature.SetField("note", SYNTHETIC_NOTICE)
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
        source = None  # noqa: F841
    return path


def _geodesic_area_km2(ring_xy: np.ndarray) -> float:
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyproj warns about PROJ data; Geod needs none
            from pyproj import Geod
    except ImportError:  # pragma: no cover - pyproj is a Debian dependency of the project
        return float("nan")
    area, _ = Geod(ellps="WGS84").polygon_area_perimeter(ring_xy[:, 0], ring_xy[:, 1])
    return abs(area) / 1e6


# --------------------------------------------------------------------------------------------
# Everything at once: the sample-data folder.
# --------------------------------------------------------------------------------------------

SOIL_SAMPLES_FILE = "soil_samples.gpkg"
SHIFTING_SAND_FILE = "shifting_sand.gpkg"
STATION_FILE = "tazhong_station_ameriflux_base.csv"
MANIFEST_FILE = "sample-data.json"
README_FILE = "README.txt"


def generate_sample_data(folder, years=(2016, 2017), layout: str = "new",
                         seed: int = DEFAULT_SEED, era5t_from=None, station: bool = True,
                         progress=None) -> dict:
    """Write the whole SYNTHETIC sample set into ``folder``; files already up to date are kept.

    - one CDS-layout ERA5-like file a year (:func:`write_era5_years`);
    - the Tazhong station CSV (AmeriFlux BASE, half-hourly, Beijing time UTC+8, the years in
      local time), made by ``core.sample_station.write_sample_station`` with its planted
      parameters from this module's soil climate (same seed, so it matches the ERA5-like files);
    - soil_samples.gpkg (points: soc g kg-1, ph) and shifting_sand.gpkg (one polygon);
    - sample-data.json (what was made, with which seed) and README.txt (SYNTHETIC notice).
    Returns the manifest as a dict with the paths.
    """
    import json
    from pathlib import Path

    from .progress import as_progress

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    progress = as_progress(progress)
    years = sorted(int(y) for y in years)
    manifest_path = folder / MANIFEST_FILE
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    previous_keys = previous.get("fingerprints", {})

    era5 = write_era5_years(folder, years, layout=layout, seed=seed, era5t_from=era5t_from,
                            progress=progress.sub(0.0, 0.7))
    fingerprints = {}

    def up_to_date(name, key):
        fingerprints[name] = key
        return (folder / name).exists() and previous_keys.get(name) == key

    soil_key = _fingerprint(kind="soil", seed=seed, count=60)
    if not up_to_date(SOIL_SAMPLES_FILE, soil_key):
        write_soil_samples_gpkg(folder / SOIL_SAMPLES_FILE, seed=seed)
    sand_key = _fingerprint(kind="sand", seed=seed)
    if not up_to_date(SHIFTING_SAND_FILE, sand_key):
        write_shifting_sand_gpkg(folder / SHIFTING_SAND_FILE, seed=seed)
    progress.report(0.75, "soil samples and shifting-sand outline ready")

    station_info = None
    if station:
        station_info = _write_station(folder, years, seed, previous, up_to_date,
                                      progress.sub(0.75, 1.0))
    manifest = {
        "notice": SYNTHETIC_NOTICE,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "years": years,
        "layout": layout,
        "era5t_from": None if era5t_from is None else str(np.datetime64(era5t_from, "s")),
        "grid": {"first_longitude": sample_grid().west_centre,
                 "first_latitude": sample_grid().north_centre,
                 "step_deg": sample_grid().step_lon, "nx": sample_grid().nx,
                 "ny": sample_grid().ny},
        "era5_files": [p.name for p in era5],
        "soil_samples": SOIL_SAMPLES_FILE,
        "shifting_sand": SHIFTING_SAND_FILE,
        "station": station_info,
        "fingerprints": fingerprints,
    }
    if manifest != previous:
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    readme = folder / README_FILE
    text = (f"{SYNTHETIC_NOTICE}\n\nMade by SandFlux (core/sample_data.py, seed {seed}) for the "
            "demo and the tests. See sample-data.json for the files and their parameters.\n")
    if not readme.exists() or readme.read_text(encoding="utf-8") != text:
        readme.write_text(text, encoding="utf-8")
    progress.report(1.0, "sample data ready")
    result = dict(manifest)
    result.update(folder=folder, era5_paths=era5, soil_samples_path=folder / SOIL_SAMPLES_FILE,
                  shifting_sand_path=folder / SHIFTING_SAND_FILE,
                  station_path=None if station_info is None else folder / station_info["file"])
    return result


def _write_station(folder, years, seed, previous, up_to_date, progress):
    """The station CSV through core.sample_station (owned by the calibration work)."""
    import importlib

    from .constants import TAZHONG_LATITUDE, TAZHONG_LONGITUDE, TAZHONG_UTC_OFFSET_HOURS

    try:
        sample_station = importlib.import_module(".sample_station", __package__)
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.sample_station":
            raise
        progress.report(1.0, "no station generator (core/sample_station.py) yet")
        return None

    key = _fingerprint(kind="station", years=years, seed=seed,
                       module=_module_digest(sample_station))
    path = folder / STATION_FILE
    if not up_to_date(STATION_FILE, key):
        sample_station.write_sample_station(
            path, start_local=f"{years[0]:04d}-01-01T00:00",
            end_local=f"{years[-1] + 1:04d}-01-01T00:00", climate_seed=seed)
    progress.report(1.0, "station CSV ready")
    return {"file": STATION_FILE,
            "site": sample_station.SITE_ID,
            "longitude": TAZHONG_LONGITUDE, "latitude": TAZHONG_LATITUDE,
            "utc_offset_hours": TAZHONG_UTC_OFFSET_HOURS,
            "soc_g_kg": STATION_SOIL_SOC_G_KG, "ph": STATION_SOIL_PH,
            "planted_parameters": {k: float(v)
                                   for k, v in sample_station.PLANTED_PARAMETERS.items()}}


def _module_digest(module) -> str:
    import hashlib
    from pathlib import Path
    return hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()[:16]
