"""A titled, collapsible frame for nested objects, arrays and variants.

The body is built by a callback the first time the group opens, which is how
recursive and very large schemas stay cheap: closed groups cost one header.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from flowdesk.app.forms.style import bold, error, subdued


class CollapsibleGroup(QFrame):
    toggled = Signal(bool)

    def __init__(
        self,
        title: str,
        description: str | None,
        build: Callable[[QVBoxLayout], None],
        *,
        expanded: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formGroup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 6)
        outer.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(6)
        self.arrow = QToolButton(self)
        self.arrow.setAutoRaise(True)
        self._expanded = False
        self.arrow.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.arrow.setText(title)
        bold(self.arrow)
        self.arrow.clicked.connect(lambda: self.set_expanded(not self._expanded))
        header.addWidget(self.arrow)
        self.header_extra = QHBoxLayout()
        header.addLayout(self.header_extra)
        header.addStretch(1)
        self.badge = error(QLabel(self))
        self.badge.setVisible(False)
        header.addWidget(self.badge)
        outer.addLayout(header)
        if description:
            text = subdued(QLabel(description, self))
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            outer.addWidget(text)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(12, 2, 0, 2)
        self.body_layout.setSpacing(6)
        self.body.hide()
        outer.addWidget(self.body)
        self._build = build
        self.built = False
        if expanded:
            self.set_expanded(True)
        self._update_arrow()

    @property
    def expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        self._expanded = expanded
        if expanded and not self.built:
            self.built = True
            self._build(self.body_layout)
        self.body.setVisible(expanded)
        self._update_arrow()
        self.toggled.emit(expanded)

    def ensure_built(self) -> None:
        if not self.built:
            self.built = True
            self._build(self.body_layout)

    def set_error_count(self, count: int) -> None:
        if count == 0 and not self.badge.isVisibleTo(self):
            return
        self.badge.setText(f"{count} problem{'s' if count != 1 else ''}")
        self.badge.setVisible(count > 0)

    def _update_arrow(self) -> None:
        self.arrow.setArrowType(
            Qt.ArrowType.DownArrow if self._expanded else Qt.ArrowType.RightArrow
        )
