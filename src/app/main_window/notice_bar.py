"""A dismissible message strip above the canvas, for news the author should not miss.

A modal box at start-up would block the window for something that needs no
decision (what a crash recovered, a first-run hint); a strip says it once and
stays out of the way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class NoticeBar(QFrame):
    """Message, optional action buttons, and Dismiss; hidden until :meth:`show_notice`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#noticeBar { background: palette(alternate-base); }")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.clicked.connect(self.hide)
        self._layout.addWidget(self.dismiss_button)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text()

    def show_notice(self, text: str,
                    actions: list[tuple[str, Callable[[], object]]] | None = None) -> None:
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        self.label.setText(text)
        for label, callback in actions or []:
            button = QPushButton(label, self)
            button.clicked.connect(lambda _checked=False, cb=callback: (self.hide(), cb()))
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        self.show()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)
