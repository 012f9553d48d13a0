"""Start-up budget of the command line: which heavy libraries each command loads.

Every command used to import SQLAlchemy, alembic, Qt, networkx, jsonschema and
cel-python before doing anything (3 s for ``--help``). Each case runs
``flowdesk`` in a fresh interpreter and looks at ``sys.modules`` afterwards;
the rule they enforce is written down in ``flowdesk.cli.main``.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flowdesk.cli.main import COMMANDS, build_parser, main

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
BRANCHING = EXAMPLES / "order-approval.json"
LINEAR = EXAMPLES / "customer-welcome.json"

# Runs the CLI as the console script does, then writes the names of the loaded
# top-level packages to the file named by its first argument.
RUNNER = """
import json, sys
from flowdesk.cli.main import main
out, argv = sys.argv[1], sys.argv[2:]
try:
    code = main(argv)
except SystemExit as exc:
    code = exc.code
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}, f)
"""

GUI_AND_DATABASE = {"PySide6", "sqlalchemy", "alembic", "psycopg", "keyring"}
EVERY_HEAVY = GUI_AND_DATABASE | {"networkx", "jsonschema", "celpy", "lark"}


def loaded(tmp_path: Path, *argv: str) -> tuple[int, set[str]]:
    """Exit status of ``flowdesk ARGV`` in a fresh interpreter and the packages it imported."""
    out = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", RUNNER, str(out), *argv], check=True,
                   capture_output=True, text=True, timeout=120)
    report = json.loads(out.read_text(encoding="utf-8"))
    return report["code"], set(report["modules"])


def test_help_loads_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    code, modules = loaded(tmp_path, "--help")
    assert code == 0
    assert modules & EVERY_HEAVY == set()


def test_validate_loads_no_gui_and_no_database(tmp_path: Path) -> None:
    code, modules = loaded(tmp_path, "validate", str(BRANCHING))
    assert code == 0
    assert modules & GUI_AND_DATABASE == set()
    assert "networkx" not in modules  # only a graph with a cycle needs it
    assert "celpy" in modules  # the runner does see what a command imports: CEL was parsed


def test_diff_of_two_files_loads_no_gui_and_no_database(tmp_path: Path) -> None:
    code, modules = loaded(tmp_path, "diff", str(BRANCHING), str(LINEAR))
    assert code == 1  # they differ
    assert modules & GUI_AND_DATABASE == set()


def test_opening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    db = str(tmp_path / "workspace.sqlite")
    code, modules = loaded(tmp_path, "db", "upgrade", "--db", db)
    assert code == 0 and "alembic" in modules  # a new database is migrated by alembic
    code, modules = loaded(tmp_path, "db", "upgrade", "--db", db)
    assert code == 0
    assert "alembic" not in modules  # at head: the version table says so, nothing runs


def _help_text(parser_load: set[str] | None) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), pytest.raises(SystemExit):
        build_parser(parser_load).parse_args(["--help"])
    return buffer.getvalue()


def test_the_command_table_lists_what_the_modules_register() -> None:
    """``--help`` from the table alone reads exactly as with every command module loaded."""
    assert _help_text(set()) == _help_text(None)


@pytest.mark.parametrize("name", [name for _module, commands in COMMANDS for name, _ in commands])
def test_every_command_has_its_full_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: flowdesk {name} ")
