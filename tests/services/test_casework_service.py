"""Casework as an advocate does it: log, edit, issues, outcomes, close and reopen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from advocacy_desk.app import Services
from advocacy_desk.db.models import Setting
from advocacy_desk.domain.casework import (
    ActivityDetails,
    Closure,
    Feedback,
    format_duration,
    parse_duration,
)
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.services.casework import CaseClosed
from tests.conftest import TODAY

OPENED = TODAY - timedelta(days=30)


def _open_case(services: Services, given: str = "Jane", kind: str = "care_act") -> int:
    person = services.people.create(
        PersonDetails(given, "Smith", date(1950, 2, 1)), allow_duplicate=True
    )
    referral = services.referrals.create(
        person.id, ReferralDetails(OPENED - timedelta(days=5), "self", kind)
    )
    staff = {s.username: s for s in services.staff.list()}
    dee = staff.get("dee") or services.staff.add("dee", "Dee Okafor", advocacy_types=[kind])
    if kind not in dee.advocacy_types:
        services.staff.set_caseload(dee.id, dee.capacity, [*dee.advocacy_types, kind])
    ref = services.waiting_list.allocate(referral.id, dee.id, on=OPENED)
    return next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)


def _visit(minutes: int = 60, days_ago: int = 3, note: str = "visited at home") -> ActivityDetails:
    return ActivityDetails(TODAY - timedelta(days=days_ago), "visit", minutes, 20, note)


@pytest.mark.parametrize(("text", "minutes"), [("45", 45), ("45m", 45), ("1:30", 90),
                                               ("1h30", 90), (" 2:05 ", 125)])  # fmt: skip
def test_durations_read_as_advocates_write_them(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


def test_a_duration_that_is_not_one_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match=r"hours:minutes \(1:30\)"):
        parse_duration("1:75")
    assert format_duration(95) == "1:35"


def test_the_log_is_chronological_and_totals_show_on_the_caseload(services: Services) -> None:
    case_id = _open_case(services)
    services.casework.log_activity(case_id, _visit(90, days_ago=2))
    services.casework.log_activity(case_id, _visit(30, days_ago=10, note="phoned the ward"))
    log = services.casework.activities(case_id)
    assert [a.note for a in log] == ["phoned the ward", "visited at home"]
    assert log[0].advocate_name == "Dee Okafor"
    row = services.casework.caseload()[0]
    assert (row.minutes, row.person_name, row.advocacy_type) == (120, "Jane Smith", "care_act")
    view = services.casework.case(case_id)
    assert (view.minutes, view.travel_minutes, view.activities) == (120, 40, 2)
    assert [e.event for e in view.events] == ["opened"]


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (ActivityDetails(OPENED - timedelta(days=1), "visit", 30), "occurred_on"),
        (ActivityDetails(TODAY + timedelta(days=1), "visit", 30), "occurred_on"),
        (ActivityDetails(TODAY, "visit", 0), "minutes"),
        (ActivityDetails(TODAY, "visit", 24 * 60), "minutes"),
        (ActivityDetails(TODAY, "seance", 30), "kind"),
        (ActivityDetails(TODAY, "visit", 30, travel_minutes=-5), "travel_minutes"),
    ],
)
def test_bad_activities_are_refused_and_nothing_is_logged(
    services: Services, details: ActivityDetails, field: str
) -> None:
    case_id = _open_case(services)
    with pytest.raises(ValidationError) as caught:
        services.casework.log_activity(case_id, details)
    assert field in caught.value.errors
    assert services.casework.activities(case_id) == []


def test_editing_an_activity_keeps_what_it_said_before(services: Services) -> None:
    case_id = _open_case(services)
    logged = services.casework.log_activity(case_id, _visit(note="first words"))
    edited = services.casework.edit_activity(logged.id, _visit(75, note="better words"))
    assert (edited.note, edited.minutes, edited.revisions) == ("better words", 75, 1)
    versions = services.casework.activity_versions(logged.id)
    assert [(v.note, v.minutes) for v in versions] == [("first words", 60)]
    services.casework.edit_activity(logged.id, _visit(75, note="better words"))  # no change
    assert len(services.casework.activity_versions(logged.id)) == 1


def test_next_actions_surface_and_overdue_ones_come_first(services: Services) -> None:
    first = _open_case(services, "Ann")
    second = _open_case(services, "Bea")
    services.casework.set_next_action(first, "attend care review", TODAY + timedelta(days=10))
    services.casework.set_next_action(second, "chase the social worker", TODAY - timedelta(1))
    caseload = services.casework.caseload()
    assert [(r.person_name, r.overdue) for r in caseload] == [
        ("Bea Smith", True), ("Ann Smith", False),
    ]  # fmt: skip
    assert [r.next_action for r in services.casework.next_actions(None, within_days=7)] == [
        "chase the social worker"
    ]
    with pytest.raises(ValidationError):
        services.casework.set_next_action(first, "  ", TODAY)


def test_next_actions_are_counted_as_listed(services: Services) -> None:
    """The People page's count (read in the database, not row by row) says what the
    list of next actions holds: due within the days, overdue, open cases only."""
    cases = [_open_case(services, name) for name in ("Ann", "Bea", "Cal", "Dee")]
    services.casework.set_next_action(cases[0], "attend care review", TODAY + timedelta(days=10))
    services.casework.set_next_action(cases[1], "chase the social worker", TODAY - timedelta(1))
    services.casework.set_next_action(cases[2], "ring the GP", TODAY + timedelta(days=30))
    services.casework.set_next_action(cases[3], "write up", TODAY)  # due today: not overdue
    for days in (0, 7, 14, 30):
        rows = services.casework.next_actions(None, within_days=days)
        assert services.casework.next_actions_due(None, days) == (
            len(rows),
            sum(r.overdue for r in rows),
        )
    assert services.casework.next_actions_due(None, 14) == (3, 1)


def test_a_case_closes_only_when_every_issue_has_an_outcome(services: Services) -> None:
    case_id = _open_case(services)
    services.casework.log_activity(case_id, _visit(days_ago=5))
    issue = services.casework.add_issue(case_id, "accommodation", "wants to move nearer family")
    answers = dict.fromkeys(("informed", "involved", "negotiate", "personal_outcomes",
                             "empowered"), "yes") | {"empowered": "partly"}  # fmt: skip
    closure = Closure("resolved", TODAY, Feedback(answers, "person"))
    with pytest.raises(ValidationError) as caught:
        services.casework.close(case_id, closure)
    assert "wants to move nearer family" in caught.value.errors["issues"]
    assert services.casework.case(case_id).is_open
    services.casework.set_outcome(issue.id, "achieved")
    closed = services.casework.close(case_id, closure)
    assert (closed.closed_on, closed.closure_reason) == (TODAY, "resolved")
    assert closed.feedback is not None
    assert closed.feedback.answers["empowered"] == "partly"
    assert services.casework.caseload() == []
    assert services.people.get(closed.person_id).full_name == "Jane Smith"  # never deleted


def test_a_closed_case_takes_no_work_until_reopened_with_a_reason(services: Services) -> None:
    case_id = _open_case(services)
    services.casework.close(case_id, Closure("person_withdrew", TODAY))
    with pytest.raises(CaseClosed, match="reopen it"):
        services.casework.log_activity(case_id, _visit())
    with pytest.raises(ValidationError):
        services.casework.reopen(case_id, " ")
    reopened = services.casework.reopen(case_id, "person asked again a week later")
    assert reopened.is_open
    assert [e.event for e in reopened.events] == ["opened", "closed", "reopened"]
    services.casework.log_activity(case_id, _visit())


def test_closing_dates_and_answers_are_checked(services: Services) -> None:
    case_id = _open_case(services)
    services.casework.log_activity(case_id, _visit(days_ago=1))
    with pytest.raises(ValidationError) as caught:
        services.casework.close(
            case_id,
            Closure("tired", TODAY - timedelta(days=2),
                    Feedback({"informed": "maybe"}, "the cat")),
        )  # fmt: skip
    assert set(caught.value.errors) == {"reason", "closed_on", "feedback", "answered_by"}
    assert "last logged activity" in caught.value.errors["closed_on"]


def test_hours_by_advocate_and_type_for_a_period(services: Services) -> None:
    care = _open_case(services, "Ann")
    imca = _open_case(services, "Bea", kind="imca")
    services.casework.log_activity(care, _visit(90, days_ago=3))
    services.casework.log_activity(imca, _visit(30, days_ago=3))
    services.casework.log_activity(imca, _visit(45, days_ago=20))
    week = services.casework.hours(TODAY - timedelta(days=7), TODAY, by="advocacy_type")
    assert [(h.group, h.minutes, h.activities, h.cases) for h in week] == [
        ("care_act", 90, 1, 1), ("imca", 30, 1, 1),
    ]  # fmt: skip
    month = services.casework.hours(TODAY - timedelta(days=30), TODAY, by="advocate")
    assert [(h.label, h.minutes, h.travel_minutes, h.cases) for h in month] == [
        ("Dee Okafor", 165, 60, 2)
    ]


def test_a_persons_record_shows_their_cases_hours_and_outcomes(services: Services) -> None:
    case_id = _open_case(services)
    services.casework.log_activity(case_id, _visit(50))
    issue = services.casework.add_issue(case_id, "money_benefits", "benefits appeal")
    services.casework.add_issue(case_id, "health_treatment", "second opinion")
    services.casework.set_outcome(issue.id, "partly_achieved")
    person_id = services.casework.case(case_id).person_id
    history = services.casework.person_cases(person_id)
    assert [(c.case_ref, c.minutes, c.outcomes) for c in history] == [
        ("C000001", 50, ("partly_achieved", "open"))
    ]


def test_a_cleared_draft_leaves_nothing_behind_in_the_database(services: Services) -> None:
    case_id = _open_case(services)
    services.casework.keep_draft(case_id, '{"note": "half a thought"}')
    assert services.casework.draft(case_id) == '{"note": "half a thought"}'
    services.casework.keep_draft(case_id, "")
    with services.uow() as uow:
        keys = uow.session.scalars(select(Setting.key)).all()
    assert f"draft.activity.{case_id}" not in keys
    assert services.casework.draft(case_id) == ""


def test_drafts_are_not_settings_and_settings_refuse_unknown_keys(services: Services) -> None:
    with pytest.raises(AdvocacyDeskError, match=r"no setting called 'draft\.activity\.1'"):
        services.settings.change("draft.activity.1", "anything")
