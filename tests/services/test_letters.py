"""Letters from templates: the shipped templates load and fill, a provider's own
templates are listed and used, unknown placeholders are refused on load, letters are
kept with the case and re-opened unchanged, and a letter to a party needs consent to
share or a reason that is audited."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from sqlalchemy import select

from advocacy_desk.app import Services
from advocacy_desk.db.models import Appointment, AuditEvent, Consent, Letter
from advocacy_desk.domain.casework import Closure, Feedback
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.domain.vocabulary import OUTCOME_QUESTION
from advocacy_desk.letters.make_templates import SHIPPED, SHIPPED_FOLDER, build
from advocacy_desk.letters.placeholders import PLACEHOLDERS
from advocacy_desk.letters.templates import placeholders_used
from advocacy_desk.services.access import NotPermitted
from advocacy_desk.services.settings import PROVIDER_NAME
from tests.conftest import TODAY
from tests.data_protection_data import advocate, person
from tests.pdf_text import made_just_now, pdf_text

PASSWORD = "a long enough secret"
PROVIDER = "Essex Voice & Advocacy"
OPENED = date(2026, 10, 1)
#: Diary times are local wall-clock times, kept without a zone.
APPOINTMENT = datetime(2026, 11, 30, 10, 0)  # noqa: DTZ001


# -- making the data ----------------------------------------------------------------------


def open_case(services: Services, given: str = "Jane", family: str = "Partridge") -> int:
    """A Care Act case for a new person, held by Dee Okafor; returns the case id."""
    person_id = person(services, given, family)
    referral = services.referrals.create(
        person_id, ReferralDetails(OPENED - timedelta(days=4), "self", "care_act")
    )
    ref = services.waiting_list.allocate(referral.id, advocate(services), on=OPENED)
    return next(r.case_id for r in services.casework.caseload() if r.case_ref == ref)


def add_appointment(services: Services, case_id: int, starts: datetime = APPOINTMENT) -> None:
    with services.uow() as uow:
        case_advocate = advocate(services)
        uow.session.add(
            Appointment(case_id=case_id, advocate_id=case_advocate, kind="visit",
                        starts_at=starts, ends_at=starts + timedelta(minutes=90),
                        place="Broomfield Hospital, ward 4")
        )  # fmt: skip
        uow.commit()


def give_sharing_consent(
    services: Services, person_id: int, party_id: int, withdrawn_on: date | None = None
) -> None:
    with services.uow() as uow:
        uow.session.add(
            Consent(person_id=person_id, kind="sharing", party_id=party_id,
                    given_on=TODAY - timedelta(days=10), how="verbal",
                    withdrawn_on=withdrawn_on)
        )  # fmt: skip
        uow.commit()


def person_of(services: Services, case_id: int) -> int:
    return services.casework.case(case_id).person_id


def word_template(path: Path, *lines: str, header: str = "", table: tuple[str, ...] = ()) -> Path:
    """A provider's template made as Word would: ``lines`` as paragraphs."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        cells = document.add_table(rows=1, cols=len(table)).rows[0].cells
        for cell, text in zip(cells, table, strict=True):
            cell.text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def all_text(document: WordDocument) -> str:
    """Every word of a document: paragraphs, tables (nested too), headers and footers."""
    parts: list[str] = []

    def blocks(container: object) -> None:
        for item in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(item, docx.table.Table):
                for row in item.rows:
                    for cell in row.cells:
                        blocks(cell)
            else:
                parts.append(item.text)

    blocks(document)
    for section in document.sections:
        blocks(section.header)
        blocks(section.footer)
    return "\n".join(parts)


def letter_bytes(services: Services, letter_id: int) -> bytes:
    with services.uow() as uow:
        return uow.session.get_one(Letter, letter_id).content


def events(services: Services, entity: str) -> list[tuple[str, int | None, dict[str, object]]]:
    with services.uow() as uow:
        rows = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
        )
        return [(r.action, r.entity_id, json.loads(r.details)) for r in rows]


