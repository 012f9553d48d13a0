"""Qt forms generated from JSON Schemas (contract D): ``SchemaForm`` and the editor registry."""

from flowdesk.app.forms.factory import create_editor, register_editor
from flowdesk.app.forms.form import SchemaForm

__all__ = ["SchemaForm", "create_editor", "register_editor"]
