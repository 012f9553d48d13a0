"""Env diff: variables and secret references added, removed, changed."""

from __future__ import annotations

from flowdesk.model.changes import ABSENT, PropertyChange
from flowdesk.model.document import load_env_config
from flowdesk.model.env_diff import diff_env


def env(data: dict):
    return load_env_config(data)


def test_variables_added_removed_changed() -> None:
    old = env({"env": {"A": "1", "B": "2"}})
    new = env({"env": {"A": "1", "B": "3", "C": "4"}})
    ops = {(c.kind, c.id, c.op, c.old, c.new) for c in diff_env(old, new)}
    assert ops == {("env", "B", "changed", "2", "3"), ("env", "C", "added", ABSENT, "4")}
    [removed] = diff_env(new, old)[1:]
    assert (removed.id, removed.op, removed.pointer) == ("C", "removed", "/envConfig/env/C")


def test_secret_reference_fields_are_compared_never_values() -> None:
    old = env({"secrets": {"TOKEN": {"connectionId": "c1", "secretRefKey": "k"}}})
    new = env({"secrets": {"TOKEN": {"connectionId": "c2", "secretRefKey": "k"},
                           "OTHER": {"secretRefKey": "x"}}})
    changes = {c.id: c for c in diff_env(old, new)}
    assert changes["TOKEN"].kind == "secret" and changes["TOKEN"].op == "changed"
    assert changes["TOKEN"].properties == (PropertyChange("/connectionId", "c1", "c2"),)
    assert changes["OTHER"].op == "added" and changes["OTHER"].new == {"secretRefKey": "x"}
    assert changes["OTHER"].message == "secret reference OTHER added"


def test_moving_a_name_from_env_to_secrets_shows_both_sides() -> None:
    old = env({"env": {"KEY": "AKIA..."}, "secrets": {}})
    new = env({"env": {}, "secrets": {"KEY": {"connectionId": "aws"}}})
    assert {(c.kind, c.op) for c in diff_env(old, new)} == {("env", "removed"),
                                                             ("secret", "added")}


def test_missing_config_equals_nothing_declared() -> None:
    assert diff_env(None, None) == []
    changes = diff_env(None, env({"env": {"A": "1"}}))
    assert ("env", "A", "added") in {(c.kind, c.id, c.op) for c in changes}


def test_equal_configs_have_no_changes() -> None:
    data = {"env": {"A": "1"}, "secrets": {"S": {"connectionId": "c"}}}
    assert diff_env(env(data), env({"env": {"A": "1"}, "secrets": {"S": {"connectionId": "c"}}})) == []


def test_non_string_values_are_compared_as_json() -> None:
    [change] = diff_env(env({"env": {"N": 1}}), env({"env": {"N": True}}))
    assert (change.old, change.new) == (1, True)
