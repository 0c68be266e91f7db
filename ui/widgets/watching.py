"""Refresh a view when the data it shows changes: at once if it is on screen, else when
it is next shown, so a hidden page never reads for nothing.

A page declares what it shows (``WATCHES``: table names, the kinds of
:class:`~advocacy_desk.domain.changes.Changes`) and hands :class:`Watch` its refresh::

    self.watch = Watch(bus, self, self.WATCHES, self._changed)

``refresh`` gets the commit's :class:`Changes` when the view is visible (a page may look
at them: which rows, who asked), or None when the view was hidden as things changed and
is being shown now (read everything again)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from advocacy_desk.domain.changes import Changes
from ui.bus import DataBus

#: Called with the changes, or None for "changed while hidden: read it all again".
Refresh = Callable[[Changes | None], None]


class Watch(QObject):
    """Calls ``refresh`` when a commit touches ``kinds`` while ``widget`` is visible, or
    when ``widget`` is next shown after one did (:attr:`stale`). It lives as long as
    the widget (its child), so a deleted page is never called."""

    def __init__(
        self,
        bus: DataBus,
        widget: QWidget,
        kinds: Iterable[str],
        refresh: Refresh,
        *,
        stale: bool = False,
        ignore: object = None,
    ) -> None:
        """``stale``: read when first shown (a page that reads nothing until then).
        ``ignore``: changes this object initiated are not a reason to refresh (a page
        that has just shown what it saved)."""
        super().__init__(widget)
        self.widget = widget
        self.kinds = frozenset(kinds)
        self._refresh = refresh
        self._ignore = ignore
        #: Whether something it shows changed while it was hidden.
        self.stale = stale
        self._refreshing = False
        bus.changed.connect(self._changed)
        widget.installEventFilter(self)

    def _changed(self, changes: Changes) -> None:
        if not changes.touches(*self.kinds):
            return
        if self._ignore is not None and changes.initiator is self._ignore:
            return
        if self.widget.isVisible() and not self._refreshing:
            self.stale = False
            self._call(changes)
        else:
            # Hidden; or written by its own refresh (a refusal to read is audited): read
            # it when next shown, never in a loop.
            self.stale = True

    def mark_stale(self) -> None:
        """Read afresh when next shown (or at :meth:`catch_up`), for a reason of the
        page's own (a setting it shows changed, say)."""
        self.stale = True

    def fresh(self) -> None:
        """The page has just read everything: nothing to catch up on."""
        self.stale = False

    def catch_up(self) -> bool:
        """Refresh now if something changed while hidden; whether it did."""
        if not self.stale:
            return False
        self.stale = False
        self._call(None)
        return True

    def _call(self, changes: Changes | None) -> None:
        self._refreshing = True
        try:
            self._refresh(changes)
        finally:
            self._refreshing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show:
            self.catch_up()
        return False