#: The provider's contact details, as Settings keeps them.
CONTACT = {
    "provider_address_line_one": "Unit 4, Riverside House",
    "provider_address_line_two": "Springfield Road",
    "provider_town": "Chelmsford",
    "provider_postcode": "cm2 6fb",
    "provider_telephone": "01245 000 123",
    "provider_email": "hello@essexvoice.org.uk",
    "provider_website": "www.essexvoice.org.uk",
}
#: Jane's postal address.
ADDRESS = {"address_line_one": "12 Mill Lane", "address_line_two": "Great Baddow",
           "town": "Chelmsford", "postcode": "CM2 0AA"}  # fmt: skip


def give_address(services: Services, person_id: int, **address: str) -> None:
    record = services.people.get(person_id)
    services.people.update(person_id, dataclasses.replace(record.details, **address))  # type: ignore[arg-type]


@pytest.fixture
def case_id(services: Services) -> int:
    """Jane Partridge's case, with her address and the provider's contact details."""
    services.settings.change(PROVIDER_NAME, PROVIDER)
    services.settings.change_many(CONTACT)
    made = open_case(services)
    give_address(services, person_of(services, made), **ADDRESS)
    return made


@pytest.fixture
def closed_case_id(services: Services, case_id: int) -> int:
    """The case with an appointment to come, then closed today (so every placeholder
    has a value)."""
    add_appointment(services, case_id)
    answers = dict.fromkeys(OUTCOME_QUESTION.codes, "yes")
    services.casework.close(case_id, Closure("resolved", TODAY, Feedback(answers)))
    return case_id


@pytest.fixture
def folder(services: Services, tmp_path: Path) -> Path:
    """The provider's own templates folder, set in Settings."""
    chosen = tmp_path / "our-templates"
    chosen.mkdir()
    services.letters.set_templates_folder(chosen)
    return chosen


# -- the shipped templates ----------------------------------------------------------------

#: What each placeholder is filled with for Jane's closed case.
EXPECTED = {
    "provider_name": PROVIDER,
    "provider_address": "Unit 4, Riverside House\nSpringfield Road\nChelmsford\nCM2 6FB",
    "provider_address_line_one": "Unit 4, Riverside House",
    "provider_address_line_two": "Springfield Road",
    "provider_town": "Chelmsford",
    "provider_postcode": "CM2 6FB",
    "provider_telephone": "01245 000 123",
    "provider_email": "hello@essexvoice.org.uk",
    "provider_website": "www.essexvoice.org.uk",
    "today": "23/11/2026",
    "recipient_name": "Jane Partridge",
    "person_name": "Jane Partridge",
    "person_first_name": "Jane",
    "person_family_name": "Partridge",
    "person_ref": "P000001",
    "person_address": "12 Mill Lane\nGreat Baddow\nChelmsford\nCM2 0AA",
    "person_address_line_one": "12 Mill Lane",
    "person_address_line_two": "Great Baddow",
    "person_town": "Chelmsford",
    "person_postcode": "CM2 0AA",
    "case_ref": "C000001",
    "referral_ref": "R000001",
    "referral_received_on": "27/09/2026",
    "advocacy_type": "Care Act advocacy",
    "advocate_name": "Dee Okafor",
    "case_opened_on": "01/10/2026",
    "case_closed_on": "23/11/2026",
    "closure_reason": "Issues resolved",
    "appointment_date": "30/11/2026",
    "appointment_day": "Monday",
    "appointment_time": "10:00",
    "appointment_end_time": "11:30",
    "appointment_place": "Broomfield Hospital, ward 4",
    "appointment_kind": "Visit",
    "party_name": "",
    "party_role": "",
    "party_organisation": "",
}


def test_expected_values_cover_every_placeholder() -> None:
    assert EXPECTED.keys() == PLACEHOLDERS.keys()
    assert all(description.strip() for description in PLACEHOLDERS.values())


def test_the_shipped_templates_are_listed_first_and_all_usable(services: Services) -> None:
    listed = services.letters.templates()
    assert [t.name for t in listed] == [
        "referral-acknowledgement", "introduction", "appointment-confirmation",
        "case-closure", "introduction-easy-read", "case-closure-easy-read",
    ]  # fmt: skip
    assert all(t.shipped and t.problem is None and t.path.is_file() for t in listed)
    assert listed[1].title == "Introduction of the advocate"


