"""The advocate's reports: drafts, sending (each sent version kept unchanged), the due
list, who may do what, the provider's logo, and the .docx and PDF documents."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from sqlalchemy import select

from advocacy_desk.app import Services
from advocacy_desk.db.models import AuditEvent, Consent, ReportSending
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.records.reports import ReportDetails
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.casework import CaseClosed
from advocacy_desk.services.reports import MAX_LOGO_BYTES
from advocacy_desk.services.settings import PROVIDER_NAME
from tests.conftest import TODAY
from tests.data_protection_data import advocate, closed_case, person
from tests.pdf_text import made_just_now, pdf_text

PASSWORD = "a long enough secret"

WISHES = "Jane wants to stay in her own flat.\nShe said so at both visits.\n\nHer sister agrees."
DETAILS = ReportDetails(
    kind="imca_decision_maker",
    about="Whether Jane should move to a care home",
    decision_maker="Sam Jones, Essex County Council",
    due_on=TODAY + timedelta(days=5),
    wishes_feelings=WISHES,
    beliefs_values="Her faith matters to her; she goes to chapel on Sundays.",
    options="1. Stay at home with more care\n2. Extra care housing\n3. Care home",
    views_of_others="Her sister Mary supports option 1.",
    concerns="The assessment did not consider extra care housing.",
    recommendations="Consider option 2 before a care home.",
)


def open_case(services: Services, given: str = "Jane", family: str = "Partridge",
              username: str = "dee", full_name: str = "Dee Okafor") -> int:  # fmt: skip
    """An open IMCA case for a new person, held by ``username``; returns its id."""
    person_id = person(services, given, family)
    staff = {s.username: s for s in services.staff.list()}
    if username == "dee":
        advocate_id = advocate(services, "imca")
    elif username in staff:
        advocate_id = staff[username].id
    else:
        advocate_id = services.staff.add(username, full_name, advocacy_types=["imca"]).id
    referral = services.referrals.create(
        person_id, ReferralDetails(TODAY - timedelta(days=40), "self", "imca")
    )
    ref = services.waiting_list.allocate(referral.id, advocate_id, on=TODAY - timedelta(days=30))
    return next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)


def case_ref(services: Services, case_id: int) -> str:
    return services.casework.case(case_id).case_ref


def png_logo(width: int = 300, height: int = 100) -> bytes:
    """A small logo: a blue band with a white square."""
    image = Image.new("RGB", (width, height), (31, 78, 121))
    for x in range(20, 80):
        for y in range(20, 80):
            image.putpixel((x, y), (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def audit_events(services: Services, entity: str) -> list[AuditEvent]:
    with services.uow(read_only=True) as uow:
        rows = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
        ).all()
        uow.session.expunge_all()
        return list(rows)


# -- writing reports ---------------------------------------------------------------------


def test_a_report_is_created_as_a_numbered_draft_and_audited(services: Services) -> None:
    case_id = open_case(services)
    first = services.reports.create(case_id, DETAILS)
    second = services.reports.create(case_id, replace(DETAILS, kind="other", due_on=None))
    assert (first.number, second.number) == (1, 2)
    assert first.status == "draft"
    assert first.sendings == ()
    assert first.details == DETAILS
    assert first.case_ref == case_ref(services, case_id)
    assert [r.number for r in services.reports.for_case(case_id)] == [1, 2]
    assert services.reports.get(first.id) == first
    created = [e for e in audit_events(services, "advocate_report") if e.action == "create"]
    assert len(created) == 2
    assert json.loads(created[0].details)["about"] == [None, DETAILS.about]


def test_numbers_start_again_on_each_case(services: Services) -> None:
    one = open_case(services)
    other = open_case(services, "Amir", "Khan")
    services.reports.create(one, DETAILS)
    assert services.reports.create(other, DETAILS).number == 1


def test_text_is_tidied(services: Services) -> None:
    case_id = open_case(services)
    made = services.reports.create(
        case_id,
        replace(DETAILS, about="  Whether   to move \n", decision_maker=" Sam  Jones ",
                concerns="  first line  \r\nsecond line\n\n\n"),
    )  # fmt: skip
    assert made.about == "Whether to move"
    assert made.details.decision_maker == "Sam Jones"
    assert made.details.concerns == "first line\nsecond line"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"about": "   "}, "about", "About: say which decision or process the report is for."),
        ({"kind": "letter"}, "kind", "Kind: choose one of"),
        ({"about": "x" * 501}, "about", "at most 500"),
        ({"decision_maker": "x" * 201}, "decision_maker", "at most 200"),
        ({"due_on": TODAY + timedelta(days=900)}, "due_on", "check the year"),
        ({"options": "x" * 20_001}, "options", "at most 20,000 characters"),
    ],
)
def test_bad_details_are_refused_by_field(
    services: Services, change: dict[str, object], field: str, words: str
) -> None:
    case_id = open_case(services)
    with pytest.raises(ValidationError) as refused:
        services.reports.create(case_id, replace(DETAILS, **change))  # type: ignore[arg-type]
    assert words in refused.value.errors[field]
    assert services.reports.for_case(case_id) == []


def test_update_changes_a_draft_and_audits_the_change(services: Services) -> None:
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    changed = services.reports.update(made.id, replace(DETAILS, recommendations="Option 1."))
    assert changed.details.recommendations == "Option 1."
    updates = [e for e in audit_events(services, "advocate_report") if e.action == "update"]
    assert json.loads(updates[-1].details)["recommendations"] == [
        DETAILS.recommendations, "Option 1."
    ]  # fmt: skip


def test_unknown_case_and_report_are_not_found(services: Services) -> None:
    with pytest.raises(NotFound):
        services.reports.create(999, DETAILS)
    with pytest.raises(NotFound):
        services.reports.get(999)


def test_a_closed_case_takes_no_new_report(services: Services) -> None:
    person_id = person(services)
    case_id = closed_case(
        services, person_id, TODAY - timedelta(days=50), TODAY - timedelta(days=3)
    )
    with pytest.raises(CaseClosed, match="reopen it"):
        services.reports.create(case_id, DETAILS)


# -- sending ------------------------------------------------------------------------------


def test_marking_sent_keeps_the_version_sent_unchanged(services: Services) -> None:
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    sent = services.reports.mark_sent(
        made.id,
        TODAY - timedelta(days=1),
        "Sam Jones, ECC",
        no_consent_reason="Requested by the decision maker",
    )
    assert sent.status == "sent"
    assert len(sent.sendings) == 1
    version = sent.sendings[0]
    assert (version.sent_on, version.sent_to, version.sent_by) == (
        TODAY - timedelta(days=1), "Sam Jones, ECC", "tester"
    )  # fmt: skip
    assert version.content == DETAILS
    assert not sent.changed_since_sent

    # Edited after sending (allowed): the version sent stays as it went.
    edited = services.reports.update(made.id, replace(DETAILS, recommendations="Changed."))
    assert edited.status == "sent"
    assert edited.changed_since_sent
    assert edited.sendings[0].content == DETAILS
    again = services.reports.mark_sent(
        made.id, TODAY, "Sam Jones, ECC", no_consent_reason="Requested by the decision maker"
    )
    assert [s.content.recommendations for s in again.sendings] == [
        DETAILS.recommendations, "Changed."
    ]  # fmt: skip
    assert not again.changed_since_sent
    with services.uow(read_only=True) as uow:
        kept = uow.session.scalars(select(ReportSending.content).order_by(ReportSending.id))
        assert json.loads(next(iter(kept)))["recommendations"] == DETAILS.recommendations
    sends = [e for e in audit_events(services, "advocate_report") if e.action == "send"]
    assert len(sends) == 2


@pytest.mark.parametrize(
    ("sent_on", "sent_to", "field", "words"),
    [
        (TODAY, "  ", "sent_to", "Sent to: say who the report went to."),
        (TODAY + timedelta(days=1), "Sam", "sent_on", "in the future"),
        (TODAY - timedelta(days=31), "Sam", "sent_on", "the case opened on"),
        (TODAY, "x" * 301, "sent_to", "at most 300"),
    ],
)
def test_bad_sendings_are_refused_and_nothing_saved(
    services: Services, sent_on: date, sent_to: str, field: str, words: str
) -> None:
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    with pytest.raises(ValidationError) as refused:
        services.reports.mark_sent(
            made.id, sent_on, sent_to, no_consent_reason="Requested by the decision maker"
        )
    assert words in refused.value.errors[field]
    after = services.reports.get(made.id)
    assert after.status == "draft"
    assert after.sendings == ()


def _person_of(services: Services, case_id: int) -> int:
    return services.casework.case(case_id).person_id


def test_sending_to_a_party_without_sharing_consent_needs_a_reason(services: Services) -> None:
    case_id = open_case(services)
    party = services.consent.add_party(_person_of(services, case_id), "Sam Jones",
                                       "social_worker", "Essex County Council")  # fmt: skip
    made = services.reports.create(case_id, DETAILS)
    with pytest.raises(ValidationError) as refused:
        services.reports.mark_sent(made.id, TODAY, "", party_id=party.id)
    assert refused.value.errors == {
        "no_consent_reason": "There is no consent to share with Sam Jones: give the reason "
        "to send it anyway."
    }
    assert services.reports.get(made.id).status == "draft"

    reason = "The decision maker must have the report by law (MCA s36)"
    sent = services.reports.mark_sent(made.id, TODAY, "", party_id=party.id,
                                      no_consent_reason=reason)  # fmt: skip
    assert sent.sendings[0].sent_to == "Sam Jones (Essex County Council)"
    send = [e for e in audit_events(services, "advocate_report") if e.action == "send"][-1]
    details = json.loads(send.details)
    assert details["no_consent_reason"] == reason
    assert details["sharing_consent"] is False
    assert details["party_id"] == party.id


def test_sending_to_someone_not_recorded_needs_a_reason_and_to_the_person_none(
    services: Services,
) -> None:
    """No consent can stand for a recipient who is not one of the person's parties, so
    a report goes to them only with a reason; to the person themselves, it needs none."""
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    with pytest.raises(ValidationError) as refused:
        services.reports.mark_sent(made.id, TODAY, "Dr Brown, Broomfield Hospital")
    assert refused.value.errors == {
        "no_consent_reason": "Dr Brown, Broomfield Hospital is not one of the person's "
        "parties, so no consent to share with them is recorded: give the reason to send it "
        "anyway."
    }
    assert services.reports.get(made.id).status == "draft"
    services.reports.mark_sent(made.id, TODAY, "Jane Partridge", to_person=True)
    services.reports.mark_sent(made.id, TODAY, "Dr Brown", no_consent_reason="Best interests")
    sends = [json.loads(e.details) for e in audit_events(services, "advocate_report")
             if e.action == "send"]  # fmt: skip
    assert sends[0]["to_person"] is True
    assert "no_consent_reason" not in sends[0]
    assert (sends[1]["sharing_consent"], sends[1]["no_consent_reason"]) == (
        False, "Best interests",
    )  # fmt: skip


def test_in_non_instructed_advocacy_the_reason_is_the_advocates_decision(
    services: Services,
) -> None:
    person_id = person(services, "Ned", "Hall")
    advocate_id = advocate(services, "non_instructed")
    referral = services.referrals.create(
        person_id, ReferralDetails(TODAY - timedelta(days=40), "self", "non_instructed")
    )
    ref = services.waiting_list.allocate(referral.id, advocate_id, on=TODAY - timedelta(days=30))
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    party = services.consent.add_party(person_id, "Sam Jones", "social_worker")
    made = services.reports.create(case_id, replace(DETAILS, kind="other"))
    with pytest.raises(ValidationError) as refused:
        services.reports.mark_sent(made.id, TODAY, "", party_id=party.id)
    assert refused.value.errors["no_consent_reason"] == (
        "There is no consent to share with Sam Jones, and in non-instructed advocacy the "
        "person cannot give it: type the advocate's decision to share, and why, as the reason."
    )


def test_sending_to_a_party_with_standing_consent_needs_no_reason(services: Services) -> None:
    case_id = open_case(services)
    person_id = _person_of(services, case_id)
    party = services.consent.add_party(person_id, "Dr Patel", "gp")
    with services.uow() as uow:
        uow.session.add(Consent(person_id=person_id, kind="sharing", party_id=party.id,
                                given_on=TODAY - timedelta(days=10), how="verbal"))  # fmt: skip
        uow.commit()
    made = services.reports.create(case_id, DETAILS)
    sent = services.reports.mark_sent(made.id, TODAY, "Dr Patel", party_id=party.id)
    assert sent.status == "sent"
    send = [e for e in audit_events(services, "advocate_report") if e.action == "send"][-1]
    assert "no_consent_reason" not in json.loads(send.details)


def test_a_party_of_someone_else_is_refused(services: Services) -> None:
    case_id = open_case(services)
    other = open_case(services, "Amir", "Khan")
    party = services.consent.add_party(_person_of(services, other), "Dr Patel", "gp")
    made = services.reports.create(case_id, DETAILS)
    with pytest.raises(ValidationError) as refused:
        services.reports.mark_sent(made.id, TODAY, "Dr Patel", party_id=party.id)
    assert "party_id" in refused.value.errors


# -- due ----------------------------------------------------------------------------------


def test_due_lists_drafts_due_within_the_days_and_overdue(services: Services) -> None:
    case_id = open_case(services)
    late = services.reports.create(case_id, replace(DETAILS, due_on=TODAY - timedelta(days=2)))
    soon = services.reports.create(case_id, replace(DETAILS, due_on=TODAY + timedelta(days=7)))
    services.reports.create(case_id, replace(DETAILS, due_on=TODAY + timedelta(days=8)))
    services.reports.create(case_id, replace(DETAILS, due_on=None))
    sent = services.reports.create(case_id, replace(DETAILS, due_on=TODAY))
    services.reports.mark_sent(
        sent.id, TODAY, "Sam", no_consent_reason="Requested by the decision maker"
    )
    due = services.reports.due()
    assert [(d.number, d.overdue) for d in due] == [(late.number, True), (soon.number, False)]
    assert due[0].case_ref == case_ref(services, case_id)
    assert due[0].advocate_name == "Dee Okafor"
    assert len(services.reports.due(within_days=8)) == 3


# -- who may -------------------------------------------------------------------------------


def _sign_in_as_advocate(services: Services) -> tuple[int, int, str]:
    """Two cases, one Ann's and one Dee's; Ann signed in. Returns (Ann's, Dee's, the
    reference of Dee's)."""
    dees = open_case(services)
    anns = open_case(services, "Amir", "Khan", username="ann", full_name="Ann Advocate")
    services.reports.create(dees, DETAILS)
    services.reports.create(anns, replace(DETAILS, due_on=TODAY))
    ref = case_ref(services, dees)
    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)
    return anns, dees, ref


