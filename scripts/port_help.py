"""Port a tool's old-style HELP string (and its translations) into its docs pages.

    python3 scripts/port_help.py algorithms/<tool>.py [...]

A tool's help lives in docs/tools/<NAME>.md (see provider/help_pages.py). A tool written with a
``HELP = \"\"\"...\"\"\"`` string, as before, is ported with this script: it writes the help part of
docs/tools/<NAME>.md from HELP (a page that exists keeps everything below ``<!-- help ends -->``)
and, for each language of scripts/i18n.py, docs/<lang>/tools/<NAME>.md from HELP's translation in
resources/i18n/sandflux_<lang>.ts. It checks that each page renders back to exactly the text of
HELP (blank lines aside) and stops otherwise. Then delete HELP from the algorithm file.
"""

import ast
import html
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name, path):
    """A module by its file (provider/help_pages.py is plain Python, no qgis import)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


help_pages = _load("sandflux_help_pages", ROOT / "provider" / "help_pages.py")


def class_strings(path):
    """{NAME, DISPLAY_NAME, HELP} of the algorithm class in ``path`` (HELP may name a
    module-level string)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = {s.targets[0].id: s.value.value for s in tree.body if _is_string(s)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            found = {}
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                    name, value = statement.targets[0].id, statement.value
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found[name] = value.value
                    elif isinstance(value, ast.Name) and value.id in module:
                        found[name] = module[value.id]
            if {"NAME", "HELP"} <= set(found):
                return found
    raise SystemExit(f"{path}: no class with NAME and HELP string attributes")


def _is_string(statement):
    return (
        isinstance(statement, ast.Assign)
        and isinstance(statement.targets[0], ast.Name)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def markdown_of_help(title, help_string, wrap=True):
    """The page text (title + help part + end line) of a HELP string: a line a paragraph,
    lines starting with <b>...</b> (a parameter) as list items, <b> as **."""
    lines = [f"# {title}", ""]
    for line in help_string.split("\n"):
        line = line.strip()
        if not line:
            continue
        text = html.unescape(line.replace("<b>", "**").replace("</b>", "**"))
        prefix = "- " if line.startswith("<b>") else ""
        lines += _wrap(prefix + text, "  " if prefix else "") if wrap else [prefix + text]
        lines.append("")
    return "\n".join(lines + [help_pages.HELP_END, ""])


def _wrap(text, indent, width=100):
    """Greedy wrap at spaces; a continuation line never starts with a Markdown marker."""
    words, lines = text.split(" "), []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        starts_block = word[:1] in "-#|*>`<[!" or word[:1].isdigit() and word.rstrip(".").isdigit()
        if current and len(candidate) > width and not starts_block:
            lines.append(current)
            current = indent + word
        else:
            current = candidate
    return lines + [current]


def write_page(path, page_text, expected_help):
    """Write the help part into ``path`` (keeping the part below the end line); check it."""
    rendered = help_pages.render_help(page_text, str(path))
    want = "\n".join(line.strip() for line in expected_help.split("\n") if line.strip())
    if html.unescape(rendered) != html.unescape(want):
        raise SystemExit(f"{path}: the page would not render to HELP; fix by hand:\n{rendered}")
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if help_pages.HELP_END in old:
            page_text += "\n" + old.split(help_pages.HELP_END, 1)[1].lstrip("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_text, encoding="utf-8")
    print(f"wrote {path}")


def port(algorithm_file, docs=help_pages.DOCS, translations=None):
    """Write the pages of the tool in ``algorithm_file`` under ``docs`` (.ts files from
    ``translations``, default resources/i18n)."""
    strings = class_strings(Path(algorithm_file))
    name, english = strings["NAME"], strings["HELP"]
    write_page(
        Path(docs) / "tools" / f"{name}.md",
        markdown_of_help(strings.get("DISPLAY_NAME", name), english),
        english,
    )
    i18n = _load("sandflux_i18n_script", ROOT / "scripts" / "i18n.py")
    for language in i18n.LANGUAGES:
        messages = i18n.read_ts(Path(translations or i18n.I18N) / f"sandflux_{language}.ts")
        translated = messages.get(english, ("", None))[0]
        title = messages.get(strings.get("DISPLAY_NAME", ""), ("", None))[0] or name
        if not translated:
            print(f"{language}: HELP of {name} is not translated; no {language} page")
            continue
        write_page(
            Path(docs) / language / "tools" / f"{name}.md",
            markdown_of_help(title, translated, wrap=False),
            translated,
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for argument in sys.argv[1:]:
        port(argument)
