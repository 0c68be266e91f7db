"""Two people editing the same record at once: the second save is refused with a message
saying who saved in between and what they changed, and nothing is overwritten.

Each record a form edits (a person, a referral, a report, an appointment) is opened by
two users; the first saves, then the second saves from the record their form opened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from advocacy_desk.app import Services, open_services
from advocacy_desk.db.models import Person
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.errors import EditConflict
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.services import concurrency
from advocacy_desk.services import people as people_module
from advocacy_desk.services.concurrency import LONDON, RACE, describe_changes
from tests.conftest import TODAY
from tests.services.test_diary import open_case as open_diary_case
from tests.services.test_diary import visit
from tests.services.test_reports import DETAILS as REPORT
from tests.services.test_reports import open_case as open_report_case

OTHER = "mkhan"


@pytest.fixture
def colleague(services: Services, database: str) -> Iterator[Services]:
    """A second user of the same database, on their own connection."""
    other = open_services(database, today=lambda: TODAY, user=OTHER)
    yield other
    other.close()


# -- the four kinds of record ------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How to make, read and save one kind of record, and which field the test edits."""

    entity: str
    make: Callable[[Services], int]
    read: Callable[[Services, int], Any]
    #: (services, id, details, opened) -> the record as saved.
    save: Callable[[Services, int, Any, Any], Any]
    details: Callable[[Any], Any]
    field: str
    old: str
    first: str
    second: str

    def edited(self, record: Any, value: str) -> Any:
        return dataclasses.replace(self.details(record), **{self.field: value})

    def stored(self, services: Services, record_id: int) -> Any:
        return getattr(self.details(self.read(services, record_id)), self.field)


def _person(services: Services) -> int:
    details = PersonDetails("Jane", "Able", date(1950, 2, 1))
    return services.people.create(details, allow_duplicate=True).id


def _referral(services: Services) -> int:
    person_id = _person(services)
    details = ReferralDetails(date(2026, 11, 2), "social_worker", "care_act")
    return services.referrals.create(person_id, details).id


def _report(services: Services) -> int:
    return services.reports.create(open_report_case(services), REPORT).id


def _appointment(services: Services) -> int:
    case_id, _ref = open_diary_case(services)
    return services.diary.add(visit(case_id)).appointment.id


KINDS = {
    "person": Kind(
        "person", _person,
        lambda s, i: s.people.get(i),
        lambda s, i, d, o: s.people.update(i, d, opened=o),
        lambda r: r.details,
        "family_name", "Able", "Able-Smith", "Able-Jones",
    ),
    "referral": Kind(
        "referral", _referral,
        lambda s, i: s.referrals.get(i),
        lambda s, i, d, o: s.referrals.update(i, d, opened=o),
        lambda r: r.details,
        "notes", "", "Phoned the ward", "Left a message",
    ),
    "report": Kind(
        "advocate_report", _report,
        lambda s, i: s.reports.get(i),
        lambda s, i, d, o: s.reports.update(i, d, opened=o),
        lambda r: r.details,
        "decision_maker", REPORT.decision_maker, "Ali Khan, Essex County Council",
        "Pat Lee, NHS",
    ),
    "appointment": Kind(
        "appointment", _appointment,
        lambda s, i: s.diary.appointment(i),
        lambda s, i, d, o: s.diary.update(i, d, opened=o).appointment,
        lambda r: r.details(),
        "place", "Oak House", "Elm Ward", "Phone",
    ),
}  # fmt: skip
WHAT = {
    "person": "this person's record",
    "referral": "this referral",
    "report": "this report",
    "appointment": "this appointment",
}

each_kind = pytest.mark.parametrize("name", list(KINDS))


def updates(services: Services, entity: str, record_id: int) -> list[str]:
    """Who saved a change to the record, oldest first, from the audit trail."""
    return [
        e.username
        for e in services.audit.events(action="update")
        if e.entity == entity and e.entity_id == record_id
    ]


def _shown(value: str) -> str:
    return f'"{value}"' if value else "blank"


