"""What the input checks of docs/input-checks.md cost (bench/results/input-checks.md).

    .venv/bin/python bench/input_checks.py [--messages 4000] [--hours 24]

1. The download-completeness check (core.inputs.era5.check_complete) on a GRIB file of
   ``--messages`` copies of the real 0.25 deg ERA5 message in tests/data/real (48,750 bytes
   each: ~195 MB for 4000), walked by message lengths; and on a netCDF3 file of the same size.
2. The value checks of SourceVariable._check_and_convert (+-inf, the missing-value pattern, the
   ranges) on one global 0.25 deg block of ``--hours`` hours (float64, as read), against what
   the function did before (the extremes of the finite values by boolean indexing, and the
   conversion to float32).
Best of three runs each, in CPU seconds of this process (the machine is shared: wall time
wanders with the other jobs).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build" / "plugins"))

from sandflux.core.infra.constants import FORCING_TEMPERATURE  # noqa: E402
from sandflux.core.inputs import era5  # noqa: E402

REAL_GRIB = ROOT / "tests" / "data" / "real" / "era5-single-level-scalar-time.grib"


def best_of(call, runs=3):
    times = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: steadier than wall time on a shared machine
        call()
        times.append(time.process_time() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=4000)
    parser.add_argument("--hours", type=int, default=24)
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        grib = Path(folder) / "big.grib"
        message = REAL_GRIB.read_bytes()[:48750]
        with open(grib, "wb") as stream:
            for _ in range(options.messages):
                stream.write(message)
        size_mb = grib.stat().st_size / 1e6
        seconds = best_of(lambda: era5.check_complete(grib, str(grib), "grib"))
        rows.append(
            (
                "GRIB completeness walk",
                f"{options.messages} messages, {size_mb:.0f} MB",
                f"{seconds * 1e3:.1f} ms",
            )
        )
        grib.unlink()

    shape = (options.hours, 721, 1440)
    rng = np.random.default_rng(0)
    block = 250.0 + 50.0 * rng.random(shape)
    block[:, 600:, :] = np.nan  # a constant missing area (as ERA5-Land's sea)

    class Probe(era5.SourceVariable):
        def __init__(self):  # only what _check_and_convert needs
            self.role, self.label, self.name, self.units = FORCING_TEMPERATURE, "bench", "stl1", "K"
            self._scale, self._offset = 1.0, 0.0

    probe = Probe()

    def before():  # what _check_and_convert did before: extremes by boolean indexing, convert
        finite = block[np.isfinite(block)]
        low, high = float(finite.min()), float(finite.max())
        return (block + 0.0).astype("float32"), low, high

    for _ in range(2):  # alternate, so that a change of the machine's load hits both
        now = best_of(lambda: probe._check_and_convert(block))
        old = best_of(before)
    rows.append(
        (
            "stl1 value checks + conversion, now (+-inf, NaN pattern, ranges)",
            f"{shape} float64 block, 17 % constant NaN",
            f"{now * 1e3:.0f} ms",
        )
    )
    rows.append(("the same block, before (ranges only)", "", f"{old * 1e3:.0f} ms"))
    print("| step | input | best of 3 |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
