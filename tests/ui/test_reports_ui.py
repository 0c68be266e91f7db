"""The reports screens driven as a user would: writing a report (good and bad input),
marking it sent (no recipient; a party without sharing consent), saving it as Word and
PDF, the reports-due link and the logo setting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from tests.conftest import TODAY
from tests.services.test_reports import DETAILS, PASSWORD, open_case, png_logo
from tests.ui.conftest import cell_text, type_into
from ui.bus import DataBus
from ui.reports import LogoSetting, MarkSentDialog, ReportDialog, ReportsDueLink, ReportsPanel
from ui.reports.panel import due_text

pytestmark = pytest.mark.usefixtures("no_modals")


@pytest.fixture
def case_id(services: Services) -> int:
    return open_case(services)


@pytest.fixture
def panel(services: Services, bus: DataBus, qtbot: QtBot, case_id: int) -> ReportsPanel:
    shown = ReportsPanel(services, bus)
    qtbot.addWidget(shown)
    shown.resize(900, 400)
    shown.show_case(case_id)
    shown.show()
    return shown


def _answer(panel: ReportsPanel, fill: Callable[[QDialog], bool]) -> list[QDialog]:
    """Have the panel's dialogs filled in by ``fill`` (which saves, or not)."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        return QDialog.DialogCode.Accepted if fill(dialog) else QDialog.DialogCode.Rejected

    panel.run_modal = run
    return seen


# -- writing --------------------------------------------------------------------------------


def test_a_new_report_is_written_through_the_dialog(
    services: Services, panel: ReportsPanel, qtbot: QtBot, case_id: int
) -> None:
    assert panel.empty.isVisibleTo(panel)
    assert not panel.edit_button.isEnabled()

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, ReportDialog)
        dialog.kind.set_code("imca_decision_maker")
        type_into(dialog.about, "Whether Jane should move")
        type_into(dialog.decision_maker, "Sam Jones")
        type_into(dialog.due_on, "28/11/2026")
        dialog.sections["wishes_feelings"].setPlainText("She wants to stay.\nAt home.")
        return dialog.save()

    _answer(panel, fill)
    assert panel.new_report()
    [report] = services.reports.for_case(case_id)
    assert report.about == "Whether Jane should move"
    assert report.details.wishes_feelings == "She wants to stay.\nAt home."
    assert report.due_on == TODAY + timedelta(days=5)
    assert panel.table.rowCount() == 1
    assert cell_text(panel.table, 0, 4) == "Draft"
    assert "saved as a draft" in panel.message.text()


def test_bad_input_is_shown_by_the_fields_and_nothing_saved(
    services: Services, qtbot: QtBot, case_id: int
) -> None:
    case = services.reports.case_info(case_id)
    dialog = ReportDialog(services, case)
    qtbot.addWidget(dialog)
    type_into(dialog.due_on, "31/02/2026")
    assert not dialog.save()
    assert dialog.errors.messages["kind"] == "Kind: choose the kind of report."
    assert "not a real date" in dialog.errors.messages["due_on"]

    dialog.kind.set_code("care_act")
    dialog.due_on.clear()
    assert not dialog.save()  # the service: no "about"
    assert dialog.errors.messages == {
        "about": "About: say which decision or process the report is for."
    }
    assert services.reports.for_case(case_id) == []


def test_editing_a_sent_report_says_what_was_sent_is_kept(
    services: Services, panel: ReportsPanel, qtbot: QtBot, case_id: int
) -> None:
    made = services.reports.create(case_id, DETAILS)
    services.reports.mark_sent(
        made.id, TODAY, "Sam Jones", no_consent_reason="Requested by the decision maker"
    )
    panel.refresh()

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, ReportDialog)
        assert dialog.sent_line.isVisibleTo(dialog)
        assert "stays exactly as it went" in dialog.sent_line.text()
        assert dialog.about.text() == DETAILS.about
        dialog.sections["recommendations"].setPlainText("A new recommendation.")
        return dialog.save()

    _answer(panel, fill)
    assert panel.edit_report()
    report = services.reports.get(made.id)
    assert report.sendings[0].content == DETAILS
    assert report.details.recommendations == "A new recommendation."
    assert cell_text(panel.table, 0, 4) == "Sent 23/11/2026 to Sam Jones; changed since"


