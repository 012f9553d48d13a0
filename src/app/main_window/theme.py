"""Light and dark: follow the system unless the user picked one (View > Theme).

Qt 6.8+ lets an application override the colour scheme through its style
hints, and on desktops with a platform theme the Fusion palette follows. Where
there is none (a bare X server, offscreen), the override changes nothing, so
an explicit choice also installs a matching palette.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def dark_palette() -> QPalette:
    """A neutral dark palette for Fusion (the same roles Qt's own dark scheme sets)."""
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    disabled = QColor("#7a7e85")
    for role, color in (
        (Role.Window, window), (Role.WindowText, text), (Role.Base, base),
        (Role.AlternateBase, QColor("#26282b")), (Role.ToolTipBase, QColor("#3c3f41")),
        (Role.ToolTipText, text), (Role.PlaceholderText, disabled), (Role.Text, text),
        (Role.Button, QColor("#3c3f41")), (Role.ButtonText, text),
        (Role.BrightText, QColor("#ff6b68")), (Role.Light, QColor("#4e5157")),
        (Role.Midlight, QColor("#43454a")), (Role.Mid, QColor("#393b40")),
        (Role.Dark, QColor("#1b1c1e")), (Role.Shadow, QColor("#0e0f10")),
        (Role.Highlight, QColor("#2f65ca")), (Role.HighlightedText, QColor("#ffffff")),
        (Role.Link, QColor("#589df6")), (Role.LinkVisited, QColor("#9a7ee0")),
    ):
        p.setColor(role, color)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        p.setColor(Group.Disabled, role, disabled)
    return p


def apply_theme(theme: str) -> None:
    """``system`` clears the override so the platform's choice applies again."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    scheme = SCHEMES.get(theme, Qt.ColorScheme.Unknown)
    if scheme == Qt.ColorScheme.Unknown:
        hints.unsetColorScheme()
        app.setPalette(app.style().standardPalette())
        return
    hints.setColorScheme(scheme)
    if scheme == Qt.ColorScheme.Dark and app.palette().color(Role.Window).lightness() > 128:
        app.setPalette(dark_palette())
    elif scheme == Qt.ColorScheme.Light and app.palette().color(Role.Window).lightness() < 128:
        app.setPalette(app.style().standardPalette())


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < 128
