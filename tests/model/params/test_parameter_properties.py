"""Whatever sequence of list edits an author makes, the schema stays a valid JSON Schema,
the list reads back what was done, and keywords Flowdesk does not understand survive."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from flowdesk.model.errors import EditError
from flowdesk.model.params import (
    PARAMETER_TYPES,
    add_parameter,
    check_raw_schema,
    format_schema,
    list_parameters,
    move_parameter,
    remove_parameter,
    rename_parameter,
    set_required,
    set_type,
)

NAMES = st.sampled_from(["a", "b", "c", "d", "e"])
OPS = st.one_of(
    st.tuples(st.just("add"), NAMES, st.integers(0, 5), st.booleans()),
    st.tuples(st.just("remove"), NAMES),
    st.tuples(st.just("rename"), NAMES, NAMES),
    st.tuples(st.just("move"), NAMES, st.integers(0, 5)),
    st.tuples(st.just("required"), NAMES, st.booleans()),
    st.tuples(st.just("type"), NAMES, st.sampled_from(PARAMETER_TYPES)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(OPS, max_size=12))
def test_edits_keep_unknown_keywords_and_a_valid_schema(ops: list[tuple]) -> None:
    schema = {"$comment": "mine", "x-ui": {"a": 1}, "type": "object",
              "properties": {"keep": {"type": "string", "x-widget": "w"}}}
    expected: list[str] = ["keep"]
    for op, *args in ops:
        try:
            if op == "add":
                name, index, required = args
                schema = add_parameter(schema, name, index=index, required=required)
                expected.insert(min(index, len(expected)), name)
            elif op == "remove":
                schema = remove_parameter(schema, args[0])
                expected.remove(args[0])
            elif op == "rename":
                schema = rename_parameter(schema, args[0], args[1])
                expected = [args[1] if n == args[0] else n for n in expected]
            elif op == "move":
                schema = move_parameter(schema, args[0], args[1])
                expected.remove(args[0])
                expected.insert(min(args[1], len(expected)), args[0])
            elif op == "required":
                schema = set_required(schema, *args)
            elif op == "type":
                schema = set_type(schema, *args)
        except EditError:
            continue  # refused edits (unknown or duplicate names) change nothing
        assert [p.name for p in list_parameters(schema)] == expected
    assert schema["$comment"] == "mine" and schema["x-ui"] == {"a": 1}
    if "keep" in schema["properties"]:
        assert schema["properties"]["keep"]["x-widget"] == "w"
    jsonschema.Draft202012Validator.check_schema(schema)
    required = schema.get("required", [])
    assert len(required) == len(set(required)) and set(required) <= set(expected)
    check = check_raw_schema(format_schema(schema))
    assert check.accepted and json.dumps(check.schema) == json.dumps(schema)
