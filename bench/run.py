"""The SandFlux benchmark: time, CPU and peak memory of each pipeline step and of two references.

    make bench                                    # W1 (23 years, + 3 years for flatness), W2, QGIS
    .venv/bin/python bench/run.py --workload W1 --years 3
    .venv/bin/python bench/run.py --workload W2 --w2-hours 96 --no-qgis

Every step runs in its own child process (bench/pipeline.py, bench/baseline.py,
bench/cdo_reference.py) and is measured from outside (bench/measure.py): wall time, CPU time
(user + system, the step's worker processes included) and peak memory (the largest process,
ru_maxrss, and the sampled sum over the step's process tree). Input files are generated once
and cached in bench/cache/; outputs go to bench/cache/runs/ and are replaced each run. Results
are printed and written to bench/results/<name>.json and .md.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "build" / "plugins"))  # the plugin as QGIS installs it: sandflux.*

import workloads  # noqa: E402
from measure import run_measured  # noqa: E402

PYTHON = sys.executable
QGIS_PYTHON = "/usr/bin/python3"


def _run(step, command, log, results, note=""):
    measurement = run_measured(step, command, log=log, note=note)
    results.append(dict(measurement.as_dict(), command=[str(c) for c in command]))
    status = (
        ""
        if measurement.returncode == 0
        else f"  FAILED (exit {measurement.returncode}, see {log})"
    )
    print(
        f"  {step:<28} wall {measurement.wall_s:8.2f} s  cpu {measurement.cpu_s:8.2f} s  "
        f"peak {measurement.peak_rss_mb:7.1f} MB (tree {measurement.peak_tree_mb:7.1f} MB, "
        f"PSS {measurement.peak_tree_pss_mb:7.1f} MB)"
        f"{status}",
        flush=True,
    )
    return measurement


def _tool_timing(steps, path):
    """Add processing.run's own time (written by the step) to the last step measured."""
    if steps and Path(path).exists():
        timing = json.loads(Path(path).read_text())
        steps[-1]["tool_wall_s"] = round(timing["wall_s"], 3)
        steps[-1]["tool_cpu_s"] = round(timing["cpu_s"], 3)


# The steps the issue-16 targets compare. With --repeat N each runs N times in all, in rounds
# (every step once a round), so that a slow phase of a shared machine falls on each alike; the
# targets then use each step's median wall and CPU time (the single runs are kept in "runs").
TARGET_STEPS = (
    "cdo:",
    "plain script:",
    "pipeline: downloads ->",
    "qgis: idle",
    "qgis: downloads ->",
)


def repeat_target_steps(steps, rounds, log):
    """Run the TARGET_STEPS ``rounds`` - 1 more times and put their medians in ``steps``."""
    chosen = [s for s in steps if s["step"].startswith(TARGET_STEPS) and s["returncode"] == 0]
    keys = ("wall_s", "cpu_s", "tool_wall_s", "tool_cpu_s")
    for step in chosen:
        step["runs"] = [{k: step[k] for k in keys if k in step}]
    for number in range(2, rounds + 1):
        print(f"  round {number} of {rounds} of the target steps", flush=True)
        for step in chosen:
            again = []
            _run(step["step"], step["command"], log, again)
            if "--timing" in step["command"]:
                _tool_timing(again, step["command"][step["command"].index("--timing") + 1])
            step["runs"].append({k: again[0][k] for k in keys if k in again[0]})
    for step in chosen:
        for key in keys:
            values = [run[key] for run in step["runs"] if key in run]
            if values:
                step[key] = round(float(np.median(values)), 3)
        step["cpu_cores_used"] = round(step["cpu_s"] / step["wall_s"], 2) if step["wall_s"] else 0


