"""Data problems: what in the data would weaken the return, grouped by kind, each one a
record to open and put right before the return is sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.numbers import plural
from advocacy_desk.records.returns import DataProblem
from advocacy_desk.services.returns import PROBLEM_KINDS

ENTITY_WORDS = {"case": "Open the case", "person": "Open the person's record"}
#: Up to this many problems the groups open listing every one; beyond, they start closed.
EXPANDED_UP_TO = 40
ENTITY_NAMES = {"case": "Case", "person": "Person"}


def problems_title(count: int) -> str:
    """The tab's title: "Data problems (36)", or "Data problems" when there are none."""
    return f"Data problems ({count:,})" if count else "Data problems"


def kind_title(kind: str, count: int) -> str:
    return f"{PROBLEM_KINDS.get(kind, kind.replace('_', ' ').capitalize())} ({count:,})"


class ProblemsPanel(QWidget):
    """The problems of the return being prepared; double-click (or Enter) opens one."""

    #: (entity, id): "case" or "person" and its id, to open the record.
    open_record = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems: list[DataProblem] = []
        self.summary = QLabel()
        self.summary.setObjectName("problemsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget()
        self.tree.setObjectName("problemsTree")
        self.tree.setAccessibleName("Data problems, by kind")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Record", "Problem"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("Person P0000000") + 60)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._open(item))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.tree)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setWhatsThis("Open the record behind the selected data problem")
            enter.activated.connect(lambda: self._open(self.tree.currentItem()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.show_message("")

    def show_message(self, message: str) -> None:
        """No problems to list: say why (being prepared, a saved return…)."""
        self.problems = []
        self.tree.clear()
        self.tree.hide()
        self.summary.setText(message)

    def show_problems(self, problems: list[DataProblem], what: str) -> None:
        """List ``problems`` of the return for ``what`` (its quarter and contract)."""
        self.problems = list(problems)
        self.tree.clear()
        if not problems:
            self.show_message(f"No data problems found for {what}.")
            return
        self.summary.setText(
            f"{plural(len(problems), 'thing')} in the data for {what} would weaken the return. "
            "Put them right before you export it: double-click one (or press Enter) to open "
            "its record."
            + ("" if len(problems) <= EXPANDED_UP_TO else " Open a kind to see its records.")
        )
        groups: dict[str, list[DataProblem]] = {}
        for problem in problems:
            groups.setdefault(problem.kind, []).append(problem)
        order = [k for k in PROBLEM_KINDS if k in groups] + [
            k for k in groups if k not in PROBLEM_KINDS
        ]
        for kind in order:
            found = groups[kind]
            top = QTreeWidgetItem([kind_title(kind, len(found))])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for problem in found:
                entity = ENTITY_NAMES.get(problem.entity, problem.entity.capitalize())
                child = QTreeWidgetItem([f"{entity} {problem.reference}", problem.message])
                child.setData(0, Qt.ItemDataRole.UserRole, problem)
                tip = f"{ENTITY_WORDS.get(problem.entity, 'Open the record')} (double-click)"
                child.setToolTip(0, tip)
                child.setToolTip(1, problem.message)
                top.addChild(child)
            # Many problems: the kinds first, each opened as the user gets to it.
            top.setExpanded(len(problems) <= EXPANDED_UP_TO)
        self.tree.show()

    def counts(self) -> dict[str, int]:
        """Problems by kind, as listed."""
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.kind] = counts.get(problem.kind, 0) + 1
        return counts

    def item_for(self, reference: str) -> QTreeWidgetItem | None:
        for top in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(top)
            if group is None:
                continue
            for index in range(group.childCount()):
                child = group.child(index)
                problem = child.data(0, Qt.ItemDataRole.UserRole) if child is not None else None
                if isinstance(problem, DataProblem) and problem.reference == reference:
                    return child
        return None

    def _open(self, item: QTreeWidgetItem | None) -> None:
        problem = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(problem, DataProblem):
            self.open_record.emit(problem.entity, problem.entity_id)
