"""Entry point of ``flowdesk`` and ``python -m flowdesk``.

With no command it starts the desktop app; every command lives in its own
module with a ``register(subparsers)`` function that adds its parser and sets
``func(args) -> int`` (the exit status).

Start-up rule: a command pays only for the libraries it uses. This module
imports no command module up front; :data:`COMMANDS` names each module with
the commands it registers and their one-line help, so ``flowdesk --help``
lists every command from this table, and only the module whose command is on
the command line is imported and registered for real. Heavy libraries
(PySide6, SQLAlchemy, alembic, psycopg, jsonschema, networkx, cel-python)
are imported by the modules that need them, never by a package
``__init__``. ``tests/cli/test_import_budget.py`` checks which of them each
command loads, and that this table matches what the modules register.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

import platformdirs

from flowdesk import __version__
from flowdesk.cli import gui_command
from flowdesk.model import cel_parser_cache
from flowdesk.model.errors import FlowdeskError

# (module under flowdesk.cli, ((command, help), ...)) in the order --help lists them.
COMMANDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("validate_command", (("validate", "check version documents and list their problems"),)),
    ("diff_command", (("diff", "show what changed between two version files"),)),
    ("merge_command", (("merge", "three-way merge of version files"),)),
    ("simulate_command", (("simulate", "dry-run a version file: which path a run would take"),)),
    ("db_commands", (
        ("db", "manage a Flowdesk database"),
        ("import", "import a version document as a workflow's draft (and publish it)"),
        ("export", "write a version document of a workflow"),
        ("workflows", "list a tenant's workflows"),
    )),
    ("render_command", (("render", "render a version document to PNG or SVG"),)),
    ("form_command", (("form", "render a JSON Schema as a form, and check data through it"),)),
    ("sync_commands", (
        ("pull", "bring what was published on a remote into a local workspace"),
        ("publish", "publish a workflow's local draft to a remote as its next version"),
    )),
    ("gui_command", (("gui", "start the desktop app (the default)"),)),
)


def modules_for(argv: Sequence[str]) -> set[str]:
    """The command modules to import for ``argv``: those owning a command named in it.

    Any word equal to a command name counts (even an option's value): importing
    one module too many is harmless, missing the chosen command's module is not.
    """
    words = set(argv)
    return {module for module, commands in COMMANDS if any(name in words for name, _ in commands)}


def build_parser(load: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The full parser for the modules in ``load`` (all when None); others get a help-only stub."""
    parser = argparse.ArgumentParser(
        prog="flowdesk",
        description="Flowdesk: build, check and publish workflow automations.",
    )
    parser.add_argument("--version", action="version", version=f"flowdesk {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an internal error instead of one line")
    gui_command.add_gui_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name, commands in COMMANDS:
        if load is None or module_name in load:
            importlib.import_module(f"flowdesk.cli.{module_name}").register(sub)
        else:
            for name, help_text in commands:
                sub.add_parser(name, help=help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # a real run (console script, python -m flowdesk); tests pass argv
        cel_parser_cache.enable(
            Path(platformdirs.user_cache_dir("Flowdesk", appauthor=False)) / "cel-parser.lark")
    args_list = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser(modules_for(args_list))
    args = parser.parse_args(args_list)
    func = getattr(args, "func", None)
    if func is None:
        return gui_command.run_gui(args)
    try:
        return int(func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last guard: one line on stderr, never a traceback
        if args.debug:
            raise
        print(_one_line_error(exc), file=sys.stderr)
        return 1


def _one_line_error(exc: BaseException) -> str:
    """A known error keeps its message; anything else says it is a bug and how to see more."""
    message = " ".join(str(exc).split()).encode("utf-8", "backslashreplace").decode("utf-8")
    if len(message) > 300:
        message = message[:297] + "..."
    if isinstance(exc, FlowdeskError):
        return f"flowdesk: error: {message}"
    if isinstance(exc, MemoryError):
        return "flowdesk: error: out of memory; the input is too large to process"
    return (f"flowdesk: internal error: {type(exc).__name__}: {message}; "
            "run with --debug for the traceback")


if __name__ == "__main__":
    sys.exit(main())
