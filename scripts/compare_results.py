"""Compare the demo results of two runs (e.g. two QGIS versions): tables, calibration, rasters.

    python3 scripts/compare_results.py FOLDER_A FOLDER_B

Each folder is a demo's ``results/``. Numbers are compared, not bytes (file layouts, metadata
and compression may differ between GDAL versions): every number of the CSV tables to 1e-9 of
its column's largest magnitude, every number of the calibration JSON to a relative 1e-9, every
band of the GeoTIFF rasters to a relative 1e-6 of the band's largest value (float32). The
calibration's bootstrap resamples are separate least-squares fits, which SciPy releases stop
at slightly different points within the fit's tolerance: they are compared to a relative 1e-5
(seen: 2.7e-7 between QGIS 3.22's Debian 12 and 3.40's Debian 13, while the fitted parameters
and all results agree to 1e-9 or better). numpy 1 and 2 round some float64 values one unit in
the last place apart (seen: a point's dTs/dt of -3.5e-5 K/h, the difference of two ~300 K
temperatures, 1.6e-9 apart relative to itself but 2.9e-14 of its column's scale).
Prints the largest differences; exits 1 when a file is missing or a number disagrees.
"""

import csv
import json
import math
import sys
from pathlib import Path

TABLE_RTOL = 1e-9
BOOTSTRAP_RTOL = 1e-5
RASTER_RTOL = 1e-6
COMPARED = ("*.csv", "calibration.json", "*.tif")


def _numbers(value, path=""):
    """{json path: number} of every number in a JSON document."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return {}
    if isinstance(value, (int, float)):
        return {path: float(value)}
    items = value.items() if isinstance(value, dict) else enumerate(value)
    found = {}
    for key, item in items:
        found.update(_numbers(item, f"{path}/{key}"))
    return found


def _csv_numbers(path):
    """{(row number, column): number or text} of a CSV table."""
    found = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle)):
            for column, text in row.items():
                try:
                    found[(row_number, column)] = float(text)
                except (TypeError, ValueError):
                    found[(row_number, column)] = text
    return found


def compare_table(a, b, what):
    """Largest difference of two tables' numbers relative to their column's largest magnitude
    (as a raster band's: a value near zero, e.g. a dTs/dt of 3e-5 K/h formed from two 300 K
    temperatures, is compared on its column's scale, not its own); inf when the cells differ."""
    if set(a) != set(b):
        print(f"  {what}: different entries: {sorted(set(a) ^ set(b), key=str)[:5]}")
        return math.inf
    scale = {}
    for key in a:
        for value in (a[key], b[key]):
            if not isinstance(value, str) and math.isfinite(value):
                scale[key[1]] = max(scale.get(key[1], 0.0), abs(value))
    worst = 0.0
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, str) or isinstance(y, str) or not (math.isfinite(x) and math.isfinite(y)):
            worst = max(worst, _relative_difference(x, y))
        elif x != y:
            worst = max(worst, abs(x - y) / scale[key[1]])
    return worst


def _relative_difference(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return 0.0 if a == b else math.inf
    if math.isnan(a) and math.isnan(b):
        return 0.0
    scale = max(abs(a), abs(b))
    return 0.0 if a == b else abs(a - b) / scale


def compare_numbers(a, b, what):
    """Largest relative difference of two {name: number} maps (inf when the names differ)."""
    if set(a) != set(b):
        print(f"  {what}: different entries: {sorted(set(a) ^ set(b))[:5]}")
        return math.inf
    return max((_relative_difference(a[key], b[key]) for key in a), default=0.0)


def compare_rasters(path_a, path_b):
    import numpy as np
    from osgeo import gdal

    a, b = gdal.OpenEx(str(path_a)), gdal.OpenEx(str(path_b))
    if (a.RasterCount, a.RasterXSize, a.RasterYSize) != (
        b.RasterCount,
        b.RasterXSize,
        b.RasterYSize,
    ):
        return math.inf
    if a.GetGeoTransform() != b.GetGeoTransform():
        return math.inf
    worst = 0.0
    for band in range(1, a.RasterCount + 1):
        if a.GetRasterBand(band).GetDescription() != b.GetRasterBand(band).GetDescription():
            return math.inf
    values_a = a.ReadAsArray().astype("float64")
    values_b = b.ReadAsArray().astype("float64")
    if not np.array_equal(np.isnan(values_a), np.isnan(values_b)):
        return math.inf
    finite = ~np.isnan(values_a)
    scale = float(np.max(np.abs(values_a[finite]))) if finite.any() else 0.0
    if scale > 0:
        worst = float(np.max(np.abs(values_a[finite] - values_b[finite]))) / scale
    return worst


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    folder_a, folder_b = Path(argv[1]), Path(argv[2])
    names = sorted({p.name for pattern in COMPARED for p in folder_a.glob(pattern)})
    if not names:
        print(f"compare: no results in {folder_a}")
        return 1
    failed = False
    for name in names:
        path_a, path_b = folder_a / name, folder_b / name
        if not path_b.exists():
            print(f"  {name}: missing in {folder_b}")
            failed = True
            continue
        if name.endswith(".csv"):
            worst, tolerance = (
                compare_table(_csv_numbers(path_a), _csv_numbers(path_b), name),
                TABLE_RTOL,
            )
        elif name.endswith(".json"):
            numbers_a = _numbers(json.loads(path_a.read_text(encoding="utf-8")))
            numbers_b = _numbers(json.loads(path_b.read_text(encoding="utf-8")))
            resampled = {key for key in set(numbers_a) | set(numbers_b) if "/bootstrap/" in key}
            bootstrap = compare_numbers(
                {k: numbers_a[k] for k in resampled if k in numbers_a},
                {k: numbers_b[k] for k in resampled if k in numbers_b},
                name + " bootstrap",
            )
            verdict = "ok" if bootstrap <= BOOTSTRAP_RTOL else "DIFFERENT"
            failed |= bootstrap > BOOTSTRAP_RTOL
            print(
                f"  {name} (bootstrap resamples): largest relative difference {bootstrap:.3g} "
                f"({verdict}, tolerance {BOOTSTRAP_RTOL:g})"
            )
            worst = compare_numbers(
                {k: v for k, v in numbers_a.items() if k not in resampled},
                {k: v for k, v in numbers_b.items() if k not in resampled},
                name,
            )
            tolerance = TABLE_RTOL
        else:
            worst, tolerance = compare_rasters(path_a, path_b), RASTER_RTOL
        verdict = "ok" if worst <= tolerance else "DIFFERENT"
        failed |= worst > tolerance
        print(
            f"  {name}: largest relative difference {worst:.3g} ({verdict}, tolerance "
            f"{tolerance:g})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