def run_w1(years, workers, qgis, cdo, folder, log, repeat=1):
    """W1 on ``years``: the pipeline, the plain baseline and CDO; returns the results dict."""
    workload = workloads.w1_files(years)
    print(f"{workload.name}: {workload.description}", flush=True)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    calibration = workloads.write_calibration(folder / "calibration.json")
    files = [str(f) for f in workload.files]
    forcing = folder / "forcing.nc"
    flux_folder = folder / "flux"
    flux_folder.mkdir()
    year_args = [str(y) for y in years]
    flux_files = [str(flux_folder / f"flux_{y}.tif") for y in years]
    steps = []
    pipeline = [PYTHON, str(HERE / "pipeline.py")]
    _run(
        "pipeline: import",
        pipeline + ["import", "--files", *files, "--forcing", str(forcing)],
        log,
        steps,
    )
    _run(
        "pipeline: import-reference",
        pipeline
        + [
            "import-reference",
            "--files",
            *files,
            "--forcing",
            str(folder / "forcing.sandflux.json"),
        ],
        log,
        steps,
    )
    _run(
        f"pipeline: flux ({workers} proc)",
        pipeline
        + [
            "flux",
            "--forcing",
            str(forcing),
            "--calibration",
            str(calibration),
            "--folder",
            str(flux_folder),
            "--years",
            *year_args,
            "--workers",
            str(workers),
        ],
        log,
        steps,
    )
    _run(
        "pipeline: annual",
        pipeline
        + [
            "annual",
            "--inputs",
            *flux_files,
            "--output",
            str(folder / "annual.tif"),
            "--table",
            str(folder / "annual.csv"),
        ],
        log,
        steps,
    )
    _run(
        "pipeline: annual from forcing",
        pipeline
        + [
            "annual-forcing",
            "--forcing",
            str(forcing),
            "--calibration",
            str(calibration),
            "--output",
            str(folder / "annual_from_forcing.tif"),
            "--table",
            str(folder / "annual_from_forcing.csv"),
        ],
        log,
        steps,
        note="the annual path without hourly rasters (what CDO's -yearsum -expr does)",
    )
    if workers > 1:
        serial = folder / "flux_serial"
        serial.mkdir()
        _run(
            "pipeline: flux (1 proc)",
            pipeline
            + [
                "flux",
                "--forcing",
                str(forcing),
                "--calibration",
                str(calibration),
                "--folder",
                str(serial),
                "--years",
                *year_args,
                "--workers",
                "1",
            ],
            log,
            steps,
            note="same step on one core, for the parallel gain",
        )
    parameters = json.dumps(workloads.DESERT_PARAMETERS)
    baseline_folder = folder / "baseline"
    _run(
        "baseline: flux",
        [
            PYTHON,
            str(HERE / "baseline.py"),
            "flux",
            "--output",
            str(baseline_folder),
            "--parameters",
            parameters,
            *files,
        ],
        log,
        steps,
    )
    _run(
        "baseline: annual",
        [PYTHON, str(HERE / "baseline.py"), "annual", "--output", str(baseline_folder)],
        log,
        steps,
    )
    # The downloads read as they are (issue 16): the flux tool writing a GeoTIFF a year and the
    # annual sums of the same blocks in one pass; the annual tool on the downloads; and the
    # plain script doing the same bytes in one pass.
    one_pass = folder / "one_pass"
    one_pass.mkdir()
    _run(
        "pipeline: downloads -> flux + annual (one pass)",
        pipeline
        + [
            "flux-annual",
            "--files",
            *files,
            "--calibration",
            str(calibration),
            "--folder",
            str(one_pass),
            "--output",
            str(one_pass / "annual.tif"),
            "--table",
            str(one_pass / "annual.csv"),
        ],
        log,
        steps,
        note="no import: the flux tool reads the downloads, a GeoTIFF a year + annual sums",
    )
    _run(
        "pipeline: downloads -> annual",
        pipeline
        + [
            "annual-downloads",
            "--files",
            *files,
            "--calibration",
            str(calibration),
            "--output",
            str(folder / "annual_from_downloads.tif"),
            "--table",
            str(folder / "annual_from_downloads.csv"),
        ],
        log,
        steps,
        note="no import, no hourly raster: the annual tool computes the flux on the fly",
    )
    _run(
        "plain script: downloads -> flux + annual",
        [
            PYTHON,
            str(HERE / "plain_script.py"),
            "--output",
            str(folder / "plain"),
            "--parameters",
            parameters,
            *files,
        ],
        log,
        steps,
        note="netCDF4 + numpy + GDAL, no SandFlux code, one pass, same GeoTIFF layout",
    )
    if cdo and shutil.which("cdo"):
        _run(
            "cdo: yearsum -expr",
            [
                PYTHON,
                str(HERE / "cdo_reference.py"),
                "--output",
                str(folder / "cdo"),
                "--parameters",
                parameters,
                *files,
            ],
            log,
            steps,
        )
    if qgis:
        qgis_step = [QGIS_PYTHON, str(HERE / "pipeline.py"), "qgis"]
        _run("qgis: idle (Processing)", qgis_step + ["--mode", "idle"], log, steps)
        qgis_folder = folder / "qgis"
        qgis_folder.mkdir()
        one_pass_qgis = qgis_folder / "one_pass"
        one_pass_qgis.mkdir()
        _run(
            "qgis: downloads -> flux + annual (one pass)",
            qgis_step
            + [
                "--mode",
                "flux-annual",
                "--files",
                *files,
                "--calibration",
                str(calibration),
                "--folder",
                str(one_pass_qgis),
                "--output",
                str(one_pass_qgis / "annual.tif"),
                "--table",
                str(one_pass_qgis / "annual.csv"),
                "--timing",
                str(one_pass_qgis / "tool_timing.json"),
            ],
            log,
            steps,
        )
        _tool_timing(steps, one_pass_qgis / "tool_timing.json")
        _run(
            "qgis: downloads -> annual",
            qgis_step
            + [
                "--mode",
                "annual-downloads",
                "--files",
                *files,
                "--calibration",
                str(calibration),
                "--output",
                str(qgis_folder / "annual_from_downloads.tif"),
                "--table",
                str(qgis_folder / "annual_from_downloads.csv"),
                "--timing",
                str(qgis_folder / "tool_timing.json"),
            ],
            log,
            steps,
        )
        _tool_timing(steps, qgis_folder / "tool_timing.json")
        _run(
            "qgis: whole pipeline",
            qgis_step
            + [
                "--mode",
                "pipeline",
                "--files",
                *files,
                "--forcing",
                str(qgis_folder / "forcing.nc"),
                "--calibration",
                str(calibration),
                "--folder",
                str(qgis_folder),
                "--years",
                *year_args,
                "--output",
                str(qgis_folder / "annual.tif"),
                "--table",
                str(qgis_folder / "annual.csv"),
            ],
            log,
            steps,
        )
    if repeat > 1:
        repeat_target_steps(steps, repeat, log)
    for step in steps:
        step.pop("command", None)
    # The number checks (compare_w1) run after every measurement: they read whole rasters, and
    # a child inherits this process's peak RSS as its own ru_maxrss high-water mark.
    result = {
        "workload": "W1",
        "years": [int(y) for y in years],
        "workers": workers,
        "steps": steps,
        "folder": str(folder),
    }
    result["summary"] = summarise_w1(steps)
    return result


