"""The canvas's edit keys, in one place: the window's Edit menu binds them, and the
canvas's context menus show the same ones beside their entries.

Del and Backspace, not ``StandardKey.Delete``: on X11 desktops that also means
Ctrl+D, which made Duplicate's Ctrl+D an ambiguous shortcut (nothing happened).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

_SK = QKeySequence.StandardKey


def _keys(*keys: QKeySequence.StandardKey | str) -> list[QKeySequence]:
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(key))
        else:
            sequences.append(QKeySequence(key))
    return sequences


def cut() -> list[QKeySequence]:
    return _keys(_SK.Cut)


def copy() -> list[QKeySequence]:
    return _keys(_SK.Copy)


def paste() -> list[QKeySequence]:
    return _keys(_SK.Paste)


def duplicate() -> list[QKeySequence]:
    return _keys("Ctrl+D")


def delete() -> list[QKeySequence]:
    return _keys("Del", "Backspace")


def select_all() -> list[QKeySequence]:
    return _keys(_SK.SelectAll)


def add_note() -> list[QKeySequence]:
    return _keys("Ctrl+Shift+N")


def auto_layout() -> list[QKeySequence]:
    return _keys("Ctrl+L")


def fit() -> list[QKeySequence]:
    """F alone is the view's own key (no action): shown, it would also act inside menus."""
    return _keys("Ctrl+0")
