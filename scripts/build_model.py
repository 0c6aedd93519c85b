"""Build resources/models/sandflux_pipeline.model3: import -> calibrate -> flux + annual sums.

    .venv/bin/python scripts/build_model.py [output.model3]        (make model)

The model is made with QgsProcessingModelAlgorithm from the tools' current parameter names, so
it can be regenerated whenever a tool's parameters change (the script fails loudly when a name
it wires is gone). The user's inputs are model parameters; the tools' other parameters keep
their defaults. Open the result in the graphical modeler to see or extend it.

The flux step writes the hourly rasters and sums the same blocks by calendar year as it writes
them (Compute flux raster's ANNUAL and ANNUAL_TABLE): no step reads the hourly rasters back.
"""

import os
import sys
from pathlib import Path

os.environ["QT_HASH_SEED"] = "0"  # before Qt starts: stable XML attribute order, clean diffs

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "resources" / "models" / "sandflux_pipeline.model3"
MODEL_NAME = "SandFlux pipeline"
GROUP, GROUP_ID = "Pipelines", "pipelines"

# The model's help is the help part of its page (provider/help_pages.py), like the tools'.
PAGE = "sandflux_pipeline"

# How a model output differs from the tool's own (optional, not created by default) output.
REQUIRED, CREATED_BY_DEFAULT = "required", "created by default"


