"""The database commands, in-process and once through ``python -m flowdesk``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from tests.support.postgres import database_name, dsn, temporary_database
from tests.support.storage import (
    DIALECTS,
    broken_document,
    linear_document,
    temporary_url,
    unique_name,
)

from flowdesk.cli.main import main
from flowdesk.model.document import dump, load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=DIALECTS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One upgraded database per dialect for the module; tests use their own tenant."""
    with temporary_url(request.param, tmp_path_factory.mktemp("cli")) as url:
        assert main(["db", "upgrade", "--db", url]) == 0
        yield url


@pytest.fixture
def tenant() -> str:
    return unique_name("acme")


def _write(tmp_path: Path, name: str, doc: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_db_upgrade_is_idempotent_and_reports_the_revision(db_url: str, capsys) -> None:
    capsys.readouterr()
    assert main(["db", "upgrade", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "revision" in out and "up to date" in out
    db = open_database(db_url)  # no upgrade needed any more
    assert db.is_up_to_date()
    db.dispose()


def test_import_publish_list_and_export_round_trip(
    db_url: str, tenant: str, tmp_path: Path, capsys
) -> None:
    doc = dump(linear_document("Fetch 🚀 'quoted'"))
    file = _write(tmp_path, "flow.json", doc)
    base = ["--db", db_url, "--tenant", tenant]
    assert main(["import", file, *base, "--key", "invoices", "--name", "Invoices",
                 "--publish"]) == 0
    assert capsys.readouterr().out.strip() == "invoices version 1"
    assert main(["import", file, *base, "--key", "invoices", "--publish"]) == 0
    assert capsys.readouterr().out.strip() == "invoices version 2"
    assert main(["import", file, *base, "--key", "drafty"]) == 0
    assert capsys.readouterr().out.strip() == "drafty draft"

    assert main(["workflows", *base]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["KEY", "NAME", "STATUS", "LATEST", "DRAFT"]
    assert lines[1].split() == ["drafty", "drafty", "Draft", "-", "yes"]
    assert lines[2].split() == ["invoices", "Invoices", "Draft", "v2", "no"]

    out = tmp_path / "out.json"
    assert main(["export", *base, "--key", "invoices", "--version", "1", "-o", str(out)]) == 0
    assert load(json.loads(out.read_text(encoding="utf-8"))) == load(doc)
    assert main(["export", *base, "--key", "drafty", "--version", "draft"]) == 0
    assert json.loads(capsys.readouterr().out) == doc
    assert main(["export", *base, "--key", "invoices"]) == 0  # latest
    assert json.loads(capsys.readouterr().out) == doc


def test_refused_publish_exits_1_with_the_problems_and_imports_nothing(
    db_url: str, tenant: str, tmp_path: Path, capsys
) -> None:
    file = _write(tmp_path, "broken.json", dump(broken_document()))
    code = main(["import", file, "--db", db_url, "--tenant", tenant, "--key", "broken",
                 "--publish"])
    err = capsys.readouterr().err
    assert code == 1
    assert "publishing 'broken' refused" in err
    assert "broken.json:" in err and "error" in err
    db = open_database(db_url)
    with db.session() as s:
        found = repo.find_tenant(s, tenant)
        assert found is None or repo.list_workflows(s, found.id) == []
    db.dispose()


def test_existing_draft_is_not_overwritten_unless_asked(
    db_url: str, tenant: str, tmp_path: Path, capsys
) -> None:
    base = ["--db", db_url, "--tenant", tenant, "--key", "flow"]
    first = _write(tmp_path, "a.json", dump(linear_document("first")))
    second = _write(tmp_path, "b.json", dump(linear_document("second")))
    assert main(["import", first, *base]) == 0
    assert main(["import", second, *base]) == 1
    assert "already has a draft" in capsys.readouterr().err
    assert main(["import", second, *base, "--replace-draft"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db_url, "--tenant", tenant, "--key", "flow",
                 "--version", "draft"]) == 0
    assert load(json.loads(capsys.readouterr().out)) == linear_document("second")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--key", "missing"], "no workflow with key 'missing'"),
        (["export", "--key", "flow", "--version", "7"], "no published version 7"),
        (["export", "--key", "flow", "--version", "newest"], "--version must be"),
        (["export", "--key", "flow"], "no published version yet"),
    ],
)
def test_export_errors_name_what_is_missing(
    db_url: str, tenant: str, tmp_path: Path, capsys, argv: list[str], message: str
) -> None:
    file = _write(tmp_path, "a.json", dump(linear_document()))
    assert main(["import", file, "--db", db_url, "--tenant", tenant, "--key", "flow"]) == 0
    capsys.readouterr()
    assert main([*argv, "--db", db_url, "--tenant", tenant]) == 1
    assert message in capsys.readouterr().err


def test_bad_input_files_and_keys_are_clear_errors(
    db_url: str, tenant: str, tmp_path: Path, capsys
) -> None:
    base = ["--db", db_url, "--tenant", tenant]
    not_json = tmp_path / "x.json"
    not_json.write_text("{nope", encoding="utf-8")
    assert main(["import", str(not_json), *base, "--key", "k"]) == 1
    assert "not JSON" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.json"), *base, "--key", "k"]) == 1
    assert "cannot read" in capsys.readouterr().err
    good = _write(tmp_path, "ok.json", dump(linear_document()))
    assert main(["import", good, *base, "--key", "Bad Key"]) == 1
    assert "invalid workflow key 'Bad Key'" in capsys.readouterr().err
    assert main(["workflows", "--db", db_url, "--tenant", "nobody"]) == 1
    assert "no tenant named 'nobody'" in capsys.readouterr().err


def test_postgres_catalog_is_never_migrated_implicitly(tenant: str, capsys) -> None:
    with temporary_database() as url:
        assert main(["workflows", "--db", url, "--tenant", tenant]) == 1
        assert f"flowdesk db upgrade --db {url}" in capsys.readouterr().err


def test_importing_into_the_catalog_leaves_an_api_draft_alone(
    tenant: str, tmp_path: Path, capsys
) -> None:
    """The platform's API holds a draft numbered v2: ``import --publish`` makes v3, and the
    API's row keeps its number and content; the workflow list names the latest, v3."""
    file = _write(tmp_path, "flow.json", dump(linear_document()))
    base = ["--tenant", tenant, "--key", "invoices"]
    with temporary_database("flowdesk_cli_api") as url:
        assert main(["db", "upgrade", "--db", url]) == 0
        assert main(["import", file, "--db", url, *base, "--publish"]) == 0
        with psycopg.connect(dsn(database_name(url)), autocommit=True) as conn:
            conn.execute(
                'INSERT INTO workflow_versions (id, workflow_id, version, graph, "createdAt") '
                "SELECT 'api-draft', workflow_id, 2, '{\"nodes\": []}', now() "
                "FROM workflow_versions WHERE version = 1"
            )
        capsys.readouterr()
        assert main(["import", file, "--db", url, *base, "--publish"]) == 0
        assert capsys.readouterr().out.strip() == "invoices version 3"
        with psycopg.connect(dsn(database_name(url))) as conn:
            row = conn.execute(
                'SELECT version, graph, "publishedAt" FROM workflow_versions WHERE id = %s',
                ("api-draft",),
            ).fetchone()
        assert row == (2, {"nodes": []}, None)
        assert main(["workflows", "--db", url, "--tenant", tenant]) == 0
        assert capsys.readouterr().out.splitlines()[1].split()[3] == "v3"


def test_unreachable_database_is_a_clear_error(capsys) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/nothing"
    assert main(["db", "upgrade", "--db", url]) == 1
    assert "cannot open database" in capsys.readouterr().err


def test_python_dash_m_flowdesk_runs_the_commands(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite"
    file = _write(tmp_path, "flow.json", dump(linear_document()))

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "flowdesk", *argv], capture_output=True, text=True,
            cwd=REPO_ROOT, timeout=120, check=False,
        )

    assert run("db", "upgrade", "--db", str(workspace)).returncode == 0
    result = run("import", file, "--db", str(workspace), "--tenant", "t", "--key", "flow",
                 "--publish")
    assert (result.returncode, result.stdout.strip()) == (0, "flow version 1"), result.stderr
    listed = run("workflows", "--db", str(workspace), "--tenant", "t")
    assert listed.returncode == 0 and "flow" in listed.stdout and "v1" in listed.stdout
