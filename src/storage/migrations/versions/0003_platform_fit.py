"""Platform fit: the ``public`` schema holds exactly what Prisma creates; stronger guards.

PostgreSQL (the shared catalog, read by Prisma):

* Flowdesk's tables move to the schema ``flowdesk`` (their indexes and
  constraints move with them); the version table was moved there before
  Alembic ran (``flowdesk.storage.migrate``).
* The partial unique index ``flowdesk_one_latest_per_workflow`` goes: Prisma
  introspected it as a one-to-one relation. A deferred constraint trigger
  checks the rule at commit instead, so a client may move the latest pointer
  in either order inside one transaction: at most one latest version per
  workflow, and a transaction may not leave a workflow that has published
  versions with none latest.
* The covering index ``flowdesk_workflow_versions_summary_idx`` goes (Prisma's
  diff would drop it); PostgreSQL's list query hash-aggregates without it.
* The guard functions move to ``flowdesk``; the triggers stay on
  ``workflow_versions`` (a trigger belongs to its table; Prisma ignores
  triggers, so introspection and ``migrate diff`` do not see them).
* ``TRUNCATE workflow_versions`` (also through ``TRUNCATE workflows CASCADE``)
  is refused while a published version exists.

SQLite (a workspace): ``INSERT OR REPLACE`` / ``UPDATE OR REPLACE`` delete the
conflicting row without firing delete triggers, so BEFORE INSERT/UPDATE
triggers refuse a row that takes a published version's id or (workflow,
number), or a second latest version (the partial unique index would let
REPLACE delete the current latest). SQLite keeps that index: at most one
latest there; the workspace is written by Flowdesk alone.

Revision ID: 0003_platform_fit
Revises: 0002_sync
Create Date: 2026-12-05
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0003_platform_fit"
down_revision = "0002_sync"
branch_labels = None
depends_on = None

SCHEMA = "flowdesk"
MOVED_TABLES = ("flowdesk_version_meta", "flowdesk_remote", "flowdesk_sync_state")

# Frozen copies of 0001's guards: the downgrade puts them back as they were.
_initial = importlib.import_module("flowdesk.storage.migrations.versions.0001_initial")

IMMUTABLE = "flowdesk_immutable_version: a published workflow version cannot be changed"
UNDELETABLE = (
    "flowdesk_immutable_version: a published workflow version cannot be deleted "
    "(delete its archived workflow instead)"
)
DRAFT_LATEST = "flowdesk_draft_not_latest: a draft (publishedAt NULL) cannot be the latest version"
REPLACED = (
    "flowdesk_immutable_version: a published workflow version cannot be replaced "
    "(the row takes its id or its workflow and number)"
)
TRUNCATED = (
    "flowdesk_immutable_version: workflow_versions holds published versions and cannot be "
    "truncated (delete their workflows instead)"
)
TWO_LATEST = "flowdesk_one_latest_version: a workflow can have only one latest version"
NO_LATEST = (
    "flowdesk_one_latest_version: a workflow with published versions must keep one latest "
    "version (set is_latest on another published version in the same transaction)"
)

# Columns of a published row that never change; only is_latest may.
GUARDED = (
    "id", "workflow_id", "version", "graph", "parameter_schema", "env_config",
    '"createdAt"', '"publishedAt"',
)

#: pg_advisory_xact_lock(LATEST_LOCK_CLASS, hashtext(workflow id)) serialises the
#: commit-time checks of one workflow (two-key locks do not meet tenants.py's one-key ones).
LATEST_LOCK_CLASS = 48_151


def _changed() -> str:
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in GUARDED)


def _pg_functions(tables: str) -> tuple[str, ...]:
    """The guard functions; ``tables`` is the schema of the Prisma tables, quoted."""
    return (
        f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.guard_published_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- A cascade from deleting the workflow runs after the workflow row is gone.
        IF OLD."publishedAt" IS NOT NULL
           AND EXISTS (SELECT 1 FROM {tables}.workflows WHERE id = OLD.workflow_id) THEN
            RAISE EXCEPTION '{UNDELETABLE}'
                USING DETAIL = format('version id %s, number %s', OLD.id, OLD.version);
        END IF;
        RETURN OLD;
    END IF;
    IF OLD."publishedAt" IS NOT NULL AND ({_changed()}) THEN
        RAISE EXCEPTION '{IMMUTABLE}'
            USING DETAIL = format('version id %s, number %s', OLD.id, OLD.version);
    END IF;
    RETURN NEW;
END;
$$""",
        f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.check_draft_not_latest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_latest AND NEW."publishedAt" IS NULL THEN
        RAISE EXCEPTION '{DRAFT_LATEST}' USING DETAIL = format('version id %s', NEW.id);
    END IF;
    RETURN NEW;
