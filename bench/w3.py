"""W3: the annual sums of the world's shifting sand on a Dask cluster (global 0.25 deg).

    .venv/bin/python bench/w3.py                       # 48, 144 and 288 hours, 1 and 2 workers
    .venv/bin/python bench/w3.py --hours 48 144 288 --workers 1 2 --slice-hours 48

Inputs (generated once, cached in bench/cache/w3/): a synthetic global download in the new CDS
layout (bench/workloads.write_netcdf4_layout, the W2 generator), imported once into a forcing
file per size with the Import ERA5 tool's core; the desert calibration of bench/workloads; the
sand-sea mask bench/w3_sand_seas.py (approximate polygons).

What is measured, in this one run:
- the plain reference: one process, one core, netCDF4 reading stl1 and swvl1 of the same hours
  and the same window (the sand seas' bounding box) as the tasks, nothing else;
- the Dask annual sums (core.backends.dask_cluster.compute_annual_dask on a FluxRecipe, region =
  the sand seas) on a command-line cluster (`dask scheduler` + N `dask worker`, one thread each)
  for each worker count: wall time, the workers' CPU time and peak RSS (sampled every 0.1 s);
- throughput in sand cell-hours per second (cells of the mask x hours), per worker;
- the cost model of the 23-year global job (bench/results/w3-cost-model.md).

The result is checked against the plain local core (core.model.annual.compute_annual) on the
smallest size, so a fast wrong answer cannot pass as a measurement.
"""

import argparse
import datetime
import json
import platform
import sys
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "build" / "plugins"))  # the plugin as QGIS installs it: sandflux.*
sys.path.insert(0, str(ROOT / "tests"))  # the command-line cluster the tests start

import w3_sand_seas  # noqa: E402
import workloads  # noqa: E402

CACHE = workloads.CACHE / "w3"
START = np.datetime64("2016-01-01T00:00:00", "s")
# The full job: 2000-2022 hourly.
FULL_YEARS = range(2000, 2023)
FULL_HOURS = sum(
    8784 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 8760 for y in FULL_YEARS
)


def downloads(hours: int) -> Path:
    """A synthetic global download of at least ``hours`` hours from START (cached; a longer
    one already generated is used, the import takes the hours it needs)."""
    cached = sorted((int(p.stem.split("_")[-1][:-1]), p) for p in CACHE.glob("era5_global_*h.nc"))
    for length, path in cached:
        if length >= hours:
            return path
    path = CACHE / f"era5_global_{hours}h.nc"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        ny, nx = workloads.W2_SHAPE
        workloads.write_netcdf4_layout(
            path, START, hours, 90.0 - 0.25 * np.arange(ny), 0.25 * np.arange(nx)
        )
    return path


def forcing(hours: int, source: Path) -> Path:
    """The forcing file of the first ``hours`` hours of ``source`` (Import ERA5's core, cached)."""
    from sandflux.core.tools.import_era5 import import_era5

    path = CACHE / f"forcing_global_{hours}h.nc"
    if not path.exists():
        last = START + np.timedelta64(3600 * (hours - 1), "s")
        import_era5([str(source)], path, end=last)
    return path


def plain_read(path: Path, cells: np.ndarray) -> dict:
    """One core, netCDF4 only: stl1 and swvl1 of the sand seas' window, a stored chunk at a time."""
    import netCDF4

    rows, cols = np.flatnonzero(cells.any(axis=1)), np.flatnonzero(cells.any(axis=0))
    rows = slice(int(rows[0]), int(rows[-1]) + 1)
    cols = slice(int(cols[0]), int(cols[-1]) + 1)
    wall, cpu = time.perf_counter(), time.process_time()
    checksum = 0.0
    with netCDF4.Dataset(str(path)) as ds:
        hours = ds.dimensions["time"].size
        step = ds["stl1"].chunking()[0]
        for begin in range(0, hours, step):
            for name in ("stl1", "swvl1"):
                block = ds[name][begin : begin + step, rows, cols]
                checksum += float(np.asarray(block)[:, 0, 0].sum())
    return dict(
        wall_s=time.perf_counter() - wall,
        cpu_s=time.process_time() - cpu,
        hours=hours,
        window=[rows.stop - rows.start, cols.stop - cols.start],
        checksum=checksum,
    )


