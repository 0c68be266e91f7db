"""Use cases about people: find, list, add and change, with the duplicate check."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.bulk_read import plain_rows
from advocacy_desk.db.models import Person, Referral
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound
from advocacy_desk.domain.names import dates_nearly_equal, names_match, normalise_name
from advocacy_desk.domain.people import (
    CODED_FIELDS,
    FIELD_LABELS,
    PersonDetails,
    clean_person,
    search_text,
    search_words,
)
from advocacy_desk.domain.references import PERSON, format_ref
from advocacy_desk.records.people import PersonRecord, PersonRow
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import Access, GuardedService, Permission, requires
from advocacy_desk.services.concurrency import refuse_if_changed
from advocacy_desk.services.references import next_ref
from advocacy_desk.services.uow import UnitOfWorkFactory

__all__ = [
    "PAGE_SIZE",
    "PeopleService",
    "PersonRecord",
    "PersonRow",
    "PersonSort",
    "PossibleDuplicate",
    "format_ref",
    "next_ref",
    "person_details",
    "search_text",
    "search_words",
]

if TYPE_CHECKING:
    from advocacy_desk.services.people_search import TextIndex

#: How many people a list page fetches at once.
PAGE_SIZE = 200


#: Who may read people's records (row by row, see ``Access.visible_people``) and change them.
_READ = (
    Permission.PEOPLE_ALL,
    Permission.PEOPLE_READ,
    Permission.PEOPLE_OWN,
    Permission.PEOPLE_CITIZEN,
)
_CHANGE = (Permission.PEOPLE_ALL, Permission.PEOPLE_OWN, Permission.PEOPLE_CITIZEN)


class PersonSort(Enum):
    """The People list's sortable columns."""

    NAME = "name"
    GIVEN_NAME = "given_name"
    REFERENCE = "reference"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    LOCAL_AUTHORITY = "local_authority"


#: NULLs (no date of birth, say) come first in ascending order on every database:
#: SQLite puts them first, PostgreSQL last unless told.
_SORT_COLUMNS: dict[PersonSort, tuple[ColumnElement[object], ...]] = {
    PersonSort.NAME: (Person.family_name, Person.given_name, Person.id),  # type: ignore[dict-item]
    PersonSort.GIVEN_NAME: (Person.given_name, Person.family_name, Person.id),  # type: ignore[dict-item]
    PersonSort.REFERENCE: (Person.person_ref,),  # type: ignore[dict-item]
    PersonSort.DATE_OF_BIRTH: (Person.date_of_birth.asc().nulls_first(), Person.id),  # type: ignore[dict-item]
    PersonSort.POSTCODE: (Person.postcode, Person.id),  # type: ignore[dict-item]
    PersonSort.LOCAL_AUTHORITY: (Person.local_authority, Person.id),  # type: ignore[dict-item]
}


def _order_query(sort: PersonSort) -> Select[int]:
    return select(Person.id).order_by(*_SORT_COLUMNS[sort])


class PossibleDuplicate(AdvocacyDeskError):
    """The new person looks like someone already recorded."""

    def __init__(self, candidates: Sequence[PersonRow]) -> None:
        self.candidates = tuple(candidates)
        names = ", ".join(f"{c.person_ref} {c.full_name}" for c in self.candidates)
        super().__init__(f"this person may already be recorded: {names}")


_DETAIL_FIELDS = tuple(f.name for f in dataclasses.fields(PersonDetails))


def person_details(person: Person) -> PersonDetails:
    """A person's row as the details the form and the rules use."""
    return PersonDetails(**{name: getattr(person, name) for name in _DETAIL_FIELDS})


def _row(person: Person) -> PersonRow:
    return PersonRow(
        id=person.id,
        person_ref=person.person_ref,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
        local_authority=person.local_authority,
    )


@dataclass
class _SearchSnapshot:
    """What the People search keeps between keystrokes, valid while the person table's
    ``stamp`` (how many people, the newest id, the latest change) stays the same: the
    list orders read so far, and everyone's search text once someone has typed."""

    stamp: tuple[object, ...]
    orders: dict[PersonSort, list[int]] = dataclasses.field(default_factory=dict)
    texts: TextIndex | None = None


