"""Backups of a database on a PostgreSQL server, made with PostgreSQL's own programs.

A backup is ``pg_dump --format=custom`` of the whole database, written beside its final
name and renamed only once ``pg_restore --list`` reads it back as an archive holding the
app's tables (``audit_event`` and ``person``) and a schema revision: a failed or partial
dump never carries a backup's name. Backups are named
``<dbname>-YYYYMMDD-HHMMSS[-label].dump`` and are not rotated: on a server they are made
by hand (the server's administrator schedules the regular ones), so they are kept until
someone deletes them.

Restoring checks the archive the same way (and refuses one from a newer version of the
app), keeps the data it replaces as a fresh dump labelled ``replaced``, then runs
``pg_restore --clean --if-exists --no-owner --single-transaction``: the tables are
dropped and made again from the archive in one transaction, so a failure leaves the
database as it was. Dropping a table fires no row triggers, so the audit trail's
append-only triggers do not stand in the way, and they are made again with it.

The programs are found on the PATH (or in PostgreSQL's usual install folders). They
connect with a libpq URI made from the app's URL, without its password: that goes in the
``PGPASSWORD`` environment variable, never on a command line others can read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from glob import glob
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from advocacy_desk import paths
from advocacy_desk.db.backup import FOLDER_SETTING, Backup, BackupError, Progress, tidy
from advocacy_desk.files import atomic_output

SUFFIX = ".dump"
#: The tables an archive must list to be a backup of an Advocacy Desk database.
REQUIRED_TABLES = ("audit_event", "person")
#: How long pg_dump waits for a table another computer has locked before giving up.
LOCK_WAIT = "60s"
#: Seconds the programs wait to connect (unless PGCONNECT_TIMEOUT says otherwise).
CONNECT_TIMEOUT = "15"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<label>[\w.-]+))?\.dump$")
#: A line of ``pg_restore --list``: "216; 1259 18588 TABLE public audit_event postgres".
_ENTRY = re.compile(r"^\d+;\s+\d+\s+\d+\s+(?P<rest>.*)$")
_KINDS = ("MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE", "SEQUENCE", "VIEW", "FUNCTION")
#: Where PostgreSQL's installers put the programs when they are not on the PATH.
TOOL_FOLDERS = (
    r"C:\Program Files\PostgreSQL\*\bin",
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/Applications/Postgres.app/Contents/Versions/*/bin",
    "/opt/homebrew/opt/libpq/bin",
    "/usr/local/opt/libpq/bin",
)


def _now() -> datetime:
    """Now, in local time: backups are named as the clock on the wall reads."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Archive:
    """What ``pg_restore --list`` and the archive's ``alembic_version`` say about a dump."""

    path: Path
    dbname: str
    revision: str
    #: (kind, name) of each table, sequence, view and function: ("TABLE", "person").
    objects: frozenset[tuple[str, str]]

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(name for kind, name in self.objects if kind == "TABLE")


# -- the programs and the connection ---------------------------------------------------


def _version_key(folder: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", folder)) or (0,)


def find_tool(name: str, *, why: str = "back it up") -> str:
    """The path of PostgreSQL's program ``name`` (pg_dump, pg_restore); ``BackupError``
    saying how to get it when it is not installed."""
    found = shutil.which(name)
    if found is None:
        folders = [f for pattern in TOOL_FOLDERS for f in glob(pattern)]
        extra = os.pathsep.join(sorted(folders, key=_version_key, reverse=True))
        found = shutil.which(name, path=extra) if extra else None
    if found is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (15 or newer) so "
            f"that {name} is on the PATH, or ask whoever runs the server to {why}"
        )
    return found


def _server_url(url: URL) -> URL:
    if url.get_backend_name() != "postgresql":
        raise BackupError(
            f"backups of a {url.get_backend_name()} database are not made by Advocacy Desk: "
            "back it up with the server's own tools"
        )
    if not url.database:
        raise BackupError("the database URL names no database")
    return url


