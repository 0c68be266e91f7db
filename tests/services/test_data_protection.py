"""Data protection as a manager meets it: answering a subject access request, the
retention period and the records due, keeping a record, and anonymising one without
changing a single figure of any monitoring return."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import func, inspect, select, text

from advocacy_desk.app import Services
from advocacy_desk.db.models import (
    Activity,
    ActivityRevision,
    AdvocateReport,
    Appointment,
    Case,
    CaseIssue,
    Consent,
    ConsentAttachment,
    Letter,
    PartnerProfile,
    Party,
    Person,
    Referral,
    ReportSending,
    RetentionHold,
)
from advocacy_desk.demo import generate
from advocacy_desk.domain.ages import age_band
from advocacy_desk.domain.casework import Closure, Feedback
from advocacy_desk.domain.data_protection import REMOVED_TEXT
from advocacy_desk.domain.dates import stored_utc
from advocacy_desk.domain.diary import AppointmentDetails
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import OUTCOME_QUESTION
from advocacy_desk.records.returns import ReturnReport
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.audit import EventRow
from advocacy_desk.services.data_protection import (
    REMOVED_LETTER_TEXT,
    AlreadyAnonymised,
    StillOpen,
)
from tests.conftest import TODAY
from tests.data_protection_data import (
    APPOINTMENT_NOTES,
    ATTENDEES,
    CONCERNS,
    CONSENT_REASON,
    DECISION_MAKER,
    DECLINED_REASON,
    EDITED_NOTE,
    FIRST_NOTE,
    FORMULA,
    FREE_TEXT,
    ISSUE,
    LETTER_REASON,
    LETTER_TEMPLATE,
    PARTY_NAME,
    PARTY_ORGANISATION,
    PLACE,
    RECOMMENDATION_NOW,
    RECOMMENDATION_SENT,
    REPORT_ABOUT,
    SCAN,
    SCAN_MARK,
    SCAN_NAME,
    SQL,
    WISHES,
    WITHDRAWN_REASON,
    Record,
    advocate,
    closed_case,
    full_record,
    person,
)
from tests.pdf_text import made_just_now, pdf_text

PASSWORD = "correct horse battery"


@pytest.fixture
def record(services: Services) -> Record:
    return full_record(services)


def _events(services: Services, action: str) -> list[EventRow]:
    return services.audit.events(action=action)


# -- subject access -----------------------------------------------------------------------


def test_subject_access_holds_everything_about_the_person(
    services: Services, record: Record
) -> None:
    found = services.data_protection.subject_access(record.person_id)
    assert (found.person.given_name, found.person.family_name) == ("Jane", "Partridge")
    assert found.person.communication_needs == "Uses a hearing loop"
    assert [r.status for r in found.referrals] == ["declined", "allocated"]
    assert found.referrals[0].status_reason == DECLINED_REASON
    assert FORMULA in found.referrals[1].notes
    [case] = found.cases
    visit, phone = case.activities
    assert visit.note == EDITED_NOTE
    assert [v.note for v in visit.earlier_versions] == [FIRST_NOTE]
    assert visit.earlier_versions[0].minutes == 60
    assert phone.note == f"{FORMULA}\n{SQL}"
    assert [(i.description, i.outcome) for i in case.issues] == [(ISSUE, "achieved")]
    assert [e.event for e in case.history] == ["opened", "closed"]
    assert case.feedback is not None
    assert case.feedback.informed == "yes"
    assert found.partner_profile is not None
    assert found.partner_profile.other_requirement == "Someone who likes dogs"
    [partnership] = found.partnerships
    assert (partnership.volunteer_name, partnership.status) == ("Vera Volunteer", "ended")
    seen = {(e.action, e.entity, e.record) for e in found.audit}
    assert ("view", "person", "P000001") in seen  # who looked at the record
    assert ("view", "case", "C000001") in seen
    assert ("declined", "referral", "R000001") in seen
    assert ("update", "activity", "C000001") in seen
    assert ("create", "case_issue", "C000001") in seen
    assert ("end", "partnership", "with V000001") in seen


def test_the_export_writes_a_pdf_and_json_named_by_reference_and_audits_it(
    services: Services, record: Record, tmp_path: Path
) -> None:
    before = datetime.now(UTC)
    pdf, data = services.data_protection.export_subject_access(record.person_id, tmp_path)
    assert made_just_now(pdf, before, datetime.now(UTC))  # not 1 January 2000
    assert (pdf.name, data.name) == (
        "subject-access-P000001-2026-11-23.pdf",
        "subject-access-P000001-2026-11-23.json",
    )
    written = sorted(p.name for p in tmp_path.glob("subject-access-*"))
    assert written == [data.name, pdf.name]
    assert not any(word in name.lower() for name in written for word in ("jane", "partridge"))
    assert not list(tmp_path.glob(".*partial"))  # nothing half-written is left
    assert pdf.read_bytes().startswith(b"%PDF")

    exported = json.loads(data.read_text(encoding="utf-8"))
    assert exported["format"] == "advocacy-desk subject access"
    assert exported["person_ref"] == "P000001"
    assert exported["prepared_on"] == "2026-11-23"
    assert exported["person"]["date_of_birth"] == "1958-05-05"
    address = {k: exported["person"][k] for k in ("address_line_one", "address_line_two", "town",
                                                   "postcode")}  # fmt: skip
    assert address == {"address_line_one": "12 Mill Lane", "address_line_two": "Great Baddow",
                       "town": "Chelmsford", "postcode": "CM2 0AA"}  # fmt: skip
    activities = exported["cases"][0]["activities"]
    assert activities[0]["earlier_versions"][0]["note"] == FIRST_NOTE
    assert activities[1]["note"] == f"{FORMULA}\n{SQL}"  # verbatim, not escaped or run
    assert FORMULA in exported["referrals"][1]["notes"]
    assert exported["partnerships"][0]["volunteer_name"] == "Vera Volunteer"

    [event] = _events(services, "export")
    assert (event.entity, event.entity_id) == ("person", record.person_id)
    details = json.loads(event.details)
    assert details["files"] == [pdf.name, data.name]
    assert details["what"] == "subject access"
    # The tables survived the text in the notes.
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pdf_renders_as_a_picture(services: Services, record: Record, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pdf, _ = services.data_protection.export_subject_access(record.person_id, out)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    [page] = tmp_path.glob("page*.png")
    assert page.read_bytes().startswith(b"\x89PNG")
    assert page.stat().st_size > 2_000


def test_the_pdf_reads_as_the_record(services: Services, record: Record, tmp_path: Path) -> None:
    pdf, _ = services.data_protection.export_subject_access(record.person_id, tmp_path)
    flat = " ".join(pdf_text(pdf).split())
    assert "P000001" in flat
    assert "Jane Partridge" in flat
    assert "Address line 1 12 Mill Lane" in flat
    assert "Address line 2 Great Baddow" in flat
    assert "Town Chelmsford" in flat
    assert EDITED_NOTE in flat
    assert "Earlier version" in flat
    assert FIRST_NOTE in flat
    assert "DROP TABLE person" in flat
    assert "Vera Volunteer" in flat
    assert "Who looked at or changed the record" in flat
    assert "Page 1 of" in flat


def test_subject_access_holds_their_consents_reports_letters_and_appointments(
    services: Services, record: Record
) -> None:
    found = services.data_protection.subject_access(record.person_id)
    [party] = found.parties
    assert (party.name, party.role, party.organisation) == (
        PARTY_NAME, "social_worker", PARTY_ORGANISATION)  # fmt: skip
    advocacy, sharing = found.consents
    assert (advocacy.kind, advocacy.how, advocacy.reason) == (
        "advocacy", "signed_form", CONSENT_REASON)  # fmt: skip
    assert advocacy.scan is not None
    assert (advocacy.scan.file_name, advocacy.scan.size_bytes) == (SCAN_NAME, len(SCAN))
    assert "exported on request" in advocacy.scan.note
    assert (sharing.kind, sharing.shared_with, sharing.scan) == ("sharing", PARTY_NAME, None)
    assert (sharing.withdrawn_on, sharing.withdrawn_reason) == (
        TODAY - timedelta(days=35), WITHDRAWN_REASON)  # fmt: skip
    [report] = found.reports
    assert (report.case_ref, report.number, report.status) == ("C000001", 1, "sent")
    assert (report.about, report.decision_maker, report.wishes_feelings) == (
        REPORT_ABOUT, DECISION_MAKER, WISHES)  # fmt: skip
    assert report.recommendations == RECOMMENDATION_NOW
    first, second = report.sent_versions
    assert (first.sent_on, first.sent_to) == (
        TODAY - timedelta(days=45), f"{PARTY_NAME} ({PARTY_ORGANISATION})")  # fmt: skip
    assert first.recommendations == RECOMMENDATION_SENT  # as it went, not as it is now
    assert (second.sent_to, second.recommendations) == (DECISION_MAKER, RECOMMENDATION_NOW)
    [letter] = found.letters
    assert letter.file_name == record.letter_file_name == "C000001-introduction-2026-11-23.docx"
    assert (letter.template, letter.addressed_to, letter.no_consent_reason) == (
        LETTER_TEMPLATE, PARTY_NAME, LETTER_REASON)  # fmt: skip
    assert "exported on request" in letter.note
    [appointment] = found.appointments
    assert (appointment.kind, appointment.place, appointment.attendees, appointment.notes) == (
        "best_interests_meeting", PLACE, ATTENDEES, APPOINTMENT_NOTES)  # fmt: skip
    assert appointment.advocate == "Dee Okafor"
    seen = {(e.action, e.entity, e.record) for e in found.audit}
    assert ("create", "party", "P000001") in seen
    assert ("withdraw", "consent", "P000001") in seen
    assert ("send", "advocate_report", "C000001 no. 1") in seen
    assert ("create", "letter", "C000001") in seen
    assert ("create", "appointment", "C000001") in seen


def test_the_json_names_the_scanned_form_and_holds_none_of_its_bytes(
    services: Services, record: Record, tmp_path: Path
) -> None:
    _, data = services.data_protection.export_subject_access(record.person_id, tmp_path)
    written = data.read_text(encoding="utf-8")
    exported = json.loads(written)
    assert exported["version"] == 3
    assert exported["parties"][0]["name"] == PARTY_NAME
    consent = exported["consents"][0]
    assert (consent["reason"], consent["given_on"]) == (CONSENT_REASON, "2026-09-23")
    assert consent["scan"]["file_name"] == SCAN_NAME
    assert "exported on request" in consent["scan"]["note"]
    assert SCAN_MARK.decode() not in written  # the form itself is not in the file
    report = exported["reports"][0]
    assert report["wishes_feelings"] == WISHES
    assert [(v["sent_on"], v["sent_to"]) for v in report["sent_versions"]] == [
        ("2026-10-09", f"{PARTY_NAME} ({PARTY_ORGANISATION})"),
        ("2026-10-16", DECISION_MAKER),
    ]
    assert report["sent_versions"][0]["recommendations"] == RECOMMENDATION_SENT
    letter = exported["letters"][0]
    assert (letter["file_name"], letter["template"]) == (record.letter_file_name, "introduction")
    assert letter["made_at"].endswith("+00:00")
    appointment = exported["appointments"][0]
    assert appointment["place"] == PLACE
    # Typed as 10:00 to 11:30 by the clock in England (summer time): in UTC, like every time.
    assert (appointment["starts_at"], appointment["ends_at"]) == (
        "2026-10-06T09:00:00+00:00", "2026-10-06T10:30:00+00:00")  # fmt: skip


def test_the_pdf_shows_their_consents_reports_letters_and_appointments(
    services: Services, record: Record, tmp_path: Path
) -> None:
    pdf, _ = services.data_protection.export_subject_access(record.person_id, tmp_path)
    flat = _pdf_text(pdf)
    for shown in ("Consent and sharing", PARTY_NAME, PARTY_ORGANISATION, CONSENT_REASON,
                  WITHDRAWN_REASON, SCAN_NAME, "exported on request", "Reports", REPORT_ABOUT,
                  WISHES, CONCERNS, RECOMMENDATION_SENT, RECOMMENDATION_NOW,
                  "Sent 16/10/2026 to Dr Priya Raman", record.letter_file_name,
                  "Introduction of the advocate", LETTER_REASON, "Appointments", PLACE,
                  ATTENDEES, APPOINTMENT_NOTES, "06/10/2026 10:00-11:30"):  # fmt: skip
        assert shown in flat, shown
    assert SCAN_MARK.decode() not in flat


def _pdf_text(pdf: Path) -> str:
    """The PDF's text with every run of white space as one space, in reading order (a
    table cell's lines together, not the page's rows)."""
    return " ".join(pdf_text(pdf, layout=False).split())


def test_a_long_note_carries_over_pages_rather_than_breaking_the_pdf(
    services: Services, tmp_path: Path
) -> None:
    person_id = person(services)
    long_note = "\n".join(f"Line {n}: " + "word " * 30 for n in range(400))
    closed_case(services, person_id, TODAY - timedelta(days=20), TODAY - timedelta(days=2),
                note=long_note[:20_000])  # fmt: skip
    pdf, data = services.data_protection.export_subject_access(person_id, tmp_path)
    assert pdf.stat().st_size > 10_000
    assert (
        json.loads(data.read_text(encoding="utf-8"))["cases"][0]["activities"][0]["note"]
        == long_note[:20_000]
    )


def test_an_export_to_a_missing_folder_is_refused_and_writes_nothing(
    services: Services, record: Record, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.data_protection.export_subject_access(record.person_id, tmp_path / "nope")
    assert "does not exist" in caught.value.errors["folder"]
    assert _events(services, "export") == []


def test_people_are_found_by_reference_and_an_unknown_one_says_so(
    services: Services, record: Record
) -> None:
    assert services.data_protection.person_id(" p000001 ") == record.person_id
    with pytest.raises(NotFound, match='no person with reference "P999999"'):
        services.data_protection.person_id("P999999")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, str(root / "main.py"), *args],
        capture_output=True, text=True, timeout=120, cwd=root, check=False,
    )  # fmt: skip


def test_the_command_writes_both_files_and_prints_their_paths(
    services: Services, record: Record, database: str, tmp_path: Path
) -> None:
    out = tmp_path / "sar"
    out.mkdir()
    result = _cli("--db", str(database), "subject-access", "--person", "P000001", "--out", str(out))
    assert result.returncode == 0, result.stderr
    pdf, data = (Path(line) for line in result.stdout.splitlines())
    # Named by reference and the day the command ran (the real clock, not the tests').
    assert re.fullmatch(r"subject-access-P000001-\d{4}-\d{2}-\d{2}\.pdf", pdf.name)
    assert (pdf.parent, data) == (out, pdf.with_suffix(".json"))
    assert sorted(out.iterdir()) == [data, pdf]
    assert json.loads(data.read_text("utf-8"))["person_ref"] == "P000001"


def test_the_command_refuses_an_unknown_reference_in_one_line(
    services: Services, record: Record, database: str, tmp_path: Path
) -> None:
    out = tmp_path / "sar"
    out.mkdir()
    result = _cli("--db", str(database), "subject-access", "--person", "P999999", "--out", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'advocacy-desk: error: no person with reference "P999999"'
    ]
    assert list(out.iterdir()) == []


# -- retention -----------------------------------------------------------------------------


def test_the_retention_period_is_six_years_until_changed_and_the_change_is_audited(
    services: Services,
) -> None:
    assert services.data_protection.retention_years() == 6
    services.data_protection.set_retention_years(7)
    assert services.data_protection.retention_years() == 7
    [event] = [e for e in _events(services, "update") if e.entity == "setting"]
    assert json.loads(event.details) == {"key": "retention_years", "value": ["6", "7"]}


@pytest.mark.parametrize("years", [0, 101, -6, True, 6.5, "7"])
def test_a_retention_period_that_is_not_1_to_100_whole_years_is_refused(
    services: Services, years: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.data_protection.set_retention_years(years)
    assert "1 to 100" in caught.value.errors["retention_years"]
    assert services.data_protection.retention_years() == 6


def test_records_are_due_once_the_period_after_the_last_case_has_passed(
    services: Services,
) -> None:
    services.data_protection.set_retention_years(1)
    closed_on = TODAY - timedelta(days=10)
    ann = person(services, "Ann", "Old")
    closed_case(services, ann, TODAY - timedelta(days=40), TODAY - timedelta(days=30))
    closed_case(services, ann, TODAY - timedelta(days=20), closed_on)  # her last case
    bob = person(services, "Bob", "Open")  # a closed case, and one still open
    closed_case(services, bob, TODAY - timedelta(days=40), TODAY - timedelta(days=30))
    referral = services.referrals.create(bob, ReferralDetails(TODAY - timedelta(5), "self",
                                                              "care_act"))  # fmt: skip
    services.waiting_list.allocate(referral.id, advocate(services), on=TODAY - timedelta(days=2))
    cat = person(services, "Cat", "Waiting")  # a closed case and a referral waiting
    closed_case(services, cat, TODAY - timedelta(days=40), TODAY - timedelta(days=30))
    services.referrals.create(cat, ReferralDetails(TODAY - timedelta(5), "self", "care_act"))
    dan = person(services, "Dan", "Declined")  # referrals only, never a case
    declined = services.referrals.create(dan, ReferralDetails(TODAY - timedelta(days=100),
                                                              "self", "care_act"))  # fmt: skip
    services.waiting_list.decline(declined.id, "not eligible", on=TODAY - timedelta(days=50))

    day_before = date(2027, 11, 13)  # one year after Ann's last case closed: not yet
    assert [r.person_ref for r in services.data_protection.due(day_before)] == ["P000004"]
    rows = services.data_protection.due(date(2027, 11, 14))
    assert [(r.person_ref, r.name, r.last_closed_on, r.years_since, r.ended_by)
            for r in rows] == [
        ("P000004", "Dan Declined", TODAY - timedelta(days=50), 1, "referral declined"),
        ("P000001", "Ann Old", closed_on, 1, "case closed"),
    ]  # fmt: skip
    assert services.data_protection.due() == []  # today, nobody


def test_a_kept_record_leaves_the_list_until_its_review_date(services: Services) -> None:
    services.data_protection.set_retention_years(1)
    ann = person(services, "Ann", "Kept")
    closed_case(services, ann, TODAY - timedelta(days=40), TODAY - timedelta(days=30))
    later = date(2028, 6, 1)
    assert [r.person_id for r in services.data_protection.due(later)] == [ann]

    with pytest.raises(ValidationError) as caught:
        services.data_protection.keep(ann, "   ")
    assert caught.value.errors == {
        "reason": "Reason: say why the record is kept, for example a safeguarding hold."
    }
    with pytest.raises(ValidationError) as past:
        services.data_protection.keep(ann, "safeguarding", review_on=TODAY)
    assert "after today" in past.value.errors["review_on"]
    assert [r.person_id for r in services.data_protection.due(later)] == [ann]  # not kept

    hold = services.data_protection.keep(ann, "Safeguarding enquiry", review_on=date(2029, 1, 1))
    assert (hold.person_ref, hold.held_by) == ("P000001", "tester")
    assert services.data_protection.due(later) == []
    [row] = services.data_protection.due(date(2029, 1, 1))  # the review date has come
    assert (row.held_reason, row.review_on) == ("Safeguarding enquiry", date(2029, 1, 1))
    [event] = _events(services, "keep")
    assert json.loads(event.details) == {"reason": "Safeguarding enquiry",
                                         "review_on": "2029-01-01"}  # fmt: skip

    services.data_protection.keep(ann, "Court proceedings")  # no review date: kept
    assert services.data_protection.due(date(2040, 1, 1)) == []


def test_people_with_nothing_but_a_record_are_counted_from_when_it_was_made(
    services: Services,
) -> None:
    lone = person(services, "Lee", "Lone")
    [row] = services.data_protection.due(date(2033, 12, 1))
    assert (row.person_id, row.ended_by) == (lone, "record made")


def _case_with_appointment(services: Services, who: int, starts_at: datetime) -> tuple[int, int]:
    """A case for ``who``, opened 40 days ago and closed 30 days ago, with an hour in the
    diary from ``starts_at`` put there while it was open; (case id, appointment id)."""
    opened = TODAY - timedelta(days=40)
    referral = services.referrals.create(
        who, ReferralDetails(opened - timedelta(days=3), "self", "care_act")
    )
    ref = services.waiting_list.allocate(referral.id, advocate(services), on=opened)
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    saved = services.diary.add(AppointmentDetails(
        case_id, "tribunal_hearing", starts_at, starts_at + timedelta(hours=1),
        "Chelmsford County Court"))  # fmt: skip
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", TODAY - timedelta(days=30),
                                             Feedback(answers)))  # fmt: skip
    return case_id, saved.appointment.id


def test_an_appointment_still_to_come_keeps_the_record_off_the_list(services: Services) -> None:
    services.data_protection.set_retention_years(1)
    hearing = date(2027, 12, 28)  # after her case closed, more than a year away
    ann = person(services, "Ann", "Hearing")
    _case_with_appointment(services, ann, datetime.combine(hearing, time(10, 0)))
    bob = person(services, "Bob", "Closed")  # closed the same day, nothing in the diary
    closed_case(services, bob, TODAY - timedelta(days=40), TODAY - timedelta(days=30))

    # A year after both cases closed, Ann's hearing is still to come (or is that day).
    for as_of in (date(2027, 11, 24), hearing):
        assert [r.person_id for r in services.data_protection.due(as_of)] == [bob]
    # Her involvement ended with the hearing: she is due once a year has passed since.
    assert [r.person_id for r in services.data_protection.due(date(2028, 12, 28))] == [bob]
    rows = services.data_protection.due(date(2028, 12, 29))
    assert [(r.person_id, r.last_closed_on, r.ended_by) for r in rows] == [
        (bob, TODAY - timedelta(days=30), "case closed"),
        (ann, hearing, "last appointment"),
    ]


def test_someone_with_an_appointment_still_to_come_is_not_anonymised(
    services: Services,
) -> None:
    ann = person(services, "Ann", "Hearing")
    coming = datetime.combine(TODAY + timedelta(days=10), time(14, 0))
    _case, appointment_id = _case_with_appointment(services, ann, coming)
    with pytest.raises(StillOpen, match=r"an appointment in the diary on 03/12/2026 \(C000001\)"):
        services.data_protection.anonymise(ann, "Erasure request")
    assert services.people.get(ann).details.given_name == "Ann"
    services.diary.delete(appointment_id)  # cancelled: nothing is left open
    services.data_protection.anonymise(ann, "Erasure request")
    assert services.people.get(ann).details.given_name == "Anonymised"


# -- anonymising ---------------------------------------------------------------------------


def test_anonymising_replaces_what_identifies_them_and_keeps_the_codes(
    services: Services, record: Record
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.data_protection.anonymise(record.person_id, " ")
    assert "Reason" in caught.value.errors["reason"]
    assert services.people.get(record.person_id).details.given_name == "Jane"  # unchanged

    done = services.data_protection.anonymise(record.person_id, "Retention period passed")
    assert done.person_ref == "P000001"
    details = services.people.get(record.person_id).details
    assert (details.given_name, details.family_name) == ("Anonymised", "P000001")
    assert (details.postcode, details.local_authority) == ("CM2", "Essex County Council")
    assert (details.address_line_one, details.address_line_two, details.town) == ("", "", "")
    assert (details.first_language, details.communication_needs) == ("", "")
    assert (details.sex, details.ethnicity) == ("female", "white_british")
    assert details.date_of_birth is not None
    assert details.date_of_birth != date(1958, 5, 5)

    found = services.data_protection.subject_access(record.person_id)
    assert found.person.anonymised_at is not None
    texts = [r.notes for r in found.referrals] + [r.status_reason for r in found.referrals]
    for case in found.cases:
        texts += [a.note for a in case.activities]
        texts += [v.note for a in case.activities for v in a.earlier_versions]
        texts += [i.description for i in case.issues] + [e.reason for e in case.history]
    assert set(texts) <= {REMOVED_TEXT, ""}
    assert found.referrals[0].status_reason == REMOVED_TEXT
    assert found.cases[0].activities[0].earlier_versions[0].note == REMOVED_TEXT
    assert found.partner_profile is not None
    assert found.partner_profile.other_requirement == ""
    # The figures' raw material is all still there.
    assert [i.outcome for i in found.cases[0].issues] == ["achieved"]
    assert [a.minutes for a in found.cases[0].activities] == [75, 15]
    assert found.partnerships[0].volunteer_ref == "V000001"

    [event] = _events(services, "anonymise")
    assert (event.entity, event.entity_id) == ("person", record.person_id)
    assert json.loads(event.details) == {"reason": "Retention period passed"}
    assert "Partridge" not in event.details


def _where(services: Services, needles: Iterable[str]) -> dict[str, set[str]]:
    """Where each of ``needles`` is held, as {needle: {"table.column", ...}}: every column
    of every table (text, and bytes read as UTF-8), but the audit trail, which is
    append-only and never rewritten."""
    found: dict[str, set[str]] = {}
    with services.uow() as uow:
        session = uow.session
        tables = [t for t in inspect(services.engine).get_table_names() if t != "audit_event"]
        for table in tables:
            for row in session.execute(text(f'SELECT * FROM "{table}"')).mappings():
                for column, value in row.items():
                    for needle in needles:
                        if (isinstance(value, str) and needle in value) or (
                            isinstance(value, bytes) and needle.encode() in value
                        ):
                            found.setdefault(needle, set()).add(f"{table}.{column}")
    return found


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)


def _counts(services: Services) -> dict[str, int]:
    tables = (Party, Consent, AdvocateReport, ReportSending, Letter, Appointment)
    with services.uow() as uow:
        return {t.__tablename__: uow.session.scalar(select(func.count()).select_from(t)) or 0
                for t in tables}  # fmt: skip


def test_anonymising_removes_every_text_about_them_from_every_table(
    services: Services, record: Record
) -> None:
    before = _where(services, FREE_TEXT)
    assert sorted(before) == sorted(FREE_TEXT)  # the search finds each of them
    assert "consent_attachment.content" in before["Partridge"]  # the scanned form's bytes
    assert "consent_attachment.file_name" in before[SCAN_NAME]
    with services.uow() as uow:
        [letter] = uow.session.scalars(select(Letter)).all()
        assert "Partridge" in _docx_text(letter.content)
    counts = _counts(services)
    assert counts == {"party": 1, "consent": 2, "advocate_report": 1, "report_sending": 2,
                      "letter": 1, "appointment": 1}  # fmt: skip

    services.data_protection.anonymise(record.person_id, "Erasure request")
    assert _where(services, FREE_TEXT) == {}
    assert _counts(services) == counts
    with services.uow() as uow:
        session = uow.session
        assert session.scalar(select(func.count()).select_from(ConsentAttachment)) == 0
        [letter] = session.scalars(select(Letter)).all()
        assert _docx_text(letter.content) == REMOVED_LETTER_TEXT
        kept_letter = (letter.file_name, letter.template, letter.party_id)
        assert letter.no_consent_reason == REMOVED_TEXT
    assert kept_letter == (record.letter_file_name, LETTER_TEMPLATE, record.party_id)
    assert _where(services, [SCAN_MARK.decode()]) == {}


def test_anonymising_keeps_the_codes_and_dates_of_their_papers(
    services: Services, record: Record, tmp_path: Path
) -> None:
    services.data_protection.anonymise(record.person_id, "Erasure request")
    found = services.data_protection.subject_access(record.person_id)
    [party] = found.parties
    assert (party.name, party.role, party.organisation) == (
        REMOVED_TEXT, "social_worker", REMOVED_TEXT)  # fmt: skip
    assert [(c.kind, c.how, c.given_on, c.withdrawn_on, c.reason, c.withdrawn_reason, c.scan)
            for c in found.consents] == [
        ("advocacy", "signed_form", date(2026, 9, 23), None, REMOVED_TEXT, "", None),
        ("sharing", "verbal", date(2026, 9, 25), date(2026, 10, 19), "", REMOVED_TEXT, None),
    ]  # fmt: skip
    [report] = found.reports
    assert (report.kind, report.status, report.number, report.due_on) == (
        "care_act", "sent", 1, date(2026, 10, 15))  # fmt: skip
    assert (report.about, report.decision_maker, report.wishes_feelings, report.options) == (
        REMOVED_TEXT, REMOVED_TEXT, REMOVED_TEXT, "")  # fmt: skip
    assert [(v.sent_on, v.sent_to, v.kind, v.due_on, v.recommendations, v.beliefs_values)
            for v in report.sent_versions] == [
        (date(2026, 10, 9), REMOVED_TEXT, "care_act", date(2026, 10, 15), REMOVED_TEXT, ""),
        (date(2026, 10, 16), REMOVED_TEXT, "care_act", date(2026, 10, 15), REMOVED_TEXT, ""),
    ]  # fmt: skip
    [letter] = found.letters
    assert (letter.file_name, letter.addressed_to_role) == (record.letter_file_name,
                                                            "social_worker")  # fmt: skip
    [appointment] = found.appointments
    assert (appointment.kind, appointment.place, appointment.attendees, appointment.notes) == (
        "best_interests_meeting", REMOVED_TEXT, REMOVED_TEXT, REMOVED_TEXT)  # fmt: skip
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=90)
    # The letter left in its place still opens and still saves as a PDF.
    with services.uow() as uow:
        letter_id = uow.session.scalars(select(Letter.id)).one()
    name, content = services.letters.content(letter_id)
    assert (name, _docx_text(content)) == (record.letter_file_name, REMOVED_LETTER_TEXT)
    saved = services.letters.export(letter_id, tmp_path / "letter.pdf")
    assert saved.read_bytes().startswith(b"%PDF")


def test_the_old_name_is_no_longer_found(services: Services, record: Record) -> None:
    assert services.people.search_ids("partridge") == [record.person_id]
    services.data_protection.anonymise(record.person_id, "Erasure request")
    assert services.people.search_ids("partridge") == []
    assert services.people.search_ids("jane") == []
    assert services.people.search_ids("CM2 0AA") == []
    assert services.people.search_ids("anonymised") == [record.person_id]
    assert services.people.find_similar("Jane", "Partridge", date(1958, 5, 5)) == []


def test_a_record_is_anonymised_once_and_then_cannot_be_kept(
    services: Services, record: Record
) -> None:
    services.data_protection.anonymise(record.person_id, "Erasure request")
    with services.uow() as uow:
        person = uow.session.get(Person, record.person_id)
        assert person is not None
        assert person.anonymised_at is not None
        on = f"{stored_utc(person.anonymised_at):%d/%m/%Y}"  # the day it ran, whatever day
    with pytest.raises(AlreadyAnonymised, match=f"P000001 was anonymised on {re.escape(on)}:"):
        services.data_protection.anonymise(record.person_id, "again")
    with pytest.raises(AlreadyAnonymised):
        services.data_protection.keep(record.person_id, "too late")
    assert len(_events(services, "anonymise")) == 1


def test_anonymised_people_leave_the_retention_list_and_their_hold_goes(
    services: Services,
) -> None:
    services.data_protection.set_retention_years(1)
    ann = person(services, "Ann", "Gone")
    closed_case(services, ann, TODAY - timedelta(days=40), TODAY - timedelta(days=30))
    services.data_protection.keep(ann, "Complaint pending", review_on=date(2027, 6, 1))
    assert [r.person_id for r in services.data_protection.due(date(2028, 1, 1))] == [ann]
    services.data_protection.anonymise(ann, "Retention period passed")
    assert services.data_protection.due(date(2028, 1, 1)) == []
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(RetentionHold)) == 0


def test_someone_with_work_still_open_is_not_anonymised(services: Services) -> None:
    ann = person(services, "Ann", "Open")
    details = ReferralDetails(TODAY - timedelta(5), "self", "care_act", notes="keep me")
    referral = services.referrals.create(ann, details)
    with pytest.raises(StillOpen, match="referral still waiting"):
        services.data_protection.anonymise(ann, "Erasure request")
    services.waiting_list.allocate(referral.id, advocate(services), on=TODAY)
    with pytest.raises(StillOpen, match="case still open"):
        services.data_protection.anonymise(ann, "Erasure request")
    record = services.people.get(ann)
    assert record.details.given_name == "Ann"
    assert services.referrals.get(referral.id).details.notes == "keep me"


def test_anonymising_is_all_or_nothing(
    services: Services, record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("advocacy_desk.services.data_protection.audit.record", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        services.data_protection.anonymise(record.person_id, "Erasure request")
    monkeypatch.undo()
    with services.uow() as uow:
        session = uow.session
        stored = session.get(Person, record.person_id)
        assert stored is not None
        assert (stored.given_name, stored.family_name) == ("Jane", "Partridge")
        assert stored.anonymised_at is None
        assert session.scalar(select(ActivityRevision.note)) == FIRST_NOTE
        assert session.scalar(select(CaseIssue.description)) == ISSUE
        notes = set(session.scalars(select(Activity.note)))
        assert EDITED_NOTE in notes
        assert session.scalar(select(PartnerProfile.other_requirement)) == "Someone who likes dogs"
        assert session.scalar(select(Party.name)) == PARTY_NAME
        assert session.scalar(select(ConsentAttachment.content)) == SCAN
        assert session.scalar(select(AdvocateReport.wishes_feelings)) == WISHES
        assert session.scalar(select(Appointment.place)) == PLACE
        assert session.scalar(select(Letter.no_consent_reason)) == LETTER_REASON


# -- the returns do not move --------------------------------------------------------------


def _returns(services: Services) -> dict[tuple[str, int | None], tuple[Any, ...]]:
    """Every figure of every quarter's return, for all contracts and each one."""
    contracts: list[int | None] = [None, *(c.id for c in services.returns.contracts())]
    out: dict[tuple[str, int | None], tuple[Any, ...]] = {}
    for quarter in services.returns.quarters_with_data():
        for contract in contracts:
            report: ReturnReport = services.returns.prepare(quarter, contract)
            out[(quarter.code, contract)] = (
                report.rows, report.trend, report.hours_above_block, report.cases_above_block,
                tuple(ref for ref, _ in report.declined_reasons),
                tuple(ref for ref, _ in report.withdrawn_reasons),
            )  # fmt: skip
    return out


