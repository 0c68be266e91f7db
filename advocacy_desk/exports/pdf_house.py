"""The house style of every PDF Advocacy Desk writes (ReportLab).

A4 page geometry, the type (DejaVu Sans, embedded), colours, paragraph styles, the
document and numbered-page canvas, and the building blocks: headings kept with what
follows (and added to the contents and the PDF's outline), tables, text fitted to a width
and markup-escaped text. The monitoring return (``return_pdf``), the subject access
export (``subject_access_pdf``), advocates' reports and letters are all built from these.

The type is a Unicode TrueType font shipped in ``resources/fonts`` and embedded (as a
subset) in every PDF: the 14 standard PDF fonts (Helvetica) know only Latin-1, so
"Łukasz Wiśniewski-Nguyễn", Greek and Cyrillic names came out as black boxes that no
reader could search or copy. Every paragraph style splits a word too long for its line
(ReportLab's ``splitLongWords``), so an unbroken 2,000-character word wraps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFont, registerFontFamily, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from advocacy_desk.paths import RESOURCES

# -- page and type ----------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP_MARGIN = 22 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FOOTER_Y = 10 * mm
NUMBER_WIDTH = 62.0  # the value columns of a table
#: The first column of a table of figures: the longest label fits (in DejaVu Sans, 9 pt,
#: "Black, Black British, Caribbean or African: Any other Black background" is 318 pt).
LABEL_WIDTH = 332.0

#: The shipped font files (DejaVu Sans; its licence is beside them).
FONTS_FOLDER = RESOURCES / "fonts"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"


def _register_fonts() -> None:
    """Register the four faces, and the family, so <b> and <i> in markup find them."""
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        registerFont(TTFont(name, str(FONTS_FOLDER / f"{name}.ttf")))
    registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


_register_fonts()

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5F6368")
ACCENT = colors.HexColor("#1F4E79")
ACCENT_LIGHT = colors.HexColor("#DCE6F0")
STRIPE = colors.HexColor("#F4F6F8")
RULE = colors.HexColor("#B8C2CC")

#: Tables with more body rows than this may split across pages (header repeated).
KEEP_WHOLE_ROWS = 16


def paragraph_style(name: str, **kw: Any) -> ParagraphStyle:
    """A paragraph style in the house font and ink; ``kw`` overrides."""
    values: dict[str, Any] = {"fontName": FONT, "fontSize": 9.5, "leading": 12.5,
                              "textColor": INK, "splitLongWords": 1}  # fmt: skip
    values.update(kw)
    return ParagraphStyle(name, **values)


BODY = paragraph_style("Body", spaceAfter=5)
INTRO = paragraph_style("Intro", spaceAfter=5, keepWithNext=1)
SMALL_TEXT = paragraph_style("Small", fontSize=8, leading=10, textColor=MUTED, spaceBefore=2)
TITLE = paragraph_style("Title", fontName=BOLD, fontSize=24, leading=29, textColor=ACCENT)
SUBTITLE = paragraph_style("Subtitle", fontSize=13, leading=17, textColor=MUTED, spaceAfter=14)
HEADING = paragraph_style("Heading", fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT,
                          spaceBefore=4, spaceAfter=6, keepWithNext=1)  # fmt: skip
SUBHEADING = paragraph_style("Subheading", fontName=BOLD, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1)  # fmt: skip
CELL = paragraph_style("Cell", fontSize=9, leading=11)
CELL_BOLD = paragraph_style("CellBold", fontName=BOLD, fontSize=9, leading=11)
HEAD_CELL = paragraph_style("HeadCell", fontName=BOLD, fontSize=9, leading=11,
                            textColor=colors.white)  # fmt: skip
HEAD_NUMBER = paragraph_style("HeadNumber", fontName=BOLD, fontSize=9, leading=11,
                              textColor=colors.white, alignment=TA_RIGHT)  # fmt: skip

# -- text -------------------------------------------------------------------------------


def markup(text: str) -> str:
    """Free text made safe for Paragraph markup, keeping its line breaks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def generated_text(moment: datetime) -> str:
    """The generated-at time as printed: local time, DD/MM/YYYY HH:MM."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%d/%m/%Y %H:%M")


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut short with an ellipsis, if need be, to fit ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


# -- the document -------------------------------------------------------------------------


class HouseDocument(SimpleDocTemplate):  # type: ignore[misc]
    """Adds each section heading to the contents and to the PDF's outline, and stamps
    the PDF with the time it was made (``created``).

    ReportLab's ``invariant`` mode keeps the document id fixed, so the same content
    gives the same bytes, but it also sets the PDF's CreationDate and ModDate to
    1 January 2000, which a reader's Properties showed as the day it was made. Every
    canvas of the build (``multiBuild`` makes one a pass) is told the real time, so the
    same content made at the same time still gives identical bytes."""

    #: When the document was made; None until the first canvas, which takes now.
    created: datetime | None = None

    def _makeCanvas(self, filename: Any = None, canvasmaker: Any = Canvas) -> Canvas:
        canvas = super()._makeCanvas(filename=filename, canvasmaker=canvasmaker)
        if self.created is None:
            self.created = datetime.now(UTC)
        canvas.setDateFormatter(_pdf_date(self.created))
        return canvas

    def afterFlowable(self, flowable: Flowable) -> None:
        key = getattr(flowable, "outline_key", None)
        if key is None:
            return
        text = flowable.getPlainText()
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=0)
        self.notify("TOCEntry", (0, text, self.page, key))


def _pdf_date(moment: datetime) -> Callable[..., str]:
    """A ReportLab date formatter that ignores ReportLab's clock and writes ``moment``
    (in UTC, as a PDF date string ``D:YYYYMMDDHHmmSS+00'00'``)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    stamp = aware.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_ignored: stamp


