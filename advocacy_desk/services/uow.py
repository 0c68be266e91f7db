"""The unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from advocacy_desk.db.engine import READ_ONLY, WAIT_MS, WriteLockBusy, lock_busy, waited_too_long
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.errors import AdvocacyDeskError, EditConflict
from advocacy_desk.services import audit_writer
from advocacy_desk.services.changes import ChangeFeed, committed, record_changes
from advocacy_desk.services.concurrency import RACE
from advocacy_desk.services.witness import HeadKeeper

#: A write that waited longer than the server allows (``db.engine.LOCK_TIMEOUT``).
BUSY = (
    "the server is busy with another change (a large import, say), so nothing was saved: "
    "try again in a minute"
)


class UnitOfWork:
    """``with uow:`` opens a session; leaving without ``commit()`` rolls everything back.

    A save that lost a race for a versioned row (another user's UPDATE landed between
    this one's read and its write, so SQLAlchemy's version check matched no row) leaves
    as an :class:`EditConflict` saying so, never as a ``StaleDataError``."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        pending: PendingWrites | None = None,
        keeper: HeadKeeper | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        #: Writes kept for later (a writing unit of work does them first, in order).
        self._pending = pending
        self._holding: list[PendingWrite] | None = None
        self._keeper = keeper
        #: What the commit changed (empty until it commits).
        self.changes = Changes()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a with block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        if self._pending is not None and self._pending.waiting():
            try:
                self._holding = self._pending.take_turn(self._session)
            except BaseException as exc:
                self._session.close()
                self._session = None
                if isinstance(exc, OperationalError) and waited_too_long(exc):
                    raise AdvocacyDeskError(BUSY) from exc
                raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self._session = None
            if self._holding is not None and self._pending is not None:
                self._holding = None
                self._pending.end_turn(written=None)
        if isinstance(exc, StaleDataError):
            raise EditConflict(RACE) from exc
        if isinstance(exc, OperationalError) and waited_too_long(exc):
            raise AdvocacyDeskError(BUSY) from exc

    def commit(self) -> None:
        """Commit; when the transaction added audit events, keep the trail's new head
        outside the database too (``services.witness``): measured before the commit,
        while this transaction still holds the write lock, written once it committed."""
        measured = None
        if self._keeper is not None and audit_writer.recorded_in(self.session):
            self.session.flush()
            measured = self._keeper.measure(self.session)
        self.session.commit()
        self.changes = committed(self.session)
        if self._holding is not None and self._pending is not None:
            written, self._holding = self._holding, None
            self._pending.end_turn(written)
        if measured is not None and self._keeper is not None:
            self._keeper.keep(measured)


@dataclass(frozen=True)
class PendingWrite:
    """A write kept until the write lock is free: ``write`` adds it to a session (in a
    writing transaction); ``key`` lets the caller count what is still waiting (a
    sign-in's failures for one account, say)."""

    write: Callable[[Session], None]
    key: Hashable = None


