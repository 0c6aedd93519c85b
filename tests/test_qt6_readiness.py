"""QGIS 4 (Qt6, PyQt6) readiness: a static check of every Python file of the repository.

What PyQt6 removed and what this check refuses (the ground QGIS's own PyQt5-to-PyQt6 migration
script covers, checked here by our own code):

- importing PyQt5, PyQt6 or sip directly: QGIS plugins import through ``qgis.PyQt`` (which
  points to the Qt the running QGIS is built with);
- ``exec_()`` and ``print_()``: PyQt6 knows only ``exec()`` and ``print()``;
- unscoped enum members (``Qt.UTC``, ``Qt.ISODate``, ``QgsRasterBandStats.Min``,
  ``QVariant.Double``): PyQt6 only has the scoped form (``Qt.TimeSpec.UTC``). This is decided
  by looking the name up in the Qt and QGIS modules this QGIS runs with: a member whose type is
  an enum class nested in the same class is unscoped;
- Qt5-only classes and functions (``QRegExp``, ``QDesktopWidget``, ``QDateTime.toTime_t`` ...).

Names looked up with ``getattr(owner, "name")`` (the version shims of provider/compat.py, which
take the scoped member first) are not attribute accesses and are not refused.
"""

import ast
import enum
import importlib

import pytest

from helpers.paths import ROOT

SCANNED = [
    "__init__.py",
    "plugin.py",
    "provider",
    "algorithms",
    "core",
    "scripts",
    "tests",
    "bench",
]
QT_MODULE_PREFIXES = ("qgis.PyQt", "qgis.core", "qgis.gui", "qgis.analysis")
DIRECT_QT = ("PyQt5", "PyQt6", "PyQt4", "sip", "PySide2", "PySide6")
REMOVED_METHODS = {
    "exec_": "exec()",
    "print_": "print()",
    "toTime_t": "toSecsSinceEpoch()",
    "fromTime_t": "fromSecsSinceEpoch()",
    "setTime_t": "setSecsSinceEpoch()",
}
REMOVED_CLASSES = {
    "QRegExp",
    "QRegExpValidator",
    "QDesktopWidget",
    "QMatrix",
    "QGLWidget",
    "QSound",
    "QStringRef",
    "QLinkedList",
    "QTextCodec",
    "QWebView",
    "QSignalMapper",
}


def python_files():
    for entry in SCANNED:
        path = ROOT / entry
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)


def _enum_type_of(value):
    """The enum class of ``value`` (a PyQt/sip enum or a Python enum member), else None."""
    kind = type(value)
    if isinstance(value, enum.Enum) or type(kind).__name__ in ("enumtype", "EnumType"):
        return kind
    return None


def _is_unscoped_member(owner, name) -> bool:
    """True when ``owner.name`` is an enum member reached without its enum class (Qt.UTC,
    whose class is Qt.TimeSpec), rather than an enum class or a scoped access."""
    try:
        value = getattr(owner, name)
    except Exception:
        return False
    if isinstance(value, type):
        return False
    enum_type = _enum_type_of(value)
    return enum_type is not None and enum_type is not owner


def qt6_problems(source: str, filename: str = "<source>"):
    """The Qt5-only uses in one Python source: a list of 'file:line: message'."""
    tree = ast.parse(source, filename)
    problems = []
    imported = {}  # local name -> the Qt/QGIS object it is

    def report(node, message):
        problems.append(f"{filename}:{node.lineno}: {message}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DIRECT_QT:
                    report(node, f"import {alias.name}: import Qt through qgis.PyQt")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in DIRECT_QT:
                report(node, f"from {node.module} import ...: import Qt through qgis.PyQt")
            elif node.module.startswith(QT_MODULE_PREFIXES):
                for alias in node.names:
                    if alias.name in REMOVED_CLASSES:
                        report(node, f"{alias.name} is gone in Qt6")
                    try:
                        module = importlib.import_module(node.module)
                    except ImportError:
                        continue
                    if hasattr(module, alias.name):
                        imported[alias.asname or alias.name] = getattr(module, alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in REMOVED_METHODS:
                report(node, f".{node.attr}: use {REMOVED_METHODS[node.attr]} (PyQt6)")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in imported
                and _is_unscoped_member(imported[node.value.id], node.attr)
            ):
                enum_type = type(getattr(imported[node.value.id], node.attr))
                report(
                    node,
                    f"{node.value.id}.{node.attr} is an unscoped enum member: write "
                    f"it through its enum ({enum_type.__qualname__}.{node.attr})",
                )
    return problems


@pytest.mark.parametrize(
    "snippet, expected",
    [
        ("from PyQt5.QtCore import Qt", "import Qt through qgis.PyQt"),
        ("import sip", "import Qt through qgis.PyQt"),
        ("loop.exec_()", "use exec()"),
        ("from qgis.PyQt.QtCore import Qt\nQt.UTC", "Qt.UTC is an unscoped enum member"),
        ("from qgis.PyQt.QtCore import Qt as Q\nQ.ISODate", "Q.ISODate is an unscoped enum member"),
        (
            "from qgis.core import QgsRasterBandStats\nQgsRasterBandStats.Min",
            "QgsRasterBandStats.Min is an unscoped enum member",
        ),
        (
            "from qgis.PyQt.QtCore import QVariant\nQVariant.Double",
            "QVariant.Double is an unscoped enum member",
        ),
        ("from qgis.PyQt.QtCore import QRegExp", "QRegExp is gone in Qt6"),
        ("d.toTime_t()", "use toSecsSinceEpoch()"),
    ],
)
def test_the_check_finds_qt5_only_uses(qgis_app, snippet, expected):
    problems = qt6_problems(snippet)
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize(
    "snippet",
    [
        "from qgis.PyQt.QtCore import Qt\nQt.TimeSpec.UTC\nQt.DateFormat.ISODate",
        "from qgis.PyQt import sip",
        "from qgis.core import Qgis\nQgis.QGIS_VERSION_INT\nQgis.RasterTemporalMode",
        "from qgis.core import QgsRasterBandStats\ngetattr(QgsRasterBandStats, 'Min')",
        "loop.exec()",
    ],
)
def test_the_check_accepts_what_pyqt6_has(qgis_app, snippet):
    assert qt6_problems(snippet) == []


def test_no_qt5_only_api_in_the_repository(qgis_app):
    files = list(python_files())
    assert len(files) > 50  # the plugin, its scripts and its tests
    problems = []
    for path in files:
        problems += qt6_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == [], "Qt5-only API (QGIS 4 / PyQt6 would fail):\n" + "\n".join(problems)


def test_metadata_lets_qgis_4_load_the_plugin():
    metadata = dict(
        line.split("=", 1)
        for line in (ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("[")
    )
    assert metadata["supportsQt6"].strip() == "True"
    major, minor = (int(part) for part in metadata["qgisMaximumVersion"].split(".")[:2])
    assert (major, minor) >= (4, 0)
