"""Citizen advocacy matching: the programme's figures, the proposed pairs with their
scores explained, every volunteer for a chosen partner (those ruled out last, with the
rule in words), and partnerships from proposal to end.

Every change goes through the citizen service, whose commit tells every view what it
wrote (the data bus); this view refreshes itself from the kinds it watches
(:data:`WATCHED`), as the other pages do, and after its own changes at once.

The tables are :mod:`ui.citizen.tables` and the End partnership dialog is
:mod:`ui.citizen.end_partnership`; their names import from here too, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.matching import DEFAULT_WEIGHTS, RULE_TEXT
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.domain.text import spoken_list
from advocacy_desk.domain.vocabulary import PARTNERSHIP_END_REASON, PARTNERSHIP_STATUS
from advocacy_desk.records.citizen import CitizenFigures, PartnershipRecord
from advocacy_desk.records.matching import Candidate, MatchProposal
from ui import tasks
from ui.bus import DataBus
from ui.citizen.end_partnership import EndPartnershipDialog
from ui.citizen.profile import PartnerProfileDialog
from ui.citizen.tables import (
    CELL_PADDING,
    NAME_AT_MOST,
    NUMBER_PADDING,
    POINTS,
    ScoreTable,
    fill_rows,
    plain_table,
    score_table,
    select_key,
    selected_key,
    wrap_rows,
)
from ui.widgets import run_modal, theme
from ui.widgets.modal import RunModal
from ui.widgets.views import heading, plain
from ui.widgets.watching import Watch

__all__ = [
    "CELL_PADDING",
    "NAME_AT_MOST",
    "NUMBER_PADDING",
    "POINTS",
    "EndPartnershipDialog",
    "MatchingView",
    "ScoreTable",
    "wrap_rows",
]

#: Proposals over at least this many volunteer x partner pairs run off the GUI thread.
BACKGROUND_FROM = 200_000
#: The proposal's task: a newer proposal drops an older one still under way.
PROPOSE = "citizen-propose"
#: The kinds of data (tables) that alter the figures, the proposal or partnerships.
WATCHED = frozenset({"partnership", "partner_profile", "volunteer", "person"})
NOTICE_STYLE = theme.notice("success")
PROBLEM_STYLE = theme.notice("error")
CHOOSE_PARTNER = "Choose a partner on the left to see every volunteer for them."
#: In the distance cell of a pair whose distance is not known, after its points.
NO_POSTCODE = "(no postcode)"
#: What an unknown distance means for the score (the rule in docs/citizen-advocacy.md).
UNKNOWN_DISTANCE = (
    "distance not known (a postcode is missing, or is not a district Advocacy Desk "
    "knows): the distance part scores 0 points, as if they lived furthest apart"
)


def points_column(name: str) -> str:
    """ "Interests (points)": a column of points says so."""
    return f"{name.capitalize()}{POINTS}"


def days_text(value: float | None) -> str:
    """ "1 day", "34 days", "12.5 days", or a dash for none."""
    if value is None:
        return "–"
    number = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return f"{number} {'day' if value == 1 else 'days'}"


def figures_text(figures: CitizenFigures) -> str:
    """The programme in one line."""
    return (
        f"Active volunteers: {figures.active_volunteers:,}    "
        f"Active partnerships: {figures.active_partnerships:,} "
        f"(average length {days_text(figures.average_partnership_days)})    "
        f"Partners waiting: {figures.partners_waiting:,} "
        f"(longest wait {days_text(figures.longest_wait_days)})"
    )


def parts_text(parts: dict[str, float]) -> str:
    """ "distance 24.3 points · interests 25.0 points · …", in the weights' order."""
    names = [n for n in DEFAULT_WEIGHTS if n in parts] + [
        n for n in parts if n not in DEFAULT_WEIGHTS
    ]
    return " · ".join(f"{name} {parts[name]:.1f} points" for name in names)