def compare_w1(folder, years):
    """Largest differences of the annual sums: pipeline vs baseline, CDO vs baseline."""
    from osgeo import gdal

    checks = {}
    baseline_file = folder / "baseline" / "baseline_annual.npz"
    if not baseline_file.exists() or not (folder / "annual.tif").exists():
        return checks
    baseline = np.load(baseline_file)
    for name, key in (("annual.tif", "pipeline"), ("annual_from_forcing.tif", "from_forcing")):
        if not (folder / name).exists():
            continue
        dataset = gdal.Open(str(folder / name))
        ours = dataset.ReadAsArray().reshape((len(years),) + baseline[str(years[0])].shape)
        checks[f"{key}_vs_baseline_max_abs_g_co2_m2_yr"] = float(
            max(np.nanmax(np.abs(ours[i] - baseline[str(y)])) for i, y in enumerate(years))
        )
    scale = max(float(np.nanmax(np.abs(baseline[str(y)]))) for y in years)
    checks["baseline_max_abs_annual_g_co2_m2_yr"] = scale
    for name, key in (
        ("one_pass/annual.tif", "one_pass"),
        ("annual_from_downloads.tif", "from_downloads"),
    ):
        if (folder / name).exists():
            dataset = gdal.Open(str(folder / name))
            ours = dataset.ReadAsArray().reshape((len(years),) + baseline[str(years[0])].shape)
            checks[f"{key}_vs_baseline_max_abs_g_co2_m2_yr"] = float(
                max(np.nanmax(np.abs(ours[i] - baseline[str(y)])) for i, y in enumerate(years))
            )
    checks.update(compare_with_current_path(folder, years))
    plain_file = folder / "plain" / "plain_annual.npz"
    if plain_file.exists():
        plain = np.load(plain_file)
        checks["plain_script_vs_baseline_max_abs_g_co2_m2_yr"] = float(
            max(np.nanmax(np.abs(plain[str(y)] - baseline[str(y)])) for y in years)
        )
    cdo_file = folder / "cdo" / "cdo_annual.npz"
    if cdo_file.exists():
        cdo = np.load(cdo_file)
        checks["cdo_vs_baseline_max_abs_g_co2_m2_yr"] = float(
            max(np.nanmax(np.abs(cdo[str(y)] - baseline[str(y)])) for y in years)
        )
    return checks


