"""What a screen reader says: every choice box by its label (not only by the value it
shows), the "Substantial difficulty" boxes as one group, no scroll pane as an empty Tab
stop, and no table column without a heading. Every page, for each role, and every
dialog is walked on a small demo database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QScrollArea,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.demo import DEMO_PASSWORD
from advocacy_desk.domain.referrals import FIELD_LABELS
from tests.ui.test_dialog_keys import DIALOGS, OTHERS, TAB_ONLY, Make, answered
from ui.casework.models import ActivityLogModel
from ui.main_window import MainWindow
from ui.referrals.referral_form import ReferralDialog

__all__ = ["answered"]  # the dialogs' questions, answered at once (a fixture)

ROLES = ("demo", "demo-admin", "demo-advocate", "demo-coordinator", "demo-viewer")
EVERY_DIALOG: dict[str, Make] = {
    **{name: make for name, (make, _main) in DIALOGS.items()},
    **{name: make for name, (make, _main) in OTHERS.items()},
    **TAB_ONLY,
}


def _every_page(services: Services, qtbot: QtBot, user: str) -> MainWindow:
    services.accounts.sign_in(user, DEMO_PASSWORD)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 3_600_000
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.navigation.count()):
        if not window.navigation.item(index).isHidden():
            window.navigation.setCurrentRow(index)
            qtbot.wait(20)
    return window


def _dialog(services: Services, qtbot: QtBot, name: str) -> QDialog:
    services.accounts.sign_in("demo", DEMO_PASSWORD)
    dialog = EVERY_DIALOG[name](services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _where(widget: QWidget) -> str:
    names: list[str] = []
    step: QWidget | None = widget
    while step is not None and len(names) < 4:
        names.append(step.objectName() or type(step).__name__)
        step = step.parentWidget()
    return "/".join(reversed(names))


def _unnamed_choices(root: QWidget) -> list[str]:
    """Choice boxes a screen reader would announce only by their value: with no name,
    a name that is one of its values, or (as Linux reads them) no label pointing at it."""
    wrong = []
    for combo in root.findChildren(QComboBox):
        name = combo.accessibleName().strip()
        values = {combo.itemText(i) for i in range(combo.count())}
        accessible = QAccessible.queryAccessibleInterface(combo)
        labelled = any(
            flag & QAccessible.RelationFlag.Label for _other, flag in accessible.relations()
        )
        if not name or name in values or not labelled:
            wrong.append(f"{_where(combo)}: {name!r} showing {combo.currentText()!r}")
    return wrong


def _empty_tab_stops(root: QWidget) -> list[str]:
    """Scroll panes that take the focus without saying what they are (a table or list
    is a scroll area too, and rightly takes the focus: not counted)."""
    return [
        _where(pane)
        for pane in root.findChildren(QScrollArea)
        if not isinstance(pane, QAbstractItemView)
        and pane.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not pane.accessibleName()
    ]


def _blank_headings(root: QWidget) -> list[str]:
    blank = []
    for table in root.findChildren(QTableView):
        model = table.model()
        if model is None or table.horizontalHeader().isHidden():
            continue
        for column in range(model.columnCount(QModelIndex())):
            if table.isColumnHidden(column):
                continue
            heading = model.headerData(column, Qt.Orientation.Horizontal)
            spoken = model.headerData(
                column, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole
            )
            if not str(heading or "").strip() and not str(spoken or "").strip():
                blank.append(f"{_where(table)} column {column}")
    return blank


@pytest.mark.parametrize("user", ROLES)
def test_every_page_names_its_choices_panes_and_columns(
    demo_copy: Services, qtbot: QtBot, user: str
) -> None:
    window = _every_page(demo_copy, qtbot, user)
    assert _unnamed_choices(window) == []
    assert _empty_tab_stops(window) == []
    assert _blank_headings(window) == []
    assert window.navigation.accessibleName() == "Sections"


@pytest.mark.parametrize("name", sorted(EVERY_DIALOG))
def test_every_dialog_names_its_choices_panes_and_columns(
    demo_copy: Services, qtbot: QtBot, name: str, answered: list[str]
) -> None:
    dialog = _dialog(demo_copy, qtbot, name)
    assert _unnamed_choices(dialog) == []
    assert _empty_tab_stops(dialog) == []
    assert _blank_headings(dialog) == []


def test_the_substantial_difficulty_boxes_are_one_named_group(
    demo_copy: Services, qtbot: QtBot, answered: list[str]
) -> None:
    dialog = _dialog(demo_copy, qtbot, "new referral")
    assert isinstance(dialog, ReferralDialog)
    title = FIELD_LABELS["difficulties"]
    assert title == "Substantial difficulty"
    for box in dialog.difficulties.values():
        group = box.parentWidget()
        assert isinstance(group, QGroupBox)
        assert group.accessibleName() == title
        # As assistive technology sees it: the box sits inside a named grouping.
        parent = QAccessible.queryAccessibleInterface(box).parent()
        assert parent.role() == QAccessible.Role.Grouping
        assert parent.text(QAccessible.Text.Name) == title
        assert box.accessibleDescription().startswith(title)


def test_the_casework_log_has_a_heading_over_every_column() -> None:
    model = ActivityLogModel()
    headings = [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]
    assert all(headings), headings
    assert headings[-1] == "Edited"
