#!/usr/bin/env python3
"""Write SandFlux's SYNTHETIC sample data set (ERA5-like files, station CSV, soil points, sand).

    .venv/bin/python scripts/sample_data.py --output sample-data [--years 2016 2017]
        [--layout new|legacy] [--era5t-from 2017-12-01] [--seed N] [--no-station]

Files that are already up to date are kept, so running it twice is quick. The data are made up
(see samples/sample_data.py); every file says so.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def import_core():
    """The plugin's core package, imported as ``sandflux.core`` from build/plugins (or the repo)."""
    plugins = ROOT / "build" / "plugins"
    link = plugins / "sandflux"
    if not link.exists():
        plugins.mkdir(parents=True, exist_ok=True)
        link.symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(plugins))
    from sandflux.samples import sample_data

    return sample_data


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="sample-data", help="folder to write (created)")
    parser.add_argument(
        "--years",
        nargs="+",
        type=int,
        default=[2016, 2017],
        help="calendar years, one ERA5-like file each (default 2016 2017)",
    )
    parser.add_argument(
        "--layout",
        choices=("new", "legacy"),
        default="new",
        help="CDS netCDF layout: new (netCDF4, valid_time) or legacy "
        "(netCDF3, int16 packed); default new",
    )
    parser.add_argument(
        "--era5t-from",
        default=None,
        help="UTC time from which steps are ERA5T (expver 5); legacy files "
        "then carry the expver dimension",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: fixed)")
    parser.add_argument("--no-station", action="store_true", help="skip the station CSV")
    parser.add_argument("--quiet", action="store_true")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    sample_data = import_core()
    seed = sample_data.DEFAULT_SEED if arguments.seed is None else arguments.seed
    last = [-1.0]

    def progress(fraction, message):
        if not arguments.quiet and fraction - last[0] >= 0.05:
            last[0] = fraction
            print(f"  {fraction:4.0%} {message}", flush=True)

    started = time.monotonic()
    result = sample_data.generate_sample_data(
        arguments.output,
        years=arguments.years,
        layout=arguments.layout,
        seed=seed,
        era5t_from=arguments.era5t_from,
        station=not arguments.no_station,
        progress=progress,
    )
    folder = Path(result["folder"]).resolve()
    print(f"SYNTHETIC sample data in {folder} ({time.monotonic() - started:.1f} s):")
    for path in result["era5_paths"]:
        print(f"  ERA5-like ({arguments.layout} CDS layout): {path.name}")
    print(f"  soil samples:  {result['soil_samples_path'].name}")
    print(f"  shifting sand: {result['shifting_sand_path'].name}")
    if result["station_path"] is not None:
        print(f"  station CSV:   {result['station_path'].name}")
    elif not arguments.no_station:
        print("  station CSV:   not written (samples/sample_station.py is not there yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
