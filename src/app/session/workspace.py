"""The local workspace the window works on: one database, one tenant at a time, one catalog.

Every method is one unit of work (one storage session) so that widgets never
hold a session open across user actions. A pull mirrors every tenant of a
remote into the database; :meth:`Workspace.use_tenant` moves the workspace to
another of them. First run seeds a tenant and the two
shipped examples so a new user sees a working workflow at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import platformdirs

from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.document import VersionDocument, empty_document, load
from flowdesk.model.env_editing import ConnectionLike
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.resources import load_json_resource
from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.sync.mirror import list_remotes

from .connection_cache import ConnectionCache, default_cache_path

DEFAULT_TENANT = "Local"
WORKSPACE_FILE = "workspace.sqlite"


def default_workspace_path() -> Path:
    """A SQLite file in the user's data directory (created with its folder on first use)."""
    return Path(platformdirs.user_data_dir("Flowdesk", appauthor=False)) / WORKSPACE_FILE


# The shipped examples: (key, name, description, resource file, publish v1 first).
EXAMPLES: tuple[tuple[str, str, str, str, bool], ...] = (
    (
        "order-approval",
        "Order approval",
        "Branching example: checks an order, approves large ones in parallel, then joins.",
        "order-approval.json",
        True,
    ),
    (
        "customer-welcome",
        "Customer welcome",
        "Linear example: fetch a new customer, send a welcome e-mail, notify the team.",
        "customer-welcome.json",
        False,
    ),
)


# The connections the examples' secret references name (alias in the file -> name, type).
EXAMPLE_CONNECTIONS: dict[str, tuple[str, str]] = {
    "orders-api": ("Orders API", "http"),
    "helpdesk": ("Helpdesk", "jira"),
    "crm": ("CRM", "http"),
}


def example_document(file_name: str, connection_ids: dict[str, str] | None = None) -> VersionDocument:
    """A shipped example; ``connection_ids`` maps the file's connection aliases to real ids."""
    doc = load(load_json_resource("examples", file_name))
    env = doc.env_config
    if connection_ids and env is not None and env.secrets:
        secrets = {
            name: replace(ref, connection_id=connection_ids.get(ref.connection_id or "",
                                                                ref.connection_id))
            for name, ref in env.secrets.items()
        }
        doc = replace(doc, env_config=replace(env, secrets=secrets))
    return doc


