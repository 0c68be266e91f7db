"""Every code list Advocacy Desk knows, in one place.

Codes are the contract for storage, imports, exports and tests (see DOMAIN.md):
they are stored and exchanged as lower_snake_case codes, and the UI shows the
labels. Every list also accepts its labels on input, case-insensitively.

Identity lists carry ``not_known`` and ``prefer_not_to_say``; the other lists
carry ``not_known`` where a value may be missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

NOT_KNOWN = "not_known"
PREFER_NOT_TO_SAY = "prefer_not_to_say"

_NOT_KNOWN_ITEM = (NOT_KNOWN, "Not known")
_PREFER_NOT_ITEM = (PREFER_NOT_TO_SAY, "Prefer not to say")


class UnknownCode(ValueError):
    """A value that is neither a code nor a label of a vocabulary."""

    def __init__(self, vocabulary: Vocabulary, value: str) -> None:
        self.vocabulary = vocabulary
        self.value = value
        suggestion = vocabulary.nearest(value)
        hint = f' Did you mean "{suggestion}"?' if suggestion else ""
        super().__init__(
            f'"{value}" is not a {vocabulary.title}.{hint} Allowed: {", ".join(vocabulary.codes)}.'
        )


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of codes with their display labels."""

    name: str
    title: str
    items: tuple[tuple[str, str], ...]
    _by_key: dict[str, str] = field(init=False, repr=False, compare=False)
    _codes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, str] = {}
        for code, label in self.items:
            by_key[code.casefold()] = code
            by_key[label.casefold()] = code
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_codes", tuple(code for code, _ in self.items))

    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and any(code == c for c, _ in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def label(self, code: str | None) -> str:
        """The display label of ``code``; an empty string for no value."""
        if code is None or code == "":
            return ""
        for c, label in self.items:
            if c == code:
                return label
        raise UnknownCode(self, code)

    def parse(self, value: str) -> str:
        """The code for ``value``, given as a code or a label, any case and spacing."""
        key = " ".join(value.split()).casefold()
        try:
            return self._by_key[key]
        except KeyError:
            raise UnknownCode(self, value) from None

    def nearest(self, value: str) -> str | None:
        """The closest code to a mistyped value, for "did you mean" messages."""
        from difflib import get_close_matches

        key = value.strip().casefold()
        match = get_close_matches(key, list(self._by_key), n=1, cutoff=0.6)
        return self._by_key[match[0]] if match else None


def _identity(name: str, title: str, *items: tuple[str, str]) -> Vocabulary:
    return Vocabulary(name, title, (*items, _NOT_KNOWN_ITEM, _PREFER_NOT_ITEM))


def _with_not_known(name: str, title: str, *items: tuple[str, str]) -> Vocabulary:
    return Vocabulary(name, title, (*items, _NOT_KNOWN_ITEM))


def _plain(name: str, title: str, *items: tuple[str, str]) -> Vocabulary:
    return Vocabulary(name, title, tuple(items))


ADVOCACY_TYPE = _plain(
    "advocacy_type",
    "advocacy type",
    ("care_act", "Care Act advocacy"),
    ("imca", "Independent Mental Capacity Advocate (IMCA)"),
    ("imha", "Independent Mental Health Advocate (IMHA)"),
    ("nhs_complaints", "NHS complaints advocacy"),
    ("rpr", "Paid Relevant Person's Representative (RPR)"),
    ("generic", "Community / generic advocacy"),
    ("non_instructed", "Non-instructed advocacy"),
    ("citizen", "Citizen advocacy"),
    ("peer", "Peer and self-advocacy"),
)

#: Advocacy types that are a statutory duty whatever the Care Act gate says.
STATUTORY_TYPES = frozenset({"imca", "imha", "rpr"})

CARE_ACT_PROCESS = _plain(
    "care_act_process",
    "Care Act process",
    ("needs_assessment", "Needs assessment (s9)"),
    ("carers_assessment", "Carer's assessment (s10)"),
    ("care_plan", "Care and support plan or support plan (s25)"),
    ("care_plan_review", "Review of a care and support plan (s27)"),
    ("child_transition_assessment", "Child's needs assessment in transition (s58)"),
    ("young_carers_assessment", "Child's carer's or young carer's assessment (s60/s63)"),
    ("safeguarding_enquiry", "Safeguarding enquiry (s42)"),
    ("safeguarding_adults_review", "Safeguarding adults review (s44)"),
    ("appeal", "Appeal"),
    ("none", "None"),
)

SOURCE = _plain(
    "source",
    "referral source",
    ("self", "Self"),
    ("family_friend", "Family or friend"),
    ("social_worker", "Social worker"),
    ("health", "Hospital or health professional"),
    ("care_provider", "Care provider"),
    ("other_advocacy", "Other advocacy service"),
    ("other", "Other"),
)

SAFEGUARDING = _plain(
    "safeguarding",
    "safeguarding level",
    ("none", "None"),
    ("concern", "Concern"),
    ("enquiry", "Active enquiry"),
)

SUBSTANTIAL_DIFFICULTY = _plain(
    "substantial_difficulty",
    "area of substantial difficulty",
    ("understanding", "Understanding relevant information"),
    ("retaining", "Retaining that information"),
    ("using_weighing", "Using or weighing that information"),
    ("communicating", "Communicating views, wishes and feelings"),
)

#: Why an advocate is due under the Care Act even though an appropriate
#: individual exists (Care Act statutory guidance, chapter 7).
GATE_EXCEPTION = _plain(
    "gate_exception",
    "Care Act exception",
    ("none", "None"),
    ("nhs_placement", "NHS placement over 4 weeks in hospital or 8 weeks in a care home"),
    ("disagreement", "The council and the appropriate individual disagree"),
)

YES_NO = _with_not_known("yes_no", "yes or no answer", ("yes", "Yes"), ("no", "No"))

SEX = _identity("sex", "sex", ("female", "Female"), ("male", "Male"), ("intersex", "Intersex"))

GENDER_IDENTITY = _identity(
    "gender_identity",
    "gender identity answer (same as sex registered at birth?)",
    ("yes", "Yes, the same as sex registered at birth"),
    ("no", "No, different from sex registered at birth"),
)

ETHNICITY = _identity(
    "ethnicity",
    "ethnic group (ONS 2021)",
    ("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
    ("white_irish", "White: Irish"),
    ("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
    ("white_roma", "White: Roma"),
    ("white_other", "White: Any other White background"),
    ("mixed_white_black_caribbean", "Mixed: White and Black Caribbean"),
    ("mixed_white_black_african", "Mixed: White and Black African"),
    ("mixed_white_asian", "Mixed: White and Asian"),
    ("mixed_other", "Mixed: Any other Mixed or multiple ethnic background"),
    ("asian_indian", "Asian or Asian British: Indian"),
    ("asian_pakistani", "Asian or Asian British: Pakistani"),
    ("asian_bangladeshi", "Asian or Asian British: Bangladeshi"),
    ("asian_chinese", "Asian or Asian British: Chinese"),
    ("asian_other", "Asian or Asian British: Any other Asian background"),
    ("black_caribbean", "Black, Black British, Caribbean or African: Caribbean"),
    ("black_african", "Black, Black British, Caribbean or African: African"),
    ("black_other", "Black, Black British, Caribbean or African: Any other Black background"),
    ("arab", "Other ethnic group: Arab"),
    ("other_ethnic_group", "Other ethnic group: Any other ethnic group"),
)

DISABILITY = _identity("disability", "disability answer", ("yes", "Yes"), ("no", "No"))

SEXUAL_ORIENTATION = _identity(
    "sexual_orientation",
    "sexual orientation",
    ("heterosexual", "Heterosexual or straight"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Other sexual orientation"),
)

RELIGION = _identity(
    "religion",
    "religion or belief",
    ("none", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Any other religion"),
)

PRIMARY_NEED = _with_not_known(
    "primary_need",
    "primary need",
    ("learning_disability", "Learning disability"),
    ("autism", "Autism"),
    ("mental_health", "Mental health"),
    ("dementia", "Dementia"),
    ("older_person", "Older person"),
    ("physical_disability", "Physical disability"),
    ("sensory_impairment", "Sensory impairment"),
    ("acquired_brain_injury", "Acquired brain injury"),
    ("substance_misuse", "Substance misuse"),
    ("carer", "Carer"),
    ("other", "Other"),
)

ACTIVITY_KIND = _plain(
    "activity_kind",
    "activity kind",
    ("visit", "Visit"),
    ("phone", "Phone call"),
    ("meeting", "Meeting attended"),
    ("correspondence", "Letter or email"),
    ("report", "Report writing"),
    ("research", "Research"),
    ("travel", "Travel"),
    ("other", "Other"),
)

ISSUE_CATEGORY = _plain(
    "issue_category",
    "issue category",
    ("care_support", "Care and support"),
    ("accommodation", "Accommodation"),
    ("health_treatment", "Health treatment"),
    ("safeguarding", "Safeguarding"),
    ("money_benefits", "Money and benefits"),
    ("complaint", "Complaints"),
    ("family_relationships", "Family and relationships"),
    ("other", "Other"),
)

ISSUE_OUTCOME = _plain(
    "issue_outcome",
    "issue outcome",
    ("achieved", "Achieved"),
    ("partly_achieved", "Partly achieved"),
    ("not_achieved", "Not achieved"),
    ("withdrawn", "Withdrawn"),
)

CLOSURE_REASON = _plain(
    "closure_reason",
    "closure reason",
    ("resolved", "Issues resolved"),
    ("person_withdrew", "Person withdrew"),
    ("died", "Person died"),
    ("moved_away", "Moved away"),
    ("not_eligible", "No longer eligible"),
    ("referred_on", "Referred on"),
    ("other", "Other"),
)

FEEDBACK_ANSWER = _plain(
    "feedback_answer",
    "outcome question answer",
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
    ("declined", "Declined to answer"),
    ("not_asked", "Not asked"),
)

#: The five Calderdale outcome questions asked when a case closes.
OUTCOME_QUESTION = _plain(
    "outcome_question",
    "outcome question",
    ("informed", "I received information readily about advocacy and what was available to me."),
    (
        "involved",
        "I better understand and am involved in my care, support and health planning "
        "and decisions.",
    ),
    ("negotiate", "I have more ability to negotiate arrangements and services to meet my needs."),
    ("personal_outcomes", "Advocacy contributed to achieving my personal outcomes."),
    ("empowered", "I feel empowered to challenge decisions."),
)

FEEDBACK_ANSWERED_BY = _plain(
    "feedback_answered_by",
    "who answered",
    ("person", "The person"),
    ("supported", "The person, with support"),
    ("advocate_observation", "Advocate's observation (non-instructed)"),
)

REFERRAL_STATUS = _plain(
    "referral_status",
    "referral status",
    ("waiting", "Waiting"),
    ("allocated", "Allocated"),
    ("declined", "Declined"),
    ("withdrawn", "Withdrawn"),
)

PARTNERSHIP_STATUS = _plain(
    "partnership_status",
    "partnership status",
    ("proposed", "Proposed"),
    ("introduced", "Introduced"),
    ("active", "Active"),
    ("ended", "Ended"),
)

PARTNERSHIP_END_REASON = _plain(
    "partnership_end_reason",
    "partnership end reason",
    ("partner_wish", "Partner's wish"),
    ("advocate_wish", "Advocate's wish"),
    ("moved", "Moved"),
    ("died", "Died"),
    ("other", "Other"),
)

VOLUNTEER_STATUS = _plain(
    "volunteer_status",
    "volunteer status",
    ("enquiry", "Enquiry"),
    ("in_training", "In training"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("left", "Left"),
)

AGE_BAND = _plain(
    "age_band",
    "age band",
    ("under_18", "Under 18"),
    ("18_24", "18-24"),
    ("25_34", "25-34"),
    ("35_44", "35-44"),
    ("45_54", "45-54"),
    ("55_64", "55-64"),
    ("65_74", "65-74"),
    ("75_84", "75-84"),
    ("85_plus", "85 and over"),
    (NOT_KNOWN, "Not known"),
)

DAY = _plain(
    "day",
    "day",
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
)

TIME_OF_DAY = _plain(
    "time_of_day",
    "time of day",
    ("morning", "Mornings"),
    ("afternoon", "Afternoons"),
    ("evening", "Evenings"),
)

ROLE = _plain(
    "role",
    "role",
    ("administrator", "Administrator"),
    ("manager", "Manager"),
    ("advocate", "Advocate"),
    ("volunteer_coordinator", "Volunteer coordinator"),
    ("read_only", "Read-only"),
)

CONSENT_KIND = _plain(
    "consent_kind",
    "kind of consent",
    ("advocacy", "Advocacy involvement"),
    ("sharing", "Sharing information"),
)

CONSENT_HOW = _plain(
    "consent_how",
    "how consent was given",
    ("verbal", "Verbal"),
    ("written", "Written"),
    ("signed_form", "Signed form (scanned)"),
    ("non_instructed", "Non-instructed: advocate's decision"),
)

PARTY_ROLE = _plain(
    "party_role",
    "party's role",
    ("social_worker", "Social worker"),
    ("gp", "GP"),
    ("care_home_manager", "Care home manager"),
    ("family_member", "Family member"),
    ("friend", "Friend"),
    ("health_professional", "Nurse or other health professional"),
    ("decision_maker", "Decision maker"),
    ("solicitor", "Solicitor"),
    ("other", "Other"),
)

REPORT_KIND = _plain(
    "report_kind",
    "kind of report",
    ("imca_decision_maker", "IMCA report to the decision maker"),
    ("care_act", "Care Act advocacy report"),
    ("other", "Other report"),
)

REPORT_STATUS = _plain("report_status", "report status", ("draft", "Draft"), ("sent", "Sent"))

#: The sections of an advocate's report, in the order they are written.
REPORT_SECTION = _plain(
    "report_section",
    "report section",
    ("wishes_feelings", "The person's wishes and feelings"),
    ("beliefs_values", "Beliefs and values"),
    ("options", "The options considered"),
    ("views_of_others", "Views of others consulted"),
    ("concerns", "The advocate's concerns or challenges"),
    ("recommendations", "Recommendations"),
)

APPOINTMENT_KIND = _plain(
    "appointment_kind",
    "kind of appointment",
    ("visit", "Visit"),
    ("meeting", "Meeting"),
    ("care_review", "Care review"),
    ("best_interests_meeting", "Best interests meeting"),
    ("tribunal_hearing", "Tribunal or hearing"),
    ("phone_call", "Phone call"),
    ("other", "Other"),
)

ALL: tuple[Vocabulary, ...] = (
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    SOURCE,
    SAFEGUARDING,
    SUBSTANTIAL_DIFFICULTY,
    GATE_EXCEPTION,
    YES_NO,
    SEX,
    GENDER_IDENTITY,
    ETHNICITY,
    DISABILITY,
    SEXUAL_ORIENTATION,
    RELIGION,
    PRIMARY_NEED,
    ACTIVITY_KIND,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    CLOSURE_REASON,
    FEEDBACK_ANSWER,
    OUTCOME_QUESTION,
    FEEDBACK_ANSWERED_BY,
    REFERRAL_STATUS,
    PARTNERSHIP_STATUS,
    PARTNERSHIP_END_REASON,
    VOLUNTEER_STATUS,
    AGE_BAND,
    DAY,
    TIME_OF_DAY,
    ROLE,
    CONSENT_KIND,
    CONSENT_HOW,
    PARTY_ROLE,
    REPORT_KIND,
    REPORT_STATUS,
    REPORT_SECTION,
    APPOINTMENT_KIND,
)

BY_NAME: dict[str, Vocabulary] = {v.name: v for v in ALL}

#: The equality monitoring fields the return reports on, in its order, each with its
#: vocabulary.
EQUALITY: tuple[tuple[str, Vocabulary], ...] = (
    ("sex", SEX),
    ("gender_identity", GENDER_IDENTITY),
    ("ethnicity", ETHNICITY),
    ("disability", DISABILITY),
    ("sexual_orientation", SEXUAL_ORIENTATION),
    ("religion", RELIGION),
    ("primary_need", PRIMARY_NEED),
    ("age_band", AGE_BAND),
)