def test_an_advocate_cannot_report_on_another_advocates_case(services: Services) -> None:
    anns, dees, _ref = _sign_in_as_advocate(services)
    with pytest.raises(NotPermitted):
        services.reports.create(dees, DETAILS)
    with pytest.raises(NotPermitted):
        services.reports.for_case(dees)
    dees_report = next(iter(services.reports.due(advocate_id=None)), None)
    assert dees_report is not None
    assert dees_report.case_id == anns  # only Ann's, even when asking for everyone's
    with pytest.raises(NotPermitted):
        services.reports.due(advocate_id=anns_staff_id(services) + 100)
    assert services.reports.create(anns, DETAILS).number == 2
    assert {d.case_id for d in services.reports.due()} == {anns}


def anns_staff_id(services: Services) -> int:
    return next(s.id for s in services.staff.list() if s.username == "ann")


def test_an_advocate_cannot_mark_sent_another_advocates_report(services: Services) -> None:
    dees = open_case(services)
    report = services.reports.create(dees, DETAILS)
    services.accounts.add("ann", "Ann Advocate", "advocate", PASSWORD)
    services.accounts.sign_in("ann", PASSWORD)
    with pytest.raises(NotPermitted):
        services.reports.mark_sent(
            report.id, TODAY, "Sam", no_consent_reason="Requested by the decision maker"
        )
    with pytest.raises(NotPermitted):
        services.reports.update(report.id, DETAILS)
    refusals = audit_events(services, "permission")
    assert refusals
    assert refusals[-1].action == "refused"


