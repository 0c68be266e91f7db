"""Data protection in the window: the retention page, keeping and anonymising a record,
and answering a subject access request.

The main window shows :class:`RetentionPage` to managers; a person's record offers
:class:`SubjectAccessButton` (or :func:`export_subject_access`) and, for an erasure
request, :class:`AnonymiseDialog`. The work itself is ``services.data_protection``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.data_protection.dialogs import AnonymiseDialog, KeepDialog
    from ui.data_protection.export import SubjectAccessButton, export_subject_access
    from ui.data_protection.retention import RetentionPage

__all__ = [
    "AnonymiseDialog",
    "KeepDialog",
    "RetentionPage",
    "SubjectAccessButton",
    "export_subject_access",
]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.data_protection.section`) before the database layer they need
    has loaded."""
    if name in ("AnonymiseDialog", "KeepDialog"):
        from ui.data_protection import dialogs

        return getattr(dialogs, name)
    if name in ("SubjectAccessButton", "export_subject_access"):
        from ui.data_protection import export

        return getattr(export, name)
    if name == "RetentionPage":
        from ui.data_protection import retention

        return getattr(retention, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
