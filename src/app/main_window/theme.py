"""Light and dark: follow the system unless the user picked one (View > Theme).

Qt 6.8+ lets an application override the colour scheme through its style
hints; with the Fusion style the whole palette then follows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}


def apply_theme(theme: str) -> None:
    """``system`` clears the override so the platform's choice applies again."""
    app = QGuiApplication.instance()
    if app is None:
        return
    hints = QGuiApplication.styleHints()
    scheme = SCHEMES.get(theme, Qt.ColorScheme.Unknown)
    if scheme == Qt.ColorScheme.Unknown:
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(scheme)
