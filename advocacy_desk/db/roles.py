"""Two roles on a PostgreSQL server: the owner, who migrates, and the app's role, which
laptops connect as and which may only read and add to the audit trail.

The append-only triggers (migration 0009) stop an UPDATE or DELETE of ``audit_event``
from any role, but whoever owns the table may disable them. The app's role owns
nothing, so for it the trail is append-only by privilege too: SELECT and INSERT on
``audit_event``, never UPDATE, DELETE or TRUNCATE, and no right to change the schema.
(The owner, and any superuser, can still rewrite the trail: only witnesses of its head
kept outside the database catch that; see ``services.witness``.)
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from advocacy_desk.db.engine import DatabaseError, describe

#: A role name as ``init --app-role`` accepts it: plain lower-case, so it needs no quoting
#: anywhere (PostgreSQL folds unquoted names to lower case).
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

#: The table the app's role may only read and add to.
AUDIT_TABLE = "audit_event"


def _grants(role: str, database: str) -> list[str]:
    usual = "SELECT, INSERT, UPDATE, DELETE"
    return [
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT {usual} ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables a later upgrade adds get the usual rights from the owner as it adds them.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {usual} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        # The trail: read and add, nothing else; the schema's revision: read only.
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {role}",
        f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
        f"GRANT SELECT ON alembic_version TO {role}",
    ]


def grant_app_role(engine: Engine, role: str) -> None:
    """Give ``role`` what the app needs on the (migrated) database, as its owner: the
    usual rights on every table, and only SELECT and INSERT on the audit trail.
    Idempotent: the owner runs it again after every upgrade (``init`` does both)."""
    if engine.url.get_backend_name() != "postgresql":
        raise DatabaseError("--app-role is for a database on a PostgreSQL server")
    if not ROLE_NAME.match(role):
        raise DatabaseError(
            f"{role!r} is not a role name init can use: lower-case letters, digits and _, "
            "starting with a letter (for example advocacy_app)"
        )
    try:
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
            if exists.first() is None:
                raise DatabaseError(
                    f"there is no role {role} on the server: create it first (CREATE ROLE "
                    f"{role} LOGIN PASSWORD '…'; see docs/server.md), then run init again"
                )
            user = conn.execute(text("SELECT current_user")).scalar()
            if user == role:
                raise DatabaseError(
                    f"init runs as the database's owner, not as the app's role {role}"
                )
            database = str(conn.execute(text("SELECT current_database()")).scalar())
            for statement in _grants(role, database):
                conn.exec_driver_sql(statement)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(
            f"cannot give {role} its rights on {describe(engine.url)}: {reason} (run init "
            "as the database's owner)"
        ) from None


def cannot_upgrade(engine: Engine, current: str | None, head: str) -> DatabaseError:
    """What to say when the app's role opens a database whose layout is behind the app
    and may not change it: who must run what."""
    url = engine.url
    role = url.username or "this account"
    owner_url = url.set(username="OWNER", password=None).render_as_string(hide_password=True)
    return DatabaseError(
        f"the database {url.database} is at schema revision {current or 'none'} and this "
        f"version of Advocacy Desk needs {head}, but {role} may not upgrade it: ask whoever "
        f"runs the server to upgrade it as the database's owner, with `advocacy-desk --db "
        f"{owner_url} init --app-role {role}`, then start the app again"
    )
