"""The monitoring return as PDF (ReportLab).

The document, on A4: a cover (provider, commissioner, contract, quarter, the headline
figures, contents and how small numbers are treated); each section's figures as tables,
with charts of referrals by type, hours against the block and the last four quarters;
the declined and withdrawn referrals with their reasons; the narrative; and an appendix
of every figure's definition. Every page has a footer with "Page N of M" and the time
the return was generated. A return with exact figures (``suppressed=False``) has a
banner on every page: it is for internal use only.

Tables and charts both print ``report.printed(suppressed)``, so a chart never shows a
number the table hides: a suppressed count is labelled "<5" and its bar is not drawn.
Long tables split across pages with their header row repeated; short ones are kept
whole. Everything printed from the user's data is escaped for Paragraph markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from advocacy_desk.domain.audit_chain import Head
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.return_rows import SMALL, SUPPRESSED, WITHHELD, FigureRow
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    EQUALITY,
    OUTCOME_QUESTION,
    SOURCE,
    UnknownCode,
    Vocabulary,
)
from advocacy_desk.exports.pdf_house import (
    ACCENT,
    ACCENT_LIGHT,
    BODY,
    BOLD,
    CELL,
    CELL_BOLD,
    FONT,
    FOOTER_Y,
    FRAME_WIDTH,
    INK,
    INTRO,
    LABEL_WIDTH,
    MARGIN,
    MUTED,
    NUMBER_WIDTH,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SMALL_TEXT,
    STRIPE,
    SUBHEADING,
    SUBTITLE,
    TITLE,
    NumberedCanvas,
    fit,
    generated_text,
    heading,
    house_document,
    keep,
    markup,
    paragraph_style,
    table,
)
from advocacy_desk.records.returns import Narrative, ReturnReport, TrendPoint

BANNER = "EXACT FIGURES \u2014 internal use only, not for publication"
DASH = "\u2014"
NOT_APPLICABLE = "n/a"

# -- the return's own colours and styles ------------------------------------------------

BLOCK = colors.HexColor("#C55A11")
WARNING = colors.HexColor("#B00020")

GLANCE = paragraph_style("Glance", fontName=BOLD, fontSize=18, leading=21, textColor=ACCENT,
                         alignment=TA_CENTER)  # fmt: skip
GLANCE_LABEL = paragraph_style("GlanceLabel", fontSize=8.5, leading=10.5, textColor=MUTED,
                               alignment=TA_CENTER)  # fmt: skip
TERM = paragraph_style("Term", fontName=BOLD, fontSize=9, leading=11.5, spaceBefore=5)
DEFINITION = paragraph_style("Definition", fontSize=9, leading=11.5, leftIndent=10)
WITNESS = paragraph_style("Witness", fontSize=6.5, leading=8.5, textColor=MUTED)

# -- words for the codes ----------------------------------------------------------------

SECTION_TITLES = {
    "referrals": "Referrals",
    "cases": "Cases",
    "waiting": "Waiting list",
    "allocation": "Allocation",
    "hours": "Hours",
    "equality": "People referred: equality monitoring",
    "outcomes": "Outcomes for people",
    "issues": "Issues",
    "citizen": "Citizen advocacy",
}

SECTION_INTROS = {
    "referrals": "Referrals received in the quarter; declined and withdrawn are counted by "
    "the date of the decision.",
    "waiting": "Referrals waiting at the quarter's end: received by then and not yet "
    "allocated, declined or withdrawn. Waits are counted to the quarter's end.",
    "allocation": "Cases opened in the quarter: the days from the referral being received "
    "to the case being opened.",
    "hours": "Casework time logged in the quarter, by the advocacy type of the case.",
    "equality": "Each person with a referral received in the quarter, counted once however "
    "many referrals they had.",
    "outcomes": "Cases closed in the quarter: the percentage of people answering each "
    "outcome question yes or partly, among those who answered yes, partly or no (the base).",
    "issues": "Issues of cases closed in the quarter, among issues achieved, partly achieved "
    "or not achieved (the base).",
    "citizen": "Citizen advocacy volunteers and partnerships.",
}

MEASURE_LABELS: dict[tuple[str, str], str] = {
    ("referrals", "received"): "Referrals received",
    ("referrals", "received_by_type"): "Referrals by advocacy type",
    ("referrals", "received_by_source"): "Referrals by source",
    ("referrals", "received_by_process"): "Referrals by Care Act process",
    ("referrals", "declined"): "Referrals declined",
    ("referrals", "withdrawn"): "Referrals withdrawn",
    ("referrals", "out_of_area"): "Referrals for people placed out of area",
    ("cases", "opened"): "Cases opened",
    ("cases", "closed"): "Cases closed",
    ("cases", "open_at_end"): "Cases open at the quarter's end",
    ("waiting", "at_end"): "Referrals waiting at the quarter's end",
    ("waiting", "median_days"): "Median wait so far (days)",
    ("waiting", "longest_days"): "Longest wait so far (days)",
    ("allocation", "median_days"): "Median days from referral to case opened",
    ("allocation", "within_14_days_pct"): "Cases opened within 14 days of referral (%)",
    ("hours", "delivered"): "Hours delivered by advocacy type",
    ("hours", "contracted"): "Contracted hours (the block, pro rata to the quarter)",
    ("equality", "sex"): "Sex",
    ("equality", "gender_identity"): "Gender identity the same as sex registered at birth",
    ("equality", "ethnicity"): "Ethnic group (ONS 2021)",
    ("equality", "disability"): "Disability",
    ("equality", "sexual_orientation"): "Sexual orientation",
    ("equality", "religion"): "Religion or belief",
    ("equality", "primary_need"): "Primary need",
    ("equality", "age_band"): "Age at first referral in the quarter",
    ("issues", "achieved_pct"): "Issues achieved (%)",
    ("issues", "partly_achieved_pct"): "Issues partly achieved (%)",
    ("issues", "not_achieved_pct"): "Issues not achieved (%)",
    ("citizen", "volunteers_active"): "Volunteers active at the quarter's end",
    ("citizen", "partnerships_active"): "Partnerships active at the quarter's end",
    ("citizen", "partnerships_started"): "Partnerships started",
    ("citizen", "partnerships_ended"): "Partnerships ended",
}

#: The code list each breakdown's categories come from.
CATEGORY_VOCABULARIES: dict[tuple[str, str], Vocabulary] = {
    ("referrals", "received_by_type"): ADVOCACY_TYPE,
    ("referrals", "received_by_source"): SOURCE,
    ("referrals", "received_by_process"): CARE_ACT_PROCESS,
    ("hours", "delivered"): ADVOCACY_TYPE,
    **{("equality", name): vocabulary for name, vocabulary in EQUALITY},
}

#: The heading of a breakdown's value column.
UNITS = {"referrals": "Referrals", "equality": "People", "hours": "Hours"}

OUTCOME_ANSWERS = ("yes", "partly")
#: Short names of the outcome questions (the appendix quotes each question in full).
OUTCOME_TOPICS = {
    "informed": "informed about advocacy",
    "involved": "involved in planning and decisions",
    "negotiate": "able to negotiate arrangements",
    "personal_outcomes": "personal outcomes achieved",
    "empowered": "empowered to challenge decisions",
}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def measure_label(section: str, measure: str) -> str:
    """The printed name of a figure."""
    known = MEASURE_LABELS.get((section, measure))
    if known:
        return known
    if section == "outcomes":
        question, answer = _outcome_parts(measure)
        if question:
            topic = OUTCOME_TOPICS.get(question, question.replace("_", " "))
            return f"Outcome: {topic}, answering {answer} (%)"
    return measure.replace("_", " ").capitalize()


def category_label(section: str, measure: str, category: str) -> str:
    """The printed name of a breakdown's category (its vocabulary's label)."""
    if category == "total":
        return "Total"
    vocabulary = CATEGORY_VOCABULARIES.get((section, measure))
    if vocabulary is not None:
        try:
            return vocabulary.label(category)
        except UnknownCode:
            pass
    return category.replace("_", " ").capitalize()


def _outcome_parts(measure: str) -> tuple[str | None, str]:
    for answer in OUTCOME_ANSWERS:
        suffix = f"_{answer}_pct"
        if measure.endswith(suffix) and measure[: -len(suffix)] in OUTCOME_QUESTION:
            return measure[: -len(suffix)], answer
    return None, ""


def value_text(row: FigureRow) -> str:
    """A figure as printed in the PDF: "<5" when suppressed, a dash when withheld."""
    if row.shown == WITHHELD:
        return DASH
    if row.shown is None and row.value is None:
        return NOT_APPLICABLE
    return row.text


def _count_text(count: int, suppressed: bool) -> str:
    return SUPPRESSED if suppressed and 0 < count < SMALL else str(count)


def _long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# -- the document -------------------------------------------------------------------------


def write_pdf(
    report: ReturnReport,
    narrative: Narrative,
    out: Path,
    suppressed: bool = True,
    head: Head | None = None,
) -> None:
    """Write the return as a PDF to ``out`` (and nothing else). ``head``, the audit
    trail's head at export, is printed small at the end: the commissioner then holds a
    witness of the trail (``audit verify --witness``)."""
    generated = generated_text(report.generated_at)
    doc = house_document(
        out,
        title=f"Monitoring return {report.quarter.label}: {report.contract_name}",
        author=report.provider,
        subject=f"Quarterly monitoring return for {report.commissioner}",
        created=report.generated_at,
    )
    decorate = _decorations(report, suppressed, generated)
    story = _story(report, narrative, suppressed, generated)
    if head is not None:
        story += _witness(head)
    doc.multiBuild(story, onFirstPage=decorate, onLaterPages=decorate,
                   canvasmaker=NumberedCanvas)  # fmt: skip


def _decorations(
    report: ReturnReport, suppressed: bool, generated: str
) -> Callable[[Canvas, Any], None]:
    """What every page carries: the footer, and the banner when the figures are exact."""
    footer = f"Generated {generated} \u00b7 {report.quarter.label} monitoring return \u00b7 "
    footer += report.contract_name

    def draw(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_Y + 10, PAGE_WIDTH - MARGIN, FOOTER_Y + 10)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, FOOTER_Y, fit(footer, FONT, 8, FRAME_WIDTH - 70))
        if not suppressed:
            top = PAGE_HEIGHT - 8 * mm
            canvas.setFillColor(WARNING)
            canvas.rect(MARGIN, top - 8 * mm, FRAME_WIDTH, 8 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(BOLD, 10.5)
            canvas.drawCentredString(PAGE_WIDTH / 2, top - 5.4 * mm, BANNER)
        canvas.restoreState()

    return draw


def _story(
    report: ReturnReport, narrative: Narrative, suppressed: bool, generated: str
) -> list[Flowable]:
    printed = report.printed(suppressed)
    groups = _group(printed)
    story = _cover(report, printed, suppressed, generated)
    story.append(PageBreak())
    for section, measures in groups.items():
        story += _section(section, measures, report)
        if section == "hours":
            story += _trend(report.trend, suppressed)
    story += _reasons(report)
    story.append(PageBreak())
    story += _narrative(narrative)
    story.append(PageBreak())
    story += _appendix(report)
    return story


def _witness(head: Head) -> list[Flowable]:
    """The audit trail's head at export, in small type at the foot of the last page."""
    text = (f"Audit trail at export: {plural(head.events, 'event')}, head {escape(head.short)}"
            f"<br/>SHA-256 of event {head.events:,}: {escape(head.head)}")  # fmt: skip
    return [Spacer(1, 6 * mm), Paragraph(text, WITNESS)]


