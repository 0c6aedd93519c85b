"""core/ keeps its layers: imports run one way, with no cycle, and every deferred import says why.

The rule (docs/development.md): infra < formats < model < {inputs, reports, backends} < tools.
A module may import its own subpackage and any LOWER layer; inputs, reports and backends are
side by side and do not import each other; nothing in core imports qgis, the plugin's
algorithms/provider, or the samples. Every import is walked with ast, those inside functions
too; an import inside a function needs a one-line comment saying why (on its line or the line
above). The SANDFLUX_* metadata keys are string literals only in core/formats/metadata.py.
"""

import ast
import io
import tokenize
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "core"
RANK = {"infra": 0, "formats": 1, "model": 2, "inputs": 3, "reports": 3, "backends": 3, "tools": 4}
FORBIDDEN_TOP = {
    "qgis",
    "sandflux.algorithms",
    "sandflux.provider",
    "sandflux.samples",
    "algorithms",
    "provider",
    "samples",
}
# Environment variable names that share the SANDFLUX_ prefix but are not metadata keys.
ENVIRONMENT_VARIABLES = {"SANDFLUX_DASK_SCHEDULER"}


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(root: Path):
    return {_module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def _imports(path: Path, root: Path):
    """(target module, line, inside a function?) of every import in ``path``."""
    name = _module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package[: len(package) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                # "from . import x" may name a submodule: count it as one when it is.
                found.extend(
                    (f"{module}.{alias.name}", child.lineno, inside) for alias in child.names
                )
            visit(child, inside)

    visit(tree, False)
    return found


def _core_target(target: str, modules) -> str:
    """The core module ``target`` names (longest known prefix), or '' outside core."""
    if target.startswith("sandflux."):
        target = target[len("sandflux.") :]
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return ""


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _graph(root: Path):
    modules = _modules(root)
    graph = {name: set() for name in modules}
    lines = {}
    for name, path in modules.items():
        for target, line, _ in _imports(path, root):
            resolved = _core_target(target, modules)
            if resolved and resolved != name:
                graph[name].add(resolved)
                lines.setdefault((name, resolved), line)
    return graph, lines


def upward_arrows(root: Path):
    """Imports that go up or sideways between layers."""
    graph, lines = _graph(root)
    wrong = []
    for source, targets in sorted(graph.items()):
        for target in sorted(targets):
            source_layer, target_layer = _layer(source), _layer(target)
            if not source_layer or source_layer == target_layer:
                continue  # core/__init__.py, or a module of the same subpackage
            if RANK.get(target_layer, 99) >= RANK.get(source_layer, -1):
                wrong.append(
                    f"{source} (line {lines[source, target]}) imports {target}: "
                    f"{source_layer} may not import {target_layer}"
                )
    return wrong


def import_cycles(root: Path):
    """Each cycle of the module import graph, as 'a -> b -> a'."""
    graph, _ = _graph(root)
    cycles = []
    state = {}

    def walk(node, stack):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target) :] + [target]))
            elif target not in state:
                walk(target, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [])
    return cycles


def _comment_lines(source: str):
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def unexplained_deferred_imports(root: Path):
    """Imports inside functions with no comment on their line or the line above (a run of
    consecutive imports may share the comment above the first)."""
    missing = []
    for path in _modules(root).values():
        comments = _comment_lines(path.read_text(encoding="utf-8"))
        explained = set()
        for target, line, inside in sorted(_imports(path, root), key=lambda item: item[1]):
            if not inside:
                continue
            if {line, line - 1} & (comments | explained):
                explained.add(line)
            else:
                missing.append(f"{path.relative_to(root.parent)}:{line} imports {target}")
    return missing


def test_every_core_subpackage_is_a_known_layer():
    layers = {path.name for path in CORE.iterdir() if (path / "__init__.py").exists()}
    assert layers == set(RANK), "a new subpackage of core/ needs its place in RANK and the docs"


def test_core_imports_run_down_the_layers_only():
    wrong = upward_arrows(CORE)
    assert not wrong, "\n".join(wrong)


def test_core_has_no_import_cycle():
    cycles = import_cycles(CORE)
    assert not cycles, "\n".join(cycles)


def test_core_imports_neither_qgis_nor_the_plugin_nor_the_samples():
    wrong = []
    for name, path in _modules(CORE).items():
        for target, line, _ in _imports(path, CORE):
            if any(target == top or target.startswith(top + ".") for top in FORBIDDEN_TOP):
                wrong.append(f"{name} line {line}: {target}")
    assert not wrong, "\n".join(wrong)


def test_every_import_inside_a_function_says_why():
    missing = unexplained_deferred_imports(CORE)
    assert not missing, (
        "imports inside functions without a one-line reason comment (or "
        "hoist them):\n" + "\n".join(missing)
    )


def test_metadata_keys_are_literals_in_one_module_only():
    wrong = []
    for name, path in _modules(CORE).items():
        if name == "core.formats.metadata":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("SANDFLUX_")
                and node.value.isupper()
                and node.value not in ENVIRONMENT_VARIABLES
            ):
                wrong.append(f"{path.relative_to(CORE.parent)}:{node.lineno} '{node.value}'")
    assert not wrong, "use the constants of core/formats/metadata.py:\n" + "\n".join(wrong)


def test_the_checks_find_planted_faults(tmp_path):
    """A small tree with one fault of each kind: the walk reports exactly those."""
    root = tmp_path / "core"
    files = {
        "__init__.py": "",
        "infra/__init__.py": "",
        "infra/a.py": "from ..formats import b\n",  # upward, and a cycle
        "formats/__init__.py": "",
        "formats/b.py": ("from ..infra import a\n\n\ndef f():\n    import json\n    import csv\n"),
        "inputs/__init__.py": "",
        "inputs/c.py": (
            "def g():\n    # deferred: the reason\n"
            "    from sandflux.core.reports import d\n    import json\n"
        ),
        "reports/__init__.py": "",
        "reports/d.py": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    assert upward_arrows(root) == [
        "core.infra.a (line 1) imports core.formats.b: infra may not import formats",
        "core.inputs.c (line 3) imports core.reports.d: inputs may not import reports",
    ]
    assert import_cycles(root) == ["core.formats.b -> core.infra.a -> core.formats.b"]
    assert unexplained_deferred_imports(root) == [
        "core/formats/b.py:5 imports json",
        "core/formats/b.py:6 imports csv",
    ]
