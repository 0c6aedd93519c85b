"""SYNTHETIC Tazhong-like eddy-covariance station file (AmeriFlux BASE layout) with known truth.

Made-up data for tests, the demo and the benchmark; NOT observations. The file is half-hourly,
stamped in Beijing time (UTC+8) by default, with -9999 for missing values:

    # Site: CN-Tzs (SYNTHETIC, SandFlux sample)
    # Version: SandFlux-sample-1
    TIMESTAMP_START,TIMESTAMP_END,FC,FC_SSITC_TEST,TS_1_1_1,SWC_1_1_1
    200401010000,200401010030,-0.1234,0,-9.312,0.893

How the truth is built (so that a calibration can be checked against it):

1. The ERA5-like soil climate at the ERA5 grid point nearest the station (0.25 deg grid) comes
   from :func:`samples.synthetic_soil_climate` at every UTC hour H.
2. The station's sensors differ from the gridded values by a KNOWN linear bias:
   Ts_station = 288.15 + 1.5 + 1.15*(stl1 - 288.15) K and theta_station = 0.6*swvl1 - 0.002
   m3 m-3 (kept >= 0) - exactly what the ERA5-to-station soil correction should recover.
3. The true hourly flux is the desert scheme (core.model.models.DESERT) with the planted parameters,
   evaluated on the station's hourly Ts, theta and dTs/dt (backward difference,
   core.model.models.temperature_tendency_k_h) - the resolution the calibration works at.
4. Each hour H is written as two half-hour records, [H-30 min, H) and [H, H+30 min) UTC, whose
   mean is exactly the hourly value: Ts -/+ (Ts(H+1)-Ts(H-1))/8 (the within-hour rise), and the
   flux F(H) plus independent Gaussian noise per half-hour (sd ``noise_umol``).
5. Gaps: random missing half-hours, a few multi-day outages, and spikes flagged by
   FC_SSITC_TEST = 2 (which the reader's QC filter must remove).
"""

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional

import numpy as np

from ..core.infra.constants import (
    ERA5_GRID_DEG,
    G_CO2_PER_UMOL_CO2,
    TAZHONG_LATITUDE,
    TAZHONG_LONGITUDE,
    TAZHONG_UTC_OFFSET_HOURS,
    ZERO_CELSIUS_K,
)
from ..core.infra.outputs import atomic_output
from ..core.model.models import DESERT, DESERT_T_REF_K, temperature_tendency_k_h
from .climate import synthetic_soil_climate

# The planted desert-scheme parameters (g CO2 m-2 s-1 based units, see core.model.models.DESERT).
PLANTED_PARAMETERS: Dict[str, float] = {
    "k_pump": 1.5e-6,  # per K h-1
    "r_ref": 3.0e-6,
    "q10": 2.0,
    "k_pulse": 2.0e-4,  # per m3 m-3
    "theta_c": 0.02,  # m3 m-3
    "u_ref": 5.2e-6,  # gives about -5 g CO2 m-2 yr-1 at the station (a weak sink, as published)
    "gamma": 0.04,  # K-1
}

# The station sensors' known linear bias against the gridded (ERA5-like) values.
TEMPERATURE_SLOPE = 1.15
TEMPERATURE_BIAS_AT_REFERENCE_K = 1.5
MOISTURE_SLOPE = 0.6
MOISTURE_INTERCEPT_M3_M3 = -0.002

DEFAULT_NOISE_UMOL = 0.05  # sd of each half-hour's flux noise (umol CO2 m-2 s-1)
DEFAULT_SEED = 3

SITE_ID = "CN-Tzs"


def temperature_intercept_k() -> float:
    """Intercept b0 of Ts_station = b0 + b1*stl1 (K)."""
    return DESERT_T_REF_K + TEMPERATURE_BIAS_AT_REFERENCE_K - TEMPERATURE_SLOPE * DESERT_T_REF_K


def station_soil_from_gridded(stl1_k, swvl1_m3_m3):
    """The station's (Ts K, theta m3 m-3) from the gridded values: the known linear bias."""
    ts = temperature_intercept_k() + TEMPERATURE_SLOPE * np.asarray(stl1_k, dtype="float64")
    theta = np.maximum(
        MOISTURE_INTERCEPT_M3_M3 + MOISTURE_SLOPE * np.asarray(swvl1_m3_m3, dtype="float64"), 0.0
    )
    return ts, theta


