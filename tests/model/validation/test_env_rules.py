"""The env config: names, clashes, secret references, credential-like values."""

from __future__ import annotations

import pytest
from tests.support.validation_docs import only

from flowdesk.model.problems import Severity
from flowdesk.model.validation import validate
from flowdesk.model.validation.env import credential_shape


def test_env_names_are_upper_snake(doc):
    doc["envConfig"]["env"]["api-url"] = "https://x"
    p = only(validate(doc), "env.name_invalid")
    assert p.location.pointer == "/envConfig/env/api-url" and "'api-url'" in p.message


def test_secret_names_are_upper_snake(doc):
    doc["envConfig"]["secrets"]["9KEY"] = {"connectionId": "c"}
    assert only(validate(doc), "env.name_invalid").location.pointer == "/envConfig/secrets/9KEY"


def test_names_are_unique_across_env_and_secrets(doc):
    doc["envConfig"]["env"]["CRM_TOKEN"] = "x"
    p = only(validate(doc), "env.name_clash")
    assert p.location.pointer == "/envConfig/secrets/CRM_TOKEN"


@pytest.mark.parametrize("key", ["value", "password", "token", "secret"])
def test_secret_entries_never_hold_a_value(doc, key):
    doc["envConfig"]["secrets"]["CRM_TOKEN"][key] = "hunter2"
    p = only(validate(doc), "env.secret_has_value")
    assert p.location.pointer == f"/envConfig/secrets/CRM_TOKEN/{key}"
    assert "never holds the value" in p.message


def test_secret_needs_a_connection_or_key(doc):
    doc["envConfig"]["secrets"]["CRM_TOKEN"] = {"description": "CRM"}
    p = only(validate(doc), "env.secret_without_ref")
    assert p.location.pointer == "/envConfig/secrets/CRM_TOKEN"


CREDENTIALS = {
    "AWS_ID": "AKIAIOSFODNN7EXAMPLE",
    "GH": "ghp_" + "a1B2c3D4" * 5,
    "GH_FINE": "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
    "STRIPE": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "STRIPE_R": "rk_live_51H8abcdEFGHijkl",
    "SLACK": "xoxb-123456789012-abcdefghijkl",
    "JWT": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "PEM": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
    "RANDOM": "Zx8vQ2mT9pL4rK7wN3bY6cH1jF5dG0sA",
    "DSN": "postgres://app:s3cret@db.internal:5432/app",
}


@pytest.mark.parametrize("name", sorted(CREDENTIALS))
def test_credential_like_values_are_warnings(doc, name):
    doc["envConfig"]["env"][name] = CREDENTIALS[name]
    p = only(validate(doc), "env.credential_like")
    assert p.severity is Severity.WARNING
    assert p.location.pointer == f"/envConfig/env/{name}"
    assert "secret reference instead" in p.message


ORDINARY = [
    "eu-west-1", "https://api.example.com/v2/customers", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    "arn:aws:sqs:eu-west-1:123456789012:orders", "production", "8080", "true",
    "/var/lib/flowdesk/exports", "com.example.orders.worker", "ops-team@example.com",
    "my-service-production-cluster-01", "2026-01-31T12:00:00Z",
]


@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_values_are_not_flagged(doc, value):
    doc["envConfig"]["env"]["SETTING"] = value
    assert validate(doc) == []
    assert credential_shape(value) is None


def test_credential_names_with_values_are_flagged(doc):
    doc["envConfig"]["env"]["DB_PASSWORD"] = "correct horse"
    p = only(validate(doc), "env.credential_like")
    assert "named like a credential" in p.message
