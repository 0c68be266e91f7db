"""The letter templates Advocacy Desk ships, made with python-docx.

Run ``python -m advocacy_desk.letters.make_templates`` to write them again to
``resources/letter_templates/`` after changing the words here; a test checks that the
files there are what this makes. Each template is written from the provider to the
person, in plain English; the easy-read ones are in large type (16 point and more),
with short sentences and one idea to a line.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from advocacy_desk.domain.letters import SHIPPED_TITLES
from advocacy_desk.paths import RESOURCES

#: Where the shipped templates live.
SHIPPED_FOLDER = RESOURCES / "letter_templates"

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x55, 0x55, 0x55)
#: The same bytes each time: no "made at" in the document's properties or its zip.
FIXED_TIME = datetime(2026, 1, 1)  # noqa: DTZ001 - Word stores it without a zone
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: How to reach the provider, in the footer: each part only when Settings gives it.
CONTACT = (
    "{% if provider_telephone %}Telephone {{ provider_telephone }}{% endif %}"
    "{% if provider_telephone and provider_email %}  ·  {% endif %}"
    "{% if provider_email %}Email {{ provider_email }}{% endif %}"
    "{% if provider_website and (provider_telephone or provider_email) %}  ·  {% endif %}"
    "{{ provider_website }}"
)
#: The same for an easy-read letter: one way to a line.
CONTACT_EASY = (
    "{% if provider_telephone %}Phone: {{ provider_telephone }}{% endif %}"
    "{% if provider_telephone and provider_email %}\n{% endif %}"
    "{% if provider_email %}Email: {{ provider_email }}{% endif %}"
    "{% if provider_website and (provider_telephone or provider_email) %}\n{% endif %}"
    "{{ provider_website }}"
)
#: A line of text: plain, or runs of (text, bold).
Line = str | Sequence[tuple[str, bool]]


@dataclass(frozen=True)
class Shipped:
    name: str
    build: Callable[[], WordDocument]

    @property
    def title(self) -> str:
        return SHIPPED_TITLES[self.name]


class _Letter:
    """A document in the house letter layout; ``easy`` makes it easy read."""

    def __init__(self, title: str, *, easy: bool = False) -> None:
        self.easy = easy
        self.doc = Document()
        size = 16 if easy else 11
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(size)
        spacing = normal.paragraph_format
        spacing.space_after = Pt(12 if easy else 6)
        spacing.line_spacing = 1.4 if easy else 1.15
        heading = self.doc.styles["Heading 1"]
        heading.font.name = FONT
        heading.font.size = Pt(28 if easy else 16)
        heading.font.bold = True
        heading.font.color.rgb = ACCENT
        heading.paragraph_format.space_before = Pt(18 if easy else 12)
        heading.paragraph_format.space_after = Pt(12 if easy else 6)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.2))
        # The letterhead: the provider's name, and under it their address to write back to.
        top = section.header.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        top.paragraph_format.space_after = Pt(0)
        run = top.add_run("{{ provider_name }}")
        run.bold = True
        run.font.size = Pt(18 if easy else 14)
        run.font.color.rgb = ACCENT
        address = section.header.add_paragraph()
        address.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        address.paragraph_format.space_before = Pt(0)
        lines = address.add_run("{{ provider_address }}")
        lines.font.size = Pt(16 if easy else 9)
        lines.font.color.rgb = MUTED
        # The footer: how to reach the provider, and the reference to quote.
        bottom = section.footer.paragraphs[0]
        bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ways = bottom.add_run(CONTACT_EASY if easy else CONTACT)
        ways.font.size = Pt(16 if easy else 9)
        ways.font.color.rgb = MUTED
        quote = section.footer.add_paragraph()
        quote.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note = quote.add_run(
            "Our reference: {{ case_ref }}"
            if easy
            else "Please quote our reference {{ case_ref }} when you contact us."
        )
        note.font.size = Pt(16 if easy else 9)
        note.font.color.rgb = MUTED
        props = self.doc.core_properties
        props.title = title
        props.author = props.last_modified_by = "Advocacy Desk"
        props.comments = "A letter template for Advocacy Desk, which fills in its placeholders."
        props.created = props.modified = FIXED_TIME
        props.revision = 1

    def line(self, text: Line = "", *, right: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        runs = [(text, False)] if isinstance(text, str) else text
        for words, bold in runs:
            paragraph.add_run(words).bold = bold or None
        return paragraph

    def lines(self, *texts: Line) -> None:
        for text in texts:
            self.line(text)

    def heading(self, text: str) -> None:
        self.doc.add_heading(text, level=1)

    def facts(self, rows: Sequence[tuple[str, str]], *, grid: bool = False) -> None:
        """A two-column table: what, and the placeholder that says it."""
        table = self.doc.add_table(rows=0, cols=2)
        if grid:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Cm(5), Cm(11)
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(value)
        self.line()

    def address_block(self) -> None:
        """The person's name and postal address, one line under another, where a window
        envelope shows them (no blank lines for the parts not recorded)."""
        block = self.line("{{ person_name }}")
        block.paragraph_format.space_after = Pt(0)
        self.line("{{ person_address }}")

    def opening(self) -> None:
        """The addressee, the date and the references of a standard letter."""
        self.address_block()
        self.line("{{ today }}", right=True)
        self.facts([("Our reference", "{{ case_ref }}"), ("Your advocate", "{{ advocate_name }}")])

    def sign_off(self) -> None:
        self.lines("Yours sincerely,", "", "{{ advocate_name }}", "Advocate, {{ provider_name }}")


def referral_acknowledgement() -> WordDocument:
    letter = _Letter("Referral acknowledgement")
    letter.opening()
    letter.heading("We have received a referral for you")
    letter.lines(
        "Dear {{ person_first_name }},",
        "Thank you. On {{ referral_received_on }} we received a referral asking for an "
        "advocate to support you. Our reference for the referral is {{ referral_ref }}.",
    )
    letter.facts([("Kind of advocacy", "{{ advocacy_type }}"),
                  ("Your advocate", "{{ advocate_name }}")])  # fmt: skip
    letter.lines(
        "An advocate is independent. They help you to have your say, to understand your "
        "rights and to take part in decisions about your life. Advocacy is free and "
        "confidential.",
        "{{ advocate_name }} will contact you soon to arrange to meet you.",
        "If you have any questions, or you did not know about this referral, please "
        "contact us and quote the reference {{ case_ref }}.",
    )
    letter.sign_off()
    return letter.doc


def introduction() -> WordDocument:
    letter = _Letter("Introduction of the advocate")
    letter.opening()
    letter.heading("Your advocate")
    letter.lines(
        "Dear {{ person_first_name }},",
        "My name is {{ advocate_name }}. I am an advocate at {{ provider_name }}, and I "
        "will be your advocate.",
        "My job is to support you to say what you want, to make sure your rights are "
        "respected, and to help you take part in decisions about you.",
        "I am independent. I do not work for the council, the NHS or the people who "
        "provide your care.",
        "What you tell me is confidential. I will only share it with your permission, "
        "unless someone is at risk of serious harm.",
        "I would like to meet you soon. If there is anything that would help you take "
        "part, such as an interpreter, large print or a quiet room, please tell me.",
    )
    letter.sign_off()
    return letter.doc


def appointment_confirmation() -> WordDocument:
    letter = _Letter("Appointment confirmation")
    letter.opening()
    letter.heading("Your appointment with your advocate")
    letter.lines("Dear {{ person_first_name }},", "This letter confirms our appointment:")
    letter.facts(
        [
            ("Date", "{{ appointment_day }} {{ appointment_date }}"),
            ("Time", "{{ appointment_time }} to {{ appointment_end_time }}"),
            ("Where", "{{ appointment_place }}"),
            ("What", "{{ appointment_kind }}"),
            ("With", "{{ advocate_name }}"),
        ],
        grid=True,
    )
    letter.lines(
        "If you cannot come, or you need anything to help you take part, such as an "
        "interpreter or someone to come with you, please let us know as soon as you can.",
    )
    letter.sign_off()
    return letter.doc


def case_closure() -> WordDocument:
    letter = _Letter("Case closure")
    letter.opening()
    letter.heading("Your advocacy has ended")
    letter.lines(
        "Dear {{ person_first_name }},",
        "I am writing to let you know that our advocacy support for you "
        "{% if case_closed_on %}ended on {{ case_closed_on }}{% else %}has now ended"
        "{% endif %}.",
    )
    letter.facts([("Support began", "{{ case_opened_on }}"),
                  ("Support ended", "{{ case_closed_on }}"),
                  ("Reason", "{{ closure_reason }}")])  # fmt: skip
    letter.lines(
        "Thank you for working with us. If you need an advocate again, you, or someone "
        "who knows you, can contact us at any time.",
        "We would like to hear what you thought of our support. Please tell us, or ask "
        "someone to tell us for you.",
    )
    letter.sign_off()
    return letter.doc


def introduction_easy_read() -> WordDocument:
    letter = _Letter("Introduction of the advocate (easy read)", easy=True)
    letter.address_block()
    letter.line("{{ today }}")
    letter.heading("Meet your advocate")
    letter.lines(
        "Hello {{ person_first_name }}.",
        [("My name is ", False), ("{{ advocate_name }}", True), (".", False)],
        [("I am your ", False), ("advocate", True), (".", False)],
        "I work for {{ provider_name }}.",
        "An advocate helps you to have your say.",
        "I will listen to you.",
        "I will help you to say what you want.",
        "I do not work for the council.",
        "I do not work for the NHS.",
        [("What you tell me is ", False), ("private", True), (".", False)],
        "I will only tell other people if you say yes.",
        "Or if someone could get hurt.",
        "I will come to see you soon.",
        "From {{ advocate_name }}",
    )
    return letter.doc


def case_closure_easy_read() -> WordDocument:
    letter = _Letter("Case closure (easy read)", easy=True)
    letter.address_block()
    letter.line("{{ today }}")
    letter.heading("Your advocacy has finished")
    letter.lines(
        "Hello {{ person_first_name }}.",
        "I was your advocate.",
        [("We have ", False), ("finished", True), (" working together.", False)],
        "{% if case_closed_on %}We finished on {{ case_closed_on }}.{% endif %}",
        "Thank you for working with me.",
        [("You can ask for an advocate ", False), ("again", True), (".", False)],
        "You can contact {{ provider_name }}.",
        "{% if provider_telephone %}Phone us on {{ provider_telephone }}.{% endif %}",
        "Or someone who helps you can contact us.",
        "From {{ advocate_name }}",
    )
    return letter.doc


#: The shipped templates, in the order they are listed.
SHIPPED: tuple[Shipped, ...] = (
    Shipped("referral-acknowledgement", referral_acknowledgement),
    Shipped("introduction", introduction),
    Shipped("appointment-confirmation", appointment_confirmation),
    Shipped("case-closure", case_closure),
    Shipped("introduction-easy-read", introduction_easy_read),
    Shipped("case-closure-easy-read", case_closure_easy_read),
)
assert tuple(SHIPPED_TITLES) == tuple(s.name for s in SHIPPED)


def build(shipped: Shipped) -> bytes:
    """The template's .docx bytes, the same every time."""
    made = BytesIO()
    shipped.build().save(made)
    return _stable_zip(made.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same parts, in the same order, with a fixed time on each."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_all(folder: Path = SHIPPED_FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for shipped in SHIPPED:
        path = folder / f"{shipped.name}.docx"
        path.write_bytes(build(shipped))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else SHIPPED_FOLDER
    for path in write_all(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
