"""Starting the desktop app (``flowdesk`` with no command, or ``flowdesk gui``)."""

from __future__ import annotations

import argparse


def add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="PATH",
        help="the local workspace (a SQLite file, created and migrated as needed); "
        "default: workspace.sqlite in the user's data directory",
    )


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("gui", help="start the desktop app (the default)")
    add_gui_options(p)
    p.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window on the workspace (migrated to the current schema first)."""
    # Imported here so that headless commands (validate, render, ...) never load Qt widgets.
    from flowdesk.app.application import run

    return run(getattr(args, "workspace", None))
