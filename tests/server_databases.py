"""Databases on a PostgreSQL server for the tests: one per test, made from a template."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from advocacy_desk.app import open_services

#: The environment variable naming the server's maintenance database.
VARIABLE = "ADVOCACY_DESK_TEST_POSTGRES"

NewDatabase = Callable[..., str]


class Server:
    """A PostgreSQL server the run may create and drop databases on."""

    def __init__(self, url: str) -> None:
        self.url: URL = make_url(url)
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self._numbers = itertools.count(1)
        self._prefix = f"adt{os.getpid()}_"
        self._template = f"{self._prefix}template"
        self._template_ready = False

    def location(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _ensure_template(self) -> None:
        if self._template_ready:
            return
        self._execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self._template}"')
        open_services(self.location(self._template)).close()
        self._template_ready = True

    def create(self, migrated: bool) -> str:
        """A new database, migrated to the newest schema (copied from the template) or
        empty; its URL."""
        name = f"{self._prefix}{next(self._numbers)}"
        if migrated:
            self._ensure_template()
            self._execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{self._template}" STRATEGY FILE_COPY'
            )
        else:
            self._execute(f'CREATE DATABASE "{name}"')
        return self.location(name)

    def drop(self, location: str) -> None:
        name = make_url(location).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self._template_ready:
            self._execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self.admin.dispose()


def from_environment() -> Server | None:
    url = os.environ.get(VARIABLE, "").strip()
    return Server(url) if url else None
