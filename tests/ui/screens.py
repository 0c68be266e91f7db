"""Every page and dialog of the app, opened on demo data, one at a time.

The screenshot script (``python -m tests.ui.screenshots``) grabs each one as a picture;
``test_fits_screen`` checks each one fits a 1280x720 laptop. Both walk the same list, so
a page or dialog added here is both pictured and checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time

from PySide6.QtCore import QCoreApplication, QRect, QSize, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.identifying import IdentifyingDetail
from advocacy_desk.records.reports import ReportRecord
from advocacy_desk.records.returns import DataProblem
from advocacy_desk.records.waiting_list import WaitingRow
from advocacy_desk.services.accounts import Account
from advocacy_desk.services.consent import ConsentRecord
from ui.main_window import SECTIONS, MainWindow
from ui.widgets import screen

#: How the screenshots and the check name each view: "people", "settings-Accounts"...
ViewName = str


def settle(rounds: int = 3) -> None:
    """Let queued work (rankings, lazy pages, layouts) run."""
    for _ in range(rounds):
        QThreadPool.globalInstance().waitForDone(5_000)
        QCoreApplication.processEvents()
        QTest.qWait(10)


def laptop(width: int, height: int) -> Callable[[QWidget | None], QRect]:
    """What :func:`ui.widgets.screen.available` answers on a laptop of that size."""

    def available(_widget: QWidget | None = None) -> QRect:
        return QRect(0, 0, width, height)

    return available


def window_size() -> QSize:
    """The main window's size on the screen :func:`ui.widgets.screen.available` gives:
    the whole room less the title bar and frame, as on a laptop where it fills the
    screen."""
    return screen.room()


def _outermost_tabs(root: QWidget) -> list[QTabWidget]:
    """The tab widgets shown under ``root`` that are not inside another one."""
    found = []
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        parent = tabs.parentWidget()
        while parent is not None and parent is not root and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        if parent is root or parent is None:
            found.append(tabs)
    return found


def _tab_views(root: QWidget, name: ViewName, depth: int = 0) -> Iterator[ViewName]:
    """Each tab of each tab widget shown under ``root``, nested tabs too."""
    for tabs in _outermost_tabs(root):
        for index in range(tabs.count()):
            if not tabs.isTabVisible(index) or not tabs.isTabEnabled(index):
                continue
            tabs.setCurrentIndex(index)
            settle()
            title = tabs.tabText(index).replace("&", "").replace(" ", "_")
            view = f"{name}-{title}"
            if index > 0:  # the first tab is the page as first shown
                yield view
            page = tabs.widget(index)
            if page is not None and depth < 2:
                yield from _tab_views(page, view, depth + 1)
        tabs.setCurrentIndex(0)
        settle()


def pages(window: MainWindow) -> Iterator[ViewName]:
    """Show every section the signed-in person may see, each of its tabs, and the
    states that change a page's shape (a person chosen, a referral chosen, a case
    open); yield the view's name while it is on screen."""
    services = window.services
    assert services is not None
    for index, section in enumerate(SECTIONS):
        if window.navigation.item(index).isHidden():
            continue
        window.show_section(section.key)
        settle()
        page = window.pages.currentWidget()
        assert page is not None
        yield section.key
        if section.key == "people":
            people = window.people_page
            chosen = sample(services).person_id or people.model.person_id(0) or 0
            if chosen:
                people.select_person(chosen)
                settle()
                yield "people-chosen"
        elif section.key == "waiting_list":
            from ui.waiting_list import WaitingListPage

            if isinstance(page, WaitingListPage) and page.model.rowCount() > 0:
                page.table.selectRow(0)
                settle()
                yield "waiting_list-chosen"
                page.table.clearSelection()
                settle()
        elif section.key == "casework":
            from ui.casework import CaseworkPage

            casework = page.findChild(CaseworkPage)
            caseload = services.casework.caseload()
            if casework is not None and caseload:
                casework.open_case(caseload[0].case_id)
                settle()
                yield "casework-case"
                casework.show_caseload()
                settle()
        yield from _tab_views(page, section.key)


@dataclass(frozen=True)
class Sample:
    """Records of the demo data that dialogs open on."""

    person_id: int
    referral_id: int
    case_id: int


