"""A subject access export as PDF (ReportLab), in the house style (``pdf_house``).

On A4: a cover with who the record is about (by reference and name), when and by whom
it was prepared, and what follows; then a section each for the personal details,
consent and sharing (the parties, and each consent with its scanned form named), the
referrals (with their waiting-list score history), the cases (casework log with every
earlier version of each entry, issues, case history, outcome answers), the reports
(with every version sent), the letters (named, not included), the appointments, citizen
advocacy, retention, and the audit trail of who looked at or changed the record. Codes
are printed by their meaning; dates as DD/MM/YYYY and times by the local clock (the
diary's by the clock in England, as typed). Every page has a footer with the person's
reference and "Page N of M".

Long free text (a casework note may run to 20,000 characters) is cut into pieces at
line and word breaks over several table rows, so that no row is taller than a page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from advocacy_desk.domain.casework import format_duration
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.diary import local, time_span
from advocacy_desk.domain.letters import SHIPPED_TITLES
from advocacy_desk.domain.matrix import level_label
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.people import CODED_FIELDS, FIELD_LABELS
from advocacy_desk.domain.vocabulary import (
    ACTIVITY_KIND,
    ADVOCACY_TYPE,
    APPOINTMENT_KIND,
    CARE_ACT_PROCESS,
    CLOSURE_REASON,
    CONSENT_HOW,
    CONSENT_KIND,
    DAY,
    FEEDBACK_ANSWER,
    FEEDBACK_ANSWERED_BY,
    GATE_EXCEPTION,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    OUTCOME_QUESTION,
    PARTNERSHIP_END_REASON,
    PARTNERSHIP_STATUS,
    PARTY_ROLE,
    REFERRAL_STATUS,
    REPORT_KIND,
    REPORT_SECTION,
    REPORT_STATUS,
    SAFEGUARDING,
    SEX,
    SOURCE,
    YES_NO,
    UnknownCode,
    Vocabulary,
)
from advocacy_desk.exports.pdf_house import (
    BODY,
    BOLD,
    CELL,
    CELL_BOLD,
    FONT,
    FOOTER_Y,
    FRAME_WIDTH,
    INTRO,
    MARGIN,
    MUTED,
    PAGE_WIDTH,
    RULE,
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
    table,
)
from advocacy_desk.records.subject_access import (
    SubjectAccess,
    SubjectActivity,
    SubjectAppointment,
    SubjectAuditEvent,
    SubjectCase,
    SubjectConsent,
    SubjectDraft,
    SubjectLetter,
    SubjectReferral,
    SubjectReport,
    SubjectReportSending,
)

#: A piece of free text no longer than this fits a table row well inside a page.
PIECE_CHARACTERS = 1_200
PIECE_LINES = 20
#: A narrow cell's piece wraps to at most this many lines, even in the widest letters
#: (so a 2,000-character word in any column carries over rows instead of making a row
#: taller than a page, which ReportLab cannot lay out).
WRAP_LINES = 30
#: A cell's left and right padding together, in points.
CELL_PADDING = 12
NONE = "\u2014"
LABEL_COLUMN = 48 * mm
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EVENT_WORDS = {"opened": "Opened", "closed": "Closed", "reopened": "Reopened"}
SCORE_EVENTS = {
    "referred": "Referred",
    "answers": "Matrix answers changed",
    "override": "Manager's override",
    "matrix": "The matrix changed",
}
ACTIONS = {
    "view": "Looked at",
    "create": "Recorded",
    "update": "Changed",
    "export": "Exported",
    "keep": "Kept past retention",
    "anonymise": "Anonymised",
    "allocate": "Allocated",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
    "override": "Score overridden",
    "close": "Closed",
    "reopen": "Reopened",
    "propose": "Proposed",
    "introduced": "Introduced",
    "active": "Started",
    "end": "Ended",
    "withdraw": "Withdrawn",
    "send": "Sent",
    "delete": "Deleted",
    "log": "Logged as casework",
}
ENTITIES = {
    "person": "Person",
    "referral": "Referral",
    "case": "Case",
    "activity": "Casework log",
    "case_issue": "Issue",
    "partner_profile": "Citizen advocacy profile",
    "partnership": "Partnership",
    "party": "Party",
    "consent": "Consent",
    "consent_attachment": "Scanned consent form",
    "advocate_report": "Report",
    "letter": "Letter",
    "appointment": "Appointment",
}
#: What a report says: the fields compared to tell whether a version sent differs.
REPORT_TEXT = ("kind", "about", "decision_maker", "due_on", *REPORT_SECTION.codes)


def write_subject_access_pdf(found: SubjectAccess, out: Path) -> None:
    """Write everything in ``found`` as a PDF to ``out`` (and nothing else)."""
    prepared = format_uk(found.prepared_on)
    doc = house_document(
        out,
        title=f"Subject access: {found.person_ref}",
        author=found.provider,
        subject=f"Everything held about {found.person_ref}, prepared {prepared}",
    )
    decorate = _footer(f"Subject access \u00b7 {found.person_ref} \u00b7 prepared {prepared} "
                       "\u00b7 confidential")  # fmt: skip
    doc.build(_story(found), onFirstPage=decorate, onLaterPages=decorate,
              canvasmaker=NumberedCanvas)  # fmt: skip


def _footer(text: str) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_Y + 10, PAGE_WIDTH - MARGIN, FOOTER_Y + 10)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, FOOTER_Y, fit(text, FONT, 8, FRAME_WIDTH - 70))
        canvas.restoreState()

    return draw


# -- words ----------------------------------------------------------------------------


def _label(vocabulary: Vocabulary, code: str | None) -> str:
    """A code's meaning; the code itself if the list no longer has it."""
    try:
        return vocabulary.label(code) or NONE
    except UnknownCode:
        return str(code)


