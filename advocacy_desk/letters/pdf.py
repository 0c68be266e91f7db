"""A filled letter (.docx) as a PDF, in the house style (ReportLab).

LibreOffice is not at hand, so this is a plain conversion of what letters hold: the
first section's header, the body's paragraphs and tables in order, then the footer's
words at the end; each paragraph in its own size (so an easy-read letter stays in
large type), bold, italic and underlined runs kept, headings in the house accent
colour, and left, centred or right alignment. Pictures, columns and text boxes are not
carried over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from advocacy_desk.exports.pdf_house import (
    ACCENT,
    BOLD,
    FONT,
    FRAME_WIDTH,
    RULE,
    NumberedCanvas,
    house_document,
    markup,
    paragraph_style,
)

#: The size of text that says none (Word's own default).
DEFAULT_SIZE = 11.0
_ALIGN = {WD_ALIGN_PARAGRAPH.RIGHT: TA_RIGHT, WD_ALIGN_PARAGRAPH.CENTER: TA_CENTER}


def write_pdf(content: bytes, out: Path, *, title: str, author: str) -> None:
    """Write the .docx ``content`` to ``out`` as a PDF."""
    document = docx.Document(BytesIO(content))
    story: list[Flowable] = []
    if document.sections:
        header = document.sections[0].header
        if not header.is_linked_to_previous:
            story += _blocks(header.iter_inner_content(), FRAME_WIDTH)
            story.append(Spacer(1, 8))
    story += _blocks(document.iter_inner_content(), FRAME_WIDTH)
    if document.sections:
        footer = document.sections[0].footer
        if not footer.is_linked_to_previous:
            story.append(Spacer(1, 12))
            story += _blocks(footer.iter_inner_content(), FRAME_WIDTH)
    pdf = house_document(out, title=title, author=author, subject="A letter")
    pdf.build(story or [Spacer(1, 1)], canvasmaker=NumberedCanvas)


def _blocks(items: Iterable[WordParagraph | WordTable], width: float) -> list[Flowable]:
    story: list[Flowable] = []
    for item in items:
        if isinstance(item, WordTable):
            story.append(_table(item, width))
        else:
            story.append(_paragraph(item))
    return story


def _paragraph(paragraph: WordParagraph) -> Flowable:
    size = _size(paragraph)
    text = "".join(_run_markup(run) for run in _runs(paragraph))
    if not paragraph.text.strip():
        return Spacer(1, size * 0.6)
    style_name = paragraph.style.name if paragraph.style is not None else ""
    heading = style_name.startswith(("Heading", "Title"))
    kw: dict[str, Any] = {
        "fontSize": size,
        "leading": size * 1.3,
        "spaceAfter": size * 0.5,
        "alignment": _ALIGN.get(_alignment(paragraph), TA_LEFT),
    }
    if heading:
        kw.update(fontName=BOLD, textColor=ACCENT, spaceBefore=size * 0.4, keepWithNext=1)
    return Paragraph(text, paragraph_style(f"letter-{size}-{heading}", **kw))


def _runs(paragraph: WordParagraph) -> Iterator[Run]:
    for part in paragraph.iter_inner_content():
        if isinstance(part, Run):
            yield part
        else:  # a hyperlink: its runs
            yield from part.runs


def _run_markup(run: Run) -> str:
    text = markup(run.text.replace("\t", "    "))
    if not text:
        return ""
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    if run.underline:
        text = f"<u>{text}</u>"
    return text


def _size(paragraph: WordParagraph) -> float:
    """The paragraph's type size in points: its largest run's, else its style's."""
    sizes = [run.font.size.pt for run in _runs(paragraph) if run.font.size is not None]
    if sizes:
        return float(max(sizes))
    style: Any = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return DEFAULT_SIZE


def _alignment(paragraph: WordParagraph) -> Any:
    if paragraph.alignment is not None:
        return paragraph.alignment
    style: Any = paragraph.style
    while style is not None:
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
        style = style.base_style
    return None


def _table(table: WordTable, width: float) -> Table:
    columns = max((len(row.cells) for row in table.rows), default=1)
    cell_width = width / max(columns, 1)
    data: list[list[Any]] = []
    for row in table.rows:
        cells = [_blocks(cell.iter_inner_content(), cell_width - 8) for cell in row.cells]
        data.append(cells + [[]] * (columns - len(cells)))
    grid = Table(data or [[""]], colWidths=_widths(table, columns, width), hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return grid


def _widths(table: WordTable, columns: int, width: float) -> list[float]:
    """The columns' widths as Word gives them, scaled to fit; equal when it gives none."""
    try:
        given = [float(c.width.pt) if c.width is not None else 0.0 for c in table.columns]
    except (AttributeError, IndexError, ValueError):
        given = []
    if len(given) != columns or not all(given):
        return [width / columns] * columns
    scale = min(1.0, width / sum(given))
    return [w * scale for w in given]
