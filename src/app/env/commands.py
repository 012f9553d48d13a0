"""Undo commands for the env editor: every edit swaps the whole env config.

Commands call :meth:`WorkflowModel.set_env_config` only. Their text never
carries an env value (values may be credentials an author is about to move
to a secret reference, and undo texts show up in menus and logs).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from flowdesk.model.document import EnvConfig
from flowdesk.model.editor.workflow_model import WorkflowModel

_MERGE_ID = 0x5E01


class SetEnvConfig(QUndoCommand):
    """Replace the env config; ``merge_key`` set means "typing in one cell"."""

    def __init__(
        self, model: WorkflowModel, old: EnvConfig | None, new: EnvConfig | None, text: str,
        merge_key: str | None = None, parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.model = model
        self.old = old
        self.new = new
        self.merge_key = merge_key

    def redo(self) -> None:
        self.model.set_env_config(self.new)

    def undo(self) -> None:
        self.model.set_env_config(self.old)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, SetEnvConfig) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True