def _codes(vocabulary: Vocabulary, text: str) -> str:
    """A list kept as "mon;wed" in words: "Monday, Wednesday"."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    return ", ".join(_label(vocabulary, p) for p in parts) or NONE


def _words(text: str) -> str:
    """A list kept as "music;gardening" as words."""
    return ", ".join(p.strip() for p in text.split(";") if p.strip()) or NONE


def _day(value: Any) -> str:
    return format_uk(value) or NONE


def _time(value: datetime | None) -> str:
    return generated_text(value) if value is not None else NONE


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _text(value: str | None) -> str:
    return value if value and value.strip() else NONE


def _level(key: str, value: int | None) -> str:
    """ "4 (no one, isolated)": the words the referral form shows."""
    return level_label(key, value) if value is not None else "Not answered"


def _size(size: int) -> str:
    """A file's size in words: "812 bytes", "24 KB", "1.4 MB"."""
    if size < 1024:
        return plural(size, "byte")
    if size < 1024 * 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _duration(minutes: int, travel: int) -> str:
    text = format_duration(minutes)
    return f"{text} (+{format_duration(travel)} travel)" if travel else text


# -- long text over several rows ---------------------------------------------------------


def pieces(text: str, characters: int = PIECE_CHARACTERS, lines: int = PIECE_LINES) -> list[str]:
    """``text`` cut into pieces of at most ``characters`` and ``lines``, at a line break
    or a space where there is one (the break itself is dropped)."""
    out: list[str] = []
    rest = text.replace("\r\n", "\n").replace("\r", "\n")
    while len(rest) > characters or rest.count("\n") >= lines:
        window = rest[:characters]
        breaks = [i for i, c in enumerate(window) if c == "\n"]
        if len(breaks) >= lines:
            cut = breaks[lines - 1]
        else:
            cut = max(window.rfind("\n"), window.rfind(" "))
            if cut <= 0:
                cut = len(window)
        out.append(rest[:cut])
        rest = rest[cut:]
        if rest[:1] in ("\n", " "):
            rest = rest[1:]
    out.append(rest)
    return out


