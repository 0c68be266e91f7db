"""The composition root: one open database and the services on it.

``open_services`` opens (creating and migrating if need be) a database and returns
:class:`Services`, which the window and the command line hold. Each service is built
the first time it is used, so a command or a page loads only the modules it needs:
importing a service module, a record or the ``Permission`` enum never loads the rest
of the app (``advocacy_desk/services/__init__.py`` stays empty).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from advocacy_desk.db.engine import (
    DatabaseError,
    check_sqlite_file,
    database_url,
    describe,
    make_engine,
)
from advocacy_desk.db.migrate import current_revision, upgrade_to_head
from advocacy_desk.db.models import Person, Referral
from advocacy_desk.services.access import Access, Identity, has_accounts
from advocacy_desk.services.connection import check_server_version, refusal
from advocacy_desk.services.uow import UnitOfWorkFactory

if TYPE_CHECKING:
    from advocacy_desk.services.accounts import AccountService
    from advocacy_desk.services.audit import AuditService
    from advocacy_desk.services.backups import BackupService
    from advocacy_desk.services.casework import CaseworkService
    from advocacy_desk.services.changes import ChangeFeed
    from advocacy_desk.services.citizen import CitizenService
    from advocacy_desk.services.consent import ConsentService
    from advocacy_desk.services.contracts import ContractService
    from advocacy_desk.services.data_protection import DataProtectionService
    from advocacy_desk.services.diary import DiaryService
    from advocacy_desk.services.imports import ImportService
    from advocacy_desk.services.letters import LetterService
    from advocacy_desk.services.matching import MatchingService
    from advocacy_desk.services.matrix import MatrixService
    from advocacy_desk.services.people import PeopleService
    from advocacy_desk.services.planning import PlanningService
    from advocacy_desk.services.referrals import ReferralService
    from advocacy_desk.services.reports import ReportService
    from advocacy_desk.services.returns import ReturnService
    from advocacy_desk.services.settings import SettingsService
    from advocacy_desk.services.staff import StaffService
    from advocacy_desk.services.waiting_list import WaitingListService

T = TypeVar("T")


class _service(Generic[T]):  # noqa: N801 - used as a decorator, like ``property``
    """A service built on first use and kept: ``cached_property``, but safe when two
    threads (the window's and a background job's) ask for it at once, so every caller
    gets the same object."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _service[T]: ...
    @overload
    def __get__(self, instance: Services, owner: type | None = None) -> T: ...
    def __get__(self, instance: Services | None, owner: type | None = None) -> T | _service[T]:
        if instance is None:
            return self
        built = instance.__dict__
        try:
            return built[self.name]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with instance._building:
            if self.name not in built:
                built[self.name] = self.build(instance)
            return built[self.name]  # type: ignore[no-any-return]


