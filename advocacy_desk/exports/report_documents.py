"""An advocate's report as a document: an editable Word file (python-docx) or a PDF in
the house style (ReportLab, ``pdf_house``).

The first page is headed by the provider's logo (when Settings has one) and name, then
the kind of report as the title, who and what it is about (case reference, the person's
name and date of birth, the decision or process, the decision maker, when it is due,
the advocate), then each section under its heading, and last its status: a draft, or
when and to whom it was sent. The person's name is in the document (it is a report
about them to the decision maker) but never in its metadata; the file name is the
caller's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.vocabulary import REPORT_KIND, REPORT_SECTION, UnknownCode
from advocacy_desk.records.reports import ReportDetails

NOT_WRITTEN = "Not written yet."
NOTHING_WRITTEN = "Nothing was written in this section."
NOT_RECORDED = "Not recorded"
#: The logo is drawn at most this tall and this wide (millimetres), keeping its shape.
LOGO_HEIGHT_MM = 20.0
LOGO_WIDTH_MM = 70.0


@dataclass(frozen=True)
class ReportDocument:
    """Everything a report's document shows."""

    provider_name: str
    logo: bytes | None
    case_ref: str
    number: int
    person_name: str
    person_born: date | None
    advocate_name: str
    details: ReportDetails
    status: str
    #: (sent on, sent to), in the order recorded.
    sendings: tuple[tuple[date, str], ...] = ()
    changed_since_sent: bool = False

    @property
    def title(self) -> str:
        try:
            return REPORT_KIND.label(self.details.kind)
        except UnknownCode:
            return "Advocate's report"

    @property
    def subtitle(self) -> str:
        return f"Report {self.number} on case {self.case_ref}"

    def facts(self) -> list[tuple[str, str]]:
        """The first page's table: label, value."""
        d = self.details
        return [
            ("Case reference", self.case_ref),
            ("Person", self.person_name),
            ("Date of birth", format_uk(self.person_born) or NOT_RECORDED),
            ("Decision or process", d.about),
            ("Decision maker", d.decision_maker or NOT_RECORDED),
            ("Due", format_uk(d.due_on) or "No date set"),
            ("Advocate", self.advocate_name),
        ]

    def sections(self) -> list[tuple[str, str]]:
        """Each section's heading and text (empty when nothing is written)."""
        return [(label, self.details.section(code)) for code, label in REPORT_SECTION.items]

    @property
    def empty_text(self) -> str:
        return NOT_WRITTEN if self.status == "draft" else NOTHING_WRITTEN

    def status_lines(self) -> list[str]:
        if not self.sendings:
            return ["Draft: not sent yet."]
        lines = [f"Sent on {format_uk(on)} to {to}." for on, to in self.sendings]
        if self.changed_since_sent:
            last = format_uk(self.sendings[-1][0])
            lines.append(f"Changed since it was last sent on {last}: this version is a draft.")
        return lines

    @property
    def metadata_title(self) -> str:
        """The file's title property: no personal details."""
        return f"{self.title}, {self.case_ref} report {self.number}"


def paragraphs(text: str) -> list[list[str]]:
    """Free text as paragraphs (split at blank lines), each a list of its lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def logo_size_mm(logo: bytes) -> tuple[float, float]:
    """The logo's drawn width and height in millimetres, keeping its shape."""
    from reportlab.lib.utils import ImageReader

    width, height = ImageReader(io.BytesIO(logo)).getSize()
    scale = min(LOGO_HEIGHT_MM / height, LOGO_WIDTH_MM / width)
    return width * scale, height * scale


def write(document: ReportDocument, out: Path, fmt: str) -> None:
    """Write ``document`` to ``out`` as "docx" or "pdf"."""
    if fmt == "docx":
        write_docx(document, out)
    elif fmt == "pdf":
        write_pdf(document, out)
    else:
        raise ValueError(f"no such document format: {fmt}")


# -- Word -------------------------------------------------------------------------------


