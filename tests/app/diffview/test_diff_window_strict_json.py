"""Opening two files in the diff window refuses JSON the CLI refuses, naming file and place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.validation_docs import BASE

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.model.errors import FlowdeskError


def test_a_file_with_a_duplicate_key_is_refused_naming_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.json"
    good.write_text(json.dumps(BASE), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(BASE).replace('"graph": {', '"graph": {"nodes": [], ', 1),
                   encoding="utf-8")
    with pytest.raises(FlowdeskError) as caught:
        DiffWindow.from_files(good, bad)
    assert str(caught.value) == f"{bad}: duplicate key 'nodes' at /graph/nodes"