END;
$$""",
        f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.check_one_latest() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    workflows_to_check text[] := ARRAY[]::text[];
    wf text;
    latest integer;
    published boolean;
BEGIN
    -- Runs at commit (deferred): the transaction's final state is what counts.
    IF TG_OP <> 'DELETE' THEN
        IF NEW.is_latest THEN
            workflows_to_check := workflows_to_check || NEW.workflow_id;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        IF OLD.is_latest THEN
            workflows_to_check := workflows_to_check || OLD.workflow_id;
        END IF;
    END IF;
    FOREACH wf IN ARRAY workflows_to_check LOOP
        -- Two transactions committing changes to one workflow check one after the
        -- other, the second seeing what the first committed (READ COMMITTED).
        PERFORM pg_advisory_xact_lock({LATEST_LOCK_CLASS}, hashtext(wf));
        SELECT count(*) FILTER (WHERE is_latest), bool_or("publishedAt" IS NOT NULL)
            INTO latest, published
            FROM {tables}.workflow_versions WHERE workflow_id = wf;
        IF latest > 1 THEN
            RAISE EXCEPTION '{TWO_LATEST}'
                USING DETAIL = format('workflow id %s has %s latest versions', wf, latest),
                      ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF latest = 0 AND published THEN
            RAISE EXCEPTION '{NO_LATEST}'
                USING DETAIL = format('workflow id %s', wf),
                      ERRCODE = 'integrity_constraint_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$""",
        f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {tables}.workflow_versions WHERE "publishedAt" IS NOT NULL) THEN
        RAISE EXCEPTION '{TRUNCATED}';
    END IF;
    RETURN NULL;
