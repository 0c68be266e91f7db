"""Names a package offers without importing the modules that hold them until asked.

The main window declares its sections (``ui/<package>/section.py``) before the database
layer their pages need has loaded, so a feature package must not import its pages when
it is imported. Its ``__init__`` lists what it offers, for the type checker under
``if TYPE_CHECKING:``, and for everyone else with ``__getattr__ = lazy.exports(...)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def exports(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: each name in ``where`` is read from the
    submodule ``where[name]`` the first time someone asks the package for it."""

    def read(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return read
