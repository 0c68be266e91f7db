"""The audit trail, for managers: who did what, when, to which record; and whether the
trail is whole.

Every sign-in, view, change, export and refusal is an event in the trail, each chained
to the one before by a hash, so a change made to the database behind the app's back
shows as a broken link. The page reads the events once for each change of the filters
(from a day on, one user) and keeps them in :class:`AuditTableModel`, which formats a
row only when the view asks for it: the trail may hold tens of thousands of events.
Choosing an action filters what was read, with no new read. "Check the trail" walks
the whole chain (``services.audit.verify``) and says whether it is whole.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.records.audit import Broken, EventRow
from ui.bus import DataBus
from ui.widgets import theme
from ui.widgets.flow import FlowRow, together
from ui.widgets.views import heading, plain, read_only_table, refill_choices
from ui.widgets.watching import Watch

AnyIndex = QModelIndex | QPersistentModelIndex

#: What each action code means, in the words the page shows.
ACTION_WORDS: dict[str, str] = {
    "sign_in": "Signed in",
    "sign_in_failed": "Failed sign-in",
    "sign_out": "Signed out",
    "change_password": "Changed own password",
    "change_password_failed": "Wrong current password (changing own password)",
    "set_password": "Set a password",
    "unlock": "Unlocked",
    "view": "Viewed",
    "create": "Created",
    "update": "Changed",
    "save": "Saved",
    "delete": "Deleted",
    "erase": "Erased",
    "export": "Exported",
    "import": "Imported",
    "refused": "Refused",
    "allocate": "Allocated",
    "override": "Overrode",
    "close": "Closed",
    "reopen": "Reopened",
    "propose": "Proposed",
    "end": "Ended",
    "backup": "Backed up",
    "restore": "Restored",
    "anonymise": "Anonymised",
    "keep": "Kept past retention",
    "decline": "Declined",
    "withdraw": "Withdrawn",
    "introduced": "Introduced",
    "active": "Started",
    "demo_data": "Made demo data",
}
EVERYONE = "Everyone"
ALL_ACTIONS = "All actions"
COLUMNS = ("When", "User", "Action", "Record", "Details")
#: Dark green: readable on white (contrast above 4.5:1).
#: How many rows' formatted text stays cached.
MAX_CACHED_ROWS = 2000
#: The audit event's id, for any cell of its row.
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def action_words(code: str) -> str:
    """ "Signed in" for ``sign_in``; an unknown code as it is."""
    return ACTION_WORDS.get(code, code)


def record_text(entity: str, entity_id: int | None) -> str:
    """ "person 12"; "monitoring return" when the event names no one record."""
    name = entity.replace("_", " ")
    return name if entity_id is None else f"{name} {entity_id}"


def when_text(moment: datetime) -> str:
    """The local time, to the second: 25/11/2026 09:14:03."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
    return f"{local:%d/%m/%Y %H:%M:%S}"


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _value(value: Any) -> str:
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return format_uk(date.fromisoformat(value))
        except ValueError:
            return value
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value(part) for part in value) or "(none)"
    if isinstance(value, dict):
        return "{" + details_text(json.dumps(value)) + "}"
    return str(value)


def details_text(details: str, action: str = "") -> str:
    """The event's JSON details as readable text: "role: advocate → manager; ref: P12".

    A change (``update``) records each field as ``[old, new]``; any text that is not a
    JSON object is shown as it is."""
    try:
        parsed = json.loads(details) if details else {}
    except ValueError:
        return details
    if not isinstance(parsed, dict):
        return _value(parsed)
    parts: list[str] = []
    for key, value in parsed.items():
        name = str(key).replace("_", " ")
        if action == "update" and isinstance(value, list) and len(value) == 2:
            parts.append(f"{name}: {_value(value[0])} → {_value(value[1])}")
        else:
            parts.append(f"{name}: {_value(value)}")
    return "; ".join(parts)


