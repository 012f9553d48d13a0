"""Messages for people: jsonschema errors and problem locations in plain words.

jsonschema says ``'abc' is not of type 'number'`` and validation locates a
problem by ``/graph/edges/3`` or ``edge 'e4'``; both are right and both are for
developers. The forms, the problems panel and the publish dialog show what
this module makes of them instead: ``must be a number``, ``required``,
``pick one of: a, b, c``, and items by the names an author gave them
(``Large order? -> Send email``). The machine form (pointer, ids) stays on the
:class:`~flowdesk.model.problems.Problem` for navigation and for "details".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flowdesk.model.document import Edge, Graph, Node
from flowdesk.model.problems import Location, Problem
from flowdesk.model.safe_regex import PatternError, search
from flowdesk.model.schema_keywords import PatternFailure

_MAX_CHOICES = 8
_MAX_VALUE = 40

_TYPE_WORDS = {
    "string": "text", "number": "a number", "integer": "a whole number",
    "boolean": "true or false", "object": "an object", "array": "a list", "null": "empty (null)",
}
_FORMAT_WORDS = {
    "email": "an email address", "idn-email": "an email address",
    "uri": "a full URL (https://…)", "iri": "a full URL (https://…)",
    "uri-reference": "a URL or a path", "iri-reference": "a URL or a path",
    "uri-template": "a URL template", "url": "a full URL (https://…)",
    "date": "a date (YYYY-MM-DD)", "time": "a time (HH:MM:SS)",
    "date-time": "a date and time (YYYY-MM-DDTHH:MM:SSZ)", "duration": "a duration (P1DT2H)",
    "uuid": "a UUID", "ipv4": "an IPv4 address", "ipv6": "an IPv6 address",
    "hostname": "a host name", "idn-hostname": "a host name", "regex": "a regular expression",
    "json-pointer": "a JSON pointer", "relative-json-pointer": "a relative JSON pointer",
}


# ----------------------------------------------------------------- jsonschema errors


def value_text(value: Any, limit: int = _MAX_VALUE) -> str:
    """A JSON value as a person reads it: strings bare, the rest as compact JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                          default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choices(values: Sequence[Any]) -> str:
    shown = [value_text(v) for v in values[:_MAX_CHOICES]]
    if len(values) > _MAX_CHOICES:
        shown.append(f"… ({len(values) - _MAX_CHOICES} more)")
    return ", ".join(shown)


def _plural(n: Any, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _type_words(expected: Any) -> str:
    names = [expected] if isinstance(expected, str) else [t for t in expected or []
                                                          if isinstance(t, str)]
    words = [_TYPE_WORDS.get(n, n) for n in names]
    if not words:
        return "a different kind of value"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _number(value: Any) -> str:
    return value_text(value)


def _required_sentence(_err: Any) -> str:
    return "required"


def _missing_names(err: Any) -> list[str]:
    """The property names a required/dependentRequired error is about."""
    instance = err.instance if isinstance(err.instance, dict) else {}
    names = err.validator_value
    if isinstance(names, dict):  # dependentRequired / dependencies: {trigger: [names]}
        names = [n for trigger, group in names.items() if trigger in instance
                 and isinstance(group, list) for n in group]
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and n not in instance]


def _additional(err: Any) -> str:
    instance = err.instance if isinstance(err.instance, dict) else {}
    schema = err.schema if isinstance(err.schema, dict) else {}
    known = set(schema.get("properties") or {})
    patterns = [p for p in schema.get("patternProperties") or {} if isinstance(p, str)]
    extra = []
    for key in instance:
        if key in known or any(_search(p, key) for p in patterns):
            continue
        extra.append(key)
    if not extra:
        return "has a field that is not allowed"
    if len(extra) == 1:
        return f"not an allowed field: {extra[0]}"
    return f"not allowed fields: {', '.join(extra)}"