class Services:
    """Everything the UI and the CLI may call, on one open database."""

    def __init__(
        self,
        url: URL,
        engine: Engine,
        today: Callable[[], date],
        uow: UnitOfWorkFactory,
        access: Access,
    ) -> None:
        self.url = url
        self.engine = engine
        #: The date the services treat as today (fixed in tests, the clock otherwise).
        self.today = today
        self.uow = uow
        #: Who is signed in; every service checks it (see ``services.access``).
        self.access = access
        self._building = threading.RLock()

    @classmethod
    def names(cls) -> list[str]:
        """The names of the services, in the order they are declared."""
        return [name for name, value in vars(cls).items() if isinstance(value, _service)]

    def __repr__(self) -> str:
        return f"Services({self.location!r})"

    @_service
    def accounts(self) -> AccountService:
        from advocacy_desk.services.accounts import AccountService

        return AccountService(self.uow, self.access)

    @_service
    def audit(self) -> AuditService:
        from advocacy_desk.services.audit import AuditService

        return AuditService(self.uow, self.access)

    @_service
    def people(self) -> PeopleService:
        from advocacy_desk.services.people import PeopleService

        return PeopleService(self.uow, self.access, self.today)

    @_service
    def referrals(self) -> ReferralService:
        from advocacy_desk.services.referrals import ReferralService

        return ReferralService(self.uow, self.access, self.today)

    @_service
    def contracts(self) -> ContractService:
        from advocacy_desk.services.contracts import ContractService

        return ContractService(self.uow, self.access)

    @_service
    def settings(self) -> SettingsService:
        from advocacy_desk.services.settings import SettingsService

        return SettingsService(self.uow, self.access)

    @_service
    def matrix(self) -> MatrixService:
        from advocacy_desk.services.matrix import MatrixService

        return MatrixService(self.uow, self.access)

    @_service
    def waiting_list(self) -> WaitingListService:
        from advocacy_desk.services.waiting_list import WaitingListService

        return WaitingListService(self.uow, self.access, self.today)

    @_service
    def staff(self) -> StaffService:
        from advocacy_desk.services.staff import StaffService

        return StaffService(self.uow, self.access)

    @_service
    def casework(self) -> CaseworkService:
        from advocacy_desk.services.casework import CaseworkService

        return CaseworkService(self.uow, self.access, self.today)

    @_service
    def returns(self) -> ReturnService:
        from advocacy_desk.services.returns import ReturnService

        return ReturnService(self.uow, self.access, self.today)

    @_service
    def matching(self) -> MatchingService:
        from advocacy_desk.services.matching import MatchingService

        return MatchingService(self.uow, self.access, self.today)

    @_service
    def citizen(self) -> CitizenService:
        from advocacy_desk.services.citizen import CitizenService

        return CitizenService(self.uow, self.access, self.today)

    @_service
    def imports(self) -> ImportService:
        from advocacy_desk.services.imports import ImportService

        return ImportService(self.uow, self.access, self.today)

    @_service
    def backups(self) -> BackupService:
        from advocacy_desk.services.backups import BackupService

        return BackupService(self.uow, self.url, self.access)

    @_service
    def planning(self) -> PlanningService:
        from advocacy_desk.services.planning import PlanningService

        return PlanningService(self.uow, self.access, self.today)

    @_service
    def consent(self) -> ConsentService:
        from advocacy_desk.services.consent import ConsentService

        return ConsentService(self.uow, self.access, self.today)

    @_service
    def reports(self) -> ReportService:
        from advocacy_desk.services.reports import ReportService

        return ReportService(self.uow, self.access, self.today)

    @_service
    def letters(self) -> LetterService:
        from advocacy_desk.services.letters import LetterService

        return LetterService(self.uow, self.access, self.today)

    @_service
    def diary(self) -> DiaryService:
        from advocacy_desk.services.diary import DiaryService

        return DiaryService(self.uow, self.access, self.today)

    @_service
    def data_protection(self) -> DataProtectionService:
        from advocacy_desk.services.data_protection import DataProtectionService

        return DataProtectionService(self.uow, self.access, self.today)

    @property
    def location(self) -> str:
        return describe(self.url)

    @property
    def changes(self) -> ChangeFeed:
        """Every commit's changes (which rows, of which kind, and how), for whoever
        listens: the window's pages refresh from it (``ui.bus.DataBus`` follows it)."""
        return self.uow.feed

    def is_empty(self) -> bool:
        """No people and no referrals yet: a first run."""
        with self.uow(read_only=True) as uow:
            return not (
                uow.session.scalar(select(func.count(Person.id)))
                or uow.session.scalar(select(func.count(Referral.id)))
            )

    def close(self) -> None:
        """Write what was kept for when the write lock is free (a sign-in's event
        during a long import: ``UnitOfWorkFactory.write_soon``), waiting for it, then
        let go of the database."""
        try:
            written = self.uow.close()
        finally:
            self.engine.dispose()
        if not written:
            raise DatabaseError(
                "the database stayed busy with another change, so the last sign-in's "
                "events could not be written to the audit trail"
            )


def open_services(
    path_or_url: str | Path | URL,
    today: Callable[[], date] = date.today,
    user: str = "",
) -> Services:
    """Open (creating if need be) and migrate the database, and wire the services to it.

    ``user`` is the name the audit trail records while the database has no accounts;
    once it has, nothing is allowed until ``services.accounts.sign_in``."""
    url = path_or_url if isinstance(path_or_url, URL) else database_url(path_or_url)
    check_sqlite_file(url)
    engine = make_engine(url)
    try:
        check_server_version(engine)
        fresh = current_revision(engine) is None
        upgrade_to_head(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc)
        if url.get_backend_name() == "postgresql":
            raise DatabaseError(f"cannot open {describe(url)}: {refusal(url, reason)}") from None
        raise DatabaseError(f"cannot open the database {describe(url)}: {reason}") from None
    except Exception:
        engine.dispose()
        raise
    uow = UnitOfWorkFactory(engine)
    if fresh:  # a new database starts a new trail: a head kept of an old one is moot
        uow.keeper.forget()
    with uow(read_only=True) as reading:
        secured = has_accounts(reading.session)
    # Until an account has a password the database is open to whoever has the file (as
    # before accounts existed); after, nothing is allowed until someone signs in.
    access = Access(uow, None if secured else Identity.open_database(user))
    return Services(url=url, engine=engine, today=today, uow=uow, access=access)
