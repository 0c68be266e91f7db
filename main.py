"""Composition root: ``python main.py [--db PATH_OR_URL] [COMMAND]``.

With a command, runs the headless command line (no Qt is imported); with none,
opens the application window.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from advocacy_desk.cli import build_parser, run_command

    args = build_parser().parse_args(argv)
    if args.command is not None:
        return run_command(args)
    from ui.app import run

    return run(args.db)


if __name__ == "__main__":
    sys.exit(main())
