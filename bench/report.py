"""Regenerate the measured part of docs/performance.md from a benchmark results file.

    .venv/bin/python bench/report.py bench/results/w1-23y.json [--doc docs/performance.md]

Everything between the markers ``<!-- benchmark:begin -->`` and ``<!-- benchmark:end -->`` in
the page is replaced by tables made from the JSON that bench/run.py wrote (nothing is typed by
hand): the machine and its load, the W1 steps (wall, CPU, peak memory), the issue-16 targets
with their measured ratios, peak memory for few and many years, and the number checks.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- benchmark:begin -->", "<!-- benchmark:end -->"


def _steps_table(run):
    lines = [
        "| step | wall s | CPU s | cores used | peak MB (largest process) | "
        "peak MB (process tree) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in run["steps"]:
        failed = "" if s["returncode"] == 0 else " **FAILED**"
        median = f" (median of {len(s['runs'])} runs)" if s.get("runs") else ""
        lines.append(
            f"| {s['step']}{median}{failed} | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | "
            f"{s['cpu_cores_used']:.2f} | {s['peak_rss_mb']:.0f} | "
            f"{s['peak_tree_mb']:.0f} |"
        )
    return lines


def _met(value, target, larger_is_better):
    if value is None:
        return "not measured"
    ok = value >= target if larger_is_better else value <= target
    return "met" if ok else "**not met**"


def _targets_table(run, flatness):
    summary, checks = run.get("summary", {}), run.get("checks", {})
    rows = []
    for key, text in (
        (
            "qgis_one_pass_over_plain_script",
            "downloads -> hourly GeoTIFFs + annual sums inside QGIS, / plain script",
        ),
        (
            "qgis_tool_one_pass_over_plain_script",
            "the same, processing.run alone (QGIS's start left out), / plain script",
        ),
        ("one_pass_over_plain_script", "the same in plain Python, / plain script"),
    ):
        if key in summary:
            rows.append(
                (
                    text,
                    "<= 1.5",
                    f"{summary[key]:.2f}",
                    f"{summary.get(key + '_cpu', float('nan')):.2f}",
                    _met(summary[key], 1.5, False),
                )
            )
    for key, text in (
        (
            "cdo_over_qgis_annual_from_downloads",
            "CDO / downloads -> annual sums inside QGIS (QGIS's start included)",
        ),
        (
            "cdo_over_qgis_tool_annual_from_downloads",
            "CDO / the same, processing.run alone (QGIS's start left out)",
        ),
        ("cdo_over_annual_from_downloads", "CDO / downloads -> annual sums in plain Python"),
    ):
        if key in summary:
            rows.append(
                (
                    text,
                    ">= 5",
                    f"{summary[key]:.2f}",
                    f"{summary.get(key + '_cpu', float('nan')):.2f}",
                    _met(summary[key], 5.0, True),
                )
            )
    if "import_copy_over_reference" in summary:
        rows.append(
            (
                "import: the forcing copy / the forcing reference (cheaper import)",
                "> 1",
                f"{summary['import_copy_over_reference']:.1f}",
                f"{summary['import_copy_over_reference_cpu']:.1f}",
                _met(summary["import_copy_over_reference"], 1.0, True),
            )
        )
    for key, text in (
        ("qgis_one_pass_above_idle_mb", "one pass: peak MB above QGIS idle"),
        (
            "qgis_annual_from_downloads_above_idle_mb",
            "downloads -> annual: peak MB above QGIS idle",
        ),
    ):
        if key in summary:
            rows.append((text, "<= 300", f"{summary[key]:.0f}", "", _met(summary[key], 300, False)))
    for step in ("qgis: downloads -> flux + annual (one pass)", "qgis: downloads -> annual"):
        row = (flatness or {}).get(step)
        if row:
            ratio = row.get("tree_ratio")
            rows.append(
                (
                    f"{step}: peak memory, many years / few years",
                    "<= 1.10",
                    f"{ratio:.3f}" if ratio else "",
                    "",
                    _met(ratio, 1.10, False),
                )
            )
    for key, text in (
        (
            "one_pass_rasters_identical_to_current_path",
            "hourly GeoTIFFs bit-identical to import -> flux",
        ),
        (
            "qgis_one_pass_annual_raster_identical_to_current_path",
            "annual raster (QGIS one pass) identical to import -> flux -> annual",
        ),
        (
            "qgis_from_downloads_annual_raster_identical_to_current_path",
            "annual raster (QGIS, from downloads) identical to import -> ... -> annual",
        ),
        ("plain_script_rasters_identical", "hourly GeoTIFFs bit-identical to the plain script's"),
    ):
        if key in checks:
            rows.append(
                (
                    text,
                    "yes",
                    "yes" if checks[key] else "**no**",
                    "",
                    "met" if checks[key] else "**not met**",
                )
            )
    for key, text in (
        (
            "one_pass_table_max_rel_diff_vs_current_path",
            "annual table (one pass) vs import -> flux -> annual, largest relative difference",
        ),
        (
            "from_downloads_table_max_rel_diff_vs_current_path",
            "annual table (from downloads) vs import -> flux -> annual",
        ),
    ):
        if key in checks:
            rows.append(
                (text, "< 6e-8 (float32)", f"{checks[key]:.1e}", "", _met(checks[key], 6e-8, False))
            )
    lines = ["| target | wanted | measured (wall) | measured (CPU) | |", "|---|---|---:|---:|---|"]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
    return lines


def render(results) -> str:
    runs = results["runs"]
    main = max((r for r in runs if r["workload"] == "W1"), key=lambda r: len(r["years"]))
    lines = [
        BEGIN,
        "",
        f"Generated by `bench/report.py` from `{results.get('_source', 'the results')}`.",
        "",
        f"Machine: {results['machine']}. Load average (1, 5, 15 min): "
        f"{results.get('load_average_at_start')} at the start, "
        f"{results.get('load_average_at_end')} at the end (the machine is shared: with a "
        "load above its 2 cores, wall times stretch and the CPU times are the steadier "
        "comparison).",
        "",
        f"### Targets (W1, {len(main['years'])} years)",
        "",
    ]
    lines += _targets_table(main, results.get("flatness")) + [""]
    for run in runs:
        if run["workload"] != "W1":
            continue
        lines += [f"### W1, {len(run['years'])} years: every step", ""]
        lines += _steps_table(run) + [""]
    lines += [
        "### Number checks and ratios (as written by bench/run.py)",
        "",
        "```json",
        json.dumps({**main.get("summary", {}), **main.get("checks", {})}, indent=1),
        "```",
        "",
        END,
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text())
    try:
        results["_source"] = str(args.results.resolve().relative_to(ROOT))
    except ValueError:
        results["_source"] = str(args.results)
    page = args.doc.read_text(encoding="utf-8")
    if BEGIN not in page or END not in page:
        raise SystemExit(f"{args.doc} has no {BEGIN} ... {END} block to replace.")
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    args.doc.write_text(head + render(results) + tail, encoding="utf-8")
    print(f"{args.doc} regenerated from {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
