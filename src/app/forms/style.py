"""Looks shared by the form widgets, set through fonts and palettes.

Style sheets would be shorter to write, but every widget under a style sheet
is polished through QStyleSheetStyle, which made large forms (SchemaStore's
renovate schema, thousands of widgets) several times slower to build.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOR = QColor("#b42318")
NOTICE_COLOR = QColor("#8a6d00")
VALID_COLOR = QColor("#067647")
REQUIRED_MARK = '<span style="color:#b42318;"> *</span>'


def small_font(base: QFont) -> QFont:
    """The font of help and message lines: a little smaller than the fields'."""
    font = QFont(base)
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(max(7.0, size * 0.9))
    return font


def _small(widget: QWidget) -> None:
    widget.setFont(small_font(widget.font()))


def _color(widget: QWidget, color: QColor) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    palette.setColor(QPalette.ColorRole.Text, color)
    widget.setPalette(palette)


def subdued(label: QLabel) -> QLabel:
    """Help text: smaller and greyed, so the eye goes to the fields first."""
    _small(label)
    _color(label, label.palette().color(QPalette.ColorRole.PlaceholderText))
    return label


def error(label: QLabel) -> QLabel:
    _small(label)
    _color(label, ERROR_COLOR)
    return label


def notice(label: QLabel) -> QLabel:
    _small(label)
    _color(label, NOTICE_COLOR)
    return label


def colored(label: QLabel, color: QColor) -> QLabel:
    _color(label, color)
    return label


def bold(widget: QWidget, scale: float = 1.0) -> QWidget:
    font = QFont(widget.font())
    font.setBold(True)
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget
