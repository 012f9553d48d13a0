"""Diff changes in the words a workflow author uses, for the diff window and its HTML report.

No Qt here. Items go by the names their authors gave them, taken from both
versions (a removed step is named from the old one, an added one from the
new): ``Step “Fetch order” changed``, ``Connection “Large order? → Send email”
added``, ``Note “Threshold comes from…” moved``. Properties go by the action's
field titles when the catalog knows them (``URL: "a" → "b"``), else by a path
in words (``Configuration › url``). The ids and JSON pointers stay reachable,
quietly: :meth:`DiffWords.reference` and :attr:`PropertyLine.pointer` feed
tooltips, for whoever reads the JSON too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.changes import ABSENT, Change, PropertyChange
from flowdesk.model.diff import DocumentDiff
from flowdesk.model.document import VersionDocument
from flowdesk.model.item_words import TYPE_LABELS, condition_sentence
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import escape_pointer_token

SECTIONS = (
    ("semantic", "Steps and connections"),
    ("layout", "Layout"),
    ("parameters", "Parameters"),
    ("env", "Environment"),
)

NOT_SET = "(not set)"

_NOUNS = {"node": "Step", "edge": "Connection", "note": "Note"}
_FIELDS = {
    "node": {"id": "Id", "type": "Kind of step", "name": "Name", "actionId": "Action",
             "config": "Configuration", "position": "Position", "mode": "Join waits for"},
    "edge": {"id": "Id", "source": "From", "target": "To", "condition": "Condition"},
    "note": {"id": "Id", "text": "Text", "position": "Position"},
    "secret": {"connectionId": "Connection", "secretRefKey": "Key in the connection",
               "description": "Description"},
}
# properties shown as one line of their whole value (a move is one change, not x and y)
_WHOLE = {"position", "condition"}
_SCHEMA_WORDS = {
    "type": "Type", "default": "Default", "required": "Required", "enum": "Choices",
    "const": "Fixed value", "title": "Title", "description": "Description",
    "minimum": "Minimum", "maximum": "Maximum", "exclusiveMinimum": "More than",
    "exclusiveMaximum": "Less than", "minLength": "Minimum length",
    "maxLength": "Maximum length", "minItems": "Fewest entries", "maxItems": "Most entries",
    "pattern": "Pattern", "format": "Format", "items": "each item",
    "properties": "Fields", "additionalProperties": "Other fields",
}
_NOTE_NAME_LIMIT = 24


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    changes: tuple[Change, ...]

    @property
    def breaking_count(self) -> int:
        return sum(1 for c in self.changes if c.breaking)


def sections(diff: DocumentDiff) -> list[Section]:
    """The four groups a person reads a diff in, in order (empty ones included)."""
    groups = {
        "semantic": diff.semantic_changes,
        "layout": diff.layout_changes,
        "parameters": diff.parameter_changes,
        "env": diff.env_changes,
    }
    return [Section(key, title, tuple(groups[key])) for key, title in SECTIONS]


@dataclass(frozen=True, slots=True)
class PropertyLine:
    """One row of a property diff: ``label`` in words, ``pointer`` (relative to the item) kept
    for tooltips."""

    label: str
    old: str
    new: str
    pointer: str


class DiffWords:
    """Words for the changes between two versions of one workflow.

    ``old`` and ``new`` supply the names (either may be ``None``: items are then
    named from the change's own JSON); ``catalog`` supplies field titles.
    """

    def __init__(self, old: VersionDocument | None = None, new: VersionDocument | None = None,
                 catalog: ActionCatalog | None = None) -> None:
        self.names = GraphNames.of_all(new.graph if new is not None else None,
                                       old.graph if old is not None else None)
        self.catalog = catalog

    # ------------------------------------------------------------ names

    def node_name(self, node_id: Any, item: Any = None) -> str:
        """What the canvas calls the step: its name, else ``Start``/``End``…, else its id."""
        node = self.names.nodes.get(node_id) if isinstance(node_id, str) else None
        if node is not None:
            name, kind = node.name, node.type
        elif isinstance(item, dict):
            name, kind = item.get("name"), item.get("type")
        else:
            return str(node_id)
        if isinstance(name, str) and name:
            return name
        return TYPE_LABELS.get(kind, str(node_id)) if isinstance(kind, str) else str(node_id)

    def edge_name(self, edge_id: str, item: Any = None) -> str:
        """``Source → Target``, with when it is taken if another connection joins the same pair."""
        edge = self.names.edges.get(edge_id)
        if edge is not None:
            source, target = edge.source, edge.target
            condition: Any = edge.label if edge.expression is None else {"expression": edge.label}
        elif isinstance(item, dict):
            source, target = item.get("source"), item.get("target")
            condition = item.get("condition", ABSENT)
        else:
            return edge_id
        text = f"{self.node_name(source)} → {self.node_name(target)}"
        if any(other.id != edge_id and other.source == source and other.target == target
               for other in self.names.edges.values()):
            text += f" ({condition_words(condition)})"
        return text

    def item_name(self, change: Change) -> str:
        item = change.new if change.new is not ABSENT else change.old
        if change.kind == "node":
            return self.node_name(change.id, item)
        if change.kind == "edge":
            return self.edge_name(change.id, item)
        if change.kind == "note":
            return note_name(item.get("text") if isinstance(item, dict) else None)
        return change.id

    # ------------------------------------------------------------ headlines

    def headline(self, change: Change) -> str:
        """One line naming the change: what kind of item, which one (by name), what happened."""
        if change.kind in _NOUNS:
            name = self.item_name(change)
            if change.kind == "note" and not name:
                return f"Note (empty) {change.op}"
            return f"{_NOUNS[change.kind]} “{name}” {change.op}"
        if change.kind == "parameter":
            return parameter_headline(change)
        if change.kind == "env":
            text = f"Environment variable “{change.id}” {change.op}"
            if change.op == "changed":
                text += f": {value_text(change.old, 60)} → {value_text(change.new, 60)}"
            elif change.op == "added":
                text += f": {value_text(change.new, 60)}"
            else:
                text += f" (was {value_text(change.old, 60)})"
            return text
        if change.kind == "secret":
            return f"Secret reference “{change.id}” {change.op}"
        return f"{setting_words(change.id)} {change.op}"

    def reference(self, change: Change) -> str:
        """The machine form, for a tooltip: ``node fetch_order · /graph/nodes/1``."""
        ident = change.id if change.kind != "document" else ""
        if change.kind == "parameter" and not ident:
            ident = "schema"
        head = f"{change.kind} {ident}".strip()
        return f"{head} · {change.pointer}" if change.pointer else head

    @staticmethod
    def pointer_of(change: Change, line: PropertyLine) -> str:
        """The row's JSON pointer in the document (in the old one for a removed item)."""
        if change.kind in ("parameter", "document"):  # their pointer already goes that deep
            return change.pointer
        return change.pointer + line.pointer

    # ------------------------------------------------------------ properties

    def property_lines(self, change: Change, limit: int = 120) -> list[PropertyLine]:
        """One line per changed property of an edit (empty for an added or removed item)."""
        if change.op in ("added", "removed") and change.kind in (*_NOUNS, "secret"):
            return []
        out: list[PropertyLine] = []
        whole_done: set[str] = set()
        for prop in change.properties:
            head = _tokens(prop.pointer)[:1]
            key = head[0] if head else ""
            if change.kind in _NOUNS and key in _WHOLE:
                if key in whole_done:
                    continue
                whole_done.add(key)
                old, new = _get(change.old, key), _get(change.new, key)
                out.append(PropertyLine(self.label(change, f"/{key}"),
                                        self.value(change.kind, key, old, limit),
                                        self.value(change.kind, key, new, limit), f"/{key}"))
                continue
            out.append(self._line(change, prop, limit))
        return out

    def table_lines(self, change: Change, limit: int = 400) -> list[PropertyLine]:
        """What a property table shows: the edits, or every property of an added/removed item
        (its id among them)."""
        lines = self.property_lines(change, limit)
        if lines:
            return lines
        whole = change.new if change.op == "added" else change.old
        if not isinstance(whole, dict) or change.kind not in (*_NOUNS, "secret"):
            return [self._line(change, p, limit) for p in change.properties] or [
                PropertyLine("Value", value_text(change.old, limit), value_text(change.new, limit),
                             "")]
        props: list[PropertyChange] = []
        for key, value in whole.items():
            pointer = f"/{escape_pointer_token(key)}"
            if key == "config" and isinstance(value, dict) and value:
                props.extend(PropertyChange(f"{pointer}/{escape_pointer_token(k)}", v, v)
                             for k, v in value.items())
            else:
                props.append(PropertyChange(pointer, value, value))
        out = []
        for prop in props:
            key = _tokens(prop.pointer)[0]
            text = self.value(change.kind, key, prop.old, limit) if key in _WHOLE or key in (
                "source", "target", "actionId") else value_text(prop.old, limit)
            old, new = (NOT_SET, text) if change.op == "added" else (text, NOT_SET)
            out.append(PropertyLine(self.label(change, prop.pointer), old, new, prop.pointer))
        return out

    def label(self, change: Change, pointer: str) -> str:
        """A property of the item in words: the action's field title, else a path of keys."""
        tokens = _tokens(pointer)
        if change.kind == "parameter":
            return parameter_property(tokens)
        if not tokens or change.kind == "document":  # the headline names the setting
            return "Value"
        if change.kind == "node" and tokens[0] == "config" and len(tokens) > 1:
            return " › ".join(self._config_words(change, tokens[1:]))
        fields = _FIELDS.get(change.kind, {})
        return " › ".join([fields.get(tokens[0], tokens[0]), *tokens[1:]])

    def value(self, kind: str, key: str, value: Any, limit: int = 120) -> str:
        """A property's value as a person reads it (conditions, places, steps in words)."""
        if key == "condition" and kind == "edge":
            return condition_words(value)
        if value is ABSENT:
            return NOT_SET
        if key == "position" and isinstance(value, dict):
            return f"{_number(value.get('x'))}, {_number(value.get('y'))}"
        if key in ("source", "target") and kind == "edge":
            return f"“{self.node_name(value)}”"
        if key == "actionId" and self.catalog is not None and isinstance(value, str):
            action = self.catalog.get(value)
            if action is not None:
                return action.title
        return value_text(value, limit)

    def _line(self, change: Change, prop: PropertyChange, limit: int) -> PropertyLine:
        key = (_tokens(prop.pointer) or [""])[0]
        if change.kind in ("node", "edge") and key in ("actionId", "source", "target"):
            old, new = (self.value(change.kind, key, v, limit) for v in (prop.old, prop.new))
        else:
            old, new = value_text(prop.old, limit), value_text(prop.new, limit)
        return PropertyLine(self.label(change, prop.pointer), old, new, prop.pointer)

    def _config_words(self, change: Change, tokens: list[str]) -> list[str]:
        item = change.new if change.new is not ABSENT else change.old
        action_id = item.get("actionId") if isinstance(item, dict) else None
        action = self.catalog.get(action_id) if self.catalog is not None and isinstance(
            action_id, str) else None
        if action is None:
            return ["Configuration", *tokens]
        words = []
        schema: Any = action.input_schema
        for token in tokens:
            sub = None
            if isinstance(schema, dict):
                props = schema.get("properties")
                sub = props.get(token) if isinstance(props, dict) else None
                if sub is None and isinstance(schema.get("additionalProperties"), dict):
                    sub = schema["additionalProperties"]
                    words.append(token)
                    schema = sub
                    continue
            title = sub.get("title") if isinstance(sub, dict) else None
            words.append(title if isinstance(title, str) and title else token)
            schema = sub
        return words


# ----------------------------------------------------------------- helpers


def condition_words(condition: Any) -> str:
    """When a connection is taken: ``always``, ``when it fails``, ``if total > 100``."""
    if condition is ABSENT or condition is None:
        return "always"
    if isinstance(condition, dict):
        return f"if {condition.get('expression', '')}"
    return condition_sentence(str(condition))


def note_name(text: Any) -> str:
    """A note by its first words: ``Threshold comes from…``."""
    if not isinstance(text, str):
        return ""
    line = " ".join(text.split())
    if len(line) <= _NOTE_NAME_LIMIT:
        return line
    head = line[:_NOTE_NAME_LIMIT + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head[:-1] else head[:-1]
    return cut.rstrip(" ,;:.") + "…"


def parameter_headline(change: Change) -> str:
    """``Parameter “customer.city”: new maximum length 5`` from schema_diff's message."""
    message = change.message or change.op
    if not change.id:
        rest = message.removeprefix("parameter schema").lstrip(" :") if message.startswith(
            "parameter schema") else message
        return f"Parameters: {rest}"
    prefix = f"parameter {change.id}"
    if not message.startswith(prefix):
        return f"Parameter “{change.id}”: {message}"
    rest = message[len(prefix):]
    subject = f"Parameter “{change.id}”"
    if rest.startswith(" at /"):
        rel = _relative_pointer(change, rest[len(" at "):])
        if rel is not None:
            rest = rest[len(" at ") + len(rel):]
            subject = _parameter_subject(change.id, _tokens(rel))
    return f"{subject}: {rest.lstrip(' :')}"


def _relative_pointer(change: Change, text: str) -> str | None:
    """The ``/properties/city`` that the message quotes, found on the change's own pointer."""
    base = f"/parameterSchema/properties/{escape_pointer_token(change.id)}"
    if not change.pointer.startswith(base):
        return None
    remainder = change.pointer[len(base):]
    for candidate in (remainder, remainder.rsplit("/", 1)[0]):
        if candidate and text.startswith(candidate + ":"):
            return candidate
    return None


def _parameter_subject(name: str, tokens: list[str]) -> str:
    """``tags`` + ``items`` -> ``Parameter “tags” › each item``; nested fields join with dots."""
    path = [name]
    while len(tokens) >= 2 and tokens[0] == "properties":
        path.append(tokens[1])
        tokens = tokens[2:]
    words = [_SCHEMA_WORDS.get(t, t) for t in tokens]
    return " › ".join([f"Parameter “{'.'.join(path)}”", *words])


def parameter_property(tokens: list[str]) -> str:
    """``properties/city/maxLength`` -> ``city › Maximum length``; the whole parameter is
    its ``Definition``."""
    words = []
    while tokens:
        if tokens[0] == "properties" and len(tokens) >= 2:
            words.append(tokens[1])
            tokens = tokens[2:]
            continue
        words.append(_SCHEMA_WORDS.get(tokens[0], tokens[0]))
        tokens = tokens[1:]
    return " › ".join(words) if words else "Definition"


def setting_words(pointer: str) -> str:
    """A document-level key (outside steps and connections) as ``Workflow setting “…”``."""
    tokens = _tokens(pointer)
    if tokens[-1:] == ["formatVersion"]:
        return "File format version" if len(tokens) == 1 else "Graph format version"
    if tokens == ["graph", "notes"]:
        return "List of notes"
    if tokens[:1] == ["envConfig"]:
        return f"Environment setting “{' › '.join(tokens[1:])}”"
    if tokens[:1] == ["graph"]:
        tokens = tokens[1:]
    return f"Workflow setting “{' › '.join(tokens)}”"


def value_text(value: Any, limit: int = 120) -> str:
    """A JSON value as a short one-line text; a missing value is ``(not set)``."""
    if value is ABSENT:
        return NOT_SET
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _get(item: Any, key: str) -> Any:
    return item.get(key, ABSENT) if isinstance(item, dict) else ABSENT


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if value is not None else "?"
