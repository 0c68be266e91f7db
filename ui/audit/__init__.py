"""The audit trail, for managers: the events, filtered, and whether the chain is whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.audit.page import AuditPage, AuditTableModel

__all__ = [
    "AuditPage",
    "AuditTableModel",
]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.audit.section`) before the database layer they need
    has loaded."""
    if name in ("AuditPage", "AuditTableModel"):
        from ui.audit import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