def write_docx(document: ReportDocument, out: Path) -> None:
    """An editable Word document: real headings, paragraphs and a table."""
    from docx import Document
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    props = doc.core_properties
    props.title = document.metadata_title
    props.author = document.provider_name
    props.last_modified_by = document.provider_name
    props.subject = "Advocate's report"
    props.comments = "Made by Advocacy Desk"
    props.keywords = ""
    props.category = ""

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    if document.logo:
        width, height = logo_size_mm(document.logo)
        doc.add_picture(io.BytesIO(document.logo), width=Mm(width), height=Mm(height))
    provider = doc.add_paragraph()
    name = provider.add_run(document.provider_name)
    name.bold = True
    name.font.size = Pt(14)
    name.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)

    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle)

    facts = doc.add_table(rows=0, cols=2)
    facts.style = doc.styles["Table Grid"]
    for label, value in document.facts():
        cells = facts.add_row().cells
        cells[0].width, cells[1].width = Mm(50), Mm(120)
        cells[0].paragraphs[0].add_run(label).bold = True
        _docx_text(cells[1].paragraphs[0], value)

    for label, text in document.sections():
        doc.add_heading(label, level=1)
        blocks = paragraphs(text)
        if not blocks:
            doc.add_paragraph().add_run(document.empty_text).italic = True
        for block in blocks:
            _docx_lines(doc.add_paragraph(), block)

    doc.add_heading("Status", level=1)
    for line in document.status_lines():
        doc.add_paragraph(line)

    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = f"{document.provider_name} · {document.case_ref} · report {document.number}"
    doc.save(str(out))


def _docx_text(paragraph: Any, text: str) -> None:
    _docx_lines(paragraph, text.split("\n"))


def _docx_lines(paragraph: Any, lines: list[str]) -> None:
    """The lines in one paragraph, with line breaks between them."""
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run = paragraph.add_run(line)


# -- PDF --------------------------------------------------------------------------------


def write_pdf(document: ReportDocument, out: Path) -> None:
    """The report as A4 PDF in the house style, with "Page N of M" on each page."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

    from advocacy_desk.exports.pdf_house import (
        ACCENT,
        BODY,
        BOLD,
        CELL,
        CELL_BOLD,
        FONT,
        FOOTER_Y,
        FRAME_WIDTH,
        ITALIC,
        MARGIN,
        MUTED,
        PAGE_WIDTH,
        RULE,
        SUBTITLE,
        TITLE,
        NumberedCanvas,
        fit,
        heading,
        house_document,
        markup,
        paragraph_style,
    )

    provider_style = paragraph_style("Provider", fontName=BOLD, fontSize=13,
                                     leading=16, textColor=ACCENT)  # fmt: skip
    empty_style = paragraph_style("Empty", fontName=ITALIC, textColor=MUTED, spaceAfter=5)

    story: list[Flowable] = []
    name = Paragraph(escape(document.provider_name), provider_style)
    if document.logo:
        width, height = logo_size_mm(document.logo)
        picture = Image(io.BytesIO(document.logo), width=width * mm, height=height * mm)
        head = Table([[picture, name]], colWidths=[(width + 6) * mm, None], hAlign="LEFT")
        head.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
        ]))  # fmt: skip
        story.append(head)
    else:
        story.append(name)
    story.append(Spacer(1, 4 * mm))
    story.append(Table([[""]], colWidths=[FRAME_WIDTH], rowHeights=[1],
                       style=[("FONT", (0, 0), (-1, -1), FONT, 9),
                              ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT)]))  # fmt: skip
    story.append(Spacer(1, 5 * mm))
    story.append(Paragraph(escape(document.title), TITLE))
    story.append(Paragraph(escape(document.subtitle), SUBTITLE))

    facts = Table(
        [[Paragraph(escape(label), CELL_BOLD), Paragraph(markup(value), CELL)]
         for label, value in document.facts()],
        colWidths=[45 * mm, FRAME_WIDTH - 45 * mm],
        hAlign="LEFT",
    )  # fmt: skip
    facts.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))  # fmt: skip
    story += [facts, Spacer(1, 6 * mm)]

    for index, (label, text) in enumerate(document.sections(), start=1):
        story.append(heading(label, f"section{index}"))
        blocks = paragraphs(text)
        if not blocks:
            story.append(Paragraph(escape(document.empty_text), empty_style))
        story += [Paragraph(markup("\n".join(block)), BODY) for block in blocks]
        story.append(Spacer(1, 3 * mm))

    story.append(heading("Status", "status"))
    story += [Paragraph(escape(line), BODY) for line in document.status_lines()]

    footer_text = f"{document.provider_name} · {document.case_ref} · report {document.number}"

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_Y + 10, PAGE_WIDTH - MARGIN, FOOTER_Y + 10)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, FOOTER_Y, fit(footer_text, FONT, 8, FRAME_WIDTH - 70))
        canvas.restoreState()

    doc = house_document(out, title=document.metadata_title, author=document.provider_name,
                         subject="Advocate's report")  # fmt: skip
    doc.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=NumberedCanvas)
