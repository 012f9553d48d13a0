"""Version documents (format 1) as typed, frozen value objects.

``load`` turns JSON into these objects and ``dump`` turns them back into JSON
that is equal to what was loaded: keys that were absent stay absent (an edge
without ``condition`` does not grow ``"condition": "always"``), and keys this
version of Flowdesk does not know are kept in ``extra``. JSON sub-values such as
an action's ``config`` or the parameter schema are plain dicts that nobody
mutates; they are excluded from hashing.

``load`` raises :class:`DocumentError` only when the shape is so wrong that no
object can be built (a node that is not an object, ``nodes`` that is not a
list). Everything else, including every rule of ``graph-format.md``, is the job
of :mod:`flowdesk.model.validation`, which never raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from flowdesk.model.canonical import canonical_json, content_hash
from flowdesk.model.errors import DocumentError
from flowdesk.model.problems import join_pointer
from flowdesk.model.property_order import ordered_properties

FORMAT_VERSION = 1

NodeType = Literal["start", "end", "action", "condition", "parallel", "join"]
NODE_TYPES: tuple[str, ...] = ("start", "end", "action", "condition", "parallel", "join")
SIMPLE_CONDITIONS: tuple[str, ...] = ("always", "onSuccess", "onFailure", "otherwise")
JOIN_MODES: tuple[str, ...] = ("all", "any")

Json = Any
JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Position:
    x: float
    y: float

    def to_json(self) -> JsonObject:
        return {"x": self.x, "y": self.y}


@dataclass(frozen=True, slots=True)
class Expression:
    """An edge condition written in CEL."""

    expression: str


EdgeCondition = str | Expression


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    type: str
    name: str | None = None
    action_id: str | None = None
    config: JsonObject | None = field(default=None, hash=False)
    position: Position | None = None
    mode: str | None = None
    extra: JsonObject = field(default_factory=dict, hash=False)

    @property
    def title(self) -> str:
        """What a person sees: the name, else the id."""
        return self.name or self.id

    @property
    def join_mode(self) -> str:
        return self.mode or "all"


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    condition: EdgeCondition | None = None
    extra: JsonObject = field(default_factory=dict, hash=False)

    @property
    def kind(self) -> str:
        """``always``, ``onSuccess``, ``onFailure``, ``otherwise`` or ``expression``."""
        if self.condition is None:
            return "always"
        if isinstance(self.condition, Expression):
            return "expression"
        return self.condition

    @property
    def expression(self) -> str | None:
        return self.condition.expression if isinstance(self.condition, Expression) else None

    @property
    def label(self) -> str:
        """A short human label for the canvas and diffs."""
        return self.expression if self.expression is not None else self.kind


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    text: str
    position: Position | None = None
    extra: JsonObject = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    notes: tuple[Note, ...] | None = None
    format_version: int | None = FORMAT_VERSION
    extra: JsonObject = field(default_factory=dict, hash=False)

    def node(self, node_id: str) -> Node | None:
        for node in self.nodes:
            if node.id == node_id:
                return node
        return None

    def edge(self, edge_id: str) -> Edge | None:
        for edge in self.edges:
            if edge.id == edge_id:
                return edge
        return None

    def nodes_by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def edges_by_id(self) -> dict[str, Edge]:
        return {e.id: e for e in self.edges}

    def is_linear(self) -> bool:
        """Every node has at most one incoming and one outgoing edge."""
        outs: dict[str, int] = {}
        ins: dict[str, int] = {}
        for e in self.edges:
            outs[e.source] = outs.get(e.source, 0) + 1
            ins[e.target] = ins.get(e.target, 0) + 1
        return all(v <= 1 for v in outs.values()) and all(v <= 1 for v in ins.values())


@dataclass(frozen=True, slots=True)
class SecretRef:
    """A reference to a secret held in a connection; never a value."""

    connection_id: str | None = None
    secret_ref_key: str | None = None
    description: str | None = None
    extra: JsonObject = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class EnvConfig:
    env: Mapping[str, Json] | None = field(default=None, hash=False)
    secrets: Mapping[str, SecretRef] | None = field(default=None, hash=False)
    extra: JsonObject = field(default_factory=dict, hash=False)

    @property
    def env_names(self) -> list[str]:
        return list(self.env or {})

    @property
    def secret_names(self) -> list[str]:
        return list(self.secrets or {})


@dataclass(frozen=True, slots=True)
class ParameterSchema:
    """The JSON Schema of a run's input. Kept as JSON: it is the author's text."""

    schema: Json = field(hash=False)

    @property
    def properties(self) -> dict[str, Json]:
        """The run inputs in the author's order (``x-flowdesk-order``), not key order."""
        return dict(ordered_properties(self.schema))

    @property
    def required(self) -> list[str]:
        req = self.schema.get("required") if isinstance(self.schema, dict) else None
        return [r for r in req if isinstance(r, str)] if isinstance(req, list) else []


