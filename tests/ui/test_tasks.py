"""ui/tasks.py: the one way work runs off the GUI thread (lanes, callbacks on the GUI
thread, stale results dropped, cancel, failures as one message, closed owners)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from advocacy_desk.domain.errors import AdvocacyDeskError
from ui.tasks import Cancelled, Lane, Reporter, Task, finish_background_work, run

WAIT_MS = 5_000


@pytest.fixture(autouse=True)
def _no_task_left() -> Iterator[None]:
    yield
    finish_background_work()
    QApplication.processEvents()


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _gate() -> threading.Event:
    """An event a job waits on, so that a test decides when it goes on."""
    return threading.Event()


def test_the_database_lane_runs_jobs_one_at_a_time_in_order(qtbot: QtBot, owner: QWidget) -> None:
    spans: list[tuple[str, float, float]] = []
    done: list[str] = []

    def job(name: str) -> Callable[[Reporter], str]:
        def work(_progress: Reporter) -> str:
            began = time.perf_counter()
            time.sleep(0.05)
            spans.append((name, began, time.perf_counter()))
            return name

        return work

    for name in ("first", "second", "third", "fourth"):
        run(job(name), owner=owner, on_done=done.append, lane=Lane.DATABASE)
    qtbot.waitUntil(lambda: len(done) == 4, timeout=WAIT_MS)
    assert [name for name, _began, _ended in spans] == ["first", "second", "third", "fourth"]
    assert done == ["first", "second", "third", "fourth"]
    for (_a, _began, ended), (_b, began_next, _ended) in itertools.pairwise(spans):
        assert began_next >= ended  # never two at once


def test_the_free_lane_runs_beside_the_database_lane(qtbot: QtBot, owner: QWidget) -> None:
    gate = _gate()
    done: list[str] = []

    def database(_progress: Reporter) -> str:
        gate.wait(WAIT_MS / 1000)
        return "database"

    run(database, owner=owner, on_done=done.append)
    run(lambda _p: "free", owner=owner, on_done=done.append, lane=Lane.FREE)
    qtbot.waitUntil(lambda: done == ["free"], timeout=WAIT_MS)  # not held behind it
    gate.set()
    qtbot.waitUntil(lambda: done == ["free", "database"], timeout=WAIT_MS)


def test_finishing_background_work_waits_for_the_whole_database_queue(owner: QWidget) -> None:
    ended: list[int] = []

    def work(number: int) -> Callable[[Reporter], None]:
        def job(_progress: Reporter) -> None:
            time.sleep(0.02)
            ended.append(number)

        return job

    for number in range(5):
        run(work(number), owner=owner, on_done=lambda _r: None)
    finish_background_work()
    assert ended == [0, 1, 2, 3, 4]


def test_callbacks_are_called_on_the_gui_thread(qtbot: QtBot, owner: QWidget) -> None:
    gui = QThread.currentThread()
    threads: dict[str, bool] = {}

    def job(progress: Reporter) -> int:
        threads["job"] = QThread.currentThread() == gui
        progress("Halfway", 0.5)
        return 1

    run(
        job,
        owner=owner,
        on_done=lambda _r: threads.__setitem__("done", QThread.currentThread() == gui),
        on_progress=lambda _m, _f: threads.__setitem__("progress", QThread.currentThread() == gui),
    )
    qtbot.waitUntil(lambda: "done" in threads, timeout=WAIT_MS)
    assert threads == {"job": False, "progress": True, "done": True}

    def fail(_progress: Reporter) -> None:
        raise AdvocacyDeskError("no")

    def failed(_message: str) -> None:
        threads["failed"] = QThread.currentThread() == gui

    run(fail, owner=owner, on_done=lambda _r: None, on_failed=failed)
    qtbot.waitUntil(lambda: "failed" in threads, timeout=WAIT_MS)
    assert threads["failed"]


def test_a_superseded_task_is_dropped_and_only_the_latest_result_shows(
    qtbot: QtBot, owner: QWidget
) -> None:
    """What the four pages' ``_generation`` counters did: rank twice, see the second."""
    gate = _gate()
    shown: list[str] = []
    started: list[str] = []

    def rank(name: str, wait: bool) -> Callable[[Reporter], str]:
        def job(_progress: Reporter) -> str:
            started.append(name)
            if wait:
                gate.wait(WAIT_MS / 1000)
            return name

        return job

    first = run(rank("first", True), owner=owner, on_done=shown.append, key="rank")
    qtbot.waitUntil(lambda: started == ["first"], timeout=WAIT_MS)
    queued = run(rank("queued", False), owner=owner, on_done=shown.append, key="rank")
    latest = run(rank("latest", False), owner=owner, on_done=shown.append, key="rank")
    # Another owner's task of the same key is not another ranking of this page's.
    other = QObject()
    run(rank("other", False), owner=other, on_done=shown.append, key="rank")
    gate.set()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=WAIT_MS)
    assert shown == ["latest", "other"]  # the first finished, but was stale by then
    assert started == ["first", "latest", "other"]  # the queued one never started
    assert first.dropped
    assert queued.dropped
    assert not latest.dropped


