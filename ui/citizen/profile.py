"""A partner's matching profile: what they need of a citizen advocate, and what would
make a good match. Saved with ``services.citizen.set_profile``; the service's
``ValidationError`` messages appear under the fields they name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.vocabulary import DAY, SEX
from advocacy_desk.domain.volunteers import PartnerProfileDetails, split_items
from ui.widgets import CodeCombo, FieldErrors, FieldForm
from ui.widgets.unsaved import GuardedDialog
from ui.widgets.views import heading, plain, text_box

#: The sexes a partner may ask for (not "not known" or "prefer not to say").
OFFERED_SEXES = ("female", "male", "intersex")


class PartnerProfileDialog(GuardedDialog):
    """Edit one person's matching profile. After ``accept()``, :attr:`saved` holds the
    details as the service tidied them."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        *,
        person_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.saved: PartnerProfileDetails | None = None
        who = person_name or f"person {person_id}"
        self.setWindowTitle(f"Matching profile: {who}")

        self.errors = FieldErrors()
        self.interests = QLineEdit()
        self.interests.setPlaceholderText("for example: gardening; music; football")
        self.languages = QLineEdit()
        self.languages.setPlaceholderText("for example: english; polish")
        self.required_language = QLineEdit()
        self.required_language.setPlaceholderText("blank if any language will do")
        self.preferred_sex = CodeCombo(
            SEX, label="Preferred sex of advocate", codes=OFFERED_SEXES, placeholder="No preference"
        )
        self.sex_required = QCheckBox("Only an advocate of this sex")
        self.days: dict[str, QCheckBox] = {}
        days_box = QWidget()
        days_box.setAccessibleName("Days available")
        days_row = QHBoxLayout(days_box)
        days_row.setContentsMargins(0, 0, 0, 0)
        for code in DAY.codes:
            tick = QCheckBox(DAY.label(code)[:3])
            tick.setAccessibleName(DAY.label(code))
            tick.setToolTip(DAY.label(code))
            self.days[code] = tick
            days_row.addWidget(tick)
        days_row.addStretch(1)
        self.days_box = days_box
        self.has_pets = QCheckBox("Has pets at home")
        self.smoke_free_required = QCheckBox("Needs a smoke-free advocate")
        self.other_requirement = text_box(
            "Other requirement", "Anything else an advocate must be or do"
        )
        self.ideal_advocate = text_box(
            "Ideal advocate", "In the partner's words, who would make a good advocate"
        )

        form = FieldForm(self.errors)
        form.add_field("interests", "Interests", self.interests, "Separate them with ; or ,")
        form.add_field("languages", "Languages", self.languages, "The languages they speak")
        form.add_field(
            "required_language",
            "Language needed",
            self.required_language,
            "A volunteer who does not speak it is never proposed.",
        )
        sex_box = QWidget()
        sex_box.setAccessibleName("Preferred sex of advocate")
        sex_row = QHBoxLayout(sex_box)
        sex_row.setContentsMargins(0, 0, 0, 0)
        sex_row.addWidget(self.preferred_sex)
        sex_row.addWidget(self.sex_required)
        sex_row.addStretch(1)
        form.add_field("preferred_sex", "Preferred sex", sex_box)
        form.add_field("available_days", "Days available", days_box)
        form.add_field("has_pets", "Pets", self.has_pets)
        form.add_field("smoke_free_required", "Smoking", self.smoke_free_required)
        form.add_field("other_requirement", "Other requirement", self.other_requirement)
        form.add_field("ideal_advocate", "Ideal advocate", self.ideal_advocate)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Save")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Matching profile for {who}"))
        layout.addWidget(
            plain(
                "What the partner needs of a citizen advocate. Language, sex (when "
                "required), pets and smoking are never broken by a proposal; interests, "
                "days and languages make a better match.",
                hint=True,
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

        existing = services.citizen.profile(person_id)
        if existing is not None:
            self.set_details(existing)
        self.interests.setFocus()

    def set_details(self, details: PartnerProfileDetails) -> None:
        self.interests.setText(details.interests)
        self.languages.setText(details.languages)
        self.required_language.setText(details.required_language)
        self.preferred_sex.set_code(
            details.preferred_sex if details.preferred_sex in OFFERED_SEXES else ""
        )
        self.sex_required.setChecked(details.sex_required)
        chosen = set(split_items(details.available_days))
        for code, tick in self.days.items():
            tick.setChecked(code in chosen)
        self.has_pets.setChecked(details.has_pets)
        self.smoke_free_required.setChecked(details.smoke_free_required)
        self.other_requirement.setPlainText(details.other_requirement)
        self.ideal_advocate.setPlainText(details.ideal_advocate)

    def details(self) -> PartnerProfileDetails:
        return PartnerProfileDetails(
            interests=self.interests.text(),
            languages=self.languages.text(),
            required_language=self.required_language.text(),
            preferred_sex=self.preferred_sex.code(),
            sex_required=self.sex_required.isChecked(),
            available_days=";".join(c for c, tick in self.days.items() if tick.isChecked()),
            has_pets=self.has_pets.isChecked(),
            smoke_free_required=self.smoke_free_required.isChecked(),
            other_requirement=self.other_requirement.toPlainText(),
            ideal_advocate=self.ideal_advocate.toPlainText(),
        )

    def save(self) -> bool:
        """Save the profile; on success the dialog is accepted, else nothing is saved."""

        def save() -> None:
            self.saved = self.services.citizen.set_profile(self.person_id, self.details())

        if not self.errors.attempt(save):
            return False
        self.accept()
        return True
