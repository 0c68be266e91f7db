"""The return on screen: its figures by section as tables, and what a chosen figure means.

A list of sections on the left, the chosen section's table in the middle, and on the
right what the figure clicked counts, as the return defines it, with the records
behind it where the return itself names them (the referrals declined or withdrawn).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.return_rows import FigureRow
from advocacy_desk.records.returns import RecordRef, ReturnReport
from ui.returns.labels import (
    BLOCK,
    EXTRA_DEFINITIONS,
    REASONS,
    TREND,
    category_label,
    measure_label,
    measure_tooltip,
    quarter_title,
    section_title,
    value_text,
    value_tooltip,
)
from ui.widgets import theme
from ui.widgets.views import read_only_table

FIGURE_COLUMNS = ("Figure", "Value", "Base")
REASON_COLUMNS = ("Referral", "Decision", "Reason")
TREND_COLUMNS = ("Quarter", "Referrals received", "Hours delivered")
NOT_LISTED = (
    "The individual records behind this figure cannot be listed here yet: the return "
    "keeps only the counts."
)
CHOOSE_FIGURE = "Choose a figure to see what it counts and the records behind it."
#: The records behind a figure listed at most; the rest are counted.
MAX_RECORDS_SHOWN = 500


@dataclass(frozen=True)
class Line:
    """One row of a section's table, and what to say about it when it is chosen."""

    cells: tuple[str, ...]
    heading: bool = False
    title: str = ""
    value: str = ""
    definition: str = ""
    notes: tuple[str, ...] = ()
    #: The records the return names behind the row; ``None`` where it names none.
    records: tuple[str, ...] | None = None
    #: Say that the records behind the row cannot be listed (not for a heading, say).
    unlisted_note: bool = True
    tips: tuple[str, ...] = ()
    #: ``(section, measure, category)`` of the figure, to list the records behind it.
    figure: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]