def _group(rows: Sequence[FigureRow]) -> dict[str, dict[str, list[FigureRow]]]:
    """The rows by section and measure, in the order of the return."""
    groups: dict[str, dict[str, list[FigureRow]]] = {}
    for row in rows:
        groups.setdefault(row.section, {}).setdefault(row.measure, []).append(row)
    return groups


# -- cover ----------------------------------------------------------------------------------


def _cover(
    report: ReturnReport, printed: Sequence[FigureRow], suppressed: bool, generated: str
) -> list[Flowable]:
    quarter = report.quarter
    period = f"{_long_date(quarter.start)} to {_long_date(quarter.end)}"
    story: list[Flowable] = [
        Paragraph("Quarterly monitoring return", TITLE),
        Paragraph(f"{escape(quarter.label)} \u00b7 {period}", SUBTITLE),
    ]
    details = [
        ("Provider", report.provider),
        ("Commissioner", report.commissioner),
        ("Contract", report.contract_name),
        ("Quarter", f"{quarter.label} ({period})"),
        ("Generated", generated),
    ]
    grid = Table(
        [[Paragraph(label, CELL_BOLD), Paragraph(markup(value), CELL)] for label, value in details],
        colWidths=[32 * mm, FRAME_WIDTH - 32 * mm],
    )
    grid.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))  # fmt: skip
    story += [grid, Spacer(1, 4 * mm)]
    story += _at_a_glance(printed)
    story.append(Paragraph("About the figures", SUBHEADING))
    story += [Paragraph(text, SMALL_TEXT) for text in _figure_notes(suppressed)]
    story += [Spacer(1, 2 * mm), Paragraph("Contents", SUBHEADING), _contents()]
    return story


