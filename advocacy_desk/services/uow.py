"""The unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from advocacy_desk.db.engine import READ_ONLY


class UnitOfWork:
    """``with uow:`` opens a session; leaving without ``commit()`` rolls everything back."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

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

    def commit(self) -> None:
        self.session.commit()


class UnitOfWorkFactory:
    """Makes units of work on one engine. On SQLite a unit of work begins IMMEDIATE (it
    takes the write lock first, so two writers wait for each other rather than fail);
    ``read_only`` ones begin DEFERRED and never block a writer."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(engine.execution_options(**READ_ONLY), expire_on_commit=False)

    def __call__(self, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self._reads if read_only else self._sessions)