def _equity(services: Services) -> list[Any]:
    start, end = date(2023, 1, 1), TODAY
    return [services.waiting_list.equity(d, start, end) for d in ("age_band", "ethnicity", "sex")]


#: People whose age at referral sits at the edge of an age band: (born, opened, closed)
#: for each referral. A careless stand-in date of birth (1 January of the year of birth,
#: say) would move each of them into another band.
EDGES = {
    "Seventeen": (date(2008, 10, 10), [(date(2026, 10, 8), date(2026, 11, 1))]),
    "TwentyFour": (date(2001, 8, 20), [(date(2026, 8, 18), date(2026, 9, 30))]),
    "Straddles": (date(1961, 9, 1), [(date(2026, 8, 31), date(2026, 9, 2)),
                                     (date(2026, 9, 8), date(2026, 10, 1))]),
    "EightyFour": (date(1940, 3, 1), [(date(2025, 2, 28), date(2025, 4, 1))]),
    "Ninety": (date(1935, 1, 1), [(date(2026, 5, 8), date(2026, 6, 1))]),
}  # fmt: skip


@pytest.mark.slow
def test_anonymising_changes_no_figure_of_any_return(services: Services) -> None:
    generate(services, scale="small", seed=1, as_of=TODAY)
    edges = []
    for family, (born_on, cases) in EDGES.items():
        edges.append(person(services, "Edge", family, born_on))
        for opened_on, closed_on in cases:
            closed_case(services, edges[-1], opened_on, closed_on)
    with services.uow() as uow:
        session = uow.session
        open_people = set(session.scalars(
            select(Referral.person_id).outerjoin(Case, Case.referral_id == Referral.id)
            .where((Referral.status == "waiting")
                   | (Case.id.is_not(None) & Case.closed_on.is_(None)))
        ))  # fmt: skip
        busy = session.execute(
            select(Referral.person_id, func.count()).group_by(Referral.person_id)
            .order_by(func.count().desc(), Referral.person_id)
        ).all()  # fmt: skip
        referred: dict[int, list[date]] = {}
        for pid, day in session.execute(select(Referral.person_id, Referral.received_on)):
            referred.setdefault(pid, []).append(day)
        born: dict[int, date] = {
            pid: day
            for pid, day in session.execute(select(Person.id, Person.date_of_birth))
            if day is not None
        }
    closed = [pid for pid, _ in busy if pid not in open_people and pid in born]

    def moves_with(stand_in: Callable[[date], date], pid: int) -> bool:
        return any(age_band(stand_in(born[pid]), d) != age_band(born[pid], d)
                   for d in referred[pid])  # fmt: skip

    # The people with the most referrals, those whose age band changed between their
    # referrals, those a careless stand-in would move, and the edge cases above.
    crossing = [pid for pid in closed if len({age_band(born[pid], d) for d in referred[pid]}) > 1]
    fragile = [pid for pid in closed if moves_with(lambda b: b.replace(month=7, day=1), pid)]
    chosen = list(dict.fromkeys([*closed[:12], *crossing[:8], *fragile[:8], *edges]))
    assert len(chosen) >= 20
    # The test can fail: 1 January of the year of birth would move several of them.
    assert sum(moves_with(lambda b: b.replace(month=1, day=1), pid) for pid in chosen) >= 4

    before, equity_before = _returns(services), _equity(services)
    assert len(before) > 40
    for pid in chosen:
        services.data_protection.anonymise(pid, "Retention period passed")
    after = _returns(services)
    assert after.keys() == before.keys()
    changed = [key for key in before if before[key] != after[key]]
    assert changed == []
    assert _equity(services) == equity_before
    with services.uow() as uow:
        anonymised = uow.session.scalars(select(Person).where(Person.id.in_(chosen))).all()
        assert {p.given_name for p in anonymised} == {"Anonymised"}
        assert sum(p.date_of_birth != born[p.id] for p in anonymised) >= len(chosen) - 2


