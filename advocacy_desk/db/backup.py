"""Backups of the SQLite database: taken safely, verified, rotated, and restored.

A backup is a consistent copy made through SQLite's online backup API while the app
keeps working, written beside its final name and moved into place only once it has been
verified: it opens, passes ``quick_check``, and holds the same number of rows in every
table as the database did at the moment it was copied. A half-written backup never
carries a backup's name.

Backups are named ``<database>-YYYYMMDD-HHMMSS[-label].sqlite`` and kept as the newest of
each of the last 12 days, 10 weeks and 9 months that have one (grandfather-father-son).

Restoring checks the backup first (integrity and schema revision), then keeps the
current database aside, renamed, never deleted.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import sqlite3
import sys
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from advocacy_desk.db.engine import DatabaseError
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.progress import Progress as Progress
from advocacy_desk.files import atomic_output

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
#: Pages copied per step of the online backup (about 1 MB at 4 KB pages).
STEP_PAGES = 256
#: The setting that moves the backups folder from beside the database.
FOLDER_SETTING = "backup_folder"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<label>[\w.-]+))?\.sqlite$")
#: File systems on which SQLite's locking is unreliable (a known cause of corruption).
NETWORK_FILE_SYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "afs", "9p", "ncpfs", "davfs"}
)


class BackupError(DatabaseError):
    """A backup could not be made, verified or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    label: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _now() -> datetime:
    """Now, in local time: backups are named as the clock on the wall reads."""
    return datetime.now().astimezone()


# -- checking ------------------------------------------------------------------------


def _connect(path: Path, read_only: bool = True) -> sqlite3.Connection:
    mode = "ro" if read_only else "rw"
    return sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=10)


