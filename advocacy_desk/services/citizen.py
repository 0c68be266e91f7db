"""Citizen advocacy: volunteers, partners' matching profiles, and partnerships from
proposal to end, with the checks that fall due and the programme's figures."""

from __future__ import annotations

import dataclasses
import statistics
from datetime import date, timedelta

from sqlalchemy import func, select

from advocacy_desk.db.models import PartnerProfile, Partnership, Person, Volunteer
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.matching import RULE_TEXT, evaluate
from advocacy_desk.domain.postcodes import outward_code
from advocacy_desk.domain.references import VOLUNTEER
from advocacy_desk.domain.vocabulary import PARTNERSHIP_END_REASON
from advocacy_desk.domain.volunteers import (
    CURRENT,
    DUE_WITHIN_DAYS,
    SUPERVISION_EVERY_DAYS,
    PartnerProfileDetails,
    VolunteerDetails,
    clean_profile,
    clean_volunteer,
    next_review,
)
from advocacy_desk.records.citizen import (
    CitizenFigures,
    DueItem,
    PartnershipRecord,
    PersonCitizen,
    Saved,
    VolunteerRecord,
)
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.matching import MatchingService, district_centres
from advocacy_desk.services.references import next_ref

__all__ = [
    "NEXT_STATUS",
    "CitizenFigures",
    "CitizenService",
    "DueItem",
    "PartnershipRecord",
    "PersonCitizen",
    "Saved",
    "VolunteerRecord",
]

_VOLUNTEER_FIELDS = tuple(f.name for f in dataclasses.fields(VolunteerDetails))
_PROFILE_FIELDS = tuple(f.name for f in dataclasses.fields(PartnerProfileDetails))
#: Where a partnership may go next.
NEXT_STATUS = {"proposed": "introduced", "introduced": "active"}


