"""Alembic migrations, run from code over the app's own connection."""
