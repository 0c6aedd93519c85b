"""The provider as the toolbox, modeler and batch dialog see it: help, icons, groups, fresh
instances, standard parameter types, the shipped model, missing-dependency handling, shims."""

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from helpers.paths import ROOT

EXPECTED_TOOLS = {
    "importera5",
    "calibratemodel",
    "soilproperties",
    "computeflux",
    "annualsequestration",
    "seasonalcycle",
    "driverattribution",
    "pointseries",
}


def sandflux_tools(provider):
    from qgis.core import QgsProcessingModelAlgorithm

    return [a for a in provider.algorithms() if not isinstance(a, QgsProcessingModelAlgorithm)]


def test_provider_lists_the_five_tools(sandflux_provider):
    assert {a.name() for a in sandflux_tools(sandflux_provider)} == EXPECTED_TOOLS


def test_every_tool_help_mentions_every_parameter_and_the_sign_convention(sandflux_provider):
    problems = []
    for algorithm in sandflux_tools(sandflux_provider):
        help_text = algorithm.shortHelpString() or ""
        if len(help_text) < 80:
            problems.append(f"{algorithm.name()}: help is missing or too short")
            continue
        lowered = help_text.lower()
        for parameter in algorithm.parameterDefinitions():
            if (
                parameter.name().lower() not in lowered
                and parameter.description().lower() not in lowered
            ):
                problems.append(f"{algorithm.name()}: help does not mention {parameter.name()}")
        if (
            algorithm.name() in ("computeflux", "annualsequestration", "calibratemodel")
            and "negative" not in lowered
            and "uptake" not in lowered
        ):
            problems.append(f"{algorithm.name()}: help does not state the sign convention")
    assert not problems, "\n".join(problems)


def test_every_tool_help_url_points_at_its_docs_page(sandflux_provider):
    for algorithm in sandflux_tools(sandflux_provider):
        url = algorithm.helpUrl()
        assert url.startswith("https://"), (algorithm.name(), url)
        assert url.endswith(f"/docs/tools/{algorithm.name()}.md"), url
        assert (ROOT / "docs" / "tools" / f"{algorithm.name()}.md").is_file()


def test_every_tool_has_a_group_and_its_own_svg_icon(sandflux_provider):
    icons = set()
    for algorithm in sandflux_tools(sandflux_provider):
        assert algorithm.group().strip() and algorithm.groupId() in ("data", "model", "products")
        path = Path(algorithm.svgIconPath())
        assert path.is_file(), path
        assert ElementTree.parse(path).getroot().tag.endswith("svg")
        assert not algorithm.icon().isNull()
        icons.add(path.name)
    assert len(icons) == len(EXPECTED_TOOLS)  # one icon an algorithm, not the provider's


def test_create_instance_returns_a_fresh_equivalent_object(sandflux_provider):
    for algorithm in sandflux_tools(sandflux_provider):
        first, second = algorithm.createInstance(), algorithm.createInstance()
        assert first is not second and first is not algorithm
        assert type(first) is type(algorithm)
        first.initAlgorithm({})
        assert [p.name() for p in first.parameterDefinitions()] == [
            p.name() for p in algorithm.parameterDefinitions()
        ]
        algorithm.leftover_state = object()  # state on one instance never reaches another
        assert not hasattr(algorithm.createInstance(), "leftover_state")
        del algorithm.leftover_state


def test_tools_use_only_standard_parameter_types_and_support_batch(sandflux_provider):
    from qgis.core import QgsApplication

    from sandflux.provider.compat import ALGORITHM_FLAG_SUPPORTS_BATCH, has_flag

    registry = QgsApplication.processingRegistry()
    for algorithm in sandflux_tools(sandflux_provider):
        definitions = list(algorithm.parameterDefinitions()) + list(algorithm.outputDefinitions())
        for parameter in definitions:
            assert type(parameter).__module__.startswith("qgis."), (
                algorithm.name(),
                parameter.name(),
                type(parameter),
            )
        for parameter in algorithm.parameterDefinitions():
            assert registry.parameterType(parameter.type()) is not None, parameter.type()
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", parameter.name()), parameter.name()
        assert has_flag(algorithm.flags(), ALGORITHM_FLAG_SUPPORTS_BATCH), algorithm.name()
        assert algorithm.name() == algorithm.name().lower()


def test_the_pipeline_model_is_listed_under_sandflux(sandflux_provider):
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    models = [
        a for a in sandflux_provider.algorithms() if isinstance(a, QgsProcessingModelAlgorithm)
    ]
    assert [m.name() for m in models] == ["sandflux_pipeline"]
    found = QgsApplication.processingRegistry().algorithmById("sandflux:sandflux_pipeline")
    assert found is not None and found.provider().id() == "sandflux"
    used = {child.algorithmId() for child in models[0].childAlgorithms().values()}
    assert used == {  # the flux step also makes the annual sums (one pass)
        "sandflux:importera5",
        "sandflux:calibratemodel",
        "sandflux:computeflux",
    }