def libpq_uri(url: URL) -> str:
    """The URI the PostgreSQL programs connect with: the app's URL without the driver
    (``postgresql+psycopg`` becomes ``postgresql``) and without the password."""
    url = _server_url(url)
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False)


def tool_environment(url: URL) -> dict[str, str]:
    """The programs' environment: this one, with the password in ``PGPASSWORD``."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    env.setdefault("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT)
    return env


def shown(url: URL) -> str:
    """The database as shown to a person: its URL without the password."""
    return url.render_as_string(hide_password=True)


def _last_line(stderr: str) -> str:
    """What a program said went wrong: its last error line, else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "no reason given"
    errors = [line for line in lines if "error:" in line or "FATAL:" in line]
    line = (errors or lines)[-1]
    return re.sub(r"^(pg_dump|pg_restore)(\.exe)?:\s*(error:\s*)?", "", line)


def _run(args: list[str], env: dict[str, str] | None, failed: str) -> str:
    """Run a program; its standard output. ``BackupError`` (``failed``, then what the
    program said) when it fails."""
    extra: dict[str, Any] = {}
    if sys.platform == "win32":  # pragma: no cover - no console window from the app
        extra["creationflags"] = subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
    tool = Path(args[0]).stem
    try:
        done = subprocess.run(
            args,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            **extra,
        )
    except OSError as exc:
        raise BackupError(f"{failed}: cannot run {tool} ({exc.strerror or exc})") from None
    if done.returncode != 0:
        raise BackupError(f"{failed}: {tool} failed: {_last_line(done.stderr)}")
    return str(done.stdout)


def _engine_query(url: URL, sql: str, **params: object) -> list[tuple[Any, ...]]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise BackupError(f"cannot read {shown(url)}: {reason}") from None
    finally:
        engine.dispose()


# -- checking ------------------------------------------------------------------------


def _objects(listing: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """The database name and the (kind, name) of the objects in ``public`` that a
    ``pg_restore --list`` shows."""
    dbname = ""
    found: set[tuple[str, str]] = set()
    for line in listing.splitlines():
        if line.startswith(";"):
            header = re.match(r";\s+dbname:\s*(.*)$", line)
            if header:
                dbname = header[1].strip()
            continue
        entry = _ENTRY.match(line)
        if entry is None:
            continue
        rest = entry["rest"]
        for kind in _KINDS:
            if rest.startswith(f"{kind} public "):
                name = rest[len(kind) + len(" public ") :]
                name = name.rsplit(" ", 1)[0] if " " in name else name  # the owner
                found.add((kind, name))
                break
    return dbname, frozenset(found)


def _revision(dump: str) -> str | None:
    """The revision in ``pg_restore --data-only --table=alembic_version`` output."""
    lines = dump.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line:
            row = lines[number + 1].strip() if number + 1 < len(lines) else ""
            return row if row and row != "\\." else None
    return None


def check_archive(path: Path, known_revisions: Iterable[str] | None = None) -> Archive:
    """What the archive at ``path`` holds, once it is found to be a pg_dump archive of an
    Advocacy Desk database (from a version of the app that knows its schema revision, when
    ``known_revisions`` is given); else ``BackupError`` naming the file."""
    path = Path(path)
    pg_restore = find_tool("pg_restore", why="restore it")
    if not path.is_file():
        raise BackupError(f"there is no backup at {path}")
    not_ours = f"{path.name} is not a backup of an Advocacy Desk database"
    try:
        listing = _run([pg_restore, "--list", str(path)], None, not_ours)
    except BackupError:
        raise BackupError(f"{not_ours} (it is not a pg_dump archive)") from None
    dbname, objects = _objects(listing)
    tables = {name for kind, name in objects if kind == "TABLE"}
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BackupError(f"{not_ours} (the archive has no {' or '.join(missing)} table)")
    data = _run(
        [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)],
        None,
        f"cannot read {path.name}",
    )
    revision = _revision(data)
    if revision is None:
        raise BackupError(f"{not_ours} (no schema revision)")
    if known_revisions is not None and revision not in set(known_revisions):
        raise BackupError(
            f"{path.name} was made by a newer version of Advocacy Desk (schema revision "
            f"{revision}): update the app to restore it"
        )
    return Archive(path, dbname, revision, objects)


