"""A feature package offers its pages without importing them until they are asked for
(``ui/lazy.py``), so the main window can declare its sections before the database
layer loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fresh_python import loaded_by

ROOT = Path(__file__).resolve().parents[2]


def test_a_package_imports_its_page_only_when_the_page_is_asked_for() -> None:
    assert loaded_by("import ui.audit", ("ui.audit.page",)).found == []
    asked = loaded_by("import ui.audit\nassert ui.audit.AuditPage.__name__ == 'AuditPage'",
                      ("ui.audit.page",))  # fmt: skip
    assert asked.found == ["ui.audit.page"]


def test_a_name_a_package_does_not_offer_is_an_attribute_error() -> None:
    import ui.data_protection

    assert ui.data_protection.RetentionPage.__name__ == "RetentionPage"
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = ui.data_protection.Nope
