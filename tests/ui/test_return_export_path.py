"""One way a return is exported: the window and the ``return`` command both go through
``services.returns.export``, so both write the file whole, then record the export, in
the same order and with the same details; when the export cannot be recorded, neither
leaves a file behind.

The data is the small demo caseload dated up to TODAY (23/11/2026); the return is
2026/27 Q2, all contracts, with small numbers suppressed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.db.models import AuditEvent
from advocacy_desk.demo import generate
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.records.returns import Narrative
from advocacy_desk.services.returns import ReturnService
from tests.conftest import TODAY
from tests.ui.conftest import click
from ui.bus import DataBus
from ui.returns import ReturnsPage
from ui.returns.checks import DataProblemsDialog

pytestmark = pytest.mark.usefixtures("no_modals")

Q2 = Quarter(2026, 2)
WAIT_MS = 10_000

#: An audit event as the test compares them: action, entity, and its details.
Event = tuple[str, str, dict[str, Any]]


@pytest.fixture
def demo(services: Services) -> Services:
    generate(services, scale="small", seed=1, as_of=TODAY)
    return services


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each export recorded, with whether its file was whole in place at that moment."""
    seen: list[tuple[str, bool]] = []
    real = ReturnService._record_export

    def spying(self: ReturnService, saved_id: int | None, details: dict[str, Any]) -> None:
        seen.append((str(details["file"]), _in_place(details)))
        real(self, saved_id, details)

    monkeypatch.setattr(ReturnService, "_record_export", spying)
    return seen


def _in_place(details: dict[str, Any]) -> bool:
    where = Path(str(details.get("as", ""))) if "as" in details else None
    return where is None or where.is_file()


def _trail(services: Services) -> list[Event]:
    with services.uow(read_only=True) as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.entity, AuditEvent.details).order_by(AuditEvent.id)
        ).all()
    return [(action, entity, json.loads(details or "{}")) for action, entity, details in rows]


def _page(services: Services, bus: DataBus, qtbot: QtBot, folder: Path) -> ReturnsPage:
    page = ReturnsPage(services, bus)
    qtbot.addWidget(page)
    page.resize(1020, 720)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.preparing, timeout=WAIT_MS)
    page.choose_file = lambda title, suggested, pattern: folder / suggested.name
    before = page.run_modal

    def export_anyway(dialog: QDialog) -> int:  # the demo data has data problems
        if isinstance(dialog, DataProblemsDialog):
            return int(QDialog.DialogCode.Accepted.value)
        return before(dialog)

    page.run_modal = export_anyway
    return page


def _command(database: str, out: Path, fmt: str = "csv") -> int:
    return cli_main(["--db", database, "return", "--quarter", Q2.code, "--format", fmt,
                     "--out", str(out)])  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_the_window_and_the_command_line_leave_the_same_trail(
    demo: Services,
    database: str,
    bus: DataBus,
    qtbot: QtBot,
    tmp_path: Path,
    recorded: list[tuple[str, bool]],
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    by_command, by_window = tmp_path / "command", tmp_path / "window"
    by_command.mkdir()
    by_window.mkdir()

    start = len(_trail(demo))
    assert _command(database, by_command / f"q2.{fmt}", fmt) == 0, capsys.readouterr().err
    command_events = _trail(demo)[start:]

    page = _page(demo, bus, qtbot, by_window)
    start = len(_trail(demo))
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        click(page.csv_button if fmt == "csv" else page.pdf_button)
    window_events = _trail(demo)[start:]
    [written] = list(by_window.iterdir())

    # The command exports the return as prepared; the window saves it first, then the
    # same export event follows, recorded once the file was whole in place.
    assert [(a, e) for a, e, _ in command_events] == [
        ("sign_in", "account"),  # the command signs in as the demo's manager
        ("export", "monitoring_return"),
    ]
    assert [(a, e) for a, e, _ in window_events] == [
        ("save", "monitoring_return"),
        ("export", "monitoring_return"),
    ]
    command_export, window_export = command_events[-1][2], window_events[-1][2]
    assert command_export == {
        "quarter": Q2.label, "contract": "All contracts", "format": fmt,
        "file": f"q2.{fmt}", "suppressed": True,
    }  # fmt: skip
    assert window_export == {**command_export, "file": written.name, "as": str(written)}
    assert recorded == [(f"q2.{fmt}", True), (written.name, True)]
    [saved] = demo.returns.saved()
    assert saved.exported_as == str(written)


def test_a_window_export_that_cannot_be_recorded_leaves_no_file(
    demo: Services,
    bus: DataBus,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(self: ReturnService, saved_id: int | None, details: dict[str, Any]) -> None:
        assert Path(str(details["as"])).is_file()  # whole, in place, before the record
        raise AdvocacyDeskError("the audit trail cannot be written just now")

    monkeypatch.setattr(ReturnService, "_record_export", refused)
    folder = tmp_path / "returns"
    folder.mkdir()
    page = _page(demo, bus, qtbot, folder)
    with qtbot.waitSignal(page.export_failed, timeout=WAIT_MS):
        click(page.csv_button)
    assert list(folder.iterdir()) == []  # no file the audit trail does not show
    message = page.message.text()
    assert "Could not export the CSV: the audit trail cannot be written just now" in message
    [saved] = demo.returns.saved()  # saved (and audited) before the export began
    assert saved.exported_at is None
    assert page.saved_list.row_texts()[0][5] == "Not exported"
    assert [a for a, _, _ in _trail(demo)][-1] == "save"


def test_a_command_export_that_cannot_be_recorded_leaves_no_file(
    demo: Services,
    database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refused(self: ReturnService, saved_id: int | None, details: dict[str, Any]) -> None:
        raise AdvocacyDeskError("the audit trail cannot be written just now")

    monkeypatch.setattr(ReturnService, "_record_export", refused)
    folder = tmp_path / "returns"
    folder.mkdir()
    assert _command(database, folder / "q2.csv") == 1
    err = capsys.readouterr().err
    assert err.startswith("advocacy-desk: error: the audit trail cannot be written just now")
    assert list(folder.iterdir()) == []


def test_a_saved_return_exports_only_as_it_was_saved(demo: Services, tmp_path: Path) -> None:
    report = demo.returns.prepare(Q2)
    saved = demo.returns.save(report, Narrative("Steady."), True)
    out = tmp_path / "q2.csv"
    with pytest.raises(AdvocacyDeskError, match="not saved return"):
        demo.returns.export(report, out, "csv", False, saved_id=saved.id)  # not as saved
    assert not out.exists()
    fractions: list[float] = []
    demo.returns.export(report, out, "csv", True, saved_id=saved.id,
                        progress=lambda _message, fraction: fractions.append(fraction))  # fmt: skip
    assert out.is_file()
    assert fractions == [0.1, 0.9, 1.0]
    with pytest.raises(AdvocacyDeskError, match="choose CSV or PDF"):
        demo.returns.export(report, tmp_path / "q2.txt", "txt", True)
    assert not (tmp_path / "q2.txt").exists()
