"""Prisma 7 itself reads a database ``flowdesk db upgrade`` made: ``db pull`` gives the seed
schema, ``migrate diff`` to the seed schema is empty, and the pulled schema validates.

Prisma runs from ``.venv/prisma`` (``scripts/install-prisma``, npm registry only; ``make
test`` runs it first, and the fixture does when pytest runs alone). The schema engine is
Prisma's own, as shipped in the npm package (see ``scripts/prisma/check.mjs``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import psycopg
import pytest
from tests.support.postgres import HOST, PORT, USER, database_name, dsn, temporary_database

from flowdesk.storage.database import open_database

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "data" / "spec"
PRISMA_DIR = ROOT / ".venv" / "prisma"
EMPTY_MIGRATION = "-- This is an empty migration.\n"


@pytest.fixture(scope="module")
def prisma() -> Path:
    installed = subprocess.run(
        [str(ROOT / "scripts" / "install-prisma")], capture_output=True, text=True, timeout=900
    )
    assert installed.returncode == 0, installed.stderr
    return PRISMA_DIR


def _prisma_sees(prisma: Path, url: str) -> dict:
    """db pull (into an empty schema and into the seed) and migrate diff to the seed."""
    database = f"postgresql://{USER}@{HOST}:{PORT}/{database_name(url)}"
    ran = subprocess.run(
        ["node", str(prisma / "check.mjs"), database, str(SPEC / "schema.prisma")],
        capture_output=True, text=True, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def _validate(prisma: Path, schema: str, folder: Path) -> subprocess.CompletedProcess[str]:
    path = folder / "pulled.prisma"
    path.write_text(schema, encoding="utf-8")
    # The CLI checks that its native engine file exists before any command; `validate`
    # never runs it (it uses the bundled WebAssembly schema parser), so any file will do.
    env = {**os.environ, "PRISMA_SCHEMA_ENGINE_BINARY": str(path), "CHECKPOINT_DISABLE": "1",
           "PRISMA_HIDE_UPDATE_MESSAGE": "1"}
    return subprocess.run(
        ["node", str(prisma / "node_modules" / "prisma" / "build" / "index.js"),
         "validate", "--schema", str(path)],
        capture_output=True, text=True, timeout=120, env=env, cwd=folder,
    )


def _models(schema: str) -> list[str]:
    return re.findall(r"^(?:model|enum) (\w+)", schema, flags=re.MULTILINE)


def test_prisma_pulls_the_seed_schema_and_finds_nothing_to_migrate(
    prisma: Path, tmp_path: Path
) -> None:
    with temporary_database("flowdesk_prisma_ours") as ours, \
            temporary_database("flowdesk_prisma_ddl") as reference:
        open_database(ours, upgrade=True).dispose()
        with psycopg.connect(dsn(database_name(reference)), autocommit=True) as conn:
            conn.execute((SPEC / "prisma-ddl.sql").read_text(encoding="utf-8"))
        seen, expected = _prisma_sees(prisma, ours), _prisma_sees(prisma, reference)
    assert seen["diff"] == {"exitCode": 0, "script": EMPTY_MIGRATION}
    # Re-introspecting into the seed schema keeps its names: exactly the seed's models.
    assert sorted(_models(seen["repulled"])) == sorted(
        _models((SPEC / "schema.prisma").read_text(encoding="utf-8"))
    )
    assert "versions    WorkflowVersion[]" in seen["repulled"]  # one-to-many, not one-to-one
    assert "flowdesk" not in seen["pulled"] and "flowdesk" not in seen["repulled"]
    assert (seen["pulled"], seen["repulled"]) == (expected["pulled"], expected["repulled"])
    for schema in (seen["pulled"], seen["repulled"]):
        validated = _validate(prisma, schema, tmp_path)
        assert validated.returncode == 0 and "is valid" in validated.stdout, validated.stderr


def test_prisma_would_drop_anything_else_in_public(prisma: Path, tmp_path: Path) -> None:
    """The check can fail: what Flowdesk used to leave in public, Prisma's diff drops."""
    with temporary_database("flowdesk_prisma_extra") as ours:
        open_database(ours, upgrade=True).dispose()
        with psycopg.connect(dsn(database_name(ours)), autocommit=True) as conn:
            conn.execute("CREATE TABLE flowdesk_extra (id text PRIMARY KEY)")
            conn.execute("CREATE INDEX flowdesk_extra_idx ON workflow_versions (is_latest)")
        seen = _prisma_sees(prisma, ours)
    assert seen["diff"]["exitCode"] == 2
    assert 'DROP TABLE "flowdesk_extra"' in seen["diff"]["script"]
    assert 'DROP INDEX "flowdesk_extra_idx"' in seen["diff"]["script"]
    assert "model flowdesk_extra" in seen["pulled"]
