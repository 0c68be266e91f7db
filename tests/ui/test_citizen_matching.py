"""The Citizen advocacy matching view: proposals explained, pairs accepted, partnerships
moved on and ended, and partners' matching profiles."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDialog, QTableWidget
from pytestqt.qtbot import QtBot

from advocacy_desk.app import Services
from advocacy_desk.domain.matching import RULE_TEXT
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.volunteers import PartnerProfileDetails
from tests.citizen_data import add_partner, add_volunteer
from tests.ui.conftest import cell_text, click
from ui.bus import DataBus
from ui.citizen.matching import EndPartnershipDialog, MatchingView
from ui.citizen.profile import PartnerProfileDialog
from ui.people.page import PeoplePage


def _setup(services: Services) -> None:
    """V000001 can take Ann (P000001); V000002's DBS has lapsed; Bob (P000002) needs
    Polish, which no one speaks."""
    add_volunteer(services, "V000001", given_name="Vera")
    add_volunteer(services, "V000002", given_name="Walt", dbs_expires_on=date(2026, 1, 1))
    add_partner(services, "Ann")
    add_partner(services, "Bob", required_language="polish")


def _view(qtbot: QtBot, services: Services, bus: DataBus) -> MatchingView:
    _setup(services)
    view = MatchingView(services, bus)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    return view


def header_text(table: QTableWidget, column: int) -> str:
    item = table.horizontalHeaderItem(column)
    assert item is not None
    return item.text()


def _column(view: MatchingView, title: str) -> int:
    return view.PARTNERSHIP_COLUMNS.index(title)


def test_figures_and_a_proposal_show_the_pair_with_its_score_in_parts(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    text = view.figures.text()
    assert "Active volunteers: 2" in text
    assert "Partners waiting: 2" in text
    assert "longest wait 83 days" in text
    click(view.propose_button)
    pair = services.matching.propose().pairs[0]
    assert view.pairs.rowCount() == 1
    assert cell_text(view.pairs, 0, 0) == "Vera Volunteer (V000001)"
    assert cell_text(view.pairs, 0, 1) == "Ann Partner (P000001)"
    assert cell_text(view.pairs, 0, 2) == f"{pair.score:.1f}"
    headers = list(view.PAIR_COLUMNS)
    for name in ("distance", "interests", "days", "age", "language"):
        column = headers.index(f"{name.capitalize()} (points)")
        assert cell_text(view.pairs, 0, column) == f"{pair.parts[name]:.1f}"
        item = view.pairs.item(0, column)
        assert item is not None
        assert f"{name} {pair.parts[name]:.1f}" in item.toolTip()
    assert "1 pair, 1 not matched" in view.status.text()


def test_an_unmatched_partner_shows_the_reason(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    view.propose_matches()
    assert view.unmatched.rowCount() == 1
    assert cell_text(view.unmatched, 0, 0) == "Bob Partner (P000002)"
    assert RULE_TEXT["language"] in cell_text(view.unmatched, 0, 1)
    # Chosen, the reason shows in full above their volunteers.
    assert view.choose_partner("P000002")
    assert view.candidates_hint.isVisible()
    assert view.candidates_hint.text() == f"Not matched: {cell_text(view.unmatched, 0, 1)}."
    assert view.choose_partner("P000001")  # matched: no reason to give
    assert not view.candidates_hint.isVisible()


def test_the_candidates_for_a_partner_put_the_excluded_last_with_the_rule_in_words(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    view.propose_matches()
    assert view.candidates.rowCount() == 0
    assert view.choose_partner("P000001")
    assert view.candidates.rowCount() == 2
    assert cell_text(view.candidates, 0, 0) == "Vera Volunteer (V000001)"
    columns = len(view.CANDIDATE_COLUMNS)
    # The first volunteer's score, broken into its parts, which add up to it.
    parts = [float(cell_text(view.candidates, 0, c).split()[0]) for c in range(2, columns)]
    assert sum(parts) == pytest.approx(float(cell_text(view.candidates, 0, 1)), abs=0.3)
    score_cell = view.candidates.item(0, 1)
    assert score_cell is not None
    assert "km apart" in score_cell.toolTip()
    assert cell_text(view.candidates, 1, 0) == "Walt Volunteer (V000002)"
    assert cell_text(view.candidates, 1, 1) == "–"
    # Walt is ruled out: the rule in words, across the parts' columns.
    assert cell_text(view.candidates, 1, 2) == f"Ruled out: {RULE_TEXT['dbs']}"
    assert view.candidates.columnSpan(1, 2) == columns - 2
    assert view.candidates.columnSpan(0, 2) == 1
    assert "Ann Partner" in view.candidates_heading.text()
    # An excluded volunteer cannot be accepted.
    view.candidates.selectRow(1)
    assert not view.accept_button.isEnabled()
    view.candidates.selectRow(0)
    assert view.accept_button.isEnabled()


def test_accepting_proposes_a_partnership_and_the_partner_leaves_the_proposal(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    view.propose_matches()
    assert view.choose_partner("P000001")
    with qtbot.waitSignal(bus.changed) as changed:
        click(view.accept_button)
    assert "partnership" in changed.args[0].kinds()
    assert view.partnerships.rowCount() == 1
    assert cell_text(view.partnerships, 0, _column(view, "Status")) == "Proposed"
    assert cell_text(view.partnerships, 0, _column(view, "Proposed")) == "23/11/2026"
    assert cell_text(view.partnerships, 0, _column(view, "Partner")) == "Ann Partner (P000001)"
    assert view.pairs.rowCount() == 0
    assert [cell_text(view.unmatched, r, 0) for r in range(view.unmatched.rowCount())] == [
        "Bob Partner (P000002)"
    ]
    assert "Partners waiting: 1" in view.figures.text()


def test_a_broken_rule_is_refused_in_words(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    view.propose_matches()
    assert view.accept_pair("V000002", "P000001") is None
    assert RULE_TEXT["dbs"] in view.notice.text()
    assert services.citizen.partnerships() == []


def test_moving_on_to_active_shows_the_next_review_and_ending_records_the_reason(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    view.propose_matches()
    partnership_id = view.accept_pair(person_ref="P000001")
    assert partnership_id is not None
    assert view.choose_partnership(partnership_id)
    click(view.advance_button)
    assert cell_text(view.partnerships, 0, _column(view, "Status")) == "Introduced"
    click(view.advance_button)
    assert cell_text(view.partnerships, 0, _column(view, "Status")) == "Active"
    assert cell_text(view.partnerships, 0, _column(view, "Started")) == "23/11/2026"
    assert cell_text(view.partnerships, 0, _column(view, "Next review")) == "23/02/2027"
    assert "first review due 23/02/2027" in view.notice.text()
    assert not view.advance_button.isEnabled()

    def end(dialog: QDialog) -> int:
        assert isinstance(dialog, EndPartnershipDialog)
        assert not dialog.save()  # no reason chosen yet
        assert "Reason" in dialog.errors.messages["end_reason"]
        dialog.reason.set_code("moved")
        assert dialog.save()
        return dialog.result()

    view.run_modal = end
    click(view.end_button)
    assert cell_text(view.partnerships, 0, _column(view, "Status")) == "Ended"
    assert cell_text(view.partnerships, 0, _column(view, "End reason")) == "Moved"
    assert cell_text(view.partnerships, 0, _column(view, "Ended")) == "23/11/2026"
    assert cell_text(view.partnerships, 0, _column(view, "Next review")) == ""
    # Ann waits again, so the proposal pairs her once more.
    assert [cell_text(view.pairs, r, 1) for r in range(view.pairs.rowCount())] == [
        "Ann Partner (P000001)"
    ]


def test_editing_a_profile_shows_errors_by_the_field_and_saves_the_days(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    view.propose_matches()
    assert view.choose_partner("P000002")
    seen: list[str] = []

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, PartnerProfileDialog)
        assert dialog.required_language.text() == "polish"
        assert dialog.days["mon"].isChecked()
        assert not dialog.days["wed"].isChecked()
        dialog.sex_required.setChecked(True)
        assert not dialog.save()
        seen.append(dialog.errors.messages["preferred_sex"])
        dialog.preferred_sex.set_code("female")
        dialog.days["wed"].setChecked(True)
        dialog.required_language.clear()
        assert dialog.save()
        return dialog.result()

    view.run_modal = edit
    click(view.profile_button)
    assert "say which" in seen[0]
    person_id = services.people.get_by_ref("P000002").id
    profile = services.citizen.profile(person_id)
    assert profile is not None
    assert profile.available_days == "mon;wed"
    assert profile.preferred_sex == "female"
    assert profile.sex_required
    # No language needed now, so Bob is no longer left for want of Polish.
    assert all(
        RULE_TEXT["language"] not in cell_text(view.unmatched, r, 1)
        for r in range(view.unmatched.rowCount())
    )


def test_a_first_matching_profile_is_made_from_the_people_page(
    services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    person = services.people.create(PersonDetails("Ivy", "Partner", date(1950, 1, 1)))
    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.select_person(person.id)
    assert page.profile_button.isEnabled()

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, PartnerProfileDialog)
        services.citizen.set_profile(person.id, PartnerProfileDetails(interests="music"))
        return int(QDialog.DialogCode.Accepted)

    page.run_modal = fill
    assert "Citizen advocacy" not in page.panel.summary.text()  # not referred yet
    assert page.edit_matching_profile()
    profile = services.citizen.profile(person.id)
    assert profile is not None
    assert profile.interests == "music"


def test_the_person_record_says_where_they_stand_in_citizen_advocacy(
    services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    add_volunteer(services, "V000001", given_name="Vera")
    ann = add_partner(services, "Ann")
    page = PeoplePage(services, bus)
    qtbot.addWidget(page)
    page.show()
    page.select_person(ann)
    waited = (services.today() - date(2026, 9, 1)).days
    assert f"Waiting for a citizen advocate since 01/09/2026 ({waited} days)" in (
        page.panel.summary.text()
    )
    services.citizen.accept("V000001", "P000001")
    summary = page.panel.summary.text()
    assert "Partnered with Vera Volunteer (V000001): proposed" in summary
    assert "Waiting" not in summary


def test_the_weights_dialog_saves_new_weights_and_refuses_all_zero(
    services: Services, bus: DataBus, qtbot: QtBot
) -> None:
    from ui.citizen.weights import WeightsDialog

    dialog = WeightsDialog(services)
    qtbot.addWidget(dialog)
    for box in dialog.boxes.values():
        box.setValue(0)
    dialog.save()
    assert "at least one part" in dialog.errors.general.text()
    assert services.matching.weights()["distance"] == 30
    dialog.boxes["interests"].setValue(60)
    dialog.save()
    assert services.matching.weights()["interests"] == 60
    assert services.matching.weights()["distance"] == 0


def test_citizen_text_names_the_active_partnership_its_review_and_those_ended() -> None:
    from advocacy_desk.services.citizen import PartnershipRecord, PersonCitizen
    from ui.people.page import citizen_text

    def record(status: str, **dates: date | None) -> PartnershipRecord:
        values: dict[str, object] = {
            "introduced_on": None, "started_on": None, "ended_on": None,
            "end_reason": None, "next_review_on": None, **dates,
        }  # fmt: skip
        return PartnershipRecord(1, "V000009", "Vic Volunteer", "P000001", "Ann Partner",
                                 status, date(2025, 1, 1), **values)  # type: ignore[arg-type]  # fmt: skip

    ended = record("ended", ended_on=date(2025, 6, 1))
    active = record("active", started_on=date(2026, 2, 1), next_review_on=date(2026, 8, 1))
    text = citizen_text(PersonCitizen(True, date(2025, 1, 1), (ended, active)), date(2026, 3, 1))
    assert text == (
        "Partnered with Vic Volunteer (V000009): active since 01/02/2026; next review "
        "01/08/2026; 1 earlier partnership ended"
    )
    assert citizen_text(PersonCitizen(False, None, ()), date(2026, 3, 1)) == ""
    assert citizen_text(PersonCitizen(False, None, (ended,)), date(2026, 3, 1)).startswith(
        "No matching profile"
    )


def test_every_column_of_points_says_points(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    view = _view(qtbot, services, bus)
    for table, columns, names in ((view.pairs, view.PAIR_COLUMNS, 2),
                                  (view.candidates, view.CANDIDATE_COLUMNS, 1)):  # fmt: skip
        titles = [header_text(table, c) for c in range(table.columnCount())]
        assert titles[names:] == [
            "Score\n(points)", "Distance\n(points)", "Interests\n(points)",
            "Days\n(points)", "Age\n(points)", "Language\n(points)",
        ]  # fmt: skip
        assert all(c.endswith(" (points)") for c in columns[names:])
        assert not any("points" in t for t in titles[:names])
    view.propose_matches()
    score = view.pairs.item(0, 2)
    assert score is not None
    assert score.toolTip().startswith("Score ")
    assert " points: distance " in score.toolTip()
    assert "interests 25.0 points" in score.toolTip()


def test_a_pair_with_no_postcode_says_so_in_the_row(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    add_volunteer(services, "V000001", given_name="Vera")
    add_partner(services, "Ann", postcode="")
    view = MatchingView(services, bus)
    qtbot.addWidget(view)
    view.resize(1090, 600)
    view.show()
    view.propose_matches()
    distance = view.PAIR_COLUMNS.index("Distance (points)")
    assert cell_text(view.pairs, 0, distance) == "0.0\n(no postcode)"
    item = view.pairs.item(0, distance)
    assert item is not None
    assert "distance not known" in item.toolTip()
    assert "the distance part scores 0 points" in item.toolTip()
    # The words fit their column, on a second line if need be: nothing is cut short.
    metrics = view.pairs.fontMetrics()
    assert view.pairs.columnWidth(distance) >= metrics.horizontalAdvance("(no postcode)")
    assert view.pairs.wordWrap()
    assert view.pairs.textElideMode() == Qt.TextElideMode.ElideNone
    wrapped = metrics.boundingRect(
        QRect(0, 0, view.pairs.columnWidth(distance) - 8, 10_000),
        int(Qt.TextFlag.TextWordWrap), "0.0\n(no postcode)",
    )  # fmt: skip
    assert view.pairs.rowHeight(0) >= wrapped.height()
    assert view.choose_partner("P000001")
    assert cell_text(view.candidates, 0, 2) == "0.0\n(no postcode)"
    assert "distance not known" in view.explanation.text()


def test_shared_interests_read_as_a_list(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    add_volunteer(services, "V000001", given_name="Vera", interests="walking;music; cooking,chess")
    add_partner(services, "Ann", interests="music; walking, cooking;knitting")
    add_partner(services, "Bob", interests="fishing")
    add_volunteer(services, "V000002", given_name="Walt", interests="football")
    view = MatchingView(services, bus)
    qtbot.addWidget(view)
    view.resize(1090, 600)
    view.show()
    view.propose_matches()
    assert view.choose_partner("P000001")
    assert view.explanation.isVisible()
    assert "shared interests: cooking, music and walking" in view.explanation.text()
    assert ";" not in view.explanation.text().split("shared interests:")[1]
    interests = view.CANDIDATE_COLUMNS.index("Interests (points)")
    tip = view.candidates.item(0, interests)
    assert tip is not None
    assert "shared interests: cooking, music and walking" in tip.toolTip()
    assert view.choose_partner("P000002")
    assert "no shared interests" in view.explanation.text()


def test_long_names_are_never_cut_short(
    qtbot: QtBot, services: Services, bus: DataBus, no_modals: list[str]
) -> None:
    """At the size the page has in a 1280 x 720 window, and at 1920 x 1080, every name
    is whole: its column is at least as wide as its longest word, and its row as tall
    as the name wrapped to the column."""
    add_volunteer(services, "V000001", given_name="Łukasz",
                  family_name="Wiśniewski-Nguyễn Featherstonehaugh")  # fmt: skip
    add_volunteer(services, "V000002", given_name="Walt", dbs_expires_on=date(2026, 1, 1))
    services.people.create(PersonDetails("Anna-Maria", "Oyelaran-Fitzgerald",
                                         date(1950, 1, 1)), allow_duplicate=True)  # fmt: skip
    add_partner(services, "Maximiliana Konstantinopoulou")
    view = MatchingView(services, bus)
    qtbot.addWidget(view)
    view.show()
    for size in ((1090, 600), (1730, 960)):
        view.resize(*size)
        view.propose_matches()
        assert view.choose_partner("P000002")
        qtbot.wait(10)
        for table, names in ((view.pairs, 2), (view.candidates, 1)):
            assert table.textElideMode() == Qt.TextElideMode.ElideNone
            for row in range(table.rowCount()):
                for column in range(names):
                    text = cell_text(table, row, column)
                    item = table.item(row, column)
                    assert item is not None
                    font = item.font()
                    font.setBold(True)
                    metrics = QFontMetrics(font)
                    widest_word = max(metrics.horizontalAdvance(w) for w in text.split())
                    assert table.columnWidth(column) >= widest_word, (size, text)
                    wrapped = metrics.boundingRect(
                        QRect(0, 0, table.columnWidth(column) - 8, 10_000),
                        int(Qt.TextFlag.TextWordWrap), text,
                    )  # fmt: skip
                    assert table.rowHeight(row) >= wrapped.height(), (size, text)
