"""The kinds of record an import takes, their columns, and how each cell is read.

One definition serves the importer, the blank templates (their header rows and notes)
and the documentation. Kinds are listed in dependency order: a kind refers only to
kinds before it, so loading in this order never meets a reference not yet written.
"""

from __future__ import annotations

from dataclasses import dataclass

from advocacy_desk.domain.vocabulary import (
    ACTIVITY_KIND,
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    CLOSURE_REASON,
    DAY,
    DISABILITY,
    ETHNICITY,
    FEEDBACK_ANSWER,
    FEEDBACK_ANSWERED_BY,
    GENDER_IDENTITY,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    PARTNERSHIP_END_REASON,
    PARTNERSHIP_STATUS,
    PRIMARY_NEED,
    REFERRAL_STATUS,
    RELIGION,
    SAFEGUARDING,
    SEX,
    SEXUAL_ORIENTATION,
    SOURCE,
    SUBSTANTIAL_DIFFICULTY,
    TIME_OF_DAY,
    VOLUNTEER_STATUS,
    YES_NO,
    Vocabulary,
)
from advocacy_desk.importing import cells
from advocacy_desk.importing.cells import Reader

REF_LENGTH = 20
NAME_LENGTH = 100


@dataclass(frozen=True)
class Column:
    name: str
    reader: Reader
    #: What the column holds, for the templates' notes.
    note: str
    required: bool = False
    #: The codes the column takes, listed in the notes.
    vocabulary: Vocabulary | None = None
    #: Several values separated by ";".
    many: bool = False

    def allowed(self) -> str:
        """The allowed values in words, for the notes."""
        if self.vocabulary is None:
            return ""
        listed = "; ".join(f"{c} ({self.vocabulary.label(c)})" for c in self.vocabulary.codes)
        return ("any of, separated by ;: " if self.many else "one of: ") + listed


@dataclass(frozen=True)
class Kind:
    name: str
    #: What one row is, for the notes.
    row: str
    columns: tuple[Column, ...]
    #: The columns that name one record (its natural key).
    key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _ref(name: str, what: str, required: bool = True) -> Column:
    return Column(name, cells.text(REF_LENGTH), what, required)


def _date(name: str, what: str, required: bool = False) -> Column:
    return Column(name, cells.read_date, f"{what}: DD/MM/YYYY or YYYY-MM-DD", required)


def _code(name: str, vocabulary: Vocabulary, what: str, required: bool = False) -> Column:
    return Column(name, cells.code(vocabulary), what, required, vocabulary)


def _codes(name: str, vocabulary: Vocabulary, what: str) -> Column:
    return Column(name, cells.codes(vocabulary), what, False, vocabulary, many=True)


def _yes_no(name: str, what: str) -> Column:
    return Column(name, cells.yes_no, f"{what}: yes or no (y, n, true, false, 1, 0)")


def _text(name: str, what: str, limit: int = cells.MAX_CELL, required: bool = False) -> Column:
    return Column(name, cells.text(limit), what, required)


def _list(name: str, what: str) -> Column:
    return Column(name, cells.text(2_000), f"{what}, separated by ;")


MATRIX_NOTE = "1 (low) to 4 (high), for the prioritisation matrix"

