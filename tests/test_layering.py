"""The package's layering: imports point down the pipeline, never up, and form no cycle.

Every ``import`` of every module counts, wherever it stands (top level, inside a function,
under ``TYPE_CHECKING``). Layers from the bottom: the leaf modules (findings, paths, suggest),
hcl, terraform, rules (with the rule reference pages), then config, engine, reporters and lsp
side by side, cli and docs, and ``__main__``. Within a layer a module may import its package's
modules, except that rule modules never import one another (shared helpers sit beside them).
The package itself
(``euno_lint/__init__.py``) is the public facade: anyone may read its version, and its lazy
attributes may load anything. Third-party parsers, click and rich each have one home.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "euno_lint"

# (layer rank, group): a module may import modules of a lower rank, or of its own group.
LAYERS: dict[str, tuple[int, str]] = {
    "euno_lint.findings": (0, "findings"),
    "euno_lint.paths": (0, "paths"),
    "euno_lint.suggest": (0, "suggest"),
    "euno_lint.hcl": (1, "hcl"),
    "euno_lint.terraform": (2, "terraform"),
    "euno_lint.rules": (3, "rules"),
    "euno_lint.config": (4, "config"),
    "euno_lint.engine": (5, "engine"),
    "euno_lint.reporters": (6, "reporters"),
    "euno_lint.lsp": (6, "lsp"),
    "euno_lint.cli": (7, "cli"),
    "euno_lint.docs": (7, "docs"),
    "euno_lint.__main__": (8, "main"),
    "euno_lint": (-1, "facade"),
}
FACADE = "euno_lint"
# Rule modules report findings; the other modules of euno_lint.rules are shared helpers.
RULE_MODULES = frozenset(
    f"euno_lint.rules.{name}"
    for name in (
        "account",
        "arguments",
        "builtin",
        "configuration",
        "invalidation",
        "schedule",
        "secrets",
    )
)
# Third-party packages that only one group may import.
THIRD_PARTY_HOMES = {
    "lark": {"hcl"},
    "hcl2": {"hcl"},
    "click": {"cli"},
    "rich": {"reporters", "cli"},
    "pygls": {"lsp"},
    "lsprotocol": {"lsp"},
}

Graph = Mapping[str, frozenset[str]]


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a module file under the package root."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str, known: frozenset[str]) -> tuple[set[str], set[str]]:
    """The modules of ours and the third-party top-level packages a module imports."""
    ours: set[str] = set()
    others: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            targets = [m for m in submodules if m in known] or [base]
        for target in targets:
            if target == "euno_lint" or target.startswith("euno_lint."):
                ours.add(target)
            else:
                others.add(target.partition(".")[0])
    return ours, others


def package_graph(root: Path = PACKAGE) -> tuple[Graph, Mapping[str, frozenset[str]]]:
    """Every module's imports of ours, and its third-party imports."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    known = frozenset(files)
    graph: dict[str, frozenset[str]] = {}
    third_party: dict[str, frozenset[str]] = {}
    for name, path in files.items():
        ours, others = imports_of(path, name, known)
        graph[name] = frozenset(ours - {name})
        third_party[name] = frozenset(others)
    return graph, third_party


def layer_of(module: str) -> tuple[int, str]:
    """The layer of a module: the entry of its longest listed prefix."""
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def layering_problems(graph: Graph) -> list[str]:
    """Upward and sideways imports, imports between rule modules, and leaves that import us."""
    problems: list[str] = []
    for module, targets in sorted(graph.items()):
        if module == FACADE:
            continue
        rank, group = layer_of(module)
        for target in sorted(targets - {FACADE}):
            target_rank, target_group = layer_of(target)
            if target_group == group:
                if module in RULE_MODULES and target in RULE_MODULES:
                    problems.append(f"{module} imports rule module {target}")
                continue
            if rank == 0:
                problems.append(f"{module} is a leaf but imports {target}")
            elif target_rank >= rank:
                kind = "upward" if target_rank > rank else "sideways"
                problems.append(f"{module} ({group}) imports {target} ({target_group}): {kind}")
    return problems


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def misplaced_third_party(third_party: Mapping[str, Iterable[str]]) -> list[str]:
    """Third-party imports outside their one home."""
    return [
        f"{module} imports {package}, which only {', '.join(sorted(homes))} may import"
        for module, packages in sorted(third_party.items())
        for package in sorted(packages)
        if (homes := THIRD_PARTY_HOMES.get(package)) and layer_of(module)[1] not in homes
    ]


def test_imports_point_down_the_pipeline() -> None:
    graph, _ = package_graph()
    assert len(graph) > 40, "the package's modules were not found"
    assert layering_problems(graph) == []


def test_no_import_cycles() -> None:
    graph, _ = package_graph()
    assert cycles(graph) == []


def test_third_party_packages_have_one_home() -> None:
    _, third_party = package_graph()
    assert misplaced_third_party(third_party) == []


def test_every_module_belongs_to_a_layer() -> None:
    graph, _ = package_graph()
    for module in graph:
        assert any(module == p or module.startswith(p + ".") for p in LAYERS), module


def test_the_checks_catch_what_they_forbid() -> None:
    graph, third_party = package_graph()
    upward = {**graph, "euno_lint.terraform.loader": graph["euno_lint.terraform.loader"]}
    upward["euno_lint.terraform.loader"] |= {"euno_lint.engine.suppress"}
    assert layering_problems(upward) == [
        "euno_lint.terraform.loader (terraform) imports euno_lint.engine.suppress (engine): upward"
    ]
    sideways = {
        **graph,
        "euno_lint.reporters.sarif": graph["euno_lint.reporters.sarif"]
        | {"euno_lint.lsp.protocol"},
    }
    assert "sideways" in " ".join(layering_problems(sideways))
    between_rules = {**graph}
    between_rules["euno_lint.rules.invalidation"] |= {"euno_lint.rules.schedule"}
    assert layering_problems(between_rules) == [
        "euno_lint.rules.invalidation imports rule module euno_lint.rules.schedule"
    ]
    leaf = {**graph, "euno_lint.paths": frozenset({"euno_lint.findings"})}
    assert layering_problems(leaf) == ["euno_lint.paths is a leaf but imports euno_lint.findings"]
    cyclic = {**graph, "euno_lint.engine.stamp": graph["euno_lint.engine.stamp"]}
    cyclic["euno_lint.engine.stamp"] |= {"euno_lint.engine.run"}
    assert ["euno_lint.engine.run", "euno_lint.engine.stamp"] in [
        [m for m in c if m in ("euno_lint.engine.run", "euno_lint.engine.stamp")]
        for c in cycles(cyclic)
    ]
    lark_elsewhere = {**third_party, "euno_lint.rules.cron": frozenset({"lark"})}
    assert misplaced_third_party(lark_elsewhere) == [
        "euno_lint.rules.cron imports lark, which only hcl may import"
    ]
