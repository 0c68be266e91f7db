"""Backups of the database the app has open: an SQLite file's (see
:mod:`advocacy_desk.db.backup`) or, made with pg_dump and restored with pg_restore, a
PostgreSQL server database's (see :mod:`advocacy_desk.db.server_backup`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from advocacy_desk.db import backup, server_backup
from advocacy_desk.db.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    Backup,
    BackupError,
    Progress,
)
from advocacy_desk.db.engine import database_url
from advocacy_desk.services import audit_writer, settings, witness
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
    "record_restore",
    "rescue_backup",
    "restore_backup",
    "restore_server_backup",
]

#: Automatic backups while the app is open, at most this often (and only after a change).
AUTO_EVERY_MINUTES = 30


class BackupService(GuardedService):
    """Taking, listing and choosing where backups go. The automatic backups and the
    health check run whoever is signed in (they protect everyone's work); backing up
    on demand, restoring and moving the folder are for administrators.

    On a PostgreSQL server there are no automatic backups (see :attr:`available`), but
    backing up now, listing the backups in the folder and restoring one work, through
    PostgreSQL's pg_dump and pg_restore (:attr:`on_server`)."""

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
                "this database is on a server, not in a file: its backups are made with "
                "pg_dump (Settings > Backups > Back up now)"
            )
        return Path(self._url.database)

    @property
    @public("whether backups exist here decides what the window offers")
    def available(self) -> bool:
        """Whether this app makes the automatic backups (every 30 minutes, on close, before
        an upgrade) and checks the file for damage: for an SQLite file, not a server. On a
        shared server every laptop dumping the whole database every half hour would be
        wrong (as many copies of everyone's data as there are laptops, and load on the
        server); whoever runs the server schedules pg_dump there. Backing up on demand
        works on a server too: see :attr:`on_server`."""
        return self._url.get_backend_name() == "sqlite" and bool(self._url.database)

    @property
    @public("whether backups are made with pg_dump decides what Settings > Backups offers")
    def on_server(self) -> bool:
        """Whether the database is on a PostgreSQL server: backed up on demand with pg_dump
        (when it is installed), restored with pg_restore."""
        return self._url.get_backend_name() == "postgresql" and bool(self._url.database)

    @property
    @public("the database in use is shown in Settings > Database to everyone")
    def location(self) -> str:
        """The database as shown to a person: the file, or the server URL without its
        password."""
        from advocacy_desk.db.engine import describe

        return describe(self._url)

    @public("tells the administrator before they press Back up now")
    def tools_missing(self) -> str | None:
        """On a server: the message saying pg_dump or pg_restore is not installed, or None
        when both are found (always None for an SQLite file)."""
        if not self.on_server:
            return None
        try:
            server_backup.find_tool("pg_dump")
            server_backup.find_tool("pg_restore", why="restore it")
        except BackupError as exc:
            return str(exc)
        return None

    @public("where backups go is shown beside the automatic backups' messages")
    def folder(self) -> Path:
        """Where backups go: the folder chosen in Settings, else "backups" beside the data
        (for a server database, which has no folder beside it, "backups" in the app's data
        folder on this computer)."""
        with self._uow(read_only=True) as uow:
            chosen = settings.read(uow.session, settings.BACKUP_FOLDER)
        if chosen:
            return Path(chosen)
        if self.on_server:
            return server_backup.default_folder()
        return backup.default_folder(self.database)

    @requires(Permission.BACKUPS, what="choose where backups go")
    def set_folder(self, folder: Path | None) -> Path:
        """Choose the backups folder (None: back beside the data, or for a server database
        the app's data folder's). It must exist or be creatable, and be writable."""
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
            settings.write(uow.session, self._access, settings.BACKUP_FOLDER, str(folder or ""))
            uow.commit()
        return self.folder()

    @requires(Permission.BACKUPS, what="back up on demand")
    def back_up_now(self, progress: Progress | None = None, label: str = "") -> Path:
        """A verified backup into the backups folder, now; the rotation then trims old ones.
        On a server: a pg_dump archive, checked with pg_restore, and no rotation (they are
        made by hand, so kept until someone deletes them)."""
        if self.on_server:
            with self._uow(read_only=True) as uow:
                head = witness.head_of(uow.session)
            made = server_backup.take(self._url, self.folder(), label=label, progress=progress)
            witness.write_sidecar(made, head)  # an archive is not read as a witness
            return made
        return self._take(progress, label)

    def _take(self, progress: Progress | None = None, label: str = "") -> Path:
        made = backup.take(self.database, self.folder(), label=label, progress=progress)
        self._last_fingerprint = self._fingerprint()
        return made

    @public("automatic backups protect everyone's work, whoever is signed in")
    def back_up_if_changed(self, label: str = "auto") -> Path | None:
        """A backup when the data changed since the last one this session made (or since
        the app opened, for the first); None when nothing changed, and always None for a
        server database (see :attr:`available`)."""
        if not self.available:
            return None
        now = self._fingerprint()
        if self._last_fingerprint is None:
            self._last_fingerprint = now  # what the app opened: not a change
            return None
        if now == self._last_fingerprint:
            return None
        return self._take(label=label)

    @requires(Permission.BACKUPS, what="see the backups")
    def backups(self) -> list[Backup]:
        """The database's backups in the backups folder, newest first."""
        if self.on_server:
            return server_backup.backups(self.folder(), str(self._url.database))
        return backup.backups(self.folder(), self.database.stem)

    @public("checking a file reads nothing from the database")
    def check_file(self, path: Path) -> str:
        """The schema revision of a backup this database may be restored from;
        ``BackupError`` saying why not (not this app's, damaged, from a newer version, or,
        on a server, not a pg_dump archive)."""
        if self.on_server:
            from advocacy_desk.db.migrate import known_revisions

            return server_backup.check_archive(path, known_revisions()).revision
        return check_backup_file(path)

    @requires(Permission.BACKUPS, what="restore a backup")
    def restore(self, path: Path, progress: Progress | None = None) -> Path:
        """On a server: put the backup at ``path`` in place of the data, for everyone using
        the database, having kept the data it replaces as a new backup in the backups
        folder (labelled "replaced"); returns that backup. One event in the restored audit
        trail says who restored what. An SQLite file is restored with the database closed
        instead (:func:`restore_backup`)."""
        if not self.on_server:
            raise BackupError(
                "an SQLite database is restored with it closed: use Settings > Backups or "
                "advocacy-desk restore"
            )
        folder = self.folder()
        with self._uow(read_only=True) as uow:
            replaced = witness.head_of(uow.session)
        # This app's idle connections go: nothing of ours holds the tables being replaced.
        self._uow.engine.dispose()
        kept = restore_server_backup(path, self._url, folder, progress=progress)
        self._uow.keeper.forget()
        with self._uow() as uow:
            audit_writer.record(uow.session, self._user, "restore", "database", None,
                                restore_details(Path(path), kept, replaced))  # fmt: skip
            uow.commit()
        return kept

    @public("offered at start when the database is damaged, before anyone can sign in")
    def newest_good(self) -> Backup | None:
        if not self.available:
            return None
        return backup.newest_good(self.folder(), self.database.stem)

    @public("the start-up check runs before anyone signs in")
    def health(self) -> str | None:
        """None when SQLite's quick_check finds the database sound; else the damage, in
        words. Reads the whole file: seconds for a large one, so run it in the background.
        Always None for a server database (the server looks after its own storage)."""
        if not self.available:
            return None
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


