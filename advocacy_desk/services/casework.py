"""Casework: caseloads, the casework log, next actions, issues and outcomes, closing
and reopening cases, and hours delivered."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Activity,
    ActivityRevision,
    Case,
    CaseEvent,
    CaseIssue,
    OutcomeFeedback,
    Person,
    Referral,
    Setting,
    StaffUser,
)
from advocacy_desk.domain.casework import (
    MAX_ACTION_LENGTH,
    ActivityDetails,
    Closure,
    Feedback,
    check_closure,
    check_outcome,
    clean_activity,
    clean_issue,
)
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, OUTCOME_QUESTION
from advocacy_desk.records.casework import (
    ActivityRow,
    ActivityVersion,
    CaseEventRow,
    CaseloadRow,
    CaseView,
    HoursRow,
    IssueRow,
    PersonCase,
)
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, NotPermitted, Permission, requires

__all__ = [
    "DRAFT_KEY",
    "MAX_DRAFT",
    "ActivityRow",
    "ActivityVersion",
    "CaseClosed",
    "CaseEventRow",
    "CaseView",
    "CaseloadRow",
    "CaseworkService",
    "HoursRow",
    "IssueRow",
    "PersonCase",
    "delete_drafts",
    "draft_key",
    "read_drafts",
]


class CaseClosed(AdvocacyDeskError):
    """The case is closed: reopen it (with a reason) before changing its work."""


def _person_name(person: Person) -> str:
    return f"{person.given_name} {person.family_name}"


#: Who may read casework (an advocate: their own cases only) and change it.
#: Where a case's unsaved casework entry is kept (beside the settings, though it is not
#: one): the form's fields as JSON.
DRAFT_KEY = "draft.activity.{case_id}"
#: The longest draft kept (a long casework note is under 20,000 characters).
MAX_DRAFT = 100_000


def draft_key(case_id: int) -> str:
    return DRAFT_KEY.format(case_id=case_id)


def read_drafts(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The unsaved drafts kept for ``case_ids``, by case id (subject access lists them)."""
    keys = {draft_key(case_id): case_id for case_id in case_ids}
    if not keys:
        return {}
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(list(keys))))
    return {keys[key]: value for key, value in rows if value}


def delete_drafts(session: Session, case_ids: list[int]) -> int:
    """Forget the unsaved drafts of ``case_ids`` (anonymising removes them); how many."""
    keys = [draft_key(case_id) for case_id in case_ids]
    if not keys:
        return 0
    found = len(list(session.scalars(select(Setting.key).where(Setting.key.in_(keys)))))
    session.execute(delete(Setting).where(Setting.key.in_(keys)))
    return found


_READ = (Permission.CASEWORK_ALL, Permission.CASEWORK_READ, Permission.CASEWORK_OWN)
_CHANGE = (Permission.CASEWORK_ALL, Permission.CASEWORK_OWN)


