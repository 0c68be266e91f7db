"""Property-based tests: whatever anyone types or imports, the answer is a result or a
clear validation error, never an unhandled exception."""

from __future__ import annotations

import csv
import string
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails, clean_person
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.referrals import ReferralDetails, clean_referral
from advocacy_desk.domain.return_rows import SUPPRESSED, FigureRow, suppress
from advocacy_desk.domain.volunteers import (
    PartnerProfileDetails,
    VolunteerDetails,
    clean_profile,
    clean_volunteer,
)
from advocacy_desk.importing.cells import CellError
from advocacy_desk.importing.check import read_cells
from advocacy_desk.importing.report import ImportReport
from advocacy_desk.importing.schema import BY_NAME, KINDS, Column, Kind
from tests.conftest import TODAY

#: Text as people type it, spreadsheet oddities included.
typed = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(
    ["", " ", "0", "-1", "1:30", "24:00", "31/02/2026", "2026-13-01", "01/01/1900", "yes",
     "N", "care_act", "Care Act advocacy", "=SUM(A1)", "<b>x</b>", "1e309", "nan", "CM1 1AA",
     "\u00e9\u00e8", "9" * 30]
)  # fmt: skip
COLUMNS = [(kind, column) for kind in KINDS for column in kind.columns]


@given(st.sampled_from(COLUMNS), typed)
def test_any_cell_reads_to_a_value_or_says_what_is_wrong(
    pair: tuple[Kind, Column], text: str
) -> None:
    column = pair[1]
    try:
        column.reader(text)
    except CellError as exc:
        assert str(exc)


@given(st.sampled_from(KINDS), st.dictionaries(st.sampled_from(
    sorted({c.name for k in KINDS for c in k.columns})), typed))  # fmt: skip
def test_any_row_reads_or_reports_its_problems(kind: object, raw: dict[str, object]) -> None:
    report = ImportReport()
    values = read_cells(kind, "x.csv", 2, raw, report)  # type: ignore[arg-type]
    assert (values is None) == bool(report.problems)
    for problem in report.problems:
        assert problem.message
        assert problem.row == 2


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.fixed_dictionaries(
    dict.fromkeys(BY_NAME["people"].names, typed)), min_size=1, max_size=4))  # fmt: skip
def test_any_people_file_imports_or_reports_problems(
    services: Services, rows: list[dict[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, BY_NAME["people"].names)
            writer.writeheader()
            writer.writerows([{k: v.replace("\x00", "") for k, v in r.items()} for r in rows])
        report = services.imports.run([path], dry_run=True)
    assert report.ok or report.problems
    assert not report.written
    assert services.people.count() == 0


names = st.text(max_size=120)
dates = st.none() | st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 1, 1))


@given(names, names, dates, typed, typed)
def test_any_person_form_is_tidied_or_refused_by_field(
    given_name: str, family: str, born: date | None, sex: str, postcode: str
) -> None:
    try:
        clean = clean_person(PersonDetails(given_name, family, born, sex=sex, postcode=postcode),
                             TODAY)  # fmt: skip
    except ValidationError as exc:
        assert exc.errors
        assert all(isinstance(m, str) and m for m in exc.errors.values())
    else:
        assert clean.given_name == clean.given_name.strip()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)), typed, typed,
       st.frozensets(typed, max_size=3), dates, st.none() | st.integers(-5, 9))  # fmt: skip
def test_any_referral_form_is_kept_or_refused_by_field(
    received: date, source: str, kind: str, difficulties: frozenset[str], due: date | None,
    level: int | None,
) -> None:  # fmt: skip
    details = ReferralDetails(received, source, kind, difficulties=difficulties,
                              decision_due_on=due, complexity=level)  # fmt: skip
    try:
        clean_referral(details, None, TODAY)
    except ValidationError as exc:
        assert exc.errors


@given(names, names, typed, st.none() | st.floats(allow_nan=True), typed, typed, dates, dates,
       st.integers(-3, 20), typed)  # fmt: skip
def test_any_volunteer_form_is_tidied_or_refused_by_field(
    given_name: str, family: str, postcode: str, travel: float | None, days: str, times: str,
    checked: date | None, expires: date | None, most: int, status: str,
) -> None:  # fmt: skip
    details = VolunteerDetails(given_name, family, postcode=postcode, travel_km=travel,
                               available_days=days, available_times=times,
                               dbs_checked_on=checked, dbs_expires_on=expires,
                               max_partners=most, status=status)  # fmt: skip
    try:
        clean_volunteer(details, TODAY)
    except ValidationError as exc:
        assert exc.errors
    try:
        clean_profile(PartnerProfileDetails(available_days=days, preferred_sex=status))
    except ValidationError as exc:
        assert exc.errors


@given(st.text(max_size=20) | st.from_regex(r"20\d\d/\d\d-Q[0-9]", fullmatch=True))
def test_any_quarter_text_reads_or_says_how_to_write_it(text: str) -> None:
    try:
        quarter = Quarter.parse(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert quarter.start <= quarter.end
        assert Quarter.parse(quarter.code) == quarter


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_falls_in_exactly_one_quarter(day: date) -> None:
    quarter = Quarter.of(day)
    assert quarter.start <= day <= quarter.end
    assert day in quarter
    assert day not in quarter.next()
    assert day not in quarter.previous()
    assert quarter.next().start == date.fromordinal(quarter.end.toordinal() + 1)


@given(st.lists(st.integers(0, 60), min_size=1, max_size=8))
def test_suppression_never_shows_a_small_count_nor_leaves_one_cell_alone(
    counts: list[int],
) -> None:
    rows = [FigureRow("people", "ethnicity", f"group{n}", value) for n, value in enumerate(counts)]
    shown = suppress(rows)
    texts = [r.text for r in shown]
    assert all(t not in {"1", "2", "3", "4"} for t in texts)
    # One cell alone is suppressed only when no other cell holds anyone: the total is
    # then the same small number, suppressed too, and zeros give nothing away.
    assert texts.count(SUPPRESSED) != 1 or sum(1 for c in counts if c > 0) == 1


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_every_kind_has_its_key_columns(kind: str) -> None:
    assert set(BY_NAME[kind].key) <= set(BY_NAME[kind].names)
    assert all(c in string.ascii_lowercase + "_" for name in BY_NAME[kind].names for c in name)
