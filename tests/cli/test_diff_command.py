"""``flowdesk diff``: readable summary, JSON, exit codes like diff(1)."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowdesk.cli.main import main
from flowdesk.model.document import load
from flowdesk.model.errors import DocumentError

DOC: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
            {"id": "fetch", "type": "action", "name": "Fetch", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://a.example"},
             "position": {"x": 200, "y": 0}},
            {"id": "end", "type": "end", "position": {"x": 400, "y": 0}},
        ],
        "edges": [{"id": "e1", "source": "start", "target": "fetch"},
                  {"id": "e2", "source": "fetch", "target": "end"}],
    },
    "parameterSchema": {"type": "object", "properties": {"id": {"type": "string"}}},
    "envConfig": {"env": {"REGION": "eu"}},
}


def write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    new = copy.deepcopy(DOC)
    new["graph"]["nodes"][1]["config"]["method"] = "POST"
    new["graph"]["nodes"][2]["position"] = {"x": 500, "y": 0}
    new["parameterSchema"]["properties"]["id"]["maxLength"] = 8
    new["parameterSchema"]["properties"]["note"] = {"type": "string"}
    new["envConfig"]["env"]["MODE"] = "fast"
    return write(tmp_path / "old.json", DOC), write(tmp_path / "new.json", new)


def test_equal_files_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write(tmp_path / "a.json", DOC), write(tmp_path / "b.json", DOC)
    assert main(["diff", a, b]) == 0
    assert capsys.readouterr().out == "No differences.\n"


def test_summary_lists_every_kind_and_flags_breaking(
    files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", *files]) == 1
    out = capsys.readouterr().out
    assert "Semantic changes (1):" in out
    assert '/config/method: "GET" -> "POST"' in out
    assert "Layout changes (1):" in out and "node end" in out
    assert "Parameter changes (2, 1 breaking):" in out
    assert "[BREAKING] parameter id: new maximum length 8" in out
    assert "[ok] parameter note: new optional parameter" in out
    assert "env MODE added" in out


def test_ignore_layout(files: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    main(["diff", "--ignore-layout", *files])
    assert "Layout" not in capsys.readouterr().out


def test_only_layout_changed_still_differs(tmp_path: Path) -> None:
    moved = copy.deepcopy(DOC)
    moved["graph"]["nodes"][0]["position"]["y"] = 50
    a, b = write(tmp_path / "a.json", DOC), write(tmp_path / "b.json", moved)
    assert main(["diff", a, b]) == 1
    assert main(["diff", "--ignore-layout", a, b]) == 0


def test_json_format(files: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--format", "json", *files]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["equal"] is False and data["breaking"] is True
    assert data["semantic"][0]["properties"] == [
        {"pointer": "/config/method", "old": "GET", "new": "POST"}]
    assert {p["id"]: p["breaking"] for p in data["parameters"]} == {"id": True, "note": False}


@pytest.mark.parametrize(("content", "fragment"), [
    ("{", "not JSON: line 1"),
    ("[1, 2]", "not a version document"),
    ('{"graph": {"nodes": 3}}', "/graph/nodes"),
    ('{"graph": {}, "x": NaN}', "NaN"),
])
def test_bad_input_exits_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, fragment: str
) -> None:
    good = write(tmp_path / "good.json", DOC)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["diff", good, str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and fragment in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.json", DOC)
    assert main(["diff", str(tmp_path / "missing.json"), good]) == 2
    assert "missing.json: cannot read" in capsys.readouterr().err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["graph", "nodes", "edges", "id", "type", "source",
                                       "target", "envConfig", "parameterSchema", "env", "x"]),
                      inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_gives_2_or_a_diff_never_a_crash(data: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        good = write(Path(folder) / "good.json", DOC)
        other = write(Path(folder) / "other.json", data)
        try:
            load(data)
            loads = True
        except DocumentError:
            loads = False
        code = main(["diff", "--format", "json", good, other])
        assert code in (0, 1) if loads else code == 2
