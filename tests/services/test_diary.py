"""The diary: appointments, overlaps (a warning, never a refusal), the day and week,
logging an ended appointment as casework (once), and the calendar file."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from icalendar import Calendar, Event

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import Closure, Feedback
from advocacy_desk.domain.diary import AppointmentDetails, parse_time
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import OUTCOME_QUESTION
from advocacy_desk.services.access import NotPermitted
from tests.conftest import TODAY

OPENED = TODAY - timedelta(days=30)
PASSWORD = "a long enough secret"
STAFF = {"tester": "Tess Tester", "dee": "Dee Okafor", "ann": "Ann Advocate"}
TUESDAY = TODAY + timedelta(days=1)  # TODAY is Monday 23/11/2026


def staff_id(services: Services, username: str) -> int:
    staff = {s.username: s for s in services.staff.list()}
    member = staff.get(username) or services.staff.add(
        username, STAFF.get(username, username.title()), advocacy_types=["care_act"]
    )
    return member.id


def open_case(
    services: Services, given: str = "Jane", family: str = "Partridge", advocate: str = "tester"
) -> tuple[int, str]:
    """A person and an open case with ``advocate``: (case id, case reference)."""
    person = services.people.create(PersonDetails(given, family, date(1950, 2, 1)),
                                    allow_duplicate=True)  # fmt: skip
    referral = services.referrals.create(
        person.id, ReferralDetails(OPENED - timedelta(days=3), "self", "care_act")
    )
    ref = services.waiting_list.allocate(referral.id, staff_id(services, advocate), on=OPENED)
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    return case_id, ref


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local wall-clock time, as the diary keeps them (no zone)."""
    return datetime.combine(day, time(hour, minute))


def visit(case_id: int, day: date = TUESDAY, start: int = 10, end: int = 11,
          kind: str = "visit", place: str = "Oak House") -> AppointmentDetails:  # fmt: skip
    return AppointmentDetails(case_id, kind, at(day, start), at(day, end), place=place,
                              attendees="Sam Reid (social worker)",
                              notes="Jane wants her sister there")  # fmt: skip


def events_of(text: str) -> list[Event]:
    """The events of an iCalendar file, as icalendar reads it back."""
    return [e for e in Calendar.from_ical(text).walk("VEVENT") if isinstance(e, Event)]


def start_of(event: Event) -> datetime:
    start = event.start
    assert isinstance(start, datetime)
    return start


def end_of(event: Event) -> datetime:
    end = event.end
    assert isinstance(end, datetime)
    return end


def audit_actions(services: Services, entity: str) -> list[str]:
    return [e.action for e in services.audit.events() if e.entity == entity]


# -- adding, changing, deleting ----------------------------------------------------------


def test_an_appointment_is_added_to_the_case_advocates_diary(services: Services) -> None:
    case_id, ref = open_case(services)
    saved = services.diary.add(visit(case_id))
    record = saved.appointment
    assert saved.warnings == ()
    assert (record.case_ref, record.kind, record.place) == (ref, "visit", "Oak House")
    assert (record.starts_at, record.ends_at, record.minutes) == (
        at(TUESDAY, 10), at(TUESDAY, 11), 60)  # fmt: skip
    assert record.advocate_id == staff_id(services, "tester")
    assert record.title == f"{ref} Visit"
    assert record.person_name == "Jane Partridge"
    assert not record.logged
    assert audit_actions(services, "appointment") == ["create"]


def test_an_overlap_is_a_warning_and_the_appointment_is_saved(services: Services) -> None:
    case_id, ref = open_case(services)
    other_id, _ = open_case(services, "Amir", "Khan")
    services.diary.add(visit(case_id, start=10, end=11))
    saved = services.diary.add(visit(other_id, start=10, end=12, kind="phone_call"))
    assert saved.warnings == (f"Overlaps {ref} visit 10:00-11:00 on 24/11/2026.",)
    assert len(services.diary.day(None, TUESDAY)) == 2
    # touching is not overlapping
    assert services.diary.add(visit(other_id, start=12, end=13)).warnings == ()


def test_check_says_what_saving_would_and_saves_nothing(services: Services) -> None:
    case_id, ref = open_case(services)
    first = services.diary.add(visit(case_id, start=10, end=11)).appointment
    assert services.diary.check(visit(case_id, start=10, end=12)) == (
        f"Overlaps {ref} visit 10:00-11:00 on 24/11/2026.",
    )
    assert services.diary.check(visit(case_id, start=10, end=12), appointment_id=first.id) == ()
    with pytest.raises(ValidationError):
        services.diary.check(visit(case_id, start=12, end=10))
    assert len(services.diary.day(None, TUESDAY)) == 1


