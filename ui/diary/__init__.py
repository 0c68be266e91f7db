"""The diary: the Diary section, today's appointments on the home screen, and the offer
to log ended appointments as casework."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.diary.dialogs import AppointmentDialog, ExportDialog, LogAppointmentsDialog
    from ui.diary.page import DiaryPage, TodayAppointments

__all__ = [
    "AppointmentDialog",
    "DiaryPage",
    "ExportDialog",
    "LogAppointmentsDialog",
    "TodayAppointments",
]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.diary.section`) before the database layer they need
    has loaded."""
    if name in ("AppointmentDialog", "ExportDialog", "LogAppointmentsDialog"):
        from ui.diary import dialogs

        return getattr(dialogs, name)
    if name in ("DiaryPage", "TodayAppointments"):
        from ui.diary import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