def local_time(value: datetime) -> str:
    """A stored time (UTC; naive from SQLite) as the local clock showed it."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return f"{aware.astimezone():%d/%m/%Y %H:%M}"


def _number(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _share(part: Decimal, whole: Decimal) -> str:
    return f"{part / whole * 100:.1f}%" if whole else ""


def figure_sections(report: ReturnReport, suppressed: bool) -> list[Section]:
    """The return's figures as the preview's sections, in the order the return has them."""
    definitions = {(s, m): d for s, m, d in report.definitions}
    printed = report.printed(suppressed)
    order: list[str] = []
    by_measure: dict[tuple[str, str], list[FigureRow]] = {}
    for row in printed:
        if row.section not in order:
            order.append(row.section)
        by_measure.setdefault((row.section, row.measure), []).append(row)
    sections: list[Section] = []
    for section in order:
        lines: list[Line] = []
        for (in_section, measure), rows in by_measure.items():
            if in_section != section:
                continue
            lines.extend(_measure_lines(report, section, measure, rows, definitions, suppressed))
        sections.append(Section(section, section_title(section), FIGURE_COLUMNS, tuple(lines)))
    return sections


def _measure_lines(
    report: ReturnReport,
    section: str,
    measure: str,
    rows: Sequence[FigureRow],
    definitions: dict[tuple[str, str], str],
    suppressed: bool,
) -> list[Line]:
    label = measure_label(section, measure)
    definition = definitions.get((section, measure), "")
    tip = measure_tooltip(section, measure)
    if len(rows) == 1 and rows[0].category == "total":
        row = rows[0]
        return [
            Line(
                (label, value_text(row), row.base_text),
                title=label,
                value=value_text(row),
                definition=definition,
                records=_records(report, section, measure),
                notes=_figure_notes(row),
                tips=(tip or label, value_tooltip(row), _base_tip(row)),
                figure=row.key,
            )
        ]
    parts = [r for r in rows if r.category != "total"]
    hidden = any(r.shown is not None for r in parts)
    whole = sum((_number(r.value) or Decimal(0) for r in parts), Decimal(0))
    heading_notes: tuple[str, ...] = ()
    if not hidden:
        heading_notes = (f"The categories add up to {_plain(whole)}.",)
    lines = [
        Line(
            (label,),
            heading=True,
            title=label,
            definition=definition,
            notes=heading_notes,
            unlisted_note=False,
            tips=(tip or label,),
        )
    ]
    for row in rows:
        name = category_label(section, measure, row.category)
        notes = list(_figure_notes(row))
        value = _number(row.value)
        if row.category != "total" and not hidden and value is not None and whole:
            notes.insert(0, f"{_share(value, whole)} of the {_plain(whole)} in this breakdown.")
        lines.append(
            Line(
                ("    " + name, value_text(row), row.base_text),
                title=f"{label}: {name}",
                value=value_text(row),
                definition=definition,
                notes=tuple(notes),
                tips=(name, value_tooltip(row), _base_tip(row)),
                figure=row.key,
            )
        )
    return lines


def _plain(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else f"{value:.1f}"


def _base_tip(row: FigureRow) -> str:
    if row.base is None:
        return ""
    return f"Base: the {row.base} this {'percentage' if row.kind == 'percent' else 'figure'} is of"


def _figure_notes(row: FigureRow) -> tuple[str, ...]:
    notes = []
    tip = value_tooltip(row)
    if tip:
        notes.append(tip)
    if row.base is not None:
        notes.append(f"Base: {row.base}.")
    return tuple(notes)


def _records(report: ReturnReport, section: str, measure: str) -> tuple[str, ...] | None:
    """The records the return names for a figure: the referrals declined or withdrawn."""
    if section != "referrals":
        return None
    reasons = {"declined": report.declined_reasons, "withdrawn": report.withdrawn_reasons}
    found = reasons.get(measure)
    if found is None:
        return None
    return tuple(f"{ref}: {reason or 'no reason recorded'}" for ref, reason in found)


def extra_sections(report: ReturnReport) -> list[Section]:
    """The reasons for declining and withdrawing, the contract's block, and the trend."""
    sections: list[Section] = []
    reasons = [
        Line(
            (ref, decision, reason or "no reason recorded"),
            title=f"{ref}: {decision.lower()}",
            definition=EXTRA_DEFINITIONS[REASONS],
            notes=(f"Reason: {reason or 'no reason recorded'}.",),
            unlisted_note=False,
            tips=(ref, decision, reason),
        )
        for decision, found in (
            ("Declined", report.declined_reasons),
            ("Withdrawn", report.withdrawn_reasons),
        )
        for ref, reason in found
    ]
    if not reasons:
        reasons = [
            Line(("None declined or withdrawn in the quarter.",), heading=True, unlisted_note=False)
        ]
    sections.append(Section(REASONS, section_title(REASONS), REASON_COLUMNS, tuple(reasons)))
    block: list[Line] = []
    if report.hours_above_block is not None:
        label = "Hours above the block, contract year to date"
        block.append(
            Line(
                (label, f"{report.hours_above_block:.1f}", ""),
                title=label,
                value=f"{report.hours_above_block:.1f}",
                definition=EXTRA_DEFINITIONS["hours_above_block"],
            )
        )
    if report.cases_above_block is not None:
        label = "Cases above the block, contract year to date"
        block.append(
            Line(
                (label, str(report.cases_above_block), ""),
                title=label,
                value=str(report.cases_above_block),
                definition=EXTRA_DEFINITIONS["cases_above_block"],
            )
        )
    if block:
        sections.append(Section(BLOCK, section_title(BLOCK), FIGURE_COLUMNS, tuple(block)))
    trend = [
        Line(
            (point.quarter, f"{point.received:,}", f"{point.hours:.1f}"),
            title=f"{point.quarter}: referrals received and hours delivered",
            notes=(
                f"{plural(point.received, 'referral')} received; {point.hours:.1f} hours "
                "delivered.",
            ),
            definition=EXTRA_DEFINITIONS["trend"],
        )
        for point in report.trend
    ]
    sections.append(Section(TREND, section_title(TREND), TREND_COLUMNS, tuple(trend)))
    return sections


def _table(section: Section) -> QTableWidget:
    table = QTableWidget(len(section.lines), len(section.columns))
    table.setObjectName(f"returnTable_{section.key}")
    table.setAccessibleName(f"{section.title} figures")
    table.setHorizontalHeaderLabels(list(section.columns))
    read_only_table(table)
    table.setShowGrid(False)
    header = table.horizontalHeader()
    figures = section.columns == FIGURE_COLUMNS
    stretch = 0 if figures or section.columns == TREND_COLUMNS else len(section.columns) - 1
    for column in range(len(section.columns)):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    bold = QFont(table.font())
    bold.setBold(True)
    for number, line in enumerate(section.lines):
        for column, text in enumerate(line.cells):
            item = QTableWidgetItem(text.replace("\n", " "))
            item.setData(Qt.ItemDataRole.UserRole, line)
            tip = line.tips[column] if column < len(line.tips) else ""
            if tip:
                item.setToolTip(tip)
            if line.heading:
                item.setFont(bold)
                theme.paint(item, None, "heading_cell")
            elif column and (figures or section.columns == TREND_COLUMNS):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(number, column, item)
        if line.heading:
            table.setSpan(number, 0, 1, len(section.columns))
    return table