@pytest.mark.parametrize("name", [s.name for s in SHIPPED])
def test_each_shipped_template_fills_for_a_case(
    services: Services, closed_case_id: int, name: str
) -> None:
    made = services.letters.make(name, closed_case_id)
    document = docx.Document(BytesIO(letter_bytes(services, made.id)))
    text = all_text(document)
    used = placeholders_used(SHIPPED_FOLDER / f"{name}.docx")
    assert {"provider_name", "case_ref", "advocate_name"} <= used
    for placeholder in used:
        assert EXPECTED[placeholder] in text, placeholder
    assert "{{" not in text
    assert "{%" not in text
    assert "Essex Voice & Advocacy" in document.sections[0].header.paragraphs[0].text


@pytest.mark.parametrize("name", [s.name for s in SHIPPED])
def test_each_shipped_letter_prints_the_address_block_and_the_contact_details(
    services: Services, case_id: int, name: str
) -> None:
    """What a person needs to receive the letter and to answer it: their name and
    address, one line under another where a window envelope shows them, and the
    provider's address, telephone, email and website."""
    made = services.letters.make(name, case_id)
    document = docx.Document(BytesIO(letter_bytes(services, made.id)))
    body = [p.text for p in document.paragraphs]
    start = body.index("Jane Partridge")
    assert body[start + 1] == "12 Mill Lane\nGreat Baddow\nChelmsford\nCM2 0AA"
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert header == f"{PROVIDER}\nUnit 4, Riverside House\nSpringfield Road\nChelmsford\nCM2 6FB"
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    for part in ("01245 000 123", "hello@essexvoice.org.uk", "www.essexvoice.org.uk"):
        assert part in footer, (name, footer)
    assert "C000001" in footer


def test_contact_details_not_given_leave_no_stray_words(services: Services) -> None:
    """A provider that has given only its telephone number: the footer says that, with
    no "Email" or separator left over, and the letterhead has no address lines."""
    services.settings.change("provider_telephone", "01245 000123")
    case = open_case(services)
    for name in ("introduction", "introduction-easy-read"):
        made = services.letters.make(name, case)
        document = docx.Document(BytesIO(letter_bytes(services, made.id)))
        footer = document.sections[0].footer.paragraphs[0].text
        assert footer in ("Telephone 01245 000123", "Phone: 01245 000123"), footer
        address = document.sections[0].header.paragraphs[1].text
        assert address == ""


def test_a_person_with_no_address_is_said_before_the_letter_is_made(
    services: Services, case_id: int
) -> None:
    assert services.letters.missing_address(case_id) is None
    give_address(services, person_of(services, case_id), address_line_one="", address_line_two="",
                 town="")  # fmt: skip
    missing = services.letters.missing_address(case_id)
    assert missing is not None
    assert missing.person_ref == "P000001"
    assert missing.message == (
        "Jane Partridge has no address recorded: the letter will have no address block."
    )
    give_address(services, person_of(services, case_id), address_line_one="12 Mill Lane",
                 postcode="")  # fmt: skip
    missing = services.letters.missing_address(case_id)
    assert missing is not None
    assert missing.message == "Jane Partridge's address has no postcode: the letter may not arrive."


def test_the_command_line_call_warns_of_no_address_before_making_it(
    services: Services, tmp_path: Path
) -> None:
    case = open_case(services)
    warnings: list[str] = []
    kept_when_warned: list[int] = []

    def warn(message: str) -> None:
        warnings.append(message)
        kept_when_warned.append(len(services.letters.letters(case)))

    made = services.letters.write_for_case_ref("introduction", "C000001", tmp_path / "a.docx",
                                               warn=warn)  # fmt: skip
    assert made.file_name.startswith("C000001-introduction")
    assert (tmp_path / "a.docx").is_file()
    assert warnings == [
        "Jane Partridge has no address recorded: the letter will have no address block. "
        "Add it to P000001 and make the letter again."
    ]
    assert kept_when_warned == [0]  # told before the letter was made


