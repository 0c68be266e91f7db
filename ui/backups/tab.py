"""Settings > Backups: where backups go, backing up now, the backups made, restoring one.

Backing up runs on a pool thread with a progress bar. Restoring is checked here first
(``check_backup_file``: a damaged file, another app's, or one from a newer version is
refused, and nothing changes), then confirmed, then handed to the main window through
:attr:`BackupsTab.restore_requested`: the window closes the database, puts the backup in
its place (keeping the current file aside) and opens it again.

For a database on a PostgreSQL server the tab says that automatic backups are the
server's job, and backs up now (pg_dump), lists the backups in the folder and restores one
(pg_restore) itself: the data is replaced on the server, for everyone, with the data it
replaces kept first as another backup. For any other server it only says how such
databases are backed up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.services.backups import (
    AUTO_EVERY_MINUTES,
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    Backup,
    check_backup_file,
)
from ui import tasks
from ui.backups import SERVER_INTRO, SERVER_NOTE, kind_text, size_text, taken_text
from ui.tasks import Progress
from ui.widgets import ErrorLabel, theme
from ui.widgets.modal import ask_yes_no
from ui.widgets.views import table_text

#: Asks for a folder, starting in the given one; None if the user cancelled.
ChooseFolder = Callable[[Path], Path | None]
#: Asks for a backup file, starting in the given folder; None if the user cancelled.
ChooseFile = Callable[[Path], Path | None]
#: Asks a yes-or-no question: (title, question) -> whether the answer was Yes.
Confirm = Callable[[str, str], bool]

COLUMNS = ("Taken", "Kind", "Size")
#: The table's widest: three short columns read badly spread across a wide window.
TABLE_WIDTH = 560

INTRO = (
    f"Advocacy Desk backs this database up by itself every {AUTO_EVERY_MINUTES} minutes "
    "while it is open and again as it closes, whenever something has changed. Every "
    "backup is checked before it is kept. Older backups are thinned out: it keeps the "
    f"newest of each of the last {KEEP_DAILY} days, {KEEP_WEEKLY} weeks and {KEEP_MONTHLY} "
    "months."
)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    theme.style(label, theme.HINT)
    return label


class BackupsTab(QWidget):
    """The Backups tab of the Settings page."""

    #: The user confirmed restoring this backup file (already checked).
    restore_requested = Signal(object)
    #: A backup was made here (its path).
    backed_up = Signal(object)
    #: On a server: a backup was restored here (the backup of the data it replaced).
    server_restored = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.backups = services.backups
        #: Questions and file dialogs go through these; tests replace them.
        self.choose_folder: ChooseFolder = self._ask_for_folder
        self.choose_file: ChooseFile = self._ask_for_file
        self.confirm: Confirm = self._ask
        self._shown: list[Backup] = []
        #: The backup, restore or check under way.
        self._task: tasks.Task[Any] | None = None
        self._restoring: Path | None = None
        #: A backup file being checked before restoring it.
        self._checking = False
        #: A PostgreSQL database: backed up with pg_dump, restored with pg_restore, here.
        self.on_server = self.backups.on_server
        self._usable = self.backups.available or self.on_server
        layout = QVBoxLayout(self)
        if not self._usable:
            self.server_note = QLabel(SERVER_NOTE)
            self.server_note.setObjectName("serverBackupNote")
            self.server_note.setWordWrap(True)
            self.server_note.setMaximumWidth(760)
            self.server_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.server_note)
            layout.addStretch(1)
            return
        self._build(layout)
        self.refresh()

    # -- building ---------------------------------------------------------------------

    def _build(self, layout: QVBoxLayout) -> None:
        intro = _hint(SERVER_INTRO if self.on_server else INTRO)
        intro.setObjectName("backupsIntro")
        intro.setMaximumWidth(760)
        layout.addWidget(intro)
        #: On a server without pg_dump or pg_restore: what to install (hidden otherwise).
        missing = self.backups.tools_missing()
        self.tools_note = QLabel(f"{missing}." if missing else "")
        self.tools_note.setObjectName("backupToolsNote")
        self.tools_note.setWordWrap(True)
        self.tools_note.setMaximumWidth(760)
        theme.style(self.tools_note, theme.ERROR)
        self.tools_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tools_note.setHidden(not self.tools_note.text())
        layout.addWidget(self.tools_note)

        layout.addWidget(self._folder_group())
        layout.addWidget(self._made_group(), 1)
        self._update_buttons()

    def _folder_group(self) -> QGroupBox:
        """Where backups go: the folder, changing it, going back to the usual one."""
        where = QGroupBox("Backups folder")
        where_layout = QVBoxLayout(where)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backupFolder")
        self.folder_label.setAccessibleName("Backups folder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_folder_button = QPushButton("Change folder…")
        self.change_folder_button.setToolTip(
            "Keep new backups in another folder, such as one your organisation backs up"
        )
        self.change_folder_button.clicked.connect(self.change_folder)
        if self.on_server:
            self.default_folder_button = QPushButton("Use the usual folder")
            self.default_folder_button.setToolTip(
                "Keep new backups in the backups folder in Advocacy Desk's data folder on "
                "this computer"
            )
        else:
            self.default_folder_button = QPushButton("Keep beside the data")
            self.default_folder_button.setToolTip(
                "Keep new backups in a folder called backups, beside the database file"
            )
        self.default_folder_button.clicked.connect(self.keep_beside_data)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.change_folder_button)
        folder_row.addWidget(self.default_folder_button)
        where_layout.addLayout(folder_row)
        if self.on_server:
            where_layout.addWidget(
                _hint(
                    "The folder chosen is kept in the database, so it is the same on every "
                    "computer that uses it."
                )
            )
        self.folder_error = ErrorLabel("Backups folder")
        where_layout.addWidget(self.folder_error)
        self.folder_status = _hint("")
        self.folder_status.setObjectName("folderStatus")
        self.folder_status.setHidden(True)
        where_layout.addWidget(self.folder_status)
        return where

    def _made_group(self) -> QGroupBox:
        """Back up now (with its progress and Cancel), the backups made, restoring."""
        made = QGroupBox("Backups")
        made_layout = QVBoxLayout(made)
        self.back_up_button = QPushButton("Back up now")
        self.back_up_button.setToolTip(
            "Make a checked backup of the database now"
            + (" with pg_dump, into the folder above" if self.on_server else "")
        )
        self.back_up_button.clicked.connect(self.back_up_now)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Backup progress")
        self.progress.setRange(0, 100)
        self.progress.setHidden(True)
        self.progress.setMaximumWidth(TABLE_WIDTH - self.back_up_button.sizeHint().width())
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelBackupWork")
        self.cancel_button.setHidden(True)
        self.cancel_button.clicked.connect(self.cancel)
        now_row = QHBoxLayout()
        now_row.addWidget(self.back_up_button)
        now_row.addWidget(self.progress, 1)
        now_row.addWidget(self.cancel_button)
        now_row.addStretch(1)
        made_layout.addLayout(now_row)
        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setHidden(True)
        self.status.setMaximumWidth(TABLE_WIDTH + 200)
        made_layout.addWidget(self.status)

        self._make_table()
        made_layout.addWidget(self.table, 1, Qt.AlignmentFlag.AlignLeft)
        self.empty_note = _hint("")
        self.empty_note.setHidden(True)
        made_layout.addWidget(self.empty_note)
        made_layout.addLayout(self._restore_row())
        self.restore_error = ErrorLabel("Restore")
        made_layout.addWidget(self.restore_error)
        return made

    def _make_table(self) -> None:
        """The backups made, newest first; double-click restores one."""
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backupsTable")
        self.table.setAccessibleName("Backups made")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.table.setFixedWidth(TABLE_WIDTH)

    def _restore_row(self) -> QHBoxLayout:
        """Restore the chosen backup, or one from a file, and what restoring keeps."""
        self.restore_button = QPushButton("Restore…")
        self.restore_file_button = QPushButton(
            "Restore from a backup file…" if self.on_server else "Restore from file…"
        )
        if self.on_server:
            self.restore_button.setToolTip(
                "Put the chosen backup's data in place of the data on the server, for "
                "everyone; the data it replaces is backed up first"
            )
            self.restore_file_button.setToolTip(
                "Restore a pg_dump backup (.dump) kept somewhere else, such as one the "
                "server's administrator made"
            )
            restore_note = _hint(
                "Restoring replaces the data on the server for everyone who uses it. The data "
                "it replaces is backed up into this folder first: nothing is deleted."
            )
        else:
            self.restore_button.setToolTip(
                "Put the chosen backup in place of the database; the current file is kept aside"
            )
            self.restore_file_button.setToolTip(
                "Restore a backup kept somewhere else, such as a copy on a USB stick"
            )
            restore_note = _hint(
                "Restoring keeps the database you have open aside under a new name: nothing "
                "is deleted."
            )
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addWidget(self.restore_file_button)
        restore_row.addWidget(restore_note, 1)
        return restore_row

    # -- what it shows ----------------------------------------------------------------

    def refresh(self) -> None:
        """Show the folder in use and the backups in it, newest first."""
        if not self._usable:
            return
        chosen = self.selected_backup()
        try:
            folder = self.backups.folder()
            self._shown = self.backups.backups()
        except AdvocacyDeskError as exc:
            self.folder_error.set_message(f"Cannot read the backups folder: {exc}.")
            self._shown = []
            folder = None
        self.folder_label.setText(str(folder) if folder is not None else "")
        self.table.setRowCount(len(self._shown))
        for row, backup in enumerate(self._shown):
            try:
                size: int | None = backup.size
            except OSError:  # removed by the rotation since it was listed
                size = None
            cells = (taken_text(backup.taken_at), kind_text(backup.label), size_text(size))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(backup.path))
                if column == 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
            if chosen is not None and backup.path == chosen.path:
                self.table.selectRow(row)
        self.empty_note.setText(
            "No backups in this folder yet. Press Back up now to make the first."
            if not self._shown
            else ""
        )
        self.empty_note.setHidden(bool(self._shown))
        self._update_buttons()

    def rows(self) -> list[tuple[str, ...]]:
        """The table as shown, row by row (for tests and screen readers)."""
        return table_text(self.table)

    def selected_backup(self) -> Backup | None:
        if not self._usable:
            return None
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self._shown[row] if row < len(self._shown) else None

    def select_backup(self, path: Path) -> bool:
        """Choose the backup at ``path`` in the table; whether it is there."""
        for row, backup in enumerate(self._shown):
            if backup.path == path:
                self.table.selectRow(row)
                return True
        return False

    @property
    def backing_up(self) -> bool:
        return self._task is not None and self._restoring is None and not self._checking

    @property
    def restoring(self) -> bool:
        """Whether a backup is being restored here (on a server)."""
        return self._restoring is not None

    @property
    def checking(self) -> bool:
        """Whether a backup file is being checked before it is restored."""
        return self._checking

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _update_buttons(self) -> None:
        chosen = self.selected_backup() is not None
        self.restore_button.setEnabled(chosen and not self.busy)
        self.restore_file_button.setEnabled(not self.busy)
        self.back_up_button.setEnabled(not self.busy)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._usable and not self.busy:
            self.refresh()  # automatic backups may have been made since

    # -- the folder -------------------------------------------------------------------

    def change_folder(self) -> None:
        """Ask for a folder and keep new backups there."""
        current = Path(self.folder_label.text() or Path.home())
        chosen = self.choose_folder(current)
        if chosen is None or not str(chosen):
            return
        self._set_folder(chosen)

    def keep_beside_data(self) -> None:
        """Keep new backups in the "backups" folder beside the database again."""
        self._set_folder(None)

    def _set_folder(self, chosen: Path | None) -> None:
        self.folder_error.set_message("")
        before = self.folder_label.text()
        try:
            folder = self.backups.set_folder(chosen)
        except AdvocacyDeskError as exc:
            self.folder_error.set_message(f"Folder not changed: {exc}.")
            self.folder_status.setHidden(True)
            return
        self.refresh()
        if str(folder) == before:
            message = f"New backups already go to {folder}."
        else:
            message = (
                f"New backups will go to {folder}. Backups already made in {before} stay "
                "there (they are not moved), and the list below shows this folder's."
            )
        self.folder_status.setText(message)
        self.folder_status.setHidden(False)

    def _ask_for_folder(self, current: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, "Keep backups in", str(current))
        return Path(chosen) if chosen else None

    # -- backing up -------------------------------------------------------------------

    def back_up_now(self) -> None:
        """Make a checked backup on a pool thread, with its progress on the tab."""
        if self.busy or not self._usable:
            return
        backups = self.backups

        def job(report: Progress) -> Path:
            return backups.back_up_now(progress=report, label="manual")

        self._task = tasks.run(
            job,
            owner=self,
            on_done=self._backed_up,
            on_failed=self._backup_failed,
            on_progress=self._progress,
            on_cancelled=self._backup_cancelled,
        )
        self.restore_error.set_message("")
        self._show_progress(
            "Stop the backup: no backup file is made (once the backup is being checked it "
            "is too late to stop, and it is kept)"
        )
        self._say("Backing up…")
        self._update_buttons()

    def cancel(self) -> None:
        """Stop the backup or check under way (a backup at its next step; a check at
        once, as it only reads the file)."""
        task = self._task
        if task is None or self._restoring is not None:
            return  # a restore replaces the data: once begun it is not stopped half-way
        self.cancel_button.setEnabled(False)
        if self._checking:
            task.drop()  # nothing to undo: the tab is free at once
            return
        task.cancel()
        self._say("Stopping the backup…")

    def _show_progress(self, cancel_tip: str | None) -> None:
        """The progress bar, and the Cancel button with ``cancel_tip`` (none: no Cancel)."""
        self.progress.setValue(0)
        self.progress.setHidden(False)
        self.cancel_button.setToolTip(cancel_tip or "")
        self.cancel_button.setEnabled(cancel_tip is not None)
        self.cancel_button.setHidden(cancel_tip is None)

    def _ended(self) -> None:
        self._task = None
        self.progress.setRange(0, 100)
        self.progress.setHidden(True)
        self.cancel_button.setHidden(True)

    def _progress(self, message: str, fraction: float) -> None:
        self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        self._say(f"{message}…")

    def _backed_up(self, result: Path) -> None:
        self._ended()
        self.refresh()
        self.select_backup(result)
        self._say(f"Backed up to {result.name} (checked).")
        self.backed_up.emit(result)

    def _backup_cancelled(self) -> None:
        self._ended()
        self._update_buttons()
        self._say("Backup cancelled: no backup was made, and your data is unchanged.")

    def _backup_failed(self, message: str) -> None:
        self._ended()
        self._update_buttons()
        if self.on_server:
            self._say(
                f"Backup not made: {message}. The data on the server is unchanged; once "
                "that is put right, press Back up now again.",
                error=True,
            )
            return
        self._say(
            f"Backup not made: {message}. Your data is unchanged. Check that the backups "
            "folder can be written to (or choose another), then press Back up now again.",
            error=True,
        )

    def _say(self, text: str, error: bool = False) -> None:
        theme.style(self.status, theme.ERROR if error else "")
        self.status.setText(text)
        self.status.setHidden(not text)

    # -- restoring --------------------------------------------------------------------

    def restore_selected(self) -> bool:
        """Check and confirm the chosen backup, then ask the window to restore it."""
        chosen = self.selected_backup()
        if chosen is None:
            return False
        return self.offer_restore(chosen.path, chosen.taken_at)

    def restore_from_file(self) -> bool:
        """Ask for a backup file anywhere, then check, confirm and restore it."""
        try:
            start_in = self.backups.folder()
        except AdvocacyDeskError:
            start_in = Path.home()
        chosen = self.choose_file(start_in)
        if chosen is None or not str(chosen):
            return False
        listed = next((b for b in self._shown if b.path == chosen), None)
        return self.offer_restore(chosen, listed.taken_at if listed is not None else None)

    def offer_restore(self, path: Path, taken: datetime | None = None) -> bool:
        """Check ``path`` may be restored, ask to confirm, and emit
        :attr:`restore_requested` (on a server: start restoring it here). Whether it was
        requested."""
        self.restore_error.set_message("")
        if self.on_server:
            return self._offer_server_restore(path, taken)
        database = self.backups.database
        if path.resolve() == database.resolve():
            self.restore_error.set_message(
                f"Not restored: {path} is the database you have open. Choose a backup of it."
            )
            return False
        refused = self._check(path, lambda: check_backup_file(path))
        if refused is None:
            return False  # the check was cancelled
        if refused:
            self.restore_error.set_message(
                f"Checked and refused: {refused}. Your current data is unchanged; choose "
                "another backup."
            )
            return False
        if taken is not None:
            when = f"taken {taken_text(taken)}"
        else:
            try:
                changed = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
                when = f"last saved {taken_text(changed)}"
            except OSError:
                when = "date unknown"
        if not self.confirm(
            "Restore this backup?",
            f"Restore the backup {path.name} ({when})?\n\n"
            f"The database you have open now, {database}, is kept aside under a new name "
            "(not deleted), and Advocacy Desk then opens the restored data. Anything "
            "recorded since the backup was taken will not be in it.",
        ):
            return False
        self.restore_requested.emit(path)
        return True

    def _check(self, path: Path, check: Callable[[], object]) -> str | None:
        """Check the backup at ``path`` before restoring it: off the GUI thread (a large
        file takes seconds), the tab's Cancel button live. ``""`` when it passed, why
        when it was refused, None when the check was cancelled."""
        refused: list[str] = []
        task = tasks.run(
            lambda _progress: check(),
            owner=self,
            lane=tasks.Lane.FREE,  # it reads the backup file, not the database
            on_done=lambda _revision: refused.append(""),
            on_failed=refused.append,
        )
        self._task = task
        self._checking = True
        self._show_progress(
            "Stop checking the backup: nothing is restored, and the tab is free at once"
        )
        self.progress.setRange(0, 0)  # busy: a check has no steps to count
        self._say(f"Checking {path.name}…")
        self._update_buttons()
        tasks.wait(task)
        if not isValid(self):
            return None  # the window closed meanwhile
        self._checking = False
        self._ended()
        self._update_buttons()
        if refused:
            self._say("")
            return refused[0]
        self._say(f"Check of {path.name} cancelled: nothing was restored.")
        return None

    def _when(self, path: Path, taken: datetime | None) -> str:
        if taken is not None:
            return f"taken {taken_text(taken)}"
        try:
            changed = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        except OSError:
            return "date unknown"
        return f"last saved {taken_text(changed)}"

    def _offer_server_restore(self, path: Path, taken: datetime | None) -> bool:
        if self.busy:
            return False
        backups = self.backups
        refused = self._check(path, lambda: backups.check_file(path))
        if refused is None:
            return False  # the check was cancelled
        try:
            if refused:
                raise AdvocacyDeskError(refused)
            folder = self.backups.folder()
        except AdvocacyDeskError as exc:
            self.restore_error.set_message(
                f"Checked and refused: {exc}. The data on the server is unchanged; choose "
                "another backup."
            )
            return False
        if not self.confirm(
            "Restore this backup?",
            f"Restore the backup {path.name} ({self._when(path, taken)}) into "
            f"{self.backups.location}?\n\n"
            "This replaces the data on the server for everyone who uses it: anything "
            "anyone recorded since the backup was taken will not be in it. Ask everyone "
            "else to stop working in Advocacy Desk until it is done.\n\n"
            f"The data it replaces is backed up first, into {folder} (not deleted).",
        ):
            return False
        self._restore_on_server(path)
        return True

    def _restore_on_server(self, path: Path) -> None:
        """Restore ``path`` into the server database on a pool thread, with its progress."""
        backups = self.backups

        def job(report: Progress) -> Path:
            return backups.restore(path, progress=report)

        self._task = tasks.run(
            job,
            owner=self,
            on_done=self._restored,
            on_failed=self._restore_failed,
            on_progress=self._progress,
        )
        self._restoring = path
        self._show_progress(None)  # replacing the server's data: not stopped half-way
        self._say(f"Restoring {path.name}…")
        self._update_buttons()

    def _restored(self, result: Path) -> None:
        restored = self._restoring
        self._ended()
        self._restoring = None
        assert restored is not None
        self.refresh()
        self._say(
            f"Restored {restored.name}. The data it replaced is kept as {result.name}, in the "
            "list. Close Advocacy Desk and open it again, here and on every other computer "
            "that uses this database, so that every screen shows the restored data."
        )
        self.server_restored.emit(result)

    def _restore_failed(self, message: str) -> None:
        restored = self._restoring
        self._ended()
        self._restoring = None
        self.refresh()
        name = restored.name if restored is not None else "the backup"
        self._say("")
        self.restore_error.set_message(f"Not restored: {name}: {message}.")

    def _ask_for_file(self, folder: Path) -> Path | None:
        kind = "Backups (*.dump)" if self.on_server else "Backups (*.sqlite)"
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Restore from a backup file", str(folder), kind
        )
        return Path(chosen) if chosen else None

    def _ask(self, title: str, question: str) -> bool:
        return ask_yes_no(self, title, question)
