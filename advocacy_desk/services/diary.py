"""The diary: appointments on cases, an advocate's day and week, and the calendar file
Outlook and phones import.

An advocate sees, changes and exports their own diary only; managers (and read-only
staff, for reading) anyone's. Each appointment is on a case the caller may change.
Overlapping another appointment of the same advocate is a warning, never a refusal.
Once an appointment has ended it can be logged as a casework activity, once.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import Appointment, Case, Person, Referral, StaffUser
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.diary import (
    LONDON,
    AppointmentDetails,
    activity_kind,
    clean_appointment,
    covers_day,
    event_title,
    kind_label,
    local,
    minutes_between,
    overlap_warning,
    week_of,
)
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.vocabulary import APPOINTMENT_KIND
from advocacy_desk.records.diary import AppointmentRecord, DueAction, Saved
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, NotPermitted, Permission, requires
from advocacy_desk.services.casework import CaseworkService
from advocacy_desk.services.concurrency import refuse_if_changed

if TYPE_CHECKING:
    from icalendar import Timezone

__all__ = ["AppointmentDetails", "AppointmentRecord", "DiaryService", "DueAction", "Saved"]

PRODID = "-//Advocacy Desk//Diary//EN"
#: Formats :meth:`DiaryService.export` writes.
FORMATS = ("ics", "json")
#: How far back ended appointments are still offered for logging.
LOG_WITHIN_DAYS = 14
#: At most this many overlaps are named in the warnings.
MAX_WARNINGS = 5
NO_CASELOAD = "you hold no caseload: give --advocate USERNAME"

_READ = (Permission.CASEWORK_ALL, Permission.CASEWORK_READ, Permission.CASEWORK_OWN)
_CHANGE = (Permission.CASEWORK_ALL, Permission.CASEWORK_OWN)


class DiaryService(GuardedService):
    # -- whose diary -------------------------------------------------------------------

    @requires(*_READ, what="see the diary")
    def my_diary_id(self) -> int | None:
        """The staff id of the signed-in user when they hold a caseload (an advocate, or
        anyone with cases or appointments of their own); None otherwise."""
        with self._uow(read_only=True) as uow:
            return self._default_advocate(uow.session)

    # -- reading -----------------------------------------------------------------------

    @requires(*_READ, what="see the diary")
    def appointment(self, appointment_id: int) -> AppointmentRecord:
        with self._uow(read_only=True) as uow:
            appointment = self._appointment(uow.session, appointment_id)
            self._check_diary(uow.session, appointment.advocate_id, what="see it")
            return self._records(uow.session, Appointment.id == appointment_id)[0]

    @requires(*_READ, what="see the diary")
    def day(self, advocate_id: int | None, on: date) -> list[AppointmentRecord]:
        """The appointments taking up some of ``on``, earliest first: one advocate's
        (None: everyone's for managers, one's own for an advocate)."""
        return self.between(advocate_id, on, on)

    @requires(*_READ, what="see the diary")
    def week(self, advocate_id: int | None, any_day: date) -> dict[date, list[AppointmentRecord]]:
        """Monday to Sunday of the week holding ``any_day``, each day's appointments."""
        days = week_of(any_day)
        found = self.between(advocate_id, days[0], days[-1])
        return {d: [r for r in found if covers_day(r.starts_at, r.ends_at, d)] for d in days}

    @requires(*_READ, what="see the diary")
    def actions_due(self, advocate_id: int | None, start: date, end: date) -> list[DueAction]:
        """The next actions of open cases due on the days ``start`` to ``end``
        (inclusive), by day and case: one advocate's cases (None: everyone's for
        managers, one's own for an advocate). The same diary rules as appointments."""
        with self._uow(read_only=True) as uow:
            session = uow.session
            advocate_id = self._whose(session, advocate_id)
            query = (
                select(Case.id, Case.case_ref, Person.given_name, Person.family_name,
                       Case.advocate_id, StaffUser.full_name, Case.next_action,
                       Case.next_action_on)
                .join(Referral, Referral.id == Case.referral_id)
                .join(Person, Person.id == Referral.person_id)
                .join(StaffUser, StaffUser.id == Case.advocate_id)
                .where(Case.closed_on.is_(None), Case.next_action_on >= start,
                       Case.next_action_on <= end)
                .order_by(Case.next_action_on, Case.case_ref)
            )  # fmt: skip
            if advocate_id is not None:
                query = query.where(Case.advocate_id == advocate_id)
            today = self._today()
            return [
                DueAction(case_id, ref, f"{given} {family}", advocate, advocate_name,
                          action, due_on, due_on < today)
                for case_id, ref, given, family, advocate, advocate_name, action, due_on
                in session.execute(query)
                if due_on is not None  # the query asks for dates; this tells mypy
            ]  # fmt: skip

    def _whose(self, session: Session, advocate_id: int | None) -> int | None:
        """Whose diary a read covers: ``advocate_id``'s once checked; for None, everyone's
        for those who see every case, else the user's own (-1, no one's, for a user
        with no caseload)."""
        if advocate_id is None and not self._access.sees_all_cases():
            me = self._me(session)
            advocate_id = -1 if me is None else me
        if advocate_id is not None:
            self._check_diary(session, advocate_id, what="see it")
        return advocate_id

    @requires(*_READ, what="see the diary")
    def today(self, advocate_id: int | None = None) -> list[AppointmentRecord]:
        """Today's appointments for the home screen: the given advocate's, else the
        signed-in user's own when they hold a caseload, else (managers) everyone's."""
        if advocate_id is None:
            advocate_id = self.my_diary_id()
        return self.day(advocate_id, self._today())

    @requires(*_READ, what="see the diary")
    def between(self, advocate_id: int | None, start: date, end: date) -> list[AppointmentRecord]:
        """Appointments taking up some of the days ``start`` to ``end`` (inclusive)."""
        with self._uow(read_only=True) as uow:
            session = uow.session
            advocate_id = self._whose(session, advocate_id)
            return self._period(session, advocate_id, start, end)

    @requires(*_READ, what="see the diary")
    def to_log(
        self, now: datetime | None = None, within_days: int = LOG_WITHIN_DAYS
    ) -> list[AppointmentRecord]:
        """The caller's own appointments that have ended (in the last ``within_days``
        days), on open cases, and are not yet logged as casework; earliest first."""
        now = local(now) if now is not None else self._now()
        with self._uow(read_only=True) as uow:
            me = self._me(uow.session)
            if me is None:
                return []
            return self._records(
                uow.session,
                Appointment.advocate_id == me,
                Appointment.activity_id.is_(None),
                Appointment.ends_at <= now,
                Appointment.ends_at >= now - timedelta(days=within_days),
                Case.closed_on.is_(None),
            )

    # -- writing -----------------------------------------------------------------------

    @requires(*_CHANGE, what="add appointments")
    def add(self, details: AppointmentDetails, advocate_id: int | None = None) -> Saved:
        """Put an appointment in the diary of ``advocate_id`` (default: the case's
        advocate). Overlaps come back as warnings; the appointment is saved anyway."""
        with self._uow() as uow:
            session = uow.session
            case = self._case(session, details.case_id, "add appointments to this case")
            advocate = self._staff(session, advocate_id or case.advocate_id)
            self._check_diary(session, advocate.id, change=True,
                              what="add appointments to it")  # fmt: skip
            clean = self._clean(details, case)
            appointment = Appointment(
                case_id=case.id, advocate_id=advocate.id, kind=clean.kind,
                starts_at=clean.starts_at, ends_at=clean.ends_at, place=clean.place,
                attendees=clean.attendees, notes=clean.notes, created_by=self._user,
            )  # fmt: skip
            session.add(appointment)
            session.flush()
            entry = {"case": case.case_ref, "advocate": advocate.username,
                     **audit_writer.created(_audited(clean))}  # fmt: skip
            audit_writer.record(session, self._user, "create", "appointment", appointment.id, entry)
            saved = Saved(
                self._records(session, Appointment.id == appointment.id)[0],
                self._overlaps(session, appointment),
            )
            uow.commit()
            return saved

    @requires(*_CHANGE, what="add appointments")
    def check(
        self,
        details: AppointmentDetails,
        advocate_id: int | None = None,
        appointment_id: int | None = None,
    ) -> tuple[str, ...]:
        """What saving would say, saving nothing: ``ValidationError`` for bad details,
        else the overlaps to warn of (a new appointment, or ``appointment_id`` changed)."""
        with self._uow(read_only=True) as uow:
            session = uow.session
            if appointment_id is not None:
                appointment = self._appointment(session, appointment_id)
                advocate_id = appointment.advocate_id
            case = self._case(session, details.case_id, "add appointments to this case")
            advocate = self._staff(session, advocate_id or case.advocate_id)
            self._check_diary(session, advocate.id, change=True, what="add appointments to it")
            clean = self._clean(details, case)
            return self._overlapping(session, advocate.id, clean.starts_at, clean.ends_at,
                                     appointment_id)  # fmt: skip

    @requires(*_CHANGE, what="change appointments")
    def update(
        self,
        appointment_id: int,
        details: AppointmentDetails,
        *,
        opened: AppointmentRecord | None = None,
    ) -> Saved:
        """Change an appointment not yet logged as casework; overlaps are warnings.
        ``opened`` is the record the form was opened from: if someone else has saved the
        appointment since, nothing is saved and :class:`EditConflict` says what they
        changed (None: no check)."""
        with self._uow() as uow:
            session = uow.session
            appointment = self._appointment(session, appointment_id)
            self._check_diary(session, appointment.advocate_id, change=True,
                              what="change its appointments")  # fmt: skip
            if appointment.activity_id is not None:
                raise AdvocacyDeskError(
                    "this appointment is already logged as casework: change the log entry instead"
                )
            current = self._case(session, appointment.case_id, "change this case's appointments")
            before = {"case": current.case_ref, **_audited(_details_of(appointment))}
            if opened is not None:
                refuse_if_changed(
                    session, what="this appointment", entity="appointment",
                    entity_id=appointment.id, opened_version=opened.version,
                    current_version=appointment.version,
                    opened={"case": opened.case_ref, **_audited(opened.details())},
                    current=before, codes={"kind": APPOINTMENT_KIND},
                )  # fmt: skip
            case = current
            if details.case_id != appointment.case_id:
                case = self._case(session, details.case_id, "add appointments to this case")
            clean = self._clean(details, case)
            after = {"case": case.case_ref, **_audited(clean)}
            changed = audit_writer.changes(before, after)
            if changed:
                appointment.case_id = case.id
                appointment.kind = clean.kind
                appointment.starts_at, appointment.ends_at = clean.starts_at, clean.ends_at
                appointment.place = clean.place
                appointment.attendees, appointment.notes = clean.attendees, clean.notes
                session.flush()
                audit_writer.record(session, self._user, "update", "appointment", appointment.id,
                                    {"case": case.case_ref, **changed})  # fmt: skip
            saved = Saved(
                self._records(session, Appointment.id == appointment.id)[0],
                self._overlaps(session, appointment),
            )
            uow.commit()
            return saved

    @requires(*_CHANGE, what="delete appointments")
    def delete(self, appointment_id: int) -> None:
        """Take an appointment out of the diary (only before it is logged as casework)."""
        with self._uow() as uow:
            session = uow.session
            appointment = self._appointment(session, appointment_id)
            self._check_diary(session, appointment.advocate_id, change=True,
                              what="delete its appointments")  # fmt: skip
            case = self._case(session, appointment.case_id, "change this case's appointments")
            if appointment.activity_id is not None:
                raise AdvocacyDeskError(
                    "this appointment is logged as casework, so it stays in the diary"
                )
            was = {"case": case.case_ref, **_audited(_details_of(appointment))}
            session.delete(appointment)
            audit_writer.record(session, self._user, "delete", "appointment", appointment_id,
                                {key: [value, None] for key, value in was.items()
                          if value not in (None, "")})  # fmt: skip
            uow.commit()

    @requires(*_CHANGE, what="log casework")
    def log_as_activity(self, appointment_id: int, note: str = "", minutes: int | None = None
                        ) -> int:  # fmt: skip
        """Log the appointment as a casework activity on its case (its date, the kind of
        activity it maps to, its length unless ``minutes`` says otherwise) and link the
        two; refused once it has been logged. Returns the activity's id."""
        with self._uow(read_only=True) as uow:
            appointment = self._appointment(uow.session, appointment_id)
            self._check_diary(uow.session, appointment.advocate_id, change=True,
                              what="log its appointments")  # fmt: skip
            self._refuse_logged(appointment)
            details = ActivityDetails(
                appointment.starts_at.date(),
                activity_kind(appointment.kind),
                minutes_between(appointment.starts_at, appointment.ends_at)
                if minutes is None
                else minutes,
                travel_minutes=0,
                note=note,
            )
            case_id = appointment.case_id
        activity = CaseworkService(self._uow, self._access, self._today).log_activity(
            case_id, details
        )
        with self._uow() as uow:
            appointment = self._appointment(uow.session, appointment_id)
            self._refuse_logged(appointment)
            appointment.activity_id = activity.id
            case_ref = uow.session.scalar(select(Case.case_ref).where(Case.id == case_id))
            audit_writer.record(uow.session, self._user, "log", "appointment", appointment.id,
                                {"case": case_ref, "activity_id": [None, activity.id]})  # fmt: skip
            uow.commit()
        return activity.id

    # -- the calendar file -------------------------------------------------------------

    @requires(*_READ, what="export the diary")
    def export(
        self,
        advocate_username: str | None,
        start: date,
        end: date,
        fmt: str,
        with_names: bool = False,
    ) -> str:
        """One advocate's appointments from ``start`` to ``end`` (inclusive) as an
        iCalendar file ("ics") or JSON ("json"). Titles hold the case reference and the
        kind; the person's name, who else attends and the notes only ``with_names``.
        ``advocate_username`` None: the signed-in user's own diary."""
        if fmt not in FORMATS:
            raise ValidationError({"format": f"Format: choose {' or '.join(FORMATS)}."})
        if end < start:
            raise ValidationError({"end": "To: the period ends before it starts; swap the dates."})
        with self._uow(read_only=True) as uow:
            session = uow.session
            if advocate_username is None:
                advocate_id = self._default_advocate(session)
                if advocate_id is None:
                    raise AdvocacyDeskError(NO_CASELOAD)
                advocate = self._staff(session, advocate_id)
            else:
                name = advocate_username.strip().lower()
                found = session.scalar(select(StaffUser).where(StaffUser.username == name))
                if found is None:
                    raise NotFound(f"no advocate called '{advocate_username.strip()}'")
                advocate = found
            self._check_diary(session, advocate.id, what="export it")
            records = self._period(session, advocate.id, start, end)
            username, advocate_id = advocate.username, advocate.id
        if fmt == "ics":
            text = _calendar(records, with_names, datetime.now(UTC))
        else:
            text = json.dumps([_json(r, with_names) for r in records], indent=2) + "\n"
        self._access.record(
            "export", "diary", advocate_id,
            {"advocate": username, "from": start.isoformat(), "to": end.isoformat(),
             "format": fmt, "appointments": len(records), "with_names": with_names},
        )  # fmt: skip
        return text

    # -- helpers -----------------------------------------------------------------------

    def _now(self) -> datetime:
        """Now in England, on the services' today (a fixed date in tests)."""
        return datetime.combine(self._today(), datetime.now(LONDON).time()).replace(
            second=0, microsecond=0
        )

    def _me(self, session: Session) -> int | None:
        identity = self._access.identity
        if identity is not None and identity.staff_id is not None:
            return identity.staff_id
        if not self._user:
            return None
        return session.scalar(select(StaffUser.id).where(StaffUser.username == self._user.lower()))

    def _default_advocate(self, session: Session) -> int | None:
        me = self._me(session)
        if me is None:
            return None
        staff = session.get(StaffUser, me)
        if staff is not None and staff.role == "advocate":
            return me
        holds = session.scalar(
            select(
                or_(exists().where(Case.advocate_id == me),
                    exists().where(Appointment.advocate_id == me))
            )
        )  # fmt: skip
        return me if holds else None

    def _check_diary(
        self, session: Session, advocate_id: int, *, change: bool = False, what: str
    ) -> None:
        """Refuse another advocate's diary to an advocate (managers may see and change
        anyone's)."""
        if change:
            if self._access.can(Permission.CASEWORK_ALL):
                return
        elif self._access.sees_all_cases():
            return
        if self._access.can(Permission.CASEWORK_OWN) and self._me(session) == advocate_id:
            return
        raise NotPermitted(f"this is another advocate's diary, so you cannot {what}", what)

    def _case(self, session: Session, case_id: int, what: str) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}")
        self._access.check_case(case.advocate_id, change=True, what=what)
        return case

    def _clean(self, details: AppointmentDetails, case: Case) -> AppointmentDetails:
        """The details tidied, every problem (the case's too) named by its field."""
        errors: dict[str, str] = {}
        clean = details
        try:
            clean = clean_appointment(details)
        except ValidationError as exc:
            errors.update(exc.errors)
        if case.closed_on is not None:
            errors["case_id"] = (
                f"Case: {case.case_ref} was closed on {format_uk(case.closed_on)}; reopen it "
                "before adding appointments to it."
            )
        elif "starts_at" not in errors and local(details.starts_at).date() < case.opened_on:
            errors["starts_at"] = (
                f"Starts: {case.case_ref} opened on {format_uk(case.opened_on)}; check the date."
            )
        if errors:
            raise ValidationError(errors)
        return clean

    @staticmethod
    def _staff(session: Session, staff_id: int) -> StaffUser:
        staff = session.get(StaffUser, staff_id)
        if staff is None:
            raise NotFound(f"no member of staff with id {staff_id}")
        return staff

    @staticmethod
    def _appointment(session: Session, appointment_id: int) -> Appointment:
        appointment = session.get(Appointment, appointment_id)
        if appointment is None:
            raise NotFound(f"no appointment with id {appointment_id}")
        return appointment

    @staticmethod
    def _refuse_logged(appointment: Appointment) -> None:
        if appointment.activity_id is not None:
            raise AdvocacyDeskError("this appointment is already logged as casework")

    def _overlaps(self, session: Session, appointment: Appointment) -> tuple[str, ...]:
        return self._overlapping(session, appointment.advocate_id, appointment.starts_at,
                                 appointment.ends_at, appointment.id)  # fmt: skip

    def _overlapping(
        self, session: Session, advocate_id: int, starts_at: datetime, ends_at: datetime,
        leave_out: int | None,
    ) -> tuple[str, ...]:  # fmt: skip
        """A warning for each other appointment of the advocate sharing some time."""
        others = self._records(
            session,
            Appointment.advocate_id == advocate_id,
            Appointment.id != (leave_out or -1),
            Appointment.starts_at < ends_at,
            Appointment.ends_at > starts_at,
        )
        warnings = [overlap_warning(o.case_ref, o.kind, o.starts_at, o.ends_at) for o in others]
        if len(warnings) > MAX_WARNINGS:
            warnings[MAX_WARNINGS:] = [f"…and {len(warnings) - MAX_WARNINGS} more overlaps."]
        return tuple(warnings)

    def _period(
        self, session: Session, advocate_id: int | None, start: date, end: date
    ) -> list[AppointmentRecord]:
        where = [
            Appointment.starts_at < datetime.combine(end + timedelta(days=1), time.min),
            Appointment.ends_at > datetime.combine(start, time.min),
        ]
        if advocate_id is not None:
            where.append(Appointment.advocate_id == advocate_id)
        return self._records(session, *where)

    @staticmethod
    def _records(session: Session, *where: ColumnElement[bool]) -> list[AppointmentRecord]:
        query = (
            select(
                Appointment, Case.case_ref, Case.closed_on, Person.given_name,
                Person.family_name, StaffUser.username, StaffUser.full_name,
            )
            .join(Case, Case.id == Appointment.case_id)
            .join(Referral, Referral.id == Case.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .join(StaffUser, StaffUser.id == Appointment.advocate_id)
            .where(*where)
            .order_by(Appointment.starts_at, Appointment.ends_at, Appointment.id)
        )  # fmt: skip
        return [
            AppointmentRecord(
                id=a.id, case_id=a.case_id, case_ref=ref, person_name=f"{given} {family}",
                advocate_id=a.advocate_id, advocate_username=username, advocate_name=full_name,
                kind=a.kind, starts_at=a.starts_at, ends_at=a.ends_at, place=a.place,
                attendees=a.attendees, notes=a.notes, activity_id=a.activity_id,
                case_open=closed_on is None, version=a.version,
            )
            for a, ref, closed_on, given, family, username, full_name in session.execute(query)
        ]  # fmt: skip


def _details_of(appointment: Appointment) -> AppointmentDetails:
    return AppointmentDetails(appointment.case_id, appointment.kind, appointment.starts_at,
                              appointment.ends_at, appointment.place, appointment.attendees,
                              appointment.notes)  # fmt: skip


def _audited(details: AppointmentDetails) -> dict[str, Any]:
    values = dataclasses.asdict(details)
    del values["case_id"]
    values["starts_at"] = details.starts_at.isoformat(timespec="minutes")
    values["ends_at"] = details.ends_at.isoformat(timespec="minutes")
    return values


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=LONDON)