def sample(services: Services) -> Sample:
    """The first waiting referral and its person, and the first case; an id of 0 where
    the signed-in role may not see them (the dialogs that need them are left out)."""
    try:
        waiting = services.waiting_list.ranked().row(0)
        person, referral = waiting.person_id, waiting.referral_id
    except AdvocacyDeskError:
        person, referral = 0, 0
    try:
        case = services.casework.caseload()[0].case_id
    except AdvocacyDeskError:
        case = 0
    return Sample(person, referral, case)


DialogMaker = Callable[[Services, MainWindow, Sample], QDialog | None]


def _dialog_makers() -> dict[str, DialogMaker]:
    """Every dialog, by name, made on demo data (None when the data has no record the
    dialog needs)."""
    from ui.accounts.editor import AddAccountDialog, ChangeRoleDialog, SetPasswordDialog
    from ui.accounts.password import ChangePasswordDialog
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
    from ui.help import ShortcutsDialog
    from ui.importing.dialog import ImportDialog
    from ui.letters.panel import NewLetterDialog
    from ui.people.person_form import DuplicateDialog, PersonDialog
    from ui.referrals.referral_form import ReferralDialog
    from ui.reports.dialogs import MarkSentDialog, ReportDialog
    from ui.returns.checks import DataProblemsDialog, IdentifyingDetailsDialog
    from ui.returns.page import ExactFiguresDialog
    from ui.server_dialog import ServerDialog
    from ui.settings.contracts import AddContractDialog
    from ui.settings.staff import AddStaffDialog
    from ui.signin import FirstAdministratorDialog, SignInDialog
    from ui.waiting_list.dialogs import AllocateDialog, CloseReferralDialog, OverrideDialog
    from ui.welcome import WelcomeDialog

    def row(s: Services) -> WaitingRow:
        return s.waiting_list.ranked().row(0)

    def first_report(s: Services, x: Sample) -> ReportRecord | None:
        for case in s.casework.caseload()[:40]:
            reports = s.reports.for_case(case.case_id)
            if reports:
                return reports[0]
        return None

    def first_consent(s: Services, x: Sample) -> ConsentRecord | None:
        for person in (x.person_id, *[c.person_id for c in s.casework.caseload()[:40]]):
            consents = s.consent.consents(person)
            if consents:
                return consents[0]
        return None

    def account(s: Services) -> Account:
        return next(a for a in s.accounts.accounts() if a.role == "advocate")

    def report_dialog(s: Services, w: MainWindow, x: Sample) -> QDialog | None:
        report = first_report(s, x)
        case = s.reports.case_info(x.case_id)
        return (
            ReportDialog(s, case, parent=w)
            if report is None
            else ReportDialog(
                s,
                s.reports.case_info(report.case_id),
                report,
                parent=w,
            )
        )

    def mark_sent(s: Services, w: MainWindow, x: Sample) -> QDialog | None:
        report = first_report(s, x)
        return None if report is None else MarkSentDialog(s, report, parent=w)

    def withdraw_consent(s: Services, w: MainWindow, x: Sample) -> QDialog | None:
        consent = first_consent(s, x)
        return None if consent is None else WithdrawConsentDialog(s, consent, parent=w)

    def end_partnership(s: Services, w: MainWindow, x: Sample) -> QDialog | None:
        records = s.citizen.partnerships()
        return None if not records else EndPartnershipDialog(s, records[0], parent=w)

    def outcome(s: Services, w: MainWindow, x: Sample) -> QDialog | None:
        for case in s.casework.caseload()[:40]:
            view = s.casework.case(case.case_id)
            if view.issues:
                return OutcomeDialog(s, view.issues[0], parent=w)
        return None

    def edit_activity(s: Services, w: MainWindow, x: Sample) -> QDialog | None:
        activities = s.casework.activities(x.case_id)
        return None if not activities else EditActivityDialog(s, activities[0], parent=w)

    def duplicate(s: Services, w: MainWindow, x: Sample) -> QDialog:
        return DuplicateDialog(s.people.rows(s.people.search_ids()[:3]), parent=w)

    def identifying(s: Services, w: MainWindow, x: Sample) -> QDialog:
        person = s.people.get(x.person_id)
        found = [
            IdentifyingDetail(f"Case study {n}", person.full_name, "name") for n in range(1, 15)
        ]
        return IdentifyingDetailsDialog(found, "export", parent=w)

    def problems(s: Services, w: MainWindow, x: Sample) -> QDialog:
        found = [
            DataProblem("no_outcome", "case", n, f"C{n:06}", "Closed with no outcome recorded")
            for n in range(1, 30)
        ]
        return DataProblemsDialog(found, parent=w)

    def shortcuts(s: Services, w: MainWindow, x: Sample) -> QDialog:
        return ShortcutsDialog(w.shortcuts(), parent=w)

    return {
        "person-new": lambda s, w, x: PersonDialog(s, parent=w),
        "person-edit": lambda s, w, x: PersonDialog(s, x.person_id, parent=w),
        "person-duplicate": duplicate,
        "referral-new": lambda s, w, x: ReferralDialog(s, x.person_id, parent=w),
        "referral-edit": lambda s, w, x: ReferralDialog(s, x.person_id, x.referral_id, parent=w),
        "allocate": lambda s, w, x: AllocateDialog(s, row(s), parent=w),
        "decline": lambda s, w, x: CloseReferralDialog(s, row(s), "decline", parent=w),
        "override": lambda s, w, x: OverrideDialog(
            s, s.waiting_list.breakdown(x.referral_id), parent=w
        ),
        "activity-edit": edit_activity,
        "issue-add": lambda s, w, x: AddIssueDialog(s, s.casework.case(x.case_id), parent=w),
        "issue-outcome": outcome,
        "case-close": lambda s, w, x: CloseCaseDialog(s, s.casework.case(x.case_id), parent=w),
        "case-reopen": lambda s, w, x: ReopenCaseDialog(s, s.casework.case(x.case_id), parent=w),
        "letter-new": lambda s, w, x: NewLetterDialog(s, x.case_id, parent=w),
        "report-new": report_dialog,
        "report-sent": mark_sent,
        "consent": lambda s, w, x: ConsentDialog(s, x.person_id, parent=w),
        "consent-party": lambda s, w, x: PartyDialog(s, x.person_id, parent=w),
        "consent-record": lambda s, w, x: RecordConsentDialog(
            s, x.person_id, s.consent.parties(x.person_id), parent=w
        ),
        "consent-withdraw": withdraw_consent,
        "appointment-new": lambda s, w, x: AppointmentDialog(s, parent=w),
        "diary-export": lambda s, w, x: ExportDialog(s, account(s).username, parent=w),
        "appointments-log": lambda s, w, x: LogAppointmentsDialog(
            s, now=datetime.combine(s.today(), time(17)), parent=w
        ),
        "keep": lambda s, w, x: KeepDialog(s, x.person_id, parent=w),
        "anonymise": lambda s, w, x: AnonymiseDialog(s, x.person_id, parent=w),
        "contract-add": lambda s, w, x: AddContractDialog(s, parent=w),
        "staff-add": lambda s, w, x: AddStaffDialog(s, parent=w),
        "volunteer-add": lambda s, w, x: AddVolunteerDialog(s, parent=w),
        "partner-profile": lambda s, w, x: PartnerProfileDialog(s, x.person_id, parent=w),
        "partnership-end": end_partnership,
        "matching-weights": lambda s, w, x: WeightsDialog(s, parent=w),
        "account-add": lambda s, w, x: AddAccountDialog(s, parent=w),
        "account-password": lambda s, w, x: SetPasswordDialog(s, account(s), parent=w),
        "account-role": lambda s, w, x: ChangeRoleDialog(s, account(s), parent=w),
        "password-change": lambda s, w, x: ChangePasswordDialog(s, parent=w),
        "returns-exact": lambda s, w, x: ExactFiguresDialog(parent=w),
        "returns-problems": problems,
        "returns-identifying": identifying,
        "import": lambda s, w, x: ImportDialog(s, parent=w),
        "server": lambda s, w, x: ServerDialog(parent=w),
        "sign-in": lambda s, w, x: SignInDialog(s, parent=w),
        "first-administrator": lambda s, w, x: FirstAdministratorDialog(s, parent=w),
        "welcome": lambda s, w, x: WelcomeDialog(s.location, parent=w),
        "shortcuts": shortcuts,
    }


