"""Reading a PostgreSQL catalog into comparable values (for the schema tests)."""

from __future__ import annotations

from typing import Any

import psycopg

from flowdesk.storage.schema import FLOWDESK_PREFIX, PRISMA_TABLES

TABLES = list(PRISMA_TABLES)


def prisma_catalog(conn: psycopg.Connection) -> dict[str, Any]:
    """Columns, types, defaults, nullability, constraints, indexes and the enum of the Prisma tables.

    Objects named ``flowdesk_*`` are left out: they are Flowdesk's additions.
    """
    columns = conn.execute(
        """SELECT table_name, ordinal_position, column_name, data_type, udt_name,
                  datetime_precision, column_default, is_nullable
           FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = ANY(%s)
           ORDER BY table_name, ordinal_position""",
        (TABLES,),
    ).fetchall()
    constraints = conn.execute(
        """SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
           FROM pg_constraint
           WHERE conrelid::regclass::text = ANY(%s) AND conname NOT LIKE 'flowdesk\\_%%'
           ORDER BY 1, 2""",
        (TABLES,),
    ).fetchall()
    indexes = conn.execute(
        """SELECT tablename, indexname, indexdef FROM pg_indexes
           WHERE schemaname = 'public' AND tablename = ANY(%s)
             AND indexname NOT LIKE 'flowdesk\\_%%'
           ORDER BY 1, 2""",
        (TABLES,),
    ).fetchall()
    enums = conn.execute(
        """SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
           ORDER BY t.typname, e.enumsortorder"""
    ).fetchall()
    return {"columns": columns, "constraints": constraints, "indexes": indexes, "enums": enums}


def all_objects(conn: psycopg.Connection) -> set[tuple[str, str]]:
    """(kind, name) of every user object in the public schema."""
    rows = conn.execute(
        """SELECT 'table', tablename FROM pg_tables WHERE schemaname = 'public'
           UNION ALL SELECT 'index', indexname FROM pg_indexes WHERE schemaname = 'public'
           UNION ALL SELECT 'constraint', conname FROM pg_constraint c
                     JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
           UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal
           UNION ALL SELECT 'function', p.proname FROM pg_proc p
                     JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
           UNION ALL SELECT 'type', t.typname FROM pg_type t
                     JOIN pg_namespace n ON n.oid = t.typnamespace
                     WHERE n.nspname = 'public' AND t.typtype = 'e'"""
    ).fetchall()
    return {(kind, name) for kind, name in rows}


def not_flowdesk(objects: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(k, n) for k, n in objects if not n.startswith(FLOWDESK_PREFIX)}
