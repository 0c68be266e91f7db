"""The core never imports Qt; domain rules never import SQLAlchemy; ui never touches db;
records and exports import neither SQLAlchemy nor a service; nothing imports in a circle;
and importing one service module loads only what it needs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.fresh_python import loaded_by

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _offenders(package: str, banned: tuple[str, ...]) -> list[str]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no python files under {package}"
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(_imports(path))
        if name.split(".")[0] in banned or name.startswith(banned)
    ]


@pytest.mark.parametrize(
    ("package", "banned"),
    [
        ("advocacy_desk", ("PySide6", "shiboken6", "ui")),
        (
            "advocacy_desk/domain",
            ("sqlalchemy", "alembic", "advocacy_desk.db", "advocacy_desk.services"),
        ),
        ("ui", ("sqlalchemy", "alembic", "advocacy_desk.db")),
        ("advocacy_desk/records", ("sqlalchemy", "advocacy_desk.db", "advocacy_desk.services")),
        ("advocacy_desk/exports", ("sqlalchemy", "advocacy_desk.db", "advocacy_desk.services")),
    ],
)
def test_layers_keep_to_their_imports(package: str, banned: tuple[str, ...]) -> None:
    assert _offenders(package, banned) == []


def test_the_check_itself_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert _imports(bad) == {"PySide6.QtCore", "sqlalchemy.orm"}


def _module_files() -> dict[str, Path]:
    """Every module of ``advocacy_desk`` and ``ui``, by its dotted name."""
    found: dict[str, Path] = {}
    for package in ("advocacy_desk", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _guarded(tree: ast.Module) -> set[int]:
    """The lines of ``if TYPE_CHECKING:`` blocks: imports for the type checker only."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _import_graph() -> dict[str, set[str]]:
    """Which module imports which, counting imports inside functions (they run too)
    but not those for the type checker only."""
    modules = _module_files()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _guarded(tree)
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(tree):
            if getattr(node, "lineno", 0) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package[: len(package) - (node.level - 1)]
                    base = ".".join([*parent, base] if base else parent)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                found = known(target)
                if found and found != name:
                    graph[name].add(found)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round in a circle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_no_module_imports_in_a_circle() -> None:
    assert _circles(_import_graph()) == []


def test_the_circle_check_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]


def test_the_services_package_is_empty_so_one_service_loads_alone() -> None:
    """``advocacy_desk.services`` holds no code: importing ``Permission`` does not load
    every service, python-docx or NumPy (the composition root is ``advocacy_desk.app``)."""
    init = ROOT / "advocacy_desk" / "services" / "__init__.py"
    body = ast.parse(init.read_text(encoding="utf-8")).body
    assert all(isinstance(node, ast.Expr) for node in body), "only a docstring"
    loaded = loaded_by(
        "import advocacy_desk.services.access", ("docx", "numpy", "reportlab", "advocacy_desk.app")
    )
    assert loaded.found == []
    assert loaded.count <= 400


def test_at_most_seven_modules_sit_loose_at_the_top_of_the_core() -> None:
    loose = [
        path.name
        for path in (ROOT / "advocacy_desk").glob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    ]
    assert len(loose) <= 7, sorted(loose)


def test_a_section_names_its_permissions_without_loading_the_database_layer() -> None:
    """The window lists its sections, and which of them a role sees, before the database
    layer loads: ``Permission`` is a domain value, so naming one loads no SQLAlchemy and
    no service."""
    loaded = loaded_by(
        "import ui.sections, ui.people.section, ui.casework.section, ui.settings.tabs\n"
        "from advocacy_desk.domain.permissions import Permission",
        ("sqlalchemy", "advocacy_desk.services", "advocacy_desk.db"),
    )
    assert loaded.found == []