def compare_with_current_path(folder, years):
    """The downloads-read-directly outputs against the import -> flux -> annual path: the hourly
    rasters band for band (bit-identical?), the annual rasters, and the annual tables (largest
    relative difference over the numeric columns)."""
    from osgeo import gdal

    checks = {}
    identical = []
    for year in years:
        ours = folder / "one_pass" / f"flux_{year}.tif"
        theirs = folder / "flux" / f"flux_{year}.tif"
        plain = folder / "plain" / f"plain_flux_{year}.tif"
        if not (ours.exists() and theirs.exists()):
            return checks
        a, b = gdal.Open(str(ours)).ReadAsArray(), gdal.Open(str(theirs)).ReadAsArray()
        identical.append(bool(np.array_equal(a, b)))
        if plain.exists():
            c = gdal.Open(str(plain)).ReadAsArray()
            checks.setdefault("plain_script_rasters_identical", True)
            checks["plain_script_rasters_identical"] &= bool(np.array_equal(a, c))
            checks["plain_script_rasters_max_abs"] = max(
                checks.get("plain_script_rasters_max_abs", 0.0),
                float(np.max(np.abs(a.astype("float64") - c))),
            )
    checks["one_pass_rasters_identical_to_current_path"] = all(identical)
    reference = gdal.Open(str(folder / "annual.tif")).ReadAsArray()
    for name, key in (
        ("one_pass/annual.tif", "one_pass"),
        ("annual_from_downloads.tif", "from_downloads"),
        ("qgis/one_pass/annual.tif", "qgis_one_pass"),
        ("qgis/annual_from_downloads.tif", "qgis_from_downloads"),
    ):
        if (folder / name).exists():
            ours = gdal.Open(str(folder / name)).ReadAsArray()
            checks[f"{key}_annual_raster_identical_to_current_path"] = bool(
                np.array_equal(ours, reference)
            )
    table = _table(folder / "annual.csv")
    for name, key in (
        ("one_pass/annual.csv", "one_pass"),
        ("annual_from_downloads.csv", "from_downloads"),
    ):
        if (folder / name).exists() and table is not None:
            other = _table(folder / name)
            with np.errstate(invalid="ignore", divide="ignore"):
                relative = np.abs(other - table) / np.abs(table)
            checks[f"{key}_table_max_rel_diff_vs_current_path"] = float(np.nanmax(relative))
    return checks


def _table(path):
    if not path.exists():
        return None
    rows = [line.split(",") for line in path.read_text().splitlines()[1:]]
    return np.array([[float(v) if v else np.nan for v in row] for row in rows])


def _step(steps, prefix):
    return [s for s in steps if s["step"].startswith(prefix)]


