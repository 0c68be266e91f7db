"""Letters from templates in the window: a case's letters (:class:`LettersPanel`, with
:class:`NewLetterDialog`) and the templates in Settings (:class:`TemplatesSetting`)."""

from ui.letters.panel import LettersPanel, NewLetterDialog
from ui.letters.settings import TemplatesSetting

__all__ = ["LettersPanel", "NewLetterDialog", "TemplatesSetting"]
