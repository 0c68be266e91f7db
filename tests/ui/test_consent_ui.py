"""Consent in the window: the banner on the person's record and their case, and the
forms that add a party, record a consent (with a scanned form), withdraw one and open
the scan, each with good and bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.changes import Changes
from advocacy_desk.domain.consent import ConsentDetails
from tests.conftest import TODAY
from tests.ui.conftest import cell_text, click, kinds, type_into
from tests.ui.test_casework_page import add_case
from ui.bus import DataBus
from ui.casework import CaseworkPage
from ui.consent import (
    ConsentBanner,
    ConsentDialog,
    PartyDialog,
    RecordConsentDialog,
    WithdrawConsentDialog,
)
from ui.people.page import PeoplePage
from ui.widgets import theme

pytestmark = pytest.mark.usefixtures("no_modals")

PDF = b"%PDF-1.4\n% a scanned form\n"
PASSWORD = "a long enough secret"


def person_of(services: Services, case_id: int) -> int:
    return services.casework.case(case_id).person_id


@pytest.fixture
def case_id(services: Services) -> int:
    return add_case(services, "Jane", "Partridge")


@pytest.fixture
def jane(services: Services, case_id: int) -> int:
    return person_of(services, case_id)


@pytest.fixture
def people(services: Services, bus: DataBus, qtbot: QtBot, jane: int) -> PeoplePage:
    page = PeoplePage(services, bus)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    qtbot.waitExposed(page)
    assert page.select_person(jane)
    return page


@pytest.fixture
def open_dialog(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int
) -> Callable[..., ConsentDialog]:
    def open_(**options: object) -> ConsentDialog:
        dialog = ConsentDialog(services, jane, today=TODAY, **options)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def record_form(
    services: Services, bus: DataBus, qtbot: QtBot, person_id: int, **options: object
) -> RecordConsentDialog:
    parties = services.consent.parties(person_id)
    dialog = RecordConsentDialog(services, person_id, parties, today=TODAY, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# -- the banner ------------------------------------------------------------------------


def warns(banner: ConsentBanner) -> bool:
    return banner.warns


def test_the_banner_shows_on_the_record_until_consent_is_recorded(
    services: Services, people: PeoplePage, jane: int, qtbot: QtBot
) -> None:
    banner = people.panel.consent_banner
    assert banner.isVisible()
    assert banner.objectName() == "consentBanner"
    assert banner.text().startswith("No consent to advocacy is recorded for this person.")
    assert people.panel.consent_button.isVisible()

    def record(dialog: QDialog) -> int:
        assert isinstance(dialog, ConsentDialog)
        assert dialog.banner.warns  # not on screen: run_modal is replaced

        def fill(form: QDialog) -> int:
            assert isinstance(form, RecordConsentDialog)
            assert form.kind.code() == "advocacy"  # offered first while none stands
            form.how.set_code("verbal")
            click(form.save_button)
            return form.result()

        dialog.run_modal = fill
        assert dialog.record_consent() is not None
        assert not warns(dialog.banner)  # read afresh (mypy would keep the first answer)
        assert "Recorded consent to advocacy, given on 23/11/2026." in dialog.notice.text()
        return QDialog.DialogCode.Accepted

    people.run_modal = record
    click(people.panel.consent_button)
    assert services.consent.advocacy_status(jane).standing
    # The page refreshed when the bus said a person changed: no warning, what is allowed.
    assert not banner.warns
    assert banner.text() == (
        "Consent to advocacy given on 23/11/2026 (verbal). No consent to share is recorded: "
        "letters and reports go to others only with a reason typed, which is kept."
    )


def test_a_withdrawn_consent_brings_the_banner_back_in_amber(
    services: Services, people: PeoplePage, jane: int, bus: DataBus
) -> None:
    made = services.consent.record(jane, ConsentDetails("advocacy", date(2026, 10, 1), "verbal"))
    banner = people.panel.consent_banner
    assert not banner.warns
    services.consent.withdraw(made.id, date(2026, 11, 20))
    assert banner.isVisible()
    assert banner.text().startswith("Consent to advocacy was withdrawn on 20/11/2026.")
    assert theme.hex_of("warning_edge") in banner.styleSheet()  # amber


def test_the_banner_shows_on_the_case_until_consent_is_recorded(
    services: Services, bus: DataBus, qtbot: QtBot, case_id: int, jane: int
) -> None:
    page = CaseworkPage(services, bus)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    assert page.open_case(case_id)
    banner = page.panel.consent_banner
    assert banner.isVisible()
    assert banner.text().endswith(
        "before going on. No consent to share is recorded: letters and reports go to others "
        "only with a reason typed, which is kept. Use Consent… on their record in People."
    )
    form = record_form(services, bus, qtbot, jane)
    form.kind.set_code("advocacy")
    form.how.set_code("non_instructed")
    type_into(form.reason, "Advanced dementia: cannot tell me what she wants")
    click(form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted
    assert not banner.warns
    assert banner.text() == (
        "Non-instructed advocacy (the advocate's decision, 23/11/2026): the person cannot "
        "consent to sharing, so letters and reports go to others only with the advocate's "
        "decision typed as the reason, which is kept."
    )


def test_the_banner_names_who_information_may_go_to(
    services: Services, people: PeoplePage, jane: int, bus: DataBus
) -> None:
    services.consent.record(jane, ConsentDetails("advocacy", date(2026, 10, 1), "written"))
    gp = services.consent.add_party(jane, "Dr Ann Patel", "gp", "Moulsham Surgery")
    services.consent.add_party(jane, "Sam Jones", "social_worker")
    services.consent.record(jane, ConsentDetails("sharing", date(2026, 10, 2), "verbal",
                                                 party_id=gp.id))  # fmt: skip
    banner = people.panel.consent_banner
    assert banner.isVisible()
    assert banner.text() == (
        "Consent to advocacy given on 01/10/2026 (written). Letters and reports may go to "
        "Dr Ann Patel, GP (Moulsham Surgery) (consent to share recorded); to anyone else "
        "only with a reason typed, which is kept."
    )
    assert banner.accessibleName() == "Consent and sharing"


def test_the_banner_says_nothing_without_a_person(services: Services, qtbot: QtBot) -> None:
    banner = ConsentBanner()
    qtbot.addWidget(banner)
    assert banner.show_for(services, None) is None
    assert banner.isHidden()


def test_a_reader_sees_no_consent_button(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int
) -> None:
    services.accounts.add("reese", "Reese Reader", "read_only", PASSWORD)
    services.accounts.sign_in("reese", PASSWORD)
    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.select_person(jane)
    assert page.panel.consent_button.isHidden()
    assert page.panel.consent_banner.isVisible()  # they may still read that it is missing


# -- recording consent -----------------------------------------------------------------


def test_record_consent_with_nothing_chosen_shows_each_problem(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int
) -> None:
    seen: list[Changes] = []
    bus.changed.connect(seen.append)
    form = record_form(services, bus, qtbot, jane)
    click(form.save_button)
    messages = form.errors.messages
    assert messages["kind"].startswith("Kind:")
    assert messages["how"].startswith("How: choose one of")
    assert form.result() != QDialog.DialogCode.Accepted
    assert services.consent.consents(jane) == []
    assert kinds(seen) == set()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31/02/2026", "is not a real date"),
        ("", "Given on is required"),
        ("24/11/2026", "is in the future"),
        ("01/01/1899", "too long ago"),
    ],
)
def test_record_consent_refuses_a_bad_date(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int, typed: str, says: str
) -> None:
    form = record_form(services, bus, qtbot, jane, kind="advocacy")
    form.how.set_code("verbal")
    form.given_on.clear()
    type_into(form.given_on, typed)
    click(form.save_button)
    assert says in form.errors.messages["given_on"]
    assert services.consent.consents(jane) == []


def test_non_instructed_needs_a_reason_and_not_for_sharing(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int
) -> None:
    services.consent.add_party(jane, "Sam Jones", "social_worker", "Essex County Council")
    form = record_form(services, bus, qtbot, jane, kind="advocacy")
    form.how.set_code("non_instructed")
    click(form.save_button)
    assert form.errors.messages["reason"].startswith("Reason: say why the person cannot instruct")
    form.kind.set_code("sharing")
    click(form.save_button)
    assert form.errors.messages["party_id"].startswith("Shared with: choose who")
    form.party.setCurrentIndex(1)
    click(form.save_button)
    assert "not consent to share their information" in form.errors.messages["how"]
    assert services.consent.consents(jane) == []


def test_sharing_consent_with_a_party(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int
) -> None:
    party = services.consent.add_party(jane, "Sam Jones", "social_worker", "Essex CC")
    form = record_form(services, bus, qtbot, jane, party_id=party.id)
    assert form.kind.code() == "sharing"
    assert form.party.currentData() == party.id
    form.how.set_code("written")
    click(form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted
    assert services.consent.may_share(jane, party.id)
    form2 = record_form(services, bus, qtbot, jane, kind="advocacy")
    assert not form2.party.isEnabled()
    assert form2.party.currentData() is None


def test_a_signed_form_needs_a_good_scan(
    services: Services, bus: DataBus, qtbot: QtBot, jane: int, tmp_path: Path
) -> None:
    chosen: list[str | None] = []
    form = record_form(
        services, bus, qtbot, jane, kind="advocacy", choose_file=lambda _parent: chosen.pop()
    )
    form.how.set_code("signed_form")
    click(form.save_button)
    assert form.errors.messages["attachment"].startswith("Attachment: attach the scanned")

    text = tmp_path / "form.docx"
    text.write_bytes(b"PK\x03\x04 not a scan")
    chosen.append(str(text))
    click(form.attach_button)
    assert form.attachment_name.text().startswith("form.docx")
    click(form.save_button)
    assert "as a PDF, PNG or JPEG file" in form.errors.messages["attachment"]

    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as out:
        out.truncate(11 * 1024 * 1024)
    chosen.append(str(huge))
    click(form.attach_button)
    assert "at most 10 MB" in form.errors.messages["attachment"]

    chosen.append(None)  # cancelled: nothing changes
    assert not form.attach()

    click(form.remove_button)
    assert form.attached is None
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(PDF)
    chosen.append(str(scan))
    click(form.attach_button)
    assert form.errors.messages == {}
    click(form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted
    [made] = services.consent.consents(jane)
    assert (made.how, made.attachment_name) == ("signed_form", "signed.pdf")
    assert services.consent.attachment(made.id) == ("signed.pdf", PDF)


# -- parties ---------------------------------------------------------------------------


def test_add_party_with_bad_then_good_input(
    services: Services, open_dialog: Callable[..., ConsentDialog], jane: int
) -> None:
    dialog = open_dialog()
    assert dialog.party_table.isHidden()
    assert dialog.no_parties.isVisible()

    def bad_then_good(form: QDialog) -> int:
        assert isinstance(form, PartyDialog)
        click(form.save_button)
        assert form.errors.messages["name"].startswith("Name: write")
        assert form.errors.messages["role"].startswith("Role: choose one of")
        assert services.consent.parties(jane) == []
        type_into(form.name, "Dr Ann Patel")
        form.role.set_code("gp")
        type_into(form.organisation, "Moulsham Surgery")
        click(form.save_button)
        return form.result()

    dialog.run_modal = bad_then_good
    party = dialog.add_party()
    assert party is not None
    assert party.label == "Dr Ann Patel, GP (Moulsham Surgery)"
    assert cell_text(dialog.party_table, 0, 0) == "Dr Ann Patel"
    assert cell_text(dialog.party_table, 0, 3) == "No"
    assert dialog.share_button.isEnabled()  # the new party is selected

    def share(form: QDialog) -> int:
        assert isinstance(form, RecordConsentDialog)
        assert form.party.currentData() == party.id
        form.how.set_code("verbal")
        click(form.save_button)
        return form.result()

    dialog.run_modal = share
    click(dialog.share_button)
    assert cell_text(dialog.party_table, 0, 3) == "Yes, since 23/11/2026"
    assert cell_text(dialog.consent_table, 0, 1) == "Dr Ann Patel, GP (Moulsham Surgery)"


# -- withdrawing -------------------------------------------------------------------------


def test_withdraw_with_bad_then_good_input_keeps_the_consent(
    services: Services, bus: DataBus, open_dialog: Callable[..., ConsentDialog], jane: int
) -> None:
    services.consent.record(jane, ConsentDetails("advocacy", date(2026, 11, 10), "verbal"))
    dialog = open_dialog()
    assert not dialog.banner.warns
    assert not dialog.withdraw_button.isEnabled()  # nothing selected
    dialog.consent_table.selectRow(0)
    assert dialog.withdraw_button.isEnabled()
    seen: list[Changes] = []
    bus.changed.connect(seen.append)

    def bad_then_good(form: QDialog) -> int:
        assert isinstance(form, WithdrawConsentDialog)
        form.withdrawn_on.clear()
        type_into(form.withdrawn_on, "09/11/2026")
        click(form.save_button)
        assert form.errors.messages["withdrawn_on"] == (
            "Withdrawn on: a consent cannot be withdrawn before it was given (10/11/2026)."
        )
        form.withdrawn_on.clear()
        type_into(form.withdrawn_on, "not a date")
        click(form.save_button)
        assert "is not a date" in form.errors.messages["withdrawn_on"]
        assert services.consent.consents(jane)[0].withdrawn_on is None
        assert kinds(seen) == set()
        form.withdrawn_on.clear()
        type_into(form.withdrawn_on, "20/11/2026")
        type_into(form.reason, "She asked us to stop")
        click(form.save_button)
        return form.result()

    dialog.run_modal = bad_then_good
    click(dialog.withdraw_button)
    assert "consent" in kinds(seen)
    [kept] = services.consent.consents(jane)
    assert kept.withdrawn_on == date(2026, 11, 20)
    assert cell_text(dialog.consent_table, 0, 5) == "20/11/2026: She asked us to stop"
    assert dialog.banner.isVisible()
    assert not dialog.withdraw_button.isEnabled()  # already withdrawn


# -- the scan --------------------------------------------------------------------------


def test_open_attachment_writes_a_temporary_file_and_opens_it(
    services: Services, open_dialog: Callable[..., ConsentDialog], jane: int
) -> None:
    services.consent.record(
        jane,
        ConsentDetails(
            "advocacy", TODAY - timedelta(days=1), "signed_form", attachment=("s.pdf", PDF)
        ),
    )
    services.consent.record(jane, ConsentDetails("advocacy", TODAY - timedelta(days=2), "verbal"))
    opened: list[Path] = []

    def open_file(path: Path) -> bool:
        opened.append(path)
        return False  # as if no program could open it

    dialog = open_dialog(open_file=open_file)
    dialog.consent_table.selectRow(1)  # the verbal one: no scan
    assert not dialog.open_button.isEnabled()
    assert dialog.open_attachment() is None
    dialog.consent_table.selectRow(0)
    assert dialog.open_button.isEnabled()
    click(dialog.open_button)
    [path] = opened
    assert path.name == "s.pdf"
    assert path.read_bytes() == PDF
    assert "it was saved as" in dialog.problem.text()
