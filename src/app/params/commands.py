"""Undo commands for the parameter editor: every edit swaps the whole schema.

The parameter schema is one JSON value, so a command keeps the schema before
and after and calls :meth:`WorkflowModel.set_parameter_schema` only. Typing
(a title, a description, the raw JSON) merges into one undo entry per field
while the author keeps typing in it: commands with the same ``merge_key``
merge through Qt's ``id()``/``mergeWith()``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from flowdesk.model.editor.workflow_model import WorkflowModel

_MERGE_ID = 0x5A01


class SetParameterSchema(QUndoCommand):
    """Replace the parameter schema; ``merge_key`` set means "typing in one field"."""

    def __init__(
        self, model: WorkflowModel, old: Any, new: Any, text: str,
        merge_key: str | None = None, parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.model = model
        self.old = old
        self.new = new
        self.merge_key = merge_key

    def redo(self) -> None:
        self.model.set_parameter_schema(self.new)

    def undo(self) -> None:
        self.model.set_parameter_schema(self.old)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, SetParameterSchema) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True
