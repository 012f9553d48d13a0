"""After a crash the next start says what it recovered; a clean exit says nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from flowdesk.app.application import FIRST_RUN_NOTICE, build_window
from flowdesk.app.settings import AppSettings

CRASHING_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from flowdesk.app.application import build_window, create_application
    from flowdesk.app.settings import AppSettings

    app = create_application()
    settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window = build_window(Path(sys.argv[1]), settings)
    window.show()
    window.update_node("fetch_order", "name", "Typed before the crash")
    loop = QEventLoop()
    QTimer.singleShot(400, loop.quit)
    loop.exec()
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def _close(window) -> None:  # type: ignore[no-untyped-def]
    window.close()
    window.workspace.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_the_start_after_a_crash_names_the_recovered_draft(
        tmp_path: Path, seeded_workspace_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "workspace.sqlite"
    shutil.copy(seeded_workspace_file, path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_CHILD, str(path), str(tmp_path / "s.ini")],
        env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr

    window = build_window(path, _settings(tmp_path))
    qtbot.addWidget(window)
    try:
        assert window.notice_bar.isVisibleTo(window)
        assert "did not close normally" in window.notice_bar.text
        assert "Order approval" in window.notice_bar.text
        assert window.session is not None
        assert window.session.model.node("fetch_order").name == "Typed before the crash"
    finally:
        _close(window)

    again = build_window(path, _settings(tmp_path))  # that start exited cleanly
    qtbot.addWidget(again)
    try:
        assert not again.notice_bar.isVisibleTo(again)
    finally:
        _close(again)


def test_the_first_start_explains_how_to_begin_and_only_the_first(
        tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new-workspace.sqlite"
    window = build_window(path, _settings(tmp_path))
    qtbot.addWidget(window)
    try:
        assert window.notice_bar.isVisibleTo(window)
        assert window.notice_bar.text == FIRST_RUN_NOTICE
        assert [b.text() for b in window.notice_bar.buttons()] == ["New workflow…"]
    finally:
        _close(window)
    second = build_window(path, _settings(tmp_path))
    qtbot.addWidget(second)
    try:
        assert not second.notice_bar.isVisibleTo(second)
    finally:
        _close(second)
