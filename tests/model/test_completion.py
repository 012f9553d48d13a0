"""Completion of ${{ }} templates and the unknown references in a text."""

from __future__ import annotations

import pytest

from flowdesk.model.completion import complete, open_template_at, unknown_references
from flowdesk.model.document import VersionDocument, load


@pytest.fixture
def doc() -> VersionDocument:
    return load({
        "graph": {
            "nodes": [
                {"id": "start", "type": "start"},
                {"id": "fetch", "type": "action", "actionId": "http.request"},
                {"id": "check", "type": "condition"},
                {"id": "notify", "type": "action", "actionId": "http.request"},
                {"id": "other", "type": "action", "actionId": "http.request"},
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "fetch"},
                {"id": "e2", "source": "fetch", "target": "check"},
                {"id": "e3", "source": "check", "target": "notify",
                 "condition": {"expression": "true"}},
                {"id": "e4", "source": "check", "target": "other", "condition": "otherwise"},
                {"id": "e5", "source": "notify", "target": "end"},
                {"id": "e6", "source": "other", "target": "end"},
            ],
        },
        "parameterSchema": {"type": "object", "properties": {
            "customerId": {"type": "string"}, "count": {"type": "integer"}}},
        "envConfig": {"env": {"REGION": "eu"},
                      "secrets": {"CRM_TOKEN": {"connectionId": "c1"}}},
    })


def texts(result) -> list[str]:
    return [c.text for c in result.items]


def test_roots_offered_right_after_the_opening(doc: VersionDocument) -> None:
    text = "https://x/${{ "
    result = complete(text, len(text), doc, "notify")
    assert texts(result) == ["params", "env", "secrets", "steps"]
    assert (result.start, result.end, result.prefix) == (len(text), len(text), "")


def test_names_after_a_root_and_prefix_filtering(doc: VersionDocument) -> None:
    text = "id=${{ params.cu"
    result = complete(text, len(text), doc, "notify")
    assert texts(result) == ["customerId"]
    assert text[result.start:result.end] == "cu"
    assert texts(complete("${{ env.", 8, doc, "notify")) == ["REGION"]
    assert texts(complete("${{ secrets.", 12, doc, "notify")) == ["CRM_TOKEN"]


def test_steps_offers_only_upstream_nodes_then_output_and_status(doc: VersionDocument) -> None:
    assert texts(complete("${{ steps.", 10, doc, "notify")) == ["fetch", "check"]
    assert texts(complete("${{ steps.", 10, doc, "fetch")) == []
    assert texts(complete("${{ steps.fetch.", 16, doc, "notify")) == ["output", "status"]


def test_no_completion_outside_a_template(doc: VersionDocument) -> None:
    assert complete("plain text", 5, doc, "notify") is None
    assert complete("${{ params.a }} tail", 18, doc, "notify") is None
    assert open_template_at("a ${{ b }} ${{ c", 16) == 14


def test_unknown_references_with_spans_and_messages(doc: VersionDocument) -> None:
    text = "${{ params.customerId }}/${{ params.nope }}/${{ env.MISSING }}/${{ steps.other.output }}"
    found = unknown_references(text, doc, "notify")
    assert [(text[u.start:u.end], u.reference) for u in found] == [
        ("params.nope", "params.nope"),
        ("env.MISSING", "env.MISSING"),
        ("steps.other.output", "steps.other.output"),
    ]
    assert "params.nope, which the parameter schema does not define" in found[0].message
    assert "steps.other, but it does not run before this node" in found[2].message


def test_unknown_root_bad_step_field_and_syntax_error(doc: VersionDocument) -> None:
    text = "${{ foo.bar }} ${{ steps.fetch.result }} ${{ params. }} ${{ steps.ghost.output }}"
    found = unknown_references(text, doc, "notify")
    assert "only params, env, secrets and steps are in scope" in found[0].message
    assert "only output and status" in found[1].message
    assert found[2].message.startswith("the template does not parse")
    assert text[found[2].start:found[2].end] == "${{ params. }}"
    assert "there is no node 'ghost'" in found[3].message


def test_parameters_from_all_of_are_in_scope(doc: VersionDocument) -> None:
    data = doc.to_json()
    data["parameterSchema"]["allOf"] = [{"properties": {"extra": {"type": "string"}}}]
    doc2 = load(data)
    assert unknown_references("${{ params.extra }}", doc2, "notify") == []
    assert "extra" in texts(complete("${{ params.", 11, doc2, "notify"))


def test_known_references_are_fine(doc: VersionDocument) -> None:
    text = "${{ params.count > 1 && secrets.CRM_TOKEN != '' && steps.fetch.status == 'ok' }}"
    assert unknown_references(text, doc, "notify") == []
