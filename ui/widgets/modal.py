"""The one place a modal dialog blocks, so tests can replace it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

#: Shows ``dialog`` modally and returns its result code.
RunModal = Callable[[QDialog], int]


def run_modal(dialog: QDialog) -> int:
    """Block until ``dialog`` closes; pages and dialogs keep this as a replaceable attribute."""
    return dialog.exec()


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    """A Yes/No question, No the default (nothing happens unless the user says so)."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
