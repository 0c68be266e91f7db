from __future__ import annotations

import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import ValidationError


def test_advocates_get_the_default_capacity_and_can_be_changed(services: Services) -> None:
    dee = services.staff.add("dee", "Dee Okafor", advocacy_types=["care_act", "imca"])
    assert (dee.capacity, dee.advocacy_types) == (30, ("care_act", "imca"))
    changed = services.staff.set_caseload(dee.id, 18, ["imha", "care_act"])
    assert (changed.capacity, changed.advocacy_types) == (18, ("care_act", "imha"))
    load = {a.full_name: a for a in services.waiting_list.advocates()}["Dee Okafor"]
    assert (load.capacity, load.advocacy_types) == (18, ("care_act", "imha"))


def test_bad_staff_details_are_named_and_nothing_is_saved(services: Services) -> None:
    services.staff.add("dee", "Dee Okafor")
    with pytest.raises(ValidationError) as caught:
        services.staff.add("DEE", "  ", capacity=-1, advocacy_types=["imca", "tarot"])
    assert set(caught.value.errors) == {"username", "full_name", "capacity", "advocacy_types"}
    assert "already taken" in caught.value.errors["username"]
    dee = services.staff.list()[0]
    with pytest.raises(ValidationError) as caught:
        services.staff.set_caseload(dee.id, 9999, [])
    assert "0 to 500" in caught.value.errors["capacity"]
    assert services.staff.list()[0].capacity == 30
    assert len(services.staff.list()) == 1
