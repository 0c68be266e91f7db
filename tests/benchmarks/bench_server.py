"""The same work on PostgreSQL as on SQLite, in the same run: the waiting-list ranking
(100,000 referrals waiting) and the quarterly return as CSV (2026/27 Q2) on the `large`
demo. Target: each within 2x of its SQLite time.

The server is ``ADVOCACY_DESK_TEST_POSTGRES`` when set (as in the tests), else a
throwaway cluster this benchmark starts in a temporary folder and stops (``initdb`` must
be installed: Debian's ``postgresql`` package). The `large` demo is moved to the server
with ``advocacy-desk copy``, then its newest 100,000 referrals are put back on the
waiting list there exactly as ``bench_waiting_list`` does to its SQLite copy.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from tests.benchmarks.bench_return import QUARTER
from tests.benchmarks.bench_waiting_list import AS_OF, WAITING
from tests.benchmarks.bench_waiting_list import _database as waiting_database
from tests.benchmarks.data import demo_database, median, signed_in

ROUNDS = 5
TARGET_RATIO = 2.0


@contextmanager
def _server() -> Iterator[str | None]:
    """The maintenance URL of a PostgreSQL server, or None when there is none to use."""
    from tests import pg_server, server_databases

    given = server_databases.from_environment()
    if given is not None:
        given.close()
        yield given.url.render_as_string(hide_password=False)
        return
    if not pg_server.installed():
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="advocacy-desk-bench-pg-"))
    try:
        yield pg_server.start(folder)
    finally:
        pg_server.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _fresh_database(maintenance: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(maintenance, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(maintenance).set(database=name).render_as_string(hide_password=False)


def _timed(work: Callable[[], object]) -> float:
    work()  # warm: caches, as a second view would find them
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return median(times)


def _waiting_list(services: object) -> Callable[[], object]:
    def rank() -> object:
        ranked = services.waiting_list.ranked(AS_OF)  # type: ignore[attr-defined]
        assert len(ranked) >= WAITING
        return [ranked.row(i) for i in range(40)]

    return rank


def _return_csv(services: object) -> Callable[[], object]:
    from advocacy_desk.domain.quarters import Quarter
    from advocacy_desk.exports.return_csv import csv_text

    quarter = Quarter.parse(QUARTER)
    return lambda: csv_text(services.returns.prepare(quarter))  # type: ignore[attr-defined]


def _put_back_on_the_waiting_list(url: str) -> None:
    """What bench_waiting_list does to its SQLite copy, on the server's copy."""
    from sqlalchemy import text

    from advocacy_desk.db.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE referral SET status = 'waiting', status_on = NULL, status_reason = '' "
                "WHERE id IN (SELECT id FROM referral WHERE received_on <= :as_of "
                "ORDER BY id DESC LIMIT :n)"
            ),
            {"as_of": AS_OF, "n": WAITING},
        )
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def _measure(location: str, work: Callable[[object], Callable[[], object]]) -> float:
    from advocacy_desk.app import open_services

    services = signed_in(open_services(location, today=lambda: date(2026, 11, 23)))
    try:
        return _timed(work(services))
    finally:
        services.close()


def main() -> dict[str, float]:
    from advocacy_desk.services.server_copy import copy_database

    large = demo_database("large")
    waiting_file = waiting_database()
    with _server() as maintenance:
        if maintenance is None:
            print("server: skipped: no PostgreSQL here (install Debian's postgresql package, "
                  "or set ADVOCACY_DESK_TEST_POSTGRES)")  # fmt: skip
            return {}
        target = _fresh_database(maintenance, "advocacy_bench_large")
        started = time.perf_counter()
        report = copy_database(large, target, "benchmark")
        print(f"server: copied the large demo to PostgreSQL ({report.rows:,} rows) in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip

        return_sqlite = _measure(str(large), _return_csv)
        return_server = _measure(target, _return_csv)
        _put_back_on_the_waiting_list(target)
        waiting_sqlite = _measure(waiting_file, _waiting_list)
        waiting_server = _measure(target, _waiting_list)

    results = {
        "waiting_sqlite_s": waiting_sqlite,
        "waiting_server_s": waiting_server,
        "return_sqlite_s": return_sqlite,
        "return_server_s": return_server,
    }
    for label, on_sqlite, on_server in (
        (f"waiting list ({WAITING:,} waiting)", waiting_sqlite, waiting_server),
        (f"return CSV {QUARTER}", return_sqlite, return_server),
    ):
        ratio = on_server / on_sqlite
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"server: {label}: SQLite {on_sqlite * 1000:.0f} ms, PostgreSQL "
              f"{on_server * 1000:.0f} ms: {ratio:.2f}x (target {TARGET_RATIO:.0f}x): "
              f"{verdict}")  # fmt: skip
    return results


if __name__ == "__main__":
    main()
