"""The env editor: environment variables and references to secrets (never their values)."""

from flowdesk.app.env.env_editor import EnvEditor

__all__ = ["EnvEditor"]
