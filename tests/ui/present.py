"""A settings tab a test expects the role to have (tabs are None for roles without)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def present(tab: T | None) -> T:
    assert tab is not None, "the tab is not shown to this role"
    return tab
