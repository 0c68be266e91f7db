"""Reusable form pieces: UK date fields, vocabulary combos, errors under fields."""

from ui.widgets.fields import CodeCombo, DateField, DateFieldError, LevelCombo
from ui.widgets.form import ErrorLabel, FieldErrors, FieldForm, grow_to_fit, section
from ui.widgets.modal import RunModal, run_modal

__all__ = [
    "CodeCombo",
    "DateField",
    "DateFieldError",
    "ErrorLabel",
    "FieldErrors",
    "FieldForm",
    "LevelCombo",
    "RunModal",
    "grow_to_fit",
    "run_modal",
    "section",
]
