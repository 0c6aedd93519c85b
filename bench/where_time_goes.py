"""Where the time of a step goes: cProfile on CPU time (steady on a loaded machine).

    .venv/bin/python bench/where_time_goes.py annual-downloads --years 3
    .venv/bin/python bench/where_time_goes.py flux-annual --years 3

Runs the step of bench/pipeline.py on the first N W1 years in this process, read-ahead thread
off (so the reading shows in the profile instead of hiding on a second thread), with
``time.process_time`` as the profiler's clock, and writes the functions with the largest own
CPU time, grouped into reading / flux kernel / summing / writing, to
bench/results/profile-<step>-<N>y.txt.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "build" / "plugins"))

import workloads  # noqa: E402

# Own-time functions by the part of the work they do (file name and function name fragments).
GROUPS = (
    (
        "reading the downloads (netCDF/HDF5 decompression, xarray, unpacking, checks)",
        ("netCDF4", "xarray", "era5.py", "_operator.getitem", "pandas"),
    ),
    ("flux kernel (desert scheme, dTs/dt, soil correction)", ("models.py", "flux.py")),
    ("annual sums", ("annual.py",)),
    ("GeoTIFF writing (DEFLATE)", ("flux_raster.py", "osgeo", "gdal")),
    (
        "Python imports on first use (xarray, pandas, GDAL, ...)",
        ("marshal", "_imp.", "importlib", "<frozen"),
    ),
)


# (label, (file name end, function name)) of the loop's steps, reported with their callees.
CUMULATIVE = (
    ("opening the downloads (headers: times, grid), every time", ("era5.py", "__init__")),
    ("reading blocks (decompress, unpack, join, check units)", ("era5.py", "read")),
    ("flux kernel", ("flux.py", "flux_kernel")),
    ("summing by year", ("annual.py", "add")),
    ("writing the GeoTIFFs", ("flux_raster.py", "write")),
)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("annual-downloads", "flux-annual"))
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    years = list(workloads.W1_YEARS[: args.years])
    files = [str(f) for f in workloads.w1_files(years).files]
    folder = workloads.CACHE / "runs" / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    calibration = workloads.write_calibration(folder / "calibration.json")

    from sandflux.core.model import annual, flux
    from sandflux.core.model.flux import FluxRecipe
    from sandflux.core.tools.annual import run_annual_sequestration
    from sandflux.core.tools.flux import AnnualOutputs, run_flux
    from sandflux.core.tools.sources import open_forcing_source

    blocks = flux.flux_blocks
    annual.flux_blocks = lambda *a, **k: blocks(*a, **{**k, "read_ahead": False})

    def step():
        if args.step == "annual-downloads":
            run_annual_sequestration(
                FluxRecipe(tuple(files), str(calibration), open_source=open_forcing_source),
                folder / "annual.tif",
                workers=1,
            )
        else:
            run_flux(
                files,
                calibration,
                folder / "flux_{year}.tif",
                annual=AnnualOutputs(str(folder / "annual.tif")),
            )

    profiler = cProfile.Profile(time.process_time)
    start = time.process_time()
    profiler.runcall(step)
    total = time.process_time() - start
    stats = pstats.Stats(profiler)
    grouped = {name: 0.0 for name, _ in GROUPS}
    grouped["other"] = 0.0
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        where = f"{filename} {function}"
        name = next((g for g, keys in GROUPS if any(k in where for k in keys)), "other")
        grouped[name] += own
    text = io.StringIO()
    text.write(
        f"{args.step}, W1 {len(years)} years, CPU {total:.2f} s (main thread; "
        "read-ahead off; the profiler inflates code with many small Python calls, "
        "e.g. opening files)\n\nCumulative CPU of the steps of the loop:\n"
    )
    for label, (file_part, function) in CUMULATIVE:
        # The outermost function of that name (a nested one of the same name is inside it).
        seconds = max(
            (
                entry[3]
                for (filename, _, name), entry in stats.stats.items()
                if name == function and filename.endswith(file_part)
            ),
            default=0.0,
        )
        text.write(f"{seconds:8.2f} s  {100 * seconds / total:5.1f} %  {label}\n")
    text.write("\nOwn CPU time by kind of code:\n")
    for name, seconds in grouped.items():
        text.write(f"{seconds:8.2f} s  {100 * seconds / total:5.1f} %  {name}\n")
    text.write("\n")
    stats.stream = text
    stats.sort_stats("tottime").print_stats(20)
    out = workloads.RESULTS / f"profile-{args.step}-{len(years)}y.txt"
    out.write_text(text.getvalue())
    print(text.getvalue()[:1500])
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
