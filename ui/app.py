"""Start the application: open the database, welcome a first run, show the main window."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from advocacy_desk import about, display, paths
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.os_user import current_user
from ui import tasks
from ui.main_window import MainWindow
from ui.sections import import_ahead
from ui.tasks import Progress
from ui.welcome import WelcomeAnswer, WelcomeChoice, WelcomeDialog
from ui.widgets import theme

# The database layer (SQLAlchemy and the models) is imported only once the window has
# painted, so the window appears as fast as an empty one would.
if TYPE_CHECKING:
    from advocacy_desk.app import Services

#: The scale "Explore with demo data" generates: a year of an Essex-sized service.
DEMO_SCALE = "essex"


def demo_location(location: str) -> str:
    """The demo database for a given database: a sibling file, or the default demo file."""
    if "://" in location:
        return str(paths.demo_database())
    path = Path(location)
    if path == paths.default_database():
        return str(paths.demo_database())
    return str(path.with_name(f"{path.stem}-demo{path.suffix or '.sqlite'}"))


def ask_welcome(services: Services) -> WelcomeAnswer:
    dialog = WelcomeDialog(services.location)
    dialog.exec()
    return dialog.answer


def fill_demo(location: str) -> bool:
    """Generate demo data into an empty demo database, with a progress dialog and its
    Cancel button; whether it was made. Cancelled, nothing is written: the demo data is
    written in one transaction, which rolls back."""
    progress = QProgressDialog("Making demo data…", "Cancel", 0, 100)
    progress.setObjectName("demoProgress")
    progress.setWindowTitle(about.NAME)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.show()
    errors: list[str] = []
    made: list[object] = []

    def job(report: Progress) -> object:
        from advocacy_desk.app import open_services
        from advocacy_desk.demo import generate

        services = open_services(location)
        try:
            return generate(services, scale=DEMO_SCALE, progress=report)
        finally:
            services.close()

    def on_progress(message: str, fraction: float) -> None:
        if not progress.wasCanceled():
            progress.setLabelText(message)
            progress.setValue(int(fraction * 100))

    task = tasks.run(job, on_done=made.append, on_failed=errors.append, on_progress=on_progress)
    progress.canceled.connect(task.cancel)  # stops at the next batch of rows written
    tasks.wait(task)
    progress.close()
    if errors:
        raise AdvocacyDeskError(f"could not make demo data: {errors[0]}")
    return bool(made)


def open_for_start(
    location: str, ask: Callable[[Services], WelcomeAnswer] = ask_welcome
) -> Services:
    """Open the database; on a first run, ask whether to start empty, with demo data, or
    on the organisation's server (which the welcome remembers for the next starts)."""
    from advocacy_desk.app import open_services
    from advocacy_desk.services.settings import WELCOMED

    services = open_services(location, user=current_user())
    if services.access.identity is None:  # it has accounts: it is in use
        return services
    if services.settings.get(WELCOMED) == "yes" or not services.is_empty():
        return services
    answer = ask(services)
    if answer.choice is WelcomeChoice.EMPTY:
        services.settings.change(WELCOMED, "yes")
        return services
    services.close()
    if answer.choice is WelcomeChoice.SERVER:
        if answer.location is None:
            raise ValueError("the welcome chose a server without saying which")
        server = open_services(answer.location, user=current_user())
        if server.access.identity is not None and server.is_empty():
            server.settings.change(WELCOMED, "yes")  # chosen: not welcomed again there
        return server  # with accounts: sign-in follows, as for any database in use
    demo = demo_location(location)
    demo_services = open_services(demo, user=current_user())
    if demo_services.is_empty():
        demo_services.close()
        if not fill_demo(demo):  # cancelled: the empty database, welcomed again next time
            return open_services(location, user=current_user())
        demo_services = open_services(demo, user=current_user())
    return demo_services


def rescue(
    window: MainWindow, location: str, problem: str, ask: Callable[[Services], WelcomeAnswer]
) -> Services | None:
    """A database that will not open at all: offer the newest good backup beside it
    (the damaged file kept aside), and open that. None when there is none, or it is
    declined, or it fails too."""
    from advocacy_desk.services.backups import rescue_backup, restore_backup
    from ui.backups import DamagedDatabaseDialog

    found = rescue_backup(location)
    if found is None:
        return None
    database = Path(location).expanduser().resolve()
    dialog = DamagedDatabaseDialog(database, problem, found.taken_at, found.path.parent, window)
    try:
        window.run_modal(dialog)
        wanted = dialog.wants_restore
    finally:
        dialog.deleteLater()
    if not wanted:
        return None
    try:
        aside = restore_backup(found.path, database, why="damaged")
        services = open_for_start(location, ask)
    except AdvocacyDeskError:
        return None
    window.inform(
        "Backup restored",
        f"The backup taken {found.taken_at:%d/%m/%Y %H:%M} is back in place. The damaged "
        f"file is kept as {aside}.",
    )
    return services


