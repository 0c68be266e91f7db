"""The referral form: the live Care Act gate, date rules, contracts, saving and editing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import SUBSTANTIAL_DIFFICULTY
from tests.conftest import TODAY
from tests.ui.conftest import AddPerson, click, type_into
from ui.bus import DataBus
from ui.referrals.referral_form import GATE_MET_STYLE, GATE_NOT_MET_STYLE, ReferralDialog
from ui.widgets import theme

pytestmark = pytest.mark.usefixtures("no_modals")

OpenDialog = Callable[..., ReferralDialog]


@pytest.fixture
def jane(add_person: AddPerson) -> int:
    return add_person("Jane", "Smith", date(1950, 2, 1))


@pytest.fixture
def open_dialog(services: Services, bus: DataBus, qtbot: QtBot) -> OpenDialog:
    def open_(person_id: int, referral_id: int | None = None) -> ReferralDialog:
        dialog = ReferralDialog(services, person_id, referral_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def referral_count(services: Services, person_id: int) -> int:
    return len(services.referrals.for_person(person_id))


def click_save(qtbot: QtBot, dialog: ReferralDialog) -> None:
    click(dialog.save_button)


def answer_required(dialog: ReferralDialog, advocacy_type: str = "care_act") -> None:
    dialog.source.set_code("social_worker")
    dialog.advocacy_type.set_code(advocacy_type)


def test_a_new_referral_starts_today_and_unanswered(jane: int, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(jane)
    assert dialog.windowTitle() == "New referral"
    assert "Jane Smith (P000001), born 01/02/1950" in dialog.about_person.text()
    assert dialog.received_on.text() == "23/11/2026"
    assert (dialog.source.code(), dialog.advocacy_type.code()) == ("", "")
    assert dialog.care_act_process.code() == "none"
    assert dialog.safeguarding.code() == "none"
    assert [dialog.safeguarding.itemText(i) for i in range(3)] == [
        "None",
        "Concern",
        "Active enquiry",
    ]
    assert dialog.appropriate_individual.code() == "not_known"
    assert [box.text() for box in dialog.difficulties.values()] == [
        SUBSTANTIAL_DIFFICULTY.label(code) for code in SUBSTANTIAL_DIFFICULTY.codes
    ]
    assert all(combo.level() is None for combo in dialog.matrix.values())
    assert dialog.contract.currentText() == "None"


def test_each_matrix_answer_says_what_it_means_as_settings_does(
    jane: int, open_dialog: OpenDialog, services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    from ui.settings.matrix_editor import MatrixEditor

    dialog = open_dialog(jane)
    support = dialog.matrix["support_network"]
    answers = [support.itemText(i) for i in range(support.count())]
    assert answers == ["Not answered", "1 (good support)", "2 (some support)",
                       "3 (little support)", "4 (no one, isolated)"]  # fmt: skip
    assert support.toolTip().endswith("4 = no one, isolated. Unanswered scores 0.")
    capacity = dialog.matrix["capacity_voice"]
    assert capacity.itemText(4) == "4 (great difficulty)"
    assert dialog.matrix["complexity"].itemText(4) == "4 (very high)"
    # Settings names the same answers in the same words beside their points.
    editor = MatrixEditor(services, bus)
    qtbot.addWidget(editor)
    for key, combo in dialog.matrix.items():
        box = editor.boxes[key]
        assert [box.answers[str(n)].text() for n in range(1, 5)] == [
            combo.itemText(n) for n in range(1, 5)
        ]
    assert "4 = no one, isolated" in editor.boxes["support_network"].hint.text()


def test_the_gate_label_changes_live_from_not_met_to_met(
    jane: int, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog(jane)
    label = dialog.gate_label
    assert label.isVisible()
    assert label.text().startswith("Care Act gate not met: not in a Care Act process")
    assert label.styleSheet() == theme.css(GATE_NOT_MET_STYLE)

    dialog.care_act_process.set_code("needs_assessment")
    assert label.text().startswith("Care Act gate not met: in a Care Act process")
    assert "no substantial difficulty recorded" in label.text()

    click(dialog.difficulties["retaining"])
    assert dialog.difficulties["retaining"].isChecked()
    assert "substantial difficulty in retaining that information" in label.text()
    click(dialog.difficulties["communicating"])
    assert "not met" in label.text()  # still not known whether there is someone

    dialog.appropriate_individual.set_code("yes")
    assert "an appropriate individual can support them" in label.text()
    assert "not met" in label.text()

    dialog.gate_exception.set_code("disagreement")
    assert label.text().startswith("Care Act gate met:")
    assert label.styleSheet() == theme.css(GATE_MET_STYLE)
    assert dialog.gate_met

    dialog.gate_exception.set_code("none")
    dialog.appropriate_individual.set_code("no")
    assert label.text() == (
        "Care Act gate met: in a Care Act process (Needs assessment (s9)); substantial "
        "difficulty in retaining that information, communicating views, wishes and "
        "feelings; no appropriate individual."
    )

    for box in dialog.difficulties.values():
        box.setChecked(False)
    assert label.text().startswith("Care Act gate not met:")
    assert label.styleSheet() == theme.css(GATE_NOT_MET_STYLE)


def test_saving_a_referral_keeps_every_answer(
    services: Services, bus: DataBus, jane: int, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog(jane)
    dialog.received_on.clear()
    type_into(dialog.received_on, "2026-11-20")
    answer_required(dialog)
    dialog.care_act_process.set_code("safeguarding_enquiry")
    type_into(dialog.decision_due_on, "01/12/2026")
    dialog.safeguarding.set_code("enquiry")
    dialog.difficulties["understanding"].setChecked(True)
    dialog.difficulties["using_weighing"].setChecked(True)
    dialog.appropriate_individual.set_code("no")
    for name, level in zip(
        ("complexity", "impact", "support_network", "capacity_voice"), (1, 2, 3, 4), strict=True
    ):
        dialog.matrix[name].set_level(level)
    type_into(dialog.notes, "Daughter lives abroad.")
    with qtbot.waitSignal(bus.changed) as changed:
        click_save(qtbot, dialog)
    assert "referral" in changed.args[0].kinds()
    assert dialog.result() == QDialog.DialogCode.Accepted
    record = services.referrals.get(dialog.referral_id or 0)
    assert record.details == ReferralDetails(
        received_on=date(2026, 11, 20),
        source="social_worker",
        advocacy_type="care_act",
        care_act_process="safeguarding_enquiry",
        decision_due_on=date(2026, 12, 1),
        safeguarding="enquiry",
        difficulties=frozenset({"understanding", "using_weighing"}),
        appropriate_individual="no",
        gate_exception="none",
        contract_id=None,
        notes="Daughter lives abroad.",
        complexity=1,
        impact=2,
        support_network=3,
        capacity_voice=4,
    )
    assert record.gate.met
    assert record.statutory


def test_received_date_before_birth_is_refused_next_to_the_field(
    services: Services, jane: int, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog(jane)
    answer_required(dialog)
    dialog.received_on.clear()
    type_into(dialog.received_on, "31/01/1950")
    click_save(qtbot, dialog)
    error = dialog.errors.label("received_on")
    assert error.isVisible()
    assert error.text().startswith("Received date is before the person's date of birth")
    assert "01/02/1950" in error.text()
    assert error.accessibleName() == "Received date error"
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert referral_count(services, jane) == 0


def test_future_received_date_and_early_decision_date_are_refused(
    services: Services, jane: int, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog(jane)
    answer_required(dialog)
    dialog.received_on.clear()
    type_into(dialog.received_on, "24/11/2026")
    click_save(qtbot, dialog)
    assert dialog.errors.label("received_on").text().startswith("Received date is in the future")
    assert dialog.errors.label("received_on").isVisible()

    dialog.received_on.clear()
    type_into(dialog.received_on, "20/11/2026")
    type_into(dialog.decision_due_on, "19/11/2026")
    click_save(qtbot, dialog)
    assert not dialog.errors.label("received_on").isVisible()
    decision = dialog.errors.label("decision_due_on")
    assert decision.isVisible()
    assert decision.text().startswith("Decision or meeting date is before the received date")
    assert referral_count(services, jane) == 0


def test_blank_and_unreadable_answers_are_named_before_saving(
    services: Services, jane: int, open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    dialog = open_dialog(jane)
    dialog.received_on.clear()
    type_into(dialog.decision_due_on, "32/01/2027")
    click_save(qtbot, dialog)
    messages = dialog.errors.messages
    assert set(messages) == {"received_on", "decision_due_on", "source", "advocacy_type"}
    assert messages["received_on"].startswith("Received date is required")
    assert messages["decision_due_on"].startswith("Decision or meeting date:")
    assert messages["source"].startswith("Source is required")
    assert messages["advocacy_type"].startswith("Advocacy type is required")
    assert all(dialog.errors.label(name).isVisible() for name in messages)
    assert referral_count(services, jane) == 0


def test_only_contracts_covering_the_type_are_offered(
    services: Services,
    jane: int,
    contracts: dict[str, int],
    open_dialog: OpenDialog,
    qtbot: QtBot,
) -> None:
    dialog = open_dialog(jane)
    names = [dialog.contract.itemText(i) for i in range(dialog.contract.count())]
    assert names == ["None", "Essex Care Act and IMCA", "Essex NHS complaints"]
    model = dialog.contract.model()
    assert isinstance(model, QStandardItemModel)

    answer_required(dialog, "care_act")
    assert model.item(1).isEnabled()
    assert not model.item(2).isEnabled()
    dialog.advocacy_type.set_code("nhs_complaints")
    assert not model.item(1).isEnabled()
    assert model.item(2).isEnabled()

    # A contract chosen first, then a type it does not cover: said at once, not saved.
    dialog.contract.setCurrentIndex(1)
    error = dialog.errors.label("contract_id")
    assert error.isVisible()
    assert error.text().startswith("Contract: Essex Care Act and IMCA does not cover")
    click_save(qtbot, dialog)
    assert error.isVisible()
    assert referral_count(services, jane) == 0

    dialog.advocacy_type.set_code("imca")
    assert not error.isVisible()
    click_save(qtbot, dialog)
    saved = services.referrals.for_person(jane)
    assert [(r.details.contract_id, r.contract_name) for r in saved] == [
        (contracts["Essex Care Act and IMCA"], "Essex Care Act and IMCA")
    ]


def test_editing_a_referral_loads_and_persists(
    services: Services, jane: int, contracts: dict[str, int], open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    original = services.referrals.create(
        jane,
        ReferralDetails(
            date(2026, 10, 1),
            "health",
            "care_act",
            "care_plan",
            difficulties=frozenset({"understanding"}),
            appropriate_individual="no",
            contract_id=contracts["Essex Care Act and IMCA"],
            impact=2,
            notes="First note",
        ),
    )
    dialog = open_dialog(jane, original.id)
    assert dialog.windowTitle() == f"Edit referral {original.referral_ref}"
    assert dialog.received_on.text() == "01/10/2026"
    assert (dialog.source.code(), dialog.care_act_process.code()) == ("health", "care_plan")
    assert dialog.difficulties["understanding"].isChecked()
    assert dialog.contract.currentText() == "Essex Care Act and IMCA"
    assert dialog.matrix["impact"].level() == 2
    assert dialog.notes.toPlainText() == "First note"
    assert dialog.gate_label.text().startswith("Care Act gate met")

    dialog.difficulties["understanding"].setChecked(False)
    dialog.decision_due_on.setText("05/12/2026")
    dialog.matrix["impact"].set_level(None)
    dialog.contract.setCurrentIndex(0)
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.referrals.get(original.id)
    assert saved.details.difficulties == frozenset()
    assert saved.details.decision_due_on == date(2026, 12, 5)
    assert (saved.details.impact, saved.details.contract_id) == (None, None)
    assert not saved.gate.met
    assert referral_count(services, jane) == 1
