"""A row's values as the domain's details: the same dataclasses the app's forms fill, so
an imported row is checked and tidied by the same rules."""

from __future__ import annotations

from typing import Any

from advocacy_desk.domain.contracts import ContractDetails
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import DAY, NOT_KNOWN, TIME_OF_DAY
from advocacy_desk.domain.volunteers import PartnerProfileDetails, VolunteerDetails

Values = dict[str, Any]

PERSON_CODED = (
    "sex",
    "gender_identity",
    "ethnicity",
    "disability",
    "sexual_orientation",
    "religion",
    "interpreter_needed",
    "primary_need",
    "out_of_area",
)
PERSON_TEXT = (
    "first_language",
    "address_line_one",
    "address_line_two",
    "town",
    "postcode",
    "local_authority",
)


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _in_order(codes: frozenset[str] | None, order: tuple[str, ...]) -> str:
    return ";".join(c for c in order if codes and c in codes)


def contract_details(v: Values) -> ContractDetails:
    return ContractDetails(
        name=v["name"],
        commissioner=v["commissioner"],
        starts_on=v["starts_on"],
        ends_on=v["ends_on"],
        advocacy_types=_or(v["advocacy_types"], frozenset()),
        hours_per_year=v["hours_per_year"],
        cases_per_year=v["cases_per_year"],
    )


def person_details(v: Values) -> PersonDetails:
    return PersonDetails(
        given_name=v["given_name"],
        family_name=v["family_name"],
        date_of_birth=v["date_of_birth"],
        **{name: _or(v[name], NOT_KNOWN) for name in PERSON_CODED},
        **{name: _or(v[name], "") for name in PERSON_TEXT},
    )


def referral_details(v: Values, contract_id: int | None) -> ReferralDetails:
    return ReferralDetails(
        received_on=v["received_on"],
        source=v["source"],
        advocacy_type=v["advocacy_type"],
        care_act_process=_or(v["care_act_process"], "none"),
        decision_due_on=v["decision_due_on"],
        safeguarding=_or(v["safeguarding"], "none"),
        difficulties=_or(v["substantial_difficulty"], frozenset()),
        appropriate_individual=_or(v["appropriate_individual"], NOT_KNOWN),
        contract_id=contract_id,
        complexity=v["complexity"],
        impact=v["impact"],
        support_network=v["support_network"],
        capacity_voice=v["capacity_voice"],
    )


def volunteer_details(v: Values) -> VolunteerDetails:
    return VolunteerDetails(
        given_name=v["given_name"],
        family_name=v["family_name"],
        date_of_birth=v["date_of_birth"],
        sex=_or(v["sex"], NOT_KNOWN),
        postcode=_or(v["postcode"], ""),
        travel_km=v["travel_km"],
        languages=_or(v["languages"], ""),
        interests=_or(v["interests"], ""),
        available_days=_in_order(v["available_days"], DAY.codes),
        available_times=_in_order(v["available_times"], TIME_OF_DAY.codes),
        smoker=bool(v["smoker"]),
        pet_allergy=bool(v["pet_allergy"]),
        dbs_checked_on=v["dbs_checked_on"],
        dbs_expires_on=v["dbs_expires_on"],
        trained_on=v["trained_on"],
        max_partners=_or(v["max_partners"], 1),
        status=_or(v["status"], "enquiry"),
    )


def profile_details(v: Values) -> PartnerProfileDetails:
    return PartnerProfileDetails(
        interests=_or(v["interests"], ""),
        languages=_or(v["languages"], ""),
        required_language=_or(v["required_language"], ""),
        preferred_sex=_or(v["preferred_sex"], ""),
        sex_required=bool(v["sex_required"]),
        available_days=_in_order(v["available_days"], DAY.codes),
        has_pets=bool(v["has_pets"]),
        smoke_free_required=bool(v["smoke_free_required"]),
    )