def restore_backup(
    path: Path, database: Path, why: str = "replaced", user: str | None = None
) -> Path | None:
    """Put a backup in place of the database, which must be closed first (and open in no
    other program); the current file is kept aside, renamed with ``why`` ("replaced",
    "damaged"). The restored trail gains a ``restore`` event naming ``user`` (who
    restored: the signed-in administrator; else this computer's user, as a database
    without accounts records everyone), the backup and
    the head of the trail it replaced. Returns where the current file was kept."""
    from advocacy_desk.db.migrate import known_revisions

    replaced = _trail_head(Path(database))
    aside = backup.restore(path, database, known_revisions(), why)
    record_restore(database_url(database), Path(path), aside, replaced, user)
    return aside


def _trail_head(database: Path) -> witness.Head | None:
    """The head of the trail in a database file about to be replaced (None when it
    cannot be read: it is damaged, say, or has no trail)."""
    if not database.exists():
        return None
    try:
        return witness.of_backup_file(database, database.name)
    except witness.WitnessError:
        return None


def restore_details(path: Path, kept: Path | None, replaced: witness.Head | None
                    ) -> dict[str, object]:  # fmt: skip
    """What a ``restore`` event says: the backup, where the data it replaced was kept,
    and the head (events, hash) of the trail it replaced (which witnesses of that trail
    are then checked against: ``witness.superseding_restore``)."""
    details: dict[str, object] = {"backup": Path(path).name, "kept": str(kept or "")}
    if replaced is not None:
        details["replaced_events"] = replaced.events
        details["replaced_head"] = replaced.head
    return details


def record_restore(
    url: URL, path: Path, kept: Path | None, replaced: witness.Head | None, user: str | None
) -> None:
    """Write the ``restore`` event into the restored database's trail (bringing its
    schema up to date first, as opening it would), and start the witness this computer
    keeps afresh from the restored trail. Every connection is closed after, so no
    ``-wal`` or ``-shm`` file is left beside a restored file."""
    from advocacy_desk.db.engine import make_engine
    from advocacy_desk.db.migrate import upgrade_to_head
    from advocacy_desk.os_user import current_user
    from advocacy_desk.services.uow import UnitOfWorkFactory

    who = user or current_user()  # as an open database records everyone
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        factory = UnitOfWorkFactory(engine)
        factory.keeper.forget()
        with factory() as uow:
            audit_writer.record(uow.session, who, "restore", "database", None,
                                restore_details(path, kept, replaced))  # fmt: skip
            uow.commit()
    except SQLAlchemyError as exc:
        raise BackupError(
            f"{Path(path).name} was restored, but its audit trail could not record the "
            f"restore: {getattr(exc, 'orig', None) or exc}"
        ) from None
    finally:
        engine.dispose()


def restore_server_backup(
    path: Path,
    url: URL,
    keep_in: Path,
    why: str = "replaced",
    progress: Progress | None = None,
) -> Path:
    """Restore the pg_dump archive at ``path`` into the server database at ``url``, having
    kept the data it replaces as a new backup in ``keep_in`` (labelled ``why``); returns
    that backup."""
    from advocacy_desk.db.migrate import known_revisions

    return server_backup.restore(path, url, keep_in, known_revisions(), why, progress)


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
