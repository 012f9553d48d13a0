"""Colours of the canvas: the QPalette (so the system light/dark theme is followed)
plus one small accent per node type and per edge condition.

Everything that paints asks this module, so a theme change is one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

ACCENTS: dict[str, str] = {
    "start": "#2e9d5b",
    "end": "#c0392b",
    "action": "#3a7bd5",
    "condition": "#d68910",
    "parallel": "#7d3cbf",
    "join": "#7d3cbf",
}
CONDITION_COLOURS: dict[str, str] = {
    "always": "",  # the plain edge colour
    "onSuccess": "#2e9d5b",
    "onFailure": "#c0392b",
    "otherwise": "#8e8e8e",
    "expression": "#d68910",
}
SEVERITY_COLOURS: dict[str, str] = {"error": "#d93025", "warning": "#e6a100", "info": "#3a7bd5"}


@dataclass(frozen=True, slots=True)
class CanvasColours:
    """Colours derived once from a palette; items read these instead of the palette."""

    background: QColor
    grid_minor: QColor
    grid_major: QColor
    node_fill: QColor
    node_border: QColor
    text: QColor
    subtext: QColor
    edge: QColor
    selection: QColor
    note_fill: QColor
    note_border: QColor
    note_text: QColor
    label_fill: QColor
    dark: bool

    def accent(self, node_type: str) -> QColor:
        return QColor(ACCENTS.get(node_type, ACCENTS["action"]))

    def condition(self, kind: str) -> QColor:
        value = CONDITION_COLOURS.get(kind, "")
        return QColor(value) if value else self.edge


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() * (1 - t) + b.red() * t),
        round(a.green() * (1 - t) + b.green() * t),
        round(a.blue() * (1 - t) + b.blue() * t),
    )


def colours_from_palette(palette: QPalette) -> CanvasColours:
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.Text)
    dark = base.lightness() < 128
    background = _mix(window, base, 0.5) if not dark else _mix(window, QColor("black"), 0.25)
    node_fill = base if not dark else _mix(base, QColor("white"), 0.08)
    return CanvasColours(
        background=background,
        grid_minor=_mix(background, text, 0.06),
        grid_major=_mix(background, text, 0.12),
        node_fill=node_fill,
        node_border=_mix(node_fill, text, 0.28),
        text=text,
        subtext=_mix(node_fill, text, 0.6),
        edge=_mix(background, text, 0.55),
        selection=palette.color(QPalette.ColorRole.Highlight),
        note_fill=QColor("#fff4b8") if not dark else QColor("#5c5423"),
        note_border=QColor("#e0c860") if not dark else QColor("#8a7d33"),
        note_text=QColor("#3b3420") if not dark else QColor("#f4ecc4"),
        label_fill=_mix(background, base, 0.7),
        dark=dark,
    )
