"""The Settings page as a manager meets it: the database, the licences, and the
prioritisation matrix read, tuned, saved as versions and applied to the waiting list."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date, timedelta
from html import escape

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from advocacy_desk import about
from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.matrix import ANSWER_LABELS, CRITERIA, default_matrix
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.referrals import ReferralDetails
from tests.ui.conftest import click, double_click, kinds, press, type_into
from tests.ui.present import present
from ui.bus import DataBus
from ui.settings import matrix_editor
from ui.settings.matrix_editor import STOPPED, MatrixEditor, rescored_message
from ui.settings.page import SettingsPage
from ui.tasks import Progress

pytestmark = pytest.mark.usefixtures("no_modals")

#: How long a test waits for the waiting list to be rescored on the pool thread.
RESCORE_TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Say Save to the question asked before a new matrix version (recording it)."""
    questions: list[str] = []

    def save(_parent: object, question: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr(matrix_editor, "ask_to_save", save)
    return questions


@pytest.fixture
def open_page(services: Services, bus: DataBus, qtbot: QtBot) -> Callable[..., SettingsPage]:
    # qtbot holds widgets weakly; keep each page alive for the whole test.
    opened: list[SettingsPage] = []

    def open_(demo: bool = False) -> SettingsPage:
        page = SettingsPage(services, demo, bus)
        opened.append(page)
        qtbot.addWidget(page)
        page.resize(1020, 720)
        page.show_tab("matrix")
        page.show()
        qtbot.waitExposed(page)
        return page

    return open_


def points_box(editor: MatrixEditor, key: str, answer: str) -> QSpinBox:
    return editor.boxes[key].points[answer]


def set_points(spin: QSpinBox, value: int) -> None:
    """Select what the box holds and type the new number over it."""
    spin.setFocus()
    spin.selectAll()
    type_into(spin, str(value))


def add_waiting_referral(services: Services, given: str = "Jane") -> int:
    person = services.people.create(
        PersonDetails(given, "Smith", date(1950, 2, 1)), allow_duplicate=True
    )
    referral = services.referrals.create(
        person.id,
        ReferralDetails(
            received_on=date(2026, 10, 1),
            source="social_worker",
            advocacy_type="generic",
            safeguarding="enquiry",
            complexity=3,
        ),
    )
    return referral.id


def save_and_wait(qtbot: QtBot, editor: MatrixEditor) -> None:
    """Save (with a reason, which a new version needs) and wait for the rescoring."""
    if not editor.note.text():
        type_into(editor.note, "Tuned for the test")
    with qtbot.waitSignal(editor.rescored, timeout=RESCORE_TIMEOUT_MS):
        click(editor.save_button)
    qtbot.waitUntil(lambda: not editor.rescoring, timeout=RESCORE_TIMEOUT_MS)


# -- the page -----------------------------------------------------------------------


def test_settings_still_shows_the_database_and_the_attribution(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    page = open_page()
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == [
        "Database",
        "Organisation",
        "Accounts",
        "Backups",
        "Prioritisation matrix",
        "Advocates",
        "Contracts",
        "Letters",
        "About and licences",
    ]
    page.show_tab("database")
    assert page.database.isVisible()
    assert escape(services.location) in page.database.text()
    assert "(demo data)" not in page.database.text()
    page.show_tab("about")
    assert page.about.isVisible()
    assert about.DATA_ATTRIBUTION in page.about.text()
    assert about.SUMMARY in page.about.text()


def test_a_demo_database_is_marked_as_demo_data(open_page: Callable[..., SettingsPage]) -> None:
    page = open_page(demo=True)
    assert "(demo data)" in page.database.text()


# -- reading the matrix -----------------------------------------------------------------


def test_the_editor_shows_version_1_with_the_default_points(
    open_page: Callable[..., SettingsPage],
) -> None:
    editor = present(open_page().matrix_editor)
    assert editor.isVisible()
    assert editor.heading.text() == "Version 1 (current)"
    safeguarding = editor.boxes["safeguarding"]
    assert safeguarding.isVisible()
    assert safeguarding.title.text() == "Safeguarding"
    assert safeguarding.answers["enquiry"].text() == "Active enquiry"
    assert safeguarding.points["enquiry"].value() == 20
    assert safeguarding.points["concern"].value() == 10
    assert points_box(editor, "statutory", "yes").value() == 20
    decision = editor.boxes["decision_date"]
    assert decision.parameters["near_days"].value() == 7
    assert decision.parameters["soon_days"].value() == 28
    assert editor.boxes["time_waited"].parameters["max_points"].value() == 26
    assert (
        editor.boxes["time_waited"].answers["per_full_week"].text()
        == (ANSWER_LABELS["per_full_week"])
    )
    assert [editor.boxes[key].isVisible() for key in CRITERIA] == [True] * len(CRITERIA)
    assert not editor.add_back_row.isVisible()
    rows = editor.version_rows()
    assert len(rows) == 1
    assert rows[0][0] == "1 (current)"
    assert rows[0][2] == "Advocacy Desk"


def test_every_points_box_says_what_it_is_for(open_page: Callable[..., SettingsPage]) -> None:
    editor = present(open_page().matrix_editor)
    spin = points_box(editor, "safeguarding", "enquiry")
    assert spin.accessibleName() == "Safeguarding: points for Active enquiry"
    assert spin.toolTip()
    remove = editor.boxes["statutory"].remove_button
    assert remove.accessibleName().startswith("Remove Statutory duty")
    assert remove.toolTip()


# -- saving ---------------------------------------------------------------------------


def test_changing_points_and_saving_makes_version_2(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot
) -> None:
    editor = present(open_page().matrix_editor)
    set_points(points_box(editor, "safeguarding", "enquiry"), 25)
    assert editor.changes_label.text() == "Changes not saved yet."
    type_into(editor.note, "Safeguarding weighs more after the audit")
    save_and_wait(qtbot, editor)

    current = services.matrix.current()
    assert current.version == 2
    criterion = current.criterion("safeguarding")
    assert criterion is not None
    assert criterion.points("enquiry") == 25
    assert editor.heading.text() == "Version 2 (current)"
    assert points_box(editor, "safeguarding", "enquiry").value() == 25
    assert editor.changes_label.text() == ""
    assert editor.note.text() == ""
    rows = editor.version_rows()
    assert [row[0] for row in rows] == ["2 (current)", "1"]
    assert rows[0][2] == "tester"
    assert rows[0][3] == "Safeguarding weighs more after the audit"
    assert editor.status.text() == "Rescored 0 waiting referrals with matrix version 2."


def test_parameters_are_saved_too(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot
) -> None:
    editor = present(open_page().matrix_editor)
    set_points(editor.boxes["time_waited"].parameters["max_points"], 40)
    save_and_wait(qtbot, editor)
    criterion = services.matrix.current().criterion("time_waited")
    assert criterion is not None
    assert criterion.parameter("max_points") == 40


def test_a_new_version_needs_a_reason_and_says_what_it_does_before_saving(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot,
    asked: list[str],
) -> None:  # fmt: skip
    # Ann: concern, waited 14 days; Bob: complexity 4, waited 21 days; Cy: nothing, 28 days.
    for given, days, changes in (("Ann", 14, {"safeguarding": "concern"}),
                                 ("Bob", 21, {"complexity": 4}), ("Cy", 28, {})):  # fmt: skip
        person = services.people.create(PersonDetails(given, "Smith", date(1950, 2, 1)),
                                        allow_duplicate=True)  # fmt: skip
        services.referrals.create(person.id, ReferralDetails(
            received_on=date(2026, 11, 23) - timedelta(days=days), source="self",
            advocacy_type="generic", **changes))  # fmt: skip
    editor = present(open_page().matrix_editor)
    set_points(points_box(editor, "safeguarding", "concern"), 0)

    click(editor.save_button)  # no reason: refused beside the field, nothing asked
    assert editor.note_error.isVisible()
    assert editor.note_error.message.startswith("Why this change: say why the matrix changes")
    assert editor.focusWidget() is editor.note
    assert asked == []
    assert services.matrix.current().version == 1

    type_into(editor.note, "Concerns are weighed at the enquiry stage")
    assert not editor.note_error.isVisible()  # cleared as soon as it is fixed
    save_and_wait(qtbot, editor)
    # Before: Ann (R000001) 12 = 10 + 2 weeks, Bob (R000002) 18 = 15 + 3, Cy (R000003) 4.
    # After: Ann 2, so Cy passes her (equal moves are listed by their new rank).
    assert asked == [
        "Save this matrix as version 2?\n\n"
        "Of the 3 referrals waiting today, 1 would move up in rank, 1 down and 1 not at "
        "all.\n\nThe 2 biggest moves:\nR000003: rank 3 → 2\nR000001: rank 2 → 3"
        "\n\nWhy: Concerns are weighed at the enquiry stage"
    ]
    assert services.matrix.versions()[0].note == "Concerns are weighed at the enquiry stage"


def test_going_back_to_the_editor_saves_nothing(
    services: Services, open_page: Callable[..., SettingsPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    editor = present(open_page().matrix_editor)
    monkeypatch.setattr(editor, "ask_to_save", lambda _parent, _question: False)
    set_points(points_box(editor, "safeguarding", "enquiry"), 25)
    type_into(editor.note, "More weight on enquiries")
    click(editor.save_button)
    assert services.matrix.current().version == 1
    assert editor.status.text() == "Not saved: the changes are still in the editor."
    assert editor.note.text() == "More weight on enquiries"
    assert editor.changes_label.text() == "Changes not saved yet."


def test_saving_with_no_change_makes_no_new_version(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    editor = present(open_page().matrix_editor)
    assert not editor.discard_button.isEnabled()
    type_into(editor.note, "Just checking")
    click(editor.save_button)
    assert services.matrix.current().version == 1
    assert len(services.matrix.versions()) == 1
    assert "Nothing to save" in editor.status.text()
    assert "version 1" in editor.status.text()
    assert not editor.rescoring
    assert not editor.progress.isVisible()
    assert len(editor.version_rows()) == 1


def test_removing_every_criterion_is_refused_and_leaves_version_1(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    editor = present(open_page().matrix_editor)
    for key in CRITERIA:
        click(editor.boxes[key].remove_button)
    assert not any(editor.boxes[key].isVisible() for key in CRITERIA)
    assert editor.no_criteria.isVisible()
    assert editor.add_back_row.isVisible()
    assert editor.add_back_combo.count() == len(CRITERIA)

    click(editor.save_button)
    message = editor.errors.general
    assert message.isVisible()
    assert message.message == (
        "The matrix needs at least one criterion: add one back before saving."
    )
    assert services.matrix.current().version == 1
    assert len(editor.version_rows()) == 1
    assert not editor.rescoring

    editor.add_back_combo.setCurrentIndex(editor.add_back_combo.findData("safeguarding"))
    click(editor.add_back_button)
    assert editor.boxes["safeguarding"].isVisible()
    assert points_box(editor, "safeguarding", "enquiry").value() == 20
    assert editor.add_back_combo.count() == len(CRITERIA) - 1


def test_a_removed_criterion_comes_back_in_its_place(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot
) -> None:
    editor = present(open_page().matrix_editor)
    click(editor.boxes["statutory"].remove_button)
    assert "statutory" not in editor.present_keys()
    assert editor.add_back_row.isVisible()
    click(editor.add_back_button)
    assert editor.present_keys() == list(CRITERIA)
    assert not editor.add_back_row.isVisible()
    assert editor.changes_label.text() == ""

    click(editor.boxes["statutory"].remove_button)
    save_and_wait(qtbot, editor)
    assert services.matrix.current().keys == tuple(k for k in CRITERIA if k != "statutory")
    assert not editor.boxes["statutory"].isVisible()
    assert editor.add_back_row.isVisible()


def test_a_criterion_with_no_answers_is_refused_next_to_it(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    editor = present(open_page().matrix_editor)
    safeguarding = editor.boxes["safeguarding"]
    for check in safeguarding.answers.values():
        press(check, Qt.Key.Key_Space)
    assert not any(check.isChecked() for check in safeguarding.answers.values())
    assert not safeguarding.points["enquiry"].isEnabled()

    click(editor.save_button)
    assert safeguarding.error.isVisible()
    assert safeguarding.error.message == (
        "Safeguarding: give this criterion at least one answer with its points."
    )
    assert "“Safeguarding”" in editor.errors.general.message
    assert not editor.boxes["impact"].error.isVisible()
    assert services.matrix.current().version == 1


def test_near_days_beyond_soon_days_are_refused_on_the_decision_date(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    editor = present(open_page().matrix_editor)
    decision = editor.boxes["decision_date"]
    set_points(decision.parameters["near_days"], 30)
    click(editor.save_button)
    assert decision.error.isVisible()
    assert "soon days must be at least the near days" in decision.error.message
    assert services.matrix.current().version == 1


def test_a_message_for_criterion_n_shows_on_that_criterion(
    services: Services,
    open_page: Callable[..., SettingsPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = present(open_page().matrix_editor)
    set_points(points_box(editor, "impact", "4"), 12)
    type_into(editor.note, "Impact a little less")

    def refuse(_definition: object, _reason: str) -> None:
        raise ValidationError({"criterion 2": "Criterion 2: check this one."})

    monkeypatch.setattr(services.matrix, "save", refuse)
    click(editor.save_button)
    assert editor.boxes["impact"].error.message == "Criterion 2: check this one."
    assert editor.boxes["complexity"].error.message == ""


# -- after a save -----------------------------------------------------------------------


def test_a_save_rescores_waiting_referrals_in_the_background(
    services: Services,
    bus: DataBus,
    open_page: Callable[..., SettingsPage],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    referral_id = add_waiting_referral(services)
    changes: list[Changes] = []
    bus.changed.connect(changes.append)
    editor = present(open_page().matrix_editor)
    bar_values: list[int] = []
    editor.progress.valueChanged.connect(bar_values.append)
    set_points(points_box(editor, "safeguarding", "enquiry"), 30)
    type_into(editor.note, "More weight on enquiries")

    # Hold the job until the page has been looked at while it runs.
    looked = threading.Event()
    rescore_all = services.waiting_list.rescore_all

    def held(note: str = "", progress: Callable[[str, float], None] | None = None) -> int:
        looked.wait(RESCORE_TIMEOUT_MS / 1000)
        return rescore_all(note=note, progress=progress)

    monkeypatch.setattr(services.waiting_list, "rescore_all", held)
    with qtbot.waitSignal(editor.rescored, timeout=RESCORE_TIMEOUT_MS) as blocker:
        click(editor.save_button)
        try:
            assert editor.rescoring
            assert editor.progress.isVisible()
            assert not editor.save_button.isEnabled()
            assert editor.status.text() == ("Saved as version 2. Rescoring the waiting list…")
            # The new version is saved (and told) before the rescoring, which is not yet.
            assert "prioritisation_matrix" in kinds(changes)
            assert "referral_score" not in kinds(changes)
        finally:
            looked.set()
    assert blocker.args == [1]
    assert 100 in bar_values
    qtbot.waitUntil(lambda: not editor.rescoring, timeout=RESCORE_TIMEOUT_MS)

    assert editor.status.text() == "Rescored 1 waiting referral with matrix version 2."
    assert not editor.progress.isVisible()
    assert editor.save_button.isEnabled()
    # The rescoring's own commit, made on a pool thread, is told on the GUI thread.
    qtbot.waitUntil(lambda: "referral_score" in kinds(changes), timeout=RESCORE_TIMEOUT_MS)
    history = services.waiting_list.history(referral_id)
    matrix_rows = [entry for entry in history if entry.event == "matrix"]
    assert len(matrix_rows) == 1
    assert matrix_rows[0].matrix_version == 2
    assert matrix_rows[0].note == "More weight on enquiries"
    # Active enquiry 30, complexity answered 3 scores 10, 53 days waited are 7 full weeks.
    assert matrix_rows[0].score == 30 + 10 + 7


def test_a_failed_rescore_says_the_version_is_saved_and_offers_to_retry(
    services: Services,
    open_page: Callable[..., SettingsPage],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = present(open_page().matrix_editor)

    def broken(note: str = "", progress: object = None) -> int:
        raise AdvocacyDeskError("the database is busy")

    monkeypatch.setattr(services.waiting_list, "rescore_all", broken)
    set_points(points_box(editor, "statutory", "yes"), 25)
    type_into(editor.note, "Statutory work first")
    with qtbot.waitSignal(editor.rescore_failed, timeout=RESCORE_TIMEOUT_MS):
        click(editor.save_button)
    assert services.matrix.current().version == 2
    assert "Version 2 is saved" in editor.status.text()
    assert "the database is busy" in editor.status.text()
    assert editor.retry_button.isVisible()

    monkeypatch.undo()
    with qtbot.waitSignal(editor.rescored, timeout=RESCORE_TIMEOUT_MS):
        click(editor.retry_button)
    qtbot.waitUntil(lambda: not editor.rescoring, timeout=RESCORE_TIMEOUT_MS)
    assert editor.status.text() == rescored_message(0, 2)
    assert not editor.retry_button.isVisible()


def test_rescoring_can_be_stopped_after_the_batch_being_written(
    services: Services,
    open_page: Callable[..., SettingsPage],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each batch is its own transaction: stopped, the history is whole up to the batch
    written, the version stays saved, and Rescore again is offered."""
    referrals = [add_waiting_referral(services, given) for given in ("Jane", "Amir", "Olu")]
    editor = present(open_page().matrix_editor)
    real = services.waiting_list.rescore_all
    second_batch, carry_on = threading.Event(), threading.Event()

    def one_at_a_time(note: str = "", progress: Progress | None = None) -> int:
        assert progress is not None

        def tell(message: str, fraction: float) -> None:
            if "(1 of 3)" in message:  # the first batch is written
                second_batch.set()
                carry_on.wait(RESCORE_TIMEOUT_MS / 1000)
            progress(message, fraction)

        return real(note=note, progress=tell, batch_size=1)

    monkeypatch.setattr(services.waiting_list, "rescore_all", one_at_a_time)
    set_points(points_box(editor, "statutory", "yes"), 25)
    type_into(editor.note, "Statutory work first")
    assert not editor.cancel_rescore_button.isVisible()
    click(editor.save_button)
    assert editor.cancel_rescore_button.isVisible()
    qtbot.waitUntil(second_batch.is_set, timeout=RESCORE_TIMEOUT_MS)
    with qtbot.waitSignal(editor.rescore_failed, timeout=RESCORE_TIMEOUT_MS) as stopped:
        click(editor.cancel_rescore_button)
        assert not editor.cancel_rescore_button.isEnabled()
        carry_on.set()
    assert stopped.args == [STOPPED]
    assert services.matrix.current().version == 2
    assert "Version 2 is saved" in editor.status.text()
    assert "stopped: you stopped it. Choose Rescore again to finish." in editor.status.text()
    assert editor.retry_button.isVisible()
    assert not editor.cancel_rescore_button.isVisible()
    assert not editor.rescoring
    scored = [
        referral
        for referral in referrals
        if any(e.event == "matrix" for e in services.waiting_list.history(referral))
    ]
    assert len(scored) == 1  # the first batch, and no more


# -- versions -------------------------------------------------------------------------


def test_an_old_version_can_be_read_but_not_changed(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot
) -> None:
    editor = present(open_page().matrix_editor)
    set_points(points_box(editor, "safeguarding", "enquiry"), 25)
    save_and_wait(qtbot, editor)
    set_points(points_box(editor, "statutory", "yes"), 5)  # an unsaved change

    editor.versions.selectRow(1)
    assert editor.view_button.text() == "View version"
    click(editor.view_button)
    assert editor.heading.text() == "Version 1 (read only)"
    assert editor.banner.isVisible()
    enquiry = points_box(editor, "safeguarding", "enquiry")
    assert enquiry.value() == 20
    assert enquiry.isReadOnly()
    enquiry_answer = editor.boxes["safeguarding"].answers["enquiry"]
    # Click through the window, as the mouse does, on the tick box itself.
    editor.criteria_scroll.ensureWidgetVisible(enquiry_answer)
    window = editor.window()
    where = enquiry_answer.mapTo(window, QPoint(6, enquiry_answer.height() // 2))
    QTest.mouseClick(
        window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
    )
    assert enquiry_answer.isChecked()
    press(enquiry, Qt.Key.Key_Up)
    assert enquiry.value() == 20
    assert not editor.boxes["safeguarding"].remove_button.isVisible()
    assert not editor.save_button.isVisible()
    assert not editor.note.isVisible()

    click(editor.back_button)
    assert editor.heading.text() == "Version 2 (current)"
    assert points_box(editor, "safeguarding", "enquiry").value() == 25
    assert not points_box(editor, "safeguarding", "enquiry").isReadOnly()
    assert points_box(editor, "statutory", "yes").value() == 5
    assert editor.status.text() == "Your unsaved changes are back."


def test_double_clicking_a_version_shows_it_and_it_can_be_started_from(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot
) -> None:
    editor = present(open_page().matrix_editor)
    set_points(points_box(editor, "safeguarding", "enquiry"), 25)
    save_and_wait(qtbot, editor)

    table = editor.versions
    first_version = table.item(1, 0)
    assert first_version is not None
    row_rect = table.visualItemRect(first_version)
    double_click(table.viewport(), row_rect.center())
    assert editor.heading.text() == "Version 1 (read only)"

    click(editor.start_from_button)
    assert editor.heading.text() == "Version 2 (current)"
    assert "Started from version 1" in editor.explanation.text()
    assert points_box(editor, "safeguarding", "enquiry").value() == 20
    assert editor.changes_label.text() == "Changes not saved yet."
    save_and_wait(qtbot, editor)
    assert services.matrix.current().version == 3
    assert services.matrix.current().criteria == default_matrix().criteria


def test_restore_default_loads_the_default_to_save_as_a_new_version(
    services: Services, open_page: Callable[..., SettingsPage], qtbot: QtBot
) -> None:
    editor = present(open_page().matrix_editor)
    click(editor.restore_default_button)
    assert "same as version 1" in editor.status.text()

    click(editor.boxes["time_waited"].remove_button)
    set_points(points_box(editor, "statutory", "yes"), 40)
    save_and_wait(qtbot, editor)
    assert services.matrix.current().version == 2

    click(editor.restore_default_button)
    assert editor.heading.text() == "Version 2 (current)"
    assert "default matrix" in editor.explanation.text()
    assert points_box(editor, "statutory", "yes").value() == 20
    assert editor.boxes["time_waited"].isVisible()
    assert services.matrix.current().version == 2  # nothing saved until asked
    save_and_wait(qtbot, editor)
    current = services.matrix.current()
    assert current.version == 3
    assert current.criteria == default_matrix().criteria
    assert [row[0] for row in editor.version_rows()] == ["3 (current)", "2", "1"]


def test_discard_changes_puts_back_the_current_points(
    open_page: Callable[..., SettingsPage],
) -> None:
    editor = present(open_page().matrix_editor)
    set_points(points_box(editor, "impact", "4"), 99)
    click(editor.boxes["complexity"].remove_button)
    assert editor.discard_button.isEnabled()
    click(editor.discard_button)
    assert points_box(editor, "impact", "4").value() == 15
    assert editor.boxes["complexity"].isVisible()
    assert editor.changes_label.text() == ""


def test_clicking_in_a_points_box_and_typing_changes_it(
    open_page: Callable[..., SettingsPage],
) -> None:
    editor = present(open_page().matrix_editor)
    spin = points_box(editor, "impact", "2")
    click(spin, QPoint(8, spin.height() // 2))
    spin.selectAll()
    type_into(spin, "7")
    press(spin, Qt.Key.Key_Tab)
    assert spin.value() == 7
    assert editor.has_changes()


def test_the_provider_name_is_kept_for_the_return_cover(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    page = open_page()
    page.provider_name.setText("  Essex   Advocacy Partnership ")
    page.save_provider_name()
    assert "Saved" in page.provider_saved.text()
    report = services.returns.prepare(Quarter.parse("2026/27-Q2"))
    assert report.provider == "Essex Advocacy Partnership"


def test_the_providers_contact_details_are_checked_and_kept_for_the_letters(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    page = open_page()
    page.show_tab("organisation")
    contact = page.contact
    assert contact.isVisible()
    assert contact.save_button.isEnabled()
    typed = {
        "provider_address_line_one": "Unit 4, Riverside House",
        "provider_town": "Chelmsford",
        "provider_postcode": "cm2 6fb",
        "provider_telephone": "01245 000123",
        "provider_email": "hello at essexvoice",
        "provider_website": "www.essexvoice.org.uk",
    }
    for key, text in typed.items():
        type_into(contact.fields[key], text)
    click(contact.save_button)
    assert contact.errors.messages == {
        "provider_email": "The provider's email address (provider_email): \"hello at "
        'essexvoice" is not an email address: type it whole, for example '
        "hello@advocacy.org.uk."
    }
    assert services.settings.get("provider_town") == ""  # nothing half saved
    contact.fields["provider_email"].clear()
    type_into(contact.fields["provider_email"], "hello@essexvoice.org.uk")
    click(contact.save_button)
    assert contact.errors.messages == {}
    assert contact.saved.text() == "Saved: letters made from now on print these."
    assert contact.fields["provider_postcode"].text() == "CM2 6FB"  # as kept
    assert services.settings.get("provider_email") == "hello@essexvoice.org.uk"
    changed = [json.loads(e.details)["key"] for e in services.audit.events(action="update")
               if e.entity == "setting"]  # fmt: skip
    assert sorted(changed) == sorted(typed)


def test_only_an_administrator_changes_the_contact_details(
    services: Services, open_page: Callable[..., SettingsPage]
) -> None:
    services.accounts.add("amanager", "A Manager", "manager", "a long enough secret")
    services.accounts.sign_in("amanager", "a long enough secret")
    page = open_page()
    assert not page.contact.save_button.isEnabled()
    assert not any(field.isEnabled() for field in page.contact.fields.values())
