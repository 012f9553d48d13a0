"""``flowdesk form``: render a schema's form to PNG and check data through it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from flowdesk.cli.main import main

SCHEMA = {
    "title": "Deploy",
    "type": "object",
    "required": ["service"],
    "properties": {
        "service": {"type": "string", "minLength": 2},
        "replicas": {"type": "integer", "minimum": 1},
    },
}


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    return path


def test_renders_a_png(qapp, schema_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "form.png"
    assert main(["form", str(schema_file), "-o", str(out), "--width", "640"]) == 0
    image = QImage(str(out))
    assert image.width() == 640 and image.height() >= 200


def test_valid_data_exits_0_and_prints_the_value(qapp, schema_file: Path, capsys) -> None:
    assert main(["form", str(schema_file), "--data", '{"service": "api", "replicas": 2}']) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("valid")
    assert json.loads(out[: out.rindex("}") + 1]) == {"service": "api", "replicas": 2}


def test_invalid_data_exits_1_with_pointers(qapp, schema_file: Path, tmp_path: Path,
                                            capsys) -> None:
    data = tmp_path / "data.json"
    data.write_text('{"replicas": 0}', encoding="utf-8")
    assert main(["form", str(schema_file), "--data", f"@{data}"]) == 1
    out = capsys.readouterr().out
    assert "invalid: 2 problems" in out
    assert "/service: Required." in out
    assert "/replicas: Must be at least 1." in out


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not JSON"),
        ('{"type": "strnig"}', "not a valid JSON Schema"),
        ('{"properties": {"a": {"minimum": "zero"}}}', "/properties/a/minimum"),
    ],
)
def test_bad_schema_exits_2(qapp, tmp_path: Path, capsys, content: str, needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["form", str(path), "--data", "{}"]) == 2
    assert needle in capsys.readouterr().err


def test_missing_schema_file_exits_2(qapp, tmp_path: Path, capsys) -> None:
    assert main(["form", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_data_that_is_not_json_exits_2(qapp, schema_file: Path, capsys) -> None:
    assert main(["form", str(schema_file), "--data", "{oops"]) == 2
    assert "--data: not JSON" in capsys.readouterr().err


def test_other_commands_do_not_load_qt() -> None:
    """The form command imports Qt lazily, so ``flowdesk --help`` stays light."""
    code = "import sys; import flowdesk.cli.main; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