# -- who may do it ---------------------------------------------------------------------------


@pytest.fixture
def signed_in(services: Services) -> Callable[[str], Services]:
    """Accounts for each role; signs in as the one asked for."""
    full_record(services)
    for username, role in (("amanager", "manager"), ("anadvocate", "advocate"),
                           ("areader", "read_only")):  # fmt: skip
        services.accounts.add(username, username.title(), role, PASSWORD)

    def sign_in(username: str) -> Services:
        services.accounts.sign_in(username, PASSWORD)
        return services

    return sign_in


ATTEMPTS: dict[str, Callable[[Services, Path], object]] = {
    "subject access": lambda s, _: s.data_protection.subject_access(1),
    "export": lambda s, folder: s.data_protection.export_subject_access(1, folder),
    "due": lambda s, _: s.data_protection.due(),
    "retention period": lambda s, _: s.data_protection.set_retention_years(3),
    "keep": lambda s, _: s.data_protection.keep(1, "because"),
    "anonymise": lambda s, _: s.data_protection.anonymise(1, "because"),
}


@pytest.mark.parametrize("role", ["anadvocate", "areader"])
@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_advocates_and_readers_are_refused_and_the_refusal_is_recorded(
    signed_in: Callable[[str], Services], tmp_path: Path, role: str, attempt: str
) -> None:
    services = signed_in(role)
    with pytest.raises(NotPermitted, match="does not allow you to"):
        ATTEMPTS[attempt](services, tmp_path)
    assert not list(tmp_path.glob("subject-access-*"))
    services.accounts.sign_out()
    manager = signed_in("amanager")
    refused = [e for e in manager.audit.events(action="refused") if e.username == role]
    assert len(refused) == 1
    assert manager.people.get(1).details.given_name == "Jane"
    assert manager.data_protection.retention_years() == 6


