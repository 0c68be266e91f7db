"""Advocates' reports, as the services return them and the report documents write them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from advocacy_desk.domain.vocabulary import REPORT_SECTION

#: A report's sections, in order: its fields after the first four.
SECTIONS: tuple[str, ...] = REPORT_SECTION.codes


@dataclass(frozen=True)
class ReportDetails:
    """What a report says. The six section fields are named by the REPORT_SECTION codes."""

    kind: str
    about: str
    decision_maker: str = ""
    due_on: date | None = None
    wishes_feelings: str = ""
    beliefs_values: str = ""
    options: str = ""
    views_of_others: str = ""
    concerns: str = ""
    recommendations: str = ""

    def section(self, code: str) -> str:
        """The text of one section, by its REPORT_SECTION code."""
        if code not in SECTIONS:
            raise KeyError(code)
        text: str = getattr(self, code)
        return text

    def as_json(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["due_on"] = self.due_on.isoformat() if self.due_on else None
        return values

    @classmethod
    def from_json(cls, values: Mapping[str, Any]) -> ReportDetails:
        due = values.get("due_on")
        return cls(
            kind=str(values.get("kind", "")),
            about=str(values.get("about", "")),
            decision_maker=str(values.get("decision_maker", "")),
            due_on=date.fromisoformat(due) if due else None,
            **{code: str(values.get(code, "")) for code in SECTIONS},
        )


assert tuple(f.name for f in dataclasses.fields(ReportDetails))[4:] == SECTIONS


@dataclass(frozen=True)
class SentVersion:
    """A report as it was sent: never changed afterwards."""

    sent_on: date
    sent_to: str
    sent_by: str
    content: ReportDetails


@dataclass(frozen=True)
class ReportCase:
    """What the reports screen needs to know about a case."""

    case_id: int
    case_ref: str
    person_id: int
    is_open: bool
    #: Whether the caller may write reports on it (their own case, or a manager).
    may_change: bool


@dataclass(frozen=True)
class ReportRecord:
    id: int
    case_id: int
    case_ref: str
    person_id: int
    number: int
    #: One more for each save (anyone's): a form saving from an older one is refused.
    version: int
    status: str
    details: ReportDetails
    #: In the order they were recorded.
    sendings: tuple[SentVersion, ...]
    created_by: str

    @property
    def kind(self) -> str:
        return self.details.kind

    @property
    def about(self) -> str:
        return self.details.about

    @property
    def due_on(self) -> date | None:
        return self.details.due_on

    @property
    def last_sent(self) -> SentVersion | None:
        return self.sendings[-1] if self.sendings else None

    @property
    def changed_since_sent(self) -> bool:
        """Edited after it was last sent (the versions sent are kept as they went)."""
        last = self.last_sent
        return last is not None and last.content != self.details


@dataclass(frozen=True)
class DueReport:
    """A draft report due soon or overdue."""

    report_id: int
    case_id: int
    case_ref: str
    number: int
    kind: str
    due_on: date
    overdue: bool
    advocate_name: str
