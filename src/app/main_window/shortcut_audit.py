"""Finds key sequences that two shortcuts of one window claim in overlapping scopes.

Qt resolves a key press to the shortcuts whose context matches the focus
widget; when two match, it prints "Ambiguous shortcut overload" and runs
neither, so the key silently does nothing. This walk finds such pairs before a
user does: every QAction and QShortcut of the window (its docks, the canvas,
menus, child widgets) with its scope, grouped by key sequence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget


@dataclass(frozen=True)
class Binding:
    """One key of one action or shortcut, and where it is active.

    ``scope`` is the widget the key is bound to; ``with_children`` says whether
    the key also works while focus is inside that widget (window and
    widget-with-children contexts) rather than on the widget itself only.
    """

    key: str
    owner: QObject
    label: str
    scope: QWidget
    with_children: bool

    def covers(self, other: Binding) -> bool:
        """True when some focus widget activates both bindings."""
        if self.scope is other.scope:
            return True
        return self.with_children and self.scope.isAncestorOf(other.scope)


@dataclass(frozen=True)
class Clash:
    key: str
    first: str
    second: str

    def __str__(self) -> str:
        return f"{self.key}: {self.first} and {self.second}"


def _label(owner: QObject) -> str:
    if isinstance(owner, QAction):
        text = owner.text().replace("&", "") or owner.objectName()
        return f"action {text!r}"
    parent = owner.parent()
    name = (parent.objectName() or type(parent).__name__) if parent is not None else "?"
    return f"shortcut on {name}"


def _scopes(context: Qt.ShortcutContext, widgets: list[QWidget]) -> list[tuple[QWidget, bool]]:
    if context == Qt.ShortcutContext.ApplicationShortcut or context == Qt.ShortcutContext.WindowShortcut:
        return [(w.window(), True) for w in widgets]
    return [(w, context == Qt.ShortcutContext.WidgetWithChildrenShortcut) for w in widgets]


def _keys(sequences: list[QKeySequence]) -> list[str]:
    texts = {s.toString(QKeySequence.SequenceFormat.PortableText) for s in sequences}
    return sorted(t for t in texts if t)


def bindings(window: QWidget) -> list[Binding]:
    """Every shortcut key reachable from ``window`` with its scope."""
    widgets = [window, *window.findChildren(QWidget)]
    actions: dict[int, QAction] = {}
    for action in window.findChildren(QAction):
        actions[id(action)] = action
    for widget in widgets:
        for action in widget.actions():
            actions[id(action)] = action
    found: list[Binding] = []
    for action in actions.values():
        keys = _keys(action.shortcuts())
        if not keys:
            continue
        # A menu's actions fire through the window they are added to; the menu alone
        # (open, keyboard-navigated) is not a shortcut scope.
        hosts = [w for w in action.associatedObjects()
                 if isinstance(w, QWidget) and not isinstance(w, QMenu)]
        for scope, with_children in _scopes(action.shortcutContext(), hosts):
            found.extend(Binding(k, action, _label(action), scope, with_children) for k in keys)
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if not isinstance(parent, QWidget):
            continue
        for scope, with_children in _scopes(shortcut.context(), [parent]):
            found.extend(Binding(k, shortcut, _label(shortcut), scope, with_children)
                         for k in _keys(shortcut.keys()))
    return found


def shortcut_clashes(window: QWidget) -> list[Clash]:
    """Pairs of different actions/shortcuts that one key press would both trigger."""
    by_key: dict[str, list[Binding]] = defaultdict(list)
    for binding in bindings(window):
        by_key[binding.key].append(binding)
    clashes: set[Clash] = set()
    for key, group in by_key.items():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.owner is not b.owner and (a.covers(b) or b.covers(a)):
                    first, second = sorted((a.label, b.label))
                    clashes.add(Clash(key, first, second))
    return sorted(clashes, key=str)