class PendingWrites:
    """Writes that must happen but need not keep anyone waiting: a sign-in's event and
    counters while a long import holds the write lock. Kept in memory, in order, and
    written as soon as the lock is free: by the next unit of work that writes (before
    its own changes), by the next read that finds the lock free, or at close (which
    waits for the lock), so none is lost while the program runs to its end."""

    def __init__(
        self,
        sessions: Callable[[int | None], sessionmaker[Session]],
        keeper: HeadKeeper | None = None,
    ) -> None:
        #: Sessions whose writes wait at most so many milliseconds for the lock (None:
        #: as long as any writer does).
        self._sessions = sessions
        #: Keeps the trail's head outside the database after the kept events are written.
        self._keeper = keeper
        self._items: list[PendingWrite] = []
        self._list_lock = threading.Lock()
        #: Held by whoever is writing the pending items (one writer at a time).
        self._turn = threading.Lock()

    def waiting(self) -> bool:
        with self._list_lock:
            return bool(self._items)

    def writing(self) -> bool:
        """Whether the kept writes are being written now (their turn is taken): a
        commit told now is told from inside that turn, where opening another writing
        unit of work on the same thread would wait for itself."""
        return self._turn.locked()

    def count(self, key: Hashable, since: Hashable = None) -> int:
        """How many kept writes carry ``key`` (after the last one carrying ``since``)."""
        counted = 0
        with self._list_lock:
            for item in self._items:
                if since is not None and item.key == since:
                    counted = 0
                elif item.key == key:
                    counted += 1
        return counted

    def add(self, write: Callable[[Session], None], key: Hashable = None) -> bool:
        """Keep ``write`` and try to write everything kept without waiting more than a
        moment; whether it is in the database now."""
        with self._list_lock:
            self._items.append(PendingWrite(write, key))
        return self.flush(wait=False, moment_ms=QUICK_MS)

    def take_turn(self, session: Session) -> list[PendingWrite]:
        """In a writing unit of work: take the write lock (waiting as any writer does)
        and apply what is kept, first; :meth:`end_turn` when the transaction ends."""
        # Bounded, like any wait for the write lock: never a silent hang.
        if not self._turn.acquire(timeout=TURN_TIMEOUT):
            raise AdvocacyDeskError(BUSY)
        try:
            session.connection()  # BEGIN IMMEDIATE (SQLite) or the advisory lock
            with self._list_lock:
                items = list(self._items)
            for item in items:
                item.write(session)
            session.flush()
        except BaseException:
            self._turn.release()
            raise
        return items

    def end_turn(self, written: list[PendingWrite] | None) -> None:
        """The transaction of :meth:`take_turn` ended: committed with ``written`` in it,
        or rolled back (``None``, so they stay kept)."""
        try:
            if written:
                with self._list_lock:
                    del self._items[: len(written)]
        finally:
            self._turn.release()

    def flush(self, wait: bool, patience: float = 0.0, moment_ms: int = 0) -> bool:
        """Write what is kept: ``wait=False`` only if the write lock is free within
        ``moment_ms`` (no waiting behind another writer, nor behind another thread
        writing these); ``wait=True`` waits for it, trying again for up to ``patience``
        seconds. Whether nothing is left kept."""
        deadline = time.monotonic() + patience
        while True:
            if not self.waiting():
                return True
            if not self._turn.acquire(blocking=wait):
                return False
            try:
                sessions = self._sessions(None if wait else moment_ms)
                with UnitOfWork(sessions, keeper=self._keeper) as uow:
                    with self._list_lock:
                        items = list(self._items)
                    for item in items:
                        item.write(uow.session)
                    uow.commit()
                with self._list_lock:
                    del self._items[: len(items)]
                return True
            except (OperationalError, WriteLockBusy, AdvocacyDeskError) as exc:
                busy = isinstance(exc, WriteLockBusy) or lock_busy(exc) or str(exc) == BUSY
                if not busy:
                    raise
                if not wait or time.monotonic() >= deadline:
                    return False
            finally:
                self._turn.release()


class UnitOfWorkFactory:
    """Makes units of work on one engine. A unit of work takes the write lock at its
    start (SQLite: BEGIN IMMEDIATE; a server: an advisory lock), so two writers wait for
    each other rather than interleave; ``read_only`` ones take none and never block a
    writer."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: Keeps the trail's last head in the user's data folder after each write.
        self.keeper = HeadKeeper(engine.url)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(engine.execution_options(**READ_ONLY), expire_on_commit=False)
        quick = {
            wait: sessionmaker(engine.execution_options(**{WAIT_MS: wait}), expire_on_commit=False)
            for wait in (0, QUICK_MS)
        }
        #: Every commit's changes, for whoever listens (the window's pages, a sync).
        self.feed = ChangeFeed()
        for writing in (self._sessions, *quick.values()):
            record_changes(writing, self.feed)
        #: Writes kept until the write lock is free (see :class:`PendingWrites`).
        self.pending = PendingWrites(
            lambda wait: self._sessions if wait is None else quick[wait], self.keeper
        )

    def __call__(self, read_only: bool = False) -> UnitOfWork:
        if read_only:
            if self.pending.waiting():
                self.pending.flush(wait=False)  # if the lock is free now; else later
            return UnitOfWork(self._reads)
        return UnitOfWork(self._sessions, self.pending, self.keeper)

    def write_soon(self, write: Callable[[Session], None], key: Hashable = None) -> bool:
        """Write now if the write lock is free within a moment, else keep it for when it
        is (:class:`PendingWrites`); whether it is written already."""
        return self.pending.add(write, key)

    def close(self) -> bool:
        """Write what is kept, waiting for the lock (up to ``CLOSE_PATIENCE`` seconds);
        whether nothing was left unwritten."""
        return self.pending.flush(wait=True, patience=CLOSE_PATIENCE)


#: Milliseconds a write that may as well wait in memory (``write_soon``) waits for the
#: write lock before it is kept for later.
QUICK_MS = 100
#: Seconds a writer waits for another thread writing the kept writes.
TURN_TIMEOUT = 60.0
#: Seconds closing waits for the write lock to write what is kept (a long import).
CLOSE_PATIENCE = 15 * 60.0