def test_appointment_confirmation_holds_the_appointment_in_its_table(
    services: Services, case_id: int
) -> None:
    past = APPOINTMENT - timedelta(days=10)
    add_appointment(services, case_id, past)  # before today: not the next one
    add_appointment(services, case_id)
    made = services.letters.make("appointment-confirmation", case_id)
    document = docx.Document(BytesIO(letter_bytes(services, made.id)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Monday 30/11/2026" in cells
    assert "10:00 to 11:30" in cells
    assert "Broomfield Hospital, ward 4" in cells


def test_no_appointment_leaves_its_placeholders_empty(services: Services, case_id: int) -> None:
    made = services.letters.make("appointment-confirmation", case_id)
    text = all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
    assert " to \n" in text or "\n to" in text  # "{{ start }} to {{ end }}" with neither
    assert "{{" not in text


def test_closure_letters_for_a_case_still_open_leave_out_the_closing_date(
    services: Services, case_id: int
) -> None:
    texts = {}
    for name in ("case-closure", "case-closure-easy-read"):
        made = services.letters.make(name, case_id)
        texts[name] = all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
        assert " on ." not in texts[name]
        assert "{%" not in texts[name]
    assert "our advocacy support for you has now ended." in texts["case-closure"]
    assert "We finished on" not in texts["case-closure-easy-read"]


def test_easy_read_templates_are_in_large_type() -> None:
    for name in ("introduction-easy-read", "case-closure-easy-read"):
        document = docx.Document(str(SHIPPED_FOLDER / f"{name}.docx"))
        normal = document.styles["Normal"].font.size
        assert normal is not None
        assert normal.pt >= 16
        for paragraph in document.paragraphs:
            for run in paragraph.runs:
                assert run.font.size is None or run.font.size.pt >= 16
            words = re.sub(r"\{\{[^}]*\}\}", "X", re.sub(r"\{%[^%]*%\}", "", paragraph.text))
            sentences = [s for s in words.split(". ") if s.strip()]
            assert len(sentences) <= 1, paragraph.text  # one idea to a line
            assert len(words.split()) <= 10, paragraph.text


def test_the_committed_templates_are_what_make_templates_makes() -> None:
    for shipped in SHIPPED:
        committed = zipfile.ZipFile(SHIPPED_FOLDER / f"{shipped.name}.docx")
        made = zipfile.ZipFile(BytesIO(build(shipped)))
        assert committed.namelist() == made.namelist(), shipped.name
        for part in made.namelist():
            assert committed.read(part) == made.read(part), f"{shipped.name}: {part}"


# -- bad templates --------------------------------------------------------------------------


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(
    services: Services, case_id: int, folder: Path
) -> None:
    word_template(folder / "home-visit.docx", "Dear {{ person_name }}", "{{ person_adress }}")
    listed = {t.name: t for t in services.letters.templates()}
    problem = listed["home-visit"].problem
    assert problem is not None
    assert problem.startswith(
        "Template 'home-visit.docx' uses {{ person_adress }}, which Advocacy Desk does not "
        "know. The placeholders a template may use: provider_name, today,"
    )
    assert "person_postcode" in problem
    with pytest.raises(AdvocacyDeskError, match=r"uses \{\{ person_adress \}\}"):
        services.letters.make("home-visit", case_id)
    assert services.letters.letters(case_id) == []


def test_unknown_placeholders_in_a_table_or_header_are_found_too(
    services: Services, folder: Path
) -> None:
    word_template(folder / "a.docx", "Hello", table=("{{ nhs_number }}",),
                  header="{{ phone }}")  # fmt: skip
    problem = {t.name: t for t in services.letters.templates()}["a"].problem
    assert problem is not None
    assert "uses {{ nhs_number }} and {{ phone }}, which" in problem


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (("Dear {{ person_name }",), "has a mistake in its placeholders"),
        (("{% if person_name %}Hello",), "has a mistake in its placeholders"),
        (("{{ person_name | }}",), "has a mistake in its placeholders"),
    ],
)
def test_a_template_with_a_syntax_error_is_refused_clearly(
    services: Services, case_id: int, folder: Path, lines: tuple[str, ...], words: str
) -> None:
    word_template(folder / "broken.docx", *lines)
    problem = {t.name: t for t in services.letters.templates()}["broken"].problem
    assert problem is not None
    assert problem.startswith(f"Template 'broken.docx' {words}")
    with pytest.raises(AdvocacyDeskError, match="mistake in its placeholders"):
        services.letters.make("broken", case_id)


def test_a_file_that_is_not_a_word_document_is_listed_with_its_problem(
    services: Services, folder: Path
) -> None:
    (folder / "notes.docx").write_text("not a Word document")
    (folder / "~$introduction.docx").write_bytes(b"Word's lock file")  # ignored
    listed = {t.name: t for t in services.letters.templates()}
    assert listed["notes"].problem == (
        "Template 'notes.docx' cannot be opened as a Word document: save it from Word as "
        "a .docx file"
    )
    assert "~$introduction" not in listed


