"""Where the data lives and how to connect to it.

``--db`` takes either a file path (an embedded SQLite database) or an SQLAlchemy
URL (for example ``postgresql+psycopg://user@host/dbname``).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from advocacy_desk.domain.errors import AdvocacyDeskError

#: Milliseconds a connection waits for another process's write to finish.
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(AdvocacyDeskError):
    """The database cannot be opened or used; the message says what to do."""


def database_url(path_or_url: str | Path) -> URL:
    """An SQLAlchemy URL for a file path or a URL string."""
    text = str(path_or_url)
    if "://" in text:
        try:
            return make_url(text)
        except ArgumentError:
            raise DatabaseError(f'"{text}" is not a database URL or file path') from None
    path = Path(text).expanduser()
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder: give the path of a database file inside it")
    if not path.parent.exists():
        raise DatabaseError(
            f"cannot create the database {path}: the folder {path.parent} does not exist"
        )
    return URL.create("sqlite+pysqlite", database=str(path.resolve()))


def describe(url: URL) -> str:
    """The database as shown to a person: a file path, or the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


#: The execution option that marks a transaction as a read, which takes no write lock
#: (below): ``engine.execution_options(**READ_ONLY)``.
READ_ONLY = {"advocacy_read_only": True}

#: The PostgreSQL advisory lock every writing transaction takes first ("ADWRITE1").
WRITE_LOCK = 0x4144575249544531

#: How long a statement on a server waits for a lock (another laptop's write, say)
#: before giving up, rather than hang: a large import holds the write lock for a while.
LOCK_TIMEOUT = "60s"


#: The execution option that lets a writing transaction wait only this many
#: milliseconds for the write lock (``engine.execution_options(**{WAIT_MS: 100})``):
#: for a write that may as well happen later (a sign-in's event, say, which
#: ``services.uow`` then keeps until the lock is free) rather than keep someone waiting.
WAIT_MS = "advocacy_write_wait_ms"


def waited_too_long(exc: BaseException) -> bool:
    """Whether a server refused a statement for waiting longer than ``LOCK_TIMEOUT``."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "55P03"


def lock_busy(exc: BaseException) -> bool:
    """Whether a write was refused because another one holds the write lock (SQLite's
    "database is locked" after its wait, or a server's lock wait running out)."""
    if waited_too_long(exc):
        return True
    orig = getattr(exc, "orig", None)
    return isinstance(orig, sqlite3.OperationalError) and (
        "locked" in str(orig) or "busy" in str(orig)
    )


class WriteLockBusy(AdvocacyDeskError):
    """A quick write (``WAIT_MS``) did not get the write lock in time."""


def _reading(connection: Connection) -> bool:
    return bool(connection.get_execution_options().get("advocacy_read_only"))


def _wait_ms(connection: Connection) -> int | None:
    wait = connection.get_execution_options().get(WAIT_MS)
    return None if wait is None else int(wait)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver must not begin transactions itself: ``_begin_sqlite`` does, IMMEDIATE.
    dbapi_connection.isolation_level = None
    # busy_timeout first, so the other pragmas wait for a busy file rather than fail.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    """Begin every transaction IMMEDIATE unless it is marked a read (``READ_ONLY``): a
    writer then takes the write lock at the start and waits (``busy_timeout``) for another
    process's write to finish, instead of failing part way with "database is locked" as a
    deferred transaction that read first and then tries to write may."""
    if _reading(connection):
        connection.exec_driver_sql("BEGIN DEFERRED")
        return
    wait = _wait_ms(connection)
    if wait is None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _begin_server(connection: Connection) -> None:
    """Writers on a server take turns, as on SQLite: every transaction not marked a read
    first takes one advisory lock, held until it ends. What the app reads and then
    writes (the next reference number, the audit trail's last link, a report's number on
    its case) then cannot interleave with another writer's, whatever the laptop. Reads
    never wait (PostgreSQL's snapshots)."""
    if _reading(connection):
        return
    wait = _wait_ms(connection)
    if wait is None:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        return
    got = connection.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK})").scalar()
    if not got:
        raise WriteLockBusy("another change holds the write lock")


def make_engine(path_or_url: str | Path | URL) -> Engine:
    """An engine for the database: SQLite's safety pragmas and IMMEDIATE transactions on
    an SQLite file (only there), a pre-pinged pool in UTC on a server."""
    url = path_or_url if isinstance(path_or_url, URL) else database_url(path_or_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    server = url.get_backend_name() == "postgresql"
    # Every session in UTC, so stored times mean the same whatever the server's zone.
    # pool_pre_ping: a laptop's connections outlive Wi-Fi drops and server restarts.
    options = (
        {"connect_args": {"options": f"-c timezone=UTC -c lock_timeout={LOCK_TIMEOUT}"}}
        if server
        else {}
    )
    try:
        engine = create_engine(url, pool_pre_ping=True, **options)
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"no driver for {url.drivername}: install it (for example psycopg) ({exc.name} missing)"
        ) from None
    if server:
        event.listen(engine, "begin", _begin_server)
    return engine


def check_sqlite_file(url: URL) -> None:
    """Refuse a file that exists but is not an SQLite database, before anything writes to it."""
    if url.get_backend_name() != "sqlite" or not url.database:
        return
    path = Path(url.database)
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if header != b"SQLite format 3\x00":
        raise DatabaseError(f"{path} is not an Advocacy Desk database (it is not an SQLite file)")
    try:
        # Closed however it goes: a damaged file left open here would keep it locked.
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from None
