"""The shipped pipeline model (import -> calibrate -> flux with its annual sums in the same pass)
runs with processing.run and with qgis_process, gives what the tools give when run one after the
other, and no step reads the hourly flux raster back."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from helpers.geofiles import read_raster
from helpers.paths import ROOT
from helpers.pipeline import (
    MODEL_ID,
    MODEL_OUTPUTS,
    assert_same_rows,
    extent_text,
    make_sample,
    model_parameters,
    qgis_process_arguments,
    read_csv_rows,
)
from helpers.qgis_process import run_qgis_process


def model_structure(path):
    """What a .model3 wires, independent of how this QGIS writes the file: its inputs, each
    step's tool and parameter sources, and its outputs (name -> step:tool output)."""
    from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingModelChildParameterSource

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path)), f"QGIS cannot read {path}"
    static = getattr(QgsProcessingModelChildParameterSource, "StaticValue", None)

    def describe(source):
        kind = source.source()
        if source.parameterName():
            return ("parameter", source.parameterName())
        if source.outputChildId():
            return ("child", source.outputChildId(), source.outputName())
        return ("value", str(source.staticValue()), str(kind) if static is None else "static")

    children = {}
    outputs = {}
    for child_id, child in model.childAlgorithms().items():
        sources = {
            name: [describe(source) for source in values]
            for name, values in child.parameterSources().items()
        }
        children[child_id] = (child.algorithmId(), sources)
        for name, output in child.modelOutputs().items():
            outputs[f"{child_id}:{name}"] = output.childOutputName()
    inputs = sorted(
        definition.name()
        for definition in model.parameterDefinitions()
        if not definition.isDestination()
    )
    return {"inputs": inputs, "children": children, "outputs": outputs}


def test_committed_model_wires_what_build_model_makes_from_the_current_tools(
    sandflux_provider, tmp_path
):
    """Not a byte comparison: QGIS 3.40+ writes another file layout for the same model."""
    built = tmp_path / "built.model3"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_model.py"), str(built)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    committed = model_structure(ROOT / "resources" / "models" / "sandflux_pipeline.model3")
    assert model_structure(built) == committed, "run `make model` and commit the model"


def test_committed_model_declares_the_documented_outputs_and_known_tools(sandflux_provider):
    from qgis.core import QgsApplication

    structure = model_structure(ROOT / "resources" / "models" / "sandflux_pipeline.model3")
    assert structure["outputs"] == {
        "import:FORCING": "OUTPUT",
        "calibrate:CALIBRATION": "OUTPUT",
        "calibrate:CALIBRATION_REPORT": "REPORT",
        "flux:FLUX": "OUTPUT",
        "flux:ANNUAL": "ANNUAL",
        "flux:ANNUAL_TABLE": "ANNUAL_TABLE",
    }
    assert set(structure["outputs"]) == set(MODEL_OUTPUTS)
    page = (ROOT / "docs" / "tools" / "sandflux_pipeline.md").read_text(encoding="utf-8")
    for name in MODEL_OUTPUTS:
        assert f"`{name}`" in page, f"the model output {name} is not documented on its page"
    registry = QgsApplication.processingRegistry()
    for child_id, (algorithm_id, sources) in structure["children"].items():
        algorithm = registry.algorithmById(algorithm_id)
        assert algorithm is not None, f"step {child_id}: no tool {algorithm_id}"
        known = {definition.name() for definition in algorithm.parameterDefinitions()}
        assert set(sources) <= known, f"step {child_id}: unknown {set(sources) - known}"


def test_no_model_step_reads_the_hourly_flux_raster_back(sandflux_provider):
    """The annual sums come from the flux step's own blocks: no step takes anything the flux
    step writes as an input (the annual tool on the hourly raster would read it all again)."""
    structure = model_structure(ROOT / "resources" / "models" / "sandflux_pipeline.model3")
    tools = {child_id: tool for child_id, (tool, _) in structure["children"].items()}
    assert tools == {
        "import": "sandflux:importera5",
        "calibrate": "sandflux:calibratemodel",
        "flux": "sandflux:computeflux",
    }
    readers = {
        (child_id, name)
        for child_id, (_, sources) in structure["children"].items()
        for name, values in sources.items()
        for source in values
        if source[:2] == ("child", "flux")
    }
    assert readers == set(), f"steps reading the flux step's outputs: {sorted(readers)}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_sample(tmp_path_factory.mktemp("sample"), years=(2016,))


@pytest.fixture(scope="module")
def model_run(sandflux_provider, sample, tmp_path_factory):
    import processing

    parameters = model_parameters(sample, tmp_path_factory.mktemp("model"))
    results = processing.run(MODEL_ID, parameters)
    return parameters, results


def test_model_writes_every_output_it_declares(model_run):
    parameters, results = model_run
    for name in MODEL_OUTPUTS:
        assert results[name] == parameters[name]
    flux, transform, _ = read_raster(parameters["flux:FLUX"])
    assert flux.shape[0] == 8784  # 2016 is a leap year: one band an hour
    assert transform[1] == 0.25 and np.isfinite(flux).any()
    rows = read_csv_rows(parameters["flux:ANNUAL_TABLE"])
    assert [row["year"] for row in rows] == ["2016"]