def summarise_w1(steps):
    """Totals and the target ratios."""

    def total(prefixes, key="wall_s"):
        return sum(s[key] for p in prefixes for s in _step(steps, p))

    # "pipeline: import" also matches "pipeline: import-reference", the alternative to the copy.
    pipeline_wall = total(["pipeline: import", "pipeline: flux (", "pipeline: annual"]) - total(
        ["pipeline: flux (1 proc)", "pipeline: annual from forcing", "pipeline: import-reference"]
    )
    baseline_wall = total(["baseline:"])
    summary = {
        "pipeline_wall_s": round(pipeline_wall, 2),
        "baseline_wall_s": round(baseline_wall, 2),
        "pipeline_over_baseline": (
            round(pipeline_wall / baseline_wall, 2) if baseline_wall else None
        ),
        "pipeline_peak_rss_mb": max(
            (s["peak_rss_mb"] for s in _step(steps, "pipeline:")), default=None
        ),
        "pipeline_peak_tree_mb": max(
            (s["peak_tree_mb"] for s in _step(steps, "pipeline:")), default=None
        ),
        "pipeline_peak_tree_pss_mb": max(
            (s["peak_tree_pss_mb"] for s in _step(steps, "pipeline:")), default=None
        ),
    }
    cdo = _step(steps, "cdo:")
    annual = [s for s in _step(steps, "pipeline: annual") if "forcing" not in s["step"]]
    from_forcing = _step(steps, "pipeline: annual from forcing")
    if cdo and from_forcing:
        summary["cdo_over_annual_from_forcing"] = round(
            cdo[0]["wall_s"] / from_forcing[0]["wall_s"], 2
        )
    if cdo and annual:
        summary["cdo_annual_path_wall_s"] = cdo[0]["wall_s"]
        summary["cdo_over_pipeline_annual_step"] = round(cdo[0]["wall_s"] / annual[0]["wall_s"], 2)
        flux = [s for s in _step(steps, "pipeline: flux (") if "1 proc" not in s["step"]]
        flux_annual = annual[0]["wall_s"] + sum(s["wall_s"] for s in flux)
        summary["cdo_over_pipeline_flux_plus_annual"] = round(cdo[0]["wall_s"] / flux_annual, 2)
    plain = _step(steps, "plain script:")
    for prefix, key in (
        ("pipeline: downloads -> flux + annual", "one_pass_over_plain_script"),
        ("qgis: downloads -> flux + annual", "qgis_one_pass_over_plain_script"),
    ):
        if plain and _step(steps, prefix):
            summary[key] = round(_step(steps, prefix)[0]["wall_s"] / plain[0]["wall_s"], 2)
            summary[key + "_cpu"] = round(_step(steps, prefix)[0]["cpu_s"] / plain[0]["cpu_s"], 2)
            summary[key + "_target"] = 1.5
    for prefix, key in (
        ("pipeline: downloads -> annual", "cdo_over_annual_from_downloads"),
        ("qgis: downloads -> annual", "cdo_over_qgis_annual_from_downloads"),
    ):
        if cdo and _step(steps, prefix):
            summary[key] = round(cdo[0]["wall_s"] / _step(steps, prefix)[0]["wall_s"], 2)
            summary[key + "_cpu"] = round(cdo[0]["cpu_s"] / _step(steps, prefix)[0]["cpu_s"], 2)
            summary[key + "_target"] = 5.0
    for prefix, key in (
        ("qgis: downloads -> flux + annual", "qgis_tool_one_pass_over_plain_script"),
        ("qgis: downloads -> annual", "cdo_over_qgis_tool_annual_from_downloads"),
    ):
        step = _step(steps, prefix)
        reference = plain if "plain" in key else cdo
        if reference and step and "tool_wall_s" in step[0]:
            # processing.run alone: QGIS's start and exit (the idle step) left out
            wall, cpu = step[0]["tool_wall_s"], step[0]["tool_cpu_s"]
            if "plain" in key:
                summary[key] = round(wall / reference[0]["wall_s"], 2)
                summary[key + "_cpu"] = round(cpu / reference[0]["cpu_s"], 2)
            else:
                summary[key] = round(reference[0]["wall_s"] / wall, 2)
                summary[key + "_cpu"] = round(reference[0]["cpu_s"] / cpu, 2)
    copy = [s for s in steps if s["step"] == "pipeline: import"]
    reference = _step(steps, "pipeline: import-reference")
    if copy and reference:
        summary["import_copy_over_reference"] = round(copy[0]["wall_s"] / reference[0]["wall_s"], 2)
        summary["import_copy_over_reference_cpu"] = round(
            copy[0]["cpu_s"] / reference[0]["cpu_s"], 2
        )
    idle = _step(steps, "qgis: idle")
    for prefix, key in (
        ("qgis: downloads -> flux + annual", "qgis_one_pass"),
        ("qgis: downloads -> annual", "qgis_annual_from_downloads"),
    ):
        if idle and _step(steps, prefix):
            summary[f"{key}_above_idle_mb"] = round(
                _step(steps, prefix)[0]["peak_tree_mb"] - idle[0]["peak_tree_mb"], 1
            )
            summary[f"{key}_above_idle_target_mb"] = 300
    serial = _step(steps, "pipeline: flux (1 proc)")
    parallel = [s for s in _step(steps, "pipeline: flux (") if "1 proc" not in s["step"]]
    if serial and parallel:
        summary["flux_parallel_speedup"] = round(serial[0]["wall_s"] / parallel[0]["wall_s"], 2)
    idle, inside = _step(steps, "qgis: idle"), _step(steps, "qgis: whole")
    if idle and inside:
        summary["qgis_idle_peak_mb"] = idle[0]["peak_tree_mb"]
        summary["qgis_pipeline_peak_mb"] = inside[0]["peak_tree_mb"]
        summary["qgis_pipeline_above_idle_mb"] = round(
            inside[0]["peak_tree_mb"] - idle[0]["peak_tree_mb"], 1
        )
        summary["qgis_pipeline_above_idle_pss_mb"] = round(
            inside[0]["peak_tree_pss_mb"] - idle[0]["peak_tree_pss_mb"], 1
        )
        summary["qgis_pipeline_ok"] = inside[0]["returncode"] == 0
    return summary


