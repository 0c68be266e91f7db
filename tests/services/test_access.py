"""Roles, enforced in the service layer: every public service method names who may call
it, and each role gets what the issue gives it and nothing more."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, generate
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.services.access import (
    ROLE_PERMISSIONS,
    GuardedService,
    NotPermitted,
    Permission,
    permissions_of,
)
from tests.conftest import TODAY

PASSWORD = "a long enough secret"
#: Opens the demo database signed in as someone ("advocate": the advocate under test).
SignIn = Callable[[str], Services]


def test_every_public_service_method_says_who_may_call_it(services: Services) -> None:
    unguarded: list[str] = []
    checked = 0
    for name in Services.names():
        service = getattr(services, name)
        if not isinstance(service, GuardedService):
            continue
        for attribute, member in inspect.getmembers(type(service)):
            if attribute.startswith("_") or isinstance(member, staticmethod):
                continue
            function = member.fget if isinstance(member, property) else member
            if not inspect.isfunction(function) or _is_static(type(service), attribute):
                continue
            checked += 1
            if permissions_of(function) is None:
                unguarded.append(f"{name}.{attribute}")
    assert checked > 100
    assert unguarded == []


def _is_static(cls: type, attribute: str) -> bool:
    return any(isinstance(k.__dict__.get(attribute), staticmethod) for k in cls.__mro__)


def test_roles_hold_what_the_issue_gives_them() -> None:
    p = Permission
    assert {p.ACCOUNTS, p.SETTINGS, p.BACKUPS} <= ROLE_PERMISSIONS["administrator"]
    assert p.CASEWORK_ALL not in ROLE_PERMISSIONS["administrator"]
    assert {p.CASEWORK_ALL, p.WAITING_MANAGE, p.RETURNS_EXPORT, p.AUDIT} <= ROLE_PERMISSIONS[
        "manager"
    ]
    assert ROLE_PERMISSIONS["advocate"] >= {p.CASEWORK_OWN, p.PEOPLE_OWN, p.WAITING_READ}
    assert p.WAITING_MANAGE not in ROLE_PERMISSIONS["advocate"]
    assert ROLE_PERMISSIONS["volunteer_coordinator"] >= {p.CITIZEN_MANAGE, p.PEOPLE_CITIZEN}
    writes = {p.PEOPLE_ALL, p.CASEWORK_ALL, p.WAITING_MANAGE, p.CITIZEN_MANAGE,
              p.RETURNS_EXPORT, p.ACCOUNTS, p.SETTINGS, p.IMPORT}  # fmt: skip
    assert not ROLE_PERMISSIONS["read_only"] & writes


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database with an account for one advocate, one coordinator and one
    read-only user (made once: signing in takes a tenth of a second)."""
    path = tmp_path_factory.mktemp("access") / "demo.sqlite"
    services = open_services(path, today=lambda: TODAY)
    generate(services, scale="small", seed=3, as_of=TODAY)
    advocate = next(
        s for s in services.staff.list() if s.role == "advocate" and _open_cases(services, s.id)
    )
    services.accounts.sign_in("demo-admin", DEMO_PASSWORD)
    services.accounts.add(advocate.username, advocate.full_name, "advocate", PASSWORD)
    services.accounts.add("cora", "Cora Coordinator", "volunteer_coordinator", PASSWORD)
    services.accounts.add("reese", "Reese Reader", "read_only", PASSWORD)
    path.with_suffix(".advocate").write_text(advocate.username, encoding="utf-8")
    services.close()
    return path


def _open_cases(services: Services, advocate_id: int) -> int:
    return len(services.casework.caseload(advocate_id))


@pytest.fixture
def as_user(demo_file: Path) -> Iterator[SignIn]:
    opened: list[Services] = []

    def sign_in(who: str) -> Services:
        services = open_services(demo_file, today=lambda: TODAY)
        opened.append(services)
        if who == "advocate":
            who = demo_file.with_suffix(".advocate").read_text(encoding="utf-8")
        password = DEMO_PASSWORD if who in {a.username for a in DEMO_ACCOUNTS} else PASSWORD
        services.accounts.sign_in(who, password)
        return services

    yield sign_in
    for services in opened:
        services.close()


def _refusals(services: Services) -> list[dict[str, str]]:
    manager = open_services(services.url, today=lambda: TODAY)
    try:
        manager.accounts.sign_in("demo", DEMO_PASSWORD)
        return [json.loads(e.details) for e in manager.audit.events(action="refused")]
    finally:
        manager.close()


