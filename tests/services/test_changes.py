"""Every commit says exactly which rows it changed: kind (the table), key, operation.
This is what pages refresh from and what a sync server will publish, so it is checked
against the database itself, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import tracemalloc
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Table, bindparam, delete, insert, select, update

from advocacy_desk.app import Services
from advocacy_desk.db.models import AuditEvent, Person, Setting
from advocacy_desk.domain.changes import Change, Changes, Noted
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.services.changes import ChangeFeed
from advocacy_desk.services.settings import PROVIDER_NAME


def _heard(services: Services) -> list[Changes]:
    heard: list[Changes] = []
    services.uow.feed.subscribe(heard.append)
    return heard


def _person(given: str = "Ada", family: str = "Lovelace") -> PersonDetails:
    return PersonDetails(given, family, date(1980, 1, 2), postcode="CM1 1AA")


def test_creating_a_person_is_one_insert_of_that_person_and_its_audit_event(
    services: Services,
) -> None:
    heard = _heard(services)
    made = services.people.create(_person())
    assert len(heard) == 1
    changes = heard[0]
    assert changes.keys("person", "insert") == {made.id}
    assert changes.kinds() == {"person", "audit_event"}
    with services.uow(read_only=True) as uow:
        events = set(uow.session.scalars(
            select(AuditEvent.id).where(AuditEvent.entity == "person",
                                        AuditEvent.entity_id == made.id)
        ))  # fmt: skip
    assert changes.keys("audit_event", "insert") == events != set()


def test_changing_a_person_is_an_update_and_a_change_that_changes_nothing_is_silent(
    services: Services,
) -> None:
    made = services.people.create(_person())
    heard = _heard(services)
    services.people.update(made.id, dataclasses.replace(made.details, given_name="Augusta"))
    assert [c for c in heard[0] if c.kind == "person"] == [Change("person", made.id, "update")]
    services.people.update(made.id, dataclasses.replace(made.details, given_name="Augusta"))
    assert len(heard) == 1, "nothing changed, so nothing is told"


def test_a_refused_write_tells_nothing(services: Services) -> None:
    heard = _heard(services)
    with pytest.raises(ValidationError):
        services.people.create(_person(given=""))
    assert heard == []


def test_a_setting_is_keyed_by_its_name_when_set_and_when_removed(services: Services) -> None:
    heard = _heard(services)
    services.settings.change(PROVIDER_NAME, "Riverside Advocacy")
    assert Change("setting", PROVIDER_NAME, "insert") in heard[-1]
    services.settings.change(PROVIDER_NAME, "Riverside Advocacy Trust")
    assert Change("setting", PROVIDER_NAME, "update") in heard[-1]
    services.settings.change(PROVIDER_NAME, "")  # back to the default: the row goes
    assert Change("setting", PROVIDER_NAME, "delete") in heard[-1]


def test_bulk_statements_name_every_row_they_touch(services: Services) -> None:
    ids = [
        services.people.create(_person(f"Given{n}", f"Family{n}"), allow_duplicate=True).id
        for n in range(5)
    ]
    heard = _heard(services)
    with services.uow() as uow:
        uow.session.execute(insert(Setting), [{"key": f"k{n}", "value": "v"} for n in range(3)])
        uow.session.execute(delete(Person).where(Person.id.in_(ids[:2])))
        uow.commit()
    changes = heard[-1]
    assert changes.keys("setting", "insert") == {"k0", "k1", "k2"}
    assert changes.keys("person", "delete") == set(ids[:2])
    with services.uow(read_only=True) as uow:
        left = set(uow.session.scalars(select(Person.id)))
    assert left == set(ids[2:])


def test_an_update_run_for_many_rows_names_each_row_it_picked(services: Services) -> None:
    """``UPDATE ... WHERE id = :pid`` with a list of parameter sets (as the import
    writes referrals' statuses): each set's row, and only those."""
    ids = [services.people.create(_person(f"G{n}", f"F{n}"), allow_duplicate=True).id
           for n in range(4)]  # fmt: skip
    heard = _heard(services)
    table = Person.__table__
    assert isinstance(table, Table)
    with services.uow() as uow:
        uow.session.execute(
            update(table).where(table.c.id == bindparam("pid")).values(given_name=bindparam("g")),
            [{"pid": ids[0], "g": "Zed"}, {"pid": ids[2], "g": "Zoe"}],
        )
        uow.commit()
    assert list(heard[-1]) == [
        Change("person", ids[0], "update"),
        Change("person", ids[2], "update"),
    ]


def test_rows_the_database_numbers_are_named_by_the_numbers_it_gave(services: Services) -> None:
    """A bulk INSERT of rows whose ids the database gives (as the score history is
    written after a matrix change, and an import writes people) is told with them."""
    person = services.people.create(_person())
    heard = _heard(services)
    with services.uow() as uow:
        uow.session.execute(
            insert(Person),
            [{"person_ref": f"PX{n}", "given_name": "X", "family_name": f"Y{n}",
              "name_key": f"y{n} x", "search_text": "", "local_authority": "",
              "postcode": ""} for n in range(4)],
        )  # fmt: skip
        uow.commit()
    with services.uow(read_only=True) as uow:
        made = set(uow.session.scalars(select(Person.id).where(Person.id != person.id)))
    assert heard[-1].keys("person", "insert") == made
    assert len(made) == 4


def test_inserted_then_deleted_in_one_transaction_is_no_change_at_all(
    services: Services,
) -> None:
    heard = _heard(services)
    with services.uow() as uow:
        uow.session.add(Setting(key="passing", value="through"))
        uow.session.flush()
        uow.session.execute(delete(Setting).where(Setting.key == "passing"))
        uow.session.add(Setting(key="staying", value="here"))
        uow.commit()
        assert uow.changes == heard[-1]
    assert list(heard[-1]) == [Change("setting", "staying", "insert")]


def test_a_savepoint_rolled_back_takes_its_changes_with_it(services: Services) -> None:
    heard = _heard(services)
    with services.uow() as uow:
        uow.session.add(Setting(key="kept", value="1"))
        savepoint = uow.session.begin_nested()
        uow.session.add(Setting(key="dropped", value="2"))
        uow.session.flush()
        savepoint.rollback()
        uow.commit()
    assert heard[-1].keys("setting") == {"kept"}


def test_the_changes_say_who_asked_for_the_write(services: Services) -> None:
    heard = _heard(services)
    page = object()
    with ChangeFeed.initiated_by(page):
        services.people.create(_person())
    services.people.create(_person(given="Grace"))
    assert heard[0].initiator is page
    assert heard[1].initiator is None


def test_an_unsubscribed_listener_hears_no_more(services: Services) -> None:
    heard: list[Changes] = []
    stop = services.uow.feed.subscribe(heard.append)
    services.people.create(_person())
    stop()
    services.people.create(_person(given="Grace"))
    assert len(heard) == 1


def test_changes_merge_each_rows_writes_into_one() -> None:
    written = [
        Change("person", 1, "insert"), Change("person", 1, "update"),
        Change("person", 2, "update"), Change("person", 2, "delete"),
        Change("person", 3, "insert"), Change("person", 3, "delete"),
        Change("setting", "a", "delete"), Change("setting", "a", "insert"),
        Change("case", 10, "update"), Change("case", 9, "update"), Change("case", 10, "update"),
    ]  # fmt: skip
    assert list(Changes.of(written)) == [
        Change("case", 9, "update"),
        Change("case", 10, "update"),
        Change("person", 1, "insert"),
        Change("person", 2, "delete"),
        Change("setting", "a", "update"),
    ]
    assert Changes.of(written).touches("case", "letter")
    assert not Changes.of([]).touches("case")
    assert not Changes.of([Change("person", 3, "insert"), Change("person", 3, "delete")])


def _merged_one_by_one(written: list[Change]) -> list[Change]:
    """The rule, row by row: the first and the last operation decide."""
    first: dict[tuple[str, object], str] = {}
    last: dict[tuple[str, object], str] = {}
    for change in written:
        first.setdefault((change.kind, change.key), change.operation)
        last[(change.kind, change.key)] = change.operation
    table = {("insert", "delete"): None, ("insert", "insert"): "insert",
             ("insert", "update"): "insert", ("update", "delete"): "delete",
             ("delete", "delete"): "delete"}  # fmt: skip
    result = []
    for (kind, key), op in first.items():
        merged = table.get((op, last[(kind, key)]), "update")
        if merged is not None:
            result.append(Change(kind, key, merged))  # type: ignore[arg-type]
    return sorted(result, key=lambda c: (c.kind, f"{c.key:>20}"))


@given(
    st.lists(
        st.builds(
            Change,
            st.sampled_from(["person", "referral", "setting"]),
            st.one_of(st.integers(1, 30), st.sampled_from(["a", "b", "lock_minutes"])),
            st.sampled_from(["insert", "update", "delete"]),
        ),
        max_size=60,
    )
)
def test_many_writes_merge_as_the_rule_says_row_by_row(written: list[Change]) -> None:
    """Whole-number keys are merged in arrays (NumPy), others one by one: both give
    what the rule gives, row by row."""
    assert list(Changes.of(written)) == _merged_one_by_one(written)


def test_an_import_sized_transaction_is_kept_in_a_few_megabytes() -> None:
    """200,000 rows inserted and 50,000 of them updated again (an import): noted as
    arrays of 8-byte keys, not as 250,000 objects."""
    noted = Noted()
    noted.add("activity", range(1, 200_001), "insert")
    noted.add("activity", range(1, 50_001), "update")
    tracemalloc.start()
    changes = noted.changes()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert changes.count("activity") == 200_000
    assert changes.keys("activity", "update") == frozenset()
    assert peak < 20_000_000
