"""Structural check of a version document against the format's JSON Schema.

``resources/schemas/version-document.schema.json`` is the authority (the
platform's API and runner validate with the same file). Running ``jsonschema``
over every node of a 5,000-node graph costs most of a second, so nodes, edges
and notes that pass a quick, strictly narrower Python check skip the schema;
only items that fail it (and the document's envelope) are given to
``jsonschema``, which then produces the detailed problems. Rules the schema
shares with more specific checks (node id pattern, env names, secret
references) are left to those checks, which say it better.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from flowdesk.model.plain_messages import plain_error
from flowdesk.model.problems import Location, Problem, error, join_pointer, warning
from flowdesk.model.resources import load_json_resource
from flowdesk.model.schema_engine import REGISTRY

SCHEMA_FILE = ("schemas", "version-document.schema.json")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_NODE_TYPES = frozenset({"start", "end", "action", "condition", "parallel", "join"})
_NODE_KEYS = frozenset({"id", "type", "name", "actionId", "config", "position", "mode"})
_SIMPLE = frozenset({"always", "onSuccess", "onFailure", "otherwise"})
_ITEMS = ("nodes", "edges", "notes")
_SECRET_ENTRY = re.compile(r"^/envConfig/secrets/[^/]+$")


def format_schema() -> dict[str, Any]:
    """The format's JSON Schema (parsed once; read-only)."""
    return load_json_resource(*SCHEMA_FILE)


@cache
def _validator(definition: str | None) -> Draft202012Validator:
    root = format_schema()
    if definition is None:
        return Draft202012Validator(root, registry=REGISTRY)
    part = {"$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(part, registry=REGISTRY)


def check_structure(value: Any) -> list[Problem]:
    """Problems with the shape of ``value`` as a format-1 version document."""
    if not isinstance(value, dict):
        return _convert(_validator(None).iter_errors(value), "")
    envelope, items = _split(value)
    problems = _convert(_validator(None).iter_errors(envelope), "")
    for kind, index, item in items:
        if not _looks_fine(kind, item):
            pointer = join_pointer("graph", kind, index)
            problems.extend(_convert(_validator(kind[:-1]).iter_errors(item), pointer, item))
    return problems


def _split(doc: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, int, Any]]]:
    """The document with empty item lists, and the items to check one by one."""
    graph = doc.get("graph")
    if not isinstance(graph, dict):
        return doc, []
    slim = dict(graph)
    items: list[tuple[str, int, Any]] = []
    for kind in _ITEMS:
        if isinstance(graph.get(kind), list):
            slim[kind] = []
            items.extend((kind, i, item) for i, item in enumerate(graph[kind]))
    return {**doc, "graph": slim}, items


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _position_fine(p: Any) -> bool:
    return isinstance(p, dict) and len(p) == 2 and _is_number(p.get("x")) and _is_number(p.get("y"))


def _looks_fine(kind: str, item: Any) -> bool:
    """A fast check that implies the schema accepts ``item`` (never the other way round)."""
    if not isinstance(item, dict):
        return False
    if kind == "nodes":
        node_type = item.get("type")
        if not isinstance(node_type, str) or node_type not in _NODE_TYPES or not item.keys() <= _NODE_KEYS:
            return False
        if not isinstance(item.get("id"), str) or not _ID.match(item["id"]):
            return False
        if "name" in item and not isinstance(item["name"], str):
            return False
        if "position" in item and not _position_fine(item["position"]):
            return False
        if node_type == "action":
            action_id = item.get("actionId")
            if not isinstance(action_id, str) or not action_id:
                return False
            if "config" in item and not isinstance(item["config"], dict):
                return False
        elif "actionId" in item or "config" in item:
            return False
        mode = item.get("mode")
        return "mode" not in item or (node_type == "join" and mode in ("all", "any"))
    if kind == "edges":
        if not item.keys() <= {"id", "source", "target", "condition"}:
            return False
        for key in ("id", "source", "target"):
            v = item.get(key)
            if not isinstance(v, str) or not v:
                return False
        if "condition" not in item:
            return True
        c = item["condition"]
        if isinstance(c, str):
            return c in _SIMPLE
        return (
            isinstance(c, dict) and len(c) == 1 and isinstance(c.get("expression"), str)
            and bool(c["expression"])
        )
    if not item.keys() <= {"id", "text", "position"}:
        return False
    if not isinstance(item.get("id"), str) or not item["id"] or not isinstance(item.get("text"), str):
        return False
    return "position" not in item or _position_fine(item["position"])


