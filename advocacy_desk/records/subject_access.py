"""Everything held about one person, as a subject access request exports it (JSON
and PDF)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.file_names import safe_stem

#: Identifies the JSON export, and its layout's version (bumped if keys ever change).
JSON_FORMAT = "advocacy-desk subject access"
JSON_VERSION = 3
#: What the export says of a scanned consent form and of a letter: named, not included.
SCAN_NOTE = "The scanned form itself is not part of this export; a copy can be exported on request."
LETTER_NOTE = "The letter itself is not part of this export; a copy can be exported on request."


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return stored_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class SubjectPerson:
    person_ref: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    gender_identity: str
    ethnicity: str
    disability: str
    sexual_orientation: str
    religion: str
    first_language: str
    interpreter_needed: str
    communication_needs: str
    primary_need: str
    address_line_one: str
    address_line_two: str
    town: str
    postcode: str
    local_authority: str
    out_of_area: str
    created_at: datetime
    updated_at: datetime
    anonymised_at: datetime | None


@dataclass(frozen=True)
class SubjectScore:
    """The referral's waiting-list score as it stood at a moment."""

    scored_on: date
    event: str
    score: int
    matrix_version: int
    username: str
    note: str


@dataclass(frozen=True)
class SubjectReferral:
    referral_ref: str
    received_on: date
    contract: str
    source: str
    advocacy_type: str
    care_act_process: str
    decision_due_on: date | None
    safeguarding: str
    difficulty_understanding: bool
    difficulty_retaining: bool
    difficulty_using_weighing: bool
    difficulty_communicating: bool
    appropriate_individual: str
    gate_exception: str
    complexity: int | None
    impact: int | None
    support_network: int | None
    capacity_voice: int | None
    statutory: bool
    override_points: int | None
    override_reason: str
    status: str
    status_on: date | None
    status_reason: str
    notes: str
    scores: tuple[SubjectScore, ...]


@dataclass(frozen=True)
class SubjectActivityVersion:
    """An entry of the casework log as it was before an edit."""

    occurred_on: date
    kind: str
    minutes: int
    travel_minutes: int
    note: str
    replaced_at: datetime
    replaced_by: str


@dataclass(frozen=True)
class SubjectActivity:
    occurred_on: date
    kind: str
    minutes: int
    travel_minutes: int
    note: str
    advocate: str
    logged_at: datetime
    #: Earlier versions, oldest first.
    earlier_versions: tuple[SubjectActivityVersion, ...]


@dataclass(frozen=True)
class SubjectIssue:
    category: str
    description: str
    outcome: str | None
    outcome_on: date | None


@dataclass(frozen=True)
class SubjectCaseEvent:
    occurred_on: date
    event: str
    reason: str
    username: str


@dataclass(frozen=True)
class SubjectFeedback:
    informed: str
    involved: str
    negotiate: str
    personal_outcomes: str
    empowered: str
    answered_by: str
    recorded_on: date


@dataclass(frozen=True)
class SubjectCase:
    case_ref: str
    referral_ref: str
    advocacy_type: str
    advocate: str
    opened_on: date
    closed_on: date | None
    closure_reason: str | None
    next_action: str
    next_action_on: date | None
    activities: tuple[SubjectActivity, ...]
    issues: tuple[SubjectIssue, ...]
    history: tuple[SubjectCaseEvent, ...]
    feedback: SubjectFeedback | None


@dataclass(frozen=True)
class SubjectDraft:
    """Casework typed into a case's log and kept, unsaved, so nothing typed is lost: not
    part of the record yet, but held about the person all the same."""

    case_ref: str
    #: The form's fields as typed (occurred_on, kind, duration, travel, note...).
    fields: dict[str, str]


@dataclass(frozen=True)
class SubjectProfile:
    """What the person needs of a citizen advocate."""

    interests: str
    languages: str
    required_language: str
    preferred_sex: str
    sex_required: bool
    available_days: str
    has_pets: bool
    smoke_free_required: bool
    other_requirement: str
    ideal_advocate: str
    waiting_since: date


@dataclass(frozen=True)
class SubjectPartnership:
    volunteer_ref: str
    volunteer_name: str
    status: str
    proposed_on: date
    introduced_on: date | None
    started_on: date | None
    ended_on: date | None
    end_reason: str | None


@dataclass(frozen=True)
class SubjectHold:
    reason: str
    review_on: date | None
    held_by: str
    held_at: datetime


