from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from advocacy_desk.app import Services, open_services
from advocacy_desk.db.models import AuditEvent
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.people import PersonSort, PossibleDuplicate
from tests.conftest import TODAY


def _add(services: Services, given: str, family: str, born: date | None = None, **kw: str) -> int:
    return services.people.create(PersonDetails(given, family, born, **kw), allow_duplicate=True).id


def test_create_assigns_references_and_keeps_equality_fields(services: Services) -> None:
    first = services.people.create(
        PersonDetails(
            "Jane", "Smith", date(1950, 2, 1), ethnicity="white_irish", postcode="co4 3sq"
        )
    )
    second = services.people.create(PersonDetails("Amir", "Khan"))
    assert (first.person_ref, second.person_ref) == ("P000001", "P000002")
    fetched = services.people.get_by_ref("P000001")
    assert fetched.details.ethnicity == "white_irish"
    assert fetched.details.postcode == "CO4 3SQ"
    assert fetched.details.sex == "not_known"


def test_invalid_person_is_not_saved(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.people.create(PersonDetails("", "Smith", date(2030, 1, 1)))
    assert set(caught.value.errors) == {"given_name", "date_of_birth"}
    assert services.people.count() == 0


def test_duplicate_is_flagged_tolerant_of_case_spacing_and_typos(services: Services) -> None:
    existing = _add(services, "Jane", "Smith", date(1950, 2, 1))
    _add(services, "Jane", "Smith", date(1980, 5, 5))  # same name, different person
    for given, family, born in [
        ("jane ", " SMITH", date(1950, 2, 1)),
        ("Jane", "Smtih", date(1950, 2, 1)),
        ("Jane", "Smith", date(1950, 1, 2)),  # day and month swapped
    ]:
        with pytest.raises(PossibleDuplicate) as caught:
            services.people.create(PersonDetails(given, family, born))
        assert [c.id for c in caught.value.candidates] == [existing]
    assert services.people.count() == 2
    assert services.people.find_similar("John", "Smith", date(1950, 2, 1)) == []


def test_search_filters_on_name_reference_postcode_and_birth_date(services: Services) -> None:
    jane = _add(services, "Jane", "Smith", date(1950, 2, 1), postcode="CM1 1AA")
    amir = _add(services, "Amir", "Khan", date(1972, 7, 9), postcode="SS1 2AB")
    assert services.people.search_ids("smi") == [jane]
    assert services.people.search_ids("P000002") == [amir]
    assert services.people.search_ids("ss1") == [amir]
    assert services.people.search_ids("09/07/1972") == [amir]
    assert services.people.search_ids("jane cm1") == [jane]
    assert services.people.search_ids("jane ss1") == []
    assert services.people.search_ids("100%") == []


def test_search_sees_people_added_and_changed_by_another_user(
    services: Services, database: str
) -> None:
    jane = _add(services, "Jane", "Smith", date(1950, 2, 1))
    assert services.people.search_ids("smith") == [jane]  # the search snapshot is now warm
    other_user = open_services(database, today=lambda: TODAY, user="colleague")
    try:
        john = _add(other_user, "John", "Smith", date(1961, 3, 3))
        other_user.people.update(jane, PersonDetails("Jane", "Jones", date(1950, 2, 1)))
    finally:
        other_user.close()
    assert services.people.search_ids("smith") == [john]
    assert services.people.search_ids("jones") == [jane]
    assert services.people.search_ids("smith", sort=PersonSort.NAME, descending=True) == [john]


def test_every_sort_order_reverses_exactly_when_descending(services: Services) -> None:
    people = [("Zoe", "Adams", date(1990, 1, 1)), ("Al", "Young", None),
              ("Bea", "Adams", None), ("Bea", "Adams", date(1990, 1, 1))]  # fmt: skip
    for given, family, born in people:
        _add(services, given, family, born)
    for sort in PersonSort:
        ascending = services.people.search_ids("a", sort=sort)
        assert len(ascending) == 4
        assert services.people.search_ids("a", sort=sort, descending=True) == ascending[::-1]
    by_birth = services.people.rows(services.people.search_ids(sort=PersonSort.DATE_OF_BIRTH))
    assert [r.date_of_birth for r in by_birth][2:] == [date(1990, 1, 1)] * 2


def test_sorting_and_rows_keep_the_requested_order(services: Services) -> None:
    ids = [_add(services, g, f, b) for g, f, b in [
        ("Zoe", "Adams", date(1990, 1, 1)), ("Al", "Young", date(1940, 1, 1)),
        ("Bea", "Adams", None),
    ]]  # fmt: skip
    by_name = services.people.search_ids(sort=PersonSort.NAME)
    assert [r.given_name for r in services.people.rows(by_name)] == ["Bea", "Zoe", "Al"]
    by_birth = services.people.search_ids(sort=PersonSort.DATE_OF_BIRTH, descending=True)
    assert services.people.rows(by_birth)[0].id == ids[0]
    assert services.people.rows([ids[2], ids[0]])[0].given_name == "Bea"


def test_update_changes_record_and_audits_old_and_new(services: Services) -> None:
    person_id = _add(services, "Jane", "Smith", date(1950, 2, 1))
    updated = services.people.update(
        person_id, PersonDetails("Jane", "Smythe", date(1950, 2, 1), religion="christian")
    )
    assert updated.details.family_name == "Smythe"
    assert updated.version == 2
    assert services.people.search_ids("smythe") == [person_id]
    with services.uow() as uow:
        event = uow.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
        assert event.username == "tester"
        assert json.loads(event.details)["family_name"] == ["Smith", "Smythe"]


def test_unknown_person_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound):
        services.people.get(999)