@pytest.fixture
def hidden_modules(monkeypatch):
    """Make the listed modules look uninstalled to the dependency check."""
    from sandflux.provider import dependencies

    hidden = set()
    real_find_spec = dependencies.importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name.split(".")[0] in hidden:
            return None
        return real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(dependencies.importlib.util, "find_spec", find_spec)
    return hidden


def test_missing_dependency_is_logged_on_load_and_disables_the_tool(
    sandflux_provider, hidden_modules
):
    from qgis.core import QgsApplication

    from sandflux.provider.provider import SandFluxProvider

    tools = sandflux_tools(sandflux_provider)
    victim = (
        next(a for a in tools if len(a.REQUIRES) > 1)
        if any(len(a.REQUIRES) > 1 for a in tools)
        else tools[0]
    )
    module = victim.REQUIRES[-1]
    hidden_modules.add(module)
    received = []

    def collect(message, tag, level):
        received.append((message, tag))

    QgsApplication.messageLog().messageReceived.connect(collect)
    provider = SandFluxProvider()
    try:
        provider.loadAlgorithms()
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(collect)
    logged = [message for message, tag in received if tag == "SandFlux"]
    assert len(logged) == 1, received
    assert module in logged[0] and victim.displayName() in logged[0]
    assert "apt-get install" in logged[0] and "pip install" in logged[0]

    ok, message = victim.createInstance().canExecute()
    assert ok is False
    assert module in message and "apt-get install" in message
    unaffected = [a for a in tools if module not in a.REQUIRES]
    for algorithm in unaffected:
        assert algorithm.canExecute()[0] is True


def test_missing_dependency_stops_processing_run_with_the_install_command(
    sandflux_provider, hidden_modules
):
    from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

    algorithm = sandflux_tools(sandflux_provider)[0].createInstance()
    algorithm.initAlgorithm({})
    hidden_modules.add(algorithm.REQUIRES[0])
    with pytest.raises(QgsProcessingException, match="apt-get install python3-"):
        algorithm.processAlgorithm({}, QgsProcessingContext(), QgsProcessingFeedback())


def test_nothing_logged_when_every_dependency_is_installed(sandflux_provider):
    from sandflux.provider.provider import log_missing_dependencies

    assert log_missing_dependencies(sandflux_tools(sandflux_provider)) is None


def test_compat_shims_take_scoped_enums_when_present_and_legacy_names_otherwise(qgis_app):
    from qgis.core import (
        QgsProcessing,
        QgsProcessingParameterDefinition,
        QgsProcessingParameterNumber,
    )

    from sandflux.provider import compat

    class ScopedFlag:  # what QGIS 3.36+ exposes as Qgis.ProcessingParameterFlag
        Advanced = "scoped-advanced"

    class FakeQgis:
        ProcessingParameterFlag = ScopedFlag

    class Legacy:
        FlagAdvanced = "legacy-advanced"

    original = compat.Qgis
    try:
        compat.Qgis = FakeQgis
        assert (
            compat._scoped("ProcessingParameterFlag", "Advanced", Legacy, "FlagAdvanced")
            == "scoped-advanced"
        )
        assert (
            compat._scoped("ProcessingSourceType", "Raster", Legacy, "FlagAdvanced")
            == "legacy-advanced"
        )
    finally:
        compat.Qgis = original
    # On this QGIS the shims are the values the 3.22 API documents.
    # (looked up by name: QGIS 4 drops the old names)
    for shim, owner, legacy in [
        (compat.FLAG_ADVANCED, QgsProcessingParameterDefinition, "FlagAdvanced"),
        (compat.FLAG_OPTIONAL, QgsProcessingParameterDefinition, "FlagOptional"),
        (compat.NUMBER_DOUBLE, QgsProcessingParameterNumber, "Double"),
        (compat.SOURCE_RASTER, QgsProcessing, "TypeRaster"),
    ]:
        if hasattr(owner, legacy):
            assert int(shim) == int(getattr(owner, legacy))
    parameter = QgsProcessingParameterNumber("X", "x", compat.NUMBER_DOUBLE)
    compat.add_flag(parameter, compat.FLAG_ADVANCED)
    assert compat.has_flag(parameter.flags(), compat.FLAG_ADVANCED)
    assert not compat.has_flag(parameter.flags(), compat.FLAG_OPTIONAL)
