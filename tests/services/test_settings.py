"""Settings have owners: each is declared once with its type, default, range and the
permission that may change it; a change by anyone else is refused and recorded, every
change is audited with its old and new value, and a key never declared is refused."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.settings import (
    DEFAULT_PROVIDER,
    LOCK_MINUTES,
    PROVIDER_ADDRESS_LINE_ONE,
    PROVIDER_ADDRESS_LINE_TWO,
    PROVIDER_CONTACT,
    PROVIDER_EMAIL,
    PROVIDER_NAME,
    PROVIDER_POSTCODE,
    PROVIDER_TELEPHONE,
    PROVIDER_TOWN,
    PROVIDER_WEBSITE,
    RETENTION_YEARS,
    SETTINGS,
    TEMPLATES_FOLDER,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def signed_in(services: Services) -> Callable[[str], Services]:
    for username, role in (("anadmin", "administrator"), ("amanager", "manager"),
                           ("anadvocate", "advocate")):  # fmt: skip
        services.accounts.add(username, username.title(), role, PASSWORD)

    def sign_in(username: str) -> Services:
        services.accounts.sign_in(username, PASSWORD)
        return services

    return sign_in


def _setting_changes(services: Services) -> list[dict[str, object]]:
    return [json.loads(e.details) for e in services.audit.events(action="update")
            if e.entity == "setting"]  # fmt: skip


def test_every_setting_is_declared_once_with_an_owner_and_a_default() -> None:
    assert set(SETTINGS) >= {PROVIDER_NAME, TEMPLATES_FOLDER, LOCK_MINUTES, RETENTION_YEARS}
    assert SETTINGS[PROVIDER_NAME].default == DEFAULT_PROVIDER
    assert [p.value for p in SETTINGS[PROVIDER_NAME].permissions] == ["settings"]
    assert [p.value for p in SETTINGS[TEMPLATES_FOLDER].permissions] == ["settings"]


@pytest.mark.parametrize(
    ("key", "value"), [(PROVIDER_NAME, "Mine now"), (TEMPLATES_FOLDER, "/tmp"), (LOCK_MINUTES, 9)]
)
def test_a_manager_changing_an_administrators_setting_is_refused_and_nothing_changes(
    signed_in: Callable[[str], Services], key: str, value: object
) -> None:
    admin = signed_in("anadmin")
    before = admin.settings.get(key)
    manager = signed_in("amanager")
    with pytest.raises(NotPermitted) as refused:
        manager.settings.change(key, value)  # type: ignore[arg-type]
    message = str(refused.value)
    assert message == f"your role (Manager) does not allow you to change {SETTINGS[key].label}"
    assert message.count(".") <= 1  # one sentence
    assert manager.settings.get(key) == before
    assert _setting_changes(manager) == []
    [refusal] = manager.audit.events(action="refused")
    assert refusal.username == "amanager"
    assert json.loads(refusal.details)["what"] == f"change {SETTINGS[key].label}"


def test_the_letter_templates_folder_is_the_administrators_through_the_letters_too(
    signed_in: Callable[[str], Services], tmp_path: Path
) -> None:
    manager = signed_in("amanager")
    with pytest.raises(NotPermitted):
        manager.letters.set_templates_folder(tmp_path)
    admin = signed_in("anadmin")
    assert admin.letters.set_templates_folder(tmp_path) == tmp_path.resolve()
    assert _setting_changes(signed_in("amanager")) == [
        {"key": TEMPLATES_FOLDER, "value": ["", str(tmp_path.resolve())]}
    ]


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        (LOCK_MINUTES, 0, "The minutes before the window locks (lock_after_minutes) must be "
                          "a whole number from 1 to 15, not 0."),
        (LOCK_MINUTES, "ten", "The minutes before the window locks (lock_after_minutes) must "
                              "be a whole number"),
        (RETENTION_YEARS, 101, "The retention period (retention_years) must be a whole number "
                               "from 1 to 100"),
        (PROVIDER_NAME, "x" * 201, "The provider's name (provider_name) must be at most 200 "
                                   "characters"),
        (PROVIDER_NAME, "Essex\x07Advocacy", "The provider's name (provider_name) holds a "
                                             "control character (U+0007) at character 6"),
    ],
)  # fmt: skip
def test_an_out_of_range_value_is_refused_naming_the_setting(
    services: Services, key: str, value: object, said: str
) -> None:
    before = services.settings.get(key)
    with pytest.raises(ValidationError, match=re.escape(said)):
        services.settings.change(key, value)  # type: ignore[arg-type]
    assert services.settings.get(key) == before
    assert _setting_changes(services) == []


def test_every_change_leaves_an_audit_event_with_the_old_and_new_value(
    services: Services,
) -> None:
    assert services.settings.whole(LOCK_MINUTES) == 5  # the declared default
    assert services.settings.change(LOCK_MINUTES, 9)
    assert not services.settings.change(LOCK_MINUTES, "9")  # no change, no event
    assert services.settings.change(PROVIDER_NAME, "Essex Advocacy")
    assert services.settings.change(PROVIDER_NAME, "")  # back to the default
    services.data_protection.set_retention_years(8)
    assert services.settings.whole(LOCK_MINUTES) == 9
    assert services.settings.get(PROVIDER_NAME) == DEFAULT_PROVIDER
    assert _setting_changes(services) == [
        {"key": LOCK_MINUTES, "value": ["5", "9"]},
        {"key": PROVIDER_NAME, "value": [DEFAULT_PROVIDER, "Essex Advocacy"]},
        {"key": PROVIDER_NAME, "value": ["Essex Advocacy", DEFAULT_PROVIDER]},
        {"key": RETENTION_YEARS, "value": ["6", "8"]},
    ]


def test_an_unknown_key_is_refused(services: Services) -> None:
    with pytest.raises(AdvocacyDeskError, match="there is no setting called 'provider'"):
        services.settings.change("provider", "x")
    with pytest.raises(AdvocacyDeskError, match="there is no setting called 'provider'"):
        services.settings.get("provider")
    assert _setting_changes(services) == []


def test_the_demo_mark_is_changed_by_no_one_through_the_app(
    signed_in: Callable[[str], Services],
) -> None:
    admin = signed_in("anadmin")
    with pytest.raises(NotPermitted):
        admin.settings.change("demo", "yes")
    assert not admin.settings.is_demo


# -- the provider's contact details ---------------------------------------------------------

CONTACT = {
    PROVIDER_ADDRESS_LINE_ONE: " Unit 4,  Riverside House ",
    PROVIDER_ADDRESS_LINE_TWO: "Springfield Road",
    PROVIDER_TOWN: "Chelmsford",
    PROVIDER_POSTCODE: "cm2 6fb",
    PROVIDER_TELEPHONE: "01245  000123",
    PROVIDER_EMAIL: "hello@essexvoice.org.uk",
    PROVIDER_WEBSITE: "https://www.essexvoice.org.uk/contact",
}


def test_the_contact_details_are_declared_as_the_providers_name_is() -> None:
    for key in PROVIDER_CONTACT:
        declared = SETTINGS[key]
        assert declared.kind == "text"
        assert declared.default == ""
        assert declared.permissions == SETTINGS[PROVIDER_NAME].permissions


def test_the_contact_details_are_kept_tidy_and_every_change_audited(
    signed_in: Callable[[str], Services],
) -> None:
    admin = signed_in("anadmin")
    changed = admin.settings.change_many(CONTACT)
    assert changed == list(CONTACT)
    kept = {key: admin.settings.get(key) for key in PROVIDER_CONTACT}
    assert kept == {
        PROVIDER_ADDRESS_LINE_ONE: "Unit 4, Riverside House",
        PROVIDER_ADDRESS_LINE_TWO: "Springfield Road",
        PROVIDER_TOWN: "Chelmsford",
        PROVIDER_POSTCODE: "CM2 6FB",
        PROVIDER_TELEPHONE: "01245 000123",
        PROVIDER_EMAIL: "hello@essexvoice.org.uk",
        PROVIDER_WEBSITE: "https://www.essexvoice.org.uk/contact",
    }
    assert admin.settings.change_many(kept) == []  # the same again: nothing to audit
    manager = signed_in("amanager")  # who may read the audit trail
    audited = {c["key"]: c["value"] for c in _setting_changes(manager)}
    assert audited[PROVIDER_POSTCODE] == ["", "CM2 6FB"]
    assert len(_setting_changes(manager)) == len(CONTACT)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        (PROVIDER_EMAIL, "hello at essexvoice", "is not an email address"),
        (PROVIDER_EMAIL, "hello@localhost", "is not an email address"),
        (PROVIDER_WEBSITE, "javascript:alert(1)", "is not a website address"),
        (PROVIDER_WEBSITE, "essex voice dot org", "is not a website address"),
        (PROVIDER_POSTCODE, "CM99 XYZ1", "is not a UK postcode"),
        (PROVIDER_TELEPHONE, "ring us", "is not a telephone number"),
        (PROVIDER_TELEPHONE, "123", "is not a telephone number"),
        (PROVIDER_ADDRESS_LINE_ONE, "x" * 101, "at most 100 characters"),
    ],
)
def test_bad_contact_details_are_refused_naming_each_and_nothing_is_kept(
    signed_in: Callable[[str], Services], key: str, value: str, says: str
) -> None:
    admin = signed_in("anadmin")
    with pytest.raises(ValidationError) as refused:
        admin.settings.change_many({**CONTACT, key: value})
    assert list(refused.value.errors) == [key]
    assert says in refused.value.errors[key]
    assert all(admin.settings.get(k) == "" for k in PROVIDER_CONTACT)  # none half saved
    assert _setting_changes(signed_in("amanager")) == []


def test_a_manager_cannot_change_the_contact_details(
    signed_in: Callable[[str], Services],
) -> None:
    manager = signed_in("amanager")
    with pytest.raises(NotPermitted):
        manager.settings.change_many({PROVIDER_TELEPHONE: "01245 000123"})
    assert manager.settings.get(PROVIDER_TELEPHONE) == ""