# -- the provider's own templates ---------------------------------------------------------


def test_the_default_folder_is_beside_the_database(services: Services, db_path: Path) -> None:
    assert services.letters.templates_folder() == db_path.resolve().parent / "letter-templates"


def test_setting_the_folder_is_checked_and_audited(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        services.letters.set_templates_folder(tmp_path / "nowhere")
    assert refused.value.errors["folder"].startswith("Folder: ")
    services.letters.set_templates_folder(tmp_path)
    assert services.letters.templates_folder() == tmp_path.resolve()
    setting = [d for _a, _i, d in events(services, "setting")]
    assert setting[-1] == {"key": "letter_templates_folder", "value": ["", str(tmp_path.resolve())]}
    services.letters.set_templates_folder("")
    assert services.letters.templates_folder().name == "letter-templates"


def test_a_provider_template_is_listed_after_the_shipped_ones_and_used(
    services: Services, case_id: int, folder: Path
) -> None:
    word_template(folder / "welcome-pack.docx", "Dear {{ person_first_name }},",
                  "Your reference is {{ case_ref }}.",
                  table=("Advocate", "{{ advocate_name }}"),
                  header="{{ provider_name }}")  # fmt: skip
    listed = services.letters.templates()
    assert listed[-1].name == "welcome-pack"
    assert (listed[-1].title, listed[-1].shipped, listed[-1].problem) == (
        "Welcome pack", False, None,
    )  # fmt: skip
    made = services.letters.make("welcome-pack", case_id)
    assert made.file_name == "C000001-welcome-pack-2026-11-23.docx"
    text = all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
    assert "Dear Jane," in text
    assert "Your reference is C000001." in text
    assert "Dee Okafor" in text
    assert PROVIDER in text


def test_a_provider_template_with_a_shipped_name_replaces_it(
    services: Services, case_id: int, folder: Path
) -> None:
    word_template(folder / "introduction.docx", "Our own introduction for {{ person_name }}")
    listed = services.letters.templates()
    assert len(listed) == len(SHIPPED)
    mine = next(t for t in listed if t.name == "introduction")
    assert (mine.shipped, mine.path) == (False, folder / "introduction.docx")
    made = services.letters.make("introduction", case_id)
    text = all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
    assert "Our own introduction for Jane Partridge" in text


def test_unknown_template_names_the_templates(services: Services, case_id: int) -> None:
    with pytest.raises(AdvocacyDeskError) as refused:
        services.letters.make("welcome", case_id)
    assert str(refused.value) == (
        "no letter template called 'welcome': the templates are referral-acknowledgement, "
        "introduction, appointment-confirmation, case-closure, introduction-easy-read, "
        "case-closure-easy-read"
    )


def test_values_are_escaped_not_broken(services: Services, folder: Path) -> None:
    case = open_case(services, "Zoë", "O'Brien-Smith")
    services.settings.change(PROVIDER_NAME, "Smith & Jones <Advocacy>")
    word_template(folder / "esc.docx", "{{ provider_name }} for {{ person_name }}")
    made = services.letters.make("esc", case)
    text = all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
    assert "Smith & Jones <Advocacy> for Zoë O'Brien-Smith" in text


# -- keeping letters ------------------------------------------------------------------------


def test_file_names_hold_the_case_ref_and_date_never_the_names(
    services: Services, case_id: int
) -> None:
    names = [services.letters.make("introduction", case_id).file_name for _ in range(3)]
    assert names == [
        "C000001-introduction-2026-11-23.docx",
        "C000001-introduction-2026-11-23-2.docx",
        "C000001-introduction-2026-11-23-3.docx",
    ]
    other = services.letters.make("case-closure-easy-read", case_id).file_name
    assert other == "C000001-case-closure-easy-read-2026-11-23.docx"
    for name in [*names, other]:
        assert "jane" not in name.lower()
        assert "partridge" not in name.lower()
        assert "okafor" not in name.lower()


def test_letters_are_kept_audited_and_reopened_byte_for_byte(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    first = services.letters.make("introduction", case_id)
    second = services.letters.make("referral-acknowledgement", case_id)
    kept = services.letters.letters(case_id)
    assert [k.id for k in kept] == [second.id, first.id]  # the newest first
    assert (kept[1].template, kept[1].created_by, kept[1].party) == ("introduction", "tester", "")
    name, content = services.letters.content(first.id)
    assert name == first.file_name
    assert content == letter_bytes(services, first.id)
    assert content.startswith(b"PK")
    saved = services.letters.export(first.id, tmp_path / "copy.docx")
    assert saved.read_bytes() == content
    made, seen, exported = (
        [e for e in events(services, "letter") if e[0] == action]
        for action in ("create", "view", "export")
    )
    assert made[0][1] == first.id
    assert made[0][2] == {
        "case_id": case_id, "case_ref": "C000001",
        "template": [None, "introduction"],
        "file_name": [None, "C000001-introduction-2026-11-23.docx"],
    }  # fmt: skip
    assert seen == [("view", first.id, {"case_ref": "C000001", "file_name": first.file_name})]
    assert exported[0][2]["saved_as"] == "copy.docx"


def test_a_letter_saved_as_pdf_shows_the_letter(
    services: Services, closed_case_id: int, tmp_path: Path
) -> None:
    made = services.letters.make("case-closure", closed_case_id)
    before = datetime.now(UTC)
    out = services.letters.export(made.id, tmp_path / "closure.pdf")
    assert made_just_now(out, before, datetime.now(UTC))  # not 1 January 2000
    text = pdf_text(out)
    assert "Jane Partridge" in text
    assert "Your advocacy has ended" in text
    assert "Issues resolved" in text
    with pytest.raises(AdvocacyDeskError, match=r"must end \.docx or \.pdf"):
        services.letters.export(made.id, tmp_path / "closure.txt")


def test_unknown_case_and_letter(services: Services) -> None:
    with pytest.raises(NotFound, match="no case with id 99"):
        services.letters.make("introduction", 99)
    with pytest.raises(NotFound, match="no letter with id 5"):
        services.letters.content(5)


# -- letters to parties ---------------------------------------------------------------------


def test_a_letter_to_a_party_without_consent_needs_a_reason_which_is_audited(
    services: Services, case_id: int, folder: Path
) -> None:
    person_id = person_of(services, case_id)
    party = services.consent.add_party(person_id, "Sam Jones", "social_worker",
                                       "Essex County Council")  # fmt: skip
    word_template(folder / "to-party.docx", "Dear {{ recipient_name }},",
                  "{{ party_name }}, {{ party_role }}, {{ party_organisation }}",
                  "About {{ person_name }}")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.letters.make("to-party", case_id, party.id, no_consent_reason="   ")
    assert refused.value.errors == {
        "no_consent_reason": "There is no consent to share with Sam Jones, Social worker "
        "(Essex County Council): give the reason to send it anyway."
    }
    assert services.letters.letters(case_id) == []
    assert events(services, "letter") == []

    reason = "Safeguarding: the social worker must know of the move today"
    made = services.letters.make("to-party", case_id, party.id, no_consent_reason=reason)
    assert made.no_consent_reason == reason
    assert made.party == "Sam Jones, Social worker (Essex County Council)"
    assert services.letters.letters(case_id)[0].no_consent_reason == reason
    details = events(services, "letter")[0][2]
    assert details["no_consent_reason"] == [None, reason]
    assert details["party_id"] == [None, party.id]
    text = all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
    assert "Dear Sam Jones," in text
    assert "Sam Jones, Social worker, Essex County Council" in text
    assert "About Jane Partridge" in text


def test_with_consent_no_reason_is_needed_and_a_withdrawn_one_counts_for_nothing(
    services: Services, case_id: int
) -> None:
    person_id = person_of(services, case_id)
    gp = services.consent.add_party(person_id, "Dr Rao", "gp")
    sister = services.consent.add_party(person_id, "Mary Partridge", "family_member")
    give_sharing_consent(services, person_id, gp.id)
    give_sharing_consent(services, person_id, sister.id, withdrawn_on=TODAY - timedelta(days=1))
    assert [(r.party_id, r.label, r.may_share) for r in services.letters.recipients(case_id)] == [
        (None, "Jane Partridge (the person)", True),
        (gp.id, "Dr Rao, GP", True),
        (sister.id, "Mary Partridge, Family member", False),
    ]
    made = services.letters.make("introduction", case_id, gp.id, no_consent_reason="not needed")
    assert made.no_consent_reason == ""  # consent stands: no reason kept
    with pytest.raises(ValidationError, match="no consent to share with Mary Partridge"):
        services.letters.make("introduction", case_id, sister.id)


def test_a_party_of_someone_else_is_refused(services: Services, case_id: int) -> None:
    other_case = open_case(services, "Bob", "Baker")
    stranger = services.consent.add_party(person_of(services, other_case), "Al Smith", "gp")
    with pytest.raises(ValidationError) as refused:
        services.letters.make("introduction", case_id, stranger.id, "a reason")
    assert set(refused.value.errors) == {"party_id"}


# -- who may --------------------------------------------------------------------------------


def test_an_advocate_is_refused_another_advocates_case(services: Services, case_id: int) -> None:
    services.letters.make("introduction", case_id)
    services.staff.add("bob", "Bob Other", advocacy_types=["care_act"])
    services.accounts.add("dee", "Dee Okafor", "advocate", PASSWORD)
    services.accounts.add("bob", "Bob Other", "advocate", PASSWORD)
    services.accounts.sign_in("bob", PASSWORD)
    with pytest.raises(NotPermitted, match="not on your caseload"):
        services.letters.make("introduction", case_id)
    with pytest.raises(NotPermitted):
        services.letters.letters(case_id)
    with pytest.raises(NotPermitted):
        services.letters.content(services_letter_id(services))
    with pytest.raises(NotPermitted):
        services.letters.set_templates_folder("")
    with pytest.raises(NotPermitted):
        services.letters.missing_address(case_id)  # whose address it is, not even that
    with pytest.raises(NotPermitted, match=r"cannot write letters for this case$"):
        services.letters.write_for_case_ref("introduction", "C000001", Path("x.docx"),
                                            warn=print)  # fmt: skip
    services.accounts.sign_in("dee", PASSWORD)
    assert services.letters.make("introduction", case_id).created_by == "dee"
    assert len(services.letters.letters(case_id)) == 2


def services_letter_id(services: Services) -> int:
    with services.uow() as uow:
        return uow.session.scalars(select(Letter.id)).first() or 0


def test_a_reader_lists_letters_but_does_not_make_them(services: Services, case_id: int) -> None:
    services.letters.make("introduction", case_id)
    services.accounts.add("reese", "Reese Reader", "read_only", PASSWORD)
    services.accounts.sign_in("reese", PASSWORD)
    assert len(services.letters.letters(case_id)) == 1
    assert services.letters.templates()
    with pytest.raises(NotPermitted, match="does not allow you to write letters"):
        services.letters.make("introduction", case_id)


# -- the command line's call ------------------------------------------------------------------


def test_write_for_case_ref(services: Services, case_id: int, tmp_path: Path) -> None:
    out = tmp_path / "letter.docx"
    made = services.letters.write_for_case_ref("introduction", "c000001", out)
    assert made.file_name == "C000001-introduction-2026-11-23.docx"
    assert out.read_bytes() == letter_bytes(services, made.id)
    with pytest.raises(NotFound, match=r"^no case C000999$"):
        services.letters.write_for_case_ref("introduction", "C000999", out)
    with pytest.raises(AdvocacyDeskError, match=r"^no letter template called 'intro': the "):
        services.letters.write_for_case_ref("intro", "C000001", out)
    assert len(services.letters.letters(case_id)) == 1


def test_the_command_line_saves_a_letter_as_the_window_saves_a_copy(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """One export path: the command's letter and the window's "Save a copy" leave the
    same event, recorded after the file is whole."""

    def last_export() -> tuple[str, str, dict[str, str]]:
        with services.uow(read_only=True) as uow:
            row = uow.session.scalars(
                select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)
            ).one()
            return row.action, row.entity, json.loads(row.details or "{}")

    made = services.letters.write_for_case_ref("introduction", "C000001", tmp_path / "a.docx")
    by_command = last_export()
    services.letters.export(made.id, tmp_path / "b.docx")
    by_window = last_export()
    assert by_command == ("export", "letter", {
        "case_ref": "C000001", "file_name": made.file_name, "saved_as": "a.docx",
    })  # fmt: skip
    assert by_window == ("export", "letter", {**by_command[2], "saved_as": "b.docx"})
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
