"""Use cases: plain values in, frozen dataclasses out. ``ui`` and the CLI call these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
from advocacy_desk.db.migrate import upgrade_to_head
from advocacy_desk.db.models import Person, Referral
from advocacy_desk.services.backups import BackupService
from advocacy_desk.services.casework import CaseworkService
from advocacy_desk.services.citizen import CitizenService
from advocacy_desk.services.contracts import ContractService
from advocacy_desk.services.imports import ImportService
from advocacy_desk.services.matching import MatchingService
from advocacy_desk.services.matrix import MatrixService
from advocacy_desk.services.people import PeopleService
from advocacy_desk.services.planning import PlanningService
from advocacy_desk.services.referrals import ReferralService
from advocacy_desk.services.returns import ReturnService
from advocacy_desk.services.settings import SettingsService
from advocacy_desk.services.staff import StaffService
from advocacy_desk.services.uow import UnitOfWorkFactory
from advocacy_desk.services.waiting_list import WaitingListService


@dataclass(frozen=True)
class Services:
    """Everything the UI and the CLI may call, on one open database."""

    url: URL
    engine: Engine
    #: The date the services treat as today (fixed in tests, the clock otherwise).
    today: Callable[[], date]
    uow: UnitOfWorkFactory
    people: PeopleService
    referrals: ReferralService
    contracts: ContractService
    settings: SettingsService
    matrix: MatrixService
    waiting_list: WaitingListService
    staff: StaffService
    casework: CaseworkService
    returns: ReturnService
    matching: MatchingService
    citizen: CitizenService
    imports: ImportService
    backups: BackupService
    planning: PlanningService

    @property
    def location(self) -> str:
        return describe(self.url)

    def is_empty(self) -> bool:
        """No people and no referrals yet: a first run."""
        with self.uow() as uow:
            return not (
                uow.session.scalar(select(func.count(Person.id)))
                or uow.session.scalar(select(func.count(Referral.id)))
            )

    def close(self) -> None:
        self.engine.dispose()


def open_services(
    path_or_url: str | Path | URL,
    today: Callable[[], date] = date.today,
    user: str = "",
) -> Services:
    """Open (creating if need be) and migrate the database, and wire the services to it."""
    url = path_or_url if isinstance(path_or_url, URL) else database_url(path_or_url)
    check_sqlite_file(url)
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"cannot open the database {describe(url)}: {reason}") from None
    except Exception:
        engine.dispose()
        raise
    uow = UnitOfWorkFactory(engine)
    return Services(
        url=url,
        engine=engine,
        today=today,
        uow=uow,
        people=PeopleService(uow, today, user),
        referrals=ReferralService(uow, today, user),
        contracts=ContractService(uow, user),
        settings=SettingsService(uow),
        matrix=MatrixService(uow, user),
        waiting_list=WaitingListService(uow, today, user),
        staff=StaffService(uow, user),
        casework=CaseworkService(uow, today, user),
        returns=ReturnService(uow, today, user),
        matching=MatchingService(uow, today),
        citizen=CitizenService(uow, today, user),
        imports=ImportService(uow, today, user),
        backups=BackupService(uow, url),
        planning=PlanningService(uow, today),
    )
