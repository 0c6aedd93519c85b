#!/usr/bin/env python3
"""SandFlux demo: the whole job on SYNTHETIC sample data, through the real QGIS (qgis_process).

    .venv/bin/python scripts/demo.py --output demo-output [--years 2016 2017] [--layout new]

1. writes the sample data (ERA5-like yearly files in a CDS layout, the Tazhong station CSV, soil
   samples, the shifting-sand outline) into <output>/sample-data (cached between runs);
2. enables the plugin in a throw-away QGIS profile (<output>/qgis-profile, plugins from
   build/plugins) and runs, with the real ``qgis_process.bin``:
   import ERA5 -> calibrate -> soil properties -> compute flux (one run a year) -> annual
   sequestration;
3. prints the annual table and the fitted parameters next to the planted ones;
4. renders the maps with QGIS itself (scripts/render_maps.py) into <output>/images and
   docs/images, and copies the calibration report's plots there.

A step runs when its algorithm is implemented (it is listed by ``qgis_process list`` and
declares the parameters the demo needs). A step whose tool is still a placeholder is reported
as NOT RUN (and the demo fails with --require-all). A tool that runs and fails stops the demo
with a non-zero exit and the tool's own messages.
"""

import argparse
import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
PLUGINS = ROOT / "build" / "plugins"
DOCS_IMAGES = ROOT / "docs" / "images"
STEP_TIMEOUT_S = 900

# What each step needs from its tool (the parameters the demo cannot do without).
REQUIRED_PARAMETERS = {
    "importera5": {"INPUT", "OUTPUT"},
    "calibratemodel": {"STATION", "OUTPUT"},
    "soilproperties": {"INPUT", "FORCING", "SOC_OUTPUT", "PH_OUTPUT"},
    "computeflux": {"FORCING", "CALIBRATION", "OUTPUT"},
    "annualsequestration": {"INPUT", "OUTPUT"},
    "seasonalcycle": {"INPUT", "MONTHLY", "REPORT"},
    "driverattribution": {"FORCING", "CALIBRATION", "OUTPUT", "REPORT"},
    "pointseries": {"POINTS", "FORCING", "CALIBRATION", "OUTPUT", "PLOT"},
}
# The demo can run without these (station soil everywhere; no science products).
OPTIONAL_STEPS = {"soilproperties", "seasonalcycle", "driverattribution", "pointseries"}
# Bootstrap sets of the demo's ensemble (the tool's default, 100, takes longer; same pictures).
DEMO_ENSEMBLE = 20


class DemoFailure(Exception):
    """A step failed: the message says which and shows the tool's own output."""


def say(text=""):
    print(text, flush=True)


def banner(text):
    say()
    say("=" * 78)
    say(text)
    say("=" * 78)


# --------------------------------------------------------------------------------------------
# qgis_process
# --------------------------------------------------------------------------------------------


def qgis_process_binary() -> str:
    """The real binary: Debian's qgis_process wrapper adds --noversioncheck, which 3.22 rejects."""
    for name in ("qgis_process.bin", "qgis_process"):
        found = shutil.which(name)
        if found:
            return found
        if Path("/usr/bin", name).exists():
            return str(Path("/usr/bin", name))
    raise DemoFailure(
        "qgis_process is not installed. Run `make demo` (it installs QGIS) or "
        "`sudo apt-get install qgis qgis-providers python3-qgis`."
    )