class ReturnPreview(QWidget):
    """The sections of one return; :meth:`show_report` fills it, :meth:`clear` empties it."""

    #: A record behind a figure was opened: entity ("referral", "case", "person", ...), id.
    open_record = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Lists the records behind ``(section, measure, category)``; the page sets it for
        #: the current figures and clears it for a saved return (whose data has moved on).
        self.records_for: Callable[[str, str, str], Sequence[RecordRef]] | None = None
        self.report: ReturnReport | None = None
        self.suppressed = True
        self.sections: list[Section] = []
        self.tables: dict[str, QTableWidget] = {}

        self.header = QLabel()
        self.header.setObjectName("returnHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exact_warning = QLabel(
            "Exact figures, small numbers included: for internal use only. Never send or "
            "publish them."
        )
        self.exact_warning.setObjectName("exactWarning")
        self.exact_warning.setWordWrap(True)
        theme.style(
            self.exact_warning,
            theme.notice("error"),
        )
        self.exact_warning.hide()

        self.navigator = QListWidget()
        self.navigator.setObjectName("returnSections")
        self.navigator.setAccessibleName("Sections of the return")
        self.navigator.setToolTip("The sections of the return; choose one to see its figures")
        self.navigator.setSpacing(2)
        self.navigator.currentRowChanged.connect(self._section_chosen)

        self.stack = QStackedWidget()
        self.placeholder = QLabel()
        self.placeholder.setObjectName("previewPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.style(self.placeholder, theme.HINT + " padding: 24px;")
        self.stack.addWidget(self.placeholder)

        self.detail_heading = QLabel("About this figure")
        font = self.detail_heading.font()
        font.setBold(True)
        self.detail_heading.setFont(font)
        self.detail = QLabel(CHOOSE_FIGURE)
        self.detail.setObjectName("figureDetail")
        self.detail.setAccessibleName("About this figure")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail_box = QWidget()
        detail_column = QVBoxLayout(detail_box)
        detail_column.setContentsMargins(8, 0, 4, 0)
        detail_column.addWidget(self.detail_heading)
        detail_column.addWidget(self.detail)
        self.records = QListWidget()
        self.records.setObjectName("figureRecords")
        self.records.setAccessibleName("Records behind this figure")
        self.records.setToolTip("Double-click (or Enter) to open the record")
        self.records.setMinimumHeight(160)
        self.records.hide()
        self.records.itemActivated.connect(self._record_activated)
        detail_column.addWidget(self.records)
        detail_column.addStretch(1)
        detail_scroll = QScrollArea()
        # A Tab stop on purpose, and named: the keyboard scrolls a long definition here.
        detail_scroll.setAccessibleName("About this figure")
        detail_scroll.setWidget(detail_box)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setMinimumWidth(220)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([190, 480, 300])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        layout.addLayout(top)
        layout.addWidget(self.exact_warning)
        layout.addWidget(self.splitter, 1)
        self.clear("")

    # -- what the page calls --------------------------------------------------------

    def clear(self, message: str) -> None:
        self.report = None
        self.sections = []
        self._drop_tables()
        self.navigator.clear()
        self.header.setText("")
        self.header.setHidden(True)
        self.exact_warning.hide()
        self.placeholder.setText(message)
        self.stack.setCurrentWidget(self.placeholder)
        self.detail.setText(CHOOSE_FIGURE)

    def show_report(self, report: ReturnReport, suppressed: bool, saved_note: str = "") -> None:
        """Show ``report`` with small numbers suppressed or not, keeping the section on show."""
        keep = self.current_section()
        chosen = self._chosen_title()
        self.report = report
        self.suppressed = suppressed
        self.sections = [*figure_sections(report, suppressed), *extra_sections(report)]
        self._drop_tables()
        self.navigator.blockSignals(True)
        self.navigator.clear()
        for section in self.sections:
            table = _table(section)
            table.itemSelectionChanged.connect(lambda t=table: self._figure_chosen(t))
            self.tables[section.key] = table
            self.stack.addWidget(table)
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.navigator.addItem(item)
        self.navigator.blockSignals(False)
        self.header.setText(self._header_html(report, saved_note))
        self.header.setHidden(False)
        self.exact_warning.setVisible(not suppressed)
        keys = [s.key for s in self.sections]
        self.select_section(keep if keep in keys else keys[0])
        if chosen:
            self._choose_title(chosen)

    def current_section(self) -> str:
        item = self.navigator.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, str) else ""

    def select_section(self, key: str) -> None:
        for row in range(self.navigator.count()):
            if self.navigator.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.navigator.setCurrentRow(row)
                self._section_chosen(row)
                return
        raise KeyError(key)

    def row_of(self, section: str, label: str) -> int:
        """The row of ``section``'s table whose first cell reads ``label`` (-1 if none)."""
        table = self.tables[section]
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            if item is not None and item.text().strip() == label:
                return row
        return -1

    def value(self, section: str, label: str, column: int = 1) -> str:
        """What the preview shows for the figure called ``label`` (for tests and readers)."""
        row = self.row_of(section, label)
        if row < 0:
            raise KeyError((section, label))
        item = self.tables[section].item(row, column)
        return "" if item is None else item.text()

    def choose(self, section: str, label: str) -> None:
        """Show ``section`` and select the figure called ``label``, as a click would."""
        self.select_section(section)
        row = self.row_of(section, label)
        if row < 0:
            raise KeyError((section, label))
        self.tables[section].selectRow(row)

    # -- inside -----------------------------------------------------------------------

    def _drop_tables(self) -> None:
        for table in self.tables.values():
            self.stack.removeWidget(table)
            table.deleteLater()
        self.tables = {}

    def _section_chosen(self, row: int) -> None:
        if row < 0 or row >= len(self.sections):
            return
        table = self.tables[self.sections[row].key]
        self.stack.setCurrentWidget(table)
        self._figure_chosen(table)

    def _chosen_title(self) -> str:
        table = self.stack.currentWidget()
        if not isinstance(table, QTableWidget):
            return ""
        line = self._selected_line(table)
        return line.title if line is not None else ""

    def _choose_title(self, title: str) -> None:
        table = self.stack.currentWidget()
        if not isinstance(table, QTableWidget):
            return
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            line = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if isinstance(line, Line) and line.title == title:
                table.selectRow(row)
                return

    @staticmethod
    def _selected_line(table: QTableWidget) -> Line | None:
        items = table.selectedItems()
        line = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        return line if isinstance(line, Line) else None

    def _figure_chosen(self, table: QTableWidget) -> None:
        if table is not self.stack.currentWidget():
            return
        line = self._selected_line(table)
        self.records.clear()
        self.records.hide()
        if line is None or not line.title:
            self.detail.setText(CHOOSE_FIGURE)
            return
        listed = None
        if line.figure is not None and self.records_for is not None:
            listed = self.records_for(*line.figure)
        self.detail.setText(self._detail_html(line, listed is not None))
        if listed is not None:
            self._show_records(listed)

    def _show_records(self, listed: Sequence[RecordRef]) -> None:
        shown = listed[:MAX_RECORDS_SHOWN]
        for record in shown:
            item = QListWidgetItem(f"{record.reference}  {record.description}")
            item.setData(Qt.ItemDataRole.UserRole, (record.entity, record.id))
            self.records.addItem(item)
        if len(listed) > len(shown):
            more = QListWidgetItem(f"… and {len(listed) - len(shown):,} more")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.records.addItem(more)
        if not listed:
            none = QListWidgetItem("None in this quarter.")
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.records.addItem(none)
        self.records.show()

    def _record_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(target, tuple):
            self.open_record.emit(target[0], target[1])

    @staticmethod
    def _detail_html(line: Line, listed: bool = False) -> str:
        parts = [f"<p><b>{escape(line.title)}</b></p>"]
        if line.value:
            parts.append(f"<p>Value: <b>{escape(line.value)}</b></p>")
        parts += [f"<p>{escape(note)}</p>" for note in line.notes]
        if line.definition:
            parts.append(f"<p style='color:{theme.hex_of('hint')}'>{escape(line.definition)}</p>")
        if listed:
            parts.append(
                "<p><b>Behind this figure</b> (as the data stands now; double-click to open):</p>"
            )
        elif line.records:
            items = "".join(f"<li>{escape(record)}</li>" for record in line.records)
            parts.append(f"<p><b>Behind this figure</b></p><ul>{items}</ul>")
        elif line.records is not None:
            parts.append("<p><b>Behind this figure:</b> none in this quarter.</p>")
        elif line.unlisted_note:
            parts.append(f"<p style='color:{theme.hex_of('hint')}'>{escape(NOT_LISTED)}</p>")
        return "".join(parts)

    @staticmethod
    def _header_html(report: ReturnReport, saved_note: str) -> str:
        title = escape(quarter_title(report.quarter))
        who = escape(f"{report.contract_name} · {report.commissioner} · {report.provider}")
        when = f"figures as of {local_time(report.generated_at)}"
        note = f" · {escape(saved_note)}" if saved_note else ""
        return (
            f"<span style='font-size:large'><b>{title}</b></span><br>{who}"
            f"<br><span style='color:{theme.hex_of('hint')}'>{when}{note}</span>"
        )
