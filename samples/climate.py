"""The SYNTHETIC soil climate of the sample data: a pure function of (time, lon, lat, seed).

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

from ..core.infra.constants import ZERO_CELSIUS_K

DEFAULT_SEED = 20160101

# Soil-temperature climate (K and K per unit).
MEAN_SOIL_TEMPERATURE_K = ZERO_CELSIUS_K + 14.5  # at the reference point below
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
WET_COOLING_K_PER_M3_M3 = 40.0  # cooling of the soil per unit moisture above dry
WET_DIURNAL_DAMPING_PER_M3_M3 = 4.0

# Soil-moisture climate (m3 m-3).
DRY_MOISTURE_M3_M3 = 0.018
RAIN_MEMORY_DAYS = 30  # an event is felt for at most this long (exp(-30/3.5) ~ 2e-4)
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
    return (z >> _UINT64(11)).astype("float64") / float(2**53)


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
    probability = (
        RAIN_PROBABILITY_WINTER + (RAIN_PROBABILITY_SUMMER - RAIN_PROBABILITY_WINTER) * summer
    )
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


def rain_moisture_m3_m3(
    days: np.ndarray, lon: np.ndarray, lat: np.ndarray, seed: int
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
        footprint = amplitude * np.exp(-distance2 / (2.0 * radius**2))
        added = added + decay[:, None, None] * footprint
    return added


def _weather_anomaly_k(days: np.ndarray, lon: np.ndarray, lat: np.ndarray, seed: int) -> np.ndarray:
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
            + 0.4 * u[:, 2, None, None] * (lat - lat_mid) / 3.5
        )

    return (1.0 - weight) * pattern(day0) + weight * pattern(day0 + 1.0)


# --------------------------------------------------------------------------------------------
# The public generator.
# --------------------------------------------------------------------------------------------


def synthetic_soil_climate(
    times_utc, longitudes, latitudes, seed: int = DEFAULT_SEED
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
    dry = (
        DRY_MOISTURE_M3_M3
        + 0.004 * np.cos(season_phase)
        + 0.012 * margin
        + 0.002 * np.sin(1.3 * lon + 0.7 * lat)
    )
    wet = rain_moisture_m3_m3(days, lon, lat, seed)
    theta = np.clip(dry + wet, 0.0, MOISTURE_MAX_M3_M3)

    # Temperature.
    mean = (
        MEAN_SOIL_TEMPERATURE_K
        + LATITUDE_GRADIENT_K_PER_DEG * (lat - REFERENCE_LATITUDE)
        + LAPSE_RATE_K_PER_M * (elevation - REFERENCE_ELEVATION_M)
    )
    seasonal_amplitude = SEASONAL_AMPLITUDE_K * (
        1.0 - 0.1 * np.clip((elevation - REFERENCE_ELEVATION_M) / 2000.0, 0.0, 1.0)
    )
    summer = _summer_weight(t)
    seasonal = -seasonal_amplitude * np.cos(
        2.0 * np.pi * (_day_of_year_phase(t) - COLDEST_DAY_OF_YEAR / _DAYS_PER_YEAR)
    )
    local_hour = np.mod((t - np.floor(t)) * 24.0 + lon / 15.0, 24.0)
    angle = 2.0 * np.pi * (local_hour - WARMEST_LOCAL_HOUR) / 24.0
    shape = (np.cos(angle) + 0.25 * np.cos(2.0 * angle)) / 1.25
    diurnal_amplitude = (
        DIURNAL_AMPLITUDE_WINTER_K
        + (DIURNAL_AMPLITUDE_SUMMER_K - DIURNAL_AMPLITUDE_WINTER_K) * summer
    )
    diurnal_amplitude = diurnal_amplitude / (1.0 + WET_DIURNAL_DAMPING_PER_M3_M3 * wet)
    ts = (
        mean
        + seasonal
        + diurnal_amplitude * shape
        + _weather_anomaly_k(days, lon, lat, seed)
        - WET_COOLING_K_PER_M3_M3 * wet
    )
    ts = np.broadcast_to(ts, theta.shape)
    if single:
        return np.array(ts[:, 0, 0]), np.array(theta[:, 0, 0])
    return np.ascontiguousarray(ts), np.ascontiguousarray(theta)


# --------------------------------------------------------------------------------------------
# The sample grid and the CDS file layouts.
# --------------------------------------------------------------------------------------------