class QgisProcess:
    """Runs qgis_process.bin in a throw-away profile with build/plugins on the plugin path."""

    def __init__(self, profile: Path, log_folder: Path):
        self.binary = qgis_process_binary()
        self.profile = profile
        self.log_folder = log_folder
        self.env = dict(
            os.environ,
            QGIS_CUSTOM_CONFIG_PATH=str(profile),
            QGIS_PLUGINPATH=str(PLUGINS),
            QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        )
        self.env.setdefault("XDG_RUNTIME_DIR", str(profile / "runtime"))
        Path(self.env["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
        self._described = {}

    def call(self, *arguments, what: str, timeout=STEP_TIMEOUT_S) -> subprocess.CompletedProcess:
        command = [self.binary, *arguments]
        try:
            result = subprocess.run(
                command, env=self.env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as error:
            raise DemoFailure(
                f"{what}: qgis_process did not finish within {timeout} s.\n"
                f"command: {_quote(command)}\n{error.stderr or ''}"
            ) from None
        log = self.log_folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', what)}.log"
        log.write_text(
            f"$ {_quote(command)}\n--- stdout\n{result.stdout}\n--- stderr\n"
            f"{result.stderr}\n--- exit code {result.returncode}\n",
            encoding="utf-8",
        )
        if result.returncode != 0:
            raise DemoFailure(
                f"{what} FAILED (exit code {result.returncode}).\ncommand: {_quote(command)}\n"
                f"--- stderr ---\n{result.stderr.strip()}\n--- stdout (end) ---\n"
                f"{result.stdout.strip()[-4000:]}\n(full log: {log})"
            )
        return result

    def enable_plugin(self):
        self.call("plugins", "enable", "sandflux", what="enable the sandflux plugin")

    def algorithms(self) -> dict:
        result = self.call("list", "--json", what="list algorithms")
        listing = _json_from(result.stdout, "qgis_process list --json")
        provider = listing.get("providers", {}).get("sandflux")
        if provider is None:
            raise DemoFailure(
                "The SandFlux provider is not in `qgis_process list`: the plugin did "
                f"not load from {PLUGINS}. Run `make setup` and check the QGIS log "
                f"in {self.profile}."
            )
        return provider.get("algorithms", {})

    def describe(self, algorithm: str) -> dict:
        """The parameter definitions of ``sandflux:<algorithm>`` (name -> raw definition)."""
        if algorithm not in self._described:
            result = self.call(
                "help", f"sandflux:{algorithm}", "--json", what=f"help sandflux:{algorithm}"
            )
            help_json = _json_from(result.stdout, f"qgis_process help sandflux:{algorithm}")
            self._described[algorithm] = {
                name: entry.get("raw_definition", {})
                for name, entry in help_json.get("parameters", {}).items()
            }
        return self._described[algorithm]

    def run(self, algorithm: str, parameters: dict, what: str) -> dict:
        """Run the algorithm; return its results. Lists become repeated NAME=value pairs."""
        pairs = []
        for name, value in parameters.items():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                pairs.append(f"{name}={item}")
        started = time.monotonic()
        result = self.call("run", f"sandflux:{algorithm}", "--json", "--", *pairs, what=what)
        document = _json_from(result.stdout, f"qgis_process run sandflux:{algorithm}")
        say(f"    done in {time.monotonic() - started:.1f} s")
        return document.get("results", {})


def _json_from(text: str, what: str) -> dict:
    start = text.find("{")
    try:
        return json.loads(text[start:]) if start >= 0 else json.loads(text)
    except ValueError:
        raise DemoFailure(f"{what} did not print JSON:\n{text[-3000:]}") from None


def _quote(command) -> str:
    return " ".join(f"'{c}'" if (" " in str(c) or not str(c)) else str(c) for c in command)


# --------------------------------------------------------------------------------------------
# Parameters: pass what the tool declares, fail when it lacks what the demo needs.
# --------------------------------------------------------------------------------------------


def tool_status(qgis: QgisProcess, listed: dict, algorithm: str) -> str:
    """'ready', or why the step cannot run yet ('missing' / 'placeholder')."""
    if f"sandflux:{algorithm}" not in listed:
        return "missing"
    declared = qgis.describe(algorithm)
    if not declared:
        return "placeholder"
    lacking = REQUIRED_PARAMETERS[algorithm] - set(declared)
    if lacking:
        raise DemoFailure(
            f"sandflux:{algorithm} exists but does not declare the parameter(s) "
            f"{', '.join(sorted(lacking))} the demo needs "
            f"(it declares {', '.join(sorted(declared))}"
            "). Either the tool's interface changed or scripts/demo.py must follow it."
        )
    return "ready"


def enum_index(definition: dict, *wanted: str):
    """Index of the first enum option whose label contains one of ``wanted`` (case-insensitive)."""
    options = [str(o).lower() for o in definition.get("options", [])]
    for word in wanted:
        for index, label in enumerate(options):
            if word.lower() in label:
                return index
    return None


def select(declared: dict, values: dict) -> dict:
    """The values whose parameter the tool declares (extras are optional niceties)."""
    return {name: value for name, value in values.items() if name in declared and value is not None}


# --------------------------------------------------------------------------------------------
# The steps
# --------------------------------------------------------------------------------------------


def import_core():
    sys.path.insert(0, str(SCRIPTS))
    from sample_data import import_core as _import

    return _import()


def make_sample_data(folder: Path, years, layout: str):
    sample_data = import_core()
    started = time.monotonic()
    result = sample_data.generate_sample_data(folder, years=years, layout=layout)
    say(
        f"    SYNTHETIC sample data ready in {time.monotonic() - started:.1f} s: "
        f"{len(result['era5_paths'])} ERA5-like file(s) ({layout} CDS layout), station CSV, "
        "soil samples, shifting sand"
    )
    return result


def step_import(qgis, sample, out: Path, years):
    declared = qgis.describe("importera5")
    files = [str(p) for p in sample["era5_paths"]]
    target = out / "forcing.nc"
    if declared["INPUT"].get("parameter_type") == "multilayer":
        results = qgis.run(
            "importera5", {"INPUT": files, "OUTPUT": str(target)}, what="import ERA5"
        )
        return {year: Path(results.get("OUTPUT", target)) for year in years}
    # A single-file INPUT: one forcing file a year.
    forcings = {}
    for year, path in zip(years, files):
        year_target = out / f"forcing_{year}.nc"
        results = qgis.run(
            "importera5", {"INPUT": path, "OUTPUT": str(year_target)}, what=f"import ERA5 {year}"
        )
        forcings[year] = Path(results.get("OUTPUT", year_target))
    return forcings


def step_calibrate(qgis, sample, out: Path, forcing: Path):
    declared = qgis.describe("calibratemodel")
    station = sample["station"]
    if station is None or sample.get("station_path") is None:
        raise DemoFailure(
            "The calibration step needs the sample station CSV, but "
            "samples/sample_station.py did not write one."
        )
    values = {
        "STATION": str(sample["station_path"]),
        "UTC_OFFSET_HOURS": station["utc_offset_hours"],
        "FORCING": str(forcing),
        "STATION_LONGITUDE": station["longitude"],
        "STATION_LATITUDE": station["latitude"],
        "STATION_SOC": station["soc_g_kg"],
        "STATION_PH": station["ph"],
        "OUTPUT": str(out / "calibration.json"),
        "REPORT": str(out / "calibration_report.html"),
    }
    if "MODEL" in declared:
        values["MODEL"] = enum_index(declared["MODEL"], "desert")
    if "FORMAT" in declared:
        values["FORMAT"] = enum_index(declared["FORMAT"], "ameriflux", "auto")
    if "FLUX_UNITS" in declared:
        values["FLUX_UNITS"] = enum_index(declared["FLUX_UNITS"], "µmol", "umol", "mol")
    results = qgis.run("calibratemodel", select(declared, values), what="calibrate")
    return {
        "calibration": Path(results.get("OUTPUT", values["OUTPUT"])),
        "report": Path(results.get("REPORT", values["REPORT"])),
        "results": results,
    }


def step_soil_properties(qgis, sample, out: Path, forcing: Path):
    declared = qgis.describe("soilproperties")
    values = {
        "INPUT": str(sample["soil_samples_path"]),
        "SOC_FIELD": "soc",
        "PH_FIELD": "ph",
        "FORCING": str(forcing),
        "SOC_OUTPUT": str(out / "soc.tif"),
        "PH_OUTPUT": str(out / "ph.tif"),
    }
    if "METHOD" in declared:
        values["METHOD"] = enum_index(declared["METHOD"], "inverse distance")
    results = qgis.run("soilproperties", select(declared, values), what="soil properties")
    return Path(results.get("SOC_OUTPUT", values["SOC_OUTPUT"])), Path(
        results.get("PH_OUTPUT", values["PH_OUTPUT"])
    )


def step_compute_flux(qgis, sample, out: Path, forcings: dict, calibration: Path, soil):
    declared = qgis.describe("computeflux")
    fluxes = {}
    for year, forcing in forcings.items():
        values = {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "MASK": str(sample["shifting_sand_path"]),
            "START": f"{year:04d}-01-01T00:00:00",
            "END": f"{year:04d}-12-31T23:00:00",
            "OUTPUT": str(out / f"flux_{year}.tif"),
        }
        if soil is not None:
            values["SOC"], values["PH"] = str(soil[0]), str(soil[1])
        results = qgis.run("computeflux", select(declared, values), what=f"compute flux {year}")
        fluxes[year] = Path(results.get("OUTPUT", values["OUTPUT"]))
    return fluxes


def step_annual(qgis, sample, out: Path, fluxes: dict):
    declared = qgis.describe("annualsequestration")
    values = {
        "INPUT": [str(p) for p in fluxes.values()],
        "MASK": str(sample["shifting_sand_path"]),
        "OUTPUT": str(out / "annual_sequestration.tif"),
        "TABLE": str(out / "annual_sequestration.csv"),
        "REPORT": str(out / "annual_report.html"),
    }
    results = qgis.run("annualsequestration", select(declared, values), what="annual sequestration")
    return {
        "raster": Path(results.get("OUTPUT", values["OUTPUT"])),
        "table": Path(results["TABLE"])
        if results.get("TABLE")
        else (Path(values["TABLE"]) if "TABLE" in declared else None),
        "results": results,
    }


def step_science_products(
    qgis, sample, out: Path, forcing: Path, calibration: Path, fluxes, year: int, ready
) -> dict:
    """The products beyond the annual sums; returns {name: results} of those that ran."""
    products = {}
    mask = str(sample["shifting_sand_path"])
    if ready("annualsequestration", needs=("computeflux",)):
        declared = qgis.describe("annualsequestration")
        if {"ENSEMBLE", "UNCERTAINTY", "FORCING"} <= set(declared):
            values = {
                "FORCING": str(forcing),
                "CALIBRATION": str(calibration),
                "MASK": mask,
                "SAND_FRACTION": True,
                "ENSEMBLE": DEMO_ENSEMBLE,
                "OUTPUT": str(out / "annual_from_forcing.tif"),
                "UNCERTAINTY": str(out / "annual_uncertainty.tif"),
                "TABLE": str(out / "annual_ensemble.csv"),
                "REPORT": str(out / "annual_ensemble_report.html"),
            }
            products["ensemble"] = qgis.run(
                "annualsequestration",
                select(declared, values),
                what="annual sums with the ensemble",
            )
    if ready("seasonalcycle", needs=("computeflux",)):
        values = {
            "INPUT": [str(p) for p in fluxes.values()],
            "MASK": mask,
            "MONTHLY": str(out / "monthly_net_flux.tif"),
            "TABLE": str(out / "monthly.csv"),
            "DIURNAL": str(out / "diurnal.csv"),
            "REPORT": str(out / "seasonal_report.html"),
        }
        products["seasonal"] = qgis.run(
            "seasonalcycle",
            select(qgis.describe("seasonalcycle"), values),
            what="seasonal and daily cycle",
        )
    if ready("driverattribution", needs=("calibratemodel",)):
        values = {
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "MASK": mask,
            "OUTPUT": str(out / "slope_daily_range.tif"),
            "TABLE": str(out / "drivers.csv"),
            "REPORT": str(out / "drivers_report.html"),
        }
        products["drivers"] = qgis.run(
            "driverattribution",
            select(qgis.describe("driverattribution"), values),
            what="driver attribution",
        )
    if ready("pointseries", needs=("calibratemodel",)):
        values = {
            "POINTS": str(sample["soil_samples_path"]),
            "ID_FIELD": "sample_id",
            "FORCING": str(forcing),
            "CALIBRATION": str(calibration),
            "START": f"{year:04d}-07-01T00:00:00",
            "END": f"{year:04d}-07-14T23:00:00",
            "OUTPUT": str(out / "points.csv"),
            "DAILY": str(out / "points_daily.csv"),
            "PLOT": str(out / "points_flux.png"),
        }
        products["points"] = qgis.run(
            "pointseries", select(qgis.describe("pointseries"), values), what="flux at points"
        )
    return products


def product_pictures(products: dict, images: Path):
    """The products' report plots (the ensemble report: only its interval plot) and the point
    plot, as files in ``images``."""
    pictures = []
    for name, prefix in (
        ("ensemble", "ensemble"),
        ("seasonal", "seasonal"),
        ("drivers", "drivers"),
    ):
        report = (products.get(name) or {}).get("REPORT")
        if not report:
            continue
        extracted = extract_report_plots(Path(report), images, prefix)
        for picture in extracted:
            if name == "ensemble" and "interval" not in picture.name:
                picture.unlink()  # the annual plots are already there
            else:
                pictures.append(picture)
    plot = (products.get("points") or {}).get("PLOT")
    if plot and Path(plot).exists():
        target = images / "points_flux.png"
        shutil.copyfile(plot, target)
        pictures.append(target)
    return pictures


# --------------------------------------------------------------------------------------------
# Printing and pictures
# --------------------------------------------------------------------------------------------


def print_parameters(calibration_path: Path, planted: dict):
    document = json.loads(calibration_path.read_text(encoding="utf-8"))
    model = document["model"]
    say(f"  model: {model['name']}  {model.get('equation', '')}")
    say(
        f"  {'parameter':<10} {'planted':>12} {'fitted':>12} {'95% interval':>27}  "
        f"{'inside':>6}  units"
    )
    for name in model.get("parameter_order", list(model["parameters"])):
        entry = model["parameters"][name]
        fitted = entry["value"]
        truth = planted.get(name) if planted else None
        interval = entry.get("ci95")
        inside = ""
        text_interval = ""
        if interval:
            text_interval = f"[{interval[0]:.4g}, {interval[1]:.4g}]"
            if truth is not None:
                inside = "yes" if interval[0] <= truth <= interval[1] else "NO"
        say(
            f"  {name:<10} {'' if truth is None else format(truth, '.4g'):>12} "
            f"{fitted:>12.4g} {text_interval:>27}  {inside:>6}  {entry.get('units', '')}"
        )
    metrics = document.get("metrics") or {}
    if metrics:
        say(
            "  metrics: "
            + ", ".join(
                f"{k} = {v:.4g}" if isinstance(v, (int, float)) else f"{k} = {v}"
                for k, v in metrics.items()
            )
        )


def print_table(table: Path):
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        say("  (empty table)")
        return
    rows = [rows[0]] + [[_short_number(cell) for cell in row] for row in rows[1:]]
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        say("  " + "  ".join(cell.rjust(width) for cell, width in zip(row, widths)))


def _short_number(cell: str) -> str:
    """'213431.44576993177' -> '2.1343e+05'-style text with 5 significant digits."""
    try:
        value = float(cell)
    except ValueError:
        return cell
    if value.is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:.5g}"


def extract_report_plots(report: Path, folder: Path, prefix: str):
    """Write the PNGs embedded in an HTML report (data: URIs) as files; return their paths."""
    if not report.exists():
        return []
    html = report.read_text(encoding="utf-8", errors="replace")
    written = []
    # each picture is named after its alt text, or the heading above it when the alt is generic
    tokens = re.compile(
        r"<h[1-4][^>]*>(?P<heading>.*?)</h[1-4]>|"
        r'<img(?P<attributes>[^>]*?)src="data:image/png;base64,(?P<data>[^"]+)"',
        re.S,
    )
    heading = ""
    for match in tokens.finditer(html):
        if match.group("heading") is not None:
            heading = re.sub(r"<[^>]+>", "", match.group("heading"))
            continue
        alt = re.search(r'alt="([^"]*)"', match.group("attributes") or "")
        label = (
            alt.group(1) if alt and alt.group(1).lower() not in ("", "plot", "figure") else heading
        )
        label = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
        target = folder / f"{prefix}_{len(written) + 1:02d}{'_' + label if label else ''}.png"
        target.write_bytes(base64.b64decode(match.group("data")))
        written.append(target)
    # plots written beside the report as files
    for png in sorted(report.parent.glob(report.stem + "*.png")):
        target = folder / f"{prefix}_{png.name}"
        shutil.copyfile(png, target)
        written.append(target)
    return written


def render_pictures(out: Path, images: Path, sample, forcing, fluxes, annual, year):
    """Run scripts/render_maps.py (QGIS map rendering) with the venv python."""
    command = [
        sys.executable,
        str(SCRIPTS / "render_maps.py"),
        "--output",
        str(images),
        "--sand",
        str(sample["shifting_sand_path"]),
        "--samples",
        str(sample["soil_samples_path"]),
        "--station",
        f"{sample['station']['longitude'] if sample['station'] else 83.65},"
        f"{sample['station']['latitude'] if sample['station'] else 38.97}",
    ]
    # mid-April: cold nights (uptake) and hot middays (release) show the thermal pumping
    command += ["--date", f"{year:04d}-04-15"]
    if forcing is not None:
        command += ["--forcing", str(forcing)]
    if fluxes:
        command += ["--flux", str(fluxes[year])]
    if annual is not None:
        command += ["--annual", str(annual)]
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        QGIS_CUSTOM_CONFIG_PATH=str(out / "qgis-profile"),
    )
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT_S
    )
    (out / "logs" / "render_maps.log").write_text(
        result.stdout + "\n" + result.stderr, encoding="utf-8"
    )
    if result.returncode != 0:
        raise DemoFailure(
            f"Rendering the maps FAILED (exit code {result.returncode}).\n"
            f"command: {_quote(command)}\n--- stderr ---\n{result.stderr.strip()}"
            f"\n--- stdout ---\n{result.stdout.strip()[-3000:]}"
        )
    return [
        Path(line.split("\t", 1)[1])
        for line in result.stdout.splitlines()
        if line.startswith("WROTE\t")
    ]


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="demo-output", help="folder for everything")
    parser.add_argument("--years", nargs="+", type=int, default=[2016, 2017])
    parser.add_argument("--layout", choices=("new", "legacy"), default="new")
    parser.add_argument(
        "--require-all",
        action="store_true",
        help="fail when a tool of the pipeline is not implemented yet",
    )
    parser.add_argument(
        "--no-docs-images",
        action="store_true",
        help="do not refresh docs/images (the committed pictures)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    started = time.monotonic()
    out = Path(arguments.output).resolve()
    years = sorted(set(arguments.years))
    try:
        return run_demo(out, years, arguments, started)
    except DemoFailure as failure:
        banner("SandFlux demo FAILED")
        say(str(failure))
        say(f"\nOutputs so far are in {out}")
        return 1


def run_demo(out: Path, years, arguments, started) -> int:
    banner(f"SandFlux demo: {years[0]}-{years[-1]}, SYNTHETIC Taklimakan sample data, real QGIS")
    out.mkdir(parents=True, exist_ok=True)
    results_folder = out / "results"
    images = out / "images"
    logs = out / "logs"
    profile = out / "qgis-profile"
    for folder in (results_folder, images, logs, profile):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    say("[1] sample data")
    sample = make_sample_data(out / "sample-data", years, arguments.layout)

    say("[2] QGIS: enable the plugin in a throw-away profile")
    qgis = QgisProcess(profile, logs)
    qgis.enable_plugin()
    listed = qgis.algorithms()
    status = {name: tool_status(qgis, listed, name) for name in REQUIRED_PARAMETERS}
    for name, state in status.items():
        say(f"    sandflux:{name:<20} {state}")

    not_run = []

    def ready(name, needs=()):
        if status[name] != "ready":
            not_run.append(f"sandflux:{name} ({status[name]}: not implemented yet)")
            return False
        blocked = [n for n in needs if status.get(n) != "ready"]
        if blocked:
            not_run.append(f"sandflux:{name} (needs the output of {', '.join(blocked)})")
            return False
        return True

    forcings = calibration = fluxes = annual = soil = None
    say("[3] import ERA5 (sandflux:importera5)")
    if ready("importera5"):
        forcings = step_import(qgis, sample, results_folder, years)
        for path in sorted(set(forcings.values())):
            say(f"    forcing: {path}")
    say("[4] calibrate from the station CSV (sandflux:calibratemodel)")
    if ready("calibratemodel", needs=("importera5",)):
        calibration = step_calibrate(qgis, sample, results_folder, forcings[years[0]])
        say(f"    calibration: {calibration['calibration']}")
    say("[5] soil properties from the field samples (sandflux:soilproperties)")
    if ready("soilproperties", needs=("importera5",)):
        soil = step_soil_properties(qgis, sample, results_folder, forcings[years[0]])
        say(f"    SOC and pH rasters: {soil[0]}, {soil[1]}")
    say("[6] compute the hourly flux, one run a year (sandflux:computeflux)")
    if ready("computeflux", needs=("importera5", "calibratemodel")):
        fluxes = step_compute_flux(
            qgis, sample, results_folder, forcings, calibration["calibration"], soil
        )
        for year, path in fluxes.items():
            say(f"    flux {year}: {path}")
    say("[7] annual sequestration (sandflux:annualsequestration)")
    if ready("annualsequestration", needs=("computeflux",)):
        annual = step_annual(qgis, sample, results_folder, fluxes)
        say(f"    annual raster: {annual['raster']}")

    products = {}
    say("[8] science products: ensemble uncertainty, seasonal cycle, drivers, flux at points")
    if forcings is not None and calibration is not None and fluxes is not None:
        products = step_science_products(
            qgis,
            sample,
            results_folder,
            forcings[years[0]],
            calibration["calibration"],
            fluxes,
            years[0],
            ready,
        )
        for name in products:
            say(f"    {name}: done")

    if calibration is not None:
        banner("Fitted parameters next to the planted ones (the station file was made with them)")
        planted = (sample.get("station") or {}).get("planted_parameters")
        print_parameters(calibration["calibration"], planted)
    if annual is not None and annual["table"] is not None and annual["table"].exists():
        banner(f"Annual sequestration ({annual['table'].name})")
        print_table(annual["table"])
        numeric = {k: v for k, v in annual["results"].items() if isinstance(v, (int, float))}
        if numeric:
            say("  " + ", ".join(f"{k} = {v:.4g}" for k, v in numeric.items()))

    say()
    say("[9] pictures rendered by QGIS")
    pictures = []
    if forcings is not None:
        pictures = render_pictures(
            out,
            images,
            sample,
            forcings[years[0]],
            fluxes,
            None if annual is None else annual["raster"],
            years[0],
        )
    if calibration is not None:
        pictures += extract_report_plots(calibration["report"], images, "calibration")
    if annual is not None and annual["results"].get("REPORT"):
        pictures += extract_report_plots(Path(annual["results"]["REPORT"]), images, "annual")
    pictures += product_pictures(products, images)
    for picture in pictures:
        say(f"    {picture}")
    if pictures and not arguments.no_docs_images:
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        for old in DOCS_IMAGES.glob("*.png"):  # the demo owns docs/images: no stale pictures
            old.unlink()
        for picture in pictures:
            shutil.copyfile(picture, DOCS_IMAGES / picture.name)
        say(f"    (copied to {DOCS_IMAGES})")

    banner(f"SandFlux demo finished in {time.monotonic() - started:.0f} s")
    say(f"  everything is under {out}")
    say(f"    sample data (SYNTHETIC): {out / 'sample-data'}")
    say(f"    tool outputs:            {results_folder}")
    say(f"    pictures:                {images}")
    say(f"    qgis_process logs:       {logs}")
    if calibration is not None:
        say(f"    calibration report:      {calibration['report']}")
    if not_run:
        say()
        say("  INCOMPLETE: these steps did not run because their tool is not there yet:")
        for item in not_run:
            say(f"    - {item}")
        if arguments.require_all and any(
            s.split()[0].split(":")[1] not in OPTIONAL_STEPS for s in not_run
        ):
            raise DemoFailure("--require-all: the pipeline is incomplete (see above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
