"""``flowdesk simulate``: the path taken, or the parameter errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdesk.cli.main import main

DOC: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "fetch", "type": "action", "actionId": "http.request", "config": {}},
            {"id": "check", "type": "condition"},
            {"id": "big", "type": "end"},
            {"id": "small", "type": "end"},
            {"id": "oops", "type": "end"},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "fetch"},
            {"id": "e2", "source": "fetch", "target": "check", "condition": "onSuccess"},
            {"id": "e3", "source": "fetch", "target": "oops", "condition": "onFailure"},
            {"id": "e4", "source": "check", "target": "big",
             "condition": {"expression": "params.amount > 100"}},
            {"id": "e5", "source": "check", "target": "small", "condition": "otherwise"},
        ],
    },
    "parameterSchema": {"type": "object", "properties": {"amount": {"type": "integer"}},
                        "required": ["amount"]},
}


@pytest.fixture
def file(tmp_path: Path) -> str:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    return str(path)


def test_prints_the_path(file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", file, "--params", '{"amount": 500}']) == 0
    out = capsys.readouterr().out
    assert "path: start -> fetch -> check -> big\n" in out
    assert "edges: e1, e2, e4\n" in out
    assert "outcome: completed" in out


def test_params_from_a_file(file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    params = tmp_path / "params.json"
    params.write_text('{"amount": 5}', encoding="utf-8")
    assert main(["simulate", file, "--params", f"@{params}"]) == 0
    assert "-> small" in capsys.readouterr().out


def test_fail_takes_the_failure_path(file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", file, "--params", '{"amount": 5}', "--fail", "fetch"]) == 0
    out = capsys.readouterr().out
    assert "path: start -> fetch -> oops" in out
    assert "failed: fetch (failed)" in out


def test_parameter_errors_exit_1(file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", file, "--params", '{"amount": "many"}']) == 1
    captured = capsys.readouterr()
    assert "path:" not in captured.out
    assert "/amount:" in captured.err


def test_json_format(file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", file, "--format", "json", "--params", '{"amount": 1}']) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == ["start", "fetch", "check", "small"]
    assert data["statuses"]["big"] == "skipped"


@pytest.mark.parametrize("args", [
    ["--params", "{nope"], ["--params", "[1]"], ["--params", "@/does/not/exist.json"],
])
def test_bad_params_exit_2(file: str, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(["simulate", file, *args]) == 2
    assert capsys.readouterr().err.startswith("flowdesk simulate: --params: ")


def test_unknown_failing_node_is_reported(file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", file, "--params", '{"amount": 1}', "--fail", "ghost"]) == 1
    assert "ghost" in capsys.readouterr().err