END;
$$""",
    )


PG_TRIGGERS = (
    "CREATE TRIGGER flowdesk_published_version_guard BEFORE UPDATE OR DELETE "
    f"ON workflow_versions FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.guard_published_version()",
    "CREATE TRIGGER flowdesk_draft_not_latest BEFORE INSERT OR UPDATE "
    f"ON workflow_versions FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.check_draft_not_latest()",
    "CREATE CONSTRAINT TRIGGER flowdesk_one_latest_version "
    "AFTER INSERT OR UPDATE OF is_latest, workflow_id OR DELETE ON workflow_versions "
    "DEFERRABLE INITIALLY DEFERRED "
    f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.check_one_latest()",
    "CREATE TRIGGER flowdesk_no_truncate BEFORE TRUNCATE ON workflow_versions "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse_truncate()",
)

# A row that would take a published version's id or (workflow, number): REPLACE would
# delete the published row silently, a plain write would fail on the unique index anyway.
_SAME_KEY_AS_PUBLISHED = """EXISTS (
        SELECT 1 FROM workflow_versions AS p
        WHERE p."publishedAt" IS NOT NULL {other}
          AND (p.id = NEW.id OR (p.workflow_id = NEW.workflow_id AND p.version = NEW.version)))"""
# A second latest (published) version: REPLACE would delete the current latest through
# the partial unique index. (A draft marked latest is refused by its own trigger.)
_SECOND_LATEST = """NEW.is_latest AND NEW."publishedAt" IS NOT NULL AND EXISTS (
        SELECT 1 FROM workflow_versions AS p
        WHERE p.workflow_id = NEW.workflow_id AND p.is_latest {other})"""


def _sqlite_trigger(name: str, event: str, condition: str, message: str) -> str:
    return f"""
    CREATE TRIGGER {name} BEFORE {event} ON workflow_versions FOR EACH ROW
    WHEN {condition}
    BEGIN SELECT RAISE(ABORT, '{message}'); END"""


SQLITE_TRIGGERS = {
    "flowdesk_published_version_no_replace_insert": _sqlite_trigger(
        "flowdesk_published_version_no_replace_insert", "INSERT",
        _SAME_KEY_AS_PUBLISHED.format(other=""), REPLACED,
    ),
    "flowdesk_published_version_no_replace_update": _sqlite_trigger(
        "flowdesk_published_version_no_replace_update", "UPDATE",
        _SAME_KEY_AS_PUBLISHED.format(other="AND p.id <> OLD.id"), REPLACED,
    ),
    "flowdesk_one_latest_version_insert": _sqlite_trigger(
        "flowdesk_one_latest_version_insert", "INSERT",
        _SECOND_LATEST.format(other=""), TWO_LATEST,
    ),
    "flowdesk_one_latest_version_update": _sqlite_trigger(
        "flowdesk_one_latest_version_update", "UPDATE",
        _SECOND_LATEST.format(other="AND p.id <> OLD.id"), TWO_LATEST,
    ),
}


def _prisma_schema() -> str:
    """The schema holding the Prisma tables (where 0001 found or made them), quoted."""
    name = op.get_bind().execute(
        sa.text(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = to_regclass('workflow_versions')"
        )
    ).scalar_one()
    return '"' + name.replace('"', '""') + '"'


def _upgrade_postgresql() -> None:
    op.execute(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"')
    for table in MOVED_TABLES:
        op.execute(f'ALTER TABLE "{table}" SET SCHEMA "{SCHEMA}"')
    op.execute("DROP INDEX flowdesk_one_latest_per_workflow")
    op.execute("DROP INDEX flowdesk_workflow_versions_summary_idx")
    op.execute("DROP TRIGGER flowdesk_published_version_guard ON workflow_versions")
    op.execute("DROP TRIGGER flowdesk_draft_not_latest ON workflow_versions")
    op.execute("DROP FUNCTION flowdesk_guard_published_version()")
    op.execute("DROP FUNCTION flowdesk_check_draft_not_latest()")
    for statement in (*_pg_functions(_prisma_schema()), *PG_TRIGGERS):
        op.execute(statement)


def _downgrade_postgresql() -> None:
    for trigger in (
        "flowdesk_no_truncate", "flowdesk_one_latest_version",
        "flowdesk_draft_not_latest", "flowdesk_published_version_guard",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON workflow_versions")
    for function in (
        "refuse_truncate", "check_one_latest", "check_draft_not_latest",
        "guard_published_version",
    ):
        op.execute(f'DROP FUNCTION IF EXISTS "{SCHEMA}".{function}()')
    for statement in _initial.PG_STATEMENTS:
        op.execute(statement)
    op.create_index(
        "flowdesk_one_latest_per_workflow", "workflow_versions", ["workflow_id"],
        unique=True, postgresql_where=sa.text("is_latest"),
    )
    op.create_index(
        "flowdesk_workflow_versions_summary_idx", "workflow_versions",
        ["workflow_id", "is_latest", "publishedAt", "version", "id"],
    )
    for table in MOVED_TABLES:
        op.execute(f'ALTER TABLE "{SCHEMA}"."{table}" SET SCHEMA public')
    # The version table stays in "flowdesk": that is where Flowdesk looks for it.


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
