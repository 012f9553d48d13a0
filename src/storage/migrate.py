"""Runs the packaged Alembic migrations from code, over the app's own connection.

No alembic.ini: the ``Config`` is built here and points at the ``migrations``
folder of the installed package, so a wheel, an editable install and a frozen
app all migrate the same way.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from flowdesk.storage import migrations

VERSION_TABLE = "flowdesk_alembic_version"
MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revisions() -> tuple[str, ...]:
    return tuple(script_directory().get_heads())


def current_revisions(connection: Connection) -> tuple[str, ...]:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return tuple(context.get_current_heads())


def is_up_to_date(engine: Engine) -> bool:
    with engine.connect() as connection:
        return set(current_revisions(connection)) == set(head_revisions())


def upgrade(engine: Engine, revision: str = "head") -> tuple[str, ...]:
    """Migrate to ``revision`` in one transaction; idempotent. Returns the revisions now current."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    with engine.connect() as connection:
        return current_revisions(connection)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
