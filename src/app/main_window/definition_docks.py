"""The "Parameters" and "Environment" docks: the open version's inputs and env config.

They sit in the bottom dock area, tabbed with the problems panel (the way an
IDE keeps its tool windows), so the canvas stays the centre and stays in view
while the author tries a dry run. Each open session gets fresh editors bound
to its :class:`WorkflowModel` and undo stack: their edits are undo commands on
the same stack as canvas edits, so undo, autosave, validation and the
read-only guard of a published version all apply unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from flowdesk.app.env import EnvEditor
from flowdesk.app.params import ParameterEditor
from flowdesk.model.env_editing import ConnectionLike

from ..session import EditorSession

_EMPTY_TEXT = "Open a workflow to edit its {what}."


def _scrolled(editor: QWidget) -> QScrollArea:
    """The editor in a scroll area: a dock tabbed with the problems list may be short."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(editor)
    return area


def _placeholder(what: str) -> QLabel:
    label = QLabel(_EMPTY_TEXT.format(what=what))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: gray;")
    return label


class ReadOnlyEditWatch(QObject):
    """Turns typing or double-clicking in a read-only editor into "start a new draft?".

    The editors show a published version read-only (fields read-only, buttons
    disabled), so an attempt to edit does nothing by itself; the canvas offers
    a new draft in that case and these docks should behave the same. Installed
    on the application only while a read-only version is open. Widgets under
    ``exempt`` (the run form: trying a published version is not editing it) and
    fields that accept input are left alone.
    """

    def __init__(self, roots: Callable[[], Sequence[QWidget]],
                 on_attempt: Callable[[], object], parent: QObject | None = None,
                 exempt: Callable[[], Sequence[QWidget]] = lambda: ()) -> None:
        super().__init__(parent)
        self._roots = roots
        self._exempt = exempt
        self._on_attempt = on_attempt
        self._installed = False

    def set_active(self, active: bool) -> None:
        app = QApplication.instance()
        if app is None or active == self._installed:
            return
        if active:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._installed = active

    def _inside(self, widget: QWidget) -> bool:
        def under(roots: Sequence[QWidget]) -> bool:
            return any(root is widget or root.isAncestorOf(widget) for root in roots)

        return under(self._roots()) and not under(self._exempt())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonDblClick):
            return False
        if not isinstance(watched, QWidget) or not self._inside(watched):
            return False
        editable = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView)
        target = watched if isinstance(watched, editable) else watched.parentWidget()
        if not isinstance(target, editable) or not _refuses_input(target):
            return False
        if isinstance(event, QKeyEvent):
            deleting = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            # in a list, letters jump to a row (keyboard search): only deleting is an edit
            typing = (not isinstance(target, QAbstractItemView) and bool(event.text().strip())
                      and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                   | Qt.KeyboardModifier.MetaModifier))
            if not (typing or deleting):
                return False
        self._on_attempt()
        return True


def _refuses_input(widget: QWidget) -> bool:
    """A field made read-only or disabled (as the editors do for a published version).

    Application event filters see mouse events of disabled widgets too, so a
    double-click on a greyed-out field still reaches :class:`ReadOnlyEditWatch`.
    """
    if not widget.isEnabled():
        return True
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return widget.isReadOnly()
    if isinstance(widget, QAbstractItemView):
        return widget.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    return False


class DefinitionDocks(QObject):
    """Owns the two docks and swaps their editors when a session opens or closes."""

    def __init__(self, window: QWidget, parameters_dock: QDockWidget,
                 environment_dock: QDockWidget, on_read_only_attempt: Callable[[], object]):
        super().__init__(window)
        self.parameters_dock = parameters_dock
        self.environment_dock = environment_dock
        self.parameter_editor: ParameterEditor | None = None
        self.env_editor: EnvEditor | None = None
        parameters_dock.setWidget(_placeholder("parameters"))
        environment_dock.setWidget(_placeholder("environment"))
        self.watch = ReadOnlyEditWatch(self._roots, on_read_only_attempt, self, self._exempt)

    def _roots(self) -> list[QWidget]:
        return [w for w in (self.parameter_editor, self.env_editor) if w is not None]

    def _exempt(self) -> list[QWidget]:
        return [self.parameter_editor.run_form] if self.parameter_editor is not None else []

    def bind(self, session: EditorSession, connections: Sequence[ConnectionLike]) -> None:
        """Fresh editors on ``session``'s model and undo stack."""
        self.unbind()
        self.parameter_editor = ParameterEditor(session.model, session.undo_stack)
        self.parameter_editor.setObjectName("parameterEditor")
        self.env_editor = EnvEditor(session.model, session.undo_stack, connections)
        self.env_editor.setObjectName("envEditor")
        # not scrolled as a whole: its lists scroll inside, its tool bars stay in sight
        self.parameters_dock.setWidget(self.parameter_editor)
        self.environment_dock.setWidget(_scrolled(self.env_editor))
        self.update_read_only(session.read_only)

    def unbind(self) -> None:
        self.watch.set_active(False)
        for dock, editor, what in (
            (self.parameters_dock, self.parameter_editor, "parameters"),
            (self.environment_dock, self.env_editor, "environment"),
        ):
            if editor is not None:
                old = dock.widget()
                dock.setWidget(_placeholder(what))
                old.deleteLater()  # the editor (in its scroll area for the environment)
        self.parameter_editor = None
        self.env_editor = None

    def update_read_only(self, read_only: bool) -> None:
        """The session switched between draft and published (a publish, for one)."""
        self.watch.set_active(read_only and self.parameter_editor is not None)

    def set_connections(self, connections: Sequence[ConnectionLike]) -> None:
        if self.env_editor is not None:
            self.env_editor.set_connections(connections)

    def show_parameters(self) -> None:
        self.parameters_dock.show()
        self.parameters_dock.raise_()

    def show_environment(self) -> None:
        self.environment_dock.show()
        self.environment_dock.raise_()
