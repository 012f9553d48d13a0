"""The package layout: subpackages listed in pyproject, resources via importlib, entry points."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from flowdesk.model.resources import resource

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def declared_packages() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(data["tool"]["setuptools"]["packages"])


def folder_packages(folder: Path, name: str) -> set[str]:
    found = set()
    for init in folder.rglob("__init__.py"):
        relative = init.parent.relative_to(folder)
        if "__pycache__" in relative.parts:
            continue
        found.add(".".join([name, *relative.parts]) if relative.parts else name)
    return found


def test_every_subpackage_is_listed_in_pyproject():
    wanted = folder_packages(ROOT / "src", "flowdesk") | folder_packages(
        ROOT / "resources", "flowdesk.resources")
    missing = sorted(wanted - declared_packages())
    assert missing == [], f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_nothing_named_app_model_or_storage_at_top_level():
    for name in ("app", "model", "storage"):
        result = subprocess.run([sys.executable, "-c", f"import {name}"], cwd="/",
                                capture_output=True, text=True)
        assert result.returncode != 0, f"'{name}' should not be importable at top level"


def test_resources_load_through_importlib():
    assert resource("schemas", "version-document.schema.json").is_file()
    assert any(e.name.endswith(".json") for e in resource("actions").iterdir())


def test_python_dash_m_flowdesk_help():
    result = subprocess.run([sys.executable, "-m", "flowdesk", "--help"], cwd="/",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout


def test_console_script_runs():
    script = VENV_BIN / "flowdesk"
    assert script.exists(), "the flowdesk console script is not installed"
    result = subprocess.run([str(script), "validate", "--help"], cwd="/", capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "FILE" in result.stdout
