"""``flowdesk merge BASE MINE THEIRS [-o OUT]``: three-way merge of version files.

The merged document is always written (conflicting places keep the base
value, like a merge tool that leaves the old text in place); the conflicts go to
stderr. Exit 0 clean, 1 with conflicts, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flowdesk.cli.diff_command import BadInput, read_document
from flowdesk.model.changes import ABSENT, Json
from flowdesk.model.merge import Conflict, MergeResult, merge_documents

EXIT_CLEAN, EXIT_CONFLICTS, EXIT_BAD_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "merge",
        help="three-way merge of version files",
        description="Merge the changes BASE->MINE and BASE->THEIRS. Writes the merged document "
        "(to stdout unless -o); conflicts, which keep the BASE value, are listed on stderr. "
        "Exit 0 if clean, 1 with conflicts, 2 on bad input.",
    )
    parser.add_argument("base", metavar="BASE", help="the common ancestor version file")
    parser.add_argument("mine", metavar="MINE", help="my version file")
    parser.add_argument("theirs", metavar="THEIRS", help="their version file")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the merged document here")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="how conflicts and problems are listed on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        base = read_document(args.base)
        mine = read_document(args.mine)
        theirs = read_document(args.theirs)
    except BadInput as exc:
        print(f"flowdesk merge: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = merge_documents(base, mine, theirs)
    text = json.dumps(result.document.to_json(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"flowdesk merge: {args.output}: cannot write: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        sys.stdout.write(text)
    report(result, args.format)
    return EXIT_CLEAN if result.is_clean else EXIT_CONFLICTS


def report(result: MergeResult, fmt: str) -> None:
    if fmt == "json":
        json.dump(result.to_json(), sys.stderr, indent=2, ensure_ascii=False)
        sys.stderr.write("\n")
        return
    for conflict in result.conflicts:
        sys.stderr.write(describe_conflict(conflict) + "\n")
    errors = [p for p in result.problems if p.is_error]
    if errors:
        sys.stderr.write(f"the merged document has {len(errors)} error(s):\n")
        for problem in errors:
            sys.stderr.write(f"  {problem}\n")
    if result.conflicts:
        sys.stderr.write(
            f"{len(result.conflicts)} conflict{'' if len(result.conflicts) == 1 else 's'}; the "
            "merged document keeps the base value there\n"
        )


def describe_conflict(conflict: Conflict) -> str:
    return (
        f"CONFLICT {conflict.message}\n"
        f"  base:   {_value(conflict.base)}\n"
        f"  mine:   {_value(conflict.mine)}\n"
        f"  theirs: {_value(conflict.theirs)}"
    )


def _value(value: Json, limit: int = 100) -> str:
    if value is ABSENT:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."
