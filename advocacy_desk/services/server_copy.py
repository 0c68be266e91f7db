"""Moving a single-laptop database to a server: ``advocacy-desk copy --from FILE --to URL``.

The copy brings both databases to the newest schema, refuses a target that already holds
records, and writes every table in one transaction on the target, in the order foreign
keys need. Before committing it counts each table's rows on both sides; any difference
rolls the whole copy back, so the target is either a complete copy or left as it was.
The audit trail moves over unchanged (its hash chain still verifies), and one event
records the copy itself.

Copying reads the whole file, as taking a backup of it does, so it needs the file and the
server's credentials, not an account in the app.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, func, insert, inspect, select, table
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from advocacy_desk.db.engine import (
    READ_ONLY,
    check_sqlite_file,
    database_url,
    describe,
    make_engine,
)
from advocacy_desk.db.migrate import upgrade_to_head
from advocacy_desk.db.models import Base
from advocacy_desk.db.sequences import advance_id_sequences
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.progress import Progress
from advocacy_desk.records.server import CopyResult
from advocacy_desk.services import audit_writer

__all__ = ["CHUNK", "CopyError", "CopyResult", "Progress", "copy_database"]

#: Rows written per statement.
CHUNK = 2_000


class CopyError(AdvocacyDeskError):
    """The copy cannot go ahead, or did not complete; nothing was written to the target."""


def copy_database(
    source: str | Path, target: str | URL, user: str, progress: Progress | None = None
) -> CopyResult:
    """Copy the SQLite database ``source`` into the empty database ``target``."""
    source_url = database_url(source)
    if source_url.get_backend_name() != "sqlite" or not source_url.database:
        raise CopyError(
            f"--from must be an Advocacy Desk database file, not {describe(source_url)}"
        )
    if not Path(source_url.database).is_file():
        raise CopyError(f"--from: there is no database file at {source_url.database}")
    check_sqlite_file(source_url)
    target_url = target if isinstance(target, URL) else database_url(target)
    if target_url.get_backend_name() == "sqlite" and target_url.database == source_url.database:
        raise CopyError("--to is the same database as --from: give the server's URL")
    reading, writing = make_engine(source_url), make_engine(target_url)
    try:
        upgrade_to_head(reading)
        _refuse_records(writing, describe(target_url))
        upgrade_to_head(writing)
        counts = _copy(reading, writing, user, describe(source_url), progress or _quiet)
    finally:
        reading.dispose()
        writing.dispose()
    return CopyResult(describe(source_url), describe(target_url), counts)


def _quiet(_what: str, _done: float) -> None:
    pass


def _refuse_records(engine: Engine, shown: str) -> None:
    """A target holding any row (but the schema's revision) is someone's data."""
    with engine.connect() as conn:
        for name in sorted(inspect(conn).get_table_names()):
            if name == "alembic_version":
                continue
            rows = conn.scalar(select(func.count()).select_from(table(name))) or 0
            if rows:
                raise CopyError(
                    f"{shown} is not empty (its table {name} holds {plural(rows, 'row')}): copy "
                    "only into a new, empty database; nothing was written"
                )


def _counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: conn.scalar(select(func.count()).select_from(t)) or 0
        for t in Base.metadata.sorted_tables
    }


def _copy(
    reading: Engine, writing: Engine, user: str, source: str, progress: Progress
) -> dict[str, int]:
    tables = Base.metadata.sorted_tables
    with reading.connect().execution_options(**READ_ONLY) as src, writing.begin() as dst:
        # One read transaction: every table as it was at one moment.
        with src.begin():
            counts = _counts(src)
            total, done = max(sum(counts.values()), 1), 0
            for source_table in tables:
                rows = src.execution_options(stream_results=True).execute(select(source_table))
                for chunk in rows.mappings().partitions(CHUNK):
                    try:
                        dst.execute(insert(source_table), [dict(r) for r in chunk])
                    except DBAPIError as exc:
                        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                        raise CopyError(
                            f"the table {source_table.name} could not be copied ({reason}); "
                            "nothing was written to the target"
                        ) from None
                    done += len(chunk)
                    progress(source_table.name, done / total)
        advance_id_sequences(dst, tables)
        copied = _counts(dst)
        differ = [name for name in counts if copied.get(name) != counts[name]]
        if differ:
            name = differ[0]
            raise CopyError(
                f"the copy of {name} holds {plural(copied.get(name, 0), 'row')} "
                "where the file holds "
                f"{counts[name]:,}; nothing was kept on the target"
            )
        with Session(bind=dst) as session:
            audit_writer.record(session, user, "copy", "database", None,
                                {"from": source, "rows": sum(counts.values())})  # fmt: skip
            session.flush()
    return counts
