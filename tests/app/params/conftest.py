"""A parameter editor on a small branching workflow (amount > 100 goes through approve)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from tests.support.undo import new_undo_stack

from flowdesk.app.params import ParameterEditor
from flowdesk.model.document import VersionDocument, load
from flowdesk.model.editor.workflow_model import WorkflowModel

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "x-owner": "billing",
    "type": "object",
    "properties": {
        "customerId": {"type": "string", "title": "Customer", "format": "uuid"},
        "amount": {"type": "number", "minimum": 0},
        "address": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
    "required": ["customerId"],
}


def make_doc(schema: Any) -> VersionDocument:
    return load({
        "graph": {
            "nodes": [
                {"id": "start", "type": "start"},
                {"id": "big", "type": "condition"},
                {"id": "approve", "type": "action", "actionId": "core.noop"},
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "big"},
                {"id": "e2", "source": "big", "target": "approve",
                 "condition": {"expression": "params.amount > 100"}},
                {"id": "e3", "source": "big", "target": "end", "condition": "otherwise"},
                {"id": "e4", "source": "approve", "target": "end"},
            ],
        },
        "parameterSchema": copy.deepcopy(schema),
    })


@pytest.fixture
def schema() -> dict[str, Any]:
    return copy.deepcopy(SCHEMA)


@pytest.fixture
def make_editor(qtbot) -> Callable[..., ParameterEditor]:  # type: ignore[no-untyped-def]
    def make(schema: Any = SCHEMA, read_only: bool = False) -> ParameterEditor:
        model = WorkflowModel(make_doc(schema))
        model.read_only = read_only
        stack = new_undo_stack()
        widget = ParameterEditor(model, stack)
        widget.stack = stack  # type: ignore[attr-defined]  # keep the stack alive
        qtbot.addWidget(widget)
        widget.resize(900, 600)
        widget.show()
        return widget

    return make


@pytest.fixture
def editor(make_editor) -> ParameterEditor:  # type: ignore[no-untyped-def]
    return make_editor()
