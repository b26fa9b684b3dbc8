"""Layering: the pure modules never import pygame, and no module of game/ imports itself back."""

import ast
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

GAME_DIR = Path(__file__).resolve().parent.parent / "game"


def package_modules(package: str) -> list[str]:
    """A package of game/ and every module in it, by dotted name."""
    folder = GAME_DIR.joinpath(*package.split(".")[1:])
    return [package] + [f"{package}.{path.stem}" for path in sorted(folder.glob("[!_]*.py"))]


PURE_MODULES = [
    "game",
    "game.clues",
    "game.words",
    "game.modes",
    "game.cluegen",
    "game.prefs",
    "game.scores",
    "game.storage",
    *package_modules("game.engine"),
    *package_modules("game.rules"),
    *package_modules("game.classroom"),
    *package_modules("game.host"),
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_module_does_not_import_pygame(module):
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "sys.exit(1 if 'pygame' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # A module that is missing or fails to import is a failure here, not a skip.
    assert result.returncode == 0, result.stderr or f"{module} imported pygame"


@pytest.mark.parametrize("module", package_modules("game.engine"))
def test_importing_the_engine_does_not_load_torch(module):
    code = f"import sys, {module}; sys.exit(1 if 'torch' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "game.engine imported torch eagerly"


def test_ranking_methods_are_numpy_only():
    code = (
        "import sys, game.engine.methods, game.engine.glove\n"
        "heavy = {'torch', 'onnxruntime', 'sentence_transformers'} & set(sys.modules)\n"
        "sys.exit(f'imported {sorted(heavy)}' if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the package under `root`: dotted name -> file."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
    return name == "TYPE_CHECKING"


class ImportCollector(ast.NodeVisitor):
    """The game modules one module imports (module and function level), with line numbers."""

    def __init__(self, module: str, is_package: bool, known: set[str]) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.known = known
        self.found: dict[str, int] = {}  # imported module -> first line

    def _add(self, name: str, line: int) -> None:
        # `import game.a.b` runs game.a.b: the longest prefix that is a game module.
        while name and name not in self.known:
            name = name.rpartition(".")[0]
        if name:
            self.found.setdefault(name, line)

    def visit_If(self, node: ast.If) -> None:
        if is_type_checking(node.test):
            for child in node.orelse:  # only the run-time branch counts
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, *([node.module] if node.module else [])])
        else:
            source = node.module or ""
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            self._add(submodule if submodule in self.known else source, node.lineno)

    def visit_Call(self, node: ast.Call) -> None:
        # importlib.import_module("game.x") with a literal name is an import too.
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        first = node.args[0] if node.args else None
        literal = first.value if isinstance(first, ast.Constant) else None
        if name == "import_module" and isinstance(literal, str):
            self._add(literal, node.lineno)
        self.generic_visit(node)


def import_graph(root: Path = GAME_DIR) -> dict[str, dict[str, int]]:
    """Module -> {game module it imports: line of the first such import}."""
    modules = module_names(root)
    known = set(modules)
    graph = {}
    for name, path in modules.items():
        collector = ImportCollector(name, path.name == "__init__.py", known)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        graph[name] = collector.found
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's strongly connected components (iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def cycle_in(component: list[str], graph: dict[str, dict[str, int]]) -> list[str]:
    """One closed path through a component: the shortest way back to its first module."""
    first, members = component[0], set(component)
    paths = {first: [first]}
    queue = [first]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node]):
            if child == first:
                return [*paths[node], first]
            if child in members and child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return component


def describe_cycles(graph: dict[str, dict[str, int]]) -> str:
    """Every import cycle: its modules, and one closed path with the lines that import."""
    lines = []
    for component in strongly_connected(graph):
        if len(component) == 1 and component[0] not in graph[component[0]]:
            continue
        lines.append(f"cycle of {len(component)} modules: {', '.join(component)}")
        path = cycle_in(component, graph)
        for here, there in itertools.pairwise(path):
            lines.append(f"  {here}:{graph[here][there]} imports {there}")
    return "\n".join(lines)


def test_the_import_graph_helpers_find_a_cycle():
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3, "d": 4}, "d": {}, "e": {"e": 5}}
    assert strongly_connected(graph) == [["d"], ["a", "b", "c"], ["e"]]
    assert describe_cycles(graph).splitlines() == [
        "cycle of 3 modules: a, b, c",
        "  a:1 imports b",
        "  b:2 imports c",
        "  c:3 imports a",
        "cycle of 1 modules: e",
        "  e:5 imports e",
    ]


def test_the_import_collector_sees_function_level_relative_and_submodule_imports():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "from ..top import name\n"
        "if TYPE_CHECKING:\n"
        "    from game.typing_only import T\n"
        "def later():\n"
        "    import game.pkg.deep.leaf\n"
        "    importlib.import_module('game.dynamic')\n"
    )
    known = {"game", "game.pkg", "game.pkg.sibling", "game.top", "game.typing_only",
             "game.pkg.deep", "game.dynamic"}  # fmt: skip
    collector = ImportCollector("game.pkg.here", False, known)
    collector.visit(ast.parse(source))
    assert collector.found == {
        "game.pkg.sibling": 2,
        "game.top": 3,
        "game.pkg.deep": 7,
        "game.dynamic": 8,
    }


def test_no_module_of_game_imports_a_module_that_imports_it_back():
    graph = import_graph()
    assert graph.get("game.ui.app"), "the graph must see the UI"
    cycles = describe_cycles(graph)
    print(cycles or "no import cycle")
    assert not cycles, f"import cycles in game/ (function-level imports included):\n{cycles}"
