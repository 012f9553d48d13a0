"""``${{ `` completion and unknown-reference underlines for config text fields.

Attach a :class:`TemplateCompleter` to a ``QLineEdit`` or ``QPlainTextEdit``.
While the cursor is inside ``${{ ... `` it pops up the names in scope
(``params.*``, ``env.*``, ``secrets.*``, upstream ``steps.*``) and replaces
the word being typed with the chosen one. After every change it underlines
the references the runner could not resolve, with validation's message as
tooltip. The scope logic lives in :mod:`flowdesk.model.completion`; this
class only wires it to a text widget.

With ``expression=True`` the field holds bare CEL (an edge condition), not a
template: its whole text is read as the inside of one ``${{ }}``, so ``par``
offers ``params`` just as ``${{ par`` does in a config field, and the
underlines land on the field's own text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QInputMethodEvent,
    QKeyEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from flowdesk.model.completion import (
    CompletionResult,
    UnknownReference,
    complete,
    unknown_references,
)
from flowdesk.model.document import VersionDocument

TextWidget = QLineEdit | QPlainTextEdit
_UNDERLINE = QColor("#d92d20")
_OPEN, _CLOSE = "${{ ", " }}"  # what expression mode reads the field's text inside
_POPUP_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Escape,
               Qt.Key.Key_Backtab}


class TemplateCompleter(QObject):
    """Completion popup and unknown-reference underlines for one text widget.

    ``document`` is called whenever the scope is needed, so the offers follow
    edits made elsewhere (a parameter added, an edge drawn); ``node_id`` names
    the node whose config this text belongs to (it decides which steps are
    upstream), or ``None`` outside a node. ``expression`` says the whole text is
    one CEL expression (see the module docstring).
    """

    unknown_references_changed = Signal(list)

    def __init__(
        self,
        editor: TextWidget,
        document: Callable[[], VersionDocument],
        node_id: str | None = None,
        parent: QObject | None = None,
        *,
        expression: bool = False,
    ) -> None:
        super().__init__(parent if parent is not None else editor)
        self.editor = editor
        self._document = document
        self.node_id = node_id
        self.expression = expression
        self._result: CompletionResult | None = None
        self._unknown: list[UnknownReference] = []
        self._applying = False
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.activated.connect(self.insert_completion)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(self._typed)
            editor.textChanged.connect(self.refresh)
        else:
            editor.textChanged.connect(self._plain_text_changed)
            editor.viewport().installEventFilter(self)
        editor.installEventFilter(self)
        self.refresh()

    # ------------------------------------------------------------------ text access

    def text(self) -> str:
        editor = self.editor
        return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()

    def cursor_position(self) -> int:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            return editor.cursorPosition()
        return editor.textCursor().position()

    def _source(self) -> tuple[str, int]:
        """The text the model reads and the cursor in it: in expression mode the
        field's text wrapped in one ``${{ }}``. Offsets the model returns are in
        this text; subtract :meth:`_shift` to get the field's own offsets."""
        text, cursor = self.text(), self.cursor_position()
        if self.expression:
            return _OPEN + text + _CLOSE, cursor + len(_OPEN)
        return text, cursor

    def _shift(self) -> int:
        return len(_OPEN) if self.expression else 0

    def _replace(self, start: int, end: int, text: str) -> None:
        editor = self.editor
        if isinstance(editor, QLineEdit):
            current = editor.text()
            editor.setText(current[:start] + text + current[end:])
            editor.setCursorPosition(start + len(text))
            editor.textEdited.emit(editor.text())  # a completion is an edit by the author
        else:
            cursor = editor.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
            editor.setTextCursor(cursor)

    # ------------------------------------------------------------------ completion

    def _typed(self, *_args: object) -> None:
        if not self._applying:
            self.show_completions(only_when_open=True)

    def _plain_text_changed(self) -> None:
        self.refresh()
        editor = self.editor
        if not self._applying and isinstance(editor, QPlainTextEdit) and editor.hasFocus():
            self.show_completions(only_when_open=True)

    def offers(self) -> list[str]:
        """What the popup offers now (empty when the cursor is not in a template)."""
        result = complete(*self._source(), self._document(), self.node_id)
        return [c.text for c in result.items] if result is not None else []

    def show_completions(self, only_when_open: bool = False) -> bool:
        """Pop up the offers at the cursor; ``False`` (popup hidden) when there are none.

        ``only_when_open`` is the as-you-type mode: nothing happens outside ``${{``.
        """
        result = complete(*self._source(), self._document(), self.node_id)
        self._result = result
        popup = self.completer.popup()
        if result is None or not result.items:
            popup.hide()
            return False
        if only_when_open and result.prefix == "" and not self._just_opened(result):
            popup.hide()
            return False
        self.model.setStringList([c.text for c in result.items])
        details = {c.text: c.detail for c in result.items}
        for row, item in enumerate(result.items):
            self.model.setData(self.model.index(row), details[item.text],
                               Qt.ItemDataRole.ToolTipRole)
        self.completer.setCompletionPrefix(result.prefix)
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.editor.cursorRect()
        rect.setWidth(max(220, popup.sizeHintForColumn(0)
                          + popup.verticalScrollBar().sizeHint().width() + 16))
        self.completer.complete(rect)
        return True

    def _just_opened(self, result: CompletionResult) -> bool:
        """After ``${{ `` or a dot, offer right away even though nothing is typed yet."""
        before = self._source()[0][: result.start].rstrip(" ")
        return before.endswith("${{") or before.endswith(".")

    def insert_completion(self, text: str) -> None:
        """Replace the word being typed with ``text`` (the popup's choice)."""
        result = self._result
        if result is None:
            return
        self._applying = True
        try:
            self._replace(result.start - self._shift(), self.cursor_position(), text)
        finally:
            self._applying = False
        self.completer.popup().hide()
        self._result = None

    # ------------------------------------------------------------------ unknown refs

    def unknown(self) -> list[UnknownReference]:
        return list(self._unknown)

    def refresh(self) -> None:
        """Re-check the text and redraw the underlines (call after the scope changed)."""
        source, _cursor = self._source()
        found = unknown_references(source, self._document(), self.node_id)
        if self.expression:
            # found in the wrapped text; the underlines go on the field's own text
            shift, length = self._shift(), len(self.text())
            found = [
                replace(r, start=max(0, r.start - shift), end=min(length, r.end - shift))
                for r in found
            ]
        self._unknown = found
        self._draw_underlines()
        self.unknown_references_changed.emit(self.unknown())

    def _format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(_UNDERLINE)
        return fmt

    def _draw_underlines(self) -> None:
        editor = self.editor
        if isinstance(editor, QPlainTextEdit):
            selections = []
            for ref in self._unknown:
                selection = QTextEdit.ExtraSelection()
                selection.format = self._format()
                cursor = QTextCursor(editor.document())
                cursor.setPosition(ref.start)
                cursor.setPosition(ref.end, QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selections.append(selection)
            others = [s for s in editor.extraSelections()
                      if s.format.underlineColor() != _UNDERLINE]
            editor.setExtraSelections(others + selections)
        else:
            # QLineEdit has no extra selections; input-method text formats are the
            # supported way to style ranges of its text without changing it.
            cursor = editor.cursorPosition()
            attributes = [
                QInputMethodEvent.Attribute(
                    QInputMethodEvent.AttributeType.TextFormat, ref.start - cursor,
                    ref.end - ref.start, self._format(),
                )
                for ref in self._unknown
            ]
            QApplication.sendEvent(editor, QInputMethodEvent("", attributes))
            editor.setToolTip("\n".join(r.message for r in self._unknown))

    def message_at(self, offset: int) -> str | None:
        """Validation's message for the unknown reference at ``offset``, if any."""
        for ref in self._unknown:
            if ref.start <= offset < ref.end:
                return ref.message
        return None

    def underlined_spans(self) -> list[tuple[int, int]]:
        return [(r.start, r.end) for r in self._unknown]

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Look at the event type before touching the editor: while the editor is being
        # destroyed it still sends events here, and calling into it then would crash.
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(self.editor, QPlainTextEdit):
            if watched is self.editor.viewport():
                assert isinstance(event, QHelpEvent)
                offset = self.editor.cursorForPosition(event.pos()).position()
                message = self.message_at(offset)
                if message:
                    QToolTip.showText(event.globalPos(), message, self.editor)
                else:
                    QToolTip.hideText()
                return True
        elif kind == QEvent.Type.KeyPress and watched is self.editor:
            assert isinstance(event, QKeyEvent)
            if self.completer.popup().isVisible() and event.key() in _POPUP_KEYS:
                event.ignore()  # the popup handles these
                return True
            if (event.key() == Qt.Key.Key_Space
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                self.show_completions()
                return True
        return super().eventFilter(watched, event)


def attach_template_completer(
    editor: QWidget,
    document: Callable[[], VersionDocument],
    node_id: str | None = None,
    *,
    expression: bool = False,
) -> TemplateCompleter:
    """Give ``editor`` (a QLineEdit or QPlainTextEdit) template completion and underlines;
    ``expression=True`` for a field holding one bare CEL expression (an edge condition)."""
    if not isinstance(editor, QLineEdit | QPlainTextEdit):
        raise TypeError(f"template completion needs a QLineEdit or QPlainTextEdit, "
                        f"not {type(editor).__name__}")
    return TemplateCompleter(editor, document, node_id, expression=expression)