def test_cancel_stops_a_job_at_its_next_progress_report(qtbot: QtBot, owner: QWidget) -> None:
    gate = _gate()
    steps: list[int] = []
    outcome: list[str] = []

    def job(progress: Reporter) -> str:
        for step in range(10):
            progress(f"Step {step}", step / 10)
            steps.append(step)
            if step == 2:
                gate.wait(WAIT_MS / 1000)
        return "finished"

    task = run(
        job,
        owner=owner,
        on_done=lambda _r: outcome.append("done"),
        on_failed=lambda m: outcome.append(f"failed: {m}"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(lambda: steps == [0, 1, 2], timeout=WAIT_MS)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=WAIT_MS)
    assert steps == [0, 1, 2]  # stopped at the report after step 2
    assert outcome == ["cancelled"]


def test_a_report_of_done_is_too_late_to_stop(qtbot: QtBot, owner: QWidget) -> None:
    """At 1.0 the work is being committed: it ends, and the page hears it did."""
    gate = _gate()
    outcome: list[object] = []

    def job(progress: Reporter) -> str:
        gate.wait(WAIT_MS / 1000)
        progress("Saving", 1.0)
        return "saved"

    task = run(job, owner=owner, on_done=outcome.append, on_cancelled=lambda: outcome.append(0))
    qtbot.waitUntil(lambda: task.started, timeout=WAIT_MS)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=WAIT_MS)
    assert outcome == ["saved"]


def test_a_task_cancelled_before_it_starts_never_runs(qtbot: QtBot, owner: QWidget) -> None:
    gate = _gate()
    ran: list[str] = []
    outcome: list[str] = []
    run(lambda _p: gate.wait(WAIT_MS / 1000), owner=owner, on_done=lambda _r: None)
    waiting = run(
        lambda _p: ran.append("ran"),
        owner=owner,
        on_done=lambda _r: outcome.append("done"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    waiting.cancel()
    gate.set()
    qtbot.waitUntil(lambda: waiting.finished, timeout=WAIT_MS)
    assert ran == []
    assert outcome == ["cancelled"]
    assert not waiting.started


def test_a_dropped_task_calls_nothing_back(qtbot: QtBot, owner: QWidget) -> None:
    gate = _gate()
    outcome: list[str] = []
    task = run(
        lambda _p: gate.wait(WAIT_MS / 1000),
        owner=owner,
        on_done=lambda _r: outcome.append("done"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    task.drop()
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=WAIT_MS)
    assert outcome == []


def test_a_job_may_stop_in_its_own_way_when_asked(qtbot: QtBot, owner: QWidget) -> None:
    """As the import does: it checks ``is_cancelled`` and returns a report saying so."""
    gate = _gate()
    outcome: list[object] = []

    def job(progress: Reporter) -> str:
        gate.wait(WAIT_MS / 1000)
        progress.tell("Still going", 0.5)  # never raises
        return "stopped" if progress.is_cancelled() else "finished"

    task = run(job, owner=owner, on_done=outcome.append)
    qtbot.waitUntil(lambda: task.started, timeout=WAIT_MS)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=WAIT_MS)
    assert outcome == ["stopped"]


def test_a_failure_reaches_on_failed_as_one_message(qtbot: QtBot, owner: QWidget) -> None:
    messages: list[str] = []

    def refused(_progress: Reporter) -> None:
        raise AdvocacyDeskError("the backups folder cannot be written to")

    def bug(_progress: Reporter) -> None:
        raise KeyError("surname")

    run(refused, owner=owner, on_done=lambda _r: None, on_failed=messages.append)
    run(bug, owner=owner, on_done=lambda _r: None, on_failed=messages.append)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=WAIT_MS)
    assert messages == [
        "the backups folder cannot be written to",
        "unexpected error: KeyError('surname')",
    ]


def test_an_owner_closed_before_the_job_ends_is_not_called(qtbot: QtBot) -> None:
    gate = _gate()
    reports: list[int] = []
    called: list[str] = []
    page = QWidget()

    def job(progress: Reporter) -> str:
        gate.wait(WAIT_MS / 1000)
        for step in range(100):
            reports.append(step)
            progress("Working", step / 100)
        return "done"

    task: Task[str] = run(
        job,
        owner=page,
        on_done=called.append,
        on_failed=called.append,
        on_progress=lambda _m, _f: called.append("progress"),
        on_cancelled=lambda: called.append("cancelled"),
    )
    qtbot.waitUntil(lambda: task.started, timeout=WAIT_MS)
    page.close()
    page.deleteLater()
    qtbot.waitUntil(lambda: not isValid(page), timeout=WAIT_MS)
    assert task.cancel_requested
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=WAIT_MS)
    QApplication.processEvents()
    assert called == []
    assert reports == [0]  # a closed page's job stops at its first report


def test_cancelled_is_not_swallowed_by_a_broad_handler() -> None:
    """A job's ``except Exception`` (turning errors into messages) lets a cancel through."""
    try:
        try:
            raise Cancelled
        except Exception:  # pragma: no cover - what must not happen
            pytest.fail("Cancelled was caught as an Exception")
    except Cancelled:
        pass
