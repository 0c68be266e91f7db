"""Consent to advocacy and to sharing information: the rules, withdrawal, the banner's
status, the scanned form, who may record it, and the audit trail."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from advocacy_desk.app import Services
from advocacy_desk.db.models import Consent
from advocacy_desk.domain.consent import MAX_ATTACHMENT_BYTES, clean_file_name
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.consent import ConsentDetails
from tests.conftest import TODAY
from tests.data_protection_data import advocate, person

PDF = b"%PDF-1.4\n%fake but typed right\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PASSWORD = "a long enough secret"


@pytest.fixture
def jane(services: Services) -> int:
    return person(services)


@pytest.fixture
def gp(services: Services, jane: int) -> int:
    return services.consent.add_party(jane, "Dr Ann Patel", "gp", "Moulsham Surgery").id


def advocacy(given_on: date = TODAY, how: str = "verbal", **more: object) -> ConsentDetails:
    return ConsentDetails("advocacy", given_on, how, **more)  # type: ignore[arg-type]


def refused(services: Services, person_id: int, details: ConsentDetails) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        services.consent.record(person_id, details)
    assert consent_count(services) == 0, "nothing is saved on bad input"
    return caught.value.errors


def consent_count(services: Services) -> int:
    with services.uow(read_only=True) as uow:
        return int(uow.session.scalar(select(func.count(Consent.id))) or 0)


def events(services: Services, action: str, entity: str) -> list[dict[str, object]]:
    return [
        json.loads(e.details) for e in services.audit.events(action=action) if e.entity == entity
    ]


# -- recording -------------------------------------------------------------------------


def test_verbal_consent_to_advocacy_is_recorded_and_audited(services: Services, jane: int) -> None:
    made = services.consent.record(jane, advocacy(TODAY - timedelta(days=2)))
    assert (made.kind, made.how, made.given_on) == ("advocacy", "verbal", TODAY - timedelta(days=2))
    assert made.party_id is None
    assert made.party_label == ""
    assert made.recorded_by == "tester"
    assert made.withdrawn_on is None
    assert not made.has_attachment
    assert made.standing(TODAY)
    assert not made.standing(TODAY - timedelta(days=3))
    assert services.consent.consents(jane) == [made]
    [event] = events(services, "create", "consent")
    assert event["person_id"] == jane
    assert event["kind"] == [None, "advocacy"]
    assert event["how"] == [None, "verbal"]
    assert event["given_on"] == [None, (TODAY - timedelta(days=2)).isoformat()]


def test_sharing_consent_names_the_party(services: Services, jane: int, gp: int) -> None:
    made = services.consent.record(jane, ConsentDetails("sharing", TODAY, "written", gp))
    assert made.party_id == gp
    assert made.party_label == "Dr Ann Patel, GP (Moulsham Surgery)"
    [event] = events(services, "create", "consent")
    assert event["party_id"] == [None, gp]


def test_an_unknown_kind_or_how_is_refused(services: Services, jane: int) -> None:
    errors = refused(services, jane, ConsentDetails("marriage", TODAY, "shouted"))
    assert errors["kind"].startswith("Kind:")
    assert errors["how"].startswith("How: choose one of Verbal, Written")


def test_sharing_needs_a_party_of_this_person(services: Services, jane: int, gp: int) -> None:
    errors = refused(services, jane, ConsentDetails("sharing", TODAY, "verbal"))
    assert errors["party_id"].startswith("Shared with: choose who")
    other = person(services, "Sam", "Other")
    theirs = services.consent.add_party(other, "Their GP", "gp").id
    errors = refused(services, jane, ConsentDetails("sharing", TODAY, "verbal", theirs))
    assert "not one of the person's" in errors["party_id"]


def test_advocacy_consent_names_no_party(services: Services, jane: int, gp: int) -> None:
    errors = refused(services, jane, advocacy(party_id=gp))
    assert "consent to advocacy is not given to a party" in errors["party_id"]


@pytest.mark.parametrize(
    ("given_on", "says"),
    [
        (TODAY + timedelta(days=1), "24/11/2026 is in the future"),
        (date(1899, 12, 31), "too long ago"),
        (date(1958, 5, 4), "before the person was born (05/05/1958)"),
        (None, "write the date consent was given"),
    ],
)
def test_given_on_must_be_a_sensible_day(
    services: Services, jane: int, given_on: date | None, says: str
) -> None:
    errors = refused(services, jane, ConsentDetails("advocacy", given_on, "verbal"))
    assert says in errors["given_on"]
    assert errors["given_on"].startswith("Given on:")


def test_non_instructed_needs_a_reason(services: Services, jane: int) -> None:
    errors = refused(services, jane, advocacy(how="non_instructed", reason="   "))
    assert errors == {"reason": errors["reason"]}
    assert errors["reason"].startswith("Reason: say why the person cannot instruct")
    made = services.consent.record(
        jane, advocacy(how="non_instructed", reason="Advanced dementia; cannot say what she wants")
    )
    assert made.reason == "Advanced dementia; cannot say what she wants"
    assert services.consent.advocacy_status(jane).standing


def test_non_instructed_is_refused_for_sharing(services: Services, jane: int, gp: int) -> None:
    errors = refused(
        services, jane, ConsentDetails("sharing", TODAY, "non_instructed", gp, "cannot say")
    )
    assert "not consent to share their information" in errors["how"]


def test_a_signed_form_needs_its_scan(services: Services, jane: int) -> None:
    errors = refused(services, jane, advocacy(how="signed_form"))
    assert errors["attachment"].startswith("Attachment: attach the scanned signed form")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"PK\x03\x04 a word document", "as a PDF, PNG or JPEG file"),
        (b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, "may be at most 10 MB"),
    ],
)
def test_a_scan_must_be_a_pdf_or_image_of_at_most_10_mb(
    services: Services, jane: int, content: bytes, says: str
) -> None:
    details = advocacy(how="signed_form", attachment=("form.pdf", content))
    assert says in refused(services, jane, details)["attachment"]


def test_a_verbal_consent_has_no_scan(services: Services, jane: int) -> None:
    errors = refused(services, jane, advocacy(attachment=("form.pdf", PDF)))
    assert "only written consent or a signed form has a scan" in errors["attachment"]


@pytest.mark.parametrize("content", [PDF, PNG, JPEG])
def test_a_scanned_form_is_kept_without_its_folders(
    services: Services, jane: int, content: bytes
) -> None:
    name = r"C:\Users\dee\Scans\jane form.pdf"
    made = services.consent.record(jane, advocacy(how="signed_form", attachment=(name, content)))
    assert made.has_attachment
    assert made.attachment_name == "jane form.pdf"
    assert services.consent.attachment(made.id) == ("jane form.pdf", content)
    [look] = events(services, "view", "consent_attachment")
    assert look == {"person_id": jane, "file_name": "jane form.pdf"}
    [event] = events(services, "create", "consent")
    assert event["attachment"] == [None, "jane form.pdf"]


def test_file_names_lose_their_folders() -> None:
    assert clean_file_name("/home/dee/../scan.png", PNG) == "scan.png"
    assert clean_file_name("C:\\scan\\", PDF) == "consent form.pdf"
    assert len(clean_file_name("x" * 300 + ".jpeg", JPEG)) == 200


def test_a_consent_without_a_scan_has_no_attachment(services: Services, jane: int) -> None:
    made = services.consent.record(jane, advocacy())
    with pytest.raises(NotFound):
        services.consent.attachment(made.id)
    with pytest.raises(NotFound):
        services.consent.attachment(9999)


def test_an_unknown_person_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound):
        services.consent.record(999, advocacy())
    with pytest.raises(NotFound):
        services.consent.consents(999)


# -- withdrawing -----------------------------------------------------------------------


def test_withdrawing_dates_the_consent_and_keeps_it(services: Services, jane: int) -> None:
    given = TODAY - timedelta(days=30)
    made = services.consent.record(jane, advocacy(given))
    gone = services.consent.withdraw(made.id, TODAY - timedelta(days=1), " Asked us to stop ")
    assert gone.withdrawn_on == TODAY - timedelta(days=1)
    assert gone.withdrawn_reason == "Asked us to stop"
    assert (gone.given_on, gone.how, gone.kind) == (given, "verbal", "advocacy")
    assert services.consent.consents(jane) == [gone]
    assert consent_count(services) == 1
    assert gone.standing(TODAY - timedelta(days=2))
    assert not gone.standing(TODAY)
    [event] = events(services, "withdraw", "consent")
    assert event["withdrawn_on"] == [None, (TODAY - timedelta(days=1)).isoformat()]
    assert event["withdrawn_reason"] == ["", "Asked us to stop"]


def test_a_consent_cannot_be_withdrawn_before_it_was_given(services: Services, jane: int) -> None:
    made = services.consent.record(jane, advocacy(date(2026, 11, 10)))
    with pytest.raises(ValidationError) as caught:
        services.consent.withdraw(made.id, date(2026, 11, 9))
    assert caught.value.errors == {
        "withdrawn_on": "Withdrawn on: a consent cannot be withdrawn before it was given "
        "(10/11/2026)."
    }
    assert services.consent.consents(jane)[0].withdrawn_on is None


def test_a_withdrawal_is_not_in_the_future_nor_twice(services: Services, jane: int) -> None:
    made = services.consent.record(jane, advocacy(TODAY - timedelta(days=5)))
    with pytest.raises(ValidationError) as caught:
        services.consent.withdraw(made.id, TODAY + timedelta(days=1))
    assert "is in the future" in caught.value.errors["withdrawn_on"]
    with pytest.raises(ValidationError) as caught:
        services.consent.withdraw(made.id, None)
    assert caught.value.errors["withdrawn_on"].startswith("Withdrawn on: write the date")
    services.consent.withdraw(made.id, TODAY)  # the same day it is withdrawn: fine
    with pytest.raises(ValidationError) as caught:
        services.consent.withdraw(made.id, TODAY)
    assert "already withdrawn on 23/11/2026" in caught.value.errors["withdrawn_on"]
    with pytest.raises(NotFound):
        services.consent.withdraw(9999, TODAY)


# -- what stands -----------------------------------------------------------------------


def test_may_share_honours_the_given_and_withdrawn_dates(
    services: Services, jane: int, gp: int
) -> None:
    given, withdrawn = TODAY - timedelta(days=20), TODAY - timedelta(days=5)
    assert not services.consent.may_share(jane, gp)
    made = services.consent.record(jane, ConsentDetails("sharing", given, "verbal", gp))
    assert services.consent.may_share(jane, gp)
    assert services.consent.may_share(jane, gp, on=given)
    assert not services.consent.may_share(jane, gp, on=given - timedelta(days=1))
    services.consent.withdraw(made.id, withdrawn)
    assert services.consent.may_share(jane, gp, on=withdrawn - timedelta(days=1))
    assert not services.consent.may_share(jane, gp, on=withdrawn)
    assert not services.consent.may_share(jane, gp)
    other = services.consent.add_party(jane, "Sister", "family_member").id
    assert not services.consent.may_share(jane, other, on=withdrawn - timedelta(days=1))


def test_advocacy_status_and_its_banner(services: Services, jane: int, gp: int) -> None:
    status = services.consent.advocacy_status(jane)
    assert not status.standing
    assert status.given_on is None
    assert status.banner_text.startswith("No consent to advocacy is recorded for this person.")
    services.consent.record(jane, ConsentDetails("sharing", TODAY, "verbal", gp))
    assert not services.consent.advocacy_status(jane).standing  # sharing is not advocacy
    made = services.consent.record(jane, advocacy(date(2026, 10, 1), "written"))
    status = services.consent.advocacy_status(jane)
    assert (status.standing, status.how, status.given_on) == (True, "written", date(2026, 10, 1))
    assert status.banner_text == ""
    assert not services.consent.advocacy_status(jane, on=date(2026, 9, 30)).standing
    services.consent.withdraw(made.id, date(2026, 11, 20))
    status = services.consent.advocacy_status(jane)
    assert not status.standing
    assert status.withdrawn_on == date(2026, 11, 20)
    assert status.banner_text.startswith("Consent to advocacy was withdrawn on 20/11/2026.")
    assert services.consent.advocacy_status(jane, on=date(2026, 11, 19)).standing
    services.consent.record(jane, advocacy(TODAY, "verbal"))  # given again
    assert services.consent.advocacy_status(jane).standing


# -- who may ---------------------------------------------------------------------------


def _open_case(services: Services, person_id: int) -> str:
    referral = services.referrals.create(
        person_id, ReferralDetails(TODAY - timedelta(days=10), "self", "care_act")
    )
    return services.waiting_list.allocate(referral.id, advocate(services), on=TODAY)


def test_an_advocate_records_consent_only_for_their_own_caseload(
    services: Services, jane: int
) -> None:
    _open_case(services, jane)  # Dee's case
    services.accounts.add("dee", "Dee Okafor", "advocate", PASSWORD)
    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)
    with pytest.raises(NotPermitted):
        services.consent.record(jane, advocacy())
    with pytest.raises(NotPermitted):
        services.consent.consents(jane)
    with pytest.raises(NotPermitted):
        services.consent.advocacy_status(jane)
    assert consent_count(services) == 0
    services.accounts.sign_in("dee", PASSWORD)
    made = services.consent.record(jane, advocacy())
    assert made.recorded_by == "dee"
    services.accounts.sign_in("ann", PASSWORD)
    with pytest.raises(NotPermitted):
        services.consent.withdraw(made.id, TODAY)


def test_a_read_only_user_sees_consent_but_cannot_record_it(services: Services, jane: int) -> None:
    services.consent.record(jane, advocacy())
    services.accounts.add("reese", "Reese Reader", "read_only", PASSWORD)
    services.accounts.sign_in("reese", PASSWORD)
    assert services.consent.advocacy_status(jane).standing
    assert len(services.consent.consents(jane)) == 1
    with pytest.raises(NotPermitted):
        services.consent.record(jane, advocacy())
