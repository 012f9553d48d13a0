"""Entry point of ``flowdesk`` and ``python -m flowdesk``.

With no command it starts the desktop app; every command lives in its own
module with a ``register(subparsers)`` function that adds its parser and sets
``func(args) -> int`` (the exit status).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from flowdesk import __version__
from flowdesk.cli import (
    db_commands,
    diff_command,
    form_command,
    gui_command,
    merge_command,
    render_command,
    simulate_command,
    sync_commands,
    validate_command,
)

COMMAND_MODULES = (
    validate_command,
    diff_command,
    merge_command,
    simulate_command,
    db_commands,
    render_command,
    form_command,
    sync_commands,
    gui_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowdesk",
        description="Flowdesk: build, check and publish workflow automations.",
    )
    parser.add_argument("--version", action="version", version=f"flowdesk {__version__}")
    gui_command.add_gui_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    func = getattr(args, "func", None)
    if func is None:
        return gui_command.run_gui(args)
    try:
        return int(func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