def count_text(count: int, total: int | None = None) -> str:
    """ "1,234 events"; "12 of 1,234 events" when an action filter hides some."""
    if total is not None and total != count:
        return f"{count:,} of {total:,} {'event' if total == 1 else 'events'}"
    return f"{count:,} {'event' if count == 1 else 'events'}"


def verify_text(checked: int, broken: Broken | None) -> str:
    if broken is None:
        return f"The trail is whole: {count_text(checked)}, every link checked."
    return (
        f"The trail is broken at event {broken.event_id} ({action_words(broken.action)}, "
        f"{broken.entity.replace('_', ' ')}, {when_text(broken.occurred_at)}): {broken.why}. "
        f"The {count_text(checked)} before it are whole. Restore a backup taken before "
        "then, and find out who had the database file."
    )


@dataclass(frozen=True)
class Shown:
    """One row as the table shows it."""

    when: str
    user: str
    action: str
    record: str
    details: str

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.when, self.user, self.action, self.record, self.details)


class AuditTableModel(QAbstractTableModel):
    """Events, newest first, formatted a row at a time when the view asks (a bounded
    number are kept), so a trail of 100,000 events costs no more than its rows."""

    def __init__(self, parent: QObject | None = None, *, max_rows: int = MAX_CACHED_ROWS) -> None:
        super().__init__(parent)
        self._events: list[EventRow] = []
        self._shown: OrderedDict[int, Shown] = OrderedDict()
        self._max_rows = max(1, max_rows)
        #: How many rows have been formatted (tests check a long trail is not done whole).
        self.rows_built = 0

    def set_events(self, events: Sequence[EventRow]) -> None:
        """Show ``events`` (already newest first)."""
        self.beginResetModel()
        self._events = list(events)
        self._shown.clear()
        self.endResetModel()

    def event_at(self, row: int) -> EventRow:
        return self._events[row]

    def shown(self, row: int) -> Shown:
        """The row's text, formatted now if it is not kept."""
        kept = self._shown.get(row)
        if kept is not None:
            self._shown.move_to_end(row)
            return kept
        event = self._events[row]
        made = Shown(
            when_text(event.occurred_at),
            event.username,
            action_words(event.action),
            record_text(event.entity, event.entity_id),
            details_text(event.details, event.action),
        )
        self.rows_built += 1
        self._shown[row] = made
        if len(self._shown) > self._max_rows:
            self._shown.popitem(last=False)
        return made

    # -- the Qt model ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(row).cells()[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == EVENT_ID_ROLE:
            return self._events[row].id
        return None

    def _tip(self, row: int, column: int) -> str:
        event = self._events[row]
        shown = self.shown(row)
        if column == 2:
            return f"{shown.action} ({event.action})"
        if column == 4:
            return shown.details or "No details recorded"
        if column == 0:
            return f"{shown.when} on this computer's clock; event {event.id}"
        return shown.cells()[column]


