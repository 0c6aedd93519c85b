"""The benchmark's workloads: what is measured, on which files, with which model parameters.

W1  the seed's Taklimakan box (45 x 19 ERA5 points), 2000-2022 hourly, one file a year in the
    new CDS netCDF4 layout (``valid_time``), both variables, written by the project's own
    generator (samples.sample_data) and cached under bench/cache/ between runs.
W2  a global 0.25 deg grid (1440 x 721) for one month (744 hours) in the same layout, written
    here time-chunk by time-chunk (never a whole variable in memory) and cached as well: about
    3 GB a variable uncompressed, far larger than one chunk.

Both workloads use the same desert-scheme parameters (a fixed, plausible set) so that the
pipeline, the plain baseline and CDO evaluate the same arithmetic.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("SANDFLUX_BENCH_CACHE", ROOT / "bench" / "cache"))
RESULTS = ROOT / "bench" / "results"

# The desert scheme with fixed parameters (core.model.models.DESERT's order and units).
DESERT_PARAMETERS = {
    "k_pump": 2.0e-6,  # g CO2 m-2 s-1 per K h-1
    "r_ref": 1.5e-6,  # g CO2 m-2 s-1
    "q10": 2.0,  # 1
    "k_pulse": 1.0e-4,  # g CO2 m-2 s-1 per m3 m-3
    "theta_c": 0.04,  # m3 m-3
    "u_ref": 2.5e-6,  # g CO2 m-2 s-1
    "gamma": 0.03,  # K-1
}
STATION_SOC = 1.0
STATION_PH = 8.5

W1_YEARS = tuple(range(2000, 2023))
W2_MONTH = (2016, 1)  # January 2016: 744 hours
W2_SHAPE = (721, 1440)  # latitude x longitude at 0.25 deg, global
W2_CHUNK_HOURS = 24


@dataclass(frozen=True)
class Workload:
    """A named set of input files with the years (or month) they cover."""

    name: str
    files: List[Path]
    description: str


def write_calibration(path: Path) -> Path:
    """The calibration file the pipeline applies: the desert scheme with DESERT_PARAMETERS."""
    from sandflux.core.model.calibration_file import Calibration, save_calibration

    calibration = Calibration(
        model_name="desert",
        parameters=dict(DESERT_PARAMETERS),
        station={
            "file": "benchmark (no station)",
            "longitude": 83.65,
            "latitude": 38.97,
            "soc": STATION_SOC,
            "ph": STATION_PH,
            "utc_offset_hours": 8.0,
        },
        period={"start": "2000-01-01T00:00:00Z", "end": "2022-12-31T23:00:00Z"},
        metrics={},
        created="benchmark",
    )
    return save_calibration(calibration, path)


# ---------------------------------------------------------------------------------------------
# W1: the seed's box, one new-layout netCDF4 file a year, from samples.sample_data.
# ---------------------------------------------------------------------------------------------


def w1_files(years: Sequence[int], cache: Path = CACHE) -> Workload:
    """The W1 yearly files for ``years``: samples.sample_data's generator, cached by fingerprint."""
    from sandflux.samples.sample_data import write_era5_years

    years = sorted(int(y) for y in years)
    files = write_era5_years(Path(cache) / "w1", years, layout="new")
    return Workload(
        "W1",
        [Path(f) for f in files],
        f"Taklimakan box 45x19, {years[0]}-{years[-1]} hourly, {len(files)} yearly "
        "files (new CDS netCDF4 layout)",
    )


# ---------------------------------------------------------------------------------------------
# W2: a global month, streamed to disk by time chunks.
# ---------------------------------------------------------------------------------------------


