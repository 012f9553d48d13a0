"""The raw JSON tab of the parameter editor.

The author's text is never rewritten under their hands: a text that fails to
parse, or breaks the meta-schema, stays in the editor with the reason and its
place (line and column, JSON pointer) shown below it and underlined in the
text, while the model keeps the last valid schema. Only an accepted text is
offered to the model, through :attr:`RawSchemaEditor.schema_edited`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.params.json_highlighter import JsonHighlighter
from flowdesk.model.json_input import JsonInputError, parse_json
from flowdesk.model.params import RawSchemaCheck, check_raw_schema, format_schema, same_schema

CHECK_DELAY_MS = 250
_OK_STYLE = "color: #1e7b34;"
_ERROR_STYLE = "color: #b42318;"
_WARN_STYLE = "color: #8a6d00;"


class RawSchemaEditor(QWidget):
    """Monospace, highlighted JSON text of the schema, checked as the author types."""

    schema_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("rawSchemaText")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 10))
        self.text_edit.setFont(font)
        self.text_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text_edit.setTabStopDistance(self.text_edit.fontMetrics().horizontalAdvance(" ") * 2)
        self.highlighter = JsonHighlighter(self.text_edit.document())
        self.status = QLabel(self)
        self.status.setObjectName("rawSchemaStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton("Discard my text and show the current schema", self)
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self._reload)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._model_schema: Any = None
        self._setting_text = False
        self.last_check: RawSchemaCheck | None = None
        self.text_edit.textChanged.connect(self._text_changed)

    # ------------------------------------------------------------ model -> text

    def show_schema(self, schema: Any) -> None:
        """Show the model's schema, keeping the author's text when it already says the same
        (their formatting) or when it is an unfinished edit (their work)."""
        self._model_schema = schema
        current = self._parsed_text()
        if current is not _UNPARSED and same_schema(current, schema):
            if self.last_check is None or self.last_check.accepted:
                self._show_check(check_raw_schema(self.text()))
            return
        if self.last_check is not None and not self.last_check.accepted and self.text().strip():
            self.reload_button.setVisible(True)
            return
        self._set_text(format_schema(schema) if schema is not None else "")

    def _reload(self) -> None:
        self._set_text(format_schema(self._model_schema) if self._model_schema is not None else "")

    def _set_text(self, text: str) -> None:
        self._setting_text = True
        try:
            self.text_edit.setPlainText(text)
        finally:
            self._setting_text = False
        self._timer.stop()
        self.reload_button.setVisible(False)
        self._show_check(check_raw_schema(text) if text.strip() else None)

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def _parsed_text(self) -> Any:
        try:
            return parse_json(self.text())
        except JsonInputError:
            return _UNPARSED

    # ------------------------------------------------------------ text -> model

    def _text_changed(self) -> None:
        if not self._setting_text:
            self._timer.start()

    def check_now(self) -> RawSchemaCheck:
        """Check the text now (the timer calls this a moment after typing stops)."""
        self._timer.stop()
        check = check_raw_schema(self.text())
        self._show_check(check)
        if check.accepted and not same_schema(check.schema, self._model_schema):
            self.schema_edited.emit(check.schema)
        if check.accepted:
            self.reload_button.setVisible(False)
        return check

    def _show_check(self, check: RawSchemaCheck | None) -> None:
        self.last_check = check
        selections: list[QTextEdit.ExtraSelection] = []
        if check is None or not check.errors:
            self.status.setText("✓ Valid JSON Schema" if check is not None else "")
            self.status.setStyleSheet(_OK_STYLE)
        else:
            lines = [("⚠ " if not e.blocking else "✗ ") + str(e) for e in check.errors[:5]]
            if len(check.errors) > 5:
                lines.append(f"… and {len(check.errors) - 5} more")
            if check.accepted:
                self.status.setStyleSheet(_WARN_STYLE)
            else:
                lines.append("The workflow keeps the last valid schema until this is fixed.")
                self.status.setStyleSheet(_ERROR_STYLE)
            self.status.setText("\n".join(lines))
            for err in check.errors:
                if err.offset is not None:
                    selections.append(self._underline(err.offset, err.length, err.blocking))
        self.text_edit.setExtraSelections(selections)

    def _underline(self, offset: int, length: int, blocking: bool) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#d92d20" if blocking else "#b58900"))
        selection.format = fmt
        cursor = QTextCursor(self.text_edit.document())
        end = min(offset + max(length, 1), len(self.text()))
        cursor.setPosition(min(offset, end))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        return selection

    def error_selections(self) -> list[tuple[int, int]]:
        """(start, end) of each underlined span, for tests and tooltips."""
        return [
            (s.cursor.selectionStart(), s.cursor.selectionEnd())
            for s in self.text_edit.extraSelections()
        ]

    def set_read_only(self, read_only: bool) -> None:
        self.text_edit.setReadOnly(read_only)


class _Unparsed:
    pass


_UNPARSED = _Unparsed()
