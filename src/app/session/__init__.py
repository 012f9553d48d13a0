"""Controllers behind the main window, testable without one: the workspace and the open session."""

from .editor_session import EditorSession, GuardedUndoStack, PublishOutcome
from .workspace import Workspace, default_workspace_path

__all__ = ["EditorSession", "GuardedUndoStack", "PublishOutcome", "Workspace", "default_workspace_path"]