def build():
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterExtent,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterFile,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterNumber,
        QgsProcessingParameterRasterLayer,
    )
    from qgis.PyQt.QtCore import QPointF

    from sandflux.algorithms.calibrate_model import CalibrateModel as Calibrate
    from sandflux.algorithms.compute_flux import ComputeFlux as Flux
    from sandflux.algorithms.import_era5 import ImportEra5 as Import
    from sandflux.core.infra.constants import (
        TAZHONG_LATITUDE,
        TAZHONG_LONGITUDE,
        TAZHONG_UTC_OFFSET_HOURS,
    )
    from sandflux.provider import compat
    from sandflux.provider.help_pages import help_text, help_url

    model = QgsProcessingModelAlgorithm(MODEL_NAME, GROUP, GROUP_ID)
    model.setHelpContent(
        {"ALG_DESC": help_text(PAGE), "ALG_CREATOR": "SandFlux", "HELP_URL": help_url(PAGE)}
    )
    inputs = [
        QgsProcessingParameterMultipleLayers(
            "ERA5_FILES", "ERA5 files (netCDF, GRIB or CDS zip)", compat.SOURCE_FILE
        ),
        QgsProcessingParameterExtent("EXTENT", "Extent (empty = whole files)", optional=True),
        QgsProcessingParameterFile(
            "STATION", "Station file (CSV/TXT, .gz accepted)", compat.FILE_BEHAVIOR_FILE
        ),
        QgsProcessingParameterNumber(
            "UTC_OFFSET_HOURS",
            "Station clock: UTC offset (hours)",
            compat.NUMBER_DOUBLE,
            TAZHONG_UTC_OFFSET_HOURS,
            minValue=-12.0,
            maxValue=14.0,
        ),
        QgsProcessingParameterNumber(
            "STATION_LONGITUDE",
            "Station longitude (degrees E)",
            compat.NUMBER_DOUBLE,
            TAZHONG_LONGITUDE,
            minValue=-180.0,
            maxValue=180.0,
        ),
        QgsProcessingParameterNumber(
            "STATION_LATITUDE",
            "Station latitude (degrees N)",
            compat.NUMBER_DOUBLE,
            TAZHONG_LATITUDE,
            minValue=-90.0,
            maxValue=90.0,
        ),
        compat.add_flag(
            QgsProcessingParameterNumber(
                "BOOTSTRAP_RESAMPLES",
                "Bootstrap resamples (0 = none)",
                compat.NUMBER_INTEGER,
                200,
                minValue=0,
            ),
            compat.FLAG_ADVANCED,
        ),
        QgsProcessingParameterRasterLayer(
            "SOC", "SOC raster (empty = station soil)", optional=True
        ),
        QgsProcessingParameterRasterLayer("PH", "pH raster (empty = station soil)", optional=True),
        QgsProcessingParameterFeatureSource(
            "SAND_MASK",
            "Sand mask polygons (optional)",
            [compat.SOURCE_VECTOR_POLYGON],
            optional=True,
        ),
    ]
    for row, definition in enumerate(inputs):
        component = QgsProcessingModelParameter(definition.name())
        component.setPosition(QPointF(120.0, 60.0 + 70.0 * row))
        model.addModelParameter(definition, component)

    def parameter(name):
        return [QgsProcessingModelChildParameterSource.fromModelParameter(name)]

    def child_output(child_id, name):
        return [QgsProcessingModelChildParameterSource.fromChildOutput(child_id, name)]

    def value(number):
        return [QgsProcessingModelChildParameterSource.fromStaticValue(number)]

    steps = [
        (
            "import",
            Import,
            "Import ERA5",
            {
                Import.INPUT: parameter("ERA5_FILES"),
                Import.EXTENT: parameter("EXTENT"),
            },
            {"FORCING": (Import.OUTPUT, "Forcing file")},
        ),
        (
            "calibrate",
            Calibrate,
            "Calibrate from station CSV",
            {
                Calibrate.STATION: parameter("STATION"),
                Calibrate.UTC_OFFSET_HOURS: parameter("UTC_OFFSET_HOURS"),
                Calibrate.STATION_LONGITUDE: parameter("STATION_LONGITUDE"),
                Calibrate.STATION_LATITUDE: parameter("STATION_LATITUDE"),
                Calibrate.BOOTSTRAP_RESAMPLES: parameter("BOOTSTRAP_RESAMPLES"),
                Calibrate.FORCING: child_output("import", Import.OUTPUT),
            },
            {
                "CALIBRATION": (Calibrate.OUTPUT, "Calibration file"),
                "CALIBRATION_REPORT": (Calibrate.REPORT, "Calibration report"),
            },
        ),
        (
            "flux",
            Flux,
            "Compute flux raster and annual sums",
            {
                Flux.FORCING: child_output("import", Import.OUTPUT),
                Flux.CALIBRATION: child_output("calibrate", Calibrate.OUTPUT),
                Flux.SOC: parameter("SOC"),
                Flux.PH: parameter("PH"),
                Flux.MASK: parameter("SAND_MASK"),
            },
            {
                "FLUX": (Flux.OUTPUT, "Hourly flux raster"),
                "ANNUAL": (Flux.ANNUAL, "Annual net flux raster", REQUIRED),
                "ANNUAL_TABLE": (Flux.ANNUAL_TABLE, "Annual table", CREATED_BY_DEFAULT),
            },
        ),
    ]
    for column, (child_id, algorithm_class, description, sources, outputs) in enumerate(steps):
        algorithm = algorithm_class()
        algorithm.initAlgorithm({})
        known = {p.name() for p in algorithm.parameterDefinitions()}
        wired = set(sources) | {child_name for child_name, *_ in outputs.values()}
        unknown = wired - known
        if unknown:
            sys.exit(
                f"build_model: {algorithm.NAME} has no parameter(s) {sorted(unknown)}; "
                "update scripts/build_model.py"
            )
        child = QgsProcessingModelChildAlgorithm(f"sandflux:{algorithm.NAME}")
        child.setChildId(child_id)
        child.setDescription(description)
        child.setPosition(QPointF(420.0 + 260.0 * column, 120.0 + 90.0 * column))
        for name, source in sources.items():
            child.addParameterSources(name, source)
        for definition in algorithm.parameterDefinitions():  # the rest: the tool's defaults,
            if definition.name() in sources or definition.isDestination():  # as the modeler does
                continue
            if definition.defaultValue() is not None:
                child.addParameterSources(definition.name(), value(definition.defaultValue()))
        model_outputs = {}
        for row, (model_name, (child_name, output_description, *how)) in enumerate(outputs.items()):
            output = QgsProcessingModelOutput(model_name, output_description)
            if REQUIRED in how:  # a tool's optional output the model always writes
                output.setMandatory(True)
            if CREATED_BY_DEFAULT in how:  # optional, but written unless the user skips it
                output.setDefaultValue(QgsProcessing.TEMPORARY_OUTPUT)
            output.setChildId(child_id)
            output.setChildOutputName(child_name)
            output.setPosition(QPointF(500.0 + 260.0 * column, 200.0 + 90.0 * column + 50.0 * row))
            model_outputs[model_name] = output
        child.setModelOutputs(model_outputs)
        model.addChildAlgorithm(child)
    model.setParameterOrder([definition.name() for definition in inputs])
    return model


def main():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "build" / "plugins"))
    from qgis.core import QgsApplication

    application = QgsApplication([], False)
    application.initQgis()
    from sandflux.provider.provider import SandFluxProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("sandflux") is None:
        registry.addProvider(SandFluxProvider())
    model = build()
    valid, problems = model.validate()
    if not valid:
        sys.exit("build_model: the model is not valid: " + "; ".join(problems))
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(output)):
        sys.exit(f"build_model: could not write {output}")
    print(
        f"build_model: wrote {output} with inputs "
        f"{[p.name() for p in model.parameterDefinitions()]}"
    )


if __name__ == "__main__":
    main()
