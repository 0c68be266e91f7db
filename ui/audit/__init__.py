"""The audit trail, for managers: the events, filtered, and whether the chain is whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from ui.audit.page import AuditPage, AuditTableModel

__all__ = [
    "AuditPage",
    "AuditTableModel",
]

__getattr__ = lazy.exports(
    __name__,
    {
        "AuditPage": "page",
        "AuditTableModel": "page",
    },
)
