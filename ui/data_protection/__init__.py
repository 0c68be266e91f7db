"""Data protection in the window: the retention page, keeping and anonymising a record,
and answering a subject access request.

The main window shows :class:`RetentionPage` to managers; a person's record offers
:class:`SubjectAccessButton` (or :func:`export_subject_access`) and, for an erasure
request, :class:`AnonymiseDialog`. The work itself is ``services.data_protection``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

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

__getattr__ = lazy.exports(
    __name__,
    {
        "AnonymiseDialog": "dialogs",
        "KeepDialog": "dialogs",
        "SubjectAccessButton": "export",
        "export_subject_access": "export",
        "RetentionPage": "retention",
    },
)