def test_a_new_reference_steps_past_one_an_import_already_took(services: Services) -> None:
    from advocacy_desk.db.models import Person

    first = services.people.create(PersonDetails("Ann", "Able", date(1950, 1, 1)))
    assert first.person_ref == "P000001"
    with services.uow() as uow:  # as an import would: its own reference, one ahead
        uow.session.add(Person(person_ref="P000003", given_name="Imp", family_name="Orted",
                               name_key="imp orted", search_text="imp orted"))  # fmt: skip
        uow.commit()
    third = services.people.create(PersonDetails("Cy", "Cole", date(1960, 1, 1)))
    assert third.person_ref == "P000004"  # P000003 (the next by id) is taken


# -- the postal address --------------------------------------------------------------------


def test_the_address_is_kept_tidy_beside_the_postcode(services: Services) -> None:
    person = services.people.create(
        PersonDetails("Jane", "Smith", address_line_one="  12  Mill Lane ",
                      address_line_two="Great Baddow", town=" Chelmsford", postcode="cm2 0aa")
    )  # fmt: skip
    details = services.people.get(person.id).details
    assert details.address_lines() == ["12 Mill Lane", "Great Baddow", "Chelmsford", "CM2 0AA"]


def test_a_second_line_alone_moves_up_to_the_first(services: Services) -> None:
    person = services.people.create(PersonDetails("Amir", "Khan", address_line_two="3 Oak Road"))
    details = services.people.get(person.id).details
    assert (details.address_line_one, details.address_line_two) == ("3 Oak Road", "")


def test_a_bad_address_is_refused_naming_each_field(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.people.create(
            PersonDetails("Jane", "Smith", address_line_one="12 Mill Lane\nGreat Baddow",
                          town="x" * 61, postcode="not a postcode")
        )  # fmt: skip
    errors = caught.value.errors
    assert set(errors) == {"address_line_one", "town", "postcode"}
    assert errors["address_line_one"] == (
        "Address line 1 holds a line break: type one line here and the next part of the "
        "address in the next box."
    )
    assert errors["town"] == "Town is too long: at most 60 characters."
    assert services.people.count() == 0


def test_changing_the_address_is_audited_with_old_and_new(services: Services) -> None:
    person_id = _add(services, "Jane", "Smith", address_line_one="12 Mill Lane")
    record = services.people.get(person_id)
    services.people.update(
        person_id, PersonDetails("Jane", "Smith", address_line_one="3 Oak Road", town="Maldon")
    )
    with services.uow() as uow:
        details = uow.session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.action == "update", AuditEvent.entity == "person"
            )
        ).one()
    assert json.loads(details) == {"address_line_one": ["12 Mill Lane", "3 Oak Road"],
                                   "town": ["", "Maldon"]}  # fmt: skip
    assert record.version < services.people.get(person_id).version