def test_a_manager_may_do_it_all(signed_in: Callable[[str], Services], tmp_path: Path) -> None:
    services = signed_in("amanager")
    pdf, data = services.data_protection.export_subject_access(1, tmp_path)
    assert pdf.exists()
    assert data.exists()
    services.data_protection.anonymise(1, "Erasure request")
    [event] = services.audit.events(action="anonymise")
    assert event.username == "amanager"


# -- unsaved drafts -----------------------------------------------------------------------

DRAFT_NOTE = "Jane said on the phone she is frightened of the move (not yet logged)"


def _case_with_draft(services: Services) -> tuple[int, int]:
    """A closed case of a new person whose casework form still holds an unsaved entry."""
    case_id = _closed_with_draft(services)
    person_id = services.casework.case(case_id).person_id
    return person_id, case_id


def _closed_with_draft(services: Services) -> int:
    person_id = person(services, "Dora", "Draftsworth")
    opened = TODAY - timedelta(days=60)
    referral = services.referrals.create(
        person_id, ReferralDetails(opened - timedelta(days=5), "self", "care_act")
    )
    ref = services.waiting_list.allocate(referral.id, advocate(services), on=opened)
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    draft = {"occurred_on": "20/11/2026", "kind": "phone", "duration": "0:20", "travel": "",
             "note": DRAFT_NOTE, "timer_started": None}  # fmt: skip
    services.casework.keep_draft(case_id, json.dumps(draft))
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", opened + timedelta(days=30),
                                             Feedback(answers)))  # fmt: skip
    return case_id


