"""Witnesses of the audit trail's head, kept outside the database.

The chain (``domain.audit_chain``) shows that no event was changed, removed or inserted
*between* two events; on its own it cannot show that the last events were not cut off,
or that the whole trail was not re-chained after an edit (anyone able to write the file
can compute the hashes). A *witness* closes that gap: the number of events and the hash
of the last one, ``{"events": N, "head": "<hex>", "at": "<ISO time>"}``, kept somewhere
else. Later, event N must still be there with the same hash.

Witnesses are: a saved ``audit head`` (printed, emailed, kept by anyone); every backup
(the backup file holds its own trail; a server's pg_dump archive gets a
``<archive>.head.json`` beside it); the last head this computer saw, kept in the user's
data folder after every write that added events (:class:`HeadKeeper`); and every saved
monitoring return, whose PDF prints the head for the commissioner.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from advocacy_desk import paths
from advocacy_desk.db.models import AuditEvent
from advocacy_desk.domain.audit_chain import GENESIS, Head
from advocacy_desk.domain.errors import AdvocacyDeskError

#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: What a server backup's witness is called, beside the archive.
SIDECAR_SUFFIX = ".head.json"
_HEX = frozenset("0123456789abcdef")


__all__ = ["Head", "HeadKeeper", "WitnessError"]


class WitnessError(AdvocacyDeskError):
    """A witness file cannot be read; the message names it and says why."""


def now() -> datetime:
    """Now, with its time zone (a witness says when it was taken)."""
    return datetime.now(UTC)


def head_of(session: Session) -> Head:
    """The head of the trail in ``session``'s database, now."""
    events = int(session.scalar(select(func.count(AuditEvent.id))) or 0)
    last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return Head(events, last or GENESIS, now())


def parse(text: str, name: str) -> Head:
    """A witness from the JSON ``audit head`` prints; ``WitnessError`` naming ``name``."""
    try:
        data = json.loads(text)
        events, head = data["events"], data["head"]
        at = datetime.fromisoformat(str(data.get("at") or "1970-01-01T00:00:00+00:00"))
    except (ValueError, KeyError, TypeError):
        raise WitnessError(
            f"witness {name}: not a saved audit head (JSON with events, head and at) nor a "
            "backup database"
        ) from None
    ok = isinstance(events, int) and events >= 0 and isinstance(head, str)
    if not ok or len(head) != 64 or not set(head) <= _HEX:
        raise WitnessError(f"witness {name}: its events or head are not what audit head prints")
    return Head(events, head, at if at.tzinfo else at.replace(tzinfo=UTC))


def of_backup_file(path: Path, name: str) -> Head:
    """The head of the trail inside an SQLite backup, read without changing it; its
    ``at`` is the time of its last event (the backup was taken after it)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as conn:
            events = int(conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])
            row = conn.execute(
                "SELECT hash, occurred_at FROM audit_event ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except sqlite3.Error as exc:
        raise WitnessError(f"witness {name}: cannot read its audit trail ({exc})") from None
    if row is None:
        return Head(0, GENESIS, datetime.fromtimestamp(path.stat().st_mtime, UTC))
    at = datetime.fromisoformat(str(row[1]))
    return Head(events, str(row[0] or GENESIS), at if at.tzinfo else at.replace(tzinfo=UTC))


def read(path: Path) -> Head:
    """The witness in ``path``: a saved ``audit head`` or a backup database."""
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as file:
            start = file.read(len(SQLITE_HEADER))
            if start == SQLITE_HEADER:
                return of_backup_file(path, name)
            text = (start + file.read(1_000_000)).decode("utf-8")
    except FileNotFoundError:
        raise WitnessError(f"witness {name}: there is no such file ({path})") from None
    except IsADirectoryError:
        raise WitnessError(f"witness {name}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise WitnessError(
            f"witness {name}: not a saved audit head nor a backup database"
        ) from None
    except OSError as exc:
        raise WitnessError(f"witness {name}: cannot be read ({exc.strerror or exc})") from None
    return parse(text, name)


def write(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` whole or not at all (a temporary name, then a
    rename), readable by the user only on POSIX."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(data, file)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_sidecar(archive: Path, head: Head) -> Path:
    """The witness kept beside a backup that cannot be read as a database (a pg_dump
    archive): ``<archive>.head.json``."""
    sidecar = archive.with_name(archive.name + SIDECAR_SUFFIX)
    write(sidecar, head.as_dict())
    return sidecar


# -- the last head this computer saw ---------------------------------------------------


def database_key(url: URL) -> str | None:
    """What names one database whichever account or computer connects: the resolved
    file, or the server, port and database (never the user or password); None for a
    database in memory."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return str(Path(url.database).resolve())
    return f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database or ''}"


