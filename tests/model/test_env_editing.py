"""Env and secret reference editing: names, clashes, credential warnings, make-secret."""

from __future__ import annotations

import json

import pytest

from flowdesk.model.document import EnvConfig, SecretRef, dump_env_config, load_env_config
from flowdesk.model.env_editing import (
    Connection,
    add_env,
    add_secret,
    check,
    credential_warning,
    env_rows,
    fresh_name,
    make_secret_reference,
    name_problem,
    remove_env,
    remove_secret,
    rename_env,
    rename_secret,
    secret_rows,
    set_env_value,
    unresolved_connections,
    update_secret,
)
from flowdesk.model.errors import EditError

STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
CONNECTIONS = [Connection("c-crm", "CRM", "http"), Connection("c-db", "Billing DB", "postgres")]


@pytest.fixture
def config() -> EnvConfig:
    return load_env_config({
        "env": {"REGION": "eu-west-1", "STRIPE_KEY": STRIPE, "lower": "x"},
        "secrets": {
            "CRM_TOKEN": {"connectionId": "c-crm", "secretRefKey": "api_token",
                          "description": "CRM API token", "x-note": "kept"},
            "OLD_DB": {"connectionId": "c-gone"},
            "REGION": {"secretRefKey": "region"},
        },
        "x-extra": 1,
    })


def test_rows_read_both_tables_in_order(config: EnvConfig) -> None:
    assert [(r.name, r.value) for r in env_rows(config)][0] == ("REGION", "eu-west-1")
    assert [r.name for r in secret_rows(config)] == ["CRM_TOKEN", "OLD_DB", "REGION"]
    crm = secret_rows(config)[0]
    assert (crm.connection_id, crm.secret_key, crm.description) == (
        "c-crm", "api_token", "CRM API token")
    assert env_rows(None) == [] and secret_rows(EnvConfig()) == []


def test_name_validation() -> None:
    assert name_problem("API_BASE_URL") is None
    assert name_problem("_X1") is None
    assert "not a valid name" in name_problem("api-url")
    assert "not a valid name" in name_problem("1ABC")
    assert name_problem("") == "a name is needed"


def test_check_marks_invalid_names_clashes_credentials_and_unresolved(config: EnvConfig) -> None:
    issues = check(config, CONNECTIONS)
    assert [i.column for i in issues.for_row("env", "lower")] == ["name"]
    # REGION is both an env variable and a secret: both rows are marked
    assert "unique across both" in issues.for_cell("env", "REGION", "name")[0].message
    assert "unique across both" in issues.for_cell("secrets", "REGION", "name")[0].message
    (cred,) = issues.for_cell("env", "STRIPE_KEY", "value")
    assert cred.severity == "warning" and "Stripe key" in cred.message
    (unresolved,) = issues.for_cell("secrets", "OLD_DB", "connection")
    assert "c-gone" in unresolved.message and "unresolved" in unresolved.message
    (extra,) = issues.for_row("secrets", "CRM_TOKEN")  # only its undocumented key
    assert extra.severity == "error" and "'x-note'" in extra.message
    assert issues.for_row("env", "REGION")[0].severity == "error"
    # without a connection list, no unresolved marks
    assert check(config, None).for_cell("secrets", "OLD_DB", "connection") == []


def test_secret_without_connection_or_key_is_flagged() -> None:
    config = add_secret(None, "EMPTY")
    (issue,) = check(config, CONNECTIONS).for_row("secrets", "EMPTY")
    assert issue.column == "connection"


def test_unresolved_connections(config: EnvConfig) -> None:
    assert unresolved_connections(config, CONNECTIONS) == ["OLD_DB"]
    assert unresolved_connections(config, []) == ["CRM_TOKEN", "OLD_DB"]


def test_credential_warning_uses_validation_detector() -> None:
    assert "Stripe key" in credential_warning("KEY", STRIPE)
    assert credential_warning("REGION", "eu-west-1") is None
    assert credential_warning("BASE_URL", "https://api.example.com/v1") is None


def test_env_edits_return_new_configs_and_keep_order(config: EnvConfig) -> None:
    new = add_env(config, "DEBUG", "1", index=1)
    assert list(new.env) == ["REGION", "DEBUG", "STRIPE_KEY", "lower"]
    assert list(config.env) == ["REGION", "STRIPE_KEY", "lower"]  # unchanged
    new = rename_env(new, "lower", "LOWER")
    assert list(new.env)[-1] == "LOWER"
    new = set_env_value(new, "DEBUG", "0")
    assert new.env["DEBUG"] == "0"
    new = remove_env(new, "DEBUG")
    assert "DEBUG" not in new.env
    assert new.extra == {"x-extra": 1}
    with pytest.raises(EditError, match="already an env variable named REGION"):
        rename_env(config, "lower", "REGION")
    with pytest.raises(EditError, match="already an env variable named REGION"):
        add_env(config, "REGION")
    with pytest.raises(EditError, match="no env variable named NOPE"):
        remove_env(config, "NOPE")


def test_secret_edits_keep_unknown_keys(config: EnvConfig) -> None:
    new = update_secret(config, "CRM_TOKEN", connection_id="c-db", description="")
    ref = new.secrets["CRM_TOKEN"]
    assert ref == SecretRef("c-db", "api_token", None, {"x-note": "kept"})
    new = rename_secret(new, "CRM_TOKEN", "CRM_API")
    assert list(new.secrets) == ["CRM_API", "OLD_DB", "REGION"]
    assert new.secrets["CRM_API"].extra == {"x-note": "kept"}
    new = remove_secret(new, "OLD_DB")
    assert list(new.secrets) == ["CRM_API", "REGION"]
    with pytest.raises(EditError, match="already a secret reference named REGION"):
        rename_secret(config, "OLD_DB", "REGION")


def test_make_secret_reference_drops_the_value(config: EnvConfig) -> None:
    new = make_secret_reference(config, "STRIPE_KEY", connection_id="c-db")
    assert "STRIPE_KEY" not in new.env
    ref = new.secrets["STRIPE_KEY"]
    assert (ref.connection_id, ref.secret_ref_key) == ("c-db", "stripe_key")
    assert STRIPE not in json.dumps(dump_env_config(new))
    assert check(new, CONNECTIONS).for_row("secrets", "STRIPE_KEY") == []
    with pytest.raises(EditError, match="already a secret reference named REGION"):
        make_secret_reference(config, "REGION")


def test_fresh_name_avoids_both_tables(config: EnvConfig) -> None:
    assert fresh_name(config, "REGION") == "REGION_2"
    assert fresh_name(None) == "NEW_VARIABLE"