def test_an_overlap_with_another_advocate_is_no_warning(services: Services) -> None:
    case_id, _ = open_case(services)
    dees, _ = open_case(services, "Amir", "Khan", advocate="dee")
    services.diary.add(visit(case_id))
    assert services.diary.add(visit(dees)).warnings == ()


def test_an_appointment_ending_before_it_starts_is_refused(services: Services) -> None:
    case_id, _ = open_case(services)
    with pytest.raises(ValidationError) as refused:
        services.diary.add(visit(case_id, start=11, end=10))
    assert refused.value.errors == {
        "ends_at": "Ends: the appointment ends before it starts; check the times."
    }
    assert services.diary.day(None, TUESDAY) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "picnic"}, "kind"),
        ({"ends_at": at(TUESDAY, 10)}, "ends_at"),
        ({"ends_at": at(TUESDAY + timedelta(days=15), 10)}, "ends_at"),
        (
            {
                "starts_at": at(OPENED - timedelta(days=1), 10),
                "ends_at": at(OPENED - timedelta(days=1), 11),
            },
            "starts_at",
        ),
        ({"place": "x" * 301}, "place"),
    ],
)
def test_bad_details_are_refused_by_field(
    services: Services, change: dict[str, Any], field: str
) -> None:
    case_id, _ = open_case(services)
    with pytest.raises(ValidationError) as refused:
        services.diary.add(dataclasses.replace(visit(case_id), **change))
    assert list(refused.value.errors) == [field]


def test_a_closed_case_takes_no_appointments(services: Services) -> None:
    case_id, ref = open_case(services)
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", TODAY, Feedback(answers)))
    with pytest.raises(ValidationError) as refused:
        services.diary.add(visit(case_id))
    assert refused.value.errors["case_id"].startswith(f"Case: {ref} was closed on 23/11/2026")


def test_an_unknown_case_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound, match="no case with id 99"):
        services.diary.add(visit(99))


def test_a_manager_puts_an_appointment_in_another_diary(services: Services) -> None:
    case_id, _ = open_case(services, advocate="dee")
    tess = staff_id(services, "tester")
    saved = services.diary.add(visit(case_id), advocate_id=tess)
    assert saved.appointment.advocate_id == tess
    assert saved.appointment.advocate_name == "Tess Tester"


def test_update_changes_the_appointment_and_warns_of_overlaps(services: Services) -> None:
    case_id, ref = open_case(services)
    first = services.diary.add(visit(case_id, start=9, end=10)).appointment
    second = services.diary.add(visit(case_id, start=14, end=15)).appointment
    moved = services.diary.update(second.id, visit(case_id, start=9, end=11, place="Home"))
    assert moved.appointment.starts_at == at(TUESDAY, 9)
    assert moved.appointment.place == "Home"
    assert moved.warnings == (f"Overlaps {ref} visit 09:00-10:00 on 24/11/2026.",)
    assert services.diary.appointment(first.id).place == "Oak House"
    assert audit_actions(services, "appointment") == ["create", "create", "update"]
    with pytest.raises(ValidationError):
        services.diary.update(second.id, visit(case_id, start=12, end=11))
    assert services.diary.appointment(second.id).place == "Home"


def test_delete_takes_it_out_of_the_diary(services: Services) -> None:
    case_id, _ = open_case(services)
    saved = services.diary.add(visit(case_id)).appointment
    services.diary.delete(saved.id)
    assert services.diary.day(None, TUESDAY) == []
    assert audit_actions(services, "appointment") == ["create", "delete"]
    with pytest.raises(NotFound):
        services.diary.delete(saved.id)


# -- the day and the week -----------------------------------------------------------------


def test_the_week_runs_monday_to_sunday(services: Services) -> None:
    case_id, _ = open_case(services)
    sunday = date(2026, 11, 29)
    services.diary.add(visit(case_id, day=TODAY, start=9, end=10))
    services.diary.add(visit(case_id, day=sunday, start=9, end=10))
    services.diary.add(visit(case_id, day=sunday + timedelta(days=1), start=9, end=10))
    services.diary.add(visit(case_id, day=TODAY - timedelta(days=1), start=9, end=10))
    week = services.diary.week(None, date(2026, 11, 26))  # a Thursday
    assert list(week) == [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]
    assert [d.weekday() for d in week] == list(range(7))
    assert {d: len(rows) for d, rows in week.items() if rows} == {TODAY: 1, sunday: 1}


