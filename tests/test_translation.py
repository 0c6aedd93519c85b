"""zh_CN translation: extraction finds the tools' strings, the .ts covers them, the .qm is the
compiled .ts, and QGIS started in zh_CN shows translated names and the zh_CN help pages."""

import filecmp
import importlib.util
import json
import os
import subprocess

import pytest

from helpers.paths import PLUGINS, ROOT
from helpers.qgis_process import run_qgis_process

TS = ROOT / "resources" / "i18n" / "sandflux_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "sandflux_zh_CN.qm"


def _load_i18n_script():
    spec = importlib.util.spec_from_file_location(
        "sandflux_i18n_script", ROOT / "scripts" / "i18n.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def i18n_script():
    return _load_i18n_script()


@pytest.fixture(scope="module")
def extracted(i18n_script):
    return i18n_script.extract()


def _tools(provider):
    from qgis.core import QgsProcessingModelAlgorithm

    return [a for a in provider.algorithms() if not isinstance(a, QgsProcessingModelAlgorithm)]


def _label_strings(provider):
    """What a user sees as labels: display names, groups, parameter and output descriptions."""
    from sandflux.algorithms.base import GROUPS

    labels = set(GROUPS.values())
    for algorithm in _tools(provider):
        labels.add(algorithm.DISPLAY_NAME)
        labels.update(p.description() for p in algorithm.parameterDefinitions())
        labels.update(o.description() for o in algorithm.outputDefinitions())
    return labels


def test_extraction_finds_every_label_of_the_tools(sandflux_provider, extracted):
    wanted = _label_strings(sandflux_provider)
    missing = sorted(s for s in wanted if s and s not in extracted)
    assert not missing, "not extracted (use a literal in self.tr(...)): " + repr(missing)


def test_ts_is_up_to_date_and_translates_every_label(sandflux_provider, extracted, i18n_script):
    messages = i18n_script.read_ts(TS)
    stale = sorted(s for s in extracted if s not in messages or messages[s][1] == "vanished")
    assert not stale, "run `make translations-update`: missing from the .ts: " + repr(stale)
    untranslated = sorted(
        s
        for s in _label_strings(sandflux_provider)
        if not messages.get(s, ("", ""))[0] or messages[s][1] == "unfinished"
    )
    assert not untranslated, "labels without a zh_CN translation: " + repr(untranslated)


def test_committed_qm_is_the_lrelease_build_of_the_ts(tmp_path):
    built = tmp_path / "built.qm"
    result = subprocess.run(
        ["lrelease", "-silent", str(TS), "-qm", str(built)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert filecmp.cmp(built, QM, shallow=False), "run `make translations`"


def test_qgis_in_zh_cn_shows_translated_tool_names_and_groups(
    tmp_path, sandflux_provider, i18n_script
):
    from sandflux.algorithms.base import GROUPS

    ini = tmp_path / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[locale]\noverrideFlag=true\nuserLocale=zh_CN\n", encoding="utf-8")
    env = dict(
        os.environ,
        QGIS_CUSTOM_CONFIG_PATH=str(tmp_path),
        QGIS_PLUGINPATH=str(PLUGINS),
        QT_QPA_PLATFORM="offscreen",
    )
    assert run_qgis_process(env, "plugins", "enable", "sandflux").returncode == 0
    result = run_qgis_process(env, "list", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout[result.stdout.index("{") :])
    algorithms = listing["providers"]["sandflux"]["algorithms"]

    messages = i18n_script.read_ts(TS)  # the expected text, read from the translation source
    for algorithm in _tools(sandflux_provider):
        shown = algorithms[f"sandflux:{algorithm.name()}"]
        expected_name = messages[algorithm.DISPLAY_NAME][0]
        assert expected_name and expected_name != algorithm.DISPLAY_NAME
        assert shown["name"] == expected_name
        assert shown["group"] == messages[GROUPS[algorithm.GROUP]][0]
    assert any("\u4e00" <= c <= "\u9fff" for c in algorithms["sandflux:importera5"]["name"])

    # the help is the zh_CN page (docs/zh_CN/tools), whose first paragraph qgis_process prints
    shown = run_qgis_process(env, "help", "sandflux:importera5")
    assert shown.returncode == 0, shown.stderr
    page = ROOT / "docs" / "zh_CN" / "tools" / "importera5.md"
    first_paragraph = page.read_text(encoding="utf-8").split("\n\n")[1]
    assert first_paragraph[:60] in shown.stdout
    assert "Reads ERA5 soil temperature" not in shown.stdout
