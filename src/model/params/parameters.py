"""The parameter list an author edits, read from and written back to a JSON Schema.

A workflow's parameters are the ``properties`` of its root object schema. This
module gives the editor a list view of them (name, type, title, required, ...)
and edit operations that each return a NEW schema dict. The schema stays the
source of truth: an operation touches only the keywords it is about, so
keywords Flowdesk does not understand (``$comment``, ``x-ui``, ``allOf``, ...)
survive every edit unchanged.

The parameter order is the ``x-flowdesk-order`` keyword of the object schema
(see :mod:`flowdesk.model.property_order`), because stored documents do not keep
JSON key order. Adding, removing, renaming and moving parameters write it (and
also keep ``properties`` in that order, so the raw JSON reads naturally);
reading honours it, with unlisted properties after the listed ones.

Nested parameters are addressed by the JSON pointer of the object schema that
holds them: ``""`` is the root, ``"/properties/address"`` a nested object and
``"/properties/items/items"`` the object items of an array.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from flowdesk.model.errors import EditError
from flowdesk.model.problems import escape_pointer_token
from flowdesk.model.property_order import (
    ORDER_KEYWORD,
    declared_order,
    ordered_names,
    ordered_properties,
)

Json = Any
JsonObject = dict[str, Any]

PARAMETER_TYPES: Final = ("string", "number", "integer", "boolean", "object", "array", "null")
STRING_FORMATS: Final = ("", "date", "date-time", "time", "email", "uri", "uuid")
# Constraint keywords per type: they are edited in the detail form and dropped
# when the type changes to one they do not apply to.
CONSTRAINTS: Final[Mapping[str, tuple[str, ...]]] = {
    "string": ("minLength", "maxLength", "pattern"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "integer": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "array": ("minItems", "maxItems", "uniqueItems"),
    "object": ("minProperties", "maxProperties"),
}
_TYPE_ONLY_KEYWORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "string": ("minLength", "maxLength", "pattern", "format"),
    "number": CONSTRAINTS["number"],
    "integer": CONSTRAINTS["integer"],
    "array": ("minItems", "maxItems", "uniqueItems", "items", "prefixItems", "contains"),
    "object": ("minProperties", "maxProperties", "properties", "required",
               "additionalProperties", "patternProperties"),
}
PARAMETER_NAME_RE: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Delete:
    """Marker for :func:`update_parameter`: remove this keyword."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Final = _Delete()


@dataclass(frozen=True, slots=True)
class Parameter:
    """One property of an object schema, as the parameter list shows it."""

    name: str
    schema: Json = field(compare=False)
    required: bool = False
    container: str = ""

    @property
    def pointer(self) -> str:
        """JSON pointer of this parameter's own schema."""
        return f"{self.container}/properties/{escape_pointer_token(self.name)}"

    def _get(self, key: str, default: Any = None) -> Any:
        return self.schema.get(key, default) if isinstance(self.schema, dict) else default

    @property
    def type(self) -> str | None:
        """The first non-null type (a type list ``["string", "null"]`` is a nullable string)."""
        return schema_type(self.schema)

    @property
    def nullable(self) -> bool:
        t = self._get("type")
        return isinstance(t, list) and "null" in t and len(t) > 1

    @property
    def title(self) -> str | None:
        return self._get("title")

    @property
    def description(self) -> str | None:
        return self._get("description")

    @property
    def has_default(self) -> bool:
        return isinstance(self.schema, dict) and "default" in self.schema

    @property
    def default(self) -> Json:
        return self._get("default")

    @property
    def enum(self) -> list[Json] | None:
        values = self._get("enum")
        return list(values) if isinstance(values, list) else None

    @property
    def format(self) -> str | None:
        value = self._get("format")
        return value if isinstance(value, str) else None

    @property
    def constraints(self) -> dict[str, Json]:
        """The constraint keywords of this parameter's type that are set."""
        keys = CONSTRAINTS.get(self.type or "", ())
        return {k: self.schema[k] for k in keys if isinstance(self.schema, dict) and k in self.schema}

    @property
    def children_container(self) -> str | None:
        """Pointer of the object schema holding nested parameters, if there is one."""
        if self.type == "object":
            return self.pointer
        items = self._get("items")
        if self.type == "array" and schema_type(items) == "object":
            return f"{self.pointer}/items"
        return None

    @property
    def item_type(self) -> str | None:
        return schema_type(self._get("items")) if self.type == "array" else None

    @property
    def label(self) -> str:
        """What the list shows: the type, ``[]`` for arrays, ``?`` when nullable, the format."""
        t = self.type or "any"
        if t == "array":
            t = f"{self.item_type or 'any'}[]"
        if self.nullable:
            t += "?"
        return f"{t} · {self.format}" if self.format and self.type == "string" else t


