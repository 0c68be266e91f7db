"""Settings > Letters: where the provider's own templates are kept, every template with
any problem it has, and the placeholders a template may use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.records.letters import TemplateInfo
from ui.widgets import ErrorLabel, FieldErrors, theme
from ui.widgets.views import heading, plain, read_only_table

#: Asks for a folder (parent, title, where to start); None if the user cancelled.
ChooseFolder = Callable[[QWidget | None, str, Path], Path | None]


def ask_for_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(chosen) if chosen else None


class TemplatesSetting(QWidget):
    """The letter templates, for the Settings page."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        #: Replaced by tests: the folder question.
        self.choose_folder: ChooseFolder = ask_for_folder
        self.listed: list[TemplateInfo] = []
        self.errors = FieldErrors()

        self.folder = QLineEdit()
        self.folder.setObjectName("templatesFolder")
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName("Your templates folder")
        self.choose_button = QPushButton("Choose folder…")
        self.choose_button.setObjectName("chooseTemplatesFolder")
        self.choose_button.clicked.connect(self.choose)
        self.default_button = QPushButton("Use the default")
        self.default_button.setToolTip("A letter-templates folder beside the database")
        self.default_button.clicked.connect(self.use_default)
        allowed = services.access.can(Permission.SETTINGS)
        self.choose_button.setEnabled(allowed)
        self.default_button.setEnabled(allowed)
        self.folder_error = ErrorLabel("Your templates folder")
        self.errors.register("folder", self.folder, self.folder_error)

        self.templates = QTableWidget(0, 4)
        self.templates.setObjectName("templatesTable")
        self.templates.setAccessibleName("Letter templates")
        self.templates.setHorizontalHeaderLabels(("Name", "Title", "From", "Problem"))
        read_only_table(self.templates)
        self.templates.horizontalHeader().setStretchLastSection(True)
        #: Each problem in full (the table's cell may cut it short).
        self.problems = plain("")
        self.problems.setObjectName("templateProblems")
        theme.style(self.problems, theme.ERROR)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.placeholders = QTableWidget(0, 2)
        self.placeholders.setObjectName("placeholdersTable")
        self.placeholders.setAccessibleName("Placeholders a template may use")
        self.placeholders.setHorizontalHeaderLabels(("Placeholder", "Filled with"))
        read_only_table(self.placeholders)
        self.placeholders.horizontalHeader().setStretchLastSection(True)

        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.default_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Letter templates", 1.1))
        layout.addWidget(plain(
            "Letters are made from Word documents (.docx) with placeholders such as "
            "{{ person_first_name }}. Put your own templates in this folder: they are listed "
            "after the ones Advocacy Desk ships, and one with the same name as a shipped "
            "template replaces it. A template that uses a placeholder not listed below "
            "cannot be used until it is corrected.", hint=True))  # fmt: skip
        layout.addWidget(self.errors.general)
        layout.addLayout(row)
        layout.addWidget(self.folder_error)
        layout.addWidget(self.templates, 2)
        layout.addWidget(self.problems)
        layout.addWidget(heading("Placeholders a template may use", 1.0))
        layout.addWidget(self.placeholders, 3)
        self.refresh()

    def refresh(self) -> None:
        try:
            folder = self.services.letters.templates_folder()
            self.listed = self.services.letters.templates()
            words = self.services.letters.placeholders()
        except AdvocacyDeskError as exc:
            self.errors.show({"": f"The templates cannot be shown: {exc}."})
            return
        self.folder.setText(str(folder))
        self.folder.setToolTip(str(folder) if folder.is_dir() else
                               f"{folder} (it does not exist yet)")  # fmt: skip
        self.templates.setRowCount(len(self.listed))
        for index, info in enumerate(self.listed):
            origin = "Advocacy Desk" if info.shipped else "Your folder"
            cells = (info.name, info.title, origin, info.problem or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path) if column < 3 else text)
                if info.problem:
                    theme.paint(item, "table_error")
                self.templates.setItem(index, column, item)
        self.templates.resizeColumnsToContents()
        problems = [f"{info.name}: {info.problem}" for info in self.listed if info.problem]
        self.problems.setText("\n\n".join(problems))
        self.problems.setHidden(not problems)
        self.placeholders.setRowCount(len(words))
        for index, (name, meaning) in enumerate(words.items()):
            self.placeholders.setItem(index, 0, QTableWidgetItem(f"{{{{ {name} }}}}"))
            item = QTableWidgetItem(meaning)
            item.setToolTip(meaning)
            self.placeholders.setItem(index, 1, item)
        self.placeholders.resizeColumnToContents(0)

    def template_rows(self) -> list[tuple[str, str, str, str]]:
        """What the templates table shows (for tests)."""
        return [
            (info.name, info.title, "Advocacy Desk" if info.shipped else "Your folder",
             info.problem or "")
            for info in self.listed
        ]  # fmt: skip

    def choose(self) -> bool:
        current = Path(self.folder.text()) if self.folder.text() else Path.home()
        start = current if current.is_dir() else Path.home()
        chosen = self.choose_folder(self.window(), "Keep your letter templates in", start)
        if chosen is None or not str(chosen):
            return False
        return self._set(str(chosen))

    def use_default(self) -> bool:
        return self._set("")

    def _set(self, folder: str) -> bool:
        self.errors.clear()
        if not self.errors.attempt(lambda: self.services.letters.set_templates_folder(folder)):
            return False
        self.refresh()
        return True