class ServerFailed(Enum):
    """What to do when the server this computer opens cannot be opened at start."""

    TRY_AGAIN = "again"
    OWN_FILE = "own"
    QUIT = "quit"


def when_server_fails(window: MainWindow, problem: str) -> ServerFailed:
    """Ask, rather than end the app: off the organisation's network (or VPN) the server
    cannot answer, and the person may still want this computer's own file."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(about.NAME)
    box.setText(f"Advocacy Desk cannot open the server this computer uses.\n\n{problem}")
    box.setInformativeText(
        "Try again once this computer is on your organisation's network (or VPN), or "
        "work in this computer's own file for now: the server stays chosen for the next "
        "start (an administrator changes that in Settings > Database)."
    )
    again = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    own = box.addButton("Open this computer's own file", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(again)
    box.exec()
    clicked = box.clickedButton()
    if clicked is again:
        return ServerFailed.TRY_AGAIN
    if clicked is own:
        return ServerFailed.OWN_FILE
    return ServerFailed.QUIT


def open_at_start(
    window: MainWindow, location: str, ask: Callable[[Services], WelcomeAnswer]
) -> Services | None:
    """The services on ``location`` for the window, or None once the app was told to
    end: a damaged file is rescued from its backup where one is good, and a server this
    computer was set to open that does not answer offers another go or the own file."""
    where = location
    while True:
        try:
            return open_for_start(where, ask)
        except AdvocacyDeskError as exc:
            if "://" in where and where == paths.remembered_location():
                answer = when_server_fails(window, str(exc))
                if answer is ServerFailed.TRY_AGAIN:
                    continue
                if answer is ServerFailed.OWN_FILE:
                    where = str(paths.default_database())
                    continue
                print(f"advocacy-desk: error: {exc}", file=sys.stderr)
                QApplication.exit(1)
                return None
            rescued = rescue(window, where, str(exc), ask)
            if rescued is None:
                print(f"advocacy-desk: error: {exc}", file=sys.stderr)
                QMessageBox.critical(window, about.NAME, f"Advocacy Desk cannot start.\n\n{exc}")
                QApplication.exit(1)
            return rescued


def launch(
    location: str,
    ask: Callable[[Services], WelcomeAnswer] = ask_welcome,
    signing_in: Callable[[Services, MainWindow], bool] | None = None,
) -> MainWindow:
    """Show the main window at once, then open the database into it once it has painted,
    and ask who is using it (the first administrator, on a database with no accounts).

    If the database cannot be opened, say why and end the application with status 1;
    if the person quits at sign-in, end it with status 0.
    """
    # No cyclic garbage collection while the window opens: start-up makes hundreds of
    # thousands of objects that live as long as the app (modules, classes, widgets),
    # and collecting every 700 of them cost a fifth of a second before the People list
    # showed. Back on, with one collection, once the sections are built.
    gc.disable()
    window = MainWindow(location=location)

    def ask_who(services: Services, shown: MainWindow) -> bool:
        from ui.signin import sign_in  # after the first paint, with the database layer

        return sign_in(services, shown, shown.run_modal)

    sign_in = signing_in or ask_who

    def open_database() -> None:
        try:
            services = open_at_start(window, location, ask)
            if services is None:
                return
            importing = import_ahead(window.sections)  # the pages, while someone signs in
            signed_in = sign_in(services, window)
            importing.join()
            if not signed_in:
                services.close()
                QApplication.exit(0)
                return
            window.attach(services)
        finally:
            gc.enable()
        # Read everyone's search text now, off the GUI thread, so that the first
        # keystroke in the People search is as quick as the rest.
        tasks.run(lambda _report: services.people.prepare_search())
        QTimer.singleShot(0, gc.collect)  # what start-up left, after the rows show

    window.after_first_paint(open_database)
    window.show()
    return window


def run(db: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(about.NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    prepare_look(app)
    window = launch(paths.start_location(db))
    try:
        return app.exec()
    finally:
        tasks.finish_background_work()
        if window.services is not None:
            window.services.close()


def prepare_look(app: QApplication) -> None:
    """Follow the system's palette from now on, and put on the high-contrast look if
    this computer's user chose it: before the first window, sign-in among them."""
    theme.watch(app)
    if display.high_contrast():
        theme.set_high_contrast(True)
