"""``flowdesk validate``: output lines, JSON, exit status, bad files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.validation_docs import BASE

from flowdesk.cli.main import main


def write(path: Path, value: object) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    good = write(tmp_path / "good.json", BASE)
    warn = copy.deepcopy(BASE)
    warn["envConfig"]["env"]["AWS_KEY"] = "AKIAIOSFODNN7EXAMPLE"
    bad = copy.deepcopy(BASE)
    bad["graph"]["edges"].append({"id": "e9", "source": "end", "target": "ghost"})
    return {"good": good, "warn": write(tmp_path / "warn.json", warn),
            "bad": write(tmp_path / "bad.json", bad)}


def test_a_valid_file_prints_nothing_and_exits_0(files, capsys):
    assert main(["validate", files["good"]]) == 0
    assert capsys.readouterr().out == ""


def test_warnings_alone_exit_0(files, capsys):
    assert main(["validate", files["warn"]]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{files['warn']}: /envConfig/env/AWS_KEY: warning env.credential_like: "
                   "env 'AWS_KEY' looks like an AWS access key id; plain env values are stored and "
                   "shown in clear text, so move it to a secret reference instead"]


def test_errors_exit_1_with_one_line_per_problem(files, capsys):
    assert main(["validate", files["good"], files["bad"]]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{files['bad']}: edge e9 /graph/edges/5/source: error ")
    assert "end.outgoing" in lines[0]
    assert lines[1].startswith(f"{files['bad']}: edge e9 /graph/edges/5/target: error "
                               "edge.unknown_target: ")


def test_not_json_and_missing_files_are_errors_not_crashes(tmp_path, files, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"graph": ', encoding="utf-8")
    missing = tmp_path / "missing.json"
    assert main(["validate", str(broken), str(missing), files["good"]]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{broken}: /: error file.not_json: not JSON: ")
    assert "line 1" in lines[0]
    assert lines[1].startswith(f"{missing}: /: error file.unreadable: cannot read the file")


def test_json_that_is_not_a_version_document(tmp_path, capsys):
    path = write(tmp_path / "list.json", [1, 2])
    assert main(["validate", path]) == 1
    assert capsys.readouterr().out.strip() == (
        f"{path}: /: error structure.type: expected an object")


def test_json_format(files, capsys):
    assert main(["validate", "--format", "json", files["good"], files["bad"]]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in report] == [files["good"], files["bad"]]
    assert report[0] == {"file": files["good"], "valid": True, "problems": []}
    assert report[1]["valid"] is False
    assert report[1]["problems"][1] == {
        "severity": "error", "code": "edge.unknown_target",
        "location": {"pointer": "/graph/edges/5/target", "edgeId": "e9"},
        "message": "edge 'e9' leads to 'ghost', which is not a node of this graph",
    }


def test_extra_catalog_folder(tmp_path, capsys):
    doc = copy.deepcopy(BASE)
    doc["graph"]["nodes"][3]["actionId"] = "crm.note"
    doc["graph"]["nodes"][3]["config"] = {"text": "hi"}
    path = write(tmp_path / "doc.json", doc)
    folder = tmp_path / "actions"
    folder.mkdir()
    write(folder / "crm.note.json", {
        "id": "crm.note", "title": "CRM note", "category": "CRM", "icon": "database",
        "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}},
        "output": {"description": "the note"}})
    assert main(["validate", path]) == 1
    assert "action.unknown" in capsys.readouterr().out
    assert main(["validate", "--catalog", str(folder), path]) == 0


def test_runs_as_a_process(files):
    result = subprocess.run([sys.executable, "-m", "flowdesk", "validate", files["bad"]],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "edge.unknown_target" in result.stdout
