"""What the centre of the window shows when no workflow is open: what to do next.

An empty grey area teaches nothing; this page names the three ways in (start a
workflow, open an example, pull the team's catalog) as buttons, plus the keys
that matter on the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    new_workflow_requested = Signal()
    open_requested = Signal(str)  # workflow id
    pull_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(10)
        title = QLabel("<h2>No workflow open</h2>", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        self.hint = QLabel(
            "Pick a workflow in the list on the left, or start here. On the canvas, drag "
            "an action from the <b>Actions</b> palette (or press <b>Tab</b>) to add a step, "
            "drag from the port on a step's right side to connect it, and <b>Publish</b> when the "
            "Problems list is empty. Edits are saved as you go.", self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setFixedWidth(520)  # a fixed width lets the wrapped text take its height
        column.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignHCenter)
        self.new_button = QPushButton("New workflow…", self)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_workflow_requested)
        column.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._examples = QVBoxLayout()
        column.addLayout(self._examples)
        self.pull_button = QPushButton("Pull workflows from a remote catalog…", self)
        self.pull_button.clicked.connect(self.pull_requested)
        column.addWidget(self.pull_button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(column)
        outer.addStretch(2)
        self.example_buttons: list[QPushButton] = []

    def set_examples(self, examples: list[tuple[str, str]]) -> None:
        """``(workflow id, name)`` of the examples still in the workspace."""
        for button in self.example_buttons:
            self._examples.removeWidget(button)
            button.deleteLater()
        self.example_buttons = []
        for workflow_id, name in examples:
            button = QPushButton(f"Open the example “{name}”", self)
            button.clicked.connect(lambda _c=False, wid=workflow_id: self.open_requested.emit(wid))
            self._examples.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.example_buttons.append(button)
