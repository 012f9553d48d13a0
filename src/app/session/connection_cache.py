"""A local copy of the tenant's connections, so the env editor works offline.

Secret references name a connection of the tenant. The list comes from the
workspace database; when that database is a server that cannot be reached
(a PostgreSQL workspace on a train), the editor still needs the names to show
and pick, so the last list read is kept in a small JSON file. It holds ids,
names and types only: a connection record has no secret in it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import platformdirs

from flowdesk.model.env_editing import Connection, ConnectionLike


def default_cache_path(location: str, tenant_id: str) -> Path:
    """One file per workspace location and tenant under the user's cache directory."""
    digest = hashlib.sha256(f"{location}\0{tenant_id}".encode()).hexdigest()[:16]
    folder = Path(platformdirs.user_cache_dir("Flowdesk", appauthor=False))
    return folder / "connections" / f"{digest}.json"


class ConnectionCache:
    """Reads and writes the cached connection list; a broken file reads as empty."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[Connection]:
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(rows, list):
            return []
        return [
            Connection(str(r["id"]), str(r["name"]), str(r.get("type") or ""))
            for r in rows
            if isinstance(r, dict) and "id" in r and "name" in r
        ]

    def save(self, connections: list[ConnectionLike]) -> None:
        rows = [{"id": c.id, "name": c.name, "type": c.type} for c in connections]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(rows, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs the offline fallback
