"""Letters from Word templates with placeholders, made for a person or a case and kept
with the case.

The templates are the ones Advocacy Desk ships (``resources/letter_templates``) and
the provider's own, in a folder Settings names (a provider's template with the name of
a shipped one replaces it). A letter is filled from the case, kept in the database
(the .docx bytes, under a file name holding the case reference and the date, never a
person's name) and written to the audit trail; it can be opened again and saved as
.docx or .pdf. A letter addressed to one of the person's parties needs a standing
consent to share with them, or a reason to send it anyway, which is kept and audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy_desk import paths
from advocacy_desk.db.models import Appointment, Case, Consent, Letter, Party, Person
from advocacy_desk.domain.consent import no_consent_message
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.file_names import safe_stem
from advocacy_desk.domain.letters import SHIPPED_TITLES, template_title
from advocacy_desk.domain.people import missing_address
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    APPOINTMENT_KIND,
    CLOSURE_REASON,
    PARTY_ROLE,
    Vocabulary,
)
from advocacy_desk.files import atomic_output, check_writable, kept_if_recorded
from advocacy_desk.letters import pdf
from advocacy_desk.letters.make_templates import SHIPPED, SHIPPED_FOLDER
from advocacy_desk.letters.placeholders import PLACEHOLDERS
from advocacy_desk.letters.templates import check, fill
from advocacy_desk.records.letters import LetterRecord, MissingAddress, Recipient, TemplateInfo
from advocacy_desk.services import audit_writer, settings
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.people import person_details as _details
from advocacy_desk.services.references import find_by_reference
from advocacy_desk.services.settings import (
    PROVIDER_ADDRESS,
    PROVIDER_CONTACT,
    PROVIDER_NAME,
    TEMPLATES_FOLDER,
)

__all__ = [
    "DEFAULT_FOLDER_NAME",
    "LIST",
    "MAKE",
    "MAX_REASON",
    "READ",
    "LetterRecord",
    "LetterService",
    "MissingAddress",
    "P",
    "Recipient",
    "TemplateInfo",
    "party_label",
]

#: The folder's name beside a database file (when the setting is not given).
DEFAULT_FOLDER_NAME = "letter-templates"
MAX_REASON = 1000

P = Permission
#: Who may make letters (and keep them with the case).
MAKE = (P.CASEWORK_ALL, P.CASEWORK_OWN)
#: Who may list and read a case's letters.
READ = (P.CASEWORK_ALL, P.CASEWORK_READ, P.CASEWORK_OWN)
#: Who may see the templates and their placeholders (Settings shows them too).
LIST = (*READ, P.SETTINGS)


def party_label(name: str, role: str, organisation: str) -> str:
    where = f" ({organisation})" if organisation else ""
    return f"{name}, {_label(PARTY_ROLE, role)}{where}"


def _label(vocabulary: Vocabulary, code: str | None) -> str:
    if not code:
        return ""
    try:
        return vocabulary.label(code)
    except ValueError:
        return code


def _slug(name: str) -> str:
    """A template's name as it goes into a file name: lower case, words joined by -."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "letter"


