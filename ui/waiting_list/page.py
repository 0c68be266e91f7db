"""The Waiting list page: who waits, in what order and why, and taking them off the list.

The list is a :class:`WaitingTableModel` over the service's ranked :class:`WaitingList`
(columns, rows built only as they are shown), so it stays quick with 100,000
referrals. Filters only hide rows: a referral's rank is always its place in the whole
list. The panel beside the list answers "why is this person 3rd?" criterion by
criterion. Every commit tells the data bus what it wrote; this page refreshes itself
from what it watches (:attr:`WaitingListPage.WATCHES`), as the others do.

The page's parts live beside it: the headline figures in :mod:`ui.waiting_list.headline`,
the panel in :mod:`ui.waiting_list.referral_panel`, and the words they share in
:mod:`ui.waiting_list.text`. Their names import from here too, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.waiting_list import Headline, WaitingFilter, WaitingList, WaitingRow
from ui import tasks
from ui.bus import DataBus
from ui.referrals.referral_form import ReferralDialog
from ui.waiting_list.dialogs import (
    AllocateDialog,
    CloseReferralDialog,
    OverrideDialog,
)
from ui.waiting_list.equity import EquityView
from ui.waiting_list.headline import Figure, HeadlineBar
from ui.waiting_list.model import (
    COLUMNS,
    INCOMPLETE,
    TWO_LINE_TITLES,
    WaitingTableModel,
)
from ui.waiting_list.referral_panel import HISTORY_SHOWN, NO_SELECTION, ReferralPanel
from ui.waiting_list.text import (
    bold,
    days,
    ordinal,
    plain_label,
    rank_sentence,
    signed,
    waiting_count,
)
from ui.widgets import run_modal, theme
from ui.widgets.flow import FlowRow
from ui.widgets.modal import RunModal
from ui.widgets.views import read_only_table, refill_choices
from ui.widgets.watching import Watch

__all__ = [
    "HISTORY_SHOWN",
    "NO_SELECTION",
    "Figure",
    "HeadlineBar",
    "ReferralPanel",
    "WaitingListPage",
    "days",
    "ordinal",
    "rank_sentence",
    "signed",
    "waiting_count",
]

#: What each column must have room for (the header's words too); Area takes the rest.
_SAMPLES: dict[str, tuple[str, ...]] = {
    "Rank": ("0000",),
    "Score": ("000",),
    "Reference": ("R000000",),
    "Person": ("Shannon Morgan",),
    # The longest, Peer and self-advocacy, is clipped: the tooltip gives it whole.
    "Type": ("Community / generic",),
    "Days waiting": ("0000",),
    "Decision date": ("00/00/00000",),
    "Statutory": ("Yes",),
}

#: Columns that take their whole text when the table has room to spare.
_WIDEN = ("Person", "Type")
#: The room the Area column (the last, which stretches) keeps before they widen.
_AREA_LEAST = 180

#: Lists at least this long are ranked on a worker thread (100,000 take a second or two).
BACKGROUND_FROM = 20_000
#: The ranking's task: a newer ranking drops an older one still under way.
RANK = "waiting-list-rank"

#: The side panel's width to begin with, in pixels.
PANEL_WIDTH = 380

NOTICE_STYLE = theme.notice("success")
_ANY = "Any"


class WaitingListPage(QWidget):
    """The Waiting list section of the main window."""

    #: What its ranking reads: the referrals waiting, their people and scores, the
    #: matrix that scores them, the contracts and staff they may be allocated to.
    WATCHES = frozenset({
        "referral", "referral_score", "person", "advocacy_case", "prioritisation_matrix",
        "contract", "contract_advocacy_type", "staff_user", "staff_advocacy_type",
    })  # fmt: skip

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        #: Today's date: the day the list is ranked for, and the dialogs' default date.
        self.today: Callable[[], date] = services.today
        #: The list is ranked when the page is first shown (or refreshed), not before.
        self.watch = Watch(bus, self, self.WATCHES, self._data_changed, stale=True)
        self._sized = False
        self._ranking = False
        #: Lists at least this long are ranked off the GUI thread.
        self.background_from = BACKGROUND_FROM
        self.headline: Headline | None = None

        self.model = WaitingTableModel(None, self)

        # Built in this order, which is the order the widgets take the focus in.
        self._build_header()
        self._build_filters()
        manages = self._build_actions()
        self._build_table(manages)
        self._build_panel()
        self._build_page(self._build_ranked_list())
        self._build_shortcuts()

        self._update_buttons()
        self.panel_area.hide()
        self.hint.setText(self.panel.placeholder.text())

    # -- building -----------------------------------------------------------------

    def _build_header(self) -> None:
        """The date the list is ranked for, the headline figures, and what happened."""
        self.as_of_label = QLabel()
        self.as_of_label.setObjectName("asOf")
        theme.style(self.as_of_label, theme.HINT)
        self.headline_bar = HeadlineBar()
        self.notice = plain_label("notice")
        self.notice.setAccessibleName("What happened")
        theme.style(self.notice, NOTICE_STYLE)
        self.notice.hide()

    def _build_filters(self) -> None:
        """Type, statutory, area and contract: filters that hide rows, never re-rank."""
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Filter by advocacy type")
        self.type_filter.addItem("Any type", None)
        for code in ADVOCACY_TYPE.codes:
            self.type_filter.addItem(ADVOCACY_TYPE.label(code), code)
        self.statutory_filter = QComboBox()
        self.statutory_filter.setAccessibleName("Filter by statutory")
        for text, value in ((_ANY, None), ("Statutory only", True), ("Not statutory", False)):
            self.statutory_filter.addItem(text, value)
        self.area_filter = QComboBox()
        self.area_filter.setAccessibleName("Filter by area")
        self.area_filter.addItem("Any area", None)
        self.contract_filter = QComboBox()
        self.contract_filter.setAccessibleName("Filter by contract")
        self.contract_filter.addItem("Any contract", None)
        for combo, tip in (
            (self.type_filter, "Show only referrals for this kind of advocacy"),
            (self.statutory_filter, "Show only statutory referrals, or only the others"),
            (self.area_filter, "Show only people in this local authority area"),
            (self.contract_filter, "Show only referrals paid for by this contract"),
        ):
            combo.setToolTip(f"{tip}. Ranks stay those in the whole list.")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.type_filter.setMinimumContentsLength(18)
        self.contract_filter.setMinimumContentsLength(18)
        self.clear_filters_button = QPushButton("Clear filters")
        self.clear_filters_button.setToolTip("Show every waiting referral again")
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("waitingCount")
        self.count_label.setAccessibleName("Number shown")

    def _build_actions(self) -> bool:
        """Allocate, decline, withdraw, override and edit (shown only to those who
        manage the list: True for them), and Refresh."""
        self.allocate_button = QPushButton("Allocate…")
        self.decline_button = QPushButton("Decline…")
        self.withdraw_button = QPushButton("Withdraw…")
        self.override_button = QPushButton("Override score…")
        self.edit_referral_button = QPushButton("Edit referral…")
        self.allocate_button.clicked.connect(lambda: self.allocate())
        self.decline_button.clicked.connect(lambda: self.decline())
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.override_button.clicked.connect(lambda: self.override_score())
        self.edit_referral_button.clicked.connect(lambda: self.edit_referral())
        manages = self.services.access.can(Permission.WAITING_MANAGE)
        for button in (self.allocate_button, self.decline_button, self.withdraw_button,
                       self.override_button, self.edit_referral_button):  # fmt: skip
            button.setVisible(manages)  # others read the list; the service refuses the rest
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Rank the list again now (F5)")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        return manages

    def _build_table(self, manages: bool) -> None:
        """The ranked list, its columns as wide as their samples."""
        self.table = QTableView()
        self.table.setObjectName("waitingTable")
        self.table.setAccessibleName("Waiting referrals, highest priority first")
        self.table.setModel(self.model)
        read_only_table(self.table, fixed_rows=True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        cells = self.table.fontMetrics()
        titles = header.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        for number, spec in enumerate(COLUMNS):
            words = spec.title.split() if spec.title in TWO_LINE_TITLES else [spec.title]
            if spec.title == "Matrix":
                width = QFontMetrics(bold).horizontalAdvance(INCOMPLETE)
            elif spec.title in _SAMPLES:
                width = max(cells.horizontalAdvance(text) for text in _SAMPLES[spec.title])
            else:
                continue
            width = max(width, *(titles.horizontalAdvance(word) for word in words))
            self.table.setColumnWidth(number, width + 12)
        #: The columns' widths from their samples: what a narrow table shows.
        self._base_widths = [self.table.columnWidth(n) for n in range(len(COLUMNS))]
        self.table.viewport().installEventFilter(self)
        if manages:
            self.table.doubleClicked.connect(lambda _index: self.edit_referral())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def _build_panel(self) -> None:
        """The referral panel, in a scroll area beside the list."""
        self.panel = ReferralPanel()
        #: The panel's scroll area: hidden while no referral is chosen, so the list
        #: has the whole width instead of sitting beside an empty pane.
        self.panel_area = scroll = QScrollArea()
        # A Tab stop on purpose, and named: its text is read, not typed in, so this is
        # how the keyboard scrolls it.
        scroll.setAccessibleName("Referral details")
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(PANEL_WIDTH - 60)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _build_ranked_list(self) -> QWidget:
        """The Ranked list tab: filters over the buttons, the list and the panel."""
        # The filters and the buttons wrap onto a second line on a narrow screen, so
        # neither pushes the page wider than a 1280x720 laptop (or 125% text) allows.
        flow = FlowRow()
        for caption, combo in (
            ("Type", self.type_filter),
            ("Statutory", self.statutory_filter),
            ("Area", self.area_filter),
            ("Contract", self.contract_filter),
        ):
            pair = QWidget()
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 6, 0)
            label = QLabel(f"{caption}:")
            label.setBuddy(combo)
            pair_row.addWidget(label)
            pair_row.addWidget(combo)
            flow.addWidget(pair)
        flow.addWidget(self.clear_filters_button)
        filters = QHBoxLayout()
        filters.addWidget(flow, 1)
        filters.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        #: What to do while no referral is chosen (the side panel is hidden till then).
        self.hint = QLabel()
        self.hint.setObjectName("waitingHint")
        self.hint.setWordWrap(True)
        theme.style(self.hint, theme.HINT)
        button_flow = FlowRow()
        for button in (
            self.allocate_button,
            self.decline_button,
            self.withdraw_button,
            self.override_button,
            self.edit_referral_button,
        ):
            button_flow.addWidget(button)
        buttons = QHBoxLayout()
        buttons.addWidget(button_flow, 3)
        buttons.addWidget(self.hint, 2)
        buttons.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(buttons)
        left_column.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        ranked = QWidget()
        ranked_column = QVBoxLayout(ranked)
        ranked_column.setContentsMargins(0, 8, 0, 0)
        ranked_column.addLayout(filters)
        ranked_column.addWidget(self.splitter, 1)
        return ranked

    def _build_page(self, ranked: QWidget) -> None:
        """The heading, the figures, and the Ranked list and Equity tabs."""
        self.equity = EquityView(self.services, self.bus)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(ranked, "&Ranked list")
        self.tabs.addTab(self.equity, "&Equity")
        self.tabs.setTabToolTip(0, "Everyone waiting, highest priority first (Alt+R)")
        self.tabs.setTabToolTip(1, "How long people wait, by group (Alt+E)")

        heading = bold(QLabel("Waiting list"), 1.5)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.as_of_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

    def _build_shortcuts(self) -> None:
        """The keys of the page's actions, named in their buttons' tooltips."""
        self._shortcut(
            "Ctrl+Shift+A",  # Ctrl+L is File > Lock now
            self.allocate,
            self.allocate_button,
            "Allocate the selected referral to an advocate",
        )
        self._shortcut(
            "Ctrl+E",
            self.edit_referral,
            self.edit_referral_button,
            "Answer or revise the selected referral's matrix questions and other details",
        )
        self._shortcut(
            "Ctrl+Shift+O",
            self.override_score,
            self.override_button,
            "Add or take away points from the selected referral's score, for a written reason",
        )
        self._shortcut("F5", self.refresh, tip="Read the waiting list again")
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setWhatsThis("Open the selected referral (in the list)")
            enter.activated.connect(self.edit_referral)
        self.withdraw_button.setToolTip(
            "Take the selected referral off the list: the person no longer wants or needs it"
        )

    # -- what the user does -------------------------------------------------------

    @property
    def waiting(self) -> WaitingList | None:
        return self.model.waiting

    @property
    def ranking(self) -> bool:
        """A ranking is under way off the GUI thread."""
        return self._ranking

    def refresh(self) -> None:
        """Rank the list afresh for today, keeping the filters and the selection.

        The first ranking, and any of a long list, runs off the GUI thread: the list on
        show stays usable until the new one is ready.
        """
        self.watch.fresh()
        today = self.today()
        if self.model.waiting is not None and self.model.total < self.background_from:
            tasks.drop(self, RANK)  # a ranking under way is older than this one
            self._ranking = False
            waiting, headline = self._rank(today)
            self._show_ranked(waiting, headline)
            return
        self._ranking = True
        self.as_of_label.setText("Ranking the waiting list…")
        if self.model.waiting is None:
            self.panel.show_nothing("Ranking the waiting list…")
        # Keyed: a ranking asked for meanwhile drops this one, so only the latest shows.
        tasks.run(
            lambda _progress: self._rank(today),
            owner=self,
            key=RANK,
            on_done=self._ranked,
            on_failed=self._rank_failed,
        )

    def current_filter(self) -> WaitingFilter:
        """What the filter combos keep (``None`` for any)."""
        kind, statutory, area, contract = (combo.currentData() for combo in self._filters())
        return WaitingFilter(
            advocacy_type=kind if isinstance(kind, str) else None,
            statutory=statutory if isinstance(statutory, bool) else None,
            area=area if isinstance(area, str) else None,
            contract_id=contract if isinstance(contract, int) else None,
        )

    def apply_filters(self) -> None:
        keep = self.selected_referral_id()
        self.model.set_filter(self.current_filter())
        self._after_reset(keep)

    def clear_filters(self) -> None:
        for combo in self._filters():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filters()

    def selected_row(self) -> WaitingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.waiting_row(rows[0].row()) if rows else None

    def selected_referral_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else row.referral_id

    def select_referral(self, referral_id: int) -> bool:
        """Select and show ``referral_id`` if the list shows it."""
        row = self.model.row_of(referral_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def allocate(self, referral_id: int | None = None) -> str | None:
        """Allocate the referral to an advocate; returns the new case's reference."""
        row = self._row(referral_id)
        if row is None:
            return None
        dialog = AllocateDialog(self.services, row, today=self.today(), parent=self)
        if not self._run(dialog) or dialog.case_ref is None:
            return None
        who = dialog.advocate.full_name if dialog.advocate else "the advocate"
        self._tell(
            f"Allocated {row.referral_ref} ({row.person_name}) to {who}: case {dialog.case_ref}."
        )
        return dialog.case_ref

    def decline(self, referral_id: int | None = None) -> bool:
        return self._close(referral_id, "decline", "Declined")

    def withdraw(self, referral_id: int | None = None) -> bool:
        return self._close(referral_id, "withdraw", "Withdrew")

    def override_score(self, referral_id: int | None = None) -> bool:
        row = self._row(referral_id)
        if row is None:
            return False
        try:
            breakdown = self.services.waiting_list.breakdown(row.referral_id, self._as_of())
        except AdvocacyDeskError as exc:
            self._tell(f"Cannot override {row.referral_ref}: {exc}.")
            return False
        dialog = OverrideDialog(self.services, breakdown, parent=self)
        if not self._run(dialog):
            return False
        new = dialog.breakdown
        if new.override_points:
            self._tell(
                f"{row.referral_ref} now scores {new.score.total}, with an override of "
                f"{new.override_points:+d}."
            )
        else:
            self._tell(f"Removed the override of {row.referral_ref}: it scores {new.score.total}.")
        return True

    def edit_referral(self, referral_id: int | None = None) -> bool:
        """Open the referral form, to answer or revise the matrix questions."""
        row = self._row(referral_id)
        if row is None:
            return False
        dialog = ReferralDialog(
            self.services,
            row.person_id,
            row.referral_id,
            today=self.today(),
            parent=self,
        )
        return self._run(dialog)

    # -- inside -------------------------------------------------------------------

    def _close(self, referral_id: int | None, action: str, done: str) -> bool:
        row = self._row(referral_id)
        if row is None:
            return False
        dialog = CloseReferralDialog(self.services, row, action, today=self.today(), parent=self)
        if not self._run(dialog):
            return False
        self._tell(f"{done} {row.referral_ref} ({row.person_name}): it has left the list.")
        return True

    def _row(self, referral_id: int | None) -> WaitingRow | None:
        """The selected referral's row, or ``referral_id``'s if the list shows it."""
        if referral_id is None:
            return self.selected_row()
        found = self.model.row_of(referral_id)
        return None if found is None else self.model.waiting_row(found)

    def _rank(self, today: date) -> tuple[WaitingList, Headline]:
        """The ranked list and its headline (runs on a worker thread for long lists)."""
        waiting = self.services.waiting_list.ranked(today)
        return waiting, self.services.waiting_list.headline(waiting.as_of, waiting)

    def _ranked(self, result: tuple[WaitingList, Headline]) -> None:
        self._ranking = False
        self._show_ranked(*result)

    def _rank_failed(self, message: str) -> None:
        self._ranking = False
        self.as_of_label.setText("")
        self._tell(f"Could not rank the waiting list: {message}. Try Refresh (F5).")

    def _show_ranked(self, waiting: WaitingList, headline: Headline) -> None:
        keep = self.selected_referral_id()
        self.headline = headline
        self._fill_choices(waiting)
        self.model.set_list(waiting, self.current_filter())
        self.as_of_label.setText(
            f"on {format_uk(waiting.as_of)}, ranked by prioritisation matrix version "
            f"{waiting.matrix_version}"
        )
        self.headline_bar.show_headline(headline)
        self._after_reset(keep)
        self._widen_names()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._widen_names()
        return super().eventFilter(watched, event)

    def _need(self, number: int) -> int:
        """The width column ``number``'s text takes in the rows on screen (never every
        row: a list of 100,000 builds only the rows it shows)."""
        table = self.table
        first = max(0, table.rowAt(0))
        last = table.rowAt(table.viewport().height() - 1)
        last = min(last if last >= 0 else first + 60, first + 60, self.model.rowCount() - 1)
        metrics = table.fontMetrics()
        texts = (str(self.model.index(row, number).data() or "") for row in range(first, last + 1))
        return max((metrics.horizontalAdvance(text) for text in texts), default=0) + 16

    def _widen_names(self) -> None:
        """Give names and types their whole width when the table has room to spare (a
        wide screen, or the side panel hidden), so "Richard Bloomfield" is not cut to
        "Richard Bloom…" beside an Area column hundreds of pixels wide. The Area keeps
        room for a council's name; a narrow table keeps the sample widths."""
        header = self.table.horizontalHeader()
        last = len(COLUMNS) - 1
        spare = self.table.viewport().width() - sum(self._base_widths[:last]) - _AREA_LEAST
        for number, spec in enumerate(COLUMNS):
            if spec.title not in _WIDEN:
                continue
            base = self._base_widths[number]
            want = max(base, self._need(number))
            grow = max(0, min(want - base, spare))
            header.resizeSection(number, base + grow)
            spare -= grow

    def _as_of(self) -> date:
        waiting = self.model.waiting
        return waiting.as_of if waiting is not None else self.today()

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _tell(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    def _fill_choices(self, waiting: WaitingList) -> None:
        """Offer the areas on the list and the contracts there are, keeping the choices."""
        area = self.area_filter.currentData()
        areas = waiting.areas()
        if isinstance(area, str) and area not in areas:
            areas = sorted([*areas, area])  # still chosen: keep it, though no one is left
        contracts = [(c.name, c.id) for c in self.services.contracts.list()]
        refill_choices(self.area_filter, [(a, a, "") for a in areas])
        refill_choices(self.contract_filter, [(name, i, "") for name, i in contracts])

    def _filters(self) -> tuple[QComboBox, ...]:
        return (self.type_filter, self.statutory_filter, self.area_filter, self.contract_filter)

    def _after_reset(self, keep: int | None) -> None:
        if keep is None or not self.select_referral(keep):
            self._show_selected()
        self._update_count()
        self._update_buttons()

    def _data_changed(self, _changes: Changes | None) -> None:
        self.refresh()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()
        self._update_buttons()

    def _show_selected(self) -> None:
        self._fill_panel()
        chosen = self.panel.row is not None
        self.hint.setText("" if chosen else self.panel.placeholder.text())
        self.hint.setVisible(not chosen)
        if chosen and self.panel_area.isHidden():
            self.panel_area.show()
            self._size_panes()
        self.panel_area.setVisible(chosen)

    def _size_panes(self) -> None:
        """The panel's breakdown reads badly narrower than PANEL_WIDTH; the list takes
        the rest."""
        total = max(sum(self.splitter.sizes()), self.splitter.width(), 800)
        panel = min(max(PANEL_WIDTH, total * 3 // 10), 520)
        self.splitter.setSizes([total - panel, panel])

    def _fill_panel(self) -> None:
        row = self.selected_row()
        if row is None:
            if self.model.total == 0:
                self.panel.show_nothing(
                    "No one is waiting. New referrals join the list as they are recorded."
                )
            elif self.model.rowCount() == 0:
                self.panel.show_nothing(
                    "No waiting referral matches the filters. Clear filters to see everyone."
                )
            else:
                self.panel.show_nothing(NO_SELECTION)
            return
        try:
            breakdown = self.services.waiting_list.breakdown(row.referral_id, self._as_of())
        except AdvocacyDeskError:
            self.panel.show_nothing("This referral is no longer there. Refresh the list (F5).")
            return
        history = self.services.waiting_list.history(row.referral_id)
        shown_at = self.table.selectionModel().selectedRows()[0].row() + 1
        self.panel.show_referral(
            row, self.model.total, breakdown, history, shown_at, self.model.rowCount()
        )

    def _update_count(self) -> None:
        self.count_label.setText(
            waiting_count(self.model.rowCount(), self.model.total, self.model.filtered)
        )
        self.clear_filters_button.setEnabled(self.model.filtered)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        chosen = row is not None
        for button in (
            self.allocate_button,
            self.withdraw_button,
            self.override_button,
            self.edit_referral_button,
        ):
            button.setEnabled(chosen)
        self.decline_button.setEnabled(chosen and row is not None and not row.statutory)
        if row is None:
            self.decline_button.setToolTip("Choose a referral in the list first")
        elif row.statutory:
            self.decline_button.setToolTip(
                f"{row.referral_ref} is a statutory referral: it cannot be declined. "
                "Allocate it, or withdraw it if the person no longer wants or needs advocacy."
            )
        else:
            self.decline_button.setToolTip("Turn the selected referral away, for a written reason")

    def _shortcut(
        self,
        keys: str,
        slot: Callable[[], object],
        button: QPushButton | None = None,
        tip: str = "",
    ) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        # A hidden page's shortcuts are inactive, so the main window's other pages
        # never see these.
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setWhatsThis(tip)  # for Help > Keyboard shortcuts
        shortcut.activated.connect(slot)
        if button is not None:
            button.setToolTip(f"{tip} ({keys})")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self._size_panes()
