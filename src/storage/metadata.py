"""Every MetaData whose tables Flowdesk's migrations create, in one place.

The migrations' ``env.py`` compares all of them with the database (so
autogenerate never proposes dropping a table it did not know of); a new
declarative base belongs in :data:`METADATAS`.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from flowdesk.storage.schema import Base
from flowdesk.storage.sync.tables import SyncBase

METADATAS: tuple[MetaData, ...] = (Base.metadata, SyncBase.metadata)
