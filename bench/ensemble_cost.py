"""Cost of the annual tool's ensemble (core.model.ensemble) on W1: the annual path from the
forcing with ENSEMBLE = 0 (the ratio method), 10 and 100 (the default) bootstrap sets.

    .venv/bin/python bench/ensemble_cost.py [--years N] [--members 0 10 100] [--workers N]

The forcing of the first N W1 years is imported once (cached in bench/cache/ensemble/); the
calibration is the benchmark's desert scheme with 200 bootstrap sets scattered +-30 % around it
(seeded). Each run is its own measured process (bench/measure.py); results go to
bench/results/w1-ensemble-<N>y.json and .md.
"""

import argparse
import datetime
import json
import platform
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
BOOTSTRAP_SETS = 200


def write_ensemble_calibration(path: Path) -> Path:
    """The benchmark calibration with BOOTSTRAP_SETS parameter sets (each parameter x
    U(0.7, 1.3))."""
    from sandflux.core.model.calibration_file import load_calibration, save_calibration

    calibration = load_calibration(workloads.write_calibration(path))
    central = np.array(list(workloads.DESERT_PARAMETERS.values()))
    rng = np.random.default_rng(18)
    calibration.bootstrap_parameters = (
        central * rng.uniform(0.7, 1.3, (BOOTSTRAP_SETS, central.size))
    ).tolist()
    return save_calibration(calibration, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=23)
    parser.add_argument("--members", type=int, nargs="*", default=[0, 10, 100])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    years = workloads.W1_YEARS[: args.years]
    workload = workloads.w1_files(years)
    folder = workloads.CACHE / "ensemble"
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "ensemble.log"
    forcing = folder / f"forcing_{years[0]}_{years[-1]}.nc"
    pipeline = [PYTHON, str(HERE / "pipeline.py")]
    if not forcing.exists():
        run_measured(
            "import",
            pipeline + ["import", "--files", *map(str, workload.files), "--forcing", str(forcing)],
            log=log,
        )
    calibration = write_ensemble_calibration(folder / "calibration.json")
    steps = []
    for members in args.members:
        command = pipeline + [
            "annual-forcing",
            "--forcing",
            str(forcing),
            "--calibration",
            str(calibration),
            "--output",
            str(folder / f"annual_{members}.tif"),
            "--table",
            str(folder / f"annual_{members}.csv"),
            "--ensemble",
            str(members),
            "--workers",
            str(args.workers),
        ]
        if members:
            command += ["--uncertainty", str(folder / f"uncertainty_{members}.tif")]
        measurement = run_measured(f"annual from forcing, ENSEMBLE={members}", command, log=log)
        steps.append(measurement.as_dict())
        print(
            f"ENSEMBLE={members:4d}: wall {measurement.wall_s:8.1f} s, cpu "
            f"{measurement.cpu_s:8.1f} s, peak {measurement.peak_rss_mb:7.1f} MB"
            + ("" if measurement.returncode == 0 else f"  FAILED, see {log}"),
            flush=True,
        )
    name = f"w1-ensemble-{len(years)}y"
    result = {
        "workload": "W1",
        "years": [int(y) for y in years],
        "workers": args.workers,
        "machine": platform.platform(),
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "steps": steps,
    }
    (HERE / "results" / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# {name}: annual path from the forcing with the ensemble ({len(years)} W1 years, "
        f"{args.workers} process)",
        "",
        "| step | wall s | cpu s | peak MB |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {s['step']} | {s['wall_s']:.1f} | {s['cpu_s']:.1f} | {s['peak_rss_mb']:.0f} |"
        for s in steps
    ]
    (HERE / "results" / f"{name}.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
