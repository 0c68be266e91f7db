"""Retention: how long a record is kept, whose record is due for anonymising, and
keeping one past its time.

A record is kept for a settable number of whole years (default 6) after the person's
involvement with the service ended, then offered for anonymising
(:meth:`~RetentionPart.due`). Their involvement ends on the latest of: the day
their last case closed; the day a referral that never became a case was declined or
withdrawn (``status_on``, the day of the decision, or the day it was received if that
was not recorded); the day a citizen advocacy partnership ended; the day their last
appointment in the diary ended. Someone with a case still open, a referral still
waiting, a partnership not yet ended, a citizen advocacy profile but no partnership yet
(they are waiting for a match), or an appointment on the day asked about or later (a
hearing still to come after their case closed, say) is never due.
Someone with no referral, case or partnership at all is counted from the day their
record was made. A manager may keep a record past the period, with a reason and an
optional review date (:meth:`~RetentionPart.keep`); it comes back to the list on
its review date, showing the reason it was kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Appointment,
    Case,
    PartnerProfile,
    Partnership,
    Person,
    Referral,
    RetentionHold,
    utcnow,
)
from advocacy_desk.domain.ages import age_on
from advocacy_desk.domain.data_protection import (
    check_retention_years,
    clean_reason,
    is_past_retention,
)
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.records.data_protection import Hold, RetentionRow
from advocacy_desk.services import audit_writer, settings
from advocacy_desk.services.access import Permission, requires
from advocacy_desk.services.data_protection.base import CURRENT_PARTNERSHIP, DataProtectionPart

#: The setting that holds the retention period, in whole years.
RETENTION_KEY = settings.RETENTION_YEARS

KEEP_REASON_MESSAGE = "Reason: say why the record is kept, for example a safeguarding hold."
REVIEW_MESSAGE = (
    "Review date: choose a day after today, or leave it blank to keep the record until "
    "someone decides otherwise."
)

#: Referral statuses: "waiting" is still open; "declined" and "withdrawn" ended without a
#: case, on ``status_on``; "allocated" became a case (counted by the case instead).
ENDED_WITHOUT_CASE = ("declined", "withdrawn")

_DP = Permission.DATA_PROTECTION


@dataclass
class _Involvement:
    """What the retention clock needs to know about one person."""

    ended_on: date | None = None
    ended_by: str = ""
    open_work: bool = False

    def ended(self, day: date | None, how: str) -> None:
        if day is not None and (self.ended_on is None or day > self.ended_on):
            self.ended_on, self.ended_by = day, how


class RetentionPart(DataProtectionPart):
    """The retention period, the records due for anonymising, and keeping a record."""

    @requires(_DP, what="see the retention period")
    def retention_years(self) -> int:
        """How many whole years a record is kept after the person's involvement ended."""
        with self._uow(read_only=True) as uow:
            return self._years(uow.session)

    @requires(_DP, what="change the retention period")
    def set_retention_years(self, years: int) -> int:
        """Keep records ``years`` whole years (1 to 100); the change is audited."""
        years = check_retention_years(years)
        with self._uow() as uow:
            settings.write(uow.session, self._access, RETENTION_KEY, years)
            uow.commit()
        return years

    @staticmethod
    def _years(session: Session) -> int:
        return settings.read_whole(session, RETENTION_KEY)

    @requires(_DP, what="see the records due for anonymising")
    def due(self, as_of: date | None = None) -> list[RetentionRow]:
        """People not yet anonymised whose involvement ended more than the retention
        period before ``as_of`` (default today), with nothing still open and no hold
        that is still in force; the longest ended first."""
        as_of = as_of or self._today()
        with self._uow(read_only=True) as uow:
            session = uow.session
            years = self._years(session)
            people = session.execute(
                select(Person.id, Person.person_ref, Person.given_name, Person.family_name,
                       Person.created_at)
                .where(Person.anonymised_at.is_(None))
            ).all()  # fmt: skip
            involvement = _involvement(session, as_of)
            holds: dict[int, tuple[str, date | None]] = {
                person_id: (reason, review_on)
                for person_id, reason, review_on in session.execute(
                    select(RetentionHold.person_id, RetentionHold.reason, RetentionHold.review_on)
                )
            }
        rows: list[RetentionRow] = []
        for person_id, ref, given, family, created_at in people:
            known = involvement.get(person_id) or _Involvement()
            if known.open_work:
                continue
            ended_on, ended_by = known.ended_on, known.ended_by
            if ended_on is None:
                ended_on, ended_by = stored_utc(created_at).date(), "record made"
            if not is_past_retention(ended_on, years, as_of):
                continue
            held_reason, review_on = holds.get(person_id, (None, None))
            if held_reason is not None and (review_on is None or review_on > as_of):
                continue
            rows.append(
                RetentionRow(person_id, ref, f"{given} {family}", ended_on, ended_by,
                             age_on(ended_on, as_of), held_reason, review_on)
            )  # fmt: skip
        return sorted(rows, key=lambda r: (r.last_closed_on, r.person_ref))

    @requires(_DP, what="keep records past the retention period")
    def keep(self, person_id: int, reason: str, review_on: date | None = None) -> Hold:
        """Keep the person's record past the retention period, for ``reason``, until
        ``review_on`` (or until someone decides otherwise, if None). Replaces any hold
        already recorded; audited."""
        text = clean_reason(reason, KEEP_REASON_MESSAGE)
        if review_on is not None and review_on <= self._today():
            raise ValidationError({"review_on": REVIEW_MESSAGE})
        with self._uow() as uow:
            session = uow.session
            person = self._person(session, person_id, "keep their record")
            hold = session.scalar(select(RetentionHold).where(RetentionHold.person_id == person_id))
            if hold is None:
                hold = RetentionHold(person_id=person_id)
                session.add(hold)
            hold.reason, hold.review_on = text, review_on
            hold.held_by, hold.held_at = self._user, utcnow()
            audit_writer.record(session, self._user, "keep", "person", person_id,
                                {"reason": text, "review_on": review_on})  # fmt: skip
            uow.commit()
            return Hold(person_id, person.person_ref, text, review_on, self._user)