@each_kind
def test_the_second_save_is_refused_and_overwrites_nothing(
    services: Services, colleague: Services, name: str
) -> None:
    kind = KINDS[name]
    record_id = kind.make(services)
    mine = kind.read(services, record_id)  # both open the record
    theirs = kind.read(colleague, record_id)
    kind.save(colleague, record_id, kind.edited(theirs, kind.first), theirs)

    with pytest.raises(EditConflict) as refused:
        kind.save(services, record_id, kind.edited(mine, kind.second), mine)

    message = str(refused.value)
    assert message.startswith(f"someone else saved {WHAT[name]} while you had it open ({OTHER} at ")
    label = kind.field.replace("_", " ")
    assert f"they changed {label} ({_shown(kind.old)} to {_shown(kind.first)})" in message
    assert "Nothing of yours was saved" in message
    assert kind.stored(services, record_id) == kind.first
    assert updates(services, kind.entity, record_id) == [OTHER]


@each_kind
def test_saving_from_the_record_as_it_stands_goes_ahead(
    services: Services, colleague: Services, name: str
) -> None:
    kind = KINDS[name]
    record_id = kind.make(services)
    theirs = kind.read(colleague, record_id)
    kind.save(colleague, record_id, kind.edited(theirs, kind.first), theirs)

    fresh = kind.read(services, record_id)  # opened after their save
    saved = kind.save(services, record_id, kind.edited(fresh, kind.second), fresh)

    assert kind.details(saved) == kind.edited(fresh, kind.second)
    assert kind.stored(services, record_id) == kind.second
    assert updates(services, kind.entity, record_id) == [OTHER, "tester"]


@each_kind
def test_saving_twice_from_the_same_form_goes_ahead(services: Services, name: str) -> None:
    kind = KINDS[name]
    record_id = kind.make(services)
    opened = kind.read(services, record_id)

    first = kind.save(services, record_id, kind.edited(opened, kind.first), opened)
    again = kind.save(services, record_id, kind.edited(first, kind.second), first)

    assert again.version == first.version + 1 == opened.version + 2
    assert kind.read(services, record_id).version == again.version
    assert kind.stored(services, record_id) == kind.second
    assert updates(services, kind.entity, record_id) == ["tester", "tester"]


@each_kind
def test_callers_without_a_form_are_not_checked(
    services: Services, colleague: Services, name: str
) -> None:
    kind = KINDS[name]
    record_id = kind.make(services)
    stale = kind.read(services, record_id)
    kind.save(colleague, record_id, kind.edited(stale, kind.first), None)
    kind.save(services, record_id, kind.edited(stale, kind.second), None)
    assert kind.stored(services, record_id) == kind.second


# -- the message -------------------------------------------------------------------------


def test_the_message_for_a_person_in_full(
    services: Services, colleague: Services, database: str
) -> None:
    person_id = _person(services)
    mine = services.people.get(person_id)
    theirs = colleague.people.get(person_id)
    changed = dataclasses.replace(
        theirs.details, family_name="Able-Smith", date_of_birth=date(1950, 1, 2), postcode="CM1 1AA"
    )
    colleague.people.update(person_id, changed, opened=theirs)
    # Someone else only reading the record since is not who saved it.
    reader = open_services(database, today=lambda: TODAY, user="sreid")
    try:
        reader.people.get(person_id)
    finally:
        reader.close()

    with pytest.raises(EditConflict) as refused:
        services.people.update(
            person_id, dataclasses.replace(mine.details, given_name="Janet"), opened=mine
        )

    saved = next(e for e in services.audit.events(action="update") if e.entity == "person")
    when = stored_utc(saved.occurred_at).astimezone(LONDON).strftime("%H:%M on %d/%m/%Y")
    assert str(refused.value) == (
        f"someone else saved this person's record while you had it open (mkhan at {when}); "
        'they changed family name ("Able" to "Able-Smith"), date of birth ("01/02/1950" to '
        '"02/01/1950"), postcode (blank to "CM1 1AA"). Nothing of yours was saved: copy '
        "anything you need, close it and open it again to see their changes, then make yours"
    )
    assert services.people.get(person_id).details == changed


