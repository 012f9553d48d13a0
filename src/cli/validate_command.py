"""``flowdesk validate FILE...``: check version documents from scripts and CI.

One line per problem, ``FILE: LOCATION: SEVERITY CODE: message``, or a JSON
report with ``--format json``. Exit status 1 when any file has an error, 0
otherwise (warnings alone pass). A file that cannot be read or is not JSON is
an error on that file, never a crash.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from flowdesk.model.catalog import ActionCatalog, load_catalog
from flowdesk.model.errors import CatalogError
from flowdesk.model.json_input import JsonInputError, read_json_file
from flowdesk.model.problems import Location, Problem, error
from flowdesk.model.validation import validate


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "validate",
        help="check version documents and list their problems",
        description="Check workflow version documents (JSON files) against the format, the "
        "graph rules, the action catalog, the parameter schema and the env config.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="version document JSON files")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--catalog", action="append", default=[], metavar="FOLDER",
                        help="an extra folder of action JSON files (may be repeated)")
    parser.set_defaults(func=run)


def check_file(path: str, catalog: ActionCatalog) -> list[Problem]:
    """Problems of one file, including "cannot read" and "not JSON"."""
    try:
        data: Any = read_json_file(path)
    except OSError as exc:
        return [error("file.unreadable", Location(""),
                      f"cannot read the file: {exc.strerror or exc}")]
    except JsonInputError as exc:
        return [error("file.not_json", Location(exc.pointer or ""), str(exc))]
    return validate(data, catalog)


def run(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.catalog)
    except CatalogError as exc:
        print(f"flowdesk validate: {exc}", file=sys.stderr)
        return 2
    reports = [(path, check_file(path, catalog)) for path in args.files]
    if args.format == "json":
        print(json.dumps([
            {
                "file": path,
                "valid": not any(p.is_error for p in problems),
                "problems": [p.to_json() for p in problems],
            }
            for path, problems in reports
        ], indent=2))
    else:
        for path, problems in reports:
            for problem in problems:
                print(f"{path}: {problem}")
    return 1 if any(p.is_error for _, problems in reports for p in problems) else 0