def test_an_appointment_over_midnight_shows_on_both_days(services: Services) -> None:
    case_id, _ = open_case(services)
    services.diary.add(
        AppointmentDetails(
            case_id, "tribunal_hearing", at(TUESDAY, 22), at(TUESDAY, 23) + timedelta(hours=2)
        )
    )
    week = services.diary.week(None, TODAY)
    assert len(week[TUESDAY]) == len(week[TUESDAY + timedelta(days=1)]) == 1


def test_the_day_is_in_time_order_and_today_is_the_users_own(services: Services) -> None:
    mine, _ = open_case(services)
    dees, _ = open_case(services, "Amir", "Khan", advocate="dee")
    services.diary.add(visit(mine, day=TODAY, start=14, end=15))
    services.diary.add(visit(mine, day=TODAY, start=9, end=10))
    services.diary.add(visit(dees, day=TODAY, start=11, end=12))
    assert [r.starts_at.hour for r in services.diary.day(None, TODAY)] == [9, 11, 14]
    dee = staff_id(services, "dee")
    assert [r.starts_at.hour for r in services.diary.day(dee, TODAY)] == [11]
    # the tester has a caseload, so today's are their own
    assert services.diary.my_diary_id() == staff_id(services, "tester")
    assert [r.starts_at.hour for r in services.diary.today()] == [9, 14]
    assert [r.starts_at.hour for r in services.diary.today(dee)] == [11]


def test_someone_with_no_caseload_sees_everyones_today(services: Services) -> None:
    dees, _ = open_case(services, advocate="dee")
    services.diary.add(visit(dees, day=TODAY))
    assert services.diary.my_diary_id() is None
    assert len(services.diary.today()) == 1


# -- logging as casework -------------------------------------------------------------------


def test_an_ended_appointment_is_offered_for_logging(services: Services) -> None:
    case_id, _ = open_case(services)
    yesterday = TODAY - timedelta(days=1)
    ended = services.diary.add(visit(case_id, day=yesterday)).appointment
    later = services.diary.add(visit(case_id, day=TUESDAY)).appointment
    old = services.diary.add(visit(case_id, day=TODAY - timedelta(days=20))).appointment
    assert [r.id for r in services.diary.to_log(at(TODAY, 8))] == [ended.id]
    assert [r.id for r in services.diary.to_log(at(TUESDAY, 11))] == [ended.id, later.id]
    assert old.id in [r.id for r in services.diary.to_log(at(TODAY, 8), within_days=30)]


def test_logging_records_the_activity_once(services: Services) -> None:
    case_id, _ = open_case(services)
    yesterday = TODAY - timedelta(days=1)
    review = services.diary.add(
        AppointmentDetails(case_id, "care_review", at(yesterday, 10), at(yesterday, 11, 30))
    ).appointment
    activity_id = services.diary.log_as_activity(review.id, note="Review went well")
    [activity] = services.casework.activities(case_id)
    assert activity.id == activity_id
    assert (activity.occurred_on, activity.kind, activity.minutes, activity.travel_minutes) == (
        yesterday, "meeting", 90, 0)  # fmt: skip
    assert activity.note == "Review went well"
    assert services.diary.appointment(review.id).activity_id == activity_id
    assert services.diary.to_log(at(TODAY, 8)) == []
    with pytest.raises(AdvocacyDeskError, match="already logged"):
        services.diary.log_as_activity(review.id)
    assert len(services.casework.activities(case_id)) == 1
    assert "log" in audit_actions(services, "appointment")
    # a logged appointment stays as it is
    with pytest.raises(AdvocacyDeskError, match="logged as casework"):
        services.diary.delete(review.id)
    with pytest.raises(AdvocacyDeskError, match="logged as casework"):
        services.diary.update(review.id, review.details())


@pytest.mark.parametrize(
    ("kind", "activity_kind"),
    [("visit", "visit"), ("phone_call", "phone"), ("best_interests_meeting", "meeting"),
     ("tribunal_hearing", "meeting"), ("other", "other")],
)  # fmt: skip
def test_each_kind_is_logged_as_its_activity(
    services: Services, kind: str, activity_kind: str
) -> None:
    case_id, _ = open_case(services)
    saved = services.diary.add(visit(case_id, day=TODAY - timedelta(days=2), kind=kind))
    services.diary.log_as_activity(saved.appointment.id, minutes=45)
    [activity] = services.casework.activities(case_id)
    assert (activity.kind, activity.minutes) == (activity_kind, 45)


