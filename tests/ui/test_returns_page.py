"""The Returns page as a manager meets it: choosing a quarter and contract, the preview
and what a figure means, small-number suppression, data problems, the narrative, saving,
exporting, and a saved return exported again unchanged after the data has moved on.

The data is the small demo caseload dated up to TODAY (23/11/2026), whose newest ended
quarter is 2026/27 Q2 (July to September 2026).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QTableWidget
from pytestqt.qtbot import QtBot

import advocacy_desk.exports.return_pdf
from advocacy_desk.app import Services
from advocacy_desk.demo import generate
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.records.returns import Narrative, ReturnReport
from advocacy_desk.services.returns import PROBLEM_KINDS
from tests.conftest import TODAY
from tests.ui.conftest import click, double_click, type_into
from ui.bus import DataBus
from ui.returns import ReturnsPage
from ui.returns.checks import DataProblemsDialog, IdentifyingDetailsDialog
from ui.returns.page import NO_DATA, ExactFiguresDialog
from ui.returns.preview import NOT_LISTED

pytestmark = pytest.mark.usefixtures("no_modals")

Q2 = Quarter(2026, 2)
Q1 = Quarter(2026, 1)
#: How long a test waits for a return to be prepared or written on the pool thread.
WAIT_MS = 10_000


@pytest.fixture
def demo(services: Services) -> Services:
    generate(services, scale="small", seed=1, as_of=TODAY)
    return services


def refuse_file_dialog(title: str, suggested: Path, pattern: str) -> Path | None:
    raise AssertionError(f"a file dialog was opened in a test: {title!r}")


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[[], ReturnsPage]:
    # qtbot holds widgets weakly; keep each page alive for the whole test.
    opened: list[ReturnsPage] = []

    def open_() -> ReturnsPage:
        page = ReturnsPage(services, bus)
        page.choose_file = refuse_file_dialog
        opened.append(page)
        qtbot.addWidget(page)
        page.resize(1020, 720)
        page.show()
        qtbot.waitExposed(page)
        wait_prepared(qtbot, page)
        return page

    return open_


def wait_prepared(qtbot: QtBot, page: ReturnsPage) -> None:
    qtbot.waitUntil(lambda: not page.preparing, timeout=WAIT_MS)


def choose(qtbot: QtBot, page: ReturnsPage, quarter: Quarter, contract: int | None = None) -> None:
    page.choose(quarter, contract)
    wait_prepared(qtbot, page)


def export_to(page: ReturnsPage, folder: Path, seen: list[str] | None = None) -> None:
    """Answer the file dialog with the suggested name in ``folder``, and "Export anyway"
    to the question about data problems (the demo data has some)."""

    def answer(title: str, suggested: Path, pattern: str) -> Path:
        if seen is not None:
            seen.append(suggested.name)
        return folder / suggested.name

    page.choose_file = answer
    before = page.run_modal

    def export_anyway(dialog: QDialog) -> int:
        if isinstance(dialog, DataProblemsDialog):
            return int(QDialog.DialogCode.Accepted.value)
        return before(dialog)

    page.run_modal = export_anyway


def export(qtbot: QtBot, page: ReturnsPage, button_name: str = "csv") -> None:
    button = page.csv_button if button_name == "csv" else page.pdf_button
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        click(button)
    assert not page.exporting


def small_count(report: ReturnReport) -> tuple[str, str, str, int]:
    """A figure of the return (section, measure, preview label, value) that counts 1 to 4."""
    labels = {
        ("referrals", "declined"): "Referrals declined",
        ("referrals", "withdrawn"): "Referrals withdrawn",
        ("referrals", "out_of_area"): "Received for people placed out of area",
    }
    for row in report.rows:
        label = labels.get((row.section, row.measure))
        if label and isinstance(row.value, int) and 0 < row.value < 5:
            return row.section, row.measure, label, row.value
    raise AssertionError("the demo data has no small total to suppress")


def table_texts(table: QTableWidget) -> list[str]:
    return [
        item.text()
        for row in range(table.rowCount())
        for column in range(table.columnCount())
        if (item := table.item(row, column)) is not None
    ]


def add_referral(services: Services, received_on: date) -> None:
    person = services.people.create(
        PersonDetails("Late", "Entry", date(1970, 1, 1)), allow_duplicate=True
    ).id
    services.referrals.create(person, ReferralDetails(received_on, "self", "generic"))


# -- choosing ---------------------------------------------------------------------------


def test_quarters_offered_are_those_with_data_newest_first(
    demo: Services, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    quarters = demo.returns.quarters_with_data()
    assert quarters[0] == Quarter(2026, 3)
    assert page.quarter_choices() == [
        "2026/27 Q3 (so far)",
        *(q.label for q in quarters[1:]),
    ]
    # The return usually due is for the newest quarter that has ended.
    assert page.quarter_combo.currentText() == "2026/27 Q2"
    assert page.contract_combo.itemText(0) == "All contracts"
    assert [page.contract_combo.itemText(i) for i in range(1, page.contract_combo.count())] == [
        c.name for c in demo.returns.contracts()
    ]
    tip = page.suppress_box.toolTip()
    assert page.suppress_box.isChecked()
    assert "<5" in tip
    assert "internal use only" in tip


def test_with_no_data_there_is_nothing_to_prepare(
    services: Services, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    assert page.quarter_choices() == []
    assert page.preview.placeholder.text() == NO_DATA
    assert not page.csv_button.isEnabled()
    assert not page.save_button.isEnabled()


def test_preparing_shows_a_busy_bar_then_the_figures_with_labels(
    demo: Services, qtbot: QtBot, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    page.choose(Q1)
    assert page.preparing
    assert page.busy.isVisible()
    assert "Preparing the 2026/27 Q1 return (All contracts)" in page.status.text()
    assert not page.csv_button.isEnabled()
    wait_prepared(qtbot, page)
    assert not page.busy.isVisible()

    expected = demo.returns.prepare(Q1)
    preview = page.preview
    received = expected.row("referrals", "received").value
    assert preview.value("referrals", "Referrals received") == str(received)
    assert "2026/27 Q1 (1 April to 30 June 2026)" in preview.header.text()
    referrals = table_texts(preview.tables["referrals"])
    assert "Received, by advocacy type" in referrals
    care_act = expected.row("referrals", "received_by_type", "care_act").value
    assert preview.value("referrals", "Care Act advocacy") == str(care_act)
    assert "Needs assessment (s9)" in [text.strip() for text in referrals]
    assert "care_act" not in referrals  # labels, never codes
    equality = [text.strip() for text in table_texts(preview.tables["equality"])]
    assert "White: English, Welsh, Scottish, Northern Irish or British" in equality
    assert "85 and over" in equality
    within = expected.row("allocation", "within_14_days_pct")
    assert preview.value("allocation", "Cases opened within 14 days (%)") == f"{within.text}%"
    assert preview.value("allocation", "Cases opened within 14 days (%)", 2) == within.base_text

    # The reasons, the trend of the last four quarters.
    reasons = table_texts(preview.tables["reasons"])
    for ref, reason in expected.declined_reasons:
        assert ref in reasons
        assert reason in reasons
    trend = table_texts(preview.tables["trend"])
    assert [point.quarter for point in expected.trend] == [
        "2025/26 Q2",
        "2025/26 Q3",
        "2025/26 Q4",
        "2026/27 Q1",
    ]
    for point in expected.trend:
        assert point.quarter in trend
        assert f"{point.hours:.1f}" in trend
    assert "block" not in preview.tables  # only one contract's return has a block


def test_one_contracts_return_shows_the_hours_above_its_block(
    demo: Services, qtbot: QtBot, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    contract = next(c for c in demo.returns.contracts() if c.name.startswith("Essex Advocacy"))
    choose(qtbot, page, Q2, contract.id)
    expected = demo.returns.prepare(Q2, contract.id)
    assert expected.hours_above_block is not None
    assert contract.name in page.preview.header.text()
    assert page.preview.value("block", "Hours above the block, contract year to date") == (
        f"{expected.hours_above_block:.1f}"
    )


def test_choosing_a_figure_says_what_it_counts_and_what_is_behind_it(
    demo: Services, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    preview = page.preview
    expected = demo.returns.prepare(Q2)
    table = preview.tables["referrals"]
    preview.select_section("referrals")
    row = preview.row_of("referrals", "Care Act advocacy")
    item = table.item(row, 0)
    assert item is not None
    table.scrollToItem(item)
    click(table.viewport(), table.visualItemRect(item).center())
    detail = preview.detail.text()
    assert "Received, by advocacy type: Care Act advocacy" in detail
    assert "Referrals received in the quarter, by advocacy type." in detail
    assert "Behind this figure" in detail
    care_act = expected.row("referrals", "received_by_type", "care_act").value
    listed = [preview.records.item(i).text() for i in range(preview.records.count())]
    assert len(listed) == care_act
    assert all(text.startswith("R") for text in listed)
    # A share of the breakdown would give away the small numbers suppressed in it...
    assert "in this breakdown" not in detail
    # ...so it shows with exact figures only; the figure chosen stays chosen.
    click(page.suppress_box)
    total = sum(
        int(r.value or 0)
        for r in expected.rows
        if r.measure == "received_by_type" and r.category != "total"
    )
    assert f"of the {total} in this breakdown" in preview.detail.text()

    preview.choose("referrals", "Referrals declined")
    detail = preview.detail.text()
    assert "counted by the date of the decision" in detail
    assert "Behind this figure" in detail
    listed = [preview.records.item(i).text() for i in range(preview.records.count())]
    assert [text.split()[0] for text in listed] == [ref for ref, _ in expected.declined_reasons]


def test_a_record_behind_a_figure_opens_on_double_click(
    demo: Services, open_page: Callable[[], ReturnsPage], qtbot: QtBot
) -> None:
    page = open_page()
    page.preview.choose("cases", "Cases closed")
    first = page.preview.records.item(0)
    assert first is not None
    with qtbot.waitSignal(page.open_record) as opened:
        page.preview.records.itemActivated.emit(first)
    entity, record_id = opened.args
    assert entity == "case"
    assert demo.casework.case(record_id).case_ref == first.text().split()[0]


def test_a_saved_return_does_not_list_todays_records(
    demo: Services, open_page: Callable[[], ReturnsPage], qtbot: QtBot
) -> None:
    page = open_page()
    saved = demo.returns.save(demo.returns.prepare(Q2), Narrative(), suppressed=True)
    assert page.open_saved(saved.id)
    page.preview.choose("referrals", "Referrals received")
    assert page.preview.records.isHidden()
    assert NOT_LISTED in page.preview.detail.text()


# -- suppression ------------------------------------------------------------------------


def test_suppression_shows_small_counts_as_under_five_and_back(
    demo: Services, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    section, _measure, label, value = small_count(demo.returns.prepare(Q2))
    assert page.preview.value(section, label) == "<5"
    assert not page.preview.exact_warning.isVisible()

    click(page.suppress_box)
    assert not page.suppress_box.isChecked()
    assert page.preview.value(section, label) == str(value)
    assert page.preview.exact_warning.isVisible()
    assert "internal use only" in page.preview.exact_warning.text()

    click(page.suppress_box)
    assert page.preview.value(section, label) == "<5"
    assert not page.preview.exact_warning.isVisible()


# -- data problems ------------------------------------------------------------------------


def test_data_problems_are_listed_by_kind_and_open_their_record(
    demo: Services, qtbot: QtBot, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    problems = demo.returns.problems(Q2)
    assert problems
    assert page.tabs.tabText(1) == f"Data problems ({len(problems)})"
    assert f"{len(problems)} data problems found" in page.problems_hint.text()
    click(page.review_button)
    assert page.tabs.currentWidget() is page.problems_panel

    tree = page.problems_panel.tree
    kinds: dict[str, int] = {}
    for problem in problems:
        kinds[problem.kind] = kinds.get(problem.kind, 0) + 1
    titles = [
        item.text(0) for i in range(tree.topLevelItemCount()) if (item := tree.topLevelItem(i))
    ]
    assert titles == [f"{PROBLEM_KINDS[kind]} ({count})" for kind, count in kinds.items()]

    first = problems[0]
    item = page.problems_panel.item_for(first.reference)
    assert item is not None
    assert item.text(1) == first.message
    parent = item.parent()
    assert parent is not None
    parent.setExpanded(True)
    tree.scrollToItem(item)
    with qtbot.waitSignal(page.open_record, timeout=1000) as opened:
        double_click(tree.viewport(), tree.visualItemRect(item).center())
    assert opened.args == [first.entity, first.entity_id]


def test_one_contracts_problems_include_casework_on_other_contracts(
    demo: Services, qtbot: QtBot, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    contract = demo.returns.contracts()[0]
    choose(qtbot, page, Q2, contract.id)
    counts = page.problems_panel.counts()
    assert counts == {
        kind: sum(1 for p in demo.returns.problems(Q2, contract.id) if p.kind == kind)
        for kind in counts
    }
    assert counts.get("other_contract_activity", 0) > 0


# -- narrative and saving ---------------------------------------------------------------------


def test_the_narrative_is_saved_with_the_return_and_offered_next_time(
    demo: Services,
    qtbot: QtBot,
    bus: DataBus,
    open_page: Callable[[], ReturnsPage],
) -> None:
    page = open_page()
    page.tabs.setCurrentWidget(page.narrative)
    type_into(page.narrative.summary, "Demand rose with the new hospital discharge route.")
    type_into(page.narrative.themes, "Waits for Care Act assessments.")
    type_into(page.narrative.case_studies[1], "A man in his 80s kept his home.")
    click(page.save_button)
    assert "Saved the 2026/27 Q2 return (All contracts)" in page.message.text()
    assert page.tabs.tabText(3) == "Saved returns (1)"
    [saved] = demo.returns.saved()
    report, narrative, suppressed = demo.returns.load(saved.id)
    assert narrative == Narrative(
        "Demand rose with the new hospital discharge route.",
        "Waits for Care Act assessments.",
        ("A man in his 80s kept his home.",),
    )
    assert suppressed
    assert report.quarter == Q2

    choose(qtbot, page, Q1)
    assert page.narrative.summary.toPlainText() == ""  # nothing saved for Q1
    choose(qtbot, page, Q2)
    assert page.narrative.summary.toPlainText() == narrative.summary

    another = open_page()
    assert another.narrative.summary.toPlainText() == narrative.summary
    assert another.narrative.themes.toPlainText() == narrative.themes
    assert another.narrative.case_studies[0].toPlainText() == "A man in his 80s kept his home."


def test_typing_is_kept_when_prepared_again_or_another_quarter_is_seen(
    demo: Services, qtbot: QtBot, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    type_into(page.narrative.summary, "Half written")
    click(page.prepare_button)
    wait_prepared(qtbot, page)
    assert page.narrative.summary.toPlainText() == "Half written"
    # Looking at another quarter loses no words.
    choose(qtbot, page, Q1)
    assert page.narrative.summary.toPlainText() == ""
    choose(qtbot, page, Q2)
    assert page.narrative.summary.toPlainText() == "Half written"


# -- exporting ------------------------------------------------------------------------------


def test_csv_export_saves_writes_the_file_and_lists_it_as_exported(
    demo: Services, qtbot: QtBot, tmp_path: Path, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    seen: list[str] = []
    folder = tmp_path / "returns"
    folder.mkdir()
    export_to(page, folder, seen)
    export(qtbot, page)
    assert seen == ["return-2026-27-Q2.csv"]
    path = folder / "return-2026-27-Q2.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "section,measure,category,value,base,label,quarter,provider"
    received = demo.returns.prepare(Q2).row("referrals", "received").value
    assert any(line.startswith(f"referrals,received,total,{received},,") for line in lines)
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left
    assert str(path) in page.message.text()

    [saved] = demo.returns.saved()
    assert saved.exported_as == str(path)
    [row] = page.saved_list.row_texts()
    assert row[:3] == ("2026/27 Q2", "All contracts", "Suppressed")
    assert row[4] == "tester"
    assert row[5].endswith("as return-2026-27-Q2.csv")

    # Exported again unchanged: no second copy is saved.
    export(qtbot, page)
    assert len(demo.returns.saved()) == 1


def test_a_saved_return_exports_again_unchanged_after_the_data_changes(
    demo: Services,
    qtbot: QtBot,
    bus: DataBus,
    tmp_path: Path,
    open_page: Callable[[], ReturnsPage],
) -> None:
    page = open_page()
    first, again = tmp_path / "first", tmp_path / "again"
    first.mkdir()
    again.mkdir()
    export_to(page, first)
    export(qtbot, page)
    before = page.preview.value("referrals", "Referrals received")

    add_referral(demo, date(2026, 8, 10))
    wait_prepared(qtbot, page)
    assert page.preview.value("referrals", "Referrals received") == str(int(before) + 1)

    page.tabs.setCurrentWidget(page.saved_list)
    page.saved_list.select(demo.returns.saved()[0].id)
    click(page.saved_list.open_button)
    assert page.banner.isVisibleTo(page)
    assert page.tabs.currentWidget() is page.preview
    assert page.banner.isVisible()
    assert "read-only" in page.banner_text.text()
    assert page.preview.value("referrals", "Referrals received") == before
    assert page.narrative.summary.isReadOnly()
    assert not page.save_button.isEnabled()
    assert not page.quarter_combo.isEnabled()

    export_to(page, again)
    export(qtbot, page)
    name = "return-2026-27-Q2.csv"
    assert (again / name).read_bytes() == (first / name).read_bytes()
    assert len(demo.returns.saved()) == 1
    assert demo.returns.saved()[0].exported_as == str(again / name)

    click(page.back_button)
    wait_prepared(qtbot, page)
    assert not page.banner.isVisible()
    assert page.preview.value("referrals", "Referrals received") == str(int(before) + 1)
    assert not page.narrative.summary.isReadOnly()


def test_exact_figures_are_exported_only_after_a_warning(
    demo: Services, qtbot: QtBot, tmp_path: Path, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    section, measure, _label, value = small_count(demo.returns.prepare(Q2))
    click(page.suppress_box)
    asked: list[str] = []

    def decline(dialog: QDialog) -> int:
        assert isinstance(dialog, ExactFiguresDialog)
        asked.append(dialog.windowTitle())
        return int(QDialog.DialogCode.Rejected.value)

    page.run_modal = decline
    export_to(page, tmp_path)
    assert not page.export("csv")
    assert asked == ["Export exact figures?"]
    assert demo.returns.saved() == []

    page.run_modal = lambda dialog: int(QDialog.DialogCode.Accepted.value)
    seen: list[str] = []
    export_to(page, tmp_path, seen)
    export(qtbot, page)
    assert seen == ["return-2026-27-Q2-exact-internal.csv"]
    lines = (tmp_path / seen[0]).read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(f"{section},{measure},total,{value},") for line in lines)
    assert not any(",<5," in line for line in lines)
    [saved] = demo.returns.saved()
    assert not saved.suppressed
    assert page.saved_list.row_texts()[0][2] == "Exact (internal)"


def test_a_pdf_that_cannot_be_written_says_so_on_the_page(
    demo: Services,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_page: Callable[[], ReturnsPage],
) -> None:
    def unavailable(
        report: ReturnReport, narrative: Narrative, out: Path, suppressed: bool, head: object
    ) -> None:
        out.write_bytes(b"%PDF-half")
        raise AdvocacyDeskError("PDF export of the return is not available yet")

    monkeypatch.setattr(advocacy_desk.exports.return_pdf, "write_pdf", unavailable)
    page = open_page()
    seen: list[str] = []
    folder = tmp_path / "returns"
    folder.mkdir()
    export_to(page, folder, seen)
    with qtbot.waitSignal(page.export_failed, timeout=WAIT_MS):
        click(page.pdf_button)
    assert seen == ["return-2026-27-Q2.pdf"]
    assert page.message.isVisible()
    message = page.message.text()
    assert "Could not export the PDF: PDF export of the return is not available yet" in message
    assert "The return is saved" in message
    assert list(folder.iterdir()) == []  # neither the PDF nor half of one
    assert page.saved_list.row_texts()[0][5] == "Not exported"
    assert page.csv_button.isEnabled()  # the page carries on


def test_a_pdf_export_is_written_through_the_pdf_writer(
    demo: Services,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_page: Callable[[], ReturnsPage],
) -> None:
    written: list[tuple[str, str, bool]] = []

    def fake(report: ReturnReport, narrative: Narrative, out: Path, suppressed: bool,
             head: object) -> None:  # fmt: skip
        written.append((report.quarter.code, narrative.summary, suppressed))
        assert head is not None  # the saved return's audit head, printed on the PDF
        out.write_bytes(b"%PDF-1.4 stand-in")

    monkeypatch.setattr(advocacy_desk.exports.return_pdf, "write_pdf", fake)
    page = open_page()
    type_into(page.narrative.summary, "A steady quarter.")
    export_to(page, tmp_path)
    export(qtbot, page, "pdf")
    assert written == [("2026/27-Q2", "A steady quarter.", True)]
    assert (tmp_path / "return-2026-27-Q2.pdf").read_bytes() == b"%PDF-1.4 stand-in"
    assert page.saved_list.row_texts()[0][5].endswith("as return-2026-27-Q2.pdf")


def test_a_pdf_export_can_be_cancelled_and_leaves_no_file(
    demo: Services,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_page: Callable[[], ReturnsPage],
) -> None:
    """Cancel while the PDF is being drawn: the half-written file goes, nothing is
    recorded as exported, and the return stays saved to export later."""
    drawing, carry_on = threading.Event(), threading.Event()

    def slow(report: ReturnReport, narrative: Narrative, out: Path, suppressed: bool,
             head: object) -> None:  # fmt: skip
        out.write_bytes(b"%PDF-1.4 half a ret")
        drawing.set()
        carry_on.wait(WAIT_MS / 1000)

    monkeypatch.setattr(advocacy_desk.exports.return_pdf, "write_pdf", slow)
    page = open_page()
    folder = tmp_path / "exports"
    folder.mkdir()
    export_to(page, folder)
    assert not page.cancel_export_button.isVisible()
    click(page.pdf_button)
    assert page.export_progress.isVisible()
    assert page.cancel_export_button.isVisible()
    qtbot.waitUntil(drawing.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(page.export_cancelled, timeout=WAIT_MS):
        click(page.cancel_export_button)
        assert not page.cancel_export_button.isEnabled()  # stopping
        carry_on.set()
    assert list(folder.iterdir()) == []  # neither the PDF nor its temporary file
    assert not page.exporting
    assert not page.cancel_export_button.isVisible()
    assert page.message.text().startswith("Export cancelled: nothing was written to")
    assert len(demo.returns.saved()) == 1  # saved before the export began, and kept
    assert not page.saved_list.row_texts()[0][5].endswith(".pdf")
    assert page.pdf_button.isEnabled()  # free to export again


def test_cancelling_the_file_dialog_exports_and_saves_nothing(
    demo: Services, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    page.choose_file = lambda title, suggested, pattern: None
    page.run_modal = lambda dialog: int(QDialog.DialogCode.Accepted.value)  # export anyway
    assert not page.export("csv")
    assert demo.returns.saved() == []
    assert not page.exporting


def test_exporting_a_return_with_data_problems_asks_first_naming_how_many(
    demo: Services, tmp_path: Path, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    count = len(page.problems)
    assert count > 0  # the demo data has some
    asked: list[str] = []

    def review(dialog: QDialog) -> int:
        assert isinstance(dialog, DataProblemsDialog)
        asked.append(dialog.message.text())
        assert dialog.review_button.isDefault()
        return int(QDialog.DialogCode.Rejected.value)

    page.run_modal = review
    page.choose_file = refuse_file_dialog  # review, so no file is asked for
    assert not page.export("csv")
    [question] = asked
    assert question.startswith(f"This return has {count} data problems: ")
    assert "Closed cases with no outcome answers (" in question
    assert page.tabs.currentWidget() is page.problems_panel
    assert demo.returns.saved() == []


def _recorded(services: Services) -> tuple[str, str, str]:
    """A demo person's full name, reference and date of birth (UK form)."""
    person = services.people.get(1)
    born = person.details.date_of_birth
    assert born is not None
    return person.full_name, person.person_ref, f"{born:%d/%m/%Y}"


