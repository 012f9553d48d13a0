"""The storage service: every read and write of tenants, workflows and versions.

Functions take the caller's session first and the tenant next; the caller
owns the unit of work (``with db.session() as s:``). The implementation is
split by concept (``tenants``, ``workflows``, ``versions``); this module is the
one place callers import::

    from flowdesk.storage import repository as repo
    with db.session() as s:
        tenant = repo.get_or_create_tenant(s, "acme")
        wf = repo.create_workflow(s, tenant.id, "invoice-sync", "Invoice sync")
        draft = repo.create_draft(s, tenant.id, wf.id)
        repo.publish(s, tenant.id, draft.id)
"""

from __future__ import annotations

from flowdesk.storage.connections import create_connection, list_connections
from flowdesk.storage.records import (
    ConnectionInfo,
    TenantInfo,
    VersionInfo,
    VersionRecord,
    WorkflowInfo,
    WorkflowSummary,
)
from flowdesk.storage.schema import WorkflowStatus
from flowdesk.storage.tenants import (
    find_tenant,
    get_or_create_tenant,
    get_tenant,
    get_tenant_by_name,
    list_tenants,
)
from flowdesk.storage.values import KEY_MAX_LENGTH, KEY_PATTERN, check_key
from flowdesk.storage.versions import (
    create_draft,
    discard_draft,
    get_draft,
    get_latest,
    get_version,
    get_version_by_number,
    list_versions,
    make_latest,
    publish,
    restore_as_draft,
    save_draft,
)
from flowdesk.storage.workflows import (
    archive_workflow,
    create_workflow,
    delete_workflow,
    get_workflow,
    get_workflow_by_key,
    list_workflows,
    update_workflow,
)

__all__ = [
    "KEY_MAX_LENGTH",
    "KEY_PATTERN",
    "ConnectionInfo",
    "TenantInfo",
    "VersionInfo",
    "VersionRecord",
    "WorkflowInfo",
    "WorkflowStatus",
    "WorkflowSummary",
    "archive_workflow",
    "check_key",
    "create_connection",
    "create_draft",
    "create_workflow",
    "delete_workflow",
    "discard_draft",
    "find_tenant",
    "get_draft",
    "get_latest",
    "get_or_create_tenant",
    "get_tenant",
    "get_version",
    "get_version_by_number",
    "get_workflow",
    "get_workflow_by_key",
    "list_connections",
    "get_tenant_by_name",
    "list_tenants",
    "list_versions",
    "list_workflows",
    "make_latest",
    "publish",
    "restore_as_draft",
    "save_draft",
    "update_workflow",
]
