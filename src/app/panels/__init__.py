"""Docked panels of the main window: palette, problems, version history, shortcuts."""

from .history_panel import VersionHistoryPanel
from .palette import NODE_MIME_TYPE, ActionPalette, NodeSpec
from .problems_panel import ProblemsPanel
from .shortcuts_dialog import ShortcutsDialog

__all__ = [
    "NODE_MIME_TYPE",
    "ActionPalette",
    "NodeSpec",
    "ProblemsPanel",
    "ShortcutsDialog",
    "VersionHistoryPanel",
]