@dataclass(frozen=True, slots=True)
class VersionDocument:
    """One workflow version: graph, parameter schema and env config."""

    graph: Graph = field(default_factory=Graph)
    parameter_schema: ParameterSchema | None = None
    env_config: EnvConfig | None = None
    format_version: int | None = FORMAT_VERSION
    extra: JsonObject = field(default_factory=dict, hash=False)

    def with_graph(self, graph: Graph) -> VersionDocument:
        return replace(self, graph=graph)

    def to_json(self) -> JsonObject:
        return dump(self)

    def canonical_json(self) -> str:
        return canonical_json(dump(self))

    def content_hash(self) -> str:
        return content_hash(dump(self))


# --------------------------------------------------------------------- loading


def _expect_object(value: Any, pointer: str) -> JsonObject:
    if not isinstance(value, dict):
        raise DocumentError(f"expected an object, got {_json_type(value)}", pointer)
    return value


def _expect_list(value: Any, pointer: str) -> list[Any]:
    if not isinstance(value, list):
        raise DocumentError(f"expected an array, got {_json_type(value)}", pointer)
    return value


def _expect_str(value: Any, pointer: str) -> str:
    if not isinstance(value, str):
        raise DocumentError(f"expected a string, got {_json_type(value)}", pointer)
    return value


def _opt_str(obj: JsonObject, key: str, pointer: str) -> str | None:
    if key not in obj:
        return None
    return _expect_str(obj[key], join_pointer_under(pointer, key))


def join_pointer_under(pointer: str, *tokens: str | int) -> str:
    # Fast path for the common single plain key: load() builds a pointer for every field
    # it reads (for its error messages), and that showed up in the load benchmark.
    if len(tokens) == 1:
        token = tokens[0]
        if isinstance(token, str) and "~" not in token and "/" not in token:
            return f"{pointer}/{token}"
    return pointer + join_pointer(*tokens)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _load_position(value: Any, pointer: str) -> Position:
    obj = _expect_object(value, pointer)
    x, y = obj.get("x"), obj.get("y")
    for key, v in (("x", x), ("y", y)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise DocumentError("expected a number", join_pointer_under(pointer, key))
    extra_keys = set(obj) - {"x", "y"}
    if extra_keys:
        raise DocumentError(
            f"unexpected keys in position: {', '.join(sorted(extra_keys))}", pointer
        )
    return Position(x, y)


_NODE_KEYS = {"id", "type", "name", "actionId", "config", "position", "mode"}


def load_node(value: Any, pointer: str = "") -> Node:
    obj = _expect_object(value, pointer)
    config = obj.get("config")
    if "config" in obj and not isinstance(config, dict):
        raise DocumentError("expected an object", join_pointer_under(pointer, "config"))
    return Node(
        id=_expect_str(obj.get("id"), join_pointer_under(pointer, "id")),
        type=_expect_str(obj.get("type"), join_pointer_under(pointer, "type")),
        name=_opt_str(obj, "name", pointer),
        action_id=_opt_str(obj, "actionId", pointer),
        config=config,
        position=(
            _load_position(obj["position"], join_pointer_under(pointer, "position"))
            if "position" in obj
            else None
        ),
        mode=_opt_str(obj, "mode", pointer),
        extra={k: v for k, v in obj.items() if k not in _NODE_KEYS},
    )


def load_condition(value: Any, pointer: str) -> EdgeCondition:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"expression"}:
        return Expression(_expect_str(value["expression"], join_pointer_under(pointer, "expression")))
    raise DocumentError(
        'expected "always", "onSuccess", "onFailure", "otherwise" or {"expression": "<CEL>"}',
        pointer,
    )


_EDGE_KEYS = {"id", "source", "target", "condition"}


def load_edge(value: Any, pointer: str = "") -> Edge:
    obj = _expect_object(value, pointer)
    return Edge(
        id=_expect_str(obj.get("id"), join_pointer_under(pointer, "id")),
        source=_expect_str(obj.get("source"), join_pointer_under(pointer, "source")),
        target=_expect_str(obj.get("target"), join_pointer_under(pointer, "target")),
        condition=(
            load_condition(obj["condition"], join_pointer_under(pointer, "condition"))
            if "condition" in obj
            else None
        ),
        extra={k: v for k, v in obj.items() if k not in _EDGE_KEYS},
    )


