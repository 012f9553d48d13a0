"""A secret entry holds only its documented keys; credentials anywhere in envConfig are flagged.

graph-format.md: a secret entry names ``connectionId`` and/or ``secretRefKey``
(plus a ``description``) and never holds a value. ``data``, ``secretValue``,
``val`` or a nested object used to pass with only an "unknown key" warning, and
a token pasted into ``connectionId``/``secretRefKey``/``description`` passed
silently.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.validation_docs import fresh_doc

from flowdesk.model.document import load
from flowdesk.model.env_editing import check
from flowdesk.model.problems import Severity
from flowdesk.model.validation import validate

GITHUB = "ghp_" + "a1B2c3D4" * 5
JWT = ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
       "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")
SLACK = "xoxb-123456789012-abcdefghijkl"
AWS = "AKIAIOSFODNN7EXAMPLE"
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"


def problems(doc: dict[str, Any]) -> list[Any]:
    return [p for p in validate(load(doc)) if p.location.pointer.startswith("/envConfig")]


@pytest.mark.parametrize(("key", "value"), [
    ("data", "hunter2"), ("secretValue", "hunter2"), ("val", "hunter2"),
    ("value", {"nested": {"deeper": "hunter2"}}), ("extra", ["a", "b"]), ("connection", "c0a8"),
])
def test_any_undocumented_key_is_an_error_at_its_pointer(key: str, value: Any) -> None:
    doc = fresh_doc()
    doc["envConfig"]["secrets"]["CRM_TOKEN"][key] = value
    found = problems(doc)
    assert [(p.severity, p.location.pointer) for p in found] == [
        (Severity.ERROR, f"/envConfig/secrets/CRM_TOKEN/{key}")]
    assert "never holds the value" in found[0].message
    assert repr(key) in found[0].message


@pytest.mark.parametrize("field", ["connectionId", "secretRefKey", "description"])
@pytest.mark.parametrize("token", [GITHUB, JWT, SLACK, AWS, PEM], ids=[
    "github", "jwt", "slack", "aws", "pem"])
def test_a_token_in_a_secret_field_is_an_error(field: str, token: str) -> None:
    doc = fresh_doc()
    text = f"CRM token {token}" if field == "description" else token
    doc["envConfig"]["secrets"]["CRM_TOKEN"][field] = text
    found = problems(doc)
    assert [(p.code, p.severity, p.location.pointer) for p in found] == [
        ("env.secret_has_value", Severity.ERROR, f"/envConfig/secrets/CRM_TOKEN/{field}")]


def test_a_random_string_in_a_description_is_a_warning() -> None:
    doc = fresh_doc()
    doc["envConfig"]["secrets"]["CRM_TOKEN"]["description"] = "key Zx8vQ2mT9pL4rK7wN3bY6cH1jF5dG0sA"
    found = problems(doc)
    assert [(p.code, p.severity) for p in found] == [("env.credential_like", Severity.WARNING)]
    assert found[0].location.pointer == "/envConfig/secrets/CRM_TOKEN/description"


@pytest.mark.parametrize(("field", "text"), [
    ("connectionId", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
    ("connectionId", "crm-production"),
    ("connectionId", "clx1abc2d0000qwer1234tyui"),
    ("secretRefKey", "api_token"),
    ("secretRefKey", "SLACK_BOT_TOKEN"),
    ("secretRefKey", "password"),
    ("description", "Token for the CRM API (rotated every 90 days by ops-team@example.com)"),
    ("description", "GitHub token with repo scope; see https://wiki.example.com/tokens"),
])
def test_ordinary_references_stay_quiet(field: str, text: str) -> None:
    doc = fresh_doc()
    doc["envConfig"]["secrets"]["CRM_TOKEN"][field] = text
    assert problems(doc) == []


def test_credentials_under_unknown_env_config_keys_are_flagged() -> None:
    doc = fresh_doc()
    doc["envConfig"]["defaults"] = {"github": {"token": GITHUB}, "db": {"dbPassword": "hunter22!"},
                                   "region": "eu-west-1", "retries": ["3", "eu-central-1"]}
    found = [p for p in problems(doc) if p.code == "env.credential_like"]
    assert sorted(p.location.pointer for p in found) == [
        "/envConfig/defaults/db/dbPassword", "/envConfig/defaults/github/token"]
    assert all(p.severity is Severity.WARNING for p in found)


def test_the_env_editor_marks_the_secret_row() -> None:
    doc = fresh_doc()
    doc["envConfig"]["secrets"]["CRM_TOKEN"]["connectionId"] = AWS
    doc["envConfig"]["secrets"]["CRM_TOKEN"]["data"] = "x"
    issues = check(load(doc).env_config, None)
    assert [i.severity for i in issues.for_cell("secrets", "CRM_TOKEN", "connection")] == ["error"]
    assert [i.severity for i in issues.for_cell("secrets", "CRM_TOKEN", "name")] == ["error"]


@pytest.mark.parametrize("group", ["env", "secrets"])
def test_a_token_used_as_a_name_is_flagged(group: str) -> None:
    doc = fresh_doc()
    doc["envConfig"][group][AWS] = "eu-west-1" if group == "env" else {"secretRefKey": "aws"}
    found = problems(doc)
    assert [(p.code, p.location.pointer) for p in found] == [
        ("env.credential_like", f"/envConfig/{group}/{AWS}")]