def _search(pattern: str, text: str) -> bool:
    try:
        return search(pattern, text)  # the bounded engine: an author's pattern cannot hang us
    except PatternError:
        return False


def _length(err: Any, least: bool) -> str:
    n = err.validator_value
    if least and n == 1:
        return "must not be empty"
    return f"must be at {'least' if least else 'most'} {_plural(n, 'character')}"


def _items(err: Any, least: bool) -> str:
    n = err.validator_value
    if least and n == 1:
        return "must have at least one entry"
    return f"must have at {'least' if least else 'most'} {_plural(n, 'entry')}".replace(
        "entrys", "entries")


def _properties(err: Any, least: bool) -> str:
    n = err.validator_value
    return f"must have at {'least' if least else 'most'} {_plural(n, 'field')}"


def _format(err: Any) -> str:
    words = _FORMAT_WORDS.get(str(err.validator_value))
    return f"must be {words}" if words else f"must be a valid {err.validator_value}"


def _pattern(err: Any) -> str:
    return f"must match the pattern {err.validator_value}"


def _one_of(err: Any) -> str:
    if "is valid under each of" in str(getattr(err, "message", "")):
        return "fits more than one of the choices; it must fit exactly one"
    return _none_of(err)


def _none_of(err: Any) -> str:
    titles = [s.get("title") for s in err.validator_value or [] if isinstance(s, dict)]
    if titles and all(isinstance(t, str) and t for t in titles):
        return f"must fit one of: {', '.join(titles[:_MAX_CHOICES])}"
    consts = [s["const"] for s in err.validator_value or [] if isinstance(s, dict) and "const" in s]
    if consts and len(consts) == len(err.validator_value):
        return f"pick one of: {_choices(consts)}"
    types = [s.get("type") for s in err.validator_value or [] if isinstance(s, dict)]
    if types and all(isinstance(t, str) for t in types):
        return f"must be {_type_words(types)}"
    return "does not fit any of the allowed shapes"


_SENTENCES: dict[str, Callable[[Any], str]] = {
    "type": lambda e: f"must be {_type_words(e.validator_value)}",
    "required": _required_sentence,
    "dependentRequired": _required_sentence,
    "dependencies": lambda e: "required" if _missing_names(e) else "does not fit the rules "
                                                                 "for this value",
    "enum": lambda e: f"pick one of: {_choices(list(e.validator_value or []))}",
    "const": lambda e: f"must be {value_text(e.validator_value)}",
    "minimum": lambda e: f"must be at least {_number(e.validator_value)}",
    "maximum": lambda e: f"must be at most {_number(e.validator_value)}",
    "exclusiveMinimum": lambda e: f"must be more than {_number(e.validator_value)}",
    "exclusiveMaximum": lambda e: f"must be less than {_number(e.validator_value)}",
    "multipleOf": lambda e: f"must be a multiple of {_number(e.validator_value)}",
    "minLength": lambda e: _length(e, least=True),
    "maxLength": lambda e: _length(e, least=False),
    "pattern": _pattern,
    "format": _format,
    "additionalProperties": _additional,
    "unevaluatedProperties": _additional,
    "propertyNames": lambda e: f"has a field name that is not allowed: {value_text(e.instance)}",
    "minItems": lambda e: _items(e, least=True),
    "maxItems": lambda e: _items(e, least=False),
    "uniqueItems": lambda e: "must not list the same entry twice",
    "contains": lambda e: "must contain at least one matching entry",
    "minContains": lambda e: "has too few matching entries",
    "maxContains": lambda e: "has too many matching entries",
    "unevaluatedItems": lambda e: "has more entries than allowed",
    "additionalItems": lambda e: "has more entries than allowed",
    "items": lambda e: "has more entries than allowed",
    "minProperties": lambda e: _properties(e, least=True),
    "maxProperties": lambda e: _properties(e, least=False),
    "oneOf": _one_of,
    "anyOf": _none_of,
    "not": lambda e: "is a value that is not allowed here",
    "false": lambda e: "is not allowed here",
}