# --------------------------------------------------------------- conversion


def _skipped(err: ValidationError, pointer: str) -> bool:
    """Errors a more specific rule reports with a better message."""
    if err.validator == "pattern" and pointer.endswith("/id") and "/graph/nodes/" in pointer:
        return True  # graph.node_id_invalid
    if err.validator == "propertyNames" or (
        err.validator == "pattern" and "/envConfig/" in pointer
    ):
        return True  # env.name_invalid
    if err.validator == "anyOf" and pointer.endswith("/condition"):
        c = err.instance
        if isinstance(c, dict) and set(c) == {"expression"} and isinstance(c["expression"], str):
            return True  # an empty expression: cel.syntax says so
    if err.validator == "additionalProperties" and _SECRET_ENTRY.match(pointer):
        return True  # env.secret_unknown_key / env.secret_has_value: errors, not warnings
    return err.validator == "anyOf" and pointer.startswith("/envConfig/secrets/")  # env.secret_*


def _convert(errors: Iterator[ValidationError], prefix: str, item: Any = None) -> list[Problem]:
    problems = []
    for err in errors:
        pointer = prefix + join_pointer(*err.absolute_path)
        if _skipped(err, pointer):
            continue
        location = _location(pointer, item)
        if err.validator == "additionalProperties":
            for key in _unexpected_keys(err):
                problems.append(warning(
                    "structure.unknown_key", _location(pointer + join_pointer(key), item),
                    f"{key!r} is not part of the format; the runner ignores it",
                ))
            continue
        code, message = _describe(err, pointer)
        problems.append(error(code, location, message))
    return problems


def _location(pointer: str, item: Any) -> Location:
    """Name the node/edge/note when the pointer is inside one with a string id."""
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "graph" and parts[2] in _ITEMS and isinstance(item, dict):
        item_id = item.get("id")
        if isinstance(item_id, str):
            kind = parts[2]
            return Location(
                pointer,
                node_id=item_id if kind == "nodes" else None,
                edge_id=item_id if kind == "edges" else None,
                note_id=item_id if kind == "notes" else None,
            )
    return Location(pointer)


def _unexpected_keys(err: ValidationError) -> list[str]:
    allowed = set(err.schema.get("properties", {}))
    instance = err.instance if isinstance(err.instance, dict) else {}
    return sorted(k for k in instance if k not in allowed)


_TYPE_WORDS = {
    "object": "an object", "array": "an array", "string": "a string", "number": "a number",
    "integer": "an integer", "boolean": "true or false", "null": "null",
}


def _describe(err: ValidationError, pointer: str) -> tuple[str, str]:
    keyword = err.validator
    if keyword == "required":
        missing = _missing_key(err)
        return "structure.missing", f"{missing!r} is required here"
    if keyword == "type":
        expected = err.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return "structure.type", f"expected {words}"
    if keyword == "const":
        return "structure.value", f"must be {err.validator_value!r} (this is format 1)"
    if keyword == "enum":
        choices = ", ".join(repr(c) for c in err.validator_value)
        return "structure.value", f"{err.instance!r} is not one of {choices}"
    if pointer.endswith("/condition") or "/condition/" in pointer:
        return "structure.value", (
            'an edge condition is "always", "onSuccess", "onFailure", "otherwise" '
            'or {"expression": "<CEL>"}'
        )
    if keyword in ("if", "then", "else", "not", "allOf"):
        return "structure.value", _node_rule_message(err)
    if keyword == "minLength":
        return "structure.value", "must not be empty"
    return "structure.value", plain_error(err)


def _missing_key(err: ValidationError) -> str:
    """The key a ``required`` error is about (jsonschema reports one error per key)."""
    return missing_key(err) or err.message


def missing_key(err: ValidationError) -> str:
    instance = err.instance if isinstance(err.instance, dict) else {}
    for key in err.validator_value if isinstance(err.validator_value, list) else []:
        if isinstance(key, str) and key not in instance and err.message.startswith(repr(key)):
            return key
    return ""


def _node_rule_message(err: ValidationError) -> str:
    instance = err.instance if isinstance(err.instance, dict) else {}
    node_type = instance.get("type")
    if node_type == "action":
        return "an action node needs an actionId"
    if "mode" in instance and node_type != "join":
        return f"only join nodes have a mode (this node is {node_type!r})"
    return f"actionId and config belong to action nodes (this node is {node_type!r})"
