"""The main window's helpers (the window itself is :mod:`ui.main_window`): its menus and
what the View and Help menus do, its backups, and signing in and out while it stays
open."""
