"""One app-wide "data changed" signal, so each view refreshes itself after a write."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataBus(QObject):
    """Emit ``changed(kind)`` after a successful write, for example ``changed("person")``."""

    changed = Signal(str)
