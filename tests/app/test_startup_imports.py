"""Start-up budget of the window: what is loaded before it first paints.

The window on an up-to-date workspace must not wait for alembic (the schema
check reads the version table), networkx (only cycles need it), psycopg (no
remote is contacted) or cel-python (the first validation runs after the first
paint). Each start is a fresh interpreter, offscreen, with a private home.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RUNNER = """
import json, sys
from flowdesk.app.application import build_window, create_application
app = create_application()
window = build_window(sys.argv[2])
window.show()
app.processEvents()
painted = sorted({m.split(".")[0] for m in sys.modules})
problems = window.session.problems  # asking for them runs the deferred first check
with open(sys.argv[1], "w") as f:
    json.dump({"painted": painted, "cel_after_check": "celpy" in sys.modules,
               "problems": len(problems)}, f)
window.close()
window.workspace.close()
"""


def start_window(home: Path, workspace: Path) -> dict:
    out = home / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    subprocess.run([sys.executable, "-c", RUNNER, str(out), str(workspace)], env=env,
                   check=True, capture_output=True, text=True, timeout=120)
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_window_paints_before_loading_migrations_graph_and_cel_libraries(
        tmp_path: Path) -> None:
    workspace = tmp_path / "workspace.sqlite"
    first = start_window(tmp_path, workspace)
    assert "alembic" in first["painted"]  # the first start creates the schema with alembic

    again = start_window(tmp_path, workspace)
    assert {"PySide6", "sqlalchemy"} <= set(again["painted"])
    assert {"alembic", "networkx", "psycopg", "celpy", "lark"} & set(again["painted"]) == set()
    assert again["cel_after_check"]  # the example's templates are checked once asked for
    assert again["problems"] == 0
