"""Fixtures for window tests: a temporary workspace, temporary settings, scripted prompts.

No test may touch the user's real configuration or data: QSettings and
QStandardPaths are pointed at a temporary folder for the whole session.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox
from tests.support.undo import empty_undo_stacks

from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.prompts import Prompts
from flowdesk.app.session import Workspace
from flowdesk.app.settings import AppSettings


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("qsettings")
    QStandardPaths.setTestModeEnabled(True)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(folder / "system"))
    yield


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """The previous test's Qt wrappers are collected here, once its widgets are gone,
    not whenever the collector happens to run during the next test (with a sync job
    on its worker thread, say): a crash in the collector then names the test that
    left the garbage. It found undo stacks dying together with their commands."""
    yield
    empty_undo_stacks()
    gc.collect()


@pytest.fixture(scope="session")
def seeded_workspace_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and seeded once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "workspace.sqlite"
    Workspace.open(path).close()
    return path


@pytest.fixture
def workspace_path(tmp_path: Path, seeded_workspace_file: Path) -> Path:
    path = tmp_path / "workspace.sqlite"
    shutil.copy(seeded_workspace_file, path)
    return path


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(workspace_path)
    yield ws
    ws.close()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "flowdesk.ini"


@pytest.fixture
def app_settings(settings_file: Path) -> AppSettings:
    return AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))


class ScriptedPrompts(Prompts):
    """Answers questions from a queue and remembers what was asked."""

    def __init__(self, parent: object) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.answers: list[QMessageBox.StandardButton] = []
        self.asked: list[tuple[str, str, str]] = []
        self.details: list[str] = []  # the "Show Details…" text of each question
        self.checkboxes: list[object] = []  # the QCheckBox shown with each question, or None
        self.check_answers: list[bool] = []  # how the user sets the next questions' checkbox

    def answer(self, *buttons: QMessageBox.StandardButton) -> None:
        self.answers.extend(buttons)

    def _ask(self, icon, title, text, informative, buttons, default, labels=None, details="",  # type: ignore[no-untyped-def]
             checkbox=None):
        self.asked.append((title, text, informative))
        self.details.append(details)
        self.checkboxes.append(checkbox)  # an option under the question, as the user left it
        if checkbox is not None and self.check_answers:
            checkbox.setChecked(self.check_answers.pop(0))
        if self.answers:
            return self.answers.pop(0)
        return default


@pytest.fixture
def make_window(qtbot, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    """Build a window on a workspace path (each call opens the file anew)."""

    made: list[MainWindow] = []

    def make(path: Path, settings: AppSettings | None = None) -> MainWindow:
        window = MainWindow(Workspace.open(path), settings or app_settings,
                            autosave_delay_ms=50)
        window.prompts = ScriptedPrompts(window)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        if window.session is not None:
            window.session.discard()
        window.workspace.close()


@pytest.fixture
def window(make_window, workspace_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(workspace_path)
