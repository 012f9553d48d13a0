"""The editor protocol every form widget follows.

An :class:`Editor` edits one JSON value for one schema position: ``value()``,
``set_value()`` and a ``value_changed`` signal, nothing else; it never writes to
a model (qutebrowser's configtypes shape). Containers receive the factory that
makes their children, so editor modules never import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from flowdesk.model.forms import FieldDescriptor

if TYPE_CHECKING:
    from flowdesk.app.forms.field import Field

EditorFactory = Callable[[FieldDescriptor], "Editor"]



class Editor(QWidget):
    """Base of all editors. Subclasses set ``wide`` when they need the full form width
    (groups, lists) and ``shows_description`` when they draw the help text themselves."""

    value_changed = Signal()
    wide: ClassVar[bool] = False
    shows_description: ClassVar[bool] = False

    def __init__(
        self,
        descriptor: FieldDescriptor,
        factory: EditorFactory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.descriptor = descriptor
        self.factory = factory
        self.label_text = ""

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def can_hold(self, value: Any) -> bool:
        """Whether ``set_value(value)`` followed by ``value()`` gives ``value`` back exactly."""
        raise NotImplementedError

    def child_field(self, token: str) -> Field | None:
        """The child field a JSON pointer token leads to, if it is built."""
        return None

    def child_fields(self) -> Iterator[Field]:
        return iter(())

    def problems(self) -> list[str]:
        """Problems the validator cannot see (text that is not JSON, ...)."""
        return []

    def set_error_count(self, count: int) -> None:
        """Containers show how many problems are inside when collapsed."""

    def set_label(self, text: str, required: bool) -> None:
        """Wide editors draw their own title; ``required`` adds the marker."""
        self.label_text = text