def piece_characters(width: float) -> int:
    """How long a piece of a cell ``width`` points wide may be: at most WRAP_LINES lines
    even if every letter is an em wide, and never more than PIECE_CHARACTERS."""
    per_line = max(1, int((width - CELL_PADDING) / CELL.fontSize))
    return min(PIECE_CHARACTERS, per_line * WRAP_LINES)


def _split(row: Sequence[str], widths: Sequence[float]) -> list[list[str]]:
    """The row, and after it as many rows as its longest cell needs to carry on: every
    cell is cut into pieces that fit its column's width (``pieces``)."""
    parts = [pieces(cell, piece_characters(width))
             for cell, width in zip(row, widths, strict=True)]  # fmt: skip
    depth = max(len(part) for part in parts)
    return [[part[i] if i < len(part) else "" for part in parts] for i in range(depth)]


def _grid(head: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[float]) -> list[Flowable]:  # fmt: skip
    """A table of text with a header row, long cells carried over rows."""
    body = [line for row in rows for line in _split(row, widths)]
    return table(head, body, widths=list(widths), numeric=False)


def _facts(pairs: Sequence[tuple[str, str]]) -> list[Flowable]:
    """Label and value, one pair a row (no header), values carried over rows if long."""
    widths = [LABEL_COLUMN, FRAME_WIDTH - LABEL_COLUMN]
    body = [line for label, value in pairs for line in _split([label, value], widths)]
    grid = Table(
        [[Paragraph(escape(a), CELL_BOLD), Paragraph(markup(b), CELL)] for a, b in body],
        colWidths=widths,
        hAlign="LEFT",
    )
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))  # fmt: skip
    return [grid]


def _columns(*shares: float) -> list[float]:
    """Column widths as shares of the page's width."""
    total = sum(shares)
    return [FRAME_WIDTH * share / total for share in shares]


# -- the document ---------------------------------------------------------------------------


def _story(found: SubjectAccess) -> list[Flowable]:
    story = _cover(found)
    story += _person(found)
    story += _consent(found)
    story += _referrals(found.referrals)
    story += _cases(found.cases)
    story += _reports(found.reports)
    story += _letters(found.letters)
    story += _diary(found.appointments)
    story += _drafts(found.unsaved_drafts)
    story += _citizen(found)
    story += _retention(found)
    story += _trail(found.audit)
    return story


def _cover(found: SubjectAccess) -> list[Flowable]:
    person = found.person
    activities = sum(len(c.activities) for c in found.cases)
    return [
        Paragraph("Subject access", TITLE),
        Paragraph(f"Everything held about {escape(found.person_ref)}", SUBTITLE),
        *_facts(
            [
                ("Person", f"{person.given_name} {person.family_name} ({found.person_ref})"),
                ("Held by", found.provider),
                ("Prepared", f"{format_uk(found.prepared_on)}, by {found.prepared_by or NONE}"),
                (
                    "What follows",
                    f"{len(found.parties):,} {'party' if len(found.parties) == 1 else 'parties'}, "
                    f"{plural(len(found.consents), 'consent')}, "
                    f"{plural(len(found.referrals), 'referral')}, "
                    f"{plural(len(found.cases), 'case')}, "
                    f"{activities:,} casework {'entry' if activities == 1 else 'entries'}, "
                    f"{plural(len(found.reports), 'report')}, "
                    f"{plural(len(found.letters), 'letter')}, "
                    f"{plural(len(found.appointments), 'appointment')}, "
                    f"{plural(len(found.partnerships), 'partnership')}, "
                    f"{plural(len(found.audit), 'audit event')}",
                ),
            ]
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "This is everything Advocacy Desk holds about the person: their details, "
            "who their information may be shared with and their consents, referrals, "
            "cases with the casework log (and every earlier version of an entry that was "
            "changed), issues and outcomes, the case history, the advocate's reports "
            "(and every version sent), letters, appointments, citizen advocacy, and who "
            "looked at or changed their record. A scanned consent form or a letter is "
            "named but not included: a copy of either can be exported on request. Coded "
            "answers are given by their meaning. Dates are written DD/MM/YYYY and times "
            f"by the local clock. {escape(NONE)} means nothing was recorded. A JSON file "
            "with the same content, for other programs, comes with this document.",
            BODY,
        ),
        Spacer(1, 6 * mm),
    ]


