"""Checking raw parameter schema text: syntax errors with line/column, meta-schema errors
with a JSON pointer and where it sits in the text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from flowdesk.model.params import check_raw_schema, format_schema, value_positions


def test_syntax_error_gives_line_and_column() -> None:
    text = '{\n  "type": "object",\n  "properties": {,}\n}'
    check = check_raw_schema(text)
    assert not check.accepted and check.schema is None
    (err,) = check.errors
    assert (err.line, err.column) == (3, 18)
    assert "line 3, column 18" in str(err)


def test_meta_schema_error_gives_pointer_and_position() -> None:
    text = format_schema({"type": "object", "properties": {"n": {"type": "integer",
                                                                 "minimum": "zero"}}})
    check = check_raw_schema(text)
    assert not check.accepted
    (err,) = check.errors
    assert err.pointer == "/properties/n/minimum"
    assert text.splitlines()[err.line - 1].strip().startswith('"minimum"')
    assert text[err.offset:].startswith('"minimum"')


def test_draft_is_taken_from_dollar_schema() -> None:
    # "exclusiveMinimum": true is valid in draft-04 but not in 2020-12
    body = {"type": "object", "properties": {"n": {"type": "number", "minimum": 0,
                                                   "exclusiveMinimum": True}}}
    assert not check_raw_schema(json.dumps(body)).accepted
    draft4 = {"$schema": "http://json-schema.org/draft-04/schema#", **body}
    assert check_raw_schema(json.dumps(draft4)).accepted


def test_non_object_root_is_a_warning_not_a_refusal() -> None:
    check = check_raw_schema('{"type": "string"}')
    assert check.accepted and check.schema == {"type": "string"}
    assert check.errors[0].pointer == "/type" and not check.errors[0].blocking
    assert not check_raw_schema("[1, 2]").accepted


def test_valid_schema_has_no_errors() -> None:
    check = check_raw_schema(format_schema({"type": "object", "properties": {}}))
    assert check.accepted and check.errors == ()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=12,
)


def _at(value: object, pointer: str) -> tuple[object, object]:
    parent, node = None, value
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        parent = node
        node = node[int(token)] if isinstance(node, list) else node[token]  # type: ignore[index]
    return parent, node


@given(json_values)
def test_value_positions_point_at_each_value(value: object) -> None:
    text = format_schema(value)
    positions = value_positions(text)
    for pointer, (start, end) in positions.items():
        parent, node = _at(value, pointer)
        if isinstance(parent, dict):
            # an object member's span starts at its key: "key": value
            key = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
            assert json.loads("{" + text[start:end] + "}") == {key: node}
        else:
            assert json.loads(text[start:end]) == node
    assert len(positions) >= 1


def test_outside_and_looping_refs_are_located_warnings() -> None:
    text = (
        '{"type": "object",\n'
        ' "properties": {"a": {"$ref": "http://127.0.0.1:9/a.json"},\n'
        '                "b": {"$ref": "#/$defs/b"}},\n'
        ' "$defs": {"b": {"anyOf": [{"$ref": "#/$defs/b"}]}}}'
    )
    check = check_raw_schema(text)
    assert check.accepted  # the author may be mid-edit; validate reports them as errors
    found = [(e.pointer, e.line, e.blocking) for e in check.errors]
    assert found == [("/properties/a/$ref", 2, False), ("/$defs/b/anyOf/0/$ref", 4, False)]
    assert "outside the schema" in check.errors[0].message
    assert "loops back" in check.errors[1].message