def w2_files(cache: Path = CACHE, hours: int = None) -> Workload:
    """The W2 global month (or its first ``hours`` hours), generated once and cached."""
    year, month = W2_MONTH
    start = np.datetime64(f"{year}-{month:02d}-01T00:00:00", "s")
    stop = np.datetime64(f"{year}-{month + 1:02d}-01T00:00:00", "s")
    total = int((stop - start) // np.timedelta64(3600, "s"))
    hours = total if hours is None else min(int(hours), total)
    path = Path(cache) / "w2" / f"era5_global_{year}{month:02d}_{hours}h.nc"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        ny, nx = W2_SHAPE
        write_netcdf4_layout(
            path, start, hours, 90.0 - 0.25 * np.arange(ny), 0.25 * np.arange(nx)
        )  # the CDS writes 0..360 for global requests
    return Workload(
        "W2",
        [path],
        f"global 0.25 deg {W2_SHAPE[1]}x{W2_SHAPE[0]}, {hours} hours (new CDS netCDF4 layout)",
    )


def write_netcdf4_layout(
    path: Path, start, hours: int, latitudes, longitudes, chunk_hours: int = W2_CHUNK_HOURS
) -> Path:
    """A synthetic ERA5-like file in the new CDS layout, written a day at a time.

    Soil temperature: a diurnal cycle in local solar time whose amplitude and mean depend on
    latitude; moisture: a dry background with a smooth wet band. The values only need to be
    plausible (the benchmark measures speed and memory), not realistic.
    """
    import netCDF4

    latitudes = np.asarray(latitudes, "float64")
    longitudes = np.asarray(longitudes, "float64")
    ny, nx = latitudes.size, longitudes.size
    coslat = np.cos(np.deg2rad(latitudes))[:, None]
    mean_k = (250.0 + 45.0 * coslat).astype("float32")
    amplitude = (2.0 + 12.0 * coslat).astype("float32")
    moisture = (
        0.02
        + 0.3
        * np.exp(-(((latitudes[:, None] - 5.0) / 12.0) ** 2))
        * (0.6 + 0.4 * np.cos(np.deg2rad(longitudes))[None, :])
    ).astype("float32")
    start_s = int(
        (np.datetime64(start, "s") - np.datetime64("1970-01-01T00:00:00", "s")).astype("int64")
    )
    temporary = path.with_name(path.name + ".partial")
    with netCDF4.Dataset(temporary, "w", format="NETCDF4") as ds:
        ds.createDimension("valid_time", hours)
        ds.createDimension("latitude", ny)
        ds.createDimension("longitude", nx)
        ds.Conventions = "CF-1.7"
        ds.institution = "SYNTHETIC benchmark data (SandFlux bench/workloads.py), not ERA5"
        number = ds.createVariable("number", "i8")
        number.long_name = "ensemble member numerical id"
        number.assignValue(0)
        time = ds.createVariable("valid_time", "i8", ("valid_time",))
        time.units = "seconds since 1970-01-01"
        time.calendar = "proleptic_gregorian"
        time.standard_name = "time"
        time[:] = start_s + 3600 * np.arange(hours, dtype="int64")
        lat = ds.createVariable("latitude", "f8", ("latitude",))
        lat.units, lat.standard_name = "degrees_north", "latitude"
        lat[:] = latitudes
        lon = ds.createVariable("longitude", "f8", ("longitude",))
        lon.units, lon.standard_name = "degrees_east", "longitude"
        lon[:] = longitudes
        expver = ds.createVariable("expver", str, ("valid_time",))
        expver[:] = np.array(["0001"] * hours, dtype="object")
        variables = {}
        for name, units, long_name in (
            ("stl1", "K", "Soil temperature level 1"),
            ("swvl1", "m**3 m**-3", "Volumetric soil water layer 1"),
        ):
            variable = ds.createVariable(
                name,
                "f4",
                ("valid_time", "latitude", "longitude"),
                zlib=True,
                complevel=1,
                fill_value=np.float32("nan"),
                chunksizes=(1, ny, nx),
            )
            variable.units, variable.long_name = units, long_name
            variable.coordinates = "number valid_time latitude longitude expver"
            variables[name] = variable
        local_shift_h = (longitudes / 15.0).astype("float32")[None, :]
        for first in range(0, hours, chunk_hours):
            count = min(chunk_hours, hours - first)
            hour_of_day = ((first + np.arange(count)) % 24).astype("float32")
            solar = (hour_of_day[:, None, None] + local_shift_h[None]) % 24.0
            diurnal = np.cos(2 * np.pi * (solar - 14.0) / 24.0)
            variables["stl1"][first : first + count] = mean_k[None] + amplitude[None] * diurnal
            wet = (moisture[None] * (1.0 + 0.1 * diurnal)).astype("float32")
            variables["swvl1"][first : first + count] = wet
    os.replace(temporary, path)
    return path
