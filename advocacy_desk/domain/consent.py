"""Consent rules that need no database: what a consent must hold, what a scanned form
may be, when a consent stands, and what the banner says while advocacy consent is
missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.text import control_character_errors
from advocacy_desk.domain.vocabulary import CONSENT_HOW, CONSENT_KIND

#: A scanned form may be at most this big.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: No consent is dated before this.
EARLIEST = date(1900, 1, 1)
MAX_REASON_LENGTH = 4000
MAX_FILE_NAME_LENGTH = 200

#: What a file's first bytes say it is, and the extension it is given.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "PDF", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "PNG", ".png"),
    (b"\xff\xd8\xff", "JPEG", ".jpg"),
)

#: How a scan may have been attached: to written consent or a signed form.
ATTACHABLE_HOW = frozenset({"written", "signed_form"})


@dataclass(frozen=True)
class ConsentDetails:
    """A consent as typed: to advocacy (no party) or to share with one party."""

    kind: str
    given_on: date | None
    how: str
    party_id: int | None = None
    reason: str = ""
    #: A scanned form: (file name as chosen, its bytes).
    attachment: tuple[str, bytes] | None = None


def file_type(content: bytes) -> str | None:
    """ "PDF", "PNG" or "JPEG" by the file's first bytes, or None."""
    for magic, kind, _ext in _MAGIC:
        if content.startswith(magic):
            return kind
    return None


def clean_file_name(name: str, content: bytes) -> str:
    """The name without its folders (Windows or POSIX), kept short; a name made up from
    the type when nothing is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().strip(".")
    kind = file_type(content)
    ext = next((e for _m, k, e in _MAGIC if k == kind), "")
    if not base:
        base = f"consent form{ext}"
    if len(base) > MAX_FILE_NAME_LENGTH:
        stem, dot, suffix = base.rpartition(".")
        if dot and len(suffix) <= 5:
            base = stem[: MAX_FILE_NAME_LENGTH - len(suffix) - 1] + "." + suffix
        else:
            base = base[:MAX_FILE_NAME_LENGTH]
    return base


def attachment_problem(attachment: tuple[str, bytes]) -> str:
    """What is wrong with a scanned form, or an empty string."""
    _name, content = attachment
    if not content:
        return "Attachment: the file is empty; scan the signed form again."
    if len(content) > MAX_ATTACHMENT_BYTES:
        size = len(content) / (1024 * 1024)
        return (
            f"Attachment: the file is {size:.1f} MB; a scanned form may be at most 10 MB. "
            "Scan it at a lower resolution or in black and white."
        )
    if file_type(content) is None:
        return "Attachment: attach the scanned form as a PDF, PNG or JPEG file."
    return ""


def check_details(
    details: ConsentDetails,
    today: date,
    *,
    born: date | None = None,
    party_ids: frozenset[int] = frozenset(),
) -> dict[str, str]:
    """The problems with ``details`` by field; ``party_ids`` are the person's parties."""
    errors = control_character_errors(vars(details), {"reason": "Reason"})
    if details.kind not in CONSENT_KIND:
        errors["kind"] = "Kind: choose consent to advocacy involvement or to sharing information."
    elif details.kind == "sharing":
        if details.party_id is None:
            errors["party_id"] = (
                "Shared with: choose who the information may be shared with "
                "(add them with Add party… first)."
            )
        elif details.party_id not in party_ids:
            errors["party_id"] = (
                "Shared with: this party is not one of the person's; choose one listed."
            )
    elif details.party_id is not None:
        errors["party_id"] = (
            "Shared with: consent to advocacy is not given to a party; leave it empty, "
            "or choose consent to sharing information."
        )

    on = details.given_on
    if on is None:
        errors["given_on"] = "Given on: write the date consent was given, as DD/MM/YYYY."
    elif on > today:
        errors["given_on"] = (
            f"Given on: {format_uk(on)} is in the future; write the day consent was given "
            f"(today is {format_uk(today)})."
        )
    elif on < EARLIEST:
        errors["given_on"] = f"Given on: {format_uk(on)} is too long ago; check the year."
    elif born is not None and on < born:
        errors["given_on"] = (
            f"Given on: {format_uk(on)} is before the person was born ({format_uk(born)}); "
            "check the date."
        )

    reason = details.reason.strip()
    if details.how not in CONSENT_HOW:
        labels = ", ".join(label for _, label in CONSENT_HOW.items)
        errors["how"] = f"How: choose one of {labels}."
    elif details.how == "non_instructed":
        if details.kind == "sharing":
            errors["how"] = (
                "How: non-instructed advocacy is the advocate's decision to act for someone "
                "who cannot instruct; it is not consent to share their information. Record "
                "how the person (or someone with authority) agreed to sharing."
            )
        elif not reason:
            errors["reason"] = (
                "Reason: say why the person cannot instruct and why you are acting "
                "as a non-instructed advocate."
            )
    if len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = f"Reason: at most {MAX_REASON_LENGTH:,} characters."

    if details.attachment is not None:
        problem = attachment_problem(details.attachment)
        if problem:
            errors["attachment"] = problem
        elif details.how in CONSENT_HOW and details.how not in ATTACHABLE_HOW:
            errors["attachment"] = (
                "Attachment: only written consent or a signed form has a scan; "
                "remove the file or choose how consent was given again."
            )
    elif details.how == "signed_form":
        errors["attachment"] = (
            "Attachment: attach the scanned signed form (PDF, PNG or JPEG, at most 10 MB), "
            "or choose Written if there is no scan."
        )
    return errors


