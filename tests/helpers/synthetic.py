"""Small planted inputs: a 4 x 3 grid, hourly times, forcing files and calibrations.

Values are planted so that a test can say by hand what a correct result is.
"""

from pathlib import Path

import netCDF4
import numpy as np

from sandflux.core.formats.forcing import write_forcing
from sandflux.core.infra.grid import Grid
from sandflux.core.model.calibration_file import Calibration, save_calibration

# 4 columns (77.5 .. 78.25 E) x 3 rows (41.25 .. 40.75 N) at 0.25 deg.
GRID = Grid(west_centre=77.5, north_centre=41.25, step_lon=0.25, step_lat=0.25, nx=4, ny=3)

# Desert scheme: k_pump, r_ref, q10, k_pulse, theta_c, u_ref, gamma.
DESERT_PARAMETERS = {
    "k_pump": 2e-6,
    "r_ref": 1.5e-6,
    "q10": 2.2,
    "k_pulse": 4e-5,
    "theta_c": 0.04,
    "u_ref": 3e-6,
    "gamma": 0.04,
}


def hourly(start, n):
    """``n`` consecutive UTC hours from ``start`` as datetime64[s]."""
    return np.datetime64(start, "s") + np.arange(n).astype("timedelta64[h]")


def planted_fields(times, grid=GRID, seed=0):
    """stl1 (K) with a diurnal cycle differing by cell, swvl1 (m3 m-3) around 0.05, float32."""
    rng = np.random.default_rng(seed)
    hour = (times - times.astype("datetime64[D]")).astype("int64") / 3600.0
    base = 285.0 + rng.uniform(-5, 5, grid.shape)
    amplitude = rng.uniform(3, 12, grid.shape)
    stl1 = base + amplitude * np.sin(2 * np.pi * hour[:, None, None] / 24.0)
    stl1 += rng.normal(0, 0.3, stl1.shape)
    swvl1 = 0.05 + rng.uniform(-0.03, 0.03, stl1.shape)
    return stl1.astype("float32"), swvl1.astype("float32")


def make_forcing(path, times, grid=GRID, seed=0, chunk=5, nan_cell=None):
    """A forcing file via core.formats.forcing.write_forcing: (path, stl1, swvl1) as stored."""
    times = np.asarray(times, dtype="datetime64[s]")
    stl1, swvl1 = planted_fields(times, grid, seed)
    if nan_cell is not None:
        stl1[:, nan_cell[0], nan_cell[1]] = np.nan
        swvl1[:, nan_cell[0], nan_cell[1]] = np.nan
    chunks = (
        (times[i : i + chunk], stl1[i : i + chunk], swvl1[i : i + chunk])
        for i in range(0, times.size, chunk)
    )
    write_forcing(path, grid, chunks, time_chunk=chunk)
    return Path(path), stl1, swvl1


def make_calibration(
    path,
    model_name="desert",
    parameters=None,
    soil_correction=None,
    station=None,
    bootstrap_means=None,
    metrics=None,
):
    """A calibration JSON (core.model.calibration_file) with planted parameters; its path."""
    calibration = Calibration(
        model_name=model_name,
        parameters=dict(parameters or DESERT_PARAMETERS),
        station=dict(station if station is not None else {"soc": 2.0, "ph": 9.0}),
        soil_correction=soil_correction,
        metrics=dict(metrics or {}),
        bootstrap_station_mean_flux=bootstrap_means,
        bootstrap_parameters=None
        if bootstrap_means is None
        else [list((parameters or DESERT_PARAMETERS).values())] * len(bootstrap_means),
    )
    save_calibration(calibration, path)
    return Path(path)


def read_forcing_arrays(path):
    """(times datetime64[s], lat, lon, stl1, swvl1) of a forcing file, read with netCDF4."""
    with netCDF4.Dataset(path) as ds:
        hours_since = np.asarray(ds["time"][:], dtype="float64")
        times = np.datetime64("1970-01-01T00:00:00", "s") + np.round(hours_since * 3600).astype(
            "int64"
        ).astype("timedelta64[s]")
        return (
            times,
            np.asarray(ds["latitude"][:]),
            np.asarray(ds["longitude"][:]),
            ds["stl1"][:].filled(np.nan),
            ds["swvl1"][:].filled(np.nan),
        )
