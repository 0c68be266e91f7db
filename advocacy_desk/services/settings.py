"""The provider's settings, kept with the data, each declared once in :data:`SETTINGS`.

A setting has an owner: the permission that may change it (the provider's name and the
letter templates folder are the administrator's; the retention period the manager's
who answers for data protection). Its type, default and range are declared beside it,
so a value read anywhere falls back to the same default, and a value from any door
(the window, the command line, a service) is checked by the same rule. Every change
is audited with the old and the new value; a key not declared here is refused.

Drafts of unsaved casework are not settings: :mod:`advocacy_desk.services.casework`
keeps them (they are personal data, part of subject access and removed by
anonymising).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from advocacy_desk.db.backup import FOLDER_SETTING
from advocacy_desk.db.models import Setting
from advocacy_desk.domain.contact import clean_email, clean_telephone, clean_website
from advocacy_desk.domain.data_protection import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
)
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.postcodes import normalise_postcode
from advocacy_desk.domain.text import control_character_problem
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import (
    SIGNED_IN,
    Access,
    GuardedService,
    Permission,
    public,
    requires,
)

P = Permission

PROVIDER_NAME = "provider_name"
PROVIDER_LOGO = "provider_logo"
PROVIDER_ADDRESS_LINE_ONE = "provider_address_line_one"
PROVIDER_ADDRESS_LINE_TWO = "provider_address_line_two"
PROVIDER_TOWN = "provider_town"
PROVIDER_POSTCODE = "provider_postcode"
PROVIDER_TELEPHONE = "provider_telephone"
PROVIDER_EMAIL = "provider_email"
PROVIDER_WEBSITE = "provider_website"
#: The provider's contact details, in the order letters and the Settings page give them.
PROVIDER_CONTACT = (PROVIDER_ADDRESS_LINE_ONE, PROVIDER_ADDRESS_LINE_TWO, PROVIDER_TOWN,
                    PROVIDER_POSTCODE, PROVIDER_TELEPHONE, PROVIDER_EMAIL,
                    PROVIDER_WEBSITE)  # fmt: skip
#: The provider's postal address alone (the lines a letterhead prints).
PROVIDER_ADDRESS = PROVIDER_CONTACT[:4]
TEMPLATES_FOLDER = "letter_templates_folder"
LOCK_MINUTES = "lock_after_minutes"
RETENTION_YEARS = "retention_years"
BACKUP_FOLDER = FOLDER_SETTING
MATCHING_WEIGHTS = "matching_weights"
WELCOMED = "welcomed"
DEMO = "demo"

#: What returns, reports and letters call a provider that has not given its name.
DEFAULT_PROVIDER = "Independent advocacy provider"
#: How long without input before the window locks, unless the provider sets otherwise.
DEFAULT_LOCK_MINUTES = 5
LONGEST_LOCK_MINUTES = 15


@dataclass(frozen=True)
class SettingSpec:
    """One setting: what it is called, its type ("text", "whole" number or "flag"), its
    default, its range, and who may change it (nobody, through the app, when empty)."""

    key: str
    #: How a message names it ("the provider's name").
    label: str
    kind: str
    default: str
    permissions: tuple[Permission, ...]
    low: int = 0
    high: int = 0
    #: The longest text it may hold.
    longest: int = 1000
    #: Whether it may hold line breaks (none does today).
    lines: bool = False
    #: A text setting's own rule (a postcode, an email address...): the tidy form of a
    #: value, or ValueError saying what is wrong with it. Blank is always allowed.
    tidy: Callable[[str], str] | None = None

    def check(self, value: str | int | bool) -> str:
        """``value`` as it is stored (text), or ValidationError naming the setting."""
        if self.kind == "flag":
            if not isinstance(value, bool) and value not in ("yes", ""):
                raise self._error("yes or nothing")
            return "yes" if value is True or value == "yes" else ""
        if self.kind == "whole":
            if isinstance(value, bool):
                raise self._error(f"a whole number from {self.low} to {self.high}")
            try:
                number = int(str(value).strip())
            except ValueError:
                raise self._error(f"a whole number from {self.low} to {self.high}") from None
            if not self.low <= number <= self.high:
                raise self._error(f"a whole number from {self.low} to {self.high}, not {number}")
            return str(number)
        if not isinstance(value, str):
            raise self._error("text")
        text = value.strip()
        if len(text) > self.longest:
            raise self._error(f"at most {self.longest:,} characters, not {len(text):,}")
        problem = control_character_problem(text, allow_lines=self.lines)
        if problem:
            raise ValidationError({self.key: f"{self.title} ({self.key}) {problem}."})
        if text and self.tidy is not None:
            try:
                text = self.tidy(text)
            except ValueError as exc:
                raise ValidationError({self.key: f"{self.title} ({self.key}): {exc}."}) from None
        return text

    @property
    def title(self) -> str:
        """The label as a message starts with it ("The provider's name")."""
        return self.label[:1].upper() + self.label[1:]

    def _error(self, wanted: str) -> ValidationError:
        return ValidationError({self.key: f"{self.title} ({self.key}) must be {wanted}."})


def _text(key: str, label: str, *permissions: Permission, default: str = "", longest: int = 1000,
          tidy: Callable[[str], str] | None = None) -> SettingSpec:  # fmt: skip
    return SettingSpec(key, label, "text", default, permissions, longest=longest, tidy=tidy)


def _one_line(text: str) -> str:
    """Spaces tidied; an address line is one line (the next part goes in the next)."""
    return " ".join(text.split())


def _postcode(text: str) -> str:
    return normalise_postcode(text)


#: Every setting, declared once.
SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        _text(PROVIDER_NAME, "the provider's name", P.SETTINGS, default=DEFAULT_PROVIDER,
              longest=200),
        # The provider's contact details, printed on every shipped letter so that it can
        # be answered; the administrator's, as the provider's name is.
        _text(PROVIDER_ADDRESS_LINE_ONE, "the provider's address line 1", P.SETTINGS,
              longest=100, tidy=_one_line),
        _text(PROVIDER_ADDRESS_LINE_TWO, "the provider's address line 2", P.SETTINGS,
              longest=100, tidy=_one_line),
        _text(PROVIDER_TOWN, "the provider's town", P.SETTINGS, longest=60, tidy=_one_line),
        _text(PROVIDER_POSTCODE, "the provider's postcode", P.SETTINGS, longest=10,
              tidy=_postcode),
        _text(PROVIDER_TELEPHONE, "the provider's telephone number", P.SETTINGS, longest=30,
              tidy=clean_telephone),
        _text(PROVIDER_EMAIL, "the provider's email address", P.SETTINGS, longest=254,
              tidy=clean_email),
        _text(PROVIDER_WEBSITE, "the provider's website", P.SETTINGS, longest=200,
              tidy=clean_website),
        _text(TEMPLATES_FOLDER, "the letter templates folder", P.SETTINGS),
        # A picture, base64: the reports service checks it is a PNG or JPEG of sane size.
        _text(PROVIDER_LOGO, "the provider's logo", P.SETTINGS, longest=4_000_000),
        SettingSpec(LOCK_MINUTES, "the minutes before the window locks", "whole",
                    str(DEFAULT_LOCK_MINUTES), (P.SETTINGS,), 1, LONGEST_LOCK_MINUTES),
        SettingSpec(RETENTION_YEARS, "the retention period", "whole",
                    str(DEFAULT_RETENTION_YEARS), (P.DATA_PROTECTION,),
                    MIN_RETENTION_YEARS, MAX_RETENTION_YEARS),
        _text(BACKUP_FOLDER, "the backups folder", P.BACKUPS),
        # JSON: the matching service checks each weight.
        _text(MATCHING_WEIGHTS, "the matching weights", P.CITIZEN_MANAGE),
        SettingSpec(WELCOMED, "whether the welcome was answered", "flag", "", SIGNED_IN),
        # Made only by the demo generator, never changed through the app: a demo
        # database signs the command line in without a password.
        SettingSpec(DEMO, "the demo database mark", "flag", "", ()),
    )
}  # fmt: skip


def spec(key: str) -> SettingSpec:
    """The declaration of ``key``, or a refusal naming it."""
    found = SETTINGS.get(key)
    if found is None:
        raise AdvocacyDeskError(
            f"there is no setting called '{key}': the settings are {', '.join(SETTINGS)}"
        )
    return found


def read(session: Session, key: str) -> str:
    """The stored text of ``key``, or its declared default."""
    declared = spec(key)
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return declared.default if value is None or value == "" else value


def read_whole(session: Session, key: str) -> int:
    """A whole-number setting; a stored value outside its range (written by hand, or by
    an older version) reads as the default."""
    declared = spec(key)
    try:
        return int(declared.check(read(session, key)))
    except ValidationError:
        return int(declared.default)


def write(
    session: Session,
    access: Access,
    key: str,
    value: str | int | bool,
    shown: Callable[[str], str] | None = None,
) -> bool:
    """Change ``key`` to ``value`` for the signed-in user, if their role owns it: checked
    against its declaration, stored (the default, or nothing, removes it) and audited
    with the old and new value (as ``shown`` describes them, for a logo). Whether it
    changed. The caller commits."""
    declared = spec(key)
    access.require(*declared.permissions, what=f"change {declared.label}")
    text = declared.check(value)
    old = read(session, key)
    new = text or declared.default
    if old == new:
        return False
    if text and text != declared.default:
        session.merge(Setting(key=key, value=text))
    else:
        session.execute(delete(Setting).where(Setting.key == key))
    show = shown or (lambda stored: stored)
    audit_writer.record(session, access.user, "update", "setting", None,
                        {"key": key, "value": [show(old), show(new)]})  # fmt: skip
    return True


class SettingsService(GuardedService):
    @requires(*SIGNED_IN, what="read settings")
    def get(self, key: str) -> str:
        """The value of ``key`` as text (its default when not set)."""
        with self._uow(read_only=True) as uow:
            return read(uow.session, key)

    @requires(*SIGNED_IN, what="read settings")
    def whole(self, key: str) -> int:
        """The value of a whole-number setting (its default when not set or out of range)."""
        with self._uow(read_only=True) as uow:
            return read_whole(uow.session, key)

    @requires(*SIGNED_IN, what="change settings")
    def change(self, key: str, value: str | int | bool) -> bool:
        """Change one setting, if the signed-in role owns it; audited with its old and
        new value. Whether it changed."""
        with self._uow() as uow:
            changed = write(uow.session, self._access, key, value)
            uow.commit()
        return changed

    @requires(*SIGNED_IN, what="change settings")
    def change_many(self, values: Mapping[str, str | int | bool]) -> list[str]:
        """Change several settings together (the provider's contact details): every value
        is checked first and one ValidationError names each that is wrong, so nothing is
        half saved; then all are saved in one transaction, each change audited with its
        old and new value. The keys that changed."""
        for key in values:
            declared = spec(key)
            self._access.require(*declared.permissions, what=f"change {declared.label}")
        errors: dict[str, str] = {}
        for key, value in values.items():
            try:
                spec(key).check(value)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            changed = [key for key, value in values.items()
                       if write(uow.session, self._access, key, value)]  # fmt: skip
            uow.commit()
        return changed

    @staticmethod
    @public("the settings' declarations hold no data")
    def declared() -> dict[str, SettingSpec]:
        return dict(SETTINGS)

    @property
    @public("the sign-in window says how to sign in to a demo database")
    def is_demo(self) -> bool:
        with self._uow(read_only=True) as uow:
            return read(uow.session, DEMO) == "yes"
