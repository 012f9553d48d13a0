"""``flowdesk`` / ``flowdesk gui [--workspace PATH]`` open the main window on a workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from flowdesk.app import application
from flowdesk.app.session import default_workspace_path
from flowdesk.app.settings import AppSettings
from flowdesk.cli.main import main


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    calls: list[str | None] = []
    monkeypatch.setattr(application, "run", lambda path=None, argv=None: calls.append(path) or 0)
    return calls


def test_no_command_starts_the_window_on_the_default_workspace(started: list) -> None:  # type: ignore[type-arg]
    assert main([]) == 0
    assert started == [None]


def test_gui_takes_a_workspace_path(started: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    target = tmp_path / "ws.sqlite"
    assert main(["gui", "--workspace", str(target)]) == 0
    assert main(["--workspace", str(target)]) == 0
    assert started == [str(target), str(target)]


def test_default_workspace_lives_in_the_user_data_directory(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_workspace_path()
    assert path.name == "workspace.sqlite"
    assert str(path).startswith(str(tmp_path / "data"))


def test_build_window_migrates_and_seeds_a_new_workspace(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    application.create_application()
    target = tmp_path / "nested" / "ws.sqlite"
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = application.build_window(target, settings)
    qtbot.addWidget(window)
    try:
        assert target.exists()
        assert window.session is not None and window.session.workflow.key == "order-approval"
        assert not window.windowIcon().isNull()
    finally:
        window.close()
        window.workspace.close()


def test_a_broken_workspace_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        qtbot) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "not-a-database.sqlite"
    target.write_text("this is not SQLite")
    assert application.run(str(target)) == 1
    assert "cannot open the workspace" in capsys.readouterr().err
