"""The one way to run work off the GUI thread (the Anki pattern: one serial lane for the
database, results back to the GUI thread by signal).

``run(job, owner=..., on_done=...)`` calls ``job(progress)`` on a pool thread and brings
what it returns (or why it failed) back to the GUI thread. What every call site used to
wire for itself happens here, once:

* **Lanes.** ``Lane.DATABASE`` runs its jobs one at a time, in the order they were
  started: work that reads or writes the database never runs beside other such work, so
  a ranking never races a rescoring, nor a backup a restore. ``Lane.FREE`` is for work
  that needs no database (drawing a PDF of records already read, asking a server whether
  it answers): it runs at once, beside anything.
* **Callbacks on the GUI thread.** ``on_done(result)``, ``on_failed(message)``,
  ``on_progress(message, fraction)`` and ``on_cancelled()`` are called on the GUI thread,
  and never once ``owner`` (the page or dialog that asked) has been deleted: a closed
  page's job may end, but nothing of the page is called.
* **Stale results dropped in one place.** A task started with a ``key`` supersedes the
  owner's earlier task with the same key: that one is dropped (it does not start if it
  has not, and nothing it brings back is shown). "Rank again" therefore needs no counter.
* **Cancel.** ``Task.cancel()`` stops a job at its next progress report: ``progress(...)``
  raises :class:`Cancelled` (a ``BaseException``, as ``asyncio.CancelledError``, so that
  an ``except Exception`` on the way never swallows it), the transaction under way rolls
  back and a file being written is removed (``atomic_output``); then ``on_cancelled()``
  is called. A report of ``1.0`` or more says the work is being committed: too late to
  stop, so it never raises, and a job that ends after a cancel was asked for is reported
  by ``on_done`` as usual (it happened, so the page says so). ``Task.drop()`` is for a
  job with nothing to stop (a read): its result is dropped and no callback follows, so
  the page is free at once.

:func:`finish_background_work` waits for every task of both lanes to end: the window
calls it before it closes the database or switches to another.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.progress import Progress as Progress

__all__ = [
    "Cancelled",
    "Lane",
    "Progress",
    "Reporter",
    "Task",
    "drop",
    "finish_background_work",
    "run",
    "wait",
]

T = TypeVar("T")


#: A progress report at or over this fraction is the commit: too late to stop.
COMMITTING = 1.0


class Cancelled(BaseException):  # named for what happened, as asyncio's
    """Raised by a job's ``progress(...)`` once its task was cancelled: the job stops at
    that report, unwinding its transaction and any file it was writing."""


class Lane(Enum):
    """Where a job runs: with the database work, one at a time, or beside anything."""

    DATABASE = "database"
    FREE = "free"


class _Signals(QObject):
    """A QRunnable cannot have signals, so they live on this QObject, made on the GUI
    thread: emitted on a pool thread, they are delivered on the GUI thread."""

    progress = Signal(str, float)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    #: Emitted on the GUI thread once nothing more will be called back (see :func:`wait`).
    settled = Signal()


class Reporter:
    """What a job is given: call it to report progress (it raises :class:`Cancelled`
    once the task was cancelled); :meth:`is_cancelled` for a job that stops by itself."""

    def __init__(self, task: Task[Any]) -> None:
        self._task = task

    def __call__(self, message: str, fraction: float) -> None:
        if fraction < COMMITTING and self.is_cancelled():
            raise Cancelled
        self.tell(message, fraction)

    def tell(self, message: str, fraction: float) -> None:
        """Report progress without ever stopping (for a job that checks
        :meth:`is_cancelled` itself and stops in its own way)."""
        if not self._task.dropped:
            self._task._signals.progress.emit(message, fraction)

    def is_cancelled(self) -> bool:
        """Whether the task was cancelled or dropped, or its owner has gone."""
        return self._task.cancel_requested


class Task(Generic[T]):
    """A job started by :func:`run`: the handle to cancel or drop it."""

    def __init__(
        self,
        job: Callable[[Reporter], T],
        owner: QObject | None,
        on_done: Callable[[T], None] | None,
        on_failed: Callable[[str], None] | None,
        on_progress: Callable[[str, float], None] | None,
        on_cancelled: Callable[[], None] | None,
        key: str | None,
    ) -> None:
        self._job = job
        self._owner = owner
        self._on_done = on_done
        self._on_failed = on_failed
        self._on_progress = on_progress
        self._on_cancelled = on_cancelled
        self.key = key
        self._cancel = threading.Event()
        self._dropped = threading.Event()
        self._started = threading.Event()
        #: Set on the GUI thread once the task's outcome was handled (or dropped).
        self.finished = False
        self._signals = _Signals()
        self._signals.progress.connect(self._progress)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._signals.cancelled.connect(self._cancelled)

    # -- what the caller may do (GUI thread) ----------------------------------------------

    def cancel(self) -> None:
        """Stop the job at its next progress report (before it starts, if it has not);
        ``on_cancelled`` follows once it has stopped. A job that ends without another
        report is reported by ``on_done`` or ``on_failed`` as usual."""
        self._cancel.set()

    def drop(self) -> None:
        """Cancel the job and call none of its callbacks: its result no longer matters."""
        self._dropped.set()
        self._cancel.set()
        self._signals.settled.emit()

    @property
    def settled(self) -> bool:
        """Whether nothing more will be called back: it ended, or it was dropped."""
        return self.finished or self.dropped

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set() or not self._owner_alive()

    @property
    def dropped(self) -> bool:
        return self._dropped.is_set()

    @property
    def started(self) -> bool:
        return self._started.is_set()

    # -- on the pool thread ---------------------------------------------------------------

    def _run(self) -> None:
        if self.cancel_requested:
            self._signals.cancelled.emit()  # never started
            return
        self._started.set()
        try:
            result = self._job(Reporter(self))
        except Cancelled:
            self._signals.cancelled.emit()
        except AdvocacyDeskError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: still tell the GUI rather than hang it
            self._signals.failed.emit(f"unexpected error: {exc!r}")
        else:
            self._signals.done.emit(result)

    # -- back on the GUI thread -----------------------------------------------------------

    def _owner_alive(self) -> bool:
        return self._owner is None or isValid(self._owner)

    def _wanted(self) -> bool:
        return not self.dropped and self._owner_alive()

    def _progress(self, message: str, fraction: float) -> None:
        if self._on_progress is not None and not self.finished and self._wanted():
            self._on_progress(message, fraction)

    def _end(self) -> bool:
        """Forget the task; whether its outcome is still wanted."""
        self.finished = True
        _running.discard(self)
        _forget_key(self)
        self._signals.settled.emit()
        return self._wanted()

    def _done(self, result: object) -> None:
        if self._end() and self._on_done is not None:
            self._on_done(result)  # type: ignore[arg-type]

    def _failed(self, message: str) -> None:
        if self._end() and self._on_failed is not None:
            self._on_failed(message)

    def _cancelled(self) -> None:
        if self._end() and self._on_cancelled is not None:
            self._on_cancelled()


class _Runnable(QRunnable):
    def __init__(self, task: Task[Any], after: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.task = task
        self.after = after

    def run(self) -> None:
        try:
            self.task._run()
        finally:
            if self.after is not None:
                self.after()


class _SerialLane:
    """Jobs one at a time, in order, on the global pool: the next is handed to the pool
    by the one ending, before it ends, so ``waitForDone`` waits for the whole queue."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Task[Any]] = deque()
        self._busy = False

    def submit(self, task: Task[Any]) -> None:
        with self._lock:
            if self._busy:
                self._queue.append(task)
                return
            self._busy = True
        QThreadPool.globalInstance().start(_Runnable(task, self._next))

    def _next(self) -> None:
        with self._lock:
            if not self._queue:
                self._busy = False
                return
            task = self._queue.popleft()
        QThreadPool.globalInstance().start(_Runnable(task, self._next))


