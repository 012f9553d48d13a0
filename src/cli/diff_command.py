"""``flowdesk diff OLD NEW``: what changed between two version files.

Exit status as ``diff(1)``: 0 equal, 1 different, 2 bad input (a file that is
unreadable, not JSON, or not a version document).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from flowdesk.cli import diff_sources
from flowdesk.model.changes import ABSENT, Change, PropertyChange, item_detail
from flowdesk.model.diff import DocumentDiff, diff_documents
from flowdesk.model.document import VersionDocument, load
from flowdesk.model.errors import DocumentError, FlowdeskError
from flowdesk.model.json_input import JsonInputError, read_json_file

EXIT_SAME, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """A command-line input that cannot be used; the message names the file and the place."""


def read_json_arg(path: str) -> Any:
    """Parse a file (``-`` is stdin) as strict JSON, or raise :class:`BadInput` naming it."""
    try:
        return read_json_file(path)
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    except JsonInputError as exc:
        raise BadInput(f"{path}: {exc}") from None


def read_document(path: str) -> VersionDocument:
    """Load a version file, or raise :class:`BadInput` naming the file and JSON pointer."""
    data = read_json_arg(path)
    try:
        return load(data)
    except DocumentError as exc:
        raise BadInput(f"{path}: not a version document: {exc}") from exc
    except RecursionError as exc:
        raise BadInput(f"{path}: nested too deeply to read") from exc


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "diff",
        help="show what changed between two version files",
        description="Show semantic, layout, parameter and env changes between two version "
        "files; breaking parameter changes are flagged. Exit 0 if equal, 1 if they differ, "
        "2 on bad input.",
    )
    parser.add_argument("old", metavar="OLD", nargs="?",
                        help="the older version file (- for stdin)")
    parser.add_argument("new", metavar="NEW", nargs="?", help="the newer version file")
    parser.add_argument("--format", choices=("text", "json", *diff_sources.PICTURE_FORMATS),
                        default="text",
                        help="text or json on stdout; png, svg (overlay picture) or html "
                        "(self-contained report) into -o OUT")
    parser.add_argument("--ignore-layout", action="store_true",
                        help="leave out node moves and note placement")
    diff_sources.add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    usage = diff_sources.check_arguments(args)
    if usage is not None:
        print(f"flowdesk diff: {usage}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        if args.db is not None:
            old, new, old_label, new_label = diff_sources.read_versions(args)
        else:
            old, new = read_document(args.old), read_document(args.new)
            old_label, new_label = args.old, args.new
    except (BadInput, diff_sources.SourceError) as exc:
        print(f"flowdesk diff: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = diff_documents(old, new, ignore_layout=args.ignore_layout)
    if args.format in diff_sources.PICTURE_FORMATS:
        try:  # Qt is loaded only here (see diff_sources.write_picture)
            diff_sources.write_picture(args, old, new, old_label, new_label)
        except FlowdeskError as exc:
            print(f"flowdesk diff: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    elif args.format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        write_summary(result, sys.stdout)
    return EXIT_SAME if result.is_empty else EXIT_DIFFERENT


# ----------------------------------------------------------------- text output

_SIGNS = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}


def write_summary(result: DocumentDiff, out: TextIO) -> None:
    if result.is_empty:
        out.write("No differences.\n")
        return
    sections = (
        ("Semantic changes", result.semantic_changes),
        ("Layout changes", result.layout_changes),
        ("Parameter changes", result.parameter_changes),
        ("Env changes", result.env_changes),
    )
    first = True
    for title, changes in sections:
        if not changes:
            continue
        if not first:
            out.write("\n")
        first = False
        count = f"{len(changes)}"
        if title == "Parameter changes":
            breaking = sum(1 for c in changes if c.breaking)
            count += f", {breaking} breaking" if breaking else ""
        out.write(f"{title} ({count}):\n")
        for change in changes:
            for line in describe(change):
                out.write(line + "\n")


def describe(change: Change) -> list[str]:
    """One headline per change, then one line per property for edits of graph items."""
    sign = _SIGNS[change.op]
    if change.kind == "parameter":
        flag = "BREAKING" if change.breaking else "ok"
        return [f"  {sign} [{flag}] {change.message}"]
    if change.kind in ("env", "secret"):
        lines = [f"  {sign} {change.message}"]
        if change.kind == "env" and change.op == "changed":
            lines[0] += f": {_value(change.old)} -> {_value(change.new)}"
        lines.extend(_property_lines(change.properties) if change.kind == "secret" else [])
        return lines
    head = f"  {sign} {change.kind} {change.id}"
    detail = item_detail(change, arrow="->")
    if detail:
        head += f" {detail}"
    if change.op in ("added", "removed"):
        return [head]
    return [head, *_property_lines(change.properties)]



def _property_lines(props: tuple[PropertyChange, ...]) -> list[str]:
    return [f"      {p.pointer or '/'}: {_value(p.old)} -> {_value(p.new)}" for p in props]


def _value(value: Any, limit: int = 80) -> str:
    if value is ABSENT:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."
