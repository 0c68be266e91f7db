"""Bringing an existing caseload in from spreadsheets: choose the files, see what they
hold, check every row without writing, then import them all (or nothing)."""

from ui.importing.dialog import ImportDialog

__all__ = ["ImportDialog"]
