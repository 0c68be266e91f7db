"""Outputs are safe and whole: every file is written to a temporary name and renamed
(readable by the user only), a failed or interrupted write leaves nothing under the final
name, an export is audited once it is complete, a bad ``--out`` (a folder, a missing
folder, a full disk) is one line and exit 1 for every command, the import report CSV is
formula-safe in every field, and names printed to a terminal hold no control characters."""

from __future__ import annotations

import csv
import errno
import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from advocacy_desk import files
from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.models import Person
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.terminal import terminal_text
from advocacy_desk.importing.report import ImportReport, Problem
from tests.conftest import TODAY
from tests.data_protection_data import person
from tests.services.test_reports import DETAILS, case_ref, open_case

POSIX = os.name == "posix"


def _left_behind(folder: Path) -> list[str]:
    """Everything in ``folder``: no temporary file may stay."""
    return sorted(p.name for p in folder.iterdir())


# -- the one helper ------------------------------------------------------------------------


def _write_then_fail(out: Path, content: bytes, failure: BaseException) -> None:
    with files.atomic_output(out) as temporary:
        temporary.write_bytes(content)
        raise failure


def test_a_whole_write_takes_its_name_and_is_readable_by_the_user_only(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    with files.atomic_output(out) as temporary:
        assert temporary.parent == tmp_path
        assert temporary.name != out.name
        temporary.write_text("a,b\n", encoding="utf-8")
        assert not out.exists()  # nothing under the final name until it is whole
    assert out.read_text(encoding="utf-8") == "a,b\n"
    assert _left_behind(tmp_path) == ["export.csv"]
    if POSIX:
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("failure", [RuntimeError("layout"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_write_leaves_nothing_behind(
    tmp_path: Path, failure: BaseException
) -> None:
    out = tmp_path / "new.pdf"
    with pytest.raises(type(failure)):
        _write_then_fail(out, b"%PDF-1.4 half", failure)
    assert _left_behind(tmp_path) == []


def test_a_failed_write_keeps_the_file_that_was_there(tmp_path: Path) -> None:
    out = tmp_path / "letter.docx"
    out.write_bytes(b"the letter as it was")
    with pytest.raises(RuntimeError):
        _write_then_fail(out, b"half a new one", RuntimeError("stopped"))
    assert out.read_bytes() == b"the letter as it was"
    assert _left_behind(tmp_path) == ["letter.docx"]


def test_a_full_disk_is_one_message_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "return.csv"
    with pytest.raises(AdvocacyDeskError) as caught:
        _write_then_fail(out, b"x", OSError(errno.ENOSPC, "No space left on device"))
    assert str(caught.value) == (
        f"cannot write {out}: the disk is full; free some space (or choose another disk) "
        "and try again"
    )
    assert _left_behind(tmp_path) == []


def test_a_folder_or_a_missing_folder_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(AdvocacyDeskError, match="it is a folder; give a file name"):
        files.write_text(tmp_path, "x")
    with pytest.raises(AdvocacyDeskError, match=r"the folder .*nope does not exist"):
        files.write_text(tmp_path / "nope" / "x.ics", "x")
    assert _left_behind(tmp_path) == []


# -- every command taking --out --------------------------------------------------------------


@pytest.fixture
def ready(services: Services, database: str, tmp_path: Path) -> dict[str, str]:
    """A case with a report, an advocate with a caseload and a file to import: what the
    commands need."""
    case_id = open_case(services)
    report = services.reports.create(case_id, DETAILS)
    people = tmp_path / "input" / "people.csv"
    people.parent.mkdir()
    people.write_text("person_ref,given_name,family_name\nP900001,Ann,Able\n", encoding="utf-8")
    return {"case": case_ref(services, case_id), "person": "P000001", "db": database,
            "report": str(report.id), "people": str(people)}  # fmt: skip


def _commands(ready: dict[str, str]) -> dict[str, Callable[[Path], list[str]]]:
    """Each command, given where its --out points."""
    case = ready["case"]
    return {
        "return-csv": lambda out: ["return", "--quarter", "2026/27-Q2", "--format", "csv",
                                   "--out", str(out)],
        "return-pdf": lambda out: ["return", "--quarter", "2026/27-Q2", "--format", "pdf",
                                   "--out", str(out)],
        "letter": lambda out: ["letter", "--template", "introduction", "--case", case,
                               "--out", str(out)],
        "report": lambda out: ["report", "--case", case, "--out", str(out)],
        "diary": lambda out: ["diary", "--advocate", "dee", "--format", "ics", "--out", str(out)],
        "backup": lambda out: ["backup", "--out", str(out)],
        "import-report": lambda out: ["import", "--dry-run", "--report", str(out),
                                      ready["people"]],
    }  # fmt: skip


_SUFFIX = {"return-pdf": ".pdf", "letter": ".docx", "report": ".pdf", "diary": ".ics",
           "backup": ".sqlite", "return-csv": ".csv", "import-report": ".csv"}  # fmt: skip
COMMANDS = sorted(_SUFFIX)


def _full(_path: Path) -> None:
    """The disk fills as the file is flushed to it."""
    raise OSError(errno.ENOSPC, "No space left on device")


def _run(ready: dict[str, str], args: list[str]) -> int:
    return cli_main(["--db", ready["db"], *args])


def _one_error_line(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    said = capsys.readouterr()
    lines = said.err.splitlines()
    assert len(lines) == 1, said.err
    assert lines[0].startswith("advocacy-desk: error: "), lines[0]
    assert "Traceback" not in said.err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_out_to_a_folder_is_one_line_and_exit_1(
    ready: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    if command == "backup" and not ready["db"].endswith(".sqlite"):
        pytest.skip("a server's backup goes through pg_dump")
    folder = tmp_path / f"folder{_SUFFIX[command]}"
    folder.mkdir()
    capsys.readouterr()
    assert _run(ready, _commands(ready)[command](folder)) == 1
    _one_error_line(capsys, str(folder), "folder")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_out_to_a_missing_folder_is_one_line_and_exit_1(
    ready: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    if command == "backup" and not ready["db"].endswith(".sqlite"):
        pytest.skip("a server's backup goes through pg_dump")
    out = tmp_path / "nope" / f"out{_SUFFIX[command]}"
    capsys.readouterr()
    assert _run(ready, _commands(ready)[command](out)) == 1
    _one_error_line(capsys, str(out.parent), "does not exist")
    assert not out.parent.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk_is_one_line_exit_1_and_leaves_nothing(
    ready: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, command: str,
) -> None:  # fmt: skip
    if command == "backup" and not ready["db"].endswith(".sqlite"):
        pytest.skip("a server's backup goes through pg_dump")
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / f"out{_SUFFIX[command]}"
    args = _commands(ready)[command](out)
    capsys.readouterr()

    monkeypatch.setattr(files, "_sync", _full)
    assert _run(ready, args) == 1
    _one_error_line(capsys, str(out), "disk is full")
    assert list(folder.iterdir()) == []


def test_subject_access_and_templates_refuse_a_file_where_a_folder_belongs(
    ready: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("keep me", encoding="utf-8")
    for args in (["subject-access", "--person", ready["person"], "--out", str(a_file)],
                 ["templates", "--out", str(a_file)]):  # fmt: skip
        capsys.readouterr()
        assert _run(ready, args) == 1
        _one_error_line(capsys, str(a_file), "not a folder")
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_subject_access_to_a_full_disk_leaves_nothing_and_is_not_audited(
    services: Services, ready: dict[str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder = tmp_path / "sar"
    folder.mkdir()

    monkeypatch.setattr(files, "_sync", _full)
    capsys.readouterr()
    assert _run(ready, ["subject-access", "--person", ready["person"], "--out", str(folder)]) == 1
    _one_error_line(capsys, str(folder), "disk is full")
    assert list(folder.iterdir()) == []
    assert services.audit.events(action="export") == []


def test_an_export_is_audited_only_once_it_is_complete(
    services: Services, ready: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.pdf"
    seen: list[bool] = []
    real_sync = files._sync

    def watching(path: Path) -> None:
        # Just before the file takes its name, the export is not yet in the trail.
        seen.append(bool(services.audit.events(action="export")))
        real_sync(path)

    monkeypatch.setattr(files, "_sync", watching)
    services.reports.export(int(ready["report"]), out)
    assert seen == [False]
    [event] = services.audit.events(action="export")
    assert event.entity == "advocate_report"


def test_an_export_that_cannot_be_audited_leaves_no_file(
    services: Services, ready: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise AdvocacyDeskError("the audit trail cannot be written")

    monkeypatch.setattr(services.access, "record", broken)
    with pytest.raises(AdvocacyDeskError, match="audit trail"):
        services.reports.export(int(ready["report"]), tmp_path / "report.docx")
    assert [p.name for p in tmp_path.iterdir() if "report" in p.name] == []


def test_letters_and_the_diary_are_written_readable_by_the_user_only(
    ready: dict[str, str], tmp_path: Path
) -> None:
    if not POSIX:
        pytest.skip("file modes are POSIX")
    for command, name in (("letter", "l.pdf"), ("diary", "d.ics"), ("report", "r.docx"),
                          ("return-csv", "q.csv")):  # fmt: skip
        out = tmp_path / name
        assert _run(ready, _commands(ready)[command](out)) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600, name
    written = {
        p.name
        for p in tmp_path.iterdir()
        if p.name.endswith((".ics", ".pdf", ".csv", ".docx", ".part"))
    }
    assert written == {"d.ics", "l.pdf", "q.csv", "r.docx"}


# -- the import report --------------------------------------------------------------------


def test_every_field_of_the_import_report_is_formula_safe(tmp_path: Path) -> None:
    report = ImportReport()
    report.add(Problem('=HYPERLINK("http://evil.example","x").csv', 2, "+SUM(A1)",
                       "@cmd", "-1+1 is not a date"))  # fmt: skip
    report.warnings.append(Problem("=1.csv", None, "=2", "=3", "=4"))
    out = tmp_path / "report.csv"
    report.save_csv(out)
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["kind", "file", "row", "column", "value", "problem"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert rows[1][1] == "'" + '=HYPERLINK("http://evil.example","x").csv'
    assert rows[1][3:] == ["'+SUM(A1)", "'@cmd", "'-1+1 is not a date"]
    assert _left_behind(tmp_path) == ["report.csv"]


# -- names printed to a terminal ---------------------------------------------------------------

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Ann Able", "Ann Able"),
        (f"Ann{ESCAPES} Able", "Ann]0;owned[2J[31m Able"),
        ("Bob\rEvil", "BobEvil"),
        ("Zoë\u202eevil", "Zoëevil"),  # a right-to-left override hides what follows
        ("Tab\there", "Tab here"),
        ("Łukasz Αλέξανδρος Дмитрий", "Łukasz Αλέξανδρος Дмитрий"),
        ("\u200dجان", "\u200dجان"),  # a joiner some scripts need stays
    ],
)
def test_text_for_a_terminal_has_no_control_characters(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


def test_the_waiting_list_prints_names_without_control_characters(
    services: Services, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    who = person(services, "Ann", "Able")
    services.referrals.create(who, ReferralDetails(date(2026, 11, 2), "self", "care_act"))
    with services.uow() as uow:  # as an old import or a direct edit could have left it
        uow.session.execute(update(Person).values(given_name=f"Ann{ESCAPES}"))
        uow.commit()
    assert cli_main(["--db", database, "waiting-list", "--as-of", TODAY.isoformat()]) == 0
    printed = capsys.readouterr().out
    assert "Ann]0;owned[2J[31m Able" in printed
    assert "\x1b" not in printed
    assert "\x07" not in printed


def test_problems_and_errors_are_printed_without_control_characters(
    ready: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(f"person_ref,given_name,family_name,date_of_birth\n"
                      f"P900001,Ann,Able,31/02/19{ESCAPES}\n", encoding="utf-8")  # fmt: skip
    assert _run(ready, ["import", "--dry-run", str(people)]) == 1
    said = capsys.readouterr()
    assert "people.csv row 2" in said.err
    assert "\x1b" not in said.err + said.out
    assert _run(ready, ["subject-access", "--person", f"P1{ESCAPES}",
                        "--out", str(tmp_path)]) == 1  # fmt: skip
    line = _one_error_line(capsys, "no person with reference")
    assert "\x1b" not in line
    assert "\x07" not in line
