"""The unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from advocacy_desk.db.engine import READ_ONLY, waited_too_long
from advocacy_desk.domain.errors import AdvocacyDeskError, EditConflict
from advocacy_desk.services import audit
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
        self, session_factory: sessionmaker[Session], keeper: HeadKeeper | None = None
    ) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._keeper = keeper

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a with block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._session_factory()
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
        if isinstance(exc, StaleDataError):
            raise EditConflict(RACE) from exc
        if isinstance(exc, OperationalError) and waited_too_long(exc):
            raise AdvocacyDeskError(BUSY) from exc

    def commit(self) -> None:
        """Commit; when the transaction added audit events, keep the trail's new head
        outside the database too (``services.witness``): measured before the commit,
        while this transaction still holds the write lock, written once it committed."""
        measured = None
        if self._keeper is not None and audit.recorded_in(self.session):
            self.session.flush()
            measured = self._keeper.measure(self.session)
        self.session.commit()
        if measured is not None and self._keeper is not None:
            self._keeper.keep(measured)


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

    def __call__(self, read_only: bool = False) -> UnitOfWork:
        if read_only:
            return UnitOfWork(self._reads)
        return UnitOfWork(self._sessions, self.keeper)