def _person(found: SubjectAccess) -> list[Flowable]:
    person = found.person
    pairs = [("Reference", person.person_ref)]
    for name, label in FIELD_LABELS.items():
        value = getattr(person, name)
        if name in CODED_FIELDS:
            text = _label(CODED_FIELDS[name], value)
        elif name == "date_of_birth":
            text = _day(value)
        else:
            text = _text(value)
        pairs.append((label, text))
    pairs += [("Record made", _time(person.created_at)),
              ("Last changed", _time(person.updated_at))]  # fmt: skip
    if person.anonymised_at is not None:
        pairs.append(("Anonymised", _time(person.anonymised_at)))
    return [heading("Personal details", "section-person"), *_facts(pairs), Spacer(1, 6 * mm)]


def _referrals(referrals: Sequence[SubjectReferral]) -> list[Flowable]:
    story: list[Flowable] = [heading("Referrals", "section-referrals")]
    if not referrals:
        return [*story, Paragraph("No referrals recorded.", BODY), Spacer(1, 6 * mm)]
    for r in referrals:
        title = f"{r.referral_ref} \u00b7 received {format_uk(r.received_on)}"
        pairs = [
            ("Advocacy type", _label(ADVOCACY_TYPE, r.advocacy_type)),
            ("Contract", _text(r.contract)),
            ("Referred by", _label(SOURCE, r.source)),
            ("Care Act process", _label(CARE_ACT_PROCESS, r.care_act_process)),
            ("Decision due", _day(r.decision_due_on)),
            ("Safeguarding", _label(SAFEGUARDING, r.safeguarding)),
            ("Substantial difficulty in",
             ", ".join(word for word, held in (
                 ("understanding", r.difficulty_understanding),
                 ("retaining", r.difficulty_retaining),
                 ("using or weighing", r.difficulty_using_weighing),
                 ("communicating", r.difficulty_communicating)) if held) or "None recorded"),
            ("Appropriate individual", _label(YES_NO, r.appropriate_individual)),
            ("Care Act exception", _label(GATE_EXCEPTION, r.gate_exception)),
            ("Complexity", _level("complexity", r.complexity)),
            ("Impact", _level("impact", r.impact)),
            ("Support network", _level("support_network", r.support_network)),
            ("Capacity and voice", _level("capacity_voice", r.capacity_voice)),
            ("Statutory", _yes(r.statutory)),
            ("Override", NONE if r.override_points is None
             else f"{r.override_points:+d} points: {_text(r.override_reason)}"),
            ("Status", f"{_label(REFERRAL_STATUS, r.status)} since {_day(r.status_on)}"),
            ("Reason for the status", _text(r.status_reason)),
            ("Notes", _text(r.notes)),
        ]  # fmt: skip
        block: list[Flowable] = [Paragraph(escape(title), SUBHEADING), *_facts(pairs)]
        story += keep(block)
        if r.scores:
            rows = [[_day(s.scored_on), SCORE_EVENTS.get(s.event, s.event), str(s.score),
                     _text(s.username), _text(s.note)] for s in r.scores]  # fmt: skip
            story += [
                _intro("Waiting-list score history"),
                *_grid(["Scored on", "Why", "Score", "By", "Note"], rows,
                       _columns(16, 22, 10, 16, 36)),
            ]  # fmt: skip
        story.append(Spacer(1, 5 * mm))
    return story


