"""The Settings page: where the data is, its backups, the prioritisation matrix, and the
licences.

Six tabs: "Database" (the file in use, and whether it is demo data), "Backups" (where
backups go, backing up now and restoring, :class:`~ui.backups.tab.BackupsTab`),
"Prioritisation matrix" (:class:`~ui.settings.matrix_editor.MatrixEditor`), "Advocates"
(caseload capacity and advocacy types, :class:`~ui.settings.staff.StaffEditor`),
"Contracts" (the commissioners' contracts, :class:`~ui.settings.contracts.ContractsEditor`)
and "About and licences" (including the attribution the shipped open data requires).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import __version__, about
from advocacy_desk.services import Services
from advocacy_desk.services.returns import PROVIDER_NAME
from ui.backups.tab import BackupsTab
from ui.bus import DataBus
from ui.settings.contracts import ContractsEditor
from ui.settings.matrix_editor import MatrixEditor
from ui.settings.staff import StaffEditor

#: The tabs, by key, in the order they appear.
TABS: tuple[tuple[str, str], ...] = (
    ("database", "Database"),
    ("backups", "Backups"),
    ("matrix", "Prioritisation matrix"),
    ("advocates", "Advocates"),
    ("contracts", "Contracts"),
    ("about", "About and licences"),
)


def _text_tab(label: QLabel) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    layout.addStretch(1)
    return page


def _reading(html: str, name: str) -> QLabel:
    label = QLabel(html)
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMaximumWidth(760)
    return label


class SettingsPage(QWidget):
    """The Settings section of the main window."""

    def __init__(
        self, services: Services, demo: bool, bus: DataBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus

        where = (
            "Everything Advocacy Desk records is kept in this file on this computer. "
            "Advocacy Desk backs it up by itself (see the Backups tab); keep a copy of "
            "the backups folder with the rest of your organisation's files too."
            if services.url.get_backend_name() == "sqlite"
            else "Everything Advocacy Desk records is kept in this database server."
        )
        self.database = _reading(
            f"<p>{escape(services.location)}"
            + (" <b>(demo data)</b>" if demo else "")
            + f"</p><p style='color:#555555'>{escape(where)}</p>",
            "Database location",
        )
        self.database.setObjectName("databaseLocation")
        self.about = _reading(
            f"<p><b>{escape(about.NAME)} {escape(__version__)}</b></p>"
            f"<p>{escape(about.SUMMARY)}</p><p>{escape(about.DATA_ATTRIBUTION)}</p>",
            "About and licences",
        )
        self.about.setObjectName("aboutText")
        self.matrix_editor = MatrixEditor(services, bus)
        self.staff_editor = StaffEditor(services, bus)
        self.contracts_editor = ContractsEditor(services, bus)
        self.backups_tab = BackupsTab(services)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings")
        self.tabs.setDocumentMode(True)
        self.provider_name = QLineEdit(services.settings.get(PROVIDER_NAME))
        self.provider_name.setObjectName("providerName")
        self.provider_name.setAccessibleName("Provider name")
        self.provider_name.setPlaceholderText("Your organisation's name, as commissioners know it")
        self.provider_name.setToolTip("Printed on the cover of the quarterly monitoring return")
        self.provider_name.setMaxLength(200)
        self.provider_saved = QLabel()
        save_provider = QPushButton("Save name")
        save_provider.clicked.connect(self.save_provider_name)
        self.provider_name.returnPressed.connect(self.save_provider_name)
        database_tab = _text_tab(self.database)
        provider_row = QHBoxLayout()
        provider_row.addWidget(QLabel("Provider name:"))
        provider_row.addWidget(self.provider_name, 1)
        provider_row.addWidget(save_provider)
        tab_layout = database_tab.layout()
        assert isinstance(tab_layout, QVBoxLayout)
        tab_layout.insertLayout(1, provider_row)
        tab_layout.insertWidget(2, self.provider_saved)
        pages = {
            "database": database_tab,
            "backups": self.backups_tab,
            "matrix": self.matrix_editor,
            "advocates": self.staff_editor,
            "contracts": self.contracts_editor,
            "about": _text_tab(self.about),
        }
        tips = {
            "database": "Where the data is kept",
            "backups": "Where backups go, making one now, and restoring one",
            "matrix": "Read and tune how the waiting list is ranked",
            "advocates": "How many open cases each advocate can hold, and the types they take",
            "contracts": "The contracts with commissioners that referrals and returns name",
            "about": "The version of Advocacy Desk and the licences of what it ships",
        }
        for key, title in TABS:
            index = self.tabs.addTab(pages[key], title)
            self.tabs.setTabToolTip(index, tips[key])
        self.matrix_editor.setContentsMargins(0, 8, 0, 0)

        heading = QLabel("Settings")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)

    def save_provider_name(self) -> None:
        """Keep the provider's name for the cover of the return."""
        name = " ".join(self.provider_name.text().split())
        self.services.settings.set(PROVIDER_NAME, name)
        self.provider_name.setText(name)
        self.provider_saved.setText(
            f"Saved: returns will name {name}." if name else
            "Cleared: returns will say “Independent advocacy provider”."
        )  # fmt: skip

    def current_tab(self) -> str:
        """The key of the tab in front."""
        return TABS[self.tabs.currentIndex()][0]

    def show_tab(self, key: str) -> None:
        """Bring a tab forward: "database", "backups", "matrix", "advocates", "contracts"
        or "about"."""
        keys = [k for k, _title in TABS]
        self.tabs.setCurrentIndex(keys.index(key))
