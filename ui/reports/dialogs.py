"""Writing a report and recording that it was sent.

:class:`ReportDialog` holds every field of a report, the six sections as multi-line
boxes; :class:`MarkSentDialog` records when and to whom it went, and, sent to one of the
person's parties with no consent to share with them, asks for the reason to go on.
Each shows the service's messages under the fields they name; nothing is saved unless
the service accepts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.consent import no_consent_message
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.vocabulary import REPORT_KIND, REPORT_SECTION
from advocacy_desk.records.consent import PartyRecord
from advocacy_desk.records.reports import ReportCase, ReportDetails, ReportRecord
from advocacy_desk.services.reports import MAX_ABOUT, MAX_DECISION_MAKER, MAX_SENT_TO
from ui.widgets import CodeCombo, DateField, DateFieldError, FieldForm, theme
from ui.widgets import section as titled_section
from ui.widgets.saving import SavingDialog
from ui.widgets.views import heading, plain, text_box

CHOOSE = "Choose…"
NO_PARTY = "Someone else (not one of their parties)"
TO_PERSON = "The person themselves"
TO_PERSON_DATA = "person"
#: Pale amber with dark text, for a warning that still lets the user go on.
WARNING_STYLE = theme.notice("warning")

#: What each section's box suggests, in the person's own words where possible.
SECTION_HINTS = {
    "wishes_feelings": "What the person wants and how they feel about it, in their words",
    "beliefs_values": "Beliefs and values that would bear on the decision",
    "options": "The options considered, one a line",
    "views_of_others": "Who was consulted and what they said",
    "concerns": "Anything the advocate questions or challenges",
    "recommendations": "What the advocate asks the decision maker to do",
}


class ReportDialog(SavingDialog):
    """A new report on a case, or changes to one (a sent one too: what was sent stays)."""

    def __init__(
        self,
        services: Services,
        case: ReportCase,
        report: ReportRecord | None = None,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.case = case
        self.report = report
        title = (
            f"New report on {case.case_ref}"
            if report is None
            else f"Report {report.number} on {case.case_ref}"
        )
        self.setWindowTitle(title)

        self.kind = CodeCombo(REPORT_KIND, label="Kind", placeholder=CHOOSE)
        self.about = QLineEdit()
        self.about.setMaxLength(MAX_ABOUT)
        self.about.setPlaceholderText("For example: whether Jane should move to a care home")
        self.decision_maker = QLineEdit()
        self.decision_maker.setMaxLength(MAX_DECISION_MAKER)
        self.decision_maker.setPlaceholderText("Name and organisation")
        self.due_on = DateField("Due on")
        self.sections: dict[str, QPlainTextEdit] = {
            code: text_box(label, SECTION_HINTS.get(code, ""), lines=(4, 10))
            for code, label in REPORT_SECTION.items
        }

        form = FieldForm(self.errors)
        form.add_field("kind", "Kind", self.kind)
        form.add_field("about", "About", self.about, "The decision or process it is for.")
        form.add_field("decision_maker", "Decision maker", self.decision_maker)
        form.add_field("due_on", "Due on", self.due_on)
        for code, label in REPORT_SECTION.items:
            form.add_field(code, label, self.sections[code])

        if report is not None:
            self.set_details(report.details)

        self.sent_line = plain("", hint=False)
        self.sent_line.setObjectName("sentWarning")
        theme.style(self.sent_line, WARNING_STYLE)
        last = report.last_sent if report is not None else None
        if last is not None:
            self.sent_line.setText(
                f"Sent on {format_uk(last.sent_on)} to {last.sent_to}. Changes are kept as a "
                "new version; what was sent stays exactly as it went. Mark it sent again "
                "when the changed report goes out."
            )
        self.sent_line.setVisible(last is not None)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        self.scroll_area = scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not it
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self._fields: dict[str, QWidget] = {
            "kind": self.kind, "about": self.about, "decision_maker": self.decision_maker,
            "due_on": self.due_on, **self.sections,
        }  # fmt: skip

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.sent_line)
        layout.addWidget(self.errors.general)
        layout.addWidget(scroll, 1)
        layout.addWidget(self._buttons("Save report" if report is None else "Save changes"))
        chars = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(chars * 100)
        self.resize(chars * 110, self.fontMetrics().lineSpacing() * 45)
        self.kind.setFocus()

    def set_details(self, details: ReportDetails) -> None:
        self.kind.set_code(details.kind if details.kind in REPORT_KIND else "")
        self.about.setText(details.about)
        self.decision_maker.setText(details.decision_maker)
        self.due_on.set_value(details.due_on)
        for code, box in self.sections.items():
            box.setPlainText(details.section(code))

    def read(self) -> ReportDetails | None:
        """The details typed, or None (with the messages shown) when a field is wrong
        before the service need be asked."""
        errors: dict[str, str] = {}
        if not self.kind.code():
            errors["kind"] = "Kind: choose the kind of report."
        due: date | None = None
        try:
            due = self.due_on.value()
        except DateFieldError as exc:
            errors["due_on"] = str(exc)
        if errors:
            self._show(errors)
            return None
        return ReportDetails(
            kind=self.kind.code(),
            about=self.about.text(),
            decision_maker=self.decision_maker.text(),
            due_on=due,
            **{code: box.toPlainText() for code, box in self.sections.items()},
        )

    def save(self) -> bool:
        self.errors.clear()
        details = self.read()
        if details is None:
            return False
        reports = self.services.reports
        try:
            if self.report is None:
                self.report = reports.create(self.case.case_id, details)
            else:
                # Refused (EditConflict) if someone else saved it since the form opened.
                self.report = reports.update(self.report.id, details, opened=self.report)
        except AdvocacyDeskError as exc:
            if isinstance(exc, ValidationError):
                self._show(exc.errors)
                return False
            return self._failed(exc)
        return self._saved()

    def _show(self, errors: Mapping[str, str]) -> None:
        """The messages under their fields, the first of them scrolled into view."""
        self.errors.show(errors)
        first = next((w for name, w in self._fields.items() if name in errors), None)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)


class MarkSentDialog(SavingDialog):
    """When the report went and to whom; a party with no sharing consent needs a reason."""

    def __init__(
        self,
        services: Services,
        report: ReportRecord,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.report = report
        self.today = today or services.today()
        title = f"Mark report {report.number} on {report.case_ref} sent"
        self.setWindowTitle(title)

        self.sent_on = DateField("Sent on", required=True)
        self.sent_on.set_value(self.today)
        self.sent_to = QLineEdit()
        self.sent_to.setMaxLength(MAX_SENT_TO)
        self.sent_to.setPlaceholderText("Name, role and organisation")
        self.party = QComboBox()
        self.party.setAccessibleName("Party")
        self.party.addItem(NO_PARTY, None)
        self.party.addItem(TO_PERSON, TO_PERSON_DATA)
        self.parties: list[PartyRecord] = []
        try:
            self.parties = services.consent.parties(report.person_id)
        except AdvocacyDeskError:
            self.parties = []
        for party in self.parties:
            self.party.addItem(party.label, party.id)
        self.reason = text_box(
            "Reason to send without consent",
            "Why it must go all the same (for example: the decision maker must have the "
            "report under the Mental Capacity Act, s36)",
        )

        form = FieldForm(self.errors)
        form.add_field("sent_on", "Sent on", self.sent_on)
        form.add_field("party_id", "Went to", self.party,
                       "One of the person's parties, the person themselves, or someone "
                       "else (then a reason is needed: no consent to share with them can "
                       "be recorded).")  # fmt: skip
        form.add_field("sent_to", "Sent to", self.sent_to)

        self.consent_warning = plain("")
        self.consent_warning.setObjectName("consentWarning")
        theme.style(self.consent_warning, WARNING_STYLE)
        self.reason_area = titled_section("No consent to share")
        reason_layout = QVBoxLayout(self.reason_area)
        reason_layout.addWidget(self.consent_warning)
        reason_form = FieldForm(self.errors)
        reason_form.add_field("no_consent_reason", "Reason", self.reason)
        reason_layout.addLayout(reason_form)
        self.reason_area.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(plain(
            "What the report says now is kept exactly as sent, whatever changes later.",
            hint=True,
        ))  # fmt: skip
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.reason_area)
        layout.addWidget(self._buttons("Mark sent"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.party.currentIndexChanged.connect(self._party_changed)
        self.sent_on.editingFinished.connect(self._check_consent)
        self.sent_to.editingFinished.connect(self._check_consent)
        self.sent_to.setFocus()
        self._check_consent()

    def party_id(self) -> int | None:
        data = self.party.currentData()
        return data if isinstance(data, int) else None

    @property
    def to_person(self) -> bool:
        """The report went to the person themselves: no consent to share is needed."""
        return bool(self.party.currentData() == TO_PERSON_DATA)

    def choose_person(self) -> None:
        self.party.setCurrentIndex(self.party.findData(TO_PERSON_DATA))

    def choose_party(self, party_id: int | None) -> None:
        index = self.party.findData(party_id)
        if index < 0:
            raise ValueError(f"no party {party_id} offered here")
        self.party.setCurrentIndex(index)

    def _party_changed(self) -> None:
        party_id = self.party_id()
        chosen = next((p for p in self.parties if p.id == party_id), None)
        offered = {p.label for p in self.parties}
        if chosen is not None and (not self.sent_to.text().strip()
                                   or self.sent_to.text() in offered):  # fmt: skip
            self.sent_to.setText(chosen.label)
        self._check_consent()

    def _check_consent(self) -> None:
        """Show the reason box while the report would go to someone with no consent to
        share: a party without one, or anyone not recorded as a party."""
        party_id = self.party_id()
        chosen = next((p for p in self.parties if p.id == party_id), None)
        if chosen is None:
            who = self.sent_to.text().strip() or "The person it went to"
            self._need_reason(
                ""
                if self.to_person
                else no_consent_message(who, recorded=False, non_instructed=False)
                + " The audit trail keeps it."
            )
            return
        try:
            on = self.sent_on.value() or self.today
        except DateFieldError:
            on = self.today
        try:
            allowed = self.services.consent.may_share(self.report.person_id, chosen.id, on)
        except AdvocacyDeskError:
            allowed = False
        self._need_reason(
            ""
            if allowed
            else f"There is no consent to share with {chosen.name} on {format_uk(on)}. "
            "The report can go all the same only with a reason, which the audit trail keeps."
        )

    def _need_reason(self, warning: str) -> None:
        self.consent_warning.setText(warning)
        self.reason_area.setVisible(bool(warning))

    @property
    def needs_reason(self) -> bool:
        return not self.reason_area.isHidden()

    def save(self) -> bool:
        self.errors.clear()
        try:
            sent_on = self.sent_on.value()
        except DateFieldError as exc:
            self.errors.show({"sent_on": str(exc)})
            return False
        assert sent_on is not None  # required
        try:
            self.report = self.services.reports.mark_sent(
                self.report.id,
                sent_on,
                self.sent_to.text(),
                party_id=self.party_id(),
                no_consent_reason=self.reason.toPlainText() if self.needs_reason else "",
                to_person=self.to_person,
            )
        except AdvocacyDeskError as exc:
            if "no_consent_reason" in getattr(exc, "errors", {}):
                self._check_consent()
                self.reason_area.setVisible(True)
            return self._failed(exc)
        return self._saved()