def test_model_equals_the_tools_run_one_after_the_other(model_run, sample, tmp_path):
    """The model's annual outputs are those of Compute flux raster with its ANNUAL outputs, and
    those of Sum annual sequestration on the hourly raster (the model's fourth step before)."""
    import processing

    parameters, _ = model_run
    forcing = processing.run(
        "sandflux:importera5",
        {
            "INPUT": parameters["ERA5_FILES"],
            "EXTENT": extent_text(),
            "OUTPUT": str(tmp_path / "forcing.nc"),
        },
    )["OUTPUT"]
    calibration = processing.run(
        "sandflux:calibratemodel",
        {
            "STATION": parameters["STATION"],
            "FORCING": forcing,
            "BOOTSTRAP_RESAMPLES": parameters["BOOTSTRAP_RESAMPLES"],
            "OUTPUT": str(tmp_path / "calibration.json"),
            "REPORT": str(tmp_path / "calibration.html"),
        },
    )["OUTPUT"]
    flux_run = processing.run(
        "sandflux:computeflux",
        {
            "FORCING": forcing,
            "CALIBRATION": calibration,
            "MASK": parameters["SAND_MASK"],
            "OUTPUT": str(tmp_path / "flux.tif"),
            "ANNUAL": str(tmp_path / "flux_annual.tif"),
            "ANNUAL_TABLE": str(tmp_path / "flux_annual.csv"),
        },
    )
    flux = flux_run["OUTPUT"]
    annual = processing.run(
        "sandflux:annualsequestration",
        {
            "INPUT": [flux],
            "MASK": parameters["SAND_MASK"],
            "OUTPUT": str(tmp_path / "annual.tif"),
            "TABLE": str(tmp_path / "annual.csv"),
        },
    )

    by_model = json.loads(open(parameters["calibrate:CALIBRATION"], encoding="utf-8").read())
    by_hand = json.loads(open(calibration, encoding="utf-8").read())
    assert by_model.get("parameters") == by_hand.get("parameters")
    np.testing.assert_array_equal(read_raster(parameters["flux:FLUX"])[0], read_raster(flux)[0])
    model_annual = read_raster(parameters["flux:ANNUAL"])[0]
    model_rows = read_csv_rows(parameters["flux:ANNUAL_TABLE"])
    for raster, table in (
        (flux_run["ANNUAL"], flux_run["ANNUAL_TABLE"]),
        (annual["OUTPUT"], annual["TABLE"]),
    ):
        np.testing.assert_array_equal(model_annual, read_raster(raster)[0])
        assert_same_rows(model_rows, read_csv_rows(table), rtol=1e-12)
    assert np.isfinite(model_annual).any()


@pytest.mark.qgis_process
def test_model_runs_in_qgis_process_with_the_same_results(model_run, qgis_process_env, tmp_path):
    parameters, _ = model_run
    cli = dict(parameters)
    cli.update({name: str(tmp_path / file) for name, file in MODEL_OUTPUTS.items()})
    result = run_qgis_process(
        qgis_process_env, "run", MODEL_ID, "--json", "--", *qgis_process_arguments(cli)
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    document = json.loads(result.stdout[result.stdout.index("{") :])
    assert document["results"]["flux:ANNUAL_TABLE"] == cli["flux:ANNUAL_TABLE"]
    np.testing.assert_array_equal(
        read_raster(cli["flux:FLUX"])[0], read_raster(parameters["flux:FLUX"])[0]
    )
    np.testing.assert_array_equal(
        read_raster(cli["flux:ANNUAL"])[0], read_raster(parameters["flux:ANNUAL"])[0]
    )
    assert_same_rows(
        read_csv_rows(cli["flux:ANNUAL_TABLE"]), read_csv_rows(parameters["flux:ANNUAL_TABLE"])
    )


def test_a_cancel_in_the_flux_step_leaves_neither_the_hourly_nor_the_annual_files(
    sandflux_provider, sample, tmp_path
):
    """All or nothing across the one pass: cancelled while the flux step writes, the model
    leaves no flux raster, annual raster or table (nor a temporary file)."""
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    parameters = model_parameters(sample, tmp_path / "model")
    one_pass = [parameters[name] for name in ("flux:FLUX", "flux:ANNUAL", "flux:ANNUAL_TABLE")]
    feedback = QgsProcessingFeedback()
    seen_at_cancel = []

    def cancel_while_the_flux_is_written(_percent):
        names = sorted(p.name for p in (tmp_path / "model").iterdir())
        if not feedback.isCanceled() and any(n.startswith(".flux.partial-") for n in names):
            seen_at_cancel.extend(names)
            feedback.cancel()

    feedback.progressChanged.connect(cancel_while_the_flux_is_written)
    with pytest.raises(QgsProcessingException):
        processing.run(MODEL_ID, parameters, feedback=feedback)
    assert feedback.isCanceled() and seen_at_cancel, "the run ended before the flux step wrote"
    assert [path for path in one_pass if os.path.exists(path)] == []
    assert [p.name for p in (tmp_path / "model").iterdir() if ".partial-" in p.name] == []