def test_an_address_saved_by_someone_else_is_a_conflict_named_as_the_form_names_it(
    services: Services, colleague: Services
) -> None:
    person_id = _person(services)
    mine = services.people.get(person_id)
    theirs = colleague.people.get(person_id)
    colleague.people.update(
        person_id,
        dataclasses.replace(theirs.details, address_line_one="12 Mill Lane"),
        opened=theirs,
    )
    with pytest.raises(EditConflict) as refused:
        services.people.update(
            person_id, dataclasses.replace(mine.details, town="Maldon"), opened=mine
        )
    assert 'they changed address line 1 (blank to "12 Mill Lane")' in str(refused.value)
    assert services.people.get(person_id).details.town == ""


def test_changes_are_described_as_the_forms_show_them() -> None:
    assert describe_changes(
        {
            "starts_at": ["2026-11-24T10:00", "2026-11-24T11:30"],
            "difficulties": [["understanding"], ["communicating", "understanding"]],
            "notes": ["x" * 60, None],
            "place": ["2026-13-45", "Oak House"],
        }
    ) == (
        'starts at ("24/11/2026 10:00" to "24/11/2026 11:30"), difficulties ("understanding" '
        'to "communicating, understanding"), notes ("' + "x" * 37 + '..." to blank), '
        'place ("2026-13-45" to "Oak House")'
    )


def test_coded_answers_are_named_as_the_form_names_them(
    services: Services, colleague: Services
) -> None:
    """A stored code ("female") reads as the form's label ("Female"), and a field as the
    form's label ("ethnic group", not "ethnicity")."""
    person_id = _person(services)
    mine = services.people.get(person_id)
    theirs = colleague.people.get(person_id)
    colleague.people.update(
        person_id, dataclasses.replace(theirs.details, sex="female"), opened=theirs
    )
    with pytest.raises(EditConflict) as refused:
        services.people.update(
            person_id, dataclasses.replace(mine.details, postcode="CM2 0AA"), opened=mine
        )
    assert 'they changed sex ("Not known" to "Female")' in str(refused.value)


def test_changes_name_fields_and_codes_as_given() -> None:
    from advocacy_desk.domain.people import CODED_FIELDS, FIELD_LABELS
    from advocacy_desk.domain.vocabulary import REPORT_KIND

    assert describe_changes(
        {"ethnicity": ["not_known", "white_british"], "first_language": ["", "Welsh"]},
        FIELD_LABELS,
        CODED_FIELDS,
    ).startswith('ethnic group ("Not known" to "')
    assert (
        describe_changes({"kind": ["care_act", "other"]}, codes={"kind": REPORT_KIND})
        == 'kind ("Care Act advocacy report" to "Other report")'
    )


# -- a race the check cannot see ---------------------------------------------------------


def _bump_version(session: Session, person_id: int) -> None:
    """Another user's save landing now: straight to the table, unseen by this session."""
    session.connection().execute(
        update(Person).where(Person.id == person_id).values(version=Person.version + 1)
    )


def test_a_unit_of_work_losing_a_race_says_so_and_saves_nothing(services: Services) -> None:
    person_id = _person(services)

    def save_after_someone_else() -> None:
        with services.uow() as uow:
            person = uow.session.get(Person, person_id)
            assert person is not None
            _bump_version(uow.session, person_id)
            person.family_name = "Overwritten"
            uow.commit()

    with pytest.raises(EditConflict) as refused:
        save_after_someone_else()

    assert str(refused.value) == RACE
    assert isinstance(refused.value.__cause__, StaleDataError)
    record = services.people.get(person_id)
    assert (record.details.family_name, record.version) == ("Able", 1)


def test_a_save_racing_past_the_check_is_refused_with_a_clear_message(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = _person(services)
    opened = services.people.get(person_id)

    def check_then_lose_the_race(session: Session, **kwargs: Any) -> None:
        concurrency.refuse_if_changed(session, **kwargs)  # passes: nobody has saved yet
        _bump_version(session, person_id)  # ...but someone does, before this save's UPDATE

    monkeypatch.setattr(people_module, "refuse_if_changed", check_then_lose_the_race)
    details = dataclasses.replace(opened.details, family_name="Overwritten")
    with pytest.raises(EditConflict, match=r"^someone else saved this record at the same moment"):
        services.people.update(person_id, details, opened=opened)

    assert services.people.get(person_id).details == opened.details
    assert updates(services, "person", person_id) == []
