"""``advocacy-desk letter --template NAME --case CASE_REF --out FILE``: the letter is
kept with the case and saved as .docx or .pdf; an unknown template or case is one clear
line and exit 1."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import docx
import pytest

from advocacy_desk.app import open_services
from advocacy_desk.cli import main as cli_main
from advocacy_desk.services.settings import PROVIDER_NAME
from tests.pdf_text import pdf_text
from tests.services.test_letters import ADDRESS, CONTACT, all_text, give_address, open_case


@pytest.fixture
def database(database: str) -> str:
    """Jane Partridge's case C000001, with the provider's name set."""
    services = open_services(database, user="tester")
    try:
        services.settings.change(PROVIDER_NAME, "Essex Voice Advocacy")
        open_case(services)
    finally:
        services.close()
    return database


def _letter(database: str, *args: str) -> int:
    return cli_main(["--db", str(database), "letter", *args])


def test_a_letter_as_docx_is_kept_with_the_case(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "intro.docx"
    assert _letter(database, "--template", "introduction", "--case", "C000001",
                   "--out", str(out)) == 0  # fmt: skip
    said = capsys.readouterr().out
    found = re.fullmatch(r"letter (C000001-introduction-\d{4}-\d\d-\d\d\.docx) kept with "
                         r"C000001 and saved as (.+)\n", said)  # fmt: skip
    assert found is not None, said
    assert found[2] == str(out)
    name = found[1]
    text = all_text(docx.Document(BytesIO(out.read_bytes())))
    assert "Dear Jane," in text
    assert "Essex Voice Advocacy" in text
    assert "{{" not in text
    services = open_services(database, user="tester")
    try:
        kept = services.letters.letters(1)
        assert [k.file_name for k in kept] == [name]
        assert services.letters.content(kept[0].id)[1] == out.read_bytes()
    finally:
        services.close()


def test_a_letter_as_pdf_shows_the_persons_name(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "closure.pdf"
    assert _letter(database, "--template", "introduction-easy-read", "--case", "C000001",
                   "--out", str(out)) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out, layout=False)
    assert "Hello Jane." in text
    assert "Meet your advocate" in text
    assert "Essex Voice Advocacy" in text


def test_an_unknown_template_is_one_line(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.docx"
    assert _letter(database, "--template", "welcome", "--case", "C000001", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err == (
        "advocacy-desk: error: no letter template called 'welcome': the templates are "
        "referral-acknowledgement, introduction, appointment-confirmation, case-closure, "
        "introduction-easy-read, case-closure-easy-read\n"
    )
    assert not out.exists()


def test_an_unknown_case_is_one_line(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert _letter(database, "--template", "introduction", "--case", "C000999",
                   "--out", str(out)) == 1  # fmt: skip
    assert capsys.readouterr().err == "advocacy-desk: error: no case C000999\n"
    assert not out.exists()


def test_a_letter_to_someone_with_no_address_warns_on_standard_error_and_is_still_made(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "intro.docx"
    assert _letter(database, "--template", "introduction", "--case", "C000001",
                   "--out", str(out)) == 0  # fmt: skip
    said = capsys.readouterr()
    assert said.err == (
        "advocacy-desk: warning: Jane Partridge has no address recorded: the letter will have "
        "no address block. Add it to P000001 and make the letter again.\n"
    )
    assert said.out.startswith("letter C000001-introduction-")  # the output as before
    assert out.is_file()


def test_a_letter_with_the_address_and_contact_details_prints_them_and_no_warning(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = open_services(database, user="tester")
    try:
        services.settings.change_many(CONTACT)
        give_address(services, 1, **ADDRESS)
    finally:
        services.close()
    out = tmp_path / "intro.pdf"
    assert _letter(database, "--template", "introduction", "--case", "C000001",
                   "--out", str(out)) == 0  # fmt: skip
    assert capsys.readouterr().err == ""
    text = pdf_text(out, layout=False)
    for part in ("12 Mill Lane", "Great Baddow", "CM2 0AA", "Riverside House", "CM2 6FB",
                 "01245 000 123", "hello@essexvoice.org.uk", "www.essexvoice.org.uk"):  # fmt: skip
        assert part in text, part
