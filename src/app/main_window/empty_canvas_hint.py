"""The line in the middle of an empty canvas that says how to add the first step.

A new workflow opens with only Start -> End; without a hint a newcomer has to
find the palette, Tab and double-click on their own. The hint is a child of the
view (just below the middle, clear of Start and End, on every resize) and follows
the model: it goes with the first step and comes back when the last one is
deleted.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

from flowdesk.app.canvas.view import CanvasView
from flowdesk.model.editor.workflow_model import WorkflowModel

TEXT = ("<b>This workflow has no steps yet.</b><br>"
        "Drag an action from the <b>Actions</b> palette onto the arrow between Start and "
        "End, or press <b>Tab</b> (or double-click the canvas) to search for one.")

#: Node types that are not steps: a new workflow has only these.
FRAME_TYPES = frozenset({"start", "end"})


class EmptyCanvasHint(QObject):
    def __init__(self, view: CanvasView, model: WorkflowModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self.label = QLabel(TEXT, view)
        self.label.setObjectName("emptyCanvasHint")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: palette(placeholder-text); padding: 12px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        model.changed.connect(self.update_visibility)
        self.update_visibility()

    def detach(self) -> None:
        self.model.changed.disconnect(self.update_visibility)

    def update_visibility(self, *_args: object) -> None:
        self.label.setVisible(all(node.type in FRAME_TYPES for node in self.model.nodes))
        if self.label.isVisible():
            self.place()

    def place(self) -> None:
        area = self.view.viewport().geometry()
        width = min(440, max(200, area.width() - 40))
        self.label.setFixedWidth(width)
        self.label.adjustSize()
        # Just below the middle, where the fitted Start -> End sits.
        self.label.move(area.center().x() - width // 2, area.center().y() + 60)
        self.label.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and self.label.isVisible():
            self.place()
        return False