def test_an_appointment_in_the_future_cannot_be_logged(services: Services) -> None:
    case_id, _ = open_case(services)
    saved = services.diary.add(visit(case_id, day=TUESDAY)).appointment
    with pytest.raises(ValidationError):
        services.diary.log_as_activity(saved.id)
    assert not services.diary.appointment(saved.id).logged


# -- the calendar file -------------------------------------------------------------------


def test_the_ics_file_parses_back_into_the_same_events(services: Services) -> None:
    case_id, ref = open_case(services)
    first = services.diary.add(visit(case_id, start=10, end=11)).appointment
    second = services.diary.add(
        AppointmentDetails(case_id, "best_interests_meeting", at(TUESDAY, 14),
                           at(TUESDAY, 15, 30), place="Broomfield Hospital, ward 4",
                           attendees="Dr Patel", notes="Jane Partridge's sister to come")
    ).appointment  # fmt: skip
    text = services.diary.export("tester", TODAY, TODAY + timedelta(days=6), "ics")
    calendar = Calendar.from_ical(text)
    assert calendar["prodid"] == "-//Advocacy Desk//Diary//EN"
    assert calendar["version"] == "2.0"
    events = events_of(text)
    assert [
        (str(e["uid"]), str(e["summary"]), start_of(e).replace(tzinfo=None),
         end_of(e).replace(tzinfo=None), str(e.get("location", "")))
        for e in events
    ] == [
        (f"appointment-{first.id}@advocacy-desk", f"{ref} Visit", first.starts_at,
         first.ends_at, "Oak House"),
        (f"appointment-{second.id}@advocacy-desk", f"{ref} Best interests meeting",
         second.starts_at, second.ends_at, "Broomfield Hospital, ward 4"),
    ]  # fmt: skip
    assert all(str(start_of(e).tzinfo) == "Europe/London" for e in events)
    assert "DTSTART;TZID=Europe/London:20261124T100000" in text
    assert all("dtstamp" in e for e in events)
    assert not any("description" in e for e in events)
    assert not any(name in text for name in ("Jane", "Partridge", "Dr Patel"))
    assert "export" in audit_actions(services, "diary")


def test_the_ics_holds_names_only_when_asked(services: Services) -> None:
    case_id, ref = open_case(services)
    services.diary.add(visit(case_id))
    text = services.diary.export("tester", TODAY, TODAY + timedelta(days=6), "ics", True)
    [event] = events_of(text)
    assert str(event["summary"]) == f"{ref} Visit: Jane Partridge"
    assert str(event["description"]) == (
        "Who else attends: Sam Reid (social worker)\n\nJane wants her sister there"
    )


def test_summer_times_are_british_summer_time(services: Services) -> None:
    case_id, _ = open_case(services)
    july = date(2027, 7, 1)
    services.diary.add(visit(case_id, day=july))
    [event] = events_of(services.diary.export("tester", july, july, "ics"))
    assert start_of(event).utcoffset() == timedelta(hours=1)
    assert start_of(event).replace(tzinfo=None) == at(july, 10)


def test_the_json_export(services: Services) -> None:
    case_id, ref = open_case(services)
    services.diary.add(visit(case_id))
    services.diary.add(visit(case_id, day=TODAY + timedelta(days=40)))  # outside
    [item] = json.loads(services.diary.export(None, TODAY, TODAY + timedelta(days=6), "json"))
    assert item["case_ref"] == ref
    assert (item["kind"], item["kind_label"]) == ("visit", "Visit")
    assert (item["starts_at"], item["ends_at"]) == (
        "2026-11-24T10:00:00+00:00", "2026-11-24T11:00:00+00:00")  # fmt: skip
    assert (item["place"], item["minutes"], item["logged"]) == ("Oak House", 60, False)
    assert not {"notes", "attendees", "person_name"} & set(item)
    [named] = json.loads(
        services.diary.export(None, TODAY, TODAY + timedelta(days=6), "json", with_names=True)
    )
    assert (named["person_name"], named["notes"]) == (
        "Jane Partridge",
        "Jane wants her sister there",
    )


def test_export_problems_say_what_to_do(services: Services) -> None:
    with pytest.raises(NotFound, match="no advocate called 'nobody'"):
        services.diary.export("nobody", TODAY, TODAY, "ics")
    # the tester has no staff record, so no caseload
    with pytest.raises(AdvocacyDeskError, match="you hold no caseload: give --advocate"):
        services.diary.export(None, TODAY, TODAY, "ics")
    with pytest.raises(ValidationError):
        services.diary.export("tester", TODAY, TODAY - timedelta(days=1), "ics")
    with pytest.raises(ValidationError):
        services.diary.export("tester", TODAY, TODAY, "csv")


