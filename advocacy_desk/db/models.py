"""The schema, in SQLAlchemy 2 typed style.

Migrations in ``migrations/versions`` are the only way this schema reaches a
database; a test checks that these models and the migrations agree.

Codes from :mod:`advocacy_desk.domain.vocabulary` are stored as short strings,
not database enums, so a vocabulary can grow without rewriting tables.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 40  # length of a vocabulary code column
REF = 20  # length of a human reference such as P000123


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """Key/value settings that live with the data (for example "this is a demo database")."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StaffUser(Base):
    """A member of staff: advocate, manager, coordinator, administrator."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(CODE), default="advocate")
    capacity: Mapped[int] = mapped_column(Integer, default=30)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Wrong passwords in a row; at ten the account locks until ``locked_until``.
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    advocacy_types: Mapped[list[StaffAdvocacyType]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class StaffAdvocacyType(Base):
    """An advocacy type a member of staff is qualified to take."""

    __tablename__ = "staff_advocacy_type"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    advocacy_type: Mapped[str] = mapped_column(String(CODE), primary_key=True)


class Contract(Base):
    """A commissioner's contract: the block of hours and/or cases it pays for each year."""

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    commissioner: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    hours_per_year: Mapped[float | None] = mapped_column(Numeric(10, 1, asdecimal=False))
    cases_per_year: Mapped[int | None] = mapped_column(Integer)

    advocacy_types: Mapped[list[ContractAdvocacyType]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class ContractAdvocacyType(Base):
    __tablename__ = "contract_advocacy_type"

    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), primary_key=True
    )
    advocacy_type: Mapped[str] = mapped_column(String(CODE), primary_key=True)


class Person(Base):
    """Someone referred for advocacy, with the equality-monitoring fields of the return."""

    __tablename__ = "person"
    __table_args__ = (Index("ix_person_family_given", "family_name", "given_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(CODE), default="not_known")
    gender_identity: Mapped[str] = mapped_column(String(CODE), default="not_known")
    ethnicity: Mapped[str] = mapped_column(String(CODE), default="not_known")
    disability: Mapped[str] = mapped_column(String(CODE), default="not_known")
    sexual_orientation: Mapped[str] = mapped_column(String(CODE), default="not_known")
    religion: Mapped[str] = mapped_column(String(CODE), default="not_known")
    first_language: Mapped[str] = mapped_column(String(100), default="")
    interpreter_needed: Mapped[str] = mapped_column(String(CODE), default="not_known")
    communication_needs: Mapped[str] = mapped_column(Text, default="")
    primary_need: Mapped[str] = mapped_column(String(CODE), default="not_known")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    local_authority: Mapped[str] = mapped_column(String(100), default="")
    out_of_area: Mapped[str] = mapped_column(String(CODE), default="not_known")
    #: The postal address letters go to, with ``postcode`` (migration 0014).
    address_line_one: Mapped[str] = mapped_column(String(100), default="")
    address_line_two: Mapped[str] = mapped_column(String(100), default="")
    town: Mapped[str] = mapped_column(String(60), default="")
    #: Normalised "given family" for the duplicate check (see domain.names).
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    #: Lower-case text the People list filters on: names, reference, postcode, dates.
    search_text: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Indexed so that "has anyone changed since I last looked?" costs one index probe.
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )
    #: When the personal details were replaced (retention or an erasure request).
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class RetentionHold(Base):
    """A manager's decision to keep a person's record past the retention period, and why
    (a safeguarding hold, say); the record is not offered for anonymising again until
    ``review_on``, when there is one."""

    __tablename__ = "retention_hold"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    review_on: Mapped[date | None] = mapped_column(Date)
    held_by: Mapped[str] = mapped_column(String(60), default="")
    held_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Referral(Base):
    """A request for advocacy for a person; once allocated it becomes a case."""

    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_status_received", "status", "received_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(CODE))
    advocacy_type: Mapped[str] = mapped_column(String(CODE))
    care_act_process: Mapped[str] = mapped_column(String(CODE), default="none")
    decision_due_on: Mapped[date | None] = mapped_column(Date)
    safeguarding: Mapped[str] = mapped_column(String(CODE), default="none")
    difficulty_understanding: Mapped[bool] = mapped_column(Boolean, default=False)
    difficulty_retaining: Mapped[bool] = mapped_column(Boolean, default=False)
    difficulty_using_weighing: Mapped[bool] = mapped_column(Boolean, default=False)
    difficulty_communicating: Mapped[bool] = mapped_column(Boolean, default=False)
    appropriate_individual: Mapped[str] = mapped_column(String(CODE), default="not_known")
    gate_exception: Mapped[str] = mapped_column(String(CODE), default="none")
    #: Prioritisation matrix answers, 1 (low) to 4 (high); None while unanswered.
    complexity: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    support_network: Mapped[int | None] = mapped_column(Integer)
    capacity_voice: Mapped[int | None] = mapped_column(Integer)
    #: A statutory duty (Care Act gate met, or IMCA, IMHA or RPR): worked out by
    #: ``domain.eligibility.is_statutory`` whenever the referral is saved, and kept here
    #: so the waiting list and the return can count and rank without re-deriving it.
    statutory: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A manager's adjustment to the matrix score, plus or minus, with its reason.
    override_points: Mapped[int | None] = mapped_column(Integer)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(CODE), default="waiting")
    status_on: Mapped[date | None] = mapped_column(Date)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship()
    contract: Mapped[Contract | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Case(Base):
    """An allocated referral: the advocate's piece of work with one person."""

    __tablename__ = "advocacy_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    advocate_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closure_reason: Mapped[str | None] = mapped_column(String(CODE))
    next_action: Mapped[str] = mapped_column(Text, default="")
    next_action_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    referral: Mapped[Referral] = relationship()
    advocate: Mapped[StaffUser] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Activity(Base):
    """One dated piece of casework with its duration."""

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_case_date", "case_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"))
    advocate_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(CODE))
    minutes: Mapped[int] = mapped_column(Integer)
    travel_minutes: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActivityRevision(Base):
    """An activity as it was before an edit: edits never overwrite what was written."""

    __tablename__ = "activity_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(CODE))
    minutes: Mapped[int] = mapped_column(Integer)
    travel_minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    replaced_by: Mapped[str] = mapped_column(String(60), default="")


