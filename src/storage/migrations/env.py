"""Alembic environment: always run from code over the app's own connection.

``flowdesk.storage.migrate`` builds the Alembic ``Config`` in code and puts the
open connection in ``config.attributes["connection"]``; there is no alembic.ini
and no URL here. The version table is ``flowdesk_alembic_version`` so that a
platform database only ever gains ``flowdesk_`` objects.
"""

from __future__ import annotations

from alembic import context

from flowdesk.storage.schema import Base

VERSION_TABLE = "flowdesk_alembic_version"

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Flowdesk migrations run from code: use flowdesk.storage.migrate.upgrade(engine) "
        "or `flowdesk db upgrade --db URL`"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    compare_server_default=True,
)
with context.begin_transaction():
    context.run_migrations()
