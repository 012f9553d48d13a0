"""The model's own JSON readers (clipboard paste, the raw parameter-schema editor) are strict too."""

from __future__ import annotations

import pytest

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.editor.clipboard import fragment_from_text
from flowdesk.model.errors import CatalogError, EditError
from flowdesk.model.params.raw_schema import check_raw_schema


@pytest.mark.parametrize(("text", "message"), [
    ('{"graph": {"nodes": [], "nodes": []}}', "duplicate key 'nodes' at /graph/nodes"),
    ('{"graph": {"nodes": [{"id": "a", "position": {"x": NaN, "y": 0}}]}}',
     "NaN is not a JSON number at /graph/nodes/0/position/x"),
    ('{"graph": ' + "[" * 300 + "]" * 300 + "}", "nested deeper than 100 levels"),
])
def test_pasting_refused_json_says_what_and_where(text: str, message: str) -> None:
    with pytest.raises(EditError, match="the clipboard does not hold Flowdesk nodes") as caught:
        fragment_from_text(text)
    assert message in str(caught.value)


def test_the_raw_schema_editor_names_a_duplicate_keyword() -> None:
    check = check_raw_schema('{"type": "object", "properties": {"a": {}, "a": {}}}')
    assert check.schema is None
    [problem] = check.errors
    assert problem.pointer == "/properties/a"
    assert "duplicate key 'a'" in problem.message


def test_the_raw_schema_editor_still_places_syntax_errors() -> None:
    check = check_raw_schema('{"type": "object",\n  "properties": }')
    [problem] = check.errors
    assert (problem.line, problem.column) == (2, 17)
    assert problem.message.startswith("JSON syntax: Expecting value")


def test_an_action_folder_with_refused_json_names_the_file_and_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "act.json").write_text('{"id": "my.action", "id": "other"}', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        ActionCatalog.from_folder(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'act.json'}: duplicate key 'id' at /id"