def run_w2(hours, folder, log, dask):
    """W2: import -> flux (netCDF) -> sum over the month, on the global grid."""
    workload = workloads.w2_files(hours=hours)
    print(f"{workload.name}: {workload.description}", flush=True)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    calibration = workloads.write_calibration(folder / "calibration.json")
    forcing, flux = folder / "forcing.nc", folder / "flux.nc"
    pipeline = [PYTHON, str(HERE / "pipeline.py")]
    steps = []
    _run(
        "pipeline: import",
        pipeline + ["import", "--files", *map(str, workload.files), "--forcing", str(forcing)],
        log,
        steps,
    )
    _run(
        "pipeline: flux (netCDF)",
        pipeline
        + [
            "flux-nc",
            "--forcing",
            str(forcing),
            "--calibration",
            str(calibration),
            "--output",
            str(flux),
        ],
        log,
        steps,
    )
    # One month is ~8 % of a year: the monthly run keeps every cell (coverage 0.01).
    _run(
        "pipeline: monthly sum",
        pipeline
        + [
            "annual",
            "--inputs",
            str(flux),
            "--output",
            str(folder / "sum.tif"),
            "--min-coverage",
            "0.01",
        ],
        log,
        steps,
    )
    if dask:
        _run(
            "pipeline: flux (dask local)",
            pipeline
            + [
                "flux-nc",
                "--forcing",
                str(forcing),
                "--calibration",
                str(calibration),
                "--output",
                str(folder / "flux_dask.nc"),
                "--dask",
                "local",
            ],
            log,
            steps,
        )
    peak = max(s["peak_tree_mb"] for s in steps)
    return {
        "workload": "W2",
        "hours": hours or 744,
        "steps": steps,
        "summary": {
            "pipeline_peak_tree_mb": peak,
            "under_2_gb": peak < 2048,
            "pipeline_peak_tree_pss_mb": max(s["peak_tree_pss_mb"] for s in steps),
            "pipeline_wall_s": round(sum(s["wall_s"] for s in steps if "dask" not in s["step"]), 2),
        },
    }


