"""The model layer stays pure: nothing under src/model imports Qt or SQL libraries."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = ("PySide6", "shiboken6", "sqlalchemy", "psycopg", "alembic", "flowdesk.app",
             "flowdesk.storage", "flowdesk.cli")
MODEL = Path(__file__).resolve().parents[2] / "src" / "model"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def _is_dynamic_import(call: ast.Call) -> bool:
    """``__import__("x")`` or ``importlib.import_module("x")`` with a literal name."""
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    return name in ("__import__", "import_module") and bool(call.args) and isinstance(
        call.args[0], ast.Constant)


def violations(root: Path) -> list[str]:
    bad = []
    for path in sorted(root.rglob("*.py")):
        for line, module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in FORBIDDEN):
                bad.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return bad


def test_model_imports_neither_qt_nor_sql():
    assert MODEL.is_dir() and any(MODEL.rglob("*.py"))
    assert violations(MODEL) == []


def test_the_check_catches_a_forbidden_import(tmp_path):
    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "bad.py").write_text("def f():\n    from PySide6.QtCore import QObject\n")
    (fake / "worse.py").write_text("import sqlalchemy.orm as orm\nimport psycopg\n")
    (fake / "sneaky.py").write_text("import importlib\nqt = importlib.import_module('PySide6')\n")
    assert violations(fake) == [
        "model/bad.py:2 imports PySide6.QtCore",
        "model/sneaky.py:2 imports PySide6",
        "model/worse.py:1 imports sqlalchemy.orm",
        "model/worse.py:2 imports psycopg",
    ]