def _involvement(session: Session, as_of: date) -> dict[int, _Involvement]:
    """For everyone with a referral, case or partnership: when their involvement ended,
    how, and whether any of it is still open on ``as_of`` (see the module's notes)."""
    found: dict[int, _Involvement] = {}

    def of(person_id: int) -> _Involvement:
        return found.setdefault(person_id, _Involvement())

    cases = session.execute(
        select(Referral.person_id, func.max(Case.closed_on),
               func.count().filter(Case.closed_on.is_(None)))
        .join(Referral, Referral.id == Case.referral_id)
        .group_by(Referral.person_id)
    )  # fmt: skip
    for person_id, closed_on, still_open in cases:
        of(person_id).ended(closed_on, "case closed")
        if still_open:
            of(person_id).open_work = True
    referrals = session.execute(
        select(Referral.person_id, Referral.status,
               func.max(func.coalesce(Referral.status_on, Referral.received_on)))
        .group_by(Referral.person_id, Referral.status)
    )  # fmt: skip
    for person_id, status, last in referrals:
        if status == "waiting":
            of(person_id).open_work = True
        elif status in ENDED_WITHOUT_CASE:
            of(person_id).ended(last, f"referral {status}")
    partnerships = session.execute(
        select(Partnership.person_id, func.max(Partnership.ended_on),
               func.count().filter(Partnership.status.in_(CURRENT_PARTNERSHIP)))
        .group_by(Partnership.person_id)
    )  # fmt: skip
    for person_id, ended_on, current in partnerships:
        of(person_id).ended(ended_on, "partnership ended")
        if current:
            of(person_id).open_work = True
    waiting_for_match = session.scalars(
        select(PartnerProfile.person_id).where(
            PartnerProfile.person_id.not_in(select(Partnership.person_id))
        )
    )
    for person_id in waiting_for_match:
        of(person_id).open_work = True
    appointments = session.execute(
        select(Referral.person_id, func.max(Appointment.ends_at))
        .join(Case, Case.referral_id == Referral.id)
        .join(Appointment, Appointment.case_id == Case.id)
        .group_by(Referral.person_id)
    )  # fmt: skip
    for person_id, last_ends_at in appointments:
        if last_ends_at.date() >= as_of:
            of(person_id).open_work = True
        else:
            of(person_id).ended(last_ends_at.date(), "last appointment")
    return found
