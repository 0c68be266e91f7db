from __future__ import annotations

from datetime import date

import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.services.contracts import ContractDetails


@pytest.fixture
def person_id(services: Services) -> int:
    return services.people.create(PersonDetails("Jane", "Smith", date(1950, 2, 1))).id


def _details(**changes: object) -> ReferralDetails:
    values: dict[str, object] = {
        "received_on": date(2026, 11, 2),
        "source": "social_worker",
        "advocacy_type": "care_act",
        "care_act_process": "needs_assessment",
        "difficulties": frozenset({"understanding", "communicating"}),
        "appropriate_individual": "no",
    }
    values.update(changes)
    return ReferralDetails(**values)  # type: ignore[arg-type]


def test_referral_is_recorded_waiting_with_the_gate(services: Services, person_id: int) -> None:
    record = services.referrals.create(person_id, _details(complexity=3))
    assert record.referral_ref == "R000001"
    assert record.status == "waiting"
    assert record.gate.met
    assert record.statutory
    again = services.referrals.get(record.id)
    assert again.details.difficulties == frozenset({"understanding", "communicating"})
    assert again.details.complexity == 3
    assert services.people.get(person_id).referral_count == 1


def test_received_before_birth_saves_nothing(services: Services, person_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        services.referrals.create(person_id, _details(received_on=date(1949, 12, 31)))
    assert "received_on" in caught.value.errors
    assert services.referrals.for_person(person_id) == []


def test_contract_must_cover_the_type(services: Services, person_id: int) -> None:
    contract_id = services.contracts.create(
        ContractDetails(
            "Essex IMHA", "Essex County Council", date(2025, 4, 1), date(2028, 3, 31),
            frozenset({"imha"}),
        )
    ).id  # fmt: skip
    with pytest.raises(ValidationError, match="does not cover"):
        services.referrals.create(person_id, _details(contract_id=contract_id))
    record = services.referrals.create(
        person_id, _details(advocacy_type="imha", contract_id=contract_id)
    )
    assert record.contract_name == "Essex IMHA"
    assert [c.name for c in services.contracts.list()] == ["Essex IMHA"]


def test_update_changes_fields_and_lists_newest_first(services: Services, person_id: int) -> None:
    older = services.referrals.create(person_id, _details(received_on=date(2026, 1, 5)))
    newer = services.referrals.create(person_id, _details())
    services.referrals.update(
        older.id, _details(received_on=date(2026, 1, 5), safeguarding="concern")
    )
    listed = services.referrals.for_person(person_id)
    assert [r.id for r in listed] == [newer.id, older.id]
    assert listed[1].details.safeguarding == "concern"


def test_services_report_empty_until_someone_is_added(services: Services) -> None:
    assert services.is_empty()
    services.people.create(PersonDetails("Amir", "Khan"))
    assert not services.is_empty()


def test_contract_rules_name_the_field(services: Services) -> None:
    bad = ContractDetails(" ", "Essex County Council", date(2026, 4, 1), date(2025, 3, 31))
    with pytest.raises(ValidationError) as caught:
        services.contracts.create(bad)
    assert set(caught.value.errors) == {"name", "ends_on"}
    assert services.contracts.list() == []


def test_a_contract_can_be_changed_and_keeps_a_unique_name(services: Services) -> None:
    first = services.contracts.create(
        ContractDetails("Hub", "Essex County Council", date(2026, 4, 1), date(2027, 3, 31),
                        frozenset({"care_act"}), hours_per_year=1000.0)
    )  # fmt: skip
    services.contracts.create(
        ContractDetails("IMHA", "Essex County Council", date(2026, 4, 1), date(2027, 3, 31))
    )
    changed = services.contracts.update(
        first.id,
        ContractDetails("Hub 2026", "Essex County Council", date(2026, 4, 1), date(2028, 3, 31),
                        frozenset({"care_act", "imca"}), hours_per_year=1200.0, cases_per_year=90),
    )  # fmt: skip
    assert (changed.name, changed.hours_per_year, changed.cases_per_year) == (
        "Hub 2026",
        1200.0,
        90,
    )
    assert changed.advocacy_types == frozenset({"care_act", "imca"})
    with pytest.raises(ValidationError) as caught:
        services.contracts.update(
            first.id,
            ContractDetails("IMHA", "Essex County Council", date(2026, 4, 1), date(2027, 3, 31)),
        )
    assert "exists" in caught.value.errors["name"]
    assert services.contracts.list()[0].name == "Hub 2026"