class CaseworkService(GuardedService):
    # -- caseloads ---------------------------------------------------------------------

    @requires(*_READ, what="see caseloads")
    def my_advocate_id(self) -> int | None:
        """The staff record of whoever is using the app, when they hold a caseload (an
        advocate, or anyone with cases of their own); None for a manager who holds none,
        whose "my" lists are everyone's."""
        identity = self._access.identity
        with self._uow(read_only=True) as uow:
            staff_id = identity.staff_id if identity is not None else None
            if staff_id is None:
                staff_id = self._staff_id(uow.session)
            if staff_id is None or (identity is not None and identity.role == "advocate"):
                return staff_id
            holds = uow.session.scalar(select(Case.id).where(Case.advocate_id == staff_id).limit(1))
            return staff_id if holds is not None else None

    @requires(*_READ, what="see caseloads")
    def caseload(self, advocate_id: int | None = None) -> list[CaseloadRow]:
        """Open cases of one advocate (or of everyone), overdue next actions first, then
        by next action date, then oldest first. An advocate sees their own only."""
        return self._caseload(advocate_id)

    def _whose(self, advocate_id: int | None) -> int | None:
        """The advocate whose cases the caller asks for, as they may see them: an
        advocate their own only (-1, no case, when they hold none); None for everyone's."""
        if self._access.sees_all_cases():
            return advocate_id
        own = self.my_advocate_id()
        if advocate_id is not None and advocate_id != own:
            raise NotPermitted(
                "you can see your own caseload only", "see another advocate's caseload"
            )
        return -1 if own is None else own

    def _caseload(self, advocate_id: int | None, due_by: date | None = None) -> list[CaseloadRow]:
        """The caseload; only the cases with a next action due by ``due_by`` when given,
        chosen in the query (the People page's count of next actions opens the window:
        summing the minutes of every open case only to keep a few would hold it up)."""
        advocate_id = self._whose(advocate_id)
        open_cases = select(Case.id).where(Case.closed_on.is_(None))
        if advocate_id is not None:
            open_cases = open_cases.where(Case.advocate_id == advocate_id)
        if due_by is not None:
            open_cases = open_cases.where(Case.next_action_on <= due_by)
        # Summed for these cases only, through the (case, date) index on activity.
        minutes = (
            select(Activity.case_id, func.sum(Activity.minutes).label("minutes"))
            .where(Activity.case_id.in_(open_cases))
            .group_by(Activity.case_id)
            .subquery()
        )
        query = (
            select(
                Case.id, Case.case_ref, Person.id, Person.person_ref, Person.given_name,
                Person.family_name, Referral.advocacy_type, StaffUser.full_name, Case.opened_on,
                func.coalesce(minutes.c.minutes, 0), Case.next_action, Case.next_action_on,
            )
            .join(Referral, Referral.id == Case.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .join(StaffUser, StaffUser.id == Case.advocate_id)
            .outerjoin(minutes, minutes.c.case_id == Case.id)
            .where(Case.id.in_(open_cases))
        )  # fmt: skip
        today = self._today()
        with self._uow(read_only=True) as uow:
            rows = [
                CaseloadRow(
                    case_id=r[0], case_ref=r[1], person_id=r[2], person_ref=r[3],
                    person_name=f"{r[4]} {r[5]}", advocacy_type=r[6], advocate_name=r[7],
                    opened_on=r[8], minutes=int(r[9]), next_action=r[10], next_action_on=r[11],
                    overdue=r[11] is not None and r[11] < today,
                )
                for r in uow.session.execute(query)
            ]  # fmt: skip
        return sorted(
            rows,
            key=lambda r: (not r.overdue, r.next_action_on or date.max, r.opened_on, r.case_ref),
        )

    @requires(*_READ, what="see caseloads")
    def next_actions(self, advocate_id: int | None, within_days: int = 14) -> list[CaseloadRow]:
        """Open cases with a next action due within ``within_days`` (or overdue)."""
        return self._caseload(advocate_id, self._today() + timedelta(days=within_days))

    @requires(*_READ, what="see caseloads")
    def next_actions_due(self, advocate_id: int | None, within_days: int = 14) -> tuple[int, int]:
        """How many of :meth:`next_actions` there are, and how many of them are overdue,
        counted in the database: the People page shows just these two numbers as the
        window opens, and reading the rows (thousands on a large service) held it up."""
        advocate_id = self._whose(advocate_id)
        today = self._today()
        query = select(
            func.count(Case.id), func.count(Case.id).filter(Case.next_action_on < today)
        ).where(
            Case.closed_on.is_(None),
            Case.next_action_on <= today + timedelta(days=within_days),
        )
        if advocate_id is not None:
            query = query.where(Case.advocate_id == advocate_id)
        with self._uow(read_only=True) as uow:
            due, overdue = uow.session.execute(query).one()
        return int(due), int(overdue)

    # -- one case ----------------------------------------------------------------------

    @requires(*_READ, what="open cases")
    def case(self, case_id: int) -> CaseView:
        """One case in full; the view is written to the audit trail."""
        view = self._case_view(case_id)
        self._access.record("view", "case", view.id, {"ref": view.case_ref})
        return view

    def _case_view(self, case_id: int) -> CaseView:
        with self._uow(read_only=True) as uow:
            session = uow.session
            case = self._case(session, case_id)
            referral, person = case.referral, case.referral.person
            totals = session.execute(
                select(
                    func.coalesce(func.sum(Activity.minutes), 0),
                    func.coalesce(func.sum(Activity.travel_minutes), 0),
                    func.count(Activity.id),
                ).where(Activity.case_id == case.id)
            ).one()
            issues = session.scalars(
                select(CaseIssue).where(CaseIssue.case_id == case.id).order_by(CaseIssue.id)
            )
            events = session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case.id)
                .order_by(CaseEvent.recorded_at, CaseEvent.id)
            )
            feedback = session.scalar(
                select(OutcomeFeedback).where(OutcomeFeedback.case_id == case.id)
            )
            return CaseView(
                id=case.id,
                case_ref=case.case_ref,
                advocate_id=case.advocate_id,
                advocate_name=case.advocate.full_name,
                opened_on=case.opened_on,
                closed_on=case.closed_on,
                closure_reason=case.closure_reason,
                next_action=case.next_action,
                next_action_on=case.next_action_on,
                person_id=person.id,
                person_ref=person.person_ref,
                person_name=_person_name(person),
                person_born=person.date_of_birth,
                referral_id=referral.id,
                referral_ref=referral.referral_ref,
                advocacy_type=referral.advocacy_type,
                referral_received_on=referral.received_on,
                referral_notes=referral.notes,
                minutes=int(totals[0]),
                travel_minutes=int(totals[1]),
                activities=int(totals[2]),
                issues=tuple(
                    IssueRow(i.id, i.category, i.description, i.outcome, i.outcome_on)
                    for i in issues
                ),
                events=tuple(
                    CaseEventRow(e.occurred_on, e.event, e.reason, e.username) for e in events
                ),
                feedback=None
                if feedback is None
                else Feedback(
                    {q: getattr(feedback, q) for q in OUTCOME_QUESTION.codes},
                    feedback.answered_by,
                ),
            )

    @requires(*_READ, what="read casework")
    def activities(self, case_id: int) -> list[ActivityRow]:
        """The casework log, oldest first (as it happened)."""
        with self._uow(read_only=True) as uow:
            self._case(uow.session, case_id)
        revisions = (
            select(ActivityRevision.activity_id, func.count().label("n"))
            .join(Activity, Activity.id == ActivityRevision.activity_id)
            .where(Activity.case_id == case_id)
            .group_by(ActivityRevision.activity_id)
            .subquery()
        )
        query = (
            select(
                Activity.id, Activity.occurred_on, Activity.kind, Activity.minutes,
                Activity.travel_minutes, Activity.note,
                func.coalesce(StaffUser.full_name, ""), func.coalesce(revisions.c.n, 0),
            )
            .outerjoin(StaffUser, StaffUser.id == Activity.advocate_id)
            .outerjoin(revisions, revisions.c.activity_id == Activity.id)
            .where(Activity.case_id == case_id)
            .order_by(Activity.occurred_on, Activity.id)
        )  # fmt: skip
        with self._uow(read_only=True) as uow:
            return [ActivityRow(*row) for row in uow.session.execute(query)]

    # -- drafts: casework typed but not yet saved -------------------------------------------

    @requires(*_READ, what="see casework")
    def draft(self, case_id: int) -> str:
        """The unsaved entry kept for the case (the form's fields as JSON), or "" when
        there is none or the caller may not change the case."""
        with self._uow(read_only=True) as uow:
            case = self._case(uow.session, case_id)
            if not self._access.may_change_case(case.advocate_id):
                return ""
            return read_drafts(uow.session, [case_id]).get(case_id, "")

    @requires(*_CHANGE, what="keep a draft of casework")
    def keep_draft(self, case_id: int, text: str) -> None:
        """Keep what the casework form holds for the case, so nothing typed is lost; ""
        forgets it. Not audited: it is kept only until saved, and the trail would keep
        every keystroke's worth of a note for good. It is personal data all the same:
        subject access lists it and anonymising removes it."""
        if len(text) > MAX_DRAFT:
            raise ValidationError(
                {"note": f"Note: too long to keep as a draft ({len(text):,} characters)."}
            )
        with self._uow() as uow:
            session = uow.session
            self._case(session, case_id, change=True)
            key = draft_key(case_id)
            if text:
                session.merge(Setting(key=key, value=text))
            else:
                session.execute(delete(Setting).where(Setting.key == key))
            uow.commit()

    @requires(*_CHANGE, what="log casework")
    def log_activity(self, case_id: int, details: ActivityDetails) -> ActivityRow:
        with self._uow() as uow:
            session = uow.session
            case = self._open_case(session, case_id)
            clean = clean_activity(details, case.opened_on, self._today())
            activity = Activity(
                case_id=case.id,
                advocate_id=self._staff_id(session) or case.advocate_id,
                occurred_on=clean.occurred_on,
                kind=clean.kind,
                minutes=clean.minutes,
                travel_minutes=clean.travel_minutes,
                note=clean.note,
            )
            session.add(activity)
            session.flush()
            entry = {"case": case.case_ref, **audit_writer.created(dataclasses.asdict(clean))}
            audit_writer.record(session, self._user, "create", "activity", activity.id, entry)
            row = self._activity_row(session, activity)
            uow.commit()
            return row

    @requires(*_CHANGE, what="change casework")
    def edit_activity(self, activity_id: int, details: ActivityDetails) -> ActivityRow:
        """Change an entry; what it said before is kept as a revision."""
        with self._uow() as uow:
            session = uow.session
            activity = session.get(Activity, activity_id)
            if activity is None:
                raise NotFound(f"no activity with id {activity_id}")
            case = self._open_case(session, activity.case_id)
            clean = clean_activity(details, case.opened_on, self._today())
            before = ActivityDetails(
                activity.occurred_on, activity.kind, activity.minutes,
                activity.travel_minutes, activity.note,
            )  # fmt: skip
            if before != clean:
                session.add(
                    ActivityRevision(
                        activity_id=activity.id, occurred_on=before.occurred_on,
                        kind=before.kind, minutes=before.minutes,
                        travel_minutes=before.travel_minutes, note=before.note,
                        replaced_by=self._user,
                    )
                )  # fmt: skip
                activity.occurred_on = clean.occurred_on
                activity.kind = clean.kind
                activity.minutes = clean.minutes
                activity.travel_minutes = clean.travel_minutes
                activity.note = clean.note
                session.flush()
                changed = audit_writer.changes(
                    dataclasses.asdict(before), dataclasses.asdict(clean)
                )
                audit_writer.record(session, self._user, "update", "activity", activity.id,
                                    {"case": case.case_ref, **changed})  # fmt: skip
            row = self._activity_row(session, activity)
            uow.commit()
            return row

    @requires(*_READ, what="read casework")
    def activity_versions(self, activity_id: int) -> list[ActivityVersion]:
        """What an activity said before each edit, newest first."""
        with self._uow(read_only=True) as uow:
            activity = uow.session.get(Activity, activity_id)
            if activity is None:
                raise NotFound(f"no activity with id {activity_id}")
            self._case(uow.session, activity.case_id)
            rows = uow.session.scalars(
                select(ActivityRevision)
                .where(ActivityRevision.activity_id == activity_id)
                .order_by(ActivityRevision.replaced_at.desc(), ActivityRevision.id.desc())
            )
            return [
                ActivityVersion(r.occurred_on, r.kind, r.minutes, r.travel_minutes, r.note,
                                r.replaced_at, r.replaced_by)
                for r in rows
            ]  # fmt: skip

    @requires(*_CHANGE, what="change casework")
    def set_next_action(self, case_id: int, action: str, on: date | None) -> CaseView:
        text = " ".join(action.split())
        errors: dict[str, str] = {}
        if len(text) > MAX_ACTION_LENGTH:
            errors["next_action"] = f"Next action: at most {MAX_ACTION_LENGTH} characters."
        if on is not None and not text:
            errors["next_action"] = "Next action: say what is to be done on that date."
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            case = self._open_case(uow.session, case_id)
            changed = audit_writer.changes(
                {"next_action": case.next_action, "next_action_on": case.next_action_on},
                {"next_action": text, "next_action_on": on},
            )
            case.next_action, case.next_action_on = text, on
            if changed:
                audit_writer.record(uow.session, self._user, "update", "case", case.id, changed)
            uow.commit()
        return self.case(case_id)

    # -- issues and outcomes -----------------------------------------------------------

    @requires(*_CHANGE, what="change casework")
    def add_issue(self, case_id: int, category: str, description: str) -> IssueRow:
        category, text = clean_issue(category, description)
        with self._uow() as uow:
            case = self._open_case(uow.session, case_id)
            issue = CaseIssue(case_id=case.id, category=category, description=text)
            uow.session.add(issue)
            uow.session.flush()
            audit_writer.record(uow.session, self._user, "create", "case_issue", issue.id,
                                {"case": case.case_ref, **audit_writer.created(
                             {"category": category, "description": text})})  # fmt: skip
            row = IssueRow(issue.id, issue.category, issue.description, None, None)
            uow.commit()
            return row

    @requires(*_CHANGE, what="change casework")
    def set_outcome(self, issue_id: int, outcome: str | None, on: date | None = None) -> IssueRow:
        """Record how the issue ended (or, with None, mark it open again)."""
        with self._uow() as uow:
            issue = uow.session.get(CaseIssue, issue_id)
            if issue is None:
                raise NotFound(f"no issue with id {issue_id}")
            case = self._open_case(uow.session, issue.case_id)
            before = {"outcome": issue.outcome, "outcome_on": issue.outcome_on}
            if outcome is None:
                issue.outcome, issue.outcome_on = None, None
            else:
                on = on or self._today()
                check_outcome(outcome, on, case.opened_on, self._today())
                issue.outcome, issue.outcome_on = outcome, on
            changed = audit_writer.changes(
                before, {"outcome": issue.outcome, "outcome_on": issue.outcome_on}
            )
            if changed:
                audit_writer.record(
                    uow.session, self._user, "update", "case_issue", issue.id, changed
                )
            row = IssueRow(issue.id, issue.category, issue.description, issue.outcome,
                           issue.outcome_on)  # fmt: skip
            uow.commit()
            return row

    # -- closing and reopening -----------------------------------------------------------

    @requires(*_CHANGE, what="close cases")
    def close(self, case_id: int, closure: Closure) -> CaseView:
        """Close the case with its reason and the outcome questions. Every issue must
        have an outcome first. The person and their record stay."""
        with self._uow() as uow:
            session = uow.session
            case = self._open_case(session, case_id)
            last = session.scalar(
                select(func.max(Activity.occurred_on)).where(Activity.case_id == case.id)
            )
            open_issues = list(
                session.scalars(
                    select(CaseIssue.description).where(
                        CaseIssue.case_id == case.id, CaseIssue.outcome.is_(None)
                    )
                )
            )
            check_closure(closure, case.opened_on, last, self._today(), open_issues)
            case.closed_on = closure.closed_on
            case.closure_reason = closure.reason
            case.next_action, case.next_action_on = "", None
            feedback = session.scalar(
                select(OutcomeFeedback).where(OutcomeFeedback.case_id == case.id)
            ) or OutcomeFeedback(case_id=case.id)
            for question, answer in closure.feedback.answers.items():
                setattr(feedback, question, answer)
            feedback.answered_by = closure.feedback.answered_by
            feedback.recorded_on = closure.closed_on
            session.add(feedback)
            session.add(
                CaseEvent(case_id=case.id, occurred_on=closure.closed_on, event="closed",
                          reason=closure.reason, username=self._user)
            )  # fmt: skip
            audit_writer.record(session, self._user, "close", "case", case.id,
                                {"reason": closure.reason})  # fmt: skip
            uow.commit()
        return self.case(case_id)

    @requires(*_CHANGE, what="reopen cases")
    def reopen(self, case_id: int, reason: str) -> CaseView:
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": "Reason: say why the case is being reopened."})
        with self._uow() as uow:
            session = uow.session
            case = self._case(session, case_id, change=True)
            if case.closed_on is None:
                raise ValidationError({"reason": f"{case.case_ref} is already open."})
            case.closed_on, case.closure_reason = None, None
            session.add(
                CaseEvent(case_id=case.id, occurred_on=self._today(), event="reopened",
                          reason=reason, username=self._user)
            )  # fmt: skip
            audit_writer.record(session, self._user, "reopen", "case", case.id, {"reason": reason})
            uow.commit()
        return self.case(case_id)

    # -- over time -----------------------------------------------------------------------

    @requires(Permission.CASEWORK_ALL, Permission.CASEWORK_READ, what="see hours by advocate")
    def hours(self, start: date, end: date, by: str = "advocate") -> list[HoursRow]:
        """Time logged from ``start`` to ``end`` (inclusive), per advocate or per
        advocacy type."""
        if end < start:
            raise ValidationError({"end": "The period ends before it starts: swap the dates."})
        group: ColumnElement[str]
        if by == "advocate":
            group = func.coalesce(StaffUser.full_name, "")
        elif by == "advocacy_type":
            group = Referral.advocacy_type.expression
        else:
            raise ValidationError({"by": "Group hours by advocate or by advocacy_type."})
        query = (
            select(
                group, func.sum(Activity.minutes), func.sum(Activity.travel_minutes),
                func.count(Activity.id), func.count(func.distinct(Activity.case_id)),
            )
            .join(Case, Case.id == Activity.case_id)
            .join(Referral, Referral.id == Case.referral_id)
            .outerjoin(StaffUser, StaffUser.id == Activity.advocate_id)
            .where(Activity.occurred_on >= start, Activity.occurred_on <= end)
            .group_by(group)
            .order_by(group)
        )  # fmt: skip
        with self._uow(read_only=True) as uow:
            rows = uow.session.execute(query).all()
        return [
            HoursRow(
                group=key,
                label=ADVOCACY_TYPE.label(key) if by == "advocacy_type" else key,
                minutes=int(m or 0), travel_minutes=int(t or 0), activities=n, cases=c,
            )
            for key, m, t, n, c in rows
        ]  # fmt: skip

    @requires(Permission.PEOPLE_ALL, Permission.PEOPLE_READ, Permission.PEOPLE_OWN,
              Permission.PEOPLE_CITIZEN, what="see a person's cases")  # fmt: skip
    def person_cases(self, person_id: int) -> list[PersonCase]:
        """All of a person's cases, newest first, with hours and issue outcomes."""
        with self._uow(read_only=True) as uow:
            session = uow.session
            self._access.check_person(session, person_id, "see their cases")
            cases = session.scalars(
                select(Case)
                .join(Referral, Referral.id == Case.referral_id)
                .where(Referral.person_id == person_id)
                .order_by(Case.opened_on.desc(), Case.id.desc())
            ).all()
            ids = [c.id for c in cases]
            minutes = dict(
                session.execute(
                    select(Activity.case_id, func.sum(Activity.minutes))
                    .where(Activity.case_id.in_(ids))
                    .group_by(Activity.case_id)
                ).all()
            )
            outcomes: dict[int, list[str]] = {}
            for case_id, outcome in session.execute(
                select(CaseIssue.case_id, CaseIssue.outcome)
                .where(CaseIssue.case_id.in_(ids))
                .order_by(CaseIssue.id)
            ):
                outcomes.setdefault(case_id, []).append(outcome or "open")
            return [
                PersonCase(
                    c.id, c.case_ref, c.referral.referral_ref, c.referral.advocacy_type,
                    c.advocate.full_name, c.opened_on, c.closed_on, c.closure_reason,
                    int(minutes.get(c.id) or 0), tuple(outcomes.get(c.id, [])),
                )
                for c in cases
            ]  # fmt: skip

    # -- helpers -------------------------------------------------------------------------

    def _case(self, session: Session, case_id: int, change: bool = False) -> Case:
        """The case, if the caller may see it (or, with ``change``, change it)."""
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}")
        self._access.check_case(case.advocate_id, change,
                                "change this case" if change else "open this case")  # fmt: skip
        return case

    def _open_case(self, session: Session, case_id: int) -> Case:
        case = self._case(session, case_id, change=True)
        if case.closed_on is not None:
            raise CaseClosed(
                f"{case.case_ref} was closed on {case.closed_on:%d/%m/%Y}: reopen it, with a "
                "reason, before changing its casework"
            )
        return case

    def _staff_id(self, session: Session) -> int | None:
        if not self._user:
            return None
        return session.scalar(select(StaffUser.id).where(StaffUser.username == self._user.lower()))

    @staticmethod
    def _activity_row(session: Session, activity: Activity) -> ActivityRow:
        advocate = session.get(StaffUser, activity.advocate_id) if activity.advocate_id else None
        revisions = session.scalar(
            select(func.count()).where(ActivityRevision.activity_id == activity.id)
        )
        return ActivityRow(
            activity.id, activity.occurred_on, activity.kind, activity.minutes,
            activity.travel_minutes, activity.note,
            advocate.full_name if advocate else "", revisions or 0,
        )  # fmt: skip