def kept_head_file(url: URL) -> Path | None:
    """Where this computer keeps the last head it saw of the database at ``url``: a JSON
    file per database in the user's data folder, named by a hash of its location."""
    key = database_key(url)
    if key is None:
        return None
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return paths.data_dir() / "audit-heads" / f"{digest}.json"


class HeadKeeper:
    """Keeps the last head of one database in the user's data folder after every unit
    of work that added events (:meth:`measure` inside the transaction, while it holds
    the write lock; :meth:`keep` once it committed).

    Cheap: it remembers the last head it kept (its event's id), so measuring is two
    lookups by primary key and a count of the events after it. When the event it kept
    is gone or has another hash, the trail was cut or re-chained behind the app's back:
    the witness is left as it was (``audit verify`` then reports it), never overwritten
    with the altered trail's head."""

    def __init__(self, url: URL) -> None:
        self.file = kept_head_file(url)
        self._database = database_key(url) or ""
        self._lock = threading.Lock()
        self._last: tuple[int, str, int, datetime] | None = None  # events, hash, id, at
        self._loaded = False

    def _known(self) -> tuple[int, str, int, datetime] | None:
        if not self._loaded and self.file is not None:
            self._loaded = True
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                head = parse(json.dumps(data), self.file.name)
                self._last = (head.events, head.head, int(data["id"]), head.at)
            except (OSError, ValueError, KeyError, TypeError, WitnessError):
                self._last = None
        return self._last

    def measure(self, session: Session) -> tuple[int, str, int] | None:
        """The head after this transaction's events (flushed): (events, hash, id of the
        last event); None when the kept witness no longer matches the trail and no
        restore since explains why. One round trip when a head was kept before."""
        if self.file is None:
            return None
        with self._lock:
            known = self._known()
        last = select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        if known is not None:
            count, digest, event_id, at = known
            kept_hash = select(AuditEvent.hash).where(AuditEvent.id == event_id).scalar_subquery()
            after = (
                select(func.count(AuditEvent.id)).where(AuditEvent.id > event_id).scalar_subquery()
            )
            row = session.execute(last.add_columns(kept_hash, after)).first()
            if row is None:
                return None
            if row[2] == digest:
                return count + int(row[3] or 0), str(row[1]), int(row[0])
            if superseding_restore(session, Head(count, digest, at)) is None:
                return None
        row = session.execute(last).first()
        if row is None:
            return None
        events = int(session.scalar(select(func.count(AuditEvent.id))) or 0)
        return events, str(row[1]), int(row[0])

    def keep(self, measured: tuple[int, str, int]) -> None:
        """Write the measured head (unless a later one was kept already)."""
        assert self.file is not None
        with self._lock:
            if self._last is not None and self._last[0] >= measured[0]:
                return
            events, digest, event_id = measured
            moment = now()
            data = {"events": events, "head": digest, "at": moment.isoformat(),
                    "id": event_id, "database": self._database}  # fmt: skip
            try:
                try:
                    write(self.file, data)
                except FileNotFoundError:  # the first time: the folder is made then
                    self.file.parent.mkdir(parents=True, exist_ok=True)
                    write(self.file, data)
            except OSError:
                return  # a witness that cannot be written must never stop a save
            self._last = (events, digest, event_id, moment)
            self._loaded = True

    def forget(self) -> None:
        """Drop the kept head: the trail was legitimately replaced (a restore), so the
        next write keeps the new trail's head."""
        with self._lock:
            self._last = None
            self._loaded = True
            if self.file is not None:
                self.file.unlink(missing_ok=True)


def kept_head(url: URL) -> tuple[Path, Head] | None:
    """The last head this computer kept of the database at ``url``, with its file."""
    file = kept_head_file(url)
    if file is None or not file.exists():
        return None
    return file, read(file)


def superseding_restore(session: Session, witness: Head) -> int | None:
    """The position of a ``restore`` event that explains why ``witness`` no longer holds:
    recorded after the witness was taken, replacing a trail at least as long as the
    witness saw. None when there is none (the witness then stands)."""
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.details)
        .where(AuditEvent.action == "restore", AuditEvent.entity == "database")
        .order_by(AuditEvent.id)
    ).all()
    for event_id, occurred_at, details in rows:
        moment = occurred_at if occurred_at.tzinfo else occurred_at.replace(tzinfo=UTC)
        try:
            said = json.loads(details or "{}")
            replaced = int(said.get("replaced_events", -1))
            replaced_head = str(said.get("replaced_head", ""))
        except (ValueError, TypeError, AttributeError):
            continue
        if witness.events == replaced and witness.head != replaced_head:
            continue  # it saw the very head this restore says it replaced, and differs
        if moment >= witness.at and witness.events <= replaced:
            position = session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.id <= event_id)
            )
            return int(position or 0)
    return None
