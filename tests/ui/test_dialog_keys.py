"""Every dialog the app opens, walked with the keyboard.

Enter performs the dialog's main action (Save, Allocate, Close case, Set password...),
never Cancel: the main button is the default, and Enter in the first field does not
close the dialog as cancelled. Tab and Shift+Tab go through the same controls, one
the reverse of the other. The dialogs are opened on a small demo database, made once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import DEMO_PASSWORD, generate
from advocacy_desk.records.reports import ReportRecord
from advocacy_desk.records.waiting_list import WaitingRow
from advocacy_desk.services.accounts import Account
from advocacy_desk.services.citizen import PartnershipRecord
from advocacy_desk.services.consent import ConsentRecord
from tests.conftest import TODAY
from tests.services.test_diary import at
from tests.services.test_reports import DETAILS
from tests.ui.conftest import press
from ui.accounts import (
    AddAccountDialog,
    ChangePasswordDialog,
    ChangeRoleDialog,
    SetPasswordDialog,
)
from ui.casework.dialogs import (
    AddIssueDialog,
    CloseCaseDialog,
    EditActivityDialog,
    OutcomeDialog,
    ReopenCaseDialog,
)
from ui.citizen.matching import EndPartnershipDialog
from ui.citizen.profile import PartnerProfileDialog
from ui.citizen.volunteers import AddVolunteerDialog
from ui.citizen.weights import WeightsDialog
from ui.consent.dialogs import (
    ConsentDialog,
    PartyDialog,
    RecordConsentDialog,
    WithdrawConsentDialog,
)
from ui.data_protection.dialogs import AnonymiseDialog, KeepDialog
from ui.diary.dialogs import AppointmentDialog, ExportDialog, LogAppointmentsDialog
from ui.importing import ImportDialog
from ui.letters.panel import NewLetterDialog
from ui.people.person_form import DuplicateDialog, PersonDialog
from ui.referrals.referral_form import ReferralDialog
from ui.reports.dialogs import MarkSentDialog, ReportDialog
from ui.returns.page import ExactFiguresDialog
from ui.server_dialog import ServerDialog
from ui.settings.contracts import AddContractDialog
from ui.settings.staff import AddStaffDialog
from ui.signin import FirstAdministratorDialog, SignInDialog
from ui.waiting_list.dialogs import AllocateDialog, CloseReferralDialog, OverrideDialog
from ui.welcome import WelcomeDialog
from ui.widgets import unsaved

Make = Callable[[Services], QDialog]


def _case(services: Services, is_open: bool = True) -> int:
    for row in services.casework.caseload():
        case = services.casework.case(row.case_id)
        if case.is_open == is_open and (case.issues or not is_open):
            return row.case_id
    raise AssertionError("the demo has no such case")


def _people(services: Services) -> list[int]:
    return services.people.search_ids("")[:80]


def _closed_case(services: Services) -> int:
    for person_id in _people(services):
        for case in services.casework.person_cases(person_id):
            if not services.casework.case(case.case_id).is_open:
                return case.case_id
    raise AssertionError("the demo has no closed case")


def _waiting(services: Services) -> WaitingRow:
    return services.waiting_list.ranked(TODAY).row(0)


def _person(services: Services) -> int:
    return services.casework.case(_case(services)).person_id


def _account(services: Services) -> Account:
    return next(a for a in services.accounts.accounts() if a.username != "demo")


def _report(services: Services) -> ReportRecord:
    case_id = _case(services)
    return (services.reports.for_case(case_id) or [services.reports.create(case_id, DETAILS)])[0]


def _consent(services: Services) -> ConsentRecord:
    for person_id in _people(services):
        consents = services.consent.consents(person_id)
        if consents:
            return consents[0]
    pytest.skip("the demo has no consent recorded")


def _partnership(services: Services) -> PartnershipRecord:
    return services.citizen.partnerships()[0]


#: Each dialog, how to open it, and the text of its main button (None: a dialog that
#: only shows something, whose Close is its main action).
DIALOGS: dict[str, tuple[Make, str]] = {
    "allocate": (lambda s: AllocateDialog(s, _waiting(s), today=TODAY), "Allocate"),
    "decline": (
        lambda s: CloseReferralDialog(s, _waiting(s), "decline", today=TODAY),
        "Decline",
    ),
    "withdraw": (
        lambda s: CloseReferralDialog(s, _waiting(s), "withdraw", today=TODAY),
        "Withdraw",
    ),
    "override": (
        lambda s: OverrideDialog(s, s.waiting_list.breakdown(_waiting(s).referral_id, TODAY)),
        "",
    ),
    "new referral": (lambda s: ReferralDialog(s, _person(s), today=TODAY), "Save"),
    "edit referral": (
        lambda s: ReferralDialog(
            s, _person(s), s.referrals.for_person(_person(s))[0].id, today=TODAY
        ),
        "Save",
    ),
    "new person": (lambda s: PersonDialog(s, today=TODAY), "Save"),
    "edit person": (lambda s: PersonDialog(s, _person(s), today=TODAY), "Save"),
    "new letter": (lambda s: NewLetterDialog(s, _case(s)), ""),
    "edit activity": (
        lambda s: EditActivityDialog(s, s.casework.activities(_case(s))[0], today=TODAY),
        "",
    ),
    "add issue": (lambda s: AddIssueDialog(s, s.casework.case(_case(s)), today=TODAY), ""),
    "issue outcome": (
        lambda s: OutcomeDialog(s, s.casework.case(_case(s)).issues[0], today=TODAY),
        "",
    ),
    "close case": (lambda s: CloseCaseDialog(s, s.casework.case(_case(s)), today=TODAY), ""),
    "reopen case": (
        lambda s: ReopenCaseDialog(s, s.casework.case(_closed_case(s)), today=TODAY),
        "",
    ),
    "keep": (lambda s: KeepDialog(s, _person(s)), ""),
    "anonymise": (lambda s: AnonymiseDialog(s, _person(s)), ""),
    "add contract": (lambda s: AddContractDialog(s), ""),
    "add advocate": (lambda s: AddStaffDialog(s), ""),
    "add volunteer": (lambda s: AddVolunteerDialog(s), ""),
    "end partnership": (lambda s: EndPartnershipDialog(s, _partnership(s), today=TODAY), ""),
    "matching weights": (lambda s: WeightsDialog(s), ""),
    "partner profile": (lambda s: PartnerProfileDialog(s, _person(s)), ""),
    "new report": (lambda s: ReportDialog(s, s.reports.case_info(_case(s))), ""),
    "mark sent": (lambda s: MarkSentDialog(s, _report(s), today=TODAY), ""),
    "add party": (lambda s: PartyDialog(s, _person(s)), ""),
    "record consent": (
        lambda s: RecordConsentDialog(s, _person(s), s.consent.parties(_person(s)), today=TODAY),
        "",
    ),
    "withdraw consent": (lambda s: WithdrawConsentDialog(s, _consent(s), today=TODAY), ""),
    "new appointment": (lambda s: AppointmentDialog(s, on=TODAY), ""),
    "diary export": (lambda s: ExportDialog(s, "tester", start=TODAY), ""),
    "log appointments": (lambda s: LogAppointmentsDialog(s, now=at(TODAY, 17)), ""),
    "add account": (lambda s: AddAccountDialog(s), ""),
    "set password": (lambda s: SetPasswordDialog(s, _account(s)), "Set password"),
    "change role": (lambda s: ChangeRoleDialog(s, _account(s)), ""),
    "change own password": (lambda s: ChangePasswordDialog(s), ""),
}

CLOSE = {"Close", "&Close"}

#: Dialogs that do not save a form, and the attribute (or the text) of their main
#: button: signing in, the first start, connecting to a server, a possible duplicate,
#: the consent record (whose action is Close).
OTHERS: dict[str, tuple[Make, str]] = {
    "sign in": (lambda s: SignInDialog(s), "sign_in_button"),
    "first administrator": (lambda s: FirstAdministratorDialog(s), "create_button"),
    # Enter in the address tests it; "Use this server" is enabled once it passed.
    "server": (lambda _s: ServerDialog(), "test_button"),
    "welcome": (lambda s: WelcomeDialog(s.location), "empty_button"),
    "duplicate": (
        lambda s: DuplicateDialog(s.people.rows(_people(s)[:2])),
        "use_existing_button",
    ),
    "consent": (lambda s: ConsentDialog(s, _person(s), today=TODAY), "Close"),
}

#: Dialogs walked only with Tab: the import (a button per step, none pressed by
#: Enter) and the exact-figures warning (Cancel is its default on purpose: exporting
#: small numbers that could identify people must be a deliberate click).
TAB_ONLY: dict[str, Make] = {
    "import": lambda s: ImportDialog(s),
    "exact figures": lambda _s: ExactFiguresDialog(),
}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dialogs") / "demo.sqlite"
    made = open_services(str(path), today=lambda: TODAY, user="tester")
    try:
        generate(made, scale="small", seed=1, as_of=date(2026, 11, 23))
    finally:
        made.close()
    return path


@pytest.fixture(scope="module")
def demo(demo_file: Path) -> Iterator[Services]:
    opened = open_services(str(demo_file), today=lambda: TODAY)
    opened.accounts.sign_in("demo", DEMO_PASSWORD)
    yield opened
    opened.close()


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question a dialog asks is answered No / Cancel at once, and noted."""
    asked: list[str] = []

    def no(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]) if len(args) > 1 else "")
        return QMessageBox.StandardButton.No

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(no))

    def refuse(dialog: QDialog) -> int:
        asked.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)

    def cancel(_parent: object, title: str, _question: str) -> unsaved.Answer:
        asked.append(title)
        return unsaved.Answer.CANCEL

    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", cancel)
    return asked


