"""The Planning page: the referral forecast, whether the waiting list will clear, and
whether each contract's block of hours will last the year.

The forecast is made on a pool thread (:mod:`ui.tasks`) with a progress bar and a
Cancel button: the first
time the page is shown, when a choice changes, on Update forecast (F5), and when the
data changes while it is on show. The waiting-list what-if is instant and needs no
thread. With one advocacy type chosen, the forecast and the waiting list are that
type's, and the contracts are still projected from every type they take (a contract's
year is all of its work, not one type's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.planning import ContractProjection, Plan
from advocacy_desk.services.planning import DEFAULT_MONTHS, MAX_MONTHS
from ui import tasks
from ui.bus import DataBus
from ui.planning.contracts import ContractsPanel
from ui.planning.forecast_view import ForecastPanel
from ui.planning.waiting import WaitingPanel
from ui.planning.words import ALL_CONTRACTS, ALL_TYPES
from ui.tasks import Progress
from ui.widgets import CodeCombo, theme, views
from ui.widgets.flow import FlowRow, together
from ui.widgets.views import refill_choices
from ui.widgets.watching import Watch

MIN_MONTHS = 3
#: A pause after a choice changes before the forecast is made, so that stepping the
#: months from 12 to 18 makes one forecast, not six.
SETTLE_MS = 300
NO_FORECAST = "No forecast to show."
WORKING = "Making the forecast…"
CANCELLED = "Forecast cancelled: choose Update forecast (F5) to make it."
#: The forecast's task: a newer forecast drops an older one still under way.
FORECAST = "planning-forecast"


@dataclass(frozen=True)
class Request:
    """What a forecast is made for."""

    months: int
    advocacy_type: str | None
    contract: str | None

    def scope(self) -> str:
        """ "All types, all contracts"; "Care Act advocacy, Essex Hub"."""
        kind = ADVOCACY_TYPE.label(self.advocacy_type) if self.advocacy_type else ALL_TYPES
        return f"{kind}, {self.contract or ALL_CONTRACTS.lower()}"


@dataclass(frozen=True)
class Planned:
    """What a forecast job brings back to the GUI thread: the plan, or why there is none."""

    request: Request
    plan: Plan | None
    #: The contracts, projected from every type they take.
    contracts: tuple[ContractProjection, ...] = ()
    problem: str = ""


def make_plan(services: Services, request: Request, progress: Progress) -> Planned:
    """The forecast for ``request``, on a pool thread; a refusal comes back as words."""
    planning = services.planning
    one_type = request.advocacy_type is not None
    part = 0.5 if one_type else 1.0
    try:
        plan = planning.plan(
            months=request.months,
            contract=request.contract,
            advocacy_type=request.advocacy_type,
            progress=lambda message, fraction: progress(message, fraction * part),
        )
        contracts = plan.contracts
        if one_type and contracts:
            progress("Projecting the contracts from every type they take", 0.5)
            contracts = planning.plan(
                months=request.months,
                contract=request.contract,
                progress=lambda _m, fraction: progress(
                    "Projecting the contracts from every type they take", 0.5 + fraction / 2
                ),
            ).contracts
    except ValidationError as exc:
        if "as_of" in exc.errors:
            return Planned(request, None, problem=nothing_to_forecast(services, request))
        return Planned(request, None, problem=str(exc))
    except AdvocacyDeskError as exc:
        return Planned(request, None, problem=_sentence(str(exc)))
    return Planned(request, plan, contracts)


def nothing_to_forecast(services: Services, request: Request) -> str:
    today: date = services.today()
    which = ""
    if request.advocacy_type is not None:
        which += f" for {ADVOCACY_TYPE.label(request.advocacy_type)}"
    if request.contract is not None:
        which += f" under {request.contract}"
    return (
        f"Nothing to forecast: no referrals{which} were received before {today:%B %Y}, so "
        "there is no history to forecast from. The forecast starts once a month of "
        "referrals is recorded."
    )


class PlanningPage(QWidget):
    """The Planning section of the main window."""

    #: A forecast is on show, or the reason there is none.
    planned = Signal()
    #: What a forecast is made from: referrals, cases, the hours logged, the contracts.
    WATCHES = frozenset({
        "referral", "advocacy_case", "activity", "contract", "contract_advocacy_type",
    })  # fmt: skip

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.plan: Plan | None = None
        #: What the plan on show was made for.
        self.request: Request | None = None
        self.contracts: tuple[ContractProjection, ...] = ()
        self._running = False
        self._sized = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.update_forecast)
        self._build()
        self.watch = Watch(bus, self, self.WATCHES, self._data_changed, stale=True)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        heading = views.heading("Planning", views.PAGE_TITLE, wrap=False)
        intro = QLabel("Referrals to come, the waiting list and the contracts' hours.")
        theme.style(intro, theme.HINT)

        self._make_choices()
        self._make_status()
        self._make_panels()

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(intro, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._choices_row())
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

        self._connect()

    def _make_choices(self) -> None:
        """How far ahead, which advocacy type, which contract; Update forecast."""
        self.months_box = QSpinBox()
        self.months_box.setObjectName("monthsAhead")
        self.months_box.setAccessibleName("Months ahead")
        self.months_box.setRange(MIN_MONTHS, MAX_MONTHS)
        self.months_box.setValue(DEFAULT_MONTHS)
        self.months_box.setToolTip(
            f"How far ahead to forecast: {MIN_MONTHS} to {MAX_MONTHS} months"
        )
        self.type_combo = CodeCombo(ADVOCACY_TYPE, label="Advocacy type", placeholder=ALL_TYPES)
        self.type_combo.setObjectName("planningType")
        self.type_combo.setToolTip(ALL_TYPES)
        self.contract_combo = QComboBox()
        self.contract_combo.setObjectName("planningContract")
        self.contract_combo.setAccessibleName("Contract")
        self.contract_combo.setToolTip("One contract's referrals, or every contract together")
        self.contract_combo.setMinimumContentsLength(18)
        self.contract_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.contract_combo.addItem(ALL_CONTRACTS, None)
        self.update_button = QPushButton("Update forecast")
        self.update_button.setToolTip("Make the forecast again from the data now (F5)")

    def _make_status(self) -> None:
        """The forecast's progress and Cancel, what it last did, and why there is none."""
        self.progress = QProgressBar()
        self.progress.setObjectName("planningProgress")
        self.progress.setAccessibleName("Forecast progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("planningCancel")
        self.cancel_button.setAccessibleName("Cancel the forecast")
        self.cancel_button.setToolTip(
            "Stop making the forecast: nothing is changed, and the page is free at once"
        )
        self.cancel_button.hide()
        self.status = QLabel()
        self.status.setObjectName("planningStatus")
        theme.style(self.status, theme.HINT)
        self.message = QLabel()
        self.message.setObjectName("planningMessage")
        self.message.setAccessibleName("Why there is no forecast")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.style(
            self.message,
            theme.notice("error"),
        )
        self.message.hide()

    def _make_panels(self) -> None:
        """The forecast above; the waiting list and the contracts in tabs below."""
        self.forecast = ForecastPanel()
        self.waiting = WaitingPanel()
        self.contracts_panel = ContractsPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.waiting, "Waiting list")
        self.tabs.addTab(self.contracts_panel, "Contracts")
        self.tabs.setTabToolTip(
            0, "Will the waiting list clear? Try another rate or more advocates"
        )
        self.tabs.setTabToolTip(1, "Will each contract's block of hours last the year?")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.forecast)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

    def _choices_row(self) -> FlowRow:
        """The choices, in a row that wraps on a narrow screen."""
        choices = FlowRow()  # wraps on a narrow screen (125% text on a laptop)
        for caption, widget in (
            ("&Months ahead", self.months_box),
            ("Advocacy &type", self.type_combo),
            ("C&ontract", self.contract_combo),
        ):
            label = QLabel(f"{caption}:")
            label.setBuddy(widget)
            choices.addWidget(together(label, widget))
        choices.addWidget(self.update_button)
        return choices

    def _connect(self) -> None:
        """A changed choice forecasts again after a pause; F5 at once."""
        self.months_box.valueChanged.connect(lambda _value: self._settle.start())
        self.type_combo.currentIndexChanged.connect(lambda _index: self._settle.start())
        self.contract_combo.currentIndexChanged.connect(lambda _index: self._settle.start())
        self.update_button.clicked.connect(self.update_forecast)
        self.cancel_button.clicked.connect(self.cancel_forecast)
        shortcut = QShortcut(QKeySequence("F5"), self)
        # A hidden page's shortcuts are inactive, so other pages never see this one.
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setWhatsThis("Update the forecast")  # for Help > Keyboard shortcuts
        shortcut.activated.connect(self.update_forecast)

    # -- what the user does -------------------------------------------------------------

    @property
    def running(self) -> bool:
        """A forecast is being made, or is about to be (a choice just changed)."""
        return self._running or self._settle.isActive()

    def chosen(self) -> Request:
        """The forecast the controls ask for."""
        contract = self.contract_combo.currentData()
        return Request(
            months=self.months_box.value(),
            advocacy_type=self.type_combo.code() or None,
            contract=contract if isinstance(contract, str) else None,
        )

    def choose(
        self, advocacy_type: str | None = None, contract: str | None = None, months: int = 0
    ) -> None:
        """Set the controls as the user would; the forecast follows once they settle."""
        self.type_combo.set_code(advocacy_type or "")
        index = self.contract_combo.findData(contract)
        if index < 0:
            raise ValueError(f"no contract called {contract!r} is offered")
        self.contract_combo.setCurrentIndex(index)
        if months:
            self.months_box.setValue(months)

    def update_forecast(self) -> None:
        """Make the forecast for the controls' choices, on a pool thread."""
        self._settle.stop()
        self.watch.fresh()
        request = self.chosen()
        services = self.services
        # Keyed: a forecast asked for meanwhile drops this one, so only the latest shows.
        tasks.run(
            lambda progress: make_plan(services, request, progress),
            owner=self,
            key=FORECAST,
            on_done=self._planned,
            on_failed=self._failed,
            on_progress=self._progress,
        )
        self._running = True
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.status.setText(WORKING)
        if self.plan is None:
            self.forecast.clear(WORKING)

    def cancel_forecast(self) -> None:
        """Stop the forecast under way (at its next step); the page is free at once and
        keeps the forecast it showed before, if any."""
        if not self._running:
            return
        tasks.drop(self, FORECAST)  # a read: nothing to wait for, nothing to undo
        self._finished()
        self.status.setText(CANCELLED)
        if self.plan is None:
            self.forecast.clear(CANCELLED)

    # -- inside ---------------------------------------------------------------------------

    def _progress(self, message: str, fraction: float) -> None:
        if not self._running:
            return
        self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        self.status.setText(f"{message}…" if message and message != "Done" else WORKING)

    def _planned(self, result: Planned) -> None:
        self._finished()
        self.request = result.request
        if result.plan is None:
            self._show_problem(result.problem)
            return
        plan = result.plan
        self.plan = plan
        self.contracts = result.contracts
        self.message.hide()
        kind = result.request.advocacy_type
        series = next((s for s in plan.series if s.type == kind), plan.total)
        self.forecast.show_series(plan, series)
        self.waiting.show_plan(plan, result.request.scope())
        self.contracts_panel.show_contracts(result.contracts, plan.as_of)
        self.status.setText(f"Forecast as at {plan.as_of:%d/%m/%Y}")
        self.status.setToolTip(
            f"Forecast as at {plan.as_of:%d/%m/%Y}: {result.request.scope()}, "
            f"{plan.months_ahead} months ahead."
        )
        self.planned.emit()

    def _failed(self, message: str) -> None:
        self._finished()
        self._show_problem(
            f"Could not make the forecast: {message}. Try Update forecast again (F5)."
        )

    def _finished(self) -> None:
        self._running = False
        self.progress.hide()
        self.cancel_button.hide()
        self.status.setText("")

    def _show_problem(self, problem: str) -> None:
        self.plan = None
        self.contracts = ()
        self.message.setText(problem)
        self.message.show()
        self.forecast.clear(NO_FORECAST)
        self.waiting.clear()
        self.contracts_panel.clear()
        self.planned.emit()

    def _fill_contracts(self) -> None:
        refill_choices(
            self.contract_combo,
            [(c.name, c.name, f"{c.name}, commissioned by {c.commissioner}")
             for c in self.services.contracts.list()],
        )  # fmt: skip

    def _data_changed(self, changes: Changes | None) -> None:
        if changes is None:  # shown after changes made while hidden: made afresh now
            self._fill_contracts()
            self.update_forecast()
            return
        if changes.touches("contract"):
            self._fill_contracts()
        self._settle.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = max(self.splitter.height(), 500)
            self.splitter.setSizes([total // 2, total - total // 2])


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else f"{text}."
