"""The main window and the widgets only it uses (version bar, prompts, theme)."""

from .main_window import MainWindow
from .prompts import Prompts

__all__ = ["MainWindow", "Prompts"]
