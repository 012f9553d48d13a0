"""``flowdesk merge``: merged document out, conflicts on stderr, exit 0/1/2."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from flowdesk.cli.main import main

BASE: dict[str, Any] = {
    "formatVersion": 1,
    "graph": {
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "fetch", "type": "action", "name": "Fetch", "actionId": "http.request",
             "config": {"method": "GET", "url": "https://a.example"}},
            {"id": "end", "type": "end"},
        ],
        "edges": [{"id": "e1", "source": "start", "target": "fetch"},
                  {"id": "e2", "source": "fetch", "target": "end"}],
    },
    "envConfig": {"env": {"REGION": "eu"}},
}


def write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def three(tmp_path: Path, mine_name: str, theirs_name: str) -> list[str]:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    mine["graph"]["nodes"][1]["name"] = mine_name
    theirs["graph"]["nodes"][1]["name"] = theirs_name
    theirs["envConfig"]["env"]["MODE"] = "x"
    return [write(tmp_path / "base.json", BASE), write(tmp_path / "mine.json", mine),
            write(tmp_path / "theirs.json", theirs)]


def test_clean_merge_writes_the_document_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["merge", *three(tmp_path, "Mine", "Fetch")]) == 0
    captured = capsys.readouterr()
    merged = json.loads(captured.out)
    assert merged["graph"]["nodes"][1]["name"] == "Mine"
    assert merged["envConfig"]["env"] == {"REGION": "eu", "MODE": "x"}
    assert "CONFLICT" not in captured.err


def test_conflicts_exit_1_listed_on_stderr_and_base_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    assert main(["merge", *three(tmp_path, "Mine", "Theirs"), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "CONFLICT node fetch /name: changed differently on both sides" in captured.err
    assert 'mine:   "Mine"' in captured.err and 'theirs: "Theirs"' in captured.err
    merged = json.loads(out.read_text(encoding="utf-8"))
    assert merged["graph"]["nodes"][1]["name"] == "Fetch"


def test_conflicts_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "merged.json"
    main(["merge", "--format", "json", *three(tmp_path, "Mine", "Theirs"), "-o", str(out)])
    report = json.loads(capsys.readouterr().err)
    [conflict] = report["conflicts"]
    assert conflict["id"] == "/graph/nodes/fetch/name"
    assert (conflict["base"], conflict["mine"], conflict["theirs"]) == ("Fetch", "Mine", "Theirs")


def test_merged_document_problems_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = copy.deepcopy(BASE)
    mine["graph"]["edges"].append({"id": "e3", "source": "end", "target": "start"})
    files = [write(tmp_path / "b.json", BASE), write(tmp_path / "m.json", mine),
             write(tmp_path / "t.json", BASE)]
    assert main(["merge", *files, "-o", str(tmp_path / "out.json")]) == 0
    assert "the merged document has" in capsys.readouterr().err


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = three(tmp_path, "a", "b")
    Path(files[1]).write_text('{"graph": []}', encoding="utf-8")
    assert main(["merge", *files]) == 2
    err = capsys.readouterr().err
    assert "mine.json" in err and "/graph" in err
