"""Every colour the app draws with, derived from the application's palette, so that it
follows whatever look the system gives it, including a high-contrast one.

No style sheet in ``ui`` holds a colour of its own: each names a colour of this theme
(``$hint``, ``$error``, ``$warning_panel``...) and :func:`style` fills it in from the
palette in use, again whenever the palette changes. A semantic colour (a hint, an error,
a figure on its panel) starts from the shade the normal look was designed with and is
darkened or lightened, keeping its hue, until its text reaches the WCAG contrast ratio
against the background it is actually drawn on: 4.5:1 in the normal look, 7:1 in the
high-contrast look. Under a black, white and yellow palette the hints turn near-white
and the panels black, rather than staying grey on a light grey that is no longer there.

What is followed:

* the system's palette, whatever it is: on Windows, Qt 6 takes its palette from the
  contrast theme in use (Settings > Accessibility > Contrast themes), on other systems
  from the desktop's colour settings; and when the system changes it while the app is
  open (``ApplicationPaletteChange``), every themed style sheet is filled in again;
* the system's wish for more contrast, where Qt can read it
  (``QStyleHints.accessibility().contrastPreference()``, Qt 6.10 and later: Windows
  contrast themes, macOS "Increase contrast"), or a palette whose text already stands
  at 15:1 or more against a black or near-black window: then hints are as strong as the
  text and panels lose their tints, as in the app's own high-contrast look;
* the app's own "High contrast" choice (Settings > Database > Display on this
  computer), kept for this computer's user (:mod:`advocacy_desk.display`): a black,
  white and yellow palette for the whole app, on the Fusion style (the native Windows
  styles do not draw every part from the palette), applied at start, before sign-in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from string import Template

from PySide6.QtCharts import QAbstractSeries, QAreaSeries, QChart, QChartView, QLineSeries
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QWidget,
)

#: The smallest contrast ratio of text against its background (WCAG 2.2, 1.4.3 AA).
TEXT_CONTRAST = 4.5
#: The high-contrast look aims higher (WCAG 1.4.6 AAA).
HIGH_TEXT_CONTRAST = 7.0
#: Borders and edges that carry meaning (WCAG 1.4.11).
EDGE_CONTRAST = 3.0

#: The widget property that holds a widget's style sheet template.
TEMPLATE_PROPERTY = "themeTemplate"
#: The property of a text view that holds the HTML it shows (see :func:`set_html`).
HTML_PROPERTY = "themeHtml"
#: The property of a chart series that names its theme colour (see :func:`series_colour`).
SERIES_PROPERTY = "themeColour"
#: The item data roles that name a table cell's theme colours (see :func:`paint`).
_FOREGROUND_ROLE = Qt.ItemDataRole.UserRole + 0x7E01
_BACKGROUND_ROLE = Qt.ItemDataRole.UserRole + 0x7E02


# --- WCAG contrast ------------------------------------------------------------------


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """The WCAG relative luminance of ``colour`` (0 black to 1 white)."""
    return (
        0.2126 * _linear(colour.red())
        + 0.7152 * _linear(colour.green())
        + 0.0722 * _linear(colour.blue())
    )


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(first: QColor, second: QColor, share: float) -> QColor:
    """``first`` with ``share`` (0 to 1) of ``second`` blended in."""
    keep = 1 - share
    return QColor(
        round(first.red() * keep + second.red() * share),
        round(first.green() * keep + second.green() * share),
        round(first.blue() * keep + second.blue() * share),
    )


def readable(colour: QColor, backgrounds: Iterable[QColor], ratio: float) -> QColor:
    """``colour``, darkened or lightened (towards black or white, so its hue stays) just
    enough to reach ``ratio`` against every one of ``backgrounds``."""
    grounds = list(backgrounds)

    def worst(candidate: QColor) -> float:
        return min(contrast(candidate, ground) for ground in grounds)

    if worst(colour) >= ratio:
        return QColor(colour)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    target = black if worst(black) >= worst(white) else white
    best = target
    for step in range(1, 51):
        candidate = mix(colour, target, step / 50)
        if worst(candidate) >= ratio:
            best = candidate
            break
    return best


# --- The theme -------------------------------------------------------------------------

#: The shades the normal look was designed with: each semantic colour starts here.
_SEEDS = {
    "error": "#b00020",
    "warning": "#7a4100",
    "success": "#1b5e20",
    "info": "#1a3550",
    "danger": "#7a0014",
}
#: The edge of each kind of panel (the coloured bar on the left of a notice).
_EDGES = {
    "error": "#b00020",
    "warning": "#e69500",
    "success": "#2e7d32",
    "info": "#3d6fa3",
    "danger": "#b00020",
    "neutral": "#9e9e9e",
}
#: How much of its hue a panel's background takes (the rest is the window's colour).
_TINT = 0.09

#: Every pair of colours the theme's style sheets draw text with: (text, background).
#: tests/ui/test_contrast.py checks each one in the normal and the high-contrast look.
PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"),
    ("base_text", "base"),
    ("base_text", "alternate_base"),
    ("hint", "window"),
    ("table_hint", "base"),
    ("table_hint", "alternate_base"),
    ("table_error", "base"),
    ("table_error", "alternate_base"),
    ("table_warning", "base"),
    ("table_warning", "alternate_base"),
    ("error", "window"),
    ("warning", "window"),
    ("success", "window"),
    ("link", "window"),
    ("error", "link_focus"),
    ("link", "link_focus"),
    ("panel_text", "panel"),
    ("text", "progress_chunk"),
    ("panel_hint", "panel"),
    *((f"{kind}_ink", f"{kind}_panel") for kind in _EDGES),
    ("warning_ink", "warning_cell"),
    ("error_ink", "error_cell"),
    ("base_text", "info_cell"),
    ("base_text", "today_cell"),
    ("base_text", "heading_cell"),
    ("base_text", "warning_cell"),
)
#: Edges that tell one kind of notice from another: (edge, background), at 3:1.
EDGE_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (f"{kind}_edge", f"{kind}_panel") for kind in _EDGES
)


@dataclass(frozen=True)
class Theme:
    """The colours in use, by name, and whether this is the high-contrast look."""

    colours: Mapping[str, QColor]
    high_contrast: bool

    def __getitem__(self, name: str) -> QColor:
        return QColor(self.colours[name])

    def hex(self, name: str) -> str:
        """``name`` as ``#rrggbb``, for HTML and style sheets."""
        return self.colours[name].name()

    def css(self, template: str) -> str:
        """``template`` with each ``$name`` replaced by that colour."""
        return Template(template).substitute({k: v.name() for k, v in self.colours.items()})