def house_document(
    out: Path, *, title: str, author: str, subject: str, created: datetime | None = None
) -> HouseDocument:
    """The document to write to ``out``: A4 with the house margins, and the metadata.
    Its CreationDate is ``created`` (a return's generated time), else now; the ids are
    fixed (``invariant``), so the same content made at the same time gives the same
    bytes."""
    document = HouseDocument(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="Advocacy Desk",
        invariant=1,
        initialFontName=FONT,  # every page starts in the house font, never Helvetica
    )
    document.created = created
    return document


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until the end, to write "Page N of M" on each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_Y, f"Page {number} of {total}")
            super().showPage()
        super().save()


# -- building blocks ----------------------------------------------------------------------


def heading(text: str, key: str) -> Paragraph:
    """A section heading; ``HouseDocument`` adds it to the contents and the outline
    under ``key``."""
    paragraph = Paragraph(escape(text), HEADING)
    paragraph.outline_key = key
    return paragraph


def keep(parts: list[Flowable]) -> list[Flowable]:
    """Short blocks stay whole on one page. A block with a long table is left free to
    split: the table's header row repeats on the next page, and the headings before it
    keep with its start (their styles have keepWithNext)."""
    if any(isinstance(p, Table) and p._nrows > KEEP_WHOLE_ROWS + 1 for p in parts):
        return parts
    return [KeepTogether(parts)]


def table(
    head: Sequence[str],
    body: Sequence[Sequence[str]],
    *,
    bold_rows: Sequence[int] = (),
    notes: Sequence[str] = (),
    widths: Sequence[float] | None = None,
    numeric: bool = True,
) -> list[Flowable]:
    """A table whose first column is text and the rest numbers (right-aligned), or all
    text when not ``numeric``; its header row repeats when it splits across pages.
    ``notes`` are printed small beneath it."""
    columns = len(head)
    if widths is None:
        label = min(LABEL_WIDTH, FRAME_WIDTH - NUMBER_WIDTH * (columns - 1))
        widths = [label] + [NUMBER_WIDTH] * (columns - 1)
    first_head = HEAD_CELL
    other_head = HEAD_NUMBER if numeric else HEAD_CELL
    data: list[list[Any]] = [
        [Paragraph(escape(head[0]), first_head),
         *(Paragraph(escape(h), other_head) for h in head[1:])]
    ]  # fmt: skip
    for index, line in enumerate(body, start=1):
        style = CELL_BOLD if index in bold_rows else CELL
        first = Paragraph(markup(line[0]), style)
        rest = list(line[1:]) if numeric else [Paragraph(markup(c), style) for c in line[1:]]
        data.append([first, *rest])
    grid = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if numeric:
        commands.append(("ALIGN", (1, 0), (-1, -1), "RIGHT"))
    commands += [("BACKGROUND", (0, i), (-1, i), STRIPE) for i in range(2, len(data), 2)]
    commands += [("FONT", (1, i), (-1, i), BOLD, 9) for i in bold_rows]
    grid.setStyle(TableStyle(commands))
    story: list[Flowable] = [grid]
    if notes:
        story.append(Paragraph(" \u00b7 ".join(notes), SMALL_TEXT))
    return story