class CaseEvent(Base):
    """A case opening, closing or reopening, with the reason: the case's own history."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    #: opened, closed, reopened
    event: Mapped[str] = mapped_column(String(CODE))
    reason: Mapped[str] = mapped_column(Text, default="")
    username: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseIssue(Base):
    """Something the person wants help with, and what came of it."""

    __tablename__ = "case_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"), index=True)
    category: Mapped[str] = mapped_column(String(CODE))
    description: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(CODE))
    outcome_on: Mapped[date | None] = mapped_column(Date)


class OutcomeFeedback(Base):
    """The five Calderdale outcome questions, asked when a case closes."""

    __tablename__ = "outcome_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"), unique=True)
    informed: Mapped[str] = mapped_column(String(CODE), default="not_asked")
    involved: Mapped[str] = mapped_column(String(CODE), default="not_asked")
    negotiate: Mapped[str] = mapped_column(String(CODE), default="not_asked")
    personal_outcomes: Mapped[str] = mapped_column(String(CODE), default="not_asked")
    empowered: Mapped[str] = mapped_column(String(CODE), default="not_asked")
    answered_by: Mapped[str] = mapped_column(String(CODE), default="person")
    recorded_on: Mapped[date] = mapped_column(Date)


class Volunteer(Base):
    """A citizen advocate: an unpaid volunteer in long-term one-to-one partnerships."""

    __tablename__ = "volunteer"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(CODE), default="not_known")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    travel_km: Mapped[float | None] = mapped_column(Numeric(6, 1, asdecimal=False))
    languages: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    available_days: Mapped[str] = mapped_column(String(40), default="")
    #: Times of day they are usually free (codes of TIME_OF_DAY, separated by ";").
    available_times: Mapped[str] = mapped_column(String(40), default="")
    smoker: Mapped[bool] = mapped_column(Boolean, default=False)
    pet_allergy: Mapped[bool] = mapped_column(Boolean, default=False)
    reference_1_on: Mapped[date | None] = mapped_column(Date)
    reference_2_on: Mapped[date | None] = mapped_column(Date)
    dbs_checked_on: Mapped[date | None] = mapped_column(Date)
    dbs_expires_on: Mapped[date | None] = mapped_column(Date)
    trained_on: Mapped[date | None] = mapped_column(Date)
    #: The volunteer's last supervision with the coordinator.
    supervised_on: Mapped[date | None] = mapped_column(Date)
    max_partners: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(CODE), default="enquiry")


class PartnerProfile(Base):
    """What a person referred for citizen advocacy needs of a volunteer: the matching
    profile. Lists are stored as text separated by ";" (lower-case codes or words)."""

    __tablename__ = "partner_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    interests: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(Text, default="")
    required_language: Mapped[str] = mapped_column(String(60), default="")
    preferred_sex: Mapped[str] = mapped_column(String(CODE), default="")
    sex_required: Mapped[bool] = mapped_column(Boolean, default=False)
    available_days: Mapped[str] = mapped_column(String(40), default="")
    has_pets: Mapped[bool] = mapped_column(Boolean, default=False)
    smoke_free_required: Mapped[bool] = mapped_column(Boolean, default=False)
    other_requirement: Mapped[str] = mapped_column(Text, default="")
    ideal_advocate: Mapped[str] = mapped_column(Text, default="")
    #: Waiting for a match since this day (the profile was made).
    waiting_since: Mapped[date] = mapped_column(Date)


class Partnership(Base):
    """A citizen advocate paired with a partner, from proposal to its end."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(CODE), default="proposed")
    proposed_on: Mapped[date] = mapped_column(Date)
    introduced_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(CODE))


