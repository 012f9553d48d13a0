"""In a short Parameters dock only the lists scroll: the tool bar and Dry run stay in sight."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from flowdesk.app.main_window import MainWindow

MANY = {
    "type": "object",
    "properties": {f"field{i:02d}": {"type": "string", "title": f"Field {i}"} for i in range(40)},
}


def _open(window: MainWindow, key: str) -> None:
    summary = next(s for s in window.workspace.list_workflows() if s.workflow.key == key)
    assert window.open_workflow(summary.workflow.id)


def _inside_dock(widget: QWidget, window: MainWindow) -> bool:
    dock = window.parameters_dock
    top_left = widget.mapTo(dock, QPoint(0, 0))
    return widget.isVisible() and dock.rect().contains(QRect(top_left, widget.size()))


def _wheel_to_the_end(widget: QWidget) -> None:
    """Turn the mouse wheel over ``widget`` until nothing moves any more (as a person does:
    once a list is at its end, the wheel scrolls whatever holds it)."""
    centre = QPointF(widget.rect().center())
    for _ in range(80):
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(),
                            QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def _short_dock_with_many_parameters(window: MainWindow, qtbot):  # type: ignore[no-untyped-def]
    _open(window, "order-approval")
    window.resize(1280, 800)
    window.session.model.set_parameter_schema(MANY)  # type: ignore[union-attr]
    window.definition.show_parameters()
    window.resizeDocks([window.parameters_dock], [230], Qt.Orientation.Vertical)
    editor = window.definition.parameter_editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.parameter_list.tree.topLevelItemCount() == 40, timeout=2000)
    editor.parameter_list.select("", "field00")  # the detail form shows: the editor is tall
    QApplication.processEvents()
    return editor


def test_the_list_tool_bar_stays_while_the_list_scrolls(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _short_dock_with_many_parameters(window, qtbot)
    assert window.parameters_dock.height() < 300
    tree = editor.parameter_list.tree
    assert tree.verticalScrollBar().maximum() > 0  # longer than the dock: it scrolls itself
    _wheel_to_the_end(tree.viewport())
    assert tree.verticalScrollBar().value() == tree.verticalScrollBar().maximum()
    _wheel_to_the_end(editor.details.description_edit)  # and down the detail form
    for button in (editor.parameter_list.add_button, editor.parameter_list.remove_button):
        assert _inside_dock(button, window)
    assert _inside_dock(editor.tabs.tabBar(), window)


def test_dry_run_stays_while_the_run_form_scrolls(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _short_dock_with_many_parameters(window, qtbot)
    editor.tabs.setCurrentWidget(editor.run_form)
    QApplication.processEvents()
    form = editor.run_form.form
    assert form is not None
    bar = form.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    _wheel_to_the_end(form.scroll.viewport())
    assert bar.value() == bar.maximum()
    assert _inside_dock(editor.run_form.dry_run_button, window)
