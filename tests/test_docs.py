"""Documentation from one source: every tool's help and help URL are its docs page, every page
renders, the links between the pages hold, and metadata.txt names the registered tools."""

import configparser
import html
import importlib.util
import re
from xml.etree import ElementTree

import pytest

from helpers.paths import ROOT
from sandflux.provider import help_pages as pages

DOCS = ROOT / "docs"
MODEL = "sandflux_pipeline"


def sandflux_tools(provider):
    from qgis.core import QgsProcessingModelAlgorithm  # after pytest-qgis has started QGIS

    return [a for a in provider.algorithms() if not isinstance(a, QgsProcessingModelAlgorithm)]


def plain_text_of_page_help(path):
    """The words of a page's help part with the Markdown marks removed (done here by hand)."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() == "<!-- help ends -->":
            break
        line = re.sub(r"^\s*(#+ |- )", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        words.append(line.replace("**", "").replace("`", ""))
    return " ".join(" ".join(words).split())


def plain_text_of_help(text):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()).replace(" ,", ",")


def test_renderer_turns_the_markdown_subset_into_processing_help_lines():
    page = (
        "# Tool\n\nFirst **bold** line\ncontinues & ends `a<b`.\n\n## Parameters\n\n"
        "- **Input** (`INPUT`): one\n  two, see [the scheme](../science.md#f).\n- plain\n\n"
        "<!-- help ends -->\n\n| a table | below |\n"
    )
    assert pages.render_help(page) == (
        "First <b>bold</b> line continues &amp; ends <code>a&lt;b</code>.\n"
        "<b>Parameters</b>\n"
        "<b>Input</b> (<code>INPUT</code>): one two, see the scheme.\n"
        "plain"
    )


@pytest.mark.parametrize(
    "line, what",
    [
        ("| a | b |", "a table"),
        ("![map](m.png)", "an image"),
        ("```", "a code block"),
        ("<b>x</b>", "HTML"),
        ("    code", "continues nothing"),
        ("#### deep", "headings"),
    ],
)
def test_renderer_refuses_what_processing_cannot_show_naming_page_and_line(line, what):
    with pytest.raises(pages.HelpPageError, match=rf"page\.md, line 5: .*{re.escape(what)}"):
        pages.render_help(f"# Tool\n\nText.\n\n{line}\n", "page.md")


def test_every_tool_has_a_page_whose_title_is_its_name_and_whose_help_is_shown(sandflux_provider):
    for algorithm in sandflux_tools(sandflux_provider):
        page = DOCS / "tools" / f"{algorithm.name()}.md"
        assert page.is_file(), f"{page} missing: run scripts/port_help.py or write it"
        assert page.read_text(encoding="utf-8").splitlines()[0] == f"# {algorithm.DISPLAY_NAME}"
        shown = algorithm.shortHelpString()
        assert shown == pages.render_help(page.read_text(encoding="utf-8"), str(page))
        assert plain_text_of_help(shown) == plain_text_of_page_help(page)
        assert not hasattr(algorithm, "HELP"), (
            f"{algorithm.name()} still has a HELP string: port it with scripts/port_help.py"
        )


def test_help_url_is_the_tools_page_in_the_repository_of_metadata(sandflux_provider):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    repository = parser["general"]["repository"]
    for algorithm in sandflux_tools(sandflux_provider):
        assert algorithm.helpUrl() == f"{repository}/blob/main/docs/tools/{algorithm.name()}.md"


def test_every_page_of_docs_tools_is_a_registered_tool_or_the_model(sandflux_provider):
    names = {a.name() for a in sandflux_tools(sandflux_provider)} | {MODEL}
    pages = {p.stem for p in (DOCS / "tools").glob("*.md")}
    assert pages == names
    for translated in DOCS.glob("*/tools/*.md"):
        assert translated.stem in names, translated


def test_translated_pages_render_and_name_every_parameter_the_english_help_names(sandflux_provider):
    for algorithm in sandflux_tools(sandflux_provider):
        english = pages.help_text(algorithm.name())
        codes = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{4,}\b", english))
        codes &= {p.name() for p in algorithm.parameterDefinitions()}
        for page in DOCS.glob(f"*/tools/{algorithm.name()}.md"):
            locale = page.parent.parent.name
            translated = pages.help_text(algorithm.name(), locale)
            assert translated == pages.render_help(page.read_text(encoding="utf-8"))
            missing = sorted(code for code in codes if code not in translated)
            assert not missing, f"{page} does not mention {missing} (the English page does)"


def test_model_help_is_its_page():
    page = DOCS / "tools" / f"{MODEL}.md"
    model = ElementTree.parse(ROOT / "resources" / "models" / f"{MODEL}.model3")
    entries = {
        option.get("name"): option.get("value")
        for option in model.getroot().iter("Option")
        if option.get("name") in ("ALG_DESC", "HELP_URL")
    }
    assert entries["ALG_DESC"] == pages.render_help(page.read_text(encoding="utf-8"))
    assert entries["HELP_URL"].endswith(f"/docs/tools/{MODEL}.md")


def _anchors(markdown):
    """GitHub's anchors of the headings of a Markdown text (lower case, punctuation dropped)."""
    anchors, in_code = set(), False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and re.match(r"#{1,6} ", line):
            title = line.lstrip("#").strip()
            anchors.add(re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-"))
    return anchors


def test_relative_links_and_anchors_between_the_pages_hold():
    pages = [ROOT / "README.md", ROOT / "bench" / "README.md", *DOCS.rglob("*.md")]
    broken = []
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif (
                anchor
                and file.suffix == ".md"
                and anchor not in _anchors(file.read_text(encoding="utf-8"))
            ):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


def test_metadata_names_the_registered_tools(sandflux_provider):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    about = parser["general"]["about"]
    tools = sandflux_tools(sandflux_provider)
    numbers = {3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine"}
    assert f"{numbers[len(tools)]} Processing tools" in about
    for algorithm in tools:
        assert algorithm.DISPLAY_NAME in about, algorithm.DISPLAY_NAME


def test_readme_is_the_front_door_and_the_reference_lives_in_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 220
    for page in (
        "docs/science.md",
        "docs/formats.md",
        "docs/qgis.md",
        "docs/reliability.md",
        "bench/README.md",
    ):
        assert f"({page}" in readme, page
        assert (ROOT / page).is_file(), page


def _port_help_script():
    spec = importlib.util.spec_from_file_location(
        "sandflux_port_help", ROOT / "scripts" / "port_help.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_port_help_turns_an_old_style_help_string_and_its_translation_into_pages(tmp_path):
    help_string = (
        "Sums things - carefully & fast, in g CO2 m-2 s-1 "
        + "word " * 30
        + "end.\n\n<b>Input</b> (INPUT): the rasters - all of them.\n"
        "<b>Output</b> (OUTPUT): a table."
    )
    translated = "汇总。\n\n<b>输入</b>（INPUT）：栅格。\n<b>输出</b>（OUTPUT）：表格。"
    algorithm = tmp_path / "new_tool.py"
    algorithm.write_text(
        f"HELP = {help_string!r}\n\n\nclass NewTool:\n    NAME = 'newtool'\n"
        f"    DISPLAY_NAME = 'New tool'\n    HELP = HELP\n",
        encoding="utf-8",
    )
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "sandflux_zh_CN.ts").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<TS version="2.1" language="zh_CN"><context>'
        "<name>SandFlux</name>"
        f"<message><source>{html.escape(help_string)}</source>"
        f"<translation>{html.escape(translated)}</translation></message>"
        "<message><source>New tool</source><translation>新工具</translation></message>"
        "</context></TS>\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    (docs / "tools").mkdir(parents=True)
    (docs / "tools" / "newtool.md").write_text(
        "# Old\n\nOld help.\n\n<!-- help ends -->\n\n## Reference\n\n| kept | table |\n",
        encoding="utf-8",
    )
    _port_help_script().port(algorithm, docs=docs, translations=tmp_path / "i18n")

    english = (docs / "tools" / "newtool.md").read_text(encoding="utf-8")
    assert english.startswith("# New tool\n")
    assert english.endswith("<!-- help ends -->\n\n## Reference\n\n| kept | table |\n")
    assert max(len(line) for line in english.splitlines()) <= 100
    assert pages.render_help(english) == (
        "Sums things - carefully &amp; fast, in g CO2 m-2 s-1 " + "word " * 30 + "end.\n"
        "<b>Input</b> (INPUT): the rasters - all of them.\n<b>Output</b> (OUTPUT): a table."
    )
    chinese = (docs / "zh_CN" / "tools" / "newtool.md").read_text(encoding="utf-8")
    assert chinese.startswith("# 新工具\n")
    assert pages.render_help(chinese) == (
        "汇总。\n<b>输入</b>（INPUT）：栅格。\n<b>输出</b>（OUTPUT）：表格。"
    )