class WorkerSampler:
    """Peak RSS and CPU time of the worker processes, sampled every 0.1 s."""

    def __init__(self, pids):
        import psutil

        self.processes = [psutil.Process(pid) for pid in pids]
        self.cpu_start = [sum(p.cpu_times()[:2]) for p in self.processes]
        self.idle_mb = [p.memory_info().rss / 2**20 for p in self.processes]
        self.peak_mb = list(self.idle_mb)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(0.1):
            for index, process in enumerate(self.processes):
                try:
                    rss = process.memory_info().rss / 2**20
                except Exception:  # a worker gone
                    continue
                self.peak_mb[index] = max(self.peak_mb[index], rss)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        cpu = [sum(p.cpu_times()[:2]) - c for p, c in zip(self.processes, self.cpu_start)]
        return dict(
            worker_cpu_s=[round(c, 2) for c in cpu],
            worker_idle_rss_mb=[round(m, 1) for m in self.idle_mb],
            worker_peak_rss_mb=[round(m, 1) for m in self.peak_mb],
        )


def cluster_run(
    forcing_path: Path, calibration: Path, mask: Path, workers: int, slice_hours: int, folder: Path
) -> dict:
    from cluster_support import CliCluster

    from sandflux.core.backends.dask_cluster import compute_annual_dask
    from sandflux.core.model.flux import FluxRecipe

    with CliCluster(folder, workers=workers) as cluster:
        pids = [cluster.processes[f"worker-{i}"].pid for i in range(workers)]
        sampler = WorkerSampler(pids)
        wall = time.perf_counter()
        result = compute_annual_dask(
            FluxRecipe(str(forcing_path), str(calibration)),
            min_coverage=0.001,
            chunk_hours=slice_hours,
            scheduler=cluster.address,
            mask_path=mask,
        )
        wall = time.perf_counter() - wall
        usage = sampler.stop()
    return dict(workers=workers, wall_s=wall, **usage, result=result)


def run(sizes, worker_counts, slice_hours: int, check: bool = True) -> dict:
    from sandflux.core.formats.forcing import open_forcing
    from sandflux.core.model.annual import compute_annual
    from sandflux.core.model.flux import FluxRecipe, rasterize_mask

    CACHE.mkdir(parents=True, exist_ok=True)
    calibration = workloads.write_calibration(CACHE / "calibration.json")
    mask = w3_sand_seas.write_mask(CACHE / "sand_seas.gpkg")
    source = downloads(max(sizes))
    report = dict(
        vm=f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python "
        f"{platform.python_version()}, "
        f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC",
        slice_hours=slice_hours,
        sizes=[],
    )
    for hours in sorted(sizes):
        path = forcing(hours, source)
        with open_forcing(path) as opened:
            grid = opened.grid
            stored = opened.stored_time_chunk
            file_mb = path.stat().st_size / 2**20
        cells = rasterize_mask(mask, grid)
        sand_cells = int(cells.sum())
        cell_hours = sand_cells * hours
        print(
            f"W3 {hours} h: {grid.nx}x{grid.ny} grid, {sand_cells} sand cells, "
            f"stored chunk {stored} h, forcing {file_mb:.0f} MB",
            flush=True,
        )
        plain = plain_read(path, cells)
        print(
            f"  plain read (1 core)   wall {plain['wall_s']:7.2f} s  cpu "
            f"{plain['cpu_s']:7.2f} s  {cell_hours / plain['cpu_s']:,.0f} cell-h/cpu-s",
            flush=True,
        )
        entry = dict(
            hours=hours,
            sand_cells=sand_cells,
            cell_hours=cell_hours,
            forcing_mb=round(file_mb, 1),
            stored_chunk_hours=stored,
            plain_read=dict(
                wall_s=round(plain["wall_s"], 2),
                cpu_s=round(plain["cpu_s"], 2),
                window=plain["window"],
                cell_hours_per_cpu_s=round(cell_hours / plain["cpu_s"]),
                cell_hours_per_s=round(cell_hours / plain["wall_s"]),
            ),
            runs=[],
        )
        reference = None
        if check and hours == min(sizes):
            reference = compute_annual(
                FluxRecipe(str(path), str(calibration)),
                min_coverage=0.001,
                mask_path=mask,
                workers=1,
            )
        for count in worker_counts:
            measured = cluster_run(
                path, calibration, mask, count, slice_hours, CACHE / "runs" / f"{hours}h-{count}w"
            )
            result = measured.pop("result")
            if reference is not None:
                np.testing.assert_allclose(
                    result.annual_g_co2_m2, reference.annual_g_co2_m2, rtol=1e-9, equal_nan=True
                )
            total_cpu = sum(measured["worker_cpu_s"])
            run_entry = dict(
                measured,
                wall_s=round(measured["wall_s"], 2),
                cell_hours_per_s=round(cell_hours / measured["wall_s"]),
                cell_hours_per_s_per_worker=round(cell_hours / measured["wall_s"] / count),
                cell_hours_per_worker_cpu_s=round(cell_hours / total_cpu),
                checked_against_local=reference is not None,
                total_t_co2=result.mean_total_net_flux_t_co2_yr,
            )
            entry["runs"].append(run_entry)
            print(
                f"  dask {count} worker(s)    wall {measured['wall_s']:7.2f} s  worker cpu "
                f"{total_cpu:7.2f} s  {run_entry['cell_hours_per_s_per_worker']:,.0f} "
                f"cell-h/s/worker  {run_entry['cell_hours_per_worker_cpu_s']:,.0f} "
                f"cell-h/cpu-s  peak RSS {measured['worker_peak_rss_mb']} MB",
                flush=True,
            )
        report["sizes"].append(entry)
    report["cost_model"] = cost_model(report)
    return report


