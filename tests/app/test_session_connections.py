"""The tenant's connections for the env editor: read from the workspace, cached for offline use."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdesk.app.session import Workspace
from flowdesk.app.session.connection_cache import ConnectionCache, default_cache_path
from flowdesk.storage import repository as repo
from flowdesk.storage.errors import DatabaseUnavailable


def _server_like(workspace: Workspace, cache_file: Path) -> Workspace:
    """The same database seen as a server workspace (one that keeps a local cache)."""
    return Workspace(workspace.db, workspace.tenant, workspace.catalog, "postgresql://x/y",
                     ConnectionCache(cache_file))


def test_seeded_workspace_has_the_connections_the_examples_reference(workspace: Workspace) -> None:
    connections = {c.name: c for c in workspace.list_connections()}
    assert sorted(connections) == ["CRM", "Helpdesk", "Orders API"]
    draft = workspace.version_to_open(
        next(s.workflow.id for s in workspace.list_workflows()
             if s.workflow.key == "order-approval"))
    secret = draft.document.env_config.secrets["ORDERS_TOKEN"]
    assert secret.connection_id == connections["Orders API"].id


def test_connections_come_from_the_cache_when_the_server_is_away(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file = tmp_path / "cache" / "connections.json"
    online = _server_like(workspace, cache_file)
    names = [c.name for c in online.list_connections()]
    assert cache_file.exists()
    assert "secret" not in cache_file.read_text().lower()  # ids, names and types only

    def down(*_args: object, **_kw: object) -> None:
        raise DatabaseUnavailable("cannot reach the server")

    monkeypatch.setattr(repo, "list_connections", down)
    offline = [c.name for c in online.list_connections()]
    assert offline == names
    # a file workspace has no cache: the failure is reported, not hidden
    with pytest.raises(DatabaseUnavailable):
        workspace.list_connections()


def test_a_broken_cache_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text("{not json")
    assert ConnectionCache(path).load() == []
    assert ConnectionCache(tmp_path / "missing.json").load() == []


def test_cache_path_differs_per_workspace_and_tenant() -> None:
    a = default_cache_path("postgresql://h/db", "t1")
    assert a != default_cache_path("postgresql://h/db", "t2")
    assert a != default_cache_path("postgresql://h/other", "t1")
    assert a.suffix == ".json"
