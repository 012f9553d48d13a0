"""``flowdesk simulate FILE``: the path a run would take (a dry run, nothing executes).

Exit 0 when the run would reach an end, 1 when it would not (parameter errors,
a stuck condition, an unhandled failure, an expression error), 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from flowdesk.cli.diff_command import BadInput, read_document, read_json_arg
from flowdesk.model.json_input import JsonInputError, parse_json
from flowdesk.model.simulate import DryRunResult, dry_run

EXIT_COMPLETED, EXIT_NOT_COMPLETED, EXIT_BAD_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "simulate",
        help="dry-run a version file: which path a run would take",
        description="Walk the graph from start with the given parameters (defaults filled), "
        "evaluating conditions; actions succeed unless named with --fail. Exit 0 if the run "
        "reaches an end, 1 if not (or the parameters are invalid), 2 on bad input.",
    )
    parser.add_argument("file", metavar="FILE", help="the version file")
    parser.add_argument("--params", metavar="JSON", default=None,
                        help="run parameters as a JSON object, or @FILE to read them from a file")
    parser.add_argument("--fail", metavar="NODE", nargs="+", action="extend", default=[],
                        help="action node ids that fail in this run")
    parser.add_argument("--outputs", metavar="JSON", default=None,
                        help="step outputs as {node id: output}, or @FILE, for conditions that "
                        "read steps.<id>.output")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def parse_json_option(name: str, value: str | None) -> Any:
    """``--params '{...}'`` or ``--params @file.json``; must be an object."""
    if value is None:
        return {}
    if value.startswith("@"):
        try:
            data = read_json_arg(value[1:])
        except BadInput as exc:
            raise BadInput(f"{name}: {exc}") from exc
    else:
        try:
            data = parse_json(value)
        except JsonInputError as exc:
            raise BadInput(f"{name}: {exc}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{name}: expected a JSON object")
    return data


def run(args: argparse.Namespace) -> int:
    try:
        doc = read_document(args.file)
        params = parse_json_option("--params", args.params)
        outputs = parse_json_option("--outputs", args.outputs)
    except BadInput as exc:
        print(f"flowdesk simulate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = dry_run(doc, params, failing=args.fail, outputs=outputs)
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        write_text(result)
    return EXIT_COMPLETED if result.ok else EXIT_NOT_COMPLETED


def write_text(result: DryRunResult) -> None:
    if result.outcome == "invalid_params":
        print("the run would not start:", file=sys.stderr)
        for problem in result.errors:
            print(f"  {problem.location.pointer or '/'}: {problem.message}", file=sys.stderr)
        return
    out = sys.stdout
    out.write("path: " + (" -> ".join(result.path) or "(none)") + "\n")
    out.write("edges: " + (", ".join(result.edges) or "(none)") + "\n")
    failed = [n for n, s in result.statuses.items() if s in ("failed", "stuck")]
    if failed:
        out.write("failed: " + ", ".join(f"{n} ({result.statuses[n]})" for n in failed) + "\n")
    out.write(f"outcome: {result.outcome}\n")
    for problem in result.errors:
        print(f"{problem.location}: {problem.severity} {problem.code}: {problem.message}",
              file=sys.stderr)