def withdrawal_problems(
    given_on: date, withdrawn_on: date | None, already: date | None, today: date, reason: str
) -> dict[str, str]:
    """The problems with withdrawing a consent given on ``given_on`` on ``withdrawn_on``
    (``already``: the day it was withdrawn before, if it was)."""
    errors = control_character_errors({"reason": reason}, {"reason": "Reason"})
    if already is not None:
        errors["withdrawn_on"] = (
            f"Withdrawn on: this consent was already withdrawn on {format_uk(already)}."
        )
    elif withdrawn_on is None:
        errors["withdrawn_on"] = "Withdrawn on: write the date, as DD/MM/YYYY."
    elif withdrawn_on < given_on:
        errors["withdrawn_on"] = (
            "Withdrawn on: a consent cannot be withdrawn before it was given "
            f"({format_uk(given_on)})."
        )
    elif withdrawn_on > today:
        errors["withdrawn_on"] = (
            f"Withdrawn on: {format_uk(withdrawn_on)} is in the future; record a withdrawal "
            "on or after the day it happens."
        )
    if len(reason.strip()) > MAX_REASON_LENGTH:
        errors["reason"] = f"Reason: at most {MAX_REASON_LENGTH:,} characters."
    return errors


def stands(given_on: date, withdrawn_on: date | None, on: date) -> bool:
    """Given on or before ``on`` and not withdrawn by then (withdrawn that day: not)."""
    return given_on <= on and (withdrawn_on is None or withdrawn_on > on)


@dataclass(frozen=True)
class AdvocacyConsentStatus:
    """Whether consent to advocacy (or a non-instructed reason) stands for a person."""

    standing: bool
    how: str = ""
    given_on: date | None = None
    withdrawn_on: date | None = None
    #: Who a consent to share with stands for (their labels), on the day asked about.
    sharing_with: tuple[str, ...] = ()

    @property
    def non_instructed(self) -> bool:
        """Non-instructed advocacy stands: the person cannot consent to sharing."""
        return self.standing and self.how == "non_instructed"

    @property
    def allowed_text(self) -> str:
        """What may go to whom, in a sentence: the banner always says it, so nobody has to
        guess whether a letter or report may be sent. The rule it states is enforced by
        the letters and reports services (``no_consent_message``)."""
        kept = "with a reason typed, which is kept"
        if self.non_instructed:
            return (
                f"Non-instructed advocacy (the advocate's decision, "
                f"{format_uk(self.given_on)}): the person cannot consent to sharing, so "
                "letters and reports go to others only with the advocate's decision typed "
                "as the reason, which is kept."
            )
        if self.sharing_with:
            shared = (
                f"Letters and reports may go to {'; '.join(self.sharing_with)} (consent to "
                f"share recorded); to anyone else only {kept}."
            )
        else:
            shared = (
                f"No consent to share is recorded: letters and reports go to others only {kept}."
            )
        if self.standing:
            how = CONSENT_HOW.label(self.how) if self.how in CONSENT_HOW else self.how
            return (
                f"Consent to advocacy given on {format_uk(self.given_on)} ({how.lower()}). {shared}"
            )
        return shared

    @property
    def banner_text(self) -> str:
        """What the person's record and cases say; empty while consent stands."""
        if self.standing:
            return ""
        if self.withdrawn_on is not None:
            return (
                f"Consent to advocacy was withdrawn on {format_uk(self.withdrawn_on)}. "
                "Record consent again (or the reason for non-instructed advocacy) "
                "before going on."
            )
        return (
            "No consent to advocacy is recorded for this person. Record it (or, if they "
            "cannot instruct, the reason for non-instructed advocacy) before going on."
        )


def no_consent_message(who: str, *, recorded: bool, non_instructed: bool) -> str:
    """Why a reason is needed before information about a person goes to ``who``: no
    consent to share with them stands (``recorded``: they are one of the person's
    parties; else they are not recorded, so none can). For non-instructed advocacy the
    person cannot consent: the reason is the advocate's decision."""
    if recorded:
        missing = f"There is no consent to share with {who}"
    else:
        missing = (
            f"{who} is not one of the person's parties, so no consent to share with them "
            "is recorded"
        )
    if non_instructed:
        return (
            f"{missing}, and in non-instructed advocacy the person cannot give it: type the "
            "advocate's decision to share, and why, as the reason."
        )
    return f"{missing}: give the reason to send it anyway."