def dialogs(window: MainWindow) -> Iterator[tuple[ViewName, QDialog]]:
    """Open each dialog (not modally) in turn; yield it while it is on screen, then
    close it without saving."""
    services = window.services
    assert services is not None
    found = sample(services)
    for name, make in _dialog_makers().items():
        try:
            dialog = make(services, window, found)
        except AdvocacyDeskError:  # the role may not open it, or the demo has no record
            continue
        if dialog is None:
            continue
        dialog.show()
        settle()
        try:
            yield name, dialog
        finally:
            dialog.done(QDialog.DialogCode.Rejected.value)  # no "Save, Discard?" question
            dialog.deleteLater()
            settle(1)


def _scrolled(widget: QWidget) -> bool:
    """True for the page of a scroll area: it may reach past what is shown, as the
    scroll bars take you there (what it holds must still fit in it)."""
    parent = widget.parentWidget()
    return parent is not None and parent.objectName() == "qt_scrollarea_viewport"


def _least(widget: QWidget) -> QSize:
    """The smallest size a layout would give ``widget``: its minimum size where one is
    set, else its minimum size hint, unless its size policy ignores the hint."""
    hint = widget.minimumSizeHint()
    policy = widget.sizePolicy()
    ignored = QSizePolicy.Policy.Ignored
    width = widget.minimumWidth() or (
        0 if policy.horizontalPolicy() == ignored else max(hint.width(), 0)
    )
    height = widget.minimumHeight() or (
        0 if policy.verticalPolicy() == ignored else max(hint.height(), 0)
    )
    return QSize(width, height)


