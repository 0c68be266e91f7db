"""One app-wide "data changed" event, so each view refreshes itself after a write.

The services' :class:`~advocacy_desk.services.changes.ChangeFeed` tells of every commit
(which rows, of which kind, and how) on the thread that committed: the GUI thread for a
save made in a form, a pool thread for a background job. :class:`DataBus` follows the
open database's feed and re-emits each commit's :class:`Changes` as ``changed`` on the
GUI thread, so a page never hears of a write from another thread and no caller has to
say what it wrote: the commit says it. Pages say which kinds (table names) they watch
and refresh through :mod:`ui.widgets.watching`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal
from shiboken6 import isValid

from advocacy_desk.domain.changes import Changes

if TYPE_CHECKING:  # the database layer loads after the window first paints
    from advocacy_desk.app import Services

__all__ = ["Changes", "DataBus"]


class DataBus(QObject):
    """Emits ``changed(Changes)`` on the GUI thread after every commit of the services
    it follows (:meth:`follow`): one per commit that wrote rows, carrying who asked for
    it (``Changes.initiator``, see :meth:`initiated_by`). A rolled-back write says
    nothing."""

    changed = Signal(object)
    #: A commit made on another thread: queued to the bus's own (the GUI) thread.
    _from_elsewhere = Signal(object)

    def __init__(self, services: Services | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop: Callable[[], None] | None = None
        self._services: Services | None = None
        self._from_elsewhere.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        if services is not None:
            self.follow(services)

    def follow(self, services: Services | None) -> None:
        """Hear the commits of ``services`` from now on, and no longer those of the
        services followed before (a restored or reopened database replaces them);
        None: hear nothing (the database is closing)."""
        self._stop_following()
        self._services = services
        if services is not None:
            self._stop = services.changes.subscribe(self._heard)

    @staticmethod
    @contextmanager
    def initiated_by(initiator: object) -> Iterator[None]:
        """Writes committed inside the block carry ``initiator`` (a page, a dialog) in
        their changes, so it can tell its own saves from others'. The mark follows the
        thread: for a background job, enter it inside the job, not around its start."""
        from advocacy_desk.services.changes import ChangeFeed  # loaded with the services

        with ChangeFeed.initiated_by(initiator):
            yield

    def _stop_following(self) -> None:
        stop, self._stop = self._stop, None
        if stop is not None:
            stop()

    def _heard(self, changes: Changes) -> None:
        """The feed's listener, on the committing thread: a deleted bus hears nothing.
        A commit on the GUI thread is told at once, so a page shows a save as soon as
        the service returns; one on another thread is queued to this one, as is one
        made while the kept writes are written (a sign-in's event): a page reading then
        would wait for the very turn its own thread holds."""
        if not isValid(self):
            return
        services = self._services
        kept = services is not None and services.uow.pending.writing()
        if QThread.currentThread() is self.thread() and not kept:
            self.changed.emit(changes)
        else:
            self._from_elsewhere.emit(changes)

    def _deliver(self, changes: Changes) -> None:
        self.changed.emit(changes)
