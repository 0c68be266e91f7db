"""Commissioners' contracts, re-let every three years from April, as councils do.

Each referral points at the contract of its council that covers its type and was
running when it arrived. The block (hours or cases a year) is set a little below
what the demo service actually delivered in its last year, so the monitoring
return shows some spot purchase above the block, as real services report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from advocacy_desk.demo.places import CONTRACT_FAMILIES, ContractFamily
from advocacy_desk.demo.sampling import financial_year
from advocacy_desk.demo.writer import Columns

TERM_YEARS = 3
#: The block as a share of what was delivered: the rest is bought as spot purchases.
BLOCK_SHARE = 0.9


@dataclass(frozen=True)
class Contracts:
    families: tuple[ContractFamily, ...]
    #: For each family: the financial year its first term starts, and its number of terms.
    first_year: np.ndarray
    terms: np.ndarray
    columns: Columns
    type_columns: Columns

    @property
    def first_id(self) -> np.ndarray:
        """The id of each family's first contract (a family's terms have consecutive ids)."""
        return np.asarray(np.cumsum(self.terms) - self.terms + 1)

    def family_of(self, council: np.ndarray, types: np.ndarray) -> np.ndarray:
        """Index into ``families`` for each (council, advocacy type); -1 if none covers it."""
        family = np.full(len(types), -1, dtype=np.int64)
        for index, contract in enumerate(self.families):
            mask = (council == contract.commissioner) & np.isin(types, contract.advocacy_types)
            family[mask] = index
        return family

    def covering(
        self, council: np.ndarray, types: np.ndarray, received: np.ndarray
    ) -> list[int | None]:
        """The id of the contract covering each referral (None where no contract does)."""
        family = self.family_of(council, types)
        known = np.maximum(family, 0)
        term = (financial_year(received) - self.first_year[known]) // TERM_YEARS
        ids = self.first_id[known] + np.clip(term, 0, self.terms[known] - 1)
        return [
            int(i) if f >= 0 else None for i, f in zip(ids.tolist(), family.tolist(), strict=True)
        ]

    def with_blocks(self, hours: np.ndarray, cases: np.ndarray) -> Contracts:
        """The contracts with each family's yearly block set from last year's delivery."""
        per_contract_hours: list[float | None] = []
        per_contract_cases: list[int | None] = []
        for index, contract in enumerate(self.families):
            for _ in range(int(self.terms[index])):
                if contract.paid_by_hours:
                    block = max(50.0, round(hours[index] * BLOCK_SHARE / 50) * 50.0)
                    per_contract_hours.append(block)
                    per_contract_cases.append(None)
                else:
                    per_contract_hours.append(None)
                    per_contract_cases.append(max(5, round(cases[index] * BLOCK_SHARE / 5) * 5))
        columns = {
            **self.columns,
            "hours_per_year": per_contract_hours,
            "cases_per_year": per_contract_cases,
        }
        return replace(self, columns=columns)


def build_contracts(councils: tuple[str, ...], earliest: dict[str, int], end: int) -> Contracts:
    """Contracts from the term running at each family's earliest referral (``earliest``
    maps an advocacy type to its first received date) to the term running now."""
    families = tuple(f for council in councils for f in CONTRACT_FAMILIES[council])
    last_year = _financial_year(end)
    first_year = np.array(
        [_financial_year(min([earliest.get(t, end) for t in f.advocacy_types])) for f in families]
    )
    terms = (last_year - first_year) // TERM_YEARS + 1
    rows: list[tuple[int, str, str, int, int]] = []
    for family, first, count in zip(families, first_year.tolist(), terms.tolist(), strict=True):
        for term in range(count):
            year = first + term * TERM_YEARS
            name = f"{family.name} {year}-{(year + TERM_YEARS) % 100:02d}"
            starts = date(year, 4, 1).toordinal()
            ends = date(year + TERM_YEARS, 3, 31).toordinal()
            rows.append((len(rows) + 1, name, family.commissioner, starts, ends))
    columns: Columns = {
        "id": np.array([row[0] for row in rows]),
        "name": [row[1] for row in rows],
        "commissioner": [row[2] for row in rows],
        "starts_on": np.array([row[3] for row in rows]),
        "ends_on": np.array([row[4] for row in rows]),
        "hours_per_year": [None] * len(rows),
        "cases_per_year": [None] * len(rows),
    }
    contracts = Contracts(families, first_year, terms, columns, {})
    type_pairs = [
        (int(contracts.first_id[index]) + term, code)
        for index, family in enumerate(families)
        for term in range(int(terms[index]))
        for code in family.advocacy_types
    ]
    type_columns: Columns = {
        "contract_id": np.array([pair[0] for pair in type_pairs]),
        "advocacy_type": np.array([pair[1] for pair in type_pairs]),
    }
    return replace(contracts, type_columns=type_columns)


def _financial_year(day: int) -> int:
    return int(financial_year(np.array([day]))[0])