def _cases(cases: Sequence[SubjectCase]) -> list[Flowable]:
    story: list[Flowable] = [heading("Cases", "section-cases")]
    if not cases:
        return [*story, Paragraph("No cases recorded.", BODY), Spacer(1, 6 * mm)]
    for case in cases:
        title = f"{case.case_ref} \u00b7 opened {format_uk(case.opened_on)}"
        pairs = [
            ("Referral", case.referral_ref),
            ("Advocacy type", _label(ADVOCACY_TYPE, case.advocacy_type)),
            ("Advocate", _text(case.advocate)),
            ("Opened", _day(case.opened_on)),
            ("Closed", _day(case.closed_on)),
            ("Closure reason", _label(CLOSURE_REASON, case.closure_reason)),
            ("Next action", _text(case.next_action)
             + (f" (by {format_uk(case.next_action_on)})" if case.next_action_on else "")),
        ]  # fmt: skip
        story += keep([Paragraph(escape(title), SUBHEADING), *_facts(pairs)])
        story += _log(case.activities)
        story += _issues(case)
        story += _history(case)
        story += _feedback(case)
        story.append(Spacer(1, 6 * mm))
    return story


#: The title of a list inside a case (the log, the issues): bold, with room above it.
LIST_TITLE = ParagraphStyle("ListTitle", parent=INTRO, fontName=BOLD, spaceBefore=8)


def _intro(text: str) -> Paragraph:
    return Paragraph(escape(text), LIST_TITLE)


def _log(activities: Sequence[SubjectActivity]) -> list[Flowable]:
    if not activities:
        return [_intro("Casework log: no entries.")]
    rows: list[list[str]] = []
    for a in activities:
        rows.append(
            [
                _day(a.occurred_on),
                _label(ACTIVITY_KIND, a.kind),
                _duration(a.minutes, a.travel_minutes),
                _text(a.advocate),
                _text(a.note),
            ]
        )
        for v in a.earlier_versions:
            by = f" by {v.replaced_by}" if v.replaced_by else ""
            rows.append([_day(v.occurred_on), _label(ACTIVITY_KIND, v.kind),
                         _duration(v.minutes, v.travel_minutes), "",
                         f"[Earlier version, replaced {_time(v.replaced_at)}{by}] "
                         + (v.note or "(no note)")])  # fmt: skip
    edited = sum(1 for a in activities if a.earlier_versions)
    words = (f" {edited} of them were changed: each earlier version follows the entry."
             if edited else "")  # fmt: skip
    return [
        _intro(f"Casework log: {len(activities)} entries, oldest first.{words}"),
        *_grid(["Date", "Kind", "Time", "By", "Note"], rows, _columns(13, 15, 15, 18, 49)),
        Spacer(1, 3 * mm),
    ]


def _issues(case: SubjectCase) -> list[Flowable]:
    if not case.issues:
        return []
    rows = [[_label(ISSUE_CATEGORY, i.category), _text(i.description),
             _label(ISSUE_OUTCOME, i.outcome) if i.outcome else "Open", _day(i.outcome_on)]
            for i in case.issues]  # fmt: skip
    return [
        _intro("Issues"),
        *_grid(["Category", "Description", "Outcome", "Date"], rows, _columns(20, 50, 18, 14)),
        Spacer(1, 3 * mm),
    ]  # fmt: skip


def _history(case: SubjectCase) -> list[Flowable]:
    if not case.history:
        return []
    rows = [[_day(e.occurred_on), EVENT_WORDS.get(e.event, e.event),
             _label(CLOSURE_REASON, e.reason) if e.event == "closed" and e.reason in
             CLOSURE_REASON else _text(e.reason), _text(e.username)]
            for e in case.history]  # fmt: skip
    return [
        _intro("Case history"),
        *_grid(["Date", "Event", "Reason", "By"], rows, _columns(14, 14, 54, 18)),
        Spacer(1, 3 * mm),
    ]


def _feedback(case: SubjectCase) -> list[Flowable]:
    if case.feedback is None:
        return []
    answers = vars(case.feedback)
    rows = [[OUTCOME_QUESTION.label(q), _label(FEEDBACK_ANSWER, answers[q])]
            for q in OUTCOME_QUESTION.codes]  # fmt: skip
    who = _label(FEEDBACK_ANSWERED_BY, case.feedback.answered_by)
    return [
        _intro(f"Outcome questions, recorded {format_uk(case.feedback.recorded_on)} "
               f"(answered by: {who})"),
        *_grid(["Question", "Answer"], rows, _columns(75, 25)),
        Spacer(1, 3 * mm),
    ]  # fmt: skip


