"""The "Run form" tab: the exact form a person launching the workflow fills in.

It is the shared :class:`SchemaForm` built from the current parameter schema,
rebuilt whenever the schema changes (the values entered so far are carried
over where they still fit), with the validator's verdict under it. "Dry run"
hands the form's value to the model's dry run and reports the path taken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.forms import SchemaForm
from flowdesk.model.document import VersionDocument
from flowdesk.model.params import same_schema
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.simulate import DryRunResult, dry_run

_OK_STYLE = "color: #1e7b34;"
_ERROR_STYLE = "color: #b42318;"


class RunFormPanel(QWidget):
    """A live run form with its validation summary and a dry-run button."""

    dry_run_finished = Signal(object)  # DryRunResult

    def __init__(
        self, document: Callable[[], VersionDocument], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.form: SchemaForm | None = None
        self._schema: Any = None
        self._document = document
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.summary = QLabel(self)
        self.summary.setObjectName("runFormSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dry_run_button = QPushButton("Dry run", self)
        self.dry_run_button.setToolTip(
            "Walk the graph with these values (no action runs) and highlight the path taken"
        )
        self.dry_run_button.clicked.connect(self.run_dry_run)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("dryRunResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        title = QLabel("What a person launching this workflow fills in", self)
        title.setStyleSheet("font-weight: 600;")
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.dry_run_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)  # tight: the dock is short by default
        layout.setSpacing(4)
        self.scroll.setMinimumHeight(40)
        layout.addWidget(title)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(actions)
        layout.addWidget(self.result_label)

    def set_schema(self, schema: Any) -> None:
        """Rebuild the form if ``schema`` differs from the one it was built from."""
        if self.form is None or not same_schema(schema, self._schema):
            self._build(schema)

    def _build(self, schema: Any) -> None:
        previous = self.form.value() if self.form is not None else None
        self._schema = schema
        self.form = SchemaForm(schema if schema is not None else {"type": "object"})
        self.form.setObjectName("runForm")
        if isinstance(previous, dict):
            self._carry_over(previous)
        self.form.value_changed.connect(self._update_summary)
        self.scroll.setWidget(self.form)  # deletes the old form
        self.result_label.clear()
        self._update_summary()

    def _carry_over(self, previous: dict[str, Any]) -> None:
        """Keep what the author typed for parameters that still exist."""
        assert self.form is not None
        current = self.form.value()
        if not isinstance(current, dict):
            return
        props = self._schema.get("properties", {}) if isinstance(self._schema, dict) else {}
        merged = {**current, **{k: v for k, v in previous.items() if k in props}}
        try:
            self.form.set_value(merged)
        except Exception:  # a value the new form cannot hold: start from the defaults
            self.form.set_value(current)

    def value(self) -> Any:
        return self.form.value() if self.form is not None else None

    def errors(self) -> list[tuple[str, str]]:
        """(JSON pointer, message) of each reason a run with these values would be refused."""
        return [(p, m) for p, m in self.form.errors()] if self.form is not None else []

    def _update_summary(self) -> None:
        """One line beside the button; the form itself shows each error at its field."""
        errors = self.errors()
        if not errors:
            self.summary.setText("")  # the form already says the value is valid
        else:
            pointer, message = errors[0]
            name = self.form.field_name(pointer) if self.form is not None else pointer
            first = f"{name}: {message}" if name else message
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            self.summary.setText(f"A run would be refused — {first}{more}")
            self.summary.setStyleSheet(_ERROR_STYLE)

    def run_dry_run(self) -> DryRunResult | None:
        value = self.value()
        result = dry_run(self._document(), value if isinstance(value, dict) else {})
        self.result_label.setText(describe(result, GraphNames.of(self._document().graph)))
        self.result_label.setStyleSheet(_OK_STYLE if result.ok else _ERROR_STYLE)
        self.dry_run_finished.emit(result)
        return result


def describe(result: DryRunResult, names: GraphNames | None = None) -> str:
    """One paragraph a person can read: where the run went (steps by name), how it ended."""
    names = names if names is not None else GraphNames.of(None)
    if result.errors and not result.path:
        return "Dry run refused: " + "; ".join(
            names.problem_text(p) for p in result.errors[:4])
    titles = [names.node(n) for n in result.path]
    path = " → ".join(titles) if titles else "(nothing ran)"
    text = f"Dry run {result.outcome.replace('_', ' ')}: {path}"
    for problem in result.errors[:4]:
        located = problem.location.node_id or problem.location.edge_id
        text += "\n" + (names.describe(problem) if located else names.problem_text(problem))
    return text
