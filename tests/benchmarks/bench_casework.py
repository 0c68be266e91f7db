"""Casework on the `large` demo database.

- The caseload of the busiest advocate (over 60 open cases) through the service, against
  a plain SQL query reading the same cases. Target: under 200 ms.
- Opening a case with 2,000 activities in the Casework page: time from asking for the
  case to the first paint of its log, against an empty table view painted the same way
  in the same run. Target: under 100 ms.

The 2,000 activities are added to one open case of a copy of `large`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import date, timedelta

from tests.benchmarks.data import CACHE, demo_database, median, signed_in

ACTIVITIES = 2_000
ROUNDS = 7
CASELOAD_TARGET_MS = 200.0
LOG_TARGET_MS = 100.0


def _database() -> tuple[str, int, int]:
    """The copy of `large`, the busiest advocate, and the case with 2,000 activities."""
    path = CACHE / f"casework-{ACTIVITIES}.sqlite"
    if not path.exists():
        from advocacy_desk.app import open_services

        partial = path.with_suffix(".partial.sqlite")
        shutil.copy(demo_database("large"), partial)
        open_services(partial).close()  # migrate to the current schema first
        raw = sqlite3.connect(partial)
        with raw:
            advocate, case_id, opened = raw.execute(
                "SELECT c.advocate_id, c.id, c.opened_on FROM advocacy_case c WHERE "
                "c.closed_on IS NULL AND c.advocate_id = (SELECT advocate_id FROM advocacy_case "
                "WHERE closed_on IS NULL GROUP BY advocate_id ORDER BY count(*) DESC LIMIT 1) "
                "ORDER BY c.opened_on LIMIT 1"
            ).fetchone()
            start = date.fromisoformat(opened)
            raw.execute("DELETE FROM activity WHERE case_id = ?", (case_id,))
            raw.executemany(
                "INSERT INTO activity (case_id, advocate_id, occurred_on, kind, minutes, "
                "travel_minutes, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (case_id, advocate, (start + timedelta(days=i % 365)).isoformat(),
                     ("visit", "phone", "meeting", "correspondence")[i % 4], 15 + i % 90,
                     i % 3 * 10, f"Entry {i}: spoke with the person about their care plan and "
                     "what they want from the review.", "2026-01-01 09:00:00")
                    for i in range(ACTIVITIES)
                ],
            )  # fmt: skip
        raw.close()
        partial.rename(path)
    raw = sqlite3.connect(path)
    advocate, case_id = raw.execute(
        "SELECT c.advocate_id, a.case_id FROM activity a JOIN advocacy_case c ON c.id = a.case_id "
        "GROUP BY a.case_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    raw.close()
    return str(path), advocate, case_id


def _caseload(db: str, advocate: int) -> dict[str, float]:
    from advocacy_desk.app import open_services

    services = signed_in(open_services(db))
    raw = sqlite3.connect(db)
    services.casework.caseload(advocate)  # warm, as a second look would be
    times, count = [], 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        count = len(services.casework.caseload(advocate))
        times.append(time.perf_counter() - started)
    plain = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        raw.execute(
            "SELECT c.id, c.case_ref, p.given_name, p.family_name, r.advocacy_type, c.opened_on, "
            "c.next_action, c.next_action_on, (SELECT sum(minutes) FROM activity a WHERE "
            "a.case_id = c.id) FROM advocacy_case c JOIN referral r ON r.id = c.referral_id "
            "JOIN person p ON p.id = r.person_id WHERE c.advocate_id = ? AND c.closed_on IS NULL",
            (advocate,),
        ).fetchall()
        plain.append(time.perf_counter() - started)
    services.close()
    raw.close()
    typical, worst = median(times) * 1000, max(times) * 1000
    print(f"casework: caseload of {count} open cases: median {typical:.1f} ms, worst "
          f"{worst:.1f} ms; plain SQL {median(plain) * 1000:.1f} ms "
          f"({typical / (median(plain) * 1000):.2f}x)")  # fmt: skip
    verdict = "ok" if worst < CASELOAD_TARGET_MS else "OVER TARGET"
    print(f"casework: caseload worst vs {CASELOAD_TARGET_MS:.0f} ms: {verdict}")
    return {"caseload_ms": typical}


def main() -> dict[str, float]:
    db, advocate, case_id = _database()
    results = _caseload(db, advocate)
    results.update(_log_first_paint(db, case_id))
    return results


def _log_first_paint(db: str, case_id: int) -> dict[str, float]:
    """From ``open_case`` to the log's first paint, against an empty QTableView shown in
    the same window the same way."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QTableView

    from advocacy_desk.app import open_services
    from ui.bus import DataBus
    from ui.casework import CaseworkPage

    app = QApplication.instance() or QApplication([])
    services = signed_in(open_services(db))
    window = QMainWindow()
    window.resize(1200, 760)
    stack = QStackedWidget()
    page = CaseworkPage(services, DataBus(services))
    empty = QTableView()
    stack.addWidget(page)
    stack.addWidget(empty)
    window.setCentralWidget(stack)
    window.show()
    app.processEvents()

    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    watch = Watch()

    def until_painted(target: QTableView, show: object) -> float:
        painted.clear()
        target.viewport().installEventFilter(watch)
        started = time.perf_counter()
        show()  # type: ignore[operator]
        while not painted and time.perf_counter() - started < 5:
            app.processEvents()
        target.viewport().removeEventFilter(watch)
        return painted[0] - started if painted else float("inf")

    def open_log() -> float:
        page.show_caseload()
        stack.setCurrentWidget(page)
        app.processEvents()
        return until_painted(page.panel.log, lambda: page.open_case(case_id))

    def show_empty() -> float:
        stack.setCurrentWidget(page)
        app.processEvents()
        return until_painted(empty, lambda: stack.setCurrentWidget(empty))

    open_log()  # warm, as a second opening would be
    log_times = [open_log() for _ in range(ROUNDS)]
    empty_times = [show_empty() for _ in range(ROUNDS)]
    rows = page.panel.log_model.rowCount()
    open_log()
    bar = page.panel.log.verticalScrollBar()
    steps = range(bar.minimum(), bar.maximum() + 1, max(1, bar.pageStep()))
    scroll_started = time.perf_counter()
    for value in steps:
        bar.setValue(value)
        page.panel.log.viewport().repaint()  # paint now, as a screen would
    scrolled = time.perf_counter() - scroll_started
    typical, worst = median(log_times) * 1000, max(log_times) * 1000
    baseline = median(empty_times) * 1000
    print(f"casework: case with {rows:,} log entries: first paint of the log median "
          f"{typical:.1f} ms, worst {worst:.1f} ms; empty table {baseline:.1f} ms "
          f"({typical / baseline:.1f}x)")  # fmt: skip
    per_page = scrolled * 1000 / max(1, len(steps))
    print(f"casework: scrolling the whole log, {len(steps)} pages painted: "
          f"{scrolled * 1000:.0f} ms ({per_page:.1f} ms a page)")  # fmt: skip
    verdict = "ok" if worst < LOG_TARGET_MS else "OVER TARGET"
    print(f"casework: log first paint worst vs {LOG_TARGET_MS:.0f} ms: {verdict}")
    window.close()
    services.close()
    return {"log_ms": typical, "log_baseline_ms": baseline}


if __name__ == "__main__":
    main()
