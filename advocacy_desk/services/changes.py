"""Recording what each transaction writes, and telling whoever listens once it commits.

:func:`record_changes` hooks a ``sessionmaker``: every row its sessions insert, update
or delete is noted, whether through the ORM (a flush) or a bulk statement run through
the session (``session.execute(update(...))``, ``insert(table)`` with many rows); when
the transaction commits, the notes become one :class:`~advocacy_desk.domain.changes.Changes`
handed to the :class:`ChangeFeed`. A rollback forgets them.

What it cannot see: rows a database removes by itself (``ON DELETE CASCADE``) and SQL
text run through the session. The services write neither: a row deleted with its
parent is deleted by the ORM (its relationship's cascade) or by a bulk statement.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.engine import Result
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
    sessionmaker,
)
from sqlalchemy.sql.dml import Delete, Insert, Update

from advocacy_desk.domain.changes import Changes, Key, Noted, Operation

#: Where a session keeps the changes of its open transaction.
_PENDING = "advocacy_desk.changes"
#: Who is asking for the writes made now (a page of the window, say): set by
#: :meth:`ChangeFeed.initiated_by`, read when the transaction commits.
_INITIATOR: ContextVar[object] = ContextVar("change_initiator", default=None)

Listener = Callable[[Changes], None]


class ChangeFeed:
    """The app-wide event of committed changes: ``subscribe`` a listener and it is
    called, on the committing thread, with every non-empty :class:`Changes`."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after each commit that changed rows; returns the function
        that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: Changes) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)

    @staticmethod
    @contextmanager
    def initiated_by(initiator: object) -> Any:
        """Writes committed inside the block carry ``initiator`` in their changes."""
        token = _INITIATOR.set(initiator)
        try:
            yield
        finally:
            _INITIATOR.reset(token)


def record_changes(sessions: sessionmaker[Session], feed: ChangeFeed) -> None:
    """Note every write of ``sessions``' sessions; publish each commit's to ``feed``
    and keep it where :func:`committed` finds it."""
    event.listen(sessions, "after_flush", _flushed)
    event.listen(sessions, "do_orm_execute", _bulk)
    event.listen(sessions, "after_transaction_create", _began)
    event.listen(sessions, "after_commit", lambda session: _committed(session, feed))
    event.listen(sessions, "after_soft_rollback", _rolled_back)


def committed(session: Session) -> Changes:
    """What the session's last commit changed (empty before any)."""
    return cast(Changes, session.info.get("advocacy_desk.committed", Changes()))


def _pending(session: Session) -> Noted:
    noted = session.info.get(_PENDING)
    if noted is None:
        noted = session.info[_PENDING] = Noted()
    return cast(Noted, noted)


def _flushed(session: Session, _context: UOWTransaction) -> None:
    """After a flush (its ``new``, ``dirty`` and ``deleted`` still as they were)."""
    noted = _pending(session)
    for operation, objects in (("insert", session.new), ("delete", session.deleted)):
        for obj in objects:
            _note(noted, obj, cast(Operation, operation))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            _note(noted, obj, "update")


def _note(noted: Noted, obj: object, operation: Operation) -> None:
    mapper = inspect(obj).mapper
    key = tuple(mapper.primary_key_from_instance(obj))  # set by now, even for a new row
    noted.add(mapper.local_table.name, [_key(key)], operation)


def _key(values: tuple[Any, ...]) -> Key:
    return values[0] if len(values) == 1 else values


def _bulk(state: ORMExecuteState) -> Result[Any] | None:
    """A bulk statement run through the session: note the rows it touches, exactly.
    An UPDATE or DELETE reads the keys its WHERE picks first; an INSERT has them from
    its values, or asks the database for the keys it made."""
    statement = state.statement
    if not isinstance(statement, Insert | Update | Delete):
        return None
    table = cast(Table, statement.table)
    key_columns = list(table.primary_key.columns)
    noted = _pending(state.session)
    if isinstance(statement, Update | Delete):
        operation: Operation = "update" if isinstance(statement, Update) else "delete"
        where = statement.whereclause
        picked = select(*key_columns).select_from(table)
        if where is not None:
            picked = picked.where(where)
        sets = state.parameters or {}
        # Many parameter sets (an UPDATE ... WHERE id = :rid run for each row): the
        # rows each picks; the WHERE's own parameters are among each set's values.
        for values in [sets] if isinstance(sets, Mapping) else sets:
            rows = state.session.execute(picked, dict(values)).all()
            noted.add(table.name, [_key(tuple(row)) for row in rows], operation)
        return None
    names = [column.key for column in key_columns]
    given = _given_keys(state, names)
    if given is not None:
        noted.add(table.name, given, "insert")
        return None
    if statement._returning or state.all_mappers:
        # The caller reads what it returns, or it is an ORM bulk insert (which gives its
        # new keys only when it returns them): run it returning them, read them, and
        # hand the caller the same result again.
        if not statement._returning:
            statement = statement.returning(*key_columns)
        result = state.invoke_statement(statement=statement)
        frozen = result.freeze()
        returned = frozen().mappings().all()
        if returned and all(name in returned[0] for name in names):
            noted.add(
                table.name, [_key(tuple(row[n] for n in names)) for row in returned], "insert"
            )
        return cast(Result[Any], frozen())
    result = state.invoke_statement(statement=statement.return_defaults(*key_columns))
    made = getattr(result, "inserted_primary_key_rows", None) or []
    noted.add(table.name, [_key(tuple(row)) for row in made], "insert")
    return result


def _given_keys(state: ORMExecuteState, names: list[str]) -> list[Key] | None:
    """The keys of the rows an INSERT names itself (a setting's key, a staff member's
    advocacy types), or None when the database is to make them."""
    given = state.parameters or []
    rows: list[Mapping[str, Any]] = [given] if isinstance(given, Mapping) else list(given)
    if not rows:  # ``insert(table).values(...)``: the values are in the statement
        statement = cast(Insert, state.statement)
        rows = [dict(statement.compile().params)]
    found: list[Key] = []
    for row in rows:
        if not all(row.get(name) is not None for name in names):
            return None
        found.append(_key(tuple(row[name] for name in names)))
    return found


def _committed(session: Session, feed: ChangeFeed) -> None:
    noted = session.info.pop(_PENDING, None)
    changes = noted.changes(_INITIATOR.get()) if noted is not None else Changes()
    session.info["advocacy_desk.committed"] = changes
    if changes:
        feed.publish(changes)


def _began(session: Session, transaction: SessionTransaction) -> None:
    """A savepoint begins: mark how much was noted before it, to forget what it noted
    if it is rolled back."""
    if transaction.nested:
        marks = session.info.setdefault("advocacy_desk.savepoints", {})
        marks[id(transaction)] = _pending(session).mark()


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    """Forget what a rolled-back transaction (or savepoint) noted."""
    marks = session.info.get("advocacy_desk.savepoints", {})
    if previous.nested and id(previous) in marks:
        _pending(session).forget_since(marks.pop(id(previous)))
    elif not previous.nested and previous.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop("advocacy_desk.savepoints", None)
