"""The diary: the Diary section, today's appointments on the home screen, and the offer
to log ended appointments as casework."""

from ui.diary.dialogs import AppointmentDialog, ExportDialog, LogAppointmentsDialog
from ui.diary.page import DiaryPage, TodayAppointments

__all__ = [
    "AppointmentDialog",
    "DiaryPage",
    "ExportDialog",
    "LogAppointmentsDialog",
    "TodayAppointments",
]
