"""Settings stored with the data."""

from __future__ import annotations

from sqlalchemy import select

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
        with self._uow() as uow:
            uow.session.merge(Setting(key=key, value=value))
            uow.commit()

    @property
    def is_demo(self) -> bool:
        return self.get(DEMO) == "yes"
