"""The benchmark runs end to end on a tiny workload, and its pipeline agrees with its references.

Not a timing test: it checks that bench/run.py runs every step, writes its results file, and
that the pipeline's annual sums equal the independent plain netCDF4+numpy baseline's (and
CDO's, where installed) for the same files.
"""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from helpers.paths import ROOT

pytestmark = pytest.mark.slow


def test_bench_runner_smoke_run_matches_the_baseline_numbers(tmp_path):
    cache = tmp_path / "cache"
    results_name = "smoke-test"
    environment = {"SANDFLUX_BENCH_CACHE": str(cache), "PATH": "/usr/bin:/bin"}
    command = [
        sys.executable,
        str(ROOT / "bench" / "run.py"),
        "--workload",
        "W1",
        "--years",
        "1",
        "--flat-years",
        "0",
        "--no-qgis",
        "--workers",
        "2",
        "--name",
        results_name,
        "--repeat",
        "2",
    ]
    completed = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600
    )
    results_file = ROOT / "bench" / "results" / f"{results_name}.json"
    try:
        assert completed.returncode == 0, completed.stdout + completed.stderr
        results = json.loads(results_file.read_text())
    finally:
        for suffix in (".json", ".md"):
            results_file.with_suffix(suffix).unlink(missing_ok=True)
    run = results["runs"][0]
    steps = {s["step"]: s for s in run["steps"]}
    for step in (
        "pipeline: import",
        "pipeline: import-reference",
        "pipeline: flux (2 proc)",
        "pipeline: annual",
        "pipeline: annual from forcing",
        "baseline: flux",
        "baseline: annual",
    ):
        assert steps[step]["returncode"] == 0 and steps[step]["wall_s"] > 0
        assert 0 < steps[step]["peak_tree_pss_mb"] <= steps[step]["peak_tree_mb"]

    # --repeat 2: the steps the targets compare ran twice, and their times are the medians.
    repeated = steps["pipeline: downloads -> annual"]
    assert len(repeated["runs"]) == 2
    runs = [r["wall_s"] for r in repeated["runs"]]
    assert repeated["wall_s"] == pytest.approx(np.median(runs), abs=1e-3)
    assert "runs" not in steps["pipeline: import"] and "command" not in steps["pipeline: import"]

    # The numbers themselves: the pipeline's annual raster against the baseline's sums.
    from osgeo import gdal

    folder = cache / "runs" / "w1_1y"
    baseline = np.load(folder / "baseline" / "baseline_annual.npz")["2000"]
    pipeline = gdal.Open(str(folder / "annual.tif")).ReadAsArray().astype("float64")
    assert pipeline.shape == baseline.shape == (19, 45)
    assert np.isfinite(baseline).all() and np.abs(baseline).max() > 1.0
    # Both sum float32 hourly values written to GeoTIFF: they agree to float32 rounding.
    np.testing.assert_allclose(pipeline, baseline, rtol=1e-6, atol=1e-4)
    assert run["checks"]["pipeline_vs_baseline_max_abs_g_co2_m2_yr"] < 1e-4
    # The annual path without hourly rasters gives the same sums (the same float32 fluxes).
    from_forcing = gdal.Open(str(folder / "annual_from_forcing.tif")).ReadAsArray()
    np.testing.assert_allclose(from_forcing.astype("float64"), pipeline, rtol=1e-12, atol=0)
    # Both flux GeoTIFFs: BAND interleave, DEFLATE with the floating-point predictor.
    for path in (folder / "flux" / "flux_2000.tif", folder / "baseline" / "baseline_flux_2000.tif"):
        dataset = gdal.Open(str(path))
        structure = dataset.GetMetadata("IMAGE_STRUCTURE")
        assert structure["INTERLEAVE"] == "BAND" and structure["COMPRESSION"] == "DEFLATE"
        assert structure.get("PREDICTOR") == "3"
        assert dataset.RasterCount == 8784  # 2000 is a leap year
    if shutil.which("cdo"):
        cdo = np.load(folder / "cdo" / "cdo_annual.npz")["2000"]
        np.testing.assert_allclose(cdo, baseline, rtol=1e-6, atol=1e-4)
