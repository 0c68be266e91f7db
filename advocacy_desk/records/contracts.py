"""Contracts with commissioners, as the services return them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
