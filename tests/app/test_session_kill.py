"""Killing the app loses no edit older than 0.3 s, even in a steady stream of edits (a real SIGKILL)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flowdesk.app.session import Workspace

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from flowdesk.app.commands.graph_commands import SetNodeProperty
    from flowdesk.app.session import EditorSession, Workspace

    def wait(ms):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    app = QApplication([])
    ws = Workspace.open(sys.argv[1])
    summary = next(s for s in ws.list_workflows() if s.workflow.key == "customer-welcome")
    session = EditorSession(ws, summary.workflow, ws.version_to_open(summary.workflow.id))
    # a person typing: an edit every 60 ms for 1.2 s, then the machine dies 0.3 s later
    for i in range(20):
        session.undo_stack.push(SetNodeProperty(session.model, "notify_team", "name", f"Typed {i}"))
        wait(60)
    session.undo_stack.push(SetNodeProperty(session.model, "send_welcome", "name", "Last edit"))
    wait(300)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_kill_0_3_s_after_the_last_of_a_stream_of_edits_loses_nothing(
        tmp_path: Path, seeded_workspace_file: Path) -> None:
    path = tmp_path / "workspace.sqlite"
    shutil.copy(seeded_workspace_file, path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    ws = Workspace.open(path)
    try:
        summary = next(s for s in ws.list_workflows() if s.workflow.key == "customer-welcome")
        draft = ws.version_to_open(summary.workflow.id)
        assert draft.info.is_draft
        assert draft.document.graph.node("notify_team").name == "Typed 19"
        assert draft.document.graph.node("send_welcome").name == "Last edit"
    finally:
        ws.close()


TERM_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, QTimer
    from flowdesk.app.application import build_window, create_application, install_quit_handlers
    from flowdesk.app.settings import AppSettings

    app = create_application()
    settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window = build_window(Path(sys.argv[1]), settings)
    install_quit_handlers(app, window)
    window.show()
    window.update_node("fetch_order", "name", "Kept on SIGTERM")
    assert window.session.is_dirty
    QTimer.singleShot(50, lambda: os.kill(os.getpid(), signal.SIGTERM))
    sys.exit(app.exec())
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="needs POSIX signals")
def test_sigterm_closes_the_window_and_flushes_the_draft(tmp_path: Path,
                                                         seeded_workspace_file: Path) -> None:
    path = tmp_path / "workspace.sqlite"
    shutil.copy(seeded_workspace_file, path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", TERM_CHILD, str(path), str(tmp_path / "s.ini")],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    ws = Workspace.open(path)
    try:
        summary = next(s for s in ws.list_workflows() if s.workflow.key == "order-approval")
        draft = ws.get_draft(summary.workflow.id)
        assert draft.document.graph.node("fetch_order").name == "Kept on SIGTERM"
    finally:
        ws.close()