# -- an advocate and their own diary ----------------------------------------------------


def test_an_advocate_keeps_to_their_own_diary(services: Services) -> None:
    anns, _ = open_case(services, "Jane", advocate="ann")
    dees, _ = open_case(services, "Amir", "Khan", advocate="dee")
    services.diary.add(visit(anns))
    services.diary.add(visit(dees))
    dee = staff_id(services, "dee")
    ann = staff_id(services, "ann")
    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)

    assert services.diary.my_diary_id() == ann
    assert [r.case_id for r in services.diary.day(None, TUESDAY)] == [anns]
    assert [r.case_id for r in services.diary.week(ann, TUESDAY)[TUESDAY]] == [anns]
    with pytest.raises(NotPermitted, match="another advocate's diary"):
        services.diary.day(dee, TUESDAY)
    with pytest.raises(NotPermitted):
        services.diary.export("dee", TODAY, TUESDAY, "ics")
    with pytest.raises(NotPermitted):
        services.diary.add(visit(dees))
    with pytest.raises(NotPermitted):
        services.diary.add(visit(anns), advocate_id=dee)
    own = json.loads(services.diary.export(None, TODAY, TUESDAY, "json"))
    assert [item["advocate"] for item in own] == ["ann"]
    assert services.diary.add(visit(anns, start=15, end=16)).warnings == ()


def test_parse_time_reads_the_usual_ways() -> None:
    assert [parse_time(t).strftime("%H:%M") for t in ("9", "09:30", "14.05", "2pm", "12am",
                                                      "2:30 pm")] == [
        "09:00", "09:30", "14:05", "14:00", "00:00", "14:30"]  # fmt: skip
    for bad in ("25:00", "9:75", "13pm", "noon", ""):
        with pytest.raises(ValueError, match="not a time"):
            parse_time(bad)


# -- next actions beside the appointments -------------------------------------------------


def test_next_actions_due_in_the_week_are_on_their_days(services: Services) -> None:
    """A case's next action falling due in the week shown is in the diary on its day,
    for the advocate's own cases; a manager looking at a diary sees that advocate's."""
    anns, ann_ref = open_case(services, "Jane", advocate="ann")
    later, _ = open_case(services, "Lee", "Chan", advocate="ann")
    dees, dee_ref = open_case(services, "Amir", "Khan", advocate="dee")
    services.casework.set_next_action(anns, "Chase the social worker", TUESDAY)
    services.casework.set_next_action(later, "Ring the care home", TODAY + timedelta(days=9))
    services.casework.set_next_action(dees, "Write to the GP", TODAY - timedelta(days=1))
    ann, dee = staff_id(services, "ann"), staff_id(services, "dee")
    monday, sunday = TODAY, TODAY + timedelta(days=6)

    [due] = services.diary.actions_due(ann, monday, sunday)  # the manager, on Ann's diary
    assert (due.case_ref, due.action, due.due_on, due.overdue) == (
        ann_ref, "Chase the social worker", TUESDAY, False)  # fmt: skip
    assert due.text == f"Next action due: Chase the social worker \u2014 {ann_ref}"
    assert due.person_name == "Jane Partridge"
    # Dee's fell due last Sunday: not in this week, but in last week's, marked overdue.
    assert services.diary.actions_due(dee, monday, sunday) == []
    [late] = services.diary.actions_due(dee, monday - timedelta(days=7), monday - timedelta(1))
    assert late.overdue
    assert late.text == f"Next action overdue: Write to the GP \u2014 {dee_ref}"
    everyone = services.diary.actions_due(None, monday - timedelta(days=7), sunday)
    assert [a.case_ref for a in everyone] == [dee_ref, ann_ref]

    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)
    assert [a.case_id for a in services.diary.actions_due(None, monday, sunday + timedelta(7))
            ] == [anns, later]  # fmt: skip
    with pytest.raises(NotPermitted, match="another advocate's diary"):
        services.diary.actions_due(dee, monday, sunday)


def test_a_closed_case_has_no_next_action_in_the_diary(services: Services) -> None:
    case_id, _ = open_case(services)
    services.casework.set_next_action(case_id, "Send the report", TUESDAY)
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "not_asked")
    services.casework.close(case_id, Closure("resolved", TODAY, Feedback(answers, "person")))
    assert services.diary.actions_due(None, TODAY, TODAY + timedelta(days=6)) == []