def quick_check(path: Path) -> str | None:
    """None when the file is a sound SQLite database; else what is wrong, in words."""
    try:
        with closing(_connect(path)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return f"it cannot be read as a database ({exc})"
    if rows == ["ok"]:
        return None
    rows = [line for row in rows for line in str(row).splitlines() if line.strip()]
    shown = "; ".join(rows[:3]) + (f" (and {len(rows) - 3} more)" if len(rows) > 3 else "")
    return f"SQLite's check found damage: {shown}"


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table (SQLite's own tables aside)."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def revision_of(path: Path) -> str | None:
    """The schema revision stamped in a database file, or None when there is none."""
    try:
        with closing(_connect(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])


def verify(path: Path, expected: dict[str, int]) -> None:
    """``BackupError`` unless ``path`` opens, passes quick_check and has ``expected`` rows."""
    problem = quick_check(path)
    if problem:
        raise BackupError(f"the backup {path.name} failed its check: {problem}")
    with closing(_connect(path)) as conn:
        found = row_counts(conn)
    if found != expected:
        differ = sorted(t for t in set(found) | set(expected) if found.get(t) != expected.get(t))
        raise BackupError(
            f"the backup {path.name} does not hold what the database held (tables differ: "
            f"{', '.join(differ[:5])})"
        )


# -- backing up --------------------------------------------------------------------


def back_up(source: Path, out: Path, progress: Progress | None = None) -> dict[str, int]:
    """Copy the database at ``source`` to ``out``, verified. Returns its row counts."""
    source, out = Path(source), Path(out)
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    if not out.parent.is_dir():
        raise BackupError(f"cannot write the backup: the folder {out.parent} does not exist")
    tell = progress or (lambda _message, _fraction: None)
    try:
        # Written whole under a temporary name, readable by this user only, then renamed.
        with atomic_output(out) as partial:
            with closing(sqlite3.connect(source, timeout=10, isolation_level=None)) as src:
                src.execute("BEGIN")  # one read transaction: the counts and the copy agree
                expected = row_counts(src)

                def step(_status: int, remaining: int, total: int) -> None:
                    tell(f"Backing up to {out.name}", 1 - remaining / total if total else 1.0)

                with closing(sqlite3.connect(partial)) as dst:
                    src.backup(dst, pages=STEP_PAGES, progress=step)
                    # A backup is one plain file, not a database with a write-ahead log.
                    dst.execute("PRAGMA journal_mode = DELETE")
                src.execute("COMMIT")
            tell(f"Checking {out.name}", 1.0)
            verify(partial, expected)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up {source.name}: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot write the backup {out}: {exc.strerror or exc}") from None
    except AdvocacyDeskError as exc:
        raise BackupError(str(exc)) from None
    return expected


def _fsync(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def default_folder(database: Path) -> Path:
    """Where backups go unless set otherwise: a "backups" folder beside the database."""
    return Path(database).parent / "backups"


def tidy(text: str) -> str:
    """``text`` fit for a file name: runs of anything but letters, digits, ``.``, ``_``
    and ``-`` become one ``-``."""
    return re.sub(r"[^\w.-]+", "-", text)


def backup_name(database: Path, when: datetime, label: str = "") -> str:
    suffix = f"-{tidy(label)}" if label else ""
    return f"{Path(database).stem}-{when.strftime(_STAMP)}{suffix}.sqlite"


def take(
    database: Path,
    folder: Path,
    label: str = "",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """A new verified backup of ``database`` in ``folder`` (created if need be); then
    older backups beyond the rotation are removed."""
    when = now or _now()
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot make the backups folder {folder}: {exc.strerror}") from None
    out = Path(folder) / backup_name(database, when, label)
    back_up(database, out, progress)
    prune(folder, Path(database).stem)
    return out


def backups(folder: Path, stem: str) -> list[Backup]:
    """The backups of the database named ``stem`` in ``folder``, newest first."""
    found = []
    if Path(folder).is_dir():
        for path in Path(folder).iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == stem and path.is_file():
                taken = datetime.strptime(match["stamp"], _STAMP).astimezone()
                found.append(Backup(path, taken, match["label"] or ""))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def to_keep(taken: Iterable[datetime]) -> set[datetime]:
    """The times to keep: the newest of each of the last 12 days, 10 ISO weeks and 9
    months that have a backup."""
    newest_first = sorted(set(taken), reverse=True)
    keep: set[datetime] = set()
    for key, limit in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for t in newest_first:
            period = key(t)
            if period not in seen:
                if len(seen) == limit:
                    break
                seen.append(period)
                keep.add(t)
    return keep


def prune(folder: Path, stem: str) -> list[Path]:
    """Remove the backups the rotation no longer keeps; returns those removed."""
    found = backups(folder, stem)
    keep = to_keep(b.taken_at for b in found)
    removed = []
    for backup in found:
        if backup.taken_at not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def newest_good(folder: Path, stem: str) -> Backup | None:
    """The newest backup that passes its check."""
    return next((b for b in backups(folder, stem) if quick_check(b.path) is None), None)


# -- restoring -----------------------------------------------------------------------


def check_backup(path: Path, known_revisions: Iterable[str]) -> str:
    """The backup's schema revision, once it passes its check; else ``BackupError``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"there is no backup at {path}")
    problem = quick_check(path)
    if problem:
        raise BackupError(f"{path.name} cannot be restored: {problem}")
    revision = revision_of(path)
    if revision is None:
        raise BackupError(f"{path.name} is not an Advocacy Desk database (no schema revision)")
    if revision not in set(known_revisions):
        raise BackupError(
            f"{path.name} was made by a newer version of Advocacy Desk (schema revision "
            f"{revision}): update the app to restore it"
        )
    return revision


#: Why a restore is refused while the database is open elsewhere.
IN_USE = "another program has the database open: close the app on this computer first"


def close_for_restore(database: Path) -> None:
    """Make sure no other program has ``database`` open, and fold its write-ahead log
    into the file, so that it is one whole file to set aside (no ``-wal`` or ``-shm``
    left beside it). ``BackupError`` (:data:`IN_USE`) while another connection is open:
    it holds SQLite's shared lock, so an exclusive lock cannot be had. A file too
    damaged to lock is left as it is (its log files move with it)."""
    database = Path(database)
    if not database.exists():
        return
    try:
        conn = sqlite3.connect(database, timeout=1, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise BackupError(IN_USE) from None
            return
        except sqlite3.Error:
            return
        with suppress(sqlite3.Error):
            conn.execute("PRAGMA journal_mode = DELETE")  # checkpoints, removes the log
    finally:
        conn.close()
    if not Path(f"{database}-wal").exists():
        # The file is no longer in WAL mode and nothing has it open: the shared-memory
        # index a read-only connection left behind belongs to nothing.
        Path(f"{database}-shm").unlink(missing_ok=True)


def set_aside(database: Path, why: str, now: datetime | None = None) -> Path | None:
    """Rename the database (with any write-ahead log files) out of the way, keeping it:
    ``advocacy-desk.sqlite`` becomes ``advocacy-desk.<why>-YYYYMMDD-HHMMSS.sqlite``, or
    ``...-HHMMSS-2.sqlite`` and on when that name is taken (the name is claimed by
    creating it exclusively, so two restores in one second never overwrite each
    other's)."""
    database = Path(database)
    if not database.exists():
        return None
    stamp = (now or _now()).strftime(_STAMP)
    for number in itertools.count(1):
        counter = f"-{number}" if number > 1 else ""
        aside = database.with_name(f"{database.stem}.{why}-{stamp}{counter}{database.suffix}")
        try:
            os.close(os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        break
    try:
        for extra in ("-wal", "-shm"):
            companion = Path(f"{database}{extra}")
            if companion.exists():
                os.replace(companion, Path(f"{aside}{extra}"))
        os.replace(database, aside)
    except OSError:
        aside.unlink(missing_ok=True)
        raise
    return aside


def restore(
    backup: Path, database: Path, known_revisions: Iterable[str], why: str = "replaced"
) -> Path | None:
    """Put ``backup`` in place of ``database`` (which no other program may have open:
    :func:`close_for_restore`), keeping the current one aside (named with ``why``).
    Returns where the current one was kept (None if there was none)."""
    check_backup(backup, known_revisions)
    database = Path(database)
    close_for_restore(database)
    partial = database.with_name(f"{database.name}.{os.getpid()}-{secrets.token_hex(4)}.restoring")
    try:
        with closing(sqlite3.connect(backup, timeout=10)) as src:
            with closing(sqlite3.connect(partial)) as dst:
                src.backup(dst, pages=STEP_PAGES)
                dst.execute("PRAGMA journal_mode = DELETE")
            expected = row_counts(src)
        verify(partial, expected)
        _fsync(partial)
        aside = set_aside(database, why)
        try:
            os.replace(partial, database)
        except OSError:
            if aside is not None:  # put the current file back rather than leave none
                for extra in ("-wal", "-shm"):
                    if Path(f"{aside}{extra}").exists():
                        os.replace(Path(f"{aside}{extra}"), Path(f"{database}{extra}"))
                os.replace(aside, database)
            raise
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore {Path(backup).name}: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot restore into {database}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
    return aside


# -- where the data lives ------------------------------------------------------------


def looks_like_network_share(path: Path) -> bool:
    """Whether ``path`` seems to be on a network drive, where SQLite's file locking is
    unreliable and databases get corrupted."""
    text = str(path)
    if text.startswith(("\\\\", "//")):  # a UNC path, \\server\share
        return True
    if sys.platform == "win32":
        return _windows_remote_drive(text)
    return _mounted_type(Path(path)) in NETWORK_FILE_SYSTEMS


def _windows_remote_drive(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    drive_remote = 4
    return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")) == drive_remote  # type: ignore[attr-defined]


def _mounted_type(path: Path) -> str:
    """The file system type of the mount holding ``path`` (Linux); "" when unknown."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind
