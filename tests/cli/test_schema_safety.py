"""Every command that applies a parameter schema stays safe on a hostile one.

A ReDoS pattern (``^(a+)+$`` on ``"a" * 40 + "!"``) used to hang validate,
merge, ``import --publish``, ``form --data`` and simulate for minutes; a
``$ref`` to http:// or file:// was fetched; a ``$ref`` loop passed validate
and broke every run. Each command now answers at once with the problem.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.ref_targets import counting_server, referring_schema, schema_file
from tests.support.storage import temporary_url, unique_name
from tests.support.validation_docs import fresh_doc

from flowdesk.cli.main import main
from flowdesk.model import safe_regex

EVIL = "^(a+)+$"
BACKREF = r"^(a|aa)+\1$"
ATTACK = "a" * 40 + "!"
# A hang (the bug) fails here within a minute instead of at the suite-wide limit.
pytestmark = pytest.mark.timeout(60)


@pytest.fixture(autouse=True)
def short_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_regex, "TIME_LIMIT_SECONDS", 0.1)


def write(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def doc_with(schema: dict[str, Any]) -> dict[str, Any]:
    doc = fresh_doc()
    doc["parameterSchema"] = schema
    return doc


def pattern_schema(pattern: str, default: str | None = ATTACK) -> dict[str, Any]:
    code: dict[str, Any] = {"type": "string", "pattern": pattern}
    if default is not None:
        code["default"] = default
    return {"type": "object", "properties": {"code": code, "customerId": {"type": "string"},
                                             "threshold": {"type": "number"}}}


@pytest.fixture(params=["http", "file"])
def ref_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "file":
        yield schema_file(tmp_path)
        return
    with counting_server() as server:
        yield server.url
        assert server.requests == []  # nothing reached the server


@pytest.mark.parametrize(("pattern", "says"), [
    (EVIL, "must match the pattern"), (BACKREF, "pattern at /parameterSchema/properties/code/pattern "
                                        "took too long"),
])
def test_validate(pattern: str, says: str, tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "flow.json", doc_with(pattern_schema(pattern)))
    assert main(["validate", file]) == 1
    out = capsys.readouterr().out
    assert "/parameterSchema/properties/code/default" in out and says in out


def test_validate_names_an_outside_ref(ref_target: str, tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "flow.json", doc_with(referring_schema(ref_target)))
    assert main(["validate", file]) == 1
    out = capsys.readouterr().out
    assert "/parameterSchema/properties/amount/$ref" in out and "never fetches" in out


def test_validate_reports_a_ref_loop(tmp_path: Path, capsys) -> None:
    loop = {"type": "object", "properties": {"x": {"$ref": "#/$defs/a"}},
            "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}
    assert main(["validate", write(tmp_path / "flow.json", doc_with(loop))]) == 1
    out = capsys.readouterr().out
    assert "/parameterSchema/$defs/b/$ref" in out and "loops back" in out


def test_merge(tmp_path: Path, capsys) -> None:
    base = fresh_doc()
    mine = doc_with(pattern_schema(EVIL))
    theirs = copy.deepcopy(base)
    theirs["envConfig"]["env"]["MODE"] = "x"
    files = [write(tmp_path / f"{n}.json", d)
             for n, d in (("base", base), ("mine", mine), ("theirs", theirs))]
    assert main(["merge", *files, "-o", str(tmp_path / "merged.json")]) == 0
    err = capsys.readouterr().err
    assert "/parameterSchema/properties/code/default" in err and "must match the pattern" in err


@pytest.mark.parametrize("pattern", [EVIL, BACKREF])
def test_import_publish_is_refused_promptly(pattern: str, tmp_path: Path, capsys) -> None:
    with temporary_url("sqlite", tmp_path) as url:
        assert main(["db", "upgrade", "--db", url]) == 0
        file = write(tmp_path / "flow.json", doc_with(pattern_schema(pattern)))
        code = main(["import", file, "--db", url, "--tenant", unique_name("t"),
                     "--key", "codes", "--publish"])
    err = capsys.readouterr().err
    assert code == 1
    assert "refused" in err and "/parameterSchema/properties/code/default" in err


@pytest.mark.parametrize(("pattern", "says"), [
    (EVIL, "must match the pattern"), (BACKREF, "took too long"),
])
def test_form_data(qapp, pattern: str, says: str, tmp_path: Path, capsys) -> None:
    schema = write(tmp_path / "schema.json", pattern_schema(pattern, default=None))
    assert main(["form", schema, "--data", json.dumps({"code": ATTACK})]) == 1
    out = capsys.readouterr().out
    assert "/code:" in out and says in out.lower()


def test_form_data_with_an_outside_ref(qapp, ref_target: str, tmp_path: Path, capsys) -> None:
    schema = write(tmp_path / "schema.json", referring_schema(ref_target))
    assert main(["form", schema, "--data", json.dumps({"amount": 5})]) == 1
    out = capsys.readouterr().out
    assert "/properties/amount/$ref" in out and "outside the schema" in out


@pytest.mark.parametrize("pattern", [EVIL, BACKREF])
def test_simulate(pattern: str, tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "flow.json", doc_with(pattern_schema(pattern, default=None)))
    params = json.dumps({"code": ATTACK, "customerId": "c1"})
    assert main(["simulate", file, "--params", params]) == 1
    err = capsys.readouterr().err
    assert "would not start" in err and "/code:" in err


def test_simulate_with_an_outside_ref(ref_target: str, tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "flow.json", doc_with(referring_schema(ref_target)))
    assert main(["simulate", file, "--params", '{"amount": 5, "customerId": "c1"}']) == 1
    err = capsys.readouterr().err
    assert "/properties/amount/$ref" in err and "points outside the schema" in err