def cost_model(report: dict) -> dict:
    """The 23-year global job from the largest size's measurements (see the .md)."""
    largest = max(report["sizes"], key=lambda e: e["hours"])
    one = min(largest["runs"], key=lambda r: r["workers"])
    sand_cells = largest["sand_cells"]
    # Worker seconds per forcing hour: the measured CPU time (the wall time of an unloaded
    # worker), and the wall time (as loaded as this machine was).
    per_hour_cpu = sum(one["worker_cpu_s"]) / largest["hours"]
    per_hour_wall = one["wall_s"] * one["workers"] / largest["hours"]
    bytes_per_hour = largest["forcing_mb"] * 2**20 / largest["hours"]
    # A task also reads the stored chunk before its slice for the hour before it (dTs/dt):
    # one extra chunk a task. Measured here with short slices; the tool's default slice is a
    # month (SLICE_HOURS), so the job pays that extra chunk once a month, not once a slice.
    from sandflux.core.backends.dask_cluster import SLICE_HOURS

    tasks = -(-largest["hours"] // report["slice_hours"])
    read_per_hour = largest["plain_read"]["cpu_s"] / largest["hours"]
    extra_chunk = read_per_hour * largest["stored_chunk_hours"]
    per_hour_month = (sum(one["worker_cpu_s"]) - (tasks - 1) * extra_chunk) / largest[
        "hours"
    ] + extra_chunk / SLICE_HOURS
    model = dict(
        full_hours=FULL_HOURS,
        sand_cells=sand_cells,
        worker_s_per_hour_cpu=round(per_hour_cpu, 4),
        worker_s_per_hour_wall=round(per_hour_wall, 4),
        worker_s_per_hour_cpu_month_slices=round(per_hour_month, 4),
        plain_read_s_per_hour=round(read_per_hour, 4),
        forcing_gb_total=round(bytes_per_hour * FULL_HOURS / 2**30, 1),
        workers={},
    )
    for workers in (8, 64, 512):
        compute_h = FULL_HOURS * per_hour_cpu / workers / 3600
        compute_month_h = FULL_HOURS * per_hour_month / workers / 3600
        compute_wall_h = FULL_HOURS * per_hour_wall / workers / 3600
        # Shared storage: every worker reads its slices; 1 GB/s (an NFS server) and 10 GB/s
        # (a parallel file system) aggregate.
        storage_h = {
            f"{rate}_gb_s": round(bytes_per_hour * FULL_HOURS / (rate * 2**30) / 3600, 3)
            for rate in (1, 10)
        }
        model["workers"][str(workers)] = dict(
            compute_h_cpu=round(compute_h, 3),
            compute_h_loaded=round(compute_wall_h, 3),
            compute_h_cpu_month_slices=round(compute_month_h, 3),
            storage_h=storage_h,
            bound_h_nfs=round(max(compute_h, storage_h["1_gb_s"]), 3),
        )
    return model


def write_results(report: dict, name: str) -> None:
    results = workloads.RESULTS
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{name}.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    lines = [
        f"# SandFlux benchmark: {name}",
        "",
        f"vm: {report['vm']}",
        "",
        f"Annual sums of the sand seas (bench/w3_sand_seas.py) on a command-line Dask "
        f"cluster, a task a {report['slice_hours']}-hour slice; the plain reference reads "
        "the same window and hours with netCDF4 on one core.",
        "",
    ]
    for entry in report["sizes"]:
        plain = entry["plain_read"]
        lines += [
            f"## {entry['hours']} hours ({entry['sand_cells']} sand cells, "
            f"{entry['cell_hours']:,} cell-hours, forcing {entry['forcing_mb']} MB)",
            "",
            "| run | wall s | CPU s | cell-h/s per worker (wall) | cell-h per CPU s | "
            "worker idle RSS MB | worker peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|",
            f"| plain read, 1 core | {plain['wall_s']} | {plain['cpu_s']} | "
            f"{plain['cell_hours_per_s']:,} | {plain['cell_hours_per_cpu_s']:,} | | |",
        ]
        for run_entry in entry["runs"]:
            lines.append(
                f"| dask, {run_entry['workers']} worker(s) | {run_entry['wall_s']} | "
                f"{sum(run_entry['worker_cpu_s']):.2f} | "
                f"{run_entry['cell_hours_per_s_per_worker']:,} | "
                f"{run_entry['cell_hours_per_worker_cpu_s']:,} | "
                f"{', '.join(str(m) for m in run_entry['worker_idle_rss_mb'])} | "
                f"{', '.join(str(m) for m in run_entry['worker_peak_rss_mb'])} |"
            )
        lines.append("")
    model = report["cost_model"]
    lines += [
        "## Cost model: 2000-2022 hourly, global 0.25 deg, sand seas",
        "",
        f"{model['full_hours']} hours; {model['sand_cells']} sand cells; a worker spends "
        f"{model['worker_s_per_hour_cpu']} CPU s per forcing hour "
        f"({model['worker_s_per_hour_wall']} s of wall time as loaded as this machine was);"
        f" {model['forcing_gb_total']} GB of forcing read in all. With the tool's "
        f"month slices (one extra stored chunk a month instead of one a "
        f"{report['slice_hours']}-hour slice): {model['worker_s_per_hour_cpu_month_slices']}"
        f" CPU s per hour; the plain read alone: {model['plain_read_s_per_hour']} s.",
        "",
        "| workers | compute h (CPU, as measured) | compute h (CPU, month slices) | "
        "compute h (loaded wall) | storage h at 1 GB/s | storage h at 10 GB/s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, row in model["workers"].items():
        lines.append(
            f"| {workers} | {row['compute_h_cpu']} | "
            f"{row['compute_h_cpu_month_slices']} | {row['compute_h_loaded']} | "
            f"{row['storage_h']['1_gb_s']} | {row['storage_h']['10_gb_s']} |"
        )
    lines.append("")
    (results / f"{name}.md").write_text("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, nargs="+", default=[48, 144, 288])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--slice-hours", type=int, default=48)
    parser.add_argument("--name", default=None)
    args = parser.parse_args(argv)
    report = run(args.hours, args.workers, args.slice_hours)
    name = args.name or f"w3-{max(args.hours)}h"
    write_results(report, name)
    print(f"results: bench/results/{name}.md", flush=True)


if __name__ == "__main__":
    main()
