"""The inspector dock: properties of the selected node or edge."""

from .inspector import EditSink, Inspector, cel_feedback, condition_from
from .json_editor import JsonConfigEditor

__all__ = ["EditSink", "Inspector", "JsonConfigEditor", "cel_feedback", "condition_from"]
