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
from advocacy_desk.db.migrate import current_revision, upgrade_to_head
from advocacy_desk.db.models import Person, Referral
from advocacy_desk.services.access import Access, Identity, has_accounts
from advocacy_desk.services.accounts import AccountService
from advocacy_desk.services.audit_trail import AuditService
from advocacy_desk.services.backups import BackupService
from advocacy_desk.services.casework import CaseworkService
from advocacy_desk.services.citizen import CitizenService
from advocacy_desk.services.connection import check_server_version, refusal
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
    #: Who is signed in; every service checks it (see ``services.access``).
    access: Access
    accounts: AccountService
    audit: AuditService
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
    consent: ConsentService
    reports: ReportService
    letters: LetterService
    diary: DiaryService
    data_protection: DataProtectionService

    @property
    def location(self) -> str:
        return describe(self.url)

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
    return Services(
        url=url,
        engine=engine,
        today=today,
        uow=uow,
        access=access,
        accounts=AccountService(uow, access),
        audit=AuditService(uow, access),
        people=PeopleService(uow, access, today),
        referrals=ReferralService(uow, access, today),
        contracts=ContractService(uow, access),
        settings=SettingsService(uow, access),
        matrix=MatrixService(uow, access),
        waiting_list=WaitingListService(uow, access, today),
        staff=StaffService(uow, access),
        casework=CaseworkService(uow, access, today),
        returns=ReturnService(uow, access, today),
        matching=MatchingService(uow, access, today),
        citizen=CitizenService(uow, access, today),
        imports=ImportService(uow, access, today),
        backups=BackupService(uow, url, access),
        planning=PlanningService(uow, access, today),
        consent=ConsentService(uow, access, today),
        reports=ReportService(uow, access, today),
        letters=LetterService(uow, access, today),
        diary=DiaryService(uow, access, today),
        data_protection=DataProtectionService(uow, access, today),
    )
