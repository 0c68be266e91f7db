"""The main window's menus, and what the View and Help menus do: sorting and pane sizes
from the keyboard, the user guide at the page for what is shown, and the list of keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QSplitter

from advocacy_desk import about
from ui.sections import STATUS_MS
from ui.settings.section import SETTINGS_HELP
from ui.widgets import arrange

if TYPE_CHECKING:
    from ui.help import HelpWindow, Shortcut
    from ui.main_window import MainWindow

#: How long a passing message stays in the status bar.


def build_menus(window: MainWindow) -> None:
    """The File, View and Help menus, their actions kept on the window (tests and the
    sections reach them there)."""
    file_menu = window.menuBar().addMenu("&File")
    window.import_menu = file_menu.addMenu("&Import")
    window.import_action = QAction("Import from &spreadsheets…", window)
    window.import_action.setStatusTip("Bring records in from CSV files or an Excel workbook")
    window.import_action.setToolTip("Available once the database is open")
    window.import_action.setEnabled(False)  # until attach() opens the database
    window.import_action.triggered.connect(window.open_import)
    window.import_menu.addAction(window.import_action)
    window.templates_action = QAction("Save blank &templates…", window)
    window.templates_action.setStatusTip(
        "Save a blank CSV file for each kind of record, and a workbook with them all"
    )
    window.templates_action.triggered.connect(window.save_templates)
    window.import_menu.addAction(window.templates_action)
    file_menu.addSeparator()
    window.password_action = QAction("Change my &password…", window)
    window.password_action.setEnabled(False)  # until someone signs in
    window.password_action.triggered.connect(window.change_password)
    file_menu.addAction(window.password_action)
    window.lock_action = QAction("&Lock now", window)
    window.lock_action.setShortcut(QKeySequence("Ctrl+L"))
    window.lock_action.setStatusTip(
        "Lock the window now: everything is hidden until your password is typed again"
    )
    window.lock_action.setToolTip("Lock the window now (Ctrl+L)")
    window.lock_action.setEnabled(False)
    window.lock_action.triggered.connect(window.lock_now)
    file_menu.addAction(window.lock_action)
    window.sign_out_action = QAction("Sign &out…", window)
    window.sign_out_action.setStatusTip(
        "Sign out, so that someone else can sign in without closing Advocacy Desk"
    )
    window.sign_out_action.setEnabled(False)  # until someone signs in
    window.sign_out_action.triggered.connect(window.session.sign_out_chosen)
    file_menu.addAction(window.sign_out_action)
    file_menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)
    _build_view_menu(window)
    help_menu = window.menuBar().addMenu("&Help")
    window.help_action = QAction("&User guide", window)
    window.help_action.setShortcut(QKeySequence("F1"))
    window.help_action.setStatusTip("Open the user guide at the page for this section")
    window.help_action.triggered.connect(window.show_help)
    help_menu.addAction(window.help_action)
    window.shortcuts_action = QAction("&Keyboard shortcuts", window)
    window.shortcuts_action.setStatusTip("List the keys that work in each section")
    window.shortcuts_action.triggered.connect(window.show_shortcuts)
    help_menu.addAction(window.shortcuts_action)
    help_menu.addSeparator()
    about_action = QAction(f"&About {about.NAME}", window)
    about_action.triggered.connect(window.show_about)
    help_menu.addAction(about_action)


def _build_view_menu(window: MainWindow) -> None:
    """Sorting and pane sizes from the keyboard (see :mod:`ui.widgets.arrange`)."""
    view_menu = window.menuBar().addMenu("&View")
    window.sort_action = QAction("&Sort by…", window)
    window.sort_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
    window.sort_action.setStatusTip("Sort the table you are in by one of its columns")
    window.sort_action.triggered.connect(window.choose_sort)
    view_menu.addAction(window.sort_action)
    view_menu.addSeparator()
    window.wider_list_action = QAction("Wider &list", window)
    window.wider_list_action.setShortcut(QKeySequence("Ctrl+]"))
    window.wider_list_action.setStatusTip(
        "Move the divider so the list (left, or top) takes more room"
    )
    window.wider_list_action.triggered.connect(lambda: window.move_divider(arrange.STEP))
    view_menu.addAction(window.wider_list_action)
    window.wider_details_action = QAction("Wider &details", window)
    window.wider_details_action.setShortcut(QKeySequence("Ctrl+["))
    window.wider_details_action.setStatusTip(
        "Move the divider so the details (right, or below) take more room"
    )
    window.wider_details_action.triggered.connect(lambda: window.move_divider(-arrange.STEP))
    view_menu.addAction(window.wider_details_action)
    window.reset_panes_action = QAction("&Reset pane sizes", window)
    window.reset_panes_action.setStatusTip("Put this section's dividers back where they were")
    window.reset_panes_action.triggered.connect(window.reset_panes)
    view_menu.addAction(window.reset_panes_action)


# -- help -------------------------------------------------------------------------


def help_page(window: MainWindow) -> str:
    """The guide's page for what is shown ("returns.md", "data-safety.md#backups")."""
    index = window.pages.currentIndex()
    if index < 0:
        return window.sections[0].help
    section = window.sections[index]
    if section.key == "settings" and window._settings_page is not None:
        return SETTINGS_HELP.get(window._settings_page.current_tab(), section.help)
    return section.help