def _label(widget: QWidget) -> str:
    """A widget as a problem names it: its class, object name and any text."""
    text = ""
    for getter in ("text", "title", "windowTitle", "accessibleName"):
        value = getattr(widget, getter, None)
        if callable(value):
            said = value()
            if isinstance(said, str) and said:
                text = said.replace("\n", " ")[:40]
                break
    name = widget.objectName()
    shown = type(widget).__name__ + (f"#{name}" if name else "")
    return shown + (f" {text!r}" if text else "")


#: Qt's own parts of widgets, which draw themselves where they like.
_QT_PARTS = ("qt_scrollarea_hcontainer", "qt_scrollarea_vcontainer", "qt_tabwidget_stackedwidget")


def cut_off(top: QWidget, room: QSize, *, up_and_down: bool = False) -> list[str]:
    """What a user would find cut off in ``top``: the window bigger than ``room``; a
    widget shown that reaches outside its parent (and is not in a scroll area, which
    scrolls to it); a widget squeezed below the smallest size it can show itself in;
    a page that scrolls (only sideways when ``up_and_down`` allows it to scroll up and
    down, as a page may with text at 125% on a small laptop)."""
    problems: list[str] = []
    if top.width() > room.width() or top.height() > room.height():
        problems.append(
            f"{_label(top)} is {top.width()}x{top.height()}, "
            f"more than the {room.width()}x{room.height()} the screen has room for"
        )
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisible() or widget.isWindow():
            continue
        if widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QHeaderView):  # its hint is a square, whatever its length
            continue
        parent = widget.parentWidget()
        assert parent is not None
        if not _scrolled(widget) and not parent.rect().adjusted(-1, -1, 1, 1).contains(
            widget.geometry()
        ):
            problems.append(
                f"{_label(widget)} at {widget.geometry().getRect()} reaches outside "
                f"{_label(parent)} ({parent.width()}x{parent.height()})"
            )
        least = _least(widget)
        if widget.width() + 1 < least.width() or widget.height() + 1 < least.height():
            problems.append(
                f"{_label(widget)} is squeezed to {widget.width()}x{widget.height()}, "
                f"below the {least.width()}x{least.height()} it needs"
            )
    page_scroll = top.findChild(QScrollArea, "pageScroll")
    if page_scroll is not None and page_scroll.isVisible():
        for bar, way in ((page_scroll.horizontalScrollBar(), "sideways"),
                         (page_scroll.verticalScrollBar(), "up and down")):  # fmt: skip
            if bar.maximum() > 0 and not (up_and_down and way == "up and down"):
                problems.append(f"the page scrolls {way} by {bar.maximum()} pixels")
    return problems