# -- sending -------------------------------------------------------------------------------


def test_mark_sent_needs_a_recipient(services: Services, qtbot: QtBot, case_id: int) -> None:
    report = services.reports.create(case_id, DETAILS)
    dialog = MarkSentDialog(services, report)
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert dialog.errors.messages == {"sent_to": "Sent to: say who the report went to."}
    dialog.sent_on.setText("24/11/2026")
    type_into(dialog.sent_to, "Sam Jones")
    assert not dialog.save()
    assert "in the future" in dialog.errors.messages["sent_on"]
    assert services.reports.get(report.id).status == "draft"
    dialog.sent_on.setText("23/11/2026")
    dialog.choose_person()  # Sam Jones is the person here: no consent needed
    assert dialog.save()
    assert services.reports.get(report.id).status == "sent"


def test_a_party_without_consent_brings_up_the_reason(
    services: Services, qtbot: QtBot, case_id: int
) -> None:
    person_id = services.casework.case(case_id).person_id
    party = services.consent.add_party(person_id, "Sam Jones", "social_worker", "ECC")
    report = services.reports.create(case_id, DETAILS)
    dialog = MarkSentDialog(services, report)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_person()
    assert not dialog.reason_area.isVisibleTo(dialog)
    dialog.choose_party(party.id)
    assert dialog.sent_to.text() == party.label
    assert dialog.reason_area.isVisibleTo(dialog)
    assert "no consent to share with Sam Jones" in dialog.consent_warning.text()
    assert not dialog.save()
    assert "give the reason to send it anyway" in dialog.errors.messages["no_consent_reason"]
    assert services.reports.get(report.id).status == "draft"

    dialog.reason.setPlainText("The decision maker must have it (MCA s36).")
    assert dialog.save()
    assert services.reports.get(report.id).sendings[0].sent_to == party.label

    # Choosing the person themselves hides the reason.
    again = MarkSentDialog(services, services.reports.get(report.id))
    qtbot.addWidget(again)
    again.choose_party(party.id)
    again.choose_person()
    assert not again.needs_reason


def test_a_report_to_someone_not_recorded_needs_a_reason(
    services: Services, qtbot: QtBot, case_id: int
) -> None:
    report = services.reports.create(case_id, DETAILS)
    dialog = MarkSentDialog(services, report)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.party.currentText() == "Someone else (not one of their parties)"
    type_into(dialog.sent_to, "Dr Brown, Broomfield Hospital")
    dialog.sent_to.editingFinished.emit()
    assert dialog.reason_area.isVisibleTo(dialog)
    assert dialog.consent_warning.text().startswith(
        "Dr Brown, Broomfield Hospital is not one of the person's parties, so no consent "
        "to share with them is recorded"
    )
    assert not dialog.save()
    assert "give the reason to send it anyway" in dialog.errors.messages["no_consent_reason"]
    assert services.reports.get(report.id).status == "draft"
    dialog.reason.setPlainText("The ward needs it for the discharge meeting tomorrow.")
    assert dialog.save()
    assert services.reports.get(report.id).status == "sent"


# -- saving documents ---------------------------------------------------------------------------


