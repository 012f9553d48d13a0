"""``flowdesk publish --activate`` against a real PostgreSQL catalog: Active on the first
published version, said in the output; a later version keeps the status and says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.storage.sync.conftest import memory_keyring, remote_url  # noqa: F401 (fixtures)
from tests.storage.sync.sync_support import edit_node, two_step_document
from tests.storage.sync.test_sync_publish_activate import local_status, remote_workflow

from flowdesk.cli.main import main
from flowdesk.model.document import dump
from flowdesk.storage.database import open_database
from flowdesk.storage.schema import WorkflowStatus

TENANT, KEY = "acme", "invoice-sync"


def _import(ws: Path, file: Path, name: str) -> None:
    file.write_text(json.dumps(dump(edit_node(two_step_document(), "wait", name=name))))
    assert main(["import", str(file), "--workspace", str(ws), "--tenant", TENANT,
                 "--key", KEY, "--replace-draft"]) == 0


def _publish(ws: Path, url: str, *extra: str) -> int:
    return main(["publish", "--workspace", str(ws), "--remote", url, "--tenant", TENANT,
                 "--key", KEY, "-q", *extra])


def _local_status(ws: Path) -> WorkflowStatus:
    db = open_database(ws)
    try:
        return local_status(db)
    finally:
        db.dispose()


def test_publish_activate_makes_the_first_version_active_and_later_ones_say_ignored(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    ws = tmp_path / "ws.sqlite"
    _import(ws, tmp_path / "v1.json", "First")
    capsys.readouterr()

    assert _publish(ws, remote_url, "--activate") == 0
    out = capsys.readouterr().out
    assert "published invoice-sync v1; the workflow is now Active" in out
    assert remote_workflow(remote_url)[0] == "Active"
    assert _local_status(ws) == WorkflowStatus.ACTIVE


def test_publish_activate_on_a_later_version_leaves_the_status(
    remote_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    ws = tmp_path / "ws.sqlite"
    _import(ws, tmp_path / "v1.json", "First")
    assert _publish(ws, remote_url) == 0  # without --activate: stays Draft
    out = capsys.readouterr().out
    assert "published invoice-sync v1" in out and "Active" not in out
    assert remote_workflow(remote_url)[0] == "Draft"

    _import(ws, tmp_path / "v2.json", "Second")
    capsys.readouterr()
    assert _publish(ws, remote_url, "--activate") == 0
    out = capsys.readouterr().out
    assert "published invoice-sync v2" in out
    assert "--activate ignored: v2 is not the workflow's first published version" in out
    assert remote_workflow(remote_url)[0] == "Draft"
    assert _local_status(ws) == WorkflowStatus.DRAFT


def test_publish_help_describes_activate(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["publish", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--activate make the workflow Active when this is its first published version" in (
        help_text
    )
