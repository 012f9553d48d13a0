"""The workflow browser: the tenant's workflows and what can be done to them."""

from .browser import WorkflowBrowser
from .dialogs import WorkflowDialog, confirm_delete, delete_consequences, key_problem

__all__ = ["WorkflowBrowser", "WorkflowDialog", "confirm_delete", "delete_consequences", "key_problem"]