def nearest_grid_point(longitude: float, latitude: float, step: float = ERA5_GRID_DEG):
    """The ERA5 grid point (multiples of ``step`` degrees) nearest the station."""
    return float(np.round(longitude / step) * step), float(np.round(latitude / step) * step)


@dataclass
class SampleStation:
    """What the generator planted: parameters, hourly truth, biases and the written file."""

    path: Optional[Path]
    parameters: Dict[str, float]
    utc_offset_hours: float
    longitude: float
    latitude: float
    grid_longitude: float
    grid_latitude: float
    noise_umol: float
    times_utc: np.ndarray  # hourly ERA5 instants covered by the file
    soil_temperature_k: np.ndarray  # station hourly truth
    soil_moisture_m3_m3: np.ndarray
    temperature_tendency_k_h: np.ndarray
    flux_g_co2_m2_s: np.ndarray  # noise-free hourly truth
    gridded_temperature_k: np.ndarray  # the ERA5-like values at the grid point
    gridded_moisture_m3_m3: np.ndarray
    records: Dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def hourly_noise_g(self) -> float:
        """sd of an hourly mean's noise (two independent half-hours), g CO2 m-2 s-1."""
        return self.noise_umol * G_CO2_PER_UMOL_CO2 / np.sqrt(2.0)


def generate_station(
    start_local: str = "2004-01-01T00:00",
    end_local: str = "2006-01-01T00:00",
    utc_offset_hours: float = TAZHONG_UTC_OFFSET_HOURS,
    longitude: float = TAZHONG_LONGITUDE,
    latitude: float = TAZHONG_LATITUDE,
    parameters: Optional[Dict[str, float]] = None,
    noise_umol: float = DEFAULT_NOISE_UMOL,
    missing_fraction: float = 0.1,
    outages: int = 4,
    spike_fraction: float = 0.005,
    seed: int = DEFAULT_SEED,
    climate_seed: Optional[int] = None,
) -> SampleStation:
    """The SYNTHETIC station's half-hourly records and hourly truth (no file written).

    Records run from ``start_local`` (inclusive) to ``end_local`` (exclusive) in the station's
    clock (UTC + ``utc_offset_hours``).
    """

    planted = dict(PLANTED_PARAMETERS if parameters is None else parameters)
    rng = np.random.default_rng(seed)
    half_hour = np.timedelta64(1800, "s")
    offset = np.timedelta64(int(round(utc_offset_hours * 3600)), "s")
    local_start = np.arange(
        np.datetime64(start_local, "s"), np.datetime64(end_local, "s"), half_hour
    )
    utc_start = local_start - offset
    seconds = utc_start.astype("int64")
    hour_of_record = np.floor_divide(seconds + 900 + 1800, 3600)  # nearest hour to the midpoint
    first, last = int(hour_of_record.min()), int(hour_of_record.max())
    # One hour of margin on each side for the within-hour slopes and dTs/dt.
    hours_ext = np.arange(first - 1, last + 2, dtype="int64")
    times_ext = (hours_ext * 3600).astype("datetime64[s]")
    grid_lon, grid_lat = nearest_grid_point(longitude, latitude)
    climate_kwargs = {} if climate_seed is None else {"seed": climate_seed}
    stl1, swvl1 = synthetic_soil_climate(times_ext, grid_lon, grid_lat, **climate_kwargs)
    ts, theta = station_soil_from_gridded(stl1, swvl1)
    tendency = temperature_tendency_k_h(ts, hours_ext.astype("float64"))
    flux = DESERT.evaluate(planted, ts, theta, tendency)

    # Half-hour records: hour index j, first or second half.
    j = hour_of_record - (first - 1)
    second_half = (seconds - hour_of_record * 3600) >= 0
    sign = np.where(second_half, 1.0, -1.0)
    ts_step = np.zeros_like(ts)
    ts_step[1:-1] = (ts[2:] - ts[:-2]) / 8.0
    theta_step = np.zeros_like(theta)
    theta_step[1:-1] = np.clip((theta[2:] - theta[:-2]) / 8.0, -theta[1:-1], theta[1:-1])
    record_ts = ts[j] + sign * ts_step[j]
    record_theta = theta[j] + sign * theta_step[j]
    noise_g = rng.normal(0.0, noise_umol * G_CO2_PER_UMOL_CO2, size=j.size)
    record_flux = flux[j] + noise_g

    # Gaps, outages and QC-flagged spikes.
    n = j.size
    flux_missing = rng.random(n) < missing_fraction
    soil_missing = rng.random(n) < missing_fraction / 5.0
    for _ in range(outages):
        begin = int(rng.integers(0, max(n - 1, 1)))
        length = int(rng.integers(48, 48 * 6))
        flux_missing[begin : begin + length] = True
        if rng.random() < 0.5:
            soil_missing[begin : begin + length] = True
    qc = np.zeros(n, dtype="int64")
    spikes = (rng.random(n) < spike_fraction) & ~flux_missing
    qc[spikes] = 2
    record_flux_umol = record_flux / G_CO2_PER_UMOL_CO2
    record_flux_umol[spikes] += rng.choice([-1.0, 1.0], size=int(spikes.sum())) * 3.0
    record_flux_umol[flux_missing] = np.nan
    qc_missing = flux_missing
    record_ts_c = record_ts - ZERO_CELSIUS_K
    record_ts_c[soil_missing] = np.nan
    record_swc_percent = record_theta * 100.0
    record_swc_percent[soil_missing & (rng.random(n) < 0.7)] = np.nan

    inner = slice(1, -1)
    return SampleStation(
        path=None,
        parameters=planted,
        utc_offset_hours=float(utc_offset_hours),
        longitude=float(longitude),
        latitude=float(latitude),
        grid_longitude=grid_lon,
        grid_latitude=grid_lat,
        noise_umol=float(noise_umol),
        times_utc=times_ext[inner],
        soil_temperature_k=ts[inner],
        soil_moisture_m3_m3=theta[inner],
        temperature_tendency_k_h=tendency[inner],
        flux_g_co2_m2_s=flux[inner],
        gridded_temperature_k=stl1[inner],
        gridded_moisture_m3_m3=swvl1[inner],
        records={
            "local_start": local_start,
            "fc_umol": record_flux_umol,
            "fc_qc": np.where(qc_missing, -9999, qc),
            "ts_degc": record_ts_c,
            "swc_percent": record_swc_percent,
        },
    )


