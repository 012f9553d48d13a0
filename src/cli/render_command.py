"""``flowdesk render FILE -o OUT.png|OUT.svg [--width N]``: draw a version document.

It uses the canvas's own drawing code headless, for docs and code review. Qt is
imported inside the command, not at module level, so that every other command
of the CLI starts without loading Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flowdesk.model.document import load
from flowdesk.model.drawing_bounds import MAX_IMAGE_SIDE, undrawable_position
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.json_input import JsonInputError, read_json_file


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "render", help="render a version document to PNG or SVG",
        description="Render a version document (JSON) to a PNG or SVG picture of its graph.",
    )
    parser.add_argument("file", help="version document JSON file")
    parser.add_argument("-o", "--output", required=True, help="output file: .png or .svg")
    parser.add_argument("--width", type=int, default=None, help="picture width in pixels")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        data = read_json_file(source)
    except OSError as exc:
        print(f"flowdesk render: {source}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except JsonInputError as exc:
        print(f"flowdesk render: {source}: {exc}", file=sys.stderr)
        return 2
    try:
        doc = load(data)
    except FlowdeskError as exc:
        print(f"flowdesk render: {source}: {exc}", file=sys.stderr)
        return 2
    if args.width is not None and not 16 <= args.width <= MAX_IMAGE_SIDE:
        print(f"flowdesk render: --width must be 16 to {MAX_IMAGE_SIDE}, got {args.width}",
              file=sys.stderr)
        return 2
    problem = undrawable_position(doc.graph)
    if problem is not None:
        print(f"flowdesk render: {source}: {problem}", file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Lazy: Qt takes a while to load and only this command (and the GUI) needs it.
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from flowdesk.app.canvas.render import render_document_to_file  # noqa: PLC0415

    app = QApplication.instance() or QApplication(["flowdesk-render"])  # noqa: F841 - keeps Qt alive
    try:
        out = render_document_to_file(doc, args.output, args.width)
    except FlowdeskError as exc:
        print(f"flowdesk render: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0
