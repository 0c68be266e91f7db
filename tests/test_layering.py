"""The core never imports Qt; domain rules never import SQLAlchemy; ui never touches db."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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
    ],
)
def test_layers_keep_to_their_imports(package: str, banned: tuple[str, ...]) -> None:
    assert _offenders(package, banned) == []


def test_the_check_itself_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert _imports(bad) == {"PySide6.QtCore", "sqlalchemy.orm"}