def from_palette(palette: QPalette, high_contrast: bool = False) -> Theme:
    """The theme for ``palette``: its own colours, and the semantic ones made readable
    on the backgrounds they are drawn on."""
    role = QPalette.ColorRole
    group = QPalette.ColorGroup.Active
    window = palette.color(group, role.Window)
    text = palette.color(group, role.WindowText)
    base = palette.color(group, role.Base)
    base_text = palette.color(group, role.Text)
    alternate = palette.color(group, role.AlternateBase)
    link_seed = palette.color(group, role.Link)
    ratio = HIGH_TEXT_CONTRAST if high_contrast else TEXT_CONTRAST
    on_window = [window]
    rows = [base, alternate]
    c: dict[str, QColor] = {
        "window": window,
        "text": text,
        "base": base,
        "base_text": base_text,
        "alternate_base": alternate,
        "highlight": palette.color(group, role.Highlight),
        "highlighted_text": palette.color(group, role.HighlightedText),
    }
    c["text"] = readable(text, on_window, ratio)
    c["base_text"] = readable(base_text, rows, ratio)
    c["highlighted_text"] = readable(c["highlighted_text"], [c["highlight"]], ratio)
    grey = text if high_contrast else mix(text, window, 0.36)
    c["hint"] = readable(grey, on_window, ratio)
    c["table_hint"] = readable(
        base_text if high_contrast else mix(base_text, base, 0.5), rows, ratio
    )
    for kind, seed in _SEEDS.items():
        c[kind] = readable(QColor(seed), on_window, ratio)
    c["table_error"] = readable(QColor(_SEEDS["error"]), rows, ratio)
    c["link"] = readable(link_seed, on_window, ratio)
    # A link button's background while it has the keyboard focus.
    c["link_focus"] = window if high_contrast else mix(window, c["link"], 0.1)
    c["error"] = readable(c["error"], [c["link_focus"]], ratio)
    c["link"] = readable(c["link"], [c["link_focus"]], ratio)
    # A panel: a headline figure, a box to type in, a row of headings.
    c["panel"] = window if high_contrast else mix(window, text, 0.035)
    c["panel_edge"] = readable(
        mix(window, text, 0.15), [c["panel"]], EDGE_CONTRAST if high_contrast else 1.0
    )
    c["panel_text"] = readable(text, [c["panel"]], ratio)
    c["panel_hint"] = readable(grey, [c["panel"]], ratio)
    # Notices: a tinted panel, its text, and the coloured edge that tells them apart.
    for kind, edge_seed in _EDGES.items():
        edge = QColor(edge_seed)
        panel = window if high_contrast else mix(window, edge, _TINT)
        ink = text if kind == "neutral" else QColor(_SEEDS[kind])
        c[f"{kind}_panel"] = panel
        c[f"{kind}_ink"] = readable(ink, [panel], ratio)
        c[f"{kind}_edge"] = readable(edge, [panel], EDGE_CONTRAST)
    # Table cells that stand out: tinted from the table's own background.
    c["warning_cell"] = base if high_contrast else mix(base, QColor(_EDGES["warning"]), 0.14)
    c["error_cell"] = base if high_contrast else mix(base, QColor(_EDGES["error"]), 0.1)
    c["info_cell"] = base if high_contrast else mix(base, QColor(_EDGES["info"]), 0.1)
    c["today_cell"] = base if high_contrast else mix(base, QColor(_EDGES["info"]), 0.2)
    c["heading_cell"] = base if high_contrast else mix(base, base_text, 0.06)
    c["warning_ink"] = readable(c["warning_ink"], [c["warning_panel"], c["warning_cell"]], ratio)
    c["error_ink"] = readable(c["error_ink"], [c["error_panel"], c["error_cell"]], ratio)
    cells = [c[name] for name in ("info_cell", "today_cell", "heading_cell", "warning_cell")]
    c["base_text"] = readable(c["base_text"], [*rows, *cells], ratio)
    c["table_warning"] = readable(QColor(_SEEDS["warning"]), rows, ratio)
    # Lines in charts (not text): against the chart's own background.
    c["chart_line"] = readable(QColor("#1f5fa8"), [base], EDGE_CONTRAST)
    c["chart_history"] = readable(mix(base_text, base, 0.2), [base], EDGE_CONTRAST)
    # A progress bar's done part, under its figure (in the text colour).
    c["progress_chunk"] = readable(c["highlight"], [c["text"]], ratio)
    c["chart_grid"] = mix(base, base_text, 0.3 if high_contrast else 0.15)
    band = QColor(c["chart_line"])
    band.setAlpha(60)
    c["chart_band"] = band
    return Theme(c, high_contrast)