def same_schema(a: Json, b: Json) -> bool:
    """Equal including key order (``==`` on dicts ignores order, but property order
    is the parameter order)."""
    return a == b and json.dumps(a) == json.dumps(b)


def schema_type(schema: Json) -> str | None:
    """The type a schema declares (first non-null entry of a list), or ``None``."""
    if not isinstance(schema, dict):
        return None
    t = schema.get("type")
    if isinstance(t, str):
        return t
    if isinstance(t, list):
        named = [x for x in t if isinstance(x, str) and x != "null"]
        if named:
            return named[0]
        if "null" in t:
            return "null"
    if "properties" in schema:
        return "object"
    return None


def parameter_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a new parameter name (it must be usable as ``params.<name>``)."""
    if not name:
        return "a parameter needs a name"
    if not PARAMETER_NAME_RE.match(name):
        return (
            f"parameter name {name!r} is not valid: use letters, digits and underscores, "
            "starting with a letter or underscore, so ${{ params.<name> }} can refer to it"
        )
    return None


# ------------------------------------------------------------------ pointers


def _tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise EditError(f"{pointer!r} is not a JSON pointer")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve(schema: Json, pointer: str) -> Json:
    """The sub-schema at ``pointer``; raises :class:`EditError` naming the pointer."""
    node = schema
    for token in _tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise EditError(f"nothing at {pointer or '/'} in the parameter schema")
    return node


def _container(schema: JsonObject, container: str) -> JsonObject:
    node = resolve(schema, container)
    if not isinstance(node, dict):
        raise EditError(f"{container or '/'} is not an object schema")
    return node


def _copy_root(schema: Json) -> JsonObject:
    if schema is None:
        return {"type": "object", "properties": {}}
    if not isinstance(schema, dict):
        raise EditError("the parameter schema must be an object to hold parameters")
    return copy.deepcopy(schema)


def _properties(obj: JsonObject, container: str) -> dict[str, Json]:
    props = obj.get("properties")
    if props is None:
        props = {}
        obj["properties"] = props
    if not isinstance(props, dict):
        raise EditError(f"{container}/properties is not an object")
    return props


def _required_list(obj: JsonObject) -> list[Any]:
    req = obj.get("required")
    return req if isinstance(req, list) else []


def _set_required_list(obj: JsonObject, names: list[Any]) -> None:
    if names:
        obj["required"] = names
    else:
        obj.pop("required", None)


def _order(obj: JsonObject, props: Mapping[str, Json]) -> list[str]:
    return ordered_names(props, declared_order(obj))


def _write_order(
    obj: JsonObject, props: Mapping[str, Json], names: list[str], dropped: tuple[str, ...] = ()
) -> None:
    """Put ``properties`` in the order ``names`` and record it in the order keyword.

    Listed names that are not properties here (maybe an ``allOf`` or ``then``
    branch adds them) are kept, after the present ones, unless in ``dropped``.
    """
    obj["properties"] = {n: props[n] for n in names}
    previous = declared_order(obj) or []
    absent = [n for n in previous if n not in props and n not in names and n not in dropped]
    order = [*names, *absent]
    if len(order) > 1 or ORDER_KEYWORD in obj:  # one name needs no order
        obj[ORDER_KEYWORD] = order


def _where(container: str) -> str:
    return "the workflow's parameters" if container == "" else container


def _existing(props: Mapping[str, Json], name: str, container: str) -> None:
    if name not in props:
        raise EditError(f"no parameter {name!r} in {_where(container)}")


# ------------------------------------------------------------------ reading


def list_parameters(schema: Json, container: str = "") -> list[Parameter]:
    """The parameters held by the object schema at ``container``, in order."""
    try:
        obj = resolve(schema, container)
    except EditError:
        return []
    if not isinstance(obj, dict) or not isinstance(obj.get("properties"), dict):
        return []
    required = set(r for r in _required_list(obj) if isinstance(r, str))
    return [
        Parameter(name, sub, name in required, container)
        for name, sub in ordered_properties(obj)
    ]


def get_parameter(schema: Json, name: str, container: str = "") -> Parameter:
    for param in list_parameters(schema, container):
        if param.name == name:
            return param
    raise EditError(f"no parameter {name!r} in {_where(container)}")


def fresh_name(schema: Json, container: str = "", base: str = "param") -> str:
    taken = {p.name for p in list_parameters(schema, container)}
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


# ------------------------------------------------------------------ editing


def add_parameter(
    schema: Json,
    name: str,
    parameter_schema: Json | None = None,
    *,
    required: bool = False,
    container: str = "",
    index: int | None = None,
) -> JsonObject:
    """A new schema with parameter ``name`` added (at ``index``, default last)."""
    problem = parameter_name_problem(name)
    if problem:
        raise EditError(problem)
    new = _copy_root(schema)
    obj = _container(new, container)
    props = _properties(obj, container)
    if name in props:
        raise EditError(f"a parameter named {name!r} already exists in {_where(container)}")
    sub = copy.deepcopy(parameter_schema) if parameter_schema is not None else {"type": "string"}
    names = _order(obj, props)
    names.insert(len(names) if index is None else max(0, index), name)
    _write_order(obj, {**props, name: sub}, names)
    if required:
        req = _required_list(obj)
        _set_required_list(obj, [*req, name] if name not in req else req)
    return new


def remove_parameter(schema: Json, name: str, container: str = "") -> JsonObject:
    """A new schema without parameter ``name`` (and without it in ``required``)."""
    new = _copy_root(schema)
    obj = _container(new, container)
    props = _properties(obj, container)
    _existing(props, name, container)
    names = [n for n in _order(obj, props) if n != name]
    del props[name]
    _write_order(obj, props, names, dropped=(name,))
    if "required" in obj and isinstance(obj["required"], list):
        _set_required_list(obj, [r for r in obj["required"] if r != name])
    return new


def rename_parameter(schema: Json, old: str, new_name: str, container: str = "") -> JsonObject:
    """A new schema with ``old`` renamed in place (same position, same ``required`` slot)."""
    if old == new_name:
        return _copy_root(schema)
    problem = parameter_name_problem(new_name)
    if problem:
        raise EditError(problem)
    new = _copy_root(schema)
    obj = _container(new, container)
    props = _properties(obj, container)
    _existing(props, old, container)
    if new_name in props:
        raise EditError(f"a parameter named {new_name!r} already exists in {_where(container)}")
    names = [new_name if n == old else n for n in _order(obj, props)]
    renamed = {(new_name if k == old else k): v for k, v in props.items()}
    _write_order(obj, renamed, names, dropped=(old,))
    if isinstance(obj.get("required"), list):
        obj["required"] = [new_name if r == old else r for r in obj["required"]]
    return new


def move_parameter(schema: Json, name: str, index: int, container: str = "") -> JsonObject:
    """A new schema with ``name`` moved to position ``index`` (clamped to the list)."""
    new = _copy_root(schema)
    obj = _container(new, container)
    props = _properties(obj, container)
    _existing(props, name, container)
    names = [n for n in _order(obj, props) if n != name]
    names.insert(max(0, min(index, len(names))), name)
    _write_order(obj, props, names)
    return new


def set_required(schema: Json, name: str, required: bool, container: str = "") -> JsonObject:
    new = _copy_root(schema)
    obj = _container(new, container)
    props = _properties(obj, container)
    _existing(props, name, container)
    req = [r for r in _required_list(obj) if r != name]
    if required:
        # keep the required list in parameter order so the raw JSON reads naturally
        order = _order(obj, props)
        req.append(name)
        req.sort(key=lambda r: order.index(r) if r in order else len(order))
    _set_required_list(obj, req)
    return new


def update_parameter(
    schema: Json, name: str, changes: Mapping[str, Json], container: str = ""
) -> JsonObject:
    """A new schema with keywords of ``name`` set; a value of :data:`DELETE` removes one.

    Only the keywords in ``changes`` are touched. Use :func:`set_type` to change
    the type (it also tidies keywords that stop applying).
    """
    new = _copy_root(schema)
    obj = _container(new, container)
    props = _properties(obj, container)
    _existing(props, name, container)
    sub = props[name]
    if not isinstance(sub, dict):
        sub = {} if sub is True else {"not": {}}
    for key, value in changes.items():
        if value is DELETE:
            sub.pop(key, None)
        else:
            sub[key] = copy.deepcopy(value)
    props[name] = sub
    return new


def _fits(value: Json, type_name: str) -> bool:
    checks = {
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer()),
        "boolean": lambda v: isinstance(v, bool),
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "null": lambda v: v is None,
    }
    check = checks.get(type_name)
    return True if check is None else check(value)


def set_type(
    schema: Json, name: str, type_name: str, container: str = "", *, nullable: bool | None = None
) -> JsonObject:
    """A new schema where ``name`` has type ``type_name``.

    Keywords that only apply to the old type (``minLength`` on a number, ``items``
    on a string) are removed, as are ``default``, ``enum`` and ``const`` values
    the new type cannot hold; every other keyword stays. An object gets an empty
    ``properties`` and an array string ``items`` so nested editing can start.
    """
    if type_name not in PARAMETER_TYPES:
        raise EditError(f"{type_name!r} is not a JSON Schema type")
    current = get_parameter(schema, name, container)
    if nullable is None:
        nullable = current.nullable
    new = _copy_root(schema)
    props = _properties(_container(new, container), container)
    sub = props[name] if isinstance(props[name], dict) else {}
    old_type = current.type
    if old_type != type_name:
        for key in _TYPE_ONLY_KEYWORDS.get(old_type or "", ()):
            if key not in _TYPE_ONLY_KEYWORDS.get(type_name, ()):
                sub.pop(key, None)
    sub["type"] = [type_name, "null"] if nullable and type_name != "null" else type_name
    allowed = [type_name, "null"] if nullable else [type_name]
    if "default" in sub and not any(_fits(sub["default"], t) for t in allowed):
        del sub["default"]
    if "const" in sub and not any(_fits(sub["const"], t) for t in allowed):
        del sub["const"]
    if isinstance(sub.get("enum"), list):
        kept = [v for v in sub["enum"] if any(_fits(v, t) for t in allowed)]
        if kept:
            sub["enum"] = kept
        else:
            del sub["enum"]
    if type_name == "object":
        sub.setdefault("properties", {})
    if type_name == "array":
        sub.setdefault("items", {"type": "string"})
    props[name] = sub
    return new


def set_item_type(schema: Json, name: str, item_type: str, container: str = "") -> JsonObject:
    """A new schema where array parameter ``name`` holds items of ``item_type``."""
    if item_type not in PARAMETER_TYPES:
        raise EditError(f"{item_type!r} is not a JSON Schema type")
    current = get_parameter(schema, name, container)
    if current.type != "array":
        raise EditError(f"parameter {name!r} is not an array")
    items = current.schema.get("items")
    items = copy.deepcopy(items) if isinstance(items, dict) else {}
    if schema_type(items) != item_type:
        for key in _TYPE_ONLY_KEYWORDS.get(schema_type(items) or "", ()):
            items.pop(key, None)
        items["type"] = item_type
        if item_type == "object":
            items.setdefault("properties", {})
        for key in ("enum", "default", "const"):
            items.pop(key, None)
    return update_parameter(schema, name, {"items": items}, container)
