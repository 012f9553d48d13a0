"""Reading a PostgreSQL schema from pg_catalog into comparable values (for the schema tests)."""

from __future__ import annotations

from typing import Any

import psycopg

#: What a schema holds, each as sorted rows; ``triggers`` apart (see ``schema_catalog``).
PARTS = ("relations", "columns", "indexes", "constraints", "functions", "types", "triggers")


def schema_catalog(conn: psycopg.Connection, schema: str = "public") -> dict[str, list[Any]]:
    """Everything pg_catalog lists in ``schema``: relations (tables, views, sequences...),
    columns with types, defaults and nullability, index definitions, constraints, functions,
    types (enums with their labels, domains, ranges) and the triggers on its tables.

    A constraint trigger also has a pg_constraint row (``contype = 't'``): it is listed
    with the triggers, not the constraints.
    """
    def rows(sql: str) -> list[Any]:
        return sorted(conn.execute(sql, {"schema": schema}).fetchall())

    return {
        "relations": rows(
            """SELECT c.relname, c.relkind FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %(schema)s AND c.relkind NOT IN ('i', 'I')"""
        ),
        "columns": rows(
            """SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                      a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
               FROM pg_attribute a
               JOIN pg_class c ON c.oid = a.attrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE n.nspname = %(schema)s AND a.attnum > 0 AND NOT a.attisdropped
                 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"""
        ),
        "indexes": rows(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(schema)s"
        ),
        "constraints": rows(
            """SELECT c.conrelid::regclass::text, c.conname, c.contype, c.condeferrable,
                      c.condeferred, pg_get_constraintdef(c.oid)
               FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
               WHERE n.nspname = %(schema)s AND c.contype <> 't'"""
        ),
        "functions": rows(
            """SELECT p.proname, pg_get_function_identity_arguments(p.oid)
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = %(schema)s"""
        ),
        "types": rows(
            """SELECT t.typname, t.typtype,
                      array_to_string(array(SELECT e.enumlabel FROM pg_enum e
                                            WHERE e.enumtypid = t.oid
                                            ORDER BY e.enumsortorder), ',')
               FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = %(schema)s AND t.typtype IN ('e', 'd', 'r', 'm')"""
        ),
        "triggers": rows(
            """SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %(schema)s AND NOT t.tgisinternal"""
        ),
    }


def schemas(conn: psycopg.Connection) -> set[str]:
    """The user schemas of the database."""
    return {
        name for (name,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%%' "
            "AND nspname <> 'information_schema'"
        )
    }