class LetterService(GuardedService):
    # -- templates ----------------------------------------------------------------------

    @requires(*LIST, what="see the letter templates")
    def placeholders(self) -> dict[str, str]:
        """The placeholders a template may use, with what each is filled with."""
        return dict(PLACEHOLDERS)

    @requires(*LIST, what="see the letter templates")
    def templates_folder(self) -> Path:
        """The folder of the provider's own templates (it may not exist yet)."""
        return self._folder()

    @requires(P.SETTINGS, what="change where the letter templates are kept")
    def set_templates_folder(self, folder: Path | str) -> Path:
        """Keep the provider's templates in ``folder`` (an existing folder); an empty
        value goes back to the default. Audited. Returns the folder now used."""
        text = str(folder).strip()
        if text:
            chosen = Path(text).expanduser()
            if not chosen.is_dir():
                raise ValidationError(
                    {"folder": f"Folder: {chosen} is not a folder on this computer: choose "
                               "one that exists."}
                )  # fmt: skip
            text = str(chosen.resolve())
        with self._uow() as uow:
            settings.write(uow.session, self._access, TEMPLATES_FOLDER, text)
            uow.commit()
        return self._folder()

    @requires(*LIST, what="see the letter templates")
    def templates(self) -> list[TemplateInfo]:
        """The shipped templates, then the provider's own (a provider's template with
        a shipped one's name replaces it); a template that cannot be used is listed
        with its problem."""
        return self._templates()

    def _templates(self, checked: bool = True) -> list[TemplateInfo]:
        own: dict[str, Path] = {}
        folder = self._folder()
        if folder.is_dir():
            for path in sorted(folder.glob("*.docx"), key=lambda p: p.name.lower()):
                if path.name.startswith(("~$", ".")) or not path.is_file():
                    continue  # Word's lock file beside an open document; hidden files
                own[path.stem] = path
        listed = []
        for shipped in SHIPPED:
            path = own.get(shipped.name, SHIPPED_FOLDER / f"{shipped.name}.docx")
            replaced = shipped.name in own
            listed.append(TemplateInfo(shipped.name, shipped.title, path, not replaced,
                                       _problem(path) if checked else None))  # fmt: skip
        for name, path in own.items():
            if name not in SHIPPED_TITLES:
                problem = _problem(path) if checked else None
                listed.append(TemplateInfo(name, template_title(name), path, False, problem))
        return listed

    def _template(self, name: str) -> TemplateInfo:
        listed = self._templates(checked=False)
        chosen = next((t for t in listed if t.name == name), None) or next(
            (t for t in listed if t.name.lower() == name.strip().lower()), None
        )
        if chosen is None:
            names = ", ".join(t.name for t in listed)
            raise AdvocacyDeskError(
                f"no letter template called '{name}': the templates are {names}"
            )
        problem = _problem(chosen.path)
        if problem:
            raise AdvocacyDeskError(problem)
        return chosen

    def _folder(self) -> Path:
        with self._uow(read_only=True) as uow:
            value = settings.read(uow.session, TEMPLATES_FOLDER)
        if value:
            return Path(value)
        url = self._uow.engine.url
        database = url.database or ""
        if url.get_backend_name() == "sqlite" and database and database != ":memory:" \
                and not database.startswith("file:"):  # fmt: skip
            return Path(database).resolve().parent / DEFAULT_FOLDER_NAME
        return paths.data_dir() / DEFAULT_FOLDER_NAME

    # -- letters ------------------------------------------------------------------------

    @requires(*READ, what="see whom a letter can be for")
    def recipients(self, case_id: int) -> list[Recipient]:
        """The person, then their parties, each saying whether sharing stands today."""
        with self._uow(read_only=True) as uow:
            case = self._case(uow.session, case_id, change=False, what="see this case's letters")
            person = case.referral.person
            found = [Recipient(None, f"{person.given_name} {person.family_name} (the person)",
                               True)]  # fmt: skip
            parties = uow.session.scalars(
                select(Party).where(Party.person_id == person.id).order_by(Party.name)
            )
            day = self._today()
            for party in parties:
                label = party_label(party.name, party.role, party.organisation)
                shared = _may_share(uow.session, person.id, party.id, day)
                found.append(Recipient(party.id, label, shared))
            return found

    @requires(*READ, what="see whom a letter can be for")
    def missing_address(self, case_id: int) -> MissingAddress | None:
        """What the person on the case lacks for a letter to reach them (no address, or
        no postcode), or None when their address is complete. The shipped templates
        print the person's address block whoever the letter is for."""
        return self._missing_address(case_id, change=False, what="see this case's letters")

    def _missing_address(self, case_id: int, *, change: bool, what: str) -> MissingAddress | None:
        with self._uow(read_only=True) as uow:
            case = self._case(uow.session, case_id, change=change, what=what)
            return _missing(case.referral.person)

    @requires(*MAKE, what="write letters")
    def make(self, template_name: str, case_id: int, party_id: int | None = None,
             no_consent_reason: str = "") -> LetterRecord:  # fmt: skip
        """Fill the template from the case, keep the letter with the case and audit it.

        For a letter addressed to one of the person's parties with no standing consent
        to share with them, ``no_consent_reason`` must say why it goes anyway."""
        template = self._template(template_name)
        reason = " ".join(no_consent_reason.split())
        if len(reason) > MAX_REASON:
            raise ValidationError({"no_consent_reason": f"Reason: at most {MAX_REASON} "
                                                        "characters."})  # fmt: skip
        today = self._today()
        with self._uow() as uow:
            session = uow.session
            case = self._case(session, case_id, change=True, what="write letters for this case")
            person = case.referral.person
            party: Party | None = None
            if party_id is not None:
                party = session.get(Party, party_id)
                if party is None or party.person_id != person.id:
                    raise ValidationError({"party_id": "For: choose the person or one of "
                                                       "their parties."})  # fmt: skip
                if _may_share(session, person.id, party.id, today):
                    reason = ""
                elif not reason:
                    who = party_label(party.name, party.role, party.organisation)
                    non_instructed = case.referral.advocacy_type == "non_instructed"
                    raise ValidationError({"no_consent_reason": no_consent_message(
                        who, recorded=True, non_instructed=non_instructed)})  # fmt: skip
            else:
                reason = ""
            values = self._values(session, case, party, today)
            content = fill(template.path, values)
            file_name = self._file_name(session, case, template.name, today)
            row = Letter(case_id=case.id, template=template.name, file_name=file_name,
                         content=content, party_id=party.id if party else None,
                         no_consent_reason=reason, created_by=self._user)  # fmt: skip
            session.add(row)
            session.flush()
            details = {"case_id": case.id, "case_ref": case.case_ref,
                       **audit_writer.created({"template": template.name, "file_name": file_name,
                                        "party_id": row.party_id,
                                        "no_consent_reason": reason})}  # fmt: skip
            audit_writer.record(session, self._user, "create", "letter", row.id, details)
            record = self._record(row, case.case_ref, party)
            uow.commit()
            return record

    @requires(*READ, what="see a case's letters")
    def letters(self, case_id: int) -> list[LetterRecord]:
        """The case's letters, the newest first."""
        with self._uow(read_only=True) as uow:
            case = self._case(uow.session, case_id, change=False, what="see this case's letters")
            rows = uow.session.execute(
                select(Letter, Party)
                .outerjoin(Party, Party.id == Letter.party_id)
                .where(Letter.case_id == case.id)
                .order_by(Letter.created_at.desc(), Letter.id.desc())
            ).all()
            return [self._record(letter, case.case_ref, party) for letter, party in rows]

    @requires(*READ, what="open a letter")
    def content(self, letter_id: int) -> tuple[str, bytes]:
        """The letter's file name and the .docx bytes as they were kept; the look is
        written to the audit trail."""
        with self._uow(read_only=True) as uow:
            letter, case = self._letter(uow.session, letter_id)
            found = (letter.file_name, letter.content)
            ref = case.case_ref
        self._access.record("view", "letter", letter_id, {"case_ref": ref, "file_name": found[0]})
        return found

    @requires(*READ, what="save a copy of a letter")
    def export(self, letter_id: int, out: Path) -> Path:
        """Save the letter as ``out``: .docx as kept, or .pdf converted. Audited."""
        kind = _kind(out)
        with self._uow(read_only=True) as uow:
            letter, case = self._letter(uow.session, letter_id)
            name, content, ref = letter.file_name, letter.content, case.case_ref
            provider = _provider(uow.session)
        _write(content, out, kind, Path(name).stem, provider)
        kept_if_recorded(out, lambda: self._access.record(
            "export", "letter", letter_id,
            {"case_ref": ref, "file_name": name, "saved_as": out.name},
        ))  # fmt: skip
        return out

    @requires(*MAKE, what="write letters")
    def write_for_case_ref(self, template_name: str, case_ref: str, out: Path,
                           warn: Callable[[str], None] | None = None) -> LetterRecord:  # fmt: skip
        """The command line's letter: made and kept for the case ``case_ref``, then
        written to ``out`` (.docx, or .pdf converted). ``warn`` is told, before the
        letter is made, when the person has no address to post it to."""
        _kind(out)  # a name that is neither .docx nor .pdf, before anything is made
        self._template(template_name)  # an unknown template before an unknown case
        with self._uow(read_only=True) as uow:
            case_id = find_by_reference(uow.session, select(Case.id), Case.case_ref, case_ref)
        if case_id is None:
            raise NotFound(f"no case {case_ref.strip().upper()}")
        # Refused as making it would be, for a case that is not the advocate's.
        missing = self._missing_address(case_id, change=True, what="write letters for this case")
        if missing is not None and warn is not None:
            warn(f"{missing.message} Add it to {missing.person_ref} and make the letter again.")
        made = self.make(template_name, case_id)
        # Saved as the window saves a copy: one path, so both leave the same trail.
        self.export(made.id, out)
        return made

    # -- helpers ------------------------------------------------------------------------

    def _case(self, session: Session, case_id: int, *, change: bool, what: str) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}")
        self._access.check_case(case.advocate_id, change=change, what=what)
        return case

    def _letter(self, session: Session, letter_id: int) -> tuple[Letter, Case]:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFound(f"no letter with id {letter_id}")
        case = self._case(session, letter.case_id, change=False, what="open this case's letters")
        return letter, case

    @staticmethod
    def _record(row: Letter, case_ref: str, party: Party | None) -> LetterRecord:
        label = party_label(party.name, party.role, party.organisation) if party else ""
        return LetterRecord(row.id, row.case_id, case_ref, row.template, row.file_name,
                            row.created_by, row.created_at, row.party_id, label,
                            row.no_consent_reason)  # fmt: skip

    @staticmethod
    def _file_name(session: Session, case: Case, template: str, today: date) -> str:
        stem = f"{safe_stem(case.case_ref)}-{_slug(template)}-{today.isoformat()}"
        taken = set(session.scalars(select(Letter.file_name).where(Letter.case_id == case.id)))
        name, number = f"{stem}.docx", 1
        while name in taken:
            number += 1
            name = f"{stem}-{number}.docx"
        return name

    @staticmethod
    def _values(session: Session, case: Case, party: Party | None, today: date) -> dict[str, str]:
        referral, person = case.referral, case.referral.person
        person_name = f"{person.given_name} {person.family_name}"
        coming = session.scalar(
            select(Appointment)
            .where(Appointment.case_id == case.id,
                   Appointment.starts_at >= datetime.combine(today, time.min))
            .order_by(Appointment.starts_at, Appointment.id)
            .limit(1)
        )  # fmt: skip
        contact = {key: settings.read(session, key) for key in PROVIDER_CONTACT}
        values = {
            "provider_name": _provider(session),
            "provider_address": "\n".join(filter(None, (contact[k] for k in PROVIDER_ADDRESS))),
            "provider_address_line_one": contact[settings.PROVIDER_ADDRESS_LINE_ONE],
            "provider_address_line_two": contact[settings.PROVIDER_ADDRESS_LINE_TWO],
            "provider_town": contact[settings.PROVIDER_TOWN],
            "provider_postcode": contact[settings.PROVIDER_POSTCODE],
            "provider_telephone": contact[settings.PROVIDER_TELEPHONE],
            "provider_email": contact[settings.PROVIDER_EMAIL],
            "provider_website": contact[settings.PROVIDER_WEBSITE],
            "today": format_uk(today),
            "recipient_name": party.name if party else person_name,
            "person_name": person_name,
            "person_first_name": person.given_name,
            "person_family_name": person.family_name,
            "person_ref": person.person_ref,
            "person_address": "\n".join(_details(person).address_lines()),
            "person_address_line_one": person.address_line_one,
            "person_address_line_two": person.address_line_two,
            "person_town": person.town,
            "person_postcode": person.postcode,
            "case_ref": case.case_ref,
            "referral_ref": referral.referral_ref,
            "referral_received_on": format_uk(referral.received_on),
            "advocacy_type": _label(ADVOCACY_TYPE, referral.advocacy_type),
            "advocate_name": case.advocate.full_name,
            "case_opened_on": format_uk(case.opened_on),
            "case_closed_on": format_uk(case.closed_on),
            "closure_reason": _label(CLOSURE_REASON, case.closure_reason) if case.closed_on else "",
            "appointment_date": format_uk(coming.starts_at.date()) if coming else "",
            "appointment_day": f"{coming.starts_at:%A}" if coming else "",
            "appointment_time": f"{coming.starts_at:%H:%M}" if coming else "",
            "appointment_end_time": f"{coming.ends_at:%H:%M}" if coming else "",
            "appointment_place": coming.place if coming else "",
            "appointment_kind": _label(APPOINTMENT_KIND, coming.kind) if coming else "",
            "party_name": party.name if party else "",
            "party_role": _label(PARTY_ROLE, party.role) if party else "",
            "party_organisation": party.organisation if party else "",
        }
        assert values.keys() == PLACEHOLDERS.keys()
        return values