GLANCE_FIGURES = (
    (("referrals", "received", "total"), "referrals received"),
    (("cases", "opened", "total"), "cases opened"),
    (("cases", "closed", "total"), "cases closed"),
    (("cases", "open_at_end", "total"), "cases open at the quarter's end"),
    (("waiting", "at_end", "total"), "waiting at the quarter's end"),
    (("hours", "delivered", "total"), "hours delivered"),
)


def _at_a_glance(printed: Sequence[FigureRow]) -> list[Flowable]:
    by_key = {row.key: row for row in printed}
    cells = [
        [Paragraph(escape(value_text(by_key[key])), GLANCE), Paragraph(label, GLANCE_LABEL)]
        for key, label in GLANCE_FIGURES
        if key in by_key
    ]
    if not cells:
        return []
    columns = 3
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [[""]] * (columns - len(rows[-1]))
    grid = Table(rows, colWidths=[FRAME_WIDTH / columns] * columns)
    grid.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
        ("LINEBELOW", (0, 0), (-1, -2), 2, colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return [Paragraph("At a glance", SUBHEADING), grid, Spacer(1, 4 * mm)]


def _contents() -> TableOfContents:
    contents = TableOfContents()
    contents.levelStyles = [paragraph_style("Contents", fontSize=9.5, leading=12.5, leftIndent=0,
                                   firstLineIndent=0)]  # fmt: skip
    contents.dotsMinLevel = 0
    return contents


def _figure_notes(suppressed: bool) -> list[str]:
    if suppressed:
        notes = [
            "<b>Small numbers are suppressed</b> to protect the people counted: a count of 1 "
            "to 4 is shown as &lt;5. Where only one count of a breakdown would be suppressed, "
            "the next smallest is suppressed too, so that it cannot be worked out from the "
            f"total. A percentage worked out from fewer than 5 is withheld and shown as {DASH}."
            " Charts do not draw the bars of suppressed counts.",
        ]
    else:
        notes = [
            f"<font color='#B00020'><b>{BANNER}.</b></font> Small numbers are shown exactly "
            "as counted: this version must not be sent to the commissioner or published. "
            "Export the return with suppression (the default) for that.",
        ]
    notes += [
        "Percentages and hours are given to one decimal place. <b>Base</b> is the number a "
        "figure is worked out from (for a percentage, the number it is a percentage of). "
        f"{NOT_APPLICABLE}: there is nothing to work the figure out from (for example, no "
        "one waiting, or no block of hours in the contract).",
        "Every figure is defined in the appendix, with its section and measure as in the "
        "CSV export of the same return.",
    ]
    return notes


# -- figures ----------------------------------------------------------------------------------


def _section(
    section: str, measures: dict[str, list[FigureRow]], report: ReturnReport
) -> list[Flowable]:
    title = SECTION_TITLES.get(section, section.replace("_", " ").capitalize())
    opening: list[Flowable] = [heading(title, f"section-{section}")]
    intro = SECTION_INTROS.get(section)
    if intro:
        opening.append(Paragraph(escape(intro), INTRO))
    if section == "outcomes":
        return [*opening, *_outcomes_table(measures), Spacer(1, 6 * mm)]

    singles = [rows[0] for rows in measures.values() if _is_single(rows)]
    extra: list[tuple[str, str]] = []
    if section == "hours":
        extra = _above_block(report)
    blocks: list[list[Flowable]] = []
    for measure, rows in measures.items():
        if _is_single(rows):
            continue
        breakdown = _breakdown_table(section, measure, rows)
        if (section, measure) == ("referrals", "received_by_type"):
            breakdown = [*_referrals_chart(rows), *breakdown]
        blocks.append(breakdown)
    if singles or extra:
        figures = _figures_table(
            "Against the block" if section == "hours" else "Figure", singles, extra
        )
        if section == "hours":
            blocks.append([*figures, Spacer(1, 4 * mm), *_hours_chart(measures)])
        else:
            blocks.insert(0, figures)
    story: list[Flowable] = []
    for index, block in enumerate(blocks):
        story += keep([*opening, *block] if index == 0 else block)
        story.append(Spacer(1, 4 * mm))
    if not blocks:
        story += opening
    story.append(Spacer(1, 3 * mm))
    return story


def _is_single(rows: Sequence[FigureRow]) -> bool:
    return len(rows) == 1 and rows[0].category == "total"


def _above_block(report: ReturnReport) -> list[tuple[str, str]]:
    extra = []
    if report.hours_above_block is not None:
        extra.append(("Hours above the block so far this contract year",
                      f"{report.hours_above_block:.1f}"))  # fmt: skip
    if report.cases_above_block is not None:
        extra.append(("Cases above the block so far this contract year",
                      str(report.cases_above_block)))  # fmt: skip
    return extra


def _figures_table(
    header: str, rows: Sequence[FigureRow], extra: Sequence[tuple[str, str]] = ()
) -> list[Flowable]:
    """One line per single figure: its name, value and (where it has one) base."""
    with_base = any(row.base is not None for row in rows)
    head = [header, "Value", *(["Base"] if with_base else [])]
    body = [
        [measure_label(row.section, row.measure), value_text(row),
         *([row.base_text] if with_base else [])]
        for row in rows
    ]  # fmt: skip
    body += [[label, value, *([""] if with_base else [])] for label, value in extra]
    return table(head, body, notes=_symbols([*rows]))


def _breakdown_table(section: str, measure: str, rows: Sequence[FigureRow]) -> list[Flowable]:
    """A breakdown: one line per category, its label from the category's vocabulary."""
    with_base = any(row.base is not None for row in rows)
    unit = UNITS.get(section, "Value")
    head = [measure_label(section, measure), unit, *(["Base"] if with_base else [])]
    body = [
        [category_label(section, measure, row.category), value_text(row),
         *([row.base_text] if with_base else [])]
        for row in rows
    ]  # fmt: skip
    totals = [i + 1 for i, row in enumerate(rows) if row.category == "total"]
    return table(head, body, bold_rows=totals, notes=_symbols(rows))


def _outcomes_table(measures: dict[str, list[FigureRow]]) -> list[Flowable]:
    """The outcome questions, one line each: % yes, % partly and the base."""
    by_question: dict[str, dict[str, FigureRow]] = {}
    others: list[FigureRow] = []
    for measure, rows in measures.items():
        question, answer = _outcome_parts(measure)
        if question is None or not _is_single(rows):
            others += rows
        else:
            by_question.setdefault(question, {})[answer] = rows[0]
    body = []
    shown: list[FigureRow] = []
    for question, answers in by_question.items():
        cells = [value_text(answers[a]) if a in answers else "" for a in OUTCOME_ANSWERS]
        base = next((r.base_text for r in answers.values() if r.base is not None), "")
        body.append([f"\u201c{OUTCOME_QUESTION.label(question)}\u201d", *cells, base])
        shown += answers.values()
    head = ["Outcome question", "Yes (%)", "Partly (%)", "Base"]
    story = table(head, body, notes=_symbols(shown)) if body else []
    if others:
        story += _figures_table("Figure", others)
    return story


def _symbols(rows: Sequence[FigureRow]) -> list[str]:
    notes = []
    if any(row.shown == SUPPRESSED for row in rows):
        notes.append("&lt;5: a small number, suppressed")
    if any(row.shown == WITHHELD for row in rows):
        notes.append(f"{DASH}: withheld, worked out from fewer than 5")
    if any(row.shown is None and row.value is None for row in rows):
        notes.append(f"{NOT_APPLICABLE}: nothing to work it out from")
    return notes


# -- charts -------------------------------------------------------------------------------------


def _chart_title(text: str) -> Paragraph:
    return Paragraph(escape(text), paragraph_style("ChartTitle", fontName=BOLD, fontSize=9.5,
                                          leading=12, spaceBefore=2, spaceAfter=2))  # fmt: skip


def _plotted(row: FigureRow) -> float:
    """The length of a row's bar: none for a suppressed or withheld value."""
    if row.shown is not None or row.value is None:
        return 0.0
    return float(row.value)


def _referrals_chart(rows: Sequence[FigureRow]) -> list[Flowable]:
    rows = [row for row in rows if row.category != "total"]
    labels = [category_label(row.section, row.measure, row.category) for row in rows]
    drawing = _bar_chart(labels, [[_plotted(r) for r in rows]], [[value_text(r) for r in rows]],
                         [ACCENT])  # fmt: skip
    return [_chart_title("Referrals received by advocacy type"), drawing, Spacer(1, 3 * mm)]


def _hours_chart(measures: dict[str, list[FigureRow]]) -> list[Flowable]:
    delivered = next((r for r in measures.get("delivered", []) if r.category == "total"), None)
    contracted = next(iter(measures.get("contracted", [])), None)
    labels, values, texts, fills = [], [], [], []
    if delivered is not None:
        labels.append("Delivered in the quarter")
        values.append(_plotted(delivered))
        texts.append(value_text(delivered))
        fills.append(ACCENT)
    if contracted is not None and contracted.value is not None:
        labels.append("Block, pro rata to the quarter")
        values.append(_plotted(contracted))
        texts.append(value_text(contracted))
        fills.append(BLOCK)
    if not labels:
        return []
    story: list[Flowable] = [_chart_title("Hours delivered against the block"),
                             _bar_chart(labels, [values], [texts], fills)]  # fmt: skip
    if contracted is None or contracted.value is None:
        story.append(Paragraph("No block of hours applies to this return.", SMALL_TEXT))
    return story


def _bar_chart(
    labels: Sequence[str],
    values: Sequence[Sequence[float]],
    texts: Sequence[Sequence[str]],
    fills: Sequence[Any],
    width: float = FRAME_WIDTH,
) -> Drawing:
    """A horizontal bar chart with the categories' names on the left and each bar's value
    (as the table prints it) at its end. One fill per bar when there is one series."""
    font_size = 8
    label_width = max(stringWidth(label, FONT, font_size) for label in labels) + 8
    bar = 17
    height = bar * len(labels) + 22
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 16
    chart.width = width - label_width - 40
    chart.height = bar * len(labels)
    chart.data = [list(series) for series in values]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = font_size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    _value_axis(chart, values)
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = STRIPE
    chart.barSpacing = 2
    chart.groupSpacing = 5
    chart.bars.strokeColor = None
    if len(values) == 1:
        for index in range(len(labels)):
            chart.bars[(0, index)].fillColor = fills[index % len(fills)]
    else:
        for index, fill in enumerate(fills):
            chart.bars[index].fillColor = fill
    chart.barLabelFormat = "values"
    chart.barLabelArray = [list(series) for series in texts]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _value_axis(chart: Any, values: Sequence[Sequence[float]]) -> None:
    top = max((v for series in values for v in series), default=0.0)
    chart.valueAxis.valueMin = 0
    if top <= 0:
        chart.valueAxis.valueMax = 5
        chart.valueAxis.valueStep = 1


def _trend(trend: Sequence[TrendPoint], suppressed: bool) -> list[Flowable]:
    if not trend:
        return []
    quarters = [point.quarter for point in trend]
    received = [_count_text(point.received, suppressed) for point in trend]
    hours = [f"{point.hours:.1f}" for point in trend]
    plotted = [0.0 if text == SUPPRESSED else float(p.received) for text, p in
               zip(received, trend, strict=True)]  # fmt: skip
    width = FRAME_WIDTH
    height = 150
    drawing = Drawing(width, height)
    panels = (
        ("Referrals received", plotted, received, ACCENT),
        ("Hours delivered", [float(point.hours) for point in trend], hours, BLOCK),
    )
    for index, (title, values, texts, fill) in enumerate(panels):
        left = index * width / 2
        chart = VerticalBarChart()
        chart.x = left + 38
        chart.y = 22
        chart.width = width / 2 - 58
        chart.height = height - 50
        chart.data = [values]
        chart.categoryAxis.categoryNames = quarters
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = 7.5
        chart.categoryAxis.labels.dy = -2
        chart.categoryAxis.strokeColor = RULE
        _value_axis(chart, [values])
        chart.valueAxis.labels.fontName = FONT
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid = 1
        chart.valueAxis.gridStrokeColor = STRIPE
        chart.bars[0].fillColor = fill
        chart.bars.strokeColor = None
        chart.barLabelFormat = "values"
        chart.barLabelArray = [texts]
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 7.5
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
        drawing.add(chart)
        drawing.add(String(chart.x + chart.width / 2, height - 12, title, fontName=BOLD,
                           fontSize=9, textAnchor="middle", fillColor=INK))  # fmt: skip
    rows = [[q, r, h] for q, r, h in zip(quarters, received, hours, strict=True)]
    grid = table(["Quarter", "Referrals received", "Hours delivered"], rows,
                   widths=[LABEL_WIDTH - 2 * NUMBER_WIDTH, 2 * NUMBER_WIDTH, 2 * NUMBER_WIDTH],
                   notes=["&lt;5: a small number, suppressed"] if SUPPRESSED in received
                   else [])  # fmt: skip
    return [
        *keep([
            heading("The last four quarters", "section-trend"),
            Paragraph("Referrals received and hours delivered in this quarter and the three "
                      "before it, for the same contract.", INTRO),
            drawing,
            Spacer(1, 3 * mm),
            *grid,
        ]),
        Spacer(1, 7 * mm),
    ]  # fmt: skip


# -- reasons, narrative, appendix -------------------------------------------------------------


def _reasons(report: ReturnReport) -> list[Flowable]:
    story: list[Flowable] = []
    for status, reasons in (("declined", report.declined_reasons),
                            ("withdrawn", report.withdrawn_reasons)):  # fmt: skip
        title = f"Referrals {status}: reasons"
        opening: list[Flowable] = [heading(title, f"section-{status}")]
        if not reasons:
            story += [*opening, Paragraph(f"No referrals were {status} in the quarter.", BODY),
                      Spacer(1, 4 * mm)]  # fmt: skip
            continue
        opening.append(Paragraph(f"Each referral {status} in the quarter, in date order.", INTRO))
        grid = table(["Referral", "Reason"], [[ref, reason] for ref, reason in reasons],
                       widths=[28 * mm, FRAME_WIDTH - 28 * mm], numeric=False)  # fmt: skip
        story += [*keep([*opening, *grid]), Spacer(1, 6 * mm)]
    return story


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Free text as paragraphs: a blank line starts a new one."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(markup(block), style) for block in blocks if block]


def _narrative(narrative: Narrative) -> list[Flowable]:
    story: list[Flowable] = [heading("Narrative", "section-narrative")]
    parts = (
        ("Summary", narrative.summary),
        ("Themes and issues", narrative.themes),
    )
    if not (narrative.summary.strip() or narrative.themes.strip() or narrative.case_studies):
        return [*story, Paragraph("No narrative was written for this return.", BODY)]
    for title, text in parts:
        story.append(Paragraph(title, SUBHEADING))
        story += _paragraphs(text, BODY) or [Paragraph("None written.", BODY)]
    studies = [study for study in narrative.case_studies if study.strip()]
    if studies:
        story.append(Paragraph("Case studies (anonymised)", SUBHEADING))
        for number, study in enumerate(studies, start=1):
            story.append(Paragraph(f"Case study {number}", TERM))
            story += _paragraphs(study, BODY)
    return story


def _appendix(report: ReturnReport) -> list[Flowable]:
    story: list[Flowable] = [
        heading("Appendix: definitions", "section-definitions"),
        Paragraph("How each figure is worked out. The codes in brackets are the section and "
                  "measure of the figure in the CSV export.", BODY),
    ]  # fmt: skip
    section = None
    for figure_section, measure, definition in report.definitions:
        parts: list[Flowable] = []
        if figure_section != section:
            section = figure_section
            title = SECTION_TITLES.get(section, section.replace("_", " ").capitalize())
            parts.append(Paragraph(escape(title), SUBHEADING))
        term = (f"{escape(measure_label(figure_section, measure))} "
                f"<font name='{FONT}' color='#5F6368'>"
                f"({escape(figure_section)}, {escape(measure)})</font>")  # fmt: skip
        parts += [Paragraph(term, TERM), Paragraph(escape(definition), DEFINITION)]
        story.append(KeepTogether(parts))
    return story
