"""Colours anyone can read: every colour comes from the palette, text reaches 4.5:1
against what it is drawn on in the normal and the high-contrast look, and the "High
contrast" option in Settings turns the whole app black, white and yellow at once."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QWidget
from pytestqt.qtbot import QtBot

from advocacy_desk import display, paths
from advocacy_desk.app import Services, open_services
from advocacy_desk.demo import DEMO_PASSWORD
from tests.conftest import TODAY
from ui import app as app_module
from ui.main_window import MainWindow
from ui.tasks import finish_background_work
from ui.waiting_list.page import Figure, WaitingListPage
from ui.widgets import theme

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


@pytest.fixture(autouse=True)
def normal_look(qapp: QApplication) -> Iterator[None]:
    """Each test starts and ends in the normal look, whatever it changed."""
    app = qapp
    theme.set_high_contrast(False)
    palette = QPalette(app.palette())
    yield
    theme.set_high_contrast(False)
    app.setPalette(palette)


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    return folder


def _system_contrast_palette(window: str, text: str, link: str, highlight: str) -> QPalette:
    """A palette such as a system contrast theme gives (Windows' "Aquatic", "Desert"...)."""
    palette = QPalette(QColor(text), QColor(window))
    role = QPalette.ColorRole
    for name, value in ((role.Base, window), (role.AlternateBase, window), (role.Text, text),
                        (role.Link, link), (role.Highlight, highlight),
                        (role.HighlightedText, window)):  # fmt: skip
        palette.setColor(name, QColor(value))
    return palette


LOOKS: dict[str, Callable[[], QPalette]] = {
    "normal": lambda: _app().style().standardPalette(),
    "high contrast (the app's own)": theme.high_contrast_palette,
    "system: white on black, cyan links": lambda: _system_contrast_palette(
        "#000000", "#ffffff", "#00ffff", "#1aebff"
    ),
    "system: black on cream": lambda: _system_contrast_palette(
        "#fffaef", "#3d3d3d", "#1c5e75", "#903909"
    ),
}


@pytest.mark.parametrize("look", sorted(LOOKS))
@pytest.mark.parametrize("high_contrast", [False, True])
def test_every_colour_pair_of_the_style_sheets_reads_at_4_5_to_1(
    look: str, high_contrast: bool
) -> None:
    made = theme.from_palette(LOOKS[look](), high_contrast)
    aim = theme.HIGH_TEXT_CONTRAST if high_contrast else theme.TEXT_CONTRAST
    weak = [
        f"{fg} {made.hex(fg)} on {bg} {made.hex(bg)}: {theme.contrast(made[fg], made[bg]):.2f}"
        for fg, bg in theme.PAIRS
        if theme.contrast(made[fg], made[bg]) < aim
    ]
    assert weak == []
    edges = [
        f"{edge} on {bg}"
        for edge, bg in theme.EDGE_PAIRS
        if theme.contrast(made[edge], made[bg]) < theme.EDGE_CONTRAST
    ]
    assert edges == []


def test_the_wcag_ratio_is_computed_as_wcag_defines_it() -> None:
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    # Today's grey on the high-contrast black read at 2.8:1; the theme lifts it.
    assert theme.contrast(QColor("#555555"), QColor("#000000")) < 3
    lifted = theme.readable(QColor("#555555"), [QColor("#000000")], 4.5)
    assert theme.contrast(lifted, QColor("#000000")) >= 4.5


def test_every_colour_a_template_names_is_a_colour_of_the_theme() -> None:
    """A template that names a colour the theme does not make fails at once, in tests."""
    made = theme.current()
    templates = [
        theme.HINT, theme.ERROR, theme.SUCCESS, theme.CAUTION, theme.PANEL,
        theme.HIGH_CONTRAST_SHEET, theme.link_button("error"), theme.link_button("link"),
        *(theme.notice(kind) for kind in ("success", "warning", "error", "danger", "info",
                                          "neutral")),
    ]  # fmt: skip
    for template in templates:
        assert HEX.search(made.css(template)) is not None or "$" not in template


def test_no_file_in_ui_fixes_a_colour_of_its_own() -> None:
    """Colours live in the theme alone: no hex colour, rgb(), QColor("...") or Qt
    colour constant anywhere else under ui/, and every style sheet is set through
    ``theme.style`` (a template set directly would keep its "$hint" unfilled)."""
    found: list[str] = []
    fixed = re.compile(
        r"#[0-9a-fA-F]{6}\b|rgba?\(|QColor\(\s*[\"'\d]|GlobalColor\.|\.setStyleSheet\("
    )
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if fixed.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


# -- the app itself ----------------------------------------------------------------


@pytest.fixture
def manager(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    services = open_services(copy, today=lambda: TODAY)
    services.accounts.sign_in("demo", DEMO_PASSWORD)
    yield services
    finish_background_work()
    services.close()


def _window(services: Services, qtbot: QtBot) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.auto_backup_interval_ms = 3_600_000
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _waiting_list(window: MainWindow, qtbot: QtBot) -> WaitingListPage:
    window.show_section("waiting_list")
    page = window.pages.currentWidget()
    assert isinstance(page, WaitingListPage)
    qtbot.waitUntil(lambda: page.headline is not None, timeout=10_000)
    return page


def _sheet_colour(widget: QWidget, prop: str) -> QColor:
    """The colour ``prop`` ("color", "background") the widget's own style sheet sets."""
    found = re.search(rf"(?<![-\w]){prop}\s*:\s*(#[0-9a-fA-F]{{6}})", widget.styleSheet())
    assert found is not None, f"{widget.objectName()} sets no {prop}: {widget.styleSheet()}"
    return QColor(found.group(1))


def _drawn(label: QLabel) -> tuple[QColor, QColor]:
    """A label's text colour and the colour behind it, as Qt will paint them."""
    label.ensurePolished()
    text = label.palette().color(QPalette.ColorRole.WindowText)
    owner: QWidget | None = label
    while owner is not None:
        owner.ensurePolished()
        if isinstance(owner, QFrame) and owner.objectName() == "headlineFigure":
            return text, _sheet_colour(owner, "background")
        owner = owner.parentWidget()
    return text, _app().palette().color(QPalette.ColorRole.Window)


def _readings(page: WaitingListPage) -> dict[str, float]:
    """Contrast of every headline figure, its caption and the page's hints."""
    bar = page.headline_bar
    labels: dict[str, QLabel] = {}
    for figure in (bar.waiting, bar.median, bar.longest, bar.statutory):
        assert isinstance(figure, Figure)
        labels[f"{figure.caption.text()} figure"] = figure.value
        labels[f"{figure.caption.text()} caption"] = figure.caption
    labels["as of (hint)"] = page.as_of_label
    labels["clearing"] = bar.clearing
    return {name: theme.contrast(*_drawn(label)) for name, label in labels.items()}


def test_high_contrast_in_settings_turns_the_whole_app_black_white_and_yellow(
    manager: Services, qtbot: QtBot, own_data_folder: Path
) -> None:
    window = _window(manager, qtbot)
    page = _waiting_list(window, qtbot)
    normal = _readings(page)
    assert min(normal.values()) >= 4.5, normal

    box = window.settings_page.high_contrast
    assert box.text() == "High contrast"
    assert not box.isChecked()
    box.setChecked(True)
    palette = _app().palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor("#000000")
    assert palette.color(QPalette.ColorRole.WindowText) == QColor("#ffffff")
    assert palette.color(QPalette.ColorRole.Highlight) == QColor("#ffff00")
    high = _readings(page)
    assert min(high.values()) >= 7, high  # the high-contrast look aims at 7:1
    # The figures stand on a panel of the new window colour, not today's light grey.
    figure = page.headline_bar.waiting
    assert _sheet_colour(figure, "background") == QColor("#000000")
    # Kept for this computer's user, for the next start.
    assert display.high_contrast()
    assert (own_data_folder / display.FILE_NAME).exists()

    box.setChecked(False)
    assert _app().palette().color(QPalette.ColorRole.Window) != QColor("#000000")
    assert not display.high_contrast()
    assert _sheet_colour(figure, "background") != QColor("#000000")


def test_a_system_contrast_theme_is_followed_without_the_option(
    manager: Services, qtbot: QtBot
) -> None:
    """Today a black, white and yellow system palette leaves the headline figures at
    1.1:1 and hints at 2.8:1: the style sheets are filled in again from the new palette."""
    window = _window(manager, qtbot)
    page = _waiting_list(window, qtbot)
    _app().setPalette(
        _system_contrast_palette("#000000", "#ffffff", "#ffff00", "#ffff00")
    )  # as Windows does when a contrast theme is chosen
    qtbot.wait(50)  # Qt hands the new palette to each widget a moment later
    assert theme.system_wants_contrast()
    readings = _readings(page)
    assert min(readings.values()) >= 4.5, readings
    assert theme.current().high_contrast  # hints as strong as the text, no tints
    assert page.as_of_label.palette().color(QPalette.ColorRole.WindowText) == QColor("#ffffff")


def test_every_style_sheet_on_screen_uses_only_the_themes_colours(
    manager: Services, qtbot: QtBot
) -> None:
    window = _window(manager, qtbot)
    for high_contrast in (False, True):
        theme.set_high_contrast(high_contrast)
        made = {value.name() for value in theme.current().colours.values()}
        for index in range(window.navigation.count()):
            window.navigation.setCurrentRow(index)
            qtbot.wait(20)
        foreign = {
            f"{widget.objectName() or type(widget).__name__}: {colour}"
            for widget in window.findChildren(QWidget)
            for colour in HEX.findall(widget.styleSheet())
            if QColor(colour).name() not in made
        }
        assert foreign == set()


def test_the_choice_is_applied_at_start_before_anyone_signs_in() -> None:
    display.choose_high_contrast(True)
    app_module.prepare_look(_app())
    assert theme.chosen()
    assert _app().palette().color(QPalette.ColorRole.Window) == QColor("#000000")
    theme.set_high_contrast(False)
    display.choose_high_contrast(False)
    app_module.prepare_look(_app())
    assert not theme.chosen()


def test_a_spoilt_display_file_means_the_normal_look(own_data_folder: Path) -> None:
    (own_data_folder / display.FILE_NAME).write_text("{not json", encoding="utf-8")
    assert not display.high_contrast()
    display.choose_high_contrast(True)
    assert display.high_contrast()
