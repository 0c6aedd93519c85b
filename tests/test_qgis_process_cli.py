"""The real qgis_process.bin with the plugin enabled in a throw-away profile: list, help, --json."""

import json

import pytest

from helpers.qgis_process import run_qgis_process

pytestmark = pytest.mark.qgis_process

TOOLS = (
    "importera5",
    "calibratemodel",
    "soilproperties",
    "computeflux",
    "annualsequestration",
    "seasonalcycle",
    "driverattribution",
    "pointseries",
)
MODEL = "sandflux_pipeline"


def _json(result):
    assert result.returncode == 0, result.stdout + result.stderr
    start = result.stdout.index("{")  # 3.22 may print Python warnings before the document
    return json.loads(result.stdout[start:])


@pytest.fixture(scope="module")
def listing(qgis_process_env):
    return _json(run_qgis_process(qgis_process_env, "list", "--json"))


def test_list_shows_every_sandflux_tool_and_the_pipeline_model(qgis_process_env):
    result = run_qgis_process(qgis_process_env, "list")
    assert result.returncode == 0, result.stderr
    for name in TOOLS + (MODEL,):
        assert f"sandflux:{name}" in result.stdout, name


def test_list_json_has_the_provider_with_every_algorithm_group_and_help_url(listing):
    provider = listing["providers"]["sandflux"]
    assert provider["name"] == "SandFlux" and provider["is_active"]
    algorithms = provider["algorithms"]
    assert set(algorithms) == {f"sandflux:{name}" for name in TOOLS + (MODEL,)}
    for name in TOOLS:
        details = algorithms[f"sandflux:{name}"]
        assert details["name"] and "in development" not in details["name"]
        assert details["group"]
        assert details["help_url"].startswith("https://")
        assert details["help_url"].endswith(f"/docs/tools/{name}.md")
        assert details["can_cancel"] is True


def test_help_prints_the_description_and_every_argument(qgis_process_env, sandflux_provider):
    for name in TOOLS:
        algorithm = sandflux_provider.algorithm(name)
        result = run_qgis_process(qgis_process_env, "help", f"sandflux:{name}")
        assert result.returncode == 0, result.stderr
        text = result.stdout
        assert f"(sandflux:{name})" in text
        description = text.split("Description", 1)[1].split("Arguments", 1)[0]
        assert len(description.strip(" -\n")) > 80, f"{name}: no useful description"
        arguments = text.split("Arguments", 1)[1]
        for parameter in algorithm.parameterDefinitions():
            assert f"{parameter.name()}:" in arguments, (name, parameter.name())


def test_help_json_lists_parameters_with_types_and_defaults(qgis_process_env, sandflux_provider):
    for name in TOOLS:
        algorithm = sandflux_provider.algorithm(name)
        document = _json(run_qgis_process(qgis_process_env, "help", f"sandflux:{name}", "--json"))
        assert document["algorithm_details"]["id"] == f"sandflux:{name}"
        parameters = document["parameters"]
        assert set(parameters) == {p.name() for p in algorithm.parameterDefinitions()}
        for parameter in algorithm.parameterDefinitions():
            entry = parameters[parameter.name()]
            assert entry["type"]["id"] == parameter.type()
            assert entry["description"] == parameter.description()
            assert entry["optional"] == bool(parameter.flags() & parameter.FlagOptional)


def test_help_of_the_model_lists_its_inputs(qgis_process_env):
    document = _json(run_qgis_process(qgis_process_env, "help", f"sandflux:{MODEL}", "--json"))
    assert document["algorithm_details"]["id"] == f"sandflux:{MODEL}"
    assert len(document["parameters"]) >= 3


def test_a_cut_grib_download_fails_once_without_a_traceback(qgis_process_env, tmp_path):
    """The issue's `head -c` GRIB: cfgrib used to log PrematureEndOfFileError with a traceback,
    write the hours before the cut and exit 0. Now: exit 1, no traceback, nothing written, and
    the message no more often on stderr than QGIS prints its own native:raiseexception's."""
    from helpers.paths import TEST_DATA

    cut = tmp_path / "soil.grib"
    cut.write_bytes((TEST_DATA / "real" / "soil-surface-level-mix.grib").read_bytes()[:918])
    output = tmp_path / "out" / "forcing.nc"
    output.parent.mkdir()
    result = run_qgis_process(
        qgis_process_env, "run", "sandflux:importera5", "--", f"INPUT={cut}", f"OUTPUT={output}"
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "PrematureEndOfFile" not in result.stderr
    message = "GRIB message 6 ends early"
    assert message in result.stderr and "Download it again" in result.stderr
    assert list(output.parent.iterdir()) == []
    native = run_qgis_process(
        qgis_process_env, "run", "native:raiseexception", "--", "MESSAGE=sandflux-probe"
    )
    assert result.stderr.count(message) <= native.stderr.count("sandflux-probe")