def _consent(found: SubjectAccess) -> list[Flowable]:
    story: list[Flowable] = [heading("Consent and sharing", "section-consent")]
    if not found.parties and not found.consents:
        text = "No consent and nobody to share information with recorded."
        return [*story, Paragraph(text, BODY), Spacer(1, 6 * mm)]
    if found.parties:
        rows = [[p.name, _label(PARTY_ROLE, p.role), _text(p.organisation), _time(p.added_at)]
                for p in found.parties]  # fmt: skip
        story += [
            Paragraph("Who their information may be shared with", SUBHEADING),
            *_grid(["Name", "Role", "Organisation", "Added"], rows, _columns(30, 22, 30, 18)),
            Spacer(1, 3 * mm),
        ]  # fmt: skip
    for c in found.consents:
        story += keep(_one_consent(c))
    return [*story, Spacer(1, 6 * mm)]


def _one_consent(c: SubjectConsent) -> list[Flowable]:
    what = _label(CONSENT_KIND, c.kind) + (f" with {c.shared_with}" if c.shared_with else "")
    pairs = [
        ("How", _label(CONSENT_HOW, c.how)),
        ("Reason", _text(c.reason)),
        ("Recorded", f"{_time(c.recorded_at)}, by {c.recorded_by or NONE}"),
        ("Withdrawn", NONE if c.withdrawn_on is None
         else f"{format_uk(c.withdrawn_on)}, recorded by {c.withdrawn_by or NONE}"),
    ]  # fmt: skip
    if c.withdrawn_on is not None:
        pairs.append(("Why it was withdrawn", _text(c.withdrawn_reason)))
    scan = c.scan
    held = "None held" if scan is None else f"{scan.file_name} ({_size(scan.size_bytes)})."
    pairs.append(("Scanned form", held if scan is None else f"{held} {scan.note}"))
    title = f"{what} \u00b7 given {format_uk(c.given_on)}"
    return [Paragraph(escape(title), SUBHEADING), *_facts(pairs)]


def _reports(reports: Sequence[SubjectReport]) -> list[Flowable]:
    story: list[Flowable] = [heading("Reports", "section-reports")]
    if not reports:
        return [*story, Paragraph("No reports written.", BODY), Spacer(1, 6 * mm)]
    for r in reports:
        title = f"{r.case_ref} report {r.number} \u00b7 {_label(REPORT_KIND, r.kind)}"
        pairs = [
            ("Status", _label(REPORT_STATUS, r.status)),
            ("Written", f"{_time(r.created_at)}, by {r.created_by or NONE}"),
            ("Last changed", _time(r.updated_at)),
            *_report_text(r),
        ]
        story += keep([Paragraph(escape(title), SUBHEADING), *_facts(pairs)])
        if not r.sent_versions:
            story.append(_intro("Not sent yet."))
        for v in r.sent_versions:
            sent = f"Sent {format_uk(v.sent_on)} to {v.sent_to}, by {v.sent_by or NONE}"
            if _same_text(v, r):
                story.append(_intro(f"{sent}: as it reads above."))
            else:
                story += [_intro(f"{sent}. It said then:"), *_facts(_report_text(v))]
        story.append(Spacer(1, 5 * mm))
    return story


def _report_text(report: SubjectReport | SubjectReportSending) -> list[tuple[str, str]]:
    pairs = [
        ("Kind", _label(REPORT_KIND, report.kind)),
        ("About", _text(report.about)),
        ("Decision maker", _text(report.decision_maker)),
        ("Due", _day(report.due_on)),
    ]
    pairs += [(label, _text(getattr(report, code))) for code, label in REPORT_SECTION.items]
    return pairs


def _same_text(sent: SubjectReportSending, report: SubjectReport) -> bool:
    return all(getattr(sent, name) == getattr(report, name) for name in REPORT_TEXT)


