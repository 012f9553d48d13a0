"""Runs the packaged Alembic migrations from code, over the app's own connection.

No alembic.ini: the ``Config`` is built here and points at the ``migrations``
folder of the installed package, so a wheel, an editable install and a frozen
app all migrate the same way.

Every start opens the workspace with ``upgrade=True``, and importing alembic
costs about 0.1 s, so "is the database at head?" is answered without it: the
head comes from the ``revision``/``down_revision`` lines of the migration files
and the current revision from the version table. Alembic is imported only when
a migration actually runs (see ``flowdesk.cli.main`` for the start-up rule).

The version table is ``flowdesk_alembic_version``; on PostgreSQL it lives in
the ``flowdesk`` schema, like every Flowdesk table, whatever the revision.
Databases made before ``0003_platform_fit`` had it in ``public``: ``upgrade``
moves it first (in the same transaction), so Alembic finds where it stands.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from flowdesk.storage import migrations
from flowdesk.storage.errors import SchemaOutOfDate
from flowdesk.storage.schema import FLOWDESK_SCHEMA

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

VERSION_TABLE = "flowdesk_alembic_version"
MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent


def version_table_schema(connection: Connection) -> str | None:
    """Where the version table lives: the ``flowdesk`` schema on PostgreSQL, none on SQLite."""
    return FLOWDESK_SCHEMA if connection.dialect.name == "postgresql" else None


def version_table_options(connection: Connection) -> dict[str, str | None]:
    """The MigrationContext options naming the version table (env.py uses them too)."""
    return {
        "version_table": VERSION_TABLE,
        "version_table_schema": version_table_schema(connection),
    }


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    """Autogenerate looks at the platform's schema and Flowdesk's, nothing else."""
    return type_ != "schema" or name in (None, "public", FLOWDESK_SCHEMA)


def comparison_options(connection: Connection) -> dict[str, object]:
    """How the models are compared with a database (``env.py`` and the tests use these)."""
    postgresql = connection.dialect.name == "postgresql"
    return {
        "compare_type": True,
        "compare_server_default": True,
        "include_schemas": postgresql,
        "include_name": include_name,
        **version_table_options(connection),
    }


def _prepare_version_table(connection: Connection) -> None:
    """PostgreSQL: make the ``flowdesk`` schema, and move a version table made before 0003."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{FLOWDESK_SCHEMA}"'))
    if not inspect(connection).has_table(VERSION_TABLE, schema="public"):
        return
    connection.execute(
        text(f'ALTER TABLE public."{VERSION_TABLE}" SET SCHEMA "{FLOWDESK_SCHEMA}"')
    )


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - alembic only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return ScriptDirectory.from_config(alembic_config())


def head_revisions() -> tuple[str, ...]:
    """The head revision ids: revisions no other migration file names as its down_revision."""
    revisions = _revision_graph()
    parents = {parent for downs in revisions.values() for parent in downs}
    return tuple(sorted(set(revisions) - parents))


@lru_cache(maxsize=1)
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """``revision -> down_revisions`` of every file in ``migrations/versions``."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values: dict[str, object] = {}
        for statement in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                target, value = statement.target, statement.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                values[target.id] = ast.literal_eval(value)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue  # not a migration (``__init__.py``)
        down = values.get("down_revision")
        graph[revision] = (down,) if isinstance(down, str) else tuple(down or ())  # type: ignore[arg-type]
    return graph


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions recorded in the version table; empty when it does not exist yet."""
    schema = version_table_schema(connection)
    if not inspect(connection).has_table(VERSION_TABLE, schema=schema):
        return ()
    table = f'"{schema}".{VERSION_TABLE}' if schema else VERSION_TABLE
    rows = connection.execute(text(f"SELECT version_num FROM {table}"))
    return tuple(row[0] for row in rows)


def is_up_to_date(engine: Engine) -> bool:
    with engine.connect() as connection:
        return set(current_revisions(connection)) == set(head_revisions())


def upgrade(engine: Engine, revision: str = "head") -> tuple[str, ...]:
    """Migrate to ``revision`` in one transaction; idempotent. Returns the revisions now current."""
    with engine.connect() as connection:
        current = current_revisions(connection)
    if revision == "head" and set(current) == set(head_revisions()):
        return current
    unknown = [r for r in current if r not in _revision_graph()]
    if unknown:  # a newer Flowdesk migrated it: refuse before Alembic touches anything
        raise SchemaOutOfDate(
            f"{engine.url.render_as_string(hide_password=True)}: schema revision {unknown[0]!r} "
            "is unknown to this Flowdesk (made by a newer version?); the database was left "
            "unchanged"
        )
    from alembic import command  # noqa: PLC0415 - alembic only when a migration runs

    with engine.begin() as connection:
        _prepare_version_table(connection)
        command.upgrade(alembic_config(connection), revision)
    with engine.connect() as connection:
        return current_revisions(connection)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command  # noqa: PLC0415

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
