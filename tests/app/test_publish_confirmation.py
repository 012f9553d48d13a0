""""Publish?" says what the new version changes, and an unchanged draft is not published
by a reflexive Enter."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from flowdesk.app.commands import MoveNodes, SetNodeProperty
from flowdesk.app.main_window import MainWindow
from flowdesk.app.main_window.prompts import Prompts, PublishChanges
from flowdesk.model.document import Position

from .message_boxes import when_a_box_shows
from .test_main_window import _open

Yes = QMessageBox.StandardButton.Yes


def _versions(window: MainWindow) -> list[int]:
    assert window.session is not None
    return sorted(v.version for v in window.workspace.list_versions(window.session.workflow.id)
                  if v.version > 0)


def test_an_unchanged_draft_asks_with_cancel_as_the_default(window: MainWindow) -> None:
    _open(window, "order-approval")  # its draft is a copy of v1
    assert not window.publish()  # the scripted user just presses Enter
    title, _question, informative = window.prompts.asked[-1]  # type: ignore[attr-defined]
    assert title == "Publish"
    assert "Nothing changed since v1" in informative
    assert _versions(window) == [1]


def test_the_question_lists_what_the_new_version_changes(window: MainWindow) -> None:
    _open(window, "order-approval")
    assert window.scene is not None
    window.scene.push(SetNodeProperty(window.session.model, "fetch_order", "name",  # type: ignore[union-attr]
                                      "Fetch the order"))
    window.scene.push(MoveNodes(window.session.model, {"notify_sales": Position(900, 600)}))  # type: ignore[union-attr]
    assert window.publish()  # Enter publishes: there is something to publish
    informative = window.prompts.asked[-1][2]  # type: ignore[attr-defined]
    assert "Changes since v1: 1 step changed, 1 step moved." in informative
    assert _versions(window) == [1, 2]


def test_the_real_box_names_its_buttons_after_what_they_do(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, bool]] = []

    def answer(box: QMessageBox) -> None:
        seen.append((box.button(Yes).text(), box.defaultButton() is box.button(Yes)))
        box.button(QMessageBox.StandardButton.Cancel).click()

    for changes in (PublishChanges(3, "1 step added"), PublishChanges(3, "")):
        when_a_box_shows(answer)
        assert not Prompts(parent).confirm_publish("Flow", 0, changes=changes)
    assert seen == [("Publish", True), ("Publish anyway", False)]