def _letters(letters: Sequence[SubjectLetter]) -> list[Flowable]:
    story: list[Flowable] = [heading("Letters", "section-letters")]
    if not letters:
        return [*story, Paragraph("No letters made.", BODY), Spacer(1, 6 * mm)]
    rows = []
    for x in letters:
        to = "The person"
        if x.addressed_to or x.addressed_to_role:
            where = f" ({x.addressed_to_organisation})" if x.addressed_to_organisation else ""
            to = f"{x.addressed_to}, {_label(PARTY_ROLE, x.addressed_to_role)}{where}"
        rows.append([x.file_name, SHIPPED_TITLES.get(x.template, x.template), to,
                     f"{_time(x.made_at)}, by {x.made_by or NONE}",
                     _text(x.no_consent_reason)])  # fmt: skip
    return [
        *story,
        Paragraph(
            "Each letter made for their cases, oldest first. The letters themselves are not "
            "part of this document: a copy of any of them can be exported on request.",
            INTRO,
        ),
        *_grid(["File", "Letter", "To", "Made", "Sent without consent because"], rows,
               _columns(39, 16, 17, 12, 16)),
        Spacer(1, 6 * mm),
    ]  # fmt: skip


def _diary(appointments: Sequence[SubjectAppointment]) -> list[Flowable]:
    story: list[Flowable] = [heading("Appointments", "section-diary")]
    if not appointments:
        return [*story, Paragraph("No appointments in the diary.", BODY), Spacer(1, 6 * mm)]
    for a in appointments:
        starts, ends = local(a.starts_at), local(a.ends_at)
        title = (f"{a.case_ref} \u00b7 {_label(APPOINTMENT_KIND, a.kind)} \u00b7 "
                 f"{format_uk(starts.date())} {time_span(starts, ends)}")  # fmt: skip
        pairs = [
            ("Place", _text(a.place)),
            ("Who else attends", _text(a.attendees)),
            ("Notes", _text(a.notes)),
            ("Advocate", _text(a.advocate)),
            ("Logged as casework", _yes(a.logged_as_casework)),
        ]
        story += keep([Paragraph(escape(title), SUBHEADING), *_facts(pairs)])
    return [*story, Spacer(1, 6 * mm)]


#: How the form's fields of an unsaved draft are named.
DRAFT_FIELDS = {"occurred_on": "Date", "kind": "Kind", "duration": "Time", "travel": "Travel",
                "note": "Note", "timer_started": "Timer started", "text": "Kept"}  # fmt: skip


def _drafts(drafts: Sequence[SubjectDraft]) -> list[Flowable]:
    story: list[Flowable] = [heading("Unsaved drafts", "section-drafts")]
    if not drafts:
        return [*story, Paragraph("No unsaved drafts.", BODY), Spacer(1, 6 * mm)]
    story.append(
        Paragraph(
            "Casework typed into a case's log and kept, unsaved, so nothing typed is lost. "
            "An unsaved draft is not part of the casework log until it is saved.",
            INTRO,
        )
    )
    for draft in drafts:
        pairs = []
        for name, value in draft.fields.items():
            shown = _label(ACTIVITY_KIND, value) if name == "kind" else value
            label = DRAFT_FIELDS.get(name) or name.replace("_", " ").capitalize()
            pairs.append((label, _text(shown)))
        title = f"{draft.case_ref} \u00b7 unsaved draft"
        story += keep([Paragraph(escape(title), SUBHEADING), *_facts(pairs)])
    return [*story, Spacer(1, 6 * mm)]


