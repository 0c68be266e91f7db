"""Contracts with commissioners, as referral forms and returns need them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from advocacy_desk.db.models import Contract
from advocacy_desk.services.uow import UnitOfWorkFactory


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


class ContractService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def list(self) -> list[ContractRecord]:
        with self._uow() as uow:
            contracts = uow.session.scalars(select(Contract).order_by(Contract.name))
            return [
                ContractRecord(
                    id=c.id,
                    name=c.name,
                    commissioner=c.commissioner,
                    starts_on=c.starts_on,
                    ends_on=c.ends_on,
                    advocacy_types=frozenset(t.advocacy_type for t in c.advocacy_types),
                    hours_per_year=c.hours_per_year,
                    cases_per_year=c.cases_per_year,
                )
                for c in contracts
            ]
