"""The PySide6 desktop application. Widgets stay thin: logic lives in the model
and in undo commands."""
