"""Reading the audit trail: listing its events and walking its chain (on a session),
and ``AuditService`` (``services.audit``), which lets the people allowed to read it list
and verify it, against the witnesses of its head kept outside the database
(``services.witness``). Writing to it is ``services.audit_writer``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import AuditEvent, Setting
from advocacy_desk.domain.audit_chain import GENESIS, event_hash
from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.audit import Broken, EventRow, Verification, WitnessCheck
from advocacy_desk.services import witness
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.witness import Head, WitnessError

__all__ = [
    "AuditService",
    "Broken",
    "EventRow",
    "Verification",
    "Walk",
    "WitnessCheck",
    "events",
    "verify",
    "walk",
]


def verify(session: Session) -> tuple[int, Broken | None]:
    """Walk the whole trail in order: (events checked, the first broken link or None)."""
    walked = walk(session)
    return walked.checked, walked.broken


@dataclass(frozen=True)
class Walk:
    """The whole trail walked once: the events before the first broken link, that
    link, how many events there are, and the hash at each position asked for."""

    checked: int
    broken: Broken | None
    total: int
    hashes: dict[int, str]


def walk(session: Session, positions: Collection[int] = ()) -> Walk:
    """Walk the whole trail in order, checking every link, and keep the hash of the
    events at ``positions`` (1 is the first event) for the witnesses."""
    previous = GENESIS
    checked = 0
    total = 0
    broken: Broken | None = None
    wanted = set(positions)
    hashes: dict[int, str] = {}
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.username, AuditEvent.action,
               AuditEvent.entity, AuditEvent.entity_id, AuditEvent.details,
               AuditEvent.prev_hash, AuditEvent.hash).order_by(AuditEvent.id)
    ).yield_per(5_000)  # fmt: skip
    for row in rows:
        event_id, moment, user, action, entity, entity_id, text, prev, digest = row
        total += 1
        if total in wanted:
            hashes[total] = digest
        if broken is None:
            why = ""
            if prev != previous:
                why = "it does not point at the event before it (one was removed or inserted)"
            elif event_hash(prev, moment, user, action, entity, entity_id, text) != digest:
                why = "its contents do not match its hash (it was changed)"
            if why:
                broken = Broken(event_id, moment, action, entity, why)
            else:
                checked += 1
        previous = digest
    return Walk(checked, broken, total, hashes)


def events(session: Session, since: date | None = None, user: str | None = None
           ) -> list[EventRow]:  # fmt: skip
    """The trail, oldest first, from a day on and/or by one user (any case)."""

    query = select(AuditEvent).order_by(AuditEvent.id)
    if since is not None:
        start = datetime(since.year, since.month, since.day, tzinfo=UTC)
        query = query.where(AuditEvent.occurred_at >= start)
    if user:
        query = query.where(func.lower(AuditEvent.username) == user.lower())
    return [
        EventRow(e.id, e.occurred_at, e.username, e.action, e.entity, e.entity_id, e.details)
        for e in session.scalars(query)
    ]


class AuditService(GuardedService):
    @requires(Permission.AUDIT, what="read the audit trail")
    def events(self, since: date | None = None, user: str | None = None,
               action: str | None = None) -> list[EventRow]:  # fmt: skip
        """The trail, oldest first, from a day on, by one user and/or of one action."""
        with self._uow(read_only=True) as uow:
            rows = events(uow.session, since, user)
        return [r for r in rows if not action or r.action == action]

    @requires(Permission.AUDIT, what="check the audit trail")
    def verify(self) -> tuple[int, Broken | None]:
        """(events checked, the first broken link or None)."""
        with self._uow(read_only=True) as uow:
            return verify(uow.session)

    @requires(Permission.AUDIT, Permission.BACKUPS, what="take the audit trail's head")
    def head(self) -> Head:
        """The trail's head now: a witness anyone can keep (``audit head``). It reveals
        nothing of the events, so the administrator, who keeps the backups, may take it
        too."""
        with self._uow(read_only=True) as uow:
            return witness.head_of(uow.session)

    @requires(Permission.AUDIT, what="check the audit trail")
    def check(self, files: Sequence[Path] | None = None) -> Verification:
        """Walk the chain and check each witness in ``files`` (saved ``audit head`` JSON
        or backup databases); with ``None``, the witnesses found: the last head this
        computer kept of the database, and the backups in its backups folder."""
        found: list[str] = []
        if files is None:
            files, found = self._found_witnesses()
        heads: list[tuple[Path, Head | str]] = []
        for path in files:
            try:
                heads.append((Path(path), witness.read(Path(path))))
            except WitnessError as exc:
                heads.append((Path(path), str(exc)))
        positions = {h.events for _, h in heads if isinstance(h, Head)}
        with self._uow(read_only=True) as uow:
            walked = walk(uow.session, positions)
            checks = [self._judge(uow.session, walked, p, h) for p, h in heads]
        return Verification(walked.checked, walked.broken, walked.total, checks, found)

    @staticmethod
    def _judge(session: Session, walked: Walk, path: Path, head: Head | str
               ) -> WitnessCheck:  # fmt: skip
        if isinstance(head, str):
            return WitnessCheck(path, False, head)
        name = f"witness {path.name}"
        if head.events == 0:
            return WitnessCheck(path, True, f"{name}: an empty trail, nothing to check")
        if walked.hashes.get(head.events) == head.head:
            return WitnessCheck(path, True, f"{name}: event {head.events:,} matches "
                                f"(head {head.short})")  # fmt: skip
        if head.events > walked.total:
            has = plural(walked.total, "event")
            problem = f"event {head.events:,} is missing (the trail has {has})"
        else:
            problem = f"event {head.events:,}'s hash differs"
        restored_at = witness.superseding_restore(session, head)
        if restored_at is not None:
            return WitnessCheck(
                path, True,
                f"{name}: taken before the restore recorded as event {restored_at:,}, which "
                f"replaced the trail it saw ({problem} today); see that event",
            )  # fmt: skip
        return WitnessCheck(path, False, f"{name}: {problem}")

    def _found_witnesses(self) -> tuple[list[Path], list[str]]:
        """The witnesses this computer holds of the database, and how to name them."""
        from advocacy_desk.db import backup, server_backup

        url = self._uow.engine.url
        files: list[Path] = []
        said: list[str] = []
        kept = witness.kept_head_file(url)
        if kept is not None and kept.exists():
            files.append(kept)
            said.append(f"the last head kept on this computer ({kept})")
        with self._uow(read_only=True) as uow:
            chosen = uow.session.scalar(
                select(Setting.value).where(Setting.key == backup.FOLDER_SETTING)
            )
        server = url.get_backend_name() != "sqlite"
        if server:
            folder = Path(chosen) if chosen else server_backup.default_folder()
            made = [
                b.path.with_name(b.path.name + witness.SIDECAR_SUFFIX)
                for b in server_backup.backups(folder, str(url.database))
            ]
            made = [m for m in made if m.exists()]
        elif url.database:
            database = Path(url.database)
            folder = Path(chosen) if chosen else backup.default_folder(database)
            made = [b.path for b in backup.backups(folder, database.stem)]
        else:
            made = []
        if made:
            files.extend(made)
            said.append(f"{len(made)} backup{'s' if len(made) != 1 else ''} in {folder}")
        return files, said

    @requires(Permission.AUDIT, what="read the audit trail")
    def users(self) -> list[str]:
        """Every user name in the trail, for the filter."""
        from advocacy_desk.db.models import AuditEvent

        with self._uow(read_only=True) as uow:
            query = select(AuditEvent.username).distinct().order_by(AuditEvent.username)
            return [u for u in uow.session.scalars(query) if u]
