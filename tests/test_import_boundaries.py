"""The tree keeps its architecture: what each part may import, where processes start, no
cycles, modules of a readable size.

Every import counts, also those inside functions (parsed, not run), so a lazy import cannot
hide a dependency or a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from paths import REPO

TUI = REPO / "tui"
MAX_LINES = 450
"""No module is longer (~400 is the aim; a longer one says why at its top)."""


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(TUI.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(module: str) -> Iterator[str]:
    """The absolute names ``module`` imports, anywhere in it."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            yield prefix
            yield from (f"{prefix}.{alias.name}" for alias in node.names)


def internal(name: str) -> str | None:
    """The module of the package that ``name`` refers to (a name imported from a module
    resolves to that module), or None outside the package."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def graph() -> dict[str, set[str]]:
    return {
        module: {target for name in imports(module) if (target := internal(name))} - {module}
        for module in MODULES
    }


def under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


# -- 1. the analysis core is pure ---------------------------------------------------------------

ALLOWED_OUTSIDE = {"spacy", "numpy", "thinc", "__future__"}
"""What the analysis core may import besides itself and the standard library."""


def test_the_analysis_core_imports_only_itself_spacy_numpy_and_the_standard_library() -> None:
    stdlib = set(sys.stdlib_module_names)
    offences = []
    for module in MODULES:
        if not under(module, "tui.analysis"):
            continue
        for name in imports(module):
            top = name.split(".")[0]
            if top == "tui":
                target = internal(name)
                if target is None or not under(target, "tui.analysis"):
                    offences.append(f"{module} imports {name}")
            elif top not in stdlib and top not in ALLOWED_OUTSIDE:
                offences.append(f"{module} imports {name}")
    assert offences == []


# spaCy's own command-line module imports rich (through typer) when spaCy is imported, so
# rich is checked before spaCy is loaded, and textual after a whole analysis.
PROBE = """
import sys
import tui.analysis
import tui.analysis.claims
import tui.analysis.devices
import tui.analysis.entities
import tui.exports
def leaked(roots):
    return sorted(name for name in sys.modules if name.split(".")[0] in roots)
print(",".join(leaked({"textual", "rich"})))
from tui.analysis import analyze
analyze("Merz urges a careful exchange. We reject the plan.")
print(",".join(leaked({"textual"})))
"""


def test_the_analysis_and_the_exports_load_neither_textual_nor_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    before_spacy, after_analysis = result.stdout.splitlines()
    assert before_spacy == "", f"UI modules imported by the analysis: {before_spacy}"
    assert after_analysis == "", f"textual imported by running an analysis: {after_analysis}"


# -- the other fences ---------------------------------------------------------------------------

FENCES = {
    "tui.documents": ("tui.engine", "tui.exports", "tui.ui", "tui.commands"),
    "tui.engine": ("tui.ui", "tui.commands", "textual"),
    "tui.exports": ("tui.ui", "tui.engine", "tui.commands", "textual"),
    "tui.encoder": ("tui.ui", "tui.engine", "tui.commands", "tui.documents", "tui.exports",
                    "textual", "rich", "torch"),
}
"""Package → what it must never import."""


def test_documents_engine_and_exports_stay_out_of_the_ui() -> None:
    offences = []
    for module in MODULES:
        for package, banned in FENCES.items():
            if not under(module, package):
                continue
            for name in imports(module):
                target = internal(name) or name
                if any(under(target, fence) for fence in banned):
                    offences.append(f"{module} imports {name}")
    assert offences == []


# -- 2. one place starts processes --------------------------------------------------------------

def starts_processes(path: Path) -> bool:
    """True when the module calls something that starts a process: a process pool, a
    multiprocessing context, process or helper (the fork server), a subprocess, a fork."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        called = ast.unparse(node.func)
        if (called.endswith(("ProcessPoolExecutor", "get_context", "ensure_running", "Process"))
                or called.startswith(("subprocess.", "os.fork", "os.spawn", "os.exec"))):
            return True
    return False


def test_exactly_one_module_starts_worker_processes() -> None:
    starters = sorted(module for module, path in MODULES.items() if starts_processes(path))
    assert starters == ["tui.engine.pool"]
    users = sorted(module for module, targets in graph().items() if "tui.engine.pool" in targets)
    assert {"tui.engine.runner", "tui.engine.corpus"} <= set(users)


# -- 3. no cycles --------------------------------------------------------------------------------


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_not_even_inside_functions() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# -- 4. and 5. readable modules, no tower of bases under the screen ------------------------------


def test_no_module_is_over_450_lines() -> None:
    long = {module: count for module, path in MODULES.items()
            if (count := len(path.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_reading_screen_is_a_plain_screen_with_its_state_in_one_object() -> None:
    from textual.screen import Screen

    from tui.ui.reading import ReadingState
    from tui.ui.screens.main import MainScreen

    assert MainScreen.__bases__ == (Screen,)
    classes = [node.name for path in (TUI / "ui").rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text("utf-8")))
               if isinstance(node, ast.ClassDef)]
    assert not [name for name in classes if name.endswith("Actions")]
    assert ReadingState.__module__ == "tui.ui.reading"
    probe = "import sys, tui.ui.reading; print('textual' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60).stdout.strip()
    assert loaded == "False"  # the state is testable without Textual
