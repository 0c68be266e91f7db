"""The PySide6 user interface. It talks to ``advocacy_desk.services`` only."""