# --- The high-contrast look ----------------------------------------------------------


def high_contrast_palette() -> QPalette:
    """Black, white and yellow: white text on black, the selection and links in yellow."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette(white, black)
    for g in (group.Active, group.Inactive, group.Disabled):
        palette.setColor(g, role.Window, black)
        palette.setColor(g, role.Base, black)
        palette.setColor(g, role.AlternateBase, QColor("#1c1c1c"))
        palette.setColor(g, role.Button, black)
        palette.setColor(g, role.ToolTipBase, black)
        palette.setColor(g, role.ToolTipText, white)
        palette.setColor(g, role.Highlight, yellow)
        palette.setColor(g, role.HighlightedText, black)
        palette.setColor(g, role.Link, yellow)
        palette.setColor(g, role.LinkVisited, QColor("#ffd27f"))
        palette.setColor(g, role.BrightText, yellow)
        palette.setColor(g, role.PlaceholderText, QColor("#c8c8c8"))
        palette.setColor(g, role.Light, white)
        palette.setColor(g, role.Midlight, QColor("#c8c8c8"))
        palette.setColor(g, role.Mid, QColor("#a0a0a0"))
        palette.setColor(g, role.Dark, white)
        palette.setColor(g, role.Shadow, white)
        shown = QColor("#a8a8a8") if g == group.Disabled else white
        palette.setColor(g, role.WindowText, shown)
        palette.setColor(g, role.Text, shown)
        palette.setColor(g, role.ButtonText, shown)
    return palette


#: What the Fusion style leaves unseen on black (it outlines fields, check boxes and
#: scroll bars a shade darker than the window): white outlines and handles, the focus
#: in yellow.
HIGH_CONTRAST_SHEET = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox { border: 1px solid $text; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,
QPushButton:focus, QToolButton:focus { border: 2px solid $highlight; }
QCheckBox::indicator, QGroupBox::indicator {
    width: 13px; height: 13px; border: 2px solid $text; background: $base; }
QRadioButton::indicator {
    width: 13px; height: 13px; border: 2px solid $text; border-radius: 8px; background: $base; }
QCheckBox::indicator:checked, QGroupBox::indicator:checked,
QRadioButton::indicator:checked { background: $highlight; }
QProgressBar { border: 1px solid $text; text-align: center; }
QProgressBar::chunk { background: $progress_chunk; }
QScrollBar:vertical { background: $base; width: 14px; border: 1px solid $text; }
QScrollBar:horizontal { background: $base; height: 14px; border: 1px solid $text; }
QScrollBar::handle:vertical { background: $text; min-height: 24px; margin: 2px; }
QScrollBar::handle:horizontal { background: $text; min-width: 24px; margin: 2px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


def system_wants_contrast() -> bool:
    """Whether the system asks for more contrast: Qt's contrast preference where it has
    one, else a palette whose text already stands at 15:1 on a near-black window (a
    contrast theme; Windows' "Night sky" and "Aquatic" among them)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None:
        preference = getattr(accessibility(), "contrastPreference", None)
        wanted = getattr(Qt, "ContrastPreference", None)
        if preference is not None and wanted is not None and preference() == wanted.HighContrast:
            return True
    palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return luminance(window) < 0.01 and contrast(text, window) >= 15


class _State:
    """What the app was given by the system, so the high-contrast look can be undone."""

    chosen = False
    system_palette: QPalette | None = None
    system_style: str | None = None
    theme: Theme | None = None
    #: The palette (and choice) the cached theme was made from.
    made_from: tuple[int, bool] = (0, False)
    #: The hint colour rich text on show was written with.
    hint: str | None = None
    watcher: QObject | None = None


def chosen() -> bool:
    """Whether the app's own high-contrast look is on."""
    return _State.chosen


def current() -> Theme:
    """The theme for the application's palette now."""
    palette = QGuiApplication.palette()
    made_from = (palette.cacheKey(), _State.chosen)
    if _State.theme is None or _State.made_from != made_from:
        _State.theme = from_palette(palette, _State.chosen or system_wants_contrast())
        _State.made_from = made_from
    return _State.theme


def colour(name: str) -> QColor:
    """One colour of the current theme (for table cells, chart lines)."""
    return current()[name]


def hex_of(name: str) -> str:
    """One colour of the current theme as ``#rrggbb`` (for rich text: only ``hint`` is
    recoloured there when the palette changes)."""
    found = current().hex(name)
    if name == "hint" and _State.hint is None:
        _State.hint = found
    return found


def css(template: str) -> str:
    """A style sheet from ``template``, its ``$names`` filled from the current theme."""
    return current().css(template)


def notice(kind: str, *, bold: bool = False, edge: int = 4) -> str:
    """The style of a notice of ``kind`` (success, warning, error, danger, info or
    neutral): its text on a panel tinted in its colour, with a coloured edge."""
    weight = " font-weight: bold;" if bold else ""
    return (
        f"QLabel {{ color: ${kind}_ink; background: ${kind}_panel;"
        f" border-left: {edge}px solid ${kind}_edge; padding: 6px;{weight} }}"
    )


#: Guidance beside a field or under a list: quieter than the text, still readable.
HINT = "color: $hint;"
#: Something went wrong, or needs doing first.
ERROR = "color: $error;"
#: Done; all is well.
SUCCESS = "color: $success;"
#: Take care (amber).
CAUTION = "color: $warning;"
#: A headline figure or a box to type in: a panel a shade off the window.
PANEL = "background: $panel; border: 1px solid $panel_edge; border-radius: 4px;"


def link_button(colour: str = "link", *, right: bool = False) -> str:
    """A flat push button that reads as a link, in ``colour`` (a theme name)."""
    align = " text-align: right;" if right else ""
    return (
        f"QPushButton {{ color: ${colour}; text-decoration: underline; border: none;"
        f" padding: 2px 4px;{align} }} QPushButton:focus {{ background: $link_focus; }}"
    )


def style(widget: QWidget, template: str) -> None:
    """Give ``widget`` the style sheet ``template`` (``""``: none), filled in from the
    current theme now and again whenever the palette changes."""
    widget.setProperty(TEMPLATE_PROPERTY, template)
    widget.setStyleSheet(css(template) if template else "")


def paint(item: QTableWidgetItem, foreground: str | None, background: str | None = None) -> None:
    """Colour a table cell with theme colours (by name), kept up to date by :func:`restyle`."""
    if foreground is not None:
        item.setData(_FOREGROUND_ROLE, foreground)
        item.setForeground(QBrush(colour(foreground)))
    if background is not None:
        item.setData(_BACKGROUND_ROLE, background)
        item.setBackground(QBrush(colour(background)))


def series_colour(series: QAbstractSeries, name: str) -> QColor:
    """The theme colour ``name`` for a chart series' line (or an area's fill), which
    :func:`colour_chart` keeps up to date."""
    series.setProperty(SERIES_PROPERTY, name)
    return colour(name)


def colour_chart(chart: QChart) -> None:
    """Draw ``chart`` in the theme's colours: its background, titles, axes and grid, and
    each series named by :func:`series_colour` (a chart has a light theme of its own)."""
    ink, grid = colour("base_text"), colour("chart_grid")
    chart.setBackgroundBrush(QBrush(colour("base")))
    chart.setTitleBrush(QBrush(ink))
    chart.legend().setLabelColor(ink)
    for axis in chart.axes():
        axis.setLabelsColor(ink)
        axis.setTitleBrush(QBrush(ink))
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
    for series in chart.series():
        name = series.property(SERIES_PROPERTY)
        if not isinstance(name, str):
            continue
        if isinstance(series, QAreaSeries):
            series.setBrush(QBrush(colour(name)))
        elif isinstance(series, QLineSeries):
            pen = series.pen()
            pen.setColor(colour(name))
            series.setPen(pen)


def set_html(view: QTextEdit, html: str) -> None:
    """Show ``html`` (whose hints are in ``hex_of("hint")``) in a text view; kept up to
    date by :func:`restyle`."""
    view.setProperty(HTML_PROPERTY, html)
    view.setHtml(html)


def restyle() -> None:
    """Fill in every themed style sheet again from the palette now in use; recolour
    themed table cells and the hints in rich text (labels and :func:`set_html` views),
    which hold the hint colour they were written with."""
    old_hint = _State.hint
    _State.theme = None
    new_hint = hex_of("hint")
    _State.hint = new_hint

    def rehint(html: str) -> str:
        if not old_hint or old_hint == new_hint:
            return html
        return html.replace(f"color:{old_hint}", f"color:{new_hint}").replace(
            f"solid {old_hint}", f"solid {new_hint}"
        )

    for widget in QApplication.allWidgets():
        template = widget.property(TEMPLATE_PROPERTY)
        if isinstance(template, str):
            widget.setStyleSheet(css(template) if template else "")
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            text = widget.text()
            if old_hint and old_hint in text:
                widget.setText(rehint(text))
        elif isinstance(widget, QTextEdit):
            html = widget.property(HTML_PROPERTY)
            if isinstance(html, str):
                set_html(widget, rehint(html))
        elif isinstance(widget, QTableWidget):
            _repaint_cells(widget)
        elif isinstance(widget, QChartView):
            colour_chart(widget.chart())


def _repaint_cells(table: QTableWidget) -> None:
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None:
                continue
            foreground, background = item.data(_FOREGROUND_ROLE), item.data(_BACKGROUND_ROLE)
            if isinstance(foreground, str):
                item.setForeground(QBrush(colour(foreground)))
            if isinstance(background, str):
                item.setBackground(QBrush(colour(background)))


class _Watcher(QObject):
    """Restyles the app when its palette changes (the system's contrast theme, or the
    app's own high-contrast look)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is QApplication.instance() and event.type() in (
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.PaletteChange,
        ):
            restyle()
        return False


def watch(app: QApplication) -> None:
    """Restyle themed widgets whenever ``app``'s palette changes (once per app)."""
    if _State.watcher is not None and _State.watcher.parent() is app:
        return
    watcher = _Watcher(app)
    app.installEventFilter(watcher)
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda _scheme: restyle())
    accessibility = getattr(hints, "accessibility", None)  # Qt 6.10 and later
    changed = getattr(accessibility(), "contrastPreferenceChanged", None) if accessibility else None
    if changed is not None:
        changed.connect(lambda _preference: restyle())
    _State.watcher = watcher


def set_high_contrast(on: bool) -> None:
    """Turn the app's own high-contrast look on or off, for the whole app at once."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the high-contrast look needs the application"
    watch(app)
    if on and not _State.chosen:
        _State.system_palette = QPalette(app.palette())
        _State.system_style = app.style().name()
        _State.chosen = True
        _State.theme = None
        app.setStyle("Fusion")  # native Windows styles ignore parts of the palette
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(css(HIGH_CONTRAST_SHEET))
    elif not on and _State.chosen:
        _State.chosen = False
        _State.theme = None
        app.setStyleSheet("")
        if _State.system_style and _State.system_style.lower() != "fusion":
            app.setStyle(_State.system_style)
        app.setPalette(_State.system_palette or app.style().standardPalette())
    restyle()
