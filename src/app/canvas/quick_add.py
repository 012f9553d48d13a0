"""The quick-add popup (Tab, or double-click on empty canvas): type to search the
action catalog and the built-in node types, Enter adds the chosen one there."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from flowdesk.app.canvas.icons import TYPE_ICONS, icon_pixmap
from flowdesk.model.catalog import ActionCatalog

#: (key, label) of the non-action node types offered next to the actions
BUILTIN_TYPES = (
    ("type:condition", "Condition (branch on an expression)"),
    ("type:parallel", "Parallel (run branches at once)"),
    ("type:join", "Join (wait for branches)"),
    ("type:end", "End"),
)


def entries(catalog: ActionCatalog, text: str) -> list[tuple[str, str, str]]:
    """(key, label, icon) matching ``text``; keys are action ids or ``type:<node type>``."""
    out = [(f"action:{a.id}", f"{a.title}  —  {a.category}", a.icon) for a in catalog.search(text)]
    needle = text.strip().lower()
    for key, label in BUILTIN_TYPES:
        if all(word in label.lower() for word in needle.split()):
            out.append((key, label, TYPE_ICONS[key.split(":")[1]]))
    return out


class QuickAddPopup(QFrame):
    """A small search box with a result list; emits ``chosen(key, scene_pos)``."""

    chosen = Signal(str, QPointF)

    def __init__(self, catalog: ActionCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.catalog = catalog
        self.scene_pos = QPointF()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Add a step: type to search")
        self.list = QListWidget(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.resize(340, 300)
        self.search.textChanged.connect(self.refill)
        self.search.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        self.search.installEventFilter(self)
        self.refill("")

    def refill(self, text: str) -> None:
        self.list.clear()
        colour = self.palette().color(self.foregroundRole()).name()
        for key, label, icon in entries(self.catalog, text):
            item = QListWidgetItem(icon_pixmap(icon, colour, 32), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, obj: object, event: object) -> bool:  # noqa: N802
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            row = self.list.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
            return True
        return False

    def accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole), self.scene_pos)
        self.hide()

    def open_at(self, global_pos: object, scene_pos: QPointF) -> None:
        self.scene_pos = scene_pos
        self.search.clear()
        self.move(global_pos)  # type: ignore[arg-type]
        self.show()
        self.search.setFocus()