# -- backing up --------------------------------------------------------------------


def back_up(url: URL, out: Path, progress: Progress | None = None) -> Archive:
    """Dump the database at ``url`` to ``out`` with pg_dump, checked; what it holds."""
    url, out = _server_url(url), Path(out)
    pg_dump = find_tool("pg_dump")
    find_tool("pg_restore")  # the check needs it: know before dumping
    if not out.parent.is_dir():
        raise BackupError(f"cannot write the backup: the folder {out.parent} does not exist")
    tell = progress or (lambda _message, _fraction: None)
    try:
        # Written whole under a temporary name, readable by this user only, then renamed.
        with atomic_output(out) as partial:
            tell(f"Backing up to {out.name}", 0.0)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--lock-wait-timeout={LOCK_WAIT}",
                    f"--file={partial}",
                    f"--dbname={libpq_uri(url)}",
                ],
                tool_environment(url),
                f"cannot back up {url.database}",
            )
            tell(f"Checking {out.name}", 0.9)
            try:
                checked = check_archive(partial)
            except BackupError as exc:
                raise BackupError(f"the backup {out.name} failed its check: {exc}") from None
        tell(f"Backed up to {out.name}", 1.0)
    except OSError as exc:
        raise BackupError(f"cannot write the backup {out}: {exc.strerror or exc}") from None
    return Archive(out, checked.dbname, checked.revision, checked.objects)


def default_folder() -> Path:
    """Where a server database's backups go unless set otherwise: there is no folder
    beside a server database, so a "backups" folder in the app's data folder."""
    return paths.data_dir() / "backups"