@dataclass(frozen=True)
class SubjectParty:
    """Someone the person's information may be shared with (their social worker, say)."""

    name: str
    role: str
    organisation: str
    added_at: datetime


@dataclass(frozen=True)
class SubjectScan:
    """A scanned signed consent form: named, not included (a copy is given on request)."""

    file_name: str
    size_bytes: int
    note: str = SCAN_NOTE


@dataclass(frozen=True)
class SubjectConsent:
    """Consent to advocacy, or to share information with one party."""

    kind: str
    #: The party's name, for consent to share with them; "" for consent to advocacy.
    shared_with: str
    given_on: date
    how: str
    reason: str
    recorded_by: str
    recorded_at: datetime
    withdrawn_on: date | None
    withdrawn_reason: str
    withdrawn_by: str
    scan: SubjectScan | None


@dataclass(frozen=True)
class SubjectReportSending:
    """A report as it was sent (kept unchanged): when, to whom, and everything it said."""

    sent_on: date
    sent_to: str
    sent_by: str
    sent_at: datetime
    kind: str
    about: str
    decision_maker: str
    due_on: date | None
    wishes_feelings: str
    beliefs_values: str
    options: str
    views_of_others: str
    concerns: str
    recommendations: str


@dataclass(frozen=True)
class SubjectReport:
    """An advocate's report on one of the person's cases, as it is now."""

    case_ref: str
    number: int
    kind: str
    status: str
    about: str
    decision_maker: str
    due_on: date | None
    wishes_feelings: str
    beliefs_values: str
    options: str
    views_of_others: str
    concerns: str
    recommendations: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    #: Every version sent, in the order they were sent.
    sent_versions: tuple[SubjectReportSending, ...]


@dataclass(frozen=True)
class SubjectLetter:
    """A letter made for one of the person's cases: what it is, not what it says."""

    case_ref: str
    file_name: str
    template: str
    #: The party it was addressed to (name, role, organisation); all "" when it was
    #: addressed to the person.
    addressed_to: str
    addressed_to_role: str
    addressed_to_organisation: str
    #: Why it went to the party without standing consent to share with them.
    no_consent_reason: str
    made_by: str
    made_at: datetime
    note: str = LETTER_NOTE


@dataclass(frozen=True)
class SubjectAppointment:
    """An appointment in the diary on one of the person's cases. Times are kept as the
    advocate typed them, by the clock in England (exported in UTC like every time)."""

    case_ref: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    attendees: str
    notes: str
    advocate: str
    logged_as_casework: bool


@dataclass(frozen=True)
class SubjectAuditEvent:
    """Who looked at or changed the record, when. ``record`` names what they touched."""

    occurred_at: datetime
    username: str
    action: str
    entity: str
    record: str
    details: str


@dataclass(frozen=True)
class SubjectAccess:
    """Everything held about one person, as plain values (codes, not labels)."""

    person_id: int
    person_ref: str
    prepared_on: date
    prepared_by: str
    provider: str
    person: SubjectPerson
    parties: tuple[SubjectParty, ...]
    consents: tuple[SubjectConsent, ...]
    referrals: tuple[SubjectReferral, ...]
    cases: tuple[SubjectCase, ...]
    reports: tuple[SubjectReport, ...]
    letters: tuple[SubjectLetter, ...]
    appointments: tuple[SubjectAppointment, ...]
    #: Casework typed for their cases and not yet saved.
    unsaved_drafts: tuple[SubjectDraft, ...]
    partner_profile: SubjectProfile | None
    partnerships: tuple[SubjectPartnership, ...]
    retention_hold: SubjectHold | None
    audit: tuple[SubjectAuditEvent, ...]

    def file_stem(self) -> str:
        """``subject-access-P000123-2026-11-23``: a reference and a day, never a name;
        the reference made safe for a file name (``CA/2023/045`` as ``CA-2023-045``)."""
        return f"subject-access-{safe_stem(self.person_ref)}-{self.prepared_on.isoformat()}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON export: fixed keys in a fixed order, dates as ISO 8601 (times in
        UTC), codes as stored (their meanings are in the PDF)."""
        body = _plain(dataclasses.asdict(self))
        assert isinstance(body, dict)
        body.pop("person_id")
        return {"format": JSON_FORMAT, "version": JSON_VERSION, **body}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
