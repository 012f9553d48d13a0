"""Undo commands for the parts of a version outside the graph."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from flowdesk.app.commands.base import ModelCommand
from flowdesk.model.document import EnvConfig
from flowdesk.model.editor.workflow_model import WorkflowModel

MERGE_PARAMETER_SCHEMA = 1101
MERGE_ENV_CONFIG = 1102


class SetParameterSchema(ModelCommand):
    """Replaces the parameter schema; successive edits merge into one entry."""

    def __init__(self, model: WorkflowModel, schema: Any, parent: QUndoCommand | None = None) -> None:
        super().__init__(model, "Edit parameters", parent)
        self.new = schema
        self.old = model.parameter_schema

    def _redo(self) -> None:
        self.model.set_parameter_schema(self.new)

    def _undo(self) -> None:
        self.model.set_parameter_schema(self.old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_PARAMETER_SCHEMA

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetParameterSchema) or other.error is not None:
            return False
        self.new = other.new
        return True


class SetEnvConfig(ModelCommand):
    """Replaces the env config (variables and secret references); edits merge."""

    def __init__(self, model: WorkflowModel, env_config: EnvConfig | None,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(model, "Edit environment", parent)
        self.new = env_config
        self.old = model.env_config

    def _redo(self) -> None:
        self.model.set_env_config(self.new)

    def _undo(self) -> None:
        self.model.set_env_config(self.old)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_ENV_CONFIG

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetEnvConfig) or other.error is not None:
            return False
        self.new = other.new
        return True