def _london() -> Timezone:
    """Europe/London with the rules since 1996 (last Sundays of March and October), so
    calendars that do not know the zone by name show the right times, in any year."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime.combine(date(1970, 3, 29), time(1, 0)))
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime.combine(date(1970, 10, 25), time(2, 0)))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(records: Sequence[AppointmentRecord], with_names: bool, stamp: datetime) -> str:
    # Imported here, for a calendar file only: the People page's "today" line uses this
    # service as the window opens, and icalendar takes a while to load.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Advocacy Desk diary")
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(_london())
    for record in records:
        event = Event()
        event.add("uid", f"appointment-{record.id}@advocacy-desk")
        event.add("dtstamp", stamp)
        event.add("sequence", record.version - 1)
        event.add("dtstart", _aware(record.starts_at))
        event.add("dtend", _aware(record.ends_at))
        event.add("summary", event_title(record.case_ref, record.kind,
                                         record.person_name if with_names else ""))  # fmt: skip
        if record.place:
            event.add("location", record.place)
        event.add("categories", [kind_label(record.kind)])
        if with_names:
            parts = []
            if record.attendees:
                parts.append(f"Who else attends: {record.attendees}")
            if record.notes:
                parts.append(record.notes)
            if parts:
                event.add("description", "\n\n".join(parts))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _json(record: AppointmentRecord, with_names: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": record.id,
        "case_ref": record.case_ref,
        "kind": record.kind,
        "kind_label": kind_label(record.kind),
        "starts_at": _aware(record.starts_at).isoformat(),
        "ends_at": _aware(record.ends_at).isoformat(),
        "minutes": record.minutes,
        "place": record.place,
        "advocate": record.advocate_username,
        "logged": record.logged,
    }
    if with_names:
        item["person_name"] = record.person_name
        item["attendees"] = record.attendees
        item["notes"] = record.notes
    return item
