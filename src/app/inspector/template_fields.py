"""``${{ `` completion in the inspector's text fields, scoped to the selected node.

Three kinds of field get it:

- the raw JSON tab of an action's config (a plain text edit, attached once);
- the string fields of the config form. ``SchemaForm`` builds its editors
  lazily (a collapsed group has none until opened) and has no "editor
  created" hook, so a field is given its completer when it first takes the
  focus, which is before anyone can type in it. ``StringEditor.line`` and
  ``RawJsonEditor.text`` are the forms package's public text widgets;
- the edge condition. That field holds bare CEL, not a template, so its
  completer runs in ``expression`` mode, reading the whole text as the inside
  of one ``${{ }}``: ``par`` offers ``params`` just as ``${{ par`` does in a
  config.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from flowdesk.app.completion import TemplateCompleter, attach_template_completer
from flowdesk.app.forms.raw import RawJsonEditor
from flowdesk.app.forms.scalars import StringEditor
from flowdesk.model.document import VersionDocument

DocumentSource = Callable[[], VersionDocument]
_OPEN, _CLOSE = "${{ ", " }}"
_PROPERTY = "flowdeskTemplateCompleter"


def attach_expression_completer(editor: QLineEdit, document: DocumentSource,
                                node_id: str | None = None) -> TemplateCompleter:
    return attach_template_completer(editor, document, node_id, expression=True)


class FormFieldCompletion(QObject):
    """Gives every text field inside ``container`` a completer when it first gets focus.

    ``node_id()`` is read whenever a field gets focus, so completers follow the
    selection even though the forms are reused from node to node.
    """

    def __init__(self, container: QWidget, document: DocumentSource,
                 node_id: Callable[[], str | None]) -> None:
        super().__init__(container)
        self.container = container
        self._document = document
        self._node_id = node_id
        self.completers: list[TemplateCompleter] = []
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # a slot of a QObject: Qt drops the connection when this object goes away
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.container.isAncestorOf(new):
            return
        text = _template_text_widget(new)
        if text is None:
            return
        completer = text.property(_PROPERTY)
        if not isinstance(completer, TemplateCompleter):
            completer = attach_template_completer(text, self._document, self._node_id())
            text.setProperty(_PROPERTY, completer)
            self.completers.append(completer)
            completer.destroyed.connect(lambda _o=None, c=completer: self._forget(c))
        else:
            completer.node_id = self._node_id()
        completer.refresh()

    def _forget(self, completer: TemplateCompleter) -> None:
        if completer in self.completers:
            self.completers.remove(completer)


def _template_text_widget(widget: QWidget) -> QLineEdit | QPlainTextEdit | None:
    """The text widget of a form field that holds a string (or raw JSON), else ``None``."""
    owner = widget.parentWidget()
    if isinstance(owner, StringEditor) and widget is owner.line:
        return owner.line
    if isinstance(owner, RawJsonEditor) and widget is owner.text:
        return owner.text
    return None