def test_save_as_word_and_pdf(
    services: Services, panel: ReportsPanel, tmp_path: Path, case_id: int
) -> None:
    services.reports.create(case_id, DETAILS)
    panel.refresh()
    asked: list[tuple[str, Path, str]] = []

    def choose(title: str, suggested: Path, pattern: str) -> Path | None:
        asked.append((title, suggested, pattern))
        return tmp_path / "mine"

    panel.choose_file = choose
    saved = panel.save_as("docx")
    assert saved == tmp_path / "mine.docx"
    ref = services.reports.get(services.reports.for_case(case_id)[0].id).case_ref
    assert asked[0][1].name == f"{ref}-report-1-2026-11-23.docx"
    assert "Jane" not in asked[0][1].name
    assert "Jane Partridge" in [
        c.text for t in Document(str(saved)).tables for r in t.rows for c in r.cells
    ]
    assert panel.save_as("pdf") == tmp_path / "mine.pdf"
    assert (tmp_path / "mine.pdf").read_bytes().startswith(b"%PDF")

    panel.choose_file = lambda *_args: None  # cancelled
    assert panel.save_as("pdf") is None

    panel.choose_file = lambda *_args: tmp_path / "gone" / "x.pdf"
    assert panel.save_as("pdf") is None
    assert "does not exist" in panel.message.text()


def test_an_advocate_cannot_write_on_anothers_case(
    services: Services, bus: DataBus, qtbot: QtBot, case_id: int
) -> None:
    services.reports.create(case_id, DETAILS)
    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)
    panel = ReportsPanel(services, bus)
    qtbot.addWidget(panel)
    panel.show_case(case_id)
    assert not panel.new_button.isEnabled()
    assert panel.reports == []
    assert "not on your caseload" in panel.message.text()


# -- the due link and the logo -----------------------------------------------------------------


def test_the_due_link_counts_and_hides(
    services: Services, bus: DataBus, qtbot: QtBot, case_id: int
) -> None:
    home = QWidget()
    qtbot.addWidget(home)
    link = ReportsDueLink(services, bus)
    QVBoxLayout(home).addWidget(link)
    home.show()
    assert not link.isVisible()
    services.reports.create(case_id, replace(DETAILS, due_on=TODAY - timedelta(days=1)))
    services.reports.create(case_id, replace(DETAILS, due_on=TODAY + timedelta(days=3)))
    assert link.isVisible()
    assert link.text() == "2 reports due in the next 7 days (1 overdue)"
    assert due_text(link.rows[1:]) == "1 report due in the next 7 days"


def test_logo_setting_chooses_refuses_and_removes(
    services: Services, qtbot: QtBot, tmp_path: Path
) -> None:
    setting = LogoSetting(services)
    qtbot.addWidget(setting)
    setting.show()
    assert not setting.has_logo
    assert not setting.remove_button.isEnabled()

    bad = tmp_path / "notes.png"
    bad.write_bytes(b"not a picture")
    setting.choose_file = lambda: bad
    assert not setting.choose()
    assert "not a PNG or JPEG" in setting.error.message
    assert services.reports.logo() is None

    good = tmp_path / "logo.png"
    good.write_bytes(png_logo())
    setting.choose_file = lambda: good
    assert setting.choose()
    assert setting.remove_button.isEnabled()
    assert setting.error.isHidden()
    assert not setting.preview.pixmap().isNull()
    assert setting.remove()
    assert services.reports.logo() is None


def test_a_long_section_is_refused_under_its_box(
    services: Services, qtbot: QtBot, case_id: int
) -> None:
    dialog = ReportDialog(services, services.reports.case_info(case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.set_code("other")
    type_into(dialog.about, "A decision")
    dialog.sections["recommendations"].setPlainText("x" * 20_001)
    assert not dialog.save()
    assert "at most 20,000 characters" in dialog.errors.messages["recommendations"]
    assert dialog.scroll_area.verticalScrollBar().value() > 0  # scrolled to the message
    assert services.reports.for_case(case_id) == []


def test_the_caseload_opens_the_report_falling_due_soonest(
    services: Services, bus: DataBus, qtbot: QtBot, case_id: int
) -> None:
    from ui.casework import CaseworkPage

    services.reports.create(case_id, replace(DETAILS, due_on=TODAY + timedelta(days=2)))
    page = CaseworkPage(services, bus)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    assert page.reports_due.isVisible()
    assert page.reports_due.text() == "1 report due in the next 7 days"
    page.reports_due.click()
    assert page.panel.case_id == case_id
    assert page.panel.work_tabs.currentWidget() is page.panel.reports_panel
    assert page.panel.reports_panel.isVisible()
