"""A feature package offers its pages without importing them until they are asked for
(``ui/lazy.py``), so the main window can declare its sections before the database
layer loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_a_package_imports_its_page_only_when_the_page_is_asked_for() -> None:
    code = (
        "import sys, ui.audit; "
        "before = 'ui.audit.page' in sys.modules; "
        "page = ui.audit.AuditPage; "
        "print(before, 'ui.audit.page' in sys.modules, page.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        check=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.split() == ["False", "True", "AuditPage"]


def test_a_name_a_package_does_not_offer_is_an_attribute_error() -> None:
    import ui.data_protection

    assert ui.data_protection.RetentionPage.__name__ == "RetentionPage"
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = ui.data_protection.Nope