KINDS: tuple[Kind, ...] = (
    Kind(
        "contracts",
        "one contract with the commissioning local authority",
        (
            _text("name", "the contract's name, as the commissioner knows it", 200, True),
            _text("commissioner", "who commissions it, e.g. Essex County Council", 200, True),
            _date("starts_on", "first day of the contract", True),
            _date("ends_on", "last day of the contract", True),
            _codes("advocacy_types", ADVOCACY_TYPE, "the types it pays for (blank: all)"),
            Column("hours_per_year", cells.number(0, 1_000_000), "hours a year in the block"),
            Column("cases_per_year", cells.whole(0, 1_000_000), "cases a year in the block"),
        ),
        ("name",),
    ),
    Kind(
        "people",
        "one person referred for advocacy",
        (
            _ref("person_ref", "your reference for the person, e.g. P000123"),
            _text("given_name", "first name", NAME_LENGTH, True),
            _text("family_name", "surname", NAME_LENGTH, True),
            _date("date_of_birth", "date of birth"),
            _code("sex", SEX, "sex"),
            _code("gender_identity", GENDER_IDENTITY, "gender identity"),
            _code("ethnicity", ETHNICITY, "ethnic group"),
            _code("disability", DISABILITY, "whether they are disabled"),
            _code("sexual_orientation", SEXUAL_ORIENTATION, "sexual orientation"),
            _code("religion", RELIGION, "religion or belief"),
            _text("first_language", "first language, in words", 100),
            _code("interpreter_needed", YES_NO, "whether an interpreter is needed"),
            _code("primary_need", PRIMARY_NEED, "primary support need"),
            _text(
                "address_line_one",
                "postal address, first line, e.g. 12 High Street (for letters)",
                100,
            ),
            _text("address_line_two", "postal address, second line, e.g. Springfield", 100),
            _text("town", "postal town, e.g. Chelmsford", 60),
            _text("postcode", "home postcode, e.g. CM1 1AA", 20),
            _text("local_authority", "the local authority responsible", 100),
            _code("out_of_area", YES_NO, "placed out of area"),
        ),
        ("person_ref",),
    ),
    Kind(
        "advocates",
        "one member of staff who advocates",
        (
            _text("username", "their user name, e.g. jsmith", 60, True),
            _text("full_name", "their name as people see it", 200, True),
            _codes("advocacy_types", ADVOCACY_TYPE, "the advocacy they take"),
            Column("capacity", cells.whole(0, 500), "how many open cases they can hold (30)"),
        ),
        ("username",),
    ),
    Kind(
        "referrals",
        "one referral for advocacy",
        (
            _ref("referral_ref", "your reference for the referral, e.g. R000123"),
            _ref("person_ref", "the person referred (in people or already recorded)"),
            _date("received_on", "the day it arrived", True),
            _code("source", SOURCE, "who referred", True),
            _code("advocacy_type", ADVOCACY_TYPE, "the advocacy asked for", True),
            _code("care_act_process", CARE_ACT_PROCESS, "the Care Act process, if any"),
            _codes("substantial_difficulty", SUBSTANTIAL_DIFFICULTY, "Care Act difficulties"),
            _code("appropriate_individual", YES_NO, "whether there is an appropriate individual"),
            _date("decision_due_on", "date of the decision or meeting"),
            _code("safeguarding", SAFEGUARDING, "safeguarding"),
            Column("complexity", cells.whole(1, 4), f"complexity: {MATRIX_NOTE}"),
            Column("impact", cells.whole(1, 4), f"impact: {MATRIX_NOTE}"),
            Column("support_network", cells.whole(1, 4), f"support network: {MATRIX_NOTE}"),
            Column("capacity_voice", cells.whole(1, 4), f"capacity and voice: {MATRIX_NOTE}"),
            _text("contract", "the contract's name (in contracts or already recorded)", 200),
            _code("status", REFERRAL_STATUS, "status (blank: waiting; a case makes it allocated)"),
            _date("status_on", "the day the status was set (blank: the received date)"),
            _text("status_reason", "why declined or withdrawn (required for those)", 2_000),
        ),
        ("referral_ref",),
    ),
    Kind(
        "cases",
        "one case: a referral allocated to an advocate",
        (
            _ref("case_ref", "your reference for the case, e.g. C000123"),
            _ref("referral_ref", "the referral (in referrals or already recorded)"),
            _text("advocate", "the advocate's user name (in advocates or recorded)", 200, True),
            _date("opened_on", "the day the case opened", True),
            _date("closed_on", "the day it closed (blank: still open)"),
            _code("closure_reason", CLOSURE_REASON, "why it closed (required when closed)"),
        ),
        ("case_ref",),
    ),
    Kind(
        "activities",
        "one piece of casework",
        (
            _ref("case_ref", "the case (in cases or already recorded)"),
            _date("date", "the day of the work", True),
            Column("minutes", cells.minutes, "time: minutes (45) or hours:minutes (1:30)", True),
            _code("kind", ACTIVITY_KIND, "what was done", True),
            _text("advocate", "who did it, by user name (blank: the case's advocate)", 200),
            Column("travel_minutes", cells.minutes, "travel time, minutes or hours:minutes"),
            _text("note", "what happened, in words", cells.MAX_CELL),
        ),
        ("case_ref", "date", "kind"),
    ),
    Kind(
        "issues",
        "one issue the person raised on a case",
        (
            _ref("case_ref", "the case (in cases or already recorded)"),
            _code("category", ISSUE_CATEGORY, "what the issue is about", True),
            _text("description", "the issue in the person's words", 2_000, True),
            _code("outcome", ISSUE_OUTCOME, "its outcome (blank: still open)"),
        ),
        ("case_ref", "category"),
    ),
    Kind(
        "feedback",
        "the outcome questions answered when a case closed",
        (
            _ref("case_ref", "the case (closed, in cases or already recorded)"),
            *(
                _code(name, FEEDBACK_ANSWER, what)
                for name, what in (
                    ("informed", "felt informed"),
                    ("involved", "felt involved"),
                    ("negotiate", "could negotiate"),
                    ("personal_outcomes", "personal outcomes met"),
                    ("empowered", "felt empowered"),
                )
            ),
            _code("answered_by", FEEDBACK_ANSWERED_BY, "who answered (blank: the person)"),
        ),
        ("case_ref",),
    ),
    Kind(
        "volunteers",
        "one citizen advocate",
        (
            _ref("volunteer_ref", "your reference for the volunteer, e.g. V000012"),
            _text("given_name", "first name", NAME_LENGTH, True),
            _text("family_name", "surname", NAME_LENGTH, True),
            _date("date_of_birth", "date of birth"),
            _code("sex", SEX, "sex"),
            _text("postcode", "home postcode", 20),
            Column("travel_km", cells.number(0, 500), "how far they will travel, km"),
            _list("languages", "languages they speak"),
            _list("interests", "interests, for matching"),
            _codes("available_days", DAY, "days they are usually free"),
            _codes("available_times", TIME_OF_DAY, "times of day they are usually free"),
            _yes_no("smoker", "whether they smoke"),
            _yes_no("pet_allergy", "whether they are allergic to pets"),
            _date("dbs_checked_on", "date of the DBS check"),
            _date("dbs_expires_on", "DBS renewal date (blank: 3 years after the check)"),
            _date("trained_on", "preparation training completed"),
            Column("max_partners", cells.whole(1, 10), "the most partners at once (1)"),
            _code("status", VOLUNTEER_STATUS, "status (blank: enquiry)"),
        ),
        ("volunteer_ref",),
    ),
    Kind(
        "partner_profiles",
        "what a person waiting for a citizen advocate needs",
        (
            _ref("person_ref", "the person (in people or already recorded)"),
            _list("interests", "their interests"),
            _list("languages", "languages they speak"),
            _text("required_language", "a language the advocate must speak", 60),
            _code("preferred_sex", SEX, "sex of advocate they prefer"),
            _yes_no("sex_required", "whether that sex is required"),
            _codes("available_days", DAY, "days they are available"),
            _yes_no("has_pets", "pets at home"),
            _yes_no("smoke_free_required", "a smoke-free advocate required"),
        ),
        ("person_ref",),
    ),
    Kind(
        "partnerships",
        "one citizen advocacy partnership",
        (
            _ref("volunteer_ref", "the volunteer (in volunteers or already recorded)"),
            _ref("person_ref", "the partner (in people or already recorded)"),
            _code("status", PARTNERSHIP_STATUS, "where it stands", True),
            _date("started_on", "the day it became active"),
            _date("ended_on", "the day it ended (required when ended)"),
            _code("end_reason", PARTNERSHIP_END_REASON, "why it ended (required when ended)"),
        ),
        ("volunteer_ref", "person_ref"),
    ),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