def plain_error(err: Any) -> str:
    """A short sentence for one jsonschema ``ValidationError``, with no pointer in it.

    The subject is the field the error sits on (the caller names it, or the form
    shows it under that field), so sentences start with the verb: ``must be a
    number``. An unknown keyword falls back to jsonschema's own message.
    """
    if isinstance(err, PatternFailure):  # "pattern at /properties/x/pattern took too long…"
        return str(err.message)
    keyword = err.validator
    if keyword is None and err.schema is False:  # the ``false`` schema allows nothing
        return _SENTENCES["false"](err)
    sentence = _SENTENCES.get(str(keyword))
    if sentence is None:
        return str(err.message)
    try:
        return sentence(err)
    except Exception:  # an odd keyword value (a schema jsonschema tolerates): its message
        return str(err.message)


_VERB_LED = ("must ", "has ", "fits ", "does ", "is ")


def with_subject(subject: str, sentence: str) -> str:
    """``amount`` + ``must be a number`` -> ``amount must be a number``.

    :func:`plain_error` leaves out the subject (a form shows the sentence under
    its field); a message that stands alone puts it back, with a colon when the
    sentence is not led by a verb (``level: pick one of: low, high``).
    """
    if sentence == "required":
        return f"{subject} is required"
    if sentence.startswith(_VERB_LED):
        return f"{subject} {sentence}"
    return f"{subject}: {sentence}"


def field_path(tokens: Iterable[Any]) -> str:
    """A path inside a value in words: ``("items", 0, "sku")`` -> ``items › item 1 › sku``."""
    return " › ".join(f"item {t + 1}" if isinstance(t, int) else str(t) for t in tokens)


def missing_property(err: Any) -> str | None:
    """For a required-style error, the first property that is missing (where to type)."""
    if err.validator not in ("required", "dependentRequired", "dependencies"):
        return None
    names = _missing_names(err)
    message = str(getattr(err, "message", ""))
    for name in names:
        if repr(name) in message:
            return name
    return names[0] if names else None


# ----------------------------------------------------------------- graph locations


@dataclass(frozen=True)
class GraphNames:
    """Names for the nodes and edges of one graph, as a person would call them."""

    nodes: dict[str, Node]
    edges: dict[str, Edge]

    @classmethod
    def of(cls, graph: Graph | None) -> GraphNames:
        if graph is None:
            return cls({}, {})
        return cls({n.id: n for n in graph.nodes}, {e.id: e for e in graph.edges})

    @classmethod
    def of_all(cls, *graphs: Graph | None) -> GraphNames:
        """Names from several versions of a graph; the first that has an item names it."""
        nodes: dict[str, Node] = {}
        edges: dict[str, Edge] = {}
        for graph in reversed(graphs):
            if graph is not None:
                nodes.update((n.id, n) for n in graph.nodes)
                edges.update((e.id, e) for e in graph.edges)
        return cls(nodes, edges)

    def node(self, node_id: str) -> str:
        """The node's name; its id when it has none (or is not in the graph)."""
        node = self.nodes.get(node_id)
        return node.title if node is not None else node_id

    def edge(self, edge_id: str) -> str:
        """``Source -> Target``; with the condition when another edge joins the same pair."""
        edge = self.edges.get(edge_id)
        if edge is None:
            return edge_id
        text = f"{self.node(edge.source)} -> {self.node(edge.target)}"
        if self._parallel(edge):
            text += f" ({edge.label})"
        return text

    def _parallel(self, edge: Edge) -> bool:
        return any(other.id != edge.id and other.source == edge.source
                   and other.target == edge.target for other in self.edges.values())

    def where(self, location: Location) -> str:
        """The item or part of the workflow a location is in, in words."""
        if location.node_id is not None:
            return self.node(location.node_id)
        if location.edge_id is not None:
            return self.edge(location.edge_id)
        if location.note_id is not None:
            return "Note"
        return pointer_area(location.pointer)

    def problem_text(self, problem: Problem) -> str:
        """The problem's message with ids turned into names.

        A message that opens by naming the item the location already names
        (``node 'send' (Send email): …``) loses that opening: the "where" shows it.
        """
        return self.text(problem.message, problem.location)

    def text(self, message: str, location: Location | None = None) -> str:
        if location is not None:
            message = _drop_own_subject(message, location)
        message = _CYCLE.sub(self._name_cycle, message)
        return _QUOTED_ID.sub(self._name_match, message)

    def _name_cycle(self, match: re.Match[str]) -> str:
        ids = match.group(0).split(" -> ")
        return " -> ".join(self.node(i) for i in ids)

    def _name_match(self, match: re.Match[str]) -> str:
        kind, ident = match.group("kind"), match.group("id")
        if kind == "edge " and ident in self.edges:
            return f"edge “{self.edge(ident)}”"
        if ident in self.nodes and kind != "edge ":
            return f"{kind or ''}“{self.node(ident)}”"
        if kind is None and ident in self.edges:  # "already has an otherwise edge ('e4')"
            return f"“{self.edge(ident)}”"
        return match.group(0)

    def describe(self, problem: Problem) -> str:
        """One line for lists and dialogs: ``Where: what``."""
        return f"{self.where(problem.location)}: {self.problem_text(problem)}"


