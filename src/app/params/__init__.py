"""The parameter schema editor: parameter list and details, raw JSON, run form."""

from flowdesk.app.params.editor import ParameterEditor

__all__ = ["ParameterEditor"]
