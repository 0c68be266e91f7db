"""Settings stored with the data."""

from __future__ import annotations

from sqlalchemy import delete, select

from advocacy_desk.db.models import Setting
from advocacy_desk.services.uow import UnitOfWorkFactory

DEMO = "demo"
WELCOMED = "welcomed"


class SettingsService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def get(self, key: str, default: str = "") -> str:
        with self._uow() as uow:
            value = uow.session.scalar(select(Setting.value).where(Setting.key == key))
            return default if value is None else value

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``; an empty value removes the key (``get`` then
        gives its default), so cleared drafts leave nothing behind."""
        with self._uow() as uow:
            if value:
                uow.session.merge(Setting(key=key, value=value))
            else:
                uow.session.execute(delete(Setting).where(Setting.key == key))
            uow.commit()

    @property
    def is_demo(self) -> bool:
        return self.get(DEMO) == "yes"