def _open(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    QApplication.processEvents()
    return dialog


def _default_buttons(dialog: QDialog) -> list[QPushButton]:
    return [
        b
        for b in dialog.findChildren(QPushButton)
        if b.isDefault() and b.isVisible() and b.window() is dialog
    ]


def _main(dialog: QDialog, named: str = "") -> QPushButton:
    button = dialog.main_button() if isinstance(dialog, unsaved.GuardedDialog) else None
    if named:
        texts = {b.text(): b for b in dialog.findChildren(QPushButton)}
        button = texts.get(named) or getattr(dialog, named, None)
    assert isinstance(button, QPushButton), f"{dialog.windowTitle()} has no main button"
    return button


@pytest.mark.parametrize("name", sorted(DIALOGS) + sorted(OTHERS))
def test_the_main_button_is_the_default_and_enter_in_the_first_field_does_not_cancel(
    name: str, demo: Services, qtbot: QtBot, answered: list[str]
) -> None:
    make, text = DIALOGS.get(name) or (OTHERS[name][0], "")
    dialog = _open(qtbot, make(demo))
    main = _main(dialog, OTHERS[name][1] if name in OTHERS else "")
    if text:
        assert main.text() == text
    assert _default_buttons(dialog) == [main], (
        f"{dialog.windowTitle()}: default is "
        f"{[b.text() for b in _default_buttons(dialog)]}, not {main.text()!r}"
    )
    for button in dialog.findChildren(QPushButton):
        if button is not main and button.text() in {"Cancel", "&Cancel", *CLOSE}:
            assert not button.autoDefault(), f"{dialog.windowTitle()}: Cancel takes Enter"

    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    pressed: list[bool] = []
    main.clicked.connect(lambda: pressed.append(True))
    first = dialog.focusWidget() or dialog
    press(first, Qt.Key.Key_Return)
    if main.text() not in CLOSE:  # a dialog whose action is to close (Log appointments)
        where = first.accessibleName()
        assert not rejected, f"{dialog.windowTitle()}: Enter in {where!r} cancelled"
    assert pressed or first.metaObject().className() in {"QPlainTextEdit", "QTextEdit"}


def _order(dialog: QDialog, forward: bool) -> list[QWidget]:
    """The controls Tab (or Shift+Tab) visits, from the one focused first, once round."""
    start = dialog.focusWidget()
    assert start is not None, f"{dialog.windowTitle()} focuses nothing"
    seen = [start]
    for _ in range(200):
        if forward:
            dialog.focusNextChild()
        else:
            dialog.focusPreviousChild()
        now = dialog.focusWidget()
        assert now is not None
        if now is start:
            return seen
        seen.append(now)
    raise AssertionError(f"{dialog.windowTitle()}: Tab never comes back round")


@pytest.mark.parametrize("name", sorted(DIALOGS) + sorted(OTHERS) + sorted(TAB_ONLY))
def test_tab_and_shift_tab_visit_the_same_controls_in_reverse(
    name: str, demo: Services, qtbot: QtBot, answered: list[str]
) -> None:
    make = DIALOGS[name][0] if name in DIALOGS else OTHERS[name][0] if name in OTHERS else None
    dialog = _open(qtbot, (make or TAB_ONLY[name])(demo))
    forward = _order(dialog, forward=True)
    forward[0].setFocus(Qt.FocusReason.OtherFocusReason)
    backward = _order(dialog, forward=False)
    names = [w.accessibleName() or w.objectName() or type(w).__name__ for w in forward]
    back_names = [w.accessibleName() or w.objectName() or type(w).__name__ for w in backward]
    assert [forward[0], *reversed(backward[1:])] == forward, (names, back_names)
    buttons = {b for b in dialog.findChildren(QPushButton) if b.isVisible() and b.isEnabled()}
    missed = [b.text() for b in buttons - set(forward)]
    assert not missed, f"{dialog.windowTitle()}: Tab never reaches {missed}"


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_escape_in_an_untouched_dialog_closes_it_without_asking(
    name: str, demo: Services, qtbot: QtBot, answered: list[str]
) -> None:
    dialog = _open(qtbot, DIALOGS[name][0](demo))
    qtbot.wait(50)  # anything the dialog fills in after it opens is not the user's work
    press(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert answered == []
    assert not dialog.isVisible()