def interests_text(shared: Sequence[str]) -> str:
    """ "shared interests: walking, music and cooking", or that there are none."""
    return f"shared interests: {spoken_list(shared)}" if shared else "no shared interests"


def ranked(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Best score first; those a hard rule excludes at the bottom."""
    return sorted(
        candidates,
        key=lambda c: (c.score is None, -(c.score or 0.0), c.volunteer_ref),
    )


@dataclass(frozen=True)
class ShownProposal:
    """A proposal with the names it needs."""

    proposal: MatchProposal
    volunteer_names: dict[str, str]
    person_names: dict[str, str]


def build_proposal(services: Services, as_of: date | None = None) -> ShownProposal:
    """Propose, then look up the names (safe to run on a worker thread)."""
    proposal = services.matching.propose(as_of)
    volunteer_names = {v.volunteer_ref: v.full_name for v in services.citizen.volunteers()}
    refs = {p.person_ref for p in proposal.pairs} | {ref for ref, _ in proposal.unmatched}
    person_names: dict[str, str] = {}
    for ref in sorted(refs):
        try:
            person_names[ref] = services.people.get_by_ref(ref).full_name
        except AdvocacyDeskError:
            person_names[ref] = ""
    return ShownProposal(proposal, volunteer_names, person_names)


def ruled_out(candidate: Candidate) -> str:
    """The hard rule that rules a volunteer out, in words."""
    rule = candidate.excluded_by or ""
    return RULE_TEXT.get(rule, rule)


def part_cells(parts: dict[str, float], distance_km: float | None) -> list[str]:
    """One cell per part of the score; the distance part says "(no postcode)" in the row
    itself, under its points, when the distance is not known (the tooltip says what that
    scores)."""
    return [
        f"{parts.get(name, 0.0):.1f}"
        + (f"\n{NO_POSTCODE}" if name == "distance" and distance_km is None else "")
        for name in DEFAULT_WEIGHTS
    ]


def explained(
    score: float,
    parts: dict[str, float],
    distance_km: float | None,
    shared: Sequence[str] = (),
) -> str:
    """A score in words: its parts, how far apart the two live and what they share."""
    where = UNKNOWN_DISTANCE if distance_km is None else f"{distance_km:.1f} km apart"
    return f"Score {score:.1f} points: {parts_text(parts)}; {where}; {interests_text(shared)}"


def _named(name: str, ref: str) -> str:
    return f"{name} ({ref})" if name else ref


class MatchingView(QWidget):
    """Matching and partnerships, in the Citizen advocacy section."""

    #: The score's parts each have a column, named as the weights name them.
    PAIR_COLUMNS = (
        "Volunteer",
        "Partner",
        points_column("score"),
        *(points_column(name) for name in DEFAULT_WEIGHTS),
    )
    UNMATCHED_COLUMNS = ("Partner", "Why not matched")
    #: A volunteer a hard rule rules out has the rule across the parts' columns.
    CANDIDATE_COLUMNS = (
        "Volunteer",
        points_column("score"),
        *(points_column(name) for name in DEFAULT_WEIGHTS),
    )
    PARTNERSHIP_COLUMNS = (
        "Volunteer",
        "Partner",
        "Status",
        "Proposed",
        "Introduced",
        "Started",
        "Ended",
        "End reason",
        "Next review",
    )

    def __init__(self, services: Services, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        #: Shows a dialog modally; tests replace it so nothing ever waits for a click.
        self.run_modal: RunModal = run_modal
        self.today: Callable[[], date] = services.today
        self.background_from = BACKGROUND_FROM
        self.shown: ShownProposal | None = None
        self.partner_ref: str | None = None
        #: Every volunteer for the chosen partner, best first, as shown.
        self.candidate_list: list[Candidate] = []
        self.records: list[PartnershipRecord] = []

        # Built in this order, which is the order the widgets take the focus in.
        self._build_header()
        self._build_actions()
        self._build_tables()
        self._build_partnerships()
        manages = self.services.access.can(Permission.CITIZEN_MANAGE)
        for button in (self.accept_button, self.profile_button, self.weights_button,
                       self.advance_button, self.end_button):  # fmt: skip
            button.setVisible(manages)  # read-only users see the proposal, not the means

        self.pairs.itemSelectionChanged.connect(lambda: self._partner_chosen(self.pairs))
        self.unmatched.itemSelectionChanged.connect(lambda: self._partner_chosen(self.unmatched))
        self.candidates.itemSelectionChanged.connect(self._update_buttons)
        self.partnerships.itemSelectionChanged.connect(self._update_buttons)

        self._build_layout()

        #: What it changes itself it shows at once, after saying what it did.
        self.watch = Watch(bus, self, WATCHED, lambda _changes: self.refresh(), ignore=self)
        self.refresh()

    # -- building --------------------------------------------------------------------

    def _build_header(self) -> None:
        """The programme's figures, and what happened last."""
        self.figures = QLabel()
        self.figures.setObjectName("citizenFigures")
        self.figures.setAccessibleName("Citizen advocacy figures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setWordWrap(True)
        font = QFont(self.figures.font())
        font.setBold(True)
        self.figures.setFont(font)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setAccessibleName("What happened")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.hide()

    def _build_actions(self) -> None:
        """Propose, Weights, Accept pair and Edit profile, and the proposal's status."""
        self.propose_button = QPushButton("Propose matches")
        self.propose_button.setToolTip("Pair waiting partners with volunteers, best fit overall")
        self.accept_button = QPushButton("Accept pair")
        self.accept_button.setToolTip(
            "Record the chosen volunteer and partner as a proposed partnership"
        )
        self.profile_button = QPushButton("Edit profile…")
        self.profile_button.setToolTip("What the chosen partner needs of an advocate")
        self.propose_button.clicked.connect(lambda: self.propose_matches())
        self.weights_button = QPushButton("Weights…")
        self.weights_button.setToolTip("How much each part of the fit score counts")
        self.weights_button.clicked.connect(lambda: self.edit_weights())
        self.accept_button.clicked.connect(lambda: self.accept_pair())
        self.profile_button.clicked.connect(lambda: self.edit_profile())
        self.status = plain("Propose matches to see who could be paired.", hint=True)
        self.status.setObjectName("proposalStatus")

    def _build_tables(self) -> None:
        """The proposed pairs, the partners not matched, and every volunteer for the
        chosen partner with the chosen one's score in words."""
        self.pairs = score_table("Proposed pairs", self.PAIR_COLUMNS, numbers_from=2)
        self.unmatched = plain_table("Partners not matched", self.UNMATCHED_COLUMNS)
        wrap_rows(self.unmatched)  # the reason in full, over as many lines as it takes
        self.candidates = score_table(
            "Volunteers for the chosen partner", self.CANDIDATE_COLUMNS, numbers_from=1
        )
        self.candidates_heading = heading("Volunteers for the chosen partner", 1.0)
        self.candidates_hint = plain(CHOOSE_PARTNER, hint=True)
        #: The chosen volunteer's (else the proposed pair's) score in words, with the
        #: interests they share as a list: what the tooltips say, without hovering.
        self.explanation = plain("")
        self.explanation.setObjectName("matchExplained")
        self.explanation.setAccessibleName("Why this score")
        self.explanation.hide()

    def _build_partnerships(self) -> None:
        """The partnerships, with Move on and End."""
        self.partnerships = plain_table("Partnerships", self.PARTNERSHIP_COLUMNS)
        self.advance_button = QPushButton("Move on")
        self.advance_button.setToolTip("Proposed → introduced → active, dated today")
        self.end_button = QPushButton("End…")
        self.advance_button.clicked.connect(lambda: self.advance_partnership())
        self.end_button.clicked.connect(lambda: self.end_partnership())

    def _build_layout(self) -> None:
        """Figures and buttons over the proposal beside the volunteers, partnerships
        below."""
        actions = QHBoxLayout()
        for button in (self.propose_button, self.weights_button, self.accept_button,
                       self.profile_button):  # fmt: skip
            actions.addWidget(button)
        actions.addSpacing(8)
        actions.addWidget(self.status, 1)
        across = self._build_across()
        lower = self._build_lower()

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(across)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.figures)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

    def _build_across(self) -> QSplitter:
        """Pairs and the not matched on the left, the chosen partner's volunteers right."""
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(heading("Proposed pairs", 1.0))
        left_column.addWidget(self.pairs, 3)
        left_column.addWidget(heading("Not matched", 1.0))
        left_column.addWidget(self.unmatched, 2)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.candidates_heading)
        right_column.addWidget(self.candidates_hint)
        right_column.addWidget(self.candidates, 1)
        right_column.addWidget(self.explanation)
        across = QSplitter(Qt.Orientation.Horizontal)
        across.setChildrenCollapsible(False)
        across.addWidget(left)
        across.addWidget(right)
        across.setStretchFactor(0, 3)
        across.setStretchFactor(1, 2)
        across.setSizes([690, 550])
        return across

    def _build_lower(self) -> QWidget:
        """The partnerships, headed by their buttons."""
        lower = QWidget()
        lower_column = QVBoxLayout(lower)
        lower_column.setContentsMargins(0, 0, 0, 0)
        partnership_actions = QHBoxLayout()
        partnership_actions.addWidget(heading("Partnerships", 1.0))
        partnership_actions.addStretch(1)
        partnership_actions.addWidget(self.advance_button)
        partnership_actions.addWidget(self.end_button)
        lower_column.addLayout(partnership_actions)
        lower_column.addWidget(self.partnerships, 1)
        return lower

    # -- reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Figures and partnerships again; the proposal again if one is on show."""
        self.watch.fresh()
        self.figures.setText(figures_text(self.services.citizen.figures()))
        self._fill_partnerships()
        if self.shown is not None:
            self.propose_matches()
        self._update_buttons()

    def edit_weights(self) -> bool:
        """Let the coordinator change the fit score's weights; propose again if changed."""
        from ui.citizen.weights import WeightsDialog

        dialog = WeightsDialog(self.services, self)
        try:
            changed = self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if changed:
            self.propose_matches()
        return changed

    def propose_matches(self) -> None:
        """Run the proposal (on a worker thread when it is a big one) and show it."""
        figures = self.services.citizen.figures()
        size = figures.partners_waiting * max(len(self.services.citizen.volunteers()), 1)
        if size < self.background_from:
            tasks.drop(self, PROPOSE)  # a proposal under way is older than this one
            self._show_proposal(build_proposal(self.services))
            return
        self.propose_button.setEnabled(False)
        self.status.setText("Proposing matches…")
        services = self.services
        # Keyed: a proposal asked for meanwhile drops this one, so only the latest shows.
        tasks.run(
            lambda _progress: build_proposal(services),
            owner=self,
            key=PROPOSE,
            on_done=self._show_proposal,
            on_failed=self._proposal_failed,
        )

    def chosen_candidate(self) -> Candidate | None:
        key = selected_key(self.candidates)
        if self.shown is None or self.partner_ref is None or not isinstance(key, str):
            return None
        return next((c for c in self.candidate_list if c.volunteer_ref == key), None)

    def chosen_partnership(self) -> PartnershipRecord | None:
        key = selected_key(self.partnerships)
        return next((r for r in self.records if r.id == key), None)

    def choose_partner(self, person_ref: str) -> bool:
        """Choose ``person_ref`` in the pairs or the unmatched list."""
        return select_key(self.pairs, person_ref) or select_key(self.unmatched, person_ref)

    def choose_partnership(self, partnership_id: int) -> bool:
        return select_key(self.partnerships, partnership_id)

    # -- changing --------------------------------------------------------------------

    def accept_pair(
        self, volunteer_ref: str | None = None, person_ref: str | None = None
    ) -> int | None:
        """Accept the chosen partner with the chosen volunteer (or the one proposed for
        them): a partnership in "proposed". Returns its id."""
        person_ref = person_ref or self.partner_ref
        if volunteer_ref is None:
            candidate = self.chosen_candidate()
            if candidate is not None:
                volunteer_ref = candidate.volunteer_ref
            elif self.shown is not None and person_ref is not None:
                volunteer_ref = next(
                    (
                        p.volunteer_ref
                        for p in self.shown.proposal.pairs
                        if p.person_ref == person_ref
                    ),
                    None,
                )
        if person_ref is None or volunteer_ref is None:
            self._tell("Choose a partner and a volunteer to pair first.", problem=True)
            return None
        try:
            with self.bus.initiated_by(self):
                partnership_id = self.services.citizen.accept(volunteer_ref, person_ref)
        except ValidationError as exc:
            self._tell("Not accepted: " + " ".join(exc.errors.values()), problem=True)
            return None
        except AdvocacyDeskError as exc:
            self._tell(f"Not accepted: {exc}.", problem=True)
            return None
        names = self.shown.volunteer_names if self.shown else {}
        people = self.shown.person_names if self.shown else {}
        self._tell(
            f"Proposed partnership: {_named(names.get(volunteer_ref, ''), volunteer_ref)} with "
            f"{_named(people.get(person_ref, ''), person_ref)}. Move it on once they are "
            "introduced."
        )
        self.refresh()
        return partnership_id

    def advance_partnership(self, partnership_id: int | None = None) -> PartnershipRecord | None:
        record = self._partnership(partnership_id)
        if record is None:
            return None
        try:
            with self.bus.initiated_by(self):
                moved = self.services.citizen.advance(record.id)
        except ValidationError as exc:
            self._tell("Not moved on: " + " ".join(exc.errors.values()), problem=True)
            return None
        except AdvocacyDeskError as exc:
            self._tell(f"Not moved on: {exc}.", problem=True)
            return None
        status = PARTNERSHIP_STATUS.label(moved.status).lower()
        review = (
            f"; first review due {format_uk(moved.next_review_on)}" if moved.next_review_on else ""
        )
        self._tell(f"{moved.volunteer_name} and {moved.person_name} are now {status}{review}.")
        self.refresh()
        self.choose_partnership(moved.id)
        return moved

    def end_partnership(self, partnership_id: int | None = None) -> bool:
        record = self._partnership(partnership_id)
        if record is None:
            return False
        dialog = EndPartnershipDialog(self.services, record, today=self.today(), parent=self)
        if not self._run(dialog):
            return False
        self._tell(f"Ended the partnership of {record.volunteer_name} and {record.person_name}.")
        return True

    def edit_profile(self, person_ref: str | None = None) -> bool:
        """Edit the matching profile of the chosen partner (or of the chosen
        partnership's partner)."""
        if person_ref is None:
            person_ref = self.partner_ref
        if person_ref is None:
            record = self.chosen_partnership()
            person_ref = record.person_ref if record else None
        if person_ref is None:
            self._tell("Choose a partner first.", problem=True)
            return False
        try:
            person = self.services.people.get_by_ref(person_ref)
        except AdvocacyDeskError as exc:
            self._tell(f"Cannot open the profile: {exc}.", problem=True)
            return False
        dialog = PartnerProfileDialog(
            self.services,
            person.id,
            person_name=_named(person.full_name, person_ref),
            parent=self,
        )
        if not self._run(dialog):
            return False
        self._tell(f"Saved the matching profile of {_named(person.full_name, person_ref)}.")
        return True

    # -- showing ---------------------------------------------------------------------

    def _show_proposal(self, shown: ShownProposal) -> None:
        self.propose_button.setEnabled(True)
        keep = self.partner_ref
        self.shown = shown
        proposal = shown.proposal
        volunteers, people = shown.volunteer_names, shown.person_names
        pair_rows = [
            [
                _named(volunteers.get(p.volunteer_ref, ""), p.volunteer_ref),
                _named(people.get(p.person_ref, ""), p.person_ref),
                f"{p.score:.1f}",
                *part_cells(p.parts, p.distance_km),
            ]
            for p in proposal.pairs
        ]
        self.pairs.blockSignals(True)
        self.unmatched.blockSignals(True)
        fill_rows(self.pairs, pair_rows, [p.person_ref for p in proposal.pairs])
        for row, pair in enumerate(proposal.pairs):
            why = explained(pair.score, pair.parts, pair.distance_km, pair.shared_interests)
            for column in range(2, len(self.PAIR_COLUMNS)):
                item = self.pairs.item(row, column)
                if item is not None:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    item.setToolTip(why)
        self.pairs.fit_columns()
        fill_rows(
            self.unmatched,
            [[_named(people.get(ref, ""), ref), why] for ref, why in proposal.unmatched],
            [ref for ref, _ in proposal.unmatched],
        )
        self.pairs.blockSignals(False)
        self.unmatched.blockSignals(False)
        self.status.setText(
            f"Proposed for {format_uk(proposal.as_of)}: {len(proposal.pairs):,} "
            f"{'pair' if len(proposal.pairs) == 1 else 'pairs'}, "
            f"{len(proposal.unmatched):,} not matched."
        )
        self.partner_ref = None
        if keep is None or not self.choose_partner(keep):
            self._show_candidates()
        self._update_buttons()

    def _proposal_failed(self, message: str) -> None:
        self.propose_button.setEnabled(True)
        self.status.setText("")
        self._tell(f"Could not propose matches: {message}", problem=True)

    def _partner_chosen(self, table: QTableWidget) -> None:
        key = selected_key(table)
        if not isinstance(key, str):
            return
        other = self.unmatched if table is self.pairs else self.pairs
        other.blockSignals(True)
        other.clearSelection()
        other.blockSignals(False)
        self.partner_ref = key
        self._show_candidates()
        self._update_buttons()

    def _show_candidates(self) -> None:
        shown, ref = self.shown, self.partner_ref
        if shown is None or ref is None:
            self.candidates_heading.setText("Volunteers for the chosen partner")
            self.candidates_hint.setText(CHOOSE_PARTNER)
            self.candidates_hint.show()
            self.candidate_list = []
            fill_rows(self.candidates, [], [])
            return
        self.candidates_heading.setText(
            f"Volunteers for {_named(shown.person_names.get(ref, ''), ref)}"
        )
        # An unmatched partner's reason in full (the list has room for a line only).
        why = next((why for who, why in shown.proposal.unmatched if who == ref), None)
        self.candidates_hint.setText(f"Not matched: {why}." if why else "")
        self.candidates_hint.setVisible(why is not None)
        proposed = {(p.volunteer_ref, p.person_ref) for p in shown.proposal.pairs}
        found = self.candidate_list = ranked(shown.proposal.candidates(ref))
        parts = len(DEFAULT_WEIGHTS)
        rows = [
            [
                _named(shown.volunteer_names.get(c.volunteer_ref, ""), c.volunteer_ref),
                *(
                    ["–", f"Ruled out: {ruled_out(c)}", *[""] * (parts - 1)]
                    if c.score is None
                    else [f"{c.score:.1f}", *part_cells(c.parts, c.distance_km)]
                ),
            ]
            for c in found
        ]
        self.candidates.clearSpans()
        fill_rows(self.candidates, rows, [c.volunteer_ref for c in found])
        for row, candidate in enumerate(found):
            excluded = candidate.score is None
            if excluded:  # the rule, across the columns of the parts it has none of
                self.candidates.setSpan(row, 2, 1, parts)
            why = (
                ruled_out(candidate)
                if excluded
                else explained(
                    candidate.score or 0.0,
                    candidate.parts,
                    candidate.distance_km,
                    candidate.shared_interests,
                )
            )
            for column in range(len(self.CANDIDATE_COLUMNS)):
                item = self.candidates.item(row, column)
                if item is None:
                    continue
                if column == 1 or (column > 1 and not excluded):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column > 0:
                    item.setToolTip(why)
                if excluded:
                    theme.paint(item, "table_hint")
                elif (candidate.volunteer_ref, ref) in proposed:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    if column == 0:
                        item.setToolTip(f"{item.text()} (the proposed volunteer)")
        self.candidates.fit_columns()

    def _fill_partnerships(self) -> None:
        keep = selected_key(self.partnerships)
        self.records = self.services.citizen.partnerships()
        rows = [
            [
                _named(r.volunteer_name, r.volunteer_ref),
                _named(r.person_name, r.person_ref),
                PARTNERSHIP_STATUS.label(r.status),
                format_uk(r.proposed_on),
                format_uk(r.introduced_on),
                format_uk(r.started_on),
                format_uk(r.ended_on),
                PARTNERSHIP_END_REASON.label(r.end_reason) if r.end_reason else "",
                format_uk(r.next_review_on),
            ]
            for r in self.records
        ]
        self.partnerships.blockSignals(True)
        fill_rows(self.partnerships, rows, [r.id for r in self.records])
        if keep is not None:
            select_key(self.partnerships, keep)
        self.partnerships.blockSignals(False)

    def _update_buttons(self) -> None:
        record = self.chosen_partnership()
        candidate = self.chosen_candidate()
        can_pair = self.partner_ref is not None and (
            (candidate is not None and candidate.excluded_by is None)
            or (
                candidate is None
                and self.shown is not None
                and any(p.person_ref == self.partner_ref for p in self.shown.proposal.pairs)
            )
        )
        self.accept_button.setEnabled(can_pair)
        self._explain(candidate)
        self.profile_button.setEnabled(self.partner_ref is not None or record is not None)
        self.advance_button.setEnabled(
            record is not None and record.status in ("proposed", "introduced")
        )
        self.end_button.setEnabled(record is not None and record.status != "ended")

    def _explain(self, candidate: Candidate | None) -> None:
        """Say the chosen volunteer's score in words, or the proposed pair's."""
        text = ""
        names = self.shown.volunteer_names if self.shown is not None else {}
        if candidate is not None and candidate.score is not None:
            who = _named(names.get(candidate.volunteer_ref, ""), candidate.volunteer_ref)
            text = f"{who}. " + explained(
                candidate.score, candidate.parts, candidate.distance_km, candidate.shared_interests
            )
        elif candidate is None and self.shown is not None and self.partner_ref is not None:
            pair = next(
                (p for p in self.shown.proposal.pairs if p.person_ref == self.partner_ref), None
            )
            if pair is not None:
                who = _named(names.get(pair.volunteer_ref, ""), pair.volunteer_ref)
                text = f"Proposed: {who}. " + explained(
                    pair.score, pair.parts, pair.distance_km, pair.shared_interests
                )
        self.explanation.setText(text)
        self.explanation.setVisible(bool(text))

    # -- helpers ---------------------------------------------------------------------

    def _partnership(self, partnership_id: int | None) -> PartnershipRecord | None:
        if partnership_id is None:
            return self.chosen_partnership()
        return next((r for r in self.records if r.id == partnership_id), None)

    def _run(self, dialog: QDialog) -> bool:
        try:
            return self.run_modal(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _tell(self, message: str, *, problem: bool = False) -> None:
        theme.style(self.notice, PROBLEM_STYLE if problem else NOTICE_STYLE)
        self.notice.setText(message)
        self.notice.setVisible(bool(message))
