"""Compare without Ctrl+click: with the previous version, with a picked one; Esc / Ctrl+W
close the diff window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from flowdesk.app.diffview.version_picker import VersionPicker
from flowdesk.app.main_window import MainWindow

from .test_main_window_compare import _changes, _open, _rename_and_publish


def _menu_entries(window: MainWindow) -> dict[str, object]:
    menu = window.history_panel.context_menu()
    window._kept_menu = menu  # type: ignore[attr-defined]  # keeps the actions alive
    return {a.text().replace("&", ""): a for a in menu.actions() if a.text()}


def test_compare_with_previous_from_the_history_menu(window: MainWindow) -> None:
    _rename_and_publish(window)  # v2 (read-only now) and v1
    v2, v1 = window.history_panel.versions()
    window.history_panel.select_versions(v2.id)
    entries = _menu_entries(window)
    assert entries["Compare with previous"].isEnabled()  # type: ignore[attr-defined]
    entries["Compare with previous"].trigger()  # type: ignore[attr-defined]
    diff = window.compare.diff_windows[-1]
    assert (diff.old_label, diff.new_label) == ("v1", "v2")
    assert ("node", "is_large", "changed") in _changes(diff)

    window.history_panel.select_versions(v1.id)
    assert not _menu_entries(window)["Compare with previous"].isEnabled()  # type: ignore[attr-defined]


def test_the_version_bar_compares_the_draft_with_its_base(window: MainWindow) -> None:
    _open(window, "order-approval")
    window.update_node("is_large", "name", "Big order?")
    button = window.version_bar.compare_button
    assert button.isVisible() and button.isEnabled()
    assert button.text() == "Compare with previous"
    button.click()
    diff = window.compare.diff_windows[-1]
    assert (diff.old_label, diff.new_label) == ("v1", "draft")
    assert ("node", "is_large", "changed") in _changes(diff)


def test_the_first_version_has_nothing_before_it(window: MainWindow) -> None:
    _open(window, "customer-welcome")  # a draft with no published version before it
    assert not window.compare_previous_action.isEnabled()
    _open(window, "order-approval")
    assert window.compare_previous_action.isEnabled()
    v1 = next(v for v in window.history_panel.versions() if not v.is_draft)
    assert window.compare.with_previous(v1.id) is None
    title, text, _ = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert (title, text) == ("Compare with previous",
                             "v1 is the first version: there is nothing before it.")


def test_compare_with_a_picked_version(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _rename_and_publish(window)
    v2, v1 = window.history_panel.versions()
    window.history_panel.select_versions(v1.id)
    chosen: list[tuple[str, str]] = []

    def pick() -> None:
        picker = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, VersionPicker) and w.isVisible())
        chosen.append((picker.old_box.currentText(), picker.new_box.currentText()))
        picker.set_versions("v2", "v1")  # any pair, either way round
        picker.accept()

    QTimer.singleShot(0, pick)
    _menu_entries(window)["Compare with…"].trigger()  # type: ignore[attr-defined]
    assert chosen == [("v2 (latest)", "v1")]  # starts from the version the menu was opened on
    diff = window.compare.diff_windows[-1]
    assert (diff.old_label, diff.new_label) == ("v2", "v1")
    assert ("node", "is_large", "changed") in _changes(diff)


def _open_diff(window: MainWindow, qtbot):  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    window.update_node("is_large", "name", "Big order?")
    diff = window.compare.with_previous()
    assert diff is not None
    diff.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is diff)
    return diff


def test_escape_closes_the_diff_window(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    diff = _open_diff(window, qtbot)
    QTest.keyClick(diff, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.compare.diff_windows)


def test_ctrl_w_closes_the_diff_window(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    diff = _open_diff(window, qtbot)
    QTest.keyClick(diff, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.compare.diff_windows)
    assert window.isVisible()  # only the diff closed
