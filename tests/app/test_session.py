"""The workspace and the editor session, without a window: seeding, autosave, publish."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from flowdesk.app.commands import Paste, SetParameterSchema
from flowdesk.app.commands.graph_commands import RemoveEdge, SetNodeProperty
from flowdesk.app.session import EditorSession, Workspace
from flowdesk.model.editor.clipboard import copy_selection
from flowdesk.storage.errors import DatabaseUnavailable


def _summary(ws: Workspace, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in ws.list_workflows() if s.workflow.key == key)


def _session(ws: Workspace, key: str, **kwargs) -> EditorSession:  # type: ignore[no-untyped-def]
    summary = _summary(ws, key)
    return EditorSession(ws, summary.workflow, ws.version_to_open(summary.workflow.id), **kwargs)


def test_first_run_seeds_a_tenant_and_both_examples(workspace: Workspace) -> None:
    assert workspace.tenant.name == "Local"
    summaries = {s.workflow.key: s for s in workspace.list_workflows()}
    assert set(summaries) == {"order-approval", "customer-welcome"}
    branching = summaries["order-approval"]
    assert branching.latest_version == 1 and branching.draft_id is not None
    versions = workspace.list_versions(branching.workflow.id)
    assert [(v.is_draft, v.is_latest) for v in versions] == [(True, False), (False, True)]
    draft = workspace.get_draft(branching.workflow.id)
    assert not draft.document.graph.is_linear()
    types = {n.type for n in draft.document.graph.nodes}
    assert {"condition", "parallel", "join"} <= types
    linear = workspace.get_draft(summaries["customer-welcome"].workflow.id)
    assert linear.document.graph.is_linear()


def test_reopening_does_not_seed_again(workspace_path: Path) -> None:
    ws = Workspace.open(workspace_path)
    try:
        assert len(ws.list_workflows()) == 2
    finally:
        ws.close()


def test_examples_open_without_problems(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    for key in ("order-approval", "customer-welcome"):
        session = _session(workspace, key)
        assert session.problems == [], key
        assert not session.read_only


def test_an_edit_is_autosaved_into_the_draft(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = _session(workspace, "customer-welcome", autosave_delay_ms=50)
    assert not session.is_dirty
    with qtbot.wait_signal(session.dirty_changed, timeout=1000):
        session.undo_stack.push(SetNodeProperty(session.model, "send_welcome", "name", "Hello!"))
    assert session.is_dirty
    with qtbot.wait_signal(session.saved, timeout=2000):
        pass
    assert not session.is_dirty
    stored = workspace.get_version(session.version.id)
    assert stored.document.graph.node("send_welcome").name == "Hello!"


def test_validation_follows_edits_after_a_short_pause(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = _session(workspace, "customer-welcome", validation_delay_ms=20)
    with qtbot.wait_signal(session.problems_changed, timeout=2000) as blocker:
        session.undo_stack.push(RemoveEdge(session.model, "e4"))
    problems = blocker.args[0]
    assert any(p.is_error and p.location.node_id == "notify_team" for p in problems), problems
    session.undo_stack.undo()
    assert session.validate_now() == []


def test_publish_is_refused_with_the_problems(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = _session(workspace, "customer-welcome")
    session.undo_stack.push(RemoveEdge(session.model, "e2"))
    outcome = session.publish()
    assert not outcome.published
    assert any(p.is_error for p in outcome.problems)
    assert session.version.is_draft and not session.read_only
    # the refused draft was still saved: nothing typed is lost
    assert workspace.get_version(session.version.id).document.graph.edge("e2") is None


def test_publish_makes_the_next_version_read_only_and_latest(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = _session(workspace, "order-approval")
    session.undo_stack.push(SetNodeProperty(session.model, "is_large", "name", "Big order?"))
    outcome = session.publish()
    assert outcome.published, outcome
    assert session.read_only and not session.version.is_draft
    assert session.version.version == 2 and session.version.is_latest
    assert session.describe_version() == "v2 · published · latest"
    assert session.undo_stack.count() == 0
    assert workspace.get_version(session.version.id).document.graph.node("is_large").name == (
        "Big order?"
    )
    summary = _summary(workspace, "order-approval")
    assert summary.latest_version == 2 and summary.draft_id is None


def test_a_published_version_refuses_edits_and_says_so(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    summary = _summary(workspace, "order-approval")
    latest = workspace.get_latest(summary.workflow.id)
    session = EditorSession(workspace, summary.workflow, latest)
    assert session.read_only
    with qtbot.wait_signal(session.edit_refused, timeout=500):
        session.undo_stack.push(SetNodeProperty(session.model, "fetch_order", "name", "x"))
    assert session.model.node("fetch_order").name == "Fetch order"
    assert session.undo_stack.count() == 0


def test_close_flushes_pending_edits(workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = _session(workspace, "customer-welcome", autosave_delay_ms=60_000)
    session.undo_stack.push(SetNodeProperty(session.model, "notify_team", "name", "Ping"))
    assert session.is_dirty
    assert session.close()
    stored = workspace.get_version(session.version.id)
    assert stored.document.graph.node("notify_team").name == "Ping"


def test_an_ended_session_lets_go_of_its_edits_and_is_collected_safely(
        workspace: Workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    for end in ("close", "discard"):
        session = _session(workspace, "order-approval", autosave_delay_ms=60_000)
        session.undo_stack.push(Paste(session.model, copy_selection(session.model.graph,
                                                                    ["fetch_order"])))
        session.undo_stack.undo()  # the command stays on the stack, redoable
        getattr(session, end)()
        assert session.undo_stack.count() == 0, end
        del session
        gc.collect()  # the stack, its model and the items die in one pass: no crash


def test_a_failed_save_is_reported_not_swallowed(workspace: Workspace, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session = _session(workspace, "customer-welcome", autosave_delay_ms=60_000)
    session.undo_stack.push(SetNodeProperty(session.model, "notify_team", "name", "Ping"))

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise DatabaseUnavailable("disk full")

    monkeypatch.setattr(workspace, "save_draft", broken)
    with qtbot.wait_signal(session.save_failed, timeout=500) as blocker:
        assert not session.close()
    assert "disk full" in blocker.args[0]
    assert session.is_dirty


@pytest.mark.parametrize("key", ["order-approval"])
def test_new_draft_from_a_published_version_copies_it(workspace: Workspace, key: str) -> None:
    summary = _summary(workspace, key)
    latest = workspace.get_latest(summary.workflow.id)
    workspace.discard_draft(summary.draft_id)
    draft = workspace.new_draft_from(latest.info.id)
    assert draft.info.is_draft
    assert draft.document.graph == latest.document.graph


def test_parameter_order_typed_as_raw_schema_survives_save_and_reopen(
    workspace: Workspace, qtbot  # type: ignore[no-untyped-def]
) -> None:
    # the raw JSON tab sets a schema whose key order is the author's order; storage
    # sorts keys, so the session must record that order before it saves
    session = _session(workspace, "customer-welcome")
    schema = {"type": "object", "properties": {"zone": {"type": "string"},
                                                "amount": {"type": "number"},
                                                "customer": {"type": "string"}}}
    session.undo_stack.push(SetParameterSchema(session.model, schema))
    assert session.save()
    reopened = workspace.get_draft(_summary(workspace, "customer-welcome").workflow.id)
    assert list(reopened.document.parameter_schema.properties) == ["zone", "amount", "customer"]
