"""Contracts with commissioners, as referral forms and returns need them."""

from __future__ import annotations

from sqlalchemy import select

from advocacy_desk.db.models import Contract, ContractAdvocacyType
from advocacy_desk.domain.contracts import ContractDetails, clean_contract
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.records.contracts import ContractRecord
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import SIGNED_IN, GuardedService, Permission, requires

__all__ = ["ContractDetails", "ContractRecord", "ContractService", "clean_contract"]


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
            audit_writer.record(
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
            changed = audit_writer.changes(
                {k: v for k, v in vars(before).items() if k != "id"},
                {k: v for k, v in vars(record).items() if k != "id"},
            )
            if changed:
                audit_writer.record(
                    uow.session, self._user, "update", "contract", contract.id, changed
                )
            uow.commit()
            return record

    @requires(*SIGNED_IN, what="see the contracts")
    def list(self) -> list[ContractRecord]:
        with self._uow() as uow:
            contracts = uow.session.scalars(select(Contract).order_by(Contract.name))
            return [_record(c) for c in contracts]
