"""Alembic environment: always run from code over the app's own connection.

``flowdesk.storage.migrate`` builds the Alembic ``Config`` in code and puts the
open connection in ``config.attributes["connection"]``; there is no alembic.ini
and no URL here. The version table is ``flowdesk_alembic_version``, in the
``flowdesk`` schema on PostgreSQL, so the platform's ``public`` schema never
gains an object Prisma would not create.

``target_metadata`` holds every table Flowdesk maps (``flowdesk.storage.metadata``:
the storage models and the sync bookkeeping tables) as they exist on this
connection's dialect, so autogenerate compares all of them and proposes
dropping none.
"""

from __future__ import annotations

from alembic import context

from flowdesk.storage.metadata import METADATAS
from flowdesk.storage.migrate import comparison_options
from flowdesk.storage.schema import metadata_for

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Flowdesk migrations run from code: use flowdesk.storage.migrate.upgrade(engine) "
        "or `flowdesk db upgrade --db URL`"
    )

dialect = connection.dialect.name
context.configure(
    connection=connection,
    target_metadata=metadata_for(dialect, *METADATAS),
    render_as_batch=dialect == "sqlite",
    **comparison_options(connection),
)
with context.begin_transaction():
    context.run_migrations()
