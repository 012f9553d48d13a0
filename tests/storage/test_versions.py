"""Drafts, publishing, the latest pointer and immutability through the API and the ORM."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from tests.support.storage import broken_document, linear_document

from flowdesk.model.canonical import canonical_json, content_hash
from flowdesk.model.document import dump, empty_document, load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.errors import (
    DraftExists,
    ForeignVersion,
    ImmutableVersion,
    InvalidValue,
    NotFound,
    PublishRefused,
    StorageError,
)
from flowdesk.storage.records import TenantInfo, WorkflowInfo
from flowdesk.storage.schema import VersionMeta, WorkflowVersion


@pytest.fixture
def workflow(db: Database, tenant: TenantInfo) -> WorkflowInfo:
    with db.session() as s:
        return repo.create_workflow(s, tenant.id, "flow", "Flow")


def _publish_new(db: Database, tenant: TenantInfo, wf: WorkflowInfo, name: str = "Step"):
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, wf.id, document=linear_document(name))
        return repo.publish(s, tenant.id, draft.id)


def test_new_draft_is_the_empty_document(db: Database, tenant: TenantInfo, workflow) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id)
    assert draft.is_draft and draft.info.version < 0 and not draft.info.is_latest
    assert draft.document == empty_document()
    with db.session() as s:
        assert repo.get_draft(s, tenant.id, workflow.id) == draft


def test_document_comes_back_equal_and_is_stored_canonically(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    doc = linear_document("Fetch «client» 'x' 🚀 " + "y" * 10_000, note="'; DROP TABLE x; --")
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id, document=doc)
    with db.session() as s:
        back = repo.get_version(s, tenant.id, draft.id)
        raw = s.execute(
            select(WorkflowVersion.graph).where(WorkflowVersion.id == draft.id)
        ).scalar_one()
    assert back.document == doc
    assert dump(back.document) == dump(doc)
    assert back.info.content_hash == content_hash(dump(doc))
    # 240.0 was stored as the canonical 240.
    assert canonical_json(raw) == canonical_json(dump(doc)["graph"])
    wait = next(n for n in raw["nodes"] if n["id"] == "wait")
    assert json.dumps(wait["position"]["x"]) == "240"


def test_save_draft_replaces_the_content(db: Database, tenant: TenantInfo, workflow) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id)
    with db.session() as s:
        saved = repo.save_draft(s, tenant.id, draft.id, linear_document("Renamed"))
    with db.session() as s:
        assert repo.get_version(s, tenant.id, draft.id).document == linear_document("Renamed")
        assert repo.get_workflow(s, tenant.id, workflow.id).updated_at >= workflow.updated_at
    assert saved.info.content_hash == content_hash(dump(linear_document("Renamed")))


def test_a_document_with_unstorable_content_is_refused(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id)
    bad = dump(linear_document())
    bad["graph"]["nodes"][1]["name"] = "nul\x00inside"
    with pytest.raises(InvalidValue, match="NUL"), db.session() as s:
        repo.save_draft(s, tenant.id, draft.id, load(bad))
    extra = dict(dump(linear_document()), author="me")
    with pytest.raises(InvalidValue, match="author"), db.session() as s:
        repo.save_draft(s, tenant.id, draft.id, load(extra))
    with db.session() as s:  # nothing saved was lost
        assert repo.get_version(s, tenant.id, draft.id).document == empty_document()


def test_one_draft_per_workflow_unless_asked(db: Database, tenant: TenantInfo, workflow) -> None:
    with db.session() as s:
        first = repo.create_draft(s, tenant.id, workflow.id)
    with pytest.raises(DraftExists) as info, db.session() as s:
        repo.create_draft(s, tenant.id, workflow.id)
    assert first.id in str(info.value) and "'flow'" in str(info.value)
    with db.session() as s:
        second = repo.create_draft(s, tenant.id, workflow.id, exclusive=False)
    assert second.info.version != first.info.version
    assert second.info.version < 0


def test_publish_numbers_consecutively_and_moves_latest(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    published = [_publish_new(db, tenant, workflow, f"Step {i}") for i in range(3)]
    assert [p.info.version for p in published] == [1, 2, 3]
    assert all(p.info.published_at is not None for p in published)
    with db.session() as s:
        versions = repo.list_versions(s, tenant.id, workflow.id)
        latest = repo.get_latest(s, tenant.id, workflow.id)
        second = repo.get_version_by_number(s, tenant.id, workflow.id, 2)
    assert [(v.version, v.is_latest) for v in versions] == [(3, True), (2, False), (1, False)]
    assert latest is not None and latest.id == published[2].id
    assert second.document == linear_document("Step 1")


def test_draft_discarded_between_publishes_leaves_no_gap(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    _publish_new(db, tenant, workflow)
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id)
        repo.discard_draft(s, tenant.id, draft.id)
        with pytest.raises(NotFound):
            repo.get_version(s, tenant.id, draft.id)
    assert _publish_new(db, tenant, workflow).info.version == 2


def test_publish_refused_returns_the_problems_and_keeps_the_draft(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id, document=broken_document())
    with pytest.raises(PublishRefused) as info, db.session() as s:
        repo.publish(s, tenant.id, draft.id)
    errors = [p for p in info.value.problems if p.is_error]
    assert errors
    assert any(
        p.location.edge_id == "e_ghost" or p.location.pointer.startswith("/graph/edges/1")
        for p in errors
    )
    with db.session() as s:
        still = repo.get_version(s, tenant.id, draft.id)
    assert still.is_draft and still.document == broken_document()


def test_make_latest_moves_only_the_pointer(db: Database, tenant: TenantInfo, workflow) -> None:
    v1 = _publish_new(db, tenant, workflow, "one")
    v2 = _publish_new(db, tenant, workflow, "two")
    with db.session() as s:
        back = repo.make_latest(s, tenant.id, v1.id)
    assert back.info.is_latest and back.info.version == 1
    assert back.document == v1.document and back.info.published_at == v1.info.published_at
    with db.session() as s:
        assert [(v.version, v.is_latest) for v in repo.list_versions(s, tenant.id, workflow.id)] \
            == [(2, False), (1, True)]
        # Publishing again continues after the highest number, not after the latest.
        draft = repo.create_draft(s, tenant.id, workflow.id, from_version_id=v2.id)
        assert repo.publish(s, tenant.id, draft.id).info.version == 3


def test_restore_as_draft_copies_the_document_and_records_the_base(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    v1 = _publish_new(db, tenant, workflow, "original")
    with db.session() as s:
        draft = repo.restore_as_draft(s, tenant.id, v1.id)
    assert draft.is_draft and draft.info.based_on_id == v1.id
    assert draft.document == v1.document
    with db.session() as s:
        versions = repo.list_versions(s, tenant.id, workflow.id)
    assert [v.id for v in versions] == [draft.id, v1.id]
    assert versions[0].label == "draft" and versions[1].label == "v1"


def test_drafts_cannot_be_latest(db: Database, tenant: TenantInfo, workflow) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id)
    with pytest.raises(StorageError, match="publish it first"), db.session() as s:
        repo.make_latest(s, tenant.id, draft.id)


def test_published_version_is_immutable_through_the_api(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    v1 = _publish_new(db, tenant, workflow)
    for call in (
        lambda s: repo.save_draft(s, tenant.id, v1.id, linear_document("changed")),
        lambda s: repo.discard_draft(s, tenant.id, v1.id),
        lambda s: repo.publish(s, tenant.id, v1.id),
    ):
        with pytest.raises(ImmutableVersion) as info, db.session() as s:
            call(s)
        assert v1.id in str(info.value)
    with db.session() as s:
        assert repo.get_version(s, tenant.id, v1.id).document == linear_document()


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("graph", {"nodes": [], "edges": []}),
        ("parameter_schema", {"type": "object"}),
        ("env_config", None),
        ("version", 99),
        ("published_at", None),
    ],
)
def test_the_orm_refuses_to_flush_a_change_to_a_published_version(
    db: Database, tenant: TenantInfo, workflow, attribute: str, value: object
) -> None:
    v1 = _publish_new(db, tenant, workflow)
    with pytest.raises(ImmutableVersion, match=attribute), db.session() as s:
        row = s.get(WorkflowVersion, v1.id)
        setattr(row, attribute, value)
        s.flush()
    with db.session() as s:
        assert repo.get_version(s, tenant.id, v1.id).document == v1.document


def test_the_orm_allows_moving_is_latest_but_not_deleting(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    v1 = _publish_new(db, tenant, workflow)
    v2 = _publish_new(db, tenant, workflow)
    with db.session() as s:  # roll back to v1 (SQLite's unique index wants the clear first)
        s.get(WorkflowVersion, v2.id).is_latest = False
        s.flush()
        s.get(WorkflowVersion, v1.id).is_latest = True
    with db.session() as s:
        assert repo.get_latest(s, tenant.id, workflow.id).info.id == v1.id
    with pytest.raises(ImmutableVersion, match="cannot be deleted"), db.session() as s:
        s.delete(s.get(WorkflowVersion, v1.id))
        s.flush()
    with pytest.raises(ImmutableVersion), db.session() as s:
        row = s.get(WorkflowVersion, v1.id)
        s.expire(row, ["published_at"])  # even when publishedAt is not loaded
        row.graph = {"nodes": [], "edges": []}
        s.flush()
    with pytest.raises(ImmutableVersion), db.session() as s:
        row = s.get(WorkflowVersion, v1.id)
        s.expire(row, ["published_at"])
        row.id = "renamed"  # the lookup must use the identity the row was loaded with
        s.flush()


def _insert_api_draft(db: Database, workflow_id: str, number: int) -> dict:
    """A draft as another client of the platform writes it: raw SQL, a positive number, no
    Flowdesk bookkeeping."""
    row = {"id": f"api-{workflow_id}", "wf": workflow_id, "n": number,
           "graph": '{"nodes": [], "edges": [], "madeBy": "api"}'}
    with db.engine.begin() as conn:
        conn.execute(text(
            'INSERT INTO workflow_versions (id, workflow_id, version, graph, "createdAt") '
            "VALUES (:id, :wf, :n, :graph, CURRENT_TIMESTAMP)"
        ), row)
    return row


def _stored_row(db: Database, version_id: str) -> tuple:
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(
            'SELECT version, graph, is_latest, "createdAt", "publishedAt" '
            "FROM workflow_versions WHERE id = :id"
        ), {"id": version_id}).one())


def test_a_draft_another_client_wrote_is_never_touched_by_publish(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    """The API's draft holds v2, the next number: Flowdesk publishes v3 and leaves it as it is."""
    _publish_new(db, tenant, workflow)
    api = _insert_api_draft(db, workflow.id, 2)
    before = _stored_row(db, api["id"])
    with db.session() as s:
        assert repo.get_draft(s, tenant.id, workflow.id) is None  # not Flowdesk's draft
        ours = repo.create_draft(s, tenant.id, workflow.id, document=linear_document())
        assert repo.publish(s, tenant.id, ours.id).info.version == 3
    assert _stored_row(db, api["id"]) == before
    with db.session() as s:
        listed = {v.id: v.version for v in repo.list_versions(s, tenant.id, workflow.id)}
        assert listed[api["id"]] == 2 and sorted(listed.values()) == [1, 2, 3]


