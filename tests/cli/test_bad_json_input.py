"""Every command that reads JSON refuses the same bad input the same way.

One line naming the file, what is wrong and where (JSON pointer, line/column
or byte offset), the command's bad-input exit status, and no traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.support.validation_docs import BASE

from flowdesk.cli.main import main
from flowdesk.model import json_input

_DOC = json.dumps(BASE)
_NODE_ID = BASE["graph"]["nodes"][0]["id"]


def _in_first_node(fragment: str) -> str:
    """The document with ``fragment`` (a JSON member) added to the first node."""
    head = f'"id": "{_NODE_ID}"'
    assert head in _DOC
    return _DOC.replace(head, f"{head}, {fragment}", 1)


# name -> (file content, what the message must say)
BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "nan": (_in_first_node('"bad": NaN').encode(), "NaN is not a JSON number at /graph/nodes/0/bad"),
    "infinity": (_in_first_node('"bad": -Infinity').encode(),
                 "-Infinity is not a JSON number at /graph/nodes/0/bad"),
    "overflow": (_in_first_node('"bad": 1e400').encode(),
                 "number 1e400 is out of range (it overflows to infinity) at /graph/nodes/0/bad"),
    "duplicate_key": (_in_first_node(f'"id": "{_NODE_ID}"').encode(),
                      "duplicate key 'id' at /graph/nodes/0/id"),
    "huge_integer": (_in_first_node('"bad": ' + "9" * 5000).encode(),
                     "integer of 5,000 digits (more than 4,300) at /graph/nodes/0/bad"),
    "deep": (_in_first_node('"bad": ' + "[" * 1200 + "]" * 1200).encode(),
             "nested deeper than 100 levels at "),  # a line and column, or a pointer
    "very_deep": (_in_first_node('"bad": ' + "[" * 200_000 + "]" * 200_000).encode(),
                  "nested deeper than 100 levels at line 1, column"),
    "invalid_utf8": (_DOC.encode().replace(b'"graph"', b'"gr\xe9ph"', 1),
                     "not UTF-8 text: byte 0xe9 at offset"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data: byte 0x89 at offset 0"),
    "syntax": (b'{"graph": {"nodes": [}}', "not JSON: line 1, column 22"),
    "too_large": (_DOC.encode() + b" " * 4000, "too large: "),
}

# command name -> (argv for a file, the exit status for bad input, which stream says it)
Command = Callable[[str, Path], list[str]]
COMMANDS: dict[str, tuple[Command, int, str]] = {
    "validate": (lambda f, tmp: ["validate", f], 1, "out"),
    "diff": (lambda f, tmp: ["diff", _good(tmp), f], 2, "err"),
    "merge": (lambda f, tmp: ["merge", _good(tmp), f, _good(tmp)], 2, "err"),
    "simulate": (lambda f, tmp: ["simulate", f], 2, "err"),
    "simulate --params": (lambda f, tmp: ["simulate", _good(tmp), "--params", "@" + f], 2, "err"),
    "render": (lambda f, tmp: ["render", f, "-o", str(tmp / "out.png")], 2, "err"),
    "form": (lambda f, tmp: ["form", f], 2, "err"),
    "form --data": (lambda f, tmp: ["form", _schema(tmp), "--data", "@" + f], 2, "err"),
    "import": (lambda f, tmp: ["import", f, "--db", str(tmp / "ws.db"), "--tenant", "acme",
                               "--key", "k"], 1, "err"),
}


def _good(tmp: Path) -> str:
    path = tmp / "good.json"
    path.write_text(_DOC, encoding="utf-8")
    return str(path)


def _schema(tmp: Path) -> str:
    path = tmp / "schema.json"
    path.write_text('{"type": "object"}', encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("bad", list(BAD_INPUTS))
def test_bad_json_gets_one_line_naming_the_file_what_and_where(
    command: str, bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content, expected = BAD_INPUTS[bad]
    if bad == "too_large":
        monkeypatch.setattr(json_input, "MAX_DOCUMENT_BYTES", len(content) - 100)
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    argv, status, stream = COMMANDS[command]
    assert main(argv(str(path), tmp_path)) == status
    captured = capsys.readouterr()
    said = (captured.out if stream == "out" else captured.err).strip()
    lines = [line for line in said.splitlines() if str(path) in line]
    assert len(lines) == 1, said
    assert expected in lines[0]
    assert "Traceback" not in captured.err
    if command == "import":  # refused before the workspace is even opened
        assert not (tmp_path / "ws.db").exists()


@pytest.mark.parametrize("value", ["NaN", "1e400", '{"a": 1, "a": 2}', "[" * 500 + "]" * 500])
def test_inline_params_are_read_as_strictly_as_files(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", _good(tmp_path), "--params", value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("flowdesk simulate: --params: ")
    assert "\n" not in err
