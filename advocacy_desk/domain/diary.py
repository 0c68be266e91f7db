"""The diary's rules: what an appointment must hold, when two overlap, how long one
lasts, and the casework activity each kind of appointment is logged as.

Times are local wall-clock times (England), without a time zone, as the advocate
typed them; seconds are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import ACTIVITY_KIND, APPOINTMENT_KIND

#: The diary is kept in England; exported times carry this zone.
LONDON = ZoneInfo("Europe/London")
#: The longest appointment accepted (a hearing over several days, say).
MAX_LENGTH = timedelta(days=14)
MAX_PLACE_LENGTH = 300
MAX_TEXT_LENGTH = 20_000

#: The casework activity each kind of appointment is logged as.
ACTIVITY_FOR: dict[str, str] = {
    "visit": "visit",
    "phone_call": "phone",
    "meeting": "meeting",
    "care_review": "meeting",
    "best_interests_meeting": "meeting",
    "tribunal_hearing": "meeting",
    "other": "other",
}
assert set(ACTIVITY_FOR) == set(APPOINTMENT_KIND.codes)
assert set(ACTIVITY_FOR.values()) <= set(ACTIVITY_KIND.codes)

_TIME = re.compile(r"^\s*(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AppointmentDetails:
    """An appointment as the advocate types it."""

    case_id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    attendees: str = ""
    notes: str = ""


def activity_kind(appointment_kind: str) -> str:
    """The casework activity kind an appointment of this kind is logged as."""
    return ACTIVITY_FOR.get(appointment_kind, "other")


def local(moment: datetime) -> datetime:
    """A time as the wall clock in England shows it, naive, to the minute."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(LONDON).replace(tzinfo=None)
    return moment.replace(second=0, microsecond=0)


def minutes_between(starts_at: datetime, ends_at: datetime) -> int:
    """Whole minutes from start to end (0 if it ends before it starts)."""
    return max(0, int((ends_at - starts_at).total_seconds() // 60))


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Whether two appointments share any time; one ending as the next begins does not."""
    return a_start < b_end and b_start < a_end


def covers_day(starts_at: datetime, ends_at: datetime, day: date) -> bool:
    """Whether an appointment takes up some of ``day``."""
    start = datetime.combine(day, time.min)
    return overlaps(starts_at, ends_at, start, start + timedelta(days=1))


def week_of(any_day: date) -> list[date]:
    """Monday to Sunday of the week holding ``any_day``."""
    monday = any_day - timedelta(days=any_day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def kind_label(kind: str) -> str:
    try:
        return APPOINTMENT_KIND.label(kind)
    except ValueError:
        return kind


def time_span(starts_at: datetime, ends_at: datetime) -> str:
    """10:00-11:00, or 10:00-11:00 on 25/11/2026 when it ends on another day."""
    if ends_at.date() == starts_at.date():
        return f"{starts_at:%H:%M}-{ends_at:%H:%M}"
    return f"{starts_at:%H:%M}-{ends_at:%H:%M} on {ends_at:%d/%m/%Y}"


def overlap_warning(case_ref: str, kind: str, starts_at: datetime, ends_at: datetime) -> str:
    """ "Overlaps C000123 visit 10:00-11:00 on 24/11/2026." """
    if ends_at.date() == starts_at.date():
        span = f"{starts_at:%H:%M}-{ends_at:%H:%M} on {starts_at:%d/%m/%Y}"
    else:
        span = f"{starts_at:%H:%M} on {starts_at:%d/%m/%Y} to {ends_at:%H:%M} on {ends_at:%d/%m/%Y}"
    return f"Overlaps {case_ref} {kind_label(kind).lower()} {span}."


def event_title(case_ref: str, kind: str, person_name: str = "") -> str:
    """ "C000123 Visit", with the person's name after it only when given."""
    title = f"{case_ref} {kind_label(kind)}"
    return f"{title}: {person_name}" if person_name else title


def parse_time(text: str) -> time:
    """A time of day: "10:30", "10.30", "9", "2pm" or "2:30pm". Raises ``ValueError``
    saying how to write it."""
    m = _TIME.match(text)
    if m is not None:
        hour, minute, half = int(m[1]), int(m[2] or 0), (m[3] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                hour = 99
            elif half == "pm" and hour != 12:
                hour += 12
            elif half == "am" and hour == 12:
                hour = 0
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f'"{text.strip()}" is not a time: write it as HH:MM, for example 14:30')


def clean_appointment(details: AppointmentDetails) -> AppointmentDetails:
    """The appointment tidied, or ``ValidationError`` naming each field that breaks a
    rule (whether the case is open is the service's to check)."""
    refuse_control_characters(vars(details), {"attendees": "Who else attends"})
    errors: dict[str, str] = {}
    if details.kind not in APPOINTMENT_KIND:
        errors["kind"] = f"Kind: choose one of {', '.join(APPOINTMENT_KIND.codes)}."
    starts_at, ends_at = local(details.starts_at), local(details.ends_at)
    if ends_at < starts_at:
        errors["ends_at"] = "Ends: the appointment ends before it starts; check the times."
    elif ends_at == starts_at:
        errors["ends_at"] = "Ends: the appointment ends as it starts; give the time it ends."
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = (
            f"Ends: an appointment can last at most {MAX_LENGTH.days} days; check the dates."
        )
    place = " ".join(details.place.split())
    if len(place) > MAX_PLACE_LENGTH:
        errors["place"] = f"Place: at most {MAX_PLACE_LENGTH} characters."
    attendees, notes = details.attendees.strip(), details.notes.strip()
    if len(attendees) > MAX_TEXT_LENGTH:
        errors["attendees"] = f"Who else attends: at most {MAX_TEXT_LENGTH:,} characters."
    if len(notes) > MAX_TEXT_LENGTH:
        errors["notes"] = f"Notes: at most {MAX_TEXT_LENGTH:,} characters."
    if errors:
        raise ValidationError(errors)
    return AppointmentDetails(details.case_id, details.kind, starts_at, ends_at, place,
                              attendees, notes)  # fmt: skip
