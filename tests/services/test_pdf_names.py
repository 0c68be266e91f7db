"""Every PDF prints every name: the return, subject access, report and letter PDFs embed a
Unicode font (DejaVu Sans, shipped in resources/fonts with its licence), so Polish,
Vietnamese, Greek and Cyrillic names come out as text a PDF reader can extract; and an
unbroken 2,000-character word wraps instead of failing the layout."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import docx
from pypdf import PdfReader

from advocacy_desk.app import Services
from advocacy_desk.domain.consent import ConsentDetails
from advocacy_desk.exports.return_pdf import write_pdf as write_return_pdf
from advocacy_desk.letters.pdf import write_pdf as write_letter_pdf
from advocacy_desk.paths import RESOURCES
from advocacy_desk.records.returns import Narrative
from advocacy_desk.services.settings import PROVIDER_NAME
from tests.conftest import TODAY
from tests.data_protection_data import closed_case, person
from tests.services.test_letters import word_template
from tests.services.test_reports import DETAILS, open_case
from tests.services.test_return_pdf import Q2

POLISH = "Łukasz"
VIETNAMESE = "Wiśniewski-Nguyễn"
GREEK = "Αλέξανδρος"
CYRILLIC = "Дмитрий"
NAMES = (POLISH, VIETNAMESE, GREEK, CYRILLIC)
#: No space, no hyphen: nothing to break the line at.
LONG_WORD = "W" * 2_000


def pdf_text(path: Path) -> str:
    """Every page's text, as a PDF reader extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _fonts(path: Path) -> set[str]:
    found: set[str] = set()
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for font in fonts.get_object().values():
            found.add(str(font.get_object().get("/BaseFont")))
    return found


def _unicode_person(services: Services) -> int:
    return person(services, f"{POLISH} {GREEK}", f"{VIETNAMESE} {CYRILLIC}")


def test_the_font_and_its_licence_are_shipped() -> None:
    folder = RESOURCES / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                 "DejaVuSans-BoldOblique.ttf"):  # fmt: skip
        assert (folder / name).stat().st_size > 100_000, name
    licence = (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence
    assert "DejaVu changes are in public domain" in licence


def test_subject_access_prints_every_name_as_text(services: Services, tmp_path: Path) -> None:
    who = _unicode_person(services)
    services.consent.add_party(who, f"{CYRILLIC} Петров", "social_worker", GREEK)
    services.consent.record(who, ConsentDetails("advocacy", TODAY - timedelta(days=3), "verbal",
                                                reason=f"{POLISH} agreed"))  # fmt: skip
    pdf, _data = services.data_protection.export_subject_access(who, tmp_path)
    text = pdf_text(pdf)
    for name in NAMES:
        assert name in text, name
    assert f"{CYRILLIC} Петров" in text
    assert all("DejaVuSans" in font for font in _fonts(pdf)), _fonts(pdf)


def test_a_subject_access_whose_notes_hold_a_2000_character_word_is_answered(
    services: Services, tmp_path: Path
) -> None:
    who = _unicode_person(services)
    closed_case(services, who, TODAY - timedelta(days=30), TODAY - timedelta(days=20),
                note=LONG_WORD, notes=LONG_WORD)  # fmt: skip
    # 19 short lines then a long word: one cell taller than a page, before.
    closed_case(services, who, TODAY - timedelta(days=10), TODAY - timedelta(days=2),
                note="\n".join([LONG_WORD[:60]] * 19))  # fmt: skip
    pdf, _data = services.data_protection.export_subject_access(who, tmp_path)
    text = pdf_text(pdf)
    # Every character printed (the note and the referral's notes; wrapped over lines and
    # carried over pages, so page footers come between its pieces) ...
    assert text.count("W") >= 2 * len(LONG_WORD)
    # ... and wrapped: no line runs off the page.
    assert max(len(line) for line in text.splitlines()) < 200
    assert VIETNAMESE in text


def test_the_return_prints_every_name_as_text(services: Services, tmp_path: Path) -> None:
    services.settings.change(PROVIDER_NAME, f"{POLISH} {VIETNAMESE} Advocacy")
    report = services.returns.prepare(Q2)
    narrative = Narrative(f"{GREEK} led the work.", f"{CYRILLIC} and {LONG_WORD}",
                          (f"{POLISH} moved home.",))  # fmt: skip
    out = tmp_path / "return.pdf"
    write_return_pdf(report, narrative, out)
    text = pdf_text(out)
    for name in NAMES:
        assert name in text, name
    assert text.count("W") >= len(LONG_WORD)
    assert max(len(line) for line in text.splitlines()) < 200


def test_a_report_prints_every_name_as_text(services: Services, tmp_path: Path) -> None:
    case_id = open_case(services, f"{POLISH} {GREEK}", f"{VIETNAMESE} {CYRILLIC}")
    details = replace(DETAILS, wishes_feelings=f"{CYRILLIC} wants to stay. {LONG_WORD}")
    report = services.reports.create(case_id, details)
    out = tmp_path / "report.pdf"
    services.reports.export(report.id, out)
    text = pdf_text(out)
    for name in NAMES:
        assert name in text, name
    assert text.count("W") >= len(LONG_WORD)
    assert max(len(line) for line in text.splitlines()) < 200


def test_a_letter_prints_every_name_as_text(services: Services, tmp_path: Path) -> None:
    services.settings.change(PROVIDER_NAME, f"{CYRILLIC} Advocacy")
    case_id = open_case(services, f"{POLISH} {GREEK}", VIETNAMESE)
    made = services.letters.make("introduction", case_id)
    out = tmp_path / "letter.pdf"
    services.letters.export(made.id, out)
    text = pdf_text(out)
    for name in NAMES:
        assert name in text, name


def test_names_survive_in_bold_and_italic_runs(tmp_path: Path) -> None:
    source = word_template(tmp_path / "t.docx", f"Dear {POLISH} {GREEK} {CYRILLIC}")
    document = docx.Document(str(source))
    run = document.paragraphs[0].add_run(f" {VIETNAMESE}")
    run.bold = True
    run.italic = True
    document.save(str(source))
    out = tmp_path / "letter.pdf"
    write_letter_pdf(source.read_bytes(), out, title="A letter", author="Advocacy")
    text = pdf_text(out)
    for name in NAMES:
        assert name in text, name
    assert "DejaVuSans-BoldOblique" in " ".join(_fonts(out))