class AuditPage(QWidget):
    """The audit trail section, for managers.

    The events are read when the page is first shown and again whenever the From date
    or the user changes (or on Refresh, F5); ``loaded`` is emitted after each read.
    ``verified(bool)`` says whether the trail was found whole.
    """

    loaded = Signal()
    verified = Signal(bool)

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        #: Everything the last read brought back, newest first.
        self.events: list[EventRow] = []
        #: What the table shows: :attr:`events` of the chosen action.
        self.model = AuditTableModel(self)
        #: How many times the events were read (tests check that filtering by action
        #: does not read them again).
        self.reads = 0
        self._build()
        self.bus = bus
        #: Events are added all the time: read when first shown, and whenever more are
        #: (but not those its own reading adds: a refusal to read is itself an event).
        self.watch = Watch(
            bus, self, {"audit_event"}, lambda _changes: self.refresh(), stale=True, ignore=self
        )

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        self._make_filters()
        self.from_box.toggled.connect(self._from_toggled)
        self.from_date.dateChanged.connect(lambda _day: self.refresh())
        self.user_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.action_combo.currentIndexChanged.connect(lambda _index: self._show_events())
        self.refresh_button.clicked.connect(lambda: self.refresh())
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        refresh.setWhatsThis("Read the trail again")  # for Help > Keyboard shortcuts

        filters = self._filters_row()
        self._make_table()
        #: A read that failed (not permitted, say), in red above the table.
        self.problem = plain("")
        self.problem.setObjectName("auditProblem")
        self.problem.setAccessibleName("Audit trail problem")
        theme.style(self.problem, theme.ERROR)
        self.problem.hide()

        checking = self._checking_row()

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Audit trail"))
        layout.addWidget(
            plain(
                "Who signed in, viewed, changed or exported what, and when, newest first. "
                "Times are on this computer's clock. Nobody can change or remove an event "
                "through Advocacy Desk; “Check the trail” finds any change made to the "
                "database file behind its back.",
                hint=True,
            )
        )
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(checking)

    def _make_filters(self) -> None:
        """From a date, by user, by action; Refresh and the count."""
        self.from_box = QCheckBox("From")
        self.from_box.setObjectName("auditFromOn")
        self.from_box.setAccessibleName("Only events from a date")
        self.from_box.setToolTip("Ticked: only the events from the date beside it on")
        self.from_date = QDateEdit()
        self.from_date.setObjectName("auditFrom")
        self.from_date.setAccessibleName("From date")
        self.from_date.setDisplayFormat("dd/MM/yyyy")
        self.from_date.setCalendarPopup(True)
        today = self.services.today()
        self.from_date.setDate(QDate(today.year, today.month, today.day))
        self.from_date.setEnabled(False)
        self.from_date.setToolTip("The first day whose events are shown")
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("auditUser")
        self.user_combo.setAccessibleName("User")
        self.user_combo.setToolTip("Everyone's events, or one user's")
        self.user_combo.addItem(EVERYONE, None)
        self.user_combo.setMinimumContentsLength(16)
        self.user_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("auditAction")
        self.action_combo.setAccessibleName("Action")
        self.action_combo.setToolTip("Every kind of event, or one")
        self.action_combo.addItem(ALL_ACTIONS, None)
        self.action_combo.setMinimumContentsLength(18)
        self.action_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("auditRefresh")
        self.refresh_button.setToolTip("Read the trail again, with the events since (F5)")
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.count_label.setAccessibleName("Events shown")
        theme.style(self.count_label, theme.HINT)

    def _filters_row(self) -> QHBoxLayout:
        """The filters in a row that wraps, the count at its right."""
        flow = FlowRow()  # wraps on a narrow screen (125% text on a laptop)
        flow.addWidget(together(self.from_box, self.from_date, gap=12))
        user_caption = QLabel("User:")
        user_caption.setBuddy(self.user_combo)
        flow.addWidget(together(user_caption, self.user_combo, gap=12))
        action_caption = QLabel("Action:")
        action_caption.setBuddy(self.action_combo)
        flow.addWidget(together(action_caption, self.action_combo, gap=12))
        flow.addWidget(self.refresh_button)
        filters = QHBoxLayout()
        filters.addWidget(flow, 1)
        filters.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        return filters

    def _make_table(self) -> None:
        """The events, with room for a date and time, a user, an action, a record."""
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit trail")
        self.table.setModel(self.model)
        read_only_table(self.table, fixed_rows=True)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        widths = {
            0: metrics.horizontalAdvance("00/00/0000 00:00:00") + 24,
            1: metrics.horizontalAdvance("m" * 12) + 16,
            2: metrics.horizontalAdvance("Changed own password") + 24,
            3: metrics.horizontalAdvance("monitoring return 000") + 24,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

    def _checking_row(self) -> QHBoxLayout:
        """Check the trail, and what the check found."""
        self.verify_button = QPushButton("Check the trail")
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.setToolTip(
            "Check every event's link to the one before, from the first: a change made "
            "outside Advocacy Desk breaks the chain"
        )
        self.verify_button.clicked.connect(lambda: self.verify())
        self.verify_label = plain("")
        self.verify_label.setObjectName("auditVerifyResult")
        self.verify_label.setAccessibleName("Trail check result")
        self.verify_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        checking = QHBoxLayout()
        checking.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        checking.addWidget(self.verify_label, 1)
        return checking

    # -- reading ------------------------------------------------------------------

    def since(self) -> date | None:
        """The From date, or None for any date."""
        if not self.from_box.isChecked():
            return None
        chosen = self.from_date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_since(self, day: date | None) -> None:
        """Set the From filter (None: any date); the events are read again."""
        if day is None:
            self.from_box.setChecked(False)
            return
        blocked = self.from_date.blockSignals(True)
        self.from_date.setDate(QDate(day.year, day.month, day.day))
        self.from_date.blockSignals(blocked)
        if self.from_box.isChecked():
            self.refresh()
        else:
            self.from_box.setChecked(True)

    def user(self) -> str | None:
        data = self.user_combo.currentData()
        return data if isinstance(data, str) else None

    def action(self) -> str | None:
        data = self.action_combo.currentData()
        return data if isinstance(data, str) else None

    def set_user(self, username: str | None) -> None:
        """Choose a user (None: everyone); ``ValueError`` if they are not offered."""
        index = 0 if username is None else self.user_combo.findData(username)
        if index < 0:
            raise ValueError(f"{username!r} is not in the trail")
        self.user_combo.setCurrentIndex(index)

    def set_action(self, code: str | None) -> None:
        """Choose an action (None: all); ``ValueError`` if it is not offered."""
        index = 0 if code is None else self.action_combo.findData(code)
        if index < 0:
            raise ValueError(f"{code!r} is not an action in the events read")
        self.action_combo.setCurrentIndex(index)

    def refresh(self) -> None:
        """Read the events again for the From date and user, and show them."""
        self.watch.fresh()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.reads += 1
            with self.bus.initiated_by(self):
                users = self.services.audit.users()
                events = self.services.audit.events(since=self.since(), user=self.user())
        except AdvocacyDeskError as exc:
            self.events = []
            self.problem.setText(f"The audit trail cannot be shown: {exc}.")
            self.problem.show()
        else:
            self.problem.hide()
            events.reverse()
            self.events = events
            refill_choices(self.user_combo, [(name, name, "") for name in users])
            self._refill_actions()
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_events()
        self.loaded.emit()

    def _refill_actions(self) -> None:
        codes = {event.action for event in self.events}
        chosen = self.action()
        if chosen is not None:
            codes.add(chosen)  # keep the choice, even with none of it since
        items = sorted(
            ((action_words(code), code, code) for code in codes),
            key=lambda entry: entry[0].lower(),
        )
        refill_choices(self.action_combo, items)

    def _show_events(self) -> None:
        action = self.action()
        shown = self.events if action is None else [e for e in self.events if e.action == action]
        self.model.set_events(shown)
        self.count_label.setText(count_text(len(shown), len(self.events)))

    def rows(self, limit: int | None = None) -> list[tuple[str, ...]]:
        """The table as text, newest first (what the user reads)."""
        count = self.model.rowCount()
        return [self.model.shown(row).cells() for row in range(min(count, limit or count))]

    # -- checking -------------------------------------------------------------------

    def verify(self) -> bool:
        """Check the whole chain and say what was found; True when it is whole."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            checked, broken = self.services.audit.verify()
        except AdvocacyDeskError as exc:
            theme.style(self.verify_label, theme.ERROR)
            self.verify_label.setText(f"The trail cannot be checked: {exc}.")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        whole = broken is None
        theme.style(self.verify_label, theme.SUCCESS if whole else theme.ERROR)
        self.verify_label.setText(verify_text(checked, broken))
        self.verified.emit(whole)
        return whole

    # -- staying up to date -----------------------------------------------------------

    def _from_toggled(self, on: bool) -> None:
        self.from_date.setEnabled(on)
        self.refresh()
