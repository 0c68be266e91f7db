"""The quarterly monitoring return: as computed, as saved, and as the PDF and CSV
exports write it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from advocacy_desk.domain.audit_chain import Head
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.return_rows import FigureRow, suppress


@dataclass(frozen=True)
class ContractInfo:
    id: int
    name: str
    commissioner: str


@dataclass(frozen=True)
class TrendPoint:
    quarter: str
    received: int
    hours: Decimal


@dataclass(frozen=True)
class Narrative:
    summary: str = ""
    themes: str = ""
    case_studies: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {"summary": self.summary, "themes": self.themes, "case_studies": self.case_studies}
        )

    @classmethod
    def from_json(cls, text: str) -> Narrative:
        data = json.loads(text or "{}")
        return cls(data.get("summary", ""), data.get("themes", ""),
                   tuple(data.get("case_studies", ())))  # fmt: skip


@dataclass(frozen=True)
class ReturnReport:
    """A return's figures and everything printed around them, as of ``generated_at``."""

    quarter: Quarter
    contract: ContractInfo | None
    provider: str
    generated_at: datetime
    rows: tuple[FigureRow, ...]
    declined_reasons: tuple[tuple[str, str], ...]
    withdrawn_reasons: tuple[tuple[str, str], ...]
    hours_above_block: Decimal | None
    cases_above_block: int | None
    trend: tuple[TrendPoint, ...]
    #: (section, measure, definition) of every figure, as the return was computed.
    definitions: tuple[tuple[str, str, str], ...] = ()

    @property
    def commissioner(self) -> str:
        return self.contract.commissioner if self.contract else "All commissioners"

    @property
    def contract_name(self) -> str:
        return self.contract.name if self.contract else "All contracts"

    def printed(self, suppressed: bool) -> list[FigureRow]:
        """The rows as they are printed: with small numbers suppressed, or exact."""
        return suppress(self.rows) if suppressed else list(self.rows)

    def row(self, section: str, measure: str, category: str = "total") -> FigureRow:
        for row in self.rows:
            if row.key == (section, measure, category):
                return row
        raise KeyError((section, measure, category))

    # -- frozen as JSON --------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {
                "quarter": self.quarter.code,
                "contract": None if self.contract is None else vars(self.contract),
                "provider": self.provider,
                "generated_at": self.generated_at.isoformat(),
                "rows": [
                    [r.section, r.measure, r.category,
                     None if r.value is None else str(r.value), r.base, r.kind]
                    for r in self.rows
                ],
                "declined_reasons": self.declined_reasons,
                "withdrawn_reasons": self.withdrawn_reasons,
                "hours_above_block": None if self.hours_above_block is None
                else str(self.hours_above_block),
                "cases_above_block": self.cases_above_block,
                "trend": [[t.quarter, t.received, str(t.hours)] for t in self.trend],
                "definitions": self.definitions,
            }
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> ReturnReport:
        data = json.loads(text)

        def value(raw: str | None, kind: str) -> int | Decimal | None:
            if raw is None:
                return None
            return (
                int(raw) if kind == "count" or (kind == "days" and raw.isdigit()) else Decimal(raw)
            )

        return cls(
            quarter=Quarter.parse(data["quarter"]),
            contract=None if data["contract"] is None else ContractInfo(**data["contract"]),
            provider=data["provider"],
            generated_at=datetime.fromisoformat(data["generated_at"]),
            rows=tuple(
                FigureRow(s, m, c, value(v, k), b, k) for s, m, c, v, b, k in data["rows"]
            ),
            declined_reasons=tuple(tuple(r) for r in data["declined_reasons"]),
            withdrawn_reasons=tuple(tuple(r) for r in data["withdrawn_reasons"]),
            hours_above_block=None if data["hours_above_block"] is None
            else Decimal(data["hours_above_block"]),
            cases_above_block=data["cases_above_block"],
            trend=tuple(TrendPoint(q, n, Decimal(h)) for q, n, h in data["trend"]),
            definitions=tuple(tuple(d) for d in data["definitions"]),
        )  # fmt: skip


@dataclass(frozen=True)
class SavedReturn:
    id: int
    quarter: Quarter
    contract_name: str
    suppressed: bool
    created_at: datetime
    created_by: str
    exported_at: datetime | None
    exported_as: str
    #: The audit trail's head when it was saved (None for a return saved before the
    #: head was recorded): printed on its PDF.
    audit_head: Head | None = None


@dataclass(frozen=True)
class DataProblem:
    """Something in the data that would weaken the return, with the record to open."""

    kind: str
    entity: str
    entity_id: int
    reference: str
    message: str


@dataclass(frozen=True)
class RecordRef:
    """One record counted in a figure: what it is, and how to open it."""

    entity: str  # referral, case, person, volunteer, partnership
    id: int
    reference: str
    description: str
