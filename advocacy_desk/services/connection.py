"""Checking a server before using it, and explaining why a connection failed.

:func:`check_server` is the "Test connection" button: it connects once, with a short
timeout, and says in one sentence what it found, or what is wrong and what to do. Which
database a computer opens is :func:`advocacy_desk.paths.start_location`.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from advocacy_desk.db.engine import DatabaseError, database_url, describe
from advocacy_desk.db.migrate import HEAD_REVISION, known_revisions
from advocacy_desk.records.server import ServerCheck

__all__ = [
    "CONNECT_TIMEOUT",
    "EXAMPLE",
    "OLDEST_SERVER",
    "ServerCheck",
    "check_server",
    "check_server_version",
    "refusal",
    "server_url",
]

#: The oldest PostgreSQL release the app is tested on.
OLDEST_SERVER = (15,)

#: Seconds "Test connection" waits for the server to answer.
CONNECT_TIMEOUT = 5

#: The example shown wherever a server's address is asked for.
EXAMPLE = "postgresql+psycopg://advocacy@server.example.org/advocacy"


def server_url(location: str) -> URL:
    """A PostgreSQL URL from what the person typed, or a message saying what to type."""
    text_ = location.strip()
    if not text_:
        raise DatabaseError(f"Server address: type the server's address, e.g. {EXAMPLE}")
    if "://" not in text_:
        raise DatabaseError(f"Server address: write it as a URL, e.g. {EXAMPLE}")
    url = database_url(text_)
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"Server address: Advocacy Desk shares data on PostgreSQL; write it as {EXAMPLE}"
        )
    if url.drivername == "postgresql":  # plain "postgresql://": the driver the app ships
        url = url.set(drivername="postgresql+psycopg")
    if not url.database:
        raise DatabaseError(f"Server address: name the database after the last /, e.g. {EXAMPLE}")
    return url


def refusal(url: URL, reason: str) -> DatabaseError:
    """The driver's complaint about connecting to ``url`` as what to do about it."""
    lowered = reason.lower()
    where = f"{url.host or 'this computer'}" + (f":{url.port}" if url.port else "")
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return DatabaseError(
            f"the server refused user {url.username or '(none)'} or its password: check "
            "them with whoever runs the server"
        )
    if "does not exist" in lowered and "database" in lowered:
        return DatabaseError(
            f"the server has no database named {url.database}: ask whoever runs it to "
            "create one (one database and one role for Advocacy Desk)"
        )
    if "role" in lowered and "does not exist" in lowered:
        return DatabaseError(
            f"the server has no user {url.username}: ask whoever runs it to create the role"
        )
    if any(
        words in lowered
        for words in ("could not connect", "connection refused", "timeout", "timed out",
                      "could not translate host name", "no route", "name or service")
    ):  # fmt: skip
        return DatabaseError(
            f"cannot reach a PostgreSQL server at {where}: check the address, that this "
            "computer is on your organisation's network (or VPN), and that the server runs"
        )
    first = reason.strip().splitlines()[0] if reason.strip() else "no reason given"
    return DatabaseError(f"the server refused the connection: {first}")


def check_server_version(engine: Engine) -> None:
    """Refuse a PostgreSQL server older than the app supports (nothing to do on SQLite)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        info = conn.dialect.server_version_info or (0,)
    if tuple(info[:1]) < OLDEST_SERVER:
        version = ".".join(str(part) for part in info)
        raise DatabaseError(
            f"the server runs PostgreSQL {version}: Advocacy Desk needs {OLDEST_SERVER[0]} or newer"
        )


def check_server(location: str) -> ServerCheck:
    """Connect to the server once and say what is there; ``DatabaseError`` otherwise."""
    url = server_url(location)
    engine = create_engine(
        url,
        poolclass=NullPool,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "options": "-c timezone=UTC"},
    )
    try:
        check_server_version(engine)
        with engine.connect() as conn:
            version = ".".join(str(p) for p in conn.dialect.server_version_info or (0,))
            tables = set(inspect(conn).get_table_names())
            revision = (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if "alembic_version" in tables
                else None
            )
            people = (
                conn.execute(text("SELECT count(*) FROM person")).scalar() or 0
                if "person" in tables
                else 0
            )
    except SQLAlchemyError as exc:
        raise refusal(url, str(getattr(exc, "orig", None) or exc)) from None
    finally:
        engine.dispose()
    shown = describe(url)
    if revision is None and not tables:
        message = (
            f"Connected to PostgreSQL {version}. The database {url.database} is empty: "
            "Advocacy Desk sets it up when it first opens it (to move this computer's "
            "records there first, use advocacy-desk copy)."
        )
    elif revision is None:
        raise DatabaseError(
            f"{shown} holds tables that are not Advocacy Desk's: use a database of its own"
        )
    elif revision not in known_revisions():
        raise DatabaseError(
            f"{shown} was set up by a newer version of Advocacy Desk: update the app on "
            "this computer first"
        )
    else:
        upgrade = "" if revision == HEAD_REVISION else " (its layout is upgraded when opened)"
        message = (
            f"Connected to PostgreSQL {version}. The database {url.database} holds "
            f"Advocacy Desk's records: {people:,} {'person' if people == 1 else 'people'}"
            f"{upgrade}."
        )
    return ServerCheck(version, message)
