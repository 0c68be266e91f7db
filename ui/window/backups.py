"""What keeps the data safe while the window is open: the check for damage as the
database opens, the network-drive warning, automatic backups (and one as the window
closes), and restoring a backup in place of the database."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from advocacy_desk.domain.errors import AdvocacyDeskError
from ui import tasks
from ui.backups import DamagedDatabaseDialog, network_banner, taken_text
from ui.sections import STATUS_MS

if TYPE_CHECKING:
    from advocacy_desk.app import Services
    from advocacy_desk.services.backups import BackupService
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class Damage:
    """What the start-up check found: the damage in SQLite's words, and the newest
    backup that passes its check (None when there is none)."""

    database: Path
    damage: str
    newest_path: Path | None
    newest_taken: datetime | None
    folder: Path | None


class WindowBackups(QObject):
    """The window's backups: its timer, and whether a backup or a check is running."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: Automatic backups: every AUTO_EVERY_MINUTES unless a test sets the window's
        #: ``auto_backup_interval_ms`` first.
        self.timer = QTimer(window)
        self.timer.timeout.connect(self.back_up_automatically)
        self._running = False
        self._health_checks = 0

    def watch(self, services: Services) -> None:
        """Start what keeps the data safe: the damage check, the network-drive warning and
        automatic backups (none of them for a server database)."""
        from advocacy_desk.services.backups import AUTO_EVERY_MINUTES

        backups = services.backups
        self.timer.stop()
        if not backups.available:
            return
        backups.back_up_if_changed()  # the first call only notes the data as opened
        self.timer.start(self.window.auto_backup_interval_ms or AUTO_EVERY_MINUTES * 60_000)
        if self.window.network_banner is None and backups.on_network_share():
            self.window.network_banner = network_banner()
            self.window._outer.insertWidget(0, self.window.network_banner)
        self._check_health(services)

    @property
    def checking_health(self) -> bool:
        """Whether the start-up check for damage is still running."""
        return self._health_checks > 0

    def _check_health(self, services: Services) -> None:
        backups = services.backups

        def job(_report: object) -> tuple[Services, Damage | None]:
            damage = backups.health()
            return services, None if damage is None else _damage_found(backups, damage)

        tasks.run(job, owner=self, on_done=self._health_checked, on_failed=self._health_failed)
        self._health_checks += 1

    def _health_checked(self, outcome: tuple[Services, Damage | None]) -> None:
        self._health_checks -= 1
        services, result = outcome
        if services is not self.window.services or not isinstance(result, Damage):
            return  # sound, or a database no longer open
        dialog = DamagedDatabaseDialog(
            result.database, result.damage, result.newest_taken, result.folder, self.window
        )
        try:
            self.window.run_modal(dialog)
            wants_restore = dialog.wants_restore
        finally:
            dialog.deleteLater()
        if wants_restore and result.newest_path is not None:
            self.restore(result.newest_path, why="damaged")

    def _health_failed(self, message: str) -> None:
        self._health_checks -= 1
        if self.window.services is not None:
            self.window.statusBar().showMessage(
                f"Could not check the database for damage: {message}. Your data is as it "
                "was; if this happens again, restart Advocacy Desk."
            )

    def back_up_automatically(self) -> None:
        """The timer's job: a backup on a pool thread if the data changed since the last
        one (never two at once). A problem shows in the status bar."""
        services = self.window.services
        if services is None or not services.backups.available or self._running:
            return
        backups = services.backups
        tasks.run(
            lambda _report: backups.back_up_if_changed("auto"),
            owner=self,
            on_done=self._auto_backed_up,
            on_failed=self.auto_backup_failed,
        )
        self._running = True

    @property
    def running(self) -> bool:
        return self._running

    def _auto_backed_up(self, result: Path | None) -> None:
        self._running = False
        if isinstance(result, Path):
            self.window.statusBar().showMessage(
                f"Backed up automatically to {result.name}.", STATUS_MS
            )
            self.window.backed_up.emit(result)

    def auto_backup_failed(self, message: str) -> None:
        self._running = False
        self.window.statusBar().showMessage(
            f"Automatic backup failed: {message}. Your records are still saved; "
            + (
                "choose Settings > Backups to back up now or pick another backups folder."
                if self._sees_settings_tab("backups")
                else "tell an administrator, who can back up now or choose another backups folder."
            )
        )

    def back_up_on_close(self) -> None:
        """A backup as the window closes, if the data changed; a failure is said, and the
        window closes anyway."""
        self.timer.stop()
        services = self.window.services
        if services is None or not services.backups.available:
            return
        tasks.finish_background_work()  # never two backups at once
        problem = ""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            services.backups.back_up_if_changed("on-close")
        except AdvocacyDeskError as exc:
            problem = str(exc)
        except Exception as exc:  # a bug: still say so, and still close
            problem = f"unexpected error: {exc!r}"
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem:
            self.window.warn(
                "Backup not made",
                f"Advocacy Desk could not back up the database as it closed: {problem}.\n\n"
                "Your records are still saved in the database; only the backup is missing. "
                + (
                    "Next time, open Settings > Backups, check the backups folder can be "
                    "written to (or choose another), and press Back up now."
                    if self._sees_settings_tab("backups")
                    else "Tell an administrator, who can check the backups folder can be "
                    "written to (or choose another) and back up now."
                ),
            )

    def _sees_settings_tab(self, key: str) -> bool:
        """Whether the person signed in has that tab of Settings: a message never sends
        anyone to a tab their role does not show them."""
        from ui.settings.tabs import shows

        return self.window.services is not None and shows(self.window.services.access, key)

    def ask_to_restore(self, path: object) -> None:
        assert isinstance(path, Path)
        self.restore(path)

    def restore(self, path: Path, why: str = "replaced") -> Path | None:
        """Close the database, put the backup at ``path`` in its place (the current file
        kept aside, its new name saying ``why``), and open it again. Says how it went;
        returns where the previous file was kept (None if not restored)."""
        services = self.window.services
        if services is None or not services.backups.available:
            return None
        from advocacy_desk.app import open_services
        from advocacy_desk.os_user import current_user
        from advocacy_desk.services.backups import restore_backup

        database = services.backups.database
        restorer = services.access.user or None
        taken = _taken(services.backups, path)
        on_backups_tab = (
            self.window._settings_page is not None
            and self.window.pages.currentWidget() is self.window._settings_page
            and self.window._settings_page.current_tab() == "backups"
        )
        aside: Path | None = None
        problem = ""
        reopened: Services | None = None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.window.statusBar().showMessage(f"Restoring {path.name}…")
            if self.window._casework_page is not None:
                # This stops its timer too: nothing may write once the file is swapped. A
                # damaged database may refuse the draft; the restore matters more.
                with suppress(Exception):
                    self.window._casework_page.save_draft()
            self.window._detach(f"Restoring {path.name}…")
            tasks.finish_background_work()
            services.close()
            try:
                # The restored trail names the signed-in administrator who restored it.
                aside = restore_backup(path, database, why=why, user=restorer)
            except AdvocacyDeskError as exc:
                problem = str(exc)
            if database.exists():  # never open an empty database in its place
                reopened = open_services(services.url, today=services.today, user=current_user())
        except AdvocacyDeskError as exc:
            problem = problem or str(exc)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if reopened is not None and reopened.access.identity is None:
            # The restored file has accounts: whoever carries on signs in to it.
            from ui.signin import sign_in

            if not sign_in(reopened, self.window, self.window.run_modal):
                reopened.close()
                self.window.close()
                return None
        if reopened is not None:
            self.window.attach(reopened)
            tasks.run(lambda _report: reopened.people.prepare_search())
            if on_backups_tab:
                self.window.settings_page.show_tab("backups")
        self._tell_restored(path, taken, database, why, aside, problem, reopened is not None)
        if reopened is not None and not problem:
            self.window.restored.emit(aside)
            return aside
        return None

    def _tell_restored(
        self,
        path: Path,
        taken: datetime | None,
        database: Path,
        why: str,
        aside: Path | None,
        problem: str,
        reopened: bool,
    ) -> None:
        when = f"taken {taken_text(taken)}" if taken is not None else path.name
        if not problem:
            kept = (
                f"The {'damaged' if why == 'damaged' else 'previous'} database is kept aside, "
                f"not deleted, as:\n{aside}"
                if aside is not None
                else "There was no database file to keep aside."
            )
            self.window.inform(
                "Backup restored",
                f"Restored the backup {when}. {kept}\n\n"
                "Anything recorded after the backup was taken is not in the restored data: "
                "check your recent work and record it again.",
            )
        elif reopened:
            self.window.warn(
                "Backup not restored",
                f"Could not restore the backup {when}: {problem}.\n\n"
                f"Nothing was changed: Advocacy Desk has opened {database} again, as it was.",
            )
        else:
            self.window.warn(
                "Backup not restored",
                f"Could not restore the backup {when}: {problem}.\n\n"
                f"Advocacy Desk could not open {database} again. Your records are not lost: "
                f"the file may have been kept aside in {database.parent}, under a name "
                f"starting {database.stem}.{why}-. Close Advocacy Desk, copy that folder "
                "somewhere safe, and ask for help before starting it again.",
            )


def _damage_found(backups: BackupService, damage: str) -> Damage:
    """The damage, with the newest good backup (looking for it may itself fail on a
    damaged database: the folder setting is in it)."""
    try:
        folder: Path | None = backups.folder()
        newest = backups.newest_good()
    except Exception:
        folder, newest = None, None
    return Damage(
        database=backups.database,
        damage=damage,
        newest_path=newest.path if newest is not None else None,
        newest_taken=newest.taken_at if newest is not None else None,
        folder=folder,
    )


def _taken(backups: BackupService, path: Path) -> datetime | None:
    """When the backup at ``path`` was taken, if it is one of the database's backups."""
    try:
        found = next((b for b in backups.backups() if b.path == path), None)
    except Exception:
        return None
    return found.taken_at if found is not None else None
