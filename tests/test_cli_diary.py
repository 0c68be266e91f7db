"""``advocacy-desk diary``: an advocate's appointments as iCalendar or JSON, their own by
default, a colleague's refused, an unknown advocate named in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advocacy_desk.app import open_services
from advocacy_desk.cli import main as cli_main
from tests.conftest import TODAY
from tests.services.test_diary import (
    PASSWORD,
    TUESDAY,
    end_of,
    events_of,
    open_case,
    start_of,
    visit,
)

WEEK = ["--from", "2026-11-23", "--to", "2026-11-29"]


@pytest.fixture
def diary_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ann and Dee (advocates) with an appointment each on Tuesday; Mia, a manager with
    no caseload. The database has accounts, so each command signs in."""
    db = tmp_path / "diary.sqlite"
    services = open_services(db, today=lambda: TODAY, user="setup")
    try:
        anns, _ = open_case(services, "Jane", advocate="ann")
        dees, _ = open_case(services, "Amir", "Khan", advocate="dee")
        services.diary.add(visit(anns, start=10, end=11))
        services.diary.add(visit(dees, start=14, end=15, kind="care_review"))
        services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
        services.accounts.add("mia", "Mia Manager", "manager", PASSWORD)
    finally:
        services.close()
    monkeypatch.setenv("ADVOCACY_DESK_PASSWORD", PASSWORD)
    return db


def run(db: Path, user: str, *args: str) -> int:
    return cli_main(["--db", str(db), "--user", user, "diary", *args])


def test_an_advocate_gets_their_own_diary_by_default(
    diary_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(diary_db, "ann", "--format", "json", *WEEK) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(i["case_ref"], i["kind"], i["starts_at"], i["advocate"]) for i in items] == [
        ("C000001", "visit", "2026-11-24T10:00:00+00:00", "ann")
    ]
    assert "Jane" not in json.dumps(items)


def test_a_manager_saves_an_advocates_calendar(
    diary_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dee.ics"
    assert run(diary_db, "mia", "--advocate", "dee", "--format", "ics", "--out", str(out),
               *WEEK) == 0  # fmt: skip
    assert f"diary saved as {out}" in capsys.readouterr().err
    [event] = events_of(out.read_text(encoding="utf-8"))
    assert str(event["summary"]) == "C000002 Care review"
    assert start_of(event).date() == TUESDAY
    assert (start_of(event).hour, end_of(event).hour) == (14, 15)
    assert "Amir" not in out.read_text(encoding="utf-8")
    assert out.read_bytes().count(b"\r\n") > 10  # iCalendar lines end CRLF


def test_an_unknown_advocate_is_one_line(
    diary_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(diary_db, "mia", "--advocate", "nobody", "--format", "ics", *WEEK) == 1
    captured = capsys.readouterr()
    assert captured.err == "advocacy-desk: error: no advocate called 'nobody'\n"
    assert captured.out == ""


def test_an_advocate_is_refused_a_colleagues_diary(
    diary_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(diary_db, "ann", "--advocate", "dee", "--format", "json", *WEEK) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "advocacy-desk: error: this is another advocate's diary, so you cannot export it\n"
    )
    assert captured.out == ""


def test_someone_with_no_caseload_is_told_to_name_the_advocate(
    diary_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(diary_db, "mia", "--format", "ics", *WEEK) == 1
    assert capsys.readouterr().err == (
        "advocacy-desk: error: you hold no caseload: give --advocate USERNAME\n"
    )
