"""Run a slow job off the GUI thread and hear about it by signal (the superqt pattern)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from advocacy_desk.domain.errors import AdvocacyDeskError

Progress = Callable[[str, float], None]


class WorkerSignals(QObject):
    """A QRunnable cannot have signals, so they live on this QObject."""

    progress = Signal(str, float)
    finished = Signal(object)
    failed = Signal(str)


class Worker(QRunnable):
    """Calls ``job(progress)`` on a pool thread; its result comes back as ``finished``."""

    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit)
        except AdvocacyDeskError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: still tell the GUI rather than hang it
            self.signals.failed.emit(f"unexpected error: {exc!r}")
        else:
            self.signals.finished.emit(result)


#: Workers that have been started and not yet finished. Holding them here keeps their
#: signals alive when the caller keeps no reference (a fire-and-forget job).
_running: set[Worker] = set()


def start(worker: Worker) -> None:
    _running.add(worker)

    def forget(*_args: object) -> None:
        _running.discard(worker)

    worker.signals.finished.connect(forget)
    worker.signals.failed.connect(forget)
    QThreadPool.globalInstance().start(worker)


def finish_background_work() -> None:
    """Let background jobs end before the database they use is closed."""
    QThreadPool.globalInstance().waitForDone()
