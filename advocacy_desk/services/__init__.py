"""Use cases: plain values in, frozen dataclasses out. ``ui`` and the CLI call these
through :class:`advocacy_desk.app.Services`. Kept empty: importing one service module
loads only what that module needs."""