_database = _SerialLane()

#: Tasks started and not yet handled on the GUI thread: holding them here keeps their
#: signals alive when the caller keeps no reference (a fire-and-forget job).
_running: set[Task[Any]] = set()

#: The task running under each (owner, key): a newer one drops it.
_keyed: dict[tuple[int, str], Task[Any]] = {}


def _forget_key(task: Task[Any]) -> None:
    if task.key is None:
        return
    slot = (id(task._owner), task.key)
    if _keyed.get(slot) is task:
        del _keyed[slot]


def run(
    job: Callable[[Reporter], T],
    *,
    owner: QObject | None = None,
    on_done: Callable[[T], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
    on_progress: Callable[[str, float], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    lane: Lane = Lane.DATABASE,
    key: str | None = None,
) -> Task[T]:
    """Start ``job(progress)`` off the GUI thread (call from the GUI thread).

    ``owner`` is the page or dialog the callbacks belong to: once it is deleted they are
    no longer called (and the job is stopped at its next report); none for a job done
    for its effect, that nothing waits on. A ``key`` drops the owner's earlier task with
    that key. A failure reaches ``on_failed`` as one message: an ``AdvocacyDeskError``'s
    own words, anything else as "unexpected error: ..." (a bug, told rather than hanging
    the page)."""
    task: Task[T] = Task(job, owner, on_done, on_failed, on_progress, on_cancelled, key)
    handle: Task[Any] = task
    if key is not None:
        slot = (id(owner), key)
        earlier = _keyed.get(slot)
        if earlier is not None:
            earlier.drop()
        _keyed[slot] = handle
    _running.add(handle)
    if lane is Lane.DATABASE:
        _database.submit(handle)
    else:
        QThreadPool.globalInstance().start(_Runnable(handle))
    return task


def drop(owner: QObject | None, key: str) -> None:
    """Drop the owner's task with ``key``, if one is under way: what it brings back is no
    longer wanted (the page got a newer answer another way, or no longer asks)."""
    earlier = _keyed.pop((id(owner), key), None)
    if earlier is not None:
        earlier.drop()


def wait(task: Task[Any]) -> None:
    """Run the event loop until ``task`` has settled (ended, or dropped): for a caller
    that needs the answer before it goes on, with the window still painting and the
    task's Cancel button still live (a check before a restore, making the demo data)."""
    if task.settled:
        return
    loop = QEventLoop()
    task._signals.settled.connect(loop.quit)
    loop.exec()


def finish_background_work() -> None:
    """Let every task (queued or running, in both lanes) end before the database they
    use is closed. Their callbacks follow later, from the event loop."""
    QThreadPool.globalInstance().waitForDone()