def _stamp(times: np.ndarray) -> np.ndarray:
    """datetime64 -> YYYYMMDDHHMM strings."""
    text = np.datetime_as_string(times.astype("datetime64[m]"), unit="m")
    return np.char.replace(np.char.replace(np.char.replace(text, "-", ""), "T", ""), ":", "")


def _column(values: np.ndarray, fmt: str) -> np.ndarray:
    formatted = np.char.mod(fmt, np.nan_to_num(values, nan=0.0))
    return np.where(np.isfinite(values), formatted, "-9999")


def write_sample_station(path, **options) -> SampleStation:
    """Generate the SYNTHETIC station (see :func:`generate_station`) and write it as an
    AmeriFlux BASE CSV (gzip-compressed when ``path`` ends with .gz)."""
    station = generate_station(**options)
    path = Path(path)
    records = station.records
    start = records["local_start"]
    columns = [
        _stamp(start),
        _stamp(start + np.timedelta64(1800, "s")),
        _column(records["fc_umol"], "%.4f"),
        records["fc_qc"].astype(str),
        _column(records["ts_degc"], "%.3f"),
        _column(records["swc_percent"], "%.4f"),
    ]
    rows = columns[0]
    for column in columns[1:]:
        rows = np.char.add(np.char.add(rows, ","), column)
    offset = station.utc_offset_hours
    text = (
        f"# Site: {SITE_ID} (SYNTHETIC SandFlux sample, not observations; clock UTC"
        f"{offset:+g}, {station.longitude} E {station.latitude} N)\n"
        "# Version: SandFlux-sample-1\n"
        "TIMESTAMP_START,TIMESTAMP_END,FC,FC_SSITC_TEST,TS_1_1_1,SWC_1_1_1\n"
        + "\n".join(rows.tolist())
        + "\n"
    )
    with atomic_output(path, "sample station file") as temporary:
        if path.suffix == ".gz":
            with gzip.open(temporary, "wt", encoding="utf-8") as handle:
                handle.write(text)
        else:
            temporary.write_text(text, encoding="utf-8")
    station.path = path
    return station
