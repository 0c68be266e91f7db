"""References never become paths: legacy references such as ``CA/2023/045`` (carried over
from an old system by an import) work in every command that takes one, and every file
named after one lands inside ``--out`` under a sanitised name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.models import Case
from advocacy_desk.domain.file_names import safe_file_name, safe_stem
from tests.importing.test_import import caseload
from tests.services.test_reports import DETAILS

LEGACY_PERSON = "CA/2023/045"
HOSTILE_CASE = "../../x"
LEGACY_CASE = "ca/2023/c17"


def _replace(files: list[Path], old: str, new: str) -> None:
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.fixture
def legacy(services: Services, tmp_path: Path) -> Services:
    """The importer's caseload with legacy references: person CA/2023/045 (with the
    closed case ca/2023/c17, in lower case) and the open case ../../x, with a report."""
    folder = tmp_path / "files"
    folder.mkdir()
    files = caseload(folder)
    _replace(files, "P900001", LEGACY_PERSON)
    _replace(files, "C900001", LEGACY_CASE)
    _replace(files, "C900002", HOSTILE_CASE)
    report = services.imports.run(files)
    assert report.ok, [str(p) for p in report.problems]
    services.reports.create(_case_id(services, HOSTILE_CASE), DETAILS)
    return services


def _case_id(services: Services, ref: str) -> int:
    with services.uow() as uow:
        found = uow.session.scalar(select(Case.id).where(Case.case_ref == ref))
    assert found is not None
    return found


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder, deep enough that ../../ from it is still inside tmp_path."""
    folder = tmp_path / "a" / "b" / "out"
    folder.mkdir(parents=True)
    return folder


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _cli(database: str, *args: str) -> int:
    return cli_main(["--db", str(database), *args])


def test_a_legacy_reference_is_imported_as_written(legacy: Services) -> None:
    person_id = legacy.data_protection.person_id(LEGACY_PERSON)
    assert legacy.people.get(person_id).person_ref == LEGACY_PERSON
    assert _case_id(legacy, HOSTILE_CASE) != _case_id(legacy, LEGACY_CASE)


def test_subject_access_for_a_legacy_reference_lands_in_the_folder(
    legacy: Services, database: str, tmp_path: Path, out: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    before = _files_under(tmp_path) - _files_under(out)
    assert _cli(database, "subject-access", "--person", LEGACY_PERSON, "--out", str(out)) == 0
    printed = [Path(line) for line in capsys.readouterr().out.splitlines()]
    names = sorted(p.name for p in out.iterdir())
    # Named by the sanitised reference and the day the command ran (the real clock).
    assert [re.sub(r"\d{4}-\d\d-\d\d", "DAY", name) for name in names] == [
        "subject-access-CA-2023-045-DAY.json",
        "subject-access-CA-2023-045-DAY.pdf",
    ]
    assert sorted(printed) == sorted(out.iterdir())
    assert _files_under(tmp_path) - _files_under(out) == before  # nothing written elsewhere
    data = json.loads((out / names[0]).read_text("utf-8"))
    assert data["person_ref"] == LEGACY_PERSON  # the reference itself is kept as written


def test_a_letter_for_a_hostile_case_reference_is_named_safely(
    legacy: Services, database: str, tmp_path: Path, out: Path
) -> None:
    before = _files_under(tmp_path)
    target = out / "letter.docx"
    assert _cli(database, "letter", "--template", "introduction", "--case", HOSTILE_CASE,
                "--out", str(target)) == 0  # fmt: skip
    assert _files_under(tmp_path) - before == {target}
    [kept] = legacy.letters.letters(_case_id(legacy, HOSTILE_CASE))
    assert re.fullmatch(r"x-introduction-\d{4}-\d\d-\d\d\.docx", kept.file_name)


@pytest.mark.parametrize("typed", [LEGACY_CASE, LEGACY_CASE.upper(), f" {LEGACY_CASE} "])
def test_a_legacy_case_is_found_as_typed_in_any_letter_case(
    legacy: Services, database: str, out: Path, typed: str
) -> None:
    assert _cli(database, "letter", "--template", "case-closure", "--case", typed,
                "--out", str(out / "l.pdf")) == 0  # fmt: skip
    assert [p.name for p in out.iterdir()] == ["l.pdf"]
    [kept] = legacy.letters.letters(_case_id(legacy, LEGACY_CASE))
    assert re.fullmatch(r"ca-2023-c17-case-closure-\d{4}-\d\d-\d\d\.docx", kept.file_name)


def test_a_report_for_a_hostile_case_reference_is_written_where_asked(
    legacy: Services, database: str, tmp_path: Path, out: Path
) -> None:
    before = _files_under(tmp_path)
    target = out / "report.pdf"
    assert _cli(database, "report", "--case", HOSTILE_CASE.upper(), "--out", str(target)) == 0
    assert _files_under(tmp_path) - before == {target}


@pytest.mark.parametrize(
    ("reference", "stem"),
    [
        ("P000123", "P000123"),
        ("CA/2023/045", "CA-2023-045"),
        ("../../x", "x"),
        ("..", "file"),
        (".", "file"),
        ("", "file"),
        ("/", "file"),
        ("C:\\Users\\x", "C-Users-x"),
        ("CON", "CON_"),
        ("nul", "nul_"),
        ("LPT1", "LPT1_"),
        ("Zoë O'Brien", "Zoe-O-Brien"),
        ("a\x1b[2Jb", "a-2Jb"),
        ("ref_1-2", "ref_1-2"),
    ],
)
def test_a_reference_becomes_a_safe_file_name_stem(reference: str, stem: str) -> None:
    assert safe_stem(reference) == stem


def test_a_long_reference_makes_a_bounded_stem() -> None:
    made = safe_stem("A/" * 500)
    assert 0 < len(made) <= 100
    assert set(made) <= set("A-")
    assert not made.startswith("-")
    assert not made.endswith("-")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("CA/2023/045-introduction-2026-11-23.docx", "CA-2023-045-introduction-2026-11-23.docx"),
        ("../../x.pdf", "x.pdf"),
        ("..", "file"),
        (".docx", "docx"),
        ("CON.txt", "CON_.txt"),
    ],
)
def test_a_kept_file_name_is_made_safe_whole(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe
