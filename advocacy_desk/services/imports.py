"""Bringing an existing caseload in from spreadsheets (see :mod:`advocacy_desk.importing`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from advocacy_desk.importing.report import ImportReport
from advocacy_desk.importing.run import ImportPreview, Progress, preview, run_import
from advocacy_desk.services.access import GuardedService, Permission, requires


class ImportService(GuardedService):
    @requires(Permission.IMPORT, what="import records")
    def run(
        self,
        paths: Sequence[Path],
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Check every row of ``paths``, then import them all in one transaction (or, for
        a dry run or when anything is wrong, nothing). Whether a person in the files is
        recorded already is said only to a role that may read people's records."""
        return run_import(self._uow, paths, self._today(), self._user, dry_run=dry_run,
                          progress=progress, cancelled=cancelled,
                          sees_people=self._access.sees_all_people())  # fmt: skip

    @requires(Permission.IMPORT, what="save import reports")
    def record_report_saved(self, file_name: str) -> None:
        """Write the saving of an import report (it names people's rows) to the trail."""
        self._access.record("export", "import_report", None, {"file": file_name})

    @staticmethod
    def preview(paths: Sequence[Path], rows: int = 8) -> ImportPreview:
        """Each file's kind, columns and first rows, before anything is checked."""
        return preview(paths, rows)

    @staticmethod
    def write_templates(folder: Path) -> list[Path]:
        """Blank templates: one CSV per kind and one workbook, with notes on every column."""
        from advocacy_desk.importing.templates import write_templates

        return write_templates(folder)
