"""Documents and set-ups shared by the sync tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flowdesk.model.document import VersionDocument, load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.records import VersionRecord


def two_step_document() -> VersionDocument:
    """start -> wait -> notify -> end: two action nodes two authors can edit separately."""
    return load({
        "formatVersion": 1,
        "graph": {
            "formatVersion": 1,
            "nodes": [
                {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
                {"id": "wait", "type": "action", "name": "Wait", "actionId": "flow.delay",
                 "config": {"seconds": 5}, "position": {"x": 240, "y": 0}},
                {"id": "notify", "type": "action", "name": "Pause again",
                 "actionId": "flow.delay", "config": {"seconds": 1},
                 "position": {"x": 480, "y": 0}},
                {"id": "end", "type": "end", "position": {"x": 720, "y": 0}},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "wait"},
                {"id": "e2", "source": "wait", "target": "notify", "condition": "onSuccess"},
                {"id": "e3", "source": "notify", "target": "end", "condition": "onSuccess"},
            ],
        },
        "parameterSchema": {"type": "object", "properties": {}},
        "envConfig": {"env": {"REGION": "eu-west-1"}, "secrets": {}},
    })


def edit_node(doc: VersionDocument, node_id: str, **fields: Any) -> VersionDocument:
    nodes = tuple(replace(n, **fields) if n.id == node_id else n for n in doc.graph.nodes)
    return doc.with_graph(replace(doc.graph, nodes=nodes))


def node(doc: VersionDocument, node_id: str) -> Any:
    found = doc.graph.node(node_id)
    assert found is not None, node_id
    return found


def publish_on_remote(
    remote_url: str, tenant: str, key: str, document: VersionDocument
) -> VersionRecord:
    """Someone publishes directly on the shared catalog (with Flowdesk's storage layer)."""
    db = open_database(remote_url)
    try:
        with db.session() as s:
            t = repo.get_or_create_tenant(s, tenant)
            try:
                wf = repo.get_workflow_by_key(s, t.id, key)
            except Exception:
                wf = repo.create_workflow(s, t.id, key, key.title())
            draft = repo.create_draft(s, t.id, wf.id, document=document)
            return repo.publish(s, t.id, draft.id)
    finally:
        db.dispose()


def start_draft(ws: Database, tenant: str, key: str, document: VersionDocument) -> VersionRecord:
    """An author opens the latest pulled version as a draft and saves ``document`` into it."""
    with ws.session() as s:
        t = repo.find_tenant(s, tenant)
        assert t is not None
        wf = repo.get_workflow_by_key(s, t.id, key)
        latest = repo.get_latest(s, t.id, wf.id)
        draft = repo.create_draft(
            s, t.id, wf.id, from_version_id=latest.id if latest else None
        )
        return repo.save_draft(s, t.id, draft.id, document)


def versions_of(db: Database, tenant: str, key: str) -> list[Any]:
    with db.session() as s:
        t = repo.find_tenant(s, tenant)
        assert t is not None
        wf = repo.get_workflow_by_key(s, t.id, key)
        return repo.list_versions(s, t.id, wf.id)


def document_of(db: Database, tenant: str, key: str, number: int) -> VersionDocument:
    with db.session() as s:
        t = repo.find_tenant(s, tenant)
        assert t is not None
        wf = repo.get_workflow_by_key(s, t.id, key)
        return repo.get_version_by_number(s, t.id, wf.id, number).document
