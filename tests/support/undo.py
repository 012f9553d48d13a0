"""Undo stacks for widget tests, emptied when each test ends.

A stack and the commands on it must not die in one garbage-collector pass: the
wrappers go in any order, and a stack whose command's C++ object is already gone
crashes in ``QUndoStack.clear()`` (the app empties its stacks when a session ends:
``EditorSession.close``/``discard``). Tests make their stacks here, and
``tests/app/conftest.py`` empties them before collecting the test's garbage.
"""

from __future__ import annotations

import weakref

from PySide6.QtGui import QUndoStack

_made: list[weakref.ref[QUndoStack]] = []


def new_undo_stack() -> QUndoStack:
    stack = QUndoStack()
    _made.append(weakref.ref(stack))
    return stack


def empty_undo_stacks() -> None:
    for ref in _made:
        stack = ref()
        if stack is not None:
            stack.clear()
    _made.clear()
