"""Refresh the translation sources resources/i18n/sandflux_<lang>.ts from the plugin's code.

    python3 scripts/i18n.py update [zh_CN ...]   (make translations-update)

1. pylupdate5 (Debian package pyqt5-dev-tools) extracts every literal in ``tr("...")``,
   ``self.tr("...")``, ``QCoreApplication.translate("SandFlux", "...")`` and
   ``QT_TRANSLATE_NOOP("SandFlux", "...")`` of the plugin's Python files;
2. the algorithms' DISPLAY_NAME class attributes (plain string literals) are added from the
   source with ``ast`` (pylupdate5 cannot see a bare class attribute); the tools' help is not
   here: it is translated as a page, docs/<lang>/tools/<name>.md (see provider/help_pages.py);
3. everything goes into the one context the plugin translates in at run time, "SandFlux"
   (pylupdate5 would name the context after the enclosing class), merged with the existing
   .ts: translations are kept, new strings are "unfinished", strings gone are "vanished".

``make translations`` then compiles each .ts into its .qm with lrelease (qttools5-dev-tools).
"""

import ast
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
CONTEXT = "SandFlux"
LANGUAGES = ("zh_CN",)
CLASS_ATTRIBUTES = ("DISPLAY_NAME",)
SOURCE_FOLDERS = ("", "provider", "algorithms")


def plugin_sources():
    """The plugin's Python files that may hold user-visible strings (not core, tests, bench)."""
    files = []
    for folder in SOURCE_FOLDERS:
        files += sorted((ROOT / folder).glob("*.py"))
    return files


def extract_with_pylupdate(files):
    """[(source, relative filename, line)] of the tr()/translate()/NOOP literals in ``files``."""
    with tempfile.TemporaryDirectory() as folder:
        ts = Path(folder) / "extracted.ts"
        result = subprocess.run(
            ["pylupdate5", "-noobsolete", *map(str, files), "-ts", str(ts)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not ts.exists():
            raise RuntimeError(f"pylupdate5 failed: {result.stdout}{result.stderr}")
        found = []
        for message in ElementTree.parse(ts).getroot().iter("message"):
            location = message.find("location")
            filename = (
                Path(folder, location.get("filename")).resolve() if location is not None else None
            )
            found.append(
                (
                    message.findtext("source"),
                    filename.relative_to(ROOT).as_posix() if filename else "",
                    int(location.get("line", 0)) if location is not None else 0,
                )
            )
        return found


def extract_class_attributes(files):
    """[(source, relative filename, line)] of DISPLAY_NAME string literals in class bodies."""
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        module_strings = dict(_string_assignments(tree.body))  # NAME = "..." at module level
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for name, (text, line) in _string_assignments(node.body, module_strings):
                if name in CLASS_ATTRIBUTES and text:
                    found.append((text, path.relative_to(ROOT).as_posix(), line))
    return found


def _string_assignments(statements, names=None):
    """(name, (text, line)) of ``NAME = "literal"`` (or ``= OTHER_NAME`` found in ``names``)."""
    for statement in statements:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            continue
        value = statement.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            yield statement.targets[0].id, (value.value, statement.lineno)
        elif isinstance(value, ast.Name) and names and value.id in names:
            yield statement.targets[0].id, names[value.id]


def extract(files=None):
    """Every translatable source string of the plugin with its locations.

    {source: [(file, line)]}."""
    files = plugin_sources() if files is None else files
    strings = {}
    for source, filename, line in extract_with_pylupdate(files) + extract_class_attributes(files):
        locations = strings.setdefault(source, [])
        if (filename, line) not in locations:
            locations.append((filename, line))
    return strings


def read_ts(path):
    """{source: (translation, type or None)} of the SandFlux context of a .ts file."""
    if not path.exists():
        return {}
    messages = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            messages[message.findtext("source")] = (
                translation.text or "" if translation is not None else "",
                translation.get("type") if translation is not None else "unfinished",
            )
    return messages


def merge(strings, existing, language):
    """The ElementTree of the merged .ts (context SandFlux; kept, new, vanished messages)."""
    root = ElementTree.Element("TS", version="2.1", language=language, sourcelanguage="en")
    context = ElementTree.SubElement(root, "context")
    ElementTree.SubElement(context, "name").text = CONTEXT
    ordered = sorted(strings.items(), key=lambda item: item[1][0])
    for source, locations in ordered:
        message = ElementTree.SubElement(context, "message")
        for filename, line in locations:
            ElementTree.SubElement(
                message, "location", filename=f"../../{filename}", line=str(line)
            )
        ElementTree.SubElement(message, "source").text = source
        text, kind = existing.get(source, ("", "unfinished"))
        if kind in ("vanished", "obsolete"):
            kind = None if text else "unfinished"
        translation = ElementTree.SubElement(message, "translation")
        translation.text = text
        if kind:
            translation.set("type", kind)
    for source, (text, _kind) in existing.items():
        if source not in strings and text:
            message = ElementTree.SubElement(context, "message")
            ElementTree.SubElement(message, "source").text = source
            translation = ElementTree.SubElement(message, "translation", type="vanished")
            translation.text = text
    ElementTree.indent(root, space="    ")
    return root


def write_ts(root, path):
    body = ElementTree.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def update(languages):
    strings = extract()
    for language in languages:
        path = I18N / f"sandflux_{language}.ts"
        existing = read_ts(path)
        write_ts(merge(strings, existing, language), path)
        todo = sum(1 for source in strings if not existing.get(source, ("", None))[0])
        print(f"{path.relative_to(ROOT)}: {len(strings)} strings, {todo} untranslated")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "update":
        sys.exit(__doc__)
    update(sys.argv[2:] or LANGUAGES)
