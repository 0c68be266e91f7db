"""Use cases about referrals: record one for a person, change it, list a person's."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import Contract, Person, Referral
from advocacy_desk.domain.eligibility import is_statutory
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.references import REFERRAL
from advocacy_desk.domain.referrals import (
    CODED_FIELDS,
    FIELD_LABELS,
    MATRIX_FIELDS,
    ReferralDetails,
    clean_referral,
)
from advocacy_desk.domain.vocabulary import SUBSTANTIAL_DIFFICULTY
from advocacy_desk.records.referrals import ReferralRecord
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.concurrency import refuse_if_changed
from advocacy_desk.services.references import next_ref
from advocacy_desk.services.waiting_list import record_score

__all__ = ["SCORED_FIELDS", "ReferralRecord", "ReferralService"]

#: The referral's fields the matrix score depends on: changing one is a revision kept
#: in the score history.
SCORED_FIELDS = frozenset(
    {*MATRIX_FIELDS, "safeguarding", "decision_due_on", "advocacy_type", "care_act_process",
     "difficulties", "appropriate_individual", "gate_exception"}
)  # fmt: skip


_COLUMNS = tuple(
    f.name for f in dataclasses.fields(ReferralDetails) if f.name not in ("difficulties",)
)


def _details(referral: Referral) -> ReferralDetails:
    difficulties = frozenset(
        code for code in SUBSTANTIAL_DIFFICULTY.codes if getattr(referral, f"difficulty_{code}")
    )
    return ReferralDetails(
        **{name: getattr(referral, name) for name in _COLUMNS}, difficulties=difficulties
    )


def _apply(referral: Referral, details: ReferralDetails) -> None:
    for name in _COLUMNS:
        setattr(referral, name, getattr(details, name))
    for code in SUBSTANTIAL_DIFFICULTY.codes:
        setattr(referral, f"difficulty_{code}", code in details.difficulties)
    referral.statutory = is_statutory(details.advocacy_type, details.gate)


def _record(referral: Referral) -> ReferralRecord:
    return ReferralRecord(
        id=referral.id,
        referral_ref=referral.referral_ref,
        person_id=referral.person_id,
        person_ref=referral.person.person_ref,
        version=referral.version,
        details=_details(referral),
        status=referral.status,
        status_on=referral.status_on,
        status_reason=referral.status_reason,
        contract_name=referral.contract.name if referral.contract else "",
    )


class ReferralService(GuardedService):
    @requires(
        Permission.PEOPLE_ALL,
        Permission.PEOPLE_READ,
        Permission.PEOPLE_OWN,
        Permission.PEOPLE_CITIZEN,
        what="see referrals",
    )
    def for_person(self, person_id: int) -> list[ReferralRecord]:
        """A person's referrals, newest first."""
        with self._uow(read_only=True) as uow:
            self._access.check_person(uow.session, person_id, "see their referrals")
            query = (
                select(Referral)
                .where(Referral.person_id == person_id)
                .order_by(Referral.received_on.desc(), Referral.id.desc())
            )
            return [_record(r) for r in uow.session.scalars(query)]

    @requires(
        Permission.WAITING_READ,
        Permission.PEOPLE_ALL,
        Permission.PEOPLE_READ,
        Permission.PEOPLE_OWN,
        Permission.PEOPLE_CITIZEN,
        what="see referrals",
    )
    def get(self, referral_id: int) -> ReferralRecord:
        with self._uow(read_only=True) as uow:
            referral = uow.session.get(Referral, referral_id)
            if referral is not None and not self._access.can(Permission.WAITING_READ):
                self._access.check_person(uow.session, referral.person_id, "see this referral")
            if referral is None:
                raise NotFound(f"no referral with id {referral_id}")
            return _record(referral)

    @requires(Permission.WAITING_MANAGE, what="change referrals")
    def create(self, person_id: int, details: ReferralDetails) -> ReferralRecord:
        with self._uow() as uow:
            person = uow.session.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            clean = clean_referral(details, person.date_of_birth, self._today())
            self._check_contract(uow.session, clean)
            referral = Referral(
                referral_ref=next_ref(uow.session, Referral.referral_ref, REFERRAL),
                person=person,
                status="waiting",
            )
            _apply(referral, clean)
            uow.session.add(referral)
            uow.session.flush()
            record_score(uow.session, referral, self._today(), "referred", self._user)
            audit_writer.record(
                uow.session,
                self._user,
                "create",
                "referral",
                referral.id,
                {
                    "ref": referral.referral_ref,
                    "person": person.person_ref,
                    **audit_writer.created(dataclasses.asdict(clean)),
                },
            )
            record = _record(referral)
            uow.commit()
            return record

    @requires(Permission.WAITING_MANAGE, what="change referrals")
    def update(
        self, referral_id: int, details: ReferralDetails, *, opened: ReferralRecord | None = None
    ) -> ReferralRecord:
        """Change a referral's details. ``opened`` is the record the form was opened from:
        if someone else has saved the referral since, nothing is saved and
        :class:`EditConflict` says what they changed (None: no check)."""
        with self._uow() as uow:
            referral = uow.session.get(Referral, referral_id)
            if referral is None:
                raise NotFound(f"no referral with id {referral_id}")
            before = dataclasses.asdict(_details(referral))
            if opened is not None:
                refuse_if_changed(
                    uow.session, what="this referral", entity="referral",
                    entity_id=referral.id, opened_version=opened.version,
                    current_version=referral.version,
                    opened=dataclasses.asdict(opened.details), current=before,
                    labels=FIELD_LABELS, codes=CODED_FIELDS,
                )  # fmt: skip
            clean = clean_referral(details, referral.person.date_of_birth, self._today())
            self._check_contract(uow.session, clean)
            changed = audit_writer.changes(before, dataclasses.asdict(clean))
            if changed:
                _apply(referral, clean)
                audit_writer.record(
                    uow.session, self._user, "update", "referral", referral.id, changed
                )
                uow.session.flush()
                if referral.status == "waiting" and changed.keys() & SCORED_FIELDS:
                    record_score(uow.session, referral, self._today(), "answers", self._user)
            record = _record(referral)
            uow.commit()
            return record

    @staticmethod
    def _check_contract(session: Session, details: ReferralDetails) -> None:
        if details.contract_id is None:
            return
        contract = session.get(Contract, details.contract_id)
        if contract is None:
            raise ValidationError({"contract_id": "Contract: choose one of the listed contracts."})
        covered = {t.advocacy_type for t in contract.advocacy_types}
        if covered and details.advocacy_type not in covered:
            raise ValidationError(
                {
                    "contract_id": f"Contract: {contract.name} does not cover this advocacy "
                    "type; choose another contract or leave it blank."
                }
            )
