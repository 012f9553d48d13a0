"""Storage fixtures: every test runs on SQLite and on a real PostgreSQL server.

One migrated database per dialect is shared by the session (tests isolate
themselves with a fresh tenant each, which is also how the product isolates
data); tests about the schema itself make their own throw-away databases.
If PostgreSQL is unreachable the fixture fails, it never skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.storage import DIALECTS, migrated_database, unique_name

from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database
from flowdesk.storage.records import TenantInfo


@pytest.fixture(scope="session", params=DIALECTS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder: Path = tmp_path_factory.mktemp("storage")
    with migrated_database(request.param, folder) as database:
        yield database


@pytest.fixture
def tenant(db: Database) -> TenantInfo:
    with db.session() as s:
        return repo.get_or_create_tenant(s, unique_name())