def test_subject_access_lists_unsaved_drafts_in_the_json_and_the_pdf(
    services: Services, tmp_path: Path
) -> None:
    person_id, case_id = _case_with_draft(services)
    case_ref = services.casework.case(case_id).case_ref
    found = services.data_protection.subject_access(person_id)
    [draft] = found.unsaved_drafts
    assert (draft.case_ref, draft.fields["note"]) == (case_ref, DRAFT_NOTE)

    pdf, data = services.data_protection.export_subject_access(person_id, tmp_path)
    exported = json.loads(data.read_text(encoding="utf-8"))
    [kept] = exported["unsaved_drafts"]
    assert kept["case_ref"] == case_ref
    assert kept["fields"]["note"] == DRAFT_NOTE
    assert kept["fields"]["duration"] == "0:20"

    from pypdf import PdfReader

    flat = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())
    assert "Unsaved drafts" in flat
    assert f"{case_ref} · unsaved draft" in flat
    assert "Jane said on the phone" in flat


def test_anonymising_removes_the_unsaved_drafts_of_their_cases(services: Services) -> None:
    person_id, case_id = _case_with_draft(services)
    assert _where(services, [DRAFT_NOTE]) == {DRAFT_NOTE: {"setting.value"}}

    services.data_protection.anonymise(person_id, "Erasure request")
    assert _where(services, [DRAFT_NOTE]) == {}
    assert services.casework.draft(case_id) == ""
    assert services.data_protection.subject_access(person_id).unsaved_drafts == ()
    [event] = _events(services, "anonymise")
    assert json.loads(event.details)["drafts_removed"] == 1
    assert DRAFT_NOTE not in event.details
