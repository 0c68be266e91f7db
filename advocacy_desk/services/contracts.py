"""Contracts with commissioners, as referral forms and returns need them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from advocacy_desk.db.models import Contract, ContractAdvocacyType
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.services import audit
from advocacy_desk.services.access import SIGNED_IN, GuardedService, Permission, requires


@dataclass(frozen=True)
class ContractRecord:
    id: int
    name: str
    commissioner: str
    starts_on: date
    ends_on: date
    advocacy_types: frozenset[str]
    hours_per_year: float | None
    cases_per_year: int | None

    def covers(self, advocacy_type: str) -> bool:
        return not self.advocacy_types or advocacy_type in self.advocacy_types


@dataclass(frozen=True)
class ContractDetails:
    name: str
    commissioner: str
    starts_on: date
    ends_on: date
    advocacy_types: frozenset[str] = frozenset()
    hours_per_year: float | None = None
    cases_per_year: int | None = None


def clean_contract(details: ContractDetails) -> ContractDetails:
    """The details tidied, or ``ValidationError`` naming each field that breaks a rule."""
    refuse_control_characters(vars(details), {})
    errors: dict[str, str] = {}
    name = " ".join(details.name.split())
    commissioner = " ".join(details.commissioner.split())
    if not name:
        errors["name"] = "Name is required: the contract's name as the commissioner knows it."
    if not commissioner:
        errors["commissioner"] = "Commissioner is required, for example Essex County Council."
    if details.ends_on < details.starts_on:
        errors["ends_on"] = "End date is before the start date: check both dates."
    unknown = sorted(t for t in details.advocacy_types if t not in ADVOCACY_TYPE)
    if unknown:
        errors["advocacy_types"] = f"Advocacy types: unknown code {', '.join(unknown)}."
    if details.hours_per_year is not None and details.hours_per_year < 0:
        errors["hours_per_year"] = "Hours per year cannot be negative."
    if details.cases_per_year is not None and details.cases_per_year < 0:
        errors["cases_per_year"] = "Cases per year cannot be negative."
    if errors:
        raise ValidationError(errors)
    return replace(details, name=name, commissioner=commissioner)


def _record(contract: Contract) -> ContractRecord:
    return ContractRecord(
        id=contract.id,
        name=contract.name,
        commissioner=contract.commissioner,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        advocacy_types=frozenset(t.advocacy_type for t in contract.advocacy_types),
        hours_per_year=contract.hours_per_year,
        cases_per_year=contract.cases_per_year,
    )


class ContractService(GuardedService):
    @requires(Permission.CONTRACTS_MANAGE, what="add contracts")
    def create(self, details: ContractDetails) -> ContractRecord:
        clean = clean_contract(details)
        with self._uow() as uow:
            if uow.session.scalar(select(Contract.id).where(Contract.name == clean.name)):
                raise ValidationError({"name": f"Name: a contract called {clean.name} exists."})
            contract = Contract(
                name=clean.name,
                commissioner=clean.commissioner,
                starts_on=clean.starts_on,
                ends_on=clean.ends_on,
                hours_per_year=clean.hours_per_year,
                cases_per_year=clean.cases_per_year,
                advocacy_types=[
                    ContractAdvocacyType(advocacy_type=t) for t in sorted(clean.advocacy_types)
                ],
            )
            uow.session.add(contract)
            uow.session.flush()
            audit.record(
                uow.session, self._user, "create", "contract", contract.id, {"name": clean.name}
            )
            record = _record(contract)
            uow.commit()
            return record

    @requires(Permission.CONTRACTS_MANAGE, what="change contracts")
    def update(self, contract_id: int, details: ContractDetails) -> ContractRecord:
        """Change a contract (its name must stay unique); the change is audited."""
        clean = clean_contract(details)
        with self._uow() as uow:
            contract = uow.session.get(Contract, contract_id)
            if contract is None:
                raise NotFound(f"no contract with id {contract_id}")
            taken = uow.session.scalar(
                select(Contract.id).where(Contract.name == clean.name, Contract.id != contract_id)
            )
            if taken:
                raise ValidationError({"name": f"Name: a contract called {clean.name} exists."})
            before = _record(contract)
            contract.name = clean.name
            contract.commissioner = clean.commissioner
            contract.starts_on = clean.starts_on
            contract.ends_on = clean.ends_on
            contract.hours_per_year = clean.hours_per_year
            contract.cases_per_year = clean.cases_per_year
            held = {t.advocacy_type: t for t in contract.advocacy_types}
            contract.advocacy_types = [
                held.get(t) or ContractAdvocacyType(advocacy_type=t)
                for t in sorted(clean.advocacy_types)
            ]
            uow.session.flush()
            record = _record(contract)
            changed = audit.changes(
                {k: v for k, v in vars(before).items() if k != "id"},
                {k: v for k, v in vars(record).items() if k != "id"},
            )
            if changed:
                audit.record(uow.session, self._user, "update", "contract", contract.id, changed)
            uow.commit()
            return record

    @requires(*SIGNED_IN, what="see the contracts")
    def list(self) -> list[ContractRecord]:
        with self._uow() as uow:
            contracts = uow.session.scalars(select(Contract).order_by(Contract.name))
            return [_record(c) for c in contracts]
