"""The package's structure, checked from its source: layers, circles, the connection, module size.

Walks every module of ``src/greatgame`` with ``ast`` (imports inside functions included) and fails on
an import circle, on an import from a lower layer to a higher one, on any use of a knowledge base's raw
connection outside ``kb/``, and on a module over the size limit (the two grammars excepted).
"""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "greatgame"

# Lower number = lower layer; a module may import its own layer and those below it.
LAYERS = {
    "errors": 0, "regions": 0, "_face": 0, "ontology": 1, "documents": 2, "extract": 3, "kb": 4, "ingest": 5,
    "data": 6, "influence": 7, "simulate": 8, "export": 9, "report": 9, "web": 9, "api": 10, "cli": 10,
}
LIBRARY = ("documents", "extract", "kb", "ingest", "data", "influence", "simulate")
PRESENTATION = ("cli", "web", "report")
MAX_LINES = 600
GRAMMARS = {"greatgame/extract/dates.py", "greatgame/extract/quantities.py"}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _imports(name: str, path: Path) -> set[str]:
    """The greatgame modules that ``name`` imports (a ``from X import y`` of a submodule y counts as y)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    result = set()
    for mod in found:
        while mod and mod not in MODULES:
            mod = mod.rpartition(".")[0]
        if mod.startswith("greatgame") and mod != name:
            result.add(mod)
    return result


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_no_import_circle():
    # Package faces (``__init__`` re-exports) are left out: ``from ..kb import X`` resolves through them,
    # and a face is not a room of its own. A circle among the real modules fails.
    graph = {m: {t for t in ts if not _is_package(t)} for m, ts in GRAPH.items() if not _is_package(m)}
    colour: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        colour[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if colour.get(nxt) == 1:
                circles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in colour:
                visit(nxt)
        stack.pop()
        colour[node] = 2

    for node in sorted(graph):
        if node not in colour:
            visit(node)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_no_import_runs_upward():
    wrong = []
    for module, targets in GRAPH.items():
        layer = _layer(module)
        if layer not in LAYERS:
            continue
        for target in targets:
            other = _layer(target)
            if other in LAYERS and LAYERS[other] > LAYERS[layer]:
                wrong.append(f"{module} -> {target}")
            if layer in LIBRARY and other in PRESENTATION:
                wrong.append(f"{module} -> {target} (library imports presentation)")
    assert not wrong, "imports from a lower layer to a higher one:\n" + "\n".join(sorted(set(wrong)))


def test_connection_only_inside_kb():
    touched = []
    for module, path in MODULES.items():
        if _layer(module) == "kb":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("con", "_rows", "_insert"):
                touched.append(f"{path.relative_to(SRC)}:{node.lineno} .{node.attr}")
    assert not touched, "the knowledge base's connection used outside kb/:\n" + "\n".join(touched)


def test_modules_are_small():
    big = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES and rel not in GRAMMARS:
            big.append(f"{rel}: {n} lines")
    assert not big, f"modules over {MAX_LINES} lines:\n" + "\n".join(big)


def test_no_unplaced_top_level_room():
    rooms = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")}
    unplaced = rooms - set(LAYERS) - {"__main__"}
    assert not unplaced, f"top-level modules with no layer: {sorted(unplaced)}"


def test_every_error_class_is_in_errors_py():
    import greatgame.errors as errors

    elsewhere = []
    for module, path in MODULES.items():
        if module == "greatgame.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    getattr(b, "id", getattr(b, "attr", "")) in ("Exception", "BaseException", "ValueError",
                                                                 "RuntimeError") or
                    getattr(b, "id", getattr(b, "attr", "")) in vars(errors) for b in node.bases):
                elsewhere.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert not elsewhere, "error classes outside errors.py:\n" + "\n".join(elsewhere)
