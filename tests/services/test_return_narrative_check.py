"""A return's narrative is checked for details the database holds about recorded
people before it is saved or sent: full names, references, postcodes, dates of birth,
street addresses, named where found, and ordinary words left alone."""

from __future__ import annotations

from datetime import date

from advocacy_desk.app import Services
from advocacy_desk.domain.identifying import candidates
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.records.returns import Narrative


def _people(services: Services) -> None:
    services.people.create(PersonDetails("Jane", "Partridge", date(1948, 3, 7),
                                         postcode="CM1 1AA"))  # fmt: skip
    rose = services.people.create(PersonDetails("Rose", "Hill", date(1950, 1, 2)))
    services.people.create(PersonDetails("Seán", "O'Brien", None))
    services.referrals.create(rose.id, ReferralDetails(date(2026, 5, 1), "self", "generic"))


def _found(services: Services, narrative: Narrative) -> list[str]:
    return [d.message for d in services.returns.identifying_details(narrative)]


def test_each_identifying_detail_is_named_where_it_is_found(services: Services) -> None:
    _people(services)
    narrative = Narrative(
        summary="Referrals rose; jane partridge's case is below.",
        themes="Waits. R000001 waited longest.",
        case_studies=(
            "A man in his 70s, postcode cm11aa, born 1948-03-07, moved.",
            "Sean O'Brien, seen 07/03/1948.",
        ),
    )
    assert _found(services, narrative) == [
        "Summary mentions 'jane partridge', a recorded person's name",
        "Themes mentions 'R000001', a recorded referral's reference",
        "Case study 1 mentions 'cm11aa', a recorded person's postcode",
        "Case study 1 mentions '1948-03-07', a recorded person's date of birth",
        "Case study 2 mentions 'Sean O'Brien', a recorded person's name",
        "Case study 2 mentions '07/03/1948', a recorded person's date of birth",
    ]


def test_ordinary_words_and_details_no_one_holds_are_left_alone(services: Services) -> None:
    _people(services)
    narrative = Narrative(
        summary="Jane came up the hill; a rose garden. Partridge Lane day centre.",
        themes="P000099 and C000001 are not recorded; nor is CM2 9ZZ or 08/03/1948.",
        case_studies=("A person on 31/02/1948 (no such day), in CM1.", "Rose, a hill walker."),
    )
    assert _found(services, narrative) == []


def test_candidates_are_found_by_whole_words_case_insensitively() -> None:
    found = candidates("Met JANE  Partridge, (p000001) at cm1 1aa on 7/3/1948.")
    assert found.names["jane partridge"] == "JANE  Partridge"
    assert found.references == {"P000001": "p000001"}
    assert found.postcodes == {"CM1 1AA": "cm1 1aa"}
    assert found.dates == {date(1948, 3, 7): "7/3/1948"}
    assert candidates("JanePartridge XP0000012").references == {}


def test_a_recorded_street_address_is_named_and_a_street_alone_is_not(
    services: Services,
) -> None:
    services.people.create(PersonDetails(
        "Ann", "Other", None, address_line_one="Flat 2, 68 The Avenue", town="London",
    ))  # fmt: skip
    services.people.create(PersonDetails("Bob", "Smith", None, address_line_one="4 Mill Rd"))
    narrative = Narrative(
        summary="Visits to the avenue; 168 The Avenue is a care home.",
        case_studies=(
            "She lives at 68, the Avenue and was isolated.",
            "He moved from 4 Mill Rd. to 5 Mill Road.",
        ),
    )
    assert _found(services, narrative) == [
        "Case study 1 mentions '68, the Avenue', a recorded person's address",
        "Case study 2 mentions '4 Mill Rd', a recorded person's address",
    ]


def test_street_candidates_keep_the_words_as_written() -> None:
    found = candidates("Seen at 12a  Station Road, then at the Station; 3 apples.")
    assert found.streets == {"12a station road": "12a  Station Road"}