_NOTE_KEYS = {"id", "text", "position"}


def load_note(value: Any, pointer: str = "") -> Note:
    obj = _expect_object(value, pointer)
    return Note(
        id=_expect_str(obj.get("id"), join_pointer_under(pointer, "id")),
        text=_expect_str(obj.get("text", ""), join_pointer_under(pointer, "text")),
        position=(
            _load_position(obj["position"], join_pointer_under(pointer, "position"))
            if "position" in obj
            else None
        ),
        extra={k: v for k, v in obj.items() if k not in _NOTE_KEYS},
    )


_GRAPH_KEYS = {"formatVersion", "nodes", "edges", "notes"}


def load_graph(value: Any, pointer: str = "/graph") -> Graph:
    obj = _expect_object(value, pointer)
    fv = obj.get("formatVersion")
    if "formatVersion" in obj and (isinstance(fv, bool) or not isinstance(fv, int)):
        raise DocumentError("expected an integer", join_pointer_under(pointer, "formatVersion"))
    nodes_ptr = join_pointer_under(pointer, "nodes")
    edges_ptr = join_pointer_under(pointer, "edges")
    notes_ptr = join_pointer_under(pointer, "notes")
    nodes = _expect_list(obj.get("nodes", []), nodes_ptr)
    edges = _expect_list(obj.get("edges", []), edges_ptr)
    notes = _expect_list(obj["notes"], notes_ptr) if "notes" in obj else None
    return Graph(
        nodes=tuple(load_node(n, f"{nodes_ptr}/{i}") for i, n in enumerate(nodes)),
        edges=tuple(load_edge(e, f"{edges_ptr}/{i}") for i, e in enumerate(edges)),
        notes=(
            tuple(load_note(n, f"{notes_ptr}/{i}") for i, n in enumerate(notes))
            if notes is not None
            else None
        ),
        format_version=fv if "formatVersion" in obj else None,
        extra={k: v for k, v in obj.items() if k not in _GRAPH_KEYS},
    )


_SECRET_KEYS = {"connectionId", "secretRefKey", "description"}


def load_secret_ref(value: Any, pointer: str) -> SecretRef:
    obj = _expect_object(value, pointer)
    return SecretRef(
        connection_id=_opt_str(obj, "connectionId", pointer),
        secret_ref_key=_opt_str(obj, "secretRefKey", pointer),
        description=_opt_str(obj, "description", pointer),
        extra={k: v for k, v in obj.items() if k not in _SECRET_KEYS},
    )


def load_env_config(value: Any, pointer: str = "/envConfig") -> EnvConfig:
    obj = _expect_object(value, pointer)
    env = obj.get("env")
    if "env" in obj:
        _expect_object(env, join_pointer_under(pointer, "env"))
    secrets = None
    if "secrets" in obj:
        sec_ptr = join_pointer_under(pointer, "secrets")
        raw = _expect_object(obj["secrets"], sec_ptr)
        secrets = {
            name: load_secret_ref(ref, join_pointer_under(sec_ptr, name)) for name, ref in raw.items()
        }
    return EnvConfig(
        env=dict(env) if env is not None else None,
        secrets=secrets,
        extra={k: v for k, v in obj.items() if k not in {"env", "secrets"}},
    )


_DOC_KEYS = {"formatVersion", "graph", "parameterSchema", "envConfig"}


def load(value: Any) -> VersionDocument:
    """Build a :class:`VersionDocument` from parsed JSON.

    ``parameterSchema``/``envConfig`` that are absent or ``null`` load as
    ``None`` (the database columns are nullable); a present ``null`` is
    remembered in ``extra`` so that ``dump`` gives it back.
    """
    obj = _expect_object(value, "")
    fv = obj.get("formatVersion")
    if "formatVersion" in obj and (isinstance(fv, bool) or not isinstance(fv, int)):
        raise DocumentError("expected an integer", "/formatVersion")
    if "graph" not in obj:
        raise DocumentError("a version document needs a graph", "/graph")
    extra = {k: v for k, v in obj.items() if k not in _DOC_KEYS}
    schema = obj.get("parameterSchema")
    env = obj.get("envConfig")
    if "parameterSchema" in obj and schema is None:
        extra["parameterSchema"] = None
    if "envConfig" in obj and env is None:
        extra["envConfig"] = None
    if schema is not None and not isinstance(schema, (dict, bool)):
        raise DocumentError("expected a JSON Schema object", "/parameterSchema")
    return VersionDocument(
        graph=load_graph(obj["graph"]),
        parameter_schema=ParameterSchema(schema) if schema is not None else None,
        env_config=load_env_config(env) if env is not None else None,
        format_version=fv if "formatVersion" in obj else None,
        extra=extra,
    )