_CYCLE = re.compile(r"(?<=cycle: )[a-z][a-z0-9_]*(?: -> [a-z][a-z0-9_]*)+")
# "node 'send' (Send email): …", "edge 'e5' repeats …": the opening names the item
_OWN_SUBJECT = re.compile(
    r"^(?:node|edge|condition|parallel|join|note) '(?P<id>[^']+)'(?: \([^)]*\))?:? "
)
_QUOTED_ID = re.compile(
    r"(?P<kind>(?:node|edge|condition|parallel|join|start node|end node|note) )?'(?P<id>[^'\s]+)'"
)


def _drop_own_subject(message: str, location: Location) -> str:
    match = _OWN_SUBJECT.match(message)
    if match and match.group("id") in (location.node_id, location.edge_id, location.note_id):
        rest = message[match.end():]
        return rest[:1].upper() + rest[1:] if rest else message
    return message


_AREAS = (
    ("/parameterSchema", "Parameters"),
    ("/envConfig/secrets", "Secret references"),
    ("/envConfig/env", "Environment"),
    ("/envConfig", "Environment"),
    ("/graph/nodes", "Steps"),
    ("/graph/edges", "Connections between steps"),
    ("/graph/notes", "Notes"),
    ("/graph", "Workflow graph"),
)


def pointer_area(pointer: str) -> str:
    """What part of the version a pointer is in; ``Secret references › API_TOKEN`` style."""
    for prefix, area in _AREAS:
        if pointer == prefix or pointer.startswith(prefix + "/"):
            rest = pointer[len(prefix) + 1:]
            if prefix.startswith("/envConfig/") and rest:
                return f"{area} › {_unescape(rest.split('/')[0])}"
            if prefix == "/parameterSchema":
                name = parameter_path(pointer)
                return f"{area} › {name}" if name else area
            return area
    return "Workflow"


def parameter_path(pointer: str) -> str | None:
    """``/parameterSchema/properties/customer/properties/city/type`` -> ``customer.city``."""
    tokens = pointer.split("/")[1:] if pointer else []
    names = [_unescape(tokens[i + 1]) for i, t in enumerate(tokens[:-1]) if t == "properties"]
    return ".".join(names) if names else None


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def describe_problems(problems: Iterable[Problem], graph: Graph | None) -> list[str]:
    """``Where: what`` lines for a list of problems."""
    names = GraphNames.of(graph)
    return [names.describe(p) for p in problems]
