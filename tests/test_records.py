"""Records live in ``advocacy_desk/records``: a page, a writer or a script imports one
without loading the database layer or a service, and every record stays importable
from the service module it used to live in."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fresh_python import loaded_by

ROOT = Path(__file__).resolve().parent.parent
RECORDS = sorted(
    f"advocacy_desk.records.{path.stem}"
    for path in (ROOT / "advocacy_desk" / "records").glob("*.py")
    if path.stem != "__init__"
)
SERVICES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "advocacy_desk" / "services").rglob("*.py")
    if path.name != "__init__.py" or path.parent.name != "services"
)

#: The frozen dataclasses that stay in services, because no caller receives them: each
#: is the working of one service.
KEPT_IN_SERVICES = {
    # Who is signed in and what their role allows: built from a staff row, holding the
    # Permission enum it guards with (``access``).
    "advocacy_desk.services.access.Identity",
    # The trail walked once, between walking it and checking the witnesses.
    "advocacy_desk.services.audit.Walk",
    # The party a report is marked sent to, read before the checks of sending it.
    "advocacy_desk.services.reports._PartyInfo",
    # What the user said about sending a report, before it is checked.
    "advocacy_desk.services.reports._Sending",
    # A person's case papers as subject access reads them, before they become records.
    "advocacy_desk.services.data_protection.subject_access._CasePapers",
    # What a return covers and how a figure is computed (a function of a session).
    "advocacy_desk.services.return_figures.Scope",
    "advocacy_desk.services.return_figures.Figure",
    # A setting declared once: its validation and the permission to change it.
    "advocacy_desk.services.settings.SettingSpec",
    # A write kept in memory until the write lock is free (the unit of work's own).
    "advocacy_desk.services.uow.PendingWrite",
}


def _frozen_dataclasses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any("frozen" in ast.unparse(d) for d in node.decorator_list)
    ]


def test_every_record_module_loads_without_the_database_or_a_service() -> None:
    code = (
        "import sys\n"
        f"for name in {RECORDS!r}: __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'"
        " or m.startswith(('advocacy_desk.services', 'advocacy_desk.db'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        check=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip() == "[]"


def test_only_a_service_s_own_workings_stay_frozen_in_services() -> None:
    found: set[str] = set()
    for path in (ROOT / "advocacy_desk" / "services").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found.update(f"{module}.{cls}" for cls in _frozen_dataclasses(path))
    assert found == KEPT_IN_SERVICES


@pytest.mark.parametrize("service", SERVICES)
def test_records_stay_importable_from_their_old_service_modules(service: str) -> None:
    """Each record a service module lists in ``__all__`` is the record itself."""
    module = importlib.import_module(service)
    listed = getattr(module, "__all__", [])
    for name in listed:
        value = getattr(module, name)
        home = getattr(value, "__module__", "")
        if home.startswith("advocacy_desk.records."):
            assert dataclasses.is_dataclass(value) or callable(value) or name.isupper()
            assert getattr(importlib.import_module(home), name) is value


@pytest.mark.parametrize(
    ("service", "names"),
    [
        ("advocacy_desk.services.people", ["PersonRow", "PersonRecord", "search_text",
                                           "search_words", "format_ref", "next_ref"]),
        ("advocacy_desk.services.casework", ["CaseView", "CaseloadRow", "PersonCase"]),
        ("advocacy_desk.services.planning", ["Plan", "TOTAL", "PRO_RATA_WARNING",
                                             "project_waiting", "month_code"]),
        ("advocacy_desk.services.contracts", ["ContractDetails", "ContractRecord",
                                              "clean_contract"]),
        ("advocacy_desk.services.waiting_list", ["Headline", "Breakdown", "RankChanges"]),
        ("advocacy_desk.services.audit", ["AuditService", "Broken", "EventRow",
                                          "Verification", "events", "verify", "walk"]),
        ("advocacy_desk.services.matching", ["Pair", "Candidate", "MatchProposal", "CURRENT"]),
        ("advocacy_desk.services.diary", ["AppointmentRecord", "DueAction", "Saved"]),
        ("advocacy_desk.services.citizen", ["VolunteerRecord", "Saved", "PersonCitizen"]),
        ("advocacy_desk.services.server_copy", ["CopyResult"]),
    ],
)  # fmt: skip
def test_old_names_still_import(service: str, names: list[str]) -> None:
    module = importlib.import_module(service)
    assert [name for name in names if not hasattr(module, name)] == []


def test_a_page_s_record_loads_alone() -> None:
    """Importing the People list's row loads no SQLAlchemy, service or NumPy."""
    loaded = loaded_by(
        "import advocacy_desk.records.people", ("sqlalchemy", "numpy", "advocacy_desk.services")
    )
    assert loaded.found == []
    assert loaded.count < 150