def load_parts(graph: Any, parameter_schema: Any, env_config: Any) -> VersionDocument:
    """Build a document from the three database columns of a WorkflowVersion row."""
    doc: JsonObject = {"formatVersion": FORMAT_VERSION, "graph": graph}
    if parameter_schema is not None:
        doc["parameterSchema"] = parameter_schema
    if env_config is not None:
        doc["envConfig"] = env_config
    return load(doc)


# --------------------------------------------------------------------- dumping


def _with_extra(out: JsonObject, extra: Mapping[str, Any]) -> JsonObject:
    if extra:
        out.update(extra)
    return out


def dump_node(node: Node) -> JsonObject:
    out: JsonObject = {"id": node.id, "type": node.type}
    if node.name is not None:
        out["name"] = node.name
    if node.action_id is not None:
        out["actionId"] = node.action_id
    if node.config is not None:
        out["config"] = node.config
    if node.position is not None:
        out["position"] = node.position.to_json()
    if node.mode is not None:
        out["mode"] = node.mode
    return _with_extra(out, node.extra)


def dump_condition(condition: EdgeCondition) -> Json:
    if isinstance(condition, Expression):
        return {"expression": condition.expression}
    return condition


def dump_edge(edge: Edge) -> JsonObject:
    out: JsonObject = {"id": edge.id, "source": edge.source, "target": edge.target}
    if edge.condition is not None:
        out["condition"] = dump_condition(edge.condition)
    return _with_extra(out, edge.extra)


def dump_note(note: Note) -> JsonObject:
    out: JsonObject = {"id": note.id, "text": note.text}
    if note.position is not None:
        out["position"] = note.position.to_json()
    return _with_extra(out, note.extra)


def dump_graph(graph: Graph) -> JsonObject:
    out: JsonObject = {}
    if graph.format_version is not None:
        out["formatVersion"] = graph.format_version
    out["nodes"] = [dump_node(n) for n in graph.nodes]
    out["edges"] = [dump_edge(e) for e in graph.edges]
    if graph.notes is not None:
        out["notes"] = [dump_note(n) for n in graph.notes]
    return _with_extra(out, graph.extra)


def dump_secret_ref(ref: SecretRef) -> JsonObject:
    out: JsonObject = {}
    if ref.connection_id is not None:
        out["connectionId"] = ref.connection_id
    if ref.secret_ref_key is not None:
        out["secretRefKey"] = ref.secret_ref_key
    if ref.description is not None:
        out["description"] = ref.description
    return _with_extra(out, ref.extra)


def dump_env_config(env: EnvConfig) -> JsonObject:
    out: JsonObject = {}
    if env.env is not None:
        out["env"] = dict(env.env)
    if env.secrets is not None:
        out["secrets"] = {name: dump_secret_ref(ref) for name, ref in env.secrets.items()}
    return _with_extra(out, env.extra)


def dump(doc: VersionDocument) -> JsonObject:
    """JSON equal to what :func:`load` was given (for any loadable input)."""
    out: JsonObject = {}
    if doc.format_version is not None:
        out["formatVersion"] = doc.format_version
    out["graph"] = dump_graph(doc.graph)
    if doc.parameter_schema is not None:
        out["parameterSchema"] = doc.parameter_schema.schema
    if doc.env_config is not None:
        out["envConfig"] = dump_env_config(doc.env_config)
    return _with_extra(out, doc.extra)


def dump_parts(doc: VersionDocument) -> tuple[JsonObject, Json, Json]:
    """The three database columns: graph, parameter_schema, env_config."""
    return (
        dump_graph(doc.graph),
        doc.parameter_schema.schema if doc.parameter_schema is not None else None,
        dump_env_config(doc.env_config) if doc.env_config is not None else None,
    )


def empty_document() -> VersionDocument:
    """A new workflow: start -> end, an empty object parameter schema, no env."""
    return VersionDocument(
        graph=Graph(
            nodes=(
                Node("start", "start", position=Position(0, 0)),
                Node("end", "end", position=Position(240, 0)),
            ),
            edges=(Edge("e1", "start", "end"),),
            notes=(),
        ),
        parameter_schema=ParameterSchema(
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {}}
        ),
        env_config=EnvConfig(env={}, secrets={}),
    )


def iter_string_values(value: Json, pointer: str) -> Iterable[tuple[str, str]]:
    """Every string inside a JSON value, with its JSON pointer (for ``${{ }}`` templates)."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from iter_string_values(v, join_pointer_under(pointer, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from iter_string_values(v, f"{pointer}/{i}")
