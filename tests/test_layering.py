"""The package's imports follow the data flow (docs: DESIGN.md, "Data flow"): no import cycle between top-level
parts of ``tragac`` and no import that runs back up the flow.

Every ``import``/``from … import`` in ``src/tragac`` counts, at module level and inside functions, except those
under ``if TYPE_CHECKING:`` (types only: nothing runs). ``plugins`` and ``pipeline`` are infrastructure: anyone may
import them, and they may import any layer lazily (inside a function) to load the built-ins; their module-level
imports obey the table like everyone else's.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "tragac"

# The allowed layers, lowest first: a part may import its own layer and any lower one, never a higher one.
LAYERS: list[tuple[str, ...]] = [
    # What a hash is (kinds, distance, thresholds) is vocabulary every layer shares, settings and models included.
    ("errors", "fingerprints", "severity"),
    ("config", "progress", "keyring", "audit", "store", "plugins", "pipeline"),
    # Decoding and hashing are a library the sources call too: live collection and the web watch hash and drop.
    ("media",),
    ("sources",),
    ("matching",),
    ("text",),
    ("signals",),
    ("policy",),
    ("cases",),
    ("analytics",),
    # Workers on PostgreSQL and the optional Ray engine run the stages and indexes above across processes.
    ("distributed",),
    ("web", "cli", "demo"),
]
LAYER = {part: n for n, parts in enumerate(LAYERS) for part in parts}
LAYER.update({"__init__": 0, "__main__": len(LAYERS) - 1})  # the package root and `python -m tragac`
INFRASTRUCTURE = {"plugins", "pipeline"}


@dataclass(frozen=True)
class Import:
    importer: str  # top-level part of the importing module
    imported: str  # top-level part it imports
    where: str  # file:line
    lazy: bool  # inside a function


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "tragac" else None


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    names = list(rel.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of import nodes under ``if TYPE_CHECKING:``."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _imports_of(path: Path) -> list[Import]:
    module = _module_name(path)
    importer = _part(module) or "__init__"
    if path.name == "__main__.py" and path.parent == PACKAGE:
        importer = "__main__"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _type_checking_nodes(tree)
    lazy_nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            lazy_nodes |= {id(n) for n in ast.walk(node) if n is not node}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[Import] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                targets = [".".join([*base, node.module] if node.module else base)]
            elif node.module:
                targets = [node.module]
            if targets and targets[0] == "tragac":  # from tragac import policy, audit
                targets = [f"tragac.{a.name}" for a in node.names]
        where = f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', 0)}"
        for target in targets:
            imported = _part(target)
            if imported and imported != importer:
                out.append(Import(importer, imported, where, id(node) in lazy_nodes))
    return out


def all_imports() -> list[Import]:
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in _imports_of(path)]


def _counted(imp: Import) -> bool:
    """Whether this import is held to the table (infrastructure may import anything lazily)."""
    return not (imp.lazy and imp.importer in INFRASTRUCTURE)


def test_every_part_has_a_layer() -> None:
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir() if p.suffix == ".py" or p.is_dir()}
    parts -= {"__pycache__"}
    assert not parts - LAYER.keys(), f"add these to LAYERS: {sorted(parts - LAYER.keys())}"


def test_no_import_runs_back_up_the_data_flow() -> None:
    upward = [imp for imp in all_imports() if _counted(imp) and LAYER.get(imp.imported, 0) > LAYER.get(imp.importer, 0)]
    lines = [
        f"{imp.where}: {imp.importer} (layer {LAYER[imp.importer]}) imports {imp.imported} "
        f"(layer {LAYER.get(imp.imported)}){' inside a function' if imp.lazy else ''}"
        for imp in upward
    ]
    assert not lines, f"{len(lines)} import(s) against the data flow:\n" + "\n".join(lines)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_between_parts() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for imp in all_imports():
        if _counted(imp):
            edges[imp.importer].add(imp.imported)
            where[(imp.importer, imp.imported)].append(imp.where)
    report = []
    for comp in _cycles(edges):
        # The imports that close the cycle: those that run up the table (or, in a cycle within one layer, all).
        inner = [(a, b) for a in comp for b in sorted(edges[a] & set(comp))]
        up = [(a, b) for a, b in inner if LAYER.get(b, 0) > LAYER.get(a, 0)] or inner
        closing = [f"  {a} -> {b}: {', '.join(where[(a, b)][:4])}" for a, b in up]
        report += [f"cycle among {', '.join(comp)}; closed by:", *closing]
    assert not report, "\n".join(report)
