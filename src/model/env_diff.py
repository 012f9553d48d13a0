"""What changed in the env config: plain variables and secret references.

Env variables are compared by value; secret references by their fields
(connection, key, description), never by a value, which Flowdesk does not know.
"""

from __future__ import annotations

from collections.abc import Mapping

from flowdesk.model.changes import ABSENT, Change, Json, PropertyChange, json_changes, json_equal
from flowdesk.model.document import EnvConfig, SecretRef, dump_secret_ref
from flowdesk.model.problems import escape_pointer_token


def diff_env(old: EnvConfig | None, new: EnvConfig | None) -> list[Change]:
    """Env variables and secret references added, removed or changed (``kind`` env/secret)."""
    old_env: Mapping[str, Json] = (old.env if old is not None else None) or {}
    new_env: Mapping[str, Json] = (new.env if new is not None else None) or {}
    old_sec: Mapping[str, SecretRef] = (old.secrets if old is not None else None) or {}
    new_sec: Mapping[str, SecretRef] = (new.secrets if new is not None else None) or {}
    out: list[Change] = []
    for name, old_value, new_value in _pairs(old_env, new_env):
        pointer = f"/envConfig/env/{escape_pointer_token(name)}"
        if old_value is ABSENT:
            out.append(Change("env", name, "added", (PropertyChange("", ABSENT, new_value),),
                              ABSENT, new_value, pointer, message=f"env {name} added"))
        elif new_value is ABSENT:
            out.append(Change("env", name, "removed", (PropertyChange("", old_value, ABSENT),),
                              old_value, ABSENT, pointer, message=f"env {name} removed"))
        elif not json_equal(old_value, new_value):
            out.append(Change("env", name, "changed", (PropertyChange("", old_value, new_value),),
                              old_value, new_value, pointer, message=f"env {name} changed"))
    for name, old_ref, new_ref in _pairs(old_sec, new_sec):
        pointer = f"/envConfig/secrets/{escape_pointer_token(name)}"
        old_json = dump_secret_ref(old_ref) if old_ref is not ABSENT else ABSENT
        new_json = dump_secret_ref(new_ref) if new_ref is not ABSENT else ABSENT
        if old_json is ABSENT:
            out.append(Change("secret", name, "added", (), ABSENT, new_json, pointer,
                              message=f"secret reference {name} added"))
        elif new_json is ABSENT:
            out.append(Change("secret", name, "removed", (), old_json, ABSENT, pointer,
                              message=f"secret reference {name} removed"))
        elif old_ref is not new_ref:
            props = json_changes(old_json, new_json)
            if props:
                out.append(Change("secret", name, "changed", tuple(props), old_json, new_json,
                                  pointer, message=f"secret reference {name} changed"))
    out.extend(_extra(old, new))
    return out


def _pairs(
    old: Mapping[str, Json], new: Mapping[str, Json]
) -> list[tuple[str, Json, Json]]:
    """(name, old, new) for every name on either side: new order first, then the removed."""
    out = [(name, old.get(name, ABSENT), value) for name, value in new.items()]
    out.extend((name, value, ABSENT) for name, value in old.items() if name not in new)
    return out


def _extra(old: EnvConfig | None, new: EnvConfig | None) -> list[Change]:
    """Presence of the config itself, of its two maps, and unknown keys kept losslessly."""
    out: list[Change] = []
    old_shape = _shape(old)
    new_shape = _shape(new)
    for prop in json_changes(old_shape, new_shape):
        out.append(Change("document", "/envConfig" + prop.pointer, "changed", (prop,), prop.old,
                          prop.new, "/envConfig" + prop.pointer))
    return out


def _shape(env: EnvConfig | None) -> Json:
    if env is None:
        return ABSENT
    shape: dict[str, Json] = dict(env.extra)
    if env.env is not None:
        shape["env"] = {}
    if env.secrets is not None:
        shape["secrets"] = {}
    return shape