def test_an_advocate_sees_their_own_caseload_and_no_one_elses(as_user: SignIn) -> None:
    services: Services = as_user("advocate")
    mine = services.casework.my_advocate_id()
    assert mine is not None
    caseload = services.casework.caseload()
    assert caseload
    assert all(row.advocate_name for row in caseload)
    own_ids = {row.case_id for row in caseload}
    manager: Services = as_user("demo")
    # A manager holding no cases: their "own" lists (next actions, reports due, today's
    # appointments) are everyone's.
    assert manager.casework.my_advocate_id() is None
    others = [r for r in manager.casework.caseload() if r.case_id not in own_ids]
    assert others
    other = others[0]
    with pytest.raises(NotPermitted, match="not on your caseload"):
        services.casework.case(other.case_id)
    with pytest.raises(NotPermitted, match="not on your caseload"):
        services.casework.log_activity(
            other.case_id, ActivityDetails(TODAY, "visit", 30, 0, "sneaky")
        )
    with pytest.raises(NotPermitted, match="not on your caseload"):
        services.people.get(other.person_id)
    colleague = next(s.id for s in services.staff.list() if s.id != mine)
    with pytest.raises(NotPermitted, match="your own caseload only"):
        services.casework.caseload(colleague)
    # their own case opens, and the people list holds only the people on their caseload
    assert services.casework.case(caseload[0].case_id).case_ref == caseload[0].case_ref
    people = set(services.people.search_ids())
    assert caseload[0].person_id in people
    assert other.person_id not in people
    assert services.people.count() == len(people)
    # they may read the waiting list, not change it
    ranked = services.waiting_list.ranked()
    assert len(ranked) > 0
    with pytest.raises(NotPermitted, match=r"Advocate\) does not allow you to change"):
        services.waiting_list.set_override(ranked.row(0).referral_id, 5, "because")
    refused = _refusals(services)
    assert {"what": "open this case", "why": "this case is not on your caseload, so you "
            "cannot open this case"} in refused  # fmt: skip
    assert any(r["what"] == "change this case" for r in refused)


def test_a_coordinator_reaches_citizen_advocacy_and_its_people_only(as_user: SignIn) -> None:
    services: Services = as_user("cora")
    volunteers = services.citizen.volunteers()
    assert volunteers
    visible = set(services.people.search_ids())
    assert visible
    for person_id in list(visible)[:3]:
        assert services.people.get(person_id).id == person_id
    with pytest.raises(NotPermitted):
        services.casework.caseload()
    with pytest.raises(NotPermitted):
        services.waiting_list.ranked()
    with pytest.raises(NotPermitted):
        services.returns.quarters_with_data()


def test_read_only_reads_and_never_writes(as_user: SignIn) -> None:
    services: Services = as_user("reese")
    people = services.people.search_ids()
    assert len(people) == services.people.count() > 0
    record = services.people.get(people[0])
    with pytest.raises(NotPermitted, match=r"Read-only\) does not allow you to change"):
        services.people.update(record.id, record.details)
    with pytest.raises(NotPermitted):
        services.audit.events()
    with pytest.raises(NotPermitted):
        services.accounts.add("x", "X", "administrator", "a long enough secret")
    assert services.returns.quarters_with_data()


def test_views_of_a_record_are_audited(as_user: SignIn) -> None:
    reader: Services = as_user("reese")
    person_id = reader.people.search_ids()[0]
    reader.people.get(person_id)
    manager: Services = as_user("demo")
    views = list(manager.audit.events(user="reese", action="view"))
    assert [(e.entity, e.entity_id) for e in views][-1:] == [("person", person_id)]


def test_the_administrator_manages_settings_but_not_casework(as_user: SignIn) -> None:
    admin: Services = as_user("demo-admin")
    admin.settings.change("provider_name", "Essex Advocacy")
    with pytest.raises(NotPermitted):
        admin.casework.caseload()
    with pytest.raises(NotPermitted):
        admin.people.search_ids()
    manager: Services = as_user("demo")
    with pytest.raises(NotPermitted, match="change the provider's name"):
        manager.settings.change("provider_name", "Mine now")
    changes = [json.loads(e.details) for e in manager.audit.events(action="update")
               if e.entity == "setting"]  # fmt: skip
    assert {"key": "provider_name",
            "value": ["Independent advocacy provider", "Essex Advocacy"]} in changes  # fmt: skip