def folder_of(url: URL) -> Path:
    """The backups folder chosen in Settings (read straight from the database, which may
    not have been upgraded yet), else :func:`default_folder`."""
    engine = create_engine(_server_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            chosen = None
            if inspect(conn).has_table("setting"):
                chosen = conn.execute(
                    text("SELECT value FROM setting WHERE key = :key"), {"key": FOLDER_SETTING}
                ).scalar()
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise BackupError(f"cannot read {shown(url)}: {reason}") from None
    finally:
        engine.dispose()
    return Path(chosen) if chosen else default_folder()


def backup_name(dbname: str, when: datetime, label: str = "") -> str:
    suffix = f"-{tidy(label)}" if label else ""
    return f"{tidy(dbname)}-{when.strftime(_STAMP)}{suffix}{SUFFIX}"


def take(
    url: URL,
    folder: Path,
    label: str = "",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """A new checked backup of the database at ``url`` in ``folder`` (made if need be)."""
    url = _server_url(url)
    find_tool("pg_dump")  # before making the folder: nothing is written without it
    when = now or _now()
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot make the backups folder {folder}: {exc.strerror}") from None
    out = Path(folder) / backup_name(str(url.database), when, label)
    while out.exists():  # never over another backup (one being restored, say)
        when += timedelta(seconds=1)
        out = Path(folder) / backup_name(str(url.database), when, label)
    back_up(url, out, progress)
    return out


def backups(folder: Path, dbname: str) -> list[Backup]:
    """The backups of the database ``dbname`` in ``folder``, newest first."""
    stem = tidy(dbname)
    found = []
    if Path(folder).is_dir():
        for path in Path(folder).iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == stem and path.is_file():
                taken = datetime.strptime(match["stamp"], _STAMP).astimezone()
                found.append(Backup(path, taken, match["label"] or ""))
    # Two in the same second (a restore's "replaced" and the one restored): newest first.
    return sorted(found, key=lambda b: (b.taken_at, _modified(b.path)), reverse=True)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


# -- restoring -----------------------------------------------------------------------


def _extras(url: URL, archive: Archive) -> list[str]:
    """Statements dropping what the database has in ``public`` that the archive does
    not (tables a newer schema added, say): ``--clean`` drops only what the archive
    lists, and a table left behind would stop its tables being dropped or the schema
    being upgraded again."""
    relations = _engine_query(
        url,
        "SELECT c.relname, c.relkind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
        "AND d.objid = c.oid AND d.deptype = 'e')",
    )
    functions = _engine_query(
        url,
        "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', "
        "p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
        "AND d.objid = p.oid AND d.deptype = 'e')",
    )
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW",
             "S": "SEQUENCE", "f": "FOREIGN TABLE"}  # fmt: skip
    drops = []
    for name, relkind in relations:
        kind = kinds[str(relkind)]
        if (kind, name) not in archive.objects:
            quoted = '"' + str(name).replace('"', '""') + '"'
            drops.append(f"DROP {kind} IF EXISTS public.{quoted} CASCADE")
    for signature, name, arguments in functions:
        if ("FUNCTION", signature) not in archive.objects:
            quoted = '"' + str(name).replace('"', '""') + '"'
            drops.append(f"DROP FUNCTION IF EXISTS public.{quoted}({arguments}) CASCADE")
    return drops


def _execute(url: URL, statements: list[str]) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise BackupError(f"cannot prepare {shown(url)} for restoring: {reason}") from None
    finally:
        engine.dispose()


def _pg_restore(pg_restore: str, archive: Path, url: URL, failed: str) -> None:
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--no-password",
            f"--dbname={libpq_uri(url)}",
            str(archive),
        ],
        tool_environment(url),
        failed,
    )


def restore(
    archive: Path,
    url: URL,
    keep_in: Path,
    known_revisions: Iterable[str],
    why: str = "replaced",
    progress: Progress | None = None,
) -> Path:
    """Put the backup ``archive`` in place of the data in the database at ``url``,
    having first kept that data as a new backup in ``keep_in`` (labelled ``why``).
    Returns that backup. Anyone else using the database sees the restored data at once."""
    url = _server_url(url)
    archive = Path(archive)
    tell = progress or (lambda _message, _fraction: None)
    pg_restore = find_tool("pg_restore", why="restore it")
    find_tool("pg_dump", why="restore it")  # the data it replaces is dumped first
    tell(f"Checking {archive.name}", 0.0)
    checked = check_archive(archive, known_revisions)
    tell(f"Keeping the current data of {url.database} first", 0.2)
    try:
        kept = take(url, keep_in, label=why)
    except BackupError as exc:
        raise BackupError(
            f"nothing was restored: the data it would replace could not be kept first ({exc})"
        ) from None
    tell(f"Restoring {archive.name}", 0.5)
    drops = _extras(url, checked)
    if drops:
        _execute(url, drops)
    try:
        _pg_restore(pg_restore, archive, url, f"cannot restore {archive.name}")
    except BackupError as exc:
        if drops:  # what was dropped comes back with the data it replaced
            try:
                _pg_restore(pg_restore, kept, url, "and putting the data back failed")
            except BackupError as again:
                raise BackupError(f"{exc}; {again}: it is kept in {kept}") from None
        raise BackupError(f"{exc}; the database is as it was") from None
    found = _engine_query(url, "SELECT version_num FROM alembic_version")
    if [str(row[0]) for row in found] != [checked.revision]:
        raise BackupError(
            f"the restored database does not hold what {archive.name} held (schema revision "
            f"{found[0][0] if found else 'missing'}, not {checked.revision}); the data it "
            f"replaced is kept in {kept}"
        )
    tell(f"Restored {archive.name}", 1.0)
    return kept
