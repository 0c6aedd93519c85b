"""One SandFlux pipeline step, run as its own process so the runner can measure it alone.

    python bench/pipeline.py import  --files F... --forcing OUT.nc
    python bench/pipeline.py import-reference --files F... --forcing OUT.sandflux.json
    python bench/pipeline.py flux    --forcing F.nc --calibration C.json --folder DIR
                                     --years 2000 2001 ... [--workers N] [--dask ADDRESS|local]
    python bench/pipeline.py flux-nc --forcing F.nc --calibration C.json --output OUT.nc
    python bench/pipeline.py annual  --inputs FLUX... --output ANNUAL.tif [--table T.csv]
                                     [--min-coverage X]
    python bench/pipeline.py annual-forcing --forcing F.nc --calibration C.json
                                     --output ANNUAL.tif [--table T.csv]
                                     [--ensemble N --uncertainty U.tif] [--workers N]
    python bench/pipeline.py flux-annual --files F... --calibration C.json --folder DIR
                                     --output ANNUAL.tif [--table T.csv]
    python bench/pipeline.py annual-downloads --files F... --calibration C.json
                                     --output ANNUAL.tif [--table T.csv]
    python bench/pipeline.py qgis    --mode idle|pipeline|flux-annual|annual-downloads
                                     [same arguments as the steps]

``flux-annual`` and ``annual-downloads`` read the ERA5 downloads themselves (no import):
the flux tool writing a GeoTIFF a year (flux_{year}.tif) and the annual sums of the same blocks
in one pass, and the annual tool computing the flux on the fly and summing it.

Plain Python steps import the plugin's ``core`` package from the repository root; the ``qgis``
step starts a QgsApplication with Processing and the SandFlux provider and, for ``pipeline``,
runs the three tools with processing.run.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build" / "plugins"))  # the plugin as QGIS installs it: sandflux.*


def step_import(args):
    from sandflux.core.tools.import_era5 import import_era5

    import_era5(args.files, args.forcing, background_writer=True)  # reading and writing on 2 cores


def step_import_reference(args):
    from sandflux.core.tools.import_era5 import import_era5

    import_era5(args.files, args.forcing)  # every check, every value read, no copy


def step_flux(args):
    if args.dask:
        from sandflux.core.backends.dask_cluster import compute_flux_dask

        for year in args.years:
            compute_flux_dask(
                args.forcing,
                args.calibration,
                Path(args.folder) / f"flux_{year}.tif",
                start=f"{year}-01-01T00:00:00",
                end=f"{year}-12-31T23:00:00",
                scheduler="" if args.dask == "local" else args.dask,
            )
        return
    from sandflux.core.tools.flux import compute_flux_years

    compute_flux_years(
        args.forcing, args.calibration, args.folder, args.years, workers=args.workers
    )


def step_flux_nc(args):
    if args.dask:
        from sandflux.core.backends.dask_cluster import compute_flux_dask

        compute_flux_dask(
            args.forcing,
            args.calibration,
            args.output,
            scheduler="" if args.dask == "local" else args.dask,
        )
        return
    from sandflux.core.model.flux import compute_flux

    compute_flux(args.forcing, args.calibration, args.output)


def step_annual(args):
    from sandflux.core.tools.annual import run_annual_sequestration

    run_annual_sequestration(
        args.inputs, args.output, table=args.table, min_coverage=args.min_coverage
    )


def step_annual_forcing(args):
    from sandflux.core.model.flux import FluxRecipe
    from sandflux.core.tools.annual import run_annual_sequestration

    run_annual_sequestration(
        FluxRecipe(args.forcing, args.calibration),
        args.output,
        table=args.table,
        min_coverage=args.min_coverage,
        ensemble=args.ensemble,
        uncertainty=args.uncertainty,
        workers=args.workers,
    )


def step_flux_annual(args):
    from sandflux.core.tools.flux import AnnualOutputs, run_flux

    run_flux(
        args.files,
        args.calibration,
        Path(args.folder) / "flux_{year}.tif",
        annual=AnnualOutputs(args.output, args.table, min_coverage=args.min_coverage),
    )


def step_annual_downloads(args):
    from sandflux.core.model.flux import FluxRecipe
    from sandflux.core.tools.annual import run_annual_sequestration
    from sandflux.core.tools.sources import open_forcing_source

    # workers=1: in one process, as the tool runs inside QGIS.
    run_annual_sequestration(
        FluxRecipe(tuple(args.files), args.calibration, open_source=open_forcing_source),
        args.output,
        table=args.table,
        min_coverage=args.min_coverage,
        workers=1,
    )


def step_qgis(args):
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    application = QgsApplication([], False)
    application.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    sys.path.insert(0, str(ROOT / "build" / "plugins"))
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    from sandflux.provider.provider import SandFluxProvider

    provider = SandFluxProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    if args.mode == "pipeline":
        processing.run("sandflux:importera5", {"INPUT": args.files, "OUTPUT": args.forcing})
        outputs = []
        for year in args.years:
            target = str(Path(args.folder) / f"flux_{year}.tif")
            processing.run(
                "sandflux:computeflux",
                {
                    "FORCING": args.forcing,
                    "CALIBRATION": args.calibration,
                    "START": f"{year}-01-01T00:00:00",
                    "END": f"{year}-12-31T23:00:00",
                    "OUTPUT": target,
                },
            )
            outputs.append(target)
        processing.run(
            "sandflux:annualsequestration",
            {"INPUT": outputs, "OUTPUT": args.output, "TABLE": args.table},
        )
    elif args.mode == "flux-annual":
        tool = _ToolTimer(args.timing)
        processing.run(
            "sandflux:computeflux",
            {
                "FORCING": args.files,
                "CALIBRATION": args.calibration,
                "OUTPUT": str(Path(args.folder) / "flux_{year}.tif"),
                "ANNUAL": args.output,
                "ANNUAL_TABLE": args.table,
            },
        )
        tool.write()
    elif args.mode == "annual-downloads":
        tool = _ToolTimer(args.timing)
        processing.run(
            "sandflux:annualsequestration",
            {
                "FORCING": args.files,
                "CALIBRATION": args.calibration,
                "OUTPUT": args.output,
                "TABLE": args.table,
                "REPORT": None,
            },
        )
        tool.write()
    application.exitQgis()


class _ToolTimer:
    """Wall and CPU time of processing.run alone (QGIS's start and exit left out), written as
    JSON to ``path`` (nothing when None)."""

    def __init__(self, path):
        import time

        self.path, self._time = path, time
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def write(self):
        import json

        if self.path:
            wall = self._time.perf_counter() - self.wall
            cpu = self._time.process_time() - self.cpu
            Path(self.path).write_text(json.dumps({"wall_s": wall, "cpu_s": cpu}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "step",
        choices=(
            "import",
            "import-reference",
            "flux",
            "flux-nc",
            "annual",
            "annual-forcing",
            "flux-annual",
            "annual-downloads",
            "qgis",
        ),
    )
    parser.add_argument("--files", nargs="*", default=[])
    parser.add_argument("--forcing")
    parser.add_argument("--calibration")
    parser.add_argument("--folder")
    parser.add_argument("--years", nargs="*", type=int, default=[])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--dask", default="")
    parser.add_argument("--inputs", nargs="*", default=[])
    parser.add_argument("--output")
    parser.add_argument("--table")
    parser.add_argument("--ensemble", type=int, default=0)
    parser.add_argument("--uncertainty")
    parser.add_argument("--min-coverage", type=float, default=0.9)
    parser.add_argument(
        "--mode", choices=("idle", "pipeline", "flux-annual", "annual-downloads"), default="idle"
    )
    parser.add_argument("--timing", help="qgis: write processing.run's own wall/CPU s here")
    args = parser.parse_args(argv)
    {
        "import": step_import,
        "import-reference": step_import_reference,
        "flux": step_flux,
        "flux-nc": step_flux_nc,
        "annual": step_annual,
        "annual-forcing": step_annual_forcing,
        "flux-annual": step_flux_annual,
        "annual-downloads": step_annual_downloads,
        "qgis": step_qgis,
    }[args.step](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
