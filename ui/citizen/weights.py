"""The coordinator's weights for the matching fit score."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.matching import DEFAULT_WEIGHTS
from ui.widgets.form import ErrorLabel, FieldErrors
from ui.widgets.unsaved import GuardedDialog
from ui.widgets.views import plain

PART_LABELS = {
    "distance": "Distance (closer is better)",
    "interests": "Shared interests",
    "days": "Days both are free",
    "age": "Age closeness",
    "language": "A shared language beyond the one required",
}


class WeightsDialog(GuardedDialog):
    """Points each part of the fit score is worth; scaled so the parts make 100."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Matching weights")
        self.errors = FieldErrors()
        self.boxes: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        current = services.matching.weights()
        for name in DEFAULT_WEIGHTS:
            box = QDoubleSpinBox()
            box.setRange(0, 100)
            box.setDecimals(0)
            box.setValue(current[name])
            box.setAccessibleName(PART_LABELS[name])
            box.setToolTip(f"Default {DEFAULT_WEIGHTS[name]:.0f}")
            error = ErrorLabel(PART_LABELS[name])
            self.errors.register(name, box, error)
            form.addRow(PART_LABELS[name] + ":", box)
            form.addRow("", error)
            self.boxes[name] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.RestoreDefaults
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.set_main_button(self.save_button)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain("Each candidate's fit is out of 100: these weights say how much each part "
                  "counts, and are scaled so that together they make 100.", hint=True)
        )  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        for name, box in self.boxes.items():
            box.setValue(DEFAULT_WEIGHTS[name])

    def save(self) -> None:
        self.errors.clear()
        try:
            self.services.matching.set_weights({n: b.value() for n, b in self.boxes.items()})
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()
