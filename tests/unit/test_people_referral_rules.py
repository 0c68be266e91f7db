from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails, clean_person
from advocacy_desk.domain.referrals import ReferralDetails, clean_referral

TODAY = date(2026, 11, 23)


def test_clean_person_tidies_names_and_postcode() -> None:
    clean = clean_person(PersonDetails("  Jane ", " van  der Berg", postcode="cm2 0ab"), TODAY)
    assert (clean.given_name, clean.family_name, clean.postcode) == (
        "Jane",
        "van der Berg",
        "CM2 0AB",
    )


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        (PersonDetails("", "Smith"), "given_name", "Given name is required"),
        (PersonDetails("Jane", "   "), "family_name", "Family name is required"),
        (PersonDetails("Jane", "Smith", date(2027, 1, 1)), "date_of_birth", "in the future"),
        (PersonDetails("Jane", "Smith", date(1850, 1, 1)), "date_of_birth", "before 1900"),
        (PersonDetails("Jane", "Smith", ethnicity="martian"), "ethnicity", "Ethnic group"),
        (PersonDetails("Jane", "Smith", postcode="not a postcode"), "postcode", "Postcode"),
    ],
)
def test_bad_person_details_name_the_field(details: PersonDetails, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_person(details, TODAY)
    assert field in caught.value.errors
    assert words in caught.value.errors[field]


def _referral(**changes: object) -> ReferralDetails:
    values: dict[str, object] = {
        "received_on": date(2026, 11, 1),
        "source": "social_worker",
        "advocacy_type": "care_act",
    }
    values.update(changes)
    return ReferralDetails(**values)  # type: ignore[arg-type]


def test_received_date_before_birth_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_referral(_referral(received_on=date(1949, 1, 1)), date(1950, 2, 1), TODAY)
    assert "before the person's date of birth" in caught.value.errors["received_on"]


def test_received_in_future_and_decision_before_received_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_referral(
            _referral(received_on=date(2026, 12, 1), decision_due_on=date(2026, 11, 30)),
            None,
            TODAY,
        )
    assert "in the future" in caught.value.errors["received_on"]
    assert "before the received date" in caught.value.errors["decision_due_on"]


def test_matrix_answers_must_be_one_to_four() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_referral(_referral(complexity=5, impact=0), None, TODAY)
    assert set(caught.value.errors) == {"complexity", "impact"}


@given(
    given_name=st.text(max_size=120),
    family_name=st.text(max_size=120),
    born=st.one_of(st.none(), st.dates()),
    postcode=st.text(max_size=12),
    sex=st.text(max_size=12),
)
def test_any_person_input_is_cleaned_or_refused_clearly(
    given_name: str, family_name: str, born: date | None, postcode: str, sex: str
) -> None:
    try:
        clean_person(
            PersonDetails(given_name, family_name, born, sex=sex, postcode=postcode), TODAY
        )
    except ValidationError as exc:
        assert exc.errors
        assert all(message for message in exc.errors.values())