def _missing(person: Person) -> MissingAddress | None:
    name = f"{person.given_name} {person.family_name}"
    message = missing_address(name, _details(person))
    if message is None:
        return None
    return MissingAddress(person.id, person.person_ref, name, message)


def _problem(path: Path) -> str | None:
    try:
        check(path)
    except AdvocacyDeskError as exc:
        return str(exc)
    return None


def _may_share(session: Session, person_id: int, party_id: int, day: date) -> bool:
    """A consent to share with the party stands on ``day`` (as ConsentService.may_share:
    given on or before it and not withdrawn by then)."""
    found = session.scalar(
        select(Consent.id).where(
            Consent.person_id == person_id, Consent.kind == "sharing",
            Consent.party_id == party_id, Consent.given_on <= day,
            (Consent.withdrawn_on.is_(None)) | (Consent.withdrawn_on > day),
        ).limit(1)
    )  # fmt: skip
    return found is not None


def _provider(session: Session) -> str:
    return settings.read(session, PROVIDER_NAME)


def _kind(out: Path) -> str:
    check_writable(out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("docx", "pdf"):
        raise AdvocacyDeskError(f"cannot write {out}: the file name must end .docx or .pdf")
    return kind


def _write(content: bytes, out: Path, kind: str, title: str, provider: str) -> None:
    """The letter written whole to ``out`` or not at all (``files.atomic_output``)."""
    with atomic_output(out) as partial:
        if kind == "pdf":
            pdf.write_pdf(content, partial, title=title, author=provider)
        else:
            partial.write_bytes(content)
