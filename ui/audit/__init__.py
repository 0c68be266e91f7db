"""The audit trail, for managers: the events, filtered, and whether the chain is whole."""

from ui.audit.page import AuditPage, AuditTableModel

__all__ = ["AuditPage", "AuditTableModel"]
