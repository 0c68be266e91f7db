"""The diary as the services return it: appointments, and next actions falling due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from advocacy_desk.domain.diary import AppointmentDetails, event_title, minutes_between


@dataclass(frozen=True)
class AppointmentRecord:
    id: int
    case_id: int
    case_ref: str
    person_name: str
    advocate_id: int
    advocate_username: str
    advocate_name: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    attendees: str
    notes: str
    #: The casework activity it was logged as, or None while it has not been.
    activity_id: int | None
    case_open: bool
    #: 1 when added, one more for each change (the calendar file's SEQUENCE).
    version: int = 1

    @property
    def minutes(self) -> int:
        return minutes_between(self.starts_at, self.ends_at)

    @property
    def logged(self) -> bool:
        return self.activity_id is not None

    @property
    def title(self) -> str:
        """ "C000123 Visit": no personal details."""
        return event_title(self.case_ref, self.kind)

    def details(self) -> AppointmentDetails:
        return AppointmentDetails(self.case_id, self.kind, self.starts_at, self.ends_at,
                                  self.place, self.attendees, self.notes)  # fmt: skip


@dataclass(frozen=True)
class DueAction:
    """A case's next action falling due on a day of the diary: shown beside the
    appointments, so an advocate planning the week sees what they promised to do."""

    case_id: int
    case_ref: str
    person_name: str
    advocate_id: int
    advocate_name: str
    #: What is to be done, as the advocate wrote it.
    action: str
    due_on: date
    #: Due before today and still not done.
    overdue: bool

    @property
    def text(self) -> str:
        """ "Next action due: Chase the social worker — C000123" ("overdue" once late)."""
        said = "overdue" if self.overdue else "due"
        return f"Next action {said}: {self.action} \u2014 {self.case_ref}"


@dataclass(frozen=True)
class Saved:
    """An appointment as saved, with what the advocate should know (overlaps)."""

    appointment: AppointmentRecord
    warnings: tuple[str, ...] = ()
