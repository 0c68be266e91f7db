"""Backups of the database the app has open (see :mod:`advocacy_desk.db.backup`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL

from advocacy_desk.db import backup
from advocacy_desk.db.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    Backup,
    BackupError,
    Progress,
)
from advocacy_desk.db.models import Setting
from advocacy_desk.services import audit
from advocacy_desk.services.access import Access, GuardedService, Permission, public, requires
from advocacy_desk.services.uow import UnitOfWorkFactory

__all__ = [
    "AUTO_EVERY_MINUTES",
    "KEEP_DAILY",
    "KEEP_MONTHLY",
    "KEEP_WEEKLY",
    "Backup",
    "BackupError",
    "BackupService",
    "Progress",
    "check_backup_file",
    "rescue_backup",
    "restore_backup",
]

#: Automatic backups while the app is open, at most this often (and only after a change).
AUTO_EVERY_MINUTES = 30


class BackupService(GuardedService):
    """Taking, listing and choosing where backups go. The automatic backups and the
    health check run whoever is signed in (they protect everyone's work); backing up
    on demand and moving the folder are for administrators."""

    def __init__(self, uow: UnitOfWorkFactory, url: URL, access: Access) -> None:
        self._uow = uow
        self._url = url
        self._access = access
        self._last_fingerprint: tuple[int, ...] | None = None

    @property
    @public("the file in use is shown in Settings > Database to everyone")
    def database(self) -> Path:
        """The database file; ``BackupError`` for a server database."""
        if self._url.get_backend_name() != "sqlite" or not self._url.database:
            raise BackupError(
                "this database is on a server: back it up with the server's own tools (pg_dump)"
            )
        return Path(self._url.database)

    @property
    @public("whether backups exist here decides what the window offers")
    def available(self) -> bool:
        """Whether this app makes the backups (an SQLite file, not a server)."""
        return self._url.get_backend_name() == "sqlite" and bool(self._url.database)

    @public("where backups go is shown beside the automatic backups' messages")
    def folder(self) -> Path:
        """Where backups go: the folder chosen in Settings, else "backups" beside the data."""
        with self._uow(read_only=True) as uow:
            chosen = uow.session.scalar(
                select(Setting.value).where(Setting.key == backup.FOLDER_SETTING)
            )
        return Path(chosen) if chosen else backup.default_folder(self.database)

    @requires(Permission.BACKUPS, what="choose where backups go")
    def set_folder(self, folder: Path | None) -> Path:
        """Choose the backups folder (None: back beside the data). It must exist or be
        creatable, and be writable."""
        if folder is not None:
            folder = Path(folder).expanduser()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                probe = folder / ".advocacy-desk-write-test"
                probe.write_bytes(b"")
                probe.unlink()
            except OSError as exc:
                raise BackupError(
                    f"cannot keep backups in {folder}: {exc.strerror or exc}; choose a folder "
                    "you can write to"
                ) from None
        with self._uow() as uow:
            row = uow.session.get(Setting, backup.FOLDER_SETTING)
            changed = audit.changes({"folder": row.value if row else ""},
                                    {"folder": str(folder or "")})  # fmt: skip
            if changed:
                audit.record(uow.session, self._user, "update", "setting", None,
                             {"key": backup.FOLDER_SETTING, **changed})  # fmt: skip
            if folder is None:
                if row is not None:
                    uow.session.delete(row)
            else:
                uow.session.merge(Setting(key=backup.FOLDER_SETTING, value=str(folder)))
            uow.commit()
        return self.folder()

    @requires(Permission.BACKUPS, what="back up on demand")
    def back_up_now(self, progress: Progress | None = None, label: str = "") -> Path:
        """A verified backup into the backups folder, now; the rotation then trims old ones."""
        return self._take(progress, label)

    def _take(self, progress: Progress | None = None, label: str = "") -> Path:
        made = backup.take(self.database, self.folder(), label=label, progress=progress)
        self._last_fingerprint = self._fingerprint()
        return made

    @public("automatic backups protect everyone's work, whoever is signed in")
    def back_up_if_changed(self, label: str = "auto") -> Path | None:
        """A backup when the data changed since the last one this session made (or since
        the app opened, for the first); None when nothing changed."""
        now = self._fingerprint()
        if self._last_fingerprint is None:
            self._last_fingerprint = now  # what the app opened: not a change
            return None
        if now == self._last_fingerprint:
            return None
        return self._take(label=label)

    @requires(Permission.BACKUPS, what="see the backups")
    def backups(self) -> list[Backup]:
        return backup.backups(self.folder(), self.database.stem)

    @public("offered at start when the database is damaged, before anyone can sign in")
    def newest_good(self) -> Backup | None:
        return backup.newest_good(self.folder(), self.database.stem)

    @public("the start-up check runs before anyone signs in")
    def health(self) -> str | None:
        """None when SQLite's quick_check finds the database sound; else the damage, in
        words. Reads the whole file: seconds for a large one, so run it in the background."""
        return backup.quick_check(self.database)

    @public("the warning about network drives is for everyone")
    def on_network_share(self) -> bool:
        return self.available and backup.looks_like_network_share(self.database)

    def _fingerprint(self) -> tuple[int, ...]:
        """The database file and its write-ahead log's sizes and times: changes with any
        committed write."""
        parts: list[int] = []
        for path in (self.database, Path(f"{self.database}-wal")):
            try:
                stat = path.stat()
                parts += [stat.st_size, stat.st_mtime_ns]
            except OSError:
                parts += [-1, -1]
        return tuple(parts)


def check_backup_file(path: Path) -> str:
    """The schema revision of a backup that may be restored; ``BackupError`` saying why
    one may not (damaged, not this app's, or from a newer version)."""
    from advocacy_desk.db.migrate import known_revisions

    return backup.check_backup(path, known_revisions())


def restore_backup(path: Path, database: Path, why: str = "replaced") -> Path | None:
    """Put a backup in place of the database, which must be closed first; the current
    file is kept aside, renamed with ``why`` ("replaced", "damaged"). Returns where."""
    from advocacy_desk.db.migrate import known_revisions

    return backup.restore(path, database, known_revisions(), why)


def rescue_backup(location: str | Path) -> Backup | None:
    """For a database file that will not open at all: the newest good backup in the
    usual folder beside it (the folder chosen in Settings cannot be read from a file
    that will not open), or None."""
    from advocacy_desk.db.engine import database_url

    try:
        url = database_url(location)
    except BackupError:
        return None
    except Exception:  # not a path we can read: nothing to offer
        return None
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    database = Path(url.database)
    if not database.exists() or backup.quick_check(database) is None:
        return None  # not damage (a newer app's file, say): nothing to restore
    return backup.newest_good(backup.default_folder(database), database.stem)
