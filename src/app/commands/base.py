"""The common shape of every undo command: call model methods, never items.

A refused edit (the model raises EditError) must not leave a dead entry on the
undo stack: ``redo`` catches the error, keeps it in ``error`` and marks the
command obsolete, and ``QUndoStack.push`` then drops it. Callers that want to
tell the user why can read ``command.error`` after pushing.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import EditError


class ModelCommand(QUndoCommand):
    """An undoable edit of a WorkflowModel; subclasses implement ``_redo``/``_undo``."""

    def __init__(self, model: WorkflowModel, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.model = model
        self.error: EditError | None = None
        self._done = False

    def redo(self) -> None:
        try:
            self._redo()
        except EditError as exc:
            self.error = exc
            self.setObsolete(True)
            return
        self._done = True

    def undo(self) -> None:
        if self._done:
            self._undo()
            self._done = False

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class CompositeCommand(ModelCommand):
    """Runs child commands in order and undoes them in reverse.

    Children are plain ModelCommands kept in a Python list (not Qt children), so
    a child that fails rolls back the ones already done and the whole edit is
    refused as one.
    """

    def __init__(self, model: WorkflowModel, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(model, text, parent)
        self.children: list[ModelCommand] = []

    def add(self, child: ModelCommand) -> ModelCommand:
        self.children.append(child)
        return child

    def _redo(self) -> None:
        done: list[ModelCommand] = []
        for child in self.children:
            child.redo()
            if child.error is not None:
                for d in reversed(done):
                    d.undo()
                raise child.error
            done.append(child)

    def _undo(self) -> None:
        for child in reversed(self.children):
            child.undo()
