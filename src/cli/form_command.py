"""``flowdesk form SCHEMA.json [-o OUT.png] [--data JSON|@FILE]``: try a JSON Schema form.

It renders the form a person would fill (offscreen, to a PNG for docs and
review) and, with ``--data``, loads a value into the form, reads it back and
validates it: exit 0 when valid, 1 when invalid (one line per error with its
JSON pointer), 2 when the schema is unreadable or not a valid JSON Schema, or
the data is not JSON. Qt is imported inside the command, not at module level,
so every other command of the CLI starts without loading Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from flowdesk.model.forms import SchemaInvalid
from flowdesk.model.json_input import JsonInputError, parse_json, read_json_file

PROG = "flowdesk form"
MAX_FORM_WIDTH = 8000


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "form",
        help="render a JSON Schema as a form, and check data through it",
        description="Render the form for a JSON Schema to a PNG and/or load a value into it, "
        "read it back and validate it (exit 0 valid, 1 invalid, 2 bad schema or data).",
    )
    parser.add_argument("schema", metavar="SCHEMA.json", help="JSON Schema file")
    parser.add_argument("-o", "--output", metavar="OUT.png", help="write a picture of the form")
    parser.add_argument(
        "--data", metavar="JSON", help="a JSON value, or @FILE to read it from a file"
    )
    parser.add_argument("--width", type=int, default=720, help="picture width (default 720)")
    parser.set_defaults(func=run)


class _Usage(Exception):
    """Bad input on the command line: message for stderr, exit 2."""


def _read_schema(path: str) -> Any:
    try:
        return read_json_file(path)
    except OSError as exc:
        raise _Usage(f"{path}: cannot read: {exc.strerror or exc}") from None
    except JsonInputError as exc:
        raise _Usage(f"{path}: {exc}") from None


def _read_data(text: str) -> Any:
    source = "--data"
    try:
        if text.startswith("@"):
            source = text[1:]
            return read_json_file(source)
        return parse_json(text)
    except OSError as exc:
        raise _Usage(f"{source}: cannot read: {exc.strerror or exc}") from None
    except JsonInputError as exc:
        raise _Usage(f"{source}: {exc}") from None


def run(args: argparse.Namespace) -> int:
    try:
        schema = _read_schema(args.schema)
        data = _read_data(args.data) if args.data is not None else None
        if not 200 <= args.width <= MAX_FORM_WIDTH:
            raise _Usage(f"--width must be 200 to {MAX_FORM_WIDTH}, got {args.width}")
    except _Usage as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Lazy: Qt takes a while to load and only this command (and the GUI) needs it.
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from flowdesk.app.forms import SchemaForm  # noqa: PLC0415

    app = QApplication.instance() or QApplication(["flowdesk-form"])
    try:
        form = SchemaForm(schema)
    except SchemaInvalid as exc:
        print(f"{PROG}: {args.schema}: not a valid JSON Schema: {exc}", file=sys.stderr)
        return 2
    status = 0
    if args.data is not None:
        form.set_value(data)
        print(json.dumps(form.value(), indent=2, ensure_ascii=False))
        errors = form.errors()
        if errors:
            print(f"invalid: {len(errors)} problem{'s' if len(errors) != 1 else ''}")
            for pointer, message in errors:
                print(f"{pointer or '/'}: {message}")
            status = 1
        else:
            print("valid")
    if args.output:
        try:
            _render(app, form, args.output, args.width)
        except OSError as exc:
            print(f"{PROG}: {args.output}: cannot write: {exc}", file=sys.stderr)
            return 2
        print(args.output, file=sys.stderr)
    form.deleteLater()
    return status


def _render(app: Any, form: Any, output: str, width: int) -> None:
    """Size the form to show everything (up to a tall page) and grab it."""
    height = 480
    form.resize(width, height)
    form.show()
    _settle(app)
    bar = form.scroll.verticalScrollBar()
    for _ in range(6):  # word-wrapped help text changes height as the width settles
        if bar.maximum() <= 0 or height >= 6000:
            break
        height = min(6000, height + bar.maximum() + 4)
        form.resize(width, height)
        _settle(app)
    if not form.grab().save(output):
        raise OSError(f"Qt could not save {output!r} (unknown image type?)")


def _settle(app: Any) -> None:
    """Nested layouts need a few event passes to reach their final geometry."""
    for _ in range(4):
        app.processEvents()