def test_flowdesk_refuses_to_save_discard_or_publish_another_clients_draft(
    db: Database, tenant: TenantInfo, workflow
) -> None:
    api = _insert_api_draft(db, workflow.id, 1)
    before = _stored_row(db, api["id"])
    for action in (
        lambda s: repo.save_draft(s, tenant.id, api["id"], linear_document()),
        lambda s: repo.discard_draft(s, tenant.id, api["id"]),
        lambda s: repo.publish(s, tenant.id, api["id"]),
    ):
        with pytest.raises(ForeignVersion, match="another client"), db.session() as s:
            action(s)
    assert _stored_row(db, api["id"]) == before
    with db.session() as s:  # copying it into a draft of Flowdesk's own is fine
        copy = repo.restore_as_draft(s, tenant.id, api["id"])
        assert copy.is_draft and copy.info.version < 0
        assert repo.get_draft(s, tenant.id, workflow.id).info.id == copy.info.id


@pytest.mark.parametrize("activate", [True, False])
def test_publish_can_make_the_workflow_active(
    db: Database, tenant: TenantInfo, workflow, activate: bool
) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id, document=linear_document())
        repo.publish(s, tenant.id, draft.id, activate=activate)
    with db.session() as s:
        status = repo.get_workflow(s, tenant.id, workflow.id).status
    assert status == (repo.WorkflowStatus.ACTIVE if activate else repo.WorkflowStatus.DRAFT)


def test_meta_rows_go_with_their_versions(db: Database, tenant: TenantInfo, workflow) -> None:
    with db.session() as s:
        draft = repo.create_draft(s, tenant.id, workflow.id)
        repo.discard_draft(s, tenant.id, draft.id)
    with db.session() as s:
        assert s.get(VersionMeta, draft.id) is None
