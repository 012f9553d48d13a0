"""Persistence through SQLAlchemy 2: the platform's PostgreSQL schema, the local
SQLite workspace, migrations and sync. Imports ``flowdesk.model``, never Qt."""
