"""Keys of the window: no two shortcuts share a key in one scope; Delete and Ctrl+D work.

The key presses go through Qt's real shortcut machinery (``QTest.keyClick`` on
the focused canvas), which is where an ambiguous key silently did nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.shortcut_audit import shortcut_clashes

from .test_main_window import _open, _view_point

CTRL = Qt.KeyboardModifier.ControlModifier


def _click_node(window: MainWindow, node_id: str) -> None:
    """Select a node with the mouse, which also puts keyboard focus on the canvas."""
    assert window.scene is not None and window.view is not None
    item = window.scene.node_items[node_id]
    point = _view_point(window, item.sceneBoundingRect().center())
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)
    assert window.scene.selected_node_ids() == [node_id]
    assert QApplication.focusWidget() is window.view


def test_no_two_shortcuts_share_a_key_in_one_scope(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")  # canvas, parameter and env editors exist now
    window.show_shortcuts()
    assert window.view is not None
    assert window.findChildren(QShortcut), "the walk must see the canvas's own shortcuts"
    assert shortcut_clashes(window) == []


def test_the_audit_finds_a_key_taken_twice(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A window-wide key and a canvas key on the same keys clash; separate widgets do not."""
    _open(window, "customer-welcome")
    assert window.view is not None
    clash = QAction("Dim the lights", window)
    clash.setShortcut(QKeySequence("Ctrl+D"))
    window.addAction(clash)
    found = [str(c) for c in shortcut_clashes(window)]
    assert found == ["Ctrl+D: action 'Dim the lights' and action 'Duplicate'"]
    window.removeAction(clash)

    # the same key on two unrelated widgets, each scoped to itself, is fine
    a, b = QLineEdit(window.browser), QLineEdit(window.palette)
    for edit in (a, b):
        shortcut = QShortcut(QKeySequence("Ctrl+K"), edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    assert shortcut_clashes(window) == []
    window_wide = QShortcut(QKeySequence("Ctrl+K"), window.inspector)
    assert [str(c) for c in shortcut_clashes(window)] == [
        "Ctrl+K: shortcut on Inspector and shortcut on QLineEdit"]
    window_wide.setEnabled(False)


def test_delete_key_on_the_canvas_deletes_the_selected_node(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model = window.session.model  # type: ignore[union-attr]
    _click_node(window, "send_welcome")
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Delete)  # type: ignore[union-attr]
    assert not model.has_node("send_welcome")
    window.undo_action.trigger()
    assert model.has_node("send_welcome") and model.has_edge("e2")


def test_backspace_deletes_too(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model = window.session.model  # type: ignore[union-attr]
    _click_node(window, "notify_team")
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Backspace)  # type: ignore[union-attr]
    assert not model.has_node("notify_team")


def test_ctrl_d_on_the_canvas_duplicates_the_selected_node(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "customer-welcome")
    model = window.session.model  # type: ignore[union-attr]
    before = {n.id for n in model.nodes}
    _click_node(window, "send_welcome")
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_D, CTRL)  # type: ignore[union-attr]
    added = [n for n in model.nodes if n.id not in before]
    assert len(added) == 1 and added[0].action_id == "email.send"
    assert window.scene.selected_node_ids() == [added[0].id]  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert {n.id for n in model.nodes} == before


def test_delete_and_duplicate_keys_do_not_depend_on_the_desktop(window: MainWindow) -> None:
    """Qt's StandardKey.Delete also means Ctrl+D on X11 desktops (KDE, GNOME), where it
    took Duplicate's key; the canvas binds the Del and Backspace keys themselves."""
    keys = [k.toString() for k in window.delete_selection_action.shortcuts()]
    assert keys == ["Del", "Backspace"]
    assert [k.toString() for k in window.duplicate_action.shortcuts()] == ["Ctrl+D"]


def test_delete_in_the_parameter_list_stays_there(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The parameter tree's Delete no longer reaches the canvas (or the other way round)."""
    _open(window, "customer-welcome")
    model = window.session.model  # type: ignore[union-attr]
    nodes = len(model.nodes)
    _click_node(window, "send_welcome")
    window.parameters_dock.show()
    window.parameters_dock.raise_()
    editor = window.definition.parameter_editor
    assert editor is not None
    tree = editor.findChild(QShortcut).parent()
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    QTest.keyClick(tree, Qt.Key.Key_Delete)
    assert len(model.nodes) == nodes
