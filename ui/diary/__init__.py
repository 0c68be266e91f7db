"""The diary: the Diary section, today's appointments on the home screen, and the offer
to log ended appointments as casework."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

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

__getattr__ = lazy.exports(
    __name__,
    {
        "AppointmentDialog": "dialogs",
        "ExportDialog": "dialogs",
        "LogAppointmentsDialog": "dialogs",
        "DiaryPage": "page",
        "TodayAppointments": "page",
    },
)