class Workspace:
    """Storage calls for one tenant of one database, each in its own session."""

    def __init__(
        self, db: Database, tenant: Any, catalog: ActionCatalog, location: str,
        connection_cache: ConnectionCache | None = None,
    ) -> None:
        self.db = db
        self.tenant = tenant
        self.catalog = catalog
        self.location = location
        self.connection_cache = connection_cache
        #: True when this open created the workspace (the window then says how to begin)
        self.first_run = False

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str],
        *,
        catalog: ActionCatalog | None = None,
        seed: bool = True,
    ) -> Workspace:
        """Open (migrating to the current schema) and, on first run, seed the workspace."""
        text = os.fspath(location)
        if "://" not in text:
            Path(text).parent.mkdir(parents=True, exist_ok=True)
        db = open_database(text, upgrade=True)
        with db.session() as s:
            first_run = not repo.list_tenants(s)
            tenant = repo.get_or_create_tenant(s, DEFAULT_TENANT)
        # A workspace file is local already; a server workspace keeps a copy of the
        # tenant's connections so secret references can be edited offline.
        cache = (ConnectionCache(default_cache_path(text, tenant.id))
                 if "://" in text and not text.startswith("sqlite") else None)
        workspace = cls(db, tenant, catalog or builtin_catalog(), text, cache)
        workspace.first_run = first_run
        if first_run and seed:
            workspace.seed_examples()
        return workspace

    @property
    def tenant_id(self) -> str:
        return self.tenant.id

    def refresh_tenant(self) -> bool:
        """Re-read the tenant by name: a pull adopts a local tenant under the remote's id.

        Returns True when the id changed (then workflow ids held elsewhere may be
        stale too: a pulled workflow of the same key adopts a local one as well).
        """
        with self.db.session() as s:
            found = repo.find_tenant(s, self.tenant.name)
        if found is None or found.id == self.tenant.id:
            return False
        self.tenant = found
        if self.connection_cache is not None:
            self.connection_cache = ConnectionCache(default_cache_path(self.location, found.id))
        return True

    def list_tenants(self) -> list[Any]:
        """Every tenant the workspace holds (its own and those a pull mirrored), by name."""
        with self.session() as s:
            return sorted(repo.list_tenants(s), key=lambda t: (t.name.casefold(), t.id))

    def use_tenant(self, tenant_id: str) -> Any:
        """Work on tenant ``tenant_id`` from now on (the caller closes open sessions first).

        Raises :class:`NotFound` for an id the workspace does not hold.
        """
        with self.session() as s:
            tenant = repo.get_tenant(s, tenant_id)
        self.tenant = tenant
        if self.connection_cache is not None:
            self.connection_cache = ConnectionCache(default_cache_path(self.location, tenant.id))
        return tenant

    def synced_with_remote(self, workflow_id: str) -> bool:
        """True when the workflow came from a remote (it is in the mirror): publish goes there.

        The mirror keeps pulled rows in the ordinary tables under the remote's
        ids; what marks a pulled version is that it has no Flowdesk meta row
        here (``content_hash`` is None: the pull copies only the platform's
        columns, while every version made in this workspace gets one). A
        workflow made here, even one published here before the first pull,
        stays local: sending it would clash with its local version numbers.
        """
        with self.session() as s:
            if not list_remotes(s):
                return False
            versions = repo.list_versions(s, self.tenant_id, workflow_id)
        return any(not v.is_draft and v.content_hash is None for v in versions)

    def close(self) -> None:
        self.db.dispose()

    @contextmanager
    def session(self) -> Iterator[Any]:
        with self.db.session() as s:
            yield s

    # -------------------------------------------------------------- seeding

    def seed_examples(self) -> None:
        """The branching example gets a published v1 (so history shows something) and a draft.

        The connections the examples' secret references point at are created
        too, so the env editor shows them resolved.
        """
        with self.session() as s:
            ids = {alias: repo.create_connection(s, self.tenant_id, name, type_).id
                   for alias, (name, type_) in EXAMPLE_CONNECTIONS.items()}
        for key, name, description, file_name, publish_first in EXAMPLES:
            doc = example_document(file_name, ids)
            with self.session() as s:
                wf = repo.create_workflow(s, self.tenant_id, key, name, description)
                draft = repo.create_draft(s, self.tenant_id, wf.id, document=doc)
                if publish_first:
                    published = repo.publish(s, self.tenant_id, draft.info.id, catalog=self.catalog)
                    repo.update_workflow(s, self.tenant_id, wf.id, status="Active")
                    repo.create_draft(s, self.tenant_id, wf.id, from_version_id=published.info.id)

    # ------------------------------------------------------------ workflows

    def list_workflows(self, search: str | None = None) -> list[Any]:
        with self.session() as s:
            return repo.list_workflows(s, self.tenant_id, search=search or None)

    def get_workflow(self, workflow_id: str) -> Any:
        with self.session() as s:
            return repo.get_workflow(s, self.tenant_id, workflow_id)

    def create_workflow(self, key: str, name: str, description: str | None = None) -> Any:
        """A new workflow with a start -> end draft ready to edit."""
        with self.session() as s:
            wf = repo.create_workflow(s, self.tenant_id, key, name, description or None)
            repo.create_draft(s, self.tenant_id, wf.id, document=empty_document())
            return wf

    def update_workflow(self, workflow_id: str, **fields: Any) -> Any:
        with self.session() as s:
            return repo.update_workflow(s, self.tenant_id, workflow_id, **fields)

    def archive_workflow(self, workflow_id: str) -> Any:
        with self.session() as s:
            return repo.archive_workflow(s, self.tenant_id, workflow_id)

    def delete_workflow(self, workflow_id: str) -> None:
        with self.session() as s:
            repo.delete_workflow(s, self.tenant_id, workflow_id)

    # ---------------------------------------------------------- connections

    def list_connections(self) -> list[ConnectionLike]:
        """The tenant's connections; the cached copy when the database cannot be reached."""
        try:
            with self.session() as s:
                connections: list[ConnectionLike] = list(repo.list_connections(s, self.tenant_id))
        except FlowdeskError:
            if self.connection_cache is None:
                raise
            return list(self.connection_cache.load())
        if self.connection_cache is not None:
            self.connection_cache.save(connections)
        return connections

    def create_connection(self, name: str, type: str) -> Any:
        with self.session() as s:
            return repo.create_connection(s, self.tenant_id, name, type)

    # ------------------------------------------------------------- versions

    def list_versions(self, workflow_id: str) -> list[Any]:
        with self.session() as s:
            return repo.list_versions(s, self.tenant_id, workflow_id)

    def get_version(self, version_id: str) -> Any:
        with self.session() as s:
            return repo.get_version(s, self.tenant_id, version_id)

    def get_draft(self, workflow_id: str) -> Any:
        with self.session() as s:
            return repo.get_draft(s, self.tenant_id, workflow_id)

    def get_latest(self, workflow_id: str) -> Any:
        with self.session() as s:
            return repo.get_latest(s, self.tenant_id, workflow_id)

    def version_to_open(self, workflow_id: str) -> Any:
        """The draft when there is one (that is where work continues), else the latest.

        A workflow holding only another client's drafts (the platform's API on a
        shared catalog) opens a Flowdesk copy of the newest: Flowdesk never edits
        rows it did not write.
        """
        with self.session() as s:
            draft = repo.get_draft(s, self.tenant_id, workflow_id)
            if draft is not None:
                return draft
            latest = repo.get_latest(s, self.tenant_id, workflow_id)
            if latest is not None:
                return latest
            versions = repo.list_versions(s, self.tenant_id, workflow_id)
            if versions and versions[0].is_draft:
                return repo.restore_as_draft(s, self.tenant_id, versions[0].id)
            if versions:
                return repo.get_version(s, self.tenant_id, versions[0].id)
            return repo.create_draft(s, self.tenant_id, workflow_id, document=empty_document())

    def save_draft(self, version_id: str, document: VersionDocument) -> Any:
        with self.session() as s:
            return repo.save_draft(s, self.tenant_id, version_id, document)

    def publish(self, version_id: str, *, activate: bool = False) -> Any:
        with self.session() as s:
            return repo.publish(
                s, self.tenant_id, version_id, catalog=self.catalog, activate=activate
            )

    def make_latest(self, version_id: str) -> Any:
        with self.session() as s:
            return repo.make_latest(s, self.tenant_id, version_id)

    def new_draft_from(self, version_id: str) -> Any:
        """A draft copied from ``version_id``; an existing draft of the workflow is kept."""
        with self.session() as s:
            return repo.restore_as_draft(s, self.tenant_id, version_id)

    def discard_draft(self, version_id: str) -> None:
        with self.session() as s:
            repo.discard_draft(s, self.tenant_id, version_id)