def test_an_advocate_cannot_export_another_advocates_report(
    services: Services, tmp_path: Path
) -> None:
    _anns, _dees, ref = _sign_in_as_advocate(services)
    with pytest.raises(NotPermitted):
        services.reports.export_by_case_ref(ref, None, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


def test_a_read_only_user_reads_but_does_not_write(services: Services) -> None:
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    services.accounts.add("reese", "Reese Reader", "read_only", PASSWORD)
    services.accounts.sign_in("reese", PASSWORD)
    assert services.reports.get(made.id).number == 1
    with pytest.raises(NotPermitted):
        services.reports.update(made.id, DETAILS)
    with pytest.raises(NotPermitted):
        services.reports.mark_sent(
            made.id, TODAY, "Sam", no_consent_reason="Requested by the decision maker"
        )
    with pytest.raises(NotPermitted):
        services.reports.set_logo(None)


# -- the logo -------------------------------------------------------------------------------


def test_logo_is_kept_and_removed_and_audited(services: Services, tmp_path: Path) -> None:
    assert services.reports.logo() is None
    path = tmp_path / "logo.png"
    path.write_bytes(png_logo())
    services.reports.set_logo(path)
    assert services.reports.logo() == path.read_bytes()
    services.reports.set_logo(None)
    assert services.reports.logo() is None
    changes = [json.loads(e.details) for e in audit_events(services, "setting")]
    assert [c["key"] for c in changes] == ["provider_logo", "provider_logo"]
    assert changes[0]["value"][1].startswith("logo.png: PNG,")
    assert changes[1]["value"][1] == ""


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"GIF89a....", "not a PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "cannot be read"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * MAX_LOGO_BYTES, "at most 1 MB"),
    ],
)
def test_a_bad_logo_is_refused(
    services: Services, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as refused:
        services.reports.set_logo(path)
    assert words in refused.value.errors["logo"]
    assert services.reports.logo() is None


def test_a_missing_logo_file_is_refused(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        services.reports.set_logo(tmp_path / "nowhere.png")


def test_a_jpeg_logo_is_accepted(services: Services, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(buffer, "JPEG")
    path = tmp_path / "logo.jpg"
    path.write_bytes(buffer.getvalue())
    services.reports.set_logo(path)
    assert services.reports.logo() == buffer.getvalue()


# -- documents ----------------------------------------------------------------------------------


def _with_logo(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png_logo())
    services.reports.set_logo(path)
    services.settings.change(PROVIDER_NAME, "Essex Advocacy Hub")


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_word_document_holds_the_report(services: Services, tmp_path: Path) -> None:
    _with_logo(services, tmp_path)
    case_id = open_case(services)
    made = services.reports.create(case_id, replace(DETAILS, concerns=""))
    out = services.reports.export(made.id, tmp_path / "report.docx")
    doc = Document(str(out))
    text = _docx_text(out)
    for value in ("Essex Advocacy Hub", "IMCA report to the decision maker",
                  case_ref(services, case_id), "Jane Partridge", "05/05/1958", DETAILS.about,
                  DETAILS.decision_maker, "28/11/2026", "Dee Okafor",
                  "Jane wants to stay in her own flat.", "Her sister agrees.",
                  DETAILS.recommendations, "Not written yet.", "Draft: not sent yet."):  # fmt: skip
        assert value in text, value
    assert "{{" not in text
    assert "{%" not in text
    styles = [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]
    headings = [text for style, text in styles if style.startswith("Heading")]
    assert headings == [
        "The person's wishes and feelings", "Beliefs and values", "The options considered",
        "Views of others consulted", "The advocate's concerns or challenges",
        "Recommendations", "Status",
    ]  # fmt: skip
    assert ("Title", "IMCA report to the decision maker") in styles
    assert len(doc.inline_shapes) == 1  # the logo
    assert "Jane" not in (doc.core_properties.title or "")
    assert not list(tmp_path.glob(".*.partial"))
    exports = [e for e in audit_events(services, "advocate_report") if e.action == "export"]
    assert json.loads(exports[-1].details)["format"] == "docx"


def test_a_sent_report_says_when_and_to_whom(services: Services, tmp_path: Path) -> None:
    case_id = open_case(services)
    made = services.reports.create(case_id, replace(DETAILS, concerns=""))
    services.reports.mark_sent(
        made.id,
        TODAY - timedelta(days=2),
        "Sam Jones, ECC",
        no_consent_reason="Requested by the decision maker",
    )
    text = _docx_text(services.reports.export(made.id, tmp_path / "sent.docx"))
    assert "Sent on 21/11/2026 to Sam Jones, ECC." in text
    assert "Not written yet." not in text
    assert "Nothing was written in this section." in text


def test_the_pdf_renders_with_the_values(services: Services, tmp_path: Path) -> None:
    _with_logo(services, tmp_path)
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    before = datetime.now(UTC)
    out = services.reports.export(made.id, tmp_path / "report.pdf")
    assert made_just_now(out, before, datetime.now(UTC))  # not 1 January 2000
    text = pdf_text(out)
    for value in ("Essex Advocacy Hub", "IMCA report to the decision maker",
                  case_ref(services, case_id), "Jane Partridge", "05/05/1958",
                  "Sam Jones, Essex County Council", "Dee Okafor",
                  "Jane wants to stay in her own flat.", "Page 1 of"):  # fmt: skip
        assert value in text, value


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pdf_renders_as_a_picture(services: Services, tmp_path: Path) -> None:
    _with_logo(services, tmp_path)
    made = services.reports.create(open_case(services), DETAILS)
    out = services.reports.export(made.id, tmp_path / "report.pdf")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_hostile_text_is_printed_as_text(services: Services, tmp_path: Path) -> None:
    case_id = open_case(services)
    odd = "<b>not bold</b> & <script> {{ name }}"
    made = services.reports.create(case_id, replace(DETAILS, about=odd, options=odd))
    out = services.reports.export(made.id, tmp_path / "odd.pdf")
    text = pdf_text(out, layout=False)
    assert "<b>not bold</b> &" in text
    assert odd in _docx_text(services.reports.export(made.id, tmp_path / "odd.docx"))


def test_export_refuses_other_suffixes_and_missing_folders(
    services: Services, tmp_path: Path
) -> None:
    case_id = open_case(services)
    made = services.reports.create(case_id, DETAILS)
    with pytest.raises(AdvocacyDeskError, match=r"\.docx or \.pdf"):
        services.reports.export(made.id, tmp_path / "report.txt")
    with pytest.raises(AdvocacyDeskError, match="does not exist"):
        services.reports.export(made.id, tmp_path / "nowhere" / "report.pdf")


def test_export_by_case_ref_picks_the_report(services: Services, tmp_path: Path) -> None:
    case_id = open_case(services)
    ref = case_ref(services, case_id)
    with pytest.raises(AdvocacyDeskError, match=f"^{ref} has no reports yet$"):
        services.reports.export_by_case_ref(ref, None, tmp_path / "r.docx")
    services.reports.create(case_id, DETAILS)
    services.reports.create(case_id, replace(DETAILS, about="A second decision"))
    assert services.reports.export_by_case_ref(ref.lower(), None, tmp_path / "r.docx") == 2
    assert "A second decision" in _docx_text(tmp_path / "r.docx")
    assert services.reports.export_by_case_ref(ref, 1, tmp_path / "r1.pdf") == 1
    with pytest.raises(NotFound, match=f"^{ref} has no report 5; it has reports 1 to 2$"):
        services.reports.export_by_case_ref(ref, 5, tmp_path / "r.docx")
    with pytest.raises(NotFound, match=r"^no case C000999$"):
        services.reports.export_by_case_ref("C000999", None, tmp_path / "r.docx")
