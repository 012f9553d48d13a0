"""Workflows through the repository, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from tests.support.storage import linear_document, unique_name

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.errors import (
    DeleteRefused,
    DuplicateKey,
    InvalidKey,
    InvalidValue,
    NotFound,
)
from flowdesk.storage.records import TenantInfo
from flowdesk.storage.schema import WorkflowStatus

NASTY = [
    "O'Brien \"quoted\" `back`",
    "'; DROP TABLE workflows; --",
    "Robert'); DELETE FROM tenants WHERE ('1'='1",
    "emoji 🚀🔥 and ZWJ 👩‍💻, RTL עברית, CJK 漢字",
    "back\\slash % _ wildcard \n newline \t tab",
    "x" * 10_000,
]


def test_create_then_get_by_id_and_key(db: Database, tenant: TenantInfo) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "invoice-sync", "Invoice sync", "Pulls invoices")
    with db.session() as s:
        by_id = repo.get_workflow(s, tenant.id, wf.id)
        by_key = repo.get_workflow_by_key(s, tenant.id, "invoice-sync")
    assert by_id == by_key == wf
    assert wf.status is WorkflowStatus.DRAFT
    assert wf.description == "Pulls invoices"
    assert wf.created_at.tzinfo is not None
    assert wf.created_at.microsecond % 1000 == 0  # millisecond precision, same on both dialects


@pytest.mark.parametrize("text", NASTY, ids=lambda t: t[:12])
def test_nasty_names_and_descriptions_round_trip(
    db: Database, tenant: TenantInfo, text: str
) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "nasty", text, text)
    with db.session() as s:
        back = repo.get_workflow(s, tenant.id, wf.id)
        listed = repo.list_workflows(s, tenant.id)
    assert back.name == text and back.description == text
    assert [w.workflow.name for w in listed] == [text]


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("name", "nul\x00byte", "NUL"),
        ("name", "   ", "empty"),
        ("name", "lone \ud800 surrogate", "surrogate"),
        ("description", "nul\x00byte", "NUL"),
    ],
)
def test_unstorable_text_is_refused_with_the_field_named(
    db: Database, tenant: TenantInfo, field: str, value: str, fragment: str
) -> None:
    kwargs = {"name": "ok", "description": None, field: value}
    with pytest.raises(InvalidValue) as info, db.session() as s:
        repo.create_workflow(s, tenant.id, "refused", kwargs["name"], kwargs["description"])
    assert f"workflow {field}" in str(info.value)
    assert fragment in str(info.value)
    with db.session() as s:
        assert repo.list_workflows(s, tenant.id) == []


def test_duplicate_key_names_the_key_and_keeps_the_session_usable(
    db: Database, tenant: TenantInfo
) -> None:
    with db.session() as s:
        repo.create_workflow(s, tenant.id, "orders", "Orders")
    with db.session() as s:
        with pytest.raises(DuplicateKey) as info:
            repo.create_workflow(s, tenant.id, "orders", "Orders again")
        assert info.value.key == "orders"
        assert "'orders'" in str(info.value)
        repo.create_workflow(s, tenant.id, "orders-2", "Orders 2")
    with db.session() as s:
        assert [w.workflow.key for w in repo.list_workflows(s, tenant.id)] == [
            "orders", "orders-2"
        ]


def test_same_key_in_two_tenants_is_fine(db: Database, tenant: TenantInfo) -> None:
    with db.session() as s:
        other = repo.get_or_create_tenant(s, unique_name())
        a = repo.create_workflow(s, tenant.id, "shared-key", "A")
        b = repo.create_workflow(s, other.id, "shared-key", "B")
    assert a.id != b.id


@pytest.mark.parametrize(
    "key",
    ["", "Upper", "with space", "-lead", "trail-", "dou--ble", "under_score", "é", "a" * 64,
     "semi;colon", "x'y"],
)
def test_invalid_keys_are_refused(db: Database, tenant: TenantInfo, key: str) -> None:
    with pytest.raises(InvalidKey) as info, db.session() as s:
        repo.create_workflow(s, tenant.id, key, "Name")
    assert "invalid workflow key" in str(info.value)


@pytest.mark.parametrize("key", ["a", "0", "a-b-c", "v2-final", "a" * 63])
def test_valid_keys_are_accepted(db: Database, tenant: TenantInfo, key: str) -> None:
    with db.session() as s:
        assert repo.create_workflow(s, tenant.id, key, "Name").key == key


def test_update_changes_only_what_is_given_and_bumps_updated_at(
    db: Database, tenant: TenantInfo
) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "upd", "Old", "Desc")
    with db.session() as s:
        renamed = repo.update_workflow(s, tenant.id, wf.id, name="New")
    assert (renamed.name, renamed.description, renamed.status) == ("New", "Desc", wf.status)
    assert renamed.updated_at >= wf.updated_at
    with db.session() as s:
        cleared = repo.update_workflow(s, tenant.id, wf.id, description="", status="Active")
    assert cleared.description is None and cleared.status is WorkflowStatus.ACTIVE
    with pytest.raises(InvalidValue) as info, db.session() as s:
        repo.update_workflow(s, tenant.id, wf.id, status="Deleted")
    assert "'Deleted'" in str(info.value)


def test_another_tenant_sees_nothing(db: Database, tenant: TenantInfo) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "private", "Private")
        draft = repo.create_draft(s, tenant.id, wf.id)
        intruder = repo.get_or_create_tenant(s, unique_name("intruder"))
    with db.session() as s:
        for call in (
            lambda: repo.get_workflow(s, intruder.id, wf.id),
            lambda: repo.get_workflow_by_key(s, intruder.id, "private"),
            lambda: repo.get_version(s, intruder.id, draft.id),
            lambda: repo.list_versions(s, intruder.id, wf.id),
            lambda: repo.update_workflow(s, intruder.id, wf.id, name="Hacked"),
            lambda: repo.save_draft(s, intruder.id, draft.id, linear_document()),
            lambda: repo.publish(s, intruder.id, draft.id),
            lambda: repo.delete_workflow(s, intruder.id, wf.id),
        ):
            with pytest.raises(NotFound):
                call()
        assert repo.list_workflows(s, intruder.id) == []
    with db.session() as s:
        assert repo.get_workflow(s, tenant.id, wf.id).name == "Private"


def test_delete_needs_archive_when_published(db: Database, tenant: TenantInfo) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "to-delete", "To delete")
        draft = repo.create_draft(s, tenant.id, wf.id, document=linear_document())
        repo.publish(s, tenant.id, draft.id)
    with pytest.raises(DeleteRefused) as info, db.session() as s:
        repo.delete_workflow(s, tenant.id, wf.id)
    assert "'to-delete'" in str(info.value) and "archive" in str(info.value)
    with db.session() as s:
        assert repo.archive_workflow(s, tenant.id, wf.id).status is WorkflowStatus.ARCHIVED
        repo.delete_workflow(s, tenant.id, wf.id)
    with db.session() as s:
        with pytest.raises(NotFound):
            repo.get_workflow(s, tenant.id, wf.id)
        with pytest.raises(NotFound):
            repo.get_version(s, tenant.id, draft.id)


def test_delete_without_published_versions_needs_no_archive(
    db: Database, tenant: TenantInfo
) -> None:
    with db.session() as s:
        wf = repo.create_workflow(s, tenant.id, "scratch", "Scratch")
        repo.create_draft(s, tenant.id, wf.id)
    with db.session() as s:
        repo.delete_workflow(s, tenant.id, wf.id)
        assert repo.list_workflows(s, tenant.id) == []


def test_list_summarises_versions_and_searches(db: Database, tenant: TenantInfo) -> None:
    with db.session() as s:
        a = repo.create_workflow(s, tenant.id, "alpha", "Alpha", "Sends 100% of invoices")
        b = repo.create_workflow(s, tenant.id, "beta", "beta job")
        repo.create_workflow(s, tenant.id, "gamma", "Gamma")
        for _ in range(2):
            d = repo.create_draft(s, tenant.id, a.id, document=linear_document())
            repo.publish(s, tenant.id, d.id)
        draft = repo.create_draft(s, tenant.id, a.id)
        repo.create_draft(s, tenant.id, b.id)
    with db.session() as s:
        rows = {r.workflow.key: r for r in repo.list_workflows(s, tenant.id)}
        assert [r.workflow.key for r in repo.list_workflows(s, tenant.id)] == [
            "alpha", "beta", "gamma"
        ]
        assert (rows["alpha"].latest_version, rows["alpha"].published_count) == (2, 2)
        assert rows["alpha"].draft_id == draft.id
        assert (rows["beta"].latest_version, rows["beta"].has_draft) == (None, True)
        assert (rows["gamma"].draft_id, rows["gamma"].published_count) == (None, 0)
        assert [r.workflow.key for r in repo.list_workflows(s, tenant.id, "BETA")] == ["beta"]
        assert [r.workflow.key for r in repo.list_workflows(s, tenant.id, "100%")] == ["alpha"]
        assert [r.workflow.key for r in repo.list_workflows(s, tenant.id, "%")] == ["alpha"]
        assert repo.list_workflows(s, tenant.id, "_") == []


def test_tenants_are_found_by_name_once(db: Database) -> None:
    name = unique_name("acme 'quoted' 🚀")
    with db.session() as s:
        first = repo.get_or_create_tenant(s, name)
    with db.session() as s:
        again = repo.get_or_create_tenant(s, name)
        found = repo.find_tenant(s, name)
        assert repo.find_tenant(s, name + "-missing") is None
        assert first in repo.list_tenants(s)
    assert first == again == found
