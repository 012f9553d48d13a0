"""Undo commands for the parts of a version outside the graph.

The parameter schema and the env config are each one JSON value, so a command
keeps the value before and after and calls one model setter. Typing in one
field (a title, a cell, the raw JSON) merges into one undo entry while the
author keeps typing there: commands with the same ``merge_key`` merge through
Qt's ``id()``/``mergeWith()``; commands without one never merge. Env command
texts never carry a value (it may be a credential about to become a secret
reference, and undo texts show up in menus).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from flowdesk.app.commands.base import ModelCommand
from flowdesk.model.document import EnvConfig
from flowdesk.model.editor.workflow_model import WorkflowModel

MERGE_PARAMETER_SCHEMA = 1101
MERGE_ENV_CONFIG = 1102


class _ReplaceValue(ModelCommand):
    """Swap one whole value of the version; mergeable per ``merge_key``."""

    merge_id = -1

    def __init__(self, model: WorkflowModel, old: Any, new: Any, text: str,
                 merge_key: str | None, parent: QUndoCommand | None) -> None:
        super().__init__(model, text, parent)
        self.old = old
        self.new = new
        self.merge_key = merge_key

    def _set(self, value: Any) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        self._set(self.new)

    def _undo(self) -> None:
        self._set(self.old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.merge_id if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if (
            type(other) is not type(self)
            or other.error is not None
            or other.merge_key != self.merge_key
        ):
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True


class SetParameterSchema(_ReplaceValue):
    """Replace the parameter schema."""

    merge_id = MERGE_PARAMETER_SCHEMA

    def __init__(self, model: WorkflowModel, schema: Any, text: str = "Edit parameters",
                 merge_key: str | None = None, parent: QUndoCommand | None = None) -> None:
        super().__init__(model, model.parameter_schema, schema, text, merge_key, parent)

    def _set(self, value: Any) -> None:
        self.model.set_parameter_schema(value)


class SetEnvConfig(_ReplaceValue):
    """Replace the env config (variables and secret references)."""

    merge_id = MERGE_ENV_CONFIG

    def __init__(self, model: WorkflowModel, env_config: EnvConfig | None,
                 text: str = "Edit environment", merge_key: str | None = None,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, model.env_config, env_config, text, merge_key, parent)

    def _set(self, value: Any) -> None:
        self.model.set_env_config(value)
