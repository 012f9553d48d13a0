"""Starting the desktop app (``flowdesk`` with no command, or ``flowdesk gui``)."""

from __future__ import annotations

import argparse


def add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="PATH",
        help="the local workspace (a SQLite file); default: in the user's data directory",
    )


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("gui", help="start the desktop app (the default)")
    add_gui_options(p)
    p.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    """Until the window exists, explain the command line instead."""
    from flowdesk.cli.main import build_parser  # the parser is built lazily for help only

    build_parser().print_help()
    return 0
