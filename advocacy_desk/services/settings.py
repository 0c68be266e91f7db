"""Settings stored with the data.

Two kinds: the provider's settings (its name, how long records are kept, when the
window locks), which administrators change and the audit trail records; and the small
things the app remembers for whoever is signed in (a half-written note, "welcomed"),
which are not settings anyone decides and are not audited.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import Setting
from advocacy_desk.services import audit
from advocacy_desk.services.access import (
    SIGNED_IN,
    GuardedService,
    Permission,
    public,
    requires,
)

DEMO = "demo"
WELCOMED = "welcomed"


class SettingsService(GuardedService):
    @requires(*SIGNED_IN, what="read settings")
    def get(self, key: str, default: str = "") -> str:
        return self._read(key, default)

    def _read(self, key: str, default: str = "") -> str:
        with self._uow(read_only=True) as uow:
            value = uow.session.scalar(select(Setting.value).where(Setting.key == key))
            return default if value is None else value

    @requires(*SIGNED_IN, what="keep drafts")
    def set(self, key: str, value: str) -> None:
        """Remember ``value`` under ``key`` (drafts and the like, not audited); an empty
        value removes the key (``get`` then gives its default), so cleared drafts leave
        nothing behind."""
        with self._uow() as uow:
            self._write(uow.session, key, value)
            uow.commit()

    @requires(Permission.SETTINGS, what="change the provider's settings")
    def change(self, key: str, value: str) -> None:
        """Change one of the provider's settings; the old and new values are audited."""
        with self._uow() as uow:
            old = uow.session.scalar(select(Setting.value).where(Setting.key == key)) or ""
            if old != value:
                self._write(uow.session, key, value)
                audit.record(uow.session, self._user, "update", "setting", None,
                             {"key": key, "value": [old, value]})  # fmt: skip
            uow.commit()

    @staticmethod
    def _write(session: Session, key: str, value: str) -> None:
        if value:
            session.merge(Setting(key=key, value=value))
        else:
            session.execute(delete(Setting).where(Setting.key == key))

    @property
    @public("the sign-in window says how to sign in to a demo database")
    def is_demo(self) -> bool:
        return self._read(DEMO) == "yes"