class PrioritisationMatrix(Base):
    """One version of the waiting-list matrix; editing it creates a new version."""

    __tablename__ = "prioritisation_matrix"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    #: The criteria and their points, as JSON (see resources/ for the default).
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ReferralScore(Base):
    """A referral's score as it stood at a moment: when it was referred, when its matrix
    answers were revised, when a manager overrode it, when the matrix changed. The
    list itself is always scored afresh for the day it is viewed; these rows are the
    history that shows how a referral came to its place."""

    __tablename__ = "referral_score"
    __table_args__ = (Index("ix_referral_score_referral_recorded", "referral_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The day the score was computed for.
    scored_on: Mapped[date] = mapped_column(Date)
    matrix_version: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    #: Points by criterion, and the matrix answers then, as JSON.
    points: Mapped[str] = mapped_column(Text)
    answers: Mapped[str] = mapped_column(Text)
    incomplete: Mapped[bool] = mapped_column(Boolean)
    #: What prompted it: referred, answers, override, matrix.
    event: Mapped[str] = mapped_column(String(CODE))
    username: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class MonitoringReturn(Base):
    """A quarterly return as it was saved and sent: its figures frozen as JSON, so it
    can be exported again unchanged after later edits to the data."""

    __tablename__ = "monitoring_return"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(12), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))
    suppressed: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The figures, reasons, trend and definitions, as computed when saved.
    snapshot: Mapped[str] = mapped_column(Text)
    #: Summary, themes and up to three anonymised case studies, as JSON.
    narrative: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    exported_as: Mapped[str] = mapped_column(String(200), default="")
    #: The audit trail's head when the return was saved (its events and the hash of the
    #: last), printed on its PDF: a witness of the trail the commissioner holds.
    audit_events: Mapped[int | None] = mapped_column(Integer)
    audit_head: Mapped[str] = mapped_column(String(64), default="")


class AuditEvent(Base):
    """Who did what, when: the start of the audit trail."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    username: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="")
    #: The hash of the event before (see ``domain.audit_chain``), and of this one.
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class SecretKey(Base):
    """A random key kept in the database, never shown or exported: the key of the
    keyed hash that stands for a mistyped user name in the trail (``services.accounts``),
    so repeated attempts with the same text can be recognised without keeping it."""

    __tablename__ = "secret_key"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- consent, the advocate's report, letters and the diary ----------------------------


class Party(Base):
    """Someone a person's information may be shared with: their social worker, GP, a
    care home manager, a member of the family."""

    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(CODE))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Consent(Base):
    """Consent to advocacy involvement, or to share information with one party; a
    withdrawal dates it, never deletes it."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(CODE))  # CONSENT_KIND
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    given_on: Mapped[date] = mapped_column(Date)
    how: Mapped[str] = mapped_column(String(CODE))  # CONSENT_HOW
    #: Why the advocate decided, for a person who cannot instruct.
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_by: Mapped[str] = mapped_column(String(60), default="")


class ConsentAttachment(Base):
    """A signed consent form, scanned: kept in the database so backups hold it."""

    __tablename__ = "consent_attachment"

    consent_id: Mapped[int] = mapped_column(ForeignKey("consent.id"), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class AdvocateReport(Base):
    """The report a case's advocate writes (to an IMCA's decision maker, say)."""

    __tablename__ = "advocate_report"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"), index=True)
    #: 1, 2, ... within the case (``report --report N``).
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(CODE))  # REPORT_KIND
    about: Mapped[str] = mapped_column(Text, default="")
    decision_maker: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    wishes_feelings: Mapped[str] = mapped_column(Text, default="")
    beliefs_values: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[str] = mapped_column(Text, default="")
    views_of_others: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(CODE), default="draft")  # REPORT_STATUS
    created_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ReportSending(Base):
    """A report as it was sent, kept unchanged: when, to whom, and its whole text."""

    __tablename__ = "report_sending"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("advocate_report.id"), index=True)
    sent_on: Mapped[date] = mapped_column(Date)
    sent_to: Mapped[str] = mapped_column(String(300))
    #: The report's fields as sent (JSON).
    content: Mapped[str] = mapped_column(Text)
    sent_by: Mapped[str] = mapped_column(String(60), default="")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Letter(Base):
    """A letter made from a template for a case: the file itself is kept."""

    __tablename__ = "letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"), index=True)
    template: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    #: Who it is addressed to, when a party; and why it went without sharing consent.
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    no_consent_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Appointment(Base):
    """An appointment in an advocate's diary, on a case. Times are the local wall-clock
    times the advocate typed (no time zone: the diary is kept in England)."""

    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_advocate_starts", "advocate_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("advocacy_case.id"), index=True)
    advocate_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(CODE))  # APPOINTMENT_KIND
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The casework entry it was logged as, once it has been.
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))
    created_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
