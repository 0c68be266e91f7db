"""A dialog that saves through a service: a default button named for what it does and
Cancel; a refusal shown by its fields (nothing saved); on success the dialog accepted
(the commit itself tells every view what it wrote, through the data bus). Escape or
Cancel with changes typed asks first (:class:`~ui.widgets.unsaved.GuardedDialog`)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

from advocacy_desk.domain.errors import AdvocacyDeskError
from ui.widgets.form import FieldErrors
from ui.widgets.unsaved import GuardedDialog


class SavingDialog(GuardedDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()

    def _buttons(self, verb: str, name: str = "") -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(verb)
        if name:
            self.save_button.setObjectName(name)
        self.save_button.setAccessibleName(verb)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.set_main_button(self.save_button)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def save(self) -> bool:
        raise NotImplementedError

    def _saved(self) -> bool:
        self.accept()
        return True

    def _failed(self, exc: AdvocacyDeskError) -> bool:
        self.errors.refused(exc)
        return False
