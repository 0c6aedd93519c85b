"""The CDO reference of the annual path: ``cdo -yearsum -expr`` on the same yearly files.

For each yearly ERA5 file CDO (Debian's ``cdo``) evaluates the desert scheme's hour-by-hour
terms and sums them over the year in one pipe:

    cdo -L -O -yearsum -expr,'flux=3600*(R_ref*Q10^((stl1-288.15)/10)
                                       + k_pulse*max(swvl1-theta_c,0)
                                       - U_ref*exp(-gamma*(stl1-288.15)))' year.nc out.nc

CDO's ``expr`` sees one time step at a time, so it cannot form dTs/dt. The thermal-pumping
term's annual sum is added exactly from three fields instead (it telescopes: with backward
differences over the hours, sum_h k_pump*dTs/dt*1 h = k_pump*(Ts_last - Ts_before), where
Ts_before is the hour before the year, or for the very first year Ts_0 - (Ts_1 - Ts_0) because
its first hour takes the forward difference). That addition reads three fields a year and costs
nothing next to the CDO pipe, which is what this reference times.

    python bench/cdo_reference.py --output DIR --parameters JSON FILE...

writes DIR/cdo_annual.npz (year -> g CO2 m-2 yr-1, north-first rows, ascending longitudes).
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import netCDF4
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline import read_times  # the same time decoding as the baseline


def cdo_available() -> bool:
    return shutil.which("cdo") is not None


def expression(p) -> str:
    """The non-pumping terms of the desert scheme times 3600 s, in CDO's expr syntax."""
    return (
        "flux=3600*({r_ref!r}*{q10!r}^((stl1-288.15)/10)"
        "+{k_pulse!r}*max(swvl1-{theta_c!r},0)"
        "-{u_ref!r}*exp(-{gamma!r}*(stl1-288.15)))"
    ).format(**p)


def _oriented(values, dataset):
    """Rows north-first and longitudes ascending in -180..180, like SandFlux's grids."""
    latitudes = np.asarray(
        dataset.variables["lat" if "lat" in dataset.variables else "latitude"][:]
    )
    longitudes = np.asarray(
        dataset.variables["lon" if "lon" in dataset.variables else "longitude"][:], dtype="float64"
    )
    if latitudes[0] < latitudes[-1]:
        values = values[..., ::-1, :]
    order = np.argsort(np.where(longitudes >= 180.0, longitudes - 360.0, longitudes), kind="stable")
    return values[..., order]


def run(files, output, parameters):
    """CDO's annual sums of every yearly file, plus the telescoped pumping term."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    ordered = sorted(files, key=lambda path: _times(path)[0])
    sums = {}
    previous_last = None
    for path in ordered:
        year = str(_times(path)[0].astype("datetime64[Y]"))
        target = output / f"cdo_annual_{year}.nc"
        subprocess.run(
            [
                "cdo",
                "-s",
                "-L",
                "-O",
                "-yearsum",
                "-expr," + expression(parameters),
                str(path),
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        with netCDF4.Dataset(target) as dataset:
            total = _oriented(np.asarray(dataset.variables["flux"][0], dtype="float64"), dataset)
        with netCDF4.Dataset(path) as dataset:
            stl1 = dataset.variables["stl1"]
            first = _oriented(np.asarray(stl1[0], "float64"), dataset)
            last = _oriented(np.asarray(stl1[-1], "float64"), dataset)
            if previous_last is None:
                second = _oriented(np.asarray(stl1[1], "float64"), dataset)
                before = first - (second - first)
            else:
                before = previous_last
        total += 3600.0 * parameters["k_pump"] * (last - before)
        previous_last = last
        sums[year] = total
    np.savez(output / "cdo_annual.npz", **sums)
    return sums


def _times(path):
    with netCDF4.Dataset(path) as dataset:
        return read_times(dataset)[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True)
    parser.add_argument("--parameters", required=True, help="desert-scheme parameters as JSON")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    run(args.files, args.output, json.loads(args.parameters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
