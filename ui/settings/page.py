"""The Settings page: where the data is, its backups, the prioritisation matrix, and the
licences.

Six tabs: "Database" (the file in use, and whether it is demo data; the provider's
name and contact details, :class:`~ui.settings.contact.ContactSetting`), "Backups" (where
backups go, backing up now and restoring, :class:`~ui.backups.tab.BackupsTab`),
"Prioritisation matrix" (:class:`~ui.settings.matrix_editor.MatrixEditor`), "Advocates"
(caseload capacity and advocacy types, :class:`~ui.settings.staff.StaffEditor`),
"Contracts" (the commissioners' contracts, :class:`~ui.settings.contracts.ContractsEditor`)
and "About and licences" (including the attribution the shipped open data requires).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk import __version__, about, display, paths
from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.permissions import Permission
from advocacy_desk.services.settings import DEFAULT_PROVIDER, PROVIDER_NAME
from advocacy_desk.services.settings import LOCK_MINUTES as LOCK_SETTING
from ui.accounts.editor import AccountsEditor
from ui.backups.tab import BackupsTab
from ui.bus import DataBus
from ui.letters import TemplatesSetting
from ui.lock import LONGEST_MINUTES
from ui.server_dialog import (
    ask_for_server,
    check_in_background,
    result_label,
    show_result,
    shown_location,
)
from ui.settings.contact import ContactSetting
from ui.settings.contracts import ContractsEditor
from ui.settings.matrix_editor import MatrixEditor
from ui.settings.staff import StaffEditor
from ui.settings.tabs import TABS, shows
from ui.widgets import theme, views
from ui.widgets.screen import scrolling

HIGH_CONTRAST_NOTE = (
    "White text on black, with the selection and links in yellow, in every window, for "
    "you on this computer (other people's computers are not changed). Advocacy Desk "
    "also follows the system's own contrast theme."
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


#: Each tab's tip: what it is for.
_TIPS = {
    "database": "Where the data is kept, when the window locks, and how it looks",
    "organisation": "Your organisation's name, contact details and logo, as "
    "letters, returns and reports print them",
    "accounts": "Who may sign in, and in which role",
    "letters": "The letter templates, your own among them, and what they may say",
    "backups": "Where backups go, making one now, and restoring one",
    "matrix": "Read and tune how the waiting list is ranked",
    "advocates": "How many open cases each advocate can hold, and the types they take",
    "contracts": "The contracts with commissioners that referrals and returns name",
    "about": "The version of Advocacy Desk and the licences of what it ships",
}


class SettingsPage(QWidget):
    """The Settings section of the main window."""

    #: The administrator changed how long the window waits before it locks.
    lock_minutes_changed = Signal(int)

    def __init__(
        self, services: Services, demo: bool, bus: DataBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus

        self._build_texts(demo)
        self._build_editors()
        administers = services.access.can(Permission.SETTINGS)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings")
        self.tabs.setDocumentMode(True)
        organisation_tab = self._organisation_tab(administers)
        database_tab = self._database_tab(administers)
        optional: dict[str, QWidget | None] = {
            "accounts": self.accounts_editor,
            "backups": self.backups_tab,
            "matrix": self.matrix_editor,
            "advocates": self.staff_editor,
            "contracts": self.contracts_editor,
            "letters": self.letters_setting,
        }
        self._add_tabs({
            "database": database_tab,
            # Its form is long: it scrolls on a short window, the other tabs stay put.
            "organisation": scrolling(organisation_tab, "organisationScroll", sideways=False),
            **{key: page for key, page in optional.items() if page is not None},
            "about": _text_tab(self.about),
        })  # fmt: skip
        if self.matrix_editor is not None:
            self.matrix_editor.setContentsMargins(0, 8, 0, 0)

        heading = views.heading("Settings", views.PAGE_TITLE, wrap=False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)

    # -- building ----------------------------------------------------------------

    def _build_texts(self, demo: bool) -> None:
        """Where the data is kept, and the version and licences."""
        services = self.services
        backups = (
            "see the Backups tab"
            if shows(services.access, "backups")
            else "an administrator looks after them"
        )
        where = (
            "Everything Advocacy Desk records is kept in this file on this computer. "
            f"Advocacy Desk backs it up by itself ({backups}); keep a copy of "
            "the backups folder with the rest of your organisation's files too."
            if services.url.get_backend_name() == "sqlite"
            else "Everything Advocacy Desk records is kept in this database server."
        )
        self.database = _reading(
            f"<p>{escape(services.location)}"
            + (" <b>(demo data)</b>" if demo else "")
            + f"</p><p style='color:{theme.hex_of('hint')}'>{escape(where)}</p>",
            "Database location",
        )
        self.database.setObjectName("databaseLocation")
        self.about = _reading(
            f"<p><b>{escape(about.NAME)} {escape(__version__)}</b></p>"
            f"<p>{escape(about.SUMMARY)}</p><p>{escape(about.DATA_ATTRIBUTION)}</p>",
            "About and licences",
        )
        self.about.setObjectName("aboutText")

    def _build_editors(self) -> None:
        """Each tab only for the roles it serves (None where the role has no use for it)."""
        services, bus = self.services, self.bus
        has = {key: shows(services.access, key) for key, _title in TABS}
        self.matrix_editor = MatrixEditor(services, bus) if has["matrix"] else None
        self.staff_editor = StaffEditor(services, bus) if has["advocates"] else None
        self.contracts_editor = ContractsEditor(services, bus) if has["contracts"] else None
        self.backups_tab = BackupsTab(services) if has["backups"] else None
        self.accounts_editor = AccountsEditor(services, bus=bus) if has["accounts"] else None
        self.letters_setting = TemplatesSetting(services) if has["letters"] else None

    def _organisation_tab(self, administers: bool) -> QWidget:
        """The organisation: what its letters, returns and reports print about it."""
        named = self.services.settings.get(PROVIDER_NAME)
        self.provider_name = QLineEdit("" if named == DEFAULT_PROVIDER else named)
        self.provider_name.setObjectName("providerName")
        self.provider_name.setAccessibleName("Provider name")
        self.provider_name.setPlaceholderText("Your organisation's name, as commissioners know it")
        self.provider_name.setToolTip("Printed on the cover of the quarterly monitoring return")
        self.provider_name.setMaxLength(200)
        self.provider_saved = QLabel()
        save_provider = QPushButton("Save name")
        save_provider.clicked.connect(self.save_provider_name)
        self.provider_name.returnPressed.connect(self.save_provider_name)
        for widget in (self.provider_name, save_provider):
            widget.setEnabled(administers)
        provider_row = QHBoxLayout()
        provider_row.addWidget(QLabel("Provider name:"))
        provider_row.addWidget(self.provider_name, 1)
        provider_row.addWidget(save_provider)
        organisation_tab = QWidget()
        organisation = QVBoxLayout(organisation_tab)
        organisation.addLayout(provider_row)
        organisation.addWidget(self.provider_saved)
        #: The address, telephone, email and website every letter prints.
        self.contact = ContactSetting(self.services)
        organisation.addWidget(self.contact)
        if administers:
            from ui.reports import LogoSetting

            self.logo_setting: QWidget | None = LogoSetting(self.services)
            organisation.addWidget(self.logo_setting)
        else:
            self.logo_setting = None
            hint = theme.hex_of("hint")
            organisation.addWidget(_reading(
                f"<p style='color:{hint}'>An administrator changes these.</p>", "Who changes"
            ))  # fmt: skip
        organisation.addStretch(1)
        return organisation_tab

    def _database_tab(self, administers: bool) -> QWidget:
        """Where the data is kept, when the window locks, how it looks, which database."""
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setAccessibleName("Lock the window after minutes without use")
        self.lock_minutes.setRange(1, LONGEST_MINUTES)
        self.lock_minutes.setSuffix(" minutes")
        self.lock_minutes.setValue(self.services.settings.whole(LOCK_SETTING))
        save_lock = QPushButton("Save")
        save_lock.setObjectName("saveLockMinutes")
        save_lock.clicked.connect(self.save_lock_minutes)
        for widget in (self.lock_minutes, save_lock):
            widget.setEnabled(administers)
        database_tab = _text_tab(self.database)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel("Lock the window after"))
        lock_row.addWidget(self.lock_minutes)
        lock_row.addWidget(QLabel("without use (for everyone who signs in)"))
        lock_row.addWidget(save_lock)
        lock_row.addStretch(1)
        #: What the Database tab's last choice did (the lock, the display).
        self.database_saved = QLabel()
        self.database_saved.setObjectName("databaseSaved")
        tab_layout = database_tab.layout()
        assert isinstance(tab_layout, QVBoxLayout)
        tab_layout.insertLayout(1, lock_row)
        tab_layout.insertWidget(2, self.database_saved)
        #: The app's own high-contrast look, for everyone who can open Settings.
        self.display_group = self._display_group()
        tab_layout.insertWidget(3, self.display_group)
        #: Which database this computer opens from its next start (administrators only).
        self.server_group = self._server_group() if administers else None
        if self.server_group is not None:
            tab_layout.insertSpacing(1, 8)
            tab_layout.insertWidget(2, self.server_group)
            tab_layout.insertSpacing(3, 12)
        return database_tab

    def _add_tabs(self, pages: dict[str, QWidget]) -> None:
        """The tabs the user's role has, in their fixed order, each with its tip."""
        #: The keys of the tabs shown, in order.
        self.tab_keys = [key for key, _title in TABS if key in pages]
        for key, title in TABS:
            if key in pages:
                index = self.tabs.addTab(pages[key], title)
                self.tabs.setTabToolTip(index, _TIPS[key])

    def _display_group(self) -> QGroupBox:
        group = QGroupBox("Display on this computer")
        group.setObjectName("displayGroup")
        self.high_contrast = QCheckBox("High contrast")
        self.high_contrast.setObjectName("highContrast")
        self.high_contrast.setAccessibleDescription(HIGH_CONTRAST_NOTE)
        self.high_contrast.setChecked(theme.chosen())
        self.high_contrast.toggled.connect(self.choose_high_contrast)
        layout = QVBoxLayout(group)
        layout.addWidget(self.high_contrast)
        layout.addWidget(views.plain(HIGH_CONTRAST_NOTE, hint=True))
        group.setMaximumWidth(760)
        return group

    def choose_high_contrast(self, on: bool) -> None:
        """Turn the app's own high-contrast look on or off at once, and keep the choice
        for this computer's user (it applies from the next start, before sign-in)."""
        theme.set_high_contrast(on)
        try:
            display.choose_high_contrast(on)
        except OSError as exc:
            self.database_saved.setText(f"High contrast is on for now, not kept: {exc}.")

    def _server_group(self) -> QGroupBox:
        group = QGroupBox("Shared server")
        group.setObjectName("sharedServer")
        self.next_start = QLabel()
        self.next_start.setObjectName("nextStart")
        self.next_start.setAccessibleName("Opens at the next start")
        self.next_start.setTextFormat(Qt.TextFormat.PlainText)
        self.next_start.setWordWrap(True)
        self.next_start.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.connect_server_button = QPushButton("Connect to a server…")
        self.connect_server_button.setToolTip(
            "Open your organisation's PostgreSQL server from the next start"
        )
        self.connect_server_button.clicked.connect(self.connect_server)
        self.own_file_button = QPushButton("Use this computer's own file again")
        self.own_file_button.clicked.connect(self.use_own_file)
        self.server_note = views.plain("", hint=True)
        self.server_note.setObjectName("serverNote")
        self.server_note.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.connect_server_button)
        buttons.addWidget(self.own_file_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(group)
        layout.addWidget(self.next_start)
        layout.addLayout(buttons)
        layout.addWidget(self.server_note)
        #: On a server: checks the one open now still answers (None on a file).
        self.test_current_button: QPushButton | None = None
        self.current_result = result_label()
        if self.services.url.get_backend_name() == "postgresql":
            self.test_current_button = QPushButton("Test connection")
            self.test_current_button.setObjectName("testCurrentConnection")
            self.test_current_button.setToolTip("Check that the server open now still answers")
            self.test_current_button.clicked.connect(self.test_current)
            test_row = QHBoxLayout()
            test_row.addWidget(self.test_current_button)
            test_row.addWidget(
                views.plain("Checks that the server open now still answers.", hint=True), 1
            )
            layout.addLayout(test_row)
            layout.addWidget(self.current_result)
        group.setMaximumWidth(760)
        self._show_next_start()
        return group

    def _show_next_start(self) -> None:
        remembered = paths.remembered_location()
        where = (
            f"the server {shown_location(remembered)}" if remembered else "this computer's own file"
        )
        self.next_start.setText(
            f"When Advocacy Desk next starts on this computer, it opens {where}."
        )
        self.own_file_button.setVisible(remembered is not None)

    def _switching(self, shown: str, now: bool) -> None:
        self.server_note.setText(
            f"Advocacy Desk has {shown} open now, and keeps opening it from its next start."
            if now else
            f"Advocacy Desk opens {shown} from its next start; close it and open it again "
            "to switch."
        )  # fmt: skip
        self.server_note.show()
        self._show_next_start()

    def connect_server(self) -> None:
        """Choose the server this computer opens from its next start (no live switch)."""
        location = ask_for_server(self)
        if location is not None:
            shown = shown_location(location)
            self._switching(shown, shown == self.services.location)

    def use_own_file(self) -> None:
        """Open this computer's own database file again from the next start."""
        paths.remember_location(None)
        own = str(paths.default_database().resolve())
        self._switching("this computer's own file", self.services.location == own)

    def test_current(self) -> None:
        """Check, off the GUI thread, that the server open now still answers."""
        button = self.test_current_button
        assert button is not None
        button.setEnabled(False)
        button.setText("Testing…")
        show_result(self.current_result, True, "")

        def done(ok: bool, message: str) -> None:
            button.setText("Test connection")
            button.setEnabled(True)
            show_result(self.current_result, ok, message)

        check_in_background(self.services.url.render_as_string(hide_password=False), done, self)

    def save_provider_name(self) -> None:
        """Keep the provider's name for the cover of the return."""
        name = " ".join(self.provider_name.text().split())
        try:
            self.services.settings.change(PROVIDER_NAME, name)
        except AdvocacyDeskError as exc:
            self.provider_saved.setText(f"Not saved: {exc}")
            return
        self.provider_name.setText(name)
        self.provider_saved.setText(
            f"Saved: returns will name {name}." if name else
            f"Cleared: returns will say “{DEFAULT_PROVIDER}”."
        )  # fmt: skip

    def save_lock_minutes(self) -> None:
        """How long the window waits, without use, before it locks (1 to 15 minutes)."""
        minutes = self.lock_minutes.value()
        self.services.settings.change(LOCK_SETTING, minutes)
        self.lock_minutes_changed.emit(minutes)
        self.database_saved.setText(
            f"Saved: the window locks after {plural(minutes, 'minute')} without use."
        )

    def current_tab(self) -> str:
        """The key of the tab in front."""
        return self.tab_keys[self.tabs.currentIndex()]

    def show_tab(self, key: str) -> None:
        """Bring a tab forward: "database", "accounts", "backups", "matrix", "advocates",
        "contracts" or "about" (those the role may see)."""
        self.tabs.setCurrentIndex(self.tab_keys.index(key))