def test_a_narrative_naming_a_recorded_person_is_named_before_saving(
    demo: Services, qtbot: QtBot, open_page: Callable[[], ReturnsPage]
) -> None:
    name, ref, born = _recorded(demo)
    page = open_page()
    type_into(page.narrative.summary, "Demand rose again; see the waiting list.")
    type_into(page.narrative.case_studies[0], "A woman in her 80s kept her home.")
    type_into(page.narrative.case_studies[1], f"{name.upper()} ({ref}), born {born}, moved.")
    asked: list[list[str]] = []

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, IdentifyingDetailsDialog)
        asked.append(dialog.lines())
        assert dialog.back_button.text() == "Edit the narrative"
        assert dialog.back_button.isDefault()
        assert not dialog.keep_button.autoDefault()  # Enter never keeps them
        return int(QDialog.DialogCode.Rejected.value)

    page.run_modal = edit
    click(page.save_button)
    assert asked == [[
        f"Case study 2 mentions '{name.upper()}', a recorded person's name",
        f"Case study 2 mentions '{ref}', a recorded person's reference",
        f"Case study 2 mentions '{born}', a recorded person's date of birth",
    ]]  # fmt: skip
    assert demo.returns.saved() == []
    assert page.tabs.currentWidget() is page.narrative
    assert page.narrative.focusWidget() is page.narrative.case_studies[1]
    assert "Not saved: edit the narrative" in page.message.text()

    # Kept as written when the user says so: saved, and the choice is in the audit trail.
    page.run_modal = lambda dialog: int(QDialog.DialogCode.Accepted.value)
    click(page.save_button)
    assert len(demo.returns.saved()) == 1
    [event] = [e for e in demo.audit.events(action="save") if e.entity == "monitoring_return"]
    assert json.loads(event.details)["identifying_details_kept"] == 3

    # Anonymised, it saves without a question.
    page.run_modal = lambda dialog: pytest.fail("nothing to ask about")
    page.narrative.case_studies[1].setPlainText("A man in his 70s moved nearer his family.")
    click(page.save_button)
    assert len(demo.returns.saved()) == 2


# -- keeping up with the data ---------------------------------------------------------------


def test_quarters_are_offered_afresh_on_changes_when_visible_or_next_shown(
    demo: Services, qtbot: QtBot, bus: DataBus, open_page: Callable[[], ReturnsPage]
) -> None:
    page = open_page()
    assert "2019/20 Q1" not in page.quarter_choices()
    page.hide()
    add_referral(demo, date(2019, 5, 1))
    assert "2019/20 Q1" not in page.quarter_choices()  # hidden: not yet
    page.show()
    wait_prepared(qtbot, page)
    assert page.quarter_choices()[-1] == "2019/20 Q1"
    assert page.quarter_combo.currentText() == "2026/27 Q2"  # the choice is kept

    add_referral(demo, date(2018, 5, 1))
    wait_prepared(qtbot, page)
    assert page.quarter_choices()[-1] == "2018/19 Q1"