def _citizen(found: SubjectAccess) -> list[Flowable]:
    story: list[Flowable] = [heading("Citizen advocacy", "section-citizen")]
    profile = found.partner_profile
    if profile is None and not found.partnerships:
        return [*story, Paragraph("Not referred for citizen advocacy.", BODY), Spacer(1, 6 * mm)]
    if profile is not None:
        preferred = _label(SEX, profile.preferred_sex) if profile.preferred_sex else "No preference"
        if profile.preferred_sex and profile.sex_required:
            preferred += " (required)"
        story += [Paragraph("What they would like of a citizen advocate", SUBHEADING),
                  *_facts([
                      ("Waiting for a match since", _day(profile.waiting_since)),
                      ("Interests", _words(profile.interests)),
                      ("Languages", _words(profile.languages)),
                      ("Language required", _text(profile.required_language)),
                      ("Advocate's sex", preferred),
                      ("Days", _codes(DAY, profile.available_days)),
                      ("Has pets", _yes(profile.has_pets)),
                      ("Needs a non-smoker", _yes(profile.smoke_free_required)),
                      ("Other requirement", _text(profile.other_requirement)),
                      ("Their ideal advocate", _text(profile.ideal_advocate)),
                  ])]  # fmt: skip
    if found.partnerships:
        rows = [[f"{p.volunteer_name} ({p.volunteer_ref})", _label(PARTNERSHIP_STATUS, p.status),
                 _day(p.proposed_on), _day(p.introduced_on), _day(p.started_on),
                 _day(p.ended_on), _label(PARTNERSHIP_END_REASON, p.end_reason)]
                for p in found.partnerships]  # fmt: skip
        story += [
            Paragraph("Partnerships", SUBHEADING),
            *_grid(["Citizen advocate", "Status", "Proposed", "Introduced", "Started", "Ended",
                    "Why it ended"], rows, _columns(24, 11, 12, 12, 12, 12, 17)),
        ]  # fmt: skip
    return [*story, Spacer(1, 6 * mm)]


def _retention(found: SubjectAccess) -> list[Flowable]:
    story: list[Flowable] = [heading("Retention", "section-retention")]
    hold = found.retention_hold
    if hold is None:
        text = "No decision to keep the record past the retention period is recorded."
        return [*story, Paragraph(text, BODY), Spacer(1, 6 * mm)]
    pairs = [
        ("Kept past the retention period because", hold.reason),
        ("Until", _day(hold.review_on) if hold.review_on else "Someone decides otherwise"),
        ("Decided by", f"{_text(hold.held_by)}, {_time(hold.held_at)}"),
    ]
    return [*story, *_facts(pairs), Spacer(1, 6 * mm)]


def _trail(events: Sequence[SubjectAuditEvent]) -> list[Flowable]:
    story: list[Flowable] = [
        heading("Who looked at or changed the record", "section-audit"),
        Paragraph(
            "Every time someone opened, changed or exported the person's record, their "
            "referrals, cases, consents, reports, letters or appointments, from the audit "
            "trail, oldest first. The trail cannot be changed, so it may still show "
            "details as they were before a change.",
            INTRO,
        ),
    ]
    if not events:
        return [*story, Paragraph("Nothing recorded.", BODY)]
    rows = [[_time(e.occurred_at), _text(e.username), ACTIONS.get(e.action, e.action.capitalize()),
             " ".join(part for part in (ENTITIES.get(e.entity, e.entity), e.record) if part),
             details_text(e.details)] for e in events]  # fmt: skip
    return [*story, *_grid(["When", "Who", "What", "Record", "Details"], rows,
                           _columns(17, 13, 14, 20, 36))]  # fmt: skip


def details_text(details: str) -> str:
    """An audit event's details (JSON) as lines of "what: value", a change as
    "before \u2192 after"; anything that is not JSON as it is."""
    try:
        parsed = json.loads(details or "{}")
    except ValueError:
        return details
    if not isinstance(parsed, dict):
        return details
    lines = []
    for key, value in parsed.items():
        if isinstance(value, list) and len(value) == 2 and key not in ("files",):
            shown = f"{_value(value[0])} \u2192 {_value(value[1])}"
        elif isinstance(value, list):
            shown = ", ".join(_value(v) for v in value)
        else:
            shown = _value(value)
        lines.append(f"{key.replace('_', ' ')}: {shown}")
    return "\n".join(lines) or NONE


def _value(value: object) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_uk(date.fromisoformat(value))
    return str(value)