class CitizenService(GuardedService):
    # -- volunteers ------------------------------------------------------------------

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy records")
    def volunteers(self) -> list[VolunteerRecord]:
        with self._uow() as uow:
            held = self._held(uow.session)
            rows = uow.session.scalars(select(Volunteer).order_by(Volunteer.volunteer_ref))
            return [self._record(v, held.get(v.id, 0)) for v in rows]

    @requires(Permission.CITIZEN_MANAGE, what="change citizen advocacy records")
    def add_volunteer(self, details: VolunteerDetails) -> Saved:
        clean = clean_volunteer(details, self._today())
        with self._uow() as uow:
            volunteer = Volunteer(
                volunteer_ref=next_ref(uow.session, Volunteer.volunteer_ref, VOLUNTEER),
                **dataclasses.asdict(clean),
            )
            uow.session.add(volunteer)
            uow.session.flush()
            audit_writer.record(uow.session, self._user, "create", "volunteer", volunteer.id,
                                {"ref": volunteer.volunteer_ref})  # fmt: skip
            record = self._record(volunteer, 0)
            uow.commit()
        return Saved(record, _postcode_warnings(clean.postcode))

    @requires(Permission.CITIZEN_MANAGE, what="change citizen advocacy records")
    def update_volunteer(self, volunteer_id: int, details: VolunteerDetails) -> Saved:
        clean = clean_volunteer(details, self._today())
        with self._uow() as uow:
            volunteer = uow.session.get(Volunteer, volunteer_id)
            if volunteer is None:
                raise NotFound(f"no volunteer with id {volunteer_id}")
            before = {name: getattr(volunteer, name) for name in _VOLUNTEER_FIELDS}
            changed = audit_writer.changes(before, dataclasses.asdict(clean))
            for name, value in dataclasses.asdict(clean).items():
                setattr(volunteer, name, value)
            if changed:
                audit_writer.record(uow.session, self._user, "update", "volunteer", volunteer.id,
                                    changed)  # fmt: skip
            record = self._record(volunteer, self._held(uow.session).get(volunteer.id, 0))
            uow.commit()
        return Saved(record, _postcode_warnings(clean.postcode))

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy records")
    def due(self, within_days: int = DUE_WITHIN_DAYS) -> list[DueItem]:
        """Active and in-training volunteers whose DBS renewal, training or supervision
        falls due within ``within_days`` (or is overdue), soonest first."""
        horizon = self._today() + timedelta(days=within_days)
        items: list[DueItem] = []
        with self._uow(read_only=True) as uow:
            rows = uow.session.scalars(
                select(Volunteer).where(Volunteer.status.in_(("active", "in_training")))
            )
            for v in rows:
                name = f"{v.given_name} {v.family_name}"
                if v.dbs_expires_on is None or v.dbs_expires_on <= horizon:
                    items.append(DueItem(v.volunteer_ref, name, "DBS renewal",
                                         v.dbs_expires_on or self._today()))  # fmt: skip
                if v.trained_on is None:
                    items.append(DueItem(v.volunteer_ref, name, "preparation training",
                                         self._today()))  # fmt: skip
                if v.status == "active":
                    supervision = (v.supervised_on + timedelta(days=SUPERVISION_EVERY_DAYS)
                                   if v.supervised_on else self._today())  # fmt: skip
                    if supervision <= horizon:
                        items.append(DueItem(v.volunteer_ref, name, "supervision", supervision))
        return sorted(items, key=lambda i: (i.due_on, i.volunteer_ref, i.what))

    # -- partners' profiles ----------------------------------------------------------

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy records")
    def profile(self, person_id: int) -> PartnerProfileDetails | None:
        with self._uow(read_only=True) as uow:
            row = uow.session.scalar(
                select(PartnerProfile).where(PartnerProfile.person_id == person_id)
            )
            if row is None:
                return None
            return PartnerProfileDetails(**{n: getattr(row, n) for n in _PROFILE_FIELDS})

    @requires(
        Permission.CITIZEN_READ,
        Permission.PEOPLE_ALL,
        Permission.PEOPLE_READ,
        Permission.PEOPLE_OWN,
        Permission.PEOPLE_CITIZEN,
        what="see citizen advocacy records",
    )
    def for_person(self, person_id: int) -> PersonCitizen:
        """One person's matching profile and partnerships, for their record."""
        with self._uow(read_only=True) as uow:
            if not self._access.can(Permission.CITIZEN_READ):
                self._access.check_person(uow.session, person_id, "see their citizen advocacy")
            since = uow.session.execute(
                select(PartnerProfile.waiting_since).where(PartnerProfile.person_id == person_id)
            ).first()
        return PersonCitizen(
            since is not None, since[0] if since else None, tuple(self._partnerships(person_id))
        )

    @requires(Permission.CITIZEN_MANAGE, what="change citizen advocacy records")
    def set_profile(self, person_id: int, details: PartnerProfileDetails) -> PartnerProfileDetails:
        """Record what the partner needs of a volunteer; they wait for a match from the
        day the profile is first made."""
        clean = clean_profile(details)
        with self._uow() as uow:
            if uow.session.get(Person, person_id) is None:
                raise NotFound(f"no person with id {person_id}")
            row = uow.session.scalar(
                select(PartnerProfile).where(PartnerProfile.person_id == person_id)
            )
            if row is None:
                row = PartnerProfile(person_id=person_id, waiting_since=self._today())
                uow.session.add(row)
            for name, value in dataclasses.asdict(clean).items():
                setattr(row, name, value)
            audit_writer.record(uow.session, self._user, "update", "partner_profile", person_id)
            uow.commit()
        return clean

    # -- partnerships ------------------------------------------------------------------

    @requires(Permission.CITIZEN_MANAGE, what="change citizen advocacy records")
    def accept(self, volunteer_ref: str, person_ref: str, on: date | None = None) -> int:
        """Accept a proposed pair: a partnership in "proposed". The hard rules are
        checked again for the day, and never broken."""
        on = on or self._today()
        volunteers, partners = MatchingService(self._uow, self._access, self._today).facts(on)
        v = next((i for i, f in enumerate(volunteers) if f.ref == volunteer_ref), None)
        p = next((i for i, f in enumerate(partners) if f.ref == person_ref), None)
        if v is None:
            raise ValidationError({"volunteer": f"no volunteer {volunteer_ref}"})
        if p is None:
            raise ValidationError(
                {"person": f"{person_ref} is not waiting for a match (no profile, or already "
                           "in a partnership)"}
            )  # fmt: skip
        rule = evaluate([volunteers[v]], [partners[p]]).rule(0, 0)
        if rule is not None:
            raise ValidationError({"volunteer": f"Cannot pair them: {RULE_TEXT[rule]}."})
        with self._uow() as uow:
            volunteer_id = uow.session.scalar(
                select(Volunteer.id).where(Volunteer.volunteer_ref == volunteer_ref)
            )
            person_id = uow.session.scalar(select(Person.id).where(Person.person_ref == person_ref))
            partnership = Partnership(volunteer_id=volunteer_id, person_id=person_id,
                                      status="proposed", proposed_on=on)  # fmt: skip
            uow.session.add(partnership)
            uow.session.flush()
            audit_writer.record(uow.session, self._user, "propose", "partnership", partnership.id,
                                {"volunteer": volunteer_ref, "person": person_ref})  # fmt: skip
            uow.commit()
            return partnership.id

    @requires(Permission.CITIZEN_MANAGE, what="change citizen advocacy records")
    def advance(self, partnership_id: int, on: date | None = None) -> PartnershipRecord:
        """Proposed -> introduced -> active, dated."""
        on = on or self._today()
        with self._uow() as uow:
            row = self._partnership(uow.session, partnership_id)
            following = NEXT_STATUS.get(row.status)
            if following is None:
                raise ValidationError({"status": f"A partnership {row.status} cannot move on."})
            last = row.introduced_on or row.proposed_on
            if on < last or on > self._today():
                raise ValidationError({"on": "The date must be between the last step and today."})
            row.status = following
            if following == "introduced":
                row.introduced_on = on
            else:
                row.started_on = on
            audit_writer.record(uow.session, self._user, following, "partnership", row.id)
            uow.commit()
        return self.partnership(partnership_id)

    @requires(Permission.CITIZEN_MANAGE, what="change citizen advocacy records")
    def end(self, partnership_id: int, reason: str, on: date | None = None) -> PartnershipRecord:
        on = on or self._today()
        if reason not in PARTNERSHIP_END_REASON:
            raise ValidationError(
                {"end_reason": f"Reason: choose one of {', '.join(PARTNERSHIP_END_REASON.codes)}."}
            )
        with self._uow() as uow:
            row = self._partnership(uow.session, partnership_id)
            if row.status == "ended":
                raise ValidationError({"status": "This partnership has already ended."})
            if on < row.proposed_on or on > self._today():
                raise ValidationError({"ended_on": "The end date must be between the "
                                                   "proposal and today."})  # fmt: skip
            row.status, row.ended_on, row.end_reason = "ended", on, reason
            audit_writer.record(uow.session, self._user, "end", "partnership", row.id,
                                {"reason": reason})  # fmt: skip
            uow.commit()
        return self.partnership(partnership_id)

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy records")
    def partnership(self, partnership_id: int) -> PartnershipRecord:
        return next(p for p in self.partnerships() if p.id == partnership_id)

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy records")
    def partnerships(self, person_id: int | None = None) -> list[PartnershipRecord]:
        return self._partnerships(person_id)

    def _partnerships(self, person_id: int | None = None) -> list[PartnershipRecord]:
        """Every partnership (or one person's), oldest first."""
        today = self._today()
        with self._uow(read_only=True) as uow:
            query = (
                select(Partnership, Volunteer, Person)
                .join(Volunteer, Volunteer.id == Partnership.volunteer_id)
                .join(Person, Person.id == Partnership.person_id)
                .order_by(Partnership.id)
            )
            if person_id is not None:
                query = query.where(Partnership.person_id == person_id)
            rows = uow.session.execute(query).all()
            return [
                PartnershipRecord(
                    p.id, v.volunteer_ref, f"{v.given_name} {v.family_name}", person.person_ref,
                    f"{person.given_name} {person.family_name}", p.status, p.proposed_on,
                    p.introduced_on, p.started_on, p.ended_on, p.end_reason,
                    next_review(p.started_on, today)
                    if p.status == "active" and p.started_on else None,
                )
                for p, v, person in rows
            ]  # fmt: skip

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy records")
    def figures(self, as_of: date | None = None) -> CitizenFigures:
        """Active volunteers, active partnerships, their average length, and partners
        waiting for a match and for how long."""
        as_of = as_of or self._today()
        volunteers, partners = MatchingService(self._uow, self._access, self._today).facts(as_of)
        with self._uow(read_only=True) as uow:
            session = uow.session
            lengths = [
                ((ended or as_of) - started).days
                for started, ended in session.execute(
                    select(Partnership.started_on, Partnership.ended_on).where(
                        Partnership.started_on.is_not(None), Partnership.started_on <= as_of
                    )
                )
                if started is not None
            ]
            active = session.scalar(
                select(func.count()).select_from(Partnership).where(
                    Partnership.started_on <= as_of,
                    (Partnership.ended_on.is_(None)) | (Partnership.ended_on > as_of),
                )
            ) or 0  # fmt: skip
            since = dict(
                session.execute(
                    select(Person.person_ref, PartnerProfile.waiting_since).join(
                        PartnerProfile, PartnerProfile.person_id == Person.id
                    )
                ).all()
            )
        waits = [(as_of - since[p.ref]).days for p in partners]
        return CitizenFigures(
            as_of=as_of,
            active_volunteers=sum(1 for v in volunteers if v.active),
            active_partnerships=int(active),
            average_partnership_days=round(statistics.fmean(lengths), 1) if lengths else None,
            partners_waiting=len(waits),
            longest_wait_days=max(waits) if waits else None,
            median_wait_days=statistics.median(waits) if waits else None,
        )

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _held(session: object) -> dict[int, int]:
        return dict(
            session.execute(  # type: ignore[attr-defined]
                select(Partnership.volunteer_id, func.count())
                .where(Partnership.status.in_(CURRENT))
                .group_by(Partnership.volunteer_id)
            ).all()
        )

    @staticmethod
    def _record(volunteer: Volunteer, partners: int) -> VolunteerRecord:
        details = VolunteerDetails(**{n: getattr(volunteer, n) for n in _VOLUNTEER_FIELDS})
        return VolunteerRecord(volunteer.id, volunteer.volunteer_ref, details, partners)

    @staticmethod
    def _partnership(session: object, partnership_id: int) -> Partnership:
        row = session.get(Partnership, partnership_id)  # type: ignore[attr-defined]
        if row is None:
            raise NotFound(f"no partnership with id {partnership_id}")
        return row  # type: ignore[no-any-return]


def _postcode_warnings(postcode: str) -> tuple[str, ...]:
    if not postcode:
        return ("No postcode: distances to this volunteer are unknown, scored as the "
                "furthest, never a reason to exclude.",)  # fmt: skip
    if outward_code(postcode) not in district_centres():
        district = outward_code(postcode)
        return (f"Postcode district {district} is not in the shipped list: distances are "
                "unknown, scored as the furthest, never a reason to exclude.",)  # fmt: skip
    return ()
