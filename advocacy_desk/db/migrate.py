"""Bring a database to the latest schema revision; the app does this on every open."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

import migrations
from advocacy_desk.db.engine import READ_ONLY, DatabaseError

MIGRATIONS_DIR = Path(migrations.__file__).parent

#: The newest revision this app knows; a test keeps it equal to Alembic's head, so a
#: database already at head opens without loading Alembic at all.
HEAD_REVISION = "0014"

#: PostgreSQL's "insufficient privilege": the app's role may not change the schema
#: (``db.roles``), so an upgrade is the owner's to run.
PERMISSION = "42501"


def alembic_config(engine_url: str | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine_url:
        config.set_main_option("sqlalchemy.url", engine_url)
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for a database never migrated.
    A read: it takes no write lock, so opening a database never waits behind a long
    import in another process."""
    with engine.connect().execution_options(**READ_ONLY) as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema; refuse a database made by a newer app."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise DatabaseError(
            f"this database was made by a newer version of Advocacy Desk (schema revision "
            f"{current}); update the app to open it"
        )
    if current is not None:
        back_up_before_migrating(engine)
    sqlite = engine.url.get_backend_name() == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        if sqlite:
            # SQLite changes a table by building a new one and dropping the old, which
            # foreign keys would refuse while other rows point at it; so they are off
            # (outside the transaction, where the pragma works) and checked at the end.
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                try:
                    command.upgrade(config, "head")
                except SQLAlchemyError as exc:
                    if getattr(getattr(exc, "orig", None), "sqlstate", None) == PERMISSION:
                        from advocacy_desk.db.roles import cannot_upgrade

                        raise cannot_upgrade(engine, current, HEAD_REVISION) from None
                    raise
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            f"upgrading the database would leave {len(broken)} records "
                            f"pointing at nothing (first in {broken[0][0]}); nothing was "
                            "changed: report this with the backup in the backups folder"
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def back_up_before_migrating(engine: Engine) -> Path | None:
    """A verified backup of an SQLite database about to be upgraded, labelled with the
    revision it goes to (kept by the usual rotation)."""
    from advocacy_desk.db import backup

    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    database = Path(url.database)
    return backup.take(database, backup_folder(engine), label=f"before-{HEAD_REVISION}")


def backup_folder(engine: Engine) -> Path:
    """Where this database's backups go: the folder set in Settings, else a "backups"
    folder beside it."""
    from advocacy_desk.db import backup

    with engine.connect().execution_options(**READ_ONLY) as conn:
        chosen = None
        if inspect(conn).has_table("setting"):
            chosen = conn.execute(
                text("SELECT value FROM setting WHERE key = :key"), {"key": backup.FOLDER_SETTING}
            ).scalar()
    return Path(chosen) if chosen else backup.default_folder(Path(engine.url.database or "."))


def known_revisions() -> set[str]:
    """Every schema revision this app can open (and upgrade to head)."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    """Alembic's head, read from the migration scripts (for tests and tooling)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
