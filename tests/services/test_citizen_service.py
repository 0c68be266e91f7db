"""Citizen advocacy as a coordinator runs it: volunteers, profiles, partnerships."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.volunteers import PartnerProfileDetails, VolunteerDetails, next_review
from tests.conftest import TODAY


def _volunteer(**changes: object) -> VolunteerDetails:
    values: dict[str, object] = {
        "given_name": "Vera", "family_name": "Volunteer", "date_of_birth": date(1962, 4, 4),
        "sex": "female", "postcode": "cm1 1aa", "travel_km": 20.0, "languages": "English",
        "interests": "Gardening; music", "available_days": "Wednesday, mon",
        "available_times": "Evenings; morning",
        "dbs_checked_on": date(2025, 1, 10), "trained_on": date(2025, 2, 1),
        "supervised_on": TODAY - timedelta(days=20), "status": "active",
    }  # fmt: skip
    values.update(changes)
    return VolunteerDetails(**values)  # type: ignore[arg-type]


def _partner(services: Services, given: str = "Pat", **profile: object) -> int:
    person = services.people.create(
        PersonDetails(given, "Partner", date(1950, 3, 3), postcode="CM2 0AA"),
        allow_duplicate=True,
    )
    details = PartnerProfileDetails(**{"interests": "music", "available_days": "mon", **profile})  # type: ignore[arg-type]
    services.citizen.set_profile(person.id, details)
    return person.id


def test_a_volunteer_is_tidied_and_their_dbs_renewal_defaults_to_three_years(
    services: Services,
) -> None:
    saved = services.citizen.add_volunteer(_volunteer())
    details = saved.record.details
    assert saved.record.volunteer_ref == "V000001"
    assert (details.postcode, details.interests, details.available_days) == (
        "CM1 1AA", "gardening; music", "mon;wed",
    )  # fmt: skip
    assert details.available_times == "morning;evening"  # labels read, in the day's order
    assert details.dbs_expires_on == date(2028, 1, 10)
    assert saved.warnings == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"dbs_expires_on": date(2024, 1, 1)}, "dbs_expires_on"),
        ({"travel_km": -5.0}, "travel_km"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"available_days": "mon, funday"}, "available_days"),
        ({"available_times": "mornings; midnight"}, "available_times"),
        ({"given_name": " "}, "given_name"),
    ],
)
def test_bad_volunteer_details_name_the_field_and_save_nothing(
    services: Services, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.citizen.add_volunteer(_volunteer(**changes))
    assert field in caught.value.errors
    assert services.citizen.volunteers() == []


def test_an_unknown_postcode_district_is_kept_and_said_so(services: Services) -> None:
    saved = services.citizen.add_volunteer(_volunteer(postcode="ZZ99 9ZZ"))
    assert saved.record.details.postcode == "ZZ99 9ZZ"
    assert "not in the shipped list" in saved.warnings[0]


def test_due_lists_dbs_renewals_training_and_supervision(services: Services) -> None:
    services.citizen.add_volunteer(_volunteer(dbs_checked_on=date(2023, 12, 1)))  # 01/12/2026
    services.citizen.add_volunteer(_volunteer(given_name="Tom", trained_on=None,
                                              status="in_training"))  # fmt: skip
    services.citizen.add_volunteer(_volunteer(given_name="Sue", supervised_on=None))
    due = [(d.name, d.what) for d in services.citizen.due()]
    assert ("Vera Volunteer", "DBS renewal") in due
    assert ("Tom Volunteer", "preparation training") in due
    assert ("Sue Volunteer", "supervision") in due
    assert ("Vera Volunteer", "supervision") not in due  # supervised 20 days ago


def test_a_partnership_goes_from_proposed_to_ended_with_reviews(services: Services) -> None:
    services.citizen.add_volunteer(_volunteer())
    person = _partner(services)
    assert [p.person_ref for p in services.matching.propose().pairs] == ["P000001"]
    partnership = services.citizen.accept("V000001", "P000001")
    assert services.matching.propose().pairs == ()  # no longer waiting, no free place
    with pytest.raises(ValidationError):  # not before it was proposed
        services.citizen.advance(partnership, TODAY - timedelta(days=3))
    assert services.citizen.advance(partnership).status == "introduced"
    active = services.citizen.advance(partnership)
    assert active.status == "active"
    assert active.next_review_on == date(2027, 2, 23)
    figures = services.citizen.figures()
    assert (figures.active_volunteers, figures.active_partnerships) == (1, 1)
    ended = services.citizen.end(partnership, "moved")
    assert (ended.status, ended.end_reason, ended.ended_on) == ("ended", "moved", TODAY)
    with pytest.raises(ValidationError):
        services.citizen.end(partnership, "moved")
    assert services.citizen.profile(person) is not None


def test_a_pair_that_breaks_a_hard_rule_cannot_be_accepted(services: Services) -> None:
    services.citizen.add_volunteer(_volunteer(pet_allergy=True))
    _partner(services, has_pets=True)
    with pytest.raises(ValidationError) as caught:
        services.citizen.accept("V000001", "P000001")
    assert "allergic" in caught.value.errors["volunteer"]


def test_reviews_come_at_three_six_and_twelve_months_then_yearly() -> None:
    start = date(2026, 1, 15)
    assert next_review(start, start) == date(2026, 4, 15)
    assert next_review(start, date(2026, 4, 16)) == date(2026, 7, 15)
    assert next_review(start, date(2026, 7, 16)) == date(2027, 1, 15)
    assert next_review(start, date(2027, 1, 16)) == date(2028, 1, 15)


def test_figures_count_partners_waiting_and_how_long(services: Services) -> None:
    _partner(services, "Ann")
    figures = services.citizen.figures(TODAY + timedelta(days=10))
    assert (figures.partners_waiting, figures.longest_wait_days) == (1, 10)
