"""Answering a subject access request from the window: ask for a folder, write the PDF
and the JSON there (``services.data_protection.export_subject_access``), and say which
two files were written, or why none were.

The folder question and the message go through replaceable callables, so tests need no
native dialog: :func:`export_subject_access` takes them as arguments, and
:class:`SubjectAccessButton` keeps them as attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError

#: Asks for the folder to write into; None if the user cancelled.
ChooseFolder = Callable[[QWidget | None, str], Path | None]
#: Tells the user something: (title, message, whether it is a problem).
Tell = Callable[[QWidget | None, str, str, bool], None]

TITLE = "Subject access"


def ask_for_folder(parent: QWidget | None, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
    return Path(chosen) if chosen else None


def show_message(parent: QWidget | None, title: str, message: str, problem: bool) -> None:
    if problem:
        QMessageBox.warning(parent, title, message)
    else:
        QMessageBox.information(parent, title, message)


def written_message(pdf: Path, data: Path) -> str:
    return (
        f"Everything held about the person was written to {pdf.parent}:\n\n"
        f"{pdf.name} (to read and send)\n{data.name} (the same, for other programs)\n\n"
        "The export is recorded in the audit trail. The files hold personal data: send "
        "them securely and delete your copies when they are no longer needed."
    )


def export_subject_access(
    parent: QWidget | None,
    services: Services,
    person_id: int,
    *,
    choose_folder: ChooseFolder = ask_for_folder,
    tell: Tell = show_message,
) -> tuple[Path, Path] | None:
    """Ask for a folder and write the person's subject access files into it; the two
    files (pdf, json), or None if the user cancelled or it could not be done (and was
    told why)."""
    folder = choose_folder(parent, "Save the subject access files in")
    if folder is None or not str(folder):
        return None
    try:
        pdf, data = services.data_protection.export_subject_access(person_id, folder)
    except AdvocacyDeskError as exc:
        tell(parent, TITLE, f"Nothing was written: {exc}.", True)
        return None
    tell(parent, TITLE, written_message(pdf, data), False)
    return pdf, data


class SubjectAccessButton(QPushButton):
    """ "Subject access…" for the person on show (:meth:`set_person`): writes their files
    to a folder the user chooses."""

    def __init__(
        self, services: Services, person_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Subject access…", parent)
        self.services = services
        self.person_id = person_id
        #: Replaced by tests: the folder question and the message.
        self.choose_folder: ChooseFolder = ask_for_folder
        self.tell: Tell = show_message
        #: The files written by the last click, if any.
        self.written: tuple[Path, Path] | None = None
        self.setObjectName("subjectAccessButton")
        self.setAccessibleName("Subject access")
        self.setToolTip(
            "Save everything held about this person, and who looked at or changed their "
            "record, as a PDF and a JSON file (a subject access request)"
        )
        self.clicked.connect(self.export)
        self.setEnabled(person_id is not None)

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.setEnabled(person_id is not None)

    def export(self) -> tuple[Path, Path] | None:
        if self.person_id is None:
            return None
        self.written = export_subject_access(
            self.window(), self.services, self.person_id,
            choose_folder=self.choose_folder, tell=self.tell,
        )  # fmt: skip
        return self.written