def show_help(window: MainWindow) -> HelpWindow:
    """Help > User guide (F1): the guide, in its own window, at this section's page."""
    from ui.help import HelpWindow

    if window.help_window is None:
        window.help_window = HelpWindow()
        window.help_window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        window.destroyed.connect(window.help_window.close)
    page, _, heading = window.help_page().partition("#")
    window.help_window.show_page(page, heading)
    window.help_window.show()
    window.help_window.raise_()
    window.help_window.activateWindow()
    return window.help_window


def shortcuts(window: MainWindow) -> list[Shortcut]:
    """Every key the window answers to, read from its menus' actions and its
    sections' shortcuts (each section built first, so all of them are there)."""
    from ui.help import Shortcut, key_text, merged

    for index in list(window._lazy):
        window._build(index)
    found: list[Shortcut] = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        where = f"{_plain(menu.title())} menu"
        for action in _actions(menu):
            for keys in action.shortcuts():
                found.append(Shortcut(key_text(keys), _plain(action.text()), where))
    titles = {
        id(window.pages.widget(i)): window.sections[i].title for i in range(len(window.sections))
    }
    for row in range(window.navigation.count()):
        if window.navigation.item(row).isHidden():
            titles.pop(id(window.pages.widget(row)), None)
    for shortcut in window.findChildren(QShortcut):
        where = _section_of(shortcut.parent(), titles)
        if where and shortcut.isEnabled():
            what = shortcut.whatsThis() or "(not described)"
            found.append(Shortcut(key_text(shortcut.key()), what, where))
    return merged(found)


def show_shortcuts(window: MainWindow) -> int:
    """Help > Keyboard shortcuts (through :attr:`run_modal`)."""
    from ui.help import ShortcutsDialog

    dialog = ShortcutsDialog(window.shortcuts(), window)
    try:
        return window.run_modal(dialog)
    finally:
        dialog.deleteLater()


# -- the View menu: sorting and panes from the keyboard -----------------------------


def sort_menu(window: MainWindow) -> QMenu | None:
    """The "Sort by" menu for the table in use; None (said in the status bar) when
    the section has no table that sorts."""
    page = window.pages.currentWidget()
    if page is None:
        return None
    view, any_table = arrange.table_to_sort(page)
    if view is None:
        window.statusBar().showMessage(
            "This list keeps an order of its own (the waiting list is ranked by the "
            "prioritisation matrix, say): it does not sort by column."
            if any_table
            else "There is no table here to sort.",
            STATUS_MS,
        )
        return None
    return arrange.sort_menu(view, window)


def choose_sort(window: MainWindow) -> None:
    """View > Sort by: a menu of the table's columns, under the table."""
    menu = window.sort_menu()
    if menu is None:
        return
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    focus = QApplication.focusWidget()
    place = focus.mapToGlobal(focus.rect().topLeft()) if focus is not None else window.pos()
    menu.popup(place)
    actions = menu.actions()
    if actions:
        menu.setActiveAction(next((a for a in actions if a.isChecked()), actions[0]))


def move_divider(window: MainWindow, step: float) -> list[int]:
    """View > Wider list / Wider details: move the divider of the panes in use."""
    page = window.pages.currentWidget()
    splitter = arrange.panes_to_move(page) if page is not None else None
    if splitter is None:
        window.statusBar().showMessage("This section has no panes to resize.", STATUS_MS)
        return []
    return arrange.widen_first(splitter, step)


def reset_panes(window: MainWindow) -> None:
    """View > Reset pane sizes: every divider of the section as it was first shown."""
    page = window.pages.currentWidget()
    if page is None:
        return
    for splitter in page.findChildren(QSplitter):
        arrange.reset_sizes(splitter)


def _plain(text: str) -> str:
    """A menu entry's text as read: no & marking its key, no "…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def _actions(menu: QMenu) -> list[QAction]:
    """A menu's actions, its submenus' among them."""
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found.extend(_actions(sub))
        elif not action.isSeparator():
            found.append(action)
    return found


def _section_of(owner: QObject | None, titles: dict[int, str]) -> str:
    """The title of the section ``owner`` belongs to ("" if none: a closed dialog's)."""
    while owner is not None:
        if id(owner) in titles:
            return titles[id(owner)]
        if isinstance(owner, QDialog):
            return ""
        owner = owner.parent()
    return ""
