"""Advocacy Desk: the Qt-free core (domain rules, database, services, command line)."""

__version__ = "0.1.0"