class PeopleService(GuardedService):
    def __init__(
        self, uow: UnitOfWorkFactory, access: Access, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(uow, access, today)
        self._snapshot: _SearchSnapshot | None = None
        self._snapshot_lock = threading.Lock()

    # -- reading ---------------------------------------------------------------

    @requires(*_READ, what="see people's records")
    def count(self) -> int:
        """How many people the caller may see."""
        with self._uow(read_only=True) as uow:
            visible = self._access.visible_people(uow.session)
            if visible is not None:
                return len(visible)
            return uow.session.scalar(select(func.count()).select_from(Person)) or 0

    @requires(*_READ, what="see people's records")
    def search_ids(
        self, text: str = "", sort: PersonSort = PersonSort.NAME, descending: bool = False
    ) -> list[int]:
        """The ids of the people whose search text holds every word of ``text``, in list
        order.

        Only ids come back, so a list of 100,000 people costs a list of ints; rows are
        fetched a page at a time with :meth:`rows`. The filtering itself runs over an
        in-memory snapshot of the search texts, refreshed whenever anyone (this app or
        another user of a shared database) has added or changed a person.
        """
        words = search_words(text)
        ordered, texts = self._searchable(sort, with_texts=bool(words))
        found = texts.matching(sort, ordered, words) if texts is not None else list(ordered)
        if not self._access.sees_all_people():
            with self._uow(read_only=True) as uow:
                visible = self._access.visible_people(uow.session) or set()
            found = [i for i in found if i in visible]
        if descending:
            found.reverse()
        return found

    @requires(*_READ, what="see people's records")
    def prepare_search(self) -> None:
        """Read everyone's search text ahead of the first keystroke (safe in a worker
        thread), so that it costs no more than the rest."""
        self._searchable(PersonSort.NAME, with_texts=True)

    def _searchable(self, sort: PersonSort, with_texts: bool) -> tuple[list[int], TextIndex | None]:
        """Everyone's id in ``sort`` order and, if asked for, the search texts: from the
        snapshot while nobody has changed a person, else read afresh."""
        with self._uow(read_only=True) as uow:
            connection = uow.session.connection()
            snapshot = self._current_snapshot(uow.session)
            ordered = snapshot.orders.get(sort)
            if ordered is None:
                # Straight from the driver: the ids of 100,000 people come three times
                # as fast without SQLAlchemy's row handling, and the People list waits
                # for them as the window opens.
                ordered = [pid for (pid,) in plain_rows(connection, _order_query(sort))]
                snapshot.orders[sort] = ordered
            if with_texts and snapshot.texts is None:
                from advocacy_desk.services.people_search import TextIndex

                query = select(Person.id, Person.search_text).order_by(Person.id)
                snapshot.texts = TextIndex(connection.execute(query).all())
        return ordered, snapshot.texts if with_texts else None

    def _current_snapshot(self, session: Session) -> _SearchSnapshot:
        stamp = (
            session.scalar(select(func.count()).select_from(Person)) or 0,
            session.scalar(select(func.max(Person.id))),
            session.scalar(select(func.max(Person.updated_at))),
        )
        with self._snapshot_lock:
            if self._snapshot is None or self._snapshot.stamp != stamp:
                self._snapshot = _SearchSnapshot(stamp)
            return self._snapshot

    def _forget_snapshot(self) -> None:
        with self._snapshot_lock:
            self._snapshot = None

    @requires(*_READ, what="see people's records")
    def rows(self, ids: Sequence[int]) -> list[PersonRow]:
        """The rows for ``ids``, in the same order (missing ids are skipped)."""
        if not ids:
            return []
        query = select(
            Person.id,
            Person.person_ref,
            Person.given_name,
            Person.family_name,
            Person.date_of_birth,
            Person.postcode,
            Person.local_authority,
        ).where(Person.id.in_(ids))
        with self._uow(read_only=True) as uow:
            found = {r.id: PersonRow(*r) for r in uow.session.execute(query)}
            visible = self._access.visible_people(uow.session)
        return [found[i] for i in ids if i in found and (visible is None or i in visible)]

    @requires(*_READ, what="open people's records")
    def get(self, person_id: int) -> PersonRecord:
        """A person's record; the view is written to the audit trail."""
        with self._uow(read_only=True) as uow:
            person = uow.session.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            self._access.check_person(uow.session, person.id)
            record = self._record(uow.session, person)
        self._access.record("view", "person", record.id, {"ref": record.person_ref})
        return record

    @requires(*_READ, what="open people's records")
    def get_by_ref(self, person_ref: str) -> PersonRecord:
        with self._uow(read_only=True) as uow:
            person_id = uow.session.scalar(select(Person.id).where(Person.person_ref == person_ref))
        if person_id is None:
            raise NotFound(f"no person with reference {person_ref}")
        return self.get(person_id)

    @requires(Permission.PEOPLE_ALL, what="look for duplicate people")
    def find_similar(
        self,
        given_name: str,
        family_name: str,
        date_of_birth: date | None,
        exclude_id: int | None = None,
    ) -> list[PersonRow]:
        """People who may be this person: the same name and date of birth, allowing for
        case, spacing, accents and small typos in either."""
        key = normalise_name(given_name, family_name)
        if not key:
            return []
        with self._uow(read_only=True) as uow:
            found: dict[int, Person] = {}
            same_name = uow.session.scalars(select(Person).where(Person.name_key == key))
            for person in same_name:
                if (
                    date_of_birth is None
                    or person.date_of_birth is None
                    or dates_nearly_equal(
                        person.date_of_birth.isoformat(), date_of_birth.isoformat()
                    )
                ):
                    found[person.id] = person
            if date_of_birth is not None:
                same_birth = uow.session.scalars(
                    select(Person).where(Person.date_of_birth == date_of_birth)
                )
                for person in same_birth:
                    if names_match(key, person.name_key):
                        found[person.id] = person
            found.pop(exclude_id or 0, None)
            return sorted((_row(p) for p in found.values()), key=lambda r: r.person_ref)

    # -- writing ---------------------------------------------------------------

    @requires(Permission.PEOPLE_ALL, what="add people")
    def create(self, details: PersonDetails, allow_duplicate: bool = False) -> PersonRecord:
        """Add a person. Raises ``ValidationError`` for bad input, and ``PossibleDuplicate``
        when they look like someone already recorded, unless ``allow_duplicate``."""
        clean = clean_person(details, self._today())
        if not allow_duplicate:
            similar = self.find_similar(clean.given_name, clean.family_name, clean.date_of_birth)
            if similar:
                raise PossibleDuplicate(similar)
        with self._uow() as uow:
            ref = next_ref(uow.session, Person.person_ref, PERSON)
            person = Person(person_ref=ref, **dataclasses.asdict(clean))
            self._index(person, clean)
            uow.session.add(person)
            uow.session.flush()
            audit_writer.record(
                uow.session,
                self._user,
                "create",
                "person",
                person.id,
                {"ref": ref, **audit_writer.created(dataclasses.asdict(clean))},
            )
            record = self._record(uow.session, person)
            uow.commit()
        self._forget_snapshot()
        return record

    @requires(*_CHANGE, what="change people's records")
    def update(
        self, person_id: int, details: PersonDetails, *, opened: PersonRecord | None = None
    ) -> PersonRecord:
        """Change a person's record. ``opened`` is the record the form was opened from:
        if someone else has saved the person since, nothing is saved and
        :class:`EditConflict` says what they changed (None: no check, for callers with
        no form)."""
        clean = clean_person(details, self._today())
        with self._uow() as uow:
            person = uow.session.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            self._access.check_person(uow.session, person.id, "change this record")
            before = dataclasses.asdict(person_details(person))
            if opened is not None:
                refuse_if_changed(
                    uow.session, what="this person's record", entity="person",
                    entity_id=person.id, opened_version=opened.version,
                    current_version=person.version,
                    opened=dataclasses.asdict(opened.details), current=before,
                    labels=FIELD_LABELS, codes=CODED_FIELDS,
                )  # fmt: skip
            changed = audit_writer.changes(before, dataclasses.asdict(clean))
            if not changed:
                return self._record(uow.session, person)
            for name, value in dataclasses.asdict(clean).items():
                setattr(person, name, value)
            self._index(person, clean)
            audit_writer.record(uow.session, self._user, "update", "person", person.id, changed)
            uow.session.flush()
            record = self._record(uow.session, person)
            uow.commit()
        self._forget_snapshot()
        return record

    @staticmethod
    def _index(person: Person, details: PersonDetails) -> None:
        person.name_key = normalise_name(details.given_name, details.family_name)
        person.search_text = search_text(person.person_ref, details)

    @staticmethod
    def _record(session: Session, person: Person) -> PersonRecord:
        count = session.scalar(
            select(func.count(Referral.id)).where(Referral.person_id == person.id)
        )
        return PersonRecord(
            id=person.id,
            person_ref=person.person_ref,
            version=person.version,
            details=person_details(person),
            referral_count=count or 0,
        )
