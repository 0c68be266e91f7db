"""The command line as a person (or a script) uses it: exit codes and one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.engine import make_engine
from advocacy_desk.db.migrate import HEAD_REVISION, current_revision

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def test_init_creates_and_migrates_the_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    result = _run("--db", str(db), "init")
    assert result.returncode == 0, result.stderr
    assert str(db) in result.stdout
    engine = make_engine(db)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()
    assert _run("--db", str(db), "init").returncode == 0  # again: already at head


def test_init_accepts_an_sqlalchemy_url(tmp_path: Path) -> None:
    db = tmp_path / "by-url.sqlite"
    assert cli_main(["--db", f"sqlite:///{db}", "init"]) == 0
    assert db.exists()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing" / "x.sqlite", "does not exist"),
        (lambda p: p, "is a folder"),
        (lambda p: (p / "notes.txt", (p / "notes.txt").write_text("hello"))[0], "not an Advocacy"),
    ],
)
def test_expected_errors_print_one_line_and_exit_non_zero(
    tmp_path: Path, make: object, words: str
) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    result = _run("--db", str(target), "init")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("advocacy-desk: error:")
    assert words in lines[0]
    assert "Traceback" not in result.stderr


def test_a_database_newer_than_the_app_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "newer.sqlite"
    assert _run("--db", str(db), "init").returncode == 0
    engine = make_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    result = _run("--db", str(db), "init")
    assert result.returncode == 1
    assert "newer version of Advocacy Desk" in result.stderr
    assert "Traceback" not in result.stderr


def test_headless_commands_never_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys, main; rc = main.main(['--db', sys.argv[1], 'init']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; "
        "raise SystemExit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "q.sqlite")],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
