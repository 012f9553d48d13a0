"""A tiny Qt-free observer so the model can announce changes without Qt.

``flowdesk.app`` connects Qt objects' methods (or plain functions) to these
signals; the model never knows who listens. Bound methods are held weakly, so
a canvas that is thrown away without disconnecting stops listening instead of
being kept alive (and called) by the model.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import MethodType
from typing import Any

_Ref = Callable[[], Callable[..., Any] | None]


def _ref(callback: Callable[..., Any]) -> _Ref:
    if isinstance(callback, MethodType):
        return weakref.WeakMethod(callback)
    return lambda: callback


class Signal:
    """A list of callbacks called in connection order with the emitted arguments."""

    __slots__ = ("_refs", "name")

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._refs: list[_Ref] = []

    def _live(self) -> list[Callable[..., Any]]:
        alive = []
        dead = False
        for ref in self._refs:
            callback = ref()
            if callback is None:
                dead = True
            else:
                alive.append(callback)
        if dead:
            self._refs = [r for r in self._refs if r() is not None]
        return alive

    def connect(self, callback: Callable[..., Any]) -> None:
        if callback not in self._live():
            self._refs.append(_ref(callback))

    def disconnect(self, callback: Callable[..., Any]) -> None:
        """Removes ``callback``; silently ignores one that was never connected."""
        self._refs = [r for r in self._refs if r() is not None and r() != callback]

    def emit(self, *args: Any) -> None:
        for callback in self._live():
            callback(*args)

    def __len__(self) -> int:
        return len(self._live())

    def __repr__(self) -> str:
        return f"Signal({self.name!r}, {len(self)} listeners)"