def write_results(results, name):
    workloads.RESULTS.mkdir(parents=True, exist_ok=True)
    json_path = workloads.RESULTS / f"{name}.json"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        f"# SandFlux benchmark: {name}",
        "",
        f"{results['machine']}; load average (1, 5, 15 min) "
        f"{results.get('load_average_at_start')} at the start, "
        f"{results.get('load_average_at_end')} at the end",
        "",
    ]
    for run in results["runs"]:
        label = run["workload"] + (
            f" ({len(run['years'])} years)" if "years" in run else f" ({run['hours']} hours)"
        )
        lines += [
            f"## {label}",
            "",
            "| step | wall s | CPU s | cores used | peak MB (largest "
            "process) | peak MB (process tree, RSS) | peak MB (process tree, PSS) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for s in run["steps"]:
            failed = "" if s["returncode"] == 0 else " **FAILED**"
            lines.append(
                f"| {s['step']}{failed} | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | "
                f"{s['cpu_cores_used']:.2f} | {s['peak_rss_mb']:.0f} | "
                f"{s['peak_tree_mb']:.0f} | {s.get('peak_tree_pss_mb', 0):.0f} |"
            )
        lines += [
            "",
            "```",
            json.dumps({**run.get("summary", {}), **run.get("checks", {})}, indent=2),
            "```",
            "",
        ]
    if "flatness" in results:
        lines += [
            "## Memory flat in the number of years",
            "",
            "```",
            json.dumps(results["flatness"], indent=2),
            "```",
            "",
        ]
    (workloads.RESULTS / f"{name}.md").write_text("\n".join(lines))
    print(f"Results: {json_path} and {json_path.with_suffix('.md')}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=("W1", "W2", "all"), default="all")
    parser.add_argument(
        "--years",
        type=int,
        default=len(workloads.W1_YEARS),
        help="W1: the first N years of 2000-2022 (default all 23)",
    )
    parser.add_argument(
        "--flat-years",
        type=int,
        default=3,
        help="W1: also run this many years to check that memory is flat (0 = skip)",
    )
    parser.add_argument(
        "--w2-hours",
        type=int,
        default=None,
        help="W2: the first N hours of the month (default all 744)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes for the yearly flux (default: CPU cores)",
    )
    parser.add_argument("--no-qgis", action="store_true", help="skip the runs inside QGIS")
    parser.add_argument("--no-cdo", action="store_true", help="skip the CDO reference")
    parser.add_argument("--dask", action="store_true", help="W2: also time the Dask path")
    parser.add_argument("--name", default=None, help="results file name (default: by options)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="W1 (main run): runs of each step the targets compare; medians (default 3)",
    )
    args = parser.parse_args(argv)

    from sandflux.core.infra.parallel import default_workers

    workers = args.workers or default_workers()
    runs_folder = workloads.CACHE / "runs"
    runs_folder.mkdir(parents=True, exist_ok=True)
    log = runs_folder / "bench.log"
    log.write_text("")
    results = {
        "machine": f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{default_workers()} cores, Python {platform.python_version()}, "
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        "runs": [],
    }
    if args.workload in ("W1", "all"):
        years = list(workloads.W1_YEARS[: args.years])
        main_run = run_w1(
            years,
            workers,
            not args.no_qgis,
            not args.no_cdo,
            runs_folder / f"w1_{len(years)}y",
            log,
            repeat=max(1, args.repeat),
        )
        results["runs"].append(main_run)
        if args.flat_years and args.flat_years < len(years):
            few = list(workloads.W1_YEARS[: args.flat_years])
            small_run = run_w1(
                few, workers, not args.no_qgis, False, runs_folder / f"w1_{len(few)}y", log
            )
            results["runs"].append(small_run)
            results["flatness"] = flatness(small_run, main_run)
    if args.workload in ("W2", "all"):
        results["runs"].append(run_w2(args.w2_hours, runs_folder / "w2", log, args.dask))
    for run in results["runs"]:
        if run["workload"] == "W1":
            run["checks"] = compare_w1(Path(run.pop("folder")), run["years"])
    name = args.name or (
        f"{args.workload.lower()}"
        + (f"-{args.years}y" if args.workload != "W2" else "")
        + ("-w2h" + str(args.w2_hours) if args.w2_hours else "")
    )
    results["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    write_results(results, name)
    failed = [s["step"] for run in results["runs"] for s in run["steps"] if s["returncode"]]
    if failed:
        print("FAILED steps: " + ", ".join(failed) + f" (log: {log})")
        return 1
    return 0


def flatness(small, large):
    """Peak memory of each step with few and with many years, and the ratios (largest process,
    process tree RSS, process tree PSS)."""
    rows = {}
    few, many = len(small["years"]), len(large["years"])
    for a in small["steps"]:
        for b in large["steps"]:
            if a["step"] == b["step"] and (
                a["step"].startswith("pipeline") or a["step"].startswith("qgis")
            ):
                row = {}
                for key, label in (
                    ("peak_rss_mb", "largest"),
                    ("peak_tree_mb", "tree"),
                    ("peak_tree_pss_mb", "pss"),
                ):
                    row[f"{few}y_{label}_mb"] = a[key]
                    row[f"{many}y_{label}_mb"] = b[key]
                    if label != "pss":  # PSS depends on what else shares the pages then
                        row[f"{label}_ratio"] = round(b[key] / a[key], 3) if a[key] else None
                rows[a["step"]] = row
    return rows


if __name__ == "__main__":
    sys.exit(main())
