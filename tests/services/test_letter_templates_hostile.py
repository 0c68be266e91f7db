"""Hostile letter templates in the provider's folder: each is listed as unusable with one
clear reason, quickly, and the other templates keep working."""

from __future__ import annotations

import time
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.letters import templates
from tests.services.test_letters import all_text, letter_bytes, open_case, word_template

#: A template deeper than the bound, and one deeper than Python can parse.
DEEP = "{% if true %}" * 40 + "x" + "{% endif %}" * 40
DEEPER = "{% if true %}" * 3000 + "x" + "{% endif %}" * 3000


@pytest.fixture
def folder(services: Services, tmp_path: Path) -> Path:
    chosen = tmp_path / "our-templates"
    chosen.mkdir()
    services.letters.set_templates_folder(chosen)
    word_template(chosen / "good.docx", "Dear {{ person_first_name }},")
    return chosen


def _listed(services: Services) -> dict[str, str | None]:
    return {t.name: t.problem for t in services.letters.templates()}


def _still_works(services: Services, case_id: int) -> None:
    """The provider's good template and a shipped one still make letters."""
    listed = _listed(services)
    assert listed["good"] is None
    assert listed["introduction"] is None
    made = services.letters.make("good", case_id)
    assert "Dear Jane," in all_text(docx.Document(BytesIO(letter_bytes(services, made.id))))
    services.letters.make("introduction", case_id)


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (("{% include 'secret.docx' %}",), "uses {% include %}, which a letter template may not"),
        (("{% import 'x' as y %}",), "uses {% import %}, which a letter template may not"),
        (("{% extends 'x' %}",), "uses {% extends %}, which a letter template may not"),
        ((DEEP,), "nests its tags more than 30 deep"),
        ((DEEPER,), "nests its tags too deeply to read"),
        (("{% for c in 'ab' recursive %}{{ loop(c) }}{% endfor %}",), "uses a recursive loop"),
    ],
)
def test_a_template_that_reads_files_or_nests_too_deep_is_listed_as_unusable(
    services: Services, folder: Path, lines: tuple[str, ...], said: str
) -> None:
    word_template(folder / "bad.docx", *lines)
    case_id = open_case(services)
    started = time.perf_counter()
    problem = _listed(services)["bad"]
    assert time.perf_counter() - started < 5
    assert problem is not None
    assert problem.startswith("Template 'bad.docx' ")
    assert said in problem
    assert "\n" not in problem
    with pytest.raises(AdvocacyDeskError, match=r"Template 'bad\.docx'"):
        services.letters.make("bad", case_id)
    _still_works(services, case_id)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
         "runs its loops more than 100,000 times"),
        ("{% for i in range(60000) %}{{ 'x' * 100 }}{% endfor %}", "fills to more than 5 MB"),
        ("{{ 'x' * 100000000 }}", "makes a value of over"),
        ("{% set a = 'xxxxxxxxxxxxxxxx' %}" + "{% set a = a ~ a %}" * 30 + "{{ a }}",
         "makes a value of over"),
        ("{% set a %}xxxxxxxxxxxxxxxx{% endset %}" + "{% set a %}{{ a }}{{ a }}{% endset %}" * 30,
         "makes a value of over"),
        ("{{ ('x' * 1000)|replace('', 'y' * 10000) }}", "makes a value of over"),
        ("{{ 9 ** 99999999 }}", "raises a number to a power over 64"),
        ("{{ '%099999999d' % 1 }}", "formats text with %"),
        ("{{ '{:>999999999}'.format(1) }}", "does something a letter template may not"),
        ("{{ 'x'.center(999999999) }}", "does something a letter template may not"),
        ("{{ lipsum(999999) }}", "uses {{ lipsum }}, which Advocacy Desk does not know"),
    ],
)  # fmt: skip
def test_a_template_that_fills_beyond_a_sane_size_is_refused_in_one_line_quickly(
    services: Services, folder: Path, body: str, said: str
) -> None:
    word_template(folder / "huge.docx", body)
    case_id = open_case(services)
    started = time.perf_counter()
    with pytest.raises(AdvocacyDeskError) as refused:
        services.letters.make("huge", case_id)
    assert time.perf_counter() - started < 10
    message = str(refused.value)
    assert message.startswith("Template 'huge.docx' "), message
    assert said in message
    assert "\n" not in message
    assert services.letters.letters(case_id) == []  # nothing kept
    _still_works(services, case_id)


def test_placeholders_in_the_document_properties_are_refused_never_filled(
    services: Services, folder: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("Dear {{ person_first_name }},")
    document.core_properties.title = "Letter for {{ person_name }}"
    document.core_properties.subject = "{% if true %}{{ person_postcode }}{% endif %}"
    document.save(str(folder / "metadata.docx"))
    case_id = open_case(services)
    problem = _listed(services)["metadata"]
    assert problem == (
        "Template 'metadata.docx' has placeholders in its document properties (subject, "
        "title), which are never filled: remove them (in Word, File > Info > Properties)"
    )
    with pytest.raises(AdvocacyDeskError, match="document properties"):
        services.letters.make("metadata", case_id)
    _still_works(services, case_id)


def test_plain_document_properties_are_kept_as_written(services: Services, folder: Path) -> None:
    path = word_template(folder / "titled.docx", "Dear {{ person_first_name }},")
    document = docx.Document(str(path))
    document.core_properties.title = "Welcome & introduction"
    document.save(str(path))
    made = services.letters.make("titled", open_case(services))
    kept = docx.Document(BytesIO(letter_bytes(services, made.id)))
    assert kept.core_properties.title == "Welcome & introduction"


def test_a_corrupt_or_inflating_template_is_listed_with_its_problem(
    services: Services, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "garbage.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    truncated = word_template(folder / "cut.docx", "Dear {{ person_first_name }},")
    truncated.write_bytes(truncated.read_bytes()[:3000])
    bomb = folder / "bomb.docx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/document.xml", "w") as part,
    ):
        for _ in range(6):
            part.write(bytes(1024 * 1024))
    monkeypatch.setattr(templates, "MAX_UNPACKED", 5 * 1024 * 1024)
    case_id = open_case(services)
    listed = _listed(services)
    for name in ("garbage", "cut"):
        assert listed[name] == (
            f"Template '{name}.docx' cannot be opened as a Word document: save it from Word "
            "as a .docx file"
        )
    assert listed["bomb"] == (
        "Template 'bomb.docx' would unpack to 6 MB, more than a Word document ever needs "
        "(at most 5 MB): save it again from Word"
    )
    _still_works(services, case_id)
